// Builds (once, then reuses) the benchmark repositories: a synthetic project
// history written with `git fast-import`, with private keys planted in old
// commits that later delete them and in files still present at HEAD.
//
// Layout of a built repository, under bench/.work/<profile>-<hash>/:
//   repo.git/      bare repository (the history scan's target)
//   tree/          a clone of it checked out at HEAD (the tree scan's target)
//   keys/          the planted keys as ssh-keygen wrote them
//   manifest.json  parameters, sizes and expected fingerprints; written last,
//                  so a directory without it is an interrupted build.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateKeys, keyJson, keyJsonLine, PLANTED_KEYS } from './keys.mjs';
import { makeVocabulary, Rng, TextWriter } from './random.mjs';

/**
 * Bump when the generated content changes, so cached repositories are rebuilt
 * (the parameters below and the planted keys' specs are part of the hash too).
 */
const GENERATOR_VERSION = 1;
const MIB = 1024 * 1024;

const BIG_BINARIES = [3 * MIB, 6 * MIB, 12 * MIB, 20 * MIB];
const SMALL_BINARIES = [1 * MIB, 3 * MIB];

/**
 * Repository sizes. `basePaths` files are imported first, then `commits`
 * commits change about `changesPerCommit` files each. Each binary is written
 * twice (two versions). The 20 MiB binary is above the scanner's 16 MiB
 * whole-blob limit, so its streaming path is exercised too. Profiles compared
 * for memory share the same binaries, so only the history's size differs.
 */
export const PROFILES = {
  full: { basePaths: 16000, commits: 2000, binaries: BIG_BINARIES },
  quarter: { basePaths: 4000, commits: 500, binaries: BIG_BINARIES },
  quick: { basePaths: 1600, commits: 200, binaries: SMALL_BINARIES },
  'quick-quarter': { basePaths: 400, commits: 50, binaries: SMALL_BINARIES },
  // Shaped like paramiko's history: about 30,000 objects, 25 test keys that
  // live in many files (key files and test code with the key pasted in),
  // edited again and again, so that the keys sit at 6,000+ (commit, path)
  // places: the history scan's worst case for locating, not for reading.
  paramiko: {
    basePaths: 1200,
    commits: 2000,
    changesPerCommit: 2,
    changeSpread: 2,
    binaries: [],
    planted: [],
    keyCorpus: { keys: 25, hostsPerKey: 6, editsPerHost: 42 },
  },
  'paramiko-quick': {
    basePaths: 300,
    commits: 400,
    changesPerCommit: 2,
    changeSpread: 2,
    binaries: [],
    planted: [],
    keyCorpus: { keys: 5, hostsPerKey: 4, editsPerHost: 20 },
  },
  // A large checkout for the tree scan: 20,000 files, about 300 MB, with
  // the planted keys; a short history (the tree is what is measured).
  tree300: { basePaths: 20000, commits: 40, medianBytes: 9000, binaries: [] },
  'tree300-quick': { basePaths: 2000, commits: 40, medianBytes: 9000, binaries: [] },
};

/** The keys of a key corpus: alternately ed25519 and RSA, each in several files. */
function corpusKeySpecs(corpus) {
  return Array.from({ length: corpus.keys }, (_, k) => ({
    name: `c${k}`,
    type: k % 2 ? 'rsa' : 'ed25519',
    form: 'corpus',
    path: `tests/keys/test_key_${k}_0.key`,
  }));
}

const COMMON = {
  changesPerCommit: 25,
  /** Text file sizes are log-normal around this median (mean is about 1.65x). */
  medianBytes: 4500,
  sigma: 1,
  packages: 16,
  subdirsPerPackage: 24,
  seed: 20260101,
};

const EXTENSIONS = [
  'py',
  'py',
  'go',
  'go',
  'rs',
  'java',
  'c',
  'h',
  'rb',
  'md',
  'json',
  'yaml',
  'txt',
  'sql',
  'sh',
  'kt',
  'html',
  'css',
];
const AUTHORS = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Ken Thompson',
];
const EPOCH = 1_600_000_000;

/** Directory of a profile's cached build. */
function buildDir(workDir, name) {
  const params = { GENERATOR_VERSION, ...COMMON, ...PROFILES[name] };
  const hash = createHash('sha256')
    .update(JSON.stringify({ params, keys: PLANTED_KEYS }))
    .digest('hex')
    .slice(0, 10);
  return { dir: join(workDir, `${name}-${hash}`), params, prefix: `${name}-` };
}

