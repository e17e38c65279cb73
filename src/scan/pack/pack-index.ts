import { readFileSync } from 'node:fs';
import { PackFormatError } from './format.js';

const IDX_MAGIC = 0xff744f63;
const FANOUT_BYTES = 256 * 4;
const HEADER_BYTES = 8;

/** Row numbers below this fit beside an offset in one exactly represented double. */
const ROW_BITS = 2 ** 21;

/**
 * The idx rows in the order of their offsets. Offset and row are packed into
 * one number and sorted natively (a comparator sort of 150,000 rows costs
 * tens of milliseconds); huge packs take the comparator.
 */
function sortedByOffset(offsets: Float64Array): Uint32Array {
  const count = offsets.length;
  const rows = new Uint32Array(count);
  const largest = offsets.reduce((max, offset) => Math.max(max, offset), 0);
  if (count <= ROW_BITS && largest * ROW_BITS + ROW_BITS < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(count);
    for (let row = 0; row < count; row++) keys[row] = (offsets[row] as number) * ROW_BITS + row;
    keys.sort();
    for (let at = 0; at < count; at++) rows[at] = (keys[at] as number) % ROW_BITS;
    return rows;
  }
  for (let row = 0; row < count; row++) rows[row] = row;
  return rows.sort((a, b) => (offsets[a] as number) - (offsets[b] as number));
}

/**
 * The big-endian 32-bit number at `at` (in bounds: the callers check). Read by
 * hand: Buffer.readUInt32BE validates its argument through a wrapper that
 * allocates, once per id looked up and per offset of the index.
 */
function uint32At(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) * 0x1000000 +
      (((bytes[at + 1] as number) << 16) |
        ((bytes[at + 2] as number) << 8) |
        (bytes[at + 3] as number))) >>>
    0
  );
}

/**
 * A pack's `.idx` (version 2): the ids of its objects and where each starts.
 * Entries are also ordered by offset ("positions"), the order the pack is
 * read in, so an entry's compressed data ends where the next one starts.
 */
export class PackIndex {
  readonly count: number;
  /** Offsets in pack order; the last entry's data ends at `packEnd`. */
  readonly offsets: Float64Array;
  /** For each position, the entry's row in the idx (for its id). */
  private readonly rows: Uint32Array;
  /** For each row, the entry's position (a REF_DELTA names its base by id). */
  private readonly positions: Uint32Array;
  private readonly idsAt = HEADER_BYTES + FANOUT_BYTES;
  private readonly scratch: Buffer;

  constructor(
    private readonly bytes: Buffer,
    readonly hashBytes: number,
    /** Where the pack's objects end (its size minus the trailing checksum). */
    readonly packEnd: number,
  ) {
    if (bytes.length < HEADER_BYTES + FANOUT_BYTES || bytes.readUInt32BE(0) !== IDX_MAGIC)
      throw new PackFormatError('not a version 2 pack index');
    if (bytes.readUInt32BE(4) !== 2) throw new PackFormatError('pack index version is not 2');
    const count = bytes.readUInt32BE(HEADER_BYTES + 255 * 4);
    const smallAt = this.idsAt + count * (hashBytes + 4);
    const largeAt = smallAt + count * 4;
    let large = 0;
    if (largeAt > bytes.length) throw new PackFormatError('pack index is cut short');
    const offsets = new Float64Array(count);
    for (let row = 0; row < count; row++) {
      const small = uint32At(bytes, smallAt + row * 4);
      if (small & 0x80000000) {
        const at = largeAt + (small & 0x7fffffff) * 8;
        if (at + 8 > bytes.length - 2 * hashBytes)
          throw new PackFormatError('pack index is cut short');
        offsets[row] = Number(bytes.readBigUInt64BE(at));
        large++;
      } else {
        offsets[row] = small;
      }
    }
    if (largeAt + large * 8 + 2 * hashBytes > bytes.length)
      throw new PackFormatError('pack index is cut short');
    const rows = sortedByOffset(offsets);
    const positions = new Uint32Array(count);
    this.offsets = new Float64Array(count);
    for (let position = 0; position < count; position++) {
      const offset = offsets[rows[position] as number] as number;
      // Entries follow the 12-byte pack header, each at its own offset, before the checksum.
      if (
        offset < 12 ||
        offset >= packEnd ||
        (position > 0 && offset <= (this.offsets[position - 1] as number))
      )
        throw new PackFormatError('pack index offsets do not fit the pack');
      this.offsets[position] = offset;
      positions[rows[position] as number] = position;
    }
    this.rows = rows;
    this.positions = positions;
    this.count = count;
    this.scratch = Buffer.alloc(hashBytes);
  }

  /** Reads `<pack>.idx`; `packSize` is the size of the `.pack` it describes. */
  static read(path: string, hashBytes: number, packSize: number): PackIndex {
    return new PackIndex(readFileSync(path), hashBytes, packSize - hashBytes);
  }

  /** The id (hex) of the entry at `position`. */
  idAt(position: number): string {
    const at = this.idsAt + (this.rows[position] as number) * this.hashBytes;
    return this.bytes.toString('hex', at, at + this.hashBytes);
  }

  /** The end of the compressed data of the entry at `position`. */
  endOf(position: number): number {
    return position + 1 < this.count ? (this.offsets[position + 1] as number) : this.packEnd;
  }

  /** The position of the entry at `offset`, or -1. */
  positionOf(offset: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.offsets[middle] as number;
      if (value === offset) return middle;
      if (value < offset) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** The position of the object whose raw id is `id[at .. at + hashBytes)`, or -1. */
  positionOfRawId(id: Uint8Array, at: number): number {
    const row = this.rowOf(id, at);
    return row === -1 ? -1 : (this.positions[row] as number);
  }

  /** Whether the pack holds the object with this id (hex). */
  has(idHex: string): boolean {
    if (idHex.length !== this.hashBytes * 2) return false;
    // Asked once per blob of a history: decoded into one reused buffer.
    const raw = this.scratch;
    if (raw.write(idHex, 'hex') !== this.hashBytes) return false;
    return this.rowOf(raw, 0) !== -1;
  }

  /** Binary search of the sorted ids, narrowed by the fan-out table. */
  private rowOf(id: Uint8Array, at: number): number {
    const first = id[at] as number;
    let low = first === 0 ? 0 : uint32At(this.bytes, HEADER_BYTES + (first - 1) * 4);
    let high = uint32At(this.bytes, HEADER_BYTES + first * 4) - 1;
    const width = this.hashBytes;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const start = this.idsAt + middle * width;
      let order = 0;
      for (let i = 0; i < width && order === 0; i++)
        order = (this.bytes[start + i] as number) - (id[at + i] as number);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}
