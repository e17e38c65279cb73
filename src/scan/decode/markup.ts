/**
 * Undoes the escapes that hide a key's newlines and dashes in JSON (`\u000a`,
 * `\u002d`) and in XML or HTML (`&#10;`, `&#xA;`, `&NewLine;`, `&lt;`, `<br>`). A newline
 * becomes the two characters `\n`, which the block cutter already undoes: no
 * line moves, so the lines reported are the file's.
 */

/** A run of backslashes starts a match only at its start (the lookbehind): linear on hostile runs. */
const JSON_ESCAPE = /(?<!\\)\\+[uU]00([0-7][0-9a-fA-F])/g;
/**
 * Entities, possibly escaped again (`&amp;#10;`), numeric ones padded with
 * up to eight zeros (`&#045;`, `&#x002D;`, `&#0010;`) read as their value:
 * bounded prefixes and runs keep matching linear.
 */
const ENTITY =
  /&(?:amp;){0,3}(?:#0{0,8}(\d{1,7})|#[xX]0{0,8}([0-9a-fA-F]{1,6})|(lt|gt|quot|apos|amp|NewLine|Tab));?/g;
/**
 * `<br>`, `<br/>`, `< br / >`. The white space is bounded: two unbounded runs
 * around an optional slash made `<` and a million spaces cost quadratic time.
 */
const LINE_BREAK = /<\s{0,16}\/?\s{0,16}br\s{0,16}\/?\s{0,16}>/gi;

const NAMED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  amp: '&',
  // HTML5's named newline and tab, as the cutter reads them.
  NewLine: '\\n',
  Tab: '\\t',
};

/** A character code as the cutter should see it: newlines as `\n`, printable ASCII as itself. */
function character(code: number, original: string): string {
  if (code === 10) return '\\n';
  if (code === 13) return '\\r';
  if (code === 9) return '\\t';
  return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : original;
}

/**
 * Escaped dashes hide a marker from the clear scan: only then is the whole
 * blob unescaped. Escaped newlines inside a block are undone block by block
 * (`unescapeBlockText`), which costs nothing on blobs without markers.
 */
const HIDDEN_DASH = ['\\u002d', '\\u002D', '\\U002d', '\\U002D'].map((text) => Buffer.from(text));
const HASH = 0x23;
/** A numeric reference's digits as ENTITY reads them, from its `#`. */
const NUMERIC_REFERENCE = /#(?:0{0,8}(\d{1,7})|[xX]0{0,8}([0-9a-fA-F]{1,6}))/y;
/** `&`, or `amp;` that ends an `&` escaped again: what stands before a reference's `#`. */
const AMP_TAIL = Buffer.from('amp;');

/** Whether the blob's markers may be hidden behind escaped dashes. */
export function hasEscapedDashes(bytes: Buffer): boolean {
  if (HIDDEN_DASH.some((needle) => bytes.includes(needle))) return true;
  for (let at = bytes.indexOf(HASH); at !== -1; at = bytes.indexOf(HASH, at + 1))
    if (isDashReference(bytes, at)) return true;
  return false;
}

/** Whether the `#` at `at` starts a numeric reference to `-` (`&#45;`, `&#x2D;`, `&#045;`, `&amp;#45;`). */
function isDashReference(bytes: Buffer, at: number): boolean {
  const before = at > 0 && bytes[at - 1] === 0x26; // &
  if (!before && !(at >= 5 && bytes.subarray(at - 4, at).equals(AMP_TAIL))) return false;
  NUMERIC_REFERENCE.lastIndex = 0;
  const match = NUMERIC_REFERENCE.exec(bytes.toString('latin1', at, at + 17));
  if (!match) return false;
  const code = match[1] ? Number.parseInt(match[1], 10) : Number.parseInt(match[2] ?? '', 16);
  return code === 0x2d;
}

/** Undoes JSON `\\u00XX` escapes and HTML entities in one block's text (a bounded region). */
export function unescapeBlockText(text: string): string {
  let result = text;
  if (result.includes('u00') || result.includes('U00'))
    result = result.replace(JSON_ESCAPE, (run: string, hex: string) =>
      character(Number.parseInt(hex, 16), run),
    );
  if (result.includes('&') || result.includes('<'))
    result = result.replace(ENTITY, entity).replace(LINE_BREAK, '\\n');
  return result;
}

function entity(match: string, decimal?: string, hex?: string, name?: string): string {
  if (name) return NAMED[name] ?? match;
  const code = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
  return character(code, match);
}

/**
 * Bytes of a blob made into one string at a time by `windowMatches`: the
 * escapes are read window by window, so that a blob of escapes costs a
 * window's string and its matches, not a string of the blob and an array of
 * its millions of matches (30 bytes of memory per byte of input).
 */
const WINDOW = 64 * 1024;
/**
 * Bytes a window reaches past the last start it reads matches from: more
 * than the longest match (an entity escaped three times and padded, `<br>`
 * with its white space) and the character after it, so that every match
 * starting in a window is read whole, as in the whole blob. A run of
 * backslashes (JSON's) is unbounded: the window takes it whole.
 */
const REACH = 128;
const BACKSLASH = 0x5c;

/**
 * The matches of the global `pattern` in `bytes[0, length)` read as latin1,
 * the ones `pattern.exec` would find in a string of them, in order, with their
 * offsets; read a window at a time (and the byte before it, for a
 * lookbehind). Every match of the patterns used is shorter than REACH or is
 * a run of backslashes and what follows, so a match starting in a window is
 * the whole blob's. Each window is read when the last match of the one before
 * was handled: `bytes` may be rewritten behind the last match (in place).
 */
