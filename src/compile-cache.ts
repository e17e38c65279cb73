/**
 * V8's compile cache for the CLI's own code (Node 22.1 and later): a run
 * loads the modules it needs from bytecode an earlier run kept, instead of
 * compiling them again. That is most of a short scan's start-up, and a
 * pre-commit hook starts the CLI on every commit.
 *
 * A cache is code this process will run, so it is kept only where no one
 * but this user can write: its directory and the two above it must be real
 * directories (no link) that this user (or, above ours, root) owns, with no
 * write permission for group or others. Anything else, and the CLI simply
 * compiles as before. `NODE_DISABLE_COMPILE_CACHE=1` turns it off (Node's
 * own switch).
 */
import { lstatSync, mkdirSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

const GROUP_OR_OTHER_WRITE = 0o022;

/** `$XDG_CACHE_HOME/ec2-key-rotate/v8`, else `~/.cache/ec2-key-rotate/v8`. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'ec2-key-rotate', 'v8');
}

/** Whether `path` is a directory (not a link) owned by one of `owners`, which no one else can write. */
function writableOnlyBy(path: string, owners: number[]): boolean {
  const info = lstatSync(path, { throwIfNoEntry: false });
  return (
    info !== undefined &&
    info.isDirectory() &&
    owners.includes(info.uid) &&
    (info.mode & GROUP_OR_OTHER_WRITE) === 0
  );
}

/**
 * Why a cache directory cannot be trusted, or null when it can: `dir` and its
 * parent are this user's own, and the one above (the user's cache root)
 * is this user's or root's; none of them writable by group or others, and
 * none a link. Whoever can write to one of them could rename ours away and
 * put theirs in its place.
 */
export function untrustedReason(dir: string, uid: number): string | null {
  const parent = dirname(dir);
  if (!writableOnlyBy(dir, [uid])) return `${dir} is not a directory only this user can write`;
  if (!writableOnlyBy(parent, [uid]))
    return `${parent} is not a directory only this user can write`;
  const root = dirname(parent);
  if (!writableOnlyBy(root, [uid, 0]))
    return `${root} is not a directory only this user or root can write`;
  return null;
}

/**
 * Turns the compile cache on for the modules this process loads from now
 * on; the directory used, or null when it stays off (an older Node, no user
 * id, a directory that cannot be made or trusted, or switched off).
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): string | null {
  const enable = (nodeModule as { enableCompileCache?: typeof nodeModule.enableCompileCache })
    .enableCompileCache;
  const uid = process.getuid?.();
  if (typeof enable !== 'function' || uid === undefined || env['NODE_DISABLE_COMPILE_CACHE'])
    return null;
  const dir = compileCacheDir(env);
  const root = dirname(dirname(dir));
  try {
    // Nothing is made in a cache root someone else could write (a missing one is made private).
    if (lstatSync(root, { throwIfNoEntry: false }) && !writableOnlyBy(root, [uid, 0])) return null;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (untrustedReason(dir, uid) !== null) return null;
    const result = enable(dir);
    return result.status === nodeModule.constants.compileCacheStatus.FAILED
      ? null
      : (result.directory ?? dir);
  } catch {
    return null;
  }
}
