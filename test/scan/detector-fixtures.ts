/**
 * Shared fixtures for the detector tests: test keys generated at test time
 * (never committed), marker strings assembled at run time, and the ways keys
 * get packaged in real files (escaped in JSON, split into string literals,
 * commented out, indented in YAML, …).
 *
 * This repository scans itself, so no source file here may hold anything the
 * detector reports: every BEGIN/END marker and PuTTY header is built from
 * pieces below, never written out whole.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import type { KeyBlock } from '../../src/scan/detector.js';
import { parseKeyBlock } from '../../src/keys/parse.js';
import type { KeyIdentity } from '../../src/keys/types.js';
import {
  makeKeyFactory,
  makeTempDir,
  secretBase64,
  TEST_KEY_SPECS,
  type TestKey,
} from '../helpers/keyfactory.js';

const DASHES = '-'.repeat(5);

/** `-----BEGIN <label>-----`, assembled so that this file holds no marker. */
export function pemBegin(label: string): string {
  return `${DASHES}BEGIN ${label}${DASHES}`;
}

export function pemEnd(label: string): string {
  return `${DASHES}END ${label}${DASHES}`;
}

export const RSA_LABEL = ['RSA', 'PRIVATE', 'KEY'].join(' ');
export const OPENSSH_LABEL = ['OPENSSH', 'PRIVATE', 'KEY'].join(' ');
/** The first header of a .ppk file. */
export const PUTTY_HEAD = ['PuTTY', 'User', 'Key', 'File', ''].join('-');

export type KeyName = 'rsa-pkcs1' | 'ed25519-openssh' | 'rsa-ppk-v3';
export const KEY_NAMES: readonly KeyName[] = ['rsa-pkcs1', 'ed25519-openssh', 'rsa-ppk-v3'];

export type Keys = Record<KeyName, TestKey>;

/** Whether a catalogue key is a .ppk file (known before the keys are made, for test names). */
export function isPuttyName(name: KeyName): boolean {
  return name === 'rsa-ppk-v3';
}

/**
 * The three keys every detector test uses, made by ssh-keygen and puttygen in
 * a temp dir. Call `removeDetectorKeys` in afterAll: a test worker may not
 * run exit handlers, and the keys must not outlive the test.
 */
export function generateDetectorKeys(): Keys {
  const factory = makeKeyFactory(makeTempDir('detector-keys-'));
  const make = (name: KeyName): TestKey => {
    const spec = TEST_KEY_SPECS[name];
    if (!spec) throw new Error(`no key spec ${name}`);
    return factory.make(name, spec);
  };
  return {
    'rsa-pkcs1': make('rsa-pkcs1'),
    'ed25519-openssh': make('ed25519-openssh'),
    'rsa-ppk-v3': make('rsa-ppk-v3'),
  };
}

export function removeDetectorKeys(keys: Keys | undefined): void {
  if (keys) rmSync(dirname(keys['rsa-pkcs1'].path), { recursive: true, force: true });
}

export function isPutty(key: TestKey): boolean {
  return key.format === 'putty';
}

/** Index of the key's first marker in a packaged text (where the detector must report it). */
export function markerIndex(content: string, key: TestKey): number {
  const at = content.indexOf(isPutty(key) ? PUTTY_HEAD : `${DASHES}BEGIN `);
  if (at === -1) throw new Error('packaging lost the marker');
  return at;
}

/** 1-based line of a character index. */
export function lineAt(content: string, index: number): number {
  let line = 1;
  for (let at = content.indexOf('\n'); at !== -1 && at < index; at = content.indexOf('\n', at + 1))
    line++;
  return line;
}

export function linesOf(keyText: string): string[] {
  return keyText.replace(/\n$/, '').split('\n');
}

/**
 * 32-character runs of the key's secret base64 that appear in `output`.
 * Runs that are also part of the public key's base64 are public (an OpenSSH
 * container embeds the public blob), so they do not count.
 */
