/** SSM (awsJson 1.1): managed instances, Run Command, Parameter Store, tags. */
import { createHash, randomUUID } from 'node:crypto';
import * as ssmModel from '@aws-sdk/client-ssm';
import { AwsError } from './core/errors.js';
import { constraintMessage, jsonProtocol } from './core/protocols.js';
import { loadErrorShapes, loadOperations } from './core/schema.js';
import type { CallContext, Handler, Protocol } from './core/server.js';
import { decodeToken, encodeToken, wildcard } from './filters.js';
import { CommandEngine, contentOf, isTerminal, limitOf, pluginOutput } from './ssm-commands.js';
import { createAutomationHandlers } from './ssm-automation.js';
import { createDocumentSupport } from './ssm-documents.js';
import type {
  AccountState,
  CommandRecord,
  EmulatedInstance,
  EmulatedParameter,
  InvocationRecord,
  ParameterVersion,
  RegionState,
  SsmRegistration,
} from './state.js';

export const SSM_NAMESPACE = 'com.amazonaws.ssm';

export const ssmOperations = loadOperations(
  ssmModel as unknown as Record<string, unknown>,
  SSM_NAMESPACE,
);
const ssmErrors = loadErrorShapes(ssmModel as unknown as Record<string, unknown>, SSM_NAMESPACE);

/** The member the model gives an error's message (`Message` for most SSM errors, `message` for some). */
function messageMember(code: string): string {
  const shape = ssmErrors.get(code);
  if (!shape) return 'message';
  const names = [...shape.ns.structIterator()].map(([name]) => name);
  return names.includes('Message') ? 'Message' : 'message';
}

export const ssmProtocol: Protocol = jsonProtocol({
  target: 'AmazonSSM',
  messageMember,
  faults: {
    throttle: ['ThrottlingException', 'Rate exceeded', 400],
    internal: ['InternalServerError', 'An internal error occurred', 500],
    unavailable: ['ServiceUnavailable', 'Service Unavailable', 503],
  },
  auth: {
    missing: () =>
      new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400),
    unknownKey: () =>
      new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        400,
      ),
    badSignature: () =>
      new AwsError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
        400,
      ),
    expired: () =>
      new AwsError(
        'ExpiredTokenException',
        'The security token included in the request is expired',
        400,
      ),
    wrongScope: (service) =>
      new AwsError(
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${service}'.`,
        400,
      ),
  },
});

const validation = (member: string, value: unknown, constraint: string): AwsError =>
  new AwsError('ValidationException', constraintMessage(member, String(value), constraint), 400);

