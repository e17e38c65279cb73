import type { KeyBlock } from '../detector.js';
import type { BlobPlace, FindingCollector } from '../findings.js';
import { walkBlobChanges, type BlobChange } from '../git-log.js';

/**
 * Turns blobs that hold keys into findings with every (commit, path) that
 * wrote them, and marks the oldest such commit as the one that introduced the
 * key. `changes` are in `git log --topo-order` order: newest first. A blob
 * no change places is named by its id: `unreachable` when the history was
 * walked whole (no ref reaches it), `unknown` when it lacks trees or commits
 * (the blob may sit under one of them); `tagged` places the blobs a tag of a
 * blob or a tree reaches, which no commit writes.
 */
export function collectBlobFindings(
  hits: Map<string, KeyBlock[]>,
  changes: BlobChange[],
  collector: FindingCollector,
  unplaced: 'unreachable' | 'unknown' = 'unreachable',
  tagged: ReadonlyMap<string, BlobPlace[]> = new Map(),
): void {
  const placesByBlob = new Map<string, BlobPlace[]>();
  const age = new Map<string, number>();
  changes.forEach((change, index) => {
    age.set(change.commit, Math.max(index, age.get(change.commit) ?? 0));
    const places = placesByBlob.get(change.blob) ?? [];
    places.push({
      path: change.path,
      commit: change.commit,
      // Empty where git could not read the commit's author line.
      author: change.author || null,
      authorDate: change.authorDate || null,
    });
    placesByBlob.set(change.blob, places);
  });
  for (const [blob, blocks] of hits) {
    const places = placesByBlob.get(blob) ??
      tagged.get(blob) ?? [
        // In the object store but reachable from no ref (rebased away, not yet pruned), or
        // (`unknown`) under a tree the repository lacks: no file to point at either way.
        {
          path:
            unplaced === 'unknown'
              ? `(object ${blob}, path unknown)`
              : `(unreachable object ${blob})`,
          kind: 'unreachable',
          commit: null,
          author: null,
          authorDate: null,
        },
      ];
    collector.addBlocks(blocks, places);
  }
  for (const finding of collector.findings()) {
    let oldest: string | null = null;
    for (const location of finding.locations) {
      if (
        location.commit &&
        (oldest === null || (age.get(location.commit) ?? 0) > (age.get(oldest) ?? 0))
      ) {
        oldest = location.commit;
      }
    }
    for (const location of finding.locations) location.introducedBy = oldest;
  }
}

/** The changes of `revisionArgs` that wrote one of `blobs` (or all changes when `blobs` is null). */
export async function blobChanges(
  repo: string,
  revisionArgs: string[],
  blobs: Set<string> | null,
  stdin?: string,
): Promise<BlobChange[]> {
  const changes: BlobChange[] = [];
  await walkBlobChanges(
    repo,
    revisionArgs,
    (change) => {
      if (!blobs || blobs.has(change.blob)) changes.push(change);
    },
    stdin,
  );
  return changes;
}

/** The object a decoder's warning is about (`object <id>: …`), or undefined. */
export function warnedObject(message: string): string | undefined {
  return /^object ([0-9a-f]+): /.exec(message)?.[1];
}

/**
 * A decoder's warning about `object <id>` named by the path that holds the
 * object, when `pathOf` knows it: `path (blob <id>): …`, as a tree scan names
 * the file.
 */
export function withPath(message: string, pathOf: (id: string) => string | undefined): string {
  const id = warnedObject(message);
  const path = id ? pathOf(id) : undefined;
  return id && path
    ? `${path} (blob ${id.slice(0, 12)}): ${message.slice(id.length + 9)}`
    : message;
}
