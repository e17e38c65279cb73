/**
 * The GitHub test server, driven the way production drives GitHub: through
 * `@octokit/rest` composed with the throttling and retry plugins
 * (`Octokit.plugin(throttling, retry)`), pointed at the server by `baseUrl`.
 */
import { createRequire } from 'node:module';
import sodium from 'libsodium-wrappers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GITHUB_TOKEN_PERMISSIONS,
  READ_ONLY_PERMISSIONS,
  githubEnv,
  startGitHubServer,
  validateComponent,
  type GitHubServer,
} from './index.js';
import {
  fastThrottle,
  testOctokit,
  type ProductionOctokit,
  type RateLimitEvent,
} from './octokit.js';

const require = createRequire(import.meta.url);
const owner = 'acme';
const repo = 'infra';
const TOKEN = 'ghs_test';

interface HttpError extends Error {
  status: number;
  response?: { data: unknown; headers: Record<string, string | undefined> };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    return error as HttpError;
  }
  throw new Error('expected the request to fail');
}

/** What GitHub's docs show for encrypting a secret with libsodium-wrappers. */
async function seal(secret: string, key: string): Promise<string> {
  await sodium.ready;
  const binkey = sodium.from_base64(key, sodium.base64_variants.ORIGINAL);
  const binsec = sodium.from_string(secret);
  const encBytes = sodium.crypto_box_seal(binsec, binkey);
  return sodium.to_base64(encBytes, sodium.base64_variants.ORIGINAL);
}

let gh: GitHubServer;
let octokit: ProductionOctokit;
let expectNoBugs = true;

beforeEach(async () => {
  gh = await startGitHubServer({
    owner,
    repo,
    token: TOKEN,
    orgs: ['acme-org'],
    environments: ['production'],
    tokens: {
      ghs_workflow: { permissions: GITHUB_TOKEN_PERMISSIONS },
      ghs_readonly: { permissions: READ_ONLY_PERMISSIONS },
      github_pat_reader: { login: 'reader', permissions: { issues: 'read' } },
    },
  });
  octokit = testOctokit(gh);
  expectNoBugs = true;
});

afterEach(async () => {
  // Every answer the server sent matched GitHub's OpenAPI description.
  if (expectNoBugs) expect(gh.log.bugs().map((entry) => entry.bug)).toEqual([]);
  await gh.stop();
});

