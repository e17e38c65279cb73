import { createReadStream } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../detector.js';
import { runGit, workTreeRoot } from '../git.js';

/** Files larger than this are streamed in chunks instead of read whole. */
const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;
const CONCURRENCY = 16;

export interface TreeScanStats {
  filesScanned: number;
  bytesScanned: number;
}

export type FileHitHandler = (path: string, blocks: KeyBlock[]) => void;

interface ListedFile {
  /** Relative to the scanned directory, `/`-separated, for reports. */
  path: string;
  /**
   * The file's own bytes as a path to open. File names are bytes: one that
   * is not valid UTF-8 cannot be opened by its decoded `path`.
   */
  full: Buffer;
  /** A submodule entry (mode 160000): its directory belongs to another repository. */
  gitlink: boolean;
}

const NUL = 0;
const TAB = 9;
const SLASH = Buffer.from('/');

/**
 * Tracked files when `dir` is in a git work tree (as the index lists them),
 * every non-directory entry otherwise (symlinks are not followed, `.git` is
 * not entered).
 */
async function listFiles(dir: string, onWarning: (message: string) => void): Promise<ListedFile[]> {
  const root = Buffer.from(dir.endsWith(sep) ? dir : `${dir}${sep}`);
  if (await workTreeRoot(dir)) {
    const out = await runGit(dir, ['ls-files', '-z', '--stage', '--full-name', '--', '.']);
    // --show-prefix ends in a newline; the prefix itself is raw bytes like the paths.
    const prefix = (await runGit(dir, ['rev-parse', '--show-prefix'])).subarray(0, -1);
    const files = new Map<string, ListedFile>();
    let at = 0;
    while (at < out.length) {
      const nul = out.indexOf(NUL, at);
      const end = nul === -1 ? out.length : nul;
      const entry = out.subarray(at, end);
      at = end + 1;
      // `<mode> <object> <stage>\t<path>`; a conflicted path is listed once per stage.
      const tab = entry.indexOf(TAB);
      if (tab === -1) continue;
      let raw = entry.subarray(tab + 1);
      if (prefix.length && raw.subarray(0, prefix.length).equals(prefix))
        raw = raw.subarray(prefix.length);
      const key = raw.toString('latin1');
      if (files.has(key)) continue;
      files.set(key, {
        path: raw.toString('utf8'),
        full: Buffer.concat([root, raw]),
        gitlink: entry.subarray(0, 7).toString('latin1') === '160000 ',
      });
    }
    return [...files.values()];
  }
  const files: ListedFile[] = [];
  const walk = async (current: Buffer, relative: Buffer): Promise<void> => {
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(current, { withFileTypes: true, encoding: 'buffer' });
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
        if (name.toString('latin1') !== '.git') await walk(full, rel);
      } else if (!entry.isSymbolicLink()) {
        // Regular files, and FIFOs, sockets and devices so that skipping them is reported.
        files.push({ path: rel.toString('utf8'), full, gitlink: false });
      }
    }
  };
  await walk(Buffer.from(dir), Buffer.alloc(0));
  return files;
}

/** What a non-regular entry is, for the warning that it was skipped. */
function entryKind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isBlockDevice() || info.isCharacterDevice()) return 'a device';
  return 'not a file';
}

async function scanLargeFile(file: Buffer): Promise<KeyBlock[]> {
  const scanner = new KeyBlockScanner();
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    scanner.feed(chunk as Buffer);
  }
  return scanner.end();
}

/**
 * Scans the files of a directory. Unreadable files are reported through
 * `onWarning` and skipped; the scan goes on.
 */
export async function scanTree(
  dir: string,
  onHit: FileHitHandler,
  onWarning: (message: string) => void,
  onProgress?: (filesDone: number, filesTotal: number) => void,
): Promise<TreeScanStats> {
  const files = await listFiles(dir, onWarning);
  const stats: TreeScanStats = { filesScanned: 0, bytesScanned: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as ListedFile;
      const { path, full } = file;
      try {
        const info = await lstat(full);
        // Links are not followed: their target is someone else's content.
        if (info.isSymbolicLink()) continue;
        if (!info.isFile()) {
          // A checked-out (or empty, uninitialised) submodule is another repository.
          if (!(file.gitlink && info.isDirectory()))
            onWarning(`skipped ${path}: not a regular file (${entryKind(info)})`);
          continue;
        }
        const blocks =
          info.size > WHOLE_FILE_LIMIT
            ? await scanLargeFile(full)
            : findKeyBlocks(await readFile(full));
        stats.filesScanned++;
        stats.bytesScanned += info.size;
        if (blocks.length) onHit(path, blocks);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A file the index lists but the work tree lacks was deleted: nothing to scan.
        if (code !== 'ENOENT') onWarning(`skipped ${path}: ${code ?? (error as Error).message}`);
      }
      onProgress?.(next, files.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return stats;
}
