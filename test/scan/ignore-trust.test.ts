/**
 * Issue 9: the ignore file is untrusted repository content. Gitignore-like
 * matching, refusal of catch-all entries, warnings for entries that match
 * nothing or everything, and where the action reads the file for each event.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { loadActionIgnore } from '../../src/action/ignore-source.js';
import type { ActionConfig, RunnerContext } from '../../src/config.js';
import {
  applyIgnore,
  ignoreWarnings,
  parseIgnoreFile,
  refuseCatchAll,
} from '../../src/scan/ignore.js';
import { scan } from '../../src/scan/scan.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  RSA_PEM,
  runCli,
  scratchDir,
  ZERO,
} from '../helpers/gitrepo.js';

let fixtureKey: TestKey;
let realKey: TestKey;

beforeAll(() => {
  fixtureKey = makeKey('trust-fixture-ed25519', ED25519);
  realKey = makeKey('trust-real-rsa', RSA_PEM);
});

const IGNORE = '.ec2-key-rotate-ignore';
const entries = (text: string) => parseIgnoreFile(text);

describe('gitignore-like path entries', () => {
  const finding = (...paths: string[]) =>
    ({
      id: `id-${paths.join(',')}`,
      locations: paths.map((path) => ({ path, line: 1 })),
    }) as never;

  test.each([
    ['id_rsa_test', 'a/b/id_rsa_test', true],
    ['id_rsa_test', 'id_rsa_test', true],
    ['fixtures', 'test/fixtures/key.pem', true],
    ['fixtures/', 'fixtures/deep/key', true],
    ['/fixtures', 'fixtures/key', true],
    ['/fixtures', 'test/fixtures/key', false],
    ['test/fixtures/*.pem', 'test/fixtures/a.pem', true],
    ['test/fixtures/*.pem', 'other/test/fixtures/a.pem', false],
    ['fixtures/**', 'fixtures/.hidden/key', true],
    ['**/testdata/*', 'pkg/x/testdata/key', true],
    ['deploy/id_rsa', 'deploy/id_rsa.pub', false],
  ])('%s on %s: %s', (pattern, path, suppressed) => {
    const result = applyIgnore([finding(path)], entries(`${pattern}  # why\n`));
    expect(result.suppressed).toBe(suppressed ? 1 : 0);
  });

  test.each(['*', '**', '/**', '**/*', '*.pem', '**/*.pem', './**', '!fixtures/**', '{a,b}/**'])(
    'catch-all %s is refused; fingerprints and narrow paths are accepted',
    (pattern) => {
      const parsed = entries(
        `${pattern}  # test fixtures\nfixtures/**  # ok\nSHA256:abc  # revoked\n**/id_test  # ok\n`,
      );
      const { accepted, refused } = refuseCatchAll(parsed);
      expect(refused.map(({ entry }) => [entry.pattern, entry.line])).toEqual([[pattern, 1]]);
      expect(accepted.map((entry) => entry.pattern)).toEqual([
        'fixtures/**',
        'SHA256:abc',
        '**/id_test',
      ]);
      expect(ignoreWarnings('.ec2-key-rotate-ignore', refused, undefined)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^\\.ec2-key-rotate-ignore:1: entry ${JSON.stringify(pattern).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} refused and not applied`,
          ),
        ),
      ]);
    },
  );

  test('entries that match nothing or every finding are reported; the count stays one per finding', () => {
    const findings = [finding('keys/a', 'keys/b'), finding('keys/c')];
    const result = applyIgnore(
      findings,
      entries('keys  # all of them\nnothing/here  # stale\nkeys/a  # one location\n'),
    );
    expect(result.suppressed).toBe(2);
    expect(result.diagnostics.unused.map((entry) => entry.pattern)).toEqual(['nothing/here']);
    expect(result.diagnostics.matchesAll.map((entry) => entry.pattern)).toEqual(['keys']);
    const warnings = ignoreWarnings('f', [], result.diagnostics);
    expect(warnings).toEqual([
      'f:2: entry "nothing/here" matches nothing in this scan (remove it if it is stale)',
      'f:1: entry "keys" suppresses every key this scan found: check that it is meant to',
    ]);
    expect(ignoreWarnings('f', [], result.diagnostics, { unused: false })).toHaveLength(1);
  });

  test('warnings quote what the repository wrote', () => {
    const unused = entries('a\u001b[31m/::error::x  # why\n');
    const warnings = ignoreWarnings('f', [], { unused, matchesAll: [] });
    expect(warnings[0]).toBe(
      'f:1: entry "a\\u001b[31m/::error::x" matches nothing in this scan (remove it if it is stale)',
    );
  });
});

/** main: README, then (optionally) an ignore file; returns the repository and the main tip. */
function repoOnMain(mainIgnore?: string): { repo: GitRepo; main: string } {
  const repo = GitRepo.init();
  repo.commit('init', { 'README.md': 'hi\n' });
  const main =
    mainIgnore === undefined ? repo.rev('HEAD') : repo.commit('ignore', { [IGNORE]: mainIgnore });
  return { repo, main };
}

const config = (path: string, ignoreFile: string | null = null): ActionConfig =>
  ({ path, ignoreFile }) as ActionConfig;

const context = (eventName: string, event: Record<string, unknown>): RunnerContext =>
  ({ eventName, event }) as RunnerContext;

const push = (before: string, after: string, ref = 'refs/heads/main') => ({
  ref,
  before,
  after,
  repository: { default_branch: 'main' },
});

describe('where the action reads the ignore file', () => {
  test('a push to the default branch: the file before the push, never the pushed one', async () => {
    const { repo, main } = repoOnMain(`${realKey.fingerprint}  # revoked\n`);
    const after = repo.commit('key and catch-all', {
      'deploy/id_rsa': realKey.text,
      'fixtures/test_key': fixtureKey.text,
      [IGNORE]: `**  # test fixtures\ndeploy/id_rsa  # mine\nfixtures/**  # fixtures\n`,
    });
    const loaded = await loadActionIgnore(config(repo.dir), context('push', push(main, after)));
    expect(loaded.entries.map((entry) => entry.pattern)).toEqual([realKey.fingerprint]);
    expect(loaded.source).toMatch(/before the push/);
    expect(loaded.warnings).toEqual([]);
    const result = await scan({
      path: repo.dir,
      source: { kind: 'range', range: `${main}..${after}` },
      ignore: loaded.entries,
    });
    // The default branch's fingerprint entry suppresses and is counted; the pushed entries do nothing.
    expect(result.stats.suppressed).toBe(1);
    expect(result.findings.map((f) => f.fingerprint)).toEqual([fixtureKey.fingerprint]);
  });

  test('a push to another branch: the default branch tip (origin/main first, else local main)', async () => {
    const { repo, main } = repoOnMain('fixtures/**  # fixtures on main\n');
    repo.branch('feature');
    const tip = repo.commit('widen', { [IGNORE]: 'deploy/**  # added by the branch\n' });
    const loaded = await loadActionIgnore(
      config(repo.dir),
      context('push', push(ZERO, tip, 'refs/heads/feature')),
    );
    expect(loaded.entries.map((entry) => entry.pattern)).toEqual(['fixtures/**']);
    expect(loaded.source).toContain(main.slice(0, 12));
    // origin/main wins over a local main that may be anything.
    repo.git('update-ref', 'refs/remotes/origin/main', main);
    repo.git('update-ref', 'refs/heads/main', tip);
    const remote = await loadActionIgnore(
      config(repo.dir),
      context('push', push(ZERO, tip, 'refs/heads/feature')),
    );
    expect(remote.entries.map((entry) => entry.pattern)).toEqual(['fixtures/**']);
  });

  test('a shallow checkout without the default branch: no ignore file and a warning, never the scanned tree', async () => {
    const { repo } = repoOnMain('fixtures/**  # fixtures on main\n');
    repo.branch('feature');
    const tip = repo.commit('widen', { [IGNORE]: 'deploy/**  # added by the branch\n' });
    repo.git('branch', '-D', 'main');
    const loaded = await loadActionIgnore(
      config(repo.dir),
      context('push', push(ZERO, tip, 'refs/heads/feature')),
    );
    expect(loaded.entries).toEqual([]);
    expect(loaded.warnings).toEqual([
      expect.stringMatching(
        /^ignore file not applied: the default branch "main" is not in the checkout/,
      ),
    ]);
  });

  test('the push that creates the default branch has no trusted ignore file', async () => {
    const { repo } = repoOnMain(`**  # everything\n`);
    const loaded = await loadActionIgnore(
      config(repo.dir),
      context('push', push(ZERO, repo.rev('HEAD'))),
    );
    expect(loaded.entries).toEqual([]);
    expect(loaded.warnings[0]).toMatch(/the push created the default branch/);
  });

  test("a pull request: the base commit's file, not the pull request's", async () => {
    const { repo, main } = repoOnMain('fixtures/**  # fixtures\n**  # sneaky\n');
    repo.branch('pr');
    const head = repo.commit('pr', {
      [IGNORE]: 'deploy/**  # please\n',
      'deploy/id_rsa': realKey.text,
    });
    const event = { pull_request: { base: { sha: main }, head: { sha: head } } };
    const loaded = await loadActionIgnore(config(repo.dir), context('pull_request', event));
    expect(loaded.entries.map((entry) => entry.pattern)).toEqual(['fixtures/**']);
    expect(loaded.refused.map(({ entry }) => [entry.pattern, entry.line])).toEqual([['**', 2]]);
    expect(loaded.file).toBe(IGNORE);
    const missing = await loadActionIgnore(
      config(repo.dir),
      context('pull_request', { pull_request: { base: { sha: 'e'.repeat(40) } } }),
    );
    expect(missing.entries).toEqual([]);
    expect(missing.warnings[0]).toMatch(/base commit .* is not available/);
  });

  test('an ignore-file input inside the repository is read from the trusted commit too', async () => {
    const { repo, main } = repoOnMain();
    repo.commit('custom', { 'ci/ignore': 'fixtures/**  # fixtures\n' });
    const base = repo.rev('HEAD');
    const after = repo.commit('widen', { 'ci/ignore': 'deploy/**  # mine\n' });
    const loaded = await loadActionIgnore(
      config(repo.dir, `${repo.dir}/ci/ignore`),
      context('push', push(base, after)),
    );
    expect(loaded.entries.map((entry) => entry.pattern)).toEqual(['fixtures/**']);
    expect(main).not.toBe(base);
  });

  test('an ignore-file input named through a link to the workspace is still read from the trusted commit', async () => {
    const { repo } = repoOnMain();
    repo.commit('custom', { [IGNORE]: 'fixtures/**  # fixtures\n' });
    const base = repo.rev('HEAD');
    const after = repo.commit('widen', { [IGNORE]: "deploy/**  # the pusher's\n" });
    // A self-hosted runner's workspace (or macOS's /tmp) reached through a link, both as the
    // path input and as the ignore-file input; and the repository's folder itself named so.
    const link = join(scratchDir('ws-link-'), 'ws');
    symlinkSync(repo.dir, link);
    for (const [path, file] of [
      [repo.dir, `${link}/${IGNORE}`],
      [link, `${repo.dir}/${IGNORE}`],
      [link, `${link}/sub/../${IGNORE}`],
    ] as const) {
      const loaded = await loadActionIgnore(config(path, file), context('push', push(base, after)));
      expect(loaded.entries.map((entry) => entry.pattern)).toEqual(['fixtures/**']);
      expect(loaded.source).toMatch(/before the push/);
    }
  });

  test('schedule reads the checked-out tree, with catch-alls refused', async () => {
    const { repo } = repoOnMain();
    repo.write({ [IGNORE]: 'fixtures/**  # ok\n*.pem  # all pems\n' });
    const loaded = await loadActionIgnore(config(repo.dir), context('schedule', {}));
    expect(loaded.entries.map((entry) => entry.pattern)).toEqual(['fixtures/**']);
    expect(loaded.refused.map(({ entry }) => entry.pattern)).toEqual(['*.pem']);
  });
});

describe('scan --ignore-from REF', () => {
  test("the ignore file at REF is used, the working tree's is not, and catch-alls are refused", async () => {
    const { repo, main } = repoOnMain(`fixtures/**  # fixtures\n*  # everything\n`);
    repo.commit('keys', {
      'fixtures/test_key': fixtureKey.text,
      'deploy/id_rsa': realKey.text,
      [IGNORE]: `**  # everything\n${realKey.fingerprint}  # mine\n`,
    });
    const local = await runCli(['scan', repo.dir, '--format', 'json']);
    expect(local.code).toBe(0);
    const run = await runCli(['scan', repo.dir, '--format', 'json', '--ignore-from', main]);
    expect(run.code).toBe(1);
    const report = jsonOf(run);
    expect(report.stats.suppressed).toBe(1);
    expect(report.findings.map((f) => f.fingerprint)).toEqual([realKey.fingerprint]);
    expect(run.stderr).toContain(
      `warning: ${main}:.ec2-key-rotate-ignore:2: entry "*" refused and not applied`,
    );
    const bad = await runCli(['scan', repo.dir, '--ignore-from', 'no-such-ref']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--ignore-from: "no-such-ref" is not a commit/);
  });
});
