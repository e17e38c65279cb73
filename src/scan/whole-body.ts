/**
 * A PEM block with no END line is cut short, or lost only that line (a
 * paste that stopped one line early, a log that dropped it). Its body tells
 * which: a DER structure that fills it exactly, or an OpenSSH container
 * whose every field is there, is a whole key, and is reported as one. The
 * same holds for an ssh.com file without its END line (its body declares its
 * own length) and a PuTTY file without its `Private-MAC` line (every private
 * line it declares is there: unencrypted, its MAC can be recomputed by anyone).
 */
import { SSHCOM_MAGIC } from '../keys/sshcom-magic.js';
import { readTlv, TAG } from './decode/asn1.js';
import { derPrivateKey, isOpensshContainer, OPENSSH_BASE64, pemBase64Of } from './decode/der.js';
import type { RebuiltBlock } from './pem-block.js';

/** An OpenSSH container holds at most this many keys (OpenSSH writes one). */
const MAX_OPENSSH_KEYS = 1024;

/** Whether every field of an `openssh-key-v1` container is present, and nothing after them. */
function isWholeOpensshContainer(body: Buffer): boolean {
  let at = 'openssh-key-v1\0'.length;
  const uint32 = (): number => {
    if (at + 4 > body.length) return -1;
    const value = body.readUInt32BE(at);
    at += 4;
    return value;
  };
  const skipString = (): boolean => {
    const length = uint32();
    if (length < 0 || at + length > body.length) return false;
    at += length;
    return true;
  };
  // Cipher, KDF name and KDF options, then the public keys, then the private section.
  if (!skipString() || !skipString() || !skipString()) return false;
  const keys = uint32();
  if (keys < 1 || keys > MAX_OPENSSH_KEYS) return false;
  for (let key = 0; key < keys; key++) if (!skipString()) return false;
  return skipString() && at === body.length;
}

/** Bytes `base64` decodes to, counted without decoding. */
function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/**
 * Whether a DER body's outer length, read from its first bytes, is what the
 * body holds (a trailing newline aside): most cut bodies fail here, before
 * anything else is decoded.
 */
function derLengthFits(base64: string): boolean {
  const top = readTlv(Buffer.from(base64.slice(0, 8), 'base64'), 0, Number.MAX_SAFE_INTEGER);
  if (top?.tag !== TAG.sequence) return false;
  const length = decodedLength(base64);
  return length >= top.end && length <= top.end + 16;
}

/**
 * `block` (rebuilt without an END line) with its END line, when its body is a
 * whole key; null when it is cut short, or cannot tell (an encrypted legacy PEM body).
 */
export function completedBlock(label: string, block: RebuiltBlock): RebuiltBlock | null {
  if (block.placeholder) return null;
  const base64 = pemBase64Of(block.text);
  const openssh = base64.startsWith(OPENSSH_BASE64);
  if (!openssh && !derLengthFits(base64)) return null;
  const body = Buffer.from(base64, 'base64');
  const whole =
    openssh && isOpensshContainer(body)
      ? isWholeOpensshContainer(body)
      : derPrivateKey(body) !== null;
  return whole ? { ...block, text: `${block.text}-----END ${label}-----\n` } : null;
}

/**
 * `block` (an ssh.com file rebuilt without its END line) with that line, when
 * its body is as long as it says it is; null when it is cut short.
 */
export function completedSshcom(block: RebuiltBlock, end: string): RebuiltBlock | null {
  if (block.placeholder) return null;
  const base64 = pemBase64Of(block.text);
  const head = Buffer.from(base64.slice(0, 12), 'base64');
  if (head.length < 8 || head.readUInt32BE(0) !== SSHCOM_MAGIC) return null;
  const declared = head.readUInt32BE(4);
  const length = decodedLength(base64);
  if (length < declared || length > declared + 16) return null;
  return { ...block, text: `${block.text}${end}\n` };
}

/** Whether a rebuilt PuTTY file holds every line its `Public-Lines` and `Private-Lines` declare. */
export function hasEveryPuttyLine(text: string): boolean {
  const lines = text.split('\n');
  const declaredAt = (header: string): number => {
    const at = lines.findIndex((line) => line.startsWith(`${header}: `));
    if (at === -1) return -1;
    const count = Number(lines[at]?.slice(header.length + 2).trim());
    if (!Number.isInteger(count) || count < 1 || count > 4096) return -1;
    const body = lines.slice(at + 1, at + 1 + count);
    return body.length === count && body.every((line) => /^[A-Za-z0-9+/=]+$/.test(line)) ? at : -1;
  };
  return declaredAt('Public-Lines') !== -1 && declaredAt('Private-Lines') !== -1;
}
