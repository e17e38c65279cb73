import type { Finding } from '../scan/findings.js';
import { destroyClients, regionClients, type RegionClients } from './clients.js';
import { resolveCredentials, type CredentialSource } from './credentials.js';
import {
  evidenceFromPublicKey,
  findMatchingKeyPairs,
  listKeyPairs,
  ROTATED_EARLIER,
  type KeyEvidence,
  type KeyPairMatch,
} from './key-pairs.js';
import {
  isOpen,
  newLeakRecord,
  notePair,
  openLeakRecords,
  readLeakRecord,
  writeLeakRecord,
  type LeakRecord,
} from './leaks.js';
import {
  convergeLeak,
  OPEN_LEAK,
  rotateKeyPair,
  RotationError,
  type RotationOptions,
  type RotationReport,
} from './rotate.js';
import { acquireLock, LockHeldError } from './lock.js';
import { settleOfflineRecords } from './offline/recover.js';
import { parameterNames, readParameter } from './parameters.js';
import { readState, unfinishedRotations } from './state.js';
import { TAG_ROTATED_AT } from './tags.js';
import { keyedInstances, keylessConverge, makeKeyless, type KeyedInstance } from './keyless.js';

export interface EngineConfig extends RotationOptions {
  regions: string[];
  credentials: CredentialSource;
  /**
   * Keyless mode (keyless.ts): remove the old key from SSM-online instances
   * and delete the key pair instead of rotating; a scheduled run also lists
   * the instances that still have keys.
   */
  keyless?: boolean;
}

/** What to rotate: the key pairs a leaked key opens, named pairs, or pairs past their age. */
export type RotationRequest =
  | { kind: 'findings'; findings: Finding[] }
  | { kind: 'key-pairs'; names: string[] }
  | { kind: 'scheduled'; maxKeyAgeDays: number; now?: Date }
  /** Nothing new: only go back to the leaks still open (every run does this too). */
  | { kind: 'open-leaks' };

/**
 * A failure the run recorded and went on from. `scope` says what it concerns:
 * one key pair (named), the leak records of a region, or the whole run
 * (credentials, regions): typed, never a sentinel key name.
 */
export interface EngineError {
  scope: 'key-pair' | 'leak-records' | 'run';
  /** The key pair, for scope 'key-pair'; null otherwise. */
  keyName: string | null;
  region: string;
  message: string;
  /** The leaked key whose rotation this was, when it was one. */
  leakedFingerprint?: string | null;
}

/** Where one leaked key stands after the run, per region. */
export interface LeakStatus {
  fingerprint: string;
  region: string;
  /** open: some instance it opened may still accept it. */
  status: 'open' | 'closed';
  /** Instances not yet confirmed clean. */
  openInstances: string[];
}

export interface EngineResult {
  /** Leaked keys that no key pair in the searched regions matches. */
  unmatched: { id: string; reason: string }[];
  rotations: RotationReport[];
  /** Rotations that stopped with an error; other key pairs still went ahead. */
  errors: EngineError[];
  /** Every leak this run touched or found open (a leak stays open until every instance is clean). */
  leaks: LeakStatus[];
  /** Keyless scheduled runs: instances that still have a key pair or keys for a default user. */
  keyed?: KeyedInstance[];
}

/** The leak is settled: no known instance still accepts the key. */
export function leaksOpen(result: EngineResult): LeakStatus[] {
  return result.leaks.filter((leak) => leak.status === 'open');
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

/** A key pair known from our own records rather than from DescribeKeyPairs. */
function knownPair(
  region: string,
  keyName: string,
  fingerprint: string | null,
  matchedBy: string,
  extra: { publicKey?: string | null; tags?: Record<string, string> } = {},
): KeyPairMatch {
  return {
    region,
    keyPairId: '',
    keyName,
    keyType: '',
    ec2Fingerprint: '',
    publicKey: extra.publicKey ?? null,
    fingerprint,
    createTime: null,
    tags: extra.tags ?? {},
    matchedBy,
  };
}

/** `type blob` for a base64 SSH public key blob (its first field names the type); null if not one. */
function publicKeyOfBlob(blob: string): string | null {
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.length < 4) return null;
  const length = bytes.readUInt32BE(0);
  const type = bytes.subarray(4, 4 + length).toString('latin1');
  return length > 0 && length < 64 && /^[a-z0-9@.-]+$/.test(type) ? `${type} ${blob}` : null;
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
      found.push(
        knownPair(clients.region, state.keyName, state.oldFingerprint, INTERRUPTED, {
          // The retired pair's key, so publishing can put it back if the import fails.
          publicKey: publicKeyOfBlob(state.oldKeyBlobs[0] ?? ''),
          tags: state.oldTags ?? {},
        }),
      );
    }
  }
  return found;
}

