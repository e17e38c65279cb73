/**
 * The one validator of rotation settings, shared by both front doors: the
 * action (inputs, through src/config.ts) and the CLI (flags, through
 * src/commands/rotate.ts). Everything is checked here, before credentials
 * are resolved and before any AWS call, so bad input never costs a write:
 * a user name the host script would refuse, a parameter path Parameter Store
 * would refuse, a region that cannot exist. Each failure is one line that
 * names the input or flag as the user wrote it.
 *
 * The rules come from the services: user names from the host script (its own
 * USER pattern, imported), parameter paths from Parameter Store's naming
 * constraints, key pair names from EC2 (1 to 255 ASCII characters; any such
 * name maps to a valid parameter segment, see keyNameSegment), regions from
 * the partitions the AWS SDK knows.
 */
import sshpk from 'sshpk';
import { USER } from './aws/host/host-script.js';
import {
  KEY_NAME_MAX,
  PARAMETER_PATH_DEPTH_MAX,
  PARAMETER_PATH_MAX,
  REGION_NAME_MAX,
} from './aws/parameter-names.js';
import type { RunOptions } from './aws/run-command.js';
import { ec2Fingerprints, md5Fingerprint, sha256Fingerprint } from './keys/fingerprint.js';
import type { NewKeyType } from './keys/generate.js';
import {
  OFFLINE_METHODS,
  RESTORE_USER_DATA,
  type OfflineMethod,
  type OfflineOptions,
  type RestoreUserData,
} from './aws/offline/options.js';
import type { Finding } from './scan/findings.js';
import { jsonSyntaxError, positionIn } from './json-syntax.js';

/** Bad input: the message is one line that names the input or flag. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Which front door the input came through: messages name inputs or flags. */
export type Door = 'action' | 'cli';

export type SsmDocument = NonNullable<RunOptions['ssmDocument']>;
export const SSM_DOCUMENTS: readonly SsmDocument[] = ['ec2-key-rotate', 'AWS-RunShellScript'];
export const KEY_TYPES: readonly NewKeyType[] = ['ed25519', 'rsa'];
export const DEFAULT_PARAMETER_PATH = '/ec2-key-rotate';
/** A hundred years: anything longer is a typo. */
export const MAX_KEY_AGE_DAYS = 36_500;
/** The SSM document's users parameter takes at most 64 names (src/aws/host/document.ts). */
export const MAX_USERS = 64;

/**
 * The rotation settings as written (inputs split into lists, flags as given).
 * null: not given (the default applies); '' given is checked like any value,
 * except for targetTag and kmsKeyId, where '' means none.
 */
export interface RawRotationInputs {
  regions: string[];
  keyPairs: string[];
  maxKeyAge: string | null;
  users: string[];
  parameterPath: string | null;
  targetTag: string;
  kmsKeyId: string;
  keyType: string;
  newKeyPairName: string | null;
  ssmDocument: string;
  /** none (default), user-data or reset-access. */
  offlineRecovery?: string | null;
  /** stop-start (default) or once; only with offlineRecovery user-data. */
  restoreUserData?: string | null;
}

export interface RotationInputs {
  regions: string[];
  keyPairs: string[];
  maxKeyAge: number | null;
  users: string[];
  parameterPath: string;
  targetTag: { key: string; value: string } | null;
  kmsKeyId: string | null;
  keyType: NewKeyType;
  newKeyPairName: string | null;
  ssmDocument: SsmDocument;
  /** Instances SSM cannot reach: recover them by stopping and starting (null: only report them). */
  offlineRecovery: OfflineOptions | null;
}

type Field = keyof RawRotationInputs;

