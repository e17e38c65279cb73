/**
 * Test keys in every format src/keys understands, generated at test time by
 * the real tools (ssh-keygen, openssl, puttygen) into a temp directory, with
 * the fingerprints those tools compute. Nothing here is committed: the key
 * files live in temp dirs under os.tmpdir(), which `removeTestKeys()` (call
 * it from `afterAll`) deletes.
 *
 * Ground truth:
 * - `fingerprint` / `md5` / `bits`: `ssh-keygen -l -E sha256|md5 -f <pub>`
 *   (`md5` without the `MD5:` prefix);
 * - EC2 imported RSA: `openssl pkey -pubout -outform DER | openssl md5 -c`;
 * - EC2 AWS-created RSA: `openssl pkcs8 -topk8 -nocrypt -outform DER |
 *   openssl sha1 -c` of the unencrypted original;
 * - EC2 ed25519: the ssh-keygen SHA256 fingerprint, base64 padded with `=`.
 *
 * Usage: `generateTestKeys()` (cached per process) for the whole catalogue,
 * or `makeKeyFactory(dir)` to make single keys by spec.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ec2Fingerprints, KeyFormat, KeyType } from '../../src/keys/types.js';

export const PASSPHRASE = 'correct horse battery staple';

export type Tool = 'ssh-keygen' | 'openssl' | 'puttygen';

/** What the tools say about the key itself, whatever container it is in. */
export interface KeyTruth {
  keyType: Exclude<KeyType, 'unknown'>;
  bits: number;
  /** `SHA256:…` from `ssh-keygen -l -E sha256`. */
  fingerprint: string;
  /** Colon hex from `ssh-keygen -l -E md5`, without `MD5:`. */
  md5: string;
  /** `type base64` (no comment). */
  publicKey: string;
  /** All three computed from the unencrypted key, even when the file is encrypted. */
  ec2Fingerprints: Ec2Fingerprints;
  /**
   * RSA only: an unencrypted PEM of the same key that openssl reads, the one
   * the EC2 fingerprints were computed on (the original when the catalogue
   * entry was converted from an OpenSSL PEM). Null for other key types.
   */
  clearPem: string | null;
}

/**
 * One key file. The top-level identity fields are what the parser (and the
 * scanner's JSON contract) must report for this file; `truth` is what the
 * tools know about the key regardless of what can be recovered from it.
 */
export interface TestKey {
  name: string;
  /** Private key file on disk (mode 0600). */
  path: string;
  /** Its text, exactly as the tool wrote it. */
  text: string;
  tool: Tool;
  passphrase: string | null;
  format: KeyFormat;
  keyType: KeyType;
  bits: number | null;
  encrypted: boolean;
  parsed: boolean;
  fingerprint: string | null;
  md5: string | null;
  publicKey: string | null;
  ec2Fingerprints: Ec2Fingerprints;
  truth: KeyTruth;
}

export type PuttyVersion = 2 | 3;

/** Every key the catalogue holds; `KeyFactory.make` builds any one of them. */
export type KeySpec =
  | {
      kind: 'ssh-keygen';
      type: 'rsa' | 'dsa' | 'ed25519';
      bits?: number;
      mode: SshMode;
      encrypted?: boolean;
    }
  | { kind: 'ssh-keygen'; type: 'ecdsa'; bits: 256 | 384 | 521; mode: SshMode; encrypted?: boolean }
  | { kind: 'openssl-ed25519-pkcs8' }
  | { kind: 'openssl-dsa'; pem: 'traditional' | 'pkcs8' }
  | { kind: 'openssl-encrypted-pkcs8' }
  | { kind: 'openssl-rsa-to-openssh' }
  | { kind: 'puttygen'; type: 'rsa' | 'ed25519'; version: PuttyVersion; encrypted: boolean }
  | { kind: 'puttygen-from-openssl-pem'; version: PuttyVersion };

export type SshMode = 'openssh' | 'PEM' | 'PKCS8';

const NO_EC2: Ec2Fingerprints = { imported: null, created: null, ed25519: null };

