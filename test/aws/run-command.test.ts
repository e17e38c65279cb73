/**
 * Run Command at fleet scale, against the emulator with simulated instances:
 * what SendCommand refuses for one instance (AccessDenied from the
 * least-privilege policy, InvalidInstanceId) costs that instance only, and
 * each command is followed by cheap status polls and one fetch of its output.
 */
import { generateKeyPairSync } from 'node:crypto';
import { EC2Client, ImportKeyPairCommand } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import sshpk from 'sshpk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRotation, type EngineConfig, type EngineResult } from '../../src/aws/engine.js';
import { regionClients } from '../../src/aws/clients.js';
import { DOCUMENT_NAME, hostCommand } from '../../src/aws/host/document.js';
import { installDocument } from '../../src/aws/host/document-install.js';
import { DEFAULT_RUN_OPTIONS, runOnInstances } from '../../src/aws/run-command.js';
import { applyEnv, emulatorEnv, startAwsEmulator, type AwsEmulator } from '../emulators/index.js';
import { simulatedFleet, type SimulatedFleet } from '../helpers/simulated-hosts.js';

const TAG = { 'ec2-key-rotate': 'enabled' };
const DENIED =
  'AccessDenied: tag the instance ec2-key-rotate=enabled so the role may run the document there';

function publicKeyLine(): string {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  return sshpk.parsePrivateKey(pem.toString(), 'pem').toPublic().toString('ssh');
}

