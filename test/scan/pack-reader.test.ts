/**
 * The history scan's own pack reader (src/scan/pack/) against git's: the same
 * report for every kind of store, the same objects read by readPacks itself,
 * hostile packs rejected (and the scan then as git gives it), and the worker
 * thread's share of the packs read as this thread reads them.
 *
 * Keys are made at test time; anything compared that could hold a key's text
 * (a block's text, a commit's head) is compared by its digest.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { scanAllObjects, type ObjectHit } from '../../src/scan/object-reader.js';
import { allowScanWorkers } from '../../src/scan/parallel.js';
import {
  applyDelta,
  deltaResultSize,
  PackCycleError,
  PackFormatError,
  parseEntryHeader,
} from '../../src/scan/pack/format.js';
import { PackIndex } from '../../src/scan/pack/pack-index.js';
import { PackReader } from '../../src/scan/pack/pack-reader.js';
import { readPacks, type PackRead } from '../../src/scan/pack/read-packs.js';
import { claimNext, familySegmentsOf, segmentsOf } from '../../src/scan/pack/segments.js';
import { storeLayout } from '../../src/scan/pack/store-layout.js';
import type { TestKey } from '../helpers/keyfactory.js';
import {
  CLI,
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  NODE,
  ROOT,
  RSA_PEM,
  runCli,
  scratchDir,
  secretRunsIn,
  type CliRun,
  type JsonReport,
} from '../helpers/gitrepo.js';

/** Whether this git makes SHA-256 repositories (2.29+). */
const SHA256 = ((): boolean => {
  try {
    git(scratchDir('sha256-check-'), ['init', '-q', '--object-format=sha256', 'repo']);
    return true;
  } catch {
    return false;
  }
})();

/** A scan worker entry that logs the segments it reads (EC2KR_TEST_WORKER_LOG). */
const ENTRY = join(import.meta.dirname, '..', 'helpers', 'pack-worker-entry.ts');

/** The reader's limits as the scan sets them. */
const LIMITS = { maxObjectBytes: 16 * 1024 * 1024, cacheBytes: 16 * 1024 * 1024 };

let ed25519: TestKey;
let rsa: TestKey;

beforeAll(() => {
  ed25519 = makeKey('pack-ed25519', ED25519);
  rsa = makeKey('pack-rsa', RSA_PEM);
});

afterEach(() => allowScanWorkers(undefined));

const digest = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/** Git without user or system config; stdout as bytes. */
function git(dir: string, args: string[], input?: string | Buffer): Buffer {
  return execFileSync('git', args, {
    cwd: dir,
    input,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Whether git itself can read the object (a store damaged elsewhere may still hold it). */
function gitCanRead(dir: string, id: string): boolean {
  try {
    git(dir, ['cat-file', 'blob', id]);
    return true;
  } catch {
    return false;
  }
}

/** `git cat-file --batch-all-objects --batch-check`: every object, with its type and size. */
function allObjects(dir: string): { id: string; type: string; size: number }[] {
  return git(dir, ['cat-file', '--batch-all-objects', '--batch-check'])
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [id = '', type = '', size = '0'] = line.split(' ');
      return { id, type, size: Number(size) };
    });
}

function packFiles(dir: string, ext: 'pack' | 'idx'): string[] {
  const packDir = join(dir, '.git', 'objects', 'pack');
  return readdirSync(packDir)
    .filter((name) => name.endsWith(`.${ext}`))
    .sort()
    .map((name) => join(packDir, name));
}

/** One entry of `git verify-pack -v`. */
interface PackEntry {
  id: string;
  type: string;
  size: number;
  packed: number;
  offset: number;
  depth: number;
}

function verifyPack(idx: string): PackEntry[] {
  const entries: PackEntry[] = [];
  for (const line of git(join(idx, '..'), ['verify-pack', '-v', idx])
    .toString('utf8')
    .split('\n')) {
    const match = /^([0-9a-f]{40,64}) (\w+) +(\d+) (\d+) (\d+)(?: (\d+) [0-9a-f]+)?$/.exec(line);
    if (!match) continue;
    entries.push({
      id: match[1] as string,
      type: match[2] as string,
      size: Number(match[3]),
      packed: Number(match[4]),
      offset: Number(match[5]),
      depth: Number(match[6] ?? 0),
    });
  }
  return entries;
}

/**
 * Pack entry types as the pack itself writes them (first byte of each entry),
 * by count; the offsets read from the idx (v2, 32-bit offsets) by hand.
 */
function entryKinds(idx: string, hashBytes = 20): Record<string, number> {
  const pack = readFileSync(`${idx.slice(0, -4)}.pack`);
  const index = readFileSync(idx);
  const count = index.readUInt32BE(8 + 255 * 4);
  const offsetsAt = 8 + 1024 + count * (hashBytes + 4);
  const names = ['?', 'commit', 'tree', 'blob', 'tag', '?', 'ofs-delta', 'ref-delta'];
  const kinds: Record<string, number> = {};
  for (let row = 0; row < count; row++) {
    const offset = index.readUInt32BE(offsetsAt + row * 4);
    const name = names[((pack[offset] as number) >> 4) & 7] as string;
    kinds[name] = (kinds[name] ?? 0) + 1;
  }
  return kinds;
}

/** Printable bytes from a seeded generator (the same on every run; they do compress). */
function noise(bytes: number, seed: number): Buffer {
  const out = Buffer.alloc(bytes);
  let x = seed;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = 32 + ((x >>> 16) % 90);
  }
  return out;
}

const lines = (count: number, word = 'line'): string =>
  Array.from({ length: count }, (_, i) => `${word} ${i}: some text of the file\n`).join('');

/** A copy of a repository in a new scratch directory, with its packs writable. */
function copyRepo(dir: string): string {
  const copy = join(scratchDir('pack-copy-'), 'repo');
  cpSync(dir, copy, { recursive: true });
  for (const file of [...packFiles(copy, 'pack'), ...packFiles(copy, 'idx')])
    chmodSync(file, 0o644);
  return copy;
}

// ---------------------------------------------------------------------------
// Comparing the two readers

type Finding = JsonReport['findings'][number] & { id: string };

/** What a history scan reports, in an order that does not depend on the reader. */
interface Report {
  findings: { id: string; fingerprint: string | null; locations: string[] }[];
  stats: { blobsScanned: number; bytesScanned: number; filesScanned: number };
  warnings: string[];
}

function reportOf(run: CliRun): Report {
  const json = jsonOf(run);
  return {
    findings: (json.findings as Finding[])
      .map((finding) => ({
        id: finding.id,
        fingerprint: finding.fingerprint,
        locations: finding.locations.map((location) => JSON.stringify(location)).sort(),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    stats: {
      blobsScanned: json.stats.blobsScanned,
      bytesScanned: json.stats.bytesScanned,
      filesScanned: json.stats.filesScanned,
    },
    warnings: [...(json.warnings ?? [])].sort(),
  };
}

/** An error the user can read: one `ec2-key-rotate: ...` message, no stack trace. */
function expectClearError(run: CliRun): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^ec2-key-rotate: \S/);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/TypeError|RangeError|ReferenceError/);
}

/**
 * `scan DIR --history` with the pack reader and with git's
 * (EC2KR_SCAN_READER=git): the same exit code, messages and report. Returns
 * the report, or null when both failed (each with a clear error).
 */
async function sameAsGit(dir: string): Promise<Report | null> {
  const args = ['scan', dir, '--history', '--format', 'json'];
  const native = await runCli(args);
  process.env['EC2KR_SCAN_READER'] = 'git';
  let byGit: CliRun;
  try {
    byGit = await runCli(args);
  } finally {
    delete process.env['EC2KR_SCAN_READER'];
  }
  expect(native.code).toBe(byGit.code);
  if (byGit.code === 2) {
    // Which of git's processes trips over the damage first is a race: the message may differ.
    expectClearError(byGit);
    expectClearError(native);
    return null;
  }
  expect(native.stderr).toBe(byGit.stderr);
  const report = reportOf(native);
  expect(report).toEqual(reportOf(byGit));
  return report;
}

/**
 * Runs the CLI as runCli does, in its own process group, killed with all of
 * its git processes after `ms` (a git that loops would otherwise outlive it).
 */
function runCliWithin(args: string[], ms: number): Promise<CliRun & { killed: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(NODE, [CLI, ...args], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, ms);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const leaks = [...secretRunsIn(stdout), ...secretRunsIn(stderr)];
      if (leaks.length)
        return reject(new Error(`output holds private key material: ${leaks.join(', ')}`));
      resolvePromise({ code: code ?? Number.NaN, stdout, stderr, output: null, killed });
    });
  });
}

