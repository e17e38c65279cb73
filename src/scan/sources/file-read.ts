/**
 * Reading one file of a tree scan: opened without following a link, read
 * whole into a reused buffer (or streamed when large) and scanned. Shared by
 * the scan's own thread and its worker (parallel-read.ts).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../detector.js';
import { isLfsPointer } from '../lfs.js';

/** Files larger than this are streamed in chunks (scanned in clear only) instead of read whole. */
export const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;
/** Chunk size for streamed files, and the reused read buffer's initial size. */
const CHUNK_BYTES = 1024 * 1024;
/**
 * The entry's type was looked up before it is opened: should it have been
 * swapped since, never follow a link and never block on a FIFO.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface ScannedFile {
  blocks: KeyBlock[];
  bytes: number;
  lfs?: boolean;
}

/** What lstat and a directory listing both tell of an entry. */
export type EntryType = Pick<
  Stats,
  | 'isFile'
  | 'isDirectory'
  | 'isSymbolicLink'
  | 'isFIFO'
  | 'isSocket'
  | 'isBlockDevice'
  | 'isCharacterDevice'
>;

/** What a non-regular entry is, for the warning that it was skipped. */
export function entryKind(info: EntryType): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isBlockDevice() || info.isCharacterDevice()) return 'a device';
  return 'not a file';
}

/**
 * Reads files one after another into one reused buffer, with synchronous
 * calls: on a warm page cache that is about twice as fast as overlapping
 * asynchronous reads, whose thread-pool round trips (open, stat, read,
 * close for each file) cost more than the copying itself.
 */
export class FileReader {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);

  /**
   * The key blocks of a regular file, how many bytes it had and whether it is
   * an LFS pointer; or, for anything else (a FIFO, a directory, a device),
   * what it is, never read. A link is refused by the open itself (ELOOP).
   */
  scan(
    full: string | Buffer,
    onWarning?: (message: string) => void,
  ): ScannedFile | { other: EntryType } {
    const fd = openSync(full, OPEN_FLAGS);
    try {
      // Most files are small: a read tells their length without an fstat (a tenth of a scan's
      // time went to fstat and the Stats object it builds). Anything odd is looked at with fstat.
      const first = this.firstRead(fd);
      if (first === null || first === 0 || first === this.buffer.length)
        return this.sized(fd, first, onWarning);
      // A regular file returns all it has to one read; the next read returns 0 at its end.
      const length = this.fillOrNull(fd, first);
      if (length === null || length === this.buffer.length)
        return this.sized(fd, length, onWarning);
      // Most files hold no marker: one search over the bytes, nothing decoded.
      const bytes = this.buffer.subarray(0, length);
      return { blocks: findKeyBlocks(bytes, onWarning), bytes: length, lfs: isLfsPointer(bytes) };
    } finally {
      closeSync(fd);
    }
  }

  /** The first read's length, or null when reading fails (a directory, a FIFO with a writer, a tty). */
  private firstRead(fd: number): number | null {
    try {
      return readSync(fd, this.buffer, 0, this.buffer.length, null);
    } catch {
      return null;
    }
  }

  /** The buffer filled on from `from`, or null when a read fails (a FIFO whose writer waits). */
  private fillOrNull(fd: number, from: number): number | null {
    try {
      return this.fill(fd, from, this.buffer.length);
    } catch {
      return null;
    }
  }

  /**
   * A file that read nothing, failed to read or filled the buffer, with `held`
   * bytes of it in the buffer: fstat says what it is and how long. Empty
   * files, FIFOs and devices read nothing or fail; large files fill the buffer.
   */
  private sized(
    fd: number,
    held: number | null,
    onWarning?: (message: string) => void,
  ): ScannedFile | { other: EntryType } {
    const info = fstatSync(fd);
    if (!info.isFile()) return { other: info };
    if (held === null) held = this.fill(fd, 0, Math.min(this.buffer.length, info.size + 1));
    if (info.size > WHOLE_FILE_LIMIT || held > info.size) return this.stream(fd, held);
    // One byte more than its size, so that a file that is still growing is noticed.
    if (this.buffer.length < info.size + 1) this.grow(info.size + 1, held);
    const length = held === info.size ? held : this.fill(fd, held, info.size + 1);
    if (length > info.size) return this.stream(fd, length);
    const bytes = this.buffer.subarray(0, length);
    return { blocks: findKeyBlocks(bytes, onWarning), bytes: length, lfs: isLfsPointer(bytes) };
  }

  /** A larger buffer that keeps the first `keep` bytes. */
  private grow(want: number, keep: number): void {
    const size = Math.max(want, Math.min(2 * this.buffer.length, WHOLE_FILE_LIMIT + 1));
    const larger = Buffer.allocUnsafe(size);
    this.buffer.copy(larger, 0, 0, keep);
    this.buffer = larger;
  }

  /** Reads into the buffer from `from` until `to` or the end of the file; the new length. */
  private fill(fd: number, from: number, to: number): number {
    let length = from;
    while (length < to) {
      const read = readSync(fd, this.buffer, length, to - length, null);
      if (read === 0) break;
      length += read;
    }
    return length;
  }

  /**
   * Scans the `held` bytes in the buffer, then the rest of the file in
   * chunks: bounded memory for a file of any size.
   */
  private stream(fd: number, held: number): ScannedFile {
    const scanner = new KeyBlockScanner();
    let bytes = 0;
    // The scanner copies what it keeps, so the buffer is free again once feed returns.
    for (let length = held; length; length = this.fill(fd, 0, CHUNK_BYTES)) {
      scanner.feed(this.buffer.subarray(0, length));
      bytes += length;
    }
    return { blocks: scanner.end(), bytes };
  }
}

