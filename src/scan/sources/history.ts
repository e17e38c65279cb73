import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
import { assertRepository, runGit } from '../git.js';
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
  const stats = await scanAllObjects(repo, (blob, blocks) => hits.set(blob, blocks));
  if (hits.size) {
    const changes = await blobChanges(repo, ['--all'], new Set(hits.keys()));
    collectBlobFindings(hits, changes, collector);
  }
  return stats;
}
