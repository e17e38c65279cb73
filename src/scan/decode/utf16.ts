/**
 * UTF-16 text (PowerShell's and Windows Notepad's default): found by its
 * byte order mark, or by the NUL in every other byte that ASCII text has in
 * UTF-16. Decoded to UTF-8, which keeps every line where it was.
 */

export type Utf16 = 'utf-16le' | 'utf-16be';

/** Bytes looked at to recognise UTF-16 without a byte order mark. */
const SAMPLE = 512;

/** Bytes looked at for a NUL that marks binary (or UTF-16) content. */
export const HEAD_BYTES = SAMPLE;

/**
 * The UTF-16 flavour of `bytes`, or null: reads at most SAMPLE bytes.
 * `nulInHead` is whether the first HEAD_BYTES hold a NUL (the caller knows).
 */
export function utf16Encoding(bytes: Buffer, nulInHead: boolean): Utf16 | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return bytes[2] === 0 && bytes[3] === 0 ? null : 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const length = Math.min(bytes.length, SAMPLE) & ~1;
  if (length < 32 || !nulInHead) return null;
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
  return null;
}

/** UTF-8 bytes of UTF-16 text (without its byte order mark). */
export function decodeUtf16(bytes: Buffer, encoding: Utf16): Buffer {
  let units = bytes.subarray(0, bytes.length & ~1);
  if (encoding === 'utf-16be') units = Buffer.from(units).swap16();
  const text = units.toString('utf16le');
  return Buffer.from(text.startsWith('\ufeff') ? text.slice(1) : text, 'utf8');
}
