/**
 * Tracked files a tree scan has no file for are said, never passed over in
 * silence: outside a sparse checkout (the index and HEAD still hold them),
 * deleted from the work tree, or replaced by a link.
 */
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import { scanTree } from '../../src/scan/sources/tree.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { ED25519, GitRepo, makeKey } from '../helpers/gitrepo.js';

let key: TestKey;

beforeAll(() => {
  key = makeKey('absent-tracked-ed25519', ED25519);
});

const tree = (path: string) => scan({ path, source: { kind: 'tree' }, ignore: [] });

describe('tracked files not on disk', () => {
  test('outside a sparse checkout: counted and named, and --staged still finds the key', async () => {
    const repo = GitRepo.init();
    repo.commit('init', {
      'docs/a.md': 'a\n',
      'deploy/id_ed25519': key.text,
      'deploy/x\n::error::.txt': 'x\n',
    });
    repo.git('sparse-checkout', 'set', 'docs');

    const result = await tree(repo.dir);
    expect(result.findings).toEqual([]);
    expect(result.warnings.join('\n')).toBe(
      '2 tracked files are outside the sparse checkout and not on disk (deploy/id_ed25519, deploy/x?::error::.txt): not scanned; --staged or --history scans what git holds',
    );
    const staged = await scan({ path: repo.dir, source: { kind: 'staged' }, ignore: [] });
    expect(staged.findings.length).toBe(1);
  });

  test('deleted from the work tree, or replaced by a link: counted and named', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'a.txt': 'a\n', 'deploy/id_ed25519': key.text, 'b.txt': 'b\n' });
    rmSync(join(repo.dir, 'deploy', 'id_ed25519'));
    rmSync(join(repo.dir, 'b.txt'));
    symlinkSync('/etc/hostname', join(repo.dir, 'b.txt'));
    const result = await tree(repo.dir);
    expect(result.warnings.join('\n')).toBe(
      '2 tracked files are missing from the work tree or a link now (b.txt, deploy/id_ed25519): not scanned; --staged or --history scans what git holds',
    );
    // Nothing is said when every tracked file is there.
    const whole = GitRepo.init();
    whole.commit('init', { 'a.txt': 'a\n' });
    expect((await tree(whole.dir)).warnings).toEqual([]);
  });

  test("a key committed as a link's text is read as git holds it, never followed", async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    symlinkSync(key.text, join(repo.dir, 'odd-link'));
    symlinkSync('/etc/hostname', join(repo.dir, 'plain-link'));
    repo.git('add', 'odd-link', 'plain-link');
    repo.commit('links');
    const result = await tree(repo.dir);
    expect(result.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
    expect(result.findings[0]?.locations.map((location) => location.path)).toEqual(['odd-link']);
    expect(result.warnings).toEqual([]);
    // The same as --staged and --history see it.
    const staged = await scan({ path: repo.dir, source: { kind: 'staged' }, ignore: [] });
    expect(staged.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
  });
});

describe('tracked files git does not compare with the work tree', () => {
  test('a key overwritten on disk after assume-unchanged or skip-worktree: said, and --staged finds it', async () => {
    const repo = GitRepo.init();
    repo.commit('init', {
      'a.txt': 'a\n',
      'deploy/id_ed25519': key.text,
      'deploy/other.pem': key.text,
    });
    repo.git('update-index', '--assume-unchanged', 'deploy/id_ed25519');
    repo.git('update-index', '--skip-worktree', 'deploy/other.pem');
    writeFileSync(join(repo.dir, 'deploy', 'id_ed25519'), 'nothing here\n');
    writeFileSync(join(repo.dir, 'deploy', 'other.pem'), 'nothing here\n');
    // git itself sees nothing to commit: the key stays in the index and in HEAD.
    expect(repo.git('status', '--porcelain')).toBe('');

    const result = await tree(repo.dir);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([
      '2 tracked files are marked assume-unchanged or skip-worktree (deploy/id_ed25519, deploy/other.pem): git does not compare them with the work tree, so what git holds may differ from what was read; --staged scans what git holds',
    ]);
    const staged = await scan({ path: repo.dir, source: { kind: 'staged' }, ignore: [] });
    expect(staged.findings.map((finding) => finding.locations.length)).toEqual([2]);
    // With the marks cleared, the note goes.
    repo.git('update-index', '--no-assume-unchanged', 'deploy/id_ed25519');
    repo.git('update-index', '--no-skip-worktree', 'deploy/other.pem');
    expect((await tree(repo.dir)).warnings).not.toContainEqual(
      expect.stringContaining('assume-unchanged'),
    );
  });
});

describe('a tree read in batches', () => {
  test('reports the same places, warnings and notes, in the same order, whatever the batch size', async () => {
    const repo = GitRepo.init();
    const files: Record<string, string> = {};
    for (let n = 0; n < 23; n++) files[`d${n % 4}/f${n}.txt`] = n % 5 === 0 ? key.text : `x${n}\n`;
    repo.commit('many', files);
    rmSync(join(repo.dir, 'd1', 'f1.txt'));
    rmSync(join(repo.dir, 'd2', 'f2.txt'));
    rmSync(join(repo.dir, 'd3', 'f3.txt'));
    rmSync(join(repo.dir, 'd0', 'f4.txt'));
    // A tracked directory replaced by a link: warned once, however many batches hold its files.
    rmSync(join(repo.dir, 'd3'), { recursive: true });
    symlinkSync('/tmp', join(repo.dir, 'd3'));
    const run = async (tracked: boolean, size?: number) => {
      const hits: string[] = [];
      const warnings: string[] = [];
      const stats = await scanTree(
        repo.dir,
        { tracked, prefix: '' },
        (path, blocks) => hits.push(`${path}:${blocks.map((block) => block.line).join(',')}`),
        (warning) => warnings.push(warning),
        undefined,
        size,
      );
      return { hits, warnings, stats };
    };
    for (const tracked of [true, false]) {
      const whole = await run(tracked);
      expect(whole.hits.length).toBeGreaterThan(2);
      for (const size of [1, 3, 7]) expect(await run(tracked, size)).toEqual(whole);
    }
    expect((await run(true)).warnings).toEqual([
      'skipped d3/: a symbolic link to a directory (not followed)',
      '3 tracked files are missing from the work tree or a link now (d0/f4.txt, d1/f1.txt, d2/f2.txt): not scanned; --staged or --history scans what git holds',
    ]);
  });
});
