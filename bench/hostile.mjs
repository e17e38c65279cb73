// Hostile-input benchmark of the scanner (first part of `npm run bench:scan`).
//
// Each case is scanned at two sizes, N and 4N, by the CLI in a child
// process. Printed: the time at each size and their ratio (linear input
// gives about 4, quadratic 16; the target is below 6), the scanner's own
// peak RSS and the size of its JSON report at 4N (both should stay flat
// where the input is junk). The cases are those of issue 10:
//   - documentation placeholders in one file (20k blocks, 1.3 MB);
//   - PuTTY header pairs without a key (40k, 1.8 MB);
//   - copies of one real key (40k, 15 MB): every place is listed;
//   - one key file rewritten by 10k commits (`--history`);
//   - distinct truncated blocks (600k, 58 MB): listed up to the per-file
//     limit, the rest counted.
// Every run must report what it should (the key, the counted blocks), or
// the benchmark fails with exit 1: timing a scanner that misses is
// worthless. Exit 0 otherwise; with --strict, 1 when a ratio misses 6.
//
// Environment:
//   BENCH_CLI       scanner command line (default: this Node + dist/cli.js)
//   BENCH_WORK_DIR  where inputs are built (bench/.work)
//   BENCH_HOSTILE_SCALE  multiply every size (default 1; 0.25 for a quick run)
// `npm run bench:scan` runs this first, then bench/run.mjs, which takes the
// command line's options (`npm run bench:scan -- --quick`).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { peakRss } from './measure.mjs';
import { fmtKiB, fmtRatio, fmtSeconds, printTable } from './report.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const RATIO_TARGET = 6;
const PLACEHOLDER = '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n';
// With Private-Lines: a PuTTY file without a private section is a public key, no finding.
const PUTTY_PAIR = 'PuTTY-User-Key-File-2: ssh-rsa\nPublic-Lines: 1\nPrivate-Lines: 1\n';

class BenchFailure extends Error {}

/** Reports are small where the input is junk: KiB below a MiB. */
const fmtSize = (bytes) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : fmtKiB(bytes / 1024);

const log = (message) => process.stderr.write(`bench: ${message}\n`);

/** The scanner's command line: BENCH_CLI, or this Node running dist/cli.js. */
function scannerCommand() {
  if (process.env.BENCH_CLI) {
    const [command, ...args] = process.env.BENCH_CLI.trim().split(/\s+/);
    return { command, args, label: process.env.BENCH_CLI.trim() };
  }
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli))
    throw new BenchFailure(`${cli} does not exist: run \`npm run build\` first, or set BENCH_CLI`);
  return { command: process.execPath, args: [cli], label: 'node dist/cli.js' };
}

