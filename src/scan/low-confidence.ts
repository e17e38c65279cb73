/**
 * Which key blocks cannot be a key, told without parsing them. Hostile
 * files hold hundreds of thousands of marker-shaped blocks, each distinct,
 * and a failed parse costs up to half a millisecond (OpenSSL's decoders are
 * tried on it): past the per-file and per-scan limits a block that is
 * certainly no key is counted, not parsed, and past LOW_BLOCKS_KEPT the
 * detector keeps no text for it.
 *
 * `certainLowKind` asks of a block what `parseKeyBlock` (src/keys/parse.ts)
 * needs before it can read a key or show a fingerprint, in the same order:
 * the first bytes of each structure, read as its parsers read them (sshpk,
 * which never checks a DER element's outer length; OpenSSL, which allows
 * bytes after the structure). It errs only towards "may be a key": a whole
 * key, or one cut short that still shows its public half, always gets null
 * and is always parsed, however many blocks precede it.
 */
import { SSHCOM_MAGIC } from '../keys/sshcom-magic.js';
import { blobAlgorithm } from '../keys/public-blob.js';
import { holdsAt } from './bytes.js';
import { TAG } from './decode/asn1.js';
import { pemBodyOf } from './decode/der.js';
import type { KeyBlock } from './detector.js';

/** The kinds of block without a fingerprint, each capped on its own (findings.ts). */
export type LowKind = 'placeholder' | 'encrypted' | 'other';

/**
 * Blocks certainly no key that one blob's scan keeps of each kind (and
 * blocks of any kind before it starts asking): the collector lists at most
 * `lowConfidencePerFile` (10) of each, so a limit up to this one lists the
 * same blocks whatever the detector left out.
 */
export const LOW_BLOCKS_KEPT = 32;

/** Assembled, so that this file holds no marker. */
const KEY = ['PRIVATE', 'KEY'].join(' ');
const SSH1_HEAD = `SSH ${KEY} FILE FORMAT 1.1\n\0`;
const SSHCOM_BEGIN = new RegExp(`^---- BEGIN SSH2 ENCRYPTED ${KEY} ----$`, 'm');
const PUTTY_HEAD = /^PuTTY-User-Key-File-/m;
const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;
const ENCRYPTED_HEADER = /^Proc-Type:\s*4,\s*ENCRYPTED/m;
const OPENSSH_LABEL = `OPENSSH ${KEY}`;
const ENCRYPTED_LABEL = `ENCRYPTED ${KEY}`;
/** The one label sshpk reads as an SSH wire-format private key (RFC 4253 fields). */
const SSH2_LABEL = `SSH2 ${KEY}`;
const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const PUTTY_FIELD = /^([A-Za-z0-9-]+):\s*(.*)$/;
const SSHCOM_HEADER = /^[A-Za-z][A-Za-z0-9-]*:/;
/** A PEM header line as sshpk skips it. */
const SSHPK_HEADER = /^([A-Za-z0-9-]+): (.+)$/;

/**
 * The kind a block without a fingerprint is counted as, when it certainly
 * has none; null when it may be a key (and must be parsed). The kind is
 * what the collector's `kindOf` makes of the parse.
 */
export function certainLowKind(block: KeyBlock): LowKind | null {
  return certainlyLow(block)?.kind ?? null;
}

/** A block certainly no key: its kind, and what the identity a parse gives it depends on. */
export interface LowBlock {
  kind: LowKind;
  /**
   * The format parseKeyBlock reads it as, and for PEM its label and whether
   * it says it is encrypted: a parse of any block certainly no key ends in
   * the same "does not parse" identity for the same shape (nothing of its
   * body is read into it), so one parse stands for all of that shape.
   */
  shape: string;
}

/** `certainLowKind`, with the block's shape; null when it may be a key. */
export function certainlyLow(block: KeyBlock): LowBlock | null {
  const { may, encrypted, shape } = judge(block.text);
  if (may) return null;
  if (block.placeholder) return { kind: 'placeholder', shape };
  return { kind: encrypted && !block.truncated ? 'encrypted' : 'other', shape };
}

interface Judgement {
  /** May be a key: parsing it may give a fingerprint (or a key of an algorithm without one). */
  may: boolean;
  /** Encrypted PEM: reported as encrypted, never fingerprinted. */
  encrypted: boolean;
  shape: string;
}

/** The last text judged: copies of one block (placeholders, one key) are judged once. */
let lastText: string | null = null;
let lastJudgement: Judgement = { may: true, encrypted: false, shape: '' };

