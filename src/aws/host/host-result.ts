/**
 * Reads what the host script (host-script.sh) printed. The script ends with
 * exactly one line
 *   EC2KR-RESULT v=2 phase=revoke status=ok files=2 old=2 new=2 added=0 removed=2 kept=0 ignored=0
 * after at most eight `EC2KR-FILE reason=… user=… path=…` lines and four
 * `EC2KR-NOTE …` lines. Run Command's output may add stderr under
 * `----------ERROR-------` and cut everything to 2,500 characters; a missing
 * or malformed result line is a failure, never a success. Every text here is
 * host output: it is shortened and never trusted to be well-formed.
 */
import type { HostPhase } from './host-script.js';

export type HostStatus = 'ok' | 'incomplete' | 'failed';

export interface HostResult {
  /** The phase the script reported; null when no result line was read. */
  phase: HostPhase | null;
  /** ok; incomplete (some file keeps an old key or could not be checked); failed (the script could not run). */
  status: HostStatus;
  /** Files looked at (held the old or new key, an extra user's, or unreadable). */
  files: number;
  /** Files sshd reads that held an old key when the phase began. */
  old: number;
  /** Files sshd reads that hold the verified new key at the end (verify, revoke). */
  new: number;
  /** Lines added (add). */
  added: number;
  /** Lines removed (revoke). */
  removed: number;
  /** Files sshd reads that still hold an old key or could not be checked. */
  kept: number;
  /** Files sshd ignores (StrictModes) that still hold an old key. */
  ignored: number;
  /** probe: the key types sshd accepts for every account concerned. */
  accepts: string[] | null;
  /** Why files failed, and notes worth reporting; short, no key material. */
  messages: string[];
}

const ERROR_HEADER = '----------ERROR-------';
const TRUNCATED = '---Output truncated---';
const PHASES = new Set<string>(['probe', 'add', 'verify', 'revoke', 'keyless', 'inventory']);
const STATUSES = new Set<string>(['ok', 'incomplete', 'failed']);
const COUNTS = ['files', 'old', 'new', 'added', 'removed', 'kept', 'ignored'] as const;

const REASONS: Record<string, string> = {
  'no-new-key': 'the new key is not in the file (the old key, if any, was kept)',
  'options-missing':
    'an old-key line has options that no new-key line carries (the old key was kept)',
  'type-refused':
    "sshd does not accept the new key's type for this user (PubkeyAcceptedAlgorithms); the old key was kept",
  'keygen-rejects': '`ssh-keygen -l` does not find the new key in the file (the old key was kept)',
  'unsafe-file':
    'the file is group/world-writable or not owned by the user or root, so sshd ignores it (StrictModes)',
  'unsafe-dir':
    'is group/world-writable or not owned by the user or root, so sshd ignores the file (StrictModes)',
  'link-leaves-home':
    "a link in the user's home leads out of it: refused (root never writes through a user's link)",
  'dangling-link': 'the file is a link to nothing: refused (never created through a link)',
  'foreign-owner':
    'a directory on its path belongs to neither the user nor root: refused (never written)',
  'unsafe-path':
    'a directory on its path is not root-only (owned by root, not group/other-writable): refused',
  'not-regular': 'not a regular file (sshd reads only regular files): refused',
  'quoted-authorized-keys-file':
    'an AuthorizedKeysFile path holds a blank, which `sshd -T` cannot show unambiguously: the files it names were not checked',
  'unusable-home': 'the home directory path holds a tab: its files were not checked',
  write: 'the file could not be written as its user (the old key, if any, was kept)',
  moved: 'the directory changed while the file was written: refused',
  'no-dir': 'its directory does not exist',
  gone: 'the file disappeared',
  stat: 'the file could not be examined',
  unreadable:
    'the file cannot be read as its user: it was not checked (the host is incomplete until it is)',
  'stat-failed': 'the modes of the file or its directories could not be read',
  'bad-pattern': 'AuthorizedKeysFile has a % token the script does not know',
  'sshd-config': '`sshd -t` rejects the sshd configuration: nothing was removed',
  'has-keys': 'holds SSH keys that sshd accepts for this user (inventory)',
  'authorized-keys-command':
    'sshd also takes keys from this AuthorizedKeysCommand, which the script cannot change',
};

const ERRORS: Record<string, string> = {
  'bad-phase': 'the script was given an unknown phase',
  'bad-parameters':
    'the SSM document received malformed parameters (a line break in a value): nothing was read or changed',
  'no-new-key': 'the script was given no new key',
  mktemp: 'mktemp failed (no writable temp directory?)',
  'no-passwd': 'cannot read the account list (getent passwd, /etc/passwd)',
  classes: 'awk could not evaluate the Match blocks',
  candidates: 'awk could not list the authorized_keys files',
  'no-sshd':
    'sshd not found: which files sshd reads and which key types it accepts cannot be checked',
  'sshd-T-failed': '`sshd -T` failed: sshd’s configuration cannot be evaluated',
  'not-root': 'the script did not run as root',
  'unsafe-run-dir': '/run is not root-only: no lock could be taken safely',
  lock: 'the lock file /run/ec2-key-rotate.lock could not be opened',
  locked: 'another ec2-key-rotate script held the lock on this host for 5 minutes',
  'missing-setpriv':
    'no way to read files as their users (chroot --userspec, setpriv or runuser): nothing was checked',
};

/** Host text made safe to show: printable, one line, short. */
function clean(text: string, max = 200): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}

