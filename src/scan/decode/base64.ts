/**
 * Finds base64 runs that hold a key (Kubernetes Secret `data:`, `.env` and CI
 * variables, JSON values, base64 of base64) and decodes them, reading as
 * little of an ordinary blob as it can: one byte every SAMPLE_STRIDE bytes is
 * looked at, and only a sample that is an upper-case letter, a digit, `+` or
 * `/` (rare in prose and code, six in ten in base64) is grown into its run.
 * A run of RUN_MIN characters holds two samples and is missed only when
 * both are lower-case letters (about one in six random 64-character runs;
 * one in 10^7 for the 300+ characters of a base64 PEM key). A run is
 * decoded only when its first characters open like a key, or decode to text
 * (a service account's JSON, a kubeconfig, `openssl pkcs12 -nodes` output, a
 * PEM after a comment; UTF-8 or UTF-16), which is scanned like any blob:
 * binary (images, digests) is told from its first three bytes. Runs of hex
 * digits (DER keys as test vectors write them) are judged on the same
 * samples: a sample in a stretch of lower-case hex, or an upper-case run of
 * hex that is no key in base64, is read as hex from its start.
 */
import { holdsAt } from '../bytes.js';
import { countNewlines } from '../newlines.js';
import { isOpensshContainer, mayOpenDerKey } from './der.js';
import { MAX_DEPTH } from './limits.js';

/** Shortest run worth decoding: a PKCS#8 Ed25519 key is 64 characters of base64. */
const RUN_MIN = 64;
/** Sampling stride; half of RUN_MIN, so that such a run holds two samples. */
const SAMPLE_STRIDE = 32;
/** Characters decoded to judge a run's opening (48 bytes). */
const OPENING_CHARS = 64;
const OPENING_BYTES = 48;
/** Base64 inside base64 is looked into this deep when judging an opening. */
const OPENING_DEPTH = MAX_DEPTH - 1;

const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALPHABET = new Uint8Array(256);
/** The six bits each base64 character stands for. */
const SEXTET = new Uint8Array(256);
for (let index = 0; index < BASE64_CHARS.length; index++) {
  ALPHABET[BASE64_CHARS.charCodeAt(index)] = 1;
  SEXTET[BASE64_CHARS.charCodeAt(index)] = index;
}
/** The base64 characters a sample must be to be looked at further. */
const SAMPLED = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/') SAMPLED[c.charCodeAt(0)] = 1;
const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** The base64 characters that `bytes` fix, whatever bytes follow them. */
function fixedBase64(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('base64').slice(0, Math.floor((bytes.length * 8) / 6)));
}

/**
 * What a key, or something holding one, opens with: `-----`/`---- ` (PEM,
 * ssh.com), PuTTY, OpenSSH, SSH1, gzip, zip, and `-----` in UTF-16 (with
 * either byte order mark, or none), as bytes.
 */
const KEY_OPENINGS = [
  '-----',
  'PuTTY-',
  'openssh-key-v1',
  'SSH PRIVATE ',
  '\x1f\x8b\x08',
  'PK\x03\x04',
  '\xff\xfe-\x00-\x00',
  '\xfe\xff\x00-\x00-',
  '-\x00-\x00-\x00',
  '\x00-\x00-\x00-',
].map((opening) => Buffer.from(opening, 'latin1'));
/** A DER SEQUENCE in base64: `M`, then the character its length form gives. */
const DER_OPENINGS = ['MI', 'MH', 'MG', 'MF', 'ME', 'MD', 'MC'].map((opening) =>
  Buffer.from(opening),
);

/**
 * How a run that may hold a key begins, before anything is decoded: base64
 * of a key opening, or of a DER SEQUENCE, and base64 of those again, as deep
 * as encodings are undone (MAX_DEPTH: a Secret's value encoded three times
 * is still found). Hex digests and the like, by far the most common long
 * runs, fail here.
 */
