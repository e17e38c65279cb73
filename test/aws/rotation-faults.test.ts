/**
 * The fault matrix: throttling and server errors from every API, hosts that
 * time out, go offline or die mid-rotation, a custody failure, a held lock,
 * and a rotation SIGKILLed at every request that matters. After each: no
 * host loses access, a re-run converges on the one new key, and the leaked
 * key is gone wherever the new one was verified.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runRotation, type EngineResult } from '../../src/aws/engine.js';
import { LockHeldError } from '../../src/aws/lock.js';
import {
  expectNotLockedOut,
  expectRotated,
  expectStillOld,
  startFleet,
  type Fleet,
  type FleetHost,
  firstRotation,
  must,
} from '../helpers/fleet.js';
import { debianHost, hostSupport, type HostPreset } from '../helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping rotation fault tests: ${unsupported}`);

const CUSTODY = '/ec2-key-rotate/prod/private-key';

function webHost(key: string, name: string): HostPreset {
  const preset = debianHost(key);
  return { ...preset, spec: { ...preset.spec, name } };
}

describe.skipIf(unsupported !== null)('rotation under faults', () => {
  let fleet: Fleet;
  let web: FleetHost[];

  const rotate = (overrides: Parameters<Fleet['config']>[0] = {}): Promise<EngineResult> =>
    runRotation({ kind: 'findings', findings: [fleet.finding] }, fleet.config(overrides));

  /** The rotation finished: every host logs in with the custody key only. */
  async function expectConverged(result: EngineResult): Promise<void> {
    expect(result.errors).toEqual([]);
    const rotation = firstRotation(result);
    expect(rotation.hosts.map((host) => host.outcome)).toEqual(['rotated', 'rotated', 'rotated']);
    // No Windows instance here: the default ED25519.
    expect(must(rotation.newKey, 'the new key').publicKeyLine).toMatch(/^ssh-ed25519 /);
    const keyFile = fleet.custodyKeyFile(CUSTODY);
    for (const entry of web) await expectRotated(entry, keyFile, fleet.leaked);
    const ec2 = new EC2Client(fleet.aws.clientConfig('ec2'));
    const { KeyPairs = [] } = await ec2.send(
      new DescribeKeyPairsCommand({ KeyNames: ['prod'], IncludePublicKey: true }),
    );
    ec2.destroy();
    expect(KeyPairs[0]?.PublicKey?.split(' ')[1]).toBe(
      must(rotation.newKey, 'the new key').publicKeyLine.split(' ')[1],
    );
  }

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) =>
        ['web-1', 'web-2', 'web-3'].map((name) => webHost(leaked.publicKeyLine, name)),
    });
    web = fleet.hosts;
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  beforeEach(async () => {
    await fleet.reset();
  });

  it('rides out throttling and 5xx from every EC2 and SSM API it calls', async () => {
    const operations: ['ec2' | 'ssm', string][] = [
      ['ec2', 'DescribeKeyPairs'],
      ['ec2', 'DescribeInstances'],
      ['ec2', 'DeleteKeyPair'],
      ['ec2', 'ImportKeyPair'],
      ['ssm', 'DescribeInstanceInformation'],
      ['ssm', 'GetParameter'],
      ['ssm', 'PutParameter'],
      ['ssm', 'GetParametersByPath'],
      ['ssm', 'GetDocument'],
      ['ssm', 'SendCommand'],
      ['ssm', 'ListCommands'],
      ['ssm', 'ListCommandInvocations'],
      ['ssm', 'DeleteParameter'],
    ];
    const handles = operations.flatMap(([service, operation]) => [
      fleet.aws.faults.throttle(service, operation, 1),
      fleet.aws.faults.inject({ service, operation, error: 'internal', times: 1 }),
      fleet.aws.faults.inject({ service, operation, error: 'unavailable', times: 1 }),
    ]);
    const result = await rotate();
    await expectConverged(result);
    const unhit = operations.filter((_, index) =>
      handles.slice(index * 3, index * 3 + 3).some((handle) => handle.hits === 0),
    );
    // Every operation met its faults (GetParametersByPath too: every run reads the open leaks).
    expect(unhit.map(([, operation]) => operation)).toEqual([]);
  });

  it('stops before touching any host when the new key cannot be stored', async () => {
    fleet.aws.state.invalidKmsKeys.add('alias/missing');
    const before = await Promise.all(web.map((entry) => entry.host.snapshot()));
    const result = await rotate({ kmsKeyId: 'alias/missing' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(
      /cannot store the new private key in Parameter Store \(\/ec2-key-rotate\/prod\/private-key\).*no instance was changed/,
    );
    // Only the read-only probe reached the hosts.
    expect(
      fleet.aws.log.count(
        (entry) =>
          entry.operation === 'SendCommand' && entry.params.Comment !== 'ec2-key-rotate probe',
      ),
    ).toBe(0);
    expect(fleet.aws.log.count('ImportKeyPair')).toBe(0);
    expect(await Promise.all(web.map((entry) => entry.host.snapshot()))).toEqual(before);
    for (const entry of web) await expectStillOld(entry, fleet.leaked);
    // The lock was released: a corrected run goes ahead.
    await expectConverged(await rotate());
  });

  it.each([
    ['offline agent', { kind: 'offline' } as const, /DeliveryTimedOut/],
    ['script that hangs', { kind: 'execution-timeout' } as const, /ExecutionTimedOut/],
    ['undeliverable command', { kind: 'undeliverable' } as const, /Undeliverable/],
    ['command terminated', { kind: 'terminated' } as const, /Terminated/],
  ])(
    'a host with an %s keeps its old key and is listed with the ways back',
    async (_, behaviour, status) => {
      const [broken, ...healthy] = web as [FleetHost, ...FleetHost[]];
      fleet.aws.state.setBehaviour(broken.instanceId, behaviour);
      // Only the hanging script needs a short timeout; one long enough for the healthy
      // hosts' phases on a loaded machine (1 s was not), short enough to keep the test quick.
      const result = await rotate(
        behaviour.kind === 'execution-timeout'
          ? { run: { ...fleet.config().run, executionTimeout: 8 } }
          : {},
      );
      const rotation = firstRotation(result);
      const report = must(
        rotation.hosts.find((host) => host.instanceId === broken.instanceId),
        'report',
      );
      // The first phase to reach it is the read-only probe: nothing was written there.
      expect(report).toMatchObject({ outcome: 'failed', phase: 'probe' });
      expect(report.reason).toMatch(status);
      expect(report.reason).toMatch(/old key is still in place/);
      expect(report.waysBack.length).toBeGreaterThan(0);
      await expectStillOld(broken, fleet.leaked);
      const keyFile = fleet.custodyKeyFile(CUSTODY);
      for (const entry of healthy) await expectRotated(entry, keyFile, fleet.leaked);

      // Once the host answers again, the next run finishes it with the same key.
      fleet.aws.state.setBehaviour(broken.instanceId, undefined);
      const again = await rotate();
      expect(firstRotation(again).newKey).toEqual(rotation.newKey);
      await expectConverged(again);
    },
  );

  it('a host that dies mid-command is never left without a key that works', async () => {
    const [dying] = web as [FleetHost];
    fleet.aws.state.setBehaviour(dying.instanceId, { kind: 'dies', afterMs: 5, finalAfterMs: 50 });
    const result = await rotate();
    const report = must(
      firstRotation(result).hosts.find((host) => host.instanceId === dying.instanceId),
      'report',
    );
    expect(report.outcome).toBe('failed');
    expect(report.reason).toMatch(/DeliveryTimedOut|ConnectionLost/);
    const keyFile = fleet.custodyKeyFile(CUSTODY);
    await expectNotLockedOut(dying, [fleet.leaked.privateKeyPath, keyFile]);
    // The leaked key is removed only after verification, which never ran there.
    await expectStillOld(dying, fleet.leaked);
    fleet.aws.state.setBehaviour(dying.instanceId, undefined);
    fleet.aws.state.setPingStatus(dying.instanceId, 'Online');
    await expectConverged(await rotate());
  });

  it('a failure between verify and revoke leaves both keys working, and the re-run removes the old', async () => {
    fleet.aws.faults.inject({
      service: 'ssm',
      operation: 'SendCommand',
      when: (params) => params.Comment === 'ec2-key-rotate revoke',
      error: { code: 'InvalidDocument', message: 'simulated refusal', status: 400 },
      times: 1,
    });
    const result = await rotate();
    const keyFile = fleet.custodyKeyFile(CUSTODY);
    for (const host of firstRotation(result).hosts)
      expect(host).toMatchObject({ outcome: 'failed', phase: 'revoke' });
    for (const entry of web) {
      expect(await entry.host.sshLogin('admin', keyFile)).toBe(true);
      expect(await entry.host.sshLogin('admin', fleet.leaked.privateKeyPath)).toBe(true);
    }
    await expectConverged(await rotate());
  });

  it('refuses to run while another run holds the lock, and --break-lock takes it over', async () => {
    const config = fleet.config();
    fleet.aws.state.region().parameters.clear();
    const { SSMClient, PutParameterCommand } = await import('@aws-sdk/client-ssm');
    const ssm = new SSMClient(fleet.aws.clientConfig('ssm'));
    await ssm.send(
      new PutParameterCommand({
        Name: '/ec2-key-rotate/prod/lock',
        Type: 'String',
        Value: JSON.stringify({
          runId: 'other-run',
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        }),
      }),
    );
    ssm.destroy();
    const refused = await runRotation({ kind: 'findings', findings: [fleet.finding] }, config);
    expect(refused.errors[0]?.message).toMatch(
      /another run \(other-run\) is rotating this key pair.*--break-lock/,
    );
    expect(fleet.aws.log.count('SendCommand')).toBe(0);
    for (const entry of web) await expectStillOld(entry, fleet.leaked);
    await expectConverged(await rotate({ breakLock: true }));
    expect(new LockHeldError('x').name).toBe('LockHeldError');
  });

  /**
   * SIGKILL the rotation (its own process) the moment it sends the request
   * `operation` (matching `when`): the request is never answered, no
   * `finally` runs, the lock is left behind.
   */
  async function killedAt(
    operation: string,
    when: (params: Record<string, unknown>) => boolean = () => true,
  ): Promise<void> {
    const scanFile = join(fleet.keys.dir, 'scan.json');
    writeFileSync(scanFile, JSON.stringify({ findings: [fleet.finding] }));
    const { log, ...config } = fleet.config({ runId: 'killed-run' });
    void log; // functions do not cross the process boundary
    // Node itself with tsx as a loader: the tsx CLI would put a second process in between.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/rotate-child.ts', JSON.stringify(config), scanFile],
      { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let killed = false;
    fleet.aws.faults.inject({
      service: operation === 'ImportKeyPair' || operation === 'DeleteKeyPair' ? 'ec2' : 'ssm',
      operation,
      when: (params) => {
        if (killed || !when(params)) return false;
        killed = child.kill('SIGKILL');
        return true;
      },
      error: 'reset',
      times: 1,
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exit, signal) => resolve(signal ? null : exit)),
    );
    expect(killed, `the run reached ${operation} (stderr: ${stderr})`).toBe(true);
    expect(code).toBeNull();
    fleet.aws.faults.clear();
  }

  it.each([
    ['storing the new key', 'PutParameter', (p: Record<string, unknown>) => p.Name === CUSTODY],
    [
      'sending the add command',
      'SendCommand',
      (p: Record<string, unknown>) => p.Comment === 'ec2-key-rotate add',
    ],
    [
      'sending verify',
      'SendCommand',
      (p: Record<string, unknown>) => p.Comment === 'ec2-key-rotate verify',
    ],
    [
      'sending revoke',
      'SendCommand',
      (p: Record<string, unknown>) => p.Comment === 'ec2-key-rotate revoke',
    ],
    ['retiring the leaked key pair', 'DeleteKeyPair', () => true],
    ['importing the new key pair (old one already deleted)', 'ImportKeyPair', () => true],
    [
      'recording the finished rotation',
      'PutParameter',
      (p: Record<string, unknown>) =>
        p.Name === '/ec2-key-rotate/prod/state' && String(p.Value).includes('"done"'),
    ],
  ])(
    'killed while %s: nobody is locked out, and the re-run converges',
    async (_, operation, when) => {
      await killedAt(operation, when);
      const held = [fleet.leaked.privateKeyPath];
      if (fleet.aws.state.parameterValue(CUSTODY)) held.push(fleet.custodyKeyFile(CUSTODY));
      for (const entry of web) await expectNotLockedOut(entry, held);
      const custodyVersions =
        fleet.aws.state.region().parameters.get(CUSTODY)?.versions.length ?? 0;

      // The killed run's lock is still there: a plain re-run says so.
      const refused = await rotate();
      expect(refused.errors[0]?.message ?? '').toMatch(/killed-run/);
      const again = await rotate({ breakLock: true });
      await expectConverged(again);
      // A key stored before the kill is the one the re-run finished with.
      expect(fleet.aws.state.region().parameters.get(CUSTODY)?.versions.length).toBe(
        Math.max(1, custodyVersions),
      );
      expect(fleet.aws.state.parameterValue('/ec2-key-rotate/prod/lock')).toBeUndefined();
    },
  );
});
