/**
 * What an offline recovery writes down, per instance, in Parameter Store
 * (SecureStrings under the rotation's KMS key), so a run killed at any
 * point resumes and converges:
 *
 *   <path>/offline/<instance id>/recovery       the record (step, token, keys)
 *   <path>/offline/<instance id>/user-data-<n>  the instance's own user data,
 *                                               base64 in 4,000-character
 *                                               pieces (Standard tier: 4 KB)
 *
 * The user data is saved, and read back and compared, before anything on the
 * instance changes, and deleted only after EC2 returns it byte for byte. `offline`
 * is a reserved segment: no key pair's parameters live under it.
 */
import { createHash } from 'node:crypto';
import { paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';
import type { HostOutcome } from '../outcome.js';
import { deleteParameter, readParameter, writeParameter } from '../parameters.js';
import type { HostPhase } from '../host/host-script.js';
import type { RestoreUserData } from './options.js';

/**
 * saved: user data in Parameter Store; stopped: the instance is stopped
 * for the recovery; hook-set: the recovery user data is in place; started:
 * StartInstances was called; booted: the result is read (or given up on);
 * stopped-again: stopped to put the user data back; restored: the original
 * user data is back (the instance may still be stopped); restore-pending:
 * `once`: it goes back at the next stop; done.
 */
export type OfflineStep =
  | 'saved'
  | 'stopped'
  | 'hook-set'
  | 'started'
  | 'booted'
  | 'stopped-again'
  | 'restored'
  | 'restore-pending'
  | 'done';

export interface OfflineRecord {
  version: 1;
  instanceId: string;
  region: string;
  keyName: string;
  token: string;
  restore: RestoreUserData;
  oldKeyBlobs: string[];
  newKeyLine: string;
  extraUsers: string[];
  step: OfflineStep;
  /** The instance was running before the recovery stopped it: it must run again. */
  wasRunning: boolean;
  original: { present: boolean; sha256: string; bytes: number; chunks: number };
  /** What the boot said (set at `booted`). */
  result: { outcome: HostOutcome; phase: HostPhase | null; reason: string } | null;
  warnings: string[];
  runId: string;
  updatedAt: string;
}

const CHUNK = 4_000;
const STEPS: readonly OfflineStep[] = [
  'saved',
  'stopped',
  'hook-set',
  'started',
  'booted',
  'stopped-again',
  'restored',
  'restore-pending',
  'done',
];

export const OFFLINE_SEGMENT = 'offline';

export function offlineNames(parameterPath: string, instanceId: string) {
  const base = `${parameterPath.replace(/\/+$/, '')}/${OFFLINE_SEGMENT}/${instanceId}`;
  return {
    base,
    record: `${base}/recovery`,
    chunk: (index: number) => `${base}/user-data-${index}`,
  };
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function parseRecord(raw: string): OfflineRecord | null {
  try {
    const record = JSON.parse(raw) as OfflineRecord;
    const ok =
      record.version === 1 &&
      /^i-[0-9a-f]{8,17}$/.test(record.instanceId) &&
      STEPS.includes(record.step) &&
      typeof record.original?.sha256 === 'string' &&
      Number.isInteger(record.original.chunks) &&
      record.original.chunks >= 0 &&
      record.original.chunks <= 8;
    return ok ? record : null;
  } catch {
    return null;
  }
}

export async function readRecord(
  ssm: SSMClient,
  parameterPath: string,
  instanceId: string,
): Promise<OfflineRecord | null> {
  const raw = await readParameter(ssm, offlineNames(parameterPath, instanceId).record, true);
  return raw ? parseRecord(raw) : null;
}

export async function writeRecord(
  ssm: SSMClient,
  parameterPath: string,
  record: OfflineRecord,
  kmsKeyId: string | null,
): Promise<void> {
  record.updatedAt = new Date().toISOString();
  await writeParameter(ssm, {
    name: offlineNames(parameterPath, record.instanceId).record,
    value: JSON.stringify(record),
    secure: true,
    kmsKeyId,
    tags: { 'ec2-key-rotate': 'offline-recovery' },
    description: `ec2-key-rotate offline recovery of ${record.instanceId} (key pair ${record.keyName})`,
  });
}

/** Every recovery record under the path (names without decryption, then each record). */
export async function listRecords(ssm: SSMClient, parameterPath: string): Promise<OfflineRecord[]> {
  const names: string[] = [];
  const path = `${parameterPath.replace(/\/+$/, '')}/${OFFLINE_SEGMENT}`;
  for await (const page of paginateGetParametersByPath(
    { client: ssm },
    { Path: path, Recursive: true, WithDecryption: false, MaxResults: 10 },
  )) {
    for (const parameter of page.Parameters ?? [])
      if (parameter.Name?.endsWith('/recovery')) names.push(parameter.Name);
  }
  const records: OfflineRecord[] = [];
  for (const name of names) {
    const raw = await readParameter(ssm, name, true);
    const record = raw ? parseRecord(raw) : null;
    if (record && name === offlineNames(parameterPath, record.instanceId).record)
      records.push(record);
  }
  return records;
}

/**
 * Saves the user data in pieces and reads every piece back: the original is
 * known to be in Parameter Store before the instance is touched.
 */
export async function saveUserData(
  ssm: SSMClient,
  parameterPath: string,
  instanceId: string,
  userData: Buffer | null,
  kmsKeyId: string | null,
): Promise<OfflineRecord['original']> {
  const text = userData?.length ? userData.toString('base64') : '';
  const pieces = text.match(new RegExp(`.{1,${CHUNK}}`, 'g')) ?? [];
  const names = offlineNames(parameterPath, instanceId);
  for (const [index, piece] of pieces.entries()) {
    await writeParameter(ssm, {
      name: names.chunk(index),
      value: piece,
      secure: true,
      kmsKeyId,
      tags: { 'ec2-key-rotate': 'offline-user-data' },
      description: `User data of ${instanceId} before ec2-key-rotate's offline recovery (part ${index + 1} of ${pieces.length})`,
    });
  }
  const original = {
    present: Boolean(userData?.length),
    sha256: sha256(userData ?? Buffer.alloc(0)),
    bytes: userData?.length ?? 0,
    chunks: pieces.length,
  };
  const back = await loadUserData(ssm, parameterPath, instanceId, original);
  if (sha256(back ?? Buffer.alloc(0)) !== original.sha256)
    throw new Error('the user data read back from Parameter Store differs from what was saved');
  return original;
}

/** The saved user data (null: the instance had none). Throws when a piece is missing or it does not match. */
export async function loadUserData(
  ssm: SSMClient,
  parameterPath: string,
  instanceId: string,
  original: OfflineRecord['original'],
): Promise<Buffer | null> {
  if (!original.present) return null;
  const names = offlineNames(parameterPath, instanceId);
  let text = '';
  for (let index = 0; index < original.chunks; index++) {
    const piece = await readParameter(ssm, names.chunk(index), true);
    if (piece === null) throw new Error(`${names.chunk(index)} is missing`);
    text += piece;
  }
  const bytes = Buffer.from(text, 'base64');
  if (sha256(bytes) !== original.sha256)
    throw new Error(`the saved user data under ${names.base} does not match its checksum`);
  return bytes;
}

/** Deletes the record and the saved user data (after the original is back, verified). */
export async function forget(
  ssm: SSMClient,
  parameterPath: string,
  record: OfflineRecord,
): Promise<void> {
  const names = offlineNames(parameterPath, record.instanceId);
  for (let index = 0; index < record.original.chunks; index++)
    await deleteParameter(ssm, names.chunk(index));
  await deleteParameter(ssm, names.record);
}
