/**
 * countNewlines, four bytes a step: the same count as one byte at a time for
 * every range and alignment, and bytes next to a newline's value (0x0a
 * borrowed into or carried from its neighbours) never counted.
 */
import { describe, expect, test } from 'vitest';
import { countNewlines } from '../../src/scan/newlines.js';

function naive(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at++) if (bytes[at] === 10) count++;
  return count;
}

/** A deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('countNewlines', () => {
  test('every range of views at every byte offset, dense and sparse newlines', () => {
    const next = random(7);
    const backing = Buffer.alloc(600);
    for (let trial = 0; trial < 400; trial++) {
      const density = trial % 4 === 0 ? 0.9 : 0.05;
      for (let at = 0; at < backing.length; at++)
        backing[at] = next() < density ? 10 : Math.floor(next() * 256);
      const view = backing.subarray(trial % 7, backing.length - (trial % 5));
      const from = Math.floor(next() * 40);
      const to = view.length - Math.floor(next() * 40);
      expect(countNewlines(view, from, to)).toBe(naive(view, from, to));
    }
  });

  test('long runs of newlines: per-lane counts are summed before a lane can overflow', () => {
    // 255 words of newlines fill each lane to 255; one word more would wrap it.
    for (const words of [254, 255, 256, 510, 511, 1000, 4096]) {
      for (const extra of [0, 1, 3]) {
        const bytes = Buffer.alloc(words * 4 + extra + 4, 10);
        const view = bytes.subarray(extra ? 4 - extra : 0);
        expect(countNewlines(view, 0, view.length)).toBe(view.length);
        expect(countNewlines(view, 1, view.length - 1)).toBe(view.length - 2);
      }
    }
  });

  test('bytes a borrow or a carry could mistake for 0x0a are not newlines', () => {
    const confusing = [0x0b, 0x09, 0x8a, 0x0a ^ 0x80, 0x00, 0xff, 0x1a, 0x7f];
    for (const byte of confusing) {
      const bytes = Buffer.from([byte, 10, byte, byte, 10, 10, byte, byte, byte, byte, 10]);
      expect(countNewlines(bytes, 0, bytes.length)).toBe(4);
    }
  });

  test('empty and reversed ranges count nothing', () => {
    const bytes = Buffer.from('a\nb\nc\n');
    expect(countNewlines(bytes, 3, 3)).toBe(0);
    expect(countNewlines(bytes, 5, 1)).toBe(0);
    expect(countNewlines(bytes.subarray(1), 0, 1)).toBe(1);
  });
});
