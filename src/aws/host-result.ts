/**
 * Reads what the host script (host-script.sh) printed. The script ends with
 * exactly one line
 *   EC2KR-RESULT v=1 phase=add status=ok files=2 added=2 removed=0 failed=0
 * after at most six `EC2KR-FILE reason=… user=… path=…` lines (failed files)
 * and two `EC2KR-NOTE …` lines. Run Command's output may add stderr under
 * `----------ERROR-------` and cut everything to 2,500 characters; a missing
 * or malformed result line is a failure, never a success.
 */
import type { HostPhase } from './host-script.js';

export interface HostResult {
  /** The phase the script reported; null when no result line was read. */
  phase: HostPhase | null;
  status: 'ok' | 'failed';
  /** authorized_keys files the phase looked at (held the old or new key, or an extra user's). */
  files: number;
  /** Lines added (add). */
  added: number;
  /** Lines removed (revoke). */
  removed: number;
  /** Files (or checks) that failed. */
  failed: number;
  /** Why it failed, and notes worth reporting; short, no key material. */
  messages: string[];
}

const ERROR_HEADER = '----------ERROR-------';
const TRUNCATED = '---Output truncated---';
const PHASES = new Set<string>(['add', 'verify', 'revoke']);

const REASONS: Record<string, string> = {
  'no-new-key': 'the new key is not in the file (the old key, if any, was kept)',
  'options-missing':
    'an old-key line has options that no new-key line carries (the old key was kept)',
  'unsafe-file':
    'the file is group/world-writable or not owned by the user or root, so sshd ignores it (StrictModes)',
  'unsafe-dir':
    'is group/world-writable or not owned by the user or root, so sshd ignores the file (StrictModes)',
  write: 'the file could not be written',
  unreadable: 'the file could not be read',
  'no-home': 'the home directory does not exist',
  'no-such-user': 'no such user',
  'not-a-file': 'not a regular file',
  'stat-failed': 'the modes of the file or its directories could not be read',
  'bad-pattern': 'AuthorizedKeysFile has a % token the script does not know',
  'sshd-config': '`sshd -t` rejects the sshd configuration',
};

const ERRORS: Record<string, string> = {
  'bad-phase': 'the script was given an unknown phase',
  'no-new-key': 'the script was given no new key',
  mktemp: 'mktemp failed (no writable temp directory?)',
  'no-passwd': 'cannot read the account list (getent passwd, /etc/passwd)',
  scan: 'awk could not scan the authorized_keys files',
};

function fields(line: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const token of line.split(/\s+/)) {
    const at = token.indexOf('=');
    if (at > 0) map.set(token.slice(0, at), token.slice(at + 1));
  }
  return map;
}

function describeFile(line: string): string {
  const path = /\spath=(.*)$/.exec(line)?.[1] ?? '?';
  const head = fields(line.slice(0, line.length - path.length));
  const reason = head.get('reason') ?? 'failed';
  const user = head.get('user');
  const who = user && user !== 'root' && path !== '-' ? ` (${user})` : '';
  const target = path === '-' ? `user ${user ?? '?'}` : `${path}${who}`;
  if (reason.startsWith('unsafe-dir:'))
    return `${target}: directory ${reason.slice('unsafe-dir:'.length)} ${REASONS['unsafe-dir']}`;
  return `${target}: ${REASONS[reason] ?? reason}`;
}

function describeNote(note: string): string {
  if (note.startsWith('authorized-keys-command=')) {
    return `sshd also takes keys from AuthorizedKeysCommand ${note.slice('authorized-keys-command='.length)} (e.g. EC2 Instance Connect); those keys are not in any file and were not changed`;
  }
  if (note === 'no-sshd') {
    return 'sshd not found: its configuration was not checked; AuthorizedKeysFile was read from sshd_config (or the default)';
  }
  if (note === 'sshd-T-failed') {
    return '`sshd -T` failed: AuthorizedKeysFile was read from sshd_config (without Include and Match), or the default';
  }
  return note;
}

function count(map: Map<string, string>, key: string): number | null {
  const value = map.get(key);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

function failure(message: string, phase: HostPhase | null = null): HostResult {
  return {
    phase,
    status: 'failed',
    files: 0,
    added: 0,
    removed: 0,
    failed: 0,
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
    const firstError = err.trim().split('\n')[0]?.trim().slice(0, 200);
    return failure(
      `${truncated ? 'output truncated before the result line' : 'the script printed no result line'} (exit ${exitCode})` +
        (firstError ? `: ${firstError}` : ''),
    );
  }
  const map = fields(resultLine);
  const phaseField = map.get('phase') ?? '';
  const phase = PHASES.has(phaseField) ? (phaseField as HostPhase) : null;
  const status = map.get('status');
  const numbers = {
    files: count(map, 'files'),
    added: count(map, 'added'),
    removed: count(map, 'removed'),
    failed: count(map, 'failed'),
  };
  if (
    map.get('v') !== '1' ||
    !phase ||
    (status !== 'ok' && status !== 'failed') ||
    Object.values(numbers).some((n) => n === null)
  ) {
    return failure(`malformed result line (exit ${exitCode}): ${resultLine.slice(0, 200)}`, phase);
  }
  const result: HostResult = {
    phase,
    status,
    files: numbers.files as number,
    added: numbers.added as number,
    removed: numbers.removed as number,
    failed: numbers.failed as number,
    messages: [],
  };
  const error = map.get('error');
  if (error)
    result.messages.push(
      `script error: ${ERRORS[error] ?? error.replace(/^missing-/, 'missing tool: ')}`,
    );
  const fileLines = lines.filter((line) => line.startsWith('EC2KR-FILE '));
  result.messages.push(...fileLines.map(describeFile));
  if (result.failed > fileLines.length && fileLines.length > 0) {
    result.messages.push(`and ${result.failed - fileLines.length} more failed file(s)`);
  }
  result.messages.push(
    ...lines
      .filter((line) => line.startsWith('EC2KR-NOTE '))
      .map((line) => describeNote(line.slice(11).trim())),
  );
  if (status === 'ok' && exitCode !== 0) {
    result.status = 'failed';
    result.messages.unshift(`the script reported ok but exited ${exitCode}`);
  } else if (status === 'failed' && result.messages.length === 0) {
    result.messages.push(`the script reported failure (exit ${exitCode})`);
  }
  return result;
}
