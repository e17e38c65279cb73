import {
  AddTagsToResourceCommand,
  CancelCommandCommand,
  DeleteParameterCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  InvalidInstanceId,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  ListTagsForResourceCommand,
  paginateDescribeInstanceInformation,
  paginateListCommandInvocations,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SendCommandCommand,
  SSMClient,
  type CommandInvocation,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CapturingHandler, tamperBody, tempDir, must } from './helpers.js';
import { localShellExecutor, startAwsEmulator, type AwsEmulator } from './index.js';

let aws: AwsEmulator;
let ssm: SSMClient;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir('ssm-emulator-');
  aws = await startAwsEmulator({
    executor: localShellExecutor(dir.path),
    clock: { executionMsPerSecond: 50 },
  });
  ssm = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 });
});

afterAll(async () => {
  ssm.destroy();
  await aws.stop();
  dir.remove();
});

beforeEach(() => {
  const region = aws.state.region();
  region.instances.clear();
  region.parameters.clear();
  region.commands.clear();
  aws.log.clear();
  aws.faults.clear();
});

async function send(
  instanceIds: string[],
  commands: string[],
  extra: Record<string, string[]> = {},
): Promise<string> {
  const response = await ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: instanceIds,
      Comment: 'emulator test',
      TimeoutSeconds: 60,
      Parameters: { commands, ...extra },
    }),
  );
  expect(response.Command?.Status).toBe('Pending');
  return must(response.Command?.CommandId);
}

async function invocations(commandId: string): Promise<Map<string, CommandInvocation>> {
  const all: CommandInvocation[] = [];
  for await (const page of paginateListCommandInvocations(
    { client: ssm },
    { CommandId: commandId, Details: true },
  )) {
    all.push(...(page.CommandInvocations ?? []));
  }
  return new Map(all.map((invocation) => [must(invocation.InstanceId), invocation]));
}

describe('managed instances', () => {
  it('lists registered instances with ping status and platform, page by page', async () => {
    const online = aws.state.addInstances(120);
    const stopped = aws.state.addInstance({ state: 'stopped' });
    const windows = aws.state.addInstance({ platform: 'windows' });
    const unmanaged = aws.state.addInstance({ ssm: false });
    let pages = 0;
    const seen = new Map<string, { PingStatus?: string; PlatformType?: string }>();
    for await (const page of paginateDescribeInstanceInformation(
      { client: ssm },
      { MaxResults: 50 },
    )) {
      pages += 1;
      for (const info of page.InstanceInformationList ?? []) seen.set(must(info.InstanceId), info);
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(122);
    expect(seen.has(unmanaged.instanceId)).toBe(false);
    expect(seen.get(must(online[0]).instanceId)).toMatchObject({
      PingStatus: 'Online',
      PlatformType: 'Linux',
    });
    expect(seen.get(stopped.instanceId)?.PingStatus).toBe('ConnectionLost');
    expect(seen.get(windows.instanceId)?.PlatformType).toBe('Windows');

    const filtered = await ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [
          { Key: 'InstanceIds', Values: [must(online[1]).instanceId, unmanaged.instanceId] },
        ],
      }),
    );
    expect(filtered.InstanceInformationList?.map((i) => i.InstanceId)).toEqual([
      must(online[1]).instanceId,
    ]);
    await expect(
      ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 2 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.send(
        new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Colour', Values: ['x'] }] }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidFilterKey',
    });
  });
});

