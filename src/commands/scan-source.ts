/**
 * The scan command's choice of what to read, from its flags, and where the
 * ignore file lives by default: at the top of the repository, whose paths
 * every report uses, whatever directory or file was named.
 */
import { join } from 'node:path';
import { DEFAULT_IGNORE_FILE } from '../scan/ignore.js';
import type { PathPlace } from '../scan/place.js';
import { ScanInputError, type ScanSource } from '../scan/scan.js';

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

/** `.ec2-key-rotate-ignore` at the top of the work tree the scan stands in, else in its directory. */
export function defaultIgnoreFile({ dir, place }: PathPlace): string {
  return join(place.top ?? dir, DEFAULT_IGNORE_FILE);
}
