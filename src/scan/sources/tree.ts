import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
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

/** Tracked files when `dir` is in a git work tree (as the index lists them), every file otherwise. */
async function listFiles(dir: string): Promise<string[]> {
  if (await workTreeRoot(dir)) {
    const out = await runGit(dir, ['ls-files', '-z', '--cached', '--full-name', '--', '.']);
    const prefix = (await runGit(dir, ['rev-parse', '--show-prefix'])).toString('utf8').trim();
    return out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((path) => (prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path));
  }
  const files: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory() && entry.name !== '.git') await walk(full);
      else if (entry.isFile()) files.push(relative(dir, full).split(sep).join('/'));
    }
  };
  await walk(dir);
  return files;
}

async function scanLargeFile(file: string): Promise<KeyBlock[]> {
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
  const files = await listFiles(dir);
  const stats: TreeScanStats = { filesScanned: 0, bytesScanned: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const path = files[next++] as string;
      const full = join(dir, path);
      try {
        const info = await lstat(full);
        // Symlinks, sockets and submodule directories are not file content.
        if (!info.isFile()) continue;
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
