/** STS (awsQuery): AssumeRoleWithWebIdentity against the emulated GitHub OIDC provider, GetCallerIdentity. */
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import * as stsModel from '@aws-sdk/client-sts';
import { AwsError } from './core/errors.js';
import { constraintMessage, queryProtocol } from './core/protocols.js';
import { loadErrorShapes, loadOperations } from './core/schema.js';
import type { Handler, Identity, Protocol } from './core/server.js';
import { stringLike } from './filters.js';
import type { OidcProvider } from './oidc.js';
import { accessKeyIdFor, secretKey, type AccountState } from './state.js';

export const STS_NAMESPACE = 'com.amazonaws.sts';
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const stsOperations = loadOperations(
  stsModel as unknown as Record<string, unknown>,
  STS_NAMESPACE,
);
const stsErrors = loadErrorShapes(stsModel as unknown as Record<string, unknown>, STS_NAMESPACE);

/** Operations the STS model lets callers send unsigned (`smithy.api#noAuth` in the client's auth scheme resolver). */
export const STS_UNSIGNED: ReadonlySet<string> = new Set([
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
]);

/** A modeled STS error with the HTTP status the model gives it (`awsQueryError`). */
function stsError(code: string, message: string): AwsError {
  const shape = stsErrors.get(code);
  return new AwsError(code, message, shape?.httpStatus ?? 400, shape?.fault);
}

export const stsProtocol: Protocol = queryProtocol({
  dialect: 'awsQuery',
  xmlNamespace: STS_XMLNS,
  faults: {
    throttle: ['Throttling', 'Rate exceeded', 400],
    internal: ['InternalFailure', 'An internal error occurred', 500],
    unavailable: ['ServiceUnavailable', 'Service is unavailable', 503],
  },
  auth: {
    missing: () =>
      new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
    unknownKey: () =>
      new AwsError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      ),
    badSignature: () =>
      new AwsError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
        403,
      ),
    expired: () =>
      new AwsError('ExpiredToken', 'The security token included in the request is expired', 400),
    wrongScope: (service) =>
      new AwsError(
        'SignatureDoesNotMatch',
        `Credential should be scoped to correct service: '${service}'.`,
        403,
      ),
  },
});

interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  [claim: string]: unknown;
}

function parseJwt(token: string): {
  header: { alg?: string; kid?: string };
  claims: JwtClaims;
  data: string;
  signature: Buffer;
} {
  const [head, body, sig, ...rest] = token.split('.');
  if (head === undefined || body === undefined || sig === undefined || rest.length)
    throw stsError('InvalidIdentityToken', 'The ID Token provided is not a valid JWT.');
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as {
      alg?: string;
      kid?: string;
    };
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JwtClaims;
    return { header, claims, data: `${head}.${body}`, signature: Buffer.from(sig, 'base64url') };
  } catch {
    throw stsError('InvalidIdentityToken', 'The ID Token provided is not a valid JWT.');
  }
}

const awsTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createStsHandlers(
  state: AccountState,
  provider: OidcProvider,
): Record<string, Handler> {
  return {
    AssumeRoleWithWebIdentity(input: {
      RoleArn: string;
      RoleSessionName: string;
      WebIdentityToken: string;
      DurationSeconds?: number;
      ProviderId?: string;
    }) {
      if (!/^[\w+=,.@-]{2,64}$/.test(input.RoleSessionName)) {
        throw new AwsError(
          'ValidationError',
          constraintMessage(
            'roleSessionName',
            input.RoleSessionName,
            'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
          ),
          400,
        );
      }
      if (!/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(input.RoleArn)) {
        throw new AwsError('ValidationError', `${input.RoleArn} is invalid`, 400);
      }
      const duration = input.DurationSeconds ?? 3600;
      if (duration < 900 || duration > 43200) {
        throw new AwsError(
          'ValidationError',
          constraintMessage(
            'durationSeconds',
            String(duration),
            duration < 900
              ? 'Member must have value greater than or equal to 900'
              : 'Member must have value less than or equal to 43200',
          ),
          400,
        );
      }
      if (input.ProviderId)
        throw new AwsError(
          'InvalidParameterValue',
          'ProviderId is only for OAuth 2.0 providers, not OpenID Connect',
          400,
        );

      const { header, claims, data, signature } = parseJwt(input.WebIdentityToken);
      const trusted = state.oidcProviders.find((p) => p.issuer === claims.iss);
      if (!claims.iss || !trusted)
        throw stsError(
          'InvalidIdentityToken',
          `No OpenIDConnect provider found in your account for ${claims.iss ?? '(no issuer)'}`,
        );
      const jwk =
        header.kid && trusted.issuer === provider.issuer
          ? provider.publicJwk(header.kid)
          : undefined;
      if (header.alg !== 'RS256' || !jwk) {
        throw stsError(
          'InvalidIdentityToken',
          "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
        );
      }
      const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
      if (!verify('RSA-SHA256', Buffer.from(data), publicKey, signature))
        throw stsError('InvalidIdentityToken', 'Incorrect token signature');
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
      const audience = audiences.find((aud) => trusted.audiences.includes(aud));
      if (!audience) throw stsError('InvalidIdentityToken', 'Incorrect token audience');
      const now = state.now();
      const nowSeconds = Math.floor(now.getTime() / 1000);
      if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
        throw stsError(
          'ExpiredTokenException',
          `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${typeof claims.exp === 'number' ? claims.exp : '(none)'}`,
        );
      }
      if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + 300)
        throw stsError('InvalidIdentityToken', 'Token is not yet valid');

      // The role's trust policy: StringEquals aud, StringLike sub.
      const role = state.roles.find((r) => r.roleArn === input.RoleArn);
      const subject = String(claims.sub ?? '');
      const allowed =
        role &&
        (role.audiences ?? ['sts.amazonaws.com']).includes(audience) &&
        role.subjects.some((pattern) => stringLike(pattern, subject));
      if (!role || !allowed)
        throw new AwsError(
          'AccessDenied',
          'Not authorized to perform sts:AssumeRoleWithWebIdentity',
          403,
        );
      if (duration > (role.maxSessionDuration ?? 3600)) {
        throw new AwsError(
          'ValidationError',
          'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
          400,
        );
      }

      const roleName = input.RoleArn.split('/').at(-1) ?? '';
      const roleId = `AROA${accessKeyIdFor('AKIA').slice(4)}`;
      const expiration = new Date(now.getTime() + duration * 1000);
      const identity: Identity = {
        accessKeyId: accessKeyIdFor('ASIA'),
        secretAccessKey: secretKey(),
        sessionToken: randomBytes(96).toString('base64'),
        expiration,
        arn: `arn:aws:sts::${state.accountId}:assumed-role/${roleName}/${input.RoleSessionName}`,
        userId: `${roleId}:${input.RoleSessionName}`,
        account: state.accountId,
      };
      state.credentials.set(identity.accessKeyId, identity);
      state.sessions.push({
        roleArn: input.RoleArn,
        sessionName: input.RoleSessionName,
        subject,
        audience,
        accessKeyId: identity.accessKeyId,
        expiration,
      });
      return {
        Credentials: {
          AccessKeyId: identity.accessKeyId,
          SecretAccessKey: identity.secretAccessKey,
          SessionToken: identity.sessionToken,
          Expiration: new Date(awsTime(expiration)),
        },
        SubjectFromWebIdentityToken: subject,
        AssumedRoleUser: { AssumedRoleId: identity.userId, Arn: identity.arn },
        Provider: `arn:aws:iam::${state.accountId}:oidc-provider/${trusted.issuer.replace(/^https:\/\//, '')}`,
        Audience: audience,
      };
    },

    GetCallerIdentity(_input: unknown, ctx) {
      const identity = ctx.identity;
      if (!identity)
        throw new AwsError(
          'MissingAuthenticationToken',
          'Request is missing Authentication Token',
          403,
        );
      return { UserId: identity.userId, Account: identity.account, Arn: identity.arn };
    },
  };
}
