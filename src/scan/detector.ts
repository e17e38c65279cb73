import { findDecodedBlocks, withoutRepeats } from './decode/index.js';
import { markupMatches, unescapeMarkup } from './decode/markup.js';
import {
  rebuildPemSides,
  rebuildPuttySides,
  rebuildSshcom,
  type RebuiltBlock,
} from './pem-block.js';
import { otherSideEnd } from './diff-sides.js';
import { holdsAt } from './bytes.js';
import { countNewlines } from './newlines.js';
import { RawRebuildCache } from './rebuild-cache.js';
import { completedBlock, completedSshcom, hasEveryPuttyLine } from './whole-body.js';
import { certainLowKind, LOW_BLOCKS_KEPT } from './low-confidence.js';
import { lineMarkerOf, type BreakForm } from './block-text.js';
import { BLOCK_BUDGET, budgetEnd, MAX_PENDING_BYTES } from './block-budget.js';
import { headerEnd, type HeaderKind } from './header-walk.js';
import { Carry } from './carry.js';
import { Squeeze } from './squeeze.js';

export type KeyBlockKind = 'pem' | 'putty' | 'sshcom' | 'ssh1';

/** One private key block found in a blob. `text` is secret: parse it, never print it. */
export interface KeyBlock {
  /** Byte offset of the block's first marker in the blob (in the decoded bytes when `encoding` is set). */
  offset: number;
  /** 1-based line of that marker (for an encoded run inside a text, the run's line). */
  line: number;
  kind: KeyBlockKind;
  text: string;
  truncated: boolean;
  placeholder: boolean;
  /** The archive member that holds the block (`inner/key.pem`, nested: `a.zip!/key.pem`). */
  member?: string;
  /** How the block was encoded in the blob, outermost first (`base64`, `zip+base64`, `utf-16le`). */
  encoding?: string;
  /**
   * Set on a stand-in only, never on a block: this many more blocks of the
   * blob, each certainly no key (`certainLowKind`), were counted without
   * being kept (its text is empty). The collector counts them as over its
   * per-file limit.
   */
  dropped?: number;
  /**
   * Of `dropped`, the whole encrypted blocks that are no copy of a kept
   * block: keys nothing else stands for, so they fail the scan (an ignore
   * rule on the kept ones must not hide them).
   */
  droppedEncrypted?: number;
}

/** What every marker but PuTTY's holds. */
const KEY_WORDS = Buffer.from('PRIVATE KEY');
/** What a PuTTY head holds between its escaped dashes. */
const PUTTY_WORD = Buffer.from('PuTTY');
const PEM_TAIL = Buffer.from('PRIVATE KEY-----');
const PEM_HEAD = Buffer.from('-----BEGIN ');
const PUTTY_HEAD = Buffer.from('PuTTY-User-Key-File-');
/**
 * The PuTTY head is searched for by its middle, which each hit is then
 * checked around: the letters of `PuTTY…File-` are common in code and
 * prose, so a search for the whole head can rarely skip far (on the bench's
 * blobs it took 2.5 times as long as one for its middle).
 */
const PUTTY_MIDDLE = Buffer.from('-User-Key-');
const PUTTY_MIDDLE_AT = PUTTY_HEAD.indexOf(PUTTY_MIDDLE);
/** ssh.com's armour (four dashes and spaces), assembled so that this file holds no marker. */
const SSHCOM_HEAD = Buffer.from(`---- BEGIN SSH2 ENCRYPTED ${KEY_WORDS.toString()} ----`);
const SSHCOM_END = `---- END SSH2 ENCRYPTED ${KEY_WORDS.toString()} ----`;
/** An SSH1 key file starts with this line and a NUL: prose naming the format has no NUL. */
const SSH1_HEAD = Buffer.from(`SSH ${KEY_WORDS.toString()} FILE FORMAT 1.1\n\0`, 'latin1');
/** How far back from a marker we look for the start of its line (the prefix is only a comment marker). */
const PREFIX_LOOKBACK = 256;
/** Bytes between a PEM head and the end of its tail (`-----BEGIN ` … `PRIVATE KEY-----`) at most. */
const PEM_MARKER_SPAN = 64;
/**
 * Bytes kept between chunks so that a marker split across them, and the part
 * of its line before it, are still seen: the streaming scan then cuts exactly
 * the blocks a scan of the whole buffer cuts.
 */
