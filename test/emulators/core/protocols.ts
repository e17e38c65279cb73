/**
 * The three wire protocols the emulated services speak:
 * - EC2 Query: form-encoded requests, `<OpResponse xmlns=…><requestId>` answers,
 *   `<Response><Errors><Error>` errors;
 * - awsQuery (STS): the same requests with non-EC2 key naming, answers wrapped
 *   in `<OpResult>` plus `<ResponseMetadata>`, `<ErrorResponse>` errors;
 * - awsJson 1.1 (SSM): `X-Amz-Target: AmazonSSM.Op`, JSON bodies, `__type` errors.
 */
import { AwsError } from './errors.js';
import type { FaultKind } from './faults.js';
import {
  coralName,
  decodeJson,
  decodeQuery,
  encodeJson,
  encodeXmlMembers,
  RequestValidationError,
  xmlEscape,
  type ValidationIssue,
} from './schema.js';
import type { Protocol, RawRequest, WireResponse } from './server.js';

export interface FaultCodes {
  throttle: [code: string, message: string, status: number];
  internal: [code: string, message: string, status: number];
  unavailable: [code: string, message: string, status: number];
}

function faultError(codes: FaultCodes, kind: Exclude<FaultKind, 'reset'>): AwsError {
  if (typeof kind === 'object')
    return new AwsError(kind.code, kind.message ?? kind.code, kind.status ?? 400);
  const [code, message, status] = codes[kind];
  return new AwsError(code, message, status);
}

function queryParams(request: RawRequest): Map<string, string> {
  const params = new Map<string, string>();
  const url = new URL(request.url, 'http://emulator');
  for (const [k, v] of url.searchParams) params.set(k, v);
  const type = String(request.headers['content-type'] ?? '');
  if (request.body.length && (type.startsWith('application/x-www-form-urlencoded') || !type)) {
    for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) params.set(k, v);
  }
  return params;
}

function coralPath(issue: ValidationIssue): string {
  return issue.path
    .split('.')
    .map((segment) => coralName(segment))
    .join('.');
}

function coralMessage(issues: ValidationIssue[]): string {
  const parts = issues.map((issue) =>
    issue.kind === 'missing'
      ? `Value null at '${coralPath(issue)}' failed to satisfy constraint: Member must not be null`
      : `Value at '${coralPath(issue)}' failed to satisfy constraint: ${issue.detail ?? 'invalid value'}`,
  );
  return `${issues.length} validation error${issues.length === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

/** A ValidationException-style message for one constraint, as Coral words it. */
export function constraintMessage(member: string, value: string, constraint: string): string {
  return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`;
}

export interface QueryProtocolOptions {
  dialect: 'ec2' | 'awsQuery';
  xmlNamespace: string;
  faults: FaultCodes;
  auth: Protocol['auth'];
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function queryProtocol(options: QueryProtocolOptions): Protocol {
  const ec2 = options.dialect === 'ec2';
  const xml = (status: number, body: string, requestId: string): WireResponse => ({
    status,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
    body: XML_HEAD + body,
  });
  return {
    operationOf: (request) => queryParams(request).get('Action') ?? null,
    rawParams: (request) => Object.fromEntries(queryParams(request)),
    decode: (operation, request) => decodeQuery(operation.input, queryParams(request), { ec2 }),
    success(operation, output, requestId) {
      const members = encodeXmlMembers(operation.output, output);
      const op = operation.name;
      const body = ec2
        ? `<${op}Response xmlns="${options.xmlNamespace}"><requestId>${requestId}</requestId>${members}</${op}Response>`
        : `<${op}Response xmlns="${options.xmlNamespace}"><${op}Result>${members}</${op}Result>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>`;
      return xml(200, body, requestId);
    },
    failure(error, requestId) {
      const code = xmlEscape(error.code);
      const message = xmlEscape(error.message);
      const body = ec2
        ? `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
        : `<ErrorResponse xmlns="${options.xmlNamespace}"><Error><Type>${error.fault === 'server' ? 'Receiver' : 'Sender'}</Type>` +
          `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      return xml(error.status, body, requestId);
    },
    validationError(error: RequestValidationError) {
      const issue = error.issues[0] ?? { kind: 'type', path: '', member: '' };
      if (!ec2) {
        if (issue.kind === 'unknown')
          return new AwsError(
            'InvalidParameterValue',
            `The parameter ${issue.path} is not recognized`,
            400,
          );
        return new AwsError('ValidationError', coralMessage(error.issues), 400);
      }
      switch (issue.kind) {
        case 'missing':
          return new AwsError(
            'MissingParameter',
            `The request must contain the parameter ${issue.path}`,
            400,
          );
        case 'unknown':
          return new AwsError(
            'UnknownParameter',
            `The parameter ${issue.path} is not recognized`,
            400,
          );
        default:
          return new AwsError(
            'InvalidParameterValue',
            `Value for parameter ${issue.path} is invalid: ${issue.detail ?? ''}`,
            400,
          );
      }
    },
    unknownOperation: (name) =>
      ec2
        ? new AwsError(
            'InvalidAction',
            `The action ${name} is not valid for this web service.`,
            400,
          )
        : new AwsError(
            'InvalidAction',
            `Could not find operation ${name} for version 2011-06-15`,
            400,
          ),
    faultError: (kind) => faultError(options.faults, kind),
    auth: options.auth,
  };
}

export interface JsonProtocolOptions {
  target: string;
  faults: FaultCodes;
  auth: Protocol['auth'];
  /** Which member carries the message, per error code (`Message` or `message`). */
  messageMember: (code: string) => string;
}

export function jsonProtocol(options: JsonProtocolOptions): Protocol {
  const operationOf = (request: RawRequest): string | null => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, op] = target.split('.');
    return prefix === options.target && op ? op : null;
  };
  const parse = (request: RawRequest): unknown => {
    const text = request.body.toString('utf8');
    if (!text.trim()) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AwsError('SerializationException', 'Request body is not valid JSON', 400);
    }
  };
  return {
    operationOf,
    rawParams: (request) => {
      const body = parse(request);
      return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    },
    decode(operation, request) {
      const type = String(request.headers['content-type'] ?? '');
      if (!type.startsWith('application/x-amz-json-1.1')) {
        throw new AwsError(
          'UnknownOperationException',
          `content type ${type || '(none)'} is not application/x-amz-json-1.1`,
          400,
        );
      }
      return decodeJson(operation.input, parse(request));
    },
    success(operation, output, requestId) {
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify(encodeJson(operation.output, output)),
      };
    },
    failure(error, requestId) {
      return {
        status: error.status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify({
          __type: error.code,
          [options.messageMember(error.code)]: error.message,
        }),
      };
    },
    validationError(error: RequestValidationError) {
      const issues = error.issues;
      const unknown = issues.find((issue) => issue.kind === 'unknown');
      if (unknown)
        return new AwsError(
          'SerializationException',
          `Unrecognized field "${unknown.member}"`,
          400,
        );
      const type = issues.find((issue) => issue.kind === 'type');
      if (type)
        return new AwsError(
          'SerializationException',
          `${type.path}: ${type.detail ?? 'wrong type'}`,
          400,
        );
      return new AwsError('ValidationException', coralMessage(issues), 400);
    },
    unknownOperation: (name) =>
      new AwsError(
        'UnknownOperationException',
        name ? `Unknown operation ${name}` : 'Missing X-Amz-Target',
        400,
      ),
    faultError: (kind) => faultError(options.faults, kind),
    auth: options.auth,
  };
}
