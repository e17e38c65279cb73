/**
 * A unified diff that replaces one key by another shows both in one block:
 * the lines the two files share as context (` `), the old key's own lines
 * as `-` and the new key's as `+` (BEGIN and END are often context, the
 * body changed). Read as one text, the block is neither key. This reads the
 * two sides apart: old = context and `-` lines, new = context and `+` lines,
 * the diff mark standing first on each line or after a prefix every line
 * carries (a CI log's time stamp, `cat -n`'s line number).
 */
import { headPattern, splitLines, type BreakForm } from './block-text.js';

/** One side of a diff: its lines without their marks, and what stood before BEGIN after its mark. */
export interface DiffSide {
  prefix: string;
  raw: string;
}

type Mark = ' ' | '-' | '+';
const MARKS: readonly Mark[] = [' ', '-', '+'];

/** Where a block's diff marks stand: first on the line, or after a prefix (`head`). */
interface Column {
  head: RegExp | null;
  /** The mark of BEGIN's line. */
  mark: Mark;
  /** What follows the mark on BEGIN's line before the marker (indentation, a comment marker). */
  rest: string;
}

/** A line of the diff's own: `\ No newline at end of file`, on neither side. */
const NO_NEWLINE = /^\\ /;
const TRAILING_SPACE = /[ \t]+$/;

function isMark(char: string | undefined): char is Mark {
  return char === ' ' || char === '-' || char === '+';
}

/**
 * The columns where BEGIN's line may carry a diff mark: first on the line,
 * or after a prefix that ends in a symbol or in white space (the mark is
 * then its last `+`/`-`, or the space after the one that ends the prefix).
 */
function columnsOf(prefix: string): Column[] {
  const columns: Column[] = [];
  const first = prefix[0];
  if (isMark(first)) columns.push({ head: null, mark: first, rest: prefix.slice(1) });
  const shown = prefix.trimStart();
  const space = TRAILING_SPACE.exec(shown);
  const body = space ? shown.slice(0, space.index) : shown;
  const last = body.at(-1) ?? '';
  const cuts: number[] = [];
  // `STAMP -`: the mark is the prefix's last symbol; `12: ` or `STAMP  `: the space after its end.
  if ((last === '-' || last === '+') && body.length > 1) cuts.push(body.length - 1);
  if (space && /[^A-Za-z0-9]/.test(last)) cuts.push(body.length);
  if (space && space[0].length >= 2 && body) cuts.push(body.length + 1);
  for (const cut of cuts) {
    const head = headPattern(shown.slice(0, cut));
    const mark = shown[cut];
    if (head && isMark(mark)) columns.push({ head, mark, rest: shown.slice(cut + 1) });
  }
  return columns;
}

/** Whether `line` is the prefix `head` matches, but for the white space that ends it. */
function isPrefixAlone(head: RegExp, line: string): boolean {
  const padded = head.exec(`${line} `);
  return padded !== null && padded[0].length > line.length;
}

/** Each line's mark and its text after it; null when a line carries none (no diff). */
function marked(
  lines: readonly string[],
  column: Column,
): { marks: (Mark | null)[]; texts: string[] } | null {
  const marks: (Mark | null)[] = [column.mark];
  const texts: string[] = [lines[0] ?? ''];
  for (let at = 1; at < lines.length; at++) {
    const line = lines[at] ?? '';
    const shown = column.head ? line.trimStart() : line;
    let from = 0;
    if (column.head && shown) {
      const head = column.head.exec(shown);
      // A line of the prefix alone whose space after it was dropped: a blank line.
      if (!head && !isPrefixAlone(column.head, shown)) return null;
      from = head ? head[0].length : shown.length;
    }
    const mark = shown[from];
    const text = shown.slice(from + 1);
    if (mark === undefined || !shown.slice(from).trim()) {
      // A blank line, its context mark dropped by an editor or a tool.
      marks.push(' ');
      texts.push('');
    } else if (mark === '\\' && NO_NEWLINE.test(shown.slice(from))) {
      marks.push(null);
      texts.push('');
    } else if (isMark(mark)) {
      marks.push(mark);
      texts.push(text);
    } else return null;
  }
  return { marks, texts };
}

/**
 * The sides of a block (the raw text after its BEGIN marker, to its END
 * line's start) that is a diff of one key against another, each with the
 * prefix BEGIN has on that side; null when the block is no such diff (its
 * lines carry no marks, or all the same one: a prefix read as before). A
 * BEGIN line marked `-` or `+` opens only its own side. A side is read only
 * when lines of its own are there: a side of context lines alone is part
 * of the other one. A side ends at a line that holds `end` (its END line).
 */
export function diffSides(
  prefix: string,
  raw: string,
  breaks: BreakForm,
  end?: string,
): DiffSide[] | null {
  // A line that starts with another mark is looked for first (a native search): a block
  // indented in YAML, its every line after a space, is then never split into lines here.
  const columns = columnsOf(prefix).filter(
    (column) =>
      column.head || MARKS.some((mark) => mark !== column.mark && raw.includes(`\n${mark}`)),
  );
  if (columns.length === 0) return null;
  const lines = splitLines(raw, breaks);
  for (const column of columns) {
    const found = marked(lines, column);
    if (!found) continue;
    const own = { ' ': 0, '-': 0, '+': 0 };
    for (const mark of found.marks) if (mark) own[mark]++;
    // Lines of one mark alone: a prefix every line carries, which the cutter peels as before.
    if (own[' '] + own['-'] + own['+'] === own[column.mark]) continue;
    const wanted: Mark[] = column.mark === ' ' ? ['-', '+'] : [column.mark];
    const sides: DiffSide[] = [];
    for (const side of wanted) {
      if (own[side] === 0) continue;
      const kept: string[] = [];
      for (let at = 0; at < found.texts.length; at++) {
        const mark = found.marks[at];
        if (mark !== ' ' && mark !== side) continue;
        const text = found.texts[at] ?? '';
        // The side's own END line (`------END`, the other side's END ending the block): its end.
        if (end && at > 0 && text.includes(end)) break;
        kept.push(text);
      }
      sides.push({ prefix: column.rest, raw: kept.join('\n') });
    }
    return sides;
  }
  return null;
}

/**
 * Where a file in a diff ends when the end marker found first (at `at`:
 * an END line, a .ppk's `Private-MAC:`) is one side's (`------END`,
 * `-Private-MAC:`) and the file's head is context: the other side's lines
 * and end marker follow (an old file without a newline at its end, a .ppk
 * whose MAC changed), so both sides run to that one. `find` looks for a
 * text from a position, within the block's bounds.
 */
export function otherSideEnd(
  window: Buffer,
  prefix: string,
  at: number,
  needle: string,
  find: (text: string, from: number) => number,
): number {
  if (at < 1 || !prefix.endsWith(' ')) return at;
  const mark = window[at - 1];
  if (mark !== 0x2d && mark !== 0x2b) return at;
  const other = find(`${mark === 0x2d ? '+' : '-'}${needle}`, at);
  return other === -1 ? at : other + 1;
}
