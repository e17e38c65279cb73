/**
 * The built CLI (`dist/cli.js`) run as a user runs it. Every invocation goes
 * through `runCli`, which fails the test if stdout, stderr or the --output
 * file holds a 32-character run of any test key's secret base64.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestKey } from './helpers/keyfactory.js';
import {
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  ROOT,
  RSA_PEM,
  runCli,
  scratchDir,
  secretRunsIn,
  type CliRun,
  type JsonReport,
} from './helpers/gitrepo.js';

const KEY_TYPES = ['rsa', 'ecdsa', 'ed25519', 'dsa', 'unknown'];
const FORMATS = ['pkcs1', 'pkcs8', 'sec1', 'openssh', 'putty', 'unknown'];
const SHA = /^[0-9a-f]{40}$/;

let ed25519: TestKey;
let rsa: TestKey;
let encryptedRsa: TestKey;
let keys: TestKey[];

beforeAll(() => {
  ed25519 = makeKey('cli-ed25519', ED25519);
  rsa = makeKey('cli-rsa-pem', RSA_PEM);
  encryptedRsa = makeKey('cli-rsa-pem-encrypted', {
    kind: 'ssh-keygen',
    type: 'rsa',
    bits: 2048,
    mode: 'PEM',
    encrypted: true,
  });
  keys = [
    ed25519,
    rsa,
    encryptedRsa,
    makeKey('cli-ecdsa', { kind: 'ssh-keygen', type: 'ecdsa', bits: 256, mode: 'PEM' }),
    makeKey('cli-ppk', { kind: 'puttygen', type: 'ed25519', version: 3, encrypted: false }),
  ];
});

type Check = (value: unknown) => boolean;
const string: Check = (v) => typeof v === 'string' && v.length > 0;
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const boolean: Check = (v) => typeof v === 'boolean';
const count: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const oneOf =
  (values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);

/** Fails with the field's path unless every contract field is present with its type. */
function expectContract(report: unknown): asserts report is JsonReport {
  const problems: string[] = [];
  const field = (object: unknown, path: string, name: string, check: Check): unknown => {
    const record = object as Record<string, unknown>;
    if (typeof object !== 'object' || object === null || !(name in record))
      problems.push(`${path}.${name} missing`);
    else if (!check(record[name]))
      problems.push(`${path}.${name} has the wrong type: ${JSON.stringify(record[name])}`);
    return record?.[name];
  };
  const isArray: Check = Array.isArray;
  const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const findings = field(report, '$', 'findings', isArray) as unknown[];
  (findings ?? []).forEach((finding, i) => {
    const at = `$.findings[${i}]`;
    field(
      finding,
      at,
      'fingerprint',
      nullable((v) => string(v) && /^SHA256:/.test(v as string)),
    );
    field(finding, at, 'keyType', oneOf(KEY_TYPES));
    field(
      finding,
      at,
      'bits',
      nullable((v) => Number.isInteger(v) && (v as number) > 0),
    );
    field(finding, at, 'format', oneOf(FORMATS));
    field(finding, at, 'encrypted', boolean);
    field(finding, at, 'parsed', boolean);
    const ec2 = field(finding, at, 'ec2Fingerprints', isObject);
    for (const name of ['imported', 'created', 'ed25519'])
      field(ec2, `${at}.ec2Fingerprints`, name, nullable(string));
    const locations = field(finding, at, 'locations', (v) => isArray(v) && (v as []).length > 0);
    ((locations as unknown[]) ?? []).forEach((location, j) => {
      const where = `${at}.locations[${j}]`;
      field(location, where, 'path', string);
      field(location, where, 'line', (v) => Number.isInteger(v) && (v as number) >= 1);
      field(
        location,
        where,
        'commit',
        nullable((v) => SHA.test(v as string)),
      );
      field(
        location,
        where,
        'introducedBy',
        nullable((v) => SHA.test(v as string)),
      );
    });
  });
  const stats = field(report, '$', 'stats', isObject);
  for (const name of ['filesScanned', 'blobsScanned', 'bytesScanned', 'suppressed', 'elapsedMs'])
    field(stats, '$.stats', name, count);
  expect(problems).toEqual([]);
}

function keyRepo(): GitRepo {
  const repo = GitRepo.init();
  repo.commit('keys', {
    'deploy/id_ed25519': ed25519.text,
    'deploy/id_rsa': rsa.text,
    'backup/id_rsa.enc': encryptedRsa.text,
    'README.md': 'hello\n',
  });
  return repo;
}

