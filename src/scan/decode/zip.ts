/**
 * Zip archives (`.zip`, `.jar`, `.docx`…): members listed by the central
 * directory, or by their local headers when the directory is missing (a
 * truncated file). Stored and deflated members are read; every member is
 * inflated within the blob's budget: one that expands past it is scanned up
 * to the limit, and the rest is named in a warning.
 */
import { inflateBounded, problemText } from './inflate.js';
import { MAX_UNITS, type DecodeBudget } from './limits.js';
import { isDirectoryName, memberPath } from './member-path.js';
import { centralDirectory, LOCAL, type Entry, type ZipDirectory } from './zip-directory.js';

const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x1;
const DATA_DESCRIPTOR = 0x8;

export interface ZipMember {
  /** Made safe to show and to join after `archive!/` (see memberPath). */
  name: string;
  bytes: Buffer;
}

export function isZip(bytes: Buffer): boolean {
  // Byte by byte: asked of every blob, and readUInt32LE checks its arguments first.
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
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
      rawName: bytes.subarray(
        at + 30,
        Math.min(bytes.length, at + 30 + bytes.readUInt16LE(at + 26)),
      ),
    });
    if (flags & DATA_DESCRIPTOR) return { entries, more: false };
    at = data + size;
  }
  const more = at + 4 <= bytes.length && bytes.readUInt32LE(at) === LOCAL;
  return { entries, more };
}

/** The entries to read: the central directory's, else the local headers' (with a warning). */
function entriesOf(bytes: Buffer, central: ZipDirectory | null, budget: DecodeBudget): Entry[] {
  if (central) {
    if (central.listed > central.entries.length)
      budget.warnOnce(
        `zip archive of ${central.listed} members: only the first ${central.entries.length} were read`,
      );
    return central.entries;
  }
  const local = localEntries(bytes);
  budget.warnOnce(
    `zip archive without a readable central directory (truncated or ZIP64): ${local.entries.length} member(s) read from their local headers`,
  );
  if (local.more)
    budget.warnOnce(
      `zip archive of more than ${local.entries.length} members: the rest were not read`,
    );
  return local.entries;
}

/**
 * The members of a zip archive, read within the budget. `central` is the
 * archive's directory when it has been read already (it may sit after bytes
 * that are no part of the archive). What cannot be read (encrypted or
 * bomb-sized members, other compression methods) is reported through
 * `budget.warnOnce`.
 */
export function zipMembers(
  bytes: Buffer,
  budget: DecodeBudget,
  central: ZipDirectory | null = centralDirectory(bytes),
): ZipMember[] {
  const members: ZipMember[] = [];
  let encrypted = 0;
  for (const entry of entriesOf(bytes, central, budget)) {
    if (isDirectoryName(entry.rawName)) continue;
    if (entry.flags & ENCRYPTED) {
      encrypted++;
      continue;
    }
    const name = memberPath(entry.rawName);
    const data = dataOffset(bytes, entry.localOffset);
    if (data === -1) {
      budget.warnOnce(`zip member ${JSON.stringify(name)}: its header is missing or cut off`);
      continue;
    }
    const compressed = bytes.subarray(data, Math.min(bytes.length, data + entry.compressedSize));
    if (entry.method === STORED) {
      if (budget.spend(compressed.length)) members.push({ name, bytes: compressed });
    } else if (entry.method === DEFLATED) {
      const inflated = inflateBounded(compressed, budget);
      // A member past the limit: what it expands to up to the limit is scanned.
      const bytes = 'problem' in inflated ? inflated.prefix : inflated.bytes;
      if ('problem' in inflated)
        budget.warnOnce(`zip member ${JSON.stringify(name)} ${problemText(inflated)}`);
      if (bytes && budget.spend(bytes.length)) members.push({ name, bytes });
    } else {
      budget.warnOnce(
        `zip member ${JSON.stringify(name)} uses compression method ${entry.method}: not scanned`,
      );
    }
  }
  if (encrypted) budget.warnOnce(`${encrypted} encrypted zip member(s) could not be scanned`);
  return members;
}
