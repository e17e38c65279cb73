/** Issues, issue comments and labels of the one repository. */
import { paginate } from './pagination.js';
import {
  notFound,
  notImplemented,
  validationFailed,
  type RequestContext,
  type Route,
} from './server.js';
import { commentJson, issueJson, labelJson, type IssueRecord, type LabelRecord } from './state.js';

/** GitHub's limit on issue and comment bodies. */
export const MAX_BODY_LENGTH = 65536;

const READ: Route['permissions'] = [['issues', 'read']];
const WRITE: Route['permissions'] = [['issues', 'write']];
const LABEL_WRITE: Route['permissions'] = [
  ['issues', 'write'],
  ['pull_requests', 'write'],
];

function issueOr404(ctx: RequestContext): IssueRecord {
  const issue = ctx.state.issue(Number(ctx.params.issue_number));
  if (!issue) throw notFound();
  return issue;
}

function checkBody(resource: string, body: unknown): void {
  if (typeof body === 'string' && body.length > MAX_BODY_LENGTH) {
    throw validationFailed({
      resource,
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
    });
  }
}

type LabelInput = string | { name?: string };

function labelNames(input: LabelInput[] | undefined): string[] {
  return (input ?? [])
    .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function unsupported(ctx: RequestContext, names: string[], source: Record<string, unknown>): void {
  for (const name of names) {
    if (source[name] !== undefined && source[name] !== null)
      throw notImplemented(`the \`${name}\` parameter of ${ctx.op.operationId}`);
  }
}

function listIssues(ctx: RequestContext) {
  const q = ctx.query;
  unsupported(ctx, ['mentioned', 'type', 'issue_field_values'], q);
  const lower = (s: unknown): string => String(s).toLowerCase();
  let issues = ctx.state.issues.slice();
  if (q.state !== 'all') issues = issues.filter((issue) => issue.state === q.state);
  if (typeof q.labels === 'string' && q.labels.trim() !== '') {
    const wanted = q.labels.split(',').map((name) => name.trim().toLowerCase());
    issues = issues.filter((issue) =>
      wanted.every((name) => issue.labels.some((label) => label.toLowerCase() === name)),
    );
  }
  if (q.creator !== undefined) issues = issues.filter((i) => lower(i.user) === lower(q.creator));
  if (q.assignee === 'none') issues = issues.filter((i) => i.assignees.length === 0);
  else if (q.assignee === '*') issues = issues.filter((i) => i.assignees.length > 0);
  else if (q.assignee !== undefined)
    issues = issues.filter((i) => i.assignees.some((a) => lower(a) === lower(q.assignee)));
  // The server has no milestones.
  if (q.milestone !== undefined && q.milestone !== 'none') issues = [];
  if (typeof q.since === 'string') {
    const since = Date.parse(q.since);
    issues = issues.filter((issue) => issue.updatedAt.getTime() >= since);
  }
  const key = (issue: IssueRecord): number =>
    q.sort === 'updated'
      ? issue.updatedAt.getTime()
      : q.sort === 'comments'
        ? issue.comments.length
        : issue.createdAt.getTime();
  const sign = q.direction === 'asc' ? 1 : -1;
  issues.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
  const page = paginate(ctx, issues);
  return {
    status: 200,
    headers: page.headers,
    body: page.items.map((issue) => issueJson(ctx.render, issue)),
  };
}

interface IssueBody {
  title?: string | number | null;
  body?: string | null;
  assignee?: string | null;
  assignees?: string[];
  milestone?: string | number | null;
  labels?: LabelInput[];
  state?: 'open' | 'closed';
  state_reason?: IssueRecord['stateReason'];
  type?: string | null;
  issue_field_values?: unknown;
}

function createIssue(ctx: RequestContext) {
  const input = ctx.body as IssueBody;
  unsupported(ctx, ['type', 'issue_field_values'], input as Record<string, unknown>);
  const title = String(input.title ?? '').trim();
  if (title === '')
    throw validationFailed({ resource: 'Issue', code: 'missing_field', field: 'title' });
  checkBody('Issue', input.body);
  if (input.milestone !== undefined && input.milestone !== null) {
    throw validationFailed({
      resource: 'Issue',
      code: 'invalid',
      field: 'milestone',
      value: String(input.milestone),
    });
  }
  const assignees = [...(input.assignees ?? [])];
  if (input.assignee && !assignees.includes(input.assignee)) assignees.unshift(input.assignee);
  const issue = ctx.state.addIssue({
    title: String(input.title),
    body: input.body ?? null,
    labels: labelNames(input.labels),
    assignees,
    user: ctx.identity.login,
  });
  const json = issueJson(ctx.render, issue);
  return { status: 201, headers: { location: String(json.url) }, body: json };
}

function updateIssue(ctx: RequestContext) {
  const issue = issueOr404(ctx);
  const input = ctx.body as IssueBody;
  unsupported(ctx, ['type', 'issue_field_values'], input as Record<string, unknown>);
  const now = ctx.state.now();
  if (input.title !== undefined && input.title !== null) {
    const title = String(input.title).trim();
    if (title === '')
      throw validationFailed({ resource: 'Issue', code: 'missing_field', field: 'title' });
    issue.title = String(input.title);
  }
  if (input.body !== undefined) {
    checkBody('Issue', input.body);
    issue.body = input.body;
  }
  if (input.milestone !== undefined && input.milestone !== null) {
    throw validationFailed({
      resource: 'Issue',
      code: 'invalid',
      field: 'milestone',
      value: String(input.milestone),
    });
  }
  if (input.labels !== undefined) issue.labels = ctx.state.ensureLabels(labelNames(input.labels));
  if (input.assignees !== undefined) issue.assignees = [...input.assignees];
  if (input.assignee !== undefined) issue.assignees = input.assignee ? [input.assignee] : [];
  if (input.state !== undefined && input.state !== issue.state) {
    issue.state = input.state;
    if (input.state === 'closed') {
      issue.closedAt = now;
      issue.closedBy = ctx.identity.login;
      issue.stateReason =
        input.state_reason && input.state_reason !== 'reopened' ? input.state_reason : 'completed';
    } else {
      issue.closedAt = null;
      issue.closedBy = null;
      issue.stateReason = 'reopened';
    }
  }
  issue.updatedAt = now;
  return { status: 200, body: issueJson(ctx.render, issue) };
}

function commentBody(ctx: RequestContext): string {
  const body = String((ctx.body as { body?: string }).body ?? '');
  if (body.trim() === '')
    throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
  checkBody('IssueComment', body);
  return body;
}

function labelOr404(ctx: RequestContext): LabelRecord {
  const label = ctx.state.label(String(ctx.params.name));
  if (!label) throw notFound();
  return label;
}

const issueLabels = (ctx: RequestContext, issue: IssueRecord): unknown[] =>
  issue.labels
    .map((name) => ctx.state.label(name))
    .filter((label): label is LabelRecord => label !== undefined)
    .map((label) => labelJson(ctx.render, label));

export const issueRoutes: Record<string, Route> = {
  'GET /repos/{owner}/{repo}/issues': { permissions: READ, handler: listIssues },
  'POST /repos/{owner}/{repo}/issues': { permissions: WRITE, handler: createIssue },
  'GET /repos/{owner}/{repo}/issues/{issue_number}': {
    permissions: READ,
    handler: (ctx) => ({ status: 200, body: issueJson(ctx.render, issueOr404(ctx)) }),
  },
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': { permissions: WRITE, handler: updateIssue },

  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    permissions: READ,
    handler: (ctx) => {
      let comments = issueOr404(ctx).comments.slice();
      if (typeof ctx.query.since === 'string') {
        const since = Date.parse(ctx.query.since);
        comments = comments.filter((c) => c.updatedAt.getTime() >= since);
      }
      const page = paginate(ctx, comments);
      return {
        status: 200,
        headers: page.headers,
        body: page.items.map((c) => commentJson(ctx.render, c)),
      };
    },
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    permissions: WRITE,
    handler: (ctx) => {
      const issue = issueOr404(ctx);
      const comment = ctx.state.addComment(issue.number, commentBody(ctx), ctx.identity.login);
      const json = commentJson(ctx.render, comment);
      return { status: 201, headers: { location: String(json.url) }, body: json };
    },
  },
  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': {
    permissions: READ,
    handler: (ctx) => {
      const comment = ctx.state.comment(Number(ctx.params.comment_id));
      if (!comment) throw notFound();
      return { status: 200, body: commentJson(ctx.render, comment) };
    },
  },
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
    permissions: WRITE,
    handler: (ctx) => {
      const comment = ctx.state.comment(Number(ctx.params.comment_id));
      if (!comment) throw notFound();
      comment.body = commentBody(ctx);
      comment.updatedAt = ctx.state.now();
      return { status: 200, body: commentJson(ctx.render, comment) };
    },
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': {
    permissions: LABEL_WRITE,
    handler: (ctx) => {
      const issue = issueOr404(ctx);
      const input = ctx.body as { labels?: LabelInput[] } | LabelInput[];
      const names = labelNames(Array.isArray(input) ? input : input.labels);
      issue.labels = ctx.state.ensureLabels([...issue.labels, ...names]);
      issue.updatedAt = ctx.state.now();
      return { status: 200, body: issueLabels(ctx, issue) };
    },
  },
  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': {
    permissions: LABEL_WRITE,
    handler: (ctx) => {
      const issue = issueOr404(ctx);
      const name = String(ctx.params.name).toLowerCase();
      const index = issue.labels.findIndex((label) => label.toLowerCase() === name);
      if (index < 0) throw notFound();
      issue.labels.splice(index, 1);
      issue.updatedAt = ctx.state.now();
      return { status: 200, body: issueLabels(ctx, issue) };
    },
  },

  'GET /repos/{owner}/{repo}/labels': {
    permissions: READ,
    handler: (ctx) => {
      const page = paginate(ctx, ctx.state.labels);
      return {
        status: 200,
        headers: page.headers,
        body: page.items.map((label) => labelJson(ctx.render, label)),
      };
    },
  },
  'GET /repos/{owner}/{repo}/labels/{name}': {
    permissions: READ,
    handler: (ctx) => ({ status: 200, body: labelJson(ctx.render, labelOr404(ctx)) }),
  },
  'POST /repos/{owner}/{repo}/labels': {
    permissions: LABEL_WRITE,
    handler: (ctx) => {
      const input = ctx.body as { name: string; color?: string; description?: string };
      const name = input.name.trim();
      if (name === '')
        throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'name' });
      if (input.color !== undefined && !/^[0-9a-fA-F]{6}$/.test(input.color))
        throw validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
      if (input.description !== undefined && input.description.length > 100) {
        throw validationFailed({
          resource: 'Label',
          code: 'custom',
          field: 'description',
          message: 'description is too long (maximum is 100 characters)',
        });
      }
      if (ctx.state.label(name))
        throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      const label = ctx.state.addLabel({
        name,
        color: input.color?.toLowerCase(),
        description: input.description ?? null,
      });
      const json = labelJson(ctx.render, label);
      return { status: 201, headers: { location: String(json.url) }, body: json };
    },
  },
};
