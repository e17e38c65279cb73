/**
 * Whether an instance may be stopped and started for an offline recovery,
 * read-only, before anything changes. Refused (with the reason):
 * - an instance-store root device, or an instance type with instance store
 *   volumes (their data is lost on stop; EC2 does not list those volumes
 *   per instance, so the type decides, DescribeInstanceTypes);
 * - a member of an Auto Scaling group: it would be marked unhealthy and
 *   replaced. The `aws:autoscaling:groupName` tag is enough: EC2 Auto
 *   Scaling sets it on every instance it launches and nobody can set or
 *   remove an `aws:` tag, so DescribeAutoScalingInstances adds nothing;
 * - DisableApiStop (DescribeInstanceAttribute);
 * - a spot instance unless its request is persistent and interrupts by
 *   stopping (a one-time request cannot be stopped; an unreadable request is
 *   refused too).
 * Warned: a public IPv4 address that is not an Elastic IP changes on start.
 */
import {
  DescribeAddressesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeSpotInstanceRequestsCommand,
  type _InstanceType,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { RegionClients } from '../clients.js';

export interface StopCheck {
  instanceId: string;
  /** Why the instance must not be stopped; empty: it may be. */
  refusals: string[];
  warnings: string[];
}

export const ASG_TAG = 'aws:autoscaling:groupName';

const message = (error: unknown): string => (error as Error).message.split('\n')[0] ?? '';

async function describeAll(clients: RegionClients, ids: string[]): Promise<Instance[]> {
  const found: Instance[] = [];
  for (let at = 0; at < ids.length; at += 100) {
    const page = await clients.ec2.send(
      new DescribeInstancesCommand({ InstanceIds: ids.slice(at, at + 100) }),
    );
    for (const reservation of page.Reservations ?? []) found.push(...(reservation.Instances ?? []));
  }
  return found;
}

/** Instance types that come with instance store volumes. */
async function instanceStoreTypes(clients: RegionClients, types: string[]): Promise<Set<string>> {
  const withStore = new Set<string>();
  for (let at = 0; at < types.length; at += 100) {
    const page = await clients.ec2.send(
      new DescribeInstanceTypesCommand({
        InstanceTypes: types.slice(at, at + 100) as _InstanceType[],
      }),
    );
    for (const info of page.InstanceTypes ?? [])
      if (info.InstanceStorageSupported && info.InstanceType) withStore.add(info.InstanceType);
  }
  return withStore;
}

/** Checks every instance; an instance EC2 does not describe is refused. */
export async function checkStopSafety(
  clients: RegionClients,
  instanceIds: string[],
): Promise<Map<string, StopCheck>> {
  const checks = new Map<string, StopCheck>(
    instanceIds.map((instanceId) => [instanceId, { instanceId, refusals: [], warnings: [] }]),
  );
  if (!instanceIds.length) return checks;
  const instances = await describeAll(clients, instanceIds);
  const byId = new Map(instances.map((instance) => [instance.InstanceId ?? '', instance]));
  const types = [...new Set(instances.map((instance) => instance.InstanceType ?? ''))].filter(
    Boolean,
  );
  const storeTypes = await instanceStoreTypes(clients, types);
  const elastic = new Set<string>();
  const addresses = await clients.ec2.send(
    new DescribeAddressesCommand({ Filters: [{ Name: 'instance-id', Values: instanceIds }] }),
  );
  for (const address of addresses.Addresses ?? [])
    if (address.InstanceId) elastic.add(address.InstanceId);

  for (const check of checks.values()) {
    const instance = byId.get(check.instanceId);
    const refuse = (why: string): void => void check.refusals.push(why);
    if (!instance) {
      refuse('EC2 does not describe it');
      continue;
    }
    if (instance.RootDeviceType !== 'ebs')
      refuse(
        `its root device is ${instance.RootDeviceType ?? 'not EBS'}: stopping it loses the root volume`,
      );
    if (storeTypes.has(instance.InstanceType ?? ''))
      refuse(
        `its type ${instance.InstanceType} has instance store volumes, whose data is lost on stop`,
      );
    const group = instance.Tags?.find((tag) => tag.Key === ASG_TAG)?.Value;
    if (group)
      refuse(`it belongs to Auto Scaling group ${group}, which would replace it when it stops`);
    try {
      const attribute = await clients.ec2.send(
        new DescribeInstanceAttributeCommand({
          InstanceId: check.instanceId,
          Attribute: 'disableApiStop',
        }),
      );
      if (attribute.DisableApiStop?.Value) refuse('stop protection (DisableApiStop) is on');
    } catch (error) {
      refuse(`cannot read its stop protection (DisableApiStop): ${message(error)}`);
    }
    if (instance.InstanceLifecycle === 'spot') {
      const requestId = instance.SpotInstanceRequestId;
      try {
        if (!requestId) throw new Error('no spot request id');
        const { SpotInstanceRequests: [request] = [] } = await clients.ec2.send(
          new DescribeSpotInstanceRequestsCommand({ SpotInstanceRequestIds: [requestId] }),
        );
        if (request?.Type !== 'persistent' || request.InstanceInterruptionBehavior !== 'stop')
          refuse(
            `it is a spot instance (request ${request?.Type ?? 'unknown'}, interruption behaviour ${request?.InstanceInterruptionBehavior ?? 'unknown'}) that cannot be stopped and started again`,
          );
      } catch (error) {
        refuse(`it is a spot instance whose request cannot be read: ${message(error)}`);
      }
    }
    if (instance.PublicIpAddress && !elastic.has(check.instanceId))
      check.warnings.push(
        `its public IPv4 address ${instance.PublicIpAddress} will change (no Elastic IP)`,
      );
  }
  return checks;
}
