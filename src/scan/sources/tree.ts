import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { sep } from 'node:path';
import { findKeyBlocks, type KeyBlock } from '../detector.js';
import { shownName } from '../decode/limits.js';
import { runGit } from '../git.js';
import { lfsNote } from '../lfs.js';
import type { Incomplete } from '../scan.js';
import { isGone, skipReason, type FileToRead } from './file-read.js';
import { MIN_PARALLEL_FILES, readAll, ScanHelper } from './parallel-read.js';
import { pathText } from '../path-text.js';

export { scanFile } from './file-read.js';

export interface TreeScanStats {
  filesScanned: number;
  bytesScanned: number;
  /** Files that are Git LFS pointers: the content they stand for is not checked out. */
  lfsPointers: number;
  /**
   * Files and directories there that could not be read (EACCES, EIO, …):
   * counted, the first NAMED_UNREADABLE named as reports name paths (a
   * directory with a final `/`). What they hold was not scanned.
   */
  unreadable: { count: number; named: string[] };
}

export interface TreeScanOptions {
  /** Read the files git tracks (as the index lists them) rather than every file. */
  tracked: boolean;
  /**
   * Put before every reported path: the scanned directory's path from the top
   * of its work tree, so that reports, ignore rules and history scans agree.
   */
  prefix: string;
}

export type FileHitHandler = (path: string, blocks: KeyBlock[]) => void;

interface ListedFile {
  /** Relative to the scanned directory, `/`-separated, for reports. */
  path: string;
  /**
   * The path to open: a string when the name is valid UTF-8, else its raw
   * bytes (a name that is not valid UTF-8 cannot be opened by its decoded `path`).
   */
  full: string | Buffer;
  /** A submodule entry (mode 160000): its directory belongs to another repository. */
  gitlink: boolean;
  /** Its type, when the directory walk that found it already knows it. */
  entry?: Dirent<Buffer>;
  /** Its path's bytes relative to the scanned directory, when git listed a name that is not UTF-8. */
  raw?: Buffer;
  /** Its name relative to the scanned directory, when git listed a UTF-8 name. */
  name?: string;
  /**
   * Marked assume-unchanged or skip-worktree: git does not compare it with
   * the work tree, so what git holds may differ from what is on disk.
   */
  unwatched?: boolean;
  /** Outside a sparse checkout (skip-worktree): git keeps it out of the work tree. */
  sparse?: boolean;
  /** Tracked as a symbolic link (mode 120000): its content is the link's text. */
  link?: boolean;
  /** A walked file's path bytes relative to the scanned directory. */
  nameBytes?: Buffer;
  /**
   * Found by walking a submodule directory that holds no repository (no
   * `.git`): that directory's path bytes relative to the scanned one (empty
   * when it is the scanned one).
   */
  inGitlink?: Buffer;
}

/**
 * The path reports name: the prefix and the file's path, quoted whole
 * (`pathText`) when the name is no UTF-8, so that a quoted form never
 * follows a prefix.
 */
function reportedPath(prefix: string, file: ListedFile): string {
  if (!file.path.startsWith('"')) return prefix + file.path;
  const bytes = file.raw ?? file.nameBytes ?? Buffer.from(file.name ?? file.path);
  return pathText(Buffer.concat([Buffer.from(prefix), bytes]));
}

const NUL = 0;
const TAB = 9;
const SLASH = Buffer.from('/');
const GITLINK_MODE = Buffer.from('160000 ');
const SYMLINK_MODE = Buffer.from('120000 ');

/** `root` + `raw` as a path to open: a string is cheaper to build and to pass than a Buffer. */
function fullPath(root: string, rootBytes: Buffer, raw: Buffer): string | Buffer {
  return isUtf8(raw) ? root + raw.toString('utf8') : Buffer.concat([rootBytes, raw]);
}

/**
 * `git ls-files` in `dir`: the index's entries beneath it, paths relative to
 * it, each with its tag (`S`: skip-worktree; lowercase: assume-unchanged).
 */
