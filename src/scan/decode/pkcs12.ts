/**
 * PKCS#12 (`.p12`, `.pfx`, Java keystores): the private keys in it, opened
 * with an empty or a well-known password (RFC 7292). node:crypto has no
 * PKCS#12 reader, and its PKCS#8 decryption would run whatever KDF cost the
 * file asks for, so the few algorithms in use are implemented here with a
 * cap on the cost. A key that stays locked is still reported (encrypted).
 */
import { createDecipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import { childrenOf, contentOf, oidHex, readTlv, smallInteger, TAG, type Tlv } from './asn1.js';
import { LABELS } from './der.js';
import type { DecodeBudget } from './limits.js';

/** Passwords tried, in this order: what tools default to and tutorials use. */
export const WELL_KNOWN_PASSWORDS = ['', 'password', 'changeit', 'changeme', 'secret', 'test'];
/** A KDF asking for more rounds than this is not run (a real file uses 2,048 to 10,000). */
const MAX_ITERATIONS = 200_000;
/** KDF rounds spent on one blob at most, over every bag and password. */
const MAX_ROUNDS_PER_BLOB = 2_000_000;
const MAX_BAGS = 64;

const OID = {
  data: '2a864886f70d010701',
  encryptedData: '2a864886f70d010706',
  keyBag: '2a864886f70d010c0a0101',
  shroudedKeyBag: '2a864886f70d010c0a0102',
  safeContentsBag: '2a864886f70d010c0a0106',
  pbes2: '2a864886f70d01050d',
  pbkdf2: '2a864886f70d01050c',
  pbeSha1TripleDes: '2a864886f70d010c0103',
} as const;

const PRF: Readonly<Record<string, string>> = {
  '2a864886f70d0207': 'sha1',
  '2a864886f70d0208': 'sha224',
  '2a864886f70d0209': 'sha256',
  '2a864886f70d020a': 'sha384',
  '2a864886f70d020b': 'sha512',
};

const CIPHERS: Readonly<Record<string, { name: string; keyLength: number }>> = {
  '608648016503040102': { name: 'aes-128-cbc', keyLength: 16 },
  '608648016503040116': { name: 'aes-192-cbc', keyLength: 24 },
  '60864801650304012a': { name: 'aes-256-cbc', keyLength: 32 },
  '2a864886f70d0307': { name: 'des-ede3-cbc', keyLength: 24 },
};

export interface Pkcs12Key {
  label: string;
  der: Buffer;
}

/** What one file's walk has found and spent. */
interface Walk {
  budget: DecodeBudget;
  rounds: number;
  keys: Pkcs12Key[];
  bags: number;
  /** Encrypted content (usually certificates) that no tried password opened. */
  locked: number;
}

/** The children of `tlv` when it has the tag, or null. */
function kids(bytes: Buffer, tlv: Tlv | undefined | null, tag: number): Tlv[] | null {
  return tlv?.tag === tag ? childrenOf(bytes, tlv, MAX_BAGS) : null;
}

/** Whether `bytes` is a PFX: SEQUENCE { INTEGER 3, ContentInfo, … }. */
export function isPkcs12(bytes: Buffer): boolean {
  const top = readTlv(bytes, 0);
  if (top?.tag !== TAG.sequence) return false;
  const version = readTlv(bytes, top.content, top.end);
  return smallInteger(bytes, version ?? undefined) === 3;
}

/** PKCS#12 KDF (RFC 7292 appendix B) with SHA-1. */
function pkcs12Kdf(
  password: Buffer,
  salt: Buffer,
  id: number,
  iterations: number,
  size: number,
): Buffer {
  const v = 64;
  const u = 20;
  const fill = (source: Buffer): Buffer => {
    if (!source.length) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(source.length / v));
    for (let i = 0; i < out.length; i++) out[i] = source[i % source.length] as number;
    return out;
  };
  const d = Buffer.alloc(v, id);
  const input = Buffer.concat([fill(salt), fill(password)]);
  const result: Buffer[] = [];
  for (let produced = 0; produced < size; produced += u) {
    let a = createHash('sha1').update(d).update(input).digest();
    for (let i = 1; i < iterations; i++) a = createHash('sha1').update(a).digest();
    result.push(a);
    const b = fill(a);
    for (let j = 0; j < input.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (input[j + k] as number) + (b[k] as number) + carry;
        input[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(result).subarray(0, size);
}

/** A password as PKCS#12 wants it: UTF-16BE with a terminating NUL. */
function bmpPassword(password: string): Buffer {
  const units = Buffer.from(`${password}\0`, 'utf16le');
  return units.swap16();
}

function decrypt(name: string, key: Buffer, iv: Buffer, data: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv(name, key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * Decrypts `data` encrypted under the AlgorithmIdentifier `algorithm` with
 * each well-known password; null when none opens it (or its cost is too high).
 */
function openWithKnownPassword(
  walk: Walk,
  bytes: Buffer,
  algorithm: Tlv,
  data: Buffer,
): Buffer | null {
  const [oid, params] = kids(bytes, algorithm, TAG.sequence) ?? [];
  const scheme = oidHex(bytes, oid);
  let attempt: (() => Buffer | null)[];
  let iterations: number;
  if (scheme === OID.pbes2) {
    const [kdf, cipher] = kids(bytes, params, TAG.sequence) ?? [];
    const [kdfOid, kdfParams] = kids(bytes, kdf, TAG.sequence) ?? [];
    const [cipherOid, ivTlv] = kids(bytes, cipher, TAG.sequence) ?? [];
    const [saltTlv, countTlv, ...rest] = kids(bytes, kdfParams, TAG.sequence) ?? [];
    const prfTlv = rest.find((tlv) => tlv.tag === TAG.sequence);
    const prf = prfTlv ? PRF[oidHex(bytes, kids(bytes, prfTlv, TAG.sequence)?.[0]) ?? ''] : 'sha1';
    const spec = CIPHERS[oidHex(bytes, cipherOid) ?? ''];
    const count = smallInteger(bytes, countTlv);
    if (oidHex(bytes, kdfOid) !== OID.pbkdf2 || !prf || !spec || !saltTlv || !ivTlv || !count)
      return null;
    iterations = count;
    const salt = contentOf(bytes, saltTlv);
    const iv = contentOf(bytes, ivTlv);
    attempt = WELL_KNOWN_PASSWORDS.map((password) => () => {
      const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, count, spec.keyLength, prf);
      return decrypt(spec.name, key, iv, data);
    });
  } else if (scheme === OID.pbeSha1TripleDes) {
    const [saltTlv, countTlv] = kids(bytes, params, TAG.sequence) ?? [];
    const count = smallInteger(bytes, countTlv);
    if (!saltTlv || !count) return null;
    iterations = count * 2;
    const salt = contentOf(bytes, saltTlv);
    // An empty password is two NULs to OpenSSL, and no bytes at all to some other writers.
    const passwords = [Buffer.alloc(0), ...WELL_KNOWN_PASSWORDS.map(bmpPassword)];
    attempt = passwords.map((password) => () => {
      const key = pkcs12Kdf(password, salt, 1, count, 24);
      const iv = pkcs12Kdf(password, salt, 2, count, 8);
      return decrypt('des-ede3-cbc', key, iv, data);
    });
  } else {
    return null;
  }
  if (iterations > MAX_ITERATIONS) {
    walk.budget.warnOnce(`PKCS#12 key derivation asks for ${iterations} rounds: not attempted`);
    return null;
  }
  for (const tryPassword of attempt) {
    if (walk.rounds + iterations > MAX_ROUNDS_PER_BLOB) {
      walk.budget.warnOnce('PKCS#12 password attempts stopped: key derivation budget spent');
      return null;
    }
    walk.rounds += iterations;
    const opened = tryPassword();
    // Padding checks pass by chance 1 time in 256: the content must also be DER.
    if (opened && readTlv(opened, 0)?.tag === TAG.sequence) return opened;
  }
  return null;
}

/** Reads the bags of one SafeContents. */
function readSafeContents(walk: Walk, safeContents: Buffer, depth: number): void {
  const top = readTlv(safeContents, 0);
  const bags = top?.tag === TAG.sequence ? childrenOf(safeContents, top, MAX_BAGS) : null;
  if (!bags) return;
  for (const bag of bags) {
    if (++walk.bags > MAX_BAGS) return;
    const [oid, wrapped] = kids(safeContents, bag, TAG.sequence) ?? [];
    const value = kids(safeContents, wrapped, TAG.context0)?.[0];
    if (!value) continue;
    const bagId = oidHex(safeContents, oid);
    const der = safeContents.subarray(value.start, value.end);
    if (bagId === OID.keyBag) walk.keys.push({ label: LABELS.pkcs8, der });
    else if (bagId === OID.shroudedKeyBag) {
      const [algorithm, encrypted] = kids(safeContents, value, TAG.sequence) ?? [];
      const opened =
        algorithm && encrypted?.tag === TAG.octetString
          ? openWithKnownPassword(walk, safeContents, algorithm, contentOf(safeContents, encrypted))
          : null;
      // Locked: reported like an encrypted PKCS#8 PEM, which it is.
      walk.keys.push(
        opened ? { label: LABELS.pkcs8, der: opened } : { label: LABELS.encrypted, der },
      );
    } else if (bagId === OID.safeContentsBag && depth < 2) {
      readSafeContents(walk, der, depth + 1);
    }
  }
}

/** The content of an `encryptedData` ContentInfo, opened with a well-known password, or null. */
function openEncryptedData(walk: Walk, bytes: Buffer, content: Tlv): Buffer | null {
  const [, encryptedContentInfo] = kids(bytes, content, TAG.sequence) ?? [];
  const [, algorithm, encrypted] = kids(bytes, encryptedContentInfo, TAG.sequence) ?? [];
  // encryptedContent is [0] IMPLICIT OCTET STRING: primitive 0x80.
  if (!algorithm || encrypted?.tag !== 0x80) return null;
  return openWithKnownPassword(walk, bytes, algorithm, contentOf(bytes, encrypted));
}

/** The private keys in a PKCS#12 file: opened ones as PKCS#8, locked ones as encrypted PKCS#8. */
export function pkcs12Keys(bytes: Buffer, budget: DecodeBudget): Pkcs12Key[] {
  const walk: Walk = { budget, rounds: 0, keys: [], bags: 0, locked: 0 };
  const top = readTlv(bytes, 0);
  const [, authSafe] = (top && childrenOf(bytes, top, 4)) ?? [];
  const [dataOid, wrapped] = kids(bytes, authSafe, TAG.sequence) ?? [];
  const octets = kids(bytes, wrapped, TAG.context0)?.[0];
  if (oidHex(bytes, dataOid) !== OID.data || octets?.tag !== TAG.octetString) {
    budget.warnOnce('PKCS#12 file in a form not read (not DER, or signed): not checked for keys');
    return [];
  }
  const infosDer = contentOf(bytes, octets);
  const infosTop = readTlv(infosDer, 0);
  const infos = infosTop?.tag === TAG.sequence ? childrenOf(infosDer, infosTop, MAX_BAGS) : null;
  for (const info of infos ?? []) {
    const [oid, body] = kids(infosDer, info, TAG.sequence) ?? [];
    const content = kids(infosDer, body, TAG.context0)?.[0];
    if (!content) continue;
    const type = oidHex(infosDer, oid);
    if (type === OID.data && content.tag === TAG.octetString) {
      readSafeContents(walk, contentOf(infosDer, content), 0);
    } else if (type === OID.encryptedData) {
      const opened = openEncryptedData(walk, infosDer, content);
      if (opened) readSafeContents(walk, opened, 0);
      else walk.locked++;
    }
  }
  if (walk.locked && !walk.keys.length)
    budget.warnOnce(
      'PKCS#12 contents encrypted with a password that is not a well-known one: not checked for keys',
    );
  return walk.keys;
}
