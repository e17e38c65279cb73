/**
 * How far one key block may reach. The bound is on what a block holds, not
 * on the bytes it spans: white space is free (OpenSSL, ssh-keygen and
 * puttygen skip it, so 70,000 spaces on a body line leave a key loadable),
 * and the rest may be as large as a real key with a long comment (an
 * OpenSSH container holds its comment inside the base64; a .ppk file on its
 * Comment line). OpenSSH reads key files of at most 1 MiB; escaping (`\n`,
 * quotes, comment markers) adds to that, so twice as much is allowed.
 */
export const BLOCK_BUDGET = 2 * 1024 * 1024;

/**
 * Bytes a streaming scan holds for one pending block at most, once long
 * runs of white space are cut short (squeeze.ts): a bound on memory that
 * only a block mixing short runs of white space with its budget of other
 * bytes reaches. A whole file or blob (up to 16 MiB) has no such bound: its
 * bytes are in memory already.
 */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024;

/** Space, tab, newline, vertical tab, form feed and carriage return. */
const SPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]) SPACE[byte] = 1;

/**
 * The end of the block that starts at `from` and can run at most to `to`:
 * `to`, or the byte past which it would hold more than `budget` bytes other
 * than white space. Reads bytes only when `to` is further than the budget.
 */
export function budgetEnd(
  bytes: Uint8Array,
  from: number,
  to: number,
  budget = BLOCK_BUDGET,
): number {
  if (to - from <= budget) return to;
  let left = budget;
  for (let at = from; at < to; at++) if (!SPACE[bytes[at] as number] && --left < 0) return at;
  return to;
}

/** Bytes other than white space in `bytes[from, to)`. */
export function solidBytes(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at++) if (!SPACE[bytes[at] as number]) count++;
  return count;
}
