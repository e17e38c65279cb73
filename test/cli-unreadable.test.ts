/**
 * A scan that could not read part of what it was to read fails closed: a
 * file or directory the user may not read (EACCES) is no "clean" file. The
 * CLI ends with exit 2 (unless a key found already gives 1), says so in one
 * line on stderr naming how many paths and the first few, and the JSON and
 * SARIF reports carry it. A file that is gone (a tracked file deleted) or no
 * file at all (a FIFO) is no error, as before.
 *
 * Tests run as root, who reads everything: the CLI runs as nobody (setpriv),
 * in a tree under a fresh /tmp directory that nobody may traverse.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TestKey } from './helpers/keyfactory.js';
import {
  canDropPrivileges,
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  RSA_PEM,
  runCli,
  type CliRun,
} from './helpers/gitrepo.js';

const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

/** nobody, as runCli's `unprivileged` runs the CLI. */
const NOBODY = 65534;

let key: TestKey;
let other: TestKey;
const bases: string[] = [];

beforeAll(() => {
  key = makeKey('unreadable-ed25519', ED25519);
  other = makeKey('unreadable-rsa', RSA_PEM);
});

afterAll(() => {
  for (const base of bases) rmSync(base, { recursive: true, force: true });
});

/** A new directory in /tmp that nobody may enter and read (the scratch dirs are private). */
function openBase(): string {
  const base = mkdtempSync(join(tmpdir(), 'ec2kr-unreadable-'));
  bases.push(base);
  chmodSync(base, 0o755);
  return base;
}

/**
 * A tree with a readable clean file, and a key in a file (mode 000) and in a
 * directory (mode 000) nobody may not read; `extra` added before the modes
 * are set.
 */
function lockedTree(extra: Record<string, string> = {}): string {
  const dir = join(openBase(), 'tree');
  mkdirSync(join(dir, 'locked'), { recursive: true });
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'README.md'), '# nothing to see\n');
  writeFileSync(join(dir, 'locked', 'id_rsa'), other.text);
  writeFileSync(join(dir, 'secret.pem'), other.text);
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  chmodSync(join(dir, 'locked'), 0o000);
  chmodSync(join(dir, 'secret.pem'), 0o000);
  return dir;
}

const SUMMARY =
  /^ec2-key-rotate: scan incomplete: (\d+) paths? could not be read \((.*)\): what they hold was not scanned$/;

/** The one summary line on stderr, as its count and names (sorted: the walk's order is the directory's). */
function summaryOf(run: CliRun): { count: number; names: string[] } {
  const lines = run.stderr.split('\n').filter((line) => line.startsWith('ec2-key-rotate:'));
  expect(lines, run.stderr).toHaveLength(1);
  // Said last: the line that explains the exit code.
  expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(lines[0]);
  const match = SUMMARY.exec(lines[0] ?? '');
  expect(match, lines[0]).not.toBeNull();
  return { count: Number(match?.[1]), names: (match?.[2] ?? '').split(', ').sort() };
}

const scanAsNobody = (args: string[]): Promise<CliRun> =>
  runCli(['scan', ...args], { unprivileged: true });

interface IncompleteJson {
  incomplete?: { unreadable: number; paths: string[] };
}