const fingerprintsOf = (report: Report | null): (string | null)[] =>
  (report?.findings ?? []).map((finding) => finding.fingerprint).sort();

/** readPacks on the repository's store as storeLayout sees it (which must be readable). */
async function nativeRead(dir: string, parallel = false): Promise<PackRead> {
  const layout = await storeLayout(dir);
  if (!layout) throw new Error(`storeLayout(${dir}) is null`);
  return readPacks(dir, layout, { messages: true }, parallel);
}

/** How readPacks ended, never with the hits themselves (they hold key text). */
async function nativeOutcome(dir: string): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await nativeRead(dir).then(
    () => null,
    (failure: unknown) => failure,
  );
  return { error, ms: Date.now() - started };
}

/** Hits with every text replaced by its digest, sorted by id unless `inOrder`. */
function hitSummary(hits: ObjectHit[], inOrder = false): unknown[] {
  const summary = hits.map((hit) => ({
    id: hit.id,
    type: hit.type,
    head: hit.head ? digest(hit.head) : null,
    blocks: hit.blocks.map((block) => ({ ...block, text: digest(block.text) })),
  }));
  return inOrder ? summary : summary.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What git's own reader (`git cat-file --batch-all-objects`) finds in every object. */
async function gitHits(dir: string): Promise<{ hits: ObjectHit[]; blobs: number; bytes: number }> {
  const hits: ObjectHit[] = [];
  const stats = await scanAllObjects(dir, (hit) => hits.push(hit), { messages: true });
  return { hits, blobs: stats.blobsScanned, bytes: stats.bytesScanned };
}

// ---------------------------------------------------------------------------
// Repositories

interface KeyRepo {
  dir: string;
  /** Every blob that holds a key. */
  keyBlobs: string[];
}

/**
 * Keys added, edited forty times with small changes (long delta chains once
 * packed), deleted; one in a commit message and one in a tag's. Loose.
 */
function editedKeyHistory(): KeyRepo {
  const repo = GitRepo.init();
  const keyBlobs = new Set<string>();
  repo.commit('init', { 'README.md': 'hello\n', 'src/app.txt': lines(300) });
  // Each revision changes one more line of the last: close to its neighbours, far from the
  // others, so that git chains the deltas instead of making all of them from one base.
  const settings = lines(60, 'setting');
  const config = settings.split('\n');
  for (let i = 0; i < 40; i++) {
    config[(i * 7) % 60] = `setting changed in revision ${i} to ${digest(String(i))}`;
    const commit = repo.commit(`edit ${i}`, {
      'deploy/config.txt': `${ed25519.text}${config.join('\n')}`,
      'src/app.txt': lines(300 + i),
    });
    keyBlobs.add(repo.blob(commit, 'deploy/config.txt'));
  }
  repo.commit('add the deploy key', { 'keys/deploy.pem': rsa.text, 'notes.txt': lines(20) });
  keyBlobs.add(repo.blob('HEAD', 'keys/deploy.pem'));
  repo.commit(`pasted by mistake\n\n${rsa.text}`, { 'notes.txt': lines(21) });
  repo.tag('v1.0.0');
  repo.git('tag', '-a', '-m', `release notes\n\n${ed25519.text}`, 'v1.0.1');
  repo.commit('remove the keys', { 'keys/deploy.pem': null, 'deploy/config.txt': null });
  repo.commit('later', { 'README.md': 'hello again\n' });
  return { dir: repo.dir, keyBlobs: [...keyBlobs].sort() };
}

let packedRepo: KeyRepo | undefined;

/** editedKeyHistory, all in one pack with long delta chains (built once; copy it to change it). */
function packedKeyHistory(): KeyRepo {
  if (packedRepo) return packedRepo;
  const built = editedKeyHistory();
  git(built.dir, ['repack', '-adfq', '--depth=50', '--window=50']);
  packedRepo = built;
  return built;
}

// ---------------------------------------------------------------------------

describe('the history scan reads the packs itself and reports what git reports', () => {
  test('a packed history with keys added, edited through long delta chains and deleted', async () => {
    const { dir, keyBlobs } = packedKeyHistory();
    const [idx] = packFiles(dir, 'idx');
    expect(packFiles(dir, 'idx')).toHaveLength(1);
    const entries = verifyPack(idx as string);
    // The fixture is what it claims: key blobs deep in delta chains, all packed.
    const keyDepths = entries.filter((e) => keyBlobs.includes(e.id)).map((e) => e.depth);
    expect(keyDepths).toHaveLength(keyBlobs.length);
    expect(Math.max(...keyDepths)).toBeGreaterThanOrEqual(10);
    expect(entryKinds(idx as string)['ofs-delta']).toBeGreaterThan(40);
    expect((await storeLayout(dir))?.loose).toEqual([]);

    const read = await nativeRead(dir);
    expect(
      read.hits
        .filter((hit) => hit.type === 'blob')
        .map((hit) => hit.id)
        .sort(),
    ).toEqual(keyBlobs);

    const report = await sameAsGit(dir);
    expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint, rsa.fingerprint].sort());
    // 40 versions of the config file, the PEM, the commit message and the tag message.
    expect(report?.findings.flatMap((finding) => finding.locations)).toHaveLength(43);
  });

  test('the same history packed with REF_DELTA entries (bases named by id)', async () => {
    const dir = copyRepo(editedKeyHistory().dir);
    git(dir, ['-c', 'repack.useDeltaBaseOffset=false', 'repack', '-adfq', '--depth=50']);
    const [idx] = packFiles(dir, 'idx');
    const kinds = entryKinds(idx as string);
    expect(kinds['ref-delta']).toBeGreaterThan(40);
    expect(kinds['ofs-delta']).toBeUndefined();
    const read = await nativeRead(dir);
    expect(hitSummary(read.hits)).toEqual(hitSummary((await gitHits(dir)).hits));
    expect(fingerprintsOf(await sameAsGit(dir))).toEqual(
      [ed25519.fingerprint, rsa.fingerprint].sort(),
    );
  });

  test('loose objects, three packs and objects held twice (in two packs, or loose and packed)', async () => {
    const repo = GitRepo.init();
    const early = repo.commit('early', { 'a/id_ed25519': ed25519.text, 'a/x.txt': lines(50) });
    repo.commit('early edit', { 'a/x.txt': lines(51) });
    repo.git('repack', '-dq');
    const middle = repo.commit('middle', { 'b/deploy.pem': rsa.text, 'a/x.txt': lines(52) });
    repo.commit('remove', { 'a/id_ed25519': null });
    repo.git('repack', '-dq');
    const late = repo.commit('late', {
      'c/notes.txt': `ssh access:\n${ed25519.text}`,
      'a/x.txt': lines(53),
    });
    repo.commit('later', { 'b/deploy.pem': null });
    // A third pack holding objects of the first pack and loose ones again.
    const list = [
      ...git(repo.dir, ['rev-list', '--objects', early]).toString('utf8').trim().split('\n'),
      ...git(repo.dir, ['rev-list', '--objects', late, `^${middle}`])
        .toString('utf8')
        .trim()
        .split('\n'),
    ].map((line) => line.split(' ')[0]);
    git(
      repo.dir,
      ['pack-objects', '-q', '--window=0', join(repo.dir, '.git', 'objects', 'pack', 'pack')],
      `${list.join('\n')}\n`,
    );

    const layout = await storeLayout(repo.dir);
    expect(layout?.packs).toHaveLength(3);
    expect(layout?.loose.length).toBeGreaterThan(3);
    const lateBlob = repo.blob(late, 'c/notes.txt');
    expect(layout?.loose).toContain(lateBlob);
    const indexes = (layout?.packs ?? []).map((files) => PackIndex.read(files.idx, 20, files.size));
    expect(indexes.filter((index) => index.has(repo.blob(early, 'a/id_ed25519')))).toHaveLength(2);
    expect(indexes.some((index) => index.has(lateBlob))).toBe(true);

    const read = await nativeRead(repo.dir);
    const byGit = await gitHits(repo.dir);
    // Each object once, whichever copies the store has.
    expect(hitSummary(read.hits)).toEqual(hitSummary(byGit.hits));
    expect(read.stats.blobsScanned).toBe(byGit.blobs);
    expect(read.stats.bytesScanned).toBe(byGit.bytes);
    expect(fingerprintsOf(await sameAsGit(repo.dir))).toEqual(
      [ed25519.fingerprint, rsa.fingerprint].sort(),
    );
  });

  test.skipIf(!SHA256)('a SHA-256 repository', async () => {
    const dir = join(scratchDir('sha256-'), 'repo');
    git(scratchDir('sha256-init-'), ['init', '-q', '-b', 'main', '--object-format=sha256', dir]);
    const repo = new GitRepo(dir);
    for (let i = 0; i < 12; i++)
      repo.commit(`edit ${i}`, {
        'deploy/key.txt': `revision ${i}\n${ed25519.text}${lines(i)}`,
        'src/a.txt': lines(100 + i),
      });
    repo.git('tag', '-a', '-m', `notes\n${rsa.text}`, 'v1');
    repo.git('repack', '-adfq', '--depth=20');
    repo.commit('loose', { 'keys/deploy.pem': rsa.text });

    const layout = await storeLayout(dir);
    expect(layout?.hashBytes).toBe(32);
    expect(layout?.packs).toHaveLength(1);
    expect(layout?.loose.length).toBeGreaterThan(0);
    expect(entryKinds((layout?.packs[0] as { idx: string }).idx, 32)['ofs-delta']).toBeGreaterThan(
      5,
    );
    const read = await nativeRead(dir);
    expect(read.hits.every((hit) => hit.id.length === 64)).toBe(true);
    expect(hitSummary(read.hits)).toEqual(hitSummary((await gitHits(dir)).hits));
    const report = await sameAsGit(dir);
    expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint, rsa.fingerprint].sort());
  });

  test('blobs above 16 MiB, whole and as a delta, with a key near their end', async () => {
    const repo = GitRepo.init();
    const big = Buffer.concat([noise(17 * 1024 * 1024, 7), Buffer.from(`\n${ed25519.text}`)]);
    const first = repo.commit('big', { 'data/big.txt': big, 'small.pem': rsa.text });
    // A few bytes changed near the start: packed as a delta of the first.
    const edited = Buffer.from(big);
    edited.write('EDITED', 1000);
    const second = repo.commit('edit big', { 'data/big.txt': edited });
    repo.git('repack', '-adfq');
    const bigBlobs = [repo.blob(first, 'data/big.txt'), repo.blob(second, 'data/big.txt')];
    const entries = verifyPack(packFiles(repo.dir, 'idx')[0] as string);
    expect(entries.filter((e) => bigBlobs.includes(e.id)).map((e) => e.depth)).toContain(1);

    const read = await nativeRead(repo.dir);
    expect(read.hits.map((hit) => hit.id).sort()).toEqual(
      [...bigBlobs, repo.blob(first, 'small.pem')].sort(),
    );
    const byGit = await gitHits(repo.dir);
    expect(read.stats.blobsScanned).toBe(byGit.blobs);
    expect(read.stats.bytesScanned).toBe(byGit.bytes);
    expect(hitSummary(read.hits)).toEqual(hitSummary(byGit.hits));

    const report = await sameAsGit(repo.dir);
    expect(
      report?.findings
        .find((finding) => finding.fingerprint === ed25519.fingerprint)
        ?.locations.map((location) => (JSON.parse(location) as { commit: string }).commit)
        .sort(),
    ).toEqual([first, second].sort());
  });

  test('a clone that borrows objects (objects/info/alternates): its packs and theirs are read here, as git reads them', async () => {
    const { dir: source } = packedKeyHistory();
    const dir = join(scratchDir('shared-'), 'repo');
    git(source, ['clone', '-q', '--shared', source, dir]);
    const repo = new GitRepo(dir);
    repo.commit('in the clone', { 'clone/id_rsa': rsa.text });
    expect(existsSync(join(dir, '.git', 'objects', 'info', 'alternates'))).toBe(true);
    const layout = await storeLayout(dir);
    expect(layout?.alternates).toEqual([realpathSync(join(source, '.git', 'objects'))]);
    expect(layout?.packs.length).toBeGreaterThan(0);
    const read = await nativeRead(dir);
    const byGit = await gitHits(dir);
    expect(hitSummary(read.hits)).toEqual(hitSummary(byGit.hits));
    expect(read.stats.blobsScanned).toBe(byGit.blobs);
    const report = await sameAsGit(dir);
    expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint, rsa.fingerprint].sort());
  });

  test('alternates of alternates, relative, commented, missing and looping back: followed as git follows them', async () => {
    const { dir: source } = packedKeyHistory();
    const root = scratchDir('alternates-');
    const middle = join(root, 'middle');
    const last = join(root, 'last');
    git(source, ['clone', '-q', '--shared', source, middle]);
    new GitRepo(middle).commit('in the middle', { 'middle/id_rsa': rsa.text });
    git(middle, ['repack', '-dq']);
    git(middle, ['clone', '-q', '--shared', middle, last]);
    new GitRepo(last).commit('at the end', { 'last/notes.txt': lines(30) });
    // The last clone names its alternate relatively, among a comment, a blank line and
    // directories that do not exist (a carriage return is part of a path, for git too);
    // the first store points back at the last (a loop git stops following).
    const lastObjects = join(last, '.git', 'objects');
    const relative = join('..', '..', '..', 'middle', '.git', 'objects');
    writeFileSync(
      join(lastObjects, 'info', 'alternates'),
      `# borrowed\n\n${relative}\n${relative}\r\n/nonexistent/objects\n`,
    );
    const sourceAlternates = join(source, '.git', 'objects', 'info', 'alternates');
    writeFileSync(sourceAlternates, `${lastObjects}\n`);
    try {
      const layout = await storeLayout(last);
      expect(layout?.alternates).toEqual(
        [join(middle, '.git', 'objects'), join(source, '.git', 'objects')].map((dir) =>
          realpathSync(dir),
        ),
      );
      const read = await nativeRead(last);
      const byGit = await gitHits(last);
      expect(hitSummary(read.hits)).toEqual(hitSummary(byGit.hits));
      expect(read.stats.blobsScanned).toBe(byGit.blobs);
      expect(fingerprintsOf(await sameAsGit(last))).toEqual(
        [ed25519.fingerprint, rsa.fingerprint].sort(),
      );
    } finally {
      rmSync(sourceAlternates, { force: true });
    }
  });

  test('a quoted alternates line is left to git, which unquotes it', async () => {
    const { dir: source } = packedKeyHistory();
    const dir = join(scratchDir('quoted-'), 'repo');
    git(source, ['clone', '-q', '--shared', source, dir]);
    const alternates = join(dir, '.git', 'objects', 'info', 'alternates');
    writeFileSync(alternates, `"${join(source, '.git', 'objects')}"\n`);
    expect(await storeLayout(dir)).toBeNull();
    expect(fingerprintsOf(await sameAsGit(dir))).toEqual(
      [ed25519.fingerprint, rsa.fingerprint].sort(),
    );
  });

  test('other stores: loose objects only, none at all, a bare clone, a linked work tree', async () => {
    const loose = GitRepo.init();
    loose.commit('key', { id_ed25519: ed25519.text });
    loose.commit('more', { 'deploy.pem': rsa.text, id_ed25519: null });
    const looseLayout = await storeLayout(loose.dir);
    expect(looseLayout?.packs).toEqual([]);
    expect(looseLayout?.loose.length).toBeGreaterThan(5);
    const read = await nativeRead(loose.dir);
    expect(hitSummary(read.hits)).toEqual(hitSummary((await gitHits(loose.dir)).hits));
    expect(fingerprintsOf(await sameAsGit(loose.dir))).toEqual(
      [ed25519.fingerprint, rsa.fingerprint].sort(),
    );

    const empty = GitRepo.init();
    expect((await nativeRead(empty.dir)).stats.blobsScanned).toBe(0);
    expect(fingerprintsOf(await sameAsGit(empty.dir))).toEqual([]);

    const { dir: source } = packedKeyHistory();
    const bare = join(scratchDir('bare-'), 'repo.git');
    git(source, ['clone', '-q', '--bare', '--no-local', source, bare]);
    expect((await storeLayout(bare))?.packs).toHaveLength(1);
    expect(hitSummary((await nativeRead(bare)).hits)).toEqual(
      hitSummary((await gitHits(bare)).hits),
    );
    expect(fingerprintsOf(await sameAsGit(bare))).toEqual(
      [ed25519.fingerprint, rsa.fingerprint].sort(),
    );

    const worktree = join(scratchDir('worktree-'), 'wt');
    const clone = copyRepo(source);
    git(clone, ['worktree', 'add', '-q', '--detach', worktree, 'HEAD~3']);
    expect((await storeLayout(worktree))?.objectsDir).toBe(join(clone, '.git', 'objects'));
    expect(fingerprintsOf(await sameAsGit(worktree))).toEqual(
      [ed25519.fingerprint, rsa.fingerprint].sort(),
    );
  });

  test('encoded keys, a gzip bomb and a Git LFS pointer: the same findings, warnings and counts', async () => {
    const repo = GitRepo.init();
    repo.commit('encoded', {
      'keys.txt.gz': gzipSync(Buffer.from(`backup\n${ed25519.text}`)),
      'deploy.b64': `${Buffer.from(rsa.text).toString('base64')}\n`,
      'zeros.gz': gzipSync(Buffer.alloc(100 * 1024 * 1024)),
      'model.bin': `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 123\n`,
    });
    repo.git('repack', '-adq');
    const read = await nativeRead(repo.dir);
    const byGit = await gitHits(repo.dir);
    expect(hitSummary(read.hits)).toEqual(hitSummary(byGit.hits));
    expect(read.stats.lfsPointers).toBe(1);
    expect(read.warnings.join('\n')).toMatch(/decompression bomb/);
    const report = await sameAsGit(repo.dir);
    expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint, rsa.fingerprint].sort());
    expect(report?.warnings.join('\n')).toMatch(/^zeros\.gz \(blob [0-9a-f]{12}\): .*bomb/m);
    expect(report?.warnings.join('\n')).toMatch(/LFS/);
  });

  test('a partial clone: the same warning about the blobs it lacks', async () => {
    const source = GitRepo.init();
    source.commit('old key', { 'old/id_ed25519': ed25519.text, 'a.txt': lines(10) });
    source.commit('drop it', { 'old/id_ed25519': null, 'a.txt': lines(11) });
    source.commit('current', { 'keys/deploy.pem': rsa.text });
    source.git('config', 'uploadpack.allowFilter', 'true');
    const dir = join(scratchDir('partial-'), 'repo');
    git(source.dir, ['clone', '-q', '--filter=blob:none', `file://${source.dir}`, dir]);

    const layout = await storeLayout(dir);
    expect(layout?.packs.length).toBeGreaterThan(0);
    const read = await nativeRead(dir);
    // The old key's blob is not here; the current one was fetched by the checkout.
    expect(read.has(source.blob('HEAD~2', 'old/id_ed25519'))).toBe(false);
    expect(read.has(source.blob('HEAD', 'keys/deploy.pem'))).toBe(true);

    const report = await sameAsGit(dir);
    expect(fingerprintsOf(report)).toEqual([rsa.fingerprint]);
    expect(report?.warnings).toHaveLength(1);
    expect(report?.warnings[0]).toMatch(
      /^2 objects are missing from this repository .*partial clone/,
    );
  });
});

