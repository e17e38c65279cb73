/**
 * scripts/release.mjs, run the way the release workflow runs it, in a
 * temporary clone of this repository (its committed HEAD) whose origin is a
 * bare copy: it checks the version, builds, checks dist/, creates the
 * annotated tag vX.Y.Z, moves vMAJOR, and stops before `git push` (the
 * bare "remote" is compared ref for ref before and after).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const RELEASE = join(ROOT, 'scripts', 'release.mjs');
/** A build takes tens of seconds; the success path runs two. */
const TIMEOUT = 600_000;

const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Release Tester',
  GIT_AUTHOR_EMAIL: 'release@example.com',
  GIT_COMMITTER_NAME: 'Release Tester',
  GIT_COMMITTER_EMAIL: 'release@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

let dir: string;
let remote: string;
let work: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'safe.directory=*', ...args], {
    cwd,
    env: ENV,
    encoding: 'utf8',
  }).trim();
}

function setVersion(version: string): void {
  const file = join(work, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
  pkg.version = version;
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

function release(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [RELEASE, ...args], {
    cwd: work,
    // CI=true with --push: only --dry-run stands between the script and the push.
    env: { ...ENV, CI: 'true' },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const remoteRefs = (): string => git(remote, 'for-each-ref', '--format=%(objectname) %(refname)');
const tags = (): string[] => git(work, 'tag', '--list').split('\n').filter(Boolean).sort();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ec2kr-release-'));
  remote = join(dir, 'remote.git');
  work = join(dir, 'work');
  git(dir, 'clone', '-q', '--bare', ROOT, remote);
  git(dir, 'clone', '-q', remote, work);
  // node_modules is ignored by git: the clone borrows this checkout's.
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
  // An earlier major release, already published.
  git(work, 'tag', '-a', 'v1', '-m', 'v1 (latest: v1.0.0)', 'HEAD');
  git(work, 'push', '-q', 'origin', 'refs/tags/v1');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/release.mjs', () => {
  it('refuses a tag that is not package.json’s version, before building or tagging', () => {
    const before = tags();
    const run = release('v9.9.9', '--dry-run', '--push');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/v9\.9\.9 does not match package\.json's version/);
    expect(run.stdout).not.toMatch(/npm run build/);
    expect(tags()).toEqual(before);
  });

  it(
    'builds, checks dist/, tags vX.Y.Z, moves vMAJOR and stops before git push',
    () => {
      const published = remoteRefs();
      const oldMajor = git(work, 'rev-parse', 'v1^{commit}');
      // Set a version as a release commit does: package.json, then dist/ built from it.
      setVersion('1.2.3');
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: work, env: ENV, stdio: 'ignore' });
      git(work, 'add', '-A');
      git(work, 'commit', '-q', '-m', 'Release 1.2.3');
      const head = git(work, 'rev-parse', 'HEAD');
      expect(head).not.toBe(oldMajor);

      const run = release('v1.2.3', '--dry-run', '--push');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/tagged v1\.2\.3 \(annotated\)/);
      expect(run.stdout).toMatch(/stopping before git push \(--dry-run\)/);
      expect(run.stdout).toContain('git push --force origin refs/tags/v1');

      expect(tags()).toEqual(['v1', 'v1.2.3']);
      expect(git(work, 'cat-file', '-t', 'v1.2.3')).toBe('tag');
      expect(git(work, 'cat-file', '-t', 'v1')).toBe('tag');
      expect(git(work, 'rev-parse', 'v1.2.3^{commit}')).toBe(head);
      expect(git(work, 'rev-parse', 'v1^{commit}')).toBe(head);
      expect(git(work, 'status', '--porcelain')).toBe('');
      // Nothing reached the remote: its v1 is still the old release, and there is no v1.2.3.
      expect(remoteRefs()).toBe(published);
      expect(git(remote, 'rev-parse', 'v1^{commit}')).toBe(oldMajor);
      expect(git(remote, 'tag', '--list', 'v1.2.3')).toBe('');

      // Run again (a pushed tag starting the workflow): the tag on HEAD is accepted.
      const again = release('v1.2.3', '--dry-run', '--skip-build');
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(/v1\.2\.3 already points at HEAD/);
      // Not in CI, --push alone still stops before the push.
      const local = spawnSync(process.execPath, [RELEASE, 'v1.2.3', '--push', '--skip-build'], {
        cwd: work,
        env: { ...ENV, CI: '' },
        encoding: 'utf8',
      });
      expect(local.status).toBe(0);
      expect(local.stdout).toMatch(/stopping before git push \(not in CI/);
      expect(remoteRefs()).toBe(published);
    },
    TIMEOUT,
  );

  it(
    'refuses a commit whose dist/ is not what its source builds to',
    () => {
      const major = git(work, 'rev-parse', 'v1^{commit}');
      setVersion('1.2.4');
      appendFileSync(join(work, 'dist', 'index.js'), '\n// edited by hand\n');
      git(work, 'add', '-A');
      git(work, 'commit', '-q', '-m', 'Release 1.2.4 with a hand-edited bundle');
      const run = release('v1.2.4', '--dry-run');
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/dist\/ is not what the source builds to/);
      expect(tags()).not.toContain('v1.2.4');
      expect(git(work, 'rev-parse', 'v1^{commit}')).toBe(major);
    },
    TIMEOUT,
  );
});
