/**
 * Actions secrets at repository, environment and organization scope. Each
 * scope has its own Curve25519 key pair; an upload is a libsodium sealed box
 * (`crypto_box_seal`) for the scope's public key, which the server opens with
 * `crypto_box_seal_open` and keeps in the clear for the tests to inspect.
 */
import sodium from 'libsodium-wrappers';
import { paginate } from './pagination.js';
import { minimalRepositoryJson, repositoryById } from './repos.js';
import { GitHubError, notFound, type RequestContext, type Route } from './server.js';
import { iso, type SecretRecord, type SecretScope } from './state.js';

/** GitHub's limit on a secret's size. */
export const MAX_SECRET_BYTES = 48 * 1024;

const IMPROPERLY_ENCRYPTED =
  'Bad request - validation failed due to an improperly encrypted secret';

function repoScope(): SecretScope {
  return { type: 'repo' };
}

function envScope(ctx: RequestContext): SecretScope {
  const env = ctx.state.environment(String(ctx.params.environment_name));
  if (!env) throw notFound();
  return { type: 'env', environment: env.name };
}

function orgScope(ctx: RequestContext): SecretScope {
  return { type: 'org', org: String(ctx.params.org) };
}

/** Secret names: letters, digits and `_`, not starting with a digit or `GITHUB_`; stored in upper case. */
function secretName(ctx: RequestContext): string {
  const name = String(ctx.params.secret_name);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new GitHubError(
      422,
      'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).',
    );
  }
  if (/^GITHUB_/i.test(name))
    throw new GitHubError(422, 'Secret names must not start with GITHUB_.');
  return name.toUpperCase();
}

/** Opens a sealed box uploaded for the scope; GitHub's 422 for a wrong key or a bad box. */
function open(
  ctx: RequestContext,
  scope: SecretScope,
  encrypted: string,
  keyId: string,
): Uint8Array {
  const pair = ctx.state.publicKey(scope);
  if (keyId !== pair.keyId) throw new GitHubError(422, IMPROPERLY_ENCRYPTED);
  let plain: Uint8Array;
  try {
    const box = sodium.from_base64(encrypted, sodium.base64_variants.ORIGINAL);
    plain = sodium.crypto_box_seal_open(box, pair.publicKey, pair.privateKey);
  } catch {
    throw new GitHubError(422, IMPROPERLY_ENCRYPTED);
  }
  if (plain.length > MAX_SECRET_BYTES)
    throw new GitHubError(422, `Secret value is too large: secrets are limited to 48 KB.`);
  return plain;
}

interface SecretBody {
  encrypted_value?: string;
  key_id?: string;
  visibility?: 'all' | 'private' | 'selected';
  selected_repository_ids?: Array<number | string>;
}

