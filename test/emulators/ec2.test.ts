import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateKeyPairCommand,
  CreateTagsCommand,
  DeleteKeyPairCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeTagsCommand,
  EC2Client,
  ImportKeyPairCommand,
  paginateDescribeInstances,
  type Instance,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CapturingHandler, opensslDigest, run, tamperBody, tempDir, must } from './helpers.js';
import { applyEnv, emulatorEnv, startAwsEmulator, type AwsEmulator } from './index.js';

let aws: AwsEmulator;
let ec2: EC2Client;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  aws = await startAwsEmulator();
  ec2 = new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 1 });
  dir = tempDir('ec2-emulator-');
});

afterAll(async () => {
  ec2.destroy();
  await aws.stop();
  dir.remove();
});

beforeEach(() => {
  aws.state.region().keyPairs.clear();
  aws.state.region().instances.clear();
  aws.log.clear();
  aws.faults.clear();
});

function sshKeygen(
  type: 'rsa' | 'ed25519',
  name: string,
): { privatePath: string; publicLine: string } {
  const privatePath = join(dir.path, name);
  run('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(type === 'rsa' ? ['-b', '2048', '-m', 'PEM'] : []),
    '-N',
    '',
    '-C',
    'test@example',
    '-f',
    privatePath,
  ]);
  return { privatePath, publicLine: readFileSync(`${privatePath}.pub`, 'utf8').trim() };
}

