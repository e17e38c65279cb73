/**
 * Submodule entries (gitlinks, mode 160000) in a tree scan. A checked-out
 * submodule is another repository and is named in a note. A gitlink
 * directory without a repository (not initialised, or its `.git` removed)
 * that holds files is neither tracked nor untracked for git: its files are
 * read as a plain directory's, never a silent clean.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { scan, type ScanResult } from '../../src/scan/scan.js';
import type { TestKey } from '../helpers/keyfactory.js';
import {
  canDropPrivileges,
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
  key = makeKey('gitlink-ed25519', ED25519);
  other = makeKey('gitlink-rsa', RSA_PEM);
});

function tree(path: string): Promise<ScanResult> {
  return scan({ path, source: { kind: 'tree' }, ignore: [] });
}

/** `fingerprint|path:line` of every location, sorted. */
function places(result: ScanResult): string[] {
  return result.findings
    .flatMap((finding) =>
      finding.locations.map((l) => `${finding.fingerprint}|${l.path}:${l.line}`),
    )
    .sort();
}

/** A repository with a submodule at `path`, checked out (its `.git` is a file there). */
function withSubmodule(
  path: string,
  inner: Record<string, string> = { 'README.md': 'sub\n' },
): {
  repo: GitRepo;
  sub: GitRepo;
} {
  const sub = GitRepo.init();
  sub.commit('sub', inner);
  const repo = GitRepo.init();
  repo.commit('init', { 'README.md': 'x\n' });
  repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, path);
  repo.commit('add submodule');
  return { repo, sub };
}

const NOTE = /^\d+ files? (was|were) read from \d+ submodule director(y|ies) without a repository/;

