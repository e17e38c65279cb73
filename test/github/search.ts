/**
 * `GET /search/issues`: a small, strict reading of GitHub's issue search
 * syntax over the one repository. What it does not understand is a 501, so a
 * query that would silently mean something else on GitHub is noticed.
 */
import { paginate } from './pagination.js';
import { GitHubError, notImplemented, validationFailed, type Route } from './server.js';
import { issueJson, type IssueRecord } from './state.js';

/** GitHub refuses longer queries. */
export const MAX_QUERY_LENGTH = 256;
/** GitHub gives at most this many results per query. */
export const MAX_RESULTS = 1000;

/** Qualifiers GitHub knows for issues; the server implements the ones handled below. */
const KNOWN_QUALIFIERS = new Set([
  'repo',
  'org',
  'user',
  'is',
  'type',
  'in',
  'author',
  'assignee',
  'mentions',
  'commenter',
  'involves',
  'team',
  'state',
  'label',
  'milestone',
  'project',
  'status',
  'head',
  'base',
  'language',
  'comments',
  'interactions',
  'reactions',
  'created',
  'updated',
  'closed',
  'merged',
  'archived',
  'no',
  'linked',
  'sort',
  'review',
  'reviewed-by',
  'review-requested',
  'user-review-requested',
  'team-review-requested',
  'draft',
  'reason',
  'parent-issue',
  'sub-issue',
  'has',
]);

interface Term {
  negated: boolean;
  qualifier: string | null;
  value: string;
}

