import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { scan, type ScanResult } from '../../src/scan/scan.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { ED25519, GitRepo, jsonOf, makeKey, RSA_PEM, runCli, ZERO } from '../helpers/gitrepo.js';

/** Keys pasted into annotated tag messages, for --range (a pushed tag) and --history. */

let key: TestKey;
let other: TestKey;

beforeAll(() => {
  key = makeKey('tag-message-ed25519', ED25519);
  other = makeKey('tag-message-rsa', RSA_PEM);
});

function range(path: string, spec: string): Promise<ScanResult> {
  return scan({ path, source: { kind: 'range', range: spec }, ignore: [] });
}

function history(path: string): Promise<ScanResult> {
  return scan({ path, source: { kind: 'history' }, ignore: [] });
}

/** Findings as `fingerprint|path:line@commit`, sorted. */
function places(result: ScanResult): string[] {
  return result.findings
    .flatMap((finding) =>
      finding.locations.map((l) => `${finding.fingerprint}|${l.path}:${l.line}@${l.commit ?? '-'}`),
    )
    .sort();
}

/** An annotated tag `name` on `rev` whose message is `message`; returns the tag object. */
function tagWith(repo: GitRepo, name: string, rev: string, message: string): string {
  repo.git('tag', '-a', '-m', message, name, rev);
  return repo.rev(`refs/tags/${name}`);
}

/** main: c1 (tagged later) - c2: the branch has moved on when the tag is pushed. */
function movedOn(): { repo: GitRepo; c1: string; c2: string } {
  const repo = GitRepo.init();
  const c1 = repo.commit('one', { 'README.md': 'one\n' });
  const c2 = repo.commit('two', { 'README.md': 'two\n' });
  return { repo, c1, c2 };
}

describe('tag messages in a range', () => {
  test('a pushed tag on a commit the branch already has: only the tag object is new, and its message is scanned', async () => {
    const { repo, c1 } = movedOn();
    const tag = tagWith(repo, 'v0', c1, `release\n\n${key.text}`);
    const expected = [`${key.fingerprint}|(message of tag v0):3@${c1}`];
    expect(places(await range(repo.dir, `${ZERO}..v0`))).toEqual(expected);
    // As a push names it: the tag object's id.
    const result = await range(repo.dir, `${ZERO}..${tag}`);
    expect(places(result)).toEqual(expected);
    expect(result.warnings).toEqual([]);

    const run = await runCli(['scan', repo.dir, '--range', `${ZERO}..${tag}`, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(jsonOf(run).findings.map((f) => f.fingerprint)).toEqual([key.fingerprint]);
    expect(run.stderr).not.toMatch(/nothing was scanned/);
  });

  test('a chain of tags: every tag of the chain is scanned, each at the commit the chain ends on', async () => {
    const { repo, c1 } = movedOn();
    tagWith(repo, 'inner', c1, `inner\n\n${other.text}`);
    tagWith(repo, 'outer', 'inner', `outer\n\n${key.text}`);
    // The inner tag is reached only through the outer one.
    repo.git('tag', '-d', 'inner');
    expect(places(await range(repo.dir, `${ZERO}..outer`))).toEqual(
      [
        `${key.fingerprint}|(message of tag outer):3@${c1}`,
        // No ref names it: its own header does.
        `${other.fingerprint}|(message of tag inner):3@${c1}`,
      ].sort(),
    );
  });

  test('A..B where B is a new tag object and A the old one on the same commit scans only the new message', async () => {
    const { repo, c1 } = movedOn();
    const old = tagWith(repo, 'v1', c1, `first\n\n${other.text}`);
    repo.git('tag', '-d', 'v1');
    const again = tagWith(repo, 'v1', c1, `second\n\n${key.text}`);
    expect(places(await range(repo.dir, `${old}..${again}`))).toEqual([
      `${key.fingerprint}|(message of tag v1):3@${c1}`,
    ]);
  });

  test('A..B where B is a tag on new commits scans the commits and the tag', async () => {
    const { repo, c1, c2 } = movedOn();
    const c3 = repo.commit(`three\n\n${other.text}`, { 'x.txt': 'x\n' });
    tagWith(repo, 'v2', c3, `v2\n\n${key.text}`);
    expect(places(await range(repo.dir, `${c2}..v2`))).toEqual(
      [
        `${other.fingerprint}|(commit message):3@${c3}`,
        `${key.fingerprint}|(message of tag v2):3@${c3}`,
      ].sort(),
    );
    // And the message of a tag on a range commit, the range given by commits.
    expect(places(await range(repo.dir, `${c1}..${c3}`))).toEqual(
      [
        `${other.fingerprint}|(commit message):3@${c3}`,
        `${key.fingerprint}|(message of tag v2):3@${c3}`,
      ].sort(),
    );
  });

  test('a tag whose own header names another tag is reported under the ref that names it', async () => {
    const { repo, c1 } = movedOn();
    const body =
      `object ${c1}\ntype commit\ntag v9-not-this\n` +
      `tagger Alice Example <alice@example.com> 1700000000 +0000\n\nforged\n\n${key.text}`;
    const forged = execFileSync('git', ['mktag'], {
      cwd: repo.dir,
      input: body,
      encoding: 'utf8',
    }).trim();
    repo.git('update-ref', 'refs/tags/release', forged);
    const expected = [`${key.fingerprint}|(message of tag release):3@${c1}`];
    expect(places(await range(repo.dir, `${ZERO}..release`))).toEqual(expected);
    expect(places(await history(repo.dir))).toEqual(expected);
    // With no ref left, the header is all there is to name it by.
    repo.git('update-ref', '-d', 'refs/tags/release');
    expect(places(await history(repo.dir))).toEqual([
      `${key.fingerprint}|(message of tag v9-not-this):3@${c1}`,
    ]);
  });
});

describe('tag messages in the history', () => {
  test('a tag of a tag is placed at the commit the chain ends on', async () => {
    const { repo, c1 } = movedOn();
    tagWith(repo, 'base', c1, 'base');
    tagWith(repo, 'top', 'base', `top\n\n${key.text}`);
    expect(places(await history(repo.dir))).toEqual([
      `${key.fingerprint}|(message of tag top):3@${c1}`,
    ]);
  });
});

describe('messages in UTF-16 (an encoding header allows it)', () => {
  /** A commit object on `parent` whose message is `message` in UTF-16LE (`bom`: with its byte order mark). */
  function utf16Commit(repo: GitRepo, parent: string, message: string, bom: boolean): string {
    const tree = repo.git('write-tree').trim();
    const head =
      `tree ${tree}\nparent ${parent}\nauthor t <t@t> 1700000000 +0000\n` +
      'committer t <t@t> 1700000000 +0000\nencoding UTF-16LE\n\n';
    const body = Buffer.concat([
      Buffer.from(head),
      bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0),
      Buffer.from(message, 'utf16le'),
    ]);
    return execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {
      cwd: repo.dir,
      input: body,
    })
      .toString()
      .trim();
  }

  test.each([false, true])(
    'a key in a UTF-16 commit message is found by --range and --history, in the message (BOM %s)',
    async (bom) => {
      const repo = GitRepo.init();
      const base = repo.commit('init', { 'README.md': 'x\n' });
      const commit = utf16Commit(repo, base, `rotate notes\n\n${key.text}`, bom);
      repo.git('update-ref', 'refs/heads/main', commit);
      for (const result of [await range(repo.dir, `${base}..${commit}`), await history(repo.dir)])
        expect(places(result)).toEqual([`${key.fingerprint}|(commit message):3@${commit}`]);
    },
  );
});
