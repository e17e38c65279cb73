/**
 * What findKeyBlocks reports and what it leaves alone: decoys that merely
 * look like keys, blocks that are reported but cannot be parsed, several keys
 * in one file, and binary or hostile input. Keys are generated at test time.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { findKeyBlocks, puttyHeadFrom, type KeyBlock } from '../../src/scan/detector.js';
import { LOW_BLOCKS_KEPT } from '../../src/scan/low-confidence.js';
import { secretBase64, type TestKey } from '../helpers/keyfactory.js';
import {
  expectFound,
  generateDetectorKeys,
  removeDetectorKeys,
  isPuttyName,
  KEY_NAMES,
  leaked32,
  lineAt,
  linesOf,
  OPENSSH_LABEL,
  parseWithoutLeaks,
  pemBegin,
  pemEnd,
  PUTTY_HEAD,
  RSA_LABEL,
  type KeyName,
  type Keys,
} from './detector-fixtures.js';

let keys: Keys;
/** Public material made by openssl, ssh-keygen and puttygen from the test keys. */
const decoys: Record<string, string> = {};

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  keys = generateDetectorKeys();
  const rsa = keys['rsa-pkcs1'].path;
  decoys['OpenSSH public key lines'] = KEY_NAMES.map((name) =>
    readFileSync(`${keys[name].path}.pub`, 'utf8'),
  ).join('');
  decoys['PUBLIC KEY (openssl pkey -pubout)'] = tool('openssl', ['pkey', '-in', rsa, '-pubout']);
  decoys['RSA PUBLIC KEY (openssl rsa -RSAPublicKey_out)'] = tool('openssl', [
    'rsa',
    '-in',
    rsa,
    '-RSAPublicKey_out',
  ]);
  decoys['X.509 certificate (openssl req -x509)'] = tool('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    rsa,
    '-subj',
    '/CN=detector-test',
    '-days',
    '1',
  ]);
  decoys['certificate signing request (openssl req -new)'] = tool('openssl', [
    'req',
    '-new',
    '-key',
    rsa,
    '-subj',
    '/CN=detector-test',
  ]);
  decoys['EC parameters (openssl ecparam)'] = tool('openssl', ['ecparam', '-name', 'prime256v1']);
  decoys['RFC 4716 public key (ssh-keygen -e)'] = tool('ssh-keygen', [
    '-e',
    '-f',
    `${keys['ed25519-openssh'].path}.pub`,
  ]);
  decoys['PuTTY public key (puttygen -O public)'] = tool('puttygen', [
    keys['rsa-ppk-v3'].path,
    '-O',
    'public',
  ]);
});

afterAll(() => {
  removeDetectorKeys(keys);
});

function scan(content: string | Buffer): KeyBlock[] {
  return findKeyBlocks(typeof content === 'string' ? Buffer.from(content) : content);
}

/** What the parser must say about a key whose file lost part of its private section. */
function expectPrivateSectionLost(block: KeyBlock, key: TestKey): void {
  const identity = parseWithoutLeaks(block, key);
  if (key.format === 'pkcs1') {
    // Everything in PKCS#1 is one DER structure: nothing is recoverable.
    expect(identity.parsed).toBe(false);
    expect(identity.fingerprint).toBeNull();
  } else {
    // OpenSSH and PuTTY files keep the public key in clear before the private section.
    expect(identity.parsed).toBe(true);
    expect(identity.fingerprint).toBe(key.truth.fingerprint);
    expect(identity.note).toBe('private section does not parse');
  }
}

describe('the secret check', () => {
  test.each(KEY_NAMES)('flags output that echoes 32 characters of the body: %s', (name) => {
    const key = keys[name];
    const secret = secretBase64(key.text);
    const publicBase64 = key.truth.publicKey.split(' ')[1] ?? '';
    // A run of the private part (an OpenSSH body also holds the public key, which may be shown).
    let at = Math.floor(secret.length / 2);
    while (publicBase64.includes(secret.slice(at, at + 32))) at++;
    expect(
      leaked32(key, JSON.stringify({ note: secret.slice(at, at + 32) })).length,
    ).toBeGreaterThan(0);
    expect(leaked32(key, JSON.stringify({ note: secret.slice(at, at + 31) })).length).toBe(0);
    // What the parser returns for the key itself is clean.
    expect(leaked32(key, JSON.stringify(parseKeyBlock(key.text))).length).toBe(0);
  });
});

