/**
 * The streamed JSON is byte for byte what JSON.stringify(value, null, 2)
 * writes, whatever the nesting, and a lazy array is read once, item by item.
 */
import { describe, expect, test } from 'vitest';
import { jsonPieces, LazyArray } from '../../src/report/json-stream.js';

const joined = (value: unknown): string => [...jsonPieces(value)].join('');

/** `value` with every LazyArray made a plain array again, for JSON.stringify. */
function eager(value: unknown): unknown {
  if (value instanceof LazyArray) return [...value.items].map(eager);
  if (Array.isArray(value)) return value.map(eager);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, eager(member)]));
  return value;
}

describe('jsonPieces', () => {
  const cases: [string, () => unknown][] = [
    ['scalars', () => [null, 0, -1.5, true, 'a"\\\n\u2028é', '']],
    ['empty containers', () => ({ a: [], b: {}, c: [[]], d: [{}] })],
    [
      'undefined members and items',
      () => ({ a: undefined, b: [undefined, 1], c: { d: undefined } }),
    ],
    [
      'deep mixes',
      () => ({ runs: [{ tool: { rules: [{ id: 'x', tags: ['a', 'b'] }] }, results: [] }] }),
    ],
    [
      'lazy arrays, nested',
      () => ({
        findings: new LazyArray(
          [1, 2].map((n) => ({
            id: `k${n}`,
            ec2: { a: null, b: 'x' },
            locations: new LazyArray(
              (function* () {
                for (let i = 0; i < n; i++) yield { line: i };
              })(),
            ),
          })),
        ),
        empty: new LazyArray([]),
        stats: { files: 1 },
      }),
    ],
  ];
  test.each(cases)('%s', (_name, make) => {
    expect(joined(make())).toBe(JSON.stringify(eager(make()), null, 2));
  });

  test('a lazy array is consumed as it is written, never all at once', () => {
    let made = 0;
    const items = (function* () {
      for (let i = 0; i < 1000; i++) {
        made++;
        yield { i };
      }
    })();
    const pieces = jsonPieces({ items: new LazyArray(items) })[Symbol.iterator]();
    let written = 0;
    let maxAhead = 0;
    for (let next = pieces.next(); !next.done; next = pieces.next()) {
      written += next.value.split('"i"').length - 1;
      maxAhead = Math.max(maxAhead, made - written);
    }
    expect(written).toBe(1000);
    // Flat items are stringified a run of 256 at a time (one native call each): never more ahead.
    expect(maxAhead).toBeLessThanOrEqual(256);
  });
});
