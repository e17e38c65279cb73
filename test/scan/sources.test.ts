/**
 * Every source a user points the scanner at, and the cases that must never
 * end in a silent "clean": one file, stdin, --no-git, --staged, bare
 * repositories, empty ranges, partial clones, paths from the repository root
 * in every mode, links out of the tree, commit and tag messages, LFS pointers.
 * Real git repositories, built here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { scan, ScanInputError, type ScanResult, type ScanSource } from '../../src/scan/scan.js';
import { parseIgnoreFile } from '../../src/scan/ignore.js';
import type { TestKey } from '../helpers/keyfactory.js';
import {
  CLI,
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  NODE,
  RSA_PEM,
  runCli,
  scratchDir,
  secretRunsIn,
} from '../helpers/gitrepo.js';

let key: TestKey;
let other: TestKey;

beforeAll(() => {
  key = makeKey('sources-ed25519', ED25519);
  other = makeKey('sources-rsa', RSA_PEM);
});

function run(path: string, source: ScanSource = { kind: 'tree' }): Promise<ScanResult> {
  return scan({ path, source, ignore: [] });
}

/** `fingerprint|path:line@commit` of every location, sorted. */
function places(result: ScanResult): string[] {
  return result.findings
    .flatMap((finding) =>
      finding.locations.map(
        (l) => `${finding.fingerprint}|${l.path}:${l.line}@${l.commit?.slice(0, 7) ?? '-'}`,
      ),
    )
    .sort();
}

const LFS_POINTER =
  'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 123456\n';

describe('one file and standard input', () => {
  test('a file inside a repository is reported by its path from the root; outside one, as named', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'deploy/keys/id_ed25519': key.text });
    const inRepo = await run(join(repo.dir, 'deploy', 'keys', 'id_ed25519'));
    expect(places(inRepo)).toEqual([`${key.fingerprint}|deploy/keys/id_ed25519:1@-`]);
    expect(inRepo.stats.filesScanned).toBe(1);

    const dir = scratchDir('loose-');
    writeFileSync(join(dir, 'key.pem'), `notes\n${other.text}`);
    const named = relative(process.cwd(), join(dir, 'key.pem'));
    expect(places(await run(named))).toEqual([`${other.fingerprint}|${named}:2@-`]);

    // The CLI: exit 1 with the finding, exit 0 on a clean file, 2 on a missing one.
    const found = await runCli(['scan', join(dir, 'key.pem'), '--format', 'json']);
    expect(found.code).toBe(1);
    writeFileSync(join(dir, 'clean.txt'), 'nothing\n');
    expect((await runCli(['scan', join(dir, 'clean.txt')])).code).toBe(0);
    const missing = await runCli(['scan', join(dir, 'nope.pem')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or directory/);
  });

  test('--history, --range and --staged on a file are errors, not a clean scan', async () => {
    const dir = scratchDir('file-src-');
    writeFileSync(join(dir, 'k'), key.text);
    for (const source of [{ kind: 'history' }, { kind: 'staged' }] as ScanSource[])
      await expect(run(join(dir, 'k'), source)).rejects.toThrow(ScanInputError);
  });

  test('standard input is streamed and reported as (stdin)', async () => {
    const input = Readable.from([Buffer.from('x\n'), Buffer.from(key.text), Buffer.from('y\n')]);
    const result = await scan({ path: '-', source: { kind: 'tree' }, ignore: [], stdin: input });
    expect(places(result)).toEqual([`${key.fingerprint}|(stdin):2@-`]);
    expect(result.findings[0]?.locations[0]?.kind).toBe('stdin');

    // Through the CLI: `scan -` with the key piped in exits 1 and prints no key material.
    const cli = spawnSync(NODE, [CLI, 'scan', '-', '--format', 'json'], {
      input: `prefix\n${other.text}`,
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(secretRunsIn(cli.stdout + cli.stderr)).toEqual([]);
    expect(JSON.parse(cli.stdout).findings[0].locations[0].path).toBe('(stdin)');
    const clean = spawnSync(NODE, [CLI, 'scan', '-'], { input: 'nothing\n', encoding: 'utf8' });
    expect(clean.status).toBe(0);
  });

  test('standard input is decoded as a file is: base64, gzip, UTF-16; clear beyond 16 MiB', async () => {
    const { gzipSync } = await import('node:zlib');
    const stdin = (bytes: Buffer) =>
      scan({ path: '-', source: { kind: 'tree' }, ignore: [], stdin: Readable.from([bytes]) });
    const text = Buffer.from(key.text);
    const encoded = {
      base64: Buffer.from(`KEY=${text.toString('base64')}\n`),
      gzip: gzipSync(text),
      utf16: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(key.text, 'utf16le')]),
    };
    for (const [how, bytes] of Object.entries(encoded)) {
      const result = await stdin(bytes);
      expect(
        result.findings.map((finding) => finding.fingerprint),
        how,
      ).toEqual([key.fingerprint]);
    }
    // Larger than a file read whole: streamed, and a key in clear at its end still found.
    const big = Buffer.concat([Buffer.alloc(17 * 1024 * 1024, 'x\n'), text]);
    const streamed = await scan({
      path: '-',
      source: { kind: 'tree' },
      ignore: [],
      stdin: Readable.from([big.subarray(0, 1 << 20), big.subarray(1 << 20)]),
    });
    expect(streamed.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
    expect(streamed.stats.bytesScanned).toBe(big.length);
  });
});

