/**
 * Repositories: `GET /repos/{owner}/{repo}` for the server's one repository,
 * and the repository objects other answers embed (an organization secret's
 * selected repositories). Only the server's own repository is known by name;
 * any other id an organization secret selects is rendered as `<org>/repo-<id>`.
 */
import { iso, userJson, type RenderContext } from './state.js';
import type { Route } from './server.js';

export interface RepositoryRef {
  id: number;
  owner: string;
  name: string;
  visibility: 'public' | 'private' | 'internal';
}

/** The server's repository, or a stand-in for another id in the organization. */
export function repositoryById(ctx: RenderContext, id: number, org: string): RepositoryRef {
  const { state } = ctx;
  return id === state.repoId
    ? { id, owner: state.owner, name: state.repo, visibility: state.repoVisibility }
    : { id, owner: org, name: `repo-${id}`, visibility: 'private' };
}

/** GitHub's `minimal-repository` (what lists of repositories carry). */
export function minimalRepositoryJson(
  ctx: RenderContext,
  repo: RepositoryRef,
): Record<string, unknown> {
  const fullName = `${repo.owner}/${repo.name}`;
  const api = `${ctx.api}/repos/${fullName}`;
  const owner = ctx.state.user(
    repo.owner,
    ctx.state.orgs.some((org) => org.toLowerCase() === repo.owner.toLowerCase())
      ? 'Organization'
      : undefined,
  );
  return {
    id: repo.id,
    node_id: `R_kgDO${Buffer.from(String(repo.id)).toString('base64url')}`,
    name: repo.name,
    full_name: fullName,
    owner: userJson(ctx, owner.login),
    private: repo.visibility !== 'public',
    visibility: repo.visibility,
    html_url: `${ctx.html}/${fullName}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  };
}

/** GitHub's `full-repository` (`GET /repos/{owner}/{repo}`). */
export function fullRepositoryJson(
  ctx: RenderContext,
  repo: RepositoryRef,
): Record<string, unknown> {
  const fullName = `${repo.owner}/${repo.name}`;
  const created = iso(new Date('2024-01-02T03:04:05Z'));
  const openIssues = ctx.state.issues.filter((issue) => issue.state === 'open').length;
  return {
    ...minimalRepositoryJson(ctx, repo),
    clone_url: `${ctx.html}/${fullName}.git`,
    git_url: `git://${new URL(ctx.html).host}/${fullName}.git`,
    ssh_url: `git@${new URL(ctx.html).host}:${fullName}.git`,
    svn_url: `${ctx.html}/${fullName}`,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    default_branch: 'main',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    open_issues: openIssues,
    open_issues_count: openIssues,
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: created,
    created_at: created,
    updated_at: created,
    network_count: 0,
    subscribers_count: 0,
  };
}

export const repoRoutes: Record<string, Route> = {
  // Metadata: read, which every token with access to the repository has.
  'GET /repos/{owner}/{repo}': {
    handler: (ctx) => ({
      status: 200,
      body: fullRepositoryJson(ctx.render, repositoryById(ctx.render, ctx.state.repoId, '')),
    }),
  },
};
