/** EC2 (Query protocol): key pairs, instances, tags. */
import * as ec2Model from '@aws-sdk/client-ec2';
import { AwsError } from './core/errors.js';
import { queryProtocol } from './core/protocols.js';
import { loadOperations } from './core/schema.js';
import type { CallContext, Handler, Protocol } from './core/server.js';
import {
  applyFilters,
  decodeToken,
  encodeToken,
  isTagFilter,
  tagFields,
  type FilterInput,
} from './filters.js';
import { createEc2PowerHandlers } from './ec2-power.js';
import { createKey, importedKeyInfo } from './keys.js';
import {
  hexId,
  INSTANCE_STATE_CODES,
  type AccountState,
  type EmulatedInstance,
  type EmulatedKeyPair,
  type RegionState,
} from './state.js';

export const EC2_NAMESPACE = 'com.amazonaws.ec2';
export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export const ec2Operations = loadOperations(
  ec2Model as unknown as Record<string, unknown>,
  EC2_NAMESPACE,
);

export const ec2Protocol: Protocol = queryProtocol({
  dialect: 'ec2',
  xmlNamespace: EC2_XMLNS,
  faults: {
    throttle: ['RequestLimitExceeded', 'Request limit exceeded.', 503],
    internal: ['InternalError', 'An internal error has occurred', 500],
    unavailable: ['Unavailable', "The server is overloaded and can't handle the request.", 503],
  },
  auth: {
    missing: () =>
      new AwsError(
        'AuthFailure',
        'AWS was not able to validate the provided access credentials',
        401,
      ),
    unknownKey: () =>
      new AwsError(
        'AuthFailure',
        'AWS was not able to validate the provided access credentials',
        401,
      ),
    badSignature: () =>
      new AwsError(
        'AuthFailure',
        'AWS was not able to validate the provided access credentials',
        401,
      ),
    expired: () => new AwsError('RequestExpired', 'Request has expired.', 400),
    wrongScope: (service) =>
      new AwsError(
        'AuthFailure',
        `Credential should be scoped to correct service: '${service}'.`,
        401,
      ),
  },
});

export interface Ec2Options {
  /** Page size when DescribeInstances is called without MaxResults (EC2 may paginate anyway; default 1000). */
  unpaginatedPageSize: number;
}

interface Tag {
  Key?: string;
  Value?: string;
}
interface TagSpecification {
  ResourceType?: string;
  Tags?: Tag[];
}

const toTagList = (tags: Record<string, string>): Tag[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function dryRun(input: { DryRun?: boolean }): void {
  if (input.DryRun)
    throw new AwsError(
      'DryRunOperation',
      'Request would have succeeded, but DryRun flag is set.',
      412,
    );
}

/**
 * EC2's tag rules (as AWS documents them): keys 1–128 characters, values at
 * most 256, no key with the reserved `aws:` prefix (any case), at most 50
 * user tags per resource; tags AWS itself sets (`aws:…`) do not count.
 */
function checkTag(tag: Tag): void {
  if (!tag.Key) throw new AwsError('InvalidParameterValue', 'Tag keys must not be empty', 400);
  if (tag.Key.toLowerCase().startsWith('aws:'))
    throw new AwsError(
      'InvalidParameterValue',
      "Tag keys starting with 'aws:' are reserved for internal use",
      400,
    );
  if (tag.Key.length > 128)
    throw new AwsError(
      'InvalidParameterValue',
      'Tag key exceeds the maximum length of 128 characters',
      400,
    );
  if ((tag.Value ?? '').length > 256)
    throw new AwsError(
      'InvalidParameterValue',
      'Tag value exceeds the maximum length of 256 characters',
      400,
    );
}

function checkTagCount(tags: Record<string, string>): void {
  const user = Object.keys(tags).filter((key) => !key.toLowerCase().startsWith('aws:'));
  if (user.length > 50)
    throw new AwsError('TagLimitExceeded', 'The maximum number of tags for a resource is 50', 400);
}

function tagsFor(
  specs: TagSpecification[] | undefined,
  resourceType: string,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const spec of specs ?? []) {
    if (spec.ResourceType !== resourceType) {
      throw new AwsError(
        'InvalidParameterValue',
        `'${spec.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`,
        400,
      );
    }
    for (const tag of spec.Tags ?? []) {
      checkTag(tag);
      tags[tag.Key as string] = tag.Value ?? '';
    }
  }
  checkTagCount(tags);
  return tags;
}

