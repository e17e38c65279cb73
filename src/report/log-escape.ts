/**
 * Text for the log, where the Actions runner reads any line that starts
 * (after leading whitespace) with `::` as a workflow command, and any line
 * that holds `##[` anywhere as a legacy one (its parser searches the line).
 *
 * Every string that reaches the log from a repository (paths, authors, branch
 * names), a host or AWS goes through `quoteForLog` (one value) or
 * `escapeLogLine` (a whole message), so it can never hold a line break or open
 * a line with a command. Multi-line reports are also wrapped in
 * `::stop-commands::<random token>` … `::<token>::` by `untrustedBlock`.
 */
import { randomBytes } from 'node:crypto';

const C_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

/**
 * Characters git's core.quotePath would quote that matter in a log: C0 and
 * C1 controls, DEL, and the invisible Unicode ones that break or disguise a
 * line (separators, bidi overrides, zero-width characters, BOM), and the
 * non-ASCII spaces the runner trims before it looks for `::`.
 */
const UNSAFE_CLASS =
  '\\u0000-\\u001f\\u007f-\\u009f\\u00a0\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\ufeff';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]`, 'gu');
const UNSAFE_OR_QUOTE = new RegExp(`[${UNSAFE_CLASS}"\\\\]`, 'gu');

/** Whether `value` holds a character the log must not see raw (see UNSAFE_CLASS). */
export function hasUnsafeChar(value: string): boolean {
  return value.search(UNSAFE) !== -1;
}

/** Octal escapes of the character's UTF-8 bytes, as git writes them. */
function octal(char: string): string {
  return [...Buffer.from(char, 'utf8')]
    .map((byte) => `\\${byte.toString(8).padStart(3, '0')}`)
    .join('');
}

function escapeChar(char: string, quoted: boolean): string {
  if (!quoted && (char === '"' || char === '\\')) return char;
  return C_ESCAPES[char] ?? octal(char);
}

/** Leading text that the runner would read as a workflow command (v2 `::`). */
const COMMAND_START = /^[ ]*::/;
/** The legacy (v1) command prefix, which the runner finds anywhere in a line. */
const LEGACY_COMMAND = /##\[/g;
/** `##[` with its second `#` as git's octal escape: still readable, no longer a command. */
const LEGACY_DEFUSED = '#\\043[';

/**
 * One value, quoted the way git quotes paths (core.quotePath): returned as it
 * is when it holds nothing special, else in double quotes with C-style escapes
 * (`\n`, `\t`, `\"`, `\\`, octal bytes). Also quoted when it would start a
 * workflow command, or starts or ends with a space, or is empty.
 */
export function quoteForLog(value: string): string {
  const special = value.search(UNSAFE_OR_QUOTE) !== -1 || value.includes('##[');
  if (!special && value && !COMMAND_START.test(value) && !/^ | $/.test(value)) return value;
  const escaped = value.replace(UNSAFE_OR_QUOTE, (char) => escapeChar(char, true));
  return `"${escaped.replace(LEGACY_COMMAND, LEGACY_DEFUSED)}"`;
}

/**
 * A reported path: as `quoteForLog` quotes it, but a name the scanner has
 * already quoted as git does (../scan/path-text.ts: bytes that are not
 * UTF-8; such a form always starts with `"`, as no plain name does) is
 * shown as it is, quoted once, with only its control characters escaped.
 */
export function quotePathForLog(path: string): string {
  if (!(path.length >= 2 && path.startsWith('"') && path.endsWith('"'))) return quoteForLog(path);
  const inner = path
    .slice(1, -1)
    .replace(UNSAFE, (char) => escapeChar(char, false))
    .replace(LEGACY_COMMAND, LEGACY_DEFUSED);
  return `"${inner}"`;
}

/**
 * A whole message (which may embed untrusted values) as one safe log line:
 * control and invisible characters are escaped in place, and a line that
 * would start a workflow command is quoted as a whole.
 */
export function escapeLogLine(message: string): string {
  const escaped = message
    .replace(UNSAFE, (char) => escapeChar(char, false))
    .replace(LEGACY_COMMAND, LEGACY_DEFUSED);
  return COMMAND_START.test(escaped) ? quoteForLog(message) : escaped;
}

/** Every line of a multi-line text through `escapeLogLine`. */
export function escapeLogLines(text: string): string {
  const trailing = text.endsWith('\n');
  const body = trailing ? text.slice(0, -1) : text;
  return body.split('\n').map(escapeLogLine).join('\n') + (trailing ? '\n' : '');
}

/** A token nobody who wrote the block can know in advance. */
export function stopToken(): string {
  return randomBytes(16).toString('hex');
}

/**
 * A multi-line block of untrusted text for the Actions log: each line
 * escaped, and the whole between `::stop-commands::TOKEN` and `::TOKEN::`,
 * so the runner ignores any command in it even if an escape were missed.
 */
export function untrustedBlock(text: string, token: string = stopToken()): string {
  const body = escapeLogLines(text).replace(/\n$/, '');
  return `::stop-commands::${token}\n${body}\n::${token}::`;
}
