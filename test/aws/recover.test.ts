/**
 * Lost-key recovery end to end: the local AWS whose Run Command runs the
 * project's document inside real sshd hosts; the real ssh client decides
 * which keys log in.
 */
import { spawn } from 'node:child_process';
import { DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  recoverAccess,
  recoveryComplete,
  recoveryNames,
  type RecoverConfig,
  type RecoverRequest,
  type RecoverResult,
} from '../../src/aws/recover.js';
import { recoverJson, recoverText } from '../../src/report/recover.js';
import {
  expectRotated,
  expectStillOld,
  must,
  startFleet,
  type Fleet,
  type FleetHost,
} from '../helpers/fleet.js';
import { amazonLinuxHost, debianHost, hostSupport, ubuntuHost } from '../helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping end-to-end recovery tests: ${unsupported}`);

describe.skipIf(unsupported !== null)('recover across real hosts', () => {
  let fleet: Fleet;
  let amazon: FleetHost;
  let ubuntu: FleetHost;
  let debian: FleetHost;
  let noAgent: string;

  const config = (overrides: Partial<RecoverConfig> = {}): RecoverConfig => {
    const base = fleet.config();
    return {
      region: fleet.aws.region,
      credentials: base.credentials,
      parameterPath: base.parameterPath,
      kmsKeyId: null,
      newKeyType: 'ed25519',
      run: base.run,
      runId: base.runId,
      lockTtlMs: base.lockTtlMs,
      log: () => undefined,
      ...overrides,
    };
  };

  /** No line of a custody key's base64 body appears in `text`. */
  function expectNoSecret(text: string, parameterName: string): void {
    const secret = must(fleet.aws.state.parameterValue(parameterName), 'the custody key');
    const lines = secret.split('\n').filter((line) => line && !line.startsWith('-----'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(text.includes(line.trim())).toBe(false);
  }

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) => [
        amazonLinuxHost(leaked.publicKeyLine),
        ubuntuHost(leaked.publicKeyLine),
        debianHost(leaked.publicKeyLine),
      ],
      extraInstances: (keyName) => [{ keyName, ssm: false, tags: { Name: 'no-agent' } }],
    });
    [amazon, ubuntu, debian] = fleet.hosts as [FleetHost, FleetHost, FleetHost];
    noAgent = must(fleet.extraInstances[0], 'the no-agent instance');
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  beforeEach(async () => {
    await fleet.reset();
  });

  it('gives one user a new key in custody first; the old key and other users are untouched', async () => {
    const request: RecoverRequest = {
      target: { kind: 'instances', ids: [amazon.instanceId] },
      user: 'ec2-user',
      revokeOld: false,
      importKeyPair: null,
    };
    const result = await recoverAccess(request, config());
    expect(result.errors).toEqual([]);
    expect(result.hosts.map((host) => [host.instanceId, host.outcome])).toEqual([
      [amazon.instanceId, 'recovered'],
    ]);
    expect(recoveryComplete(result)).toBe(true);
    const newKey = must(result.newKey, 'the new key');
    const names = recoveryNames('/ec2-key-rotate', 'ec2-user', request.target);
    expect(newKey.parameterName).toBe(names.privateKey);
    expect(fleet.aws.state.region().parameters.get(names.privateKey)?.versions.at(-1)?.type).toBe(
      'SecureString',
    );
    // Custody came before any host was changed.
    const stored = fleet.aws.log.entries.findIndex(
      (entry) => entry.operation === 'PutParameter' && entry.params.Name === names.privateKey,
    );
    expect(stored).toBeGreaterThanOrEqual(0);
    expect(stored).toBeLessThan(
      fleet.aws.log.entries.findIndex(
        (entry) => entry.operation === 'SendCommand' && /add/.test(String(entry.params.Comment)),
      ),
    );

    const keyFile = fleet.custodyKeyFile(newKey.parameterName);
    expect(await amazon.host.sshLogin('ec2-user', keyFile)).toBe(true);
    // Only ec2-user got it; the lost key was not touched (it may still be in a drawer).
    expect(await amazon.host.sshLogin('root', keyFile)).toBe(false);
    await expectStillOld(amazon, fleet.leaked);
    // The other instances of the pair were not named, so not touched.
    expect(await ubuntu.host.sshLogin('ubuntu', keyFile)).toBe(false);

    const text = recoverText(result);
    expect(text).toContain(
      `aws ssm get-parameter --with-decryption --region ${fleet.aws.region} --name ${newKey.parameterName}:${newKey.parameterVersion}`,
    );
    expect(text).toMatch(/ssh -i recovered-key ec2-user@\d+\.\d+\.\d+\.\d+ {4}# i-/);
    expectNoSecret(text, newKey.parameterName);
    expectNoSecret(recoverJson(result), newKey.parameterName);
  });

  it('--revoke-old by key pair: the old key is refused where the user exists; hosts without the user are failed, untouched', async () => {
    const result = await recoverAccess(
      {
        target: { kind: 'key-pair', name: fleet.keyName },
        user: 'ubuntu',
        revokeOld: true,
        importKeyPair: 'prod-recovered',
      },
      config(),
    );
    expect(result.errors).toEqual([]);
    const outcomes = Object.fromEntries(result.hosts.map((host) => [host.instanceId, host]));
    expect(outcomes[ubuntu.instanceId]?.outcome).toBe('recovered');
    expect(outcomes[amazon.instanceId]?.outcome).toBe('failed');
    expect(outcomes[amazon.instanceId]?.reason).toMatch(/user ubuntu does not exist/);
    expect(outcomes[debian.instanceId]?.outcome).toBe('failed');
    expect(outcomes[noAgent]?.outcome).toBe('skipped');
    expect(outcomes[noAgent]?.reason).toMatch(/not managed by SSM.*--offline-recovery/);
    expect(recoveryComplete(result)).toBe(false);

    const keyFile = fleet.custodyKeyFile(must(result.newKey, 'the new key').parameterName);
    // Every user the leaked key let in (ubuntu, and root's cloud-init line) now takes the new key only.
    await expectRotated(ubuntu, keyFile, fleet.leaked);
    await expectStillOld(amazon, fleet.leaked);
    await expectStillOld(debian, fleet.leaked);

    // Imported under the new name; the instances' own pair is left as it was.
    const ec2 = new EC2Client(fleet.aws.clientConfig('ec2'));
    try {
      const pairs = await ec2.send(new DescribeKeyPairsCommand({ IncludePublicKey: true }));
      const byName = Object.fromEntries(
        (pairs.KeyPairs ?? []).map((pair) => [pair.KeyName, pair.PublicKey?.split(' ')[1]]),
      );
      expect(byName['prod-recovered']).toBe(result.newKey?.publicKeyLine.split(' ')[1]);
      expect(byName[fleet.keyName]).toBe(fleet.leaked.blob);
    } finally {
      ec2.destroy();
    }
    expect(result.imported?.keyName).toBe('prod-recovered');
  });

  it('a run killed between add and verify converges, when run again, on the same key', async () => {
    const request: RecoverRequest = {
      target: { kind: 'instances', ids: [debian.instanceId] },
      user: 'admin',
      revokeOld: true,
      importKeyPair: null,
    };
    const { log, ...childConfig } = config({ runId: 'killed-recovery' });
    void log;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/helpers/recover-child.ts',
        JSON.stringify(request),
        JSON.stringify(childConfig),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let killed = false;
    fleet.aws.faults.inject({
      service: 'ssm',
      operation: 'SendCommand',
      when: (params) => {
        if (killed || params.Comment !== 'ec2-key-rotate verify') return false;
        killed = child.kill('SIGKILL');
        return true;
      },
      error: 'reset',
      times: 1,
    });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(killed, `the run reached verify (stderr: ${stderr})`).toBe(true);
    fleet.aws.faults.clear();
    const names = recoveryNames('/ec2-key-rotate', 'admin', request.target);
    const stored = must(fleet.aws.state.parameterValue(names.privateKey), 'the custody key');

    // Another run id finds the lock the killed run left.
    await expect(recoverAccess(request, config())).rejects.toThrow(
      /another run \(killed-recovery\)/,
    );
    const logLines: string[] = [];
    const result: RecoverResult = await recoverAccess(
      request,
      config({ breakLock: true, log: (line) => logLines.push(line) }),
    );
    expect(result.resumed).toBe(true);
    expect(logLines.join('\n')).toMatch(/resuming the recovery for admin/);
    expect(fleet.aws.state.parameterValue(names.privateKey)).toBe(stored);
    expect(recoveryComplete(result)).toBe(true);
    const keyFile = fleet.custodyKeyFile(names.privateKey);
    await expectRotated(debian, keyFile, fleet.leaked);

    // Once more: nothing new, the same key, still recovered.
    const again = await recoverAccess(request, config());
    expect(again.newKey?.fingerprint).toBe(result.newKey?.fingerprint);
    expect(recoveryComplete(again)).toBe(true);
  });

  it('refuses an unknown instance, an instance SSM cannot reach, and a key pair that does not exist, before any change', async () => {
    const refused = async (request: Partial<RecoverRequest>): Promise<string> => {
      const error = await recoverAccess(
        { user: 'ec2-user', revokeOld: false, importKeyPair: null, ...request } as RecoverRequest,
        config(),
      ).then(
        () => null,
        (caught: unknown) => caught as Error,
      );
      return must(error, 'a refusal').message;
    };
    expect(await refused({ target: { kind: 'instances', ids: ['i-0000000000000dead'] } })).toMatch(
      /no such instance in us-east-1 \(or terminated\): i-0000000000000dead/,
    );
    expect(await refused({ target: { kind: 'instances', ids: [noAgent] } })).toMatch(
      /Run Command cannot reach this instance: i-[0-9a-f]+: not managed by SSM.*--offline-recovery user-data/,
    );
    expect(await refused({ target: { kind: 'key-pair', name: 'nope' } })).toMatch(
      /no key pair named nope in us-east-1/,
    );
    expect(
      await refused({
        target: { kind: 'instances', ids: [ubuntu.instanceId] },
        user: 'nobody-here',
      }),
    ).toMatch(
      /no instance can take a new key for nobody-here: i-[0-9a-f]+: user nobody-here does not exist/,
    );
    // The lock at most, never a key or a recorded step.
    expect(
      fleet.aws.log.count(
        (entry) =>
          entry.operation === 'PutParameter' && !String(entry.params.Name).endsWith('/lock'),
      ),
    ).toBe(0);
    expect(fleet.aws.log.entries.some((entry) => /add/.test(String(entry.params.Comment)))).toBe(
      false,
    );
    await expectStillOld(ubuntu, fleet.leaked);
  });
});
