// The local demo: no AWS or GitHub account needed. It builds a throwaway
// repository in which a developer commits an EC2 key (generated now, never
// stored in this project), pastes it into a JSON config with escaped
// newlines, then deletes the file, and shows what ec2-key-rotate finds in the
// working tree, in the whole history and in the push that leaked it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'ec2-key-rotate-demo-'));
const repo = join(work, 'app');

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Dev Eloper',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev Eloper',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};
const git = (...args) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
const say = (text) => console.log(`\n\x1b[1m== ${text}\x1b[0m`);
const scan = (...args) => {
  console.log(`$ ec2-key-rotate scan ${args.join(' ')}`);
  const run = spawnSync(process.execPath, [cli, 'scan', ...args], { cwd: repo, encoding: 'utf8' });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  console.log(`(exit code ${run.status})`);
  return run;
};

try {
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), '# app\n');
  git('add', '.');
  git('commit', '-qm', 'initial commit');
  const before = git('rev-parse', 'HEAD');

  say('A developer commits the EC2 launch key and pastes it into a config file');
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'rsa',
    '-b',
    '2048',
    '-m',
    'PEM',
    '-N',
    '',
    '-C',
    'prod',
    '-f',
    join(work, 'prod.pem'),
  ]);
  const pem = readFileSync(join(work, 'prod.pem'), 'utf8');
  mkdirSync(join(repo, 'deploy'));
  writeFileSync(join(repo, 'deploy', 'prod.pem'), pem);
  writeFileSync(
    join(repo, 'deploy', 'config.json'),
    `${JSON.stringify({ host: '203.0.113.10', sshKey: pem }, null, 2)}\n`,
  );
  git('add', '.');
  git('commit', '-qm', 'add deploy key');
  const after = git('rev-parse', 'HEAD');

  say('The push that leaked it (what a push-triggered workflow scans)');
  scan('--range', `${before}..${after}`);

  say('Someone deletes the files; the working tree looks clean');
  git('rm', '-q', 'deploy/prod.pem', 'deploy/config.json');
  git('commit', '-qm', 'remove key');
  scan('.');

  say('The history still holds the key (what a scheduled workflow scans)');
  const history = scan('.', '--history');
  const expected = execFileSync(
    'ssh-keygen',
    ['-l', '-E', 'sha256', '-f', join(work, 'prod.pem.pub')],
    { encoding: 'utf8' },
  ).split(' ')[1];
  const found = history.stdout.includes(expected);
  console.log(
    `\nssh-keygen says the key's fingerprint is ${expected}: ${found ? 'matched' : 'NOT matched'}`,
  );

  say('SARIF for GitHub code scanning');
  const sarif = scan('.', '--history', '--format', 'sarif', '--output', join(work, 'leak.sarif'));
  const log = JSON.parse(readFileSync(join(work, 'leak.sarif'), 'utf8'));
  console.log(`leak.sarif: ${log.runs[0].results.length} results, version ${log.version}`);
  const leaked = [history, sarif].some((run) => run.stdout.includes(pem.split('\n')[2]));
  if (!found || leaked) {
    console.error(
      leaked ? 'demo failed: key material reached the output' : 'demo failed: key not found',
    );
    process.exitCode = 1;
  } else {
    console.log(
      '\nDemo complete: the leaked key was found in the push, in the history and in SARIF, and never printed.',
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
