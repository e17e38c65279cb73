/**
 * Key forms sshpk does not read though OpenSSH does (EC without its public
 * point, with explicit parameters or a compressed point; multi-prime RSA),
 * RSA-PSS, and hostile DER and SSH wire lengths that once cost sshpk ~20 s
 * of CPU per 131-byte block. Keys are made at test time by openssl; the
 * fingerprints they must give are what ssh-keygen (and openssl, for EC2's
 * RSA fingerprints) compute on the same files.
 */
import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { derChildren, derElementAt } from '../../src/keys/der-check.js';
import { sha256Fingerprint } from '../../src/keys/fingerprint.js';
import { explicitEcKey } from '../../src/keys/node-fallback.js';
import { parseKeyBlock } from '../../src/keys/parse.js';
import type { KeyIdentity } from '../../src/keys/types.js';
import { findKeyBlocks } from '../../src/scan/detector.js';
import {
  makeTempDir,
  opensslCreatedFingerprint,
  opensslImportedFingerprint,
  publicKeyOf,
  removeTestKeys,
  sshKeygenFingerprints,
} from '../helpers/keyfactory.js';
import { pemBegin, pemEnd } from '../scan/detector-fixtures.js';

const KEY = ['PRIVATE', 'KEY'].join(' ');
const LABEL = { rsa: `RSA ${KEY}`, ec: `EC ${KEY}`, pkcs8: KEY, openssh: `OPENSSH ${KEY}` };
const NO_EC2 = { imported: null, created: null, ed25519: null };

let dir: string;

