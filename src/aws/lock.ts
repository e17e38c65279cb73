/**
 * The per-key-pair lock that keeps two runs from rotating one key pair at
 * once, on Parameter Store alone.
 *
 * Parameter Store has no compare-and-swap, but it has two atomic primitives
 * this builds on: PutParameter with Overwrite=false creates a name only if it
 * is absent, and every write gets the next version number, which
 * PutParameter returns. So:
 *
 * - Acquire: create the lock parameter (Overwrite=false). Its value names
 *   the run (`runId`), a random `nonce` for this acquisition, and
 *   `expiresAt`.
 * - Take over (the lock expired, the same run left it, or --break-lock):
 *   having read the lock at version N, create the claim parameter
 *   `<lock>-takeover-v<N>` (Overwrite=false). Of the runs racing to take
 *   over version N, only one creates it; the others lose. The winner checks
 *   the lock is still at N and overwrites it; it holds the lock only if that
 *   write became version N+1 (a write by anyone else in between makes it
 *   N+2, and then nobody holds it). A claim whose claimant died mid-takeover
 *   expires, and the next claim is `<lock>-takeover-v<N>-2`, and so on.
 * - Fencing token: the lock's version this run wrote last. `assertHeld()`
 *   re-reads the lock and checks version and nonce: a run whose lock was
 *   taken over finds out before its next step. `renew()` overwrites with a
 *   new expiry and holds on only if its write is the very next version.
 * - Release deletes the lock only if the check still passes. That check and
 *   the delete are two requests: a takeover landing between them (possible
 *   only once this run's lock has expired or with --break-lock) would lose
 *   its lock to the delete and find out at its next check.
 *
 * Why not DynamoDB, whose conditional writes are a real compare-and-swap: it
 * would add a table the user must create, a service to the IAM policy and to
 * the test emulators, for one item per rotation. The protocol above needs
 * only the parameter path and actions (GetParameter, PutParameter,
 * DeleteParameter) the rotation already holds.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { awsErrorName } from './errors.js';

/** Another run holds the lock (or won the race to take it over). */
export class LockHeldError extends Error {
  override name = 'LockHeldError';
}

/** This run's lock was taken over (or removed): it must stop before its next step. */
export class LockLostError extends Error {
  override name = 'LockLostError';
}

export interface HeldLock {
  readonly name: string;
  readonly runId: string;
  /** Fencing token: the lock parameter's version this run wrote last (renew raises it). */
  readonly token: number;
  readonly expiresAt: Date;
  /** Throws LockLostError unless the lock is still this run's (one GetParameter). */
  assertHeld(): Promise<void>;
  /** Extends the expiry by the TTL; throws LockLostError if the lock is no longer this run's. */
  renew(): Promise<void>;
  /** Deletes the lock if it is still this run's; otherwise leaves it to its owner. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** Take the lock over even if it has not expired (a re-run after a kill). */
  breakLock?: boolean;
  /** The clock expiries are computed from. */
  now?: Date | (() => Date);
  /** How long a takeover claim blocks others before it counts as abandoned (default min(ttl, 5 min)). */
  claimTtlMs?: number;
}

interface LockRecord {
  runId: string;
  nonce?: string;
  token?: number;
  expiresAt: string;
}

interface Read {
  version: number;
  /** null when the value is not a lock record (written by hand, corrupted). */
  record: LockRecord | null;
}

/** Takeover claims per lock version tried before giving up (each abandoned one expires first). */
const MAX_CLAIMS = 5;

function parseRecord(value: string | undefined): LockRecord | null {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<LockRecord>;
    if (typeof parsed.runId !== 'string' || typeof parsed.expiresAt !== 'string') return null;
    return parsed as LockRecord;
  } catch {
    return null;
  }
}

async function read(ssm: SSMClient, name: string): Promise<Read | null> {
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
    return { version: Parameter?.Version ?? 0, record: parseRecord(Parameter?.Value) };
  } catch (error) {
    if (
      awsErrorName(error) === 'ParameterNotFound' ||
      awsErrorName(error) === 'ParameterVersionNotFound'
    )
      return null;
    throw error;
  }
}

