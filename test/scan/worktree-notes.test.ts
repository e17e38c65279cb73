import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { workTreeNotes } from '../../src/scan/sources/worktree-notes.js';
import { GitRepo } from '../helpers/gitrepo.js';

const overwritten = (count: number): string =>
  `${count} file${count === 1 ? ' has' : 's have'} staged content that the work tree has changed since: ` +
  'the staged version, which a commit would take, was not scanned (--staged scans it)';

describe('work tree notes', () => {
  test('only staged paths changed again on disk are counted, named literally, from any directory', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n', 'app/kept.txt': 'a\n' });
    mkdirSync(join(repo.dir, 'app', 'sub'), { recursive: true });
    // Staged, then changed on disk: counted. A glob-like name must be matched as itself.
    repo.write({ 'app/a*[b].pem': 'one\n', 'app/sub/c d.pem': 'two\n', 'app/same.txt': 's\n' });
    repo.git('add', '--', 'app/a*[b].pem', 'app/sub/c d.pem', 'app/same.txt');
    repo.write({ 'app/a*[b].pem': 'changed\n', 'app/sub/c d.pem': 'changed\n' });
    // Changed on disk but not staged: not counted. A file named `ab].pem` would match the glob.
    repo.write({ 'app/kept.txt': 'b\n', 'app/ab].pem': 'untracked\n' });

    expect(await workTreeNotes(repo.dir)).toEqual([
      '1 untracked file was not scanned (a tree scan reads the files git tracks; --no-git scans every file)',
      overwritten(2),
    ]);
    // From a subdirectory: git names paths from the top, and only what is beneath counts.
    expect((await workTreeNotes(join(repo.dir, 'app', 'sub'))).at(-1)).toBe(overwritten(1));
    expect(await workTreeNotes(join(repo.dir, 'app'))).toContain(overwritten(2));
  });

  test('git-ignored paths: counted, an ignored directory once, named from the top, hostile names shown safely', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { '.gitignore': '.env\nbuild/\n*.key\n', 'app/main.ts': 'x\n' });
    // An ignored directory is one path however many files it holds; an untracked
    // directory that holds only ignored files is one too.
    repo.write({
      '.env': 'K=1\n',
      'build/a/b.js': 'x\n',
      'build/c.js': 'x\n',
      'app/.env': 'K=2\n',
      'local/only.key': 'k\n',
      'app/new.ts': 'untracked\n',
    });
    const ignored = (count: number, named: string): string =>
      `${count} git-ignored path${count === 1 ? ' was' : 's were'} not scanned (${named}): ` +
      'a tree scan reads the files git tracks; --no-git scans every file';
    expect(await workTreeNotes(repo.dir)).toEqual([
      '1 untracked file was not scanned (a tree scan reads the files git tracks; --no-git scans every file)',
      ignored(4, '.env, app/.env, build/, …'),
    ]);
    // From a subdirectory: only what is beneath it, named from the top.
    expect(await workTreeNotes(join(repo.dir, 'app'))).toEqual([
      '1 untracked file was not scanned (a tree scan reads the files git tracks; --no-git scans every file)',
      ignored(1, 'app/.env'),
    ]);
    // A name is the repository's choice: control characters never reach the log.
    const hostile = GitRepo.init();
    hostile.commit('init', { '.gitignore': '*.pem\n' });
    hostile.write({ 'x\n::error::pwned\u001b[31m.pem': 'k\n' });
    expect(await workTreeNotes(hostile.dir)).toEqual([ignored(1, 'x?::error::pwned?[31m.pem')]);
  });

  test('nothing staged: no note, and no diff of the work tree is needed', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'a.txt': 'x\n' });
    repo.write({ 'a.txt': 'changed\n' });
    expect(await workTreeNotes(repo.dir)).toEqual([]);
  });
});
