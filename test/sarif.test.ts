/**
 * The SARIF report, as `scan --format sarif` writes it, against the SARIF
 * 2.1.0 JSON schema (the copy Microsoft's SARIF SDK ships in
 * @microsoft/jest-sarif, a draft-04 schema, hence ajv-draft-04) and against
 * what GitHub code scanning needs to turn results into alerts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { KeyFormat } from '../src/keys/types.js';
import type { TestKey } from './helpers/keyfactory.js';
import {
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  RSA_PEM,
  runCli,
  scratchDir,
} from './helpers/gitrepo.js';
import { zipOf } from './helpers/zipfile.js';

const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const PACKAGE = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'),
) as {
  version: string;
  repository: { url: string };
};

const FORMATS: KeyFormat[] = [
  'pkcs1',
  'pkcs8',
  'sec1',
  'openssh',
  'putty',
  'sshcom',
  'ssh1',
  'unknown',
];

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level?: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number };
    };
  }[];
  partialFingerprints?: Record<string, string>;
}

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version?: string;
        informationUri?: string;
        rules: {
          id: string;
          name?: string;
          shortDescription?: { text: string };
          fullDescription?: { text: string };
          help?: { text: string };
          properties?: { tags?: string[]; 'security-severity'?: string; precision?: string };
        }[];
      };
    };
    results: SarifResult[];
  }[];
}

// strict: false — the schema's `anyOf` branches name required properties
// defined elsewhere, which ajv's strict mode rejects as a style matter.
// unicodeRegExp: false — the schema's `language` pattern is not a valid
// unicode-mode regex (fixed in the later errata).
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);

function expectValidSarif(log: unknown): void {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

/** Everything GitHub code scanning relies on, checked on one log. */
function expectCodeScanningReady(log: SarifLog): void {
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  if (!run) throw new Error('no run');
  const { driver } = run.tool;
  expect(driver.name).toBe('ec2-key-rotate');
  // One version source (package.json), and the project's repository as its home.
  expect(driver.version).toBe(PACKAGE.version);
  expect(driver.informationUri).toBe(PACKAGE.repository.url);
  expect(driver.informationUri).toMatch(/^https:\/\/github\.com\/[^/]+\/ec2-key-rotate$/);
  // One rule per key format, ids unique and stable.
  expect(driver.rules.map((rule) => rule.id)).toEqual(FORMATS.map((f) => `private-key/${f}`));
  for (const rule of driver.rules) {
    expect(rule.shortDescription?.text).toBeTruthy();
    expect(rule.fullDescription?.text).toBeTruthy();
    expect(rule.help?.text).toBeTruthy();
    const severity = Number(rule.properties?.['security-severity']);
    expect(severity).toBeGreaterThan(0);
    expect(severity).toBeLessThanOrEqual(10);
    expect(rule.properties?.tags).toContain('security');
  }
  for (const result of run.results) {
    expect(result.ruleId).toMatch(/^private-key\//);
    expect(result.ruleIndex).toBeDefined();
    expect(driver.rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
    expect(['error', 'warning', 'note']).toContain(result.level);
    expect(result.message.text).toBeTruthy();
    expect(result.locations).toHaveLength(1);
    const physical = result.locations[0]?.physicalLocation;
    const uri = physical?.artifactLocation.uri ?? '';
    // Relative to the checkout, no scheme, no fragment or query characters.
    expect(uri).not.toMatch(/^\/|^[a-z]+:|[#?\s]/i);
    expect(uri.length).toBeGreaterThan(0);
    expect(Number.isInteger(physical?.region.startLine)).toBe(true);
    expect(physical?.region.startLine).toBeGreaterThanOrEqual(1);
    const fingerprints = Object.entries(result.partialFingerprints ?? {});
    expect(fingerprints.length).toBeGreaterThan(0);
    for (const [name, value] of fingerprints) {
      expect(name).toBeTruthy();
      expect(value).toBeTruthy();
    }
  }
}

function sarifOf(text: string): SarifLog {
  return JSON.parse(text) as SarifLog;
}

function uriToPath(uri: string): string {
  return uri.split('/').map(decodeURIComponent).join('/');
}

let ed25519: TestKey;
let rsa: TestKey;
let pkcs8: TestKey;

beforeAll(() => {
  ed25519 = makeKey('sarif-ed25519', ED25519);
  rsa = makeKey('sarif-rsa-pem', RSA_PEM);
  pkcs8 = makeKey('sarif-rsa-pkcs8', {
    kind: 'ssh-keygen',
    type: 'rsa',
    bits: 2048,
    mode: 'PKCS8',
  });
});

describe('the schema check itself', () => {
  test('rejects logs that break the schema', () => {
    expect(validateSarif({ version: '2.1.0' })).toBe(false);
    expect(validateSarif({ version: '2.0.0', runs: [] })).toBe(false);
    expect(
      validateSarif({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'x' } },
            results: [{ message: { text: 'm' }, level: 'fatal' }],
          },
        ],
      }),
    ).toBe(false);
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } } }] })).toBe(
      true,
    );
  });
});

