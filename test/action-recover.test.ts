/**
 * The action's side of issue 12: mode recover and input keyless, read and
 * refused by the validator the CLI uses, and mode recover run through its
 * step against the local AWS on a real sshd host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverStep } from '../src/action/recover-step.js';
import { responds, rotationRequests } from '../src/action/engine-step.js';
import { ConfigError, readConfig, type RunnerContext } from '../src/config.js';
import { must, startFleet, type Fleet, type FleetHost } from './helpers/fleet.js';
import { hostSupport, ubuntuHost } from './helpers/hosts.js';

const reader =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? '';

const RECOVER = {
  mode: 'recover',
  'aws-regions': 'us-east-1',
  instances: 'i-0123456789abcdef0, i-0123456789abcdef1',
  user: 'ec2-user',
};

describe('mode recover and input keyless', () => {
  it('reads mode recover into a validated request', () => {
    const config = readConfig(
      reader({ ...RECOVER, 'revoke-old': 'true', 'import-key-pair': 'prod-2' }),
      'workflow_dispatch',
    );
    expect(config.mode).toBe('recover');
    expect(config.aws.recover).toEqual(
      expect.objectContaining({
        region: 'us-east-1',
        request: {
          target: { kind: 'instances', ids: ['i-0123456789abcdef0', 'i-0123456789abcdef1'] },
          user: 'ec2-user',
          revokeOld: true,
          importKeyPair: 'prod-2',
        },
      }),
    );
    // A recovery is not a leak response: the scan's findings start no rotation.
    expect(responds(config, false)).toBe(false);
    expect(rotationRequests(config, [], false)).toEqual([]);
    const byPair = readConfig(
      reader({ mode: 'recover', 'aws-regions': 'us-east-1', 'key-pairs': 'prod', user: 'ubuntu' }),
      'workflow_dispatch',
    );
    expect(byPair.aws.recover?.request.target).toEqual({ kind: 'key-pair', name: 'prod' });
    expect(readConfig(reader({}), 'push').aws.recover).toBeNull();
  });

  it.each([
    [
      { ...RECOVER, user: 'root;id' },
      'workflow_dispatch',
      /input user: "root;id" is not a user name/,
    ],
    [{ ...RECOVER, user: '' }, 'workflow_dispatch', /input user is required/],
    [{ ...RECOVER, instances: 'i-nope' }, 'workflow_dispatch', /input instances: "i-nope" is not/],
    [{ ...RECOVER, 'key-pairs': 'prod' }, 'workflow_dispatch', /not both/],
    [{ ...RECOVER, instances: '' }, 'workflow_dispatch', /name the instances to recover/],
    [{ ...RECOVER, 'aws-regions': 'us-east-1 eu-west-1' }, 'workflow_dispatch', /one region/],
    [RECOVER, 'pull_request', /mode recover cannot run on pull_request events/],
    [{ keyless: 'true', users: 'deploy' }, 'push', /input keyless installs no new key/],
    [{ keyless: 'maybe' }, 'push', /input keyless must be true or false/],
  ])('refuses %j on %s', (inputs, event, message) => {
    expect(() => readConfig(reader(inputs), event)).toThrow(ConfigError);
    expect(() => readConfig(reader(inputs), event)).toThrow(message);
  });

  it('reads keyless', () => {
    expect(readConfig(reader({ keyless: 'true' }), 'push').aws.keyless).toBe(true);
    expect(readConfig(reader({}), 'push').aws.keyless).toBe(false);
  });
});

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping the action's recover step on hosts: ${unsupported}`);

describe.skipIf(unsupported !== null)('the recover step on a real host', () => {
  let fleet: Fleet;
  let ubuntu: FleetHost;

  beforeAll(async () => {
    fleet = await startFleet({ presets: (leaked) => [ubuntuHost(leaked.publicKeyLine)] });
    [ubuntu] = fleet.hosts as [FleetHost];
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  it('recovers the user and fails the step only for what did not work', async () => {
    const context = { runId: '4242' } as RunnerContext;
    const config = readConfig(
      reader({ ...RECOVER, instances: ubuntu.instanceId, user: 'ubuntu' }),
      'workflow_dispatch',
    );
    const credentials = async () => ({ kind: 'default' as const });
    const done = await recoverStep(config, context, credentials);
    expect(done.failures).toEqual([]);
    const newKey = must(done.result?.newKey, 'the new key');
    expect(await ubuntu.host.sshLogin('ubuntu', fleet.custodyKeyFile(newKey.parameterName))).toBe(
      true,
    );
    const missing = await recoverStep(
      readConfig(
        reader({ ...RECOVER, instances: ubuntu.instanceId, user: 'nosuchuser' }),
        'workflow_dispatch',
      ),
      context,
      credentials,
    );
    expect(missing.result).toBeNull();
    expect(missing.failures).toEqual([
      expect.stringMatching(
        /^recover: no instance can take a new key for nosuchuser: .*does not exist/,
      ),
    ]);
  });
});