describe('issues and comments', () => {
  it('creates, finds, updates and closes an issue with comments', async () => {
    const created = await octokit.rest.issues.create({
      owner,
      repo,
      title: 'Leaked EC2 key deploy',
      body: 'Found in `keys/id_rsa`.\n<!-- ec2-key-rotate:fp=SHA256:abc -->',
      labels: ['security', { name: 'leaked-key' }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${gh.url}/repos/${owner}/${repo}/issues/1`);
    expect(created.data).toMatchObject({
      number: 1,
      state: 'open',
      state_reason: null,
      user: { login: 'github-actions[bot]', type: 'Bot' },
      labels: [{ name: 'security' }, { name: 'leaked-key' }],
    });
    // Labels that did not exist were created, as GitHub does.
    expect(gh.state.label('leaked-key')).toMatchObject({ color: 'ededed', default: false });

    const got = await octokit.rest.issues.get({ owner, repo, issue_number: 1 });
    expect(got.data.title).toBe('Leaked EC2 key deploy');

    const comment = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: 'Rotation started.',
    });
    expect(comment.status).toBe(201);
    const edited = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: comment.data.id,
      body: 'Rotation done.',
    });
    expect(edited.data.body).toBe('Rotation done.');
    const comments = await octokit.rest.issues.listComments({ owner, repo, issue_number: 1 });
    expect(comments.data.map((c) => c.body)).toEqual(['Rotation done.']);

    const closed = await octokit.rest.issues.update({
      owner,
      repo,
      issue_number: 1,
      state: 'closed',
      state_reason: 'completed',
      labels: ['security', 'rotated'],
      body: 'Rotated.',
    });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'completed', comments: 1 });
    expect(closed.data.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(gh.state.issue(1)).toMatchObject({
      state: 'closed',
      body: 'Rotated.',
      labels: ['security', 'rotated'],
      comments: [{ body: 'Rotation done.' }],
    });

    const reopened = await octokit.rest.issues.update({
      owner,
      repo,
      issue_number: 1,
      state: 'open',
    });
    expect(reopened.data).toMatchObject({
      state: 'open',
      state_reason: 'reopened',
      closed_at: null,
    });

    expect(gh.log.calls('POST /repos/{owner}/{repo}/issues')).toHaveLength(1);
    expect(gh.log.last('issues/update')).toMatchObject({
      method: 'PATCH',
      params: { owner, repo, issue_number: '1' },
      body: { state: 'open' },
      status: 200,
    });
  });

  it('lists issues by state and labels, and GitHub lists pull requests among them', async () => {
    gh.state.addIssue({ title: 'a', labels: ['leaked-key'] });
    gh.state.addIssue({ title: 'b', labels: ['leaked-key', 'rotated'], state: 'closed' });
    gh.state.addIssue({ title: 'c' });
    gh.state.addIssue({ title: 'a PR', pullRequest: true });

    const open = await octokit.rest.issues.listForRepo({ owner, repo });
    expect(open.data.map((i) => i.title)).toEqual(['a PR', 'c', 'a']);
    expect(open.data[0]?.pull_request).toBeDefined();
    const labelled = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: 'all',
      labels: 'leaked-key,rotated',
    });
    expect(labelled.data.map((i) => i.title)).toEqual(['b']);
    const asc = await octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: 'all',
      direction: 'asc',
    });
    expect(asc.data.map((i) => i.number)).toEqual([1, 2, 3, 4]);
  });

  it('pages with per_page, page and Link headers that octokit.paginate follows', async () => {
    for (let i = 1; i <= 75; i += 1) gh.state.addIssue({ title: `issue ${i}` });
    const first = await octokit.rest.issues.listForRepo({ owner, repo, per_page: 30 });
    expect(first.data).toHaveLength(30);
    const link = first.headers.link ?? '';
    expect(link).toContain(
      `<${gh.url}/repos/${owner}/${repo}/issues?per_page=30&page=2>; rel="next"`,
    );
    expect(link).toContain('page=3>; rel="last"');

    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      per_page: 30,
    });
    expect(all).toHaveLength(75);
    expect(new Set(all.map((i) => i.number)).size).toBe(75);
    expect(gh.log.count('issues/list-for-repo')).toBe(1 + 3);

    // per_page above 100 is lowered to 100, as GitHub does.
    const big = await octokit.rest.issues.listForRepo({ owner, repo, per_page: 500 });
    expect(big.data).toHaveLength(75);
    const last = await octokit.rest.issues.listForRepo({ owner, repo, per_page: 30, page: 3 });
    expect(last.data).toHaveLength(15);
    expect(last.headers.link).toContain('rel="prev"');
    expect(last.headers.link).not.toContain('rel="next"');
  });

  it('refuses bodies longer than GitHub allows', async () => {
    const error = await failure(
      octokit.rest.issues.create({ owner, repo, title: 't', body: 'x'.repeat(65537) }),
    );
    expect(error.status).toBe(422);
    expect(error.response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', code: 'custom', field: 'body' }],
    });
  });

  it('answers in the shape of real GitHub objects (webhook payload examples)', async () => {
    type Example = { action?: string; issue?: Record<string, unknown>; comment?: object };
    const definitions = require('@octokit/webhooks-examples') as Array<{
      name: string;
      examples: Example[];
    }>;
    const examplesOf = (name: string): Example[] =>
      definitions.find((d) => d.name === name)?.examples ?? [];
    const opened = examplesOf('issues').find((e) => e.action === 'opened');
    const commented = examplesOf('issue_comment')[0];
    if (!opened?.issue || !commented?.comment) throw new Error('no webhook examples');

    const issue = await octokit.rest.issues.create({ owner, repo, title: 't', labels: ['bug'] });
    const comment = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue.data.number,
      body: 'b',
    });
    const keys = (o: object) => Object.keys(o).sort();
    // `draft` belongs to pull requests only.
    const realIssueKeys = keys(opened.issue).filter((k) => k !== 'draft');
    expect(keys(issue.data)).toEqual(expect.arrayContaining(realIssueKeys));
    expect(keys(comment.data)).toEqual(expect.arrayContaining(keys(commented.comment)));
    expect(keys(issue.data.user ?? {})).toEqual(
      expect.arrayContaining(keys(opened.issue.user as object)),
    );
    const realLabel = (opened.issue.labels as object[])[0] ?? {};
    expect(keys(issue.data.labels[0] as object)).toEqual(keys(realLabel));
    expect(String(opened.issue.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(issue.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // And the real example is valid against the same description the server checks itself with.
    expect(validateComponent('label', realLabel)).toBeNull();
  });
});

describe('labels', () => {
  it('gets, creates, and answers 422 already_exists for an existing label', async () => {
    const missing = await failure(
      octokit.rest.issues.getLabel({ owner, repo, name: 'leaked key' }),
    );
    expect(missing.status).toBe(404);
    const created = await octokit.rest.issues.createLabel({
      owner,
      repo,
      name: 'leaked key',
      color: 'B60205',
      description: 'A private key was found in git',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'leaked key', color: 'b60205', default: false });
    const got = await octokit.rest.issues.getLabel({ owner, repo, name: 'Leaked Key' });
    expect(got.data.id).toBe(created.data.id);
    expect(gh.log.last('issues/get-label')?.params.name).toBe('Leaked Key');

    const again = await failure(
      octokit.rest.issues.createLabel({ owner, repo, name: 'LEAKED KEY' }),
    );
    expect(again.status).toBe(422);
    expect(again.response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
      documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
    });

    const list = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner, repo });
    expect(list.map((l) => l.name)).toContain('bug');
    expect(list.map((l) => l.name)).toContain('leaked key');
  });
});

describe('search', () => {
  beforeEach(() => {
    gh.state.addIssue({
      title: 'Leaked key deploy',
      body: 'Fingerprint below.\n<!-- ec2-key-rotate:fingerprint=SHA256:Zm9vYmFy -->',
      labels: ['leaked-key'],
    });
    gh.state.addIssue({ title: 'Unrelated', body: 'nothing here' });
    gh.state.addIssue({
      title: 'A PR mentioning SHA256:Zm9vYmFy',
      body: 'ec2-key-rotate:fingerprint=SHA256:Zm9vYmFy',
      pullRequest: true,
    });
  });

  const search = (q: string) => octokit.rest.search.issuesAndPullRequests({ q });

  it('finds an issue by a marker string in its body', async () => {
    const found = await search(
      `repo:${owner}/${repo} is:issue in:body "ec2-key-rotate:fingerprint=SHA256:Zm9vYmFy"`,
    );
    expect(found.data).toMatchObject({ total_count: 1, incomplete_results: false });
    expect(found.data.items[0]).toMatchObject({ number: 1, score: 1 });
    expect(found.headers['x-ratelimit-resource']).toBe('search');
    expect(found.headers['x-ratelimit-limit']).toBe('30');

    const inTitle = await search(`repo:${owner}/${repo} is:issue in:title "Zm9vYmFy"`);
    expect(inTitle.data.total_count).toBe(0);
    const prs = await search(`repo:${owner}/${repo} is:pr "SHA256:Zm9vYmFy"`);
    expect(prs.data.items.map((i) => i.number)).toEqual([3]);
    const labelled = await search(`repo:${owner}/${repo} is:issue is:open label:leaked-key`);
    expect(labelled.data.items.map((i) => i.number)).toEqual([1]);
    const unlabelled = await search(`repo:${owner}/${repo} is:issue -label:leaked-key`);
    expect(unlabelled.data.items.map((i) => i.number)).toEqual([2]);
  });

  it('matches whole words as a lexical index does, not substrings', async () => {
    expect((await search(`repo:${owner}/${repo} is:issue "Zm9vYm"`)).data.total_count).toBe(0);
    // Punctuation separates words: the marker matches however it is spelt between them.
    expect(
      (await search(`repo:${owner}/${repo} is:issue "ec2 key rotate fingerprint sha256 zm9vymfy"`))
        .data.total_count,
    ).toBe(1);
  });

  it('refuses what GitHub refuses and what it does not understand', async () => {
    const noKind = await failure(search(`repo:${owner}/${repo} "Zm9vYmFy"`));
    expect(noKind.status).toBe(422);
    expect(noKind.message).toContain("Query must include 'is:issue' or 'is:pull-request'");
    const otherRepo = await failure(search('repo:someone/else is:issue x'));
    expect(otherRepo.status).toBe(422);
    const tooLong = await failure(search(`is:issue ${'x'.repeat(260)}`));
    expect(tooLong.response?.data).toMatchObject({
      errors: [{ message: 'The search is longer than 256 characters.' }],
    });
    const unsupported = await failure(search('is:issue reactions:>5'));
    expect(unsupported.status).toBe(501);
    expect(unsupported.message).toContain('EmulatorNotImplemented');
  });

  it('can lag behind new issues like GitHub’s index', async () => {
    gh.state.searchIndexDelayMs = 60_000;
    gh.state.addIssue({ title: 'fresh', body: 'brand-new-marker' });
    const q = `repo:${owner}/${repo} is:issue "brand-new-marker"`;
    expect((await search(q)).data.total_count).toBe(0);
    gh.state.searchIndexDelayMs = 0;
    expect((await search(q)).data.total_count).toBe(1);
  });
});

describe('Actions secrets (libsodium sealed boxes)', () => {
  it('round-trips a repository secret: 201 created, 204 updated, plaintext decrypted', async () => {
    const { data: key } = await octokit.rest.actions.getRepoPublicKey({ owner, repo });
    expect(key.key_id).toMatch(/^\d{18}$/);
    expect(sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL)).toHaveLength(32);

    const value =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n';
    const first = await octokit.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: 'deploy_key',
      encrypted_value: await seal(value, key.key),
      key_id: key.key_id,
    });
    expect(first.status).toBe(201);
    expect(gh.state.repoSecret('DEPLOY_KEY')).toMatchObject({
      plaintext: value,
      keyId: key.key_id,
    });

    const second = await octokit.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: 'DEPLOY_KEY',
      encrypted_value: await seal('second', key.key),
      key_id: key.key_id,
    });
    expect(second.status).toBe(204);
    expect(gh.state.repoSecret('deploy_key')?.plaintext).toBe('second');

    const meta = await octokit.rest.actions.getRepoSecret({
      owner,
      repo,
      secret_name: 'DEPLOY_KEY',
    });
    expect(meta.data).toMatchObject({ name: 'DEPLOY_KEY' });
    expect(meta.data).not.toHaveProperty('value');
    const missing = await failure(
      octokit.rest.actions.getRepoSecret({ owner, repo, secret_name: 'NOPE' }),
    );
    expect(missing.status).toBe(404);
  });

  it('round-trips an environment secret with the environment’s own key', async () => {
    const { data: repoKey } = await octokit.rest.actions.getRepoPublicKey({ owner, repo });
    const { data: key } = await octokit.rest.actions.getEnvironmentPublicKey({
      owner,
      repo,
      environment_name: 'production',
    });
    expect(key.key_id).not.toBe(repoKey.key_id);
    const put = await octokit.rest.actions.createOrUpdateEnvironmentSecret({
      owner,
      repo,
      environment_name: 'production',
      secret_name: 'SSH_KEY',
      encrypted_value: await seal('env secret', key.key),
      key_id: key.key_id,
    });
    expect(put.status).toBe(201);
    expect(gh.state.envSecret('production', 'SSH_KEY')?.plaintext).toBe('env secret');
    expect(gh.state.repoSecret('SSH_KEY')).toBeUndefined();

    // Sealed for the repository's key (cli/cli#3831's bug): refused.
    const wrongKey = await failure(
      octokit.rest.actions.createOrUpdateEnvironmentSecret({
        owner,
        repo,
        environment_name: 'production',
        secret_name: 'SSH_KEY',
        encrypted_value: await seal('x', repoKey.key),
        key_id: key.key_id,
      }),
    );
    expect(wrongKey.status).toBe(422);
    expect(wrongKey.message).toContain('improperly encrypted secret');

    const noEnv = await failure(
      octokit.rest.actions.getEnvironmentPublicKey({ owner, repo, environment_name: 'staging' }),
    );
    expect(noEnv.status).toBe(404);
  });

  it('round-trips an organization secret, whose body needs visibility', async () => {
    const { data: key } = await octokit.rest.actions.getOrgPublicKey({ org: 'acme-org' });
    const put = await octokit.rest.actions.createOrUpdateOrgSecret({
      org: 'acme-org',
      secret_name: 'FLEET_KEY',
      encrypted_value: await seal('org secret', key.key),
      key_id: key.key_id,
      visibility: 'selected',
      selected_repository_ids: [gh.state.repoId],
    });
    expect(put.status).toBe(201);
    expect(gh.state.orgSecret('acme-org', 'FLEET_KEY')).toMatchObject({
      plaintext: 'org secret',
      visibility: 'selected',
      selectedRepositoryIds: [gh.state.repoId],
    });
    const meta = await octokit.rest.actions.getOrgSecret({
      org: 'acme-org',
      secret_name: 'FLEET_KEY',
    });
    expect(meta.data.visibility).toBe('selected');

    const noVisibility = await failure(
      octokit.request('PUT /orgs/{org}/actions/secrets/{secret_name}', {
        org: 'acme-org',
        secret_name: 'FLEET_KEY',
        encrypted_value: await seal('x', key.key),
        key_id: key.key_id,
      } as never),
    );
    expect(noVisibility.status).toBe(422);
    expect(noVisibility.message).toContain(`"visibility" wasn't supplied.`);
    const noOrg = await failure(octokit.rest.actions.getOrgPublicKey({ org: 'other-org' }));
    expect(noOrg.status).toBe(404);
  });

  it('refuses a wrong key_id, a stale key after rotation, and a value that is no sealed box', async () => {
    const { data: key } = await octokit.rest.actions.getRepoPublicKey({ owner, repo });
    const put = (encrypted_value: string, key_id: string) =>
      octokit.rest.actions.createOrUpdateRepoSecret({
        owner,
        repo,
        secret_name: 'S',
        encrypted_value,
        key_id,
      });
    const wrongId = await failure(put(await seal('v', key.key), '012345678912345678'));
    expect(wrongId.status).toBe(422);
    expect(wrongId.response?.data).toMatchObject({
      message: 'Bad request - validation failed due to an improperly encrypted secret',
    });
    const garbage = await failure(
      put(Buffer.from('not a sealed box').toString('base64'), key.key_id),
    );
    expect(garbage.status).toBe(422);
    const notBase64 = await failure(put('not base64!', key.key_id));
    expect(notBase64.status).toBe(422);
    expect(notBase64.message).toContain('does not match');

    const sealed = await seal('v', key.key);
    gh.state.rotatePublicKey({ type: 'repo' });
    const stale = await failure(put(sealed, key.key_id));
    expect(stale.status).toBe(422);
    expect(gh.state.repoSecret('S')).toBeUndefined();
  });
});

describe('authentication, permissions and errors', () => {
  it('401 for a wrong or missing token', async () => {
    const wrong = await failure(
      testOctokit(gh, { auth: 'ghs_wrong' }).rest.issues.listForRepo({ owner, repo }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.response?.data).toMatchObject({ message: 'Bad credentials' });
    const anonymous = await fetch(`${gh.url}/repos/${owner}/${repo}/issues`, {
      method: 'POST',
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: 'Requires authentication' });
    // Octokit also sends `Bearer`.
    const bearer = await fetch(`${gh.url}/repos/${owner}/${repo}/issues`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status).toBe(200);
  });

  it('403 "Resource not accessible by integration" for a GITHUB_TOKEN without the permission', async () => {
    const workflow = testOctokit(gh, { auth: 'ghs_workflow' });
    // issues: write is granted …
    expect((await workflow.rest.issues.create({ owner, repo, title: 'ok' })).status).toBe(201);
    // … secrets never are.
    const secrets = await failure(workflow.rest.actions.getRepoPublicKey({ owner, repo }));
    expect(secrets.status).toBe(403);
    expect(secrets.response?.data).toMatchObject({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/actions/secrets#get-a-repository-public-key',
    });
    expect(secrets.response?.headers['x-accepted-github-permissions']).toBe('secrets=read');

    const readOnly = testOctokit(gh, { auth: 'ghs_readonly' });
    const write = await failure(readOnly.rest.issues.create({ owner, repo, title: 'no' }));
    expect(write.status).toBe(403);
    expect(write.response?.headers['x-accepted-github-permissions']).toBe('issues=write');
    expect((await readOnly.rest.issues.listForRepo({ owner, repo })).status).toBe(200);

    const pat = testOctokit(gh, { auth: 'github_pat_reader' });
    const patWrite = await failure(
      pat.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'x' }),
    );
    expect(patWrite.response?.data).toMatchObject({
      message: 'Resource not accessible by personal access token',
    });
    expect(gh.state.issues).toHaveLength(1);
  });

  it('404 for unknown routes, other repositories and missing issues; 501 for routes not emulated', async () => {
    const unknown = await failure(octokit.request('GET /no/such/route'));
    expect(unknown.status).toBe(404);
    expect(unknown.response?.headers['x-github-request-id']).toBeTruthy();
    expect(unknown.response?.headers['x-ratelimit-limit']).toBe('5000');
    expect(unknown.response?.data).toMatchObject({ message: 'Not Found' });
    const otherRepo = await failure(octokit.rest.issues.listForRepo({ owner, repo: 'other' }));
    expect(otherRepo.status).toBe(404);
    const missing = await failure(octokit.rest.issues.get({ owner, repo, issue_number: 99 }));
    expect(missing.status).toBe(404);
    const notNumber = await failure(octokit.request(`GET /repos/${owner}/${repo}/issues/abc`));
    expect(notNumber.status).toBe(404);
    // Owner and repository names are not case sensitive.
    expect((await octokit.rest.issues.listForRepo({ owner: 'ACME', repo: 'Infra' })).status).toBe(
      200,
    );

    const lock = await failure(octokit.rest.issues.lock({ owner, repo, issue_number: 1 }));
    expect(lock.status).toBe(501);
    expect(lock.message).toContain('issues/lock');
  });

  it('refuses a request body or query that GitHub’s OpenAPI description does not allow', async () => {
    const badBody = await failure(
      octokit.request('POST /repos/{owner}/{repo}/issues', {
        owner,
        repo,
        title: 'x',
        body: 5,
        labels: 'security',
      } as never),
    );
    expect(badBody.status).toBe(422);
    expect((badBody.response?.data as { message: string }).message).toBe(
      "Invalid request.\n\nFor 'properties/body', 5 is not a string.\nFor 'properties/labels', \"security\" is not an array.",
    );
    expect(gh.state.issues).toHaveLength(0);
    expect(gh.log.last()).toMatchObject({
      route: 'POST /repos/{owner}/{repo}/issues',
      status: 422,
      body: { title: 'x', body: 5, labels: 'security' },
    });

    const missingKey = await failure(
      octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        owner,
        repo,
        secret_name: 'S',
        encrypted_value: 'c2VjcmV0',
      } as never),
    );
    expect(missingKey.message).toContain(`"key_id" wasn't supplied.`);

    const badQuery = await failure(
      octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'bogus' } as never),
    );
    expect(badQuery.status).toBe(422);
    expect(badQuery.response?.data).toMatchObject({
      errors: [{ resource: 'Issue', field: 'state', code: 'invalid', value: 'bogus' }],
    });

    const notJson = await fetch(`${gh.url}/repos/${owner}/${repo}/issues`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"title": ',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ message: 'Problems parsing JSON' });
  });

  it('answers 500 when its own response does not match the description (an emulator bug)', async () => {
    expectNoBugs = false;
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const issue = gh.state.addIssue({ title: 'x' });
    (issue as unknown as { title: number }).title = 5;
    const error = await failure(
      testOctokit(gh, { retries: 0 }).rest.issues.get({ owner, repo, issue_number: issue.number }),
    );
    expect(error.status).toBe(500);
    expect(error.message).toContain('emulator bug');
    expect(gh.log.bugs()).toHaveLength(1);
    expect(gh.log.bugs()[0]?.bug).toContain('/title must be string');
    expect(consoleError).toHaveBeenCalledOnce();
    consoleError.mockRestore();
  });

  it('sends GitHub’s headers on every response and counts the rate limit', async () => {
    const one = await octokit.rest.issues.listForRepo({ owner, repo });
    expect(one.headers['x-github-request-id']).toMatch(
      /^[0-9A-F]{4}:[0-9A-F]{4,5}:[0-9A-F]{6}:[0-9A-F]{6}:[0-9A-F]{8}$/,
    );
    expect(one.headers).toMatchObject({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
    });
    const missing = await failure(octokit.rest.issues.get({ owner, repo, issue_number: 9 }));
    expect(missing.response?.headers['x-github-request-id']).toBeTruthy();
    expect(missing.response?.headers['x-ratelimit-remaining']).toBe('4998');
    const rate = await octokit.rest.rateLimit.get();
    expect(rate.data.resources.core).toMatchObject({ limit: 5000, used: 2, remaining: 4998 });
    expect(rate.data.resources.search).toMatchObject({ limit: 30, used: 0 });
  });

  it('enforces the primary rate limit when asked, and resets it with the window', async () => {
    await gh.stop();
    let now = Date.parse('2026-01-01T00:00:00Z');
    gh = await startGitHubServer({
      owner,
      repo,
      token: TOKEN,
      rateLimits: { search: 2 },
      enforceRateLimits: true,
      now: () => new Date(now),
    });
    const client = testOctokit(gh, { throttle: fastThrottle({ maxRetries: 0 }) });
    const search = () => client.rest.search.issuesAndPullRequests({ q: 'is:issue x' });
    await search();
    expect((await search()).headers['x-ratelimit-remaining']).toBe('0');
    const limited = await failure(search());
    expect(limited.status).toBe(403);
    expect(limited.response?.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.response?.headers['x-ratelimit-reset']).toBe(String(now / 1000 + 60));
    expect(limited.message).toMatch(/^API rate limit exceeded/);
    // Core requests have their own budget.
    expect((await client.rest.issues.listForRepo({ owner, repo })).status).toBe(200);
    now += 61_000;
    expect((await search()).status).toBe(200);
  });

  it('gives the environment a workflow step would see', () => {
    expect(githubEnv(gh)).toEqual({
      GITHUB_API_URL: gh.url,
      GITHUB_TOKEN: TOKEN,
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_REPOSITORY_OWNER: 'acme',
    });
  });
});

