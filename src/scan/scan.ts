import { readFileSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { KeyBlock } from './detector.js';
import { FindingCollector, type BlobPlace, type Finding, type Omitted } from './findings.js';
import { repositoryPlace, type RepositoryPlace } from './git.js';
import { blockedGit, GitBlockedError } from './git-watch.js';
import { inheritedGitDirElsewhere } from './git-safety.js';
import {
  applyIgnore,
  unlistedEncryptedKept,
  type IgnoreDiagnostics,
  type IgnoreEntry,
} from './ignore.js';
import { lfsNote } from './lfs.js';
import {
  pathProblem,
  readableKind,
  ScanInputError,
  socketProblem,
  EMPTY_PATH,
  shownPath,
  STDIN_PATH,
} from './place.js';
import { gitlinkAbove, scanInGitlink } from './sources/gitlink-dir.js';
import { scanHistory } from './sources/history.js';
import { scanRange } from './sources/range.js';
import { scanStaged } from './sources/staged.js';
import {
  isNullDevice,
  nullDevicePath,
  scanNamedStream,
  scanStdin,
  STDIN_EMPTY,
  streamEmpty,
} from './sources/stdin.js';
import { scanFile, scanTree, treeCounts } from './sources/tree.js';
import { workTreeNotes } from './sources/worktree-notes.js';

/**
 * What to read. `tree`: the files git tracks in a work tree (every file
 * elsewhere); `files`: every file, tracked or not (`--no-git`); `staged`: the
 * index, what a commit would take; `history`: every object in the
 * repository; `range`: what the commits of a push add.
 */
export type ScanSource =
  | { kind: 'tree' }
  | { kind: 'files' }
  | { kind: 'staged' }
  | { kind: 'history' }
  | {
      kind: 'range';
      range: string;
      /** The ref the push updated (`refs/heads/release`), when known: a push event names it. */
      pushedRef?: string;
      /** The repository's default branch (`main`), when known; else read from `origin/HEAD`. */
      defaultBranch?: string;
    };

export { STDIN_PATH, ScanInputError };

export interface ScanOptions {
  /** A directory, a file, or `-` for standard input. */
  path: string;
  source: ScanSource;
  /** Applied to the findings once read: may still be loading while the scan reads. */
  ignore: IgnoreEntry[] | Promise<IgnoreEntry[]>;
  onWarning?: (message: string) => void;
  /** Files (tree scans) or objects (history and range scans) read so far, of how many. */
  onProgress?: (done: number, total: number, unit: 'files' | 'objects') => void;
  /**
   * Where the directory `path` stands in sits, when the caller has asked
   * already (the CLI asks once for the scan and the ignore file's lookup).
   */
  place?: Promise<RepositoryPlace>;
  /** Read for path `-` (default: process.stdin). */
  stdin?: Readable;
}

export interface ScanStats {
  filesScanned: number;
  blobsScanned: number;
  bytesScanned: number;
  suppressed: number;
  elapsedMs: number;
}

/**
 * What a scan was to read and could not (a file or directory it may not
 * read: EACCES, EIO, …; standard input that held nothing; a git stopped
 * for waiting forever on the repository): the report does not cover it, so
 * the scan must not pass as clean. Set only when there is any.
 */
export interface Incomplete {
  /** How many files and directories could not be read. */
  unreadable: number;
  /** The first of them, as reports name paths; a directory ends with `/`. */
  paths: string[];
  /**
   * What else left the scan short, one sentence each: standard input that
   * was empty, a git stopped for waiting forever. Absent when none.
   */
  reasons?: string[];
}

export interface ScanResult {
  findings: Finding[];
  stats: ScanStats;
  warnings: string[];
  /** Files or directories the scan could not read: see `Incomplete`. */
  incomplete?: Incomplete;
  /** Ignore entries that matched nothing, or that alone suppressed every finding. */
  ignore?: IgnoreDiagnostics;
  /** Low-confidence blocks the collector's limits left out (counted, not listed). */
  omitted?: Omitted;
}

/** Scans a working tree, a file, standard input, the index, a whole history or a push range for private keys. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const onWarning = (message: string): void => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const collector = new FindingCollector(onWarning);
  const stats: ScanStats = {
    filesScanned: 0,
    blobsScanned: 0,
    bytesScanned: 0,
    suppressed: 0,
    elapsedMs: 0,
  };
  // Begun by the caller, awaited only once the source is read: a failure meanwhile is not unhandled.
  void Promise.resolve(options.ignore).catch(() => undefined);
  options.place?.catch(() => undefined);
  let counts: Counts;
  try {
    counts = await readSource(options, collector, onWarning);
  } catch (error) {
    // A git stopped for waiting forever: what was found before it stopped is still reported.
    if (!(error instanceof GitBlockedError)) throw error;
    counts = {};
  }
  const { incomplete: unread, ...read } = counts;
  // A git stopped for waiting forever on the repository (a FIFO) fails the scan, even where its
  // answer was optional (a note): what it would have said is unknown, so the scan is not
  // complete. It fails as an unreadable path does: the findings made are reported, and the
  // scan is incomplete (exit 2 unless a key found makes it 1).
  const blocked = blockedGit();
  const incomplete = blocked ? withReason(unread, blocked.message) : unread;
  Object.assign(stats, read);

  const omitted = collector.finish();
  const entries = await options.ignore;
  const { kept, suppressed, diagnostics } = applyIgnore(collector.findings(), entries);
  const unlistedEncrypted = unlistedEncryptedKept(collector.unlistedEncrypted(), entries);
  if (unlistedEncrypted) {
    omitted.unlistedEncrypted = unlistedEncrypted;
    onWarning(
      `${unlistedEncrypted} encrypted private key block${unlistedEncrypted === 1 ? ' was' : 's were'} left unlisted by the per-file limit: ` +
        'no finding stands for them, so they fail the scan (an ignore rule on the file accepts them)',
    );
  }
  stats.suppressed = suppressed;
  stats.elapsedMs = Math.round(performance.now() - started);
  return {
    findings: kept.sort(byFirstLocation),
    stats,
    warnings,
    ignore: diagnostics,
    omitted,
    ...(incomplete ? { incomplete } : {}),
  };
}

/** What reading a source gave besides its findings: the counts for the stats, and what it could not read. */
type Counts = Partial<Pick<ScanStats, 'filesScanned' | 'blobsScanned' | 'bytesScanned'>> & {
  incomplete?: Incomplete;
};

const fileAt = (path: string, kind?: BlobPlace['kind']): BlobPlace => ({
  path,
  ...(kind ? { kind } : {}),
  commit: null,
  author: null,
  authorDate: null,
});

/** `incomplete` with one more reason the scan fell short. */
function withReason(incomplete: Incomplete | undefined, reason: string): Incomplete {
  const base = incomplete ?? { unreadable: 0, paths: [] };
  return { ...base, reasons: [...(base.reasons ?? []), reason] };
}

/** Only tree-like sources can read one file or standard input. */
function assertFileSource(source: ScanSource, what: string): void {
  if (source.kind !== 'tree' && source.kind !== 'files')
    throw new ScanInputError(`--${source.kind} scans a repository: ${what} is not a directory`);
}

/** Reads the source into the collector; the counts for the stats. */
async function readSource(
  options: ScanOptions,
  collector: FindingCollector,
  onWarning: (message: string) => void,
): Promise<Counts> {
  const { source } = options;
  if (options.path === STDIN_PATH) {
    assertFileSource(source, 'standard input');
    const { blocks, bytes } = await scanStdin(options.stdin, (message) =>
      onWarning(`(stdin): ${message}`),
    );
    // Empty (an empty pipe or file): nothing was scanned, which must not pass for clean.
    if (!bytes) {
      onWarning(STDIN_EMPTY);
      return { filesScanned: 0, bytesScanned: 0, incomplete: withReason(undefined, STDIN_EMPTY) };
    }
    collector.addBlocks(blocks, [fileAt('(stdin)', 'stdin')]);
    return { filesScanned: 1, bytesScanned: bytes };
  }
  // An empty PATH is a mistake (an unset variable), never the current directory.
  if (options.path === '') throw new ScanInputError(EMPTY_PATH);
  let path = resolve(options.path);
  let info = await stat(path).catch((error: unknown) => {
    throw new ScanInputError(pathProblem(options.path, error));
  });
  // A `.git` file (a linked work tree, a submodule, --separate-git-dir) stands for its repository
  // as a `.git` directory does: its history is scanned, its one line never passes for a tree.
  if (info.isFile() && isGitFile(path, info.size)) {
    if (source.kind !== 'history' && source.kind !== 'range')
      throw new ScanInputError(
        `${options.path} is a git file (it names a git directory): scan its history with --history, ` +
          `or the work tree ${dirname(options.path)}`,
      );
    path = dirname(path);
    info = await stat(path);
  }
  if (info.isFile()) {
    assertFileSource(source, options.path);
    const place = await (options.place ?? repositoryPlace(dirname(path)));
    let read: ReturnType<typeof scanFile>;
    // Held until the path to show is known: a decoding limit's warning names it.
    const warnings: string[] = [];
    try {
      read = scanFile(await realpath(path), (message) => warnings.push(message));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ScanInputError(`cannot read ${options.path}: ${code}`);
    }
    const { blocks, bytes, lfs } = read;
    if (lfs) onWarning(lfsNote(1, false));
    // In a work tree the path from its top, as every other scan reports it.
    const shown = place.kind === 'work-tree' ? place.prefix + basename(path) : options.path;
    for (const warning of warnings) onWarning(`${shown}: ${warning}`);
    collector.addBlocks(blocks, [fileAt(shown)]);
    return { filesScanned: 1, bytesScanned: bytes };
  }
  if (!info.isDirectory()) {
    // A pipe (`scan <(cmd)`, a FIFO) or a device: read as standard input is, a socket refused.
    if (readableKind(info) === null) throw new ScanInputError(socketProblem(options.path));
    assertFileSource(source, options.path);
    const place = await (options.place ?? repositoryPlace(dirname(path)));
    const shown = place.kind === 'work-tree' ? place.prefix + basename(path) : options.path;
    if (isNullDevice(info)) throw new ScanInputError(nullDevicePath(shownPath(options.path)));
    const { blocks, bytes } = await scanNamedStream(options.path, (message) =>
      onWarning(`${shown}: ${message}`),
    );
    // As on standard input: a pipe whose writer failed holds nothing, which is no clean scan.
    if (!bytes) {
      const empty = streamEmpty(shownPath(shown));
      onWarning(empty);
      return { filesScanned: 0, bytesScanned: 0, incomplete: withReason(undefined, empty) };
    }
    collector.addBlocks(blocks, [fileAt(shown)]);
    return { filesScanned: 1, bytesScanned: bytes };
  }
  const objectProgress =
    options.onProgress &&
    ((done: number, total: number) => options.onProgress?.(done, total, 'objects'));
  const placing = (): Promise<RepositoryPlace> => options.place ?? repositoryPlace(path);
  if (source.kind === 'history')
    return blobs(await scanHistory(path, placing(), collector, onWarning, objectProgress));
  if (source.kind === 'range')
    return blobs(await scanRange(path, placing(), source, collector, onWarning, objectProgress));
  const place = await placing();
  if (place.kind === 'git-dir') {
    throw new ScanInputError(
      `${options.path} is a git directory (a bare repository or inside .git) with no work tree: ` +
        'scan its history with --history',
    );
  }
  if (source.kind === 'staged') {
    if (place.kind !== 'work-tree')
      throw new ScanInputError(
        `--staged: ${options.path} is not in a git work tree` +
          // git's own reason: dubious ownership says how to trust the repository.
          (place.reason ? ` (${place.reason})` : ''),
      );
    const counts = blobs(await scanStaged(path, collector, onWarning));
    // A hook of a repository named with --git-dir (a dotfiles repository) hands on its GIT_DIR:
    // the index read is PATH's repository's, not the commit's, and must not pass for clean.
    const hookRepository = inheritedGitDirElsewhere(path);
    if (hookRepository === null) return counts;
    const reason =
      `GIT_DIR names ${shownPath(hookRepository)}, not the repository at ${options.path}: ` +
      'its index was not scanned (--staged reads the repository that holds PATH)';
    onWarning(reason);
    return { ...counts, incomplete: withReason(counts.incomplete, reason) };
  }
  return readTree(path, place, source.kind === 'tree', collector, onWarning, options.onProgress);
}

const blobs = (read: { blobsScanned: number; bytesScanned: number }): Counts => ({
  blobsScanned: read.blobsScanned,
  bytesScanned: read.bytesScanned,
});

async function readTree(
  path: string,
  place: RepositoryPlace,
  trackedOnly: boolean,
  collector: FindingCollector,
  onWarning: (message: string) => void,
  onProgress: ScanOptions['onProgress'],
): Promise<Counts> {
  const tracked = trackedOnly && place.kind === 'work-tree';
  // The listing's git starts first: reading waits on it. What the scan leaves
  // out is asked of git after, while the files are read.
  const reading = scanTree(
    path,
    { tracked, prefix: place.prefix },
    (file, blocks) => collector.addBlocks(blocks, [fileAt(file)]),
    onWarning,
    onProgress && ((done, total) => onProgress(done, total, 'files')),
  );
  const notes = tracked ? workTreeNotes(path) : Promise.resolve([]);
  const tree = await reading;
  // Nothing tracked here: below a submodule directory that holds no repository (`sm/deep`, `sm`
  // a gitlink without `.git`), git tracks none of the files, which are read as a whole-tree scan
  // reads them. Asked only then: a directory with tracked files cannot be inside one.
  const gitlink =
    tracked && !tree.filesScanned && !tree.unreadable.count
      ? await gitlinkAbove(path, place)
      : null;
  if (gitlink !== null) {
    void notes.catch(() => undefined);
    const onHit = (file: string, blocks: KeyBlock[]): void =>
      collector.addBlocks(blocks, [fileAt(file)]);
    return scanInGitlink(path, place.prefix, gitlink, onHit, onWarning, onProgress);
  }
  for (const note of await notes) onWarning(note);
  return treeCounts(tree, onWarning);
}

/**
 * Findings by the path of their first place, in code-point order, then line:
 * the same order on every machine (localeCompare follows the runtime's
 * locale, and its first call loads the collation: some 9 ms of a scan).
 */
function byFirstLocation(a: Finding, b: Finding): number {
  const left = a.locations[0]?.path ?? '';
  const right = b.locations[0]?.path ?? '';
  if (left !== right) return left < right ? -1 : 1;
  return (a.locations[0]?.line ?? 0) - (b.locations[0]?.line ?? 0);
}

/** Git's own gitfile: a `.git` file of one `gitdir: PATH` line. */
function isGitFile(path: string, size: number): boolean {
  if (basename(path) !== '.git' || size > 4096) return false;
  try {
    return readFileSync(path, 'latin1').startsWith('gitdir: ');
  } catch {
    return false;
  }
}