const RUN_OPENINGS: readonly Buffer[] = (() => {
  const openings = new Map<string, Buffer>();
  const add = (opening: Buffer, depth: number): void => {
    openings.set(opening.toString('latin1'), opening);
    if (depth < MAX_DEPTH) add(fixedBase64(opening), depth + 1);
  };
  for (const opening of KEY_OPENINGS) add(fixedBase64(opening), 1);
  for (const opening of DER_OPENINGS) add(opening, 1);
  return [...openings.values()];
})();

/** Whether `bytes` holds one of `openings` at `start` (a loop: no closure per call). */
function opensWithAny(bytes: Buffer, start: number, openings: readonly Buffer[]): boolean {
  for (const opening of openings) if (holdsAt(bytes, start, opening)) return true;
  return false;
}

/** Whether the run at `start` begins like one that may hold a key. */
function mayOpenKeyRun(bytes: Buffer, start: number): boolean {
  return opensWithAny(bytes, start, RUN_OPENINGS);
}

/** Bytes of ASCII text: printable, tab, line breaks, form feed. */
const ASCII_TEXT = new Uint8Array(256);
for (let byte = 0x20; byte < 0x7f; byte++) ASCII_TEXT[byte] = 1;
for (const byte of [0x09, 0x0a, 0x0c, 0x0d]) ASCII_TEXT[byte] = 1;

/**
 * Whether the run at `start` (four base64 characters at least) may decode to
 * text: its first three bytes, decoded in place, are ASCII text, a UTF-8 or
 * UTF-16 byte order mark, or ASCII in UTF-16. Random bytes pass one time in
 * eighteen, and are then told by their opening.
 */
function mayOpenText(bytes: Buffer, start: number): boolean {
  const second = SEXTET[bytes[start + 1] as number] as number;
  const third = SEXTET[bytes[start + 2] as number] as number;
  const b0 = ((SEXTET[bytes[start] as number] as number) << 2) | (second >> 4);
  const b1 = ((second & 15) << 4) | (third >> 2);
  const b2 = ((third & 3) << 6) | (SEXTET[bytes[start + 3] as number] as number);
  if (ASCII_TEXT[b0])
    return ASCII_TEXT[b1] ? ASCII_TEXT[b2] === 1 : b1 === 0 && ASCII_TEXT[b2] === 1;
  if (b0 === 0) return ASCII_TEXT[b1] === 1 && b2 === 0;
  return (
    (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) ||
    (b0 === 0xff && b1 === 0xfe) ||
    (b0 === 0xfe && b1 === 0xff)
  );
}

/** Length of the UTF-8 sequence led by `byte` (2 to 4), or 0 when it leads none. */
function utf8Length(byte: number): number {
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  return byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
}

/** Whether `opening` is UTF-8 text (a sequence cut by its end aside). */
function isUtf8Text(opening: Buffer, from: number): boolean {
  for (let at = from; at < opening.length;) {
    const byte = opening[at] as number;
    if (ASCII_TEXT[byte]) {
      at++;
      continue;
    }
    const length = utf8Length(byte);
    if (!length) return false;
    const end = Math.min(at + length, opening.length);
    for (at++; at < end; at++) if (((opening[at] as number) & 0xc0) !== 0x80) return false;
  }
  return true;
}

/**
 * Whether `opening` is UTF-16 text from `from`, its NULs at `nul` parity (0:
 * big-endian, 1: little-endian): no unit is NUL or a control character but
 * white space, and, without a byte order mark to vouch for it (`marked`),
 * three code units in four at least are ASCII text (with one, text in any
 * script: Japanese notes above a key, as PowerShell's ToBase64String keeps them).
 */
function isUtf16Text(opening: Buffer, from: number, nul: 0 | 1, marked: boolean): boolean {
  let units = 0;
  let ascii = 0;
  for (let at = from; at + 1 < opening.length; at += 2) {
    const high = opening[at + nul] as number;
    const low = opening[at + 1 - nul] as number;
    if (high === 0 && !ASCII_TEXT[low] && low < 0x80) return false;
    units++;
    if (high === 0 && ASCII_TEXT[low]) ascii++;
  }
  return units > 0 && (marked || ascii * 4 >= units * 3);
}

