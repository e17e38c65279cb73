/**
 * `scan -` that reads nothing never passes for a clean scan. Standard input
 * closed (`<&-`: Node reopens descriptor 0 as /dev/null when it starts) or
 * `/dev/null` is an error: exit 2, one line on stderr, nothing on stdout.
 * An empty pipe or empty file is scanned, and the scan is incomplete as one
 * with an unreadable path is: a warning, exit 2 (even with --fail-on none),
 * `incomplete` in the JSON, `executionSuccessful: false` in the SARIF. Input
 * that holds something is scanned as before: a key exits 1, none exits 0.
 *
 * Each run is a real child process (the CLI on the project's Node, and on
 * the system Node 20 when there is one), its standard input as a user's
 * shell would give it.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestKey } from '../helpers/keyfactory.js';
import { CLI, ED25519, makeKey, NODE, scratchDir, secretRunsIn } from '../helpers/gitrepo.js';

const NODES = [NODE, ...(existsSync('/usr/bin/node') ? ['/usr/bin/node'] : [])];

const NULL_ERROR = 'ec2-key-rotate: standard input is closed or /dev/null: nothing to scan';
const EMPTY_WARNING = 'warning: standard input was empty (0 bytes): nothing was scanned';
const EMPTY_SUMMARY =
  'ec2-key-rotate: scan incomplete: standard input was empty (0 bytes): nothing was scanned';

let key: TestKey;

beforeAll(() => {
  key = makeKey('stdin-nothing-ed25519', ED25519);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  NO_COLOR: '1',
};

/**
 * Runs `command args` with standard input `stdin` (a descriptor, 'ignore'
 * for /dev/null, or 'pipe' fed `input` then closed); fails on key material
 * in its output.
 */
function run(
  command: string,
  args: string[],
  stdin: 'ignore' | 'pipe' | number,
  input?: string,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = [stdin, 'pipe', 'pipe'];
    const child = spawn(command, args, { env: ENV, stdio, cwd: scratchDir('stdin-cwd-') });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const leaks = secretRunsIn(stdout + stderr);
      if (leaks.length) reject(new Error(`output holds private key material: ${leaks.join(', ')}`));
      else resolve({ code, stdout, stderr });
    });
    if (stdin === 'pipe') child.stdin?.end(input ?? '');
  });
}

/** `sh -c SCRIPT` where "$0" is the Node and "$1" the CLI: for what only a shell does (`<&-`). */
const shell = (node: string, script: string): Promise<Run> =>
  run('sh', ['-c', script, node, CLI], 'ignore');

/** Exit 2, nothing on stdout, the one line that says why on stderr. */
function expectNullError(result: Run): void {
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
    code: 2,
    stdout: '',
    stderr: `${NULL_ERROR}\n`,
  });
}

