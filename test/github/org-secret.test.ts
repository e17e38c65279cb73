/**
 * The organization Actions secret (src/github/secret.ts) against the local
 * GitHub server: a new secret is shared with this repository only, an
 * existing `selected` secret keeps its repositories and gains this one, and
 * a `private` or `all` secret keeps what its owner chose. Every request and
 * answer is checked against GitHub's OpenAPI description by the server.
 */
import sodium from 'libsodium-wrappers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitHub } from '../../src/github/client.js';
import { repositoryIdOf, updateActionsSecret } from '../../src/github/secret.js';
import { startGitHubServer, type GitHubServer } from './index.js';
import { testOctokit } from './octokit.js';

const REPO = { owner: 'acme', repo: 'infra' };
const ORG = { kind: 'organization', org: 'acme' } as const;
/** Nothing from the runner: the repository id comes from the API. */
const NO_ENV = { env: {} };

let gh: GitHubServer;
let github: GitHub;

beforeEach(async () => {
  gh = await startGitHubServer({
    ...REPO,
    token: 'github_pat_secrets',
    permissions: { organization_secrets: 'write' },
    orgs: ['acme'],
  });
  github = testOctokit(gh) as unknown as GitHub;
});

afterEach(async () => {
  expect(gh.log.bugs().map((entry) => entry.bug)).toEqual([]);
  await gh.stop();
});

/** An organization secret as someone else left it (through the API, so it is validated too). */
async function existing(
  visibility: 'all' | 'private' | 'selected',
  selected: number[] = [],
): Promise<void> {
  await sodium.ready;
  const { data: key } = await github.rest.actions.getOrgPublicKey({ org: 'acme' });
  const box = sodium.crypto_box_seal(
    sodium.from_string('old key'),
    sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL),
  );
  await github.rest.actions.createOrUpdateOrgSecret({
    org: 'acme',
    secret_name: 'DEPLOY_KEY',
    encrypted_value: sodium.to_base64(box, sodium.base64_variants.ORIGINAL),
    key_id: key.key_id,
    visibility,
    ...(visibility === 'selected' ? { selected_repository_ids: selected } : {}),
  });
  gh.log.clear();
}

const secret = () => gh.state.orgSecret('acme', 'DEPLOY_KEY');
/** The visibilities every secret write asked for. */
const writtenVisibilities = (): unknown[] =>
  gh.log
    .calls('PUT /orgs/{org}/actions/secrets/{secret_name}')
    .map((entry) => (entry.body as { visibility?: unknown }).visibility);

describe('a new organization secret', () => {
  it('is `selected` with exactly this repository, never private or all', async () => {
    expect(await updateActionsSecret(github, REPO, ORG, 'DEPLOY_KEY', 'new key', NO_ENV)).toBe(
      'created',
    );
    expect(secret()).toMatchObject({
      plaintext: 'new key',
      visibility: 'selected',
      selectedRepositoryIds: [gh.state.repoId],
    });
    expect(writtenVisibilities()).toEqual(['selected']);
    const listed = await github.rest.actions.listSelectedReposForOrgSecret({
      org: 'acme',
      secret_name: 'DEPLOY_KEY',
    });
    expect(listed.data.repositories.map((repository) => repository.full_name)).toEqual([
      'acme/infra',
    ]);
  });

  it('takes the repository id from GITHUB_REPOSITORY_ID when the runner names this repository', async () => {
    const env = { GITHUB_REPOSITORY: 'Acme/Infra', GITHUB_REPOSITORY_ID: String(gh.state.repoId) };
    await updateActionsSecret(github, REPO, ORG, 'DEPLOY_KEY', 'new key', { env });
    expect(secret()?.selectedRepositoryIds).toEqual([gh.state.repoId]);
    expect(gh.log.count('GET /repos/{owner}/{repo}')).toBe(0);
  });

  it("asks the API when GITHUB_REPOSITORY_ID is another repository's", async () => {
    const env = { GITHUB_REPOSITORY: 'acme/other', GITHUB_REPOSITORY_ID: '42' };
    expect(await repositoryIdOf(github, REPO, env)).toBe(gh.state.repoId);
    expect(await repositoryIdOf(github, REPO, { GITHUB_REPOSITORY_ID: 'x' })).toBe(gh.state.repoId);
    expect(gh.log.count('GET /repos/{owner}/{repo}')).toBe(2);
  });

  it('uses a repository id the caller gives', async () => {
    await updateActionsSecret(github, REPO, ORG, 'DEPLOY_KEY', 'new key', {
      repositoryId: gh.state.repoId,
    });
    expect(secret()?.selectedRepositoryIds).toEqual([gh.state.repoId]);
    expect(gh.log.count('GET /repos/{owner}/{repo}')).toBe(0);
  });
});

