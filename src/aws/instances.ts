import { paginateDescribeInstances, type Filter, type Instance } from '@aws-sdk/client-ec2';
import { paginateDescribeInstanceInformation, type InstanceInformation } from '@aws-sdk/client-ssm';
import type { RegionClients } from './clients.js';

export type Readiness = 'ready' | 'not-running' | 'windows' | 'not-managed' | 'offline';

export interface TargetInstance {
  region: string;
  instanceId: string;
  name: string | null;
  keyName: string | null;
  state: string;
  platform: 'linux' | 'windows';
  readiness: Readiness;
  /** Why the instance was included: launched with the key pair, tagged, or listed by a leak record. */
  reason: 'launch key' | 'target tag' | 'leak record';
}

export interface TargetTag {
  key: string;
  value: string;
}

/** What a person can do for an instance the rotation cannot reach. */
export const MANUAL_WAYS_BACK = [
  'rotate again with --offline-recovery user-data (action input offline-recovery: user-data): the instance is stopped and started, and a boothook adds the new key and removes the old one',
  'or --offline-recovery reset-access: the AWSSupport-ResetAccess automation puts a new key in place and stores it in Parameter Store (the leaked key stays)',
  'once Run Command reaches it again: ec2-key-rotate recover --instance ID --user USER --revoke-old (action mode: recover)',
  'by hand: log in as another user whose key still works, or edit authorized_keys on the root volume from a rescue instance',
];

export const READINESS_TEXT: Record<Readiness, string> = {
  ready: 'SSM-managed and online',
  'not-running': 'not running: its authorized_keys keeps the old key until it runs and is rotated',
  windows: 'Windows: the key pair decrypts the Administrator password; rotate it by hand',
  'not-managed': 'not managed by SSM (no agent, no instance profile, or no route to SSM)',
  offline: 'SSM agent offline (ConnectionLost)',
};

async function describe(clients: RegionClients, filters: Filter[]): Promise<Instance[]> {
  const found: Instance[] = [];
  for await (const page of paginateDescribeInstances(
    { client: clients.ec2 },
    { Filters: filters, MaxResults: 1000 },
  )) {
    for (const reservation of page.Reservations ?? []) found.push(...(reservation.Instances ?? []));
  }
  return found;
}

/** DescribeInstanceInformation requests in flight at once (one per 50 ids). */
const INVENTORY_CONCURRENCY = 8;

async function ssmInventory(
  clients: RegionClients,
  ids: string[],
): Promise<Map<string, InstanceInformation>> {
  const known = new Map<string, InstanceInformation>();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += 50) chunks.push(ids.slice(i, i + 50));
  let next = 0;
  // Chunks are independent: asking them in parallel keeps a large fleet's plan short.
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const filters = [{ Key: 'InstanceIds', Values: chunks[next++] as string[] }];
      for await (const page of paginateDescribeInstanceInformation(
        { client: clients.ssm },
        { Filters: filters, MaxResults: 50 },
      )) {
        for (const info of page.InstanceInformationList ?? [])
          if (info.InstanceId) known.set(info.InstanceId, info);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(INVENTORY_CONCURRENCY, chunks.length) }, worker));
  return known;
}

/**
 * The instances a rotation must reach: those launched with the key pair,
 * those carrying the target tag (all pages) and those a leak record lists
 * (`recorded`: an instance stopped or offline last time is looked for again),
 * each classified by whether Run Command can reach it. Terminated instances
 * are left out; recorded ones that are terminated or gone come back in `gone`.
 */
export async function findTargets(
  clients: RegionClients,
  /** null: only the instances named in `recorded` (a recovery by instance id). */
  keyName: string | null,
  tag: TargetTag | null,
  recorded: string[] = [],
): Promise<{ targets: TargetInstance[]; gone: { instanceId: string; region: string }[] }> {
  const alive = {
    Name: 'instance-state-name',
    Values: ['pending', 'running', 'stopping', 'stopped'],
  };
  const byKey =
    keyName === null
      ? []
      : await describe(clients, [{ Name: 'key-name', Values: [keyName] }, alive]);
  const byTag = tag
    ? await describe(clients, [{ Name: `tag:${tag.key}`, Values: [tag.value] }, alive])
    : [];
  const instances = new Map<string, { instance: Instance; reason: TargetInstance['reason'] }>();
  for (const instance of byKey)
    instances.set(instance.InstanceId ?? '', { instance, reason: 'launch key' });
  for (const instance of byTag) {
    if (!instances.has(instance.InstanceId ?? ''))
      instances.set(instance.InstanceId ?? '', { instance, reason: 'target tag' });
  }
  const gone: { instanceId: string; region: string }[] = [];
  const wanted = recorded.filter((id) => !instances.has(id));
  if (wanted.length) {
    const found = new Map<string, Instance>();
    for (let i = 0; i < wanted.length; i += 200) {
      const chunk = wanted.slice(i, i + 200);
      for (const instance of await describe(clients, [{ Name: 'instance-id', Values: chunk }]))
        found.set(instance.InstanceId ?? '', instance);
    }
    for (const id of wanted) {
      const instance = found.get(id);
      const state = instance?.State?.Name ?? 'terminated';
      if (!instance || state === 'terminated' || state === 'shutting-down')
        gone.push({ instanceId: id, region: clients.region });
      else instances.set(id, { instance, reason: 'leak record' });
    }
  }
  const inventory = await ssmInventory(clients, [...instances.keys()]);
  const targets = [...instances.values()]
    .map(({ instance, reason }) => {
      const instanceId = instance.InstanceId ?? '';
      const state = instance.State?.Name ?? 'unknown';
      const windows =
        String(instance.Platform ?? '').toLowerCase() === 'windows' ||
        /windows/i.test(instance.PlatformDetails ?? '');
      const info = inventory.get(instanceId);
      const readiness: Readiness = windows
        ? 'windows'
        : state !== 'running'
          ? 'not-running'
          : !info
            ? 'not-managed'
            : info.PingStatus !== 'Online'
              ? 'offline'
              : 'ready';
      return {
        region: clients.region,
        instanceId,
        name: instance.Tags?.find((t) => t.Key === 'Name')?.Value ?? null,
        keyName: instance.KeyName ?? null,
        state,
        platform: windows ? ('windows' as const) : ('linux' as const),
        readiness,
        reason,
      };
    })
    .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  return { targets, gone };
}