function put(ctx: RequestContext, scope: SecretScope) {
  const name = secretName(ctx);
  const input = ctx.body as SecretBody;
  const secrets = ctx.state.secretsOf(scope);
  const existing = secrets.get(name);
  const now = ctx.state.now();
  if (scope.type === 'org') {
    if (input.selected_repository_ids !== undefined && input.visibility !== 'selected') {
      throw new GitHubError(
        422,
        "Invalid request.\n\nselected_repository_ids can only be given when visibility is 'selected'.",
      );
    }
    if (input.encrypted_value === undefined) {
      // Organization secrets can change visibility alone.
      if (!existing)
        throw new GitHubError(422, `Invalid request.\n\n"encrypted_value" wasn't supplied.`);
      existing.visibility = input.visibility;
      existing.selectedRepositoryIds = input.selected_repository_ids?.map(Number);
      existing.updatedAt = now;
      return { status: 204 };
    }
    if (input.key_id === undefined)
      throw new GitHubError(422, `Invalid request.\n\n"key_id" wasn't supplied.`);
  }
  const encrypted = String(input.encrypted_value);
  const keyId = String(input.key_id);
  const plain = open(ctx, scope, encrypted, keyId);
  const record: SecretRecord = {
    name,
    encryptedValue: encrypted,
    keyId,
    plaintext: new TextDecoder().decode(plain),
    plaintextBytes: plain,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (scope.type === 'org') {
    record.visibility = input.visibility;
    // GitHub treats a write that leaves out selected_repository_ids as "no
    // repositories": an update must send the whole list again (the bug
    // external-secrets/external-secrets#6519 fixed).
    if (input.visibility === 'selected')
      record.selectedRepositoryIds = (input.selected_repository_ids ?? []).map(Number);
  }
  secrets.set(name, record);
  return existing ? { status: 204 } : { status: 201, body: {} };
}

function secretJson(ctx: RequestContext, scope: SecretScope, secret: SecretRecord) {
  const json: Record<string, unknown> = {
    name: secret.name,
    created_at: iso(secret.createdAt),
    updated_at: iso(secret.updatedAt),
  };
  if (scope.type === 'org') {
    json.visibility = secret.visibility;
    if (secret.visibility === 'selected') {
      json.selected_repositories_url = `${ctx.render.api}/orgs/${String(ctx.params.org)}/actions/secrets/${secret.name}/repositories`;
    }
  }
  return json;
}

function get(ctx: RequestContext, scope: SecretScope) {
  const secret = ctx.state.secretsOf(scope).get(secretName(ctx));
  if (!secret) throw notFound();
  return { status: 200, body: secretJson(ctx, scope, secret) };
}

function publicKey(ctx: RequestContext, scope: SecretScope) {
  const pair = ctx.state.publicKey(scope);
  return { status: 200, body: { key_id: pair.keyId, key: pair.key } };
}

function list(ctx: RequestContext, scope: SecretScope) {
  const all = [...ctx.state.secretsOf(scope).values()].sort((a, b) => a.name.localeCompare(b.name));
  const page = paginate(ctx, all);
  return {
    status: 200,
    headers: page.headers,
    body: { total_count: all.length, secrets: page.items.map((s) => secretJson(ctx, scope, s)) },
  };
}

function orgSecret(ctx: RequestContext): SecretRecord {
  const secret = ctx.state.secretsOf(orgScope(ctx)).get(secretName(ctx));
  if (!secret) throw notFound();
  return secret;
}

/**
 * The repositories of a `selected` secret. For another visibility GitHub's
 * description declares only 200; the server answers a 409 error body as for
 * adding a repository (GitHub's own answer here is not documented).
 */
function listSelectedRepositories(ctx: RequestContext) {
  const secret = orgSecret(ctx);
  if (secret.visibility !== 'selected')
    throw new GitHubError(409, 'Conflict when visibility type is not set to selected');
  const ids = secret.selectedRepositoryIds ?? [];
  const page = paginate(ctx, ids);
  const org = String(ctx.params.org);
  return {
    status: 200,
    headers: page.headers,
    body: {
      total_count: ids.length,
      repositories: page.items.map((id) =>
        minimalRepositoryJson(ctx.render, repositoryById(ctx.render, id, org)),
      ),
    },
  };
}

/** 204 once the repository is selected; 409 (without a body, as described) for another visibility. */
function addSelectedRepository(ctx: RequestContext) {
  const secret = orgSecret(ctx);
  if (secret.visibility !== 'selected') return { status: 409 };
  const id = Number(ctx.params.repository_id);
  const ids = secret.selectedRepositoryIds ?? [];
  if (!ids.includes(id)) secret.selectedRepositoryIds = [...ids, id];
  return { status: 204 };
}

const REPO_READ: Route['permissions'] = [['secrets', 'read']];
const REPO_WRITE: Route['permissions'] = [['secrets', 'write']];
// GitHub's documentation is not clear whether environment secrets need the
// `environments` or the `secrets` permission: either is accepted (see README).
const ENV_READ: Route['permissions'] = [
  ['environments', 'read'],
  ['secrets', 'read'],
];
const ENV_WRITE: Route['permissions'] = [
  ['environments', 'write'],
  ['secrets', 'write'],
];
const ORG_READ: Route['permissions'] = [['organization_secrets', 'read']];
const ORG_WRITE: Route['permissions'] = [['organization_secrets', 'write']];

export const secretRoutes: Record<string, Route> = {
  'GET /repos/{owner}/{repo}/actions/secrets/public-key': {
    permissions: REPO_READ,
    handler: (ctx) => publicKey(ctx, repoScope()),
  },
  'GET /repos/{owner}/{repo}/actions/secrets': {
    permissions: REPO_READ,
    handler: (ctx) => list(ctx, repoScope()),
  },
  'GET /repos/{owner}/{repo}/actions/secrets/{secret_name}': {
    permissions: REPO_READ,
    handler: (ctx) => get(ctx, repoScope()),
  },
  'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}': {
    permissions: REPO_WRITE,
    handler: (ctx) => put(ctx, repoScope()),
  },

  'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key': {
    permissions: ENV_READ,
    handler: (ctx) => publicKey(ctx, envScope(ctx)),
  },
  'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets': {
    permissions: ENV_READ,
    handler: (ctx) => list(ctx, envScope(ctx)),
  },
  'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}': {
    permissions: ENV_READ,
    handler: (ctx) => get(ctx, envScope(ctx)),
  },
  'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}': {
    permissions: ENV_WRITE,
    handler: (ctx) => put(ctx, envScope(ctx)),
  },

  'GET /orgs/{org}/actions/secrets/public-key': {
    permissions: ORG_READ,
    handler: (ctx) => publicKey(ctx, orgScope(ctx)),
  },
  'GET /orgs/{org}/actions/secrets': {
    permissions: ORG_READ,
    handler: (ctx) => list(ctx, orgScope(ctx)),
  },
  'GET /orgs/{org}/actions/secrets/{secret_name}': {
    permissions: ORG_READ,
    handler: (ctx) => get(ctx, orgScope(ctx)),
  },
  'PUT /orgs/{org}/actions/secrets/{secret_name}': {
    permissions: ORG_WRITE,
    handler: (ctx) => put(ctx, orgScope(ctx)),
  },
  'GET /orgs/{org}/actions/secrets/{secret_name}/repositories': {
    permissions: ORG_READ,
    handler: listSelectedRepositories,
  },
  'PUT /orgs/{org}/actions/secrets/{secret_name}/repositories/{repository_id}': {
    permissions: ORG_WRITE,
    handler: addSelectedRepository,
  },
};
