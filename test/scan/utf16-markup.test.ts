/**
 * UTF-16 text without a byte order mark whose first lines are in a script
 * without NUL bytes (Japanese notes above a key), numeric character
 * references padded with zeros (`&#045;`, `&#x002D;`, `&#0010;`), and keys
 * under another PEM label (`CERTIFICATE`) whose newlines are entities or
 * `<br>`. Keys are made at test time; every key found must carry the
 * fingerprint ssh-keygen gives, at its line. Then what must stay clean: UTF-16
 * text and markup with entities and certificates only.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { hasEscapedDashes } from '../../src/scan/decode/markup.js';
import { utf16Encoding } from '../../src/scan/decode/utf16.js';
import { findKeyBlocks, type KeyBlock } from '../../src/scan/detector.js';
import {
  makeKeyFactory,
  makeTempDir,
  removeTestKeys,
  TEST_KEY_SPECS,
  type TestKey,
} from '../helpers/keyfactory.js';
import { leaked32, pemBegin, pemEnd } from './detector-fixtures.js';

let dir: string;
let rsa: TestKey;
let ed: TestKey;
let ppk: TestKey;
/** A real self-signed certificate (openssl), no key. */
let certificate: string;

beforeAll(() => {
  dir = makeTempDir('utf16-markup-');
  const factory = makeKeyFactory(dir);
  const make = (name: string): TestKey => {
    const spec = TEST_KEY_SPECS[name];
    if (!spec) throw new Error(`no spec ${name}`);
    return factory.make(name, spec);
  };
  rsa = make('rsa-pkcs1');
  ed = make('ed25519-openssh');
  ppk = make('ed25519-ppk-v3');
  certificate = execFileSync(
    'openssl',
    ['req', '-new', '-x509', '-key', rsa.path, '-subj', '/CN=test', '-days', '1'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
  );
  expect(certificate).toContain(pemBegin('CERTIFICATE'));
});
afterAll(() => {
  removeTestKeys();
});

const find = (bytes: Buffer | string): KeyBlock[] => findKeyBlocks(Buffer.from(bytes));

/** Asserts that exactly one block was found: `key`, with ssh-keygen's fingerprint, at `line`. */
function expectKey(blocks: KeyBlock[], key: TestKey, line: number, encoding?: string): void {
  expect(blocks).toHaveLength(1);
  const block = blocks[0] as KeyBlock;
  expect(block.line).toBe(line);
  if (encoding !== undefined) expect(block.encoding).toBe(encoding);
  const identity = parseKeyBlock(block.text);
  expect(identity.fingerprint).toBe(key.truth.fingerprint);
  expect(leaked32(key, JSON.stringify(identity)).length).toBe(0);
}

const utf16 = (text: string, bigEndian: boolean): Buffer => {
  const units = Buffer.from(text, 'utf16le');
  return bigEndian ? units.swap16() : units;
};

const JAPANESE = '鍵のメモ：本番サーバー用の秘密鍵です。共有しないでください。\n';

describe('UTF-16 without a byte order mark, opening with non-Latin text', () => {
  test.each([
    ['LE', false, 'utf-16le'],
    ['BE', true, 'utf-16be'],
  ] as const)('%s: a PEM key after three lines of Japanese, at line 4', (_n, bigEndian, enc) => {
    const bytes = utf16(JAPANESE.repeat(3) + rsa.text, bigEndian);
    // Nothing NUL-like at the start: the old check (NULs in the first bytes) saw no UTF-16.
    expect(utf16Encoding(bytes.subarray(0, 64), true)).toBeNull();
    expectKey(find(bytes), rsa, 4, enc);
  });

  test.each([
    ['LE', false, 'utf-16le'],
    ['BE', true, 'utf-16be'],
  ] as const)('%s: a long Japanese head (no NUL in the first KiB), CRLF', (_n, bigEndian, enc) => {
    const head = `${'秘密鍵'.repeat(400)}\r\n`;
    const bytes = utf16(head + ed.text.replace(/\n/g, '\r\n'), bigEndian);
    expect(bytes.subarray(0, 1024).includes(0)).toBe(false);
    expectKey(find(bytes), ed, 2, enc);
  });

  test('a PuTTY file after Japanese notes', () => {
    const bytes = utf16(JAPANESE.repeat(2) + ppk.text, false);
    expectKey(find(bytes), ppk, 3, 'utf-16le');
  });

  test('a private key under a CERTIFICATE label after Japanese notes', () => {
    const relabelled = ed.text
      .replace(/-----BEGIN [A-Z ]+-----/, pemBegin('CERTIFICATE'))
      .replace(/-----END [A-Z ]+-----/, pemEnd('CERTIFICATE'));
    const blocks = find(utf16(JAPANESE.repeat(3) + relabelled, true));
    expect(blocks.map((block) => parseKeyBlock(block.text).fingerprint)).toEqual([
      ed.truth.fingerprint,
    ]);
    expect(blocks[0]?.encoding).toMatch(/^utf-16be\+/);
  });

  test('UTF-16 text without a key, or with a certificate only, is clean', () => {
    for (const bigEndian of [false, true]) {
      expect(find(utf16(JAPANESE.repeat(50), bigEndian))).toEqual([]);
      expect(find(utf16(JAPANESE + certificate + JAPANESE, bigEndian))).toEqual([]);
      // A marker named in prose, no body.
      expect(find(utf16(`${JAPANESE}${pemBegin('CERTIFICATE')} で始まる\n`, bigEndian))).toEqual(
        [],
      );
    }
  });

  test('a UTF-16 marker inside binary bytes does not make the file UTF-16', () => {
    const binary = Buffer.alloc(2048);
    for (let i = 0; i < binary.length; i += 3) binary[i] = (i * 7) & 0xff;
    const bytes = Buffer.concat([binary, utf16(rsa.text, false)]);
    expect(utf16Encoding(bytes, true)).toBeNull();
    // Text in UTF-8 with a NUL somewhere and no UTF-16 marker: not UTF-16 either.
    const text = Buffer.concat([Buffer.from(`${JAPANESE}note\n`), Buffer.from([0])]);
    expect(utf16Encoding(text, false)).toBeNull();
  });
});

describe('numeric character references padded with zeros', () => {
  const NL = /\n/g;
  const DASH = /-/g;
  test.each([
    [
      '&#045; dashes, &#10; newlines',
      (t: string) => t.replace(NL, '&#10;').replace(DASH, '&#045;'),
    ],
    [
      '&#x002D; dashes, &#xA; newlines',
      (t: string) => t.replace(NL, '&#xA;').replace(DASH, '&#x002D;'),
    ],
    [
      '&#x002d; dashes, &#x000A; newlines',
      (t: string) => t.replace(NL, '&#x000A;').replace(DASH, '&#x002d;'),
    ],
    ['&#045; dashes, literal newlines', (t: string) => t.replace(DASH, '&#045;')],
    [
      '&#00000045; dashes, &#00000010; newlines',
      (t: string) => t.replace(NL, '&#00000010;').replace(DASH, '&#00000045;'),
    ],
    ['&#0010; newlines, literal dashes', (t: string) => t.replace(NL, '&#0010;')],
    [
      'escaped twice: &amp;#045;',
      (t: string) => t.replace(NL, '&amp;#10;').replace(DASH, '&amp;#045;'),
    ],
  ])('%s: found at line 2', (_name, escape) => {
    const xml = `<a>\n<k>${escape(rsa.text)}</k></a>\n`;
    expectKey(find(xml), rsa, 2);
  });

  test('a PuTTY file with padded entity dashes', () => {
    const html = `<pre>\n${ppk.text.replace(/-/g, '&#x0002d;')}</pre>`;
    const blocks = find(html);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ kind: 'putty', line: 2, truncated: false });
    expect(parseKeyBlock(blocks[0]?.text ?? '').fingerprint).toBe(ppk.truth.fingerprint);
  });

  test('padded references to other characters are no escaped dashes', () => {
    expect(hasEscapedDashes(Buffer.from('<p>&#0046; &#x002E; &#0450; &#x2DA; #045 #x2d</p>'))).toBe(
      false,
    );
    expect(hasEscapedDashes(Buffer.from('<p>a&#045;b</p>'))).toBe(true);
    expect(hasEscapedDashes(Buffer.from('<p>a&amp;#x002D;b</p>'))).toBe(true);
  });
});

