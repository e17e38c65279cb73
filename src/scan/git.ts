import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { UnsafeRepositoryError } from './git-dir-check.js';
import { pinnedGitArgs, scanGitEnv, workTreeTop } from './git-safety.js';
import { noteBlocked, watchBlockedOpen, type GitBlockedError } from './git-watch.js';

/** A git command failed; the message is git's own first line of complaint. */
export class GitError extends Error {
  override name = 'GitError';
}

/** How much nicer than the scan a git that works beside it runs (see `inBackground`). */
export const BACKGROUND_NICENESS = 10;
/** The nicest a process can be. */
const NICEST = 19;

/**
 * Lowers a git's priority when it works beside the scan with time to spare
 * (`git log` while the packs are read, the work tree's notes while files
 * are read): on a machine with few cores it then yields the CPU to the
 * thread the scan waits on instead of taking turns with it. Only ever
 * nicer, so it needs no privilege; where it cannot be done, nothing changes.
 */
export function inBackground(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    // Relative to this process: a scan already run with `nice` keeps its git nicer still.
    setPriority(child.pid, Math.min(NICEST, getPriority() + BACKGROUND_NICENESS));
  } catch {
    // Scheduling only: the git runs as it would have.
  }
}

export interface GitRunOptions {
  /** Written to git's stdin, which is then closed. */
  input?: string;
  /** Run nicer than the scan (`inBackground`). */
  background?: boolean;
}

/** How a git ended: its exit code (null when it could not start), its output and its complaint. */
interface GitOutcome {
  code: number | null;
  out: Buffer;
  /** Its first line of complaint, or why it could not start. */
  complaint: string;
}

/**
 * Runs git to its end and collects what it printed. Rejects only when the
 * repository is unsafe to run git in (UnsafeRepositoryError, before git
 * starts) or git was stopped waiting forever on it (GitBlockedError).
 */
function gitOutcome(
  cwd: string,
  args: string[],
  options: GitRunOptions,
  scope: 'setup' | 'all' = 'all',
): Promise<GitOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', pinnedGitArgs(args), {
      cwd,
      env: scanGitEnv(cwd, scope),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (options.background) inBackground(child);
    let blocked: GitBlockedError | null = null;
    watchBlockedOpen(child, cwd, (error) => {
      blocked = error;
      noteBlocked(error);
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) =>
      resolve({
        code: null,
        out: Buffer.alloc(0),
        complaint: `cannot run git (${error.message}); is git installed?`,
      }),
    );
    child.on('close', (code) => {
      if (blocked) return reject(blocked);
      const complaint = Buffer.concat(err).toString('utf8').trim().split('\n')[0];
      resolve({ code, out: Buffer.concat(out), complaint: complaint || `exit code ${code}` });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}

/** Runs git and returns stdout; rejects with git's stderr summarised on failure. */
export async function runGit(
  cwd: string,
  args: string[],
  options: GitRunOptions = {},
): Promise<Buffer> {
  const { code, out, complaint } = await gitOutcome(cwd, args, options);
  if (code === 0) return out;
  throw new GitError(code === null ? complaint : `git ${args[0]} failed in ${cwd}: ${complaint}`);
}

/** Where a directory sits as git sees it. */
export interface RepositoryPlace {
  /** 'work-tree': in a checkout; 'git-dir': a bare repository or inside a `.git`; 'none': no repository. */
  kind: 'work-tree' | 'git-dir' | 'none';
  /** In a work tree: the directory's path from the top, `/`-separated with a final `/` ('' at the top). */
  prefix: string;
  /** In a work tree: its top, as git names it; null elsewhere. */
  top: string | null;
  /** A shallow clone: only the fetched commits are there. */
  shallow: boolean;
  /**
   * How its objects are named and where they are: what the pack reader
   * needs first (`sha1` or `sha256`, and the objects directory as git puts
   * it, relative to the directory asked about). Empty with no repository.
   */
  store: { format: string; objects: string };
  /** With no repository: git's complaint (its first line). */
  reason?: string;
}

const PLACE_ARGS = [
  'rev-parse',
  '--is-inside-git-dir',
  '--is-inside-work-tree',
  '--is-shallow-repository',
  '--show-object-format',
  '--git-path',
  'objects',
  '--show-prefix',
  // Last: it fails outside a work tree (a bare repository), after the lines above are out.
  '--show-toplevel',
];

/**
 * One `git rev-parse` that tells a work tree, a git directory and no
 * repository apart, and gives what the scan and the ignore file's lookup
 * need of each: one git start instead of one per question.
 */
export async function repositoryPlace(dir: string): Promise<RepositoryPlace> {
  // Where the repository is, nothing of its refs or objects: its files are checked as far as git reads them.
  const { code, out, complaint } = await gitOutcome(dir, PLACE_ARGS, {}, 'setup');
  const text = out.toString('utf8');
  const lines = text.split('\n', 5);
  const [inGitDir, inWorkTree, shallow, format = '', objects = ''] = lines;
  const found = { shallow: shallow === 'true', store: { format, objects } };
  if (inGitDir === 'true') return { kind: 'git-dir', prefix: '', top: null, ...found };
  if (code !== 0 || inWorkTree !== 'true') {
    return {
      kind: 'none',
      prefix: '',
      top: null,
      shallow: false,
      store: { format: '', objects: '' },
      reason: code === null ? complaint : `git rev-parse failed in ${dir}: ${complaint}`,
    };
  }
  // The prefix may hold a newline (a directory's name is the repository's choice); the top is the last line.
  const rest = text.slice(lines.join('\n').length + 1, -1);
  const cut = rest.lastIndexOf('\n');
  const top = rest.slice(cut + 1);
  assertOwnWorkTree(dir, top);
  return { kind: 'work-tree', prefix: rest.slice(0, cut), top, ...found };
}

/**
 * Fails unless `top`, the work tree git uses for `dir`, is the directory
 * that holds the repository's `.git` (which every git the scan runs is
 * told: git-safety.ts). Where they differ, the repository's own config
 * chose the work tree, and a tree scan would read the wrong files (or none).
 */
function assertOwnWorkTree(dir: string, top: string): void {
  const own = workTreeTop(dir);
  if (own !== null && realOrResolved(top) === own) return;
  throw new UnsafeRepositoryError(
    `refusing to scan ${dir}: git takes ${top} for its work tree, ` +
      (own === null
        ? 'but no .git the scanner can find holds its repository'
        : `not ${own}, the directory that holds its .git`) +
      ' (set by the repository itself, e.g. core.worktree)',
  );
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolvePath(path);
  }
}

/** Fails with a clear reason when `place` (of `dir`) is no repository. */
export function assertRepository(dir: string, place: RepositoryPlace): void {
  if (place.kind === 'none') throw new GitError(`not a git repository: ${dir} (${place.reason})`);
}

/** True when the repository was cloned with a filter (its missing objects are expected). */
export async function isPartialClone(dir: string): Promise<boolean> {
  try {
    const out = await runGit(dir, [
      'config',
      '--get-regexp',
      '^(extensions\\.partialclone|remote\\..*\\.promisor)$',
    ]);
    return out.toString('utf8').trim().length > 0;
  } catch {
    // `git config --get-regexp` exits 1 when nothing matches.
    return false;
  }
}

/** About how many objects the repository holds (`git count-objects -v`), for progress. */
export async function objectCount(dir: string): Promise<number> {
  try {
    const out = (await runGit(dir, ['count-objects', '-v'])).toString('latin1');
    const field = (name: string): number =>
      Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
    return field('count') + field('in-pack');
  } catch {
    return 0;
  }
}

export const ZERO_SHA = /^0+$/;
