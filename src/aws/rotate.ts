import { generateKey, type NewKeyType } from '../keys/generate.js';
import type { RegionClients } from './clients.js';
import { buildHostScript } from './host-script.js';
import { parseHostResult } from './host-result.js';
import {
  findTargets,
  MANUAL_WAYS_BACK,
  READINESS_TEXT,
  type TargetInstance,
  type TargetTag,
} from './instances.js';
import { ROTATED_EARLIER, type KeyEvidence, type KeyPairMatch } from './key-pairs.js';
import { acquireLock, releaseLock } from './lock.js';
import { parameterNames, writeParameter } from './parameters.js';
import { publishKeyPair, type PublishResult } from './publish.js';
import { runOnInstances, type RunOptions } from './run-command.js';
import { readState, writeState, type RotationState, type RotationStep } from './state.js';

export interface RotationOptions {
  targetTag: TargetTag | null;
  parameterPath: string;
  kmsKeyId: string | null;
  newKeyType: NewKeyType;
  /** Users who get the new key even where the old one was not found. */
  extraUsers: string[];
  /** Import the new key under this name instead of the old pair's name. */
  newKeyPairName: string | null;
  dryRun: boolean;
  run: RunOptions;
  runId: string;
  lockTtlMs: number;
  /** Take over a lock left by a run that was killed (it would otherwise hold until it expires). */
  breakLock?: boolean;
  log: (line: string) => void;
  /** Called after each recorded step (progress display; tests stop runs here). */
  onStep?: (step: RotationStep) => void;
}

export type HostOutcome = 'rotated' | 'no-old-key' | 'failed' | 'skipped' | 'planned';

export interface HostReport {
  instanceId: string;
  region: string;
  name: string | null;
  outcome: HostOutcome;
  /** The phase that failed, for failed hosts. */
  phase: 'add' | 'verify' | 'revoke' | null;
  reason: string;
  /** What a person can do when the rotation could not reach the host. */
  waysBack: string[];
}

export interface RotationReport {
  /** OpenSSH fingerprint of the key being replaced (the leaked key, for leak rotations). */
  leakedFingerprint: string | null;
  keyName: string;
  region: string;
  matchedBy: string;
  dryRun: boolean;
  resumed: boolean;
  /** The step an earlier run had recorded ('done': this run only re-checked the hosts). */
  previousStep: RotationStep | null;
  newKey: {
    fingerprint: string;
    publicKeyLine: string;
    parameterName: string;
    parameterVersion: number;
  } | null;
  hosts: HostReport[];
  published: PublishResult | null;
}

export class RotationError extends Error {
  override name = 'RotationError';
}

/** The base64 blob of each OpenSSH public key line (what authorized_keys is matched on). */
function keyBlobs(...lines: (string | null | undefined)[]): string[] {
  return lines.flatMap((line) => {
    const blob = line?.trim().split(/\s+/)[1];
    return blob ? [blob] : [];
  });
}

function skipped(target: TargetInstance): HostReport {
  return {
    instanceId: target.instanceId,
    region: target.region,
    name: target.name,
    outcome: 'skipped',
    phase: null,
    reason: READINESS_TEXT[target.readiness],
    waysBack: target.readiness === 'windows' ? [] : MANUAL_WAYS_BACK,
  };
}

/**
 * add → verify → revoke on every reachable instance; each phase runs only on
 * the instances the previous one succeeded on, so an instance whose new key
 * is not verified keeps its old key.
 */
