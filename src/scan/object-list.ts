import { streamGit } from './git-stream.js';

/** The objects worth reading in a repository: blobs (content), commits and tags (messages). */
export interface ObjectList {
  /** Ids in the object store's own order (reading them in it is fastest). */
  ids: string[];
  /** Their sizes, for splitting the read evenly. */
  sizes: number[];
  /** The ids of the blobs among them. */
  blobs: Set<string>;
}

/**
 * Lists the objects present (`git cat-file --batch-all-objects
 * --batch-check`), without their content: trees are left out (they hold
 * names, not content), so they are never read.
 */
export async function listObjects(repo: string): Promise<ObjectList> {
  const list: ObjectList = { ids: [], sizes: [], blobs: new Set() };
  let pending = '';
  const take = (line: string): void => {
    const [id = '', type = '', size = '0'] = line.split(' ');
    if (type !== 'blob' && type !== 'commit' && type !== 'tag') return;
    list.ids.push(id);
    list.sizes.push(Number(size));
    if (type === 'blob') list.blobs.add(id);
  };
  await streamGit(
    repo,
    [
      'cat-file',
      '--batch-all-objects',
      '--unordered',
      '--batch-check=%(objectname) %(objecttype) %(objectsize)',
    ],
    (chunk) => {
      const lines = (pending + chunk.toString('latin1')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) take(line);
    },
  );
  if (pending) take(pending);
  return list;
}

/** Splits the list into `parts` runs of about equal bytes, each in the store's order. */
export function splitBySize(list: ObjectList, parts: number): string[][] {
  const total = list.sizes.reduce((sum, size) => sum + size, 0);
  const runs: string[][] = [[]];
  let bytes = 0;
  list.ids.forEach((id, index) => {
    const run = runs.at(-1) as string[];
    run.push(id);
    bytes += list.sizes[index] ?? 0;
    if (runs.length < parts && bytes >= (total * runs.length) / parts) runs.push([]);
  });
  return runs.filter((run) => run.length);
}
