import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { IgnoreFileError, parseIgnoreFile } from '../../src/scan/ignore.js';
import { scan } from '../../src/scan/scan.js';
import type { TestKey } from '../helpers/keyfactory.js';
import {
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  RSA_PEM,
  runCli,
  scratchDir,
} from '../helpers/gitrepo.js';

let fixtureKey: TestKey;
let realKey: TestKey;

beforeAll(() => {
  fixtureKey = makeKey('ignore-fixture-ed25519', ED25519);
  realKey = makeKey('ignore-real-rsa', RSA_PEM);
});

/** fixtures/ holds a test key and a copy of the real one; deploy/ holds the real one. */
function repoWithKeys(ignoreFile?: string): GitRepo {
  const repo = GitRepo.init();
  repo.commit('keys', {
    'fixtures/test_key': fixtureKey.text,
    'fixtures/copied_key': realKey.text,
    'deploy/id_rsa': realKey.text,
    'README.md': 'hello\n',
  });
  if (ignoreFile !== undefined) repo.write({ '.ec2-key-rotate-ignore': ignoreFile });
  return repo;
}

describe('ignore file parsing', () => {
  test('path globs and fingerprints with reasons; comments and blank lines skipped', () => {
    const entries = parseIgnoreFile(
      [
        '# keys that are safe to have in the repository',
        '',
        'fixtures/**   # generated test fixtures, never deployed',
        'SHA256:abcDEF+/123  #revoked 2024-05-01 (OPS-1234)',
        'block:0123456789abcdef0123456789abcdef # placeholder in docs',
        '',
      ].join('\r\n'),
      'ignore.txt',
    );
    expect(entries).toEqual([
      {
        pattern: 'fixtures/**',
        kind: 'path',
        reason: 'generated test fixtures, never deployed',
        line: 3,
      },
      {
        pattern: 'SHA256:abcDEF+/123',
        kind: 'fingerprint',
        reason: 'revoked 2024-05-01 (OPS-1234)',
        line: 4,
      },
      {
        pattern: 'block:0123456789abcdef0123456789abcdef',
        kind: 'fingerprint',
        reason: 'placeholder in docs',
        line: 5,
      },
    ]);
  });

  test.each([
    ['no reason at all', 'fixtures/**'],
    ['an empty reason', 'fixtures/**   #   '],
    ['a reason glued to the pattern', 'fixtures/**#why'],
  ])('an entry with %s is an error naming file:line', (_name, line) => {
    expect(() => parseIgnoreFile(`# header\n\n${line}\n`, 'my-ignore')).toThrow(IgnoreFileError);
    expect(() => parseIgnoreFile(`# header\n\n${line}\n`, 'my-ignore')).toThrow(/^my-ignore:3: /);
  });
});

describe('ignore entries applied to scans', () => {
  test('a path glob suppresses findings whose every location matches and drops matching locations', async () => {
    const repo = repoWithKeys();
    const result = await scan({
      path: repo.dir,
      source: { kind: 'tree' },
      ignore: parseIgnoreFile('fixtures/**  # test fixtures\n'),
    });
    // The fixture key lives only under fixtures/: suppressed. The real key is
    // also in deploy/: kept, with the fixtures/ location dropped.
    expect(result.stats.suppressed).toBe(1);
    expect(result.findings.map((f) => [f.fingerprint, f.locations.map((l) => l.path)])).toEqual([
      [realKey.fingerprint, ['deploy/id_rsa']],
    ]);
  });

  test('a fingerprint entry suppresses the key wherever it is', async () => {
    const repo = repoWithKeys();
    const result = await scan({
      path: repo.dir,
      source: { kind: 'tree' },
      ignore: parseIgnoreFile(`${realKey.fingerprint}  # revoked, key pair deleted\n`),
    });
    expect(result.stats.suppressed).toBe(1);
    expect(result.findings.map((f) => f.fingerprint)).toEqual([fixtureKey.fingerprint]);
  });

  test('both kinds together suppress everything and count each finding once', async () => {
    const repo = repoWithKeys();
    const ignore = parseIgnoreFile(
      `fixtures/**  # fixtures\n${realKey.fingerprint}  # revoked\n${fixtureKey.fingerprint} # also listed\n`,
    );
    const result = await scan({ path: repo.dir, source: { kind: 'tree' }, ignore });
    expect(result.findings).toEqual([]);
    expect(result.stats.suppressed).toBe(2);
  });

  test('path globs apply to history locations across commits', async () => {
    const repo = GitRepo.init();
    repo.commit('fixture', { 'test/keys/a': fixtureKey.text });
    repo.commit('moved', { 'test/keys/a': null, 'test/keys/b': fixtureKey.text });
    repo.commit('real', { 'deploy/id_rsa': realKey.text });
    const result = await scan({
      path: repo.dir,
      source: { kind: 'history' },
      ignore: parseIgnoreFile('test/**  # test data\n'),
    });
    expect(result.stats.suppressed).toBe(1);
    expect(result.findings.map((f) => f.fingerprint)).toEqual([realKey.fingerprint]);
  });
});