describe('scan --format sarif', () => {
  test('a tree scan with keys of several formats validates and is code-scanning ready', async () => {
    const repo = GitRepo.init();
    repo.commit('keys', {
      'deploy/id_ed25519': ed25519.text,
      'deploy/id_rsa': rsa.text,
      'config/app.yml': `name: app\nkey: |\n${pkcs8.text}`,
    });
    const run = await runCli(['scan', repo.dir, '--format', 'sarif']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const log = sarifOf(run.stdout);
    expectValidSarif(log);
    expectCodeScanningReady(log);

    const results = log.runs[0]?.results ?? [];
    const summary = results
      .map((r) => {
        const location = r.locations[0]?.physicalLocation;
        return `${r.ruleId} ${location?.artifactLocation.uri}:${location?.region.startLine}`;
      })
      .sort();
    expect(summary).toEqual(
      [
        'private-key/openssh deploy/id_ed25519:1',
        'private-key/pkcs1 deploy/id_rsa:1',
        'private-key/pkcs8 config/app.yml:3',
      ].sort(),
    );
    // Each result names its key by fingerprint, so an alert says which key pair to rotate.
    const byUri = new Map(
      results.map((r) => [r.locations[0]?.physicalLocation.artifactLocation.uri, r]),
    );
    expect(byUri.get('deploy/id_ed25519')?.message.text).toContain(ed25519.fingerprint ?? 'x');
    expect(byUri.get('deploy/id_ed25519')?.partialFingerprints).toEqual({
      'privateKeyId/v1': ed25519.fingerprint,
    });
  });

  test('a clean scan is a valid log with no results', async () => {
    const dir = scratchDir('sarif-clean-');
    writeFileSync(join(dir, 'README'), 'nothing\n');
    const run = await runCli(['scan', dir, '--format', 'sarif']);
    expect(run.code).toBe(0);
    const log = sarifOf(run.stdout);
    expectValidSarif(log);
    expectCodeScanningReady(log);
    expect(log.runs[0]?.results).toEqual([]);
  });

  test('a history scan gives one result per path and line, naming the commit', async () => {
    const repo = GitRepo.init();
    const c1 = repo.commit('add', { 'keys/id_rsa': rsa.text });
    repo.commit('touch', { 'keys/id_rsa': `# comment\n${rsa.text}` });
    repo.commit('remove', { 'keys/id_rsa': null });
    // And one that no ref reaches any more: it has no file to point at.
    repo.commit('oops', { 'tmp/id_ed25519': ed25519.text });
    repo.git('reset', '-q', '--hard', 'HEAD~1');

    const out = join(scratchDir('sarif-out-'), 'report.sarif');
    const run = await runCli(['scan', repo.dir, '--history', '--format', 'sarif', '--output', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const log = sarifOf(run.output ?? '');
    expectValidSarif(log);
    expectCodeScanningReady(log);
    const results = log.runs[0]?.results ?? [];
    const lines = new Map(
      results.map((r) => {
        const location = r.locations[0]?.physicalLocation;
        return [`${r.ruleId} ${location?.artifactLocation.uri}:${location?.region.startLine}`, r];
      }),
    );
    expect([...lines.keys()].sort()).toEqual([
      'private-key/pkcs1 keys/id_rsa:1',
      'private-key/pkcs1 keys/id_rsa:2',
    ]);
    expect(lines.get('private-key/pkcs1 keys/id_rsa:1')?.message.text).toContain(c1);
  });

  test('file names with spaces, #, ?, % and non-ASCII become URIs that map back to the path', async () => {
    const dir = scratchDir('sarif-names-');
    const names = ['with space/id key', 'hash#1/key?.pem', 'pct%41.pem', 'ключи/ä.pem'];
    for (const name of names) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), ed25519.text);
    }
    const run = await runCli(['scan', dir, '--format', 'sarif']);
    expect(run.code).toBe(1);
    const log = sarifOf(run.stdout);
    expectValidSarif(log);
    expectCodeScanningReady(log);
    const paths = (log.runs[0]?.results ?? []).map((r) =>
      uriToPath(r.locations[0]?.physicalLocation.artifactLocation.uri ?? ''),
    );
    expect(paths.sort()).toEqual([...names].sort());
  });

  test('zip member names with dot segments or control characters stay inside their archive', async () => {
    const dir = scratchDir('sarif-members-');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.js'), 'console.log(1)\n');
    writeFileSync(
      join(dir, 'a.zip'),
      zipOf([
        { name: '../src/app.js', data: Buffer.from(rsa.text), deflate: true },
        { name: '/..\\..\\evil\x1b]8;;\x07/k\n.pem', data: Buffer.from(ed25519.text) },
      ]),
    );
    const expected = new Map([
      ['a.zip!/src/app.js', rsa.fingerprint],
      ['a.zip!/evil?]8;;?/k?.pem', ed25519.fingerprint],
    ]);

    const sarif = await runCli(['scan', dir, '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    const log = sarifOf(sarif.stdout);
    expectValidSarif(log);
    expectCodeScanningReady(log);
    const uris = (log.runs[0]?.results ?? []).map(
      (r) => r.locations[0]?.physicalLocation.artifactLocation.uri ?? '',
    );
    expect(uris.map(uriToPath).sort()).toEqual([...expected.keys()].sort());
    // Resolved as a viewer resolves it (RFC 3986), every URI still names a place in the archive.
    for (const uri of uris)
      expect(new URL(uri, 'file:///repo/').href.startsWith('file:///repo/a.zip!/')).toBe(true);

    const json = await runCli(['scan', dir, '--format', 'json']);
    expect(json.code).toBe(1);
    const places = jsonOf(json).findings.flatMap((finding) =>
      finding.locations.map((location) => [location.path, finding.fingerprint]),
    );
    expect(new Map(places as [string, string][])).toEqual(expected);

    const text = await runCli(['scan', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('at a.zip!/src/app.js:1\n');
    expect(text.stdout).toContain('at a.zip!/evil?]8;;?/k?.pem:1\n');
    // No control character but the line ends reaches any output.
    const controls = (output: string): string[] =>
      [...output].filter((char) => {
        const code = char.charCodeAt(0);
        return (code < 0x20 && char !== '\n') || (code >= 0x7f && code <= 0x9f);
      });
    for (const output of [sarif, json, text])
      expect(controls(output.stdout + output.stderr)).toEqual([]);
  });

  test('file names that are not UTF-8 get URIs of their own bytes, two files two URIs', async () => {
    const repo = GitRepo.init();
    mkdirSync(Buffer.concat([Buffer.from(`${repo.dir}/d`), Buffer.from([0xe9])]));
    const dir = Buffer.concat([Buffer.from(`${repo.dir}/d`), Buffer.from([0xe9, 0x2f])]);
    writeFileSync(Buffer.concat([dir, Buffer.from('k#'), Buffer.from([0xff])]), ed25519.text);
    writeFileSync(Buffer.concat([dir, Buffer.from('k#'), Buffer.from([0xfe])]), rsa.text);
    repo.git('add', '-A');
    repo.commit('names');
    const run = await runCli(['scan', repo.dir, '--format', 'sarif']);
    expect(run.code).toBe(1);
    const log = sarifOf(run.stdout);
    expectValidSarif(log);
    const uris = (log.runs[0]?.results ?? [])
      .map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)
      .sort();
    expect(uris).toEqual(['d%E9/k%23%FE', 'd%E9/k%23%FF']);
  });
});
