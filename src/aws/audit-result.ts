/**
 * Reads what the audit phase (src/aws/host/audit.sh) printed:
 *   EC2KR-SRC <name> <state> <oldest|-> <records> <files> <untrusted> <unreadable>
 *   EC2KR-LOGIN <user> <addr> <before> <since> <first> <last> <new>
 *   EC2KR-OPEN <pid> <user> <addr> <time>
 *   EC2KR-AUDIT v=1 status=ok now=T since=T|- groups=N leaked=N recent=N other=N unknown=N open=N keyfiles=N unreadable=N
 * Every value came out of a log file on a host, so every line is checked
 * again here (shapes, ranges); a line that fails is dropped and counted,
 * and a missing result line is a failure, never an empty audit.
 */
import { fields } from './host/host-result.js';

export const SOURCE_NAMES = ['journal', 'auth.log', 'secure', 'wtmp', 'btmp'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];
export type SourceState = 'found' | 'absent' | 'unreadable' | 'untrusted';

/** Sources whose records name the key (wtmp/btmp only say how far sessions go back). */
export const KEY_SOURCES: readonly SourceName[] = ['journal', 'auth.log', 'secure'];

export interface AuditSource {
  name: SourceName;
  state: SourceState;
  /** The oldest record the source holds (ISO time), when it holds any. */
  oldest: string | null;
  /** Accepted public-key logins read from it (any key; wtmp/btmp: session records). */
  records: number;
  /** Files read (the journal counts as one). */
  files: number;
  /** Files not read because someone other than root could have written them. */
  untrusted: number;
  unreadable: number;
}

export interface AuditLogin {
  user: string;
  address: string;
  /** Logins by the leaked key before the leak time, and since. */
  before: number;
  since: number;
  first: string;
  last: string;
  /** No key logged in from this address before the leak time. */
  newAddress: boolean;
}

export interface AuditSession {
  pid: number;
  user: string;
  address: string;
  loginAt: string;
}

export interface HostAudit {
  status: 'ok' | 'failed';
  /** Why the audit failed (host words made readable). */
  error: string | null;
  /** The host's clock when it ran, and the leak time it was given. */
  hostTime: string | null;
  since: string | null;
  sources: AuditSource[];
  /** Per user and address (the ones that fit in the output; `groups` counts all). */
  logins: AuditLogin[];
  groups: number;
  /** The leaked key's logins, all and since the leak time. */
  leakedLogins: number;
  recentLogins: number;
  openSessions: AuditSession[];
  /** Open sessions found (openSessions may list fewer). */
  open: number;
  /** Logins since the leak time by other keys of the affected files, and by keys they do not hold. */
  otherKeyLogins: number;
  unknownKeyLogins: number;
  /** authorized_keys files that hold the leaked key, and files that could not be read. */
  keyFiles: number;
  unreadableKeyFiles: number;
  /** Output lines that did not have their shape (dropped). */
  malformed: number;
}

const USER = /^[A-Za-z0-9_][-A-Za-z0-9_.@]{0,31}\$?$|^\?$/;
const ADDRESS = /^[0-9A-Za-z.:%-]{1,45}$|^\?$/;
const TIME = /^\d{1,11}$/;
const COUNT = /^\d{1,9}$/;
const STATES = new Set<string>(['found', 'absent', 'unreadable', 'untrusted']);

const ERRORS: Record<string, string> = {
  'missing-ssh-keygen': 'ssh-keygen is missing on the host: the leaked key cannot be fingerprinted',
  'bad-key': "ssh-keygen could not read the leaked key's blob",
  'bad-parameters':
    'the SSM document received malformed parameters (a line break in a value): nothing was read',
  'bad-phase':
    'the installed host script does not know the audit phase: install this release’s document',
  'no-sshd': 'sshd not found: which authorized_keys files it reads cannot be checked',
  'sshd-T-failed': '`sshd -T` failed: sshd’s configuration cannot be evaluated',
  'not-root': 'the script did not run as root',
  mktemp: 'mktemp failed (no writable temp directory?)',
  'no-passwd': 'cannot read the account list',
};

function iso(seconds: string): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

function emptyAudit(error: string): HostAudit {
  return {
    status: 'failed',
    error,
    hostTime: null,
    since: null,
    sources: [],
    logins: [],
    groups: 0,
    leakedLogins: 0,
    recentLogins: 0,
    openSessions: [],
    open: 0,
    otherKeyLogins: 0,
    unknownKeyLogins: 0,
    keyFiles: 0,
    unreadableKeyFiles: 0,
    malformed: 0,
  };
}

