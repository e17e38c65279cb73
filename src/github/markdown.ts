/**
 * The one Markdown module for everything written to GitHub: the leak issue,
 * its comments, the pull request comment and the job summary.
 *
 * Every value that comes from a repository (paths, commit authors), a host or
 * AWS (instance Name tags, key pair names, error messages) goes through one of
 * these before it reaches Markdown:
 *
 * - `text` for prose: Markdown and HTML specials are escaped, `@mentions`,
 *   `#123` references and bare links are broken with an invisible WORD JOINER
 *   (U+2060) so GitHub neither pings nor links anyone.
 * - `cell` for prose in a table cell (also escapes `|`).
 * - `code` / `cellCode` for an inline code span whose backtick fence is longer
 *   than any backtick run inside, so nothing in the value can end it.
 * - `fencedBlock` for a block (a shell command people copy), with a fence
 *   longer than any backtick run in it; arguments of shell commands are built
 *   with `shellQuote`.
 */

/** U+2060 WORD JOINER: invisible, and enough to stop GitHub's mention and reference autolinking. */
export const JOINER = '\u2060';

/** Line breaks of any kind, and the other control characters, that must not reach one line of Markdown. */
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/** One line: newlines become spaces, other control characters U+FFFD (tabs stay). */
function oneLine(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(CONTROLS, '\uFFFD');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Prose: the value shows exactly as given, as plain text. Never starts a
 * block (heading, list, quote), never opens emphasis, a link, an image, HTML
 * or a code span, and never mentions or references anything on GitHub.
 */
export function text(value: string): string {
  let out = oneLine(value)
    // Backslash first, so the escapes added below stay escapes.
    .replace(/\\/g, '\\\\')
    .replace(/[&<>]/g, (char) => HTML_ENTITIES[char] as string)
    .replace(/[`*[\]|~]/g, '\\$&')
    // `_` opens emphasis only at a word boundary: snake_case stays readable.
    .replace(/_/g, (char, offset: number, whole: string) =>
      /[\p{L}\p{N}]/u.test(whole[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(whole[offset + 1] ?? '')
        ? char
        : '\\_',
    )
    // (`!` and `(` are harmless once `[` and `]` are escaped.)
    // GitHub mentions (@user, @org/team; not inside an e-mail address) and references
    // (#1, owner/repo#1, GH-1; not PKCS#1, which GitHub leaves alone too).
    .replace(/(^|[^\p{L}\p{N}_])@(?=[\p{L}\p{N}_-])/gu, `$1@${JOINER}`)
    .replace(/(^|[^\p{L}\p{N}_]|[\w.-]+\/[\w.-]+)#(?=\d)/gu, `$1#${JOINER}`)
    .replace(/\bGH-(?=\d)/gi, (match) => `${match.slice(0, 2)}${JOINER}-`)
    // Bare links GitHub would autolink: scheme://… and www.…
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}${JOINER}.`);
  // What would start a block when the value opens a line: heading, list, quote, thematic break.
  out = out.replace(/^(\s*)([#+\-=>])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
  return out;
}

/** Prose in a table cell: `text`, and `|` is escaped by it already. */
export function cell(value: string): string {
  return text(value);
}

function longestRun(value: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of value) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * An inline code span holding the value literally: the fence is one backtick
 * longer than the longest backtick run inside, with a space on each side when
 * the value starts or ends with a backtick or a space (CommonMark strips one).
 */
export function code(value: string): string {
  const content = oneLine(value);
  if (!content) return '` `';
  const fence = '`'.repeat(longestRun(content, '`') + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A code span inside a GFM table cell: GitHub splits cells on `|` even inside
 * code spans, and `\|` there shows as `|`.
 */
export function cellCode(value: string): string {
  return code(value).replace(/\|/g, '\\|');
}

/**
 * One argument for a POSIX shell, as a person would paste it: left bare when
 * it holds only characters no shell treats specially, otherwise in single
 * quotes, where nothing is special, with each `'` written as `'\''`.
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, "'\\''")}'`;
}

/**
 * A fenced code block: the fence is at least three backticks and longer than
 * any backtick run in the body, so no line of the body can close it.
 */
export function fencedBlock(lang: string, body: string): string {
  const content = body.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(content, '`') + 1));
  return `${fence}${lang.replace(/[`\s]/g, '')}\n${content}\n${fence}`;
}