describe('decoys are not findings', () => {
  const toolDecoys = [
    'OpenSSH public key lines',
    'PUBLIC KEY (openssl pkey -pubout)',
    'RSA PUBLIC KEY (openssl rsa -RSAPublicKey_out)',
    'X.509 certificate (openssl req -x509)',
    'certificate signing request (openssl req -new)',
    'EC parameters (openssl ecparam)',
    'RFC 4716 public key (ssh-keygen -e)',
    'PuTTY public key (puttygen -O public)',
  ];

  test.each(toolDecoys)('%s', (name) => {
    const content = decoys[name] ?? '';
    // The tools really made something marker-shaped, or the test proves nothing.
    expect(content).toMatch(/-----BEGIN |---- BEGIN |^ssh-/m);
    expect(scan(content)).toEqual([]);
  });

  test('all tool decoys in one file, JSON-escaped too', () => {
    const all = toolDecoys.map((name) => decoys[name] ?? '').join('\n');
    expect(scan(all)).toEqual([]);
    expect(scan(JSON.stringify({ bundle: all }))).toEqual([]);
  });

  const B = pemBegin(RSA_LABEL);
  const E = pemEnd(RSA_LABEL);
  const textDecoys: [string, string][] = [
    ['prose naming both markers', `Key files start with ${B} and end with ${E}.\n`],
    [
      'prose naming the markers on separate lines',
      `Key files start with\n${B}\nand end with\n${E}\nwith base64 in between.\n`,
    ],
    [
      'markdown code spans',
      `## Keys\n\nA key starts with \`${B}\` and ends with \`${E}\`.\nPaste it into \`key\`.\n`,
    ],
    [
      'markdown fence holding only the header',
      `\`\`\`\n${pemBegin(OPENSSH_LABEL)}\n\`\`\`\n\nThe base64 body follows the header.\n`,
    ],
    [
      'regex literal with an optional label word',
      `const re = /-----BEGIN (RSA )?PRIVATE KEY-----/;\n`,
    ],
    ['regex literal matching a whole block', `const re = /${B}[\\s\\S]*?${E}/g;\n`],
    ['Python regex over base64 lines', `re.compile(r"${B}\\n([A-Za-z0-9+/=\\n]+)${E}")\n`],
    ['grep pattern', `grep -rE '${pemBegin('(RSA|EC|OPENSSH) PRIVATE KEY')}' .\n`],
    ['code assembling a PEM from a variable', `pem = "${B}\\n" + body + "\\n${E}\\n"\n`],
    ['Go format string', `return fmt.Sprintf("${B}\\n%s\\n${E}\\n", b64)\n`],
    ['list of header strings', `HEADERS = ["${B}", "${pemBegin(OPENSSH_LABEL)}"]\n`],
    ['BEGIN marker with an empty body', `${B}\n${E}\n`],
    ['BEGIN marker with an empty body, JSON-escaped', JSON.stringify({ key: `${B}\n${E}\n` })],
    ['BEGIN marker alone at the end of a file', `key:\n${B}\n`],
    ['BEGIN marker followed by prose', `${B}\nthe lines of the key would follow here.\n`],
    ['BEGIN and END of different labels', `${pemBegin(OPENSSH_LABEL)}\n${E}\n`],
    [
      'source code naming the PuTTY header',
      `if (line.startsWith('${PUTTY_HEAD}')) kind = 'ppk';\n`,
    ],
    [
      'prose about the PuTTY format',
      `A .ppk starts with ${PUTTY_HEAD}3: and the algorithm, then Public-Lines: gives a count.\n`,
    ],
  ];

  test.each(textDecoys)('%s', (_name, content) => {
    expect(scan(content)).toEqual([]);
  });

  test('the detector and parser sources, and these tests, hold no key block', () => {
    const root = join(import.meta.dirname, '..', '..');
    const files = [
      ...readdirSync(join(root, 'src', 'scan')).map((f) => join(root, 'src', 'scan', f)),
      ...readdirSync(join(root, 'src', 'keys')).map((f) => join(root, 'src', 'keys', f)),
      ...readdirSync(join(root, 'test', 'scan'))
        .filter((f) => /^(detector|escaping|streaming)/.test(f))
        .map((f) => join(root, 'test', 'scan', f)),
    ].filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect([file, scan(readFileSync(file))]).toEqual([file, []]);
  });
});

