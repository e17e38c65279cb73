/**
 * The action's inputs (action.yml) and the runner's environment, each read
 * and validated once into typed objects. Nothing else in src/ reads inputs
 * or GITHUB_* variables. The rotation settings go through the validator the
 * CLI uses too (src/validate.ts).
 */
import type { NewKeyType } from './keys/generate.js';
import type { Language } from './github/messages.js';
import type { OfflineOptions } from './aws/offline/options.js';
import { ConfigError, validateRotationInputs, type SsmDocument } from './validate.js';
import { validateRecoverInputs, type RecoverInputs } from './validate-recover.js';

export { ConfigError } from './validate.js';

/** Reads one input by its action.yml name; '' when unset. */
export type InputReader = (name: string) => string;

export const MODES = ['scan', 'leak-response', 'rotate', 'scheduled', 'recover'] as const;
export type Mode = (typeof MODES)[number];

export interface AwsInputs {
  roleToAssume: string | null;
  roleSessionName: string;
  roleDurationSeconds: number;
  audience: string;
  regions: string[];
  targetTag: { key: string; value: string } | null;
  parameterPath: string;
  kmsKeyId: string | null;
  keyType: NewKeyType;
  users: string[];
  keyPairs: string[];
  newKeyPairName: string | null;
  maxKeyAge: number | null;
  breakLock: boolean;
  /** How long a rotation waits for a lock another run holds. */
  lockWaitMinutes: number;
  /** The SSM document that runs the host script. */
  ssmDocument: SsmDocument;
  /** What happens to instances SSM cannot reach (null: they are reported). */
  offlineRecovery: OfflineOptions | null;
  /** Keyless instead of rotating (src/aws/keyless.ts). */
  keyless: boolean;
  /** Mode recover: what to recover, validated (null in other modes). */
  recover: RecoverInputs | null;
}

export interface ActionConfig {
  mode: Mode;
  path: string;
  scanHistory: boolean;
  ignoreFile: string | null;
  failOnFindings: boolean;
  sarifFile: string | null;
  language: Language;
  dryRun: boolean;
  githubToken: string;
  createIssues: boolean;
  /** Audit the instances a leaked key opens ("was it used?") before rotating. */
  audit: boolean;
  /** Where leak issues go (owner/repo); null: the repository being scanned. */
  issueRepository: { owner: string; repo: string } | null;
  aws: AwsInputs;
  secret: { name: string | null; scope: string; token: string | null };
}

