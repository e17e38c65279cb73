import sshpk from 'sshpk';
import { blobAlgorithm, isSshpkAlgorithm } from './public-blob.js';

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** Fields of an `openssh-key-v1` container that are stored in clear, even when the key is encrypted. */
export interface OpensshHeader {
  cipher: string;
  /** The first public key, parsed; null for algorithms sshpk does not know. */
  publicKey: sshpk.Key | null;
  /** Its SSH wire blob, whatever the algorithm: enough for the SHA256 fingerprint. */
  publicBlob: Buffer;
  /** The algorithm the blob names (`sk-ssh-ed25519@openssh.com`, …). */
  algorithm: string;
  /**
   * For an unencrypted container: whether the private section opens with
   * its two equal check words and the same algorithm name (a cheap sign
   * that the section is intact). Null when the section is encrypted.
   */
  privateSectionConsistent: boolean | null;
  /**
   * The container declares more than it holds: a further public key or the
   * private section (clear or encrypted) runs past the end of the data. A
   * key cut short (lines lost from its middle or its end), whatever its END
   * line says; a whole key of an algorithm we cannot read is not cut.
   */
  privateSectionCut: boolean;
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    private offset = 0,
  ) {}

  /** A reader at the same place that moves on its own. */
  copy(): Reader {
    return new Reader(this.buf, this.offset);
  }

  string(): Buffer {
    const length = this.uint32();
    if (this.offset + length > this.buf.length) throw new Error('field runs past the end');
    const value = this.buf.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  uint32(): number {
    if (this.offset + 4 > this.buf.length) throw new Error('field runs past the end');
    const value = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
}

/** Whether the further public keys and the private section run past the end of the data. */
function privateSectionCut(reader: Reader, keyCount: number): boolean {
  try {
    for (let i = 1; i < keyCount; i++) reader.string(); // further public keys
    reader.string();
    return false;
  } catch {
    return true;
  }
}

/** The private section's check words and first algorithm name match (unencrypted sections only). */
function privateSectionConsistent(reader: Reader, keyCount: number, algorithm: string): boolean {
  try {
    for (let i = 1; i < keyCount; i++) reader.string(); // further public keys
    const section = new Reader(reader.string());
    const check1 = section.uint32();
    const check2 = section.uint32();
    return check1 === check2 && section.string().toString('latin1') === algorithm;
  } catch {
    return false;
  }
}

/**
 * Reads the cipher name and the first public key of an OpenSSH private key
 * container without decrypting it (PROTOCOL.key in OpenSSH's sources). The
 * public key is in clear whatever its algorithm; sshpk parses the ones it
 * knows, and a blob of a known algorithm that it rejects is damaged.
 */
export function readOpensshHeader(der: Buffer): OpensshHeader {
  if (!der.subarray(0, MAGIC.length).equals(MAGIC))
    throw new Error('not an openssh-key-v1 container');
  const reader = new Reader(der.subarray(MAGIC.length));
  const cipher = reader.string().toString('latin1');
  reader.string(); // kdf name
  reader.string(); // kdf options
  const keyCount = reader.uint32();
  if (keyCount < 1 || keyCount > 1024) throw new Error('container holds no key');
  const publicBlob = Buffer.from(reader.string());
  const algorithm = blobAlgorithm(publicBlob);
  if (!algorithm) throw new Error('public key blob is malformed');
  const publicKey = isSshpkAlgorithm(algorithm) ? sshpk.parseKey(publicBlob, 'rfc4253') : null;
  const cut = privateSectionCut(reader.copy(), keyCount);
  return {
    cipher,
    publicKey,
    publicBlob,
    algorithm,
    privateSectionConsistent:
      cipher === 'none' ? privateSectionConsistent(reader, keyCount, algorithm) : null,
    privateSectionCut: cut,
  };
}
