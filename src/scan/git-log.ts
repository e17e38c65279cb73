import { streamGit } from './git-stream.js';

/** One file a commit adds or changes, as `git log --raw` reports it. */
export interface BlobChange {
  commit: string;
  authorDate: string;
  author: string;
  path: string;
  blob: string;
}

const LF = 0x0a;
const HEADER = 0x01;
const COLON = 0x3a;
const SPACE = 0x20;
const ZERO = 0x30;
const SEVEN = 0x37;
const DELETED = 0x44; // D
const GITLINK = Buffer.from('160000');

/**
 * The blob a raw line (`:mode mode old new status`, bytes [from, end)) writes,
 * or '' when it writes none: a deletion, a null id, a gitlink (mode 160000
 * names a commit of another repository) or a line that does not parse.
 */
function writtenBlob(bytes: Buffer, from: number, end: number): string {
  const modeEnd = bytes.indexOf(SPACE, from);
  const newModeEnd = modeEnd === -1 ? -1 : bytes.indexOf(SPACE, modeEnd + 1);
  const oldEnd = newModeEnd === -1 ? -1 : bytes.indexOf(SPACE, newModeEnd + 1);
  const newEnd = oldEnd === -1 ? -1 : bytes.indexOf(SPACE, oldEnd + 1);
  if (newEnd === -1 || newEnd + 1 >= end || newModeEnd - modeEnd !== 7) return '';
  for (let at = modeEnd + 1; at < newModeEnd; at++) {
    const digit = bytes[at] as number;
    if (digit < ZERO || digit > SEVEN) return '';
  }
  let gitlink = true;
  for (let at = 0; at < 6 && gitlink; at++) gitlink = bytes[modeEnd + 1 + at] === GITLINK[at];
  if (gitlink) return '';
  if (bytes[newEnd + 1] === DELETED) return '';
  let zeros = oldEnd + 1;
  while (zeros < newEnd && bytes[zeros] === ZERO) zeros++;
  return zeros === newEnd ? '' : bytes.toString('latin1', oldEnd + 1, newEnd);
}

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
  background = false,
): Promise<void> {
  let commit = '';
  let authorDate = '';
  let author = '';
  /** After a raw line: the blob it writes ('' none), whose path comes next. */
  let written: string | null = null;
  /** The start of a token the last chunk cut. */
  let pending: Buffer | null = null;

  // Tokens end at NUL (-z). After a raw line always comes its path, whatever bytes it holds
  // (a file may be named "\x01…\x02…": it is a path, never a commit header).
  const take = (bytes: Buffer, start: number, end: number): void => {
    if (written !== null) {
      const blob = written;
      written = null;
      if (blob)
        onChange({ commit, authorDate, author, path: bytes.toString('utf8', start, end), blob });
      return;
    }
    const from = bytes[start] === LF ? start + 1 : start;
    if (bytes[from] === HEADER) {
      [commit = '', authorDate = '', author = ''] = bytes
        .toString('utf8', from + 1, end)
        .split('\x02');
    } else if (bytes[from] === COLON) {
      written = writtenBlob(bytes, from, end);
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
    background,
  );
  // Set in the chunk handler, which TypeScript's narrowing does not see.
  const rest = pending as Buffer | null;
  if (rest) take(rest, 0, rest.length);
}
