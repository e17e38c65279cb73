import { DeleteKeyPairCommand, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import type { RegionClients } from './clients.js';
import { listKeyPairs, type KeyPairRecord } from './key-pairs.js';
import { TAG_PREVIOUS_FINGERPRINT, TAG_ROTATED_AT } from './tags.js';

export interface PublishResult {
  keyName: string;
  keyPairId: string;
  retired: string | null;
}

async function findPair(clients: RegionClients, keyName: string): Promise<KeyPairRecord | null> {
  try {
    return (await listKeyPairs(clients, [keyName]))[0] ?? null;
  } catch (error) {
    if ((error as { name?: string }).name === 'InvalidKeyPair.NotFound') return null;
    throw error;
  }
}

/**
 * Imports the new public key and retires the leaked key pair. By default the
 * new key takes the old name, so launch templates and Auto Scaling keep
 * working: the old pair is deleted first (running instances are unaffected),
 * then the new one imported. Safe to repeat: a pair that already holds the
 * new key is left alone.
 */
export async function publishKeyPair(
  clients: RegionClients,
  input: {
    oldPair: KeyPairRecord;
    newPublicKeyLine: string;
    newFingerprint: string;
    newName: string | null;
    previousFingerprint: string;
    tags: Record<string, string>;
  },
): Promise<PublishResult> {
  const name = input.newName ?? input.oldPair.keyName;
  const existing = await findPair(clients, name);
  if (existing && existing.fingerprint === input.newFingerprint) {
    return { keyName: name, keyPairId: existing.keyPairId, retired: null };
  }
  let retired: string | null = null;
  const current =
    name === input.oldPair.keyName ? existing : await findPair(clients, input.oldPair.keyName);
  if (current && current.fingerprint !== input.newFingerprint) {
    await clients.ec2.send(new DeleteKeyPairCommand({ KeyPairId: current.keyPairId }));
    retired = current.keyPairId;
  }
  const tags = {
    ...input.tags,
    [TAG_ROTATED_AT]: new Date().toISOString(),
    [TAG_PREVIOUS_FINGERPRINT]: input.previousFingerprint,
  };
  const imported = await clients.ec2.send(
    new ImportKeyPairCommand({
      KeyName: name,
      PublicKeyMaterial: Buffer.from(input.newPublicKeyLine),
      TagSpecifications: [
        {
          ResourceType: 'key-pair',
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        },
      ],
    }),
  );
  return { keyName: name, keyPairId: imported.KeyPairId ?? '', retired };
}
