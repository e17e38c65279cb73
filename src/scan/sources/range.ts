import type { KeyBlock } from '../detector.js';
import type { FindingCollector } from '../findings.js';
import { assertRepository, GitError, runGit, ZERO_SHA } from '../git.js';
import { scanBlobs, type ObjectScanStats } from '../object-reader.js';
import { blobChanges, collectBlobFindings } from './locate.js';

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

/** Scans the blobs that the commits of `A..B` write. */
export async function scanRange(
  repo: string,
  range: string,
  collector: FindingCollector,
  onWarning: (message: string) => void,
): Promise<ObjectScanStats> {
  const { from, to } = parseRange(range);
  await assertRepository(repo);
  const args = await revisionArgs(repo, from, to, onWarning);
  const changes = await blobChanges(repo, args, null);
  const hits = new Map<string, KeyBlock[]>();
  const stats = await scanBlobs(
    repo,
    new Set(changes.map((change) => change.blob)),
    (blob, blocks) => hits.set(blob, blocks),
  );
  collectBlobFindings(
    hits,
    changes.filter((change) => hits.has(change.blob)),
    collector,
  );
  return stats;
}
