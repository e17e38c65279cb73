import { createHash } from 'node:crypto';
import { parseKeyBlock } from '../keys/parse.js';
import { certainLowKind, certainlyLow, type LowKind } from './low-confidence.js';
import type { KeyIdentity } from '../keys/types.js';
import type { KeyBlock } from './detector.js';

/**
 * What a location's `path` names: a file (the default when absent), or text
 * that is no file: standard input, a commit or tag message, an object no ref
 * reaches. Those paths are written in parentheses and never point at a file.
 */
export type LocationKind =
  | 'file'
  | 'stdin'
  | 'commit-message'
  | 'tag-message'
  | 'unreachable'
  /** In a tree or blob a tag names directly: no commit holds it. */
  | 'tagged-object';

/** Where a key was seen. Commit fields are null for working-tree scans. */
export interface Location {
  path: string;
  kind?: LocationKind;
  line: number;
  commit: string | null;
  /** The first commit in the scanned history that wrote this key anywhere. */
  introducedBy: string | null;
  author: string | null;
  authorDate: string | null;
}

/** One leaked key and every place it was found. Holds no secret material. */
export interface Finding extends KeyIdentity {
  /** Stable id: the SHA256 fingerprint, or a digest of the block when it has none. */
  id: string;
  /** Low for blocks that do not parse (placeholders, truncated keys). */
  confidence: 'high' | 'low';
  placeholder: boolean;
  truncated: boolean;
  locations: Location[];
  /** Places beyond `placesPerKey`: counted, not listed. Absent means none. */
  omittedPlaces?: number;
}

/** Where one blob sits: the caller knows the path (and commit); the block knows the line. */
export type BlobPlace = Omit<Location, 'line' | 'introducedBy'>;

/**
 * Caps that keep memory bounded by the number of distinct keys rather than
 * by the input: hostile files can hold millions of marker-shaped blocks.
 * Whatever a cap leaves out is counted and reported, never dropped silently.
 */
export interface CollectorLimits {
  /**
   * Low-confidence blocks (no fingerprint, so nothing groups them) listed per
   * file (or blob) and kind: placeholders, encrypted PEM, other blocks that do
   * not parse. A file with more keeps listed blocks of that kind, so ignore
   * rules and exit codes see it.
   */
  lowConfidencePerFile: number;
  /** Low-confidence places listed in a whole scan (so also its low-confidence findings). */
  lowConfidencePlaces: number;
  /** Places listed per key. */
  placesPerKey: number;
  /** Parsed blocks remembered; parsing is only a cache, emptied when full. */
  parseCache: number;
  /** Files named in "N more low-confidence blocks in FILE" warnings; the rest are summed up. */
  fileWarnings: number;
}

export const DEFAULT_LIMITS: CollectorLimits = {
  lowConfidencePerFile: 10,
  lowConfidencePlaces: 10_000,
  placesPerKey: 100_000,
  parseCache: 4096,
  fileWarnings: 20,
};

/** Low-confidence blocks that no finding lists. */
export interface Omitted {
  /** Beyond the per-file limit; listed blocks of the same kind stand for them. */
  perFile: number;
  /** Beyond the per-scan limit, by kind: nothing stands for these. */
  placeholders: number;
  /** Whole encrypted PEM blocks: keys, though their fingerprint is unknown. */
  encrypted: number;
  /** Fragments: truncated or corrupted blocks, unknown formats. */
  others: number;
  /**
   * Of `perFile`: whole encrypted blocks that are no copy of a listed one,
   * in files no path rule of the ignore file covers (set by the scan, after
   * the ignore file). Keys nothing stands for: they fail the scan.
   */
  unlistedEncrypted?: number;
}

/** Encrypted blocks a file's limit left unlisted, and where (null: too many files to say). */
export interface UnlistedEncrypted {
  paths: string[] | null;
  count: number;
}

/** Files whose unlisted encrypted blocks are remembered by path; past it they cannot be ignored. */
const UNLISTED_FILES = 1000;

/**
 * Block texts up to this length (an RSA 4096 PEM is 3.3 KiB) key the parse
 * cache themselves: at most parseCache × 4 KiB held.
 */
const MAX_TEXT_KEY = 4 * 1024;

/** Shapes of blocks certainly no key whose identity is remembered (see `lowIdentity`). */
const LOW_SHAPES = 64;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface Parsed {
  id: string;
  identity: KeyIdentity;
}

/**
 * The id of a block certainly no key, without parsing it (what `parse`
 * would give it). It makes no finding: met only past the scan's limit.
 */
function lowId(block: KeyBlock): { id: string; identity: null } {
  return { id: `block:${sha256(block.text).slice(0, 32)}`, identity: null };
}

interface Entry {
  finding: Finding;
  /** `path NUL line NUL commit` of each listed location: de-duplication in constant time. */
  seen: Set<string>;
}

/** `key`: fingerprinted, so findings group by key; the other kinds are capped. */
type Kind = 'key' | LowKind;

