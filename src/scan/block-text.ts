/**
 * Turns a key block as it sits in a file (escaped inside JSON, split into
 * string literals, commented out, indented in YAML, CRLF) back into plain
 * lines. Base64 never contains a backslash, a quote or white space, so
 * everything of that kind is packaging and can be peeled off.
 */

import { unescapeBlockText } from './decode/markup.js';

/** What a run of backslashes followed by this escape stands for (`\\x0a`, `\\012`: C, Python, Perl). */
const ESCAPED: Readonly<Record<string, string>> = {
  '/': '/',
  r: '',
  n: '\n',
  t: ' ',
  x0a: '\n',
  x0A: '\n',
  x0d: '',
  x0D: '',
  '012': '\n',
  '015': '',
};
/** A run of backslashes and what it escapes: a hex or octal newline or return, or one character. */
const BACKSLASH_RUN = /\\+(x0[aAdD]|01[25]|[\s\S]?)/g;

/**
 * PowerShell's escaped breaks (`` `r`n ``, `` `n ``). A backtick also
 * quotes (a template literal, Markdown), and a key line may start with an
 * `n`: they are read as breaks only in a text that opens with one, as the
 * body of a one-line block written in PowerShell does.
 */
const POWERSHELL_OPENS = /^[ \t]*`(?:r`)?n/;
const POWERSHELL_BREAK = /`r`n|`n|`r/g;

/**
 * A newline written as an expression between concatenated strings: VB's
 * `" & vbCrLf & _`, `& vbLf &`, `& Chr(10) &`, C#'s `" +
 * Environment.NewLine +`, PHP's `. PHP_EOL .`. Names with a dot or a
 * parenthesis are no base64; a bare name (`vbCrLf`) only after `&` (no
 * base64 either) or a closing quote and an operator. Lookbehinds are
 * bounded: linear time.
 */
