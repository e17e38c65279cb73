/**
 * Offline recovery end to end (issue 12, part 2): instances SSM cannot reach,
 * on real sshd hosts behind the local AWS. The user-data path stops the
 * instance, boots it with the recovery boothook (the host runs it as root
 * before sshd starts), reads the result from the console, puts the original
 * user data back; the real ssh client is the judge. Refusals change
 * nothing; a run killed between stop and start converges on the re-run;
 * AWSSupport-ResetAccess reports where its key is and leaves the leaked key.
 */
import { spawn } from 'node:child_process';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRotation, type EngineConfig } from '../../src/aws/engine.js';
import type { OfflineOptions } from '../../src/aws/offline/options.js';
import type { InstanceSpec } from '../emulators/index.js';
import { bootFromUserData, boothooksOf } from '../helpers/boot.js';
import {
  expectRotated,
  firstRotation,
  must,
  newKeyOf,
  startFleet,
  type Fleet,
} from '../helpers/fleet.js';
import { hostSupport, ubuntuHost } from '../helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping offline recovery tests: ${unsupported}`);

/** The instance's own user data: a script, bytes that must come back exactly. */
const ORIGINAL = '#!/bin/sh\n# launch script\r\necho "hello \u00e9" > /tmp/x\n\n';

const offline = (overrides: Partial<OfflineOptions> = {}): OfflineOptions => ({
  method: 'user-data',
  restoreUserData: 'stop-start',
  pollMs: 20,
  waitMs: 120_000,
  ...overrides,
});

/** A fleet of one Ubuntu host whose instance has no SSM agent, booted from its user data. */
async function offlineFleet(extra: Parameters<typeof startFleet>[0]['extraInstances'] = undefined) {
  const fleet = await startFleet({
    presets: (leaked) => [ubuntuHost(leaked.publicKeyLine)],
    instanceSpec: () => ({ ssm: false, userData: ORIGINAL }),
    extraInstances: extra,
  });
  const [entry] = fleet.hosts;
  const host = must(entry, 'the host');
  fleet.aws.state.setBoot(host.instanceId, bootFromUserData(host.host));
  return { fleet, entry: host };
}

function offlineParameters(fleet: Fleet): string[] {
  return [...fleet.aws.state.region().parameters.keys()].filter((name) =>
    name.startsWith('/ec2-key-rotate/offline/'),
  );
}

