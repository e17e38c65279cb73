/**
 * Base64 whose decoding is text that holds a key anywhere, not only at its
 * start: a service account's JSON, `openssl pkcs12 -nodes` output, a PEM
 * after a comment or a blank line, a kubeconfig, a `.ppk` in UTF-16 text or
 * encoded four times; base64 nested past the depth limit (a warning, never
 * a silent miss); lines of base64 joined by spaces. Ordinary base64 (random
 * data, images, digests, source maps, certificates, text without a key)
 * stays findings-free, and many text runs cost linear time. Keys are made
 * at test time by the real tools; fingerprints are `ssh-keygen -l`'s.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, type KeyBlock } from '../../src/scan/detector.js';
import { scan } from '../../src/scan/scan.js';
import {
  makeKeyFactory,
  makeSpecKey,
  makeTempDir,
  removeTestKeys,
  type TestKey,
} from '../helpers/keyfactory.js';
import { leaked32 } from './detector-fixtures.js';

let dir: string;
let rsa: TestKey;
let rsa8: TestKey;
let ed: TestKey;
let ppk: TestKey;
let cert: string;

function run(cmd: string, args: string[], input?: Buffer | string): Buffer {
  return execFileSync(cmd, args, { input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
}

beforeAll(() => {
  dir = makeTempDir('base64-text-');
  const factory = makeKeyFactory(dir);
  rsa = makeSpecKey(factory, 'rsa-pkcs1');
  rsa8 = makeSpecKey(factory, 'rsa-pkcs8');
  ed = makeSpecKey(factory, 'ed25519-openssh');
  ppk = makeSpecKey(factory, 'ed25519-ppk-v3');
  cert = run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    rsa.path,
    '-subj',
    '/CN=base64-text',
    '-days',
    '1',
  ]).toString();
});
afterAll(() => {
  removeTestKeys();
});

const b64 = (value: string | Buffer): string => Buffer.from(value).toString('base64');
const b64times = (value: string | Buffer, times: number): string => {
  let encoded = Buffer.from(value);
  for (let time = 0; time < times; time++) encoded = Buffer.from(encoded.toString('base64'));
  return encoded.toString();
};

interface Found {
  blocks: KeyBlock[];
  warnings: string[];
}

function find(bytes: Buffer | string): Found {
  const warnings: string[] = [];
  const blocks = findKeyBlocks(Buffer.from(bytes), (message) => warnings.push(message));
  return { blocks, warnings };
}

/** Exactly one block, `key`, with ssh-keygen's fingerprint, at `line` through `encoding`. */
function expectKey(found: Found, key: TestKey, where: { line: number; encoding: string }): void {
  expect(found.blocks.map((block) => [block.line, block.encoding])).toEqual([
    [where.line, where.encoding],
  ]);
  const identity = parseKeyBlock((found.blocks[0] as KeyBlock).text);
  expect(identity.fingerprint).toBe(key.truth.fingerprint);
  expect(leaked32(key, JSON.stringify(identity)).length).toBe(0);
}

/** A Google Cloud service-account key file, as the console downloads it. */
function serviceAccount(key: TestKey): string {
  return JSON.stringify(
    {
      type: 'service_account',
      project_id: 'demo-project',
      private_key_id: '0123456789abcdef0123456789abcdef01234567',
      private_key: key.text,
      client_email: 'deployer@demo-project.iam.gserviceaccount.com',
      client_id: '123456789012345678901',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    null,
    2,
  );
}

function kubeconfig(key: TestKey): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${b64(cert)}`,
    '    server: https://10.0.0.1:6443',
    '  name: prod',
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate-data: ${b64(cert)}`,
    `    client-key-data: ${b64(key.text)}`,
    '',
  ].join('\n');
}

