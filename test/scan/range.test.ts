import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseRange } from '../../src/scan/sources/range.js';
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
  ZERO,
} from '../helpers/gitrepo.js';

let early: TestKey;
let late: TestKey;

beforeAll(() => {
  early = makeKey('range-early-rsa', RSA_PEM);
  late = makeKey('range-late-ed25519', ED25519);
});

function range(path: string, spec: string): Promise<ScanResult> {
  return scan({ path, source: { kind: 'range', range: spec }, ignore: [] });
}

function places(result: ScanResult): string[] {
  return result.findings.flatMap((finding) =>
    finding.locations.map(
      (l) =>
        `${finding.fingerprint}|${l.path}:${l.line}@${l.commit ?? '-'}<${l.introducedBy ?? '-'}`,
    ),
  );
}

/**
 * main: c1 (early key) - c2 (A) - c3 (late key, B)
 * feature (from c2): f1 (late key in another file)
 */
function pushRepo(): { repo: GitRepo; c1: string; a: string; b: string; f1: string } {
  const repo = GitRepo.init();
  const c1 = repo.commit('early key', { 'old/id_rsa': early.text, 'README.md': 'v1\n' });
  const a = repo.commit('docs', { 'README.md': 'v2\n' });
  const b = repo.commit('late key', { 'deploy/id_ed25519': late.text, 'README.md': 'v3\n' });
  repo.branch('feature', a);
  const f1 = repo.commit('feature key', { 'feature/key.txt': `# ops\n${late.text}` });
  repo.checkout('main');
  return { repo, c1, a, b, f1 };
}

