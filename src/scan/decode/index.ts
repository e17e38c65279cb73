/**
 * Finds keys hidden by an encoding: UTF-16 text, base64 runs, gzip streams,
 * zip members, DER files, PKCS#12 files and bare OpenSSH containers, nested
 * up to MAX_DEPTH. Each decoder runs only when a cheap test on a few bytes
 * says it may matter, so ordinary blobs pay for a handful of byte reads and
 * one sparse sampling pass. What each layer decodes is scanned like a blob
 * of its own, then placed back: an archive member by its name, an inline
 * run by its line.
 */
import type { KeyBlock } from '../detector.js';
import { findBase64Runs, holdsEncodedRun } from './base64.js';
import {
  derPrivateKeys,
  isOpensshContainer,
  LABELS,
  MAX_DER_ELEMENTS,
  pemBodyOf,
  pemOf,
} from './der.js';
import { gunzipBounded, isGzip } from './gzip.js';
import {
  DecodeBudget,
  MAX_DECODE_INPUT,
  MAX_DEPTH,
  MAX_MEMBER_BYTES,
  MAX_UNITS,
} from './limits.js';
import { isPkcs12, pkcs12Keys } from './pkcs12.js';
import { decodeUtf16, HEAD_BYTES, utf16Encoding } from './utf16.js';
import { isZip, zipMembers } from './zip.js';
import { centralDirectory } from './zip-directory.js';

/** Finds the key blocks whose markers are in clear in some bytes (the detector's own scan). */
export type PlainScan = (bytes: Buffer) => KeyBlock[];

/** Bytes one decoder produced, and where they sit in the bytes they came from. */
interface Unit {
  bytes: Buffer;
  encoding: string;
  /** Archive member name. */
  member?: string;
  /** Line and offset of an inline run (blocks inside it are reported there). */
  line?: number;
  offset?: number;
}

/** What one blob's decoding shares; the budget is made only once something is decoded. */
class Context {
  private spent: DecodeBudget | null = null;

  constructor(
    readonly plain: PlainScan,
    private readonly onWarning: (message: string) => void,
  ) {}

  get budget(): DecodeBudget {
    return (this.spent ??= new DecodeBudget(this.onWarning));
  }
}

/** DER files are small: a key, or a PKCS#12 file with its certificate chain. */
const MAX_DER_FILE = 1024 * 1024;

function keyBlock(text: string, encoding: string): KeyBlock {
  return { offset: 0, line: 1, kind: 'pem', text, truncated: false, placeholder: false, encoding };
}

/** Key blocks that a binary file is in itself: DER key, PKCS#12, bare OpenSSH container. */
function binaryKeys(bytes: Buffer, context: Context): KeyBlock[] {
  if (isOpensshContainer(bytes)) return [keyBlock(pemOf(LABELS.openssh, bytes), 'binary')];
  if (bytes[0] !== 0x30 || bytes.length < 32 || bytes.length > MAX_DER_FILE) return [];
  if (isPkcs12(bytes))
    return pkcs12Keys(bytes, context.budget).map((key) =>
      keyBlock(pemOf(key.label, key.der), 'pkcs12'),
    );
  return derKeyBlocks(bytes, context);
}

/**
 * Whether the first HEAD_BYTES hold a NUL, as binary and UTF-16 content do:
 * every seventh byte is looked at (both parities of UTF-16, and binary has
 * NULs aplenty). A miss costs only a base64 sampling of a binary blob.
 */
function hasNulInHead(bytes: Buffer): boolean {
  const end = Math.min(bytes.length, HEAD_BYTES);
  for (let at = 0; at < end; at += 7) if (bytes[at] === 0) return true;
  return false;
}