const MARKER_OVERLAP = PREFIX_LOOKBACK + PEM_MARKER_SPAN;
/** Bytes a waiting block is given at least before it is looked at again. */
const RETRY_AFTER = 64 * 1024;
const LABEL = /^[A-Z0-9 ]{0,30}PRIVATE KEY$/;

/** Where a block may run: its end markers are looked for from `from`, and it stops at `stopAt`. */
interface Region {
  from: number;
  stopAt: number;
  /** How a PuTTY or ssh.com file's lines break (see `BreakForm`); `any` for the rest. */
  breaks: BreakForm;
}
/** The block may run past the bytes at hand. */
const WAIT = 'wait';
/** A head inside the header lines of the file before it (its comment). */
const INSIDE_HEADERS = 'inside-headers';

/**
 * The PEM blocks rebuilt from one block's bytes (two for a diff that
 * replaces a key), each with whether it is whole (its END line found, or
 * only that line missing).
 */
type RebuiltPem = (RebuiltBlock & { whole: boolean })[];
const rebuilt = new RawRebuildCache<RebuiltPem>(256, 16 * 1024);
const rebuiltPutty = new RawRebuildCache<string[]>(64, 16 * 1024);

/** White space and the UTF-8 byte order mark, which may precede a key file's head. */
const LEADING = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0d, 0x0a, 0xef, 0xbb, 0xbf]) LEADING[byte] = 1;

/** Whether `head` is at `at` in `bytes`, compared in place. */
function startsWithAt(bytes: Buffer, at: number, head: Buffer): boolean {
  if (at + head.length > bytes.length) return false;
  for (let i = 0; i < head.length; i++) if (bytes[at + i] !== head[i]) return false;
  return true;
}

/**
 * Whether the blob opens with an ssh.com or SSH1 head (white space and a
 * UTF-8 byte order mark aside), as those key files are written. A few byte
 * reads: no search through the blob.
 */
function opensWithRareHead(bytes: Buffer): boolean {
  let at = 0;
  while (at < 64 && at < bytes.length && LEADING[bytes[at] as number]) at++;
  return startsWithAt(bytes, at, SSHCOM_HEAD) || startsWithAt(bytes, at, SSH1_HEAD);
}

/**
 * True when the bytes may hold a marker; the cheap test run on every blob:
 * two searches (long needles, which the search skips through fastest) and a
 * look at the first KiB.
 */
export function hasMarker(bytes: Buffer): boolean {
  return bytes.includes(PEM_TAIL) || puttyHeadFrom(bytes, 0) !== -1 || opensWithRareHead(bytes);
}

/**
 * The first PuTTY head at or after `from`, or -1: each hit of its middle,
 * in order, checked whole. A middle overlaps itself by at most one byte, so
 * the checks cost at most a few reads per byte searched.
 */
export function puttyHeadFrom(window: Buffer, from: number): number {
  for (
    let middle = window.indexOf(PUTTY_MIDDLE, from + PUTTY_MIDDLE_AT);
    middle !== -1;
    middle = window.indexOf(PUTTY_MIDDLE, middle + 1)
  ) {
    const start = middle - PUTTY_MIDDLE_AT;
    if (holdsAt(window, start, PUTTY_HEAD)) return start;
  }
  return -1;
}

/** Start of the line holding `position`, looking back at most PREFIX_LOOKBACK bytes. */
function lineStartBefore(window: Buffer, position: number): number {
  const from = Math.max(0, position - PREFIX_LOOKBACK);
  const newline = window.subarray(from, position).lastIndexOf(10);
  return newline === -1 ? from : from + newline + 1;
}

/**
 * First occurrence of `needle` that starts in [from, before), or -1. Every
 * search is bounded so that hostile input (thousands of markers, no ends)
 * costs linear time.
 */