describe('key pairs', () => {
  it('fingerprints an imported RSA key as MD5 of the DER public key (what `openssl … | openssl md5 -c` prints)', async () => {
    const { privatePath, publicLine } = sshKeygen('rsa', 'imported-rsa');
    const der = opensslBytes(['pkey', '-in', privatePath, '-pubout', '-outform', 'DER']);
    const expectedFromDer = opensslDigest(run('openssl', ['md5', '-c'], der));
    expect(expectedFromDer).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);

    const imported = await ec2.send(
      new ImportKeyPairCommand({
        KeyName: 'deploy',
        PublicKeyMaterial: Buffer.from(publicLine),
        TagSpecifications: [{ ResourceType: 'key-pair', Tags: [{ Key: 'team', Value: 'ops' }] }],
      }),
    );
    expect(imported.KeyFingerprint).toBe(expectedFromDer);
    expect(imported.KeyPairId).toMatch(/^key-[0-9a-f]{17}$/);

    const described = await ec2.send(
      new DescribeKeyPairsCommand({ KeyNames: ['deploy'], IncludePublicKey: true }),
    );
    const pair = described.KeyPairs?.[0];
    expect(pair).toMatchObject({
      KeyName: 'deploy',
      KeyType: 'rsa',
      KeyFingerprint: expectedFromDer,
      Tags: [{ Key: 'team', Value: 'ops' }],
    });
    expect(pair?.PublicKey?.split(' ').slice(0, 2).join(' ')).toBe(
      publicLine.split(' ').slice(0, 2).join(' '),
    );
    expect(pair?.CreateTime).toBeInstanceOf(Date);

    const withoutKey = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['deploy'] }));
    expect(withoutKey.KeyPairs?.[0]?.PublicKey).toBeUndefined();
  });

  it('fingerprints an imported ED25519 key as padded base64 SHA-256 of the SSH blob (ssh-keygen -l)', async () => {
    const { privatePath, publicLine } = sshKeygen('ed25519', 'imported-ed');
    const sshFingerprint = sha256Of(`${privatePath}.pub`);
    const imported = await ec2.send(
      new ImportKeyPairCommand({ KeyName: 'ed', PublicKeyMaterial: Buffer.from(publicLine) }),
    );
    expect(imported.KeyFingerprint).toBe(`${sshFingerprint}=`);
    const byFilter = await ec2.send(
      new DescribeKeyPairsCommand({
        Filters: [{ Name: 'fingerprint', Values: [must(imported.KeyFingerprint)] }],
      }),
    );
    expect(byFilter.KeyPairs?.map((p) => p.KeyType)).toEqual(['ed25519']);
  });

  it('creates RSA key pairs with the SHA-1-of-PKCS#8 fingerprint and ED25519 ones with the SHA-256 form', async () => {
    const rsa = await ec2.send(new CreateKeyPairCommand({ KeyName: 'created-rsa' }));
    expect(rsa.KeyMaterial).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const rsaPath = join(dir.path, 'created-rsa.pem');
    writeFileSync(rsaPath, `${rsa.KeyMaterial}\n`, { mode: 0o600 });
    const pkcs8 = opensslBytes(['pkcs8', '-topk8', '-nocrypt', '-in', rsaPath, '-outform', 'DER']);
    expect(rsa.KeyFingerprint).toBe(opensslDigest(run('openssl', ['sha1', '-c'], pkcs8)));

    const ed = await ec2.send(
      new CreateKeyPairCommand({ KeyName: 'created-ed', KeyType: 'ed25519' }),
    );
    expect(ed.KeyMaterial).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const edPath = join(dir.path, 'created-ed');
    writeFileSync(edPath, `${ed.KeyMaterial}\n`, { mode: 0o600 });
    writeFileSync(`${edPath}.pub`, run('ssh-keygen', ['-y', '-f', edPath]));
    const sshFingerprint = sha256Of(`${edPath}.pub`);
    expect(ed.KeyFingerprint).toBe(`${sshFingerprint}=`);
  });

  it('answers EC2 errors by name: NotFound, Duplicate, bad key material', async () => {
    const { publicLine } = sshKeygen('ed25519', 'dup');
    await ec2.send(
      new ImportKeyPairCommand({ KeyName: 'dup', PublicKeyMaterial: Buffer.from(publicLine) }),
    );
    await expect(
      ec2.send(
        new ImportKeyPairCommand({ KeyName: 'dup', PublicKeyMaterial: Buffer.from(publicLine) }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyPair.Duplicate',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['dup', 'missing'] })),
    ).rejects.toMatchObject({
      name: 'InvalidKeyPair.NotFound',
      message: "The key pair 'missing' does not exist",
    });
    await expect(
      ec2.send(
        new ImportKeyPairCommand({
          KeyName: 'junk',
          PublicKeyMaterial: Buffer.from('ssh-rsa not-a-key'),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKey.Format',
    });
  });

  it('filters key pairs by name wildcards and tags, and deletes idempotently by name', async () => {
    for (const name of ['app-1', 'app-2', 'db-1']) {
      const { publicLine } = sshKeygen('ed25519', name);
      await ec2.send(
        new ImportKeyPairCommand({
          KeyName: name,
          PublicKeyMaterial: Buffer.from(publicLine),
          TagSpecifications: [
            { ResourceType: 'key-pair', Tags: [{ Key: 'tier', Value: name.split('-')[0] }] },
          ],
        }),
      );
    }
    const apps = await ec2.send(
      new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: ['app-*'] }] }),
    );
    expect(apps.KeyPairs?.map((p) => p.KeyName).sort()).toEqual(['app-1', 'app-2']);
    const db = await ec2.send(
      new DescribeKeyPairsCommand({ Filters: [{ Name: 'tag:tier', Values: ['db'] }] }),
    );
    expect(db.KeyPairs?.map((p) => p.KeyName)).toEqual(['db-1']);
    await expect(
      ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });

    const deleted = await ec2.send(new DeleteKeyPairCommand({ KeyName: 'app-1' }));
    expect(deleted.Return).toBe(true);
    expect((await ec2.send(new DeleteKeyPairCommand({ KeyName: 'app-1' }))).Return).toBe(true);
    await expect(
      ec2.send(new DeleteKeyPairCommand({ KeyPairId: 'key-0123456789abcdef0' })),
    ).rejects.toMatchObject({ name: 'InvalidKeyPair.NotFound' });
    const left = await ec2.send(new DescribeKeyPairsCommand({}));
    expect(left.KeyPairs?.map((p) => p.KeyName).sort()).toEqual(['app-2', 'db-1']);
  });
});

