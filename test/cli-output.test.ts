/**
 * What the scan command writes and how it ends, through the CLI as a user
 * runs it: exit codes under --fail-on, warnings on stderr only, the text
 * report's summary of many places, a reader that leaves early (`| head -1`),
 * --output, and output size and memory bounded on hostile input.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestKey } from './helpers/keyfactory.js';
import {
  CLI,
  ED25519,
  jsonOf,
  makeKey,
  NODE,
  ROOT,
  runCli,
  scratchDir,
  secretRunsIn,
} from './helpers/gitrepo.js';

const PLACEHOLDER = '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n';
const FORMATS = ['text', 'json', 'sarif'] as const;

let key: TestKey;

beforeAll(() => {
  key = makeKey('cli-output-ed25519', ED25519);
});

function dirWith(files: Record<string, string>): string {
  const dir = scratchDir('cli-output-');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

/** A truncated block that cannot parse, distinct each time. */
const fragment = (): string =>
  `-----BEGIN RSA PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n`;

describe('exit codes (--fail-on)', () => {
  test('a documentation placeholder alone exits 0 unless asked; a key exits 1 unless none', async () => {
    const docs = dirWith({ 'README.md': `Paste your key:\n\n${PLACEHOLDER}` });
    const keys = dirWith({ id_ed25519: key.text });
    const codes = async (dir: string): Promise<number[]> => {
      const runs = [];
      for (const failOn of [null, 'key', 'placeholder', 'any', 'none'])
        runs.push(await runCli(['scan', dir, ...(failOn ? ['--fail-on', failOn] : [])]));
      return runs.map((run) => run.code);
    };
    expect(await codes(docs)).toEqual([0, 0, 1, 1, 0]);
    expect(await codes(keys)).toEqual([1, 1, 1, 1, 0]);
    // Reported all the same.
    const report = jsonOf(await runCli(['scan', docs, '--format', 'json']));
    expect(report.findings).toHaveLength(1);
  });

  test('an unknown --fail-on value is a usage error', async () => {
    const run = await runCli(['scan', dirWith({ a: 'x' }), '--fail-on', 'everything']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--fail-on.*everything.*key, placeholder, any, none/);
  });
});

