/**
 * The simulated hosts themselves: a real sshd in a private mount namespace
 * reading the host's own files, checked with the real ssh client.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, type Keyring, type SshKey } from '../helpers/host-keys.js';
import { hostSupport, startHost, startHosts, type Host } from '../helpers/hosts.js';

/** The process has exited (gone, or a zombie waiting for init to reap it). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    let state: string;
    try {
      state = /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? '';
    } catch {
      return true;
    }
    if (state === 'Z') return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping simulated-host tests: ${unsupported}`);

describe.skipIf(unsupported !== null)('simulated hosts', () => {
  let keys: Keyring;
  let good: SshKey;
  let wrong: SshKey;
  let host: Host;

  beforeAll(async () => {
    keys = createKeyring();
    [good, wrong] = await Promise.all([keys.make('good'), keys.make('wrong')]);
    host = await startHost({
      name: 'basic',
      users: [
        { name: 'alice', authorizedKeys: `${good.publicKeyLine}\n` },
        { name: 'root', authorizedKeys: `${good.publicKeyLine}\n` },
      ],
    });
  });

  afterAll(async () => {
    await host?.stop();
    keys?.cleanup();
  });

  it('logs in with the key in authorized_keys and refuses another key', async () => {
    expect(await host.sshLogin('alice', good.privateKeyPath)).toBe(true);
    expect(await host.sshLogin('root', good.privateKeyPath)).toBe(true);
    expect(await host.sshLogin('alice', wrong.privateKeyPath)).toBe(false);
    const session = await host.ssh('alice', good.privateKeyPath, 'id -un; echo "$HOME"');
    expect(session.stdout).toBe('alice\n/home/alice\n');
    expect(host.log()).toContain('Accepted publickey for alice');
  });

  it('runs scripts as root inside the host: its own accounts, files and /run', async () => {
    const result = await host.exec(
      'id -u; getent passwd alice; ls -ld /run/sshd >/dev/null && echo run-ok; cat /home/alice/.ssh/authorized_keys',
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      `0\nalice:x:1000:1000:alice:/home/alice:/bin/sh\nrun-ok\n${good.publicKeyLine}\n`,
    );
    // The machine's own /home is untouched: the host's tree is mounted only in its namespace.
    expect(readFileSync('/etc/passwd', 'utf8')).not.toContain('alice:x:1000');
    expect(existsSync('/home/alice/.ssh/authorized_keys')).toBe(false);
    expect(await host.readFile('/etc/passwd')).toContain('alice:x:1000');
    expect(await host.stat('/home/alice/.ssh/authorized_keys')).toMatchObject({
      mode: 0o600,
      uid: 1000,
      gid: 1000,
    });
    expect((await host.exec('exit 7')).exitCode).toBe(7);
  });

  it('kills a script on abort', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = host.exec('sleep 30; echo late', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const result = await running;
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('applies StrictModes for real: a world-writable home disables its keys', async () => {
    await host.exec('chmod 0757 /home/alice');
    try {
      expect(await host.sshLogin('alice', good.privateKeyPath)).toBe(false);
      expect(host.log()).toContain('bad ownership or modes for directory /home/alice');
    } finally {
      await host.exec('chmod 0755 /home/alice');
    }
    expect(await host.sshLogin('alice', good.privateKeyPath)).toBe(true);
  });

  it('runs a dozen hosts at once, each with its own port, accounts and keys', async () => {
    const started = Date.now();
    const ring = await Promise.all(Array.from({ length: 12 }, (_, i) => keys.make(`h${i}`)));
    const many = await startHosts(
      ring.map((key, i) => ({
        name: `many-${i}`,
        users: [{ name: `user${i}`, authorizedKeys: `${key.publicKeyLine}\n` }],
      })),
    );
    try {
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(new Set(many.map((h) => h.port)).size).toBe(12);
      const logins = await Promise.all(
        many.map(async (h, i) => [
          await h.sshLogin(`user${i}`, (ring[i] as SshKey).privateKeyPath),
          await h.sshLogin(`user${i}`, (ring[(i + 1) % 12] as SshKey).privateKeyPath),
        ]),
      );
      expect(logins).toEqual(many.map(() => [true, false]));
      // user0 exists only on host 0.
      expect((await (many[1] as Host).exec('getent passwd user0')).exitCode).not.toBe(0);
    } finally {
      await Promise.all(many.map((h) => h.stop()));
    }
  });

  it('stop() kills sshd and everything left in the namespace, and deletes the tree', async () => {
    const key = await keys.make('stop');
    const started = Date.now();
    const doomed = await startHost({
      name: 'doomed',
      users: [{ name: 'bob', authorizedKeys: `${key.publicKeyLine}\n` }],
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    const left = await doomed.exec('setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $!');
    const straggler = Number(left.stdout.trim());
    expect(straggler).toBeGreaterThan(0);
    expect(existsSync(`/proc/${straggler}`)).toBe(true);
    expect(await doomed.sshLogin('bob', key.privateKeyPath)).toBe(true);
    await doomed.stop();
    await doomed.stop();
    expect(await gone(straggler)).toBe(true);
    expect(existsSync(doomed.dir)).toBe(false);
    await expect(doomed.sshLogin('bob', key.privateKeyPath)).rejects.toThrow(/not an auth refusal/);
    await expect(doomed.exec('true')).rejects.toThrow(/stopped/);
  });
});
