/**
 * The pack reader's inflater (src/scan/pack/inflate-exact.ts) reuses one zlib
 * stream through Node's internal handle. It must give exactly what
 * `inflateSync` gives, reject every broken or wrongly sized entry, and keep
 * working after a rejection; with the handle refused (EC2KR_INFLATE=sync) the
 * fallback must behave the same.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, deflateSync, gzipSync, inflateSync } from 'node:zlib';
import { afterEach, describe, expect, test, vi } from 'vitest';

type Inflate = (compressed: Buffer, size: number) => Buffer;

/** A fresh copy of the module, loaded with EC2KR_INFLATE as given; checks which inflater it chose. */
async function inflaterWith(mode: string | undefined): Promise<Inflate> {
  vi.resetModules();
  if (mode === undefined) delete process.env['EC2KR_INFLATE'];
  else process.env['EC2KR_INFLATE'] = mode;
  const module = await import('../../src/scan/pack/inflate-exact.js');
  // The mode is read on first use: settle it now, while the variable is set.
  expect(module.inflaterKind()).toBe(mode === 'sync' ? 'sync' : 'reused');
  return module.inflateExactly;
}

/** The error class of the module copy loaded last (each copy has its own). */
async function packFormatError(): Promise<new (...args: never[]) => Error> {
  return (await import('../../src/scan/pack/format.js')).PackFormatError;
}

afterEach(() => {
  delete process.env['EC2KR_INFLATE'];
});

/** Text that compresses like source code, and bytes that do not compress at all. */
function contents(): Buffer[] {
  const words = ['const', 'return', 'key', 'value', '=>', '{', '}', '\n', 'import', 'from'];
  const text = (length: number): Buffer => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < length; i++) {
      const word = words[(i * 7 + (i >> 3)) % words.length] as string;
      parts.push(word);
      size += word.length + 1;
    }
    return Buffer.from(parts.join(' ').slice(0, length));
  };
  return [
    Buffer.alloc(0),
    Buffer.from('a'),
    text(100),
    text(70_000),
    randomBytes(5_000),
    randomBytes(300_000),
    Buffer.concat([randomBytes(20_000), text(2_000_000)]),
  ];
}

describe.each([
  ['the reused stream', undefined],
  ['the inflateSync fallback', 'sync'],
])('%s', (_name, mode) => {
  test('gives what inflateSync gives, at every size and compression level', async () => {
    const inflate = await inflaterWith(mode);
    for (const content of contents())
      for (const level of [0, 1, 9]) {
        const compressed = deflateSync(content, { level });
        const out = inflate(compressed, content.length);
        expect(out.length).toBe(content.length);
        expect(out.equals(inflateSync(compressed))).toBe(true);
      }
  });

  test('rejects broken and wrongly sized entries, and keeps working after each', async () => {
    const inflate = await inflaterWith(mode);
    const PackFormatError = await packFormatError();
    const content = Buffer.from('the same entry after every failure\n'.repeat(500));
    const good = deflateSync(content);
    const flipped = Buffer.from(good);
    flipped[good.length >> 1] = (flipped[good.length >> 1] as number) ^ 0xff;
    const broken: [string, Buffer, number][] = [
      ['cut in the middle', good.subarray(0, good.length >> 1), content.length],
      ['cut before its checksum', good.subarray(0, good.length - 2), content.length],
      ['no zlib header (raw deflate)', deflateRawSync(content), content.length],
      ['gzip, not zlib', gzipSync(content), content.length],
      ['empty', Buffer.alloc(0), content.length],
      ['garbage', randomBytes(64), content.length],
      ['a flipped byte', flipped, content.length],
      ['declared one byte short', good, content.length - 1],
      ['declared one byte long', good, content.length + 1],
      ['declared empty', good, 0],
    ];
    for (const [what, compressed, size] of broken) {
      let thrown: unknown = null;
      try {
        inflate(compressed, size);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, what).toBeInstanceOf(PackFormatError);
      expect(inflate(good, content.length).equals(content), `after: ${what}`).toBe(true);
    }
  });

  test('an entry followed by other bytes gives the entry (pack data is cut by offsets)', async () => {
    const inflate = await inflaterWith(mode);
    const content = Buffer.from('first entry\n'.repeat(40));
    const next = deflateSync(Buffer.from('the next entry'));
    const out = inflate(Buffer.concat([deflateSync(content), next]), content.length);
    expect(out.equals(content)).toBe(true);
  });
});

test('each entry gets its own buffer: an earlier result is never overwritten', async () => {
  const inflate = await inflaterWith(undefined);
  const first = Buffer.from('first '.repeat(1000));
  const second = Buffer.from('second '.repeat(1000));
  const a = inflate(deflateSync(first), first.length);
  const b = inflate(deflateSync(second), second.length);
  expect(a.equals(first)).toBe(true);
  expect(b.equals(second)).toBe(true);
});
