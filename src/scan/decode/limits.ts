/**
 * Caps on decoding, so that hostile input (bombs, deep nesting, floods of
 * encoded runs) costs bounded time and memory. Every limit that is hit is
 * reported as a warning: a decoder never gives up silently.
 */

/** Blobs larger than this are scanned in clear only (they are streamed, not held whole). */
export const MAX_DECODE_INPUT = 16 * 1024 * 1024;
/** Most bytes one gzip stream or zip member may expand to. */
export const MAX_MEMBER_BYTES = 16 * 1024 * 1024;
/** Most bytes decoded in all from one blob, at every depth together. */
export const MAX_DECODED_PER_BLOB = 64 * 1024 * 1024;
/** Expansion beyond this ratio (and beyond RATIO_FLOOR) is treated as a bomb. */
export const MAX_RATIO = 100;
/** Any stream may expand to this much, whatever its ratio: small, highly repetitive files are common. */
export const RATIO_FLOOR = 1024 * 1024;
/** Encodings inside encodings (a zip in a zip, base64 in base64) are undone this deep. */
export const MAX_DEPTH = 4;
/** Most archive members, base64 runs and key bags decoded from one blob. */
export const MAX_UNITS = 10_000;

/** What has been spent decoding one blob, and the warnings already given for it. */
export class DecodeBudget {
  private decoded = 0;
  private units = 0;
  private warned: Set<string> | null = null;

  constructor(private readonly onWarning: (message: string) => void) {}

  /** Bytes that may still be decoded from this blob. */
  get remaining(): number {
    return Math.max(0, MAX_DECODED_PER_BLOB - this.decoded);
  }

  /** Most bytes one stream of `compressed` bytes may expand to now. */
  expansionLimit(compressed: number): number {
    return Math.min(
      MAX_MEMBER_BYTES,
      this.remaining,
      Math.max(RATIO_FLOOR, compressed * MAX_RATIO),
    );
  }

  /** Counts a decoded unit of `bytes`; false (after a warning) when the budget is spent. */
  spend(bytes: number): boolean {
    if (this.units >= MAX_UNITS) {
      this.warnOnce(`more than ${MAX_UNITS} encoded parts: the rest were not decoded`);
      return false;
    }
    if (bytes > this.remaining) {
      this.warnOnce(
        `more than ${MAX_DECODED_PER_BLOB / 1024 / 1024} MB decoded: the rest were not decoded`,
      );
      return false;
    }
    this.units++;
    this.decoded += bytes;
    return true;
  }

  /** A warning, given once per blob however often its cause recurs. */
  warnOnce(message: string): void {
    this.warned ??= new Set();
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.onWarning(message);
  }
}

/** A name from inside an archive, safe to show: printable, bounded. */
export function shownName(name: string): string {
  let clean = '';
  for (const char of name) {
    const code = char.charCodeAt(0);
    clean += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '?' : char;
  }
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