/**
 * Whether decoded bytes open like text (UTF-8, or UTF-16 with or without its
 * byte order mark): a run of it is decoded whole and scanned, since a key
 * may stand anywhere in it.
 */
export function opensLikeText(opening: Buffer): boolean {
  if (opening.length < 3) return false;
  if (opening[0] === 0xff && opening[1] === 0xfe) return isUtf16Text(opening, 2, 1, true);
  if (opening[0] === 0xfe && opening[1] === 0xff) return isUtf16Text(opening, 2, 0, true);
  if (opening[1] === 0) return isUtf16Text(opening, 0, 1, false);
  if (opening[0] === 0) return isUtf16Text(opening, 0, 0, false);
  const bom = opening[0] === 0xef && opening[1] === 0xbb && opening[2] === 0xbf;
  return isUtf8Text(opening, bom ? 3 : 0);
}

/** Texts that open a key file, as they appear in the first 48 decoded bytes. */
const TEXT_OPENINGS = [
  '-----BEGIN ',
  '---- BEGIN ',
  'PuTTY-User-Key-File-',
  'openssh-key-v1\0',
  'SSH PRIVATE',
];

export interface Base64Run {
  /** Offset of the run's first character. */
  start: number;
  /** 1-based line of that character. */
  line: number;
  decoded: Buffer;
  /** `base64`, or `hex` for a run of hex digits (test vectors write DER keys so). */
  encoding: 'base64' | 'hex';
}

const LOWER_HEX = new Uint8Array(256);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
/** Shortest hex run worth decoding: a PKCS#8 Ed25519 key is 96 hex digits. */
const HEX_RUN_MIN = 96;
/**
 * How hex of a key opens: a DER SEQUENCE (`30`) or dashes (`2d2d`, a PEM
 * text). Digests, the common long hex runs, fail here after two bytes.
 */
const HEX_OPENINGS = ['30', '2d2d', '2D2D'].map((opening) => Buffer.from(opening));
/** Characters after a sample that, all lower-case hex, mark a digest rather than base64. */
const HEX_STRETCH = 16;

/**
 * Whether the sample starts or ends a stretch of lower-case hex (a digest: the most
 * common long run in code, never a key's base64, where sixteen such
 * characters in a row come once in 2^32). Rejecting it here spares reading
 * the digest whole.
 */
function isHexStretch(bytes: Buffer, at: number): boolean {
  return hexFrom(bytes, at) || (at >= HEX_STRETCH - 1 && hexFrom(bytes, at - HEX_STRETCH + 1));
}

function hexFrom(bytes: Buffer, from: number): boolean {
  if (from + HEX_STRETCH > bytes.length) return false;
  for (let next = from; next < from + HEX_STRETCH; next++)
    if (!LOWER_HEX[bytes[next] as number]) return false;
  return true;
}

/** End of the run of base64 characters from `at`: four bytes a step while it lasts. */
function runEnd(bytes: Buffer, at: number): number {
  const length = bytes.length;
  let end = at;
  while (
    end + 4 <= length &&
    (ALPHABET[bytes[end] as number] as number) &
      (ALPHABET[bytes[end + 1] as number] as number) &
      (ALPHABET[bytes[end + 2] as number] as number) &
      (ALPHABET[bytes[end + 3] as number] as number)
  )
    end += 4;
  while (end < length && ALPHABET[bytes[end] as number]) end++;
  return end;
}

/** Whether decoded bytes open like a key (or like base64 that does, or an archive). */
export function opensLikeKey(opening: Buffer, depth = 0): boolean {
  const text = opening.toString('latin1');
  if (TEXT_OPENINGS.some((start) => text.includes(start))) return true;
  // UTF-16 text (PowerShell's base64 of a file): its NULs dropped, the same openings.
  if (text.includes('\0-\0-') || text.includes('-\0-\0')) {
    const narrowed = text.replaceAll('\0', '');
    if (TEXT_OPENINGS.some((start) => narrowed.includes(start))) return true;
  }
  if (opening[0] === 0x1f && opening[1] === 0x8b) return true; // gzip
  if (text.startsWith('PK\x03\x04')) return true; // zip
  if (mayOpenDerKey(opening)) return true;
  if (
    depth < OPENING_DEPTH &&
    opening.length >= 16 &&
    opening.every((byte) => ALPHABET[byte] === 1)
  )
    return opensLikeKey(Buffer.from(text.slice(0, text.length & ~3), 'base64'), depth + 1);
  return false;
}