describe.skipIf(!canDropPrivileges())(
  'a scan that cannot read part of the tree fails closed',
  () => {
    test('an unreadable file and directory (key inside), a clean file: exit 2 and one line naming them, in every mode that walks the tree', async () => {
      const dir = lockedTree();
      for (const mode of [[], ['--no-git']]) {
        const run = await scanAsNobody([dir, ...mode]);
        expect(run.code, `${mode.join(' ')}: ${run.stderr}`).toBe(2);
        expect(run.stdout).toMatch(/^No private keys found in 1 files/);
        expect(run.stdout).toContain('scan incomplete: 2 paths could not be read');
        expect(summaryOf(run)).toEqual({ count: 2, names: ['locked/', 'secret.pem'] });
        // Each one is still named in its own warning, with why.
        expect(run.stderr).toContain('warning: skipped locked/: EACCES\n');
        expect(run.stderr).toContain('warning: skipped secret.pem: EACCES\n');
      }
      // "Report only" still may not pass a scan that did not read everything.
      expect((await scanAsNobody([dir, '--fail-on', 'none'])).code).toBe(2);
    });

    test('JSON says the scan is incomplete, in the report and in an --output file; SARIF as its schema says it', async () => {
      const dir = lockedTree();
      const json = await scanAsNobody([dir, '--format', 'json']);
      expect(json.code).toBe(2);
      const report = jsonOf(json) as ReturnType<typeof jsonOf> & IncompleteJson;
      expect(report.findings).toEqual([]);
      expect(report.stats.filesScanned).toBe(1);
      expect(report.incomplete?.unreadable).toBe(2);
      expect([...(report.incomplete?.paths ?? [])].sort()).toEqual(['locked/', 'secret.pem']);
      expect(summaryOf(json).count).toBe(2);

      const reports = openBase();
      chownSync(reports, NOBODY, NOBODY);
      const file = join(reports, 'scan.json');
      const written = await scanAsNobody([dir, '--format', 'json', '--output', file]);
      expect(written.code).toBe(2);
      expect(written.stdout).toBe('');
      const fromFile = JSON.parse(readFileSync(file, 'utf8')) as IncompleteJson;
      expect(fromFile.incomplete?.unreadable).toBe(2);

      const sarif = await scanAsNobody([dir, '--format', 'sarif']);
      expect(sarif.code).toBe(2);
      const log = JSON.parse(sarif.stdout) as {
        runs: {
          results: unknown[];
          invocations?: {
            executionSuccessful: boolean;
            toolExecutionNotifications: {
              level: string;
              message: { text: string };
              locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
            }[];
          }[];
        }[];
      };
      const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
      const invocation = log.runs[0]?.invocations?.[0];
      expect(invocation?.executionSuccessful).toBe(false);
      const notification = invocation?.toolExecutionNotifications[0];
      expect(notification?.level).toBe('error');
      expect(notification?.message.text).toMatch(/incomplete: 2 paths could not be read/);
      expect(
        notification?.locations.map((l) => l.physicalLocation.artifactLocation.uri).sort(),
      ).toEqual(['locked/', 'secret.pem']);
      expect(log.runs[0]?.results).toEqual([]);
    });

    test('a readable key elsewhere: exit 1 (the key decides), and the scan is still said incomplete', async () => {
      const dir = lockedTree({ 'open/id_ed25519': key.text });
      for (const mode of [[], ['--no-git']]) {
        const run = await scanAsNobody([dir, '--format', 'json', ...mode]);
        expect(run.code, run.stderr).toBe(1);
        const report = jsonOf(run) as ReturnType<typeof jsonOf> & IncompleteJson;
        expect(report.findings.map((f) => [f.fingerprint, f.locations[0]?.path])).toEqual([
          [key.fingerprint, 'open/id_ed25519'],
        ]);
        expect(report.incomplete?.unreadable).toBe(2);
        expect(summaryOf(run)).toEqual({ count: 2, names: ['locked/', 'secret.pem'] });
      }
    });

    test('a git work tree: tracked files below an unsearchable directory, or unreadable, are counted each; --staged reads what git holds', async () => {
      const base = openBase();
      const repo = GitRepo.init(join(base, 'repo'));
      repo.commit('keys', {
        'README.md': 'hello\n',
        'locked/id_rsa': other.text,
        'locked/deeper/id_ed25519': key.text,
        'secret.pem': other.text,
      });
      // Nobody's own repository (git refuses one owned by another user), with modes nobody cannot pass.
      execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, repo.dir]);
      chmodSync(join(repo.dir, 'locked'), 0o000);
      chmodSync(join(repo.dir, 'secret.pem'), 0o000);

      const tracked = await scanAsNobody([repo.dir, '--format', 'json']);
      expect(tracked.code, tracked.stderr).toBe(2);
      expect(tracked.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(summaryOf(tracked)).toEqual({
        count: 3,
        names: ['locked/deeper/id_ed25519', 'locked/id_rsa', 'secret.pem'],
      });
      expect((jsonOf(tracked) as IncompleteJson).incomplete?.unreadable).toBe(3);

      const walked = await scanAsNobody([repo.dir, '--no-git']);
      expect(walked.code, walked.stderr).toBe(2);
      expect(summaryOf(walked)).toEqual({ count: 2, names: ['locked/', 'secret.pem'] });

      // The index and the objects are readable: the staged keys are found, nothing is missing.
      const staged = await scanAsNobody([repo.dir, '--staged']);
      expect(staged.code, staged.stderr).toBe(1);
      expect(staged.stderr).not.toContain('scan incomplete');
    });

    test('many files (read on two threads) with unreadable ones among them: each counted, the first few named', async () => {
      const dir = join(openBase(), 'many');
      for (let group = 0; group < 10; group++) {
        mkdirSync(join(dir, `g${group}`), { recursive: true });
        for (let index = 0; index < 600; index++)
          writeFileSync(join(dir, `g${group}`, `f${index}.txt`), `line ${index}\n`);
      }
      const locked = [0, 2, 4, 6, 8].map((group) => `g${group}/f300.txt`);
      for (const path of locked) {
        writeFileSync(join(dir, path), other.text);
        chmodSync(join(dir, path), 0o000);
      }
      const run = await scanAsNobody([dir, '--format', 'json']);
      expect(run.code, run.stderr).toBe(2);
      const report = jsonOf(run) as ReturnType<typeof jsonOf> & IncompleteJson;
      expect(report.stats.filesScanned).toBe(6000 - locked.length);
      expect(report.incomplete?.unreadable).toBe(locked.length);
      expect([...(report.incomplete?.paths ?? [])].sort()).toEqual(locked);
      const line = run.stderr.trimEnd().split('\n').at(-1) ?? '';
      expect(line).toMatch(
        /^ec2-key-rotate: scan incomplete: 5 paths could not be read \(g\d\/f300\.txt, g\d\/f300\.txt, g\d\/f300\.txt and 2 more\): what they hold was not scanned$/,
      );
    });

    test('a hostile unreadable name stays inside the one line, quoted', async () => {
      const dir = join(openBase(), 'names');
      mkdirSync(dir);
      writeFileSync(join(dir, 'clean.txt'), 'hello\n');
      const name = '::error::x\nwarning: fake';
      writeFileSync(join(dir, name), other.text);
      chmodSync(join(dir, name), 0o000);
      const run = await scanAsNobody([dir]);
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        'warning: skipped ::error::x\\nwarning: fake: EACCES',
        'ec2-key-rotate: scan incomplete: 1 path could not be read ("::error::x\\nwarning: fake"): what they hold was not scanned',
      ]);
    });

    test('a tracked file deleted from the work tree and a FIFO are no error: exit 0', async () => {
      const base = openBase();
      const repo = GitRepo.init(join(base, 'repo'));
      repo.commit('files', { 'README.md': 'hello\n', 'gone.txt': 'bye\n' });
      rmSync(join(repo.dir, 'gone.txt'));
      execFileSync('mkfifo', [join(repo.dir, 'pipe')]);
      execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, repo.dir]);
      const tracked = await scanAsNobody([repo.dir]);
      expect(tracked.code, tracked.stderr).toBe(0);
      expect(tracked.stderr).not.toContain('incomplete');
      const walked = await scanAsNobody([repo.dir, '--no-git']);
      expect(walked.code, walked.stderr).toBe(0);
      expect(walked.stderr).toContain('warning: skipped pipe: not a regular file (a FIFO)');
      expect(walked.stderr).not.toContain('incomplete');
    });
  },
);
