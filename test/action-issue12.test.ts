/**
 * Issue 12 through the built action (`dist/index.js`), as a runner runs it,
 * against the local GitHub and AWS and real sshd hosts:
 * - a push with `keyless: true` and `offline-recovery: user-data`: the SSM
 *   host loses the leaked key and gets no new one, the host without the SSM
 *   agent (never made keyless: it would be unreachable) is recovered through
 *   its user data, and the key pair is deleted instead of replaced;
 * - `mode: recover` on workflow_dispatch: a new key for a user, in custody
 *   first, that logs in with a real ssh client.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emulatorEnv } from './emulators/index.js';
import { gitIn, pushPayload, runAction, type ActionRun } from './helpers/action-runner.js';
import { bootFromUserData } from './helpers/boot.js';
import { must, startFleet, type Fleet } from './helpers/fleet.js';
import { debianHost, hostSupport, ubuntuHost } from './helpers/hosts.js';
import { GITHUB_TOKEN_PERMISSIONS, startGitHubServer, type GitHubServer } from './github/index.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping issue 12 action tests: ${unsupported}`);

/** The offline instance's own user data, which must come back byte for byte. */
const ORIGINAL = '#!/bin/sh\necho launched > /tmp/launched\n';

describe.skipIf(unsupported !== null)('issue 12 through the bundled action', () => {
  let fleet: Fleet | null = null;
  let gh: GitHubServer | null = null;

  afterEach(async () => {
    await gh?.stop();
    await fleet?.stop();
    gh = null;
    fleet = null;
  });

  async function setUp(): Promise<{ fleet: Fleet; gh: GitHubServer; repo: string; work: string }> {
    fleet = await startFleet({
      presets: (leaked) => [debianHost(leaked.publicKeyLine), ubuntuHost(leaked.publicKeyLine)],
      // The second instance has no SSM agent and boots from its user data.
      instanceSpec: (index) => (index === 1 ? { ssm: false, userData: ORIGINAL } : {}),
    });
    const offline = must(fleet.hosts[1], 'the offline host');
    fleet.aws.state.setBoot(offline.instanceId, bootFromUserData(offline.host));
    gh = await startGitHubServer({
      owner: 'acme',
      repo: 'infra',
      token: 'ghs_workflow_token',
      permissions: GITHUB_TOKEN_PERMISSIONS,
    });
    const work = mkdtempSync(join(fleet.keys.dir, 'issue12-'));
    const repo = join(work, 'infra');
    mkdirSync(repo);
    return { fleet, gh, repo, work };
  }

  const act = (
    f: Fleet,
    server: GitHubServer,
    repo: string,
    work: string,
    eventName: string,
    payload: object,
    inputs: Record<string, string>,
  ): Promise<ActionRun> =>
    runAction({
      eventName,
      payload,
      workspace: repo,
      tempDir: work,
      inputs: {
        'github-token': 'ghs_workflow_token',
        'role-to-assume': f.aws.oidc.roleArn,
        'aws-regions': 'us-east-1',
        ...inputs,
      },
      env: {
        ...emulatorEnv(f.aws, { credentials: false }),
        GITHUB_REPOSITORY: 'acme/infra',
        GITHUB_API_URL: server.url,
      },
    });

  /** A repository whose push adds the leaked key; returns the push range. */
  function leakRepo(f: Fleet, repo: string): [string, string] {
    const git = (...args: string[]): string => gitIn(repo, ...args);
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), '# infra\n');
    git('add', '.');
    git('commit', '-qm', 'init');
    const before = git('rev-parse', 'HEAD');
    writeFileSync(join(repo, 'prod.pem'), readFileSync(f.leaked.privateKeyPath));
    git('add', '.');
    git('commit', '-qm', 'add key');
    return [before, git('rev-parse', 'HEAD')];
  }

  it('a push with offline-recovery user-data: the SSM host rotated, the host without the agent recovered through its user data', async () => {
    const { fleet: f, gh: server, repo, work } = await setUp();
    const [before, after] = leakRepo(f, repo);
    const run = await act(
      f,
      server,
      repo,
      work,
      'push',
      pushPayload('acme', 'infra', before, after),
      {
        'offline-recovery': 'user-data',
        audit: 'false',
      },
    );
    expect(run.outputs.findings, run.log).toBe('1');
    expect(run.outputs['failed-hosts'], run.log).toBe('0');
    const custody = f.custodyKeyFile('/ec2-key-rotate/prod/private-key');
    const [online, offline] = f.hosts as [(typeof f.hosts)[0], (typeof f.hosts)[0]];
    expect(await online.host.sshLogin('admin', custody)).toBe(true);
    expect(await online.host.sshLogin('admin', f.leaked.privateKeyPath)).toBe(false);
    expect(await offline.host.sshLogin('ubuntu', custody)).toBe(true);
    expect(await offline.host.sshLogin('ubuntu', f.leaked.privateKeyPath)).toBe(false);
    // Its own user data is back, byte for byte, and it runs again.
    const instance = must(f.aws.state.instance(offline.instanceId), 'the offline instance');
    expect(instance.state).toBe('running');
    expect(instance.userData?.toString('utf8')).toBe(ORIGINAL);
  });

  it('a push with keyless: the leaked key leaves the SSM host and no key replaces it; the host SSM cannot reach is never made keyless and fails the step by name', async () => {
    const { fleet: f, gh: server, repo, work } = await setUp();
    const [before, after] = leakRepo(f, repo);
    const run = await act(
      f,
      server,
      repo,
      work,
      'push',
      pushPayload('acme', 'infra', before, after),
      {
        keyless: 'true',
        audit: 'false',
      },
    );
    const [online, offline] = f.hosts as [(typeof f.hosts)[0], (typeof f.hosts)[0]];
    expect(await online.host.sshLogin('admin', f.leaked.privateKeyPath)).toBe(false);
    // No new key anywhere: nothing in custody.
    expect(f.aws.state.parameterValue('/ec2-key-rotate/prod/private-key')).toBeFalsy();
    // The leaked key pair is gone, not replaced.
    expect(f.aws.state.region().keyPairs.has('prod')).toBe(false);
    // The offline host keeps its key (it would be unreachable otherwise), and the step says so.
    expect(await offline.host.sshLogin('ubuntu', f.leaked.privateKeyPath)).toBe(true);
    expect(run.outputs['failed-hosts']).toBe('1');
    expect(run.log).toMatch(new RegExp(`::error::.*${offline.instanceId}`));
    // The issue says what keyless did and how to log in now, not "rotated".
    const body = must(server.state.issues[0], 'the issue').body ?? '';
    expect(body).toContain('Keyless where SSM reaches');
    expect(body).toContain(
      `\`aws ssm start-session --target ${online.instanceId} --region us-east-1\``,
    );
    expect(body).toMatch(/EC2 key pair \*\*prod\*\* \(key-[0-9a-f]+\) was deleted, not replaced\./);
    expect(body).not.toContain('rotated on every instance');
  });

  it('mode recover on workflow_dispatch: a new key for the user, in custody first, that logs in', async () => {
    const { fleet: f, gh: server, repo, work } = await setUp();
    const online = must(f.hosts[0], 'the SSM host');
    const run = await act(
      f,
      server,
      repo,
      work,
      'workflow_dispatch',
      {},
      {
        mode: 'recover',
        instances: online.instanceId,
        user: 'admin',
        'parameter-path': '/ec2-key-rotate',
      },
    );
    expect(run.code, run.log).toBe(0);
    const parameter = must(run.outputs['parameter-name'], 'parameter-name output');
    expect(run.outputs['new-key-fingerprint']).toMatch(/^SHA256:/);
    const custody = f.custodyKeyFile(parameter);
    expect(await online.host.sshLogin('admin', custody)).toBe(true);
    // Without revoke-old the key pair's key still works too: a lost key is not a leaked one.
    expect(await online.host.sshLogin('admin', f.leaked.privateKeyPath)).toBe(true);
    expect(run.log).not.toContain(readFileSync(custody, 'utf8').split('\n')[1]);
  });
});
