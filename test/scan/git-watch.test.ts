/**
 * The watch that stops a git waiting forever to open a FIFO (git-watch.ts)
 * must never stop a git that is only waiting: a `cat-file --batch` the scan
 * keeps open sits idle on its input as long as the scan has nothing to ask.
 * (The watch stopping a blocked git is tested through the CLI:
 * hostile-git-dir.test.ts.)
 */
import { describe, expect, test } from 'vitest';
import { openGit } from '../../src/scan/git-stream.js';
import { blockedGit } from '../../src/scan/git-watch.js';
import { GitRepo } from '../helpers/gitrepo.js';

describe('the watch on the gits a scan runs', () => {
  test('a git idle on its input for 4 s (cat-file --batch) is not stopped and answers', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    const blob = repo.blob('HEAD', 'README.md');
    const out: Buffer[] = [];
    const pipe = openGit(repo.dir, ['cat-file', '--batch'], (chunk) => out.push(chunk));
    // Past the first look (1 s) and the 2 s a FIFO's open is given.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    pipe.write(`${blob}\n`);
    pipe.end();
    await pipe.done;
    expect(Buffer.concat(out).toString()).toBe(`${blob} blob 2\nx\n\n`);
    expect(blockedGit()).toBeNull();
  });
});
