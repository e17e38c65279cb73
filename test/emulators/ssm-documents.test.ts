/**
 * The emulated SSM documents and SendCommand's IAM side, through the SDK:
 * what the production code relies on (document.ts, document-install.ts,
 * run-command.ts) is tested there; here, the emulator's own rules.
 */
import {
  CreateDocumentCommand,
  GetDocumentCommand,
  ListDocumentVersionsCommand,
  SendCommandCommand,
  SSMClient,
  UpdateDocumentCommand,
} from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startAwsEmulator, type AwsEmulator } from './index.js';
import { matchesAllowedPattern } from './ssm-documents.js';

const document = (lines: string[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    schemaVersion: '2.2',
    description: 'test',
    parameters: {
      word: { type: 'String', allowedPattern: '^[a-z]{1,10}$' },
      mode: { type: 'String', allowedValues: ['a', 'b'], default: 'a' },
    },
    mainSteps: [
      {
        action: 'aws:runShellScript',
        name: 'run',
        inputs: { runCommand: lines, timeoutSeconds: '30' },
      },
    ],
    ...extra,
  });

describe('emulated SSM documents', () => {
  let aws: AwsEmulator;
  let ssm: SSMClient;

  beforeEach(async () => {
    aws = await startAwsEmulator({
      executor: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    });
    ssm = new SSMClient(aws.clientConfig('ssm'));
  });

  afterEach(async () => {
    ssm.destroy();
    await aws.stop();
  });

  const create = (content: string, name = 'my-doc') =>
    ssm.send(new CreateDocumentCommand({ Name: name, Content: content, DocumentType: 'Command' }));

  it('keeps versions, refuses duplicate content and stale updates, converts JSON to YAML', async () => {
    await create(document(['echo {{ word }} {{ mode }}']));
    await expect(create(document(['echo {{ word }}']))).rejects.toMatchObject({
      name: 'DocumentAlreadyExists',
    });
    await expect(
      ssm.send(
        new UpdateDocumentCommand({
          Name: 'my-doc',
          Content: document(['echo {{ word }} {{ mode }}']),
          DocumentVersion: '$LATEST',
        }),
      ),
    ).rejects.toMatchObject({ name: 'DuplicateDocumentContent' });
    const updated = await ssm.send(
      new UpdateDocumentCommand({
        Name: 'my-doc',
        Content: document(['echo v2 {{ word }}']),
        DocumentVersion: '$LATEST',
        VersionName: 'v2',
      }),
    );
    expect(updated.DocumentDescription).toMatchObject({
      DocumentVersion: '2',
      DefaultVersion: '1',
      LatestVersion: '2',
    });
    await expect(
      ssm.send(
        new UpdateDocumentCommand({
          Name: 'my-doc',
          Content: document(['echo v3']),
          DocumentVersion: '1',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidDocumentVersion' });
    const yaml = await ssm.send(
      new GetDocumentCommand({ Name: 'my-doc', VersionName: 'v2', DocumentFormat: 'YAML' }),
    );
    expect(parse(yaml.Content ?? '')).toMatchObject({ schemaVersion: '2.2' });
    const versions = await ssm.send(new ListDocumentVersionsCommand({ Name: 'my-doc' }));
    expect(versions.DocumentVersions?.map((v) => [v.DocumentVersion, v.IsDefaultVersion])).toEqual([
      ['2', false],
      ['1', true],
    ]);
  });

  it('refuses content SSM would refuse: undefined references, over 64 KB, reserved names', async () => {
    await expect(create(document(['echo {{ nothing }}']))).rejects.toMatchObject({
      name: 'InvalidDocumentContent',
    });
    await expect(create(document(['x'.repeat(70_000)]))).rejects.toMatchObject({
      name: 'MaxDocumentSizeExceeded',
    });
    await expect(create(document(['true']), 'AWS-Mine')).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('pastes parameters into the script after checking them, defaults included', async () => {
    await create(document(['echo {{ word }} {{mode}}']));
    const [instance] = aws.state.addInstances(1);
    const id = instance?.instanceId as string;
    const send = (parameters: Record<string, string[]>) =>
      ssm.send(
        new SendCommandCommand({
          DocumentName: 'my-doc',
          InstanceIds: [id],
          Parameters: parameters,
        }),
      );
    await send({ word: ['hello'] });
    expect(aws.state.commands()[0]?.script).toBe('echo hello a');
    expect(aws.state.commands()[0]?.executionTimeoutSeconds).toBe(30);
    const refused: Record<string, string[]>[] = [
      {},
      { word: ['Hello'] },
      { word: ['hello'], mode: ['c'] },
      { word: ['hello'], other: ['x'] },
      { word: ['a', 'b'] },
    ];
    for (const parameters of refused)
      await expect(send(parameters), JSON.stringify(parameters)).rejects.toMatchObject({
        name: 'InvalidParameters',
      });
  });

  it('matches patterns like Java: `$` also before one final line break', () => {
    expect(matchesAllowedPattern('^[a-z]+$', 'abc')).toBe(true);
    expect(matchesAllowedPattern('^[a-z]+$', 'abc\n')).toBe(true);
    expect(matchesAllowedPattern('^[a-z]+$', 'abc\n\n')).toBe(false);
    expect(matchesAllowedPattern('^[a-z]+$', 'ab\nc')).toBe(false);
  });

  it('denies SendCommand for the whole request when one instance lacks the tag, naming it', async () => {
    await create(document(['true']));
    const tagged = aws.state.addInstances(3, () => ({ tags: { 'ec2-key-rotate': 'enabled' } }));
    const [bare] = aws.state.addInstances(1, () => ({ tags: { 'ec2-key-rotate': 'no' } }));
    aws.state.sendCommandPolicy = {
      documents: ['my-*'],
      instanceTag: { key: 'ec2-key-rotate', value: 'enabled' },
    };
    const ids = [...tagged.map((i) => i.instanceId), bare?.instanceId as string];
    const send = (instanceIds: string[], name = 'my-doc') =>
      ssm.send(
        new SendCommandCommand({
          DocumentName: name,
          InstanceIds: instanceIds,
          Parameters: { word: ['x'] },
        }),
      );
    const denied = await send(ids).catch((error: Error) => error);
    expect(denied).toMatchObject({ name: 'AccessDeniedException' });
    expect((denied as Error).message).toMatch(
      new RegExp(
        `is not authorized to perform: ssm:SendCommand on resource: arn:aws:ec2:us-east-1:${aws.accountId}:instance/${bare?.instanceId}`,
      ),
    );
    expect(aws.state.commands()).toHaveLength(0);
    await send(ids.slice(0, 3));
    expect(aws.state.commands()).toHaveLength(1);
    await expect(send(ids.slice(0, 3), 'AWS-RunShellScript')).rejects.toThrow(
      /on resource: arn:aws:ssm:us-east-1::document\/AWS-RunShellScript/,
    );
    // Scoped to other callers: this one is not limited.
    aws.state.sendCommandPolicy = { accessKeyIds: ['AKIAOTHER'], documents: [] };
    await send(ids);
    expect(aws.state.commands()).toHaveLength(2);
  });
});
