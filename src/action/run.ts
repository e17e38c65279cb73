/**
 * The action: scan → report → open or update the issue → rotate → write the
 * result to the issue, the job summary and the outputs. The issue is opened
 * before any rotation, so it exists even when the rotation fails.
 */
import * as core from '@actions/core';
import { readFile, writeFile } from 'node:fs/promises';
import type { CredentialSource } from '../aws/credentials.js';
import {
  runRotation,
  type EngineError,
  type EngineResult,
  type RotationRequest,
} from '../aws/engine.js';
import type { RotationReport } from '../aws/rotate.js';
import { readConfig, readRunnerContext, type ActionConfig, type RunnerContext } from '../config.js';
import { githubClient, type GitHub } from '../github/client.js';
import type { LeakReport, RotationStatus, RunInfo } from '../github/issue-body.js';
import { openLeakIssue, recordLeakResult, type LeakIssue } from '../github/issues.js';
import { upsertPullRequestComment } from '../github/pull-request.js';
import { toSarif } from '../report/sarif.js';
import { escapeLogLine, quoteForLog, untrustedBlock } from '../report/log-escape.js';
import { toText } from '../report/text.js';
import type { Finding } from '../scan/findings.js';
import { ignoreWarnings } from '../scan/ignore.js';
import { scan, type ScanResult } from '../scan/scan.js';
import { annotate, setOutputs } from './outputs.js';
import { credentialsFor, engineConfig } from './rotation.js';
import { updateSecret } from './secret.js';
import { loadActionIgnore } from './ignore-source.js';
import { chooseSource } from './source.js';
import { jobSummary } from './summary.js';
import { needsAttention } from '../aws/outcome.js';

async function readEvent(path: string | undefined): Promise<Record<string, unknown>> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    core.warning(
      `cannot read the event payload at ${quoteForLog(path)}; scanning the working tree`,
    );
    return {};
  }
}

