import { createECDH, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import sshpk from 'sshpk';
import {
  derPrivateKey,
  isOpensshContainer,
  LABELS,
  pemBase64Of,
  pemBodyOf,
  pemOf,
} from '../scan/decode/der.js';
import { isWellFormedKeyDer, sshpkPemBody } from './der-check.js';
import { colonHex, ec2Fingerprints, md5Fingerprint, sha256Fingerprint } from './fingerprint.js';
import { readWithNodeCrypto } from './node-fallback.js';
import { readOpensshHeader } from './openssh-header.js';
import { identityFromBlob } from './public-blob.js';
import { readPuttyHeader } from './putty.js';
import { readSsh1Key, SSH1_MAGIC } from './ssh1.js';
import { readSshcomKey } from './sshcom.js';
import type { KeyFormat, KeyIdentity, KeyType } from './types.js';

/** What a PEM label tells us before any parsing. */
interface LabelInfo {
  format: KeyFormat;
  keyType: KeyType;
}

const PEM_LABELS: Record<string, LabelInfo> = {
  'RSA PRIVATE KEY': { format: 'pkcs1', keyType: 'rsa' },
  'DSA PRIVATE KEY': { format: 'pkcs1', keyType: 'dsa' },
  'EC PRIVATE KEY': { format: 'sec1', keyType: 'ecdsa' },
  'PRIVATE KEY': { format: 'pkcs8', keyType: 'unknown' },
  'ENCRYPTED PRIVATE KEY': { format: 'pkcs8', keyType: 'unknown' },
  'OPENSSH PRIVATE KEY': { format: 'openssh', keyType: 'unknown' },
};

/** Labels the detector looks for; anything else ending in PRIVATE KEY is reported as unknown. */
export const PRIVATE_KEY_LABELS = Object.keys(PEM_LABELS);

function keyTypeOf(key: sshpk.Key): KeyType {
  switch (key.type) {
    case 'rsa':
    case 'dsa':
    case 'ecdsa':
    case 'ed25519':
      return key.type;
    default:
      return 'unknown';
  }
}

function unparsed(info: LabelInfo, encrypted: boolean, note: string): KeyIdentity {
  return {
    keyType: info.keyType,
    bits: null,
    format: info.format,
    encrypted,
    parsed: false,
    fingerprint: null,
    md5: null,
    ec2Fingerprints: { imported: null, created: null, ed25519: null },
    publicKey: null,
    note,
  };
}

function identify(
  info: LabelInfo,
  encrypted: boolean,
  key: sshpk.Key,
  privateKey?: sshpk.PrivateKey,
): KeyIdentity {
  const publicKey = key.toString('ssh').split(' ').slice(0, 2).join(' ');
  return {
    keyType: keyTypeOf(key),
    bits: key.size,
    format: info.format,
    encrypted,
    parsed: true,
    fingerprint: sha256Fingerprint(key),
    md5: md5Fingerprint(key),
    ec2Fingerprints: ec2Fingerprints(key, privateKey),
    publicKey,
    note: encrypted ? 'encrypted: public key read from the clear-text header' : null,
  };
}

function partData(key: sshpk.PrivateKey, name: string): Buffer | undefined {
  return key.parts.find((candidate) => candidate.name === name)?.data;
}

function bigintOf(key: sshpk.PrivateKey, name: string): bigint {
  const data = partData(key, name);
  if (!data) throw new Error(`key lacks ${name}`);
  return data.length === 0 ? 0n : BigInt(`0x${data.toString('hex')}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

const ECDH_CURVES: Record<string, string> = {
  nistp256: 'prime256v1',
  nistp384: 'secp384r1',
  nistp521: 'secp521r1',
};

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Whether the private half really belongs to the public half. A key whose
 * middle was overwritten (a redaction, a bad merge) often still decodes, and
 * sshpk does not check it: without this we would report a confident but
 * wrong fingerprint (and a wrong EC2 created fingerprint).
 */
function privateMatchesPublic(key: sshpk.PrivateKey): boolean {
  try {
    switch (key.type) {
      case 'rsa': {
        const [n, e, d, p, q] = ['n', 'e', 'd', 'p', 'q'].map((name) => bigintOf(key, name)) as [
          bigint,
          bigint,
          bigint,
          bigint,
          bigint,
        ];
        // p + q < 5: both 2, lcm(p−1, q−1) = 1, which nothing is the inverse modulo.
        if (p < 2n || q < 2n || p * q !== n || p + q < 5n) return false;
        // e·d ≡ 1 modulo lcm(p−1, q−1) exactly when p−1 and q−1 both divide e·d − 1 (no gcd needed).
        const ed1 = e * d - 1n;
        return ed1 % (p - 1n) === 0n && ed1 % (q - 1n) === 0n;
      }
      case 'dsa': {
        const [p, q, g, y, x] = ['p', 'q', 'g', 'y', 'x'].map((name) => bigintOf(key, name)) as [
          bigint,
          bigint,
          bigint,
          bigint,
          bigint,
        ];
        if (p < 3n || q < 2n || x < 1n || x >= q || (p - 1n) % q !== 0n) return false;
        if (modPow(g, q, p) !== 1n) return false;
        return modPow(g, x, p) === y;
      }
      case 'ecdsa': {
        const curve = ECDH_CURVES[partData(key, 'curve')?.toString('latin1') ?? ''];
        const d = partData(key, 'd');
        const q = partData(key, 'Q');
        if (!curve || !d || !q) return false;
        const ecdh = createECDH(curve);
        ecdh.setPrivateKey(d);
        return ecdh.getPublicKey().equals(q);
      }
      case 'ed25519': {
        const seed = partData(key, 'k');
        const a = partData(key, 'A');
        if (!seed || seed.length !== 32 || !a) return false;
        const der = Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
        const spki = createPublicKey(
          createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
        ).export({ type: 'spki', format: 'der' });
        return spki.subarray(spki.length - 32).equals(a);
      }
      default:
        return true;
    }
  } catch {
    return false;
  }
}

/**
 * A key cut short: its private section declares more than the block holds.
 * It keeps its fingerprint and note; the finding made of it is a fragment.
 */
function cutShort(identity: KeyIdentity): KeyIdentity {
  return { ...identity, truncated: true };
}

function parseOpenssh(block: string, info: LabelInfo): KeyIdentity {
  let header;
  try {
    header = readOpensshHeader(pemBodyOf(block));
  } catch {
    return unparsed(
      info,
      false,
      'OpenSSH key block does not parse (placeholder, truncated or corrupted)',
    );
  }
  const encrypted = header.cipher !== 'none';
  // Cut short, whatever its END line says: a fragment, with its fingerprint and note.
  // A body with characters that are not base64 (dropped when decoded) is corrupted, not cut.
  const short = header.privateSectionCut && /^[A-Za-z0-9+/=\s]*$/.test(pemBase64Of(block));
  const cut = (identity: KeyIdentity): KeyIdentity => (short ? cutShort(identity) : identity);
  if (!header.publicKey) {
    const identity = identityFromBlob(header.publicBlob, header.algorithm, 'openssh', encrypted);
    // An unknown algorithm's private section cannot be checked; a damaged frame around it can.
    if (header.privateSectionConsistent === false)
      return cut({ ...identity, note: `${identity.note ?? ''}; private section does not parse` });
    return cut(identity);
  }
  if (encrypted) return cut(identify(info, true, header.publicKey));
  let privateKey: sshpk.PrivateKey | undefined;
  try {
    privateKey = sshpk.parsePrivateKey(block, 'ssh');
  } catch {
    // The public half is in clear even when the private section is damaged.
  }
  if (privateKey && privateMatchesPublic(privateKey)) {
    return identify(info, false, privateKey.toPublic(), privateKey);
  }
  return cut({
    ...identify(info, false, header.publicKey),
    note: 'private section does not parse',
  });
}

/**
 * A structurally valid key sshpk does not read, read by node:crypto from the
 * same DER: EC keys without a public point, with explicit parameters or a
 * compressed point, multi-prime RSA (fingerprinted as OpenSSH does), and
 * algorithms OpenSSH and EC2 do not use (Ed448, X25519, RSA-PSS, EC on
 * other curves), which are real keys with no OpenSSH or EC2 fingerprint.
 */
function parseWithNodeCrypto(der: Buffer, label: string, info: LabelInfo): KeyIdentity | null {
  const key = readWithNodeCrypto(der, label);
  if (!key || key.kind === 'inconsistent') return null;
  if (key.kind === 'other') {
    return {
      ...unparsed(
        info,
        false,
        `${key.name} key: OpenSSH and EC2 do not support this algorithm, so it has no OpenSSH or EC2 fingerprint`,
      ),
      keyType: 'unknown',
      parsed: true,
    };
  }
  const identity = identify(info, false, key.publicKey);
  if (!key.pkcs8) return identity;
  const created = colonHex(createHash('sha1').update(key.pkcs8).digest());
  return { ...identity, ec2Fingerprints: { ...identity.ec2Fingerprints, created } };
}

/**
 * A block whose label does not say what its body is (`FAKE PRIVATE KEY` over
 * PKCS#8, `RSA PRIVATE KEY` over an OpenSSH container), read as its body's
 * structure says; null when that says nothing the label did not. A label
 * must never hide a key: a mislabelled one is still fingerprinted.
 */
function parseByStructure(block: string, label: string): KeyIdentity | null {
  const body = pemBodyOf(block);
  let identity: KeyIdentity;
  let actual: string;
  if (isOpensshContainer(body)) {
    if (label === LABELS.openssh) return null;
    actual = LABELS.openssh;
    identity = parseOpenssh(pemOf(actual, body), PEM_LABELS[actual] as LabelInfo);
  } else {
    const der = derPrivateKey(body);
    if (!der || der.label === label) return null;
    actual = der.label;
    identity = parsePem(pemOf(actual, der.der), actual);
  }
  if (!identity.parsed && !identity.encrypted) return null;
  const labelled = `labelled "${label}", read as "${actual}" by its structure`;
  return { ...identity, note: identity.note ? `${identity.note}; ${labelled}` : labelled };
}

function parsePem(block: string, label: string): KeyIdentity {
  const identity = parsePemAsLabelled(block, label);
  if (identity.parsed || identity.encrypted) return identity;
  return parseByStructure(block, label) ?? identity;
}

const ENCRYPTED_HEADER = /^Proc-Type:\s*4,\s*ENCRYPTED/m;

/**
 * A block that says it is encrypted (its label, or a `Proc-Type: 4,ENCRYPTED`
 * header) over a body that is a key in clear, as OpenSSL reads it: read as
 * its body's structure says and fingerprinted, with a note. Null when the
 * body is no clear key (real ciphertext, an EncryptedPrivateKeyInfo): the
 * block is then encrypted, as it says.
 */
function parseInClear(block: string, label: string): KeyIdentity | null {
  const body = pemBodyOf(block);
  let identity: KeyIdentity;
  let actual: string;
  if (isOpensshContainer(body)) {
    actual = LABELS.openssh;
    identity = parseOpenssh(pemOf(actual, body), PEM_LABELS[actual] as LabelInfo);
  } else {
    const der = derPrivateKey(body);
    if (!der || der.label === LABELS.encrypted) return null;
    actual = der.label;
    // Written again without the headers: it no longer says it is encrypted.
    identity = parsePem(pemOf(actual, der.der), actual);
  }
  if (!identity.parsed) return null;
  const said = ENCRYPTED_HEADER.exec(block)?.[0];
  const labelled = said
    ? `labelled "${label}" with "${said.trim()}", read as "${actual}" in clear by its structure`
    : `labelled "${label}", read as "${actual}" in clear by its structure`;
  return { ...identity, note: identity.note ? `${identity.note}; ${labelled}` : labelled };
}

function parsePemAsLabelled(block: string, label: string): KeyIdentity {
  const info = PEM_LABELS[label] ?? { format: 'unknown', keyType: 'unknown' };
  if (label === 'OPENSSH PRIVATE KEY') return parseOpenssh(block, info);
  if (label === 'ENCRYPTED PRIVATE KEY' || ENCRYPTED_HEADER.test(block)) {
    // A label never hides a key: "encrypted" over a key in clear is read as the key.
    const clear = parseInClear(block, label);
    if (clear) return clear;
    return unparsed(
      info,
      true,
      'encrypted (PEM, PKCS#8 or a PKCS#12 bag): the public key cannot be recovered without the passphrase',
    );
  }
  // sshpk's ASN.1 reader trusts lengths (a length of 2^31 costs it 20 s of
  // CPU): only DER that is well formed all the way down reaches it.
  const der = sshpkPemBody(block);
  if (!der || !isWellFormedKeyDer(der))
    return unparsed(info, false, 'key block does not parse (placeholder, truncated or corrupted)');
  let privateKey: sshpk.PrivateKey | undefined;
  try {
    privateKey = sshpk.parsePrivateKey(block, 'pem');
  } catch {
    // reported below
  }
  if (privateKey && privateMatchesPublic(privateKey)) {
    return identify(info, false, privateKey.toPublic(), privateKey);
  }
  // A body of another structure than its label says is read as that structure, with a note.
  const structural = derPrivateKey(pemBodyOf(block));
  if (structural && structural.label !== label)
    return unparsed(info, false, 'key block does not parse (placeholder, truncated or corrupted)');
  return (
    parseWithNodeCrypto(der, label, info) ??
    unparsed(info, false, 'key block does not parse (placeholder, truncated or corrupted)')
  );
}

function parsePutty(block: string): KeyIdentity {
  const info: LabelInfo = { format: 'putty', keyType: 'unknown' };
  let header;
  try {
    header = readPuttyHeader(block);
  } catch {
    return unparsed(info, false, 'PuTTY key file does not parse (truncated or corrupted)');
  }
  const encrypted = header.encryption !== 'none';
  if (!header.publicKey)
    return identityFromBlob(header.publicBlob, header.algorithm, 'putty', encrypted);
  if (encrypted) return identify(info, true, header.publicKey);
  let privateKey: sshpk.PrivateKey | undefined;
  try {
    // sshpk reads PPK; its typings omit the name.
    privateKey = sshpk.parsePrivateKey(block, 'putty' as sshpk.PrivateKeyFormatType);
  } catch {
    // The public half is in clear even when the private section is damaged.
  }
  if (privateKey && privateMatchesPublic(privateKey)) {
    return identify(info, false, privateKey.toPublic(), privateKey);
  }
  return { ...identify(info, false, header.publicKey), note: 'private section does not parse' };
}

/** The binary body of a canonical ssh.com block (header lines and markers dropped). */
function sshcomBody(block: string): Buffer {
  const lines = block.split('\n');
  const base64: string[] = [];
  for (const line of lines) {
    if (line.startsWith('---- ') || /^[A-Za-z][A-Za-z0-9-]*:/.test(line)) continue;
    base64.push(line.trim());
  }
  return Buffer.from(base64.join(''), 'base64');
}

function parseSshcom(block: string): KeyIdentity {
  const info: LabelInfo = { format: 'sshcom', keyType: 'unknown' };
  let key;
  try {
    key = readSshcomKey(sshcomBody(block));
  } catch {
    return unparsed(info, false, 'ssh.com key file does not parse (truncated or corrupted)');
  }
  const typed: LabelInfo = { ...info, keyType: key.keyType };
  if (!key.publicKey)
    return unparsed(
      typed,
      true,
      'encrypted ssh.com key: the public key cannot be recovered without the passphrase',
    );
  if (key.privateKey && privateMatchesPublic(key.privateKey))
    return identify(typed, false, key.privateKey.toPublic(), key.privateKey);
  return { ...identify(typed, false, key.publicKey), note: 'private section does not parse' };
}

function parseSsh1(block: string): KeyIdentity {
  const info: LabelInfo = { format: 'ssh1', keyType: 'rsa' };
  let key;
  try {
    // The detector hands binary files over byte for byte as latin1.
    key = readSsh1Key(Buffer.from(block, 'latin1'));
  } catch {
    return unparsed(info, false, 'SSH1 key file does not parse (truncated or corrupted)');
  }
  if (key.encrypted)
    return {
      ...identify(info, true, key.publicKey),
      note: 'encrypted SSH1 key: public key read from the clear-text header',
    };
  if (key.privateKey && privateMatchesPublic(key.privateKey))
    return identify(info, false, key.privateKey.toPublic(), key.privateKey);
  const identity = {
    ...identify(info, false, key.publicKey),
    note: 'private section does not parse',
  };
  return key.privateCut ? cutShort(identity) : identity;
}

const SSH1_HEAD = SSH1_MAGIC.toString('latin1');
/** `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`, assembled so that this file holds no marker. */
const SSHCOM_BEGIN = new RegExp(
  `^---- BEGIN SSH2 ENCRYPTED ${['PRIVATE', 'KEY'].join(' ')} ----$`,
  'm',
);

/**
 * Identifies one private key block in canonical form (a PEM block with real
 * newlines, or the text of a .ppk file). Never throws and never returns key
 * material: blocks that do not parse come back with `parsed: false`.
 */
export function parseKeyBlock(block: string): KeyIdentity {
  if (block.startsWith(SSH1_HEAD)) return parseSsh1(block);
  const text = block.replace(/\r\n/g, '\n');
  if (SSHCOM_BEGIN.test(text)) return parseSshcom(text);
  if (/^PuTTY-User-Key-File-/m.test(text)) return parsePutty(text);
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? '';
  return parsePem(text, label);
}
