/**
 * The shell script that Run Command (the project's SSM document, see
 * document.ts, or AWS-RunShellScript; root, /bin/sh) runs on each Linux
 * instance, one phase at a time:
 *
 * - `probe` (read-only): the key types sshd accepts for every account that
 *   holds an old key, so the new key is one no host refuses.
 * - `add`: wherever a file sshd reads for a user holds an old key (matched on
 *   the base64 blob, not the comment), add the new key with the old line's
 *   options; give `extraUsers` the key too.
 * - `verify`: each such file holds the new key with those options, sshd
 *   accepts its type for that user, and `ssh-keygen -l` reads it.
 * - `revoke`: per file, remove the old key where the new one is verified.
 * - `keyless`: remove the old key from every file sshd reads, with no new
 *   key (Session Manager is the way in; only sent to SSM-online instances).
 * - `inventory` (read-only): which files sshd reads for `extraUsers` (the
 *   AMIs' default users) still hold any key, for the keyless report.
 * - `audit` (read-only): did the old key log in, from where, is a session
 *   still open (audit.sh, put before the script for this phase only).
 *
 * What the script guarantees (links, privileges, lockout, fail closed) is
 * written at the top of host-script.sh, its one source: ncc copies it next
 * to the bundle, and tests read the same file. This module validates the
 * inputs and puts them in front of it as shell variables.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type HostPhase = 'probe' | 'add' | 'verify' | 'revoke' | 'keyless' | 'inventory';
/** Every phase the script runs: the rotation's, and the read-only audit. */
export type ScriptPhase = HostPhase | 'audit';

export interface HostScriptParams {
  phase: ScriptPhase;
  /** Base64 blobs of the leaked key(s). */
  oldKeyBlobs: string[];
  /** The new key's authorized_keys line: `type blob [comment]` (not used by probe). */
  newKeyLine: string | null;
  /** Users who get the new key even where the old one is not found. */
  extraUsers: string[];
  /** audit: Unix time (seconds) of the leak; logins are counted before and since. */
  since?: number | null;
}

const PHASES: readonly ScriptPhase[] = [
  'probe',
  'add',
  'verify',
  'revoke',
  'keyless',
  'inventory',
  'audit',
];
/** Phases that need no new key (probe may be given one). */
const NO_NEW_KEY: readonly ScriptPhase[] = ['probe', 'keyless', 'inventory', 'audit'];
/**
 * Phases that may run without an old key: giving `extraUsers` a key (a
 * recovery, which replaces no key) and the inventory, which looks for any key.
 */