function run(cmd: string, args: string[]): Buffer {
  return execFileSync(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
}

function openssl(...args: string[]): void {
  run('openssl', args);
}

function pemBody(text: string): Buffer {
  return Buffer.from(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'))
      .join(''),
    'base64',
  );
}

function pemOf(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `${pemBegin(label)}\n${lines.join('\n')}\n${pemEnd(label)}\n`;
}

interface OddKey {
  name: string;
  path: string;
  text: string;
  format: 'pkcs1' | 'pkcs8' | 'sec1';
  keyType: 'rsa' | 'ecdsa';
}

const CURVES = { p256: 'prime256v1', p384: 'secp384r1', p521: 'secp521r1' } as const;
const oddKeys: OddKey[] = [];

/** Writes the odd forms of one EC key (and its PKCS#8 twins) with openssl. */
function makeEcForms(curve: keyof typeof CURVES): void {
  const base = join(dir, `ec-${curve}.pem`);
  openssl('ecparam', '-name', CURVES[curve], '-genkey', '-noout', '-out', base);
  const forms: [string, string[]][] = [
    ['no-public', ['-no_public']],
    ['explicit', ['-param_enc', 'explicit']],
    ['compressed', ['-conv_form', 'compressed']],
  ];
  for (const [form, args] of forms) {
    const sec1 = join(dir, `ec-${curve}-${form}-sec1.pem`);
    openssl('ec', '-in', base, ...args, '-out', sec1);
    const pkcs8 = join(dir, `ec-${curve}-${form}-pkcs8.pem`);
    openssl('pkcs8', '-topk8', '-nocrypt', '-in', sec1, '-out', pkcs8);
    for (const [path, format] of [
      [sec1, 'sec1'],
      [pkcs8, 'pkcs8'],
    ] as const) {
      const name = `ec-${curve}-${form}-${format}`;
      oddKeys.push({ name, path, text: readFileSync(path, 'utf8'), format, keyType: 'ecdsa' });
    }
  }
}

function makeMultiPrimeRsa(): void {
  const pkcs8 = join(dir, 'rsa-3-primes-pkcs8.pem');
  openssl(
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-pkeyopt',
    'rsa_keygen_primes:3',
    '-out',
    pkcs8,
  );
  const pkcs1 = join(dir, 'rsa-3-primes-pkcs1.pem');
  openssl('rsa', '-in', pkcs8, '-traditional', '-out', pkcs1);
  oddKeys.push(
    {
      name: 'rsa-3-primes-pkcs8',
      path: pkcs8,
      text: readFileSync(pkcs8, 'utf8'),
      format: 'pkcs8',
      keyType: 'rsa',
    },
    {
      name: 'rsa-3-primes-pkcs1',
      path: pkcs1,
      text: readFileSync(pkcs1, 'utf8'),
      format: 'pkcs1',
      keyType: 'rsa',
    },
  );
}

beforeAll(() => {
  dir = makeTempDir('odd-forms-');
  for (const curve of Object.keys(CURVES) as (keyof typeof CURVES)[]) makeEcForms(curve);
  makeMultiPrimeRsa();
});
afterAll(() => {
  removeTestKeys();
});

/** What the tools say about a key file: ssh-keygen's fingerprints, openssl's EC2 ones for RSA. */
function truthOf(key: OddKey): Partial<KeyIdentity> {
  const listing = sshKeygenFingerprints(key.path);
  const publicKey = publicKeyOf(run('ssh-keygen', ['-y', '-f', key.path]).toString());
  return {
    keyType: key.keyType,
    bits: listing.bits,
    format: key.format,
    encrypted: false,
    parsed: true,
    fingerprint: listing.fingerprint,
    md5: listing.md5,
    publicKey,
    ec2Fingerprints:
      key.keyType === 'rsa'
        ? {
            imported: opensslImportedFingerprint(key.path),
            created: opensslCreatedFingerprint(key.path),
            ed25519: null,
          }
        : NO_EC2,
  };
}

describe('valid keys sshpk cannot read get the fingerprints ssh-keygen prints', () => {
  test('every odd form was made', () => {
    expect(oddKeys.map((key) => key.name)).toHaveLength(3 * 3 * 2 + 2);
  });

  test.each([
    ...Object.keys(CURVES).flatMap((curve) =>
      ['no-public', 'explicit', 'compressed'].flatMap((form) =>
        ['sec1', 'pkcs8'].map((format) => `ec-${curve}-${form}-${format}`),
      ),
    ),
    'rsa-3-primes-pkcs8',
    'rsa-3-primes-pkcs1',
  ])('%s', (name) => {
    const key = oddKeys.find((candidate) => candidate.name === name);
    if (!key) throw new Error(`no key ${name}`);
    const truth = truthOf(key);
    expect(parseKeyBlock(key.text)).toEqual({ ...truth, note: null });

    // As the scanner finds it: in PEM text, and as a binary DER file.
    const blocks = findKeyBlocks(Buffer.from(`config:\n${key.text}`));
    expect(blocks).toHaveLength(1);
    expect(parseKeyBlock(blocks[0]?.text ?? '')).toMatchObject(truth);
    const derBlocks = findKeyBlocks(pemBody(key.text));
    expect(derBlocks).toHaveLength(1);
    expect(parseKeyBlock(derBlocks[0]?.text ?? '')).toMatchObject({
      fingerprint: truth.fingerprint,
      md5: truth.md5,
      ec2Fingerprints: truth.ec2Fingerprints,
    });
  });

  test.each(Object.keys(CURVES))(
    '%s with explicit parameters is mapped to its named curve by hand too',
    (curve) => {
      for (const format of ['sec1', 'pkcs8']) {
        const key = oddKeys.find(
          (candidate) => candidate.name === `ec-${curve}-explicit-${format}`,
        );
        if (!key) throw new Error('missing key');
        const read = explicitEcKey(pemBody(key.text));
        if (read?.kind !== 'key') throw new Error(`not read: ${JSON.stringify(read)}`);
        expect(sha256Fingerprint(read.publicKey)).toBe(sshKeygenFingerprints(key.path).fingerprint);
      }
    },
  );

  test('explicit parameters of no NIST curve are not mapped to one', () => {
    const key = oddKeys.find((candidate) => candidate.name === 'ec-p256-explicit-sec1');
    if (!key) throw new Error('missing key');
    const der = pemBody(key.text);
    // The generator's first byte after the 04: another point, another curve.
    const generator = der.indexOf(Buffer.from('046b17d1f2', 'hex'));
    expect(generator).toBeGreaterThan(0);
    const other = Buffer.from(der);
    other[generator + 1] = (other[generator + 1] ?? 0) ^ 1;
    expect(explicitEcKey(other)).toBeNull();
    const prime = der.indexOf(Buffer.from('ffffffff00000001', 'hex'));
    const otherPrime = Buffer.from(der);
    otherPrime[prime + 8] = (otherPrime[prime + 8] ?? 0) ^ 1;
    expect(explicitEcKey(otherPrime)).toBeNull();
  });

  test('a compressed public point that is not the private key’s is damage, not a key', () => {
    const key = oddKeys.find((candidate) => candidate.name === 'ec-p256-compressed-sec1');
    if (!key) throw new Error('missing key');
    const der = Buffer.from(pemBody(key.text));
    const stranger = createECDH('prime256v1');
    stranger.generateKeys();
    stranger.getPublicKey(undefined, 'compressed').copy(der, der.length - 33);
    const identity = parseKeyBlock(pemOf(LABEL.ec, der));
    expect(identity).toMatchObject({ parsed: false, fingerprint: null });
  });

  test('a multi-prime RSA key with a damaged prime is damage, not a key', () => {
    const key = oddKeys.find((candidate) => candidate.name === 'rsa-3-primes-pkcs1');
    if (!key) throw new Error('missing key');
    const der = Buffer.from(pemBody(key.text));
    const top = derElementAt(der, 0, der.length);
    const p = top && derChildren(der, top.content, top.end)?.[4];
    if (!p) throw new Error('no prime');
    der[p.content + 20] = (der[p.content + 20] ?? 0) ^ 0x10;
    expect(parseKeyBlock(pemOf(LABEL.rsa, der))).toMatchObject({
      parsed: false,
      fingerprint: null,
    });
  });

  test('an RSA-PSS key is a private key with no OpenSSH or EC2 fingerprint', () => {
    const path = join(dir, 'rsa-pss.pem');
    openssl('genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path);
    // ssh-keygen cannot fingerprint it either.
    expect(() => sshKeygenFingerprints(path)).toThrow();
    const text = readFileSync(path, 'utf8');
    const expected = {
      keyType: 'unknown',
      bits: null,
      format: 'pkcs8',
      encrypted: false,
      parsed: true,
      fingerprint: null,
      md5: null,
      ec2Fingerprints: NO_EC2,
      publicKey: null,
      note: expect.stringMatching(/^RSA-PSS key: .*no OpenSSH or EC2 fingerprint/),
    };
    expect(parseKeyBlock(text)).toEqual(expected);
    const blocks = findKeyBlocks(Buffer.from(text));
    expect(parseKeyBlock(blocks[0]?.text ?? '')).toEqual(expected);
  });
});

/** DER TLV with a correct length. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const length = body.length;
  const header =
    length < 0x80
      ? Buffer.from([tag, length])
      : length < 0x100
        ? Buffer.from([tag, 0x81, length])
        : Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  return Buffer.concat([header, body]);
}

/** A TLV header whose four-byte length is `length`, whatever follows. */
function hostileHeader(tag: number, length: number): Buffer {
  const header = Buffer.from([tag, 0x84, 0, 0, 0, 0]);
  header.writeUInt32BE(length, 2);
  return header;
}

const hex = (text: string): Buffer => Buffer.from(text, 'hex');
const VERSION_0 = hex('020100');
const VERSION_1 = hex('020101');
const RSA_ALGORITHM = hex('300d06092a864886f70d0101010500');
const EC_ALGORITHM = hex('301306072a8648ce3d020106082a8648ce3d030107');
const ED25519_ALGORITHM = hex('300506032b6570');

/** Hostile DER in the shapes of every private key structure sshpk reads. */
function hostileDers(): { name: string; der: Buffer; labels: string[] }[] {
  const cases: { name: string; der: Buffer; labels: string[] }[] = [];
  for (const length of [0x80000000, 0xffffffff]) {
    const l = length.toString(16);
    // The reported block: an Ed25519 PKCS#8 key and an element of length `length` after it.
    cases.push({
      name: `ed25519 pkcs8, trailing element of length 0x${l}`,
      der: Buffer.concat([
        hex('3036'),
        VERSION_0,
        ED25519_ALGORITHM,
        tlv(0x04, tlv(0x04, randomBytes(32))),
        hostileHeader(0x39, length),
        hex('0000'),
      ]),
      labels: [LABEL.pkcs8],
    });
    cases.push({
      name: `ed25519 pkcs8, seed of length 0x${l}`,
      der: tlv(
        0x30,
        VERSION_0,
        ED25519_ALGORITHM,
        tlv(0x04, hostileHeader(0x04, length), randomBytes(32)),
      ),
      labels: [LABEL.pkcs8],
    });
    cases.push({
      name: `rsa pkcs1, modulus of length 0x${l}`,
      der: tlv(0x30, VERSION_0, hostileHeader(0x02, length), randomBytes(64)),
      labels: [LABEL.rsa, LABEL.pkcs8],
    });
    cases.push({
      name: `rsa pkcs1, sequence of length 0x${l}`,
      der: Buffer.concat([hostileHeader(0x30, length), VERSION_0, tlv(0x02, randomBytes(64))]),
      labels: [LABEL.rsa, LABEL.ec, LABEL.pkcs8],
    });
    cases.push({
      name: `rsa pkcs8, private key octet string of length 0x${l}`,
      der: tlv(0x30, VERSION_0, RSA_ALGORITHM, hostileHeader(0x04, length), randomBytes(64)),
      labels: [LABEL.pkcs8],
    });
    cases.push({
      name: `rsa pkcs8, inner pkcs1 of length 0x${l}`,
      der: tlv(
        0x30,
        VERSION_0,
        RSA_ALGORITHM,
        tlv(0x04, hostileHeader(0x30, length), VERSION_0, tlv(0x02, randomBytes(64))),
      ),
      labels: [LABEL.pkcs8],
    });
    cases.push({
      name: `ec sec1, private key of length 0x${l}`,
      der: tlv(0x30, VERSION_1, hostileHeader(0x04, length), randomBytes(32)),
      labels: [LABEL.ec, LABEL.pkcs8],
    });
    cases.push({
      name: `ec sec1, public key of length 0x${l}`,
      der: tlv(
        0x30,
        VERSION_1,
        tlv(0x04, randomBytes(32)),
        tlv(0xa0, hex('06082a8648ce3d030107')),
        tlv(0xa1, hostileHeader(0x03, length), randomBytes(65)),
      ),
      labels: [LABEL.ec],
    });
    cases.push({
      name: `ec pkcs8, inner sec1 private key of length 0x${l}`,
      der: tlv(
        0x30,
        VERSION_0,
        EC_ALGORITHM,
        tlv(0x04, tlv(0x30, VERSION_1, hostileHeader(0x04, length), randomBytes(32))),
      ),
      labels: [LABEL.pkcs8],
    });
  }
  // Lengths that overrun their parent but not the buffer.
  cases.push({
    name: 'rsa pkcs1, modulus overrunning its sequence',
    der: Buffer.concat([hex('3008'), VERSION_0, hex('028180'), randomBytes(160)]),
    labels: [LABEL.rsa, LABEL.pkcs8],
  });
  cases.push({
    name: 'ed25519 pkcs8, seed overrunning its octet string',
    der: Buffer.concat([
      hex('302e'),
      VERSION_0,
      ED25519_ALGORITHM,
      hex('0422'),
      hex('0440'),
      randomBytes(32),
    ]),
    labels: [LABEL.pkcs8],
  });
  cases.push({
    name: 'ec sec1, private key overrunning its sequence',
    der: Buffer.concat([hex('3025'), VERSION_1, hex('0481ff'), randomBytes(300)]),
    labels: [LABEL.ec],
  });
  cases.push({
    name: 'indefinite length',
    der: Buffer.concat([hex('3080'), VERSION_0, tlv(0x02, randomBytes(64)), hex('0000')]),
    labels: [LABEL.rsa, LABEL.pkcs8],
  });
  let deep = tlv(0x02, hex('00'));
  for (let i = 0; i < 200; i++) deep = tlv(0x30, deep);
  cases.push({ name: 'nested 200 deep', der: deep, labels: [LABEL.rsa, LABEL.pkcs8] });
  return cases;
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** `openssh-key-v1` containers with a hostile length in each field sshpk or we read. */
function hostileOpensshBlocks(): { name: string; text: string }[] {
  const blob = Buffer.concat([sshString('ssh-ed25519'), sshString(randomBytes(32))]);
  const check = randomBytes(4);
  const privateSection = (parts: Buffer): Buffer =>
    Buffer.concat([check, check, sshString('ssh-ed25519'), parts]);
  const container = (fields: Buffer[]): Buffer =>
    Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), ...fields]);
  const head = [sshString('none'), sshString('none'), sshString('')];
  const blocks: { name: string; bytes: Buffer }[] = [];
  for (const length of [0x80000000, 0xffffffff]) {
    const l = `0x${length.toString(16)}`;
    blocks.push(
      { name: `cipher name of length ${l}`, bytes: container([uint32(length), randomBytes(64)]) },
      {
        name: `kdf options of length ${l}`,
        bytes: container([sshString('none'), sshString('none'), uint32(length), randomBytes(64)]),
      },
      { name: `key count ${l}`, bytes: container([...head, uint32(length), sshString(blob)]) },
      {
        name: `public blob of length ${l}`,
        bytes: container([...head, uint32(1), uint32(length), blob]),
      },
      {
        name: `public key part of length ${l}`,
        bytes: container([
          ...head,
          uint32(1),
          sshString(Buffer.concat([sshString('ssh-ed25519'), uint32(length), randomBytes(32)])),
        ]),
      },
      {
        name: `private section of length ${l}`,
        bytes: container([...head, uint32(1), sshString(blob), uint32(length), randomBytes(64)]),
      },
      {
        name: `private key part of length ${l}`,
        bytes: container([
          ...head,
          uint32(1),
          sshString(blob),
          sshString(privateSection(Buffer.concat([uint32(length), randomBytes(64)]))),
        ]),
      },
    );
  }
  return blocks.map(({ name, bytes }) => ({
    name: `openssh: ${name}`,
    text: pemOf(LABEL.openssh, bytes),
  }));
}

