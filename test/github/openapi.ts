/**
 * GitHub's published OpenAPI description (`@octokit/openapi`, the
 * api.github.com document) drives the server in both directions:
 *
 * - routing: every path template of the description is known, so a route
 *   GitHub has but the server lacks answers 501 instead of a misleading 404;
 * - requests: path parameters, query parameters and JSON bodies are validated
 *   against the operation's parameters and request body schema;
 * - responses: every JSON body the server sends is validated against the
 *   schema for its status, so the server cannot drift from GitHub's shapes.
 *
 * The JSON (13 MB) is read once per process and only the operations a request
 * actually reaches are compiled (Ajv, cached). OpenAPI 3.0 schemas are not
 * quite JSON Schema: `nullable` without `type` and `enum`s that omit `null`
 * are rewritten, and documentation-only keywords are dropped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonObject;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  responses: Record<string, JsonObject>;
  externalDocs?: { url?: string };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | Json>>;
  components: {
    schemas: Record<string, JsonObject>;
    parameters: Record<string, JsonObject>;
    responses: Record<string, JsonObject>;
  };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'] as const;

/** One operation of the description, as the server routes and validates it. */
export interface OperationSpec {
  operationId: string;
  method: string;
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues`. */
  template: string;
  /** `METHOD template`, the key the log and the faults use. */
  route: string;
  docsUrl: string;
  pathParams: OpenApiParameter[];
  queryParams: OpenApiParameter[];
  body: { required: boolean; schema: JsonObject | null } | null;
  /** Declared statuses: the JSON schema of the body, or null for no JSON body. */
  responses: Map<string, JsonObject | null>;
}

let documentCache: OpenApiDocument | null = null;

/** The api.github.com description, parsed once per process. */
export function openApiDocument(): OpenApiDocument {
  if (!documentCache) {
    // Never `require('@octokit/openapi')`: its index loads all ten descriptions (400 MB).
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    documentCache = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  }
  return documentCache;
}

function resolveRef<T extends JsonObject>(node: JsonObject): T {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node as T;
  const match = /^#\/components\/(parameters|responses|schemas)\/(.+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref}`);
  const group = openApiDocument().components[match[1] as 'parameters' | 'responses' | 'schemas'];
  const target = group[match[2] as string];
  if (!target) throw new Error(`dangling $ref ${ref}`);
  return resolveRef<T>(target);
}

function jsonSchemaOf(response: JsonObject): JsonObject | null {
  const content = response.content as JsonObject | undefined;
  const json = content?.['application/json'] as JsonObject | undefined;
  return (json?.schema as JsonObject | undefined) ?? null;
}

function buildOperation(template: string, method: string, op: OpenApiOperation): OperationSpec {
  const params = (op.parameters ?? []).map((p) =>
    resolveRef<JsonObject>(p),
  ) as unknown as OpenApiParameter[];
  const responses = new Map<string, JsonObject | null>();
  for (const [status, response] of Object.entries(op.responses)) {
    responses.set(status, jsonSchemaOf(resolveRef(response)));
  }
  let body: OperationSpec['body'] = null;
  if (op.requestBody) {
    const requestBody = resolveRef(op.requestBody);
    body = { required: requestBody.required === true, schema: jsonSchemaOf(requestBody) };
  }
  return {
    operationId: op.operationId,
    method: method.toUpperCase(),
    template,
    route: `${method.toUpperCase()} ${template}`,
    docsUrl: op.externalDocs?.url ?? 'https://docs.github.com/rest',
    pathParams: params.filter((p) => p.in === 'path'),
    queryParams: params.filter((p) => p.in === 'query'),
    body,
    responses,
  };
}

// ───────────────────────────── routing ─────────────────────────────

interface RouteEntry {
  template: string;
  segments: string[];
  /** Literal segments sort before parameters: `/issues/comments` beats `/issues/{issue_number}`. */
  rank: string;
  methods: Map<string, OpenApiOperation>;
}

export type RouteMatch =
  | { kind: 'operation'; operation: OperationSpec; rawParams: Record<string, string> }
  | { kind: 'unknown' };

let routesCache: Map<number, RouteEntry[]> | null = null;
const operationCache = new Map<string, OperationSpec>();

function routes(): Map<number, RouteEntry[]> {
  if (routesCache) return routesCache;
  const bySegments = new Map<number, RouteEntry[]>();
  for (const [template, item] of Object.entries(openApiDocument().paths)) {
    const segments = template.split('/').slice(1);
    const methods = new Map<string, OpenApiOperation>();
    for (const method of HTTP_METHODS) {
      const op = item[method] as OpenApiOperation | undefined;
      if (op && typeof op === 'object' && 'operationId' in op)
        methods.set(method.toUpperCase(), op);
    }
    const rank = segments.map((s) => (s.startsWith('{') ? '1' : '0')).join('');
    const list = bySegments.get(segments.length) ?? [];
    list.push({ template, segments, rank, methods });
    bySegments.set(segments.length, list);
  }
  for (const list of bySegments.values()) list.sort((a, b) => a.rank.localeCompare(b.rank));
  routesCache = bySegments;
  return bySegments;
}