export function leaked32(key: TestKey, output: string): string[] {
  const secret = secretBase64(key.text);
  const publicBase64 = key.truth.publicKey.split(' ')[1] ?? '';
  const leaks: string[] = [];
  for (let i = 0; i + 32 <= secret.length; i++) {
    const run = secret.slice(i, i + 32);
    if (output.includes(run) && !publicBase64.includes(run)) leaks.push(run);
  }
  if (secret.length < 32) throw new Error('secret body too short to check');
  return leaks;
}

/** Parses a block and checks that nothing it returns echoes the key's secret body. */
export function parseWithoutLeaks(block: KeyBlock, key: TestKey): KeyIdentity {
  const identity = parseKeyBlock(block.text);
  // Counted, not listed: a failure must not print the runs it found.
  expect(leaked32(key, JSON.stringify(identity)).length).toBe(0);
  return identity;
}

/** Asserts a block is the key, found at `line`, and identified by the ssh-keygen fingerprint. */
export function expectFound(block: KeyBlock | undefined, key: TestKey, line: number): void {
  expect(block).toBeDefined();
  if (!block) return;
  expect(block.line).toBe(line);
  expect(block.kind).toBe(isPutty(key) ? 'putty' : 'pem');
  expect(block.truncated).toBe(false);
  expect(block.placeholder).toBe(false);
  // The body is recovered exactly (compared as a boolean: a failure must not print key material).
  expect(secretBase64(block.text) === secretBase64(key.text)).toBe(true);
  const identity = parseWithoutLeaks(block, key);
  expect(identity.parsed).toBe(true);
  expect(identity.fingerprint).toBe(key.truth.fingerprint);
}

/** One way a key sits in a file. `pemOnly` packagings cannot hold a .ppk's line structure. */
export interface Packaging {
  name: string;
  wrap: (keyText: string) => string;
  pemOnly?: boolean;
}

const indent = (lines: string[], pad: string): string => lines.map((l) => pad + l).join('\n');

