/**
 * The recover settings, checked once for both front doors (the action's
 * inputs and the CLI's flags), before credentials are resolved or AWS is
 * called. The single values use the rotation's validator (src/validate.ts).
 */
import type { RecoverRequest } from './aws/recover.js';
import type { NewKeyType } from './keys/generate.js';
import {
  ConfigError,
  DEFAULT_PARAMETER_PATH,
  KEY_TYPES,
  keyPairName,
  kmsKeyId,
  parameterPath,
  region,
  oneOf,
  shown,
  SSM_DOCUMENTS,
  userName,
  type Door,
  type SsmDocument,
} from './validate.js';

export interface RawRecoverInputs {
  instances: string[];
  keyPair: string | null;
  user: string | null;
  region: string | null;
  revokeOld: boolean;
  importKeyPair: string | null;
  parameterPath: string | null;
  kmsKeyId: string;
  keyType: string;
  ssmDocument: string;
}

export interface RecoverInputs {
  request: RecoverRequest;
  region: string;
  parameterPath: string;
  kmsKeyId: string | null;
  keyType: NewKeyType;
  ssmDocument: SsmDocument;
}

/** EC2 instance ids: i- and 8 or 17 hex digits. */
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** One SendCommand reaches 50 instances; a recovery names at most 1000. */
const MAX_INSTANCES = 1000;

const NAMES = {
  instances: { action: 'input instances', cli: '--instance' },
  keyPair: { action: 'input key-pairs', cli: '--key-pair' },
  user: { action: 'input user', cli: '--user' },
  region: { action: 'input aws-regions', cli: '--region' },
  importKeyPair: { action: 'input import-key-pair', cli: '--import-key-pair' },
  parameterPath: { action: 'input parameter-path', cli: '--parameter-path' },
  kmsKeyId: { action: 'input kms-key-id', cli: '--kms-key-id' },
  keyType: { action: 'input key-type', cli: '--key-type' },
  ssmDocument: { action: 'input ssm-document', cli: '--ssm-document' },
} as const;

function instanceId(raw: string, name: string): string {
  const value = raw.trim();
  if (!INSTANCE_ID.test(value))
    throw new ConfigError(
      `${name}: ${shown(raw)} is not an EC2 instance id (like i-0123456789abcdef0)`,
    );
  return value;
}

/** Every recover setting, or a ConfigError naming the first bad one. */
export function validateRecoverInputs(raw: RawRecoverInputs, door: Door): RecoverInputs {
  const name = (field: keyof typeof NAMES): string => NAMES[field][door];
  const instances = [
    ...new Set(raw.instances.map((value) => instanceId(value, name('instances')))),
  ];
  if (instances.length > 0 === (raw.keyPair !== null))
    throw new ConfigError(
      `name the instances to recover: ${name('instances')} ID (one or more) or ${name('keyPair')} NAME (the instances launched with it), not both`,
    );
  if (instances.length > MAX_INSTANCES)
    throw new ConfigError(
      `${name('instances')}: at most ${MAX_INSTANCES} instances, got ${instances.length}`,
    );
  if (raw.user === null || !raw.user.trim())
    throw new ConfigError(
      `${name('user')} is required: the account that gets the new key (e.g. ec2-user, ubuntu)`,
    );
  const user = userName(raw.user.trim(), name('user'));
  if (raw.region === null || !raw.region.trim())
    throw new ConfigError(
      `no AWS region: ${door === 'cli' ? 'name --region or set AWS_REGION' : 'set aws-regions'}`,
    );
  return {
    request: {
      target:
        raw.keyPair !== null
          ? { kind: 'key-pair', name: keyPairName(raw.keyPair, name('keyPair')) }
          : { kind: 'instances', ids: instances },
      user,
      revokeOld: raw.revokeOld,
      importKeyPair:
        raw.importKeyPair === null ? null : keyPairName(raw.importKeyPair, name('importKeyPair')),
    },
    region: region(raw.region, name('region')),
    parameterPath: parameterPath(
      raw.parameterPath ?? DEFAULT_PARAMETER_PATH,
      name('parameterPath'),
    ),
    kmsKeyId: kmsKeyId(raw.kmsKeyId, name('kmsKeyId')),
    keyType: oneOf(raw.keyType, name('keyType'), KEY_TYPES, 'ed25519'),
    ssmDocument: oneOf(raw.ssmDocument, name('ssmDocument'), SSM_DOCUMENTS, 'ec2-key-rotate'),
  };
}
