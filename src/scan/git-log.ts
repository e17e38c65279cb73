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
const LF = 0x0a;
const HEADER = 0x01;
const COLON = 0x3a;

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
  let commit = '';
  let authorDate = '';
  let author = '';
  /** The raw line (`:mode mode old new status`) whose path comes next. */
  let rawMeta: string | null = null;
  /** The start of a token the last chunk cut. */
  let pending: Buffer | null = null;

  // Tokens end at NUL (-z). After a raw line always comes its path, whatever bytes it holds
  // (a file may be named "\x01…\x02…": it is a path, never a commit header).
  const take = (bytes: Buffer, start: number, end: number): void => {
    if (rawMeta !== null) {
      const fields = rawMeta.split(' ');
      const blob = fields[3] ?? '';
      const status = fields[4] ?? '';
      rawMeta = null;
      // Gitlinks (mode 160000) name commits of other repositories, not blobs.
      if (
        !status.startsWith('D') &&
        !NULL_BLOB.test(blob) &&
        /^[0-7]{6}$/.test(fields[1] ?? '') &&
        fields[1] !== '160000'
      )
        onChange({ commit, authorDate, author, path: bytes.toString('utf8', start, end), blob });
      return;
    }
    const from = bytes[start] === LF ? start + 1 : start;
    if (bytes[from] === HEADER) {
      [commit = '', authorDate = '', author = ''] = bytes
        .toString('utf8', from + 1, end)
        .split('\x02');
    } else if (bytes[from] === COLON) {
      rawMeta = bytes.toString('latin1', from, end);
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
    (chunk: Buffer) => {
      const bytes: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      for (let nul = bytes.indexOf(0, at); nul !== -1; nul = bytes.indexOf(0, at)) {
        take(bytes, at, nul);
        at = nul + 1;
      }
      pending = at < bytes.length ? Buffer.from(bytes.subarray(at)) : null;
    },
    stdin,
  );
  // Set in the chunk handler, which TypeScript's narrowing does not see.
  const rest = pending as Buffer | null;
  if (rest) take(rest, 0, rest.length);
}