/**
 * Key pairs an open leak record lists for this key: after a purge of the
 * history, a second rotation or a rename, the record still knows them.
 */
async function recordedPairs(
  regions: RegionClients[],
  config: EngineConfig,
  fingerprint: string,
): Promise<KeyPairMatch[]> {
  const found: KeyPairMatch[] = [];
  for (const clients of regions) {
    const record = await readLeakRecord(clients.ssm, config.parameterPath, fingerprint);
    if (!record || record.status !== 'open') continue;
    for (const pair of record.pairs.filter((entry) => entry.region === clients.region)) {
      found.push(knownPair(clients.region, pair.keyName, fingerprint, OPEN_LEAK));
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
  if (request.kind === 'open-leaks') return selected;
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
        matches.push(...(await recordedPairs(regions, config, finding.fingerprint)));
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
          scope: 'key-pair',
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
          scope: 'key-pair',
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
 * Offline recoveries on record that no rotation of this run took up (a run
 * died, or `once` waits for the instance's next stop) are finished under
 * their key pair's lock: no instance is left stopped or with the recovery's
 * user data because the next run was asked something else.
 */
async function settleOffline(
  regions: RegionClients[],
  config: EngineConfig,
  result: EngineResult,
): Promise<void> {
  const handled = new Set(
    result.rotations.flatMap((rotation) => rotation.hosts.map((host) => host.instanceId)),
  );
  for (const clients of regions) {
    try {
      const settled = await settleOfflineRecords(
        clients,
        {
          options: config.offlineRecovery ?? null,
          parameterPath: config.parameterPath,
          kmsKeyId: config.kmsKeyId,
          runId: config.runId,
          log: config.log,
        },
        handled,
        async (keyName) => {
          try {
            const lock = await acquireLock(
              clients.ssm,
              parameterNames(config.parameterPath, keyName).lock,
              config.runId,
              config.lockTtlMs,
            );
            return {
              tick: async () => {
                await lock.assertHeld();
                await lock.renew();
              },
              release: () => lock.release(),
            };
          } catch (error) {
            if (error instanceof LockHeldError) return null;
            throw error;
          }
        },
      );
      for (const { instanceId, keyName, outcome } of settled) {
        config.log(`${instanceId}: offline recovery (${keyName}): ${outcome.reason}`);
        if (outcome.outcome === 'failed')
          result.errors.push({
            scope: 'key-pair',
            keyName,
            region: clients.region,
            message: `${instanceId}: ${outcome.reason}`,
          });
      }
    } catch (error) {
      result.errors.push({
        scope: 'run',
        keyName: null,
        region: clients.region,
        message: `offline recoveries on record: ${(error as Error).message}`,
      });
    }
  }
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
  const result: EngineResult = { unmatched: [], rotations: [], errors: [], leaks: [] };
  // One record per leaked key and region, loaded once and shared by its rotations.
  const records = new Map<string, LeakRecord>();
  const recordFor = async (
    clients: RegionClients,
    evidence: KeyEvidence,
  ): Promise<LeakRecord | null> => {
    if (!evidence.fingerprint || !evidence.publicKey) return null;
    const id = `${clients.region} ${evidence.fingerprint}`;
    let record = records.get(id);
    if (!record) {
      record =
        (await readLeakRecord(clients.ssm, config.parameterPath, evidence.fingerprint)) ??
        newLeakRecord(evidence.fingerprint, [evidence.publicKey.split(/\s+/)[1] ?? '']);
      records.set(id, record);
    }
    return record;
  };
  const attempt = async (
    clients: RegionClients,
    keyName: string,
    fingerprint: string | null,
    work: () => Promise<RotationReport>,
  ): Promise<void> => {
    try {
      result.rotations.push(await work());
    } catch (error) {
      result.errors.push({
        scope: 'key-pair',
        keyName,
        region: clients.region,
        message: (error as Error).message,
        leakedFingerprint: fingerprint,
      });
    }
  };
  try {
    for (const { clients, pair, evidence } of await selectPairs(regions, request, config, result)) {
      const record = request.kind === 'findings' ? await recordFor(clients, evidence) : null;
      if (!record) {
        await attempt(clients, pair.keyName, evidence.fingerprint, () =>
          config.keyless
            ? makeKeyless(clients, pair, evidence, config)
            : rotateKeyPair(clients, pair, evidence, config),
        );
        continue;
      }
      // The pair is on record before anything else happens: a run that fails
      // from here on leaves the leak open, for the next run to come back to.
      notePair(record, clients.region, pair.keyName);
      if (!config.dryRun) {
        try {
          await writeLeakRecord(clients.ssm, config.parameterPath, record);
        } catch (error) {
          result.errors.push({
            scope: 'key-pair',
            keyName: pair.keyName,
            region: clients.region,
            message: `cannot record the leak (${(error as Error).message}); nothing was changed`,
            leakedFingerprint: evidence.fingerprint,
          });
          continue;
        }
      }
      // A pair already rotated away from this key (or known only to the record):
      // go back to its instances with the pair's current key, unless the
      // rotation away from this very key is what is to be resumed.
      const laterKey =
        (pair.matchedBy === ROTATED_EARLIER || pair.matchedBy === OPEN_LEAK) &&
        (await readState(clients.ssm, parameterNames(config.parameterPath, pair.keyName).state)
          .then((state) => state?.oldFingerprint !== evidence.fingerprint)
          .catch(() => true));
      await attempt(clients, pair.keyName, evidence.fingerprint, () =>
        config.keyless
          ? laterKey
            ? keylessConverge(clients, pair.keyName, { record }, config)
            : makeKeyless(clients, pair, evidence, config, { record })
          : laterKey
            ? convergeLeak(clients, pair.keyName, { record }, config)
            : rotateKeyPair(clients, pair, evidence, config, { record }),
      );
    }
    // Every run goes back to the leaks still open, whatever it was asked.
    const handled = new Set(records.keys());
    for (const clients of regions) {
      let open: LeakRecord[] = [];
      try {
        open = await openLeakRecords(clients.ssm, config.parameterPath);
      } catch (error) {
        result.errors.push({
          scope: 'leak-records',
          keyName: null,
          region: clients.region,
          message: (error as Error).message,
        });
      }
      for (const record of open) {
        const id = `${clients.region} ${record.fingerprint}`;
        if (handled.has(id)) continue;
        records.set(id, record);
        const pairs = record.pairs.filter((pair) => pair.region === clients.region);
        for (const { keyName } of pairs) {
          await attempt(clients, keyName, record.fingerprint, () =>
            config.keyless
              ? keylessConverge(clients, keyName, { record }, config)
              : convergeLeak(clients, keyName, { record }, config),
          );
        }
      }
    }
    if (!config.dryRun) await settleOffline(regions, config, result);
    for (const [id, record] of records) {
      const region = id.split(' ')[0] as string;
      const openInstances = Object.entries(record.instances)
        .filter(([, instance]) => instance.status === 'open')
        .map(([instanceId]) => instanceId)
        .sort();
      const failed = result.errors.some(
        (error) => error.leakedFingerprint === record.fingerprint && error.region === region,
      );
      result.leaks.push({
        fingerprint: record.fingerprint,
        region,
        status: isOpen(record) || failed ? 'open' : 'closed',
        openInstances,
      });
    }
    if (config.keyless && request.kind === 'scheduled' && !config.dryRun) {
      result.keyed = [];
      for (const clients of regions) {
        try {
          result.keyed.push(...(await keyedInstances(clients, config)));
        } catch (error) {
          result.errors.push({
            scope: 'run',
            keyName: null,
            region: clients.region,
            message: `cannot list the instances that still have keys: ${(error as Error).message}`,
          });
        }
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
    // The version this rotation recorded, never whatever was written since.
    const { parameterName, parameterVersion } = rotation.newKey;
    const value = await readParameter(
      clients.ssm,
      parameterVersion > 0 ? `${parameterName}:${parameterVersion}` : parameterName,
      true,
    );
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
