/**
 * The backstop behind git-dir-check.ts: a git the scan runs must never wait
 * forever on the repository. The check before git starts covers the files
 * git opens in `.git`; a FIFO elsewhere (a `.gitignore` in the work tree, a
 * file a config names in a way the check does not read) would still block
 * git in `open()` until a writer comes, which none ever does.
 *
 * On Linux the kernel says where a process sleeps: `wait_for_partner` is a
 * FIFO's open waiting for the other end, and nothing else. A git seen there
 * (or, where the kernel does not name it, sleeping in an open system call)
 * for a few seconds on end is stopped, and the scan fails naming the file.
 * A git that is only slow (reading, computing, waiting on the scan's own
 * pipes, or on a disk in uninterruptible sleep) is never there, so it is
 * never stopped. Elsewhere (macOS, Windows) nothing is watched.
 */
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** A git was stopped because it waited forever to open a file (a FIFO) in the scanned repository. */
export class GitBlockedError extends Error {
  override name = 'GitBlockedError';
}

/** The first look after this long: most gits are done sooner, and are never looked at. */
const FIRST_LOOK_MS = 1_000;
const LOOK_EVERY_MS = 250;
/** Looks in a row that must find git waiting on a FIFO's open before it is stopped (some 2 seconds). */
const LOOKS_BLOCKED = 8;
/**
 * Where the kernel does not name the wait: looks in a row that must find
 * git asleep in an open call (some 30 seconds: a slow FUSE open is given time).
 */
const LOOKS_BLOCKED_UNNAMED = 120;

/** Open system calls, by architecture: [number, index of the path argument]. */
const OPEN_CALLS: Record<string, [number, number][]> = {
  // open, openat, openat2
  x64: [
    [2, 0],
    [257, 1],
    [437, 1],
  ],
  // openat, openat2
  arm64: [
    [56, 1],
    [437, 1],
  ],
};

/** `/proc/PID/…`, or null when it cannot be read. */
function procText(pid: number, name: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'latin1');
  } catch {
    return null;
  }
}

/** The open system call a process sleeps in: its path argument's address; null when in none (or unknown). */
function openCallOf(pid: number): { address: number; dirfd: number } | null {
  const fields = procText(pid, 'syscall')?.trim().split(' ');
  if (!fields || fields.length < 3) return null;
  const number = Number(fields[0]);
  const call = OPEN_CALLS[process.arch]?.find(([nr]) => nr === number);
  if (!call) return null;
  const [, pathArg] = call;
  const address = Number(fields[1 + pathArg]);
  // openat's first argument: a directory's descriptor, or AT_FDCWD (-100, as an unsigned word).
  const dirfd = pathArg === 1 ? Number(BigInt.asIntN(32, BigInt(fields[1] ?? '0'))) : -100;
  return Number.isSafeInteger(address) ? { address, dirfd } : null;
}

/**
 * How surely the process sleeps in a FIFO's open: 'fifo' (the kernel says
 * so: `wait_for_partner`; or an open call asleep in `pipe_wait`, as older
 * kernels name it), 'open' (asleep in an open call, the kernel naming no
 * wait), or null.
 */
function waitsInOpen(pid: number): 'fifo' | 'open' | null {
  const wchan = procText(pid, 'wchan')?.trim() ?? '';
  if (wchan === 'wait_for_partner' || wchan === 'fifo_open') return 'fifo';
  if (wchan !== 'pipe_wait' && wchan !== '0' && wchan !== '') return null;
  const state = procText(pid, 'stat')?.replace(/^.*\) /s, '')[0];
  if (state !== 'S' || openCallOf(pid) === null) return null;
  return wchan === 'pipe_wait' ? 'fifo' : 'open';
}

/** The path the process is opening, read from its memory; null when it cannot be read. */
function pathBeingOpened(pid: number): string | null {
  const call = openCallOf(pid);
  if (!call) return null;
  let fd: number | null = null;
  try {
    fd = openSync(`/proc/${pid}/mem`, 'r');
    const buffer = Buffer.alloc(4096);
    // Up to the end of the page it starts in: the next one may not be mapped.
    const length = Math.min(buffer.length, 4096 - (call.address % 4096));
    const read = readSync(fd, buffer, 0, length, BigInt(call.address));
    const end = buffer.subarray(0, read).indexOf(0);
    const path = buffer.toString('utf8', 0, end === -1 ? read : end);
    if (!path || isAbsolute(path)) return path || null;
    const base = readlinkSync(
      call.dirfd === -100 ? `/proc/${pid}/cwd` : `/proc/${pid}/fd/${call.dirfd}`,
    );
    return resolve(base, path);
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The gits started and not yet ended. */
const running = new Set<ChildProcess>();

// A run that ends (a scan failed on a stopped git, an error elsewhere) leaves no git behind:
// one waiting on a FIFO would otherwise wait forever after the scanner is gone.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Watches `child` (a git) until it exits: when it waits to open a FIFO for
 * some 2 seconds on end, reads which file, stops it and calls `onBlocked`
 * with the error to fail with. Returns the function that stops watching.
 */
export function watchBlockedOpen(
  child: ChildProcess,
  cwd: string,
  onBlocked: (error: GitBlockedError) => void,
): () => void {
  const pid = child.pid;
  if (pid === undefined) return () => undefined;
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (process.platform !== 'linux') return () => undefined;
  let fifo = 0;
  let open = 0;
  let interval: NodeJS.Timeout | undefined;
  const look = (): void => {
    const waits = waitsInOpen(pid);
    fifo = waits === 'fifo' ? fifo + 1 : 0;
    open = waits ? open + 1 : 0;
    if (fifo < LOOKS_BLOCKED && open < LOOKS_BLOCKED_UNNAMED) return;
    stop();
    const path = pathBeingOpened(pid);
    child.kill('SIGKILL');
    onBlocked(
      new GitBlockedError(
        `git waited forever to open ${path ?? 'a file'} in the repository at ${cwd} ` +
          '(a FIFO or a device where git reads a file: a hostile or damaged repository); it was stopped',
      ),
    );
  };
  const first = setTimeout(() => {
    interval = setInterval(look, LOOK_EVERY_MS);
    interval.unref();
    look();
  }, FIRST_LOOK_MS);
  first.unref();
  const stop = (): void => {
    clearTimeout(first);
    clearInterval(interval);
  };
  child.once('exit', stop);
  return stop;
}

/** The first git stopped in this process for waiting forever, if any: the scan must not pass as complete. */
let stopped: GitBlockedError | null = null;

/** Remembers a git stopped by the watch (see `blockedGit`). */
export function noteBlocked(error: GitBlockedError): void {
  stopped ??= error;
}

/**
 * The error of a git stopped for waiting forever, if one was: a caller that
 * took its failure for "nothing to say" (a note, an optional question) must
 * still not report a complete scan.
 */
export function blockedGit(): GitBlockedError | null {
  return stopped;
}
