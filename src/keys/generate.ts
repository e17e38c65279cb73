import { generateKeyPairSync } from 'node:crypto';
import sshpk from 'sshpk';
import { ec2Fingerprints, sha256Fingerprint } from './fingerprint.js';
import type { Ec2Fingerprints } from './types.js';

export type NewKeyType = 'ed25519' | 'rsa';

export interface GeneratedKey {
  type: NewKeyType;
  /** `ssh-ed25519 AAAA… comment`, ready for authorized_keys and ImportKeyPair. */
  publicKeyLine: string;
  /** OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`). Secret: mask and store, never log. */
  privateKeyOpenssh: string;
  /** PEM private key (PKCS#1 for RSA, PKCS#8 for Ed25519), for tools that want PEM. Secret. */
  privateKeyPem: string;
  fingerprint: string;
  ec2Fingerprints: Ec2Fingerprints;
}

/**
 * Makes the replacement key. sshpk cannot generate RSA, so node:crypto makes
 * both kinds and sshpk converts them to OpenSSH form.
 */
export function generateKey(
  type: NewKeyType = 'ed25519',
  comment = 'ec2-key-rotate',
  rsaBits = 4096,
): GeneratedKey {
  const privateKeyPem =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: rsaBits }).privateKey.export({
          type: 'pkcs1',
          format: 'pem',
        })
      : generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  const privateKey = sshpk.parsePrivateKey(privateKeyPem.toString(), 'pem');
  privateKey.comment = comment;
  const publicKey = privateKey.toPublic();
  return {
    type,
    publicKeyLine: `${publicKey.toString('ssh')}`,
    privateKeyOpenssh: privateKey.toString('ssh'),
    privateKeyPem: privateKeyPem.toString(),
    fingerprint: sha256Fingerprint(publicKey),
    ec2Fingerprints: ec2Fingerprints(publicKey, privateKey),
  };
}