describe('work trees: what a tree scan leaves out is said, --no-git and --staged read it', () => {
  test('a checked-out submodule is another repository: named in a note, never a silent clean', async () => {
    const inner = GitRepo.init();
    inner.commit('key', { 'deploy/id_ed25519': key.text });
    const outer = GitRepo.init();
    outer.commit('init', { 'README.md': 'x\n' });
    outer.git(
      '-c',
      'protocol.file.allow=always',
      'submodule',
      'add',
      '-q',
      inner.dir,
      'vendor/infra',
    );
    outer.commit('submodule');
    const tree = await run(outer.dir);
    expect(tree.findings).toEqual([]);
    expect(tree.warnings).toEqual([
      expect.stringMatching(/^1 submodule\(s\) not scanned \(vendor\/infra\)/),
    ]);
    // Scanned by its own path, the key in it is found.
    const own = await run(join(outer.dir, 'vendor', 'infra'));
    expect(places(own)).toEqual([`${key.fingerprint}|deploy/id_ed25519:1@-`]);
  });

  test('untracked files: a note in a tree scan, found with --no-git (ignored files too, .git never)', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n', '.gitignore': 'secret/\n' });
    repo.write({ 'scratch/id_ed25519': key.text, 'secret/id_rsa': other.text });
    writeFileSync(join(repo.dir, '.git', 'id_rsa'), other.text);

    const tree = await run(repo.dir);
    expect(tree.findings).toEqual([]);
    expect(tree.warnings).toEqual([
      '1 untracked file was not scanned (a tree scan reads the files git tracks; --no-git scans every file)',
      '1 git-ignored path was not scanned (secret/): a tree scan reads the files git tracks; --no-git scans every file',
    ]);
    const cli = await runCli(['scan', repo.dir]);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toMatch(/^warning: 1 untracked file was not scanned/m);
    expect(cli.stderr).toMatch(/^warning: 1 git-ignored path was not scanned \(secret\/\)/m);

    const all = await run(repo.dir, { kind: 'files' });
    expect(places(all)).toEqual(
      [
        `${key.fingerprint}|scratch/id_ed25519:1@-`,
        `${other.fingerprint}|secret/id_rsa:1@-`,
      ].sort(),
    );
    expect(all.warnings).toEqual([]);
    // From a subdirectory, with paths from the repository root.
    const sub = await run(join(repo.dir, 'scratch'), { kind: 'files' });
    expect(places(sub)).toEqual([`${key.fingerprint}|scratch/id_ed25519:1@-`]);
    const noGit = await runCli(['scan', repo.dir, '--no-git', '--format', 'json']);
    expect(noGit.code).toBe(1);
  });

  test("--no-git reads a link's text as the tree scan does, follows none, and counts links as files", async () => {
    const dir = scratchDir('no-git-links-');
    const outside = scratchDir('no-git-outside-');
    writeFileSync(join(outside, 'id_rsa'), other.text);
    // A key pasted as a link's target (git commits a link as its text), and a link out of the tree.
    symlinkSync(key.text, join(dir, 'keylink'));
    symlinkSync(outside, join(dir, 'linkdir'));
    symlinkSync(join(outside, 'id_rsa'), join(dir, 'filelink'));
    const files = await run(dir, { kind: 'files' });
    expect(places(files)).toEqual([`${key.fingerprint}|keylink:1@-`]);
    expect(files.stats.filesScanned).toBe(3);
    const repo = GitRepo.init();
    symlinkSync(key.text, join(repo.dir, 'keylink'));
    repo.git('add', '-A');
    repo.commit('link');
    const tree = await run(repo.dir);
    expect(places(tree)).toEqual([`${key.fingerprint}|keylink:1@-`]);
    expect(tree.stats.filesScanned).toBe(1);
  });

  test('a key staged and then overwritten: a note in a tree scan, found by --staged', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    mkdirSync(join(repo.dir, 'app'));
    repo.write({ 'app/deploy.pem': key.text });
    repo.git('add', 'app/deploy.pem');
    repo.write({ 'app/deploy.pem': 'replaced on disk\n', 'app/local.pem': other.text });

    const tree = await run(repo.dir);
    expect(tree.findings).toEqual([]);
    expect(tree.warnings).toContain(
      '1 file has staged content that the work tree has changed since: the staged version, which a commit would take, was not scanned (--staged scans it)',
    );

    const staged = await run(join(repo.dir, 'app'), { kind: 'staged' });
    // What a commit takes, with paths from the root; the untracked local.pem is not staged.
    expect(places(staged)).toEqual([`${key.fingerprint}|app/deploy.pem:1@-`]);
    expect(staged.stats.blobsScanned).toBe(1);

    const cli = await runCli(['scan', '--staged', '--format', 'json'], { cwd: repo.dir });
    expect(cli.code).toBe(1);
    expect(jsonOf(cli).findings[0]?.locations.map((l) => l.path)).toEqual(['app/deploy.pem']);
    // Nothing staged but clean content: exit 0.
    repo.git('reset', '-q');
    expect((await runCli(['scan', '--staged'], { cwd: repo.dir })).code).toBe(0);
  });

  test('two sources at once are refused', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    const both = await runCli(['scan', repo.dir, '--staged', '--history']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--history and --staged cannot be used together/);
  });
});

