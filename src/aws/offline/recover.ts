/**
 * The rotation's hand-off for instances SSM cannot reach (opt-in:
 * `--offline-recovery user-data|reset-access`): each is checked (stop-safety.ts)
 * and refused with its reason, or recovered through user data
 * (user-data-recovery.ts) or AWSSupport-ResetAccess (reset-access.ts).
 * A recovery already on record for an instance is always taken to its end,
 * asked or not: the record, not this run's flags, says the instance was
 * stopped or holds other user data.
 */
import type { RegionClients } from '../clients.js';
import { MANUAL_WAYS_BACK, type TargetInstance } from '../instances.js';
import type { HostReport } from '../rotate.js';
import { newToken } from './boothook.js';
import type { OfflineOptions } from './options.js';
import type { Waiting } from './power.js';
import { readUserData } from './power.js';
import {
  listRecords,
  saveUserData,
  writeRecord,
  type OfflineRecord,
  type OfflineStep,
} from './record.js';
import { resetAccess } from './reset-access.js';
import { checkStopSafety } from './stop-safety.js';
import {
  advanceRecovery,
  type RecoveryContext,
  type RecoveryOutcome,
} from './user-data-recovery.js';

export interface OfflineContext {
  options: OfflineOptions | null;
  keyName: string;
  parameterPath: string;
  kmsKeyId: string | null;
  runId: string;
  oldKeyBlobs: string[];
  newKeyLine: string;
  extraUsers: string[];
  log: (line: string) => void;
  /** Between steps: the rotation's lock is checked and renewed. */
  tick: () => Promise<void>;
  onStep?: (instanceId: string, step: OfflineStep) => void;
}

/** Instances recovered at once (each spends most of its time waiting on EC2). */
const CONCURRENCY = 8;

const sameKeys = (record: OfflineRecord, ctx: OfflineContext): boolean =>
  record.keyName === ctx.keyName &&
  record.newKeyLine.split(/\s+/)[1] === ctx.newKeyLine.split(/\s+/)[1] &&
  record.oldKeyBlobs.join(' ') === ctx.oldKeyBlobs.join(' ');

function waitingOf(ctx: OfflineContext): Waiting {
  return {
    pollMs: ctx.options?.pollMs ?? 2_000,
    waitMs: ctx.options?.waitMs ?? 15 * 60_000,
    tick: ctx.tick,
  };
}

async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/** Instances whose readiness the offline recovery is for. */
export const unreachable = (target: TargetInstance): boolean =>
  target.platform === 'linux' &&
  (target.readiness === 'not-managed' || target.readiness === 'offline');

/**
 * Recovers what it can among `candidates` (the targets Run Command could not
 * reach); returns a report for each instance it acted on or refused.
 */
