/**
 * `repositoryPlace`: one git start answers where a directory sits (work tree,
 * git directory, nothing), its prefix and top, whether it is shallow, and
 * its object store. Checked against git's own answers to each question asked
 * alone, in the places a scan is pointed at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BACKGROUND_NICENESS, repositoryPlace } from '../../src/scan/git.js';
import { openGit } from '../../src/scan/git-stream.js';
import { directoryOf, placeOfPath } from '../../src/scan/place.js';
import { scan } from '../../src/scan/scan.js';
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

describe('gits that work beside the scan run nicer', () => {
  /** A process's niceness, from /proc (field 19 of its stat line). */
  const nicenessOf = (pid: number): number => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };

  test.runIf(existsSync('/proc/self/stat'))(
    'a background git is BACKGROUND_NICENESS nicer than this process; a foreground one is not',
    async () => {
      const repo = GitRepo.init();
      repo.commit('init', { 'a.txt': 'x\n' });
      const own = getPriority();
      const background = openGit(repo.dir, ['cat-file', '--batch'], () => undefined, true);
      const foreground = openGit(repo.dir, ['cat-file', '--batch'], () => undefined);
      try {
        expect(nicenessOf(background.pid as number)).toBe(Math.min(19, own + BACKGROUND_NICENESS));
        expect(nicenessOf(foreground.pid as number)).toBe(own);
      } finally {
        background.end();
        foreground.end();
        await Promise.all([background.done, foreground.done]);
      }
    },
  );
});

describe('which gits a scan runs nicer', () => {
  /**
   * Runs a scan with `git` on PATH replaced by a script that waits for the
   * scan to lower its priority, notes its arguments and niceness, then runs
   * the real git: the scan's outcome is unchanged, and the notes say which
   * gits ran nicer.
   */
  async function gitsOf(run: () => Promise<unknown>): Promise<Map<string, number>> {
    const dir = scratchDir('git-wrapper-');
    const log = join(dir, 'calls.log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(dir, 'git'),
      `#!/bin/sh\nsleep 0.2\nprintf '%s %s\\n' "$*" "$(cut -d' ' -f19 /proc/$$/stat)" >> '${log}'\nexec '${realGit}' "$@"\n`,
      { mode: 0o755 },
    );
    const path = process.env['PATH'];
    process.env['PATH'] = `${dir}:${path ?? ''}`;
    try {
      await run();
    } finally {
      process.env['PATH'] = path;
    }
    const calls = new Map<string, number>();
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
      const cut = line.lastIndexOf(' ');
      // Without the settings every git is given first (git-safety.ts): the command and its arguments.
      const command = line.slice(0, cut).replace(/^(-c \S+ )+/, '');
      calls.set(command, Number(line.slice(cut + 1)));
    }
    return calls;
  }

  test.runIf(existsSync('/proc/self/stat'))(
    'a history scan: git log, which has time to spare; a tree scan: the notes’ gits, not the listing',
    async () => {
      const repo = GitRepo.init();
      repo.commit('init', { 'a.txt': 'x\n', 'b.txt': 'y\n' });
      repo.write({ 'a.txt': 'changed\n', 'new.txt': 'untracked\n' });
      repo.git('add', 'a.txt');
      repo.write({ 'a.txt': 'changed again\n' });
      const own = getPriority();
      const nicer = Math.min(19, own + BACKGROUND_NICENESS);
      const byCommand = (calls: Map<string, number>, start: string): number[] =>
        [...calls].filter(([args]) => args.startsWith(start)).map(([, nice]) => nice);

      const history = await gitsOf(() =>
        scan({ path: repo.dir, source: { kind: 'history' }, ignore: [] }),
      );
      expect(byCommand(history, 'log ')).toEqual([nicer]);
      expect(byCommand(history, 'rev-parse ')).toEqual([own]);

      let notes: string[] = [];
      const tree = await gitsOf(async () => {
        notes = (await scan({ path: repo.dir, source: { kind: 'tree' }, ignore: [] })).warnings;
      });
      expect(byCommand(tree, 'ls-files -z -v --stage')).toEqual([own]);
      expect(byCommand(tree, 'ls-files -z --others')).toEqual([nicer]);
      expect(byCommand(tree, 'diff ')).toEqual([nicer, nicer]);
      // Run nicer, they still say what they found.
      expect(notes).toEqual([
        '1 untracked file was not scanned (a tree scan reads the files git tracks; --no-git scans every file)',
        '1 file has staged content that the work tree has changed since: the staged version, which a commit would take, was not scanned (--staged scans it)',
      ]);
    },
  );
});
