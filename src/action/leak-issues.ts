/**
 * The GitHub side of a run's leaks: the pull request comment, one issue per
 * leaked key before any rotation, and each issue's result after it. Every
 * call is best-effort: a failure is named in the returned list and the run
 * goes on (a token without `issues: write`, issues disabled, 410, 5xx after
 * the retry plugin gave up).
 */
import * as core from '@actions/core';
import type { EngineError, EngineResult } from '../aws/engine.js';
import { errorSubject, needsAttention } from '../aws/outcome.js';
import type { RotationReport } from '../aws/rotate.js';
import type { ActionConfig, RunnerContext } from '../config.js';
import type { GitHub } from '../github/client.js';
import type { LeakReport, RotationStatus, RunInfo } from '../github/issue-body.js';
import { openLeakIssue, recordLeakResult, type LeakIssue } from '../github/issues.js';
import { upsertPullRequestComment } from '../github/pull-request.js';
import { quoteForLog } from '../report/log-escape.js';
import type { Finding } from '../scan/findings.js';
import type { AuditOutcome } from './audit-step.js';
import type { Rotation } from './engine-step.js';
import type { ChosenSource } from './source.js';

export interface LeakIssues {
  /** Issue per finding id, for the summary and outputs. */
  opened: Map<string, LeakIssue>;
  failures: string[];
  /** Writes each issue's result after the rotation; returns the failures. */
  record(rotation: Rotation | null, audit: AuditOutcome | null): Promise<string[]>;
}

interface RunFacts {
  config: ActionConfig;
  context: RunnerContext;
  chosen: ChosenSource | null;
  run: RunInfo;
  leaks: Finding[];
  isPullRequest: boolean;
  /** This run answers leaks with a rotation. */
  respond: boolean;
}

const message = (error: unknown): string => (error as Error).message;

/** The engine errors that concern this leaked key: its own rotations, or the whole run. */
function errorsFor(
  finding: Finding,
  rotations: RotationReport[],
  engine: EngineResult | null,
): EngineError[] {
  return (engine?.errors ?? []).filter(
    (error) =>
      error.scope !== 'key-pair' ||
      (error.leakedFingerprint !== undefined &&
        error.leakedFingerprint !== null &&
        error.leakedFingerprint === finding.fingerprint) ||
      rotations.some((rotation) => rotation.keyName === error.keyName),
  );
}

/**
 * What the issue says was done. Each status matches what the issue's key
 * pair section shows: a key that cannot be fingerprinted matches nothing; no
 * rotation means no key pair held it; done means rotations that all ended
 * clean.
 */
export function statusOf(
  finding: Finding,
  rotations: RotationReport[],
  engine: EngineResult | null,
  dryRun: boolean,
): RotationStatus {
  if (!finding.fingerprint) return 'cannot-match';
  if (!engine) return 'not-requested';
  if (dryRun) return 'dry-run';
  if (errorsFor(finding, rotations, engine).length) return 'failed';
  const leakOpen = engine.leaks.some(
    (leak) => leak.fingerprint === finding.fingerprint && leak.status === 'open',
  );
  // Done only when no instance the key ever opened may still accept it.
  if (!rotations.length) return leakOpen ? 'failed' : 'no-key-pair';
  const open = rotations.some((rotation) =>
    rotation.hosts.some((host) => needsAttention(host.outcome)),
  );
  return open || leakOpen ? 'partial' : 'done';
}

export async function openIssues(github: GitHub | null, facts: RunFacts): Promise<LeakIssues> {
  const { config, context, chosen, run, leaks, isPullRequest, respond } = facts;
  const opened = new Map<string, LeakIssue>();
  const failures: string[] = [];
  const repository = context.repository;
  // Issues may live in a central repository: one issue per key across every repository scanned.
  const issueRepository = config.issueRepository ?? repository;
  const nothing: LeakIssues = { opened, failures, record: async () => [] };
  if (!github || !repository || !leaks.length) return nothing;

  if (isPullRequest) {
    // A pull request is reported on the pull request; rotating is for the branches that shipped.
    const number = Number((context.event.pull_request as { number?: number } | undefined)?.number);
    if (number) {
      try {
        await upsertPullRequestComment(github, repository, number, leaks, config.language);
      } catch (error) {
        failures.push(message(error));
      }
    }
    return nothing;
  }
  if (!issueRepository || !config.createIssues || config.mode === 'rotate') return nothing;

  const pending = (finding: Finding): LeakReport => ({
    finding,
    rotations: [],
    status: !finding.fingerprint
      ? 'cannot-match'
      : respond && config.aws.regions.length
        ? 'pending'
        : 'not-requested',
    lookedUp: false,
    errors: [],
    secretUpdated: null,
  });
  for (const finding of leaks) {
    try {
      const issue = await openLeakIssue(
        github,
        issueRepository,
        pending(finding),
        run,
        config.language,
        { reopenClosed: chosen?.fresh ?? false },
      );
      if (issue) {
        opened.set(finding.id, issue);
        core.info(
          `${issue.created ? 'Opened' : 'Found'} issue #${issue.number} for ${quoteForLog(finding.id)}${issue.reopened ? ' (reopened)' : ''}`,
        );
      } else {
        core.info(
          `The issue for ${quoteForLog(finding.id)} is closed and the key was found only in old history: left closed`,
        );
      }
    } catch (error) {
      failures.push(message(error));
    }
  }

  const record = async (
    rotation: Rotation | null,
    audit: AuditOutcome | null,
  ): Promise<string[]> => {
    const later: string[] = [];
    const engine = respond ? (rotation?.engine ?? null) : null;
    for (const finding of leaks) {
      const issue = opened.get(finding.id);
      if (!issue) continue;
      const rotations = (engine?.rotations ?? []).filter(
        (entry) => entry.leakedFingerprint === finding.fingerprint,
      );
      const report: LeakReport = {
        finding,
        rotations,
        status: statusOf(finding, rotations, engine, config.dryRun),
        lookedUp: Boolean(engine),
        errors: [
          ...errorsFor(finding, rotations, engine).map(
            (error) => `${errorSubject(error)}: ${error.message}`,
          ),
          ...(rotation?.problems ?? []),
          ...(audit?.problems ?? []),
        ],
        audit: audit?.report
          ? (audit.report.keys.find((key) => key.fingerprint === finding.fingerprint) ?? null)
          : null,
        secretUpdated: rotations.some((entry) => entry.newKey)
          ? (rotation?.secretUpdated ?? null)
          : null,
      };
      try {
        const update = await recordLeakResult(
          github,
          issueRepository,
          issue,
          report,
          run,
          config.language,
          { fresh: chosen?.fresh ?? false },
        );
        if (update === 'unchanged')
          core.info(`Issue #${issue.number}: nothing changed since it was last written`);
      } catch (error) {
        later.push(message(error));
      }
    }
    return later;
  };
  return { opened, failures, record };
}
