/**
 * Bounded decompression: a stream may expand only so far (MAX_MEMBER_BYTES,
 * MAX_RATIO, what is left of the blob's budget); beyond that it is a bomb
 * and is reported, not inflated. Truncated streams give what they hold.
 */
import { constants, inflateRawSync } from 'node:zlib';
import type { DecodeBudget } from './limits.js';

export type Inflated = { bytes: Buffer } | { problem: string };

/** Inflates raw deflate data within the budget. */
export function inflateBounded(data: Buffer, budget: DecodeBudget): Inflated {
  const limit = budget.expansionLimit(data.length);
  if (limit === 0) return { problem: 'was not decoded (the decoding budget is spent)' };
  try {
    // Sync flush: a truncated stream yields the bytes it holds instead of an error.
    const bytes = inflateRawSync(data, {
      maxOutputLength: limit,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    return { bytes };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return {
        problem: `expands beyond ${describeLimit(limit, data.length)} (a decompression bomb?)`,
      };
    return { problem: 'is corrupt' };
  }
}

function describeLimit(limit: number, compressed: number): string {
  const mb = (limit / 1024 / 1024).toFixed(limit < 1024 * 1024 ? 2 : 0);
  return `${mb} MB (${Math.round(limit / Math.max(1, compressed))} times its ${compressed} compressed bytes)`;
}
