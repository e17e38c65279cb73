import { indexChanges } from '../change-index.js';
import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
import { missingWarning } from '../git-missing.js';
import { assertRepository, isPartialClone, type RepositoryPlace } from '../git.js';
import { lfsNote } from '../lfs.js';
import type { ObjectScanStats } from '../object-reader.js';
import { readStore } from '../store-read.js';
import { collectBlobFindings } from './locate.js';
import { messagePlace } from './messages.js';

/**
 * Scans every object in the repository once, straight from the object store:
 * blobs, and commits and tags for keys pasted into messages (trees hold only
 * names), read from the packs on two threads (../store-read.ts); meanwhile `git log --raw` indexes where every blob was written, which
 * both locates the blobs that hold keys and tells the reachable blobs the
 * repository lacks (a partial or damaged clone).
 */
export async function scanHistory(
  repo: string,
  place: Promise<RepositoryPlace>,
  collector: FindingCollector,
  onWarning: (message: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<ObjectScanStats> {
  // git log and the read start at once (each git start costs milliseconds); the
  // place (one rev-parse) meanwhile tells a repository, and its failure is the first error.
  // git log has time to spare (the read takes longer): it runs nicer, so that on two
  // cores it yields to this thread rather than taking turns with it.
  const indexing = indexChanges(repo, ['--all'], true);
  indexing.catch(() => undefined);
  const checking = place.then((found) => {
    assertRepository(repo, found);
    return found.shallow;
  });
  checking.catch(() => undefined);
  const hits = new Map<string, KeyBlock[]>();
  // Thousands of blob versions hold the same key: keep its text once, not once a version.
  const texts = new Map<string, string>();
  const intern = (block: KeyBlock): KeyBlock => {
    const text = texts.get(block.text);
    if (text !== undefined) return { ...block, text };
    texts.set(block.text, block.text);
    return block;
  };
  const decoderWarnings: string[] = [];
  // Keys in messages are added once the repository is known (the collector may warn).
  const messages: NonNullable<ReturnType<typeof messagePlace>>[] = [];
  const reading = Promise.all([
    readStore(
      repo,
      (hit) => {
        const message = messagePlace(hit);
        if (!message) hits.set(hit.id, hit.blocks.map(intern));
        else messages.push(message);
      },
      // Held until the index can name the path that holds the object.
      { messages: true, onProgress, onWarning: (message) => decoderWarnings.push(message) },
      place.then(({ store }) => store),
    ),
    indexing,
  ]);
  reading.catch(() => undefined);
  const shallow = await checking;
  const [{ stats, has }, index] = await reading;
  if (shallow) {
    onWarning(
      'this clone is shallow: only the fetched commits are scanned (use fetch-depth: 0 for all history)',
    );
  }
  for (const message of messages) collector.addBlocks(message.blocks, [message.place]);
  const missing = [...index.blobs()].filter((blob) => !has(blob));
  for (const message of decoderWarnings) {
    const id = /^object ([0-9a-f]+): /.exec(message)?.[1];
    const path = id ? index.changesOf([id])[0]?.path : undefined;
    onWarning(
      path
        ? `${path} (blob ${id?.slice(0, 12)}): ${message.slice(id ? id.length + 9 : 0)}`
        : message,
    );
  }
  // Only a clone that lacks objects is asked whether it was cloned so.
  if (missing.length) onWarning(missingWarning(missing, await isPartialClone(repo)));
  if (stats.lfsPointers) onWarning(lfsNote(stats.lfsPointers, true));
  if (hits.size) collectBlobFindings(hits, index.changesOf(hits.keys()), collector);
  return stats;
}
