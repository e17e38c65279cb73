/**
 * Where a scan stands: the directory its path names and where that sits as
 * git sees it. Small on purpose: the CLI asks before the scanner's modules
 * load, so that git answers while they compile.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { repositoryPlace, type RepositoryPlace } from './git.js';

/** `path` naming standard input. */
export const STDIN_PATH = '-';

export interface PathPlace {
  /** The directory the path stands in. */
  dir: string;
  place: RepositoryPlace;
}

/**
 * The directory a path stands in: itself, a file's directory, or `.` for
 * standard input. One synchronous stat: git then starts at once, before
 * anything else this thread has to do.
 */
export function directoryOf(path: string): string {
  if (path === STDIN_PATH) return '.';
  const info = statSync(path, { throwIfNoEntry: false });
  return info?.isFile() ? dirname(path) : path;
}

/** The directory `path` stands in, and where it sits (one git start, begun now). */
export async function placeOfPath(path: string): Promise<PathPlace> {
  const dir = directoryOf(path);
  return { dir, place: await repositoryPlace(dir) };
}
