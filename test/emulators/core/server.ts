/**
 * One loopback HTTP server per emulated service: identify the operation,
 * authenticate (SigV4), apply injected faults and latency, decode and
 * validate the input against the AWS model, run the handler, encode the
 * answer, and log the call.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError, NotImplementedError } from './errors.js';
import type { FaultKind, Faults, RequestLog, ServiceName } from './faults.js';
import { RequestValidationError, type OperationModel } from './schema.js';
import { parseAuthorization, verifySignature } from './sigv4.js';

export interface Identity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  arn: string;
  userId: string;
  account: string;
}

export interface CallContext {
  service: ServiceName;
  operation: string;
  /** Region from the credential scope, else the emulator's default region. */
  region: string;
  requestId: string;
  identity: Identity | null;
  headers: IncomingHttpHeaders;
}

// Handlers take the decoded input in the SDK's shape; each service narrows it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (input: any, ctx: CallContext) => unknown;

export interface RawRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How a protocol reads requests and writes answers and errors. */
export interface Protocol {
  operationOf(request: RawRequest): string | null;
  rawParams(request: RawRequest): Record<string, unknown>;
  decode(operation: OperationModel, request: RawRequest): Record<string, unknown>;
  success(
    operation: OperationModel,
    output: Record<string, unknown>,
    requestId: string,
  ): WireResponse;
  failure(error: AwsError, requestId: string): WireResponse;
  validationError(error: RequestValidationError, operation: OperationModel): AwsError;
  unknownOperation(name: string): AwsError;
  faultError(kind: Exclude<FaultKind, 'reset'>): AwsError;
  auth: {
    missing(): AwsError;
    unknownKey(): AwsError;
    badSignature(): AwsError;
    expired(): AwsError;
    wrongScope(service: string): AwsError;
  };
}

export interface ServiceServerOptions {
  service: ServiceName;
  signingName: string;
  protocol: Protocol;
  operations: Map<string, OperationModel>;
  handlers: Record<string, Handler>;
  /** Operations the model marks as unauthenticated (`smithy.api#noAuth`). */
  unsigned?: ReadonlySet<string>;
  credentials: (accessKeyId: string) => Identity | undefined;
  verifySignatures: boolean;
  defaultRegion: string;
  faults: Faults;
  log: RequestLog;
  now: () => Date;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts an HTTP server on 127.0.0.1 at an ephemeral port. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startServiceServer(options: ServiceServerOptions): Promise<RunningServer> {
  const { protocol, service } = options;

  const authenticate = (request: RawRequest): { identity: Identity; region: string } => {
    const auth = parseAuthorization(String(request.headers.authorization ?? '') || undefined);
    if (!auth) throw protocol.auth.missing();
    if (auth.service !== options.signingName) throw protocol.auth.wrongScope(options.signingName);
    const identity = options.credentials(auth.accessKeyId);
    if (!identity) throw protocol.auth.unknownKey();
    if (
      identity.sessionToken !== undefined &&
      request.headers['x-amz-security-token'] !== identity.sessionToken
    ) {
      throw protocol.auth.unknownKey();
    }
    if (identity.expiration && identity.expiration.getTime() <= options.now().getTime())
      throw protocol.auth.expired();
    if (options.verifySignatures && !verifySignature(auth, identity.secretAccessKey, request))
      throw protocol.auth.badSignature();
    return { identity, region: auth.region };
  };

  const server = createServer((req, res) => {
    void (async () => {
      const started = Date.now();
      const requestId = randomUUID();
      const body = await readBody(req);
      const request: RawRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body,
      };
      const operation = protocol.operationOf(request) ?? '';
      let params: Record<string, unknown>;
      try {
        params = protocol.rawParams(request);
      } catch {
        params = {};
      }
      let region: string | undefined;
      let accessKeyId: string | undefined;
      let injected = false;
      let reply: WireResponse;
      let errorCode: string | undefined;
      try {
        const model = options.operations.get(operation);
        if (!model) throw protocol.unknownOperation(operation);
        let identity: Identity | null = null;
        const auth = parseAuthorization(String(req.headers.authorization ?? '') || undefined);
        accessKeyId = auth?.accessKeyId;
        region = auth?.region;
        if (!options.unsigned?.has(operation) || auth) {
          const result = authenticate(request);
          identity = result.identity;
          region = result.region;
        }
        let input: Record<string, unknown> | null = null;
        let invalid: AwsError | null = null;
        try {
          input = protocol.decode(model, request);
          params = input;
        } catch (error) {
          if (error instanceof RequestValidationError)
            invalid = protocol.validationError(error, model);
          else if (error instanceof AwsError) invalid = error;
          else throw error;
        }
        const fault = options.faults.take(service, operation, params);
        if (fault.latencyMs > 0) await sleep(fault.latencyMs);
        if (fault.error === 'reset') {
          options.log.record({
            at: new Date(started),
            service,
            operation,
            region,
            accessKeyId,
            params,
            status: 0,
            error: 'ECONNRESET',
            injected: true,
            durationMs: Date.now() - started,
          });
          req.socket.destroy();
          return;
        }
        if (fault.error) {
          injected = true;
          throw protocol.faultError(fault.error);
        }
        if (invalid) throw invalid;
        const handler = options.handlers[operation];
        if (!handler) throw new NotImplementedError(service, operation);
        const ctx: CallContext = {
          service,
          operation,
          region: region ?? options.defaultRegion,
          requestId,
          identity,
          headers: req.headers,
        };
        const output = ((await handler(input ?? {}, ctx)) ?? {}) as Record<string, unknown>;
        reply = protocol.success(model, output, requestId);
      } catch (error) {
        let awsError: AwsError;
        if (error instanceof AwsError) {
          awsError = error;
        } else {
          // A bug in the emulator: say so loudly, as a 500 the SDK will surface.
          console.error(`[aws-emulator] ${service}.${operation} failed:`, error);
          awsError = new AwsError(
            'InternalFailure',
            `emulator bug: ${error instanceof Error ? error.message : String(error)}`,
            500,
          );
        }
        errorCode = awsError.code;
        reply = protocol.failure(awsError, requestId);
      }
      options.log.record({
        at: new Date(started),
        service,
        operation,
        region,
        accessKeyId,
        params,
        status: reply.status,
        error: errorCode,
        injected,
        durationMs: Date.now() - started,
      });
      res.writeHead(reply.status, {
        ...reply.headers,
        'content-length': String(Buffer.byteLength(reply.body)),
      });
      res.end(reply.body);
    })().catch((error: unknown) => {
      console.error(`[aws-emulator] ${service} request failed:`, error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const url = await listen(server);
  return { url, close: () => closeServer(server) };
}
