/**
 * The rotation part of an action run: which requests the run makes, the
 * engine (loaded only now: the AWS SDK is most of the bundle), and the
 * Actions secret after it. Failures are collected, never thrown: the issue,
 * the summary and the outputs still get written.
 */
import type { EngineResult, RotationRequest } from '../aws/engine.js';
import { errorSubject, needsAttention } from '../aws/outcome.js';
import type { CredentialSource } from '../aws/credentials.js';
import type { ActionConfig, RunnerContext } from '../config.js';
import type { Finding } from '../scan/findings.js';

/** Whether this run answers leaks with a rotation (never on a pull request). */
export function responds(config: ActionConfig, isPullRequest: boolean): boolean {
  return (
    !isPullRequest &&
    config.mode !== 'scan' &&
    config.mode !== 'rotate' &&
    config.mode !== 'recover'
  );
}

export function rotationRequests(
  config: ActionConfig,
  leaks: Finding[],
  respond: boolean,
): RotationRequest[] {
  const requests: RotationRequest[] = [];
  if (config.mode === 'rotate') requests.push({ kind: 'key-pairs', names: config.aws.keyPairs });
  const matchable = leaks.filter((finding) => finding.fingerprint);
  if (respond && matchable.length) requests.push({ kind: 'findings', findings: matchable });
  if (config.mode === 'scheduled' && config.aws.maxKeyAge !== null)
    requests.push({ kind: 'scheduled', maxKeyAgeDays: config.aws.maxKeyAge });
  // A clean push or schedule still goes back to the leaks a run left open.
  if (!requests.length && respond && config.aws.regions.length)
    requests.push({ kind: 'open-leaks' });
  return requests;
}

export interface Rotation {
  engine: EngineResult;
  /** The Actions secret that now holds the new key, if one was written. */
  secretUpdated: string | null;
  /** Fail the step. */
  failures: string[];
  /** Told in each leak issue and warned, without failing the step by themselves. */
  problems: string[];
}

/** The run's AWS credentials: one OIDC exchange, made the first time a step needs them. */
export function lazyCredentials(config: ActionConfig): () => Promise<CredentialSource> {
  let pending: Promise<CredentialSource> | null = null;
  return () => {
    pending ??= import('./rotation.js').then(({ credentialsFor }) => credentialsFor(config));
    return pending;
  };
}

export async function rotate(
  config: ActionConfig,
  context: RunnerContext,
  requests: RotationRequest[],
  getCredentials: () => Promise<CredentialSource>,
): Promise<Rotation> {
  const engine: EngineResult = { unmatched: [], rotations: [], errors: [], leaks: [] };
  const failures: string[] = [];
  const problems: string[] = [];
  if (!config.aws.regions.length) {
    problems.push(
      'no rotation: set aws-regions (and role-to-assume) to match leaked keys to EC2 key pairs',
    );
    return { engine, secretUpdated: null, failures, problems };
  }
  const { engineConfig } = await import('./rotation.js');
  const { runRotation } = await import('../aws/engine.js');
  let credentials: CredentialSource | null = null;
  try {
    credentials = await getCredentials();
    for (const request of requests) {
      const part = await runRotation(request, engineConfig(config, credentials, context));
      engine.unmatched.push(...part.unmatched);
      engine.rotations.push(...part.rotations);
      engine.errors.push(...part.errors);
      engine.leaks.push(...part.leaks);
      if (part.keyed) (engine.keyed ??= []).push(...part.keyed);
    }
  } catch (error) {
    engine.errors.push({
      scope: 'run',
      keyName: null,
      region: config.aws.regions.join(', '),
      message: (error as Error).message,
    });
  }
  failures.push(
    ...engine.errors.map((error) => `rotation of ${errorSubject(error)}: ${error.message}`),
    // Every instance that may still accept the old key, unreachable ones included (as the CLI's exit 1).
    ...engine.rotations.flatMap((rotation) =>
      rotation.hosts
        .filter((host) => needsAttention(host.outcome))
        .map((host) => `${host.instanceId}: ${host.reason}`),
    ),
  );
  let secretUpdated: string | null = null;
  if (credentials && context.repository && engine.rotations.length) {
    try {
      const { updateSecret } = await import('./secret.js');
      secretUpdated = await updateSecret(config, context, context.repository, engine, credentials);
    } catch (error) {
      // Deploy workflows still read the old key: the issue says so, and the step fails.
      failures.push((error as Error).message);
      problems.push((error as Error).message);
    }
  }
  return { engine, secretUpdated, failures, problems };
}