function run(cmd: string, args: string[], input: string | Buffer = ''): Buffer {
  try {
    return execFileSync(cmd, args, { input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim() ?? '';
    throw new Error(`${cmd} ${args.join(' ')} failed: ${stderr || String(error)}`, {
      cause: error,
    });
  }
}

function text(cmd: string, args: string[], input: string | Buffer = ''): string {
  return run(cmd, args, input).toString('utf8').trim();
}

/** `MD5(stdin)= aa:bb:…` → `aa:bb:…`. */
function opensslDigest(output: string): string {
  const value = output.split('= ').pop()?.trim() ?? '';
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2})+$/.test(value)) {
    throw new Error(`unexpected openssl digest output: ${output}`);
  }
  return value;
}

/** EC2 fingerprint of an imported RSA key pair, from any private key file openssl reads. */
export function opensslImportedFingerprint(pemPath: string): string {
  const spki = run('openssl', ['pkey', '-in', pemPath, '-pubout', '-outform', 'DER']);
  return opensslDigest(text('openssl', ['md5', '-c'], spki));
}

/** EC2 fingerprint of an AWS-created RSA key pair, from the unencrypted original. */
export function opensslCreatedFingerprint(pemPath: string): string {
  const pkcs8 = run('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', pemPath, '-outform', 'DER']);
  return opensslDigest(text('openssl', ['sha1', '-c'], pkcs8));
}

/** `SHA256:abc` (43 chars of base64) → `abc=`, the form EC2 shows for ED25519 key pairs. */
export function ed25519Ec2FromSha256(fingerprint: string): string {
  const base64 = fingerprint.replace(/^SHA256:/, '');
  return base64 + '='.repeat((4 - (base64.length % 4)) % 4);
}

export interface SshKeygenListing {
  bits: number;
  fingerprint: string;
  md5: string;
}

/** `ssh-keygen -l` of a public (or unencrypted private) key file. */
export function sshKeygenFingerprints(path: string): SshKeygenListing {
  const sha = text('ssh-keygen', ['-l', '-E', 'sha256', '-f', path]).split(' ');
  const md5 = text('ssh-keygen', ['-l', '-E', 'md5', '-f', path]).split(' ');
  const bits = Number(sha[0]);
  const fingerprint = sha[1] ?? '';
  const md5Hex = (md5[1] ?? '').replace(/^MD5:/, '');
  if (
    !Number.isInteger(bits) ||
    !fingerprint.startsWith('SHA256:') ||
    !md5[1]?.startsWith('MD5:')
  ) {
    throw new Error(`unexpected ssh-keygen -l output for ${path}`);
  }
  return { bits, fingerprint, md5: md5Hex };
}

/** `type base64` of an OpenSSH public key line. */
export function publicKeyOf(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}

/**
 * The secret base64 of a private key file: the PEM body, or a PPK's
 * Private-Lines. Used to check that nothing we return echoes key material.
 */
export function secretBase64(keyText: string): string {
  const lines = keyText.replace(/\r/g, '').split('\n');
  if (/^PuTTY-User-Key-File-/m.test(keyText)) {
    const start = lines.findIndex((line) => line.startsWith('Private-Lines:'));
    const count = Number((lines[start] ?? '').split(':')[1]);
    return lines.slice(start + 1, start + 1 + count).join('');
  }
  return lines
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'))
    .join('');
}

/**
 * 40-character runs of `keyText`'s secret base64 that occur in `output`.
 * Runs that are also part of the public key's base64 are allowed (an OpenSSH
 * container embeds the public blob, which we do report).
 */
export function leakedSecretRuns(
  keyText: string,
  output: string,
  publicKey?: string | null,
): string[] {
  const secret = secretBase64(keyText);
  const publicBase64 = publicKey ? (publicKey.split(' ')[1] ?? '') : '';
  const leaks: string[] = [];
  for (let i = 0; i + 40 <= secret.length; i++) {
    const run40 = secret.slice(i, i + 40);
    if (output.includes(run40) && !publicBase64.includes(run40)) leaks.push(run40);
  }
  return leaks;
}

/** Builds an OpenSSH `ssh-ed25519` line from the DER SubjectPublicKeyInfo openssl prints. */
function ed25519LineFromSpki(spki: Buffer): string {
  const raw = spki.subarray(spki.length - 32);
  const str = (value: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(value.length);
    return Buffer.concat([length, value]);
  };
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')}`;
}

export interface KeyFactory {
  dir: string;
  make(name: string, spec: KeySpec): TestKey;
}

