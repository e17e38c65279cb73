import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, relative, resolve } from 'node:path';
import { checkedRepository, findRepository } from './git-dir-check.js';

/**
 * Configuration the scanned repository (or the user's own git config) may
 * set that would run a program of its choosing or change what git prints
 * for the scanner to parse. A leak scanner is pointed at repositories
 * nobody trusts (a tarball, a contractor's dump), so each git it runs gets
 * these on its command line, where they win over every config file.
 */
const PINNED_CONFIG: readonly string[] = [
  // Programs a repository's config can name.
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'log.showSignature=false',
  'core.pager=cat',
  // Output the parsers rely on.
  'log.showRoot=true',
  'diff.relative=false',
  'diff.noprefix=false',
  'log.follow=false',
  'log.decorate=false',
  'log.abbrevCommit=false',
  'log.mailmap=false',
  'color.ui=never',
  'core.quotePath=false',
  'i18n.logOutputEncoding=UTF-8',
  // Never write: the scan only reads.
  'gc.auto=0',
  'maintenance.auto=false',
];

/** No transport at all: a missing object is never fetched (a remote's URL may name a command, `ext::`). */
const OFFLINE_CONFIG: readonly string[] = ['protocol.allow=never'];

/** `args` with the pinned configuration in front; `online` keeps transports for an explicit fetch. */
export function pinnedGitArgs(args: readonly string[], online = false): string[] {
  const pins = online ? PINNED_CONFIG : [...PINNED_CONFIG, ...OFFLINE_CONFIG];
  return [...pins.flatMap((setting) => ['-c', setting]), ...args];
}

/**
 * Variables that tell git which repository to use instead of the one at
 * the directory it runs in. Inherited from a hook or a script, they would
 * make a scan of PATH read another repository and report it clean.
 */
const ELSEWHERE = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_CONFIG',
  'GIT_REPLACE_REF_BASE',
  'GIT_SHALLOW_FILE',
  'GIT_EXTERNAL_DIFF',
  'GIT_DIFF_OPTS',
  'GIT_ATTR_SOURCE',
  'GIT_LITERAL_PATHSPECS',
  'GIT_GLOB_PATHSPECS',
  'GIT_NOGLOB_PATHSPECS',
  'GIT_ICASE_PATHSPECS',
];

/**
 * Variables a hook legitimately hands on about its own repository: the
 * temporary index of `git commit -a` (pre-commit) and the quarantined
 * objects of a push (pre-receive). Kept only when every path they name
 * lies inside the repository being scanned.
 */
const INSIDE_REPOSITORY = [
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_QUARANTINE_PATH',
];

const FIXED_ENV = {
  // Objects are read from where they are: `refs/replace` must not swap in a clean look-alike.
  GIT_NO_REPLACE_OBJECTS: '1',
  // A partial clone would fetch each missing object (git 2.45+); never, and never prompt.
  GIT_NO_LAZY_FETCH: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
  // A repository's `info/grafts` rewrites parents for git log but not for the pack reader:
  // history is walked as the commits say.
  GIT_GRAFT_FILE: '/dev/null',
  GIT_PAGER: 'cat',
};

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function isWithin(path: string, dir: string): boolean {
  const fromDir = relative(dir, path);
  return fromDir === '' || (!fromDir.startsWith('..') && !isAbsolute(fromDir));
}

/** The repository's own git directory and common directory, found from `cwd` as git finds them. */
function repositoryDirs(cwd: string): string[] {
  const found = findRepository(cwd);
  return found ? [found.gitDir, found.commonDir] : [];
}

/** Per directory and inherited values: which of INSIDE_REPOSITORY name the repository there. */
const keptByDir = new Map<string, Record<string, string>>();

/** The inherited INSIDE_REPOSITORY variables that name the repository at `cwd`. */
function keptInside(cwd: string): Record<string, string> {
  const inherited = INSIDE_REPOSITORY.filter((name) => process.env[name]);
  if (!inherited.length) return {};
  const key = [cwd, ...inherited.map((name) => process.env[name])].join('\0');
  const known = keptByDir.get(key);
  if (known) return known;
  const dirs = repositoryDirs(cwd);
  const kept: Record<string, string> = {};
  for (const name of inherited) {
    const value = process.env[name] ?? '';
    const paths = name === 'GIT_ALTERNATE_OBJECT_DIRECTORIES' ? value.split(delimiter) : [value];
    const ours = paths.every((path) =>
      dirs.some((dir) => isWithin(realOrResolved(resolve(path)), dir)),
    );
    if (ours) kept[name] = value;
  }
  keptByDir.set(key, kept);
  return kept;
}

const DROPPED = new Set([...ELSEWHERE, ...INSIDE_REPOSITORY]);

/**
 * The environment of every git the scanner runs in `cwd`: the inherited
 * one without what would point git at another repository (kept where a
 * hook names its own), with replacements, lazy fetches and prompts off,
 * and the work tree pinned to the directory that holds the repository's
 * `.git`: its own `core.worktree` or `core.bare` cannot move a tree scan
 * elsewhere (to `/`, where the scanned directory's files are none of the
 * index's). Throws UnsafeRepositoryError, before any git starts, when a
 * file git would open there is a FIFO, a device, a socket or far too large
 * (`setup`: for a `rev-parse` that only asks where the repository is, the
 * files git opens to set itself up; the refs and objects are checked before
 * any other git).
 */
export function scanGitEnv(cwd: string, scope: 'setup' | 'all' = 'all'): NodeJS.ProcessEnv {
  const kept = keptInside(cwd);
  const found = checkedRepository(cwd, kept, scope);
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !DROPPED.has(name))),
    ...FIXED_ENV,
    ...kept,
    ...(found?.top ? { GIT_WORK_TREE: found.top } : {}),
  };
}

/**
 * Checks every file git may open in the repository at `cwd` (refs and
 * objects included), as `scanGitEnv` does before any git but the first
 * `rev-parse`: for the scanner's own readers of the object store, which must
 * no more wait on a FIFO than git. Throws UnsafeRepositoryError.
 */
export function assertSafeRepository(cwd: string): void {
  checkedRepository(cwd, keptInside(cwd), 'all');
}

/**
 * The top of the work tree a scan of `cwd` reads: the directory that holds
 * the `.git` git finds (not what the repository's config says); null in a
 * bare repository, inside a git directory, or with no repository.
 */
export function workTreeTop(cwd: string): string | null {
  return findRepository(cwd)?.top ?? null;
}

/**
 * For `--staged` in a hook: the repository an inherited GIT_DIR names when
 * it is not the one found at `cwd` (git hands a hook GIT_DIR when the
 * repository was named with `--git-dir`, as a dotfiles repository is), else
 * null. The scan reads the repository at PATH; its index is then not the
 * commit's, so the caller must refuse rather than report another index clean.
 */
export function inheritedGitDirElsewhere(cwd: string): string | null {
  const value = process.env['GIT_DIR'];
  if (!value) return null;
  const named = realOrResolved(resolve(value));
  return repositoryDirs(cwd).includes(named) ? null : named;
}
