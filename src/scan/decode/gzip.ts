/**
 * gzip streams (`.gz`, `.tgz`, Helm release data). The header is read here
 * and the deflate body inflated raw, so that trailing bytes or a cut-off
 * end do not lose what comes before them.
 */
import { inflateBounded, type Inflated } from './inflate.js';
import type { DecodeBudget } from './limits.js';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

export function isGzip(bytes: Buffer): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

/** Offset of the deflate body after a gzip header, or -1 when the header is cut off. */
function bodyOffset(bytes: Buffer): number {
  const flags = bytes[3] ?? 0;
  let at = 10;
  if (flags & FEXTRA) {
    if (at + 2 > bytes.length) return -1;
    at += 2 + bytes.readUInt16LE(at);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const nul = bytes.indexOf(0, at);
    if (nul === -1) return -1;
    at = nul + 1;
  }
  if (flags & FHCRC) at += 2;
  return at <= bytes.length ? at : -1;
}

/** The first gzip member of `bytes`, inflated within the budget. */
export function gunzipBounded(bytes: Buffer, budget: DecodeBudget): Inflated {
  const body = bodyOffset(bytes);
  if (body === -1) return { problem: 'has a truncated header' };
  return inflateBounded(bytes.subarray(body), budget);
}