describe('readPacks', () => {
  test('reads every blob, commit and tag of the packs once and knows every object git lists', async () => {
    const { dir, keyBlobs } = packedKeyHistory();
    const layout = await storeLayout(dir);
    if (!layout) throw new Error('no layout');
    const read = await readPacks(dir, layout, { messages: true }, false);
    const objects = allObjects(dir);
    const blobs = objects.filter((object) => object.type === 'blob');
    expect(read.stats.blobsScanned).toBe(blobs.length);
    expect(read.stats.bytesScanned).toBe(blobs.reduce((sum, blob) => sum + blob.size, 0));
    expect(read.warnings).toEqual([]);
    expect(
      read.hits
        .filter((hit) => hit.type === 'blob')
        .map((hit) => hit.id)
        .sort(),
    ).toEqual(keyBlobs);
    // The key pasted into a commit message, and the one in a tag's message.
    expect(
      read.hits
        .filter((hit) => hit.type !== 'blob')
        .map((hit) => hit.type)
        .sort(),
    ).toEqual(['commit', 'tag']);
    expect(hitSummary(read.hits)).toEqual(hitSummary((await gitHits(dir)).hits));
    expect(objects.filter((object) => !read.has(object.id))).toEqual([]);
    expect(read.has('0123456789abcdef0123456789abcdef01234567')).toBe(false);
    expect(read.has((objects[0] as { id: string }).id.slice(0, 39))).toBe(false);
  });

  test('an index with 64-bit offsets (the large offset table)', async () => {
    const { dir: source } = packedKeyHistory();
    const dir = copyRepo(source);
    const idx = packFiles(dir, 'idx')[0] as string;
    const pack = `${idx.slice(0, -4)}.pack`;
    // Every object past byte 0x100 goes to the large offset table.
    const wide = join(scratchDir('idx-64-'), 'wide.idx');
    git(dir, ['index-pack', '--index-version=2,0x100', '-o', wide, pack]);
    expect(statSync(wide).size).toBeGreaterThan(statSync(idx).size + 8 * 100);
    writeFileSync(idx, readFileSync(wide));
    const index = PackIndex.read(idx, 20, statSync(pack).size);
    const entries = verifyPack(idx).sort((a, b) => a.offset - b.offset);
    expect(Array.from(index.offsets)).toEqual(entries.map((entry) => entry.offset));
    const read = await nativeRead(dir);
    expect(hitSummary(read.hits)).toEqual(hitSummary((await gitHits(dir)).hits));

    // A large offset past the end of the pack, and a reference past the large table.
    const bytes = readFileSync(wide);
    const count = bytes.readUInt32BE(8 + 255 * 4);
    const largeAt = 1032 + count * 28;
    const past = Buffer.from(bytes);
    past.writeBigUInt64BE(BigInt(statSync(pack).size + 10), largeAt + 8);
    const beyond = Buffer.from(bytes);
    const smallAt = 1032 + count * 24;
    const row = Array.from({ length: count }, (_, r) => r).find(
      (r) => beyond.readUInt32BE(smallAt + r * 4) & 0x80000000,
    ) as number;
    beyond.writeUInt32BE(0xffff0000, smallAt + row * 4);
    for (const bad of [past, beyond]) {
      createHash('sha1')
        .update(bad.subarray(0, -20))
        .digest()
        .copy(bad, bad.length - 20);
      writeFileSync(idx, bad);
      const { error, ms } = await nativeOutcome(dir);
      expect(error).toBeInstanceOf(PackFormatError);
      expect(ms).toBeLessThan(10_000);
    }
  });

  test('the index maps every id to the offset git gives, in pack order', async () => {
    const { dir } = packedKeyHistory();
    const [files] = (await storeLayout(dir))?.packs ?? [];
    if (!files) throw new Error('no pack');
    const index = PackIndex.read(files.idx, 20, files.size);
    const entries = verifyPack(files.idx).sort((a, b) => a.offset - b.offset);
    expect(index.count).toBe(entries.length);
    expect(
      Array.from({ length: index.count }, (_, position) => ({
        id: index.idAt(position),
        offset: index.offsets[position],
      })),
    ).toEqual(entries.map((entry) => ({ id: entry.id, offset: entry.offset })));
    for (const entry of entries) {
      expect(index.has(entry.id)).toBe(true);
      expect(index.idAt(index.positionOf(entry.offset))).toBe(entry.id);
    }
    expect(index.positionOf(13)).toBe(-1);
  });

  test.each([
    ['in pack order, with a cache that holds every base', 16 * 1024 * 1024, 'forwards'],
    [
      'one at a time from the end, with a 2 KiB cache: chains rebuilt from their roots',
      2048,
      'backwards',
    ],
    [
      'twice in pack order (a segment read again): bases lent again are rebuilt, never reused',
      16 * 1024 * 1024,
      'twice',
    ],
    ['by delta families, the last family first, with a 2 KiB cache', 2048, 'families'],
  ])(
    'every object it hands over hashes to its id, leaves made in reused buffers included (%s)',
    async (_, cacheBytes, order) => {
      const { dir } = packedKeyHistory();
      const [files] = (await storeLayout(dir))?.packs ?? [];
      if (!files) throw new Error('no pack');
      const index = PackIndex.read(files.idx, 20, files.size);
      const reader = new PackReader(files.pack, index, { maxObjectBytes: 1 << 24, cacheBytes });
      const wrong: string[] = [];
      const read = new Map<string, number>();
      const buffers = new Set<ArrayBufferLike>();
      let objects = 0;
      const sink = {
        object: (position: number, type: string, bytes: Buffer) => {
          objects++;
          buffers.add(bytes.buffer);
          const id = createHash('sha1')
            .update(`${type} ${bytes.length}\0`)
            .update(bytes)
            .digest('hex');
          if (id !== index.idAt(position)) wrong.push(index.idAt(position));
          read.set(id, (read.get(id) ?? 0) + 1);
        },
        defer: (position: number) => wrong.push(`deferred ${index.idAt(position)}`),
      };
      try {
        if (order === 'families') {
          const families = reader.families();
          for (let family = families.count - 1; family >= 0; family--)
            reader.readFamilies(family, family + 1, sink);
        } else if (order !== 'backwards') reader.readPositions(0, index.count, sink);
        if (order === 'twice') reader.readPositions(0, index.count, sink);
        // Each delta before its base is built: its chain is rebuilt, instructions held meanwhile.
        if (order === 'backwards')
          for (let at = index.count - 1; at >= 0; at--) reader.readPositions(at, at + 1, sink);
      } finally {
        reader.close();
      }
      const objectsGitLists = allObjects(dir).filter((object) => object.type !== 'tree');
      expect(objects).toBe(objectsGitLists.length * (order === 'twice' ? 2 : 1));
      expect(wrong).toEqual([]);
      // Every blob, commit and tag, each once for every time the pack was read.
      expect([...read.keys()].sort()).toEqual(objectsGitLists.map((object) => object.id).sort());
      expect(new Set(read.values())).toEqual(new Set([order === 'twice' ? 2 : 1]));
      // Leaves share one buffer: far fewer buffers than objects, or this test proves nothing.
      expect(buffers.size).toBeLessThan(objects / 2);
    },
  );

  test('segments cover every entry once and two claimers take each segment once', async () => {
    const { dir } = packedKeyHistory();
    const layout = await storeLayout(dir);
    const indexes = (layout?.packs ?? []).map((files) => PackIndex.read(files.idx, 20, files.size));
    const segments = segmentsOf(indexes);
    let next = 0;
    for (const segment of segments) {
      expect(segment.from).toBe(next);
      expect(segment.to).toBeGreaterThan(segment.from);
      next = segment.to === indexes[segment.pack]?.count ? 0 : segment.to;
    }
    expect(next).toBe(0);

    const claims = new Int32Array(new SharedArrayBuffer(4 * 20));
    const taken: number[][] = [[], []];
    const last = [-1, -1];
    const done = [false, false];
    // The first claimer takes two turns for each of the second's.
    for (let turn = 0; !(done[0] && done[1]); turn++) {
      const who = turn % 3 === 2 ? 1 : 0;
      const at = claimNext(claims, last[who] as number, who + 1);
      if (at === -1) done[who] = true;
      else {
        taken[who]?.push(at);
        last[who] = at;
      }
    }
    expect([...(taken[0] ?? []), ...(taken[1] ?? [])].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(taken[0]?.[0]).toBe(0);
    // The second claimer starts in the middle of what is left, not next to the first.
    expect(taken[1]?.[0]).toBeGreaterThan(5);
    expect([...claims].every((mark) => mark === 1 || mark === 2)).toBe(true);
  });
});

// ---------------------------------------------------------------------------

describe('hostile and damaged packs', () => {
  /**
   * readPacks must reject, and quickly; the CLI then gives what git gives:
   * the same report, or a clear error as git's. A scan that succeeds finds
   * the key whenever git can still read its blob.
   */
  async function rejectedThenAsGit(
    dir: string,
    keyBlob: string,
  ): Promise<{ error: unknown; report: Report | null }> {
    const { error, ms } = await nativeOutcome(dir);
    expect(error).toBeInstanceOf(Error);
    expect(ms).toBeLessThan(10_000);
    const report = await sameAsGit(dir);
    // Never a clean report while git can read the key: found, or a clear error.
    if (report && gitCanRead(dir, keyBlob))
      expect(fingerprintsOf(report)).toContain(ed25519.fingerprint);
    return { error, report };
  }

  /** The whole (undeltified) entry of a key blob in the pack, and the pack's files. */
  function keyEntry(
    dir: string,
    keyBlobs: string[],
  ): { entry: PackEntry; pack: string; idx: string } {
    const idx = packFiles(dir, 'idx')[0] as string;
    const entry = verifyPack(idx)
      .filter((e) => keyBlobs.includes(e.id) && e.depth === 0)
      .sort((a, b) => b.packed - a.packed)[0];
    if (!entry) throw new Error('no whole key blob in the pack');
    return { entry, pack: `${idx.slice(0, -4)}.pack`, idx };
  }

  function flipBytes(file: string, at: number, count = 4): void {
    const bytes = readFileSync(file);
    for (let i = 0; i < count; i++) bytes[at + i] = (bytes[at + i] as number) ^ 0x5a;
    writeFileSync(file, bytes);
  }

  test('bytes flipped inside an entry’s compressed data', async () => {
    const source = packedKeyHistory();
    const dir = copyRepo(source.dir);
    const { entry, pack } = keyEntry(dir, source.keyBlobs);
    flipBytes(pack, entry.offset + (entry.packed >> 1));
    const { error, report } = await rejectedThenAsGit(dir, entry.id);
    expect(error).toBeInstanceOf(PackFormatError);
    // git cannot read that blob either: the scan fails, it does not report a clean history.
    expect(gitCanRead(dir, entry.id)).toBe(false);
    expect(report).toBeNull();
  });

  test('a damaged entry whose object a second pack holds intact: the key is still found', async () => {
    const source = packedKeyHistory();
    const dir = copyRepo(source.dir);
    const { entry, pack } = keyEntry(dir, source.keyBlobs);
    // Every object again, undeltified, in another pack.
    const ids = allObjects(dir).map((object) => object.id);
    git(
      dir,
      [
        'pack-objects',
        '-q',
        '--window=0',
        '--no-reuse-delta',
        '--no-reuse-object',
        join(dir, '.git', 'objects', 'pack', 'pack'),
      ],
      `${ids.join('\n')}\n`,
    );
    expect(packFiles(dir, 'pack')).toHaveLength(2);
    flipBytes(pack, entry.offset + (entry.packed >> 1));
    expect(gitCanRead(dir, entry.id)).toBe(true);
    const report = await sameAsGit(dir);
    expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint, rsa.fingerprint].sort());
  });

  test('an entry header whose size does not match its data', async () => {
    const source = packedKeyHistory();
    const dir = copyRepo(source.dir);
    const { entry, pack } = keyEntry(dir, source.keyBlobs);
    const bytes = readFileSync(pack);
    // The low four bits of the first header byte are the low bits of the size.
    bytes[entry.offset] = (bytes[entry.offset] as number) ^ 0x01;
    writeFileSync(pack, bytes);
    const { error } = await rejectedThenAsGit(dir, entry.id);
    expect(error).toBeInstanceOf(PackFormatError);
  });

  test.each([
    ['a .pack cut in half', 'pack', (file: string) => truncateSync(file, statSync(file).size >> 1)],
    ['a .idx cut in half', 'idx', (file: string) => truncateSync(file, statSync(file).size >> 1)],
    ['a .idx cut to a few bytes', 'idx', (file: string) => truncateSync(file, 6)],
    ['a .idx with a bad magic number', 'idx', (file: string) => flipBytes(file, 0, 2)],
  ] as const)('%s', async (_name, kind, damage) => {
    const source = packedKeyHistory();
    const dir = copyRepo(source.dir);
    damage(packFiles(dir, kind)[0] as string);
    const { error } = await rejectedThenAsGit(dir, source.keyBlobs[0] as string);
    expect(error).toBeInstanceOf(PackFormatError);
  });

  test('a .idx whose offset table points past the end of the pack', async () => {
    const source = packedKeyHistory();
    const dir = copyRepo(source.dir);
    const idx = packFiles(dir, 'idx')[0] as string;
    const bytes = readFileSync(idx);
    const count = bytes.readUInt32BE(8 + 255 * 4);
    const row = count >> 1;
    bytes.writeUInt32BE(
      statSync(packFiles(dir, 'pack')[0] as string).size + 100,
      1032 + count * 24 + row * 4,
    );
    // With its own checksum fixed: only the offset is wrong.
    createHash('sha1')
      .update(bytes.subarray(0, -20))
      .digest()
      .copy(bytes, bytes.length - 20);
    writeFileSync(idx, bytes);
    const { error } = await rejectedThenAsGit(dir, source.keyBlobs[0] as string);
    expect(error).toBeInstanceOf(PackFormatError);
  });

  test('a .idx where two ids share one offset', async () => {
    const source = packedKeyHistory();
    const dir = copyRepo(source.dir);
    const idx = packFiles(dir, 'idx')[0] as string;
    const bytes = readFileSync(idx);
    const count = bytes.readUInt32BE(8 + 255 * 4);
    const offsetsAt = 1032 + count * 24;
    bytes.writeUInt32BE(bytes.readUInt32BE(offsetsAt), offsetsAt + 4);
    createHash('sha1')
      .update(bytes.subarray(0, -20))
      .digest()
      .copy(bytes, bytes.length - 20);
    writeFileSync(idx, bytes);
    const { error } = await rejectedThenAsGit(dir, source.keyBlobs[0] as string);
    expect(error).toBeInstanceOf(PackFormatError);
  });

  test('a version 1 .idx, which git reads and this reader leaves to git', async () => {
    const source = packedKeyHistory();
    const dir = copyRepo(source.dir);
    const idx = packFiles(dir, 'idx')[0] as string;
    const v1 = join(scratchDir('idx-v1-'), 'v1.idx');
    git(dir, ['index-pack', '--index-version=1', '-o', v1, `${idx.slice(0, -4)}.pack`]);
    writeFileSync(idx, readFileSync(v1));
    const { report } = await rejectedThenAsGit(dir, source.keyBlobs[0] as string);
    expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint, rsa.fingerprint].sort());
  });

  test('a delta in the pack that copies outside its base, or holds opcode 0', async () => {
    for (const bad of [
      (base: Buffer) => delta(base.length, 64, ...copyOp(base.length - 10, 64)),
      (base: Buffer) => delta(base.length, 6, 0x00, ...copyOp(0, 6)),
    ]) {
      const repo = GitRepo.init();
      repo.commit('key', { id_ed25519: ed25519.text });
      const base = Buffer.from(lines(40));
      const { pack, offsets } = packOf([
        { kind: 'blob', data: base },
        { kind: 'ofs', back: 1, delta: bad(base) },
      ]);
      placePack(join(repo.dir, '.git', 'objects', 'pack'), pack, madeUpRows(offsets, 'bad'));
      const { error, ms } = await nativeOutcome(repo.dir);
      expect(error).toBeInstanceOf(PackFormatError);
      expect(ms).toBeLessThan(10_000);
      // git fails on that object too (a clear error), or reports the loose key.
      const report = await sameAsGit(repo.dir);
      if (report) expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint]);
    }
  });

  test.each([
    ['4,100 deep: too deep to follow here, left to git', 4100],
    ['300 deep: read here, each base found after the delta built on it', 300],
  ])(
    'a key at the end of a REF_DELTA chain that runs backwards through the pack, %s',
    async (_, depth) => {
      const repo = GitRepo.init();
      repo.commit('init', { 'README.md': 'hello\n' });
      const base = Buffer.from(lines(60));
      // Entry i is a delta of entry i + 1 (its base further on in the pack); the last is the
      // whole blob. index-pack indexes it: git reads it.
      const entries: CraftedEntry[] = [];
      const ids: Buffer[] = [];
      // Ids of the chain, from its root (the blob) up: each made by applying one more delta.
      let content: Buffer = base;
      ids.push(createHash('sha1').update(`blob ${content.length}\0`).update(content).digest());
      const deltas: Buffer[] = [];
      for (let step = 1; step <= depth; step++) {
        const change =
          step === depth
            ? overwrite(content, 100, ed25519.text)
            : overwrite(content, 1500, `edit ${step}`);
        content = applyDelta(content, change);
        deltas.push(change);
        ids.push(createHash('sha1').update(`blob ${content.length}\0`).update(content).digest());
      }
      // Pack order: the key's object first, the whole blob last.
      for (let step = depth; step >= 1; step--)
        entries.push({
          kind: 'ref',
          baseId: ids[step - 1] as Buffer,
          delta: deltas[step - 1] as Buffer,
        });
      entries.push({ kind: 'blob', data: base });
      const { pack } = packOf(entries);
      placePack(join(repo.dir, '.git', 'objects', 'pack'), pack);
      const keyObject = (ids[depth] as Buffer).toString('hex');
      expect(gitCanRead(repo.dir, keyObject)).toBe(true);

      const { error, ms } = await nativeOutcome(repo.dir);
      // Too deep to follow here: left to git, which follows any depth.
      if (depth > 4096) expect(error).toBeInstanceOf(PackFormatError);
      else expect(error).toBeNull();
      expect(ms).toBeLessThan(10_000);
      const report = await sameAsGit(repo.dir);
      expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint]);
      expect(report?.findings[0]?.locations.join('\n')).toContain(keyObject);
    },
  );

  test('a REF_DELTA cycle: detected at once, and the scan does not hang', async () => {
    const repo = GitRepo.init();
    repo.commit('key', { id_ed25519: ed25519.text });
    placeCyclePack(join(repo.dir, '.git', 'objects', 'pack'), 'cycle');
    const { error, ms } = await nativeOutcome(repo.dir);
    expect(error).toBeInstanceOf(PackCycleError);
    expect(ms).toBeLessThan(2_000);

    // git 2.39 follows such a loop for ever (its memory growing ~200 MB a second): the
    // loop is never handed to git; the scan fails at once and says why.
    const run = await runCliWithin(['scan', repo.dir, '--history', '--format', 'json'], 5_000);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expectClearError(run);
    expect(run.stderr).toMatch(/deltas form a loop/);
  });

  test('a REF_DELTA cycle in a store the repository borrows from: the scan fails at once too', async () => {
    const source = GitRepo.init();
    source.commit('key', { id_ed25519: ed25519.text });
    const dir = join(scratchDir('borrowed-cycle-'), 'repo');
    git(source.dir, ['clone', '-q', '--shared', source.dir, dir]);
    new GitRepo(dir).commit('in the clone', { 'deploy.pem': rsa.text });
    // The loop is in the borrowed store, not the clone's own.
    mkdirSync(join(source.dir, '.git', 'objects', 'pack'), { recursive: true });
    placeCyclePack(join(source.dir, '.git', 'objects', 'pack'), 'borrowed-cycle');
    const { error, ms } = await nativeOutcome(dir);
    expect(error).toBeInstanceOf(PackCycleError);
    expect(ms).toBeLessThan(2_000);
    const run = await runCliWithin(['scan', dir, '--history', '--format', 'json'], 5_000);
    expect(run.killed).toBe(false);
    expectClearError(run);
    expect(run.stderr).toMatch(/deltas form a loop/);
  });

  test(
    'a delta chain of 6 MiB versions costs about what git takes to read it',
    { timeout: 180_000 },
    async () => {
      const repo = GitRepo.init();
      repo.commit('init', { 'README.md': 'hello\n' });
      const size = 6 * 1024 * 1024;
      const base = noise(size, 11);
      const entries: CraftedEntry[] = [{ kind: 'blob', data: base }];
      for (let step = 1; step <= 100; step++)
        entries.push({
          kind: 'ofs',
          back: 1,
          delta: overwrite(base, (step * 104_729) % (size - 100), `version ${step}`),
        });
      placePack(join(repo.dir, '.git', 'objects', 'pack'), packOf(entries).pack);

      let started = Date.now();
      const byGit = await gitHits(repo.dir);
      const gitMs = Date.now() - started;
      started = Date.now();
      const read = await nativeRead(repo.dir);
      const nativeMs = Date.now() - started;
      expect(read.stats.blobsScanned).toBe(byGit.blobs);
      expect(read.stats.bytesScanned).toBe(byGit.bytes);
      // Objects above a quarter of the cache were once never cached: every version of a
      // chain of 6 MiB objects was rebuilt from the chain's root (100 deltas: ~9 s, git ~1.5 s).
      expect(nativeMs).toBeLessThan(2 * gitMs + 2_000);
    },
  );

  test('a REF_DELTA whose base is in no pack it can reach (a thin pack placed as is)', async () => {
    const repo = GitRepo.init();
    repo.commit('first', { 'deploy/key.txt': `${ed25519.text}${lines(200)}` });
    repo.git('repack', '-adq');
    repo.commit('second', { 'deploy/key.txt': `${ed25519.text}${lines(201)}` });
    const deltaBlob = repo.blob('HEAD', 'deploy/key.txt');
    const baseBlob = repo.blob('HEAD~1', 'deploy/key.txt');
    // The second commit's objects as a thin pack: its blob a delta of the first one's, not included.
    const thin = git(
      repo.dir,
      ['pack-objects', '--thin', '--stdout', '--revs', '-q'],
      'HEAD\n^HEAD~1\n',
    );
    const scratch = scratchDir('thin-');
    const fixed = join(scratch, 'fixed.pack');
    git(repo.dir, ['index-pack', '--stdin', '--fix-thin', fixed], thin);
    const entries = writeThinPack(
      thin,
      readFileSync(join(scratch, 'fixed.idx')),
      join(repo.dir, '.git', 'objects', 'pack'),
    );
    expect(entries).toContain(deltaBlob);
    expect(entries).not.toContain(baseBlob);
    git(repo.dir, ['prune-packed']);
    const layout = await storeLayout(repo.dir);
    expect(layout?.loose).toEqual([]);
    expect(layout?.packs).toHaveLength(2);
    const thinPack = layout?.packs.find((files) =>
      PackIndex.read(files.idx, 20, files.size).has(deltaBlob),
    );
    expect(entryKinds(thinPack?.idx ?? '')['ref-delta']).toBe(1);

    const { error, ms } = await nativeOutcome(repo.dir);
    expect(error).toBeInstanceOf(PackFormatError);
    expect(ms).toBeLessThan(10_000);
    // git does not look for a REF_DELTA's base outside its pack either: both call it missing.
    const report = await sameAsGit(repo.dir);
    expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint]);
    expect(report?.warnings.join('\n')).toContain(deltaBlob);
  });
});

