import { walkBlobChanges, type BlobChange } from './git-log.js';
import { GitError } from './git.js';

/**
 * Every (commit, path, blob) a history writes, as `git log --raw` reports it,
 * kept compactly: commits and paths interned, changes as numbers chained per
 * blob. Built while the objects are read, it both locates the blobs that hold
 * keys (no second pass over the history) and tells which reachable blobs the
 * repository lacks.
 */
export class ChangeIndex {
  private readonly commits: { commit: string; authorDate: string; author: string }[] = [];
  private readonly paths: string[] = [];
  private readonly pathIds = new Map<string, number>();
  /** Per change: its commit, its path and the previous change of the same blob (-1: none). */
  private readonly changeCommit: number[] = [];
  private readonly changePath: number[] = [];
  private readonly previous: number[] = [];
  /** Per blob: its latest change. */
  private readonly lastByBlob = new Map<string, number>();

  add(change: BlobChange): void {
    const top = this.commits.at(-1);
    if (top?.commit !== change.commit) {
      this.commits.push({
        commit: change.commit,
        authorDate: change.authorDate,
        author: change.author,
      });
    }
    let path = this.pathIds.get(change.path);
    if (path === undefined) {
      path = this.paths.length;
      this.paths.push(change.path);
      this.pathIds.set(change.path, path);
    }
    const index = this.changeCommit.length;
    this.changeCommit.push(this.commits.length - 1);
    this.changePath.push(path);
    this.previous.push(this.lastByBlob.get(change.blob) ?? -1);
    this.lastByBlob.set(change.blob, index);
  }

  /** Blob ids some commit writes. */
  blobs(): IterableIterator<string> {
    return this.lastByBlob.keys();
  }

  /** The changes that wrote one of `blobs`, in the log's order (newest first). */
  changesOf(blobs: Iterable<string>): BlobChange[] {
    const found: { index: number; blob: string }[] = [];
    for (const blob of blobs) {
      for (let at = this.lastByBlob.get(blob) ?? -1; at !== -1; at = this.previous[at] ?? -1)
        found.push({ index: at, blob });
    }
    return found
      .sort((a, b) => a.index - b.index)
      .map(({ index, blob }) => {
        const commit = this.commits[this.changeCommit[index] ?? 0];
        return {
          commit: commit?.commit ?? '',
          authorDate: commit?.authorDate ?? '',
          author: commit?.author ?? '',
          path: this.paths[this.changePath[index] ?? 0] ?? '',
          blob,
        };
      });
  }
}

/**
 * The index of every change `revisionArgs` (e.g. `--all`) make;
 * `background`: git log runs nicer than the scan, which reads meanwhile.
 */
export async function indexChanges(
  repo: string,
  revisionArgs: string[],
  background = false,
): Promise<ChangeIndex> {
  const index = new ChangeIndex();
  try {
    await walkBlobChanges(repo, revisionArgs, (change) => index.add(change), undefined, background);
  } catch (error) {
    // A missing commit or tree: the history itself cannot be walked.
    throw new GitError(`the repository is corrupt or incomplete: ${(error as Error).message}`);
  }
  return index;
}
