/**
 * `recover` through the built CLI, as an operator runs it on a laptop: the
 * SDK's default chain and endpoints from the environment (here the local
 * AWS), text or JSON out, the exit code the contract names.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/gitrepo.js';
import { expectStillOld, must, startFleet, type Fleet, type FleetHost } from './helpers/fleet.js';
import { debianHost, hostSupport, ubuntuHost } from './helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping CLI recovery tests: ${unsupported}`);

describe.skipIf(unsupported !== null)('ec2-key-rotate recover', () => {
  let fleet: Fleet;
  let debian: FleetHost;
  let ubuntu: FleetHost;

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) => [debianHost(leaked.publicKeyLine), ubuntuHost(leaked.publicKeyLine)],
    });
    [debian, ubuntu] = fleet.hosts as [FleetHost, FleetHost];
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  beforeEach(async () => {
    await fleet.reset();
  });

  it.each([
    [
      ['--instance', 'i-0123456789abcdef0', '--user', 'bad name'],
      /--user: "bad name" is not a user name/,
    ],
    [
      ['--instance', 'i-0123456789abcdef0', '--user', 'root;id'],
      /--user: "root;id" is not a user name/,
    ],
    [['--instance', 'i-0123456789abcdef0'], /--user is required/],
    [['--user', 'ec2-user'], /name the instances to recover: --instance ID .* or --key-pair NAME/],
    [['--instance', 'i-0123456789abcdef0', '--key-pair', 'prod', '--user', 'ec2-user'], /not both/],
    [
      ['--instance', 'i-xyz', '--user', 'ec2-user'],
      /--instance: "i-xyz" is not an EC2 instance id/,
    ],
    [
      ['--instance', 'i-0123456789abcdef0', '--user', 'ec2-user', '--parameter-path', 'nope'],
      /--parameter-path must be a Parameter Store path/,
    ],
  ])('refuses %j with one line and exit 2, before any AWS call', async (args, message) => {
    const run = await runCli(['recover', '--region', 'us-east-1', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(fleet.aws.log.entries).toEqual([]);
  });

  it('recovers one instance, prints how to fetch the key and log in, exits 0', async () => {
    const run = await runCli([
      'recover',
      '--instance',
      ubuntu.instanceId,
      '--user',
      'ubuntu',
      '--region',
      'us-east-1',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Recovery of ubuntu's access to i-[0-9a-f]+ \(us-east-1\)$/m);
    expect(run.stdout).toMatch(/: recovered: new key verified in ubuntu's authorized_keys/);
    const name = must(
      /--name (\/ec2-key-rotate\/recover\/ubuntu\/instance-i-[0-9a-f]+\/private-key):1 /.exec(
        run.stdout,
      )?.[1],
      'the get-parameter command',
    );
    expect(run.stdout).toMatch(/ssh -i recovered-key ubuntu@[\d.]+ {4}# i-/);
    const keyFile = fleet.custodyKeyFile(name);
    expect(await ubuntu.host.sshLogin('ubuntu', keyFile)).toBe(true);
    await expectStillOld(ubuntu, fleet.leaked);
  });

  it('--key-pair --revoke-old --format json: a host without the user is failed and the run exits 1', async () => {
    const run = await runCli([
      'recover',
      '--key-pair',
      'prod',
      '--user',
      'ubuntu',
      '--revoke-old',
      '--region',
      'us-east-1',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as {
      hosts: { instanceId: string; outcome: string; reason: string }[];
      fetch: string;
      newKey: { parameterName: string };
    };
    const byId = Object.fromEntries(result.hosts.map((host) => [host.instanceId, host]));
    expect(byId[ubuntu.instanceId]?.outcome).toBe('recovered');
    expect(byId[debian.instanceId]?.outcome).toBe('failed');
    expect(byId[debian.instanceId]?.reason).toMatch(/user ubuntu does not exist/);
    expect(result.fetch).toMatch(/aws ssm get-parameter --with-decryption/);
    const keyFile = fleet.custodyKeyFile(result.newKey.parameterName);
    expect(await ubuntu.host.sshLogin('ubuntu', keyFile)).toBe(true);
    expect(await ubuntu.host.sshLogin('ubuntu', fleet.leaked.privateKeyPath)).toBe(false);
    await expectStillOld(debian, fleet.leaked);
  });

  it('rotate --keyless refuses options about a new key, before any AWS call', async () => {
    const run = await runCli([
      'rotate',
      '--key-pair',
      'prod',
      '--keyless',
      '--user',
      'deploy',
      '--region',
      'us-east-1',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--keyless installs no new key: --user and --new-key-pair-name/);
    expect(fleet.aws.log.entries).toEqual([]);
  });

  it('rotate --key-pair --keyless: no key works any more, the pair is gone, the output says how to log in', async () => {
    const run = await runCli([
      'rotate',
      '--key-pair',
      'prod',
      '--keyless',
      '--region',
      'us-east-1',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Key pair prod \(us-east-1\) deleted, not replaced/);
    for (const entry of [debian, ubuntu]) {
      expect(run.stdout).toContain(`aws ssm start-session --target ${entry.instanceId}`);
      for (const user of entry.preset.keyUsers)
        expect(await entry.host.sshLogin(user, fleet.leaked.privateKeyPath)).toBe(false);
    }
    expect(fleet.aws.log.count('DeleteKeyPair')).toBe(1);
    expect(fleet.aws.log.count('ImportKeyPair')).toBe(0);
  });
});
