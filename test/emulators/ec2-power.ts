/**
 * EC2 (Query protocol): what stopping and starting an instance involves:
 * StopInstances, StartInstances, Modify/DescribeInstanceAttribute (userData,
 * disableApiStop), DescribeInstanceStatus, GetConsoleOutput, and the facts
 * that decide whether a stop is safe (DescribeAddresses,
 * DescribeInstanceTypes, DescribeSpotInstanceRequests).
 *
 * Life cycle, on timers of `state.powerMs`: stop goes running → stopping →
 * stopped (the public IPv4 address is released unless it is an Elastic IP);
 * start goes stopped → pending → running with status checks `initializing`,
 * then the instance's boot hook runs (a test host runs its user data's
 * boothook there), its console text becomes GetConsoleOutput's, and the
 * checks turn `ok` (`impaired` when the boot hook throws). EC2's own refusals
 * are kept: DisableApiStop, instance-store roots, one-time spot requests,
 * user data changed only while stopped.
 */
import { AwsError } from './core/errors.js';
import type { CallContext, Handler } from './core/server.js';
import {
  INSTANCE_STATE_CODES,
  type AccountState,
  type EmulatedInstance,
  type RegionState,
} from './state.js';

/** EC2 user data is at most 16 KB (before base64). */
export const USER_DATA_MAX = 16_384;

/** Instance families with instance store volumes (NVMe on Nitro: always attached). */
const INSTANCE_STORE_TYPE = /^(?:[a-z]+\d+[a-z]*d[a-z]*|i\d[a-z]*|d\d[a-z]*|x1e?|h1)\./;

export function hasInstanceStore(instanceType: string): boolean {
  return INSTANCE_STORE_TYPE.test(instanceType);
}

function dryRun(input: { DryRun?: boolean }): void {
  if (input.DryRun)
    throw new AwsError(
      'DryRunOperation',
      'Request would have succeeded, but DryRun flag is set.',
      412,
    );
}

const stateOf = (instance: EmulatedInstance): { Code: number; Name: string } => ({
  Code: INSTANCE_STATE_CODES[instance.state],
  Name: instance.state,
});

