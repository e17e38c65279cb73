/**
 * The engine's front half against the local AWS: GitHub OIDC credentials,
 * which key pairs a request selects (leak, names, age, regions), and the
 * plan that changes nothing. One real host proves the scheduled rotation.
 */
import { EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsSetupError } from '../../src/aws/errors.js';
import { runRotation, type EngineConfig } from '../../src/aws/engine.js';
import { resolveCredentials, type WebIdentitySource } from '../../src/aws/credentials.js';
import { TAG_ROTATED_AT } from '../../src/aws/tags.js';
import { rotationText } from '../../src/report/rotation.js';
import {
  expectRotated,
  firstRotation,
  must,
  newKeyOf,
  startFleet,
  type Fleet,
} from '../helpers/fleet.js';
import { debianHost, hostSupport } from '../helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping engine tests: ${unsupported}`);

const DAY = 86_400_000;

describe.skipIf(unsupported !== null)('the engine against local AWS', () => {
  let fleet: Fleet;
  /** The emulator's clock: key pairs imported while it is set in the past are old. */
  let offsetMs = 0;

  async function importPair(
    name: string,
    region: string,
    tags: Record<string, string>,
    ageDays: number,
  ): Promise<void> {
    const keyLine = (await fleet.keys.make(name)).publicKeyLine;
    const ec2 = new EC2Client(fleet.aws.clientConfig('ec2', region));
    offsetMs = -ageDays * DAY;
    await ec2.send(
      new ImportKeyPairCommand({
        KeyName: name,
        PublicKeyMaterial: Buffer.from(keyLine),
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
    offsetMs = 0;
    ec2.destroy();
  }

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) => [debianHost(leaked.publicKeyLine)],
      emulator: { now: () => new Date(Date.now() + offsetMs) },
    });
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  beforeEach(async () => {
    await fleet.reset();
  });

  describe('credentials by GitHub OIDC federation', () => {
    const masked: string[] = [];
    const source = (overrides: Partial<WebIdentitySource> = {}): WebIdentitySource => ({
      kind: 'web-identity',
      roleArn: fleet.aws.oidc.roleArn,
      sessionName: 'ec2-key-rotate',
      durationSeconds: 900,
      audience: 'sts.amazonaws.com',
      region: fleet.aws.region,
      getToken: async (audience) => fleet.aws.oidc.mintToken({ audience }),
      mask: (secret) => masked.push(secret),
      ...overrides,
    });

    it('assumes the role with the OIDC token and signs every AWS call with the session, masking it', async () => {
      const result = await runRotation(
        { kind: 'findings', findings: [fleet.finding] },
        fleet.config({ dryRun: true, credentials: source() }),
      );
      expect(result.errors).toEqual([]);
      const session = must(fleet.aws.state.sessions.at(-1), 'a session');
      expect(session.roleArn).toBe(fleet.aws.oidc.roleArn);
      const described = fleet.aws.log.calls('DescribeKeyPairs');
      expect(described.length).toBeGreaterThan(0);
      for (const call of described) expect(call.accessKeyId).toMatch(/^ASIA/);
      // The token, the key id, the secret and the session token are all masked.
      expect(masked.length).toBeGreaterThanOrEqual(4);
      expect(masked.some((value) => value.split('.').length === 3)).toBe(true);
    });

    it('retries STS throttling and 5xx', async () => {
      fleet.aws.faults.throttle('sts', 'AssumeRoleWithWebIdentity', 1);
      fleet.aws.faults.inject({
        service: 'sts',
        operation: 'AssumeRoleWithWebIdentity',
        error: 'internal',
      });
      const credentials = await resolveCredentials(source());
      expect(credentials?.accessKeyId).toMatch(/^ASIA/);
      expect(fleet.aws.log.count('AssumeRoleWithWebIdentity')).toBe(3);
    });

    it.each([
      [
        'no id-token permission',
        {
          getToken: async () =>
            Promise.reject(new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')),
        },
        /cannot get a GitHub OIDC token.*permissions: id-token: write/,
      ],
      [
        'a trust policy that rejects the sub claim',
        {
          getToken: async (audience: string) =>
            fleet.aws.oidc.mintToken({ audience, subject: 'repo:evil/fork:ref:refs/heads/main' }),
        },
        /trust policy must allow .*sub condition matching "repo:evil\/fork:ref:refs\/heads\/main"/,
      ],
      [
        'an expired token',
        {
          getToken: async (audience: string) =>
            fleet.aws.oidc.mintToken({ audience, expiresInSeconds: -60 }),
        },
        /expired/,
      ],
      [
        'a token for another audience',
        { getToken: async () => fleet.aws.oidc.mintToken({ audience: 'https://github.com/acme' }) },
        /STS rejected the GitHub OIDC token \(Incorrect token audience\).*audience "sts.amazonaws.com"/,
      ],
    ])('explains %s instead of a stack trace', async (_, overrides, message) => {
      const error = await resolveCredentials(source(overrides)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AwsSetupError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/\n\s+at /);
    });
  });

  it('plan (dry run) lists pair and instances and changes nothing', async () => {
    const result = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ dryRun: true }),
    );
    const rotation = firstRotation(result);
    expect(rotation.dryRun).toBe(true);
    expect(rotation.hosts.map((host) => host.outcome)).toEqual(['planned']);
    expect(rotation.newKey).toBeNull();
    for (const operation of [
      'PutParameter',
      'SendCommand',
      'ImportKeyPair',
      'DeleteKeyPair',
      'CreateTags',
    ]) {
      expect(fleet.aws.log.count(operation), operation).toBe(0);
    }
    expect(rotationText(result)).toMatch(
      /^Plan for key pair prod \(us-east-1\), matched by public key/m,
    );
    expect(
      await must(fleet.hosts[0], 'host').host.sshLogin('admin', fleet.leaked.privateKeyPath),
    ).toBe(true);
  });

  it('names the key pairs it cannot find, and reports a leaked key that opens no pair', async () => {
    const named = await runRotation(
      { kind: 'key-pairs', names: ['prod', 'missing'] },
      fleet.config({ dryRun: true }),
    );
    expect(named.rotations.map((rotation) => rotation.keyName)).toEqual(['prod']);
    expect(named.errors).toEqual([
      { scope: 'key-pair', keyName: 'missing', region: 'us-east-1', message: 'no such key pair' },
    ]);

    fleet.aws.state.region().keyPairs.clear();
    const unmatched = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ dryRun: true }),
    );
    expect(unmatched.rotations).toEqual([]);
    expect(unmatched.unmatched).toEqual([
      { id: fleet.finding.id, reason: 'no EC2 key pair in us-east-1 matches' },
    ]);
    const encrypted = {
      ...fleet.finding,
      fingerprint: null,
      note: 'encrypted PEM: no fingerprint',
    };
    const cannot = await runRotation(
      { kind: 'findings', findings: [encrypted] },
      fleet.config({ dryRun: true }),
    );
    expect(cannot.unmatched[0]?.reason).toBe('encrypted PEM: no fingerprint');
  });

  it('searches every configured region', async () => {
    const ec2 = new EC2Client(fleet.aws.clientConfig('ec2', 'eu-west-1'));
    await ec2.send(
      new ImportKeyPairCommand({
        KeyName: 'prod-eu',
        PublicKeyMaterial: Buffer.from(fleet.leaked.publicKeyLine),
      }),
    );
    ec2.destroy();
    const result = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ dryRun: true, regions: ['us-east-1', 'eu-west-1'] }),
    );
    expect(
      result.rotations.map((rotation) => `${rotation.region}/${rotation.keyName}`).sort(),
    ).toEqual(['eu-west-1/prod-eu', 'us-east-1/prod']);
    for (const call of fleet.aws.log.calls('DescribeKeyPairs'))
      expect(['us-east-1', 'eu-west-1']).toContain(call.region);
  });

  it('scheduled: rotates tagged key pairs older than max-key-age, and then not again', async () => {
    const ec2 = new EC2Client(fleet.aws.clientConfig('ec2'));
    fleet.aws.state.region().keyPairs.clear();
    offsetMs = -120 * DAY;
    await ec2.send(
      new ImportKeyPairCommand({
        KeyName: 'prod',
        PublicKeyMaterial: Buffer.from(fleet.leaked.publicKeyLine),
        TagSpecifications: [
          { ResourceType: 'key-pair', Tags: [{ Key: 'ec2-key-rotate', Value: 'enabled' }] },
        ],
      }),
    );
    offsetMs = 0;
    ec2.destroy();
    await importPair('young', 'us-east-1', { 'ec2-key-rotate': 'enabled' }, 10);
    await importPair('untagged-old', 'us-east-1', {}, 400);
    const config: EngineConfig = fleet.config();
    const result = await runRotation({ kind: 'scheduled', maxKeyAgeDays: 90 }, config);
    expect(result.errors).toEqual([]);
    expect(result.rotations.map((rotation) => rotation.keyName)).toEqual(['prod']);
    expect(firstRotation(result).matchedBy).toBe('older than 90 days');
    const host = must(fleet.hosts[0], 'host');
    await expectRotated(host, fleet.custodyKeyFile(newKeyOf(result).parameterName), fleet.leaked);
    const pair = [...fleet.aws.state.region().keyPairs.values()].find(
      (candidate) => candidate.keyName === 'prod',
    );
    expect(
      Date.now() - Date.parse(must(pair?.tags[TAG_ROTATED_AT], 'rotated-at tag')),
    ).toBeLessThan(60_000);
    expect(pair?.tags['ec2-key-rotate']).toBe('enabled');

    const next = await runRotation({ kind: 'scheduled', maxKeyAgeDays: 90 }, fleet.config());
    expect(next.rotations).toEqual([]);
  });
});
