/**
 * Tools put something before every line of what they print: a diff its `+`
 * or `-`, a CI log a time stamp, `cat -n` and `grep -n` a line number, `git
 * blame` a commit and an author, a web page a `<span>` or `<td>`. A key
 * committed in such a file (a saved patch, a build log, a page) is as
 * leaked as the key file itself, and must be reported with the fingerprint
 * ssh-keygen gives the key (black-box review h1, finding 9). The real tools
 * make the shapes where they can. Keys are made at test time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../../src/scan/detector.js';
import type { KeySpec, TestKey } from '../helpers/keyfactory.js';
import { ED25519, jsonOf, makeKey, RSA_PEM, runCli, scratchDir } from '../helpers/gitrepo.js';

const PPK: KeySpec = { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: false };
const ECDSA_PKCS8: KeySpec = { kind: 'ssh-keygen', type: 'ecdsa', bits: 384, mode: 'PKCS8' };
const ENCRYPTED_PEM: KeySpec = {
  kind: 'ssh-keygen',
  type: 'rsa',
  bits: 2048,
  mode: 'PEM',
  encrypted: true,
};

let dir: string;

beforeAll(() => {
  dir = scratchDir('prefixes-');
});

function git(cwd: string, args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
}

/** A repository with one commit that adds `name` holding `text`. */
function repoWith(name: string, text: string): string {
  const repo = join(dir, `repo-${Math.random().toString(36).slice(2)}`);
  mkdirSync(repo);
  git(repo, ['init', '-q']);
  writeFileSync(join(repo, name), text);
  git(repo, ['add', '.']);
  git(repo, ['commit', '-qm', 'add a key']);
  return repo;
}

function keys(): [string, TestKey][] {
  return [
    ['RSA PKCS#1', makeKey('prefix-rsa', RSA_PEM)],
    ['Ed25519 OpenSSH', makeKey('prefix-ed', ED25519)],
    ['ECDSA PKCS#8', makeKey('prefix-ecdsa', ECDSA_PKCS8)],
    ['PuTTY v3', makeKey('prefix-ppk', PPK)],
  ];
}

/** The one block found in `content`: whole, and the key ssh-keygen fingerprints as `fingerprint`. */
function expectKey(content: string, fingerprint: string): KeyBlock {
  const blocks = findKeyBlocks(Buffer.from(content, 'latin1'));
  expect(blocks.map((block) => [block.truncated, block.placeholder])).toEqual([[false, false]]);
  const block = blocks[0] as KeyBlock;
  expect(parseKeyBlock(block.text).fingerprint).toBe(fingerprint);
  // A big file is streamed in chunks: the same block must come out.
  const scanner = new KeyBlockScanner();
  const bytes = Buffer.from(content, 'latin1');
  for (let at = 0; at < bytes.length; at += 97) scanner.feed(bytes.subarray(at, at + 97));
  expect(scanner.end().map((found) => parseKeyBlock(found.text).fingerprint)).toEqual([
    fingerprint,
  ]);
  return block;
}

/** Every line of `text` with `prefix(n)` before it (n counts from 1). */
function prefixed(text: string, prefix: (line: number) => string, suffix = ''): string {
  const lines = text.trimEnd().split('\n');
  return `${lines.map((line, at) => `${prefix(at + 1)}${line}${suffix}`).join('\n')}\n`;
}