describe('a submodule directory without a repository', () => {
  test('its files are read, nested ones too, reported from the top: scanned from the top and from inside', async () => {
    const { repo } = withSubmodule('sm');
    // Its `.git` removed: git tracks none of what is there, nor calls it untracked.
    rmSync(join(repo.dir, 'sm', '.git'), { recursive: true, force: true });
    mkdirSync(join(repo.dir, 'sm', 'deep', 'er'), { recursive: true });
    writeFileSync(join(repo.dir, 'sm', 'id_ed25519'), key.text);
    writeFileSync(join(repo.dir, 'sm', 'deep', 'er', 'id_rsa'), other.text);

    const expected = [
      `${key.fingerprint}|sm/id_ed25519:1`,
      `${other.fingerprint}|sm/deep/er/id_rsa:1`,
    ].sort();
    const top = await tree(repo.dir);
    expect(places(top)).toEqual(expected);
    // README.md, .gitmodules, and the three files of sm (its README.md included).
    expect(top.stats.filesScanned).toBe(5);
    expect(top.warnings).toEqual([
      '3 files were read from 1 submodule directory without a repository (sm): not tracked by git, scanned as files on disk',
    ]);

    const inside = await tree(join(repo.dir, 'sm'));
    expect(places(inside)).toEqual(expected);
    expect(inside.stats.filesScanned).toBe(3);
    expect(inside.warnings).toEqual([expect.stringMatching(NOTE)]);

    for (const path of [repo.dir, join(repo.dir, 'sm')]) {
      const run = await runCli(['scan', path, '--format', 'json']);
      expect(run.code).toBe(1);
      expect(
        jsonOf(run)
          .findings.map((f) => f.locations[0]?.path)
          .sort(),
      ).toEqual(['sm/deep/er/id_rsa', 'sm/id_ed25519'].sort());
      expect(run.stderr).toMatch(/^warning: 3 files were read from 1 submodule directory/m);
    }
  });

  test('an uninitialised submodule deeper in the tree, with a key copied in: found in text output', async () => {
    const { repo } = withSubmodule('vendor/sub');
    rmSync(join(repo.dir, 'vendor', 'sub'), { recursive: true, force: true });
    mkdirSync(join(repo.dir, 'vendor', 'sub', 'keys'), { recursive: true });
    writeFileSync(join(repo.dir, 'vendor', 'sub', 'keys', 'id_ed25519'), key.text);

    const run = await runCli(['scan', repo.dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {4}at vendor\/sub\/keys\/id_ed25519:1$/m);
    expect(run.stderr).toMatch(
      /^warning: 1 file was read from 1 submodule directory without a repository \(vendor\/sub\)/m,
    );
    const inside = await runCli(['scan', join(repo.dir, 'vendor', 'sub')]);
    expect(inside.code).toBe(1);
    expect(inside.stdout).toMatch(/^ {4}at vendor\/sub\/keys\/id_ed25519:1$/m);
  });

  test('an empty uninitialised submodule stays silent: exit 0, no note', async () => {
    const { repo } = withSubmodule('vendor/sub', { id_ed25519: key.text });
    rmSync(join(repo.dir, 'vendor', 'sub'), { recursive: true, force: true });
    mkdirSync(join(repo.dir, 'vendor', 'sub'));

    const result = await tree(repo.dir);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([]);
    for (const path of [repo.dir, join(repo.dir, 'vendor', 'sub')]) {
      const run = await runCli(['scan', path]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    }
  });

  test('links are not followed: the directory itself as a link, or a link inside it', async () => {
    const { repo } = withSubmodule('sm');
    const elsewhere = scratchDir('elsewhere-');
    writeFileSync(join(elsewhere, 'id_ed25519'), key.text);
    rmSync(join(repo.dir, 'sm'), { recursive: true, force: true });
    symlinkSync(elsewhere, join(repo.dir, 'sm'));
    const linked = await tree(repo.dir);
    expect(linked.findings).toEqual([]);
    expect(linked.warnings).not.toContainEqual(expect.stringMatching(NOTE));

    rmSync(join(repo.dir, 'sm'));
    mkdirSync(join(repo.dir, 'sm'));
    symlinkSync(elsewhere, join(repo.dir, 'sm', 'dir'));
    symlinkSync(join(elsewhere, 'id_ed25519'), join(repo.dir, 'sm', 'file'));
    writeFileSync(join(repo.dir, 'sm', 'notes.txt'), 'nothing\n');
    const inside = await tree(repo.dir);
    expect(inside.findings).toEqual([]);
    // notes.txt and the two links' text (a path each), never what they point at.
    expect(inside.warnings).toEqual([
      '3 files were read from 1 submodule directory without a repository (sm): not tracked by git, scanned as files on disk',
    ]);
  });

  test.skipIf(!canDropPrivileges())(
    'an unreadable file or directory in it makes the scan incomplete, as elsewhere (run as an unprivileged user)',
    async () => {
      const { repo } = withSubmodule('sm');
      rmSync(join(repo.dir, 'sm', '.git'), { recursive: true, force: true });
      mkdirSync(join(repo.dir, 'sm', 'locked'));
      writeFileSync(join(repo.dir, 'sm', 'locked', 'id_rsa'), other.text);
      writeFileSync(join(repo.dir, 'sm', 'unreadable.pem'), other.text);
      writeFileSync(join(repo.dir, 'sm', 'id_ed25519'), key.text);
      // The scratch dirs are private (0700): let the unprivileged user in, and own the repository.
      for (let up = repo.dir; up !== dirname(up) && up.startsWith(tmpdir()); up = dirname(up))
        if (up !== tmpdir()) chmodSync(up, 0o755);
      if (process.getuid?.() === 0) execFileSync('chown', ['-R', '65534:65534', repo.dir]);
      chmodSync(join(repo.dir, 'sm', 'locked'), 0o000);
      chmodSync(join(repo.dir, 'sm', 'unreadable.pem'), 0o000);

      const run = await runCli(['scan', repo.dir, '--format', 'json'], { unprivileged: true });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^warning: skipped sm\/locked\/: EACCES$/m);
      expect(run.stderr).toMatch(/^warning: skipped sm\/unreadable\.pem: EACCES$/m);
      expect(run.stderr).toMatch(/scan incomplete: 2 paths could not be read/);
      expect(jsonOf(run).findings.map((f) => f.locations[0]?.path)).toEqual(['sm/id_ed25519']);
    },
  );
});

describe('a checked-out submodule is unchanged', () => {
  test('named in a note, its files not read, exit 0; scanned by its path, its key is found', async () => {
    const { repo } = withSubmodule('vendor/infra', { 'deploy/id_ed25519': key.text });
    const result = await tree(repo.dir);
    expect(result.findings).toEqual([]);
    expect(result.stats.filesScanned).toBe(2);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^1 submodule\(s\) not scanned \(vendor\/infra\)/),
    ]);
    const run = await runCli(['scan', repo.dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/without a repository/);
    const own = await tree(join(repo.dir, 'vendor', 'infra'));
    expect(places(own)).toEqual([`${key.fingerprint}|deploy/id_ed25519:1`]);
    expect(own.warnings).toEqual([]);
  });
});
