import { spawn } from 'node:child_process';

/** A git command failed; the message is git's own first line of complaint. */
export class GitError extends Error {
  override name = 'GitError';
}

/** Runs git and returns stdout; rejects with git's stderr summarised on failure. */
export function runGit(cwd: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
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

/** Fails with a clear reason unless `dir` is inside a git repository. */
export async function assertRepository(dir: string): Promise<void> {
  try {
    await runGit(dir, ['rev-parse', '--git-dir']);
  } catch (error) {
    throw new GitError(`not a git repository: ${dir} (${(error as Error).message})`);
  }
}

/**
 * Fails unless every object reachable from a ref is present: a deleted
 * object file or a damaged pack would otherwise just leave blobs unscanned.
 */
export async function assertComplete(dir: string): Promise<void> {
  try {
    await runGit(dir, ['rev-list', '--objects', '--all', '--quiet']);
  } catch (error) {
    throw new GitError(`the repository is corrupt or incomplete: ${(error as Error).message}`);
  }
}

export const ZERO_SHA = /^0+$/;
