import sshpk from 'sshpk';
import { generateKey, type NewKeyType } from '../keys/generate.js';
import { blobFingerprint, type HostPhase } from './host/host-script.js';
import type { HostOutcome } from './outcome.js';
import { TAG_PREVIOUS_FINGERPRINT, TAG_PREVIOUS_FINGERPRINTS } from './tags.js';

export type { HostOutcome } from './outcome.js';
import type { RegionClients } from './clients.js';
import { hostCommand, type HostCommand } from './host/document.js';
import { parseHostResult, type HostResult } from './host/host-result.js';
import {
  findTargets,
  MANUAL_WAYS_BACK,
  READINESS_TEXT,
  type TargetInstance,
  type TargetTag,
} from './instances.js';
import { listKeyPairs, ROTATED_EARLIER, type KeyEvidence, type KeyPairMatch } from './key-pairs.js';
import { acquireLock, LockHeldError, type HeldLock } from './lock.js';
import { noteInstance, settlePair, writeLeakRecord, type LeakRecord } from './leaks.js';
import { parameterNames, readParameter, writeParameter } from './parameters.js';
import { publishKeyPair, type PublishResult } from './publish.js';
import { runOnInstances, type RunOptions } from './run-command.js';
import type { OfflineOptions } from './offline/options.js';
import { recoverOffline } from './offline/recover.js';
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
  /**
   * How long to wait for a lock another run holds, retrying with a doubling
   * pause (2 s up to 30 s), before giving up: runs of a busy repository queue
   * here instead of in a workflow concurrency group, which drops runs. 0: fail at once.
   */
  lockWaitMs?: number;
  /** The first pause between lock attempts (tests shorten it). */
  lockRetryMs?: number;
  log: (line: string) => void;
  /** Called after each recorded step (progress display; tests stop runs here). */
  onStep?: (step: RotationStep) => void;
  /** Instances SSM cannot reach: recover them by stopping and starting (opt-in; null: report them). */
  offlineRecovery?: OfflineOptions | null;
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
  /** Keyless mode (keyless.ts): the key pair deleted, not replaced, and how people log in now. */
  keyless?: KeylessOutcome;
}

export interface KeylessOutcome {
  /** The key pair id deleted from EC2 (null: it was already gone). */
  deletedKeyPairId: string | null;
  /** Per instance made keyless: Session Manager, and whether EC2 Instance Connect is set up there. */
  access: { instanceId: string; instanceConnect: boolean }[];
}

export class RotationError extends Error {
  override name = 'RotationError';
}

/** The base64 blob of each OpenSSH public key line (what authorized_keys is matched on). */
export function keyBlobs(...lines: (string | null | undefined)[]): string[] {
  return lines.flatMap((line) => {
    const blob = line?.trim().split(/\s+/)[1];
    return blob ? [blob] : [];
  });
}

