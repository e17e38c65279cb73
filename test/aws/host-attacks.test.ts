/**
 * The host script (src/aws/host/host-script.sh, through buildHostScript) tried
 * adversarially on simulated hosts (test/helpers/hosts.ts): an unprivileged
 * user plants links, hard links, unreadable files and hostile names, swaps
 * ~/.ssh between phases, or sshd's configuration moves the files (Match
 * blocks, AuthorizedKeysCommand, key types). Every test judges outcomes seen
 * from outside the script:
 *
 * (a) integrity: a snapshot of the host's own trees (/etc/passwd, /etc/group,
 *     /etc/shadow, /etc/ssh, /root, /home, /tmp: content, type, mode, owner,
 *     inode) before and after; only the listed files changed, with the
 *     content computed here, and nothing appeared anywhere else;
 * (b) no lockout: every user who held the leaked key logs in (real ssh) with
 *     the new key, or still with the old one;
 * (c) a host reported `ok` after revoke refuses the leaked key for every user;
 * (d) refusals are reported: `incomplete`, exit 1, and an EC2KR-FILE line
 *     naming the file with a meaningful reason.
 *
 * Attack targets are only inside the host's own trees (the rest of the
 * filesystem is this machine's).
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { parseHostResult, type HostResult } from '../../src/aws/host/host-result.js';
import { buildHostScript, type HostPhase } from '../../src/aws/host/host-script.js';
import { createKeyring, type Keyring, type SshKey } from '../helpers/host-keys.js';
import {
  hostSupport,
  startHost,
  type Host,
  type HostSpec,
  type SnapshotEntry,
} from '../helpers/hosts.js';

/** The host's own trees: everything a run may touch, and everything it must not. */
const TREES = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/ssh', '/root', '/home', '/tmp'];

type Snapshot = Record<string, SnapshotEntry>;

interface FileLine {
  reason: string;
  user: string;
  path: string;
}

interface Run {
  phase: HostPhase;
  result: HostResult;
  stdout: string;
  exitCode: number;
  files: FileLine[];
  notes: string[];
}

interface RunOptions {
  /** The leaked keys (default: the shared old key). */
  old?: SshKey[];
  /** The new key (default: the shared new key). */
  next?: SshKey;
  extraUsers?: string[];
  /** Wraps the script into the command host.exec runs (default: the script itself). */
  wrap?: (script: string) => string;
}

/** A shell word in single quotes. */
function sq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A path as the script prints it: bytes outside printable ASCII as `?`, long ones cut from the left. */
function shown(path: string): string {
  const ascii = Buffer.from(path, 'utf8')
    .toString('latin1')
    .replace(/[^!-~]/g, '?');
  return ascii.length > 120 ? `...${ascii.slice(-117)}` : ascii;
}