/**
 * Writes `thin` (a pack whose deltas may name bases it lacks) and an index v2
 * for it into `packDir`, taking the ids, CRCs and offsets of its entries from
 * `fixedIdx` (the index of the same pack completed by `index-pack
 * --fix-thin`, which appends the bases after them). Returns the ids.
 */
function writeThinPack(thin: Buffer, fixedIdx: Buffer, packDir: string): string[] {
  const count = fixedIdx.readUInt32BE(8 + 255 * 4);
  const rows: IdxRow[] = [];
  for (let row = 0; row < count; row++) {
    const offset = fixedIdx.readUInt32BE(1032 + count * 24 + row * 4);
    if (offset >= thin.length - 20) continue;
    rows.push({
      id: fixedIdx.subarray(1032 + row * 20, 1032 + row * 20 + 20),
      crc: fixedIdx.readUInt32BE(1032 + count * 20 + row * 4),
      offset,
    });
  }
  placePack(packDir, thin, rows);
  return rows.map((row) => row.id.toString('hex'));
}

// ---------------------------------------------------------------------------
// Hand-made packs

/** A size varint of a delta's header. */
function varint(value: number): number[] {
  const out: number[] = [];
  do {
    out.push((value & 0x7f) | (value >= 0x80 ? 0x80 : 0));
    value = Math.floor(value / 128);
  } while (value > 0);
  return out;
}

