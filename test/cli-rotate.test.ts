/**
 * `plan` and `rotate` through the built CLI, as an operator runs them on a
 * laptop: the AWS SDK's default credential chain and endpoints from the
 * environment (here the local AWS), a scan JSON in, text or JSON out.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '../src/report/json.js';
import { scan } from '../src/scan/scan.js';
import { applyEnv, emulatorEnv, startAwsEmulator, type AwsEmulator } from './emulators/index.js';
import { runCli } from './helpers/gitrepo.js';
import { expectRotated, expectStillOld, must, startFleet, type Fleet } from './helpers/fleet.js';
import { createKeyring, type Keyring, type SshKey } from './helpers/host-keys.js';
import { debianHost, hostSupport, ubuntuHost } from './helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping CLI rotation tests: ${unsupported}`);

describe.skipIf(unsupported !== null)('ec2-key-rotate plan / rotate', () => {
  let fleet: Fleet;
  let scanFile: string;

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) => [debianHost(leaked.publicKeyLine), ubuntuHost(leaked.publicKeyLine)],
    });
    scanFile = join(fleet.keys.dir, 'scan.json');
    writeFileSync(scanFile, JSON.stringify({ findings: [fleet.finding], stats: {} }));
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  beforeEach(async () => {
    await fleet.reset();
  });

  it('plan --from-scan prints the pair and instances, changes nothing, exits 0', async () => {
    const run = await runCli(['plan', '--from-scan', scanFile, '--region', 'us-east-1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Plan for key pair prod \(us-east-1\), matched by public key$/m);
    expect(run.stdout).toMatch(/instances: 2, 2 will rotate/);
    expect(fleet.aws.log.count('SendCommand')).toBe(0);
    expect(fleet.aws.log.count('PutParameter')).toBe(0);
  });

  it('rotate --from-scan --format json rotates both hosts, imports under a new name on request, exits 0', async () => {
    const run = await runCli([
      'rotate',
      '--from-scan',
      scanFile,
      '--region',
      'us-east-1',
      '--new-key-pair-name',
      'prod-2026',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      rotations: {
        keyName: string;
        hosts: { outcome: string }[];
        published: { keyName: string; retired: string | null };
      }[];
    };
    const rotation = must(result.rotations[0], 'a rotation');
    expect(rotation.hosts.map((host) => host.outcome)).toEqual(['rotated', 'rotated']);
    expect(rotation.published.keyName).toBe('prod-2026');
    expect(rotation.published.retired).toMatch(/^key-/);
    const names = [...fleet.aws.state.region().keyPairs.values()].map((pair) => pair.keyName);
    expect(names).toEqual(['prod-2026']);
    const custody = fleet.custodyKeyFile('/ec2-key-rotate/prod/private-key');
    for (const entry of fleet.hosts) await expectRotated(entry, custody, fleet.leaked);
    const secret = readFileSync(custody, 'utf8').split('\n')[2] ?? '';
    expect(secret.length).toBeGreaterThan(20);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('rotate exits 1 when a host could not be reached, and names it', async () => {
    const [offline] = fleet.hosts;
    fleet.aws.state.setPingStatus(must(offline, 'host').instanceId, 'ConnectionLost');
    const run = await runCli(['rotate', '--key-pair', 'prod', '--region', 'us-east-1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/skipped: SSM agent offline \(ConnectionLost\)/);
    expect(run.stdout).toMatch(
      /way back: or --offline-recovery reset-access: the AWSSupport-ResetAccess automation/,
    );
    expect(run.stdout).toMatch(
      /way back: once Run Command reaches it again: ec2-key-rotate recover --instance ID --user USER --revoke-old/,
    );
    await expectStillOld(must(offline, 'host'), fleet.leaked);
  });

  it.each([
    [
      ['rotate', '--region', 'us-east-1'],
      /name exactly one of --key-pair NAME, --from-scan FILE or --max-key-age DAYS/,
    ],
    [
      ['rotate', '--key-pair', 'a', '--max-key-age', '9', '--region', 'us-east-1'],
      /name exactly one of/,
    ],
    [
      ['rotate', '--max-key-age', 'soon', '--region', 'us-east-1'],
      /--max-key-age must be a whole number of days, got "soon"/,
    ],
    [
      ['rotate', '--key-pair', 'prod', '--target-tag', 'novalue', '--region', 'us-east-1'],
      /--target-tag must look like Key=Value, got "novalue"/,
    ],
    [
      ['rotate', '--from-scan', '/nonexistent/scan.json', '--region', 'us-east-1'],
      /cannot read scan results from \/nonexistent\/scan.json/,
    ],
    [
      ['rotate', '--key-pair', 'prod', '--key-type', 'dsa', '--region', 'us-east-1'],
      /--key-type.*dsa.*invalid/i,
    ],
  ])('%j is refused with one line on stderr and exit 2', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(fleet.aws.log.count('SendCommand')).toBe(0);
  });

  it('a scan file that is not the scanner JSON is refused', async () => {
    const wrong = join(fleet.keys.dir, 'wrong.json');
    writeFileSync(wrong, '{"results": []}');
    const run = await runCli(['rotate', '--from-scan', wrong, '--region', 'us-east-1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not the JSON output of "scan --format json"/);
  });

  it('no region anywhere is an error, not a guess', async () => {
    const saved = { region: process.env.AWS_REGION, fallback: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      const run = await runCli(['plan', '--key-pair', 'prod']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no AWS region/);
    } finally {
      process.env.AWS_REGION = saved.region;
      process.env.AWS_DEFAULT_REGION = saved.fallback;
    }
  });
});

/**
 * Input checked before anything happens: against the local AWS alone (no
 * hosts), every refusal is exit 2 with one line on stderr and not a single
 * AWS request, so nothing can have been written.
 */