function runInfo(context: RunnerContext, config: ActionConfig): RunInfo {
  const link =
    context.repository && context.runId
      ? `[run ${context.runId}](${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}${context.runAttempt && context.runAttempt !== '1' ? `/attempts/${context.runAttempt}` : ''})`
      : 'a local run';
  const scanned =
    config.issueRepository && context.repository
      ? `${context.repository.owner}/${context.repository.repo}`
      : null;
  return {
    link,
    scanned,
    event: context.eventName || 'manual',
    at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** Findings worth an issue and a rotation: keys that parse (placeholders and fragments are annotated only). */
const actionable = (findings: Finding[]): Finding[] =>
  findings.filter((finding) => finding.confidence === 'high');

/** The engine errors that concern this leaked key: its own rotations, or the whole run. */
function errorsFor(
  finding: Finding,
  rotations: RotationReport[],
  engine: EngineResult | null,
): EngineError[] {
  return (engine?.errors ?? []).filter(
    (error) =>
      error.keyName === '(all)' ||
      (error.leakedFingerprint !== undefined && error.leakedFingerprint === finding.fingerprint) ||
      rotations.some((rotation) => rotation.keyName === error.keyName),
  );
}

function statusOf(
  finding: Finding,
  rotations: RotationReport[],
  engine: EngineResult | null,
  config: ActionConfig,
): RotationStatus {
  if (!engine) return 'not-requested';
  if (config.dryRun) return 'dry-run';
  if (errorsFor(finding, rotations, engine).length) return 'failed';
  // Done only when no instance the key ever opened may still accept it.
  if (
    engine.leaks.some((leak) => leak.fingerprint === finding.fingerprint && leak.status === 'open')
  )
    return 'partial';
  if (!rotations.length) return 'done';
  const open = rotations.some((rotation) =>
    rotation.hosts.some((host) => needsAttention(host.outcome)),
  );
  return open ? 'partial' : 'done';
}

export async function runAction(): Promise<void> {
  const event = await readEvent(process.env.GITHUB_EVENT_PATH);
  const context = readRunnerContext(process.env, event);
  const config = readConfig((name) => core.getInput(name), context.eventName);
  if (config.githubToken) core.setSecret(config.githubToken);
  if (config.secret.token) core.setSecret(config.secret.token);
  const chosen = chooseSource(config, context);
  // Push and pull-request scans read the ignore file from the default branch or the base, never the scanned commits.
  const ignoreFile = await loadActionIgnore(config, context);
  for (const message of ignoreFile.warnings) core.warning(escapeLogLine(message));
  const ignore = ignoreFile.entries;
  const result: ScanResult = chosen
    ? await scan({
        path: config.path,
        source: chosen.source,
        ignore,
        onWarning: (message) => core.warning(escapeLogLine(message)),
      })
    : {
        findings: [],
        stats: { filesScanned: 0, blobsScanned: 0, bytesScanned: 0, suppressed: 0, elapsedMs: 0 },
        warnings: [],
      };
  // Labels name branches and refs, which a fork chooses: escaped like every repository string.
  core.info(
    escapeLogLine(
      `ec2-key-rotate: mode ${config.mode}, scanning ${chosen?.label ?? 'nothing (branch deleted)'}`,
    ),
  );
  core.info(escapeLogLine(`ec2-key-rotate: ignore file ${ignoreFile.source}`));
  for (const message of ignoreWarnings(ignoreFile.file, ignoreFile.refused, result.ignore, {
    unused: chosen?.source.kind !== 'range',
  }))
    core.warning(escapeLogLine(message), { title: 'Ignore file' });
  // The report quotes each path and author; the block also stops command processing around it.
  core.info(untrustedBlock(toText({ ...result, warnings: [] })));
  annotate(result);
  if (config.sarifFile) await writeFile(config.sarifFile, toSarif(result));

  const run = runInfo(context, config);
  const leaks = actionable(result.findings);
  const repository = context.repository;
  // Issues may live in a central repository: one issue per key across every repository scanned.
  const issueRepository = config.issueRepository ?? repository;
  const github: GitHub | null =
    repository && config.githubToken
      ? githubClient({
          token: config.githubToken,
          baseUrl: context.apiUrl,
          log: (line) => core.warning(escapeLogLine(line)),
          debug: (line) => core.debug(escapeLogLine(line)),
        })
      : null;
  const issues = new Map<string, LeakIssue>();
  const problems: string[] = [];
  const isPullRequest =
    context.eventName === 'pull_request' || context.eventName === 'pull_request_target';

  if (isPullRequest && github && repository && leaks.length) {
    // A pull request is reported on the pull request; rotating is for the branches that shipped.
    const number = Number((event.pull_request as { number?: number } | undefined)?.number);
    if (number) await upsertPullRequestComment(github, repository, number, leaks, config.language);
  }

  const respond = !isPullRequest && config.mode !== 'scan' && config.mode !== 'rotate';
  const pending = (finding: Finding): LeakReport => ({
    finding,
    rotations: [],
    status: respond && config.aws.regions.length ? 'pending' : 'not-requested',
    lookedUp: false,
    errors: [],
    secretUpdated: null,
  });
  if (
    !isPullRequest &&
    github &&
    issueRepository &&
    config.createIssues &&
    config.mode !== 'rotate'
  ) {
    for (const finding of leaks) {
      const issue = await openLeakIssue(
        github,
        issueRepository,
        pending(finding),
        run,
        config.language,
        {
          reopenClosed: chosen?.fresh ?? false,
        },
      );
      if (issue) {
        issues.set(finding.id, issue);
        core.info(
          `${issue.created ? 'Opened' : 'Found'} issue #${issue.number} for ${quoteForLog(finding.id)}${issue.reopened ? ' (reopened)' : ''}`,
        );
      } else {
        core.info(
          `The issue for ${quoteForLog(finding.id)} is closed and the key was found only in old history: left closed`,
        );
      }
    }
  }

  let engine: EngineResult | null = null;
  let credentials: CredentialSource = { kind: 'default' };
  const requests: RotationRequest[] = [];
  if (config.mode === 'rotate') requests.push({ kind: 'key-pairs', names: config.aws.keyPairs });
  if (respond && leaks.some((finding) => finding.fingerprint))
    requests.push({ kind: 'findings', findings: leaks });
  if (config.mode === 'scheduled' && config.aws.maxKeyAge !== null)
    requests.push({ kind: 'scheduled', maxKeyAgeDays: config.aws.maxKeyAge });
  // A clean push or schedule still goes back to the leaks a run left open.
  if (!requests.length && respond && config.aws.regions.length)
    requests.push({ kind: 'open-leaks' });
  if (requests.length && !config.aws.regions.length) {
    problems.push(
      'no rotation: set aws-regions (and role-to-assume) to match leaked keys to EC2 key pairs',
    );
  } else if (requests.length) {
    engine = { unmatched: [], rotations: [], errors: [], leaks: [] };
    try {
      credentials = await credentialsFor(config);
      for (const request of requests) {
        const part = await runRotation(request, engineConfig(config, credentials, context));
        engine.unmatched.push(...part.unmatched);
        engine.rotations.push(...part.rotations);
        engine.errors.push(...part.errors);
        engine.leaks.push(...part.leaks);
      }
    } catch (error) {
      engine.errors.push({
        keyName: '(all)',
        region: config.aws.regions.join(', '),
        message: (error as Error).message,
      });
    }
  }

  let secretUpdated: string | null = null;
  let secretError: string | null = null;
  if (engine && repository && engine.rotations.length) {
    try {
      secretUpdated = await updateSecret(config, context, repository, engine, credentials);
    } catch (error) {
      // Deploy workflows still read the old key: the issue says so, and the step fails.
      secretError = (error as Error).message;
      problems.push(secretError);
    }
  }

  if (github && issueRepository) {
    for (const finding of leaks) {
      const issue = issues.get(finding.id);
      if (!issue) continue;
      const rotations = (engine?.rotations ?? []).filter(
        (rotation) => rotation.leakedFingerprint === finding.fingerprint,
      );
      const report: LeakReport = {
        finding,
        rotations,
        status: statusOf(finding, rotations, respond ? engine : null, config),
        lookedUp: Boolean(respond && engine),
        errors: [
          ...errorsFor(finding, rotations, engine).map(
            (error) => `${error.keyName}: ${error.message}`,
          ),
          ...problems,
        ],
        secretUpdated: rotations.some((rotation) => rotation.newKey) ? secretUpdated : null,
      };
      await recordLeakResult(github, issueRepository, issue, report, run, config.language);
    }
  }

  if (context.stepSummary) {
    await core.summary
      .addRaw(jobSummary(result, chosen?.label ?? 'nothing', engine, issues, config.language))
      .write();
  }
  setOutputs(result, engine, issues, config);

  for (const problem of problems) core.warning(escapeLogLine(problem));
  const failures = [
    ...(result.findings.length && config.failOnFindings
      ? [`${result.findings.length} committed private key(s) found`]
      : []),
    ...(engine?.errors ?? []).map((error) => `rotation of ${error.keyName}: ${error.message}`),
    ...(secretError ? [secretError] : []),
    ...(engine?.rotations ?? []).flatMap((rotation) =>
      rotation.hosts
        .filter((host) => host.outcome === 'failed' || host.outcome === 'incomplete')
        .map((host) => `${host.instanceId}: ${host.reason}`),
    ),
  ];
  // core.setFailed escapes line breaks itself (%0A); escaped anyway so the text matches the log's.
  if (failures.length) core.setFailed(escapeLogLine(failures.join('; ')));
}
