/**
 * The one validator of rotation settings (src/validate.ts), the key pair
 * name encoding it relies on (src/aws/parameters.ts), and the timeouts every
 * AWS client carries (src/aws/clients.ts). The CLI and the action are tested
 * from outside in test/cli-rotate.test.ts and test/action*.test.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { partition } from '@aws-sdk/core/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsTimeoutError, HTTP_TIMEOUTS, nameTimeouts } from '../src/aws/clients.js';
import { buildHostScript } from '../src/aws/host/host-script.js';
import {
  keyNameFromSegment,
  keyNameSegment,
  parameterNames,
  PARAMETER_PATH_DEPTH_MAX,
  PARAMETER_PATH_MAX,
} from '../src/aws/parameters.js';
import { ConfigError, readConfig } from '../src/config.js';
import { toJson } from '../src/report/json.js';
import { scan } from '../src/scan/scan.js';
import {
  keyPairName,
  maxKeyAge,
  parameterPath,
  parseScanReport,
  region,
  userName,
  validateRotationInputs,
  type RawRotationInputs,
} from '../src/validate.js';
import { createKeyring, type Keyring } from './helpers/host-keys.js';

/** Every region of every partition in the SDK's partitions.json (aws-sdk-js-v3, 2026). */
const REAL_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'me-west-1',
  'mx-central-1',
  'sa-east-1',
  'sa-west-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'cn-north-1',
  'cn-northwest-1',
  'eusc-de-east-1',
  'us-iso-east-1',
  'us-iso-west-1',
  'us-isob-east-1',
  'us-isob-west-1',
  'eu-isoe-west-1',
  'us-isof-east-1',
  'us-isof-south-1',
  'us-gov-east-1',
  'us-gov-west-1',
];

