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

interface Listing {
  /** Latin-1 of the directory's path bytes relative to the scanned one, with a final `/` ('' for it). */
  key: string;
  /** Its entries by Latin-1 name (byte for byte), or null when it cannot be listed. */
  entries: Map<string, Dirent> | null;
  /** The key of a directory on its way that is a symbolic link, if any: nothing under it is read. */
  link: string | null;
}

/** A file under a directory that is a symbolic link: `link` is that directory's key. */
export interface BehindLink {
  link: string;
}

/**
 * The types of the files git lists, from one listing of each directory: a
 * few hundred readdir calls instead of an lstat for every file. Opening
 * `a/b/key` follows `a` and `b` should either be a link (O_NOFOLLOW guards
 * only the last name), so every directory on the way is checked once.
 */
class DirectoryTypes {
  /** The directories on the way to the current file; git lists a directory's files together. */
  private readonly open: Listing[] = [];
  /** Per directory key: the key of the first link on its way, or null when there is none. */
  private readonly links = new Map<string, string | null>([['', null]]);

  constructor(private readonly root: Buffer) {}

  /** The entry for `raw`, null when its directory does not list it (lstat it then), or the link it is behind. */
  typeOf(raw: Buffer): Dirent | BehindLink | null {
    const slash = raw.lastIndexOf(SLASH[0] as number);
    const key = slash === -1 ? '' : raw.toString('latin1', 0, slash + 1);
    let top = this.open.at(-1);
    while (top && !key.startsWith(top.key)) {
      this.open.pop();
      top = this.open.at(-1);
    }
    if (top?.key !== key) {
      const link = this.linkOnWay(key);
      top = { key, entries: link === null ? this.list(key) : null, link };
      this.open.push(top);
    }
    if (top.link !== null) return { link: top.link };
    return top.entries?.get(raw.toString('latin1', slash + 1)) ?? null;
  }

  /** The first directory on the way to `key` (itself included) that is a symbolic link. */
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

  private list(key: string): Map<string, Dirent> | null {
    try {
      const dir = Buffer.concat([this.root, Buffer.from(key, 'latin1')]);
      const entries = readdirSync(dir, { withFileTypes: true, encoding: 'latin1' });
      return new Map(entries.map((entry) => [entry.name, entry]));
    } catch {
      // Each file is looked at on its own then, and its own error reported.
      return null;
    }
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

  /** The key blocks of a regular file, how many bytes it had, and whether it is an LFS pointer. */
  scan(full: string | Buffer): { blocks: KeyBlock[]; bytes: number; lfs?: boolean } {
    const fd = openSync(full, OPEN_FLAGS);
    try {
      let length = this.fill(fd, 0, this.buffer.length);
      if (length === this.buffer.length) {
        // Only a file that fills the buffer is worth a stat: is it to be read whole?
        const size = fstatSync(fd).size;
        if (size >= length && size <= WHOLE_FILE_LIMIT) {
          // One byte more than its size, so that a file that is still growing is noticed.
          this.grow(size + 1, length);
          length = this.fill(fd, length, this.buffer.length);
        }
      }
      // Most files hold no marker: one search over the bytes, nothing decoded.
      if (length < this.buffer.length) {
        const bytes = this.buffer.subarray(0, length);
        return { blocks: findKeyBlocks(bytes), bytes: length, lfs: isLfsPointer(bytes) };
      }
      return this.stream(fd, length);
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
  private stream(fd: number, held: number): { blocks: KeyBlock[]; bytes: number } {
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

/** Lstat, through the directory listings when git listed the file. */
function typeOf(file: ListedFile, types: DirectoryTypes): EntryType | BehindLink | undefined {
  return (
    file.entry ??
    (file.raw && types.typeOf(file.raw)) ??
    lstatSync(file.full, { throwIfNoEntry: false })
  );
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
  const types = new DirectoryTypes(Buffer.from(dir.endsWith(sep) ? dir : `${dir}${sep}`));
  const reader = new FileReader();
  const linksWarned = new Set<string>();
  for (let index = 0; index < files.length; index++) {
    const file = files[index] as ListedFile;
    const path = options.prefix + file.path;
    try {
      // No entry at all: a file the index lists but the work tree lacks was deleted.
      const info = typeOf(file, types);
      if (info && 'link' in info) {
        // A directory replaced by a link would lead the scan out of the tree.
        if (!linksWarned.has(info.link)) {
          linksWarned.add(info.link);
          const link = Buffer.from(info.link.slice(0, -1), 'latin1').toString('utf8');
          onWarning(
            `skipped ${options.prefix}${link}/: a symbolic link to a directory (not followed)`,
          );
        }
      } else if (info && !info.isSymbolicLink()) {
        // Links to files are not followed either: their target is someone else's content.
        if (!info.isFile()) {
          // A checked-out (or empty, uninitialised) submodule is another repository.
          if (!(file.gitlink && info.isDirectory()))
            onWarning(`skipped ${path}: not a regular file (${entryKind(info)})`);
        } else {
          const { blocks, bytes, lfs } = reader.scan(file.full);
          stats.filesScanned++;
          stats.bytesScanned += bytes;
          if (lfs) stats.lfsPointers++;
          if (blocks.length) onHit(path, blocks);
        }
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') onWarning(`skipped ${path}: ${code ?? (error as Error).message}`);
    }
    onProgress?.(index + 1, files.length);
  }
  return stats;
}

/**
 * Scans one file named on the command line. The name is the user's choice:
 * a link is followed here (never inside a scanned directory).
 */
export function scanFile(full: string): { blocks: KeyBlock[]; bytes: number; lfs: boolean } {
  const { blocks, bytes, lfs } = new FileReader().scan(full);
  return { blocks, bytes, lfs: lfs ?? false };
}
