import { randomUUID } from 'node:crypto';
import type { EngineConfig, EngineResult, RotationRequest } from '../aws/engine.js';
import { runRotation } from '../aws/engine.js';
import { DEFAULT_RUN_OPTIONS } from '../aws/run-command.js';
import { escapeLogLine } from '../report/log-escape.js';
import { keylessText } from '../report/keyless.js';
import { rotationJson, rotationText } from '../report/rotation.js';
import { needsAttention } from '../aws/outcome.js';
import { ConfigError, region, validateRotationInputs, type RotationInputs } from '../validate.js';
import { findingsFromScanFile, lockWaitMs } from './flags.js';

export interface RotateCommandOptions {
  keyPair?: string[];
  fromScan?: string;
  maxKeyAge?: string;
  region?: string[];
  targetTag?: string;
  parameterPath?: string;
  kmsKeyId?: string;
  keyType?: string;
  user?: string[];
  newKeyPairName?: string;
  ssmDocument?: string;
  dryRun?: boolean;
  breakLock?: boolean;
  lockWait?: string;
  offlineRecovery?: string;
  restoreUserData?: string;
  keyless?: boolean;
  format: 'text' | 'json';
}

/**
 * Every flag checked by the validator the action uses too (src/validate.ts),
 * before the scan file is read, credentials are resolved or AWS is called.
 */
function settingsOf(options: RotateCommandOptions): RotationInputs {
  const given = [options.keyPair, options.fromScan, options.maxKeyAge].filter(
    (value) => value !== undefined,
  ).length;
  if (given !== 1)
    throw new ConfigError(
      'name exactly one of --key-pair NAME, --from-scan FILE or --max-key-age DAYS',
    );
  // Keyless installs no key: options about the new key cannot apply.
  if (options.keyless && (options.user?.length || options.newKeyPairName !== undefined))
    throw new ConfigError(
      '--keyless installs no new key: --user and --new-key-pair-name do not apply (recover gives a user a key)',
    );
  const settings = validateRotationInputs(
    {
      regions: options.region ?? [],
      keyPairs: options.keyPair ?? [],
      maxKeyAge: options.maxKeyAge ?? null,
      users: options.user ?? [],
      parameterPath: options.parameterPath ?? null,
      targetTag: options.targetTag ?? '',
      kmsKeyId: options.kmsKeyId ?? '',
      keyType: options.keyType ?? '',
      newKeyPairName: options.newKeyPairName ?? null,
      ssmDocument: options.ssmDocument ?? '',
      offlineRecovery: options.offlineRecovery ?? null,
      restoreUserData: options.restoreUserData ?? null,
    },
    'cli',
  );
  if (!settings.regions.length) {
    // The SDK's own setting, checked like a flag.
    const fallback = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (!fallback) throw new ConfigError('no AWS region: name --region or set AWS_REGION');
    settings.regions = [
      region(fallback, process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION'),
    ];
  }
  return settings;
}

async function requestOf(
  options: RotateCommandOptions,
  settings: RotationInputs,
): Promise<RotationRequest> {
  if (options.keyPair) return { kind: 'key-pairs', names: settings.keyPairs };
  if (settings.maxKeyAge !== null) return { kind: 'scheduled', maxKeyAgeDays: settings.maxKeyAge };
  return { kind: 'findings', findings: await findingsFromScanFile(options.fromScan as string) };
}

/**
 * `plan` and `rotate`. Exit 0: done (plan: every key matched); 1: a host failed or was
 * skipped, a key matched no pair, or a key pair could not be rotated.
 */
export async function runRotateCommand(
  options: RotateCommandOptions,
  plan: boolean,
): Promise<number> {
  const settings = settingsOf(options);
  const request = await requestOf(options, settings);
  const config: EngineConfig = {
    regions: settings.regions,
    credentials: { kind: 'default' },
    targetTag: settings.targetTag,
    parameterPath: settings.parameterPath,
    kmsKeyId: settings.kmsKeyId,
    newKeyType: settings.keyType,
    extraUsers: settings.users,
    newKeyPairName: settings.newKeyPairName,
    dryRun: plan || Boolean(options.dryRun),
    run: { ...DEFAULT_RUN_OPTIONS, ssmDocument: settings.ssmDocument },
    runId: `cli-${randomUUID()}`,
    lockTtlMs: 30 * 60_000,
    breakLock: Boolean(options.breakLock),
    lockWaitMs: lockWaitMs(options.lockWait),
    offlineRecovery: settings.offlineRecovery,
    log: (line) => process.stderr.write(`${escapeLogLine(line)}\n`),
    keyless: Boolean(options.keyless),
  };
  const result: EngineResult = await runRotation(request, config);
  process.stdout.write(
    options.format === 'json'
      ? rotationJson(result)
      : `${rotationText(result)}${keylessText(result)}`,
  );
  // A skipped instance (no agent, stopped, Windows) may still accept the leaked key: not done.
  const incomplete =
    result.errors.length > 0 ||
    result.unmatched.length > 0 ||
    (!plan &&
      (result.rotations.some((rotation) =>
        rotation.hosts.some((host) => needsAttention(host.outcome)),
      ) ||
        // A leak stays open while any instance it opened may still accept it.
        result.leaks.some((leak) => leak.status === 'open') ||
        // Keyless: an instance that still has a key is not done.
        (result.keyed?.length ?? 0) > 0));
  return incomplete ? 1 : 0;
}
