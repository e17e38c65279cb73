import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { scan, type ScanResult } from '../../src/scan/scan.js';
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
  key = makeKey('history-ed25519', ED25519);
  other = makeKey('history-rsa', RSA_PEM);
});

function history(path: string): Promise<ScanResult> {
  return scan({ path, source: { kind: 'history' }, ignore: [] });
}

/** Findings reduced to what these tests assert: key and (path, line, commit, introducedBy). */
function places(result: ScanResult): { fingerprint: string | null; at: string[] }[] {
  return result.findings.map((finding) => ({
    fingerprint: finding.fingerprint,
    at: finding.locations
      .map((l) => `${l.path}:${l.line}@${l.commit ?? '-'}<${l.introducedBy ?? '-'}`)
      .sort(),
  }));
}

describe('history scan', () => {
  test('a store read by several git processes at once: keys in blobs that span chunks, in huge streamed blobs and in every run are all found, each blob once', async () => {
    const repo = GitRepo.init();
    // Some 25 MiB of content: several runs for each reader, as runs are cut by content size.
    // (This generator repeats, so the pack itself is small; only the content size matters.)
    const noise = (bytes: number, seed: number): Buffer => {
      const out = Buffer.alloc(bytes);
      let x = seed;
      for (let i = 0; i < bytes; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        out[i] = 32 + ((x >>> 16) % 90);
      }
      return out;
    };
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 12; i++) {
      const filler = noise(i === 0 ? 17 * 1024 * 1024 : 700 * 1024, i + 1);
      // A key right in the middle (across a 64 KiB pipe chunk) and one at the very end.
      const middle = filler.length >> 1;
      files[`data/part-${i}.txt`] = Buffer.concat([
        filler.subarray(0, middle),
        Buffer.from(`\n${i % 2 ? key.text : other.text}`),
        filler.subarray(middle),
        Buffer.from(`\n${i % 2 ? other.text : key.text}`),
      ]);
    }
    const commit = repo.commit('data', files);
    const result = await history(repo.dir);
    expect(result.stats.blobsScanned).toBe(12);
    const byKey = new Map(result.findings.map((f) => [f.fingerprint, f.locations]));
    for (const fingerprint of [key.fingerprint, other.fingerprint])
      expect(
        byKey
          .get(fingerprint)
          ?.map((l) => l.path)
          .sort(),
      ).toEqual(Array.from({ length: 12 }, (_, i) => `data/part-${i}.txt`).sort());
    expect(result.findings.every((f) => f.locations.every((l) => l.commit === commit))).toBe(true);
  });

  test('a key added in commit 1 and deleted in commit 3 is found at commit 1', async () => {
    const repo = GitRepo.init();
    const c1 = repo.commit('add deploy key', {
      'README.md': 'hello\n',
      'deploy/id_ed25519': key.text,
    });
    repo.commit('docs', { 'README.md': 'hello again\n' });
    repo.commit('remove the key', { 'deploy/id_ed25519': null });

    const result = await history(repo.dir);
    expect(places(result)).toEqual([
      { fingerprint: key.fingerprint, at: [`deploy/id_ed25519:1@${c1}<${c1}`] },
    ]);
    expect(result.findings[0]?.keyType).toBe('ed25519');
    // Every blob of every version was read: README twice, the key once.
    expect(result.stats.blobsScanned).toBe(3);
    expect(result.stats.filesScanned).toBe(0);
    expect(result.warnings).toEqual([]);

    // The working tree no longer has it: only history does.
    const tree = await scan({ path: repo.dir, source: { kind: 'tree' }, ignore: [] });
    expect(tree.findings).toEqual([]);
  });

  test('one key in two paths and commits is one finding introduced by the oldest commit', async () => {
    const repo = GitRepo.init();
    const c1 = repo.commit('add key', { 'a/id_ed25519': key.text });
    // The same key pasted into another file, 3 lines down: another blob, same key.
    const c2 = repo.commit('paste into notes', {
      'b/notes.txt': `server: prod\nuser: deploy\n${key.text}`,
    });
    // The identical file copied: the same blob at a new path.
    const c3 = repo.commit('copy', { 'c/id_ed25519': key.text });

    const result = await history(repo.dir);
    expect(result.findings).toHaveLength(1);
    expect(places(result)).toEqual([
      {
        fingerprint: key.fingerprint,
        at: [
          `a/id_ed25519:1@${c1}<${c1}`,
          `b/notes.txt:3@${c2}<${c1}`,
          `c/id_ed25519:1@${c3}<${c1}`,
        ],
      },
    ]);
  });

  test('a file named like a commit header of git log (\\x01 id \\x02 …) is a path: places keep their real commits', async () => {
    const repo = GitRepo.init();
    const c1 = repo.commit('init', { 'README.md': 'hello\n' });
    const forged = `\x01${'f'.repeat(40)}\x02 2001-01-01T00:00:00+00:00\x02Mallory <m@example.com>`;
    // Listed in the log before the other file of its commit (paths are sorted): a parser that
    // took it for a header would put the next place under the forged commit.
    const c2 = repo.commit('keys', { [forged]: key.text, 'z/id_ed25519': key.text });
    const result = await history(repo.dir);
    expect(places(result)).toEqual([
      {
        fingerprint: key.fingerprint,
        at: [`${forged}:1@${c2}<${c2}`, `z/id_ed25519:1@${c2}<${c2}`].sort(),
      },
    ]);
    expect(c1).not.toBe(c2);
  });

  test('a submodule (gitlink) and a deleted file write no blob: no missing object, no place', async () => {
    const repo = GitRepo.init();
    repo.commit('key', { id_ed25519: key.text });
    // A gitlink names a commit of another repository, absent here by design.
    repo.git('update-index', '--add', '--cacheinfo', `160000,${'ab'.repeat(20)},vendor/lib`);
    const c2 = repo.commit('add a submodule, delete the key', { id_ed25519: null });
    const result = await history(repo.dir);
    expect(result.warnings).toEqual([]);
    expect(places(result)[0]?.at).toEqual([expect.stringMatching(/^id_ed25519:1@/)]);
    expect(places(result)[0]?.at[0]).not.toContain(c2);
  });

  test('a key on a side branch that was never merged is found', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'hello\n' });
    repo.branch('feature');
    const side = repo.commit('add key on the side', { id_ed25519: key.text });
    repo.checkout('main');
    repo.commit('main moves on', { 'README.md': 'main\n' });

    const result = await history(repo.dir);
    expect(places(result)).toEqual([
      { fingerprint: key.fingerprint, at: [`id_ed25519:1@${side}<${side}`] },
    ]);
  });

  test('a key that only a merge commit adds (evil merge) is found at the merge', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    repo.branch('side');
    repo.commit('side change', { 'a.txt': 'side\n' });
    repo.checkout('main');
    repo.commit('main change', { 'b.txt': 'main\n' });
    const merge = repo.merge('side', 'merge side', { 'secrets/id_ed25519': key.text });
    expect(repo.git('rev-list', '--parents', '-n1', merge).split(' ')).toHaveLength(3);

    const result = await history(repo.dir);
    // Diffed against both parents, the merge writes the blob twice: one location.
    expect(places(result)).toEqual([
      { fingerprint: key.fingerprint, at: [`secrets/id_ed25519:1@${merge}<${merge}`] },
    ]);
  });

  test('a key in a commit that only a tag reaches is found', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'hello\n' });
    repo.checkout('--detach');
    const tagged = repo.commit('release build', { 'build/id_ed25519': key.text });
    repo.tag('v1.0.0');
    repo.checkout('main');
    expect(repo.git('branch', '--contains', tagged)).toBe('');

    const result = await history(repo.dir);
    expect(places(result)).toEqual([
      { fingerprint: key.fingerprint, at: [`build/id_ed25519:1@${tagged}<${tagged}`] },
    ]);
  });

  test('a key in an unreachable object (reset away, not yet gc-ed) is reported by blob id', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'hello\n' });
    repo.commit('oops', { id_ed25519: key.text });
    const blob = repo.blob('HEAD', 'id_ed25519');
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    expect(repo.git('cat-file', '-t', blob)).toBe('blob');

    const result = await history(repo.dir);
    expect(places(result)).toEqual([
      { fingerprint: key.fingerprint, at: [`(unreachable object ${blob}):1@-<-`] },
    ]);
  });

  test('encrypted keys are found and flagged; OpenSSH ones keep their fingerprint', async () => {
    const encryptedOpenssh = makeKey('history-ed25519-encrypted', {
      kind: 'ssh-keygen',
      type: 'ed25519',
      mode: 'openssh',
      encrypted: true,
    });
    const encryptedPem = makeKey('history-rsa-pem-encrypted', {
      kind: 'ssh-keygen',
      type: 'rsa',
      bits: 2048,
      mode: 'PEM',
      encrypted: true,
    });
    const repo = GitRepo.init();
    repo.commit('keys', { 'a/id_ed25519': encryptedOpenssh.text, 'b/id_rsa': encryptedPem.text });

    const result = await history(repo.dir);
    expect(result.findings).toHaveLength(2);
    const [a, b] = result.findings;
    expect(a?.locations[0]?.path).toBe('a/id_ed25519');
    expect(a).toMatchObject({
      encrypted: true,
      format: 'openssh',
      keyType: 'ed25519',
      parsed: true,
      fingerprint: encryptedOpenssh.truth.fingerprint,
    });
    expect(b?.locations[0]?.path).toBe('b/id_rsa');
    expect(b).toMatchObject({
      encrypted: true,
      format: 'pkcs1',
      keyType: 'rsa',
      fingerprint: null,
    });
  });

  test('a repository with no commits scans nothing and finds nothing', async () => {
    const repo = GitRepo.init();
    const result = await history(repo.dir);
    expect(result.findings).toEqual([]);
    expect(result.stats.blobsScanned).toBe(0);

    const run = await runCli(['scan', repo.dir, '--history', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(jsonOf(run).findings).toEqual([]);
  });

  test('a repository with no commits but a staged key reports the staged blob', async () => {
    const repo = GitRepo.init();
    repo.write({ id_ed25519: key.text });
    repo.git('add', 'id_ed25519');
    const blob = repo.git('rev-parse', ':id_ed25519');
    const result = await history(repo.dir);
    expect(places(result)).toEqual([
      { fingerprint: key.fingerprint, at: [`(unreachable object ${blob}):1@-<-`] },
    ]);
  });

  test('a repository with a deleted object file is scanned as far as it goes, with a warning naming it', async () => {
    const repo = GitRepo.init();
    repo.commit('one', { 'README.md': 'hello\n' });
    repo.commit('two', { 'config.txt': 'value\n', id_ed25519: other.text });
    const blob = repo.blob('HEAD', 'config.txt');
    rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));

    const run = await runCli(['scan', repo.dir, '--history', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(jsonOf(run).findings.map((f) => f.fingerprint)).toEqual([other.fingerprint]);
    expect(run.stderr).toMatch(
      new RegExp(
        `^warning: 1 object is missing from this repository \\(${blob}\\), an incomplete or damaged clone: .*git fetch --refetch`,
        'm',
      ),
    );
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  test('a repository with a truncated pack fails with exit 2 and a clear reason', async () => {
    const repo = GitRepo.init();
    repo.commit('one', { 'README.md': 'hello\n'.repeat(200) });
    repo.commit('two', { id_ed25519: key.text, 'data.txt': 'x\n'.repeat(2000) });
    repo.git('repack', '-adq');
    const packDir = join(repo.dir, '.git', 'objects', 'pack');
    const pack = readdirSync(packDir).find((name) => name.endsWith('.pack'));
    if (!pack) throw new Error('no pack written');
    truncateSync(join(packDir, pack), Math.floor(statSync(join(packDir, pack)).size / 2));

    const run = await runCli(['scan', repo.dir, '--history']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ec2-key-rotate: .*pack.*\n$/);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  test('--history on a directory that is not a repository exits 2', async () => {
    const dir = scratchDir('not-a-repo-');
    const run = await runCli(['scan', dir, '--history']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ec2-key-rotate: not a git repository: .*\n$/);
  });

  test('a directory that holds a store of keys but is no repository exits 2 all the same', async () => {
    const repo = GitRepo.init();
    repo.commit('key', { id_ed25519: key.text });
    repo.git('repack', '-adq');
    // objects/ and packs as a bare repository has them, without HEAD or refs: git says no.
    const dir = scratchDir('store-only-');
    cpSync(join(repo.dir, '.git', 'objects'), join(dir, 'objects'), { recursive: true });
    const run = await runCli(['scan', dir, '--history', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ec2-key-rotate: not a git repository: .*\n$/);
  });

  test('a shallow clone is scanned with a warning', async () => {
    const origin = GitRepo.init();
    origin.commit('old key', { 'old/id_rsa': other.text });
    origin.commit('remove', { 'old/id_rsa': null });
    const last = origin.commit('new key', { 'new/id_ed25519': key.text });
    const clone = join(scratchDir('shallow-'), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone]);

    const result = await history(clone);
    expect(result.warnings).toEqual([expect.stringMatching(/shallow/)]);
    // Only the fetched commit is there: the older key is out of reach.
    expect(places(result)).toEqual([
      { fingerprint: key.fingerprint, at: [`new/id_ed25519:1@${last}<${last}`] },
    ]);

    const run = await runCli(['scan', clone, '--history', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^warning: .*shallow.*\n$/);
    expect(jsonOf(run).warnings).toEqual([expect.stringMatching(/shallow/)]);
  });
});

describe('a commit whose author line git cannot read', () => {
  test('its key is found, with no author or date rather than git placeholders', async () => {
    const repo = GitRepo.init();
    repo.write({ id_ed25519: key.text });
    repo.git('add', 'id_ed25519');
    const tree = repo.git('write-tree').trim();
    const raw = `tree ${tree}\nauthor Evil\nName <e@x> 1700000000 +0000\ncommitter C <c@x> 1700000000 +0000\n\nhand-written\n`;
    const commit = execFileSync(
      'git',
      ['hash-object', '-t', 'commit', '-w', '--literally', '--stdin'],
      {
        cwd: repo.dir,
        input: raw,
        encoding: 'utf8',
      },
    ).trim();
    repo.git('update-ref', 'HEAD', commit);
    const result = await scan({ path: repo.dir, source: { kind: 'history' }, ignore: [] });
    expect(result.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
    expect(result.findings[0]?.locations).toEqual([
      expect.objectContaining({ path: 'id_ed25519', commit, author: null, authorDate: null }),
    ]);
  });
});