const expectRefused = (run: () => unknown, message: RegExp): void => {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a ConfigError matching ${message}`).toBeInstanceOf(ConfigError);
  const text = (thrown as Error).message;
  expect(text).toMatch(message);
  expect(text.split('\n')).toHaveLength(1);
};

describe('regions', () => {
  it.each(REAL_REGIONS)('%s (a region the SDK knows) is accepted', (name) => {
    // The SDK resolves it to its own partition, not to the aws fallback by accident.
    expect(partition(name).name).toBeTruthy();
    expect(region(name, '--region')).toBe(name);
  });

  it('the SDK assigns the sovereign and isolated regions to their own partitions', () => {
    expect(partition('eusc-de-east-1').name).toBe('aws-eusc');
    expect(partition('us-isof-south-1').name).toBe('aws-iso-f');
    expect(partition('eu-isoe-west-1').name).toBe('aws-iso-e');
  });

  it.each([
    'us-east',
    'US-EAST-1',
    'us-east-1a',
    'useast1',
    'us_east_1',
    'eusc-east-1',
    'eusc-de-east',
    'aws-global',
    'us-east-1;id',
    'us-gov-west-123',
    '',
  ])('%j is refused with a one-line reason', (name) => {
    expectRefused(() => region(name, '--region'), /^--region: ".*" is not an AWS region name/);
  });
});

describe('user names: the host script rule, checked up front', () => {
  const accepted = ['root', 'ec2-user', '_svc', 'deploy.bot', 'machine$', 'a'.repeat(32)];
  const refused = ['root; rm -rf /', '', '-x', '1abc', 'a b', 'a'.repeat(33), 'ünï', '$'];

  it.each(accepted)('%j is accepted, as the host script accepts it', (name) => {
    expect(userName(name, '--user')).toBe(name);
    expect(() =>
      buildHostScript({
        phase: 'probe',
        oldKeyBlobs: ['AAAA'],
        newKeyLine: null,
        extraUsers: [name],
      }),
    ).not.toThrow();
  });

  it.each(refused.filter(Boolean))('%j is refused, as the host script refuses it', (name) => {
    expectRefused(() => userName(name, '--user'), /is not a user name/);
    expect(() =>
      buildHostScript({
        phase: 'probe',
        oldKeyBlobs: ['AAAA'],
        newKeyLine: null,
        extraUsers: [name],
      }),
    ).toThrow(/not a valid user name/);
  });
});

describe('parameter path', () => {
  it.each([
    ['/ec2-key-rotate', '/ec2-key-rotate'],
    ['/team/keys/', '/team/keys'],
    ['  /a.b_c-D  ', '/a.b_c-D'],
    [`/${'a'.repeat(PARAMETER_PATH_MAX - 1)}`, `/${'a'.repeat(PARAMETER_PATH_MAX - 1)}`],
    ['/x'.repeat(PARAMETER_PATH_DEPTH_MAX), '/x'.repeat(PARAMETER_PATH_DEPTH_MAX)],
  ])('%j is accepted as %j', (raw, expected) => {
    expect(parameterPath(raw, '--parameter-path')).toBe(expected);
  });

  it.each([
    ['ec2-key-rotate', /it does not start with \//],
    ['', /it does not start with \//],
    ['/', /names no level below/],
    ['//x', /empty level/],
    ['/a//b', /empty level/],
    ['/a b', /has a level "a b" with other characters/],
    ['/keys@prod', /with other characters than/],
    ['/aws', /it starts with aws or ssm/],
    ['/AWSkeys/x', /it starts with aws or ssm/],
    ['/ssm-keys', /it starts with aws or ssm/],
    ['/x/../y', /a \. or \.\. level/],
    [`/${'a'.repeat(PARAMETER_PATH_MAX)}`, /longer than 164 characters/],
    ['/x'.repeat(PARAMETER_PATH_DEPTH_MAX + 1), /deeper than 13 levels/],
  ])('%j is refused (%s)', (raw, message) => {
    expectRefused(() => parameterPath(raw, '--parameter-path'), message);
  });
});

describe('max key age: a positive decimal integer', () => {
  it.each([
    ['1', 1],
    ['90', 90],
    [' 30 ', 30],
    ['007', 7],
  ])('%j is %d days', (raw, days) => {
    expect(maxKeyAge(raw, '--max-key-age')).toBe(days);
  });

  it.each(['0x10', '1e3', '0', '-1', '', ' ', '1.5', '+5', 'Infinity', '36501', '10 days'])(
    '%j is refused',
    (raw) => {
      expectRefused(
        () => maxKeyAge(raw, '--max-key-age'),
        /^--max-key-age must be a whole number of days, got ".*"$/,
      );
    },
  );
});

describe('key pair names', () => {
  it('accepts any printable ASCII up to 255 characters, refuses the rest', () => {
    for (const name of ['prod', 'ops team', 'alice@laptop', 'a/b,c', '~', 'x'.repeat(255)])
      expect(keyPairName(name, '--key-pair')).toBe(name);
    expectRefused(() => keyPairName('', '--key-pair'), /^--key-pair must not be empty$/);
    expectRefused(() => keyPairName('x'.repeat(256), '--key-pair'), /not an EC2 key pair name/);
    expectRefused(() => keyPairName('tab\there', '--key-pair'), /"tab\\there" is not an EC2/);
    expectRefused(() => keyPairName('clé', '--key-pair'), /not an EC2 key pair name/);
  });
});

describe('key pair names in parameter names: an injective encoding', () => {
  it.each(['prod', 'my-key.1', 'deploy_2024', 'Web.Server-01', 'a_20b', 'x.2E', '-'])(
    'the ordinary name %j is its own segment',
    (name) => {
      expect(keyNameSegment(name)).toBe(name);
      expect(parameterNames('/ec2-key-rotate', name).state).toBe(`/ec2-key-rotate/${name}/state`);
    },
  );

  it.each([
    ['ops team', '_.ops_20team'],
    ['alice@laptop', '_.alice_40laptop'],
    ['a_b c', '_.a_5Fb_20c'],
    ['a/b', '_.a_2Fb'],
    ['.', '_..'],
    ['..', '_...'],
    ['leaks', '_.leaks'],
    ['_.x', '_._5F.x'],
  ])('%j is written %j', (name, segment) => {
    expect(keyNameSegment(name)).toBe(segment);
    expect(keyNameFromSegment(segment)).toBe(name);
  });

  it('adversarial names that look alike get different segments', () => {
    const names = [
      'a b',
      'a_b',
      'a%20b',
      'a_20b',
      '_.a_20b',
      '_.a b',
      'a__b',
      'a+b',
      'a-b',
      'a.b',
      'a  b',
      'a_ b',
      '_.',
      '_',
      '__',
      '_._',
      'A B',
      'a b ',
      ' a b',
      'leaks',
      '_.leaks',
    ];
    const segments = names.map(keyNameSegment);
    expect(new Set(segments).size).toBe(names.length);
    for (const [index, segment] of segments.entries())
      expect(keyNameFromSegment(segment)).toBe(names[index]);
  });

  it('every printable ASCII name maps to a valid segment and back (seeded random names)', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));
    // A small alphabet makes near collisions (escape-like runs) frequent.
    const tricky = ['_', '.', ' ', '2', '0', 'F', '5', 'a'];
    const seen = new Map<string, string>();
    for (let round = 0; round < 20_000; round++) {
      const letters = round % 2 ? tricky : alphabet;
      const length = 1 + Math.floor(random() * (round % 10 === 0 ? 255 : 8));
      const name = Array.from(
        { length },
        () => letters[Math.floor(random() * letters.length)] as string,
      ).join('');
      const segment = keyNameSegment(name);
      expect(segment).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(keyNameFromSegment(segment)).toBe(name);
      const earlier = seen.get(segment);
      if (earlier !== undefined) expect(earlier).toBe(name);
      seen.set(segment, name);
    }
  });

  it('segments no name encodes to are not decoded', () => {
    for (const segment of ['_.abc', '_.a_2', '_.a_zz', '_.a_2fb', '_.a@b', 'a b', '_.a_41'])
      expect(keyNameFromSegment(segment)).toBeNull();
  });

  it('the longest name under the longest path, in the longest ARN, is within 1011 characters', () => {
    const path = `/${'p'.repeat(PARAMETER_PATH_MAX - 1)}`;
    const names = parameterNames(path, '@'.repeat(255));
    const arn = 'arn:aws-us-gov:ssm:us-isof-south-1:123456789012:parameter';
    for (const name of Object.values(names)) {
      expect(name).toMatch(/^\/[A-Za-z0-9_.\-/]+$/);
      expect(arn.length + name.length).toBeLessThanOrEqual(1011);
      expect(name.split('/').length - 1).toBeLessThanOrEqual(15);
    }
    expect(arn.length + names.privateKey.length).toBeGreaterThan(1011 - 30);
  });
});

const RAW: RawRotationInputs = {
  regions: ['us-east-1'],
  keyPairs: [],
  maxKeyAge: null,
  users: [],
  parameterPath: null,
  targetTag: '',
  kmsKeyId: '',
  keyType: '',
  newKeyPairName: null,
  ssmDocument: '',
};

describe('validateRotationInputs: one validator, named for each front door', () => {
  it('fills defaults and collapses duplicates', () => {
    const settings = validateRotationInputs(
      {
        ...RAW,
        regions: ['us-east-1', 'eusc-de-east-1', 'us-east-1'],
        keyPairs: ['prod', 'ops team', 'prod'],
        users: ['deploy', 'deploy', 'ops'],
      },
      'cli',
    );
    expect(settings).toEqual({
      regions: ['us-east-1', 'eusc-de-east-1'],
      keyPairs: ['prod', 'ops team'],
      maxKeyAge: null,
      users: ['deploy', 'ops'],
      parameterPath: '/ec2-key-rotate',
      targetTag: null,
      kmsKeyId: null,
      keyType: 'ed25519',
      newKeyPairName: null,
      ssmDocument: 'ec2-key-rotate',
      offlineRecovery: null,
    });
  });

  it.each([
    [{ users: ['root;'] }, /^input users: "root;" is not a user name/, /^--user: "root;"/],
    [{ keyPairs: [''] }, /^input key-pairs must not be empty$/, /^--key-pair must not be empty$/],
    [
      { users: Array.from({ length: 65 }, (_, index) => `u${index}`) },
      /^input users: at most 64 users, got 65$/,
      /^--user: at most 64 users, got 65$/,
    ],
    [{ maxKeyAge: '0x10' }, /^input max-key-age must be/, /^--max-key-age must be/],
    [{ regions: ['mars-1'] }, /^input aws-regions: "mars-1"/, /^--region: "mars-1"/],
    [{ parameterPath: '/a b' }, /^input parameter-path /, /^--parameter-path /],
    [{ targetTag: 'novalue' }, /^input target-tag must look like/, /^--target-tag must look like/],
    [{ kmsKeyId: 'my key' }, /^input kms-key-id must be a KMS key/, /^--kms-key-id must be/],
    [{ keyType: 'dsa' }, /^input key-type must be one of ed25519, rsa/, /^--key-type must/],
    [{ newKeyPairName: '' }, /^input new-key-pair-name must not/, /^--new-key-pair-name must/],
    [
      { ssmDocument: 'AWS-RunPowerShellScript' },
      /^input ssm-document must be one of ec2-key-rotate, AWS-RunShellScript/,
      /^--ssm-document must be one of/,
    ],
  ])('%j is refused, named as the input or the flag', (change, action, cli) => {
    expectRefused(() => validateRotationInputs({ ...RAW, ...change }, 'action'), action);
    expectRefused(() => validateRotationInputs({ ...RAW, ...change }, 'cli'), cli);
  });

  it('accepts KMS key ids, key ARNs, aliases and alias ARNs', () => {
    for (const id of [
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      'alias/ec2-key-rotate',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/keys',
    ])
      expect(validateRotationInputs({ ...RAW, kmsKeyId: id }, 'cli').kmsKeyId).toBe(id);
  });
});

describe('the action inputs go through the same validator', () => {
  const inputs =
    (values: Record<string, string>) =>
    (name: string): string =>
      values[name] ?? '';

  it('key-pairs one per line keeps names with spaces; ssm-document maps through', () => {
    const config = readConfig(
      inputs({
        mode: 'rotate',
        'aws-regions': 'us-east-1, eusc-de-east-1',
        'key-pairs': 'ops team\nalice@laptop\n\nprod\n',
        'ssm-document': 'AWS-RunShellScript',
      }),
      'workflow_dispatch',
    );
    expect(config.aws.keyPairs).toEqual(['ops team', 'alice@laptop', 'prod']);
    expect(config.aws.regions).toEqual(['us-east-1', 'eusc-de-east-1']);
    expect(config.aws.ssmDocument).toBe('AWS-RunShellScript');
    expect(readConfig(inputs({ 'key-pairs': 'a, b c' }), 'push').aws.keyPairs).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(readConfig(inputs({}), 'push').aws.ssmDocument).toBe('ec2-key-rotate');
  });

  it.each([
    [{ users: 'root; rm -rf /' }, /^input users: "root;" is not a user name/],
    [{ 'max-key-age': '1e3' }, /^input max-key-age must be a whole number of days, got "1e3"$/],
    [
      { 'parameter-path': '/ssm/keys' },
      /^input parameter-path must be a Parameter Store path .*: it starts with aws or ssm/,
    ],
    [{ 'role-session-name': 'a b' }, /^input role-session-name must be/],
  ])('%j fails with one line', (values, message) => {
    expectRefused(() => readConfig(inputs(values), 'push'), message);
  });
});

describe('--from-scan: the scan report checked against its shape', () => {
  let keys: Keyring;
  let report: string;
  let otherKey: string;

  beforeAll(async () => {
    keys = createKeyring();
    const [leaked, other] = await Promise.all([keys.make('leaked'), keys.make('other')]);
    const dir = join(keys.dir, 'repo');
    mkdirSync(dir);
    writeFileSync(join(dir, 'id_ed25519'), readFileSync(leaked.privateKeyPath));
    report = toJson(await scan({ path: dir, source: { kind: 'tree' }, ignore: [] }));
    otherKey = other.publicKeyLine;
  });

  afterAll(() => keys?.cleanup());

  const edited = (change: (finding: Record<string, unknown>) => void): string => {
    const parsed = JSON.parse(report) as { findings: Record<string, unknown>[] };
    change(parsed.findings[0] as Record<string, unknown>);
    return JSON.stringify(parsed);
  };

  it('reads what `scan --format json` writes', () => {
    const findings = parseScanReport(report, 'scan.json');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.fingerprint).toMatch(/^SHA256:/);
    expect(findings[0]?.publicKey).toMatch(/^ssh-ed25519 /);
  });

  it.each([
    [
      'not json',
      () => '{',
      /^scan.json is not the JSON output of "scan --format json": invalid JSON at line 1, column 2 \(byte 1\): expected a property name in double quotes or }$/,
    ],
    ['no findings', () => '{"results": []}', /no findings array$/],
    [
      'a bad fingerprint',
      () => edited((finding) => (finding.fingerprint = 'SHA256:short')),
      /^scan.json is not a valid scan report: findings\[0\]\.fingerprint must be an OpenSSH SHA256 fingerprint or null, got a string of 12 characters$/,
    ],
    [
      'a missing field',
      () => edited((finding) => delete finding.ec2Fingerprints),
      /findings\[0\]\.ec2Fingerprints is missing$/,
    ],
    [
      'a public key that is not the fingerprinted key',
      () => edited((finding) => (finding.publicKey = otherKey)),
      /findings\[0\]\.fingerprint is not the fingerprint of its publicKey$/,
    ],
    [
      'a wrong md5',
      () => edited((finding) => (finding.md5 = '00:'.repeat(15) + '00')),
      /findings\[0\]\.md5 is not the fingerprint of its publicKey$/,
    ],
    [
      'a public key with a line break',
      () => edited((finding) => (finding.publicKey = `${otherKey}\nssh-ed25519 AAAA`)),
      /findings\[0\]\.publicKey must be an OpenSSH public key line or null/,
    ],
    [
      'locations that are not a list',
      () => edited((finding) => (finding.locations = 'here')),
      /findings\[0\]\.locations must be an array, got a string of 4 characters$/,
    ],
  ])('%s is refused, naming the first bad field', (_, text, message) => {
    expectRefused(() => parseScanReport(text(), 'scan.json'), message);
  });
});

describe('AWS calls time out, naming the endpoint, without retrying', () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts every connection, reads the request, never answers.
    server = createServer((socket) => {
      connections++;
      sockets.push(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a request timeout is one AwsTimeoutError naming service, endpoint and operation', async () => {
    const ec2 = new EC2Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 8,
      retryMode: 'adaptive',
      // The production settings, with a short request timeout to keep the test fast.
      requestHandler: { ...HTTP_TIMEOUTS, requestTimeout: 300, socketTimeout: 300 },
    });
    nameTimeouts(ec2.middlewareStack, 'EC2');
    const started = Date.now();
    const error = await ec2.send(new DescribeKeyPairsCommand({})).catch((caught) => caught);
    ec2.destroy();
    expect(error).toBeInstanceOf(AwsTimeoutError);
    expect((error as Error).message).toBe(
      `EC2 endpoint http://127.0.0.1:${port} did not answer DescribeKeyPairs within 0.3 s; check the network, the proxy and AWS_ENDPOINT_URL_EC2`,
    );
    // Not retried: one connection, well under two timeouts.
    expect(connections).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
