// Running and timing commands, repeated runs, and peak memory of a child.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';

export const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command and measures its wall-clock time from spawn to exit.
 * `stdout`: 'null' sends it to /dev/null (no cost to the measurement),
 * 'drain' reads and discards it in this process (the cost of a pipe),
 * 'capture' keeps it. stderr is always kept (for error messages).
 * With `timeoutMs`, the command is killed when it runs longer, and the
 * result says `timedOut`.
 */
export function run(command, args, { cwd, env, stdout = 'capture', timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ['ignore', stdout === 'null' ? 'ignore' : 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer =
      timeoutMs &&
      setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
    child.stdout?.on('data', (chunk) => {
      if (stdout === 'capture') out.push(chunk);
    });
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      if (timer) clearTimeout(timer);
      resolve({
        ms,
        code,
        signal,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs each task `runs` times, interleaved (a, b, c, a, b, c, ...) so that
 * drift in the machine's speed affects them alike. `check` validates each
 * result and throws to fail the benchmark. Returns, per task name, the
 * results and the median and minimum wall times.
 */
export async function interleave(runs, tasks) {
  const results = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, task] of Object.entries(tasks)) {
      const result = await task.once();
      task.check?.(result);
      results[name].push(result);
    }
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, list]) => {
      const times = list.map((result) => result.ms);
      return [
        name,
        { results: list, last: list.at(-1), times, median: median(times), min: Math.min(...times) },
      ];
    }),
  );
}

/**
 * Runs a Node program and reports the peak RSS of the Node process itself
 * (from a preloaded probe, see rss-probe.mjs) and, when GNU time is
 * installed, the largest of it and the processes it waited for, such as the
 * git it runs (`/usr/bin/time -f %M`). Both in KiB; null when unavailable.
 */
export async function peakRss(command, args, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  try {
    const rssFile = join(dir, 'rss');
    const timeFile = join(dir, 'time');
    const probe = pathToFileURL(join(import.meta.dirname, 'rss-probe.mjs')).href;
    const env = {
      ...options.env,
      BENCH_RSS_FILE: rssFile,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${probe}`].filter(Boolean).join(' '),
    };
    const gnuTime = existsSync(GNU_TIME);
    const result = gnuTime
      ? await run(GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args], { ...options, env })
      : await run(command, args, { ...options, env });
    const probed = existsSync(rssFile)
      ? readFileSync(rssFile, 'utf8')
          .trim()
          .split('\n')
          .map((line) => Number(line.split(' ')[1]))
      : [];
    const tree =
      gnuTime && existsSync(timeFile)
        ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)
        : '';
    return {
      ...result,
      nodeKiB: probed.length ? Math.max(...probed) : null,
      treeKiB: /^\d+$/.test(tree) ? Number(tree) : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