function indexIn(window: Buffer, needle: Buffer | string, from: number, before: number): number {
  const end = Math.min(window.length, before + Buffer.byteLength(needle) - 1);
  if (from >= end) return -1;
  return window.subarray(0, end).indexOf(needle, from);
}

interface Marker {
  start: number;
  kind: KeyBlockKind;
  label: string;
  resumeAt: number;
}

/** The first occurrence of a marker in `window` at or after `from`, or -1. */
type Search = (window: Buffer, from: number) => number;

const searchFor =
  (needle: Buffer): Search =>
  (window, from) =>
    window.indexOf(needle, from);
const PEM_TAILS = searchFor(PEM_TAIL);
const PEM_HEADS = searchFor(PEM_HEAD);
const SSHCOM_HEADS = searchFor(SSHCOM_HEAD);
const SSH1_HEADS = searchFor(SSH1_HEAD);

/**
 * Finds the next occurrence of a marker in a window for search starts that
 * never decrease, reading each byte of the window at most once.
 */
class Occurrences {
  /** Next occurrence at or after the last search start; -2 before the first search. */
  private at = -2;

  constructor(
    private readonly window: Buffer,
    private readonly search: Search,
  ) {}

  from(from: number): number {
    if (this.at === -2 || (this.at !== -1 && this.at < from))
      this.at = this.search(this.window, from);
    return this.at;
  }
}

/**
 * Finds the markers of one window in order, and where the block of each one
 * must stop. A window is read through once however many markers (or
 * marker-like decoys) it holds. ssh.com and SSH1 heads are looked for only
 * in windows whose blob opens with one (`opensWithRareHead`): they are key
 * files of their own, and a search for them in every blob would cost a pass.
 */
class MarkerSearch {
  private readonly pemTails: Occurrences;
  private readonly pemHeads: Occurrences;
  /** The markers found by their first bytes alone, by kind. */
  private readonly heads: { kind: KeyBlockKind; needle: Buffer; at: Occurrences }[];

  constructor(
    private readonly window: Buffer,
    rareHeads: boolean,
  ) {
    this.pemTails = new Occurrences(window, PEM_TAILS);
    this.pemHeads = new Occurrences(window, PEM_HEADS);
    this.heads = [
      { kind: 'putty', needle: PUTTY_HEAD, at: new Occurrences(window, puttyHeadFrom) },
    ];
    if (rareHeads)
      this.heads.push(
        { kind: 'sshcom', needle: SSHCOM_HEAD, at: new Occurrences(window, SSHCOM_HEADS) },
        { kind: 'ssh1', needle: SSH1_HEAD, at: new Occurrences(window, SSH1_HEADS) },
      );
  }

  /** The earliest head other than PEM's at or after `from`. */
  private nextHead(from: number): Marker | null {
    let best: Marker | null = null;
    for (const head of this.heads) {
      const at = head.at.from(from);
      if (at !== -1 && (!best || at < best.start))
        best = { start: at, kind: head.kind, label: '', resumeAt: at + head.needle.length };
    }
    return best;
  }

  /** The first marker at or after `from`; `from` never decreases between calls. */
  next(from: number): Marker | null {
    const window = this.window;
    const other = this.nextHead(from);
    let pem = this.pemTails.from(from);
    while (pem !== -1) {
      // The label is at most 30 characters: the head is within 48 bytes before the tail.
      const lookFrom = Math.max(0, pem - 48);
      const found = window.subarray(lookFrom, pem).lastIndexOf(PEM_HEAD);
      const head = found === -1 ? -1 : lookFrom + found;
      const label = head === -1 ? '' : window.toString('latin1', head + PEM_HEAD.length, pem + 11);
      if (head !== -1 && LABEL.test(label) && (!other || head < other.start)) {
        return { start: head, kind: 'pem', label, resumeAt: pem + PEM_TAIL.length };
      }
      if (other && other.start < pem) break;
      pem = this.pemTails.from(pem + PEM_TAIL.length);
    }
    return other;
  }