function keyPairInfo(pair: EmulatedKeyPair, includePublicKey: boolean): Record<string, unknown> {
  return {
    KeyPairId: pair.keyPairId,
    KeyType: pair.keyType,
    Tags: toTagList(pair.tags),
    PublicKey: includePublicKey ? `${pair.publicKey} ${pair.keyName}` : undefined,
    CreateTime: pair.createTime,
    KeyName: pair.keyName,
    KeyFingerprint: pair.keyFingerprint,
  };
}

function instanceInfo(instance: EmulatedInstance): Record<string, unknown> {
  const tags = toTagList(instance.tags);
  return {
    InstanceId: instance.instanceId,
    ImageId: instance.imageId,
    State: { Code: INSTANCE_STATE_CODES[instance.state], Name: instance.state },
    PrivateDnsName: `ip-${instance.privateIpAddress.replace(/\./g, '-')}.ec2.internal`,
    PublicDnsName: '',
    KeyName: instance.keyName ?? undefined,
    AmiLaunchIndex: 0,
    InstanceType: instance.instanceType,
    LaunchTime: instance.launchTime,
    Placement: { AvailabilityZone: instance.availabilityZone, Tenancy: 'default' },
    Platform: instance.platform === 'windows' ? 'windows' : undefined,
    PlatformDetails: instance.platformDetails,
    PrivateIpAddress: instance.privateIpAddress,
    PublicIpAddress: instance.publicIp ?? undefined,
    Architecture: 'x86_64',
    RootDeviceType: instance.rootDeviceType,
    InstanceLifecycle: instance.spot ? 'spot' : undefined,
    SpotInstanceRequestId: instance.spot?.requestId,
    Monitoring: { State: 'disabled' },
    Tags: tags.length ? tags : undefined,
  };
}

const INSTANCE_FILTERS = new Set([
  'instance-id',
  'key-name',
  'instance-state-name',
  'instance-state-code',
  'platform',
  'platform-details',
  'private-ip-address',
  'instance-type',
  'image-id',
  'availability-zone',
  'reservation-id',
]);

function instanceField(instance: EmulatedInstance, name: string): (string | undefined)[] {
  switch (name) {
    case 'instance-id':
      return [instance.instanceId];
    case 'key-name':
      return [instance.keyName ?? undefined];
    case 'instance-state-name':
      return [instance.state];
    case 'instance-state-code':
      return [String(INSTANCE_STATE_CODES[instance.state])];
    case 'platform':
      return [instance.platform === 'windows' ? 'windows' : undefined];
    case 'platform-details':
      return [instance.platformDetails];
    case 'private-ip-address':
      return [instance.privateIpAddress];
    case 'instance-type':
      return [instance.instanceType];
    case 'image-id':
      return [instance.imageId];
    case 'availability-zone':
      return [instance.availabilityZone];
    case 'reservation-id':
      return [instance.reservationId];
    default:
      return tagFields(instance.tags, name);
  }
}

const KEY_PAIR_FILTERS = new Set(['key-pair-id', 'fingerprint', 'key-name', 'key-type']);

function keyPairField(pair: EmulatedKeyPair, name: string): (string | undefined)[] {
  switch (name) {
    case 'key-pair-id':
      return [pair.keyPairId];
    case 'fingerprint':
      return [pair.keyFingerprint];
    case 'key-name':
      return [pair.keyName];
    case 'key-type':
      return [pair.keyType];
    default:
      return tagFields(pair.tags, name);
  }
}

const INSTANCE_ID_RE = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;

