/**
 * New refs and force pushes whose old tip is gone: what a push adds has to
 * be told from what the repository had, without missing commits that other
 * refs pushed alongside hold, and without re-reporting the default branch.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { scan, type ScanResult } from '../../src/scan/scan.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { ED25519, GitRepo, makeKey, RSA_PEM, scratchDir, ZERO } from '../helpers/gitrepo.js';

let early: TestKey;
let late: TestKey;

beforeAll(() => {
  early = makeKey('range-push-early-rsa', RSA_PEM);
  late = makeKey('range-push-late-ed25519', ED25519);
});

interface Push {
  pushedRef?: string;
  defaultBranch?: string;
}

function range(path: string, spec: string, push: Push = {}): Promise<ScanResult> {
  return scan({ path, source: { kind: 'range', range: spec, ...push }, ignore: [] });
}

function places(result: ScanResult): string[] {
  return result.findings.flatMap((finding) =>
    finding.locations.map((l) => `${finding.fingerprint}|${l.path}@${l.commit ?? '-'}`),
  );
}

/** main holds an old key (reported and rotated long ago); origin/* mirror the branches as a checkout has them. */
function repoWithOldKey(): { repo: GitRepo; old: string; tip: string } {
  const repo = GitRepo.init();
  const old = repo.commit('old key', { 'old/id_rsa': early.text });
  const tip = repo.commit('docs', { 'README.md': 'v1\n' });
  return { repo, old, tip };
}

function mirrorToOrigin(repo: GitRepo, branches: string[]): void {
  for (const branch of branches)
    repo.git('update-ref', `refs/remotes/origin/${branch}`, `refs/heads/${branch}`);
}

describe('a push of new refs', () => {
  test('stacked new branches pushed together: the commits of the lower one are scanned by its own event', async () => {
    const { repo } = repoWithOldKey();
    repo.branch('a');
    const keyCommit = repo.commit('add key', { 'deploy/id_ed25519': late.text });
    repo.branch('b');
    const top = repo.commit('follow-up', { 'README.md': 'v2\n' });
    mirrorToOrigin(repo, ['main', 'a', 'b']);

    // Event for a: b reaches a's commits, but b is new too, so it must not hide them.
    const eventA = await range(repo.dir, `${ZERO}..${keyCommit}`, { pushedRef: 'refs/heads/a' });
    expect(places(eventA)).toEqual([`${late.fingerprint}|deploy/id_ed25519@${keyCommit}`]);
    // The same without the push's context (a pre-push hook, the CLI).
    expect(places(await range(repo.dir, `${ZERO}..${keyCommit}`))).toEqual(places(eventA));
    // Event for b: a holds the key commit already; b adds only its own commit.
    const eventB = await range(repo.dir, `${ZERO}..${top}`, { pushedRef: 'refs/heads/b' });
    expect(eventB.findings).toEqual([]);
    expect(eventB.stats.blobsScanned).toBe(1);
    // With the default branch known, each event scans what main lacks: b's rescans a's key
    // commit (reported again, the same key) rather than trusting that a's event saw it.
    const told = { defaultBranch: 'main' };
    expect(places(await range(repo.dir, `${ZERO}..${keyCommit}`, told))).toEqual(places(eventA));
    expect(places(await range(repo.dir, `${ZERO}..${top}`, told))).toEqual(places(eventA));
  });

  test('a new branch at a commit the default branch has adds nothing: old keys are not re-reported', async () => {
    const { repo, tip } = repoWithOldKey();
    repo.git('branch', 'release', tip);
    mirrorToOrigin(repo, ['main', 'release']);
    const told = await range(repo.dir, `${ZERO}..${tip}`, {
      pushedRef: 'refs/heads/release',
      defaultBranch: 'main',
    });
    expect(told.findings).toEqual([]);
    expect(told.stats.blobsScanned).toBe(0);
    expect(told.warnings.join('\n')).toMatch(/adds nothing that other refs do not have/);

    // Also at an older commit of main, and with the default branch read from origin/HEAD.
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    repo.git('branch', 'hotfix', `${tip}~1`);
    const older = await range(repo.dir, `${ZERO}..${tip}~1`, { pushedRef: 'refs/heads/hotfix' });
    expect(older.findings).toEqual([]);
  });

  test('the first push of a repository (the default branch itself is new) scans all of it', async () => {
    const { repo, old, tip } = repoWithOldKey();
    repo.git('tag', 'v0', old);
    mirrorToOrigin(repo, ['main']);
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    const expected = [`${early.fingerprint}|old/id_rsa@${old}`];
    const told = { pushedRef: 'refs/heads/main', defaultBranch: 'main' };
    expect(places(await range(repo.dir, `${ZERO}..${tip}`, told))).toEqual(expected);
    // Not told which ref: a default branch at B may be the one pushed, so it is scanned.
    expect(places(await range(repo.dir, `${ZERO}..${tip}`))).toEqual(expected);
    // The tag pushed with it adds nothing main lacks: main's own event scans it.
    const tag = await range(repo.dir, `${ZERO}..v0`, {
      pushedRef: 'refs/tags/v0',
      defaultBranch: 'main',
    });
    expect(tag.findings).toEqual([]);
  });

  test('a repository with more refs than a command line holds: a new branch is still scanned', async () => {
    const { repo, old } = repoWithOldKey();
    const lines: string[] = [];
    for (let n = 0; n < 60_000; n++)
      lines.push(`create refs/tags/many/release-candidate-number-${n} ${old}`);
    execFileSync('git', ['update-ref', '--stdin'], {
      cwd: repo.dir,
      input: `${lines.join('\n')}\n`,
    });
    repo.branch('feature');
    const added = repo.commit('key', { 'deploy/id_ed25519': late.text });
    const result = await range(repo.dir, `${ZERO}..${added}`);
    expect(places(result)).toEqual([`${late.fingerprint}|deploy/id_ed25519@${added}`]);
  }, 120_000);
});

