import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import type sshpk from 'sshpk';
import type { Ec2Fingerprints } from './types.js';

/** `aa:bb:cc…`, the colon hex EC2 and `openssl … -c` print. */
export function colonHex(digest: Buffer): string {
  return digest.toString('hex').replace(/(..)(?!$)/g, '$1:');
}

/** OpenSSH `SHA256:…` (unpadded base64), exactly what `ssh-keygen -l` prints. */
export function sha256Fingerprint(key: sshpk.Key): string {
  return key.fingerprint('sha256').toString();
}

/** MD5 of the SSH wire-format public key, colon hex: the RFC 4716 form (`ssh-keygen -E md5` adds `MD5:`). */
export function md5Fingerprint(key: sshpk.Key): string {
  return key.fingerprint('md5').toString();
}

function toBigInt(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}

function toBase64Url(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/**
 * DER PKCS#8 of an RSA private key, rebuilt from n, e, d, p, q alone with
 * OpenSSL's convention p > q. PuTTY and OpenSSH files store the CRT values
 * differently, and the EC2 "created" fingerprint is over OpenSSL's encoding.
 */
export function rsaPkcs8Der(privateKey: sshpk.PrivateKey): Buffer {
  const part = (name: string): bigint => {
    const data = privateKey.parts.find((candidate) => candidate.name === name)?.data;
    if (!data) throw new Error(`RSA key lacks ${name}`);
    return toBigInt(data);
  };
  const n = part('n');
  const e = part('e');
  const d = part('d');
  let p = part('p');
  let q = part('q');
  if (p < q) [p, q] = [q, p];
  // The file's CRT coefficient when it is q⁻¹ mod p (the inverse is unique): an
  // extended Euclid on 1024-bit numbers was a third of parsing an RSA key.
  const stored = privateKey.parts.find((candidate) => candidate.name === 'iqmp')?.data;
  const iqmp = stored ? toBigInt(stored) : -1n;
  const qi = iqmp > 0n && iqmp < p && (iqmp * q) % p === 1n ? iqmp : modInverse(q, p);
  const jwk = {
    kty: 'RSA',
    n: toBase64Url(n),
    e: toBase64Url(e),
    d: toBase64Url(d),
    p: toBase64Url(p),
    q: toBase64Url(q),
    dp: toBase64Url(d % (p - 1n)),
    dq: toBase64Url(d % (q - 1n)),
    qi: toBase64Url(qi),
  };
  return createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' });
}

/**
 * EC2's fingerprints for this key. The AWS-created RSA form needs the private
 * key; it is null when only the public half is known (encrypted containers).
 */
export function ec2Fingerprints(key: sshpk.Key, privateKey?: sshpk.PrivateKey): Ec2Fingerprints {
  const result: Ec2Fingerprints = { imported: null, created: null, ed25519: null };
  if (key.type === 'rsa') {
    const spki = createPublicKey(key.toString('pkcs8')).export({ type: 'spki', format: 'der' });
    result.imported = colonHex(createHash('md5').update(spki).digest());
    if (privateKey) {
      const pkcs8 = rsaPkcs8Der(privateKey);
      result.created = colonHex(createHash('sha1').update(pkcs8).digest());
    }
  } else if (key.type === 'ed25519') {
    const blob = key.toBuffer('rfc4253');
    result.ed25519 = createHash('sha256').update(blob).digest('base64');
  }
  return result;
}
