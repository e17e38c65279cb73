/**
 * Key formats beyond what sshpk reads: OpenSSH containers of any algorithm
 * (security keys, post-quantum hybrids), PuTTY Ed448, PEM keys of algorithms
 * EC2 and OpenSSH do not use, ssh.com and SSH1 files. Every key is made at
 * test time by ssh-keygen, openssl or puttygen (or, for security keys, built
 * by hand around a public blob) and every fingerprint is checked against
 * what ssh-keygen, puttygen or openssl computes.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks } from '../../src/scan/detector.js';
import {
  ed25519Ec2FromSha256,
  makeTempDir,
  opensslCreatedFingerprint,
  opensslImportedFingerprint,
  removeTestKeys,
  sshKeygenFingerprints,
} from '../helpers/keyfactory.js';
import { pemBegin, pemEnd, PUTTY_HEAD } from '../scan/detector-fixtures.js';

let dir: string;

beforeAll(() => {
  dir = makeTempDir('formats-');
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'pass'), 'correct horse\n');
});
afterAll(() => {
  removeTestKeys();
});

function run(cmd: string, args: string[], input?: Buffer | string): Buffer {
  return execFileSync(cmd, args, { input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

const OPENSSH_LABEL = ['OPENSSH', 'PRIVATE', 'KEY'].join(' ');

/**
 * An `openssh-key-v1` container around `blob`, as ssh-keygen writes it: the
 * private section (here: check words, the algorithm, filler) in clear, or
 * random bytes standing for an encrypted one.
 */
function opensshContainer(blob: Buffer, algorithm: string, encrypted: boolean): string {
  const check = randomBytes(4);
  let section = Buffer.concat([check, check, sshString(algorithm), sshString(randomBytes(48))]);
  section = Buffer.concat([
    section,
    Buffer.from([1, 2, 3, 4, 5, 6, 7].slice(0, 8 - (section.length % 8))),
  ]);
  const container = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString(encrypted ? 'aes256-ctr' : 'none'),
    sshString(encrypted ? 'bcrypt' : 'none'),
    sshString(encrypted ? Buffer.concat([sshString(randomBytes(16)), uint32(16)]) : ''),
    uint32(1),
    sshString(blob),
    sshString(encrypted ? randomBytes(96) : section),
  ]);
  const lines = container.toString('base64').match(/.{1,70}/g) ?? [];
  return `${pemBegin(OPENSSH_LABEL)}\n${lines.join('\n')}\n${pemEnd(OPENSSH_LABEL)}\n`;
}

/** `ssh-keygen -l` of an OpenSSH public key line. */
function keygenFingerprint(line: string, name: string): string {
  const path = join(dir, `${name}.pub`);
  writeFileSync(path, `${line} ${name}\n`);
  return sshKeygenFingerprints(path).fingerprint;
}

/** The OpenSSH-style fingerprint of a blob, computed by openssl (for algorithms ssh-keygen lacks). */
function opensslBlobFingerprint(blob: Buffer): string {
  const digest = run('openssl', ['dgst', '-sha256', '-binary'], blob);
  return `SHA256:${digest.toString('base64').replace(/=+$/, '')}`;
}

