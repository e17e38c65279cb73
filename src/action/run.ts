/**
 * The action: scan → report → open or update the issue → rotate → write the
 * result to the issue, the job summary and the outputs.
 *
 * GitHub is best-effort around the rotation: a failure to comment, open or
 * update an issue, or write the secret is collected and the run goes on
 * (the rotation is what ends the exposure). The summary and the outputs are
 * always written, and the step fails at the end naming each failure.
 *
 * The AWS SDK, Octokit and libsodium load only when a run needs them: a
 * scan that finds nothing starts as fast as the CLI's scan.
 */
import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import type { EngineResult } from '../aws/engine.js';
import {
  PULL_REQUEST_EVENTS,
  readConfig,
  readRunnerContext,
  type ActionConfig,
  type RunnerContext,
} from '../config.js';
import type { GitHub } from '../github/client.js';
import type { RunInfo } from '../github/issue-body.js';
import { MESSAGES } from '../github/messages.js';
import { sarifReport } from '../report/sarif.js';
import { writeReportFile } from '../report/write.js';
import { escapeLogLine, quoteForLog, untrustedBlock } from '../report/log-escape.js';
import { incompleteSummary, toText } from '../report/text.js';
import { ignoreWarnings } from '../scan/ignore.js';
import { isRealKey, scanFails } from '../scan/fail-on.js';
import { scan, type ScanResult } from '../scan/scan.js';
import { annotate, setOutputs } from './outputs.js';
import { loadActionIgnore } from './ignore-source.js';
import { chooseSource, type ChosenSource } from './source.js';
import { jobSummary } from './summary.js';
import { openIssues, type LeakIssues } from './leak-issues.js';
import {
  lazyCredentials,
  responds,
  rotate,
  rotationRequests,
  type Rotation,
} from './engine-step.js';
import { auditStep, type AuditOutcome } from './audit-step.js';
import { recoverStep, type RecoverOutcome } from './recover-step.js';

/**
 * The event payload, through @actions/github's context (which parses
 * GITHUB_EVENT_PATH when it loads). An unreadable payload is a warning: the
 * run falls back to scanning the working tree.
 */