  /**
   * Where the block of `marker` must stop: the next `-----BEGIN ` (and the
   * next head of its own kind) starts another block. At most `limit`.
   */
  stopFor(marker: Marker, limit: number): number {
    let stop = this.pemHeads.from(marker.resumeAt);
    for (const head of this.heads) {
      if (head.kind !== marker.kind) continue;
      const next = head.at.from(marker.resumeAt);
      if (next !== -1 && (stop === -1 || next < stop)) stop = next;
    }
    return stop === -1 || stop > limit ? limit : stop;
  }

  /**
   * Where a PuTTY or ssh.com file whose headers end at `from` must stop, as
   * `stopFor`. Its own searches: the markers inside those headers (a PEM
   * block in a comment) still ask `stopFor` from before `from`.
   */
  stopAfterHeaders(kind: HeaderKind, from: number, limit: number): number {
    this.afterHeaders ??= {
      pem: new Occurrences(this.window, PEM_HEADS),
      putty: new Occurrences(this.window, puttyHeadFrom),
      sshcom: new Occurrences(this.window, SSHCOM_HEADS),
    };
    const pem = this.afterHeaders.pem.from(from);
    const own = this.afterHeaders[kind].from(from);
    const stop = pem === -1 ? own : own === -1 ? pem : Math.min(pem, own);
    return stop === -1 || stop > limit ? limit : stop;
  }

  private afterHeaders: Record<'pem' | HeaderKind, Occurrences> | null = null;
}

/** Counts the newlines before positions of one window, each byte counted once however many blocks it holds. */
class LineCounter {
  private at = 0;
  private lines = 0;

  constructor(private readonly window: Buffer) {}

  newlinesBefore(position: number): number {
    if (position >= this.at) this.lines += countNewlines(this.window, this.at, position);
    else this.lines -= countNewlines(this.window, position, this.at);
    this.at = position;
    return this.lines;
  }
}

/**
 * No bytes: what `end` scans when given none. Shared, and never written to:
 * a blob's scan makes no buffer of its own (every `Buffer.alloc` makes a
 * backing store, a cost per blob).
 */
const NO_BYTES = Buffer.alloc(0);

/**
 * Finds key blocks in a stream of bytes fed in chunks, keeping only a small
 * carry between chunks (and a block that waits for its end, up to
 * MAX_PENDING_BYTES), so a file of any size is scanned in bounded memory.
 */
export class KeyBlockScanner {
  private readonly carry = new Carry();
  /** Absolute offset of the first byte carried. */
  private carryOffset = 0;
  /**
   * Absolute offset the bytes fed must reach before a waiting block is
   * looked at again: twice as far each time, so a block that waits over
   * many chunks is searched through a few times, not once per chunk.
   */
  private retryAt = 0;
  /** Newlines before `carryOffset`. */
  private linesBeforeCarry = 0;
  /**
   * White space dropped from the bytes carried while a block waited, so
   * that `carryOffset` and the offsets in the carry count the bytes kept:
   * what was dropped is added back to each block's line and offset.
   */
  private readonly squeeze = new Squeeze();
  /** Bytes dropped before `carryOffset`. */
  private droppedBeforeCarry = 0;
  /** Absolute offset up to which markers have been handled. */
  private handledUpTo = 0;
  private readonly blocks: KeyBlock[] = [];
  /** Whether the blob opens with an ssh.com or SSH1 head, judged on the first chunk. */
  private rareHeads: boolean | null = null;
  /** Blocks certainly no key, by kind, met once LOW_BLOCKS_KEPT blocks are kept (see `keep`). */
  private readonly lowMet = { placeholder: 0, encrypted: 0, other: 0 };
  /** The stand-in for the blocks `keep` counted and left out, once there is one. */
  private dropped: KeyBlock | null = null;

  /** Keeps no reference to `chunk` once it returns: the caller may reuse the buffer. */
  feed(chunk: Buffer): void {
    if (!this.carry.length) return this.process(chunk, false, false);
    const end = this.carryOffset + this.carry.length;
    // Only the bytes after a waiting block are squeezed: those it may run into.
    const waiting = end < this.retryAt;
    this.carry.append(waiting ? this.squeeze.squeeze(chunk, end, this.carry.bytes()) : chunk);
    if (this.carryOffset + this.carry.length >= this.retryAt)
      this.process(this.carry.bytes(), false, true);
  }

