import {
  readCommitHeaders,
  walkBlobChanges,
  walkCommitChanges,
  type BlobChange,
} from './git-log.js';
import { walkObjects } from './git-missing.js';
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

/** Where a history that lacks trees or commits wrote the blobs asked about, as far as it tells. */
export interface IncompleteIndex {
  /** The objects the walk reached that the repository lacks (trees, blobs, commits). */
  missing: Set<string>;
  /** The objects `keep` took that the walk reached and the repository holds (trees among them: the walk does not tell). */
  reached(): IterableIterator<string>;
  /** Blobs some readable commit writes. */
  blobs(): IterableIterator<string>;
  /** As ChangeIndex.changesOf, newest first: every readable write, and where each blob was first seen otherwise. */
  changesOf(blobs: Iterable<string>): BlobChange[];
}

/**
 * Indexes a history `git log` cannot walk (a partial clone filtered by tree,
 * or a damaged one that lacks a tree or commit): one walk that goes around
 * what is missing counts it and finds each object's first commit and path
 * (`walkObjects`); git log then diffs, chunk by chunk, the commits whose
 * trees and parents are all there, going on past any it still cannot read
 * (`walkCommitChanges`). A blob that no logged commit writes takes the
 * place where the walk first saw it. `keep`: the objects to place (for a
 * range: all it reaches). Every step is linear in the history.
 */
export async function indexIncompleteHistory(
  repo: string,
  revisionArgs: string[],
  keep: (id: string) => boolean,
): Promise<IncompleteIndex> {
  const walk = await walkObjects(repo, revisionArgs, keep);
  const { missing } = walk;
  const newestFirst = [...walk.commits].reverse();
  const rank = new Map(newestFirst.map((commit, index) => [commit, index]));
  let headers;
  try {
    headers = await readCommitHeaders(repo, newestFirst);
  } catch (error) {
    throw new GitError(`the repository is corrupt or incomplete: ${(error as Error).message}`);
  }
  const treeMissing = (commit: string): boolean => {
    const tree = headers.get(commit)?.tree;
    return missing.has(commit) || (tree !== undefined && missing.has(tree));
  };
  // A commit outside the walk (the bottom of a range) is left to git log to try.
  const readable = (commit: string): boolean =>
    headers.has(commit) &&
    !treeMissing(commit) &&
    (headers.get(commit)?.parents ?? []).every((parent) => !treeMissing(parent));
  const index = new ChangeIndex();
  const loggable = newestFirst.filter(readable);
  const unlogged = await walkCommitChanges(repo, loggable, (change) => index.add(change));
  for (const commit of newestFirst) if (!readable(commit)) unlogged.add(commit);
  return {
    missing,
    reached: () => walk.named.keys(),
    blobs: () => index.blobs(),
    changesOf(blobs) {
      const wanted = [...blobs];
      const changes = index.changesOf(wanted);
      for (const blob of wanted) {
        const seen = walk.named.get(blob);
        const commit = seen && headers.get(seen.commit);
        if (!seen || !commit || !unlogged.has(seen.commit)) continue;
        changes.push({
          commit: seen.commit,
          authorDate: commit.authorDate,
          author: commit.author,
          path: seen.path,
          blob,
        });
      }
      // Stable: the log's own order within a commit.
      return changes.sort(
        (a, b) => (rank.get(a.commit) ?? rank.size) - (rank.get(b.commit) ?? rank.size),
      );
    },
  };
}