describe('plan / rotate refuse bad input before any AWS call', () => {
  let aws: AwsEmulator;
  let restoreEnv: () => void;
  let keys: Keyring;
  let leaked: SshKey;
  let other: SshKey;
  let report: string;

  const importPair = async (name: string, key: SshKey): Promise<void> => {
    const ec2 = new EC2Client(aws.clientConfig('ec2'));
    await ec2.send(
      new ImportKeyPairCommand({
        KeyName: name,
        PublicKeyMaterial: Buffer.from(key.publicKeyLine),
      }),
    );
    ec2.destroy();
  };

  /** The scan report of a repository holding the leaked key, edited by `change`. */
  const scanFile = (name: string, change: (finding: Record<string, unknown>) => void): string => {
    const parsed = JSON.parse(report) as { findings: Record<string, unknown>[] };
    change(must(parsed.findings[0], 'a finding'));
    const file = join(keys.dir, name);
    writeFileSync(file, JSON.stringify(parsed));
    return file;
  };

  beforeAll(async () => {
    aws = await startAwsEmulator();
    restoreEnv = applyEnv(emulatorEnv(aws, { oidc: false }));
    keys = createKeyring();
    [leaked, other] = await Promise.all([keys.make('leaked'), keys.make('other')]);
    await importPair('prod', leaked);
    const dir = join(keys.dir, 'repo');
    mkdirSync(dir);
    writeFileSync(join(dir, 'deploy.pem'), readFileSync(leaked.privateKeyPath));
    report = toJson(await scan({ path: dir, source: { kind: 'tree' }, ignore: [] }));
  });

  afterAll(async () => {
    restoreEnv?.();
    keys?.cleanup();
    await aws?.stop();
  });

  beforeEach(() => aws.log.clear());

  const base = ['--region', 'us-east-1'];
  it.each([
    [
      ['rotate', '--key-pair', 'prod', '--user', 'root; rm -rf /', ...base],
      /^ec2-key-rotate: --user: "root; rm -rf \/" is not a user name/,
    ],
    [['rotate', '--key-pair', '', ...base], /^ec2-key-rotate: --key-pair must not be empty$/],
    [
      ['rotate', '--key-pair', 'prod', '--parameter-path', '/keys/a b', ...base],
      /^ec2-key-rotate: --parameter-path must be a Parameter Store path such as \/ec2-key-rotate: it has a level "a b" with other characters/,
    ],
    [
      ['rotate', '--key-pair', 'prod', '--parameter-path', '/aws/keys', ...base],
      /--parameter-path must be a .*: it starts with aws or ssm/,
    ],
    [
      ['rotate', '--key-pair', 'prod', '--region', 'us-east-1', '--region', 'eu-central'],
      /^ec2-key-rotate: --region: "eu-central" is not an AWS region name/,
    ],
    ...['0x10', '1e3', '0', '-1', ''].map((age) => [
      ['rotate', '--max-key-age', age, ...base],
      new RegExp(`^ec2-key-rotate: --max-key-age must be a whole number of days, got "${age}"$`),
    ]),
    [
      ['rotate', '--key-pair', 'prod', '--ssm-document', 'AWS-RunPowerShellScript', ...base],
      /^ec2-key-rotate: --ssm-document must be one of ec2-key-rotate, AWS-RunShellScript/,
    ],
    [
      ['rotate', '--key-pair', 'prod', '--kms-key-id', 'my key', ...base],
      /^ec2-key-rotate: --kms-key-id must be a KMS key id/,
    ],
    [
      ['rotate', '--key-pair', 'prod', '--new-key-pair-name', 'x'.repeat(256), ...base],
      /--new-key-pair-name: "x{77}\.\.\." is not an EC2 key pair name/,
    ],
  ])('%j: exit 2, one line, no AWS request', async (args, message) => {
    const run = await runCli(args as string[]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim()).toMatch(message as RegExp);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(aws.log.entries).toEqual([]);
  });

  it('an AWS_REGION that is not a region is refused like --region', async () => {
    const saved = process.env.AWS_REGION;
    process.env.AWS_REGION = 'us-east-1; id';
    try {
      const run = await runCli(['plan', '--key-pair', 'prod']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^ec2-key-rotate: AWS_REGION: "us-east-1; id" is not an AWS region/,
      );
      expect(aws.log.entries).toEqual([]);
    } finally {
      process.env.AWS_REGION = saved;
    }
  });

  it.each([
    [
      'a public key that is not the fingerprinted key',
      (finding: Record<string, unknown>) => (finding.publicKey = other.publicKeyLine),
      /scan\.json is not a valid scan report: findings\[0\]\.fingerprint is not the fingerprint of its publicKey$/,
    ],
    [
      'a fingerprint that is not one',
      (finding: Record<string, unknown>) => (finding.fingerprint = 'SHA256:; rm -rf /'),
      // What the field holds is never quoted: a report may hold key text anywhere.
      /findings\[0\]\.fingerprint must be an OpenSSH SHA256 fingerprint or null, got a string of 17 characters$/,
    ],
    [
      'no ec2Fingerprints',
      (finding: Record<string, unknown>) => delete finding.ec2Fingerprints,
      /findings\[0\]\.ec2Fingerprints is missing$/,
    ],
  ])('--from-scan with %s: exit 2 naming the field, no AWS request', async (_, change, message) => {
    const file = scanFile('scan.json', change);
    const run = await runCli(['rotate', '--from-scan', file, ...base]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim()).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(aws.log.entries).toEqual([]);
  });

  it('--from-scan with the report as written plans the leaked pair', async () => {
    const file = scanFile('scan.json', () => undefined);
    const run = await runCli(['plan', '--from-scan', file, ...base]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Plan for key pair prod \(us-east-1\), matched by public key$/m);
  });

  it('eusc-de-east-1 is a region: the key pairs there are looked up', async () => {
    const run = await runCli(['plan', '--key-pair', 'prod', '--region', 'eusc-de-east-1']);
    expect(run.stderr).not.toMatch(/not an AWS region/);
    const lookups = aws.log.calls('DescribeKeyPairs');
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((entry) => entry.region === 'eusc-de-east-1')).toBe(true);
  });

  it('a key pair named with a space and @ is rotated; its parameters use the encoded name', async () => {
    const name = 'ops team@corp';
    await importPair(name, other);
    const run = await runCli(['rotate', '--key-pair', name, '--format', 'json', ...base]);
    expect(run.code, run.stderr).toBe(0);
    const custody = aws.state.parameterValue('/ec2-key-rotate/_.ops_20team_40corp/private-key');
    expect(custody).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const rotated = JSON.parse(run.stdout) as { rotations: { keyName: string }[] };
    expect(rotated.rotations.map((rotation) => rotation.keyName)).toEqual([name]);
    const pairs = [...aws.state.region().keyPairs.values()].map((pair) => pair.keyName);
    expect(pairs).toContain(name);
  });
});

describe('an endpoint that accepts connections and never answers', () => {
  let server: Server;
  const sockets: Socket[] = [];
  let endpoint = '';

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.push(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('plan gives up after the request timeout: exit 2, one line naming the endpoint', async () => {
    const restore = applyEnv({
      AWS_ENDPOINT_URL_EC2: endpoint,
      AWS_ENDPOINT_URL_SSM: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    try {
      const started = Date.now();
      const run = await runCli(['plan', '--key-pair', 'prod']);
      const elapsed = Date.now() - started;
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toBe(
        `ec2-key-rotate: EC2 endpoint ${endpoint} did not answer DescribeKeyPairs within 30 s; check the network, the proxy and AWS_ENDPOINT_URL_EC2\n`,
      );
      // One request timeout (30 s), not one per retry attempt.
      expect(elapsed).toBeLessThan(40_000);
      expect(sockets).toHaveLength(1);
    } finally {
      restore();
    }
  });
});
