import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKey, type GeneratedKey } from '../../src/keys/generate.js';
import { parseKeyBlock } from '../../src/keys/parse.js';
import {
  ed25519Ec2FromSha256,
  makeTempDir,
  opensslCreatedFingerprint,
  opensslImportedFingerprint,
  publicKeyOf,
  sshKeygenFingerprints,
  removeTestKeys,
} from '../helpers/keyfactory.js';

let dir: string;
let counter = 0;

beforeAll(() => {
  dir = makeTempDir('ec2-key-rotate-generate-');
});
afterAll(() => {
  removeTestKeys();
});

/** Writes a secret as ssh-keygen insists: mode 0600. */
function writePrivate(text: string): string {
  const path = join(dir, `key-${counter++}`);
  writeFileSync(path, text, { mode: 0o600 });
  expect(statSync(path).mode & 0o777).toBe(0o600);
  return path;
}

const sshKeygenPublic = (path: string): string =>
  execFileSync('ssh-keygen', ['-y', '-f', path], { input: '' }).toString('utf8').trim();

function checkAgainstSshKeygen(key: GeneratedKey, bits: number): void {
  const path = writePrivate(key.privateKeyOpenssh);
  // ssh-keygen derives the same public line (comment included) from our private key.
  expect(sshKeygenPublic(path)).toBe(key.publicKeyLine);
  const listing = sshKeygenFingerprints(path);
  expect(listing.fingerprint).toBe(key.fingerprint);
  expect(listing.bits).toBe(bits);
  // The PEM twin is the same key (ssh-keygen 9.2 cannot read PKCS#8 Ed25519: ask openssl).
  const pemPath = writePrivate(key.privateKeyPem);
  if (key.type === 'rsa') {
    expect(publicKeyOf(sshKeygenPublic(pemPath))).toBe(publicKeyOf(key.publicKeyLine));
  } else {
    const spki = execFileSync('openssl', ['pkey', '-in', pemPath, '-pubout', '-outform', 'DER']);
    const blob = Buffer.from(key.publicKeyLine.split(' ')[1] ?? '', 'base64');
    expect(spki.subarray(-32).equals(blob.subarray(-32))).toBe(true);
  }
}

describe('generateKey', () => {
  test('ed25519 by default, with the default comment', () => {
    const key = generateKey();
    expect(key.type).toBe('ed25519');
    expect(key.publicKeyLine).toMatch(
      /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+ ec2-key-rotate$/,
    );
    expect(key.privateKeyOpenssh).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(key.privateKeyOpenssh).toMatch(/-----END OPENSSH PRIVATE KEY-----\n?$/);
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    checkAgainstSshKeygen(key, 256);
    expect(key.ec2Fingerprints).toEqual({
      imported: null,
      created: null,
      ed25519: ed25519Ec2FromSha256(key.fingerprint),
    });
    expect(key.ec2Fingerprints.ed25519).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  test('rsa with a custom comment and size', () => {
    const key = generateKey('rsa', 'rotation 2026-01-02', 2048);
    expect(key.type).toBe('rsa');
    expect(key.publicKeyLine).toMatch(
      /^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ rotation 2026-01-02$/,
    );
    expect(key.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    checkAgainstSshKeygen(key, 2048);
    const pemPath = writePrivate(key.privateKeyPem);
    expect(key.ec2Fingerprints).toEqual({
      imported: opensslImportedFingerprint(pemPath),
      created: opensslCreatedFingerprint(pemPath),
      ed25519: null,
    });
    const opensshPath = writePrivate(key.privateKeyOpenssh);
    const md5 = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', opensshPath]).toString();
    expect(md5).toContain('MD5:');
  });

  test('generated keys read back through parseKeyBlock with the same fingerprints', () => {
    for (const key of [generateKey('ed25519', 'x'), generateKey('rsa', 'x', 2048)]) {
      for (const text of [key.privateKeyOpenssh, key.privateKeyPem]) {
        const identity = parseKeyBlock(text);
        expect(identity.parsed).toBe(true);
        expect(identity.encrypted).toBe(false);
        expect(identity.keyType).toBe(key.type);
        expect(identity.fingerprint).toBe(key.fingerprint);
        expect(identity.publicKey).toBe(publicKeyOf(key.publicKeyLine));
        expect(identity.ec2Fingerprints).toEqual(key.ec2Fingerprints);
      }
    }
  });

  test('every call makes a new key', () => {
    const a = generateKey();
    const b = generateKey();
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.privateKeyOpenssh).not.toBe(b.privateKeyOpenssh);
  });

  test('the public parts never contain the private key', () => {
    const key = generateKey('rsa', 'c', 2048);
    const publicParts = JSON.stringify({
      publicKeyLine: key.publicKeyLine,
      fingerprint: key.fingerprint,
      ec2Fingerprints: key.ec2Fingerprints,
    });
    const body = key.privateKeyPem
      .split('\n')
      .filter((line) => !line.startsWith('-----'))
      .join('');
    for (let i = 0; i + 40 <= body.length; i += 20) {
      expect(publicParts).not.toContain(body.slice(i, i + 40));
    }
  });

  test('rsa defaults to 4096 bits', () => {
    const key = generateKey('rsa');
    const path = writePrivate(key.privateKeyOpenssh);
    expect(sshKeygenFingerprints(path).bits).toBe(4096);
    expect(parseKeyBlock(key.privateKeyPem).bits).toBe(4096);
  });
});