describe('OpenSSH containers of algorithms sshpk does not parse', () => {
  const securityKeys = (): { name: string; blob: Buffer }[] => {
    const p256 = createECDH('prime256v1');
    p256.generateKeys();
    return [
      {
        name: 'sk-ssh-ed25519@openssh.com',
        blob: Buffer.concat([
          sshString('sk-ssh-ed25519@openssh.com'),
          sshString(randomBytes(32)),
          sshString('ssh:'),
        ]),
      },
      {
        name: 'sk-ecdsa-sha2-nistp256@openssh.com',
        blob: Buffer.concat([
          sshString('sk-ecdsa-sha2-nistp256@openssh.com'),
          sshString('nistp256'),
          sshString(p256.getPublicKey()),
          sshString('ssh:'),
        ]),
      },
    ];
  };

  test.each([false, true])(
    'security-key containers (encrypted: %s) give ssh-keygen’s fingerprint of their public part',
    (encrypted) => {
      for (const { name, blob } of securityKeys()) {
        const line = `${name} ${blob.toString('base64')}`;
        const identity = parseKeyBlock(opensshContainer(blob, name, encrypted));
        expect(identity.fingerprint, name).toBe(keygenFingerprint(line, 'sk'));
        expect(identity).toMatchObject({
          parsed: true,
          encrypted,
          format: 'openssh',
          keyType: 'unknown',
          publicKey: line,
          ec2Fingerprints: { imported: null, created: null, ed25519: null },
        });
        expect(identity.note).toMatch(new RegExp(`algorithm ${name} not supported for parsing`));
        expect(identity.note).not.toMatch(/corrupted/);
      }
    },
  );

  test('a post-quantum hybrid name (unknown to ssh-keygen) is fingerprinted like openssl digests its blob', () => {
    const name = 'ssh-mldsa44-ed25519@example.org';
    const blob = Buffer.concat([sshString(name), sshString(randomBytes(1312 + 32))]);
    const identity = parseKeyBlock(opensshContainer(blob, name, false));
    expect(identity.fingerprint).toBe(opensslBlobFingerprint(blob));
    expect(identity.note).toMatch(/not supported for parsing/);
  });

  test('a blob that is not a run of SSH strings, or a hostile name, does not parse', () => {
    const bad = Buffer.concat([sshString('x'), Buffer.from([0, 0, 0, 9, 1])]);
    expect(parseKeyBlock(opensshContainer(bad, 'x', false)).note).toMatch(/does not parse/);
    const hostile = Buffer.concat([sshString('evil\n::error::x'), sshString(randomBytes(8))]);
    const identity = parseKeyBlock(opensshContainer(hostile, 'evil', false));
    expect(identity.parsed).toBe(false);
    expect(JSON.stringify(identity)).not.toContain('::error::');
  });

  test('a known algorithm whose blob is damaged is still reported as not parsing', () => {
    const blob = Buffer.concat([sshString('ssh-rsa'), sshString(Buffer.from([1, 0, 1]))]);
    const identity = parseKeyBlock(opensshContainer(blob, 'ssh-rsa', false));
    expect(identity.parsed).toBe(false);
    expect(identity.note).toMatch(/does not parse/);
  });
});

describe('PuTTY Ed448', () => {
  test.each([false, true])('puttygen’s fingerprint (encrypted: %s)', (encrypted) => {
    const path = join(dir, `ed448-${String(encrypted)}.ppk`);
    const pass = join(dir, encrypted ? 'pass' : 'empty');
    run('puttygen', ['-t', 'ed448', '-q', '-o', path, '--new-passphrase', pass]);
    const listed = /SHA256:\S+/.exec(
      run('puttygen', [path, '-l', '--old-passphrase', pass]).toString(),
    );
    const identity = parseKeyBlock(readFileSync(path, 'utf8'));
    expect(identity.fingerprint).toBe(listed?.[0]);
    expect(identity).toMatchObject({ parsed: true, encrypted, format: 'putty' });
    expect(identity.note).toMatch(/ssh-ed448 not supported for parsing/);
  });
});

