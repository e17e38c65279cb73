/**
 * Blocks certainly no key are counted, not parsed, past the limits: a flood
 * of distinct marker-shaped blocks costs no parse each (a failed parse costs
 * up to half a millisecond) and the detector keeps only a few dozen of them
 * per blob. What decides (`certainLowKind`) must never take a key for junk:
 * every key of the catalogue, whole or cut, is checked against the parser.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, type KeyBlock } from '../../src/scan/detector.js';
import { FindingCollector, type BlobPlace } from '../../src/scan/findings.js';
import { certainLowKind, LOW_BLOCKS_KEPT } from '../../src/scan/low-confidence.js';
import { removeTestKeys, TEST_KEY_SPECS, type TestKey } from '../helpers/keyfactory.js';
import { makeKey } from '../helpers/gitrepo.js';
import { OPENSSH_LABEL, pemBegin, pemEnd, PUTTY_HEAD, RSA_LABEL } from './detector-fixtures.js';

// Every parse is counted; the parser itself runs as it is.
vi.mock('../../src/keys/parse.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/keys/parse.js')>();
  return { ...actual, parseKeyBlock: vi.fn(actual.parseKeyBlock) };
});
const parses = vi.mocked(parseKeyBlock);

const KEY = ['PRIVATE', 'KEY'].join(' ');
/** Catalogue keys of every format the parser reads, clear and encrypted. */
const CATALOGUE = [
  'rsa-pkcs1',
  'rsa-pkcs8',
  'rsa-openssh',
  'ecdsa-p256-sec1',
  'ecdsa-p384-openssh',
  'ed25519-openssh',
  'ed25519-pkcs8',
  'dsa-pem-openssl',
  'rsa-ppk-v2',
  'ed25519-ppk-v3',
  'ed25519-ppk-v3-encrypted',
  'rsa-openssh-encrypted',
  'rsa-pkcs1-encrypted',
];

let keys: TestKey[];
let ed25519: TestKey;

beforeAll(() => {
  keys = CATALOGUE.map((name) => {
    const spec = TEST_KEY_SPECS[name];
    if (!spec) throw new Error(`no key spec ${name}`);
    return makeKey(`low-confidence-${name}`, spec);
  });
  ed25519 = keys.find((key) => key.name.endsWith('ed25519-openssh')) as TestKey;
});

afterAll(() => {
  removeTestKeys();
});

beforeEach(() => {
  parses.mockClear();
});

const place = (path: string): BlobPlace => ({ path, commit: null, author: null, authorDate: null });

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `${[pemBegin(label), ...lines, pemEnd(label)].join('\n')}\n`;
}

/** A distinct PEM block whose body (two lines, as a paste cut short leaves it) cannot be a key. */
const junk = (prefix = ''): string => {
  const body = prefix + randomBytes(96).toString('base64');
  return `${pemBegin(RSA_LABEL)}\n${body.slice(0, 64)}\n${body.slice(64, 128)}\n${pemEnd(RSA_LABEL)}\n`;
};

/** A distinct OpenSSH fragment without END: the container's magic, then random bytes. */
const opensshFragment = (): string => {
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0\0\0', 'latin1'), randomBytes(60)]);
  return `${pemBegin(OPENSSH_LABEL)}\n${body.toString('base64')}\n`;
};

/** The key's text cut after `lines` lines (no END). */
const cutAfter = (text: string, lines: number): string =>
  `${text.split('\n').slice(0, lines).join('\n')}\n`;

/** What the collector makes of a parse: a fingerprint groups by key, the rest is capped by kind. */
function parsedKind(block: KeyBlock): string | null {
  const identity = parseKeyBlock(block.text);
  if (identity.fingerprint || identity.parsed) return null;
  if (block.placeholder) return 'placeholder';
  return identity.encrypted && !block.truncated ? 'encrypted' : 'other';
}

/** Every block of `text` judged as the parser reads it: a key is never certainly junk. */
function expectJudgedLikeTheParser(text: string): KeyBlock[] {
  const blocks = findKeyBlocks(Buffer.from(text));
  for (const block of blocks) {
    const low = certainLowKind(block);
    // Null means "may be a key" (parsed, whatever it turns out to be); otherwise the parse agrees.
    if (low !== null) expect(low, block.text.slice(0, 80)).toBe(parsedKind(block));
  }
  return blocks;
}