/** A delta: its base's size, its result's size, then its opcodes. */
const delta = (baseSize: number, resultSize: number, ...ops: number[]): Buffer =>
  Buffer.from([...varint(baseSize), ...varint(resultSize), ...ops]);

/** A delta copy opcode with only the offset and size bytes that are not 0. */
function copyOp(from: number, length: number): number[] {
  let op = 0x80;
  const bytes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const byte = Math.floor(from / 2 ** (8 * i)) & 0xff;
    if (byte) {
      op |= 1 << i;
      bytes.push(byte);
    }
  }
  for (let i = 0; i < 3; i++) {
    const byte = (length >> (8 * i)) & 0xff;
    if (byte) {
      op |= 0x10 << i;
      bytes.push(byte);
    }
  }
  return [op, ...bytes];
}

/** A delta of `base` that writes `text` over it at `at` (same size). */
function overwrite(base: Buffer, at: number, text: string): Buffer {
  const insert = Buffer.from(text);
  const ops = [...copyOp(0, at)];
  for (let i = 0; i < insert.length; i += 127) {
    const piece = insert.subarray(i, i + 127);
    ops.push(piece.length, ...piece);
  }
  ops.push(...copyOp(at + insert.length, base.length - at - insert.length));
  return delta(base.length, base.length, ...ops);
}

