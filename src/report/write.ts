import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, writeSync } from 'node:fs';
import { lstat, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/** Pieces are joined up to this size before each write: few syscalls, bounded memory. */
const BATCH_CHARS = 64 * 1024;

/** The reader went away (`scan | head -1`): no error, the rest is simply not wanted. */
const isClosedPipe = (error: NodeJS.ErrnoException): boolean =>
  error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';

/** The CLI contract's exit code for an error (not 1: that means keys were found). */
const EXIT_ERROR = 2;

/**
 * Keeps a closed pipe on `stream` (stdout, stderr) from ending the process
 * with a stack trace. Any other write error (a full disk, an I/O error) ends
 * it with one line and exit 2: the report did not reach its reader, so
 * neither "clean" (0) nor "found" (1) may be claimed.
 */
export function quietOnClosedPipe(stream: Writable): void {
  if (stream.listeners('error').includes(onStdioError)) return;
  stream.on('error', onStdioError);
}

function onStdioError(this: Writable, error: NodeJS.ErrnoException): void {
  if (isClosedPipe(error)) return;
  const name = this === process.stderr ? 'standard error' : 'standard output';
  try {
    // Synchronously, and on the descriptor: stderr itself may be what failed.
    writeSync(2, `ec2-key-rotate: cannot write to ${name}: ${error.code ?? error.message}\n`);
  } catch {
    // Nowhere left to say it: the exit code still tells.
  }
  process.exit(EXIT_ERROR);
}

/** Resolves when `stream` can take more, or will never take any (closed, failed). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.on(event, done);
  });
}

/**
 * Writes `pieces` to `stream`, waiting whenever it is full, so that memory
 * stays bounded however long the report. Resolves false when the reader
 * closed the pipe before the end, true otherwise.
 */
export async function writePieces(stream: Writable, pieces: Iterable<string>): Promise<boolean> {
  let failure: NodeJS.ErrnoException | null = null;
  const onError = (error: NodeJS.ErrnoException): void => {
    failure ??= error;
  };
  stream.on('error', onError);
  try {
    let batch = '';
    const flush = async (): Promise<boolean> => {
      if (failure || stream.destroyed) return false;
      const full = !stream.write(batch);
      batch = '';
      if (full) await drained(stream);
      return !failure && !stream.destroyed;
    };
    for (const piece of pieces) {
      batch += piece;
      if (batch.length >= BATCH_CHARS && !(await flush())) break;
    }
    if (batch && !failure) await flush();
    if (failure && !isClosedPipe(failure)) throw failure;
    return !failure && !stream.destroyed;
  } finally {
    stream.off('error', onError);
  }
}

/**
 * A temporary name beside `file`, short whatever its name: a name near
 * NAME_MAX (255 bytes) with a suffix added would be too long, though `file`
 * itself is valid. Hidden, and random so that no one can take it first.
 */
function temporaryBeside(file: string): string {
  return join(dirname(file), `.ec2kr-${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * Writes the report to `file` through a temporary file beside it and a
 * rename, so a failed write never leaves half a report or destroys the last
 * one. The temporary file is created anew (never an existing one taken
 * over) with the modes any new file gets (the report holds no secret), and
 * removed should the write fail. A
 * path that exists and is no regular file (`/dev/stdout`, a FIFO) is written
 * directly.
 */
export async function writeReportFile(file: string, pieces: Iterable<string>): Promise<void> {
  const existing = await lstat(file).catch(() => null);
  const direct = existing !== null && !existing.isFile();
  const target = direct ? file : temporaryBeside(file);
  const stream = createWriteStream(target, direct ? { flags: 'w' } : { flags: 'wx', mode: 0o666 });
  let created = false;
  try {
    await once(stream, 'open');
    created = !direct;
    await writePieces(stream, pieces);
    stream.end();
    await once(stream, 'finish');
    if (!direct) await rename(target, file);
  } catch (error) {
    stream.destroy();
    // Only what this write created: a name someone else holds (EEXIST) is theirs.
    if (created) await rm(target, { force: true });
    throw error;
  }
}
