/**
 * Buffers for delta bases, lent again once no delta needs their content.
 * Git chains each version of a file on the next, so nearly every object of
 * a history is some delta's base: a new buffer for each was the largest
 * cost of reading a pack after inflating it (fresh memory to fault in, and
 * a collector that ran for every few megabytes of it). Sizes are rounded up
 * to a power of two, so a returned buffer serves any later object of its
 * class. Small and large objects are never pooled: the small ones come from
 * Node's own slab, the large ones are rare.
 */

/** Sizes pooled: above 2 KiB (a class wastes at most half) up to 1 MiB. */
const MIN_POOLED = 2048 + 1;
const MAX_POOLED = 1024 * 1024;

export class BufferPool {
  /** Free buffers by class (log2 of their size). */
  private readonly free: ArrayBuffer[][] = [];
  /** Buffers this pool made, and those of them lent now: only a lent one is taken back (once). */
  private readonly made = new WeakSet<ArrayBufferLike>();
  private readonly lent = new WeakSet<ArrayBufferLike>();
  private freeBytes = 0;

  constructor(private readonly maxFreeBytes: number) {}

  /** `size` bytes, uninitialised: a view of a pooled buffer, or a buffer of its own. */
  take(size: number): Buffer {
    if (size < MIN_POOLED || size > MAX_POOLED) return Buffer.allocUnsafe(size);
    const sizeClass = 32 - Math.clz32(size - 1);
    const reused = this.free[sizeClass]?.pop();
    if (reused) {
      this.freeBytes -= reused.byteLength;
      this.lent.add(reused);
      return Buffer.from(reused, 0, size);
    }
    const made = Buffer.allocUnsafeSlow(1 << sizeClass);
    this.made.add(made.buffer);
    this.lent.add(made.buffer);
    return made.subarray(0, size);
  }

  /** The bytes `buffer` holds in memory (its class's size when pooled). */
  capacityOf(buffer: Buffer): number {
    return this.made.has(buffer.buffer) ? buffer.buffer.byteLength : buffer.length;
  }

  /**
   * Takes back a buffer `take` gave. The caller must hold no other view of
   * it: its bytes are the next taker's. Others, and any beyond the pool's
   * bound, are left to the collector.
   */
  give(buffer: Buffer): void {
    const backing = buffer.buffer;
    if (!this.lent.has(backing) || !(backing instanceof ArrayBuffer)) return;
    this.lent.delete(backing);
    if (this.freeBytes + backing.byteLength > this.maxFreeBytes) return;
    const sizeClass = 31 - Math.clz32(backing.byteLength);
    (this.free[sizeClass] ??= []).push(backing);
    this.freeBytes += backing.byteLength;
  }
}
