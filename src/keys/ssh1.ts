/**
 * Reads SSH protocol 1 private key files (`SSH PRIVATE KEY FILE FORMAT 1.1`,
 * RSA only). The public modulus and exponent are stored in clear, so even an
 * encrypted file gives its fingerprint: that of the same key as `ssh-rsa`.
 */
import type sshpk from 'sshpk';
import { bigintOf, rsaPrivateKey, rsaPublicKey } from './from-parts.js';

/** The file's first bytes: the text line and a NUL (prose that names the format lacks the NUL). */
export const SSH1_MAGIC = Buffer.from('SSH PRIVATE KEY FILE FORMAT 1.1\n\0', 'latin1');

export interface Ssh1Key {
  encrypted: boolean;
  publicKey: sshpk.Key;
  /** Null when the file is encrypted or its private part is damaged. */
  privateKey: sshpk.PrivateKey | null;
  /** The clear private part runs past the end of the bytes: a key cut short. */
  privateCut: boolean;
}

class Reader {
  private at: number;
  constructor(
    private readonly buf: Buffer,
    start: number,
  ) {
    this.at = start;
  }

  take(length: number): Buffer {
    if (this.at + length > this.buf.length) throw new Error('field runs past the end');
    const value = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  uint8(): number {
    return this.take(1)[0] as number;
  }

  uint16(): number {
    return this.take(2).readUInt16BE(0);
  }

  uint32(): number {
    return this.take(4).readUInt32BE(0);
  }

  /** SSH1 mpint: a 16-bit bit count, then the bytes. */
  mpint(): bigint {
    const bits = this.uint16();
    return bigintOf(this.take(Math.ceil(bits / 8)));
  }
}

/** Reads an SSH1 key file; throws when its clear part is not well formed. */
export function readSsh1Key(bytes: Buffer): Ssh1Key {
  if (!bytes.subarray(0, SSH1_MAGIC.length).equals(SSH1_MAGIC))
    throw new Error('not an SSH1 private key file');
  const reader = new Reader(bytes, SSH1_MAGIC.length);
  const cipher = reader.uint8();
  reader.uint32(); // reserved
  reader.uint32(); // bits
  const n = reader.mpint();
  const e = reader.mpint();
  if (n < 3n || e < 3n) throw new Error('invalid public key');
  const publicKey = rsaPublicKey(n, e);
  reader.take(reader.uint32()); // comment
  if (cipher !== 0) return { encrypted: true, publicKey, privateKey: null, privateCut: false };
  let privateKey: sshpk.PrivateKey | null = null;
  let privateCut = false;
  try {
    const check = reader.take(4);
    if (check[0] === check[2] && check[1] === check[3]) {
      // d, then u, p, q; the order of the primes differs between writers, so both are tried.
      const d = reader.mpint();
      reader.mpint();
      const p = reader.mpint();
      const q = reader.mpint();
      privateKey = rsaPrivateKey(n, e, d, p, q) ?? rsaPrivateKey(n, e, d, q, p);
    }
  } catch {
    // Only a field that runs past the end throws: the public half is in clear, the rest is cut.
    privateCut = true;
  }
  return { encrypted: false, publicKey, privateKey, privateCut };
}
