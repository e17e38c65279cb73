import { closeSync, openSync, readSync } from 'node:fs';
import {
  applyDelta,
  deltaResultSize,
  OBJ_BLOB,
  OBJ_COMMIT,
  OBJ_OFS_DELTA,
  OBJ_REF_DELTA,
  OBJ_TAG,
  OBJ_TREE,
  PackCycleError,
  PackFormatError,
  parseEntryHeader,
  type EntryHeader,
} from './format.js';
import { BufferPool } from './buffer-pool.js';
import { inflateExactly } from './inflate-exact.js';
import type { PackIndex } from './pack-index.js';

export type ContentType = 'blob' | 'commit' | 'tag';

/**
 * A pack's delta families: each whole object (a root) with every delta built
 * on it, directly or through others. A family is read by one thread, from
 * its root on, so no thread rebuilds a chain whose base another one built.
 */
export interface Families {
  count: number;
  /** Family f's members are members[starts[f] .. starts[f + 1]), in pack order. */
  starts: Int32Array;
  members: Int32Array;
  /** Compressed bytes of each family's entries (what reading it costs, about). */
  weights: Float64Array;
}

/** Where a pack reader hands what it reads, by position in the pack (ids cost a string each). */
export interface PackObjectSink {
  /** A blob, commit or tag, whole (trees are never inflated). */
  object(position: number, type: ContentType, bytes: Buffer): void;
  /** An object larger than `maxObjectBytes`: read by git instead, streamed. */
  defer(position: number): void;
  /** Whether another pack already gave this object (read it once). */
  seen?(position: number): boolean;
}

export interface PackReaderLimits {
  /** Objects larger than this are deferred to git, which streams them. */
  maxObjectBytes: number;
  /** Bytes of delta bases kept for the objects that follow. */
  cacheBytes: number;
}

/** Bytes read from the pack at once, in its order. */
const WINDOW_BYTES = 8 * 1024 * 1024;
/** Enough for any entry header (type, size and an OFS_DELTA offset, or a SHA-256 id). */
const HEADER_READ = 64;
/** git writes chains of at most 4,095 deltas; a longer one is hostile. */
const MAX_CHAIN = 4096;
/**
 * Objects no delta is built on are made in one reused buffer (and every
 * delta's instructions in another), not a new one each: with the bases'
 * pool, that was a third of a history's garbage. Larger ones get their own.
 */
const SCRATCH_MAX = 1024 * 1024;
/** Free bytes the bases' pool keeps for the bases that follow. */
const POOL_FREE_BYTES = 8 * 1024 * 1024;
/** Compressed data may exceed its content by deflate's framing, not more. */
const framingAllowance = (size: number): number => size + (size >>> 8) + 1024;

const CONTENT_TYPES: Record<number, ContentType> = {
  [OBJ_COMMIT]: 'commit',
  [OBJ_BLOB]: 'blob',
  [OBJ_TAG]: 'tag',
};
const emptyHeader = (): EntryHeader => ({
  type: 0,
  size: 0,
  baseOffset: -1,
  baseIdAt: -1,
  length: 0,
});

/** An object type resolved to "larger than the limit" while building a chain. */
const TOO_BIG = Symbol('too big');

/**
 * Reads the objects of one pack file in pack order, inflating them and
 * applying deltas itself (what `git cat-file` does, without the pipe): the
 * pack is read in windows of WINDOW_BYTES, delta bases come from a bounded
 * cache or are rebuilt, and trees are skipped without being inflated.
 */
export class PackReader {
  private readonly fd: number;
  private windowBuffer: Buffer = Buffer.alloc(0);
  /** The part of windowBuffer that holds the pack from windowAt. */
  private window: Buffer = Buffer.alloc(0);
  private windowAt = 0;
  /** Per position: the resolved object type (0: not yet known). */
  private readonly types: Uint8Array;
  /** Delta bases by position, least recently used first. */
  private readonly cache = new Map<number, Buffer>();
  private cachedBytes = 0;
  /** The last object built that is too large for the cache. */
  private lastLarge: { position: number; content: Buffer } | null = null;
  /**
   * Per position: how many deltas of this pack are built on it and not yet
   * built here (only bases are cached; one whose count falls to 0 is dropped
   * and its buffer lent again), and each delta's base (-1: none).
   */
  private dependents: Uint32Array | null = null;
  private readonly baseOf: Int32Array;
  private readonly pool = new BufferPool(POOL_FREE_BYTES);
  /** Where leaves (objects no delta is built on) are made, and deltas' instructions inflated. */
  private leafScratch: Buffer = Buffer.alloc(0);
  private deltaScratch: Buffer = Buffer.alloc(0);
  private familyIndex: Families | null = null;
  /** The header contentAt parses each entry into. */
  private readonly header = emptyHeader();