describe('an existing organization secret', () => {
  it('`selected`: keeps its other repositories and gains this one, once', async () => {
    await existing('selected', [111, 222]);
    expect(await updateActionsSecret(github, REPO, ORG, 'DEPLOY_KEY', 'new key', NO_ENV)).toBe(
      'updated',
    );
    expect(secret()).toMatchObject({
      plaintext: 'new key',
      visibility: 'selected',
      selectedRepositoryIds: [111, 222, gh.state.repoId],
    });
    await updateActionsSecret(github, REPO, ORG, 'DEPLOY_KEY', 'newer key', NO_ENV);
    expect(secret()).toMatchObject({
      plaintext: 'newer key',
      selectedRepositoryIds: [111, 222, gh.state.repoId],
    });
    expect(writtenVisibilities()).toEqual(['selected', 'selected']);
  });

  it('`selected` with more repositories than one page: every one is kept', async () => {
    const many = Array.from({ length: 250 }, (_, i) => 5_000 + i);
    await existing('selected', many);
    await updateActionsSecret(github, REPO, ORG, 'DEPLOY_KEY', 'new key', NO_ENV);
    expect(secret()?.selectedRepositoryIds).toEqual([...many, gh.state.repoId]);
    expect(gh.log.count('GET /orgs/{org}/actions/secrets/{secret_name}/repositories')).toBe(3);
  });

  it('`selected` with no repositories: gains this one', async () => {
    await existing('selected', []);
    await updateActionsSecret(github, REPO, ORG, 'DEPLOY_KEY', 'new key', NO_ENV);
    expect(secret()?.selectedRepositoryIds).toEqual([gh.state.repoId]);
  });

  it.each(['private', 'all'] as const)(
    '`%s`: keeps its visibility (no list to add to), only the value changes',
    async (visibility) => {
      await existing(visibility);
      await updateActionsSecret(github, REPO, ORG, 'DEPLOY_KEY', 'new key', NO_ENV);
      expect(secret()).toMatchObject({ plaintext: 'new key', visibility });
      expect(secret()?.selectedRepositoryIds).toBeUndefined();
      expect(writtenVisibilities()).toEqual([visibility]);
      // Neither the repository id nor the list is needed for these.
      expect(gh.log.count('GET /repos/{owner}/{repo}')).toBe(0);
      expect(gh.log.count('GET /orgs/{org}/actions/secrets/{secret_name}/repositories')).toBe(0);
    },
  );

  it('when the repositories cannot be listed, nothing is written (no list is cut short)', async () => {
    await existing('selected', [111]);
    gh.faults.inject({
      route: 'actions/list-selected-repos-for-org-secret',
      status: 403,
      message: 'Resource not accessible by personal access token',
    });
    const error = await updateActionsSecret(
      github,
      REPO,
      ORG,
      'DEPLOY_KEY',
      'new key',
      NO_ENV,
    ).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).toMatch(
      /cannot update the organization acme secret DEPLOY_KEY: the token lacks permission/,
    );
    expect(secret()).toMatchObject({ plaintext: 'old key', selectedRepositoryIds: [111] });
    expect(writtenVisibilities()).toEqual([]);
  });
});

describe('the server (selected repositories)', () => {
  it('lists and adds repositories of a `selected` secret; 409 for another visibility', async () => {
    await existing('selected', [7]);
    await github.rest.actions.addSelectedRepoToOrgSecret({
      org: 'acme',
      secret_name: 'DEPLOY_KEY',
      repository_id: gh.state.repoId,
    });
    await github.rest.actions.addSelectedRepoToOrgSecret({
      org: 'acme',
      secret_name: 'DEPLOY_KEY',
      repository_id: gh.state.repoId,
    });
    expect(secret()?.selectedRepositoryIds).toEqual([7, gh.state.repoId]);
    const { data } = await github.rest.actions.listSelectedReposForOrgSecret({
      org: 'acme',
      secret_name: 'DEPLOY_KEY',
    });
    expect(data.total_count).toBe(2);
    expect(data.repositories.map((repository) => repository.full_name)).toEqual([
      'acme/repo-7',
      'acme/infra',
    ]);

    await existing('private');
    const conflict = await github.rest.actions
      .addSelectedRepoToOrgSecret({ org: 'acme', secret_name: 'DEPLOY_KEY', repository_id: 7 })
      .catch((caught: unknown) => caught as { status: number });
    expect(conflict.status).toBe(409);
  });

  it('GET /repos/{owner}/{repo} answers the repository with its id', async () => {
    const { data } = await github.rest.repos.get({ ...REPO });
    expect(data).toMatchObject({
      id: gh.state.repoId,
      full_name: 'acme/infra',
      private: true,
      visibility: 'private',
      owner: { login: 'acme', type: 'Organization' },
    });
  });
});
