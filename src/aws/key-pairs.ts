import { DescribeKeyPairsCommand, type KeyPairInfo } from '@aws-sdk/client-ec2';
import sshpk from 'sshpk';
import { ec2Fingerprints, md5Fingerprint, sha256Fingerprint } from '../keys/fingerprint.js';
import type { Ec2Fingerprints } from '../keys/types.js';
import type { RegionClients } from './clients.js';
import { fingerprintHistory } from './tags.js';

/**
 * matchedBy for a key pair whose name an earlier run already moved off the
 * key: the key is the latest replaced (previous-fingerprint tag) or any
 * earlier one (previous-fingerprints history tag).
 */
export const ROTATED_EARLIER = 'rotated earlier (previous-fingerprint tag)';

/** What we know of a leaked key: enough to recognise its EC2 key pair, nothing secret. */
export interface KeyEvidence {
  fingerprint: string | null;
  md5: string | null;
  publicKey: string | null;
  ec2Fingerprints: Ec2Fingerprints;
}

export interface KeyPairRecord {
  region: string;
  keyPairId: string;
  keyName: string;
  keyType: string;
  /** The fingerprint EC2 reports for the pair. */
  ec2Fingerprint: string;
  /** OpenSSH public key line, when EC2 returned it. */
  publicKey: string | null;
  /** OpenSSH SHA256 of the pair's public key, when known. */
  fingerprint: string | null;
  createTime: Date | null;
  tags: Record<string, string>;
}

export interface KeyPairMatch extends KeyPairRecord {
  matchedBy: string;
}

function toRecord(region: string, pair: KeyPairInfo): KeyPairRecord {
  let fingerprint: string | null = null;
  const publicKey = pair.PublicKey?.trim() || null;
  if (publicKey) {
    try {
      fingerprint = sha256Fingerprint(sshpk.parseKey(publicKey, 'ssh'));
    } catch {
      fingerprint = null;
    }
  }
  return {
    region,
    keyPairId: pair.KeyPairId ?? '',
    keyName: pair.KeyName ?? '',
    keyType: pair.KeyType ?? 'rsa',
    ec2Fingerprint: pair.KeyFingerprint ?? '',
    publicKey,
    fingerprint,
    createTime: pair.CreateTime ?? null,
    tags: Object.fromEntries((pair.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
  };
}

/** Every key pair of a region, with public keys. DescribeKeyPairs is not paginated. */
export async function listKeyPairs(
  clients: RegionClients,
  keyNames?: string[],
): Promise<KeyPairRecord[]> {
  const response = await clients.ec2.send(
    new DescribeKeyPairsCommand({
      IncludePublicKey: true,
      ...(keyNames ? { KeyNames: keyNames } : {}),
    }),
  );
  return (response.KeyPairs ?? []).map((pair) => toRecord(clients.region, pair));
}

/**
 * How a key pair is recognised as the leaked key: the public key itself when
 * EC2 returns it, otherwise every fingerprint form EC2 might report
 * (imported RSA: MD5 of DER SPKI or RFC 4716 MD5; AWS-created RSA: SHA-1 of
 * PKCS#8; Ed25519: SHA-256 base64). Failing those, a pair whose tags
 * record the key among those it replaced is ROTATED_EARLIER.
 */
export function matchEvidence(pair: KeyPairRecord, evidence: KeyEvidence): string | null {
  const direct = matchKey(pair, evidence);
  // A pair that holds the key is that key's pair, whatever its tags say.
  if (direct) return direct;
  if (evidence.fingerprint && fingerprintHistory(pair.tags).includes(evidence.fingerprint)) {
    // Already rotated away from this key: a re-run still converges its hosts.
    return ROTATED_EARLIER;
  }
  return null;
}

function matchKey(pair: KeyPairRecord, evidence: KeyEvidence): string | null {
  if (pair.fingerprint && evidence.fingerprint && pair.fingerprint === evidence.fingerprint)
    return 'public key';
  const reported = pair.ec2Fingerprint.toLowerCase().replace(/=+$/, '');
  if (!reported) return null;
  const forms: [string, string | null][] = [
    ['imported RSA fingerprint', evidence.ec2Fingerprints.imported],
    ['AWS-created RSA fingerprint', evidence.ec2Fingerprints.created],
    ['ED25519 fingerprint', evidence.ec2Fingerprints.ed25519],
    ['RFC 4716 MD5 fingerprint', evidence.md5],
  ];
  for (const [label, value] of forms) {
    if (value && value.toLowerCase().replace(/=+$/, '') === reported) return label;
  }
  return null;
}

/** Evidence for a key pair's own public key (for rotations named by key pair, not by leak). */
export function evidenceFromPublicKey(publicKey: string): KeyEvidence {
  const key = sshpk.parseKey(publicKey, 'ssh');
  return {
    fingerprint: sha256Fingerprint(key),
    md5: md5Fingerprint(key),
    publicKey: key.toString('ssh').split(' ').slice(0, 2).join(' '),
    ec2Fingerprints: ec2Fingerprints(key),
  };
}

/** The key pairs, across regions, that the leaked key opens. */
export async function findMatchingKeyPairs(
  regions: RegionClients[],
  evidence: KeyEvidence,
): Promise<KeyPairMatch[]> {
  const matches: KeyPairMatch[] = [];
  for (const clients of regions) {
    for (const pair of await listKeyPairs(clients)) {
      const matchedBy = matchEvidence(pair, evidence);
      if (matchedBy) matches.push({ ...pair, matchedBy });
    }
  }
  return matches;
}
