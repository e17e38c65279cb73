/**
 * Zip archives (`.zip`, `.jar`, `.docx`…): members listed by the central
 * directory, or by their local headers when the directory is missing (a
 * truncated file). Stored and deflated members are read; every member is
 * inflated within the blob's budget.
 */
import { inflateBounded } from './inflate.js';
import { MAX_UNITS, shownName, type DecodeBudget } from './limits.js';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x1;
const DATA_DESCRIPTOR = 0x8;
/** The end record sits in the last 22 bytes plus a comment of at most 64 KiB. */
const END_SEARCH = 22 + 0xffff;

export interface ZipMember {
  name: string;
  bytes: Buffer;
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

export function isZip(bytes: Buffer): boolean {
  // Byte by byte: asked of every blob, and readUInt32LE checks its arguments first.
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function nameOf(bytes: Buffer, at: number, length: number): string {
  return shownName(bytes.toString('utf8', at, Math.min(bytes.length, at + length)));
}

/**
 * Entries of the central directory (at most MAX_UNITS, `listed` says how many
 * there are), or null when there is none to read.
 */
function centralEntries(bytes: Buffer): { entries: Entry[]; listed: number } | null {
  const from = Math.max(0, bytes.length - END_SEARCH);
  let end = -1;
  for (let at = bytes.length - 22; at >= from; at--) {
    if (bytes.readUInt32LE(at) === END) {
      end = at;
      break;
    }
  }
  if (end === -1) return null;
  const count = bytes.readUInt16LE(end + 10);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff || offset >= bytes.length) return null; // ZIP64
  const entries: Entry[] = [];
  let at = offset;
  for (let i = 0; i < count && i < MAX_UNITS; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    entries.push({
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset: bytes.readUInt32LE(at + 42),
      name: nameOf(bytes, at + 46, nameLength),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return { entries, listed: count };
}

/** Offset of a member's data from its local header, or -1. */
function dataOffset(bytes: Buffer, local: number): number {
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL) return -1;
  const at = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  return at <= bytes.length ? at : -1;
}

/**
 * Entries read from the local headers one after another (no central
 * directory), at most MAX_UNITS; `more` when another header follows them.
 */
function localEntries(bytes: Buffer): { entries: Entry[]; more: boolean } {
  const entries: Entry[] = [];
  let at = 0;
  while (
    entries.length < MAX_UNITS &&
    at + 30 <= bytes.length &&
    bytes.readUInt32LE(at) === LOCAL
  ) {
    const flags = bytes.readUInt16LE(at + 6);
    const data = dataOffset(bytes, at);
    if (data === -1) break;
    // With a data descriptor the size follows the data: only this one member can be read.
    const size = flags & DATA_DESCRIPTOR ? bytes.length - data : bytes.readUInt32LE(at + 18);
    entries.push({
      flags,
      method: bytes.readUInt16LE(at + 8),
      compressedSize: size,
      localOffset: at,
      name: nameOf(bytes, at + 30, bytes.readUInt16LE(at + 26)),
    });
    if (flags & DATA_DESCRIPTOR) return { entries, more: false };
    at = data + size;
  }
  const more = at + 4 <= bytes.length && bytes.readUInt32LE(at) === LOCAL;
  return { entries, more };
}

/**
 * The members of a zip archive, read within the budget. What cannot be read
 * (encrypted or bomb-sized members, other compression methods) is reported
 * through `budget.warnOnce`.
 */
export function zipMembers(bytes: Buffer, budget: DecodeBudget): ZipMember[] {
  const central = centralEntries(bytes);
  let entries: Entry[];
  if (central) {
    entries = central.entries;
    if (central.listed > entries.length)
      budget.warnOnce(
        `zip archive of ${central.listed} members: only the first ${entries.length} were read`,
      );
  } else {
    const local = localEntries(bytes);
    entries = local.entries;
    budget.warnOnce(
      `zip archive without a readable central directory (truncated or ZIP64): ${entries.length} member(s) read from their local headers`,
    );
    if (local.more)
      budget.warnOnce(`zip archive of more than ${entries.length} members: the rest were not read`);
  }
  const members: ZipMember[] = [];
  let encrypted = 0;
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    if (entry.flags & ENCRYPTED) {
      encrypted++;
      continue;
    }
    const data = dataOffset(bytes, entry.localOffset);
    if (data === -1) {
      budget.warnOnce(`zip member ${JSON.stringify(entry.name)}: its header is missing or cut off`);
      continue;
    }
    const compressed = bytes.subarray(data, Math.min(bytes.length, data + entry.compressedSize));
    if (entry.method === STORED) {
      if (budget.spend(compressed.length)) members.push({ name: entry.name, bytes: compressed });
    } else if (entry.method === DEFLATED) {
      const inflated = inflateBounded(compressed, budget);
      if ('problem' in inflated)
        budget.warnOnce(
          `zip member ${JSON.stringify(entry.name)} ${inflated.problem}: not scanned`,
        );
      else if (budget.spend(inflated.bytes.length))
        members.push({ name: entry.name, bytes: inflated.bytes });
    } else {
      budget.warnOnce(
        `zip member ${JSON.stringify(entry.name)} uses compression method ${entry.method}: not scanned`,
      );
    }
  }
  if (encrypted) budget.warnOnce(`${encrypted} encrypted zip member(s) could not be scanned`);
  return members;
}