describe('ignore files through the CLI', () => {
  test('PATH/.ec2-key-rotate-ignore is picked up by default', async () => {
    const repo = repoWithKeys(
      `# reviewed 2024-06\nfixtures/**  # test fixtures\n${realKey.fingerprint}  # revoked\n`,
    );
    // Run from elsewhere: the file is found in PATH, not in the working directory.
    const run = await runCli(['scan', repo.dir, '--format', 'json'], { cwd: scratchDir('cwd-') });
    expect(run.code).toBe(0);
    const report = jsonOf(run);
    expect(report.findings).toEqual([]);
    expect(report.stats.suppressed).toBe(2);

    const text = await runCli(['scan', repo.dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/No private keys found.*; 2 suppressed by the ignore file/);
  });

  test('an ignore file in the working directory is not used for another PATH', async () => {
    const repo = repoWithKeys();
    const cwd = scratchDir('cwd-');
    writeFileSync(join(cwd, '.ec2-key-rotate-ignore'), 'fixtures/**  # fixtures\n');
    const run = await runCli(['scan', repo.dir, '--format', 'json'], { cwd });
    expect(run.code).toBe(1);
    expect(jsonOf(run).stats.suppressed).toBe(0);
  });

  test('--ignore-file replaces the default file', async () => {
    const repo = repoWithKeys(`${realKey.fingerprint}  # revoked\n`);
    const file = join(scratchDir('ignore-'), 'custom-ignore');
    writeFileSync(file, 'fixtures/**  # fixtures only\n');
    const run = await runCli(['scan', repo.dir, '--format', 'json', '--ignore-file', file]);
    expect(run.code).toBe(1);
    const report = jsonOf(run);
    expect(report.stats.suppressed).toBe(1);
    expect(report.findings.map((f) => f.fingerprint)).toEqual([realKey.fingerprint]);
  });

  test('an entry without a reason exits 2 naming file:line', async () => {
    const repo = repoWithKeys(`# ok\nfixtures/**  # fixtures\n\n${realKey.fingerprint}\n`);
    const run = await runCli(['scan', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const file = join(repo.dir, '.ec2-key-rotate-ignore');
    expect(run.stderr).toMatch(
      new RegExp(
        `^ec2-key-rotate: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: every entry needs a reason.*\\n$`,
      ),
    );
  });

  test('a missing --ignore-file exits 2', async () => {
    const repo = repoWithKeys();
    const missing = join(scratchDir('ignore-'), 'nope');
    const run = await runCli(['scan', repo.dir, '--ignore-file', missing]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`ec2-key-rotate: cannot read ignore file ${missing}: ENOENT\n`);
  });

  test('a bad ignore file ends a history scan with its error alone, before any of the scan’s', async () => {
    const repo = repoWithKeys(`${realKey.fingerprint}\n`);
    // Whatever the scan would have warned of, nothing but the error is printed.
    const history = await runCli(['scan', repo.dir, '--history']);
    expect(history.code).toBe(2);
    expect(history.stdout).toBe('');
    expect(history.stderr).toMatch(/^ec2-key-rotate: \S+:1: every entry needs a reason.*\n$/);
    // Not a repository either: the ignore file's error still comes first.
    const missing = join(scratchDir('ignore-'), 'nope');
    const plain = scratchDir('not-a-repo-');
    const both = await runCli(['scan', plain, '--history', '--ignore-file', missing]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(`ec2-key-rotate: cannot read ignore file ${missing}: ENOENT\n`);
  });

  test('an --ignore-file that is a directory exits 2', async () => {
    const repo = repoWithKeys();
    const run = await runCli(['scan', repo.dir, '--ignore-file', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ec2-key-rotate: cannot read ignore file ${repo.dir}: EISDIR\n`);
  });
});
