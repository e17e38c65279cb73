import { indexIncompleteHistory, type IncompleteIndex } from '../change-index.js';
import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
import type { BlobChange } from '../git-log.js';
import { missingObjects, missingWarning } from '../git-missing.js';
import {
  assertRepository,
  GitError,
  isPartialClone,
  runGit,
  ZERO_SHA,
  type RepositoryPlace,
} from '../git.js';
import { lfsNote } from '../lfs.js';
import { scanObjects, type ObjectScanStats } from '../object-reader.js';
import { peeledRefs, peelToCommits, tagRefNames, type PeeledRef } from '../tags.js';
import { blobChanges, collectBlobFindings, withPath } from './locate.js';
import { messagePlace } from './messages.js';

export class InvalidRangeError extends Error {
  override name = 'InvalidRangeError';
}

/** A revision as a range end: no whitespace, no leading dash (an option to git) or dot, no trailing dot. */
const REVISION = /^(?![-.])[^\s]+(?<!\.)$/;

/** `A..B` as a push reports it: `before..after`. Either end may be a ref name with dots (`v1.0`). */
export function parseRange(range: string): { from: string; to: string } {
  const parts = range.trim().split('..');
  const [from, to] = parts;
  if (parts.length !== 2 || !from || !to || !REVISION.test(from) || !REVISION.test(to))
    throw new InvalidRangeError(
      `invalid range "${range}": expected A..B (for a push: before..after)`,
    );
  return { from, to };
}