function hostilePuttyBlocks(): { name: string; text: string }[] {
  const blob = Buffer.concat([sshString('ssh-ed25519'), uint32(0x80000000), randomBytes(32)]);
  const good = Buffer.concat([sshString('ssh-ed25519'), sshString(randomBytes(32))]);
  const ppk = (publicBlob: Buffer, privateBlob: Buffer, publicLines = '1'): string =>
    [
      'PuTTY-User-Key-File-3: ssh-ed25519',
      'Encryption: none',
      'Comment: test',
      `Public-Lines: ${publicLines}`,
      publicBlob.toString('base64'),
      'Private-Lines: 1',
      privateBlob.toString('base64'),
      `Private-MAC: ${'00'.repeat(32)}`,
      '',
    ].join('\n');
  return [
    {
      name: 'putty: public key part of length 0x80000000',
      text: ppk(blob, sshString(randomBytes(32))),
    },
    {
      name: 'putty: private key of length 0xffffffff',
      text: ppk(good, Buffer.concat([uint32(0xffffffff), randomBytes(32)])),
    },
    {
      name: 'putty: Public-Lines 4294967295',
      text: ppk(good, sshString(randomBytes(32)), '4294967295'),
    },
  ];
}

interface Timed {
  name: string;
  ms: number;
  parsed: boolean;
}