export const PACKAGINGS: readonly Packaging[] = [
  {
    name: 'JSON string, pretty-printed',
    wrap: (t) => `${JSON.stringify({ name: 'deploy', nested: { privateKey: t } }, null, 2)}\n`,
  },
  {
    name: 'JSON string, minified',
    wrap: (t) => JSON.stringify({ name: 'deploy', privateKey: t }),
  },
  {
    name: 'JSON inside a JSON string (double-escaped)',
    wrap: (t) =>
      `${JSON.stringify({ kind: 'secret', value: JSON.stringify({ privateKey: t }) }, null, 2)}\n`,
  },
  {
    name: 'JSON string with \\r\\n escapes',
    wrap: (t) => `${JSON.stringify({ privateKey: t.replace(/\n/g, '\r\n') }, null, 2)}\n`,
  },
  {
    name: 'JSON with escaped slashes (PHP json_encode)',
    wrap: (t) =>
      `${JSON.stringify({ url: 'https://example.com/a', private_key: t }, null, 4).replace(/\//g, '\\/')}\n`,
  },
  {
    name: 'real CRLF file',
    wrap: (t) => `# deploy key\n\n${t}`.replace(/\n/g, '\r\n'),
  },
  {
    name: 'JS string concatenation ("...\\n" +)',
    wrap: (t) =>
      `// keys\nconst key =\n${linesOf(t)
        .map((l) => `  ${JSON.stringify(`${l}\n`)}`)
        .join(' +\n')};\n`,
  },
  {
    name: 'JS array of lines joined with \\n',
    wrap: (t) =>
      `const key = [\n${linesOf(t)
        .map((l) => `  '${l}',`)
        .join('\n')}\n].join('\\n');\n`,
  },
  {
    name: 'TS template literal',
    wrap: (t) => `import x from 'y';\n\nexport const key = \`${t}\`;\n`,
  },
  {
    name: 'Python implicit concatenation in parentheses',
    wrap: (t) =>
      `import os\n\nKEY = (\n${indent(
        linesOf(t).map((l) => `"${l}\\n"`),
        '    ',
      )}\n)\n`,
  },
  {
    name: 'Python triple-quoted string',
    wrap: (t) => `def key():\n    return """${t}"""\n`,
  },
  {
    name: 'Go backtick raw string',
    wrap: (t) => `package keys\n\nconst key = \`${t}\`\n`,
  },
  {
    name: 'Java + concatenation',
    wrap: (t) =>
      `class Keys {\n  static final String KEY =\n${linesOf(t)
        .map((l, i) => `      ${i ? '+ ' : ''}"${l}\\n"`)
        .join('\n')};\n}\n`,
  },
  {
    name: 'PHP . concatenation',
    wrap: (t) =>
      `<?php\n$key = ${linesOf(t)
        .map((l) => `"${l}\\n"`)
        .join(' .\n    ')};\n`,
  },
  {
    name: 'shell heredoc',
    wrap: (t) => `#!/bin/sh\nset -e\ncat > ~/.ssh/id <<'EOF'\n${t}EOF\nchmod 600 ~/.ssh/id\n`,
  },
  {
    name: 'shell \\-continued lines',
    wrap: (t) =>
      `#!/bin/sh\nprintf '%s\\n' \\\n${linesOf(t)
        .map((l) => `  '${l}' \\`)
        .join('\n')}\n  > ~/.ssh/id\n`,
  },
  {
    name: 'shell string with \\n and \\-continued lines',
    wrap: (t) => `#!/bin/bash\nexport KEY="${linesOf(t).join('\\n\\\n')}\\n"\n`,
  },
  { name: 'comment prefix "# "', wrap: (t) => `a = 1\n${indent(linesOf(t), '# ')}\nb = 2\n` },
  { name: 'comment prefix "// "', wrap: (t) => `let a = 1;\n${indent(linesOf(t), '// ')}\n` },
  {
    name: 'comment prefix " * " inside /* */',
    wrap: (t) => `/**\n * Test key:\n *\n${indent(linesOf(t), ' * ')}\n */\nexport {};\n`,
  },
  { name: 'comment prefix "; "', wrap: (t) => `[ssh]\n${indent(linesOf(t), '; ')}\n` },
  { name: 'comment prefix "-- "', wrap: (t) => `SELECT 1;\n${indent(linesOf(t), '-- ')}\n` },
  { name: 'Markdown quote "> "', wrap: (t) => `Found this:\n\n${indent(linesOf(t), '> ')}\n` },
  { name: 'Markdown quote nested "> > "', wrap: (t) => `${indent(linesOf(t), '> > ')}\n` },
  {
    name: 'YAML block scalar nested two levels',
    wrap: (t) =>
      `services:\n  app:\n    image: x\n    key: |\n${indent(linesOf(t), '      ')}\n    port: 22\n`,
  },
  {
    name: 'YAML double-quoted scalar with \\n escapes',
    wrap: (t) => `deploy:\n  key: ${JSON.stringify(t)}\n`,
  },
  {
    name: '.env line with newlines replaced by spaces',
    wrap: (t) => `DEBUG=1\nKEY="${linesOf(t).join(' ')}"\nPORT=22\n`,
    pemOnly: true,
  },
  {
    name: 'Terraform heredoc <<EOF',
    wrap: (t) =>
      `resource "tls_private_key" "k" {\n  private_key = <<EOF\n${t}EOF\n  algorithm = "RSA"\n}\n`,
  },
  {
    name: 'Terraform indented heredoc <<-EOF',
    wrap: (t) => `locals {\n  key = <<-EOF\n${indent(linesOf(t), '    ')}\n  EOF\n}\n`,
  },
  {
    name: 'XML element text',
    wrap: (t) => `<?xml version="1.0"?>\n<config>\n  <key>${t}</key>\n</config>\n`,
  },
];