describe.skipIf(unsupported !== null)('offline recovery through user data', () => {
  let fleet: Fleet | null = null;
  afterEach(async () => {
    await fleet?.stop();
    fleet = null;
  });

  it('recovers a host without the SSM agent: new key logs in, leaked key refused, user data back byte for byte', async () => {
    const started = await offlineFleet();
    fleet = started.fleet;
    const { entry } = started;
    const before = fleet.aws.state.instance(entry.instanceId);
    const publicIp = must(before?.publicIp, 'a public address');
    const log: string[] = [];
    const result = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ offlineRecovery: offline(), log: (line) => log.push(line) }),
    );
    expect(result.errors).toEqual([]);
    const host = must(firstRotation(result).hosts[0], 'the host report');
    expect(host.outcome, host.reason).toBe('rotated');
    expect(host.reason).toMatch(/through user data at boot/);
    expect(host.reason).toMatch(/its own user data is back, byte for byte/);
    expect(host.reason).toMatch(/public IPv4 address .* will change \(no Elastic IP\)/);
    const keyFile = fleet.custodyKeyFile(newKeyOf(result).parameterName);
    await expectRotated(entry, keyFile, fleet.leaked);

    const instance = must(fleet.aws.state.instance(entry.instanceId), 'the instance');
    expect(instance.state).toBe('running');
    expect(instance.userData?.equals(Buffer.from(ORIGINAL, 'utf8'))).toBe(true);
    expect(instance.publicIp).not.toBe(publicIp);
    // Two stops and two starts (stop-start restore), the user data set twice.
    expect(fleet.aws.log.count('StopInstances')).toBe(2);
    expect(fleet.aws.log.count('StartInstances')).toBe(2);
    expect(fleet.aws.log.count('ModifyInstanceAttribute')).toBe(2);
    expect(offlineParameters(fleet)).toEqual([]);
    expect(result.leaks.map((leak) => leak.status)).toEqual(['closed']);
    // No private key material in the log, the report or on the console.
    const privateKey = must(fleet.aws.state.parameterValue(newKeyOf(result).parameterName), 'key');
    const body = privateKey.split('\n').filter((line) => line && !line.startsWith('-----'));
    for (const text of [log.join('\n'), JSON.stringify(result)])
      for (const line of body) expect(text.includes(line)).toBe(false);
  }, 240_000);

  it('a later run recovers the instance an open leak still lists (the pair already rotated)', async () => {
    const started = await offlineFleet();
    fleet = started.fleet;
    const { entry } = started;
    const first = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config(),
    );
    expect(must(firstRotation(first).hosts[0], 'the host').outcome).toBe('skipped');
    expect(first.leaks[0]?.status).toBe('open');
    const second = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ offlineRecovery: offline() }),
    );
    expect(second.errors).toEqual([]);
    const host = must(firstRotation(second).hosts[0], 'the host report');
    expect(host.outcome, host.reason).toBe('rotated');
    expect(second.leaks[0]?.status).toBe('closed');
    await expectRotated(entry, fleet.custodyKeyFile(newKeyOf(first).parameterName), fleet.leaked);
  }, 240_000);

  it('once: one restart; the boothook stays until the next stop, then the original goes back', async () => {
    const started = await offlineFleet();
    fleet = started.fleet;
    const { entry } = started;
    const first = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ offlineRecovery: offline({ restoreUserData: 'once' }) }),
    );
    const host = must(firstRotation(first).hosts[0], 'the host report');
    expect(host.outcome, host.reason).toBe('rotated');
    expect(host.reason).toMatch(
      /still the recovery boothook .* goes back when the instance is next stopped/,
    );
    expect(fleet.aws.log.count('StopInstances')).toBe(1);
    const instance = must(fleet.aws.state.instance(entry.instanceId), 'the instance');
    expect(instance.userData?.equals(Buffer.from(ORIGINAL))).toBe(false);
    // Another boot with that user data: the guard stops the boothook, which only
    // prints the first boot's result again (a second run would have added nothing).
    const keyFile = fleet.custodyKeyFile(newKeyOf(first).parameterName);
    const again = await entry.host.boot(boothooksOf(instance.userData));
    expect(again).toMatch(
      /ec2-key-rotate [0-9a-f]{32} add EC2KR-RESULT v=2 phase=add status=ok .*added=[1-9]/,
    );
    expect(again).toMatch(/ec2-key-rotate-result v=2 token=[0-9a-f]{32} phase=revoke exit=0/);
    await expectRotated(entry, keyFile, fleet.leaked);
    // The planned stop: the next run puts the original back and leaves it stopped.
    fleet.aws.state.setInstanceState(entry.instanceId, 'stopped');
    await runRotation({ kind: 'open-leaks' }, fleet.config({ offlineRecovery: offline() }));
    expect(instance.userData?.equals(Buffer.from(ORIGINAL))).toBe(true);
    expect(instance.state).toBe('stopped');
    expect(offlineParameters(fleet)).toEqual([]);
  }, 240_000);

  it('refuses instance-store, Auto Scaling, DisableApiStop and one-time spot instances, changing nothing', async () => {
    const started = await offlineFleet((keyName): InstanceSpec[] => [
      { keyName, ssm: false, rootDeviceType: 'instance-store', tags: { Name: 'store-root' } },
      { keyName, ssm: false, instanceType: 'm5d.large', tags: { Name: 'nvme' } },
      {
        keyName,
        ssm: false,
        tags: { Name: 'asg', 'aws:autoscaling:groupName': 'web-asg' },
      },
      { keyName, ssm: false, disableApiStop: true, tags: { Name: 'protected' } },
      { keyName, ssm: false, spot: { type: 'one-time' }, tags: { Name: 'spot' } },
    ]);
    fleet = started.fleet;
    const refused = fleet.extraInstances;
    const result = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ offlineRecovery: offline() }),
    );
    const reports = new Map(firstRotation(result).hosts.map((host) => [host.instanceId, host]));
    const expected = [
      /root device is instance-store/,
      /type m5d\.large has instance store volumes/,
      /Auto Scaling group web-asg/,
      /stop protection \(DisableApiStop\) is on/,
      /spot instance \(request one-time, interruption behaviour terminate\)/,
    ];
    for (const [index, id] of refused.entries()) {
      const report = must(reports.get(id), `a report for ${id}`);
      expect(report.outcome).toBe('skipped');
      expect(report.reason).toMatch(/^offline recovery refused: /);
      expect(report.reason).toMatch(expected[index] as RegExp);
      expect(report.waysBack.length).toBeGreaterThan(0);
      expect(fleet.aws.state.instance(id)?.state).toBe('running');
    }
    const touched = ['StopInstances', 'StartInstances', 'ModifyInstanceAttribute'].flatMap(
      (operation) => fleet?.aws.log.calls(operation) ?? [],
    );
    for (const call of touched) {
      const ids = JSON.stringify(call.params);
      for (const id of refused) expect(ids.includes(id)).toBe(false);
    }
    expect(must(reports.get(started.entry.instanceId), 'the host').outcome).toBe('rotated');
    // The leak stays open for the refused instances.
    expect(result.leaks[0]?.status).toBe('open');
    expect(result.leaks[0]?.openInstances).toEqual([...refused].sort());
  }, 240_000);

  it('a run killed between stop and start is resumed by the next run and converges', async () => {
    const started = await offlineFleet();
    fleet = started.fleet;
    const { entry } = started;
    const scanFile = join(fleet.keys.dir, 'scan.json');
    await writeFile(scanFile, JSON.stringify({ findings: [fleet.finding] }));
    const { log, ...config } = fleet.config({ runId: 'killed-run', offlineRecovery: offline() });
    void log;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/rotate-child.ts', JSON.stringify(config), scanFile],
      { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let killed = false;
    fleet.aws.faults.inject({
      service: 'ec2',
      operation: 'StartInstances',
      when: () => {
        if (killed) return false;
        killed = child.kill('SIGKILL');
        return true;
      },
      error: 'reset',
      times: 1,
    });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(killed, stderr).toBe(true);
    fleet.aws.faults.clear();
    const instance = must(fleet.aws.state.instance(entry.instanceId), 'the instance');
    expect(instance.state).toBe('stopped');
    expect(instance.userData?.equals(Buffer.from(ORIGINAL))).toBe(false);
    expect(offlineParameters(fleet).length).toBeGreaterThan(0);

    // The re-run (lock of the killed run taken over) starts it, boots the recovery, restores.
    const config2: EngineConfig = fleet.config({ offlineRecovery: offline(), breakLock: true });
    const result = await runRotation({ kind: 'findings', findings: [fleet.finding] }, config2);
    expect(result.errors).toEqual([]);
    const host = must(firstRotation(result).hosts[0], 'the host report');
    expect(host.outcome, host.reason).toBe('rotated');
    expect(instance.state).toBe('running');
    expect(instance.userData?.equals(Buffer.from(ORIGINAL))).toBe(true);
    expect(offlineParameters(fleet)).toEqual([]);
    await expectRotated(entry, fleet.custodyKeyFile(newKeyOf(result).parameterName), fleet.leaked);
  }, 240_000);
});

