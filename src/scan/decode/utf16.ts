/**
 * UTF-16 text (PowerShell's and Windows Notepad's default): found by its
 * byte order mark, by the NUL in every other byte that ASCII text has in
 * UTF-16, or, when its first lines are in a script with no NUL bytes
 * (Japanese notes above a key), by a key marker in UTF-16 anywhere in it.
 * Decoded to UTF-8, which keeps every line where it was.
 */

export type Utf16 = 'utf-16le' | 'utf-16be';

/** Bytes looked at to recognise UTF-16 without a byte order mark. */
const SAMPLE = 512;

/** Bytes looked at for a NUL that marks binary (or UTF-16) content. */
export const HEAD_BYTES = SAMPLE;

/**
 * The words of the key markers in UTF-16LE without their last NUL: the same
 * bytes are UTF-16BE one byte on, so one search finds either byte order, and
 * where a hit starts (even or odd) tells which. `BEGIN ` is in every PEM and
 * ssh.com head, whatever its label; PuTTY's head has its own.
 */
const MARKER_WORDS = ['BEGIN ', 'PuTTY-User-Key-File-'].map((word) =>
  Buffer.from(word, 'utf16le').subarray(0, -1),
);

/**
 * The UTF-16 flavour of `bytes`, or null. `nulInHead` is whether the first
 * HEAD_BYTES hold a NUL (the caller knows). Reads at most SAMPLE bytes, then
 * (for a blob that holds a NUL) searches it for a marker in UTF-16: one
 * memchr for a text file, two native searches for a binary one.
 */
export function utf16Encoding(bytes: Buffer, nulInHead: boolean): Utf16 | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return bytes[2] === 0 && bytes[3] === 0 ? null : 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const length = Math.min(bytes.length, SAMPLE) & ~1;
  if (length >= 32 && nulInHead) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let at = 0; at < length; at += 2) {
      if (bytes[at] === 0) evenZeros++;
      if (bytes[at + 1] === 0) oddZeros++;
    }
    const pairs = length / 2;
    // ASCII in UTF-16: one byte of each pair is NUL, the other almost never.
    if (oddZeros >= pairs * 0.8 && evenZeros <= pairs * 0.05) return 'utf-16le';
    if (evenZeros >= pairs * 0.8 && oddZeros <= pairs * 0.05) return 'utf-16be';
  }
  // A marker in UTF-16 holds NULs: text without one (almost every file) costs a memchr.
  if (!nulInHead && bytes.indexOf(0) === -1) return null;
  return byMarker(bytes);
}

/**
 * The byte order of UTF-16 text that holds a key marker, when everything
 * before the marker is UTF-16 text of that order too (so a binary file that
 * happens to hold a UTF-16 string, or UTF-16 after a head in another
 * encoding, is not taken for it); null otherwise.
 */
function byMarker(bytes: Buffer): Utf16 | null {
  for (const word of MARKER_WORDS) {
    const at = bytes.indexOf(word);
    if (at === -1) continue;
    // LE: the marker's first letter starts a unit (even); BE: it ends one (odd).
    const encoding: Utf16 = at % 2 === 0 ? 'utf-16le' : 'utf-16be';
    if (isUtf16Text(bytes, at & ~1, encoding)) return encoding;
  }
  return null;
}

/**
 * Whether the units in [0, end) are text: no NUL or other control character
 * but tab, line breaks and form feed, no non-character, no lone surrogate.
 */
function isUtf16Text(bytes: Buffer, end: number, encoding: Utf16): boolean {
  const high = encoding === 'utf-16le' ? 1 : 0;
  let pendingHigh = false;
  for (let at = 0; at + 1 < end; at += 2) {
    const unit = ((bytes[at + high] as number) << 8) | (bytes[at + 1 - high] as number);
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (pendingHigh !== isLow) return false;
    pendingHigh = unit >= 0xd800 && unit <= 0xdbff;
    if (unit < 0x20 ? !(unit >= 0x09 && unit <= 0x0d) : unit >= 0x7f && unit < 0xa0) return false;
    if (unit === 0xfffe || unit === 0xffff) return false;
  }
  return !pendingHigh;
}

/** UTF-8 bytes of UTF-16 text (without its byte order mark). */
export function decodeUtf16(bytes: Buffer, encoding: Utf16): Buffer {
  let units = bytes.subarray(0, bytes.length & ~1);
  if (encoding === 'utf-16be') units = Buffer.from(units).swap16();
  const text = units.toString('utf16le');
  return Buffer.from(text.startsWith('\ufeff') ? text.slice(1) : text, 'utf8');
}
