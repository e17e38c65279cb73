/**
 * KeyBlockScanner fed in chunks must cut exactly the blocks findKeyBlocks cuts
 * from the whole buffer, wherever the chunk boundaries fall; files larger
 * than the 16 MiB whole-file limit are scanned this way.
 */
import { createHash } from 'node:crypto';
import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { BLOCK_BUDGET } from '../../src/scan/block-budget.js';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../../src/scan/detector.js';
import { makeTempDir } from '../helpers/keyfactory.js';
import {
  expectFound,
  generateDetectorKeys,
  removeDetectorKeys,
  KEY_NAMES,
  linesOf,
  parseWithoutLeaks,
  pemBegin,
  pemEnd,
  PUTTY_HEAD,
  RSA_LABEL,
  type Keys,
} from './detector-fixtures.js';

let keys: Keys;
/**
 * Many blocks in many packagings, back to back. Small, so that the first
 * pending block keeps the whole of it in the scanner's carry.
 */
let corpus: Buffer;
let expected: KeyBlock[];
/**
 * The same blocks with long stretches of other text between them, so that
 * each block is cut while the stream goes on and the carry is short.
 */
let sparse: Buffer;
let expectedSparse: KeyBlock[];

/** A small deterministic generator, so a failing chunking can be replayed from its seed. */
function prng(seed: number): (below: number) => number {
  let state = seed >>> 0 || 1;
  return (below) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % below;
  };
}

function scanInChunks(bytes: Buffer, size: (index: number) => number): KeyBlock[] {
  const scanner = new KeyBlockScanner();
  let at = 0;
  for (let index = 0; at < bytes.length; index++) {
    const next = Math.min(bytes.length, at + Math.max(1, size(index)));
    scanner.feed(bytes.subarray(at, next));
    at = next;
  }
  return scanner.end();
}

/** Blocks as compared here: the text by digest, so a failure never prints key material. */
function view(blocks: KeyBlock[]): object[] {
  return blocks.map(({ text, ...rest }) => ({
    ...rest,
    text: createHash('sha256').update(text).digest('hex').slice(0, 16),
  }));
}

function lineOfOffset(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(10); at !== -1 && at < offset; at = bytes.indexOf(10, at + 1)) line++;
  return line;
}

beforeAll(() => {
  keys = generateDetectorKeys();
  const rsa = keys['rsa-pkcs1'];
  const ed = keys['ed25519-openssh'];
  const ppk = keys['rsa-ppk-v3'];
  const rsaLines = linesOf(rsa.text);
  const pieces = [
    Buffer.from(rsa.text),
    Buffer.from(`{"a":1,"key":${JSON.stringify(ed.text)},"b":[1,2]}\n`),
    Buffer.from(
      `${linesOf(ppk.text)
        .map((line) => `# ${line}`)
        .join('\n')}\n`,
    ),
    Buffer.from(`example: |\n  ${pemBegin(RSA_LABEL)}\n  ...\n  ${pemEnd(RSA_LABEL)}\n`),
    // A truncated block whose END belongs to the key after it.
    Buffer.from(`${rsaLines.slice(0, 4).join('\n')}\n${rsa.text}`),
    Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0xc3, 0x28, 0x0a]),
    // Markers preceded by long lines: the scanner looks back for a comment marker, and
    // must see the same bytes whether or not a chunk boundary fell in between.
    Buffer.from(`${'='.repeat(20)}${' '.repeat(200)}# ${linesOf(ed.text).join('\n# ')}\n`),
    Buffer.from(`${' '.repeat(100)}# ${linesOf(rsa.text).join('\n# ')}\n`),
    Buffer.from(ed.text.replace(/\n/g, '\r\n')),
    Buffer.from(
      `const k = ${linesOf(rsa.text)
        .map((line) => JSON.stringify(`${line}\n`))
        .join(' +\n  ')};\n`,
    ),
    Buffer.from(ppk.text.trimEnd()),
  ];
  corpus = Buffer.concat(pieces);
  expected = findKeyBlocks(corpus);
  const filler = Buffer.from('filler line\n'.repeat(Math.ceil(70_000 / 12)));
  sparse = Buffer.concat(pieces.flatMap((piece) => [filler, piece, Buffer.from('\n')]));
  expectedSparse = findKeyBlocks(sparse);
});

afterAll(() => {
  removeDetectorKeys(keys);
});