describe('git directories without a work tree', () => {
  test('a bare repository or a .git directory without --history is an error that says to use --history', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { id_ed25519: key.text });
    const bare = join(scratchDir('bare-'), 'repo.git');
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    for (const dir of [bare, join(repo.dir, '.git'), join(repo.dir, '.git', 'objects')]) {
      await expect(run(dir)).rejects.toThrow(/scan its history with --history/);
      await expect(run(dir, { kind: 'files' })).rejects.toThrow(/--history/);
      const cli = await runCli(['scan', dir]);
      expect(cli.code).toBe(2);
      expect(cli.stdout).toBe('');
      expect(cli.stderr).toMatch(/^ec2-key-rotate: .*scan its history with --history\n$/);
    }
    // With --history it is scanned.
    expect((await run(bare, { kind: 'history' })).findings).toHaveLength(1);
  });

  test('a .git file (linked work tree, submodule) is refused as a tree and read with --history or --range', async () => {
    const repo = GitRepo.init();
    const first = repo.commit('init', { 'README.md': 'x\n' });
    const linked = join(scratchDir('linked-'), 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', linked);
    writeFileSync(join(linked, 'id_ed25519'), key.text);
    execFileSync('git', ['add', 'id_ed25519'], { cwd: linked });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'key'], {
      cwd: linked,
    });
    const gitFile = join(linked, '.git');
    for (const kind of ['tree', 'files', 'staged'] as const) {
      await expect(run(gitFile, { kind })).rejects.toThrow(
        /is a git file \(it names a git directory\): scan its history with --history/,
      );
    }
    const cli = await runCli(['scan', gitFile]);
    expect(cli.code).toBe(2);
    expect(cli.stdout).toBe('');
    const history = await runCli(['scan', '--history', '--format', 'json', gitFile]);
    expect(history.code, history.stderr).toBe(1);
    expect(jsonOf(history).findings[0]?.locations.map((l) => l.path)).toContain('id_ed25519');
    const range = await run(gitFile, { kind: 'range', range: `${first}..side` });
    expect(range.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
  });
});