export async function recoverOffline(
  clients: RegionClients,
  candidates: TargetInstance[],
  ctx: OfflineContext,
): Promise<HostReport[]> {
  const reports: HostReport[] = [];
  if (!candidates.length) return reports;
  const ids = new Set(candidates.map((target) => target.instanceId));
  const records = new Map(
    (await listRecords(clients.ssm, ctx.parameterPath))
      .filter((record) => ids.has(record.instanceId) && record.region === clients.region)
      .map((record) => [record.instanceId, record]),
  );
  const waiting = waitingOf(ctx);
  const recovery: RecoveryContext = {
    clients,
    parameterPath: ctx.parameterPath,
    kmsKeyId: ctx.kmsKeyId,
    waiting,
    log: ctx.log,
    onStep: ctx.onStep,
  };
  const report = (target: TargetInstance, outcome: RecoveryOutcome, waysBack: string[] = []) =>
    reports.push({
      instanceId: target.instanceId,
      region: target.region,
      name: target.name,
      ...outcome,
      waysBack: outcome.outcome === 'rotated' || outcome.outcome === 'no-old-key' ? [] : waysBack,
    });

  const fresh = ctx.options
    ? candidates.filter((target) => !records.has(target.instanceId) && unreachable(target))
    : [];
  const checks = await checkStopSafety(
    clients,
    fresh.map((target) => target.instanceId),
  );
  const method = ctx.options?.method ?? 'user-data';
  const resumed = candidates.filter((target) => records.has(target.instanceId));
  await pool([...resumed, ...fresh], async (target) => {
    const id = target.instanceId;
    const existing = records.get(id);
    if (existing) {
      const mayBoot = sameKeys(existing, ctx);
      if (!mayBoot)
        ctx.log(`${id}: the recorded offline recovery is for other keys: only undoing it`);
      ctx.log(`${id}: resuming the offline recovery (last step: ${existing.step})`);
      report(target, await advanceRecovery(recovery, existing, mayBoot), MANUAL_WAYS_BACK);
      return;
    }
    const check = checks.get(id);
    if (check?.refusals.length) {
      const reason = `offline recovery refused: ${check.refusals.join('; ')}; nothing was changed, the old key is still in place`;
      ctx.log(`${id}: ${reason}`);
      report(target, { outcome: 'skipped', phase: null, reason }, MANUAL_WAYS_BACK);
      return;
    }
    const warnings = check?.warnings ?? [];
    for (const warning of warnings) ctx.log(`${id}: warning: ${warning}`);
    if (method === 'reset-access') {
      const outcome = await resetAccess(clients, id, waiting, ctx.log);
      if (warnings.length) outcome.reason += `; ${warnings.join('; ')}`;
      report(target, outcome, MANUAL_WAYS_BACK);
      return;
    }
    try {
      const userData = await readUserData(clients, id);
      const original = await saveUserData(
        clients.ssm,
        ctx.parameterPath,
        id,
        userData,
        ctx.kmsKeyId,
      );
      const record: OfflineRecord = {
        version: 1,
        instanceId: id,
        region: clients.region,
        keyName: ctx.keyName,
        token: newToken(),
        restore: ctx.options?.restoreUserData ?? 'stop-start',
        oldKeyBlobs: ctx.oldKeyBlobs,
        newKeyLine: ctx.newKeyLine,
        extraUsers: ctx.extraUsers,
        step: 'saved',
        wasRunning: target.state === 'running',
        original,
        result: null,
        warnings,
        runId: ctx.runId,
        updatedAt: '',
      };
      await writeRecord(clients.ssm, ctx.parameterPath, record, ctx.kmsKeyId);
      ctx.onStep?.(id, 'saved');
      report(target, await advanceRecovery(recovery, record, true), MANUAL_WAYS_BACK);
    } catch (error) {
      report(
        target,
        {
          outcome: 'skipped',
          phase: null,
          reason: `offline recovery not started: cannot save its user data (${(error as Error).message.split('\n')[0]}); nothing was changed`,
        },
        MANUAL_WAYS_BACK,
      );
    }
  });
  return reports.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

/**
 * Recoveries on record that no rotation of this run took up (its key pair
 * was not rotated again): each is taken back to its own user data and
 * running state, or, for `once`, finished when the instance is stopped.
 * `lock(keyName)` holds the key pair's lock around the work (null: held by
 * another run, which will see to it).
 */
export async function settleOfflineRecords(
  clients: RegionClients,
  ctx: Omit<OfflineContext, 'keyName' | 'oldKeyBlobs' | 'newKeyLine' | 'extraUsers' | 'tick'>,
  handled: Set<string>,
  lock: (
    keyName: string,
  ) => Promise<{ tick: () => Promise<void>; release: () => Promise<void> } | null>,
): Promise<{ instanceId: string; keyName: string; outcome: RecoveryOutcome }[]> {
  const settled: { instanceId: string; keyName: string; outcome: RecoveryOutcome }[] = [];
  const records = (await listRecords(clients.ssm, ctx.parameterPath)).filter(
    (record) => record.region === clients.region && !handled.has(record.instanceId),
  );
  for (const record of records) {
    const held = await lock(record.keyName);
    if (!held) continue;
    try {
      const outcome = await advanceRecovery(
        {
          clients,
          parameterPath: ctx.parameterPath,
          kmsKeyId: ctx.kmsKeyId,
          waiting: { ...waitingOf({ ...ctx, tick: held.tick } as OfflineContext) },
          log: ctx.log,
          onStep: ctx.onStep,
        },
        record,
        false,
      );
      settled.push({ instanceId: record.instanceId, keyName: record.keyName, outcome });
    } finally {
      await held.release();
    }
  }
  return settled;
}
