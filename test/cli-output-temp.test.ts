/**
 * `--output FILE` writes through a temporary file beside FILE and renames it
 * over FILE. The temporary name is short whatever FILE is called: a name of
 * NAME_MAX (255) bytes, valid itself, is written; and nothing is left behind.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestKey } from './helpers/keyfactory.js';
import { ED25519, jsonOf, makeKey, runCli, scratchDir } from './helpers/gitrepo.js';

/** The longest file name Linux file systems take (NAME_MAX), in bytes. */
const NAME_MAX = 255;

let key: TestKey;

beforeAll(() => {
  key = makeKey('output-temp-ed25519', ED25519);
});

function keyDir(): string {
  const dir = scratchDir('output-temp-');
  writeFileSync(join(dir, 'id_ed25519'), key.text);
  return dir;
}

describe('--output through a short temporary name', () => {
  test('a file name of 255 bytes is written, and no temporary file is left', async () => {
    const reports = scratchDir('reports-');
    const name = `${'r'.repeat(NAME_MAX - '.json'.length)}.json`;
    expect(Buffer.byteLength(name)).toBe(NAME_MAX);
    const file = join(reports, name);
    const run = await runCli(['scan', keyDir(), '--format', 'json', '--output', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(jsonOf(run).findings.map((f) => f.fingerprint)).toEqual([key.fingerprint]);
    expect(readdirSync(reports)).toEqual([name]);
  });

  test('a 255-byte name of multi-byte characters, replacing an older report', async () => {
    const reports = scratchDir('reports-');
    // 127 two-byte characters and one more byte: 255 bytes, 128 characters.
    const name = `${'é'.repeat(127)}x`;
    expect(Buffer.byteLength(name)).toBe(NAME_MAX);
    const file = join(reports, name);
    writeFileSync(file, 'an older report\n');
    const run = await runCli(['scan', keyDir(), '--format', 'sarif', '--output', file]);
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.output ?? '')).toMatchObject({ version: '2.1.0' });
    expect(readdirSync(reports)).toEqual([name]);
  });

  test('the report gets the modes any new file gets (the umask), as a plain write would give it', async () => {
    const reports = scratchDir('reports-');
    const file = join(reports, 'scan.txt');
    const run = await runCli(['scan', keyDir(), '--output', file]);
    expect(run.code).toBe(1);
    const plain = join(scratchDir('plain-'), 'plain.txt');
    writeFileSync(plain, '');
    expect(statSync(file).mode & 0o777).toBe(statSync(plain).mode & 0o777);
    expect(readdirSync(reports)).toEqual(['scan.txt']);
  });
});