const BACKSLASH = 0x5c;
const LOWER_N = 0x6e;
const LOWER_R = 0x72;
/** White space and escaped line breaks (`\\n`, `\\r\\n`, escaped again or not): never base64. */
const NOT_BASE64 = /\s+|\\+(?:r\\+)?n/g;

/** Past a backslash run at `at`: the index after the `n`, or -1. */
function pastEscape(bytes: Buffer, at: number): number {
  if (bytes[at] !== BACKSLASH) return -1;
  let next = at;
  while (bytes[next] === BACKSLASH) next++;
  return next;
}

/**
 * Where the next line starts when an escaped line break (`\\n`, `\\r\\n`, as a
 * JSON string or a shell `echo -e` holds wrapped base64) stands at `at`, else -1.
 */
function escapedBreakAfter(bytes: Buffer, at: number): number {
  let next = pastEscape(bytes, at);
  if (next === -1) return -1;
  if (bytes[next] === LOWER_R) next = pastEscape(bytes, next + 1);
  return next !== -1 && bytes[next] === LOWER_N ? next + 1 : -1;
}

/** Where the line above ends when an escaped line break ends just before `at`, else -1. */
function escapedBreakBefore(bytes: Buffer, at: number): number {
  if (bytes[at - 1] !== LOWER_N || bytes[at - 2] !== BACKSLASH) return -1;
  let before = at - 2;
  while (bytes[before - 1] === BACKSLASH) before--;
  if (bytes[before - 1] === LOWER_R && bytes[before - 2] === BACKSLASH) {
    before -= 2;
    while (bytes[before - 1] === BACKSLASH) before--;
  }
  return before;
}

/** `start` past the `n` of an escaped line break that the run's backward walk took for base64. */
function pastEscapedN(bytes: Buffer, start: number): number {
  return bytes[start] === LOWER_N && bytes[start - 1] === BACKSLASH ? start + 1 : start;
}

/**
 * Widths of the lines that base64 tools write (`base64`, PEM): lines of one
 * of these joined by single spaces (line breaks turned to spaces, as `tr` or
 * a form field leaves them) are one run.
 */
function isToolWidth(width: number): boolean {
  return width === 76 || width === 64;
}

/**
 * The end of a run wrapped over lines (`base64` writes 76 columns): while a
 * line was as long as the first, the next line of base64 (indentation
 * aside, as in a YAML block) continues it; so does the next after a single
 * space, when the lines are as wide as a base64 tool writes them.
 */
function wrappedEnd(bytes: Buffer, start: number, end: number): number {
  const width = end - start;
  const spaced = isToolWidth(width);
  let lineEnd = end;
  for (;;) {
    let at = lineEnd;
    while (bytes[at] === EQUALS) at++;
    if (at !== lineEnd) return at; // padding ends the run
    const escaped = escapedBreakAfter(bytes, at);
    if (escaped !== -1) at = escaped;
    else if (spaced && bytes[at] === SPACE && ALPHABET[bytes[at + 1] as number]) at++;
    else {
      if (bytes[at] === CR) at++;
      if (bytes[at] !== LF) return lineEnd;
      at++;
      while (bytes[at] === SPACE || bytes[at] === TAB) at++;
    }
    // Four bytes a step: a key block's body is walked line by line here.
    const next = runEnd(bytes, at);
    if (next === at || next - at > width) return lineEnd;
    lineEnd = next;
    if (next - at < width) {
      while (bytes[lineEnd] === EQUALS) lineEnd++;
      return lineEnd;
    }
  }
}

