import type sshpk from 'sshpk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readOpensshHeader } from '../../src/keys/openssh-header.js';
import { readPuttyHeader } from '../../src/keys/putty.js';
import {
  makeKeyFactory,
  makeTempDir,
  publicKeyOf,
  secretBase64,
  type KeyFactory,
  type TestKey,
  removeTestKeys,
} from '../helpers/keyfactory.js';

let factory: KeyFactory;
const made = new Map<string, TestKey>();

/** Small, fast keys: the catalogue's RSA keys are not needed here. */
function key(name: string): TestKey {
  const found = made.get(name);
  if (!found) throw new Error(`no key ${name}`);
  return found;
}

beforeAll(() => {
  factory = makeKeyFactory(makeTempDir());
  const specs = {
    'ed25519-openssh': { kind: 'ssh-keygen', type: 'ed25519', mode: 'openssh' },
    'ed25519-openssh-encrypted': {
      kind: 'ssh-keygen',
      type: 'ed25519',
      mode: 'openssh',
      encrypted: true,
    },
    'ecdsa-p384-openssh': { kind: 'ssh-keygen', type: 'ecdsa', bits: 384, mode: 'openssh' },
    'rsa-openssh-encrypted': {
      kind: 'ssh-keygen',
      type: 'rsa',
      bits: 2048,
      mode: 'openssh',
      encrypted: true,
    },
    'ed25519-ppk-v2': { kind: 'puttygen', type: 'ed25519', version: 2, encrypted: false },
    'ed25519-ppk-v3-encrypted': { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: true },
    'rsa-ppk-v2-encrypted': { kind: 'puttygen', type: 'rsa', version: 2, encrypted: true },
  } as const;
  for (const [name, spec] of Object.entries(specs)) made.set(name, factory.make(name, spec));
});
afterAll(() => {
  removeTestKeys();
});

const der = (text: string): Buffer => Buffer.from(secretBase64(text), 'base64');

/** `uint32 length` + bytes, the SSH wire string. */
function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** The parsed public key of a header whose algorithm sshpk knows. */
function known(header: { publicKey: sshpk.Key | null }): sshpk.Key {
  if (!header.publicKey) throw new Error('sshpk did not parse the public key');
  return header.publicKey;
}

describe('readOpensshHeader', () => {
  test.each(['ed25519-openssh', 'ecdsa-p384-openssh'])(
    '%s: cipher none and the public key',
    (name) => {
      const header = readOpensshHeader(der(key(name).text));
      expect(header.cipher).toBe('none');
      expect(known(header).fingerprint('sha256').toString()).toBe(key(name).truth.fingerprint);
      expect(publicKeyOf(known(header).toString('ssh'))).toBe(key(name).truth.publicKey);
    },
  );

  test.each(['ed25519-openssh-encrypted', 'rsa-openssh-encrypted'])(
    '%s: the cipher ssh-keygen used and the clear public key',
    (name) => {
      const header = readOpensshHeader(der(key(name).text));
      expect(header.cipher).toBe('aes256-ctr');
      expect(known(header).fingerprint('sha256').toString()).toBe(key(name).truth.fingerprint);
      expect(known(header).size).toBe(key(name).truth.bits);
    },
  );

  test('rejects what is not an openssh-key-v1 container', () => {
    expect(() => readOpensshHeader(Buffer.alloc(0))).toThrow(/not an openssh-key-v1/);
    expect(() => readOpensshHeader(Buffer.from('openssh-key-v2\0rest', 'latin1'))).toThrow(
      /not an openssh-key-v1/,
    );
    expect(() => readOpensshHeader(der(key('ed25519-ppk-v2').text))).toThrow();
  });

  test('rejects truncated containers at every length', () => {
    const full = der(key('ed25519-openssh').text);
    const header = readOpensshHeader(full);
    expect(header.cipher).toBe('none');
    // magic(15) + cipher, kdf, kdfoptions, count, then the public blob (4 + 51 bytes).
    const publicEnd = MAGIC.length + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 51;
    for (let length = 0; length < publicEnd; length++) {
      expect(() => readOpensshHeader(full.subarray(0, length)), `length ${length}`).toThrow();
    }
    expect(
      known(readOpensshHeader(full.subarray(0, publicEnd)))
        .fingerprint('sha256')
        .toString(),
    ).toBe(key('ed25519-openssh').truth.fingerprint);
  });

  test('rejects a container that holds no key, and lengths that run past the end', () => {
    const empty = Buffer.concat([
      MAGIC,
      sshString('none'),
      sshString('none'),
      sshString(''),
      uint32(0),
    ]);
    expect(() => readOpensshHeader(empty)).toThrow(/no key/);
    const overlong = Buffer.concat([MAGIC, uint32(0xffffffff), Buffer.from('none')]);
    expect(() => readOpensshHeader(overlong)).toThrow(/past the end/);
  });

  test('reads a hand-built container', () => {
    const publicKey = key('ed25519-openssh').truth.publicKey;
    const blob = Buffer.from(publicKey.split(' ')[1] ?? '', 'base64');
    const container = Buffer.concat([
      MAGIC,
      sshString('chacha20-poly1305@openssh.com'),
      sshString('bcrypt'),
      sshString(Buffer.alloc(20)),
      uint32(1),
      sshString(blob),
    ]);
    const header = readOpensshHeader(container);
    expect(header.cipher).toBe('chacha20-poly1305@openssh.com');
    expect(publicKeyOf(known(header).toString('ssh'))).toBe(publicKey);
  });
});