type CraftedEntry =
  | { kind: 'blob'; data: Buffer }
  /** A delta of the entry `base` entries before it, by offset. */
  | { kind: 'ofs'; back: number; delta: Buffer }
  | { kind: 'ref'; baseId: Buffer; delta: Buffer };

/** A version 2 pack of these entries, and the offset of each. */
function packOf(entries: CraftedEntry[]): { pack: Buffer; offsets: number[] } {
  const parts: Buffer[] = [Buffer.from('PACK'), Buffer.alloc(8)];
  parts[1]?.writeUInt32BE(2, 0);
  parts[1]?.writeUInt32BE(entries.length, 4);
  let length = 12;
  const offsets: number[] = [];
  for (const [at, entry] of entries.entries()) {
    offsets.push(length);
    const data = entry.kind === 'blob' ? entry.data : entry.delta;
    let size = data.length;
    const head = [((entry.kind === 'blob' ? 3 : entry.kind === 'ofs' ? 6 : 7) << 4) | (size & 15)];
    size = Math.floor(size / 16);
    while (size > 0) {
      head[head.length - 1] = (head[head.length - 1] as number) | 0x80;
      head.push(size & 0x7f);
      size = Math.floor(size / 128);
    }
    if (entry.kind === 'ofs') {
      let distance = length - (offsets[at - entry.back] as number);
      const encoded = [distance & 0x7f];
      while ((distance = Math.floor(distance / 128))) {
        distance--;
        encoded.unshift(0x80 | (distance & 0x7f));
      }
      head.push(...encoded);
    }
    const bytes = Buffer.concat([
      Buffer.from(head),
      ...(entry.kind === 'ref' ? [entry.baseId] : []),
      deflateSync(data),
    ]);
    parts.push(bytes);
    length += bytes.length;
  }
  const body = Buffer.concat(parts);
  return { pack: Buffer.concat([body, createHash('sha1').update(body).digest()]), offsets };
}

