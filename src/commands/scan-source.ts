/**
 * The scan command's choice of what to read, from its flags, and where the
 * ignore file lives by default: at the top of the repository, whose paths
 * every report uses, whatever directory or file was named.
 */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { workTreeRoot } from '../scan/git.js';
import { DEFAULT_IGNORE_FILE } from '../scan/ignore.js';
import { ScanInputError, STDIN_PATH, type ScanSource } from '../scan/scan.js';

export interface SourceFlags {
  history?: boolean;
  range?: string;
  staged?: boolean;
  /** false with --no-git. */
  git?: boolean;
}

/** The one source the flags ask for; two at once is an error. */
export function scanSource(flags: SourceFlags): ScanSource {
  const chosen = [
    flags.history && '--history',
    flags.range !== undefined && '--range',
    flags.staged && '--staged',
    flags.git === false && '--no-git',
  ].filter(Boolean);
  if (chosen.length > 1)
    throw new ScanInputError(`${chosen.join(' and ')} cannot be used together`);
  if (flags.history) return { kind: 'history' };
  if (flags.range !== undefined) return { kind: 'range', range: flags.range };
  if (flags.staged) return { kind: 'staged' };
  return flags.git === false ? { kind: 'files' } : { kind: 'tree' };
}

/** The directory a path stands in: itself, a file's directory, or `.` for standard input. */
export async function directoryOf(path: string): Promise<string> {
  if (path === STDIN_PATH) return '.';
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? dirname(path) : path;
}

/** `.ec2-key-rotate-ignore` at the top of the work tree holding `path`, else in its directory. */
export async function defaultIgnoreFile(path: string): Promise<string> {
  const dir = await directoryOf(path);
  return join((await workTreeRoot(dir)) ?? dir, DEFAULT_IGNORE_FILE);
}
