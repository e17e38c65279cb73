import { spawn } from 'node:child_process';

/** A git command failed; the message is git's own first line of complaint. */
export class GitError extends Error {
  override name = 'GitError';
}

/**
 * The environment of every git the scanner runs. In a partial clone git
 * would fetch each missing object from the remote the moment it is asked
 * for (one round trip per blob, with whatever credentials are around):
 * never do that (git 2.45+ honours GIT_NO_LAZY_FETCH; older ones are only
 * asked for objects that are present), and never prompt.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_NO_LAZY_FETCH: '1', GIT_TERMINAL_PROMPT: '0' };
}

/** Runs git and returns stdout; rejects with git's stderr summarised on failure. */
export function runGit(cwd: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) =>
      reject(new GitError(`cannot run git (${error.message}); is git installed?`)),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const reason =
        Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `exit code ${code}`;
      reject(new GitError(`git ${args[0]} failed in ${cwd}: ${reason}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** The top of the work tree containing `dir`, or null when it is not in one. */
export async function workTreeRoot(dir: string): Promise<string | null> {
  try {
    return (await runGit(dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch {
    return null;
  }
}

/** Where a directory sits as git sees it. */
export interface RepositoryPlace {
  /** 'work-tree': in a checkout; 'git-dir': a bare repository or inside a `.git`; 'none': no repository. */
  kind: 'work-tree' | 'git-dir' | 'none';
  /** In a work tree: the directory's path from the top, `/`-separated with a final `/` ('' at the top). */
  prefix: string;
}

/** One `git rev-parse` that tells a work tree, a git directory and no repository apart. */
export async function repositoryPlace(dir: string): Promise<RepositoryPlace> {
  let out: string;
  try {
    out = (
      await runGit(dir, [
        'rev-parse',
        '--is-inside-git-dir',
        '--is-inside-work-tree',
        '--show-prefix',
      ])
    ).toString('utf8');
  } catch {
    return { kind: 'none', prefix: '' };
  }
  const [inGitDir, inWorkTree, prefix = ''] = out.split('\n');
  if (inGitDir === 'true') return { kind: 'git-dir', prefix: '' };
  return inWorkTree === 'true' ? { kind: 'work-tree', prefix } : { kind: 'none', prefix: '' };
}

/** Fails with a clear reason unless `dir` is inside a git repository. */
export async function assertRepository(dir: string): Promise<void> {
  try {
    await runGit(dir, ['rev-parse', '--git-dir']);
  } catch (error) {
    throw new GitError(`not a git repository: ${dir} (${(error as Error).message})`);
  }
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
