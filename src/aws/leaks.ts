/**
 * The record of one leaked key: every key pair and instance it opened and
 * whether each is clean yet. A leak stays open until every instance it ever
 * opened is confirmed clean (the key is in no file sshd reads) or gone, across
 * later rotations of the pair, history rewrites and runs of any kind: each run
 * reads the open records and goes back to the instances still listed.
 *
 * Stored per leaked key as a SecureString at
 * `<parameter-path>/leaks/<hex of the key's SHA-256 digest>`. What is read back is
 * checked before use: the blobs must hash to the recorded fingerprint, ids and
 * names must have their AWS shapes; a record that fails is an error, not
 * trusted and not silently dropped.
 */
import { paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';
import { blobFingerprint } from './host/host-script.js';
import { readParameter, writeParameter } from './parameters.js';

export type LeakInstanceStatus = 'open' | 'clean' | 'terminated';

export interface LeakInstance {
  region: string;
  keyName: string;
  status: LeakInstanceStatus;
  /** Why it is open, or how it was found clean. */
  detail: string;
  checkedAt: string;
}

export interface LeakRecord {
  version: 1;
  /** OpenSSH SHA256 fingerprint of the leaked key. */
  fingerprint: string;
  /** Base64 blobs of the leaked public key (what authorized_keys lines are matched on). */
  blobs: string[];
  status: 'open' | 'closed';
  openedAt: string;
  updatedAt: string;
  /**
   * Key pairs that held the leaked key; `settled` once a run has been through
   * all of the pair's instances (until then the leak is open even with no
   * instance listed: a rotation that failed early must not look finished).
   */
  pairs: { region: string; keyName: string; settled: boolean }[];
  instances: Record<string, LeakInstance>;
}

export class LeakRecordError extends Error {
  override name = 'LeakRecordError';
}

const INSTANCE_ID = /^(?:i|mi)-[0-9a-f]{8,17}$/;
const REGION = /^[a-z]{2,}(?:-[a-z]+)+-\d+$/;
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
const STATUSES = new Set<LeakInstanceStatus>(['open', 'clean', 'terminated']);

/** `<parameter-path>/leaks/<hex of the fingerprint's digest>`: a valid, injective parameter name. */
export function leakParameterName(parameterPath: string, fingerprint: string): string {
  const digest = Buffer.from(fingerprint.replace(/^SHA256:/, ''), 'base64').toString('hex');
  return `${leaksPath(parameterPath)}/${digest}`;
}

function leaksPath(parameterPath: string): string {
  return `${parameterPath.replace(/\/+$/, '')}/leaks`;
}

/** A new, open record for a leaked key. */
export function newLeakRecord(fingerprint: string, blobs: string[], now = new Date()): LeakRecord {
  return {
    version: 1,
    fingerprint,
    blobs: [...new Set(blobs)],
    status: 'open',
    openedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    pairs: [],
    instances: {},
  };
}

/** Checks a record read back from Parameter Store; throws on anything off. */
export function checkLeakRecord(raw: string, name: string): LeakRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new LeakRecordError(`${name} is not JSON: refusing to use it`);
  }
  const record = value as Partial<LeakRecord>;
  const fail = (what: string): never => {
    throw new LeakRecordError(`${name}: ${what}; refusing to use the record`);
  };
  if (!record || typeof record !== 'object' || record.version !== 1) fail('unknown version');
  if (typeof record.fingerprint !== 'string' || !FINGERPRINT.test(record.fingerprint))
    fail('bad fingerprint');
  if (!Array.isArray(record.blobs) || !record.blobs.length) fail('no key blobs');
  for (const blob of record.blobs as unknown[]) {
    if (typeof blob !== 'string' || !/^[A-Za-z0-9+/]+={0,3}$/.test(blob))
      fail('a key blob is not base64');
    if (blobFingerprint(blob as string) !== record.fingerprint)
      fail('a key blob does not hash to the recorded fingerprint');
  }
  if (record.status !== 'open' && record.status !== 'closed') fail('bad status');
  if (!Array.isArray(record.pairs)) fail('bad key pair list');
  for (const pair of record.pairs as unknown[]) {
    const entry = pair as { region?: unknown; keyName?: unknown };
    if (typeof entry.region !== 'string' || !REGION.test(entry.region)) fail('bad region');
    if (typeof entry.keyName !== 'string' || !entry.keyName || entry.keyName.length > 255)
      fail('bad key pair name');
    (entry as { settled?: unknown }).settled = (entry as { settled?: unknown }).settled === true;
  }
  if (!record.instances || typeof record.instances !== 'object') fail('bad instance list');
  for (const [id, instance] of Object.entries(record.instances as Record<string, LeakInstance>)) {
    if (!INSTANCE_ID.test(id)) fail(`bad instance id ${JSON.stringify(id).slice(0, 40)}`);
    if (!instance || !STATUSES.has(instance.status)) fail(`bad status for ${id}`);
    if (typeof instance.region !== 'string' || !REGION.test(instance.region))
      fail(`bad region for ${id}`);
    if (typeof instance.keyName !== 'string') fail(`bad key pair name for ${id}`);
    instance.detail = typeof instance.detail === 'string' ? instance.detail.slice(0, 500) : '';
  }
  return record as LeakRecord;
}