/** The `key=value` fields of a result line (the host script's and the audit's). */
export function fields(line: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const token of line.split(/\s+/)) {
    const at = token.indexOf('=');
    if (at > 0) map.set(token.slice(0, at), token.slice(at + 1));
  }
  return map;
}

function describeReason(reason: string): string {
  if (reason.startsWith('ignored-')) {
    return `sshd ignores this file, which still holds the old key (${describeReason(reason.slice('ignored-'.length))})`;
  }
  if (reason.startsWith('unsafe-dir:'))
    return `directory ${reason.slice('unsafe-dir:'.length)} ${REASONS['unsafe-dir']}`;
  return REASONS[reason] ?? reason;
}

function describeFile(line: string): string {
  const path = /\spath=(.*)$/.exec(line)?.[1] ?? '?';
  const head = fields(line.slice(0, line.length - path.length));
  const reason = head.get('reason') ?? 'failed';
  const user = head.get('user');
  const who = user && user !== 'root' && path !== '-' ? ` (${user})` : '';
  return clean(`${path}${who}: ${describeReason(reason)}`, 400);
}

function describeNote(note: string): string {
  if (note.startsWith('no-such-user=')) {
    return clean(
      `no such user on this host: ${note.slice('no-such-user='.length).split(',').join(', ')}`,
    );
  }
  if (note.startsWith('unenumerated-homes=')) {
    return `${note.slice('unenumerated-homes='.length)} home director(y/ies) belong to accounts that getent cannot name: their keys were not checked`;
  }
  if (note === 'ec2-instance-connect') {
    return 'sshd also takes keys from EC2 Instance Connect (pushed through its API, valid 60 seconds); those are not the leaked key';
  }
  if (note === 'trusted-user-ca-keys') {
    return 'sshd also trusts certificates signed by TrustedUserCAKeys; a certificate for the leaked key stays valid until it expires';
  }
  return clean(note);
}

function count(map: Map<string, string>, key: string): number | null {
  const value = map.get(key);
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function failure(message: string, phase: HostPhase | null = null): HostResult {
  return {
    phase,
    status: 'failed',
    files: 0,
    old: 0,
    new: 0,
    added: 0,
    removed: 0,
    kept: 0,
    ignored: 0,
    accepts: null,
    messages: [message],
  };
}

/** Parses the script's output (stdout, or Run Command's combined output) and exit code. */
export function parseHostResult(stdout: string, exitCode: number): HostResult {
  const errorAt = stdout.indexOf(ERROR_HEADER);
  const out = errorAt >= 0 ? stdout.slice(0, errorAt) : stdout;
  const err = errorAt >= 0 ? stdout.slice(errorAt + ERROR_HEADER.length) : '';
  const lines = out.split('\n').map((line) => line.replace(/\r$/, ''));
  const resultLine = lines.filter((line) => line.startsWith('EC2KR-RESULT ')).pop();
  if (!resultLine) {
    const truncated = stdout.includes(TRUNCATED);
    const firstError = clean(err.trim().split('\n')[0]?.trim() ?? '');
    return failure(
      `${truncated ? 'output truncated before the result line' : 'the script printed no result line'} (exit ${exitCode})` +
        (firstError ? `: ${firstError}` : ''),
    );
  }
  const map = fields(resultLine);
  const phaseField = map.get('phase') ?? '';
  const phase = PHASES.has(phaseField) ? (phaseField as HostPhase) : null;
  const status = map.get('status') ?? '';
  const numbers = COUNTS.map((key) => count(map, key));
  if (map.get('v') !== '2' || !phase || !STATUSES.has(status) || numbers.includes(null)) {
    return failure(`malformed result line (exit ${exitCode}): ${clean(resultLine)}`, phase);
  }
  const [files, old, fresh, added, removed, kept, ignored] = numbers as number[];
  const accepts = map.get('accepts');
  const result: HostResult = {
    phase,
    status: status as HostStatus,
    files: files as number,
    old: old as number,
    new: fresh as number,
    added: added as number,
    removed: removed as number,
    kept: kept as number,
    ignored: ignored as number,
    accepts:
      accepts === undefined
        ? null
        : accepts === 'none'
          ? []
          : accepts.split(',').filter((type) => /^[a-z0-9@.-]{1,64}$/.test(type)),
    messages: [],
  };
  const error = map.get('error');
  if (error)
    result.messages.push(
      `script error: ${ERRORS[error] ?? clean(error.replace(/^missing-/, 'missing tool: '))}`,
    );
  const fileLines = lines.filter((line) => line.startsWith('EC2KR-FILE '));
  result.messages.push(...fileLines.map(describeFile));
  const problems = result.kept + result.ignored;
  if (problems > fileLines.length && fileLines.length > 0) {
    result.messages.push(`and ${problems - fileLines.length} more file(s)`);
  }
  result.messages.push(
    ...lines
      .filter((line) => line.startsWith('EC2KR-NOTE '))
      .map((line) => describeNote(line.slice(11).trim())),
  );
  const expected = { ok: 0, incomplete: 1, failed: 2 }[result.status];
  if (exitCode !== expected) {
    result.messages.unshift(`the script reported ${result.status} but exited ${exitCode}`);
    result.status = 'failed';
  } else if (result.status !== 'ok' && result.messages.length === 0) {
    result.messages.push(`the script reported ${result.status} (exit ${exitCode})`);
  }
  return result;
}
