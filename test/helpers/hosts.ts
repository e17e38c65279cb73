/**
 * Simulated EC2 instances that are real hosts as far as the rotation cares:
 * each has its own /etc/passwd, /etc/group, /etc/shadow, /etc/ssh (config,
 * host key), /home, /root and /tmp, and its own OpenSSH sshd reading them.
 *
 * Isolation: a host's files live in a directory tree on this machine
 * (`/var/tmp/ec2kr-hosts/<pid>-<n>-<name>`, or under $EC2KR_HOSTS_DIR), and
 * a private mount namespace (`unshare --mount --propagation private`) binds
 * them over the real paths and puts a tmpfs on /run (for /run/sshd). The
 * namespace's first process execs `/usr/sbin/sshd -D -e`, so the namespace
 * lives exactly as long as that sshd. `exec` runs `sh -c` as root inside the
 * namespace (`nsenter --mount`), as the SSM agent would; the network is
 * shared, each sshd listens on its own 127.0.0.1 port, and `sshLogin` uses
 * the real `ssh` client. Everything else (/usr, /bin, the rest of /etc) is
 * this machine's.
 *
 * StrictModes: sshd checks the directories it sees (/home/<user>, /etc/ssh,
 * /etc, /), which are the bind-mount sources' own modes, never /var/tmp's.
 *
 * Cleanup: `stop()` kills sshd and every process left in the namespace,
 * which takes the mounts with it, then deletes the tree. Hosts not stopped
 * are killed on process exit; sshd also gets SIGKILL when its parent dies
 * (`setpriv --pdeathsig`), and trees of dead processes are swept at the
 * next start.
 */
