/**
 * The repository a scan is pointed at is untrusted, its `.git` included: a
 * downloaded tarball, a CI checkout of a fork. Before any git runs in it,
 * this finds the repository as git would (without running git) and looks at
 * the files git opens there:
 *
 * - a FIFO, a device or a socket where git reads a file would make git wait
 *   forever (a FIFO blocks its open until a writer comes) or read without
 *   end, and a file far larger than git ever needs there would keep it
 *   busy for hours: the scan is refused, naming the file;
 * - the work tree is the directory that holds the `.git` git finds: the
 *   repository's own `core.worktree` (or `core.bare`) must not move a tree
 *   scan to `/` and make it list no file, so every git the scan runs is
 *   told that directory (`GIT_WORK_TREE`).
 */
import { homedir } from 'node:os';
import {
  accessSync,
  closeSync,
  constants,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

/** The repository holds a file git must not open: the scan cannot go on safely. */
export class UnsafeRepositoryError extends Error {
  override name = 'UnsafeRepositoryError';
}

/** Where git will find the repository for a directory. */
export interface FoundRepository {
  /** Its git directory (real path). */
  gitDir: string;
  /** Its common directory: the main repository's git directory for a linked work tree (real path). */
  commonDir: string;
  /**
   * The top of its work tree: the directory that holds the `.git` git finds
   * (real path); null in a bare repository or inside a git directory.
   */
  top: string | null;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** A ref, HEAD, `commondir`, `gitdir`, an alternates list: a line or a few. */
const SMALL = 1 * MiB;
/** Configuration, exclude and attribute lists, the list of packs. */
const TEXT = 64 * MiB;
/** `packed-refs` and `shallow`: a line per ref or per shallow commit. */
const LISTS = 2 * GiB;
/** The index: the largest repositories known have a few hundred MiB. */
const INDEX = 4 * GiB;

/**
 * The files git may open at the top of a git directory (its own or the
 * common one), with the most each may hold; Infinity: any size.
 */
const GIT_DIR_FILES: Record<string, number> = {
  HEAD: SMALL,
  ORIG_HEAD: SMALL,
  MERGE_HEAD: SMALL,
  CHERRY_PICK_HEAD: SMALL,
  REVERT_HEAD: SMALL,
  BISECT_HEAD: SMALL,
  AUTO_MERGE: SMALL,
  FETCH_HEAD: TEXT,
  commondir: SMALL,
  gitdir: SMALL,
  config: TEXT,
  'config.worktree': TEXT,
  'packed-refs': LISTS,
  shallow: LISTS,
  index: INDEX,
};

/** Split-index files (`sharedindex.<id>`) beside the index. */
const SHARED_INDEX = /^sharedindex\./;

/** Files of `info/`. */
const INFO_FILES: Record<string, number> = {
  exclude: TEXT,
  attributes: TEXT,
  'sparse-checkout': TEXT,
  grafts: TEXT,
};

/** Files of `objects/info/` (commit-graphs: any size). */
const OBJECT_INFO_FILES: Record<string, number> = {
  alternates: SMALL,
  packs: TEXT,
  'commit-graph': Infinity,
  'commit-graph-chain': TEXT,
};

/** git follows alternates of alternates this deep; config includes this deep. */
const MAX_ALTERNATE_DEPTH = 5;
const MAX_INCLUDE_DEPTH = 10;

/** A size in words: `3.0 GiB`. */
function sizeText(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/** What a non-regular, non-directory entry is, in words; null for a file or directory. */
function oddKind(info: Stats | Dirent): string | null {
  if (info.isFIFO()) return 'a FIFO (named pipe) where git reads a file: git would wait forever';
  if (info.isCharacterDevice()) return 'a character device where git reads a file';
  if (info.isBlockDevice()) return 'a block device where git reads a file';
  if (info.isSocket()) return 'a socket where git reads a file';
  return null;
}

/** Status of `path`, following symbolic links; null when there is nothing (or nothing reachable) there. */
function statOf(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function refuse(file: string, what: string): never {
  throw new UnsafeRepositoryError(
    `refusing to scan: ${file} is ${what} (a hostile or damaged repository; git was not started)`,
  );
}

/**
 * Checks one file git may open (following links): nothing there is fine; a
 * FIFO, device or socket, or more than `limit` bytes, is refused. The
 * status, for callers that go on to read it.
 */
function checkFile(path: string, limit: number): Stats | null {
  const info = statOf(path);
  if (!info) return null;
  const odd = oddKind(info);
  if (odd) refuse(path, odd);
  if (info.isFile() && info.size > limit)
    refuse(path, `${sizeText(info.size)}, more than git ever needs there (${sizeText(limit)})`);
  return info;
}

/** Reads at most `limit` bytes of a file checked by `checkFile`. */
function readHead(path: string, limit: number): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buffer = Buffer.alloc(limit);
    let length = 0;
    while (length < limit) {
      const read = readSync(fd, buffer, length, limit - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/** The text of a small file git reads whole, checked first; null when absent or no file. */
function readChecked(path: string, limit: number): string | null {
  const info = checkFile(path, limit);
  if (!info?.isFile()) return null;
  try {
    return readHead(path, info.size);
  } catch {
    return null;
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The text of a symbolic link; empty when it cannot be read. */
function linkText(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

function searchable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * git's test for a git directory (`is_git_directory`): a HEAD that is a
 * `refs/` symbolic link or a file that starts like a ref or an object id,
 * and objects and refs directories (in the common directory, when a
 * `commondir` names one). git opens HEAD and `commondir` to tell: a FIFO
 * there would hang it, so they are checked before.
 */
function isGitDirectory(dir: string): boolean {
  const head = join(dir, 'HEAD');
  let info: Stats;
  try {
    info = lstatSync(head);
  } catch {
    return false;
  }
  if (info.isSymbolicLink()) {
    // git reads the link, never opens it: a `refs/` link is a HEAD.
    if (!linkText(head).startsWith('refs/')) return false;
  } else {
    const odd = oddKind(info);
    if (odd) refuse(head, odd);
    if (!info.isFile()) return false;
    let text: string;
    try {
      text = readHead(head, Math.min(info.size, 255));
    } catch {
      return false;
    }
    if (!/^ref:\s*refs\//.test(text) && !/^[0-9a-f]{40}/i.test(text)) return false;
  }
  const common = readChecked(join(dir, 'commondir'), SMALL);
  const commonDir = common === null ? dir : resolve(dir, common.replace(/\s+$/, ''));
  return searchable(join(commonDir, 'objects')) && searchable(join(commonDir, 'refs'));
}

/** The common directory of a git directory (`commondir`, when present, names it). */
function commonDirOf(gitDir: string): string {
  const common = readChecked(join(gitDir, 'commondir'), SMALL);
  return realOrResolved(common === null ? gitDir : resolve(gitDir, common.replace(/\s+$/, '')));
}

/**
 * The repository git finds from `start` (`setup_git_directory`): in each
 * directory up to the root, a `.git` file naming the git directory or a
 * `.git` directory that is one makes that directory the work tree's top;
 * else the directory itself may be a git directory (a bare repository, or
 * inside a `.git`). Null when there is none (git then finds none either, or
 * stops sooner at a ceiling or a mount point).
 */
function discover(start: string): FoundRepository | null {
  for (let dir = realOrResolved(start); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const info = statOf(dotGit);
    if (info?.isFile()) {
      // git reads a `.git` file whole, and dies on anything but `gitdir: PATH`.
      const text = readChecked(dotGit, SMALL);
      const named = /^gitdir: (.+?)\s*$/s.exec(text ?? '')?.[1];
      if (!named) return null;
      const gitDir = resolve(dir, named);
      if (!statOf(gitDir)?.isDirectory() || !isGitDirectory(gitDir)) return null;
      const real = realOrResolved(gitDir);
      return { gitDir: real, commonDir: commonDirOf(real), top: dir };
    }
    if (info?.isDirectory() && isGitDirectory(dotGit)) {
      const real = realOrResolved(dotGit);
      return { gitDir: real, commonDir: commonDirOf(real), top: dir };
    }
    if (isGitDirectory(dir)) return { gitDir: dir, commonDir: commonDirOf(dir), top: null };
    if (dirname(dir) === dir) return null;
  }
}

/** The entries of a directory; none when it cannot be listed. */
function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Checks every entry under `dir` (refs, reflogs, loose objects, packs): git
 * opens whichever it needs, so none may be a FIFO, device or socket.
 * Symbolic links are followed to check what they name, but not descended.
 * `limit`: the most a file may hold (loose refs), Infinity for any size.
 */
function checkTree(dir: string, limit: number, depth = 0): void {
  for (const entry of entriesOf(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth < 64) checkTree(path, limit, depth + 1);
      continue;
    }
    if (entry.isFile() && limit === Infinity) continue;
    const odd = oddKind(entry);
    if (odd) refuse(path, odd);
    // A link, a file with a limit, or an entry whose type the listing did not say.
    const info = checkFile(path, limit);
    if (info?.isDirectory() && !entry.isSymbolicLink() && depth < 64)
      checkTree(path, limit, depth + 1);
  }
}

/** Checks the named files of a directory, each against its limit. */
function checkNamed(dir: string, files: Record<string, number>): void {
  for (const [name, limit] of Object.entries(files)) checkFile(join(dir, name), limit);
}

/**
 * The object directories an `info/alternates` names (unquoted lines,
 * relative to the objects directory that lists them), as git reads them.
 */
function alternatesOf(objectsDir: string): string[] {
  const text = readChecked(join(objectsDir, 'info', 'alternates'), SMALL);
  if (text === null) return [];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => (line.startsWith('"') ? line.slice(1, line.lastIndexOf('"')) : line))
    .map((line) => (isAbsolute(line) ? line : resolve(objectsDir, line)));
}

/** Checks an objects directory: loose objects, packs, commit-graphs, and the stores it borrows from. */
function checkObjects(objectsDir: string, seen: Set<string>, depth = 0): void {
  const real = realOrResolved(objectsDir);
  if (seen.has(real) || !statOf(real)?.isDirectory()) return;
  seen.add(real);
  checkNamed(join(real, 'info'), OBJECT_INFO_FILES);
  checkTree(join(real, 'info', 'commit-graphs'), Infinity);
  checkTree(join(real, 'pack'), Infinity);
  for (const entry of entriesOf(real)) {
    if (/^[0-9a-f]{2}$/.test(entry.name)) checkTree(join(real, entry.name), Infinity);
  }
  if (depth >= MAX_ALTERNATE_DEPTH) return;
  for (const alternate of alternatesOf(real)) checkObjects(alternate, seen, depth + 1);
}

/** One configuration value: quotes removed, escapes read, a comment after it cut. */
function configValue(raw: string): string {
  let value = '';
  let quoted = false;
  for (let at = 0; at < raw.length; at++) {
    const char = raw[at] ?? '';
    if (char === '\\' && at + 1 < raw.length) {
      const next = raw[++at] ?? '';
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '#' || char === ';')) break;
    else value += char;
  }
  return value.trim();
}

/**
 * The paths a configuration file makes git open: files it includes
 * (`include.path`, `includeIf.*.path`) and the exclude and attribute files
 * it names (`core.excludesFile`, `core.attributesFile`). Read simply: a
 * name this misses is left to the watch on git (git-watch.ts).
 */
function configPaths(text: string): { includes: string[]; files: string[] } {
  const found = { includes: [] as string[], files: [] as string[] };
  let section = '';
  for (const whole of text.split('\n')) {
    let line = whole.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"(?:[^"\\]|\\.)*")?\s*\]/.exec(line);
    if (header) {
      section = (header[1] ?? '').toLowerCase().split('.')[0] ?? '';
      line = line.slice(header[0].length).trim();
    }
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*=(.*)$/.exec(line);
    if (!entry) continue;
    const key = (entry[1] ?? '').toLowerCase();
    const value = configValue(entry[2] ?? '');
    if (!value) continue;
    if ((section === 'include' || section === 'includeif') && key === 'path')
      found.includes.push(value);
    else if (section === 'core' && (key === 'excludesfile' || key === 'attributesfile'))
      found.files.push(value);
  }
  return found;
}

/** A path from a configuration file: `~/` is the home directory; relative ones are taken from `base`. */
function configPath(value: string, base: string): string | null {
  if (value.startsWith('~/')) return join(homedir(), value.slice(2));
  if (value.startsWith('~')) return null;
  return resolve(base, value);
}

/** Checks a configuration file, the files it includes (as deep as git follows them) and those it names. */
function checkConfig(file: string, workDir: string, seen: Set<string>, depth = 0): void {
  const real = realOrResolved(file);
  if (seen.has(real)) return;
  seen.add(real);
  const text = readChecked(file, TEXT);
  if (text === null) return;
  const { includes, files } = configPaths(text);
  for (const value of files) {
    const path = configPath(value, workDir);
    if (path) checkFile(path, TEXT);
  }
  if (depth >= MAX_INCLUDE_DEPTH) return;
  for (const value of includes) {
    const path = configPath(value, dirname(file));
    if (path) checkConfig(path, workDir, seen, depth + 1);
  }
}

/** The files at the top of one git directory (the repository's, a linked work tree's, or the common one). */
function checkGitDirFiles(dir: string): void {
  checkNamed(dir, GIT_DIR_FILES);
  for (const entry of entriesOf(dir)) {
    if (SHARED_INDEX.test(entry.name)) checkFile(join(dir, entry.name), INDEX);
  }
}

/** The git directories of a repository: its own, the common one, and its linked work trees'. */
function gitDirsOf({ gitDir, commonDir }: FoundRepository): string[] {
  const worktrees = join(commonDir, 'worktrees');
  return [
    ...new Set([
      gitDir,
      commonDir,
      ...entriesOf(worktrees)
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(worktrees, entry.name)),
    ]),
  ];
}

/**
 * What git opens to set itself up and answer `rev-parse`: the files at the
 * top of the git directories, `info/`, and the configuration with what it
 * includes or names.
 */
function checkSetupFiles(found: FoundRepository): void {
  for (const dir of gitDirsOf(found)) checkGitDirFiles(dir);
  checkNamed(join(found.commonDir, 'info'), INFO_FILES);
  const configs = new Set<string>();
  const workDir = found.top ?? found.gitDir;
  checkConfig(join(found.commonDir, 'config'), workDir, configs);
  checkConfig(join(found.gitDir, 'config.worktree'), workDir, configs);
}

/** What git opens to read refs and objects: loose refs and reflogs, reftables, every object store. */
function checkStoreFiles(found: FoundRepository, kept: KeptPaths): void {
  for (const dir of gitDirsOf(found)) {
    checkTree(join(dir, 'refs'), SMALL);
    checkTree(join(dir, 'logs'), Infinity);
  }
  checkTree(join(found.commonDir, 'reftable'), Infinity);
  checkObjects(join(found.commonDir, 'objects'), new Set());
  if (kept.GIT_INDEX_FILE) checkFile(resolve(kept.GIT_INDEX_FILE), INDEX);
  const objectDirs = [
    kept.GIT_OBJECT_DIRECTORY,
    ...(kept.GIT_ALTERNATE_OBJECT_DIRECTORIES?.split(delimiter) ?? []),
  ];
  for (const dir of objectDirs) if (dir) checkObjects(resolve(dir), new Set());
}

/** Variables a hook hands on that name files of its own repository (kept by git-safety.ts). */
export interface KeptPaths {
  GIT_INDEX_FILE?: string;
  GIT_OBJECT_DIRECTORY?: string;
  GIT_ALTERNATE_OBJECT_DIRECTORIES?: string;
}

/** Repositories found in this process, by the directory asked about. */
const found = new Map<string, FoundRepository>();
/** Checks done in this process: `setup` or `store`, the directory and the kept paths. */
const checked = new Set<string>();

/**
 * The repository git will find from `cwd` (its HEAD and `commondir` checked,
 * which git opens to find it); null when there is none, and git will say so.
 * Found repositories are remembered for the process; none found is asked again.
 */
export function findRepository(cwd: string): FoundRepository | null {
  const key = resolve(cwd);
  const known = found.get(key) ?? discover(cwd);
  if (known) found.set(key, known);
  return known;
}

/**
 * The repository git will find from `cwd`, once the files git may open
 * there have been checked: for `setup` (a `rev-parse` that only asks where
 * the repository is) those it opens to set itself up; for `all` also every
 * ref, reflog and object file, and the paths `kept` (a hook's variables)
 * name. Throws UnsafeRepositoryError when one is a FIFO, a device, a socket
 * or far too large. Null when there is no repository.
 */
export function checkedRepository(
  cwd: string,
  kept: KeptPaths = {},
  scope: 'setup' | 'all' = 'all',
): FoundRepository | null {
  const repository = findRepository(cwd);
  if (!repository) return null;
  const key = [resolve(cwd), ...Object.values(kept)].join('\0');
  if (!checked.has(`setup\0${key}`)) {
    checkSetupFiles(repository);
    checked.add(`setup\0${key}`);
  }
  if (scope === 'all' && !checked.has(`all\0${key}`)) {
    checkStoreFiles(repository, kept);
    checked.add(`all\0${key}`);
  }
  return repository;
}