describe.each(NODES)('scan - reads nothing: never clean (%s)', (node) => {
  test('standard input closed (<&-): an error, exit 2, in every format', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      expectNullError(await shell(node, `exec "$0" "$1" scan --format ${format} - <&-`));
    }
  });

  test('standard input /dev/null (spawned with stdin ignored, or < /dev/null): an error, exit 2', async () => {
    expectNullError(await run(node, [CLI, 'scan', '-'], 'ignore'));
    expectNullError(await run(node, [CLI, 'scan', '--format', 'json', '-'], 'ignore'));
    expectNullError(await shell(node, 'exec "$0" "$1" scan - < /dev/null'));
    // --fail-on none does not make it a report either.
    expectNullError(await shell(node, 'exec "$0" "$1" scan --fail-on none - < /dev/null'));
  });

  test('an empty pipe: warned, incomplete, exit 2 (also with --fail-on none)', async () => {
    const text = await run(node, [CLI, 'scan', '-'], 'pipe', '');
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/^No private keys found in 0 files \(0 B/);
    expect(text.stdout).toContain(
      '\nscan incomplete: standard input was empty (0 bytes): nothing was scanned\n',
    );
    expect(text.stderr.trimEnd().split('\n')).toEqual([EMPTY_WARNING, EMPTY_SUMMARY]);

    const json = await run(node, [CLI, 'scan', '--format', 'json', '-'], 'pipe', '');
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as {
      findings: unknown[];
      stats: { filesScanned: number; bytesScanned: number };
      incomplete?: { unreadable: number; paths: string[]; reasons?: string[] };
      warnings: string[];
    };
    expect(report.findings).toEqual([]);
    expect(report.stats).toMatchObject({ filesScanned: 0, bytesScanned: 0 });
    expect(report.incomplete).toEqual({
      unreadable: 0,
      paths: [],
      reasons: ['standard input was empty (0 bytes): nothing was scanned'],
    });
    expect(report.warnings).toEqual(['standard input was empty (0 bytes): nothing was scanned']);

    const sarif = await run(node, [CLI, 'scan', '--format', 'sarif', '-'], 'pipe', '');
    expect(sarif.code).toBe(2);
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        results: unknown[];
        invocations?: {
          executionSuccessful: boolean;
          toolExecutionNotifications: { level: string; message: { text: string } }[];
        }[];
      }[];
    };
    expect(log.runs[0]?.results).toEqual([]);
    expect(log.runs[0]?.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          expect.objectContaining({
            level: 'error',
            message: {
              text: 'The scan is incomplete: standard input was empty (0 bytes): nothing was scanned.',
            },
          }),
        ],
      },
    ]);

    const none = await run(node, [CLI, 'scan', '--fail-on', 'none', '-'], 'pipe', '');
    expect(none.code).toBe(2);
    expect(none.stderr.trimEnd().split('\n').at(-1)).toBe(EMPTY_SUMMARY);
  });

  test('an empty file as standard input, and an empty pipe from a shell: exit 2', async () => {
    const empty = join(scratchDir('stdin-empty-'), 'empty.txt');
    writeFileSync(empty, '');
    const fd = openSync(empty, 'r');
    try {
      const fromFile = await run(node, [CLI, 'scan', '-'], fd);
      expect(fromFile.code).toBe(2);
      expect(fromFile.stderr.trimEnd().split('\n')).toEqual([EMPTY_WARNING, EMPTY_SUMMARY]);
    } finally {
      closeSync(fd);
    }
    const piped = await shell(node, 'printf "" | "$0" "$1" scan -');
    expect(piped.code).toBe(2);
    expect(piped.stderr.trimEnd().split('\n')).toEqual([EMPTY_WARNING, EMPTY_SUMMARY]);
  });

  test('a pipe that holds a key: found, exit 1, complete; one that holds none: clean, exit 0', async () => {
    const found = await run(node, [CLI, 'scan', '--format', 'json', '-'], 'pipe', key.text);
    expect(found.code).toBe(1);
    expect(found.stderr).toBe('');
    const report = JSON.parse(found.stdout) as {
      findings: { fingerprint: string; locations: { path: string }[] }[];
      incomplete?: unknown;
    };
    expect(report.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
    expect(report.findings[0]?.locations[0]?.path).toBe('(stdin)');
    expect(report.incomplete).toBeUndefined();

    const clean = await run(node, [CLI, 'scan', '-'], 'pipe', 'nothing here\n');
    expect(clean.code).toBe(0);
    expect(clean.stderr).toBe('');
    expect(clean.stdout).toMatch(/^No private keys found in 1 files/);
  });
});

/** `bash -c SCRIPT` where "$0" is the Node and "$1" the CLI: for process substitution. */
const bash = (node: string, script: string): Promise<Run> =>
  run('bash', ['-c', script, node, CLI], 'ignore');

describe.each(NODES)('a pipe or device named as PATH reads nothing: never clean (%s)', (node) => {
  const emptyLines = (shown: string) => [
    `warning: ${shown} was empty (0 bytes): nothing was scanned`,
    `ec2-key-rotate: scan incomplete: ${shown} was empty (0 bytes): nothing was scanned`,
  ];

  test('scan <(a command that writes nothing, or fails): warned, incomplete, exit 2', async () => {
    for (const command of ['true', 'false', 'exit 3']) {
      const result = await bash(node, `exec "$0" "$1" scan <(${command})`);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/^No private keys found in 0 files \(0 B/);
      const shown = /^warning: (\/dev\/fd\/\d+|\/proc\/self\/fd\/\d+) was empty/.exec(
        result.stderr,
      )?.[1];
      expect(shown).toBeDefined();
      expect(result.stderr.trimEnd().split('\n')).toEqual(emptyLines(shown as string));
    }
    const json = await bash(node, 'exec "$0" "$1" scan --format json --fail-on none <(true)');
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { incomplete?: { reasons?: string[] } };
    expect(report.incomplete?.reasons).toEqual([
      expect.stringMatching(/ was empty \(0 bytes\): nothing was scanned$/),
    ]);
  });

  test('a FIFO whose writer closes without writing: exit 2; one that carries a key: found', async () => {
    const dir = scratchDir('fifo-path-');
    const fifo = join(dir, 'feed');
    const made = await run('mkfifo', [fifo], 'ignore');
    expect(made.code).toBe(0);
    const empty = await bash(node, `: > "${fifo}" & exec "$0" "$1" scan "${fifo}"`);
    expect(empty.code).toBe(2);
    expect(empty.stderr.trimEnd().split('\n')).toEqual(emptyLines(fifo));

    const keyFile = join(dir, 'key.txt');
    writeFileSync(keyFile, key.text);
    const found = await bash(
      node,
      `cat "${keyFile}" > "${fifo}" & exec "$0" "$1" scan --format json "${fifo}"`,
    );
    expect(found.code).toBe(1);
    const report = JSON.parse(found.stdout) as { findings: { fingerprint: string }[] };
    expect(report.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
  });

  test('/dev/null as PATH: an error, exit 2, nothing on stdout', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const result = await run(node, [CLI, 'scan', '--format', format, '/dev/null'], 'ignore');
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: 'ec2-key-rotate: /dev/null is the null device: nothing to scan\n',
      });
    }
  });
});
