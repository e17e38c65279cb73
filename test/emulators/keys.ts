/**
 * Key pair material and fingerprints exactly as EC2 computes them (written
 * independently of src/keys so the emulator cross-checks it):
 * - RSA imported: MD5 of the DER SubjectPublicKeyInfo, colon hex
 *   (`openssl pkey -pubout -outform DER | openssl md5 -c`);
 * - RSA created by AWS: SHA-1 of the DER PKCS#8 private key, colon hex;
 * - ED25519: SHA-256 of the SSH public key blob, base64 with `=` padding.
 */
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';
import { AwsError } from './core/errors.js';

const colonHex = (digest: Buffer): string => digest.toString('hex').replace(/(..)(?!$)/g, '$1:');

export interface PublicKeyInfo {
  keyType: 'rsa' | 'ed25519';
  keyFingerprint: string;
  /** `type base64` (no comment). */
  publicKey: string;
}

function ed25519Fingerprint(key: sshpk.Key): string {
  return createHash('sha256').update(key.toBuffer('rfc4253')).digest('base64');
}

function sshLine(key: sshpk.Key): string {
  return key.toString('ssh').split(' ').slice(0, 2).join(' ');
}

function parsePublicMaterial(material: Buffer): sshpk.Key {
  const text = material.toString('utf8').trim();
  for (const format of ['ssh', 'pem', 'rfc4253', 'auto'] as const) {
    try {
      return sshpk.parseKey(format === 'rfc4253' ? material : text, format);
    } catch {
      // next format
    }
  }
  try {
    // Base64 DER SubjectPublicKeyInfo.
    const spki = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return sshpk.parseKey(spki.export({ type: 'spki', format: 'pem' }).toString(), 'pem');
  } catch {
    throw new AwsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format', 400);
  }
}

/** What ImportKeyPair makes of PublicKeyMaterial (the decoded bytes). */
export function importedKeyInfo(material: Buffer): PublicKeyInfo {
  const key = parsePublicMaterial(material);
  if (key.type === 'ed25519')
    return { keyType: 'ed25519', keyFingerprint: ed25519Fingerprint(key), publicKey: sshLine(key) };
  if (key.type === 'rsa') {
    if (key.size < 1024 || key.size > 4096) {
      throw new AwsError(
        'InvalidKey.Format',
        `RSA key length ${key.size} is not supported; use 1024 to 4096 bits`,
        400,
      );
    }
    const der = createPublicKey(key.toString('pkcs8')).export({ type: 'spki', format: 'der' });
    return {
      keyType: 'rsa',
      keyFingerprint: colonHex(createHash('md5').update(der).digest()),
      publicKey: sshLine(key),
    };
  }
  throw new AwsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format', 400);
}

export interface CreatedKey extends PublicKeyInfo {
  /** The private key as CreateKeyPair returns it (PEM RSA PRIVATE KEY, or OPENSSH PRIVATE KEY). */
  keyMaterial: string;
}

/** What CreateKeyPair generates. */
export function createKey(keyType: 'rsa' | 'ed25519'): CreatedKey {
  if (keyType === 'rsa') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicExponent: 0x10001,
    });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    return {
      keyType,
      keyFingerprint: colonHex(createHash('sha1').update(pkcs8).digest()),
      publicKey: sshLine(
        sshpk.parseKey(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'pem'),
      ),
      keyMaterial: String(privateKey.export({ type: 'pkcs1', format: 'pem' })).trim(),
    };
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const parsed = sshpk.parsePrivateKey(
    String((privateKey as KeyObject).export({ type: 'pkcs8', format: 'pem' })),
    'pkcs8',
  );
  const pub = parsed.toPublic();
  return {
    keyType,
    keyFingerprint: ed25519Fingerprint(pub),
    publicKey: sshLine(pub),
    keyMaterial: parsed.toString('openssh').trim(),
  };
}
