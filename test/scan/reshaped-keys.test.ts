/**
 * A committer can reshape a real key so that the tools still load it: wrap
 * its body at any width, split it by spaces, pad it with white space, give
 * it a long comment, or put marker text in its comment. Each shape here is
 * checked to load in the real tool where it can be, and the scanner must
 * report the key with the fingerprint ssh-keygen gives it (black-box review
 * h1, findings 1-5). Keys are made at test time; no key material is kept.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from '../../src/scan/detector.js';
import type { KeySpec, TestKey } from '../helpers/keyfactory.js';
import { ED25519, jsonOf, makeKey, RSA_PEM, runCli, scratchDir } from '../helpers/gitrepo.js';
import { pemBegin, pemEnd, PUTTY_HEAD, RSA_LABEL } from './detector-fixtures.js';

const RSA_PKCS8: KeySpec = { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'PKCS8' };
const PPK_ED25519: KeySpec = { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: false };
const PPK_RSA_V2: KeySpec = { kind: 'puttygen', type: 'rsa', version: 2, encrypted: false };
const PPK_ENCRYPTED: KeySpec = { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: true };
/** ssh.com's armour, assembled so that this file holds no marker. */
const SSHCOM = (word: string): string =>
  `---- ${word} SSH2 ENCRYPTED ${['PRIVATE', 'KEY'].join(' ')} ----`;

let dir: string;
let empty: string;
let passphrase: string;

beforeAll(() => {
  dir = scratchDir('reshaped-');
  empty = join(dir, 'empty.txt');
  passphrase = join(dir, 'pass.txt');
  writeFileSync(empty, '', { mode: 0o600 });
});

function tool(command: string, args: string[]): string {
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

/** Writes `text` as a private key file (mode 0600, as the tools want it) and returns its path. */
function keyFile(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/** `SHA256:…` of a key file, as ssh-keygen computes it: the truth for shapes ssh-keygen reads. */
function sshKeygenFingerprint(path: string): string {
  return tool('ssh-keygen', ['-l', '-E', 'sha256', '-f', path]).split(' ')[1] ?? '';
}

/** The armour lines, header lines and the base64 body of a PEM file. */
function partsOf(text: string): { begin: string; headers: string[]; body: string; end: string } {
  const lines = text.trimEnd().split('\n');
  const inner = lines.slice(1, -1);
  return {
    begin: lines[0] ?? '',
    headers: inner.filter((line) => line.includes(':')),
    body: inner.filter((line) => line && !line.includes(':')).join(''),
    end: lines.at(-1) ?? '',
  };
}

function piecesOf(body: string, width: number): string[] {
  return body.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
}

/** The key with its body wrapped at `width` columns (every width is legal PEM). */
function rewrapped(text: string, width: number): string {
  const { begin, headers, body, end } = partsOf(text);
  const head = headers.length ? [begin, ...headers, ''] : [begin];
  return `${[...head, ...piecesOf(body, width), end].join('\n')}\n`;
}

/** The key on one line of a `.env` file, its body split by a space every `every` characters. */
function spaced(text: string, every: number): string {
  const { begin, body, end } = partsOf(text);
  return `DEPLOY_KEY="${begin} ${piecesOf(body, every).join(' ')} ${end}"\n`;
}

/** The key with `count` copies of `pad` after its second body line. */
function padded(text: string, pad: string, count: number): string {
  const lines = text.trimEnd().split('\n');
  lines[2] = `${lines[2] ?? ''}${pad.repeat(count)}`;
  return `${lines.join('\n')}\n`;
}

/**
 * An OpenSSH key whose comment (inside the base64 container) is `comment`:
 * the container rebuilt field by field, as ssh-keygen writes it.
 */
function withOpensshComment(text: string, comment: Buffer): string {
  const body = Buffer.from(partsOf(text).body, 'base64');
  let at = 'openssh-key-v1\0'.length;
  const field = (): Buffer => {
    const length = body.readUInt32BE(at);
    const value = body.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return value;
  };
  const string = (value: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(value.length);
    return Buffer.concat([length, value]);
  };
  const header = [field(), field(), field()];
  at += 4; // one key
  const publicBlob = field();
  const privateSection = field();
  // Check ints, then the key type, public and private parts of an Ed25519 key, then the comment.
  let inner = 8;
  const innerField = (): Buffer => {
    const length = privateSection.readUInt32BE(inner);
    const value = privateSection.subarray(inner + 4, inner + 4 + length);
    inner += 4 + length;
    return value;
  };
  const [type, publicPart, privatePart] = [innerField(), innerField(), innerField()];
  let section = Buffer.concat([
    privateSection.subarray(0, 8),
    string(type),
    string(publicPart),
    string(privatePart),
    string(comment),
  ]);
  const padding = (8 - (section.length % 8)) % 8;
  section = Buffer.concat([section, Buffer.from([1, 2, 3, 4, 5, 6, 7].slice(0, padding))]);
  const container = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    ...header.map(string),
    Buffer.from([0, 0, 0, 1]),
    string(publicBlob),
    string(section),
  ]);
  const { begin, end } = partsOf(text);
  return `${[begin, ...piecesOf(container.toString('base64'), 70), end].join('\n')}\n`;
}