const OLD_KEY_OPTIONAL: readonly ScriptPhase[] = ['probe', 'add', 'verify', 'inventory'];
const BLOB = /^[A-Za-z0-9+/]+={0,3}$/;
const KEY_TYPE = /^(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+$/;
/** User names the script accepts (validated up front by src/validate.ts too). */
export const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/;

/** A shell word in single quotes. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `SHA256:…` of a base64 key blob, as ssh-keygen -l prints it. */
export function blobFingerprint(blob: string): string {
  const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The new key line split and checked: printable ASCII, a key type, its blob, a comment. */
function parseNewKeyLine(newKeyLine: string): { type: string; blob: string; line: string } {
  const line = newKeyLine.trim();
  // Printable ASCII and spaces only: no newlines, no control characters.
  if (!/^[\x20-\x7e]+$/.test(line))
    throw new Error('the new key line must be one line of printable ASCII');
  const [type = '', blob = '', ...comment] = line.split(/\s+/);
  if (!KEY_TYPE.test(type) || !BLOB.test(blob)) {
    throw new Error('the new key line must start with a key type and its base64 blob (no options)');
  }
  return { type, blob, line: [type, blob, ...comment].join(' ') };
}

/** The inputs of one phase, checked and normalised: what the script's variables hold. */
export interface HostValues {
  phase: ScriptPhase;
  /** Distinct old key blobs, space-separated in the script. */
  oldBlobs: string[];
  /** The new key (null for probe), its line as `type blob [comment]`. */
  newKey: { type: string; blob: string; line: string; fingerprint: string } | null;
  users: string[];
  /** audit: the leak's Unix time, or null. */
  since: number | null;
}

/** Checks a phase's inputs. Throws on inputs the script could misread. */
export function hostValues(params: HostScriptParams): HostValues {
  const { phase } = params;
  if (!PHASES.includes(phase)) throw new Error(`unknown host script phase: ${String(phase)}`);
  const oldBlobs = [...new Set(params.oldKeyBlobs.map((blob) => blob.trim()).filter(Boolean))];
  const users = [...new Set(params.extraUsers.map((user) => user.trim()).filter(Boolean))];
  if (!oldBlobs.length && !(users.length && OLD_KEY_OPTIONAL.includes(phase)))
    throw new Error('no old key blob');
  for (const blob of oldBlobs) {
    if (!BLOB.test(blob)) throw new Error('an old key blob is not base64');
  }
  let newKey: HostValues['newKey'] = null;
  if (params.newKeyLine !== null) {
    const parsed = parseNewKeyLine(params.newKeyLine);
    newKey = { ...parsed, fingerprint: blobFingerprint(parsed.blob) };
  } else if (!NO_NEW_KEY.includes(phase)) throw new Error(`the ${phase} phase needs the new key`);
  if (newKey && phase !== 'probe' && NO_NEW_KEY.includes(phase))
    throw new Error(`the ${phase} phase takes no new key`);
  if (newKey && oldBlobs.includes(newKey.blob))
    throw new Error('the new key is one of the old keys');
  for (const user of users) {
    if (!USER.test(user)) throw new Error(`not a valid user name: ${user}`);
  }
  const since = params.since ?? null;
  if (since !== null && (!Number.isSafeInteger(since) || since < 0 || since > 99_999_999_999))
    throw new Error('since must be a Unix time in whole seconds');
  return { phase, oldBlobs, newKey, users, since };
}

/** The script for one phase. Throws on inputs the script could misread. */
export function buildHostScript(params: HostScriptParams): string {
  const { phase, oldBlobs, newKey, users, since } = hostValues(params);
  const header = [
    '#!/bin/sh',
    `# ec2-key-rotate host script, phase ${phase}`,
    `EC2KR_PHASE=${phase}`,
    `EC2KR_OLD_BLOBS=${quote(oldBlobs.join(' '))}`,
    `EC2KR_NEW_LINE=${quote(newKey?.line ?? '')}`,
    `EC2KR_NEW_BLOB=${quote(newKey?.blob ?? '')}`,
    `EC2KR_NEW_TYPE=${quote(newKey?.type ?? '')}`,
    `EC2KR_NEW_FP=${quote(newKey?.fingerprint ?? '')}`,
    `EC2KR_EXTRA_USERS=${quote(users.join(' '))}`,
    `EC2KR_SINCE=${quote(since === null ? '' : String(since))}`,
  ];
  return `${header.join('\n')}\n${phase === 'audit' ? compactAudit() : ''}${compactBody()}`;
}

let body: string | null = null;

/** host-script.sh as written (ncc relocates the file next to the bundle). */
export function hostScriptBody(): string {
  body ??= readFileSync(new URL('./host-script.sh', import.meta.url), 'utf8');
  return body;
}

let compact: string | null = null;

/** A script without comment lines, blank lines and indentation. */
function compacted(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^[ \t]+/, ''))
    .filter((line) => line !== '' && !line.startsWith('#'))
    .join('\n')
    .concat('\n');
}

let audit: string | null = null;

/** audit.sh as written (relocated next to the bundle like host-script.sh). */
export function auditScriptBody(): string {
  audit ??= readFileSync(new URL('./audit.sh', import.meta.url), 'utf8');
  return audit;
}

let compactAuditText: string | null = null;

/** audit.sh compacted: the ec2kr_audit function that host-script.sh calls in the audit phase. */
export function compactAudit(): string {
  compactAuditText ??= compacted(auditScriptBody());
  return compactAuditText;
}

/**
 * The body without comment lines, blank lines and indentation: SendCommand
 * carries every phase's script in its parameters, so bytes count. No line of
 * the script (awk and sh heredocs included) depends on either.
 */
export function compactBody(): string {
  compact ??= compacted(hostScriptBody());
  return compact;
}
