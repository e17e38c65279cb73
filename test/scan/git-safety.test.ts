/**
 * The repository being scanned is hostile, and so is the environment a hook
 * hands on: its config must run nothing and change nothing the scanner
 * parses; replacements and inherited repository variables must not make a
 * committed key disappear.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestKey } from '../helpers/keyfactory.js';
import {
  CLI,
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  NODE,
  runCli,
  scratchDir,
  ZERO,
  type CliRun,
} from '../helpers/gitrepo.js';

let key: TestKey;

beforeAll(() => {
  key = makeKey('git-safety-ed25519', ED25519);
});

/** A program the repository names in its config; it leaves a file behind when run. */
function trap(): { program: string; ran: () => boolean } {
  const dir = scratchDir('trap-');
  const marker = join(dir, 'ran');
  const program = join(dir, 'attacker.sh');
  writeFileSync(program, `#!/bin/sh\ntouch '${marker}'\nexit 0\n`);
  chmodSync(program, 0o755);
  return { program, ran: () => existsSync(marker) };
}

/** Every place of the run's findings, as `path@commit<introducedBy`. */
function places(run: CliRun): string[] {
  return jsonOf(run).findings.flatMap((finding) =>
    finding.locations.map((l) => `${l.path}@${l.commit ?? '-'}<${l.introducedBy ?? '-'}`),
  );
}

/** Rewrites HEAD as a commit that carries a (never verifiable) signature header. */
function signHead(repo: GitRepo): string {
  const body = repo.git('cat-file', 'commit', 'HEAD');
  const signature =
    'gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----';
  const signed = body.replace(/^(committer .*)$/m, `$1\n${signature}`);
  const file = join(scratchDir('commit-'), 'commit');
  writeFileSync(file, `${signed}\n`);
  const id = repo.git('hash-object', '-t', 'commit', '-w', file);
  repo.git('update-ref', 'refs/heads/main', id);
  repo.git('reset', '-q', '--hard', id);
  return id;
}

