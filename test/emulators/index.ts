/**
 * Local AWS: EC2, SSM and STS over their real wire protocols on loopback
 * ports, plus the GitHub Actions OIDC token service. Unmodified SDK v3
 * clients reach them through AWS_ENDPOINT_URL_EC2/SSM/STS (see emulatorEnv)
 * or an `endpoint` in their config.
 *
 *   const aws = await startAwsEmulator({ executor: localShellExecutor(dir) });
 *   const restore = applyEnv(emulatorEnv(aws));
 *   aws.state.addInstance({ keyName: 'deploy', tags: { Name: 'web-1' } });
 *   … run the code under test …
 *   expect(aws.log.count('SendCommand')).toBe(1);
 *   restore(); await aws.stop();
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import { Faults, RequestLog } from './core/faults.js';
import { startServiceServer, type RunningServer } from './core/server.js';
import { createEc2Handlers, ec2Operations, ec2Protocol, type Ec2Options } from './ec2.js';
import { OidcProvider, startOidcServer, type MintOptions, type OidcOptions } from './oidc.js';
import { CommandEngine, DEFAULT_CLOCK, type RunCommandClock } from './ssm-commands.js';
import { createSsmHandlers, ssmOperations, ssmProtocol } from './ssm.js';
import { AccountState, type Executor, type RoleTrust } from './state.js';
import { createStsHandlers, STS_UNSIGNED, stsOperations, stsProtocol } from './sts.js';

export { localShellExecutor } from './executors.js';
export type { FaultHandle, FaultKind, FaultRule, LogEntry, ServiceName } from './core/faults.js';
export type { RunCommandClock } from './ssm-commands.js';
export type {
  AccountState,
  CommandRecord,
  EmulatedInstance,
  EmulatedKeyPair,
  ExecutionResult,
  Executor,
  InstanceSpec,
  InvocationBehaviour,
  InvocationRecord,
  RoleTrust,
} from './state.js';
export type { MintOptions, OidcOptions } from './oidc.js';

export interface AwsEmulatorOptions {
  /** Default region (requests use the region of their SigV4 scope). Default us-east-1. */
  region?: string;
  accountId?: string;
  /** Runs Run Command scripts for instances without their own executor. */
  executor?: Executor;
  clock?: Partial<RunCommandClock>;
  /** Check SigV4 signatures with the issued secrets (default true). */
  verifySignatures?: boolean;
  ec2?: Partial<Ec2Options>;
  oidc?: OidcOptions;
  /** Roles OIDC tokens may assume. Default: `arn:aws:iam::<account>:role/ec2-key-rotate` trusting `repo:<repository>:*`. */
  roles?: RoleTrust[];
  /** Client IDs of the account's token.actions.githubusercontent.com provider (default `sts.amazonaws.com`). */
  oidcAudiences?: string[];
  now?: () => Date;
}

export interface AwsEmulator {
  endpoints: { ec2: string; ssm: string; sts: string };
  region: string;
  accountId: string;
  /** Static credentials the services accept (an IAM user's key). */
  credentials: AwsCredentialIdentity & { accessKeyId: string; secretAccessKey: string };
  oidc: {
    url: string;
    /** ACTIONS_ID_TOKEN_REQUEST_URL. */
    requestUrl: string;
    /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
    requestToken: string;
    issuer: string;
    /** The default role's ARN. */
    roleArn: string;
    provider: OidcProvider;
    mintToken(options?: MintOptions): string;
  };
  state: AccountState;
  faults: Faults;
  log: RequestLog;
  /** Resolves when every Run Command invocation has finished. */
  commandsIdle(): Promise<void>;
  /** SDK client config pointing at one emulated service (for the emulator's own tests). */
  clientConfig(
    service: 'ec2' | 'ssm' | 'sts',
    region?: string,
  ): { region: string; endpoint: string; credentials: AwsCredentialIdentity };
  stop(): Promise<void>;
}

