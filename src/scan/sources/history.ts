import { indexChanges, indexIncompleteHistory, type ChangeIndex } from '../change-index.js';
import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
import { missingWarning } from '../git-missing.js';
import { assertRepository, isPartialClone, type RepositoryPlace } from '../git.js';
import { lfsNote } from '../lfs.js';
import type { ObjectHit, ObjectScanStats } from '../object-reader.js';
import { readStore } from '../store-read.js';
import { peeledRefs, peelToCommits, tagRefNames } from '../tags.js';
import { collectBlobFindings, warnedObject, withPath } from './locate.js';
import { messagePlace, type TagRefs } from './messages.js';
import { taggedPlaces } from './tagged-object.js';

/**
 * The ref that names each tag object, and the commit each tag of a tag (among
 * `hits`) peels to: the place of a key in a tag message.
 */
async function tagRefs(repo: string, hits: ObjectHit[]): Promise<TagRefs> {
  const refs = await peeledRefs(repo);
  const commits = new Map<string, string>();
  for (const ref of refs) if (ref.type === 'tag' && ref.commit) commits.set(ref.id, ref.commit);
  const nested = hits.filter((hit) => hit.type === 'tag' && !commits.has(hit.id));
  for (const [id, commit] of await peelToCommits(
    repo,
    nested.map((hit) => hit.id),
  ))
    commits.set(id, commit);
  return { names: tagRefNames(refs), commits };
}

/**
 * Scans every object in the repository once, straight from the object store:
 * blobs, and commits and tags for keys pasted into messages (trees hold only
 * names), read from the packs on two threads (../store-read.ts); meanwhile `git log --raw` indexes where every blob was written, which
 * both locates the blobs that hold keys and tells the reachable blobs the
 * repository lacks (a partial or damaged clone). A history git log cannot
 * walk (trees or commits missing) is indexed around what is missing instead
 * (`indexIncompleteHistory`): every object present is scanned all the same.
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
  // A failed index is no failed scan: the objects are read all the same, and placed another way.
  const indexing: Promise<ChangeIndex | Error> = indexChanges(repo, ['--all'], true).catch(
    (error: unknown) => error as Error,
  );
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
  // Keys in messages are added once the repository is known (the collector may warn) and the
  // refs name their tags.
  const messages: ObjectHit[] = [];
  const reading = Promise.all([
    readStore(
      repo,
      (hit) => {
        if (hit.type === 'blob') hits.set(hit.id, hit.blocks.map(intern));
        else messages.push(hit);
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
  const tags = messages.some((hit) => hit.type === 'tag')
    ? await tagRefs(repo, messages)
    : undefined;
  for (const hit of messages) {
    const message = messagePlace(hit, tags);
    if (message) collector.addBlocks(message.blocks, [message.place]);
  }
  const warned = decoderWarnings.map((message) => ({ message, id: warnedObject(message) }));
  let located: Pick<ChangeIndex, 'changesOf'>;
  let missing: string[];
  let cut = false;
  if (index instanceof Error) {
    // Trees or commits are missing: walk around them, placing the blobs that matter.
    const wanted = new Set([...hits.keys(), ...warned.flatMap(({ id }) => (id ? [id] : []))]);
    const incomplete = await indexIncompleteHistory(repo, ['--all'], (id) => wanted.has(id)).catch(
      () => {
        throw index;
      },
    );
    located = incomplete;
    missing = [...incomplete.missing];
    cut = true;
  } else {
    located = index;
    missing = [...index.blobs()].filter((blob) => !has(blob));
  }
  for (const { message } of warned)
    onWarning(withPath(message, (id) => located.changesOf([id])[0]?.path));
  // Only a clone that lacks objects is asked whether it was cloned so.
  if (missing.length) onWarning(missingWarning(missing, await isPartialClone(repo), cut));
  if (stats.lfsPointers) onWarning(lfsNote(stats.lfsPointers, true));
  if (hits.size) {
    const changes = located.changesOf(hits.keys());
    // Blobs no commit writes may still be held by a tag of a blob or a tree.
    const written = new Set(changes.map((change) => change.blob));
    const unwritten = new Set([...hits.keys()].filter((id) => !written.has(id)));
    const tagged = unwritten.size
      ? await taggedPlaces(repo, await peeledRefs(repo), unwritten)
      : undefined;
    collectBlobFindings(hits, changes, collector, cut ? 'unknown' : 'unreachable', tagged);
  }
  return stats;
}
