/**
 * Hostile input must cost time linear in its size and in the number of
 * places: each case scans the same input at two sizes, N and 4N, and fails
 * only when the time grows super-linearly (a ratio of 10 where linear is 4
 * and quadratic 16), so a slow or busy machine does not fail it. Absolute
 * times are measured by `npm run bench:scan` (bench/hostile.mjs), not here.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { scan, type ScanResult, type ScanSource } from '../../src/scan/scan.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { ED25519, makeKey, scratchDir } from '../helpers/gitrepo.js';
import { OPENSSH_LABEL, pemBegin, pemEnd, RSA_LABEL } from './detector-fixtures.js';

/** Generous: linear input makes 4, quadratic 16. */
const MAX_RATIO = 10;

let key: TestKey;

beforeAll(() => {
  key = makeKey('hostile-ed25519', ED25519);
});

const PLACEHOLDER = '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n';
const PUTTY_PAIR = 'PuTTY-User-Key-File-2: ssh-rsa\nPublic-Lines: 1\nPrivate-Lines: 1\n';

/** A directory holding one file made of `count` copies of `unit`. */
function fileOf(unit: string, count: number): string {
  const dir = scratchDir('hostile-');
  writeFileSync(join(dir, 'blocks.txt'), unit.repeat(count));
  return dir;
}

/**
 * A distinct PEM block no parser reads: two lines of random base64 and END,
 * as a paste cut short leaves a key. Each used to cost a failed parse (half
 * a millisecond, OpenSSL's decoders tried on it), however many came before.
 */
function unparsable(): string {
  const body = randomBytes(96).toString('base64');
  return `${pemBegin(RSA_LABEL)}\n${body.slice(0, 64)}\n${body.slice(64)}\n${pemEnd(RSA_LABEL)}\n`;
}

/** A distinct OpenSSH fragment without END: the container's magic, then random bytes. */
function opensshFragment(): string {
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0\0\0', 'latin1'), randomBytes(60)]);
  return `${pemBegin(OPENSSH_LABEL)}\n${body.toString('base64')}\n`;
}

/** A directory of `files` files of `perFile` distinct blocks each, `last` appended to the last file. */
function floodTree(files: number, perFile: number, block: () => string, last = ''): string {
  const dir = scratchDir('hostile-flood-');
  for (let file = 0; file < files; file++) {
    const text = Array.from({ length: perFile }, block).join('');
    writeFileSync(
      join(dir, `f${String(file).padStart(5, '0')}.txt`),
      text + (file === files - 1 ? last : ''),
    );
  }
  return dir;
}

/**
 * A repository whose one key file is rewritten by `commits` commits (a
 * line below the key changes, so every version is a new blob holding the
 * key), built with git fast-import: seconds for ten thousand commits.
 */