/** A puttygen key written again with another comment (and, for `sshcom`, as an ssh.com file). */
function recommented(key: TestKey, comment: string, format: 'private' | 'private-sshcom'): string {
  const path = join(dir, `recommented-${format}.key`);
  const pass = key.passphrase ? passphrase : empty;
  if (key.passphrase) writeFileSync(passphrase, `${key.passphrase}\n`, { mode: 0o600 });
  const args = [key.path, '-C', comment, '-O', format, '-o', path];
  tool('puttygen', [...args, '--old-passphrase', pass, '--new-passphrase', pass]);
  // The tool reads back what it wrote, comment and all: the shape is a usable key.
  const listed = tool('puttygen', [path, '-L', '--old-passphrase', pass]).trim().split(' ');
  expect(listed.slice(0, 2).join(' ')).toBe(key.truth.publicKey);
  return readFileSync(path, 'latin1');
}

/** The one block found in `content`: whole, and the key ssh-keygen fingerprints as `fingerprint`. */
function expectKey(content: string | Buffer, fingerprint: string): KeyBlock {
  const blocks = findKeyBlocks(Buffer.isBuffer(content) ? content : Buffer.from(content, 'latin1'));
  expect(blocks.map((block) => [block.truncated, block.placeholder])).toEqual([[false, false]]);
  const block = blocks[0] as KeyBlock;
  expect(parseKeyBlock(block.text).fingerprint).toBe(fingerprint);
  return block;
}

function scanInChunks(bytes: Buffer, size: number): KeyBlock[] {
  const scanner = new KeyBlockScanner();
  for (let at = 0; at < bytes.length; at += size) scanner.feed(bytes.subarray(at, at + size));
  return scanner.end();
}

