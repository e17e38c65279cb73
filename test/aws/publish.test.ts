/**
 * Publishing the new key pair against the local EC2: the old pair's tags
 * that EC2 would refuse, the name still taken right after the delete
 * (eventual consistency), an import that fails for good (the old pair is
 * put back), and the fingerprint history carried from pair to pair.
 */
import { DescribeKeyPairsCommand, EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RegionClients } from '../../src/aws/clients.js';
import {
  evidenceFromPublicKey,
  listKeyPairs,
  matchEvidence,
  ROTATED_EARLIER,
  type KeyPairRecord,
} from '../../src/aws/key-pairs.js';
import { publishKeyPair, PublishError, type PublishOptions } from '../../src/aws/publish.js';
import {
  historyValue,
  TAG_PREVIOUS_FINGERPRINT,
  TAG_PREVIOUS_FINGERPRINTS,
  TAG_ROTATED_AT,
} from '../../src/aws/tags.js';
import { generateKey, type GeneratedKey } from '../../src/keys/generate.js';
import { startAwsEmulator, type AwsEmulator } from '../emulators/index.js';

let aws: AwsEmulator;
let clients: RegionClients;
const sleeps: number[] = [];
const lines: string[] = [];
const fast: PublishOptions = {
  retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
  sleep: async (ms) => {
    sleeps.push(ms);
    await new Promise((resolve) => setTimeout(resolve, ms));
  },
  log: (line) => lines.push(line),
};

beforeAll(async () => {
  aws = await startAwsEmulator();
  clients = {
    region: aws.region,
    ec2: new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 1 }),
    ssm: new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 }),
  };
});

afterAll(async () => {
  clients.ec2.destroy();
  clients.ssm.destroy();
  await aws.stop();
});

beforeEach(() => {
  aws.faults.clear();
  aws.log.clear();
  aws.state.region().keyPairs.clear();
  sleeps.length = 0;
  lines.length = 0;
});

async function importPair(
  name: string,
  key: GeneratedKey,
  tags: Record<string, string> = {},
): Promise<KeyPairRecord> {
  await clients.ec2.send(
    new ImportKeyPairCommand({
      KeyName: name,
      PublicKeyMaterial: Buffer.from(key.publicKeyLine),
      TagSpecifications: Object.keys(tags).length
        ? [
            {
              ResourceType: 'key-pair',
              Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            },
          ]
        : undefined,
    }),
  );
  return pairNamed(name);
}

async function pairNamed(name: string): Promise<KeyPairRecord> {
  const [pair] = await listKeyPairs(clients, [name]);
  if (!pair) throw new Error(`no key pair ${name}`);
  return pair;
}

/** As rotate.ts does: the old pair's tags less ec2-key-rotate's own. */
function carried(pair: KeyPairRecord): Record<string, string> {
  return Object.fromEntries(
    Object.entries(pair.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:')),
  );
}

function publish(
  oldPair: KeyPairRecord,
  key: GeneratedKey,
  overrides: { newName?: string | null; previousFingerprint?: string | null } = {},
): ReturnType<typeof publishKeyPair> {
  return publishKeyPair(
    clients,
    {
      oldPair,
      newPublicKeyLine: key.publicKeyLine,
      newFingerprint: key.fingerprint,
      newName: overrides.newName ?? null,
      previousFingerprint:
        overrides.previousFingerprint === undefined
          ? oldPair.fingerprint
          : overrides.previousFingerprint,
      tags: carried(oldPair),
    },
    fast,
  );
}

const blob = (line: string | null | undefined): string | undefined => line?.split(' ')[1];

/** Only requests importing this key. */
const importing =
  (key: GeneratedKey) =>
  (params: Record<string, unknown>): boolean =>
    Buffer.from(params.PublicKeyMaterial as Uint8Array)
      .toString()
      .includes(String(blob(key.publicKeyLine)));

describe('the emulated EC2 refuses what EC2 refuses', () => {
  it('reserved aws: keys, more than 50 tags, over-long keys and values', async () => {
    const key = generateKey('ed25519');
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'aws:cloudformation:stack-name': 'web' }, /reserved/],
      [{ 'AWS:Thing': 'x' }, /reserved/],
      [
        Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])),
        /maximum number of tags/,
      ],
      [{ ['k'.repeat(129)]: 'v' }, /128/],
      [{ k: 'v'.repeat(257) }, /256/],
    ];
    for (const [tags, message] of cases)
      await expect(importPair('refused', key, tags)).rejects.toThrow(message);
    expect(aws.state.region().keyPairs.has('refused')).toBe(false);
    await importPair('accepted', key, {
      ['k'.repeat(128)]: 'v'.repeat(256),
      ...Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])),
    });
  });
});

