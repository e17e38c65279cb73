/**
 * A label never hides a key, and never makes one up: a key in clear under
 * an encryption label (`ENCRYPTED PRIVATE KEY`, `Proc-Type: 4,ENCRYPTED`) is
 * fingerprinted as its body's structure says, while real ciphertext stays
 * encrypted; a key cut short is a fragment whatever its END line says; a
 * placeholder is noted as one. Keys are made at test time by the real tools.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks } from '../../src/scan/detector.js';
import { scanFails } from '../../src/scan/fail-on.js';
import { FindingCollector, type BlobPlace, type Finding } from '../../src/scan/findings.js';
import { scan } from '../../src/scan/scan.js';
import {
  makeTempDir,
  removeTestKeys,
  TEST_KEY_SPECS,
  type TestKey,
} from '../helpers/keyfactory.js';
import { makeKey } from '../helpers/gitrepo.js';
import { OPENSSH_LABEL, pemBegin, pemEnd } from '../scan/detector-fixtures.js';

const KEY = ['PRIVATE', 'KEY'].join(' ');
const ENCRYPTED_LABEL = `ENCRYPTED ${KEY}`;
const RSA_LABEL = `RSA ${KEY}`;
const PROC_TYPE = 'Proc-Type: 4,ENCRYPTED';
const DEK_INFO = `DEK-Info: AES-128-CBC,${'0'.repeat(32)}`;

const NAMES = [
  'rsa-pkcs8',
  'rsa-pkcs1',
  'ecdsa-p256-sec1',
  'ed25519-openssh',
  'rsa-openssh',
  'rsa-pkcs8-encrypted',
  'rsa-pkcs1-encrypted',
] as const;
type Name = (typeof NAMES)[number];

let keys: Record<Name, TestKey>;
let dir: string;

beforeAll(() => {
  keys = Object.fromEntries(
    NAMES.map((name) => [name, makeKey(`label-lies-${name}`, TEST_KEY_SPECS[name] as never)]),
  ) as Record<Name, TestKey>;
  dir = makeTempDir('ec2-key-rotate-label-lies-');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeTestKeys();
});

/** The key's text with its BEGIN and END labels replaced by `label`. */
function relabelled(text: string, label: string): string {
  return text
    .replace(/^-----BEGIN [A-Z0-9 ]+-----$/m, pemBegin(label))
    .replace(/^-----END [A-Z0-9 ]+-----$/m, pemEnd(label));
}

/** The key's text with encryption headers after its BEGIN line, its body left in clear. */
function withEncryptionHeaders(text: string): string {
  return text.replace(/^(-----BEGIN [A-Z0-9 ]+-----)\n/, `$1\n${PROC_TYPE}\n${DEK_INFO}\n\n`);
}

const place = (path: string): BlobPlace => ({ path, commit: null, author: null, authorDate: null });

/** The findings of `text` scanned as one file. */
function findingsOf(text: string | Buffer): Finding[] {
  const collector = new FindingCollector();
  collector.addBlocks(findKeyBlocks(Buffer.isBuffer(text) ? text : Buffer.from(text)), [
    place('key.txt'),
  ]);
  return collector.findings();
}

/** The scan of one directory holding `files`, as the CLI runs it: its findings and whether it fails. */
async function scanFiles(
  name: string,
  files: Record<string, string | Buffer>,
): Promise<{ findings: Finding[]; fails: boolean }> {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(root, file), content);
  const result = await scan({ path: root, source: { kind: 'files' }, ignore: [] });
  return { findings: result.findings, fails: scanFails(result) };
}