/** The units that `bytes` decodes to at this layer. */
function unitsOf(bytes: Buffer, context: Context): Unit[] {
  const nulInHead = hasNulInHead(bytes);
  const utf16 = utf16Encoding(bytes, nulInHead);
  if (utf16) {
    const { budget } = context;
    // Text in UTF-16 is nothing else at this layer: its decoding is looked into next.
    const decoded = decodeUtf16(bytes, utf16);
    return budget.spend(decoded.length) ? [{ bytes: decoded, encoding: utf16 }] : [];
  }
  if (isGzip(bytes)) {
    const { budget } = context;
    const inflated = gunzipBounded(bytes, budget);
    // The members before a bad one are still scanned.
    if (inflated.problem) budget.warnOnce(`gzip stream ${inflated.problem}`);
    if (!inflated.bytes.length) return [];
    return budget.spend(inflated.bytes.length) ? [{ bytes: inflated.bytes, encoding: 'gzip' }] : [];
  }
  const zips = zipUnits(bytes, context);
  const text = zips.before;
  if (!text.length) return zips.units;
  // Base64 is text: a binary blob (a NUL early on) is not sampled for it.
  if (text === bytes ? nulInHead : hasNulInHead(text)) return zips.units;
  const runs = findBase64Runs(text, MAX_MEMBER_BYTES, () =>
    context.budget.warnOnce('a base64 run longer than the decoding limit was cut'),
  );
  if (!runs.length) return zips.units;
  const { budget } = context;
  const units = zips.units;
  for (const run of runs) {
    if (!budget.spend(run.decoded.length)) break;
    units.push({ bytes: run.decoded, encoding: run.encoding, line: run.line, offset: run.start });
  }
  return units;
}

/**
 * The members of the zip archives `bytes` holds, and the bytes in front of
 * them (all of `bytes` when there is no archive). An archive is found where
 * it starts (at byte 0) or by its end record, as unzip finds it: after a
 * self-extracting stub, a PNG, a jar's launcher or another archive
 * (`cat a.zip b.zip`). What is in front is read like any blob: an archive
 * again, or text with base64 in it.
 */
function zipUnits(bytes: Buffer, context: Context): { units: Unit[]; before: Buffer } {
  const units: Unit[] = [];
  let rest = bytes;
  // Entries listed by the archives read so far: a row of archives is held to one archive's cap.
  let listed = 0;
  while (rest.length) {
    const directory = centralDirectory(rest);
    if (!directory && !isZip(rest)) break;
    if (listed >= MAX_UNITS) {
      context.budget.warnOnce(
        `zip archives one after another of more than ${MAX_UNITS} members: the rest were not read`,
      );
      break;
    }
    listed += directory?.entries.length ?? MAX_UNITS;
    for (const member of zipMembers(rest, context.budget, directory))
      units.push({ bytes: member.bytes, encoding: 'zip', member: member.name });
    rest = rest.subarray(0, directory?.start ?? 0);
  }
  return { units, before: rest };
}

/** A block found in a unit, placed in the bytes the unit came from. */
function placed(block: KeyBlock, unit: Unit): KeyBlock {
  const member = unit.member
    ? block.member
      ? `${unit.member}!/${block.member}`
      : unit.member
    : block.member;
  return {
    ...block,
    // A block in an archive member keeps the line in the member (README), however the archive came.
    line: block.member !== undefined ? block.line : (unit.line ?? block.line),
    offset: unit.offset ?? block.offset,
    encoding: block.encoding ? `${unit.encoding}+${block.encoding}` : unit.encoding,
    ...(member === undefined ? {} : { member }),
  };
}

/** Bytes of a body's opening that the prefix index is keyed by. */
const PREFIX_BYTES = 32;

/**
 * The clear blocks whose body starts with a given body, found through a map
 * keyed by the body's first bytes (one map per shorter length, made when
 * first asked): linear in the blocks however many a hostile blob holds.
 */
class PrefixIndex<T extends { body: Buffer }> {
  private readonly byLength = new Map<number, Map<string, T[]>>();

  constructor(private readonly entries: T[]) {}

  startingWith(body: Buffer): T[] {
    const length = Math.min(body.length, PREFIX_BYTES);
    let map = this.byLength.get(length);
    if (!map) {
      map = new Map();
      for (const entry of this.entries) {
        if (entry.body.length < length) continue;
        const key = entry.body.toString('latin1', 0, length);
        const list = map.get(key);
        if (list) list.push(entry);
        else map.set(key, [entry]);
      }
      this.byLength.set(length, map);
    }
    const candidates = map.get(body.toString('latin1', 0, length)) ?? [];
    return length === body.length
      ? candidates
      : candidates.filter((entry) => entry.body.subarray(0, body.length).equals(body));
  }
}

