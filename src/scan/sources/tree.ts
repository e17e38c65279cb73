import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
} from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { sep } from 'node:path';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../detector.js';
import { runGit } from '../git.js';
import { isLfsPointer } from '../lfs.js';

/** Files larger than this are streamed in chunks instead of read whole. */
const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;
/** Chunk size for streamed files, and the reused read buffer's initial size. */
const CHUNK_BYTES = 1024 * 1024;
/**
 * The entry's type was looked up before it is opened: should it have been
 * swapped since, never follow a link and never block on a FIFO.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface TreeScanStats {
  filesScanned: number;
  bytesScanned: number;
  /** Files that are Git LFS pointers: the content they stand for is not checked out. */
  lfsPointers: number;
}

export interface TreeScanOptions {
  /** Read the files git tracks (as the index lists them) rather than every file. */
  tracked: boolean;
  /**
   * Put before every reported path: the scanned directory's path from the top
   * of its work tree, so that reports, ignore rules and history scans agree.
   */
  prefix: string;
}

export type FileHitHandler = (path: string, blocks: KeyBlock[]) => void;

interface ScannedFile {
  blocks: KeyBlock[];
  bytes: number;
  lfs?: boolean;
}

interface ListedFile {
  /** Relative to the scanned directory, `/`-separated, for reports. */
  path: string;
  /**
   * The path to open: a string when the name is valid UTF-8, else its raw
   * bytes (a name that is not valid UTF-8 cannot be opened by its decoded `path`).
   */
  full: string | Buffer;
  /** A submodule entry (mode 160000): its directory belongs to another repository. */
  gitlink: boolean;
  /** Its type, when the directory walk that found it already knows it. */
  entry?: Dirent<Buffer>;
  /** Its path's bytes relative to the scanned directory, when git listed it. */
  raw?: Buffer;
}

const NUL = 0;
const TAB = 9;
const SLASH = Buffer.from('/');
const GITLINK_MODE = Buffer.from('160000 ');

/** `root` + `raw` as a path to open: a string is cheaper to build and to pass than a Buffer. */
function fullPath(root: string, rootBytes: Buffer, raw: Buffer, utf8: string): string | Buffer {
  return isUtf8(raw) ? root + utf8 : Buffer.concat([rootBytes, raw]);
}

/** `git ls-files` in `dir`: the index's entries beneath it, paths relative to it. */
function gitListing(dir: string): Promise<Buffer> {
  return runGit(dir, ['ls-files', '-z', '--stage', '--', '.']);
}

/**
 * Tracked files (as the index lists them) or every non-directory entry
 * (symlinks are not followed, no `.git` is entered).
 */
async function listFiles(
  dir: string,
  tracked: boolean,
  onWarning: (message: string) => void,
): Promise<ListedFile[]> {
  const root = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  const rootBytes = Buffer.from(root);
  if (tracked) {
    const out = await gitListing(dir);
    const files: ListedFile[] = [];
    let previous: Buffer | null = null;
    let at = 0;
    while (at < out.length) {
      const nul = out.indexOf(NUL, at);
      const end = nul === -1 ? out.length : nul;
      const entry = out.subarray(at, end);
      at = end + 1;
      // `<mode> <object> <stage>\t<path>`; a conflicted path is listed once per stage, in a row.
      const tab = entry.indexOf(TAB);
      if (tab === -1) continue;
      const raw = entry.subarray(tab + 1);
      if (previous?.equals(raw)) continue;
      previous = raw;
      const path = raw.toString('utf8');
      files.push({
        path,
        full: fullPath(root, rootBytes, raw, path),
        gitlink: entry.subarray(0, GITLINK_MODE.length).equals(GITLINK_MODE),
        raw,
      });
    }
    return files;
  }
  const files: ListedFile[] = [];
  const walk = (current: Buffer, relative: Buffer): void => {
    let entries: Dirent<Buffer>[];
    try {
      entries = readdirSync(current, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      // The directory asked for must be readable; one below it is skipped like a file.
      if (!relative.length) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      onWarning(`skipped ${relative.toString('utf8')}/: ${code}`);
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const full = Buffer.concat([current, SLASH, name]);
      const rel = relative.length ? Buffer.concat([relative, SLASH, name]) : name;
      if (entry.isDirectory()) {
        if (name.toString('latin1') !== '.git') walk(full, rel);
      } else if (!entry.isSymbolicLink()) {
        // Regular files, and FIFOs, sockets and devices so that skipping them is reported.
        files.push({ path: rel.toString('utf8'), full, gitlink: false, entry });
      }
    }
  };
  walk(Buffer.from(dir), Buffer.alloc(0));
  return files;
}

/** What lstat and a directory listing both tell of an entry. */
type EntryType = Pick<
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
function entryKind(info: EntryType): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isBlockDevice() || info.isCharacterDevice()) return 'a device';
  return 'not a file';
}

/**
 * Which directories on the way to a listed file are symbolic links. Opening
 * `a/b/key` follows `a` and `b` should either be a link (O_NOFOLLOW guards
 * only the last name), so every directory on the way is checked once, with
 * one lstat per directory.
 */
class DirectoryLinks {
  /** Per directory key (Latin-1 of its path bytes with a final `/`): the first link on its way, or null. */
  private readonly links = new Map<string, string | null>([['', null]]);

  constructor(private readonly root: Buffer) {}

  /** The key of the directory that is a link on the way to `raw`, or null when there is none. */
  behind(raw: Buffer): string | null {
    const slash = raw.lastIndexOf(SLASH[0] as number);
    return slash === -1 ? null : this.linkOnWay(raw.toString('latin1', 0, slash + 1));
  }

