/**
 * One instance's recovery through user data, as a sequence of recorded
 * steps (record.ts): save the user data → stop → set the recovery user data
 * (boothook.ts) → start, wait for the status checks and the boot's result on
 * the console → put the original user data back (stop-start: stop, restore,
 * start; once: at the next stop) → forget. Every step is written before the
 * next begins and each is safe to repeat, so a run killed anywhere resumes
 * from the record and converges.
 *
 * Never stopped silently: when a step fails after the instance was stopped,
 * it is started again (whatever user data it holds: the boothook is guarded
 * and runs at most once) and the record stays for the next run.
 */
import type { RegionClients } from '../clients.js';
import type { HostOutcome } from '../outcome.js';
import type { HostPhase } from '../host/host-script.js';
import { recoveryUserData } from './boothook.js';
import { readBootResult, type BootResult } from './console-result.js';
import {
  consoleText,
  instanceState,
  setUserData,
  startAndWait,
  stopAndWait,
  waitFor,
  type Waiting,
} from './power.js';
import {
  forget,
  loadUserData,
  offlineNames,
  writeRecord,
  type OfflineRecord,
  type OfflineStep,
} from './record.js';

export interface RecoveryContext {
  clients: RegionClients;
  parameterPath: string;
  kmsKeyId: string | null;
  waiting: Waiting;
  log: (line: string) => void;
  onStep?: (instanceId: string, step: OfflineStep) => void;
}

export interface RecoveryOutcome {
  outcome: HostOutcome;
  phase: HostPhase | null;
  reason: string;
}

/** What the boot's result means for the host (the revoke phase decides, as over Run Command). */
export function bootOutcome(boot: BootResult): RecoveryOutcome {
  const last = boot.last;
  if (!last) return { outcome: 'failed', phase: null, reason: 'the boot printed no result' };
  const { phase, result } = last;
  const details = result.messages.length ? ` (${result.messages.join('; ')})` : '';
  if (result.status === 'failed' || !boot.finished)
    return {
      outcome: 'failed',
      phase,
      reason: `${phase} failed at boot${details}: the old key is still in place`,
    };
  if (result.status === 'incomplete')
    return {
      outcome: 'incomplete',
      phase: 'revoke',
      reason: `at boot: ${result.removed ? `old key removed from ${result.old - result.kept} file(s), ` : ''}but not everywhere${details}`,
    };
  const rotated = result.new > 0 || result.removed > 0;
  return {
    outcome: rotated ? 'rotated' : 'no-old-key',
    phase: null,
    reason: rotated
      ? `through user data at boot: new key verified in ${result.new} file(s) sshd reads, old key removed from every one${details}`
      : `through user data at boot: no file sshd reads held the old key${details}`,
  };
}

async function record(
  ctx: RecoveryContext,
  current: OfflineRecord,
  step: OfflineStep,
): Promise<void> {
  current.step = step;
  await writeRecord(ctx.clients.ssm, ctx.parameterPath, current, ctx.kmsKeyId);
  ctx.onStep?.(current.instanceId, step);
}

/** Waits for the boot's full result on the console; a timeout is a failed boot, not an error. */
async function bootResult(ctx: RecoveryContext, current: OfflineRecord): Promise<RecoveryOutcome> {
  try {
    const boot = await waitFor(
      ctx.waiting,
      `the recovery result on ${current.instanceId}'s console`,
      async () => {
        const boot = readBootResult(
          await consoleText(ctx.clients, current.instanceId),
          current.token,
        );
        return boot.finished ? boot : null;
      },
    );
    return bootOutcome(boot);
  } catch (error) {
    return {
      outcome: 'failed',
      phase: null,
      reason: `${(error as Error).message} (the console shows no result of the recovery boot): the old key may still be in place`,
    };
  }
}

/** The report for where the record stands once this run is done with it. */
function finalOutcome(current: OfflineRecord, extra: string): RecoveryOutcome {
  const result = current.result ?? {
    outcome: 'failed' as const,
    phase: null,
    reason: 'the recovery boot did not happen',
  };
  const warnings = current.warnings.length ? `; ${current.warnings.join('; ')}` : '';
  return { ...result, reason: `${result.reason}${extra}${warnings}` };
}

/**
 * Takes the recovery from its recorded step to the end (or, for `once`, to
 * restore-pending). `mayBoot`: the recovery user data may still be set; a
 * run that cannot vouch for the record's keys (a sweep, or a record whose
 * keys are not this rotation's) only takes the instance back to its own user
 * data and running state.
 */
