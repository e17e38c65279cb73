/** Fault injection and the request log of the GitHub server. */

/** What a fault rule sees of a request (after routing and authentication). */
export interface FaultRequest {
  method: string;
  /** `METHOD /template`, e.g. `POST /repos/{owner}/{repo}/issues`; `METHOD /path` for unknown routes. */
  route: string;
  operationId: string | null;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The parsed JSON body (undefined when there is none or it does not parse). */
  body: unknown;
}

/**
 * Which requests a rule affects: a route template with or without the method
 * (`'POST /repos/{owner}/{repo}/issues'`, `'/search/issues'`), an operationId
 * (`'issues/create'`), a RegExp tested against `METHOD /template`, or a predicate.
 */
export type RouteMatcher = string | RegExp | ((request: FaultRequest) => boolean);

export interface GitHubFaultRule {
  method?: string;
  route?: RouteMatcher;
  /** Further narrowing on the request (e.g. one issue number). */
  when?: (request: FaultRequest) => boolean;
  /** The status to answer with (none: a latency-only or reset rule). */
  status?: number;
  /** The `message` of GitHub's error body (default: the status's usual text). */
  message?: string;
  /** Extra response headers; they replace the server's own (e.g. `x-ratelimit-remaining`). */
  headers?: Record<string, string>;
  /** A whole body instead of `{ message, documentation_url, status }`: JSON value, or a string sent as text/html. Not validated. */
  body?: unknown;
  /** `errors` of a 422 `Validation Failed` body. */
  errors?: Array<Record<string, unknown>>;
  /**
   * Answer as an exhausted primary rate limit: `x-ratelimit-remaining: 0` and
   * `x-ratelimit-reset` this many seconds after the answer.
   */
  rateLimitResetInSeconds?: number;
  /** Destroy the connection without an answer (ECONNRESET). */
  reset?: boolean;
  /** Delay before the request is handled or the fault answered. */
  latencyMs?: number;
  /** How many matching requests the rule affects (default 1; Infinity for all). */
  times?: number;
  /** Matching requests to let through before the rule starts (default 0). */
  skip?: number;
}

export interface FaultHandle {
  readonly hits: number;
  readonly remaining: number;
  remove(): void;
}

interface ActiveRule extends GitHubFaultRule {
  hits: number;
  seen: number;
}

export interface FaultDecision {
  latencyMs: number;
  rule: GitHubFaultRule | null;
}

function routeMatches(matcher: RouteMatcher | undefined, request: FaultRequest): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'function') return matcher(request);
  if (matcher instanceof RegExp) return matcher.test(request.route);
  if (matcher === request.operationId || matcher === request.route) return true;
  // A template without its method.
  return matcher.startsWith('/') && request.route.slice(request.method.length + 1) === matcher;
}

export interface RateLimitFaultOptions {
  method?: string;
  route?: RouteMatcher;
  when?: (request: FaultRequest) => boolean;
  times?: number;
  skip?: number;
  /** 403 (GitHub's usual) or 429. */
  status?: number;
}

export class GitHubFaults {
  private rules: ActiveRule[] = [];

