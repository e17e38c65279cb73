import type { PackIndex } from './pack-index.js';

import type { Families } from './pack-reader.js';

/**
 * A run of consecutive entries of one pack, read by one thread in pack
 * order; with `families`, a run of its delta families (from and to count
 * families, not entries).
 */
export interface Segment {
  pack: number;
  from: number;
  to: number;
  families?: true;
}

/**
 * Segments are about this share of all packs' bytes: enough of them to
 * balance two threads, and short enough that this thread reads git log's
 * output between them (it waits otherwise).
 */
const SEGMENTS_WANTED = 128;
const MIN_SEGMENT_BYTES = 512 * 1024;
const MAX_SEGMENT_BYTES = 4 * 1024 * 1024;

/** Cuts items [0, count) into consecutive runs [from, to) whose weights add up to `target` or more (the last: what is left). */
function runsOf(
  count: number,
  weightOf: (item: number) => number,
  target: number,
): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  let from = 0;
  let weight = 0;
  for (let item = 0; item < count; item++) {
    weight += weightOf(item);
    if (weight >= target || item === count - 1) {
      runs.push({ from, to: item + 1 });
      from = item + 1;
      weight = 0;
    }
  }
  return runs;
}

/** Cuts every pack into runs of about the same compressed size. */
export function segmentsOf(indexes: PackIndex[]): Segment[] {
  const total = indexes.reduce((sum, index) => sum + index.packEnd, 0);
  const target = Math.min(
    MAX_SEGMENT_BYTES,
    Math.max(MIN_SEGMENT_BYTES, Math.ceil(total / SEGMENTS_WANTED)),
  );
  return indexes.flatMap((index, pack) =>
    runsOf(
      index.count,
      (position) => index.endOf(position) - (index.offsets[position] as number),
      target,
    ).map((run) => ({ pack, ...run })),
  );
}

/** Cuts every pack's delta families into runs of about the same compressed size. */
export function familySegmentsOf(packs: Families[]): Segment[] {
  let total = 0;
  for (const families of packs) for (const weight of families.weights) total += weight;
  const target = Math.max(1, total / SEGMENTS_WANTED);
  return packs.flatMap((families, pack) =>
    runsOf(families.count, (family) => families.weights[family] as number, target).map((run) => ({
      pack,
      ...run,
      families: true as const,
    })),
  );
}

/**
 * The next segment a thread reads, claimed in `claims` (0: free, else the
 * claimer's mark): the one after its last when free, so that delta bases stay
 * in the thread's cache; else the middle of the longest free run, which
 * leaves the run's first half to the thread reading just before it. -1: none left.
 */
export function claimNext(claims: Int32Array, previous: number, mark: number): number {
  const following = previous + 1;
  if (
    previous >= 0 &&
    following < claims.length &&
    Atomics.compareExchange(claims, following, 0, mark) === 0
  )
    return following;
  for (;;) {
    let bestStart = -1;
    let bestLength = 0;
    for (let at = 0; at < claims.length;) {
      if (Atomics.load(claims, at) !== 0) {
        at++;
        continue;
      }
      const start = at;
      while (at < claims.length && Atomics.load(claims, at) === 0) at++;
      if (at - start > bestLength) {
        bestStart = start;
        bestLength = at - start;
      }
    }
    if (bestStart === -1) return -1;
    // The first thread starts at the beginning; a later one takes the middle.
    const pick =
      previous === -1 && bestStart === 0 && bestLength === claims.length
        ? 0
        : bestStart + (bestLength >>> 1);
    if (Atomics.compareExchange(claims, pick, 0, mark) === 0) return pick;
  }
}
