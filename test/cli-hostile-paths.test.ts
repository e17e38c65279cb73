/**
 * Paths and files that are not what a scan expects, named by the user or
 * planted by the scanned repository: a PATH stat cannot reach, a pipe, a
 * device, a socket, an empty PATH, an ignore file that is a FIFO, a link or
 * too large, standard input that cannot be read, a scan report holding key
 * text. Whatever they are, the CLI ends with its contract: 0 clean, 1 keys
 * found, 2 error with one line on stderr saying why; never a stack trace,
 * never a hang, never "clean" or "found" for an error, never key text.
 *
 * Each case runs on the project's Node 24 and, when present, on the system
 * Node 20 (/usr/bin/node), where a rejection nobody handled yet ends the
 * process with a stack trace and exit code 1.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { secretBase64, type TestKey } from './helpers/keyfactory.js';
import {
  CLI,
  ED25519,
  GitRepo,
  makeKey,
  NODE,
  scratchDir,
  secretRunsIn,
} from './helpers/gitrepo.js';

const SYSTEM_NODE = '/usr/bin/node';
const NODES: [string, string][] = [
  ['Node 24', NODE],
  ...(existsSync(SYSTEM_NODE) ? [['Node 20 (system node)', SYSTEM_NODE] as [string, string]] : []),
];

/** Long enough for a slow machine, short enough that a hang fails the test instead of the suite. */
const RUN_TIMEOUT_MS = 30_000;
/** A test runs the CLI several times, and a hang costs RUN_TIMEOUT_MS. */
const TEST_TIMEOUT = 180_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed by RUN_TIMEOUT_MS: the run hung. */
  timedOut: boolean;
}

/** Git with no user or system config, as runCli runs it. */
const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  NO_COLOR: '1',
};

/** Runs `command args`, killing it after RUN_TIMEOUT_MS; checks its output for key material. */
function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; stdin?: 'ignore' | number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    // A process group of its own: a run that hangs is killed with all it started (git, a writer).
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: ENV,
      stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const leaks = secretRunsIn(stdout + stderr);
      if (leaks.length) reject(new Error(`output holds private key material: ${leaks.join(', ')}`));
      else resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** The CLI under `node`. */
const runCli = (
  node: string,
  args: string[],
  options: { cwd: string; stdin?: 'ignore' | number },
): Promise<Run> => runProcess(node, [CLI, ...args], options);

/**
 * A shell line run by bash, for what only a shell makes (`<(cmd)`): "$NODE"
 * and "$CLI" name the CLI.
 */
const runShell = (node: string, script: string, cwd: string): Promise<Run> =>
  runProcess('bash', ['-c', `NODE="$0" CLI="$1"; ${script}`, node, CLI], { cwd });

/** Exit 2, nothing on stdout, one line on stderr matching `reason`, and no stack trace. */
function expectError(run: Run, reason: RegExp): void {
  expect(run.timedOut).toBe(false);
  expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 2 });
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ec2-key-rotate: /);
  expect(lines[0]).toMatch(reason);
  expect(run.stderr).not.toMatch(/\n\s+at |node:internal/);
}

/** Runs of `length` characters of the key's secret base64 that `text` holds. */
function keyRunsIn(key: TestKey, text: string, length = 10): string[] {
  const secret = secretBase64(key.text);
  const found: string[] = [];
  for (let at = 0; at + length <= secret.length; at++) {
    const run = secret.slice(at, at + length);
    if (text.includes(run)) found.push(run);
  }
  return found;
}

let key: TestKey;
let keyFile: string;

beforeAll(() => {
  key = makeKey('hostile-paths-ed25519', ED25519);
  keyFile = join(scratchDir('hostile-key-'), 'id_ed25519');
  writeFileSync(keyFile, key.text);
});

/** Writers left waiting on a FIFO no reader opened are released (and their FIFO read) here. */
function releaseWriters(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
  } catch {
    // Gone already.
  }
}

