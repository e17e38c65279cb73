/**
 * Keys hidden by an encoding people use: UTF-16, base64 (Kubernetes Secrets,
 * `.env`, JSON, base64 of base64, wrapped), gzip, zip (stored, deflated,
 * nested), JSON `\u` escapes, HTML entities, DER files, bare OpenSSH
 * containers and PKCS#12. Keys and containers are made at test time by
 * ssh-keygen, openssl, gzip and zip; every key found must carry the
 * fingerprint ssh-keygen gives. Then hostile inputs: bombs, deep nesting,
 * floods of base64, truncated archives, costly key derivation: bounded
 * time, a clear warning, and nothing else lost.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { isOpensshContainer } from '../../src/scan/decode/der.js';
import { isZip } from '../../src/scan/decode/zip.js';
import { findKeyBlocks, type KeyBlock } from '../../src/scan/detector.js';
import { scan } from '../../src/scan/scan.js';
import {
  makeKeyFactory,
  makeSpecKey,
  makeTempDir,
  removeTestKeys,
  secretBase64,
  type TestKey,
} from '../helpers/keyfactory.js';
import { zipOf } from '../helpers/zipfile.js';
import { leaked32 } from './detector-fixtures.js';

let dir: string;
let rsa: TestKey;
let ed: TestKey;
let ec: TestKey;
let ppk: TestKey;

beforeAll(() => {
  dir = makeTempDir('encodings-');
  const factory = makeKeyFactory(dir);
  rsa = makeSpecKey(factory, 'rsa-pkcs1');
  ed = makeSpecKey(factory, 'ed25519-openssh');
  ec = makeSpecKey(factory, 'ecdsa-p256-sec1');
  ppk = makeSpecKey(factory, 'ed25519-ppk-v3');
});
afterAll(() => {
  removeTestKeys();
});

function run(cmd: string, args: string[], input?: Buffer | string, cwd?: string): Buffer {
  return execFileSync(cmd, args, { input, cwd, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
}

const b64 = (value: string | Buffer): string => Buffer.from(value).toString('base64');

interface Found {
  blocks: KeyBlock[];
  warnings: string[];
}

function find(bytes: Buffer | string): Found {
  const warnings: string[] = [];
  const blocks = findKeyBlocks(Buffer.from(bytes), (message) => warnings.push(message));
  return { blocks, warnings };
}

/** Asserts that exactly one block was found: `key`, with ssh-keygen's fingerprint, where expected. */
function expectKey(
  found: Found,
  key: TestKey,
  where: { line: number; encoding: string; member?: string },
): void {
  expect(found.blocks).toHaveLength(1);
  const block = found.blocks[0] as KeyBlock;
  expect({ line: block.line, encoding: block.encoding, member: block.member }).toEqual(where);
  const identity = parseKeyBlock(block.text);
  expect(identity.fingerprint).toBe(key.truth.fingerprint);
  expect(identity.ec2Fingerprints).toEqual(key.ec2Fingerprints);
  // Nothing returned echoes the secret (counted, so a failure prints none of it).
  expect(leaked32(key, JSON.stringify({ ...identity, ...where })).length).toBe(0);
}

describe('UTF-16', () => {
  const utf16 = (text: string, bom: boolean, bigEndian: boolean): Buffer => {
    const units = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
    return bigEndian ? units.swap16() : units;
  };

  test.each([
    ['LE with a byte order mark (PowerShell)', true, false, 'utf-16le'],
    ['BE with a byte order mark', true, true, 'utf-16be'],
    ['LE without a byte order mark', false, false, 'utf-16le'],
    ['BE without a byte order mark', false, true, 'utf-16be'],
  ] as const)('%s', (_name, bom, bigEndian, encoding) => {
    const bytes = utf16(`# deploy key\r\n${rsa.text.replace(/\n/g, '\r\n')}`, bom, bigEndian);
    expect(bytes.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    expectKey(find(bytes), rsa, { line: 2, encoding });
  });

  test('binary bytes with NULs are not taken for UTF-16 text', () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i += 3) bytes[i] = i & 0xff;
    expect(find(bytes)).toEqual({ blocks: [], warnings: [] });
  });
});

