import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Histories `git log` cannot walk: a partial clone filtered by tree, and
 * clones that lost a tree. Every object present is still scanned; what is
 * missing is counted, with how to fetch it.
 */

let key: TestKey;
let other: TestKey;

beforeAll(() => {
  key = makeKey('incomplete-ed25519', ED25519);
  other = makeKey('incomplete-rsa', RSA_PEM);
});

function history(path: string): Promise<ScanResult> {
  return scan({ path, source: { kind: 'history' }, ignore: [] });
}

function range(path: string, spec: string): Promise<ScanResult> {
  return scan({ path, source: { kind: 'range', range: spec }, ignore: [] });
}

/** Findings as `fingerprint|path:line@commit<introducedBy`, sorted. */
function places(result: ScanResult): string[] {
  return result.findings
    .flatMap((finding) =>
      finding.locations.map(
        (l) =>
          `${finding.fingerprint}|${l.path}:${l.line}@${l.commit ?? '-'}<${l.introducedBy ?? '-'}`,
      ),
    )
    .sort();
}

/** Deletes a loose object (the repositories here are never packed). */
function removeObject(repo: GitRepo, id: string): void {
  rmSync(join(repo.dir, '.git', 'objects', id.slice(0, 2), id.slice(2)));
}

/**
 * c1 writes a key at keys/id_ed25519; c2 adds docs/ with another key in it;
 * c3 writes the first key again at deploy/id_ed25519. Then c2's docs tree is
 * deleted: git log cannot diff c2, while c1 and c3 are whole.
 */
function damagedRepo(): {
  repo: GitRepo;
  c1: string;
  c3: string;
  docs: string;
  pem: string;
} {
  const repo = GitRepo.init();
  const c1 = repo.commit('key', { 'keys/id_ed25519': key.text, 'README.md': 'one\n' });
  const c2 = repo.commit('docs', { 'docs/deploy.pem': other.text, 'docs/a.md': 'a\n' });
  const c3 = repo.commit('deploy', { 'deploy/id_ed25519': key.text, 'README.md': 'two\n' });
  const docs = repo.git('rev-parse', `${c2}:docs`);
  const pem = repo.blob(c2, 'docs/deploy.pem');
  removeObject(repo, docs);
  expect(() => repo.git('log', '--raw', '--all')).toThrow(/unable to read tree/);
  return { repo, c1, c3, docs, pem };
}

