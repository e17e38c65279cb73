/**
 * JSON written piece by piece, byte for byte what `JSON.stringify(value,
 * null, 2)` writes, so that a report of any size never has to be one string
 * (V8 caps strings at 512 MiB: `Invalid string length`). Plain data only:
 * objects, arrays, strings, numbers, booleans and null; `undefined` members
 * are left out as JSON.stringify leaves them out.
 */

/** An array written item by item from an iterable, which may be a generator. */
export class LazyArray {
  constructor(readonly items: Iterable<unknown>) {}
}

const isPrimitive = (value: unknown): value is string | number | boolean | null | undefined =>
  value === null || typeof value !== 'object';

/** True when one JSON.stringify can write `value`: nothing in it is lazy (checked one level deep). */
function flat(value: object): boolean {
  return !(value instanceof LazyArray) && Object.values(value).every(isPrimitive);
}

/**
 * `JSON.stringify(value, null, 2)` of an object or array of primitives, at
 * depth `indent`, written member by member: stringifying with an indent and
 * re-indenting every line cost more than the rest of a report's writing.
 */
function flatJson(value: object, indent: string): string {
  const inner = `${indent}  `;
  let out = '';
  if (Array.isArray(value)) {
    for (const item of value as unknown[])
      out += `${out ? ',' : '['}\n${inner}${JSON.stringify(item) ?? 'null'}`;
    return out ? `${out}\n${indent}]` : '[]';
  }
  for (const [key, member] of Object.entries(value)) {
    const text = JSON.stringify(member) as string | undefined;
    if (text === undefined) continue;
    out += `${out ? ',' : '{'}\n${inner}${JSON.stringify(key)}: ${text}`;
  }
  return out ? `${out}\n${indent}}` : '{}';
}

/** Flat array items stringified by one call. */
const FLAT_RUN = 256;

/**
 * `items` inside as many one-item arrays as `indent` has levels: stringified
 * with an indent, its items come out indented as they stand here, with no
 * second pass over the text to re-indent it.
 */
function nestedAs(items: unknown[], indent: string): unknown {
  let nested: unknown = items;
  for (let level = 0; level < indent.length / 2; level++) nested = [nested];
  return nested;
}

/**
 * The items of `nestedAs(items, indent)` as stringified: without the
 * brackets around them (a line each, opening `[\n` and closing `\n]`, two
 * more spaces a level) and without the first item's own indent, which its
 * writer puts before it.
 */
function itemsOf(text: string, indent: string): string {
  const levels = indent.length / 2 + 1;
  // Each level's bracket line: its indent (two spaces a level above it), the bracket, a newline.
  const edge = levels * (levels + 1);
  return text.slice(edge + indent.length, -edge);
}

/** Yields the JSON text of `value` at nesting depth `indent` (its leading spaces). */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  if (isPrimitive(value)) {
    yield JSON.stringify(value);
    return;
  }
  if (flat(value)) {
    yield flatJson(value, indent);
    return;
  }
  const inner = `${indent}  `;
  if (value instanceof LazyArray || Array.isArray(value)) {
    const items = value instanceof LazyArray ? value.items : (value as unknown[]);
    let first = true;
    // Flat items (a report's locations) are stringified FLAT_RUN at a time by one native
    // call: per item, that work was most of a large report's cost.
    let run: unknown[] = [];
    const flush = (): string => {
      const text = JSON.stringify(nestedAs(run, indent), null, 2);
      run = [];
      return itemsOf(text, indent);
    };
    for (const item of items) {
      // JSON.stringify writes an `undefined` item as null.
      const member = item === undefined ? null : item;
      if (isPrimitive(member) || flat(member)) {
        run.push(member);
        if (run.length < FLAT_RUN) continue;
      }
      if (run.length) {
        yield `${first ? '[\n' : ',\n'}${indent}${flush()}`;
        first = false;
      }
      if (member === null || isPrimitive(member) || flat(member)) continue;
      yield first ? `[\n${inner}` : `,\n${inner}`;
      first = false;
      yield* jsonPieces(member, inner);
    }
    if (run.length) {
      yield `${first ? '[\n' : ',\n'}${indent}${flush()}`;
      first = false;
    }
    yield first ? '[]' : `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(member, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/**
 * The Actions runner reads `##[` anywhere in a line of the log as a legacy
 * workflow command, and a report printed to stdout is the log. In JSON text
 * `##[` can only stand inside a string, where `\u005b` is the same `[`.
 */
export function* withoutLegacyCommands(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces)
    yield piece.includes('##[') ? piece.replaceAll('##[', '##\\u005b') : piece;
}

/** `JSON.stringify(value, null, 2)` with `##[` defused as `withoutLegacyCommands` does. */
export function jsonText(value: unknown): string {
  return [...withoutLegacyCommands([JSON.stringify(value, null, 2)])].join('');
}