/** The operation a request reaches, with its raw (still percent-encoded) path parameters. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const segments = pathname.split('/').slice(1);
  for (const entry of routes().get(segments.length) ?? []) {
    const rawParams: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i += 1) {
      const want = entry.segments[i] as string;
      const got = segments[i] as string;
      if (want.startsWith('{') && want.endsWith('}')) {
        if (got === '') ok = false;
        else rawParams[want.slice(1, -1)] = got;
      } else if (want !== got) ok = false;
    }
    if (!ok) continue;
    const op = entry.methods.get(method);
    // GitHub answers 404 for a method a path does not have.
    if (!op) return { kind: 'unknown' };
    return { kind: 'operation', operation: operation(entry.template, method, op), rawParams };
  }
  return { kind: 'unknown' };
}

function operation(template: string, method: string, op: OpenApiOperation): OperationSpec {
  const key = `${method} ${template}`;
  let spec = operationCache.get(key);
  if (!spec) {
    spec = buildOperation(template, method.toLowerCase(), op);
    operationCache.set(key, spec);
  }
  return spec;
}

/** An operation by its `METHOD /template` route (for the server's own handler table). */
export function operationByRoute(route: string): OperationSpec {
  const [method = '', template = ''] = route.split(' ');
  const item = openApiDocument().paths[template];
  const op = item?.[method.toLowerCase()] as OpenApiOperation | undefined;
  if (!op) throw new Error(`${route} is not in GitHub's OpenAPI description`);
  return operation(template, method, op);
}

// ───────────────────────────── schemas ─────────────────────────────

const SCHEMA_BASE = 'https://github.test/components/schemas/';
const DROPPED = new Set([
  'description',
  'title',
  'example',
  'examples',
  'externalDocs',
  'xml',
  'deprecated',
  'readOnly',
  'writeOnly',
  'discriminator',
]);

function convert(node: Json, onRef: (name: string) => void): Json {
  if (Array.isArray(node)) return node.map((item) => convert(item, onRef));
  if (!node || typeof node !== 'object') return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
    if (!match) throw new Error(`unsupported schema $ref ${ref}`);
    onRef(match[1] as string);
    return { $ref: SCHEMA_BASE + encodeURIComponent(match[1] as string) };
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === 'properties' || key === 'patternProperties') {
      const props: JsonObject = {};
      for (const [name, schema] of Object.entries(value as JsonObject))
        props[name] = convert(schema, onRef);
      out[key] = props;
    } else if (
      key === 'items' ||
      key === 'additionalProperties' ||
      key === 'not' ||
      key === 'allOf' ||
      key === 'anyOf' ||
      key === 'oneOf'
    ) {
      out[key] = convert(value, onRef);
    } else {
      out[key] = value;
    }
  }
  if (out.nullable === false) delete out.nullable;
  if (out.nullable === true) {
    if (out.type === undefined) {
      // Ajv's `nullable` needs `type`; OpenAPI allows it beside allOf/oneOf/$ref-less shapes.
      delete out.nullable;
      return { anyOf: [out, { type: 'null' }] };
    }
    // OpenAPI 3.0 leaves `null` out of nullable enums; JSON Schema would then refuse null.
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

type AjvInstance = InstanceType<typeof Ajv>;

function newAjv(coerce: boolean): AjvInstance {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: coerce,
    validateFormats: true,
  });
  addFormats(ajv);
  const numeric = { type: 'number' as const, validate: (n: number) => Number.isFinite(n) };
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', numeric);
  ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('timestamp', true);
  return ajv;
}

class SchemaCompiler {
  readonly ajv: AjvInstance;
  private readonly added = new Set<string>();
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(coerce: boolean) {
    this.ajv = newAjv(coerce);
  }

  private addComponent = (name: string): void => {
    if (this.added.has(name)) return;
    this.added.add(name);
    const component = openApiDocument().components.schemas[name];
    if (!component) throw new Error(`dangling schema $ref ${name}`);
    const converted = convert(component, this.addComponent) as JsonObject;
    this.ajv.addSchema({ ...converted, $id: SCHEMA_BASE + encodeURIComponent(name) });
  };

  compile(key: string, schema: () => JsonObject): ValidateFunction {
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(convert(schema(), this.addComponent) as JsonObject);
      this.cache.set(key, fn);
    }
    return fn;
  }
}

let strictCompiler: SchemaCompiler | null = null;
let coercingCompiler: SchemaCompiler | null = null;

/** Bodies and responses: no coercion, no defaults. */
function strict(): SchemaCompiler {
  strictCompiler ??= new SchemaCompiler(false);
  return strictCompiler;
}

/** Path and query parameters arrive as strings: coerce to the declared types, fill defaults. */
function coercing(): SchemaCompiler {
  coercingCompiler ??= new SchemaCompiler(true);
  return coercingCompiler;
}