describe('a history that lacks trees', () => {
  test('a damaged clone that lost a tree: keys in intact commits keep their commit and path, a key under the lost tree is named by its blob', async () => {
    const { repo, c1, c3, docs, pem } = damagedRepo();

    const result = await history(repo.dir);
    expect(places(result)).toEqual(
      [
        `${key.fingerprint}|keys/id_ed25519:1@${c1}<${c1}`,
        `${key.fingerprint}|deploy/id_ed25519:1@${c3}<${c1}`,
        `${other.fingerprint}|(object ${pem}, path unknown):1@-<-`,
      ].sort(),
    );
    expect(result.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^1 object is missing from this repository \\(${docs}\\), an incomplete or damaged clone: .*object id.*git fetch --refetch`,
        ),
      ),
    ]);

    const run = await runCli(['scan', repo.dir, '--history', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(
      jsonOf(run)
        .findings.map((f) => f.fingerprint)
        .sort(),
    ).toEqual([key.fingerprint, other.fingerprint].sort());
    expect(run.stderr).toMatch(/^warning: 1 object is missing from this repository/m);
  });

  test('a damaged range is scanned as far as its objects go', async () => {
    const { repo, c1, c3, docs } = damagedRepo();
    const result = await range(repo.dir, `${c1}..${c3}`);
    // c3 is whole: its key keeps its place. The blob under the lost tree is out of the
    // range's reach (nothing tells it belongs to the range): the warning says what is missing.
    expect(places(result)).toEqual([`${key.fingerprint}|deploy/id_ed25519:1@${c3}<${c3}`]);
    expect(result.warnings).toEqual([expect.stringContaining(`(${docs}), an incomplete`)]);

    const run = await runCli(['scan', repo.dir, '--range', `${c1}..${c3}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^warning: 1 object is missing/m);
  });

  test('a commit that lost its root tree: the walk goes around it; the blob it holds is placed where a later commit has it', async () => {
    const repo = GitRepo.init();
    repo.commit('one', { 'README.md': 'one\n' });
    const c2 = repo.commit('key', { 'deploy/id_ed25519': key.text });
    const c3 = repo.commit('three', { 'README.md': 'three\n' });
    removeObject(repo, repo.git('rev-parse', `${c2}^{tree}`));

    const result = await history(repo.dir);
    // c2 cannot be diffed, nor can c3 (against c2): c3's tree still holds the key.
    expect(places(result)).toEqual([`${key.fingerprint}|deploy/id_ed25519:1@${c3}<${c3}`]);
    expect(result.warnings).toEqual([expect.stringMatching(/^1 object is missing/)]);
  });

  test('many unreadable commits: the log gives up on them after a bound, and the walk still places the key', async () => {
    const repo = GitRepo.init();
    // 81 commits in one git fast-import, then unpacked to loose objects: the first writes a key,
    // each other adds a directory whose tree is then lost, so that every diff but one fails.
    const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
    let stream = '';
    for (let i = 0; i <= 80; i++) {
      stream +=
        `commit refs/heads/main\nmark :${i + 1}\n` +
        `committer Alice Example <alice@example.com> ${1_700_000_000 + i} +0000\n` +
        data(`commit ${i}`) +
        (i
          ? `from :${i}\nM 100644 inline d${i}/f\n${data(`${i}`)}`
          : `M 100644 inline id_ed25519\n${data(key.text)}`);
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, input: stream });
    const packs = join(repo.dir, '.git', 'objects', 'pack');
    for (const name of readdirSync(packs).filter((file) => file.endsWith('.pack'))) {
      const pack = readFileSync(join(packs, name));
      for (const file of readdirSync(packs)) rmSync(join(packs, file));
      execFileSync('git', ['unpack-objects', '-q'], { cwd: repo.dir, input: pack });
    }
    const first = repo.git('rev-list', '--max-parents=0', 'main');
    const names = Array.from({ length: 80 }, (_, i) => `main~${79 - i}:d${i + 1}\n`).join('');
    const trees = execFileSync('git', ['cat-file', '--batch-check=%(objectname)'], {
      cwd: repo.dir,
      input: names,
      encoding: 'utf8',
    });
    for (const tree of trees.trim().split('\n')) removeObject(repo, tree);
    const started = performance.now();
    const result = await history(repo.dir);
    expect(places(result)).toEqual([`${key.fingerprint}|id_ed25519:1@${first}<${first}`]);
    expect(result.warnings).toEqual([expect.stringMatching(/^80 objects are missing/)]);
    // Some 130 git logs at most, each of a few milliseconds: far from a hang.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('a partial clone filtered by tree', () => {
  /** origin: c1 (a key, later removed), c2 (key message), c3 (the key at HEAD); cloned with --filter=tree:0. */
  function treelessClone(): { clone: string; c1: string; c2: string; c3: string } {
    const origin = GitRepo.init();
    const c1 = origin.commit('old key', { 'old/id_rsa': other.text, 'README.md': 'v1\n' });
    const c2 = origin.commit(`notes\n\n${key.text}`, { 'old/id_rsa': null });
    const c3 = origin.commit('deploy', { 'deploy/id_ed25519': key.text });
    origin.git('config', 'uploadpack.allowFilter', 'true');
    const clone = join(scratchDir('treeless-'), 'clone');
    // The checkout fetches HEAD's trees and blobs: older ones stay behind.
    execFileSync('git', ['clone', '-q', '--filter=tree:0', `file://${origin.dir}`, clone], {
      stdio: 'ignore',
    });
    return { clone, c1, c2, c3 };
  }

  test('--history scans what is there, counts what is not and says how to fetch it (exit 1 on a key, not 2)', async () => {
    const { clone, c2, c3 } = treelessClone();
    const result = await history(clone);
    expect(places(result)).toEqual(
      [
        `${key.fingerprint}|(commit message):3@${c2}<${c2}`,
        `${key.fingerprint}|deploy/id_ed25519:1@${c3}<${c2}`,
      ].sort(),
    );
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^2 objects are missing from this repository \(first: [0-9a-f]{40}\), a partial clone: .*`git -c remote\.origin\.partialclonefilter= fetch --refetch origin`/,
      ),
    ]);

    const run = await runCli(['scan', clone, '--history']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^warning: 2 objects are missing .*partial clone/m);
    expect(run.stderr).not.toMatch(/corrupt|ec2-key-rotate:/);
  });

  test('--range on it scans what the range reaches', async () => {
    const { clone, c1, c2, c3 } = treelessClone();
    const result = await range(clone, `${c1}..${c3}`);
    const at = result.findings.flatMap((f) =>
      f.locations.map((l) => `${f.fingerprint}|${l.path}@${l.commit ?? '-'}`),
    );
    expect(at.sort()).toEqual(
      [
        `${key.fingerprint}|(commit message)@${c2}`,
        `${key.fingerprint}|deploy/id_ed25519@${c3}`,
      ].sort(),
    );
    expect(result.warnings).toEqual([
      expect.stringMatching(/objects? (is|are) missing.*partial clone/),
    ]);
  });

  test('a partial clone without blobs (--filter=blob:none) still reads its history with git log', async () => {
    const origin = GitRepo.init();
    const c1 = origin.commit('key', { 'a/id_ed25519': key.text });
    origin.commit('drop', { 'a/id_ed25519': null, 'b.txt': 'b\n' });
    origin.git('config', 'uploadpack.allowFilter', 'true');
    const clone = join(scratchDir('blobless-'), 'clone');
    execFileSync('git', ['clone', '-q', '--filter=blob:none', `file://${origin.dir}`, clone], {
      stdio: 'ignore',
    });
    const blob = origin.blob(c1, 'a/id_ed25519');
    const result = await history(clone);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^1 object is missing from this repository \\(${blob}\\), a partial clone: only the objects present were scanned; fetch`,
        ),
      ),
    ]);
  });
});
