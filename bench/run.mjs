// Benchmark of the key scanner (`npm run bench`, `npm run bench -- --quick`).
//
// Builds (once, cached in bench/.work/) a synthetic git repository with
// private keys planted in its history, then measures in this one process:
//   1. history scan: `scan REPO --history` against reading every object with
//      `git cat-file --batch-all-objects --unordered --batch`, on the synthetic
//      history (target: at most 1.0x) and on one shaped like paramiko's, 25
//      keys at 6,000+ places (target: at most 1.5x);
//   2. tree scan of a 20,000-file / 300 MB checkout against `rg -l` for the
//      markers (target: at most 1.5x) and secretlint's private key rule
//      (target: at least 5x faster);
//   3. the scanner's peak memory on the history of a 4x smaller repository
//      and of the full one (flat memory: ratio close to 1).
// Every scanner run must find the planted keys, or the benchmark fails
// (exit 1): timing a scanner that finds nothing is worthless.
//
// Environment:
//   BENCH_CLI         scanner command line (default: this Node + dist/cli.js, or
//                     --cli FILE), e.g. "node_modules/.bin/tsx src/cli.ts"
//   BENCH_SECRETLINT  secretlint executable, or a directory with
//                     node_modules/.bin/secretlint (default: ./node_modules)
//   BENCH_SECRETLINT_TIMEOUT  seconds before a full-tree secretlint run is
//                     stopped and estimated from the subset instead (180)
//   BENCH_WORK_DIR    where repositories are built (bench/.work)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ensureRepository } from './generate.mjs';
import { GNU_TIME, interleave, median, peakRss, run } from './measure.mjs';
import { fmtBytes, fmtCount, fmtKiB, fmtRatio, fmtSeconds, printTable } from './report.mjs';

const ROOT = resolve(import.meta.dirname, '..');
/** Ours over `git cat-file --batch-all-objects --unordered --batch`, per history. */
const HISTORY_TARGETS = { synthetic: 1.0, paramiko: 1.5 };
const RG_TARGET = 1.5;
const SECRETLINT_TARGET = 5;
const MEMORY_TARGET = 1.5;
const MARKERS = ['-e', 'PRIVATE KEY-----', '-e', 'PuTTY-User-Key-File-'];
/** Top-level directory of the tree that the subset runs use (it holds one planted key). */
const SUBSET_DIR = 'pkg09';

/** A failure that makes the benchmark's numbers meaningless. */
class BenchFailure extends Error {}

const log = (message) => process.stderr.write(`bench: ${message}\n`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      cli: { type: 'string' },
      runs: { type: 'string' },
      'skip-secretlint': { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        'usage: node bench/run.mjs [--quick] [--cli FILE] [--runs N] [--skip-secretlint] [--strict]',
        '  --quick            small repositories (~6k blobs, ~55 MB) for a fast check',
        '  --cli FILE         the scanner to run with this Node (default dist/cli.js), e.g. a build in /tmp',
        '  --runs N           runs per timing; best and median reported (default 3)',
        '  --skip-secretlint  skip the secretlint comparison',
        '  --strict           exit 1 when a performance target is missed',
        'environment: BENCH_CLI, BENCH_SECRETLINT, BENCH_SECRETLINT_TIMEOUT, BENCH_WORK_DIR',
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  const runs = values.runs === undefined ? 3 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new BenchFailure(`--runs must be a positive integer`);
  return { ...values, runs };
}

/** The scanner's command line: BENCH_CLI, or this Node running dist/cli.js. */
function scannerCommand(cliFile) {
  if (cliFile) {
    const cli = resolve(cliFile);
    if (!existsSync(cli)) throw new BenchFailure(`--cli ${cliFile}: no such file`);
    return { command: process.execPath, args: [cli], label: `node ${cliFile}`, file: cli };
  }
  if (process.env.BENCH_CLI) {
    const [command, ...args] = process.env.BENCH_CLI.trim().split(/\s+/);
    return { command, args, label: process.env.BENCH_CLI.trim() };
  }
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    throw new BenchFailure(`${cli} does not exist: run \`npm run build\` first, or set BENCH_CLI`);
  }
  return { command: process.execPath, args: [cli], label: 'node dist/cli.js', file: cli };
}