describe('a key in clear under an encryption label is fingerprinted', () => {
  const cases: [string, Name, (key: TestKey) => string, string, RegExp][] = [
    [
      'clear PKCS#8 labelled ENCRYPTED PRIVATE KEY',
      'rsa-pkcs8',
      (key) => relabelled(key.text, ENCRYPTED_LABEL),
      'pkcs8',
      /labelled "ENCRYPTED PRIVATE KEY", read as "PRIVATE KEY"/,
    ],
    [
      'clear SEC1 labelled ENCRYPTED PRIVATE KEY',
      'ecdsa-p256-sec1',
      (key) => relabelled(key.text, ENCRYPTED_LABEL),
      'sec1',
      /labelled "ENCRYPTED PRIVATE KEY", read as "EC PRIVATE KEY"/,
    ],
    [
      'clear OpenSSH container labelled ENCRYPTED PRIVATE KEY',
      'ed25519-openssh',
      (key) => relabelled(key.text, ENCRYPTED_LABEL),
      'openssh',
      /labelled "ENCRYPTED PRIVATE KEY", read as "OPENSSH PRIVATE KEY"/,
    ],
    [
      'clear PKCS#1 behind Proc-Type: 4,ENCRYPTED and DEK-Info headers',
      'rsa-pkcs1',
      (key) => withEncryptionHeaders(key.text),
      'pkcs1',
      /labelled "RSA PRIVATE KEY" with "Proc-Type: 4,ENCRYPTED", read as "RSA PRIVATE KEY"/,
    ],
  ];

  test.each(cases)('%s: ssh-keygen’s and EC2’s fingerprints', (_, name, make, format, note) => {
    const key = keys[name];
    const text = make(key);
    expect(text).not.toBe(key.text);
    const identity = parseKeyBlock(text);
    expect(identity).toMatchObject({
      parsed: true,
      encrypted: false,
      format,
      keyType: key.keyType,
      fingerprint: key.fingerprint,
      md5: key.md5,
      publicKey: key.publicKey,
      ec2Fingerprints: key.ec2Fingerprints,
    });
    expect(identity.note).toMatch(note);
    expect(identity.note).toMatch(/in clear/);
    // Through the detector and the collector too, one finding that fails the scan.
    const [finding, ...rest] = findingsOf(text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      fingerprint: key.fingerprint,
      encrypted: false,
      confidence: 'high',
      truncated: false,
    });
  });

  test('the scan reports each with its fingerprint and fails', async () => {
    const files: Record<string, string> = {};
    for (const [i, [, name, make]] of cases.entries()) files[`k${i}.pem`] = make(keys[name]);
    const { findings, fails } = await scanFiles('clear-under-encrypted', files);
    expect(fails).toBe(true);
    expect(findings.map((finding) => finding.fingerprint).sort()).toEqual(
      [...new Set(cases.map(([, name]) => keys[name].fingerprint))].sort(),
    );
    for (const finding of findings) expect(finding.encrypted).toBe(false);
  });

  test('real ciphertext stays encrypted, before and after a key in clear under the same label', () => {
    const real8 = keys['rsa-pkcs8-encrypted'];
    const real1 = keys['rsa-pkcs1-encrypted'];
    const lying8 = relabelled(keys['rsa-pkcs8'].text, ENCRYPTED_LABEL);
    const lying1 = withEncryptionHeaders(keys['rsa-pkcs1'].text);
    for (const real of [real8, real1]) {
      expect(parseKeyBlock(real.text)).toMatchObject({
        encrypted: true,
        parsed: false,
        fingerprint: null,
      });
    }
    // Encrypted blocks of one label share a shape: none may stand for a key in clear.
    const findings = findingsOf(
      [real8.text, lying8, real1.text, lying1, real8.text, real1.text].join('\n'),
    );
    const encrypted = findings.filter((finding) => finding.encrypted);
    expect(encrypted).toHaveLength(2);
    for (const finding of encrypted) expect(finding.fingerprint).toBeNull();
    expect(
      findings
        .filter((finding) => !finding.encrypted)
        .map((finding) => finding.fingerprint)
        .sort(),
    ).toEqual([keys['rsa-pkcs8'].fingerprint, keys['rsa-pkcs1'].fingerprint].sort());
  });

  test('an encrypted PKCS#1 body under the plain label with its headers is still encrypted', () => {
    // Real DEK-Info ciphertext whose headers were moved: it must not be read as a key.
    const real = keys['rsa-pkcs1-encrypted'];
    expect(real.text).toMatch(/^DEK-Info: /m);
    const relabelledReal = relabelled(real.text, ENCRYPTED_LABEL);
    expect(parseKeyBlock(relabelledReal)).toMatchObject({ encrypted: true, fingerprint: null });
  });
});