function keyFileHistory(commits: number): string {
  const dir = join(scratchDir('hostile-history-'), 'repo');
  mkdirSync(dir, { recursive: true });
  const git = (args: string[], input?: string): void => {
    execFileSync('git', args, {
      cwd: dir,
      input,
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });
  };
  git(['init', '-q', '-b', 'main']);
  const parts: string[] = [];
  for (let i = 0; i < commits; i++) {
    const content = `${key.text}# revision ${i}\n`;
    const message = `revision ${i}\n`;
    parts.push(
      'commit refs/heads/main',
      `committer Alice <alice@example.com> ${1_700_000_000 + i} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      'M 100644 inline deploy/id_ed25519',
      `data ${Buffer.byteLength(content)}`,
      content,
    );
  }
  git(['fast-import', '--quiet'], `${parts.join('\n')}\n`);
  return dir;
}

async function scanOnce(path: string, source: ScanSource): Promise<ScanResult> {
  return scan({ path, source, ignore: [] });
}

/** Best of two runs, in ms: the least disturbed by the rest of the machine. */
async function bestTime(path: string, source: ScanSource): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < 2; run++) {
    const started = performance.now();
    await scanOnce(path, source);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Scans both inputs (after a warm-up on the small one) and checks the growth. */
async function expectLinear(
  small: string,
  large: string,
  source: ScanSource = { kind: 'tree' },
  maxLargeMs = Infinity,
): Promise<void> {
  await scanOnce(small, source);
  const smallMs = await bestTime(small, source);
  const largeMs = await bestTime(large, source);
  const ratio = largeMs / smallMs;
  expect(
    ratio,
    `4x the input took ${ratio.toFixed(1)}x the time (${smallMs.toFixed(0)} ms -> ${largeMs.toFixed(0)} ms)`,
  ).toBeLessThan(MAX_RATIO);
  // A cost per block can be linear and still far too high: some cases bound the time too.
  expect(largeMs, `the large input took ${largeMs.toFixed(0)} ms`).toBeLessThan(maxLargeMs);
}

describe('time grows linearly with hostile input', () => {
  test('placeholder blocks in one file (5k and 20k, 1.3 MB)', { timeout: 60_000 }, async () => {
    const small = fileOf(PLACEHOLDER, 5_000);
    const large = fileOf(PLACEHOLDER, 20_000);
    const result = await scanOnce(large, { kind: 'tree' });
    // Listed up to the per-file limit, the rest counted: never dropped silently.
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.locations).toHaveLength(10);
    expect(result.omitted?.perFile).toBe(19_990);
    expect(result.warnings).toEqual([expect.stringMatching(/^19990 more low-confidence blocks/)]);
    await expectLinear(small, large);
  });

  test('PuTTY header pairs (10k and 40k, 1.8 MB)', { timeout: 60_000 }, async () => {
    const small = fileOf(PUTTY_PAIR, 10_000);
    const large = fileOf(PUTTY_PAIR, 40_000);
    const result = await scanOnce(large, { kind: 'tree' });
    expect(result.findings.reduce((sum, f) => sum + f.locations.length, 0)).toBe(10);
    expect(result.omitted?.perFile).toBe(39_990);
    await expectLinear(small, large);
  });

  test(
    'distinct unparsable blocks, then a real key (10k and 40k, 1.9 and 7.7 MB)',
    { timeout: 120_000 },
    async () => {
      const small = floodTree(1, 10_000, unparsable, key.text);
      const large = floodTree(1, 40_000, unparsable, key.text);
      const result = await scanOnce(large, { kind: 'tree' });
      // The key after the flood is parsed and listed; of the flood, 10 listed and the rest counted.
      expect(result.findings.filter((f) => f.fingerprint).map((f) => f.fingerprint)).toEqual([
        key.fingerprint,
      ]);
      expect(result.findings.filter((f) => !f.fingerprint)).toHaveLength(10);
      expect(result.omitted?.perFile).toBe(39_990);
      // A parse each took 20 s and more for the large input; counted without one, about 1.
      await expectLinear(small, large, { kind: 'tree' }, 10_000);
    },
  );

  test(
    'OpenSSH fragments without END, then a real key (20k and 80k, 2.8 and 11 MB)',
    { timeout: 120_000 },
    async () => {
      const small = floodTree(1, 20_000, opensshFragment, key.text);
      const large = floodTree(1, 80_000, opensshFragment, key.text);
      const result = await scanOnce(large, { kind: 'tree' });
      expect(result.findings.filter((f) => f.fingerprint).map((f) => f.fingerprint)).toEqual([
        key.fingerprint,
      ]);
      expect(result.omitted?.perFile).toBe(79_990);
      await expectLinear(small, large, { kind: 'tree' }, 30_000);
    },
  );

  test(
    'trees of 250 and 1,000 files of 20 distinct unparsable blocks, a real key in the last',
    { timeout: 120_000 },
    async () => {
      const small = floodTree(250, 20, unparsable, key.text);
      const large = floodTree(1_000, 20, unparsable, key.text);
      const result = await scanOnce(large, { kind: 'tree' });
      expect(result.findings.filter((f) => f.fingerprint).map((f) => f.fingerprint)).toEqual([
        key.fingerprint,
      ]);
      // 10 listed a file (10,000 in all: the scan's limit), 10 a file counted.
      expect(result.findings.filter((f) => !f.fingerprint)).toHaveLength(10_000);
      expect(result.omitted?.perFile).toBe(10_000);
      // The 10 listed of each file were parsed each (10,000 failed parses: 5 s and more).
      await expectLinear(small, large, { kind: 'tree' }, 5_000);
    },
  );

  test(
    'copies of one real key (5k and 20k, 7.4 MB): every place listed',
    {
      timeout: 60_000,
    },
    async () => {
      const small = fileOf(key.text, 5_000);
      const large = fileOf(key.text, 20_000);
      const result = await scanOnce(large, { kind: 'tree' });
      expect(result.findings.map((f) => f.fingerprint)).toEqual([key.fingerprint]);
      const lines = result.findings[0]?.locations.map((l) => l.line) ?? [];
      expect(lines).toHaveLength(20_000);
      expect(new Set(lines).size).toBe(20_000);
      await expectLinear(small, large);
    },
  );

  test(
    'copies of one key in clear and in base64 in one file (2.5k and 10k of each)',
    { timeout: 120_000 },
    async () => {
      // Each decoded copy was compared with every clear one: 10k of each took 11 s.
      const unit = `${key.text}${Buffer.from(key.text).toString('base64')}\n`;
      const small = fileOf(unit, 2_500);
      const large = fileOf(unit, 10_000);
      const result = await scanOnce(large, { kind: 'tree' });
      expect(result.findings.map((f) => f.fingerprint)).toEqual([key.fingerprint]);
      // The base64 copies repeat the clear ones (a key reported once per place in clear).
      expect(result.findings[0]?.locations).toHaveLength(10_000);
      await expectLinear(small, large, { kind: 'tree' }, 10_000);
    },
  );

  test(
    'one key file rewritten by 2.5k and 10k commits (--history)',
    {
      timeout: 120_000,
    },
    async () => {
      const small = keyFileHistory(2_500);
      const large = keyFileHistory(10_000);
      const result = await scanOnce(large, { kind: 'history' });
      expect(result.findings.map((f) => f.fingerprint)).toEqual([key.fingerprint]);
      const locations = result.findings[0]?.locations ?? [];
      expect(locations).toHaveLength(10_000);
      // The first commit introduced it, wherever it was seen later.
      const first = execFileSync('git', ['rev-list', '--max-parents=0', 'main'], { cwd: large })
        .toString()
        .trim();
      expect(new Set(locations.map((l) => l.introducedBy))).toEqual(new Set([first]));
      await expectLinear(small, large, { kind: 'history' });
    },
  );
});
