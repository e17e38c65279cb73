/**
 * The AWS service models, as the installed SDK clients ship them (Smithy
 * static schemas: `DescribeKeyPairs$`, `SendCommandRequest$`, …), drive the
 * emulators' wire formats in both directions:
 *
 * - requests are decoded member by member from the operation's input shape
 *   (query keys from `ec2QueryName`/`xmlName`, JSON keys from member names),
 *   rejecting unknown parameters, missing required members and values of the
 *   wrong type;
 * - responses are encoded from the output shape (XML element names from
 *   `xmlName`, list item names, timestamp formats), so an emulator cannot put
 *   a field on the wire that the model does not have.
 *
 * Constraint traits (length, range, pattern, enum) are not in the JS SDK's
 * schemas; the services check the few that matter by hand.
 */
import { NormalizedSchema } from '@smithy/core/schema';

export interface OperationModel {
  name: string;
  namespace: string;
  input: NormalizedSchema;
  output: NormalizedSchema;
}

/** What was wrong with a request, before it is worded as a service's own error. */
export interface ValidationIssue {
  kind: 'missing' | 'unknown' | 'type';
  /** Path as the wire names it (`Filter.1.Value.1`, `Parameters.commands`). */
  path: string;
  /** The member name as the model spells it (`KeyName`, `instanceIds`). */
  member: string;
  detail?: string;
}

export class RequestValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(
      issues
        .map((issue) => `${issue.kind} ${issue.path}${issue.detail ? `: ${issue.detail}` : ''}`)
        .join('; '),
    );
  }
}

type StaticOperation = [9, string, string, unknown, unknown, unknown];

function isStaticOperation(value: unknown): value is StaticOperation {
  return (
    Array.isArray(value) && value[0] === 9 && value.length === 6 && typeof value[2] === 'string'
  );
}

/** Every operation a client package's model holds, by name. */
export function loadOperations(
  clientModule: Record<string, unknown>,
  namespace: string,
): Map<string, OperationModel> {
  const operations = new Map<string, OperationModel>();
  for (const [exportName, value] of Object.entries(clientModule)) {
    if (!exportName.endsWith('$') || !isStaticOperation(value) || value[1] !== namespace) continue;
    operations.set(value[2], {
      name: value[2],
      namespace,
      input: NormalizedSchema.of(value[4] as never),
      output: NormalizedSchema.of(value[5] as never),
    });
  }
  if (operations.size === 0)
    throw new Error(`no operation schemas for ${namespace} in the client package`);
  return operations;
}

/** The members a structure requires (the model lists required members first and counts them). */
export function requiredMembers(ns: NormalizedSchema): string[] {
  const sc = ns.getSchema() as unknown;
  if (!Array.isArray(sc)) return [];
  const names = sc[4] as string[] | undefined;
  const count = typeof sc[6] === 'number' ? sc[6] : 0;
  return (names ?? []).slice(0, count);
}

