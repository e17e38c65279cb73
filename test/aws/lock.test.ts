/**
 * The rotation lock against the local Parameter Store: runs racing through
 * a takeover (with latencies that interleave their requests), a run whose
 * lock was taken over, release by a run that no longer owns the lock, and
 * takeover claims left by a run that died mid-takeover.
 */
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError, LockLostError, type HeldLock } from '../../src/aws/lock.js';
import { startAwsEmulator, type AwsEmulator } from '../emulators/index.js';

const LOCK = '/ec2-key-rotate/prod/lock';
const TTL = 30 * 60_000;

let aws: AwsEmulator;
let ssm: SSMClient;

beforeAll(async () => {
  aws = await startAwsEmulator();
  ssm = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 });
});

afterAll(async () => {
  ssm.destroy();
  await aws.stop();
});

beforeEach(() => {
  aws.faults.clear();
  aws.log.clear();
  aws.state.region().parameters.clear();
});

function lockValue(): { runId: string; nonce?: string; expiresAt: string } | undefined {
  const value = aws.state.parameterValue(LOCK);
  return value === undefined ? undefined : JSON.parse(value);
}

/** Parameters under the key pair's path other than the lock itself (takeover claims). */
function leftovers(): string[] {
  return [...aws.state.region().parameters.keys()].filter(
    (name) => name.startsWith('/ec2-key-rotate/prod/') && name !== LOCK,
  );
}

/** A lock some other run wrote, expired `agoMs` ago (negative: still valid). */
async function lockLeftBy(runId: string, agoMs: number): Promise<void> {
  await ssm.send(
    new PutParameterCommand({
      Name: LOCK,
      Type: 'String',
      Overwrite: true,
      Value: JSON.stringify({ runId, expiresAt: new Date(Date.now() - agoMs).toISOString() }),
    }),
  );
}

/** How many of these locks pass their fencing check right now. */
async function holders(locks: HeldLock[]): Promise<string[]> {
  const held: string[] = [];
  for (const lock of locks) {
    try {
      await lock.assertHeld();
      held.push(lock.runId);
    } catch (error) {
      expect(error).toBeInstanceOf(LockLostError);
    }
  }
  return held;
}

describe('the emulated Parameter Store under the lock', () => {
  it('creates a name with Overwrite=false for exactly one of many concurrent writers, and returns versions', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        ssm.send(
          new PutParameterCommand({
            Name: '/race/one',
            Type: 'String',
            Value: `writer-${index}`,
            Overwrite: false,
          }),
        ),
      ),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(won[0]?.status === 'fulfilled' && won[0].value.Version).toBe(1);
    for (const result of results.filter((r) => r.status === 'rejected'))
      expect((result as PromiseRejectedResult).reason.name).toBe('ParameterAlreadyExists');
    const again = await ssm.send(
      new PutParameterCommand({ Name: '/race/one', Type: 'String', Value: 'x', Overwrite: true }),
    );
    expect(again.Version).toBe(2);
    const old = await ssm.send(new GetParameterCommand({ Name: '/race/one:1' }));
    expect(old.Parameter?.Value).toMatch(/^writer-/);
  });
});

