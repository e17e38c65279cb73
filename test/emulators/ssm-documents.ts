/**
 * SSM documents, emulated: the account's own Command documents (create,
 * update, versions, default version, read back in JSON or YAML) and what
 * SendCommand does with one: check every parameter against the document's
 * type, allowedValues and allowedPattern (InvalidParameters otherwise),
 * paste the values into the step's `{{ name }}` references as SSM does
 * (textually), and hand the resulting script to the Run Command engine.
 *
 * Patterns are matched the way a Java regex `find()` would: `$` also matches
 * before one final line break, so a value with a trailing line break can
 * pass a `^…$` pattern (the host script must stand that). Also here: the
 * SendCommand side of IAM (`state.sendCommandPolicy`), which answers
 * AccessDeniedException naming the first document or instance not allowed.
 */
import { createHash } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { AwsError } from './core/errors.js';
import type { CallContext, Handler } from './core/server.js';
import { decodeToken, encodeToken } from './filters.js';
import type {
  AccountState,
  DocumentVersionRecord,
  EmulatedDocument,
  RegionState,
} from './state.js';

/** The Command document size limit. */
const MAX_CONTENT = 64 * 1024;
const NAME_RE = /^[a-zA-Z0-9_\-.]{3,128}$/;
const VERSION_NAME_RE = /^[a-zA-Z0-9_\-.]{1,128}$/;
const REFERENCE_RE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

interface DocumentParameterSpec {
  type?: string;
  description?: string;
  default?: unknown;
  allowedValues?: string[];
  allowedPattern?: string;
}

interface DocumentStep {
  action?: string;
  name?: string;
  precondition?: { StringEquals?: [string, string] };
  inputs?: { runCommand?: unknown; timeoutSeconds?: unknown; workingDirectory?: unknown };
}

interface DocumentBody {
  schemaVersion?: string;
  description?: string;
  parameters?: Record<string, DocumentParameterSpec>;
  mainSteps?: DocumentStep[];
}

const PLUGINS: Record<string, 'linux' | 'windows'> = {
  'aws:runShellScript': 'linux',
  'aws:runPowerShellScript': 'windows',
};

const invalidContent = (message: string): AwsError =>
  new AwsError('InvalidDocumentContent', message, 400);

/** A `^…$` pattern as SSM applies it (Java's `find()`: `$` also before one final line break). */
export function matchesAllowedPattern(pattern: string, value: string): boolean {
  const re = new RegExp(pattern);
  if (re.test(value)) return true;
  const trimmed = value.replace(/\r?\n$/, '');
  return trimmed !== value && re.test(trimmed);
}