function fileHash(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The secretlint command, or null when it is not installed. A Node script is
 * run with this process's Node (the one the scanner runs on), not whichever
 * `node` its shebang would find on PATH.
 */
function secretlintCommand() {
  const configured = process.env.BENCH_SECRETLINT;
  const candidates = configured
    ? [join(configured, 'node_modules', '.bin', 'secretlint'), configured]
    : [join(ROOT, 'node_modules', '.bin', 'secretlint')];
  const bin = candidates.find((file) => existsSync(file) && statSync(file).isFile());
  if (!bin) return null;
  const script = realpathSync(bin);
  const firstLine = readFileSync(script, 'utf8').slice(0, 200).split('\n')[0];
  return firstLine.startsWith('#!') && !firstLine.includes('node')
    ? { command: script, args: [] }
    : { command: process.execPath, args: [script] };
}

function toolVersion(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0];
  } catch {
    return null;
  }
}

/**
 * Checks one scanner run: exit code 1 (findings), valid JSON, every expected
 * key found by its fingerprint. Returns the parsed report.
 */
function checkScan(result, expectedKeys, what) {
  if (result.code !== 1) {
    const why = result.code === 0 ? 'exit code 0: no findings' : `exit code ${result.code}`;
    throw new BenchFailure(`${what}: ${why}\n${result.stderr.trim()}`);
  }
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch (error) {
    throw new BenchFailure(`${what}: output is not JSON (${error.message})`);
  }
  const found = new Set((report.findings ?? []).map((finding) => finding.fingerprint));
  const missing = expectedKeys.filter((key) => !found.has(key.fingerprint));
  if (missing.length) {
    throw new BenchFailure(
      `${what}: missed ${missing.length} of ${expectedKeys.length} planted keys: ` +
        missing.map((key) => `${key.name} (${key.type} ${key.form} ${key.path})`).join(', '),
    );
  }
  return report;
}

/** Runs the scanner; `stdout` is captured because it is checked. */
function scanRun(scanner, args, options = {}) {
  return run(scanner.command, [...scanner.args, 'scan', ...args, '--format', 'json'], options);
}

/** Start-up cost, which every scan pays: `--version` loads the same bundle. */
async function startupSection(scanner, runs) {
  const version = [...scanner.args, '--version'];
  const timing = await interleave(runs, {
    version: {
      once: () => run(scanner.command, version),
      check: (result) => {
        if (result.code !== 0)
          throw new BenchFailure(`--version: exit ${result.code}: ${result.stderr}`);
      },
    },
  });
  const memory = await peakRss(scanner.command, version);
  console.log(
    `Start-up (${scanner.label} --version): best ${fmtSeconds(timing.version.min)}, ` +
      `median ${fmtSeconds(timing.version.median)}; peak RSS ${fmtKiB(memory.nodeKiB ?? memory.treeKiB)}`,
  );
}

/** Reads every tracked file of a work tree once, so no tool pays for a cold page cache. */
function warmFiles(tree) {
  const files = execFileSync('git', ['ls-files', '-z'], {
    cwd: tree,
    maxBuffer: 256 * 1024 * 1024,
  });
  for (const file of files.toString('utf8').split('\0')) {
    if (file) readFileSync(join(tree, file));
  }
}

/**
 * What no Node scanner of this history can beat: a bare Node's start-up
 * (best of `runs`) plus the best of `runs` in-process reads of the packs
 * with the scanner's own reader, scanning nothing (bench/pack-floor.ts).
 */