describe('the corpora', () => {
  test('hold the blocks the streaming tests compare', () => {
    const rsa = keys['rsa-pkcs1'].truth.fingerprint;
    const ed = keys['ed25519-openssh'].truth.fingerprint;
    const ppk = keys['rsa-ppk-v3'].truth.fingerprint;
    for (const [bytes, blocks] of [
      [corpus, expected],
      [sparse, expectedSparse],
    ] as const) {
      expect(blocks.map((block) => [block.kind, block.truncated, block.placeholder])).toEqual([
        ['pem', false, false],
        ['pem', false, false],
        ['putty', false, false],
        ['pem', false, true],
        ['pem', true, false],
        ['pem', false, false],
        ['pem', false, false],
        ['pem', false, false],
        ['pem', false, false],
        ['pem', false, false],
        ['putty', false, false],
      ]);
      const fingerprints = blocks.map((block) => parseKeyBlock(block.text).fingerprint);
      expect(fingerprints).toEqual([rsa, ed, ppk, null, null, rsa, ed, rsa, ed, rsa, ppk]);
      for (const block of blocks) {
        expect(block.line).toBe(lineOfOffset(bytes, block.offset));
        for (const key of Object.values(keys)) parseWithoutLeaks(block, key);
      }
    }
    expect(sparse.length).toBeGreaterThan(11 * 70_000);
  });
});

/** Every position of a marker-like string in `bytes`. */
function markerPositions(bytes: Buffer): number[] {
  const needles = ['-----BEGIN ', '-----END ', 'PRIVATE KEY-----', PUTTY_HEAD, 'Private-MAC:'];
  const positions = new Set<number>();
  for (const needle of needles) {
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1))
      positions.add(at);
  }
  return [...positions].sort((a, b) => a - b);
}

/** Scans `bytes` in two chunks split at each of `splits`; returns the first split that differs. */
function firstDifferentSplit(bytes: Buffer, splits: Iterable<number>, want: KeyBlock[]) {
  const wanted = JSON.stringify(want);
  for (const split of splits) {
    const scanner = new KeyBlockScanner();
    scanner.feed(bytes.subarray(0, split));
    const blocks = scanner.end(bytes.subarray(split));
    if (JSON.stringify(blocks) !== wanted) return { split, blocks: view(blocks) };
  }
  return null;
}

describe('chunked input gives the same blocks as the whole buffer', () => {
  test.each([1, 7, 64, 4096])('dense corpus, chunks of %i bytes', (size) => {
    expect(view(scanInChunks(corpus, () => size))).toEqual(view(expected));
  });

  test.each([64, 4096, 65_536, 1_000_000])('sparse corpus, chunks of %i bytes', (size) => {
    expect(view(scanInChunks(sparse, () => size))).toEqual(view(expectedSparse));
  });

  test.each([1, 2, 3, 4, 5])('random chunk sizes (seed %i)', (seed) => {
    const next = prng(seed);
    expect(view(scanInChunks(corpus, () => 1 + next(3000)))).toEqual(view(expected));
    expect(view(scanInChunks(sparse, () => 1 + next(100_000)))).toEqual(view(expectedSparse));
  });

  test('random chunk sizes, mostly tiny (seed 42)', () => {
    const next = prng(42);
    const chunked = scanInChunks(corpus, () => (next(4) === 0 ? 1 + next(500) : 1 + next(3)));
    expect(view(chunked)).toEqual(view(expected));
  });

  test('dense corpus: one boundary at every byte around every marker', () => {
    const positions = markerPositions(corpus);
    expect(positions.length).toBeGreaterThan(20);
    const splits = positions.flatMap((p) =>
      Array.from({ length: 111 }, (_, i) => p - 70 + i).filter((at) => at > 0),
    );
    expect(firstDifferentSplit(corpus, splits, expected)).toBeNull();
  });

  test('sparse corpus: a boundary at every byte around each marker and the line before it', () => {
    const positions = markerPositions(sparse);
    expect(positions.length).toBeGreaterThan(20);
    for (const position of positions) {
      // The stretch around one marker: nothing before it is pending, so the carry is short.
      const from = Math.max(0, position - 2000);
      const local = sparse.subarray(from, position + 3000);
      const at = position - from;
      const splits = [
        // Every byte of the marker and what precedes it on a long line…
        ...Array.from({ length: 111 }, (_, i) => at - 70 + i),
        // …and every fifth byte further back, into the lines before.
        ...Array.from({ length: 50 }, (_, i) => at - 71 - 5 * i),
      ];
      expect(firstDifferentSplit(local, splits, findKeyBlocks(local))).toBeNull();
    }
  });

  test.each(KEY_NAMES)(
    'a key at byte 0 of a long stream, in 64 KiB chunks, is kept: %s',
    (name) => {
      const key = keys[name];
      const bytes = Buffer.concat([Buffer.from(key.text), Buffer.alloc(300 * 1024, 'x\n')]);
      const blocks = scanInChunks(bytes, () => 64 * 1024);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]?.offset).toBe(0);
      expectFound(blocks[0], key, 1);
    },
  );

  test('empty chunks change nothing', () => {
    const scanner = new KeyBlockScanner();
    scanner.feed(Buffer.alloc(0));
    for (let at = 0; at < corpus.length; at += 1000) {
      scanner.feed(corpus.subarray(at, at + 1000));
      scanner.feed(Buffer.alloc(0));
    }
    expect(view(scanner.end())).toEqual(view(expected));
  });

  test('a BEGIN followed by more than BLOCK_BUDGET of base64 before its END', () => {
    const base64Lines: string[] = [];
    const next = prng(7);
    const lineCount = Math.ceil(BLOCK_BUDGET / 64) + 100;
    for (let i = 0; i < lineCount; i++) {
      base64Lines.push(Buffer.from(Array.from({ length: 48 }, () => next(256))).toString('base64'));
    }
    const bytes = Buffer.from(
      `top\n${pemBegin(RSA_LABEL)}\n${base64Lines.join('\n')}\n${pemEnd(RSA_LABEL)}\n`,
    );
    const whole = findKeyBlocks(bytes);
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject({ line: 2, truncated: true });
    // Small chunks too: a block that waits over thousands of chunks is not searched once per chunk.
    for (const size of [4096, 65_536, 100_000, 1_048_576]) {
      expect(view(scanInChunks(bytes, () => size))).toEqual(view(whole));
    }
  });
});