  constructor(
    private readonly packPath: string,
    private readonly index: PackIndex,
    private readonly limits: PackReaderLimits,
  ) {
    this.fd = openSync(this.packPath, 'r');
    this.types = new Uint8Array(index.count);
    this.baseOf = new Int32Array(index.count).fill(-1);
  }

  close(): void {
    closeSync(this.fd);
  }

  /**
   * Reads the objects at positions [from, to) (pack order) into `sink`. The
   * bytes handed over are valid only until `object` returns: copy to keep.
   */
  readPositions(from: number, to: number, sink: PackObjectSink): void {
    this.dependents ??= this.markBases();
    for (let position = from; position < to; position++) this.readOne(position, sink);
  }

  /**
   * Reads the whole pack into memory at once: families jump about the pack,
   * and every entry is then at hand (for packs small enough to hold).
   */
  loadWhole(): void {
    const length = this.index.packEnd + this.index.hashBytes;
    if (this.windowAt === 0 && this.window.length >= length) return;
    this.windowBuffer = Buffer.allocUnsafe(length);
    this.window = this.readExactly(0, length, this.windowBuffer);
    this.windowAt = 0;
  }

  /**
   * The pack's delta families (git's trees left out: never read), numbered
   * by their roots' order. Reading by families holds the whole pack.
   */
  families(): Families {
    if (this.familyIndex) return this.familyIndex;
    this.loadWhole();
    this.dependents ??= this.markBases();
    const count = this.index.count;
    // Each object's root. A base lies before its delta (OFS_DELTA) but for REF_DELTA,
    // whose base may come later: those are followed after the forward pass.
    const rootOf = new Int32Array(count);
    let unresolved = false;
    for (let position = 0; position < count; position++) {
      const base = this.baseOf[position] as number;
      const root = base === -1 ? position : base < position ? (rootOf[base] as number) : -1;
      rootOf[position] = root;
      if (root === -1) unresolved = true;
    }
    if (unresolved) {
      for (let position = 0; position < count; position++) {
        if (rootOf[position] !== -1) continue;
        this.typeAt(position, 0); // a loop throws here
        let at = position;
        while (rootOf[at] === -1) at = this.baseOf[at] as number;
        const root = rootOf[at] as number;
        for (at = position; rootOf[at] === -1; at = this.baseOf[at] as number) rootOf[at] = root;
      }
    }
    // Git's trees are never read: in no family. Each delta's type is its root's.
    for (let position = 0; position < count; position++) {
      const root = rootOf[position] as number;
      const type = this.types[root] as number;
      this.types[position] = type;
      if (type === OBJ_TREE) rootOf[position] = -2;
    }
    const familyOf = new Int32Array(count).fill(-1);
    let families = 0;
    for (let position = 0; position < count; position++)
      if (rootOf[position] === position) familyOf[position] = families++;
    const starts = new Int32Array(families + 1);
    const weights = new Float64Array(families);
    for (let position = 0; position < count; position++) {
      const root = rootOf[position] as number;
      if (root < 0) continue;
      const family = familyOf[root] as number;
      starts[family + 1] = (starts[family + 1] as number) + 1;
      const bytes = this.index.endOf(position) - (this.index.offsets[position] as number);
      weights[family] = (weights[family] as number) + bytes;
    }
    for (let family = 0; family < families; family++)
      starts[family + 1] = (starts[family + 1] as number) + (starts[family] as number);
    const members = new Int32Array(starts[families] as number);
    const filled = starts.slice(0, families);
    for (let position = 0; position < count; position++) {
      const root = rootOf[position] as number;
      if (root < 0) continue;
      const family = familyOf[root] as number;
      members[filled[family] as number] = position;
      filled[family] = (filled[family] as number) + 1;
    }
    this.familyIndex = { count: families, starts, members, weights };
    return this.familyIndex;
  }

  /**
   * Reads every member of families [from, to) into `sink`, each family in
   * pack order; the number of objects read (trees are in no family).
   */
  readFamilies(from: number, to: number, sink: PackObjectSink): number {
    const { starts, members } = this.families();
    const first = starts[from] as number;
    const end = starts[to] as number;
    for (let at = first; at < end; at++) this.readOne(members[at] as number, sink);
    return end - first;
  }

  private readOne(position: number, sink: PackObjectSink): void {
    const type = this.typeAt(position, 0);
    if (type === OBJ_TREE || sink.seen?.(position)) return;
    const content = this.contentAt(position, 0);
    if (content === TOO_BIG) sink.defer(position);
    else sink.object(position, CONTENT_TYPES[type] as ContentType, content);
  }

