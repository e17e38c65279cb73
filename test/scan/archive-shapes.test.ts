/**
 * Archives in the shapes real files take, beyond the textbook one: gzip
 * files of several members (`gzip -c key >> log.gz`, `cat a.gz b.gz`,
 * logrotate), zips with bytes in front (self-extracting stubs, a zip
 * appended to a PNG, `cat a.zip b.zip`), and member names that try to leave
 * their archive (`../x`, `/etc/x`, `..\x`, control characters). Keys are
 * made at test time; every key found must carry ssh-keygen's fingerprint,
 * and the limits against bombs must hold in every shape.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, type KeyBlock } from '../../src/scan/detector.js';
import {
  makeKeyFactory,
  makeTempDir,
  removeTestKeys,
  TEST_KEY_SPECS,
  type TestKey,
} from '../helpers/keyfactory.js';
import { zipOf } from '../helpers/zipfile.js';
import { leaked32 } from './detector-fixtures.js';

let dir: string;
let rsa: TestKey;
let ed: TestKey;

beforeAll(() => {
  dir = makeTempDir('archive-shapes-');
  const factory = makeKeyFactory(dir);
  const make = (name: string): TestKey => {
    const spec = TEST_KEY_SPECS[name];
    if (!spec) throw new Error(`no spec ${name}`);
    return factory.make(name, spec);
  };
  rsa = make('rsa-pkcs1');
  ed = make('ed25519-openssh');
});
afterAll(() => {
  removeTestKeys();
});

function run(cmd: string, args: string[], input?: Buffer | string, cwd?: string): Buffer {
  return execFileSync(cmd, args, { input, cwd, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
}

interface Found {
  blocks: KeyBlock[];
  warnings: string[];
}

function find(bytes: Buffer | string): Found {
  const warnings: string[] = [];
  const blocks = findKeyBlocks(Buffer.from(bytes), (message) => warnings.push(message));
  return { blocks, warnings };
}

interface Place {
  line: number;
  encoding: string;
  member?: string;
}

/** The blocks found, as place and ssh-keygen fingerprint, in the order found. */
function identified(found: Found): (Place & { fingerprint: string | null })[] {
  return found.blocks.map((block) => {
    const identity = parseKeyBlock(block.text);
    return {
      line: block.line,
      encoding: block.encoding ?? '',
      ...(block.member === undefined ? {} : { member: block.member }),
      fingerprint: identity.fingerprint,
    };
  });
}

/** Asserts that exactly one block was found: `key`, with ssh-keygen's fingerprint, where expected. */
function expectKey(found: Found, key: TestKey, where: Place): void {
  expect(identified(found)).toEqual([{ ...where, fingerprint: key.truth.fingerprint }]);
  // Nothing shown of it echoes the secret (counted, so a failure prints none of it).
  const shown = { keys: found.blocks.map((b) => parseKeyBlock(b.text)), warnings: found.warnings };
  expect(leaked32(key, JSON.stringify(shown)).length).toBe(0);
}

