/**
 * Keys as they sit in real files: escaped in JSON, split into string literals,
 * commented out, indented in YAML, in heredocs. Each must be cut out, peeled
 * back to the key and identified by the fingerprint ssh-keygen gives.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findKeyBlocks } from '../../src/scan/detector.js';
import {
  expectFound,
  generateDetectorKeys,
  removeDetectorKeys,
  isPuttyName,
  KEY_NAMES,
  lineAt,
  markerIndex,
  PACKAGINGS,
  type Keys,
} from './detector-fixtures.js';

let keys: Keys;

beforeAll(() => {
  keys = generateDetectorKeys();
});

afterAll(() => {
  removeDetectorKeys(keys);
});

const cases = PACKAGINGS.flatMap((packaging) =>
  KEY_NAMES.filter((name) => !(packaging.pemOnly && isPuttyName(name))).map((name) => ({
    packaging: packaging.name,
    name,
    wrap: packaging.wrap,
  })),
);

describe('a packaged key is found, at its line, with the ssh-keygen fingerprint', () => {
  test.each(cases)('$packaging: $name', ({ name, wrap }) => {
    const key = keys[name];
    const content = wrap(key.text);
    const at = markerIndex(content, key);
    const blocks = findKeyBlocks(Buffer.from(content));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.offset).toBe(Buffer.byteLength(content.slice(0, at)));
    expectFound(blocks[0], key, lineAt(content, at));
  });
});

describe('packaging sanity', () => {
  test('the packagings cover every format the brief names, for PEM and .ppk', () => {
    // Guards the table above against losing cases: 30 packagings, one PEM-only.
    expect(PACKAGINGS).toHaveLength(30);
    expect(cases).toHaveLength(30 * 3 - 1);
  });

  test.each(['JSON string, minified', 'JSON inside a JSON string (double-escaped)'])(
    '%s holds no raw newline inside the key',
    (packagingName) => {
      const packaging = PACKAGINGS.find((p) => p.name === packagingName);
      const keyText = keys['rsa-pkcs1'].text;
      const content = packaging?.wrap(keyText) ?? '';
      expect(content).not.toBe('');
      // The detector must undo the escaping, not find a verbatim copy.
      expect(content.includes(keyText)).toBe(false);
      expect(content.includes(`${keyText.split('\n')[0] ?? ''}\n`)).toBe(false);
    },
  );
});
