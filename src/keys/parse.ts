import sshpk from 'sshpk';
import { ec2Fingerprints, md5Fingerprint, sha256Fingerprint } from './fingerprint.js';
import { readOpensshHeader } from './openssh-header.js';
import { readPuttyHeader } from './putty.js';
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

function pemBody(block: string): Buffer {
  const base64 = block
    .split('\n')
    .filter((line) => !line.startsWith('-----') && !line.includes(':'))
    .join('');
  return Buffer.from(base64, 'base64');
}

function parseOpenssh(block: string, info: LabelInfo): KeyIdentity {
  let header;
  try {
    header = readOpensshHeader(pemBody(block));
  } catch {
    return unparsed(info, false, 'OpenSSH key block does not parse (truncated or corrupted)');
  }
  if (header.cipher !== 'none') return identify(info, true, header.publicKey);
  try {
    const privateKey = sshpk.parsePrivateKey(block, 'ssh');
    return identify(info, false, privateKey.toPublic(), privateKey);
  } catch {
    // The public half is in clear even when the private section is damaged.
    return { ...identify(info, false, header.publicKey), note: 'private section does not parse' };
  }
}

function parsePem(block: string, label: string): KeyIdentity {
  const info = PEM_LABELS[label] ?? { format: 'unknown', keyType: 'unknown' };
  if (label === 'OPENSSH PRIVATE KEY') return parseOpenssh(block, info);
  if (label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,\s*ENCRYPTED/m.test(block)) {
    return unparsed(
      info,
      true,
      'encrypted PEM: the public key cannot be recovered without the passphrase',
    );
  }
  try {
    const privateKey = sshpk.parsePrivateKey(block, 'pem');
    return identify(info, false, privateKey.toPublic(), privateKey);
  } catch {
    return unparsed(info, false, 'key block does not parse (placeholder, truncated or corrupted)');
  }
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
  if (encrypted) return identify(info, true, header.publicKey);
  try {
    const privateKey = sshpk.parsePrivateKey(block, 'putty' as sshpk.PrivateKeyFormatType); // sshpk reads PPK; its typings omit the name;
    return identify(info, false, privateKey.toPublic(), privateKey);
  } catch {
    return { ...identify(info, false, header.publicKey), note: 'private section does not parse' };
  }
}

/**
 * Identifies one private key block in canonical form (a PEM block with real
 * newlines, or the text of a .ppk file). Never throws and never returns key
 * material: blocks that do not parse come back with `parsed: false`.
 */
export function parseKeyBlock(block: string): KeyIdentity {
  const text = block.replace(/\r\n/g, '\n');
  if (/^PuTTY-User-Key-File-/m.test(text)) return parsePutty(text);
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? '';
  return parsePem(text, label);
}
