/**
 * A gzip stream or zip member that expands past the decoding limit (a very
 * repetitive CI log, a key padded with megabytes of newlines, or a real
 * bomb) is scanned up to the limit ("1 MiB always allowed"), and a warning
 * names it, the limit and what was left unscanned: a key near its start is
 * found, with the member's path, never skipped with the whole stream. Bombs
 * stay cheap in time and memory. Keys are made at test time; every key
 * found must carry the fingerprint ssh-keygen gives.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { inflateBounded } from '../../src/scan/decode/inflate.js';
import { DecodeBudget, RATIO_FLOOR } from '../../src/scan/decode/limits.js';
import { findKeyBlocks, type KeyBlock } from '../../src/scan/detector.js';
import { scan } from '../../src/scan/scan.js';
import {
  makeKeyFactory,
  makeSpecKey,
  makeTempDir,
  removeTestKeys,
  type TestKey,
} from '../helpers/keyfactory.js';
import { zipOf } from '../helpers/zipfile.js';
import { leaked32 } from './detector-fixtures.js';

let dir: string;
let rsa: TestKey;
let ed: TestKey;

beforeAll(() => {
  dir = makeTempDir('bomb-prefix-');
  const factory = makeKeyFactory(dir);
  rsa = makeSpecKey(factory, 'rsa-pkcs1');
  ed = makeSpecKey(factory, 'ed25519-openssh');
});
afterAll(() => {
  removeTestKeys();
});

const inflater = process.env['EC2KR_INFLATE'];
afterEach(() => {
  if (inflater === undefined) delete process.env['EC2KR_INFLATE'];
  else process.env['EC2KR_INFLATE'] = inflater;
});

interface Found {
  blocks: KeyBlock[];
  warnings: string[];
}

function find(bytes: Buffer | string): Found {
  const warnings: string[] = [];
  const blocks = findKeyBlocks(Buffer.from(bytes), (message) => warnings.push(message));
  return { blocks, warnings };
}

function expectKey(
  found: Found,
  key: TestKey,
  where: { line: number; encoding: string; member?: string },
): void {
  expect(found.blocks).toHaveLength(1);
  const block = found.blocks[0] as KeyBlock;
  expect({ line: block.line, encoding: block.encoding, member: block.member }).toEqual(where);
  const identity = parseKeyBlock(block.text);
  expect(identity.fingerprint).toBe(key.truth.fingerprint);
  expect(leaked32(key, JSON.stringify({ ...identity, ...where })).length).toBe(0);
}

/** A CI log of `before` repetitive lines, the key, then `after` more. */
function buildLog(key: TestKey, before: number, after: number): Buffer {
  return Buffer.concat([
    Buffer.from('step 1 ok\n'.repeat(before)),
    Buffer.from(key.text),
    Buffer.from('step 2 ok\n'.repeat(after)),
  ]);
}

/** Both ways of taking the prefix: zlib's handle, and the search the fallback does. */
const inflaters = [
  ['zlib handle', undefined],
  ['prefix search (EC2KR_INFLATE=sync)', 'sync'],
] as const;

describe.each(inflaters)('a stream past the limit is scanned up to it (%s)', (_name, mode) => {
  beforeAll(() => {
    if (mode) process.env['EC2KR_INFLATE'] = mode;
  });

  test('a zip member: a key followed by 5 MB of newlines', () => {
    if (mode) process.env['EC2KR_INFLATE'] = mode;
    const archive = zipOf([
      { name: 'readme.txt', data: Buffer.from('nothing here\n'), deflate: true },
      {
        name: 'inner/key.pem',
        data: Buffer.concat([Buffer.from(rsa.text), Buffer.alloc(5 << 20, 10)]),
        deflate: true,
      },
    ]);
    expect(archive.length).toBeLessThan(20_000);
    const found = find(archive);
    expectKey(found, rsa, { line: 1, encoding: 'zip', member: 'inner/key.pem' });
    expect(found.warnings).toEqual([
      expect.stringMatching(
        /^zip member "inner\/key\.pem" expands beyond 1 MB \(\d+ times its \d+ compressed bytes\): its first [\d.]+ MB were scanned, what follows \(a decompression bomb\?\): not scanned$/,
      ),
    ]);
  });

  test('a gzipped CI log with a key after 5,000 lines', () => {
    if (mode) process.env['EC2KR_INFLATE'] = mode;
    const gz = gzipSync(buildLog(rsa, 5000, 500_000));
    const found = find(gz);
    expectKey(found, rsa, { line: 5001, encoding: 'gzip' });
    expect(found.warnings).toEqual([
      expect.stringMatching(
        /^gzip stream expands beyond [\d.]+ MB \(100 times its \d+ compressed bytes\): its first [\d.]+ MB were scanned, what follows \(a decompression bomb\?\): not scanned$/,
      ),
    ]);
  });

  test('the second member of a gzip file: scanned up to what the file may expand to', () => {
    if (mode) process.env['EC2KR_INFLATE'] = mode;
    const gz = Buffer.concat([
      gzipSync('first member\n'),
      gzipSync(Buffer.concat([Buffer.from(ed.text), Buffer.alloc(8 << 20, 10)])),
      gzipSync(Buffer.from(rsa.text)),
    ]);
    const found = find(gz);
    expectKey(found, ed, { line: 2, encoding: 'gzip' });
    expect(found.warnings).toEqual([
      expect.stringMatching(
        /^gzip stream member 2 expands beyond .* \(a decompression bomb\?\): it and the members after it not scanned past its first [\d.]+ MB$/,
      ),
    ]);
  });

  test('the prefix is exactly the stream’s first bytes, up to the limit', () => {
    if (mode) process.env['EC2KR_INFLATE'] = mode;
    const content = Buffer.concat([
      Buffer.from('line of text that varies 0123456789\n'.repeat(2000)),
      Buffer.alloc(3 << 20, 0x41),
    ]);
    const budget = new DecodeBudget(() => undefined);
    const result = inflateBounded(deflateRawSync(content), budget);
    const prefix = 'problem' in result ? result.prefix : undefined;
    // Through the handle, the limit exactly; by the search, within a deflate block of it.
    expect(prefix?.length).toBeLessThanOrEqual(RATIO_FLOOR);
    expect(prefix?.length).toBeGreaterThan(mode ? RATIO_FLOOR - 64 * 1024 : RATIO_FLOOR - 1);
    expect(prefix?.equals(content.subarray(0, prefix.length))).toBe(true);
  });
});

