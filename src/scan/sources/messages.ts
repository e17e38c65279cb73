/**
 * Keys pasted into commit and tag messages. The object reader hands over the
 * commit or tag with its first bytes; this module says where the key sits:
 * the message of that commit (or of that tag, at the commit it tags), the
 * line counted from the message's first line. A tag is named by the ref that
 * names it, when one does: its own `tag` header is whatever its author wrote.
 */
import type { KeyBlock } from '../detector.js';
import type { BlobPlace } from '../findings.js';
import type { ObjectHit } from '../object-reader.js';

export interface MessagePlace {
  place: BlobPlace;
  /** The block with its line counted within the message (or within the headers, for a key in one). */
  blocks: KeyBlock[];
}

/** What the refs tell of tag objects: the ref naming each, and the commit each peels to. */
export interface TagRefs {
  names: ReadonlyMap<string, string>;
  commits: ReadonlyMap<string, string>;
}

/** `Name <email> 1700000000 +0130` as `%aI` prints it: 2023-11-14T23:43:20+01:30. */
export function identityDate(value: string): { who: string; date: string | null } {
  const match = /^(.*?) (\d+) ([+-])(\d\d)(\d\d)$/.exec(value);
  if (!match) return { who: value, date: null };
  const [, who = '', seconds = '0', sign = '+', hours = '00', minutes = '00'] = match;
  const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const local = new Date((Number(seconds) + offset * 60) * 1000);
  if (Number.isNaN(local.getTime())) return { who, date: null };
  return { who, date: `${local.toISOString().slice(0, 19)}${sign}${hours}:${minutes}` };
}

/**
 * Where the blocks of a commit or tag object sit, or null for a blob. `tags`:
 * the ref that names a tag (else its `tag` header names it) and the commit a
 * tag of a tag peels to.
 */
export function messagePlace(hit: ObjectHit, tags?: TagRefs): MessagePlace | null {
  if (hit.type === 'blob') return null;
  const text = (hit.head ?? Buffer.alloc(0)).toString('utf8');
  const end = text.indexOf('\n\n');
  const headerText = end === -1 ? text : text.slice(0, end);
  const headers = new Map<string, string>();
  for (const line of headerText.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && !headers.has(line.slice(0, space)))
      headers.set(line.slice(0, space), line.slice(space + 1));
  }
  // Lines before the message: the headers and the blank line after them.
  const headerLines = end === -1 ? 0 : headerText.split('\n').length + 1;
  const blocks = hit.blocks.map((block) =>
    block.line > headerLines ? { ...block, line: block.line - headerLines } : block,
  );
  const inHeaders = hit.blocks.some((block) => block.line <= headerLines);
  if (hit.type === 'commit') {
    const author = identityDate(headers.get('author') ?? '');
    return {
      place: {
        path: inHeaders ? '(commit headers)' : '(commit message)',
        kind: 'commit-message',
        commit: hit.id,
        author: author.who || null,
        authorDate: author.date,
      },
      blocks,
    };
  }
  const tagger = identityDate(headers.get('tagger') ?? '');
  const target =
    headers.get('type') === 'commit'
      ? (headers.get('object') ?? null)
      : (tags?.commits.get(hit.id) ?? null);
  return {
    place: {
      path: `(message of tag ${tags?.names.get(hit.id) ?? headers.get('tag') ?? hit.id})`,
      kind: 'tag-message',
      commit: target,
      author: tagger.who || null,
      authorDate: tagger.date,
    },
    blocks,
  };
}
