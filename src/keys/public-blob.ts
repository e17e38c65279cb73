/**
 * Fingerprints an SSH public key blob whose algorithm sshpk does not know
 * (security keys, post-quantum hybrids, Ed448): the OpenSSH fingerprint is
 * the SHA-256 of the blob whatever the algorithm, so it needs no parsing.
 */
import { createHash } from 'node:crypto';
import { colonHex } from './fingerprint.js';
import type { KeyFormat, KeyIdentity } from './types.js';

/** Algorithms sshpk parses: a blob of one of these that sshpk rejects is damaged, not unknown. */
const SSHPK_ALGORITHMS = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
]);

/** What an algorithm name may look like; the name comes from the file and ends up in reports. */
const ALGORITHM_NAME = /^[A-Za-z0-9][A-Za-z0-9@._+-]{0,63}$/;

/**
 * The algorithm a blob names (its first SSH string) when the blob is a
 * well-formed run of SSH strings and the name is printable; null otherwise.
 */
export function blobAlgorithm(blob: Buffer): string | null {
  let at = 0;
  let first: string | null = null;
  while (at < blob.length) {
    if (at + 4 > blob.length) return null;
    const length = blob.readUInt32BE(at);
    if (at + 4 + length > blob.length) return null;
    if (first === null) first = blob.toString('latin1', at + 4, at + 4 + length);
    at += 4 + length;
  }
  return first !== null && ALGORITHM_NAME.test(first) ? first : null;
}

/** True for algorithms sshpk knows: its failure then means the blob is damaged. */
export function isSshpkAlgorithm(algorithm: string): boolean {
  return SSHPK_ALGORITHMS.has(algorithm);
}

/**
 * The identity of a key known only by its public blob. EC2 accepts none of
 * these algorithms, so there is no EC2 fingerprint to give.
 */
export function identityFromBlob(
  blob: Buffer,
  algorithm: string,
  format: KeyFormat,
  encrypted: boolean,
): KeyIdentity {
  const sha256 = createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
  return {
    keyType: 'unknown',
    bits: null,
    format,
    encrypted,
    parsed: true,
    fingerprint: `SHA256:${sha256}`,
    md5: colonHex(createHash('md5').update(blob).digest()),
    ec2Fingerprints: { imported: null, created: null, ed25519: null },
    publicKey: `${algorithm} ${blob.toString('base64')}`,
    note: `algorithm ${algorithm} not supported for parsing: fingerprint of its public part (EC2 does not accept this type)`,
  };
}
