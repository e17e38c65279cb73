/**
 * For the audit tests: logins from a chosen loopback source address (real
 * `ssh -b`), sessions kept open, and log lines in the formats syslog daemons
 * write (traditional, RFC 3339), for rotated files the tests lay down
 * themselves ("before the leak": lines a test cannot make sshd write today).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Host } from './hosts.js';
import type { SshKey } from './host-keys.js';

const execFileAsync = promisify(execFile);

const SSH_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function sshArgs(host: Host, user: string, key: SshKey, from: string, command: string): string[] {
  return [
    '-F', '/dev/null',
    '-i', key.privateKeyPath,
    '-b', from,
    '-p', String(host.port),
    '-o', 'BatchMode=yes',
    '-o', 'IdentitiesOnly=yes',
    '-o', 'IdentityAgent=none',
    '-o', 'PreferredAuthentications=publickey',
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'LogLevel=ERROR',
    '-o', 'KexAlgorithms=curve25519-sha256',
    `${user}@127.0.0.1`,
    command,
  ]; // prettier-ignore
}

/** One login with `key` as `user` from source address `from` (127.0.0.x); throws when refused. */
export async function loginFrom(
  host: Host,
  user: string,
  key: SshKey,
  from: string,
  command = 'true',
): Promise<string> {
  const { stdout } = await execFileAsync('ssh', sshArgs(host, user, key, from, command), {
    timeout: 30_000,
    env: { PATH: SSH_PATH, HOME: '/root' },
  });
  return stdout;
}

/** A session kept open (`sleep`), until the returned child is killed or sshd ends it. */
export function openSession(host: Host, user: string, key: SshKey, from: string): ChildProcess {
  return spawn('ssh', sshArgs(host, user, key, from, 'echo open; exec sleep 300'), {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { PATH: SSH_PATH, HOME: '/root' },
  });
}

/** Resolves once the session's remote command has started (it prints `open`). */
export function sessionStarted(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('open')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the session ended early (${code})`)));
  });
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** `Mon dd hh:mm:ss host tag: message`, local time, as rsyslog's traditional format writes it. */
export function traditionalLine(at: Date, tag: string, message: string): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const day = String(at.getDate()).padStart(2, ' ');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return `${MONTHS[at.getMonth()]} ${day} ${time} ip-10-0-0-1 ${tag}: ${message}\n`;
}

/** `2026-03-05T10:00:00.123456+00:00 host tag: message`, as rsyslog's RFC 3339 format writes it. */
export function rfc3339Line(at: Date, tag: string, message: string): string {
  const stamp = at.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
  return `${stamp} ip-10-0-0-1 ${tag}: ${message}\n`;
}

/** sshd's line for an accepted public key. */
export function acceptedLine(
  user: string,
  address: string,
  port: number,
  type: string,
  fingerprint: string,
): string {
  return `Accepted publickey for ${user} from ${address} port ${port} ssh2: ${type} ${fingerprint}`;
}

/** A key's fingerprint as ssh-keygen prints it (`SHA256:…`, or `MD5:aa:bb:…`). */
export async function keygenFingerprint(key: SshKey, hash: 'sha256' | 'md5'): Promise<string> {
  const { stdout } = await execFileAsync('ssh-keygen', [
    '-l',
    '-E',
    hash,
    '-f',
    `${key.privateKeyPath}.pub`,
  ]);
  const fingerprint = stdout.split(/\s+/)[1];
  if (!fingerprint) throw new Error(`ssh-keygen printed no fingerprint: ${stdout}`);
  return fingerprint;
}