async function updateHosts(
  clients: RegionClients,
  targets: TargetInstance[],
  oldKeyBlobs: string[],
  newKeyLine: string,
  options: RotationOptions,
): Promise<HostReport[]> {
  const reports = new Map<string, HostReport>();
  for (const target of targets.filter((candidate) => candidate.readiness !== 'ready'))
    reports.set(target.instanceId, skipped(target));
  const ready = targets.filter((target) => target.readiness === 'ready');
  const byId = new Map(ready.map((target) => [target.instanceId, target]));
  const holdsKey = new Set<string>();
  let current = ready.map((target) => target.instanceId);
  for (const phase of ['add', 'verify', 'revoke'] as const) {
    if (!current.length) break;
    const script = buildHostScript({
      phase,
      oldKeyBlobs,
      newKeyLine,
      extraUsers: options.extraUsers,
    });
    const outcomes = await runOnInstances(clients, current, script, {
      ...options.run,
      comment: `ec2-key-rotate ${phase}`,
    });
    const succeeded: string[] = [];
    for (const outcome of outcomes) {
      const target = byId.get(outcome.instanceId);
      if (!target) continue;
      const result = parseHostResult(outcome.output, outcome.exitCode ?? -1);
      if (outcome.status === 'ok' && result.status === 'ok') {
        // Verify looks at every file holding the old or the new key: on a re-run
        // after revoke, the new key alone still means the host is rotated.
        if (phase === 'verify' && result.files > 0) holdsKey.add(outcome.instanceId);
        succeeded.push(outcome.instanceId);
        continue;
      }
      const reason =
        outcome.status === 'unreachable'
          ? `Run Command ${outcome.ssmStatus}: the old key is still in place`
          : `${phase} failed (${result.messages.join('; ') || `exit ${outcome.exitCode}`}): the old key is still in place`;
      options.log(`${target.instanceId}: ${reason}`);
      reports.set(outcome.instanceId, {
        instanceId: target.instanceId,
        region: target.region,
        name: target.name,
        outcome: 'failed',
        phase,
        reason,
        waysBack: outcome.status === 'unreachable' ? MANUAL_WAYS_BACK : [],
      });
    }
    current = succeeded;
  }
  for (const instanceId of current) {
    const target = byId.get(instanceId) as TargetInstance;
    const had = holdsKey.has(instanceId);
    reports.set(instanceId, {
      instanceId,
      region: target.region,
      name: target.name,
      outcome: had ? 'rotated' : 'no-old-key',
      phase: null,
      reason: had
        ? 'new key added and verified, old key removed'
        : 'no authorized_keys file held the old key',
      waysBack: [],
    });
  }
  return [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

/**
 * EC2 refuses ED25519 key pairs for Windows instances: when the pair also
 * launches Windows, the replacement is RSA so those launches keep working.
 */
function newKeyTypeFor(targets: TargetInstance[], options: RotationOptions): NewKeyType {
  if (options.newKeyType === 'ed25519' && targets.some((target) => target.platform === 'windows')) {
    options.log(
      'the key pair also launches Windows instances, which need RSA: generating RSA 4096',
    );
    return 'rsa';
  }
  return options.newKeyType;
}

/** Takes custody of a new key: generated here, stored as a SecureString before any host is touched. */
async function takeCustody(
  clients: RegionClients,
  pair: KeyPairMatch,
  names: ReturnType<typeof parameterNames>,
  oldFingerprint: string | null,
  oldKeyBlobs: string[],
  keyType: NewKeyType,
  options: RotationOptions,
): Promise<RotationState> {
  const key = generateKey(keyType, `ec2-key-rotate ${pair.keyName}`);
  let parameterVersion: number;
  try {
    parameterVersion = await writeParameter(clients.ssm, {
      name: names.privateKey,
      value: key.privateKeyOpenssh,
      secure: true,
      kmsKeyId: options.kmsKeyId,
      tags: {
        'ec2-key-rotate': 'private-key',
        'ec2-key-rotate:key-pair': pair.keyName,
        'ec2-key-rotate:fingerprint': key.fingerprint,
      },
      description: `Private key of EC2 key pair ${pair.keyName} (${key.fingerprint}), rotated by ec2-key-rotate`,
    });
  } catch (error) {
    throw new RotationError(
      `cannot store the new private key in Parameter Store (${names.privateKey}): ${(error as Error).message}; no instance was changed`,
    );
  }
  options.log(
    `new ${keyType} key ${key.fingerprint} stored in ${names.privateKey} (version ${parameterVersion})`,
  );
  return {
    version: 1,
    keyName: pair.keyName,
    region: clients.region,
    oldFingerprint,
    oldKeyBlobs,
    oldTags: Object.fromEntries(
      Object.entries(pair.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:')),
    ),
    newKey: {
      publicKeyLine: key.publicKeyLine,
      fingerprint: key.fingerprint,
      parameterName: names.privateKey,
      parameterVersion,
    },
    step: 'custody',
    runId: options.runId,
    updatedAt: new Date().toISOString(),
  };
}

/**
 * Rotates one key pair by the safe protocol: plan, custody first, add,
 * verify, revoke, publish. Each step is recorded, so a run killed anywhere
 * resumes with the same new key; a lock keeps two runs apart.
 */
export async function rotateKeyPair(
  clients: RegionClients,
  pair: KeyPairMatch,
  evidence: KeyEvidence,
  options: RotationOptions,
): Promise<RotationReport> {
  const names = parameterNames(options.parameterPath, pair.keyName);
  const targets = await findTargets(clients, pair.keyName, options.targetTag);
  const report: RotationReport = {
    leakedFingerprint: evidence.fingerprint,
    keyName: pair.keyName,
    region: clients.region,
    matchedBy: pair.matchedBy,
    dryRun: options.dryRun,
    resumed: false,
    previousStep: null,
    newKey: null,
    hosts: targets.map((target) =>
      target.readiness === 'ready'
        ? {
            instanceId: target.instanceId,
            region: target.region,
            name: target.name,
            outcome: 'planned',
            phase: null,
            reason: READINESS_TEXT.ready,
            waysBack: [],
          }
        : skipped(target),
    ),
    published: null,
  };
  if (options.dryRun) return report;

  await acquireLock(clients.ssm, names.lock, options.runId, options.lockTtlMs, {
    breakLock: options.breakLock ?? false,
  });
  try {
    let state = await readState(clients.ssm, names.state);
    const oldFingerprint =
      pair.matchedBy === ROTATED_EARLIER
        ? evidence.fingerprint
        : (evidence.fingerprint ?? pair.fingerprint);
    // A finished rotation of an older key is history, not something to resume.
    if (state && state.oldFingerprint !== oldFingerprint) state = null;
    report.resumed = state !== null;
    report.previousStep = state?.step ?? null;
    const oldKeyBlobs =
      state?.oldKeyBlobs ??
      keyBlobs(evidence.publicKey ?? (pair.matchedBy === ROTATED_EARLIER ? null : pair.publicKey));
    if (!oldKeyBlobs.length) {
      throw new RotationError(
        `cannot rotate ${pair.keyName}: neither the finding nor EC2 gives the old public key`,
      );
    }
    if (!state) {
      state = await takeCustody(
        clients,
        pair,
        names,
        oldFingerprint,
        oldKeyBlobs,
        newKeyTypeFor(targets, options),
        options,
      );
      await writeState(clients.ssm, names.state, state);
      options.onStep?.('custody');
    } else {
      options.log(
        `resuming the rotation of ${pair.keyName} to ${state.newKey.fingerprint} (last step: ${state.step})`,
      );
    }
    report.newKey = { ...state.newKey };

    report.hosts = await updateHosts(
      clients,
      targets,
      state.oldKeyBlobs,
      state.newKey.publicKeyLine,
      options,
    );
    state = { ...state, step: state.step === 'custody' ? 'hosts' : state.step };
    await writeState(clients.ssm, names.state, state);
    options.onStep?.('hosts');

    report.published = await publishKeyPair(clients, {
      oldPair: pair,
      newPublicKeyLine: state.newKey.publicKeyLine,
      newFingerprint: state.newKey.fingerprint,
      newName: options.newKeyPairName,
      previousFingerprint: state.oldFingerprint ?? 'unknown',
      tags:
        state.oldTags ??
        Object.fromEntries(
          Object.entries(pair.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:')),
        ),
    });
    // Publishing is idempotent, so nothing sits between it and done worth recording.
    await writeState(clients.ssm, names.state, { ...state, step: 'done' });
    options.onStep?.('published');
    options.onStep?.('done');
    return report;
  } finally {
    await releaseLock(clients.ssm, names.lock);
  }
}
