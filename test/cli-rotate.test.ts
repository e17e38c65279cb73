/**
 * `plan` and `rotate` through the built CLI, as an operator runs them on a
 * laptop: the AWS SDK's default credential chain and endpoints from the
 * environment (here the local AWS), a scan JSON in, text or JSON out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/gitrepo.js';
import { expectRotated, expectStillOld, must, startFleet, type Fleet } from './helpers/fleet.js';
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
    expect(run.stdout).toMatch(/way back: run the AWSSupport-ResetAccess automation/);
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
    expect(run.stderr).toMatch(message);
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
