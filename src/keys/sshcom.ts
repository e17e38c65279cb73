/**
 * Reads ssh.com (Tectia) private key files, `---- BEGIN SSH2 ENCRYPTED
 * PRIVATE KEY ----`, whatever the label says often unencrypted. Layout as
 * documented in PuTTY's import.c: magic, size, key type, cipher, then one
 * string holding (once decrypted) a string with the key's numbers in
 * ssh.com's own mpint form (a 32-bit bit count, then the bytes).
 */
import type sshpk from 'sshpk';
import {
  bigintOf,
  dsaPrivateKey,
  dsaPublicKey,
  rsaPrivateKey,
  rsaPublicKey,
} from './from-parts.js';
import { SSHCOM_MAGIC } from './sshcom-magic.js';

export { SSHCOM_MAGIC };

export interface SshcomKey {
  keyType: 'rsa' | 'dsa' | 'unknown';
  encrypted: boolean;
  /** Null when the file is encrypted (the public numbers are inside the encrypted part). */
  publicKey: sshpk.Key | null;
  privateKey: sshpk.PrivateKey | null;
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  take(length: number): Buffer {
    if (length < 0 || this.at + length > this.buf.length)
      throw new Error('field runs past the end');
    const value = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  uint32(): number {
    return this.take(4).readUInt32BE(0);
  }

  string(): Buffer {
    return this.take(this.uint32());
  }

  mpint(): bigint {
    return bigintOf(this.take(Math.ceil(this.uint32() / 8)));
  }
}

function keyTypeOf(name: string): SshcomKey['keyType'] {
  if (name.startsWith('if-modn{sign{rsa')) return 'rsa';
  if (name.startsWith('dl-modp{sign{dsa')) return 'dsa';
  return 'unknown';
}

/** Reads the binary body of an ssh.com key; throws when it is not one. */
export function readSshcomKey(body: Buffer): SshcomKey {
  const reader = new Reader(body);
  if (reader.uint32() !== SSHCOM_MAGIC) throw new Error('not an ssh.com private key');
  reader.uint32(); // total size
  const keyType = keyTypeOf(reader.string().toString('latin1'));
  const cipher = reader.string().toString('latin1');
  const sealed = reader.string();
  if (cipher !== 'none') return { keyType, encrypted: true, publicKey: null, privateKey: null };
  const payload = new Reader(new Reader(sealed).string());
  if (keyType === 'rsa') {
    const [e, d, n, , p, q] = [1, 2, 3, 4, 5, 6].map(() => payload.mpint()) as bigint[];
    const publicKey = rsaPublicKey(n as bigint, e as bigint);
    const privateKey =
      rsaPrivateKey(n as bigint, e as bigint, d as bigint, p as bigint, q as bigint) ??
      rsaPrivateKey(n as bigint, e as bigint, d as bigint, q as bigint, p as bigint);
    return { keyType, encrypted: false, publicKey, privateKey };
  }
  if (keyType === 'dsa') {
    if (payload.uint32() !== 0) throw new Error('predefined DSA parameters are not supported');
    const [p, g, q, y, x] = [1, 2, 3, 4, 5].map(() => payload.mpint()) as bigint[];
    const publicKey = dsaPublicKey(p as bigint, q as bigint, g as bigint, y as bigint);
    const privateKey = dsaPrivateKey(
      p as bigint,
      q as bigint,
      g as bigint,
      y as bigint,
      x as bigint,
    );
    return { keyType, encrypted: false, publicKey, privateKey };
  }
  throw new Error('unknown ssh.com key type');
}