const NAMES: Record<Field, Record<Door, string>> = {
  regions: { action: 'input aws-regions', cli: '--region' },
  keyPairs: { action: 'input key-pairs', cli: '--key-pair' },
  maxKeyAge: { action: 'input max-key-age', cli: '--max-key-age' },
  users: { action: 'input users', cli: '--user' },
  parameterPath: { action: 'input parameter-path', cli: '--parameter-path' },
  targetTag: { action: 'input target-tag', cli: '--target-tag' },
  kmsKeyId: { action: 'input kms-key-id', cli: '--kms-key-id' },
  keyType: { action: 'input key-type', cli: '--key-type' },
  newKeyPairName: { action: 'input new-key-pair-name', cli: '--new-key-pair-name' },
  ssmDocument: { action: 'input ssm-document', cli: '--ssm-document' },
  offlineRecovery: { action: 'input offline-recovery', cli: '--offline-recovery' },
  restoreUserData: { action: 'input restore-user-data', cli: '--restore-user-data' },
};

/** How an input or flag is named in messages (`input aws-regions`, `--region`). */
export function inputName(field: Field, door: Door): string {
  return NAMES[field][door];
}

/** A value quoted for a one-line message: control characters escaped, long values cut. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

const unique = (values: string[]): string[] => [...new Set(values)];

/**
 * Region names of every partition: aws (`us-east-1`, and any two-letter area
 * to come), aws-cn (`cn-`), aws-us-gov (`us-gov-`), the isolated partitions
 * (`us-iso-`, `us-isob-`, `us-isof-`, `eu-isoe-`, and letters to come) and
 * the European Sovereign Cloud (`eusc-de-east-1`). test/validate.test.ts
 * checks it against every region of the SDK's partitions.json.
 */
export const REGION = /^(?:[a-z]{2}|us-gov|(?:us|eu)-iso[a-z]?|eusc-[a-z]{2})-[a-z]+-\d{1,2}$/;

export function region(raw: string, name: string): string {
  const value = raw.trim();
  if (value.length > REGION_NAME_MAX || !REGION.test(value))
    throw new ConfigError(`${name}: ${shown(value)} is not an AWS region name (like us-east-1)`);
  return value;
}

/** EC2 key pair names: 1 to 255 printable ASCII characters. */
export function keyPairName(raw: string, name: string): string {
  if (!raw) throw new ConfigError(`${name} must not be empty`);
  if (raw.length > KEY_NAME_MAX || !/^[\x20-\x7e]+$/.test(raw))
    throw new ConfigError(
      `${name}: ${shown(raw)} is not an EC2 key pair name (1 to ${KEY_NAME_MAX} printable ASCII characters)`,
    );
  return raw;
}

export function userName(raw: string, name: string): string {
  if (!USER.test(raw))
    throw new ConfigError(
      `${name}: ${shown(raw)} is not a user name (a letter or _, then letters, digits, _ . -; at most 32 characters)`,
    );
  return raw;
}

function users(raw: string[], name: string): string[] {
  const names = unique(raw.map((value) => userName(value, name)));
  if (names.length > MAX_USERS)
    throw new ConfigError(`${name}: at most ${MAX_USERS} users, got ${names.length}`);
  return names;
}

/** A whole number of days: decimal digits only (not 0x10, 1e3, 1.5, -1). */
export function maxKeyAge(raw: string, name: string): number {
  const value = raw.trim();
  const days = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= 1 && days <= MAX_KEY_AGE_DAYS))
    throw new ConfigError(`${name} must be a whole number of days, got ${shown(raw)}`);
  return days;
}

/**
 * A Parameter Store path: `/` then segments of A-Z a-z 0-9 _ . - (a trailing
 * `/` is dropped), not starting with the reserved `aws` or `ssm`, short and
 * shallow enough that every key pair's parameters fit under it.
 */
