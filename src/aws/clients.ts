import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import type {
  AwsCredentialIdentity,
  DeserializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';
import { awsErrorName } from './errors.js';

export interface RegionClients {
  region: string;
  ec2: EC2Client;
  ssm: SSMClient;
}

/** An endpoint that does not accept a connection in this time is unreachable. */
export const CONNECTION_TIMEOUT_MS = 5_000;
/**
 * An EC2, SSM or STS call answers in well under a second; one that has not
 * answered (or has stalled mid-answer) in this time is not going to.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The SDK's NodeHttpHandler settings for every client: without them a call
 * to an endpoint that accepts the connection and never answers waits forever.
 * `throwOnRequestTimeout` turns the request timeout into an error (the SDK
 * only warns by default); `socketTimeout` covers a response that stalls
 * after its headers.
 */
export const HTTP_TIMEOUTS = {
  connectionTimeout: CONNECTION_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  throwOnRequestTimeout: true,
  socketTimeout: REQUEST_TIMEOUT_MS,
} as const;

/** A call that timed out, named by service, endpoint and operation. Not retried. */
export class AwsTimeoutError extends Error {
  override name = 'AwsTimeoutError';
}

function endpointOf(request: unknown): string {
  const { protocol, hostname, port } = (request ?? {}) as {
    protocol?: string;
    hostname?: string;
    port?: number;
  };
  return `${protocol ?? 'https:'}//${hostname ?? '(unknown host)'}${port ? `:${port}` : ''}`;
}

/**
 * Makes the SDK's timeout errors say which endpoint timed out. The
 * middleware sits next to the HTTP handler, inside the retry loop: the
 * error it throws is not one the SDK retries, so a dead endpoint costs one
 * timeout, not one per attempt (eight attempts of 30 s each).
 */
export function nameTimeouts<Input extends object, Output extends MetadataBearer>(
  stack: MiddlewareStack<Input, Output>,
  service: 'EC2' | 'SSM' | 'STS',
): void {
  const middleware: DeserializeMiddleware<Input, Output> = (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (awsErrorName(error) !== 'TimeoutError') throw error;
      const endpoint = endpointOf(args.request);
      const operation = (context.commandName ?? 'the call').replace(/Command$/, '');
      const message = (error as Error).message;
      const connecting = /establish a connection/i.test(message);
      // The SDK's message gives the limit that was hit ("… 30000 ms …").
      const limitMs = Number(
        /(\d+) ?ms\b/.exec(message)?.[1] ??
          (connecting ? CONNECTION_TIMEOUT_MS : REQUEST_TIMEOUT_MS),
      );
      const hint = `check the network, the proxy and AWS_ENDPOINT_URL_${service}`;
      throw new AwsTimeoutError(
        connecting
          ? `${service} endpoint ${endpoint} did not accept a connection within ${limitMs / 1000} s (${operation}); ${hint}`
          : `${service} endpoint ${endpoint} did not answer ${operation} within ${limitMs / 1000} s; ${hint}`,
      );
    }
  };
  stack.add(middleware, { step: 'deserialize', name: 'ec2KeyRotateTimeouts', priority: 'low' });
}

/**
 * One EC2 and one SSM client per region. Adaptive retry backs off on
 * throttling (RequestLimitExceeded, ThrottlingException) and 5xx; endpoints
 * come from the SDK's own configuration (AWS_ENDPOINT_URL_EC2, …); every
 * call has a connection and a request timeout (HTTP_TIMEOUTS).
 */
export function regionClients(
  region: string,
  credentials: AwsCredentialIdentity | undefined,
  maxAttempts = 8,
): RegionClients {
  const config = {
    region,
    maxAttempts,
    retryMode: 'adaptive',
    requestHandler: HTTP_TIMEOUTS,
    ...(credentials ? { credentials } : {}),
  };
  const ec2 = new EC2Client(config);
  const ssm = new SSMClient(config);
  nameTimeouts(ec2.middlewareStack, 'EC2');
  nameTimeouts(ssm.middlewareStack, 'SSM');
  return { region, ec2, ssm };
}

export function destroyClients(clients: RegionClients[]): void {
  for (const client of clients) {
    client.ec2.destroy();
    client.ssm.destroy();
  }
}
