import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runGit } from '../git.js';

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
  /** 20 for SHA-1 repositories, 32 for SHA-256 ones. */
  hashBytes: number;
  packs: PackFiles[];
  /** Ids of the loose objects (read through git, which inflates them as cheaply). */
  loose: string[];
}

const HASH_BYTES: Record<string, number> = { sha1: 20, sha256: 32 };

/** Whether the store borrows objects from another one, which only git knows how to merge. */
function hasAlternates(objectsDir: string): boolean {
  const file = join(objectsDir, 'info', 'alternates');
  if (!existsSync(file)) return false;
  return readFileSync(file, 'utf8')
    .split('\n')
    .some((line) => line.trim() !== '' && !line.startsWith('#'));
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

/**
 * The repository's packs and loose objects, or null when its objects must be
 * read through git: alternates, object directories set by the environment,
 * or an object format this reader does not know.
 */
export async function storeLayout(repo: string): Promise<StoreLayout | null> {
  if (process.env['GIT_OBJECT_DIRECTORY'] || process.env['GIT_ALTERNATE_OBJECT_DIRECTORIES'])
    return null;
  const [format = '', objects = ''] = (
    await runGit(repo, ['rev-parse', '--show-object-format', '--git-path', 'objects'])
  )
    .toString('utf8')
    .split('\n');
  const hashBytes = HASH_BYTES[format.trim()];
  if (!hashBytes || !objects) return null;
  const objectsDir = resolve(repo, objects);
  if (hasAlternates(objectsDir)) return null;
  const packDir = join(objectsDir, 'pack');
  const packs: PackFiles[] = [];
  if (existsSync(packDir)) {
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
  }
  return { objectsDir, hashBytes, packs, loose: looseIds(objectsDir, hashBytes * 2) };
}
