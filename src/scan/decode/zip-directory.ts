/**
 * The central directory of a zip archive, found as unzip finds it: from the
 * end record in the file's last 64 KiB, not from the first bytes. Bytes in
 * front of the archive (a self-extracting stub, a PNG the zip was appended
 * to, a jar's shell launcher) shift every offset the archive records unless
 * `zip -A` fixed them; the shift is worked out from where the directory
 * really ends, as unzip does ("extra bytes at beginning").
 */
import { MAX_UNITS } from './limits.js';

export const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const END_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
/** A ZIP64 end record without extensible data, as every common writer makes it. */
const ZIP64_END_SIZE = 56;
/** The end record sits in the last 22 bytes plus a comment of at most 64 KiB. */
const END_SEARCH = END_SIZE + 0xffff;

export interface Entry {
  /** Raw, as the archive spells it: shown only through `memberPath`. */
  rawName: Buffer;
  method: number;
  flags: number;
  compressedSize: number;
  /** Where the member's local header is in the bytes given (any prefix counted in). */
  localOffset: number;
}

export interface ZipDirectory {
  /** At most MAX_UNITS entries; `listed` says how many the archive has. */
  entries: Entry[];
  listed: number;
  /** Where the archive's first member starts: what lies before it is not part of the archive. */
  start: number;
}

/** Offset of the end-of-central-directory record, or -1. Bounded: only the last 64 KiB are searched. */
function endRecord(bytes: Buffer): number {
  if (bytes.length < END_SIZE) return -1;
  const from = Math.max(0, bytes.length - END_SEARCH);
  // A native search over a view: a blob that is no zip costs one pass over its tail.
  const found = bytes.subarray(from, bytes.length - END_SIZE + END.length).lastIndexOf(END);
  return found === -1 ? -1 : from + found;
}

function u32(bytes: Buffer, at: number): number {
  return at >= 0 && at + 4 <= bytes.length ? bytes.readUInt32LE(at) : -1;
}

/** Where the central directory ends: before the end record, or before its ZIP64 records. */
function directoryEnd(bytes: Buffer, end: number): number {
  const locator = end - ZIP64_LOCATOR_SIZE;
  if (u32(bytes, locator) !== ZIP64_LOCATOR) return end;
  const zip64 = locator - ZIP64_END_SIZE;
  return u32(bytes, zip64) === ZIP64_END ? zip64 : end;
}

function readEntries(bytes: Buffer, at: number, count: number, prefix: number): Entry[] | null {
  const entries: Entry[] = [];
  for (let i = 0; i < count && i < MAX_UNITS; i++) {
    if (u32(bytes, at) !== CENTRAL || at + 46 > bytes.length) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    entries.push({
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset: bytes.readUInt32LE(at + 42) + prefix,
      rawName: bytes.subarray(at + 46, Math.min(bytes.length, at + 46 + nameLength)),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * The central directory of the zip archive that `bytes` ends with, or null
 * when there is none to read (no end record, no member, ZIP64, offsets that
 * lead nowhere). The offsets are tried as recorded first, then shifted by
 * the bytes found in front of the archive. Either way the archive must
 * prove itself (its first member's local header where the directory says)
 * before the bytes are taken for one: a text file may hold the four
 * signature bytes.
 */
export function centralDirectory(bytes: Buffer): ZipDirectory | null {
  const end = endRecord(bytes);
  if (end === -1) return null;
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff || size === 0xffffffff) return null; // ZIP64
  const shift = directoryEnd(bytes, end) - size - offset;
  for (const prefix of shift > 0 ? [0, shift] : [0]) {
    if (offset + prefix >= bytes.length) continue;
    const entries = readEntries(bytes, offset + prefix, count, prefix);
    if (!entries?.length) continue;
    const start = entries.reduce((least, entry) => Math.min(least, entry.localOffset), Infinity);
    // Members lie before their directory: so archives in a row never share bytes.
    if (start > offset + prefix || u32(bytes, start) !== LOCAL) continue;
    return { entries, listed: count, start };
  }
  return null;
}
