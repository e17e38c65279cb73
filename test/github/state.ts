/**
 * What the GitHub server holds: one repository's issues, comments and labels,
 * its environments, Actions secrets at repository, environment and
 * organization scope (with the Curve25519 key pair of each scope), the users
 * that tokens act as, and the rate-limit counters. Tests read and change it
 * freely; the JSON renderers turn records into GitHub's REST shapes.
 */
import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers';

export type PermissionLevel = 'none' | 'read' | 'write';
export type PermissionName =
  'issues' | 'pull_requests' | 'metadata' | 'secrets' | 'environments' | 'organization_secrets';
export type Permissions = Record<PermissionName, PermissionLevel>;

/** A token that may do everything the server offers (a PAT or app token with every permission). */
export const ALL_PERMISSIONS: Permissions = {
  issues: 'write',
  pull_requests: 'write',
  metadata: 'read',
  secrets: 'write',
  environments: 'write',
  organization_secrets: 'write',
};

/**
 * A workflow's GITHUB_TOKEN with `permissions: { issues: write }`: it can never
 * read or write Actions secrets (GitHub answers 403 "Resource not accessible by integration").
 */
export const GITHUB_TOKEN_PERMISSIONS: Permissions = {
  issues: 'write',
  pull_requests: 'none',
  metadata: 'read',
  secrets: 'none',
  environments: 'none',
  organization_secrets: 'none',
};

/** GITHUB_TOKEN with the default read-only permissions (`contents: read`, `issues: read`, …). */
export const READ_ONLY_PERMISSIONS: Permissions = {
  ...GITHUB_TOKEN_PERMISSIONS,
  issues: 'read',
  pull_requests: 'read',
};

export interface TokenSpec {
  /** Who the token acts as (author of issues and comments). */
  login?: string;
  /** Permissions; missing names are `none` (metadata is always `read`). */
  permissions?: Partial<Permissions>;
}

export interface TokenIdentity {
  token: string;
  login: string;
  permissions: Permissions;
}

export interface UserRecord {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface LabelRecord {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface CommentRecord {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface IssueRecord {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  /** Label names, in the order they were applied. */
  labels: string[];
  assignees: string[];
  user: string;
  comments: CommentRecord[];
  locked: boolean;
  /** A pull request (GitHub lists them among issues; search `is:issue` leaves them out). */
  pullRequest: boolean;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
}

export interface SecretRecord {
  name: string;
  /** The `encrypted_value` as uploaded (base64 sealed box). */
  encryptedValue: string;
  keyId: string;
  /** What the sealed box decrypted to, as UTF-8 text. */
  plaintext: string;
  plaintextBytes: Uint8Array;
  createdAt: Date;
  updatedAt: Date;
  /** Organization secrets only. */
  visibility?: 'all' | 'private' | 'selected';
  selectedRepositoryIds?: number[];
}

export interface EnvironmentRecord {
  id: number;
  nodeId: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SealedKeyPair {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  /** `key` as GitHub publishes it (standard base64). */
  key: string;
}

export type SecretScope =
  { type: 'repo' } | { type: 'env'; environment: string } | { type: 'org'; org: string };

export type RateResource = 'core' | 'search';

export interface RateCounter {
  limit: number;
  used: number;
  /** Epoch seconds at which `used` goes back to 0. */
  reset: number;
  windowSeconds: number;
}

const DEFAULT_LABELS: Array<[string, string, string]> = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['duplicate', 'cfd3d7', 'This issue or pull request already exists'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['invalid', 'e4e669', "This doesn't seem right"],
  ['question', 'd876e3', 'Further information is requested'],
  ['wontfix', 'ffffff', 'This will not be worked on'],
];

const GITHUB_ACTIONS_BOT: UserRecord = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

const nodeId = (prefix: string, id: number): string =>
  `${prefix}_kwDO${Buffer.from(`${prefix}${id}`).toString('base64url')}`;

/** Timestamps as GitHub writes them: seconds, `Z`. */
export const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface StateOptions {
  owner: string;
  repo: string;
  orgs: string[];
  environments: string[];
  defaultLabels: boolean;
  now: () => Date;
  rateLimits: Record<RateResource, number>;
}

export class GitHubState {
  readonly owner: string;
  readonly repo: string;
  readonly repoId = 900_000_000 + Math.floor(Math.random() * 90_000_000);
  /** What `GET /repos/{owner}/{repo}` says (`private` follows it). */
  repoVisibility: 'public' | 'private' | 'internal' = 'private';
  readonly orgs: string[];
  readonly issues: IssueRecord[] = [];
  readonly labels: LabelRecord[] = [];
  readonly environments = new Map<string, EnvironmentRecord>();
  readonly secrets = {
    repo: new Map<string, SecretRecord>(),
    /** environment name → secret name → secret */
    env: new Map<string, Map<string, SecretRecord>>(),
    /** organization → secret name → secret */
    org: new Map<string, Map<string, SecretRecord>>(),
  };
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, TokenIdentity>();
  readonly rate: Record<RateResource, RateCounter>;
  /** Search sees an issue only this long after it was created (GitHub's index lags). */
  searchIndexDelayMs = 0;

