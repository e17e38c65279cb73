/**
 * Recognises private keys stored as binary DER (`.der`, binary `.key`, the
 * decoded base64 of a Kubernetes Secret) by their ASN.1 structure, and the
 * bare OpenSSH container, and turns them into the PEM text the parser reads.
 */
import { holdsAt } from '../bytes.js';
import { childrenOf, oidHex, readTlv, smallInteger, TAG, type Tlv } from './asn1.js';

const KEY = ['PRIVATE', 'KEY'].join(' ');
export const LABELS = {
  rsa: `RSA ${KEY}`,
  dsa: `DSA ${KEY}`,
  ec: `EC ${KEY}`,
  pkcs8: KEY,
  encrypted: `ENCRYPTED ${KEY}`,
  openssh: `OPENSSH ${KEY}`,
} as const;

/** OIDs under 1.2.840.113549.1 (PKCS) start with these bytes: PBES1/2 and PKCS#12 PBE alike. */
const PKCS_OID_PREFIX = '2a864886f70d01';
/** Bytes after the structure a DER file may carry (a trailing newline written by an editor). */
const TRAILING = /^[\r\n\t \0]{0,16}$/;
const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
/** How the base64 of an OpenSSH container opens, whatever armour is around it. */
export const OPENSSH_BASE64 = 'b3BlbnNzaC1rZXktdjE';

/** The base64 body of PEM (or ssh.com) text: its armour and header lines left out. */
export function pemBase64Of(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('---') && !line.includes(':'))
    .join('');
}

/** The decoded body of PEM text (`pemOf` undone); secret. */
export function pemBodyOf(text: string): Buffer {
  return Buffer.from(pemBase64Of(text), 'base64');
}

/** PEM text of DER bytes; secret, never printed. */
export function pemOf(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ''].join('\n');
}

function allIntegers(children: Tlv[]): boolean {
  return children.every((child) => child.tag === TAG.integer);
}

/** The PEM label of a private key structure, judged from its top-level children. */
function labelOf(buf: Buffer, children: Tlv[]): string | null {
  const [first, second, third] = children;
  const version = smallInteger(buf, first);
  if (version === 0 && children.length === 9 && allIntegers(children)) return LABELS.rsa;
  // Multi-prime RSA (RFC 8017): version 1, the nine integers, then otherPrimeInfos.
  if (
    version === 1 &&
    children.length === 10 &&
    allIntegers(children.slice(0, 9)) &&
    children[9]?.tag === TAG.sequence
  )
    return LABELS.rsa;
  if (version === 0 && children.length === 6 && allIntegers(children)) return LABELS.dsa;
  if (
    (version === 0 || version === 1) &&
    second?.tag === TAG.sequence &&
    third?.tag === TAG.octetString
  )
    return LABELS.pkcs8;
  if (version === 1 && second?.tag === TAG.octetString && children.length <= 4) return LABELS.ec;
  if (children.length === 2 && first?.tag === TAG.sequence && second?.tag === TAG.octetString) {
    const algorithm = childrenOf(buf, first, 2)?.[0];
    if (oidHex(buf, algorithm)?.startsWith(PKCS_OID_PREFIX)) return LABELS.encrypted;
  }
  return null;
}

/**
 * The PEM label and DER of the private key that `bytes` is, or null. The
 * structure must fill the bytes (a trailing newline aside).
 */
export function derPrivateKey(bytes: Buffer): { label: string; der: Buffer } | null {
  const top = readTlv(bytes, 0);
  if (top?.tag !== TAG.sequence) return null;
  if (top.end !== bytes.length && !TRAILING.test(bytes.toString('latin1', top.end, top.end + 17)))
    return null;
  const children = childrenOf(bytes, top, 16);
  if (!children) return null;
  const label = labelOf(bytes, children);
  return label ? { label, der: bytes.subarray(0, top.end) } : null;
}

/** Most DER elements read one after another from one file (a key, its certificate chain). */
export const MAX_DER_ELEMENTS = 256;
/** PKCS#8 attributes `[0]` and public key `[1]` (v2); SEC1 parameters `[0]` and public key `[1]`. */
const OPTIONAL_TAGS = new Set([0xa0, 0xa1, 0x81]);

function lengthOf(tlv: Tlv | undefined): number {
  return tlv ? tlv.end - tlv.content : 0;
}

/**
 * Whether a structure `labelOf` named is a key on closer look: asked when
 * bytes follow it, where its fitting the file no longer vouches for it. Real
 * keys pass (the sizes are those of the smallest keys any tool writes);
 * other DER that happens to open the same way does not.
 */