function git(cwd, args, options = {}) {
  return execFileSync('git', args, { cwd, maxBuffer: 1024 * MIB, ...options });
}

/** Removes earlier builds of the same profile made with other parameters. */
function removeStaleBuilds(workDir, prefix, keep) {
  if (!existsSync(workDir)) return;
  for (const entry of readdirSync(workDir)) {
    const full = join(workDir, entry);
    const rest = entry.slice(prefix.length);
    if (entry.startsWith(prefix) && /^[0-9a-f]{10}$/.test(rest) && full !== keep) {
      rmSync(full, { recursive: true, force: true });
    }
  }
}

/**
 * Returns the manifest of a profile's repository, building it first when no
 * complete build with the same parameters is cached. With `withTree`, also
 * makes sure HEAD is checked out in `tree/`.
 */
export async function ensureRepository(workDir, name, { withTree = false, log = () => {} } = {}) {
  const { dir, params, prefix } = buildDir(workDir, name);
  const manifestFile = join(dir, 'manifest.json');
  let manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : null;
  if (manifest) {
    log(`${name}: reusing ${dir}`);
  } else {
    removeStaleBuilds(workDir, prefix, dir);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'keys'), { recursive: true });
    manifest = await build(dir, name, params, log);
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  const paths = { dir, repo: join(dir, 'repo.git'), tree: join(dir, 'tree') };
  const treeDone = join(dir, 'tree.done');
  if (withTree && !existsSync(treeDone)) {
    const started = performance.now();
    log(`${name}: checking out HEAD into ${paths.tree}`);
    rmSync(paths.tree, { recursive: true, force: true });
    // --shared: the clone borrows repo.git's objects instead of copying them.
    git(dir, ['clone', '-q', '--shared', paths.repo, paths.tree]);
    writeFileSync(treeDone, '');
    log(`${name}: checkout took ${seconds(started)}`);
  }
  return { ...manifest, ...paths };
}

