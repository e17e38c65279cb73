/**
 * The host script as the project's own SSM Command document
 * (`ec2-key-rotate-host`): what the least-privilege role may run, instead of
 * AWS-RunShellScript (which lets its holder run any command as root).
 *
 * An administrator installs the document once per account and region
 * (`ec2-key-rotate install-document`, or docs/ssm-document.cfn.yaml); each
 * run checks that the installed document is this release's, and sends it
 * with the version it checked.
 *
 * Parameters reach the shell as data. SSM pastes each `{{ name }}` into the
 * script text, so the document never puts one where the shell reads code:
 * each is a line of one quoted here-document, after a `=`. In a quoted
 * here-document the shell expands nothing (`$`, backquotes and backslashes
 * are plain characters), and only a line reading exactly `EC2KR'PARAMETERS`
 * ends it, which a line starting with `=` never is: a value could end it
 * only by holding a line break, then that line, quote included. Every
 * parameter's allowedPattern refuses line breaks and quotes (and braces:
 * SSM would resolve `{{ssm:…}}` in a value), the tool sends only values its
 * own checks passed, and the script counts its parameter lines, so a value
 * with a line break (Java's `$` lets one trailing line break through a
 * pattern) fails the run before anything is read.
 */
import { createHash } from 'node:crypto';
import {
  GetDocumentCommand,
  type GetDocumentCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { awsErrorMessage, awsErrorName, AwsSetupError } from '../errors.js';
import {
  buildHostScript,
  compactAudit,
  compactBody,
  hostValues,
  type HostScriptParams,
  type ScriptPhase,
} from './host-script.js';

/** The document's name in every account and region. */
export const DOCUMENT_NAME = 'ec2-key-rotate-host';

/** The line that ends the parameters' here-document (it holds a quote, which no value may). */
export const PARAMETERS_END = "EC2KR'PARAMETERS";

/** Characters kept in the new key line's comment (others become `_`): no quotes, braces or line breaks. */
const COMMENT_CHARS = /[^A-Za-z0-9 @._+=:,/-]/g;

const BLOB = '[A-Za-z0-9+/=]{1,4000}';
const USER = '[A-Za-z_][A-Za-z0-9_.-]{0,31}[$]?';

/** The document's parameters: each value is checked by SSM before a command is sent. */
export const DOCUMENT_PARAMETERS = {
  phase: {
    type: 'String',
    description:
      'probe (read-only), add, verify, revoke, keyless (remove the old key, add none), inventory (read-only: which default users still have keys), or audit (read-only: did the old key log in).',
    allowedValues: ['probe', 'add', 'verify', 'revoke', 'keyless', 'inventory', 'audit'],
  },
  oldKeyBlobs: {
    type: 'String',
    description:
      'Base64 blobs of the keys to replace, separated by spaces (empty when users get a key and none is replaced).',
    allowedPattern: `^$|^${BLOB}( ${BLOB}){0,31}$`,
  },
  newKeyLine: {
    type: 'String',
    description:
      "The new key's authorized_keys line: type, base64 blob, comment (empty for probe).",
    default: '',
    allowedPattern: `^$|^(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]{1,64} [A-Za-z0-9+/]{1,4000}={0,3}( [A-Za-z0-9 @._+=:,/-]{0,200})?$`,
  },
  newKeyFingerprint: {
    type: 'String',
    description: "The new key's SHA256 fingerprint, as ssh-keygen -l prints it (empty for probe).",
    default: '',
    allowedPattern: '^$|^SHA256:[A-Za-z0-9+/]{43}$',
  },
  users: {
    type: 'String',
    description:
      'Users who get the new key even where the old key is not found, separated by spaces.',
    default: '',
    allowedPattern: `^$|^${USER}( ${USER}){0,63}$`,
  },
  since: {
    type: 'String',
    description: 'audit: Unix time of the leak, in seconds (empty: unknown).',
    default: '',
    allowedPattern: '^$|^[0-9]{1,11}$',
  },
  executionTimeout: {
    type: 'String',
    description: 'Seconds the script may run.',
    default: '600',
    allowedPattern: '^[1-9][0-9]{0,4}$',
  },
} as const;

export type DocumentParameterName = keyof typeof DOCUMENT_PARAMETERS;

/**
 * The lines before the script body: read the parameters from the quoted
 * here-document, refuse any count of lines but the expected one, and derive
 * the new key's type and blob from its line.
 */
function prelude(): string[] {
  return [
    '#!/bin/sh',
    `# ec2-key-rotate host script (SSM document ${DOCUMENT_NAME}). The parameters are`,
    '# lines of a quoted here-document, each after a "=": data the shell never',
    '# expands or runs, and no value line can be the line that ends it.',
    'EC2KR_N=0',
    'EC2KR_BAD=',
    'while IFS= read -r EC2KR_L; do',
    'EC2KR_N=$((EC2KR_N + 1))',
    'case $EC2KR_L in =*) EC2KR_L=${EC2KR_L#=} ;; *) EC2KR_BAD=1 ;; esac',
    'case $EC2KR_N in',
    '1) EC2KR_PHASE=$EC2KR_L ;;',
    '2) EC2KR_OLD_BLOBS=$EC2KR_L ;;',
    '3) EC2KR_NEW_LINE=$EC2KR_L ;;',
    '4) EC2KR_NEW_FP=$EC2KR_L ;;',
    '5) EC2KR_EXTRA_USERS=$EC2KR_L ;;',
    '6) EC2KR_SINCE=$EC2KR_L ;;',
    '7) [ "$EC2KR_L" = EC2KR-END ] || EC2KR_BAD=1 ;;',
    '*) EC2KR_BAD=1 ;;',
    'esac',
    `done <<${PARAMETERS_END.replace("'", `"'"`)}`,
    '={{ phase }}',
    '={{ oldKeyBlobs }}',
    '={{ newKeyLine }}',
    '={{ newKeyFingerprint }}',
    '={{ users }}',
    '={{ since }}',
    '=EC2KR-END',
    PARAMETERS_END,
    'if [ "$EC2KR_N" != 7 ] || [ -n "$EC2KR_BAD" ]; then',
    'case $EC2KR_PHASE in probe | add | verify | revoke | keyless | inventory | audit) ;; *) EC2KR_PHASE=unknown ;; esac',
    'printf \'EC2KR-RESULT v=2 phase=%s status=failed files=0 old=0 new=0 added=0 removed=0 kept=0 ignored=0 error=bad-parameters\\n\' "$EC2KR_PHASE"',
    'exit 2',
    'fi',
    'set -f',
    'EC2KR_NEW_TYPE=',
    'EC2KR_NEW_BLOB=',
    'if [ -n "$EC2KR_NEW_LINE" ]; then',
    'set -- $EC2KR_NEW_LINE',
    'EC2KR_NEW_TYPE=$1',
    'EC2KR_NEW_BLOB=${2:-}',
    'set --',
    'fi',
    'unset EC2KR_N EC2KR_L EC2KR_BAD',
  ];
}

/** The document, as an object (CloudFormation's `Content`). */
export function documentObject(): Record<string, unknown> {
  return {
    schemaVersion: '2.2',
    description:
      'ec2-key-rotate host script: probe, add, verify or revoke an SSH public key in the authorized_keys files sshd reads, remove it without a replacement (keyless), list the keys default users still have, or audit whether it logged in. Installed by an administrator (ec2-key-rotate install-document); do not edit.',
    parameters: DOCUMENT_PARAMETERS,
    mainSteps: [
      {
        action: 'aws:runShellScript',
        name: 'rotateAuthorizedKeys',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: {
          timeoutSeconds: '{{ executionTimeout }}',
          runCommand: [
            ...prelude(),
            ...`${compactAudit()}${compactBody()}`.replace(/\n$/, '').split('\n'),
          ],
        },
      },
    ],
  };
}

/** JSON with keys sorted, so two spellings of one document compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

let content: string | null = null;

/** The document content CreateDocument/UpdateDocument take (JSON). */
export function documentContent(): string {
  content ??= JSON.stringify(documentObject());
  return content;
}

/** SHA-256 of the document (canonical JSON), hex: what identifies this release's host script. */
export function documentHash(): string {
  return createHash('sha256').update(canonical(documentObject())).digest('hex');
}

/** The document's name. */
export function documentName(): string {
  return DOCUMENT_NAME;
}

/** The VersionName this release installs: `sha256-` and the first 20 hex digits of the hash. */
export function documentVersionName(): string {
  return `sha256-${documentHash().slice(0, 20)}`;
}

/** Whether a document's content (JSON, as GetDocument returns it) is this release's document. */
export function isThisDocument(installed: string | undefined): boolean {
  if (!installed) return false;
  try {
    return canonical(JSON.parse(installed)) === canonical(documentObject());
  } catch {
    return false;
  }
}

/** One phase of the host script in both forms Run Command takes. */
export interface HostCommand {
  phase: ScriptPhase;
  /** The whole script, for AWS-RunShellScript's `commands`. */
  script: string;
  /** The project document's parameters (without executionTimeout). */
  parameters: Record<Exclude<DocumentParameterName, 'executionTimeout'>, [string]>;
}

/**
 * One phase's command: validated once (throws like buildHostScript), then
 * given as a whole script and as the document's parameters.
 */
export function hostCommand(params: HostScriptParams): HostCommand {
  const values = hostValues(params);
  const line = values.newKey
    ? values.newKey.line
        .split(' ')
        .map((word, index) => (index < 2 ? word : word.replace(COMMENT_CHARS, '_')))
        .join(' ')
    : '';
  const parameters: HostCommand['parameters'] = {
    phase: [values.phase],
    oldKeyBlobs: [values.oldBlobs.join(' ')],
    newKeyLine: [line],
    newKeyFingerprint: [values.newKey?.fingerprint ?? ''],
    users: [values.users.join(' ')],
    since: [values.since === null ? '' : String(values.since)],
  };
  // What SSM would refuse for every batch is refused here, once, by name.
  for (const [name, [value]] of Object.entries(parameters)) {
    const spec: { allowedPattern?: string; allowedValues?: readonly string[] } =
      DOCUMENT_PARAMETERS[name as DocumentParameterName];
    if (
      (spec.allowedPattern && !new RegExp(spec.allowedPattern).test(value)) ||
      (spec.allowedValues && !spec.allowedValues.includes(value))
    )
      throw new Error(`the ${name} parameter of the SSM document does not admit this value`);
  }
  return { phase: values.phase, script: buildHostScript(params), parameters };
}

/** The instructions every document error ends with. */
export function installAdvice(region: string): string {
  return (
    `an administrator installs or updates it once per account and region: \`ec2-key-rotate install-document --region ${region}\` ` +
    `with administrator credentials, or the CloudFormation stack from docs/ssm-document.cfn.yaml of this release ` +
    `(or opt in to the wider AWS-RunShellScript grant with ssm-document: AWS-RunShellScript)`
  );
}

/** The document is missing, unreadable or not this release's. */
export class DocumentError extends AwsSetupError {
  override name = 'DocumentError';
}

export interface InstalledDocument {
  name: string;
  /** The version whose content is this release's document (sent with every command). */
  version: string;
}

async function getDocument(ssm: SSMClient, version?: string): Promise<GetDocumentCommandOutput> {
  return ssm.send(
    new GetDocumentCommand({
      Name: DOCUMENT_NAME,
      DocumentFormat: 'JSON',
      ...(version ? { DocumentVersion: version } : {}),
    }),
  );
}

/**
 * Finds the installed version of the document that is this release's: the
 * default version, else the latest (a stack update that added a version
 * without making it the default). Throws a DocumentError that says how to
 * install or update it.
 */
export async function checkInstalledDocument(
  ssm: SSMClient,
  region: string,
): Promise<InstalledDocument> {
  let current: GetDocumentCommandOutput;
  try {
    current = await getDocument(ssm);
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'InvalidDocument') {
      throw new DocumentError(
        `the SSM document ${DOCUMENT_NAME} is not installed in ${region}: ${installAdvice(region)}`,
      );
    }
    if (/AccessDenied/.test(name)) {
      throw new DocumentError(
        `cannot read the SSM document ${DOCUMENT_NAME} in ${region} (${awsErrorMessage(error)}): the role needs ssm:GetDocument on it (docs/iam/permissions-policy.json)`,
      );
    }
    throw error;
  }
  if (isThisDocument(current.Content))
    return { name: DOCUMENT_NAME, version: current.DocumentVersion ?? '$DEFAULT' };
  const latest = await getDocument(ssm, '$LATEST');
  if (latest.DocumentVersion !== current.DocumentVersion && isThisDocument(latest.Content))
    return { name: DOCUMENT_NAME, version: latest.DocumentVersion ?? '$LATEST' };
  const installed = current.VersionName ? ` "${current.VersionName}"` : '';
  throw new DocumentError(
    `the SSM document ${DOCUMENT_NAME} in ${region} (version ${current.DocumentVersion ?? '?'}${installed}) ` +
      `is not this release's host script (${documentVersionName()}): ${installAdvice(region)}`,
  );
}