describe('gzip files of several members', () => {
  test('the key in the second member: an appended log (gzip -c key >> log.gz)', () => {
    const log = Buffer.concat([
      run('gzip', ['-c'], '2026-12-01 deploy started\n'),
      run('gzip', ['-c', rsa.path]),
    ]);
    expectKey(find(log), rsa, { line: 2, encoding: 'gzip' });
  });

  test('a zip carried in base64: the line is the one in the member, as for a bare zip', () => {
    const zip = zipOf([
      { name: 'conf/app.txt', data: Buffer.from(`a: 1\nb: 2\nc: 3\n${ed.text}`) },
    ]);
    expectKey(find(zip), ed, { line: 4, encoding: 'zip', member: 'conf/app.txt' });
    expectKey(find(`# env\nKEY=${zip.toString('base64')}\n`), ed, {
      line: 4,
      encoding: 'base64+zip',
      member: 'conf/app.txt',
    });
  });

  test('the same bytes base64-encoded in a YAML value', () => {
    const log = Buffer.concat([run('gzip', ['-c'], 'log\n'), run('gzip', ['-c', ed.path])]);
    expectKey(find(`k: ${log.toString('base64')}\n`), ed, { line: 1, encoding: 'base64+gzip' });
  });

  test('the key in the last of many members, some padded with zeros between them', () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < 200; i++)
      parts.push(gzipSync(`line ${i}\n`), i % 50 === 0 ? Buffer.alloc(512) : Buffer.alloc(0));
    parts.push(gzipSync(rsa.text));
    expectKey(find(Buffer.concat(parts)), rsa, { line: 201, encoding: 'gzip' });
  });

  test('a corrupt member after the key: the key is found and the corrupt member named', () => {
    const corrupt = Buffer.concat([gzipSync('x').subarray(0, 10), randomBytes(64)]);
    corrupt[10] = 0xff; // a reserved deflate block type: never valid
    const found = find(Buffer.concat([gzipSync('log\n'), gzipSync(ed.text), corrupt]));
    expectKey(found, ed, { line: 2, encoding: 'gzip' });
    expect(found.warnings.join('\n')).toMatch(/gzip stream member 3 is corrupt/);
  });

  test('all members together keep one stream’s bomb limit; the key before the bomb is found', () => {
    // 1 MiB of zeros compresses to about 1 KiB: every member is under the ratio floor,
    // but 64 of them would expand to 64 MiB.
    const megabyte = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = Buffer.concat([gzipSync(rsa.text), ...Array<Buffer>(64).fill(megabyte)]);
    const started = performance.now();
    const found = find(bomb);
    expect(performance.now() - started).toBeLessThan(10_000);
    expectKey(found, rsa, { line: 1, encoding: 'gzip' });
    expect(found.warnings.join('\n')).toMatch(
      /gzip stream member \d+ expands beyond .*decompression bomb.*: it and the members after it not scanned/,
    );
  });

  test('more members than are read says so: a key past them is never a silent clean', () => {
    const empty = gzipSync(Buffer.alloc(0));
    const many = Buffer.concat([...Array<Buffer>(10_000).fill(empty), gzipSync(ed.text)]);
    const started = performance.now();
    const found = find(many);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(found.blocks).toEqual([]);
    expect(found.warnings.join('\n')).toMatch(/gzip stream of more than 10000 members/);
  });
});

