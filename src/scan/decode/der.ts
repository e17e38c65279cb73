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
