/**
 * gzip streams (`.gz`, `.tgz`, Helm release data). The header is read here
 * and the deflate body inflated raw, so that trailing bytes or a cut-off
 * end do not lose what comes before them. A file may hold several members
 * one after another (`gzip -c new >> old.gz`, `cat a.gz b.gz`, logrotate,
 * BGZF): gunzip outputs them all, and so are they all read here.
 */
import { inflateWithin, problemText } from './inflate.js';
import { MAX_UNITS, type DecodeBudget } from './limits.js';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
/** CRC-32 and size after each member's deflate body. */
const TRAILER = 8;

export function isGzip(bytes: Buffer, at = 0): boolean {
  return bytes[at] === 0x1f && bytes[at + 1] === 0x8b && bytes[at + 2] === 8;
}

/** Offset of the deflate body after the gzip header at `start`, or -1 when the header is cut off. */
function bodyOffset(bytes: Buffer, start: number): number {
  const flags = bytes[start + 3] ?? 0;
  let at = start + 10;
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

/** Where the next member starts after `at` (zero padding skipped, as gzip does), or -1. */
function nextMember(bytes: Buffer, at: number): number {
  let next = at;
  while (next < bytes.length && bytes[next] === 0) next++;
  return isGzip(bytes, next) ? next : -1;
}

/** What a gzip file inflates to; `problem` (a warning's text after "gzip stream ") ends it early. */
export interface Gunzipped {
  /** Every member read, or those before the problem (and the problem member up to the limit). */
  bytes: Buffer;
  problem?: string;
}

/**
 * The members of a gzip file inflated one after another, within the budget:
 * all members together may expand only as far as one stream of the file's
 * size may, so splitting a bomb into members gains nothing.
 */
export function gunzipBounded(bytes: Buffer, budget: DecodeBudget): Gunzipped {
  const limit = budget.expansionLimit(bytes.length);
  const bound = { limit, compressed: bytes.length };
  const parts: Buffer[] = [];
  let produced = 0;
  const result = (problem?: string): Gunzipped => ({
    bytes: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, produced),
    ...(problem ? { problem } : {}),
  });
  let at = 0;
  for (let member = 1; ; member++) {
    const body = bodyOffset(bytes, at);
    const stream =
      body === -1
        ? { problem: 'has a truncated header' }
        : inflateWithin(bytes.subarray(body), limit - produced, bound);
    if ('problem' in stream) {
      // A stream past the limit: what it expands to up to the limit is scanned.
      if (stream.prefix) {
        parts.push(stream.prefix);
        produced += stream.prefix.length;
      }
      return result(
        member === 1
          ? problemText(stream)
          : `member ${member} ${problemText(stream, 'it and the members after it')}`,
      );
    }
    parts.push(stream.bytes);
    produced += stream.bytes.length;
    at = nextMember(bytes, body + stream.consumed + TRAILER);
    if (at === -1) return result();
    if (member >= MAX_UNITS)
      return result(`of more than ${MAX_UNITS} members: the rest were not read`);
  }
}
