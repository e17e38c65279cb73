/**
 * Where a malformed JSON text fails, found without the runtime's message
 * (which quotes the text: key material, when a key file is passed as a scan
 * report). The locator must agree with JSON.parse on what is malformed.
 */
import { describe, expect, test } from 'vitest';
import { jsonSyntaxError, positionIn } from '../src/json-syntax.js';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonSyntaxError', () => {
  test.each([
    ['', 0, 'a value'],
    ['{', 1, 'a property name in double quotes or }'],
    ['{"a" 1}', 5, ':'],
    ['{"a":1,}', 7, 'a property name in double quotes'],
    ['[1,]', 3, 'a value'],
    ['[1 2]', 3, ', or ]'],
    ['{"a":1} x', 8, 'the end of the text'],
    ['"abc', 4, 'a closing double quote'],
    ['"a\nb"', 2, 'an escaped control character (raw ones are not allowed)'],
    ['"\\x"', 2, 'an escape: one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u'],
    ['"\\u12g4"', 3, 'four hex digits after \\u'],
    ['01', 1, 'the end of the text'],
    ['-', 0, 'a value'],
    ['\ufeff{}', 0, 'a value'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 0, 'a value'],
  ])('%j fails at %i, expecting %s', (text, offset, expected) => {
    expect(parses(text)).toBe(false);
    expect(jsonSyntaxError(text)).toEqual({ offset, expected });
  });

  test.each(['{}', '[]', ' [1, -0.5e+3, "a\\u00e9\\n", true, false, null, {"a": [{}]}] ', '"x"'])(
    '%j is valid',
    (text) => {
      expect(parses(text)).toBe(true);
      expect(jsonSyntaxError(text)).toBeNull();
    },
  );

  test('agrees with JSON.parse on thousands of mutated documents', () => {
    const next = random(20260305);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const value = (depth: number): unknown => {
      const roll = next();
      if (depth > 3 || roll < 0.4)
        return pick([0, -1.5, 2e10, 'text', 'é\n"\\', true, false, null, '']);
      if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}`, value(depth + 1)]),
      );
    };
    const alphabet = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      ' ',
      '\n',
      '0',
      '-',
      '.',
      'e',
      'a',
      't',
      'n',
      '\u0001',
    ];
    let malformed = 0;
    for (let round = 0; round < 5000; round++) {
      let text = JSON.stringify(value(0), null, next() < 0.5 ? 1 : undefined) ?? '';
      for (let edits = 1 + Math.floor(next() * 2); edits > 0; edits--) {
        const at = Math.floor(next() * (text.length + 1));
        const kind = next();
        if (kind < 0.33) text = text.slice(0, at) + text.slice(at + 1);
        else if (kind < 0.66) text = text.slice(0, at) + pick(alphabet) + text.slice(at);
        else text = text.slice(0, at) + pick(alphabet) + text.slice(at + 1);
      }
      const error = jsonSyntaxError(text);
      expect({ text, valid: error === null }).toEqual({ text, valid: parses(text) });
      if (error) {
        malformed++;
        expect(error.offset).toBeGreaterThanOrEqual(0);
        expect(error.offset).toBeLessThanOrEqual(text.length);
      }
    }
    expect(malformed).toBeGreaterThan(1000);
  });

  test('positions count lines, columns and UTF-8 bytes', () => {
    expect(positionIn('{\n  "é": x', 9)).toBe('line 2, column 8 (byte 10)');
    expect(positionIn('x', 0)).toBe('line 1, column 1 (byte 0)');
  });
});
