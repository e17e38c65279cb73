import { StringDecoder } from 'node:string_decoder';
import { streamGit } from './git-stream.js';

/** One file a commit adds or changes, as `git log --raw` reports it. */
export interface BlobChange {
  commit: string;
  authorDate: string;
  author: string;
  path: string;
  blob: string;
}

const NULL_BLOB = /^0+$/;

/**
 * Streams `git log --raw` and reports every (commit, path, blob) that a commit
 * writes. Merges are diffed against each parent (`-m`) so content that only a
 * merge resolution introduced is still seen.
 */
export async function walkBlobChanges(
  cwd: string,
  revisionArgs: string[],
  onChange: (change: BlobChange) => void,
  stdin?: string,
): Promise<void> {
  let pending = '';
  let commit = '';
  let authorDate = '';
  let author = '';
  let rawMeta: string | null = null;
  const decoder = new StringDecoder('utf8');

  const take = (token: string): void => {
    const trimmed = token.replace(/^\n/, '');
    if (trimmed.startsWith('\x01')) {
      [commit = '', authorDate = '', author = ''] = trimmed.slice(1).split('\x02');
      rawMeta = null;
      return;
    }
    if (rawMeta === null && trimmed.startsWith(':')) {
      rawMeta = trimmed;
      return;
    }
    if (rawMeta === null) return;
    const fields = rawMeta.split(' ');
    const blob = fields[3] ?? '';
    const status = fields[4] ?? '';
    rawMeta = null;
    if (!status.startsWith('D') && !NULL_BLOB.test(blob) && /^[0-7]{6}$/.test(fields[1] ?? '')) {
      // Gitlinks (mode 160000) name commits of other repositories, not blobs.
      if (fields[1] !== '160000') onChange({ commit, authorDate, author, path: token, blob });
    }
  };

  await streamGit(
    cwd,
    [
      'log',
      '--raw',
      '--no-abbrev',
      '--no-renames',
      '-m',
      '-z',
      '--topo-order',
      '--format=%x01%H%x02%aI%x02%an <%ae>',
      ...revisionArgs,
    ],
    (chunk) => {
      const tokens = (pending + decoder.write(chunk)).split('\0');
      pending = tokens.pop() ?? '';
      for (const token of tokens) take(token);
    },
    stdin,
  );
  if (pending) take(pending);
}
