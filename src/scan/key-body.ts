/**
 * Whether a block body made of short base64 pieces opens like key material.
 * A key may be wrapped at any width (every width is legal PEM), split into
 * short string literals, or folded by spaces every few characters; prose
 * between markers is base64-safe words. What tells them apart is what the
 * pieces decode to, joined: a key structure's first bytes.
 */
import { SSHCOM_MAGIC } from '../keys/sshcom-magic.js';
import { mayOpenDerKey, OPENSSH_BASE64 } from './decode/der.js';

/** The shortest key body: an Ed25519 key in PKCS#8 is 48 bytes, 64 base64 characters. */
export const MIN_KEY_BODY = 64;
/** Base64 characters that hold the bytes `mayOpenDerKey` reads (18 bytes). */
const HEAD_CHARS = 24;
/** An encrypted legacy PEM body is ciphertext: its headers say what it is. */
const ENCRYPTED_HEADER = /^(?:Proc-Type:\s*4,\s*ENCRYPTED|DEK-Info:)/i;

/**
 * Whether `base64` (a body's pieces joined) opens an OpenSSH container, a
 * DER private key (any PKCS#1, SEC1, PKCS#8 or encrypted PKCS#8 key) or an
 * ssh.com key, or is the body of a block whose headers say it is encrypted.
 */
export function opensLikeKeyBody(base64: string, headers: readonly string[]): boolean {
  if (base64.length < MIN_KEY_BODY) return false;
  if (base64.startsWith(OPENSSH_BASE64)) return true;
  if (headers.some((header) => ENCRYPTED_HEADER.test(header))) return true;
  const head = Buffer.from(base64.slice(0, HEAD_CHARS), 'base64');
  return mayOpenDerKey(head) || head.readUInt32BE(0) === SSHCOM_MAGIC;
}
