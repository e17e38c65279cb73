/**
 * The loopback HTTP server: route by GitHub's OpenAPI paths, authenticate the
 * token, apply injected faults and the rate limit, check the repository or
 * organization exists, check the token's permissions, validate the request,
 * run the handler, validate the answer, add GitHub's headers, and log.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultRequest, GitHubFaults, GitHubRequestLog } from './faults.js';
import {
  describeBodyErrors,
  matchRoute,
  validateBody,
  validateParams,
  validateResponse,
  type OperationSpec,
} from './openapi.js';
import type {
  GitHubState,
  PermissionLevel,
  PermissionName,
  RateResource,
  RenderContext,
  TokenIdentity,
} from './state.js';

/** An answer in GitHub's error shape: `{ message, documentation_url, status, errors? }`. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: {
      errors?: Array<Record<string, unknown>>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }
}

/** 422 `Validation Failed` with GitHub's `errors` entries. */
export const validationFailed = (...errors: Array<Record<string, unknown>>): GitHubError =>
  new GitHubError(422, 'Validation Failed', { errors });

export const notFound = (): GitHubError => new GitHubError(404, 'Not Found');

/** The emulator lacks this (an operation, a filter, a search qualifier): a 501 so tests notice. */
export const notImplemented = (what: string): GitHubError =>
  new GitHubError(501, `EmulatorNotImplemented: the GitHub test server does not implement ${what}`);

export interface RequestContext {
  op: OperationSpec;
  /** Decoded path parameters, coerced to their declared types. */
  params: Record<string, unknown>;
  /** Query parameters, coerced, with the declared defaults filled in. */
  query: Record<string, unknown>;
  // Handlers narrow the validated body themselves.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  identity: TokenIdentity;
  state: GitHubState;
  render: RenderContext;
  /** The request URL (for Link headers). */
  url: URL;
  requestId: string;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  handler: (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;
  /** Permissions of which any one suffices (GitHub's `x-accepted-github-permissions`). */
  permissions?: Array<[PermissionName, Exclude<PermissionLevel, 'none'>]>;
}

export interface ServerOptions {
  state: GitHubState;
  faults: GitHubFaults;
  log: GitHubRequestLog;
  routes: Map<string, Route>;
  html: string;
  enforceRateLimits: boolean;
}

/** What is known of a request while it is handled (logged at the end). */
interface Pending {
  route: string;
  operationId: string | null;
  params: Record<string, unknown>;
  query: Record<string, string>;
  body: unknown;
  token?: string;
  op?: OperationSpec;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  /** JSON value, or a string sent as is (text/html). */
  body?: unknown;
  error?: string;
  injected?: boolean;
  /** A test's own fault body: sent as is, not checked against the description. */
  custom?: boolean;
  bug?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Like GitHub's `x-github-request-id`: `C0DE:1F2E3:4A5B6C:7D8E9F:65A1B2C3`. */
function requestIdOf(): string {
  const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();
  return `${hex(2)}:${hex(2).slice(1)}${hex(1)}:${hex(3)}:${hex(3)}:${hex(4)}`;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Bad credentials',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  422: 'Validation Failed',
  429: 'Too Many Requests',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const RESOURCE_OF: Record<string, string> = {
  issues: 'Issue',
  search: 'Search',
  actions: 'Secret',
  'rate-limit': 'RateLimit',
};

function resourceName(op: OperationSpec): string {
  if (op.operationId.includes('comment')) return 'IssueComment';
  if (op.operationId.includes('label')) return 'Label';
  return RESOURCE_OF[op.operationId.split('/')[0] ?? ''] ?? 'Resource';
}

function errorBody(
  status: number,
  message: string,
  docsUrl: string,
  errors?: Array<Record<string, unknown>>,
): Record<string, unknown> {
  const body: Record<string, unknown> = { message, documentation_url: docsUrl };
  if (errors) body.errors = errors;
  body.status = String(status);
  return body;
}

export async function startServer(
  options: ServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const { state, faults, log, routes } = options;
  const render: RenderContext = { api: '', html: options.html, state };

  const rateHeaders = (resource: RateResource): Record<string, string> => {
    const counter = state.rateCounter(resource);
    return {
      'x-ratelimit-limit': String(counter.limit),
      'x-ratelimit-remaining': String(Math.max(0, counter.limit - counter.used)),
      'x-ratelimit-reset': String(counter.reset),
      'x-ratelimit-used': String(counter.used),
      'x-ratelimit-resource': resource,
    };
  };

  const handle = async (
    req: IncomingMessage,
    raw: Buffer,
    url: URL,
    requestId: string,
    entry: Pending,
    destroy: () => void,
  ): Promise<Reply | null> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    const fail = (
      status: number,
      message: string,
      docs = 'https://docs.github.com/rest',
      errors?: Array<Record<string, unknown>>,
    ): Reply => ({
      status,
      headers,
      body: errorBody(status, message, docs, errors),
      error: message,
    });

    const match = matchRoute(method, url.pathname);
    if (match.kind === 'unknown') return fail(404, 'Not Found');
    const op = match.operation;
    entry.op = op;
    entry.route = op.route;
    entry.operationId = op.operationId;
    const docs = op.docsUrl;

    // Path parameters: percent-decoded; a malformed or mistyped one is a 404, as on GitHub.
    const params: Record<string, unknown> = {};
    let pathOk = true;
    for (const [name, value] of Object.entries(match.rawParams)) {
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        pathOk = false;
      }
    }
    entry.params = { ...params };

    let body: unknown;
    let bodyParses = true;
    const text = raw.toString('utf8');
    if (raw.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        bodyParses = false;
        body = text;
      }
    }
    entry.body = body;

