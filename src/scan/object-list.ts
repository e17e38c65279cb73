import { lineSplitter, streamGit } from './git-stream.js';

/** One object worth reading: a blob (content), a commit or a tag (messages). */
export interface ListedObject {
  id: string;
  type: 'blob' | 'commit' | 'tag';
  size: number;
}

/**
 * Lists the objects present (`git cat-file --batch-all-objects
 * --batch-check`) in the object store's own order, without their content,
 * handing each over as git names it. Trees are left out: they hold names,
 * not content, so they are never read.
 */
export async function listObjects(
  repo: string,
  onObject: (object: ListedObject) => void,
): Promise<void> {
  // `<40 or 64 hex> <type> <size>`: parsed from the bytes, no string split per line.
  const take = (line: Buffer): void => {
    const space = line.indexOf(32);
    const second = line.indexOf(32, space + 1);
    if (space === -1 || second === -1) return;
    const type = line.toString('latin1', space + 1, second);
    if (type === 'blob' || type === 'commit' || type === 'tag')
      onObject({
        id: line.toString('latin1', 0, space),
        type,
        size: Number(line.toString('latin1', second + 1)),
      });
  };
  const lines = lineSplitter(take);
  await streamGit(
    repo,
    [
      'cat-file',
      '--batch-all-objects',
      '--unordered',
      '--batch-check=%(objectname) %(objecttype) %(objectsize)',
    ],
    lines.push,
  );
  lines.end();
}