describe('base64 of text that holds a key anywhere', () => {
  test('a service account JSON in a .env value and in a Kubernetes Secret', () => {
    const json = serviceAccount(rsa8);
    expect(json.startsWith('{')).toBe(true);
    expectKey(find(`A=1\nGOOGLE_CREDENTIALS=${b64(json)}\n`), rsa8, {
      line: 2,
      encoding: 'base64',
    });
    const secret = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: gcp',
      'data:',
      `  key.json: ${b64(json)}`,
      '',
    ].join('\n');
    expectKey(find(secret), rsa8, { line: 6, encoding: 'base64' });
  });

  test('`openssl pkcs12 -nodes` output (Bag Attributes first), base64', () => {
    const p12 = join(dir, 'a.p12');
    const certPath = join(dir, 'a.crt');
    writeFileSync(certPath, cert);
    run('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      rsa.path,
      '-in',
      certPath,
      '-passout',
      'pass:',
      '-out',
      p12,
    ]);
    const nodes = run('openssl', ['pkcs12', '-in', p12, '-nodes', '-passin', 'pass:']).toString();
    expect(nodes.startsWith('Bag Attributes')).toBe(true);
    expectKey(find(`PFX_PEM=${b64(nodes)}\n`), rsa, { line: 1, encoding: 'base64' });
  });

  test('a PEM after a blank line, a comment line or CRLF text', () => {
    for (const text of [
      `\n${rsa.text}`,
      `# deploy key for prod\n${rsa.text}`,
      `\r\n# deploy\r\n${rsa.text.replace(/\n/g, '\r\n')}`,
      `key:\n  ${rsa.text.replace(/\n/g, '\n  ')}`,
    ])
      expectKey(find(`x: 1\nKEY=${b64(text)}\n`), rsa, { line: 2, encoding: 'base64' });
  });

  test('a kubeconfig, base64 in a Secret: the key base64 inside the text is found', () => {
    const secret = `data:\n  config: ${b64(kubeconfig(ed))}\n`;
    expectKey(find(secret), ed, { line: 2, encoding: 'base64+base64' });
  });

  test('a tree scan reports each file at the run’s line with ssh-keygen’s fingerprint', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(tree, { recursive: true });
    writeFileSync(
      join(tree, 'gcp.env'),
      `A=1\nB=2\nGOOGLE_CREDENTIALS=${b64(serviceAccount(rsa8))}\n`,
    );
    writeFileSync(
      join(tree, 'kube.yaml'),
      `kind: Secret\ndata:\n  config: ${b64(kubeconfig(ed))}\n`,
    );
    const result = await scan({ path: tree, source: { kind: 'tree' }, ignore: [] });
    const seen = result.findings
      .map((finding) => ({
        fingerprint: finding.fingerprint,
        places: finding.locations.map((location) => `${location.path}:${location.line}`),
      }))
      .sort((a, b) => (a.places[0] ?? '').localeCompare(b.places[0] ?? ''));
    expect(seen).toEqual([
      { fingerprint: rsa8.truth.fingerprint, places: ['gcp.env:3'] },
      { fingerprint: ed.truth.fingerprint, places: ['kube.yaml:3'] },
    ]);
  });
});

describe('PuTTY and OpenSSH keys in UTF-16 text and nested base64', () => {
  const utf16 = (text: string, bom: boolean, bigEndian: boolean): Buffer => {
    const units = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
    return bigEndian ? units.swap16() : units;
  };

  test.each([
    ['LE with a byte order mark, CRLF (PowerShell)', true, false, true, 'utf-16le'],
    ['BE with a byte order mark', true, true, false, 'utf-16be'],
    ['LE without a byte order mark', false, false, false, 'utf-16le'],
    ['BE without a byte order mark', false, true, false, 'utf-16be'],
  ] as const)('base64 of a .ppk in UTF-16 %s', (_name, bom, bigEndian, crlf, encoding) => {
    for (const key of [ppk, ed]) {
      const text = crlf ? key.text.replace(/\n/g, '\r\n') : key.text;
      expectKey(find(`$key = "${b64(utf16(text, bom, bigEndian))}"\n`), key, {
        line: 1,
        encoding: `base64+${encoding}`,
      });
    }
  });

  test.each([false, true])(
    'base64 of UTF-16 text with a byte order mark whose first line is Japanese (big-endian %s)',
    (bigEndian) => {
      const notes = '鍵のメモ：本番サーバー用の秘密鍵です。\n';
      for (const key of [ppk, ed])
        expectKey(find(`K=${b64(utf16(notes + key.text, true, bigEndian))}\n`), key, {
          line: 1,
          encoding: `base64+${bigEndian ? 'utf-16be' : 'utf-16le'}`,
        });
      // Without the mark, text that opens in another script is held out (README).
      expect(find(`K=${b64(utf16(notes + ed.text, false, bigEndian))}\n`).blocks).toEqual([]);
    },
  );

  test('a .ppk base64 four times, as an OpenSSH key is', () => {
    for (const key of [ppk, ed])
      expectKey(find(`v: ${b64times(key.text, 4)}\n`), key, {
        line: 1,
        encoding: 'base64+base64+base64+base64',
      });
  });

  test('base64 five times: not decoded, and the warning says so', () => {
    for (const key of [rsa, ppk]) {
      const found = find(`v: ${b64times(key.text, 5)}\n`);
      expect(found.blocks).toEqual([]);
      expect(found.warnings).toEqual([
        'base64 or UTF-16 nested more than 4 deep: the innermost not decoded',
      ]);
    }
    // Four times: found, with no warning.
    expect(find(`v: ${b64times(rsa.text, 4)}\n`).warnings).toEqual([]);
  });
});