describe('base64', () => {
  test('a Kubernetes Secret data value', () => {
    const yaml = [
      'apiVersion: v1',
      'kind: Secret',
      'type: kubernetes.io/tls',
      'data:',
      `  tls.key: ${b64(rsa.text)}`,
      '',
    ].join('\n');
    expectKey(find(yaml), rsa, { line: 5, encoding: 'base64' });
  });

  test('a .env line and a JSON value', () => {
    expectKey(find(`A=1\nDEPLOY_KEY=${b64(ed.text)}\n`), ed, { line: 2, encoding: 'base64' });
    const json = JSON.stringify({ name: 'x', key: b64(ec.text) }, null, 2);
    expectKey(find(json), ec, { line: 3, encoding: 'base64' });
  });

  test('base64 of base64', () => {
    expectKey(find(`secret: "${b64(b64(ed.text))}"\n`), ed, {
      line: 1,
      encoding: 'base64+base64',
    });
  });

  test('base64 nested as deep as encodings are undone: three and four times, and of gzip', () => {
    for (const key of [ed, rsa, ec]) {
      expectKey(find(`v: ${b64(b64(b64(key.text)))}\n`), key, {
        line: 1,
        encoding: 'base64+base64+base64',
      });
      expectKey(find(`v: ${b64(b64(b64(b64(key.text))))}\n`), key, {
        line: 1,
        encoding: 'base64+base64+base64+base64',
      });
    }
    expectKey(find(`v: ${b64(b64(gzipSync(rsa.text)))}\n`), rsa, {
      line: 1,
      encoding: 'base64+base64+gzip',
    });
  });

  test('base64 of UTF-16 text (PowerShell), with either byte order mark or none', () => {
    const le = Buffer.from(rsa.text, 'utf16le');
    const forms: Record<string, Buffer> = {
      'utf-16le': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      'utf-16be': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]),
      'no mark, little-endian': le,
      'no mark, big-endian': Buffer.from(le).swap16(),
    };
    for (const [name, bytes] of Object.entries(forms)) {
      const found = find(`$key = "${b64(bytes)}"\n`);
      expect(found.blocks, name).toHaveLength(1);
      expect(parseKeyBlock(found.blocks[0]?.text ?? '').fingerprint, name).toBe(
        rsa.truth.fingerprint,
      );
      expect(found.blocks[0]?.encoding, name).toMatch(/^base64\+utf-16(le|be)$/);
    }
  });

  test('wrapped base64 inside a JSON string (lines joined by escaped line breaks)', () => {
    const wrapped = run('base64', [rsa.path]).toString();
    const forms: Record<string, string> = {
      '\\n': JSON.stringify({ key: wrapped }),
      '\\r\\n': JSON.stringify({ key: wrapped.replace(/\n/g, '\r\n') }),
      'escaped twice': JSON.stringify({ outer: JSON.stringify({ key: wrapped }) }),
      '64 columns': JSON.stringify({ key: run('base64', ['-w', '64', ed.path]).toString() }),
    };
    for (const [name, json] of Object.entries(forms)) {
      const key = name === '64 columns' ? ed : rsa;
      const found = find(json);
      expect(found.blocks, name).toHaveLength(1);
      expect(parseKeyBlock(found.blocks[0]?.text ?? '').fingerprint, name).toBe(
        key.truth.fingerprint,
      );
    }
    // Wherever the samples fall (on a later line first, too), the run is read from its first line.
    for (let pad = 0; pad < 40; pad++) {
      const found = find(`{"pad": "${'x'.repeat(pad)}", "key": ${JSON.stringify(wrapped)}}`);
      expect(
        found.blocks.map((block) => parseKeyBlock(block.text).fingerprint),
        `pad ${pad}`,
      ).toEqual([rsa.truth.fingerprint]);
    }
  });

  test('wrapped by the base64 tool (76 columns), whole file and indented in YAML', () => {
    const wrapped = run('base64', [ed.path]).toString();
    expect(wrapped.split('\n')[0]?.length).toBe(76);
    expectKey(find(wrapped), ed, { line: 1, encoding: 'base64' });
    const yaml = `key: |\n${wrapped
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n')}\nother: 1\n`;
    expectKey(find(yaml), ed, { line: 2, encoding: 'base64' });
  });

  test('DER keys in base64 (PKCS#1 RSA, SEC1 EC)', () => {
    const rsaDer = Buffer.from(secretBase64(rsa.text), 'base64');
    expectKey(find(`rsa: ${b64(rsaDer)}\n`), rsa, { line: 1, encoding: 'base64+der' });
    const ecDer = Buffer.from(secretBase64(ec.text), 'base64');
    expectKey(find(`x\nec = "${b64(ecDer)}"\n`), ec, { line: 2, encoding: 'base64+der' });
  });

  test('a 64-character run (PKCS#8 Ed25519 DER) is decoded when a sample falls on its opening', () => {
    const pem = run('openssl', ['genpkey', '-algorithm', 'ed25519']).toString();
    const der = Buffer.from(secretBase64(pem), 'base64');
    expect(b64(der)).toHaveLength(64);
    // Samples fall every 32 bytes from byte 31: put the run's first character there.
    const found = find(`${'#'.repeat(27)}k: "${b64(der)}"\n`);
    expect(found.blocks).toHaveLength(1);
    expect(found.blocks[0]?.encoding).toBe('base64+der');
    const pub = run('openssl', ['pkey', '-pubout', '-outform', 'DER'], pem);
    const line = `ssh-ed25519 ${Buffer.concat([
      Buffer.from([0, 0, 0, 11]),
      Buffer.from('ssh-ed25519'),
      Buffer.from([0, 0, 0, 32]),
      pub.subarray(pub.length - 32),
    ]).toString('base64')}`;
    writeFileSync(join(dir, 'ed-der.pub'), `${line}\n`);
    const truth = run('ssh-keygen', ['-l', '-f', join(dir, 'ed-der.pub')])
      .toString()
      .split(' ')[1];
    expect(parseKeyBlock(found.blocks[0]?.text ?? '').fingerprint).toBe(truth);
  });

  test('a PEM body is not found a second time as base64', () => {
    for (const key of [rsa, ed, ec]) expect(find(key.text).blocks).toHaveLength(1);
  });

  test('ordinary long runs (hex digests, base64 images) are not decoded into findings', () => {
    const hex = 'ab'.repeat(32);
    const image = b64(Buffer.alloc(3000, 7));
    expect(find(`sha: ${hex}\nimg: data:image/png;base64,${image}\n`)).toEqual({
      blocks: [],
      warnings: [],
    });
  });
});