async function readEvent(): Promise<Record<string, unknown>> {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    if (!existsSync(path)) throw new Error('no such file');
    const { context } = await import('@actions/github');
    return context.payload as Record<string, unknown>;
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

const NOTHING_SCANNED: ScanResult = {
  findings: [],
  stats: { filesScanned: 0, blobsScanned: 0, bytesScanned: 0, suppressed: 0, elapsedMs: 0 },
  warnings: [],
};

/** Scans what the event names and reports it in the log, annotations and SARIF. */
async function scanStep(
  config: ActionConfig,
  context: RunnerContext,
  chosen: ChosenSource | null,
): Promise<ScanResult> {
  // Push and pull-request scans read the ignore file from the default branch or the base, never the scanned commits.
  const ignoreFile = await loadActionIgnore(config, context);
  for (const message of ignoreFile.warnings) core.warning(escapeLogLine(message));
  const result = chosen
    ? await scan({
        path: config.path,
        source: chosen.source,
        ignore: ignoreFile.entries,
        onWarning: (message) => core.warning(escapeLogLine(message)),
      })
    : NOTHING_SCANNED;
  // Labels name branches and refs, which a fork chooses: escaped like every repository string.
  core.info(
    escapeLogLine(
      `ec2-key-rotate: mode ${config.mode}, scanning ${MESSAGES.en.scanLabel(chosen?.label ?? { kind: 'nothing' })}`,
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
  // Streamed: a key at a hundred thousand places is a large report.
  if (config.sarifFile) await writeReportFile(config.sarifFile, sarifReport(result));
  return result;
}

/** Octokit, loaded only when the run has something to say on GitHub. */
async function gitHubFor(
  config: ActionConfig,
  context: RunnerContext,
  needed: boolean,
): Promise<GitHub | null> {
  if (!needed || !context.repository || !config.githubToken) return null;
  const { githubClient } = await import('../github/client.js');
  return githubClient({
    token: config.githubToken,
    baseUrl: context.apiUrl,
    log: (line) => core.warning(escapeLogLine(line)),
    debug: (line) => core.debug(escapeLogLine(line)),
  });
}

export async function runAction(): Promise<void> {
  const event = await readEvent();
  const context = readRunnerContext(process.env, event);
  const config = readConfig((name) => core.getInput(name), context.eventName);
  if (config.githubToken) core.setSecret(config.githubToken);
  if (config.secret.token) core.setSecret(config.secret.token);
  const chosen = chooseSource(config, context);
  const result = await scanStep(config, context, chosen);

  const run = runInfo(context, config);
  // Encrypted keys included; placeholders and fragments are annotated only.
  const leaks = result.findings.filter(isRealKey);
  const isPullRequest = PULL_REQUEST_EVENTS.has(context.eventName);
  const respond = responds(config, isPullRequest);
  const requests = rotationRequests(config, leaks, respond);
  // Every failure is named here and fails the step at the end; none stops the run.
  const failures: string[] = [];
  // Fails closed, as the CLI's exit 2: what could not be read was not seen, so no clean pass.
  if (result.incomplete) failures.push(incompleteSummary(result.incomplete));
  let engine: EngineResult | null = null;
  let issues: LeakIssues | null = null;
  let audit: AuditOutcome | null = null;
  let recovery: RecoverOutcome | null = null;
  const credentials = lazyCredentials(config);
  try {
    const github = await gitHubFor(config, context, leaks.length > 0);
    issues = await openIssues(github, {
      config,
      context,
      chosen,
      run,
      leaks,
      isPullRequest,
      respond,
    });
    failures.push(...issues.failures);
    // Before the rotation: a session opened with the key outlives the key's removal.
    if (!isPullRequest) {
      audit = await auditStep(config, context, leaks, credentials);
      failures.push(...audit.failures);
    }
    let rotation: Rotation | null = null;
    if (requests.length) {
      rotation = await rotate(config, context, requests, credentials);
      engine = rotation.engine;
      failures.push(...rotation.failures);
    }
    failures.push(...(await issues.record(rotation, audit)));
    // Mode recover (issue 12): a lost key, not a leak; its own engine and report.
    if (config.mode === 'recover') {
      recovery = await recoverStep(config, context, credentials);
      failures.push(...recovery.failures);
    }
    // Keyless schedules: every instance that still takes a key is named (and fails the step).
    for (const keyed of engine?.keyed ?? [])
      failures.push(
        `${keyed.instanceId} still ${keyed.keyPair ? `has key pair ${keyed.keyPair}` : 'takes keys'}${keyed.keyFiles.length ? ` (${keyed.keyFiles.join(', ')})` : ''}${keyed.unchecked ? `; not checked: ${keyed.unchecked}` : ''}`,
      );
  } finally {
    await writeResults(result, chosen, engine, issues, audit, recovery, config, context, failures);
  }
  for (const failure of failures) core.warning(escapeLogLine(failure));
  const stepFailures = [
    // Real keys only (encrypted ones included): placeholders and fragments never fail the step.
    ...(config.failOnFindings && scanFails(result, 'key')
      ? [`${leaks.length} committed private key(s) found`]
      : []),
    ...failures,
  ];
  // core.setFailed escapes line breaks itself (%0A); escaped anyway so the text matches the log's.
  if (stepFailures.length) core.setFailed(escapeLogLine(stepFailures.join('; ')));
}

/** The job summary and the outputs, written whatever happened before. */
async function writeResults(
  result: ScanResult,
  chosen: ChosenSource | null,
  engine: EngineResult | null,
  issues: LeakIssues | null,
  audit: AuditOutcome | null,
  recovery: RecoverOutcome | null,
  config: ActionConfig,
  context: RunnerContext,
  failures: string[],
): Promise<void> {
  const opened = issues?.opened ?? new Map();
  try {
    setOutputs(result, engine, opened, audit, recovery?.result ?? null, config);
  } catch (error) {
    failures.push(`cannot write the outputs: ${(error as Error).message}`);
  }
  if (!context.stepSummary) return;
  try {
    await core.summary
      .addRaw(
        jobSummary(
          result,
          chosen?.label ?? { kind: 'nothing' },
          engine,
          opened,
          audit?.report ?? null,
          failures,
          config.language,
        ),
      )
      .write();
  } catch (error) {
    failures.push(`cannot write the job summary: ${(error as Error).message}`);
  }
}
