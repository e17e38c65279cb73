/** `per_page` / `page` and the `Link` header, as GitHub pages its lists. */
import type { RequestContext } from './server.js';

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** GitHub's ceiling for `per_page`; larger values are quietly lowered. */
export const MAX_PER_PAGE = 100;

export function paginate<T>(ctx: RequestContext, all: T[], cap = Infinity): Page<T> {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(ctx.query.per_page ?? 30) || 30));
  const page = Math.max(1, Number(ctx.query.page ?? 1) || 1);
  const reachable = all.slice(0, cap);
  const items = reachable.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(reachable.length / perPage));
  const link = (n: number): string => {
    const url = new URL(ctx.url.pathname + ctx.url.search, ctx.render.api);
    url.searchParams.set('page', String(n));
    return `<${url.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) parts.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
  if (page > 1) parts.push(`${link(1)}; rel="first"`);
  return { items, headers: parts.length ? { link: parts.join(', ') } : {} };
}
