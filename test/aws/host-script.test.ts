/**
 * The host script (src/aws/host-script.sh via buildHostScript) run for real:
 * inside simulated hosts (test/helpers/hosts.ts) against the files their own
 * sshd reads, with the real ssh client proving which keys log in.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { parseHostResult, type HostResult } from '../../src/aws/host-result.js';
import {
  buildHostScript,
  hostScriptBody,
  type HostPhase,
  type HostScriptParams,
} from '../../src/aws/host-script.js';
import { createKeyring, type Keyring, type SshKey } from '../helpers/host-keys.js';
import { embed, SCRIPT_SH, SCRIPT_TS } from '../helpers/host-script-gen.js';
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

describe('buildHostScript', () => {
  it('embeds host-script.sh unchanged (run `npx tsx test/helpers/host-script-gen.ts` after editing it)', () => {
    const sh = readFileSync(SCRIPT_SH, 'utf8');
    expect(hostScriptBody()).toBe(sh);
    expect(embed(readFileSync(SCRIPT_TS, 'utf8'), sh)).toBe(readFileSync(SCRIPT_TS, 'utf8'));
  });

  it.each(['add', 'verify', 'revoke'] as const)(
    '%s: passes `dash -n` (and bash --posix -n)',
    (phase) => {
      const script = buildHostScript({ ...PARAMS, phase, extraUsers: ['ops', 'deploy'] });
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
    const header = script.split('\n').slice(0, 7).join('\n');
    const out = execFileSync('dash', [
      '-c',
      `${header}\nprintf '%s|' "$EC2KR_PHASE" "$EC2KR_OLD_BLOBS" "$EC2KR_NEW_LINE" "$EC2KR_NEW_BLOB" "$EC2KR_EXTRA_USERS"`,
    ]);
    expect(out.toString()).toBe(`add|${BLOB_A} AAAAB3Nza==|${line}|${BLOB_B}|a b$|`);
  });

  it('refuses inputs the script could misread', () => {
    const bad: Partial<HostScriptParams>[] = [
      { newKeyLine: `ssh-ed25519 ${BLOB_B}\nssh-ed25519 ${BLOB_A}` },
      { newKeyLine: `from="1.2.3.4" ssh-ed25519 ${BLOB_B}` },
      { newKeyLine: 'ssh-ed25519' },
      { newKeyLine: `ssh-ed25519 ${BLOB_B} caf\u00e9` },
      { oldKeyBlobs: ['not base64!'] },
      { oldKeyBlobs: [BLOB_B] },
      { extraUsers: ['root; rm -rf /'] },
      { extraUsers: ['-x'] },
      { phase: 'delete' as HostPhase },
    ];
    for (const params of bad) expect(() => buildHostScript({ ...PARAMS, ...params })).toThrow();
  });
});

describe('parseHostResult', () => {
  it('reads the result line and the failed files', () => {
    expect(
      parseHostResult(
        'EC2KR-RESULT v=1 phase=add status=ok files=2 added=3 removed=0 failed=0\n',
        0,
      ),
    ).toEqual({
      phase: 'add',
      status: 'ok',
      files: 2,
      added: 3,
      removed: 0,
      failed: 0,
      messages: [],
    });
    const failed = parseHostResult(
      [
        'EC2KR-FILE reason=unsafe-dir:/home/gw user=gw path=/home/gw/.ssh/authorized_keys',
        'EC2KR-FILE reason=no-new-key user=root path=/root/.ssh/authorized_keys',
        'EC2KR-FILE reason=no-such-user user=ghost path=-',
        'EC2KR-NOTE authorized-keys-command=/opt/aws/bin/eic_run_authorized_keys',
        'EC2KR-RESULT v=1 phase=verify status=failed files=5 added=0 removed=0 failed=4',
        '',
      ].join('\n'),
      1,
    );
    expect(failed).toMatchObject({ phase: 'verify', status: 'failed', files: 5, failed: 4 });
    expect(failed.messages).toEqual([
      '/home/gw/.ssh/authorized_keys (gw): directory /home/gw is group/world-writable or not owned by the user or root, so sshd ignores the file (StrictModes)',
      '/root/.ssh/authorized_keys: the new key is not in the file (the old key, if any, was kept)',
      'user ghost: no such user',
      'and 1 more failed file(s)',
      expect.stringContaining('AuthorizedKeysCommand /opt/aws/bin/eic_run_authorized_keys'),
    ]);
  });

  it('ignores Run Command stderr and CRLF', () => {
    const output =
      'EC2KR-RESULT v=1 phase=revoke status=ok files=1 added=0 removed=2 failed=0\r\n\n----------ERROR-------\nEC2KR-RESULT v=1 phase=add status=ok files=9 added=9 removed=0 failed=0\n';
    expect(parseHostResult(output, 0)).toMatchObject({ phase: 'revoke', status: 'ok', removed: 2 });
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
    expect(
      parseHostResult('EC2KR-RESULT v=1 phase=add status=ok files=2 added=', 0).messages[0],
    ).toMatch(/malformed/);
    expect(
      parseHostResult('EC2KR-RESULT v=2 phase=add status=ok files=1 added=1 removed=0 failed=0', 0)
        .status,
    ).toBe('failed');
    const mismatch = parseHostResult(
      'EC2KR-RESULT v=1 phase=add status=ok files=1 added=1 removed=0 failed=0\n',
      1,
    );
    expect(mismatch).toMatchObject({
      status: 'failed',
      messages: ['the script reported ok but exited 1'],
    });
    const fatal = parseHostResult(
      'EC2KR-RESULT v=1 phase=add status=failed files=0 added=0 removed=0 failed=1 error=missing-awk\n',
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
      newKeyLine: newKey.publicKeyLine,
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

  const ok = (files: number, added: number, removed: number): Partial<HostResult> => ({
    status: 'ok',
    files,
    added,
    removed,
    failed: 0,
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
    '%s: add → verify → revoke, each twice; then only the new key logs in',
    async ([, make], { expect }) => {
      const preset = make();
      const host = await start(preset.spec);
      const users = preset.keyUsers;
      const n = users.length;
      expect(await logins(host, users, oldKey)).toEqual(all(users, true));
      expect(await logins(host, users, newKey)).toEqual(all(users, false));
      const before = await host.snapshot();

      const [add, addAgain] = await twice(host, 'add', {}, expect);
      expect(add.result).toMatchObject(ok(n, n, 0));
      expect(addAgain.result).toMatchObject(ok(n, 0, 0));
      expect(add.exitCode).toBe(0);
      expect(await logins(host, users, oldKey)).toEqual(all(users, true));
      expect(await logins(host, users, newKey)).toEqual(all(users, true));

      const [verify, verifyAgain] = await twice(host, 'verify', {}, expect);
      expect(verify.result).toMatchObject(ok(n, 0, 0));
      expect(verifyAgain.result).toMatchObject(ok(n, 0, 0));

      const [revoke, revokeAgain] = await twice(host, 'revoke', {}, expect);
      expect(revoke.result).toMatchObject(ok(n, 0, n));
      expect(revokeAgain.result).toMatchObject(ok(0, 0, 0));
      expect(await logins(host, users, newKey)).toEqual(all(users, true));
      expect(await logins(host, users, oldKey)).toEqual(all(users, false));
      expect((await run(host, 'verify')).result).toMatchObject(ok(n, 0, 0));

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
    // linked: ~/.ssh/authorized_keys is a symlink to ~/.ssh/keys/main; legacy: the key only in authorized_keys2.
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
    expect(add.result).toMatchObject(ok(12, 13, 0));
    expect(addAgain.result).toMatchObject(ok(12, 0, 0));
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
    expect(verify.result).toMatchObject(ok(12, 0, 0));
    const [revoke, revokeAgain] = await twice(host, 'revoke', { extraUsers });
    // dup loses all three of its old lines.
    expect(revoke.result).toMatchObject(ok(10, 0, 12));
    expect(revokeAgain.result).toMatchObject(ok(0, 0, 0));

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

  it('verify fails for a file sshd ignores (group-writable home), and revoke keeps the old key there', async () => {
    const host = await start({
      name: 'strict',
      users: [
        // Group-writable by `users`, which has another member: even Debian's sshd (which
        // tolerates a group-writable private group) ignores the file.
        { name: 'gw', gid: 100, homeMode: 0o775, authorizedKeys: `${oldKey.publicKeyLine}\n` },
        { name: 'fine', groups: ['users'], authorizedKeys: `${oldKey.publicKeyLine}\n` },
      ],
    });
    expect(await host.sshLogin('fine', oldKey.privateKeyPath)).toBe(true);
    expect(await host.sshLogin('gw', oldKey.privateKeyPath)).toBe(false);
    expect((await run(host, 'add')).result).toMatchObject(ok(2, 2, 0));
    const verify = await run(host, 'verify');
    expect(verify.exitCode).toBe(1);
    expect(verify.result).toMatchObject({ status: 'failed', files: 2, failed: 1 });
    expect(verify.result.messages).toEqual([
      '/home/gw/.ssh/authorized_keys (gw): directory /home/gw is group/world-writable or not owned by the user or root, so sshd ignores the file (StrictModes)',
    ]);
    const revoke = await run(host, 'revoke');
    expect(revoke.result).toMatchObject({ status: 'failed', files: 2, removed: 1, failed: 1 });
    expect(await host.readFile('/home/gw/.ssh/authorized_keys')).toBe(
      `${oldKey.publicKeyLine}\n${newKey.publicKeyLine}\n`,
    );
    expect(await host.readFile('/home/fine/.ssh/authorized_keys')).toBe(
      `${newKey.publicKeyLine}\n`,
    );
    // Once the mode is fixed, a re-run finishes the job.
    await host.exec('chmod 755 /home/gw');
    expect((await run(host, 'verify')).result).toMatchObject(ok(2, 0, 0));
    expect((await run(host, 'revoke')).result).toMatchObject(ok(1, 0, 1));
    expect(await host.sshLogin('gw', newKey.privateKeyPath)).toBe(true);
    expect(await host.sshLogin('gw', oldKey.privateKeyPath)).toBe(false);
  });

  it('revoke before add removes nothing (no lockout); verify before add fails; unknown extra users fail', async () => {
    const preset = debianHost(oldKey.publicKeyLine);
    const host = await start(preset.spec);
    const before = await host.snapshot();
    const revoke = await run(host, 'revoke');
    expect(revoke.exitCode).toBe(1);
    expect(revoke.result).toMatchObject({ status: 'failed', files: 1, removed: 0, failed: 1 });
    expect(revoke.result.messages).toEqual([
      '/home/admin/.ssh/authorized_keys (admin): the new key is not in the file (the old key, if any, was kept)',
    ]);
    expect((await run(host, 'verify')).result).toMatchObject({ status: 'failed', failed: 1 });
    expect(await host.snapshot()).toEqual(before);
    expect(await host.sshLogin('admin', oldKey.privateKeyPath)).toBe(true);

    const ghost = await run(host, 'add', { extraUsers: ['ghost'] });
    expect(ghost.result).toMatchObject({ status: 'failed', files: 2, added: 1, failed: 1 });
    expect(ghost.result.messages).toEqual(['user ghost: no such user']);
  });

  it('a new key without the old line’s options is not enough to revoke', async () => {
    const restricted = `from="127.0.0.1" ${oldKey.publicKeyLine}`;
    const host = await start({
      name: 'options-missing',
      users: [{ name: 'ops', authorizedKeys: `${restricted}\n${newKey.publicKeyLine}\n` }],
    });
    const verify = await run(host, 'verify');
    expect(verify.result).toMatchObject({ status: 'failed', files: 1, failed: 1 });
    expect(verify.result.messages).toEqual([
      '/home/ops/.ssh/authorized_keys (ops): an old-key line has options that no new-key line carries (the old key was kept)',
    ]);
    expect((await run(host, 'revoke')).result).toMatchObject({
      status: 'failed',
      removed: 0,
      failed: 1,
    });
    expect((await run(host, 'add')).result).toMatchObject(ok(1, 1, 0));
    expect((await run(host, 'verify')).result).toMatchObject(ok(1, 0, 0));
    expect((await run(host, 'revoke')).result).toMatchObject(ok(1, 0, 1));
    expect(await host.readFile('/home/ops/.ssh/authorized_keys')).toBe(
      `from="127.0.0.1" ${newKey.publicKeyLine}\n${newKey.publicKeyLine}\n`,
    );
  });

  it('follows sshd -T: Match blocks, %u and relative AuthorizedKeysFile paths', async () => {
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
        { path: '/etc/ssh/keys/special', content: `${oldKey.publicKeyLine}\n`, mode: 0o644 },
      ],
    });
    expect(await logins(host, ['plain', 'special'], oldKey)).toEqual({
      plain: true,
      special: true,
    });
    expect((await run(host, 'add')).result).toMatchObject(ok(2, 2, 0));
    expect((await run(host, 'verify')).result).toMatchObject(ok(2, 0, 0));
    expect((await run(host, 'revoke')).result).toMatchObject(ok(2, 0, 2));
    expect(await logins(host, ['plain', 'special'], newKey)).toEqual({
      plain: true,
      special: true,
    });
    expect(await logins(host, ['plain', 'special'], oldKey)).toEqual({
      plain: false,
      special: false,
    });
    // special's ~/.ssh/authorized_keys is not read by sshd: left alone.
    expect(await host.readFile('/home/special/.ssh/authorized_keys')).toBe(
      `${oldKey.publicKeyLine}\n`,
    );
    expect(await host.readFile('/home/plain/.ssh/authorized_keys')).toBe(
      `${otherKey.publicKeyLine}\n`,
    );
  });

  it('without sshd: AuthorizedKeysFile from sshd_config, and a note saying so', async () => {
    const preset = customKeysFileHost(oldKey.publicKeyLine);
    const host = await start(preset.spec);
    const unread = await host.readFile('/home/ec2-user/.ssh/authorized_keys');
    // A nested mount namespace hides /usr/sbin (and so sshd) from the script only.
    const hidden = async (phase: HostPhase): Promise<HostResult> => {
      const script = buildHostScript({
        phase,
        oldKeyBlobs: [oldKey.blob],
        newKeyLine: newKey.publicKeyLine,
        extraUsers: [],
      });
      const quoted = `'${script.replace(/'/g, `'\\''`)}'`;
      const { stdout, exitCode } = await host.exec(
        `unshare --mount --propagation private sh -c 'mount -t tmpfs none /usr/sbin && exec sh -c "$1"' sh ${quoted}`,
      );
      return parseHostResult(stdout, exitCode);
    };
    expect(await hidden('add')).toMatchObject(ok(1, 1, 0));
    const verify = await hidden('verify');
    expect(verify).toMatchObject(ok(1, 0, 0));
    expect(verify.messages).toEqual([expect.stringMatching(/^sshd not found/)]);
    expect(await hidden('revoke')).toMatchObject(ok(1, 0, 1));
    expect(await host.readFile('/etc/ssh/authorized_keys/ec2-user')).toBe(
      `${newKey.publicKeyLine}\n`,
    );
    expect(await host.readFile('/home/ec2-user/.ssh/authorized_keys')).toBe(unread);
    expect(await host.sshLogin('ec2-user', newKey.privateKeyPath)).toBe(true);
    expect(await host.sshLogin('ec2-user', oldKey.privateKeyPath)).toBe(false);
  });

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
    expect(verify.stdout.split('\n').filter(Boolean)).toHaveLength(7);
    expect(verify.stdout.split('\n').every((line) => line.length < 300)).toBe(true);
    expect(verify.stdout).not.toContain(oldKey.blob);
    expect(verify.result).toMatchObject({ status: 'failed', files: 202, failed: 202 });
    expect(verify.result.messages).toHaveLength(7);
    expect(verify.result.messages[0]).toBe('user nobody-here: no such user');
    expect(verify.result.messages[1]).toMatch(
      /^\.\.\..*deep\/far\/\.ssh\/authorized_keys \(far\): the new key is not in the file/,
    );
    expect(verify.result.messages[6]).toBe('and 196 more failed file(s)');

    const add = await run(host, 'add');
    expect(add.result).toMatchObject(ok(201, 201, 0));
    expect(add.stdout.length).toBeLessThan(200);
    expect((await run(host, 'verify')).result).toMatchObject(ok(201, 0, 0));
    expect(await host.sshLogin('far', newKey.privateKeyPath)).toBe(true);
  });
});