describe('Run Command at scale (simulated instances)', () => {
  let aws: AwsEmulator;
  let hosts: SimulatedFleet;
  let restore: () => void;

  const config = (overrides: Partial<EngineConfig> = {}): EngineConfig => ({
    regions: [aws.region],
    credentials: { kind: 'default' },
    targetTag: { key: 'ec2-key-rotate', value: 'enabled' },
    parameterPath: '/ec2-key-rotate',
    kmsKeyId: null,
    newKeyType: 'ed25519',
    extraUsers: [],
    newKeyPairName: null,
    dryRun: false,
    run: { ...DEFAULT_RUN_OPTIONS, pollInitialMs: 20, pollMaxMs: 200 },
    runId: `test-${Math.random().toString(36).slice(2)}`,
    lockTtlMs: 60_000,
    log: () => undefined,
    ...overrides,
  });

  async function start(commandMs: number, document = true): Promise<void> {
    hosts = simulatedFleet(commandMs);
    aws = await startAwsEmulator({ executor: hosts.executor });
    restore = applyEnv(emulatorEnv(aws, { oidc: false }));
    const ec2 = new EC2Client(aws.clientConfig('ec2'));
    await ec2.send(
      new ImportKeyPairCommand({
        KeyName: 'fleet',
        PublicKeyMaterial: Buffer.from(publicKeyLine()),
      }),
    );
    ec2.destroy();
    if (document) {
      const ssm = new SSMClient(aws.clientConfig('ssm'));
      await installDocument(ssm);
      ssm.destroy();
    }
    aws.log.clear();
  }

  beforeEach(() => {
    restore = () => undefined;
  });

  afterEach(async () => {
    restore();
    await aws?.stop();
  });

  function outcomes(result: EngineResult): Record<string, string> {
    expect(result.errors).toEqual([]);
    const [rotation] = result.rotations;
    return Object.fromEntries(
      (rotation?.hosts ?? []).map((host) => [host.instanceId, host.outcome]),
    );
  }

  function sendsPerPhase(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const send of aws.log.calls('SendCommand')) {
      const phase = String(send.params.Comment).replace('ec2-key-rotate ', '');
      counts[phase] = (counts[phase] ?? 0) + 1;
    }
    return counts;
  }

  it('one untagged instance among 50: SendCommand is denied for the batch, the 49 others rotate, the untagged one is reported with the tag', async () => {
    await start(5);
    const instances = aws.state.addInstances(50, (index) => ({
      keyName: 'fleet',
      tags: index === 17 ? { Name: 'untagged' } : { Name: `web-${index}`, ...TAG },
    }));
    const untagged = instances[17]?.instanceId as string;
    // The least-privilege policy: the project's document, on tagged instances only.
    aws.state.sendCommandPolicy = {
      documents: [`${DOCUMENT_NAME}*`],
      instanceTag: { key: 'ec2-key-rotate', value: 'enabled' },
    };
    const result = await runRotation({ kind: 'key-pairs', names: ['fleet'] }, config());
    const byId = outcomes(result);
    expect(Object.values(byId).filter((outcome) => outcome === 'rotated')).toHaveLength(49);
    expect(byId[untagged]).toBe('failed');
    const report = result.rotations[0]?.hosts.find((host) => host.instanceId === untagged);
    expect(report?.phase).toBe('probe');
    expect(report?.reason).toContain(DENIED);
    // Denied once in the probe (the denial names it), then the 49 go on: nothing ran on it.
    expect(sendsPerPhase()).toEqual({ probe: 2, add: 1, verify: 1, revoke: 1 });
    const denied = aws.log.calls(
      (entry) => entry.operation === 'SendCommand' && Boolean(entry.error),
    );
    expect(denied.map((entry) => entry.error)).toEqual(['AccessDeniedException']);
    expect(aws.state.commands().every((command) => !command.instanceIds.includes(untagged))).toBe(
      true,
    );
  });

  it('splits a denied batch in halves when the denial names no instance', async () => {
    await start(5);
    const instances = aws.state.addInstances(50, () => ({ keyName: 'fleet', tags: TAG }));
    const untagged = instances[33]?.instanceId as string;
    aws.faults.inject({
      service: 'ssm',
      operation: 'SendCommand',
      when: (params) => (params.InstanceIds as string[]).includes(untagged),
      error: {
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform: ssm:SendCommand',
        status: 400,
      },
      times: Infinity,
    });
    const result = await runRotation({ kind: 'key-pairs', names: ['fleet'] }, config());
    const byId = outcomes(result);
    expect(Object.values(byId).filter((outcome) => outcome === 'rotated')).toHaveLength(49);
    expect(
      result.rotations[0]?.hosts.find((host) => host.instanceId === untagged)?.reason,
    ).toContain(DENIED);
    // log2(50) rounded up halvings, two sends each: far from one per instance.
    expect(sendsPerPhase().probe).toBeLessThanOrEqual(14);
  });

  it('a denied document fails the batch at once, naming the document, without splitting', async () => {
    await start(5);
    aws.state.addInstances(60, () => ({ keyName: 'fleet', tags: TAG }));
    aws.state.sendCommandPolicy = { documents: ['AWS-RunShellScript'] };
    const result = await runRotation({ kind: 'key-pairs', names: ['fleet'] }, config());
    const hosts = result.rotations[0]?.hosts ?? [];
    expect(hosts).toHaveLength(60);
    for (const host of hosts) {
      expect(host.outcome).toBe('failed');
      expect(host.reason).toMatch(
        /AccessDenied: the role may not run the SSM document ec2-key-rotate-host/,
      );
    }
    expect(sendsPerPhase()).toEqual({ probe: 2 });
  });

  it('polls each command for its status only (at most 8 polls), and fetches its output once', async () => {
    await start(1500);
    const ids = aws.state
      .addInstances(150, () => ({ keyName: 'fleet', tags: TAG }))
      .map((instance) => instance.instanceId);
    const clients = regionClients(aws.region, undefined);
    try {
      const outcomes = await runOnInstances(
        clients,
        ids,
        hostCommand({ phase: 'probe', oldKeyBlobs: ['AAAA'], newKeyLine: null, extraUsers: [] }),
        { ...DEFAULT_RUN_OPTIONS, comment: 'poll test' },
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(ids.map(() => 'ok'));
    } finally {
      clients.ec2.destroy();
      clients.ssm.destroy();
    }
    const commands = aws.state.commands();
    expect(commands).toHaveLength(3);
    for (const command of commands) {
      const polls = aws.log.calls(
        (entry) =>
          entry.operation === 'ListCommands' && entry.params.CommandId === command.commandId,
      );
      expect(polls.length).toBeGreaterThan(0);
      expect(polls.length).toBeLessThanOrEqual(8);
      const fetches = aws.log.calls(
        (entry) =>
          entry.operation === 'ListCommandInvocations' &&
          entry.params.CommandId === command.commandId,
      );
      expect(fetches).toHaveLength(1);
      expect(fetches[0]?.params).toMatchObject({ Details: true, MaxResults: 50 });
    }
  });

  it('pages the output of a command through every page', async () => {
    await start(5);
    const ids = aws.state
      .addInstances(3, () => ({ keyName: 'fleet', tags: TAG }))
      .map((instance) => instance.instanceId);
    const clients = regionClients(aws.region, undefined);
    // One invocation per page: the output fetch must follow NextToken.
    aws.faults.inject({
      service: 'ssm',
      operation: 'ListCommandInvocations',
      when: (params) => {
        params.MaxResults = 1;
        return false;
      },
      times: Infinity,
    });
    try {
      const outcomes = await runOnInstances(
        clients,
        ids,
        hostCommand({ phase: 'probe', oldKeyBlobs: ['AAAA'], newKeyLine: null, extraUsers: [] }),
        { ...DEFAULT_RUN_OPTIONS, pollInitialMs: 20 },
      );
      expect(outcomes.map((outcome) => outcome.instanceId)).toEqual(ids);
      expect(outcomes.every((outcome) => outcome.status === 'ok')).toBe(true);
    } finally {
      clients.ec2.destroy();
      clients.ssm.destroy();
    }
    expect(aws.log.count('ListCommandInvocations')).toBe(3);
  });

  it('AWS-RunShellScript (the opt-in): the whole script as `commands`, no document needed', async () => {
    await start(5, false);
    aws.state.addInstances(3, () => ({ keyName: 'fleet', tags: TAG }));
    const result = await runRotation(
      { kind: 'key-pairs', names: ['fleet'] },
      config({ run: { ...config().run, ssmDocument: 'AWS-RunShellScript' } }),
    );
    expect(Object.values(outcomes(result))).toEqual(['rotated', 'rotated', 'rotated']);
    for (const send of aws.log.calls('SendCommand')) {
      expect(send.params.DocumentName).toBe('AWS-RunShellScript');
      const commands = (send.params.Parameters as Record<string, string[]>).commands;
      expect(commands?.[0]).toMatch(
        /^#!\/bin\/sh\n# ec2-key-rotate host script, phase \w+\nEC2KR_PHASE=/,
      );
    }
    expect(aws.log.count('GetDocument')).toBe(0);
  });
});
