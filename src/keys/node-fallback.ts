/**
 * Keys in forms sshpk cannot read though OpenSSH can: an EC key without its
 * public point, with explicit curve parameters or a compressed point, and
 * multi-prime RSA. node:crypto (OpenSSL) reads them from the DER that
 * `isWellFormedKeyDer` has already checked; the public key is rebuilt in
 * the SSH wire form OpenSSH fingerprints (an EC point always uncompressed).
 */
import { createECDH, ECDH, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';
import { derChildren, derElementAt, type DerElement } from './der-check.js';
import { bigintOf, rsaPublicKey, sshString } from './from-parts.js';

/** What node:crypto makes of a well-formed private key DER. */
export type NodeKey =
  | { kind: 'key'; publicKey: sshpk.Key; pkcs8: Buffer | null }
  /** A real key of an algorithm or curve OpenSSH and EC2 do not use, by name. */
  | { kind: 'other'; name: string }
  /** Read, but its halves do not belong together: damaged. */
  | { kind: 'inconsistent' };

/** SSH curve names by OpenSSL's and by JWK's. */
const SSH_CURVES: Record<string, string> = {
  prime256v1: 'nistp256',
  secp384r1: 'nistp384',
  secp521r1: 'nistp521',
  'P-256': 'nistp256',
  'P-384': 'nistp384',
  'P-521': 'nistp521',
};

const OPENSSL_CURVES: Record<string, string> = {
  nistp256: 'prime256v1',
  nistp384: 'secp384r1',
  nistp521: 'secp521r1',
};

/** Field prime and group order of the NIST curves, for keys with explicit parameters. */
const EXPLICIT_CURVES: { ssh: string; p: string; n: string }[] = [
  {
    ssh: 'nistp256',
    p: 'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff',
    n: 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
  },
  {
    ssh: 'nistp384',
    p: 'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
    n: 'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
  },
  {
    ssh: 'nistp521',
    p: `1${'f'.repeat(130)}`,
    n: '1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
  },
];

/** Names node:crypto gives key types sshpk does not parse, as reports show them. */
const OTHER_ALGORITHMS: Record<string, string> = {
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
  'rsa-pss': 'RSA-PSS',
};

/** The `ecdsa-sha2-…` public key of an uncompressed point. */
function ecdsaPublicKey(sshCurve: string, point: Buffer): sshpk.Key {
  const blob = Buffer.concat([
    sshString(Buffer.from(`ecdsa-sha2-${sshCurve}`)),
    sshString(Buffer.from(sshCurve)),
    sshString(point),
  ]);
  return sshpk.parseKey(blob, 'rfc4253');
}

/** The uncompressed public point of scalar `d`, or null when it is no scalar of the curve. */
function pointOf(sshCurve: string, d: Buffer): Buffer | null {
  try {
    const ecdh = createECDH(OPENSSL_CURVES[sshCurve] ?? '');
    ecdh.setPrivateKey(d);
    return ecdh.getPublicKey();
  } catch {
    return null;
  }
}

function ecKey(key: KeyObject): NodeKey | null {
  const jwk = key.export({ format: 'jwk' });
  const curve = SSH_CURVES[jwk.crv ?? ''];
  if (!curve || !jwk.d) return null;
  const point = pointOf(curve, Buffer.from(jwk.d, 'base64url'));
  if (!point) return { kind: 'inconsistent' };
  // OpenSSL takes a stored public point as it is: one that is not d·G is damage.
  const stored = createPublicKey(key).export({ format: 'jwk' });
  const size = (point.length - 1) / 2;
  const x = Buffer.from(stored.x ?? '', 'base64url');
  const y = Buffer.from(stored.y ?? '', 'base64url');
  if (
    x.length !== size ||
    y.length !== size ||
    !Buffer.concat([Buffer.from([4]), x, y]).equals(point)
  )
    return { kind: 'inconsistent' };
  return { kind: 'key', publicKey: ecdsaPublicKey(curve, point), pkcs8: null };
}

/**
 * Whether the numbers of a PKCS#1 key (two primes or more) belong together:
 * the primes multiply to n and e·d ≡ 1 modulo each prime − 1. OpenSSL does
 * not check a key it loads, and a damaged prime would still give n's
 * fingerprint to a key that is no longer whole.
 */
function rsaConsistent(pkcs1: Buffer): boolean {
  const top = derElementAt(pkcs1, 0, pkcs1.length);
  const fields = childrenOf(pkcs1, top ?? undefined);
  const number = (element: DerElement | undefined): bigint =>
    element?.tag === 0x02 ? bigintOf(pkcs1.subarray(element.content, element.end)) : -1n;
  const [, n, e, d, p, q] = fields.slice(0, 6).map(number) as bigint[];
  if (n === undefined || e === undefined || d === undefined || p === undefined || q === undefined)
    return false;
  const primes = [p, q];
  const others = fields[9];
  if (others) {
    for (const info of childrenOf(pkcs1, others)) primes.push(number(childrenOf(pkcs1, info)[0]));
  }
  const ed1 = e * d - 1n;
  let product = 1n;
  for (const prime of primes) {
    if (prime < 2n || ed1 % (prime - 1n) !== 0n) return false;
    product *= prime;
  }
  return product === n && ed1 > 0n;
}

function rsaKey(key: KeyObject): NodeKey {
  if (!rsaConsistent(key.export({ type: 'pkcs1', format: 'der' }))) return { kind: 'inconsistent' };
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const n = bigintOf(Buffer.from(jwk.n ?? '', 'base64url'));
  const e = bigintOf(Buffer.from(jwk.e ?? '', 'base64url'));
  return {
    kind: 'key',
    publicKey: rsaPublicKey(n, e),
    pkcs8: key.export({ type: 'pkcs8', format: 'der' }),
  };
}

function childrenOf(der: Buffer, element: DerElement | undefined): DerElement[] {
  return (element && derChildren(der, element.content, element.end)) ?? [];
}

function unsignedHex(der: Buffer, element: DerElement | undefined): string {
  if (element?.tag !== 0x02) return '';
  return bigintOf(der.subarray(element.content, element.end)).toString(16);
}

/**
 * A SEC1 or PKCS#8 EC key with explicit parameters that are those of a NIST
 * curve, read by hand for an OpenSSL that does not map them to the name.
 */
export function explicitEcKey(der: Buffer): NodeKey | null {
  const top = derElementAt(der, 0, der.length);
  let fields = childrenOf(der, top ?? undefined);
  let params: DerElement | undefined;
  if (fields[1]?.tag === 0x30 && fields[2]?.tag === 0x04) {
    // PKCS#8: AlgorithmIdentifier { id-ecPublicKey, ECParameters }, then the SEC1 key.
    params = childrenOf(der, fields[1])[1];
    const inner = fields[2];
    fields = childrenOf(der, derElementAt(der, inner.content, inner.end) ?? undefined);
  } else {
    params = childrenOf(
      der,
      fields.find((field) => field.tag === 0xa0),
    )[0];
  }
  const d = fields[1];
  if (params?.tag !== 0x30 || d?.tag !== 0x04) return null;
  const [, fieldId, , base, order] = childrenOf(der, params);
  const prime = unsignedHex(der, childrenOf(der, fieldId)[1]);
  const curve = EXPLICIT_CURVES.find(
    (candidate) => candidate.p === prime && candidate.n === unsignedHex(der, order),
  )?.ssh;
  if (!curve || base?.tag !== 0x04) return null;
  // The generator must be the curve's: d = 1 gives it.
  const one = Buffer.alloc(1, 1);
  const generator = pointOf(curve, one);
  const given = der.subarray(base.content, base.end);
  let uncompressed: Buffer;
  try {
    uncompressed = Buffer.from(
      ECDH.convertKey(given, OPENSSL_CURVES[curve] ?? '', undefined, undefined, 'uncompressed'),
    );
  } catch {
    return null;
  }
  if (!generator || !uncompressed.equals(generator)) return null;
  const point = pointOf(curve, der.subarray(d.content, d.end));
  if (!point) return { kind: 'inconsistent' };
  return { kind: 'key', publicKey: ecdsaPublicKey(curve, point), pkcs8: null };
}

/** node:crypto's DER type for a PEM label. */
const DER_TYPES: Record<string, 'pkcs1' | 'pkcs8' | 'sec1'> = {
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
  'PRIVATE KEY': 'pkcs8',
};

/**
 * The key node:crypto reads from `der` (already checked well formed) under
 * PEM label `label`, or null when it reads none it can name.
 */
export function readWithNodeCrypto(der: Buffer, label: string): NodeKey | null {
  const type = DER_TYPES[label];
  if (!type) return null;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type });
  } catch {
    return label === 'RSA PRIVATE KEY' ? null : explicitEcKey(der);
  }
  try {
    const algorithm = key.asymmetricKeyType ?? '';
    if (algorithm === 'rsa') return rsaKey(key);
    if (algorithm === 'ec') {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve && !SSH_CURVES[curve]) return { kind: 'other', name: `EC ${curve}` };
      return (curve ? ecKey(key) : null) ?? explicitEcKey(der);
    }
    const name = OTHER_ALGORITHMS[algorithm];
    return name ? { kind: 'other', name } : null;
  } catch {
    return null;
  }
}