describe('hex', () => {
  const hex = (value: string | Buffer): string => Buffer.from(value).toString('hex');

  test('DER keys in hex, as test vectors write them (PKCS#1 RSA, SEC1 EC upper-case)', () => {
    const rsaDer = Buffer.from(secretBase64(rsa.text), 'base64');
    expectKey(find(`var key = mustHex("${hex(rsaDer)}")\n`), rsa, {
      line: 1,
      encoding: 'hex+der',
    });
    const ecDer = Buffer.from(secretBase64(ec.text), 'base64');
    expectKey(find(`# vector\nKEY = ${hex(ecDer).toUpperCase()}\n`), ec, {
      line: 2,
      encoding: 'hex+der',
    });
  });

  test('a PKCS#8 Ed25519 key is 96 hex digits: found wherever the samples fall', () => {
    const pem = run('openssl', ['genpkey', '-algorithm', 'ed25519']).toString();
    const der = Buffer.from(secretBase64(pem), 'base64');
    expect(hex(der)).toHaveLength(96);
    // Every alignment: each of its three samples may fall on a digit or on a letter a-f.
    for (let pad = 0; pad < 64; pad += 1) {
      const found = find(`${'#'.repeat(pad)}k = "${hex(der)}"\n`);
      expect(found.blocks, `pad ${pad}`).toHaveLength(1);
      expect(found.blocks[0]?.encoding).toBe('hex+der');
      expect(parseKeyBlock(found.blocks[0]?.text ?? '').parsed).toBe(true);
    }
  });

  test('hex of a PEM key text', () => {
    expectKey(find(`blob: ${hex(ed.text)}\n`), ed, { line: 1, encoding: 'hex' });
  });

  test('digests, hex of a certificate and of random bytes are not decoded into findings', () => {
    const cert = run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      '/dev/null',
      '-subj',
      '/CN=hex',
      '-outform',
      'DER',
    ]);
    const digests = Array.from({ length: 50 }, (_, i) => `30${'ab'.repeat(31)}${i % 10}0`).join(
      '\n',
    );
    const random = randomBytes(4096);
    random[0] = 0x30;
    expect(find(`cert: ${hex(cert)}\n${digests}\nrand: ${hex(random)}\n`)).toEqual({
      blocks: [],
      warnings: [],
    });
  });

  test('a long hex dump before a key: linear, and the key is still found', () => {
    const rsaDer = Buffer.from(secretBase64(rsa.text), 'base64');
    const dump = (bytes: number): string => `${hex(randomBytes(bytes))}\nkey: ${hex(rsaDer)}\n`;
    const time = (text: string): number => {
      const started = performance.now();
      expectKey(find(text), rsa, { line: 2, encoding: 'hex+der' });
      return performance.now() - started;
    };
    const small = time(dump(512 * 1024));
    const large = time(dump(2 * 1024 * 1024));
    // Four times the input: well under sixteen times the time (quadratic would be).
    expect(large).toBeLessThan(Math.max(small, 5) * 10);
  });
});

