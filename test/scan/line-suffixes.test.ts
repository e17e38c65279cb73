/**
 * A key written out line by line by a script (`echo "…" >> ~/.ssh/id`), a
 * Dockerfile, a batch file or RTF carries something after every line too;
 * a minified JSON array or HTML/XML page puts every line on one. Each must
 * be reported with the fingerprint ssh-keygen gives the key (black-box
 * review, findings 4 and 5). Keys are made at test time.
 */
import { describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../../src/scan/detector.js';
import type { KeySpec, TestKey } from '../helpers/keyfactory.js';
import { ED25519, makeKey, RSA_PEM } from '../helpers/gitrepo.js';

const ECDSA_SEC1: KeySpec = { kind: 'ssh-keygen', type: 'ecdsa', bits: 256, mode: 'PEM' };

function keys(): [string, TestKey][] {
  return [
    ['RSA PKCS#1', makeKey('suffix-rsa', RSA_PEM)],
    ['ECDSA SEC1', makeKey('suffix-ecdsa', ECDSA_SEC1)],
    ['Ed25519 OpenSSH', makeKey('suffix-ed', ED25519)],
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

describe('something after every line', () => {
  test.each(keys())('%s echoed line by line by a shell script', (_name, key) => {
    const script = linesOf(key).map((line) => `echo "${line}" >> ~/.ssh/id_key`);
    expectKey(
      `#!/bin/sh\nset -e\n${script.join('\n')}\nchmod 600 ~/.ssh/id_key\n`,
      key.truth.fingerprint,
    );
  });

  test.each(keys())('%s in Dockerfile RUN lines continued with `&& \\`', (_name, key) => {
    const lines = linesOf(key).map((line) => `    echo "${line}" >> /root/.ssh/id && \\`);
    expectKey(
      `FROM debian\nRUN mkdir -p /root/.ssh && \\\n${lines.join('\n')}\n    true\n`,
      key.truth.fingerprint,
    );
  });

  test.each(keys())('%s echoed by a batch file (`echo L>>key.pem`)', (_name, key) => {
    const lines = linesOf(key).map((line) => `echo ${line}>>key.pem`);
    expectKey(`@echo off\r\n${lines.join('\r\n')}\r\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s in RTF paragraphs (`\\par`)', (_name, key) => {
    const lines = linesOf(key).map((line) => `${line}\\par`);
    expectKey(
      `{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Courier;}}\n${lines.join('\n')}\n}`,
      key.truth.fingerprint,
    );
  });
});

describe('every line on one line', () => {
  test.each(keys())('%s as a minified JSON array of lines', (_name, key) => {
    expectKey(
      `{"key":[${linesOf(key)
        .map((line) => `"${line}"`)
        .join(',')}]}`,
      key.truth.fingerprint,
    );
  });

  test.each(keys())('%s in a Terraform join("\\n", [...]) on one line', (_name, key) => {
    const list = linesOf(key)
      .map((line) => `"${line}"`)
      .join(',');
    expectKey(`locals { key = join("\\n", [${list}]) }\n`, key.truth.fingerprint);
  });

  test.each(keys())('%s as minified HTML paragraphs', (_name, key) => {
    expectKey(
      `<html><body>${linesOf(key)
        .map((line) => `<p>${line}</p>`)
        .join('')}</body></html>`,
      key.truth.fingerprint,
    );
  });

  test.each(keys())('%s in a Word document body (`<w:p><w:r><w:t>`)', (_name, key) => {
    const runs = linesOf(key).map((line) => `<w:p><w:r><w:t>${line}</w:t></w:r></w:p>`);
    expectKey(`<w:document><w:body>${runs.join('')}</w:body></w:document>`, key.truth.fingerprint);
  });
});

describe('what is not a suffix stays as it was', () => {
  test('a placeholder in paragraph tags is a placeholder, not a key', () => {
    const label = `RSA ${'PRIVATE'} KEY`;
    const page = `<p>-----BEGIN ${label}-----</p>\n<p><your key here></p>\n<p>-----END ${label}-----</p>\n`;
    expect(findKeyBlocks(Buffer.from(page)).map((block) => block.placeholder)).toEqual([true]);
  });

  test('a suffix only some lines carry is not peeled: the key is still found', () => {
    const key = makeKey('suffix-rsa', RSA_PEM);
    const lines = linesOf(key).map((line, at) => (at % 2 ? line : `${line} \\`));
    expectKey(`KEY="${lines.join('\n')}"\n`, key.truth.fingerprint);
  });

  test('a hostile line of tags and quotes costs linear time', () => {
    const label = `RSA ${'PRIVATE'} KEY`;
    const block = (n: number): Buffer =>
      Buffer.from(
        `-----BEGIN ${label}-----\n${'<a"'.repeat(n)}\n${'","'.repeat(n)}\n-----END ${label}-----\n`,
      );
    const timed = (bytes: Buffer): number => {
      const times: number[] = [];
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        findKeyBlocks(bytes);
        times.push(performance.now() - started);
      }
      // The median: steadier than the best, which a lucky run can skew.
      return times.sort((a, b) => a - b)[2] as number;
    };
    // Sixteen times the input: linear is 16 times the time, quadratic 256.
    timed(block(6_000));
    const small = timed(block(12_500));
    const large = timed(block(200_000));
    expect(large / small, `${small.toFixed(1)} ms -> ${large.toFixed(1)} ms`).toBeLessThan(80);
  });
});
