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
import { peeledType, scanTaggedObject } from './tagged-object.js';

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

/** The commit `rev` names, or null when it names none (unknown, or a tag of a blob or a tree). */
async function commitOf(repo: string, rev: string): Promise<string | null> {
  try {
    const out = await runGit(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    return out.toString('latin1').trim() || null;
  } catch {
    return null;
  }
}

async function commitExists(repo: string, rev: string): Promise<boolean> {
  return (await commitOf(repo, rev)) !== null;
}

/** What a push tells about itself beyond its range. */
export interface PushContext {
  /** The ref it updated (`refs/heads/release`). */
  pushedRef?: string;
  /** The repository's default branch (`main`). */
  defaultBranch?: string;
}

/** Above this many refs to keep out of the exclusion, the range falls back to all of B's history. */
const MAX_KEPT_REFS = 2000;

/** The default branch: as given, else the one `origin/HEAD` names; null when neither says. */
async function defaultBranchOf(repo: string, given?: string): Promise<string | null> {
  if (given) return given;
  const out = await runGit(repo, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']).catch(
    () => null,
  );
  return (
    out
      ?.toString('utf8')
      .trim()
      .replace(/^refs\/remotes\/origin\//, '') || null
  );
}

/** The refs that reach `tip` (at it or past it). */
async function refsContaining(repo: string, tip: string): Promise<Set<string>> {
  const out = await runGit(repo, ['for-each-ref', '--contains', tip, '--format=%(refname)']);
  return new Set(out.toString('utf8').split('\n').filter(Boolean));
}

/**
 * The revision arguments for what a push added. A new ref (A all zeros) or
 * a force push whose old tip is gone cannot say which refs existed before
 * it: refs pushed with it (a stack of new branches, a first push with its
 * tags) would each hide the others' commits. So, when the default branch is
 * known, B is scanned for what the default branch lacks (its commits were
 * scanned when they were pushed to it), unless B is the default branch
 * itself, which is then new (a repository's first push): rescanning shared
 * commits rather than missing one. With no default branch known, B is
 * scanned for what the refs that do not reach it lack.
 */
async function revisionArgs(
  repo: string,
  from: string,
  to: string,
  tip: string,
  push: PushContext,
  refs: Promise<PeeledRef[]>,
  onWarning: (message: string) => void,
): Promise<string[]> {
  if (!ZERO_SHA.test(from) && (await commitExists(repo, from))) return [`${from}..${to}`];
  const branch = await defaultBranchOf(repo, push.defaultBranch);
  const defaults = branch
    ? (await refs).filter((ref) =>
        [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`].includes(ref.ref),
      )
    : [];
  const pushedIsDefault =
    defaults.length > 0 &&
    (push.pushedRef
      ? push.pushedRef === `refs/heads/${branch ?? ''}`
      : // Not told which ref was pushed: a default branch at B may be the one pushed.
        defaults.some((ref) => ref.commit === tip));
  if (defaults.length && !pushedIsDefault) {
    if (!ZERO_SHA.test(from))
      onWarning(
        `${from} is not in this clone (force push?): scanning what ${to} adds to the default branch`,
      );
    return [to, '--not', ...defaults.map((ref) => ref.ref)];
  }
  // The default branch created: everything in it is new.
  if (pushedIsDefault && ZERO_SHA.test(from)) return [to];
  if (!ZERO_SHA.test(from))
    onWarning(
      `${from} is not in this clone (force push?): scanning what ${to} adds to the other refs`,
    );
  // Refs that reach B stay out of the exclusion: pushed with it, they would hide it. They
  // are named with `--exclude` before `--glob`, so the command line stays short however
  // many refs the repository has.
  const kept = [...(await refsContaining(repo, tip))];
  if (kept.length > MAX_KEPT_REFS) {
    onWarning(
      `${kept.length} refs reach ${to}: scanning all of its history rather than guessing which were pushed with it`,
    );
    return [to];
  }
  return [to, '--not', ...kept.map((ref) => `--exclude=${ref}`), '--glob=refs/*'];
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

/** Why a range has no commits: reversed, both ends the same, or (no A) nothing new. */
async function emptyRangeWarning(repo: string, from: string, to: string): Promise<string> {
  // A force push's old tip may be gone from the clone: then B only adds nothing new.
  if (ZERO_SHA.test(from) || !(await commitExists(repo, from)))
    return `the range ${from}..${to} has no commits (${to} adds nothing that other refs do not have); nothing was scanned`;
  const reversed = await rangeCommits(repo, [`${to}..${from}`]);
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
  push: PushContext & { range: string },
  collector: FindingCollector,
  onWarning: (message: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<ObjectScanStats> {
  const { from, to } = parseRange(push.range);
  assertRepository(repo, await place);
  const refs = peeledRefs(repo);
  // B's commit, asked once: the range is walked from it.
  const tip = await commitOf(repo, to);
  if (tip === null) {
    // A tag of a blob or a tree: no commit to walk, its objects are what was pushed.
    const type = await peeledType(repo, to);
    if (type === 'blob' || type === 'tree')
      return scanTaggedObject(repo, to, type, await refs, collector, onWarning, onProgress);
    throw new GitError(`unknown revision ${to}: is the pushed commit fetched?`);
  }
  const args = await revisionArgs(repo, from, to, tip, push, refs, onWarning);
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
