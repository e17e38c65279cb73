/**
 * Newlines in `bytes[from, to)`, four bytes a step: twice as fast as a
 * search per newline on code's short lines, and every key-holding blob is
 * counted up to its markers.
 */
export function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  let at = from;
  while (at < to && (bytes.byteOffset + at) & 3) if (bytes[at++] === 10) count++;
  const words = (to - at) >> 2;
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + at, words);
    for (let word = 0; word < words;) {
      // Each byte of `lanes` counts the newlines in its lane: 255 words cannot overflow it.
      const stop = Math.min(words, word + 255);
      let lanes = 0;
      for (; word < stop; word++) {
        const x = (view[word] as number) ^ 0x0a0a0a0a;
        // 0x80 in each byte of x that is zero (a newline), exactly: no carry crosses a byte.
        lanes += (~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080) >>> 7;
      }
      count += (lanes & 0xff) + ((lanes >>> 8) & 0xff) + ((lanes >>> 16) & 0xff) + (lanes >>> 24);
    }
    at += words * 4;
  }
  while (at < to) if (bytes[at++] === 10) count++;
  return count;
}