import { spawn, execFile, execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {
  chmod,
  chown,
  lstat,
  readdir,
  readFile,
  readlink,
  stat,
  writeFile as writeFileAsync,
} from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const SSHD = '/usr/sbin/sshd';

export interface HostUserSpec {
  name: string;
  /** Default: 0 for root, else 1000, 1001, … in order. */
  uid?: number;
  /** Primary group id; default: a group named like the user with gid = uid (root: 0). */
  gid?: number;
  /** Default /root for root, else /home/<name>. */
  home?: string;
  /** Default /bin/sh. */
  shell?: string;
  /** Supplementary group names (added to /etc/group). */
  groups?: string[];
  /** Home directory mode; default 0o755 (root: 0o700). */
  homeMode?: number;
  /** Content of ~/.ssh/authorized_keys; undefined: no ~/.ssh at all. */
  authorizedKeys?: string;
  authorizedKeysMode?: number;
  sshDirMode?: number;
  /** Create the home directory (default true). */
  createHome?: boolean;
}

export interface HostFileSpec {
  /** Absolute path inside the host, under /etc/ssh, /home, /root or /tmp. */
  path: string;
  content: string;
  /** Default 0o644. */
  mode?: number;
  /** Owner user name (default root); the group is that user's primary group. */
  owner?: string;
}

export interface HostSpec {
  /** Short label, part of the host's id. */
  name: string;
  /** Accounts besides the system ones (root, daemon, bin, sys, nobody, sshd); may include root. */
  users: HostUserSpec[];
  /** Extra groups: name, gid, members. */
  groups?: { name: string; gid: number; members?: string[] }[];
  /** sshd_config directives placed before the defaults (sshd: first one wins). */
  sshdConfig?: string[];
  /** sshd_config text appended at the end (Match blocks). */
  sshdConfigTail?: string;
  files?: HostFileSpec[];
  /**
   * A /var/log of the host's own (bound from its tree, root's, 0755), and with
   * `syslogFile` sshd logging through syslog(3): a receiver on the host's
   * /dev/log (a private /dev in its namespace) appends each message to that
   * file in syslog's traditional format (`Mon dd hh:mm:ss host sshd[pid]: …`,
   * the timestamp glibc wrote), as rsyslog would. Hosts without `logs`
   * share this machine's /var/log, as before.
   */
  logs?: { syslogFile?: string };
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** One entry of a snapshot: enough to tell whether a file was rewritten at all. */
export interface SnapshotEntry {
  type: 'file' | 'dir' | 'link' | 'other';
  mode: number;
  uid: number;
  gid: number;
  ino: number;
  /** File content (utf8) or link target. */
  content?: string;
}

export interface SshResult extends ExecResult {
  /** sshd accepted the key (the remote command ran, whatever its exit code). */
  authenticated: boolean;
}

export interface Host {
  id: string;
  name: string;
  port: number;
  /** The host's tree on this machine (its /etc/ssh is `${dir}/etc/ssh`). */
  dir: string;
  spec: HostSpec;
  /** Runs `sh -c script` as root inside the host, as the SSM agent does. */
  exec(script: string, options?: ExecOptions): Promise<ExecResult>;
  /** A file inside the host, as text. */
  readFile(path: string): Promise<string>;
  readBytes(path: string): Promise<Buffer>;
  /** Writes a file inside the host (created 0644 root's unless told). */
  writeFile(
    path: string,
    content: string | Buffer,
    options?: { mode?: number; owner?: string },
  ): Promise<void>;
  /** Mode (permission bits), owner and inode of a file inside the host. */
  stat(
    path: string,
  ): Promise<{ mode: number; uid: number; gid: number; ino: number; size: number }>;
  /** Where a path inside the host lives on this machine (/var/log too for hosts with `logs`). */
  hostPath(path: string): string;
  /** Every entry under the given host paths (default /home, /root, /etc/ssh), keyed by host path. */
  snapshot(paths?: string[]): Promise<Record<string, SnapshotEntry>>;
  uidOf(user: string): number;
  /** Real `ssh -i key user@127.0.0.1 true`: did sshd accept the key? Throws when sshd cannot be reached. */
  sshLogin(user: string, privateKeyPath: string): Promise<boolean>;
  ssh(user: string, privateKeyPath: string, command?: string): Promise<SshResult>;
  /** sshd's log (stderr), for failure messages. */
  log(): string;
  /**
   * Powers the host off (sshd and every process in it end; its files stay)
   * and boots it again: a new namespace runs `boothook` (if given) as root
   * with the host's own /var/lib and a /dev/console that is a file, then
   * starts sshd. Resolves with what the boot wrote to the console.
   */
  boot(boothook: string | null): Promise<string>;
  stop(): Promise<void>;
}

/** Paths bound into each host, inside → relative to the host's tree. /tmp is bound last. */
const BINDS: [string, string][] = [
  ['/etc/passwd', 'etc/passwd'],
  ['/etc/group', 'etc/group'],
  ['/etc/shadow', 'etc/shadow'],
  ['/etc/ssh', 'etc/ssh'],
  ['/home', 'home'],
  ['/root', 'root'],
  ['/tmp', 'tmp'],
];

const SETUP = `set -e
R=$1
for f in passwd group shadow; do mount --bind "$R/etc/$f" "/etc/$f"; done
mount --bind "$R/etc/ssh" /etc/ssh
mount --bind "$R/home" /home
mount --bind "$R/root" /root
mount --bind "$R/tmp" /tmp
mount -t tmpfs -o mode=0755,size=16m ec2kr-run /run
mkdir -m 0755 /run/sshd
if [ "$2" = 1 ]; then mount --bind "$R/var/log" /var/log; fi
if [ "$4" = 1 ]; then
  # A boot (Host.boot): the host's own /var/lib (cloud-init's guard files) and
  # serial console, then its boothook as root before sshd starts.
  mount --bind "$R/var/lib" /var/lib
  mount --bind "$R/console" /dev/console
  sh "$R/boothook" </dev/null >/dev/null 2>&1 || :
fi
if [ "$3" = 1 ]; then
  # A private /dev whose log is the test's syslog receiver; the devices are this machine's.
  mount -t tmpfs -o mode=0755,size=1m ec2kr-dev "$R/dev"
  for n in null zero full random urandom tty ptmx; do
    [ -e "/dev/$n" ] || continue
    : >"$R/dev/$n"
    mount --bind "/dev/$n" "$R/dev/$n"
  done
  for d in pts shm; do
    mkdir "$R/dev/$d"
    mount --bind "/dev/$d" "$R/dev/$d"
  done
  ln -s /proc/self/fd "$R/dev/fd"
  ln -s /proc/self/fd/0 "$R/dev/stdin"
  ln -s /proc/self/fd/1 "$R/dev/stdout"
  ln -s /proc/self/fd/2 "$R/dev/stderr"
  ln -s "$R/syslog.sock" "$R/dev/log"
  mount --rbind "$R/dev" /dev
  exec setpriv --pdeathsig KILL -- ${SSHD} -D -f /etc/ssh/sshd_config
fi
exec setpriv --pdeathsig KILL -- ${SSHD} -D -e -f /etc/ssh/sshd_config`;

const SYSTEM_USERS = [
  'root:x:0:0:root:/root:/bin/sh',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
  'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  'sshd:x:101:65534::/run/sshd:/usr/sbin/nologin',
];
const SYSTEM_GROUPS: [string, number][] = [
  ['root', 0],
  ['daemon', 1],
  ['bin', 2],
  ['sys', 3],
  ['adm', 4],
  ['wheel', 10],
  ['sudo', 27],
  ['shadow', 42],
  ['users', 100],
  ['nogroup', 65534],
];

const SSH_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function baseDir(): string {
  const base = process.env.EC2KR_HOSTS_DIR ?? '/var/tmp/ec2kr-hosts';
  mkdirSync(base, { recursive: true, mode: 0o755 });
  const st = lstatSync(base);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new Error(`${base} must be a directory owned by root and not group/world-writable`);
  }
  return base;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let swept = false;
/** Deletes trees left by processes that died without stopping their hosts. */
function sweep(base: string): void {
  if (swept) return;
  swept = true;
  for (const entry of readdirSync(base)) {
    const pid = Number(/^(\d+)-/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !alive(pid))
      rmSync(join(base, entry), { recursive: true, force: true });
  }
}

function mountNamespace(pid: number | 'self'): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return null;
  }
}

