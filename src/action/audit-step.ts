/**
 * "Was the leaked key used?" in an action run: the read-only audit phase on
 * every instance each leaked key opens, before the rotation changes them
 * (sessions opened with the key outlive its removal). Best-effort like every
 * step around the rotation: a failure is named, the run goes on.
 */
import * as core from '@actions/core';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { AuditReport } from '../aws/audit.js';
import type { CredentialSource } from '../aws/credentials.js';
import type { ActionConfig, RunnerContext } from '../config.js';
import { escapeLogLine, untrustedBlock } from '../report/log-escape.js';
import { writeReportFile } from '../report/write.js';
import type { Finding } from '../scan/findings.js';

export interface AuditOutcome {
  report: AuditReport | null;
  /** The JSON audit written for the `audit-file` output. */
  file: string | null;
  failures: string[];
  problems: string[];
}

export async function auditStep(
  config: ActionConfig,
  context: RunnerContext,
  leaks: Finding[],
  credentials: () => Promise<CredentialSource>,
): Promise<AuditOutcome> {
  const outcome: AuditOutcome = { report: null, file: null, failures: [], problems: [] };
  const matchable = leaks.filter((finding) => finding.fingerprint);
  if (!config.audit || !matchable.length || !config.aws.regions.length) return outcome;
  try {
    const [{ runAudit }, { DEFAULT_RUN_OPTIONS }, { auditJson, auditText }] = await Promise.all([
      import('../aws/audit.js'),
      import('../aws/run-command.js'),
      import('../report/audit.js'),
    ]);
    const report = await runAudit(
      { kind: 'findings', findings: matchable },
      {
        regions: config.aws.regions,
        credentials: await credentials(),
        parameterPath: config.aws.parameterPath,
        targetTag: config.aws.targetTag,
        since: null,
        run: { ...DEFAULT_RUN_OPTIONS, ssmDocument: config.aws.ssmDocument },
        log: (line) => core.info(escapeLogLine(line)),
      },
    );
    outcome.report = report;
    // Host words (users, addresses) are quoted by auditText and fenced from command processing.
    core.info(untrustedBlock(auditText(report)));
    const file = join(context.runnerTemp ?? tmpdir(), 'ec2-key-rotate-audit.json');
    await writeReportFile(file, [auditJson(report)]);
    outcome.file = file;
    for (const error of report.errors)
      outcome.problems.push(`audit (${error.region}): ${error.message}`);
    if (report.usedOn)
      outcome.failures.push(
        `the leaked key logged in ${report.leakedKeyLogins} time(s) since the leak, on ${report.usedOn} instance(s): see the audit`,
      );
  } catch (error) {
    outcome.failures.push(`audit: ${(error as Error).message}`);
  }
  return outcome;
}
