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
 * The bytes with those escapes undone, when escaped dashes may hide a
 * marker (or, `always`, whatever they hide: the newlines of a key under
 * another label, which the base64 decoder then reads); null when nothing
 * was escaped. Only called on markup that holds `PRIVATE KEY`, PuTTY's
 * head or a PEM BEGIN line.
 */
export function unescapeMarkup(
  bytes: Buffer,
  always = false,
): { bytes: Buffer; encoding: string } | null {
  if (!always && !hasEscapedDashes(bytes)) return null;
  const original = bytes.toString('latin1');
  const text = unescapeBlockText(original);
  if (text === original) return null;
  return { bytes: Buffer.from(text, 'latin1'), encoding: 'escaped' };
}
