import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
import { assertComplete, assertRepository, runGit } from '../git.js';
import { scanAllObjects, type ObjectScanStats } from '../object-reader.js';
import { blobChanges, collectBlobFindings } from './locate.js';

/**
 * Scans every blob in the repository once, straight from the object store,
 * then asks `git log` where the few blobs holding keys were written.
 */
export async function scanHistory(
  repo: string,
  collector: FindingCollector,
  onWarning: (message: string) => void,
): Promise<ObjectScanStats> {
  await assertRepository(repo);
  if ((await runGit(repo, ['rev-parse', '--is-shallow-repository'])).toString().trim() === 'true') {
    onWarning(
      'this clone is shallow: only the fetched commits are scanned (use fetch-depth: 0 for all history)',
    );
  }
  const hits = new Map<string, KeyBlock[]>();
  // Reading every object present says nothing of objects that are missing:
  // check that the history is whole while the blobs are read.
  const [stats] = await Promise.all([
    scanAllObjects(repo, (blob, blocks) => hits.set(blob, blocks)),
    assertComplete(repo),
  ]);
  if (hits.size) {
    const changes = await blobChanges(repo, ['--all'], new Set(hits.keys()));
    collectBlobFindings(hits, changes, collector);
  }
  return stats;
}