describe('lines of base64 joined by spaces', () => {
  const joined = (key: TestKey, width: number): string =>
    run('base64', ['-w', String(width), key.path])
      .toString()
      .replace(/\n/g, ' ');

  test.each([76, 64])('%i-column lines joined by single spaces', (width) => {
    const text = joined(rsa, width);
    expect(text.split(' ')[0]).toHaveLength(width);
    expectKey(find(text), rsa, { line: 1, encoding: 'base64' });
    // Wherever the samples fall (on a later piece first), the run is read from its first piece.
    for (let pad = 0; pad < 40; pad += 3)
      expectKey(find(`# ${'x'.repeat(pad)}\nKEY="${text.trimEnd()}"\n`), rsa, {
        line: 2,
        encoding: 'base64',
      });
  });

  test('pieces of other widths joined by spaces stay apart (nothing found, no error)', () => {
    const pieces = b64(rsa.text).match(/.{1,70}/g) ?? [];
    expect(find(pieces.join(' ')).blocks).toEqual([]);
  });
});

describe('ordinary base64 stays findings-free', () => {
  const clean = (text: string | Buffer, name: string): void => {
    expect(find(text), name).toEqual({ blocks: [], warnings: [] });
  };

  test('random data, images, digests, source maps, certificates and text without a key', () => {
    const random = randomBytes(100 * 1024);
    clean(`blob: ${b64(random)}\n`, 'random, one line');
    clean(run('base64', [], random), 'random, wrapped');
    clean(run('base64', [], random).toString().replace(/\n/g, ' '), 'random, joined by spaces');
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      randomBytes(20_000),
    ]);
    clean(`<img src="data:image/png;base64,${b64(png)}">\n`, 'PNG data URI');
    const lock = Array.from(
      { length: 300 },
      (_, i) => `    "node_modules/p${i}": { "integrity": "sha512-${b64(randomBytes(64))}" },\n`,
    ).join('');
    clean(`{\n  "packages": {\n${lock}  }\n}\n`, 'lock file');
    const words = ['alpha', 'beta', 'gamma', 'delta', 'region', 'us-east-1', 'true', '42'];
    const json = JSON.stringify(
      Object.fromEntries(
        Array.from({ length: 400 }, (_, i) => [
          `key${i}`,
          `${words[i % words.length]} ${randomBytes(6).toString('hex')}`,
        ]),
      ),
      null,
      2,
    );
    clean(`CONFIG=${b64(json)}\n`, 'JSON without a key');
    clean(`data:\n  config.json: ${b64(b64(json))}\n`, 'JSON without a key, twice');
    clean(`v: ${b64(Buffer.from(`\ufeff${json}`, 'utf16le'))}\n`, 'UTF-16 JSON');
    const map = JSON.stringify({
      version: 3,
      sources: ['src/a.ts'],
      sourcesContent: ['export const a = (x: number): number => x * 2;\n'.repeat(40)],
      mappings: 'AAAA,OAAO,MAAM,CAAC,GAAG,CAAC,CAAS,EAAU,EAAE,CAAC,CAAC',
    });
    clean(
      `export const a=x=>x*2;\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64(map)}\n`,
      'inline source map',
    );
    clean(`tls.crt: ${b64(cert)}\n`, 'certificate');
    clean(`ca: ${b64(`# CA bundle\n${cert}${cert}`)}\n`, 'certificates after a comment');
  });
});

describe('many runs of text: linear', () => {
  /** The best of three scans: a busy machine's pauses do not count. */
  const time = (text: string): number => {
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const found = find(text);
      best = Math.min(best, performance.now() - started);
      expect(found).toEqual({ blocks: [], warnings: [] });
    }
    return best;
  };

  test('thousands of runs that decode to text (base64 of base64 of text)', () => {
    const prose = 'the quick brown fox jumps over the lazy dog, line ';
    const many = (count: number): string =>
      Array.from(
        { length: count },
        (_, i) => `v${i}: ${b64(b64(`${prose}${i}\n${prose}${i + 1}\n${prose}`))}\n`,
      ).join('');
    time(many(500));
    const small = time(many(1000));
    const large = time(many(4000));
    // Four times the input: far less than sixteen times the time.
    expect(large).toBeLessThan(Math.max(small, 5) * 10);
  });

  test('one long run of text', () => {
    const line = 'key = value # a comment that is not a key at all\n';
    const big = (megabytes: number): string =>
      `blob: ${b64(line.repeat(Math.floor((megabytes * 1024 * 1024) / line.length)))}\n`;
    time(big(0.5));
    const small = time(big(2));
    const large = time(big(8));
    expect(large).toBeLessThan(Math.max(small, 5) * 10);
  });
});