  private readonly keys = new Map<string, SealedKeyPair>();
  private nextNumber = 1;
  private nextId = 1;
  readonly now: () => Date;

  constructor(options: StateOptions) {
    this.owner = options.owner;
    this.repo = options.repo;
    this.orgs = [...options.orgs];
    this.now = options.now;
    const nowSeconds = Math.floor(options.now().getTime() / 1000);
    this.rate = {
      core: {
        limit: options.rateLimits.core,
        used: 0,
        reset: nowSeconds + 3600,
        windowSeconds: 3600,
      },
      search: {
        limit: options.rateLimits.search,
        used: 0,
        reset: nowSeconds + 60,
        windowSeconds: 60,
      },
    };
    this.users.set(GITHUB_ACTIONS_BOT.login, GITHUB_ACTIONS_BOT);
    this.user(options.owner, options.orgs.includes(options.owner) ? 'Organization' : 'User');
    for (const org of options.orgs) this.user(org, 'Organization');
    if (options.defaultLabels) {
      for (const [name, color, description] of DEFAULT_LABELS)
        this.addLabel({ name, color, description, default: true });
    }
    for (const name of options.environments) this.addEnvironment(name);
  }

  private id(): number {
    return this.nextId++;
  }

  /** The user record for a login (made up on first use). */
  user(login: string, type?: UserRecord['type']): UserRecord {
    let user = this.users.get(login);
    if (!user) {
      user = {
        login,
        id: 10_000_000 + this.users.size * 7919,
        type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User'),
      };
      this.users.set(login, user);
    }
    return user;
  }

  /** Adds (or replaces) an accepted token. */
  addToken(token: string, spec: TokenSpec = {}): TokenIdentity {
    const login =
      spec.login ?? (token.startsWith('ghs_') ? GITHUB_ACTIONS_BOT.login : 'ec2-key-rotate-test');
    this.user(login);
    const permissions: Permissions = {
      issues: 'none',
      pull_requests: 'none',
      secrets: 'none',
      environments: 'none',
      organization_secrets: 'none',
      ...(spec.permissions ?? ALL_PERMISSIONS),
      metadata: 'read',
    };
    const identity = { token, login, permissions };
    this.tokens.set(token, identity);
    return identity;
  }

  // ── issues ──

  issue(number: number): IssueRecord | undefined {
    return this.issues.find((issue) => issue.number === number);
  }

  /** Adds an issue as if someone had opened it (labels that do not exist are created). */
  addIssue(spec: {
    title: string;
    body?: string | null;
    labels?: string[];
    state?: 'open' | 'closed';
    user?: string;
    assignees?: string[];
    pullRequest?: boolean;
    createdAt?: Date;
    comments?: string[];
  }): IssueRecord {
    const at = spec.createdAt ?? this.now();
    const id = 2_100_000_000 + this.id();
    const issue: IssueRecord = {
      id,
      nodeId: nodeId(spec.pullRequest ? 'PR' : 'I', id),
      number: this.nextNumber++,
      title: spec.title,
      body: spec.body ?? null,
      state: spec.state ?? 'open',
      stateReason: spec.state === 'closed' ? 'completed' : null,
      labels: this.ensureLabels(spec.labels ?? []),
      assignees: spec.assignees ?? [],
      user: spec.user ?? this.owner,
      comments: [],
      locked: false,
      pullRequest: spec.pullRequest ?? false,
      createdAt: at,
      updatedAt: at,
      closedAt: spec.state === 'closed' ? at : null,
      closedBy: spec.state === 'closed' ? (spec.user ?? this.owner) : null,
    };
    this.user(issue.user);
    this.issues.push(issue);
    for (const body of spec.comments ?? []) this.addComment(issue.number, body);
    return issue;
  }