export function parameterPath(raw: string, name: string): string {
  const value = raw.trim().replace(/(?<=.)\/$/, '');
  const problem = ((): string | null => {
    if (!value.startsWith('/')) return 'does not start with /';
    const segments = value.slice(1).split('/');
    if (segments.some((segment) => segment === ''))
      return value === '/' ? 'names no level below /' : 'has an empty level (//)';
    const bad = segments.find((segment) => !/^[A-Za-z0-9_.-]+$/.test(segment));
    if (bad !== undefined)
      return `has a level ${shown(bad)} with other characters than A-Z a-z 0-9 _ . -`;
    if (segments.some((segment) => segment === '.' || segment === '..'))
      return 'has a . or .. level';
    if (/^(aws|ssm)/i.test(segments[0] ?? ''))
      return 'starts with aws or ssm (reserved by Parameter Store)';
    if (value.length > PARAMETER_PATH_MAX)
      return `is longer than ${PARAMETER_PATH_MAX} characters (room is kept for every key pair name)`;
    if (segments.length > PARAMETER_PATH_DEPTH_MAX)
      return `is deeper than ${PARAMETER_PATH_DEPTH_MAX} levels (Parameter Store allows 15 in all)`;
    return null;
  })();
  if (problem)
    throw new ConfigError(
      `${name} must be a Parameter Store path such as ${DEFAULT_PARAMETER_PATH}: it ${problem}, got ${shown(raw)}`,
    );
  return value;
}

/** Key=Value of an EC2 tag (key 1-128 characters, value up to 256). */
export function targetTag(raw: string, name: string): RotationInputs['targetTag'] {
  const value = raw.trim();
  if (!value) return null;
  const match = /^([^=]+)=(.*)$/.exec(value);
  const key = match?.[1]?.trim() ?? '';
  const tagValue = match?.[2]?.trim() ?? '';
  if (!key || [...value].some((char) => char < ' ' || char === '\x7f'))
    throw new ConfigError(`${name} must look like Key=Value, got ${shown(raw)}`);
  if (key.length > 128 || tagValue.length > 256)
    throw new ConfigError(
      `${name}: a tag key is at most 128 characters and a value at most 256, got ${shown(raw)}`,
    );
  return { key, value: tagValue };
}

const KMS_KEY_ID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key\/(.+)|(alias\/.+))$/;

/** A KMS key id, key ARN, alias name or alias ARN. */
export function kmsKeyId(raw: string, name: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  const arn = KMS_ARN.exec(value);
  const ok = arn
    ? arn[1]
      ? KMS_KEY_ID.test(arn[1])
      : KMS_ALIAS.test(arn[2] ?? '')
    : KMS_KEY_ID.test(value) || KMS_ALIAS.test(value);
  if (!ok)
    throw new ConfigError(
      `${name} must be a KMS key id, key ARN, alias/NAME or alias ARN, got ${shown(raw)}`,
    );
  return value;
}