    // Authentication: `token X` (what Octokit sends) or `Bearer X`.
    const authorization = String(req.headers.authorization ?? '');
    const presented = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization)?.[1];
    const resource: RateResource | null =
      op.template === '/rate_limit' ? null : op.template.startsWith('/search/') ? 'search' : 'core';
    Object.assign(headers, rateHeaders(resource ?? 'core'));
    if (!presented) return fail(401, 'Requires authentication', docs);
    const identity = state.tokens.get(presented);
    if (!identity) return fail(401, 'Bad credentials', 'https://docs.github.com/rest');
    entry.token = presented;

    if (resource) {
      const counter = state.rateCounter(resource);
      counter.used += 1;
      Object.assign(headers, rateHeaders(resource));
    }

    // Faults.
    const faultRequest: FaultRequest = {
      method,
      route: op.route,
      operationId: op.operationId,
      path: url.pathname,
      params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
      query: entry.query,
      body: bodyParses ? body : undefined,
    };
    const fault = faults.take(faultRequest);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    const rule = fault.rule;
    if (rule?.reset) {
      destroy();
      return null;
    }
    if (rule && rule.status !== undefined) {
      const status = rule.status;
      if (rule.rateLimitResetInSeconds !== undefined) {
        headers['x-ratelimit-remaining'] = '0';
        headers['x-ratelimit-reset'] = String(
          Math.floor(state.now().getTime() / 1000) + rule.rateLimitResetInSeconds,
        );
      }
      Object.assign(headers, rule.headers ?? {});
      const message = rule.message ?? STATUS_TEXT[status] ?? 'Error';
      if (rule.body !== undefined) {
        return { status, headers, body: rule.body, error: message, injected: true, custom: true };
      }
      const rateDocs =
        rule.rateLimitResetInSeconds !== undefined || /rate limit/i.test(message)
          ? 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
          : docs;
      return { ...fail(status, message, rateDocs, rule.errors), injected: true };
    }

    // The primary rate limit, when enforced.
    if (resource && options.enforceRateLimits) {
      const counter = state.rateCounter(resource);
      if (counter.used > counter.limit) {
        headers['x-ratelimit-remaining'] = '0';
        headers['x-ratelimit-used'] = String(counter.limit);
        return fail(
          403,
          `API rate limit exceeded for user ID ${state.user(identity.login).id}.`,
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        );
      }
    }

    // The repository or organization must be this server's.
    if (!pathOk) return fail(404, 'Not Found', docs);
    if ('owner' in params || 'repo' in params) {
      const same = (a: unknown, b: string): boolean => String(a).toLowerCase() === b.toLowerCase();
      if (!same(params.owner, state.owner) || !same(params.repo, state.repo))
        return fail(404, 'Not Found', docs);
    }
    if (
      'org' in params &&
      !state.orgs.some((org) => org.toLowerCase() === String(params.org).toLowerCase())
    )
      return fail(404, 'Not Found', docs);
    if (validateParams(op, 'path', params)) return fail(404, 'Not Found', docs);

    const route = routes.get(op.route);
    if (!route) return fail(501, notImplemented(`${op.operationId} (${op.route})`).message, docs);

    // Permissions (GitHub checks them before the body).
    if (route.permissions?.length) {
      const rank = { none: 0, read: 1, write: 2 } as const;
      const allowed = route.permissions.some(
        ([name, level]) => rank[identity.permissions[name]] >= rank[level],
      );
      if (!allowed) {
        headers['x-accepted-github-permissions'] = route.permissions
          .map(([n, l]) => `${n}=${l}`)
          .join('; ');
        const who = presented.startsWith('github_pat_') ? 'personal access token' : 'integration';
        return fail(403, `Resource not accessible by ${who}`, docs);
      }
    }