/**
 * Groups key blocks into findings, one per key, in time linear in the
 * number of blocks and places. Parsing is cached by block text because
 * history scans meet the same key in many blob versions.
 */
export class FindingCollector {
  private readonly byId = new Map<string, Entry>();
  private readonly parsed = new Map<string, Parsed>();
  /** The identity of blocks certainly no key, by shape (see `certainlyLow`): one parse each. */
  private readonly lowIdentities = new Map<string, KeyIdentity>();
  private readonly limits: CollectorLimits;
  private lowPlaces = 0;
  private readonly omittedBlocks: Omitted = {
    perFile: 0,
    placeholders: 0,
    encrypted: 0,
    others: 0,
  };
  private filesOverLimit = 0;
  private blocksInUnnamedFiles = 0;
  private readonly unlisted: UnlistedEncrypted[] = [];

  constructor(
    private readonly onWarning: (message: string) => void = () => undefined,
    limits: Partial<CollectorLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** All the blocks of one file (or blob) found at `places`: the per-file limit applies. */
  addBlocks(blocks: KeyBlock[], places: BlobPlace[]): void {
    const limit = this.limits.lowConfidencePerFile;
    const perKind: Record<LowKind, number> = { placeholder: 0, encrypted: 0, other: 0 };
    // Texts listed in this file: an encrypted block past the limit that is no copy of one
    // stands for a key no finding shows (copies of one ignored block may fill the slots).
    const listed = new Set<string>();
    let over = 0;
    let unknownEncrypted = 0;
    const countOver = (block: KeyBlock, kind: LowKind): void => {
      over++;
      if (kind === 'encrypted' && !listed.has(block.text)) unknownEncrypted++;
    };
    for (const block of blocks) {
      // The detector's stand-in for blocks it only counted (each certainly no key).
      if (block.dropped) {
        over += block.dropped;
        unknownEncrypted += block.droppedEncrypted ?? 0;
        continue;
      }
      // Past a limit (of a kind in this file, or of low-confidence places in the
      // scan), a block that is certainly no key is counted without parsing:
      // hostile files hold hundreds of thousands, each distinct, each costing a
      // failed parse. A block that may be a key (whole, or cut short but showing
      // its public half) is parsed however many precede it: never capped.
      const scanFull = this.lowPlaces >= this.limits.lowConfidencePlaces;
      const low =
        scanFull ||
        perKind.placeholder >= limit ||
        perKind.encrypted >= limit ||
        perKind.other >= limit
          ? certainLowKind(block)
          : null;
      if (low !== null && perKind[low] >= limit) {
        countOver(block, low);
        continue;
      }
      // Past the scan's limit no low-confidence finding is made: its id is all that is needed.
      const parsed = low !== null && scanFull ? lowId(block) : this.parse(block);
      const kind = parsed.identity ? kindOf(block, parsed.identity) : (low as LowKind);
      if (kind !== 'key') {
        if (perKind[kind] >= limit) {
          countOver(block, kind);
          continue;
        }
        perKind[kind]++;
        if (kind === 'encrypted') listed.add(block.text);
      }
      this.addParsed(block, parsed, kind, places);
    }
    if (over) this.overFileLimit(over, places[0]);
    if (unknownEncrypted) this.addUnlisted(unknownEncrypted, places);
  }

  /** Encrypted blocks left unlisted by a file's limit, by the paths that hold them. */
  unlistedEncrypted(): UnlistedEncrypted[] {
    return this.unlisted;
  }

  private addUnlisted(count: number, places: BlobPlace[]): void {
    if (this.unlisted.length < UNLISTED_FILES) {
      this.unlisted.push({ paths: places.map((place) => place.path), count });
    } else {
      const last = this.unlisted[this.unlisted.length - 1] as UnlistedEncrypted;
      if (last.paths === null) last.count += count;
      else this.unlisted.push({ paths: null, count });
    }
  }

  findings(): Finding[] {
    const findings: Finding[] = [];
    for (const { finding } of this.byId.values())
      if (finding.locations.length > 0) findings.push(finding);
    return findings;
  }

  /** What the limits left out. Call once, after the last block: it sums up the files not yet named. */
  finish(): Omitted {
    const hidden = this.filesOverLimit - this.limits.fileWarnings;
    if (hidden > 0) {
      this.onWarning(
        `${this.blocksInUnnamedFiles} more low-confidence blocks in ${hidden} more files are not listed` +
          ` (at most ${this.limits.lowConfidencePerFile} of each kind per file)`,
      );
      this.filesOverLimit = this.limits.fileWarnings;
      this.blocksInUnnamedFiles = 0;
    }
    return { ...this.omittedBlocks };
  }

  private parse(block: KeyBlock): Parsed {
    // Short texts (every real key) are looked up as they are: V8 keeps a string's hash, and
    // the detector hands the same string for the same key, so no digest is computed per place.
    const byText = block.text.length <= MAX_TEXT_KEY;
    const digest = byText ? null : sha256(block.text);
    const key = digest ?? block.text;
    let cached = this.parsed.get(key);
    if (!cached) {
      // A block certainly no key is not parsed (a failed parse costs up to half a
      // millisecond, and hostile trees hold one in every file): the parse of one
      // of its shape tells what any gives.
      const low = certainlyLow(block);
      const identity = low ? this.lowIdentity(low.shape, block.text) : parseKeyBlock(block.text);
      const id = identity.fingerprint ?? `block:${(digest ?? sha256(block.text)).slice(0, 32)}`;
      cached = { id, identity };
      if (this.parsed.size >= this.limits.parseCache) this.parsed.clear();
      this.parsed.set(key, cached);
    }
    return cached;
  }

  private lowIdentity(shape: string, text: string): KeyIdentity {
    let identity = this.lowIdentities.get(shape);
    if (!identity) {
      identity = parseKeyBlock(text);
      // Never stand for others with a key: only a "does not parse" is shared.
      if (identity.parsed || identity.fingerprint) return identity;
      // Labels are the input's: a bounded few are remembered.
      if (this.lowIdentities.size >= LOW_SHAPES) this.lowIdentities.clear();
      this.lowIdentities.set(shape, identity);
    }
    return { ...identity, ec2Fingerprints: { ...identity.ec2Fingerprints } };
  }

  private addParsed(
    block: KeyBlock,
    parsed: Parsed | ReturnType<typeof lowId>,
    kind: Kind,
    places: BlobPlace[],
  ): void {
    // A key cut short is a fragment whatever its END line says: its private section runs past the block.
    const truncated = block.truncated || parsed.identity?.truncated === true;
    let entry = this.byId.get(parsed.id);
    if (!entry) {
      const identity = parsed.identity;
      // Past the scan's limit a low-confidence block makes no finding (one met there is not parsed).
      if (!identity || (kind !== 'key' && this.lowPlaces >= this.limits.lowConfidencePlaces)) {
        this.overScanLimit(kind, places.length);
        return;
      }
      const finding: Finding = {
        id: parsed.id,
        ...identity,
        confidence: identity.parsed ? 'high' : 'low',
        placeholder: block.placeholder,
        truncated,
        locations: [],
      };
      entry = { finding, seen: new Set() };
      this.byId.set(parsed.id, entry);
    }
    const { finding, seen } = entry;
    // A key is a fragment or a placeholder only where every copy of it is: one
    // whole copy anywhere makes it a whole key, whichever copy came first.
    if (!truncated) finding.truncated = false;
    if (!block.placeholder) finding.placeholder = false;
    const low = kind !== 'key';
    for (const place of places) {
      const path = block.member ? `${place.path}!/${block.member}` : place.path;
      const location: Location = { ...place, path, line: block.line, introducedBy: null };
      const key = `${location.path}\0${location.line}\0${location.commit ?? ''}`;
      if (seen.has(key)) continue;
      if (low && this.lowPlaces >= this.limits.lowConfidencePlaces) {
        this.overScanLimit(kind, 1);
      } else if (finding.locations.length >= this.limits.placesPerKey) {
        finding.omittedPlaces = (finding.omittedPlaces ?? 0) + 1;
      } else {
        seen.add(key);
        finding.locations.push(location);
        if (low) this.lowPlaces++;
      }
    }
  }

  private overFileLimit(count: number, place: BlobPlace | undefined): void {
    this.omittedBlocks.perFile += count;
    if (this.filesOverLimit++ < this.limits.fileWarnings) {
      const where = place
        ? `${JSON.stringify(place.path)}${place.commit ? ` (commit ${place.commit.slice(0, 12)})` : ''}`
        : 'one file';
      this.onWarning(
        `${count} more low-confidence blocks in ${where} are not listed` +
          ` (placeholders, encrypted PEM, truncated or unparsable; at most ${this.limits.lowConfidencePerFile} of each kind per file)`,
      );
    } else {
      this.blocksInUnnamedFiles += count;
    }
  }

  private overScanLimit(kind: Kind, count: number): void {
    const omitted = this.omittedBlocks;
    const first = omitted.placeholders + omitted.encrypted + omitted.others === 0;
    if (kind === 'placeholder') omitted.placeholders += count;
    else if (kind === 'encrypted') omitted.encrypted += count;
    else omitted.others += count;
    if (first)
      this.onWarning(
        `more than ${this.limits.lowConfidencePlaces} low-confidence places: the rest are counted, not listed`,
      );
  }
}

/** What kind of block this is, for the caps: only fingerprinted blocks group by key. */
function kindOf(block: KeyBlock, identity: KeyIdentity): Kind {
  if (identity.fingerprint) return 'key';
  if (block.placeholder) return 'placeholder';
  return identity.encrypted && !block.truncated && !identity.truncated ? 'encrypted' : 'other';
}
