/**
 * The detector's cache of rebuilt blocks, looked up by raw bytes: only the
 * same bytes (and the same tag) ever share a result, however the hash of
 * its sample collides, and colliding input cannot make lookups grow.
 */
import { describe, expect, test } from 'vitest';
import { RawRebuildCache } from '../../src/scan/rebuild-cache.js';

/** 4 KiB of varied text, with byte `at` set to `value` (bytes off the hash's sample collide). */
function block(at: number, value: number): Buffer {
  const bytes = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789+/'.repeat(108).slice(0, 4096));
  bytes[at] = value;
  return bytes;
}

/** A byte in the middle that the sampled hash skips (its stride is 29 from the 64th byte). */
const UNSAMPLED = 64 + 29 * 20 + 5;

describe('RawRebuildCache', () => {
  test('the same bytes are built once, wherever they sit in the window', () => {
    const cache = new RawRebuildCache<string>(16, 16 * 1024);
    let builds = 0;
    const build = (): string => `built ${++builds}`;
    const first = block(UNSAMPLED, 0x41);
    const window = Buffer.concat([Buffer.from('prefix '), first, Buffer.from(' suffix')]);
    expect(cache.get(first, 0, first.length, 3, build)).toBe('built 1');
    expect(cache.get(window, 7, 7 + first.length, 3, build)).toBe('built 1');
    expect(builds).toBe(1);
    // Another tag (prefix length, END found or not) is another block.
    expect(cache.get(first, 0, first.length, 4, build)).toBe('built 2');
  });

  test('bytes that differ only where the hash does not look never share a result', () => {
    const cache = new RawRebuildCache<number>(256, 16 * 1024);
    const results: number[] = [];
    for (let value = 0; value < 12; value++) {
      const bytes = block(UNSAMPLED, 0x41 + value);
      results.push(cache.get(bytes, 0, bytes.length, 0, () => value));
    }
    // Twelve colliding blocks: each gets its own result (past four per hash, rebuilt each time).
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (let value = 0; value < 12; value++) {
      const bytes = block(UNSAMPLED, 0x41 + value);
      let built = false;
      const result = cache.get(bytes, 0, bytes.length, 0, () => {
        built = true;
        return value;
      });
      expect(result).toBe(value);
      // The first four were kept; the rest are rebuilt, not searched for in a growing list.
      expect(built).toBe(value >= 4);
    }
  });

  test('bounded: texts over the size limit are never kept, and a full cache starts again', () => {
    const cache = new RawRebuildCache<number>(2, 1024);
    let builds = 0;
    const big = block(10, 0x41);
    cache.get(big, 0, big.length, 0, () => ++builds);
    cache.get(big, 0, big.length, 0, () => ++builds);
    expect(builds).toBe(2);
    const small = [0, 1, 2].map((n) => Buffer.from(`small block ${n}`));
    for (const bytes of small) cache.get(bytes, 0, bytes.length, 0, () => ++builds);
    expect(builds).toBe(5);
    // The third entry emptied the full cache: the first is built again, the third is not.
    cache.get(small[2] as Buffer, 0, 13, 0, () => ++builds);
    expect(builds).toBe(5);
    cache.get(small[0] as Buffer, 0, 13, 0, () => ++builds);
    expect(builds).toBe(6);
  });
});