function judge(text: string): Judgement {
  if (text === lastText) return lastJudgement;
  lastJudgement = judgeText(text);
  lastText = text;
  return lastJudgement;
}

/** `parseKeyBlock`'s choice of format, then what that format needs. */
function judgeText(block: string): Judgement {
  if (block.startsWith(SSH1_HEAD))
    return {
      may: ssh1ShowsPublicKey(Buffer.from(block, 'latin1')),
      encrypted: false,
      shape: 'ssh1',
    };
  const text = block.includes('\r\n') ? block.replace(/\r\n/g, '\n') : block;
  if (SSHCOM_BEGIN.test(text))
    return { may: sshcomMayBeKey(text), encrypted: false, shape: 'sshcom' };
  if (PUTTY_HEAD.test(text))
    return { may: puttyShowsPublicKey(text), encrypted: false, shape: 'putty' };
  const label = PEM_LABEL.exec(text)?.[1] ?? '';
  // As parse.ts reads it: an OpenSSH label first, then encryption, unless the body is a key
  // in clear (a label never hides a key): an OpenSSH container or DER that opens as one.
  if (label !== OPENSSH_LABEL && (label === ENCRYPTED_LABEL || ENCRYPTED_HEADER.test(text)))
    return { may: clearBodyMayBeKey(text), encrypted: true, shape: `pem encrypted ${label}` };
  return { may: pemMayBeKey(text, label), encrypted: false, shape: `pem ${label}` };
}

/**
 * A PEM body is read two ways: sshpk takes every line between its header
 * lines and END; the structure checks (`pemBodyOf`) drop lines with a colon.
 * Either may hold an OpenSSH container, DER, or (labelled so) SSH wire format.
 */
function pemMayBeKey(text: string, label: string): boolean {
  // Both read the same bytes when no line is a header or dashes (but END): the
  // body's first character then tells DER (`M`, 0x30) and OpenSSH (`b`) from junk.
  const plain = !text.includes(':') && text.indexOf('\n---') === text.lastIndexOf('\n---');
  if (plain && label !== SSH2_LABEL) {
    const first = text[text.indexOf('\n') + 1] ?? '';
    if (/^[A-Za-z0-9+/]$/.test(first) && first !== 'M' && first !== 'b') return false;
  }
  const bodies = [pemBodyOf(text)];
  const sshpk = plain ? null : sshpkBody(text);
  if (sshpk && !sshpk.equals(bodies[0] as Buffer)) bodies.push(sshpk);
  return bodies.some(
    (body) =>
      opensshShowsPublicKey(body) ||
      derMayBeKey(body) ||
      (label === SSH2_LABEL && wireStringFits(body, 0)),
  );
}

/**
 * Whether the body of a block that says it is encrypted may be a key in
 * clear, as parse.ts reads it (`pemBodyOf`, header lines left out): an
 * OpenSSH container that shows its public key, or DER that opens as a clear
 * private key does (a version INTEGER first; an EncryptedPrivateKeyInfo
 * opens with its algorithm SEQUENCE, and ciphertext with neither).
 */
function clearBodyMayBeKey(text: string): boolean {
  const body = pemBodyOf(text);
  if (opensshShowsPublicKey(body)) return true;
  const top = headerAt(body, 0);
  return top !== null && headerAt(body, top.content)?.tag === TAG.integer && derMayBeKey(body);
}

/** The body as sshpk decodes it, or null when the block has no END line (sshpk refuses it). */
function sshpkBody(text: string): Buffer | null {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last > 0 && lines[last] === '') last--;
  if (last < 1 || !(lines[last] ?? '').includes('END ')) return null;
  let first = 1;
  while (first < last && SSHPK_HEADER.test(lines[first] ?? '')) first++;
  return Buffer.from(lines.slice(first, last).join(''), 'base64');
}

/** A DER header: its tag, where its content starts and ends (Infinity for BER's indefinite length). */
interface Header {
  tag: number;
  content: number;
  end: number;
}

/** The header at `at`, whether or not its content fits in `bytes`; null when the header itself does not. */
function headerAt(bytes: Buffer, at: number): Header | null {
  if (at + 2 > bytes.length) return null;
  const tag = bytes[at] as number;
  if ((tag & 0x1f) === 0x1f) return null;
  const first = bytes[at + 1] as number;
  if (!(first & 0x80)) return { tag, content: at + 2, end: at + 2 + first };
  const count = first & 0x7f;
  if (count === 0) return { tag, content: at + 2, end: Infinity };
  // OpenSSL reads up to eight length bytes (leading zeros); sshpk up to four.
  if (count > 8 || at + 2 + count > bytes.length) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[at + 2 + i] as number);
  return { tag, content: at + 2 + count, end: at + 2 + count + length };
}