describe('zip archives with bytes in front of them', () => {
  function keysZip(name: string, key: TestKey): string {
    const work = join(dir, `zip-${name}`);
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'id_key'), key.text);
    run('zip', ['-q', '-9', 'keys.zip', 'id_key'], undefined, work);
    return join(work, 'keys.zip');
  }

  test('a self-extracting shell stub, offsets fixed by zip -A', () => {
    const work = join(dir, 'sfx');
    mkdirSync(work, { recursive: true });
    const sfx = join(work, 'install.sh');
    writeFileSync(
      sfx,
      Buffer.concat([
        Buffer.from('#!/bin/sh\necho installing\nexit 0\n'),
        readFileSync(keysZip('sfx', rsa)),
      ]),
    );
    run('zip', ['-q', '-A', sfx]);
    expectKey(find(readFileSync(sfx)), rsa, { line: 1, encoding: 'zip', member: 'id_key' });
  });

  test('a zip appended to a PNG, offsets as the zip recorded them (unzip finds it)', () => {
    const png = Buffer.concat([
      Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
      randomBytes(2000),
      readFileSync(keysZip('png', ed)),
    ]);
    expectKey(find(png), ed, { line: 1, encoding: 'zip', member: 'id_key' });
  });

  test('two archives one after another (cat a.zip b.zip): the members of both', () => {
    const both = Buffer.concat([
      zipOf([{ name: 'a/id_rsa', data: Buffer.from(rsa.text), deflate: true }]),
      zipOf([{ name: 'b/id_ed25519', data: Buffer.from(ed.text), deflate: true }]),
    ]);
    expect(identified(find(both))).toEqual([
      { line: 1, encoding: 'zip', member: 'b/id_ed25519', fingerprint: ed.truth.fingerprint },
      { line: 1, encoding: 'zip', member: 'a/id_rsa', fingerprint: rsa.truth.fingerprint },
    ]);
  });

  test('a base64 key in the stub is still decoded, and the key in the archive found', () => {
    const stub = `#!/bin/sh\nKEY=${Buffer.from(rsa.text).toString('base64')}\nexit 0\n`;
    const archive = zipOf([{ name: 'id_ed25519', data: Buffer.from(ed.text), deflate: true }]);
    const found = find(Buffer.concat([Buffer.from(stub), archive]));
    expect(identified(found)).toEqual([
      { line: 1, encoding: 'zip', member: 'id_ed25519', fingerprint: ed.truth.fingerprint },
      { line: 2, encoding: 'base64', fingerprint: rsa.truth.fingerprint },
    ]);
  });

  test('a prefixed archive keeps the bomb limit: the bomb refused, the key beside it found', () => {
    const archive = zipOf([
      { name: 'big.bin', data: Buffer.alloc(64 * 1024 * 1024), deflate: true },
      { name: 'id_rsa', data: Buffer.from(rsa.text), deflate: true },
    ]);
    const started = performance.now();
    const found = find(Buffer.concat([randomBytes(4096), archive]));
    expect(performance.now() - started).toBeLessThan(10_000);
    expectKey(found, rsa, { line: 1, encoding: 'zip', member: 'id_rsa' });
    expect(found.warnings.join('\n')).toMatch(/zip member "big\.bin".*decompression bomb/);
  });

  test('a row of archives is held to one archive’s member cap, and says so', () => {
    const tiny = zipOf([{ name: 'note.txt', data: Buffer.from('hello\n') }]);
    const keyZip = zipOf([{ name: 'id_rsa', data: Buffer.from(rsa.text), deflate: true }]);
    // Read from the end, as unzip reads: the archive in front is read last.
    const row = (count: number): Buffer =>
      Buffer.concat([keyZip, ...Array<Buffer>(count).fill(tiny)]);
    const started = performance.now();
    const over = find(row(10_000));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(over.blocks).toEqual([]);
    expect(over.warnings.join('\n')).toMatch(
      /zip archives one after another of more than 10000 members: the rest were not read/,
    );
    // One archive fewer: 10000 members in all, every one read.
    const fits = find(row(9_999));
    expectKey(fits, rsa, { line: 1, encoding: 'zip', member: 'id_rsa' });
    expect(fits.warnings).toEqual([]);
  });

  test('text that holds the end-record signature is not taken for an archive', () => {
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46, 12);
    const text = Buffer.concat([
      Buffer.from(`key: ${Buffer.from(ed.text).toString('base64')}\nnotes: `),
      end,
      Buffer.from('\n'),
    ]);
    expectKey(find(text), ed, { line: 1, encoding: 'base64' });
  });
});

describe('member names never leave their archive', () => {
  test.each([
    ['../src/app.js', 'src/app.js'],
    ['../../../../etc/passwd', 'etc/passwd'],
    ['/etc/ssh/id_rsa', 'etc/ssh/id_rsa'],
    ['./keys//./id_rsa', 'keys/id_rsa'],
    ['a/../../b/id_rsa', 'a/b/id_rsa'],
    ['..\\..\\Windows\\id_rsa', 'Windows/id_rsa'],
    ['..', '?'],
    ['\x1b[2J\r\n::error::x/../k\x07', '?[2J??::error::x/k?'],
  ])('%j is reported as %j', (name, shown) => {
    const found = find(zipOf([{ name, data: Buffer.from(rsa.text), deflate: true }]));
    expectKey(found, rsa, { line: 1, encoding: 'zip', member: shown });
  });

  test('in nested archives, at every level', () => {
    const inner = zipOf([{ name: '../../id_ed25519', data: Buffer.from(ed.text) }]);
    const outer = zipOf([{ name: '/../inner.zip', data: inner, deflate: true }]);
    expectKey(find(outer), ed, { line: 1, encoding: 'zip+zip', member: 'inner.zip!/id_ed25519' });
  });
});
