import { spawn } from 'node:child_process';
import { gitEnv, GitError } from './git.js';

/**
 * Runs git and hands stdout to `onChunk` as it arrives, so output of any size
 * is processed in bounded memory. Resolves when git exits cleanly.
 */
export function streamGit(
  cwd: string,
  args: string[],
  onChunk: (chunk: Buffer) => void,
  input?: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const err: Buffer[] = [];
    let failure: Error | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        onChunk(chunk);
      } catch (error) {
        failure = error as Error;
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) =>
      reject(new GitError(`cannot run git (${error.message}); is git installed?`)),
    );
    child.on('close', (code) => {
      if (failure) return reject(failure);
      if (code === 0) return resolve();
      const reason =
        Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `exit code ${code}`;
      reject(new GitError(`git ${args[0]} failed in ${cwd}: ${reason}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