async function historyFloor(repo, runs) {
  const starts = [];
  for (let i = 0; i < runs; i++) starts.push((await run(process.execPath, ['-e', '0'])).ms);
  const read = await run(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'pack-floor.ts'), repo.repo, String(runs)],
    { cwd: ROOT },
  );
  const readMs = Number(read.stdout.trim());
  if (read.code !== 0 || !Number.isFinite(readMs))
    throw new BenchFailure(`bench/pack-floor.ts: exit ${read.code}: ${read.stderr.trim()}`);
  return { ms: Math.min(...starts) + readMs };
}

/** Cells for a timing: best and median. */
const timeCells = (t) => [fmtSeconds(t.min), fmtSeconds(t.median)];

async function historySection(scanner, repo, runs, summary, { what, target }) {
  log(`history (${what}): warming the page cache, then ${runs} interleaved runs of each command`);
  await run('git', ['cat-file', '--batch-all-objects', '--batch', '--unordered'], {
    cwd: repo.repo,
    stdout: 'null',
  });
  const gitTask = (args, stdout) => ({
    once: () => run('git', args, { cwd: repo.repo, stdout }),
    check: (result) => {
      if (result.code !== 0)
        throw new BenchFailure(`git ${args[0]} failed: ${result.stderr.trim()}`);
    },
  });
  const catFile = ['cat-file', '--batch-all-objects', '--batch'];
  let report;
  const timings = await interleave(runs, {
    sorted: gitTask(catFile, 'null'),
    unordered: gitTask([...catFile, '--unordered'], 'null'),
    drained: gitTask([...catFile, '--unordered'], 'drain'),
    // Where every blob was written: the scanner runs it alongside the read.
    log: gitTask(
      [
        'log',
        '--raw',
        '--no-abbrev',
        '--no-renames',
        '-m',
        '-z',
        '--topo-order',
        '--format=%H',
        '--all',
      ],
      'drain',
    ),
    ours: {
      once: () => scanRun(scanner, [repo.repo, '--history']),
      check: (result) => {
        report = checkScan(result, repo.keys, 'history scan');
      },
    },
  });
  const ours = timings.ours.min;
  const stats = report.stats ?? {};
  const floor = await historyFloor(repo, runs);
  printTable(
    `History scan, ${what} (${repo.name}): ${fmtCount(repo.blobs + repo.trees + repo.commits)} objects, ` +
      `${fmtCount(repo.blobs)} blobs, ${fmtBytes(repo.blobBytes)} of blob content ` +
      `(pack ${fmtBytes(repo.packBytes)}), ${fmtCount(repo.commits)} commits`,
    ['command', 'best', 'median', 'ours / this'],
    [
      ['git cat-file --batch-all-objects --batch >/dev/null', timings.sorted],
      ['git cat-file ... --batch --unordered >/dev/null  (baseline)', timings.unordered],
      ['git cat-file ... --batch --unordered | read by Node', timings.drained],
      ['git log --raw -m --all (the scanner runs it alongside)', timings.log, false],
      ['ours: scan --history --format json', timings.ours],
      [
        'floor: Node start-up + the packs read in-process, nothing scanned',
        { min: floor.ms, median: floor.ms },
      ],
    ].map(([label, t, ratio = true]) => [
      label,
      ...timeCells(t),
      ratio ? fmtRatio(ours / t.min) : '',
    ]),
  );
  const planted = repo.keys.length;
  const places = report.findings.reduce((sum, finding) => sum + finding.locations.length, 0);
  console.log(
    `  found ${planted}/${planted} planted keys (${report.findings.length} findings) at ${fmtCount(places)} places` +
      (repo.keyPlaces ? ` (${fmtCount(repo.keyPlaces)} planted)` : '') +
      '; ' +
      `blobsScanned ${fmtCount(stats.blobsScanned)} of ${fmtCount(repo.blobs)}, ` +
      `bytesScanned ${fmtBytes(stats.bytesScanned)}; the scanner's own elapsedMs (last run) ${fmtCount(stats.elapsedMs)}`,
  );
  if (stats.blobsScanned !== repo.blobs) {
    console.log(
      `  WARNING: the scanner read ${stats.blobsScanned} blobs, the repository has ${repo.blobs}`,
    );
  }
  if (repo.keyPlaces && places < repo.keyPlaces * 0.99) {
    throw new BenchFailure(
      `history scan (${what}): ${places} places reported, ${repo.keyPlaces} planted`,
    );
  }
  const ratio = ours / timings.unordered.min;
  summary.push({
    what: `history scan, ${what} / git cat-file --batch-all-objects --unordered --batch`,
    value: fmtRatio(ratio),
    target: `<= ${target.toFixed(1)}x`,
    met: ratio <= target,
  });
  summary.push({
    what: `history floor, ${what}: Node start-up + reading the packs (no scan) / the baseline`,
    value: fmtRatio(floor.ms / timings.unordered.min),
    target: 'info',
    met: null,
  });
  summary.push({
    what: `history scan, ${what} / the same without --unordered`,
    value: fmtRatio(ours / timings.sorted.min),
    target: 'info',
    met: null,
  });
}

