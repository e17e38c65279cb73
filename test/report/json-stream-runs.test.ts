import { describe, expect, test } from 'vitest';
import { jsonPieces, LazyArray } from '../../src/report/json-stream.js';

/** Items of every shape, flat ones in runs longer and shorter than one stringify run (256). */
function items(): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < 700; i++) {
    if (i % 97 === 5) out.push({ nested: { deeper: [i, { x: 'y' }] }, list: [] });
    else if (i % 61 === 7) out.push(undefined);
    else if (i % 53 === 3) out.push(`text "${i}"\n`);
    else if (i % 41 === 1) out.push([i, null, 'a']);
    else if (i % 37 === 2) out.push({});
    else out.push({ path: `p/${i}`, line: i, commit: null, kind: undefined, ok: i % 2 === 0 });
  }
  return out;
}

describe('arrays of flat items, stringified in runs', () => {
  test('byte for byte JSON.stringify(value, null, 2), lazy or not, at any depth', () => {
    const list = items();
    const document = { a: { b: list }, c: new LazyArray(list.values()), d: [], e: [{ f: list }] };
    const eager = { a: { b: list }, c: list, d: [], e: [{ f: list }] };
    expect([...jsonPieces(document)].join('')).toBe(JSON.stringify(eager, null, 2));
    expect([...jsonPieces(new LazyArray(list.values()))].join('')).toBe(
      JSON.stringify(list, null, 2),
    );
    expect([...jsonPieces(new LazyArray([]))].join('')).toBe('[]');
    expect([...jsonPieces(new LazyArray([undefined]))].join('')).toBe('[\n  null\n]');
  });
});