/** Every process in the given mount namespace (all of them started inside one of our hosts). */
function processesIn(namespace: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (mountNamespace(Number(entry)) === namespace) pids.push(Number(entry));
  }
  return pids;
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const usedPorts = new Set<number>();
function probe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}
/** A port below Linux's ephemeral range (32768+), free right now. */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (usedPorts.has(port)) continue;
    if (await probe(port)) {
      usedPorts.add(port);
      return port;
    }
  }
  throw new Error('no free port between 20000 and 32000');
}

const live = new Set<HostImpl>();
let exitHook = false;
function registerExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const host of live) host.killSync();
  });
}

interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

let hostCount = 0;

class HostImpl implements Host {
  id: string;
  name: string;
  port = 0;
  dir: string;
  spec: HostSpec;
  private accounts = new Map<string, Account>();
  private child: ReturnType<typeof spawn> | null = null;
  private pid = 0;
  private namespace: string | null = null;
  private stderr = '';
  /** The syslog receiver of a host with `logs.syslogFile`, and what it calls on each message. */
  private syslog: Server | null = null;
  private onLog: (() => void) | null = null;
  private running = new Set<number>();
  private stopped = false;
  /** The next start runs a boothook (Host.boot). */
  private booting = false;

  constructor(spec: HostSpec, base: string) {
    this.spec = spec;
    this.name = spec.name;
    this.id = `${process.pid}-${++hostCount}-${spec.name.replace(/[^\w.-]/g, '_').slice(0, 40)}`;
    this.dir = join(base, this.id);
  }

  hostPath(path: string): string {
    const normal = posix.normalize(path);
    if (!normal.startsWith('/')) throw new Error(`not an absolute path: ${path}`);
    if (this.spec.logs && (normal === '/var/log' || normal.startsWith('/var/log/')))
      return join(this.dir, normal.slice(1));
    for (const [inside, relative] of BINDS) {
      if (normal === inside) return join(this.dir, relative);
      if (normal.startsWith(`${inside}/`))
        return join(this.dir, relative, normal.slice(inside.length + 1));
    }
    throw new Error(
      `${path} is not inside the host's own tree (${BINDS.map(([p]) => p).join(', ')})`,
    );
  }

  uidOf(user: string): number {
    const account = this.accounts.get(user);
    if (!account) throw new Error(`no user ${user} on host ${this.id}`);
    return account.uid;
  }

  private owner(user = 'root'): { uid: number; gid: number } {
    const account = this.accounts.get(user);
    if (!account) throw new Error(`no user ${user} on host ${this.id}`);
    return { uid: account.uid, gid: account.gid };
  }