describe('rate limits and server errors, retried by the plugins', () => {
  it('a primary rate limit (403, x-ratelimit-remaining: 0) is retried after the reset', async () => {
    const events: RateLimitEvent[] = [];
    const client = testOctokit(gh, { throttle: fastThrottle({ events }) });
    const fault = gh.faults.rateLimit({
      route: 'POST /repos/{owner}/{repo}/issues',
      resetInSeconds: 2,
    });
    const created = await client.rest.issues.create({ owner, repo, title: 'after the limit' });
    expect(created.status).toBe(201);
    expect(fault.hits).toBe(1);
    expect(events).toMatchObject([{ kind: 'primary', method: 'POST', retryCount: 0 }]);
    // reset 2 s ahead + 1 s, in the plugin's seconds.
    expect(events[0]?.retryAfter).toBeGreaterThanOrEqual(2);
    const calls = gh.log.calls('issues/create');
    expect(calls.map((c) => [c.status, c.injected ?? false])).toEqual([
      [403, true],
      [201, false],
    ]);
    expect(calls[0]?.response).toMatchObject({
      message: 'API rate limit exceeded for installation ID 1.',
    });
    expect(gh.state.issues).toHaveLength(1);
  });

  it('a secondary rate limit (403 + retry-after) is retried without waiting the real minute', async () => {
    const events: RateLimitEvent[] = [];
    const client = testOctokit(gh, { throttle: fastThrottle({ events }) });
    gh.faults.secondaryRateLimit({
      route: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      retryAfter: 60,
      times: 2,
    });
    gh.state.addIssue({ title: 't' });
    const started = Date.now();
    const comment = await client.rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: 'b',
    });
    expect(comment.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(events.map((e) => [e.kind, e.retryAfter, e.retryCount])).toEqual([
      ['secondary', 60, 0],
      ['secondary', 60, 1],
    ]);
    expect(gh.log.count('issues/create-comment')).toBe(3);
  });

  it('gives up when the rate-limit handler says so', async () => {
    const client = testOctokit(gh, { throttle: fastThrottle({ maxRetries: 0 }) });
    gh.faults.secondaryRateLimit({ route: 'search/issues-and-pull-requests' });
    const error = await failure(client.rest.search.issuesAndPullRequests({ q: 'is:issue x' }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/secondary rate limit/);
    expect(error.response?.headers['retry-after']).toBe('1');
  });

  it('5xx answers are retried by @octokit/plugin-retry, then surface', async () => {
    gh.faults.serverError({ route: 'GET /repos/{owner}/{repo}/labels/{name}', times: 2 });
    const label = await octokit.rest.issues.getLabel({ owner, repo, name: 'bug' });
    expect(label.status).toBe(200);
    expect(gh.log.calls('issues/get-label').map((c) => c.status)).toEqual([500, 500, 200]);

    gh.faults.serverError({ status: 502, route: 'issues/list-for-repo', times: Infinity });
    const error = await failure(octokit.rest.issues.listForRepo({ owner, repo }));
    expect(error.status).toBe(502);
    // The first try and the plugin's 3 retries.
    expect(gh.log.count('issues/list-for-repo')).toBe(4);
  });

  it('faults can reset the connection, be narrowed, skip, and add latency', async () => {
    gh.state.addIssue({ title: 'one' });
    gh.state.addIssue({ title: 'two' });
    gh.faults.inject({
      route: 'issues/get',
      when: (request) => request.params.issue_number === '2',
      status: 404,
      skip: 1,
    });
    expect((await octokit.rest.issues.get({ owner, repo, issue_number: 2 })).status).toBe(200);
    expect((await octokit.rest.issues.get({ owner, repo, issue_number: 1 })).status).toBe(200);
    expect((await failure(octokit.rest.issues.get({ owner, repo, issue_number: 2 }))).status).toBe(
      404,
    );

    gh.faults.inject({ method: 'GET', route: '/repos/{owner}/{repo}/issues', reset: true });
    const reset = await failure(
      testOctokit(gh, { retries: 0 }).rest.issues.listForRepo({ owner, repo }),
    );
    expect(reset.status).toBe(500);
    expect(gh.log.last()).toMatchObject({ status: 0, error: 'ECONNRESET', injected: true });

    gh.faults.latency(150, 'issues/list-for-repo', 1);
    const started = Date.now();
    await octokit.rest.issues.listForRepo({ owner, repo });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('writes are not spaced one second apart by the throttling plugin', async () => {
    const started = Date.now();
    for (let i = 0; i < 10; i += 1)
      await octokit.rest.issues.create({ owner, repo, title: `t${i}` });
    await octokit.rest.search.issuesAndPullRequests({ q: 'is:issue t1' });
    await octokit.rest.search.issuesAndPullRequests({ q: 'is:issue t2' });
    // The plugin's defaults would take ≥ 9 s for the writes and 2 s between the searches.
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
