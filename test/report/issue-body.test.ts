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
  MAX_ROWS,
  refreshedBody,
  type LeakReport,
  type RunInfo,
} from '../../src/github/issue-body.js';
import {
  EMPTY_STATE,
  nextState,
  readState,
  rotationChanged,
} from '../../src/github/issue-state.js';
import type { AuditedKey } from '../../src/aws/audit.js';
import { MESSAGES } from '../../src/github/messages.js';
import { statusOf } from '../../src/action/leak-issues.js';
import type { EngineResult } from '../../src/aws/engine.js';
import { pullRequestComment } from '../../src/github/pull-request.js';
import type { Finding } from '../../src/scan/findings.js';
import { scan } from '../../src/scan/scan.js';

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`missing ${what}`);
  return value;
}

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
    const body = issueBody(report(), RUN, 'en', EMPTY_STATE);
    expect(body.startsWith(issueMarker(finding.id))).toBe(true);
    expect(markerKeyId(body)).toBe(finding.id);
    expect(markerKeyId('no marker here')).toBeNull();
    expect(issueTitle(finding, 'en')).toBe(`Leaked private key ${finding.fingerprint}`);
  });

  it('says where the key is, what it opens, what was done and what a person must do', () => {
    const body = issueBody(report(), RUN, 'en', EMPTY_STATE);
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
      "- [ ] Purge it from the history with the command below, force-push every branch and tag, and ask GitHub Support to drop cached views and pull request refs:\n  ```sh\n  git filter-repo --invert-paths --path=key '--path=we|ird `name`.pem'\n  ```\n",
    );
    expect(body).toContain('Treat every fork and clone as exposed');
    expect(body).toMatch(
      /- \[ \] Remove the key from every branch that still has it \(.*``we\|ird `name`\.pem``/,
    );
    expect(body).toContain('`i-0fedcba9876543210`): run again with `offline-recovery: user-data`');
    expect(body).toContain('`ec2-key-rotate recover --instance ID --user USER --revoke-old`');
    expect(body).toContain('Session Manager or EC2 Instance Connect');
    expectNoKeyMaterial(body);
  });

  it('escapes pipes and backticks in paths and names so the tables hold', () => {
    const body = issueBody(report(), RUN, 'en', EMPTY_STATE);
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
      issueBody(
        report({ lookedUp: false, rotations: [], status: 'not-requested' }),
        RUN,
        'en',
        EMPTY_STATE,
      ),
    ).toContain('Not looked up: this run had no AWS role or region');
    expect(
      issueBody(report({ rotations: [], status: 'no-key-pair' }), RUN, 'en', EMPTY_STATE),
    ).toContain('No EC2 key pair in the searched regions holds this key.');
    expect(
      issueBody(
        report({ status: 'failed', errors: ['prod: AccessDenied'] }),
        RUN,
        'en',
        EMPTY_STATE,
      ),
    ).toContain('**Error:** prod: AccessDenied');
  });

  it('is written in Japanese with language: ja', () => {
    const body = issueBody(report(), RUN, 'ja', EMPTY_STATE);
    expect(body).toContain('## 人が行う必要のあること');
    expect(body).toContain('すべてのフォークとクローンは漏えいしたものとみなす');
    expect(issueTitle(finding, 'ja')).toBe(`秘密鍵の漏えい ${finding.fingerprint}`);
    expect(markerKeyId(body)).toBe(finding.id);
    expectNoKeyMaterial(body);
  });

  it('a later run is a comment with the run and only what changed', () => {
    const both = issueComment(
      report({ status: 'done' }),
      { newPlaces: finding.locations, rotationChanged: true },
      RUN,
      'en',
    );
    expect(both).toMatch(
      /^### Run \[run 42\]\(https:\/\/github.com\/acme\/infra\/actions\/runs\/42\) \(push, 2026-12-01T10:00:00Z\)/,
    );
    expect(both).toContain('Found at new places:');
    expect(both).toContain(MESSAGES.en.rotationStatus.done);
    expect(both).not.toContain('ec2-key-rotate:leak');
    expectNoKeyMaterial(both);
    const placesOnly = issueComment(
      report({ status: 'done' }),
      { newPlaces: finding.locations, rotationChanged: false },
      RUN,
      'en',
    );
    expect(placesOnly).toContain('Found at new places:');
    expect(placesOnly).not.toContain(MESSAGES.en.rotationStatus.done);
    const rotationOnly = issueComment(
      report({ status: 'done' }),
      { newPlaces: [], rotationChanged: true },
      RUN,
      'en',
    );
    expect(rotationOnly).not.toContain('Found at new places:');
    expect(rotationOnly).toContain('Key pair **prod** in us-east-1');
  });

  it('a later run rewrites only the status section and the state marker', () => {
    const opening = issueBody(report({ status: 'pending', rotations: [] }), RUN, 'en', EMPTY_STATE);
    const state = {
      status: 'done',
      hosts: { 'i-0123456789abcdef0': 'clean' as const },
      places: [],
      overflow: false,
    };
    const later = refreshedBody(opening, report({ status: 'done' }), state, 'en');
    expect(later).not.toContain(MESSAGES.en.rotationStatus.pending);
    expect(later).toContain(MESSAGES.en.rotationStatus.done);
    // Everything outside the section is kept: the key, the places, the to-do list people tick.
    const outside = (body: string): string =>
      body
        .replace(/<!-- ec2-key-rotate:status -->[\s\S]*<!-- \/ec2-key-rotate:status -->/, '')
        .replace(/<!-- ec2-key-rotate:state \S+ -->/, '');
    expect(outside(later)).toBe(outside(opening));
    expect(readState(later)).toEqual(state);
    // Without a report (a scan-only run), only the state changes.
    const quiet = refreshedBody(later, null, { ...state, places: ['0123456789ab'] }, 'en');
    expect(outside(quiet)).toBe(outside(later));
    expect(readState(quiet)?.places).toEqual(['0123456789ab']);
  });

  it('a state marker someone edited into nonsense counts as none', () => {
    const body = issueBody(report(), RUN, 'en', EMPTY_STATE);
    expect(readState(body)).toEqual(EMPTY_STATE);
    for (const forged of [
      '<!-- ec2-key-rotate:state !!! -->',
      `<!-- ec2-key-rotate:state ${Buffer.from('{"status":"done"}').toString('base64url')} -->`,
      `<!-- ec2-key-rotate:state ${Buffer.from(JSON.stringify({ status: 'done', hosts: { 'i-1': 'owned' }, places: [], overflow: false })).toString('base64url')} -->`,
      `<!-- ec2-key-rotate:state ${Buffer.from(JSON.stringify({ status: 'done', hosts: {}, places: ['<script>'], overflow: false })).toString('base64url')} -->`,
    ])
      expect(readState(forged)).toBeNull();
  });

  it("a key at thousands of places keeps the body under GitHub's 65,536 characters", () => {
    const place = must(finding.locations[0], 'a location');
    const many = {
      ...finding,
      locations: Array.from({ length: 5000 }, (_, index) => ({
        ...place,
        path: `copies/${index}/key.pem`,
      })),
    };
    const body = issueBody(report({ finding: many }), RUN, 'en', EMPTY_STATE);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain(MESSAGES.en.moreRows(5000 - MAX_ROWS));
  });

  // Every status the action can report, with the engine result that leads to it: the key pair
  // section and the "what was done" line must tell the same story.
  describe('status and text agree in every state', () => {
    const engineWith = (overrides: Partial<EngineResult> = {}): EngineResult => ({
      unmatched: [],
      rotations: [],
      errors: [],
      leaks: [],
      ...overrides,
    });
    const clean = (): RotationReport => ({
      ...rotation,
      leakedFingerprint: finding.fingerprint,
      hosts: rotation.hosts.map((host) => ({ ...host, outcome: 'rotated' as const })),
    });
    const cases: [string, () => { status: string; report: LeakReport }][] = [
      [
        'not-requested: AWS was not asked',
        () => ({
          status: statusOf(finding, [], null, false),
          report: report({ lookedUp: false, rotations: [] }),
        }),
      ],
      [
        'dry-run: a plan',
        () => ({
          status: statusOf(finding, [clean()], engineWith({ rotations: [clean()] }), true),
          report: report({ rotations: [clean()] }),
        }),
      ],
      [
        'no-key-pair: AWS was asked and nothing holds the key',
        () => ({
          status: statusOf(finding, [], engineWith(), false),
          report: report({ rotations: [] }),
        }),
      ],
      [
        'done: every instance rotated',
        () => ({
          status: statusOf(finding, [clean()], engineWith({ rotations: [clean()] }), false),
          report: report({ rotations: [clean()] }),
        }),
      ],
      [
        'partial: an instance skipped',
        () => ({
          status: statusOf(finding, [rotation], engineWith({ rotations: [rotation] }), false),
          report: report(),
        }),
      ],
      [
        'failed: the engine failed for this key pair',
        () => {
          const engine = engineWith({
            errors: [
              {
                scope: 'key-pair',
                keyName: 'prod',
                region: 'us-east-1',
                message: 'AccessDenied',
                leakedFingerprint: finding.fingerprint,
              },
            ],
          });
          return {
            status: statusOf(finding, [], engine, false),
            report: report({ rotations: [], errors: ['prod: AccessDenied'] }),
          };
        },
      ],
      [
        'failed: a leak left open by an earlier run, and no rotation this time',
        () => {
          const engine = engineWith({
            leaks: [
              {
                fingerprint: String(finding.fingerprint),
                region: 'us-east-1',
                status: 'open',
                openInstances: ['i-1'],
              },
            ],
          });
          return {
            status: statusOf(finding, [], engine, false),
            report: report({ rotations: [] }),
          };
        },
      ],
      [
        'cannot-match: an encrypted key has no fingerprint',
        () => {
          const encrypted = { ...finding, fingerprint: null, encrypted: true, parsed: false };
          return {
            status: statusOf(encrypted, [], engineWith(), false),
            report: report({ finding: encrypted, rotations: [] }),
          };
        },
      ],
    ];
    it.each(cases)('%s', (name, make) => {
      const { status, report: base } = make();
      expect(name.startsWith(`${status}:`)).toBe(true);
      for (const language of ['en', 'ja'] as const) {
        const m = MESSAGES[language];
        const body = issueBody(
          { ...base, status: status as LeakReport['status'] },
          RUN,
          language,
          EMPTY_STATE,
        );
        expect(body).toContain(m.rotationStatus[status as LeakReport['status']]);
        const claimsRotated =
          body.includes(m.rotationStatus.done) || body.includes(m.rotationStatus.partial);
        const saysNoPair =
          body.includes(m.noPairs) || body.includes(m.cannotMatch) || body.includes(m.notLookedUp);
        // Never both "nothing holds it" and "it was rotated".
        expect(claimsRotated && saysNoPair).toBe(false);
        if (status === 'done' || status === 'partial') expect(body).toContain('**prod**');
        if (status === 'no-key-pair') expect(body).toContain(m.noPairs);
        if (status === 'cannot-match') {
          expect(body).toContain(m.cannotMatch);
          expect(body).toContain(m.encryptedNote);
        }
      }
    });
  });

  describe('"Was the key used?"', () => {
    const audited = (): AuditedKey => ({
      fingerprint: String(finding.fingerprint),
      since: '2026-11-30T08:00:00.000Z',
      sinceFrom: 'scan',
      keyPairs: [{ region: 'us-east-1', keyName: 'prod', matchedBy: 'public key' }],
      instances: [
        {
          region: 'us-east-1',
          instanceId: 'i-0123456789abcdef0',
          name: 'web',
          keyPairs: ['prod'],
          reason: 'launch key',
          reached: true,
          verdict: 'yes',
          why: 'the leaked key logged in 3 time(s) since the leak',
          loginsSince: 3,
          loginsBefore: 1,
          logins: [
            {
              user: '@org/team',
              address: '198.51.100.7',
              before: 0,
              since: 3,
              first: '2026-12-01T02:00:00Z',
              last: '2026-12-01T03:00:00Z',
              newAddress: true,
            },
            {
              user: 'ec2-user',
              address: '192.0.2.1',
              before: 1,
              since: 0,
              first: '2026-11-01T00:00:00Z',
              last: '2026-11-01T00:00:00Z',
              newAddress: false,
            },
          ],
          loginGroupsOmitted: 0,
          newAddresses: ['198.51.100.7'],
          openSessions: [
            {
              pid: 4242,
              user: '@org/team',
              address: '198.51.100.7',
              loginAt: '2026-12-01T03:00:00Z',
              endCommand:
                'aws ssm send-command --region us-east-1 --instance-ids i-0123456789abcdef0 --document-name AWS-RunShellScript --parameters \'commands=["kill 4242"]\'',
            },
          ],
          openSessionsOmitted: 0,
          otherKeyLogins: 0,
          unknownKeyLogins: 0,
          sources: [],
          oldestRecord: '2026-10-01T00:00:00Z',
          keyFiles: 1,
          unreadableKeyFiles: 0,
        },
        {
          region: 'us-east-1',
          instanceId: 'i-0fedcba9876543210',
          name: null,
          keyPairs: ['prod'],
          reason: 'launch key',
          reached: true,
          verdict: 'cannot-tell',
          why: 'no trusted sshd log found',
          loginsSince: 0,
          loginsBefore: 0,
          logins: [],
          loginGroupsOmitted: 0,
          newAddresses: [],
          openSessions: [],
          openSessionsOmitted: 0,
          otherKeyLogins: 0,
          unknownKeyLogins: 0,
          sources: [],
          oldestRecord: null,
          keyFiles: 1,
          unreadableKeyFiles: 0,
        },
      ],
    });

    it('says per instance whether the key logged in, highlights new addresses and says how to end open sessions, in both languages', () => {
      for (const language of ['en', 'ja'] as const) {
        const m = MESSAGES[language];
        const body = issueBody(report({ audit: audited() }), RUN, language, EMPTY_STATE);
        expect(body).toContain(`## ${m.audit.section}`);
        expect(body).toContain(m.audit.verdicts.yes);
        expect(body).toContain(m.audit.verdicts['cannot-tell']);
        expect(body).toMatch(language === 'en' ? /\*\*new address\*\*/ : /\*\*新しいアドレス\*\*/);
        expect(body).toContain(
          '```sh\naws ssm send-command --region us-east-1 --instance-ids i-0123456789abcdef0',
        );
        // A user name from a host is a code span, never a mention.
        expect(body).not.toMatch(/(^|[^`])@org\/team/m);
        // Never "not used" for the host without logs.
        const row = body
          .split('\n')
          .find(
            (line) =>
              line.includes('i-0fedcba9876543210') &&
              line.includes(m.audit.verdicts['cannot-tell']),
          );
        expect(row).toBeDefined();
        expectNoKeyMaterial(body);
      }
      expect(issueBody(report(), RUN, 'en', EMPTY_STATE)).toContain(MESSAGES.en.audit.notRun);
    });

    it('a new login or a newly open session is news for the issue; the same audit again is not', () => {
      const facts = (audit: AuditedKey) => ({
        status: 'done',
        hosts: {},
        audit: Object.fromEntries(
          audit.instances.map((instance) => [
            instance.instanceId,
            `${instance.verdict}:${instance.loginsSince}:${instance.openSessions.length}`,
          ]),
        ),
      });
      const first = audited();
      const state = nextState(EMPTY_STATE, [], '', facts(first));
      expect(readState(issueBody(report(), RUN, 'en', state))).toEqual(state);
      expect(rotationChanged(state, facts(audited()))).toBe(false);
      const more = audited();
      (more.instances[0] as { loginsSince: number }).loginsSince = 4;
      expect(rotationChanged(state, facts(more))).toBe(true);
    });
  });

  it('the pull request comment lists each place and never the key', () => {
    const comment = pullRequestComment([finding], 'en');
    expect(comment).toContain('This pull request adds 1 private key. Do not merge it');
    expect(comment).toContain(String(finding.fingerprint));
    expectNoKeyMaterial(comment);
  });
});