describe('the scanned repository configures git', () => {
  test('core.fsmonitor: the tree scan and --staged run nothing and still find the key', async () => {
    const repo = GitRepo.init();
    repo.commit('key', { 'deploy/id_ed25519': key.text });
    const attack = trap();
    repo.git('config', 'core.fsmonitor', attack.program);
    repo.git('config', 'core.hooksPath', join(attack.program, '..'));

    for (const args of [['scan'], ['scan', '--staged'], ['scan', '--history']]) {
      const run = await runCli([...args, '--format', 'json', repo.dir]);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(1);
      expect(places(run)[0]).toMatch(/^deploy\/id_ed25519@/);
    }
    expect(attack.ran()).toBe(false);
  });

  test('log.showSignature with a gpg.program: nothing runs, the key is blamed on the commit that added it', async () => {
    const repo = GitRepo.init();
    const base = repo.commit('init', { 'README.md': 'x\n' });
    repo.commit('add key', { 'deploy/id_ed25519': key.text });
    const signed = signHead(repo);
    const attack = trap();
    repo.git('config', 'log.showSignature', 'true');
    repo.git('config', 'gpg.program', attack.program);

    for (const args of [
      ['--history'],
      ['--range', `${base}..${signed}`],
      ['--range', `${ZERO}..${signed}`],
    ]) {
      const run = await runCli(['scan', ...args, '--format', 'json', repo.dir]);
      expect(run.code, run.stderr).toBe(1);
      expect(places(run)).toEqual([`deploy/id_ed25519@${signed}<${signed}`]);
    }
    expect(attack.ran()).toBe(false);
  });

  test('log.showRoot=false: the first push of a repository still reads its root commit', async () => {
    const repo = GitRepo.init();
    const root = repo.commit('root with key', { id_ed25519: key.text });
    const tip = repo.commit('docs', { 'README.md': 'x\n' });
    repo.git('config', 'log.showRoot', 'false');

    const run = await runCli(['scan', '--range', `${ZERO}..${tip}`, '--format', 'json', repo.dir]);
    expect(run.code, run.stderr).toBe(1);
    expect(places(run)).toEqual([`id_ed25519@${root}<${root}`]);
  });

  test('diff.relative=true: a range scanned from a subdirectory still covers the whole repository', async () => {
    const repo = GitRepo.init();
    const base = repo.commit('init', { 'app/main.ts': 'x\n' });
    const added = repo.commit('key', { 'deploy/id_ed25519': key.text, 'app/main.ts': 'y\n' });
    repo.git('config', 'diff.relative', 'true');

    const run = await runCli([
      'scan',
      '--range',
      `${base}..${added}`,
      '--format',
      'json',
      join(repo.dir, 'app'),
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(places(run)).toEqual([`deploy/id_ed25519@${added}<${added}`]);
  });

  test('refs/replace: a clean look-alike does not hide the pushed commit or move the blame', async () => {
    const repo = GitRepo.init();
    const base = repo.commit('init', { 'README.md': 'x\n' });
    const added = repo.commit('add key', { 'deploy/id_ed25519': key.text });
    const next = repo.commit('next', { 'README.md': 'y\n' });
    repo.branch('decoy', base);
    const decoy = repo.commit('add key', { 'deploy/notes.txt': 'nothing\n' });
    repo.checkout('main');
    repo.git('replace', added, decoy);
    repo.git('replace', next, decoy);

    const run = await runCli(['scan', '--range', `${base}..${next}`, '--format', 'json', repo.dir]);
    expect(run.code, run.stderr).toBe(1);
    expect(places(run)).toContain(`deploy/id_ed25519@${added}<${added}`);
  });
});

describe('a repository git will not trust', () => {
  test.runIf(process.getuid?.() === 0)(
    "--staged says why: dubious ownership, in git's words",
    async () => {
      const repo = GitRepo.init();
      repo.commit('key', { 'deploy/id_ed25519': key.text });
      execFileSync('chown', ['-R', '65534:65534', repo.dir]);
      const run = await runCli(['scan', '--staged', repo.dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/not in a git work tree \(.*dubious ownership/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});

describe('grafts', () => {
  test('info/grafts cannot move the blame for a key to a later commit', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    const added = repo.commit('add key', { 'deploy/id_ed25519': key.text });
    const next = repo.commit('next', { 'README.md': 'y\n' });
    // The graft makes `next` a root commit: git log would say it wrote every file.
    writeFileSync(join(repo.dir, '.git', 'info', 'grafts'), `${next}\n`);
    const run = await runCli(['scan', '--history', '--format', 'json', repo.dir]);
    expect(run.code, run.stderr).toBe(1);
    expect(places(run)).toEqual([`deploy/id_ed25519@${added}<${added}`]);
  });
});

describe('inherited repository variables', () => {
  test('GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE of another repository do not redirect the scan', async () => {
    const other = GitRepo.init();
    other.commit('clean', { 'README.md': 'nothing here\n' });
    const scanned = GitRepo.init();
    scanned.commit('key', { 'deploy/id_ed25519': key.text });
    const elsewhere = {
      GIT_DIR: join(other.dir, '.git'),
      GIT_WORK_TREE: other.dir,
      GIT_INDEX_FILE: join(other.dir, '.git', 'index'),
      GIT_OBJECT_DIRECTORY: join(other.dir, '.git', 'objects'),
    };
    for (const args of [['scan'], ['scan', '--staged'], ['scan', '--history']]) {
      const run = await runCli([...args, '--format', 'json', scanned.dir], { env: elsewhere });
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(1);
      expect(places(run)[0]).toMatch(/^deploy\/id_ed25519@/);
    }
  });

  test('--staged in the hook of a repository with its own git directory (dotfiles) never passes for clean', async () => {
    // The work tree lies inside another repository; the hook's repository is named by GIT_DIR.
    const parent = GitRepo.init();
    parent.commit('init', { 'README.md': 'x\n' });
    const tree = join(parent.dir, 'home');
    mkdirSync(tree);
    const gitDir = join(scratchDir('dotfiles-'), 'dot.git');
    execFileSync('git', ['init', '-q', '--bare', gitDir]);
    const env = { GIT_DIR: gitDir, GIT_WORK_TREE: tree };
    const dot = (...args: string[]) =>
      execFileSync('git', args, { cwd: tree, env: { ...process.env, ...env } });
    writeFileSync(join(tree, 'id_ed25519'), key.text);
    dot('add', 'id_ed25519');
    const hook = await runCli(['scan', '--staged', '--format', 'json', '.'], { cwd: tree, env });
    expect(hook.code, hook.stderr).toBe(2);
    expect(hook.stderr).toContain(`GIT_DIR names ${realpathSync(gitDir)}, not the repository at .`);
    const report = JSON.parse(hook.stdout) as { incomplete?: { reasons?: string[] } };
    expect(report.incomplete?.reasons).toEqual([expect.stringMatching(/^GIT_DIR names /)]);
    // The enclosing repository's own hook (no GIT_DIR) reads its index as before: clean.
    const own = await runCli(['scan', '--staged', '.'], { cwd: tree });
    expect(own.code, own.stderr).toBe(0);
  });

  test("a pre-commit hook's own temporary index is still the one --staged reads", async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    // `git commit -a` stages into a temporary index inside .git and names it in GIT_INDEX_FILE.
    repo.write({ 'deploy/id_ed25519': key.text });
    const index = join(repo.dir, '.git', 'next-index-test.lock');
    const env = { GIT_INDEX_FILE: index, GIT_DIR: join(repo.dir, '.git') };
    repo.git('read-tree', '--index-output', index, 'HEAD');
    execFileSync('git', ['add', 'deploy/id_ed25519'], {
      cwd: repo.dir,
      env: { ...process.env, ...env },
    });

    const hook = await runCli(['scan', '--staged', '--format', 'json', '.'], {
      cwd: repo.dir,
      env,
    });
    expect(hook.code, hook.stderr).toBe(1);
    expect(places(hook)[0]).toMatch(/^deploy\/id_ed25519@/);
    // The real index does not hold it: without the hook's variable there is nothing staged.
    const plain = await runCli(['scan', '--staged', '--format', 'json', '.'], { cwd: repo.dir });
    expect(plain.code, plain.stderr).toBe(0);
  });

  test('a pre-receive hook (GIT_DIR=., quarantined objects) scans the push it is given', async () => {
    const server = join(scratchDir('server-'), 'srv.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', server]);
    const codes = join(scratchDir('codes-'), 'codes');
    const hook = join(server, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      `#!/bin/sh\nwhile read old new ref; do\n  '${NODE}' '${CLI}' scan --range "$old..$new" . >/dev/null 2>&1\n` +
        `  code=$?\n  echo $code >> '${codes}'\n  [ $code -eq 0 ] || exit 1\ndone\n`,
    );
    chmodSync(hook, 0o755);
    const client = GitRepo.init();
    client.commit('init', { 'README.md': 'x\n' });
    client.git('push', '-q', server, 'main');
    client.commit('key', { 'deploy/id_ed25519': key.text });
    expect(() => client.git('push', '-q', server, 'main')).toThrow(/pre-receive hook declined/);
    // 0 for the clean push, 1 (a key, not an error) for the second.
    expect(readFileSync(codes, 'utf8')).toBe('0\n1\n');
  });
});