function parseSource(words: string[]): AuditSource | null {
  const [name = '', state = '', oldest = '', ...counts] = words;
  if (!(SOURCE_NAMES as readonly string[]).includes(name) || !STATES.has(state)) return null;
  if (!(oldest === '-' || TIME.test(oldest))) return null;
  if (counts.length !== 4 || !counts.every((count) => COUNT.test(count))) return null;
  const [records, files, untrusted, unreadable] = counts.map(Number) as number[];
  return {
    name: name as SourceName,
    state: state as SourceState,
    oldest: oldest === '-' ? null : iso(oldest),
    records: records as number,
    files: files as number,
    untrusted: untrusted as number,
    unreadable: unreadable as number,
  };
}

function parseLogin(words: string[]): AuditLogin | null {
  const [user = '', address = '', before = '', since = '', first = '', last = '', fresh = ''] =
    words;
  if (words.length !== 7 || !USER.test(user) || !ADDRESS.test(address)) return null;
  if (![before, since].every((count) => COUNT.test(count))) return null;
  if (![first, last].every((time) => TIME.test(time)) || !/^[01]$/.test(fresh)) return null;
  return {
    user,
    address,
    before: Number(before),
    since: Number(since),
    first: iso(first),
    last: iso(last),
    newAddress: fresh === '1',
  };
}

function parseSession(words: string[]): AuditSession | null {
  const [pid = '', user = '', address = '', at = ''] = words;
  if (words.length !== 4 || !/^\d{1,10}$/.test(pid) || !USER.test(user)) return null;
  if (!ADDRESS.test(address) || !TIME.test(at)) return null;
  return { pid: Number(pid), user, address, loginAt: iso(at) };
}

/** Parses the audit phase's output (stdout, or Run Command's combined output). */
export function parseAuditOutput(output: string, exitCode: number | null): HostAudit {
  const stdout = output.split('----------ERROR-------')[0] ?? '';
  const lines = stdout.split('\n').map((line) => line.replace(/\r$/, ''));
  const resultLine = lines.filter((line) => line.startsWith('EC2KR-AUDIT ')).pop();
  if (!resultLine) {
    // The rotation script's own failure line (it failed before the audit began).
    const failed = lines.filter((line) => line.startsWith('EC2KR-RESULT ')).pop();
    const error = failed ? fields(failed).get('error') : undefined;
    if (error) return emptyAudit(ERRORS[error] ?? `the host script failed: ${readable(error)}`);
    const cut = output.includes('---Output truncated---') ? 'output truncated, ' : '';
    return emptyAudit(`${cut}the audit printed no result line (exit ${exitCode ?? '?'})`);
  }
  const map = fields(resultLine);
  const number = (key: string): number | null => {
    const value = map.get(key);
    return value !== undefined && COUNT.test(value) ? Number(value) : null;
  };
  const keys = [
    'groups',
    'leaked',
    'recent',
    'other',
    'unknown',
    'open',
    'keyfiles',
    'unreadable',
  ] as const;
  const values = keys.map(number);
  const now = map.get('now') ?? '';
  const since = map.get('since') ?? '';
  if (map.get('v') !== '1' || map.get('status') !== 'ok') {
    const error = map.get('error');
    return emptyAudit(
      error
        ? (ERRORS[error] ?? `the audit failed: ${readable(error)}`)
        : `malformed audit line: ${readable(resultLine)}`,
    );
  }
  if (values.includes(null) || !TIME.test(now) || !(since === '-' || TIME.test(since)))
    return emptyAudit(`malformed audit line: ${readable(resultLine)}`);
  const [groups, leaked, recent, other, unknown, open, keyFiles, unreadable] = values as number[];
  const audit: HostAudit = {
    ...emptyAudit(''),
    status: exitCode === 0 || exitCode === null ? 'ok' : 'failed',
    error: exitCode === 0 || exitCode === null ? null : `the audit exited ${exitCode}`,
    hostTime: iso(now),
    since: since === '-' ? null : iso(since),
    groups: groups as number,
    leakedLogins: leaked as number,
    recentLogins: recent as number,
    otherKeyLogins: other as number,
    unknownKeyLogins: unknown as number,
    open: open as number,
    keyFiles: keyFiles as number,
    unreadableKeyFiles: unreadable as number,
  };
  for (const line of lines) {
    const [tag, ...words] = line.split(' ');
    if (tag === 'EC2KR-SRC') {
      const source = parseSource(words);
      if (source && !audit.sources.some((known) => known.name === source.name))
        audit.sources.push(source);
      else audit.malformed++;
    } else if (tag === 'EC2KR-LOGIN') {
      const login = parseLogin(words);
      if (login) audit.logins.push(login);
      else audit.malformed++;
    } else if (tag === 'EC2KR-OPEN') {
      const session = parseSession(words);
      if (session) audit.openSessions.push(session);
      else audit.malformed++;
    }
  }
  return audit;
}

/** Host text made safe to show: printable ASCII, short. */
function readable(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 120 ? `${printable.slice(0, 119)}…` : printable;
}