/** The version written, or null when the name already exists. */
async function create(ssm: SSMClient, name: string, value: string): Promise<number | null> {
  try {
    const { Version } = await ssm.send(
      new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: false }),
    );
    return Version ?? 1;
  } catch (error) {
    if (awsErrorName(error) === 'ParameterAlreadyExists') return null;
    throw error;
  }
}

async function overwrite(ssm: SSMClient, name: string, value: string): Promise<number> {
  const { Version } = await ssm.send(
    new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }),
  );
  return Version ?? 0;
}

async function remove(ssm: SSMClient, name: string): Promise<void> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
  } catch (error) {
    if (awsErrorName(error) !== 'ParameterNotFound') throw error;
  }
}

function expired(record: LockRecord | null, now: Date): boolean {
  if (!record) return true;
  const until = Date.parse(record.expiresAt);
  return Number.isNaN(until) || until <= now.getTime();
}

/**
 * One acquisition's view of the lock: its identity, and the writes it made.
 */
class Acquisition implements HeldLock {
  private readonly nonce = randomUUID();
  private version = 0;
  private until = new Date(0);
  private released = false;
  /** Claim parameters this acquisition created and has not yet deleted. */
  private claims: string[] = [];

  constructor(
    private readonly ssm: SSMClient,
    readonly name: string,
    readonly runId: string,
    private readonly ttlMs: number,
    private readonly clock: () => Date,
    private readonly claimTtlMs: number,
  ) {}

  get token(): number {
    return this.version;
  }

  get expiresAt(): Date {
    return this.until;
  }

  private record(token: number, ttlMs = this.ttlMs): { value: string; expiresAt: Date } {
    const expiresAt = new Date(this.clock().getTime() + ttlMs);
    const value = JSON.stringify({
      runId: this.runId,
      nonce: this.nonce,
      token,
      expiresAt: expiresAt.toISOString(),
    });
    return { value, expiresAt };
  }

  private ours(read: Read | null): boolean {
    return read?.record?.nonce === this.nonce && read.record.runId === this.runId;
  }

  /**
   * After writing `name` and getting `written`, whether every version from
   * `from` to `written` is this acquisition's: the write followed `from - 1`
   * with nothing between (an SDK retry of a write whose answer was lost
   * makes two versions, both ours).
   */
  private async wroteAll(name: string, from: number, written: number): Promise<boolean> {
    if (written < from) return false;
    for (let version = from; version < written; version += 1) {
      if (!this.ours(await read(this.ssm, `${name}:${version}`))) return false;
    }
    return true;
  }

  /** Deletes what this acquisition wrote to `name` at `version`, if nobody wrote since. */
  private async undo(name: string, version: number): Promise<void> {
    const current = await read(this.ssm, name);
    if (current && current.version === version && this.ours(current)) await remove(this.ssm, name);
  }

  private async dropClaims(): Promise<void> {
    for (const claim of [...this.claims]) {
      await remove(this.ssm, claim);
      this.claims = this.claims.filter((name) => name !== claim);
    }
  }

  /** True when the lock is now this acquisition's. */
  async tryCreate(): Promise<boolean> {
    const { value, expiresAt } = this.record(1);
    const created = await create(this.ssm, this.name, value);
    if (created === null) {
      // An SDK retry of a create that did land answers ParameterAlreadyExists.
      const current = await read(this.ssm, this.name);
      if (!current || !this.ours(current)) return false;
      this.version = current.version;
    } else {
      this.version = created;
    }
    this.until = expiresAt;
    return true;
  }

