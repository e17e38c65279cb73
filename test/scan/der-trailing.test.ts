/**
 * A binary DER private key followed by other bytes: an editor's stray byte,
 * the key's certificate (`cat key.der cert.der`), the key written twice, a
 * second key. `openssl pkey -inform DER` reads the first element and ignores
 * the rest, so the scanner must find the key too (and every key after it),
 * in a bare file, inside gzip and base64'd in a `.env` value. Keys are made
 * at test time; every key found must carry the fingerprint ssh-keygen gives.
 * DER that is no private key (certificates, public keys, CSRs, a .p12 of
 * certificates only, random bytes), with bytes after it, stays no finding.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, type KeyBlock } from '../../src/scan/detector.js';
import { scan } from '../../src/scan/scan.js';
import {
  makeKeyFactory,
  makeSpecKey,
  makeTempDir,
  removeTestKeys,
  type TestKey,
} from '../helpers/keyfactory.js';
import { leaked32 } from './detector-fixtures.js';

let dir: string;
let rsa: TestKey;
let ec: TestKey;
let ed: TestKey;
let dsa: TestKey;

beforeAll(() => {
  dir = makeTempDir('der-trailing-');
  const factory = makeKeyFactory(dir);
  rsa = makeSpecKey(factory, 'rsa-pkcs1');
  ec = makeSpecKey(factory, 'ecdsa-p256-sec1');
  ed = makeSpecKey(factory, 'ed25519-pkcs8');
  dsa = makeSpecKey(factory, 'dsa-pem-openssl');
});
afterAll(() => {
  removeTestKeys();
});

function openssl(args: string[]): Buffer {
  return execFileSync('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
}

/** The key in DER: PKCS#8 unless `form` says otherwise. */
function der(key: TestKey, form: 'pkcs8' | 'traditional' = 'pkcs8'): Buffer {
  return form === 'pkcs8'
    ? openssl(['pkcs8', '-topk8', '-nocrypt', '-in', key.path, '-outform', 'DER'])
    : openssl(['pkey', '-in', key.path, '-traditional', '-outform', 'DER']);
}

function certificate(key: TestKey, outform: 'DER' | 'PEM' = 'DER'): Buffer {
  return openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    key.path,
    '-subj',
    '/CN=der-trailing',
    '-days',
    '1',
    '-outform',
    outform,
  ]);
}

interface Found {
  blocks: KeyBlock[];
  warnings: string[];
}

function find(bytes: Buffer | string): Found {
  const warnings: string[] = [];
  const blocks = findKeyBlocks(Buffer.from(bytes), (message) => warnings.push(message));
  return { blocks, warnings };
}

/** The fingerprints of the blocks found, in order; checks that none echoes a secret. */
function fingerprints(found: Found, keys: TestKey[] = []): (string | null)[] {
  return found.blocks.map((block) => {
    const identity = parseKeyBlock(block.text);
    for (const key of keys)
      expect(leaked32(key, JSON.stringify({ ...identity, line: block.line })).length).toBe(0);
    return identity.fingerprint;
  });
}

/** Asserts that exactly `key` was found, with ssh-keygen's fingerprint, at line 1 in `encoding`. */
function expectKey(found: Found, key: TestKey, encoding: string): void {
  expect(fingerprints(found, [key])).toEqual([key.truth.fingerprint]);
  expect(found.blocks[0]).toMatchObject({ line: 1, encoding, truncated: false });
  expect(parseKeyBlock(found.blocks[0]?.text ?? '').ec2Fingerprints).toEqual(key.ec2Fingerprints);
}

const X = Buffer.from('x');