  /**
   * Which objects a delta of this pack is built on: one pass over every
   * entry's header, in pack order (read by windows, as the objects are).
   */
  private markBases(): Uint32Array {
    const dependents = new Uint32Array(this.index.count);
    const header = emptyHeader();
    for (let position = 0; position < this.index.count; position++) {
      const bytes = this.parseHeader(position, true, header);
      if (header.type === OBJ_OFS_DELTA || header.type === OBJ_REF_DELTA) {
        const base = this.basePosition(position, header, bytes);
        this.baseOf[position] = base;
        dependents[base] = (dependents[base] as number) + 1;
      } else this.types[position] = header.type;
    }
    return dependents;
  }

  /**
   * One delta built on `base` is built: when it was the last one here, the
   * base leaves the cache and its buffer goes back to the pool (nothing else
   * holds it: the sink keeps no view, and the delta was built already).
   */
  private builtOn(base: number): void {
    const dependents = this.dependents as Uint32Array;
    const left = dependents[base] as number;
    if (left === 0) return;
    dependents[base] = left - 1;
    if (left !== 1) return;
    const content = this.cache.get(base);
    if (!content) return;
    this.cache.delete(base);
    this.cachedBytes -= this.pool.capacityOf(content);
    this.pool.give(content);
  }

  /** A buffer of at least `size + 1` bytes for `kind`, reused while objects stay small. */
  private scratch(kind: 'leaf' | 'delta', size: number): Buffer | undefined {
    if (size >= SCRATCH_MAX) return undefined;
    const current = kind === 'leaf' ? this.leafScratch : this.deltaScratch;
    if (current.length > size) return current;
    const grown = Buffer.allocUnsafe(Math.max(size + 1, 64 * 1024, current.length * 2));
    if (kind === 'leaf') this.leafScratch = grown;
    else this.deltaScratch = grown;
    return grown;
  }

  /** A delta base already built: the last large object or the cache (kept as most recent). */
  private built(position: number): Buffer | undefined {
    if (this.lastLarge?.position === position) return this.lastLarge.content;
    const cached = this.cache.get(position);
    if (cached) {
      this.cache.delete(position);
      this.cache.set(position, cached);
    }
    return cached;
  }

  /** Bytes [start, end) of the pack, from the window when it holds them. */
  private bytesAt(start: number, end: number, sequential: boolean): Buffer {
    const windowEnd = this.windowAt + this.window.length;
    if (start >= this.windowAt && end <= windowEnd)
      return this.window.subarray(start - this.windowAt, end - this.windowAt);
    if (!sequential) {
      this.checkInPack(end);
      return this.readExactly(start, end - start);
    }
    const at = this.windowHolding(start, end);
    return this.window.subarray(at, at + end - start);
  }

  private checkInPack(end: number): void {
    if (end > this.index.packEnd + this.index.hashBytes)
      throw new PackFormatError('pack entry past the end');
  }

  /** Where [start, end) of the pack begins in the window, read from `start` on when it does not hold it. */
  private windowHolding(start: number, end: number): number {
    if (start >= this.windowAt && end <= this.windowAt + this.window.length)
      return start - this.windowAt;
    this.checkInPack(end);
    const length = Math.min(this.index.packEnd, Math.max(end, start + WINDOW_BYTES)) - start;
    // One buffer for every window (memory stays flat however large the pack).
    if (this.windowBuffer.length < length) this.windowBuffer = Buffer.allocUnsafe(length);
    this.window = this.readExactly(start, length, this.windowBuffer);
    this.windowAt = start;
    return 0;
  }