function traits(ns: NormalizedSchema): Record<string, unknown> {
  return ns.getMergedTraits() as Record<string, unknown>;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// ───────────────────────────── query (EC2 and awsQuery) ─────────────────────────────

export interface QueryNaming {
  /** EC2 dialect: `ec2QueryName`, capitalised keys, flattened lists. */
  ec2: boolean;
}

function structKey(memberName: string, member: NormalizedSchema, naming: QueryNaming): string {
  const t = traits(member);
  if (naming.ec2 && typeof t.ec2QueryName === 'string') return t.ec2QueryName;
  const key = typeof t.xmlName === 'string' ? t.xmlName : memberName;
  return naming.ec2 ? upperFirst(key) : key;
}

function containerKey(fallback: string, member: NormalizedSchema, naming: QueryNaming): string {
  const t = traits(member);
  if (naming.ec2 && typeof t.ec2QueryName === 'string') return t.ec2QueryName;
  return typeof t.xmlName === 'string' ? t.xmlName : fallback;
}

class QueryDecoder {
  readonly consumed = new Set<string>();
  readonly issues: ValidationIssue[] = [];
  private readonly keys: string[];

  constructor(
    private readonly params: Map<string, string>,
    private readonly naming: QueryNaming,
  ) {
    this.keys = [...params.keys()];
  }

  private indices(prefix: string): number[] {
    const found = new Set<number>();
    for (const key of this.keys) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const match = /^(\d+)(?:\.|$)/.exec(rest);
      if (match) found.add(Number(match[1]));
    }
    return [...found].sort((a, b) => a - b);
  }

  private hasPrefix(prefix: string): boolean {
    return this.keys.some((key) => key === prefix || key.startsWith(`${prefix}.`));
  }

  decode(ns: NormalizedSchema, path: string, memberName: string): unknown {
    if (ns.isStructSchema()) {
      if (path && !this.hasPrefix(path)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [name, member] of ns.structIterator()) {
        const key = structKey(name, member, this.naming);
        const value = this.decode(member, path ? `${path}.${key}` : key, name);
        if (value !== undefined) out[name] = value;
      }
      for (const name of requiredMembers(ns)) {
        if (out[name] === undefined) {
          const member = ns.getMemberSchema(name);
          const key = structKey(name, member, this.naming);
          this.issues.push({ kind: 'missing', path: path ? `${path}.${key}` : key, member: name });
        }
      }
      return out;
    }
    if (ns.isListSchema()) {
      if (this.params.get(path) === '') {
        this.consumed.add(path);
        return [];
      }
      const item = ns.getValueSchema();
      const flat = this.naming.ec2 || Boolean(traits(ns).xmlFlattened);
      const base = flat ? `${path}.` : `${path}.${containerKey('member', item, this.naming)}.`;
      const indices = this.indices(base);
      if (indices.length === 0) return undefined;
      return indices.map((i) => this.decode(item, `${base}${i}`, memberName));
    }
    if (ns.isMapSchema()) {
      const keySchema = ns.getKeySchema();
      const valueSchema = ns.getValueSchema();
      const flat = Boolean(traits(ns).xmlFlattened);
      const base = flat ? `${path}.` : `${path}.entry.`;
      const indices = this.indices(base);
      if (indices.length === 0) return undefined;
      const out: Record<string, unknown> = {};
      for (const i of indices) {
        const k = this.decode(
          keySchema,
          `${base}${i}.${containerKey('key', keySchema, this.naming)}`,
          memberName,
        );
        const v = this.decode(
          valueSchema,
          `${base}${i}.${containerKey('value', valueSchema, this.naming)}`,
          memberName,
        );
        if (typeof k === 'string') out[k] = v;
      }
      return out;
    }
    const raw = this.params.get(path);
    if (raw === undefined) return undefined;
    this.consumed.add(path);
    return this.scalar(ns, raw, path, memberName);
  }

  private scalar(ns: NormalizedSchema, raw: string, path: string, member: string): unknown {
    const bad = (detail: string): undefined => {
      this.issues.push({ kind: 'type', path, member, detail });
      return undefined;
    };
    if (ns.isBooleanSchema()) {
      if (/^true$/i.test(raw)) return true;
      if (/^false$/i.test(raw)) return false;
      return bad(`'${raw}' is not a boolean`);
    }
    if (ns.isNumericSchema()) {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : bad(`'${raw}' is not a number`);
    }
    if (ns.isTimestampSchema()) {
      const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
      return Number.isFinite(ms) ? new Date(ms) : bad(`'${raw}' is not a timestamp`);
    }
    if (ns.isBlobSchema()) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) return bad('not base64');
      return Buffer.from(raw, 'base64');
    }
    return raw;
  }
}

/** Decodes a form-encoded request (`Action=…&Version=…&…`) into the SDK's input shape. */
export function decodeQuery(
  input: NormalizedSchema,
  params: Map<string, string>,
  naming: QueryNaming,
): Record<string, unknown> {
  const decoder = new QueryDecoder(params, naming);
  const out = (decoder.decode(input, '', '') ?? {}) as Record<string, unknown>;
  for (const key of params.keys()) {
    if (key === 'Action' || key === 'Version' || decoder.consumed.has(key)) continue;
    decoder.issues.push({ kind: 'unknown', path: key, member: key.split('.')[0] ?? key });
  }
  if (decoder.issues.length) throw new RequestValidationError(decoder.issues);
  return out;
}

// ───────────────────────────── XML output ─────────────────────────────

export function xmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

