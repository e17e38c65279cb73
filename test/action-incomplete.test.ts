/**
 * The action fails closed as the CLI does: a checkout the runner's user
 * cannot wholly read (a file or directory at mode 000) is no clean scan. The
 * bundled action runs as an unprivileged user (root reads everything), in
 * scan mode, so no AWS or GitHub server is needed. Keys are made at test time.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canDropPrivileges, GitRepo, makeKey, RSA_PEM } from './helpers/gitrepo.js';

const ACTION = process.env.EC2KR_TEST_ACTION ?? join(import.meta.dirname, '..', 'dist', 'index.js');
const NOBODY = 65534;

let keyText = '';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A directory every user may enter (the scratch root is root's alone). */
function openDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

beforeAll(() => {
  keyText = makeKey('action-incomplete', RSA_PEM).text;
});

interface Run {
  code: number | null;
  log: string;
  outputs: string;
}

/** Runs the bundled action in scan mode on `workspace` as nobody. */
function runAsNobody(workspace: string): Run {
  const dir = openDir('ec2kr-action-run-');
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary') };
  const event = join(dir, 'event.json');
  for (const file of Object.values(files)) writeFileSync(file, '', { mode: 0o666 });
  for (const file of Object.values(files)) chmodSync(file, 0o666);
  writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main' }));
  const run = spawnSync(process.execPath, [ACTION], {
    cwd: workspace,
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: event,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: 'acme/app',
      RUNNER_TEMP: dir,
      INPUT_MODE: 'scan',
      INPUT_PATH: workspace,
      'INPUT_CREATE-ISSUES': 'false',
    },
  });
  const log = `${run.stdout}${run.stderr}`;
  expect(log).not.toContain(keyText.split('\n')[2]);
  return { code: run.status, log, outputs: readFileSync(files.output, 'utf8') };
}

/** A checkout of nobody's (as a runner's checkout is its user's), a clean file and `extra` committed. */
function workspace(extra: Record<string, string>): string {
  const parent = openDir('ec2kr-action-checkout-');
  const repo = GitRepo.init(join(parent, 'repo'));
  repo.commit('init', { 'README.md': 'hello\n', ...extra });
  chownSync(parent, NOBODY, NOBODY);
  spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, repo.dir]);
  return repo.dir;
}

describe.runIf(canDropPrivileges())('the action fails closed on a checkout it cannot read', () => {
  test('a readable checkout without keys passes', () => {
    const dir = workspace({ 'notes.txt': 'nothing here\n' });
    const run = runAsNobody(dir);
    expect(run.code, run.log).toBe(0);
    expect(run.log).not.toContain('scan incomplete');
  });

  test('an unreadable file holding a key fails the step and is named', () => {
    const dir = workspace({ 'deploy/id_rsa': keyText });
    chmodSync(join(dir, 'deploy', 'id_rsa'), 0o000);
    const run = runAsNobody(dir);
    expect(run.code, run.log).toBe(1);
    expect(run.log).toMatch(/::error::.*scan incomplete: 1 path could not be read/);
    expect(run.log).toContain('deploy/id_rsa');
  });

  test('a directory it cannot search fails the step', () => {
    const dir = workspace({ 'keys/prod/id_rsa': keyText });
    chmodSync(join(dir, 'keys', 'prod'), 0o000);
    const run = runAsNobody(dir);
    expect(run.code, run.log).toBe(1);
    expect(run.log).toMatch(/::error::.*scan incomplete/);
  });
});