/** Why a listed entry was not read, or null when it is read (or silently left alone). */
export function skipReason(file: { gitlink: boolean }, info: EntryType): string | null {
  // Links are not followed: their target is someone else's content.
  if (info.isSymbolicLink()) return null;
  // A checked-out (or empty, uninitialised) submodule is another repository.
  if (file.gitlink && info.isDirectory()) return null;
  return `not a regular file (${entryKind(info)})`;
}

/** What reading one listed file gave: its warnings in order, and its scan when it was read. */
export interface ReadOutcome {
  warnings: string[];
  read?: ScannedFile;
  /**
   * It is there and could not be read (EACCES, EIO, …): the scan did not
   * see what it holds. Never set for a file that is gone, a link, or no file.
   */
  unreadable?: true;
}

/** Open's codes for a path that is not there (any more): nothing to read, no error. */
export function isGone(code: string | undefined): boolean {
  // ENOTDIR: a directory on the way is a file now, so the path is gone as with ENOENT.
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A listed file as the reading needs it (a worker thread gets these). */
export interface FileToRead {
  full: string | Buffer;
  /** The path reports name. */
  path: string;
  gitlink: boolean;
}

/**
 * Reads and scans one listed file; what cannot be read becomes a warning
 * (or nothing, when it is gone or a link), and is marked `unreadable`
 * unless it is no file at all.
 */
export function readListed(reader: FileReader, file: FileToRead): ReadOutcome {
  const warnings: string[] = [];
  const { path } = file;
  try {
    const read = reader.scan(file.full, (message) => warnings.push(`${path}: ${message}`));
    if ('other' in read) {
      const reason = skipReason(file, read.other);
      if (reason) warnings.push(`skipped ${path}: ${reason}`);
      return { warnings };
    }
    return { warnings, read };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Deleted since the index listed it, or a link (O_NOFOLLOW): nothing to read.
    if (isGone(code) || code === 'ELOOP') return { warnings };
    // A socket cannot be opened at all: say what it is (skipped, as a FIFO is).
    const info = code === 'ENXIO' ? lstatSync(file.full, { throwIfNoEntry: false }) : undefined;
    if (info && !info.isFile()) {
      const reason = skipReason(file, info);
      if (reason) warnings.push(`skipped ${path}: ${reason}`);
      return { warnings };
    }
    // There and not readable: the scan cannot say what it holds.
    warnings.push(`skipped ${path}: ${code ?? (error as Error).message}`);
    return { warnings, unreadable: true };
  }
}

/**
 * Scans one file named on the command line. The name is the user's choice:
 * a link is followed here (never inside a scanned directory).
 */
export function scanFile(
  full: string,
  onWarning?: (message: string) => void,
): { blocks: KeyBlock[]; bytes: number; lfs: boolean } {
  const read = new FileReader().scan(full, onWarning);
  // The caller checked that it is a file; should it have changed since, it is not read.
  if ('other' in read) throw new Error(`not a regular file (${entryKind(read.other)})`);
  return { blocks: read.blocks, bytes: read.bytes, lfs: read.lfs ?? false };
}