export function createEc2PowerHandlers(state: AccountState): Record<string, Handler> {
  const region = (ctx: CallContext): RegionState => state.region(ctx.region);
  /** Instances that had a public address when stopped (they get a new one on start). */
  const hadPublicIp = new WeakSet<EmulatedInstance>();
  const later = (fn: () => void): void => {
    setTimeout(fn, state.powerMs).unref?.();
  };

  const find = (ctx: CallContext, id: string): EmulatedInstance => {
    const instance = region(ctx).instances.get(id);
    if (!instance || instance.state === 'terminated')
      throw new AwsError(
        'InvalidInstanceID.NotFound',
        `The instance ID '${id}' does not exist`,
        400,
      );
    return instance;
  };

  const setState = (instance: EmulatedInstance, next: EmulatedInstance['state']): void => {
    instance.state = next;
    if (instance.ssm) instance.ssm.pingStatus = next === 'running' ? 'Online' : 'ConnectionLost';
  };

  const boot = (instance: EmulatedInstance): void => {
    setState(instance, 'running');
    instance.statusChecks = 'initializing';
    if (hadPublicIp.has(instance)) {
      hadPublicIp.delete(instance);
      instance.publicIp = state.publicIp();
    }
    const hook = instance.boot ?? (async () => ({ console: '' }));
    hook(instance).then(
      (booted) => {
        instance.console = booted.console;
        later(() => {
          if (instance.state === 'running') instance.statusChecks = 'ok';
        });
      },
      (error: unknown) => {
        instance.console = `boot failed: ${(error as Error).message}\n`;
        instance.statusChecks = 'impaired';
      },
    );
  };

  const checkStoppable = (instance: EmulatedInstance): void => {
    const id = instance.instanceId;
    if (instance.disableApiStop)
      throw new AwsError(
        'OperationNotPermitted',
        `The instance '${id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`,
        400,
      );
    if (instance.rootDeviceType !== 'ebs')
      throw new AwsError(
        'UnsupportedOperation',
        `The instance '${id}' does not have an 'ebs' root device type and cannot be stopped.`,
        400,
      );
    if (instance.spot && instance.spot.type !== 'persistent')
      throw new AwsError(
        'UnsupportedOperation',
        `You can't stop the Spot Instance '${id}' because it is associated with a one-time Spot Instance request. You can only stop Spot Instances associated with persistent Spot Instance requests.`,
        400,
      );
  };

  return {
    StopInstances(input: { InstanceIds: string[]; DryRun?: boolean; Force?: boolean }, ctx) {
      const instances = input.InstanceIds.map((id) => find(ctx, id));
      for (const instance of instances) checkStoppable(instance);
      dryRun(input);
      return {
        StoppingInstances: instances.map((instance) => {
          const previous = stateOf(instance);
          if (instance.state === 'running' || instance.state === 'pending') {
            setState(instance, 'stopping');
            later(() => {
              if (instance.state !== 'stopping') return;
              setState(instance, 'stopped');
              if (instance.publicIp && !instance.elasticIp) {
                hadPublicIp.add(instance);
                instance.publicIp = null;
              }
            });
          }
          return {
            InstanceId: instance.instanceId,
            CurrentState: stateOf(instance),
            PreviousState: previous,
          };
        }),
      };
    },

    StartInstances(input: { InstanceIds: string[]; DryRun?: boolean }, ctx) {
      const instances = input.InstanceIds.map((id) => find(ctx, id));
      for (const instance of instances) {
        if (!['stopped', 'pending', 'running'].includes(instance.state))
          throw new AwsError(
            'IncorrectInstanceState',
            `The instance '${instance.instanceId}' is not in a state from which it can be started.`,
            400,
          );
      }
      dryRun(input);
      return {
        StartingInstances: instances.map((instance) => {
          const previous = stateOf(instance);
          if (instance.state === 'stopped') {
            setState(instance, 'pending');
            instance.console = '';
            later(() => {
              if (instance.state === 'pending') boot(instance);
            });
          }
          return {
            InstanceId: instance.instanceId,
            CurrentState: stateOf(instance),
            PreviousState: previous,
          };
        }),
      };
    },

    ModifyInstanceAttribute(
      input: {
        InstanceId: string;
        Attribute?: string;
        Value?: string;
        UserData?: { Value?: Uint8Array };
        DisableApiStop?: { Value?: boolean };
        DryRun?: boolean;
      },
      ctx,
    ) {
      const instance = find(ctx, input.InstanceId);
      const given = [input.Attribute, input.UserData, input.DisableApiStop].filter(
        (value) => value !== undefined,
      );
      if (given.length !== 1)
        throw new AwsError(
          'InvalidParameterCombination',
          'Exactly one attribute may be modified per call (the emulator supports userData and disableApiStop).',
          400,
        );
      if (input.UserData) {
        const value = Buffer.from(input.UserData.Value ?? new Uint8Array());
        if (instance.state !== 'stopped')
          throw new AwsError(
            'IncorrectInstanceState',
            `The instance '${instance.instanceId}' is not in the 'stopped' state.`,
            400,
          );
        if (value.length > USER_DATA_MAX)
          throw new AwsError(
            'InvalidParameterValue',
            `User data is limited to ${USER_DATA_MAX} bytes`,
            400,
          );
        dryRun(input);
        instance.userData = value.length ? value : null;
        return {};
      }
      if (input.DisableApiStop) {
        dryRun(input);
        instance.disableApiStop = input.DisableApiStop.Value ?? false;
        return {};
      }
      throw new AwsError(
        'EmulatorNotImplemented',
        `ModifyInstanceAttribute ${input.Attribute ?? ''}: not emulated`,
        501,
      );
    },

    DescribeInstanceAttribute(
      input: { InstanceId: string; Attribute: string; DryRun?: boolean },
      ctx,
    ) {
      dryRun(input);
      const instance = find(ctx, input.InstanceId);
      switch (input.Attribute) {
        case 'userData':
          return {
            InstanceId: instance.instanceId,
            UserData: instance.userData ? { Value: instance.userData.toString('base64') } : {},
          };
        case 'disableApiStop':
          return {
            InstanceId: instance.instanceId,
            DisableApiStop: { Value: instance.disableApiStop },
          };
        default:
          throw new AwsError(
            'EmulatorNotImplemented',
            `DescribeInstanceAttribute ${input.Attribute}: not emulated`,
            501,
          );
      }
    },

    DescribeInstanceStatus(
      input: { InstanceIds?: string[]; IncludeAllInstances?: boolean; DryRun?: boolean },
      ctx,
    ) {
      dryRun(input);
      const ids = input.InstanceIds ?? [];
      const selected = ids.length
        ? ids.map((id) => find(ctx, id))
        : [...region(ctx).instances.values()];
      const summary = (status: EmulatedInstance['statusChecks']) => ({
        Status: status,
        Details: [
          {
            Name: 'reachability',
            Status: status === 'ok' ? 'passed' : status === 'impaired' ? 'failed' : 'initializing',
          },
        ],
      });
      return {
        InstanceStatuses: selected
          .filter((instance) => input.IncludeAllInstances || instance.state === 'running')
          .map((instance) => ({
            InstanceId: instance.instanceId,
            AvailabilityZone: instance.availabilityZone,
            InstanceState: stateOf(instance),
            ...(instance.state === 'running'
              ? {
                  InstanceStatus: summary(instance.statusChecks),
                  SystemStatus: summary(
                    instance.statusChecks === 'impaired' ? 'ok' : instance.statusChecks,
                  ),
                }
              : {
                  InstanceStatus: { Status: 'not-applicable' },
                  SystemStatus: { Status: 'not-applicable' },
                }),
          })),
      };
    },

    GetConsoleOutput(input: { InstanceId: string; Latest?: boolean; DryRun?: boolean }, ctx) {
      dryRun(input);
      const instance = find(ctx, input.InstanceId);
      // EC2 keeps the last 64 KB.
      const output = Buffer.from(instance.console, 'utf8').subarray(-65_536);
      return {
        InstanceId: instance.instanceId,
        Timestamp: state.now(),
        Output: output.length ? output.toString('base64') : undefined,
      };
    },

    DescribeAddresses(
      input: { Filters?: { Name?: string; Values?: string[] }[]; DryRun?: boolean },
      ctx,
    ) {
      dryRun(input);
      const wanted = input.Filters?.find((filter) => filter.Name === 'instance-id')?.Values;
      for (const filter of input.Filters ?? []) {
        if (filter.Name !== 'instance-id')
          throw new AwsError(
            'InvalidParameterValue',
            `The filter '${filter.Name ?? ''}' is not emulated`,
            400,
          );
      }
      return {
        Addresses: [...region(ctx).instances.values()]
          .filter((instance) => instance.elasticIp && instance.publicIp)
          .filter((instance) => !wanted || wanted.includes(instance.instanceId))
          .map((instance) => ({
            InstanceId: instance.instanceId,
            PublicIp: instance.publicIp ?? undefined,
            AllocationId: `eipalloc-${instance.instanceId.slice(2)}`,
            Domain: 'vpc',
          })),
      };
    },

    DescribeInstanceTypes(input: { InstanceTypes?: string[]; DryRun?: boolean }) {
      dryRun(input);
      return {
        InstanceTypes: (input.InstanceTypes ?? []).map((type) => ({
          InstanceType: type,
          InstanceStorageSupported: hasInstanceStore(type),
          ...(hasInstanceStore(type)
            ? { InstanceStorageInfo: { TotalSizeInGB: 75, NvmeSupport: 'required' } }
            : {}),
        })),
      };
    },

    DescribeSpotInstanceRequests(
      input: { SpotInstanceRequestIds?: string[]; DryRun?: boolean },
      ctx,
    ) {
      dryRun(input);
      const spots = [...region(ctx).instances.values()].filter((instance) => instance.spot);
      const ids = input.SpotInstanceRequestIds ?? [];
      const missing = ids.find((id) => !spots.some((instance) => instance.spot?.requestId === id));
      if (missing)
        throw new AwsError(
          'InvalidSpotInstanceRequestID.NotFound',
          `The spot instance request ID '${missing}' does not exist`,
          400,
        );
      return {
        SpotInstanceRequests: spots
          .filter((instance) => !ids.length || ids.includes(instance.spot?.requestId ?? ''))
          .map((instance) => ({
            SpotInstanceRequestId: instance.spot?.requestId,
            InstanceId: instance.instanceId,
            Type: instance.spot?.type,
            InstanceInterruptionBehavior: instance.spot?.interruptionBehavior,
            State: 'active',
          })),
      };
    },
  };
}