  /** Writes the tree: accounts, sshd config and host key, homes, extra files. */
  async build(): Promise<void> {
    const { spec } = this;
    mkdirSync(this.dir, { mode: 0o755 });
    chmodSync(this.dir, 0o755);
    for (const [sub, mode] of [
      ['etc', 0o755],
      ['etc/ssh', 0o755],
      ['home', 0o755],
      ['root', 0o700],
      ['tmp', 0o1777],
    ] as const) {
      mkdirSync(join(this.dir, sub), { mode });
      chmodSync(join(this.dir, sub), mode);
    }
    if (spec.logs) {
      for (const sub of ['var', 'var/log', 'dev']) mkdirSync(join(this.dir, sub), { mode: 0o755 });
    }

    const passwd = [...SYSTEM_USERS];
    const groups = new Map<string, { gid: number; members: string[] }>(
      SYSTEM_GROUPS.map(([name, gid]) => [name, { gid, members: [] }]),
    );
    for (const line of SYSTEM_USERS) {
      const [name, , uid, gid, , home, shell] = line.split(':') as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      this.accounts.set(name, { name, uid: Number(uid), gid: Number(gid), home, shell });
    }
    for (const group of spec.groups ?? [])
      groups.set(group.name, { gid: group.gid, members: [...(group.members ?? [])] });
    let nextUid = 1000;
    for (const user of spec.users) {
      const isRoot = user.name === 'root';
      const uid = user.uid ?? (isRoot ? 0 : nextUid++);
      const gid = user.gid ?? uid;
      const account: Account = {
        name: user.name,
        uid,
        gid,
        home: user.home ?? (isRoot ? '/root' : `/home/${user.name}`),
        shell: user.shell ?? '/bin/sh',
      };
      this.accounts.set(user.name, account);
      const entry = `${user.name}:x:${uid}:${gid}:${user.name}:${account.home}:${account.shell}`;
      const at = passwd.findIndex((line) => line.startsWith(`${user.name}:`));
      if (at >= 0) passwd[at] = entry;
      else passwd.push(entry);
      if (![...groups.values()].some((group) => group.gid === gid))
        groups.set(user.name, { gid, members: [] });
      for (const name of user.groups ?? []) {
        const group = groups.get(name);
        if (!group) throw new Error(`user ${user.name}: no group ${name}`);
        group.members.push(user.name);
      }
    }
    const etc = join(this.dir, 'etc');
    writeFileSync(join(etc, 'passwd'), `${passwd.join('\n')}\n`, { mode: 0o644 });
    writeFileSync(
      join(etc, 'group'),
      [...groups]
        .map(([name, group]) => `${name}:x:${group.gid}:${group.members.join(',')}\n`)
        .join(''),
      { mode: 0o644 },
    );
    // `*`: no password, not locked (with UsePAM no, sshd refuses accounts whose hash starts with `!`).
    writeFileSync(
      join(etc, 'shadow'),
      passwd.map((line) => `${line.split(':')[0]}:*:19700:0:99999:7:::\n`).join(''),
      {
        mode: 0o640,
      },
    );
    chownSync(join(etc, 'shadow'), 0, 42);

    for (const user of spec.users) {
      const account = this.accounts.get(user.name) as Account;
      if (user.createHome === false) continue;
      const home = this.hostPath(account.home);
      mkdirSync(home, { recursive: true });
      chmodSync(home, user.homeMode ?? (user.name === 'root' ? 0o700 : 0o755));
      chownSync(home, account.uid, account.gid);
      if (user.authorizedKeys === undefined) continue;
      const ssh = join(home, '.ssh');
      mkdirSync(ssh, { recursive: true });
      chmodSync(ssh, user.sshDirMode ?? 0o700);
      chownSync(ssh, account.uid, account.gid);
      const file = join(ssh, 'authorized_keys');
      writeFileSync(file, user.authorizedKeys);
      chmodSync(file, user.authorizedKeysMode ?? 0o600);
      chownSync(file, account.uid, account.gid);
    }

    await execFileAsync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      `root@${this.id}`,
      '-f',
      join(etc, 'ssh/ssh_host_ed25519_key'),
    ]);
    for (const file of spec.files ?? []) {
      const path = this.hostPath(file.path);
      mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
      writeFileSync(path, file.content);
      chmodSync(path, file.mode ?? 0o644);
      const { uid, gid } = this.owner(file.owner);
      chownSync(path, uid, gid);
    }
  }

  private writeConfig(): void {
    const lines = [
      `# ec2-key-rotate test host ${this.id}`,
      ...(this.spec.sshdConfig ?? []),
      `ListenAddress 127.0.0.1:${this.port}`,
      'HostKey /etc/ssh/ssh_host_ed25519_key',
      'PidFile none',
      'UsePAM no',
      'StrictModes yes',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'LogLevel VERBOSE',
      'MaxStartups 100:30:200',
    ];
    writeFileSync(
      join(this.dir, 'etc/ssh/sshd_config'),
      `${lines.join('\n')}\n${this.spec.sshdConfigTail ?? ''}`,
      {
        mode: 0o644,
      },
    );
  }

  /**
   * The host's /dev/log: glibc's syslog(3) finds no datagram socket there and
   * falls back to a stream, one NUL-terminated `<PRI>Mmm dd hh:mm:ss tag[pid]: msg`
   * per message. Each goes to the log file as rsyslog's traditional format
   * writes it, and to the host's log() (where "Server listening" is looked for).
   */
  private async startSyslog(file: string): Promise<void> {
    const target = this.hostPath(file);
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, '', { mode: 0o640 });
    const host = `ip-${this.id.replace(/[^A-Za-z0-9]/g, '-').slice(0, 30)}`;
    const server = createServer((socket) => {
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        let end: number;
        while ((end = pending.indexOf('\0')) >= 0) {
          const raw = pending.slice(0, end).replace(/\n+$/, '');
          pending = pending.slice(end + 1);
          const message = /^<\d+>([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (.*)$/s.exec(raw);
          if (!message) continue;
          appendFileSync(target, `${message[1]} ${host} ${message[2]}\n`);
          if (this.stderr.length < 200_000) this.stderr += `${message[2]}\n`;
          this.onLog?.();
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(join(this.dir, 'syslog.sock'), () => resolve());
    });
    this.syslog = server;
  }

  /** Starts sshd in a new mount namespace; retries on another port when the port is taken. */
  async start(): Promise<void> {
    const syslogFile = this.spec.logs?.syslogFile;
    if (syslogFile && !this.syslog) await this.startSyslog(syslogFile);
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      this.writeConfig();
      const outcome = await this.spawnSshd();
      if (outcome === 'listening') break;
      usedPorts.delete(this.port);
      if (outcome === 'port-taken' && attempt < 8) continue;
      throw new Error(`sshd for host ${this.id} did not start:\n${this.stderr}`);
    }
    this.namespace = mountNamespace(this.pid);
    if (!this.namespace || this.namespace === mountNamespace('self')) {
      throw new Error(`host ${this.id}: sshd is not in a private mount namespace`);
    }
  }

  private spawnSshd(): Promise<'listening' | 'port-taken' | 'failed'> {
    this.stderr = '';
    const child = spawn(
      'unshare',
      [
        ...['--mount', '--propagation', 'private', '--', 'sh', '-c', SETUP, 'ec2kr-host'],
        this.dir,
        this.spec.logs ? '1' : '0',
        this.spec.logs?.syslogFile ? '1' : '0',
        this.booting ? '1' : '0',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: SSH_PATH },
        cwd: '/',
      },
    );
    this.child = child;
    this.pid = child.pid ?? 0;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: 'listening' | 'port-taken' | 'failed'): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      // A boothook runs the host script's phases before sshd starts.
      const limitMs = this.booting ? 120_000 : 10_000;
      const timer = setTimeout(() => {
        this.stderr += `\n(no "Server listening" within ${limitMs / 1000} s)`;
        child.kill('SIGKILL');
        settle('failed');
      }, limitMs);
      const listening = (): void => {
        if (/Server listening on \S+ port \d+/.test(this.stderr)) settle('listening');
      };
      this.onLog = listening;
      child.stderr?.on('data', (chunk: Buffer) => {
        if (this.stderr.length < 200_000) this.stderr += chunk.toString('utf8');
        listening();
      });
      child.on('error', (error) => {
        this.stderr += `\n${error.message}`;
        settle('failed');
      });
      child.on('exit', () => {
        settle(
          /Address already in use|Cannot bind any address/.test(this.stderr)
            ? 'port-taken'
            : 'failed',
        );
      });
    });
  }

  exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.stopped || !this.pid) return Promise.reject(new Error(`host ${this.id} is stopped`));
    return new Promise((resolve, reject) => {
      const child = spawn(
        'nsenter',
        [`--target=${this.pid}`, '--mount', '--', 'sh', '-c', script],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            PATH: SSH_PATH,
            HOME: '/root',
            LANG: 'C.UTF-8',
            USER: 'root',
            LOGNAME: 'root',
            SHELL: '/bin/sh',
          },
          cwd: '/',
          detached: true,
        },
      );
      const pid = child.pid ?? 0;
      if (pid) this.running.add(pid);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      const kill = (): void => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
      };
      const timer = options.timeoutMs ? setTimeout(kill, options.timeoutMs) : null;
      options.signal?.addEventListener('abort', kill, { once: true });
      if (options.signal?.aborted) kill();
      child.on('error', reject);
      child.on('close', (code, signal) => {
        this.running.delete(pid);
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', kill);
        resolve({
          exitCode: code ?? (signal ? 128 + 9 : 1),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        });
      });
    });
  }

  async readBytes(path: string): Promise<Buffer> {
    return readFile(this.hostPath(path));
  }

  async readFile(path: string): Promise<string> {
    return (await this.readBytes(path)).toString('utf8');
  }

  async writeFile(
    path: string,
    content: string | Buffer,
    options: { mode?: number; owner?: string } = {},
  ): Promise<void> {
    const target = this.hostPath(path);
    await writeFileAsync(target, content);
    await chmod(target, options.mode ?? 0o644);
    const { uid, gid } = this.owner(options.owner);
    await chown(target, uid, gid);
  }

  async stat(
    path: string,
  ): Promise<{ mode: number; uid: number; gid: number; ino: number; size: number }> {
    const st = await stat(this.hostPath(path));
    return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, ino: st.ino, size: st.size };
  }

  async snapshot(paths = ['/home', '/root', '/etc/ssh']): Promise<Record<string, SnapshotEntry>> {
    const entries: Record<string, SnapshotEntry> = {};
    const walk = async (inside: string): Promise<void> => {
      const outside = this.hostPath(inside);
      const st = await lstat(outside);
      const base = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, ino: st.ino };
      if (st.isSymbolicLink())
        entries[inside] = { type: 'link', ...base, content: await readlink(outside) };
      else if (st.isFile())
        entries[inside] = { type: 'file', ...base, content: await readFile(outside, 'utf8') };
      else if (st.isDirectory()) {
        entries[inside] = { type: 'dir', ...base };
        for (const name of (await readdir(outside)).sort()) await walk(posix.join(inside, name));
      } else entries[inside] = { type: 'other', ...base };
    };
    for (const path of paths) await walk(path);
    return entries;
  }

  async ssh(user: string, privateKeyPath: string, command = 'true'): Promise<SshResult> {
    const args = [
      '-F', '/dev/null',
      '-i', privateKeyPath,
      '-p', String(this.port),
      '-o', 'BatchMode=yes',
      '-o', 'IdentitiesOnly=yes',
      '-o', 'IdentityAgent=none',
      '-o', 'PreferredAuthentications=publickey',
      '-o', 'StrictHostKeyChecking=no',
      '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', 'LogLevel=ERROR',
      '-o', 'ConnectTimeout=10',
      // The default post-quantum key exchange costs ~0.3 s of CPU a login here.
      '-o', 'KexAlgorithms=curve25519-sha256',
      `${user}@127.0.0.1`,
      command,
    ]; // prettier-ignore
    const result = await new Promise<ExecResult>((resolve, reject) => {
      execFile(
        'ssh',
        args,
        { timeout: 30_000, env: { PATH: SSH_PATH, HOME: '/root' } },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') reject(error);
          else resolve({ exitCode: error ? (error.code as number) : 0, stdout, stderr });
        },
      );
    });
    const refused = result.exitCode === 255 && /Permission denied/.test(result.stderr);
    if (result.exitCode === 255 && !refused) {
      throw new Error(
        `ssh ${user}@127.0.0.1 -p ${this.port} failed (not an auth refusal): ${result.stderr.trim()}\n${this.log()}`,
      );
    }
    return { ...result, authenticated: !refused };
  }

  async sshLogin(user: string, privateKeyPath: string): Promise<boolean> {
    return (await this.ssh(user, privateKeyPath)).authenticated;
  }

  log(): string {
    return this.stderr;
  }

  async boot(boothook: string | null): Promise<string> {
    if (this.stopped) throw new Error(`host ${this.id} is stopped`);
    await this.powerOff();
    const consoleFile = join(this.dir, 'console');
    writeFileSync(consoleFile, '', { mode: 0o600 });
    mkdirSync(join(this.dir, 'var/lib/cloud'), { recursive: true, mode: 0o755 });
    writeFileSync(join(this.dir, 'boothook'), boothook ?? '', { mode: 0o700 });
    this.booting = true;
    try {
      usedPorts.delete(this.port);
      await this.start();
    } finally {
      this.booting = false;
    }
    return readFile(consoleFile, 'utf8');
  }

  /** sshd and everything in the namespace killed; the tree stays. */
  private async powerOff(): Promise<void> {
    killAll([...this.running].map((pid) => -pid));
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    }
    for (let round = 0; this.namespace && round < 20; round++) {
      const left = processesIn(this.namespace);
      if (!left.length) break;
      killAll(left);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.namespace = null;
  }

  /** Synchronous kill and delete, for the process exit hook. */
  killSync(): void {
    this.stopped = true;
    this.syslog?.close();
    killAll([...this.running].map((pid) => -pid));
    if (this.pid) killAll([this.pid]);
    if (this.namespace) killAll(processesIn(this.namespace));
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.syslog?.close();
    killAll([...this.running].map((pid) => -pid));
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    }
    // sshd's session children and anything a script left running keep the namespace alive.
    for (let round = 0; this.namespace && round < 20; round++) {
      const left = processesIn(this.namespace);
      if (!left.length) break;
      killAll(left);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    usedPorts.delete(this.port);
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }
}

