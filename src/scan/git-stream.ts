import { spawn } from 'node:child_process';
import { GitError, inBackground } from './git.js';
import { pinnedGitArgs, scanGitEnv } from './git-safety.js';
import { noteBlocked, watchBlockedOpen } from './git-watch.js';

/** A running git whose stdin is fed piece by piece and whose stdout is handed over as it comes. */
export interface GitPipe {
  write(text: string): void;
  end(): void;
  /** Resolves when git exits cleanly; rejects with its complaint, or with what `onChunk` threw. */
  done: Promise<void>;
  /** Its process id (none when it could not start). */
  pid: number | undefined;
}

/**
 * Runs git and hands stdout to `onChunk` as it arrives, so output of any size
 * is processed in bounded memory; stdin stays open until `end`.
 */
export function openGit(
  cwd: string,
  args: string[],
  onChunk: (chunk: Buffer) => void,
  background = false,
): GitPipe {
  const child = spawn('git', pinnedGitArgs(args), {
    cwd,
    env: scanGitEnv(cwd),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (background) inBackground(child);
  let failure: Error | null = null;
  // A git that waits forever to open a FIFO in the repository is stopped, and fails the run.
  watchBlockedOpen(child, cwd, (error) => {
    failure ??= error;
    noteBlocked(error);
  });
  const done = new Promise<void>((resolve, reject) => {
    const err: Buffer[] = [];
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
  });
  child.stdin.on('error', () => undefined);
  return {
    write: (text) => void child.stdin.write(text),
    end: () => child.stdin.end(),
    done,
    pid: child.pid,
  };
}

/**
 * Runs git with `input` on stdin and hands stdout to `onChunk` as it
 * arrives; `background`: nicer than the scan (`inBackground`).
 */
export function streamGit(
  cwd: string,
  args: string[],
  onChunk: (chunk: Buffer) => void,
  input?: string,
  background = false,
): Promise<void> {
  const pipe = openGit(cwd, args, onChunk, background);
  if (input) pipe.write(input);
  pipe.end();
  return pipe.done;
}

/**
 * A chunk handler for `streamGit` that hands `take` each newline-ended line
 * (without its newline); `end` hands it what is left after the last one.
 */
export function lineSplitter(take: (line: Buffer) => void): {
  push: (chunk: Buffer) => void;
  end: () => void;
} {
  let pending: Buffer = Buffer.alloc(0);
  return {
    push: (chunk) => {
      const bytes = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      for (let newline = bytes.indexOf(10); newline !== -1; newline = bytes.indexOf(10, at)) {
        take(bytes.subarray(at, newline));
        at = newline + 1;
      }
      // A copy: the chunk's buffer may be reused once this returns.
      pending = Buffer.from(bytes.subarray(at));
    },
    end: () => {
      if (pending.length) take(pending);
      pending = Buffer.alloc(0);
    },
  };
}
