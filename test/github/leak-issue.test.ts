/**
 * The leak issue lifecycle, the pull request comment and the Actions secret
 * (src/github) against the local GitHub server, through the same Octokit
 * composition production uses (waits shrunk for the suite).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { issueMarker, type LeakReport, type RunInfo } from '../../src/github/issue-body.js';
import { LEAK_LABELS, openLeakIssue, recordLeakResult } from '../../src/github/issues.js';
import { upsertPullRequestComment } from '../../src/github/pull-request.js';
import { parseSecretScope, updateActionsSecret } from '../../src/github/secret.js';
import type { Finding } from '../../src/scan/findings.js';
import { scan } from '../../src/scan/scan.js';
import {
  GITHUB_TOKEN_PERMISSIONS,
  READ_ONLY_PERMISSIONS,
  startGitHubServer,
  type GitHubServer,
} from './index.js';
import { fastThrottle, testOctokit, type RateLimitEvent } from './octokit.js';
import { must } from '../helpers/fleet.js';

const REPO = { owner: 'acme', repo: 'infra' };
const RUN: RunInfo = {
  scanned: null,
  link: 'a local run',
  event: 'push',
  at: '2026-12-01T10:00:00Z',
};

let gh: GitHubServer;
let dir: string;
let finding: Finding;
let keyText: string;

const report = (overrides: Partial<LeakReport> = {}): LeakReport => ({
  finding,
  rotations: [],
  status: 'pending',
  lookedUp: false,
  errors: [],
  secretUpdated: null,
  ...overrides,
});

beforeAll(async () => {
  gh = await startGitHubServer({
    owner: 'acme',
    repo: 'infra',
    token: 'ghs_token',
    permissions: GITHUB_TOKEN_PERMISSIONS,
    orgs: ['acme'],
    environments: ['production'],
    tokens: {
      ghs_read_only: { permissions: READ_ONLY_PERMISSIONS },
      github_pat_secrets: {
        permissions: { secrets: 'write', environments: 'write', organization_secrets: 'write' },
      },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'leak-issue-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id_ed25519')]);
  keyText = readFileSync(join(dir, 'id_ed25519'), 'utf8');
  writeFileSync(join(dir, 'deploy.pem'), keyText);
  finding = (await scan({ path: dir, source: { kind: 'tree' }, ignore: [] }))
    .findings[0] as Finding;
});

afterAll(async () => {
  await gh?.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  gh.state.issues.length = 0;
  gh.faults.clear();
  gh.log.clear();
});

describe('the leak issue', () => {
  it('is opened once with its labels (created when missing), then found again by its marker', async () => {
    const github = testOctokit(gh);
    const opened = await openLeakIssue(github, REPO, report(), RUN, 'en', { reopenClosed: true });
    expect(opened).toMatchObject({ created: true, reopened: false });
    for (const label of LEAK_LABELS)
      expect(gh.state.label(label.name)).toMatchObject({ color: label.color });
    // Another branch, another path, another run: the same key, the same issue.
    const elsewhere = {
      ...finding,
      locations: [{ ...must(finding.locations[0], 'a location'), path: 'other/branch/key.pem' }],
    };
    const again = await openLeakIssue(github, REPO, report({ finding: elsewhere }), RUN, 'en', {
      reopenClosed: true,
    });
    expect(again).toMatchObject({ number: opened?.number, created: false });
    expect(gh.state.issues).toHaveLength(1);
    expect(gh.log.bugs()).toEqual([]);
  });

  it('the opening run completes its body; a later run comments only on news and keeps the status current', async () => {
    const github = testOctokit(gh);
    const rotated = (outcome: 'rotated' | 'failed'): LeakReport['rotations'] => [
      {
        leakedFingerprint: finding.fingerprint,
        keyName: 'prod',
        region: 'us-east-1',
        matchedBy: 'public key',
        dryRun: false,
        resumed: false,
        previousStep: null,
        newKey: null,
        published: null,
        hosts: [
          {
            instanceId: 'i-0123456789abcdef0',
            region: 'us-east-1',
            name: null,
            outcome,
            phase: null,
            reason: outcome === 'rotated' ? 'old key removed' : 'SSM timed out',
            waysBack: [],
          },
        ],
      },
    ];
    const record = async (overrides: Partial<LeakReport>, fresh = true): Promise<string> => {
      const issue = must(
        await openLeakIssue(github, REPO, report(), RUN, 'en', { reopenClosed: true }),
        'the issue',
      );
      return recordLeakResult(github, REPO, issue, report(overrides), RUN, 'en', { fresh });
    };
    const opened = await openLeakIssue(github, REPO, report(), RUN, 'en', { reopenClosed: true });
    expect(
      await recordLeakResult(
        github,
        REPO,
        must(opened, 'opened'),
        report({ status: 'partial', lookedUp: true, rotations: rotated('failed') }),
        RUN,
        'en',
        { fresh: true },
      ),
    ).toBe('written');
    const issue = must(gh.state.issue(must(opened, 'opened').number), 'the issue');
    expect(issue.body).toContain('some instances still accept the leaked key');
    expect(issue.comments).toHaveLength(0);

    // The same result again (a re-run, a nightly history scan): silence.
    const before = issue.body;
    expect(
      await record({ status: 'partial', lookedUp: true, rotations: rotated('failed') }, false),
    ).toBe('unchanged');
    // A scan-only run that asks no AWS and finds the same places: silence too.
    expect(await record({ status: 'not-requested' })).toBe('unchanged');
    expect(issue.comments).toHaveLength(0);
    expect(issue.body).toBe(before);

    // A different result: one comment, and the body's status says the new one.
    expect(await record({ status: 'done', lookedUp: true, rotations: rotated('rotated') })).toBe(
      'commented',
    );
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.body).toContain(
      'The key pair was rotated on every instance it reaches.',
    );
    expect(issue.comments[0]?.body).not.toContain('Found at new places');
    expect(issue.body).toContain('The key pair was rotated on every instance it reaches.');
    expect(issue.body).not.toContain('some instances still accept the leaked key');
    // The same "done" again, in rotated-earlier words: still silence.
    expect(await record({ status: 'done', lookedUp: true, rotations: rotated('rotated') })).toBe(
      'unchanged',
    );

    // A new place: a comment naming it (a scan-only run leaves the status alone).
    const place = must(finding.locations[0], 'a location');
    const moved = { ...finding, locations: [{ ...place, path: 'copied/again.pem' }] };
    expect(await record({ finding: moved, status: 'not-requested' })).toBe('commented');
    expect(issue.comments).toHaveLength(2);
    expect(issue.comments[1]?.body).toContain('Found at new places:');
    expect(issue.comments[1]?.body).toContain('copied/again.pem');
    expect(issue.body).toContain('The key pair was rotated on every instance it reaches.');
    expect(JSON.stringify(gh.state.issues)).not.toContain(keyText.split('\n')[2]);
  });

  it('a closed issue is reopened by a fresh exposure, and left closed by old history', async () => {
    const github = testOctokit(gh);
    gh.state.addIssue({
      title: 'old',
      body: `${issueMarker(finding.id)}\nold`,
      labels: ['leaked-private-key'],
      state: 'closed',
    });
    expect(
      await openLeakIssue(github, REPO, report(), RUN, 'en', { reopenClosed: false }),
    ).toBeNull();
    expect(gh.state.issues[0]?.state).toBe('closed');
    const reopened = await openLeakIssue(github, REPO, report(), RUN, 'en', { reopenClosed: true });
    expect(reopened).toMatchObject({ created: false, reopened: true });
    expect(gh.state.issues[0]?.state).toBe('open');
    expect(gh.state.issues).toHaveLength(1);
  });

  it('two runs racing: the older issue wins and the newer closes as its duplicate', async () => {
    const github = testOctokit(gh);
    let other: { number: number } | undefined;
    // The other run's issue lands while ours is being created.
    gh.faults.inject({
      method: 'POST',
      route: '/repos/{owner}/{repo}/issues',
      latencyMs: 1,
      when: () => {
        other = gh.state.addIssue({
          title: 'other run',
          body: `${issueMarker(finding.id)}\nother`,
          labels: ['leaked-private-key'],
        });
        return true;
      },
      times: 1,
    });
    const opened = await openLeakIssue(github, REPO, report(), RUN, 'en', { reopenClosed: true });
    const winner = must(other, 'the other run').number;
    expect(opened).toMatchObject({ number: winner, created: false });
    const ours = must(
      gh.state.issues.find((issue) => issue.number !== winner),
      'our issue',
    );
    expect(ours.number).toBeGreaterThan(winner);
    expect(ours.state).toBe('closed');
    expect(ours.body).toContain(`Duplicate of #${winner}`);
    expect(gh.state.issues.filter((issue) => issue.state === 'open')).toHaveLength(1);
  });

  it('rides out a secondary rate limit and a 502', async () => {
    const events: RateLimitEvent[] = [];
    const github = testOctokit(gh, { throttle: fastThrottle({ events }) });
    gh.faults.secondaryRateLimit({
      method: 'POST',
      route: '/repos/{owner}/{repo}/issues',
      times: 1,
    });
    gh.faults.serverError({
      status: 502,
      method: 'GET',
      route: '/repos/{owner}/{repo}/issues',
      times: 1,
    });
    const opened = await openLeakIssue(github, REPO, report(), RUN, 'en', { reopenClosed: true });
    expect(opened?.created).toBe(true);
    expect(events.map((event) => event.kind)).toEqual(['secondary']);
    expect(gh.state.issues).toHaveLength(1);
  });

  it.each([
    [
      'a token without issues: write',
      { auth: 'ghs_read_only' },
      REPO,
      /cannot open the leak issue: the token lacks permission .*permissions: issues: write/,
    ],
    ['a bad token', { auth: 'ghs_wrong' }, REPO, /GitHub refused the token .*check github-token/],
    [
      'a repository the token cannot see',
      {},
      { owner: 'acme', repo: 'nope' },
      /not found .*the repository does not exist or the token cannot see it/,
    ],
  ])('%s is explained', async (_, auth, repository, message) => {
    const error = await openLeakIssue(testOctokit(gh, auth), repository, report(), RUN, 'en', {
      reopenClosed: true,
    }).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
  });
});

describe('the pull request comment', () => {
  it('is posted once and then updated in place', async () => {
    const github = testOctokit(gh);
    const pr = gh.state.addIssue({ title: 'add deploy', pullRequest: true });
    await upsertPullRequestComment(github, REPO, pr.number, [finding], 'en');
    await upsertPullRequestComment(
      github,
      REPO,
      pr.number,
      [finding, { ...finding, id: 'x', fingerprint: 'SHA256:other' }],
      'en',
    );
    expect(pr.comments).toHaveLength(1);
    expect(pr.comments[0]?.body).toContain('adds 2 private keys');
  });
});

describe('the Actions secret', () => {
  const value = (): string => `new-private-key-${Math.random()}`;

  it.each([
    ['repository', () => gh.state.repoSecret('DEPLOY_KEY')],
    ['environment:production', () => gh.state.envSecret('production', 'DEPLOY_KEY')],
    ['organization', () => gh.state.orgSecret('acme', 'DEPLOY_KEY')],
  ])(
    '%s: sealed with the scope key, decrypted by the server to exactly the value',
    async (rawScope, stored) => {
      const github = testOctokit(gh, { auth: 'github_pat_secrets' });
      const scope = parseSecretScope(rawScope, 'acme');
      expect(scope).not.toBeNull();
      const first = value();
      expect(
        await updateActionsSecret(github, REPO, must(scope, 'scope'), 'DEPLOY_KEY', first),
      ).toBe('created');
      expect(stored()?.plaintext).toBe(first);
      const second = value();
      expect(
        await updateActionsSecret(github, REPO, must(scope, 'scope'), 'DEPLOY_KEY', second),
      ).toBe('updated');
      expect(stored()?.plaintext).toBe(second);
    },
  );

  it('GITHUB_TOKEN cannot write secrets, and the error says what token to use', async () => {
    const error = await updateActionsSecret(
      testOctokit(gh),
      REPO,
      { kind: 'repository' },
      'DEPLOY_KEY',
      'x',
    ).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).toMatch(
      /cannot update the repository secret DEPLOY_KEY: the token lacks permission .*GITHUB_TOKEN can never write Actions secrets/,
    );
  });

  it('an unknown environment is a clear 404, and a bad scope is refused', async () => {
    const github = testOctokit(gh, { auth: 'github_pat_secrets' });
    const error = await updateActionsSecret(
      github,
      REPO,
      { kind: 'environment', environment: 'staging' },
      'DEPLOY_KEY',
      'x',
    ).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).toMatch(
      /cannot update the environment staging secret DEPLOY_KEY: not found/,
    );
    expect(parseSecretScope('team:ops', 'acme')).toBeNull();
  });
});
