/**
 * Reads the ignore file from a commit rather than from the working tree, for
 * scans where the working tree is the untrusted content being scanned.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { pinnedGitArgs, scanGitEnv } from './git-safety.js';
import { IgnoreFileError, MAX_IGNORE_BYTES, parseIgnoreFile, type IgnoreEntry } from './ignore.js';

const run = promisify(execFile);

async function git(dir: string, args: string[], online = false): Promise<string | null> {
  // Outside the try: a repository unsafe to run git in fails with its reason, not "no such commit".
  const env = scanGitEnv(dir);
  try {
    const { stdout } = await run('git', pinnedGitArgs(args, online), {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: MAX_IGNORE_BYTES,
      env,
      timeout: 120_000,
    });
    return stdout;
  } catch {
    return null;
  }
}

/** The commit id `ref` names in the repository at `dir`, or null. Refs never start with `-`. */
export async function resolveCommit(dir: string, ref: string): Promise<string | null> {
  if (!ref || ref.startsWith('-')) return null;
  const out = await git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return out?.trim() || null;
}

/** Fetches `refspec` from origin (shallow); true when git says it worked. */
export async function fetchFromOrigin(dir: string, refspec: string): Promise<boolean> {
  if (!refspec || refspec.startsWith('-')) return false;
  const out = await git(
    dir,
    ['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', refspec],
    true,
  );
  return out !== null;
}

/**
 * The path of `file` inside the repository at `dir`, with `/` separators, or
 * null when `file` lies outside it. Links are resolved when the names alone
 * say "outside": a workspace reached through a link (a self-hosted runner's
 * folder, macOS's /tmp) still holds the repository's own ignore file, which
 * must then be read from the trusted commit, not from the pushed work tree.
 */
export async function repositoryPath(dir: string, file: string): Promise<string | null> {
  const prefix = await git(dir, ['rev-parse', '--show-prefix']);
  if (prefix === null) return null;
  return (
    pathBelow(prefix.trim(), resolve(dir), resolve(file)) ??
    pathBelow(prefix.trim(), realOrSame(resolve(dir)), realParentOrSame(resolve(file)))
  );
}

/** `file` as a repository path when it lies below `dir` (whose prefix in the repository is `prefix`). */
function pathBelow(prefix: string, dir: string, file: string): string | null {
  const fromDir = relative(dir, file);
  if (isAbsolute(fromDir)) return null;
  const inside = posix.normalize(`${prefix}${fromDir.split(sep).join('/')}`);
  if (!inside || inside === '.' || inside.startsWith('../') || inside === '..') return null;
  return inside;
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The file's folder with its links resolved, and its own name: the file itself may be a link. */
function realParentOrSame(path: string): string {
  return join(realOrSame(dirname(path)), basename(path));
}

/**
 * The entries of `path` (a repository path) at `commit`, or null when the
 * commit has no such file.
 */
export async function readIgnoreAtCommit(
  dir: string,
  commit: string,
  path: string,
): Promise<IgnoreEntry[] | null> {
  const spec = `${commit}:${path}`;
  const type = (await git(dir, ['cat-file', '-t', spec]))?.trim();
  if (!type) return null;
  if (type !== 'blob') throw new IgnoreFileError(`${spec} is a ${type}, not an ignore file`);
  // The blob as stored: `show` could run a textconv filter the repository names.
  const text = await git(dir, ['cat-file', 'blob', spec]);
  if (text === null) {
    // The read stops at the limit: say so rather than a bare "cannot read".
    const size = Number((await git(dir, ['cat-file', '-s', spec]))?.trim());
    throw new IgnoreFileError(
      size > MAX_IGNORE_BYTES
        ? `cannot read ${spec}: larger than ${MAX_IGNORE_BYTES / 1024 / 1024} MiB`
        : `cannot read ${spec}`,
    );
  }
  return parseIgnoreFile(text, spec);
}