describe('PEM keys of algorithms neither OpenSSH nor EC2 use', () => {
  test.each([
    ['Ed448', ['-algorithm', 'ed448']],
    ['X25519', ['-algorithm', 'x25519']],
    ['EC secp224r1', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp224r1']],
  ])('%s (openssl genpkey) is a real key, with a note and no fingerprint', (name, args) => {
    const pem = run('openssl', ['genpkey', ...args]).toString();
    const blocks = findKeyBlocks(Buffer.from(pem));
    expect(blocks).toHaveLength(1);
    const identity = parseKeyBlock(blocks[0]?.text ?? '');
    expect(identity).toMatchObject({ parsed: true, fingerprint: null, format: 'pkcs8' });
    expect(identity.note).toBe(
      `${name} key: OpenSSH and EC2 do not support this algorithm, so it has no OpenSSH or EC2 fingerprint`,
    );
  });
});

describe('ssh.com (Tectia) keys', () => {
  function sshcom(
    type: 'rsa' | 'dsa',
    encrypted: boolean,
  ): { text: string; pub: string; clear: string } {
    const ppk = join(dir, `sshcom-${type}-${String(encrypted)}.ppk`);
    run('puttygen', [
      '-t',
      type,
      '-b',
      type === 'dsa' ? '1024' : '2048',
      '-q',
      '-o',
      ppk,
      '--new-passphrase',
      join(dir, 'empty'),
    ]);
    const out = `${ppk}.sshcom`;
    const pass = join(dir, encrypted ? 'pass' : 'empty');
    run('puttygen', [ppk, '-O', 'private-sshcom', '-o', out, '--new-passphrase', pass]);
    const pub = `${ppk}.pub`;
    writeFileSync(pub, run('puttygen', [ppk, '-L']));
    const clear = `${ppk}.pem`;
    run('puttygen', [ppk, '-O', 'private-openssh', '-o', clear]);
    return { text: readFileSync(out, 'utf8'), pub, clear };
  }

  test('an unencrypted RSA key: ssh-keygen’s fingerprints and openssl’s EC2 fingerprints', () => {
    const key = sshcom('rsa', false);
    // ssh.com files begin with their head (white space aside): that is where it is looked for.
    const blocks = findKeyBlocks(Buffer.from(`\n\n${key.text}`));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ kind: 'sshcom', line: 3, truncated: false });
    const identity = parseKeyBlock(blocks[0]?.text ?? '');
    const truth = sshKeygenFingerprints(key.pub);
    expect(identity).toMatchObject({
      keyType: 'rsa',
      format: 'sshcom',
      parsed: true,
      encrypted: false,
      bits: truth.bits,
      fingerprint: truth.fingerprint,
      md5: truth.md5,
      ec2Fingerprints: {
        imported: opensslImportedFingerprint(key.clear),
        created: opensslCreatedFingerprint(key.clear),
        ed25519: null,
      },
    });
  });

  test('an unencrypted DSA key', () => {
    const key = sshcom('dsa', false);
    const identity = parseKeyBlock(findKeyBlocks(Buffer.from(key.text))[0]?.text ?? '');
    expect(identity).toMatchObject({ keyType: 'dsa', parsed: true });
    expect(identity.fingerprint).toBe(sshKeygenFingerprints(key.pub).fingerprint);
  });

  test('an encrypted key is a finding that says its public key cannot be recovered', () => {
    const key = sshcom('rsa', true);
    const blocks = findKeyBlocks(Buffer.from(key.text));
    expect(blocks).toHaveLength(1);
    expect(parseKeyBlock(blocks[0]?.text ?? '')).toMatchObject({
      keyType: 'rsa',
      format: 'sshcom',
      encrypted: true,
      parsed: false,
      fingerprint: null,
      note: 'encrypted ssh.com key: the public key cannot be recovered without the passphrase',
    });
  });

  test('a file that lost only its END line is a whole key; one body line fewer is a fragment', () => {
    const key = sshcom('rsa', false);
    const lines = key.text.trimEnd().split('\n');
    const endless = findKeyBlocks(Buffer.from(`${lines.slice(0, -1).join('\n')}\n`));
    expect(endless).toHaveLength(1);
    expect(endless[0]).toMatchObject({ kind: 'sshcom', truncated: false });
    const identity = parseKeyBlock(endless[0]?.text ?? '');
    expect(identity).toMatchObject({ parsed: true, encrypted: false });
    expect(identity.fingerprint).toBe(sshKeygenFingerprints(key.pub).fingerprint);
    const cut = findKeyBlocks(Buffer.from(`${lines.slice(0, -2).join('\n')}\n`));
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({ kind: 'sshcom', truncated: true });
  });

  test('prose that names the marker is not a finding', () => {
    const marker = `---- BEGIN SSH2 ENCRYPTED ${['PRIVATE', 'KEY'].join(' ')} ----`;
    expect(findKeyBlocks(Buffer.from(`${marker}\nis what ssh.com keys start with.\n`))).toEqual([]);
  });
});

describe('PuTTY files without their Private-MAC line', () => {
  function ppk(encrypted: boolean): { text: string; pub: string } {
    const file = join(dir, `nomac-${String(encrypted)}.ppk`);
    const pass = join(dir, encrypted ? 'pass' : 'empty');
    run('puttygen', ['-t', 'ed25519', '-q', '-o', file, '--new-passphrase', pass]);
    const pub = `${file}.pub`;
    writeFileSync(pub, run('puttygen', [file, '-L', '--old-passphrase', pass]));
    return { text: readFileSync(file, 'utf8'), pub };
  }
  const withoutMac = (text: string): string =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('Private-MAC'))
      .join('\n');

  test('every declared line there: a whole key (unencrypted, its MAC is anyone’s to recompute)', () => {
    for (const encrypted of [false, true]) {
      const key = ppk(encrypted);
      const blocks = findKeyBlocks(Buffer.from(withoutMac(key.text)));
      expect(blocks, String(encrypted)).toHaveLength(1);
      expect(blocks[0]).toMatchObject({ kind: 'putty', truncated: false });
      const identity = parseKeyBlock(blocks[0]?.text ?? '');
      expect(identity.fingerprint).toBe(sshKeygenFingerprints(key.pub).fingerprint);
      expect(identity.encrypted).toBe(encrypted);
    }
  });

  test('a private line missing as well: a fragment', () => {
    const lines = withoutMac(ppk(false).text).trimEnd().split('\n');
    const blocks = findKeyBlocks(Buffer.from(`${lines.slice(0, -1).join('\n')}\n`));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ kind: 'putty', truncated: true });
  });
});

