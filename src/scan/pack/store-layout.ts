import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { runGit } from '../git.js';
import { assertSafeRepository } from '../git-safety.js';

/** A pack and its index. */
export interface PackFiles {
  pack: string;
  idx: string;
  /** The `.pack` file's size, which bounds every offset in the index. */
  size: number;
  /** About how many objects the pack holds, from the index's size (before reading it). */
  objects: number;
}

/** Where a repository keeps its objects, when the scanner can read them itself. */
export interface StoreLayout {
  objectsDir: string;
  /** The object directories it borrows from (objects/info/alternates, followed), in git's order. */
  alternates: string[];
  /** 20 for SHA-1 repositories, 32 for SHA-256 ones. */
  hashBytes: number;
  packs: PackFiles[];
  /** Ids of the loose objects (read through git, which inflates them as cheaply). */
  loose: string[];
}

const HASH_BYTES: Record<string, number> = { sha1: 20, sha256: 32 };

/** git follows alternates of alternates this deep, and ignores those nested deeper. */
const MAX_ALTERNATE_DEPTH = 5;

/** The real path of a directory, or null when there is none. */
function realDir(path: string): string | null {
  try {
    return statSync(path).isDirectory() ? realpathSync(path) : null;
  } catch {
    return null;
  }
}

/**
 * The object directories `objectsDir` borrows from, depth first as git
 * links them: each line of `info/alternates` (blank lines and `#` comments
 * aside) names one, relative to the directory that lists it. Directories that
 * do not exist, or that are already in `seen`, are skipped, as git does.
 * Null when a line is C-quoted (git unquotes it; this reader leaves that to git).
 */
function alternatesOf(
  objectsDir: string,
  depth: number,
  seen: Set<string>,
  into: string[],
): string[] | null {
  const file = join(objectsDir, 'info', 'alternates');
  if (!existsSync(file)) return into;
  // Each line as git reads it: a carriage return is part of the path.
  for (const entry of readFileSync(file, 'utf8').split('\n')) {
    if (entry.trim() === '' || entry.startsWith('#')) continue;
    if (entry.startsWith('"')) return null;
    const dir = realDir(isAbsolute(entry) ? entry : resolve(objectsDir, entry));
    if (dir === null || seen.has(dir)) continue;
    seen.add(dir);
    into.push(dir);
    if (depth + 1 < MAX_ALTERNATE_DEPTH && alternatesOf(dir, depth + 1, seen, into) === null)
      return null;
  }
  return into;
}

/** The packs of one object directory, each with its index. */
function packsIn(objectsDir: string, hashBytes: number): PackFiles[] {
  const packDir = join(objectsDir, 'pack');
  const packs: PackFiles[] = [];
  if (!existsSync(packDir)) return packs;
  for (const name of readdirSync(packDir).sort()) {
    if (!name.endsWith('.idx')) continue;
    const pack = join(packDir, `${name.slice(0, -4)}.pack`);
    // git ignores an index whose pack is gone; so does the scan.
    if (!existsSync(pack)) continue;
    const idx = join(packDir, name);
    // An idx v2 entry is an id, a CRC and a 4-byte offset, after a 1,032-byte head.
    const objects = Math.max(0, Math.floor((statSync(idx).size - 1032) / (hashBytes + 8)));
    packs.push({ pack, idx, size: statSync(pack).size, objects });
  }
  return packs;
}

function looseIds(objectsDir: string, hexLength: number): string[] {
  const ids: string[] = [];
  for (const dir of readdirSync(objectsDir)) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    for (const name of readdirSync(join(objectsDir, dir)))
      if (name.length === hexLength - 2 && /^[0-9a-f]+$/.test(name)) ids.push(dir + name);
  }
  return ids;
}

/** What git says of a store: its object format and its objects directory (relative to the repository). */
export interface StoreNames {
  format: string;
  objects: string;
}

async function storeNames(repo: string): Promise<StoreNames> {
  const [format = '', objects = ''] = (
    await runGit(repo, ['rev-parse', '--show-object-format', '--git-path', 'objects'])
  )
    .toString('utf8')
    .split('\n');
  return { format, objects };
}

/**
 * The repository's packs and loose objects, with those of the stores it
 * borrows from (alternates), or null when its objects must be read through
 * git: object directories set by the environment, a quoted alternates line,
 * or an object format this reader does not know. `asked`: what git already
 * said of the store (`repositoryPlace` asks it with its other questions).
 */
export async function storeLayout(
  repo: string,
  asked?: Promise<StoreNames>,
): Promise<StoreLayout | null> {
  if (process.env['GIT_OBJECT_DIRECTORY'] || process.env['GIT_ALTERNATE_OBJECT_DIRECTORIES'])
    return null;
  const { format, objects } = await (asked ?? storeNames(repo));
  // Before any file of the store is opened here: a FIFO among them would block this thread for good.
  assertSafeRepository(repo);
  const hashBytes = HASH_BYTES[format.trim()];
  if (!hashBytes || !objects) return null;
  const objectsDir = resolve(repo, objects);
  const own = realDir(objectsDir) ?? objectsDir;
  const alternates = alternatesOf(own, 0, new Set([own]), []);
  if (alternates === null) return null;
  // The store's own objects first, then each alternate's: git looks them up in that order.
  const dirs = [own, ...alternates];
  return {
    objectsDir,
    alternates,
    hashBytes,
    packs: dirs.flatMap((dir) => packsIn(dir, hashBytes)),
    // An object loose in two of them is read once.
    loose: [...new Set(dirs.flatMap((dir) => looseIds(dir, hashBytes * 2)))],
  };
}
