/**
 * One in-memory AWS account shared by the emulated services: EC2 and SSM see
 * the same instances, STS issues credentials the others accept. State is per
 * region (the region comes from each request's SigV4 credential scope).
 */
import { randomBytes } from 'node:crypto';
import type { Identity } from './core/server.js';

export type InstanceStateName =
  'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

export const INSTANCE_STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';

export interface ExecutionResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Run Command script "on" an instance: the emulator never runs
 * anything itself. `timeoutSeconds` is the document's executionTimeout;
 * `signal` aborts when the emulator gives up on the invocation (timeout,
 * CancelCommand, the host dying, emulator stop).
 */
export type Executor = (
  instanceId: string,
  script: string,
  timeoutSeconds: number,
  signal: AbortSignal,
) => Promise<ExecutionResult>;

/**
 * How an instance's agent treats commands (default `normal`: deliver, run the
 * executor, report its exit code). Delays default to the scaled timeouts.
 */
export type InvocationBehaviour =
  | { kind: 'normal' }
  /** The agent never picks the command up: TimedOut / DeliveryTimedOut after the delivery timeout. */
  | { kind: 'offline'; afterMs?: number }
  /** Failed / Undeliverable, ResponseCode -1. */
  | { kind: 'undeliverable'; afterMs?: number }
  /** The script hangs: TimedOut / ExecutionTimedOut (ResponseCode 137) after the execution timeout. */
  | { kind: 'execution-timeout'; afterMs?: number; runScript?: boolean }
  /**
   * The host dies `afterMs` into the run: the executor's signal aborts,
   * `onDeath` runs (stop the test host there), the agent goes ConnectionLost,
   * and when the command expires the invocation ends TimedOut /
   * DeliveryTimedOut (AWS: an expiring command turns InProgress invocations
   * into DeliveryTimedOut). `finalAfterMs` shortens that wait.
   */
  | {
      kind: 'dies';
      afterMs: number;
      onDeath?: (instanceId: string) => void | Promise<void>;
      finalAfterMs?: number;
    }
  /** Cancelled / Terminated: the system stopped it (MaxErrors exceeded elsewhere). */
  | { kind: 'terminated'; afterMs?: number }
  /** Extra delivery delay, then normal. */
  | { kind: 'slow'; deliveryMs: number };

export interface SsmRegistration {
  pingStatus: PingStatus;
  platformName: string;
  platformVersion: string;
  agentVersion: string;
  lastPing: Date;
  registeredAt: Date;
}

export interface EmulatedInstance {
  instanceId: string;
  reservationId: string;
  region: string;
  keyName: string | null;
  state: InstanceStateName;
  platform: 'linux' | 'windows';
  platformDetails: string;
  tags: Record<string, string>;
  privateIpAddress: string;
  launchTime: Date;
  instanceType: string;
  imageId: string;
  availabilityZone: string;
  /** Null: no SSM agent registration (not a managed node). */
  ssm: SsmRegistration | null;
  executor?: Executor;
  behaviour?: InvocationBehaviour;
  /** User data as EC2 holds it (the decoded bytes); null: none. */
  userData: Buffer | null;
  disableApiStop: boolean;
  rootDeviceType: 'ebs' | 'instance-store';
  /** A spot instance's request: one-time requests cannot be stopped. */
  spot: SpotRequest | null;
  /** The public IPv4 address (null: none); an Elastic IP keeps it across stop and start. */
  publicIp: string | null;
  elasticIp: boolean;
  /** The serial console's output since the last start (GetConsoleOutput). */
  console: string;
  /** DescribeInstanceStatus: initializing after a start until the boot finished. */
  statusChecks: 'ok' | 'initializing' | 'impaired';
  /** Runs on every start, between pending and running (test hosts boot here). */
  boot?: BootHook;
}

export interface SpotRequest {
  requestId: string;
  type: 'one-time' | 'persistent';
  interruptionBehavior: 'terminate' | 'stop' | 'hibernate';
}

/**
 * What "booting" an instance does: given the user data EC2 holds, it
 * returns what the serial console printed. Throwing leaves the status
 * checks impaired (the instance does not come up).
 */
export type BootHook = (instance: EmulatedInstance) => Promise<{ console: string }>;