  end(chunk?: Buffer): KeyBlock[] {
    if (!this.carry.length) this.process(chunk ?? NO_BYTES, true, false);
    else {
      if (chunk) this.carry.append(chunk);
      this.process(this.carry.bytes(), true, true);
    }
    if (this.dropped) this.blocks.push(this.dropped);
    this.dropped = null;
    return this.blocks;
  }

  /**
   * Keeps a block, unless it is certainly no key and LOW_BLOCKS_KEPT of its
   * kind are kept already: then it is only counted, so that a blob of a
   * million marker-shaped blocks costs memory for a few dozen. Blocks are
   * judged only once that many are kept (a file of keys is not judged).
   */
  private keep(block: KeyBlock): void {
    if (this.blocks.length >= LOW_BLOCKS_KEPT) {
      const low = certainLowKind(block);
      if (low !== null && this.lowMet[low]++ >= LOW_BLOCKS_KEPT) {
        this.dropped ??= { ...block, text: '', dropped: 0, droppedEncrypted: 0 };
        this.dropped.dropped = (this.dropped.dropped ?? 0) + 1;
        if (low === 'encrypted' && !this.isKeptText(block.text))
          this.dropped.droppedEncrypted = (this.dropped.droppedEncrypted ?? 0) + 1;
        return;
      }
    }
    this.blocks.push(block);
    this.keptTexts?.add(block.text);
  }

  /** Texts of the kept blocks, made once an encrypted block is dropped (most blobs never need it). */
  private keptTexts: Set<string> | null = null;

  private isKeptText(text: string): boolean {
    this.keptTexts ??= new Set(this.blocks.map((kept) => kept.text));
    return this.keptTexts.has(text);
  }

  /** Scans `window`: the chunk fed, or (`carried`) the carry with the chunk appended. */
  private process(window: Buffer, final: boolean, carried: boolean): void {
    let keepFrom = final ? window.length : Math.max(0, window.length - MARKER_OVERLAP);
    let searchFrom = Math.max(0, this.handledUpTo - this.carryOffset);
    this.rareHeads ??= opensWithRareHead(window);
    const markers = new MarkerSearch(window, this.rareHeads);
    const lines = new LineCounter(window);
    for (;;) {
      const marker = markers.next(searchFrom);
      if (!marker) break;
      const region = this.regionOf(window, markers, marker, final);
      if (region === WAIT) {
        // The block may run into the next chunk: wait for more bytes.
        const lineStart = lineStartBefore(window, marker.start);
        keepFrom = Math.min(keepFrom, lineStart);
        const further = Math.max(window.length - lineStart, RETRY_AFTER);
        const last = lineStart + MAX_PENDING_BYTES + 1;
        this.retryAt = this.carryOffset + Math.min(window.length + further, last);
        break;
      }
      if (region !== INSIDE_HEADERS) {
        const dropped = this.squeeze.before(this.carryOffset + marker.start);
        const line = this.linesBeforeCarry + lines.newlinesBefore(marker.start) + dropped.lines + 1;
        for (const block of this.cut(window, marker, region, line)) {
          block.offset += this.droppedBeforeCarry + dropped.bytes;
          this.keep(block);
        }
      }
      searchFrom = marker.resumeAt;
      this.handledUpTo = this.carryOffset + marker.resumeAt;
    }
    // The last window leaves nothing to carry, and its lines need no counting.
    if (final) this.carry.drop(this.carry.length);
    else this.advance(window, keepFrom, carried);
  }

  /** Absolute offset where the headers of the last PuTTY or ssh.com file cut end. */
  private headersEndAt = 0;