/** The first bytes a run decodes to (line breaks of a wrapped block skipped). */
function openingOf(bytes: Buffer, start: number): Buffer {
  const text = bytes.toString('latin1', start, start + OPENING_CHARS + 32).replace(NOT_BASE64, '');
  return Buffer.from(text.slice(0, OPENING_CHARS), 'base64');
}

/** Start of the line holding `at` when only indentation precedes it there, else -1. */
function lineStartOf(bytes: Buffer, at: number): number {
  let start = at;
  while (start > 0 && (bytes[start - 1] === SPACE || bytes[start - 1] === TAB)) start--;
  return start === 0 || bytes[start - 1] === LF ? start : -1;
}

/**
 * The first line of a block of wrapped base64 (`base64` writes 76 columns)
 * that holds the line at `start`: a sample may land on any line, and only
 * the first opens like a key. Walks up while the lines above are base64 of
 * one width (the sampled line may be the shorter last one).
 */
function wrappedStart(bytes: Buffer, start: number, end: number, floor: number): number {
  if (lineStartOf(bytes, start) === -1)
    return bytes[start - 1] === SPACE
      ? spacedStart(bytes, start, end, floor)
      : escapedStart(bytes, start, end, floor);
  let first = start;
  let width = -1;
  for (;;) {
    let lineEnd = lineStartOf(bytes, first) - 1; // the newline before this line
    if (lineEnd <= floor) return first;
    if (bytes[lineEnd - 1] === CR) lineEnd--;
    if (bytes[lineEnd - 1] === EQUALS) return first; // padding ends a block
    let above = lineEnd;
    while (above > floor && ALPHABET[bytes[above - 1] as number]) above--;
    const aboveWidth = lineEnd - above;
    if (aboveWidth < RUN_MIN / 2 || lineStartOf(bytes, above) === -1) return first;
    if (width === -1) {
      if (aboveWidth < end - start) return first;
      width = aboveWidth;
    } else if (aboveWidth !== width) return first;
    first = above;
  }
}

/** `wrappedStart` for lines joined by escaped line breaks, all on one line of the file. */
function escapedStart(bytes: Buffer, start: number, end: number, floor: number): number {
  let first = start;
  let width = -1;
  for (;;) {
    const lineEnd = escapedBreakBefore(bytes, first);
    if (lineEnd <= floor || bytes[lineEnd - 1] === EQUALS) return first;
    let above = lineEnd;
    while (above > floor && ALPHABET[bytes[above - 1] as number]) above--;
    above = pastEscapedN(bytes, above);
    const aboveWidth = lineEnd - above;
    if (aboveWidth < RUN_MIN / 2) return first;
    if (width === -1) {
      if (aboveWidth < end - start) return first;
      width = aboveWidth;
    } else if (aboveWidth !== width) return first;
    first = above;
  }
}

/** `wrappedStart` for lines of a base64 tool's width joined by single spaces. */
function spacedStart(bytes: Buffer, start: number, end: number, floor: number): number {
  let first = start;
  let width = -1;
  for (;;) {
    const lineEnd = first - 1; // the space
    if (lineEnd <= floor || bytes[lineEnd] !== SPACE || bytes[lineEnd - 1] === EQUALS) return first;
    let above = lineEnd;
    while (above > floor && ALPHABET[bytes[above - 1] as number]) above--;
    const aboveWidth = lineEnd - above;
    if (!isToolWidth(aboveWidth)) return first;
    if (width === -1) {
      if (aboveWidth < end - start) return first;
      width = aboveWidth;
    } else if (aboveWidth !== width) return first;
    first = above;
  }
}

const PEM_BEGIN = Buffer.from('-----BEGIN ');
const PEM_END = Buffer.from('-----END ');
/** A PEM head the clear scan reads as a key block (its label ends in PRIVATE KEY). */
const KEY_HEAD = /^-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY-----/;
const ARMOUR_LOOKBACK = 320;

/**
 * Whether the run at `start` is the body of a PEM key block the clear scan
 * reads: it closely follows a private key's head, with no END between them.
 * Any other armour (a certificate's, an END line, PuTTY's lines, whose
 * bodies never open like a key) says nothing: a run after it is decoded like
 * any other.
 */
