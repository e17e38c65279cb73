/**
 * The audit phase (src/aws/host/audit.sh through buildHostScript) on real
 * sshd hosts: one whose sshd logs through syslog into /var/log/auth.log
 * (with a rotated .1 and .2.gz laid down "before the leak", and a RHEL-style
 * secure file), one with no logs at all, and one whose log holds hostile
 * and many lines. Logins are real `ssh -b 127.0.0.x` logins; one session is
 * kept open. What the audit reports is compared with exactly what happened.
 */
import type { ChildProcess } from 'node:child_process';
import { symlinkSync, utimesSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditOutput, type HostAudit } from '../../src/aws/audit-result.js';
import { buildHostScript } from '../../src/aws/host/host-script.js';
import {
  acceptedLine,
  keygenFingerprint,
  loginFrom,
  openSession,
  rfc3339Line,
  sessionStarted,
  traditionalLine,
} from '../helpers/audit-hosts.js';
import { createKeyring, type Keyring, type SshKey } from '../helpers/host-keys.js';
import { hostSupport, startHost, startHosts, type Host } from '../helpers/hosts.js';

const DAY = 86_400_000;

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping audit tests on simulated hosts: ${unsupported}`);

describe.skipIf(unsupported !== null)('the audit phase on real sshd hosts', () => {
  let keys: Keyring;
  let leaked: SshKey;
  let colleague: SshKey;
  let unrelated: SshKey;
  let malloryKey: SshKey;
  let logHost: Host;
  let bareHost: Host;
  let noisyHost: Host;
  let session: ChildProcess | null = null;
  const now = Date.now();
  const since = new Date(now - 5 * DAY);
  const sinceSeconds = Math.floor(since.getTime() / 1000);

  async function audit(host: Host): Promise<{ audit: HostAudit; stdout: string }> {
    const script = buildHostScript({
      phase: 'audit',
      oldKeyBlobs: [leaked.blob],
      newKeyLine: null,
      extraUsers: [],
      since: sinceSeconds,
    });
    const { stdout, exitCode, stderr } = await host.exec(script);
    expect(stderr).toBe('');
    expect(exitCode, stdout).toBe(0);
    return { audit: parseAuditOutput(stdout, exitCode), stdout };
  }

  /** Waits until sshd's log holds `count` accepted logins. */
  async function accepted(host: Host, count: number): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const log = await host.readFile('/var/log/auth.log');
      if ((log.match(/Accepted publickey/g) ?? []).length >= count) return log;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`sshd logged fewer than ${count} logins:\n${host.log()}`);
  }

  function layDown(host: Host, path: string, content: string | Buffer, mtime: Date, mode = 0o640) {
    return host.writeFile(path, content, { mode }).then(() => {
      utimesSync(host.hostPath(path), mtime, mtime);
    });
  }

  beforeAll(async () => {
    keys = createKeyring();
    [leaked, colleague, unrelated, malloryKey] = await Promise.all([
      keys.make('leaked'),
      keys.make('colleague'),
      keys.make('unrelated'),
      keys.make('mallory'),
    ]);
    [logHost, bareHost, noisyHost] = (await startHosts([
      {
        name: 'audit-syslog',
        users: [
          {
            name: 'deploy',
            authorizedKeys: `${leaked.publicKeyLine}\n${colleague.publicKeyLine}\n`,
          },
          { name: 'svc', authorizedKeys: `${unrelated.publicKeyLine}\n` },
          { name: 'mallory', authorizedKeys: `${malloryKey.publicKeyLine}\n` },
        ],
        logs: { syslogFile: '/var/log/auth.log' },
      },
      {
        name: 'audit-nologs',
        users: [{ name: 'deploy', authorizedKeys: `${leaked.publicKeyLine}\n` }],
        logs: {},
      },
      {
        name: 'audit-noisy',
        users: [{ name: 'deploy', authorizedKeys: `${leaked.publicKeyLine}\n` }],
        logs: {},
      },
    ])) as [Host, Host, Host];
    const sha = await keygenFingerprint(leaked, 'sha256');
    const md5 = (await keygenFingerprint(leaked, 'md5')).replace(/^MD5:/, '');

    // Before the leak: a login from 127.0.0.3 in the rotated file, and the
    // oldest record in the compressed one.
    const tenDays = new Date(now - 10 * DAY);
    await layDown(
      logHost,
      '/var/log/auth.log.1',
      traditionalLine(
        tenDays,
        'sshd[4190001]',
        acceptedLine('deploy', '127.0.0.3', 40022, 'ED25519', sha),
      ),
      new Date(now - 9 * DAY),
    );
    await layDown(
      logHost,
      '/var/log/auth.log.2.gz',
      gzipSync(
        traditionalLine(
          new Date(now - 30 * DAY),
          'sshd[4190000]',
          'Server listening on 0.0.0.0 port 22.',
        ),
      ),
      new Date(now - 29 * DAY),
    );
    // A RHEL-style secure file (RFC 3339 times), root's 0600: the same
    // address before the leak, fingerprint in the MD5 form older sshd logs.
    await layDown(
      logHost,
      '/var/log/secure-20261120',
      rfc3339Line(
        new Date(now - 8 * DAY),
        'sshd[4190002]',
        acceptedLine('deploy', '127.0.0.3', 40023, 'ED25519', md5),
      ),
      new Date(now - 7 * DAY),
      0o600,
    );

    // Lines no one but root could have written are the only ones believed.
    const fake = (address: string): string =>
      traditionalLine(
        new Date(now - DAY),
        'sshd[4190003]',
        acceptedLine('root', address, 1, 'ED25519', sha),
      );
    // A log file a user owns, a root-owned one others may write, a link to a user's file.
    await logHost.writeFile('/var/log/auth.log.3', fake('6.6.6.6'), {
      owner: 'mallory',
      mode: 0o600,
    });
    await logHost.writeFile('/var/log/secure', fake('7.7.7.7'), { mode: 0o664 });
    await logHost.writeFile('/home/mallory/auth.log', fake('8.8.8.8'), { owner: 'mallory' });
    symlinkSync('/home/mallory/auth.log', logHost.hostPath('/var/log/auth.log.4'));

    // Since the leak: the leaked key from 127.0.0.2 (once, then a session
    // kept open), a colleague's key in the same file, another user's key.
    await loginFrom(logHost, 'deploy', leaked, '127.0.0.2');
    await loginFrom(logHost, 'deploy', colleague, '127.0.0.1');
    await loginFrom(logHost, 'svc', unrelated, '127.0.0.1');
    session = openSession(logHost, 'deploy', leaked, '127.0.0.2');
    await sessionStarted(session);
    await accepted(logHost, 4);

    // The noisy host: hostile lines and more address groups than fit.
    const lines: string[] = [];
    const at = new Date(now - DAY);
    for (let i = 0; i < 120; i++)
      lines.push(
        traditionalLine(
          at,
          `sshd[${3000 + i}]`,
          acceptedLine('deploy', `10.1.${i >> 8}.${i & 255}`, 50000 + i, 'ED25519', sha),
        ),
      );
    lines.push(
      // A user name the attacker chose, logged by sshd before authentication.
      traditionalLine(
        at,
        'sshd[5001]',
        `Invalid user x from 9.9.9.9 port 1 ssh2: ${acceptedLine('root', '9.9.9.9', 1, 'ED25519', sha)}`,
      ),
      traditionalLine(
        at,
        'sshd[5002]',
        `Connection from ${acceptedLine('root', '9.9.9.8', 1, 'ED25519', sha)}`,
      ),
      traditionalLine(at, 'su[5003]', acceptedLine('root', '9.9.9.7', 1, 'ED25519', sha)),
      traditionalLine(
        at,
        'sshd[5004]',
        acceptedLine('r\u001b[2Joot', '9.9.9.6', 1, 'ED25519', sha),
      ),
      traditionalLine(
        at,
        'sshd[5005]',
        acceptedLine('deploy', '$(touch${IFS}/PWNED)', 1, 'ED25519', sha),
      ),
      'garbage without a time\n',
    );
    await layDown(noisyHost, '/var/log/auth.log', lines.join(''), new Date(now - DAY + 60_000));
    // A compressed file that is not gzip: unreadable, reported, never taken as "no records".
    await layDown(
      noisyHost,
      '/var/log/auth.log.2.gz',
      'not gzip at all\n',
      new Date(now - 3 * DAY),
    );
  }, 120_000);

  afterAll(async () => {
    session?.kill('SIGKILL');
    await Promise.all([logHost, bareHost, noisyHost].map((host) => host?.stop()));
    keys?.cleanup();
  });

  it('reports exactly the leaked key logins, per user and address, before and since the leak', async () => {
    const { audit: result, stdout } = await audit(logHost);
    expect(result.status).toBe('ok');
    expect(result.since).toBe(new Date(sinceSeconds * 1000).toISOString());
    const logins = result.logins.map(({ user, address, before, since: after, newAddress }) => ({
      user,
      address,
      before,
      after,
      newAddress,
    }));
    expect(logins).toEqual([
      { user: 'deploy', address: '127.0.0.2', before: 0, after: 2, newAddress: true },
      { user: 'deploy', address: '127.0.0.3', before: 2, after: 0, newAddress: false },
    ]);
    expect(result.groups).toBe(2);
    expect(result.leakedLogins).toBe(4);
    expect(result.recentLogins).toBe(2);
    // The colleague's key is in the affected file; the service account's is not.
    expect(result.otherKeyLogins).toBe(1);
    expect(result.unknownKeyLogins).toBe(1);
    expect(result.keyFiles).toBe(1);
    const early = result.logins.find((login) => login.address === '127.0.0.3');
    expect(Date.parse(early?.first ?? '')).toBe(Math.floor((now - 10 * DAY) / 1000) * 1000);
    expect(Date.parse(early?.last ?? '')).toBe(Math.floor((now - 8 * DAY) / 1000) * 1000);
    // Fakes from files others could write are not read at all.
    expect(stdout).not.toMatch(/6\.6\.6\.6|7\.7\.7\.7|8\.8\.8\.8/);
    expect(stdout.length).toBeLessThan(2500);
    for (const key of [leaked, colleague, unrelated, malloryKey])
      expect(stdout).not.toContain(key.blob.slice(20, 60));
  });

  it('reports each source: found with its oldest record, untrusted files counted, absent ones', async () => {
    const { audit: result } = await audit(logHost);
    const byName = Object.fromEntries(result.sources.map((source) => [source.name, source]));
    expect(byName.journal?.state).toBe('absent');
    expect(byName['auth.log']).toMatchObject({
      state: 'found',
      files: 3,
      untrusted: 2,
      unreadable: 0,
      records: 5,
    });
    expect(Date.parse(byName['auth.log']?.oldest ?? '')).toBe(
      Math.floor((now - 30 * DAY) / 1000) * 1000,
    );
    expect(byName.secure).toMatchObject({ state: 'found', files: 1, untrusted: 1, records: 1 });
    expect(byName.wtmp?.state).toBe('absent');
    expect(byName.btmp?.state).toBe('absent');
  });

  it('finds the open session by its sshd PID, and `kill PID` ends it', async () => {
    const { audit: result } = await audit(logHost);
    expect(result.open).toBe(1);
    const [open] = result.openSessions;
    expect(open).toMatchObject({ user: 'deploy', address: '127.0.0.2' });
    const pid = open?.pid ?? 0;
    // sshd logged that PID for a login from 127.0.0.2, and it is sshd's process for deploy.
    expect(await logHost.readFile('/var/log/auth.log')).toMatch(
      new RegExp(`sshd\\[${pid}\\]: Accepted publickey for deploy from 127\\.0\\.0\\.2 `),
    );
    const title = await logHost.exec(`tr '\\0' ' ' </proc/${pid}/cmdline`);
    expect(title.stdout).toMatch(/^sshd: deploy \[priv\]/);
    const ended = new Promise((resolve) => session?.once('exit', resolve));
    await logHost.exec(`kill ${pid}`);
    await ended;
    session = null;
    const after = await audit(logHost);
    expect(after.audit.open).toBe(0);
    expect(after.audit.recentLogins).toBe(2);
  });

  it('a host without logs: every source absent, no login claimed', async () => {
    const { audit: result } = await audit(bareHost);
    expect(result.sources.map((source) => `${source.name}=${source.state}`)).toEqual([
      'journal=absent',
      'auth.log=absent',
      'secure=absent',
      'wtmp=absent',
      'btmp=absent',
    ]);
    expect(result.leakedLogins).toBe(0);
    expect(result.keyFiles).toBe(1);
  });

  it('hostile lines match nothing; odd names and addresses become `?`; many groups are cut to fit', async () => {
    const { audit: result, stdout } = await audit(noisyHost);
    // 120 real groups, the escape-sequence user (as `?` from 9.9.9.6) and the address that was not one.
    expect(result.groups).toBe(122);
    expect(result.recentLogins).toBe(122);
    expect(result.logins.length).toBeGreaterThan(5);
    expect(result.logins.length).toBeLessThan(122);
    expect(result.malformed).toBe(0);
    expect(result.sources.find((source) => source.name === 'auth.log')).toMatchObject({
      state: 'found',
      files: 1,
      unreadable: 1,
    });
    expect(stdout.length).toBeLessThan(2500);
    expect(stdout).not.toMatch(/9\.9\.9\.[789]|PWNED|\$\(/);
    expect(stdout.includes('\u001b')).toBe(false);
    expect((await noisyHost.exec('ls /PWNED 2>/dev/null; echo $?')).stdout.trim()).not.toBe('0');
  });

  it('the journal and a syslog file holding the same logins: each login counted once; the journal’s own records and reach read', async () => {
    // No journald runs on these machines: the host's journalctl (bound over
    // /usr/bin/journalctl in its own mount namespace only) prints, in
    // short-unix format, the real sshd lines this host's auth.log holds, as
    // journald would have recorded them, plus one older login.
    const host = await startHost({
      name: 'audit-journal',
      users: [{ name: 'deploy', authorizedKeys: `${leaked.publicKeyLine}\n` }],
      logs: { syslogFile: '/var/log/auth.log' },
    });
    try {
      await loginFrom(host, 'deploy', leaked, '127.0.0.2');
      await loginFrom(host, 'deploy', leaked, '127.0.0.2');
      const log = await accepted(host, 2);
      const sha = await keygenFingerprint(leaked, 'sha256');
      const year = new Date().getFullYear();
      const journal = [
        `${Math.floor((now - 20 * DAY) / 1000)}.000001 ip-10-0-0-1 sshd[4190020]: ${acceptedLine('deploy', '127.0.0.9', 40000, 'ED25519', sha)}`,
        ...log
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [, stamp = '', rest = ''] =
              /^(\w{3} [ \d]\d \d\d:\d\d:\d\d) \S+ (.*)$/.exec(line) ?? [];
            return `${Date.parse(`${stamp} ${year} UTC`) / 1000}.123456 ip-10-0-0-1 ${rest}`;
          }),
      ];
      await host.writeFile('/tmp/journal.txt', `${journal.join('\n')}\n`);
      await host.writeFile('/tmp/journalctl', '#!/bin/sh\ncat /tmp/journal.txt\n', { mode: 0o755 });
      const bound = await host.exec(
        'mkdir -p /var/log/journal/0123456789abcdef && mount --bind /tmp/journalctl /usr/bin/journalctl',
      );
      expect(bound.exitCode, bound.stderr).toBe(0);
      const { audit: result } = await audit(host);
      const journalSource = result.sources.find((source) => source.name === 'journal');
      expect(journalSource).toMatchObject({ state: 'found', records: 3 });
      expect(Date.parse(journalSource?.oldest ?? '')).toBe(
        Math.floor((now - 20 * DAY) / 1000) * 1000,
      );
      expect(result.sources.find((source) => source.name === 'auth.log')).toMatchObject({
        state: 'found',
        records: 2,
      });
      expect(
        result.logins.map(({ address, before, since: after }) => ({ address, before, after })),
      ).toEqual([
        { address: '127.0.0.2', before: 0, after: 2 },
        { address: '127.0.0.9', before: 1, after: 0 },
      ]);
      expect(result.leakedLogins).toBe(3);
    } finally {
      await host.stop();
    }
  });
});