describe.skipIf(unsupported !== null)('offline recovery through AWSSupport-ResetAccess', () => {
  let fleet: Fleet | null = null;
  afterEach(async () => {
    await fleet?.stop();
    fleet = null;
  });

  it('reports the parameter that holds its key, and that the leaked key was not removed', async () => {
    const started = await offlineFleet();
    fleet = started.fleet;
    const { entry } = started;
    fleet.aws.state.resetAccess = async (_instance, line) => {
      await appendFile(entry.host.hostPath('/home/ubuntu/.ssh/authorized_keys'), `${line}\n`);
    };
    const result = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config({ offlineRecovery: offline({ method: 'reset-access' }) }),
    );
    const host = must(firstRotation(result).hosts[0], 'the host report');
    const parameter = `/ec2rl/openssh/${entry.instanceId}/key`;
    expect(host.outcome).toBe('incomplete');
    expect(host.reason).toContain(parameter);
    expect(host.reason).toMatch(/The leaked key was NOT removed/);
    expect(fleet.aws.log.count('StartAutomationExecution')).toBe(1);
    expect(fleet.custodyKeyFile(parameter)).toBeTruthy();
    expect(await entry.host.sshLogin('ubuntu', fleet.custodyKeyFile(parameter))).toBe(true);
    expect(await entry.host.sshLogin('ubuntu', fleet.leaked.privateKeyPath)).toBe(true);
    expect(result.leaks[0]?.status).toBe('open');
  }, 240_000);
});