describe('exit codes', () => {
  test('0 when clean, 1 when keys are found', async () => {
    const clean = scratchDir('cli-clean-');
    writeFileSync(join(clean, 'README'), 'nothing to see\n');
    const none = await runCli(['scan', clean]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^No private keys found in 1 files/);
    expect(none.stderr).toBe('');

    const found = await runCli(['scan', keyRepo().dir]);
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/^3 private keys found in 4 files/);
    expect(found.stdout).toContain(ed25519.fingerprint ?? 'missing');
    expect(found.stdout).toContain('at deploy/id_rsa:1');
  });

  test('PATH defaults to the working directory', async () => {
    const repo = keyRepo();
    const run = await runCli(['scan', '--format', 'json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(jsonOf(run).findings).toHaveLength(3);
  });

  test.each([
    ['an unknown option', ['scan', '.', '--bogus'], /unknown option '--bogus'/],
    ['an unknown format', ['scan', '.', '--format', 'xml'], /argument 'xml' is invalid/],
    [
      '--history with --range',
      ['scan', '.', '--history', '--range', 'a..b'],
      /--history and --range cannot be used together/,
    ],
    ['an unknown command', ['scna'], /unknown command 'scna'.*Did you mean scan/],
    [
      'a misspelt option',
      ['scan', '.', '--histroy'],
      /unknown option '--histroy'.*Did you mean --history/,
    ],
    ['too many arguments', ['scan', 'a', 'b'], /too many arguments/],
    ['--range without a value', ['scan', '.', '--range'], /argument missing/],
    [
      'a file as PATH with --history (a file has no history)',
      ['scan', 'package.json', '--history'],
      /^ec2-key-rotate: .*package\.json/,
    ],
    [
      'a PATH that does not exist',
      ['scan', '/nonexistent/dir'],
      /^ec2-key-rotate: no such file or directory: \/nonexistent\/dir$/,
    ],
  ])('2 for %s, with a one-line reason on stderr', async (_name, args, reason) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
  });

  test('2 when --output cannot be written, and nothing is printed', async () => {
    const repo = keyRepo();
    const target = join(scratchDir('cli-out-'), 'missing-dir', 'report.json');
    const run = await runCli(['scan', repo.dir, '--format', 'json', '--output', target]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ec2-key-rotate: .*ENOENT.*\n$/);
    expect(existsSync(target)).toBe(false);
  });

  test('--help and --version exit 0', async () => {
    const help = await runCli(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--history/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    // package.json is the one version source, inlined into the bundle.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});

describe('--format json', () => {
  test('a tree scan matches the contract and the tools\u2019 fingerprints', async () => {
    const run = await runCli(['scan', keyRepo().dir, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as unknown;
    expectContract(report);
    expect(report.stats).toMatchObject({ filesScanned: 4, blobsScanned: 0, suppressed: 0 });
    expect(report.stats.bytesScanned).toBe(
      ed25519.text.length + rsa.text.length + encryptedRsa.text.length + 'hello\n'.length,
    );

    const byPath = new Map(report.findings.map((f) => [f.locations[0]?.path, f]));
    expect(byPath.get('deploy/id_ed25519')).toMatchObject({
      fingerprint: ed25519.fingerprint,
      keyType: 'ed25519',
      bits: 256,
      format: 'openssh',
      encrypted: false,
      parsed: true,
      ec2Fingerprints: ed25519.ec2Fingerprints,
      locations: [{ path: 'deploy/id_ed25519', line: 1, commit: null, introducedBy: null }],
    });
    expect(byPath.get('deploy/id_rsa')).toMatchObject({
      fingerprint: rsa.fingerprint,
      keyType: 'rsa',
      bits: 2048,
      format: 'pkcs1',
      encrypted: false,
      parsed: true,
      ec2Fingerprints: rsa.truth.ec2Fingerprints,
    });
    expect(byPath.get('backup/id_rsa.enc')).toMatchObject({
      fingerprint: null,
      keyType: 'rsa',
      format: 'pkcs1',
      encrypted: true,
      parsed: false,
      ec2Fingerprints: { imported: null, created: null, ed25519: null },
    });
  });

  test('a history scan fills commit and introducedBy', async () => {
    const repo = GitRepo.init();
    const c1 = repo.commit('add', { id_rsa: rsa.text });
    const c2 = repo.commit('copy', { 'copy/id_rsa': rsa.text });
    const run = await runCli(['scan', repo.dir, '--history', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as unknown;
    expectContract(report);
    expect(report.stats).toMatchObject({ filesScanned: 0, blobsScanned: 1, suppressed: 0 });
    expect(report.findings).toHaveLength(1);
    expect(
      report.findings[0]?.locations
        .map((l) => ({
          path: l.path,
          line: l.line,
          commit: l.commit,
          introducedBy: l.introducedBy,
        }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    ).toEqual([
      { path: 'copy/id_rsa', line: 1, commit: c2, introducedBy: c1 },
      { path: 'id_rsa', line: 1, commit: c1, introducedBy: c1 },
    ]);
  });

  test('a clean scan is the contract with no findings', async () => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    const run = await runCli(['scan', repo.dir, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as unknown;
    expectContract(report);
    expect(report.findings).toEqual([]);
  });
});

describe('--output', () => {
  test.each(['text', 'json', 'sarif'])(
    '--format %s --output FILE writes the report there and prints nothing',
    async (format) => {
      const repo = keyRepo();
      const file = join(scratchDir('cli-out-'), `report.${format}`);
      const [run, printed] = await Promise.all([
        runCli(['scan', repo.dir, '--format', format, '--output', file]),
        runCli(['scan', repo.dir, '--format', format]),
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe('');
      const written = readFileSync(file, 'utf8');
      expect(written).toContain(ed25519.fingerprint ?? 'missing');
      if (format !== 'text') expect(() => JSON.parse(written) as unknown).not.toThrow();
      // The same report as on stdout, elapsed time aside.
      const stable = (text: string): string =>
        text.replace(/"elapsedMs": \d+/, '').replace(/, \d+ ms\)/, ')');
      expect(stable(written)).toBe(stable(printed.stdout));
    },
  );

  test('a relative --output is relative to the working directory', async () => {
    const repo = keyRepo();
    const cwd = scratchDir('cli-cwd-');
    mkdirSync(join(cwd, 'out'));
    const run = await runCli(['scan', repo.dir, '--format', 'json', '--output', 'out/r.json'], {
      cwd,
    });
    expect(run.code).toBe(1);
    expect(run.output).not.toBeNull();
    expect(jsonOf(run).findings).toHaveLength(3);
  });
});

describe('no key material in any output', () => {
  test('the leak check sees a key body, also escaped or re-wrapped', () => {
    const body = rsa.text.split('\n').slice(1, 4).join('\n');
    expect(secretRunsIn(body)).not.toEqual([]);
    expect(secretRunsIn(JSON.stringify({ text: body }))).not.toEqual([]);
    expect(secretRunsIn(body.replace(/\n/g, ' '))).not.toEqual([]);
    expect(secretRunsIn('nothing here')).toEqual([]);
  });

  test('every format, tree and history, stdout and --output, with every key kind', async () => {
    const repo = GitRepo.init();
    repo.commit(
      'keys',
      Object.fromEntries(keys.map((key) => [`keys/${key.name}`, `# ${key.name}\n${key.text}`])),
    );
    repo.commit('embedded', {
      'config.json': JSON.stringify({ key: ed25519.text }),
      'keys/cli-ed25519': null,
    });
    const out = scratchDir('cli-leak-');
    // Twelve runs, in pairs of (stdout, --output) per source and format; runCli checks each.
    const runs = [[], ['--history']].flatMap((source) =>
      ['text', 'json', 'sarif'].flatMap((format) => {
        const args = ['scan', repo.dir, ...source, '--format', format];
        const file = join(out, `r-${source.length}-${format}`);
        return [runCli(args), runCli([...args, '--output', file])];
      }),
    );
    const results = await Promise.all(runs);
    expect(results.map((run) => run.code)).toEqual(results.map(() => 1));
    expect(results.filter((run) => run.output !== null)).toHaveLength(6);
    expect(results.filter((run) => run.stdout !== '')).toHaveLength(6);
    // The escaped key in config.json is found too (its text did pass through the scanner).
    const json = jsonOf(results[2] as CliRun);
    expect(json.findings.flatMap((f) => f.locations.map((l) => l.path))).toContain('config.json');
  });

  test('errors about a key file do not echo it', async () => {
    const repo = keyRepo();
    const ignore = join(scratchDir('cli-ignore-'), 'ignore');
    // A key pasted into the ignore file by mistake: the error names the line, not the text.
    writeFileSync(ignore, `# pasted by mistake\n${rsa.text}`);
    const run = await runCli(['scan', repo.dir, '--ignore-file', ignore]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ec2-key-rotate: .*:2: every entry needs a reason[^\n]*\n$/);
  });
});