/** Makes key files in `dir` (which must exist and be private to the test). */
export function makeKeyFactory(dir: string): KeyFactory {
  const passFile = join(dir, 'passphrase.txt');
  const emptyFile = join(dir, 'empty.txt');
  writeFileSync(passFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  writeFileSync(emptyFile, '', { mode: 0o600 });

  /** Truth for a key whose OpenSSH public line is in `pubPath` and clear private PEM (openssl-readable) in `clearPem`. */
  function truthFrom(
    pubPath: string,
    keyType: KeyTruth['keyType'],
    clearPem: string | null,
  ): KeyTruth {
    const listing = sshKeygenFingerprints(pubPath);
    const ec2: Ec2Fingerprints = { ...NO_EC2 };
    if (keyType === 'rsa') {
      if (!clearPem) throw new Error('RSA truth needs a clear PEM');
      ec2.imported = opensslImportedFingerprint(clearPem);
      ec2.created = opensslCreatedFingerprint(clearPem);
    } else if (keyType === 'ed25519') {
      ec2.ed25519 = ed25519Ec2FromSha256(listing.fingerprint);
    }
    return {
      keyType,
      bits: listing.bits,
      fingerprint: listing.fingerprint,
      md5: listing.md5,
      publicKey: publicKeyOf(readFileSync(pubPath, 'utf8')),
      ec2Fingerprints: ec2,
      clearPem: keyType === 'rsa' ? clearPem : null,
    };
  }

  /** Expected parser output for a key whose public half can be read. */
  function readable(
    base: Omit<
      TestKey,
      'keyType' | 'bits' | 'parsed' | 'fingerprint' | 'md5' | 'publicKey' | 'ec2Fingerprints'
    >,
  ): TestKey {
    const { truth } = base;
    return {
      ...base,
      keyType: truth.keyType,
      bits: truth.bits,
      parsed: true,
      fingerprint: truth.fingerprint,
      md5: truth.md5,
      publicKey: truth.publicKey,
      // The AWS-created form needs the private key, which an encrypted file hides.
      ec2Fingerprints: base.encrypted
        ? { ...truth.ec2Fingerprints, created: null }
        : { ...truth.ec2Fingerprints },
    };
  }

  /** Expected parser output for encrypted PEM: nothing is recoverable. */
  function opaque(
    base: Omit<
      TestKey,
      'keyType' | 'bits' | 'parsed' | 'fingerprint' | 'md5' | 'publicKey' | 'ec2Fingerprints'
    >,
    keyType: KeyType,
  ): TestKey {
    return {
      ...base,
      keyType,
      bits: null,
      parsed: false,
      fingerprint: null,
      md5: null,
      publicKey: null,
      ec2Fingerprints: { ...NO_EC2 },
    };
  }

  /** A clear PKCS#1/SEC1 PEM copy of an ssh-keygen key (any format, any passphrase). */
  function clearPemCopy(path: string, passphrase: string | null): string {
    const copy = `${path}.clear.pem`;
    copyFileSync(path, copy);
    chmodSync(copy, 0o600);
    run('ssh-keygen', ['-q', '-p', '-P', passphrase ?? '', '-N', '', '-m', 'PEM', '-f', copy]);
    return copy;
  }

  function sshKeygen(name: string, spec: Extract<KeySpec, { kind: 'ssh-keygen' }>): TestKey {
    const path = join(dir, name);
    const passphrase = spec.encrypted ? PASSPHRASE : null;
    const args = ['-q', '-t', spec.type, '-C', name, '-N', passphrase ?? '', '-f', path];
    if (spec.bits) args.push('-b', String(spec.bits));
    if (spec.mode !== 'openssh') args.push('-m', spec.mode);
    if (passphrase && spec.mode === 'openssh') args.push('-a', '4'); // fewer bcrypt rounds: same format, faster
    run('ssh-keygen', args);
    const keyType = spec.type;
    const truth = truthFrom(
      `${path}.pub`,
      keyType,
      keyType === 'rsa' ? clearPemCopy(path, passphrase) : null,
    );
    const base = {
      name,
      path,
      text: readFileSync(path, 'utf8'),
      tool: 'ssh-keygen' as const,
      passphrase,
      format: (spec.mode === 'openssh'
        ? 'openssh'
        : spec.mode === 'PKCS8'
          ? 'pkcs8'
          : keyType === 'ecdsa'
            ? 'sec1'
            : 'pkcs1') as KeyFormat,
      encrypted: Boolean(spec.encrypted),
      truth,
    };
    if (spec.encrypted && spec.mode !== 'openssh') {
      // Encrypted PEM: the label names the type for PKCS#1/SEC1 only.
      return opaque(base, spec.mode === 'PKCS8' ? 'unknown' : keyType);
    }
    return readable(base);
  }

  function opensslEd25519(name: string): TestKey {
    const path = join(dir, name);
    run('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', path]);
    chmodSync(path, 0o600);
    // ssh-keygen 9.2 cannot read PKCS#8 Ed25519, so fingerprint the public half openssl prints.
    const spki = run('openssl', ['pkey', '-in', path, '-pubout', '-outform', 'DER']);
    writeFileSync(`${path}.pub`, `${ed25519LineFromSpki(spki)} ${name}\n`);
    const truth = truthFrom(`${path}.pub`, 'ed25519', null);
    return readable({
      name,
      path,
      text: readFileSync(path, 'utf8'),
      tool: 'openssl',
      passphrase: null,
      format: 'pkcs8',
      encrypted: false,
      truth,
    });
  }

  function opensslDsa(name: string, pem: 'traditional' | 'pkcs8'): TestKey {
    const path = join(dir, name);
    const params = join(dir, `${name}.params`);
    run('openssl', [
      'genpkey',
      '-genparam',
      '-algorithm',
      'DSA',
      '-pkeyopt',
      'dsa_paramgen_bits:1024',
      '-out',
      params,
    ]);
    const pkcs8 = run('openssl', ['genpkey', '-paramfile', params]);
    const out = pem === 'traditional' ? run('openssl', ['pkey', '-traditional'], pkcs8) : pkcs8;
    writeFileSync(path, out, { mode: 0o600 });
    writeFileSync(`${path}.pub`, `${text('ssh-keygen', ['-y', '-f', path])}\n`);
    const truth = truthFrom(`${path}.pub`, 'dsa', null);
    return readable({
      name,
      path,
      text: readFileSync(path, 'utf8'),
      tool: 'openssl',
      passphrase: null,
      format: pem === 'traditional' ? 'pkcs1' : 'pkcs8',
      encrypted: false,
      truth,
    });
  }

  function opensslRsaPem(path: string): void {
    writeFileSync(path, run('openssl', ['genrsa', '-traditional', '2048']), { mode: 0o600 });
    writeFileSync(`${path}.pub`, `${text('ssh-keygen', ['-y', '-f', path])}\n`);
  }

  /** `ENCRYPTED PRIVATE KEY` (PBES2, AES-256) of an openssl RSA key. */
  function opensslEncryptedPkcs8(name: string): TestKey {
    const path = join(dir, name);
    const original = `${path}.original.pem`;
    opensslRsaPem(original);
    run('openssl', [
      'pkcs8',
      '-topk8',
      '-v2',
      'aes256',
      '-in',
      original,
      '-passout',
      `pass:${PASSPHRASE}`,
      '-out',
      path,
    ]);
    chmodSync(path, 0o600);
    const truth = truthFrom(`${original}.pub`, 'rsa', original);
    return opaque(
      {
        name,
        path,
        text: readFileSync(path, 'utf8'),
        tool: 'openssl',
        passphrase: PASSPHRASE,
        format: 'pkcs8',
        encrypted: true,
        truth,
      },
      'unknown',
    );
  }

  /** An OpenSSL-made RSA PEM, converted to the OpenSSH container by ssh-keygen. */
  function opensslRsaToOpenssh(name: string): TestKey {
    const path = join(dir, name);
    const original = `${path}.original.pem`;
    opensslRsaPem(original);
    copyFileSync(original, path);
    chmodSync(path, 0o600);
    run('ssh-keygen', ['-q', '-p', '-P', '', '-N', '', '-f', path]);
    const truth = truthFrom(`${original}.pub`, 'rsa', original);
    return readable({
      name,
      path,
      text: readFileSync(path, 'utf8'),
      tool: 'openssl',
      passphrase: null,
      format: 'openssh',
      encrypted: false,
      truth,
    });
  }

  function puttyPublic(ppk: string, passFileFor: string): string {
    const pub = `${ppk}.pub`;
    writeFileSync(pub, `${text('puttygen', [ppk, '-L', '--old-passphrase', passFileFor])}\n`);
    return pub;
  }

  function puttygen(name: string, spec: Extract<KeySpec, { kind: 'puttygen' }>): TestKey {
    const path = join(dir, name);
    const pass = spec.encrypted ? passFile : emptyFile;
    const args = ['-t', spec.type, '-q', '-C', name, '-o', path, '-O', 'private'];
    if (spec.type === 'rsa') args.push('-b', '2048');
    // One Argon2 pass instead of 100 ms worth: the same v3 format, faster to make and read.
    const params = spec.version === 3 && spec.encrypted ? ',passes=1' : '';
    args.push('--ppk-param', `version=${spec.version}${params}`, '--new-passphrase', pass);
    run('puttygen', args);
    chmodSync(path, 0o600);
    let clearPem: string | null = null;
    if (spec.type === 'rsa') {
      clearPem = `${path}.clear.pem`;
      run('puttygen', [
        path,
        '--old-passphrase',
        pass,
        '--new-passphrase',
        emptyFile,
        '-O',
        'private-openssh',
        '-o',
        clearPem,
      ]);
    }
    const truth = truthFrom(puttyPublic(path, pass), spec.type, clearPem);
    return readable({
      name,
      path,
      text: readFileSync(path, 'utf8'),
      tool: 'puttygen',
      passphrase: spec.encrypted ? PASSPHRASE : null,
      format: 'putty',
      encrypted: spec.encrypted,
      truth,
    });
  }

  /** An OpenSSL-made RSA PEM converted to PPK: EC2's created fingerprint is openssl's on the PEM. */
  function puttygenFromPem(name: string, version: PuttyVersion): TestKey {
    const path = join(dir, name);
    const original = `${path}.original.pem`;
    opensslRsaPem(original);
    run('puttygen', [
      original,
      '-C',
      name,
      '-O',
      'private',
      '-o',
      path,
      '--ppk-param',
      `version=${version}`,
      '--new-passphrase',
      emptyFile,
    ]);
    chmodSync(path, 0o600);
    const truth = truthFrom(`${original}.pub`, 'rsa', original);
    return readable({
      name,
      path,
      text: readFileSync(path, 'utf8'),
      tool: 'puttygen',
      passphrase: null,
      format: 'putty',
      encrypted: false,
      truth,
    });
  }

  return {
    dir,
    make(name: string, spec: KeySpec): TestKey {
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad key name ${name}`);
      switch (spec.kind) {
        case 'ssh-keygen':
          return sshKeygen(name, spec);
        case 'openssl-ed25519-pkcs8':
          return opensslEd25519(name);
        case 'openssl-dsa':
          return opensslDsa(name, spec.pem);
        case 'openssl-encrypted-pkcs8':
          return opensslEncryptedPkcs8(name);
        case 'openssl-rsa-to-openssh':
          return opensslRsaToOpenssh(name);
        case 'puttygen':
          return puttygen(name, spec);
        case 'puttygen-from-openssl-pem':
          return puttygenFromPem(name, spec.version);
      }
    },
  };
}

/** The catalogue: one entry per format and variant we support. */
export const TEST_KEY_SPECS: Readonly<Record<string, KeySpec>> = {
  'rsa-pkcs1': { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'PEM' },
  'rsa-pkcs8': { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'PKCS8' },
  'rsa-openssh': { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'openssh' },
  'rsa-openssh-4096': { kind: 'ssh-keygen', type: 'rsa', bits: 4096, mode: 'openssh' },
  'rsa-openssh-from-openssl-pem': { kind: 'openssl-rsa-to-openssh' },
  'ecdsa-p256-sec1': { kind: 'ssh-keygen', type: 'ecdsa', bits: 256, mode: 'PEM' },
  'ecdsa-p384-sec1': { kind: 'ssh-keygen', type: 'ecdsa', bits: 384, mode: 'PEM' },
  'ecdsa-p521-sec1': { kind: 'ssh-keygen', type: 'ecdsa', bits: 521, mode: 'PEM' },
  'ecdsa-p256-openssh': { kind: 'ssh-keygen', type: 'ecdsa', bits: 256, mode: 'openssh' },
  'ecdsa-p384-openssh': { kind: 'ssh-keygen', type: 'ecdsa', bits: 384, mode: 'openssh' },
  'ecdsa-p521-openssh': { kind: 'ssh-keygen', type: 'ecdsa', bits: 521, mode: 'openssh' },
  'ed25519-openssh': { kind: 'ssh-keygen', type: 'ed25519', mode: 'openssh' },
  'ed25519-pkcs8': { kind: 'openssl-ed25519-pkcs8' },
  'dsa-pem-openssl': { kind: 'openssl-dsa', pem: 'traditional' },
  'dsa-pkcs8-openssl': { kind: 'openssl-dsa', pem: 'pkcs8' },
  'dsa-openssh': { kind: 'ssh-keygen', type: 'dsa', mode: 'openssh' },
  'dsa-pem': { kind: 'ssh-keygen', type: 'dsa', mode: 'PEM' },
  'rsa-ppk-v2': { kind: 'puttygen', type: 'rsa', version: 2, encrypted: false },
  'rsa-ppk-v3': { kind: 'puttygen', type: 'rsa', version: 3, encrypted: false },
  'rsa-ppk-v2-encrypted': { kind: 'puttygen', type: 'rsa', version: 2, encrypted: true },
  'rsa-ppk-v3-encrypted': { kind: 'puttygen', type: 'rsa', version: 3, encrypted: true },
  'ed25519-ppk-v2': { kind: 'puttygen', type: 'ed25519', version: 2, encrypted: false },
  'ed25519-ppk-v3': { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: false },
  'ed25519-ppk-v2-encrypted': { kind: 'puttygen', type: 'ed25519', version: 2, encrypted: true },
  'ed25519-ppk-v3-encrypted': { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: true },
  'rsa-ppk-v2-from-openssl-pem': { kind: 'puttygen-from-openssl-pem', version: 2 },
  'rsa-ppk-v3-from-openssl-pem': { kind: 'puttygen-from-openssl-pem', version: 3 },
  'rsa-openssh-encrypted': {
    kind: 'ssh-keygen',
    type: 'rsa',
    bits: 2048,
    mode: 'openssh',
    encrypted: true,
  },
  'ecdsa-p256-openssh-encrypted': {
    kind: 'ssh-keygen',
    type: 'ecdsa',
    bits: 256,
    mode: 'openssh',
    encrypted: true,
  },
  'ed25519-openssh-encrypted': {
    kind: 'ssh-keygen',
    type: 'ed25519',
    mode: 'openssh',
    encrypted: true,
  },
  'rsa-pkcs1-encrypted': {
    kind: 'ssh-keygen',
    type: 'rsa',
    bits: 2048,
    mode: 'PEM',
    encrypted: true,
  },
  'ecdsa-p256-sec1-encrypted': {
    kind: 'ssh-keygen',
    type: 'ecdsa',
    bits: 256,
    mode: 'PEM',
    encrypted: true,
  },
  'rsa-pkcs8-encrypted': { kind: 'openssl-encrypted-pkcs8' },
};

export interface TestKeySet {
  dir: string;
  keys: readonly TestKey[];
  /** The key of that catalogue name; throws on an unknown name. */
  get(name: string): TestKey;
}

let cached: TestKeySet | undefined;
const tempDirs = new Set<string>();

/** Makes a private temp dir under os.tmpdir(), removed by `removeTestKeys()`. */
export function makeTempDir(prefix = 'ec2-key-rotate-keys-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * Deletes every key file this module wrote and forgets the cached catalogue.
 * Call it from `afterAll`: test workers are not guaranteed an `exit` event.
 */
export function removeTestKeys(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
  cached = undefined;
}

process.once('exit', removeTestKeys);

/** Generates the whole catalogue once per process (a few seconds) and returns it. */
export function generateTestKeys(): TestKeySet {
  if (cached) return cached;
  const factory = makeKeyFactory(makeTempDir());
  const keys = Object.entries(TEST_KEY_SPECS).map(([name, spec]) => factory.make(name, spec));
  const byName = new Map(keys.map((key) => [key.name, key]));
  cached = {
    dir: factory.dir,
    keys,
    get(name: string): TestKey {
      const key = byName.get(name);
      if (!key) throw new Error(`no test key named ${name}`);
      return key;
    },
  };
  return cached;
}

/** The key TEST_KEY_SPECS names `name`, made by `factory`. */
export function makeSpecKey(factory: KeyFactory, name: string): TestKey {
  const spec = TEST_KEY_SPECS[name];
  if (!spec) throw new Error(`no spec ${name}`);
  return factory.make(name, spec);
}
