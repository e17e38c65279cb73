/**
 * Recognising a leaked key's EC2 key pair by the fingerprint EC2 reports,
 * for when DescribeKeyPairs returns no public key. The fingerprints come
 * from the emulator's own EC2 arithmetic (test/emulators/keys.ts, written
 * apart from src/keys), and the leaked key's evidence from the scanner
 * parsing the private key file, so each side checks the other.
 */
import { describe, expect, it } from 'vitest';
import {
  matchEvidence,
  ROTATED_EARLIER,
  type KeyEvidence,
  type KeyPairRecord,
} from '../../src/aws/key-pairs.js';
import { TAG_PREVIOUS_FINGERPRINT } from '../../src/aws/tags.js';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { createKey, importedKeyInfo } from '../emulators/keys.js';
import { generateKey } from '../../src/keys/generate.js';

function evidenceOfPrivateKey(pem: string): KeyEvidence {
  const identity = parseKeyBlock(pem);
  return {
    fingerprint: identity.fingerprint,
    md5: identity.md5,
    publicKey: identity.publicKey,
    ec2Fingerprints: identity.ec2Fingerprints,
  };
}

/** A key pair as DescribeKeyPairs reports it without IncludePublicKey. */
function pairReporting(ec2Fingerprint: string, tags: Record<string, string> = {}): KeyPairRecord {
  return {
    region: 'us-east-1',
    keyPairId: 'key-0123456789abcdef0',
    keyName: 'prod',
    keyType: 'rsa',
    ec2Fingerprint,
    publicKey: null,
    fingerprint: null,
    createTime: null,
    tags,
  };
}

describe('matchEvidence', () => {
  it('an AWS-created RSA pair by SHA-1 of the PKCS#8 private key', () => {
    const created = createKey('rsa');
    const evidence = evidenceOfPrivateKey(created.keyMaterial);
    expect(matchEvidence(pairReporting(created.keyFingerprint), evidence)).toBe(
      'AWS-created RSA fingerprint',
    );
  });

  it('an imported RSA pair by MD5 of the DER public key', () => {
    const key = generateKey('rsa', 'x', 2048);
    const info = importedKeyInfo(Buffer.from(key.publicKeyLine));
    expect(
      matchEvidence(pairReporting(info.keyFingerprint), evidenceOfPrivateKey(key.privateKeyPem)),
    ).toBe('imported RSA fingerprint');
  });

  it('an ED25519 pair (created or imported) by base64 SHA-256, padding and all', () => {
    const created = createKey('ed25519');
    expect(created.keyFingerprint.endsWith('=')).toBe(true);
    expect(
      matchEvidence(
        pairReporting(created.keyFingerprint),
        evidenceOfPrivateKey(created.keyMaterial),
      ),
    ).toBe('ED25519 fingerprint');
  });

  it('the RFC 4716 MD5 form the EC2 API reference describes', () => {
    const key = generateKey('rsa', 'x', 2048);
    const evidence = evidenceOfPrivateKey(key.privateKeyPem);
    expect(matchEvidence(pairReporting(String(evidence.md5).toUpperCase()), evidence)).toBe(
      'RFC 4716 MD5 fingerprint',
    );
  });

  it('the public key itself when EC2 returns it, before any fingerprint', () => {
    const created = createKey('ed25519');
    const evidence = evidenceOfPrivateKey(created.keyMaterial);
    const pair = {
      ...pairReporting(''),
      publicKey: created.publicKey,
      fingerprint: evidence.fingerprint,
    };
    expect(matchEvidence(pair, evidence)).toBe('public key');
  });

  it('a pair already rotated away from the key, by its previous-fingerprint tag', () => {
    const created = createKey('ed25519');
    const evidence = evidenceOfPrivateKey(created.keyMaterial);
    const pair = pairReporting('somethingElse=', {
      [TAG_PREVIOUS_FINGERPRINT]: String(evidence.fingerprint),
    });
    expect(matchEvidence(pair, evidence)).toBe(ROTATED_EARLIER);
  });

  it('another key, or a pair with no fingerprint, does not match', () => {
    const one = createKey('rsa');
    const other = createKey('rsa');
    expect(
      matchEvidence(pairReporting(other.keyFingerprint), evidenceOfPrivateKey(one.keyMaterial)),
    ).toBeNull();
    expect(matchEvidence(pairReporting(''), evidenceOfPrivateKey(one.keyMaterial))).toBeNull();
  });
});