describe('certainLowKind never takes a key for junk', () => {
  test('whole keys of every format, clear and encrypted, are parsed', () => {
    for (const key of keys) {
      const blocks = expectJudgedLikeTheParser(key.text);
      expect(blocks, key.name).toHaveLength(1);
      const identity = parseKeyBlock((blocks[0] as KeyBlock).text);
      if (identity.fingerprint) expect(certainLowKind(blocks[0] as KeyBlock), key.name).toBeNull();
      else expect(certainLowKind(blocks[0] as KeyBlock), key.name).toBe('encrypted');
    }
  });

  test('keys cut after every line: whatever still shows a fingerprint is parsed', () => {
    let shown = 0;
    for (const key of keys) {
      const lines = key.text.trimEnd().split('\n').length;
      for (let cut = 2; cut < lines; cut++) {
        for (const block of expectJudgedLikeTheParser(cutAfter(key.text, cut))) {
          if (parseKeyBlock(block.text).fingerprint) shown++;
        }
      }
    }
    // OpenSSH and PuTTY keys show their public half early: many cuts are keys.
    expect(shown).toBeGreaterThan(20);
  });

  test('keys sshpk or OpenSSL read though their DER is not exact are parsed', () => {
    const rsa = Buffer.from(
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
        type: 'pkcs1',
        format: 'der',
      }),
    );
    // An outer length that claims more than there is (sshpk never checks it).
    const lying = Buffer.from(rsa);
    lying.writeUInt16BE(rsa.readUInt16BE(2) + 300, 2);
    const texts = [pem(RSA_LABEL, lying), pem(RSA_LABEL, Buffer.concat([rsa, randomBytes(80)]))];
    // Algorithms only OpenSSL reads, with bytes after the structure (OpenSSL allows them).
    for (const [type, options] of [
      ['ed448', {}],
      ['x25519', {}],
      ['ec', { namedCurve: 'secp224r1' }],
    ] as const) {
      const { privateKey } = generateKeyPairSync(type as 'ec', options as { namedCurve: string });
      const der = privateKey.export({ type: 'pkcs8', format: 'der' });
      texts.push(pem(KEY, Buffer.concat([der, randomBytes(40)])));
    }
    for (const text of texts) {
      const [block] = findKeyBlocks(Buffer.from(text));
      expect(parseKeyBlock((block as KeyBlock).text).parsed).toBe(true);
      expect(certainLowKind(block as KeyBlock)).toBeNull();
    }
  });

  test('junk is junk of the kind its parse makes it', () => {
    const encryptedLabel = `ENCRYPTED ${KEY}`;
    const texts = [
      junk(),
      junk('MIIEowIBAAKCAQEA'),
      opensshFragment(),
      `${pemBegin(RSA_LABEL)}\n...\n${pemEnd(RSA_LABEL)}\n`,
      `${pemBegin(encryptedLabel)}\n${randomBytes(300).toString('base64')}\n${pemEnd(encryptedLabel)}\n`,
      `${PUTTY_HEAD}3: ssh-rsa\nPublic-Lines: 1\n${randomBytes(30).toString('base64')}\nPrivate-Lines: 1\nAAAA\n`,
    ];
    const kinds = texts.map((text) => {
      const [block] = expectJudgedLikeTheParser(text);
      return certainLowKind(block as KeyBlock);
    });
    expect(kinds).toEqual(['other', 'other', 'other', 'placeholder', 'encrypted', 'other']);
  });
});

describe('a flood of distinct blocks costs no parse past the limits', () => {
  test('20k distinct unparsable blocks, then a real key: a few parses, the key found', () => {
    const flood = Array.from({ length: 20_000 }, () => junk()).join('');
    const warnings: string[] = [];
    const collector = new FindingCollector((message) => warnings.push(message));
    collector.addBlocks(findKeyBlocks(Buffer.from(flood + ed25519.text)), [place('flood.txt')]);
    const findings = collector.findings();
    expect(findings.filter((f) => f.fingerprint).map((f) => f.fingerprint)).toEqual([
      ed25519.fingerprint,
    ]);
    // The key's line: 4 per junk block.
    expect(findings.find((f) => f.fingerprint)?.locations[0]?.line).toBe(80_001);
    expect(findings.filter((f) => !f.fingerprint)).toHaveLength(10);
    expect(collector.finish().perFile).toBe(19_990);
    expect(warnings).toEqual([expect.stringMatching(/^19990 more low-confidence blocks/)]);
    // One parse for the key, one for the junk's shape: none per junk block.
    expect(parses.mock.calls.length).toBeLessThanOrEqual(2);
  });

  test('the detector keeps a few dozen junk blocks per blob and counts the rest', () => {
    const flood = Array.from({ length: 50_000 }, opensshFragment).join('');
    const blocks = findKeyBlocks(Buffer.from(flood + ed25519.text + flood));
    const standIn = blocks.filter((block) => block.dropped);
    expect(standIn).toHaveLength(1);
    expect(blocks.length).toBeLessThanOrEqual(2 * LOW_BLOCKS_KEPT + 2);
    expect(blocks.length - 1 + (standIn[0]?.dropped ?? 0)).toBe(100_001);
    // The key is kept wherever it sits.
    const key = blocks.find((block) => parseKeyBlock(block.text).fingerprint);
    expect(parseKeyBlock((key as KeyBlock).text).fingerprint).toBe(ed25519.fingerprint);
  });

  test('a file of SSH1 heads: each block holds its own bytes, not the 64 KiB after it', () => {
    const head = Buffer.from(`SSH ${KEY} FILE FORMAT 1.1\n\0`, 'latin1');
    const blocks = findKeyBlocks(Buffer.concat(Array.from({ length: 20_000 }, () => head)));
    const kept = blocks.filter((block) => !block.dropped);
    expect(kept.every((block) => block.text.length === head.length)).toBe(true);
    expect(kept.length + (blocks.at(-1)?.dropped ?? 0)).toBe(20_000);
  });

  test('past the scan limit, files of junk cost no parse; a key in the next file is found', () => {
    const collector = new FindingCollector(undefined, { lowConfidencePlaces: 20 });
    for (let file = 0; file < 50; file++) {
      const text = Array.from({ length: 20 }, () => junk()).join('');
      collector.addBlocks(findKeyBlocks(Buffer.from(text)), [place(`junk/${file}.txt`)]);
    }
    collector.addBlocks(findKeyBlocks(Buffer.from(ed25519.text)), [place('key.txt')]);
    expect(collector.findings().filter((f) => f.fingerprint)).toHaveLength(1);
    expect(collector.findings().filter((f) => !f.fingerprint)).toHaveLength(20);
    // 10 a file over the per-file limit, 480 over the scan's.
    expect(collector.finish()).toEqual({
      perFile: 500,
      placeholders: 0,
      encrypted: 0,
      others: 480,
    });
    expect(parses.mock.calls.length).toBeLessThanOrEqual(2);
  });
});
