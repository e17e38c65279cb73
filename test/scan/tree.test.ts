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
  key = makeKey('tree-ed25519', ED25519);
  other = makeKey('tree-rsa', RSA_PEM);
});

function tree(path: string): Promise<ScanResult> {
  return scan({ path, source: { kind: 'tree' }, ignore: [] });
}

/** `fingerprint|path:line` of every location, sorted. */
function places(result: ScanResult): string[] {
  return result.findings
    .flatMap((finding) =>
      finding.locations.map((l) => {
        expect(l.commit).toBeNull();
        expect(l.introducedBy).toBeNull();
        return `${finding.fingerprint}|${l.path}:${l.line}`;
      }),
    )
    .sort();
}

/** `é` in Latin-1: not valid UTF-8 on its own. */
const LATIN1_E = Buffer.from([0xe9]);

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

describe('tree scan in a git work tree', () => {
  test('scans tracked (and staged) files only; untracked files and deleted ones are counted in notes', async () => {
    const repo = GitRepo.init();
    repo.commit('init', {
      'README.md': 'hello\n',
      'keys/id_ed25519': key.text,
      'gone/id_rsa': other.text,
    });
    // Deleted from disk, still in the index: nothing to read, said in a note.
    rmSync(join(repo.dir, 'gone/id_rsa'));
    // Untracked: not part of the repository.
    repo.write({ 'scratch/id_rsa': other.text, 'notes.txt': `x\n${other.text}` });
    // Staged but not committed: it is about to be, so it counts.
    repo.write({ 'staged/key.pem': `# staged\n${key.text}` });
    repo.git('add', 'staged/key.pem');

    const result = await tree(repo.dir);
    expect(places(result)).toEqual([
      `${key.fingerprint}|keys/id_ed25519:1`,
      `${key.fingerprint}|staged/key.pem:2`,
    ]);
    expect(result.findings).toHaveLength(1);
    expect(result.stats.filesScanned).toBe(3);
    expect(result.stats.blobsScanned).toBe(0);
    expect(result.stats.bytesScanned).toBe(
      Buffer.byteLength('hello\n') +
        Buffer.byteLength(key.text) * 2 +
        Buffer.byteLength('# staged\n'),
    );
    expect(result.warnings).toEqual([
      '1 tracked file is missing from the work tree or a link now (gone/id_rsa): not scanned; --staged or --history scans what git holds',
      '2 untracked files were not scanned (a tree scan reads the files git tracks; --no-git scans every file)',
    ]);
  });

  test('a subdirectory as PATH scans its tracked files, with paths relative to the repository root', async () => {
    const repo = GitRepo.init();
    repo.commit('init', {
      'top/id_rsa': other.text,
      'services/api/deploy/id_ed25519': key.text,
      'services/api/README.md': 'api\n',
      'services/web/id_rsa': other.text,
    });
    repo.write({ 'services/api/untracked.pem': other.text });

    const result = await tree(join(repo.dir, 'services', 'api'));
    expect(places(result)).toEqual([`${key.fingerprint}|services/api/deploy/id_ed25519:1`]);
    expect(result.stats.filesScanned).toBe(2);
    // Only the untracked file under PATH is counted.
    expect(result.warnings).toEqual([expect.stringMatching(/^1 untracked file was not scanned/)]);

    // The CLI reports the same path, as a history scan and SARIF do.
    const run = await runCli(['scan', 'services/api', '--format', 'json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(jsonOf(run).findings.map((f) => f.locations.map((l) => l.path))).toEqual([
      ['services/api/deploy/id_ed25519'],
    ]);
  });

  test('a tracked symlink to a key is not followed', async () => {
    const outside = scratchDir('outside-');
    writeFileSync(join(outside, 'id_ed25519'), key.text);
    const repo = GitRepo.init();
    mkdirSync(join(repo.dir, 'dir'));
    symlinkSync(join(outside, 'id_ed25519'), join(repo.dir, 'linked-key'));
    symlinkSync(outside, join(repo.dir, 'dir', 'linked-dir'));
    repo.git('add', 'linked-key', 'dir/linked-dir');
    repo.commit('links', { 'README.md': 'x\n' });
    expect(repo.git('ls-files', '-s', 'linked-key').split(' ')[0]).toBe('120000');

    const result = await tree(repo.dir);
    expect(result.findings).toEqual([]);
    // README.md and the two links' text (a path each), never what they point at.
    expect(result.stats.filesScanned).toBe(3);
    expect(result.warnings).toEqual([]);
  });

  test('a tracked file replaced by a FIFO or a directory is skipped with a warning', async () => {
    const repo = GitRepo.init();
    repo.commit('init', {
      'a/fifo.pem': other.text,
      'b/dir.pem': other.text,
      'c/id_ed25519': key.text,
    });
    rmSync(join(repo.dir, 'a/fifo.pem'));
    mkfifo(join(repo.dir, 'a/fifo.pem'));
    rmSync(join(repo.dir, 'b/dir.pem'));
    mkdirSync(join(repo.dir, 'b/dir.pem'));
    writeFileSync(join(repo.dir, 'b/dir.pem', 'inside'), other.text);

    // A FIFO would block a reader forever: the scan must not open it.
    const result = await tree(repo.dir);
    expect(places(result)).toEqual([`${key.fingerprint}|c/id_ed25519:1`]);
    expect(result.warnings.sort()).toEqual([
      // b/dir.pem/inside, which git does not track.
      expect.stringMatching(/^1 untracked file was not scanned/),
      expect.stringMatching(/^skipped a\/fifo\.pem: not a regular file/),
      expect.stringMatching(/^skipped b\/dir\.pem: not a regular file/),
    ]);
    expect(result.stats.filesScanned).toBe(1);

    // The CLI goes on, reports the key and prints the warnings.
    const run = await runCli(['scan', repo.dir, '--format', 'json']);
    expect(run.code).toBe(1);
    // Files are read concurrently: warnings come in any order.
    expect(run.stderr.trim().split('\n').sort()).toEqual([
      expect.stringMatching(/^warning: 1 untracked file/),
      expect.stringMatching(/^warning: skipped .*fifo\.pem/),
      expect.stringMatching(/^warning: skipped .*dir\.pem/),
    ]);
    const text = await runCli(['scan', repo.dir]);
    expect(text.code).toBe(1);
    // Warnings go to stderr whatever the format.
    expect(text.stderr).toMatch(/warning: skipped a\/fifo\.pem/);
  });

  test('a tracked file whose name is not valid UTF-8 is still read', async () => {
    const repo = GitRepo.init();
    mkdirSync(join(repo.dir, 'keys'));
    writeFileSync(
      Buffer.concat([Buffer.from(`${repo.dir}/keys/k`), LATIN1_E, Buffer.from('y')]),
      key.text,
    );
    repo.git('add', '-A');
    repo.commit('a latin-1 file name');

    const result = await tree(repo.dir);
    expect(places(result)).toEqual([`${key.fingerprint}|"keys/k\\351y":1`]);
    expect(result.warnings).toEqual([]);
    // From a subdirectory too.
    const sub = await tree(join(repo.dir, 'keys'));
    expect(places(sub)).toEqual([`${key.fingerprint}|"keys/k\\351y":1`]);
  });

  test('an uninitialised submodule (gitlink) is skipped silently', async () => {
    const sub = GitRepo.init();
    sub.commit('sub', { id_ed25519: key.text });
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/sub');
    repo.commit('add submodule');
    rmSync(join(repo.dir, 'vendor/sub'), { recursive: true, force: true });
    mkdirSync(join(repo.dir, 'vendor/sub'));

    const result = await tree(repo.dir);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});

describe('tree scan of a plain directory', () => {
  test('scans every file, dotfiles and nested ones included, but not .git', async () => {
    const dir = scratchDir('plain-');
    mkdirSync(join(dir, 'deep', 'er'), { recursive: true });
    mkdirSync(join(dir, '.ssh'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'deep', 'er', 'id_ed25519'), key.text);
    writeFileSync(join(dir, '.ssh', 'id_rsa'), other.text);
    writeFileSync(join(dir, '.git', 'id_rsa'), other.text);
    writeFileSync(join(dir, 'README'), 'nothing here\n');

    const result = await tree(dir);
    expect(places(result)).toEqual(
      [`${key.fingerprint}|deep/er/id_ed25519:1`, `${other.fingerprint}|.ssh/id_rsa:1`].sort(),
    );
    expect(result.stats.filesScanned).toBe(3);
  });

  test('a file whose name (or directory name) is not valid UTF-8 is still read', async () => {
    const dir = scratchDir('plain-latin1-');
    const sub = Buffer.concat([Buffer.from(`${dir}/d`), LATIN1_E]);
    mkdirSync(sub);
    writeFileSync(Buffer.concat([sub, Buffer.from('/k'), LATIN1_E]), key.text);

    const result = await tree(dir);
    expect(places(result)).toEqual([`${key.fingerprint}|"d\\351/k\\351":1`]);
    expect(result.warnings).toEqual([]);
  });

  test('symlinks to a key or to a directory of keys are not followed', async () => {
    const outside = scratchDir('outside-');
    writeFileSync(join(outside, 'id_ed25519'), key.text);
    const dir = scratchDir('plain-links-');
    symlinkSync(join(outside, 'id_ed25519'), join(dir, 'key-link'));
    symlinkSync(outside, join(dir, 'dir-link'));
    writeFileSync(join(dir, 'README'), 'x\n');

    const result = await tree(dir);
    expect(result.findings).toEqual([]);
    // README and the two links' text, never what they point at.
    expect(result.stats.filesScanned).toBe(3);
    expect(result.warnings).toEqual([]);
  });

  test('a FIFO is skipped with a warning and the rest is scanned', async () => {
    const dir = scratchDir('plain-fifo-');
    mkfifo(join(dir, 'pipe'));
    writeFileSync(join(dir, 'id_ed25519'), key.text);

    const result = await tree(dir);
    expect(places(result)).toEqual([`${key.fingerprint}|id_ed25519:1`]);
    expect(result.warnings).toEqual([expect.stringMatching(/^skipped pipe: not a regular file/)]);
  });

  test.skipIf(!canDropPrivileges())(
    'unreadable files and directories are skipped with warnings and the scan said incomplete (run as an unprivileged user)',
    async () => {
      const dir = scratchDir('plain-perms-');
      // The scratch dirs are private (0700): let the unprivileged user in.
      for (let up = dir; up !== dirname(up) && up.startsWith(tmpdir()); up = dirname(up))
        if (up !== tmpdir()) chmodSync(up, 0o755);
      mkdirSync(join(dir, 'locked'));
      mkdirSync(join(dir, 'open'));
      writeFileSync(join(dir, 'locked', 'id_rsa'), other.text);
      writeFileSync(join(dir, 'unreadable.pem'), other.text);
      writeFileSync(join(dir, 'open', 'id_ed25519'), key.text);
      chmodSync(join(dir, 'locked'), 0o000);
      chmodSync(join(dir, 'unreadable.pem'), 0o000);

      const run = await runCli(['scan', dir, '--format', 'json'], { unprivileged: true });
      // The key found decides the exit code; without it, the unread paths make it 2.
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n').sort()).toEqual([
        expect.stringMatching(
          /^ec2-key-rotate: scan incomplete: 2 paths could not be read \((locked\/, unreadable\.pem|unreadable\.pem, locked\/)\): /,
        ),
        'warning: skipped locked/: EACCES',
        'warning: skipped unreadable.pem: EACCES',
      ]);
      const report = jsonOf(run);
      expect(report.findings.map((f) => [f.fingerprint, f.locations[0]?.path])).toEqual([
        [key.fingerprint, 'open/id_ed25519'],
      ]);
      expect(report.stats.filesScanned).toBe(1);
    },
  );

  test('an empty directory scans nothing and exits 0', async () => {
    const dir = scratchDir('empty-');
    const result = await tree(dir);
    expect(result.findings).toEqual([]);
    expect(result.stats.filesScanned).toBe(0);
    const run = await runCli(['scan', dir, '--format', 'json']);
    expect(run.code).toBe(0);
  });
});
