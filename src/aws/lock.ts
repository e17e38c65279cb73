import type { SSMClient } from '@aws-sdk/client-ssm';
import { createParameterIfAbsent, deleteParameter, readParameter } from './parameters.js';

export class LockHeldError extends Error {
  override name = 'LockHeldError';
}

interface LockRecord {
  runId: string;
  expiresAt: string;
}

/**
 * A lock per key pair: a parameter created only if absent (PutParameter
 * without Overwrite is atomic). A lock past its expiry was left by a killed
 * run and is taken over; so is any lock with breakLock, for a re-run after
 * a kill that should not wait for the expiry.
 */
export async function acquireLock(
  ssm: SSMClient,
  name: string,
  runId: string,
  ttlMs: number,
  { breakLock = false, now = new Date() }: { breakLock?: boolean; now?: Date } = {},
): Promise<void> {
  const record = (): string =>
    JSON.stringify({ runId, expiresAt: new Date(now.getTime() + ttlMs).toISOString() });
  if (await createParameterIfAbsent(ssm, name, record())) return;
  const held = await readParameter(ssm, name);
  let current: LockRecord | null;
  try {
    current = held ? (JSON.parse(held) as LockRecord) : null;
  } catch {
    current = null;
  }
  if (current?.runId === runId) return;
  if (!breakLock && current && new Date(current.expiresAt).getTime() > now.getTime()) {
    throw new LockHeldError(
      `another run (${current.runId}) is rotating this key pair (lock ${name}, until ${current.expiresAt}); ` +
        'if that run was killed, run again with --break-lock (action input break-lock: true): ' +
        'the rotation resumes where it stopped',
    );
  }
  await deleteParameter(ssm, name);
  if (!(await createParameterIfAbsent(ssm, name, record()))) {
    throw new LockHeldError('another run took the expired lock first');
  }
}

export async function releaseLock(ssm: SSMClient, name: string): Promise<void> {
  await deleteParameter(ssm, name);
}
