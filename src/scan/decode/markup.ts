/**
 * Undoes the escapes that hide a key's newlines and dashes in JSON (`\u000a`,
 * `\u002d`) and in XML or HTML (`&#10;`, `&#xA;`, `&NewLine;`, `&lt;`, `<br>`). A newline
 * becomes the two characters `\n`, which the block cutter already undoes: no
 * line moves, so the lines reported are the file's.
 */

/** A run of backslashes starts a match only at its start (the lookbehind): linear on hostile runs. */
const JSON_ESCAPE = /(?<!\\)\\+[uU]00([0-7][0-9a-fA-F])/g;
/** Entities, possibly escaped again (`&amp;#10;`): a bounded prefix keeps matching linear. */
const ENTITY =
  /&(?:amp;){0,3}(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|quot|apos|amp|NewLine|Tab));?/g;
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
const HIDDEN_DASH = ['\\u002d', '\\u002D', '&#45;', '&#x2d;', '&#x2D;'].map((text) =>
  Buffer.from(text),
);

/** Whether the blob's markers may be hidden behind escaped dashes. */
export function hasEscapedDashes(bytes: Buffer): boolean {
  return HIDDEN_DASH.some((needle) => bytes.includes(needle));
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
 * marker; null otherwise. Only called on blobs that hold `PRIVATE KEY`.
 */
export function unescapeMarkup(bytes: Buffer): { bytes: Buffer; encoding: string } | null {
  if (!hasEscapedDashes(bytes)) return null;
  const original = bytes.toString('latin1');
  const text = unescapeBlockText(original);
  if (text === original) return null;
  return { bytes: Buffer.from(text, 'latin1'), encoding: 'escaped' };
}
