/** EC2-style filters: values OR'ed, filters AND'ed, `*` and `?` wildcards. */
import { AwsError } from './core/errors.js';

const cache = new Map<string, RegExp>();

export function wildcard(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      's',
    );
    cache.set(pattern, re);
  }
  return re;
}

/** IAM StringLike: `*` and `?` wildcards, case-sensitive. */
export function stringLike(pattern: string, value: string): boolean {
  return wildcard(pattern).test(value);
}

export interface FilterInput {
  Name?: string;
  Values?: string[];
}

/**
 * Applies filters to items. `fields(item, name)` returns the item's values
 * for a filter name; `valid(name)` says whether the service knows the filter.
 */
export function applyFilters<T>(
  items: T[],
  filters: FilterInput[] | undefined,
  valid: (name: string) => boolean,
  fields: (item: T, name: string) => (string | undefined)[],
): T[] {
  if (!filters?.length) return items;
  for (const filter of filters) {
    const name = filter.Name ?? '';
    if (!valid(name))
      throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
  }
  return items.filter((item) =>
    filters.every((filter) => {
      const values = fields(item, filter.Name ?? '');
      const patterns = (filter.Values ?? []).map(wildcard);
      return values.some((value) => value !== undefined && patterns.some((p) => p.test(value)));
    }),
  );
}

export const isTagFilter = (name: string): boolean =>
  name.startsWith('tag:') || name === 'tag-key' || name === 'tag-value';

export function tagFields(tags: Record<string, string>, name: string): string[] {
  if (name.startsWith('tag:')) {
    const value = tags[name.slice(4)];
    return value === undefined ? [] : [value];
  }
  if (name === 'tag-key') return Object.keys(tags);
  if (name === 'tag-value') return Object.values(tags);
  return [];
}

/** Opaque page tokens bound to the request that made them. */
export function encodeToken(offset: number, bind: string): string {
  return Buffer.from(JSON.stringify({ o: offset, b: bind })).toString('base64url');
}

export function decodeToken(token: string, bind: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      o?: unknown;
      b?: unknown;
    };
    if (typeof parsed.o !== 'number' || parsed.b !== bind) return null;
    return parsed.o;
  } catch {
    return null;
  }
}
