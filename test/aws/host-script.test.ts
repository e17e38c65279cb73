/**
 * The host script (src/aws/host/host-script.sh via buildHostScript) run for
 * real: inside simulated hosts (test/helpers/hosts.ts) against the files
 * their own sshd reads, with the real ssh client proving which keys log in.
 * Attacks by unprivileged users are in host-attacks.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { parseHostResult, type HostResult } from '../../src/aws/host/host-result.js';
import {
  blobFingerprint,
  buildHostScript,
  compactBody,
  hostScriptBody,
  type HostPhase,
  type HostScriptParams,
} from '../../src/aws/host/host-script.js';
import { createKeyring, type Keyring, type SshKey } from '../helpers/host-keys.js';
import {
  amazonLinuxHost,
  customKeysFileHost,
  debianHost,
  hostSupport,
  keyOptionsHost,
  rootAndUserHost,
  startHost,
  ubuntuHost,
  type Host,
  type HostPreset,
  type HostSpec,
} from '../helpers/hosts.js';

const BLOB_A = 'AAAAC3NzaC1lZDI1NTE5AAAAIOldKeyOldKeyOldKeyOldKeyOldKeyOldKeyOldKe';
const BLOB_B = 'AAAAC3NzaC1lZDI1NTE5AAAAINewKeyNewKeyNewKeyNewKeyNewKeyNewKeyNewKe';
const PARAMS: HostScriptParams = {
  phase: 'add',
  oldKeyBlobs: [BLOB_A],
  newKeyLine: `ssh-ed25519 ${BLOB_B} ec2-key-rotate my-pair`,
  extraUsers: [],
};
const SCRIPT_SH = new URL('../../src/aws/host/host-script.sh', import.meta.url);

describe('buildHostScript', () => {
  it('reads its one source, host-script.sh, and sends it without comments or indentation', () => {
    const sh = readFileSync(SCRIPT_SH, 'utf8');
    expect(hostScriptBody()).toBe(sh);
    const compact = compactBody();
    expect(compact.length).toBeLessThan(sh.length * 0.8);
    expect(compact.split('\n').some((line) => /^\s|^#/.test(line))).toBe(false);
    // The same statements in the same order: only comments, blank lines and indentation go.
    const statements = sh
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(compact.trimEnd().split('\n')).toEqual(statements);
  });

  it.each(['probe', 'add', 'verify', 'revoke'] as const)(
    '%s: passes `dash -n` (and bash --posix -n)',
    (phase) => {
      const script = buildHostScript({
        ...PARAMS,
        phase,
        newKeyLine: phase === 'probe' ? null : PARAMS.newKeyLine,
        extraUsers: ['ops', 'deploy'],
      });
      execFileSync('dash', ['-n'], { input: script });
      execFileSync('bash', ['--posix', '-n'], { input: script });
      expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    },
  );

  it('puts the inputs in single-quoted variables that sh reads back exactly', () => {
    const line = `ssh-ed25519 ${BLOB_B} it's "quoted" $HOME \`x\``;
    const script = buildHostScript({
      ...PARAMS,
      newKeyLine: `  ${line}  `,
      oldKeyBlobs: [BLOB_A, BLOB_A, 'AAAAB3Nza=='],
      extraUsers: ['a', 'b$'],
    });
    const header = script.split('\n').slice(0, 9).join('\n');
    const out = execFileSync('dash', [
      '-c',
      `${header}\nprintf '%s|' "$EC2KR_PHASE" "$EC2KR_OLD_BLOBS" "$EC2KR_NEW_LINE" "$EC2KR_NEW_BLOB" "$EC2KR_NEW_TYPE" "$EC2KR_NEW_FP" "$EC2KR_EXTRA_USERS"`,
    ]);
    expect(out.toString()).toBe(
      `add|${BLOB_A} AAAAB3Nza==|${line}|${BLOB_B}|ssh-ed25519|${blobFingerprint(BLOB_B)}|a b$|`,
    );
  });

  it('gives the fingerprint ssh-keygen prints for the new key', async () => {
    const keys = createKeyring();
    try {
      for (const type of ['ed25519', 'rsa', 'ecdsa'] as const) {
        const key = await keys.make(type, { type });
        const printed = execFileSync('ssh-keygen', [
          '-l',
          '-E',
          'sha256',
          '-f',
          `${key.privateKeyPath}.pub`,
        ])
          .toString()
          .split(' ')[1];
        expect(blobFingerprint(key.blob)).toBe(printed);
      }
    } finally {
      keys.cleanup();
    }
  });

  it('refuses inputs the script could misread', () => {
    const bad: Partial<HostScriptParams>[] = [
      { newKeyLine: `ssh-ed25519 ${BLOB_B}\nssh-ed25519 ${BLOB_A}` },
      { newKeyLine: `from="1.2.3.4" ssh-ed25519 ${BLOB_B}` },
      { newKeyLine: 'ssh-ed25519' },
      { newKeyLine: `ssh-ed25519 ${BLOB_B} caf\u00e9` },
      { newKeyLine: null },
      { oldKeyBlobs: ['not base64!'] },
      { oldKeyBlobs: [] },
      { oldKeyBlobs: [BLOB_B] },
      { extraUsers: ['root; rm -rf /'] },
      { extraUsers: ['-x'] },
      { phase: 'delete' as HostPhase },
    ];
    for (const params of bad) expect(() => buildHostScript({ ...PARAMS, ...params })).toThrow();
    expect(buildHostScript({ ...PARAMS, phase: 'probe', newKeyLine: null })).toContain(
      "EC2KR_NEW_BLOB=''",
    );
  });
});

describe('parseHostResult', () => {
  const line = (fields: string): string => `EC2KR-RESULT v=2 ${fields}`;

  it('reads the result line, the files and the notes', () => {
    expect(
      parseHostResult(
        `${line('phase=add status=ok files=2 old=2 new=0 added=3 removed=0 kept=0 ignored=0')}\n`,
        0,
      ),
    ).toEqual({
      phase: 'add',
      status: 'ok',
      files: 2,
      old: 2,
      new: 0,
      added: 3,
      removed: 0,
      kept: 0,
      ignored: 0,
      accepts: null,
      messages: [],
    });
    const incomplete = parseHostResult(
      [
        'EC2KR-NOTE no-such-user=ghost,ubuntu',
        'EC2KR-FILE reason=ignored-unsafe-dir:/home/gw user=gw path=/home/gw/.ssh/authorized_keys',
        'EC2KR-FILE reason=no-new-key user=root path=/root/.ssh/authorized_keys',
        'EC2KR-FILE reason=link-leaves-home user=deploy path=/home/deploy/.ssh/authorized_keys',
        'EC2KR-NOTE ec2-instance-connect',
        line(
          'phase=revoke status=incomplete files=5 old=4 new=2 added=0 removed=2 kept=2 ignored=1',
        ),
        '',
      ].join('\n'),
      1,
    );
    expect(incomplete).toMatchObject({
      phase: 'revoke',
      status: 'incomplete',
      kept: 2,
      ignored: 1,
    });
    expect(incomplete.messages).toEqual([
      '/home/gw/.ssh/authorized_keys (gw): sshd ignores this file, which still holds the old key (directory /home/gw is group/world-writable or not owned by the user or root, so sshd ignores the file (StrictModes))',
      '/root/.ssh/authorized_keys: the new key is not in the file (the old key, if any, was kept)',
      "/home/deploy/.ssh/authorized_keys (deploy): a link in the user's home leads out of it: refused (root never writes through a user's link)",
      'no such user on this host: ghost, ubuntu',
      expect.stringContaining('EC2 Instance Connect'),
    ]);
    expect(
      parseHostResult(
        `${line('phase=probe status=ok files=1 old=1 new=0 added=0 removed=0 kept=0 ignored=0 accepts=ssh-rsa,ecdsa-sha2-nistp256')}\n`,
        0,
      ).accepts,
    ).toEqual(['ssh-rsa', 'ecdsa-sha2-nistp256']);
    expect(
      parseHostResult(
        `${line('phase=probe status=ok files=0 old=0 new=0 added=0 removed=0 kept=0 ignored=0 accepts=none')}\n`,
        0,
      ).accepts,
    ).toEqual([]);
  });

  it('ignores Run Command stderr and CRLF, and cleans what the host printed', () => {
    const output = `${line('phase=revoke status=ok files=1 old=1 new=1 added=0 removed=2 kept=0 ignored=0')}\r\n\n----------ERROR-------\n${line('phase=add status=ok files=9 old=9 new=0 added=9 removed=0 kept=0 ignored=0')}\n`;
    expect(parseHostResult(output, 0)).toMatchObject({ phase: 'revoke', status: 'ok', removed: 2 });
    const hostile = parseHostResult(
      `EC2KR-FILE reason=write user=x path=/home/x/\u001b[31m::warning::${'y'.repeat(600)}\n${line('phase=add status=incomplete files=1 old=1 new=0 added=0 removed=0 kept=1 ignored=0')}\n`,
      1,
    );
    expect([...(hostile.messages[0] ?? '')].every((c) => (c >= ' ' && c <= '~') || c === '…')).toBe(
      true,
    );
    expect(hostile.messages[0]?.length).toBeLessThanOrEqual(400);
  });

  it('fails on truncated, missing or malformed output, and on exit codes that disagree', () => {
    const truncated = parseHostResult(`${'x'.repeat(2477)}\n---Output truncated---`, 0);
    expect(truncated).toMatchObject({ status: 'failed', phase: null });
    expect(truncated.messages[0]).toMatch(/output truncated before the result line \(exit 0\)/);
    expect(
      parseHostResult('\n----------ERROR-------\nsh: 1: awk: not found\n', 127).messages,
    ).toEqual(['the script printed no result line (exit 127): sh: 1: awk: not found']);
    expect(parseHostResult('', -1)).toMatchObject({
      status: 'failed',
      messages: ['the script printed no result line (exit -1)'],
    });
    expect(parseHostResult(`${line('phase=add status=ok files=2 old=')}`, 0).messages[0]).toMatch(
      /malformed/,
    );
    // Version 1 lines (an older script) are not understood, so not trusted.
    expect(
      parseHostResult('EC2KR-RESULT v=1 phase=add status=ok files=1 added=1 removed=0 failed=0', 0)
        .status,
    ).toBe('failed');
    for (const [status, exit] of [
      ['ok', 1],
      ['incomplete', 0],
      ['ok', 2],
    ] as const) {
      const mismatch = parseHostResult(
        `${line(`phase=revoke status=${status} files=1 old=1 new=1 added=0 removed=1 kept=0 ignored=0`)}\n`,
        exit,
      );
      expect(mismatch.status).toBe('failed');
      expect(mismatch.messages[0]).toBe(`the script reported ${status} but exited ${exit}`);
    }
    const fatal = parseHostResult(
      `${line('phase=add status=failed files=0 old=0 new=0 added=0 removed=0 kept=0 ignored=0 error=missing-awk')}\n`,
      2,
    );
    expect(fatal.messages).toEqual(['script error: missing tool: awk']);
  });
});

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping host-script tests on simulated hosts: ${unsupported}`);

describe.skipIf(unsupported !== null)('host script on simulated hosts', () => {
  let keys: Keyring;
  let oldKey: SshKey;
  let newKey: SshKey;
  let otherKey: SshKey;
  const hosts: Host[] = [];

  beforeAll(async () => {
    keys = createKeyring();
    [oldKey, newKey, otherKey] = await Promise.all([
      keys.make('old'),
      keys.make('new'),
      keys.make('other'),
    ]);
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
    keys?.cleanup();
  });

  async function start(spec: HostSpec): Promise<Host> {
    const host = await startHost(spec);
    hosts.push(host);
    return host;
  }

  interface Run {
    result: HostResult;
    stdout: string;
    stderr: string;
    exitCode: number;
  }

  async function run(
    host: Host,
    phase: HostPhase,
    extra: Partial<HostScriptParams> = {},
  ): Promise<Run> {
    const script = buildHostScript({
      phase,
      oldKeyBlobs: [oldKey.blob],
      newKeyLine: phase === 'probe' ? null : newKey.publicKeyLine,
      extraUsers: [],
      ...extra,
    });
    const { exitCode, stdout, stderr } = await host.exec(script);
    return { result: parseHostResult(stdout, exitCode), stdout, stderr, exitCode };
  }

  /**
   * Runs a phase twice: the second run must change nothing at all (same bytes, same inodes).
   * `check` is the calling test's own `expect` (concurrent tests need it).
   */
  async function twice(
    host: Host,
    phase: HostPhase,
    extra: Partial<HostScriptParams> = {},
    check: ExpectStatic = expect,
  ): Promise<[Run, Run]> {
    const first = await run(host, phase, extra);
    const after = await host.snapshot();
    const second = await run(host, phase, extra);
    check(await host.snapshot(), `${phase} run twice on ${host.name}`).toEqual(after);
    check(first.stderr).toBe('');
    check(second.stderr).toBe('');
    return [first, second];
  }

  const ok = (counts: Partial<HostResult>): Partial<HostResult> => ({
    status: 'ok',
    kept: 0,
    ...counts,
  });

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

  const presets: [string, () => HostPreset][] = [
    ['amazon-linux', () => amazonLinuxHost(oldKey.publicKeyLine)],
    ['ubuntu', () => ubuntuHost(oldKey.publicKeyLine)],
    ['debian', () => debianHost(oldKey.publicKeyLine)],
    ['root-and-user', () => rootAndUserHost(oldKey.publicKeyLine, otherKey.publicKeyLine)],
    ['custom-akf', () => customKeysFileHost(oldKey.publicKeyLine)],
    ['key-options', () => keyOptionsHost(oldKey.publicKeyLine)],
  ];

  it.concurrent.for(presets)(
    '%s: probe → add → verify → revoke, each twice; then only the new key logs in',
    async ([, make], { expect }) => {
      const preset = make();
      const host = await start(preset.spec);
      const users = preset.keyUsers;
      const n = users.length;
      expect(await logins(host, users, oldKey)).toEqual(all(users, true));
      expect(await logins(host, users, newKey)).toEqual(all(users, false));
      const before = await host.snapshot();

      const [probe] = await twice(host, 'probe', {}, expect);
      expect(probe.result).toMatchObject(ok({ old: n, added: 0, removed: 0 }));
      expect(probe.result.accepts).toEqual(['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256']);
      expect(await host.snapshot()).toEqual(before);

      const [add, addAgain] = await twice(host, 'add', {}, expect);
      expect(add.result).toMatchObject(ok({ files: n, old: n, added: n, removed: 0 }));
      expect(addAgain.result).toMatchObject(ok({ files: n, old: n, added: 0, removed: 0 }));
      expect(add.exitCode).toBe(0);
      expect(await logins(host, users, oldKey)).toEqual(all(users, true));
      expect(await logins(host, users, newKey)).toEqual(all(users, true));

      const [verify, verifyAgain] = await twice(host, 'verify', {}, expect);
      expect(verify.result).toMatchObject(ok({ files: n, old: n, new: n, removed: 0 }));
      expect(verifyAgain.result).toMatchObject(ok({ files: n, old: n, new: n, removed: 0 }));

      const [revoke, revokeAgain] = await twice(host, 'revoke', {}, expect);
      expect(revoke.result).toMatchObject(ok({ files: n, old: n, new: n, removed: n }));
      expect(revokeAgain.result).toMatchObject(ok({ files: n, old: 0, new: n, removed: 0 }));
      expect(await logins(host, users, newKey)).toEqual(all(users, true));
      expect(await logins(host, users, oldKey)).toEqual(all(users, false));
      expect((await run(host, 'verify')).result).toMatchObject(ok({ files: n, new: n }));

      // Every file sshd reads now has the new key where the old one was (options and all);
      // owners and modes are kept; files sshd does not read are untouched; no temp files.
      const after = await host.snapshot();
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const [path, entry] of Object.entries(before)) {
        const now = after[path];
        expect(now, path).toMatchObject({
          type: entry.type,
          mode: entry.mode,
          uid: entry.uid,
          gid: entry.gid,
        });
        if (entry.type !== 'file' || !entry.content?.includes(oldKey.blob)) {
          expect(now?.content, path).toBe(entry.content);
        } else if (preset.unread?.includes(path)) {
          expect(now, path).toEqual(entry);
        } else {
          expect(now?.content, path).toBe(
            entry.content.replaceAll(oldKey.publicKeyLine, newKey.publicKeyLine),
          );
        }
      }
    },
  );

  it('carries options over, and they still apply (cloud-init root line, from=)', async () => {
    const host = await start(amazonLinuxHost(oldKey.publicKeyLine).spec);
    const options = await start(keyOptionsHost(oldKey.publicKeyLine).spec);
    for (const h of [host, options]) {
      expect((await run(h, 'add')).result.status).toBe('ok');
      expect((await run(h, 'revoke')).result.status).toBe('ok');
    }
    const root = await host.ssh('root', newKey.privateKeyPath);
    expect(root).toMatchObject({ authenticated: true, exitCode: 142 });
    expect(root.stdout).toContain(
      'Please login as the user "ec2-user" rather than the user "root".',
    );
    expect(await options.readFile('/home/ops/.ssh/authorized_keys')).toBe(
      `from="127.0.0.1,::1",no-port-forwarding,no-agent-forwarding ${newKey.publicKeyLine}\n`,
    );
    expect(await options.sshLogin('ops', newKey.privateKeyPath)).toBe(true);
  });

  it('handles CRLF, missing final newlines, duplicates, quoted options, symlinks, authorized_keys2 and extra users', async () => {
    const oldLine = oldKey.publicKeyLine;
    const newLine = newKey.publicKeyLine;
    const other = otherKey.publicKeyLine;
    const [type, blob] = oldLine.split(' ') as [string, string];
    const quoted = `command="printf '%s\\n' \\"a b, c\\"",no-pty`;
    const dupFrom = `from="127.0.0.1" ${type} ${blob} same-key-other-comment`;
    const host = await start({
      name: 'edge',
      groups: [{ name: 'staff', gid: 50 }],
      users: [
        { name: 'crlf', authorizedKeys: `# managed by hand\r\n${other}\r\n${oldLine}\r\n` },
        { name: 'noeol', authorizedKeys: `${other}\n${oldLine}` },
        { name: 'noeol2', authorizedKeys: `${oldLine}\n# end` },
        { name: 'dup', authorizedKeys: `${oldLine}\n\n# again\n${oldLine}\n${dupFrom}\n` },
        { name: 'mixed', authorizedKeys: `# header\n\n${other}\n   ${oldLine}\n# footer\n` },
        {
          name: 'modes',
          gid: 50,
          sshDirMode: 0o755,
          authorizedKeysMode: 0o644,
          authorizedKeys: `${oldLine}\n`,
        },
        { name: 'linked', authorizedKeys: '' },
        { name: 'legacy', authorizedKeys: `${other}\n` },
        { name: 'quoted', authorizedKeys: `${quoted} ${oldLine}\n` },
        { name: 'svcacct', shell: '/usr/sbin/nologin', authorizedKeys: `${oldLine}\n` },
        { name: 'newbie' },
        { name: 'admin2', authorizedKeys: `${other}\n` },
      ],
    });
    // linked: ~/.ssh/authorized_keys is a symlink to ~/.ssh/keys/main (inside the home: written
    // as the user, the link kept); legacy: the key only in authorized_keys2.
    const setup = await host.exec(
      [
        'cd /home/linked/.ssh && rm authorized_keys && mkdir -m 700 keys && chown linked:linked keys',
        `printf '%s\\n' '${oldLine}' > keys/main && chown linked:linked keys/main && ln -s keys/main authorized_keys`,
        `printf '%s\\n' '${oldLine}' > /home/legacy/.ssh/authorized_keys2 && chown legacy:legacy /home/legacy/.ssh/authorized_keys2`,
      ].join('\n'),
    );
    expect(setup).toMatchObject({ exitCode: 0, stderr: '' });
    const holders = [
      'crlf',
      'noeol',
      'noeol2',
      'dup',
      'mixed',
      'modes',
      'linked',
      'legacy',
      'quoted',
      'svcacct',
    ];
    const extraUsers = ['newbie', 'admin2'];
    expect(await logins(host, holders, oldKey)).toEqual(all(holders, true));
    const modesBefore = await host.stat('/home/modes/.ssh/authorized_keys');

    const [add, addAgain] = await twice(host, 'add', { extraUsers });
    // 10 files held the old key; dup has two option strings; the two extra users get one line each.
    expect(add.result).toMatchObject(ok({ files: 12, old: 10, added: 13, removed: 0 }));
    expect(addAgain.result).toMatchObject(ok({ files: 12, old: 10, added: 0, removed: 0 }));
    const keysOf = (user: string): Promise<string> =>
      host.readFile(`/home/${user}/.ssh/authorized_keys`);
    expect(await keysOf('crlf')).toBe(
      `# managed by hand\r\n${other}\r\n${oldLine}\r\n${newLine}\r\n`,
    );
    expect(await keysOf('noeol')).toBe(`${other}\n${oldLine}\n${newLine}\n`);
    expect(await keysOf('noeol2')).toBe(`${oldLine}\n${newLine}\n# end`);
    expect(await keysOf('dup')).toBe(
      `${oldLine}\n${newLine}\n\n# again\n${oldLine}\n${dupFrom}\nfrom="127.0.0.1" ${newLine}\n`,
    );
    expect(await keysOf('mixed')).toBe(
      `# header\n\n${other}\n   ${oldLine}\n${newLine}\n# footer\n`,
    );
    expect(await keysOf('quoted')).toBe(`${quoted} ${oldLine}\n${quoted} ${newLine}\n`);
    expect(await keysOf('admin2')).toBe(`${other}\n${newLine}\n`);
    expect(await keysOf('newbie')).toBe(`${newLine}\n`);
    const newbie = host.uidOf('newbie');
    expect(await host.stat('/home/newbie/.ssh')).toMatchObject({
      mode: 0o700,
      uid: newbie,
      gid: newbie,
    });
    expect(await host.stat('/home/newbie/.ssh/authorized_keys')).toMatchObject({
      mode: 0o600,
      uid: newbie,
      gid: newbie,
    });

    const [verify] = await twice(host, 'verify', { extraUsers });
    expect(verify.result).toMatchObject(ok({ files: 12, old: 10, new: 12 }));
    const [revoke, revokeAgain] = await twice(host, 'revoke', { extraUsers });
    // dup loses all three of its old lines.
    expect(revoke.result).toMatchObject(ok({ files: 12, old: 10, new: 12, removed: 12 }));
    expect(revokeAgain.result).toMatchObject(ok({ files: 12, old: 0, new: 12, removed: 0 }));

    expect(await keysOf('crlf')).toBe(`# managed by hand\r\n${other}\r\n${newLine}\r\n`);
    expect(await keysOf('noeol')).toBe(`${other}\n${newLine}\n`);
    expect(await keysOf('noeol2')).toBe(`${newLine}\n# end`);
    expect(await keysOf('dup')).toBe(`${newLine}\n\n# again\nfrom="127.0.0.1" ${newLine}\n`);
    expect(await keysOf('mixed')).toBe(`# header\n\n${other}\n${newLine}\n# footer\n`);
    expect(await host.readFile('/home/legacy/.ssh/authorized_keys2')).toBe(`${newLine}\n`);
    expect(await keysOf('legacy')).toBe(`${other}\n`);
    expect(
      (await host.snapshot(['/home/linked/.ssh/authorized_keys']))[
        '/home/linked/.ssh/authorized_keys'
      ],
    ).toMatchObject({
      type: 'link',
      content: 'keys/main',
    });
    expect(await host.readFile('/home/linked/.ssh/keys/main')).toBe(`${newLine}\n`);
    const modesAfter = await host.stat('/home/modes/.ssh/authorized_keys');
    expect(modesAfter).toMatchObject({ mode: 0o644, uid: modesBefore.uid, gid: 50 });
    expect(modesAfter.ino).not.toBe(modesBefore.ino); // replaced by rename, not rewritten in place

    const everyone = [...holders, ...extraUsers];
    expect(await logins(host, everyone, newKey)).toEqual(all(everyone, true));
    expect(await logins(host, holders, oldKey)).toEqual(all(holders, false));
    expect(await logins(host, ['crlf', 'mixed', 'legacy', 'admin2'], otherKey)).toEqual(
      all(['crlf', 'mixed', 'legacy', 'admin2'], true),
    );
    expect((await host.ssh('quoted', newKey.privateKeyPath, 'ignored')).stdout).toBe('a b, c\n');
  });

  it('a file sshd ignores (group-writable home) never gets the new key; its old key is removed', async () => {
    const host = await start({
      name: 'strict',
      users: [
        // Group-writable by `users`, which has another member: even Debian's sshd (which
        // tolerates a group-writable private group) ignores the file.
        { name: 'gw', gid: 100, homeMode: 0o775, authorizedKeys: `${oldKey.publicKeyLine}\n` },
        { name: 'fine', groups: ['users'], authorizedKeys: `${oldKey.publicKeyLine}\n` },
        // Group-writable by its own private group: Debian's sshd reads it.
        { name: 'private', homeMode: 0o775, authorizedKeys: `${oldKey.publicKeyLine}\n` },
      ],
    });
    expect(await logins(host, ['fine', 'gw', 'private'], oldKey)).toEqual({
      fine: true,
      gw: false,
      private: true,
    });
    const add = await run(host, 'add');
    expect(add.result).toMatchObject(ok({ files: 3, old: 2, added: 2, ignored: 1 }));
    expect(add.result.messages).toEqual([
      '/home/gw/.ssh/authorized_keys (gw): sshd ignores this file, which still holds the old key (directory /home/gw is group/world-writable or not owned by the user or root, so sshd ignores the file (StrictModes))',
    ]);
    expect(await host.readFile('/home/gw/.ssh/authorized_keys')).toBe(`${oldKey.publicKeyLine}\n`);
    expect((await run(host, 'verify')).result).toMatchObject(ok({ old: 2, new: 2, ignored: 1 }));
    const revoke = await run(host, 'revoke');
    expect(revoke.result).toMatchObject(ok({ files: 3, old: 2, new: 2, removed: 3, ignored: 0 }));
    expect(await host.readFile('/home/gw/.ssh/authorized_keys')).toBe('');
    expect(await logins(host, ['fine', 'private'], newKey)).toEqual({ fine: true, private: true });
    // Fixing the mode later does not bring the leaked key back.
    await host.exec('chmod 755 /home/gw');
    expect(await logins(host, ['fine', 'gw', 'private'], oldKey)).toEqual(
      all(['fine', 'gw', 'private'], false),
    );
  });

  it('revoke before add removes nothing (no lockout); verify before add is incomplete; unknown extra users are a note', async () => {
    const preset = debianHost(oldKey.publicKeyLine);
    const host = await start(preset.spec);
    const before = await host.snapshot();
    const revoke = await run(host, 'revoke');
    expect(revoke.exitCode).toBe(1);
    expect(revoke.result).toMatchObject({ status: 'incomplete', files: 1, removed: 0, kept: 1 });
    expect(revoke.result.messages).toEqual([
      '/home/admin/.ssh/authorized_keys (admin): the new key is not in the file (the old key, if any, was kept)',
    ]);
    expect((await run(host, 'verify')).result).toMatchObject({ status: 'incomplete', kept: 1 });
    expect(await host.snapshot()).toEqual(before);
    expect(await host.sshLogin('admin', oldKey.privateKeyPath)).toBe(true);

    const ghost = await run(host, 'add', { extraUsers: ['ghost', 'ubuntu'] });
    expect(ghost.result).toMatchObject(ok({ files: 1, added: 1 }));
    expect(ghost.result.messages).toEqual(['no such user on this host: ghost, ubuntu']);
  });

  it('a new key without the old line’s options is not enough to revoke', async () => {
    const restricted = `from="127.0.0.1" ${oldKey.publicKeyLine}`;
    const host = await start({
      name: 'options-missing',
      users: [{ name: 'ops', authorizedKeys: `${restricted}\n${newKey.publicKeyLine}\n` }],
    });
    const verify = await run(host, 'verify');
    expect(verify.result).toMatchObject({ status: 'incomplete', files: 1, kept: 1 });
    expect(verify.result.messages).toEqual([
      '/home/ops/.ssh/authorized_keys (ops): an old-key line has options that no new-key line carries (the old key was kept)',
    ]);
    expect((await run(host, 'revoke')).result).toMatchObject({
      status: 'incomplete',
      removed: 0,
      kept: 1,
    });
    expect((await run(host, 'add')).result).toMatchObject(ok({ files: 1, added: 1 }));
    expect((await run(host, 'verify')).result).toMatchObject(ok({ files: 1, new: 1 }));
    expect((await run(host, 'revoke')).result).toMatchObject(ok({ files: 1, removed: 1 }));
    expect(await host.readFile('/home/ops/.ssh/authorized_keys')).toBe(
      `from="127.0.0.1" ${newKey.publicKeyLine}\n${newKey.publicKeyLine}\n`,
    );
  });

  it('follows sshd -T: Match blocks, %u and relative AuthorizedKeysFile paths; root writes only root-only paths, keeping owners', async () => {
    const host = await start({
      name: 'match',
      users: [
        { name: 'plain', authorizedKeys: `${otherKey.publicKeyLine}\n` },
        { name: 'special', authorizedKeys: `${oldKey.publicKeyLine}\n` },
      ],
      sshdConfig: ['AuthorizedKeysFile .ssh/authorized_keys .ssh/keys.%u'],
      sshdConfigTail: 'Match User special\n  AuthorizedKeysFile /etc/ssh/keys/%u\n',
      files: [
        {
          path: '/home/plain/.ssh/keys.plain',
          content: `${oldKey.publicKeyLine}\n`,
          mode: 0o600,
          owner: 'plain',
        },
        {
          path: '/etc/ssh/keys/special',
          content: `${oldKey.publicKeyLine}\n`,
          mode: 0o600,
          owner: 'special',
        },
      ],
    });
    expect(await logins(host, ['plain', 'special'], oldKey)).toEqual({
      plain: true,
      special: true,
    });
    expect((await run(host, 'add')).result).toMatchObject(ok({ files: 2, added: 2 }));
    expect((await run(host, 'verify')).result).toMatchObject(ok({ files: 2, new: 2 }));
    expect((await run(host, 'revoke')).result).toMatchObject(ok({ files: 2, removed: 2 }));
    expect(await logins(host, ['plain', 'special'], newKey)).toEqual({
      plain: true,
      special: true,
    });
    expect(await logins(host, ['plain', 'special'], oldKey)).toEqual({
      plain: false,
      special: false,
    });
    expect(await host.stat('/etc/ssh/keys/special')).toMatchObject({
      mode: 0o600,
      uid: host.uidOf('special'),
    });
    // special's ~/.ssh/authorized_keys is not read by sshd: left alone.
    expect(await host.readFile('/home/special/.ssh/authorized_keys')).toBe(
      `${oldKey.publicKeyLine}\n`,
    );
    expect(await host.readFile('/home/plain/.ssh/authorized_keys')).toBe(
      `${otherKey.publicKeyLine}\n`,
    );
  });

  it('without sshd nothing can be checked: the script fails before writing anything', async () => {
    const preset = customKeysFileHost(oldKey.publicKeyLine);
    const host = await start(preset.spec);
    const before = await host.snapshot();
    // A nested mount namespace hides /usr/sbin (and so sshd) from the script only.
    const hidden = async (phase: HostPhase): Promise<HostResult> => {
      const script = buildHostScript({
        phase,
        oldKeyBlobs: [oldKey.blob],
        newKeyLine: phase === 'probe' ? null : newKey.publicKeyLine,
        extraUsers: [],
      });
      const quoted = `'${script.replace(/'/g, `'\\''`)}'`;
      const { stdout, exitCode } = await host.exec(
        `unshare --mount --propagation private sh -c 'mount -t tmpfs none /usr/sbin && exec sh -c "$1"' sh ${quoted}`,
      );
      return parseHostResult(stdout, exitCode);
    };
    for (const phase of ['probe', 'add', 'verify', 'revoke'] as const) {
      const result = await hidden(phase);
      expect(result).toMatchObject({ status: 'failed', phase });
      expect(result.messages).toEqual([expect.stringMatching(/^script error: sshd not found/)]);
    }
    expect(await host.snapshot()).toEqual(before);
    expect(await host.sshLogin('ec2-user', oldKey.privateKeyPath)).toBe(true);
  });

  it.each([
    ['setpriv', ['chroot']],
    ['runuser', ['chroot', 'setpriv']],
  ] as const)(
    'reads and writes as the user through %s where chroot --userspec (or setpriv) is missing',
    async (_, hidden) => {
      const host = await start({
        name: `fallback-${hidden.length}`,
        users: [
          { name: 'ops', authorizedKeys: `from="127.0.0.1" ${oldKey.publicKeyLine}\n` },
          {
            name: 'dev',
            homeMode: 0o700,
            sshDirMode: 0o700,
            authorizedKeys: `${oldKey.publicKeyLine}\n`,
          },
        ],
      });
      // A nested mount namespace replaces the tools with `false` for the script only.
      const hide = hidden
        .map((tool) => `mount --bind /bin/false "$(command -v ${tool})"`)
        .join(' && ');
      const phase = async (name: HostPhase): Promise<HostResult> => {
        const script = buildHostScript({
          phase: name,
          oldKeyBlobs: [oldKey.blob],
          newKeyLine: name === 'probe' ? null : newKey.publicKeyLine,
          extraUsers: ['fresh'],
        });
        const quoted = `'${script.replace(/'/g, `'\\''`)}'`;
        const { stdout, exitCode } = await host.exec(
          `unshare --mount --propagation private sh -c '${hide} && exec sh -c "$1"' sh ${quoted}`,
        );
        return parseHostResult(stdout, exitCode);
      };
      expect((await phase('probe')).accepts).toContain('ssh-ed25519');
      expect(await phase('add')).toMatchObject(ok({ old: 2, added: 2 }));
      expect(await phase('verify')).toMatchObject(ok({ new: 2 }));
      expect(await phase('revoke')).toMatchObject(ok({ removed: 2 }));
      expect(await logins(host, ['ops', 'dev'], newKey)).toEqual(all(['ops', 'dev'], true));
      expect(await logins(host, ['ops', 'dev'], oldKey)).toEqual(all(['ops', 'dev'], false));
      // Written as the user: owners kept.
      expect(await host.stat('/home/dev/.ssh/authorized_keys')).toMatchObject({
        uid: host.uidOf('dev'),
        mode: 0o600,
      });
    },
  );

  it('names key sources it cannot change: homes of accounts getent cannot list, AuthorizedKeysCommand, TrustedUserCAKeys', async () => {
    const [orphaned, instanceConnect] = await Promise.all([
      start({
        name: 'orphan-home',
        users: [{ name: 'ops', authorizedKeys: `${oldKey.publicKeyLine}\n` }],
        sshdConfig: ['TrustedUserCAKeys /etc/ssh/user-ca.pub'],
      }),
      start({
        name: 'instance-connect',
        users: [{ name: 'ec2-user', authorizedKeys: `${oldKey.publicKeyLine}\n` }],
        sshdConfig: [
          'AuthorizedKeysCommand /opt/aws/bin/eic_run_authorized_keys %u %f',
          'AuthorizedKeysCommandUser nobody',
        ],
      }),
    ]);
    // A home whose owner no account names (an LDAP user without enumeration, say).
    await orphaned.exec(
      `mkdir -p /home/ghost/.ssh && printf '%s\\n' '${oldKey.publicKeyLine}' > /home/ghost/.ssh/authorized_keys && chown -R 4242:4242 /home/ghost`,
    );
    for (const phase of ['probe', 'add', 'verify', 'revoke'] as const) {
      const run1 = await run(orphaned, phase);
      expect(run1.result.status, run1.stdout).toBe('incomplete');
      expect(run1.result.messages).toContain(
        '1 home director(y/ies) belong to accounts that getent cannot name: their keys were not checked',
      );
      expect(run1.result.messages).toContainEqual(expect.stringMatching(/TrustedUserCAKeys/));
    }
    // ops's own file was rotated all the same; the host is not called done.
    expect(await orphaned.sshLogin('ops', newKey.privateKeyPath)).toBe(true);
    expect(await orphaned.sshLogin('ops', oldKey.privateKeyPath)).toBe(false);
    expect(await orphaned.readFile('/home/ghost/.ssh/authorized_keys')).toBe(
      `${oldKey.publicKeyLine}\n`,
    );

    // EC2 Instance Connect's command serves keys pushed through its API for 60 s: a note.
    for (const phase of ['add', 'verify', 'revoke'] as const) {
      const run2 = await run(instanceConnect, phase);
      expect(run2.result.status, run2.stdout).toBe('ok');
      expect(run2.result.messages).toContainEqual(expect.stringMatching(/EC2 Instance Connect/));
    }
    expect(await instanceConnect.sshLogin('ec2-user', newKey.privateKeyPath)).toBe(true);
  });

  // 201 users made and each file read as its user: minutes on a loaded runner (no time bound here).
  it('keeps its output short with 200 users (and a very long home path)', async () => {
    const longHome = `/home/${'deep/'.repeat(40)}far`;
    const users = Array.from({ length: 200 }, (_, i) => ({
      name: `user-with-a-rather-long-name-${String(i).padStart(3, '0')}`,
      authorizedKeys: `${oldKey.publicKeyLine}\n`,
    }));
    const host = await start({
      name: 'crowd',
      users: [
        { name: 'far', home: longHome, authorizedKeys: `${oldKey.publicKeyLine}\n` },
        ...users,
      ],
    });
    const verify = await run(host, 'verify', { extraUsers: ['nobody-here'] });
    expect(verify.stdout.length).toBeLessThan(2500);
    expect(verify.stdout.split('\n').filter(Boolean)).toHaveLength(10);
    expect(verify.stdout.split('\n').every((line) => line.length < 300)).toBe(true);
    expect(verify.stdout).not.toContain(oldKey.blob);
    expect(verify.result).toMatchObject({ status: 'incomplete', files: 201, kept: 201 });
    expect(verify.result.messages).toHaveLength(10);
    expect(verify.result.messages[0]).toMatch(
      /^\.\.\..*deep\/far\/\.ssh\/authorized_keys \(far\): the new key is not in the file/,
    );
    expect(verify.result.messages[8]).toBe('and 193 more file(s)');
    expect(verify.result.messages[9]).toBe('no such user on this host: nobody-here');

    const add = await run(host, 'add');
    expect(add.result).toMatchObject(ok({ files: 201, added: 201 }));
    expect(add.stdout.length).toBeLessThan(200);
    expect((await run(host, 'verify')).result).toMatchObject(ok({ files: 201, new: 201 }));
    expect(await host.sshLogin('far', newKey.privateKeyPath)).toBe(true);
  }, 240_000);
});