async function treeSection(scanner, repo, options, summary) {
  const headKeys = repo.keys.filter((key) => key.inHead);
  const subsetKeys = headKeys.filter((key) => key.path.startsWith(`${SUBSET_DIR}/`));
  const subsetPath = join(repo.tree, SUBSET_DIR);
  const subsetSize = repo.head.byTopDir[SUBSET_DIR];
  const inputs = {
    full: `whole tree (${fmtCount(repo.head.files)} files, ${fmtBytes(repo.head.bytes)})`,
    sub: `subset ${SUBSET_DIR}/ (${fmtCount(subsetSize.files)} files, ${fmtBytes(subsetSize.bytes)})`,
  };
  const rgVersion = toolVersion('rg', ['--version']);
  const rgTask = (path, keys) => ({
    once: () => run('rg', ['-l', ...MARKERS, path]),
    check: (result) => {
      const missing = keys.filter((key) => !result.stdout.includes(key.path));
      if (result.code > 1 || missing.length) {
        throw new BenchFailure(
          `rg exit ${result.code}, missed ${missing.map((key) => key.path).join(', ')}`,
        );
      }
    },
  });
  const oursTask = (path, keys) => ({
    once: () => scanRun(scanner, [path]),
    check: (result) => checkScan(result, keys, `tree scan of ${path}`),
  });

  log(`tree: ${options.runs} interleaved runs of the scanner${rgVersion ? ' and rg' : ''}`);
  warmFiles(repo.tree);
  const floorTask = (threads) => ({
    once: () =>
      run(process.execPath, [
        join(ROOT, 'bench', 'read-floor.mjs'),
        repo.tree,
        '--threads',
        String(threads),
      ]),
    check: (result) => {
      if (result.code !== 0)
        throw new BenchFailure(`bench/read-floor.mjs: exit ${result.code}: ${result.stderr}`);
    },
  });
  const full = await interleave(options.runs, {
    ours: oursTask(repo.tree, headKeys),
    floor: floorTask(1),
    floor2: floorTask(2),
    ...(rgVersion ? { rg: rgTask(repo.tree, headKeys) } : {}),
  });
  const sub = await interleave(options.runs, {
    ours: oursTask(subsetPath, subsetKeys),
    ...(rgVersion ? { rg: rgTask(subsetPath, subsetKeys) } : {}),
  });

  const rows = [
    ['ours: scan PATH --format json', inputs.full, ...timeCells(full.ours), '1.00x'],
    ['ours: scan PATH --format json', inputs.sub, ...timeCells(sub.ours), '1.00x'],
    [
      'floor: Node lists, opens, fstats, reads, closes each file (no scan)',
      inputs.full,
      ...timeCells(full.floor),
      fmtRatio(full.floor.min / full.ours.min),
    ],
    [
      'floor on two threads (this one and a worker, batches of 32 files)',
      inputs.full,
      ...timeCells(full.floor2),
      fmtRatio(full.floor2.min / full.ours.min),
    ],
  ];
  if (rgVersion) {
    const overRg = full.ours.min / full.rg.min;
    summary.push({
      what: `tree scan / rg -l for the markers, whole tree (${inputs.full})`,
      value: fmtRatio(overRg),
      target: `<= ${RG_TARGET.toFixed(1)}x`,
      met: overRg <= RG_TARGET,
    });
    summary.push({
      what: 'tree floor: one Node thread reading every file, nothing scanned / rg -l',
      value: fmtRatio(full.floor.min / full.rg.min),
      target: 'info',
      met: null,
    });
    summary.push({
      what: 'tree floor: two Node threads reading every file, nothing scanned / rg -l',
      value: fmtRatio(full.floor2.min / full.rg.min),
      target: 'info',
      met: null,
    });
    rows.push([
      `${rgVersion} -l (markers only)`,
      inputs.full,
      ...timeCells(full.rg),
      fmtRatio(full.rg.min / full.ours.min),
    ]);
    rows.push([
      `${rgVersion} -l (markers only)`,
      inputs.sub,
      ...timeCells(sub.rg),
      fmtRatio(sub.rg.min / sub.ours.min),
    ]);
  }
  const notes = [];
  if (!rgVersion) notes.push('rg: skipped: ripgrep is not installed (apt-get install ripgrep)');
  const secretlint = options['skip-secretlint'] ? null : secretlintCommand();
  if (options['skip-secretlint']) {
    notes.push('secretlint: skipped (--skip-secretlint)');
  } else if (!secretlint) {
    notes.push(
      'secretlint: skipped: install secretlint (npm install -D secretlint @secretlint/secretlint-rule-privatekey) or set BENCH_SECRETLINT',
    );
  } else {
    const ours = { full: full.ours.min, sub: sub.ours.min };
    await secretlintRows(secretlint, repo, {
      ours,
      inputs,
      headKeys,
      subsetKeys,
      options,
      rows,
      notes,
      summary,
    });
  }

  printTable(
    'Tree scan: the HEAD checkout (a git work tree: ours reads the tracked files)',
    ['command', 'input', 'best', 'median', 'this / ours'],
    rows,
  );
  for (const note of notes) console.log(`  ${note}`);
}

