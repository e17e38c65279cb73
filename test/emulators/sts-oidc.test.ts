import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import * as core from '@actions/core';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AssumeRoleWithWebIdentityCommand,
  ExpiredTokenException,
  GetCallerIdentityCommand,
  InvalidIdentityTokenException,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveCredentials } from '../../src/aws/credentials.js';
import { CapturingHandler, must } from './helpers.js';
import { applyEnv, emulatorEnv, startAwsEmulator, type AwsEmulator } from './index.js';

let aws: AwsEmulator;
let restore: () => void;

beforeAll(async () => {
  aws = await startAwsEmulator({
    oidc: { repository: 'acme/infra', ref: 'refs/heads/main' },
    roles: [
      { roleArn: 'arn:aws:iam::123456789012:role/rotate', subjects: ['repo:acme/infra:*'] },
      {
        roleArn: 'arn:aws:iam::123456789012:role/other-repo-only',
        subjects: ['repo:acme/other:ref:refs/heads/main'],
      },
      {
        roleArn: 'arn:aws:iam::123456789012:role/env-only',
        subjects: ['repo:acme/infra:environment:prod'],
      },
    ],
  });
  restore = applyEnv(emulatorEnv(aws));
  // @actions/core announces the token to mask on stdout; keep the test output quiet.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterAll(async () => {
  vi.restoreAllMocks();
  restore();
  await aws.stop();
});

afterEach(() => aws.faults.clear());

const sts = (): STSClient =>
  new STSClient({ region: aws.region, endpoint: aws.endpoints.sts, maxAttempts: 1 });

function decode(token: string): {
  header: { kid: string; alg: string };
  claims: Record<string, unknown>;
} {
  const [header, claims] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown);
  return {
    header: header as { kid: string; alg: string },
    claims: claims as Record<string, unknown>,
  };
}