  /** Takes over the lock as read at `version`; true when this run now holds it. */
  async tryTakeOver(version: number): Promise<boolean> {
    const base = `${this.name}-takeover-v${version}`;
    let claimed: string | null = null;
    const abandoned: string[] = [];
    for (let index = 1; index <= MAX_CLAIMS && !claimed; index += 1) {
      const claim = index === 1 ? base : `${base}-${index}`;
      const { value } = this.record(version, this.claimTtlMs);
      if ((await create(this.ssm, claim, value)) !== null) {
        claimed = claim;
        break;
      }
      const holder = await read(this.ssm, claim);
      if (holder && this.ours(holder)) {
        claimed = claim;
        break;
      }
      // Gone (its claimant finished or gave up) or live: another run is taking over.
      if (!holder || !expired(holder.record, this.clock())) return false;
      abandoned.push(claim);
    }
    if (!claimed) return false;
    this.claims.push(claimed);
    try {
      const current = await read(this.ssm, this.name);
      if (!current || current.version !== version) return false;
      const { value, expiresAt } = this.record(version + 1);
      const written = await overwrite(this.ssm, this.name, value);
      if (!(await this.wroteAll(this.name, version + 1, written))) {
        // Someone wrote between: nobody holds the lock now; take back this write.
        await this.undo(this.name, written);
        return false;
      }
      this.version = written;
      this.until = expiresAt;
      // Version N is gone for good: its claims (ours and abandoned ones) have no more use.
      this.claims.push(...abandoned);
      return true;
    } finally {
      await this.dropClaims().catch(() => undefined);
    }
  }

  async assertHeld(): Promise<void> {
    if (this.released) throw new LockLostError(`lock ${this.name} was already released`);
    const current = await read(this.ssm, this.name);
    if (current && current.version === this.version && this.ours(current)) return;
    throw new LockLostError(
      current
        ? `lock ${this.name} is no longer this run's (${this.runId}): ${
            current.record ? `run ${current.record.runId}` : 'another writer'
          } took it over (version ${current.version}, ours was ${this.version}); stopping before the next step`
        : `lock ${this.name} was removed while this run (${this.runId}) held it; stopping before the next step`,
    );
  }

  async renew(): Promise<void> {
    await this.assertHeld();
    const { value, expiresAt } = this.record(this.version + 1);
    const written = await overwrite(this.ssm, this.name, value);
    if (!(await this.wroteAll(this.name, this.version + 1, written))) {
      await this.undo(this.name, written);
      throw new LockLostError(
        `lock ${this.name} was taken over while this run (${this.runId}) renewed it; stopping before the next step`,
      );
    }
    this.version = written;
    this.until = expiresAt;
  }

  async release(): Promise<void> {
    if (this.released) return;
    const current = await read(this.ssm, this.name);
    if (current && current.version === this.version && this.ours(current))
      await remove(this.ssm, this.name);
    await this.dropClaims();
    this.released = true;
  }
}

/**
 * Takes the lock `name` for `runId` for `ttlMs`: creates it if absent; takes
 * it over if it has expired (a killed run left it), if this run left it, or
 * with breakLock. Throws LockHeldError when another run holds it or wins
 * the race to take it over.
 */
export async function acquireLock(
  ssm: SSMClient,
  name: string,
  runId: string,
  ttlMs: number,
  options: LockOptions = {},
): Promise<HeldLock> {
  const { breakLock = false, now } = options;
  const clock = typeof now === 'function' ? now : () => now ?? new Date();
  const lock = new Acquisition(
    ssm,
    name,
    runId,
    ttlMs,
    clock,
    options.claimTtlMs ?? Math.min(ttlMs, 300_000),
  );
  // A lock released between our create and our read is simply created again.
  for (let round = 0; round < 3; round += 1) {
    if (await lock.tryCreate()) return lock;
    const current = await read(ssm, name);
    if (!current) continue;
    const { record } = current;
    if (record && record.runId !== runId && !breakLock && !expired(record, clock())) {
      throw new LockHeldError(
        `another run (${record.runId}) is rotating this key pair (lock ${name}, until ${record.expiresAt}); ` +
          'if that run was killed, run again with --break-lock (action input break-lock: true): ' +
          'the rotation resumes where it stopped',
      );
    }
    if (await lock.tryTakeOver(current.version)) return lock;
    throw new LockHeldError(
      `another run took over the lock ${name} first (it had been held by ${record?.runId ?? 'an unreadable record'})`,
    );
  }
  throw new LockHeldError(
    `the lock ${name} kept changing while this run (${runId}) tried to take it`,
  );
}