/** `ssh-keygen -l -E sha256` without the `SHA256:` prefix (unpadded base64). */
const sha256Of = (publicPath: string): string =>
  must(run('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicPath]).split(' ')[1]).replace(
    /^SHA256:/,
    '',
  );

/** openssl's binary output (DER), undecoded. */
const opensslBytes = (args: string[]): Buffer =>
  execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

describe('instances', () => {
  it('paginates 1,200 instances: the SDK paginator must follow NextToken', async () => {
    aws.state.addInstances(1200, (i) => ({
      keyName: i % 2 ? 'odd' : 'even',
      tags: { Name: `web-${i}`, Role: i < 100 ? 'db' : 'web' },
    }));
    const seen: Instance[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 500 }, {})) {
      pages += 1;
      for (const reservation of page.Reservations ?? [])
        seen.push(...(reservation.Instances ?? []));
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(1200);
    expect(new Set(seen.map((i) => i.InstanceId)).size).toBe(1200);
    expect(aws.log.count('DescribeInstances')).toBe(3);

    const unpaginated = await ec2.send(new DescribeInstancesCommand({}));
    const firstPage = (unpaginated.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(firstPage).toHaveLength(1000);
    expect(unpaginated.NextToken).toBeTruthy();

    let odd = 0;
    for await (const page of paginateDescribeInstances(
      { client: ec2 },
      { Filters: [{ Name: 'key-name', Values: ['odd'] }], MaxResults: 1000 },
    )) {
      for (const reservation of page.Reservations ?? []) odd += reservation.Instances?.length ?? 0;
    }
    expect(odd).toBe(600);
  });

  it('filters by key name, tags, state and platform and returns the instance fields', async () => {
    const web = aws.state.addInstance({ keyName: 'deploy', tags: { Name: 'web', Rotate: 'yes' } });
    const stopped = aws.state.addInstance({ keyName: 'deploy', state: 'stopped' });
    const windows = aws.state.addInstance({
      keyName: 'other',
      platform: 'windows',
      tags: { Rotate: 'yes' },
    });
    aws.state.addInstance({ keyName: null });
    const ids = async (filters: { Name: string; Values: string[] }[]): Promise<string[]> => {
      const response = await ec2.send(
        new DescribeInstancesCommand({ Filters: filters, MaxResults: 5 }),
      );
      return (response.Reservations ?? [])
        .flatMap((r) => r.Instances ?? [])
        .map((i) => must(i.InstanceId))
        .sort();
    };
    expect(await ids([{ Name: 'key-name', Values: ['deploy'] }])).toEqual(
      [web.instanceId, stopped.instanceId].sort(),
    );
    expect(
      await ids([
        { Name: 'key-name', Values: ['deploy'] },
        { Name: 'instance-state-name', Values: ['running'] },
      ]),
    ).toEqual([web.instanceId]);
    expect(await ids([{ Name: 'tag:Rotate', Values: ['yes'] }])).toEqual(
      [web.instanceId, windows.instanceId].sort(),
    );
    expect(await ids([{ Name: 'tag-key', Values: ['Name'] }])).toEqual([web.instanceId]);
    expect(await ids([{ Name: 'platform', Values: ['windows'] }])).toEqual([windows.instanceId]);

    const described = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [windows.instanceId, web.instanceId] }),
    );
    const byId = new Map(
      (described.Reservations ?? [])
        .flatMap((r) => r.Instances ?? [])
        .map((i) => [i.InstanceId, i]),
    );
    expect(byId.get(web.instanceId)).toMatchObject({
      KeyName: 'deploy',
      State: { Code: 16, Name: 'running' },
      PlatformDetails: 'Linux/UNIX',
      Tags: expect.arrayContaining([{ Key: 'Name', Value: 'web' }]),
      PrivateIpAddress: expect.stringMatching(/^10\./),
    });
    expect(byId.get(web.instanceId)?.LaunchTime).toBeInstanceOf(Date);
    expect(byId.get(windows.instanceId)).toMatchObject({
      Platform: 'windows',
      PlatformDetails: 'Windows',
    });
  });

  it('rejects what EC2 rejects: unknown ids, MaxResults with ids, bad filters and page tokens', async () => {
    const instance = aws.state.addInstance();
    await expect(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })),
    ).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
    await expect(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-1'] })),
    ).rejects.toMatchObject({ name: 'InvalidInstanceID.Malformed' });
    await expect(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance.instanceId], MaxResults: 5 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });
    await expect(ec2.send(new DescribeInstancesCommand({ MaxResults: 3 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(
      ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'keyname', Values: ['x'] }] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(
      ec2.send(new DescribeInstancesCommand({ NextToken: 'garbage' })),
    ).rejects.toMatchObject({ name: 'InvalidPaginationToken' });
  });

  it('tags instances and key pairs and describes the tags', async () => {
    const instance = aws.state.addInstance();
    await ec2.send(
      new CreateTagsCommand({
        Resources: [instance.instanceId],
        Tags: [{ Key: 'Rotate', Value: 'yes' }],
      }),
    );
    expect(aws.state.instance(instance.instanceId)?.tags).toEqual({ Rotate: 'yes' });
    const tags = await ec2.send(
      new DescribeTagsCommand({
        Filters: [{ Name: 'resource-id', Values: [instance.instanceId] }],
      }),
    );
    expect(tags.Tags).toEqual([
      { ResourceId: instance.instanceId, ResourceType: 'instance', Key: 'Rotate', Value: 'yes' },
    ]);
    await expect(
      ec2.send(
        new CreateTagsCommand({
          Resources: ['i-0123456789abcdef0'],
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
  });
});

describe('wire protocol', () => {
  it('speaks EC2 XML: namespaced <OpResponse> with requestId, <Response><Errors> errors', async () => {
    const handler = new CapturingHandler();
    const client = new EC2Client({
      ...aws.clientConfig('ec2'),
      maxAttempts: 1,
      requestHandler: handler,
    });
    await client.send(new DescribeKeyPairsCommand({}));
    expect(handler.last?.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeKeyPairsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId><keySet><\/keySet><\/DescribeKeyPairsResponse>$/,
    );
    await expect(
      client.send(new DescribeKeyPairsCommand({ KeyNames: ['nope'] })),
    ).rejects.toThrow();
    expect(handler.last?.status).toBe(400);
    expect(handler.last?.body).toMatch(
      /<Response><Errors><Error><Code>InvalidKeyPair.NotFound<\/Code><Message>The key pair &apos;nope&apos; does not exist<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
    client.destroy();
  });

  it('validates requests against the EC2 model: unknown parameters, missing required members, unknown actions', async () => {
    const client = new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 1 });
    tamperBody(client, (body) => `${body}&Bogus=1`);
    await expect(client.send(new DescribeKeyPairsCommand({}))).rejects.toMatchObject({
      name: 'UnknownParameter',
      message: 'The parameter Bogus is not recognized',
    });
    client.destroy();

    const missing = new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 1 });
    tamperBody(missing, (body) => body.replace(/&KeyName=[^&]*/, ''));
    await expect(missing.send(new CreateKeyPairCommand({ KeyName: 'x' }))).rejects.toMatchObject({
      name: 'MissingParameter',
      message: 'The request must contain the parameter KeyName',
    });
    missing.destroy();

    const renamed = new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 1 });
    tamperBody(renamed, (body) =>
      body.replace('Action=DescribeKeyPairs', 'Action=DescribeKeyPears'),
    );
    await expect(renamed.send(new DescribeKeyPairsCommand({}))).rejects.toMatchObject({
      name: 'InvalidAction',
    });
    renamed.destroy();
  });

  it('requires a SigV4 signature made with an issued secret', async () => {
    const response = await fetch(aws.endpoints.ec2, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeKeyPairs&Version=2016-11-15',
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('<Code>AuthFailure</Code>');

    const wrongSecret = new EC2Client({
      ...aws.clientConfig('ec2'),
      maxAttempts: 1,
      credentials: { accessKeyId: aws.credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    await expect(wrongSecret.send(new DescribeKeyPairsCommand({}))).rejects.toMatchObject({
      name: 'AuthFailure',
    });
    wrongSecret.destroy();
  });

  it('is reached through AWS_ENDPOINT_URL_EC2 by a client configured with nothing but the environment', async () => {
    const restore = applyEnv(emulatorEnv(aws, { region: 'eu-west-1' }));
    try {
      aws.state.addInstance({ region: 'eu-west-1', keyName: 'irish' });
      const client = new EC2Client({});
      const response = await client.send(new DescribeInstancesCommand({}));
      expect(response.Reservations?.[0]?.Instances?.[0]?.KeyName).toBe('irish');
      expect(aws.log.calls('DescribeInstances').at(-1)?.region).toBe('eu-west-1');
      client.destroy();
    } finally {
      restore();
      aws.state.regions.delete('eu-west-1');
    }
  });
});