describe('finding 1: a body wrapped at under 32 columns, or split into short pieces', () => {
  test.each([
    ['RSA PKCS#1', RSA_PEM],
    ['RSA PKCS#8', RSA_PKCS8],
    ['Ed25519 OpenSSH', ED25519],
  ] as const)('%s wrapped at 1, 4, 16, 24 and 31 columns', (name, spec) => {
    const key = makeKey(`reshape-${name.replace(/\W+/g, '-').toLowerCase()}`, spec);
    for (const width of [1, 4, 16, 24, 31]) {
      const text = rewrapped(key.text, width);
      expect(sshKeygenFingerprint(keyFile('wrapped', text))).toBe(key.truth.fingerprint);
      expectKey(text, key.truth.fingerprint);
    }
  });

  test.each([2, 3, 16, 31])('one .env line, a space every %i characters', (every) => {
    for (const key of [makeKey('reshape-rsa-pkcs-1', RSA_PEM), makeKey('reshape-ed', ED25519)]) {
      expectKey(spaced(key.text, every), key.truth.fingerprint);
    }
  });

  test(
    'a piece `//` of a body split by spaces is the key, not a comment after it',
    { timeout: 120_000 },
    () => {
      // A key whose body holds `//` where a split every 2 characters makes it a piece of its own.
      let key: TestKey | null = null;
      for (let n = 0; n < 200 && !key; n++) {
        const made = makeKey(`reshape-slashes-${n}`, RSA_PEM);
        if (piecesOf(partsOf(made.text).body, 2).includes('//')) key = made;
      }
      if (!key) throw new Error('no key with a `//` piece in 200');
      expectKey(spaced(key.text, 2), key.truth.fingerprint);
      // Wrapped at 64 columns, each line split the same way.
      const { begin, body, end } = partsOf(key.text);
      const lines = piecesOf(body, 64).map((line) => piecesOf(line, 2).join(' '));
      expectKey(`${[begin, ...lines, end].join('\n')}\n`, key.truth.fingerprint);
    },
  );

  test('a `+` of the body alone at the end of a line (split by spaces) is the key, not an operator', () => {
    let key: TestKey | null = null;
    for (let n = 0; n < 50 && !key; n++) {
      const made = makeKey(`reshape-plus-${n}`, ED25519);
      if (partsOf(made.text).body.indexOf('+', 8) !== -1) key = made;
    }
    if (!key) throw new Error('no key with a `+` in 50');
    const { begin, body, end } = partsOf(key.text);
    const at = body.indexOf('+', 8);
    const lines = [`${body.slice(0, at)} +`, body.slice(at + 1)];
    expectKey(`${[begin, ...lines, end].join('\n')}\n`, key.truth.fingerprint);
    expectKey(
      `DEPLOY_KEY="${begin} ${body.slice(0, at)} + ${body.slice(at + 1)} ${end}"\n`,
      key.truth.fingerprint,
    );
    // After a string it stays an operator.
    const quoted = [`"${body.slice(0, at + 1)}" +`, `"${body.slice(at + 1)}"`];
    expectKey(`k = "${begin}\\n" +\n${quoted.join('\n')}\n"${end}"\n`, key.truth.fingerprint);
  });

  test('string literals of 16 characters, concatenated', () => {
    const key = makeKey('reshape-ed', ED25519);
    const { begin, body, end } = partsOf(key.text);
    const literals = [`${begin}\\n`, ...piecesOf(body, 16), `\\n${end}\\n`];
    expectKey(
      `const key =\n  ${literals.map((s) => `"${s}"`).join(' +\n  ')};\n`,
      key.truth.fingerprint,
    );
  });

  test('an encrypted PKCS#8 key wrapped at 24 columns is still an encrypted key', () => {
    const key = makeKey('reshape-p8-encrypted', { kind: 'openssl-encrypted-pkcs8' });
    const blocks = findKeyBlocks(Buffer.from(rewrapped(key.text, 24)));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.truncated).toBe(false);
    expect(parseKeyBlock(blocks[0]?.text ?? '').encrypted).toBe(true);
  });

  test('prose in short words between the markers is still no block', () => {
    const prose = 'and then the\nkey goes here\nso paste it\nin between\nthese lines';
    expect(
      findKeyBlocks(Buffer.from(`${pemBegin(RSA_LABEL)}\n${prose}\n${pemEnd(RSA_LABEL)}\n`)),
    ).toEqual([]);
  });
});