/** Why this machine cannot run hosts (root, sshd, unshare, nsenter, setpriv), or null when it can. */
export function hostSupportReason(): string | null {
  if (process.getuid?.() !== 0) return 'simulated hosts need root (mount namespaces, sshd)';
  for (const tool of [SSHD, 'unshare', 'nsenter', 'setpriv', 'ssh', 'ssh-keygen']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is missing (apt-get install -y openssh-server openssh-client util-linux)`;
    }
  }
  if (!existsSync(SSHD)) return `${SSHD} is missing`;
  return null;
}

/**
 * The rule for suites that need hosts: outside CI a reason skips them
 * (`describe.skipIf(reason)`); in CI (`CI` set to anything but `false` or
 * `0`) it throws, so a CI that lost root or sshd fails loudly instead of
 * passing with the rotation suites skipped.
 */
export function requireHostsInCi(
  reason: string | null,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (reason === null) return null;
  const ci = env.CI?.trim().toLowerCase();
  if (ci && ci !== 'false' && ci !== '0') {
    throw new Error(
      `CI is set but the simulated hosts cannot run: ${reason}. ` +
        'CI must run these suites as root (sudo -E env "PATH=$PATH" bash .ci/run).',
    );
  }
  return reason;
}

/**
 * Checks the machine can run hosts; returns why not, or null. Throws instead
 * of returning a reason when CI is set (see `requireHostsInCi`).
 */
export function hostSupport(): string | null {
  return requireHostsInCi(hostSupportReason());
}

/** Builds the host's tree and starts its sshd; resolves once sshd listens. */
export async function startHost(spec: HostSpec): Promise<Host> {
  const base = baseDir();
  sweep(base);
  registerExitHook();
  const host = new HostImpl(spec, base);
  live.add(host);
  try {
    await host.build();
    await host.start();
  } catch (error) {
    await host.stop();
    throw error;
  }
  return host;
}

/** Starts several hosts at once; if one fails, stops the others. */
export async function startHosts(specs: HostSpec[]): Promise<Host[]> {
  const results = await Promise.allSettled(specs.map((spec) => startHost(spec)));
  const failed = results.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failed) {
    await Promise.all(
      results.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)),
    );
    throw failed.reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<Host>).value);
}

/**
 * An SSM-emulator executor backed by hosts: `(instanceId, script, timeoutSeconds,
 * signal)` runs the script in the instance's host (structurally the
 * emulator's `Executor`).
 */
export function hostExecutor(
  lookup: (instanceId: string) => Host | undefined,
): (
  instanceId: string,
  script: string,
  timeoutSeconds: number,
  signal: AbortSignal,
) => Promise<ExecResult> {
  return async (instanceId, script, timeoutSeconds, signal) => {
    const host = lookup(instanceId);
    if (!host) throw new Error(`no simulated host for instance ${instanceId}`);
    return host.exec(script, { signal, timeoutMs: timeoutSeconds * 1000 });
  };
}

// ---------------------------------------------------------------------------
// Presets: hosts shaped like the images EC2 users run, holding `key` (an
// authorized_keys line such as `ssh-ed25519 AAAA… comment`).

export interface HostPreset {
  spec: HostSpec;
  /** Users sshd accepts `key` for before rotation. */
  keyUsers: string[];
  /** Files that hold `key` but that sshd does not read (rotation leaves them alone). */
  unread?: string[];
}

/** cloud-init's line for root when disable_root is set (its `sleep 10` left out). */
export function cloudInitRootLine(key: string, user: string): string {
  return `no-port-forwarding,no-agent-forwarding,no-X11-forwarding,command="echo 'Please login as the user \\"${user}\\" rather than the user \\"root\\".';echo;exit 142" ${key}`;
}

/** Amazon Linux 2023-like: ec2-user (home 0700), root's cloud-init line, EC2 Instance Connect's AuthorizedKeysCommand. */
export function amazonLinuxHost(key: string): HostPreset {
  return {
    spec: {
      name: 'amazon-linux',
      users: [
        { name: 'root', authorizedKeys: `${cloudInitRootLine(key, 'ec2-user')}\n` },
        { name: 'ec2-user', homeMode: 0o700, groups: ['adm', 'wheel'], authorizedKeys: `${key}\n` },
        {
          name: 'ec2-instance-connect',
          uid: 996,
          gid: 996,
          home: '/home/ec2-instance-connect',
          shell: '/sbin/nologin',
          createHome: false,
        },
      ],
      sshdConfig: [
        'AuthorizedKeysFile .ssh/authorized_keys',
        'AuthorizedKeysCommand /opt/aws/bin/eic_run_authorized_keys %u %f',
        'AuthorizedKeysCommandUser ec2-instance-connect',
      ],
    },
    keyUsers: ['root', 'ec2-user'],
  };
}

/** Ubuntu-like: ubuntu (home 0750), sshd_config.d include, root's cloud-init line. */
export function ubuntuHost(key: string): HostPreset {
  return {
    spec: {
      name: 'ubuntu',
      users: [
        { name: 'root', authorizedKeys: `${cloudInitRootLine(key, 'ubuntu')}\n` },
        { name: 'ubuntu', homeMode: 0o750, groups: ['adm', 'sudo'], authorizedKeys: `${key}\n` },
      ],
      sshdConfig: ['Include /etc/ssh/sshd_config.d/*.conf'],
      files: [
        {
          path: '/etc/ssh/sshd_config.d/60-cloudimg-settings.conf',
          content: 'PasswordAuthentication no\n',
        },
      ],
    },
    keyUsers: ['root', 'ubuntu'],
  };
}

/** Debian-like: admin, default AuthorizedKeysFile (authorized_keys and authorized_keys2). */
export function debianHost(key: string): HostPreset {
  return {
    spec: {
      name: 'debian',
      users: [{ name: 'admin', groups: ['adm', 'sudo'], authorizedKeys: `${key}\n` }],
    },
    keyUsers: ['admin'],
  };
}

/** The key in root's file and in a second user's; a nologin service account with an unrelated file. */
export function rootAndUserHost(key: string, otherKey: string): HostPreset {
  return {
    spec: {
      name: 'root-and-user',
      users: [
        { name: 'root', authorizedKeys: `${key}\n` },
        { name: 'deploy', authorizedKeys: `# deploy key\n${key}\n` },
        { name: 'svc', shell: '/usr/sbin/nologin', authorizedKeys: `${otherKey}\n` },
        { name: 'app', shell: '/usr/sbin/nologin' },
      ],
    },
    keyUsers: ['root', 'deploy'],
  };
}

