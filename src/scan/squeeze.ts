/**
 * While a streamed block waits for its end, the white space that follows it
 * is cut short before it is carried: a run keeps its first KEPT_RUN bytes
 * (and one newline, when it held any), the rest is dropped. Padding (a
 * million spaces on a body line, or blank lines) then costs no memory, and
 * the block is cut as a whole blob's scan cuts it: peeling drops white
 * space, and the marker lookback (256 bytes) sees the same prefix. What was
 * dropped is recorded, so that the lines and offsets of the blocks after it
 * are still the file's.
 */

/** Bytes of a run kept: as many as the detector looks back from a marker for its line's prefix. */
export const KEPT_RUN = 256;

const SPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]) SPACE[byte] = 1;

/** Dropped bytes and newlines, cumulated, at offsets of the squeezed stream (ascending). */
interface Drops {
  at: number[];
  lines: number[];
  bytes: number[];
}

export class Squeeze {
  private readonly drops: Drops = { at: [], lines: [], bytes: [] };
  /** The first drop not folded yet. */
  private first = 0;

  /**
   * `chunk` with its white space cut short, to be carried at `offset` (of
   * the squeezed stream) after `carried`, whose last bytes may open a run.
   */
  squeeze(chunk: Buffer, offset: number, carried: Buffer): Buffer {
    let run = 0;
    let newline = false;
    for (let at = carried.length - 1; at >= 0 && run < KEPT_RUN; at--) {
      const byte = carried[at] as number;
      if (!SPACE[byte]) break;
      run++;
      if (byte === 10) newline = true;
    }
    let out: Buffer | null = null;
    let written = 0;
    let droppedBytes = 0;
    let droppedLines = 0;
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at] as number;
      const space = SPACE[byte] === 1;
      if (space && run >= KEPT_RUN && (byte !== 10 || newline)) {
        if (!out) {
          out = Buffer.allocUnsafe(chunk.length);
          chunk.copy(out, 0, 0, at);
        }
        droppedBytes++;
        if (byte === 10) droppedLines++;
        continue;
      }
      if (droppedBytes) {
        this.record(offset + written, droppedLines, droppedBytes);
        droppedBytes = droppedLines = 0;
      }
      run = space ? run + 1 : 0;
      newline = space && (newline || byte === 10);
      if (out) out[written] = byte;
      written++;
    }
    if (droppedBytes) this.record(offset + written, droppedLines, droppedBytes);
    return out ? out.subarray(0, written) : chunk;
  }

  private record(at: number, lines: number, bytes: number): void {
    const { drops } = this;
    const last = drops.at.length - 1;
    drops.at.push(at);
    drops.lines.push((drops.lines[last] ?? 0) + lines);
    drops.bytes.push((drops.bytes[last] ?? 0) + bytes);
  }

  /** Newlines and bytes dropped before `offset` and not folded yet. */
  before(offset: number): { lines: number; bytes: number } {
    const { at, lines, bytes } = this.drops;
    // The last drop at or before `offset`, by bisection.
    let low = this.first;
    let high = at.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((at[middle] as number) <= offset) low = middle + 1;
      else high = middle;
    }
    if (low === this.first) return { lines: 0, bytes: 0 };
    const base = this.first ? this.first - 1 : -1;
    return {
      lines: (lines[low - 1] as number) - (lines[base] ?? 0),
      bytes: (bytes[low - 1] as number) - (bytes[base] ?? 0),
    };
  }

  /** What was dropped before `offset`, which the caller counts from now on; forgotten here. */
  fold(offset: number): { lines: number; bytes: number } {
    const folded = this.before(offset);
    const { at } = this.drops;
    while (this.first < at.length && (at[this.first] as number) <= offset) this.first++;
    // Forget folded drops once they are most of the list (amortised: a drop is moved at most twice).
    if (this.first > 1024 && this.first * 2 > at.length) {
      const keep = this.first - 1;
      for (const list of [this.drops.at, this.drops.lines, this.drops.bytes]) list.splice(0, keep);
      this.first = 1;
    }
    return folded;
  }
}