function isKeyBlockBody(bytes: Buffer, start: number): boolean {
  const before = bytes.subarray(Math.max(0, start - ARMOUR_LOOKBACK), start);
  const head = before.lastIndexOf(PEM_BEGIN);
  if (head === -1 || before.indexOf(PEM_END, head) !== -1) return false;
  return KEY_HEAD.test(before.toString('latin1', head, head + 64));
}

/**
 * Whether decoded bytes open like a PEM body: DER or an OpenSSH container.
 * Base64 of text (a marker, base64 again, an archive) is never one, whatever
 * armour precedes it: that is a key encoded twice, which only decoding finds.
 */
function opensLikePemBody(opening: Buffer): boolean {
  return mayOpenDerKey(opening) || isOpensshContainer(opening);
}

/** The bounds of the run of hex digits (either case) holding `at`, not reaching back past `floor`. */
function hexRunAround(bytes: Buffer, at: number, floor: number): { start: number; end: number } {
  let start = at;
  while (start > floor && HEX[bytes[start - 1] as number]) start--;
  let end = at;
  while (end < bytes.length && HEX[bytes[end] as number]) end++;
  return { start, end };
}

/**
 * The bytes a hex run [start, end) decodes to when it is long enough and
 * opens like a key (hex of DER, of PEM text, of base64), else null. Only the
 * opening is decoded to judge; `maxBytes` caps the whole (`onCut` told).
 */
function hexKeyRun(
  bytes: Buffer,
  start: number,
  end: number,
  maxBytes: number,
  onCut: () => void,
): Buffer | null {
  if (end - start < HEX_RUN_MIN || !opensWithAny(bytes, start, HEX_OPENINGS)) return null;
  for (let at = start; at < end; at++) if (!HEX[bytes[at] as number]) return null;
  const opening = Buffer.from(bytes.toString('latin1', start, start + 2 * OPENING_BYTES), 'hex');
  if (!opensLikeKey(opening)) return null;
  let last = start + ((end - start) & ~1);
  if ((last - start) / 2 > maxBytes) {
    onCut();
    last = start + 2 * maxBytes;
  }
  return Buffer.from(bytes.toString('latin1', start, last), 'hex');
}

/** The runs found in one blob, each with its line. */
class FoundRuns {
  readonly runs: Base64Run[] = [];
  private readonly lines: Lines;

  constructor(bytes: Buffer) {
    this.lines = new Lines(bytes);
  }

  add(start: number, decoded: Buffer, encoding: Base64Run['encoding']): void {
    this.runs.push({ start, line: this.lines.lineOf(start), decoded, encoding });
  }
}

/** What most blobs hold: shared, so that a blob with no run makes no array. */
const NO_RUNS: readonly Base64Run[] = Object.freeze([]);

/** Counts lines up to offsets that never decrease. */
class Lines {
  private at = 0;
  private line = 1;
  constructor(private readonly bytes: Buffer) {}

  lineOf(offset: number): number {
    this.line += countNewlines(this.bytes, this.at, offset);
    this.at = offset;
    return this.line;
  }
}

/**
 * The first sample from `at` on (a multiple of SAMPLE_STRIDE from the
 * first) that needs a closer look, or the length when none does: one in a
 * base64 run of RUN_MIN characters or more, or lower-case hex among hex.
 * Most of a clean scan is spent here, so it makes no call: V8 optimises it
 * at once and has nothing to throw the optimised code away for.
 */
function nextCandidate(bytes: Buffer, from: number, floor: number): number {
  const length = bytes.length;
  for (let at = from; at < length; at += SAMPLE_STRIDE) {
    const sample = bytes[at] as number;
    if (SAMPLED[sample]) {
      let start = at;
      while (start > floor && ALPHABET[bytes[start - 1] as number]) start--;
      let end = at + 1;
      while (end < length && ALPHABET[bytes[end] as number]) end++;
      if (end - start >= RUN_MIN) return at;
      // Samples inside a short run tell nothing new.
      while (at + SAMPLE_STRIDE < end) at += SAMPLE_STRIDE;
    } else if (
      // A lower-case letter is looked at only as hex (a short hex key, 96 digits, holds
      // three samples, all three letters a time in twenty), and only when its neighbours
      // are hex too: four table reads, which prose and code fail at once.
      LOWER_HEX[sample] &&
      LOWER_HEX[bytes[at - 1] as number] &&
      LOWER_HEX[bytes[at + 1] as number] &&
      LOWER_HEX[bytes[at + 2] as number]
    )
      return at;
  }
  return length;
}