function boolean(read: InputReader, name: string, fallback: boolean): boolean {
  const raw = read(name).trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', 'yes', '1'].includes(raw)) return true;
  if (['false', 'no', '0'].includes(raw)) return false;
  throw new ConfigError(`input ${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(
  read: InputReader,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = read(name).trim();
  if (!raw) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(`input ${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
}

const list = (raw: string): string[] => raw.split(/[\s,]+/).filter(Boolean);

/**
 * Key pair names: one per line when the input has several lines (EC2 names
 * may hold spaces and commas), otherwise comma or space separated.
 */
const keyPairList = (raw: string): string[] =>
  raw.trim().includes('\n')
    ? raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
    : list(raw);

function wholeNumber(
  read: InputReader,
  name: string,
  min: number,
  max: number,
  fallback: number | null,
): number | null {
  const raw = read(name).trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(
      `input ${name} must be a whole number from ${min} to ${max}, got "${raw}"`,
    );
  return value;
}

function repositoryName(name: string, raw: string): { owner: string; repo: string } | null {
  const value = raw.trim();
  if (!value) return null;
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(value);
  if (!match?.[1] || !match[2])
    throw new ConfigError(`input ${name} must look like owner/repo, got "${value}"`);
  return { owner: match[1], repo: match[2] };
}

function roleArn(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  if (!/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(value))
    throw new ConfigError(
      `input role-to-assume must be an IAM role ARN (arn:aws:iam::123456789012:role/NAME), got "${value}"`,
    );
  return value;
}

/** STS session names: 2 to 64 of letters, digits and + = , . @ - _. */
function roleSessionName(raw: string): string {
  const value = raw.trim() || 'ec2-key-rotate';
  if (!/^[\w+=,.@-]{2,64}$/.test(value))
    throw new ConfigError(
      `input role-session-name must be 2 to 64 letters, digits or + = , . @ - _, got "${value}"`,
    );
  return value;
}

/** Events whose workflow a contributor can shape: they only scan. */
export const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** The mode an event implies when the workflow does not name one. */
export function defaultMode(eventName: string): Mode {
  if (eventName === 'push') return 'leak-response';
  if (eventName === 'schedule') return 'scheduled';
  if (eventName === 'workflow_dispatch') return 'leak-response';
  return 'scan';
}

/** Mode recover's inputs: one region, the instances or one key pair, the user. */
function recoverInputs(read: InputReader, regions: string[], keyPairs: string[]): RecoverInputs {
  if (regions.length > 1)
    throw new ConfigError(
      `mode recover works in one region: set aws-regions to the instances' region, got ${regions.length}`,
    );
  if (keyPairs.length > 1)
    throw new ConfigError('mode recover takes at most one key pair in key-pairs');
  return validateRecoverInputs(
    {
      instances: list(read('instances')),
      keyPair: keyPairs[0] ?? null,
      user: read('user').trim() || null,
      region: regions[0] ?? null,
      revokeOld: boolean(read, 'revoke-old', false),
      importKeyPair: read('import-key-pair').trim() || null,
      parameterPath: read('parameter-path').trim() || null,
      kmsKeyId: read('kms-key-id'),
      keyType: read('key-type'),
      ssmDocument: read('ssm-document'),
    },
    'action',
  );
}

/** Validates every input once. */
export function readConfig(read: InputReader, eventName: string): ActionConfig {
  const mode = oneOf(read, 'mode', MODES, defaultMode(eventName));
  const rotation = validateRotationInputs(
    {
      regions: list(read('aws-regions')),
      keyPairs: keyPairList(read('key-pairs')),
      maxKeyAge: read('max-key-age').trim() || null,
      users: list(read('users')),
      parameterPath: read('parameter-path').trim() || null,
      targetTag: read('target-tag'),
      kmsKeyId: read('kms-key-id'),
      keyType: read('key-type'),
      newKeyPairName: read('new-key-pair-name').trim() || null,
      ssmDocument: read('ssm-document'),
      offlineRecovery: read('offline-recovery'),
      restoreUserData: read('restore-user-data'),
    },
    'action',
  );
  const aws: AwsInputs = {
    roleToAssume: roleArn(read('role-to-assume')),
    roleSessionName: roleSessionName(read('role-session-name')),
    roleDurationSeconds: wholeNumber(read, 'role-duration-seconds', 900, 43_200, 3600) as number,
    audience: read('audience').trim() || 'sts.amazonaws.com',
    regions: rotation.regions,
    targetTag: rotation.targetTag,
    parameterPath: rotation.parameterPath,
    kmsKeyId: rotation.kmsKeyId,
    keyType: rotation.keyType,
    users: rotation.users,
    keyPairs: rotation.keyPairs,
    newKeyPairName: rotation.newKeyPairName,
    maxKeyAge: rotation.maxKeyAge,
    breakLock: boolean(read, 'break-lock', false),
    lockWaitMinutes: wholeNumber(read, 'lock-wait-minutes', 0, 300, 30) as number,
    ssmDocument: rotation.ssmDocument,
    offlineRecovery: rotation.offlineRecovery,
    keyless: boolean(read, 'keyless', false),
    recover: mode === 'recover' ? recoverInputs(read, rotation.regions, rotation.keyPairs) : null,
  };
  // A pull request's workflow runs code and inputs a contributor controls: it never rotates.
  if (
    PULL_REQUEST_EVENTS.has(eventName) &&
    (mode === 'rotate' || mode === 'scheduled' || mode === 'recover')
  )
    throw new ConfigError(
      `mode ${mode} cannot run on ${eventName} events: pull requests never rotate. Use mode scan (the default) for pull requests, and rotate from push, schedule or workflow_dispatch`,
    );
  if (aws.keyless && (aws.users.length || aws.newKeyPairName))
    throw new ConfigError(
      'input keyless installs no new key: inputs users and new-key-pair-name do not apply (mode recover gives a user a key)',
    );
  if (mode === 'rotate' && !aws.keyPairs.length)
    throw new ConfigError('mode rotate needs input key-pairs (the EC2 key pairs to rotate)');
  const secretName = read('actions-secret-name').trim() || null;
  if (secretName && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(secretName))
    throw new ConfigError(
      `input actions-secret-name must be a valid secret name (letters, digits, _), got "${secretName}"`,
    );
  const secretToken = read('secrets-token').trim() || null;
  if (secretName && !secretToken)
    throw new ConfigError(
      'input actions-secret-name needs secrets-token: GITHUB_TOKEN cannot write Actions secrets (use a GitHub App installation token or a fine-grained token with "Secrets: write")',
    );
  return {
    mode,
    path: read('path').trim() || '.',
    scanHistory: boolean(read, 'scan-history', false),
    ignoreFile: read('ignore-file').trim() || null,
    failOnFindings: boolean(read, 'fail-on-findings', true),
    sarifFile: read('sarif-file').trim() || null,
    language: oneOf(read, 'language', ['en', 'ja'] as const, 'en'),
    dryRun: boolean(read, 'dry-run', false),
    githubToken: read('github-token').trim(),
    createIssues: boolean(read, 'create-issues', true),
    audit: boolean(read, 'audit', mode === 'leak-response' || mode === 'scheduled'),
    issueRepository: repositoryName('issue-repository', read('issue-repository')),
    aws,
    secret: {
      name: secretName,
      scope: read('actions-secret-scope').trim() || 'repository',
      token: secretToken,
    },
  };
}

/** What the runner says about this run (GITHUB_* variables and the event payload). */
export interface RunnerContext {
  eventName: string;
  event: Record<string, unknown>;
  repository: { owner: string; repo: string } | null;
  apiUrl: string;
  serverUrl: string;
  runId: string | null;
  runAttempt: string | null;
  stepSummary: string | null;
  /** RUNNER_TEMP: where the run's own files (the audit JSON) go. */
  runnerTemp: string | null;
}

export function readRunnerContext(
  env: NodeJS.ProcessEnv,
  event: Record<string, unknown>,
): RunnerContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    repository: owner && repo ? { owner, repo } : null,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    runId: env.GITHUB_RUN_ID || null,
    runAttempt: env.GITHUB_RUN_ATTEMPT || null,
    stepSummary: env.GITHUB_STEP_SUMMARY || null,
    runnerTemp: env.RUNNER_TEMP || null,
  };
}
