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

  test('nothing staged: no note, and no diff of the work tree is needed', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'a.txt': 'x\n' });
    repo.write({ 'a.txt': 'changed\n' });
    expect(await workTreeNotes(repo.dir)).toEqual([]);
  });
});