describe('an armour line never hides an encoded key', () => {
  const certificate = [
    '-----BEGIN CERTIFICATE-----',
    'MIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGUgaW4gY2xlYXIgYmVzaWRlIGEga2V5',
    '-----END CERTIFICATE-----',
  ].join('\n');

  test('base64 of a key right after a certificate, in a YAML and on the next line', () => {
    // The run is within a few hundred bytes of a certificate's armour: it is no PEM body.
    expectKey(find(`ca: |\n${certificate}\nkey: ${b64(rsa.text)}\n`), rsa, {
      line: 5,
      encoding: 'base64',
    });
    expectKey(find(`-----BEGIN CERTIFICATE-----\n${b64(ed.text)}\n`), ed, {
      line: 2,
      encoding: 'base64',
    });
  });

  test('base64 of a key, or its DER, right after the END line of another key', () => {
    const rsaDer = Buffer.from(secretBase64(rsa.text), 'base64');
    for (const [encoded, encoding] of [
      [b64(ed.text), 'base64'],
      [b64(rsaDer), 'base64+der'],
    ] as const) {
      const found = find(`${ec.text}${encoded}\n`);
      const fingerprints = found.blocks.map((block) => parseKeyBlock(block.text).fingerprint);
      expect(fingerprints).toContain(ec.truth.fingerprint);
      const inner = encoded === b64(rsaDer) ? rsa : ed;
      expect(fingerprints).toContain(inner.truth.fingerprint);
      expect(found.blocks.find((block) => block.encoding === encoding)?.line).toBe(
        ec.text.split('\n').length,
      );
    }
  });

  test('base64 of a PEM key as the body of a private key armour (encoded twice) is decoded', () => {
    // The label is assembled so that this file holds no marker of its own.
    const label = ['PRIVATE', 'KEY'].join(' ');
    const armoured = `-----BEGIN ${label}-----\n${b64(ed.text)}\n-----END ${label}-----\n`;
    const found = find(armoured);
    const fingerprints = found.blocks.map((block) => parseKeyBlock(block.text).fingerprint);
    expect(fingerprints).toContain(ed.truth.fingerprint);
  });

  test('a key under a label that does not match it is fingerprinted as what its body is', () => {
    const body = (key: TestKey): string =>
      key.text
        .split('\n')
        .filter((line) => line && !line.startsWith('-----'))
        .join('\n');
    for (const [label, key] of [
      ['FAKE PRIVATE KEY', rsa],
      ['RSA PRIVATE KEY', ec],
      ['RSA PRIVATE KEY', ed],
      ['OPENSSH PRIVATE KEY', rsa],
    ] as const) {
      const text = `-----BEGIN ${label}-----\n${body(key)}\n-----END ${label}-----\n`;
      const found = find(text);
      expect(found.blocks, label).toHaveLength(1);
      const identity = parseKeyBlock(found.blocks[0]?.text ?? '');
      expect(identity.fingerprint, `${label} over ${key.truth.fingerprint}`).toBe(
        key.truth.fingerprint,
      );
      expect(identity.note).toContain(`labelled "${label}"`);
      expect(leaked32(key, JSON.stringify(identity)).length).toBe(0);
    }
  });

  test('a tree scan reports the key found after a certificate, never a silent clean', async () => {
    const tree = join(dir, 'armour-tree');
    mkdirSync(tree, { recursive: true });
    writeFileSync(join(tree, 'after-cert.txt'), `${certificate}\nkey: ${b64(rsa.text)}\n`);
    const result = await scan({ path: tree, source: { kind: 'files' }, ignore: [] });
    expect(result.findings.map((finding) => finding.fingerprint)).toEqual([rsa.truth.fingerprint]);
  });
});