/** `text` without the middle third of its body lines, END line kept or not. */
function cutMiddle(text: string, keepEnd: boolean): string {
  const lines = text.trimEnd().split('\n');
  const body = lines.slice(1, -1);
  const third = Math.floor(body.length / 3);
  const kept = [lines[0], ...body.slice(0, third), ...body.slice(2 * third)];
  return `${[...kept, ...(keepEnd ? [lines[lines.length - 1]] : [])].join('\n')}\n`;
}

/** An SSH string: a 32-bit length, then the bytes. */
function sshString(value: Buffer | string): Buffer {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A whole OpenSSH container of an algorithm nothing here reads (random bytes, no real key). */
function unknownAlgorithmContainer(): { text: string; blob: Buffer } {
  const algorithm = 'ssh-test-unknown@example.com';
  const blob = Buffer.concat([sshString(algorithm), sshString(randomBytes(32))]);
  const check = randomBytes(4);
  let section = Buffer.concat([
    check,
    check,
    sshString(algorithm),
    sshString(randomBytes(32)),
    sshString(randomBytes(1024)),
    sshString('comment'),
  ]);
  const pad = (8 - (section.length % 8)) % 8;
  section = Buffer.concat([section, Buffer.from([1, 2, 3, 4, 5, 6, 7].slice(0, pad))]);
  const container = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    Buffer.from([0, 0, 0, 1]),
    sshString(blob),
    sshString(section),
  ]);
  const lines = container.toString('base64').match(/.{1,70}/g) ?? [];
  return { text: [pemBegin(OPENSSH_LABEL), ...lines, pemEnd(OPENSSH_LABEL), ''].join('\n'), blob };
}