function seconds(started) {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

/** Paths currently in the tree that random changes may touch, with O(1) pick and removal. */
class LiveSet {
  items = [];
  index = new Map();

  add(item) {
    this.index.set(item, this.items.length);
    this.items.push(item);
  }

  delete(item) {
    const at = this.index.get(item);
    const last = this.items.pop();
    if (last !== item) {
      this.items[at] = last;
      this.index.set(last, at);
    }
    this.index.delete(item);
  }

  pick(rng) {
    return this.items[rng.int(this.items.length)];
  }

  get size() {
    return this.items.length;
  }
}

/**
 * Decides the whole history up front: which commit writes which version of
 * which path. Blob contents are made later, path by path (see emitBlobs).
 */
function planHistory(params, rng, vocab, keys) {
  const files = [];
  const commits = [];
  const names = new Set();
  const live = new LiveSet();
  let nextMark = 1;

  const subdirs = Array.from({ length: params.packages }, () =>
    Array.from({ length: params.subdirsPerPackage }, () => rng.pick(vocab)),
  );
  const newFile = (path) => {
    const file = { path: path ?? randomPath(), versions: [] };
    names.add(file.path);
    files.push(file);
    return file;
  };
  const randomPath = () => {
    for (;;) {
      const pkg = rng.int(params.packages);
      const path = `pkg${String(pkg).padStart(2, '0')}/${rng.pick(subdirs[pkg])}/${rng.pick(vocab)}_${rng.pick(vocab)}.${rng.pick(EXTENSIONS)}`;
      if (!names.has(path)) return path;
    }
  };
  const version = (file, fields) => {
    const mark = nextMark++;
    file.versions.push({ mark, ...fields });
    return { op: 'M', path: file.path, mark };
  };
  const textVersion = (file) =>
    version(file, {
      kind: 'text',
      size: rng.logNormal(params.medianBytes, params.sigma, 200, 400_000),
    });
  const commit = (changes, message) => commits.push({ changes, message });

  // The initial import, in batches of 1,000 files.
  for (let done = 0; done < params.basePaths; done += 1000) {
    const changes = [];
    for (let i = done; i < Math.min(params.basePaths, done + 1000); i++) {
      const file = newFile();
      live.add(file);
      changes.push(textVersion(file));
    }
    commit(changes, `import part ${done / 1000 + 1}`);
  }
  // Binaries: first versions now, second versions at 60% of the history.
  const binaries = params.binaries.map((size, i) => newFile(`assets/media/bundle-${i}.bin`));
  commit(
    binaries.map((file, i) => version(file, { kind: 'binary', size: params.binaries[i] })),
    'add media bundles',
  );
  // Files that will have a key pasted into them exist from the start, outside the live set.
  const embedHosts = new Map();
  for (const key of keys.filter((k) => k.form === 'embedded')) {
    const file = newFile(key.path);
    embedHosts.set(key.name, file);
    commit([textVersion(file)], `add ${key.path}`);
  }

  // Key events, keyed by main-commit index.
  const events = new Map();
  const at = (fraction, change) => {
    const index = Math.min(params.commits - 1, Math.floor(fraction * params.commits));
    events.set(index, [...(events.get(index) ?? []), change]);
  };
  for (const key of keys) {
    // A corpus key's files are planned by planKeyCorpus.
    if (key.form === 'corpus') continue;
    if (key.form === 'embedded') {
      const host = embedHosts.get(key.name);
      at(key.add, () => version(host, { kind: 'embed', line: keyJsonLine(key) }));
      at(key.remove, () => version(host, { kind: 'unembed', line: keyJsonLine(key) }));
      continue;
    }
    const content = key.form === 'json' ? keyJson(key) : key.privateKey;
    const pub = key.form === 'file' ? `${key.path}.pub` : null;
    at(key.add, () => {
      const changes = [version(newFile(key.path), { kind: 'fixed', content })];
      if (pub) changes.push(version(newFile(pub), { kind: 'fixed', content: key.publicKey }));
      return changes;
    });
    if (key.remove !== undefined) {
      at(key.remove, () => [key.path, pub].filter(Boolean).map((path) => ({ op: 'D', path })));
    }
  }
  at(0.6, () =>
    binaries.map((file, i) => version(file, { kind: 'binary', size: params.binaries[i] })),
  );
  if (params.keyCorpus) planKeyCorpus(params, rng, keys, newFile, version, at);

  // The main history: mostly edits, some new files, a few deletions.
  for (let c = 0; c < params.commits; c++) {
    const changes = [];
    const touched = new Set();
    for (const event of events.get(c) ?? []) changes.push(...[event()].flat());
    const spread = params.changeSpread ?? 10;
    const count = rng.range(params.changesPerCommit - spread, params.changesPerCommit + spread);
    for (let i = 0; i < count; i++) {
      const roll = rng.float();
      if (roll < 0.85 && live.size) {
        const file = live.pick(rng);
        if (touched.has(file)) continue;
        touched.add(file);
        changes.push(textVersion(file));
      } else if (roll < 0.95 || !live.size) {
        const file = newFile();
        touched.add(file);
        live.add(file);
        changes.push(textVersion(file));
      } else {
        const file = live.pick(rng);
        if (touched.has(file)) continue;
        touched.add(file);
        live.delete(file);
        changes.push({ op: 'D', path: file.path });
      }
    }
    commit(
      changes,
      `${rng.pick(vocab)} ${rng.pick(vocab)}: ${rng.pick(vocab)} ${rng.pick(vocab)} ${rng.pick(vocab)}`,
    );
  }
  return { files, commits, firstCommitMark: nextMark };
}

/**
 * A key corpus: every key in `hostsPerKey` files (its key file, and test
 * code with the key pasted in), each created early and rewritten
 * `editsPerHost` times at random later commits, the key kept in every
 * version: one (commit, path) place per version.
 */
function planKeyCorpus(params, rng, keys, newFile, version, at) {
  const { hostsPerKey, editsPerHost } = params.keyCorpus;
  for (const [k, key] of keys.entries()) {
    for (let h = 0; h < hostsPerKey; h++) {
      const path = h === 0 ? key.path : `tests/test_key_${k}_${h}.py`;
      const file = newFile(path);
      const size = rng.logNormal(params.medianBytes, params.sigma, 400, 40_000);
      const keyed = () => ({ kind: 'keyed', size, key: key.privateKey });
      // One version per commit: a second one in the same commit would be an unreachable blob.
      const taken = new Set();
      const once = (low, width) => {
        let index;
        do index = Math.floor((low + rng.float() * width) * params.commits);
        while (taken.has(index));
        taken.add(index);
        at((index + 0.5) / params.commits, () => [version(file, keyed())]);
      };
      once(0, 0.3);
      for (let e = 0; e < editsPerHost; e++) once(0.3, 0.7);
    }
  }
}

/** Buffers small writes into ~1 MiB writes and honours back-pressure. */
class StreamWriter {
  parts = [];
  size = 0;
  bytes = 0;

  constructor(stream) {
    this.stream = stream;
  }

  async write(data) {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.parts.push(buffer);
    this.size += buffer.length;
    this.bytes += buffer.length;
    if (this.size >= MIB) await this.flush();
  }

  async flush() {
    if (!this.size) return;
    const ok = this.stream.write(Buffer.concat(this.parts));
    this.parts = [];
    this.size = 0;
    if (!ok) await once(this.stream, 'drain');
  }
}

/** Writes a small random edit of `lines`: replaced, inserted and deleted lines. */
function edit(lines, vocab, rng, writer) {
  const out = lines.slice();
  const edits = 1 + rng.int(Math.max(1, Math.ceil(out.length * 0.04)));
  for (let i = 0; i < edits; i++) {
    const roll = rng.int(10);
    if (roll < 6 && out.length) out[rng.int(out.length)] = writer.line(vocab);
    else if (roll < 8 || out.length < 2)
      out.splice(rng.int(out.length + 1), 0, ...writer.lines(vocab, rng.range(20, 400)));
    else out.splice(rng.int(out.length), 1);
  }
  return out;
}

/**
 * Writes every blob, path by path, each version right after the previous
 * one, so fast-import stores most versions as small deltas against their
 * predecessor, as a packed real repository does.
 */
async function emitBlobs(out, plan, rng, vocab, log) {
  const writer = new TextWriter(rng, vocab);
  const total = plan.files.reduce((sum, file) => sum + file.versions.length, 0);
  let written = 0;
  let bytes = 0;
  let nextReport = 0.1;
  const started = performance.now();
  const sorted = [...plan.files].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const file of sorted) {
    let lines = null;
    let fileVocab = null;
    for (const v of file.versions) {
      let content;
      if (v.kind === 'text') {
        if (lines) lines = edit(lines, fileVocab, rng, writer);
        else lines = writer.lines((fileVocab = writer.fileVocabulary()), v.size);
      } else if (v.kind === 'embed') {
        lines = lines.slice();
        lines.splice(Math.floor(lines.length / 2), 0, v.line);
      } else if (v.kind === 'unembed') {
        lines = edit(
          lines.filter((line) => line !== v.line),
          fileVocab,
          rng,
          writer,
        );
      } else if (v.kind === 'keyed') {
        // Code around the key, edited each version; the key's lines pasted in the middle.
        if (lines) lines = edit(lines, fileVocab, rng, writer);
        else lines = writer.lines((fileVocab = writer.fileVocabulary()), v.size);
        const middle = Math.floor(lines.length / 2);
        const before = lines.slice(0, middle).join('\n');
        const after = lines.slice(middle).join('\n');
        content = Buffer.from(`${before}\n# test key\n${v.key}${after}\n`, 'utf8');
      } else if (v.kind === 'binary') {
        content = randomBytes(v.size);
      } else {
        content = Buffer.from(v.content, 'utf8');
      }
      content ??= Buffer.from(`${lines.join('\n')}\n`, 'utf8');
      await out.write(`blob\nmark :${v.mark}\ndata ${content.length}\n`);
      await out.write(content);
      await out.write('\n');
      written++;
      bytes += content.length;
    }
    if (written / total >= nextReport) {
      log(`  blobs ${written}/${total} (${(bytes / MIB).toFixed(0)} MiB) ${seconds(started)}`);
      nextReport += 0.1;
    }
  }
  return { blobs: written, bytes };
}