describe('a key under another PEM label, its newlines escaped in markup', () => {
  const relabel = (key: TestKey, label: string): string =>
    key.text
      .replace(/-----BEGIN [A-Z ]+-----/, pemBegin(label))
      .replace(/-----END [A-Z ]+-----/, pemEnd(label));
  const NL = /\n/g;

  test.each([
    ['XML &#10;', (t: string) => `<k>${t.replace(NL, '&#10;')}</k>\n`],
    ['XML &#xA;', (t: string) => `<?xml version="1.0"?>\n<k>${t.replace(NL, '&#xA;')}</k>\n`],
    ['HTML <br>', (t: string) => `<p>${t.replace(NL, '<br>')}</p>\n`],
    [
      'HTML <br /> and &#45; dashes',
      (t: string) => `<p>${t.replace(NL, '<br />').replace(/-/g, '&#45;')}</p>`,
    ],
    [
      'JSON holding HTML &lt;br&gt;',
      (t: string) => JSON.stringify({ html: t.replace(NL, '&lt;br&gt;') }),
    ],
  ])('%s', (_name, wrap) => {
    for (const key of [rsa, ed]) {
      const content = wrap(relabel(key, 'CERTIFICATE'));
      const blocks = find(content);
      expect(blocks.map((block) => parseKeyBlock(block.text).fingerprint)).toEqual([
        key.truth.fingerprint,
      ]);
      // Reported at the line of the BEGIN's line (the body runs on it).
      const line = content.slice(0, content.indexOf('BEGIN')).split('\n').length;
      expect(blocks[0]?.line).toBe(line);
      expect(blocks[0]?.encoding).toMatch(/^escaped\+/);
    }
  });

  test('beside prose that names a private key, and beside a key in clear', () => {
    const label = ['PRIVATE', 'KEY'].join(' ');
    const prose = `<p>Never commit a ${label}.</p>\n<p>${relabel(ed, 'CERTIFICATE').replace(NL, '&#10;')}</p>\n`;
    expect(find(prose).map((block) => parseKeyBlock(block.text).fingerprint)).toEqual([
      ed.truth.fingerprint,
    ]);
    const both = `<pre>\n${rsa.text}</pre>\n<p>${relabel(ed, 'CERTIFICATE').replace(NL, '<br>')}</p>\n`;
    expect(
      find(both)
        .map((block) => parseKeyBlock(block.text).fingerprint)
        .sort(),
    ).toEqual([rsa.truth.fingerprint, ed.truth.fingerprint].sort());
  });

  test('markup with entities and certificates only holds no key', () => {
    const cert = certificate;
    for (const content of [
      `<k>${cert.replace(NL, '&#10;')}</k>\n`,
      `<p>${cert.replace(NL, '<br>')}</p>\n`,
      `<p>${cert.replace(NL, '<br/>').replace(/-/g, '&#045;')}</p>\n`,
      `<html><body><p>a &amp; b &lt;c&gt;</p><pre>${cert}</pre><p>${cert.replace(NL, '&#xA;')}</p></body></html>\n`,
      JSON.stringify({ chain: [cert, cert].map((c) => c.replace(NL, '&#10;')) }),
    ])
      expect(find(content)).toEqual([]);
  });

  test('a key whose armour is read from a file path stays found through a scan', async () => {
    const { scan } = await import('../../src/scan/scan.js');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const tree = join(dir, 'markup-tree');
    mkdirSync(tree, { recursive: true });
    writeFileSync(
      join(tree, 'k.xml'),
      `<a>\n<k>${relabel(rsa, 'CERTIFICATE').replace(NL, '&#10;')}</k></a>\n`,
    );
    writeFileSync(join(tree, 'pad.xml'), `<a>\n<k>${ed.text.replace(/-/g, '&#045;')}</k></a>\n`);
    writeFileSync(join(tree, 'notes.txt'), utf16(JAPANESE.repeat(3) + rsa.text, true));
    const result = await scan({ path: tree, source: { kind: 'files' }, ignore: [] });
    const places = result.findings
      .flatMap((finding) =>
        finding.locations.map(
          (location) => `${location.path}:${location.line}:${finding.fingerprint}`,
        ),
      )
      .sort();
    expect(places).toEqual(
      [
        `k.xml:2:${rsa.truth.fingerprint}`,
        `notes.txt:4:${rsa.truth.fingerprint}`,
        `pad.xml:2:${ed.truth.fingerprint}`,
      ].sort(),
    );
  });
});
