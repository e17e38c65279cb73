/**
 * A key pasted into code line by line often carries a comment after each
 * line whose text differs from line to line (`"MIIE…", // 1`, `KEY_3 =
 * "…";  # line 3`, `…\t# part 3`, `…   -- note 3`): no suffix every line
 * shares, so it must be told from the base64 by where it starts, after
 * the quote or the white space that ends the payload. Each key must be
 * reported with the fingerprint ssh-keygen gives it. Keys are made at test
 * time.
 */
import { describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../../src/scan/detector.js';
import type { KeySpec, TestKey } from '../helpers/keyfactory.js';
import { ED25519, makeKey, RSA_PEM } from '../helpers/gitrepo.js';

const RSA_PKCS8: KeySpec = { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'PKCS8' };
const ECDSA_PKCS8: KeySpec = { kind: 'ssh-keygen', type: 'ecdsa', bits: 384, mode: 'PKCS8' };
const RSA_OPENSSH: KeySpec = { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'openssh' };

function keys(): [string, TestKey][] {
  return [
    ['RSA PKCS#1', makeKey('comments-rsa', RSA_PEM)],
    ['Ed25519 OpenSSH', makeKey('comments-ed', ED25519)],
    ['RSA OpenSSH', makeKey('comments-rsa-openssh', RSA_OPENSSH)],
    ['RSA PKCS#8', makeKey('comments-rsa-pkcs8', RSA_PKCS8)],
    ['ECDSA PKCS#8', makeKey('comments-ecdsa-pkcs8', ECDSA_PKCS8)],
  ];
}

function linesOf(key: TestKey): string[] {
  return key.text.trimEnd().split('\n');
}

/** The one block found in `content`, whole, with `fingerprint`; the same when streamed in chunks. */
function expectKey(content: string, fingerprint: string): void {
  const bytes = Buffer.from(content, 'latin1');
  const blocks = findKeyBlocks(bytes);
  expect(blocks.map((block) => [block.truncated, block.placeholder])).toEqual([[false, false]]);
  expect(parseKeyBlock((blocks[0] as KeyBlock).text).fingerprint).toBe(fingerprint);
  const scanner = new KeyBlockScanner();
  for (let at = 0; at < bytes.length; at += 89) scanner.feed(bytes.subarray(at, at + 89));
  expect(scanner.end().map((block) => parseKeyBlock(block.text).fingerprint)).toEqual([
    fingerprint,
  ]);
}

describe('a comment after every line, its text the line’s own', () => {
  test.each(keys())('%s in a JavaScript array, `// n` after each line', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `  "${line}", // ${at + 1}`);
    expectKey(`const KEY = [\n${lines.join('\n')}\n].join("\\n");\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s in numbered Python constants, `# line n` after each', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `KEY_LINE_${at} = "${line}";  # line ${at}`);
    expectKey(`${lines.join('\n')}\n`, key.truth.fingerprint);
  });

  test.each(keys())(
    '%s in Python strings with escaped newlines, `# n` after each',
    (_name, key) => {
      const lines = linesOf(key).map((line, at) => `    "${line}\\n"  # ${at}: part of the key`);
      expectKey(`KEY = (\n${lines.join('\n')}\n)\n`, key.truth.fingerprint);
    },
  );

  test.each(keys())('%s as bare lines, a tab and `# comment n` after each', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `${line}\t# comment ${at}`);
    expectKey(`${lines.join('\n')}\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s as bare lines, `-- note` after each', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `${line}   -- note ${at}, keep`);
    expectKey(`${lines.join('\n')}\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s in SQL strings, `-- n` after each', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `  '${line}' || -- ${at}`);
    expectKey(`SELECT\n${lines.join('\n')}\n  '';\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s in an INI file, `; part n` after each line', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `${line} ; part ${at}`);
    expectKey(`[deploy]\n${lines.join('\n')}\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s in a C array, `/* n */` after each line', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `  "${line}", /* line ${at} */`);
    expectKey(`static const char *key[] = {\n${lines.join('\n')}\n};\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s in a Go concatenation, `// n` after each `+`', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `\t"${line}\\n" + // ${at}`);
    expectKey(`const key = "" +\n${lines.join('\n')}\n\t""\n`, key.truth.fingerprint);
  });
});

describe('what is no comment stays as it was', () => {
  /** The key's body re-wrapped so that one line starts with `//` (base64 `/`), or null. */
  function withSlashesAtLineStart(key: TestKey): string[] | null {
    const lines = linesOf(key);
    const body = lines.slice(1, -1).join('');
    const at = body.indexOf('//', 1);
    if (at === -1) return null;
    const wrapped = [body.slice(0, at), ...(body.slice(at).match(/.{1,64}/g) ?? [])];
    return [lines[0] as string, ...wrapped, lines.at(-1) as string];
  }

  test('base64 that starts with `//` after a space, split by spaces on one line, is the key', () => {
    // Keys are made until one's base64 holds `//` (one in three 2048-bit keys does).
    let found: [TestKey, string[]] | null = null;
    for (let n = 0; n < 40 && !found; n++) {
      const key = makeKey(`comments-slashes-${n}`, RSA_PEM);
      const lines = withSlashesAtLineStart(key);
      if (lines) found = [key, lines];
    }
    expect(found).not.toBeNull();
    const [key, lines] = found as [TestKey, string[]];
    const body = (lines.slice(1, -1) as string[]).join(' ');
    expectKey(
      `KEY="${lines[0] as string} ${body} ${lines.at(-1) as string}"\n`,
      key.truth.fingerprint,
    );
    // On lines of their own too, each after a tab (a commented-out marker would be the prefix's).
    expectKey(`${lines.map((line) => `\t${line}`).join('\n')}\n`, key.truth.fingerprint);
  });

  test('a key commented out line by line (`# ` before each) is still found', () => {
    const key = makeKey('comments-rsa', RSA_PEM);
    const lines = linesOf(key).map((line, at) => `# ${line}  # ${at}`);
    expectKey(`${lines.join('\n')}\n`, key.truth.fingerprint);
  });

  test('minified quoted pieces joined by `;` are not a comment', () => {
    const key = makeKey('comments-ed', ED25519);
    expectKey(
      `k=[${linesOf(key)
        .map((line) => `"${line}"`)
        .join(';')}]\n`,
      key.truth.fingerprint,
    );
  });

  test('hostile lines of comment markers cost linear time', () => {
    const label = `RSA ${'PRIVATE'} KEY`;
    const block = (n: number): Buffer =>
      Buffer.from(
        `-----BEGIN ${label}-----\n${'a" //'.repeat(n)}\n${' '.repeat(n)}//\n${'"; '.repeat(n)}\n-----END ${label}-----\n`,
      );
    const timed = (bytes: Buffer): number => {
      const times: number[] = [];
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        findKeyBlocks(bytes);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2] as number;
    };
    // Sixteen times the input: linear is 16 times the time, quadratic 256.
    timed(block(6_000));
    const small = timed(block(12_500));
    const large = timed(block(200_000));
    expect(large / small, `${small.toFixed(1)} ms -> ${large.toFixed(1)} ms`).toBeLessThan(80);
  });
});
