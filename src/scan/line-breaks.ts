/**
 * Where the lines of a block break in its raw bytes, as the block cutter
 * (`unescapeNewlines`) reads them: a newline, or one escaped in JSON, C, a
 * string literal or markup (`\n`, `\\n`, `\u000a`, `&#10;`, `&NewLine;`,
 * `<br>`). PuTTY and ssh.com files carry free text (a comment) on one header
 * line: a marker there is not where the file ends, and only the line breaks
 * tell a header line from the next one.
 */
import type { BreakForm } from './block-text.js';

/**
 * One escaped or real newline. A run of backslashes is matched from its
 * first one only (the lookbehind) and entities have bounded forms, so a
 * hostile run costs linear time.
 */
const BREAK =
  /\n|(?<!\\)\\+(?:n|[uU]000[aA]|x0[aA]|012)|&(?:amp;){0,3}(?:#0{0,5}10(?!\d)|#[xX]0{0,5}[aA](?![0-9a-fA-F])|NewLine);?|<\s{0,16}\/?\s{0,16}br\s{0,16}\/?\s{0,16}>/g;
/** Longer than any one break, so that a break cut by a slice's end is seen whole in the next. */
const OVERLAP = 96;
/** Header lines are short: the first slice is too, and a long comment doubles it. */
const FIRST_SLICE = 128;

export interface LineBreak {
  /** Where the break starts (the end of the line before it). */
  at: number;
  /** Where the next line starts. */
  end: number;
}

/**
 * The first line break in `bytes[from, limit)` of the form `form` (any the
 * cutter knows, by default), or null. Reads slices that double in size, so
 * the cost is linear in the distance to the break.
 */
export function nextBreak(
  bytes: Buffer,
  from: number,
  limit: number,
  form: BreakForm = 'any',
): LineBreak | null {
  if (form === 'plain') {
    const at = from < limit ? bytes.subarray(0, limit).indexOf(10, from) : -1;
    return at === -1 ? null : { at, end: at + 1 };
  }
  if (typeof form === 'number') return exactBreak(bytes, from, limit, form);
  let start = from;
  for (let size = FIRST_SLICE; start < limit; size *= 2) {
    const end = Math.min(limit, start + size);
    const text = bytes.toString('latin1', start, end);
    BREAK.lastIndex = 0;
    const match = BREAK.exec(text);
    const last = end === limit;
    // A break that ends near the slice's end may go on past it (`&#10` then `5;`): read on.
    if (match && (last || match.index + match[0].length <= text.length - OVERLAP))
      return { at: start + match.index, end: start + match.index + match[0].length };
    if (last) return null;
    start = match ? start + match.index : Math.max(start + 1, end - OVERLAP);
  }
  return null;
}

/**
 * The first newline, or `\n` behind exactly `backslashes` backslashes, in
 * `bytes[from, limit)`; null when there is none. (A newline between string
 * literals is packaging: it breaks a line too.) Slices that double in size
 * keep the cost linear in the distance to the break.
 */
function exactBreak(
  bytes: Buffer,
  from: number,
  limit: number,
  backslashes: number,
): LineBreak | null {
  const needle = `${'\\'.repeat(backslashes)}n`;
  let start = from;
  for (let size = FIRST_SLICE; start < limit; size *= 2) {
    const end = Math.min(limit, start + size);
    const slice = bytes.subarray(0, end);
    const newline = slice.indexOf(10, start);
    const stop = newline === -1 ? end : newline;
    for (let at = slice.indexOf(needle, start, 'latin1'); at !== -1 && at < stop;) {
      // Behind more backslashes, it is a deeper escape: text, such as a comment's own `\n`.
      if (at === 0 || bytes[at - 1] !== 0x5c) return { at, end: at + needle.length };
      at = slice.indexOf(needle, at + 1, 'latin1');
    }
    if (newline !== -1) return { at: newline, end: newline + 1 };
    if (end === limit) return null;
    // An escaped newline cut by the slice's end is seen whole in the next.
    start = Math.max(start + 1, end - needle.length);
  }
  return null;
}

/** How the lines of the file whose head's line ends at `first` break (see `BreakForm`). */
export function breakFormOf(bytes: Buffer, first: LineBreak): BreakForm {
  if (bytes[first.at] === 0x0a) return 'plain';
  const text = bytes.toString('latin1', first.at, first.end);
  return /^\\+n$/.test(text) ? text.length - 1 : 'any';
}