  /**
   * Where the block of `marker` may run, once the window holds all that
   * decides it (WAIT until then). A PuTTY or ssh.com file ends at a marker
   * only past its header lines, whose comment may hold any marker; a head
   * inside such headers is part of that comment (INSIDE_HEADERS), not a file.
   */
  private regionOf(
    window: Buffer,
    markers: MarkerSearch,
    marker: Marker,
    final: boolean,
  ): Region | typeof WAIT | typeof INSIDE_HEADERS {
    const lineStart = lineStartBefore(window, marker.start);
    // A streamed block padded past what memory may hold is cut as it stands.
    const settled = final || window.length - lineStart > MAX_PENDING_BYTES;
    if (marker.kind === 'pem' || marker.kind === 'ssh1') {
      const stopAt = budgetEnd(window, marker.start, markers.stopFor(marker, window.length));
      return settled || stopAt < window.length
        ? { from: marker.resumeAt, stopAt, breaks: 'any' }
        : WAIT;
    }
    if (this.carryOffset + marker.start < this.headersEndAt) return INSIDE_HEADERS;
    const prefix = window.toString('latin1', lineStart, marker.start);
    const headers = headerEnd(
      window,
      marker.resumeAt,
      window.length,
      marker.kind,
      lineMarkerOf(prefix),
      BLOCK_BUDGET,
    );
    if (headers && !headers.decided && !settled) return WAIT;
    const from = headers?.end ?? marker.resumeAt;
    const stop = markers.stopAfterHeaders(marker.kind, from, window.length);
    const stopAt = budgetEnd(window, from, stop);
    if (!settled && stopAt === window.length) return WAIT;
    if (headers) this.headersEndAt = this.carryOffset + headers.end;
    return { from, stopAt, breaks: headers?.breaks ?? 'any' };
  }

  /** Carries the window's bytes from `keepFrom` on (a copy: the chunk fed may be reused). */
  private advance(window: Buffer, keepFrom: number, carried: boolean): void {
    const dropped = this.squeeze.fold(this.carryOffset + keepFrom);
    this.linesBeforeCarry += countNewlines(window, 0, keepFrom) + dropped.lines;
    this.droppedBeforeCarry += dropped.bytes;
    this.carryOffset += keepFrom;
    if (carried) this.carry.drop(keepFrom);
    else this.carry.replace(window.subarray(keepFrom));
  }