const readSysctl = (name: string): string => {
  try {
    return readFileSync(`/proc/sys/fs/${name}`, 'utf8').trim();
  } catch {
    return '?';
  }
};
const hardlinksProtected = readSysctl('protected_hardlinks') === '1';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping host attack tests: ${unsupported}`);
if (!unsupported && hardlinksProtected) {
  console.warn(
    'host attacks: fs.protected_hardlinks=1, so the case where the attacker hard-links a root file is skipped (the same state made by root is still tested)',
  );
}

describe.skipIf(unsupported !== null)('host script under attack', () => {
  let keys: Keyring;
  let oldKey: SshKey;
  let newKey: SshKey;
  let otherKey: SshKey;
  let oldRsa: SshKey;
  let newRsa: SshKey;
  let old2: SshKey;
  let new2: SshKey;
  const hosts: Host[] = [];

  beforeAll(async () => {
    keys = createKeyring();
    [oldKey, newKey, otherKey, oldRsa, newRsa, old2, new2] = await Promise.all([
      keys.make('old'),
      keys.make('new'),
      keys.make('other'),
      keys.make('old-rsa', { type: 'rsa', bits: 2048 }),
      keys.make('new-rsa', { type: 'rsa', bits: 2048 }),
      keys.make('old2'),
      keys.make('new2'),
    ]);
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
    keys?.cleanup();
  });

  const O = (): string => oldKey.publicKeyLine;
  const N = (): string => newKey.publicKeyLine;

  async function start(spec: HostSpec): Promise<Host> {
    const host = await startHost(spec);
    hosts.push(host);
    return host;
  }

  /** Root's shell command inside the host (test setup, as an administrator would). */
  async function asRoot(check: ExpectStatic, host: Host, command: string): Promise<void> {
    const result = await host.exec(command);
    check(result, `as root: ${command}`).toMatchObject({ exitCode: 0, stderr: '' });
  }

  /** The attacker's shell command: the user's uid, gid and groups, nothing more. */
  async function asUser(
    check: ExpectStatic,
    host: Host,
    user: string,
    command: string,
  ): Promise<void> {
    const uid = host.uidOf(user);
    const result = await host.exec(
      `exec setpriv --reuid=${uid} --regid="$(id -g ${uid})" --init-groups -- sh -c ${sq(`umask 022; ${command}`)}`,
    );
    check(result, `as ${user}: ${command}`).toMatchObject({ exitCode: 0, stderr: '' });
  }

  /** Output every phase must have: one short line per record, one result line last. */
  function checkOutput(check: ExpectStatic, stdout: string, label: string): void {
    check(stdout.length, `${label}: output length`).toBeLessThanOrEqual(2500);
    const lines = stdout.split('\n');
    check(lines.pop(), `${label}: output ends with a newline`).toBe('');
    for (const line of lines) {
      check(line, `${label}: output line`).toMatch(
        /^EC2KR-(FILE reason=[!-~]+ user=[!-~]+ path=[!-~]+|NOTE [!-~]+|RESULT v=2 phase=[a-z]+ status=[a-z]+( [a-z]+=[!-~]+)+)$/,
      );
    }
    check(lines.filter((line) => line.startsWith('EC2KR-RESULT ')).length, label).toBe(1);
    check(lines.at(-1), `${label}: result line last`).toMatch(/^EC2KR-RESULT /);
    check(lines.filter((line) => line.startsWith('EC2KR-FILE ')).length).toBeLessThanOrEqual(8);
    check(lines.filter((line) => line.startsWith('EC2KR-NOTE ')).length).toBeLessThanOrEqual(4);
  }

  async function run(
    check: ExpectStatic,
    host: Host,
    phase: HostPhase,
    options: RunOptions = {},
  ): Promise<Run> {
    const script = buildHostScript({
      phase,
      oldKeyBlobs: (options.old ?? [oldKey]).map((key) => key.blob),
      newKeyLine: phase === 'probe' ? null : (options.next ?? newKey).publicKeyLine,
      extraUsers: options.extraUsers ?? [],
    });
    const { exitCode, stdout, stderr } = await host.exec(
      options.wrap ? options.wrap(script) : script,
    );
    const label = `${host.name} ${phase}`;
    check(stderr, `${label}: stderr`).toBe('');
    checkOutput(check, stdout, label);
    const result = parseHostResult(stdout, exitCode);
    check(result.status, `${label}: ${stdout}`).not.toBe('failed');
    check(exitCode, `${label}: exit code`).toBe(result.status === 'ok' ? 0 : 1);
    check(result.phase).toBe(phase);
    const files: FileLine[] = [];
    const notes: string[] = [];
    for (const line of stdout.split('\n')) {
      const file = /^EC2KR-FILE reason=(\S+) user=(\S+) path=(\S+)$/.exec(line);
      if (file) files.push({ reason: file[1] ?? '', user: file[2] ?? '', path: file[3] ?? '' });
      if (line.startsWith('EC2KR-NOTE ')) notes.push(line.slice('EC2KR-NOTE '.length));
    }
    return { phase, result, stdout, exitCode, files, notes };
  }

  /** (d): the run is incomplete and names `path` with one of `reasons`. */
  function expectReported(check: ExpectStatic, run: Run, path: string, reasons: string[]): void {
    const label = `${run.phase}: ${run.stdout}`;
    check(run.result.status, label).toBe('incomplete');
    check(run.exitCode, label).toBe(1);
    const line = run.files.find((file) => file.path === shown(path));
    check(line, `${label}\n${path} must be reported`).toBeDefined();
    check(reasons, `${label}\nreason for ${path}`).toContain(line?.reason);
  }

  function expectOk(check: ExpectStatic, run: Run, counts: Partial<HostResult> = {}): void {
    // Soft: a wrong status is reported, and the outcomes after it are still checked.
    check
      .soft(run.result, `${run.phase}: ${run.stdout}`)
      .toMatchObject({ status: 'ok', ...counts });
  }

  const snap = (host: Host): Promise<Snapshot> => host.snapshot(TREES);

  /**
   * (a): between two snapshots exactly the paths in `changes` differ, and each
   * matches its change (type, mode and owner default to what it was).
   */
  function expectOnly(
    check: ExpectStatic,
    before: Snapshot,
    after: Snapshot,
    changes: Record<string, Partial<SnapshotEntry>>,
    label: string,
  ): void {
    const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const changed = paths.filter((path) => !isDeepStrictEqual(before[path], after[path]));
    check(changed, `${label}: the paths that changed`).toEqual(Object.keys(changes).sort());
    for (const [path, change] of Object.entries(changes)) {
      const was = before[path];
      const base = was ? { type: was.type, mode: was.mode, uid: was.uid, gid: was.gid } : {};
      check(after[path], `${label}: ${path}`).toMatchObject({ ...base, ...change });
    }
  }

  async function logins(
    host: Host,
    users: string[],
    key: SshKey,
  ): Promise<Record<string, boolean>> {
    const entries = await Promise.all(
      users.map(async (user) => [user, await host.sshLogin(user, key.privateKeyPath)] as const),
    );
    return Object.fromEntries(entries);
  }
  const all = (users: string[], value: boolean): Record<string, boolean> =>
    Object.fromEntries(users.map((user) => [user, value]));

  /** Every account of the host that could log in: root and the spec's users. */
  const accounts = (host: Host): string[] => [
    ...new Set(['root', ...host.spec.users.map((user) => user.name)]),
  ];

  /** (c): which users the leaked keys still log in; none of them when revoke said ok. */
  async function expectOkMeansRefused(
    check: ExpectStatic,
    host: Host,
    revoke: Run,
    leaked: SshKey[] = [oldKey],
  ): Promise<string[]> {
    const open: string[] = [];
    for (const key of leaked) {
      const result = await logins(host, accounts(host), key);
      for (const [user, yes] of Object.entries(result)) if (yes) open.push(`${user} (${key.name})`);
    }
    if (revoke.result.status === 'ok') {
      check
        .soft(open, `revoke said ok: ${revoke.stdout}\nyet the leaked key logs in as`)
        .toEqual([]);
    }
    return open;
  }

  /** (b): each user logs in with the new key, or still with the old one. */
  async function expectNoLockout(
    check: ExpectStatic,
    host: Host,
    users: string[],
    oldOne: SshKey = oldKey,
    newOne: SshKey = newKey,
  ): Promise<void> {
    const [withNew, withOld] = await Promise.all([
      logins(host, users, newOne),
      logins(host, users, oldOne),
    ]);
    const locked = users.filter((user) => !withNew[user] && !withOld[user]);
    check(locked, 'users locked out (neither the new nor the old key logs in)').toEqual([]);
  }

  // 1 ----------------------------------------------------------------------
  it.concurrent.for([
    { rootMode: 0o700, label: '0700', reasons: ['unreadable'] },
    { rootMode: 0o755, label: '0755', reasons: ['link-leaves-home'] },
  ])(
    '1. ~/.ssh → /root/.ssh for an extra user who holds the key elsewhere (root home mode $label)',
    async ({ rootMode, reasons }, { expect }) => {
      const host = await start({
        name: `ssh-dir-to-root-${rootMode.toString(8)}`,
        sshdConfig: ['AuthorizedKeysFile .ssh/authorized_keys .keys/authorized_keys'],
        users: [
          {
            name: 'root',
            homeMode: rootMode,
            sshDirMode: rootMode,
            authorizedKeysMode: rootMode === 0o755 ? 0o644 : 0o600,
            authorizedKeys: `${otherKey.publicKeyLine}\n`,
          },
          { name: 'deploy' },
        ],
      });
      await asUser(
        expect,
        host,
        'deploy',
        [
          'mkdir -m 700 /home/deploy/.keys',
          `printf '%s\\n' ${sq(O())} > /home/deploy/.keys/authorized_keys`,
          'chmod 600 /home/deploy/.keys/authorized_keys',
          'ln -s /root/.ssh /home/deploy/.ssh',
        ].join(' && '),
      );
      expect(await host.sshLogin('deploy', oldKey.privateKeyPath)).toBe(true);
      expect(await host.sshLogin('root', otherKey.privateKeyPath)).toBe(true);
      const before = await snap(host);
      const link = '/home/deploy/.ssh/authorized_keys';
      const extra = { extraUsers: ['deploy'] };

      const add = await run(expect, host, 'add', extra);
      expectReported(expect, add, link, reasons);
      expectOnly(
        expect,
        before,
        await snap(host),
        { '/home/deploy/.keys/authorized_keys': { content: `${O()}\n${N()}\n` } },
        'after add',
      );
      expect(await host.sshLogin('root', newKey.privateKeyPath)).toBe(false);

      const verify = await run(expect, host, 'verify', extra);
      expectReported(expect, verify, link, [...reasons, 'no-new-key']);
      const revoke = await run(expect, host, 'revoke', extra);
      expectReported(expect, revoke, link, [...reasons, 'no-new-key']);
      expectOnly(
        expect,
        before,
        await snap(host),
        { '/home/deploy/.keys/authorized_keys': { content: `${N()}\n` } },
        'after revoke',
      );

      expect(await logins(host, ['deploy', 'root'], newKey)).toEqual({ deploy: true, root: false });
      expect(await host.sshLogin('root', otherKey.privateKeyPath)).toBe(true);
      await expectNoLockout(expect, host, ['deploy']);
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  // 2 ----------------------------------------------------------------------
  it.concurrent(
    '2. ~/.ssh/authorized_keys → /etc/passwd, with the leaked key in the GECOS field',
    async ({ expect }) => {
      const host = await start({ name: 'ak-to-passwd', users: [{ name: 'mallory' }] });
      // chfn as mallory would: the full name holds the leaked key (no `:`, `,` or `=` in it).
      const [type, blob] = O().split(' ') as [string, string];
      const passwd = await host.readFile('/etc/passwd');
      const uid = host.uidOf('mallory');
      const entry = `mallory:x:${uid}:${uid}:Mallory ${type} ${blob} pwned:/home/mallory:/bin/sh`;
      await host.writeFile('/etc/passwd', passwd.replace(/^mallory:.*$/m, entry), { mode: 0o644 });
      const passwdBytes = await host.readBytes('/etc/passwd');
      expect(passwdBytes.toString()).toContain(`\n${entry}\n`);
      await asUser(
        expect,
        host,
        'mallory',
        [
          'mkdir -m 700 /home/mallory/.ssh',
          'ln -s /etc/passwd /home/mallory/.ssh/authorized_keys',
          `printf '%s\\n' ${sq(O())} > /home/mallory/.ssh/authorized_keys2`,
          'chmod 600 /home/mallory/.ssh/authorized_keys2',
        ].join(' && '),
      );
      expect(await host.sshLogin('mallory', oldKey.privateKeyPath)).toBe(true);
      const before = await snap(host);
      const link = '/home/mallory/.ssh/authorized_keys';

      const runs: Run[] = [];
      for (const phase of ['probe', 'add', 'verify', 'revoke'] as const) {
        const current = await run(expect, host, phase);
        runs.push(current);
        expect(
          (await host.readBytes('/etc/passwd')).equals(passwdBytes),
          `${phase}: /etc/passwd`,
        ).toBe(true);
        const getent = await host.exec('getent passwd mallory');
        expect(getent.stdout, `${phase}: mallory's entry`).toBe(`${entry}\n`);
        if (phase === 'add') expectReported(expect, current, link, ['link-leaves-home']);
        if (phase === 'verify' || phase === 'revoke')
          expectReported(expect, current, link, ['link-leaves-home', 'no-new-key']);
      }
      expectOnly(
        expect,
        before,
        await snap(host),
        { '/home/mallory/.ssh/authorized_keys2': { content: `${N()}\n` } },
        'after revoke',
      );
      expect(await host.sshLogin('mallory', newKey.privateKeyPath)).toBe(true);
      await expectNoLockout(expect, host, ['mallory']);
      await expectOkMeansRefused(expect, host, runs[3] as Run);
    },
  );

  // 3 ----------------------------------------------------------------------
  it.concurrent(
    '3. authorized_keys links to root files, /etc/ssh files and nothing: never created, never written, reported',
    async ({ expect }) => {
      const links = [
        { user: 'la', target: '/root/.ssh/authorized_keys', reasons: ['unreadable'] },
        { user: 'lb', target: '/etc/ssh/sshd_config', reasons: ['link-leaves-home'] },
        { user: 'lc', target: '/etc/ssh/ssh_host_ed25519_key', reasons: ['unreadable'] },
        { user: 'ld', target: '/root/nothing-here', reasons: ['dangling-link'] },
        { user: 'le', target: '/etc/ssh/sshd_config.d/99-ec2kr.conf', reasons: ['dangling-link'] },
      ];
      const users = links.map((link) => link.user);
      const host = await start({
        name: 'ak-links',
        users: [
          { name: 'root', authorizedKeys: `${otherKey.publicKeyLine}\n` },
          ...users.map((name) => ({ name })),
        ],
      });
      await Promise.all(
        links.map(({ user, target }) =>
          asUser(
            expect,
            host,
            user,
            [
              `mkdir -m 700 /home/${user}/.ssh`,
              `ln -s ${target} /home/${user}/.ssh/authorized_keys`,
              `printf '%s\\n' ${sq(O())} > /home/${user}/.ssh/authorized_keys2`,
              `chmod 600 /home/${user}/.ssh/authorized_keys2`,
            ].join(' && '),
          ),
        ),
      );
      expect(await logins(host, users, oldKey)).toEqual(all(users, true));
      const before = await snap(host);
      const extra = { extraUsers: users };
      const add = await run(expect, host, 'add', extra);
      const verify = await run(expect, host, 'verify', extra);
      const revoke = await run(expect, host, 'revoke', extra);
      for (const { user, reasons } of links) {
        const path = `/home/${user}/.ssh/authorized_keys`;
        expectReported(expect, add, path, reasons);
        expectReported(expect, verify, path, [...reasons, 'no-new-key']);
        expectReported(expect, revoke, path, [...reasons, 'no-new-key']);
      }
      expectOnly(
        expect,
        before,
        await snap(host),
        Object.fromEntries(
          users.map((user) => [`/home/${user}/.ssh/authorized_keys2`, { content: `${N()}\n` }]),
        ),
        'after revoke',
      );
      expect(await logins(host, users, newKey)).toEqual(all(users, true));
      expect(await host.sshLogin('root', newKey.privateKeyPath)).toBe(false);
      await expectNoLockout(expect, host, users);
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  it.concurrent(
    "3b. an extra user's authorized_keys that is no regular file (a FIFO, a link to /etc/ssh): reported, not skipped",
    async ({ expect }) => {
      const cases = [
        { user: 'fifo', make: 'mkfifo -m 600 /home/fifo/.ssh/authorized_keys' },
        { user: 'dirlink', make: 'ln -s /etc/ssh /home/dirlink/.ssh/authorized_keys' },
      ];
      const users = cases.map((c) => c.user);
      const host = await start({
        name: 'not-regular',
        users: [...users.map((name) => ({ name })), { name: 'plain', authorizedKeys: `${O()}\n` }],
      });
      await Promise.all(
        cases.map(({ user, make }) =>
          asUser(expect, host, user, `mkdir -m 700 /home/${user}/.ssh && ${make}`),
        ),
      );
      const before = await snap(host);
      // The extra users cannot be given the new key there: the host must say so.
      const extra = { extraUsers: users };
      const runs: Run[] = [];
      for (const phase of ['add', 'verify', 'revoke'] as const) {
        const current = await run(expect, host, phase, extra);
        runs.push(current);
        for (const user of users) {
          expect
            .soft(
              current.files.map((file) => file.path),
              `${phase}: ${current.stdout}`,
            )
            .toContain(`/home/${user}/.ssh/authorized_keys`);
        }
        expect.soft(current.result.status, `${phase}: ${current.stdout}`).toBe('incomplete');
      }
      expectOnly(
        expect,
        before,
        await snap(host),
        { '/home/plain/.ssh/authorized_keys': { content: `${N()}\n` } },
        'after revoke',
      );
      expect(await logins(host, [...users, 'plain'], newKey)).toEqual({
        fifo: false,
        dirlink: false,
        plain: true,
      });
      await expectOkMeansRefused(expect, host, runs[2] as Run);
    },
  );

  // 4 ----------------------------------------------------------------------
  it.concurrent(
    '4. hard links: authorized_keys shares its inode with an attacker file, and (made by root, as on a host without protected_hardlinks) with a root file',
    async ({ expect }) => {
      const host = await start({
        name: 'hardlinks',
        users: [
          { name: 'hl', authorizedKeys: `${O()}\n` },
          { name: 'hl2', authorizedKeys: '' },
        ],
        files: [{ path: '/home/shared/team-keys', content: `# team\n${O()}\n`, mode: 0o644 }],
      });
      await asUser(expect, host, 'hl', 'ln /home/hl/.ssh/authorized_keys /home/hl/keys-backup');
      await asRoot(
        expect,
        host,
        'rm /home/hl2/.ssh/authorized_keys && ln /home/shared/team-keys /home/hl2/.ssh/authorized_keys',
      );
      expect((await host.stat('/home/hl/keys-backup')).ino).toBe(
        (await host.stat('/home/hl/.ssh/authorized_keys')).ino,
      );
      expect((await host.stat('/home/hl2/.ssh/authorized_keys')).ino).toBe(
        (await host.stat('/home/shared/team-keys')).ino,
      );
      expect(await logins(host, ['hl', 'hl2'], oldKey)).toEqual({ hl: true, hl2: true });
      const before = await snap(host);
      expectOk(expect, await run(expect, host, 'add'), { added: 2 });
      expectOk(expect, await run(expect, host, 'verify'));
      const revoke = await run(expect, host, 'revoke');
      expectOk(expect, revoke, { removed: 2 });
      // The files linked to keep their inode and content; the authorized_keys names now
      // point to new files (the owner of hl2's, root's before, is not asserted).
      expectOnly(
        expect,
        before,
        await snap(host),
        {
          '/home/hl/.ssh/authorized_keys': { content: `${N()}\n` },
          '/home/hl2/.ssh/authorized_keys': {
            content: `# team\n${N()}\n`,
            uid: expect.any(Number) as number,
            gid: expect.any(Number) as number,
          },
        },
        'after revoke',
      );
      expect(await logins(host, ['hl', 'hl2'], newKey)).toEqual({ hl: true, hl2: true });
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  (hardlinksProtected ? it.skip : it.concurrent)(
    `4b. hard link the attacker makes to a root file${hardlinksProtected ? ' (skipped: fs.protected_hardlinks=1 forbids it on this kernel)' : ''}`,
    async ({ expect }) => {
      const host = await start({
        name: 'hardlink-attacker',
        users: [{ name: 'hl3', authorizedKeys: '' }],
        files: [{ path: '/home/shared/team-keys', content: `# team\n${O()}\n`, mode: 0o644 }],
      });
      await asUser(
        expect,
        host,
        'hl3',
        'rm /home/hl3/.ssh/authorized_keys && ln /home/shared/team-keys /home/hl3/.ssh/authorized_keys',
      );
      const before = await snap(host);
      expectOk(expect, await run(expect, host, 'add'), { added: 1 });
      const revoke = await run(expect, host, 'revoke');
      expectOk(expect, revoke, { removed: 1 });
      expectOnly(
        expect,
        before,
        await snap(host),
        {
          '/home/hl3/.ssh/authorized_keys': {
            content: `# team\n${N()}\n`,
            uid: expect.any(Number) as number,
            gid: expect.any(Number) as number,
          },
        },
        'after revoke',
      );
      await expectNoLockout(expect, host, ['hl3']);
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  // 5 ----------------------------------------------------------------------
  it.concurrent.for([
    { target: '/root/.ssh', reasons: ['unreadable'] },
    { target: '/etc/ssh/backup', reasons: ['link-leaves-home', 'no-new-key'] },
  ])(
    '5. ~/.ssh swapped for a link to $target after add',
    async ({ target, reasons }, { expect }) => {
      const host = await start({
        name: `swap-${target.replace(/\W/g, '')}`,
        users: [
          { name: 'root', authorizedKeys: `${otherKey.publicKeyLine}\n` },
          { name: 'swap', authorizedKeys: `${O()}\n` },
        ],
        // A root-owned copy of the key somewhere (a backup): sshd reads it for swap once linked.
        files: [{ path: '/etc/ssh/backup/authorized_keys', content: `${O()}\n`, mode: 0o644 }],
      });
      const start0 = await snap(host);
      expectOk(expect, await run(expect, host, 'add'), { added: 1 });
      expectOnly(
        expect,
        start0,
        await snap(host),
        { '/home/swap/.ssh/authorized_keys': { content: `${O()}\n${N()}\n` } },
        'after add',
      );
      await asUser(
        expect,
        host,
        'swap',
        `mv /home/swap/.ssh /home/swap/.ssh-old && ln -s ${target} /home/swap/.ssh`,
      );
      const before = await snap(host);
      const path = '/home/swap/.ssh/authorized_keys';
      const again = await run(expect, host, 'add');
      expectReported(expect, again, path, reasons);
      const verify = await run(expect, host, 'verify');
      expectReported(expect, verify, path, reasons);
      const revoke = await run(expect, host, 'revoke');
      expectReported(expect, revoke, path, reasons);
      expectOnly(expect, before, await snap(host), {}, 'after the swap, add, verify and revoke');
      expect(await host.sshLogin('root', newKey.privateKeyPath)).toBe(false);
      if (target === '/etc/ssh/backup') {
        // sshd now reads the backup for swap: the old key still logs in, so the host is not done.
        expect(await host.sshLogin('swap', oldKey.privateKeyPath)).toBe(true);
      }
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  // 6 ----------------------------------------------------------------------
  it.concurrent(
    '6. RSA-only sshd: an Ed25519 new key is refused without lockout; an RSA one completes',
    async ({ expect }) => {
      const host = await start({
        name: 'rsa-only',
        sshdConfig: ['PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256'],
        users: [{ name: 'legacy', authorizedKeys: `# legacy\n${oldRsa.publicKeyLine}\n` }],
      });
      const old = { old: [oldRsa] };
      expect(await host.sshLogin('legacy', oldRsa.privateKeyPath)).toBe(true);
      const before = await snap(host);
      const probe = await run(expect, host, 'probe', old);
      expectOk(expect, probe, { old: 1 });
      expect(probe.result.accepts).not.toContain('ssh-ed25519');
      expect(probe.result.accepts).toContain('ssh-rsa');

      const path = '/home/legacy/.ssh/authorized_keys';
      const ed = { ...old, next: newKey };
      expectReported(expect, await run(expect, host, 'add', ed), path, ['type-refused']);
      expectOnly(expect, before, await snap(host), {}, 'after add with an Ed25519 key');
      expectReported(expect, await run(expect, host, 'verify', ed), path, [
        'type-refused',
        'no-new-key',
      ]);
      const refused = await run(expect, host, 'revoke', ed);
      expectReported(expect, refused, path, ['type-refused', 'no-new-key']);
      expectOnly(expect, before, await snap(host), {}, 'after revoke with an Ed25519 key');
      expect(await host.sshLogin('legacy', oldRsa.privateKeyPath)).toBe(true);
      await expectNoLockout(expect, host, ['legacy'], oldRsa, newKey);
      await expectOkMeansRefused(expect, host, refused, [oldRsa]);

      const rsa = { ...old, next: newRsa };
      expectOk(expect, await run(expect, host, 'add', rsa), { added: 1 });
      expectOk(expect, await run(expect, host, 'verify', rsa), { new: 1 });
      const revoke = await run(expect, host, 'revoke', rsa);
      expectOk(expect, revoke, { removed: 1 });
      expectOnly(
        expect,
        before,
        await snap(host),
        { [path]: { content: `# legacy\n${newRsa.publicKeyLine}\n` } },
        'after the RSA rotation',
      );
      expect(await host.sshLogin('legacy', newRsa.privateKeyPath)).toBe(true);
      await expectOkMeansRefused(expect, host, revoke, [oldRsa]);
    },
  );

  // 7 ----------------------------------------------------------------------
  interface MatchCase {
    name: string;
    tail: string;
    groups?: HostSpec['groups'];
    alice: Partial<HostSpec['users'][number]>;
    files: (old: string) => NonNullable<HostSpec['files']>;
    /** alice's extra file, made by alice. */
    aliceFile?: string;
    /** The files holding the key, by path: content before → after is computed by replacement. */
    holders: string[];
  }
  const matchCases: MatchCase[] = [
    {
      name: 'LocalAddress 127.0.0.1',
      tail: 'Match LocalAddress 127.0.0.1\n    AuthorizedKeysFile /etc/ssh/keys/%u\n',
      alice: {},
      files: (old) => [
        { path: '/etc/ssh/keys/alice', content: `${old}\n` },
        { path: '/etc/ssh/keys/bob', content: `# bob\n${old}\n` },
      ],
      holders: ['/etc/ssh/keys/alice', '/etc/ssh/keys/bob'],
    },
    {
      name: 'User alice',
      tail: 'Match User alice\n    AuthorizedKeysFile .ssh/other_keys\n',
      alice: {},
      files: () => [],
      aliceFile: '/home/alice/.ssh/other_keys',
      holders: ['/home/alice/.ssh/other_keys', '/home/bob/.ssh/authorized_keys'],
    },
    {
      name: 'Group keyed',
      tail: 'Match Group keyed\n    AuthorizedKeysFile /etc/ssh/keys/%u\n',
      groups: [{ name: 'keyed', gid: 3000 }],
      alice: { groups: ['keyed'] },
      files: (old) => [{ path: '/etc/ssh/keys/alice', content: `${old}\n` }],
      holders: ['/etc/ssh/keys/alice', '/home/bob/.ssh/authorized_keys'],
    },
  ];
  it.concurrent.for(matchCases)(
    '7. Match $name moves AuthorizedKeysFile: the key there is found and rotated',
    async (c, { expect }) => {
      const matchAll = c.name.startsWith('LocalAddress');
      const host = await start({
        name: `match-${c.name.split(' ')[0]?.toLowerCase()}`,
        ...(c.groups ? { groups: c.groups } : {}),
        users: [
          { name: 'alice', authorizedKeys: `${otherKey.publicKeyLine}\n`, ...c.alice },
          {
            name: 'bob',
            authorizedKeys: matchAll ? `${otherKey.publicKeyLine}\n` : `${O()}\n`,
          },
        ],
        sshdConfigTail: c.tail,
        files: c.files(O()),
      });
      if (c.aliceFile) {
        await asUser(
          expect,
          host,
          'alice',
          `printf '%s\\n' ${sq(O())} > ${c.aliceFile} && chmod 600 ${c.aliceFile}`,
        );
      }
      // The Match block is in force: alice's ~/.ssh/authorized_keys is not read, the moved file is.
      expect(await host.sshLogin('alice', otherKey.privateKeyPath)).toBe(false);
      expect(await logins(host, ['alice', 'bob'], oldKey)).toEqual({ alice: true, bob: true });
      const before = await snap(host);
      expectOk(expect, await run(expect, host, 'add'), { old: 2, added: 2 });
      expectOk(expect, await run(expect, host, 'verify'), { new: 2 });
      const revoke = await run(expect, host, 'revoke');
      expectOk(expect, revoke, { removed: 2 });
      const after = await snap(host);
      expectOnly(
        expect,
        before,
        after,
        Object.fromEntries(
          c.holders.map((path) => [
            path,
            { content: before[path]?.content?.replace(`${O()}\n`, `${N()}\n`) },
          ]),
        ),
        'after revoke',
      );
      expect(await logins(host, ['alice', 'bob'], newKey)).toEqual({ alice: true, bob: true });
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  // 8 ----------------------------------------------------------------------
  it.concurrent(
    '8. AuthorizedKeysCommand that serves the leaked key: never ok, the command named',
    async ({ expect }) => {
      const command = '/etc/ssh/akc/keys.sh';
      const host = await start({
        name: 'akc',
        sshdConfig: [`AuthorizedKeysCommand ${command} %u`, 'AuthorizedKeysCommandUser nobody'],
        users: [{ name: 'app', authorizedKeys: `${O()}\n` }, { name: 'viaakc' }],
        files: [{ path: command, content: `#!/bin/sh\nprintf '%s\\n' ${sq(O())}\n`, mode: 0o755 }],
      });
      expect(await logins(host, ['app', 'viaakc'], oldKey)).toEqual({ app: true, viaakc: true });
      const before = await snap(host);
      const runs = [];
      for (const phase of ['add', 'verify', 'revoke'] as const) {
        const current = await run(expect, host, phase);
        expectReported(expect, current, command, ['authorized-keys-command']);
        runs.push(current);
      }
      const revoke = runs[2] as Run;
      expect(revoke.result.messages.join('\n')).toContain(command);
      expectOnly(
        expect,
        before,
        await snap(host),
        { '/home/app/.ssh/authorized_keys': { content: `${N()}\n` } },
        'after revoke',
      );
      expect(await host.sshLogin('app', newKey.privateKeyPath)).toBe(true);
      // The command still serves the leaked key, which is why the host is not ok.
      expect(await host.sshLogin('viaakc', oldKey.privateKeyPath)).toBe(true);
      await expectNoLockout(expect, host, ['app', 'viaakc']);
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  // 9 ----------------------------------------------------------------------
  it.concurrent.for([
    { config: 'the default AuthorizedKeysFile (authorized_keys2 missing)', sshdConfig: [] },
    {
      config: 'AuthorizedKeysFile .ssh/authorized_keys',
      sshdConfig: ['AuthorizedKeysFile .ssh/authorized_keys'],
    },
  ])(
    '9. root without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (NFS root_squash) reads and writes as the users ($config)',
    async ({ sshdConfig }, { expect }) => {
      const host = await start({
        name: `root-squash-${sshdConfig.length}`,
        sshdConfig,
        users: [
          { name: 'sq1', homeMode: 0o700, authorizedKeys: `${O()}\n` },
          { name: 'sq2', homeMode: 0o750, authorizedKeys: `${otherKey.publicKeyLine}\n${O()}\n` },
          { name: 'sq3', authorizedKeys: `from="127.0.0.1" ${O()}\n` },
        ],
      });
      const users = ['sq1', 'sq2', 'sq3'];
      const squash = (script: string): string =>
        `exec capsh --drop=cap_dac_override,cap_dac_read_search --shell=/bin/sh -- -c ${sq(script)}`;
      // The simulation holds: such a root cannot read the users' files.
      for (const user of users) {
        const cat = await host.exec(squash(`cat /home/${user}/.ssh/authorized_keys`));
        expect(cat.exitCode, `root reads ${user}'s file`).not.toBe(0);
        expect(cat.stderr).toMatch(/Permission denied/);
      }
      const before = await snap(host);
      const options = { wrap: squash };
      expectOk(expect, await run(expect, host, 'add', options), { old: 3, added: 3 });
      expectOk(expect, await run(expect, host, 'verify', options), { new: 3 });
      const revoke = await run(expect, host, 'revoke', options);
      expectOk(expect, revoke, { removed: 3 });
      expectOnly(
        expect,
        before,
        await snap(host),
        {
          '/home/sq1/.ssh/authorized_keys': { content: `${N()}\n` },
          '/home/sq2/.ssh/authorized_keys': { content: `${otherKey.publicKeyLine}\n${N()}\n` },
          '/home/sq3/.ssh/authorized_keys': { content: `from="127.0.0.1" ${N()}\n` },
        },
        'after revoke',
      );
      expect(await logins(host, users, newKey)).toEqual(all(users, true));
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  it.concurrent(
    '9b. a file its own user cannot read (mode 000) holding the key: incomplete, unreadable',
    async ({ expect }) => {
      const host = await start({
        name: 'sealed',
        users: [
          { name: 'sealed', authorizedKeys: `${O()}\n`, authorizedKeysMode: 0o000 },
          { name: 'plain', authorizedKeys: `${O()}\n` },
        ],
      });
      expect(await logins(host, ['sealed', 'plain'], oldKey)).toEqual({
        sealed: false,
        plain: true,
      });
      const before = await snap(host);
      const path = '/home/sealed/.ssh/authorized_keys';
      const runs: Run[] = [];
      for (const phase of ['add', 'verify', 'revoke'] as const) {
        const current = await run(expect, host, phase);
        expectReported(expect, current, path, ['unreadable']);
        runs.push(current);
      }
      expectOnly(
        expect,
        before,
        await snap(host),
        { '/home/plain/.ssh/authorized_keys': { content: `${N()}\n` } },
        'after revoke',
      );
      await expectNoLockout(expect, host, ['plain']);
      await expectOkMeansRefused(expect, host, runs[2] as Run);
    },
  );

  // 10 ---------------------------------------------------------------------
  it.concurrent(
    "10. a group-writable copy of the key in another user's file (ignored by sshd) does not fail the host",
    async ({ expect }) => {
      const host = await start({
        name: 'group-writable',
        groups: [{ name: 'team', gid: 2000, members: [] }],
        users: [
          { name: 'alice', groups: ['team'], authorizedKeys: `${O()}\n` },
          { name: 'bob', groups: ['team'], authorizedKeys: `${otherKey.publicKeyLine}\n${O()}\n` },
          { name: 'carol', groups: ['team'], authorizedKeys: `# carol\n${O()}\n` },
        ],
      });
      await asUser(
        expect,
        host,
        'carol',
        'chgrp team /home/carol/.ssh/authorized_keys && chmod 664 /home/carol/.ssh/authorized_keys',
      );
      // The real sshd ignores carol's file (StrictModes: group-writable, the group has 3 members).
      expect(await logins(host, ['alice', 'bob', 'carol'], oldKey)).toEqual({
        alice: true,
        bob: true,
        carol: false,
      });
      const carolFile = '/home/carol/.ssh/authorized_keys';
      const carolBefore = await host.readFile(carolFile);
      const before = await snap(host);
      const runs: Run[] = [];
      for (const phase of ['add', 'verify', 'revoke'] as const) {
        const current = await run(expect, host, phase);
        runs.push(current);
        expect(await host.readFile(carolFile), `${phase}: carol's file`).not.toContain(newKey.blob);
      }
      const [add, verify, revoke] = runs as [Run, Run, Run];
      expectOk(expect, add, { old: 2, added: 2 });
      expectOk(expect, verify, { new: 2 });
      expectOk(expect, revoke);
      const carolAfter = await host.readFile(carolFile);
      expect([carolBefore, '# carol\n']).toContain(carolAfter);
      const after = await snap(host);
      const changes: Record<string, Partial<SnapshotEntry>> = {
        '/home/alice/.ssh/authorized_keys': { content: `${N()}\n` },
        '/home/bob/.ssh/authorized_keys': { content: `${otherKey.publicKeyLine}\n${N()}\n` },
      };
      if (carolAfter !== carolBefore) changes[carolFile] = { content: '# carol\n' };
      expectOnly(expect, before, after, changes, 'after revoke');
      expect(await logins(host, ['alice', 'bob'], newKey)).toEqual({ alice: true, bob: true });
      expect(await host.sshLogin('carol', newKey.privateKeyPath)).toBe(false);
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  // 11 ---------------------------------------------------------------------
  it.concurrent.for([
    { extraUsers: ['ec2-user', 'ubuntu'], missing: ['ec2-user'] },
    { extraUsers: ['ec2-user', 'centos'], missing: ['ec2-user', 'centos'] },
  ])(
    '11. extra users absent from the host ($extraUsers): a note, not a failure',
    async ({ extraUsers, missing }, { expect }) => {
      const hasUbuntu = extraUsers.includes('ubuntu');
      const host = await start({
        name: `absent-${missing.length}`,
        users: [
          { name: 'admin', authorizedKeys: `${O()}\n` },
          ...(hasUbuntu ? [{ name: 'ubuntu' }] : []),
        ],
      });
      const before = await snap(host);
      const note = `no-such-user=${missing.join(',')}`;
      const runs: Run[] = [];
      for (const phase of ['add', 'verify', 'revoke'] as const) {
        const current = await run(expect, host, phase, { extraUsers });
        expectOk(expect, current);
        expect(current.notes, `${phase} notes`).toEqual([note]);
        expect(current.result.messages).toContain(
          `no such user on this host: ${missing.join(', ')}`,
        );
        runs.push(current);
      }
      const changes: Record<string, Partial<SnapshotEntry>> = {
        '/home/admin/.ssh/authorized_keys': { content: `${N()}\n` },
      };
      if (hasUbuntu) {
        const uid = host.uidOf('ubuntu');
        changes['/home/ubuntu/.ssh'] = { type: 'dir', mode: 0o700, uid, gid: uid };
        changes['/home/ubuntu/.ssh/authorized_keys'] = {
          type: 'file',
          mode: 0o600,
          uid,
          gid: uid,
          content: `${N()}\n`,
        };
      }
      expectOnly(expect, before, await snap(host), changes, 'after revoke');
      const users = hasUbuntu ? ['admin', 'ubuntu'] : ['admin'];
      expect(await logins(host, users, newKey)).toEqual(all(users, true));
      await expectOkMeansRefused(expect, host, runs[2] as Run);
    },
  );

  // 12 ---------------------------------------------------------------------
  it.concurrent(
    '12. two scripts at once on one host (two leaked keys in one file): both rotations stick',
    async ({ expect }) => {
      const host = await start({
        name: 'two-at-once',
        users: [{ name: 'twice', authorizedKeys: `${O()}\n${old2.publicKeyLine}\n` }],
      });
      const first = { old: [oldKey], next: newKey };
      const second = { old: [old2], next: new2 };
      const path = '/home/twice/.ssh/authorized_keys';
      const before = await snap(host);
      const adds = await Promise.all([
        run(expect, host, 'add', first),
        run(expect, host, 'add', second),
      ]);
      for (const add of adds) expectOk(expect, add, { files: 1, old: 1, added: 1 });
      expect(await host.readFile(path)).toBe(
        `${O()}\n${N()}\n${old2.publicKeyLine}\n${new2.publicKeyLine}\n`,
      );
      const verifies = await Promise.all([
        run(expect, host, 'verify', first),
        run(expect, host, 'verify', second),
      ]);
      for (const verify of verifies) expectOk(expect, verify, { new: 1 });
      const revokes = await Promise.all([
        run(expect, host, 'revoke', first),
        run(expect, host, 'revoke', second),
      ]);
      for (const revoke of revokes) expectOk(expect, revoke, { files: 1, removed: 1 });
      expectOnly(
        expect,
        before,
        await snap(host),
        { [path]: { content: `${N()}\n${new2.publicKeyLine}\n` } },
        'after both revokes',
      );
      expect(await host.sshLogin('twice', newKey.privateKeyPath)).toBe(true);
      expect(await host.sshLogin('twice', new2.privateKeyPath)).toBe(true);
      await expectOkMeansRefused(expect, host, revokes[0] as Run, [oldKey, old2]);
    },
  );

  // 13 ---------------------------------------------------------------------
  it.concurrent(
    '13. spaces: a home with a space rotates; an AuthorizedKeysFile path with one is reported, not guessed',
    async ({ expect }) => {
      const host = await start({
        name: 'spaces',
        sshdConfig: ['AuthorizedKeysFile .ssh/authorized_keys "/etc/ssh/keys dir/%u"'],
        users: [
          { name: 'spacey', home: '/home/my home', authorizedKeys: `${O()}\n` },
          { name: 'quoted', authorizedKeys: `${otherKey.publicKeyLine}\n` },
        ],
        files: [{ path: '/etc/ssh/keys dir/quoted', content: `${O()}\n` }],
      });
      // The real sshd reads both files.
      expect(await logins(host, ['spacey', 'quoted'], oldKey)).toEqual({
        spacey: true,
        quoted: true,
      });
      const before = await snap(host);
      const add = await run(expect, host, 'add');
      const verify = await run(expect, host, 'verify');
      const revoke = await run(expect, host, 'revoke');
      await expectOkMeansRefused(expect, host, revoke);
      // `sshd -T` prints the quoted path without its quotes, so the script cannot tell which
      // file it names: every phase says so (incomplete), and the home with a space rotates.
      for (const current of [add, verify, revoke]) {
        expect(current.result.status, current.stdout).toBe('incomplete');
        expect(current.files.map((file) => file.reason)).toContain('quoted-authorized-keys-file');
      }
      expectOnly(
        expect,
        before,
        await snap(host),
        { '/home/my home/.ssh/authorized_keys': { content: `${N()}\n` } },
        'after revoke',
      );
      expect(await logins(host, ['spacey', 'quoted'], newKey)).toEqual({
        spacey: true,
        quoted: false,
      });
      // Not locked out: quoted still logs in with the key the script could not replace.
      expect(await host.sshLogin('quoted', oldKey.privateKeyPath)).toBe(true);
    },
  );

  it.concurrent(
    '13b. hostile home paths: rotated where readable, refusals reported, output short and one line each',
    async ({ expect }) => {
      const names = [
        `${'long-'.repeat(48)}end`,
        'sp ace $(touch /tmp/pwned) `id`',
        'semi;colon&pipe|',
        'quote\'"',
        'star*glob?[a]',
        '-dash',
        'back\\slash\\t',
        'unicode-é-ü',
        'percent%u%h%%',
      ];
      // s<i>: a readable file (rotated); x<i>: a file its user cannot read (reported).
      const host = await start({
        name: 'hostile-homes',
        users: names.flatMap((name, i) => [
          { name: `s${i}`, home: `/home/${name}`, authorizedKeys: `${O()}\n` },
          {
            name: `x${i}`,
            home: `/home/${name}-x`,
            authorizedKeys: `${O()}\n`,
            authorizedKeysMode: 0o000,
          },
        ]),
      });
      const readable = names.map((_, i) => `s${i}`);
      expect(await logins(host, readable, oldKey)).toEqual(all(readable, true));
      const before = await snap(host);
      const runs: Run[] = [];
      for (const phase of ['add', 'verify', 'revoke'] as const) {
        const current = await run(expect, host, phase);
        runs.push(current);
        expect(current.result.status, `${phase}: ${current.stdout}`).toBe('incomplete');
        expect.soft(current.result.kept, `${phase}: ${current.stdout}`).toBe(names.length);
        expect(current.files.length, phase).toBe(8);
        for (const file of current.files) {
          expect(file.reason).toBe('unreadable');
          expect(names.map((name) => shown(`/home/${name}-x/.ssh/authorized_keys`))).toContain(
            file.path,
          );
        }
        expect(current.result.messages).toContain(`and ${names.length - 8} more file(s)`);
      }
      const [add, , revoke] = runs as [Run, Run, Run];
      expect(add.result.added).toBe(names.length);
      expect(revoke.result.removed).toBe(names.length);
      expectOnly(
        expect,
        before,
        await snap(host),
        Object.fromEntries(
          names.map((name) => [`/home/${name}/.ssh/authorized_keys`, { content: `${N()}\n` }]),
        ),
        'after revoke',
      );
      expect(await logins(host, readable, newKey)).toEqual(all(readable, true));
      expect(await logins(host, readable, oldKey)).toEqual(all(readable, false));
      await expectOkMeansRefused(expect, host, revoke);
    },
  );

  it.concurrent(
    '13c. a home with a tab in it: rotated, or reported, never skipped',
    async ({ expect }) => {
      const home = '/home/tab\there';
      const host = await start({
        name: 'tab-home',
        users: [
          { name: 'tabby', home, authorizedKeys: `${O()}\n` },
          { name: 'plain', authorizedKeys: `${O()}\n` },
        ],
      });
      const users = ['tabby', 'plain'];
      expect(await logins(host, users, oldKey)).toEqual(all(users, true));
      const before = await snap(host);
      const path = `${home}/.ssh/authorized_keys`;
      const runs: Run[] = [];
      for (const phase of ['add', 'verify', 'revoke'] as const) {
        const current = await run(expect, host, phase);
        runs.push(current);
        // Either tabby's file is rotated with plain's (ok), or tabby is named as refused.
        if (current.result.status !== 'ok') {
          expect
            .soft(
              current.files.map((file) => `${file.reason} ${file.user} ${file.path}`),
              phase,
            )
            .toContainEqual(expect.stringMatching(/^unusable-home tabby -$|authorized_keys$/));
        }
      }
      const revoke = runs[2] as Run;
      await expectOkMeansRefused(expect, host, revoke);
      await expectNoLockout(expect, host, users);
      const after = await snap(host);
      const changes: Record<string, Partial<SnapshotEntry>> = {
        '/home/plain/.ssh/authorized_keys': { content: `${N()}\n` },
      };
      if (revoke.result.status === 'ok') changes[path] = { content: `${N()}\n` };
      expectOnly(expect, before, after, changes, 'after revoke');
    },
  );
});