function plausibleKey(buf: Buffer, label: string, children: Tlv[]): boolean {
  const [, second, third] = children;
  const optional = (from: number): boolean =>
    children.slice(from).every((child) => OPTIONAL_TAGS.has(child.tag));
  switch (label) {
    case LABELS.rsa:
      // Modulus of 256 bits at least; no integer empty.
      return lengthOf(second) >= 32 && children.every((child) => child.end > child.content);
    case LABELS.dsa:
      return lengthOf(second) >= 64 && children.every((child) => child.end > child.content);
    case LABELS.pkcs8: {
      if (!second || children.length > 5 || !optional(3)) return false;
      const algorithm = childrenOf(buf, second, 4)?.[0];
      // The inner key: an Ed25519 or X25519 key's 34 bytes at the least.
      return algorithm?.tag === TAG.oid && lengthOf(algorithm) > 0 && lengthOf(third) >= 32;
    }
    case LABELS.ec:
      return lengthOf(second) >= 16 && lengthOf(second) <= 72 && optional(2);
    case LABELS.encrypted:
      return lengthOf(second) >= 16;
    default:
      return false;
  }
}

/** The key that the element `top` of `bytes` is, or null; `strict` asks for `plausibleKey` too. */
function keyAt(bytes: Buffer, top: Tlv, strict: boolean): { label: string; der: Buffer } | null {
  if (top.tag !== TAG.sequence) return null;
  const children = childrenOf(bytes, top, 16);
  if (!children) return null;
  const label = labelOf(bytes, children);
  if (!label || (strict && !plausibleKey(bytes, label, children))) return null;
  return { label, der: bytes.subarray(top.start, top.end) };
}

/** Where the next element starts after `at`: NULs and white space between elements skipped. */
function skipPadding(bytes: Buffer, at: number): number {
  let next = at;
  while (next < bytes.length) {
    const byte = bytes[next] as number;
    if (byte !== 0 && byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) break;
    next++;
  }
  return next;
}

/**
 * The private keys a binary DER file holds. Its first element must be one,
 * whole within the bytes, as `openssl pkey -inform DER` reads it; what
 * follows it (a stray byte, the key's certificate, the key written again, a
 * second key) does not hide it. The elements after it are read too, each
 * whole, up to the first bytes that are none (at most MAX_DER_ELEMENTS;
 * `more` when elements were left unread). A key with other bytes after it
 * must also look like a key on closer look (`plausibleKey`); one that fills
 * the file (a trailing newline aside) is taken as `derPrivateKey` takes it.
 */
export function derPrivateKeys(bytes: Buffer): {
  keys: { label: string; der: Buffer }[];
  more: boolean;
} {
  const none = { keys: [], more: false };
  const top = readTlv(bytes, 0);
  if (top?.tag !== TAG.sequence) return none;
  const fills =
    top.end === bytes.length || TRAILING.test(bytes.toString('latin1', top.end, top.end + 17));
  const first = keyAt(bytes, top, !fills);
  if (!first) return none;
  const keys = [first];
  if (fills) return { keys, more: false };
  let at = skipPadding(bytes, top.end);
  for (let elements = 1; at < bytes.length; elements++) {
    if (elements >= MAX_DER_ELEMENTS) return { keys, more: true };
    const element = readTlv(bytes, at);
    if (!element) break;
    const key = keyAt(bytes, element, true);
    if (key) keys.push(key);
    at = skipPadding(bytes, element.end);
  }
  return { keys, more: false };
}

/**
 * Whether the first bytes of a decoded run may open a DER private key (or a
 * PKCS#12 file): a SEQUENCE whose first child is a small version INTEGER,
 * or an algorithm identifier with a PKCS OID. Cheap, for rejecting runs.
 */
export function mayOpenDerKey(prefix: Buffer): boolean {
  if (prefix.length < 16) return false;
  const top = readTlv(prefix, 0, Number.MAX_SAFE_INTEGER);
  if (top?.tag !== TAG.sequence) return false;
  const first = readTlv(prefix, top.content, Number.MAX_SAFE_INTEGER);
  if (!first || first.content >= prefix.length) return false;
  if (first.tag === TAG.integer) {
    const length = first.end - first.content;
    const value = prefix[first.content] ?? -1;
    return length === 1 && (value === 0 || value === 1 || value === 3);
  }
  if (first.tag !== TAG.sequence) return false;
  const oid = readTlv(prefix, first.content, Number.MAX_SAFE_INTEGER);
  return (
    oid?.tag === TAG.oid &&
    prefix.toString('hex', oid.content, Math.min(prefix.length, oid.content + 7)) ===
      PKCS_OID_PREFIX
  );
}

/** Whether `bytes` is a bare (unarmoured) OpenSSH private key container. */
export function isOpensshContainer(bytes: Buffer): boolean {
  return holdsAt(bytes, 0, OPENSSH_MAGIC);
}