async function commitExists(repo: string, rev: string): Promise<boolean> {
  try {
    await runGit(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The revision arguments for what a push added. A new branch (A all zeros)
 * or a force push whose old tip is gone scans what `B` has that no other ref
 * has.
 */
async function revisionArgs(
  repo: string,
  from: string,
  to: string,
  refs: Promise<PeeledRef[]>,
  onWarning: (message: string) => void,
): Promise<string[]> {
  if (!(await commitExists(repo, to)))
    throw new GitError(`unknown revision ${to}: is the pushed commit fetched?`);
  if (!ZERO_SHA.test(from) && (await commitExists(repo, from))) return [`${from}..${to}`];
  if (!ZERO_SHA.test(from))
    onWarning(
      `${from} is not in this clone (force push?): scanning what ${to} adds to the other refs`,
    );
  const tip = (await runGit(repo, ['rev-parse', `${to}^{commit}`])).toString().trim();
  // An annotated tag's objectname is the tag object (or a tag of one): compare the commit it
  // peels to, or a new tag at B would count as "another ref" and hide B.
  const others = (await refs).filter((ref) => ref.commit !== tip).map((ref) => ref.ref);
  return [to, ...(others.length ? ['--not', ...others] : [])];
}

/** The commits of the range, newest first. */
async function rangeCommits(repo: string, args: string[]): Promise<string[]> {
  const out = await runGit(repo, ['rev-list', ...args]);
  return out.toString('latin1').split('\n').filter(Boolean);
}

/**
 * The tag objects of the range: those of `B` itself (a pushed tag, and the
 * tags it tags in turn) that `A` does not have, and those of tags on the
 * range's commits, chains of tags of tags included (`git rev-list --objects`
 * lists the tags it passes; trees are left out, and the range's commits
 * taken out after).
 */
async function rangeTags(
  repo: string,
  args: string[],
  commits: Set<string>,
  refs: PeeledRef[],
): Promise<string[]> {
  const on = refs.filter((ref) => ref.type === 'tag' && commits.has(ref.commit ?? ''));
  const out = await runGit(repo, [
    'rev-list',
    '--objects',
    '--no-walk',
    '--no-object-names',
    '--filter=tree:0',
    '--missing=print',
    ...on.map((ref) => ref.id),
    ...args,
  ]);
  return out
    .toString('latin1')
    .split('\n')
    .filter((id) => /^[0-9a-f]+$/.test(id) && !commits.has(id));
}

/** Why a range has no commits: reversed, or both ends the same. */
async function emptyRangeWarning(repo: string, from: string, to: string): Promise<string> {
  const reversed = ZERO_SHA.test(from) ? [] : await rangeCommits(repo, [`${to}..${from}`]);
  return reversed.length
    ? `the range ${from}..${to} has no commits: it looks reversed (${to}..${from} has ${reversed.length}); nothing was scanned`
    : `the range ${from}..${to} has no commits (${to} adds nothing to ${from}); nothing was scanned`;
}

/**
 * Scans the blobs that the commits of `A..B` write, and the messages of those
 * commits and of the tags of the range (B itself when it is a tag). A range
 * `git log` cannot diff (trees or commits missing) is walked around what is
 * missing: what the range reaches and the repository holds is scanned.
 */
export async function scanRange(
  repo: string,
  place: Promise<RepositoryPlace>,
  range: string,
  collector: FindingCollector,
  onWarning: (message: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<ObjectScanStats> {
  const { from, to } = parseRange(range);
  assertRepository(repo, await place);
  const refs = peeledRefs(repo);
  const args = await revisionArgs(repo, from, to, refs, onWarning);
  const [logged, commits, partial] = await Promise.all([
    blobChanges(repo, args, null).catch((error: unknown) => error as Error),
    rangeCommits(repo, args),
    isPartialClone(repo),
  ]);
  const commitSet = new Set(commits);
  const tags = await rangeTags(repo, args, commitSet, await refs);
  if (!commits.length && !tags.length) onWarning(await emptyRangeWarning(repo, from, to));
  let incomplete: IncompleteIndex | null = null;
  let changes: BlobChange[] = [];
  let missing = new Set<string>();
  let blobs: Set<string>;
  if (logged instanceof Error) {
    // Trees or commits are missing: scan what the range reaches around them.
    incomplete = await indexIncompleteHistory(repo, args, () => true).catch(() => {
      throw logged;
    });
    missing = incomplete.missing;
    blobs = new Set([...incomplete.blobs(), ...incomplete.reached()]);
  } else {
    changes = logged;
    // A partial clone would fetch each missing blob on request: leave those out and say so.
    if (partial) missing = (await missingObjects(repo, args)).ids;
    blobs = new Set(changes.map((change) => change.blob));
  }
  for (const id of missing) blobs.delete(id);
  // What a report calls each tag, and the commit a tag of a tag is on.
  const tagNames = tagRefNames(await refs);
  const tagCommits = await peelToCommits(repo, tags);
  const hits = new Map<string, KeyBlock[]>();
  const decoderWarnings: string[] = [];
  const stats = await scanObjects(
    repo,
    [...new Set([...blobs, ...commits, ...tags])],
    (hit) => {
      const message = messagePlace(hit, { names: tagNames, commits: tagCommits });
      if (!message) hits.set(hit.id, hit.blocks);
      else collector.addBlocks(message.blocks, [message.place]);
    },
    // Held until the changes can name the path that holds the object.
    { messages: true, onProgress, onWarning: (message) => decoderWarnings.push(message) },
  );
  if (decoderWarnings.length) {
    const paths = new Map<string, string>();
    for (const change of changes) if (!paths.has(change.blob)) paths.set(change.blob, change.path);
    const pathOf = (id: string): string | undefined =>
      incomplete ? incomplete.changesOf([id])[0]?.path : paths.get(id);
    for (const message of decoderWarnings) onWarning(withPath(message, pathOf));
  }
  const unread = new Set([...missing, ...stats.missing]);
  if (unread.size) onWarning(missingWarning(unread, partial, incomplete !== null));
  if (stats.lfsPointers) onWarning(lfsNote(stats.lfsPointers, true));
  collectBlobFindings(
    hits,
    incomplete
      ? incomplete.changesOf(hits.keys())
      : changes.filter((change) => hits.has(change.blob)),
    collector,
    incomplete ? 'unknown' : 'unreachable',
  );
  return stats;
}
