/**
 * A directory scanned from inside a submodule directory that holds no
 * repository (a gitlink, mode 160000, not initialised, files copied in):
 * `scan repo/sm/deep` reads its files as the whole-tree scan reads them,
 * named from the top of the superproject (`sm/deep/key.pem`), with the same
 * note; never "no keys" for files git neither tracks nor walks. A plain
 * subdirectory's untracked files stay unread, as before.
 *
 * The superproject is made by git: `update-index --cacheinfo 160000,…`
 * records the gitlink with no submodule clone behind it.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestKey } from '../helpers/keyfactory.js';
import {
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  RSA_PEM,
  runCli,
  scratchDir,
} from '../helpers/gitrepo.js';

let key: TestKey;
let other: TestKey;

beforeAll(() => {
  key = makeKey('gitlink-inside-ed25519', ED25519);
  other = makeKey('gitlink-inside-rsa', RSA_PEM);
});

/**
 * A superproject with a gitlink at `sm` (no `.git` there) and, copied into
 * it, `sm/top.pem` (other key), `sm/deep/key.pem` (key) and
 * `sm/deep/er/id_rsa` (other key).
 */
function superproject(): GitRepo {
  const repo = GitRepo.init();
  const head = repo.commit('init', { 'README.md': 'x\n', 'lib/util.txt': 'nothing\n' });
  repo.git('update-index', '--add', '--cacheinfo', `160000,${head},sm`);
  repo.commit('add a submodule entry');
  mkdirSync(join(repo.dir, 'sm', 'deep', 'er'), { recursive: true });
  writeFileSync(join(repo.dir, 'sm', 'top.pem'), other.text);
  writeFileSync(join(repo.dir, 'sm', 'deep', 'key.pem'), key.text);
  writeFileSync(join(repo.dir, 'sm', 'deep', 'er', 'id_rsa'), other.text);
  return repo;
}

/** `path` of every finding's every place, sorted. */
function paths(run: Awaited<ReturnType<typeof runCli>>): string[] {
  return jsonOf(run)
    .findings.flatMap((finding) => finding.locations.map((location) => location.path))
    .sort();
}

const NOTE = (count: number): string =>
  `warning: ${count} file${count === 1 ? ' was' : 's were'} read from 1 submodule directory ` +
  'without a repository (sm): not tracked by git, scanned as files on disk';

describe('a directory inside a submodule directory without a repository', () => {
  test('scan sm/deep reads its files, named from the top, with the whole-tree scan’s note', async () => {
    const repo = superproject();
    expect(repo.git('ls-files', '--stage', 'sm')).toMatch(/^160000 /);

    const whole = await runCli(['scan', '--format', 'json', repo.dir]);
    expect(whole.code).toBe(1);
    expect(paths(whole)).toEqual(['sm/deep/er/id_rsa', 'sm/deep/key.pem', 'sm/top.pem']);
    expect(whole.stderr).toContain(NOTE(3));

    const deep = await runCli(['scan', '--format', 'json', join(repo.dir, 'sm', 'deep')]);
    expect(deep.code, deep.stderr).toBe(1);
    expect(paths(deep)).toEqual(['sm/deep/er/id_rsa', 'sm/deep/key.pem']);
    expect(jsonOf(deep).stats.filesScanned).toBe(2);
    expect(deep.stderr.trimEnd().split('\n')).toEqual([NOTE(2)]);
    expect(deep.stderr).not.toMatch(/untracked/);

    const deeper = await runCli(['scan', join(repo.dir, 'sm', 'deep', 'er')]);
    expect(deeper.code, deeper.stderr).toBe(1);
    expect(deeper.stdout).toMatch(/^ {4}at sm\/deep\/er\/id_rsa:1$/m);
    expect(deeper.stdout).not.toContain('key.pem');
    expect(deeper.stderr.trimEnd().split('\n')).toEqual([NOTE(1)]);

    // `scan .` from inside, as a user in that directory would run it.
    const here = await runCli(['scan', '--format', 'json', '.'], {
      cwd: join(repo.dir, 'sm', 'deep'),
    });
    expect(here.code, here.stderr).toBe(1);
    expect(paths(here)).toEqual(['sm/deep/er/id_rsa', 'sm/deep/key.pem']);
  });

  test('no link is followed, no .git is entered; an empty directory there stays silent', async () => {
    const repo = superproject();
    const elsewhere = scratchDir('gitlink-inside-elsewhere-');
    writeFileSync(join(elsewhere, 'id_ed25519'), key.text);
    mkdirSync(join(repo.dir, 'sm', 'links', '.git'), { recursive: true });
    writeFileSync(join(repo.dir, 'sm', 'links', '.git', 'id_rsa'), other.text);
    symlinkSync(elsewhere, join(repo.dir, 'sm', 'links', 'dir'));
    symlinkSync(join(elsewhere, 'id_ed25519'), join(repo.dir, 'sm', 'links', 'file'));
    writeFileSync(join(repo.dir, 'sm', 'links', 'notes.txt'), 'nothing\n');
    mkdirSync(join(repo.dir, 'sm', 'empty', 'dir'), { recursive: true });

    const links = await runCli(['scan', join(repo.dir, 'sm', 'links')]);
    expect(links.code, links.stdout + links.stderr).toBe(0);
    // notes.txt and the two links' text, never what they point at.
    expect(links.stdout).toMatch(/^No private keys found in 3 files/);
    expect(links.stderr.trimEnd().split('\n')).toEqual([NOTE(3)]);

    const empty = await runCli(['scan', join(repo.dir, 'sm', 'empty')]);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toBe('');
  });

  test('a plain subdirectory of the superproject: its untracked key is still not read', async () => {
    const repo = superproject();
    mkdirSync(join(repo.dir, 'lib', 'deep'), { recursive: true });
    writeFileSync(join(repo.dir, 'lib', 'deep', 'key.pem'), key.text);
    const run = await runCli(['scan', join(repo.dir, 'lib', 'deep')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: 1 untracked file was not scanned/m);
    expect(run.stderr).not.toMatch(/submodule/);
  });
});
