/**
 * Blocks rebuilt from raw bytes, looked up by those bytes: a history holds
 * the same key in thousands of blob versions, and rebuilding (unescaping,
 * peeling every line) costs far more than comparing the raw bytes. No
 * string is made for the lookup (a latin1 copy of each block and its hash
 * were a tenth of a history scan, and most of its young garbage): a hash of
 * a sample of the bytes picks a bucket, and an exact byte comparison
 * decides. Bounded in entries, in the bytes of each, and in entries per
 * bucket, so hostile input (blocks made to share a sample) costs a few
 * comparisons per block at most and cannot grow it.
 */

interface Entry<T> {
  tag: number;
  raw: Buffer;
  value: T;
}

/** Bytes hashed from each end of the raw text, and the stride of the sample between. */
const EDGE = 64;
const STRIDE = 29;
/** Entries sharing a hash: past this, a block is rebuilt each time instead of cached. */
const BUCKET_MAX = 4;

/** FNV-1a of `tag`, the length, both ends and a sparse sample of bytes[start, end). */
function sampleHash(bytes: Buffer, start: number, end: number, tag: number): number {
  let hash = 0x811c9dc5 ^ tag;
  hash = Math.imul(hash ^ (end - start), 0x01000193);
  const headEnd = Math.min(end, start + EDGE);
  for (let at = start; at < headEnd; at++)
    hash = Math.imul(hash ^ (bytes[at] as number), 0x01000193);
  for (let at = headEnd; at < end - EDGE; at += STRIDE)
    hash = Math.imul(hash ^ (bytes[at] as number), 0x01000193);
  for (let at = Math.max(headEnd, end - EDGE); at < end; at++)
    hash = Math.imul(hash ^ (bytes[at] as number), 0x01000193);
  return hash >>> 0;
}

export class RawRebuildCache<T> {
  private readonly buckets = new Map<number, Entry<T>[]>();
  private entries = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  /**
   * The value built from bytes[start, end) with `tag` (what else the build
   * depends on, as a small integer), built by `build` on a miss.
   */
  get(bytes: Buffer, start: number, end: number, tag: number, build: () => T): T {
    if (end - start > this.maxBytes) return build();
    const hash = sampleHash(bytes, start, end, tag);
    const bucket = this.buckets.get(hash);
    if (bucket) {
      // One view and the static compare: the ranged form validates through allocating wrappers.
      const raw = bytes.subarray(start, end);
      for (const entry of bucket)
        if (entry.tag === tag && Buffer.compare(entry.raw, raw) === 0) return entry.value;
    }
    const value = build();
    if (bucket && bucket.length >= BUCKET_MAX) return value;
    if (this.entries >= this.maxEntries) {
      this.buckets.clear();
      this.entries = 0;
    }
    const entry = { tag, raw: Buffer.from(bytes.subarray(start, end)), value };
    const fresh = this.buckets.get(hash);
    if (fresh) fresh.push(entry);
    else this.buckets.set(hash, [entry]);
    this.entries++;
    return value;
  }
}