describe('Run Command', () => {
  it('runs the joined commands through the executor and reports Success and Failed with exit codes', async () => {
    const [ok, bad] = aws.state.addInstances(2);
    aws.state.setExecutor(must(bad).instanceId, localShellExecutor(dir.path, { FAIL: '1' }));
    const commandId = await send(
      [must(ok).instanceId, must(bad).instanceId],
      ['echo "hello from $INSTANCE_ID"', 'if [ -n "$FAIL" ]; then echo broken >&2; exit 3; fi'],
    );
    await aws.commandsIdle();
    const byId = await invocations(commandId);
    expect(byId.get(must(ok).instanceId)).toMatchObject({
      Status: 'Success',
      StatusDetails: 'Success',
      Comment: 'emulator test',
      DocumentName: 'AWS-RunShellScript',
      CommandPlugins: [
        {
          Name: 'aws:runShellScript',
          Status: 'Success',
          ResponseCode: 0,
          Output: `hello from ${must(ok).instanceId}\n`,
        },
      ],
    });
    expect(byId.get(must(bad).instanceId)).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      CommandPlugins: [
        {
          ResponseCode: 3,
          Output: `hello from ${must(bad).instanceId}\n\n----------ERROR-------\nbroken\n`,
        },
      ],
    });
    const command = await ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    expect(command.Commands?.[0]).toMatchObject({
      Status: 'Failed',
      TargetCount: 2,
      CompletedCount: 2,
      ErrorCount: 1,
    });
    const single = await ssm.send(
      new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: must(bad).instanceId }),
    );
    expect(single).toMatchObject({
      ResponseCode: 3,
      StandardErrorContent: 'broken\n',
      PluginName: 'aws:runShellScript',
      Status: 'Failed',
    });
  });

  it('moves invocations Pending → InProgress → terminal asynchronously', async () => {
    const instance = aws.state.addInstance();
    const commandId = await send([instance.instanceId], ['sleep 0.3', 'echo done']);
    const seen = new Set<string>();
    for (let i = 0; i < 100; i += 1) {
      const status = (await invocations(commandId)).get(instance.instanceId)?.Status ?? 'none';
      seen.add(status);
      if (status === 'Success') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([...seen]).toEqual(expect.arrayContaining(['InProgress', 'Success']));
  });

  it('refuses more than 50 instance ids, and fails the whole call for one unregistered instance', async () => {
    const ids = aws.state.addInstances(51).map((i) => i.instanceId);
    await expect(
      ssm.send(
        new SendCommandCommand({
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: ids,
          Parameters: { commands: ['true'] },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(
        /^1 validation error detected: Value '\[i-.*\]' at 'instanceIds' failed to satisfy constraint: Member must have length less than or equal to 50$/,
      ),
    });
    const unmanaged = aws.state.addInstance({ ssm: false });
    const error = await ssm
      .send(
        new SendCommandCommand({
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: [must(ids[0]), unmanaged.instanceId],
          Parameters: { commands: ['true'] },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInstanceId);
    expect((error as Error).message).toContain(unmanaged.instanceId);
    expect(aws.state.commands()).toHaveLength(0);
  });

  it('truncates plugin output to 2,500 characters as the agent does, keeping the full text in GetCommandInvocation', async () => {
    const instance = aws.state.addInstance();
    const commandId = await send(
      [instance.instanceId],
      ['head -c 3000 /dev/zero | tr "\\0" x', 'echo', 'echo RESULT ok'],
    );
    await aws.commandsIdle();
    const plugin = (await invocations(commandId)).get(instance.instanceId)?.CommandPlugins?.[0];
    expect(plugin?.Output).toHaveLength(2500);
    expect(plugin?.Output?.endsWith('\n---Output truncated---')).toBe(true);
    const full = await ssm.send(
      new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instance.instanceId }),
    );
    expect(full.StandardOutputContent).toHaveLength(3000 + 1 + 'RESULT ok\n'.length);
  });

  it('reports DeliveryTimedOut, ExecutionTimedOut, Undeliverable, Terminated, InvalidPlatform and a host dying mid-command', async () => {
    const offline = aws.state.addInstance({ ssm: { pingStatus: 'ConnectionLost' } });
    const hangs = aws.state.addInstance({ behaviour: { kind: 'execution-timeout', afterMs: 50 } });
    const realTimeout = aws.state.addInstance();
    const undeliverable = aws.state.addInstance({ behaviour: { kind: 'undeliverable' } });
    const terminated = aws.state.addInstance({ behaviour: { kind: 'terminated' } });
    const windows = aws.state.addInstance({ platform: 'windows' });
    const deaths: string[] = [];
    const dies = aws.state.addInstance({
      behaviour: {
        kind: 'dies',
        afterMs: 80,
        finalAfterMs: 40,
        onDeath: (id) => void deaths.push(id),
      },
    });
    const ids = [offline, hangs, realTimeout, undeliverable, terminated, windows, dies].map(
      (i) => i.instanceId,
    );
    // executionTimeout 2 s at 50 ms per emulated second: the 5 s sleep is killed after 100 ms.
    const commandId = await send(ids, ['sleep 5', 'echo never'], { executionTimeout: ['2'] });
    await aws.commandsIdle();
    const byId = await invocations(commandId);
    const status = (id: string) => {
      const invocation = byId.get(id);
      return [
        invocation?.Status,
        invocation?.StatusDetails,
        invocation?.CommandPlugins?.[0]?.ResponseCode,
      ];
    };
    expect(status(offline.instanceId)).toEqual(['TimedOut', 'DeliveryTimedOut', -1]);
    expect(status(hangs.instanceId)).toEqual(['TimedOut', 'ExecutionTimedOut', 137]);
    expect(status(realTimeout.instanceId)).toEqual(['TimedOut', 'ExecutionTimedOut', 137]);
    expect(status(undeliverable.instanceId)).toEqual(['Failed', 'Undeliverable', -1]);
    expect(status(terminated.instanceId)).toEqual(['Cancelled', 'Terminated', -1]);
    expect(status(windows.instanceId)).toEqual(['Failed', 'InvalidPlatform', -1]);
    expect(status(dies.instanceId)).toEqual(['TimedOut', 'DeliveryTimedOut', -1]);
    expect(deaths).toEqual([dies.instanceId]);
    expect(aws.state.instance(dies.instanceId)?.ssm?.pingStatus).toBe('ConnectionLost');
  });

  it('delivers to an agent that comes back online before the delivery deadline', async () => {
    const instance = aws.state.addInstance({ ssm: { pingStatus: 'ConnectionLost' } });
    const commandId = await send([instance.instanceId], ['echo late']);
    await new Promise((resolve) => setTimeout(resolve, 30));
    aws.state.setPingStatus(instance.instanceId, 'Online');
    await aws.commandsIdle();
    expect((await invocations(commandId)).get(instance.instanceId)?.Status).toBe('Success');
  });

  it('paginates invocations, cancels commands, and hides brand-new invocations while AWS would', async () => {
    const ids = aws.state.addInstances(45).map((i) => i.instanceId);
    const commandId = await send(ids, ['sleep 2']);
    let pages = 0;
    for await (const page of paginateListCommandInvocations(
      { client: ssm },
      { CommandId: commandId, MaxResults: 20 },
    )) {
      pages += 1;
      expect(page.CommandInvocations?.every((i) => i.CommandPlugins?.length === 0)).toBe(true);
    }
    expect(pages).toBe(3);
    await ssm.send(new CancelCommandCommand({ CommandId: commandId }));
    await aws.commandsIdle();
    const byId = await invocations(commandId);
    expect([...byId.values()].every((i) => i.Status === 'Cancelled')).toBe(true);
    expect(
      (await ssm.send(new ListCommandsCommand({ CommandId: commandId }))).Commands?.[0]?.Status,
    ).toBe('Cancelled');

    const lagging = await startAwsEmulator({
      executor: localShellExecutor(dir.path),
      clock: { invocationVisibilityDelayMs: 200 },
    });
    const client = new SSMClient({ ...lagging.clientConfig('ssm'), maxAttempts: 1 });
    try {
      const instance = lagging.state.addInstance();
      const sent = await client.send(
        new SendCommandCommand({
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: [instance.instanceId],
          Parameters: { commands: ['true'] },
        }),
      );
      await expect(
        client.send(
          new GetCommandInvocationCommand({
            CommandId: must(sent.Command?.CommandId),
            InstanceId: instance.instanceId,
          }),
        ),
      ).rejects.toMatchObject({
        name: 'InvocationDoesNotExist',
      });
      const early = await client.send(
        new ListCommandInvocationsCommand({ CommandId: must(sent.Command?.CommandId) }),
      );
      expect(early.CommandInvocations).toEqual([]);
    } finally {
      client.destroy();
      await lagging.stop();
    }
  });

  it('checks SendCommand inputs: document, parameters, timeouts, comment', async () => {
    const instance = aws.state.addInstance();
    const base = { InstanceIds: [instance.instanceId], Parameters: { commands: ['true'] } };
    await expect(
      ssm.send(new SendCommandCommand({ ...base, DocumentName: 'AWS-RunShellScriptz' })),
    ).rejects.toMatchObject({ name: 'InvalidDocument' });
    await expect(
      ssm.send(
        new SendCommandCommand({
          ...base,
          DocumentName: 'AWS-RunShellScript',
          Parameters: { command: ['true'] },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameters',
    });
    await expect(
      ssm.send(
        new SendCommandCommand({ ...base, DocumentName: 'AWS-RunShellScript', TimeoutSeconds: 10 }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      ssm.send(
        new SendCommandCommand({
          ...base,
          DocumentName: 'AWS-RunShellScript',
          Comment: 'x'.repeat(101),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      ssm.send(
        new SendCommandCommand({
          ...base,
          DocumentName: 'AWS-RunShellScript',
          Parameters: { commands: ['true'], executionTimeout: ['0'] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameters' });
  });
});

describe('Parameter Store', () => {
  it('stores SecureStrings with versions, decrypts only on request, refuses silent overwrites', async () => {
    const created = await ssm.send(
      new PutParameterCommand({
        Name: '/rotate/deploy/private-key',
        Value: 'PRIVATE',
        Type: 'SecureString',
        KeyId: 'alias/rotate',
        Tags: [{ Key: 'owner', Value: 'ci' }],
      }),
    );
    expect(created).toMatchObject({ Version: 1, Tier: 'Standard' });
    const encrypted = await ssm.send(
      new GetParameterCommand({ Name: '/rotate/deploy/private-key' }),
    );
    expect(encrypted.Parameter?.Value).not.toBe('PRIVATE');
    const decrypted = await ssm.send(
      new GetParameterCommand({ Name: '/rotate/deploy/private-key', WithDecryption: true }),
    );
    expect(decrypted.Parameter).toMatchObject({
      Value: 'PRIVATE',
      Type: 'SecureString',
      Version: 1,
      ARN: `arn:aws:ssm:us-east-1:${aws.accountId}:parameter/rotate/deploy/private-key`,
    });

    const duplicate = await ssm
      .send(
        new PutParameterCommand({
          Name: '/rotate/deploy/private-key',
          Value: 'B',
          Type: 'SecureString',
        }),
      )
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ParameterAlreadyExists);
    await expect(
      ssm.send(
        new PutParameterCommand({
          Name: '/rotate/deploy/private-key',
          Value: 'B',
          Type: 'SecureString',
          Overwrite: true,
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("tags and overwrite can't be used together"),
    });
    const second = await ssm.send(
      new PutParameterCommand({
        Name: '/rotate/deploy/private-key',
        Value: 'NEW',
        Type: 'SecureString',
        Overwrite: true,
      }),
    );
    expect(second.Version).toBe(2);
    const first = await ssm.send(
      new GetParameterCommand({ Name: '/rotate/deploy/private-key:1', WithDecryption: true }),
    );
    expect(first.Parameter).toMatchObject({ Value: 'PRIVATE', Selector: ':1' });
    expect(aws.state.parameterValue('/rotate/deploy/private-key')).toBe('NEW');

    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'Parameter',
        ResourceId: '/rotate/deploy/private-key',
        Tags: [{ Key: 'rotated', Value: 'yes' }],
      }),
    );
    const tags = await ssm.send(
      new ListTagsForResourceCommand({
        ResourceType: 'Parameter',
        ResourceId: '/rotate/deploy/private-key',
      }),
    );
    expect(tags.TagList).toEqual([
      { Key: 'owner', Value: 'ci' },
      { Key: 'rotated', Value: 'yes' },
    ]);

    await ssm.send(
      new PutParameterCommand({ Name: '/rotate/deploy/state', Value: '{}', Type: 'String' }),
    );
    const byPath = await ssm.send(new GetParametersByPathCommand({ Path: '/rotate/deploy' }));
    expect(byPath.Parameters?.map((p) => p.Name)).toEqual([
      '/rotate/deploy/private-key',
      '/rotate/deploy/state',
    ]);

    await ssm.send(new DeleteParameterCommand({ Name: '/rotate/deploy/state' }));
    const gone = await ssm
      .send(new DeleteParameterCommand({ Name: '/rotate/deploy/state' }))
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ParameterNotFound);
    await expect(
      ssm.send(new GetParameterCommand({ Name: '/rotate/deploy/state' })),
    ).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });

  it('refuses bad names, missing types, KeyId on plain strings, oversized values and refused KMS keys', async () => {
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/aws/x', Value: 'v', Type: 'String' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.send(new PutParameterCommand({ Name: 'a/b', Value: 'v', Type: 'String' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/x', Value: 'v' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      ssm.send(
        new PutParameterCommand({ Name: '/x', Value: 'v', Type: 'String', KeyId: 'alias/k' }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/x', Value: 'v'.repeat(4097), Type: 'String' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    aws.state.invalidKmsKeys.add('alias/gone');
    await expect(
      ssm.send(
        new PutParameterCommand({
          Name: '/x',
          Value: 'v',
          Type: 'SecureString',
          KeyId: 'alias/gone',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyId',
    });
  });
});

describe('wire protocol', () => {
  it('answers awsJson 1.1 with __type errors carrying the model’s message member', async () => {
    const handler = new CapturingHandler();
    const client = new SSMClient({
      ...aws.clientConfig('ssm'),
      maxAttempts: 1,
      requestHandler: handler,
    });
    await expect(client.send(new GetParameterCommand({ Name: '/nope' }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
    });
    expect(handler.last?.status).toBe(400);
    expect(handler.last?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(must(handler.last).body)).toEqual({
      __type: 'ParameterNotFound',
      message: 'Parameter /nope not found.',
    });
    aws.state.addInstance({ ssm: false, instanceId: 'i-0123456789abcdef0' });
    await expect(
      client.send(
        new SendCommandCommand({
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: ['i-0123456789abcdef0'],
          Parameters: { commands: ['true'] },
        }),
      ),
    ).rejects.toThrow();
    expect(JSON.parse(must(handler.last).body)).toMatchObject({
      __type: 'InvalidInstanceId',
      Message: expect.any(String),
    });
    client.destroy();
  });

  it('validates requests against the SSM model: unknown fields, missing required members, unknown operations', async () => {
    const unknown = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 });
    tamperBody(unknown, (body) => JSON.stringify({ ...JSON.parse(body), Nmae: 'typo' }));
    await expect(unknown.send(new GetParameterCommand({ Name: '/x' }))).rejects.toMatchObject({
      name: 'SerializationException',
    });
    unknown.destroy();

    const missing = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 });
    tamperBody(missing, () => '{}');
    await expect(missing.send(new GetParameterCommand({ Name: '/x' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
    missing.destroy();

    const response = await fetch(aws.endpoints.ssm, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.RebootEverything',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe(
      'UnknownOperationException',
    );

    const unsigned = await fetch(aws.endpoints.ssm, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.GetParameter',
      },
      body: '{"Name":"/x"}',
    });
    expect(((await unsigned.json()) as { __type: string }).__type).toBe(
      'MissingAuthenticationTokenException',
    );
  });
});
