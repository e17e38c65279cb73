import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
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
import { blobChanges, collectBlobFindings } from './locate.js';
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
  // An annotated tag's objectname is the tag object: compare the commit it
  // peels to, or a new tag at B would count as "another ref" and hide B.
  const refs = (
    await runGit(repo, ['for-each-ref', '--format=%(objectname) %(*objectname) %(refname)'])
  )
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .filter(([sha, peeled]) => (peeled || sha) !== tip)
    .map(([, , name]) => name as string);
  return [to, ...(refs.length ? ['--not', ...refs] : [])];
}

/** The commits of the range, newest first. */
async function rangeCommits(repo: string, args: string[]): Promise<string[]> {
  const out = await runGit(repo, ['rev-list', ...args]);
  return out.toString('latin1').split('\n').filter(Boolean);
}

/** Annotated tags that point at one of `commits`: their messages belong to the range. */
async function tagsOn(repo: string, commits: Set<string>): Promise<string[]> {
  const out = await runGit(repo, [
    'for-each-ref',
    '--format=%(objectname) %(objecttype) %(*objectname)',
    'refs/tags',
  ]);
  return out
    .toString('latin1')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([, type, target]) => type === 'tag' && commits.has(target ?? ''))
    .map(([id]) => id as string);
}

/** Why a range has no commits: reversed, or both ends the same. */
async function emptyRangeWarning(repo: string, from: string, to: string): Promise<string> {
  const reversed = ZERO_SHA.test(from) ? [] : await rangeCommits(repo, [`${to}..${from}`]);
  return reversed.length
    ? `the range ${from}..${to} has no commits: it looks reversed (${to}..${from} has ${reversed.length}); nothing was scanned`
    : `the range ${from}..${to} has no commits (${to} adds nothing to ${from}); nothing was scanned`;
}

/** Scans the blobs that the commits of `A..B` write, and the messages of those commits and their tags. */
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
  const args = await revisionArgs(repo, from, to, onWarning);
  const [changes, commits, partial] = await Promise.all([
    blobChanges(repo, args, null),
    rangeCommits(repo, args),
    isPartialClone(repo),
  ]);
  if (!commits.length) onWarning(await emptyRangeWarning(repo, from, to));
  const tags = await tagsOn(repo, new Set(commits));
  // A partial clone would fetch each missing blob on request: leave those out and say so.
  const missing = partial ? (await missingObjects(repo, args)).ids : new Set<string>();
  const blobs = new Set(changes.map((change) => change.blob).filter((id) => !missing.has(id)));
  const hits = new Map<string, KeyBlock[]>();
  const stats = await scanObjects(
    repo,
    [...blobs, ...commits, ...tags],
    (hit) => {
      const message = messagePlace(hit);
      if (!message) hits.set(hit.id, hit.blocks);
      else collector.addBlocks(message.blocks, [message.place]);
    },
    { messages: true, onProgress, onWarning },
  );
  const unread = new Set([...missing, ...stats.missing]);
  if (unread.size) onWarning(missingWarning(unread, partial));
  if (stats.lfsPointers) onWarning(lfsNote(stats.lfsPointers, true));
  collectBlobFindings(
    hits,
    changes.filter((change) => hits.has(change.blob)),
    collector,
  );
  return stats;
}