describe('a key cut short is a fragment whatever its END line says', () => {
  test.each([true, false])(
    'OpenSSH key without its middle lines (END line kept: %s): truncated, fingerprinted, does not fail',
    async (keepEnd) => {
      const key = keys['rsa-openssh'];
      const text = cutMiddle(key.text, keepEnd);
      const identity = parseKeyBlock(text);
      expect(identity).toMatchObject({
        parsed: true,
        fingerprint: key.fingerprint,
        truncated: true,
      });
      expect(identity.note).toMatch(/private section does not parse/);
      const [finding] = findingsOf(text);
      expect(finding).toMatchObject({ fingerprint: key.fingerprint, truncated: true });
      const scanned = await scanFiles(`cut-openssh-${String(keepEnd)}`, { id_rsa: text });
      expect(scanned.findings).toHaveLength(1);
      expect(scanned.findings[0]).toMatchObject({
        fingerprint: key.fingerprint,
        truncated: true,
      });
      expect(scanned.fails).toBe(false);
    },
  );

  test('one whole copy beside a cut one makes it a key that fails the scan', async () => {
    const key = keys['rsa-openssh'];
    const scanned = await scanFiles('cut-and-whole', {
      cut: cutMiddle(key.text, true),
      whole: key.text,
    });
    expect(scanned.findings).toHaveLength(1);
    expect(scanned.findings[0]).toMatchObject({ fingerprint: key.fingerprint, truncated: false });
    expect(scanned.fails).toBe(true);
  });

  test('a whole key whose private section is damaged but not short is no fragment', () => {
    const key = keys['rsa-openssh'];
    const lines = key.text.trimEnd().split('\n');
    const middle = Math.floor(lines.length / 2);
    lines[middle] = 'A'.repeat((lines[middle] ?? '').length);
    const identity = parseKeyBlock(`${lines.join('\n')}\n`);
    expect(identity).toMatchObject({ parsed: true, fingerprint: key.fingerprint });
    expect(identity.truncated).toBeUndefined();
    expect(findingsOf(`${lines.join('\n')}\n`)[0]).toMatchObject({ truncated: false });
  });

  test('a key whose base64 has junk in its private section is corrupted, not a fragment', async () => {
    const key = keys['rsa-openssh'];
    const lines = key.text.trimEnd().split('\n');
    const middle = Math.floor(lines.length / 2);
    const line = lines[middle] ?? '';
    lines[middle] = `${line.slice(0, 10)}!@#$%^&${line.slice(17)}`;
    const text = `${lines.join('\n')}\n`;
    const identity = parseKeyBlock(text);
    expect(identity).toMatchObject({ parsed: true, fingerprint: key.fingerprint });
    expect(identity.truncated).toBeUndefined();
    const scanned = await scanFiles('corrupted-openssh', { id_rsa: text });
    expect(scanned.findings[0]).toMatchObject({ fingerprint: key.fingerprint, truncated: false });
    expect(scanned.fails).toBe(true);
  });

  test('a whole key of an algorithm nothing reads is no fragment; the same cut short is', () => {
    const { text, blob } = unknownAlgorithmContainer();
    const fingerprint = `SHA256:${execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: blob }).toString('base64').replace(/=+$/, '')}`;
    const whole = parseKeyBlock(text);
    expect(whole).toMatchObject({ parsed: true, fingerprint });
    expect(whole.truncated).toBeUndefined();
    expect(whole.note).toMatch(/not supported for parsing/);
    expect(whole.note).not.toMatch(/does not parse/);
    expect(findingsOf(text)[0]).toMatchObject({ fingerprint, truncated: false });

    const cut = cutMiddle(text, true);
    const identity = parseKeyBlock(cut);
    expect(identity).toMatchObject({ parsed: true, fingerprint, truncated: true });
    expect(identity.note).toMatch(/not supported for parsing.*private section does not parse/);
    expect(findingsOf(cut)[0]).toMatchObject({ fingerprint, truncated: true });
  });

  test('an SSH1 file cut in half: truncated, with the fingerprint of the whole key', async () => {
    const path = join(dir, 'rsa1.key');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    execFileSync('puttygen', [
      '-t',
      'rsa1',
      '-b',
      '2048',
      '-q',
      '-o',
      path,
      '--new-passphrase',
      empty,
    ]);
    const bytes = readFileSync(path);
    const whole = parseKeyBlock(bytes.toString('latin1'));
    expect(whole).toMatchObject({ parsed: true, format: 'ssh1' });
    expect(whole.fingerprint).toMatch(/^SHA256:/);
    // ssh-keygen’s fingerprint of the same key as ssh-rsa.
    const pub = join(dir, 'rsa1.pub');
    writeFileSync(pub, `${whole.publicKey ?? ''}\n`);
    const keygen = execFileSync('ssh-keygen', ['-lf', pub]).toString().split(' ')[1];
    expect(whole.fingerprint).toBe(keygen);
    expect(whole.truncated).toBeUndefined();

    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    const identity = parseKeyBlock(half.toString('latin1'));
    expect(identity).toMatchObject({ parsed: true, fingerprint: keygen, truncated: true });
    expect(identity.note).toMatch(/private section does not parse/);
    const scanned = await scanFiles('cut-ssh1', { 'identity.rsa1': half });
    expect(scanned.findings).toHaveLength(1);
    expect(scanned.findings[0]).toMatchObject({ fingerprint: keygen, truncated: true });
    expect(scanned.fails).toBe(false);
    const wholeScan = await scanFiles('whole-ssh1', { 'identity.rsa1': bytes });
    expect(wholeScan.findings[0]).toMatchObject({ fingerprint: keygen, truncated: false });
    expect(wholeScan.fails).toBe(true);
  });
});

describe('placeholders', () => {
  test('a placeholder under an OPENSSH label is noted as a possible placeholder', () => {
    const text = `${pemBegin(OPENSSH_LABEL)}\n<your key here>\n${pemEnd(OPENSSH_LABEL)}\n`;
    const [finding] = findingsOf(text);
    expect(finding).toMatchObject({ placeholder: true, parsed: false, fingerprint: null });
    expect(finding?.note).toMatch(/placeholder/);
    // The same wording as under a PEM label.
    const pem = findingsOf(`${pemBegin(RSA_LABEL)}\n<your key here>\n${pemEnd(RSA_LABEL)}\n`)[0];
    expect(pem?.note).toMatch(/placeholder, truncated or corrupted/);
    expect(finding?.note).toMatch(/placeholder, truncated or corrupted/);
  });
});