describe('readPuttyHeader', () => {
  test.each([
    ['ed25519-ppk-v2', 2, 'none'],
    ['ed25519-ppk-v3-encrypted', 3, 'aes256-cbc'],
    ['rsa-ppk-v2-encrypted', 2, 'aes256-cbc'],
  ] as const)('%s: version %d, encryption %s and the public key', (name, version, encryption) => {
    const header = readPuttyHeader(key(name).text);
    expect(header.version).toBe(version);
    expect(header.encryption).toBe(encryption);
    expect(known(header).fingerprint('sha256').toString()).toBe(key(name).truth.fingerprint);
    expect(known(header).fingerprint('md5').toString()).toBe(key(name).truth.md5);
  });

  test('reads CRLF files', () => {
    const header = readPuttyHeader(key('rsa-ppk-v2-encrypted').text.replace(/\n/g, '\r\n'));
    expect(header.encryption).toBe('aes256-cbc');
    expect(known(header).fingerprint('sha256').toString()).toBe(
      key('rsa-ppk-v2-encrypted').truth.fingerprint,
    );
  });

  test('rejects files without the header, without public lines or with a bad count', () => {
    const text = key('rsa-ppk-v2-encrypted').text;
    expect(() => readPuttyHeader('')).toThrow(/no PuTTY-User-Key-File header/);
    expect(() =>
      readPuttyHeader(text.replace(/^PuTTY-User-Key-File-2/m, 'PuTTY-User-Key-File-9')),
    ).toThrow(/no PuTTY-User-Key-File header/);
    expect(() => readPuttyHeader(text.replace(/^Public-Lines: .*$/m, 'Comment2: x'))).toThrow(
      /no public key lines/,
    );
    for (const count of ['0', '-3', 'x', '10000']) {
      expect(
        () => readPuttyHeader(text.replace(/^Public-Lines: .*$/m, `Public-Lines: ${count}`)),
        count,
      ).toThrow(/Public-Lines/);
    }
    // Two lines short: the blob is cut and is not a key.
    const count = Number(/^Public-Lines: (\d+)$/m.exec(text)?.[1]);
    expect(() =>
      readPuttyHeader(text.replace(/^Public-Lines: .*$/m, `Public-Lines: ${count - 2}`)),
    ).toThrow();
  });

  test('does not confuse Private-Lines base64 with the public key', () => {
    const text = key('ed25519-ppk-v2').text;
    const header = readPuttyHeader(text);
    const privateLines = /^Private-Lines: 1\n(.*)$/m.exec(text)?.[1] ?? '';
    expect(privateLines.length).toBeGreaterThan(20);
    expect(known(header).toString('ssh')).not.toContain(privateLines.slice(0, 20));
  });
});