describe('gzip and zip', () => {
  test('a gzip file (gzip -c)', () => {
    const gz = run('gzip', ['-c', rsa.path]);
    expectKey(find(gz), rsa, { line: 1, encoding: 'gzip' });
  });

  test.each([
    ['stored', '-0'],
    ['deflated', '-9'],
  ])('a zip member, %s, with its path inside the archive', (_name, level) => {
    const work = join(dir, `zip${level}`);
    mkdirSync(join(work, 'inner'), { recursive: true });
    writeFileSync(join(work, 'inner', 'key.pem'), `notes\n${rsa.text}`);
    writeFileSync(join(work, 'readme.txt'), 'nothing here\n');
    run('zip', ['-q', level, '-r', 'keys.zip', 'readme.txt', 'inner'], undefined, work);
    const found = find(readFileSync(join(work, 'keys.zip')));
    expectKey(found, rsa, { line: 2, encoding: 'zip', member: 'inner/key.pem' });
  });

  test('a zip inside a zip, and the location path a scan reports', async () => {
    const work = join(dir, 'nested');
    mkdirSync(join(work, 'out'), { recursive: true });
    writeFileSync(join(work, 'key.pem'), ed.text);
    run('zip', ['-q', 'inner.zip', 'key.pem'], undefined, work);
    run('zip', ['-q', 'out/bundle.zip', 'inner.zip'], undefined, work);
    const found = find(readFileSync(join(work, 'out', 'bundle.zip')));
    expectKey(found, ed, { line: 1, encoding: 'zip+zip', member: 'inner.zip!/key.pem' });
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'dist'), { recursive: true });
    writeFileSync(join(tree, 'dist', 'bundle.zip'), readFileSync(join(work, 'out', 'bundle.zip')));
    const result = await scan({ path: tree, source: { kind: 'tree' }, ignore: [] });
    expect(result.findings.map((finding) => finding.fingerprint)).toEqual([ed.truth.fingerprint]);
    expect(result.findings[0]?.locations.map((location) => location.path)).toEqual([
      'dist/bundle.zip!/inner.zip!/key.pem',
    ]);
  });
});

describe('in a git history', () => {
  test('a key in a zip committed and deleted is found by --history at archive!/member', async () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'out'), { recursive: true });
    const git = (...args: string[]): Buffer =>
      run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], undefined, repo);
    git('init', '-q');
    writeFileSync(join(repo, 'id_ed25519'), ed.text);
    run('zip', ['-q', 'out/keys.zip', 'id_ed25519'], undefined, repo);
    git('add', 'out/keys.zip');
    git('commit', '-q', '-m', 'add archive');
    git('rm', '-q', 'out/keys.zip');
    git('commit', '-q', '-m', 'remove archive');
    const result = await scan({ path: repo, source: { kind: 'history' }, ignore: [] });
    expect(result.findings.map((finding) => finding.fingerprint)).toEqual([ed.truth.fingerprint]);
    expect(result.findings[0]?.locations.map((location) => location.path)).toEqual([
      'out/keys.zip!/id_ed25519',
    ]);
  });
});