describe('reported but not parsed', () => {
  const placeholders: [string, string][] = [
    ['...', '...'],
    ['MIIEow...', 'MIIEow...'],
    ['MIIEow… (Unicode ellipsis)', 'MIIEow\u2026'],
    ['<your key here>', '<your key here>'],
    ['xxxx', 'xxxx'],
    ['elided lines', 'MIIEpAIBAAKCAQEA...\n...\n...AB=='],
    ['[REDACTED]', '[REDACTED]'],
    ['{{ ssh_private_key }}', '{{ ssh_private_key }}'],
    ['${PRIVATE_KEY}', '${PRIVATE_KEY}'],
  ];
  const labels = [RSA_LABEL, OPENSSH_LABEL];

  test.each(placeholders.flatMap(([name, body]) => labels.map((label) => [name, label, body])))(
    'placeholder body %s (%s)',
    (_name, label, body) => {
      const content = `# example\nkey:\n${pemBegin(label)}\n${body}\n${pemEnd(label)}\n`;
      const blocks = scan(content);
      expect(blocks).toHaveLength(1);
      const block = blocks[0] as KeyBlock;
      expect(block).toMatchObject({ line: 3, kind: 'pem', placeholder: true, truncated: false });
      expect(block.offset).toBe(Buffer.from(content).indexOf(pemBegin(label)));
      const identity = parseKeyBlock(block.text);
      expect(identity.parsed).toBe(false);
      expect(identity.fingerprint).toBeNull();
    },
  );

  test('placeholder inside a JSON string', () => {
    const content = JSON.stringify(
      { key: `${pemBegin(RSA_LABEL)}\n<paste here>\n${pemEnd(RSA_LABEL)}\n` },
      null,
      2,
    );
    const blocks = scan(content);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ line: 2, placeholder: true, truncated: false });
    expect(parseKeyBlock(blocks[0]?.text ?? '').parsed).toBe(false);
  });

  test.each(KEY_NAMES)('truncated key, cut in half with no END: %s', (name) => {
    const key = keys[name];
    const content = `notes\n${key.text.slice(0, Math.floor(key.text.length / 2))}`;
    const blocks = scan(content);
    expect(blocks).toHaveLength(1);
    const block = blocks[0] as KeyBlock;
    expect(block).toMatchObject({ line: 2, truncated: true, placeholder: false });
    expectPrivateSectionLost(block, key);
  });

  test.each(KEY_NAMES)('truncated key followed by other text: %s', (name) => {
    const key = keys[name];
    const lines = linesOf(key.text);
    const kept = lines.slice(0, Math.ceil(lines.length / 2));
    const content = `${kept.join('\n')}\n\nSee the wiki for the rest of this file.\nport = 22\n`;
    const blocks = scan(content);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ line: 1, truncated: true, placeholder: false });
    expectPrivateSectionLost(blocks[0] as KeyBlock, key);
  });

  test.each(['rsa-pkcs1', 'ed25519-openssh'] as const)(
    'truncated within the public part is unparsed: %s',
    (name) => {
      const key = keys[name];
      // BEGIN and the first body line only.
      const content = `${linesOf(key.text).slice(0, 2).join('\n')}\n`;
      const blocks = scan(content);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]).toMatchObject({ line: 1, truncated: true });
      const identity = parseWithoutLeaks(blocks[0] as KeyBlock, key);
      expect(identity.parsed).toBe(false);
      expect(identity.fingerprint).toBeNull();
    },
  );

  /** Replaces 7 characters of body line `index` with characters that are not base64. */
  function corrupt(key: TestKey, index: (lines: string[]) => number): string {
    const lines = linesOf(key.text);
    const at = index(lines);
    const line = lines[at] ?? '';
    expect(line.length).toBeGreaterThan(20);
    lines[at] = `${line.slice(0, 10)}!@#$%^&${line.slice(17)}`;
    return `${lines.join('\n')}\n`;
  }

  test.each(KEY_NAMES)('corrupted base64 in the middle of the private section: %s', (name) => {
    const key = keys[name];
    const privateLine = (lines: string[]): number =>
      isPuttyName(name)
        ? lines.findIndex((line) => line.startsWith('Private-Lines:')) + 2
        : Math.floor(lines.length / 2) + 1;
    const content = `x\n${corrupt(key, privateLine)}`;
    const blocks = scan(content);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ line: 2, truncated: false, placeholder: false });
    expectPrivateSectionLost(blocks[0] as KeyBlock, key);
  });

  test.each(KEY_NAMES)('corrupted base64 in the public part: %s', (name) => {
    const key = keys[name];
    const publicLine = (lines: string[]): number =>
      isPuttyName(name) ? lines.findIndex((line) => line.startsWith('Public-Lines:')) + 1 : 1;
    const blocks = scan(corrupt(key, publicLine));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ line: 1, truncated: false, placeholder: false });
    const identity = parseWithoutLeaks(blocks[0] as KeyBlock, key);
    expect(identity.parsed).toBe(false);
    expect(identity.fingerprint).toBeNull();
  });

  test.each(['rsa-pkcs1', 'ed25519-openssh'] as const)(
    'a BEGIN whose END belongs to the following block: %s',
    (name) => {
      const key = keys[name];
      const head = linesOf(key.text).slice(0, 5);
      const content = `${head.join('\n')}\n\n${key.text}`;
      const blocks = scan(content);
      expect(blocks).toHaveLength(2);
      // The cut-off block ends where the next BEGIN starts: it does not borrow that block's END.
      expect(blocks[0]).toMatchObject({ line: 1, truncated: true, placeholder: false });
      expect(
        blocks[0]?.text.split(pemBegin(key.format === 'pkcs1' ? RSA_LABEL : OPENSSH_LABEL)),
      ).toHaveLength(2);
      expectPrivateSectionLost(blocks[0] as KeyBlock, key);
      expectFound(blocks[1], key, head.length + 2);
    },
  );

  test('a .ppk cut short before its MAC, followed by a whole .ppk', () => {
    const key = keys['rsa-ppk-v3'];
    const lines = linesOf(key.text);
    const head = lines.slice(0, lines.findIndex((line) => line.startsWith('Private-Lines:')) + 3);
    const content = `${head.join('\n')}\n${key.text}`;
    const blocks = scan(content);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ line: 1, kind: 'putty', truncated: true });
    expectPrivateSectionLost(blocks[0] as KeyBlock, key);
    expectFound(blocks[1], key, head.length + 1);
  });

  test('a .ppk cut short before its MAC does not hide the PEM key after it', () => {
    const ppk = keys['rsa-ppk-v3'];
    const pem = keys['ed25519-openssh'];
    const head = linesOf(ppk.text).slice(0, 12);
    const content = `${head.join('\n')}\n${pem.text}`;
    const blocks = scan(content);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ line: 1, kind: 'putty', truncated: true });
    expect(blocks[0]?.text).not.toContain(pemBegin(OPENSSH_LABEL));
    expectPrivateSectionLost(blocks[0] as KeyBlock, ppk);
    expectFound(blocks[1], pem, 13);
  });
});