describe('finding 2: a block stretched past 64 KiB', () => {
  // OpenSSL ends a PEM body at a blank line; ssh-keygen reads an OpenSSH body across them.
  test.each([
    ['70,000 trailing spaces', ' ', 70_000, [RSA_PEM, ED25519]],
    ['300,000 tabs', '\t', 300_000, [RSA_PEM, ED25519]],
    ['100,000 blank lines', '\n', 100_000, [ED25519]],
  ] as const)('%s on a body line', (_name, pad, count, specs) => {
    for (const spec of specs) {
      const key = makeKey(spec === ED25519 ? 'reshape-ed' : 'reshape-rsa-pkcs-1', spec);
      const text = padded(key.text, pad, count);
      expect(sshKeygenFingerprint(keyFile('padded', text))).toBe(key.truth.fingerprint);
      expectKey(text, key.truth.fingerprint);
    }
  });

  test('10 MB of spaces and blank lines: found, and in time linear in the padding', () => {
    const key = makeKey('reshape-ed', ED25519);
    const time = (count: number): number => {
      const text = padded(padded(key.text, ' ', count), '\n', count);
      const started = performance.now();
      expectKey(text, key.truth.fingerprint);
      return performance.now() - started;
    };
    time(1_250_000);
    const small = Math.min(time(1_250_000), time(1_250_000));
    const large = Math.min(time(5_000_000), time(5_000_000));
    // Linear makes 4, quadratic 16: generous, so that a busy machine does not fail it.
    expect(large / Math.max(small, 1)).toBeLessThan(10);
  });

  test('padded keys streamed in 64 KiB chunks: the same, whole', () => {
    const key = makeKey('reshape-ed', ED25519);
    const bytes = Buffer.from(`${padded(key.text, ' ', 5_000_000)}trailing text\n`);
    const whole = findKeyBlocks(bytes);
    const streamed = scanInChunks(bytes, 64 * 1024);
    expect(streamed.map((block) => [block.line, block.truncated])).toEqual([[1, false]]);
    expect(streamed[0]?.text === whole[0]?.text).toBe(true);
    expect(parseKeyBlock(streamed[0]?.text ?? '').fingerprint).toBe(key.truth.fingerprint);
  });

  test('padding past 16 MiB in a streamed file: the key, and the blocks after it at their lines', () => {
    const ed = makeKey('reshape-ed', ED25519);
    const rsa = makeKey('reshape-rsa-pkcs-1', RSA_PEM);
    const bytes = Buffer.from(
      `${'x\n'.repeat(1000)}${padded(ed.text, ' ', 20_000_000)}${padded(rsa.text, '\n', 20_000_000)}end\n${ed.text}`,
    );
    const view = (blocks: KeyBlock[]): unknown[] =>
      blocks.map((block) => [
        block.line,
        block.offset,
        block.truncated,
        parseKeyBlock(block.text).fingerprint,
      ]);
    const whole = view(findKeyBlocks(bytes));
    expect(whole.map((row) => (row as unknown[])[3])).toEqual([
      ed.truth.fingerprint,
      rsa.truth.fingerprint,
      ed.truth.fingerprint,
    ]);
    expect(whole.map((row) => (row as unknown[])[2])).toEqual([false, false, false]);
    for (const size of [64 * 1024, 1024 * 1024])
      expect(view(scanInChunks(bytes, size))).toEqual(whole);
  });

  test.each([60_000, 900_000])('an OpenSSH key with a %i-byte comment', (length) => {
    const key = makeKey('reshape-ed', ED25519);
    const text = withOpensshComment(key.text, Buffer.alloc(length, 'x'));
    expect(sshKeygenFingerprint(keyFile('long-comment', text))).toBe(key.truth.fingerprint);
    expectKey(text, key.truth.fingerprint);
  });
});

