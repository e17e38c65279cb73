import type { Readable } from 'node:stream';
import { KeyBlockScanner, type KeyBlock } from '../detector.js';

/** Scans a stream (standard input) in chunks: bounded memory whatever its length. */
export async function scanStream(input: Readable): Promise<{ blocks: KeyBlock[]; bytes: number }> {
  const scanner = new KeyBlockScanner();
  let bytes = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buffer.length;
    scanner.feed(buffer);
  }
  return { blocks: scanner.end(), bytes };
}