/** SSM Automation executions (AWSSupport-ResetAccess, simulated). */
export interface AutomationRecord {
  executionId: string;
  documentName: string;
  parameters: Record<string, string[]>;
  status: 'Pending' | 'InProgress' | 'Success' | 'Failed';
  startedAt: Date;
  endedAt?: Date;
  failureMessage?: string;
  outputs: Record<string, string[]>;
}

/**
 * What the simulated AWSSupport-ResetAccess does inside the instance: put
 * this public key where its default user logs in (tests append it to a host's
 * authorized_keys). Throwing fails the execution.
 */
export type ResetAccessHook = (instance: EmulatedInstance, publicKeyLine: string) => Promise<void>;

export interface InstanceSpec {
  instanceId?: string;
  region?: string;
  keyName?: string | null;
  state?: InstanceStateName;
  platform?: 'linux' | 'windows';
  platformDetails?: string;
  tags?: Record<string, string>;
  privateIpAddress?: string;
  launchTime?: Date;
  instanceType?: string;
  imageId?: string;
  /** false: not managed by SSM. Default: registered, Online when running, else ConnectionLost. */
  ssm?:
    | false
    | {
        pingStatus?: PingStatus;
        platformName?: string;
        platformVersion?: string;
        agentVersion?: string;
      };
  executor?: Executor;
  behaviour?: InvocationBehaviour;
  /** User data (text is stored as UTF-8). */
  userData?: string | Buffer;
  disableApiStop?: boolean;
  rootDeviceType?: 'ebs' | 'instance-store';
  spot?: Partial<SpotRequest>;
  /** Default: a public IPv4 address. null: none. */
  publicIp?: string | null;
  elasticIp?: boolean;
  boot?: BootHook;
}

export interface EmulatedKeyPair {
  keyPairId: string;
  keyName: string;
  keyType: 'rsa' | 'ed25519';
  keyFingerprint: string;
  /** `type base64` of the public key. */
  publicKey: string;
  createTime: Date;
  tags: Record<string, string>;
}

export interface ParameterVersion {
  version: number;
  value: string;
  type: 'String' | 'StringList' | 'SecureString';
  keyId?: string;
  description?: string;
  lastModifiedDate: Date;
  labels: string[];
}

export interface EmulatedParameter {
  name: string;
  versions: ParameterVersion[];
  tags: Record<string, string>;
}

export type InvocationStatus =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Cancelled'
  | 'TimedOut'
  | 'Failed'
  | 'Cancelling';

export interface InvocationRecord {
  commandId: string;
  instanceId: string;
  instanceName: string;
  status: InvocationStatus;
  statusDetails: string;
  responseCode: number;
  stdout: string;
  stderr: string;
  requestedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  /** The script the agent would have run (for assertions). */
  script: string;
}

export interface CommandRecord {
  commandId: string;
  region: string;
  documentName: string;
  /** The document version that ran (`1` for AWS documents). */
  documentVersion: string;
  /** The plugin (step) that runs the script, as CommandPlugins names it. */
  plugin: string;
  /** The platform the document runs on (an instance of the other gets InvalidPlatform). */
  platform: 'linux' | 'windows';
  comment: string;
  instanceIds: string[];
  parameters: Record<string, string[]>;
  script: string;
  deliveryTimeoutSeconds: number;
  executionTimeoutSeconds: number;
  maxConcurrency: string;
  maxErrors: string;
  requestedAt: Date;
  expiresAfter: Date;
  invocations: Map<string, InvocationRecord>;
  /** ListCommandInvocations/GetCommandInvocation see the invocations from this time on. */
  visibleAt: number;
  cancelled: boolean;
}

/** One version of an SSM document, as CreateDocument/UpdateDocument stored it. */
export interface DocumentVersionRecord {
  version: string;
  versionName?: string;
  /** The content as sent, and parsed. */
  content: string;
  format: 'JSON' | 'YAML';
  parsed: Record<string, unknown>;
  /** SHA-256 of the content, hex (DocumentDescription.Hash). */
  hash: string;
  createdDate: Date;
}

/** A custom SSM document (the account's own, not AWS's). */
export interface EmulatedDocument {
  name: string;
  documentType: string;
  targetType?: string;
  createdDate: Date;
  versions: DocumentVersionRecord[];
  defaultVersion: string;
  tags: Record<string, string>;
}

/**
 * What an IAM permission policy lets callers do with SendCommand, as the
 * emulator evaluates it (like the least-privilege role's statements):
 * AccessDeniedException names the first resource not allowed.
 */
