/**
 * Keyless mode end to end: the leaked key removed from every SSM-online
 * instance without a new key, the key pair deleted, an instance SSM cannot
 * reach reported (never made keyless), and the scheduled report of
 * instances that still have keys. Real sshd hosts, real ssh client.
 */
import { DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRotation, type EngineResult } from '../../src/aws/engine.js';
import { DEFAULT_USERS } from '../../src/aws/keyless.js';
import { keylessText } from '../../src/report/keyless.js';
import { rotationText } from '../../src/report/rotation.js';
import { firstRotation, must, startFleet, type Fleet, type FleetHost } from '../helpers/fleet.js';
import { amazonLinuxHost, debianHost, hostSupport, ubuntuHost } from '../helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping end-to-end keyless tests: ${unsupported}`);

describe.skipIf(unsupported !== null)('keyless across real hosts', () => {
  let fleet: Fleet;
  let amazon: FleetHost;
  let ubuntu: FleetHost;
  let debian: FleetHost;
  let noAgent: string;
  let result: EngineResult;

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) => [
        amazonLinuxHost(leaked.publicKeyLine),
        ubuntuHost(leaked.publicKeyLine),
        debianHost(leaked.publicKeyLine),
      ],
      // The Debian host was launched with another pair (which EC2 no longer
      // holds) and is not a target: its admin keeps a key for the report to find.
      instanceSpec: (index) => (index === 2 ? { keyName: 'legacy', tags: { Name: 'debian' } } : {}),
      extraInstances: (keyName) => [{ keyName, ssm: false, tags: { Name: 'no-agent' } }],
    });
    [amazon, ubuntu, debian] = fleet.hosts as [FleetHost, FleetHost, FleetHost];
    noAgent = must(fleet.extraInstances[0], 'the no-agent instance');
    result = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ keyless: true }),
    );
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  it('refuses the leaked key on every SSM-online instance, for every user, and installs no key', async () => {
    expect(result.errors).toEqual([]);
    const rotation = firstRotation(result);
    expect(rotation.newKey).toBeNull();
    const outcomes = Object.fromEntries(rotation.hosts.map((host) => [host.instanceId, host]));
    for (const entry of [amazon, ubuntu]) {
      expect(outcomes[entry.instanceId]?.outcome).toBe('rotated');
      expect(outcomes[entry.instanceId]?.reason).toMatch(/^keyless: old key removed/);
      for (const user of entry.preset.keyUsers)
        expect(await entry.host.sshLogin(user, fleet.leaked.privateKeyPath), user).toBe(false);
      // No key line is left, and none was added.
      for (const user of entry.preset.keyUsers) {
        const home = user === 'root' ? '/root' : `/home/${user}`;
        const text = await entry.host.readFile(`${home}/.ssh/authorized_keys`);
        expect(text.split('\n').filter((line) => /ssh-|ecdsa-/.test(line))).toEqual([]);
      }
    }
    // Nothing in custody: no new key exists.
    const parameters = [...fleet.aws.state.region().parameters.keys()];
    expect(parameters.filter((name) => /private-key/.test(name))).toEqual([]);
  });

  it('deletes the key pair instead of replacing it', async () => {
    const rotation = firstRotation(result);
    expect(rotation.published).toBeNull();
    expect(rotation.keyless?.deletedKeyPairId).toMatch(/^key-/);
    const ec2 = new EC2Client(fleet.aws.clientConfig('ec2'));
    try {
      const pairs = await ec2.send(new DescribeKeyPairsCommand({}));
      expect((pairs.KeyPairs ?? []).map((pair) => pair.KeyName)).not.toContain(fleet.keyName);
    } finally {
      ec2.destroy();
    }
    expect(fleet.aws.log.count('ImportKeyPair', 'ec2')).toBe(1); // the fleet's own import only
  });

  it('never makes an instance SSM cannot reach keyless: it is reported and the leak stays open', () => {
    const rotation = firstRotation(result);
    const host = must(
      rotation.hosts.find((entry) => entry.instanceId === noAgent),
      'the no-agent report',
    );
    expect(host.outcome).toBe('skipped');
    expect(host.reason).toMatch(/not managed by SSM.*not made keyless/);
    expect(result.leaks).toEqual([
      expect.objectContaining({ status: 'open', openInstances: [noAgent] }),
    ]);
  });

  it('tells people how to log in now: Session Manager everywhere, Instance Connect where sshd has it', () => {
    const text = `${rotationText(result)}${keylessText(result)}`;
    expect(text).toMatch(/Key pair prod \(us-east-1\) deleted, not replaced/);
    expect(text).toContain(
      `aws ssm start-session --target ${amazon.instanceId} --region us-east-1`,
    );
    expect(text).toContain(
      `aws ssm start-session --target ${ubuntu.instanceId} --region us-east-1`,
    );
    expect(text).toContain(`aws ec2-instance-connect ssh --instance-id ${amazon.instanceId}`);
    expect(text).not.toContain(`aws ec2-instance-connect ssh --instance-id ${ubuntu.instanceId}`);
    expect(text).not.toContain(`--target ${noAgent}`);
  });

  it('a scheduled keyless run lists every instance that still has a key, and not the keyless ones', async () => {
    const scheduled = await runRotation(
      { kind: 'scheduled', maxKeyAgeDays: 36_500 },
      fleet.config({ keyless: true }),
    );
    const keyed = must(scheduled.keyed, 'the keyless report');
    const ids = keyed.map((entry) => entry.instanceId);
    expect(ids).not.toContain(amazon.instanceId);
    expect(ids).not.toContain(ubuntu.instanceId);
    const debianEntry = must(
      keyed.find((entry) => entry.instanceId === debian.instanceId),
      'the Debian host in the report',
    );
    expect(debianEntry.keyFiles.join('\n')).toMatch(
      /\/home\/admin\/\.ssh\/authorized_keys \(admin\)/,
    );
    expect(debianEntry.keyPair).toBeNull(); // legacy is not in EC2
    const noAgentEntry = must(
      keyed.find((entry) => entry.instanceId === noAgent),
      'the no-agent instance in the report',
    );
    expect(noAgentEntry.unchecked).toMatch(/not managed by SSM/);
    expect(keylessText(scheduled)).toMatch(/Instances that still have keys \(keyless mode\): 2/);
    expect(DEFAULT_USERS).toContain('admin');
    // Read-only: the Debian host still accepts its key.
    expect(await debian.host.sshLogin('admin', fleet.leaked.privateKeyPath)).toBe(true);
  });

  it('fails closed: a file it may not write keeps the host incomplete, and the next run says so', async () => {
    // The key comes back through a link out of the user's home: sshd reads it, root never writes through it.
    await ubuntu.host.writeFile('/etc/ssh/planted_keys', `${fleet.leaked.publicKeyLine}\n`, {
      mode: 0o644,
    });
    const linked = await ubuntu.host.exec(
      'rm -f /home/ubuntu/.ssh/authorized_keys && ln -s /etc/ssh/planted_keys /home/ubuntu/.ssh/authorized_keys',
    );
    expect(linked.exitCode, linked.stderr).toBe(0);
    expect(await ubuntu.host.sshLogin('ubuntu', fleet.leaked.privateKeyPath)).toBe(true);
    // The pair is gone; the open leak brings the run back to its instances.
    const again = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ keyless: true }),
    );
    const host = must(
      again.rotations
        .flatMap((rotation) => rotation.hosts)
        .find((entry) => entry.instanceId === ubuntu.instanceId),
      'the Ubuntu host on the second run',
    );
    expect(host.outcome).toBe('incomplete');
    expect(host.reason).toMatch(/a link in the user's home leads out of it/);
    expect(again.leaks).toEqual([
      expect.objectContaining({
        status: 'open',
        openInstances: [noAgent, ubuntu.instanceId].sort(),
      }),
    ]);
    expect(await ubuntu.host.readFile('/etc/ssh/planted_keys')).toBe(
      `${fleet.leaked.publicKeyLine}\n`,
    );
  });
});
