/**
 * Where a scan stands: the directory its path names and where that sits as
 * git sees it. Small on purpose: the CLI asks before the scanner's modules
 * load, so that git answers while they compile.
 */
import { statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { repositoryPlace, type RepositoryPlace } from './git.js';

/** `path` naming standard input. */
export const STDIN_PATH = '-';

/** What to scan cannot be scanned (a bad path, a source that does not fit it, unreadable input). */
export class ScanInputError extends Error {
  override name = 'ScanInputError';
}

export interface PathPlace {
  /** The directory the path stands in. */
  dir: string;
  place: RepositoryPlace;
}

/** Why stat (or open) failed, in words, with the code. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EISDIR: 'it is a directory',
  ENXIO: 'no such device or address',
};

/** An errno error as one short phrase: `permission denied (EACCES)`. */
export function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code) return REASONS[code] ? `${REASONS[code]} (${code})` : code;
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'error') : String(error);
}

/** A path for a one-line message: a very long one is shortened (its head and tail kept). */
export function shownPath(path: string): string {
  return path.length > 160
    ? `${path.slice(0, 100)}…${path.slice(-40)} (${path.length} characters)`
    : path;
}

/** The message for a PATH that cannot be scanned because stat failed with `error`. */
export function pathProblem(path: string, error: unknown): string {
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT')
    return `no such file or directory: ${shownPath(path)}`;
  return `cannot scan ${shownPath(path)}: ${errnoReason(error)}`;
}

/**
 * Whether a path that is no directory is read, and how: a regular file as a
 * file; a pipe (`scan <(cmd)`, a FIFO) or a device as a stream, like
 * standard input; a socket cannot be opened at all.
 */
export function readableKind(info: Stats): 'file' | 'stream' | 'directory' | null {
  if (info.isDirectory()) return 'directory';
  if (info.isFile()) return 'file';
  if (info.isSocket()) return null;
  return 'stream';
}

/** The error for PATH that names a socket. */
export const socketProblem = (path: string): string =>
  `cannot scan ${shownPath(path)}: it is a socket (name a directory, a file, a pipe, or - for standard input)`;

/** The error for an empty PATH: never taken for the current directory. */
export const EMPTY_PATH = 'PATH is empty: name a directory, a file, or - for standard input';

/**
 * The directory a path stands in: itself, a file's (or a pipe's) directory,
 * or `.` for standard input. One synchronous stat: git then starts at once,
 * before anything else this thread has to do. Throws ScanInputError when
 * the path cannot be scanned: empty, unreachable (ENOTDIR, ELOOP,
 * ENAMETOOLONG, EACCES) or a socket. A missing path stands in itself: the
 * scan reports it.
 */
export function directoryOf(path: string): string {
  if (path === STDIN_PATH) return '.';
  if (path === '') throw new ScanInputError(EMPTY_PATH);
  let info: Stats;
  try {
    // Not `throwIfNoEntry: false`: Node 24 returns undefined for ENOTDIR too.
    info = statSync(path);
  } catch (error) {
    // Missing: the scan says so in its own words.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw new ScanInputError(pathProblem(path, error));
  }
  const kind = readableKind(info);
  if (kind === null) throw new ScanInputError(socketProblem(path));
  return kind === 'directory' ? path : dirname(path);
}

/** The directory `path` stands in, and where it sits (one git start, begun now). */
export async function placeOfPath(path: string): Promise<PathPlace> {
  const dir = directoryOf(path);
  return { dir, place: await repositoryPlace(dir) };
}
