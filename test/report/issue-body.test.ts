/**
 * The leak issue's Markdown, from a finding the scanner made of a real key:
 * the marker finds the key again, every section is there in both languages,
 * hostile paths cannot break the tables, and no key material is in it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationReport } from '../../src/aws/rotate.js';
import {
  issueBody,
  issueComment,
  issueMarker,
  issueTitle,
  markerKeyId,
  type LeakReport,
  type RunInfo,
} from '../../src/github/issue-body.js';
import { pullRequestComment } from '../../src/github/pull-request.js';
import type { Finding } from '../../src/scan/findings.js';
import { scan } from '../../src/scan/scan.js';

const RUN: RunInfo = {
  scanned: null,
  link: '[run 42](https://github.com/acme/infra/actions/runs/42)',
  event: 'push',
  at: '2026-12-01T10:00:00Z',
};

let dir: string;
let keyText: string;
let finding: Finding;

const rotation: RotationReport = {
  leakedFingerprint: null,
  keyName: 'prod',
  region: 'us-east-1',
  matchedBy: 'public key',
  dryRun: false,
  resumed: false,
  previousStep: null,
  newKey: {
    fingerprint: 'SHA256:newnewnew',
    publicKeyLine: 'ssh-ed25519 AAAA new',
    parameterName: '/ec2-key-rotate/prod/private-key',
    parameterVersion: 1,
  },
  hosts: [
    {
      instanceId: 'i-0123456789abcdef0',
      region: 'us-east-1',
      name: 'web|1',
      outcome: 'rotated',
      phase: null,
      reason: 'new key added and verified, old key removed',
      waysBack: [],
    },
    {
      instanceId: 'i-0fedcba9876543210',
      region: 'us-east-1',
      name: 'bastion',
      outcome: 'skipped',
      phase: null,
      reason: 'not managed by SSM',
      waysBack: ['x'],
    },
  ],
  published: { keyName: 'prod', keyPairId: 'key-1', retired: 'key-0' },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'issue-body-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'key')]);
  keyText = readFileSync(join(dir, 'key'), 'utf8');
  // A path with Markdown in it: pipes and backticks must not break the tables.
  writeFileSync(join(dir, 'we|ird `name`.pem'), keyText);
  finding = (await scan({ path: dir, source: { kind: 'tree' }, ignore: [] }))
    .findings[0] as Finding;
  rotation.leakedFingerprint = finding.fingerprint;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (overrides: Partial<LeakReport> = {}): LeakReport => ({
  finding,
  rotations: [rotation],
  status: 'partial',
  lookedUp: true,
  errors: [],
  secretUpdated: 'DEPLOY_KEY',
  ...overrides,
});

function expectNoKeyMaterial(text: string): void {
  for (const line of keyText.split('\n').filter((l) => l && !l.startsWith('-----')))
    expect(text).not.toContain(line);
}

describe('the leak issue', () => {
  it('carries a marker that finds the key again, and a stable title', () => {
    const body = issueBody(report(), RUN, 'en');
    expect(body.startsWith(issueMarker(finding.id))).toBe(true);
    expect(markerKeyId(body)).toBe(finding.id);
    expect(markerKeyId('no marker here')).toBeNull();
    expect(issueTitle(finding, 'en')).toBe(`Leaked private key ${finding.fingerprint}`);
  });

  it('says where the key is, what it opens, what was done and what a person must do', () => {
    const body = issueBody(report(), RUN, 'en');
    for (const heading of [
      '## The key',
      '## Where it is',
      '## EC2 key pairs and instances it opens',
      '## What was done',
      '## What a person must still do',
    ])
      expect(body).toContain(heading);
    expect(body).toContain(String(finding.fingerprint));
    expect(body).toContain('Key pair **prod** in us-east-1, matched by public key.');
    expect(body).toMatch(/\| `i-0fedcba9876543210` \(bastion\) \| skipped \|/);
    expect(body).toContain('New key `SHA256:newnewnew`');
    expect(body).toContain('Actions secret `DEPLOY_KEY` now holds the new private key.');
    // The command is a fenced shell block under the item, each path one single-quoted argument.
    expect(body).toContain(
      "- [ ] Purge it from the history with the command below, force-push every branch and tag, and ask GitHub Support to drop cached views and pull request refs:\n  ```sh\n  git filter-repo --invert-paths --path key --path 'we|ird `name`.pem'\n  ```\n",
    );
    expect(body).toContain('Treat every fork and clone as exposed');
    expect(body).toMatch(
      /- \[ \] Remove the key from every branch that still has it \(.*``we\|ird `name`\.pem``/,
    );
    expect(body).toContain('`i-0fedcba9876543210`): another user');
    expect(body).toContain('Session Manager or EC2 Instance Connect');
    expectNoKeyMaterial(body);
  });

  it('escapes pipes and backticks in paths and names so the tables hold', () => {
    const body = issueBody(report(), RUN, 'en');
    const row = body.split('\n').find((line) => line.includes('ird'));
    // The backticks stay (a longer fence holds them); the pipe is escaped for the table.
    expect(row).toContain('``we\\|ird `name`.pem``');
    expect(body).toContain('(web\\|1)');
    // Every table row has the same number of unescaped cell separators as its header.
    const rows = body.split('\n').filter((line) => line.startsWith('| `we'));
    for (const line of rows) expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(7);
  });

  it('says plainly when AWS was not asked, or nothing matched', () => {
    expect(
      issueBody(report({ lookedUp: false, rotations: [], status: 'not-requested' }), RUN, 'en'),
    ).toContain('Not looked up: this run had no AWS role or region');
    expect(issueBody(report({ rotations: [], status: 'done' }), RUN, 'en')).toContain(
      'No EC2 key pair in the searched regions holds this key.',
    );
    expect(
      issueBody(report({ status: 'failed', errors: ['prod: AccessDenied'] }), RUN, 'en'),
    ).toContain('**Error:** prod: AccessDenied');
  });

  it('is written in Japanese with language: ja', () => {
    const body = issueBody(report(), RUN, 'ja');
    expect(body).toContain('## 人が行う必要のあること');
    expect(body).toContain('すべてのフォークとクローンは漏えいしたものとみなす');
    expect(issueTitle(finding, 'ja')).toBe(`秘密鍵の漏えい ${finding.fingerprint}`);
    expect(markerKeyId(body)).toBe(finding.id);
    expectNoKeyMaterial(body);
  });

  it('a later run is a comment with the run, the places and the results', () => {
    const comment = issueComment(report({ status: 'done' }), RUN, 'en');
    expect(comment).toMatch(
      /^### Run \[run 42\]\(https:\/\/github.com\/acme\/infra\/actions\/runs\/42\) \(push, 2026-12-01T10:00:00Z\)/,
    );
    expect(comment).toContain('The key is still present at:');
    expect(comment).not.toContain('ec2-key-rotate:leak');
    expectNoKeyMaterial(comment);
  });

  it('the pull request comment lists each place and never the key', () => {
    const comment = pullRequestComment([finding], 'en');
    expect(comment).toContain('This pull request adds 1 private key. Do not merge it');
    expect(comment).toContain(String(finding.fingerprint));
    expectNoKeyMaterial(comment);
  });
});
