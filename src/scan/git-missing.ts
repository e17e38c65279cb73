import { lineSplitter, streamGit } from './git-stream.js';
import { GitError } from './git.js';
import { pathText } from './path-text.js';

/** The objects a walk reached but the repository does not hold. */
export interface MissingObjects {
  ids: Set<string>;
}

/**
 * Walks the objects `revisionArgs` reach (`git rev-list --objects
 * --missing=print`) and collects those that are missing, as a partial or
 * damaged clone has. The walk itself neither fails on them nor fetches them.
 */
export async function missingObjects(dir: string, revisionArgs: string[]): Promise<MissingObjects> {
  const ids = new Set<string>();
  let pending = '';
  const take = (line: string): void => {
    if (line.startsWith('?')) ids.add(line.slice(1));
  };
  try {
    await streamGit(
      dir,
      ['rev-list', '--objects', '--no-object-names', '--missing=print', ...revisionArgs],
      (chunk) => {
        const lines = (pending + chunk.toString('latin1')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) take(line);
      },
    );
  } catch (error) {
    // A missing commit, or a damaged pack: the walk cannot go on at all.
    throw new GitError(`the repository is corrupt or incomplete: ${(error as Error).message}`);
  }
  take(pending);
  return { ids };
}

/** Where an object was first seen: the oldest commit whose tree reaches it, and its path there. */
export interface NamedObject {
  commit: string;
  path: string;
}

/** What a walk that goes around missing objects reached. */
export interface ObjectWalk {
  /** The commits reached, oldest first (`--topo-order --reverse`). */
  commits: string[];
  /** The objects reached that the repository lacks: trees and blobs (and commits, where git walks on past them). */
  missing: Set<string>;
  /** Objects `keep` asked for, with where they were first seen (trees too: rev-list does not tell). */
  named: Map<string, NamedObject>;
}

/**
 * Walks the commits and objects `revisionArgs` reach, oldest commit first,
 * each object after the first commit that reaches it (`git rev-list
 * --objects --in-commit-order --missing=print`): a missing tree is counted
 * and gone around (what it holds is not reached), where `git log` would
 * stop. `keep`: the objects whose path to remember. Nothing is fetched.
 */
export async function walkObjects(
  dir: string,
  revisionArgs: string[],
  keep: (id: string) => boolean,
): Promise<ObjectWalk> {
  const walk: ObjectWalk = { commits: [], missing: new Set(), named: new Map() };
  let commit = '';
  // `?ID` missing, `ID` a commit, `ID PATH` a tree or blob (the path cut at a newline by git;
  // the root tree's is empty).
  const take = (line: Buffer): void => {
    if (line[0] === 0x3f) {
      walk.missing.add(line.toString('latin1', 1));
      return;
    }
    const space = line.indexOf(0x20);
    if (space === -1) {
      commit = line.toString('latin1');
      if (commit) walk.commits.push(commit);
      return;
    }
    const id = line.toString('latin1', 0, space);
    if (space + 1 < line.length && commit && !walk.named.has(id) && keep(id))
      walk.named.set(id, { commit, path: pathText(line.subarray(space + 1)) });
  };
  const lines = lineSplitter(take);
  try {
    await streamGit(
      dir,
      [
        'rev-list',
        '--objects',
        '--in-commit-order',
        '--topo-order',
        '--reverse',
        '--missing=print',
        ...revisionArgs,
      ],
      lines.push,
    );
  } catch (error) {
    // A missing commit (which older git cannot walk past), or a damaged pack: no walk at all.
    throw new GitError(`the repository is corrupt or incomplete: ${(error as Error).message}`);
  }
  lines.end();
  return walk;
}

/**
 * The warning for objects a scan could not read, and how to get them. A
 * partial clone fetches them again without its filter; any other clone is
 * damaged and has to be fetched again or cloned afresh. `cut`: trees or
 * commits are among them, so the history was followed only around them.
 */
export function missingWarning(ids: Iterable<string>, partial: boolean, cut = false): string {
  const list = [...ids];
  const count = list.length;
  const what =
    `${count} object${count === 1 ? ' is' : 's are'} missing from this repository ` +
    `(${count === 1 ? '' : 'first: '}${list[0] ?? '?'})`;
  const scanned = cut
    ? 'only the objects present were scanned, and as trees or commits are missing, ' +
      'a key whose path no readable tree gives is named by its object id'
    : 'only the objects present were scanned';
  return partial
    ? `${what}, a partial clone: ${scanned}; fetch the rest with ` +
        '`git -c remote.origin.partialclonefilter= fetch --refetch origin` (in actions/checkout: no `filter`) and scan again'
    : `${what}, an incomplete or damaged clone: ${scanned}; ` +
        'fetch them again (`git fetch --refetch origin`) or clone afresh, and scan again';
}
