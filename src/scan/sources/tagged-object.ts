/**
 * A pushed tag may name a blob or a tree rather than a commit (git.git tags
 * a blob; `git tag name $(git hash-object -w file)` does too). No commit
 * writes what it holds, so the range's walk sees nothing: its objects are
 * read here, each blob named by the tag and its path in the tree.
 */
import type { KeyBlock } from '../detector.js';
import type { BlobPlace, FindingCollector } from '../findings.js';
import { runGit } from '../git.js';
import { scanObjects, type ObjectScanStats } from '../object-reader.js';
import { peelToCommits, type PeeledRef, tagRefNames } from '../tags.js';
import { messagePlace } from './messages.js';

/** What `rev` peels to through its tags: `blob` or `tree` make a tagged object; null when unknown. */
export async function peeledType(repo: string, rev: string): Promise<string | null> {
  const out = await runGit(repo, ['cat-file', '-t', `${rev}^{}`]).catch(() => null);
  return out?.toString('latin1').trim() || null;
}

/** Each object `rev` reaches with its path in the tagged tree ('' for the tree or blob itself). */
export async function reachedObjects(repo: string, rev: string): Promise<Map<string, string[]>> {
  const out = await runGit(repo, ['rev-list', '--objects', '--no-walk', rev]);
  const paths = new Map<string, string[]>();
  for (const line of out.toString('utf8').split('\n')) {
    const cut = line.indexOf(' ');
    const id = cut < 0 ? line : line.slice(0, cut);
    if (!/^[0-9a-f]{40,64}$/.test(id)) continue;
    const list = paths.get(id) ?? [];
    list.push(cut < 0 ? '' : line.slice(cut + 1));
    paths.set(id, list);
  }
  return paths;
}

/** The type of each of `ids` (`git cat-file --batch-check`), in one git. */
async function objectTypes(repo: string, ids: string[]): Promise<Map<string, string>> {
  const out = await runGit(repo, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    input: ids.map((id) => `${id}\n`).join(''),
  });
  const types = new Map<string, string>();
  for (const line of out.toString('latin1').split('\n')) {
    const [id, type] = line.split(' ');
    if (id && type) types.set(id, type);
  }
  return types;
}

/** Where a blob under a tagged blob or tree is: `(TYPE tagged NAME)` and its path in the tree. */
function taggedPlace(top: string, path: string): BlobPlace {
  return {
    path: path ? `${top}/${path}` : top,
    kind: 'tagged-object',
    commit: null,
    author: null,
    authorDate: null,
  };
}

/**
 * Scans the blobs a tag of a blob or tree reaches, and the messages of the
 * tags on the way. A blob is reported at `(TYPE tagged REV)/path` (just
 * `(blob tagged REV)` for a tagged blob): no commit holds it.
 */
export async function scanTaggedObject(
  repo: string,
  rev: string,
  type: 'blob' | 'tree',
  refs: PeeledRef[],
  collector: FindingCollector,
  onWarning: (message: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<ObjectScanStats> {
  const reached = await reachedObjects(repo, rev);
  const types = await objectTypes(repo, [...reached.keys()]);
  const wanted = [...reached.keys()].filter((id) => ['blob', 'tag'].includes(types.get(id) ?? ''));
  const names = tagRefNames(refs);
  const commits = await peelToCommits(repo, wanted);
  const hits = new Map<string, KeyBlock[]>();
  const stats = await scanObjects(
    repo,
    wanted,
    (hit) => {
      const message = messagePlace(hit, { names, commits });
      if (message) collector.addBlocks(message.blocks, [message.place]);
      else hits.set(hit.id, hit.blocks);
    },
    { messages: true, onProgress, onWarning },
  );
  const top = `(${type} tagged ${rev})`;
  for (const [id, blocks] of hits) {
    collector.addBlocks(
      blocks,
      (reached.get(id) ?? ['']).map((path) => taggedPlace(top, path)),
    );
  }
  return stats;
}

/**
 * Places for the blobs among `blobs` that refs to a blob or a tree reach
 * (`refs/tags/NAME` → `(blob tagged refs/tags/NAME)`): a history scan
 * would otherwise call them unreachable though a ref holds them.
 */
export async function taggedPlaces(
  repo: string,
  refs: PeeledRef[],
  blobs: ReadonlySet<string>,
): Promise<Map<string, BlobPlace[]>> {
  const places = new Map<string, BlobPlace[]>();
  for (const ref of refs) {
    if (ref.commit !== null || !blobs.size) continue;
    const type = await peeledType(repo, ref.ref);
    if (type !== 'blob' && type !== 'tree') continue;
    const top = `(${type} tagged ${ref.ref})`;
    for (const [id, paths] of await reachedObjects(repo, ref.ref)) {
      if (!blobs.has(id)) continue;
      const list = places.get(id) ?? [];
      for (const path of paths) list.push(taggedPlace(top, path));
      places.set(id, list);
    }
  }
  return places;
}
