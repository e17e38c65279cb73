/**
 * A local GitHub REST API server for tests: a loopback HTTP server that
 * answers the requests production code sends through an unmodified Octokit
 * pointed at it by `GITHUB_API_URL` / `baseUrl`. See README.md.
 *
 * ```ts
 * const gh = await startGitHubServer({ owner: 'acme', repo: 'infra', token: 'ghs_test' });
 * process.env.GITHUB_API_URL = gh.url;
 * // … run the code under test …
 * expect(gh.state.issues).toHaveLength(1);
 * expect(gh.state.repoSecret('DEPLOY_KEY')?.plaintext).toBe(newKey);
 * await gh.stop();
 * ```
 */
import sodium from 'libsodium-wrappers';
import { GitHubFaults, GitHubRequestLog } from './faults.js';
import { issueRoutes } from './issues.js';
import { openApiDocument, operationByRoute } from './openapi.js';
import { repoRoutes } from './repos.js';
import { searchRoutes } from './search.js';
import { secretRoutes } from './secrets.js';
import { startServer, type Route } from './server.js';
import { GitHubState, type Permissions, type RateResource, type TokenSpec } from './state.js';

export { GitHubFaults, GitHubRequestLog } from './faults.js';
export type { FaultHandle, FaultRequest, GitHubFaultRule, GitHubLogEntry } from './faults.js';
export {
  ALL_PERMISSIONS,
  GITHUB_TOKEN_PERMISSIONS,
  READ_ONLY_PERMISSIONS,
  GitHubState,
} from './state.js';
export type {
  CommentRecord,
  EnvironmentRecord,
  IssueRecord,
  LabelRecord,
  PermissionLevel,
  PermissionName,
  Permissions,
  SealedKeyPair,
  SecretRecord,
  SecretScope,
  TokenSpec,
} from './state.js';
export { validateComponent } from './openapi.js';

export interface GitHubServerOptions {
  owner: string;
  repo: string;
  /** The bearer token the server accepts (sent as `token X` or `Bearer X`). */
  token: string;
  /** What `token` may do (default: everything). `GITHUB_TOKEN_PERMISSIONS` is a workflow token with `issues: write`. */
  permissions?: Partial<Permissions>;
  /** Who `token` acts as (default: `github-actions[bot]` for `ghs_` tokens). */
  login?: string;
  /** More accepted tokens. */
  tokens?: Record<string, TokenSpec>;
  /** Organizations that exist (organization secrets); the owner is one if listed. */
  orgs?: string[];
  /** Deployment environments of the repository (environment secrets). */
  environments?: string[];
  /** Start with GitHub's nine default labels (`bug`, `documentation`, …). Default true. */
  defaultLabels?: boolean;
  /** Limits advertised in `x-ratelimit-*` (default: core 5000/hour, search 30/minute). */
  rateLimits?: Partial<Record<RateResource, number>>;
  /** Answer 403 once a limit is used up, as GitHub does. Default false (counts only). */
  enforceRateLimits?: boolean;
  /** Search sees a new issue only this long after it is created. Default 0. */
  searchIndexDelayMs?: number;
  /** Base of `html_url`s. Default https://github.com. */
  htmlUrl?: string;
  now?: () => Date;
}

export interface GitHubServer {
  /** Base URL for `GITHUB_API_URL` / Octokit's `baseUrl`, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  owner: string;
  repo: string;
  token: string;
  state: GitHubState;
  log: GitHubRequestLog;
  faults: GitHubFaults;
  stop(): Promise<void>;
}

const RATE_LIMIT_ROUTE: Route = {
  handler: (ctx) => {
    const json = (resource: RateResource) => {
      const c = ctx.state.rateCounter(resource);
      return {
        limit: c.limit,
        used: c.used,
        remaining: Math.max(0, c.limit - c.used),
        reset: c.reset,
      };
    };
    const core = json('core');
    return {
      status: 200,
      body: {
        resources: {
          core,
          search: json('search'),
          graphql: { ...core, used: 0, remaining: core.limit },
        },
        rate: core,
      },
    };
  },
};

/** Every route the server answers; the rest of GitHub's description answers 501. */
export const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ...Object.entries(issueRoutes),
  ...Object.entries(searchRoutes),
  ...Object.entries(repoRoutes),
  ...Object.entries(secretRoutes),
  ['GET /rate_limit', RATE_LIMIT_ROUTE],
]);

export async function startGitHubServer(options: GitHubServerOptions): Promise<GitHubServer> {
  await sodium.ready;
  openApiDocument();
  // A route the description does not have would never be reached: fail at once.
  for (const route of ROUTES.keys()) operationByRoute(route);
  const state = new GitHubState({
    owner: options.owner,
    repo: options.repo,
    orgs: options.orgs ?? [],
    environments: options.environments ?? [],
    defaultLabels: options.defaultLabels ?? true,
    now: options.now ?? (() => new Date()),
    rateLimits: { core: 5000, search: 30, ...options.rateLimits },
  });
  state.searchIndexDelayMs = options.searchIndexDelayMs ?? 0;
  state.addToken(options.token, { login: options.login, permissions: options.permissions });
  for (const [token, spec] of Object.entries(options.tokens ?? {})) state.addToken(token, spec);
  const faults = new GitHubFaults();
  const log = new GitHubRequestLog();
  const server = await startServer({
    state,
    faults,
    log,
    routes: new Map(ROUTES),
    html: options.htmlUrl ?? 'https://github.com',
    enforceRateLimits: options.enforceRateLimits ?? false,
  });
  return {
    url: server.url,
    owner: options.owner,
    repo: options.repo,
    token: options.token,
    state,
    log,
    faults,
    stop: () => server.close(),
  };
}

/** The environment a workflow step sees, pointing at the server. */
export function githubEnv(gh: GitHubServer): Record<string, string> {
  return {
    GITHUB_API_URL: gh.url,
    GITHUB_TOKEN: gh.token,
    GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
    GITHUB_REPOSITORY_OWNER: gh.owner,
  };
}
