import type { Finding } from '../scan/findings.js';
import { destroyClients, regionClients, type RegionClients } from './clients.js';
import { resolveCredentials, type CredentialSource } from './credentials.js';
import {
  evidenceFromPublicKey,
  findMatchingKeyPairs,
  listKeyPairs,
  type KeyEvidence,
  type KeyPairMatch,
} from './key-pairs.js';
import {
  rotateKeyPair,
  RotationError,
  type RotationOptions,
  type RotationReport,
} from './rotate.js';
import { readParameter } from './parameters.js';
import { unfinishedRotations } from './state.js';
import { TAG_ROTATED_AT } from './tags.js';

export interface EngineConfig extends RotationOptions {
  regions: string[];
  credentials: CredentialSource;
}

/** What to rotate: the key pairs a leaked key opens, named pairs, or pairs past their age. */
export type RotationRequest =
  | { kind: 'findings'; findings: Finding[] }
  | { kind: 'key-pairs'; names: string[] }
  | { kind: 'scheduled'; maxKeyAgeDays: number; now?: Date };

export interface EngineError {
  keyName: string;
  region: string;
  message: string;
  /** The leaked key whose rotation this was, when it was one. */
  leakedFingerprint?: string | null;
}

export interface EngineResult {
  /** Leaked keys that no key pair in the searched regions matches. */
  unmatched: { id: string; reason: string }[];
  rotations: RotationReport[];
  /** Rotations that stopped with an error; other key pairs still went ahead. */
  errors: EngineError[];
}

function evidenceOf(finding: Finding): KeyEvidence {
  return {
    fingerprint: finding.fingerprint,
    md5: finding.md5,
    publicKey: finding.publicKey,
    ec2Fingerprints: finding.ec2Fingerprints,
  };
}

function ageInDays(pair: KeyPairMatch, now: Date): number {
  const rotated = pair.tags[TAG_ROTATED_AT];
  const since = rotated ? new Date(rotated) : pair.createTime;
  return since ? (now.getTime() - since.getTime()) / 86_400_000 : Number.POSITIVE_INFINITY;
}

/** matchedBy for a key pair found through the state a killed run left behind. */
export const INTERRUPTED = 'an interrupted rotation (recorded state)';

/**
 * Key pairs whose rotation away from `fingerprint` was cut off after the
 * leaked pair was retired and before the new one was imported.
 */
async function interruptedPairs(
  regions: RegionClients[],
  config: EngineConfig,
  fingerprint: string,
): Promise<KeyPairMatch[]> {
  const found: KeyPairMatch[] = [];
  for (const clients of regions) {
    for (const state of await unfinishedRotations(clients.ssm, config.parameterPath)) {
      if (state.oldFingerprint !== fingerprint || state.region !== clients.region) continue;
      found.push({
        region: clients.region,
        keyPairId: '',
        keyName: state.keyName,
        keyType: '',
        ec2Fingerprint: '',
        publicKey: null,
        fingerprint: state.oldFingerprint,
        createTime: null,
        tags: state.oldTags ?? {},
        matchedBy: INTERRUPTED,
      });
    }
  }
  return found;
}