describe('several keys in one file', () => {
  test('three keys in three packagings, each at its line', () => {
    const rsa = keys['rsa-pkcs1'];
    const ed = keys['ed25519-openssh'];
    const ppk = keys['rsa-ppk-v3'];
    const parts = [
      'config:\n',
      rsa.text,
      `json: ${JSON.stringify({ key: ed.text })}\n`,
      'comment:\n',
      linesOf(ppk.text)
        .map((line) => `# ${line}`)
        .join('\n'),
      '\nend\n',
    ];
    const content = parts.join('');
    const blocks = scan(content);
    expect(blocks).toHaveLength(3);
    expectFound(blocks[0], rsa, 2);
    expectFound(blocks[1], ed, lineAt(content, content.indexOf('json:')));
    expectFound(blocks[2], ppk, lineAt(content, content.indexOf(PUTTY_HEAD)));
    expect(blocks.map((block) => block.offset)).toEqual([
      content.indexOf(pemBegin(RSA_LABEL)),
      content.indexOf(pemBegin(OPENSSH_LABEL)),
      content.indexOf(PUTTY_HEAD),
    ]);
  });

  test.each(KEY_NAMES)('the same key twice: %s', (name) => {
    const key = keys[name];
    const content = `first:\n${key.text}\nsecond:\n${key.text}`;
    const secondLine = linesOf(key.text).length + 4;
    const blocks = scan(content);
    expect(blocks).toHaveLength(2);
    expectFound(blocks[0], key, 2);
    expectFound(blocks[1], key, secondLine);
    expect(blocks[0]?.text).toBe(blocks[1]?.text);
  });

  test.each(KEY_NAMES)('a key at byte 0 and one at the very end with no newline: %s', (name) => {
    const key = keys[name];
    const other = keys[name === 'ed25519-openssh' ? 'rsa-pkcs1' : 'ed25519-openssh'];
    const content = `${key.text}middle\n${key.text.trimEnd()}`;
    const blocks = scan(content);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]?.offset).toBe(0);
    expectFound(blocks[0], key, 1);
    expectFound(blocks[1], key, linesOf(key.text).length + 2);
    // And a different key right at the end, on the last line of the file.
    const mixed = `${other.text}${key.text.trimEnd()}`;
    const both = scan(mixed);
    expect(both).toHaveLength(2);
    expectFound(both[0], other, 1);
    expectFound(both[1], key, linesOf(other.text).length + 1);
  });

  test('two PEM keys back to back on one line (END-----BEGIN)', () => {
    const rsa = keys['rsa-pkcs1'];
    const ed = keys['ed25519-openssh'];
    const content = `${rsa.text.trimEnd()}${ed.text}`;
    const blocks = scan(content);
    expect(blocks).toHaveLength(2);
    expectFound(blocks[0], rsa, 1);
    expectFound(blocks[1], ed, linesOf(rsa.text).length);
  });
});