function checkRange(member: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (value < min)
    throw validation(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw validation(member, value, `Member must have value less than or equal to ${max}`);
}

interface Page<T> {
  items: T[];
  next?: string;
}

function paginate<T>(
  items: T[],
  maxResults: number,
  token: string | undefined,
  bind: string,
): Page<T> {
  let offset = 0;
  if (token) {
    const decoded = decodeToken(token, bind);
    if (decoded === null)
      throw new AwsError('InvalidNextToken', 'The specified token is not valid.', 400);
    offset = decoded;
  }
  const items_ = items.slice(offset, offset + maxResults);
  return {
    items: items_,
    next:
      offset + items_.length < items.length ? encodeToken(offset + items_.length, bind) : undefined,
  };
}

const DOCUMENTS: Record<string, { platform: 'linux' | 'windows'; plugin: string }> = {
  'AWS-RunShellScript': { platform: 'linux', plugin: 'aws:runShellScript' },
  'AWS-RunPowerShellScript': { platform: 'windows', plugin: 'aws:runPowerShellScript' },
};

const EXECUTION_TIMEOUT_RE =
  /^([1-9][0-9]{0,4}|1[0-6][0-9]{4}|17[0-1][0-9]{3}|172[0-7][0-9]{2}|172800)$/;

function isoDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds}S`;
}

type TagInput = { Key?: string; Value?: string };

type ManagedInstance = EmulatedInstance & { ssm: SsmRegistration };

const INSTANCE_FILTER_KEYS =
  /^(InstanceIds|PingStatus|PlatformTypes|AgentVersion|ResourceType|IamRole|ActivationIds|AssociationStatus|tag:.+|tag-key)$/;

function latest(parameter: EmulatedParameter): ParameterVersion {
  const version = parameter.versions.at(-1);
  if (!version) throw new Error(`emulator bug: parameter ${parameter.name} has no versions`);
  return version;
}

export function createSsmHandlers(
  state: AccountState,
  engine: CommandEngine,
  visibilityDelayMs: number,
): Record<string, Handler> {
  const region = (ctx: CallContext): RegionState => state.region(ctx.region);
  const documents = createDocumentSupport(state);

  const managed = (ctx: CallContext): ManagedInstance[] =>
    [...region(ctx).instances.values()].filter(
      (instance): instance is ManagedInstance =>
        instance.ssm !== null && instance.state !== 'terminated',
    );

  const parameterArn = (ctx: CallContext, name: string): string =>
    `arn:aws:ssm:${ctx.region}:${state.accountId}:parameter${name.startsWith('/') ? name : `/${name}`}`;

  const ciphertext = (version: ParameterVersion, name: string): string =>
    `AQICAH${createHash('sha256').update(`${version.keyId}|${name}|${version.version}|${version.value}`).digest('base64')}`;

  const parameterView = (
    ctx: CallContext,
    parameter: EmulatedParameter,
    version: ParameterVersion,
    decrypt: boolean,
    selector?: string,
  ) => ({
    Name: parameter.name,
    Type: version.type,
    Value:
      version.type === 'SecureString' && !decrypt
        ? ciphertext(version, parameter.name)
        : version.value,
    Version: version.version,
    Selector: selector,
    LastModifiedDate: version.lastModifiedDate,
    ARN: parameterArn(ctx, parameter.name),
    DataType: 'text',
  });

  const lookupParameter = (
    ctx: CallContext,
    nameWithSelector: string,
  ): { parameter: EmulatedParameter; version: ParameterVersion; selector?: string } => {
    const match = /^(.*?)(?::([^:/]+))?$/.exec(nameWithSelector);
    const name = match?.[1] ?? nameWithSelector;
    const selector = match?.[2];
    const parameter = region(ctx).parameters.get(name);
    if (!parameter) throw new AwsError('ParameterNotFound', `Parameter ${name} not found.`, 400);
    if (!selector) return { parameter, version: latest(parameter) };
    const version = /^\d+$/.test(selector)
      ? parameter.versions.find((v) => v.version === Number(selector))
      : parameter.versions.find((v) => v.labels.includes(selector));
    if (!version) {
      throw new AwsError(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`,
        400,
      );
    }
    return { parameter, version, selector: `:${selector}` };
  };

  const validateName = (name: string): void => {
    if (name.length > 2048)
      throw validation('name', name, 'Member must have length less than or equal to 2048');
    if (!/^[a-zA-Z0-9_.\-/]+$/.test(name) || (name.includes('/') && !name.startsWith('/'))) {
      throw new AwsError(
        'ValidationException',
        'Parameter name must be a fully qualified name: it can include letters, numbers and the symbols period (.), hyphen (-), underscore (_) and slash (/), and a hierarchical name must begin with a slash.',
        400,
      );
    }
    if (/^\/?(aws|ssm)/i.test(name)) {
      throw new AwsError(
        'ValidationException',
        'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
        400,
      );
    }
    if (name.split('/').length - 1 > 15)
      throw new AwsError(
        'HierarchyLevelLimitExceededException',
        'A hierarchy can have a maximum of 15 levels.',
        400,
      );
  };

  const resourceTags = (
    ctx: CallContext,
    resourceType: string,
    resourceId: string,
  ): Record<string, string> => {
    if (resourceType === 'Parameter') {
      const parameter = region(ctx).parameters.get(resourceId);
      if (!parameter)
        throw new AwsError(
          'InvalidResourceId',
          'The resource ID is not valid. Verify that you entered the correct ID and try again.',
          400,
        );
      return parameter.tags;
    }
    if (resourceType === 'ManagedInstance') {
      const instance = region(ctx).instances.get(resourceId);
      if (!instance?.ssm)
        throw new AwsError(
          'InvalidResourceId',
          'The resource ID is not valid. Verify that you entered the correct ID and try again.',
          400,
        );
      return instance.tags;
    }
    throw new AwsError('InvalidResourceType', 'The resource type is not valid.', 400);
  };

  const findCommand = (
    ctx: CallContext,
    commandId: string | undefined,
  ): CommandRecord | undefined => (commandId ? region(ctx).commands.get(commandId) : undefined);

  const checkCommandId = (commandId: string | undefined): void => {
    if (commandId !== undefined && commandId.length !== 36) {
      throw validation(
        'commandId',
        commandId,
        'Member must have length greater than or equal to 36',
      );
    }
  };

  const visible = (command: CommandRecord): boolean => Date.now() >= command.visibleAt;

  const invocationView = (
    command: CommandRecord,
    invocation: InvocationRecord,
    details: boolean,
  ) => {
    const plugin = command.plugin;
    const pluginStatus =
      invocation.status === 'Delayed' || invocation.status === 'Cancelling'
        ? 'InProgress'
        : invocation.status;
    return {
      CommandId: command.commandId,
      InstanceId: invocation.instanceId,
      InstanceName: invocation.instanceName,
      Comment: command.comment,
      DocumentName: command.documentName,
      DocumentVersion: command.documentVersion,
      RequestedDateTime: invocation.requestedAt,
      Status: invocation.status,
      StatusDetails: invocation.statusDetails,
      TraceOutput: '',
      StandardOutputUrl: '',
      StandardErrorUrl: '',
      CommandPlugins: details
        ? [
            {
              Name: plugin,
              Status: pluginStatus,
              StatusDetails: invocation.statusDetails,
              ResponseCode: invocation.responseCode,
              ResponseStartDateTime: invocation.startedAt,
              ResponseFinishDateTime: invocation.finishedAt,
              Output: pluginOutput(invocation.stdout, invocation.stderr),
              StandardOutputUrl: '',
              StandardErrorUrl: '',
              OutputS3Region: command.region,
              OutputS3BucketName: '',
              OutputS3KeyPrefix: '',
            },
          ]
        : [],
      ServiceRole: '',
      NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
      CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
    };
  };

  const commandView = (command: CommandRecord) => {
    const invocations = [...command.invocations.values()];
    const done = invocations.filter(isTerminal);
    const errors = invocations.filter(
      (i) => i.statusDetails === 'Failed' || i.statusDetails === 'ExecutionTimedOut',
    );
    const deliveryTimedOut = invocations.filter((i) => i.statusDetails === 'DeliveryTimedOut');
    const maxErrors = limitOf(command.maxErrors, invocations.length);
    let status: string;
    let details: string;
    if (done.length < invocations.length) {
      const started = invocations.some((i) => i.status !== 'Pending');
      status = started ? 'InProgress' : 'Pending';
      details = status;
    } else if (command.cancelled) {
      status = 'Cancelled';
      details = 'Cancelled';
    } else if (invocations.every((i) => i.status === 'Success')) {
      status = 'Success';
      details = 'Success';
    } else if (errors.length > maxErrors) {
      const timedOut = errors.every((i) => i.statusDetails === 'ExecutionTimedOut');
      status = timedOut ? 'TimedOut' : 'Failed';
      details = timedOut ? 'ExecutionTimedOut' : 'Failed';
    } else if (
      deliveryTimedOut.length > maxErrors &&
      deliveryTimedOut.length === invocations.filter((i) => i.status !== 'Success').length
    ) {
      status = 'TimedOut';
      details = 'DeliveryTimedOut';
    } else {
      status = 'Success';
      details = 'Incomplete';
    }
    return {
      CommandId: command.commandId,
      DocumentName: command.documentName,
      DocumentVersion: command.documentVersion,
      Comment: command.comment,
      ExpiresAfter: command.expiresAfter,
      Parameters: command.parameters,
      InstanceIds: command.instanceIds,
      Targets: [],
      RequestedDateTime: command.requestedAt,
      Status: status,
      StatusDetails: details,
      OutputS3Region: command.region,
      OutputS3BucketName: '',
      OutputS3KeyPrefix: '',
      MaxConcurrency: command.maxConcurrency,
      MaxErrors: command.maxErrors,
      TargetCount: invocations.length,
      CompletedCount: done.length,
      ErrorCount: errors.length,
      DeliveryTimedOutCount: deliveryTimedOut.length,
      ServiceRole: '',
      NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
      CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
      TimeoutSeconds: command.deliveryTimeoutSeconds,
    };
  };

  const instanceFilterValues = (instance: ManagedInstance, key: string): string[] | null => {
    const ssm = instance.ssm;
    switch (key) {
      case 'InstanceIds':
        return [instance.instanceId];
      case 'PingStatus':
        return [ssm.pingStatus];
      case 'PlatformTypes':
        return [instance.platform === 'windows' ? 'Windows' : 'Linux'];
      case 'AgentVersion':
        return [ssm.agentVersion];
      case 'ResourceType':
        return ['EC2Instance'];
      case 'IamRole':
      case 'ActivationIds':
      case 'AssociationStatus':
        return [];
      default:
        if (key.startsWith('tag:')) {
          const value = instance.tags[key.slice(4)];
          return value === undefined ? [] : [value];
        }
        if (key === 'tag-key') return Object.keys(instance.tags);
        return null;
    }
  };

  return {
    ...documents.handlers,
    ...createAutomationHandlers(state),

    DescribeInstanceInformation(
      input: {
        InstanceInformationFilterList?: { key: string; valueSet: string[] }[];
        Filters?: { Key: string; Values: string[] }[];
        MaxResults?: number;
        NextToken?: string;
      },
      ctx,
    ) {
      checkRange('maxResults', input.MaxResults, 5, 50);
      const filters = [
        ...(input.InstanceInformationFilterList ?? []).map((f) => ({
          key: f.key,
          values: f.valueSet,
          legacy: true,
        })),
        ...(input.Filters ?? []).map((f) => ({ key: f.Key, values: f.Values, legacy: false })),
      ];
      for (const filter of filters) {
        if (filter.values.length > 100)
          throw validation(
            'filters.values',
            `[${filter.values.length} values]`,
            'Member must have length less than or equal to 100',
          );
        const known = INSTANCE_FILTER_KEYS.test(filter.key);
        if (!known || (filter.legacy && filter.key.startsWith('tag')))
          throw new AwsError('InvalidFilterKey', `The filter key ${filter.key} is not valid.`, 400);
      }
      const selected = managed(ctx).filter((instance) =>
        filters.every((filter) =>
          (instanceFilterValues(instance, filter.key) ?? []).some((value) =>
            filter.values.includes(value),
          ),
        ),
      );
      const page = paginate(
        selected,
        input.MaxResults ?? 50,
        input.NextToken,
        JSON.stringify([filters, ctx.region]),
      );
      return {
        InstanceInformationList: page.items.map((instance) => ({
          InstanceId: instance.instanceId,
          PingStatus: instance.ssm.pingStatus,
          LastPingDateTime: instance.ssm.lastPing,
          AgentVersion: instance.ssm.agentVersion,
          IsLatestVersion: false,
          PlatformType: instance.platform === 'windows' ? 'Windows' : 'Linux',
          PlatformName: instance.ssm.platformName,
          PlatformVersion: instance.ssm.platformVersion,
          ResourceType: 'EC2Instance',
          IPAddress: instance.privateIpAddress,
          ComputerName: `ip-${instance.privateIpAddress.replace(/\./g, '-')}.ec2.internal`,
          SourceId: instance.instanceId,
          SourceType: 'AWS::EC2::Instance',
        })),
        NextToken: page.next,
      };
    },

    SendCommand(
      input: {
        DocumentName: string;
        InstanceIds?: string[];
        Targets?: { Key?: string; Values?: string[] }[];
        DocumentVersion?: string;
        TimeoutSeconds?: number;
        Comment?: string;
        Parameters?: Record<string, string[]>;
        MaxConcurrency?: string;
        MaxErrors?: string;
      },
      ctx,
    ) {
      // IAM decides before the service looks at the request.
      documents.authorizeSendCommand(ctx, input.DocumentName, input.InstanceIds ?? []);
      const document = DOCUMENTS[input.DocumentName];
      if (!document && !region(ctx).documents.has(input.DocumentName))
        throw new AwsError(
          'InvalidDocument',
          `Document with name ${input.DocumentName} does not exist.`,
          400,
        );
      if (
        document &&
        input.DocumentVersion &&
        !['$DEFAULT', '$LATEST', '1'].includes(input.DocumentVersion)
      ) {
        throw new AwsError(
          'InvalidDocumentVersion',
          `Document ${input.DocumentName} does not have version ${input.DocumentVersion}.`,
          400,
        );
      }
      if (input.InstanceIds && input.InstanceIds.length > 50) {
        throw validation(
          'instanceIds',
          `[${input.InstanceIds.join(', ')}]`,
          'Member must have length less than or equal to 50',
        );
      }
      if (input.Targets && input.Targets.length > 5)
        throw validation(
          'targets',
          `[${input.Targets.length} targets]`,
          'Member must have length less than or equal to 5',
        );
      checkRange('timeoutSeconds', input.TimeoutSeconds, 30, 2_592_000);
      if (input.Comment !== undefined && input.Comment.length > 100)
        throw validation(
          'comment',
          input.Comment,
          'Member must have length less than or equal to 100',
        );
      const maxConcurrency = input.MaxConcurrency ?? '50';
      const maxErrors = input.MaxErrors ?? '0';
      if (!/^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/.test(maxConcurrency)) {
        throw validation(
          'maxConcurrency',
          maxConcurrency,
          'Member must satisfy regular expression pattern: ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$',
        );
      }
      if (!/^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/.test(maxErrors)) {
        throw validation(
          'maxErrors',
          maxErrors,
          'Member must satisfy regular expression pattern: ^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$',
        );
      }
      if (!input.InstanceIds?.length && !input.Targets?.length) {
        throw new AwsError(
          'ValidationException',
          'Either InstanceIds or Targets must be specified.',
          400,
        );
      }
      if (input.InstanceIds?.length && input.Targets?.length) {
        throw new AwsError(
          'ValidationException',
          'InstanceIds and Targets cannot both be specified.',
          400,
        );
      }
      const parameters = input.Parameters ?? {};
      let run: {
        documentVersion: string;
        plugin: string;
        platform: 'linux' | 'windows';
        script: string;
        executionTimeoutSeconds: number;
      };
      if (document) {
        for (const name of Object.keys(parameters)) {
          if (!['commands', 'workingDirectory', 'executionTimeout'].includes(name)) {
            throw new AwsError(
              'InvalidParameters',
              `Parameter "${name}" is not valid for document ${input.DocumentName}.`,
              400,
            );
          }
        }
        const commands = parameters.commands;
        if (!commands?.length)
          throw new AwsError('InvalidParameters', 'Parameter "commands" is required.', 400);
        const executionTimeout = parameters.executionTimeout?.[0] ?? '3600';
        if (!EXECUTION_TIMEOUT_RE.test(executionTimeout)) {
          throw new AwsError(
            'InvalidParameters',
            `Parameter "executionTimeout" "${executionTimeout}" does not match the allowed pattern.`,
            400,
          );
        }
        run = {
          documentVersion: input.DocumentVersion ?? '$DEFAULT',
          plugin: document.plugin,
          platform: document.platform,
          script:
            (parameters.workingDirectory?.[0]
              ? `cd '${parameters.workingDirectory[0].replace(/'/g, "'\\''")}' || exit 1\n`
              : '') + commands.join('\n'),
          executionTimeoutSeconds: Number(executionTimeout),
        };
      } else {
        run = documents.commandFor(
          ctx,
          input.DocumentName,
          input.DocumentVersion,
          parameters,
        ) as typeof run;
      }

      let ids: string[];
      const targets = input.Targets ?? [];
      if (targets.length) {
        const candidates = managed(ctx);
        ids = candidates
          .filter((instance) =>
            targets.every((target) => {
              const key = target.Key ?? '';
              const values = target.Values ?? [];
              if (key === 'InstanceIds') return values.includes(instance.instanceId);
              if (key.startsWith('tag:'))
                return values.some((v) =>
                  wildcard(v).test(instance.tags[key.slice(4)] ?? '\u0000'),
                );
              if (key === 'tag-key') return values.some((v) => v in instance.tags);
              throw new AwsError(
                'InvalidTarget',
                `Target key ${key} is not supported by the emulator.`,
                400,
              );
            }),
          )
          .map((instance) => instance.instanceId);
      } else {
        ids = [...new Set(input.InstanceIds)];
      }
      // One unregistered id fails the whole call, as on AWS.
      const invalid = ids.filter((id) => {
        const instance = region(ctx).instances.get(id);
        return !instance?.ssm || instance.state === 'terminated';
      });
      if (invalid.length) {
        throw new AwsError(
          'InvalidInstanceId',
          `Instances [[${invalid.join(', ')}]] not in a valid state for account ${state.accountId}`,
          400,
        );
      }

      const now = state.now();
      const { script } = run;
      const deliveryTimeoutSeconds = input.TimeoutSeconds ?? 3600;
      const command: CommandRecord = {
        commandId: randomUUID(),
        region: ctx.region,
        documentName: input.DocumentName,
        documentVersion: run.documentVersion,
        plugin: run.plugin,
        platform: run.platform,
        comment: input.Comment ?? '',
        instanceIds: ids,
        parameters,
        script,
        deliveryTimeoutSeconds,
        executionTimeoutSeconds: run.executionTimeoutSeconds,
        maxConcurrency,
        maxErrors,
        requestedAt: now,
        expiresAfter: new Date(
          now.getTime() + (deliveryTimeoutSeconds + run.executionTimeoutSeconds) * 1000,
        ),
        invocations: new Map(),
        visibleAt: Date.now() + visibilityDelayMs,
        cancelled: false,
      };
      for (const id of ids) {
        command.invocations.set(id, {
          commandId: command.commandId,
          instanceId: id,
          instanceName: '',
          status: 'Pending',
          statusDetails: 'Pending',
          responseCode: -1,
          stdout: '',
          stderr: '',
          requestedAt: now,
          script,
        });
      }
      region(ctx).commands.set(command.commandId, command);
      engine.start(command);
      return { Command: commandView(command) };
    },

    ListCommandInvocations(
      input: {
        CommandId?: string;
        InstanceId?: string;
        MaxResults?: number;
        NextToken?: string;
        Filters?: { key: string; value: string }[];
        Details?: boolean;
      },
      ctx,
    ) {
      checkCommandId(input.CommandId);
      checkRange('maxResults', input.MaxResults, 1, 50);
      const commands = input.CommandId
        ? [findCommand(ctx, input.CommandId)].filter((c): c is CommandRecord => Boolean(c))
        : [...region(ctx).commands.values()].reverse();
      let rows = commands
        .filter(visible)
        .flatMap((command) =>
          [...command.invocations.values()].map((invocation) => ({ command, invocation })),
        );
      if (input.InstanceId)
        rows = rows.filter((row) => row.invocation.instanceId === input.InstanceId);
      for (const filter of input.Filters ?? []) {
        if (filter.key === 'Status')
          rows = rows.filter((row) => row.invocation.status === filter.value);
        else if (filter.key === 'DocumentName')
          rows = rows.filter((row) => row.command.documentName === filter.value);
        else if (filter.key === 'InvokedAfter')
          rows = rows.filter((row) => row.command.requestedAt >= new Date(filter.value));
        else if (filter.key === 'InvokedBefore')
          rows = rows.filter((row) => row.command.requestedAt <= new Date(filter.value));
        else
          throw new AwsError('InvalidFilterKey', `The filter key ${filter.key} is not valid.`, 400);
      }
      const page = paginate(
        rows,
        input.MaxResults ?? 50,
        input.NextToken,
        JSON.stringify([input.CommandId, input.InstanceId, input.Filters, input.Details]),
      );
      return {
        CommandInvocations: page.items.map((row) =>
          invocationView(row.command, row.invocation, input.Details === true),
        ),
        NextToken: page.next,
      };
    },

    GetCommandInvocation(
      input: { CommandId: string; InstanceId: string; PluginName?: string },
      ctx,
    ) {
      checkCommandId(input.CommandId);
      const command = findCommand(ctx, input.CommandId);
      const invocation =
        command && visible(command) ? command.invocations.get(input.InstanceId) : undefined;
      if (!command || !invocation)
        throw new AwsError(
          'InvocationDoesNotExist',
          'An error occurred (InvocationDoesNotExist) when calling the GetCommandInvocation operation',
          400,
        );
      const plugin = command.plugin;
      if (input.PluginName && input.PluginName !== plugin)
        throw new AwsError('InvalidPluginName', 'The plugin name is not valid.', 400);
      const start = invocation.startedAt;
      const end = invocation.finishedAt;
      return {
        CommandId: command.commandId,
        InstanceId: invocation.instanceId,
        Comment: command.comment,
        DocumentName: command.documentName,
        DocumentVersion: command.documentVersion,
        PluginName: plugin,
        ResponseCode: invocation.responseCode,
        ExecutionStartDateTime: start ? start.toISOString() : '',
        ExecutionElapsedTime: start && end ? isoDuration(end.getTime() - start.getTime()) : '',
        ExecutionEndDateTime: end && start ? end.toISOString() : '',
        Status: invocation.status,
        StatusDetails: invocation.statusDetails,
        StandardOutputContent: contentOf(invocation.stdout, 24_000),
        StandardOutputUrl: '',
        StandardErrorContent: contentOf(invocation.stderr, 8_000),
        StandardErrorUrl: '',
        CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
      };
    },

    ListCommands(
      input: { CommandId?: string; InstanceId?: string; MaxResults?: number; NextToken?: string },
      ctx,
    ) {
      checkCommandId(input.CommandId);
      checkRange('maxResults', input.MaxResults, 1, 50);
      let commands = [...region(ctx).commands.values()].reverse();
      if (input.CommandId) {
        const command = findCommand(ctx, input.CommandId);
        if (!command) throw new AwsError('InvalidCommandId', 'The command ID is not valid.', 400);
        commands = [command];
      }
      const instanceId = input.InstanceId;
      if (instanceId)
        commands = commands.filter((command) => command.instanceIds.includes(instanceId));
      const page = paginate(
        commands,
        input.MaxResults ?? 50,
        input.NextToken,
        JSON.stringify([input.CommandId, input.InstanceId]),
      );
      return { Commands: page.items.map(commandView), NextToken: page.next };
    },

    CancelCommand(input: { CommandId: string; InstanceIds?: string[] }, ctx) {
      checkCommandId(input.CommandId);
      const command = findCommand(ctx, input.CommandId);
      if (!command) throw new AwsError('InvalidCommandId', 'The command ID is not valid.', 400);
      engine.cancel(command, input.InstanceIds);
      return {};
    },

    PutParameter(
      input: {
        Name: string;
        Value: string;
        Description?: string;
        Type?: 'String' | 'StringList' | 'SecureString';
        KeyId?: string;
        Overwrite?: boolean;
        Tags?: TagInput[];
        Tier?: string;
        DataType?: string;
      },
      ctx,
    ) {
      validateName(input.Name);
      const parameters = region(ctx).parameters;
      const existing = parameters.get(input.Name);
      if (input.Tags?.length && input.Overwrite) {
        throw new AwsError(
          'ValidationException',
          "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
          400,
        );
      }
      if (existing && !input.Overwrite) {
        throw new AwsError(
          'ParameterAlreadyExists',
          'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
          400,
        );
      }
      const type = input.Type ?? existing?.versions.at(-1)?.type;
      if (!type)
        throw new AwsError(
          'ValidationException',
          'A parameter type is required when you create a parameter.',
          400,
        );
      if (input.KeyId && type !== 'SecureString')
        throw new AwsError(
          'ValidationException',
          'KeyId is required for SecureString type parameter only.',
          400,
        );
      if (input.Value.length === 0)
        throw validation('value', '', 'Member must have length greater than or equal to 1');
      const tier = input.Tier ?? 'Standard';
      const limit = tier === 'Advanced' ? 8192 : 4096;
      if (input.Value.length > limit) {
        throw new AwsError(
          'ValidationException',
          `${tier} tier parameters support a maximum parameter value of ${limit} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`,
          400,
        );
      }
      const keyId = type === 'SecureString' ? (input.KeyId ?? 'alias/aws/ssm') : undefined;
      if (keyId && state.invalidKmsKeys.has(keyId))
        throw new AwsError('InvalidKeyId', `Invalid KeyId ${keyId}`, 400);
      const tags: Record<string, string> = {};
      for (const tag of input.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
      if (Object.keys(tags).length > 50)
        throw new AwsError(
          'TooManyTagsError',
          'The Targets parameter includes too many tags.',
          400,
        );
      const parameter = existing ?? { name: input.Name, versions: [], tags };
      const version: ParameterVersion = {
        version: (parameter.versions.at(-1)?.version ?? 0) + 1,
        value: input.Value,
        type,
        keyId,
        description: input.Description ?? existing?.versions.at(-1)?.description,
        lastModifiedDate: state.now(),
        labels: [],
      };
      if (parameter.versions.length >= 100) {
        const [oldest] = parameter.versions;
        if (oldest?.labels.length) {
          throw new AwsError(
            'ParameterMaxVersionLimitExceeded',
            `The oldest version of ${input.Name} has a label and cannot be deleted to make room.`,
            400,
          );
        }
        parameter.versions.shift();
      }
      parameter.versions.push(version);
      parameters.set(input.Name, parameter);
      return { Version: version.version, Tier: tier };
    },

    GetParameter(input: { Name: string; WithDecryption?: boolean }, ctx) {
      const { parameter, version, selector } = lookupParameter(ctx, input.Name);
      return {
        Parameter: parameterView(ctx, parameter, version, input.WithDecryption === true, selector),
      };
    },

    GetParameters(input: { Names: string[]; WithDecryption?: boolean }, ctx) {
      const found = [];
      const invalid = [];
      for (const name of input.Names) {
        try {
          const { parameter, version, selector } = lookupParameter(ctx, name);
          found.push(
            parameterView(ctx, parameter, version, input.WithDecryption === true, selector),
          );
        } catch {
          invalid.push(name);
        }
      }
      return { Parameters: found, InvalidParameters: invalid };
    },

    GetParametersByPath(
      input: {
        Path: string;
        Recursive?: boolean;
        WithDecryption?: boolean;
        MaxResults?: number;
        NextToken?: string;
      },
      ctx,
    ) {
      checkRange('maxResults', input.MaxResults, 1, 10);
      const base = input.Path.endsWith('/') ? input.Path : `${input.Path}/`;
      const matching = [...region(ctx).parameters.values()]
        .filter(
          (p) =>
            p.name.startsWith(base) &&
            (input.Recursive || !p.name.slice(base.length).includes('/')),
        )
        .sort((a, b) => a.name.localeCompare(b.name));
      const page = paginate(
        matching,
        input.MaxResults ?? 10,
        input.NextToken,
        JSON.stringify([input.Path, input.Recursive]),
      );
      return {
        Parameters: page.items.map((p) =>
          parameterView(ctx, p, latest(p), input.WithDecryption === true),
        ),
        NextToken: page.next,
      };
    },

    GetParameterHistory(
      input: { Name: string; WithDecryption?: boolean; MaxResults?: number; NextToken?: string },
      ctx,
    ) {
      checkRange('maxResults', input.MaxResults, 1, 50);
      const parameter = region(ctx).parameters.get(input.Name);
      if (!parameter)
        throw new AwsError('ParameterNotFound', `Parameter ${input.Name} not found.`, 400);
      const page = paginate(
        parameter.versions,
        input.MaxResults ?? 50,
        input.NextToken,
        input.Name,
      );
      return {
        Parameters: page.items.map((v) => ({
          Name: parameter.name,
          Type: v.type,
          KeyId: v.keyId,
          LastModifiedDate: v.lastModifiedDate,
          LastModifiedUser: `arn:aws:iam::${state.accountId}:user/emulator`,
          Description: v.description,
          Value:
            v.type === 'SecureString' && !input.WithDecryption
              ? ciphertext(v, parameter.name)
              : v.value,
          Version: v.version,
          Labels: v.labels,
          Tier: 'Standard',
          Policies: [],
          DataType: 'text',
        })),
        NextToken: page.next,
      };
    },

    DeleteParameter(input: { Name: string }, ctx) {
      if (!region(ctx).parameters.delete(input.Name))
        throw new AwsError('ParameterNotFound', `Parameter ${input.Name} not found.`, 400);
      return {};
    },

    DeleteParameters(input: { Names: string[] }, ctx) {
      const deleted: string[] = [];
      const invalid: string[] = [];
      for (const name of input.Names)
        (region(ctx).parameters.delete(name) ? deleted : invalid).push(name);
      return { DeletedParameters: deleted, InvalidParameters: invalid };
    },

    AddTagsToResource(input: { ResourceType: string; ResourceId: string; Tags: TagInput[] }, ctx) {
      const tags = resourceTags(ctx, input.ResourceType, input.ResourceId);
      const next = { ...tags };
      for (const tag of input.Tags) if (tag.Key) next[tag.Key] = tag.Value ?? '';
      if (Object.keys(next).length > 50)
        throw new AwsError(
          'TooManyTagsError',
          'The Targets parameter includes too many tags. Remove one or more tags and try the command again.',
          400,
        );
      Object.assign(tags, next);
      return {};
    },

    RemoveTagsFromResource(
      input: { ResourceType: string; ResourceId: string; TagKeys: string[] },
      ctx,
    ) {
      const tags = resourceTags(ctx, input.ResourceType, input.ResourceId);
      for (const key of input.TagKeys) Reflect.deleteProperty(tags, key);
      return {};
    },

    ListTagsForResource(input: { ResourceType: string; ResourceId: string }, ctx) {
      const tags = resourceTags(ctx, input.ResourceType, input.ResourceId);
      return { TagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
    },
  };
}
