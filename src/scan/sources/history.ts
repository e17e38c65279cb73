import { indexChanges } from '../change-index.js';
import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
import { missingWarning } from '../git-missing.js';
import { GitError, isPartialClone, runGit } from '../git.js';
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
  collector: FindingCollector,
  onWarning: (message: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<ObjectScanStats> {
  // git log starts at once (each git start costs milliseconds, and it runs beside the
  // read); not a repository is still the first error, from one rev-parse.
  const indexing = indexChanges(repo, ['--all']);
  indexing.catch(() => undefined);
  let shallow: string;
  try {
    shallow = (await runGit(repo, ['rev-parse', '--git-dir', '--is-shallow-repository']))
      .toString('utf8')
      .split('\n')[1] as string;
  } catch (error) {
    throw new GitError(`not a git repository: ${repo} (${(error as Error).message})`);
  }
  if (shallow === 'true') {
    onWarning(
      'this clone is shallow: only the fetched commits are scanned (use fetch-depth: 0 for all history)',
    );
  }
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
  const [{ stats, has }, index] = await Promise.all([
    readStore(
      repo,
      (hit) => {
        const message = messagePlace(hit);
        if (!message) hits.set(hit.id, hit.blocks.map(intern));
        else collector.addBlocks(message.blocks, [message.place]);
      },
      // Held until the index can name the path that holds the object.
      { messages: true, onProgress, onWarning: (message) => decoderWarnings.push(message) },
    ),
    indexing,
  ]);
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
