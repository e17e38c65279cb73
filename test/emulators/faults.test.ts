import * as core from '@actions/core';
import { DescribeInstancesCommand, DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetParameterCommand,
  ListCommandInvocationsCommand,
  PutParameterCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir, must } from './helpers.js';
import {
  applyEnv,
  emulatorEnv,
  localShellExecutor,
  startAwsEmulator,
  type AwsEmulator,
} from './index.js';

let aws: AwsEmulator;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir('faults-emulator-');
  aws = await startAwsEmulator({ executor: localShellExecutor(dir.path) });
});

afterAll(async () => {
  await aws.stop();
  dir.remove();
});

beforeEach(() => {
  aws.faults.clear();
  aws.log.clear();
});

describe('throttling', () => {
  it('EC2 RequestLimitExceeded (HTTP 503) is retried by the SDK until it succeeds', async () => {
    const ec2 = new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 3 });
    const throttle = aws.faults.throttle('ec2', 'DescribeKeyPairs', 2);
    const response = await ec2.send(new DescribeKeyPairsCommand({}));
    expect(response.$metadata.attempts).toBe(3);
    expect(throttle.hits).toBe(2);
    expect(throttle.remaining).toBe(0);
    const calls = aws.log.calls('DescribeKeyPairs');
    expect(calls.map((c) => [c.status, c.error ?? null, c.injected])).toEqual([
      [503, 'RequestLimitExceeded', true],
      [503, 'RequestLimitExceeded', true],
      [200, null, false],
    ]);
    ec2.destroy();
  });

  it('surfaces the throttling error by name once the retries run out', async () => {
    const ec2 = new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 1 });
    aws.faults.throttle('ec2', 'DescribeInstances');
    await expect(ec2.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
      message: 'Request limit exceeded.',
      $metadata: { httpStatusCode: 503 },
    });
    ec2.destroy();
  });

  it('SSM ThrottlingException is retried by an adaptive-mode client (as production configures it)', async () => {
    const ssm = new SSMClient({
      ...aws.clientConfig('ssm'),
      maxAttempts: 4,
      retryMode: 'adaptive',
    });
    const instance = aws.state.addInstance();
    aws.faults.throttle('ssm', 'SendCommand', 1);
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instance.instanceId],
        Parameters: { commands: ['true'] },
      }),
    );
    expect(sent.$metadata.attempts).toBe(2);
    expect(aws.log.count('SendCommand')).toBe(2);
    expect(
      aws.state.commands().filter((c) => c.instanceIds.includes(instance.instanceId)),
    ).toHaveLength(1);

    const failing = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 });
    aws.faults.throttle('ssm', 'ListCommandInvocations');
    await expect(
      failing.send(new ListCommandInvocationsCommand({ CommandId: must(sent.Command?.CommandId) })),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
    });
    await aws.commandsIdle();
    ssm.destroy();
    failing.destroy();
  });

  it('STS Throttling is retried too', async () => {
    const sts = new STSClient({ region: aws.region, endpoint: aws.endpoints.sts, maxAttempts: 3 });
    aws.faults.throttle('sts', 'AssumeRoleWithWebIdentity');
    const response = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: aws.oidc.roleArn,
        RoleSessionName: 'retry',
        WebIdentityToken: aws.oidc.mintToken({ audience: 'sts.amazonaws.com' }),
      }),
    );
    expect(response.$metadata.attempts).toBe(2);
    sts.destroy();
  });
});

describe('server errors, resets and latency', () => {
  it('retries 500 InternalError, 503 ServiceUnavailable and connection resets', async () => {
    const ec2 = new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 3 });
    aws.faults.inject({ service: 'ec2', operation: 'DescribeKeyPairs', error: 'internal' });
    expect((await ec2.send(new DescribeKeyPairsCommand({}))).$metadata.attempts).toBe(2);
    aws.faults.inject({ service: 'ec2', operation: 'DescribeKeyPairs', error: 'reset' });
    expect((await ec2.send(new DescribeKeyPairsCommand({}))).$metadata.attempts).toBe(2);
    expect(aws.log.calls('DescribeKeyPairs').map((c) => c.error ?? null)).toEqual([
      'InternalError',
      null,
      'ECONNRESET',
      null,
    ]);

    const ssm = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 3 });
    await ssm.send(
      new PutParameterCommand({ Name: '/faults/p', Value: 'v', Type: 'String', Overwrite: true }),
    );
    aws.faults.inject({ service: 'ssm', operation: 'GetParameter', error: 'unavailable' });
    const got = await ssm.send(new GetParameterCommand({ Name: '/faults/p' }));
    expect(got.$metadata.attempts).toBe(2);
    expect(aws.log.calls('GetParameter')[0]).toMatchObject({
      status: 503,
      error: 'ServiceUnavailable',
    });

    const once = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 });
    aws.faults.inject({ service: 'ssm', operation: 'GetParameter', error: 'internal' });
    await expect(once.send(new GetParameterCommand({ Name: '/faults/p' }))).rejects.toMatchObject({
      name: 'InternalServerError',
      $fault: 'server',
    });
    for (const c of [ec2, ssm, once]) c.destroy();
  });

  it('adds latency, targets requests by params, skips the first matches, and logs it all', async () => {
    const ssm = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 });
    await ssm.send(
      new PutParameterCommand({ Name: '/faults/a', Value: 'a', Type: 'String', Overwrite: true }),
    );
    await ssm.send(
      new PutParameterCommand({ Name: '/faults/b', Value: 'b', Type: 'String', Overwrite: true }),
    );
    aws.log.clear();
    const slow = aws.faults.latency(120, 'ssm', 'GetParameter', 1);
    const started = Date.now();
    await ssm.send(new GetParameterCommand({ Name: '/faults/a' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(slow.hits).toBe(1);
    expect(must(aws.log.calls('GetParameter')[0]).durationMs).toBeGreaterThanOrEqual(110);

    aws.faults.inject({
      service: 'ssm',
      operation: /^GetParam/,
      when: (params) => params.Name === '/faults/b',
      error: { code: 'AccessDeniedException', message: 'no', status: 400 },
      skip: 1,
      times: Infinity,
    });
    await ssm.send(new GetParameterCommand({ Name: '/faults/b' }));
    await ssm.send(new GetParameterCommand({ Name: '/faults/a' }));
    await expect(ssm.send(new GetParameterCommand({ Name: '/faults/b' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect(
      aws.log.count(
        (entry) => entry.operation === 'GetParameter' && entry.params.Name === '/faults/b',
      ),
    ).toBe(2);
    expect(aws.log.calls('GetParameter').at(-1)).toMatchObject({
      service: 'ssm',
      region: 'us-east-1',
      injected: true,
      accessKeyId: aws.credentials.accessKeyId,
    });
    ssm.destroy();
  });

  it('makes the OIDC endpoint fail transiently; @actions/core retries', async () => {
    const restore = applyEnv(emulatorEnv(aws));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      aws.faults.inject({ service: 'oidc', operation: 'GetIDToken', error: 'unavailable' });
      const token = await core.getIDToken('sts.amazonaws.com');
      expect(token.split('.')).toHaveLength(3);
      expect(aws.log.calls('GetIDToken', 'oidc').map((c) => c.status)).toEqual([503, 200]);
    } finally {
      write.mockRestore();
      restore();
    }
  });
});