export async function advanceRecovery(
  ctx: RecoveryContext,
  current: OfflineRecord,
  mayBoot: boolean,
): Promise<RecoveryOutcome> {
  const id = current.instanceId;
  const names = offlineNames(ctx.parameterPath, id);
  const { clients, waiting } = ctx;
  try {
    for (;;) {
      await waiting.tick();
      switch (current.step) {
        case 'saved':
          ctx.log(`${id}: stopping for the offline recovery`);
          await stopAndWait(clients, id, waiting);
          await record(ctx, current, 'stopped');
          break;
        case 'stopped': {
          if (!mayBoot) {
            // Nothing was changed on the instance yet: give it back as it was.
            if (current.wasRunning) await startAndWait(clients, id, waiting);
            await forget(clients.ssm, ctx.parameterPath, current);
            return {
              outcome: 'skipped',
              phase: null,
              reason:
                'an earlier offline recovery was abandoned before its boot: the instance runs again, unchanged',
            };
          }
          await stopAndWait(clients, id, waiting);
          const original = await loadUserData(clients.ssm, ctx.parameterPath, id, current.original);
          const built = recoveryUserData(
            {
              token: current.token,
              oldKeyBlobs: current.oldKeyBlobs,
              newKeyLine: current.newKeyLine,
              extraUsers: current.extraUsers,
            },
            original,
          );
          if (built.note) {
            const warning = `${built.note}, so it did not run on the recovery boot`;
            if (!current.warnings.includes(warning)) current.warnings.push(warning);
          }
          await setUserData(clients, id, built.bytes);
          await record(ctx, current, 'hook-set');
          break;
        }
        case 'hook-set':
          ctx.log(`${id}: starting with the recovery user data`);
          await startAndWait(clients, id, waiting);
          await record(ctx, current, 'started');
          break;
        case 'started':
          current.result = await bootResult(ctx, current);
          ctx.log(`${id}: recovery boot: ${current.result.outcome}`);
          await record(ctx, current, 'booted');
          break;
        case 'booted':
          if (current.restore === 'once') {
            await record(ctx, current, 'restore-pending');
            break;
          }
          ctx.log(`${id}: stopping to put its own user data back`);
          await stopAndWait(clients, id, waiting);
          await record(ctx, current, 'stopped-again');
          break;
        case 'stopped-again': {
          await stopAndWait(clients, id, waiting);
          const original = await loadUserData(clients.ssm, ctx.parameterPath, id, current.original);
          await setUserData(clients, id, original);
          await record(ctx, current, 'restored');
          break;
        }
        case 'restored':
          if (current.wasRunning) await startAndWait(clients, id, waiting);
          await forget(clients.ssm, ctx.parameterPath, current);
          current.step = 'done';
          ctx.onStep?.(id, 'done');
          return finalOutcome(current, '; its own user data is back, byte for byte');
        case 'restore-pending': {
          if ((await instanceState(clients, id)) === 'stopped') {
            // The planned stop came: put the user data back, leave it stopped.
            const original = await loadUserData(
              clients.ssm,
              ctx.parameterPath,
              id,
              current.original,
            );
            await setUserData(clients, id, original);
            await forget(clients.ssm, ctx.parameterPath, current);
            current.step = 'done';
            ctx.onStep?.(id, 'done');
            return finalOutcome(current, '; its own user data is back, byte for byte');
          }
          return finalOutcome(
            current,
            `; its user data is still the recovery boothook (it runs no more): the original, saved under ${names.base}, goes back when the instance is next stopped and ec2-key-rotate runs again`,
          );
        }
        case 'done':
          return finalOutcome(current, '');
      }
    }
  } catch (error) {
    const problem = (error as Error).message.split('\n')[0] ?? 'unknown error';
    let running = '';
    if (current.wasRunning) {
      try {
        const now = await instanceState(clients, id);
        if (now === 'stopped' || now === 'stopping') {
          await startAndWait(clients, id, waiting);
          running = '; the instance was started again';
        }
      } catch (again) {
        running = `; THE INSTANCE IS STOPPED and could not be started (${(again as Error).message.split('\n')[0]}): start it`;
      }
    }
    ctx.log(`${id}: offline recovery stopped at ${current.step}: ${problem}${running}`);
    return {
      outcome: 'failed',
      phase: current.result?.phase ?? null,
      reason: `offline recovery stopped at step ${current.step} (${problem})${running}; a re-run resumes from ${names.record}`,
    };
  }
}