describe('range scan', () => {
  test('A..B of a normal push scans only the blobs the range writes', async () => {
    const { repo, a, b } = pushRepo();
    const result = await range(repo.dir, `${a}..${b}`);
    // The early key is still in B's tree but was committed before A: not this push's doing.
    expect(places(result)).toEqual([`${late.fingerprint}|deploy/id_ed25519:1@${b}<${b}`]);
    // README v3 and the key: the two blobs c3 writes.
    expect(result.stats.blobsScanned).toBe(2);
    expect(result.warnings).toEqual([]);

    const clean = await range(repo.dir, `${a}..${a}`);
    expect(clean.findings).toEqual([]);
    expect(clean.stats.blobsScanned).toBe(0);
  });

  test('A = 0000… with B on no other ref scans all of B; commits another ref has are left out', async () => {
    const { repo, c1, b } = pushRepo();
    // c1..b leaves c1 (the early key) out.
    const result = await range(repo.dir, `${c1}..${b}`);
    expect(places(result)).toEqual([`${late.fingerprint}|deploy/id_ed25519:1@${b}<${b}`]);
    // A new branch at B: what B has that no other ref has. feature holds c1
    // (and its early key) too, so only c3 is new.
    const all = await range(repo.dir, `${ZERO}..${b}`);
    expect(places(all)).toEqual([`${late.fingerprint}|deploy/id_ed25519:1@${b}<${b}`]);
    repo.git('branch', '-D', 'feature');
    const alone = await range(repo.dir, `${ZERO}..${b}`);
    expect(places(alone).sort()).toEqual(
      [
        `${early.fingerprint}|old/id_rsa:1@${c1}<${c1}`,
        `${late.fingerprint}|deploy/id_ed25519:1@${b}<${b}`,
      ].sort(),
    );
  });

  test('a new branch (A = 0000…) scans the commits no other ref has', async () => {
    const { repo, f1 } = pushRepo();
    const result = await range(repo.dir, `${ZERO}..${f1}`);
    // c1's early key is on main too: not new. Only f1 is.
    expect(places(result)).toEqual([`${late.fingerprint}|feature/key.txt:2@${f1}<${f1}`]);
    expect(result.warnings).toEqual([]);
    // Also with B named by ref.
    expect(places(await range(repo.dir, `${ZERO}..feature`))).toEqual(places(result));
  });

  test('a new tag on a commit no branch has is scanned (the tag itself is not "another ref")', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'hello\n' });
    repo.checkout('--detach');
    const tagged = repo.commit('release', { 'dist/id_ed25519': late.text });
    repo.tag('v1.0.0');
    repo.checkout('main');
    const expected = [`${late.fingerprint}|dist/id_ed25519:1@${tagged}<${tagged}`];
    expect(places(await range(repo.dir, `${ZERO}..${tagged}`))).toEqual(expected);
    expect(places(await range(repo.dir, `${ZERO}..v1.0.0`))).toEqual(expected);
  });

  test('refs with dots in their names are valid range ends', async () => {
    const { repo, a, b } = pushRepo();
    repo.git('tag', 'v1.0', a);
    repo.git('tag', 'release-1.1', b);
    const result = await range(repo.dir, 'v1.0..release-1.1');
    expect(places(result)).toEqual([`${late.fingerprint}|deploy/id_ed25519:1@${b}<${b}`]);
    expect(parseRange('v1.0..release/1.1')).toEqual({ from: 'v1.0', to: 'release/1.1' });
  });

  test('a force push whose old tip is not in the clone warns and scans what B adds', async () => {
    const { repo, f1 } = pushRepo();
    const gone = 'deadbeef'.repeat(5);
    const result = await range(repo.dir, `${gone}..${f1}`);
    expect(result.warnings).toEqual([expect.stringContaining(`${gone} is not in this clone`)]);
    expect(places(result)).toEqual([`${late.fingerprint}|feature/key.txt:2@${f1}<${f1}`]);

    const run = await runCli(['scan', repo.dir, '--range', `${gone}..${f1}`, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^warning: deadbeef.* is not in this clone.*\n$/);
    expect(jsonOf(run).findings).toHaveLength(1);
  });

  test('a range in a clone where B is only a remote-tracking ref is scanned', async () => {
    const { repo, a, b } = pushRepo();
    const clone = join(scratchDir('range-clone-'), 'clone');
    execFileSync('git', ['clone', '-q', '--no-local', repo.dir, clone]);
    const result = await range(clone, `${a}..${b}`);
    expect(places(result)).toEqual([`${late.fingerprint}|deploy/id_ed25519:1@${b}<${b}`]);
  });

  test.each([
    ['no dots', 'abc'],
    ['three dots', 'abc...def'],
    ['missing B', 'abc..'],
    ['missing A', '..def'],
    ['an option as A', '--output=/tmp/x..HEAD'],
    ['whitespace', 'a b..c'],
  ])('invalid range syntax (%s) exits 2', async (_name, spec) => {
    const { repo } = pushRepo();
    const run = await runCli(['scan', repo.dir, '--range', spec]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ec2-key-rotate: invalid range .*expected A\.\.B.*\n$/);
  });

  test('an unknown B exits 2 and names it', async () => {
    const { repo, a } = pushRepo();
    const unknown = '1234567890abcdef1234567890abcdef12345678';
    const run = await runCli(['scan', repo.dir, '--range', `${a}..${unknown}`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^ec2-key-rotate: unknown revision ${unknown}.*\\n$`));
  });

  test('a blob of the range missing from the object store is a warning that names it, not a silent clean scan', async () => {
    const { repo, a, b } = pushRepo();
    const blob = repo.blob(b, 'deploy/id_ed25519');
    rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const run = await runCli(['scan', repo.dir, '--range', `${a}..${b}`, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(
        `^warning: 1 object is missing from this repository \\(${blob}\\), an incomplete or damaged clone`,
        'm',
      ),
    );
  });

  test('--range on a directory that is not a repository exits 2', async () => {
    const run = await runCli(['scan', scratchDir('range-plain-'), '--range', 'a..b']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ec2-key-rotate: not a git repository: .*\n$/);
  });
});
