import { streamGit } from './git-stream.js';
import { GitError } from './git.js';

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

/**
 * The warning for objects a scan could not read, and how to get them. A
 * partial clone fetches them again without its filter; any other clone is
 * damaged and has to be fetched or cloned again.
 */
export function missingWarning(ids: Iterable<string>, partial: boolean): string {
  const list = [...ids];
  const count = list.length;
  const what =
    `${count} object${count === 1 ? ' is' : 's are'} missing from this repository ` +
    `(${count === 1 ? '' : 'first: '}${list[0] ?? '?'})`;
  return partial
    ? `${what}, a partial clone: only the objects present were scanned; fetch the rest with ` +
        '`git -c remote.origin.partialclonefilter= fetch --refetch origin` (in actions/checkout: no `filter`) and scan again'
    : `${what}, an incomplete or damaged clone: only the objects present were scanned; ` +
        'fetch them again (`git fetch --refetch origin`) or clone afresh, and scan again';
}
