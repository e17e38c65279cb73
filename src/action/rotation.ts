/** The action's side of the AWS engine: credentials by OIDC, and the engine's settings from the inputs. */
import * as core from '@actions/core';
import { resolveCredentials, type CredentialSource } from '../aws/credentials.js';
import type { EngineConfig } from '../aws/engine.js';
import { DEFAULT_RUN_OPTIONS } from '../aws/run-command.js';
import type { ActionConfig, RunnerContext } from '../config.js';
import { escapeLogLine } from '../report/log-escape.js';

/** One STS exchange for the whole run (the OIDC token and the session are masked). */
export async function credentialsFor(config: ActionConfig): Promise<CredentialSource> {
  if (!config.aws.roleToAssume) return { kind: 'default' };
  const credentials = await resolveCredentials({
    kind: 'web-identity',
    roleArn: config.aws.roleToAssume,
    sessionName: config.aws.roleSessionName,
    durationSeconds: config.aws.roleDurationSeconds,
    audience: config.aws.audience,
    region: config.aws.regions[0] ?? 'us-east-1',
    getToken: (audience) => core.getIDToken(audience),
    mask: (secret) => core.setSecret(secret),
  });
  return credentials ? { kind: 'static', credentials } : { kind: 'default' };
}

export function engineConfig(
  config: ActionConfig,
  credentials: CredentialSource,
  context: RunnerContext,
): EngineConfig {
  return {
    regions: config.aws.regions,
    credentials,
    targetTag: config.aws.targetTag,
    parameterPath: config.aws.parameterPath,
    kmsKeyId: config.aws.kmsKeyId,
    newKeyType: config.aws.keyType,
    extraUsers: config.aws.users,
    newKeyPairName: config.aws.newKeyPairName,
    dryRun: config.dryRun,
    run: { ...DEFAULT_RUN_OPTIONS, ssmDocument: config.aws.ssmDocument },
    // A re-run attempt of the same workflow run takes over the lock its killed attempt left.
    runId: context.runId ? `github-run-${context.runId}` : `action-${process.pid}-${Date.now()}`,
    lockTtlMs: 30 * 60_000,
    breakLock: config.aws.breakLock,
    lockWaitMs: config.aws.lockWaitMinutes * 60_000,
    offlineRecovery: config.aws.offlineRecovery,
    keyless: config.aws.keyless,
    // Engine lines carry key pair names, Name tags and host output: escaped for the log.
    log: (line) => core.info(escapeLogLine(line)),
  };
}