describe('binary and hostile input', () => {
  test('5 MB of random bytes: no findings', () => {
    expect(scan(randomBytes(5 * 1024 * 1024))).toEqual([]);
  });

  test('1 MB of random bytes sprinkled with markers: no findings', () => {
    const pieces: Buffer[] = [];
    for (let i = 0; i < 1000; i++) {
      pieces.push(randomBytes(1000));
      pieces.push(
        Buffer.from(i % 3 === 2 ? PUTTY_HEAD : pemBegin(i % 2 ? RSA_LABEL : OPENSSH_LABEL)),
      );
    }
    expect(scan(Buffer.concat(pieces))).toEqual([]);
  });

  test.each(KEY_NAMES)('a key in the middle of random bytes is found: %s', (name) => {
    const key = keys[name];
    const before = randomBytes(256 * 1024);
    const content = Buffer.concat([before, Buffer.from(key.text), randomBytes(256 * 1024)]);
    const blocks = scan(content);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.offset).toBe(before.length);
    let newlines = 0;
    for (const byte of before) if (byte === 10) newlines++;
    expectFound(blocks[0], key, newlines + 1);
  });

  test.each(KEY_NAMES)('invalid UTF-8 around a key: %s', (name) => {
    const key = keys[name];
    const junk = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8]);
    const content = Buffer.concat([
      junk,
      Buffer.from('\n'),
      junk,
      Buffer.from(' '),
      Buffer.from(key.text.trimEnd()),
      Buffer.from(' '),
      junk,
      Buffer.from('\n'),
      junk,
    ]);
    const blocks = scan(content);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.offset).toBe(junk.length * 2 + 2);
    expectFound(blocks[0], key, 2);
  });

  test.each(KEY_NAMES)('NUL bytes around a key: %s', (name) => {
    const key = keys[name];
    const nuls = Buffer.alloc(4096);
    const content = Buffer.concat([nuls, Buffer.from('\n'), Buffer.from(key.text), nuls, nuls]);
    const blocks = scan(content);
    expect(blocks).toHaveLength(1);
    expectFound(blocks[0], key, 2);
  });

  test('a marker bomb: 100k BEGIN lines without bodies', () => {
    expect(scan(`${pemBegin(RSA_LABEL)}\n`.repeat(100_000))).toEqual([]);
  });

  test('a marker bomb on a single line: 100k BEGIN markers, no newline', () => {
    expect(scan(`${pemBegin(OPENSSH_LABEL)} `.repeat(100_000))).toEqual([]);
  });

  test('a bomb of PEM tails without heads and of PuTTY headers', () => {
    expect(scan('xx PRIVATE KEY-----\n'.repeat(100_000))).toEqual([]);
    expect(scan(`${PUTTY_HEAD}3: ssh-rsa\n`.repeat(100_000))).toEqual([]);
  });

  test('a bomb of empty BEGIN/END pairs', () => {
    const pair = `${pemBegin(RSA_LABEL)}\n${pemEnd(RSA_LABEL)}\n`;
    expect(scan(pair.repeat(50_000))).toEqual([]);
  });

  /** The blocks kept, and how many the stand-in (the last block, when any) counted without keeping. */
  function keptAndDropped(blocks: KeyBlock[]): { kept: KeyBlock[]; dropped: number } {
    const last = blocks.at(-1);
    return last?.dropped
      ? { kept: blocks.slice(0, -1), dropped: last.dropped }
      : { kept: blocks, dropped: 0 };
  }

  test('20k placeholder blocks: the first kept, each at its own line, the rest counted', () => {
    const block = `${pemBegin(RSA_LABEL)}\n...\n${pemEnd(RSA_LABEL)}\n`;
    const { kept, dropped } = keptAndDropped(scan(block.repeat(20_000)));
    expect(kept).toHaveLength(2 * LOW_BLOCKS_KEPT);
    expect(kept.length + dropped).toBe(20_000);
    expect(kept.every((b, i) => b.placeholder && b.line === 3 * i + 1)).toBe(true);
  });

  test('20k PuTTY headers with Public-Lines only: public keys, none reported', () => {
    const head = `${PUTTY_HEAD}3: ssh-rsa\nPublic-Lines: 1\n`;
    expect(scan(head.repeat(20_000))).toEqual([]);
  });

  test('20k PuTTY headers with Private-Lines and no MAC: each counted once, truncated', () => {
    const head = `${PUTTY_HEAD}3: ssh-rsa\nPublic-Lines: 1\nPrivate-Lines: 1\n`;
    const { kept, dropped } = keptAndDropped(scan(head.repeat(20_000)));
    expect(kept).toHaveLength(2 * LOW_BLOCKS_KEPT);
    expect(kept.length + dropped).toBe(20_000);
    expect(kept.every((b, i) => b.truncated && b.kind === 'putty' && b.line === 3 * i + 1)).toBe(
      true,
    );
  });

  const hostileBodies: [string, string][] = [
    ['a run of dots followed by junk', `AAAA${'.'.repeat(44)}!`],
    ['60k backslashes', `${'\\'.repeat(60_000)}x`],
    ['60k spaces between two words', `a${' '.repeat(60_000)}b`],
    ['20k concatenation operators', `${'" + '.repeat(20_000)}`],
    ['60k tabs', `a${'\t'.repeat(60_000)}b`],
  ];

  test.each(hostileBodies)('a block body of %s is not a finding', (_name, body) => {
    const withEnd = `${pemBegin(RSA_LABEL)}\n${body}\n${pemEnd(RSA_LABEL)}\n`;
    const withoutEnd = `${pemBegin(RSA_LABEL)}\n${body}\n`;
    expect(scan(withEnd)).toEqual([]);
    expect(scan(withoutEnd)).toEqual([]);
  });
});

