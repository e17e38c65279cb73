/**
 * The bytes a streaming scan keeps between chunks: the tail of what it has
 * read, and a block that waits for its end. Chunks are appended to one
 * buffer that grows by doubling, so a block that waits over many chunks
 * costs a copy of each chunk, not a copy of all it holds per chunk.
 */
const NO_BYTES = Buffer.alloc(0);

export class Carry {
  private buffer: Buffer = NO_BYTES;
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  /** The bytes carried: a view, valid until the next call. */
  bytes(): Buffer {
    return this.buffer.subarray(this.start, this.end);
  }

  /** Copies `chunk` after the bytes carried. */
  append(chunk: Buffer): void {
    if (!chunk.length) return;
    const length = this.length;
    const needed = length + chunk.length;
    if (this.end + chunk.length > this.buffer.length) {
      if (needed <= this.buffer.length / 2) {
        this.buffer.copyWithin(0, this.start, this.end);
      } else {
        const larger = Buffer.allocUnsafe(Math.max(needed, 2 * this.buffer.length));
        this.buffer.copy(larger, 0, this.start, this.end);
        this.buffer = larger;
      }
      this.start = 0;
      this.end = length;
    }
    chunk.copy(this.buffer, this.end);
    this.end += chunk.length;
  }

  /** Leaves out the first `count` bytes carried. */
  drop(count: number): void {
    this.start = Math.min(this.end, this.start + count);
    if (this.start === this.end) this.start = this.end = 0;
  }

  /** Carries a copy of `bytes` alone. */
  replace(bytes: Buffer): void {
    this.start = this.end = 0;
    this.append(bytes);
  }
}
