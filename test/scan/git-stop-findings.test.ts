/**
 * A git the watch stops (git-watch.ts: it waited on a FIFO the repository
 * planted) fails the scan closed, as an unreadable path does, without
 * hiding what the scan had found: the findings are reported in every
 * format with the stop as the reason the scan is incomplete, exit 1 when a
 * key was found, else 2 (also 2 with --fail-on none). The last line on
 * stderr names the FIFO.
 *
 * The attacker's repository commits a key and a directory with a FIFO
 * `.gitignore` (the check before git cannot know of it): the tree scan
 * reads the key, then the git that lists untracked files waits on the FIFO.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { TestKey } from '../helpers/keyfactory.js';
import {
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  runCli,
  scratchDir,
  type CliRun,
} from '../helpers/gitrepo.js';

let key: TestKey;

/** FIFOs the current test made: released after it, so that no git of a failed run waits on. */
const fifos: string[] = [];

function releaseFifos(): void {
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waiting (ENXIO), or gone.
    }
  }
}

afterEach(() => {
  releaseFifos();
  fifos.length = 0;
});

function mkfifo(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) unlinkSync(path);
  execFileSync('mkfifo', [path]);
  fifos.push(path);
}

/** Linux names a FIFO's open wait (wait_for_partner): the watch that stops git works here. */
let watched = false;

beforeAll(async () => {
  key = makeKey('git-stop-findings-ed25519', ED25519);
  if (!existsSync('/proc/self/wchan')) return;
  const fifo = join(scratchDir('wchan-'), 'fifo');
  mkfifo(fifo);
  const reader = spawn('cat', [fifo], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  try {
    watched = readFileSync(`/proc/${reader.pid}/wchan`, 'utf8').trim() === 'wait_for_partner';
  } finally {
    reader.kill();
    releaseFifos();
    fifos.length = 0;
  }
});

/** A checkout with `files` committed and a FIFO `.gitignore` at deploy/cache/; the FIFO's path. */
function trappedRepo(files: Record<string, string>): { repo: GitRepo; fifo: string } {
  const repo = GitRepo.init();
  repo.commit('init', files);
  const fifo = join(repo.dir, 'deploy', 'cache', '.gitignore');
  mkfifo(fifo);
  return { repo, fifo };
}

/** The stop is the last line on stderr, naming the FIFO. */
function expectStopLine(run: CliRun, fifo: string): void {
  const last = run.stderr.trimEnd().split('\n').at(-1) ?? '';
  expect(last).toMatch(/^ec2-key-rotate: scan incomplete: git waited forever to open /);
  expect(last).toContain(fifo);
  expect(run.stderr).not.toMatch(/\n\s+at |node:internal/);
}

interface Sarif {
  runs: {
    results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    invocations?: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string } }[];
    }[];
  }[];
}

describe('a git stopped waiting on a FIFO: the findings made are still reported', () => {
  test('a committed key: found in text, JSON and SARIF, exit 1; with --fail-on none exit 2', async (context) => {
    if (!watched) context.skip();
    const { repo, fifo } = trappedRepo({ 'README.md': 'x\n', 'deploy/id_ed25519': key.text });
    const [text, json, sarif, none] = await Promise.all([
      runCli(['scan', repo.dir]),
      runCli(['scan', '--format', 'json', repo.dir]),
      runCli(['scan', '--format', 'sarif', repo.dir]),
      runCli(['scan', '--format', 'json', '--fail-on', 'none', repo.dir]),
    ]);

    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/^1 private key found in 2 files/);
    expect(text.stdout).toContain(`fingerprint: ${key.fingerprint}`);
    expect(text.stdout).toMatch(/^ {4}at deploy\/id_ed25519:1$/m);
    expect(text.stdout).toMatch(/^scan incomplete: git waited forever to open .*it was stopped$/m);
    expectStopLine(text, fifo);

    expect(json.code, json.stderr).toBe(1);
    const report = jsonOf(json) as ReturnType<typeof jsonOf> & {
      incomplete?: { unreadable: number; paths: string[]; reasons?: string[] };
    };
    expect(report.findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
    expect(report.findings[0]?.locations.map((location) => location.path)).toEqual([
      'deploy/id_ed25519',
    ]);
    expect(report.incomplete).toEqual({
      unreadable: 0,
      paths: [],
      reasons: [expect.stringContaining(fifo)],
    });
    expectStopLine(json, fifo);

    expect(sarif.code, sarif.stderr).toBe(1);
    const log = JSON.parse(sarif.stdout) as Sarif;
    expect(
      log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri),
    ).toEqual(['deploy/id_ed25519']);
    expect(log.runs[0]?.invocations?.[0]?.executionSuccessful).toBe(false);
    expect(log.runs[0]?.invocations?.[0]?.toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: 'error',
        message: { text: expect.stringContaining(fifo) as string },
      }),
    ]);

    // As with an unreadable path: a scan that does not fail on findings still fails as incomplete.
    expect(none.code, none.stderr).toBe(2);
    expect(jsonOf(none).findings.map((finding) => finding.fingerprint)).toEqual([key.fingerprint]);
    expectStopLine(none, fifo);
  });

  test('no key: the report says so and that the scan is incomplete, exit 2', async (context) => {
    if (!watched) context.skip();
    const { repo, fifo } = trappedRepo({ 'README.md': 'x\n', 'deploy/notes.txt': 'nothing\n' });
    const [text, json] = await Promise.all([
      runCli(['scan', repo.dir]),
      runCli(['scan', '--format', 'json', repo.dir]),
    ]);
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toMatch(/^No private keys found in 2 files/);
    expect(text.stdout).toMatch(/^scan incomplete: git waited forever to open /m);
    expectStopLine(text, fifo);
    expect(json.code, json.stderr).toBe(2);
    expect(jsonOf(json).findings).toEqual([]);
    expectStopLine(json, fifo);
  });
});