export interface SendCommandPolicy {
  /** Documents that may be sent (names; a trailing `*` matches a prefix). Default: any. */
  documents?: string[];
  /** Instances must carry this tag (the `ssm:resourceTag/KEY` condition). Default: any. */
  instanceTag?: { key: string; value: string };
  /** Callers the policy applies to (access key ids). Default: every caller. */
  accessKeyIds?: string[];
}

export interface RegionState {
  name: string;
  keyPairs: Map<string, EmulatedKeyPair>;
  instances: Map<string, EmulatedInstance>;
  parameters: Map<string, EmulatedParameter>;
  commands: Map<string, CommandRecord>;
  documents: Map<string, EmulatedDocument>;
  automations: Map<string, AutomationRecord>;
}

/** A role that GitHub's OIDC tokens may assume: the trust policy's conditions. */
export interface RoleTrust {
  roleArn: string;
  /** StringLike patterns for `token.actions.githubusercontent.com:sub` (e.g. `repo:org/repo:*`). */
  subjects: string[];
  /** StringEquals for `token.actions.githubusercontent.com:aud` (default `sts.amazonaws.com`). */
  audiences?: string[];
  /** MaxSessionDuration of the role, seconds (default 3600). */
  maxSessionDuration?: number;
}

/** An IAM OIDC identity provider registered in the account. */
export interface OidcProviderTrust {
  issuer: string;
  /** The provider's client ID list (audiences it accepts). */
  audiences: string[];
}

export interface AssumedSession {
  roleArn: string;
  sessionName: string;
  subject: string;
  audience: string;
  accessKeyId: string;
  expiration: Date;
}

export const hexId = (prefix: string, length = 17): string =>
  `${prefix}-${randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)}`;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export function accessKeyIdFor(prefix: 'AKIA' | 'ASIA'): string {
  return prefix + [...randomBytes(16)].map((b) => ALNUM[b % ALNUM.length]).join('');
}
export const secretKey = (): string => randomBytes(30).toString('base64');

export class AccountState {
  readonly regions = new Map<string, RegionState>();
  readonly credentials = new Map<string, Identity>();
  readonly roles: RoleTrust[] = [];
  readonly oidcProviders: OidcProviderTrust[] = [];
  readonly sessions: AssumedSession[] = [];
  /** KMS key ids PutParameter must refuse (InvalidKeyId): to test custody failures. */
  readonly invalidKmsKeys = new Set<string>();
  /** Limits on SendCommand, like the caller's IAM policy (null: everything allowed). */
  sendCommandPolicy: SendCommandPolicy | null = null;
  /** The simulated AWSSupport-ResetAccess's work inside an instance (none: it fails). */
  resetAccess: ResetAccessHook | null = null;
  /** How long stopping, starting and the status checks take (ms). */
  powerMs = 20;
  private ipCounter = 10;

  constructor(
    readonly accountId: string,
    readonly defaultRegion: string,
    readonly now: () => Date = () => new Date(),
  ) {}

  region(name: string = this.defaultRegion): RegionState {
    let region = this.regions.get(name);
    if (!region) {
      region = {
        name,
        keyPairs: new Map(),
        instances: new Map(),
        parameters: new Map(),
        commands: new Map(),
        documents: new Map(),
        automations: new Map(),
      };
      this.regions.set(name, region);
    }
    return region;
  }

