/**
 * Bounded decompression: a stream may expand only so far (MAX_MEMBER_BYTES,
 * MAX_RATIO, what is left of the blob's budget). Beyond that it may be a
 * bomb, or only a very repetitive file (a CI log, a key padded with
 * newlines): what it expands to up to the limit is kept and scanned, the
 * rest is reported, not inflated. Truncated streams give what they hold.
 */
import { constants, InflateRaw, inflateRawSync } from 'node:zlib';
import type { ZlibHandle as InternalHandle } from '../pack/inflate-exact.js';
import type { DecodeBudget } from './limits.js';

/** Why a stream was not inflated whole; `prefix` is what it expands to up to the limit. */
export interface InflateProblem {
  problem: string;
  /** A stream past the limit: its first `limit` bytes (scanned; the rest is not). */
  prefix?: Buffer;
}

export type Inflated = { bytes: Buffer } | InflateProblem;

/** One deflate stream and the input bytes it took: what follows it is the caller's. */
export type InflatedStream = { bytes: Buffer; consumed: number } | InflateProblem;

/** What the zlib sync calls return with `info: true` (typed as a Buffer by @types/node). */
interface WithInfo {
  buffer: Buffer;
  /** bytesWritten: the input bytes the stream consumed, up to its end. */
  engine: { bytesWritten: number };
}

/** Inflates raw deflate data within the budget. */
export function inflateBounded(data: Buffer, budget: DecodeBudget): Inflated {
  const limit = budget.expansionLimit(data.length);
  return inflateWithin(data, limit, { limit, compressed: data.length });
}

/**
 * Inflates the deflate stream that `data` opens with, to at most `limit`
 * bytes. `bound` is the limit the caller enforces as a whole (several
 * streams may share it), named in the warning. A stream that expands
 * further gives its first `limit` bytes as `prefix`.
 */
export function inflateWithin(
  data: Buffer,
  limit: number,
  bound: { limit: number; compressed: number },
): InflatedStream {
  if (bound.limit === 0) return { problem: 'was not decoded (the decoding budget is spent)' };
  if (limit <= 0) return bombed(bound);
  try {
    // Sync flush: a truncated stream yields the bytes it holds instead of an error.
    const { buffer, engine } = inflateRawSync(data, {
      maxOutputLength: limit,
      finishFlush: constants.Z_SYNC_FLUSH,
      info: true,
    }) as unknown as WithInfo;
    return { bytes: buffer, consumed: engine.bytesWritten };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE')
      return { problem: 'is corrupt' };
  }
  const prefix = prefixOf(data, limit);
  return prefix.length ? { ...bombed(bound), prefix } : bombed(bound);
}

/**
 * The first `limit` bytes of a stream known to expand further. Node's
 * convenience call throws its output away past the limit, so the stream is
 * inflated again into a buffer of that size, through the handle zlib.js
 * drives in its own synchronous path (as the pack reader does); where that
 * internal handle is missing or fails (or EC2KR_INFLATE=sync), the longest
 * prefix of the input that stays within the limit is searched for instead,
 * each try bounded by the limit.
 */
function prefixOf(data: Buffer, limit: number): Buffer {
  return (
    (process.env['EC2KR_INFLATE'] === 'sync' ? null : handlePrefix(data, limit)) ??
    searchedPrefix(data, limit)
  );
}

type ZlibHandle = Pick<InternalHandle, 'writeSync' | 'onerror'>;

interface StreamInternals {
  _handle?: ZlibHandle | null;
  _writeState?: Uint32Array;
}

/** The first `limit` bytes through zlib's handle, or null when it cannot give them. */
function handlePrefix(data: Buffer, limit: number): Buffer | null {
  let stream: InflateRaw | null = null;
  try {
    stream = new InflateRaw();
    const { _handle: handle, _writeState: state } = stream as unknown as StreamInternals;
    if (
      !handle ||
      typeof handle.writeSync !== 'function' ||
      !(state instanceof Uint32Array) ||
      state.length < 2
    )
      return null;
    let failed = false;
    handle.onerror = () => {
      failed = true;
    };
    const out = Buffer.allocUnsafe(limit);
    handle.writeSync(constants.Z_SYNC_FLUSH, data, 0, data.length, out, 0, limit);
    // The stream is known to expand past the limit: anything short of it is a misbehaving handle.
    return !failed && state[0] === 0 ? out : null;
  } catch {
    return null;
  } finally {
    stream?.close();
  }
}

/** The output of the longest input prefix that inflates within `limit` (a binary search). */
function searchedPrefix(data: Buffer, limit: number): Buffer {
  // Invariant: data[0, low) inflates within the limit, data[0, high) does not.
  let low = 0;
  let high = data.length;
  let best = Buffer.alloc(0);
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    try {
      best = inflateRawSync(data.subarray(0, middle), {
        maxOutputLength: limit,
        finishFlush: constants.Z_SYNC_FLUSH,
      });
      low = middle;
    } catch {
      high = middle;
    }
  }
  return best;
}

function bombed(bound: { limit: number; compressed: number }): InflateProblem {
  return { problem: `expands beyond ${describeLimit(bound.limit, bound.compressed)}` };
}

/** Bytes for a warning: `1.50 MB`, `16 MB`, `812 bytes`. */
export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const mb = bytes / 1024 / 1024;
  return `${mb.toFixed(mb < 1 || !Number.isInteger(mb) ? 2 : 0)} MB`;
}

function describeLimit(limit: number, compressed: number): string {
  return `${describeSize(limit)} (${Math.round(limit / Math.max(1, compressed))} times its ${compressed} compressed bytes)`;
}

/**
 * The warning's text after what the stream is ("zip member "x"", "gzip
 * stream"): its problem, and what was and was not scanned. `skipped` says
 * what else was left unscanned with it ("it and the members after it").
 */
export function problemText(failure: InflateProblem, skipped = ''): string {
  const bomb = failure.problem.startsWith('expands beyond ');
  if (!bomb) return `${failure.problem}: ${skipped ? `${skipped} ` : ''}not scanned`;
  if (!failure.prefix)
    return `${failure.problem} (a decompression bomb?): ${skipped ? `${skipped} ` : ''}not scanned`;
  const first = describeSize(failure.prefix.length);
  return skipped
    ? `${failure.problem} (a decompression bomb?): ${skipped} not scanned past its first ${first}`
    : `${failure.problem}: its first ${first} were scanned, what follows (a decompression bomb?): not scanned`;
}