async function emitCommits(out, plan, rng) {
  let mark = plan.firstCommitMark;
  for (const [index, commit] of plan.commits.entries()) {
    const author = AUTHORS[index % AUTHORS.length];
    const email = `${author.split(' ')[0].toLowerCase()}@example.com`;
    const when = `${EPOCH + index * 3600 + rng.int(3000)} +0000`;
    const message = `${commit.message}\n`;
    let text = `commit refs/heads/main\nmark :${mark++}\nauthor ${author} <${email}> ${when}\ncommitter ${author} <${email}> ${when}\ndata ${Buffer.byteLength(message)}\n${message}`;
    for (const change of commit.changes) {
      text +=
        change.op === 'D' ? `D ${change.path}\n` : `M 100644 :${change.mark} ${change.path}\n`;
    }
    await out.write(`${text}\n`);
  }
}

/** Generates the keys, plans the history and pipes it through `git fast-import`. */
async function build(dir, name, params, log) {
  const started = performance.now();
  log(`${name}: building a repository in ${dir} (once; reused while the parameters are unchanged)`);
  const keys = params.keyCorpus
    ? generateKeys(join(dir, 'keys'), corpusKeySpecs(params.keyCorpus))
    : generateKeys(join(dir, 'keys'), params.planted);
  const rng = new Rng(params.seed);
  const vocab = makeVocabulary(rng, 8192);
  const plan = planHistory(params, rng, vocab, keys);

  const repo = join(dir, 'repo.git');
  git(dir, ['init', '-q', '--bare', '--initial-branch=main', repo]);
  const child = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: repo,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `git fast-import failed (${code}): ${Buffer.concat(stderr).toString().trim()}`,
            ),
          ),
    );
  });
  child.stdin.on('error', () => undefined); // a dead fast-import is reported by `exited`
  const out = new StreamWriter(child.stdin);
  // If fast-import dies mid-stream, stop writing instead of waiting for 'drain' forever.
  const emitted = Promise.race([
    (async () => {
      const blobs = await emitBlobs(out, plan, rng, vocab, log);
      await emitCommits(out, plan, rng);
      await out.write('done\n');
      await out.flush();
      child.stdin.end();
      return blobs;
    })(),
    exited.then(() => {
      throw new Error('git fast-import exited before the stream ended');
    }),
  ]);
  const emittedBlobs = await emitted;
  await exited;
  log(
    `${name}: fast-import done in ${seconds(started)}, ${(out.bytes / MIB).toFixed(0)} MiB streamed`,
  );

  // (commit, path) places that hold a key of the corpus: one per version written.
  const keyPlaces = plan.files.reduce(
    (sum, file) => sum + file.versions.filter((v) => v.kind === 'keyed').length,
    0,
  );
  return {
    name,
    params,
    builtIn: seconds(started),
    keyPlaces,
    ...describe(repo, emittedBlobs, keys),
  };
}