describe('a file larger than 16 MiB, streamed from disk', () => {
  const MiB = 1024 * 1024;

  test('keys near the start, across a 1 MiB boundary, across 16 MiB and at the end', async () => {
    const rsa = keys['rsa-pkcs1'];
    const ed = keys['ed25519-openssh'];
    const ppk = keys['rsa-ppk-v3'];
    const filler = 'lorem ipsum dolor sit amet, consectetur adipiscing elit 0123456\n';
    expect(filler).toHaveLength(64);
    const parts: string[] = [];
    let length = 0;
    const placed: { offset: number; key: typeof rsa }[] = [];
    const add = (text: string): void => {
      parts.push(text);
      length += text.length;
    };
    const fillTo = (target: number): void => {
      while (length + filler.length <= target) add(filler);
      add('k'.repeat(target - length));
    };
    const place = (key: typeof rsa, text: string, markerAt: number): void => {
      placed.push({ offset: length + markerAt, key });
      add(text);
    };

    add(filler + filler);
    place(rsa, rsa.text, 0);
    // The BEGIN marker of this one straddles the 1 MiB boundary.
    fillTo(MiB - 5);
    place(ed, ed.text, 0);
    // A commented .ppk whose header line straddles 16 MiB.
    fillTo(16 * MiB - 13);
    add('\n# ');
    place(ppk, linesOf(ppk.text).join('\n# '), 0);
    add('\n');
    fillTo(20 * MiB);
    add('\n');
    place(rsa, rsa.text.trimEnd(), 0);
    const bytes = Buffer.from(parts.join(''), 'latin1');
    expect(bytes.length).toBeGreaterThan(20 * MiB);

    const dir = makeTempDir('detector-stream-');
    const file = join(dir, 'large.txt');
    writeFileSync(file, bytes);
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));

    const expectedLines = placed.map(({ offset }) => lineOfOffset(bytes, offset));
    expect(expectedLines[0]).toBe(3);
    for (const highWaterMark of [64 * 1024, MiB]) {
      const scanner = new KeyBlockScanner();
      for await (const chunk of createReadStream(file, { highWaterMark })) {
        scanner.feed(chunk as Buffer);
      }
      const blocks = scanner.end();
      expect(blocks.map((block) => block.offset)).toEqual(placed.map(({ offset }) => offset));
      placed.forEach(({ key }, i) => expectFound(blocks[i], key, expectedLines[i] ?? 0));
      expect(view(blocks)).toEqual(view(findKeyBlocks(bytes)));
    }
  });
});
