import { createReadStream, fstatSync, statSync, type Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../detector.js';
import { errnoReason, ScanInputError, shownPath } from '../place.js';
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

/** `scan -` with standard input closed (`<&-`) or `/dev/null`: nothing to read, so no scan. */
export const STDIN_NULL = 'standard input is closed or /dev/null: nothing to scan';

/** The warning, and the reason the scan is incomplete, when standard input held nothing. */
export const STDIN_EMPTY = 'standard input was empty (0 bytes): nothing was scanned';

/** The same for a pipe or device named as PATH (`scan <(cmd)`, a FIFO): a failed writer writes nothing. */
export function streamEmpty(shown: string): string {
  return `${shown} was empty (0 bytes): nothing was scanned`;
}

/** A PATH that is the null device: it could only read nothing, so there is no scan. */
export function nullDevicePath(shown: string): string {
  return `${shown} is the null device: nothing to scan`;
}

/**
 * True when `info` (standard input's) is the null device. Node opens
 * `/dev/null` for a descriptor 0 that is closed when it starts (`<&-`), so
 * this is also how a closed standard input looks. Compared by device number
 * (a container's `/dev/null` may be another node for the same device), or
 * by file; false where there is no `/dev/null` (Windows).
 */
export function isNullDevice(info: Stats): boolean {
  if (!info.isCharacterDevice()) return false;
  let nul: Stats;
  try {
    nul = statSync('/dev/null');
  } catch {
    return false;
  }
  if (!nul.isCharacterDevice()) return false;
  return info.rdev === nul.rdev || (info.dev === nul.dev && info.ino === nul.ino);
}

/**
 * The process's standard input as a stream that fails when it cannot be
 * read. Node's own `process.stdin` is an empty stream for a descriptor it
 * does not know (a directory, a block device): that would pass for a clean
 * scan. A directory is refused, and so is the null device (standard input
 * closed, or `< /dev/null`): a scan of it could only read nothing. A block
 * device is read as a file is.
 */
function processStdin(): Readable {
  let info;
  try {
    info = fstatSync(0);
  } catch (error) {
    throw new ScanInputError(`cannot read standard input: ${errnoReason(error)}`);
  }
  if (info.isDirectory())
    throw new ScanInputError('cannot read standard input: it is a directory (EISDIR)');
  if (isNullDevice(info)) throw new ScanInputError(STDIN_NULL);
  if (info.isBlockDevice()) return createReadStream('', { fd: 0, autoClose: false });
  return process.stdin;
}

/**
 * Scans standard input (`scan -`), or `input` in its place. Any read error
 * is a ScanInputError: input that could not be read is never reported clean.
 */
export async function scanStdin(
  input: Readable | undefined,
  onWarning?: (message: string) => void,
): Promise<{ blocks: KeyBlock[]; bytes: number }> {
  const stream = input ?? processStdin();
  try {
    return await scanStream(stream, onWarning);
  } catch (error) {
    throw new ScanInputError(`cannot read standard input: ${errnoReason(error)}`);
  }
}

/**
 * Scans a pipe or a device named on the command line (`scan <(cmd)`, a
 * FIFO, `/dev/null`) as standard input is scanned: a stream, with bounded
 * memory. Opening a FIFO waits for its writer, as any reader of one does.
 */
export async function scanNamedStream(
  path: string,
  onWarning?: (message: string) => void,
): Promise<{ blocks: KeyBlock[]; bytes: number }> {
  try {
    return await scanStream(createReadStream(path), onWarning);
  } catch (error) {
    throw new ScanInputError(`cannot read ${shownPath(path)}: ${errnoReason(error)}`);
  }
}
