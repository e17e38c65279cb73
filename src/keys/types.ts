/** Algorithms we report, named as in the scanner's JSON contract. */
export type KeyType = 'rsa' | 'ecdsa' | 'ed25519' | 'dsa' | 'unknown';

/** Container format the key was written in. */
export type KeyFormat =
  | 'pkcs1'
  | 'pkcs8'
  | 'sec1'
  | 'openssh'
  | 'putty'
  /** ssh.com / Tectia `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`. */
  | 'sshcom'
  /** SSH protocol 1 `SSH PRIVATE KEY FILE FORMAT 1.1`. */
  | 'ssh1'
  | 'unknown';

/** The fingerprints EC2's DescribeKeyPairs can return for a key pair. */
export interface Ec2Fingerprints {
  /** Imported RSA key pair: MD5 of the DER SubjectPublicKeyInfo, colon hex. */
  imported: string | null;
  /** AWS-created RSA key pair: SHA-1 of the DER PKCS#8 private key, colon hex. */
  created: string | null;
  /** ED25519 key pair (created or imported): base64 SHA-256 of the OpenSSH public key blob. */
  ed25519: string | null;
}

/** Everything we learn about one private key block. Holds no secret material. */
export interface KeyIdentity {
  keyType: KeyType;
  bits: number | null;
  format: KeyFormat;
  encrypted: boolean;
  parsed: boolean;
  /** OpenSSH style `SHA256:…`, or null when the public key cannot be recovered. */
  fingerprint: string | null;
  /** MD5 colon hex `aa:bb:…` (RFC 4716 form; `ssh-keygen -l -E md5` prints it after `MD5:`). */
  md5: string | null;
  ec2Fingerprints: Ec2Fingerprints;
  /** OpenSSH public key line (`ssh-ed25519 AAAA…`), safe to share; null when unknown. */
  publicKey: string | null;
  /** Why the block could not be parsed or fingerprinted; never contains key bytes. */
  note: string | null;
  /**
   * Set when the block is a key cut short: its public half is there but its
   * private section declares more than the block holds (lines lost from its
   * middle or end), whatever its END line says. A finding of it is a
   * fragment (`truncated`), unless a whole copy of the key is found too.
   */
  truncated?: boolean;
}