describe('ranges that hold nothing', () => {
  test('a reversed range and an empty range are warnings naming the range', async () => {
    const repo = GitRepo.init();
    const a = repo.commit('one', { 'README.md': 'x\n' });
    const b = repo.commit('two', { id_ed25519: key.text });
    const reversed = await run(repo.dir, { kind: 'range', range: `${b}..${a}` });
    expect(reversed.findings).toEqual([]);
    expect(reversed.warnings).toEqual([
      `the range ${b}..${a} has no commits: it looks reversed (${a}..${b} has 1); nothing was scanned`,
    ]);
    const empty = await run(repo.dir, { kind: 'range', range: `${b}..${b}` });
    expect(empty.warnings).toEqual([
      `the range ${b}..${b} has no commits (${b} adds nothing to ${b}); nothing was scanned`,
    ]);
    const cli = await runCli(['scan', repo.dir, '--range', `${b}..${a}`]);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toMatch(/^warning: the range .* looks reversed/m);
    // The right way round: found, no warning.
    const forward = await run(repo.dir, { kind: 'range', range: `${a}..${b}` });
    expect(forward.findings).toHaveLength(1);
    expect(forward.warnings).toEqual([]);
  });
});

describe('a partial clone', () => {
  test('is scanned as far as its objects go; the missing ones are counted, with how to fetch them, and never fetched', async () => {
    const origin = GitRepo.init();
    const a = origin.commit('small files', { 'keys/id_ed25519': key.text, 'README.md': 'x\n' });
    const big = Buffer.alloc(4096, 'z');
    const b = origin.commit('big files', {
      'data/one.bin': big,
      'data/two.bin': Buffer.concat([big, big]),
    });
    origin.git('config', 'uploadpack.allowFilter', 'true');
    const clone = join(scratchDir('partial-'), 'clone');
    execFileSync('git', [
      'clone',
      '-q',
      '--no-checkout',
      '--filter=blob:limit=1k',
      pathToFileURL(origin.dir).href,
      clone,
    ]);
    const missingNow = (): number =>
      execFileSync('git', ['rev-list', '--objects', '--all', '--missing=print'], {
        cwd: clone,
        encoding: 'utf8',
      })
        .split('\n')
        .filter((line) => line.startsWith('?')).length;
    expect(missingNow()).toBe(2);

    const history = await run(clone, { kind: 'history' });
    expect(places(history)).toEqual([`${key.fingerprint}|keys/id_ed25519:1@${a.slice(0, 7)}`]);
    expect(history.warnings).toEqual([
      expect.stringMatching(
        /^2 objects are missing from this repository \(first: [0-9a-f]{40}\), a partial clone: only the objects present were scanned; fetch the rest with `git -c remote.origin.partialclonefilter= fetch --refetch origin`/,
      ),
    ]);
    const range = await run(clone, { kind: 'range', range: `${a}..${b}` });
    expect(range.findings).toEqual([]);
    expect(range.warnings).toEqual([expect.stringMatching(/^2 objects are missing/)]);
    // Neither scan fetched anything.
    expect(missingNow()).toBe(2);

    const cli = await runCli(['scan', clone, '--history', '--format', 'json']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^warning: 2 objects are missing/m);
    // The advice works: after it, nothing is missing.
    execFileSync(
      'git',
      ['-c', 'remote.origin.partialclonefilter=', 'fetch', '-q', '--refetch', 'origin'],
      { cwd: clone },
    );
    expect(missingNow()).toBe(0);
    expect((await run(clone, { kind: 'history' })).warnings).toEqual([]);
  });
});