describe('GitHub Actions OIDC token endpoint', () => {
  it('serves @actions/core getIDToken a signed JWT that verifies against the published JWKS', async () => {
    const token = await core.getIDToken('sts.amazonaws.com');
    const { header, claims } = decode(token);
    expect(header.alg).toBe('RS256');
    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'sts.amazonaws.com',
      sub: 'repo:acme/infra:ref:refs/heads/main',
      repository: 'acme/infra',
      ref: 'refs/heads/main',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300);

    const discovery = (await (
      await fetch(`${aws.oidc.url}/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe('https://token.actions.githubusercontent.com');
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as {
      keys: (JsonWebKey & { kid: string })[];
    };
    const jwk = jwks.keys.find((key) => key.kid === header.kid);
    expect(jwk).toBeDefined();
    const [h, p, s] = token.split('.') as [string, string, string];
    expect(
      verify(
        'RSA-SHA256',
        Buffer.from(`${h}.${p}`),
        createPublicKey({ key: must(jwk), format: 'jwk' }),
        Buffer.from(s, 'base64url'),
      ),
    ).toBe(true);
  });

  it('defaults the audience to the owner URL and refuses a wrong request token', async () => {
    expect(decode(await core.getIDToken()).claims.aud).toBe('https://github.com/acme');
    const saved = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'wrong';
    try {
      await expect(core.getIDToken('sts.amazonaws.com')).rejects.toThrow(/Failed to get ID Token/);
    } finally {
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = saved;
    }
  });
});

describe('STS AssumeRoleWithWebIdentity', () => {
  it('exchanges a valid token for credentials the other services accept', async () => {
    const client = sts();
    const token = await core.getIDToken('sts.amazonaws.com');
    const response = await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/rotate',
        RoleSessionName: 'gha-run',
        WebIdentityToken: token,
      }),
    );
    const credentials = must(response.Credentials);
    expect(credentials.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(must(credentials.Expiration).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(response).toMatchObject({
      SubjectFromWebIdentityToken: 'repo:acme/infra:ref:refs/heads/main',
      Audience: 'sts.amazonaws.com',
      AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/rotate/gha-run' },
    });
    const session = {
      accessKeyId: must(credentials.AccessKeyId),
      secretAccessKey: must(credentials.SecretAccessKey),
      sessionToken: must(credentials.SessionToken),
    };
    const signed = new STSClient({
      region: aws.region,
      endpoint: aws.endpoints.sts,
      credentials: session,
      maxAttempts: 1,
    });
    const identity = await signed.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: '123456789012',
      Arn: 'arn:aws:sts::123456789012:assumed-role/rotate/gha-run',
    });

    const ec2 = new EC2Client({
      region: aws.region,
      endpoint: aws.endpoints.ec2,
      credentials: session,
      maxAttempts: 1,
    });
    await ec2.send(new DescribeInstancesCommand({}));
    expect(aws.log.calls('DescribeInstances').at(-1)?.accessKeyId).toBe(session.accessKeyId);
    const forged = new EC2Client({
      region: aws.region,
      endpoint: aws.endpoints.ec2,
      credentials: { ...session, sessionToken: 'forged' },
      maxAttempts: 1,
    });
    await expect(forged.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: 'AuthFailure',
    });
    for (const c of [client, signed, ec2, forged]) c.destroy();
  });

  it('denies a token whose sub the trust policy does not match (AccessDenied, 403)', async () => {
    const client = sts();
    const handler = new CapturingHandler();
    const capturing = new STSClient({
      region: aws.region,
      endpoint: aws.endpoints.sts,
      maxAttempts: 1,
      requestHandler: handler,
    });
    const token = aws.oidc.mintToken({ audience: 'sts.amazonaws.com' });
    for (const roleArn of [
      'arn:aws:iam::123456789012:role/other-repo-only',
      'arn:aws:iam::123456789012:role/env-only',
      'arn:aws:iam::123456789012:role/unknown',
    ]) {
      await expect(
        client.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: roleArn,
            RoleSessionName: 's1',
            WebIdentityToken: token,
          }),
        ),
      ).rejects.toMatchObject({
        name: 'AccessDenied',
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        $metadata: { httpStatusCode: 403 },
      });
    }
    await capturing
      .send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: 'arn:aws:iam::123456789012:role/env-only',
          RoleSessionName: 's1',
          WebIdentityToken: token,
        }),
      )
      .catch(() => undefined);
    expect(handler.last?.body).toMatch(
      /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    await capturing.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/rotate',
        RoleSessionName: 's1',
        WebIdentityToken: token,
      }),
    );
    expect(handler.last?.body).toMatch(
      /<AssumeRoleWithWebIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><AssumeRoleWithWebIdentityResult><Credentials>/,
    );
    expect(handler.last?.body).toMatch(
      /<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/AssumeRoleWithWebIdentityResponse>$/,
    );
    client.destroy();
    capturing.destroy();
  });

  it('rejects expired, foreign-signed and wrong-audience tokens with the modeled errors', async () => {
    const client = sts();
    const assume = (token: string, extra: { DurationSeconds?: number } = {}) =>
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: 'arn:aws:iam::123456789012:role/rotate',
          RoleSessionName: 's2',
          WebIdentityToken: token,
          ...extra,
        }),
      );

    const expired = await assume(
      aws.oidc.mintToken({ audience: 'sts.amazonaws.com', expiresInSeconds: -5 }),
    ).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(ExpiredTokenException);
    expect((expired as ExpiredTokenException).$metadata.httpStatusCode).toBe(400);

    const foreign = await assume(
      aws.oidc.mintToken({ audience: 'sts.amazonaws.com', foreignKey: true }),
    ).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(InvalidIdentityTokenException);

    const wrongAudience = await assume(aws.oidc.mintToken()).catch((e: unknown) => e);
    expect(wrongAudience).toBeInstanceOf(InvalidIdentityTokenException);
    expect((wrongAudience as Error).message).toBe('Incorrect token audience');

    const otherIssuer = await assume(
      aws.oidc.mintToken({ audience: 'sts.amazonaws.com', issuer: 'https://gitlab.example.com' }),
    ).catch((e: unknown) => e);
    expect(otherIssuer).toBeInstanceOf(InvalidIdentityTokenException);

    await expect(assume('not.a.jwt')).rejects.toBeInstanceOf(InvalidIdentityTokenException);
    await expect(
      assume(aws.oidc.mintToken({ audience: 'sts.amazonaws.com' }), { DurationSeconds: 7200 }),
    ).rejects.toMatchObject({ name: 'ValidationError' });

    aws.oidc.provider.rotateKey();
    await expect(
      assume(aws.oidc.mintToken({ audience: 'sts.amazonaws.com' })),
    ).resolves.toBeDefined();
    client.destroy();
  });

  it('requires signatures for everything but the web identity exchange', async () => {
    const response = await fetch(aws.endpoints.sts, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const unknown = await fetch(aws.endpoints.sts, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeEverything',
    });
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('serves the production credential path: getIDToken → STS → clients, all through the environment', async () => {
    const credentials = await resolveCredentials({
      kind: 'web-identity',
      roleArn: 'arn:aws:iam::123456789012:role/rotate',
      sessionName: 'ec2-key-rotate',
      durationSeconds: 900,
      audience: 'sts.amazonaws.com',
      region: aws.region,
      getToken: (audience) => core.getIDToken(audience),
      mask: () => undefined,
    });
    expect(credentials?.accessKeyId).toMatch(/^ASIA/);
    expect(aws.state.sessions.at(-1)).toMatchObject({
      roleArn: 'arn:aws:iam::123456789012:role/rotate',
      sessionName: 'ec2-key-rotate',
      subject: 'repo:acme/infra:ref:refs/heads/main',
    });
    expect(aws.log.calls('AssumeRoleWithWebIdentity').at(-1)?.accessKeyId).toBeUndefined();
  });
});
