import { availableParallelism } from 'node:os';
import {
  scanStore,
  type ObjectHitHandler,
  type ObjectScanStats,
  type ReadOptions,
} from './object-reader.js';
import { PackCycleError } from './pack/format.js';
import { readPacks } from './pack/read-packs.js';
import { storeLayout, type StoreNames } from './pack/store-layout.js';

/** At most this many `git cat-file` processes read the objects at once. */
const MAX_READERS = 2;

export interface StoreRead {
  stats: ObjectScanStats;
  /** Whether the store holds the object (a reachable blob it lacks is missing). */
  has(id: string): boolean;
}

/**
 * Scans every blob, commit and tag of the repository once. The packs are
 * read in this process (two threads, no pipe); git reads what that reader
 * does not (loose objects, objects above the whole-object limit), and
 * everything when the store is not one it can read (alternates, a pack it
 * cannot parse): the result is the same either way, only slower. A pack
 * whose deltas loop is the exception: git would never finish, so the scan
 * fails (PackCycleError).
 * `EC2KR_SCAN_READER=git` always lets git read (for comparison). `store`:
 * what git already said of the store, when it was asked with other questions.
 */
export async function readStore(
  repo: string,
  onHit: ObjectHitHandler,
  options: ReadOptions = {},
  store?: Promise<StoreNames>,
): Promise<StoreRead> {
  if (process.env['EC2KR_SCAN_READER'] !== 'git') {
    const layout = await storeLayout(repo, store).catch(() => null);
    const read =
      layout &&
      (await readPacks(repo, layout, options, process.env['EC2KR_SCAN_THREADS'] !== '1').catch(
        (error: unknown) => {
          // A delta loop would stall git for ever: the one failure not handed over.
          if (error instanceof PackCycleError) throw error;
          return null;
        },
      ));
    if (read) {
      for (const message of read.warnings) options.onWarning?.(message);
      for (const hit of read.hits) onHit(hit);
      return read;
    }
  }
  const readers = Math.max(1, Math.min(MAX_READERS, availableParallelism()));
  const { stats, blobs } = await scanStore(repo, readers, onHit, options);
  return { stats, has: (id) => blobs.has(id) };
}