export function skipped(target: TargetInstance): HostReport {
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
export async function runPhase(
  clients: RegionClients,
  phase: HostPhase,
  ids: string[],
  byId: Map<string, TargetInstance>,
  reports: Map<string, HostReport>,
  script: HostCommand,
  options: RotationOptions,
): Promise<PhaseRun> {
  const answered = new Map<string, HostResult>();
  if (!ids.length) return { answered };
  const outcomes = await runOnInstances(clients, ids, script, {
    ...options.run,
    comment: `ec2-key-rotate ${phase}`,
    targetTag: options.targetTag,
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
        ? `${outcome.reason ?? `Run Command ${outcome.ssmStatus}`}: the old key is still in place`
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
  /** Runs between phases (the lock is renewed and checked there). */
  between: () => Promise<void>,
): Promise<void> {
  const byId = new Map(targets.map((target) => [target.instanceId, target]));
  let current = targets.map((target) => target.instanceId);
  let last = new Map<string, HostResult>();
  for (const phase of ['add', 'verify', 'revoke'] as const) {
    if (!current.length) break;
    await between();
    const script = hostCommand({
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
export async function probeHosts(
  clients: RegionClients,
  targets: TargetInstance[],
  reports: Map<string, HostReport>,
  oldKeyBlobs: string[],
  preferred: NewKeyType,
  /** Windows launches need RSA: no other type will do. */
  fixed: boolean,
  options: RotationOptions,
): Promise<{ keyType: NewKeyType; ready: TargetInstance[]; results: Map<string, HostResult> }> {
  const byId = new Map(targets.map((target) => [target.instanceId, target]));
  const answered = await sweepHosts(clients, targets, reports, oldKeyBlobs, null, options);
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
  return { keyType, ready, results: answered };
}

/**
 * The read-only probe phase on `targets`: which instances still hold the old
 * key, which key types their sshd accepts, and (given the new key, as in a
 * re-run's sweep) which already hold the new one. Those without the old key
 * are then reported from this alone, so a re-run after a finished rotation
 * costs one command per 50 instances.
 */
async function sweepHosts(
  clients: RegionClients,
  targets: TargetInstance[],
  reports: Map<string, HostReport>,
  oldKeyBlobs: string[],
  newKeyLine: string | null,
  options: RotationOptions,
): Promise<Map<string, HostResult>> {
  const byId = new Map(targets.map((target) => [target.instanceId, target]));
  const script = hostCommand({
    phase: 'probe',
    oldKeyBlobs,
    newKeyLine,
    extraUsers: options.extraUsers,
  });
  return (
    await runPhase(
      clients,
      'probe',
      targets.map((target) => target.instanceId),
      byId,
      reports,
      script,
      options,
    )
  ).answered;
}

/** Whether a host still needs add, verify and revoke after a probe or sweep. */
function needsUpdate(result: HostResult, options: RotationOptions): boolean {
  return (
    result.old > 0 || result.ignored > 0 || result.status !== 'ok' || options.extraUsers.length > 0
  );
}

/** The report for a host the probe or sweep found without the old key. */
function cleanReport(target: TargetInstance, result: HostResult): HostReport {
  const rotated = result.new > 0;
  return {
    instanceId: target.instanceId,
    region: target.region,
    name: target.name,
    outcome: rotated ? 'rotated' : 'no-old-key',
    phase: null,
    reason: rotated
      ? 'the read-only check found the new key and no file sshd reads holding the old key'
      : 'no file sshd reads holds the old key',
    waysBack: [],
  };
}

/** Splits probed targets into those to update and those already clean (reported). */
function pickUpdates(
  targets: TargetInstance[],
  results: Map<string, HostResult>,
  reports: Map<string, HostReport>,
  options: RotationOptions,
): TargetInstance[] {
  const update: TargetInstance[] = [];
  for (const target of targets) {
    const result = results.get(target.instanceId);
    if (!result) continue; // failed: already reported
    if (needsUpdate(result, options)) update.push(target);
    else reports.set(target.instanceId, cleanReport(target, result));
  }
  return update;
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
    // The pair's own tags, and its fingerprint history (the old pair may be
    // gone when a killed run resumes, and the history must not be).
    oldTags: Object.fromEntries(
      Object.entries(pair.tags).filter(
        ([key]) =>
          !key.startsWith('ec2-key-rotate:') ||
          key === TAG_PREVIOUS_FINGERPRINT ||
          key === TAG_PREVIOUS_FINGERPRINTS,
      ),
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

/** The public half (`type blob`) and fingerprint of the key held in custody, at a version or the latest. */
export async function custodyKey(
  clients: RegionClients,
  parameterName: string,
  version: number | null,
): Promise<{ publicKey: string; fingerprint: string } | null> {
  const value = await readParameter(
    clients.ssm,
    version === null ? parameterName : `${parameterName}:${version}`,
    true,
  );
  if (!value) return null;
  try {
    const key = sshpk.parsePrivateKey(value, 'auto').toPublic();
    return {
      publicKey: key.toString('ssh').split(' ').slice(0, 2).join(' '),
      fingerprint: key.fingerprint('sha256').toString(),
    };
  } catch {
    return null;
  }
}

const typeAndBlob = (line: string): string => line.trim().split(/\s+/).slice(0, 2).join(' ');

/**
 * Nothing read back is trusted on resume: the new key must be the one in
 * custody at the recorded version, in the parameter this key pair uses, and
 * every old blob must be the key being replaced.
 */
async function checkResume(
  clients: RegionClients,
  state: RotationState,
  names: ReturnType<typeof parameterNames>,
  pair: KeyPairMatch,
  oldFingerprint: string | null,
): Promise<void> {
  const refuse = (why: string): never => {
    throw new RotationError(
      `the recorded state ${names.state} ${why}: refusing to resume. If you did not change it, ` +
        'someone who can write Parameter Store did; check CloudTrail, then delete the state parameter to start the rotation over',
    );
  };
  if (state.keyName !== pair.keyName || state.region !== clients.region)
    refuse('belongs to another key pair or region');
  if (state.newKey.parameterName !== names.privateKey)
    refuse(`names another custody parameter (${state.newKey.parameterName})`);
  if (!Number.isInteger(state.newKey.parameterVersion) || state.newKey.parameterVersion < 1)
    refuse('has no custody version');
  const held = await custodyKey(clients, names.privateKey, state.newKey.parameterVersion);
  if (!held) refuse(`points at a custody version that holds no private key`);
  if (
    held?.publicKey !== typeAndBlob(state.newKey.publicKeyLine) ||
    held?.fingerprint !== state.newKey.fingerprint
  )
    refuse('does not match the private key in custody');
  if (!state.oldKeyBlobs.length) refuse('has no old key');
  for (const blob of state.oldKeyBlobs) {
    if (
      !/^[A-Za-z0-9+/]+={0,3}$/.test(blob) ||
      (oldFingerprint && blobFingerprint(blob) !== oldFingerprint)
    )
      refuse('lists an old key that is not the key being replaced');
  }
}

/** What the leak record says of each instance after this run. */
export function noteHosts(
  leak: LeakRecord,
  reports: HostReport[],
  keyName: string,
  gone: { instanceId: string; region: string }[],
): void {
  for (const host of reports) {
    const clean = host.outcome === 'rotated' || host.outcome === 'no-old-key';
    noteInstance(leak, host.instanceId, {
      region: host.region,
      keyName,
      status: clean ? 'clean' : 'open',
      detail: host.reason.slice(0, 300),
    });
  }
  for (const instance of gone) {
    noteInstance(leak, instance.instanceId, {
      region: instance.region,
      keyName,
      status: 'terminated',
      detail: 'terminated: the leaked key opens nothing there',
    });
  }
}

export function plannedReports(targets: TargetInstance[]): HostReport[] {
  return targets.map((target) =>
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
  );
}

/** The leak's own bookkeeping around a rotation: what a re-run must come back to. */
export interface LeakContext {
  record: LeakRecord;
}

/** The longest pause between two attempts at a held lock. */
const LOCK_RETRY_MAX_MS = 30_000;

/**
 * Takes the key pair's lock, waiting with a bounded backoff while another
 * run holds it (at most lockWaitMs; a killed run's lock expires after its
 * TTL and is then taken over).
 */
export async function takeLock(
  clients: RegionClients,
  names: ReturnType<typeof parameterNames>,
  options: RotationOptions,
): Promise<HeldLock> {
  const waitMs = options.lockWaitMs ?? 0;
  const deadline = Date.now() + waitMs;
  let pause = options.lockRetryMs ?? 2_000;
  for (;;) {
    try {
      return await acquireLock(clients.ssm, names.lock, options.runId, options.lockTtlMs, {
        breakLock: options.breakLock ?? false,
      });
    } catch (error) {
      if (!(error instanceof LockHeldError)) throw error;
      const left = deadline - Date.now();
      if (left <= 0) {
        if (waitMs > 0)
          error.message = `${error.message} (waited ${Math.round(waitMs / 1000)} s for it)`;
        throw error;
      }
      const sleep = Math.min(pause, left);
      options.log(
        `${names.lock}: another run holds the lock; trying again in ${Math.ceil(sleep / 1000)} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, sleep));
      pause = Math.min(pause * 2, LOCK_RETRY_MAX_MS);
    }
  }
}

export const between = (lock: HeldLock) => async (): Promise<void> => {
  await lock.assertHeld();
  await lock.renew();
};

/**
 * Hands the instances Run Command cannot reach to the offline recovery
 * (offline/recover.ts), which reports those it recovered or refused.
 */
async function offlineHosts(
  clients: RegionClients,
  targets: TargetInstance[],
  reports: Map<string, HostReport>,
  keyName: string,
  oldKeyBlobs: string[],
  newKeyLine: string,
  options: RotationOptions,
  lock: HeldLock,
): Promise<void> {
  const candidates = targets.filter(
    (target) => target.readiness !== 'ready' && target.platform === 'linux',
  );
  for (const host of await recoverOffline(clients, candidates, {
    options: options.offlineRecovery ?? null,
    keyName,
    parameterPath: options.parameterPath,
    kmsKeyId: options.kmsKeyId,
    runId: options.runId,
    oldKeyBlobs,
    newKeyLine,
    extraUsers: options.extraUsers,
    log: options.log,
    tick: between(lock),
  }))
    reports.set(host.instanceId, host);
}

/**
 * Rotates one key pair by the safe protocol: plan, probe, custody first, add,
 * verify, revoke, publish. Each step is recorded, so a run killed anywhere
 * resumes with the same new key (checked against custody); a lock keeps two
 * runs apart. For a leak, the record of every instance the key opened is
 * written before any host is changed and after, so no run forgets one.
 */
export async function rotateKeyPair(
  clients: RegionClients,
  pair: KeyPairMatch,
  evidence: KeyEvidence,
  options: RotationOptions,
  leak: LeakContext | null = null,
): Promise<RotationReport> {
  const names = parameterNames(options.parameterPath, pair.keyName);
  const recorded = leak ? Object.keys(leak.record.instances) : [];
  const { targets, gone } = await findTargets(clients, pair.keyName, options.targetTag, recorded);
  const report: RotationReport = {
    leakedFingerprint: evidence.fingerprint,
    keyName: pair.keyName,
    region: clients.region,
    matchedBy: pair.matchedBy,
    dryRun: options.dryRun,
    resumed: false,
    previousStep: null,
    newKey: null,
    hosts: plannedReports(targets),
    published: null,
  };
  if (options.dryRun) return report;

  const lock = await takeLock(clients, names, options);
  try {
    let state = await readState(clients.ssm, names.state);
    const oldFingerprint =
      pair.matchedBy === ROTATED_EARLIER
        ? evidence.fingerprint
        : (evidence.fingerprint ?? pair.fingerprint);
    // A finished rotation of an older key is history, not something to resume.
    if (state && state.oldFingerprint !== oldFingerprint) state = null;
    if (state) await checkResume(clients, state, names, pair, oldFingerprint);
    report.resumed = state !== null;
    report.previousStep = state?.step ?? null;
    // The key removed from hosts is the one EC2 holds for the pair when EC2
    // says (a scan report is input, and an EC2 fingerprint match alone does not
    // prove the report's public key); a report that disagrees is refused.
    const current = pair.matchedBy === ROTATED_EARLIER ? null : pair.publicKey;
    if (
      current &&
      evidence.fingerprint &&
      pair.fingerprint &&
      pair.fingerprint !== evidence.fingerprint
    ) {
      throw new RotationError(
        `the finding's key (${evidence.fingerprint}) is not the key EC2 holds for ${pair.keyName} (${pair.fingerprint}): refusing to remove it from hosts`,
      );
    }
    const oldKeyBlobs = state?.oldKeyBlobs ?? keyBlobs(current ?? evidence.publicKey);
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
      ready = pickUpdates(probe.ready, probe.results, reports, options);
      await lock.assertHeld();
      state = await takeCustody(
        clients,
        pair,
        names,
        oldFingerprint,
        oldKeyBlobs,
        probe.keyType,
        options,
      );
      await writeState(clients.ssm, names.state, state, options.kmsKeyId);
      options.onStep?.('custody');
    } else {
      options.log(
        `resuming the rotation of ${pair.keyName} to ${state.newKey.fingerprint} (last step: ${state.step})`,
      );
      const swept = await sweepHosts(
        clients,
        ready,
        reports,
        state.oldKeyBlobs,
        state.newKey.publicKeyLine,
        options,
      );
      ready = pickUpdates(ready, swept, reports, options);
    }
    report.newKey = { ...state.newKey };
    if (leak) {
      // Before any host changes: every instance the key opens, open until proven clean.
      const pending: HostReport[] = [
        ...reports.values(),
        ...plannedReports(ready.filter((target) => !reports.has(target.instanceId))),
      ];
      noteHosts(leak.record, pending, pair.keyName, gone);
      await writeLeakRecord(clients.ssm, options.parameterPath, leak.record);
    }

    await updateHosts(
      clients,
      ready,
      reports,
      state.oldKeyBlobs,
      state.newKey.publicKeyLine,
      options,
      between(lock),
    );
    await offlineHosts(
      clients,
      targets,
      reports,
      pair.keyName,
      state.oldKeyBlobs,
      state.newKey.publicKeyLine,
      options,
      lock,
    );
    report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    if (leak) {
      noteHosts(leak.record, report.hosts, pair.keyName, gone);
      settlePair(leak.record, clients.region, pair.keyName);
      await writeLeakRecord(clients.ssm, options.parameterPath, leak.record);
    }
    await lock.assertHeld();
    state = { ...state, step: state.step === 'custody' ? 'hosts' : state.step };
    await writeState(clients.ssm, names.state, state, options.kmsKeyId);
    options.onStep?.('hosts');

    // New launches must not trust the leaked key, whatever the hosts said: the
    // leak record keeps the instances that still do.
    await lock.assertHeld();
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
    await writeState(clients.ssm, names.state, { ...state, step: 'done' }, options.kmsKeyId);
    options.onStep?.('published');
    options.onStep?.('done');
    return report;
  } finally {
    await lock.release();
  }
}

/**
 * Goes back to the instances of an open leak that still hold the leaked key,
 * with the key pair's current key (the one in custody, which must be the key
 * EC2 holds for the pair): a read-only sweep, then add, verify and revoke only
 * where the leaked key is still found. No new key, no change to the key pair.
 */
export async function convergeLeak(
  clients: RegionClients,
  keyName: string,
  leak: LeakContext,
  options: RotationOptions,
): Promise<RotationReport> {
  const names = parameterNames(options.parameterPath, keyName);
  const recorded = Object.entries(leak.record.instances)
    .filter(([, instance]) => instance.region === clients.region && instance.keyName === keyName)
    .map(([id]) => id);
  const { targets, gone } = await findTargets(clients, keyName, options.targetTag, recorded);
  const report: RotationReport = {
    leakedFingerprint: leak.record.fingerprint,
    keyName,
    region: clients.region,
    matchedBy: OPEN_LEAK,
    dryRun: options.dryRun,
    resumed: true,
    previousStep: 'done',
    newKey: null,
    hosts: plannedReports(targets),
    published: null,
  };
  if (options.dryRun) return report;
  const lock = await takeLock(clients, names, options);
  try {
    const current = await custodyKey(clients, names.privateKey, null);
    const [pair] = await listKeyPairs(clients, [keyName]).catch(() => []);
    if (!current || !pair?.publicKey || typeAndBlob(pair.publicKey) !== current.publicKey) {
      throw new RotationError(
        `the leaked key ${leak.record.fingerprint} still opens instances of ${keyName}, but the pair's current key is not the one in custody (${names.privateKey}): rotate the pair (rotate --key-pair ${keyName}) so a key in custody can replace it`,
      );
    }
    const state = await readState(clients.ssm, names.state);
    report.newKey = {
      publicKeyLine: `${current.publicKey} ec2-key-rotate ${keyName}`,
      fingerprint: current.fingerprint,
      parameterName: names.privateKey,
      parameterVersion:
        state?.newKey.fingerprint === current.fingerprint ? state.newKey.parameterVersion : 0,
    };
    const reports = new Map<string, HostReport>();
    for (const target of targets.filter((candidate) => candidate.readiness !== 'ready'))
      reports.set(target.instanceId, skipped(target));
    const ready = targets.filter((target) => target.readiness === 'ready');
    const swept = await sweepHosts(
      clients,
      ready,
      reports,
      leak.record.blobs,
      report.newKey.publicKeyLine,
      options,
    );
    const update = pickUpdates(ready, swept, reports, options);
    await updateHosts(
      clients,
      update,
      reports,
      leak.record.blobs,
      report.newKey.publicKeyLine,
      options,
      between(lock),
    );
    await offlineHosts(
      clients,
      targets,
      reports,
      keyName,
      leak.record.blobs,
      report.newKey.publicKeyLine,
      options,
      lock,
    );
    report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    noteHosts(leak.record, report.hosts, keyName, gone);
    settlePair(leak.record, clients.region, keyName);
    await lock.assertHeld();
    await writeLeakRecord(clients.ssm, options.parameterPath, leak.record);
    return report;
  } finally {
    await lock.release();
  }
}

/** matchedBy for a key pair reached through an open leak record. */
export const OPEN_LEAK = 'an open leak record (instances still to clean)';