describe('a DER private key with bytes after it', () => {
  test.each([
    ['PKCS#8 RSA', 'rsa', 'pkcs8'],
    ['PKCS#1 RSA', 'rsa', 'traditional'],
    ['SEC1 EC', 'ec', 'traditional'],
    ['PKCS#8 EC', 'ec', 'pkcs8'],
    ['PKCS#8 Ed25519', 'ed', 'pkcs8'],
    ['DSA', 'dsa', 'traditional'],
  ] as const)('%s followed by one byte', (_name, which, form) => {
    const key = { rsa, ec, ed, dsa }[which];
    const bytes = Buffer.concat([der(key, form), X]);
    // openssl itself reads it.
    openssl(['pkey', '-inform', 'DER', '-in', writeTemp(`${which}-${form}.der`, bytes), '-noout']);
    expectKey(find(bytes), key, 'der');
  });

  test('followed by a line of text, and by many bytes of junk', () => {
    expectKey(find(Buffer.concat([der(rsa), Buffer.from('# saved by deploy.sh\n')])), rsa, 'der');
    expectKey(find(Buffer.concat([der(ec, 'traditional'), randomBytes(5000)])), ec, 'der');
  });

  test('a key followed by its certificate (cat key.der cert.der)', () => {
    const bytes = Buffer.concat([der(rsa), certificate(rsa)]);
    expectKey(find(bytes), rsa, 'der');
    expectKey(find(Buffer.concat([der(rsa, 'traditional'), certificate(rsa)])), rsa, 'der');
  });

  test('the same key written twice is one block', () => {
    const once = der(ed);
    expectKey(find(Buffer.concat([once, once])), ed, 'der');
    expectKey(find(Buffer.concat([once, Buffer.from('\n'), once, X])), ed, 'der');
  });

  test('two keys back to back give both, with a certificate between or after', () => {
    const two = find(Buffer.concat([der(rsa), der(ec, 'traditional')]));
    expect(fingerprints(two, [rsa, ec])).toEqual([rsa.truth.fingerprint, ec.truth.fingerprint]);
    expect(two.blocks.every((block) => block.encoding === 'der')).toBe(true);
    const three = find(Buffer.concat([der(ed), certificate(ed), der(dsa, 'traditional'), X]));
    expect(fingerprints(three, [ed, dsa])).toEqual([ed.truth.fingerprint, dsa.truth.fingerprint]);
  });

  test('an encrypted PKCS#8 DER followed by one byte is reported as encrypted', () => {
    const encrypted = openssl([
      'pkcs8',
      '-topk8',
      '-in',
      rsa.path,
      '-outform',
      'DER',
      '-passout',
      'pass:not-a-well-known-9173',
    ]);
    const found = find(Buffer.concat([encrypted, X]));
    expect(found.blocks).toHaveLength(1);
    expect(parseKeyBlock(found.blocks[0]?.text ?? '')).toMatchObject({
      encrypted: true,
      parsed: false,
      fingerprint: null,
    });
  });

  test('inside gzip, and base64 in a .env value', () => {
    const bytes = Buffer.concat([der(rsa), X]);
    expectKey(find(gzipSync(bytes)), rsa, 'gzip+der');
    const env = find(`APP=1\nK=${bytes.toString('base64')}\n`);
    expect(fingerprints(env, [rsa])).toEqual([rsa.truth.fingerprint]);
    expect(env.blocks[0]).toMatchObject({ line: 2, encoding: 'base64+der' });
  });

  test('a tree scan reports the file with ssh-keygen’s fingerprint', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(tree, { recursive: true });
    writeFileSync(join(tree, 'deploy.der'), Buffer.concat([der(rsa), X]));
    writeFileSync(join(tree, 'bundle.der'), Buffer.concat([der(ec), certificate(ec)]));
    const result = await scan({ path: tree, source: { kind: 'files' }, ignore: [] });
    const found = result.findings
      .map((finding) => [finding.fingerprint, finding.locations.map((l) => l.path)])
      .sort();
    expect(found).toEqual(
      [
        [rsa.truth.fingerprint, ['deploy.der']],
        [ec.truth.fingerprint, ['bundle.der']],
      ].sort(),
    );
  });
});

describe('DER that is no private key stays no finding, with bytes after it', () => {
  test('certificates, public keys, a CSR, each followed by bytes or by one another', () => {
    const cert = certificate(rsa);
    const pub = openssl(['pkey', '-in', rsa.path, '-pubout', '-outform', 'DER']);
    const rsaPub = openssl(['rsa', '-in', rsa.path, '-RSAPublicKey_out', '-outform', 'DER']);
    const csr = openssl([
      'req',
      '-new',
      '-key',
      ec.path,
      '-subj',
      '/CN=der-trailing',
      '-outform',
      'DER',
    ]);
    for (const bytes of [
      Buffer.concat([cert, X]),
      Buffer.concat([cert, certificate(ec)]),
      Buffer.concat([cert, randomBytes(300)]),
      Buffer.concat([pub, X]),
      Buffer.concat([rsaPub, X]),
      Buffer.concat([csr, X]),
      Buffer.concat([pub, cert, csr]),
    ]) {
      const found = find(bytes);
      expect(found.blocks).toEqual([]);
    }
  });

  test('a .p12 of certificates only, alone and followed by a byte', () => {
    const certFile = writeTemp('only-cert.pem', certificate(rsa, 'PEM'));
    const p12 = openssl(['pkcs12', '-export', '-nokeys', '-in', certFile, '-passout', 'pass:']);
    expect(find(p12).blocks).toEqual([]);
    expect(find(Buffer.concat([p12, X])).blocks).toEqual([]);
  });

  test('random binary, also opening with a SEQUENCE that fits the bytes', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(512 + i * 37);
      expect(find(bytes).blocks).toEqual([]);
      // A SEQUENCE of 300 bytes, then more: only its structure is left to tell.
      bytes[0] = 0x30;
      bytes[1] = 0x82;
      bytes.writeUInt16BE(300, 2);
      bytes[4] = 0x02;
      bytes[5] = 0x01;
      bytes[6] = i % 2;
      expect(find(bytes).blocks).toEqual([]);
    }
  });

  test('gzip of random data', () => {
    for (let i = 0; i < 20; i++) expect(find(gzipSync(randomBytes(4096 + i))).blocks).toEqual([]);
  });
});

function writeTemp(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes, { mode: 0o600 });
  return path;
}
