/**
 * Markup whose dashes and newlines are escaped (`&#45;` and `&#10;` in HTML,
 * `\u002d` and `\n` in JSON) is unescaped a window at a time: memory is
 * bounded by a copy of the blob, not by its escapes. A whole-blob string and
 * regular expression replace took 30 bytes per byte of input (285 MB for a
 * 7.6 MB file that holds no key; a 15 MB one ran out of a 150 MB heap). Peak
 * memory is measured in a child process at two sizes; a key at the end of
 * such a file is still found, at its line, with ssh-keygen's fingerprint.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseKeyBlock } from '../../src/keys/parse.js';
import { unescapeMarkup } from '../../src/scan/decode/markup.js';
import { findKeyBlocks } from '../../src/scan/detector.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { makeKey, ROOT, RSA_PEM, scratchDir } from '../helpers/gitrepo.js';
import { pemBegin, RSA_LABEL } from './detector-fixtures.js';

const MiB = 1024 * 1024;

/** How each markup escapes a dash and a newline, and opens and closes the blob. */
const FORMS = {
  html: { dash: '&#45;', newline: '&#10;', open: '<html><pre>', close: '</pre></html>' },
  json: { dash: '\\u002d', newline: '\\n', open: '{"a":"', close: '"}' },
} as const;
type Form = keyof typeof FORMS;

function escape(text: string, form: Form): string {
  const { dash, newline } = FORMS[form];
  return text.replace(/-/g, dash).replace(/\n/g, newline);
}

/**
 * About `bytes` of escaped BEGIN lines and no key (a decoy every escaped
 * line, a real newline every 100 lines, so that lines count), then `tail`.
 */
function escapedFile(form: Form, bytes: number, tail = ''): { text: string; lines: number } {
  const row = `${escape(`${pemBegin(RSA_LABEL)}\n`, form).repeat(100)}\n`;
  const rows = Math.ceil(bytes / row.length);
  const { open, close } = FORMS[form];
  return { text: `${open}${row.repeat(rows)}${tail}${close}`, lines: rows };
}

/** The scan of one file in a child process, run from the sources: its peak RSS in bytes. */
function peakRss(file: string): number {
  const script = [
    "import { readFileSync } from 'node:fs';",
    "import { findKeyBlocks } from './src/scan/detector.ts';",
    `const blocks = findKeyBlocks(readFileSync(${JSON.stringify(file)}));`,
    'if (blocks.some((block) => !block.dropped && !block.placeholder && !block.truncated))',
    "  throw new Error('a key in a file without one');",
    'process.stdout.write(String(process.resourceUsage().maxRSS * 1024));',
  ].join('\n');
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
  );
  return Number(out.trim());
}

describe('escaped markup without a key: memory bounded by a copy of the blob', () => {
  test.each(['html', 'json'] as const)(
    '%s: from 2 MB to 8 MB, peak RSS grows far less than the input does',
    (form) => {
      const dir = scratchDir('markup-memory-');
      const rss: number[] = [];
      for (const size of [2 * MiB, 8 * MiB]) {
        const file = join(dir, `${form}-${size}`);
        writeFileSync(file, escapedFile(form, size).text);
        // The old code read it through whole-blob strings and their millions of matches.
        rss.push(peakRss(file));
      }
      const [small, large] = rss as [number, number];
      // 6 MB more input: 150 MB more memory before; a copy of it and a window now (~20 MB).
      expect(large - small).toBeLessThan(60 * MiB);
    },
    240_000,
  );
});

describe('a key at the end of a large escaped file', () => {
  let rsa: TestKey;
  beforeAll(() => {
    rsa = makeKey('markup-memory-rsa', RSA_PEM);
  });

  test.each(['html', 'json'] as const)(
    '%s: found at its line, with its fingerprint',
    (form) => {
      const { text, lines } = escapedFile(form, 8 * MiB, escape(rsa.text, form));
      const bytes = Buffer.from(text);
      const keys = findKeyBlocks(bytes).filter(
        (block) => !block.dropped && !block.placeholder && !block.truncated,
      );
      expect(keys).toHaveLength(1);
      const key = keys[0];
      // The key starts on the line after the last row's real newline.
      expect(key?.line).toBe(lines + 1);
      expect(key?.encoding).toBe('escaped');
      expect(parseKeyBlock(key?.text ?? '').fingerprint).toBe(rsa.truth.fingerprint);
    },
    120_000,
  );

  test('the blob is unescaped byte for byte as a string of it is, across windows', () => {
    // Escapes on every window boundary: a run of entities, JSON escapes and `<br>`s of odd lengths.
    const unit = '&#45;&amp;#10;\\u002d&lt;br&gt;< br / >&#x002D;&NewLine;\\\\u000a&#1';
    const bytes = Buffer.from(`<p>${unit.repeat(20_000)}</p>`, 'latin1');
    const expected = unit
      .replace(/&#45;|&#x002D;/g, '-')
      .replace(/&amp;#10;|&NewLine;|\\\\u000a|&lt;br&gt;|< br \/ >/g, '\\n')
      .replace(/\\u002d/g, '-');
    const unescaped = unescapeMarkup(bytes, true);
    expect(unescaped?.bytes.toString('latin1')).toBe(`<p>${expected.repeat(20_000)}</p>`);
  });
});
