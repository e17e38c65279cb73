import sshpk from 'sshpk';
import { blobAlgorithm, isSshpkAlgorithm } from './public-blob.js';

/** The parts of a PuTTY `.ppk` file (v2 or v3) that are stored in clear. */
export interface PuttyHeader {
  version: 2 | 3;
  encryption: string;
  /** Null for algorithms sshpk does not know (`ssh-ed448`). */
  publicKey: sshpk.Key | null;
  publicBlob: Buffer;
  algorithm: string;
  /** A `Private-Lines` header is present: a file without one is a public key only. */
  hasPrivate: boolean;
}

/**
 * Reads the header fields and public key of a PPK file. sshpk can read only
 * unencrypted v3 and passphrase-less v2 files, but the public half is always
 * in clear, so we read it ourselves and fingerprint encrypted files too.
 */
export function readPuttyHeader(text: string): PuttyHeader {
  const lines = text.split(/\r?\n/);
  const fields = new Map<string, string>();
  let publicBase64 = '';
  for (let i = 0; i < lines.length; i++) {
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const name = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    fields.set(name, value);
    if (name === 'public-lines') {
      const count = Number.parseInt(value, 10);
      if (!Number.isInteger(count) || count < 1 || i + count >= lines.length) {
        throw new Error('invalid Public-Lines count');
      }
      publicBase64 = lines.slice(i + 1, i + 1 + count).join('');
      i += count;
    }
  }
  const version = fields.has('putty-user-key-file-3')
    ? 3
    : fields.has('putty-user-key-file-2')
      ? 2
      : 0;
  if (version === 0) throw new Error('no PuTTY-User-Key-File header');
  if (!publicBase64) throw new Error('no public key lines');
  const publicBlob = Buffer.from(publicBase64, 'base64');
  const algorithm = blobAlgorithm(publicBlob);
  if (!algorithm) throw new Error('public key blob is malformed');
  const publicKey = isSshpkAlgorithm(algorithm) ? sshpk.parseKey(publicBlob, 'rfc4253') : null;
  return {
    version,
    encryption: fields.get('encryption') ?? 'none',
    publicKey,
    publicBlob,
    algorithm,
    hasPrivate: fields.has('private-lines'),
  };
}