function gitListing(dir: string): Promise<Buffer> {
  return runGit(dir, ['ls-files', '-z', '-v', '--stage', '--', '.']);
}

/**
 * About how many entries a listing holds, from its length alone (an entry
 * is some 55 bytes before its name): enough to decide early whether a
 * worker is worth starting. Each batch decides again by its true count.
 */
function entriesAbout(out: Buffer): number {
  return Math.floor(out.length / ENTRY_BYTES_ABOUT);
}

const ENTRY_BYTES_ABOUT = 64;

/** The tag `ls-files -v` gives an entry outside a sparse checkout (lowercase when also assume-unchanged). */
const SKIP_WORKTREE = 'S'.charCodeAt(0);
const SKIP_WORKTREE_LOWER = 's'.charCodeAt(0);
const LOWER_A = 'a'.charCodeAt(0);
const LOWER_Z = 'z'.charCodeAt(0);
const QUOTE = '"'.charCodeAt(0);
/** `T ` before each entry of `ls-files -v`. */
const TAG_WIDTH = 2;
const GITLINK_TEXT = '160000 ';
const SYMLINK_TEXT = '120000 ';

/** The tag of an entry git does not compare with the work tree (`ls-files -v`: lowercase is assume-unchanged). */
function unwatchedTag(tag: number): boolean {
  return tag === SKIP_WORKTREE || (tag >= LOWER_A && tag <= LOWER_Z);
}

/**
 * The entries of an `ls-files -z -v --stage` listing that is valid UTF-8
 * throughout (nearly every one): decoded once, each name a string, with no
 * Buffer per entry. A conflicted path is listed once per stage, in a row:
 * it is read once.
 */
function* utf8Entries(out: Buffer, root: string): Generator<ListedFile> {
  const text = out.toString('utf8');
  let previous: string | null = null;
  for (let at = 0; at < text.length;) {
    const nul = text.indexOf('\0', at);
    const end = nul === -1 ? text.length : nul;
    const start = at;
    at = end + 1;
    // `<tag> <mode> <object> <stage>\t<path>`: the first tab ends the fields, a name may hold more.
    const tab = text.indexOf('\t', start);
    if (tab === -1 || tab > end) continue;
    const name = text.slice(tab + 1, end);
    if (name === previous) continue;
    previous = name;
    const tag = text.charCodeAt(start);
    yield {
      // A name that starts with a quote is quoted whole, as pathText does with its bytes.
      path: name.charCodeAt(0) === QUOTE ? pathText(Buffer.from(name)) : name,
      full: root + name,
      gitlink: text.startsWith(GITLINK_TEXT, start + TAG_WIDTH),
      name,
      sparse: tag === SKIP_WORKTREE || tag === SKIP_WORKTREE_LOWER,
      unwatched: unwatchedTag(tag),
      link: text.startsWith(SYMLINK_TEXT, start + TAG_WIDTH),
    };
  }
}

/** The entries of a listing with a name that is not UTF-8: each name kept as its bytes. */
function* byteEntries(out: Buffer, root: string, rootBytes: Buffer): Generator<ListedFile> {
  let previous: Buffer | null = null;
  let at = 0;
  while (at < out.length) {
    const nul = out.indexOf(NUL, at);
    const end = nul === -1 ? out.length : nul;
    const entry = out.subarray(at, end);
    at = end + 1;
    const tab = entry.indexOf(TAB);
    if (tab === -1) continue;
    const raw = entry.subarray(tab + 1);
    if (previous?.equals(raw)) continue;
    previous = raw;
    const tag = entry[0] as number;
    yield {
      path: pathText(raw),
      full: fullPath(root, rootBytes, raw),
      gitlink: entry.subarray(TAG_WIDTH, TAG_WIDTH + GITLINK_MODE.length).equals(GITLINK_MODE),
      raw,
      sparse: tag === SKIP_WORKTREE || tag === SKIP_WORKTREE_LOWER,
      unwatched: unwatchedTag(tag),
      link: entry.subarray(TAG_WIDTH, TAG_WIDTH + SYMLINK_MODE.length).equals(SYMLINK_MODE),
    };
  }
}

