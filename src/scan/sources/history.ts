import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
import { missingObjects, missingWarning } from '../git-missing.js';
import { assertRepository, isPartialClone, objectCount, runGit } from '../git.js';
import { lfsNote } from '../lfs.js';
import { scanAllObjects, type ObjectScanStats } from '../object-reader.js';
import { blobChanges, collectBlobFindings } from './locate.js';
import { messagePlace } from './messages.js';

/**
 * Scans every object in the repository once, straight from the object store
 * (blobs, and commits and tags for keys pasted into messages), then asks
 * `git log` where the few blobs holding keys were written.
 */
export async function scanHistory(
  repo: string,
  collector: FindingCollector,
  onWarning: (message: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<ObjectScanStats> {
  await assertRepository(repo);
  if ((await runGit(repo, ['rev-parse', '--is-shallow-repository'])).toString().trim() === 'true') {
    onWarning(
      'this clone is shallow: only the fetched commits are scanned (use fetch-depth: 0 for all history)',
    );
  }
  const hits = new Map<string, KeyBlock[]>();
  const total = onProgress ? await objectCount(repo) : 0;
  // Reading every object present says nothing of objects that are missing:
  // walk the history for them while the objects are read.
  const [stats, missing, partial] = await Promise.all([
    scanAllObjects(
      repo,
      (hit) => {
        const message = messagePlace(hit);
        if (!message) hits.set(hit.id, hit.blocks);
        else collector.addBlocks(message.blocks, [message.place]);
      },
      { messages: true, onProgress, total },
    ),
    missingObjects(repo, ['--all']),
    isPartialClone(repo),
  ]);
  if (missing.ids.size) onWarning(missingWarning(missing.ids, partial));
  if (stats.lfsPointers) onWarning(lfsNote(stats.lfsPointers, true));
  if (hits.size) {
    const changes = await blobChanges(repo, ['--all'], new Set(hits.keys()));
    collectBlobFindings(hits, changes, collector);
  }
  return stats;
}