function paramsSchema(params: OpenApiParameter[]): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const param of params) {
    properties[param.name] = param.schema ?? {};
    if (param.required) required.push(param.name);
  }
  return { type: 'object', properties, required };
}

export interface Invalid {
  errors: ErrorObject[];
}

/**
 * Validates (and coerces in place: numbers, booleans, defaults) the path or
 * query parameters. Unknown query parameters are kept, as GitHub ignores them.
 */
export function validateParams(
  op: OperationSpec,
  where: 'path' | 'query',
  values: Record<string, unknown>,
): Invalid | null {
  const params = where === 'path' ? op.pathParams : op.queryParams;
  const fn = coercing().compile(`${op.route} ${where}`, () => paramsSchema(params));
  return fn(values) ? null : { errors: fn.errors ?? [] };
}

export function validateBody(op: OperationSpec, body: unknown): Invalid | null {
  const schema = op.body?.schema;
  if (!schema) return null;
  const fn = strict().compile(`${op.route} body`, () => schema);
  return fn(body) ? null : { errors: fn.errors ?? [] };
}

const BASIC_ERROR: JsonObject = { $ref: '#/components/schemas/basic-error' };

/**
 * Checks a body the server is about to send. Declared statuses use their
 * schema; an undeclared error status (401, an injected 403 or 5xx) must still
 * be a `basic-error`; an undeclared success status is itself an error.
 */
export function validateResponse(op: OperationSpec, status: number, body: unknown): string | null {
  const key = String(status);
  const declared = op.responses.has(key)
    ? op.responses.get(key)
    : status >= 400
      ? BASIC_ERROR
      : undefined;
  if (declared === undefined) return `status ${status} is not a declared response of ${op.route}`;
  if (declared === null) {
    return body === undefined ? null : `status ${status} of ${op.route} has no body`;
  }
  if (body === undefined) return `status ${status} of ${op.route} needs a JSON body`;
  const fn = strict().compile(`${op.route} ${key} response`, () => declared);
  if (fn(body)) return null;
  return (fn.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`)
    .join('; ');
}

/** Any component schema on its own (the tests check fixtures with it). */
export function validateComponent(name: string, value: unknown): string | null {
  const fn = strict().compile(`component ${name}`, () => ({
    $ref: `#/components/schemas/${name}`,
  }));
  if (fn(value)) return null;
  return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}

// ───────────────────────────── GitHub's wording ─────────────────────────────

const rubyInspect = (value: unknown): string =>
  value === null ? 'nil' : value === undefined ? 'nil' : JSON.stringify(value);

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function jsonPath(instancePath: string): string {
  const parts = instancePath.split('/').slice(1);
  return ['properties', ...parts].join('/');
}

/**
 * Ajv's errors in the words GitHub's request validation uses
 * (`"key_id" wasn't supplied.`, `For 'properties/body', 5 is not a string.`,
 * `x does not match /re/.`, `"foo" is not a permitted key.`).
 */
export function describeBodyErrors(errors: ErrorObject[], body: unknown): string[] {
  const valueAt = (instancePath: string): unknown => {
    let node: unknown = body;
    for (const part of instancePath.split('/').slice(1)) {
      if (node && typeof node === 'object') node = (node as Record<string, unknown>)[part];
      else return undefined;
    }
    return node;
  };
  // A failed oneOf/anyOf also reports every branch; keep the summary only.
  const unions = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .map((e) => e.instancePath);
  const messages: string[] = [];
  for (const error of errors) {
    const inUnion = unions.some(
      (path) =>
        error.keyword !== 'oneOf' &&
        error.keyword !== 'anyOf' &&
        (error.instancePath === path || error.instancePath.startsWith(`${path}/`)),
    );
    if (inUnion) continue;
    const value = valueAt(error.instancePath);
    const where = jsonPath(error.instancePath);
    const params = error.params as Record<string, unknown>;
    let message: string;
    switch (error.keyword) {
      case 'required':
        message = `"${String(params.missingProperty)}" wasn't supplied.`;
        break;
      case 'type':
        message = `For '${where}', ${rubyInspect(value)} is not ${article(String(params.type))}.`;
        break;
      case 'pattern':
        message = `${String(value)} does not match /${String(params.pattern)}/.`;
        break;
      case 'enum':
        message = `For '${where}', ${rubyInspect(value)} is not a member of ${JSON.stringify(params.allowedValues)}.`;
        break;
      case 'additionalProperties':
        message = `"${String(params.additionalProperty)}" is not a permitted key.`;
        break;
      case 'oneOf':
      case 'anyOf':
        message = `For '${where}', ${rubyInspect(value)} is not a valid value (no subschema in "${error.keyword}" matched).`;
        break;
      default:
        message = `For '${where}', ${rubyInspect(value)} ${error.message ?? 'is invalid'}.`;
    }
    if (!messages.includes(message)) messages.push(message);
  }
  return messages;
}