  private readExactly(start: number, length: number, into?: Buffer): Buffer {
    const bytes = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const read = readSync(this.fd, bytes, filled, length - filled, start + filled);
      if (read === 0) throw new PackFormatError('pack file is cut short');
      filled += read;
    }
    return bytes;
  }

  /**
   * Parses the header of the entry at `position` into `into`, never past the
   * entry's end (nor HEADER_READ bytes); returns the bytes it was read from
   * (a REF_DELTA's base id is at `into.baseIdAt` in them). In the window when
   * it holds the entry or the read is sequential: no view made per entry.
   */
  private parseHeader(position: number, sequential: boolean, into: EntryHeader): Uint8Array {
    const offset = this.index.offsets[position] as number;
    const end = Math.min(this.index.endOf(position), offset + HEADER_READ);
    const inWindow = offset >= this.windowAt && end <= this.windowAt + this.window.length;
    if (!inWindow && !sequential) {
      const bytes = this.bytesAt(offset, end, false);
      parseEntryHeader(bytes, 0, offset, this.index.hashBytes, into);
      return bytes;
    }
    const at = this.windowHolding(offset, end);
    parseEntryHeader(this.window, at, offset, this.index.hashBytes, into);
    if (into.length > end - offset) throw new PackFormatError('pack entry header is cut short');
    return this.window;
  }

  private basePosition(position: number, header: EntryHeader, bytes: Uint8Array): number {
    const base =
      header.type === OBJ_OFS_DELTA
        ? this.index.positionOf(header.baseOffset)
        : header.type === OBJ_REF_DELTA
          ? this.index.positionOfRawId(bytes, header.baseIdAt)
          : -1;
    if (base === -1 || base === position) throw new PackFormatError('delta base not in the pack');
    return base;
  }

  /** The type of the object at `position`, following its delta chain (as markBases found it). */
  private typeAt(position: number, depth: number): number {
    const known = this.types[position] as number;
    if (known) return known;
    if (depth > MAX_CHAIN) this.chainTooLong(position);
    const type = this.typeAt(this.baseOf[position] as number, depth + 1);
    this.types[position] = type;
    return type;
  }

  /**
   * A chain longer than git writes: git may still read it (the scan falls
   * back to git), unless it loops, which git would follow for ever. Walks the
   * chain once from `position`, remembering where it has been.
   */
  private chainTooLong(position: number): never {
    const visited = new Set<number>();
    for (let at = position; ;) {
      if (visited.has(at))
        throw new PackCycleError(
          `${this.packPath}: deltas form a loop (each the base of another), which no reader can ` +
            'build and git never stops following: the repository is corrupt or was made to ' +
            'stall scanners. Scan a fresh clone, or repack from a good copy.',
        );
      visited.add(at);
      const header = emptyHeader();
      const bytes = this.parseHeader(at, false, header);
      if (header.type !== OBJ_OFS_DELTA && header.type !== OBJ_REF_DELTA) break;
      at = this.basePosition(at, header, bytes);
    }
    throw new PackFormatError('delta chain too long');
  }

  /**
   * The whole content of the object at `position`, or TOO_BIG. An object no
   * delta is built on (a leaf) is made in the leaf scratch buffer and not
   * cached: it is valid until the next object is read.
   */
  private contentAt(position: number, depth: number): Buffer | typeof TOO_BIG {
    const cached = this.built(position);
    if (cached) return cached;
    if (depth > MAX_CHAIN) throw new PackFormatError('delta chain too long');
    const sequential = depth === 0;
    // Read from `header` only before building a base: that parses into it again.
    const header = this.header;
    this.parseHeader(position, sequential, header);
    const isDelta = header.type === OBJ_OFS_DELTA || header.type === OBJ_REF_DELTA;
    if (!isDelta && header.size > this.limits.maxObjectBytes) return TOO_BIG;
    const dataStart = (this.index.offsets[position] as number) + header.length;
    const dataEnd = this.index.endOf(position);
    if (dataEnd - dataStart > framingAllowance(header.size) || dataEnd <= dataStart)
      throw new PackFormatError('pack entry size does not match its data');
    if (isDelta && header.size > this.limits.maxObjectBytes) return TOO_BIG;
    const base = this.baseOf[position] as number;
    // Built for the sink alone (not as another object's base) and needed by no delta to come.
    const leaf = depth === 0 && !(this.dependents as Uint32Array)[position];
    const compressed = this.bytesAt(dataStart, dataEnd, sequential);
    let content: Buffer;
    if (isDelta) {
      let data = inflateExactly(compressed, header.size, this.scratch('delta', header.size));
      const size = deltaResultSize(data);
      if (size > this.limits.maxObjectBytes) return TOO_BIG;
      let baseContent: Buffer | typeof TOO_BIG | undefined = this.built(base);
      if (!baseContent) {
        // Building the base inflates other instructions into the scratch buffer.
        if (data.buffer === this.deltaScratch.buffer) data = Buffer.from(data);
        baseContent = this.contentAt(base, depth + 1);
      }
      if (baseContent === TOO_BIG) return TOO_BIG;
      content = applyDelta(
        baseContent,
        data,
        leaf ? this.scratch('leaf', size) : this.pool.take(size),
      );
      this.builtOn(base);
    } else {
      // One byte more than the size: the inflater's room to show content running past it.
      const into = leaf ? this.scratch('leaf', header.size) : this.pool.take(header.size + 1);
      content = inflateExactly(compressed, header.size, into);
    }
    if (!leaf) this.remember(position, content);
    return content;
  }

  private remember(position: number, content: Buffer): void {
    const budget = this.limits.cacheBytes;
    if (content.length > budget / 4) {
      // The last large object alone is kept beside the cache: a chain of
      // 6 MiB versions (each the base of the next) would otherwise rebuild
      // every version from the chain's root, in time quadratic in its length.
      this.lastLarge = { position, content };
      return;
    }
    this.cache.set(position, content);
    this.cachedBytes += this.pool.capacityOf(content);
    if (this.cachedBytes <= budget) return;
    for (const [oldest, bytes] of this.cache) {
      this.cache.delete(oldest);
      this.cachedBytes -= this.pool.capacityOf(bytes);
      if (this.cachedBytes <= budget) break;
    }
  }
}
