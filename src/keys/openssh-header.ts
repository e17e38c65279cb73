import sshpk from 'sshpk';

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** Fields of an `openssh-key-v1` container that are stored in clear, even when the key is encrypted. */
export interface OpensshHeader {
  cipher: string;
  publicKey: sshpk.Key;
}

class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

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

/**
 * Reads the cipher name and the first public key of an OpenSSH private key
 * container without decrypting it (PROTOCOL.key in OpenSSH's sources).
 */
export function readOpensshHeader(der: Buffer): OpensshHeader {
  if (!der.subarray(0, MAGIC.length).equals(MAGIC))
    throw new Error('not an openssh-key-v1 container');
  const reader = new Reader(der.subarray(MAGIC.length));
  const cipher = reader.string().toString('latin1');
  reader.string(); // kdf name
  reader.string(); // kdf options
  const keyCount = reader.uint32();
  if (keyCount < 1) throw new Error('container holds no key');
  const publicKey = sshpk.parseKey(reader.string(), 'rfc4253');
  return { cipher, publicKey };
}
