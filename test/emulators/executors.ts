/** Executors for the emulated SSM agent. */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from './state.js';

/**
 * Runs each script with `sh -c` on this machine, in `<root>/<instanceId>` (so
 * instances do not share files), killing it when the emulator aborts it.
 * For the emulator's own tests; host-backed executors run `Host.exec(script)`.
 */
export function localShellExecutor(root: string, env: Record<string, string> = {}): Executor {
  return (instanceId, script, _timeoutSeconds, signal) =>
    new Promise((resolve, reject) => {
      const cwd = join(root, instanceId);
      mkdirSync(cwd, { recursive: true });
      const child = spawn('sh', ['-c', script], {
        cwd,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: cwd,
          INSTANCE_ID: instanceId,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a kill reaches the script's children (which hold the pipes) too.
        detached: true,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      const abort = (): void => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      signal.addEventListener('abort', abort, { once: true });
      child.on('error', reject);
      child.on('close', (code, sig) => {
        signal.removeEventListener('abort', abort);
        resolve({
          exitCode: code ?? (sig ? 128 + 9 : 1),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        });
      });
    });
}