/**
 * secretlint with only the private key rule: `runs` times on the subset,
 * then on the whole tree: once, and again only when that was quick.
 */
async function secretlintRows(secretlint, repo, ctx) {
  const { ours, inputs, headKeys, subsetKeys, options, rows, notes, summary } = ctx;
  const version = toolVersion(secretlint.command, [...secretlint.args, '--version']) ?? '?';
  const label = `secretlint ${version} (privatekey rule)`;
  const rc = join(dirname(repo.dir), '.secretlintrc.json');
  writeFileSync(
    rc,
    `${JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-privatekey' }] }, null, 2)}\n`,
  );
  const timeoutS = Number(process.env.BENCH_SECRETLINT_TIMEOUT ?? 180);
  const task = (glob, keys, what) => ({
    once: () =>
      run(
        secretlint.command,
        [...secretlint.args, '--secretlintrc', rc, '--format', 'unix', '--no-color', glob],
        {
          cwd: repo.tree,
          timeoutMs: timeoutS * 1000,
        },
      ),
    check: (result) => {
      if (result.timedOut) return;
      if (result.code !== 0 && result.code !== 1) {
        throw new BenchFailure(
          `${what}: secretlint exit ${result.code}: ${result.stderr.trim().split('\n')[0]}`,
        );
      }
      // "path:line:column: [PrivateKey] found private key: *** [Error/...privatekey]"
      const flagged = result.stdout.split('\n').filter((line) => line.includes('privatekey'));
      const missing = keys.filter((key) => !flagged.some((line) => line.includes(`/${key.path}:`)));
      if (missing.length) {
        notes.push(`${what}: secretlint missed ${missing.map((key) => key.path).join(', ')}`);
      }
    },
  });

  log(`tree: secretlint ${version} on ${SUBSET_DIR}/ (${options.runs} runs)`);
  const sub = (
    await interleave(options.runs, {
      s: task(`${SUBSET_DIR}/**/*`, subsetKeys, `secretlint on ${SUBSET_DIR}/`),
    })
  ).s;
  const subRatio = sub.min / ours.sub;
  rows.push([label, inputs.sub, ...timeCells(sub), fmtRatio(subRatio)]);

  log(`tree: secretlint on the whole tree (stopped after ${timeoutS} s; repeated only if quick)`);
  const wholeTask = task('**/*', headKeys, 'secretlint on the whole tree');
  const first = await interleave(1, { s: wholeTask });
  const quick = !first.s.last.timedOut && first.s.min * (options.runs - 1) < 40_000;
  const whole =
    quick && options.runs > 1 ? await interleave(options.runs - 1, { s: wholeTask }) : null;
  const times = [...first.s.times, ...(whole ? whole.s.times : [])];
  const best = Math.min(...times);
  const subsetBytes = repo.head.byTopDir[SUBSET_DIR].bytes;
  const linear = (sub.min * repo.head.bytes) / subsetBytes;
  let fullRatio;
  if (first.s.last.timedOut) {
    fullRatio = (timeoutS * 1000) / ours.full;
    rows.push([label, inputs.full, `> ${timeoutS} s`, 'stopped', `> ${fmtRatio(fullRatio)}`]);
    notes.push(
      `secretlint was stopped after ${timeoutS} s on the whole tree; scaled from the subset by bytes it ` +
        `would take ${fmtSeconds(linear)} (${fmtRatio(linear / ours.full)} ours) if it scaled linearly`,
    );
  } else {
    fullRatio = best / ours.full;
    rows.push([
      label,
      inputs.full,
      fmtSeconds(best),
      times.length > 1 ? fmtSeconds(median(times)) : '(1 run)',
      fmtRatio(fullRatio),
    ]);
    if (best > 2 * linear) {
      notes.push(
        `secretlint grows faster than the input: the whole tree took ${fmtRatio(best / linear)} its ` +
          `${SUBSET_DIR}/ time scaled by bytes (${fmtSeconds(linear)})`,
      );
    }
  }
  summary.push({
    what: 'tree scan speed-up over secretlint, whole tree',
    value: fmtRatio(fullRatio),
    target: `>= ${SECRETLINT_TARGET}x`,
    met: fullRatio >= SECRETLINT_TARGET,
  });
  summary.push({
    what: `tree scan speed-up over secretlint, ${SUBSET_DIR}/ subset`,
    value: fmtRatio(subRatio),
    target: `>= ${SECRETLINT_TARGET}x`,
    met: subRatio >= SECRETLINT_TARGET,
  });
}

