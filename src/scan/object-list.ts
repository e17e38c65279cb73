import { streamGit } from './git-stream.js';

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
  let pending = '';
  const take = (line: string): void => {
    const [id = '', type = '', size = '0'] = line.split(' ');
    if (type === 'blob' || type === 'commit' || type === 'tag')
      onObject({ id, type, size: Number(size) });
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
}