/** A listed entry's path bytes relative to the scanned directory. */
function rawOf(file: ListedFile): Buffer {
  return file.raw ?? Buffer.from(file.name ?? file.path);
}

/**
 * Files a tree scan lists and reads at a time: what it holds per file (the
 * entry, its paths, its outcome) is bounded by this, not by the tree.
 */
export const TREE_BATCH = 32_768;

/** A directory below the scanned one that could not be listed: its path's bytes, and why. */
type DirectoryProblem = (relative: Buffer, code: string) => void;

/**
 * Tracked files (as the index lists them) or every non-directory entry
 * (symlinks are not followed, no `.git` is entered), in batches of up to
 * `size`, in the order git or the directory walk gives them. A submodule
 * directory with no repository in it (no `.git`: not initialised, or its
 * `.git` removed) holds files git neither tracks nor calls untracked: they
 * are walked as a plain directory's, right after its entry.
 */
async function* listFiles(
  dir: string,
  tracked: boolean,
  onDirectoryProblem: DirectoryProblem,
  size: number,
  links: DirectoryLinks,
  onListed: (entries: number) => void,
): AsyncGenerator<ListedFile[]> {
  const root = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  const rootBytes = Buffer.from(root);
  let files: ListedFile[] = [];
  if (tracked) {
    const out = await gitListing(dir);
    onListed(entriesAbout(out));
    const entries = isUtf8(out) ? utf8Entries(out, root) : byteEntries(out, root, rootBytes);
    for (const file of entries) {
      files.push(file);
      if (files.length >= size) {
        yield files;
        files = [];
      }
      const walk = file.gitlink ? gitlinkWalk(dir, rawOf(file), links, onDirectoryProblem) : null;
      for (const walked of walk ?? []) {
        files.push(walked);
        if (files.length >= size) {
          yield files;
          files = [];
        }
      }
    }
    if (files.length) yield files;
    return;
  }
  for (const file of walkFiles(Buffer.from(dir), Buffer.alloc(0), onDirectoryProblem)) {
    files.push(file);
    if (files.length >= size) {
      yield files;
      files = [];
    }
  }
  if (files.length) yield files;
}

/**
 * The files of the submodule directory `raw` (relative to the scanned
 * directory `dir`; `./` when it is that directory) when it holds no
 * repository, or null. Not walked: a checked-out submodule (another
 * repository, named in a note), one behind a symbolic link or that is a link
 * (never followed), and one that is not a directory.
 */
function gitlinkWalk(
  dir: string,
  raw: Buffer,
  links: DirectoryLinks,
  onDirectoryProblem: DirectoryProblem,
): Generator<ListedFile> | null {
  if (links.behind(raw) !== null) return null;
  // `./` (or `.`): the scanned directory is the submodule's (git runs there in the superproject).
  const own = raw.toString('latin1') === '.' || raw.toString('latin1') === './';
  const relative = own ? Buffer.alloc(0) : raw;
  const full = own ? Buffer.from(dir) : Buffer.concat([Buffer.from(dir), SLASH, raw]);
  try {
    if (!lstatSync(full, { throwIfNoEntry: false })?.isDirectory()) return null;
  } catch {
    // Cannot be looked at: the submodule's entry is read as before, and says so.
    return null;
  }
  if (checkedOut(full)) return null;
  return (function* () {
    for (const file of walkFiles(full, relative, onDirectoryProblem))
      yield { ...file, inGitlink: relative };
  })();
}