export function createEc2Handlers(
  state: AccountState,
  options: Ec2Options,
): Record<string, Handler> {
  const region = (ctx: CallContext): RegionState => state.region(ctx.region);

  const storeKeyPair = (
    ctx: CallContext,
    keyName: string,
    info: Omit<EmulatedKeyPair, 'keyPairId' | 'keyName' | 'createTime' | 'tags'>,
    tags: Record<string, string>,
  ): EmulatedKeyPair => {
    const pairs = region(ctx).keyPairs;
    if (keyName.length > 255 || !/^[\x20-\x7e]+$/.test(keyName)) {
      throw new AwsError(
        'InvalidParameterValue',
        `Value (${keyName}) for parameter KeyName is invalid. Key names must be ASCII and at most 255 characters.`,
        400,
      );
    }
    if (pairs.has(keyName))
      throw new AwsError('InvalidKeyPair.Duplicate', `The keypair already exists`, 400);
    const pair: EmulatedKeyPair = {
      ...info,
      keyPairId: hexId('key'),
      keyName,
      createTime: state.now(),
      tags,
    };
    pairs.set(keyName, pair);
    return pair;
  };

  const findById = (ctx: CallContext, id: string): EmulatedKeyPair | undefined =>
    [...region(ctx).keyPairs.values()].find((pair) => pair.keyPairId === id);

  return {
    ...createEc2PowerHandlers(state),

    DescribeKeyPairs(
      input: {
        KeyNames?: string[];
        KeyPairIds?: string[];
        IncludePublicKey?: boolean;
        DryRun?: boolean;
        Filters?: FilterInput[];
      },
      ctx,
    ) {
      dryRun(input);
      const pairs = region(ctx).keyPairs;
      let selected = [...pairs.values()];
      const names = input.KeyNames ?? [];
      if (names.length) {
        const missing = names.filter((name) => !pairs.has(name));
        if (missing.length)
          throw new AwsError(
            'InvalidKeyPair.NotFound',
            `The key pair '${missing[0]}' does not exist`,
            400,
          );
        selected = selected.filter((pair) => names.includes(pair.keyName));
      }
      const pairIds = input.KeyPairIds ?? [];
      if (pairIds.length) {
        const missing = pairIds.filter((id) => !findById(ctx, id));
        if (missing.length)
          throw new AwsError(
            'InvalidKeyPair.NotFound',
            `The key pair ID '${missing[0]}' does not exist`,
            400,
          );
        selected = selected.filter((pair) => pairIds.includes(pair.keyPairId));
      }
      selected = applyFilters(
        selected,
        input.Filters,
        (name) => KEY_PAIR_FILTERS.has(name) || isTagFilter(name),
        keyPairField,
      );
      return {
        KeyPairs: selected.map((pair) => keyPairInfo(pair, input.IncludePublicKey === true)),
      };
    },

    ImportKeyPair(
      input: {
        KeyName: string;
        PublicKeyMaterial: Buffer;
        TagSpecifications?: TagSpecification[];
        DryRun?: boolean;
      },
      ctx,
    ) {
      dryRun(input);
      const tags = tagsFor(input.TagSpecifications, 'key-pair');
      const info = importedKeyInfo(input.PublicKeyMaterial);
      const pair = storeKeyPair(ctx, input.KeyName, info, tags);
      return {
        KeyFingerprint: pair.keyFingerprint,
        KeyName: pair.keyName,
        KeyPairId: pair.keyPairId,
        Tags: toTagList(pair.tags),
      };
    },

    CreateKeyPair(
      input: {
        KeyName: string;
        KeyType?: string;
        KeyFormat?: string;
        TagSpecifications?: TagSpecification[];
        DryRun?: boolean;
      },
      ctx,
    ) {
      dryRun(input);
      const keyType = input.KeyType ?? 'rsa';
      if (keyType !== 'rsa' && keyType !== 'ed25519') {
        throw new AwsError(
          'InvalidParameterValue',
          `Value (${keyType}) for parameter keyType is invalid. Valid values: rsa, ed25519`,
          400,
        );
      }
      if ((input.KeyFormat ?? 'pem') !== 'pem') {
        throw new AwsError(
          'UnsupportedOperation',
          `the emulator only creates key material in pem format (asked: ${input.KeyFormat})`,
          400,
        );
      }
      const tags = tagsFor(input.TagSpecifications, 'key-pair');
      if (region(ctx).keyPairs.has(input.KeyName))
        throw new AwsError('InvalidKeyPair.Duplicate', `The keypair already exists`, 400);
      const created = createKey(keyType);
      const pair = storeKeyPair(
        ctx,
        input.KeyName,
        {
          keyType: created.keyType,
          keyFingerprint: created.keyFingerprint,
          publicKey: created.publicKey,
        },
        tags,
      );
      return {
        KeyPairId: pair.keyPairId,
        Tags: toTagList(pair.tags),
        KeyName: pair.keyName,
        KeyFingerprint: pair.keyFingerprint,
        KeyMaterial: created.keyMaterial,
      };
    },

    DeleteKeyPair(input: { KeyName?: string; KeyPairId?: string; DryRun?: boolean }, ctx) {
      dryRun(input);
      const pairs = region(ctx).keyPairs;
      if (input.KeyPairId) {
        const pair = findById(ctx, input.KeyPairId);
        if (!pair)
          throw new AwsError(
            'InvalidKeyPair.NotFound',
            `The key pair ID '${input.KeyPairId}' does not exist`,
            400,
          );
        pairs.delete(pair.keyName);
        return { Return: true, KeyPairId: pair.keyPairId };
      }
      if (!input.KeyName)
        throw new AwsError(
          'MissingParameter',
          'The request must contain the parameter KeyName or KeyPairId',
          400,
        );
      // Deleting a name that does not exist succeeds, as on AWS.
      const pair = pairs.get(input.KeyName);
      pairs.delete(input.KeyName);
      return { Return: true, KeyPairId: pair?.keyPairId };
    },

    DescribeInstances(
      input: {
        InstanceIds?: string[];
        MaxResults?: number;
        NextToken?: string;
        Filters?: FilterInput[];
        DryRun?: boolean;
      },
      ctx,
    ) {
      dryRun(input);
      const instances = region(ctx).instances;
      if (input.InstanceIds?.length && input.MaxResults !== undefined) {
        throw new AwsError(
          'InvalidParameterCombination',
          'The parameter instancesSet cannot be used with the parameter maxResults',
          400,
        );
      }
      if (
        input.MaxResults !== undefined &&
        (input.MaxResults < 5 || input.MaxResults > 1000 || !Number.isInteger(input.MaxResults))
      ) {
        throw new AwsError(
          'InvalidParameterValue',
          `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
          400,
        );
      }
      let selected = [...instances.values()];
      const ids = input.InstanceIds ?? [];
      if (ids.length) {
        const malformed = ids.find((id) => !INSTANCE_ID_RE.test(id));
        if (malformed)
          throw new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`, 400);
        const missing = ids.filter((id) => !instances.has(id));
        if (missing.length === 1)
          throw new AwsError(
            'InvalidInstanceID.NotFound',
            `The instance ID '${missing[0]}' does not exist`,
            400,
          );
        if (missing.length > 1)
          throw new AwsError(
            'InvalidInstanceID.NotFound',
            `The instance IDs '${missing.join(', ')}' do not exist`,
            400,
          );
        selected = selected.filter((instance) => ids.includes(instance.instanceId));
      }
      selected = applyFilters(
        selected,
        input.Filters,
        (name) => INSTANCE_FILTERS.has(name) || isTagFilter(name),
        instanceField,
      );
      const bind = JSON.stringify([input.Filters ?? [], input.InstanceIds ?? [], ctx.region]);
      let offset = 0;
      if (input.NextToken) {
        const decoded = decodeToken(input.NextToken, bind);
        if (decoded === null)
          throw new AwsError(
            'InvalidPaginationToken',
            'The specified pagination token is not valid or is expired.',
            400,
          );
        offset = decoded;
      }
      const pageSize =
        input.MaxResults ?? (input.InstanceIds?.length ? Infinity : options.unpaginatedPageSize);
      const page = selected.slice(offset, offset + pageSize);
      const next =
        offset + page.length < selected.length
          ? encodeToken(offset + page.length, bind)
          : undefined;
      const reservations = new Map<string, EmulatedInstance[]>();
      for (const instance of page) {
        const list = reservations.get(instance.reservationId) ?? [];
        list.push(instance);
        reservations.set(instance.reservationId, list);
      }
      return {
        Reservations: [...reservations].map(([reservationId, members]) => ({
          ReservationId: reservationId,
          OwnerId: state.accountId,
          Groups: [],
          Instances: members.map(instanceInfo),
        })),
        NextToken: next,
      };
    },

    CreateTags(input: { Resources: string[]; Tags: Tag[]; DryRun?: boolean }, ctx) {
      dryRun(input);
      const targets = input.Resources.map((id) => {
        const instance = region(ctx).instances.get(id);
        if (instance) return instance.tags;
        const pair = findById(ctx, id);
        if (pair) return pair.tags;
        if (id.startsWith('i-'))
          throw new AwsError(
            'InvalidInstanceID.NotFound',
            `The instance ID '${id}' does not exist`,
            400,
          );
        throw new AwsError('InvalidID', `The ID '${id}' is not valid`, 400);
      });
      for (const tag of input.Tags) checkTag(tag);
      for (const tags of targets) {
        const next = { ...tags };
        for (const tag of input.Tags) next[tag.Key as string] = tag.Value ?? '';
        checkTagCount(next);
      }
      for (const tags of targets)
        for (const tag of input.Tags) tags[tag.Key as string] = tag.Value ?? '';
      return {};
    },

    DeleteTags(input: { Resources: string[]; Tags?: Tag[]; DryRun?: boolean }, ctx) {
      dryRun(input);
      for (const id of input.Resources) {
        const tags = region(ctx).instances.get(id)?.tags ?? findById(ctx, id)?.tags;
        if (!tags) continue;
        for (const tag of input.Tags ?? toTagList(tags)) {
          if (tag.Key && (tag.Value === undefined || tags[tag.Key] === tag.Value))
            Reflect.deleteProperty(tags, tag.Key);
        }
      }
      return {};
    },

    DescribeTags(
      input: { Filters?: FilterInput[]; MaxResults?: number; NextToken?: string; DryRun?: boolean },
      ctx,
    ) {
      dryRun(input);
      type Row = { ResourceId: string; ResourceType: string; Key: string; Value: string };
      const rows: Row[] = [];
      for (const instance of region(ctx).instances.values()) {
        for (const [Key, Value] of Object.entries(instance.tags))
          rows.push({ ResourceId: instance.instanceId, ResourceType: 'instance', Key, Value });
      }
      for (const pair of region(ctx).keyPairs.values()) {
        for (const [Key, Value] of Object.entries(pair.tags))
          rows.push({ ResourceId: pair.keyPairId, ResourceType: 'key-pair', Key, Value });
      }
      const valid = new Set(['resource-id', 'resource-type', 'key', 'value']);
      const selected = applyFilters(
        rows,
        input.Filters,
        (name) => valid.has(name),
        (row, name) => {
          if (name === 'resource-id') return [row.ResourceId];
          if (name === 'resource-type') return [row.ResourceType];
          if (name === 'key') return [row.Key];
          return [row.Value];
        },
      );
      const bind = JSON.stringify(input.Filters ?? []);
      const offset = input.NextToken ? (decodeToken(input.NextToken, bind) ?? 0) : 0;
      const size = input.MaxResults ?? 1000;
      const page = selected.slice(offset, offset + size);
      return {
        Tags: page,
        NextToken:
          offset + page.length < selected.length
            ? encodeToken(offset + page.length, bind)
            : undefined,
      };
    },
  };
}
