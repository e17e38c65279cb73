import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { HTTP_TIMEOUTS, nameTimeouts } from './clients.js';
import { AwsSetupError, awsErrorMessage, awsErrorName } from './errors.js';

export interface WebIdentitySource {
  kind: 'web-identity';
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  audience: string;
  region: string;
  /** Fetches the OIDC token (core.getIDToken in the action). */
  getToken: (audience: string) => Promise<string>;
  /** Masks a secret in logs (core.setSecret in the action). */
  mask: (secret: string) => void;
}

/** Either GitHub OIDC federation, or whatever the SDK's default chain finds (env, profile, instance role). */
export type CredentialSource =
  | WebIdentitySource
  | { kind: 'default' }
  /** Credentials already resolved (one STS exchange serves a whole run). */
  | { kind: 'static'; credentials: AwsCredentialIdentity };

/** The `sub` claim of a JWT, to say which identity a trust policy rejected. Not secret. */
function subjectOf(token: string): string {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as {
      sub?: string;
    };
    return payload.sub ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function fetchToken(source: WebIdentitySource): Promise<string> {
  try {
    return await source.getToken(source.audience);
  } catch (error) {
    throw new AwsSetupError(
      `cannot get a GitHub OIDC token (${awsErrorMessage(error)}): give the job "permissions: id-token: write"`,
    );
  }
}

function explain(error: unknown, source: WebIdentitySource, token: string): AwsSetupError {
  const name = awsErrorName(error);
  const sub = subjectOf(token);
  switch (name) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      return new AwsSetupError(
        `STS refused to let this workflow assume ${source.roleArn}: the role's trust policy must allow ` +
          `token.actions.githubusercontent.com with aud "${source.audience}" and a sub condition matching "${sub}"`,
      );
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return new AwsSetupError(
        'the GitHub OIDC token expired before STS accepted it; run the job again',
      );
    // The SDK names modeled errors by their shape (…Exception); the wire code lacks the suffix.
    case 'InvalidIdentityToken':
    case 'InvalidIdentityTokenException':
    case 'IDPRejectedClaim':
    case 'IDPRejectedClaimException':
    case 'IDPCommunicationError':
    case 'IDPCommunicationErrorException':
      return new AwsSetupError(
        `STS rejected the GitHub OIDC token (${awsErrorMessage(error)}): is the IAM OIDC provider ` +
          `token.actions.githubusercontent.com registered with audience "${source.audience}"?`,
      );
    default:
      return new AwsSetupError(
        `cannot assume ${source.roleArn}: ${name || 'error'}: ${awsErrorMessage(error)}`,
      );
  }
}

/**
 * Resolves AWS credentials. With a role, exchanges the GitHub OIDC token for
 * temporary credentials (the SDK retries transient STS failures) and masks
 * them; without one, returns undefined so the clients use the default chain.
 */
export async function resolveCredentials(
  source: CredentialSource,
): Promise<AwsCredentialIdentity | undefined> {
  if (source.kind === 'default') return undefined;
  if (source.kind === 'static') return source.credentials;
  const token = await fetchToken(source);
  source.mask(token);
  const sts = new STSClient({
    region: source.region,
    maxAttempts: 5,
    requestHandler: HTTP_TIMEOUTS,
  });
  nameTimeouts(sts.middlewareStack, 'STS');
  try {
    const response = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: source.roleArn,
        RoleSessionName: source.sessionName,
        WebIdentityToken: token,
        DurationSeconds: source.durationSeconds,
      }),
    );
    const credentials = response.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
      throw new AwsSetupError('STS returned no credentials');
    }
    source.mask(credentials.AccessKeyId);
    source.mask(credentials.SecretAccessKey);
    if (credentials.SessionToken) source.mask(credentials.SessionToken);
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    };
  } catch (error) {
    if (error instanceof AwsSetupError) throw error;
    throw explain(error, source, token);
  } finally {
    sts.destroy();
  }
}
