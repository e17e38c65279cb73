import { runGit } from './git.js';

/** A ref as `git for-each-ref` lists it, with the commit it peels to (through any chain of tags). */
export interface PeeledRef {
  /** The object the ref names (a tag object for an annotated tag). */
  id: string;
  type: string;
  /** The full name (`refs/tags/v1`). */
  ref: string;
  /** The commit it peels to; null when it peels to no commit (a tag of a tree, a missing object). */
  commit: string | null;
}

/**
 * The commit each of `ids` peels to (`git cat-file --batch-check` with
 * `ID^{commit}`: through tags of tags, as git peels), or none when it peels
 * to no commit or is missing. Never fetches.
 */
export async function peelToCommits(
  repo: string,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const list = [...new Set(ids)];
  const peeled = new Map<string, string>();
  if (!list.length) return peeled;
  // One line out per line in: the commit's id, or `NAME^{commit} missing` (git complains on stderr).
  const out = await runGit(repo, ['cat-file', '--batch-check=%(objectname)'], {
    input: list.map((id) => `${id}^{commit}\n`).join(''),
  }).catch(() => Buffer.alloc(0));
  out
    .toString('latin1')
    .split('\n')
    .forEach((line, index) => {
      const id = list[index];
      if (id && /^[0-9a-f]{40,64}$/.test(line)) peeled.set(id, line);
    });
  return peeled;
}

/** Every ref, with the commit it peels to; empty when git cannot list them. */
export async function peeledRefs(repo: string): Promise<PeeledRef[]> {
  // Ref names hold no space (git refuses them), so the fields split on it.
  const out = await runGit(repo, [
    'for-each-ref',
    '--format=%(objectname) %(objecttype) %(refname)',
  ]).catch(() => Buffer.alloc(0));
  const refs = out
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', type = '', ...name] = line.split(' ');
      return { id, type, ref: name.join(' '), commit: null as string | null };
    });
  const peeled = await peelToCommits(
    repo,
    refs.filter((ref) => ref.type !== 'commit').map((ref) => ref.id),
  );
  for (const ref of refs)
    ref.commit = ref.type === 'commit' ? ref.id : (peeled.get(ref.id) ?? null);
  return refs;
}

/**
 * Tag objects a ref names, with the ref's name: what a report calls the tag
 * (a tag object's own `tag` header is whatever its author wrote, and may
 * name another tag). `refs/tags/` is left off; a tag named by several refs
 * takes its first tag ref.
 */
export function tagRefNames(refs: PeeledRef[]): Map<string, string> {
  const names = new Map<string, string>();
  const fromTagRef = new Set<string>();
  for (const { id, type, ref } of refs) {
    if (type !== 'tag' || fromTagRef.has(id)) continue;
    if (ref.startsWith('refs/tags/')) {
      names.set(id, ref.slice('refs/tags/'.length));
      fromTagRef.add(id);
    } else if (!names.has(id)) names.set(id, ref);
  }
  return names;
}
