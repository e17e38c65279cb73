/**
 * The tree scan's reader learns a small file's length from one read instead
 * of an fstat. Every length around the buffer's size, empty files, devices,
 * FIFOs (with and without a writer) and directories must still come out as
 * before: whole files scanned to their last byte, anything else named and
 * never read. Keys are made at test time.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { FileReader, type ScannedFile } from '../../src/scan/sources/file-read.js';
import { makeKey, RSA_PEM, scratchDir } from '../helpers/gitrepo.js';

const MIB = 1024 * 1024;
let dir: string;

beforeAll(() => {
  dir = scratchDir('file-read-');
});

function scanned(result: ReturnType<FileReader['scan']>): ScannedFile {
  expect(result).toHaveProperty('blocks');
  return result as ScannedFile;
}

/** A file of exactly `size` bytes whose last bytes are the key. */
function keyAtEnd(name: string, size: number): { path: string; fingerprint: string } {
  const key = makeKey('file-read-rsa', RSA_PEM);
  const text = Buffer.from(key.text);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.alloc(size - text.length, 0x20), text]));
  return { path, fingerprint: key.truth.fingerprint };
}

describe('a regular file is read to its last byte, whatever its length', () => {
  test.each([
    ['a small file', 4096],
    ['one byte under the buffer', MIB - 1],
    ['exactly the buffer', MIB],
    ['one byte over the buffer', MIB + 1],
    ['three buffers', 3 * MIB + 7],
    ['exactly the whole-file limit', 16 * MIB],
    ['over the whole-file limit (streamed)', 16 * MIB + 5],
  ])('%s (%i bytes)', (_name, size) => {
    const reader = new FileReader();
    const { path, fingerprint } = keyAtEnd(`key-${size}`, size);
    // Twice with one reader: its buffer may have grown after the first file.
    for (let run = 0; run < 2; run++) {
      const file = scanned(reader.scan(path));
      expect(file.bytes).toBe(size);
      expect(file.blocks.map((block) => parseKeyBlock(block.text).fingerprint)).toEqual([
        fingerprint,
      ]);
    }
    // A small file after a large one is read whole, not taken for large.
    const small = keyAtEnd('small-after', 4000);
    expect(scanned(reader.scan(small.path)).bytes).toBe(4000);
  });

  test('an empty file is a file of 0 bytes', () => {
    const path = join(dir, 'empty');
    writeFileSync(path, '');
    expect(scanned(new FileReader().scan(path))).toMatchObject({ bytes: 0, blocks: [] });
  });
});

describe('anything else is named, never read', () => {
  test('a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    const result = new FileReader().scan(path);
    expect('other' in result && result.other.isDirectory()).toBe(true);
  });

  test.each([
    ['zero', 5],
    ['null', 3],
    ['urandom', 9],
  ])('a character device like /dev/%s', (name, minor) => {
    const path = join(dir, `dev-${name}`);
    execFileSync('mknod', [path, 'c', '1', String(minor)]);
    const result = new FileReader().scan(path);
    expect('other' in result && result.other.isCharacterDevice()).toBe(true);
  });

  test('a FIFO without a writer', () => {
    const path = join(dir, 'fifo-alone');
    execFileSync('mkfifo', [path]);
    const result = new FileReader().scan(path);
    expect('other' in result && result.other.isFIFO()).toBe(true);
  });

  test('a FIFO whose writer wrote and keeps it open: not waited for, named', async () => {
    const path = join(dir, 'fifo-writer');
    execFileSync('mkfifo', [path]);
    // The writer holds the FIFO open for a while after writing a line.
    const writer = spawn('sh', ['-c', `exec 3>"$1"; echo data >&3; sleep 5`, 'sh', path]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    const result = new FileReader().scan(path);
    expect(performance.now() - started).toBeLessThan(2000);
    expect('other' in result && result.other.isFIFO()).toBe(true);
    writer.kill();
  });
});
