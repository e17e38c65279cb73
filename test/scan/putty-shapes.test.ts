/**
 * A PuTTY .ppk pasted into code in the shapes a PEM or OpenSSH key is
 * found in: a comment after each line (`// n`, a C comment, Python's
 * `# n`), a minified JSON array, VB and C# joins with `vbCrLf` and
 * `Environment.NewLine`; and a Dockerfile whose first `echo` stands on the
 * `RUN` line, for every format. Each key is reported whole, with the
 * fingerprint the tools give it, on the line of its head. Keys are made at
 * test time.
 */
import { describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, KeyBlockScanner } from '../../src/scan/detector.js';
import type { KeySpec, TestKey } from '../helpers/keyfactory.js';
import { ED25519, makeKey, RSA_PEM } from '../helpers/gitrepo.js';

const PPK3: KeySpec = { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: false };
const PPK2_RSA: KeySpec = { kind: 'puttygen', type: 'rsa', version: 2, encrypted: false };

function puttyKeys(): [string, TestKey][] {
  return [
    ['Ed25519 PPK v3', makeKey('shapes-ppk3', PPK3)],
    ['RSA PPK v2', makeKey('shapes-ppk2-rsa', PPK2_RSA)],
  ];
}

function allKeys(): [string, TestKey][] {
  return [
    ...puttyKeys(),
    ['RSA PKCS#1', makeKey('shapes-rsa-pem', RSA_PEM)],
    ['Ed25519 OpenSSH', makeKey('shapes-ed', ED25519)],
  ];
}

function linesOf(key: TestKey): string[] {
  return key.text.trimEnd().split('\n');
}

/** The one block found in `content`: whole, with `fingerprint`, at `line`; the same when streamed. */
function expectKey(content: string, fingerprint: string, line: number): void {
  const bytes = Buffer.from(content, 'latin1');
  const blocks = findKeyBlocks(bytes);
  expect(blocks.map((block) => [block.truncated, block.line])).toEqual([[false, line]]);
  expect(blocks.map((block) => parseKeyBlock(block.text).fingerprint)).toEqual([fingerprint]);
  const scanner = new KeyBlockScanner();
  for (let at = 0; at < bytes.length; at += 97) scanner.feed(bytes.subarray(at, at + 97));
  expect(scanner.end().map((block) => parseKeyBlock(block.text).fingerprint)).toEqual([
    fingerprint,
  ]);
}

describe('a PuTTY file pasted into code, as a PEM block is', () => {
  test.each(puttyKeys())('%s in a JavaScript array, `// n` after each line', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `  "${line}", // ${at}`);
    expectKey(`const k = [\n${lines.join('\n')}\n];\n`, key.truth.fingerprint, 2);
  });

  test.each(puttyKeys())('%s in C strings, a C comment after each', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `"${line}\\n" /* ${at} */`);
    expectKey(`static const char *k =\n${lines.join('\n')};\n`, key.truth.fingerprint, 2);
  });

  test.each(puttyKeys())('%s in a Python list, `# n` after each line', (_name, key) => {
    const lines = linesOf(key).map((line, at) => `  "${line}",  # ${at}`);
    expectKey(`k = [\n${lines.join('\n')}\n]\n`, key.truth.fingerprint, 2);
  });

  test.each(puttyKeys())('%s as a minified JSON array', (_name, key) => {
    expectKey(`${JSON.stringify(linesOf(key))}\n`, key.truth.fingerprint, 1);
    const spaced = `{"k": [${linesOf(key)
      .map((line) => JSON.stringify(line))
      .join(', ')}]}\n`;
    expectKey(spaced, key.truth.fingerprint, 1);
  });

  test.each(puttyKeys())('%s joined with vbCrLf in VB', (_name, key) => {
    const [first, ...rest] = linesOf(key);
    const lines = rest.map((line) => `    "${line}" & vbCrLf & _`);
    const text = `Dim k = "${first}" & vbCrLf & _\n${lines.join('\n')}\n    ""\n`;
    expectKey(text, key.truth.fingerprint, 1);
  });

  test.each(puttyKeys())('%s joined with Environment.NewLine in C#', (_name, key) => {
    const [first, ...rest] = linesOf(key);
    const lines = rest.map((line) => `    + "${line}"`);
    const text = `var k = "${first}"\n    + Environment.NewLine\n${lines.join(
      '\n    + Environment.NewLine\n',
    )}\n    ;\n`;
    expectKey(text, key.truth.fingerprint, 1);
  });
});

describe('a Dockerfile whose first echo stands on the RUN line', () => {
  test.each(allKeys())('%s', (_name, key) => {
    const lines = linesOf(key).map(
      (line, at) => `${at === 0 ? 'RUN' : '   '} echo "${line}" >> /root/.ssh/id && \\`,
    );
    const text = `FROM alpine\n${lines.join('\n')}\n    chmod 600 /root/.ssh/id\n`;
    expectKey(text, key.truth.fingerprint, 2);
  });

  test.each(allKeys())('%s, `run` in lower case and tabs', (_name, key) => {
    const lines = linesOf(key).map(
      (line, at) => `${at === 0 ? 'run\t' : '\t'}echo '${line}' >> /root/.ssh/id && \\`,
    );
    const text = `FROM alpine\n${lines.join('\n')}\n\ttrue\n`;
    expectKey(text, key.truth.fingerprint, 2);
  });
});

describe('an instruction word is never taken from a key line', () => {
  test.each(allKeys())('%s whose lines carry the whole prefix still peel it', (_name, key) => {
    const lines = linesOf(key).map((line) => `RUN echo "${line}" >> /root/.ssh/id`);
    expectKey(`FROM alpine\n${lines.join('\n')}\n`, key.truth.fingerprint, 2);
  });
});