describe('SSH1 keys', () => {
  /** The key's public numbers from `puttygen -O public` (`bits e n comment`), as an ssh-rsa line. */
  function rsaLine(path: string, pass: string): string {
    const [, e, n] = run('puttygen', [path, '-O', 'public', '--old-passphrase', pass])
      .toString()
      .split(' ');
    const mpint = (value: string): Buffer => {
      let hex = BigInt(value).toString(16);
      if (hex.length % 2) hex = `0${hex}`;
      let bytes = Buffer.from(hex, 'hex');
      if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.alloc(1), bytes]);
      return sshString(bytes);
    };
    const blob = Buffer.concat([sshString('ssh-rsa'), mpint(e ?? ''), mpint(n ?? '')]);
    return `ssh-rsa ${blob.toString('base64')}`;
  }

  test.each([false, true])(
    'puttygen -t rsa1 (encrypted: %s): the modulus in clear gives ssh-keygen’s ssh-rsa fingerprint',
    (encrypted) => {
      const path = join(dir, `rsa1-${String(encrypted)}.key`);
      const pass = join(dir, encrypted ? 'pass' : 'empty');
      run('puttygen', ['-t', 'rsa1', '-b', '2048', '-q', '-o', path, '--new-passphrase', pass]);
      const bytes = readFileSync(path);
      const blocks = findKeyBlocks(bytes);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]).toMatchObject({ kind: 'ssh1', line: 1 });
      const identity = parseKeyBlock(blocks[0]?.text ?? '');
      const line = rsaLine(path, pass);
      const truth = keygenFingerprint(line, 'rsa1');
      expect(identity).toMatchObject({
        keyType: 'rsa',
        format: 'ssh1',
        bits: 2048,
        parsed: true,
        encrypted,
        fingerprint: truth,
        publicKey: line,
      });
      // The created (AWS) form needs the private half: only the unencrypted file gives it.
      expect(identity.ec2Fingerprints.created === null).toBe(encrypted);
      if (!encrypted) {
        const pem = join(dir, 'rsa1.pem');
        // ssh-keygen converts the public line to a PKCS#8 public key for openssl.
        writeFileSync(`${pem}.pub`, `${line}\n`);
        const spki = run('ssh-keygen', ['-e', '-m', 'PKCS8', '-f', `${pem}.pub`]);
        const der = run('openssl', ['pkey', '-pubin', '-outform', 'DER'], spki);
        const md5 = run('openssl', ['md5', '-c'], der).toString().split('= ')[1]?.trim();
        expect(identity.ec2Fingerprints.imported).toBe(md5);
      }
    },
  );

  test('prose that names the SSH1 format (no NUL after the line) is not a finding', () => {
    const text = `The file starts with SSH ${['PRIVATE', 'KEY'].join(' ')} FILE FORMAT 1.1\nthen binary.\n`;
    expect(findKeyBlocks(Buffer.from(text))).toEqual([]);
  });
});

describe('PuTTY files without a private section', () => {
  test('are not findings, and never merge into the encrypted key they belong to', () => {
    const ppk = join(dir, 'merge.ppk');
    run('puttygen', ['-t', 'ed25519', '-q', '-o', ppk, '--new-passphrase', join(dir, 'pass')]);
    const text = readFileSync(ppk, 'utf8');
    const publicOnly = text.slice(0, text.indexOf('Private-Lines:'));
    expect(publicOnly.startsWith(PUTTY_HEAD)).toBe(true);
    const blocks = findKeyBlocks(Buffer.from(`${publicOnly}\n${text}`));
    expect(blocks).toHaveLength(1);
    const identity = parseKeyBlock(blocks[0]?.text ?? '');
    expect(identity.encrypted).toBe(true);
    const listed = run('puttygen', [ppk, '-l', '--old-passphrase', join(dir, 'pass')]).toString();
    expect(identity.fingerprint).toBe(/SHA256:\S+/.exec(listed)?.[0]);
    expect(identity.ec2Fingerprints.ed25519).toBe(ed25519Ec2FromSha256(identity.fingerprint ?? ''));
    expect(findKeyBlocks(Buffer.from(publicOnly))).toEqual([]);
  });
});