describe('acquireLock', () => {
  it('takes a free lock, refuses a second run while it is held, and releases it', async () => {
    const lock = await acquireLock(ssm, LOCK, 'run-a', TTL);
    expect(lock.token).toBe(1);
    expect(lockValue()).toMatchObject({ runId: 'run-a', token: 1 });
    await lock.assertHeld();
    await expect(acquireLock(ssm, LOCK, 'run-b', TTL)).rejects.toThrow(
      /another run \(run-a\) is rotating this key pair.*--break-lock/,
    );
    await lock.release();
    expect(lockValue()).toBeUndefined();
    await expect(lock.assertHeld()).rejects.toBeInstanceOf(LockLostError);
    // Free again.
    const next = await acquireLock(ssm, LOCK, 'run-b', TTL);
    await next.release();
  });

  it('with --break-lock, a run that comes second takes the lock over and fences the first out', async () => {
    await lockLeftBy('killed-run', -60_000);
    const first = await acquireLock(ssm, LOCK, 'run-a', TTL, { breakLock: true });
    const second = await acquireLock(ssm, LOCK, 'run-b', TTL, { breakLock: true });
    await second.assertHeld();
    await expect(first.assertHeld()).rejects.toBeInstanceOf(LockLostError);
    await expect(first.renew()).rejects.toBeInstanceOf(LockLostError);
    // The fenced-out run's release leaves the holder's lock alone.
    await first.release();
    expect(lockValue()?.runId).toBe('run-b');
    await second.release();
    expect(lockValue()).toBeUndefined();
  });

  it('recognises a lock record written before the nonce existed', async () => {
    await lockLeftBy('old-run', -60_000);
    await expect(acquireLock(ssm, LOCK, 'run-a', TTL)).rejects.toBeInstanceOf(LockHeldError);
    await lockLeftBy('old-run', 60_000);
    const lock = await acquireLock(ssm, LOCK, 'run-a', TTL);
    expect(lock.token).toBe(3);
    expect(leftovers()).toEqual([]);
    await lock.release();
  });

  it.each([
    ['an expired lock', 60_000, false],
    ['a live lock, both with --break-lock', -60_000, true],
  ])(
    'two runs racing to take over %s: exactly one wins, every interleaving',
    async (_, agoMs, breakLock) => {
      // Each schedule delays each run's requests differently, so the runs'
      // reads, claims and writes interleave in many orders.
      const schedules = [
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [30, 0, 0, 30, 0, 0, 30, 0, 0, 30, 0, 0],
        [0, 25, 0, 0, 25, 0, 0, 25, 0, 0, 25, 0],
        [40, 0, 20, 0, 0, 40, 0, 20, 0, 0, 40, 0],
        [0, 0, 35, 35, 0, 0, 35, 0, 35, 0, 0, 0],
        [10, 20, 30, 40, 30, 20, 10, 0, 10, 20, 30, 40],
      ];
      const winners: string[] = [];
      let contested = 0;
      for (const delays of schedules) {
        aws.state.region().parameters.clear();
        aws.faults.clear();
        await lockLeftBy('killed-run', agoMs);
        delays.forEach((latencyMs, skip) =>
          aws.faults.inject({ service: 'ssm', latencyMs, skip, times: 1 }),
        );
        const runs = ['run-a', 'run-b'];
        const results = await Promise.allSettled(
          runs.map((runId) => acquireLock(ssm, LOCK, runId, TTL, { breakLock })),
        );
        const won = results.flatMap((result, index) =>
          result.status === 'fulfilled' ? [{ runId: runs[index], lock: result.value }] : [],
        );
        const lost = results.filter((result) => result.status === 'rejected');
        for (const result of lost)
          expect((result as PromiseRejectedResult).reason).toBeInstanceOf(LockHeldError);
        // Exactly one run holds the lock afterwards. Without --break-lock the other
        // is refused outright; with it, a run that reads the lock only after the
        // other's takeover takes it over in turn (what --break-lock means), and the
        // first is fenced out: its next check fails before its next step.
        const holders: typeof won = [];
        for (const entry of won) {
          try {
            await entry.lock.assertHeld();
            holders.push(entry);
          } catch (error) {
            expect(error).toBeInstanceOf(LockLostError);
          }
        }
        expect(holders, `schedule ${delays.join(',')}`).toHaveLength(1);
        if (!breakLock) expect(won).toHaveLength(1);
        const [winner] = holders;
        if (!winner) throw new Error('no winner');
        expect(lockValue()?.runId).toBe(winner.runId);
        await winner.lock.assertHeld();
        expect(leftovers()).toEqual([]);
        winners.push(String(winner.runId));
        // Both runs read the lock at version 1 and raced for its one claim.
        if (
          aws.log.count(
            (entry) =>
              entry.operation === 'PutParameter' &&
              entry.params.Name === `${LOCK}-takeover-v1` &&
              entry.error === 'ParameterAlreadyExists',
          ) > 0
        )
          contested += 1;
        aws.log.clear();
        await winner.lock.release();
        expect(lockValue()).toBeUndefined();
      }
      expect(winners).toHaveLength(schedules.length);
      expect(contested).toBeGreaterThan(0);
      // Interleavings that put either run first.
      expect(new Set(winners).size).toBe(2);
    },
  );

  it('a run whose lock was taken over fails its next check and renewal, and its release leaves the new owner’s lock', async () => {
    const first = await acquireLock(ssm, LOCK, 'run-a', TTL);
    const second = await acquireLock(ssm, LOCK, 'run-b', TTL, { breakLock: true });
    expect(second.token).toBeGreaterThan(first.token);
    await expect(first.assertHeld()).rejects.toThrow(
      /no longer this run's \(run-a\): run run-b took it over/,
    );
    await expect(first.renew()).rejects.toBeInstanceOf(LockLostError);
    await first.release();
    expect(lockValue()?.runId).toBe('run-b');
    await second.assertHeld();
    await second.release();
    expect(lockValue()).toBeUndefined();
  });

  it('a lock taken over after it expired: the old owner finds out before its next step', async () => {
    const start = Date.now();
    const first = await acquireLock(ssm, LOCK, 'run-a', 60_000, { now: new Date(start) });
    await expect(
      acquireLock(ssm, LOCK, 'run-b', 60_000, { now: new Date(start + 30_000) }),
    ).rejects.toBeInstanceOf(LockHeldError);
    const second = await acquireLock(ssm, LOCK, 'run-b', 60_000, {
      now: new Date(start + 61_000),
    });
    expect(await holders([first, second])).toEqual(['run-b']);
  });

  it('renewal moves the expiry and the fencing token, and keeps others out', async () => {
    let clock = Date.now();
    const lock = await acquireLock(ssm, LOCK, 'run-a', 60_000, { now: () => new Date(clock) });
    const token = lock.token;
    clock += 50_000;
    await lock.renew();
    expect(lock.token).toBe(token + 1);
    expect(lock.expiresAt.getTime()).toBe(clock + 60_000);
    expect(lockValue()?.expiresAt).toBe(new Date(clock + 60_000).toISOString());
    // Past the first expiry, within the renewed one: still held.
    await expect(
      acquireLock(ssm, LOCK, 'run-b', 60_000, { now: new Date(clock + 30_000) }),
    ).rejects.toBeInstanceOf(LockHeldError);
    await lock.assertHeld();
    await lock.release();
  });

  it('a renewal racing a takeover never leaves two holders', async () => {
    for (const delay of [0, 10, 20, 40]) {
      aws.state.region().parameters.clear();
      aws.faults.clear();
      const start = Date.now();
      const first = await acquireLock(ssm, LOCK, 'run-a', 1000, { now: new Date(start - 5000) });
      aws.faults.inject({
        service: 'ssm',
        operation: 'PutParameter',
        when: (params) => String(params.Value).includes('run-a'),
        latencyMs: delay,
        times: Infinity,
      });
      const [renewed, taken] = await Promise.allSettled([
        first.renew(),
        acquireLock(ssm, LOCK, 'run-b', TTL),
      ]);
      const locks = [first, ...(taken.status === 'fulfilled' ? [taken.value] : [])];
      const held = await holders(locks);
      expect(held.length, `delay ${delay}`).toBeLessThanOrEqual(1);
      if (renewed.status === 'rejected') expect(held).not.toContain('run-a');
      for (const lock of locks) await lock.release();
    }
  });

  it('the same run id taking the lock again fences out its earlier acquisition', async () => {
    const earlier = await acquireLock(ssm, LOCK, 'run-a', TTL);
    const later = await acquireLock(ssm, LOCK, 'run-a', TTL);
    expect(await holders([earlier, later])).toEqual(['run-a']);
    await expect(earlier.assertHeld()).rejects.toBeInstanceOf(LockLostError);
    await later.release();
    expect(lockValue()).toBeUndefined();
  });

  it('a takeover claim left by a run that died mid-takeover blocks only until it expires', async () => {
    await lockLeftBy('killed-run', 60_000);
    const claim = `${LOCK}-takeover-v1`;
    const claimBy = async (agoMs: number): Promise<void> => {
      await ssm.send(
        new PutParameterCommand({
          Name: claim,
          Type: 'String',
          Overwrite: true,
          Value: JSON.stringify({
            runId: 'died-taking-over',
            nonce: 'x',
            expiresAt: new Date(Date.now() - agoMs).toISOString(),
          }),
        }),
      );
    };
    await claimBy(-60_000);
    await expect(acquireLock(ssm, LOCK, 'run-a', TTL)).rejects.toThrow(
      /took over the lock .* first/,
    );
    expect(lockValue()?.runId).toBe('killed-run');
    await claimBy(60_000);
    const lock = await acquireLock(ssm, LOCK, 'run-a', TTL);
    expect(lockValue()?.runId).toBe('run-a');
    // The abandoned claim and this run's own are cleaned up.
    expect(leftovers()).toEqual([]);
    await lock.release();
  });

  it('a lock deleted under a run (by hand) fails its check, and nobody else’s lock is touched', async () => {
    const lock = await acquireLock(ssm, LOCK, 'run-a', TTL);
    aws.state.region().parameters.delete(LOCK);
    await expect(lock.assertHeld()).rejects.toThrow(/was removed/);
    await expect(lock.renew()).rejects.toBeInstanceOf(LockLostError);
    // The failed renewal must not leave a lock behind either.
    expect(lockValue()).toBeUndefined();
    const other = await acquireLock(ssm, LOCK, 'run-b', TTL);
    await lock.release();
    expect(lockValue()?.runId).toBe('run-b');
    await other.release();
  });
});
