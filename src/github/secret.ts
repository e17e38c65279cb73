/**
 * Puts the new private key into the Actions secret that deploy workflows
 * read, so they keep working after a rotation. GitHub takes secrets only as
 * a libsodium sealed box for the scope's public key.
 */
import sodium from 'libsodium-wrappers';
import type { GitHub } from './client.js';
import { explainGitHubError, SECRETS_PERMISSION } from './errors.js';
import type { Repository } from './issues.js';

export type SecretScope =
  | { kind: 'repository' }
  | { kind: 'environment'; environment: string }
  | { kind: 'organization'; org: string };

/** `repository`, `environment:NAME` or `organization` (the repository's owner). */
export function parseSecretScope(raw: string, owner: string): SecretScope | null {
  const value = raw.trim();
  if (!value || value === 'repository') return { kind: 'repository' };
  if (value === 'organization' || value === 'org') return { kind: 'organization', org: owner };
  const environment = /^environment:(.+)$/.exec(value)?.[1]?.trim();
  return environment ? { kind: 'environment', environment } : null;
}

export async function sealSecret(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

function describeScope(scope: SecretScope): string {
  return scope.kind === 'repository'
    ? 'repository'
    : scope.kind === 'environment'
      ? `environment ${scope.environment}`
      : `organization ${scope.org}`;
}

type OrgSecretVisibility = 'all' | 'private' | 'selected';

/** The visibility of an existing organization secret, or null when there is none. */
async function orgSecretVisibility(
  github: GitHub,
  org: string,
  name: string,
): Promise<OrgSecretVisibility | null> {
  try {
    return (await github.rest.actions.getOrgSecret({ org, secret_name: name })).data.visibility;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

export interface SecretOptions {
  /** This repository's numeric id; found from the environment or the API when absent. */
  repositoryId?: number;
  /** Where GITHUB_REPOSITORY / GITHUB_REPOSITORY_ID are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The repository's numeric id: GITHUB_REPOSITORY_ID, which the runner sets for
 * the repository in GITHUB_REPOSITORY, or else GET /repos/{owner}/{repo} (any
 * token with access to the repository may read it).
 */
export async function repositoryIdOf(
  github: GitHub,
  repository: Repository,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const id = Number(env.GITHUB_REPOSITORY_ID);
  const same =
    (env.GITHUB_REPOSITORY ?? '').toLowerCase() ===
    `${repository.owner}/${repository.repo}`.toLowerCase();
  if (same && Number.isSafeInteger(id) && id > 0) return id;
  return (await github.rest.repos.get({ ...repository })).data.id;
}

/** Every repository an organization secret with visibility `selected` is shared with. */
async function selectedRepositoryIds(github: GitHub, org: string, name: string): Promise<number[]> {
  const repositories = await github.paginate(github.rest.actions.listSelectedReposForOrgSecret, {
    org,
    secret_name: name,
    per_page: 100,
  });
  return repositories.map((repository) => repository.id);
}

/**
 * Writes an organization secret so that this repository can read it, and
 * widens nobody else's access:
 *
 * - a new secret is `selected` with exactly this repository (never `private`,
 *   which would hand the private key to every private repository of the
 *   organization, nor `all`);
 * - an existing `selected` secret keeps every repository it had and gains
 *   this one. GitHub takes a write without `selected_repository_ids` as "no
 *   repositories", so the current list is read and sent back whole;
 * - an existing `private` or `all` secret keeps that visibility: someone chose
 *   it for other repositories' deploys, and narrowing it would break them.
 *   Such a secret has no list to add to (GitHub answers 409), and this
 *   repository already reads it unless it is public and the secret `private`.
 */
async function updateOrgSecret(
  github: GitHub,
  repository: Repository,
  org: string,
  name: string,
  value: string,
  options: SecretOptions,
): Promise<'created' | 'updated'> {
  const { data: key } = await github.rest.actions.getOrgPublicKey({ org });
  const visibility = await orgSecretVisibility(github, org, name);
  const sealed = {
    org,
    secret_name: name,
    encrypted_value: await sealSecret(value, key.key),
    key_id: key.key_id,
  };
  if (visibility === 'all' || visibility === 'private') {
    const response = await github.rest.actions.createOrUpdateOrgSecret({ ...sealed, visibility });
    return response.status === 201 ? 'created' : 'updated';
  }
  const id = options.repositoryId ?? (await repositoryIdOf(github, repository, options.env));
  const ids = visibility === 'selected' ? await selectedRepositoryIds(github, org, name) : [];
  if (!ids.includes(id)) ids.push(id);
  const response = await github.rest.actions.createOrUpdateOrgSecret({
    ...sealed,
    visibility: 'selected',
    selected_repository_ids: ids,
  });
  return response.status === 201 ? 'created' : 'updated';
}

/** Creates or updates the secret; returns which. */
export async function updateActionsSecret(
  github: GitHub,
  repository: Repository,
  scope: SecretScope,
  name: string,
  value: string,
  options: SecretOptions = {},
): Promise<'created' | 'updated'> {
  try {
    if (scope.kind === 'repository') {
      const { data: key } = await github.rest.actions.getRepoPublicKey({ ...repository });
      const response = await github.rest.actions.createOrUpdateRepoSecret({
        ...repository,
        secret_name: name,
        encrypted_value: await sealSecret(value, key.key),
        key_id: key.key_id,
      });
      return response.status === 201 ? 'created' : 'updated';
    }
    if (scope.kind === 'environment') {
      const { data: key } = await github.rest.actions.getEnvironmentPublicKey({
        ...repository,
        environment_name: scope.environment,
      });
      const response = await github.rest.actions.createOrUpdateEnvironmentSecret({
        ...repository,
        environment_name: scope.environment,
        secret_name: name,
        encrypted_value: await sealSecret(value, key.key),
        key_id: key.key_id,
      });
      return response.status === 201 ? 'created' : 'updated';
    }
    return await updateOrgSecret(github, repository, scope.org, name, value, options);
  } catch (error) {
    throw explainGitHubError(
      error,
      `update the ${describeScope(scope)} secret ${name}`,
      SECRETS_PERMISSION,
    );
  }
}