function scalarText(ns: NormalizedSchema, value: unknown, where: string): string {
  if (ns.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new Error(`emulator bug: ${where} is not a date`);
    return date.toISOString();
  }
  if (ns.isBlobSchema()) return Buffer.from(value as Uint8Array).toString('base64');
  if (ns.isBooleanSchema()) {
    if (typeof value !== 'boolean') throw new Error(`emulator bug: ${where} must be a boolean`);
    return String(value);
  }
  if (ns.isNumericSchema()) {
    if (typeof value !== 'number') throw new Error(`emulator bug: ${where} must be a number`);
    return String(value);
  }
  if (typeof value !== 'string') throw new Error(`emulator bug: ${where} must be a string`);
  return xmlEscape(value);
}

function checkMembers(ns: NormalizedSchema, value: Record<string, unknown>, where: string): void {
  const known = new Set([...ns.structIterator()].map(([name]) => name));
  for (const key of Object.keys(value)) {
    if (!known.has(key) && value[key] !== undefined) {
      throw new Error(
        `emulator bug: ${where} (${ns.getName()}) has no member ${key} in the AWS model`,
      );
    }
  }
}

function writeXml(ns: NormalizedSchema, value: unknown, out: string[], where: string): void {
  if (ns.isStructSchema()) {
    if (typeof value !== 'object' || value === null)
      throw new Error(`emulator bug: ${where} must be an object`);
    const record = value as Record<string, unknown>;
    checkMembers(ns, record, where);
    for (const [name, member] of ns.structIterator()) {
      const v = record[name];
      if (v === undefined || v === null) continue;
      const element = (member.getMemberTraits() as Record<string, unknown>).xmlName;
      const tag = typeof element === 'string' ? element : name;
      if (member.isListSchema() && traits(member).xmlFlattened) {
        for (const item of v as unknown[]) {
          out.push(`<${tag}>`);
          writeXml(member.getValueSchema(), item, out, `${where}.${name}[]`);
          out.push(`</${tag}>`);
        }
        continue;
      }
      out.push(`<${tag}>`);
      writeXml(member, v, out, `${where}.${name}`);
      out.push(`</${tag}>`);
    }
    return;
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) throw new Error(`emulator bug: ${where} must be a list`);
    const item = ns.getValueSchema();
    const itemName = traits(item).xmlName;
    const tag = typeof itemName === 'string' ? itemName : 'member';
    for (const entry of value) {
      out.push(`<${tag}>`);
      writeXml(item, entry, out, `${where}[]`);
      out.push(`</${tag}>`);
    }
    return;
  }
  if (ns.isMapSchema()) {
    const keySchema = ns.getKeySchema();
    const valueSchema = ns.getValueSchema();
    const keyName = (traits(keySchema).xmlName as string | undefined) ?? 'key';
    const valueName = (traits(valueSchema).xmlName as string | undefined) ?? 'value';
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out.push(`<entry><${keyName}>${xmlEscape(k)}</${keyName}><${valueName}>`);
      writeXml(valueSchema, v, out, `${where}.${k}`);
      out.push(`</${valueName}></entry>`);
    }
    return;
  }
  out.push(scalarText(ns, value, where));
}

/** The XML body of an output shape's members (no root element). */
export function encodeXmlMembers(output: NormalizedSchema, value: Record<string, unknown>): string {
  const out: string[] = [];
  if (!output.isUnitSchema()) writeXml(output, value, out, output.getName() ?? 'output');
  return out.join('');
}

// ───────────────────────────── JSON (awsJson1_1) ─────────────────────────────

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path segment Coral-style validation messages use: `instanceIds`, `parameters`. */
export function coralName(member: string): string {
  return lowerFirst(member);
}

class JsonDecoder {
  readonly issues: ValidationIssue[] = [];