interface IdxRow {
  id: Buffer;
  crc: number;
  offset: number;
}

/**
 * Writes `pack` into `packDir` with an index: git's (`index-pack`, which
 * also checks that git can read every entry) or, given `rows`, one written
 * here for a pack git would not index (ids made up, deltas broken).
 */
/** A pack whose two REF_DELTAs are each other's base, placed in `packDir` with made-up ids. */
function placeCyclePack(packDir: string, salt: string): void {
  const base = Buffer.from(lines(20));
  const rows = madeUpRows([0, 0, 0], salt);
  const change = overwrite(base, 10, 'XX');
  const { pack, offsets } = packOf([
    { kind: 'blob', data: base },
    { kind: 'ref', baseId: rows[2]?.id as Buffer, delta: change },
    { kind: 'ref', baseId: rows[1]?.id as Buffer, delta: change },
  ]);
  placePack(
    packDir,
    pack,
    rows.map((row, at) => ({ ...row, offset: offsets[at] as number })),
  );
}

function placePack(packDir: string, pack: Buffer, rows?: IdxRow[]): string {
  const name = join(packDir, `pack-${pack.subarray(-20).toString('hex')}`);
  writeFileSync(`${name}.pack`, pack);
  if (!rows) {
    git(packDir, ['index-pack', `${name}.pack`]);
    return `${name}.idx`;
  }
  const sorted = [...rows].sort((a, b) => Buffer.compare(a.id, b.id));
  const words = (values: number[]): Buffer => {
    const out = Buffer.alloc(values.length * 4);
    values.forEach((value, at) => out.writeUInt32BE(value, at * 4));
    return out;
  };
  const fanout = Array.from(
    { length: 256 },
    (_, byte) => sorted.filter((row) => (row.id[0] as number) <= byte).length,
  );
  const body = Buffer.concat([
    words([0xff744f63, 2, ...fanout]),
    ...sorted.map((row) => row.id),
    words(sorted.map((row) => row.crc)),
    words(sorted.map((row) => row.offset)),
    pack.subarray(-20),
  ]);
  writeFileSync(`${name}.idx`, Buffer.concat([body, createHash('sha1').update(body).digest()]));
  return `${name}.idx`;
}

/** Made-up ids for entries of a pack git would not index (their CRCs left 0). */
const madeUpRows = (offsets: number[], salt: string): IdxRow[] =>
  offsets.map((offset, at) => ({
    id: createHash('sha1').update(`${salt} ${at}`).digest(),
    crc: 0,
    offset,
  }));

// ---------------------------------------------------------------------------