async function selectPairs(
  regions: RegionClients[],
  request: RotationRequest,
  config: EngineConfig,
  result: EngineResult,
): Promise<{ clients: RegionClients; pair: KeyPairMatch; evidence: KeyEvidence }[]> {
  const selected: { clients: RegionClients; pair: KeyPairMatch; evidence: KeyEvidence }[] = [];
  const byRegion = new Map(regions.map((clients) => [clients.region, clients]));
  if (request.kind === 'findings') {
    for (const finding of request.findings) {
      if (!finding.fingerprint) {
        result.unmatched.push({
          id: finding.id,
          reason: finding.note ?? 'no fingerprint: cannot be matched to a key pair',
        });
        continue;
      }
      const evidence = evidenceOf(finding);
      const matches = await findMatchingKeyPairs(regions, evidence);
      if (!matches.length)
        matches.push(...(await interruptedPairs(regions, config, finding.fingerprint)));
      if (!matches.length)
        result.unmatched.push({
          id: finding.id,
          reason: `no EC2 key pair in ${config.regions.join(', ')} matches`,
        });
      for (const pair of matches)
        selected.push({ clients: byRegion.get(pair.region) as RegionClients, pair, evidence });
    }
    return selected;
  }
  for (const clients of regions) {
    const pairs = await listKeyPairs(clients);
    for (const pair of pairs) {
      const wanted =
        request.kind === 'key-pairs'
          ? request.names.includes(pair.keyName)
          : (!config.targetTag || pair.tags[config.targetTag.key] === config.targetTag.value) &&
            ageInDays({ ...pair, matchedBy: '' }, request.now ?? new Date()) >
              request.maxKeyAgeDays;
      if (!wanted) continue;
      if (!pair.publicKey) {
        result.errors.push({
          keyName: pair.keyName,
          region: clients.region,
          message: 'EC2 returned no public key for this key pair',
        });
        continue;
      }
      const matchedBy =
        request.kind === 'key-pairs' ? 'named' : `older than ${request.maxKeyAgeDays} days`;
      selected.push({
        clients,
        pair: { ...pair, matchedBy },
        evidence: evidenceFromPublicKey(pair.publicKey),
      });
    }
  }
  if (request.kind === 'key-pairs') {
    for (const name of request.names) {
      if (!selected.some((entry) => entry.pair.keyName === name)) {
        result.errors.push({
          keyName: name,
          region: config.regions.join(', '),
          message: 'no such key pair',
        });
      }
    }
  }
  return selected;
}

/**
 * Finds the key pairs a request names and rotates each (or, with dryRun,
 * plans). A failure in one key pair is recorded and the others go on.
 */
export async function runRotation(
  request: RotationRequest,
  config: EngineConfig,
): Promise<EngineResult> {
  if (!config.regions.length)
    throw new RotationError('no AWS region: set aws-regions (or AWS_REGION)');
  const credentials = await resolveCredentials(config.credentials);
  const regions = config.regions.map((region) => regionClients(region, credentials));
  const result: EngineResult = { unmatched: [], rotations: [], errors: [] };
  try {
    for (const { clients, pair, evidence } of await selectPairs(regions, request, config, result)) {
      try {
        result.rotations.push(await rotateKeyPair(clients, pair, evidence, config));
      } catch (error) {
        result.errors.push({
          keyName: pair.keyName,
          region: clients.region,
          message: (error as Error).message,
          leakedFingerprint: evidence.fingerprint,
        });
      }
    }
  } finally {
    destroyClients(regions);
  }
  return result;
}

/**
 * The new private key of a finished rotation, read back from custody
 * (for the Actions secret). `mask` sees every line before it is returned.
 */
export async function readNewPrivateKey(
  rotation: RotationReport,
  credentials: CredentialSource,
  mask: (secret: string) => void,
): Promise<string> {
  if (!rotation.newKey)
    throw new RotationError(`the rotation of ${rotation.keyName} made no new key`);
  const clients = regionClients(rotation.region, await resolveCredentials(credentials));
  try {
    const value = await readParameter(clients.ssm, rotation.newKey.parameterName, true);
    if (!value) throw new RotationError(`${rotation.newKey.parameterName} is empty or gone`);
    mask(value);
    for (const line of value.split('\n')) if (line.trim()) mask(line.trim());
    return value;
  } catch (error) {
    if (error instanceof RotationError) throw error;
    throw new RotationError(
      `cannot read the new private key back from ${rotation.newKey.parameterName} (needs ssm:GetParameter and kms:Decrypt): ${(error as Error).message}`,
    );
  } finally {
    destroyClients([clients]);
  }
}