/**
 * The runs of `bytes` whose opening decodes like a key, decoded. Each byte
 * of the blob is looked at a bounded number of times. `maxBytes` caps each
 * run (a run beyond it is cut and `onCut` told).
 */
export function findBase64Runs(
  bytes: Buffer,
  maxBytes: number,
  onCut: () => void,
): readonly Base64Run[] {
  // Made at the first run found: most blobs have none, and pay for no object.
  let found: FoundRuns | null = null;
  const length = bytes.length;
  let floor = 0;
  for (
    let at = nextCandidate(bytes, SAMPLE_STRIDE - 1, floor);
    at < length;
    at = nextCandidate(bytes, at + SAMPLE_STRIDE, floor)
  ) {
    const sample = bytes[at] as number;
    if (isHexStretch(bytes, at)) {
      // A digest, most likely; hex of a key otherwise. Its other samples tell nothing new
      // (no floor is set: a base64 run around a stretch of hex is still read whole).
      const hex = hexRunAround(bytes, at, floor);
      const decoded = hexKeyRun(bytes, hex.start, hex.end, maxBytes, onCut);
      if (decoded) {
        (found ??= new FoundRuns(bytes)).add(hex.start, decoded, 'hex');
        floor = hex.end;
      }
      while (at + SAMPLE_STRIDE < hex.end) at += SAMPLE_STRIDE;
      continue;
    }
    if (!SAMPLED[sample]) continue;
    let start = at;
    while (start > floor && ALPHABET[bytes[start - 1] as number]) start--;
    start = pastEscapedN(bytes, start);
    let end = runEnd(bytes, at + 1);
    if (end - start >= RUN_MIN) {
      start = wrappedStart(bytes, start, end, floor);
      const opening =
        mayOpenKeyRun(bytes, start) || mayOpenText(bytes, start) ? openingOf(bytes, start) : null;
      // DER or an OpenSSH container opens like a key too: a key block's body is told first.
      const body = opening !== null && opensLikePemBody(opening) && isKeyBlockBody(bytes, start);
      if (body) {
        // The body of a key block the clear scan reads: its other lines are not sampled.
        end = wrappedEnd(bytes, start, runEnd(bytes, start));
      } else if (opening !== null && (opensLikeKey(opening) || opensLikeText(opening))) {
        end = wrappedEnd(bytes, start, runEnd(bytes, start));
        let text = bytes.toString('latin1', start, end).replace(NOT_BASE64, '');
        if (text.length > maxBytes) {
          onCut();
          text = text.slice(0, maxBytes & ~3);
        }
        (found ??= new FoundRuns(bytes)).add(start, Buffer.from(text, 'base64'), 'base64');
      } else {
        // Upper-case hex is base64's alphabet too: a run of it may be hex of a key.
        const decoded = hexKeyRun(bytes, start, end, maxBytes, onCut);
        if (decoded) (found ??= new FoundRuns(bytes)).add(start, decoded, 'hex');
      }
      floor = end;
    }
    // Samples inside the run just read tell nothing new.
    while (at + SAMPLE_STRIDE < end) at += SAMPLE_STRIDE;
  }
  return found?.runs ?? NO_RUNS;
}

function ignore(): void {
  // A run is only looked for here: nothing is decoded, so nothing is cut.
}

/**
 * Whether `bytes` holds a run that `findBase64Runs` would decode (past the
 * depth limit, to say what was left undecoded): runs are found the same
 * way, at the same cost, but none is decoded.
 */
export function holdsEncodedRun(bytes: Buffer): boolean {
  return findBase64Runs(bytes, 0, ignore).length > 0;
}
