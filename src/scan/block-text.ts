/**
 * Turns a key block as it sits in a file (escaped inside JSON, split into
 * string literals, commented out, indented in YAML, CRLF) back into plain
 * lines. Base64 never contains a backslash, a quote or white space, so
 * everything of that kind is packaging and can be peeled off.
 */

import { unescapeBlockText } from './decode/markup.js';

/** What a run of backslashes followed by this character stands for. */
const ESCAPED: Readonly<Record<string, string>> = { '/': '/', r: '', n: '\n', t: ' ' };

/**
 * Undoes string escapes: `\n`, `\\n`, `\r\n`, `\/` and `\t`, however deeply
 * escaped, and JSON `\u000a` and HTML `&#10;`, `<br>` (which become `\n` first).
 */
export function unescapeNewlines(text: string): string {
  // One pass over each run of backslashes (and the character after it): linear even on hostile input.
  return unescapeBlockText(text)
    .replace(/\\+([\s\S]?)/g, (run: string, next: string) => ESCAPED[next] ?? run)
    .replace(/\r/g, '');
}

/**
 * How the lines of a PuTTY or ssh.com file break, as the line of its head
 * shows: a newline (`plain` text: a backslash in it, as in a comment
 * `C:\new`, is text); a newline or a `\n` behind exactly this many
 * backslashes (a file escaped into strings once, or twice: a comment's own
 * `\n`, escaped deeper, is text); or any break the cutter knows (`any`:
 * markup, and every PEM block).
 */
export type BreakForm = 'plain' | 'any' | number;

/** One line's text as the cutter reads it, in a block whose lines break as `form` says. */
export function unescapeLine(text: string, form: BreakForm): string {
  if (form === 'plain') return text.replace(/\r/g, '');
  const unescaped = unescapeNewlines(text);
  // An escaped newline of another depth than the file's is text (a comment's own `\n`).
  return form === 'any' ? unescaped : unescaped.replace(/\n/g, ' ');
}

/** A newline, or a `\n` behind exactly `backslashes` backslashes. */
function exactBreak(backslashes: number): RegExp {
  return new RegExp(`\n|(?<!\\\\)\\\\{${backslashes}}n`);
}

/** A block's raw text split into its lines, as `form` breaks them, each unescaped. */
export function splitLines(raw: string, form: BreakForm): string[] {
  if (typeof form !== 'number') return unescapeLine(raw, form).split('\n');
  return raw.split(exactBreak(form)).map((line) => unescapeLine(line, form));
}

/** Comment markers, and Markdown's quote (`>`, `> >`), that may stand before every line of a block. */
const COMMENT_PREFIX = /^\s*(#+|\/\/+|\*|;+|--|%|REM\b|>(?:[ \t]*>)*)\s*$/;

/** The comment marker a block's lines carry, judged from what precedes BEGIN on its line. */
export function commentMarkerOf(prefix: string): string | null {
  return COMMENT_PREFIX.exec(prefix)?.[1] ?? null;
}

const JUNK_ONLY = /^[\s"'`+.,;&()\\[\]{}]*$/;

/**
 * Peels one line of its packaging: the block's comment marker, string quotes,
 * concatenation operators and line continuations. A `+` or `.` is only an
 * operator when it stands apart from the base64 (after a quote or a space).
 */
export function peelLine(line: string, commentMarker: string | null): string {
  let text = line.trim();
  if (commentMarker && text.startsWith(commentMarker))
    text = text.slice(commentMarker.length).trim();
  text = text.replace(/^(?:[+.&,(]\s*)?["'`]/, '');
  // Strip trailing white space, quotes, `,;)\` and operators, one character at a time from the end.
  let end = text.length;
  while (end > 0) {
    const last = text[end - 1] ?? '';
    const before = text[end - 2] ?? '';
    const trailing = /[\s"'`,;)\\]/.test(last) || (/[+.&]/.test(last) && /["'`\s]/.test(before));
    if (!trailing) break;
    end--;
  }
  text = text.slice(0, end);
  // A run of dots is an ellipsis (a placeholder body), not a concatenation operator.
  return JUNK_ONLY.test(text) && !text.includes('..') ? '' : text.trim();
}