test.each(KEY_NAMES)('every key file as written by its tool is found: %s', (name: KeyName) => {
  const key = keys[name];
  expect(key.text).toBe(readFileSync(key.path, 'utf8'));
  const blocks = scan(readFileSync(key.path));
  expect(blocks).toHaveLength(1);
  expect(blocks[0]?.offset).toBe(0);
  expectFound(blocks[0], key, 1);
});

describe('the PuTTY head, searched for by its middle', () => {
  const head = 'PuTTY-User-Key-File-';
  /** A deterministic generator, so that a failure can be replayed. */
  const random = (seed: number): (() => number) => {
    let state = seed;
    return () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
  };

  test('finds exactly what a search for the whole head finds, from every start', () => {
    // Whole heads, their middle alone, heads cut short, overlapping decoys and noise.
    const pieces = [
      head,
      '-User-Key-',
      'PuTTY',
      'TTY-User-Key-File-',
      'PuTTY-User-Key-File',
      '-User-Key-User-Key-',
      'P',
      '-',
      'x',
      '\n',
      'uTTY-User-Key-File-2',
    ];
    const next = random(11);
    for (let trial = 0; trial < 300; trial++) {
      let text = '';
      const count = 1 + Math.floor(next() * 12);
      for (let i = 0; i < count; i++) text += pieces[Math.floor(next() * pieces.length)];
      const bytes = Buffer.from(text);
      for (let from = 0; from <= bytes.length; from++)
        expect(puttyHeadFrom(bytes, from)).toBe(bytes.indexOf(head, from));
    }
  });

  test('a head at the very start or end of a blob, or one byte short of it', () => {
    expect(puttyHeadFrom(Buffer.from(head), 0)).toBe(0);
    expect(puttyHeadFrom(Buffer.from(`ab${head}`), 0)).toBe(2);
    expect(puttyHeadFrom(Buffer.from(head.slice(0, -1)), 0)).toBe(-1);
    expect(puttyHeadFrom(Buffer.from(head.slice(1)), 0)).toBe(-1);
    expect(puttyHeadFrom(Buffer.from(`${head}x`), 1)).toBe(-1);
  });
});