function* windowMatches(
  bytes: Buffer,
  length: number,
  pattern: RegExp,
  from = 0,
): Generator<{ match: RegExpExecArray; at: number }> {
  while (from < length) {
    let limit = Math.min(length, from + WINDOW);
    while (limit < length && bytes[limit - 1] === BACKSLASH) limit++;
    const start = Math.max(0, from - 1);
    const end = Math.min(length, limit + REACH);
    const text = bytes.toString('latin1', start, end);
    let next = limit;
    pattern.lastIndex = from - start;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const at = start + match.index;
      if (at >= limit) break;
      next = Math.max(next, at + match[0].length);
      yield { match, at };
      if (!match[0].length) pattern.lastIndex++;
    }
    if (end === length) return;
    from = next;
  }
}

/**
 * Replaces the matches of `pattern` in `source[0, length)` as
 * `String.prototype.replace` would in a latin1 string of it, writing the
 * result to `target` (which may be `source`: no replacement is longer than
 * its match, so what is written never overtakes what is read). Returns the
 * result's length, and whether any match was replaced by another text.
 */
function replaceBytes(
  source: Buffer,
  length: number,
  target: Buffer,
  pattern: RegExp,
  replace: (match: RegExpExecArray) => string,
): { length: number; changed: boolean } {
  let written = 0;
  let read = 0;
  let changed = false;
  for (const { match, at } of windowMatches(source, length, pattern)) {
    const replacement = replace(match);
    if (replacement === match[0]) continue;
    written += source.copy(target, written, read, at);
    written += target.write(replacement, written, 'latin1');
    read = at + match[0].length;
    changed = true;
  }
  written += source.copy(target, written, read, length);
  return { length: written, changed };
}

/** The patterns of `unescapeBlockText`, of their own: `windowMatches` keeps their state across yields. */
const JSON_ESCAPE_BYTES = new RegExp(JSON_ESCAPE.source, 'g');
const ENTITY_BYTES = new RegExp(ENTITY.source, 'g');
const LINE_BREAK_BYTES = new RegExp(LINE_BREAK.source, 'gi');
const JSON_HINTS = ['u00', 'U00'].map((text) => Buffer.from(text));
const MARKUP_HINTS = ['&', '<'].map((text) => Buffer.from(text));

/** Whether `bytes[0, length)` holds one of `needles`. */
function holdsAny(bytes: Buffer, length: number, needles: Buffer[]): boolean {
  const region = bytes.subarray(0, length);
  return needles.some((needle) => region.includes(needle));
}

/** A pattern of `unescapeBlockText` and what replaces each of its matches. */
type Step = readonly [RegExp, (match: RegExpExecArray) => string];
const JSON_STEP: Step = [
  JSON_ESCAPE_BYTES,
  ([run, hex]) => character(Number.parseInt(hex ?? '', 16), run),
];
const MARKUP_STEPS: readonly Step[] = [
  [ENTITY_BYTES, ([match, decimal, hex, name]) => entity(match, decimal, hex, name)],
  [LINE_BREAK_BYTES, () => '\\n'],
];

/**
 * `unescapeBlockText` on bytes read as latin1, window by window: the same
 * bytes, in one copy of the blob (every step but the first rewrites it in
 * place). Null when nothing was escaped.
 */
function unescapeBytes(bytes: Buffer): Buffer | null {
  let result: Buffer | null = null;
  let length = bytes.length;
  const run = ([pattern, replace]: Step): void => {
    const source: Buffer = result ?? bytes;
    const target: Buffer = result ?? Buffer.allocUnsafe(bytes.length);
    const done = replaceBytes(source, length, target, pattern, replace);
    if (!done.changed) return;
    result = target;
    length = done.length;
  };
  if (holdsAny(bytes, length, JSON_HINTS)) run(JSON_STEP);
  // As `unescapeBlockText`: entities only where JSON's escapes leave an `&` or a `<`.
  const current = (): Buffer => result ?? bytes;
  if (holdsAny(current(), length, MARKUP_HINTS)) for (const step of MARKUP_STEPS) run(step);
  const unescaped = current();
  return unescaped === bytes ? null : unescaped.subarray(0, length);
}

/**
 * The bytes with those escapes undone, when escaped dashes may hide a
 * marker (or, `always`, whatever they hide: the newlines of a key under
 * another label, which the base64 decoder then reads); null when nothing
 * was escaped. Only called on markup that holds `PRIVATE KEY`, PuTTY's
 * head or a PEM BEGIN line. Read window by window: the memory it takes
 * beyond the blob is one copy of it.
 */
export function unescapeMarkup(
  bytes: Buffer,
  always = false,
): { bytes: Buffer; encoding: string } | null {
  if (!always && !hasEscapedDashes(bytes)) return null;
  const unescaped = unescapeBytes(bytes);
  return unescaped ? { bytes: unescaped, encoding: 'escaped' } : null;
}

/**
 * The matches of the global `pattern` in `bytes` from `from` on, read as
 * latin1 a window at a time, as `pattern.exec` finds them in a string of
 * them (see `windowMatches`: each match shorter than REACH).
 */
export function markupMatches(
  bytes: Buffer,
  pattern: RegExp,
  from = 0,
): Generator<{ match: RegExpExecArray; at: number }> {
  return windowMatches(bytes, bytes.length, pattern, from);
}
