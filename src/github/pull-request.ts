/** The one comment on a pull request that adds keys, updated in place on each push to it. */
import { describeKey } from '../report/describe.js';
import type { Finding } from '../scan/findings.js';
import type { GitHub } from './client.js';
import { explainGitHubError, ISSUES_PERMISSION } from './errors.js';
import type { Repository } from './issues.js';
import { cell, cellCode } from './markdown.js';
import { MESSAGES, type Language } from './messages.js';

const MARKER = '<!-- ec2-key-rotate:pull-request -->';

export function pullRequestComment(findings: Finding[], language: Language): string {
  const m = MESSAGES[language];
  const rows = findings.flatMap((finding) =>
    finding.locations.map(
      (place) =>
        `| ${cell(describeKey(finding))} | ${cellCode(finding.fingerprint ?? finding.id)} | ${cellCode(`${place.path}:${place.line}`)} | ${place.commit ? cellCode(place.commit.slice(0, 12)) : ''} |`,
    ),
  );
  return [
    MARKER,
    `**${m.prComment(findings.length)}**`,
    '',
    `| ${m.type} | ${m.fingerprint} | ${m.path} | ${m.commit} |`,
    '|---|---|---|---|',
    ...rows,
    '',
    m.prAdvice,
    '',
  ].join('\n');
}

export async function upsertPullRequestComment(
  github: GitHub,
  repository: Repository,
  number: number,
  findings: Finding[],
  language: Language,
): Promise<void> {
  const body = pullRequestComment(findings, language);
  try {
    const comments = await github.paginate(github.rest.issues.listComments, {
      ...repository,
      issue_number: number,
      per_page: 100,
    });
    const ours = comments.find((comment) => comment.body?.startsWith(MARKER));
    if (ours) {
      if (ours.body !== body)
        await github.rest.issues.updateComment({ ...repository, comment_id: ours.id, body });
    } else {
      await github.rest.issues.createComment({ ...repository, issue_number: number, body });
    }
  } catch (error) {
    throw explainGitHubError(
      error,
      `comment on pull request #${number}`,
      ISSUES_PERMISSION.replace('issues', 'pull-requests'),
    );
  }
}
