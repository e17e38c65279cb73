import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { EngineConfig, EngineResult, RotationRequest } from '../aws/engine.js';
import { runRotation } from '../aws/engine.js';
import { DEFAULT_RUN_OPTIONS } from '../aws/run-command.js';
import { rotationJson, rotationText } from '../report/rotation.js';
import type { Finding } from '../scan/findings.js';
import { needsAttention } from '../aws/outcome.js';

export interface RotateCommandOptions {
  keyPair?: string[];
  fromScan?: string;
  maxKeyAge?: string;
  region?: string[];
  targetTag?: string;
  parameterPath: string;
  kmsKeyId?: string;
  keyType: 'ed25519' | 'rsa';
  user?: string[];
  newKeyPairName?: string;
  dryRun?: boolean;
  breakLock?: boolean;
  format: 'text' | 'json';
}

export class CommandInputError extends Error {
  override name = 'CommandInputError';
}

function parseTag(raw: string | undefined): EngineConfig['targetTag'] {
  if (raw === undefined || raw === '') return null;
  const match = /^([^=]+)=(.*)$/.exec(raw);
  if (!match?.[1])
    throw new CommandInputError(`--target-tag must look like Key=Value, got "${raw}"`);
  return { key: match[1], value: match[2] ?? '' };
}

async function requestOf(options: RotateCommandOptions): Promise<RotationRequest> {
  const chosen = [options.keyPair?.length, options.fromScan, options.maxKeyAge].filter(
    Boolean,
  ).length;
  if (chosen !== 1)
    throw new CommandInputError(
      'name exactly one of --key-pair NAME, --from-scan FILE or --max-key-age DAYS',
    );
  if (options.keyPair?.length) return { kind: 'key-pairs', names: options.keyPair };
  if (options.maxKeyAge) {
    const days = Number(options.maxKeyAge);
    if (!Number.isInteger(days) || days < 1)
      throw new CommandInputError(
        `--max-key-age must be a whole number of days, got "${options.maxKeyAge}"`,
      );
    return { kind: 'scheduled', maxKeyAgeDays: days };
  }
  let parsed: { findings?: Finding[] };
  try {
    parsed = JSON.parse(await readFile(options.fromScan as string, 'utf8')) as {
      findings?: Finding[];
    };
  } catch (error) {
    throw new CommandInputError(
      `cannot read scan results from ${options.fromScan}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!Array.isArray(parsed.findings))
    throw new CommandInputError(
      `${options.fromScan} is not the JSON output of "scan --format json"`,
    );
  return { kind: 'findings', findings: parsed.findings };
}

/**
 * `plan` and `rotate`. Exit 0: done (plan: every key matched); 1: a host failed or was
 * skipped, a key matched no pair, or a key pair could not be rotated.
 */
export async function runRotateCommand(
  options: RotateCommandOptions,
  plan: boolean,
): Promise<number> {
  const request = await requestOf(options);
  const regions = options.region?.length
    ? options.region
    : [process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? ''].filter(Boolean);
  const config: EngineConfig = {
    regions,
    credentials: { kind: 'default' },
    targetTag: parseTag(options.targetTag),
    parameterPath: options.parameterPath,
    kmsKeyId: options.kmsKeyId ?? null,
    newKeyType: options.keyType,
    extraUsers: options.user ?? [],
    newKeyPairName: options.newKeyPairName ?? null,
    dryRun: plan || Boolean(options.dryRun),
    run: DEFAULT_RUN_OPTIONS,
    runId: `cli-${randomUUID()}`,
    lockTtlMs: 30 * 60_000,
    breakLock: Boolean(options.breakLock),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const result: EngineResult = await runRotation(request, config);
  process.stdout.write(options.format === 'json' ? rotationJson(result) : rotationText(result));
  // A skipped instance (no agent, stopped, Windows) may still accept the leaked key: not done.
  const incomplete =
    result.errors.length > 0 ||
    result.unmatched.length > 0 ||
    (!plan &&
      result.rotations.some((rotation) =>
        rotation.hosts.some((host) => needsAttention(host.outcome)),
      ));
  return incomplete ? 1 : 0;
}