/** Words as a lexical index sees them: lower case, split at anything but letters, digits and `_`. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word !== '');
}

function containsPhrase(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function parseQuery(q: string): Term[] {
  const terms: Term[] = [];
  const pattern = /(-)?(?:([A-Za-z][A-Za-z-]*):)?(?:"([^"]*)"?|(\S+))/g;
  for (const match of q.matchAll(pattern)) {
    const [, minus, name, quoted, bare] = match;
    let qualifier = name?.toLowerCase() ?? null;
    let value = quoted ?? bare ?? '';
    if (qualifier && !KNOWN_QUALIFIERS.has(qualifier)) {
      // `foo:bar` with an unknown `foo` is plain text.
      value = `${name}:${value}`;
      qualifier = null;
    }
    if (!qualifier && quoted === undefined && /^(AND|OR|NOT)$/.test(value))
      throw notImplemented(`the boolean operator ${value} in search queries`);
    if (!qualifier && quoted === undefined && /[()]/.test(value))
      throw notImplemented('parentheses in search queries');
    terms.push({ negated: minus === '-', qualifier, value });
  }
  return terms;
}

type Predicate = (issue: IssueRecord) => boolean;

export const searchRoutes: Record<string, Route> = {
  'GET /search/issues': {
    handler: (ctx) => {
      const q = String(ctx.query.q);
      if (ctx.query.search_type !== undefined)
        throw notImplemented(`search_type=${String(ctx.query.search_type)}`);
      if (q.length > MAX_QUERY_LENGTH) {
        throw validationFailed({
          message: `The search is longer than ${MAX_QUERY_LENGTH} characters.`,
          resource: 'Search',
          field: 'q',
          code: 'invalid',
        });
      }
      const state = ctx.state;
      const terms = parseQuery(q);
      const filters: Predicate[] = [];
      const text: Array<{ negated: boolean; words: string[] }> = [];
      let fields: Array<'title' | 'body' | 'comments'> = ['title', 'body', 'comments'];
      let kind: 'issue' | 'pr' | null = null;
      let sort: { key: string; order: 'asc' | 'desc' } | null = null;
      const lower = (s: string): string => s.toLowerCase();
      const not = (p: Predicate, negated: boolean): Predicate =>
        negated ? (issue) => !p(issue) : p;

      for (const term of terms) {
        const value = term.value;
        switch (term.qualifier) {
          case null:
            text.push({ negated: term.negated, words: words(value) });
            break;
          case 'repo':
            if (lower(value) !== lower(`${state.owner}/${state.repo}`)) {
              throw validationFailed({
                message:
                  'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
                resource: 'Search',
                field: 'q',
                code: 'invalid',
              });
            }
            break;
          case 'is':
          case 'type':
          case 'state': {
            const v = lower(value);
            if (
              term.qualifier !== 'state' &&
              (v === 'issue' || v === 'pr' || v === 'pull-request')
            ) {
              const wanted = v === 'issue' ? 'issue' : 'pr';
              if (!term.negated) kind = wanted;
              filters.push(not((i) => i.pullRequest === (wanted === 'pr'), term.negated));
            } else if (term.qualifier !== 'type' && (v === 'open' || v === 'closed')) {
              filters.push(not((i) => i.state === v, term.negated));
            } else {
              throw notImplemented(`the search qualifier ${term.qualifier}:${value}`);
            }
            break;
          }
          case 'in': {
            const wanted = value.split(',').map(lower);
            if (!wanted.every((f) => f === 'title' || f === 'body' || f === 'comments'))
              throw notImplemented(`the search qualifier in:${value}`);
            fields = wanted as typeof fields;
            break;
          }
          case 'label': {
            // `label:a,b` is either label; several `label:` qualifiers are all required.
            const any = value.split(',').map(lower);
            filters.push(
              not((i) => i.labels.some((label) => any.includes(lower(label))), term.negated),
            );
            break;
          }
          case 'no':
            if (lower(value) === 'label')
              filters.push(not((i) => i.labels.length === 0, term.negated));
            else if (lower(value) === 'assignee')
              filters.push(not((i) => i.assignees.length === 0, term.negated));
            else throw notImplemented(`the search qualifier no:${value}`);
            break;
          case 'author':
            filters.push(not((i) => lower(i.user) === lower(value), term.negated));
            break;
          case 'assignee':
            filters.push(
              not((i) => i.assignees.some((a) => lower(a) === lower(value)), term.negated),
            );
            break;
          case 'sort': {
            const match = /^(created|updated|comments)(?:-(asc|desc))?$/.exec(lower(value));
            if (!match) throw notImplemented(`the search qualifier sort:${value}`);
            sort = { key: match[1] as string, order: (match[2] as 'asc' | 'desc') ?? 'desc' };
            break;
          }
          default:
            throw notImplemented(`the search qualifier ${term.qualifier}:`);
        }
      }
      // Since 2025 GitHub refuses issue searches that do not say which kind they want.
      if (kind === null)
        throw new GitHubError(422, "Query must include 'is:issue' or 'is:pull-request'");

      const visibleBefore = state.now().getTime() - state.searchIndexDelayMs;
      const matchesText = (issue: IssueRecord): boolean => {
        const haystacks: string[][] = [];
        if (fields.includes('title')) haystacks.push(words(issue.title));
        if (fields.includes('body')) haystacks.push(words(issue.body ?? ''));
        if (fields.includes('comments'))
          for (const comment of issue.comments) haystacks.push(words(comment.body));
        return text.every(({ negated, words: needle }) => {
          const found = haystacks.some((hay) => containsPhrase(hay, needle));
          return negated ? !found : found;
        });
      };
      let found = state.issues.filter(
        (issue) =>
          issue.createdAt.getTime() <= visibleBefore &&
          filters.every((filter) => filter(issue)) &&
          matchesText(issue),
      );
      sort ??=
        ctx.query.sort === 'created' ||
        ctx.query.sort === 'updated' ||
        ctx.query.sort === 'comments'
          ? { key: String(ctx.query.sort), order: ctx.query.order === 'asc' ? 'asc' : 'desc' }
          : null;
      const by = sort;
      const key = (i: IssueRecord): number =>
        by?.key === 'updated'
          ? i.updatedAt.getTime()
          : by?.key === 'comments'
            ? i.comments.length
            : i.createdAt.getTime();
      const sign = by?.order === 'asc' ? 1 : -1;
      found = found.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
      const page = paginate(ctx, found, MAX_RESULTS);
      return {
        status: 200,
        headers: page.headers,
        body: {
          total_count: found.length,
          incomplete_results: false,
          items: page.items.map((issue) => issueJson(ctx.render, issue, { search: true })),
          search_type: 'lexical',
        },
      };
    },
  },
};
