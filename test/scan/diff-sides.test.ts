/**
 * A diff that replaces one key by another shows both in one block: BEGIN
 * and END (and any line the two files share) as context, the old key's
 * lines as `-`, the new key's as `+`. Both keys were committed, so both
 * must be reported, each with the fingerprint ssh-keygen gives it, and no
 * third, garbled block made of the two. The real tools (git, diff) make
 * the shapes where they can. Keys are made at test time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, KeyBlockScanner } from '../../src/scan/detector.js';
import type { KeySpec, TestKey } from '../helpers/keyfactory.js';
import { ED25519, makeKey, RSA_PEM, scratchDir } from '../helpers/gitrepo.js';

const RSA_PKCS8: KeySpec = { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'PKCS8' };
const ECDSA_PKCS8: KeySpec = { kind: 'ssh-keygen', type: 'ecdsa', bits: 256, mode: 'PKCS8' };
const RSA_OPENSSH: KeySpec = { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'openssh' };
const PPK: KeySpec = { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: false };
const PPK_RSA: KeySpec = { kind: 'puttygen', type: 'rsa', version: 2, encrypted: false };

let dir: string;

beforeAll(() => {
  dir = scratchDir('diff-sides-');
});

/** A key name from a test's: lower-case letters, digits and dashes. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** Pairs of keys of one format: the old key and the key that replaces it. */
function pairs(): [string, TestKey, TestKey][] {
  const pair = (name: string, spec: KeySpec): [string, TestKey, TestKey] => [
    name,
    makeKey(`sides-${slug(name)}-old`, spec),
    makeKey(`sides-${slug(name)}-new`, spec),
  ];
  return [
    pair('RSA PKCS#1', RSA_PEM),
    pair('Ed25519 OpenSSH', ED25519),
    pair('RSA OpenSSH', RSA_OPENSSH),
    pair('RSA PKCS#8', RSA_PKCS8),
    pair('ECDSA PKCS#8', ECDSA_PKCS8),
    pair('PuTTY v3 Ed25519', PPK),
    pair('PuTTY v2 RSA', PPK_RSA),
  ];
}

/** The PEM keys of `pairs` (PuTTY files have no BEGIN and END lines to share). */
function pemPairs(): [string, TestKey, TestKey][] {
  return pairs().filter(([name]) => !name.startsWith('PuTTY'));
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
}

/** A repository whose first commit adds `name` holding `before`, its second replaces it by `after`. */
function replacedIn(name: string, before: string, after: string): string {
  const repo = join(dir, `repo-${Math.random().toString(36).slice(2)}`);
  mkdirSync(repo);
  git(repo, ['init', '-q']);
  writeFileSync(join(repo, name), before);
  git(repo, ['add', '.']);
  git(repo, ['commit', '-qm', 'add a key']);
  writeFileSync(join(repo, name), after);
  git(repo, ['commit', '-qam', 'rotate the key']);
  return repo;
}

/** Fingerprints of the blocks found in `content`, whole and not stand-ins, in order; the same when streamed. */
function fingerprintsIn(content: string): (string | null)[] {
  const bytes = Buffer.from(content, 'latin1');
  const blocks = findKeyBlocks(bytes);
  expect(blocks.map((block) => [block.truncated, block.placeholder])).toEqual(
    blocks.map(() => [false, false]),
  );
  const found = blocks.map((block) => parseKeyBlock(block.text).fingerprint);
  const scanner = new KeyBlockScanner();
  for (let at = 0; at < bytes.length; at += 97) scanner.feed(bytes.subarray(at, at + 97));
  expect(scanner.end().map((block) => parseKeyBlock(block.text).fingerprint)).toEqual(found);
  return found;
}

function linesOf(key: TestKey): string[] {
  return key.text.trimEnd().split('\n');
}

/** A hunk of `lines`, each `[mark, text]`. */
function hunk(lines: [string, string][]): string {
  const old = lines.filter(([mark]) => mark !== '+').length;
  const added = lines.filter(([mark]) => mark !== '-').length;
  const body = lines.map(([mark, text]) => `${mark}${text}`).join('\n');
  return `--- a/deploy.key\n+++ b/deploy.key\n@@ -1,${old} +1,${added} @@\n${body}\n`;
}