describe('paths from the repository root in every mode', () => {
  test('tree, --no-git, --staged, --history and --range of a subdirectory report the same path, and one ignore file suppresses it in all', async () => {
    const repo = GitRepo.init();
    const a = repo.commit('init', { 'README.md': 'x\n' });
    const b = repo.commit('key', { 'svc/api/deploy/id_ed25519': key.text });
    const sub = join(repo.dir, 'svc', 'api');
    const want = `svc/api/deploy/id_ed25519:1`;
    const sources: ScanSource[] = [
      { kind: 'tree' },
      { kind: 'files' },
      { kind: 'staged' },
      { kind: 'history' },
      { kind: 'range', range: `${a}..${b}` },
    ];
    for (const source of sources) {
      const result = await run(sub, source);
      expect(result.findings.flatMap((f) => f.locations.map((l) => `${l.path}:${l.line}`))).toEqual(
        [want],
      );
    }
    const ignore = parseIgnoreFile('svc/api/deploy/id_ed25519  # test fixture\n');
    for (const source of sources) {
      const result = await scan({ path: sub, source, ignore });
      expect(result.findings).toEqual([]);
      expect(result.stats.suppressed).toBe(1);
    }
    // The CLI reads the ignore file at the repository root, for a subdirectory too.
    writeFileSync(join(repo.dir, '.ec2-key-rotate-ignore'), 'svc/api/deploy/  # fixtures\n');
    for (const flags of [[], ['--history']]) {
      const cli = await runCli(['scan', sub, ...flags, '--format', 'json']);
      expect(cli.code).toBe(0);
      expect(jsonOf(cli).stats.suppressed).toBe(1);
    }
  });
});

describe('links out of the tree', () => {
  test('directory links to / and to $HOME inside the tree are not followed, with or without git', async () => {
    const outside = scratchDir('outside-');
    writeFileSync(join(outside, 'id_ed25519'), key.text);
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    symlinkSync('/', join(repo.dir, 'root'));
    symlinkSync(homedir(), join(repo.dir, 'home'));
    symlinkSync(outside, join(repo.dir, 'keys'));
    // Tracked links (mode 120000) are content of their own, never followed.
    repo.git('add', 'root', 'home', 'keys');
    repo.commit('links');
    for (const source of [{ kind: 'tree' }, { kind: 'files' }] as ScanSource[]) {
      const result = await run(repo.dir, source);
      expect(result.findings).toEqual([]);
      // README.md, and the three links' text (what git commits of a link), never their targets.
      expect(result.stats.filesScanned).toBe(4);
      expect(result.stats.bytesScanned).toBe(2 + '/'.length + homedir().length + outside.length);
    }
  });

  test('a tracked directory replaced by a link is not entered: a warning names it', async () => {
    const outside = scratchDir('outside-');
    writeFileSync(join(outside, 'id_ed25519'), key.text);
    const repo = GitRepo.init();
    repo.commit('init', { 'conf/id_ed25519': 'placeholder, not a key\n', 'README.md': 'x\n' });
    execFileSync('rm', ['-r', join(repo.dir, 'conf')]);
    symlinkSync(outside, join(repo.dir, 'conf'));

    const result = await run(repo.dir);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toContain(
      'skipped conf/: a symbolic link to a directory (not followed)',
    );
    expect(result.stats.filesScanned).toBe(1);
  });
});