describe('deltas and entry headers', () => {
  const base = Buffer.from('hello brave new world');
  const rejects = (run: () => unknown): unknown => {
    try {
      run();
      return null;
    } catch (error) {
      return error;
    }
  };

  test('copies and inserts build the result', () => {
    // copy 6 bytes from 0, insert "old", copy 6 bytes from 15.
    const made = applyDelta(
      base,
      delta(base.length, 15, 0x91, 0, 6, 3, ...Buffer.from('old'), 0x91, 15, 6),
    );
    expect(made.toString()).toBe('hello old world');
    expect(deltaResultSize(delta(base.length, 300))).toBe(300);
    // Offset and size bytes picked by the opcode's bits: offset byte 2 only, size byte 1 only.
    const wide = noise(0x30000, 3);
    const copied = applyDelta(wide, delta(wide.length, 0x200, 0x80 | 0x04 | 0x20, 0x02, 0x02));
    expect(digest(copied)).toBe(digest(wide.subarray(0x20000, 0x20200)));
  });

  test('a copy of size 0 copies 0x10000 bytes', () => {
    const wide = noise(0x10000, 5);
    const copied = applyDelta(wide, delta(wide.length, 0x10000, 0x80));
    expect(digest(copied)).toBe(digest(wide));
    expect(
      rejects(() => applyDelta(wide.subarray(1), delta(0xffff, 0x10000, 0x80))),
    ).toBeInstanceOf(PackFormatError);
  });

  test.each([
    ['a copy beyond the base', delta(base.length, 10, 0x91, 15, 10)],
    ['a copy far beyond the base (4-byte offset)', delta(base.length, 4, 0x9f, 0, 0, 0, 0x80, 4)],
    ['a copy beyond the result', delta(base.length, 4, 0x91, 0, 6)],
    ['an insert beyond the delta', delta(base.length, 5, 5, 0x41, 0x42)],
    ['an insert beyond the result', delta(base.length, 2, 3, 0x41, 0x42, 0x43)],
    ['a result shorter than declared', delta(base.length, 10, 0x91, 0, 6)],
    ['the base size not the base’s', delta(base.length + 1, 6, 0x91, 0, 6)],
    ['opcode 0 (reserved)', delta(base.length, 6, 0x00, 0x91, 0, 6)],
    ['a copy opcode cut short', delta(base.length, 6, 0x91, 0)],
    ['sizes cut short', Buffer.from([0x95])],
    ['a size varint that never ends', Buffer.from(Array.from({ length: 12 }, () => 0xff))],
  ])('applyDelta rejects %s', (_, bad) => {
    expect(rejects(() => applyDelta(base, bad))).toBeInstanceOf(PackFormatError);
  });

  test('entry headers: sizes, OFS_DELTA distances and REF_DELTA ids', () => {
    // A blob of 100 bytes: type 3, size 100 = 4 + 6 * 16.
    expect(parseEntryHeader(Buffer.from([0xb4, 0x06]), 0, 500, 20)).toEqual({
      type: 3,
      size: 100,
      baseOffset: -1,
      baseIdAt: -1,
      length: 2,
    });
    // OFS_DELTA, size 5, distance (1 + 1) * 128 + 0 = 256.
    expect(parseEntryHeader(Buffer.from([9, 0x65, 0x81, 0x00]), 1, 1000, 20)).toMatchObject({
      type: 6,
      size: 5,
      baseOffset: 744,
      length: 3,
    });
    const ref = Buffer.concat([Buffer.from([0x75]), Buffer.alloc(20, 0xab)]);
    expect(parseEntryHeader(ref, 0, 100, 20)).toMatchObject({ type: 7, baseIdAt: 1, length: 21 });
  });

  test.each([
    ['an OFS_DELTA distance larger than the offset', [0x65, 0x7f], 100],
    ['an OFS_DELTA distance of a multi-byte varint past the start', [0x65, 0x81, 0x00], 255],
    ['an OFS_DELTA distance of 0', [0x65, 0x00], 100],
    ['a REF_DELTA id cut short', [0x75, 1, 2, 3], 100],
    ['type 0', [0x05], 100],
    ['type 5 (reserved)', [0x55], 100],
    ['a size cut short', [0xb4], 100],
    ['a size that never ends', Array.from({ length: 12 }, () => 0xff), 100],
  ])('parseEntryHeader rejects %s', (_, bytes, offset) => {
    const header = Buffer.from(bytes);
    expect(rejects(() => parseEntryHeader(header, 0, offset, 20))).toBeInstanceOf(PackFormatError);
  });
});

// ---------------------------------------------------------------------------

describe('a store read on two threads', () => {
  /**
   * Files per commit: two commits make some 54,000 objects, above the counts at which
   * readPacks starts a worker (MIN_FAMILY_OBJECTS, MIN_PARALLEL_OBJECTS; its packs are far
   * below MIN_PARALLEL_BYTES). Raise it if a threshold rises: the test checks the worker read.
   */
  const FILES = 27_000;

  test.skipIf(availableParallelism() < 2).each(['families', 'positions'])(
    'the worker reads part of the packs (split by %s) and the result is the one a single thread gives',
    { timeout: 240_000 },
    async (split) => {
      const repo = GitRepo.init();
      // fast-import: two commits of FILES small files, the second editing each (deltas when repacked).
      const stream: string[] = [];
      for (let version = 0; version < 2; version++) {
        stream.push(
          `commit refs/heads/main\ncommitter A <a@example.com> ${1_700_000_000 + version} +0000\ndata 2\nc${version}\n`,
        );
        for (let i = 0; i < FILES; i++) {
          let body = `file ${i}\n${`x = compute(${i});\n`.repeat(i % 20)}version ${version}\n`;
          if (i % 2477 === 11) body += i % 2 ? ed25519.text : rsa.text;
          stream.push(
            `M 100644 inline d${i % 50}/f${i}.txt\ndata ${Buffer.byteLength(body)}\n${body}\n`,
          );
        }
      }
      git(repo.dir, ['fast-import', '--quiet'], stream.join(''));
      git(repo.dir, ['repack', '-adfq', '--depth=50']);
      const layout = await storeLayout(repo.dir);
      if (!layout) throw new Error('no layout');

      const alone = await readPacks(repo.dir, layout, { messages: true }, false);
      expect(alone.hits.length).toBe(2 * Math.ceil((FILES - 11) / 2477));
      // The keys lie early, in the middle and late in pack order.
      const index = PackIndex.read(
        (layout.packs[0] as { idx: string }).idx,
        20,
        (layout.packs[0] as { size: number }).size,
      );
      const positions = alone.hits
        .map((hit) => index.positionOfRawId(Buffer.from(hit.id, 'hex'), 0) / index.count)
        .sort((a, b) => a - b);
      expect(positions[0]).toBeLessThan(0.25);
      expect(positions.some((at) => at > 0.35 && at < 0.65)).toBe(true);
      expect(positions.at(-1)).toBeGreaterThan(0.75);

      allowScanWorkers(ENTRY, ['--import', 'tsx']);
      const log = join(scratchDir('worker-log-'), 'segments');
      writeFileSync(log, '');
      process.env['EC2KR_TEST_WORKER_LOG'] = log;
      process.env['EC2KR_PACK_SPLIT'] = split;
      let both: PackRead;
      try {
        both = await readPacks(
          repo.dir,
          layout,
          {
            messages: true,
            // This thread waits after its first segment until the worker has returned one.
            onProgress: () => {
              const until = Date.now() + 30_000;
              const pause = new Int32Array(new SharedArrayBuffer(4));
              while (readFileSync(log, 'utf8') === '' && Date.now() < until)
                Atomics.wait(pause, 0, 0, 20);
            },
          },
          true,
        );
      } finally {
        delete process.env['EC2KR_TEST_WORKER_LOG'];
        delete process.env['EC2KR_PACK_SPLIT'];
      }
      const byWorker = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      const familyReader = new PackReader(
        (layout.packs[0] as { pack: string }).pack,
        index,
        LIMITS,
      );
      const segments =
        split === 'families'
          ? familySegmentsOf([familyReader.families()]).length
          : segmentsOf([index]).length;
      familyReader.close();
      expect(byWorker.length).toBeGreaterThan(0);
      expect(byWorker.length).toBeLessThan(segments);
      // In pack order whichever thread read them, each once.
      expect(hitSummary(both.hits, true)).toEqual(hitSummary(alone.hits, true));
      expect(both.stats).toEqual(alone.stats);
      expect(both.warnings).toEqual(alone.warnings);

      // The CLI (which starts its own worker for such a store) reports what git's reader does.
      const report = await sameAsGit(repo.dir);
      expect(fingerprintsOf(report)).toEqual([ed25519.fingerprint, rsa.fingerprint].sort());
    },
  );
});
