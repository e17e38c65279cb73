/**
 * Keys in shapes a black-box review found missed (review-fmt, defects 1 to
 * 3): a PuTTY file written with something after each line (a batch file's
 * `echo …>>key.ppk`, a shell's `echo '…' >> ~/k.ppk`, `  # line N`); a
 * one-line PEM whose breaks are `\x0a`, `\012`, PowerShell's `` `n `` or
 * `` `r`n `` (or a `,`, `;`, `|`, NBSP, U+2028, NEL); string pieces joined
 * by VB's `& vbCrLf & _` or C#'s `+ Environment.NewLine +`. Each is found
 * with the fingerprint the tools give. Keys are made at test time.
 */
import { describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../../src/scan/detector.js';
import type { KeySpec, TestKey } from '../helpers/keyfactory.js';
import { ED25519, makeKey, RSA_PEM } from '../helpers/gitrepo.js';

const PPK: KeySpec = { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: false };
const PPK_RSA: KeySpec = { kind: 'puttygen', type: 'rsa', version: 2, encrypted: false };

function ppks(): [string, TestKey][] {
  return [
    ['PPK v3 Ed25519', makeKey('shapes-ppk3', PPK)],
    ['PPK v2 RSA', makeKey('shapes-ppk2', PPK_RSA)],
  ];
}

function pems(): [string, TestKey][] {
  return [
    ['RSA PKCS#1', makeKey('shapes-rsa', RSA_PEM)],
    ['Ed25519 OpenSSH', makeKey('shapes-ed', ED25519)],
  ];
}

function linesOf(key: TestKey): string[] {
  return key.text.trimEnd().split(/\r?\n/);
}

/** The fingerprints of the blocks found in `content`, whole and streamed in chunks; each block whole. */
function found(content: string, encoding: BufferEncoding = 'latin1'): (string | null)[] {
  const bytes = Buffer.from(content, encoding);
  const blocks = findKeyBlocks(bytes);
  expect(blocks.map((block) => [block.truncated, block.placeholder])).toEqual(
    blocks.map(() => [false, false]),
  );
  const whole = blocks.map((block: KeyBlock) => parseKeyBlock(block.text).fingerprint);
  const scanner = new KeyBlockScanner();
  for (let at = 0; at < bytes.length; at += 97) scanner.feed(bytes.subarray(at, at + 97));
  expect(scanner.end().map((block) => parseKeyBlock(block.text).fingerprint)).toEqual(whole);
  return whole;
}

describe('a PuTTY file with something after every line', () => {
  test.each(ppks())('%s echoed by a batch file (`echo L>>key.ppk`)', (_name, key) => {
    const lines = linesOf(key).map((line) => `echo ${line}>>key.ppk`);
    expect(found(`@echo off\r\n${lines.join('\r\n')}\r\n`)).toEqual([key.truth.fingerprint]);
  });

  test.each(ppks())("%s echoed by a shell script (`echo 'L' >> ~/k.ppk`)", (_name, key) => {
    const lines = linesOf(key).map((line) => `echo '${line}' >> ~/k.ppk`);
    expect(found(`#!/bin/sh\n${lines.join('\n')}\nchmod 600 ~/k.ppk\n`)).toEqual([
      key.truth.fingerprint,
    ]);
  });

  test.each(ppks())('%s with a `# line N` comment after each line', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `${line}  # line ${at + 1}`);
    expect(found(`${lines.join('\n')}\n`)).toEqual([key.truth.fingerprint]);
  });

  test('the block is at the head line, whose line number is reported', () => {
    const key = makeKey('shapes-ppk3', PPK);
    const lines = linesOf(key).map((line) => `echo ${line}>>key.ppk`);
    const blocks = findKeyBlocks(Buffer.from(`@echo off\r\nrem\r\n${lines.join('\r\n')}\r\n`));
    expect(blocks.map((block) => block.line)).toEqual([3]);
  });

  test('a `#` in the Comment header stays when the head line has no comment', () => {
    const key = makeKey('shapes-ppk3', PPK);
    const text = key.text.replace(/^Comment: .*$/m, 'Comment: mine # laptop');
    const blocks = findKeyBlocks(Buffer.from(text));
    expect(blocks).toHaveLength(1);
    expect((blocks[0] as KeyBlock).text).toContain('Comment: mine # laptop');
    expect(parseKeyBlock((blocks[0] as KeyBlock).text).fingerprint).toBe(key.truth.fingerprint);
  });
});

/** The key's PEM text on one line, its breaks written `separator`, in a string literal. */
function oneLine(key: TestKey, separator: string): string {
  return `key = "${linesOf(key).join(separator)}"\n`;
}