function parseContent(content: string, format: 'JSON' | 'YAML'): DocumentBody {
  if (Buffer.byteLength(content) > MAX_CONTENT)
    throw new AwsError('MaxDocumentSizeExceeded', 'The size limit of a document is 64 KB.', 400);
  let parsed: unknown;
  try {
    parsed = format === 'YAML' ? parseYaml(content) : JSON.parse(content);
  } catch {
    throw invalidContent(`The content for the document is not valid ${format}.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalidContent('The content for the document is not valid.');
  const body = parsed as DocumentBody;
  if (body.schemaVersion !== '2.2') {
    throw new AwsError(
      'InvalidDocumentSchemaVersion',
      `Document schema version, ${String(body.schemaVersion)}, is not supported by the emulator (2.2 only).`,
      400,
    );
  }
  const parameters = body.parameters ?? {};
  for (const [name, spec] of Object.entries(parameters)) {
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw invalidContent(`Parameter name ${name} is not valid.`);
    if (
      !['String', 'StringList', 'Integer', 'Boolean', 'MapList', 'StringMap'].includes(
        spec.type ?? '',
      )
    )
      throw invalidContent(`Parameter ${name} has an invalid type ${String(spec.type)}.`);
    if (spec.allowedPattern !== undefined) {
      try {
        new RegExp(spec.allowedPattern);
      } catch {
        throw invalidContent(`Parameter ${name} has an invalid allowedPattern.`);
      }
      if (
        typeof spec.default === 'string' &&
        !matchesAllowedPattern(spec.allowedPattern, spec.default)
      )
        throw invalidContent(
          `The default value of parameter ${name} does not match its allowedPattern.`,
        );
    }
  }
  const steps = body.mainSteps;
  if (!Array.isArray(steps) || !steps.length) throw invalidContent('mainSteps is required.');
  for (const step of steps) {
    if (!step.action || !(step.action in PLUGINS))
      throw invalidContent(`Action ${String(step.action)} is not supported by the emulator.`);
    if (!step.name || !/^[A-Za-z0-9_.-]+$/.test(step.name))
      throw invalidContent('Every step needs a name.');
    const commands = step.inputs?.runCommand;
    if (!Array.isArray(commands) || !commands.every((line) => typeof line === 'string'))
      throw invalidContent(`Step ${step.name}: runCommand must be a list of strings.`);
    const text = JSON.stringify(step.inputs);
    for (const [, name = ''] of text.matchAll(REFERENCE_RE)) {
      if (!(name in parameters))
        throw invalidContent(`Parameter ${name} is referenced but not defined in the document.`);
    }
  }
  return body;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Handlers and the SendCommand side of documents, over one account's state. */
export function createDocumentSupport(state: AccountState): {
  handlers: Record<string, Handler>;
  /** The custom document SendCommand names, resolved to a script; null when it is not one. */
  commandFor(
    ctx: CallContext,
    name: string,
    version: string | undefined,
    parameters: Record<string, string[]>,
  ): {
    documentVersion: string;
    plugin: string;
    platform: 'linux' | 'windows';
    script: string;
    executionTimeoutSeconds: number;
  } | null;
  /** Throws AccessDeniedException when `sendCommandPolicy` does not allow the call. */
  authorizeSendCommand(ctx: CallContext, documentName: string, instanceIds: string[]): void;
} {
  const region = (ctx: CallContext): RegionState => state.region(ctx.region);

  const lookup = (ctx: CallContext, name: string): EmulatedDocument => {
    const document = region(ctx).documents.get(name);
    if (!document)
      throw new AwsError('InvalidDocument', `Document with name ${name} does not exist.`, 400);
    return document;
  };

  const versionOf = (
    document: EmulatedDocument,
    selector: { version?: string; versionName?: string },
  ): DocumentVersionRecord => {
    let found: DocumentVersionRecord | undefined;
    if (selector.versionName) {
      found = document.versions.find((entry) => entry.versionName === selector.versionName);
      if (
        found &&
        selector.version &&
        !['$DEFAULT', '$LATEST', found.version].includes(selector.version)
      )
        found = undefined;
    } else {
      const wanted =
        !selector.version || selector.version === '$DEFAULT'
          ? document.defaultVersion
          : selector.version === '$LATEST'
            ? String(document.versions.length)
            : selector.version;
      found = document.versions.find((entry) => entry.version === wanted);
    }
    if (!found) {
      throw new AwsError(
        'InvalidDocumentVersion',
        `The document version ${selector.versionName ?? selector.version ?? ''} is not valid or does not exist.`,
        400,
      );
    }
    return found;
  };

  const view = (document: EmulatedDocument, entry: DocumentVersionRecord) => {
    const body = entry.parsed as DocumentBody;
    return {
      Hash: entry.hash,
      HashType: 'Sha256',
      Name: document.name,
      VersionName: entry.versionName,
      Owner: state.accountId,
      CreatedDate: entry.createdDate,
      Status: 'Active',
      DocumentVersion: entry.version,
      Description: body.description ?? '',
      Parameters: Object.entries(body.parameters ?? {}).map(([name, spec]) => ({
        Name: name,
        Type: spec.type,
        Description: spec.description ?? '',
        DefaultValue: typeof spec.default === 'string' ? spec.default : undefined,
      })),
      PlatformTypes: [
        ...new Set(
          (body.mainSteps ?? []).map((step) =>
            PLUGINS[step.action ?? ''] === 'windows' ? 'Windows' : 'Linux',
          ),
        ),
      ],
      DocumentType: document.documentType,
      SchemaVersion: body.schemaVersion,
      LatestVersion: String(document.versions.length),
      DefaultVersion: document.defaultVersion,
      DocumentFormat: entry.format,
      TargetType: document.targetType,
      Tags: Object.entries(document.tags).map(([Key, Value]) => ({ Key, Value })),
    };
  };

  const checkName = (name: string): void => {
    if (!NAME_RE.test(name))
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{3,128}$`,
        400,
      );
    if (/^(aws|amazon|amzn)/i.test(name))
      throw new AwsError(
        'ValidationException',
        'Document names can\'t begin with "aws", "amazon" or "amzn".',
        400,
      );
  };

  const checkVersionName = (versionName: string | undefined): void => {
    if (versionName !== undefined && !VERSION_NAME_RE.test(versionName))
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${versionName}' at 'versionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{1,128}$`,
        400,
      );
  };

  const formatOf = (format: string | undefined): 'JSON' | 'YAML' => {
    if (format === undefined || format === 'JSON') return 'JSON';
    if (format === 'YAML') return 'YAML';
    throw new AwsError(
      'InvalidDocumentContent',
      `Document format ${format} is not supported for Command documents.`,
      400,
    );
  };

  const handlers: Record<string, Handler> = {
    CreateDocument(
      input: {
        Content: string;
        Name: string;
        DocumentType?: string;
        DocumentFormat?: string;
        VersionName?: string;
        TargetType?: string;
        DisplayName?: string;
        Tags?: { Key?: string; Value?: string }[];
      },
      ctx,
    ) {
      checkName(input.Name);
      checkVersionName(input.VersionName);
      if ((input.DocumentType ?? 'Command') !== 'Command')
        throw new AwsError(
          'InvalidDocumentType',
          'The emulator keeps Command documents only.',
          400,
        );
      if (region(ctx).documents.has(input.Name))
        throw new AwsError('DocumentAlreadyExists', 'The specified document already exists.', 400);
      const format = formatOf(input.DocumentFormat);
      const parsed = parseContent(input.Content, format);
      const now = state.now();
      const document: EmulatedDocument = {
        name: input.Name,
        documentType: 'Command',
        targetType: input.TargetType,
        createdDate: now,
        defaultVersion: '1',
        tags: Object.fromEntries((input.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
        versions: [
          {
            version: '1',
            versionName: input.VersionName,
            content: input.Content,
            format,
            parsed: parsed as Record<string, unknown>,
            hash: sha256(input.Content),
            createdDate: now,
          },
        ],
      };
      region(ctx).documents.set(document.name, document);
      return { DocumentDescription: view(document, document.versions[0] as DocumentVersionRecord) };
    },

    UpdateDocument(
      input: {
        Content: string;
        Name: string;
        DocumentVersion?: string;
        DocumentFormat?: string;
        VersionName?: string;
        TargetType?: string;
        DisplayName?: string;
      },
      ctx,
    ) {
      const document = lookup(ctx, input.Name);
      checkVersionName(input.VersionName);
      const latest = String(document.versions.length);
      if (input.DocumentVersion && !['$LATEST', latest].includes(input.DocumentVersion)) {
        throw new AwsError(
          'InvalidDocumentVersion',
          `Only the latest version of the document (${latest}) can be updated.`,
          400,
        );
      }
      const hash = sha256(input.Content);
      if (document.versions.some((entry) => entry.hash === hash))
        throw new AwsError(
          'DuplicateDocumentContent',
          'The content of the association document matches another document. Change the content of the document and try again.',
          400,
        );
      if (
        input.VersionName &&
        document.versions.some((entry) => entry.versionName === input.VersionName)
      )
        throw new AwsError(
          'DuplicateDocumentVersionName',
          'The version name has already been used in this document. Specify a different name, and then try again.',
          400,
        );
      const format = formatOf(input.DocumentFormat);
      const parsed = parseContent(input.Content, format);
      const entry: DocumentVersionRecord = {
        version: String(document.versions.length + 1),
        versionName: input.VersionName,
        content: input.Content,
        format,
        parsed: parsed as Record<string, unknown>,
        hash,
        createdDate: state.now(),
      };
      document.versions.push(entry);
      if (input.TargetType) document.targetType = input.TargetType;
      return { DocumentDescription: view(document, entry) };
    },

    UpdateDocumentDefaultVersion(input: { Name: string; DocumentVersion: string }, ctx) {
      const document = lookup(ctx, input.Name);
      if (!/^[1-9][0-9]*$/.test(input.DocumentVersion))
        throw new AwsError(
          'ValidationException',
          `Value '${input.DocumentVersion}' at 'documentVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (^[1-9][0-9]*$)`,
          400,
        );
      const entry = versionOf(document, { version: input.DocumentVersion });
      document.defaultVersion = entry.version;
      return {
        Description: {
          Name: document.name,
          DefaultVersion: entry.version,
          DefaultVersionName: entry.versionName,
        },
      };
    },

    DescribeDocument(input: { Name: string; DocumentVersion?: string; VersionName?: string }, ctx) {
      const document = lookup(ctx, input.Name);
      const entry = versionOf(document, {
        version: input.DocumentVersion,
        versionName: input.VersionName,
      });
      return { Document: view(document, entry) };
    },

    GetDocument(
      input: {
        Name: string;
        DocumentVersion?: string;
        VersionName?: string;
        DocumentFormat?: string;
      },
      ctx,
    ) {
      const document = lookup(ctx, input.Name);
      const entry = versionOf(document, {
        version: input.DocumentVersion,
        versionName: input.VersionName,
      });
      const format = input.DocumentFormat ? formatOf(input.DocumentFormat) : entry.format;
      const content =
        format === entry.format
          ? entry.content
          : format === 'JSON'
            ? JSON.stringify(entry.parsed, null, 2)
            : stringifyYaml(entry.parsed);
      return {
        Name: document.name,
        CreatedDate: entry.createdDate,
        VersionName: entry.versionName,
        DocumentVersion: entry.version,
        Status: 'Active',
        Content: content,
        DocumentType: document.documentType,
        DocumentFormat: format,
      };
    },

    ListDocumentVersions(input: { Name: string; MaxResults?: number; NextToken?: string }, ctx) {
      const document = lookup(ctx, input.Name);
      const size = input.MaxResults ?? 50;
      if (size < 1 || size > 50)
        throw new AwsError(
          'ValidationException',
          `Value '${size}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50`,
          400,
        );
      let offset = 0;
      if (input.NextToken) {
        const decoded = decodeToken(input.NextToken, document.name);
        if (decoded === null)
          throw new AwsError('InvalidNextToken', 'The specified token is not valid.', 400);
        offset = decoded;
      }
      const versions = [...document.versions].reverse();
      const page = versions.slice(offset, offset + size);
      return {
        DocumentVersions: page.map((entry) => ({
          Name: document.name,
          DocumentVersion: entry.version,
          VersionName: entry.versionName,
          CreatedDate: entry.createdDate,
          IsDefaultVersion: entry.version === document.defaultVersion,
          DocumentFormat: entry.format,
          Status: 'Active',
        })),
        NextToken:
          offset + page.length < versions.length
            ? encodeToken(offset + page.length, document.name)
            : undefined,
      };
    },
  };

  return {
    handlers,

    commandFor(ctx, name, version, given) {
      const document = region(ctx).documents.get(name);
      if (!document) return null;
      if (version !== undefined && !/^([$]DEFAULT|[$]LATEST|[1-9][0-9]*)$/.test(version))
        throw new AwsError(
          'InvalidDocumentVersion',
          `Document ${name} does not have version ${version}.`,
          400,
        );
      const entry = versionOf(document, { version });
      const body = entry.parsed as DocumentBody;
      const specs = body.parameters ?? {};
      const values: Record<string, string> = {};
      for (const key of Object.keys(given)) {
        if (!(key in specs))
          throw new AwsError(
            'InvalidParameters',
            `Parameter "${key}" is not defined in document ${name}.`,
            400,
          );
      }
      for (const [key, spec] of Object.entries(specs)) {
        const list = given[key];
        let value: string;
        if (list === undefined) {
          if (spec.default === undefined)
            throw new AwsError('InvalidParameters', `Parameter "${key}" is required.`, 400);
          value = String(spec.default);
        } else {
          if (spec.type === 'String' && list.length !== 1)
            throw new AwsError('InvalidParameters', `Parameter "${key}" takes one value.`, 400);
          value = list.join(spec.type === 'StringList' ? '\n' : '');
        }
        if (spec.allowedValues && !spec.allowedValues.includes(value))
          throw new AwsError(
            'InvalidParameters',
            `Parameter "${key}" is not one of its allowed values.`,
            400,
          );
        if (spec.allowedPattern !== undefined && !matchesAllowedPattern(spec.allowedPattern, value))
          throw new AwsError(
            'InvalidParameters',
            `Parameter "${key}" "${value.slice(0, 80)}" failed to satisfy constraint: Member must satisfy regular expression pattern: ${spec.allowedPattern}`,
            400,
          );
        values[key] = value;
      }
      const substitute = (text: string): string =>
        text.replace(REFERENCE_RE, (_, key: string) => values[key] ?? '');
      const step = body.mainSteps?.[0] as DocumentStep;
      const commands = (step.inputs?.runCommand as string[]).map(substitute);
      const timeout = step.inputs?.timeoutSeconds;
      const seconds = timeout === undefined ? 3600 : Number(substitute(String(timeout)));
      if (!Number.isInteger(seconds) || seconds < 1)
        throw new AwsError(
          'InvalidParameters',
          `timeoutSeconds "${String(timeout)}" is not a number of seconds.`,
          400,
        );
      return {
        // As requested (AWS reports $DEFAULT when no version was named).
        documentVersion: version ?? '$DEFAULT',
        plugin: step.name ?? 'aws:runShellScript',
        platform: PLUGINS[step.action ?? ''] ?? 'linux',
        script: commands.join('\n'),
        executionTimeoutSeconds: seconds,
      };
    },

    authorizeSendCommand(ctx, documentName, instanceIds) {
      const policy = state.sendCommandPolicy;
      if (!policy) return;
      const who = ctx.identity;
      if (policy.accessKeyIds && !(who && policy.accessKeyIds.includes(who.accessKeyId))) return;
      const deny = (resource: string): AwsError =>
        new AwsError(
          'AccessDeniedException',
          `User: ${who?.arn ?? 'anonymous'} is not authorized to perform: ssm:SendCommand on resource: ${resource} because no identity-based policy allows the ssm:SendCommand action`,
          400,
        );
      if (policy.documents) {
        const allowed = policy.documents.some((pattern) =>
          pattern.endsWith('*')
            ? documentName.startsWith(pattern.slice(0, -1))
            : documentName === pattern,
        );
        if (!allowed) {
          const owner = region(ctx).documents.has(documentName) ? state.accountId : '';
          throw deny(`arn:aws:ssm:${ctx.region}:${owner}:document/${documentName}`);
        }
      }
      const tag = policy.instanceTag;
      if (!tag) return;
      for (const id of instanceIds) {
        const instance = region(ctx).instances.get(id);
        if (instance?.tags[tag.key] !== tag.value)
          throw deny(`arn:aws:ec2:${ctx.region}:${state.accountId}:instance/${id}`);
      }
    },
  };
}