/**
 * `clear` and `decoded` without a key reported twice: a PEM body is itself
 * base64 and a stored zip member is in clear. A block inside an archive
 * member replaces the same block seen in clear (the member names the place
 * better than the archive's line); otherwise the clear one stays.
 */
export function withoutRepeats(clear: KeyBlock[], decoded: KeyBlock[]): KeyBlock[] {
  // Clear blocks of one body (copies of a key) are one entry: a flood of copies is looked at once.
  const bodies = new Map<string, { body: Buffer; keep: boolean }>();
  const seen = clear.map((block) => {
    const body = pemBodyOf(block.text);
    const key = body.toString('latin1');
    let entry = bodies.get(key);
    if (!entry) bodies.set(key, (entry = { body, keep: true }));
    return { block, entry };
  });
  const index = new PrefixIndex([...bodies.values()]);
  const kept: KeyBlock[] = [];
  // Per decoded body: the clear bodies it repeats, and whether a member has claimed them yet.
  const looked = new Map<string, { same: { keep: boolean }[]; claimed: boolean }>();
  for (const block of decoded) {
    const body = pemBodyOf(block.text);
    const key = body.toString('latin1');
    let found = looked.get(key);
    if (!found) {
      found = { same: body.length > 0 ? index.startingWith(body) : [], claimed: false };
      looked.set(key, found);
    }
    if (!found.same.length) kept.push(block);
    else if (block.member) {
      if (!found.claimed) for (const earlier of found.same) earlier.keep = false;
      found.claimed = true;
      kept.push(block);
    }
  }
  return [...seen.filter(({ entry }) => entry.keep).map(({ block }) => block), ...kept];
}

/**
 * Whether bytes past the depth limit would have been decoded further: UTF-16
 * text, or text with a base64 run that opens like a key or like text.
 */
function holdsEncodedText(bytes: Buffer): boolean {
  const nulInHead = hasNulInHead(bytes);
  if (utf16Encoding(bytes, nulInHead)) return true;
  return !nulInHead && holdsEncodedRun(bytes);
}

function decodeLayer(bytes: Buffer, depth: number, context: Context): KeyBlock[] {
  const blocks = binaryKeys(bytes, context);
  const units = unitsOf(bytes, context);
  for (const unit of units) {
    let inner = context.plain(unit.bytes);
    if (depth + 1 < MAX_DEPTH) {
      const deeper = decodeLayer(unit.bytes, depth + 1, context);
      if (deeper.length) inner = withoutRepeats(inner, deeper);
    } else if (isZip(unit.bytes) || isGzip(unit.bytes) || centralDirectory(unit.bytes))
      context.budget.warnOnce(
        `archives nested more than ${MAX_DEPTH} deep: the innermost not scanned`,
      );
    else if (holdsEncodedText(unit.bytes))
      context.budget.warnOnce(
        `base64 or UTF-16 nested more than ${MAX_DEPTH} deep: the innermost not decoded`,
      );
    for (const block of inner) blocks.push(placed(block, unit));
  }
  return blocks;
}

function ignore(): void {
  // Warnings are dropped when the caller asks for none.
}

/**
 * The key blocks hidden in `bytes` by an encoding (those in clear are the
 * caller's). Problems (bombs, truncation, locked files) go to `onWarning`.
 */
export function findDecodedBlocks(
  bytes: Buffer,
  plain: PlainScan,
  onWarning?: (message: string) => void,
): KeyBlock[] {
  if (bytes.length < 16 || bytes.length > MAX_DECODE_INPUT) return [];
  return decodeLayer(bytes, 0, new Context(plain, onWarning ?? ignore));
}

/**
 * The DER private keys a binary file opens with: a key followed by other
 * bytes (its certificate, a second key, a stray byte) is still one. A key
 * written twice is one block.
 */
function derKeyBlocks(bytes: Buffer, context: Context): KeyBlock[] {
  const { keys, more } = derPrivateKeys(bytes);
  if (more)
    context.budget.warnOnce(
      `a DER file of more than ${MAX_DER_ELEMENTS} elements: those after them were not read`,
    );
  const seen = new Set<string>();
  const blocks: KeyBlock[] = [];
  for (const key of keys) {
    const text = pemOf(key.label, key.der);
    if (seen.has(text)) continue;
    seen.add(text);
    blocks.push(keyBlock(text, 'der'));
  }
  return blocks;
}