  comment(id: number): CommentRecord | undefined {
    for (const issue of this.issues) {
      const found = issue.comments.find((c) => c.id === id);
      if (found) return found;
    }
    return undefined;
  }

  addComment(issueNumber: number, body: string, user = this.owner): CommentRecord {
    const issue = this.issue(issueNumber);
    if (!issue) throw new Error(`no issue #${issueNumber}`);
    const at = this.now();
    const id = 1_500_000_000 + this.id();
    const comment: CommentRecord = {
      id,
      nodeId: nodeId('IC', id),
      issueNumber,
      body,
      user,
      createdAt: at,
      updatedAt: at,
    };
    this.user(user);
    issue.comments.push(comment);
    issue.updatedAt = at;
    return comment;
  }

  // ── labels ──

  label(name: string): LabelRecord | undefined {
    const lower = name.toLowerCase();
    return this.labels.find((label) => label.name.toLowerCase() === lower);
  }

  addLabel(spec: {
    name: string;
    color?: string;
    description?: string | null;
    default?: boolean;
  }): LabelRecord {
    if (this.label(spec.name)) throw new Error(`label ${spec.name} exists`);
    const id = 5_000_000_000 + this.id();
    const label: LabelRecord = {
      id,
      nodeId: nodeId('LA', id),
      name: spec.name,
      color: spec.color ?? 'ededed',
      description: spec.description ?? null,
      default: spec.default ?? false,
    };
    this.labels.push(label);
    return label;
  }

  /** Label names as stored on an issue, creating the missing labels as GitHub does. */
  ensureLabels(names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      const label = this.label(name) ?? this.addLabel({ name });
      if (!out.includes(label.name)) out.push(label.name);
    }
    return out;
  }

  // ── environments and secrets ──

  addEnvironment(name: string): EnvironmentRecord {
    const existing = this.environments.get(name);
    if (existing) return existing;
    const at = this.now();
    const id = 160_000_000 + this.id();
    const env = { id, nodeId: nodeId('EN', id), name, createdAt: at, updatedAt: at };
    this.environments.set(name, env);
    return env;
  }

  environment(name: string): EnvironmentRecord | undefined {
    // Environment names are not case sensitive.
    const lower = name.toLowerCase();
    return [...this.environments.values()].find((env) => env.name.toLowerCase() === lower);
  }

  private scopeKey(scope: SecretScope): string {
    if (scope.type === 'repo') return 'repo';
    if (scope.type === 'env') return `env:${scope.environment.toLowerCase()}`;
    return `org:${scope.org.toLowerCase()}`;
  }

  /** The scope's Curve25519 key pair (libsodium `crypto_box`), made on first use. */
  publicKey(scope: SecretScope): SealedKeyPair {
    const key = this.scopeKey(scope);
    let pair = this.keys.get(key);
    if (!pair) {
      pair = newKeyPair();
      this.keys.set(key, pair);
    }
    return pair;
  }

  /** Replaces the scope's key pair: uploads sealed for the old key are then refused with 422. */
  rotatePublicKey(scope: SecretScope): SealedKeyPair {
    const pair = newKeyPair();
    this.keys.set(this.scopeKey(scope), pair);
    return pair;
  }

  /** The secrets of a scope (created empty on first use). */
  secretsOf(scope: SecretScope): Map<string, SecretRecord> {
    if (scope.type === 'repo') return this.secrets.repo;
    const [outer, name] =
      scope.type === 'env'
        ? [this.secrets.env, this.environment(scope.environment)?.name ?? scope.environment]
        : [this.secrets.org, scope.org.toLowerCase()];
    let map = outer.get(name);
    if (!map) {
      map = new Map();
      outer.set(name, map);
    }
    return map;
  }

  repoSecret(name: string): SecretRecord | undefined {
    return this.secrets.repo.get(name.toUpperCase());
  }