  /** Adds a rule; the first matching rule with a status (or reset) decides the answer, latencies add up. */
  inject(rule: GitHubFaultRule): FaultHandle {
    const active: ActiveRule = { times: 1, skip: 0, ...rule, hits: 0, seen: 0 };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return Math.max(0, (active.times ?? 1) - active.hits);
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== active);
      },
    };
  }

  /**
   * The primary rate limit, as GitHub answers it: 403 with
   * `x-ratelimit-remaining: 0` and `x-ratelimit-reset` `resetInSeconds` ahead
   * (what @octokit/plugin-throttling's `onRateLimit` reacts to).
   */
  rateLimit(options: RateLimitFaultOptions & { resetInSeconds?: number } = {}): FaultHandle {
    const { resetInSeconds = 1, status = 403, ...match } = options;
    return this.inject({
      ...match,
      status,
      message: 'API rate limit exceeded for installation ID 1.',
      rateLimitResetInSeconds: resetInSeconds,
    });
  }

  /**
   * A secondary rate limit: 403 whose message says "secondary rate limit",
   * with `retry-after` (what `onSecondaryRateLimit` reacts to).
   */
  secondaryRateLimit(options: RateLimitFaultOptions & { retryAfter?: number } = {}): FaultHandle {
    const { retryAfter = 1, status = 403, ...match } = options;
    return this.inject({
      ...match,
      status,
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
      headers: { 'retry-after': String(retryAfter) },
    });
  }

  /** 500 (or 502, 503, 504) `times` times. */
  serverError(options: RateLimitFaultOptions = {}): FaultHandle {
    const { status = 500, ...match } = options;
    return this.inject({ ...match, status });
  }

  latency(ms: number, route?: RouteMatcher, times = Infinity): FaultHandle {
    return this.inject({ route, latencyMs: ms, times });
  }

  clear(): void {
    this.rules = [];
  }

  /** @internal The latency and the answering rule (if any) for one request. */
  take(request: FaultRequest): FaultDecision {
    let latencyMs = 0;
    let rule: GitHubFaultRule | null = null;
    for (const active of this.rules) {
      if (active.method && active.method.toUpperCase() !== request.method) continue;
      if (!routeMatches(active.route, request)) continue;
      if (active.when && !active.when(request)) continue;
      if (active.hits >= (active.times ?? 1)) continue;
      const answers = active.status !== undefined || active.reset === true;
      if (answers && rule) continue;
      active.seen += 1;
      if (active.seen <= (active.skip ?? 0)) continue;
      active.hits += 1;
      latencyMs += active.latencyMs ?? 0;
      if (answers) rule = active;
    }
    return { latencyMs, rule };
  }
}

export interface GitHubLogEntry {
  seq: number;
  at: Date;
  method: string;
  /** `METHOD /template` (`POST /repos/{owner}/{repo}/issues`); `METHOD /path` for unknown routes. */
  route: string;
  operationId: string | null;
  /** The request's path and query string as sent. */
  url: string;
  /** Decoded path parameters. */
  params: Record<string, unknown>;
  query: Record<string, string>;
  /** Parsed JSON body (raw text when it did not parse). */
  body: unknown;
  status: number;
  /** GitHub's `message` for error answers. */
  error?: string;
  /** Set when the answer came from an injected fault. */
  injected?: boolean;
  /** Set when the server's own response failed the OpenAPI check (a bug in the server). */
  bug?: string;
  /** The response body sent (parsed JSON). */
  response?: unknown;
  requestId: string;
  /** The token the request authenticated with. */
  token?: string;
  durationMs: number;
}

export type LogFilter = string | ((entry: GitHubLogEntry) => boolean);

function filterMatches(filter: LogFilter | undefined, entry: GitHubLogEntry): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(entry);
  return (
    filter === entry.route ||
    filter === entry.operationId ||
    (filter.startsWith('/') && entry.route.slice(entry.method.length + 1) === filter)
  );
}

export class GitHubRequestLog {
  readonly entries: GitHubLogEntry[] = [];
  private seq = 0;

  /** @internal */
  record(entry: Omit<GitHubLogEntry, 'seq'>): GitHubLogEntry {
    const full = { ...entry, seq: ++this.seq };
    this.entries.push(full);
    return full;
  }

  /** Entries for a route (`'POST /repos/{owner}/{repo}/issues'`, `'/search/issues'`), an operationId, or a predicate. */
  calls(filter?: LogFilter): GitHubLogEntry[] {
    return this.entries.filter((entry) => filterMatches(filter, entry));
  }

  count(filter?: LogFilter): number {
    return this.calls(filter).length;
  }

  last(filter?: LogFilter): GitHubLogEntry | undefined {
    const calls = this.calls(filter);
    return calls[calls.length - 1];
  }

  /** Responses of the server's that failed the OpenAPI check: should always be empty. */
  bugs(): GitHubLogEntry[] {
    return this.entries.filter((entry) => entry.bug !== undefined);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