  /**
   * Cuts the block of `marker` out of the window. It cannot run past
   * `region.stopAt`, where the next block starts (or the budget ends); the
   * markers that end it are looked for from `region.from`.
   */
  private cut(window: Buffer, marker: Marker, region: Region, line: number): KeyBlock[] {
    const { from, stopAt, breaks } = region;
    const lineStart = lineStartBefore(window, marker.start);
    const prefix = window.toString('latin1', lineStart, marker.start);
    const offset = this.carryOffset + marker.start;
    if (marker.kind === 'ssh1') {
      // Binary, never escaped: the parser reads what it needs from the bytes as they are,
      // up to the next block (a copy of 64 KiB per head made a file of heads cost 2,000 times its size).
      const text = window.toString('latin1', marker.start, stopAt);
      marker.resumeAt = Math.max(marker.resumeAt, stopAt);
      return [{ offset, line, kind: 'ssh1', text, truncated: false, placeholder: false }];
    }
    if (marker.kind === 'sshcom') {
      const endAt = indexIn(window, SSHCOM_END, from, stopAt);
      const hasEnd = endAt !== -1;
      const rebuilt = rebuildSshcom(
        prefix,
        window.toString('latin1', marker.resumeAt, hasEnd ? endAt : stopAt),
        hasEnd,
        breaks,
      );
      if (!rebuilt) return [];
      if (hasEnd) marker.resumeAt = endAt + SSHCOM_END.length;
      // A body as long as it declares lost only its END line: a key, not a fragment.
      const completed = hasEnd ? null : completedSshcom(rebuilt, SSHCOM_END);
      if (completed) return [{ offset, line, kind: 'sshcom', ...completed, truncated: false }];
      return [{ offset, line, kind: 'sshcom', ...rebuilt, truncated: !hasEnd }];
    }
    if (marker.kind === 'putty') {
      const firstMac = indexIn(window, 'Private-MAC:', from, stopAt);
      // A diff that replaces one .ppk by another: both sides run to the second side's MAC.
      const macAt = otherSideEnd(window, prefix, firstMac, 'Private-MAC:', (needle, at) =>
        indexIn(window, needle, at, stopAt),
      );
      const hasEnd = macAt !== -1;
      const end = hasEnd ? endOfLine(window, macAt, stopAt) : stopAt;
      // The text depends on the prefix and on how the lines break: both are in the tag.
      const form = breaks === 'plain' ? 0 : breaks === 'any' ? 1 : breaks + 1;
      const tag = prefix.length * 1024 + Math.min(form, 1023);
      const texts = rebuiltPutty.get(window, lineStart, end, tag, () =>
        puttyTexts(prefix, window.toString('latin1', marker.start, end), breaks),
      );
      if (texts.length === 0) return [];
      // A truncated file is not skipped past: keys that follow it are still found.
      if (hasEnd) marker.resumeAt = Math.max(marker.resumeAt, end);
      return texts.map((text) => {
        // Every declared line there but the MAC's: usable as it stands, so a key, not a fragment.
        const whole = hasEnd || hasEveryPuttyLine(text);
        return { offset, line, kind: 'putty', text, truncated: !whole, placeholder: false };
      });
    }
    // An END after the next BEGIN belongs to that block: this one is truncated.
    const endText = `-----END ${marker.label}-----`;
    // In a diff whose END lines differ (`------END`, `+-----END`), both sides run to the second.
    const endMarker = otherSideEnd(
      window,
      prefix,
      indexIn(window, endText, marker.resumeAt, stopAt),
      endText,
      (needle, at) => indexIn(window, needle, at, stopAt),
    );
    const hasEnd = endMarker !== -1;
    const bodyEnd = hasEnd ? endMarker : stopAt;
    // The raw bytes from the line's start hold the prefix, the label and the body.
    const tag = prefix.length * 2 + (hasEnd ? 1 : 0);
    const pem = rebuilt.get(window, lineStart, Math.max(bodyEnd, marker.resumeAt), tag, () => {
      const body = window.toString('latin1', marker.resumeAt, bodyEnd);
      return rebuildPemSides(marker.label, prefix, body, hasEnd).map((built) => {
        // A body that is a whole key lost only its END line: a key, not a fragment.
        const completed = hasEnd ? null : completedBlock(marker.label, built);
        return completed ? { ...completed, whole: true } : { ...built, whole: hasEnd };
      });
    });
    if (pem.length === 0) return [];
    if (hasEnd) marker.resumeAt = endMarker + 9 + marker.label.length;
    return pem.map((side) => ({
      offset,
      line,
      kind: 'pem',
      text: side.text,
      truncated: !side.whole,
      placeholder: side.placeholder,
    }));
  }
}

/**
 * A PuTTY file's text rebuilt (one per side of a diff that replaces a
 * .ppk), without those that are no private key file.
 */
function puttyTexts(prefix: string, raw: string, breaks: BreakForm): string[] {
  return rebuildPuttySides(
    prefix,
    raw,
    breaks,
    // Prose that names the header is not a key file: a real one has a `Public-Lines: N` line.
    // Without a private section it is a public key, whatever its header says: not a leak,
    // and never to be merged into (and mistaken for) the private key it belongs to.
    (text) => /^Public-Lines:\s*\d+$/im.test(text) && /^Private-Lines:/im.test(text),
  );
}

/** A MAC line's length at most (its name and 64 hex digits, with room for escaping). */
const MAC_LINE_MAX = 512;

function endOfLine(window: Buffer, from: number, stop: number): number {
  const limit = Math.min(stop, from + MAC_LINE_MAX);
  const newline = indexIn(window, '\n', from, limit);
  // Escaped files keep the MAC on a line with other content: stop at the hex run's end.
  const slice = window.toString('latin1', from, newline === -1 ? limit : newline);
  const mac = /^Private-MAC:\s*[0-9a-fA-F]*/.exec(slice);
  return from + (mac ? mac[0].length : slice.length);
}

/**
 * The key blocks whose markers are in the bytes as they are (after undoing
 * JSON `\\u` escapes and HTML entities, which keep lines where they were),
 * and in markup the keys under another PEM label whose newlines are escaped
 * (`armouredBlocks`).
 */