describe('a diff that replaces a key by another', () => {
  test.each(pairs())('%s: `git show` of the commit that replaces it', (_name, old, next) => {
    const repo = replacedIn('deploy.key', old.text, next.text);
    const shown = git(repo, ['show', 'HEAD']);
    expect(shown).toMatch(/\n-[^-\n]/);
    expect(shown).toMatch(/\n\+[^+\n]/);
    expect(fingerprintsIn(shown)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
    // `git diff` between the commits: the same hunk.
    const diff = git(repo, ['diff', 'HEAD~1', 'HEAD']);
    expect(fingerprintsIn(diff)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
  });

  test.each(pairs())(
    '%s: `git log -p` (the replacement, then the addition)',
    (_name, old, next) => {
      const repo = replacedIn('id_key', old.text, next.text);
      const log = git(repo, ['log', '-p']);
      // The replacing commit shows both keys, the first commit adds the old one: three blocks, no more.
      expect(fingerprintsIn(log)).toEqual([
        old.truth.fingerprint,
        next.truth.fingerprint,
        old.truth.fingerprint,
      ]);
    },
  );

  test.each(pairs())('%s: `diff -u` of the two files', (_name, old, next) => {
    const before = join(dir, `old-${Math.random().toString(36).slice(2)}`);
    const after = join(dir, `new-${Math.random().toString(36).slice(2)}`);
    writeFileSync(before, old.text);
    writeFileSync(after, next.text);
    let diff = '';
    try {
      execFileSync('diff', ['-u', before, after]);
    } catch (error) {
      diff = String((error as { stdout: Buffer }).stdout);
    }
    expect(fingerprintsIn(diff)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
  });

  test.each(pemPairs())(
    '%s: BEGIN and END as context, every body line replaced',
    (_n, old, next) => {
      const a = linesOf(old);
      const b = linesOf(next);
      const patch = hunk([
        [' ', a[0] as string],
        ...a.slice(1, -1).map((line): [string, string] => ['-', line]),
        ...b.slice(1, -1).map((line): [string, string] => ['+', line]),
        [' ', a.at(-1) as string],
      ]);
      expect(fingerprintsIn(patch)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
    },
  );

  test.each(pemPairs())('%s: `-` and `+` lines in pairs', (_name, old, next) => {
    const a = linesOf(old);
    const b = linesOf(next);
    const lines: [string, string][] = [[' ', a[0] as string]];
    // Line by line; lines the keys share (an OpenSSH key's first) are context.
    const body = Math.max(a.length, b.length) - 2;
    for (let at = 1; at <= body; at++) {
      const was = at < a.length - 1 ? a[at] : undefined;
      const is = at < b.length - 1 ? b[at] : undefined;
      if (was !== undefined && was === is) lines.push([' ', was]);
      else {
        if (was !== undefined) lines.push(['-', was]);
        if (is !== undefined) lines.push(['+', is]);
      }
    }
    lines.push([' ', a.at(-1) as string]);
    expect(fingerprintsIn(hunk(lines))).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
  });

  test.each(pemPairs())('%s: the whole old key `-`, the whole new key `+`', (_name, old, next) => {
    const patch = hunk([
      [' ', '# deploy key'],
      ...linesOf(old).map((line): [string, string] => ['-', line]),
      ...linesOf(next).map((line): [string, string] => ['+', line]),
    ]);
    expect(fingerprintsIn(patch)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
  });

  test('keys of different formats (PKCS#1 by OpenSSH), each whole on its side', () => {
    const old = makeKey('sides-rsa-pkcs-1-old', RSA_PEM);
    const next = makeKey('sides-ed25519-openssh-new', ED25519);
    const repo = replacedIn('deploy.key', old.text, next.text);
    expect(fingerprintsIn(git(repo, ['show', 'HEAD']))).toEqual([
      old.truth.fingerprint,
      next.truth.fingerprint,
    ]);
  });

  test.each(pairs())('%s: the old file without a newline at its end', (_name, old, next) => {
    const repo = replacedIn('deploy.key', old.text.trimEnd(), next.text);
    const shown = git(repo, ['show', 'HEAD']);
    expect(shown).toContain('\n\\ No newline at end of file\n');
    expect(fingerprintsIn(shown)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
  });

  test('a key indented in YAML, replaced: both keys', () => {
    const old = makeKey('sides-rsa-pkcs-1-old', RSA_PEM);
    const next = makeKey('sides-rsa-pkcs-1-new', RSA_PEM);
    const yaml = (key: TestKey): string =>
      `ssh:\n  key: |\n${linesOf(key)
        .map((line) => `    ${line}\n`)
        .join('')}  user: deploy\n`;
    const repo = replacedIn('values.yaml', yaml(old), yaml(next));
    expect(fingerprintsIn(git(repo, ['show', 'HEAD']))).toEqual([
      old.truth.fingerprint,
      next.truth.fingerprint,
    ]);
  });

  test('the same key re-wrapped: one key, reported once', () => {
    const key = makeKey('sides-rsa-pkcs-1-old', RSA_PEM);
    const lines = linesOf(key);
    const joined = [
      ...lines.slice(0, 3),
      `${lines[3] as string}${lines[4] as string}`,
      ...lines.slice(5),
    ];
    const repo = replacedIn('deploy.key', key.text, `${joined.join('\n')}\n`);
    // Context enough for the whole key (git's three lines show only a part: a truncated block).
    const shown = git(repo, ['show', '--unified=40', 'HEAD']);
    expect(shown).toMatch(/\n-[^-\n]/);
    expect(shown).toMatch(/\n [^-\n]/);
    expect(fingerprintsIn(shown)).toEqual([key.truth.fingerprint]);
  });
});

describe('diff marks after a prefix every line carries', () => {
  test.each(pairs())(
    '%s: a CI log of `git show`, a time stamp before each line',
    (_n, old, next) => {
      const repo = replacedIn('deploy.key', old.text, next.text);
      const shown = git(repo, ['show', 'HEAD']);
      const stamp = (n: number): string =>
        `2026-12-03T06:${String(n % 60).padStart(2, '0')}:0${n % 10}.${String(1234567 + n * 7919).slice(0, 7)}Z `;
      const log = shown
        .trimEnd()
        .split('\n')
        .map((line, at) => `${stamp(at)}${line}`)
        .join('\n');
      expect(fingerprintsIn(log)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
    },
  );

  test('blank lines in the keys, and the trailing space of every log line dropped', () => {
    const old = makeKey('sides-rsa-pkcs-1-old', RSA_PEM);
    const next = makeKey('sides-rsa-pkcs-1-new', RSA_PEM);
    // A blank line after BEGIN (context) and one after the first body line (on each side).
    const spaced = (key: TestKey): string => {
      const lines = linesOf(key);
      return `${[lines[0], '', lines[1], '', ...lines.slice(2)].join('\n')}\n`;
    };
    const repo = replacedIn('deploy.key', spaced(old), spaced(next));
    const shown = git(repo, ['show', 'HEAD']);
    expect(shown).toContain('\n \n');
    const log = shown
      .trimEnd()
      .split('\n')
      .map((line, at) => `2026-12-03T06:00:${String(at % 60).padStart(2, '0')}.0000000Z ${line}`)
      .map((line) => line.trimEnd())
      .join('\n');
    expect(fingerprintsIn(shown)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
    expect(fingerprintsIn(log)).toEqual([old.truth.fingerprint, next.truth.fingerprint]);
  });

  test.each(pairs())('%s: a saved patch listed by `cat -n` and `grep -n`', (_n, old, next) => {
    const repo = replacedIn('deploy.key', old.text, next.text);
    const file = join(dir, `rotate-${Math.random().toString(36).slice(2)}.patch`);
    writeFileSync(file, git(repo, ['format-patch', '-1', '--stdout']));
    for (const [command, args] of [
      ['cat', ['-n', file]],
      ['grep', ['-n', '', file]],
    ] as const) {
      const listing = execFileSync(command, args).toString();
      expect(fingerprintsIn(listing), command).toEqual([
        old.truth.fingerprint,
        next.truth.fingerprint,
      ]);
    }
  });
});

describe('what is no replacement reads as before', () => {
  test.each(pairs())('%s: a diff that only adds the key', (_name, old) => {
    const repo = join(dir, `repo-${Math.random().toString(36).slice(2)}`);
    mkdirSync(repo);
    git(repo, ['init', '-q']);
    writeFileSync(join(repo, 'deploy.key'), old.text);
    git(repo, ['add', '.']);
    git(repo, ['commit', '-qm', 'add a key']);
    expect(fingerprintsIn(git(repo, ['show', 'HEAD']))).toEqual([old.truth.fingerprint]);
  });

  test('a key unchanged in a diff, as context around a change', () => {
    const key = makeKey('sides-rsa-pkcs-1-old', RSA_PEM);
    const patch = hunk([
      ['-', 'user: ops'],
      ['+', 'user: deploy'],
      ...linesOf(key).map((line): [string, string] => [' ', line]),
    ]);
    expect(fingerprintsIn(patch)).toEqual([key.truth.fingerprint]);
  });
});

describe('hostile diffs cost linear time', () => {
  /** ms to find the blocks of `text`, the median of five. */
  function timed(text: string): number {
    const bytes = Buffer.from(text, 'latin1');
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      findKeyBlocks(bytes);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[2] as number;
  }

  const LABEL = `RSA ${'PRIVATE'} KEY`;
  const STAMP = '2026-12-03T06:00:00.0000000Z ';

  test.each([
    ['many short lines of every mark', '', (n: number) => ' a\n-b\n+c\n'.repeat(n / 9)],
    ['a stamped line of spaces', STAMP, (n: number) => `${STAMP}${' '.repeat(n)}x\n`],
    ['a line of marks', '', (n: number) => `-${'+- '.repeat(n / 3)}\n`],
    ['stamps without marks', STAMP, (n: number) => `${STAMP}\n`.repeat(n / STAMP.length)],
  ])('%s', (_name, head, body) => {
    const block = (bytes: number): string =>
      `${head} -----BEGIN ${LABEL}-----\n${body(bytes)}${head} -----END ${LABEL}-----\n`;
    // Sixteen times the input (under the 2 MiB a block may hold): linear is 16 times the time.
    timed(block(50_000));
    const small = timed(block(100_000));
    const large = timed(block(1_600_000));
    expect(large / small, `${small.toFixed(1)} ms -> ${large.toFixed(1)} ms`).toBeLessThan(80);
  });
});