describe('warnings', () => {
  test('go to stderr in every format, never into the report on stdout or in --output', async () => {
    const dir = dirWith({ 'docs.md': PLACEHOLDER.repeat(15), id_ed25519: key.text });
    const warning = /^warning: 5 more low-confidence blocks in "docs\.md"/m;
    for (const format of FORMATS) {
      const out = await runCli(['scan', dir, '--format', format]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(warning);
      expect(out.stdout).not.toMatch(/^warning:/m);
      const file = join(scratchDir('report-'), `report.${format}`);
      const written = await runCli(['scan', dir, '--format', format, '--output', file]);
      expect(written.stdout).toBe('');
      expect(written.stderr).toMatch(warning);
      expect(written.output).not.toMatch(/^warning:/m);
      expect(written.output).toContain(key.fingerprint as string);
      // JSON carries them as data, for programs.
      if (format === 'json')
        expect(jsonOf(written).warnings).toEqual([
          expect.stringMatching(/^5 more low-confidence blocks in "docs\.md"/),
        ]);
    }
  });
});

describe('the text report', () => {
  test('lists 20 places per key, then says how many more', async () => {
    const many = await runCli(['scan', dirWith({ keys: key.text.repeat(30) })]);
    const places = many.stdout.split('\n').filter((line) => line.startsWith('    at '));
    expect(places).toEqual(Array.from({ length: 20 }, (_, i) => `    at keys:${1 + 7 * i}`));
    expect(many.stdout).toContain('    … and 10 more places (--format json lists them)\n');
    const json = jsonOf(
      await runCli(['scan', dirWith({ keys: key.text.repeat(30) }), '--format', 'json']),
    );
    expect(json.findings[0]?.locations).toHaveLength(30);

    const few = await runCli(['scan', dirWith({ keys: key.text.repeat(20) })]);
    expect(few.stdout).not.toContain('more place');
  });
});

/** Spawns the CLI with extra environment; resolves with its exit code, stdout and stderr. */
function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStdout?: (chunk: Buffer, stop: () => void) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      onStdout?.(chunk, () => child.stdout.destroy());
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

describe('a reader that leaves early (scan … | head -1)', () => {
  test.each(FORMATS)('%s: the scan ends quietly with its exit code', async (format) => {
    const dir = dirWith({ keys: key.text.repeat(20_000) });
    let seen = 0;
    const run = await spawnCli(['scan', dir, '--format', format], {}, (chunk, stop) => {
      seen += chunk.length;
      stop();
    });
    expect(seen).toBeGreaterThan(0);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(secretRunsIn(run.stdout)).toEqual([]);
  });
});

describe('a standard output that cannot be written (a full disk)', () => {
  test.each(FORMATS)('%s: one line and exit 2, never a stack trace or a "found"', (format) => {
    if (!existsSync('/dev/full')) return;
    const cases: Record<string, string>[] = [
      { 'README.md': 'nothing\n' },
      { id_ed25519: key.text },
    ];
    for (const files of cases) {
      const dir = dirWith(files);
      const full = openSync('/dev/full', 'w');
      try {
        const run = spawnSync(NODE, [CLI, 'scan', dir, '--format', format], {
          stdio: ['ignore', full, 'pipe'],
          encoding: 'utf8',
        });
        expect(run.status).toBe(2);
        expect(run.stderr).toMatch(/^ec2-key-rotate: cannot write to standard output: ENOSPC\n$/);
      } finally {
        closeSync(full);
      }
    }
  });
});

describe('--output', () => {
  test('replaces the file whole, and leaves no temporary file', async () => {
    const dir = dirWith({ id_ed25519: key.text });
    const reports = scratchDir('reports-');
    const file = join(reports, 'scan.json');
    writeFileSync(file, 'x'.repeat(100_000));
    const run = await runCli(['scan', dir, '--format', 'json', '--output', file]);
    expect(run.code).toBe(1);
    expect(jsonOf(run).findings).toHaveLength(1);
    expect(readdirSync(reports)).toEqual(['scan.json']);
  });

  test('a path that cannot be written is an error, and nothing is left behind', async () => {
    const dir = dirWith({ id_ed25519: key.text });
    const reports = scratchDir('reports-');
    const missing = await runCli(['scan', dir, '--output', join(reports, 'no/such/dir/out')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ec2-key-rotate: .*ENOENT/);
    mkdirSync(join(reports, 'a-directory'));
    const directory = await spawnCli(['scan', dir, '--output', join(reports, 'a-directory')]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toMatch(/^ec2-key-rotate: .*EISDIR/);
    expect(readdirSync(reports)).toEqual(['a-directory']);
    rmSync(reports, { recursive: true });
  });
});

describe('bounded output and memory on hostile input', () => {
  /** Peak RSS of the CLI's own process (KiB), from the benchmark's probe, and its JSON size. */
  async function measure(
    blocks: number,
  ): Promise<{ kib: number; bytes: number; code: number | null }> {
    const dir = dirWith({ 'junk.txt': Array.from({ length: blocks }, fragment).join('') });
    const rssFile = join(scratchDir('rss-'), 'rss');
    const probe = pathToFileURL(join(ROOT, 'bench', 'rss-probe.mjs')).href;
    const run = await spawnCli(['scan', dir, '--format', 'json', '--fail-on', 'any'], {
      BENCH_RSS_FILE: rssFile,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${probe}`].filter(Boolean).join(' '),
    });
    expect(existsSync(rssFile), run.stderr).toBe(true);
    const kib = Math.max(
      ...readFileSync(rssFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => Number(line.split(' ')[1])),
    );
    rmSync(dir, { recursive: true });
    return { kib, bytes: Buffer.byteLength(run.stdout), code: run.code };
  }

  test(
    '50k and 200k distinct truncated blocks (5 and 19 MB): a small report, memory far below the input-sized',
    {
      timeout: 120_000,
    },
    async () => {
      const small = await measure(50_000);
      const large = await measure(200_000);
      expect([small.code, large.code]).toEqual([1, 1]);
      // Ten listed, the rest counted: the old collector wrote 150 MB of JSON for 200k.
      expect(large.bytes).toBeLessThan(16 * 1024);
      expect(large.bytes - small.bytes).toBeLessThan(64);
      // The old collector held a finding per block: several hundred MB at 200k.
      expect(large.kib).toBeLessThan(400 * 1024);
    },
  );
});