async function memorySection(scanner, small, large, summary) {
  log('memory: peak RSS of one history scan of each repository');
  const measure = async (repo) => {
    const result = await peakRss(scanner.command, [
      ...scanner.args,
      'scan',
      repo.repo,
      '--history',
      '--format',
      'json',
    ]);
    checkScan(result, repo.keys, `history scan of ${repo.name} (memory run)`);
    return result;
  };
  const a = await measure(small);
  const b = await measure(large);
  const rows = [
    [small, a],
    [large, b],
  ].map(([repo, result]) => [
    repo.name,
    `${fmtCount(repo.blobs)} blobs, ${fmtBytes(repo.blobBytes)}`,
    fmtKiB(result.nodeKiB),
    fmtKiB(result.treeKiB),
    fmtSeconds(result.ms),
  ]);
  const nodeRatio = a.nodeKiB && b.nodeKiB ? b.nodeKiB / a.nodeKiB : null;
  const treeRatio = a.treeKiB && b.treeKiB ? b.treeKiB / a.treeKiB : null;
  rows.push([
    `${large.name} / ${small.name}`,
    `${fmtRatio(large.blobBytes / small.blobBytes)} the content`,
    nodeRatio === null ? 'n/a' : fmtRatio(nodeRatio),
    treeRatio === null ? 'n/a' : fmtRatio(treeRatio),
    '',
  ]);
  printTable(
    'Memory: peak RSS of scan --history',
    ['repository', 'size', 'scanner (Node) peak', 'largest process incl. git', 'time'],
    rows,
  );
  if (!existsSync(GNU_TIME))
    console.log(`  GNU time is not installed (apt-get install time): no figure including git`);
  if (nodeRatio === null)
    console.log('  the RSS probe did not report: is BENCH_CLI a Node program?');
  const ratio = nodeRatio ?? treeRatio;
  if (ratio !== null) {
    summary.push({
      what: `history scan peak RSS, ${large.name} / ${small.name} repository`,
      value: fmtRatio(ratio),
      target: `<= ${MEMORY_TARGET}x (flat)`,
      met: ratio <= MEMORY_TARGET,
    });
  }
}