export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const now = options.now ?? (() => new Date());
  const state = new AccountState(accountId, region, now);
  const faults = new Faults();
  const log = new RequestLog();
  const clock: RunCommandClock = { ...DEFAULT_CLOCK, ...options.clock };
  const engine = new CommandEngine(state, clock, options.executor);
  const provider = new OidcProvider(options.oidc, now);
  const user = state.createUserCredentials();

  const roleArn = `arn:aws:iam::${accountId}:role/ec2-key-rotate`;
  state.roles.push(
    ...(options.roles ?? [{ roleArn, subjects: [`repo:${provider.repository}:*`] }]),
  );
  state.oidcProviders.push({
    issuer: provider.issuer,
    audiences: options.oidcAudiences ?? ['sts.amazonaws.com'],
  });

  const common = {
    credentials: (accessKeyId: string) => state.credentials.get(accessKeyId),
    verifySignatures: options.verifySignatures ?? true,
    defaultRegion: region,
    faults,
    log,
    now,
  };
  const servers: RunningServer[] = [];
  const oidcServer = await startOidcServer(provider, faults, log);
  try {
    servers.push(
      await startServiceServer({
        ...common,
        service: 'ec2',
        signingName: 'ec2',
        protocol: ec2Protocol,
        operations: ec2Operations,
        handlers: createEc2Handlers(state, { unpaginatedPageSize: 1000, ...options.ec2 }),
      }),
      await startServiceServer({
        ...common,
        service: 'ssm',
        signingName: 'ssm',
        protocol: ssmProtocol,
        operations: ssmOperations,
        handlers: createSsmHandlers(state, engine, clock.invocationVisibilityDelayMs),
      }),
      await startServiceServer({
        ...common,
        service: 'sts',
        signingName: 'sts',
        protocol: stsProtocol,
        operations: stsOperations,
        handlers: createStsHandlers(state, provider),
        unsigned: STS_UNSIGNED,
      }),
    );
  } catch (error) {
    await Promise.all([...servers.map((s) => s.close()), oidcServer.close()]);
    throw error;
  }
  const [ec2, ssm, sts] = servers as [RunningServer, RunningServer, RunningServer];
  const endpoints = { ec2: ec2.url, ssm: ssm.url, sts: sts.url };
  const credentials = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };

  return {
    endpoints,
    region,
    accountId,
    credentials,
    oidc: {
      url: oidcServer.url,
      requestUrl: oidcServer.requestUrl,
      requestToken: provider.requestToken,
      issuer: provider.issuer,
      roleArn,
      provider,
      mintToken: (mint) => provider.mintToken(mint),
    },
    state,
    faults,
    log,
    commandsIdle: () => engine.idle(),
    clientConfig: (service, clientRegion = region) => ({
      region: clientRegion,
      endpoint: endpoints[service],
      credentials,
    }),
    async stop() {
      await engine.stop();
      await Promise.all([...servers.map((s) => s.close()), oidcServer.close()]);
    },
  };
}

export interface EmulatorEnvOptions {
  /** Put the static credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (default true). */
  credentials?: boolean;
  /** Set ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN (default true). */
  oidc?: boolean;
  region?: string;
}

/** The environment that points SDK clients (and @actions/core's getIDToken) at the emulator. */
export function emulatorEnv(
  emulator: AwsEmulator,
  options: EmulatorEnvOptions = {},
): Record<string, string> {
  const region = options.region ?? emulator.region;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_EC2: emulator.endpoints.ec2,
    AWS_ENDPOINT_URL_SSM: emulator.endpoints.ssm,
    AWS_ENDPOINT_URL_STS: emulator.endpoints.sts,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  if (options.credentials ?? true) {
    env.AWS_ACCESS_KEY_ID = emulator.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = emulator.credentials.secretAccessKey;
  }
  if (options.oidc ?? true) {
    env.ACTIONS_ID_TOKEN_REQUEST_URL = emulator.oidc.requestUrl;
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emulator.oidc.requestToken;
  }
  return env;
}

/** Variables the emulator environment clears so nothing leaks in from the real machine. */
const CLEARED = [
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
];

/** Sets the variables in process.env (clearing ambient AWS settings); returns a function that restores the old values. */
export function applyEnv(env: Record<string, string>): () => void {
  const keys = [...new Set([...Object.keys(env), ...CLEARED])];
  const saved = new Map(keys.map((key) => [key, process.env[key]]));
  for (const key of CLEARED) Reflect.deleteProperty(process.env, key);
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  };
}
