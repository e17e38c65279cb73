import { streamGit } from './git-stream.js';
import { runGit } from './git.js';
import { pathText } from './path-text.js';

/**
 * The author as git printed it, or empty strings for what git could not read:
 * a commit whose author line is malformed (written by hand, or hostile) has
 * its date printed as the literal `%aI` and its name and email empty.
 */
export function readableAuthor(
  authorDate: string,
  author: string,
): { authorDate: string; author: string } {
  return {
    authorDate: /^\d{4}-\d\d-\d\dT/.test(authorDate) ? authorDate : '',
    author: author === ' <>' ? '' : author,
  };
}

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
  await streamRawLog(cwd, revisionArgs, onChange, { stdin, background });
}

interface RawLogOptions {
  stdin?: string | undefined;
  background?: boolean;
  /** Each commit as its header goes by (before its changes). */
  onCommit?: (commit: string) => void;
}

async function streamRawLog(
  cwd: string,
  revisionArgs: string[],
  onChange: (change: BlobChange) => void,
  options: RawLogOptions,
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
        onChange({ commit, authorDate, author, path: pathText(bytes.subarray(start, end)), blob });
      return;
    }
    const from = bytes[start] === LF ? start + 1 : start;
    if (bytes[from] === HEADER) {
      [commit = '', authorDate = '', author = ''] = bytes
        .toString('utf8', from + 1, end)
        .split('\x02');
      ({ authorDate, author } = readableAuthor(authorDate, author));
      options.onCommit?.(commit);
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
    options.stdin,
    options.background ?? false,
  );
  // Set in the chunk handler, which TypeScript's narrowing does not see.
  const rest = pending as Buffer | null;
  if (rest) take(rest, 0, rest.length);
}

/** Commits one git log of `walkCommitChanges` is given: a failure costs at most one more run over them. */
const LOG_CHUNK = 1024;
/** Failed git logs after which `walkCommitChanges` logs no more: the commits left are unlogged. */
const MAX_LOG_FAILURES = 64;

/**
 * The changes of `commits` (newest first, as `git log --topo-order` gives
 * them), going on past a commit whose diff git cannot read (a tree a partial
 * or damaged clone lacks): git log stops there, and the next one starts after
 * it. Each git log is given one chunk of the commits, so a failure re-reads
 * at most a chunk, and after MAX_LOG_FAILURES failures the rest is left: the
 * walk stays linear in the commits however many fail. Returns the commits
 * whose changes were not (or not all) reported.
 */
export async function walkCommitChanges(
  cwd: string,
  commits: readonly string[],
  onChange: (change: BlobChange) => void,
): Promise<Set<string>> {
  const unlogged = new Set<string>();
  let failures = 0;
  let at = 0;
  while (at < commits.length) {
    const chunk = commits.slice(at, at + LOG_CHUNK);
    const position = new Map(chunk.map((commit, index) => [commit, index]));
    /** The last commit of the chunk whose header came: all before it are done. */
    let last = -1;
    try {
      await streamRawLog(cwd, ['--no-walk=unsorted', '--stdin'], onChange, {
        stdin: `${chunk.join('\n')}\n`,
        onCommit: (commit) => {
          last = position.get(commit) ?? last;
        },
      });
      at += chunk.length;
      continue;
    } catch {
      failures++;
    }
    // A commit's header comes once its first diff is read: with no header the first commit
    // failed; after one, the next did (or, for a merge, a later parent of that one).
    if (last === -1) unlogged.add(chunk[0] as string);
    at += last === -1 ? 1 : last + 1;
    if (failures >= MAX_LOG_FAILURES) {
      for (const commit of commits.slice(at)) unlogged.add(commit);
      break;
    }
  }
  return unlogged;
}

/** What a commit's headers say, for a walk that decides which commits git log can diff. */
export interface CommitHeaders {
  tree: string;
  parents: string[];
  authorDate: string;
  author: string;
}

/**
 * The tree, parents and author of each of `commits` (`git log --no-walk`:
 * neither trees nor parents are read, so a missing one fails nothing).
 */
export async function readCommitHeaders(
  cwd: string,
  commits: readonly string[],
): Promise<Map<string, CommitHeaders>> {
  const headers = new Map<string, CommitHeaders>();
  // With no revision git log would show HEAD.
  if (!commits.length) return headers;
  const out = await runGit(
    cwd,
    ['log', '--no-walk=unsorted', '--stdin', '-z', '--format=%H %T %P%x02%aI%x02%an <%ae>'],
    { input: `${commits.join('\n')}\n` },
  );
  for (const record of out.toString('utf8').split('\0')) {
    const [ids = '', authorDate = '', ...author] = record.split('\x02');
    const [commit, tree = '', ...parents] = ids.split(' ').filter(Boolean);
    if (commit)
      headers.set(commit, { tree, parents, ...readableAuthor(authorDate, author.join('\x02')) });
  }
  return headers;
}