/**
 * Whether DER (or BER) bytes may be a private key to one of the parsers:
 * every private key structure is a SEQUENCE that opens with a version
 * INTEGER followed by the key's first field (an INTEGER or OCTET STRING,
 * read whole) or its algorithm SEQUENCE; or (PKCS#8 as sshpk reads it
 * without a version, and encrypted PKCS#8) with an algorithm SEQUENCE whose
 * OID is there. The outer length is not checked: sshpk never checks it.
 */
function derMayBeKey(body: Buffer): boolean {
  if (body[0] !== TAG.sequence) return false;
  const top = headerAt(body, 0);
  if (!top) return false;
  const first = headerAt(body, top.content);
  if (!first) return false;
  if (first.tag === TAG.sequence) {
    const oid = headerAt(body, first.content);
    return oid?.tag === TAG.oid && oid.end <= body.length;
  }
  if (first.tag !== TAG.integer || first.end > body.length) return false;
  const second = headerAt(body, first.end);
  if (!second) return false;
  if (second.tag === TAG.sequence) return true;
  return (
    (second.tag === TAG.integer || second.tag === TAG.octetString) && second.end <= body.length
  );
}

/** Whether an SSH string (a 32-bit length, then as many bytes) at `at` fits; where it ends, or -1. */
function wireStringEnd(bytes: Buffer, at: number): number {
  if (at < 0 || at + 4 > bytes.length) return -1;
  const end = at + 4 + bytes.readUInt32BE(at);
  return end <= bytes.length ? end : -1;
}

function wireStringFits(bytes: Buffer, at: number): boolean {
  return wireStringEnd(bytes, at) !== -1;
}

/** What readOpensshHeader needs: the container's clear fields up to a well-formed first public key. */
function opensshShowsPublicKey(body: Buffer): boolean {
  if (!holdsAt(body, 0, OPENSSH_MAGIC)) return false;
  let at = OPENSSH_MAGIC.length;
  // Cipher, KDF name and KDF options.
  for (let field = 0; field < 3 && at !== -1; field++) at = wireStringEnd(body, at);
  if (at === -1 || at + 4 > body.length) return false;
  const keys = body.readUInt32BE(at);
  if (keys < 1 || keys > 1024) return false;
  const end = wireStringEnd(body, at + 4);
  return end !== -1 && blobAlgorithm(body.subarray(at + 8, end)) !== null;
}

/** What readPuttyHeader needs: a version header and well-formed public lines. */
function puttyShowsPublicKey(text: string): boolean {
  const lines = text.split(/\r?\n/);
  let version = false;
  let publicBase64 = '';
  for (let i = 0; i < lines.length; i++) {
    const match = PUTTY_FIELD.exec(lines[i] ?? '');
    if (!match) continue;
    const name = (match[1] ?? '').toLowerCase();
    if (name === 'putty-user-key-file-2' || name === 'putty-user-key-file-3') version = true;
    if (name !== 'public-lines') continue;
    const count = Number.parseInt((match[2] ?? '').trim(), 10);
    if (!Number.isInteger(count) || count < 1 || i + count >= lines.length) return false;
    publicBase64 = lines.slice(i + 1, i + 1 + count).join('');
    i += count;
  }
  return (
    version && publicBase64 !== '' && blobAlgorithm(Buffer.from(publicBase64, 'base64')) !== null
  );
}

/** What readSsh1Key needs: its clear fields (the public modulus and exponent, the comment) whole. */
function ssh1ShowsPublicKey(bytes: Buffer): boolean {
  // The head, the cipher byte, 32 reserved bits and the bit count.
  let at = SSH1_HEAD.length + 9;
  for (let mpint = 0; mpint < 2; mpint++) {
    if (at + 2 > bytes.length) return false;
    at += 2 + Math.ceil(bytes.readUInt16BE(at) / 8);
  }
  return wireStringFits(bytes, at);
}

/** What readSshcomKey needs first: its magic number. */
function sshcomMayBeKey(text: string): boolean {
  const base64: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('---- ') || SSHCOM_HEADER.test(line)) continue;
    base64.push(line.trim());
  }
  const body = Buffer.from(base64.join(''), 'base64');
  return body.length >= 4 && body.readUInt32BE(0) === SSHCOM_MAGIC;
}