describe('publishKeyPair', () => {
  it('drops reserved and excess tags, and the import succeeds', async () => {
    const leaked = generateKey('ed25519');
    const user = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`team-${String(i).padStart(2, '0')}`, `v${i}`]),
    );
    await importPair('prod', leaked, user);
    // CloudFormation's own tags: EC2 sets them, ImportKeyPair refuses them.
    const stored = aws.state.region().keyPairs.get('prod');
    if (!stored) throw new Error('no pair');
    stored.tags['aws:cloudformation:stack-name'] = 'web';
    stored.tags['aws:cloudformation:logical-id'] = 'KeyPair';
    const oldPair = await pairNamed('prod');
    expect(Object.keys(oldPair.tags)).toHaveLength(52);

    const next = generateKey('ed25519');
    const result = await publish(oldPair, next);
    const pair = await pairNamed('prod');
    expect(blob(pair.publicKey)).toBe(blob(next.publicKeyLine));
    expect(result.retired).toBe(oldPair.keyPairId);
    expect(Object.keys(pair.tags)).toHaveLength(50);
    expect(Object.keys(pair.tags).filter((key) => /^aws:/i.test(key))).toEqual([]);
    expect(pair.tags[TAG_PREVIOUS_FINGERPRINT]).toBe(leaked.fingerprint);
    expect(pair.tags[TAG_PREVIOUS_FINGERPRINTS]).toBe(leaked.fingerprint);
    expect(Date.parse(pair.tags[TAG_ROTATED_AT] ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // The first 47 user tags fit beside ec2-key-rotate's three.
    expect(pair.tags['team-46']).toBe('v46');
    expect(pair.tags['team-47']).toBeUndefined();
    expect(result.droppedTags?.map((tag) => tag.key).sort()).toEqual([
      'aws:cloudformation:logical-id',
      'aws:cloudformation:stack-name',
      'team-47',
      'team-48',
      'team-49',
    ]);
    expect(result.droppedTags?.find((tag) => tag.key === 'team-49')?.reason).toMatch(/50 tags/);
    expect(lines.join('\n')).toMatch(/aws:cloudformation:stack-name .*reserved/);
    expect(aws.log.count('ImportKeyPair')).toBe(2); // the setup's and this one
  });

  it('retries InvalidKeyPair.Duplicate after the delete, then succeeds', async () => {
    const leaked = generateKey('ed25519');
    const oldPair = await importPair('prod', leaked, { team: 'web' });
    aws.log.clear();
    const lag = aws.faults.inject({
      service: 'ec2',
      operation: 'ImportKeyPair',
      error: {
        code: 'InvalidKeyPair.Duplicate',
        message: "The keypair 'prod' already exists.",
        status: 400,
      },
      after: { operation: 'DeleteKeyPair' },
      times: 2,
    });
    const next = generateKey('ed25519');
    const result = await publish(oldPair, next);
    expect(lag.hits).toBe(2);
    expect(aws.log.calls().map((entry) => [entry.operation, entry.error ?? null])).toEqual([
      ['DescribeKeyPairs', null],
      ['DeleteKeyPair', null],
      ['ImportKeyPair', 'InvalidKeyPair.Duplicate'],
      ['DescribeKeyPairs', 'InvalidKeyPair.NotFound'],
      ['ImportKeyPair', 'InvalidKeyPair.Duplicate'],
      ['DescribeKeyPairs', 'InvalidKeyPair.NotFound'],
      ['ImportKeyPair', null],
    ]);
    expect(sleeps).toEqual([5, 10]);
    const pair = await pairNamed('prod');
    expect(result.keyPairId).toBe(pair.keyPairId);
    expect(blob(pair.publicKey)).toBe(blob(next.publicKeyLine));
    expect(pair.tags.team).toBe('web');
  });

  it('an import that keeps failing puts the old public key back under the old name, and says so', async () => {
    const leaked = generateKey('ed25519');
    const oldPair = await importPair('prod', leaked, {
      team: 'web',
      [TAG_PREVIOUS_FINGERPRINT]: 'SHA256:earlier',
    });
    const next = generateKey('ed25519');
    const refused = aws.faults.inject({
      service: 'ec2',
      operation: 'ImportKeyPair',
      when: importing(next),
      error: {
        code: 'InvalidKeyPair.Duplicate',
        message: "The keypair 'prod' already exists.",
        status: 400,
      },
      times: Infinity,
    });
    const failure = await publish(oldPair, next).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PublishError);
    const error = failure as PublishError;
    expect(refused.hits).toBe(4); // every attempt the retry allows
    expect(error.message).toMatch(
      /cannot import the new key as prod: The keypair 'prod' already exists \(InvalidKeyPair\.Duplicate\); the old public key was imported again as prod/,
    );
    const { KeyPairs = [] } = await clients.ec2.send(
      new DescribeKeyPairsCommand({ KeyNames: ['prod'], IncludePublicKey: true }),
    );
    expect(KeyPairs).toHaveLength(1);
    expect(blob(KeyPairs[0]?.PublicKey)).toBe(blob(leaked.publicKeyLine));
    expect(error.restored).toEqual({ keyName: 'prod', keyPairId: KeyPairs[0]?.KeyPairId });
    // Its own tags, history and all: a re-run still recognises it as the leaked key.
    const restored = await pairNamed('prod');
    expect(restored.tags).toEqual(oldPair.tags);
    expect(matchEvidence(restored, evidenceFromPublicKey(leaked.publicKeyLine))).toBe('public key');

    // A re-run once EC2 takes the key again publishes it.
    refused.remove();
    const again = await publish(restored, next);
    expect(blob((await pairNamed('prod')).publicKey)).toBe(blob(next.publicKeyLine));
    expect(again.retired).toBe(restored.keyPairId);
  });

  it('an import refused for another reason: the old pair is back too, with the tags it can carry', async () => {
    const leaked = generateKey('ed25519');
    await importPair('prod', leaked, { team: 'web' });
    const stored = aws.state.region().keyPairs.get('prod');
    if (!stored) throw new Error('no pair');
    stored.tags['aws:cloudformation:stack-name'] = 'web';
    const oldPair = await pairNamed('prod');
    const next = generateKey('ed25519');
    aws.faults.inject({
      service: 'ec2',
      operation: 'ImportKeyPair',
      when: importing(next),
      error: {
        code: 'InvalidKey.Format',
        message: 'Key is not in valid OpenSSH public key format',
        status: 400,
      },
      times: Infinity,
    });
    await expect(publish(oldPair, next)).rejects.toThrow(
      /not in valid OpenSSH public key format \(InvalidKey\.Format\); the old public key was imported again as prod/,
    );
    expect(sleeps).toEqual([]); // only Duplicate is worth waiting for
    const restored = await pairNamed('prod');
    expect(blob(restored.publicKey)).toBe(blob(leaked.publicKeyLine));
    expect(restored.tags).toEqual({ team: 'web' });
  });

  it('a resumed rotation whose old pair is already gone and unknown: the failure says the name is empty', async () => {
    const leaked = generateKey('ed25519');
    // As the engine rebuilds a pair from recorded state after a kill between delete and import.
    const oldPair: KeyPairRecord = {
      region: aws.region,
      keyPairId: '',
      keyName: 'prod',
      keyType: '',
      ec2Fingerprint: '',
      publicKey: null,
      fingerprint: leaked.fingerprint,
      createTime: null,
      tags: { team: 'web' },
    };
    const next = generateKey('ed25519');
    aws.faults.inject({
      service: 'ec2',
      operation: 'ImportKeyPair',
      error: { code: 'InvalidKey.Format', message: 'bad key', status: 400 },
      times: Infinity,
    });
    const failure = await publish(oldPair, next, { previousFingerprint: leaked.fingerprint }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PublishError);
    expect((failure as PublishError).restored).toBeNull();
    expect((failure as PublishError).message).toMatch(
      /could not be restored either \(its public key is not known\): EC2 has no key pair named prod/,
    );
    aws.faults.clear();
    await publish(oldPair, next, { previousFingerprint: leaked.fingerprint });
    const pair = await pairNamed('prod');
    expect(pair.tags).toMatchObject({
      team: 'web',
      [TAG_PREVIOUS_FINGERPRINT]: leaked.fingerprint,
    });
  });

  it('under a new name: the new pair is imported before the old one is deleted, and a failure leaves the old one', async () => {
    const leaked = generateKey('ed25519');
    const oldPair = await importPair('prod', leaked, { team: 'web' });
    const next = generateKey('ed25519');
    const refused = aws.faults.inject({
      service: 'ec2',
      operation: 'ImportKeyPair',
      error: 'internal',
      times: 1,
    });
    await expect(publish(oldPair, next, { newName: 'prod-2' })).rejects.toThrow(
      /cannot import the new key as prod-2: .*; prod was left as it is/,
    );
    expect(refused.hits).toBe(1);
    expect(aws.log.count('DeleteKeyPair')).toBe(0);
    expect((await pairNamed('prod')).keyPairId).toBe(oldPair.keyPairId);

    aws.log.clear();
    const result = await publish(oldPair, next, { newName: 'prod-2' });
    const order = aws.log
      .calls((entry) => entry.operation === 'ImportKeyPair' || entry.operation === 'DeleteKeyPair')
      .map((entry) => entry.operation);
    expect(order).toEqual(['ImportKeyPair', 'DeleteKeyPair']);
    expect(result).toMatchObject({ keyName: 'prod-2', retired: oldPair.keyPairId });
    await expect(pairNamed('prod')).rejects.toMatchObject({ name: 'InvalidKeyPair.NotFound' });
    expect((await pairNamed('prod-2')).tags[TAG_PREVIOUS_FINGERPRINT]).toBe(leaked.fingerprint);
  });

  it('publishing again changes nothing', async () => {
    const leaked = generateKey('ed25519');
    const oldPair = await importPair('prod', leaked);
    const next = generateKey('ed25519');
    await publish(oldPair, next);
    aws.log.clear();
    const again = await publish(oldPair, next);
    expect(again.retired).toBeNull();
    expect(aws.log.count('DeleteKeyPair') + aws.log.count('ImportKeyPair')).toBe(0);
  });
});