/** Sizes of the built repository, measured with git rather than taken from the plan. */
function describe(repo, emittedBlobs, keys) {
  const counts = { blob: 0, tree: 0, commit: 0 };
  let blobBytes = 0;
  const listing = git(
    repo,
    ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)', '--unordered'],
    {
      encoding: 'latin1',
    },
  );
  for (const line of listing.split('\n')) {
    if (!line) continue;
    const [type, size] = line.split(' ');
    counts[type] = (counts[type] ?? 0) + 1;
    if (type === 'blob') blobBytes += Number(size);
  }
  const packDir = join(repo, 'objects', 'pack');
  const packBytes = readdirSync(packDir)
    .filter((file) => file.endsWith('.pack'))
    .reduce((sum, file) => sum + statSync(join(packDir, file)).size, 0);

  // HEAD's files, in total and per top-level directory (for subset runs).
  const head = { files: 0, bytes: 0, byTopDir: {} };
  const tree = git(repo, ['ls-tree', '-r', '-l', '-z', 'HEAD'], { encoding: 'utf8' });
  for (const entry of tree.split('\0')) {
    if (!entry) continue;
    const [meta, path] = entry.split('\t');
    const size = Number(meta.trim().split(/\s+/)[3]);
    head.files++;
    head.bytes += size;
    const top = path.split('/')[0];
    const dir = (head.byTopDir[top] ??= { files: 0, bytes: 0 });
    dir.files++;
    dir.bytes += size;
  }
  return {
    blobs: counts.blob,
    blobBytes,
    emittedBlobs: emittedBlobs.blobs,
    trees: counts.tree,
    commits: counts.commit,
    packBytes,
    head,
    keys: keys.map(({ name, type, form, path, add, remove, fingerprint }) => ({
      name,
      type,
      form,
      path,
      add,
      remove: remove ?? null,
      fingerprint,
      inHead: remove === undefined,
    })),
  };
}