describe('a one-line PEM block whose line breaks are written otherwise', () => {
  const separators: [string, string][] = [
    ['\\x0a', '\\x0a'],
    ['\\x0A', '\\x0A'],
    ['\\012', '\\012'],
    ['\\r\\x0a', '\\x0d\\x0a'],
    ['\\015\\012', '\\015\\012'],
    ['PowerShell `n', '`n'],
    ['PowerShell `r`n', '`r`n'],
    [',', ','],
    [';', ';'],
    ['|', '|'],
    [' | ', ' | '],
  ];
  for (const [name, key] of pems())
    test.each(separators)(`${name}, breaks written %s`, (_label, separator) => {
      expect(found(oneLine(key, separator))).toEqual([key.truth.fingerprint]);
    });

  test.each([
    ['NBSP', '\u00a0'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
    ['NEL', '\u0085'],
  ])('RSA, breaks written %s (UTF-8)', (_label, separator) => {
    const key = makeKey('shapes-rsa', RSA_PEM);
    expect(found(oneLine(key, separator), 'utf8')).toEqual([key.truth.fingerprint]);
  });

  test('a template literal whose key line starts with `n` keeps it', () => {
    const key = makeKey('shapes-ed', ED25519);
    const lines = linesOf(key);
    // Body lines as template literals, one per line: a backtick then a line's first character.
    const text = `const k = [${lines.map((line) => `\`${line}\``).join(',\n')}];\n`;
    expect(found(text)).toEqual([key.truth.fingerprint]);
  });
});

describe('string pieces joined by a newline expression', () => {
  /** `pre"L0"glue\n    "L1"glue\n … "Ln"end`, as the review's repro writes it. */
  function joined(key: TestKey, pre: string, glue: string, end: string): string {
    const lines = linesOf(key);
    const body = lines.slice(1, -1).map((line) => `    "${line}"${glue}\n`);
    return `${pre}"${lines[0]}"${glue}\n${body.join('')}    "${lines.at(-1)}"${end}\n`;
  }
  const joins: [string, string, string, string][] = [
    ['VB & vbCrLf & _', 'Dim k = ', ' & vbCrLf & _', ''],
    ['VB & vbLf & _', 'Dim k = ', ' & vbLf & _', ''],
    ['VB & vbNewLine & _', 'Dim k = ', ' & vbNewLine & _', ''],
    ['VB & Chr(10) & _', 'Dim k = ', ' & Chr(10) & _', ''],
    ['VB & vbCr & vbLf & _', 'Dim k = ', ' & vbCr & vbLf & _', ''],
    ['C# + Environment.NewLine +', 'var k = ', ' + Environment.NewLine +', ';'],
    ['Python + "\\n" +', 'k = (', ' + "\\n" +', ')'],
  ];
  for (const [name, key] of pems())
    test.each(joins)(`${name}, joined by %s`, (_label, pre, glue, end) => {
      expect(found(joined(key, pre, glue, end))).toEqual([key.truth.fingerprint]);
    });

  test('the block is reported at its BEGIN line', () => {
    const key = makeKey('shapes-rsa', RSA_PEM);
    const text = `' header\nModule M\n${joined(key, 'Dim k = ', ' & vbCrLf & _', '')}End Module\n`;
    const blocks = findKeyBlocks(Buffer.from(text));
    expect(blocks.map((block) => [block.line, parseKeyBlock(block.text).fingerprint])).toEqual([
      [3, key.truth.fingerprint],
    ]);
  });
});

describe('hostile input in these shapes costs linear time', () => {
  /** Generous: linear input makes 4, quadratic 16. */
  const MAX_RATIO = 10;
  const PPK_HEAD = 'echo PuTTY-User-Key-File-3: ssh-ed25519>>k.ppk\r\n';

  function seconds(text: string): number {
    const bytes = Buffer.from(text, 'latin1');
    findKeyBlocks(bytes);
    const start = process.hrtime.bigint();
    findKeyBlocks(bytes);
    return Number(process.hrtime.bigint() - start) / 1e9;
  }

  test.each([
    ['PuTTY heads with a suffix', (n: number) => PPK_HEAD.repeat(n)],
    [
      'a PuTTY file with a suffix on many lines',
      (n: number) =>
        `${PPK_HEAD}${'echo Public-Lines: 2>>k.ppk\r\n'}${'echo AAAA>>k.ppk\r\n'.repeat(n)}`,
    ],
    [
      'a one-line block of escapes',
      (n: number) =>
        `-----BEGIN RSA PRIVATE KEY-----${'\\x0aAB`n\\012'.repeat(n)}-----END RSA PRIVATE KEY-----`,
    ],
    [
      'a block of newline expressions',
      (n: number) =>
        `-----BEGIN RSA PRIVATE KEY-----${'" & vbCrLf & Chr(10) & "AB" + Environment.NewLine'.repeat(n)}`,
    ],
    [
      'a block opened by PowerShell breaks',
      (n: number) => `-----BEGIN RSA PRIVATE KEY-----\`n${'`r`n`n'.repeat(n)}`,
    ],
  ])('%s', (_name, make) => {
    const n = 20_000;
    const small = seconds(make(n));
    const large = seconds(make(4 * n));
    expect(large / Math.max(small, 1e-3)).toBeLessThan(MAX_RATIO);
  });
});
