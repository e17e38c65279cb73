import type { Readable } from 'node:stream';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../detector.js';
import { WHOLE_FILE_LIMIT } from './file-read.js';

/**
 * Scans a stream (standard input) as a file of the same size is scanned:
 * held whole and decoded (base64, gzip, zip, UTF-16, …) up to the size a
 * file is read whole, in clear and in chunks beyond it, so that memory stays
 * bounded whatever its length.
 */
export async function scanStream(
  input: Readable,
  onWarning?: (message: string) => void,
): Promise<{ blocks: KeyBlock[]; bytes: number }> {
  const held: Buffer[] = [];
  let bytes = 0;
  let scanner: KeyBlockScanner | null = null;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buffer.length;
    if (scanner) {
      scanner.feed(buffer);
      continue;
    }
    held.push(buffer);
    if (bytes <= WHOLE_FILE_LIMIT) continue;
    scanner = new KeyBlockScanner();
    for (const part of held.splice(0)) scanner.feed(part);
  }
  if (scanner) return { blocks: scanner.end(), bytes };
  return { blocks: findKeyBlocks(Buffer.concat(held, bytes), onWarning), bytes };
}
