/**
 * The parts of git's pack format the scanner reads itself: an entry's header
 * and a delta. Packs are repository content and so hostile: every length and
 * offset is checked, and anything git would not have written throws
 * PackFormatError, on which the caller falls back to `git cat-file`.
 */

/** A pack, index or delta that does not parse; the scan then lets git read the objects. */
export class PackFormatError extends Error {}

/**
 * Deltas that are each other's base: no object in the loop can ever be
 * built, and git 2.39 follows such a loop for ever, its memory growing. Never
 * handed to git: the scan fails with this, naming the pack.
 */
export class PackCycleError extends Error {
  override name = 'PackCycleError';
}

export const OBJ_COMMIT = 1;
export const OBJ_TREE = 2;
export const OBJ_BLOB = 3;
export const OBJ_TAG = 4;
export const OBJ_OFS_DELTA = 6;
export const OBJ_REF_DELTA = 7;

/** Sizes and offsets above this are not a real pack's (2^48 bytes); stops the varints early. */
const MAX_VALUE = 2 ** 48;

/** One pack entry's header. */
export interface EntryHeader {
  /** 1 to 4 for a whole object, 6 or 7 for a delta. */
  type: number;
  /** The object's size (a delta: the size of the delta data). */
  size: number;
  /** OFS_DELTA: the base's offset in the pack; -1 otherwise. */
  baseOffset: number;
  /** REF_DELTA: where the base's id starts in `bytes`; -1 otherwise. */
  baseIdAt: number;
  /** Bytes of the header (the compressed data follows). */
  length: number;
}

function byteAt(bytes: Uint8Array, at: number): number {
  const value = bytes[at];
  if (value === undefined) throw new PackFormatError('pack entry header is cut short');
  return value;
}

/**
 * Parses the header of the entry that starts at `at` in `bytes`, which is at
 * `offset` in its pack. With `into`, that object is filled and returned (a
 * pass over every entry of a pack then makes none).
 */
export function parseEntryHeader(
  bytes: Uint8Array,
  at: number,
  offset: number,
  hashBytes: number,
  into?: EntryHeader,
): EntryHeader {
  let p = at;
  let c = byteAt(bytes, p++);
  const type = (c >> 4) & 7;
  let size = c & 15;
  let scale = 16;
  while (c & 0x80) {
    c = byteAt(bytes, p++);
    size += (c & 0x7f) * scale;
    scale *= 128;
    if (size > MAX_VALUE || scale > MAX_VALUE * 128)
      throw new PackFormatError('pack entry size too large');
  }
  let baseOffset = -1;
  let baseIdAt = -1;
  if (type === OBJ_OFS_DELTA) {
    c = byteAt(bytes, p++);
    let distance = c & 0x7f;
    while (c & 0x80) {
      c = byteAt(bytes, p++);
      distance = (distance + 1) * 128 + (c & 0x7f);
      if (distance > MAX_VALUE) throw new PackFormatError('delta base offset too large');
    }
    if (distance <= 0 || distance > offset)
      throw new PackFormatError('delta base outside the pack');
    baseOffset = offset - distance;
  } else if (type === OBJ_REF_DELTA) {
    if (p + hashBytes > bytes.length) throw new PackFormatError('pack entry header is cut short');
    baseIdAt = p;
    p += hashBytes;
  } else if (type < OBJ_COMMIT || type > OBJ_TAG) {
    throw new PackFormatError(`unknown pack entry type ${type}`);
  }
  if (!into) return { type, size, baseOffset, baseIdAt, length: p - at };
  into.type = type;
  into.size = size;
  into.baseOffset = baseOffset;
  into.baseIdAt = baseIdAt;
  into.length = p - at;
  return into;
}

function readVarint(delta: Uint8Array, state: { at: number }): number {
  let value = 0;
  let scale = 1;
  let c: number;
  do {
    c = byteAt(delta, state.at++);
    value += (c & 0x7f) * scale;
    scale *= 128;
    if (value > MAX_VALUE) throw new PackFormatError('delta size too large');
  } while (c & 0x80);
  return value;
}

/** The size of the object a delta makes, without applying it (bounds the work up front). */
export function deltaResultSize(delta: Uint8Array): number {
  const state = { at: 0 };
  readVarint(delta, state);
  return readVarint(delta, state);
}

/**
 * Applies a git delta to its base. Every copy must lie inside the base and
 * the result must be exactly the size the delta declares. The result is
 * built in `into` when it is large enough (a view of it is returned), else
 * in a new buffer.
 */
export function applyDelta(base: Buffer, delta: Buffer, into?: Buffer): Buffer {
  const state = { at: 0 };
  const baseSize = readVarint(delta, state);
  const resultSize = readVarint(delta, state);
  if (baseSize !== base.length) throw new PackFormatError('delta base size does not match');
  const out =
    into && into.length >= resultSize
      ? into.subarray(0, resultSize)
      : Buffer.allocUnsafe(resultSize);
  let p = state.at;
  let o = 0;
  const end = delta.length;
  while (p < end) {
    const op = delta[p++] as number;
    if (op & 0x80) {
      let from = 0;
      let length = 0;
      if (op & 0x01) from = byteAt(delta, p++);
      if (op & 0x02) from |= byteAt(delta, p++) << 8;
      if (op & 0x04) from |= byteAt(delta, p++) << 16;
      if (op & 0x08) from += byteAt(delta, p++) * 0x1000000;
      if (op & 0x10) length = byteAt(delta, p++);
      if (op & 0x20) length |= byteAt(delta, p++) << 8;
      if (op & 0x40) length |= byteAt(delta, p++) << 16;
      if (length === 0) length = 0x10000;
      if (from + length > baseSize || o + length > resultSize)
        throw new PackFormatError('delta copies outside its base or result');
      if (length < 64) for (let i = 0; i < length; i++) out[o + i] = base[from + i] as number;
      else base.copy(out, o, from, from + length);
      o += length;
    } else if (op !== 0) {
      if (p + op > end || o + op > resultSize)
        throw new PackFormatError('delta inserts past its end');
      if (op < 64) for (let i = 0; i < op; i++) out[o + i] = delta[p + i] as number;
      else delta.copy(out, o, p, p + op);
      p += op;
      o += op;
    } else {
      throw new PackFormatError('delta has a reserved opcode');
    }
  }
  if (o !== resultSize) throw new PackFormatError('delta result has the wrong size');
  return out;
}