export function findPlainBlocks(bytes: Buffer): KeyBlock[] {
  if (hasMarker(bytes)) {
    const blocks = new KeyBlockScanner().end(bytes);
    return opensLikeMarkup(bytes) ? armouredBlocks(bytes, blocks) : blocks;
  }
  // Escaped dashes hide the marker itself: JSON and markup only, where they occur.
  if (!opensLikeMarkup(bytes)) return [];
  let blocks: KeyBlock[] = [];
  if (bytes.includes(KEY_WORDS) || bytes.includes(PUTTY_WORD)) {
    const unescaped = unescapeMarkup(bytes);
    if (unescaped && hasMarker(unescaped.bytes)) {
      blocks = new KeyBlockScanner().end(unescaped.bytes);
      for (const block of blocks) block.encoding = unescaped.encoding;
    }
  }
  return armouredBlocks(bytes, blocks);
}

const BEGIN_WORD = Buffer.from('BEGIN ');
/**
 * A PEM BEGIN line's start, its dashes escaped or not (`-`, `&#45;`,
 * `\\u002d`, `&#x2D`): `BEGIN `, a label and what starts a dash.
 */
const ARMOUR_BEGIN = /[-;dD5]BEGIN ([A-Z0-9 ]{1,64})[-&\\]/g;

/**
 * Whether the blob holds a PEM BEGIN line (dashes escaped or not) whose
 * label is not a private key's (those are the scanner's): one search for a
 * blob without one.
 */
function holdsOtherArmour(bytes: Buffer): boolean {
  const first = bytes.indexOf(BEGIN_WORD);
  if (first < 1) return false;
  // Read a window at a time: a string of the rest of the blob cost as much memory again.
  for (const { match } of markupMatches(bytes, ARMOUR_BEGIN, first - 1))
    if (!(match[1] as string).trimEnd().endsWith('PRIVATE KEY')) return true;
  return false;
}

/** Set while `armouredBlocks` decodes: what it decodes is not looked into that way again. */
let armourDepth = 0;

/**
 * `blocks`, with the keys found in markup under another PEM label
 * (`CERTIFICATE` over a private key's body) whose newlines are entities or
 * `<br>`: such a body is found by the base64 decoder, as in clear text, once
 * its escapes are undone (a `\n` the decoder reads as a line break). Runs
 * only on markup that holds such a BEGIN line and escapes; not nested.
 */
function armouredBlocks(bytes: Buffer, blocks: KeyBlock[]): KeyBlock[] {
  if (armourDepth > 0 || !holdsOtherArmour(bytes)) return blocks;
  const unescaped = unescapeMarkup(bytes, true);
  if (!unescaped) return blocks;
  armourDepth++;
  let decoded: KeyBlock[];
  try {
    decoded = findDecodedBlocks(unescaped.bytes, findPlainBlocks);
  } finally {
    armourDepth--;
  }
  for (const block of decoded)
    block.encoding = block.encoding
      ? `${unescaped.encoding}+${block.encoding}`
      : unescaped.encoding;
  return decoded.length ? withoutRepeats(blocks, decoded) : blocks;
}

/** Whether the blob opens like JSON, HTML or XML (white space aside). */
function opensLikeMarkup(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length && at < 64; at++) {
    const byte = bytes[at] as number;
    if (byte === 0x7b || byte === 0x5b || byte === 0x3c || byte === 0x22) return true; // { [ < "
    if (!LEADING[byte]) return false;
  }
  return false;
}

/**
 * Finds key blocks in a blob held in memory, in clear and in the encodings
 * people use (UTF-16, base64, gzip, zip, DER, PKCS#12); keeps no reference to
 * `bytes`. What a decoder had to give up on is told to `onWarning`.
 */
export function findKeyBlocks(bytes: Buffer, onWarning?: (message: string) => void): KeyBlock[] {
  const blocks = findPlainBlocks(bytes);
  const decoded = findDecodedBlocks(bytes, findPlainBlocks, onWarning);
  return decoded.length ? withoutRepeats(blocks, decoded) : blocks;
}