/**
 * Parses every block in a child process, each timed, so that a regression
 * (seconds of CPU per block) fails the test at the child's timeout instead
 * of holding the test worker for minutes.
 */
function timeInChild(blocks: { name: string; text: string }[]): Timed[] {
  const input = join(dir, `blocks-${blocks.length}-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(input, JSON.stringify(blocks));
  const parse = new URL('../../src/keys/parse.ts', import.meta.url).pathname;
  const detector = new URL('../../src/scan/detector.ts', import.meta.url).pathname;
  const script = `
    import { readFileSync } from 'node:fs';
    import { parseKeyBlock } from ${JSON.stringify(parse)};
    import { findKeyBlocks } from ${JSON.stringify(detector)};
    const blocks = JSON.parse(readFileSync(${JSON.stringify(input)}, 'utf8'));
    parseKeyBlock(blocks[0].text); // warm up
    const out = [];
    for (const { name, text } of blocks) {
      for (const [how, read] of [
        ['parseKeyBlock', () => [parseKeyBlock(text)]],
        ['findKeyBlocks', () => findKeyBlocks(Buffer.from('x\\n' + text)).map((b) => parseKeyBlock(b.text))],
      ]) {
        const start = performance.now();
        const ids = read();
        out.push({ name: name + ' (' + how + ')', ms: performance.now() - start, parsed: ids.some((id) => id.parsed) });
      }
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'], killSignal: 'SIGKILL' },
  );
  return JSON.parse(output.toString()) as Timed[];
}

describe('hostile lengths are rejected in microseconds', () => {
  test('DER in PKCS#1, SEC1 and PKCS#8 shapes, from PEM and DER files', () => {
    const blocks = hostileDers().flatMap(({ name, der, labels }) => [
      ...labels.map((label) => ({ name: `${name} as ${label}`, text: pemOf(label, der) })),
      { name: `${name} as a DER file`, text: der.toString('latin1') },
    ]);
    const timed = timeInChild(blocks);
    expect(timed.length).toBe(blocks.length * 2);
    for (const { name, ms, parsed } of timed) {
      expect(ms, name).toBeLessThan(100);
      expect(parsed, name).toBe(false);
    }
  });

  test('a DER file with a hostile length is not read as a key, nor slowly', () => {
    for (const { name, der } of hostileDers()) {
      const start = performance.now();
      for (const block of findKeyBlocks(der))
        expect(parseKeyBlock(block.text).parsed, name).toBe(false);
      expect(performance.now() - start, name).toBeLessThan(100);
    }
  });

  test('the reported block says it does not parse', () => {
    const [reported] = hostileDers();
    if (!reported) throw new Error('no case');
    expect(parseKeyBlock(pemOf(LABEL.pkcs8, reported.der))).toMatchObject({
      parsed: false,
      fingerprint: null,
      note: expect.stringMatching(/does not parse \(.*truncated or corrupted\)/),
    });
  });

  test('OpenSSH containers and PuTTY files', () => {
    const blocks = [...hostileOpensshBlocks(), ...hostilePuttyBlocks()];
    const timed = timeInChild(blocks);
    expect(timed.length).toBe(blocks.length * 2);
    for (const { name, ms } of timed) expect(ms, name).toBeLessThan(100);
    for (const { name, text } of blocks) {
      const identity = parseKeyBlock(text);
      // A container whose public key is intact may still be fingerprinted; nothing else is.
      if (identity.parsed) expect(identity.note, name).toMatch(/private section does not parse/);
    }
  });
});

describe('notes say where a key came from', () => {
  test('a PKCS#12 key bag under an unknown password is an encrypted key, not "encrypted PEM"', () => {
    const keyPath = join(dir, 'p12-key.pem');
    const certPath = join(dir, 'p12-cert.pem');
    const p12Path = join(dir, 'unknown.p12');
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', keyPath);
    openssl(
      'req',
      '-new',
      '-x509',
      '-key',
      keyPath,
      '-subj',
      '/CN=t',
      '-days',
      '1',
      '-out',
      certPath,
    );
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      keyPath,
      '-in',
      certPath,
      '-passout',
      'pass:not-a-known-one',
      '-out',
      p12Path,
    );
    const identities = findKeyBlocks(readFileSync(p12Path)).map((block) =>
      parseKeyBlock(block.text),
    );
    expect(identities.map((identity) => identity.encrypted)).toContain(true);
    for (const identity of identities.filter((found) => found.encrypted)) {
      expect(identity.note).not.toMatch(/^encrypted PEM/);
      expect(identity.note).toContain('PKCS#12');
    }
  });
});