describe('diffs and patches', () => {
  test.each(keys())('%s in `git format-patch` output (added lines)', (_name, key) => {
    const repo = repoWith('deploy.key', key.text);
    const patch = git(repo, ['format-patch', '-1', '--stdout']);
    expect(patch).toContain('\n+');
    expectKey(patch, key.truth.fingerprint);
  });

  test.each(keys())('%s in `git show` of its removal (removed lines)', (_name, key) => {
    const repo = repoWith('deploy.key', key.text);
    git(repo, ['rm', '-q', 'deploy.key']);
    git(repo, ['commit', '-qm', 'remove it']);
    const shown = git(repo, ['show', 'HEAD']);
    expect(shown).toMatch(/\n-[^-\n]/);
    expectKey(shown, key.truth.fingerprint);
  });

  test('a key indented in a YAML block scalar, in a diff', () => {
    const key = makeKey('prefix-rsa', RSA_PEM);
    const yaml = `ssh:\n  key: |\n${prefixed(key.text, () => '    ')}`;
    const repo = repoWith('values.yaml', yaml);
    expectKey(git(repo, ['show', 'HEAD']), key.truth.fingerprint);
  });

  test('the patch scanned as a committed file by the CLI fails the scan with the fingerprint', async () => {
    const key = makeKey('prefix-ed', ED25519);
    const patch = git(repoWith('id_ed25519', key.text), ['format-patch', '-1', '--stdout']);
    const file = join(dir, 'leak.patch');
    writeFileSync(file, patch);
    const run = await runCli(['scan', file, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(jsonOf(run).findings.map((finding) => finding.fingerprint)).toEqual([
      key.truth.fingerprint,
    ]);
  });
});

describe('logs and listings', () => {
  test.each(keys())('%s in a CI log, a time stamp before every line', (_name, key) => {
    // GitHub Actions' raw log: seven fraction digits, and each line's own time.
    const stamp = (n: number): string =>
      `2026-12-03T06:${String(n % 60).padStart(2, '0')}:0${n % 10}.${String(1234567 + n * 7919).slice(0, 7)}Z `;
    expectKey(
      `${stamp(0)}##[group]Run cat key\n${prefixed(key.text, stamp)}`,
      key.truth.fingerprint,
    );
  });

  test('an encrypted PEM key in a CI log (its blank line carries only the time stamp)', () => {
    const key = makeKey('prefix-encrypted', ENCRYPTED_PEM);
    expect(key.text).toContain('\n\n');
    const log = prefixed(
      key.text,
      (n) => `2026-12-03T06:00:${String(n).padStart(2, '0')}.0000000Z `,
    );
    const blocks = findKeyBlocks(Buffer.from(log.replace(/Z \n/g, 'Z\n'), 'latin1'));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.truncated).toBe(false);
    expect(parseKeyBlock((blocks[0] as KeyBlock).text).encrypted).toBe(true);
  });

  test.each(keys())('%s numbered by `cat -n`, `nl -ba` and `grep -n`', (_name, key) => {
    const file = join(dir, 'key.txt');
    writeFileSync(file, `# deploy\n${key.text}`);
    for (const [command, args] of [
      ['cat', ['-n', file]],
      ['nl', ['-ba', file]],
      ['grep', ['-n', '', file]],
      ['grep', ['-Hn', '', file]],
    ] as const) {
      const listing = execFileSync(command, args).toString();
      expectKey(listing, key.truth.fingerprint);
    }
  });

  test.each(keys())('%s in `git blame` output', (_name, key) => {
    const repo = repoWith('deploy.key', key.text);
    expectKey(git(repo, ['blame', 'deploy.key']), key.truth.fingerprint);
  });

  test('lines a remote printed during a push (`remote: `)', () => {
    const key = makeKey('prefix-rsa', RSA_PEM);
    expectKey(
      prefixed(key.text, () => 'remote: '),
      key.truth.fingerprint,
    );
  });
});

describe('web pages', () => {
  test.each(keys())('%s in a page of table cells, one per line', (_name, key) => {
    const page = prefixed(
      key.text,
      (n) => `<tr><td id="L${n}" class="blob-num"></td><td id="LC${n}" class="blob-code">`,
      '</td></tr>',
    );
    expectKey(`<table>\n${page}</table>\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s in `<span class="line">` lines', (_name, key) => {
    expectKey(
      `<pre><code>${prefixed(key.text, () => '<span class="line">', '</span>')}</code></pre>`,
      key.truth.fingerprint,
    );
  });
});

describe('a prefix is peeled only where every line carries it', () => {
  /** The key with a body line starting at a `+` or `/` of its base64, BEGIN given `prefix`. */
  function withLineStartingAt(key: TestKey, char: string, prefix: string): string | null {
    const lines = key.text.trimEnd().split('\n');
    const body = lines.slice(1, -1).join('');
    const at = body.indexOf(char, 1);
    if (at === -1) return null;
    const wrapped = [body.slice(0, at), ...(body.slice(at).match(/.{1,64}/g) ?? [])];
    return `${prefix}${lines[0]}\n${wrapped.join('\n')}\n${lines.at(-1)}\n`;
  }

  test('a BEGIN line after `+` whose body lines are plain keeps the `+` its body starts with', () => {
    const key = makeKey('prefix-rsa', RSA_PEM);
    const text = withLineStartingAt(key, '+', '+');
    expect(text).not.toBeNull();
    expectKey(text as string, key.truth.fingerprint);
  });

  test('a BEGIN line after a line number whose body lines are not numbered', () => {
    const key = makeKey('prefix-rsa', RSA_PEM);
    expectKey(`12 | ${key.text}`, key.truth.fingerprint);
    expectKey(`7\t${key.text}`, key.truth.fingerprint);
    expectKey(`T1Z ${key.text}`, key.truth.fingerprint);
    expectKey(`x = 1; y = "a"; ${key.text}`, key.truth.fingerprint);
  });

  test('a placeholder in tags is still a placeholder, not a key', () => {
    const blocks = findKeyBlocks(
      Buffer.from(
        prefixed(
          `-----BEGIN RSA ${'PRIVATE'} KEY-----\n<your key here>\n-----END RSA ${'PRIVATE'} KEY-----`,
          () => '+',
        ),
      ),
    );
    expect(blocks.map((block) => block.placeholder)).toEqual([true]);
  });
});

describe('hostile prefixes cost linear time', () => {
  /** ms to find the blocks of `text`, the median of five: steadier than the best, which a lucky run can skew. */
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

  const STAMP = '2026-12-03T06:00:00.0000000Z ';
  /** A block of one line of `unit` repeated to `bytes`, between stamped markers. */
  function block(unit: string, close: string, bytes: number): string {
    const line = `${STAMP}${unit.repeat(Math.ceil(bytes / unit.length))}${close}\n`;
    const label = `RSA ${'PRIVATE'} KEY`;
    return `${STAMP}-----BEGIN ${label}-----\n${line}${STAMP}-----END ${label}-----\n`;
  }

  test.each([
    ['closing tags', '</a>', 'x'],
    ['opening tags without text', '<a b="c">', '<'],
    ['digits of a time stamp', '1', ':'],
    ['spaces after a prefix', ' ', 'x'],
  ])('body lines of %s', (_name, unit, close) => {
    // 100 KB, then 1.6 MB (under the 2 MiB a block may hold, so the whole line is read):
    // sixteen times the input, linear time is 16 times the time and quadratic 256. The bound
    // sits well between: the small input runs before the heap's first collections, so the
    // ratio of a linear scan reaches 25 or so on a busy machine.
    timed(block(unit, close, 50_000));
    const small = timed(block(unit, close, 100_000));
    const large = timed(block(unit, close, 1_600_000));
    expect(large / small, `${small.toFixed(1)} ms -> ${large.toFixed(1)} ms`).toBeLessThan(80);
  });
});