describe('a force push whose old tip is gone', () => {
  test('a rewind to commits the default branch holds warns that nothing is new, and does not fail', async () => {
    const { repo, tip } = repoWithOldKey();
    repo.git('branch', 'release', tip);
    const gone = 'e'.repeat(40);
    const result = await range(repo.dir, `${gone}..${tip}`, {
      pushedRef: 'refs/heads/release',
      defaultBranch: 'main',
    });
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([
      `${gone} is not in this clone (force push?): scanning what ${tip} adds to the default branch`,
      `the range ${gone}..${tip} has no commits (${tip} adds nothing that other refs do not have); nothing was scanned`,
    ]);
  });

  test('a force push of the default branch itself rescans what other refs may share rather than miss it', async () => {
    const { repo, old, tip } = repoWithOldKey();
    repo.git('branch', 'develop', tip);
    const gone = 'e'.repeat(40);
    const result = await range(repo.dir, `${gone}..${tip}`, {
      pushedRef: 'refs/heads/main',
      defaultBranch: 'main',
    });
    expect(places(result)).toEqual([`${early.fingerprint}|old/id_rsa@${old}`]);
  });
});

describe('a pushed tag of a blob or a tree', () => {
  test('the blob or the tree it names is scanned, each key named by the tag and its path', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    const dir = scratchDir('tagged-');
    writeFileSync(join(dir, 'key'), late.text);
    const blob = repo.git('hash-object', '-w', join(dir, 'key'));
    repo.git('tag', 'keyblob', blob);
    // A tree that no commit holds, under an annotated tag.
    const index = join(dir, 'index');
    const env = { ...process.env, GIT_INDEX_FILE: index };
    execFileSync(
      'git',
      ['update-index', '--add', '--cacheinfo', `100644,${blob},deploy/id_ed25519`],
      {
        cwd: repo.dir,
        env,
      },
    );
    const tree = execFileSync('git', ['write-tree'], {
      cwd: repo.dir,
      env,
      encoding: 'utf8',
    }).trim();
    repo.git('tag', '-a', '-m', 'a tree', 'keytree', tree);

    for (const rev of [blob, 'keyblob']) {
      const result = await range(repo.dir, `${ZERO}..${rev}`, { pushedRef: 'refs/tags/keyblob' });
      expect(places(result)).toEqual([`${late.fingerprint}|(blob tagged ${rev})@-`]);
      expect(result.findings[0]?.locations[0]?.kind).toBe('tagged-object');
    }
    const treeTag = await range(repo.dir, `${ZERO}..keytree`);
    expect(places(treeTag)).toEqual([
      `${late.fingerprint}|(tree tagged keytree)/deploy/id_ed25519@-`,
    ]);
    // A history scan places them by the refs that hold them, not as unreachable objects.
    const history = await scan({ path: repo.dir, source: { kind: 'history' }, ignore: [] });
    expect(places(history).sort()).toEqual(
      [
        `${late.fingerprint}|(blob tagged refs/tags/keyblob)@-`,
        `${late.fingerprint}|(tree tagged refs/tags/keytree)/deploy/id_ed25519@-`,
      ].sort(),
    );
  });
});
