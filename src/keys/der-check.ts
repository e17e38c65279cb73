/**
 * A linear check of the DER a private key block decodes to, run before
 * any of it reaches sshpk or node:crypto. sshpk's ASN.1 reader turns
 * a four-byte length of 2^31 or more into a negative number and then walks
 * about 2^31 bytes one at a time (20 s of CPU for a 131-byte block), and it
 * trusts lengths that overrun their parent. Here every header sshpk may
 * read must have a definite length of at most four length bytes below 2^31
 * and nest at most MAX_DEPTH deep; the key's inner DER (the PKCS#8
 * privateKey OCTET STRING, which sshpk reads in place) is checked the same
 * way. One pass over the bytes, so a hostile block costs microseconds.
 * `derElementAt` and `derChildren` are the strict readers the fallback's
 * own parsing uses.
 */

import { readTlv } from '../scan/decode/asn1.js';

/** One element: its tag and where its content starts and ends. */
export interface DerElement {
  tag: number;
  content: number;
  end: number;
}

/** Deeper than any key structure (explicit EC parameters nest five levels). */
const MAX_DEPTH = 12;
/** Lengths from 2^31 up turn negative in sshpk's reader. */
const MAX_LENGTH = 0x7fffffff;

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;

/**
 * The element at `at`, or null when its header is malformed, it does not fit
 * within `limit`, or its length is one sshpk would read as negative.
 */
export function derElementAt(buf: Buffer, at: number, limit: number): DerElement | null {
  const element = readTlv(buf, at, limit);
  return element && element.end - element.content <= MAX_LENGTH ? element : null;
}

/** The elements tiling `buf[start, end)` exactly, or null. */
export function derChildren(buf: Buffer, start: number, end: number): DerElement[] | null {
  const children: DerElement[] = [];
  for (let at = start; at < end;) {
    const child = derElementAt(buf, at, end);
    if (!child) return null;
    children.push(child);
    at = child.end;
  }
  return children;
}

/**
 * An element's header at `at` as sshpk's reader takes it: null when its
 * length is indefinite, longer than four bytes or 2^31 or more (what turns
 * negative there). A length that overruns `limit` is cut to it: sshpk reads
 * such keys (a lying outer length), and what it then reads lies within.
 */
function headerAt(buf: Buffer, at: number, limit: number): DerElement | 'cut' | null {
  if (at + 2 > limit) return 'cut';
  const tag = buf[at] as number;
  if ((tag & 0x1f) === 0x1f) return null;
  const first = buf[at + 1] as number;
  let length = first;
  let content = at + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) return null;
    if (content + count > limit) return 'cut';
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[content + i] as number);
    if (length > MAX_LENGTH) return null;
    content += count;
  }
  return { tag, content, end: Math.min(content + length, limit) };
}

/** Whether every header in `buf[start, end)`, constructed elements all the way down, has a length sshpk reads safely. */
function safeLengths(buf: Buffer, start: number, end: number, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  for (let at = start; at < end;) {
    const element = headerAt(buf, at, end);
    if (element === null) return false;
    // A header cut short by the end: the reader stops there with an error.
    if (element === 'cut') return true;
    if (element.tag & 0x20 && !safeLengths(buf, element.content, element.end, depth + 1))
      return false;
    at = Math.max(element.end, at + 1);
  }
  return true;
}

/**
 * Whether `der` can go to sshpk: one top-level SEQUENCE whose every header,
 * constructed elements all the way down and, for PKCS#8, the DER inside the
 * privateKey OCTET STRING (which sshpk reads in place), has a definite
 * length of at most four bytes below 2^31. Lengths that overrun their parent
 * and bytes after the structure are allowed: sshpk and OpenSSL read such
 * keys, and a key with junk appended is still a key.
 */
export function isWellFormedKeyDer(der: Buffer): boolean {
  const top = headerAt(der, 0, der.length);
  if (top === null || top === 'cut' || top.tag !== SEQUENCE) return false;
  if (!safeLengths(der, top.content, top.end, 1)) return false;
  const version = headerAt(der, top.content, top.end);
  const algorithm = version && version !== 'cut' ? headerAt(der, version.end, top.end) : null;
  const privateKey =
    algorithm && algorithm !== 'cut' ? headerAt(der, algorithm.end, top.end) : null;
  if (
    version !== null &&
    version !== 'cut' &&
    version.tag === INTEGER &&
    algorithm !== null &&
    algorithm !== 'cut' &&
    algorithm.tag === SEQUENCE &&
    privateKey !== null &&
    privateKey !== 'cut' &&
    privateKey.tag === OCTET_STRING
  )
    return safeLengths(der, privateKey.content, privateKey.end, 2);
  return true;
}

/**
 * The decoded body of a PEM block exactly as sshpk 1.18 reads it
 * (lib/formats/pem.js): the lines between the first BEGIN and the last END
 * line, header lines (`Name: value`) after BEGIN skipped. Null when sshpk
 * would refuse the block before decoding it.
 */
export function sshpkPemBody(block: string): Buffer | null {
  const lines = block.trim().split(/[\r\n]+/g);
  const begin = /[-]+[ ]*BEGIN ([A-Z0-9][A-Za-z0-9]+ )?(PUBLIC|PRIVATE) KEY[ ]*[-]+/;
  const end = /[-]+[ ]*END ([A-Z0-9][A-Za-z0-9]+ )?(PUBLIC|PRIVATE) KEY[ ]*[-]+/;
  const first = lines.findIndex((line) => begin.test(line));
  let last = lines.length - 1;
  while (last > 0 && !end.test(lines[last] ?? '')) last--;
  if (first < 0 || last <= first) return null;
  let at = first + 1;
  while (at < last && /^([A-Za-z0-9-]+): (.+)$/.test(lines[at] ?? '')) at++;
  return Buffer.from(lines.slice(at, last).join(''), 'base64');
}