  envSecret(environment: string, name: string): SecretRecord | undefined {
    const env = this.environment(environment);
    return env ? this.secrets.env.get(env.name)?.get(name.toUpperCase()) : undefined;
  }

  orgSecret(org: string, name: string): SecretRecord | undefined {
    return this.secrets.org.get(org.toLowerCase())?.get(name.toUpperCase());
  }

  // ── rate limits ──

  /** The counter of a resource, its window rolled over when due. */
  rateCounter(resource: RateResource): RateCounter {
    const counter = this.rate[resource];
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    if (nowSeconds >= counter.reset) {
      counter.used = 0;
      counter.reset = nowSeconds + counter.windowSeconds;
    }
    return counter;
  }
}

function newKeyPair(): SealedKeyPair {
  const pair = sodium.crypto_box_keypair();
  // GitHub's key ids are 18-19 digit numbers in a string.
  const keyId = (BigInt(`0x${randomBytes(8).toString('hex')}`) % 10n ** 18n)
    .toString()
    .padStart(18, '5');
  return {
    keyId,
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
    key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
  };
}

// ───────────────────────────── JSON renderers ─────────────────────────────

export interface RenderContext {
  /** The server's base URL, used for every `url` field (GitHub: https://api.github.com). */
  api: string;
  /** Base of `html_url`s (GitHub: https://github.com). */
  html: string;
  state: GitHubState;
}

export function userJson(ctx: RenderContext, login: string): Record<string, unknown> {
  const user = ctx.state.user(login);
  const path = encodeURIComponent(login);
  const api = `${ctx.api}/users/${path}`;
  return {
    login: user.login,
    id: user.id,
    node_id: Buffer.from(`04:${user.type}${user.id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url:
      user.type === 'Bot'
        ? `${ctx.html}/apps/${encodeURIComponent(login.replace(/\[bot\]$/, ''))}`
        : `${ctx.html}/${path}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

const repoApi = (ctx: RenderContext): string =>
  `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;

export function labelJson(ctx: RenderContext, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${repoApi(ctx)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

function reactions(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

function association(ctx: RenderContext, login: string): string {
  if (login.toLowerCase() === ctx.state.owner.toLowerCase()) return 'OWNER';
  return ctx.state.user(login).type === 'Bot' ? 'NONE' : 'CONTRIBUTOR';
}

export function issueJson(
  ctx: RenderContext,
  issue: IssueRecord,
  options: { search?: boolean } = {},
): Record<string, unknown> {
  const url = `${repoApi(ctx)}/issues/${issue.number}`;
  const html = `${ctx.html}/${ctx.state.owner}/${ctx.state.repo}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`;
  const labels = issue.labels
    .map((name) => ctx.state.label(name))
    .filter((label): label is LabelRecord => label !== undefined)
    .map((label) => labelJson(ctx, label));
  const assignees = issue.assignees.map((login) => userJson(ctx, login));
  const json: Record<string, unknown> = {
    url,
    repository_url: repoApi(ctx),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    id: issue.id,
    node_id: issue.nodeId,
    number: issue.number,
    title: issue.title,
    user: userJson(ctx, issue.user),
    labels,
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: issue.comments.length,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: issue.closedAt ? iso(issue.closedAt) : null,
    author_association: association(ctx, issue.user),
    active_lock_reason: null,
    body: issue.body,
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
  if (issue.pullRequest) {
    const pull = `${repoApi(ctx)}/pulls/${issue.number}`;
    json.draft = false;
    json.pull_request = {
      url: pull,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: null,
    };
  }
  if (options.search) {
    json.score = 1;
    // The search item schema types `body` as a string only; leave an empty body out.
    if (issue.body === null) delete json.body;
  } else if (issue.state === 'closed') {
    json.closed_by = issue.closedBy ? userJson(ctx, issue.closedBy) : null;
  }
  return json;
}

export function commentJson(ctx: RenderContext, comment: CommentRecord): Record<string, unknown> {
  const url = `${repoApi(ctx)}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${ctx.html}/${ctx.state.owner}/${ctx.state.repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoApi(ctx)}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: comment.nodeId,
    user: userJson(ctx, comment.user),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    author_association: association(ctx, comment.user),
    body: comment.body,
    reactions: reactions(url),
    performed_via_github_app: null,
  };
}
