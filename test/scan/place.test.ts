/**
 * `repositoryPlace`: one git start answers where a directory sits (work tree,
 * git directory, nothing), its prefix and top, whether it is shallow, and
 * its object store. Checked against git's own answers to each question asked
 * alone, in the places a scan is pointed at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repositoryPlace } from '../../src/scan/git.js';
import { directoryOf, placeOfPath } from '../../src/scan/place.js';
import { GitRepo, scratchDir } from '../helpers/gitrepo.js';

/** git's answer to one question, asked alone in `dir`. */
const ask = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['rev-parse', ...args], { cwd: dir, encoding: 'utf8' }).replace(/\n$/, '');

/** What the pack reader needs of a store, as git says it when asked alone. */
const storeOf = (dir: string): { format: string; objects: string } => ({
  format: ask(dir, '--show-object-format'),
  objects: ask(dir, '--git-path', 'objects'),
});

describe('where a directory sits (one rev-parse)', () => {
  test('a work tree: its top, the prefix from it, and its store, from the top and from below', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'app/deep/a.txt': 'x\n' });
    const top = ask(repo.dir, '--show-toplevel');
    expect(await repositoryPlace(repo.dir)).toEqual({
      kind: 'work-tree',
      prefix: '',
      top,
      shallow: false,
      store: storeOf(repo.dir),
    });
    const deep = join(repo.dir, 'app', 'deep');
    const place = await repositoryPlace(deep);
    expect(place).toMatchObject({ kind: 'work-tree', prefix: 'app/deep/', top });
    // Relative to the directory asked about, as the pack reader resolves it.
    expect(resolve(deep, place.store.objects)).toBe(
      join(realpathSync(repo.dir), '.git', 'objects'),
    );
  });

  test('a directory whose name holds a newline (the repository names it) keeps its prefix and top', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'odd\nname/sub/a.txt': 'x\n' });
    const place = await repositoryPlace(join(repo.dir, 'odd\nname', 'sub'));
    expect(place.kind).toBe('work-tree');
    expect(place.prefix).toBe('odd\nname/sub/');
    expect(place.top).toBe(ask(repo.dir, '--show-toplevel'));
  });

  test('a bare repository and the inside of a .git are git directories, with their store', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'a.txt': 'x\n' });
    const bare = join(scratchDir('bare-'), 'b.git');
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    for (const dir of [bare, join(bare, 'refs'), join(repo.dir, '.git')]) {
      expect(await repositoryPlace(dir)).toEqual({
        kind: 'git-dir',
        prefix: '',
        top: null,
        shallow: false,
        store: storeOf(dir),
      });
    }
  });

  test('a shallow clone and a SHA-256 repository say so', async () => {
    const repo = GitRepo.init();
    repo.commit('one', { 'a.txt': '1\n' });
    repo.commit('two', { 'a.txt': '2\n' });
    const shallow = join(scratchDir('shallow-'), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, shallow]);
    expect(await repositoryPlace(shallow)).toMatchObject({ kind: 'work-tree', shallow: true });

    const sha256 = join(scratchDir('sha256-'), 'repo');
    mkdirSync(sha256);
    execFileSync('git', ['init', '-q', '--object-format=sha256'], { cwd: sha256 });
    expect((await repositoryPlace(sha256)).store.format).toBe('sha256');
  });

  test('no repository: nothing found, and git’s complaint kept for the error', async () => {
    const dir = scratchDir('none-');
    const place = await repositoryPlace(dir);
    expect(place).toMatchObject({ kind: 'none', prefix: '', top: null, shallow: false });
    expect(place.store).toEqual({ format: '', objects: '' });
    expect(place.reason).toMatch(/^git rev-parse failed in .*: fatal: not a git repository/);
  });

  test('a missing directory is no repository, not a crash', async () => {
    const place = await repositoryPlace(join(scratchDir('gone-'), 'missing'));
    expect(place.kind).toBe('none');
    expect(place.reason).toMatch(/cannot run git|failed/);
  });

  test('a path stands in itself, a file in its directory, standard input in `.`', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'sub/a.txt': 'x\n' });
    expect(directoryOf(join(repo.dir, 'sub'))).toBe(join(repo.dir, 'sub'));
    expect(directoryOf(join(repo.dir, 'sub', 'a.txt'))).toBe(join(repo.dir, 'sub'));
    expect(directoryOf('-')).toBe('.');
    expect(directoryOf(join(repo.dir, 'missing'))).toBe(join(repo.dir, 'missing'));
    const where = await placeOfPath(join(repo.dir, 'sub', 'a.txt'));
    expect(where.dir).toBe(join(repo.dir, 'sub'));
    expect(where.place).toMatchObject({ kind: 'work-tree', prefix: 'sub/' });
  });
});