export async function readLeakRecord(
  ssm: SSMClient,
  parameterPath: string,
  fingerprint: string,
): Promise<LeakRecord | null> {
  const name = leakParameterName(parameterPath, fingerprint);
  const raw = await readParameter(ssm, name, true);
  if (!raw) return null;
  const record = checkLeakRecord(raw, name);
  if (record.fingerprint !== fingerprint)
    throw new LeakRecordError(`${name} holds another key's record; refusing to use it`);
  return record;
}

/** Every open leak record under the parameter path (checked). */
export async function openLeakRecords(
  ssm: SSMClient,
  parameterPath: string,
): Promise<LeakRecord[]> {
  // Names first, without decryption: a key pair named `leaks` keeps its
  // private key under the same path, and that is never decrypted here.
  const names: string[] = [];
  for await (const page of paginateGetParametersByPath(
    { client: ssm },
    { Path: leaksPath(parameterPath), Recursive: false, WithDecryption: false, MaxResults: 10 },
  )) {
    for (const parameter of page.Parameters ?? []) {
      if (parameter.Name && /\/[0-9a-f]{64}$/.test(parameter.Name)) names.push(parameter.Name);
    }
  }
  const records: LeakRecord[] = [];
  for (const name of names) {
    const raw = await readParameter(ssm, name, true);
    if (!raw) continue;
    const record = checkLeakRecord(raw, name);
    if (name !== leakParameterName(parameterPath, record.fingerprint))
      throw new LeakRecordError(`${name} holds another key's record`);
    if (record.status === 'open') records.push(record);
  }
  return records;
}

/**
 * Writes the record as a SecureString under the account's default key
 * (aws/ssm): a leak must be recordable even when the custody key is not
 * usable, and the record holds public facts only.
 */
export async function writeLeakRecord(
  ssm: SSMClient,
  parameterPath: string,
  record: LeakRecord,
): Promise<void> {
  const next: LeakRecord = {
    ...record,
    status: isOpen(record) ? 'open' : 'closed',
    updatedAt: new Date().toISOString(),
  };
  await writeParameter(ssm, {
    name: leakParameterName(parameterPath, record.fingerprint),
    value: JSON.stringify(next),
    secure: true,
    tags: { 'ec2-key-rotate': 'leak' },
    description: `ec2-key-rotate: instances the leaked key ${record.fingerprint} opened`,
  });
  Object.assign(record, next);
}

/** Open: some instance may still accept the key, or some key pair was never gone through. */
export function isOpen(record: LeakRecord): boolean {
  return (
    record.pairs.some((pair) => !pair.settled) ||
    Object.values(record.instances).some((instance) => instance.status === 'open')
  );
}

/** Lists a key pair in the record (unsettled until a run has been through its instances). */
export function notePair(record: LeakRecord, region: string, keyName: string): void {
  if (!record.pairs.some((pair) => pair.region === region && pair.keyName === keyName))
    record.pairs.push({ region, keyName, settled: false });
}

/** A run has been through every instance of the pair (whatever each one's status). */
export function settlePair(record: LeakRecord, region: string, keyName: string): void {
  notePair(record, region, keyName);
  for (const pair of record.pairs)
    if (pair.region === region && pair.keyName === keyName) pair.settled = true;
}

/** Notes one instance's state in the record (the newest word wins). */
export function noteInstance(
  record: LeakRecord,
  instanceId: string,
  entry: Omit<LeakInstance, 'checkedAt'>,
  now = new Date(),
): void {
  if (!INSTANCE_ID.test(instanceId)) return;
  record.instances[instanceId] = { ...entry, checkedAt: now.toISOString() };
  notePair(record, entry.region, entry.keyName);
}

/** Instances of the record still open, in one region. */
export function openInstances(record: LeakRecord, region: string): string[] {
  return Object.entries(record.instances)
    .filter(([, instance]) => instance.region === region && instance.status === 'open')
    .map(([id]) => id)
    .sort();
}

/** A stable short id for logs. */
export function leakLabel(record: LeakRecord): string {
  return `${record.fingerprint.slice(0, 19)}…`;
}