/** `AuthorizedKeysFile /etc/ssh/authorized_keys/%u` (root-owned 0644 files); ~/.ssh/authorized_keys is not read. */
export function customKeysFileHost(key: string): HostPreset {
  return {
    spec: {
      name: 'custom-akf',
      users: [{ name: 'ec2-user', homeMode: 0o700, authorizedKeys: `${key}\n` }],
      sshdConfig: ['AuthorizedKeysFile /etc/ssh/authorized_keys/%u'],
      files: [{ path: '/etc/ssh/authorized_keys/ec2-user', content: `${key}\n`, mode: 0o644 }],
    },
    keyUsers: ['ec2-user'],
    unread: ['/home/ec2-user/.ssh/authorized_keys'],
  };
}

/** The key's line carries options (`from="127.0.0.1"`, `no-port-forwarding`). */
export function keyOptionsHost(key: string): HostPreset {
  return {
    spec: {
      name: 'key-options',
      users: [
        {
          name: 'ops',
          authorizedKeys: `from="127.0.0.1,::1",no-port-forwarding,no-agent-forwarding ${key}\n`,
        },
      ],
    },
    keyUsers: ['ops'],
  };
}

/** Every preset, holding `key` (and `otherKey` where an unrelated key is wanted). */
export function allPresets(key: string, otherKey: string): HostPreset[] {
  return [
    amazonLinuxHost(key),
    ubuntuHost(key),
    debianHost(key),
    rootAndUserHost(key, otherKey),
    customKeysFileHost(key),
    keyOptionsHost(key),
  ];
}
