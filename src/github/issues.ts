/**
 * One issue per leaked key, found again by the hidden marker in its body.
 * Listing by label (not search) because the search index lags behind: a
 * run right after another must still see the issue it opened.
 */
import type { Language } from './messages.js';
import type { GitHub } from './client.js';
import { explainGitHubError, ISSUES_PERMISSION } from './errors.js';
import {
  issueBody,
  issueComment,
  issueMarker,
  issueTitle,
  markerKeyId,
  refreshedBody,
  type LeakReport,
  type RunInfo,
} from './issue-body.js';
import {
  EMPTY_STATE,
  newPlaces,
  nextState,
  readState,
  rotationChanged,
  standingOf,
  type HostStanding,
  type RunFacts,
} from './issue-state.js';
import { auditDigest } from './audit-section.js';

export interface Repository {
  owner: string;
  repo: string;
}

export const LEAK_LABELS = [
  {
    name: 'leaked-private-key',
    color: 'b60205',
    description: 'A private key was committed (ec2-key-rotate)',
  },
  { name: 'security', color: 'd93f0b', description: 'Security issue' },
];

export interface LeakIssue {
  number: number;
  url: string;
  /** Opened by this run (its body is completed once); otherwise later results go in a comment. */
  created: boolean;
  /** Closed before this run and reopened by it. */
  reopened: boolean;
  /** The body as this run found or wrote it. */
  body: string;
}

async function ensureLabels(github: GitHub, repository: Repository): Promise<void> {
  for (const label of LEAK_LABELS) {
    try {
      await github.rest.issues.getLabel({ ...repository, name: label.name });
      continue;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    try {
      await github.rest.issues.createLabel({ ...repository, ...label });
    } catch (error) {
      // Another run created it in between.
      if ((error as { status?: number }).status !== 422) throw error;
    }
  }
}

interface ListedIssue {
  number: number;
  html_url: string;
  state: string;
  body?: string | null;
  pull_request?: unknown;
}

const found = (issue: ListedIssue): LeakIssue => ({
  number: issue.number,
  url: issue.html_url,
  created: false,
  reopened: false,
  body: issue.body ?? '',
});

/** Every issue (open or closed) carrying the marker of `keyId`, oldest first. */
async function issuesFor(
  github: GitHub,
  repository: Repository,
  keyId: string,
): Promise<ListedIssue[]> {
  const listed = (await github.paginate(github.rest.issues.listForRepo, {
    ...repository,
    labels: LEAK_LABELS[0]?.name,
    state: 'all',
    per_page: 100,
  })) as ListedIssue[];
  return listed
    .filter((issue) => !issue.pull_request && markerKeyId(issue.body) === keyId)
    .sort((a, b) => a.number - b.number);
}

/**
 * Finds the key's issue or opens it (body with the rotation still pending).
 * A closed issue is reopened only when the key turns up somewhere new to the
 * scan (a push, a pull request, the working tree); a history scan that
 * meets the key again leaves a closed issue closed.
 */
export async function openLeakIssue(
  github: GitHub,
  repository: Repository,
  report: LeakReport,
  run: RunInfo,
  language: Language,
  options: { reopenClosed: boolean },
): Promise<LeakIssue | null> {
  try {
    const [existing] = await issuesFor(github, repository, report.finding.id);
    if (existing) {
      if (existing.state === 'closed') {
        if (!options.reopenClosed) return null;
        await github.rest.issues.update({
          ...repository,
          issue_number: existing.number,
          state: 'open',
        });
        return { ...found(existing), reopened: true };
      }
      return found(existing);
    }
    await ensureLabels(github, repository);
    const body = issueBody(
      report,
      run,
      language,
      nextState(EMPTY_STATE, report.finding.locations, run.scanned ?? '', null),
    );
    const created = await github.rest.issues.create({
      ...repository,
      title: issueTitle(report.finding, language),
      body,
      labels: LEAK_LABELS.map((label) => label.name),
    });
    // Two runs racing (no concurrency group): the older issue wins, ours closes as its duplicate.
    const all = await issuesFor(github, repository, report.finding.id);
    const oldest = all[0];
    if (oldest && oldest.number !== created.data.number) {
      await github.rest.issues.update({
        ...repository,
        issue_number: created.data.number,
        state: 'closed',
        state_reason: 'not_planned',
        body: `${issueMarker(`duplicate-of-${oldest.number}`)}\nDuplicate of #${oldest.number}.`,
      });
      return found(oldest);
    }
    return {
      number: created.data.number,
      url: created.data.html_url,
      created: true,
      reopened: false,
      body,
    };
  } catch (error) {
    throw explainGitHubError(error, 'open the leak issue', ISSUES_PERMISSION);
  }
}

/** What recordLeakResult did to the issue. */
export type IssueUpdate = 'written' | 'commented' | 'unchanged';

/** The facts a report carries, or null when this run did not ask AWS (or only planned). */
function rotationFacts(report: LeakReport): RunFacts | null {
  if (!report.lookedUp || report.status === 'pending' || report.status === 'dry-run') return null;
  const hosts: Record<string, HostStanding> = {};
  for (const rotation of report.rotations)
    for (const host of rotation.hosts) hosts[host.instanceId] = standingOf(host.outcome);
  return { status: report.status, hosts, audit: auditDigest(report.audit) };
}

/**
 * Writes what the run did. The opening run completes the body. A later run
 * keeps the body's status section current and comments only when something
 * changed: new places, new instances, a different rotation result.
 */
export async function recordLeakResult(
  github: GitHub,
  repository: Repository,
  issue: LeakIssue,
  report: LeakReport,
  run: RunInfo,
  language: Language,
  options: { fresh: boolean },
): Promise<IssueUpdate> {
  try {
    const facts = rotationFacts(report);
    if (issue.created) {
      await github.rest.issues.update({
        ...repository,
        issue_number: issue.number,
        body: issueBody(
          report,
          run,
          language,
          nextState(EMPTY_STATE, report.finding.locations, run.scanned ?? '', facts),
        ),
      });
      return 'written';
    }
    const state = readState(issue.body) ?? EMPTY_STATE;
    const changes = {
      newPlaces: newPlaces(state, report.finding.locations, run.scanned ?? '', options.fresh),
      rotationChanged: rotationChanged(state, facts),
    };
    if (!changes.newPlaces.length && !changes.rotationChanged) return 'unchanged';
    await github.rest.issues.createComment({
      ...repository,
      issue_number: issue.number,
      body: issueComment(report, changes, run, language),
    });
    await github.rest.issues.update({
      ...repository,
      issue_number: issue.number,
      body: refreshedBody(
        issue.body,
        facts ? report : null,
        nextState(state, report.finding.locations, run.scanned ?? '', facts),
        language,
      ),
    });
    return 'commented';
  } catch (error) {
    throw explainGitHubError(error, `update issue #${issue.number}`, ISSUES_PERMISSION);
  }
}