async function main() {
  const options = parseOptions();
  const started = performance.now();
  const scanner = scannerCommand(options.cli);
  const workDir = resolve(process.env.BENCH_WORK_DIR ?? join(ROOT, 'bench', '.work'));
  mkdirSync(workDir, { recursive: true });
  const [bigName, smallName, paramikoName, treeName] = options.quick
    ? ['quick', 'quick-quarter', 'paramiko-quick', 'tree300-quick']
    : ['full', 'quarter', 'paramiko', 'tree300'];

  const large = await ensureRepository(workDir, bigName, { log });
  const small = await ensureRepository(workDir, smallName, { log });
  const paramiko = await ensureRepository(workDir, paramikoName, { log });
  const tree = await ensureRepository(workDir, treeName, { withTree: true, log });

  console.log(
    `\nec2-key-rotate scanner benchmark (${bigName}): ${scanner.label}; Node ${process.version}, ` +
      `${toolVersion('git', ['--version'])}, ${cpus().length} CPUs`,
  );
  console.log(
    `Each timing: best and median of ${options.runs} interleaved runs, wall clock from spawn to exit; ratios use the best.`,
  );
  const loadBefore = loadavg()[0];
  const cliHash = scanner.file && fileHash(scanner.file);
  const summary = [];
  await startupSection(scanner, options.runs);
  await historySection(scanner, large, options.runs, summary, {
    what: 'synthetic',
    target: HISTORY_TARGETS.synthetic,
  });
  await historySection(scanner, paramiko, options.runs, summary, {
    what: 'paramiko-shaped',
    target: HISTORY_TARGETS.paramiko,
  });
  await treeSection(scanner, tree, options, summary);
  await memorySection(scanner, small, large, summary);
  if (cliHash && fileHash(scanner.file) !== cliHash) {
    console.log(
      `\nWARNING: ${scanner.file} changed during the benchmark: runs used different builds.`,
    );
  }
  const load = Math.max(loadBefore, loadavg()[0]);
  if (load > cpus().length / 2) {
    console.log(
      `\nWARNING: the machine was busy (1-minute load average up to ${load.toFixed(1)} on ${cpus().length} CPUs): ` +
        'timings are noisy; the best of several runs is the fairest figure.',
    );
  }

  printTable(
    'Targets',
    ['measure', 'value', 'target', ''],
    summary.map((item) => [
      item.what,
      item.value,
      item.target,
      item.met === null ? '' : item.met ? 'met' : 'MISSED',
    ]),
  );
  if (options.quick) {
    console.log(
      '  --quick: the inputs are small, so start-up is a large share of every time; the targets are meant for the full run.',
    );
  }
  console.log(`\nbenchmark took ${fmtSeconds(performance.now() - started)}`);
  const missed = summary.filter((item) => item.met === false);
  if (options.strict && missed.length) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  if (error instanceof BenchFailure) {
    process.stderr.write(`\nbench: FAILED: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