  /** Adds an instance (running, Linux, SSM Online unless the spec says otherwise). */
  addInstance(spec: InstanceSpec = {}): EmulatedInstance {
    const regionName = spec.region ?? this.defaultRegion;
    const state = spec.state ?? 'running';
    const platform = spec.platform ?? 'linux';
    const n = this.ipCounter++;
    const now = this.now();
    const instance: EmulatedInstance = {
      instanceId: spec.instanceId ?? hexId('i'),
      reservationId: hexId('r'),
      region: regionName,
      keyName: spec.keyName === undefined ? null : spec.keyName,
      state,
      platform,
      platformDetails: spec.platformDetails ?? (platform === 'windows' ? 'Windows' : 'Linux/UNIX'),
      tags: { ...(spec.tags ?? {}) },
      privateIpAddress:
        spec.privateIpAddress ?? `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      launchTime: spec.launchTime ?? now,
      instanceType: spec.instanceType ?? 't3.micro',
      imageId: spec.imageId ?? 'ami-0123456789abcdef0',
      availabilityZone: `${regionName}a`,
      ssm:
        spec.ssm === false
          ? null
          : {
              pingStatus:
                spec.ssm?.pingStatus ?? (state === 'running' ? 'Online' : 'ConnectionLost'),
              platformName:
                spec.ssm?.platformName ??
                (platform === 'windows'
                  ? 'Microsoft Windows Server 2022 Datacenter'
                  : 'Amazon Linux'),
              platformVersion:
                spec.ssm?.platformVersion ?? (platform === 'windows' ? '10.0.20348' : '2023'),
              agentVersion: spec.ssm?.agentVersion ?? '3.3.1142.0',
              lastPing: now,
              registeredAt: now,
            },
      executor: spec.executor,
      behaviour: spec.behaviour,
      userData:
        spec.userData === undefined
          ? null
          : Buffer.isBuffer(spec.userData)
            ? spec.userData
            : Buffer.from(spec.userData, 'utf8'),
      disableApiStop: spec.disableApiStop ?? false,
      rootDeviceType: spec.rootDeviceType ?? 'ebs',
      spot: spec.spot
        ? {
            requestId: spec.spot.requestId ?? hexId('sir', 8),
            type: spec.spot.type ?? 'one-time',
            interruptionBehavior: spec.spot.interruptionBehavior ?? 'terminate',
          }
        : null,
      publicIp: spec.publicIp === undefined ? this.publicIp() : spec.publicIp,
      elasticIp: spec.elasticIp ?? false,
      console: '',
      statusChecks: state === 'running' ? 'ok' : 'initializing',
      boot: spec.boot,
    };
    this.region(regionName).instances.set(instance.instanceId, instance);
    return instance;
  }

  /** A public IPv4 address from the documentation range (RFC 5737). */
  publicIp(): string {
    const n = this.ipCounter++;
    return `203.0.${(n >> 8) & 255}.${n & 255}`;
  }

  setBoot(instanceId: string, boot: BootHook | undefined): void {
    this.must(instanceId).boot = boot;
  }

  addInstances(
    count: number,
    spec: (index: number) => InstanceSpec = () => ({}),
  ): EmulatedInstance[] {
    return Array.from({ length: count }, (_, i) => this.addInstance(spec(i)));
  }

  /** The instance with this id, in whichever region holds it. */
  instance(instanceId: string): EmulatedInstance | undefined {
    for (const region of this.regions.values()) {
      const found = region.instances.get(instanceId);
      if (found) return found;
    }
    return undefined;
  }

  private must(instanceId: string): EmulatedInstance {
    const instance = this.instance(instanceId);
    if (!instance) throw new Error(`no emulated instance ${instanceId}`);
    return instance;
  }

  setBehaviour(instanceId: string, behaviour: InvocationBehaviour | undefined): void {
    this.must(instanceId).behaviour = behaviour;
  }

  setExecutor(instanceId: string, executor: Executor | undefined): void {
    this.must(instanceId).executor = executor;
  }

  setPingStatus(instanceId: string, pingStatus: PingStatus): void {
    const instance = this.must(instanceId);
    if (!instance.ssm) throw new Error(`${instanceId} is not managed by SSM`);
    instance.ssm.pingStatus = pingStatus;
  }

  /** Changes the EC2 state; the SSM agent follows (Online only while running). */
  setInstanceState(instanceId: string, state: InstanceStateName): void {
    const instance = this.must(instanceId);
    instance.state = state;
    if (instance.ssm) instance.ssm.pingStatus = state === 'running' ? 'Online' : 'ConnectionLost';
  }

  /** The current value of a parameter (decrypted), or undefined. */
  parameterValue(name: string, region: string = this.defaultRegion): string | undefined {
    return this.region(region).parameters.get(name)?.versions.at(-1)?.value;
  }

  /** Every command sent, oldest first, across regions. */
  commands(): CommandRecord[] {
    return [...this.regions.values()].flatMap((region) => [...region.commands.values()]);
  }

  /** Static long-term credentials (like an IAM user's access key). */
  createUserCredentials(userName = 'emulator'): Identity {
    const identity: Identity = {
      accessKeyId: accessKeyIdFor('AKIA'),
      secretAccessKey: secretKey(),
      arn: `arn:aws:iam::${this.accountId}:user/${userName}`,
      userId: `AIDA${accessKeyIdFor('AKIA').slice(4)}`,
      account: this.accountId,
    };
    this.credentials.set(identity.accessKeyId, identity);
    return identity;
  }
}
