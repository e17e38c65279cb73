import { createHash } from 'node:crypto';
import { parseKeyBlock } from '../keys/parse.js';
import { OPENSSH_BASE64 } from './decode/der.js';
import type { KeyIdentity } from '../keys/types.js';
import type { KeyBlock } from './detector.js';

/**
 * What a location's `path` names: a file (the default when absent), or text
 * that is no file: standard input, a commit or tag message, an object no ref
 * reaches. Those paths are written in parentheses and never point at a file.
 */
export type LocationKind = 'file' | 'stdin' | 'commit-message' | 'tag-message' | 'unreachable';

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
}

/**
 * Block texts up to this length (an RSA 4096 PEM is 3.3 KiB) key the parse
 * cache themselves: at most parseCache × 4 KiB held.
 */
const MAX_TEXT_KEY = 4 * 1024;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface Parsed {
  id: string;
  identity: KeyIdentity;
}

interface Entry {
  finding: Finding;
  /** `path NUL line NUL commit` of each listed location: de-duplication in constant time. */
  seen: Set<string>;
}

/** `key`: fingerprinted, so findings group by key; the other kinds are capped. */
type Kind = 'key' | 'placeholder' | 'encrypted' | 'other';

/**
 * Groups key blocks into findings, one per key, in time linear in the
 * number of blocks and places. Parsing is cached by block text because
 * history scans meet the same key in many blob versions.
 */
export class FindingCollector {
  private readonly byId = new Map<string, Entry>();
  private readonly parsed = new Map<string, Parsed>();
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

  constructor(
    private readonly onWarning: (message: string) => void = () => undefined,
    limits: Partial<CollectorLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** All the blocks of one file (or blob) found at `places`: the per-file limit applies. */
  addBlocks(blocks: KeyBlock[], places: BlobPlace[]): void {
    const limit = this.limits.lowConfidencePerFile;
    const perKind = { placeholder: 0, encrypted: 0, other: 0 };
    let truncatedJunk = 0;
    let over = 0;
    for (const block of blocks) {
      // Past the limit, placeholders (no key in them) and truncated blocks (once
      // a file has shown `limit` that do not parse) are counted without parsing:
      // hostile files hold hundreds of thousands, each costing a failed parse.
      // A truncated block that may still show its public key is parsed all the
      // same: junk placed before a cut key must not hide its fingerprint.
      if (
        (block.placeholder && perKind.placeholder >= limit) ||
        (block.truncated && truncatedJunk >= limit && !mayShowPublicKey(block))
      ) {
        over++;
        continue;
      }
      const parsed = this.parse(block);
      const kind = kindOf(block, parsed.identity);
      if (kind !== 'key' && block.truncated) truncatedJunk++;
      if (kind !== 'key') {
        if (perKind[kind] >= limit) {
          over++;
          continue;
        }
        perKind[kind]++;
      }
      this.addParsed(block, parsed, kind, places);
    }
    if (over) this.overFileLimit(over, places[0]);
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
      const identity = parseKeyBlock(block.text);
      const id = identity.fingerprint ?? `block:${(digest ?? sha256(block.text)).slice(0, 32)}`;
      cached = { id, identity };
      if (this.parsed.size >= this.limits.parseCache) this.parsed.clear();
      this.parsed.set(key, cached);
    }
    return cached;
  }

  private addParsed(block: KeyBlock, parsed: Parsed, kind: Kind, places: BlobPlace[]): void {
    let entry = this.byId.get(parsed.id);
    if (!entry && kind !== 'key' && this.lowPlaces >= this.limits.lowConfidencePlaces) {
      this.overScanLimit(kind, places.length);
      return;
    }
    if (!entry) {
      const identity = parsed.identity;
      const finding: Finding = {
        id: parsed.id,
        ...identity,
        confidence: identity.parsed ? 'high' : 'low',
        placeholder: block.placeholder,
        truncated: block.truncated,
        locations: [],
      };
      entry = { finding, seen: new Set() };
      this.byId.set(parsed.id, entry);
    }
    const { finding, seen } = entry;
    // A key is a fragment or a placeholder only where every copy of it is: one
    // whole copy anywhere makes it a whole key, whichever copy came first.
    if (!block.truncated) finding.truncated = false;
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

/**
 * Whether a block cut short may still give a fingerprint: OpenSSH and PuTTY
 * keys carry the public key before the private part, SSH1 keys their
 * modulus. A cut PEM key of any other kind (DER) never parses.
 */
function mayShowPublicKey(block: KeyBlock): boolean {
  if (block.kind === 'putty' || block.kind === 'ssh1') return true;
  return block.kind === 'pem' && block.text.includes(OPENSSH_BASE64);
}

/** What kind of block this is, for the caps: only fingerprinted blocks group by key. */
function kindOf(block: KeyBlock, identity: KeyIdentity): Kind {
  if (identity.fingerprint) return 'key';
  if (block.placeholder) return 'placeholder';
  return identity.encrypted && !block.truncated ? 'encrypted' : 'other';
}