describe('escapes', () => {
  const NL = /\n/g;
  test.each([
    ['JSON \\u000a newlines', (t: string) => `{"key": "${t.replace(NL, '\\u000a')}"}`, 1],
    [
      'JSON \\u002d dashes too',
      (t: string) => `{\n "key": "${t.replace(NL, '\\u000a').replace(/-/g, '\\u002d')}"}`,
      2,
    ],
    ['HTML &#10;', (t: string) => `<pre>\n${t.replace(NL, '&#10;')}</pre>`, 2],
    ['HTML5 &NewLine;', (t: string) => `<pre>\n${t.replace(NL, '&NewLine;')}</pre>`, 2],
    ['XML &#xA;', (t: string) => `<k>${t.replace(NL, '&#xA;')}</k>`, 1],
    ['HTML <br>', (t: string) => `<p>${t.replace(NL, '<br>')}</p>`, 1],
    ['HTML <br/> in a JSON string', (t: string) => `{"html": "${t.replace(NL, '<br/>')}"}`, 1],
    ['escaped twice (&lt;br&gt;)', (t: string) => `<p>${t.replace(NL, '&lt;br /&gt;')}</p>`, 1],
    [
      'entity dashes (&#45;)',
      (t: string) => `<p>\n${t.replace(NL, '<br>').replace(/-/g, '&#45;')}`,
      2,
    ],
  ])('%s', (_name, wrap, line) => {
    const found = find(wrap(rsa.text));
    expect(found.blocks).toHaveLength(1);
    expect(found.blocks[0]?.line).toBe(line);
    expect(parseKeyBlock(found.blocks[0]?.text ?? '').fingerprint).toBe(rsa.truth.fingerprint);
  });

  test.each([
    ['JSON \\u002d', (t: string) => JSON.stringify({ k: t }).replace(/-/g, '\\u002d'), 1],
    ['HTML &#45;', (t: string) => `<pre>\n${t.replace(/-/g, '&#45;')}</pre>`, 2],
  ])('a PuTTY file with its dashes escaped (%s)', (_name, wrap, line) => {
    const found = find(wrap(ppk.text));
    expect(found.blocks).toHaveLength(1);
    expect(found.blocks[0]).toMatchObject({ kind: 'putty', line, truncated: false });
    expect(parseKeyBlock(found.blocks[0]?.text ?? '').fingerprint).toBe(ppk.truth.fingerprint);
  });
});

describe('binary key files', () => {
  test.each([
    ['PKCS#1 RSA (openssl rsa -traditional)', ['rsa', '-traditional']],
    ['PKCS#8 RSA (openssl pkcs8)', ['pkcs8', '-topk8', '-nocrypt']],
  ])('DER %s', (_name, args) => {
    const der = run('openssl', [...args, '-in', rsa.path, '-outform', 'DER']);
    expectKey(find(der), rsa, { line: 1, encoding: 'der' });
  });

  test('DER SEC1 EC (openssl ec)', () => {
    const der = run('openssl', ['ec', '-in', ec.path, '-outform', 'DER']);
    expectKey(find(der), ec, { line: 1, encoding: 'der' });
  });

  test('encrypted PKCS#8 DER is reported as encrypted', () => {
    const der = run('openssl', [
      'pkcs8',
      '-topk8',
      '-in',
      rsa.path,
      '-outform',
      'DER',
      '-passout',
      'pass:hunter22',
    ]);
    const found = find(der);
    expect(found.blocks).toHaveLength(1);
    expect(parseKeyBlock(found.blocks[0]?.text ?? '')).toMatchObject({
      encrypted: true,
      parsed: false,
    });
  });

  test('a DER certificate and a DER public key are not findings', () => {
    const cert = run('openssl', [
      'req',
      '-x509',
      '-key',
      rsa.path,
      '-subj',
      '/CN=encodings-test',
      '-days',
      '1',
      '-outform',
      'DER',
    ]);
    expect(find(cert).blocks).toEqual([]);
    const pub = run('openssl', ['pkey', '-in', rsa.path, '-pubout', '-outform', 'DER']);
    expect(find(pub).blocks).toEqual([]);
  });

  test('a bare OpenSSH container (its PEM body, decoded)', () => {
    const bare = Buffer.from(secretBase64(ed.text), 'base64');
    expectKey(find(bare), ed, { line: 1, encoding: 'binary' });
  });

  test('the magic bytes are told whole: one byte short or one byte off is no container', () => {
    const magic = Buffer.from('openssh-key-v1\0', 'latin1');
    expect(isOpensshContainer(magic)).toBe(true);
    expect(isOpensshContainer(magic.subarray(0, magic.length - 1))).toBe(false);
    const off = Buffer.from(magic);
    off[magic.length - 1] = 0x31;
    expect(isOpensshContainer(off)).toBe(false);
    expect(isZip(Buffer.from('PK\x03\x04', 'latin1'))).toBe(true);
    expect(isZip(Buffer.from('PK\x03', 'latin1'))).toBe(false);
    expect(isZip(Buffer.from('PK\x05\x06', 'latin1'))).toBe(false);
  });
});