/** One of `allowed` (blank: `fallback`), or a ConfigError naming the setting. */
export function oneOf<T extends string>(
  raw: string,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw.trim();
  if (!value) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${shown(raw)}`);
}

/**
 * Every rotation setting, checked and normalised: lists lose duplicates, a
 * blank setting takes its default. Throws ConfigError on the first bad value.
 */
export function validateRotationInputs(raw: RawRotationInputs, door: Door): RotationInputs {
  const name = (field: Field): string => inputName(field, door);
  return {
    regions: unique(raw.regions.map((value) => region(value, name('regions')))),
    keyPairs: unique(raw.keyPairs.map((value) => keyPairName(value, name('keyPairs')))),
    maxKeyAge: raw.maxKeyAge === null ? null : maxKeyAge(raw.maxKeyAge, name('maxKeyAge')),
    users: users(raw.users, name('users')),
    parameterPath: parameterPath(
      raw.parameterPath ?? DEFAULT_PARAMETER_PATH,
      name('parameterPath'),
    ),
    targetTag: targetTag(raw.targetTag, name('targetTag')),
    kmsKeyId: kmsKeyId(raw.kmsKeyId, name('kmsKeyId')),
    keyType: oneOf(raw.keyType, name('keyType'), KEY_TYPES, 'ed25519'),
    newKeyPairName:
      raw.newKeyPairName === null ? null : keyPairName(raw.newKeyPairName, name('newKeyPairName')),
    ssmDocument: oneOf(raw.ssmDocument, name('ssmDocument'), SSM_DOCUMENTS, 'ec2-key-rotate'),
    offlineRecovery: offlineRecovery(raw, name),
  };
}

/**
 * `none` (or blank) turns the offline recovery off; `restore-user-data`
 * applies to the user-data method only, and naming it without that method is
 * a mistake worth a clear error rather than a silent no-op.
 */
function offlineRecovery(
  raw: RawRotationInputs,
  name: (field: Field) => string,
): OfflineOptions | null {
  const method = oneOf<OfflineMethod | 'none'>(
    raw.offlineRecovery ?? '',
    name('offlineRecovery'),
    ['none', ...OFFLINE_METHODS],
    'none',
  );
  const restore = raw.restoreUserData?.trim() ?? '';
  if (restore && method !== 'user-data')
    throw new ConfigError(
      `${name('restoreUserData')} applies only with ${name('offlineRecovery')} user-data`,
    );
  if (method === 'none') return null;
  return {
    method,
    restoreUserData: oneOf<RestoreUserData>(
      restore,
      name('restoreUserData'),
      RESTORE_USER_DATA,
      'stop-start',
    ),
  };
}

// ---------------------------------------------------------------------------
// The scan report (`scan --format json`, src/report/json.ts) read back by `--from-scan`.

const SHA256 = /^SHA256:[A-Za-z0-9+/]{43}$/;
const COLON_HEX = (bytes: number): RegExp =>
  new RegExp(`^[0-9a-f]{2}(?::[0-9a-f]{2}){${bytes - 1}}$`);
const MD5 = COLON_HEX(16);
const SHA1 = COLON_HEX(20);
const ED25519_EC2 = /^[A-Za-z0-9+/]{43}=?$/;
const PUBLIC_KEY = /^(?:ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+ [A-Za-z0-9+/]+={0,3}(?: [\x20-\x7e]*)?$/;
const KEY_TYPE_NAMES = ['rsa', 'ecdsa', 'ed25519', 'dsa', 'unknown'];
const FORMATS = ['pkcs1', 'pkcs8', 'sec1', 'openssh', 'putty', 'unknown'];

class ReportError extends Error {}

type Check = (value: unknown) => boolean;
const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const nullOr =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const matching =
  (pattern: RegExp): Check =>
  (value) =>
    typeof value === 'string' && pattern.test(value);
const among =
  (values: string[]): Check =>
  (value) =>
    typeof value === 'string' && values.includes(value);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function field(
  object: Record<string, unknown>,
  key: string,
  path: string,
  check: Check,
  expected: string,
  required: boolean,
): void {
  if (!(key in object)) {
    if (required) throw new ReportError(`${path}.${key} is missing`);
    return;
  }
  if (!check(object[key]))
    throw new ReportError(`${path}.${key} must be ${expected}, got ${kindOf(object[key])}`);
}

/**
 * What a value of the report is, never what it holds: a report is a scan's
 * output, and a hand-edited or corrupted one may hold key text anywhere.
 */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value.length ? `a string of ${value.length} characters` : 'an empty string';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value;
}

/** One finding: the fields the engine reads are required, the others typed when present. */
function checkFinding(value: unknown, path: string): Finding {
  if (!isObject(value)) throw new ReportError(`${path} must be an object`);
  const need = (key: string, check: Check, expected: string): void =>
    field(value, key, path, check, expected, true);
  const may = (key: string, check: Check, expected: string): void =>
    field(value, key, path, check, expected, false);
  need('id', matching(/^\S{1,200}$/), 'a finding id');
  need('fingerprint', nullOr(matching(SHA256)), 'an OpenSSH SHA256 fingerprint or null');
  need('md5', nullOr(matching(MD5)), 'an MD5 colon-hex fingerprint or null');
  need('publicKey', nullOr(matching(PUBLIC_KEY)), 'an OpenSSH public key line or null');
  need('ec2Fingerprints', isObject, 'an object');
  const ec2 = value.ec2Fingerprints as Record<string, unknown>;
  const ec2Path = `${path}.ec2Fingerprints`;
  field(
    ec2,
    'imported',
    ec2Path,
    nullOr(matching(MD5)),
    'an MD5 colon-hex fingerprint or null',
    true,
  );
  field(
    ec2,
    'created',
    ec2Path,
    nullOr(matching(SHA1)),
    'a SHA-1 colon-hex fingerprint or null',
    true,
  );
  field(ec2, 'ed25519', ec2Path, nullOr(matching(ED25519_EC2)), 'a base64 SHA-256 or null', true);
  may('note', nullOr(isString), 'a string or null');
  may('confidence', among(['high', 'low']), 'high or low');
  may('keyType', among(KEY_TYPE_NAMES), KEY_TYPE_NAMES.join(', '));
  may(
    'bits',
    nullOr((bits) => Number.isInteger(bits)),
    'a whole number or null',
  );
  may('format', among(FORMATS), FORMATS.join(', '));
  for (const flag of ['encrypted', 'parsed', 'placeholder', 'truncated'])
    may(flag, isBoolean, 'true or false');
  may('locations', Array.isArray, 'an array');
  const locations = (value.locations ?? []) as unknown[];
  locations.forEach((location, index) => {
    const at = `${path}.locations[${index}]`;
    if (!isObject(location)) throw new ReportError(`${at} must be an object`);
    field(location, 'path', at, isString, 'a string', true);
    field(location, 'line', at, (line) => Number.isInteger(line), 'a whole number', true);
  });

  const fingerprint = value.fingerprint as string | null;
  const publicKey = value.publicKey as string | null;
  // The public key is what the engine removes from hosts: it must be the key the fingerprints name.
  if (publicKey !== null) {
    let key: sshpk.Key;
    try {
      key = sshpk.parseKey(publicKey, 'ssh');
    } catch {
      throw new ReportError(`${path}.publicKey is not a public key`);
    }
    const derived = ec2Fingerprints(key);
    const mismatch =
      fingerprint !== sha256Fingerprint(key)
        ? 'fingerprint'
        : value.md5 !== null && value.md5 !== md5Fingerprint(key)
          ? 'md5'
          : ec2.imported !== null && ec2.imported !== derived.imported
            ? 'ec2Fingerprints.imported'
            : ec2.ed25519 !== null && ec2.ed25519 !== derived.ed25519
              ? 'ec2Fingerprints.ed25519'
              : null;
    if (mismatch)
      throw new ReportError(`${path}.${mismatch} is not the fingerprint of its publicKey`);
  }
  return {
    keyType: 'unknown',
    bits: null,
    format: 'unknown',
    encrypted: false,
    parsed: fingerprint !== null,
    note: null,
    placeholder: false,
    truncated: false,
    confidence: fingerprint !== null ? 'high' : 'low',
    locations: [],
    ...(value as Partial<Finding>),
    ec2Fingerprints: {
      imported: ec2.imported as string | null,
      created: ec2.created as string | null,
      ed25519: ec2.ed25519 as string | null,
    },
  } as Finding;
}

/**
 * The findings of a scan report (`scan --format json`), checked against the
 * report's shape. Throws ConfigError naming the file and the first bad field.
 */
export function parseScanReport(text: string, file: string): Finding[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Where, and what was expected: never the runtime's message, which quotes the text.
    const error = jsonSyntaxError(text);
    const why = error
      ? `invalid JSON at ${positionIn(text, error.offset)}: expected ${error.expected}`
      : 'invalid JSON';
    throw new ConfigError(`${file} is not the JSON output of "scan --format json": ${why}`);
  }
  if (!isObject(parsed) || !Array.isArray(parsed.findings))
    throw new ConfigError(
      `${file} is not the JSON output of "scan --format json": it has no findings array`,
    );
  try {
    return parsed.findings.map((finding, index) => checkFinding(finding, `findings[${index}]`));
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    throw new ConfigError(`${file} is not a valid scan report: ${error.message}`);
  }
}
