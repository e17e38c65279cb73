/**
 * A leak stays open until every instance it opened is clean: tried as an
 * operator would over several runs (hosts that fail, a rotation of the pair
 * by name, a stopped instance that comes back, a history purge that leaves no
 * finding), and against a forged state parameter. Every claim is checked over
 * ssh on the real sshd hosts behind the local AWS.
 */
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  leaksOpen,
  readNewPrivateKey,
  runRotation,
  type EngineResult,
} from '../../src/aws/engine.js';
import { leakParameterName } from '../../src/aws/leaks.js';
import {
  expectRotated,
  expectStillOld,
  firstRotation,
  must,
  startFleet,
  type Fleet,
  type FleetHost,
} from '../helpers/fleet.js';
import { createKeyring } from '../helpers/host-keys.js';
import { debianHost, hostSupport, type HostPreset } from '../helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping leak record tests: ${unsupported}`);

const CUSTODY = '/ec2-key-rotate/prod/private-key';

function webHost(key: string, name: string): HostPreset {
  const preset = debianHost(key);
  return { ...preset, spec: { ...preset.spec, name } };
}

describe.skipIf(unsupported !== null)('leak records across runs', () => {
  let fleet: Fleet;
  let web: FleetHost[];

  const fromScan = (): Promise<EngineResult> =>
    runRotation({ kind: 'findings', findings: [fleet.finding] }, fleet.config());
  const byName = (): Promise<EngineResult> =>
    runRotation({ kind: 'key-pairs', names: ['prod'] }, fleet.config());
  const sends = (phase: string): number =>
    fleet.aws.log.count(
      (entry) =>
        entry.operation === 'SendCommand' && entry.params.Comment === `ec2-key-rotate ${phase}`,
    );

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) => ['web-1', 'web-2'].map((name) => webHost(leaked.publicKeyLine, name)),
    });
    web = fleet.hosts;
  });
  afterAll(async () => {
    await fleet?.stop();
  });
  beforeEach(async () => {
    await fleet.reset();
  });

  it('a leak whose hosts all failed stays open through a rotation by name, and closes once they answer', async () => {
    for (const entry of web) fleet.aws.state.setBehaviour(entry.instanceId, { kind: 'offline' });
    const first = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ run: { ...fleet.config().run, deliveryTimeout: 1 } }),
    );
    // The pair is replaced all the same (new launches must not trust the leaked key)…
    expect(must(firstRotation(first).published, 'published').keyName).toBe('prod');
    // …and the leak is open, naming both instances.
    expect(leaksOpen(first)).toEqual([
      expect.objectContaining({
        fingerprint: fleet.finding.fingerprint,
        openInstances: web.map((entry) => entry.instanceId).sort(),
      }),
    ]);
    for (const entry of web) await expectStillOld(entry, fleet.leaked);

    // The README's rotation by name: it rotates the pair's current key, and does not
    // forget the leak: still open while the hosts are unreachable.
    const named = await runRotation(
      { kind: 'key-pairs', names: ['prod'] },
      fleet.config({ run: { ...fleet.config().run, deliveryTimeout: 1 } }),
    );
    expect(leaksOpen(named).map((leak) => leak.fingerprint)).toEqual([fleet.finding.fingerprint]);
    for (const entry of web) await expectStillOld(entry, fleet.leaked);

    // A history purge leaves no finding: a scheduled run still goes back to the open leak.
    for (const entry of web) fleet.aws.state.setBehaviour(entry.instanceId, undefined);
    const later = await runRotation(
      { kind: 'scheduled', maxKeyAgeDays: 3650 },
      fleet.config({ targetTag: null }),
    );
    expect(later.errors).toEqual([]);
    expect(leaksOpen(later)).toEqual([]);
    expect(later.leaks).toEqual([
      expect.objectContaining({ fingerprint: fleet.finding.fingerprint, status: 'closed' }),
    ]);
    // Cleaned with the pair's current key (the second rotation's), which is in custody.
    const keyFile = fleet.custodyKeyFile(CUSTODY);
    for (const entry of web) await expectRotated(entry, keyFile, fleet.leaked);
  });

  it('a re-run after a finished rotation is one read-only sweep, and leaves the hosts as they are', async () => {
    const done = await fromScan();
    expect(leaksOpen(done)).toEqual([]);
    const before = await Promise.all(web.map((entry) => entry.host.snapshot()));
    fleet.aws.log.clear();
    const again = await fromScan();
    expect(again.errors).toEqual([]);
    expect(sends('probe')).toBe(1);
    expect(sends('add') + sends('verify') + sends('revoke')).toBe(0);
    expect(firstRotation(again).hosts.map((host) => host.outcome)).toEqual(['rotated', 'rotated']);
    expect(await Promise.all(web.map((entry) => entry.host.snapshot()))).toEqual(before);

    // The leaked key written back by hand (configuration management, say) is found and removed.
    const [first] = web as [FleetHost];
    await first.host.exec(
      `printf '%s\\n' '${fleet.leaked.publicKeyLine}' >> /home/admin/.ssh/authorized_keys`,
    );
    fleet.aws.log.clear();
    const third = await fromScan();
    expect(sends('probe')).toBe(1);
    // Only the host that holds it again gets add, verify and revoke.
    const adds = fleet.aws.log
      .calls('SendCommand')
      .filter((call) => call.params.Comment === 'ec2-key-rotate add');
    expect(adds.map((call) => call.params.InstanceIds)).toEqual([[first.instanceId]]);
    expect(leaksOpen(third)).toEqual([]);
    await expectRotated(first, fleet.custodyKeyFile(CUSTODY), fleet.leaked);
  });

  it('a stopped instance is remembered, and cleaned when it runs again', async () => {
    const [, stopped] = web as [FleetHost, FleetHost];
    fleet.aws.state.setInstanceState(stopped.instanceId, 'stopped');
    const first = await fromScan();
    expect(leaksOpen(first)).toEqual([
      expect.objectContaining({ openInstances: [stopped.instanceId] }),
    ]);
    fleet.aws.state.setInstanceState(stopped.instanceId, 'running');
    const later = await byName();
    expect(leaksOpen(later)).toEqual([]);
    await expectRotated(stopped, fleet.custodyKeyFile(CUSTODY), fleet.leaked);
  });

  it.each([
    ['a key of the forger’s own to deploy', 'deploy'],
    ['an admin’s key among the blobs to revoke', 'revoke'],
    ['another parameter to copy into the Actions secret', 'parameter'],
  ] as const)('refuses to resume from a state forged to name %s', async (_, forgery) => {
    const [victim] = web as [FleetHost];
    // A run killed after custody leaves its state behind…
    const killed = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({
        onStep: (step) => {
          if (step === 'custody') throw new Error('killed');
        },
      }),
    );
    expect(killed.errors[0]?.message).toMatch(/killed/);
    const ssm = new SSMClient(fleet.aws.clientConfig('ssm'));
    const stateName = '/ec2-key-rotate/prod/state';
    const keys = createKeyring();
    try {
      // …kept as a SecureString…
      expect(fleet.aws.state.region().parameters.get(stateName)?.versions.at(-1)?.type).toBe(
        'SecureString',
      );
      // …which someone with ssm:PutParameter (and the KMS key) rewrites.
      const forger = await keys.make('forger');
      const read = await ssm.send(
        new GetParameterCommand({ Name: stateName, WithDecryption: true }),
      );
      const state = JSON.parse(must(read.Parameter?.Value, 'state')) as {
        oldKeyBlobs: string[];
        newKey: { publicKeyLine: string; parameterName: string };
      };
      if (forgery === 'deploy') state.newKey.publicKeyLine = forger.publicKeyLine;
      if (forgery === 'revoke') state.oldKeyBlobs.push(fleet.other.blob);
      if (forgery === 'parameter') state.newKey.parameterName = '/attacker/private-key';
      await ssm.send(
        new PutParameterCommand({
          Name: stateName,
          Value: JSON.stringify(state),
          Type: 'SecureString',
          Overwrite: true,
        }),
      );
      const before = await victim.host.snapshot();
      const resumed = await fromScan();
      expect(resumed.errors[0]?.message).toMatch(
        /the recorded state \/ec2-key-rotate\/prod\/state .*: refusing to resume/,
      );
      expect(resumed.rotations).toEqual([]);
      // Nothing reached the hosts: the forger's key does not log in, nobody's key was removed.
      expect(await victim.host.snapshot()).toEqual(before);
      expect(await victim.host.sshLogin('admin', forger.privateKeyPath)).toBe(false);
      await expectStillOld(victim, fleet.leaked);
      // The leak is not forgotten meanwhile.
      expect(leaksOpen(resumed).map((leak) => leak.fingerprint)).toEqual([
        fleet.finding.fingerprint,
      ]);
    } finally {
      ssm.destroy();
      keys.cleanup();
    }
  });

  it('reads the new private key back at the version the rotation recorded', async () => {
    const result = await fromScan();
    const rotation = firstRotation(result);
    const recorded = fleet.aws.state.parameterValue(CUSTODY);
    // A later write to the custody parameter (by anyone) is not what the secret gets.
    const ssm = new SSMClient(fleet.aws.clientConfig('ssm'));
    await ssm.send(
      new PutParameterCommand({
        Name: CUSTODY,
        Value: 'not-a-key',
        Type: 'SecureString',
        Overwrite: true,
      }),
    );
    ssm.destroy();
    const value = await readNewPrivateKey(rotation, { kind: 'default' }, () => undefined);
    expect(value).toBe(recorded);
    expect(leakParameterName('/ec2-key-rotate', fleet.finding.fingerprint ?? '')).toMatch(
      /^\/ec2-key-rotate\/leaks\/[0-9a-f]{64}$/,
    );
  });
});
