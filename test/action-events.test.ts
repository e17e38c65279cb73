/**
 * The built action under each event a workflow runs it for, with the local
 * GitHub, the local AWS (through OIDC) and real sshd hosts behind it:
 * pull requests comment and never rotate, schedules scan the history (and
 * rotate by age), a dispatch rotates named pairs, a new branch and a force
 * push are scanned from git, a deleted branch is nothing to scan.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { markerKeyId } from '../src/github/issue-body.js';
import { emulatorEnv } from './emulators/index.js';
import {
  gitIn,
  pullRequestPayload,
  pushPayload,
  runAction,
  schedulePayload,
  visibleLog,
  type ActionRun,
} from './helpers/action-runner.js';
import { expectRotated, expectStillOld, must, startFleet, type Fleet } from './helpers/fleet.js';
import { debianHost, hostSupport } from './helpers/hosts.js';
import { GITHUB_TOKEN_PERMISSIONS, startGitHubServer, type GitHubServer } from './github/index.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping action event tests: ${unsupported}`);
const ZERO = '0'.repeat(40);

describe.skipIf(unsupported !== null)('the action under each event', () => {
  let fleet: Fleet;
  let gh: GitHubServer;
  let work: string;
  let repo: string;
  let base: string;
  let leak: string;
  let removal: string;

  const git = (...args: string[]): string => gitIn(repo, ...args);

  const run = (
    eventName: string,
    payload: object,
    inputs: Record<string, string> = {},
    scanned = 'acme/infra',
    env: Record<string, string> = {},
  ): Promise<ActionRun> =>
    runAction({
      eventName,
      payload,
      workspace: repo,
      tempDir: work,
      inputs: {
        'github-token': 'ghs_workflow_token',
        'role-to-assume': fleet.aws.oidc.roleArn,
        'aws-regions': 'us-east-1',
        ...inputs,
      },
      env: {
        ...emulatorEnv(fleet.aws, { credentials: false }),
        GITHUB_REPOSITORY: scanned,
        GITHUB_API_URL: gh.url,
        ...env,
      },
    });

  const sends = (): number => fleet.aws.log.count('SendCommand');

  beforeAll(async () => {
    fleet = await startFleet({ presets: (leaked) => [debianHost(leaked.publicKeyLine)] });
    gh = await startGitHubServer({
      owner: 'acme',
      repo: 'infra',
      token: 'ghs_workflow_token',
      permissions: { ...GITHUB_TOKEN_PERMISSIONS, pull_requests: 'write' },
    });
    work = mkdtempSync(join(fleet.keys.dir, 'events-'));
    repo = join(work, 'infra');
    mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), '# infra\n');
    git('add', '.');
    git('commit', '-qm', 'init');
    base = git('rev-parse', 'HEAD');
    // The key pasted into a JSON config with escaped newlines.
    const pem = readFileSync(fleet.leaked.privateKeyPath, 'utf8');
    writeFileSync(join(repo, 'config.json'), `${JSON.stringify({ ssh: { key: pem } }, null, 2)}\n`);
    git('add', '.');
    git('commit', '-qm', 'add config');
    leak = git('rev-parse', 'HEAD');
    git('rm', '-q', 'config.json');
    git('commit', '-qm', 'remove config');
    removal = git('rev-parse', 'HEAD');
  });

  afterAll(async () => {
    await gh?.stop();
    await fleet?.stop();
  });

  beforeEach(async () => {
    await fleet.reset();
    gh.state.issues.length = 0;
    gh.log.clear();
    gh.faults.clear();
  });

  /** Commits on a side branch from `start` (main is left as it is); returns each commit. */
  function commits(name: string, start: string, ...steps: Record<string, string>[]): string[] {
    git('checkout', '-q', '-b', name, start);
    try {
      return steps.map((files, index) => {
        for (const [path, content] of Object.entries(files)) {
          mkdirSync(join(repo, path, '..'), { recursive: true });
          writeFileSync(join(repo, path), content);
        }
        git('add', '.');
        git('commit', '-qm', `${name} ${index}`);
        return git('rev-parse', 'HEAD');
      });
    } finally {
      git('checkout', '-q', 'main');
    }
  }
  const key = (): string => readFileSync(fleet.leaked.privateKeyPath, 'utf8');
  /** Runs with `commit` checked out, as actions/checkout leaves the workspace. */
  async function checkedOut(commit: string, action: () => Promise<ActionRun>): Promise<ActionRun> {
    git('checkout', '-q', '--detach', commit);
    try {
      return await action();
    } finally {
      git('checkout', '-q', 'main');
    }
  }

  it('pull_request: one comment on the pull request, no issue, nothing touched in AWS', async () => {
    const pr = gh.state.addIssue({ title: 'add config', pullRequest: true });
    const result = await run(
      'pull_request',
      pullRequestPayload('acme', 'infra', pr.number, base, leak),
    );
    expect(result.code).toBe(1);
    expect(pr.comments).toHaveLength(1);
    expect(pr.comments[0]?.body).toContain('This pull request adds 1 private key');
    expect(gh.state.issues.filter((issue) => !issue.pullRequest)).toHaveLength(0);
    expect(fleet.aws.log.count()).toBe(0);
    await expectStillOld(must(fleet.hosts[0], 'host'), fleet.leaked);
    // A second push to the pull request updates the same comment.
    await run('pull_request', pullRequestPayload('acme', 'infra', pr.number, base, leak));
    expect(pr.comments).toHaveLength(1);
  });

  it('schedule: the history holds the deleted key; issue in Japanese, rotated, and age-based rotation of nothing else', async () => {
    const result = await run('schedule', schedulePayload('acme', 'infra', '17 3 * * 1'), {
      language: 'ja',
      'max-key-age': '90',
    });
    expect(result.code).toBe(1);
    expect(result.log).toContain('mode scheduled, scanning the whole history');
    const issue = must(gh.state.issues[0], 'the issue');
    expect(markerKeyId(issue.body)).toBe(fleet.finding.id);
    expect(issue.title).toBe(`秘密鍵の漏えい ${fleet.finding.fingerprint}`);
    expect(issue.body).toContain('`config.json`');
    expect(issue.body).toContain('## 人が行う必要のあること');
    expect(issue.body).toContain(`最初に持ち込んだコミット: ${leak}`);
    const custody = fleet.custodyKeyFile('/ec2-key-rotate/prod/private-key');
    await expectRotated(must(fleet.hosts[0], 'host'), custody, fleet.leaked);
    expect(result.outputs['rotated-hosts']).toBe('1');
    expect(result.summary).toContain('| 鍵 | フィンガープリント | 場所 | issue |');
    expect(result.summary).toContain('秘密鍵が 1 個見つかりました。');
    expect(visibleLog(result.log)).not.toContain(readFileSync(custody, 'utf8').split('\n')[2]);
  });

  it('a rotation that fails still leaves the issue, saying what failed, and fails the step', async () => {
    fleet.aws.state.invalidKmsKeys.add('alias/missing');
    const result = await run('push', pushPayload('acme', 'infra', base, leak), {
      'kms-key-id': 'alias/missing',
    });
    expect(result.code).toBe(1);
    const issue = must(gh.state.issues[0], 'the issue');
    expect(issue.body).toContain('The rotation did not finish. Every instance keeps a working key');
    expect(issue.body).toMatch(
      /\*\*Error:\*\* prod: cannot store the new private key in Parameter Store/,
    );
    expect(result.log).toMatch(/::error::.*rotation of prod: cannot store the new private key/);
    // Only the read-only phases (the audit, the probe) reached the host: nothing was changed there.
    const readOnly = new Set(['ec2-key-rotate probe', 'ec2-key-rotate audit']);
    expect(
      fleet.aws.log.count(
        (entry) => entry.operation === 'SendCommand' && !readOnly.has(String(entry.params.Comment)),
      ),
    ).toBe(0);
    expect(
      fleet.aws.log.count(
        (entry) =>
          entry.operation === 'SendCommand' && entry.params.Comment === 'ec2-key-rotate audit',
      ),
    ).toBe(1);
    await expectStillOld(must(fleet.hosts[0], 'host'), fleet.leaked);
  });

  it('issue-repository: the same key leaked in two repositories is one issue in the central one', async () => {
    const inputs = { mode: 'scan', 'issue-repository': 'acme/infra' };
    await run('push', pushPayload('acme', 'app-one', base, leak), inputs, 'acme/app-one');
    await run('push', pushPayload('acme', 'app-two', base, leak), inputs, 'acme/app-two');
    expect(gh.state.issues).toHaveLength(1);
    const issue = must(gh.state.issues[0], 'the issue');
    expect(issue.body).toContain('In repository **acme/app-one**.');
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.body).toContain(
      'In repository **acme/app-two**. Found at new places:',
    );
    expect(fleet.aws.log.count()).toBe(0);
  });

  it('a secrets token that cannot write secrets: rotated, but the issue and the step say the secret is stale', async () => {
    const result = await run('push', pushPayload('acme', 'infra', base, leak), {
      'actions-secret-name': 'DEPLOY_KEY',
      'secrets-token': 'ghs_workflow_token',
    });
    expect(result.code).toBe(1);
    expect(result.log).toMatch(
      /::error::.*cannot update the repository secret DEPLOY_KEY: the token lacks permission/,
    );
    const issue = must(gh.state.issues[0], 'the issue');
    expect(issue.body).toMatch(/\*\*Error:\*\* cannot update the repository secret DEPLOY_KEY/);
    expect(gh.state.repoSecret('DEPLOY_KEY')).toBeUndefined();
    await expectRotated(
      must(fleet.hosts[0], 'host'),
      fleet.custodyKeyFile('/ec2-key-rotate/prod/private-key'),
      fleet.leaked,
    );
  });

  it('workflow_dispatch with mode rotate and dry-run: the plan, and nothing changed', async () => {
    const result = await run(
      'workflow_dispatch',
      { inputs: { 'key-pairs': 'prod' } },
      { mode: 'rotate', 'key-pairs': 'prod', 'dry-run': 'true' },
    );
    expect(result.code, result.log).toBe(0);
    expect(result.outputs['matched-key-pairs']).toBe('["us-east-1/prod"]');
    expect(result.outputs['rotated-hosts']).toBe('0');
    expect(result.summary).toMatch(/will rotate/);
    expect(sends()).toBe(0);
    expect(fleet.aws.log.count('PutParameter')).toBe(0);
    expect(gh.state.issues).toHaveLength(0);
  });

  it('workflow_dispatch with mode rotate: named key pairs are rotated even with no leak', async () => {
    const result = await run('workflow_dispatch', {}, { mode: 'rotate', 'key-pairs': 'prod' });
    expect(result.code, result.log).toBe(0);
    const custody = fleet.custodyKeyFile('/ec2-key-rotate/prod/private-key');
    await expectRotated(must(fleet.hosts[0], 'host'), custody, fleet.leaked);
    expect(gh.state.issues).toHaveLength(0);
  });

  /** A branch from `base` with one commit that commits the key again (not on main). */
  function branchWithKey(name: string): string {
    git('checkout', '-q', '-b', name, base);
    try {
      mkdirSync(join(repo, 'keys'), { recursive: true });
      writeFileSync(join(repo, 'keys', `${name}.pem`), readFileSync(fleet.leaked.privateKeyPath));
      git('add', '.');
      git('commit', '-qm', `key on ${name}`);
      return git('rev-parse', 'HEAD');
    } finally {
      git('checkout', '-q', 'main');
    }
  }

  it('a push that creates a branch (before all zeros) scans what the branch adds', async () => {
    const tip = branchWithKey('feature');
    const result = await run(
      'push',
      pushPayload('acme', 'infra', ZERO, tip, { ref: 'refs/heads/feature', created: true }),
    );
    expect(result.code).toBe(1);
    expect(result.outputs.findings).toBe('1');
    expect(gh.state.issues).toHaveLength(1);
    expect(gh.state.issues[0]?.body).toContain('`keys/feature.pem`');
  });

  it('a force push whose old tip is not in the clone still scans the pushed commits', async () => {
    const tip = branchWithKey('rewritten');
    const result = await run(
      'push',
      pushPayload('acme', 'infra', 'f'.repeat(40), tip, {
        forced: true,
        ref: 'refs/heads/rewritten',
      }),
    );
    expect(result.outputs.findings, result.log).toBe('1');
    expect(result.log).toContain('is not in this clone (force push?)');
  });

  it('a push of more commits than the payload lists (it stops at 20) is scanned in full, through a secondary rate limit', async () => {
    const tip = branchWithKey('long');
    git('checkout', '-q', 'long');
    try {
      for (let i = 0; i < 24; i++) {
        writeFileSync(join(repo, 'notes.txt'), `note ${i}\n`);
        git('add', '.');
        git('commit', '-qm', `note ${i}`);
      }
      const last = git('rev-parse', 'HEAD');
      const payload = pushPayload('acme', 'infra', base, last, { ref: 'refs/heads/long' });
      expect((payload.commits as unknown[]).length).toBeLessThan(25);
      // GitHub asks the action to slow down once; the throttling plugin waits and retries.
      gh.faults.secondaryRateLimit({
        method: 'POST',
        route: '/repos/{owner}/{repo}/issues',
        retryAfter: 1,
        times: 1,
      });
      const result = await run('push', payload, { mode: 'scan' });
      expect(result.outputs.findings, result.log).toBe('1');
      expect(gh.state.issues).toHaveLength(1);
      expect(gh.state.issues[0]?.body).toContain(tip.slice(0, 12));
      expect(
        gh.log.count(
          (entry) => entry.method === 'POST' && entry.route === 'POST /repos/{owner}/{repo}/issues',
        ),
      ).toBe(2);
    } finally {
      git('checkout', '-q', 'main');
    }
  });

  it('a push that deletes a branch scans nothing and succeeds', async () => {
    const result = await run(
      'push',
      pushPayload('acme', 'infra', removal, ZERO, { deleted: true }),
    );
    expect(result.code, result.log).toBe(0);
    expect(result.outputs.findings).toBe('0');
    expect(result.log).toContain('scanning nothing (branch deleted)');
    expect(sends()).toBe(0);
  });

  describe('the ignore file is read from the default branch, never from the scanned commits (issue 9)', () => {
    const IGNORE = '.ec2-key-rotate-ignore';
    const scanOnly = { mode: 'scan' };

    it('a push that adds a key and a catch-all ignore file still reports the key', async () => {
      const [tip] = commits('catch-all', base, {
        'keys/prod.pem': key(),
        [IGNORE]: '**  # test fixtures\n',
      });
      const result = await checkedOut(must(tip, 'tip'), () =>
        run('push', pushPayload('acme', 'infra', base, must(tip, 'tip')), scanOnly),
      );
      expect(result.outputs.findings, result.log).toBe('1');
      expect(result.outputs.suppressed).toBe('0');
      expect(gh.state.issues).toHaveLength(1);
      expect(gh.state.issues[0]?.body).toContain('`keys/prod.pem`');
    });

    it('a push that adds a narrow entry for its own key still reports it', async () => {
      const [tip] = commits('narrow', base, {
        'keys/prod.pem': key(),
        [IGNORE]: `keys/prod.pem  # fixture\n${fleet.finding.id}  # revoked\n`,
      });
      const result = await checkedOut(must(tip, 'tip'), () =>
        run('push', pushPayload('acme', 'infra', base, must(tip, 'tip')), scanOnly),
      );
      expect(result.outputs.findings, result.log).toBe('1');
      expect(result.outputs.suppressed).toBe('0');
      expect(gh.state.issues).toHaveLength(1);
    });

    it('an entry already on the default branch suppresses and is counted; catch-alls there are refused with a warning', async () => {
      const [before, after] = commits(
        'trusted',
        base,
        { [IGNORE]: `*  # everything\n${fleet.finding.id}  # revoked, pair deleted\n` },
        { 'keys/prod.pem': key() },
      );
      const result = await checkedOut(must(after, 'after'), () =>
        run(
          'push',
          pushPayload('acme', 'infra', must(before, 'before'), must(after, 'after')),
          scanOnly,
        ),
      );
      expect(result.code, result.log).toBe(0);
      expect(result.outputs.findings).toBe('0');
      expect(result.outputs.suppressed).toBe('1');
      expect(gh.state.issues).toHaveLength(0);
      expect(result.log).toContain(
        `::warning title=Ignore file::${IGNORE}:1: entry "*" refused and not applied`,
      );
      expect(result.log).toMatch(
        /ignore file \.ec2-key-rotate-ignore from the default branch before the push/,
      );
    });

    it("a pull request's own ignore file is not used; the base's is", async () => {
      const [trustedBase] = commits('pr-base', base, {
        [IGNORE]: `${fleet.finding.id}  # revoked, pair deleted\n`,
      });
      const [head] = commits('pr-head', must(trustedBase, 'base'), {
        'keys/pr.pem': key(),
        [IGNORE]: 'docs/**  # replaced by the pull request\n',
      });
      const pr = gh.state.addIssue({ title: 'suppressed by the base', pullRequest: true });
      const ok = await checkedOut(must(head, 'head'), () =>
        run(
          'pull_request',
          pullRequestPayload(
            'acme',
            'infra',
            pr.number,
            must(trustedBase, 'base'),
            must(head, 'head'),
          ),
        ),
      );
      expect(ok.code, ok.log).toBe(0);
      expect(ok.outputs.suppressed).toBe('1');
      expect(pr.comments).toHaveLength(0);

      const [own] = commits('pr-own', base, {
        'keys/pr.pem': key(),
        [IGNORE]: `keys/**  # mine\n${fleet.finding.id}  # mine too\n`,
      });
      const other = gh.state.addIssue({ title: 'ignores itself', pullRequest: true });
      const caught = await checkedOut(must(own, 'head'), () =>
        run(
          'pull_request',
          pullRequestPayload('acme', 'infra', other.number, base, must(own, 'head')),
        ),
      );
      expect(caught.code).toBe(1);
      expect(caught.outputs.findings).toBe('1');
      expect(caught.outputs.suppressed).toBe('0');
      expect(other.comments).toHaveLength(1);
      expect(fleet.aws.log.count()).toBe(0);
    });

    it('a scheduled scan warns about an entry that matches nothing', async () => {
      writeFileSync(join(repo, IGNORE), 'old/fixtures/**  # removed long ago\n');
      try {
        const result = await run(
          'schedule',
          schedulePayload('acme', 'infra', '17 3 * * 1'),
          scanOnly,
        );
        expect(result.outputs.findings, result.log).toBe('1');
        expect(result.log).toContain(
          `::warning title=Ignore file::${IGNORE}:1: entry "old/fixtures/**" matches nothing in this scan`,
        );
      } finally {
        rmSync(join(repo, IGNORE), { force: true });
      }
    });
  });

  it('a clean push goes back to a leak an earlier run left open, and closes it', async () => {
    const [host] = fleet.hosts as [(typeof fleet.hosts)[0]];
    // The leak's push: the instance is stopped, so the rotation cannot reach it.
    fleet.aws.state.setInstanceState(host.instanceId, 'stopped');
    const first = await run('push', pushPayload('acme', 'infra', base, leak));
    expect(first.outputs['failed-hosts']).toBe('1');
    await expectStillOld(host, fleet.leaked);
    // A later push adds nothing new; the instance runs again.
    fleet.aws.state.setInstanceState(host.instanceId, 'running');
    const later = await run('push', pushPayload('acme', 'infra', leak, removal));
    expect(later.code).toBe(0);
    const custody = fleet.custodyKeyFile('/ec2-key-rotate/prod/private-key');
    await expectRotated(host, custody, fleet.leaked);
  });

  it('pull requests never rotate: mode rotate or scheduled on pull_request is refused before anything runs', async () => {
    const pr = gh.state.addIssue({ title: 'wants a rotation', pullRequest: true });
    for (const [mode, inputs] of [
      ['rotate', { mode: 'rotate', 'key-pairs': 'prod' }],
      ['scheduled', { mode: 'scheduled' }],
    ] as const) {
      const result = await run(
        'pull_request',
        pullRequestPayload('acme', 'infra', pr.number, base, leak),
        inputs,
      );
      expect(result.code).toBe(1);
      expect(result.log).toContain(`mode ${mode} cannot run on pull_request events`);
    }
    expect(fleet.aws.log.count()).toBe(0);
    expect(pr.comments).toHaveLength(0);
    await expectStillOld(must(fleet.hosts[0], 'host'), fleet.leaked);
  });

  it('GitHub failing (issues disabled: 410) does not stop the rotation; summary and outputs are written; the step names the failure', async () => {
    gh.faults.inject({
      route: 'POST /repos/{owner}/{repo}/issues',
      status: 410,
      message: 'Issues are disabled for this repo',
      times: Infinity,
    });
    const result = await run('push', pushPayload('acme', 'infra', base, leak));
    expect(result.code).toBe(1);
    // Rotated all the same.
    const custody = fleet.custodyKeyFile('/ec2-key-rotate/prod/private-key');
    await expectRotated(must(fleet.hosts[0], 'host'), custody, fleet.leaked);
    expect(gh.state.issues).toHaveLength(0);
    expect(result.outputs['rotated-hosts']).toBe('1');
    expect(result.outputs.findings).toBe('1');
    expect(result.summary).toContain('## ec2-key-rotate');
    expect(result.summary).toMatch(/### Not done\n\n- .*open the leak issue/);
    // The step's failure names the GitHub failure, not only the key.
    expect(result.log).toMatch(
      /::error::1 committed private key\(s\) found; cannot open the leak issue: .*Issues are disabled/,
    );
  });

  it('an encrypted key gets its issue (marked encrypted); a placeholder is reported with low confidence and gets none', async () => {
    const dir = mkdtempSync(join(work, 'enc-'));
    execFileSync('openssl', [
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-aes-256-cbc',
      '-pass',
      'pass:correct horse',
      '-out',
      join(dir, 'key.pem'),
    ]);
    const [tip] = commits('encrypted', base, {
      'secrets/backup.pem': readFileSync(join(dir, 'key.pem'), 'utf8'),
      'docs/howto.md':
        '# Setup\n\n```\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n```\n',
    });
    const result = await checkedOut(must(tip, 'tip'), () =>
      run('push', pushPayload('acme', 'infra', base, must(tip, 'tip')), { mode: 'scan' }),
    );
    expect(result.code).toBe(1);
    expect(gh.state.issues).toHaveLength(1);
    const issue = must(gh.state.issues[0], 'the issue');
    expect(issue.title).toMatch(/\(encrypted\)$/);
    expect(issue.body).toContain('**The key is encrypted.**');
    expect(issue.body).toContain('secrets/backup.pem');
    expect(issue.body).not.toContain('docs/howto.md');
    expect(result.summary).toContain('1 private key found.');
    expect(result.summary).toMatch(/1 placeholder or truncated key block \(low confidence/);
    expect(result.log).toMatch(/::warning .*file=docs\/howto\.md.*Possible private key/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('three pushes in quick succession: every pushed commit is scanned, rotations queue on the lock, none fails', async () => {
    const pem = readFileSync(fleet.leaked.privateKeyPath, 'utf8');
    const tips = commits(
      'busy',
      base,
      { 'a/one.pem': pem },
      { 'b/two.pem': pem },
      { 'c/three.pem': pem },
    );
    const [one, two, three] = tips.map((tip) => must(tip, 'tip'));
    const ranges: [string, string][] = [
      [base, must(one, 'one')],
      [must(one, 'one'), must(two, 'two')],
      [must(two, 'two'), must(three, 'three')],
    ];
    // The runner checks out each run's own commit: three clones, three runs at once.
    const runs = await Promise.all(
      ranges.map(async ([before, after], index) => {
        const clone = join(work, `busy-${index}`);
        rmSync(clone, { recursive: true, force: true });
        execFileSync('git', ['clone', '-q', repo, clone]);
        execFileSync('git', ['-C', clone, 'checkout', '-q', after]);
        await new Promise((resolve) => setTimeout(resolve, index * 300));
        return runAction({
          eventName: 'push',
          payload: pushPayload('acme', 'infra', before, after),
          workspace: clone,
          tempDir: work,
          inputs: {
            'github-token': 'ghs_workflow_token',
            'role-to-assume': fleet.aws.oidc.roleArn,
            'aws-regions': 'us-east-1',
          },
          env: {
            ...emulatorEnv(fleet.aws, { credentials: false }),
            GITHUB_REPOSITORY: 'acme/infra',
            GITHUB_API_URL: gh.url,
            // Three workflow runs: three run ids, three lock holders.
            GITHUB_RUN_ID: String(7000 + index),
          },
        });
      }),
    );
    for (const result of runs) {
      expect(result.outputs.findings, result.log).toBe('1');
      // Failed only for the key it found: no lock, GitHub or host failure.
      expect(result.log).toMatch(/::error::1 committed private key\(s\) found$/m);
      expect(result.log).not.toMatch(/is rotating this key pair/);
    }
    expect(runs.some((result) => /another run holds the lock; trying again/.test(result.log))).toBe(
      true,
    );
    // One open issue (runs that raced to open one closed theirs as its duplicate),
    // and every pushed path in it (body or comments).
    const open = gh.state.issues.filter((entry) => entry.state === 'open');
    expect(open).toHaveLength(1);
    for (const duplicate of gh.state.issues.filter((entry) => entry.state !== 'open'))
      expect(duplicate.body).toContain(`Duplicate of #${must(open[0], 'the issue').number}`);
    const issue = must(open[0], 'the issue');
    const all = [issue.body, ...issue.comments.map((comment) => comment.body)].join('\n');
    for (const path of ['a/one.pem', 'b/two.pem', 'c/three.pem']) expect(all).toContain(path);
    // One rotation: one new key, the host on it.
    const custody = fleet.custodyKeyFile('/ec2-key-rotate/prod/private-key');
    await expectRotated(must(fleet.hosts[0], 'host'), custody, fleet.leaked);
    expect(
      fleet.aws.state.region().parameters.get('/ec2-key-rotate/prod/private-key')?.versions,
    ).toHaveLength(1);
  });

  it('a push that only removes the key finds nothing new and opens nothing', async () => {
    const result = await run('push', pushPayload('acme', 'infra', leak, removal));
    expect(result.code).toBe(0);
    expect(gh.state.issues).toHaveLength(0);
  });
});
