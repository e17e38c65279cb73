import { DeleteKeyPairCommand, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import type { RegionClients } from './clients.js';
import { awsErrorMessage, awsErrorName } from './errors.js';
import { listKeyPairs, type KeyPairRecord } from './key-pairs.js';
import {
  fingerprintHistory,
  historyValue,
  keyPairTagSpecifications,
  sanitizeTags,
  TAG_PREVIOUS_FINGERPRINT,
  TAG_PREVIOUS_FINGERPRINTS,
  TAG_ROTATED_AT,
} from './tags.js';

export interface PublishResult {
  keyName: string;
  keyPairId: string;
  retired: string | null;
  /** Carried-over tags EC2 would have refused (reserved prefix, over the limit), each with why. */
  droppedTags?: { key: string; reason: string }[];
}

/**
 * The new key could not be imported. `restored` says whether the account
 * still has a key pair under the old name: when the old pair had already
 * been deleted, its public key was imported again under its own name, so
 * launch templates and Auto Scaling groups that name it keep launching (with
 * the old key) until a re-run publishes the new one.
 */
export class PublishError extends Error {
  override name = 'PublishError';
  constructor(
    message: string,
    readonly restored: { keyName: string; keyPairId: string } | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface PublishOptions {
  /**
   * ImportKeyPair right after DeleteKeyPair of the same name can answer
   * InvalidKeyPair.Duplicate while EC2 catches up: retried `attempts` times
   * in all, waiting baseDelayMs, doubling, at most maxDelayMs.
   */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 10_000 };

/** `message (Code)`, for a sentence that goes on after it. */
function explain(error: unknown): string {
  const message = awsErrorMessage(error).replace(/\.+$/, '');
  const name = awsErrorName(error);
  return name && name !== 'Error' && !message.includes(name) ? `${message} (${name})` : message;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function findPair(clients: RegionClients, keyName: string): Promise<KeyPairRecord | null> {
  try {
    return (await listKeyPairs(clients, [keyName]))[0] ?? null;
  } catch (error) {
    if (awsErrorName(error) === 'InvalidKeyPair.NotFound') return null;
    throw error;
  }
}

/** The OpenSSH type and base64 of a public key line (EC2 appends the key name as a comment). */
function keyBody(line: string | null | undefined): string | null {
  const parts = line?.trim().split(/\s+/) ?? [];
  return parts.length >= 2 ? `${parts[0]} ${parts[1]}` : null;
}

function holdsKey(
  pair: KeyPairRecord | null,
  publicKeyLine: string,
  fingerprint: string | null,
): boolean {
  if (!pair) return false;
  if (fingerprint && pair.fingerprint === fingerprint) return true;
  const body = keyBody(pair.publicKey);
  return body !== null && body === keyBody(publicKeyLine);
}

/**
 * ImportKeyPair, riding out InvalidKeyPair.Duplicate for a name just
 * deleted. Before each retry the name is looked up: when it already holds
 * this key (an earlier attempt landed, its answer lost), that pair is the
 * result.
 */
async function importWithRetry(
  clients: RegionClients,
  keyName: string,
  publicKeyLine: string,
  fingerprint: string | null,
  tags: Record<string, string>,
  options: PublishOptions,
  /** A pair just deleted, which EC2 may still list for a while. */
  deleted: string | null = null,
): Promise<string> {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? realSleep;
  let delay = retry.baseDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const imported = await clients.ec2.send(
        new ImportKeyPairCommand({
          KeyName: keyName,
          PublicKeyMaterial: Buffer.from(publicKeyLine),
          TagSpecifications: keyPairTagSpecifications(tags),
        }),
      );
      return imported.KeyPairId ?? '';
    } catch (error) {
      if (awsErrorName(error) !== 'InvalidKeyPair.Duplicate' || attempt >= retry.attempts)
        throw error;
      options.log?.(
        `EC2 still has a key pair named ${keyName} (InvalidKeyPair.Duplicate); retrying in ${delay} ms`,
      );
      await sleep(delay);
      delay = Math.min(delay * 2, retry.maxDelayMs);
      const present = await findPair(clients, keyName);
      if (present && present.keyPairId !== deleted && holdsKey(present, publicKeyLine, fingerprint))
        return present.keyPairId;
    }
  }
}

/**
 * Imports the new public key and retires the leaked key pair, never leaving
 * the account without a pair of the name launch templates use.
 *
 * By default the new key takes the old name, so launch templates and Auto
 * Scaling keep working: the old pair is deleted first (running instances are
 * unaffected; EC2 has no rename), then the new one imported. Should that
 * import fail for good, the old public key is imported again under the old
 * name and a PublishError says so. Under a new name the new pair is
 * imported first and the old one deleted only then.
 *
 * The old pair's tags are carried over, less what EC2 refuses (`aws:` keys,
 * more than 50), with the rotation's own: when, the key replaced, and the
 * history of every key replaced under the name.
 *
 * Safe to repeat: a pair that already holds the new key is left alone.
 */
export async function publishKeyPair(
  clients: RegionClients,
  input: {
    oldPair: KeyPairRecord;
    newPublicKeyLine: string;
    newFingerprint: string;
    newName: string | null;
    /** The key being replaced, as the rotation recorded it (null or 'unknown' when it could not tell). */
    previousFingerprint: string | null;
    tags: Record<string, string>;
  },
  options: PublishOptions = {},
): Promise<PublishResult> {
  const oldName = input.oldPair.keyName;
  const name = input.newName ?? oldName;
  const existing = await findPair(clients, name);
  if (holdsKey(existing, input.newPublicKeyLine, input.newFingerprint)) {
    return {
      keyName: name,
      keyPairId: (existing as KeyPairRecord).keyPairId,
      retired: null,
      droppedTags: [],
    };
  }
  const current = name === oldName ? existing : await findPair(clients, oldName);

  // Newest first: the key the retired pair really held, the key the rotation
  // was asked to replace, then the history the old pair carried.
  const recorded =
    input.previousFingerprint && input.previousFingerprint !== 'unknown'
      ? input.previousFingerprint
      : null;
  const replaced = [current?.fingerprint, recorded].filter(
    (entry): entry is string => typeof entry === 'string' && entry.length > 0,
  );
  const history = historyValue([
    ...replaced,
    ...fingerprintHistory(current?.tags ?? {}),
    ...fingerprintHistory(input.oldPair.tags),
    ...fingerprintHistory(input.tags),
  ]);
  const own: Record<string, string> = { [TAG_ROTATED_AT]: new Date().toISOString() };
  const latest = replaced[0];
  if (latest) own[TAG_PREVIOUS_FINGERPRINT] = latest;
  if (history) own[TAG_PREVIOUS_FINGERPRINTS] = history;
  const carried = Object.fromEntries(
    Object.entries(input.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:')),
  );
  const { tags, dropped } = sanitizeTags(carried, own);
  for (const { key, reason } of dropped)
    options.log?.(`tag ${key} of ${oldName} not carried to the new key pair: ${reason}`);

  if (name !== oldName) {
    if (existing) {
      throw new PublishError(
        `cannot import the new key as ${name}: a key pair of that name already holds another key; ${oldName} was left as it is`,
        null,
      );
    }
    let keyPairId: string;
    try {
      keyPairId = await importWithRetry(
        clients,
        name,
        input.newPublicKeyLine,
        input.newFingerprint,
        tags,
        options,
      );
    } catch (error) {
      throw new PublishError(
        `cannot import the new key as ${name}: ${explain(error)}; ${oldName} was left as it is`,
        null,
        { cause: error },
      );
    }
    let retired: string | null = null;
    if (current && !holdsKey(current, input.newPublicKeyLine, input.newFingerprint)) {
      await clients.ec2.send(new DeleteKeyPairCommand({ KeyPairId: current.keyPairId }));
      retired = current.keyPairId;
    }
    return { keyName: name, keyPairId, retired, droppedTags: dropped };
  }

  let retired: string | null = null;
  if (current) {
    await clients.ec2.send(new DeleteKeyPairCommand({ KeyPairId: current.keyPairId }));
    retired = current.keyPairId;
  }
  try {
    const keyPairId = await importWithRetry(
      clients,
      name,
      input.newPublicKeyLine,
      input.newFingerprint,
      tags,
      options,
    );
    return { keyName: name, keyPairId, retired, droppedTags: dropped };
  } catch (error) {
    // An import whose answer was lost may have landed all the same.
    const landed = await findPair(clients, name).catch(() => null);
    if (landed && holdsKey(landed, input.newPublicKeyLine, input.newFingerprint))
      return { keyName: name, keyPairId: landed.keyPairId, retired, droppedTags: dropped };
    const restored = await restoreOldPair(clients, current ?? input.oldPair, retired, options);
    const cause = explain(error);
    throw new PublishError(
      restored.pair && !restored.reason
        ? `cannot import the new key as ${name}: ${cause}; the old public key was imported again as ${name} (${restored.pair.keyPairId}) so launches that name it keep working, with the old key, until a re-run publishes the new one`
        : restored.pair
          ? `cannot import the new key as ${name}: ${cause}; ${restored.reason}`
          : `cannot import the new key as ${name}: ${cause}; the old key pair could not be restored either (${restored.reason}): EC2 has no key pair named ${name} until a re-run publishes the new key`,
      restored.pair,
      { cause: error },
    );
  }
}

/**
 * Imports the retired pair's public key again under its own name, with its
 * own tags (less what EC2 refuses), then with none if the tags were the
 * trouble.
 */
async function restoreOldPair(
  clients: RegionClients,
  old: KeyPairRecord,
  deleted: string | null,
  options: PublishOptions,
): Promise<{ pair: { keyName: string; keyPairId: string } | null; reason: string }> {
  const present = await findPair(clients, old.keyName).catch(() => null);
  // The pair just deleted may still be listed for a while: that is not a pair.
  if (present && present.keyPairId !== deleted) {
    return {
      pair: { keyName: present.keyName, keyPairId: present.keyPairId },
      reason: `a key pair named ${old.keyName} (${present.keyPairId}, ${
        present.fingerprint ?? present.ec2Fingerprint
      }) is there, not imported by this run`,
    };
  }
  const publicKey = keyBody(old.publicKey);
  if (!publicKey) return { pair: null, reason: 'its public key is not known' };
  const { tags } = sanitizeTags(old.tags);
  let reason = '';
  for (const attemptTags of Object.keys(tags).length ? [tags, {}] : [{}]) {
    try {
      const keyPairId = await importWithRetry(
        clients,
        old.keyName,
        publicKey,
        old.fingerprint,
        attemptTags,
        options,
        deleted,
      );
      options.log?.(`re-imported the old public key as ${old.keyName} (${keyPairId})`);
      return { pair: { keyName: old.keyName, keyPairId }, reason: '' };
    } catch (error) {
      reason = explain(error);
    }
  }
  return { pair: null, reason };
}