  private linkOnWay(key: string): string | null {
    const known = this.links.get(key);
    if (known !== undefined) return known;
    const parent = key.slice(0, key.lastIndexOf('/', key.length - 2) + 1);
    let link = this.linkOnWay(parent);
    if (link === null) {
      // Without the final `/`: lstat of `link/` would follow the link.
      const path = Buffer.concat([this.root, Buffer.from(key.slice(0, -1), 'latin1')]);
      if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) link = key;
    }
    this.links.set(key, link);
    return link;
  }
}

/**
 * Reads files one after another into one reused buffer, with synchronous
 * calls: on a warm page cache that is about twice as fast as overlapping
 * asynchronous reads, whose thread-pool round trips (open, stat, read,
 * close for each file) cost more than the copying itself.
 */
class FileReader {
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
      const info = fstatSync(fd);
      if (!info.isFile()) return { other: info };
      if (info.size > WHOLE_FILE_LIMIT) return this.stream(fd, this.fill(fd, 0, CHUNK_BYTES));
      // One byte more than its size, so that a file that is still growing is noticed.
      if (this.buffer.length < info.size + 1) this.grow(info.size + 1, 0);
      const length = this.fillSized(fd, info.size);
      if (length > info.size) return this.stream(fd, length);
      // Most files hold no marker: one search over the bytes, nothing decoded.
      const bytes = this.buffer.subarray(0, length);
      return { blocks: findKeyBlocks(bytes, onWarning), bytes: length, lfs: isLfsPointer(bytes) };
    } finally {
      closeSync(fd);
    }
  }

  /** A larger buffer that keeps the first `keep` bytes. */
  private grow(want: number, keep: number): void {
    const size = Math.max(want, Math.min(2 * this.buffer.length, WHOLE_FILE_LIMIT + 1));
    const larger = Buffer.allocUnsafe(size);
    this.buffer.copy(larger, 0, 0, keep);
    this.buffer = larger;
  }

  /**
   * Reads a file of `size` bytes (by fstat) into the buffer, asking for one
   * byte more so that a file still growing is noticed; the length read. A
   * local file returns all it has to one read: when that is exactly `size`
   * bytes the end is reached, and the second read (which would return 0, a
   * system call per file) is skipped. A short read reads on as `fill` does.
   */
  private fillSized(fd: number, size: number): number {
    const first = readSync(fd, this.buffer, 0, size + 1, null);
    if (first === size || first === 0) return first;
    return this.fill(fd, first, size + 1);
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
function skipReason(file: ListedFile, info: EntryType): string | null {
  // Links are not followed: their target is someone else's content.
  if (info.isSymbolicLink()) return null;
  // A checked-out (or empty, uninitialised) submodule is another repository.
  if (file.gitlink && info.isDirectory()) return null;
  return `not a regular file (${entryKind(info)})`;
}

/**
 * Scans the files of a directory. Unreadable files are reported through
 * `onWarning` and skipped; the scan goes on.
 */
export async function scanTree(
  dir: string,
  options: TreeScanOptions,
  onHit: FileHitHandler,
  onWarning: (message: string) => void,
  onProgress?: (filesDone: number, filesTotal: number) => void,
): Promise<TreeScanStats> {
  const files = await listFiles(dir, options.tracked, onWarning);
  const stats: TreeScanStats = { filesScanned: 0, bytesScanned: 0, lfsPointers: 0 };
  const links = new DirectoryLinks(Buffer.from(dir.endsWith(sep) ? dir : `${dir}${sep}`));
  const reader = new FileReader();
  const linksWarned = new Set<string>();
  for (let index = 0; index < files.length; index++) {
    const file = files[index] as ListedFile;
    const path = options.prefix + file.path;
    onProgress?.(index + 1, files.length);
    // A directory replaced by a link would lead the scan out of the tree.
    const link = file.raw ? links.behind(file.raw) : null;
    if (link !== null) {
      if (!linksWarned.has(link)) {
        linksWarned.add(link);
        const shown = Buffer.from(link.slice(0, -1), 'latin1').toString('utf8');
        onWarning(
          `skipped ${options.prefix}${shown}/: a symbolic link to a directory (not followed)`,
        );
      }
      continue;
    }
    // The directory walk already knows the type: nothing but files is opened.
    if (file.entry && !file.entry.isFile()) {
      const reason = skipReason(file, file.entry);
      if (reason) onWarning(`skipped ${path}: ${reason}`);
      continue;
    }
    try {
      const read = reader.scan(file.full, (message) => onWarning(`${path}: ${message}`));
      if ('other' in read) {
        const reason = skipReason(file, read.other);
        if (reason) onWarning(`skipped ${path}: ${reason}`);
        continue;
      }
      stats.filesScanned++;
      stats.bytesScanned += read.bytes;
      if (read.lfs) stats.lfsPointers++;
      if (read.blocks.length) onHit(path, read.blocks);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Deleted since the index listed it, or a link (O_NOFOLLOW): nothing to read.
      if (code === 'ENOENT' || code === 'ELOOP') continue;
      // A socket cannot be opened at all: say what it is.
      const info = code === 'ENXIO' ? lstatSync(file.full, { throwIfNoEntry: false }) : undefined;
      onWarning(
        `skipped ${path}: ${info ? skipReason(file, info) : (code ?? (error as Error).message)}`,
      );
    }
  }
  return stats;
}

/**
 * Scans one file named on the command line. The name is the user's choice:
 * a link is followed here (never inside a scanned directory).
 */
export function scanFile(full: string): { blocks: KeyBlock[]; bytes: number; lfs: boolean } {
  const read = new FileReader().scan(full);
  // The caller checked that it is a file; should it have changed since, it is not read.
  if ('other' in read) throw new Error(`not a regular file (${entryKind(read.other)})`);
  return { blocks: read.blocks, bytes: read.bytes, lfs: read.lfs ?? false };
}
