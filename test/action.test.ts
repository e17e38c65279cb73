import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ACTION = join(import.meta.dirname, '..', 'dist', 'index.js');
const work = mkdtempSync(join(tmpdir(), 'action-test-'));
const repo = join(work, 'repo');
let keyText = '';
let fingerprint = '';
let before = '';
let after = '';

const gitEnv = {
  GIT_AUTHOR_NAME: 'Tester',
  GIT_AUTHOR_EMAIL: 'tester@example.com',
  GIT_COMMITTER_NAME: 'Tester',
  GIT_COMMITTER_EMAIL: 'tester@example.com',
};
const git = (...args: string[]): string =>
  execFileSync('git', args, {
    cwd: repo,
    env: { ...process.env, ...gitEnv },
    encoding: 'utf8',
  }).trim();

beforeAll(() => {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'key')]);
  keyText = readFileSync(join(work, 'key'), 'utf8');
  fingerprint =
    execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(work, 'key.pub')], {
      encoding: 'utf8',
    }).split(' ')[1] ?? '';
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  before = git('rev-parse', 'HEAD');
  writeFileSync(join(repo, 'id_ed25519'), keyText);
  git('add', '.');
  git('commit', '-qm', 'oops');
  after = git('rev-parse', 'HEAD');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface ActionRun {
  status: number | null;
  stdout: string;
  outputs: Record<string, string>;
}

/** Runs the bundled action as a runner does: inputs as INPUT_* variables, outputs through GITHUB_OUTPUT. */
function runAction(
  inputs: Record<string, string>,
  event: { name: string; payload: object },
): ActionRun {
  const dir = mkdtempSync(join(work, 'run-'));
  const outputFile = join(dir, 'output');
  const eventFile = join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(eventFile, JSON.stringify(event.payload));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: outputFile,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_WORKSPACE: repo,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const run = spawnSync(process.execPath, [ACTION], { cwd: repo, env, encoding: 'utf8' });
  const outputs: Record<string, string> = {};
  // GITHUB_OUTPUT uses heredoc records: name<<DELIMITER / value / DELIMITER.
  const records = readFileSync(outputFile, 'utf8').matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm);
  for (const [, name = '', , value = ''] of records) outputs[name] = value;
  const stdout = run.stdout + run.stderr;
  expect(stdout).not.toContain(keyText.split('\n')[2]);
  return { status: run.status, stdout, outputs };
}

describe('the bundled action', () => {
  test('a push scans what it added, annotates the file and fails the step', () => {
    const sarif = join(work, 'push.sarif');
    const run = runAction(
      { path: repo, 'sarif-file': sarif },
      { name: 'push', payload: { before, after, ref: 'refs/heads/main' } },
    );
    expect(run.status).toBe(1);
    expect(run.outputs.findings).toBe('1');
    expect(JSON.parse(run.outputs.fingerprints ?? '[]')).toEqual([fingerprint]);
    expect(run.stdout).toMatch(/::error title=Leaked private key,file=id_ed25519,line=1::/);
    expect(run.stdout).toContain('committed private key(s) found');
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]?.results).toHaveLength(1);
    expect(readFileSync(sarif, 'utf8')).not.toContain(keyText.split('\n')[2]);
  });

  test('a push range before the key was added finds nothing', () => {
    const run = runAction(
      { path: repo },
      { name: 'push', payload: { before: git('rev-parse', `${before}`), after: before } },
    );
    expect(run.status).toBe(0);
    expect(run.outputs.findings).toBe('0');
  });

  test('fail-on-findings: false reports without failing', () => {
    const run = runAction(
      { path: repo, 'fail-on-findings': 'false' },
      { name: 'workflow_dispatch', payload: {} },
    );
    expect(run.status).toBe(0);
    expect(run.outputs.findings).toBe('1');
  });

  test('a schedule scans the history and finds a key deleted from the tree', () => {
    git('rm', '-q', 'id_ed25519');
    git('commit', '-qm', 'remove key');
    try {
      const tree = runAction({ path: repo }, { name: 'workflow_dispatch', payload: {} });
      expect(tree.outputs.findings).toBe('0');
      const history = runAction(
        { path: repo },
        { name: 'schedule', payload: { schedule: '17 3 * * 1' } },
      );
      expect(history.status).toBe(1);
      expect(history.outputs.findings).toBe('1');
    } finally {
      git('reset', '-q', '--hard', after);
    }
  });

  test.each([
    [{ mode: 'bogus' }, 'input mode must be one of scan, leak-response, rotate, scheduled'],
    [{ mode: 'rotate' }, 'mode rotate needs input key-pairs'],
    [{ 'role-to-assume': 'admin' }, 'input role-to-assume must be an IAM role ARN'],
    [{ 'actions-secret-name': 'DEPLOY_KEY' }, 'input actions-secret-name needs secrets-token'],
    [{ 'key-type': 'dsa' }, 'input key-type must be one of ed25519, rsa'],
    [{ 'issue-repository': 'security' }, 'input issue-repository must look like owner/repo'],
    [
      { 'role-duration-seconds': '60' },
      'input role-duration-seconds must be a whole number from 900 to 43200',
    ],
    [{ 'parameter-path': 'no-slash' }, 'input parameter-path must be a Parameter Store path'],
    [{ 'scan-history': 'maybe' }, 'input scan-history must be true or false'],
    [
      { 'aws-regions': 'us-east-1, mars-1' },
      'input aws-regions: "mars-1" is not an AWS region name',
    ],
    [{ 'max-key-age': '-3' }, 'input max-key-age must be a whole number of days'],
    [{ 'target-tag': 'novalue' }, 'input target-tag must look like Key=Value'],
    [{ users: 'root; rm -rf /' }, 'input users: "root;" is not a user name'],
    [{ 'max-key-age': '0x10' }, 'input max-key-age must be a whole number of days, got "0x10"'],
    [
      { 'parameter-path': '/ssm/keys' },
      'input parameter-path must be a Parameter Store path such as /ec2-key-rotate: it starts with aws or ssm',
    ],
    [{ 'ssm-document': 'AWS-RunPowerShellScript' }, 'input ssm-document must be one of'],
    [{ path: '/nonexistent/dir' }, 'no such file or directory: /nonexistent/dir'],
    [{ 'offline-recovery': 'reboot' }, 'input offline-recovery must be one of'],
    [
      { 'offline-recovery': 'reset-access', 'restore-user-data': 'once' },
      'input restore-user-data applies only with input offline-recovery user-data',
    ],
  ])('bad input %j fails with a clear reason', (inputs, reason) => {
    const run = runAction({ path: repo, ...inputs }, { name: 'workflow_dispatch', payload: {} });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error::${reason}`);
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });
});