describe('what lies past the limit is named, never a silent clean', () => {
  test('a key past the limit is not found, and the warning says the rest was not scanned', () => {
    const gz = gzipSync(buildLog(rsa, 200_000, 10));
    const found = find(gz);
    expect(found.blocks).toEqual([]);
    expect(found.warnings.join('\n')).toMatch(
      /what follows \(a decompression bomb\?\): not scanned/,
    );
  });

  test('a tree scan reports the key at archive!/member, and names the member in the warning', async () => {
    const work = join(dir, 'zip-work');
    mkdirSync(join(work, 'inner'), { recursive: true });
    writeFileSync(
      join(work, 'inner', 'key.pem'),
      Buffer.concat([Buffer.from(rsa.text), Buffer.alloc(5 << 20, 10)]),
    );
    execFileSync('zip', ['-q', '-9', '-r', 'a.zip', 'inner'], { cwd: work, stdio: 'pipe' });
    const tree = join(dir, 'tree');
    mkdirSync(tree, { recursive: true });
    writeFileSync(join(tree, 'a.zip'), readFileSync(join(work, 'a.zip')));
    writeFileSync(join(tree, 'build.log.gz'), gzipSync(buildLog(ed, 5000, 500_000)));
    const result = await scan({ path: tree, source: { kind: 'files' }, ignore: [] });
    const found = result.findings
      .map((finding) => [finding.fingerprint, finding.locations.map((l) => [l.path, l.line])])
      .sort();
    expect(found).toEqual(
      [
        [rsa.truth.fingerprint, [['a.zip!/inner/key.pem', 1]]],
        [ed.truth.fingerprint, [['build.log.gz', 5001]]],
      ].sort(),
    );
    const warnings = result.warnings.join('\n');
    expect(warnings).toMatch(
      /^a\.zip: zip member "inner\/key\.pem" expands beyond 1 MB .*not scanned$/m,
    );
    expect(warnings).toMatch(/^build\.log\.gz: gzip stream expands beyond .*not scanned$/m);
  });
});

describe('bombs stay cheap', () => {
  let outer: Buffer | undefined;
  /** A zip holding a zip (a bomb and a key) and a gzip bomb: made once. */
  function nestedBomb(): Buffer {
    if (outer) return outer;
    const zeros = Buffer.alloc(200 << 20);
    const bomb = zipOf([{ name: 'zeros.bin', data: zeros, deflate: true }]);
    const inner = zipOf([
      { name: 'bomb.zip', data: bomb, deflate: true },
      { name: 'id_rsa', data: Buffer.from(rsa.text), deflate: true },
    ]);
    outer = zipOf([
      { name: 'inner.zip', data: inner, deflate: true },
      { name: 'copy.gz', data: gzipSync(zeros) },
    ]);
    return outer;
  }

  test.each(inflaters)(
    'a nested bomb (%s): bounded time and memory, the key beside it found',
    (_name, mode) => {
      if (mode) process.env['EC2KR_INFLATE'] = mode;
      const outer = nestedBomb();
      const started = performance.now();
      const rss = process.memoryUsage().rss;
      const found = find(outer);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
      expectKey(found, rsa, { line: 1, encoding: 'zip+zip', member: 'inner.zip!/id_rsa' });
      expect(found.warnings.join('\n')).toMatch(/zip member "zeros\.bin".*decompression bomb/);
      expect(found.warnings.join('\n')).toMatch(/gzip stream.*decompression bomb/);
    },
  );
});