describe('findings 3 and 4: a .ppk file with a long comment, or marker text in it', () => {
  const comments: [string, string][] = [
    ['70,000 characters', 'x'.repeat(70_000)],
    ['a BEGIN marker', `${'-'.repeat(5)}BEGIN deploy key`],
    ['a BEGIN marker at its end', `prod ${'-'.repeat(5)}BEGIN `],
    ['a whole PEM head', pemBegin(RSA_LABEL)],
    ['a MAC line', 'old MAC was Private-MAC: n/a'],
    ['a PuTTY head', `x ${PUTTY_HEAD}3: ssh-ed25519`],
    ['an escaped newline and Public-Lines', 'x\\nPublic-Lines: 1'],
    ['the ssh.com END line', SSHCOM('END')],
  ];

  test.each(comments)('comment holding %s', (_name, comment) => {
    for (const spec of [PPK_ED25519, PPK_RSA_V2, PPK_ENCRYPTED]) {
      const key = makeKey(
        `reshape-ppk-${spec.type}-${spec.version}-${String(spec.encrypted)}`,
        spec,
      );
      expectKey(recommented(key, comment, 'private'), key.truth.fingerprint);
    }
  });

  test('the same files escaped into JSON, commented out and back to back', () => {
    const key = makeKey('reshape-ppk-ed25519-3-false', PPK_ED25519);
    // JSON escapes the comment's own backslash (`\\n`): deeper than the file's line breaks, so text.
    for (const [, comment] of comments) {
      const text = recommented(key, comment, 'private');
      expectKey(JSON.stringify({ key: text }), key.truth.fingerprint);
      expectKey(text.replace(/^/gm, '# ').replace(/# $/, ''), key.truth.fingerprint);
      const twice = findKeyBlocks(Buffer.from(text + text, 'latin1'));
      expect(twice.map((block) => parseKeyBlock(block.text).fingerprint)).toEqual([
        key.truth.fingerprint,
        key.truth.fingerprint,
      ]);
    }
  });

  test('a PuTTY head inside the comment of a cut-off file does not hide the key after it', () => {
    const key = makeKey('reshape-ppk-ed25519-3-false', PPK_ED25519);
    const decoy = `${PUTTY_HEAD}2: ssh-rsa\nEncryption: none\nComment: see `;
    const found = findKeyBlocks(Buffer.from(decoy + key.text, 'latin1'));
    const fingerprints = found.map((block) => parseKeyBlock(block.text).fingerprint);
    expect(fingerprints).toContain(key.truth.fingerprint);
  });
});

describe('finding 5: an ssh.com file with marker text in its comment', () => {
  test.each([
    ['a BEGIN marker', `${'-'.repeat(5)}BEGIN old key`],
    ['its own END line', SSHCOM('END')],
    ['a BEGIN marker on a continued line', `${'x'.repeat(60)}${'-'.repeat(5)}BEGIN old key`],
    ['the END line on a continued line', `${'y'.repeat(60)}${SSHCOM('END')}`],
    ['5,000 characters, over many continued lines', 'z'.repeat(5_000)],
    ['backslashes', `${'\\'.repeat(500)}n`],
    ['an escaped newline', 'a\\nb'],
  ])('comment holding %s', (_name, comment) => {
    const key = makeKey('reshape-ppk-rsa-2-false', PPK_RSA_V2);
    const text = recommented(key, comment, 'private-sshcom');
    const block = expectKey(text, key.truth.fingerprint);
    expect(block.kind).toBe('sshcom');
  });
});

test('the CLI fails the scan on every reshaped key, with ssh-keygen fingerprints', async () => {
  const rsa = makeKey('reshape-rsa-pkcs-1', RSA_PEM);
  const ed = makeKey('reshape-ed', ED25519);
  const ppk = makeKey('reshape-ppk-ed25519-3-false', PPK_ED25519);
  const rsaPpk = makeKey('reshape-ppk-rsa-2-false', PPK_RSA_V2);
  const tree = join(dir, 'tree');
  mkdirSync(tree, { recursive: true });
  const files: [string, string, TestKey][] = [
    ['deploy_rsa.pem', rewrapped(rsa.text, 24), rsa],
    ['.env', spaced(ed.text, 31), ed],
    ['id_rsa', padded(rsa.text, ' ', 70_000), rsa],
    ['id_ed25519', withOpensshComment(ed.text, Buffer.alloc(60_000, 'x')), ed],
    ['long.ppk', recommented(ppk, 'x'.repeat(70_000), 'private'), ppk],
    ['begin.ppk', recommented(ppk, `${'-'.repeat(5)}BEGIN deploy key`, 'private'), ppk],
    ['mac.ppk', recommented(ppk, 'old MAC was Private-MAC: n/a', 'private'), ppk],
    ['old.key', recommented(rsaPpk, SSHCOM('END'), 'private-sshcom'), rsaPpk],
  ];
  for (const [name, text, key] of files) {
    const sub = join(tree, name.replace(/\W/g, '_'));
    mkdirSync(sub);
    writeFileSync(join(sub, name), text, 'latin1');
    const run = await runCli(['scan', '--no-git', '--format', 'json', sub]);
    expect([name, run.code]).toEqual([name, 1]);
    const found = jsonOf(run).findings.map((finding) => finding.fingerprint);
    expect([name, found]).toEqual([name, [key.truth.fingerprint]]);
  }
});