  decode(ns: NormalizedSchema, value: unknown, path: string, member: string): unknown {
    if (value === null || value === undefined) return undefined;
    const bad = (detail: string): undefined => {
      this.issues.push({ kind: 'type', path, member, detail });
      return undefined;
    };
    if (ns.isStructSchema()) {
      if (!isPlainObject(value)) return bad('expected an object');
      const out: Record<string, unknown> = {};
      const members = new Map([...ns.structIterator()]);
      for (const [key, v] of Object.entries(value)) {
        const m = members.get(key);
        if (!m) {
          this.issues.push({ kind: 'unknown', path: path ? `${path}.${key}` : key, member: key });
          continue;
        }
        const decoded = this.decode(m, v, path ? `${path}.${key}` : key, key);
        if (decoded !== undefined) out[key] = decoded;
      }
      for (const name of requiredMembers(ns)) {
        if (out[name] === undefined)
          this.issues.push({
            kind: 'missing',
            path: path ? `${path}.${name}` : name,
            member: name,
          });
      }
      return out;
    }
    if (ns.isListSchema()) {
      if (!Array.isArray(value)) return bad('expected a list');
      return value.map((item, i) =>
        this.decode(ns.getValueSchema(), item, `${path}[${i}]`, member),
      );
    }
    if (ns.isMapSchema()) {
      if (!isPlainObject(value)) return bad('expected a map');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        out[k] = this.decode(ns.getValueSchema(), v, `${path}.${k}`, member);
      return out;
    }
    if (ns.isBooleanSchema()) return typeof value === 'boolean' ? value : bad('expected a boolean');
    if (ns.isNumericSchema()) return typeof value === 'number' ? value : bad('expected a number');
    if (ns.isTimestampSchema()) {
      if (typeof value === 'number') return new Date(value * 1000);
      return bad('expected epoch seconds');
    }
    if (ns.isBlobSchema())
      return typeof value === 'string' ? Buffer.from(value, 'base64') : bad('expected base64');
    if (ns.isDocumentSchema()) return value;
    return typeof value === 'string' ? value : bad('expected a string');
  }
}

/** Decodes and checks an awsJson request body against the operation's input shape. */
export function decodeJson(input: NormalizedSchema, body: unknown): Record<string, unknown> {
  const decoder = new JsonDecoder();
  const out = decoder.decode(input, body ?? {}, '', '') as Record<string, unknown> | undefined;
  if (decoder.issues.length) throw new RequestValidationError(decoder.issues);
  return out ?? {};
}

function toJson(ns: NormalizedSchema, value: unknown, where: string): unknown {
  if (value === undefined || value === null) return undefined;
  if (ns.isStructSchema()) {
    if (!isPlainObject(value)) throw new Error(`emulator bug: ${where} must be an object`);
    checkMembers(ns, value, where);
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const v = toJson(member, value[name], `${where}.${name}`);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) throw new Error(`emulator bug: ${where} must be a list`);
    return value.map((item, i) => toJson(ns.getValueSchema(), item, `${where}[${i}]`));
  }
  if (ns.isMapSchema()) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = toJson(ns.getValueSchema(), v, `${where}.${k}`);
    return out;
  }
  if (ns.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(value as string);
    return date.getTime() / 1000;
  }
  if (ns.isBlobSchema()) return Buffer.from(value as Uint8Array).toString('base64');
  if (ns.isBooleanSchema() && typeof value !== 'boolean')
    throw new Error(`emulator bug: ${where} must be a boolean`);
  if (ns.isNumericSchema() && typeof value !== 'number')
    throw new Error(`emulator bug: ${where} must be a number`);
  if (ns.isStringSchema() && typeof value !== 'string')
    throw new Error(`emulator bug: ${where} must be a string`);
  return value;
}

/** Encodes an output (or error) structure as awsJson: member names, epoch-second timestamps, base64 blobs. */
export function encodeJson(
  output: NormalizedSchema,
  value: Record<string, unknown>,
): Record<string, unknown> {
  if (output.isUnitSchema()) return {};
  return (toJson(output, value, output.getName() ?? 'output') ?? {}) as Record<string, unknown>;
}

/** Error shapes by code: the `awsQueryError` code when the model gives one, else the shape name. */
export function loadErrorShapes(
  clientModule: Record<string, unknown>,
  namespace: string,
): Map<string, { ns: NormalizedSchema; httpStatus?: number; fault: 'client' | 'server' }> {
  const errors = new Map<
    string,
    { ns: NormalizedSchema; httpStatus?: number; fault: 'client' | 'server' }
  >();
  for (const [exportName, value] of Object.entries(clientModule)) {
    if (
      !exportName.endsWith('$') ||
      !Array.isArray(value) ||
      value[0] !== -3 ||
      value[1] !== namespace
    )
      continue;
    const ns = NormalizedSchema.of(value as never);
    const t = traits(ns);
    const query = t.awsQueryError as [string, number] | undefined;
    const entry = {
      ns,
      httpStatus: (typeof t.httpError === 'number' ? t.httpError : undefined) ?? query?.[1],
      fault: t.error === 'server' ? ('server' as const) : ('client' as const),
    };
    errors.set(String(value[2]), entry);
    if (query?.[0]) errors.set(query[0], entry);
  }
  return errors;
}