/** A fresh ed25519 key from ssh-keygen: its text and SHA256 fingerprint. */
function generateKey(dir) {
  const file = join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', file]);
  const listing = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`]);
  return { text: readFileSync(file, 'utf8'), fingerprint: listing.toString().split(' ')[1] };
}

function fileOf(dir, name, text) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return dir;
}

/** A repository whose one key file is rewritten by `commits` commits, by git fast-import. */
function keyFileHistory(dir, key, commits) {
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  const parts = [];
  for (let i = 0; i < commits; i++) {
    const content = `${key.text}# revision ${i}\n`;
    const message = `revision ${i}\n`;
    parts.push(
      'commit refs/heads/main',
      `committer Bench <bench@example.com> ${1_700_000_000 + i} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      'M 100644 inline deploy/id_ed25519',
      `data ${Buffer.byteLength(content)}`,
      content,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], {
    cwd: dir,
    env,
    input: `${parts.join('\n')}\n`,
  });
  return dir;
}

/** The cases: a builder for size n, the scan arguments, and what the report must hold. */
function cases(key, scale) {
  const size = (n) => Math.max(1, Math.round(n * scale));
  const fragments = (n) => {
    const out = [];
    for (let i = 0; i < n; i++)
      out.push(`-----BEGIN RSA PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n`);
    return out.join('');
  };
  const unparsable = (n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const body = randomBytes(96).toString('base64');
      out.push(
        `-----BEGIN RSA PRIVATE KEY-----\n${body.slice(0, 64)}\n${body.slice(64)}\n-----END RSA PRIVATE KEY-----\n`,
      );
    }
    return out.join('');
  };
  const counted = (n) => (report) =>
    report.omitted?.perFile === n - 10 ||
    `expected ${n - 10} blocks counted, got ${JSON.stringify(report.omitted)}`;
  const everyPlace = (n) => (report) =>
    (report.findings.length === 1 &&
      report.findings[0].fingerprint === key.fingerprint &&
      report.findings[0].locations.length === n) ||
    `expected the key at ${n} places, got ${report.findings.map((f) => `${f.fingerprint}:${f.locations.length}`)}`;
  return [
    {
      name: 'placeholders, one file',
      n: size(5_000),
      build: (dir, n) => fileOf(dir, 'README.md', PLACEHOLDER.repeat(n)),
      check: counted,
    },
    {
      name: 'PuTTY header pairs, one file',
      n: size(10_000),
      build: (dir, n) => fileOf(dir, 'notes.txt', PUTTY_PAIR.repeat(n)),
      check: counted,
    },
    {
      name: 'copies of one key, one file',
      n: size(10_000),
      build: (dir, n) => fileOf(dir, 'keys.txt', key.text.repeat(n)),
      check: everyPlace,
    },
    {
      name: 'key file rewritten by commits (--history)',
      n: size(2_500),
      args: ['--history'],
      build: (dir, n) => keyFileHistory(dir, key, n),
      check: everyPlace,
    },
    {
      name: 'distinct truncated blocks, one file',
      n: size(150_000),
      build: (dir, n) => fileOf(dir, 'junk.txt', fragments(n)),
      check: counted,
    },
    {
      // Whole blocks (with END) that parse to nothing: each was parsed before it was counted.
      name: 'distinct unparsable blocks, one file',
      n: size(20_000),
      build: (dir, n) => fileOf(dir, 'junk.txt', unparsable(n)),
      check: counted,
    },
    {
      // Each base64 copy was compared with every clear copy.
      name: 'copies of one key in clear and in base64',
      n: size(2_500),
      build: (dir, n) =>
        fileOf(
          dir,
          'keys.txt',
          `${key.text}${Buffer.from(key.text).toString('base64')}\n`.repeat(n),
        ),
      check: everyPlace,
    },
  ];
}

async function scanOnce(scanner, dir, args, check, n) {
  const run = await peakRss(
    scanner.command,
    [...scanner.args, 'scan', dir, ...args, '--format', 'json', '--fail-on', 'none'],
    { cwd: ROOT },
  );
  if (run.code !== 0) throw new BenchFailure(`scan ${dir} exited ${run.code}: ${run.stderr}`);
  const verdict = check(n)(JSON.parse(run.stdout));
  if (verdict !== true) throw new BenchFailure(`scan ${dir}: ${verdict}`);
  return { ms: run.ms, kib: run.nodeKiB, bytes: Buffer.byteLength(run.stdout) };
}

async function main() {
  const { values } = parseArgs({ options: { strict: { type: 'boolean', default: false } } });
  const scale = Number(process.env.BENCH_HOSTILE_SCALE ?? '1');
  if (!(scale > 0)) throw new BenchFailure('BENCH_HOSTILE_SCALE must be a positive number');
  const scanner = scannerCommand();
  const workRoot = resolve(process.env.BENCH_WORK_DIR ?? join(ROOT, 'bench', '.work'));
  mkdirSync(workRoot, { recursive: true });
  const work = mkdtempSync(join(workRoot, 'hostile-'));
  const rows = [];
  let missed = 0;
  try {
    const key = generateKey(work);
    for (const [index, item] of cases(key, scale).entries()) {
      const small = item.build(join(work, `${index}-small`), item.n);
      const large = item.build(join(work, `${index}-large`), 4 * item.n);
      // The inputs are plain directories; under bench/.work they sit inside this
      // repository's work tree, where a tree scan reads tracked files only.
      const args = item.args ?? ['--no-git'];
      log(`${item.name}: ${item.n} and ${4 * item.n}`);
      // A warm-up, then the better of two runs at each size.
      await scanOnce(scanner, small, args, item.check, item.n);
      const best = async (dir, n) => {
        const a = await scanOnce(scanner, dir, args, item.check, n);
        const b = await scanOnce(scanner, dir, args, item.check, n);
        return a.ms <= b.ms ? a : b;
      };
      const s = await best(small, item.n);
      const l = await best(large, 4 * item.n);
      const ratio = l.ms / s.ms;
      if (ratio > RATIO_TARGET) missed++;
      rows.push([
        item.name,
        `${item.n.toLocaleString('en-US')} / ${(4 * item.n).toLocaleString('en-US')}`,
        fmtSeconds(s.ms),
        fmtSeconds(l.ms),
        `${fmtRatio(ratio)}${ratio > RATIO_TARGET ? ' (!)' : ''}`,
        fmtKiB(s.kib),
        fmtKiB(l.kib),
        fmtSize(l.bytes),
      ]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  printTable(
    `Hostile input at N and 4N (${scanner.label}; time ratio target < ${RATIO_TARGET}x, linear 4x)`,
    ['case', 'N / 4N', 'time N', 'time 4N', 'ratio', 'RSS N', 'RSS 4N', 'JSON 4N'],
    rows,
  );
  if (missed && values.strict) process.exitCode = 1;
}

main().catch((error) => {
  log(error instanceof BenchFailure ? error.message : (error.stack ?? String(error)));
  process.exitCode = 1;
});