const NEWLINE_EXPRESSION = new RegExp(
  [
    '(?:System\\.)?Environment\\.NewLine\\b',
    '(?:Microsoft\\.VisualBasic\\.)?(?:ControlChars|Constants)\\.(?:CrLf|NewLine|Lf|vbCrLf|vbLf|vbNewLine)\\b',
    'ChrW?\\(\\s{0,8}1[03]\\s{0,8}\\)',
    '(?:(?<=&\\s{0,8})|(?<=["\'`)]\\s{0,8}[+.]\\s{0,8}))(?:vbCrLf|vbNewLine|vbLf|vbCr|PHP_EOL)\\b',
  ].join('|'),
  'g',
);
/** What the expression stands for: a string that holds a newline (a `Chr(13)` stands for nothing). */
function newlineString(expression: string): string {
  return /\(\s*13|vbCr$/.test(expression) ? '""' : '"\n"';
}

/**
 * Unicode line and paragraph separators, NEL and the no-break space, as
 * they are in the blob's bytes read as latin1 (UTF-8) or as characters.
 */
const UNICODE_SPACE = /\u00c2\u00a0|\u00c2\u0085|\u00e2\u0080[\u00a8\u00a9]|[\u2028\u2029]/g;

/**
 * A one-line block whose lines are joined by a `,`, `;` or `|` (no base64
 * character) opens with one, right after BEGIN's dashes and before the
 * first key line: such a body breaks at each of them. Only `|` may stand
 * between spaces: ` ; part 1` after BEGIN is an INI comment.
 */
const SEPARATOR_OPENS = /^(?:([,;|])|[ \t]*(\|)[ \t]*)[A-Za-z0-9+/]/;

/** Packaging a body's lines may break at, looked for only in texts that show one (a search each). */
function unescapeOtherBreaks(text: string): string {
  const opens = SEPARATOR_OPENS.exec(text);
  const separator = opens?.[1] ?? opens?.[2];
  let result = separator ? text.split(separator).join('\n') : text;
  if (result.includes('`') && POWERSHELL_OPENS.test(result))
    result = result.replace(POWERSHELL_BREAK, (found) => (found === '`r' ? '' : '\n'));
  if (/Environment|Chr|vb|ControlChars|Constants|PHP_EOL/.test(result))
    result = result.replace(NEWLINE_EXPRESSION, newlineString);
  if (/[\u00c2\u00e2\u2028\u2029]/.test(result))
    result = result.replace(UNICODE_SPACE, (found) => (found === '\u00c2\u00a0' ? ' ' : '\n'));
  return result;
}

/**
 * A text's newlines written as expressions between concatenated strings
 * (`" & vbCrLf & _`, `" + Environment.NewLine +`) as `"\n"`: no backslash
 * is read, so a PuTTY file whose lines break plainly (a comment may hold
 * `C:\new`) keeps its text. A search for the names first.
 */
export function unescapeJoins(text: string): string {
  return /Environment|Chr|vb|ControlChars|Constants|PHP_EOL/.test(text)
    ? text.replace(NEWLINE_EXPRESSION, newlineString)
    : text;
}

/**
 * Undoes string escapes: `\n`, `\\n`, `\r\n`, `\/` and `\t`, however deeply
 * escaped, C's `\x0a` and `\012`, PowerShell's `` `n ``, JSON `\u000a`
 * and HTML `&#10;`, `<br>` (which become `\n` first), newline expressions
 * between concatenated strings (`" & vbCrLf & _`) and Unicode separators.
 */
export function unescapeNewlines(text: string): string {
  // One pass over each run of backslashes (and the escape after it): linear even on hostile input.
  return unescapeOtherBreaks(unescapeBlockText(text))
    .replace(BACKSLASH_RUN, (run: string, next: string) => ESCAPED[next] ?? run)
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
/** A prefix that is base64 alone could be a key line's own first characters: only a diff's `+`/`-` is taken. */
const BASE64_ONLY = /^[A-Za-z0-9+/=]*$/;
const DIFF_MARK = /^[+-]$/;

/**
 * What stands before every line of a block, as the part of the BEGIN line
 * before the marker shows: a comment marker (peeled wherever a line shows
 * it), or any other prefix a tool puts before each line (a diff's `+`, a CI
 * log's time stamp, a line number, `<span …>`), which varies only in its
 * digits and is peeled only when every line of the block carries it.
 */
export interface LineMarker {
  /** Matches the marker at the start of a trimmed line. */
  pattern: RegExp;
  /** A general prefix: peeled only when every line of the block shows it. */
  everyLine: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The prefix as a pattern, or null when it could match a key line's own
 * start. Digit runs match any digits (line numbers); runs of letters and
 * digits that hold a digit match any such run (time stamps, `LC12`, a commit
 * id), but only beside a symbol of the prefix, since such a run alone looks
 * like base64; white space matches any white space (also none at the end of
 * a line that holds only the prefix). A prefix that ends in a letter or
 * digit could eat into a key line. Each run is maximal and is followed by a
 * character of another kind, so matching cannot backtrack.
 */
function prefixPattern(prefix: string, lastSpace = '(?:[ \\t]+|$)'): RegExp | null {
  const parts = prefix.match(/[A-Za-z0-9]+|[ \t]+|[^A-Za-z0-9 \t]/g) ?? [];
  if (/^[A-Za-z0-9]/.test(parts.at(-1) ?? '')) return null;
  const mixed = parts.some((part) => /\d/.test(part) && /[A-Za-z]/.test(part));
  const symbol = parts.some((part) => /^[^A-Za-z0-9 \t]/.test(part));
  if (mixed && !symbol) return null;
  const source = parts.map((part, at) => {
    if (/^[ \t]/.test(part)) return at === parts.length - 1 ? lastSpace : '[ \\t]+';
    if (/^\d+$/.test(part)) return '\\d+';
    if (/\d/.test(part)) return '[0-9A-Za-z]+';
    return escapeRegExp(part);
  });
  return new RegExp(`^${source.join('')}`);
}

/**
 * The prefix a tool put before a diff's marks (`cat -n`'s number and tab, a
 * time stamp and its space), as a pattern for a line's start (trimmed) that
 * stops right before the mark: white space at its end matches as little as
 * it can, so that a context line's space is read as its mark. Null as for
 * `prefixPattern`.
 */
export function headPattern(head: string): RegExp | null {
  return prefixPattern(head, '[ \\t]+?');
}

/** An instruction word and the white space after it, opening a prefix (`RUN `). */
const LEADING_WORD = /^([A-Za-z]{1,16})[ \t]+(?=\S)/;

/** The marker a block's lines carry, judged from what precedes BEGIN on its line. */
export function lineMarkerOf(prefix: string): LineMarker | null {
  const comment = COMMENT_PREFIX.exec(prefix)?.[1];
  if (comment) return { pattern: new RegExp(`^${escapeRegExp(comment)}`), everyLine: false };
  // White space after the prefix sets it apart from the key line as a symbol does.
  const shown = prefix.trimStart();
  if (!shown || (BASE64_ONLY.test(shown) && !DIFF_MARK.test(shown))) return null;
  const pattern = prefixPattern(shown);
  if (!pattern) return null;
  // A word that opens the head's line only (a Dockerfile's `RUN echo "…`, the rest `    echo "…`)
  // may be missing from the other lines: what follows it, which ends in no base64, is the prefix.
  const word = LEADING_WORD.exec(shown);
  const rest = word ? prefixPattern(shown.slice(word[0].length)) : null;
  if (!word || !rest || BASE64_ONLY.test(shown.slice(word[0].length).trim()))
    return { pattern, everyLine: true };
  const optional = `(?:${escapeRegExp(word[1] ?? '')}[ \\t]+)?`;
  return { pattern: new RegExp(`^${optional}${rest.source.slice(1)}`), everyLine: true };
}

/**
 * The marker to peel from `lines` (a block's lines after its head's, the
 * last one the prefix of its END line): a general prefix only when each line
 * shows it, or, in a block without END, when the lines up to `runEnd` do.
 */
export function markerFor(
  lines: readonly string[],
  marker: LineMarker | null,
): { marker: LineMarker | null; runEnd: number } {
  if (!marker?.everyLine) return { marker, runEnd: lines.length };
  let runEnd = lines.length;
  let content = false;
  for (let at = 0; at < lines.length; at++) {
    const text = (lines[at] ?? '').trim();
    if (!text) continue;
    const shown = marker.pattern.exec(text);
    if (!shown) {
      runEnd = at;
      break;
    }
    // Lines of the prefix alone (a string's closing quote) do not make a run.
    content ||= shown[0].length < text.length;
  }
  return content ? { marker, runEnd } : { marker: null, runEnd: lines.length };
}

/** A line's text without the block's marker, trimmed. */
export function withoutMarker(line: string, marker: LineMarker | null): string {
  const text = line.trim();
  const shown = marker?.pattern.exec(text);
  return shown ? text.slice(shown[0].length).trim() : text;
}

/** Opening tags before a line's text; not a tag alone, which is a placeholder (`<your key>`). */
const OPENING_TAGS = /^(?:<[A-Za-z][\w:-]*(?:\s[^<>]*)?>\s*)+(?=[^<\s])/;
const CLOSING_TAG = /^<\/[A-Za-z][\w:-]*\s*>$/;

/**
 * The text without the closing tags at its end (`</span></td>`), taken one
 * at a time from the end: a regular expression for the run would try every
 * start and take quadratic time on a line of tags.
 */
function withoutClosingTags(text: string): string {
  const spaceBefore = (at: number): number => {
    while (at > 0 && /\s/.test(text[at - 1] ?? '')) at--;
    return at;
  };
  let end = spaceBefore(text.length);
  while (end > 0 && text[end - 1] === '>') {
    const open = text.lastIndexOf('</', end - 1);
    if (open === -1 || !CLOSING_TAG.test(text.slice(open, end))) break;
    end = spaceBefore(open);
  }
  return text.slice(0, end);
}

const JUNK_ONLY = /^[\s"'`+.,;&()\\[\]{}]*$/;

/**
 * Whether the `+` at `at` follows a string (`"…" +`, `"…"+`, `(…) +`): an
 * operator. After a piece of base64 and a space (`… ab +`, a body split by
 * spaces whose piece ends a line) it is the key's own character.
 */
function closesString(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && /\s/.test(text[before] ?? '')) before--;
  return before >= 0 && /["'`)]/.test(text[before] ?? '');
}

/**
 * Peels one line of its packaging: the block's comment marker, string quotes,
 * concatenation operators and line continuations (`\`, VB's ` _`). A `+` or `.` is only an
 * operator when it stands apart from the base64 (after a quote or a space).
 */
export function peelLine(line: string, marker: LineMarker | null): string {
  let text = withoutMarker(line, marker);
  // Markup around each line (`<span class="line">…</span>`); a tag alone is a placeholder (`<your key>`).
  text = withoutClosingTags(text.replace(OPENING_TAGS, ''));
  text = text.replace(/^(?:[+.&,(]\s*)?["'`]/, '');
  // Strip trailing white space, quotes, `,;)\` and operators, one character at a time from the end.
  let end = text.length;
  while (end > 0) {
    const last = text[end - 1] ?? '';
    const before = text[end - 2] ?? '';
    const trailing =
      /[\s"'`,;)\\]/.test(last) ||
      (/[.&]/.test(last) && /["'`\s]/.test(before)) ||
      (last === '+' && /["'`\s]/.test(before) && closesString(text, end - 1)) ||
      // VB's line continuation (`" & _`): no base64 character.
      (last === '_' && /\s/.test(before));
    if (!trailing) break;
    end--;
  }
  text = text.slice(0, end);
  // A run of dots is an ellipsis (a placeholder body), not a concatenation operator.
  return JUNK_ONLY.test(text) && !text.includes('..') ? '' : text.trim();
}

/**
 * Where a comment may start after a line's payload: `#`, `--`, `;`, `/*`
 * or `//`, right after white space or after what closes the payload (a
 * quote, `,`, `;`, `)`). `#`, `-`, `;` and `*` are no base64; a `//` after
 * white space could start a piece of base64 split by spaces, so there it
 * is a comment only when no base64 follows it. A `;` is one only between
 * white spaces (a `";"` joins two quoted pieces). The marker is matched
 * first and looked behind from within a few characters: linear time.
 */
const AFTER_PAYLOAD = `[\\s"'\`,;)]`;
const STRICT_COMMENTS = [
  ...['#', '--', '\\/\\*'].map((mark) => `${mark}(?<=${AFTER_PAYLOAD}${mark})`),
  `\\/\\/(?<=["'\`,;)]\\s{0,8}\\/\\/)`,
  ';(?<=\\s;)(?=\\s|$)',
];
/**
 * `//` after white space alone: also two characters of a body split by
 * spaces (`ab // cd`), so a comment only where `looseComments` says so.
 */
const LOOSE_COMMENT = '\\/\\/(?<=\\s\\/\\/)(?![A-Za-z0-9+/=])';
const COMMENT_START = new RegExp(STRICT_COMMENTS.join('|'), 'g');
const ANY_COMMENT_START = new RegExp([...STRICT_COMMENTS, LOOSE_COMMENT].join('|'), 'g');

/** Where the comment search starts in a line: after the block's marker. */
function commentFrom(text: string, marker: LineMarker | null, first: boolean): number {
  return first ? 0 : (marker?.pattern.exec(text)?.[0].length ?? 0);
}

/** A `//` right after a short piece of base64 and white space: a body split by spaces (`ab // cd`). */
const SPLIT_PIECE_BEFORE = /(?:^|\s)[A-Za-z0-9+/=]{2,4}\s+\/\/(?![A-Za-z0-9+/=])/;

/**
 * Whether a `//` after white space alone may start a comment in this
 * block's lines (`MIIE… // 1`, `"…\n" + // 2`): not when any line shows one
 * right after a short piece of base64 (`ab // cd`): the body is split by
 * spaces, and such a `//` is two of its characters. Looked at once per block.
 */
export function looseComments(lines: readonly string[], marker: LineMarker | null): boolean {
  for (let at = 0; at < lines.length; at++) {
    const text = (lines[at] ?? '').trim();
    if (text && SPLIT_PIECE_BEFORE.test(text.slice(commentFrom(text, marker, at === 0))))
      return false;
  }
  return true;
}

/**
 * A raw body line without the comment that follows its payload (`"MIIE…",
 * // 1`, `MIIE…\t# line 2`, `…   -- note`, `"…\n"  # 3`), whose text may
 * differ from line to line, so that no suffix shared by every line strips
 * it. The comment is looked for after the block's marker (a quote that
 * opens every line, a comment marker that comments it out): a line that
 * starts with a comment marker is commented out, not followed by a comment.
 * `first` is the rest of BEGIN's line, where what precedes is the marker
 * itself. Returns the line trimmed, cut before the comment.
 */
export function withoutComment(
  line: string,
  marker: LineMarker | null,
  first = false,
  loose = false,
): string {
  const text = first ? ` ${line.trim()}` : line.trim();
  const pattern = loose ? ANY_COMMENT_START : COMMENT_START;
  pattern.lastIndex = commentFrom(text, marker, first);
  const found = pattern.exec(text);
  return found ? text.slice(first ? 1 : 0, found.index) : line;
}

/** A PuTTY head line's own text: its version and algorithm name (what follows is packaging). */
const PUTTY_HEAD_LINE = /^PuTTY-User-Key-File-\d+:[ \t]*[A-Za-z0-9@.+_-]*/;
/** What peelLine strips from a line's end anyway: no suffix of its own. */
const PACKAGING_ONLY = /^[\s"'`,;)\\+.&]*$/;
const MAC_LINE = /^Private-MAC:/i;

/**
 * What a tool or script put after every line of a PuTTY file (a batch
 * file's `>>key.ppk`, `' >> ~/k.ppk`), as the rest of its head's line after
 * the algorithm shows, when every other line ends with it too (but a last
 * `Private-MAC` line, which the cutter ends after its hex); else ''.
 * `lines` are the file's lines, its head's first, up to `runEnd`.
 */
export function puttyLineSuffix(
  lines: readonly string[],
  marker: LineMarker | null,
  runEnd: number,
): string {
  const head = (lines[0] ?? '').trimEnd();
  const own = PUTTY_HEAD_LINE.exec(head)?.[0] ?? head;
  const tail = head.slice(own.length).trim();
  if (!tail || PACKAGING_ONLY.test(tail)) return '';
  let last = runEnd - 1;
  while (last > 0 && !withoutMarker(lines[last] ?? '', marker)) last--;
  let carried = false;
  for (let at = 1; at < runEnd; at++) {
    const text = withoutMarker(lines[at] ?? '', marker);
    if (!text || (at === last && MAC_LINE.test(text) && !text.endsWith(tail))) continue;
    if (text.length <= tail.length || !text.endsWith(tail)) return '';
    carried = true;
  }
  return carried ? tail : '';
}

/** The line without `suffix` at its end (white space aside), or the line as it is. */
export function withoutSuffix(line: string, suffix: string): string {
  if (!suffix) return line;
  const text = line.trimEnd();
  return text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : line;
}

/**
 * A PuTTY file's lines (its head's first, up to `runEnd`) without what
 * follows every line: a suffix all share (`puttyLineSuffix`), and a comment
 * whose text differs from line to line (`  # line 3`), peeled only when the
 * head's line shows one after its algorithm, since a Comment header may
 * hold a `#` of its own.
 */
export function withoutPuttyTrailers(
  lines: readonly string[],
  marker: LineMarker | null,
  runEnd: number,
): string[] {
  const suffix = puttyLineSuffix(lines, marker, runEnd);
  const kept = lines.slice(0, runEnd).map((line) => withoutSuffix(line, suffix));
  const head = kept[0] ?? '';
  const own = PUTTY_HEAD_LINE.exec(head.trim())?.[0];
  if (!own) return kept;
  const loose = looseComments(kept, marker);
  const headComment = withoutComment(head, null, false, loose);
  // The head's line holds its own text, its packaging (`",`) and a comment (`"…", // 0`).
  if (headComment !== head && peelLine(headComment, null) === own)
    return kept.map((line) => withoutComment(line, marker, false, loose));
  // A comment after each string whose break is escaped (`"…\n" /* 0 */`) stands on a line
  // of its own once the lines are split: packaging and that comment alone.
  return kept.map((line) => (commentOnly(line, marker, loose) ? '' : line));
}

/** A `//` that opens a piece of base64 (`"//8A…`): a key line's own characters, no comment. */
const BASE64_SLASHES = /^\/\/[A-Za-z0-9+/=]/;

/** Whether a line holds only packaging and a comment (`" // 1`, a C comment after a quote). */
function commentOnly(line: string, marker: LineMarker | null, loose: boolean): boolean {
  const cut = withoutComment(line, marker, false, loose);
  if (cut === line || peelLine(cut, marker)) return false;
  return !BASE64_SLASHES.test(line.trim().slice(cut.length));
}