describe('commit and tag messages', () => {
  test('a key pasted into a commit message and into a tag message is found by --history and --range', async () => {
    const repo = GitRepo.init();
    const a = repo.commit('init', { 'README.md': 'x\n' });
    const b = repo.commit(`fix deploy\n\nthe key, for reference:\n${key.text}`, { 'a.txt': 'a\n' });
    repo.git('tag', '-a', 'v1.0', '-m', `release\n\n${other.text}`, b);
    const tagId = repo.rev('v1.0');

    for (const source of [
      { kind: 'history' },
      { kind: 'range', range: `${a}..${b}` },
    ] as ScanSource[]) {
      const result = await run(repo.dir, source);
      const byKey = new Map(result.findings.map((f) => [f.fingerprint, f.locations]));
      expect(byKey.get(key.fingerprint)).toEqual([
        expect.objectContaining({
          path: '(commit message)',
          kind: 'commit-message',
          line: 4,
          commit: b,
          author: 'Alice Example <alice@example.com>',
          authorDate: expect.stringMatching(/^2023-11-14T22:13:2\dZ?|\+00:00$/),
        }),
      ]);
      expect(byKey.get(other.fingerprint)).toEqual([
        expect.objectContaining({
          path: '(message of tag v1.0)',
          kind: 'tag-message',
          line: 3,
          commit: b,
        }),
      ]);
      expect(tagId).not.toBe(b);
    }
    // A tree scan reads files only.
    expect((await run(repo.dir)).findings).toEqual([]);
    const cli = await runCli(['scan', repo.dir, '--history']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('(commit message)');
  });
});

describe('Git LFS pointers', () => {
  test('are counted and mentioned in tree, --staged and --history scans', async () => {
    const repo = GitRepo.init();
    repo.commit('lfs', { 'assets/big.bin': LFS_POINTER, 'assets/other.bin': LFS_POINTER + 'x\n' });
    const tree = await run(repo.dir);
    expect(tree.warnings).toEqual([
      '2 Git LFS pointer files not scanned: the content they stand for is not checked out (run `git lfs pull` and scan again)',
    ]);
    expect((await run(repo.dir, { kind: 'staged' })).warnings).toEqual([
      expect.stringMatching(/^2 Git LFS pointer files not scanned/),
    ]);
    expect((await run(repo.dir, { kind: 'history' })).warnings).toEqual([
      expect.stringMatching(/^2 Git LFS pointer files in the history/),
    ]);
    const plain = GitRepo.init();
    plain.commit('no lfs', { 'README.md': LFS_POINTER.replace('version', 'versions') });
    expect((await run(plain.dir)).warnings).toEqual([]);
  });
});

describe('progress', () => {
  test('tree, history and range scans report progress, ending at the total', async () => {
    const repo = GitRepo.init();
    const a = repo.commit('one', { 'README.md': 'x\n' });
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f/${i}.txt`] = `file ${i}\n`;
    const b = repo.commit('many', files);
    const sources: [ScanSource, 'files' | 'objects'][] = [
      [{ kind: 'tree' }, 'files'],
      [{ kind: 'history' }, 'objects'],
      [{ kind: 'range', range: `${a}..${b}` }, 'objects'],
    ];
    for (const [source, unit] of sources) {
      const calls: [number, number, string][] = [];
      await scan({
        path: repo.dir,
        source,
        ignore: [],
        onProgress: (done, total, what) => calls.push([done, total, what]),
      });
      const last = calls.at(-1);
      expect(last?.[2]).toBe(unit);
      expect(last?.[0]).toBe(last?.[1]);
      expect(last?.[0]).toBeGreaterThanOrEqual(41);
    }
  });
});

describe('decoder warnings reach every source', () => {
  test('a gzip bomb is named by its path in tree, --staged, --history and --range scans', async () => {
    const { gzipSync } = await import('node:zlib');
    // 20 MiB of zeros in about 20 KiB: past every expansion limit.
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const repo = GitRepo.init();
    const before = repo.commit('init', { 'README.md': 'x\n' });
    const after = repo.commit('archive', { 'backup/data.gz': bomb });
    const blob = repo.blob('HEAD', 'backup/data.gz');
    const tree = await run(repo.dir);
    expect(tree.warnings).toEqual([expect.stringMatching(/^backup\/data\.gz: .*gzip/)]);
    const staged = await run(repo.dir, { kind: 'staged' });
    expect(staged.warnings).toEqual([expect.stringMatching(/^backup\/data\.gz: .*gzip/)]);
    const history = await run(repo.dir, { kind: 'history' });
    const named = new RegExp(`^backup/data\\.gz \\(blob ${blob.slice(0, 12)}\\): .*gzip`);
    expect(history.warnings).toEqual([expect.stringMatching(named)]);
    const range = await run(repo.dir, { kind: 'range', range: `${before}..${after}` });
    expect(range.warnings).toEqual([expect.stringMatching(named)]);
  });

  test('a gzip bomb is named in a one-file scan and on standard input', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const repo = GitRepo.init();
    repo.commit('archive', { 'backup/data.gz': bomb });
    const file = await run(join(repo.dir, 'backup', 'data.gz'));
    expect(file.warnings).toEqual([expect.stringMatching(/^backup\/data\.gz: .*gzip/)]);
    const input = Readable.from([bomb]);
    const piped = await scan({ path: '-', source: { kind: 'tree' }, ignore: [], stdin: input });
    expect(piped.warnings).toEqual([expect.stringMatching(/^\(stdin\): .*gzip/)]);
  });
});