describe('PKCS#12', () => {
  function pkcs12(password: string, extra: string[] = []): Buffer {
    const cert = join(dir, 'p12-cert.pem');
    run('openssl', [
      'req',
      '-x509',
      '-key',
      rsa.path,
      '-subj',
      '/CN=p12',
      '-days',
      '1',
      '-out',
      cert,
    ]);
    return run('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      rsa.path,
      '-in',
      cert,
      '-passout',
      `pass:${password}`,
      ...extra,
    ]);
  }

  test.each([
    ['an empty password', ''],
    ['changeit (Java)', 'changeit'],
    ['password', 'password'],
  ])('opened with %s', (_name, password) => {
    expectKey(find(pkcs12(password)), rsa, { line: 1, encoding: 'pkcs12' });
  });

  test('legacy 3DES key encryption (PKCS#12 KDF), empty password', () => {
    const p12 = pkcs12('', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES']);
    expectKey(find(p12), rsa, { line: 1, encoding: 'pkcs12' });
  });

  test('base64 of a .p12 in a Kubernetes Secret', () => {
    const yaml = `data:\n  keystore.p12: ${b64(pkcs12('changeit'))}\n`;
    expectKey(find(yaml), rsa, { line: 2, encoding: 'base64+pkcs12' });
  });

  test('an unknown password: an encrypted finding, without a fingerprint', () => {
    const found = find(pkcs12('Not-a-well-known-one-8472'));
    expect(found.blocks).toHaveLength(1);
    expect(parseKeyBlock(found.blocks[0]?.text ?? '')).toMatchObject({
      encrypted: true,
      parsed: false,
      fingerprint: null,
    });
  });

  test('a key derivation that asks for too many rounds is not run', () => {
    const started = performance.now();
    const found = find(pkcs12('', ['-iter', '1000000']));
    expect(found.blocks).toHaveLength(1);
    expect(parseKeyBlock(found.blocks[0]?.text ?? '').encrypted).toBe(true);
    expect(found.warnings.join('\n')).toMatch(/1000000 rounds: not attempted/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('hostile input', () => {
  test('a zip bomb member is refused with a warning; the key beside it is found', () => {
    const bomb = Buffer.alloc(200 * 1024 * 1024);
    const archive = zipOf([
      { name: 'big.bin', data: bomb, deflate: true },
      { name: 'id_rsa', data: Buffer.from(rsa.text), deflate: true },
    ]);
    expect(archive.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const heap = process.memoryUsage().rss;
    const found = find(archive);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - heap).toBeLessThan(150 * 1024 * 1024);
    expectKey(found, rsa, { line: 1, encoding: 'zip', member: 'id_rsa' });
    expect(found.warnings.join('\n')).toMatch(/zip member "big\.bin".*decompression bomb/);
  });

  test('a tree scan names the file in the decoder’s warning', async () => {
    const tree = join(dir, 'bomb-tree');
    mkdirSync(tree, { recursive: true });
    writeFileSync(
      join(tree, 'bomb.zip'),
      zipOf([{ name: 'big.bin', data: Buffer.alloc(64 * 1024 * 1024), deflate: true }]),
    );
    const result = await scan({ path: tree, source: { kind: 'tree' }, ignore: [] });
    expect(result.findings).toEqual([]);
    expect(result.warnings.join('\n')).toMatch(
      /^bomb\.zip: zip member "big\.bin" expands beyond .* \(a decompression bomb\?\): not scanned$/m,
    );
  });

  test('a zip of more members than are read says so: the key past them is never a silent clean', () => {
    const filler = Array.from({ length: 10_000 }, (_, index) => ({
      name: `f${index}.txt`,
      data: Buffer.from('hello\n'),
      deflate: true,
    }));
    const members = [...filler, { name: 'key.pem', data: Buffer.from(rsa.text), deflate: true }];
    const archive = zipOf(members);
    const listed = find(archive);
    expect(listed.blocks).toEqual([]);
    expect(listed.warnings.join('\n')).toMatch(
      /zip archive of 10001 members: only the first 10000 were read/,
    );
    // Without its central directory, read from the local headers: the same warning's kind.
    const local = find(archive.subarray(0, archive.indexOf(Buffer.from([0x50, 0x4b, 1, 2]))));
    expect(local.blocks).toEqual([]);
    expect(local.warnings.join('\n')).toMatch(/more than 10000 members: the rest were not read/);
    // One member fewer: everything is read and the key is found, with no such warning.
    const fits = find(zipOf(members.slice(1)));
    expectKey(fits, rsa, { line: 1, encoding: 'zip', member: 'key.pem' });
    expect(fits.warnings.join('\n')).not.toMatch(/members/);
  });

  test('a gzip bomb is refused with a warning', () => {
    const found = find(gzipSync(Buffer.alloc(100 * 1024 * 1024)));
    expect(found.blocks).toEqual([]);
    expect(found.warnings.join('\n')).toMatch(/gzip stream expands beyond .*decompression bomb/);
  });

  test('archives nested deeper than the limit: the warning says so; shallower keys are found', () => {
    // Deflated at every level, so that no level holds the key in clear.
    let archive = zipOf([{ name: 'key.pem', data: Buffer.from(ed.text), deflate: true }]);
    for (let depth = 1; depth < 6; depth++)
      archive = zipOf([{ name: `level${depth}.zip`, data: archive, deflate: true }]);
    const deep = find(archive);
    expect(deep.blocks).toEqual([]);
    expect(deep.warnings.join('\n')).toMatch(/nested more than 4 deep/);
    let shallow = zipOf([{ name: 'key.pem', data: Buffer.from(ed.text) }]);
    shallow = zipOf([{ name: 'a.zip', data: shallow }]);
    expectKey(find(shallow), ed, { line: 1, encoding: 'zip+zip', member: 'a.zip!/key.pem' });
  });

  test('a truncated zip (no central directory): members read from local headers, with a warning', () => {
    const archive = zipOf([
      { name: 'first.pem', data: Buffer.from(rsa.text), deflate: true },
      { name: 'second.txt', data: Buffer.alloc(5000, 65), deflate: true },
    ]);
    const cut = archive.subarray(0, archive.length - 120);
    const found = find(cut);
    expectKey(found, rsa, { line: 1, encoding: 'zip', member: 'first.pem' });
    expect(found.warnings.join('\n')).toMatch(/without a readable central directory/);
  });

  test('a flood of base64 that opens like a key: bounded, linear, nothing found', () => {
    const flood = (megabytes: number): Buffer =>
      Buffer.from(`k: ${b64('-----BEGIN ')}${'QUFB'.repeat((megabytes * 1024 * 1024) / 4)}\n`);
    const time = (bytes: Buffer): number => {
      const started = performance.now();
      expect(find(bytes).blocks).toEqual([]);
      return performance.now() - started;
    };
    time(flood(1));
    const small = time(flood(2));
    const large = time(flood(8));
    // Four times the input: far less than sixteen times the time.
    expect(large).toBeLessThan(Math.max(16 * small, 2000));
  });

  test('a blob made of many short runs that open like keys: linear', () => {
    const many = (count: number): Buffer =>
      Buffer.from(
        `${`x: ${b64('-----BEGIN X-----\n').slice(0, 24)}${'A'.repeat(48)}\n`.repeat(count)}`,
      );
    const time = (bytes: Buffer): number => {
      const started = performance.now();
      find(bytes);
      return performance.now() - started;
    };
    time(many(1000));
    const small = time(many(20_000));
    const large = time(many(80_000));
    expect(large).toBeLessThan(Math.max(16 * small, 2000));
  });
});
