import { generateKey, type NewKeyType } from '../keys/generate.js';
import type { HostPhase } from './host/host-script.js';
import type { HostOutcome } from './outcome.js';

export type { HostOutcome } from './outcome.js';
import type { RegionClients } from './clients.js';
import { buildHostScript } from './host/host-script.js';
import { parseHostResult, type HostResult } from './host/host-result.js';
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

export interface HostReport {
  instanceId: string;
  region: string;
  name: string | null;
  outcome: HostOutcome;
  /** The phase that failed, for failed and incomplete hosts. */
  phase: HostPhase | null;
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

interface PhaseRun {
  /** Instances whose script ran and answered (ok or incomplete), with their results. */
  answered: Map<string, HostResult>;
}

/**
 * Runs one phase of the host script on `ids`; instances that fail (Run
 * Command, or the script could not run) get a failed report and drop out.
 */
async function runPhase(
  clients: RegionClients,
  phase: HostPhase,
  ids: string[],
  byId: Map<string, TargetInstance>,
  reports: Map<string, HostReport>,
  script: string,
  options: RotationOptions,
): Promise<PhaseRun> {
  const answered = new Map<string, HostResult>();
  if (!ids.length) return { answered };
  const outcomes = await runOnInstances(clients, ids, script, {
    ...options.run,
    comment: `ec2-key-rotate ${phase}`,
  });
  for (const outcome of outcomes) {
    const target = byId.get(outcome.instanceId);
    if (!target) continue;
    const result = parseHostResult(outcome.output, outcome.exitCode ?? -1);
    const ran = outcome.status === 'ok' || outcome.status === 'failed';
    if (ran && result.phase === phase && result.status !== 'failed') {
      answered.set(outcome.instanceId, result);
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
  return { answered };
}

/** What the revoke phase (or the last phase reached) says of a host. */
function finalReport(target: TargetInstance, result: HostResult): HostReport {
  const base = {
    instanceId: target.instanceId,
    region: target.region,
    name: target.name,
    waysBack: [] as string[],
  };
  if (result.status === 'incomplete') {
    const detail = result.messages.join('; ') || 'some file could not be checked';
    return {
      ...base,
      outcome: 'incomplete',
      phase: 'revoke',
      reason: `${result.removed ? `old key removed from ${result.old - result.kept} file(s), ` : ''}but not everywhere: ${detail}`,
    };
  }
  const rotated = result.new > 0 || result.removed > 0;
  const notes = result.messages.length ? ` (${result.messages.join('; ')})` : '';
  return {
    ...base,
    outcome: rotated ? 'rotated' : 'no-old-key',
    phase: null,
    reason: rotated
      ? `new key verified in ${result.new} file(s) sshd reads, old key removed from every one${notes}`
      : `no file sshd reads held the old key${notes}`,
  };
}

/**
 * add → verify → revoke on the instances given. Each phase runs where the
 * previous one answered; the script decides per file, so revoke removes the
 * old key only from files whose new key it verified itself, and a host where
 * some file keeps the old key is incomplete, never rotated.
 */
async function updateHosts(
  clients: RegionClients,
  targets: TargetInstance[],
  reports: Map<string, HostReport>,
  oldKeyBlobs: string[],
  newKeyLine: string,
  options: RotationOptions,
): Promise<void> {
  const byId = new Map(targets.map((target) => [target.instanceId, target]));
  let current = targets.map((target) => target.instanceId);
  let last = new Map<string, HostResult>();
  for (const phase of ['add', 'verify', 'revoke'] as const) {
    const script = buildHostScript({
      phase,
      oldKeyBlobs,
      newKeyLine,
      extraUsers: options.extraUsers,
    });
    last = (await runPhase(clients, phase, current, byId, reports, script, options)).answered;
    current = [...last.keys()];
  }
  for (const [instanceId, result] of last) {
    reports.set(instanceId, finalReport(byId.get(instanceId) as TargetInstance, result));
  }
}

const SSH_TYPE: Record<NewKeyType, string> = { ed25519: 'ssh-ed25519', rsa: 'ssh-rsa' };

/**
 * Read-only probe of the ready instances: which key types sshd accepts for
 * every account that holds the old key. Returns the type to generate and
 * the instances to go on with; an instance that refuses it is failed here,
 * before anything is written.
 */
async function probeHosts(
  clients: RegionClients,
  targets: TargetInstance[],
  reports: Map<string, HostReport>,
  oldKeyBlobs: string[],
  preferred: NewKeyType,
  /** Windows launches need RSA: no other type will do. */
  fixed: boolean,
  options: RotationOptions,
): Promise<{ keyType: NewKeyType; ready: TargetInstance[] }> {
  const byId = new Map(targets.map((target) => [target.instanceId, target]));
  const script = buildHostScript({
    phase: 'probe',
    oldKeyBlobs,
    newKeyLine: null,
    extraUsers: options.extraUsers,
  });
  const { answered } = await runPhase(
    clients,
    'probe',
    targets.map((target) => target.instanceId),
    byId,
    reports,
    script,
    options,
  );
  const accepts = (id: string, type: NewKeyType): boolean =>
    answered.get(id)?.accepts?.includes(SSH_TYPE[type]) ?? false;
  const ids = [...answered.keys()];
  const other: NewKeyType = preferred === 'ed25519' ? 'rsa' : 'ed25519';
  const count = (type: NewKeyType): number => ids.filter((id) => accepts(id, type)).length;
  // The preferred type unless some host refuses it and more hosts take the other.
  let keyType = preferred;
  if (!fixed && count(preferred) < ids.length && count(other) > count(preferred)) {
    keyType = other;
    const refusing = ids.filter((id) => !accepts(id, preferred));
    options.log(
      `sshd on ${refusing.length} instance(s) (${refusing.slice(0, 5).join(', ')}${refusing.length > 5 ? ', …' : ''}) does not accept ${SSH_TYPE[preferred]} keys: generating ${keyType === 'rsa' ? 'RSA 4096' : 'Ed25519'} instead`,
    );
  }
  const ready: TargetInstance[] = [];
  for (const id of ids) {
    const target = byId.get(id) as TargetInstance;
    if (accepts(id, keyType)) {
      ready.push(target);
      continue;
    }
    const offered = answered.get(id)?.accepts ?? [];
    const reason = `sshd does not accept ${SSH_TYPE[keyType]} keys for the users who hold the old key (it accepts: ${offered.join(', ') || 'none of ssh-ed25519, ssh-rsa, ecdsa'}); nothing was changed, the old key is still in place`;
    options.log(`${id}: ${reason}`);
    reports.set(id, {
      instanceId: id,
      region: target.region,
      name: target.name,
      outcome: 'failed',
      phase: 'probe',
      reason,
      waysBack: [],
    });
  }
  return { keyType, ready };
}

/**
 * EC2 refuses ED25519 key pairs for Windows instances: when the pair also
 * launches Windows, the replacement is RSA so those launches keep working.
 */
function preferredKeyType(targets: TargetInstance[], options: RotationOptions): NewKeyType {
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
    const reports = new Map<string, HostReport>();
    for (const target of targets.filter((candidate) => candidate.readiness !== 'ready'))
      reports.set(target.instanceId, skipped(target));
    let ready = targets.filter((target) => target.readiness === 'ready');
    if (!state) {
      // Read-only: the new key's type must be one sshd accepts on the hosts.
      const probe = await probeHosts(
        clients,
        ready,
        reports,
        oldKeyBlobs,
        preferredKeyType(targets, options),
        targets.some((target) => target.platform === 'windows'),
        options,
      );
      ready = probe.ready;
      state = await takeCustody(
        clients,
        pair,
        names,
        oldFingerprint,
        oldKeyBlobs,
        probe.keyType,
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

    await updateHosts(
      clients,
      ready,
      reports,
      state.oldKeyBlobs,
      state.newKey.publicKeyLine,
      options,
    );
    report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
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
