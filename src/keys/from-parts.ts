/**
 * Builds sshpk keys from bare numbers, for formats sshpk cannot read
 * (ssh.com, SSH1): the numbers are re-encoded in a form it can, then checked
 * like any other key.
 */
import { createPrivateKey } from 'node:crypto';
import sshpk from 'sshpk';

function toBase64Url(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

export function bigintOf(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

/** Unsigned big-endian bytes of a non-negative integer. */
function unsignedBytes(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex');
}

/** SSH wire string. */
export function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** SSH wire mpint (two's complement, a leading zero byte when the top bit is set). */
function sshMpint(value: bigint): Buffer {
  let bytes = value === 0n ? Buffer.alloc(0) : unsignedBytes(value);
  if (bytes.length && (bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.alloc(1), bytes]);
  return sshString(bytes);
}

/** The `ssh-rsa` public key of (n, e). */
export function rsaPublicKey(n: bigint, e: bigint): sshpk.Key {
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshMpint(e), sshMpint(n)]);
  return sshpk.parseKey(blob, 'rfc4253');
}

/** The `ssh-dss` public key of (p, q, g, y). */
export function dsaPublicKey(p: bigint, q: bigint, g: bigint, y: bigint): sshpk.Key {
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-dss')),
    ...[p, q, g, y].map((value) => sshMpint(value)),
  ]);
  return sshpk.parseKey(blob, 'rfc4253');
}

/** The RSA private key of (n, e, d, p, q), or null when the numbers do not make one. */
export function rsaPrivateKey(
  n: bigint,
  e: bigint,
  d: bigint,
  p: bigint,
  q: bigint,
): sshpk.PrivateKey | null {
  try {
    if (p < 2n || q < 2n || p * q !== n) return null;
    const jwk = {
      kty: 'RSA',
      n: toBase64Url(n),
      e: toBase64Url(e),
      d: toBase64Url(d),
      p: toBase64Url(p),
      q: toBase64Url(q),
      dp: toBase64Url(d % (p - 1n)),
      dq: toBase64Url(d % (q - 1n)),
      qi: toBase64Url(modInverse(q, p)),
    };
    const pem = createPrivateKey({ key: jwk, format: 'jwk' }).export({
      type: 'pkcs1',
      format: 'pem',
    });
    return sshpk.parsePrivateKey(pem, 'pem');
  } catch {
    return null;
  }
}

/** DER INTEGER of a non-negative value. */
function derInteger(value: bigint): Buffer {
  let bytes = value === 0n ? Buffer.alloc(1) : unsignedBytes(value);
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.alloc(1), bytes]);
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes = unsignedBytes(BigInt(length));
  return Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
}

/** The DSA private key of (p, q, g, y, x), or null when the numbers do not make one. */
export function dsaPrivateKey(
  p: bigint,
  q: bigint,
  g: bigint,
  y: bigint,
  x: bigint,
): sshpk.PrivateKey | null {
  try {
    const body = Buffer.concat([0n, p, q, g, y, x].map((value) => derInteger(value)));
    const der = Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
    const label = ['DSA', 'PRIVATE', 'KEY'].join(' ');
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    const pem = [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ''].join('\n');
    return sshpk.parsePrivateKey(pem, 'pem');
  } catch {
    return null;
  }
}