/** Every non-directory entry under `current`, depth first in the order the directory lists them. */
function* walkFiles(
  current: Buffer,
  relative: Buffer,
  onDirectoryProblem: DirectoryProblem,
): Generator<ListedFile> {
  let entries: Dirent<Buffer>[];
  try {
    entries = readdirSync(current, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    // The directory asked for must be readable; one below it is skipped like a file.
    if (!relative.length) throw error;
    onDirectoryProblem(relative, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
    return;
  }
  for (const entry of entries) {
    const name = entry.name;
    const full = Buffer.concat([current, SLASH, name]);
    const rel = relative.length ? Buffer.concat([relative, SLASH, name]) : name;
    if (entry.isDirectory()) {
      if (name.toString('latin1') !== '.git') yield* walkFiles(full, rel, onDirectoryProblem);
    } else if (entry.isSymbolicLink()) {
      // Never followed; its text is read as a tracked link's is (a key pasted as a link's target).
      yield { path: pathText(rel), full, gitlink: false, nameBytes: rel, link: true };
    } else {
      // Regular files, and FIFOs, sockets and devices so that skipping them is reported.
      yield { path: pathText(rel), full, gitlink: false, entry, nameBytes: rel };
    }
  }
}

/**
 * Which directories on the way to a listed file are symbolic links. Opening
 * `a/b/key` follows `a` and `b` should either be a link (O_NOFOLLOW guards
 * only the last name), so every directory on the way is checked once, with
 * one lstat per directory.
 */
class DirectoryLinks {
  /**
   * Per directory key (Latin-1 of its path bytes with a final `/`): the first
   * link on its way, null, or why a directory on its way could not be looked at.
   */
  private readonly links = new Map<string, string | null | Unseen>([['', null]]);

  constructor(private readonly root: Buffer) {}

  /**
   * The key of the directory that is a link on the way to `raw`, null when
   * there is none, or why that cannot be told (a directory on the way that
   * cannot be searched, EACCES): then the file is not opened either.
   */
  behind(raw: Buffer): string | null | Unseen {
    const slash = raw.lastIndexOf(SLASH[0] as number);
    return slash === -1 ? null : this.linkOnWay(raw.toString('latin1', 0, slash + 1));
  }

  /**
   * `behind` for a UTF-8 name, looked up by its directory's text: the
   * directory's bytes are made once per directory, not once per file.
   */
  behindName(name: string): string | null | Unseen {
    const slash = name.lastIndexOf('/');
    if (slash === -1) return null;
    const dir = name.slice(0, slash + 1);
    let known = this.byName.get(dir);
    if (known === undefined) {
      known = this.linkOnWay(Buffer.from(dir).toString('latin1'));
      this.byName.set(dir, known);
    }
    return known;
  }

  /** `behind`'s answers by a directory's UTF-8 text (`behindName`). */
  private readonly byName = new Map<string, string | null | Unseen>();

  private linkOnWay(key: string): string | null | Unseen {
    const known = this.links.get(key);
    if (known !== undefined) return known;
    const parent = key.slice(0, key.lastIndexOf('/', key.length - 2) + 1);
    let link = this.linkOnWay(parent);
    if (link === null) {
      // Without the final `/`: lstat of `link/` would follow the link.
      const path = Buffer.concat([this.root, Buffer.from(key.slice(0, -1), 'latin1')]);
      try {
        if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) link = key;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Gone (a file now, on Node 20): the files below it are gone too. Else not looked at.
        if (!isGone(code)) link = { code: code ?? (error as Error).message };
      }
    }
    this.links.set(key, link);
    return link;
  }
}

/** Why a directory on the way to a file could not be looked at. */
interface Unseen {
  code: string;
}

/**
 * Scans the files of a directory. Unreadable files and directories are
 * reported through `onWarning`, skipped and counted in `unreadable` (the
 * caller decides what an incomplete scan means); the scan goes on. Files are
 * read on two cores when a scan worker can be started (`readAll`); what is
 * reported, and its order, is the same either way.
 */
export async function scanTree(
  dir: string,
  options: TreeScanOptions,
  onHit: FileHitHandler,
  onWarning: (message: string) => void,
  onProgress?: (filesDone: number, filesTotal: number) => void,
  batchSize = TREE_BATCH,
): Promise<TreeScanStats> {
  const stats: TreeScanStats = {
    filesScanned: 0,
    bytesScanned: 0,
    lfsPointers: 0,
    unreadable: { count: 0, named: [] },
  };
  const state: BatchState = {
    links: new DirectoryLinks(Buffer.from(dir.endsWith(sep) ? dir : `${dir}${sep}`)),
    linksWarned: new Set<string>(),
    absent: { sparse: { count: 0, named: [] }, gone: { count: 0, named: [] } },
    unwatched: { count: 0, named: [] },
    submodules: [],
    gitlinkFiles: { count: 0, dirs: new Set<string>() },
    listed: 0,
    helper: null,
  };
  const onDirectoryProblem: DirectoryProblem = (relative, code) => {
    const path = pathText(Buffer.concat([Buffer.from(options.prefix), relative, SLASH]));
    onWarning(`skipped ${path}: ${code}`);
    // Gone since its parent was listed: nothing there to read.
    if (!isGone(code)) countUnreadable(stats, path);
  };
  // Started as soon as git says how many files there are: it loads while they are listed.
  const startHelper = (entries: number): void => {
    if (!state.helper && entries >= MIN_PARALLEL_FILES) state.helper = new ScanHelper();
  };
  const listing = listFiles(
    dir,
    options.tracked,
    onDirectoryProblem,
    batchSize,
    state.links,
    startHelper,
  );
  try {
    for await (const files of listing) {
      const before = state.listed;
      state.listed += files.length;
      startHelper(files.length);
      await scanBatch(files, options, state, stats, onHit, onWarning, (done) =>
        onProgress?.(before + done, state.listed),
      );
    }
  } finally {
    state.helper?.stop();
  }
  onProgress?.(state.listed, state.listed);
  for (const note of absentNotes(state.absent)) onWarning(note);
  if (state.unwatched.count) onWarning(unwatchedNote(state.unwatched));
  if (state.submodules.length) onWarning(submoduleNote(state.submodules));
  if (state.gitlinkFiles.count) onWarning(gitlinkNote(state.gitlinkFiles, options.prefix));
  return stats;
}

/**
 * A tree scan's counts as a scan reports them, after the LFS note when
 * pointer files were read: what every caller of `scanTree` ends with.
 */
export function treeCounts(
  tree: TreeScanStats,
  onWarning: (message: string) => void,
): { filesScanned: number; bytesScanned: number; incomplete?: Incomplete } {
  if (tree.lfsPointers) onWarning(lfsNote(tree.lfsPointers, false));
  const { count, named } = tree.unreadable;
  return {
    filesScanned: tree.filesScanned,
    bytesScanned: tree.bytesScanned,
    ...(count ? { incomplete: { unreadable: count, paths: named } } : {}),
  };
}

/** What a tree scan carries from one batch of files to the next. */
interface BatchState {
  links: DirectoryLinks;
  linksWarned: Set<string>;
  /** Tracked files with nothing on disk, by cause: counted, the first few named. */
  absent: { sparse: Absent; gone: Absent };
  /** Files read that git does not compare with the work tree (assume-unchanged, skip-worktree). */
  unwatched: Absent;
  /** Checked-out submodules, by the path reports name. */
  submodules: string[];
  /**
   * Files read from submodule directories that hold no repository, and those
   * directories (Latin-1 of their path bytes relative to the scanned one).
   */
  gitlinkFiles: { count: number; dirs: Set<string> };
  listed: number;
  /** The worker that reads files beside this thread, for every batch; null for a small tree. */
  helper: ScanHelper | null;
}

/** Tracked files the scan found nothing at, of one cause. */
interface Absent {
  count: number;
  /** The first NAMED_ABSENT of them. */
  named: string[];
}

const NAMED_ABSENT = 3;

/** Unreadable paths named in a tree scan's stats (the rest are counted). */
export const NAMED_UNREADABLE = 20;

function countUnreadable(stats: TreeScanStats, path: string): void {
  if (stats.unreadable.count++ < NAMED_UNREADABLE) stats.unreadable.named.push(path);
}

/** Reads one batch of listed files and reports what they hold, in order. */
async function scanBatch(
  files: ListedFile[],
  options: TreeScanOptions,
  state: BatchState,
  stats: TreeScanStats,
  onHit: FileHitHandler,
  onWarning: (message: string) => void,
  onProgress: (done: number) => void,
): Promise<void> {
  // First what the listing alone decides (links on the way, entries that are no file), in order.
  const early: (string[] | null)[] = [];
  const linkBlocks = new Map<number, KeyBlock[]>();
  const toRead: FileToRead[] = [];
  const readAt: number[] = [];
  /** Files below a directory that could not be looked at: unreadable, never opened. */
  const unseen = new Set<number>();
  for (let index = 0; index < files.length; index++) {
    const file = files[index] as ListedFile;
    const path = reportedPath(options.prefix, file);
    // A directory replaced by a link would lead the scan out of the tree.
    const link = file.raw
      ? state.links.behind(file.raw)
      : file.name !== undefined
        ? state.links.behindName(file.name)
        : null;
    if (typeof link === 'object' && link !== null) {
      // Whether a link is on its way cannot be told: not opened, and not scanned.
      early.push([`skipped ${path}: ${link.code}`]);
      unseen.add(index);
      continue;
    }
    if (link !== null) {
      const warnings: string[] = [];
      if (!state.linksWarned.has(link)) {
        state.linksWarned.add(link);
        const shown = Buffer.from(link.slice(0, -1), 'latin1').toString('utf8');
        warnings.push(
          `skipped ${options.prefix}${shown}/: a symbolic link to a directory (not followed)`,
        );
      }
      early.push(warnings);
      continue;
    }
    // A tracked link's content is its text, which is what git commits: read it, never follow it.
    const text = file.link ? linkText(file.full) : null;
    if (text) {
      early.push([]);
      linkBlocks.set(index, findKeyBlocks(text, onWarning));
      // Counted as a file read: its text is its content.
      stats.filesScanned++;
      stats.bytesScanned += text.length;
      if (file.inGitlink !== undefined) {
        state.gitlinkFiles.count++;
        state.gitlinkFiles.dirs.add(file.inGitlink.toString('latin1'));
      }
      continue;
    }
    // The directory walk already knows the type: nothing but files is opened.
    if (file.entry && !file.entry.isFile()) {
      const reason = skipReason(file, file.entry);
      early.push(reason ? [`skipped ${path}: ${reason}`] : []);
      continue;
    }
    early.push(null);
    readAt[index] = toRead.length;
    toRead.push({ full: file.full, path, gitlink: file.gitlink });
  }
  const { outcomes } = await readAll(toRead, onProgress, state.helper);
  for (let index = 0; index < files.length; index++) {
    const file = files[index] as ListedFile;
    const warnings = early[index] ?? outcomes[readAt[index] as number]?.warnings ?? [];
    for (const warning of warnings) onWarning(warning);
    const inLink = linkBlocks.get(index);
    if (inLink?.length) onHit(reportedPath(options.prefix, file), inLink);
    const outcome = early[index] ? undefined : outcomes[readAt[index] as number];
    if (outcome?.unreadable || unseen.has(index))
      countUnreadable(stats, reportedPath(options.prefix, file));
    const read = outcome?.read;
    // Read without a file and without a complaint: not there (ENOENT), or a link (ELOOP).
    const listed = file.raw !== undefined || file.name !== undefined;
    if (outcome && !read && !outcome.warnings.length && listed && !file.gitlink) {
      const absent = file.sparse ? state.absent.sparse : state.absent.gone;
      if (absent.count++ < NAMED_ABSENT) absent.named.push(reportedPath(options.prefix, file));
    }
    // Only checked-out ones hold files; an uninitialised one is an empty directory.
    if (file.gitlink && checkedOut(file.full))
      state.submodules.push(reportedPath(options.prefix, file));
    if (!read) continue;
    if (file.unwatched && state.unwatched.count++ < NAMED_ABSENT)
      state.unwatched.named.push(reportedPath(options.prefix, file));
    if (file.inGitlink !== undefined) {
      state.gitlinkFiles.count++;
      state.gitlinkFiles.dirs.add(file.inGitlink.toString('latin1'));
    }
    stats.filesScanned++;
    stats.bytesScanned += read.bytes;
    if (read.lfs) stats.lfsPointers++;
    if (read.blocks.length) onHit(reportedPath(options.prefix, file), read.blocks);
  }
}

/**
 * Tracked files the scan found no file for, said so that a clean scan does
 * not claim them: outside a sparse checkout, or deleted from the work tree.
 */
function absentNotes(absent: BatchState['absent']): string[] {
  const said = ({ count, named }: Absent, what: string): string[] => {
    if (!count) return [];
    const names = named.map(shownName).join(', ') + (count > named.length ? ', …' : '');
    return [
      `${count} tracked file${count === 1 ? ' is' : 's are'} ${what} (${names}): not scanned; --staged or --history scans what git holds`,
    ];
  };
  return [
    ...said(absent.sparse, 'outside the sparse checkout and not on disk'),
    ...said(absent.gone, 'missing from the work tree or a link now'),
  ];
}

/**
 * Files the scan read that git does not compare with the work tree: what
 * git holds for them (and a commit takes) may be a key the disk no longer
 * shows, so a clean read of the disk does not clear them.
 */
function unwatchedNote({ count, named }: Absent): string {
  const names = named.map(shownName).join(', ') + (count > named.length ? ', …' : '');
  return (
    `${count} tracked file${count === 1 ? ' is' : 's are'} marked assume-unchanged or skip-worktree ` +
    `(${names}): git does not compare ${count === 1 ? 'it' : 'them'} with the work tree, so what git ` +
    'holds may differ from what was read; --staged scans what git holds'
  );
}

/** The text of the link at `full`, or null when there is no link there (now a file, read as one; or gone). */
function linkText(full: string | Buffer): Buffer | null {
  try {
    return readlinkSync(full, { encoding: 'buffer' });
  } catch {
    return null;
  }
}

/** True when the submodule directory `full` holds a `.git`, or cannot be looked into: said then. */
function checkedOut(full: string | Buffer): boolean {
  try {
    return lstatSync(joinFull(full, '.git'), { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    return !isGone((error as NodeJS.ErrnoException).code);
  }
}

/** `full` (a string, or the raw bytes of a name that is not UTF-8) with `name` below it. */
function joinFull(full: string | Buffer, name: string): string | Buffer {
  return typeof full === 'string'
    ? `${full}${sep}${name}`
    : Buffer.concat([full, Buffer.from(`${sep}${name}`)]);
}

/**
 * Files read from submodule directories without a repository: git tracks
 * none of them, so the scan says it read them as files on disk.
 */
export function gitlinkNote({ count, dirs }: BatchState['gitlinkFiles'], prefix: string): string {
  // Named from the top of the work tree; the scanned directory itself (``) by the prefix alone.
  const paths = [...dirs].map((key) => {
    const bytes = Buffer.concat([Buffer.from(prefix), Buffer.from(key, 'latin1')]);
    return pathText(bytes.at(-1) === SLASH[0] ? bytes.subarray(0, -1) : bytes) || '.';
  });
  const named = paths.slice(0, 3).map(shownName).join(', ') + (paths.length > 3 ? ', …' : '');
  return (
    `${count} file${count === 1 ? ' was' : 's were'} read from ${paths.length} submodule ` +
    `director${paths.length === 1 ? 'y' : 'ies'} without a repository (${named}): ` +
    'not tracked by git, scanned as files on disk'
  );
}

/** Submodules are other repositories: said, so that a clean scan does not claim them. */
function submoduleNote(paths: string[]): string {
  const named = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ', …' : '');
  return (
    `${paths.length} submodule(s) not scanned (${named}): each is a repository of its own; ` +
    'scan each by its path, or with --history in its own clone'
  );
}
