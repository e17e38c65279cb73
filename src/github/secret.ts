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

async function orgSecretVisibility(
  github: GitHub,
  org: string,
  name: string,
): Promise<'all' | 'private' | 'selected'> {
  try {
    return (await github.rest.actions.getOrgSecret({ org, secret_name: name })).data.visibility;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return 'private';
    throw error;
  }
}

/** Creates or updates the secret; returns which. */
export async function updateActionsSecret(
  github: GitHub,
  repository: Repository,
  scope: SecretScope,
  name: string,
  value: string,
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
    const { data: key } = await github.rest.actions.getOrgPublicKey({ org: scope.org });
    const visibility = await orgSecretVisibility(github, scope.org, name);
    const response = await github.rest.actions.createOrUpdateOrgSecret({
      org: scope.org,
      secret_name: name,
      encrypted_value: await sealSecret(value, key.key),
      key_id: key.key_id,
      // The API needs a visibility: keep the secret's own, and a new one is private.
      visibility,
    });
    return response.status === 201 ? 'created' : 'updated';
  } catch (error) {
    throw explainGitHubError(
      error,
      `update the ${describeScope(scope)} secret ${name}`,
      SECRETS_PERMISSION,
    );
  }
}