describe('the fingerprint history', () => {
  it('accumulates over three rotations, and the first leaked key is still recognised', async () => {
    const keys = [
      generateKey('ed25519'),
      generateKey('rsa', 'x', 2048),
      generateKey('ed25519'),
      generateKey('ed25519'),
    ];
    const [first, , , last] = keys;
    if (!first || !last) throw new Error('keys');
    await importPair('prod', first, { team: 'web' });
    for (const key of keys.slice(1)) {
      const oldPair = await pairNamed('prod');
      await publish(oldPair, key);
    }
    const pair = await pairNamed('prod');
    expect(blob(pair.publicKey)).toBe(blob(last.publicKeyLine));
    expect(pair.tags[TAG_PREVIOUS_FINGERPRINT]).toBe(keys[2]?.fingerprint);
    expect(pair.tags[TAG_PREVIOUS_FINGERPRINTS]).toBe(
      [keys[2], keys[1], keys[0]].map((key) => key?.fingerprint).join(' '),
    );
    expect(pair.tags.team).toBe('web');
    for (const key of keys.slice(0, 3))
      expect(matchEvidence(pair, evidenceFromPublicKey(key.publicKeyLine))).toBe(ROTATED_EARLIER);
    expect(matchEvidence(pair, evidenceFromPublicKey(last.publicKeyLine))).toBe('public key');
    expect(
      matchEvidence(pair, evidenceFromPublicKey(generateKey('ed25519').publicKeyLine)),
    ).toBeNull();
  });

  it('a pair tagged before the history existed: its previous-fingerprint joins the history', async () => {
    const keys = [generateKey('ed25519'), generateKey('ed25519')];
    const [older, current] = keys;
    if (!older || !current) throw new Error('keys');
    await importPair('prod', current, { [TAG_PREVIOUS_FINGERPRINT]: older.fingerprint });
    const next = generateKey('ed25519');
    await publish(await pairNamed('prod'), next);
    const pair = await pairNamed('prod');
    expect(pair.tags[TAG_PREVIOUS_FINGERPRINTS]).toBe(
      `${current.fingerprint} ${older.fingerprint}`,
    );
    expect(matchEvidence(pair, evidenceFromPublicKey(older.publicKeyLine))).toBe(ROTATED_EARLIER);
  });

  it('is cut, oldest first and whole entries only, to the 256-character tag value', async () => {
    const fingerprints = Array.from({ length: 8 }, () => generateKey('ed25519').fingerprint);
    const value = historyValue(fingerprints);
    expect(value.length).toBeLessThanOrEqual(256);
    expect(value.split(' ')).toEqual(fingerprints.slice(0, 5));
    expect(historyValue(['a', 'b', 'a', ' ', 'c'])).toBe('a b c');
    // Seven rotations through EC2: the newest five stay.
    const keys = Array.from({ length: 8 }, () => generateKey('ed25519'));
    await importPair('prod', keys[0] as GeneratedKey);
    for (const key of keys.slice(1)) await publish(await pairNamed('prod'), key);
    const tag = (await pairNamed('prod')).tags[TAG_PREVIOUS_FINGERPRINTS] ?? '';
    expect(tag.split(' ')).toEqual(
      keys
        .slice(0, 7)
        .reverse()
        .slice(0, 5)
        .map((key) => key.fingerprint),
    );
  });
});
