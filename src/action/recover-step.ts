/**
 * Mode recover in the action: the engine (src/aws/recover.ts) with the
 * run's credentials, its report in the log. Failures are collected, never
 * thrown: the summary and the outputs still get written.
 */
import * as core from '@actions/core';
import type { CredentialSource } from '../aws/credentials.js';
import type { RecoverResult } from '../aws/recover.js';
import type { ActionConfig, RunnerContext } from '../config.js';
import { escapeLogLine, untrustedBlock } from '../report/log-escape.js';

export interface RecoverOutcome {
  result: RecoverResult | null;
  /** Fail the step. */
  failures: string[];
}

export async function recoverStep(
  config: ActionConfig,
  context: RunnerContext,
  getCredentials: () => Promise<CredentialSource>,
): Promise<RecoverOutcome> {
  const inputs = config.aws.recover;
  if (!inputs) return { result: null, failures: [] };
  const { recoverAccess, recoveryComplete } = await import('../aws/recover.js');
  const { DEFAULT_RUN_OPTIONS } = await import('../aws/run-command.js');
  const { recoverText } = await import('../report/recover.js');
  try {
    const result = await recoverAccess(inputs.request, {
      region: inputs.region,
      credentials: await getCredentials(),
      parameterPath: inputs.parameterPath,
      kmsKeyId: inputs.kmsKeyId,
      newKeyType: inputs.keyType,
      run: { ...DEFAULT_RUN_OPTIONS, ssmDocument: inputs.ssmDocument },
      // A re-run attempt of the same workflow run takes over the lock its killed attempt left.
      runId: context.runId ? `github-run-${context.runId}` : `action-${process.pid}-${Date.now()}`,
      lockTtlMs: 30 * 60_000,
      breakLock: config.aws.breakLock,
      lockWaitMs: config.aws.lockWaitMinutes * 60_000,
      log: (line) => core.info(escapeLogLine(line)),
    });
    // Instance names and host output are not ours: no workflow command inside.
    core.info(untrustedBlock(recoverText(result)));
    const failures = recoveryComplete(result)
      ? []
      : [
          ...result.errors.map((error) => `recover: ${error}`),
          ...result.hosts
            .filter((host) => host.outcome !== 'recovered')
            .map((host) => `recover ${host.instanceId}: ${host.reason}`),
        ];
    return { result, failures };
  } catch (error) {
    return { result: null, failures: [`recover: ${(error as Error).message}`] };
  }
}
