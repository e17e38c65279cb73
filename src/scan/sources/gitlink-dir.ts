/**
 * A directory scanned from inside a submodule directory that holds no
 * repository (`scan repo/sm/deep`, where `sm` is a gitlink, mode 160000,
 * with no `.git`: not initialised, files copied in). Git runs there in the
 * superproject, which tracks nothing below `sm` and calls its files
 * untracked: a tree scan of the tracked files would read none of them. A
 * whole-tree scan reads such a directory as files on disk (./tree.ts); so
 * does a scan of a directory inside it, with the same paths and the same note.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyBlock } from '../detector.js';
import type { RepositoryPlace } from '../git.js';
import { streamGit } from '../git-stream.js';
import type { Incomplete, ScanOptions } from '../scan.js';
import { gitlinkNote, scanTree, treeCounts } from './tree.js';

const NUL = 0;
const TAB = 9;
const GITLINK_MODE = '160000 ';

/** Thrown by the listing's chunk handler once its first entry is in: git is stopped, not read to its end. */
class Enough extends Error {}

/**
 * The first index entry at or below `path` (from the top of the work tree),
 * as `<mode> <object> <stage>\t<path>`; null when there is none. Git is
 * stopped once it is in: a directory with many files is not listed whole.
 */
async function firstEntry(dir: string, path: string): Promise<string | null> {
  const held: Buffer[] = [];
  const args = ['ls-files', '-z', '--stage', '--full-name', '--', `:(top,literal)${path}`];
  try {
    await streamGit(dir, args, (chunk) => {
      held.push(chunk);
      if (chunk.includes(NUL)) throw new Enough();
    });
  } catch (error) {
    if (!(error instanceof Enough)) throw error;
  }
  const out = Buffer.concat(held);
  if (!out.length) return null;
  const nul = out.indexOf(NUL);
  return out.toString('utf8', 0, nul === -1 ? out.length : nul);
}

/**
 * The submodule directory without a repository that the work-tree
 * directory `dir` lies below (not `dir` itself: a tree scan reads that one
 * already), as its path from the top of the work tree (`sm`); null when
 * there is none, or it cannot be told. The directories above `dir` are
 * asked about from the nearest: the first that holds tracked files ends the
 * search, as no submodule entry can have any below it.
 */
export async function gitlinkAbove(dir: string, place: RepositoryPlace): Promise<string | null> {
  if (place.kind !== 'work-tree' || place.top === null) return null;
  const names = place.prefix.split('/').filter(Boolean);
  for (let depth = names.length - 1; depth >= 1; depth--) {
    const above = names.slice(0, depth).join('/');
    const entry = await firstEntry(dir, above).catch(() => null);
    if (entry === null) continue;
    const tab = entry.indexOf(String.fromCharCode(TAB));
    if (!entry.startsWith(GITLINK_MODE) || entry.slice(tab + 1) !== above) return null;
    // With a `.git` it is a repository of its own (git would have run in it): not this case.
    try {
      const gitDir = lstatSync(join(place.top, above, '.git'), { throwIfNoEntry: false });
      return gitDir === undefined ? above : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Scans `dir`, below the submodule directory `gitlink` that holds no
 * repository: every file there, as a whole-tree scan reads that directory's
 * (no link followed, no `.git` entered), named from the top of the work
 * tree (`prefix`, the directory's path from there). Unreadable files and
 * directories are counted as a tree scan counts them.
 */
export async function scanInGitlink(
  dir: string,
  prefix: string,
  gitlink: string,
  onHit: (path: string, blocks: KeyBlock[]) => void,
  onWarning: (message: string) => void,
  onProgress?: ScanOptions['onProgress'],
): Promise<{ filesScanned: number; bytesScanned: number; incomplete?: Incomplete }> {
  const tree = await scanTree(
    dir,
    { tracked: false, prefix },
    onHit,
    onWarning,
    onProgress && ((done, total) => onProgress(done, total, 'files')),
  );
  // The whole-tree scan's note, naming the submodule directory from the top.
  const dirs = new Set([Buffer.from(gitlink).toString('latin1')]);
  if (tree.filesScanned) onWarning(gitlinkNote({ count: tree.filesScanned, dirs }, ''));
  return treeCounts(tree, onWarning);
}