    // Query parameters.
    const query: Record<string, unknown> = { ...entry.query };
    const badQuery = validateParams(op, 'query', query);
    if (badQuery) {
      const errors = badQuery.errors.map((error) => {
        const field =
          error.instancePath.split('/')[1] ??
          String((error.params as Record<string, unknown>).missingProperty ?? '');
        const value = entry.query[field];
        const item: Record<string, unknown> = {
          resource: resourceName(op),
          field,
          code: value === undefined ? 'missing' : 'invalid',
        };
        if (value !== undefined) item.value = value;
        return item;
      });
      return fail(422, 'Validation Failed', docs, errors);
    }

    // The JSON body.
    if (op.body?.schema) {
      if (!bodyParses) return fail(400, 'Problems parsing JSON', docs);
      if (body === undefined) body = {};
      const bad = validateBody(op, body);
      if (bad) {
        return fail(
          422,
          `Invalid request.\n\n${describeBodyErrors(bad.errors, body).join('\n')}`,
          docs,
        );
      }
    }

    try {
      const result = await route.handler({
        op,
        params,
        query,
        body,
        identity,
        state,
        render,
        url,
        requestId,
      });
      Object.assign(headers, result.headers ?? {});
      return { status: result.status, headers, body: result.body };
    } catch (error) {
      if (error instanceof GitHubError) {
        Object.assign(headers, error.extra.headers ?? {});
        return fail(error.status, error.message, docs, error.extra.errors);
      }
      throw error;
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const started = Date.now();
      const requestId = requestIdOf();
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', render.api);
      const method = (req.method ?? 'GET').toUpperCase();
      const entry = {
        route: `${method} ${url.pathname}`,
        operationId: null,
        params: {},
        query: Object.fromEntries(url.searchParams.entries()),
        body: undefined,
      } as Pending;
      let reply: Reply | null;
      try {
        reply = await handle(req, raw, url, requestId, entry, () => req.socket.destroy());
      } catch (error) {
        console.error(`[github-server] ${entry.route} failed:`, error);
        const message = `emulator bug: ${error instanceof Error ? error.message : String(error)}`;
        reply = { status: 500, headers: {}, body: { message }, error: message, bug: message };
      }
      if (reply === null) {
        const resetEntry: Pending = { ...entry };
        delete resetEntry.op;
        log.record({
          at: new Date(started),
          method,
          ...resetEntry,
          url: req.url ?? '/',
          status: 0,
          error: 'ECONNRESET',
          injected: true,
          requestId,
          durationMs: Date.now() - started,
        });
        return;
      }
      // Every answer the server itself composes must match GitHub's description.
      const { op, ...logged } = entry;
      if (op && !reply.bug && !reply.custom) {
        const problem = validateResponse(op, reply.status, reply.body);
        if (problem) {
          const message = `emulator bug: the ${reply.status} answer to ${op.route} does not match GitHub's OpenAPI description: ${problem}`;
          console.error(`[github-server] ${message}`);
          reply = {
            status: 500,
            headers: reply.headers,
            body: { message },
            error: message,
            bug: message,
          };
        }
      }
      const headers: Record<string, string> = {
        date: new Date().toUTCString(),
        server: 'github.com',
        'x-github-request-id': requestId,
        'x-github-api-version-selected': '2022-11-28',
        'x-github-media-type': 'github.v3; format=json',
        // Unknown routes and the server's own failures still carry the rate limit.
        ...rateHeaders('core'),
        ...reply.headers,
      };
      let payload = '';
      if (typeof reply.body === 'string') {
        payload = reply.body;
        headers['content-type'] ??= 'text/html; charset=utf-8';
      } else if (reply.body !== undefined) {
        payload = JSON.stringify(reply.body, null, 2);
        headers['content-type'] = 'application/json; charset=utf-8';
      }
      headers['content-length'] = String(Buffer.byteLength(payload));
      log.record({
        at: new Date(started),
        method,
        ...logged,
        url: req.url ?? '/',
        status: reply.status,
        error: reply.error,
        injected: reply.injected,
        bug: reply.bug,
        response: reply.body,
        requestId,
        durationMs: Date.now() - started,
      });
      res.writeHead(reply.status, headers);
      res.end(payload);
    })().catch((error: unknown) => {
      console.error('[github-server] request failed:', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const url = await listen(server);
  render.api = url;
  return { url, close: () => closeServer(server) };
}
