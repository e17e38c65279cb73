import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sshpk from 'sshpk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  colonHex,
  ec2Fingerprints,
  md5Fingerprint,
  rsaPkcs8Der,
  sha256Fingerprint,
} from '../../src/keys/fingerprint.js';
import {
  makeKeyFactory,
  makeTempDir,
  opensslCreatedFingerprint,
  opensslImportedFingerprint,
  type TestKey,
  removeTestKeys,
} from '../helpers/keyfactory.js';

let dir: string;
let rsaPem: TestKey;
let rsaOpenssh: TestKey;
let rsaPpk: TestKey;
let ed25519: TestKey;
let ecdsa: TestKey;

beforeAll(() => {
  dir = makeTempDir();
  const factory = makeKeyFactory(dir);
  rsaPem = factory.make('rsa-pem', { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'PEM' });
  rsaOpenssh = factory.make('rsa-openssh', { kind: 'openssl-rsa-to-openssh' });
  rsaPpk = factory.make('rsa-ppk', { kind: 'puttygen', type: 'rsa', version: 3, encrypted: false });
  ed25519 = factory.make('ed25519', { kind: 'ssh-keygen', type: 'ed25519', mode: 'openssh' });
  ecdsa = factory.make('ecdsa', { kind: 'ssh-keygen', type: 'ecdsa', bits: 256, mode: 'openssh' });
});
afterAll(() => {
  removeTestKeys();
});

const opensslPkcs8Der = (path: string): Buffer =>
  execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', path, '-outform', 'DER']);

describe('colonHex', () => {
  test('formats like openssl -c', () => {
    expect(colonHex(Buffer.from([0x00, 0x0a, 0xff]))).toBe('00:0a:ff');
    expect(colonHex(Buffer.from([0x7f]))).toBe('7f');
    expect(colonHex(Buffer.alloc(0))).toBe('');
    const digest = Buffer.from('d41d8cd98f00b204e9800998ecf8427e', 'hex');
    expect(colonHex(digest)).toBe('d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e');
  });
});

describe('OpenSSH fingerprints', () => {
  test('sha256Fingerprint and md5Fingerprint match ssh-keygen -l', () => {
    for (const key of [rsaPem, rsaOpenssh, rsaPpk, ed25519, ecdsa]) {
      const publicKey = sshpk.parseKey(key.truth.publicKey, 'ssh');
      expect(sha256Fingerprint(publicKey), key.name).toBe(key.truth.fingerprint);
      expect(md5Fingerprint(publicKey), key.name).toBe(key.truth.md5);
    }
  });
});

describe('rsaPkcs8Der', () => {
  test('rebuilds exactly the bytes openssl writes for a PEM key', () => {
    const privateKey = sshpk.parsePrivateKey(rsaPem.text, 'pem');
    expect(rsaPkcs8Der(privateKey).equals(opensslPkcs8Der(rsaPem.path))).toBe(true);
  });

  test('rebuilds the original PEM from the OpenSSH and PPK containers', () => {
    const fromOpenssh = rsaPkcs8Der(sshpk.parsePrivateKey(rsaOpenssh.text, 'ssh'));
    expect(fromOpenssh.equals(opensslPkcs8Der(rsaOpenssh.truth.clearPem ?? ''))).toBe(true);
    const fromPpk = rsaPkcs8Der(
      sshpk.parsePrivateKey(rsaPpk.text, 'putty' as sshpk.PrivateKeyFormatType),
    );
    expect(fromPpk.equals(opensslPkcs8Der(rsaPpk.truth.clearPem ?? ''))).toBe(true);
  });

  test('puts the larger prime first, as OpenSSL generates keys', () => {
    // Re-encode the same key with p and q swapped (and the CRT values to match).
    const jwk = createPrivateKey(rsaPem.text).export({ format: 'jwk' });
    const swapped = createPrivateKey({
      key: { ...jwk, p: jwk.q, q: jwk.p, dp: jwk.dq, dq: jwk.dp, qi: qInverse(jwk.p, jwk.q) },
      format: 'jwk',
    }).export({ type: 'pkcs1', format: 'pem' });
    const swappedPath = join(dir, 'swapped.pem');
    writeFileSync(swappedPath, swapped, { mode: 0o600 });
    expect(opensslPkcs8Der(swappedPath).equals(opensslPkcs8Der(rsaPem.path))).toBe(false);
    const rebuilt = rsaPkcs8Der(sshpk.parsePrivateKey(swapped.toString(), 'pem'));
    expect(rebuilt.equals(opensslPkcs8Der(rsaPem.path))).toBe(true);
  });

  test("a wrong CRT coefficient in the file is not copied: the created fingerprint is the real key's", () => {
    const jwk = createPrivateKey(rsaPem.text).export({ format: 'jwk' });
    const qi = BigInt(`0x${Buffer.from(jwk.qi ?? '', 'base64url').toString('hex')}`);
    let hex = (qi + 1n).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    const tampered = createPrivateKey({
      key: { ...jwk, qi: Buffer.from(hex, 'hex').toString('base64url') },
      format: 'jwk',
    }).export({ type: 'pkcs1', format: 'pem' });
    const rebuilt = rsaPkcs8Der(sshpk.parsePrivateKey(tampered.toString(), 'pem'));
    expect(rebuilt.equals(opensslPkcs8Der(rsaPem.path))).toBe(true);
  });
});

/** q⁻¹ mod p for base64url p and q, base64url (the JWK `qi` after a swap: old p⁻¹ mod old q). */
function qInverse(newQ: string | undefined, newP: string | undefined): string {
  const toBig = (value: string | undefined): bigint =>
    BigInt(`0x${Buffer.from(value ?? '', 'base64url').toString('hex')}`);
  const p = toBig(newP);
  const q = toBig(newQ);
  let [oldR, r] = [q % p, p];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  let hex = (((oldS % p) + p) % p).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}

describe('ec2Fingerprints', () => {
  test('RSA: imported from the public key, created only with the private key', () => {
    const privateKey = sshpk.parsePrivateKey(rsaPem.text, 'pem');
    const publicKey = privateKey.toPublic();
    expect(ec2Fingerprints(publicKey, privateKey)).toEqual({
      imported: opensslImportedFingerprint(rsaPem.path),
      created: opensslCreatedFingerprint(rsaPem.path),
      ed25519: null,
    });
    expect(ec2Fingerprints(publicKey)).toEqual({
      imported: opensslImportedFingerprint(rsaPem.path),
      created: null,
      ed25519: null,
    });
  });

  test('Ed25519: padded base64 SHA-256 of the public blob, as EC2 shows it', () => {
    const publicKey = sshpk.parseKey(ed25519.truth.publicKey, 'ssh');
    const result = ec2Fingerprints(publicKey);
    expect(result).toEqual({
      imported: null,
      created: null,
      ed25519: ed25519.truth.ec2Fingerprints.ed25519,
    });
    expect(result.ed25519).toBe(`${ed25519.truth.fingerprint.replace('SHA256:', '')}=`);
  });

  test('ECDSA has no EC2 fingerprint', () => {
    const privateKey = sshpk.parsePrivateKey(ecdsa.text, 'ssh');
    expect(ec2Fingerprints(privateKey.toPublic(), privateKey)).toEqual({
      imported: null,
      created: null,
      ed25519: null,
    });
  });
});
