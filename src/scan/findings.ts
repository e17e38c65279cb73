import { createHash } from 'node:crypto';
import { parseKeyBlock } from '../keys/parse.js';
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
}

/** Where one blob sits: the caller knows the path (and commit); the block knows the line. */
export type BlobPlace = Omit<Location, 'line' | 'introducedBy'>;

/**
 * Groups key blocks into findings, one per key. Parsing is cached by block
 * text because history scans meet the same key in many blob versions.
 */
export class FindingCollector {
  private readonly byId = new Map<string, Finding>();
  private readonly parsed = new Map<string, { id: string; identity: KeyIdentity }>();

  add(block: KeyBlock, places: BlobPlace[]): void {
    const digest = createHash('sha256').update(block.text).digest('hex');
    let cached = this.parsed.get(digest);
    if (!cached) {
      const identity = parseKeyBlock(block.text);
      const id = identity.fingerprint ?? `block:${digest.slice(0, 32)}`;
      cached = { id, identity };
      this.parsed.set(digest, cached);
    }
    let finding = this.byId.get(cached.id);
    if (!finding) {
      const identity = cached.identity;
      finding = {
        id: cached.id,
        ...identity,
        confidence: identity.parsed ? 'high' : 'low',
        placeholder: block.placeholder,
        truncated: block.truncated,
        locations: [],
      };
      this.byId.set(cached.id, finding);
    }
    for (const place of places) {
      const duplicate = finding.locations.some(
        (seen) =>
          seen.path === place.path && seen.line === block.line && seen.commit === place.commit,
      );
      if (!duplicate) finding.locations.push({ ...place, line: block.line, introducedBy: null });
    }
  }

  findings(): Finding[] {
    return [...this.byId.values()].filter((finding) => finding.locations.length > 0);
  }
}
