/**
 * Bounded decompression: a stream may expand only so far (MAX_MEMBER_BYTES,
 * MAX_RATIO, what is left of the blob's budget); beyond that it is a bomb
 * and is reported, not inflated. Truncated streams give what they hold.
 */
import { constants, inflateRawSync } from 'node:zlib';
import type { DecodeBudget } from './limits.js';

export type Inflated = { bytes: Buffer } | { problem: string };

/** One deflate stream and the input bytes it took: what follows it is the caller's. */
export type InflatedStream = { bytes: Buffer; consumed: number } | { problem: string };

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
 * streams may share it), named in the bomb warning.
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
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return bombed(bound);
    return { problem: 'is corrupt' };
  }
}

function bombed(bound: { limit: number; compressed: number }): { problem: string } {
  return {
    problem: `expands beyond ${describeLimit(bound.limit, bound.compressed)} (a decompression bomb?)`,
  };
}

function describeLimit(limit: number, compressed: number): string {
  const mb = (limit / 1024 / 1024).toFixed(limit < 1024 * 1024 ? 2 : 0);
  return `${mb} MB (${Math.round(limit / Math.max(1, compressed))} times its ${compressed} compressed bytes)`;
}