describe.each(NODES)('%s', (_name, node) => {
  describe('a PATH that cannot be scanned: exit 2, one line, never a stack trace', () => {
    let dir: string;
    beforeAll(() => {
      dir = scratchDir('hostile-path-');
      writeFileSync(join(dir, 'file.txt'), 'nothing here\n');
      symlinkSync('loop2', join(dir, 'loop1'));
      symlinkSync('loop1', join(dir, 'loop2'));
    });

    test.each([
      [
        'a file used as a directory (ENOTDIR)',
        'file.txt/x',
        /cannot scan file\.txt\/x: .*\(ENOTDIR\)$/,
      ],
      ['a symbolic link loop (ELOOP)', 'loop1', /cannot scan loop1: .*\(ELOOP\)$/],
      [
        'a 5,000-character name (ENAMETOOLONG)',
        'a'.repeat(5000),
        /cannot scan a+….*\(5000 characters\): .*\(ENAMETOOLONG\)$/,
      ],
      ['an empty PATH (not the current directory)', '', /PATH is empty/],
    ])(
      '%s',
      async (_case, path, reason) => {
        for (const format of ['text', 'json']) {
          const run = await runCli(node, ['scan', '--format', format, path], { cwd: dir });
          expectError(run, reason);
        }
        // The same with a scan mode that asks git first.
        expectError(await runCli(node, ['scan', '--history', path], { cwd: dir }), reason);
      },
      TEST_TIMEOUT,
    );
  });

  test.each([
    ['--output', ['scan', '.', '--output', ''], /--output is empty/],
    ['--ignore-file', ['scan', '.', '--ignore-file', ''], /--ignore-file is empty/],
    // Empty would fall back to the working tree's (untrusted) ignore file.
    ['--ignore-from', ['scan', '.', '--ignore-from', ''], /--ignore-from is empty/],
    ['--from-scan', ['audit', '--from-scan', '', '--region', 'us-east-1'], /--from-scan is empty/],
  ])(
    'an empty %s (an unset variable) is an error, not a default',
    async (_flag, args, reason) => {
      const repo = GitRepo.init();
      repo.commit('init', { 'README.md': 'hello\n' });
      expectError(await runCli(node, args, { cwd: repo.dir }), reason);
    },
    TEST_TIMEOUT,
  );

  describe('a PATH that is no regular file and no directory', () => {
    test(
      'scan <(cmd) reads the pipe like standard input and reports the key in it',
      async () => {
        const dir = scratchDir('hostile-procsub-');
        const run = await runShell(
          node,
          `exec "$NODE" "$CLI" scan --format json <(cat ${JSON.stringify(keyFile)})`,
          dir,
        );
        expect(run.timedOut).toBe(false);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(1);
        const report = JSON.parse(run.stdout) as {
          findings: { fingerprint: string; locations: { path: string }[] }[];
        };
        expect(report.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
        expect(report.findings[0]?.locations[0]?.path).toMatch(/^\/dev\/fd\/\d+$/);
      },
      TEST_TIMEOUT,
    );

    test(
      'a FIFO with a writer is read like standard input',
      async () => {
        const dir = scratchDir('hostile-fifo-');
        const fifo = join(dir, 'keys.fifo');
        try {
          const run = await runShell(
            node,
            `mkfifo keys.fifo; (exec </dev/null >/dev/null 2>&1; timeout 20 cat ${JSON.stringify(keyFile)} > keys.fifo) & exec "$NODE" "$CLI" scan keys.fifo`,
            dir,
          );
          expect(run.timedOut).toBe(false);
          expect(run.stderr).toBe('');
          expect(run.code).toBe(1);
          expect(run.stdout).toContain(key.fingerprint);
          expect(run.stdout).toContain('keys.fifo');
        } finally {
          releaseWriters(fifo);
        }
      },
      TEST_TIMEOUT,
    );

    test(
      '/dev/null reads nothing: an error, exit 2, never clean',
      async () => {
        const run = await runCli(node, ['scan', '/dev/null'], { cwd: scratchDir('hostile-null-') });
        expect(run.timedOut).toBe(false);
        expect(run.stderr).toBe('ec2-key-rotate: /dev/null is the null device: nothing to scan\n');
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
      },
      TEST_TIMEOUT,
    );

    describe('a socket', () => {
      let server: Server;
      let dir: string;
      beforeAll(async () => {
        dir = scratchDir('hostile-sock-');
        server = createServer();
        await new Promise<void>((resolve) => server.listen(join(dir, 'agent.sock'), resolve));
      });
      afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

      test(
        'is refused: exit 2 saying it is a socket',
        async () => {
          expectError(
            await runCli(node, ['scan', 'agent.sock'], { cwd: dir }),
            /cannot scan agent\.sock: it is a socket/,
          );
        },
        TEST_TIMEOUT,
      );
    });
  });

  describe('an ignore file that is not a small regular file: exit 2 naming it, never a hang', () => {
    test(
      'a FIFO at .ec2-key-rotate-ignore, in a tree and at the top of a work tree',
      async () => {
        const tree = scratchDir('hostile-ignore-fifo-');
        writeFileSync(join(tree, 'id_key'), key.text);
        const fifo = join(tree, '.ec2-key-rotate-ignore');
        const repo = GitRepo.init();
        repo.commit('init', { 'README.md': 'hello\n', 'deploy/id_key': key.text });
        const repoFifo = join(repo.dir, '.ec2-key-rotate-ignore');
        try {
          execFileSync('mkfifo', [fifo, repoFifo]);
          expectError(
            await runCli(node, ['scan', '--no-git', tree], { cwd: tree }),
            /cannot read ignore file .*\.ec2-key-rotate-ignore: not a regular file \(a FIFO\)$/,
          );
          expectError(
            await runCli(node, ['scan', '.'], { cwd: repo.dir }),
            /cannot read ignore file .*\.ec2-key-rotate-ignore: not a regular file \(a FIFO\)$/,
          );
          // Named with --ignore-file, a FIFO is refused all the same.
          expectError(
            await runCli(node, ['scan', '--no-git', tree, '--ignore-file', fifo], { cwd: tree }),
            /cannot read ignore file .*: not a regular file \(a FIFO\)$/,
          );
        } finally {
          releaseWriters(fifo);
          releaseWriters(repoFifo);
        }
      },
      TEST_TIMEOUT,
    );

    test(
      'a link planted by the repository is not followed; one the user names is',
      async () => {
        const tree = scratchDir('hostile-ignore-link-');
        writeFileSync(join(tree, 'id_key'), key.text);
        symlinkSync('/dev/zero', join(tree, '.ec2-key-rotate-ignore'));
        expectError(
          await runCli(node, ['scan', '--no-git', tree], { cwd: tree }),
          /cannot read ignore file .*\.ec2-key-rotate-ignore: it is a symbolic link, not followed/,
        );
        // A device named by the user is no ignore file either: refused, not read for ever.
        expectError(
          await runCli(node, ['scan', '--no-git', tree, '--ignore-file', '/dev/zero'], {
            cwd: tree,
          }),
          /cannot read ignore file \/dev\/zero: not a regular file \(a device\)$/,
        );
        // The user's own link to a real ignore file is followed.
        const mine = join(scratchDir('hostile-ignore-mine-'), 'ignore');
        writeFileSync(mine, `${key.fingerprint}  # a test key\n`);
        const link = join(scratchDir('hostile-ignore-mine-'), 'link');
        symlinkSync(mine, link);
        const named = await runCli(node, ['scan', '--no-git', tree, '--ignore-file', link], {
          cwd: tree,
        });
        expect({ code: named.code, stderr: named.stderr }).toEqual({ code: 0, stderr: '' });
      },
      TEST_TIMEOUT,
    );

    test(
      'an ignore file larger than 1 MiB is refused',
      async () => {
        const tree = scratchDir('hostile-ignore-big-');
        writeFileSync(join(tree, 'id_key'), key.text);
        writeFileSync(join(tree, '.ec2-key-rotate-ignore'), '# padding\n'.repeat(110_000));
        expectError(
          await runCli(node, ['scan', '--no-git', tree], { cwd: tree }),
          /cannot read ignore file .*\.ec2-key-rotate-ignore: larger than 1 MiB$/,
        );
      },
      TEST_TIMEOUT,
    );
  });

  describe('standard input that cannot be read is an error, never clean', () => {
    test.each(['text', 'json'])(
      'scan - < directory (%s)',
      async (format) => {
        const dir = scratchDir('hostile-stdin-');
        mkdirSync(join(dir, 'keys.d'));
        writeFileSync(join(dir, 'keys.d', 'id_ed25519'), key.text);
        const fd = openSync(join(dir, 'keys.d'), 'r');
        try {
          expectError(
            await runCli(node, ['scan', '--format', format, '-'], { cwd: dir, stdin: fd }),
            /cannot read standard input: .*EISDIR/,
          );
        } finally {
          closeSync(fd);
        }
      },
      TEST_TIMEOUT,
    );
  });

  describe('a bad scan report (--from-scan) is refused without quoting what it holds', () => {
    let dir: string;
    beforeAll(() => {
      dir = scratchDir('hostile-report-');
    });
    const body = (): string => secretBase64(key.text);

    test.each([
      [
        'a finding id that holds a private key',
        (): string => JSON.stringify({ findings: [{ id: key.text }] }),
        /report\.json is not a valid scan report: findings\[0\]\.id must be a finding id, got a string of \d+ characters$/,
      ],
      [
        'the private key file itself',
        (): string => key.text,
        /report\.json is not the JSON output of "scan --format json": invalid JSON at line 1, column 1 \(byte 0\): expected a value$/,
      ],
      [
        'key text where a value should be',
        (): string => `{"findings":[${body()}]}`,
        /invalid JSON at line 1, column 14 \(byte 13\): expected a value or \]$/,
      ],
      [
        'key text after a value',
        (): string => `{"findings": [{}]}\n${body()}`,
        /invalid JSON at line 2, column 1 \(byte 19\): expected the end of the text$/,
      ],
    ])(
      '%s',
      async (_case, text, reason) => {
        writeFileSync(join(dir, 'report.json'), text());
        for (const command of ['audit', 'plan']) {
          const run = await runCli(
            node,
            [command, '--from-scan', 'report.json', '--region', 'us-east-1'],
            { cwd: dir },
          );
          expectError(run, reason);
          expect(keyRunsIn(key, run.stderr)).toEqual([]);
          expect(run.stderr).not.toContain('b3BlbnNzaC1rZXktdjE');
        }
      },
      TEST_TIMEOUT,
    );

    test(
      'a report larger than 256 MiB is refused unread; a pipe is read',
      async () => {
        const big = join(dir, 'big.json');
        writeFileSync(big, '');
        truncateSync(big, 300 * 1024 * 1024);
        expectError(
          await runCli(node, ['audit', '--from-scan', big, '--region', 'us-east-1'], { cwd: dir }),
          /cannot read scan results from .*big\.json: larger than 256 MiB$/,
        );
        // `--from-scan <(…)`: read, then refused for what it is (no findings array), not for being a pipe.
        const piped = await runShell(
          node,
          `exec "$NODE" "$CLI" audit --from-scan <(echo '{"results": []}') --region us-east-1`,
          dir,
        );
        expectError(
          piped,
          /is not the JSON output of "scan --format json": it has no findings array$/,
        );
      },
      TEST_TIMEOUT,
    );
  });
});
