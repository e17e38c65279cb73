/**
 * The built action (`dist/index.js`) run the way a runner runs it: INPUT_*
 * variables, a real webhook payload (@octokit/webhooks-examples) adapted to
 * a test repository, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the OIDC
 * token endpoint; behind it the local GitHub REST server, the local AWS
 * (reached only through OIDC federation: no static AWS credentials in the
 * step's environment) and real sshd hosts. Assertions are on the files and
 * on the servers' state.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerKeyId } from '../src/github/issue-body.js';
import { emulatorEnv } from './emulators/index.js';
import {
  gitIn,
  pushPayload,
  runAction as runWith,
  visibleLog,
  type ActionRun,
} from './helpers/action-runner.js';
import { expectRotated, must, startFleet, type Fleet } from './helpers/fleet.js';
import { amazonLinuxHost, debianHost, hostSupport } from './helpers/hosts.js';
import { GITHUB_TOKEN_PERMISSIONS, startGitHubServer, type GitHubServer } from './github/index.js';

const SECRETS_TOKEN = 'github_pat_secrets_writer';
const unsupported = hostSupport();
if (unsupported) console.warn(`skipping action end-to-end tests: ${unsupported}`);

describe.skipIf(unsupported !== null)('the action, end to end', () => {
  let fleet: Fleet;
  let gh: GitHubServer;
  let work: string;
  let repo: string;
  let before: string;
  let after: string;

  const git = (...args: string[]): string => gitIn(repo, ...args);

  const runAction = (
    inputs: Record<string, string>,
    eventName: string,
    payload: object,
  ): Promise<ActionRun> =>
    runWith({
      inputs,
      eventName,
      payload,
      workspace: repo,
      tempDir: work,
      env: {
        ...emulatorEnv(fleet.aws, { credentials: false }),
        GITHUB_REPOSITORY: 'acme/infra',
        GITHUB_API_URL: gh.url,
      },
    });

  const leakedSecretLines = (): string[] =>
    readFileSync(fleet.leaked.privateKeyPath, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'));

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked) => {
        // Debian's sshd logs to /var/log/auth.log through syslog, as rsyslog writes it.
        const debian = debianHost(leaked.publicKeyLine);
        return [
          amazonLinuxHost(leaked.publicKeyLine),
          { ...debian, spec: { ...debian.spec, logs: { syslogFile: '/var/log/auth.log' } } },
        ];
      },
    });
    gh = await startGitHubServer({
      owner: 'acme',
      repo: 'infra',
      token: 'ghs_workflow_token',
      permissions: GITHUB_TOKEN_PERMISSIONS,
      tokens: { [SECRETS_TOKEN]: { permissions: { secrets: 'write' } } },
    });
    work = mkdtempSync(join(fleet.keys.dir, 'action-'));
    repo = join(work, 'infra');
    mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), '# infra\n');
    git('add', '.');
    git('commit', '-qm', 'init');
    before = git('rev-parse', 'HEAD');
    mkdirSync(join(repo, 'deploy'));
    writeFileSync(join(repo, 'deploy', 'prod.pem'), readFileSync(fleet.leaked.privateKeyPath));
    git('add', '.');
    git('commit', '-qm', 'add deploy key');
    after = git('rev-parse', 'HEAD');
  });

  afterAll(async () => {
    await gh?.stop();
    await fleet?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const inputs = (): Record<string, string> => ({
    'github-token': 'ghs_workflow_token',
    'role-to-assume': fleet.aws.oidc.roleArn,
    'aws-regions': 'us-east-1',
    'actions-secret-name': 'DEPLOY_KEY',
    'secrets-token': SECRETS_TOKEN,
    'sarif-file': join(work, 'leak.sarif'),
  });

  let first: ActionRun;

  it('a push that commits a key: one issue, rotated hosts, the secret, summary, SARIF and outputs', async () => {
    // Someone logs in with the key after it was pushed: the audit must see it.
    const debian = must(fleet.hosts[1], 'the debian host');
    expect(await debian.host.sshLogin('admin', fleet.leaked.privateKeyPath)).toBe(true);
    fleet.aws.log.clear();
    first = await runAction(inputs(), 'push', pushPayload('acme', 'infra', before, after));
    // Findings fail the step (fail-on-findings), after everything else was done.
    expect(first.code, first.log).toBe(1);
    expect(first.log).toContain('::error::1 committed private key(s) found');
    expect(first.summary).toContain('### Was the key used?');

    // The issue: one, with the marker, the labels, and the rotation's result in its body.
    expect(gh.state.issues).toHaveLength(1);
    const issue = must(gh.state.issues[0], 'the issue');
    expect(markerKeyId(issue.body)).toBe(fleet.finding.id);
    expect(issue.title).toBe(`Leaked private key ${fleet.finding.fingerprint}`);
    expect(issue.labels).toEqual(['leaked-private-key', 'security']);
    expect(issue.body).toContain('`deploy/prod.pem`');
    expect(issue.body).toContain('Key pair **prod** in us-east-1, matched by public key.');
    expect(issue.body).toContain('The key pair was rotated on every instance it reaches.');
    expect(issue.body).toContain('Actions secret `DEPLOY_KEY` now holds the new private key.');
    expect(issue.comments).toHaveLength(0);

    // Was the key used? The audit ran before the rotation: one login on the host that logs,
    // "cannot tell" on the one without logs (never "not used").
    expect(issue.body).toContain('## Was the key used?');
    const body = issue.body ?? '';
    const auditRows = body.slice(body.indexOf('## Was the key used?'));
    expect(auditRows).toMatch(
      new RegExp(`\\| \`${debian.instanceId}\` \\(debian\\) \\| \\*\\*USED\\*\\* \\| 1 \\|`),
    );
    expect(auditRows).toMatch(
      new RegExp(
        `\\| \`${must(fleet.hosts[0], 'al2023').instanceId}\` [^|]*\\| \\*\\*cannot tell\\*\\*`,
      ),
    );
    expect(first.outputs['leaked-key-logins']).toBe('1');
    const auditFile = must(first.outputs['audit-file'], 'audit-file');
    const audit = JSON.parse(readFileSync(auditFile, 'utf8')) as {
      version: number;
      usedOn: number;
    };
    expect(audit).toMatchObject({ version: 1, usedOn: 1 });
    expect(first.log).toMatch(
      /::error::.*the leaked key logged in 1 time\(s\) since the leak, on 1 instance/,
    );

    // The hosts: new key logs in, leaked key refused.
    const custody = fleet.custodyKeyFile('/ec2-key-rotate/prod/private-key');
    for (const entry of fleet.hosts) await expectRotated(entry, custody, fleet.leaked);

    // AWS was reached only through the OIDC role.
    expect(fleet.aws.state.sessions).toHaveLength(1);
    for (const call of fleet.aws.log.calls(
      (entry) => entry.service !== 'sts' && entry.service !== 'oidc',
    ))
      expect(call.accessKeyId).toMatch(/^ASIA/);

    // The Actions secret holds exactly the private key in custody.
    const secret = must(gh.state.repoSecret('DEPLOY_KEY'), 'the secret');
    expect(secret.plaintext.trim()).toBe(readFileSync(custody, 'utf8').trim());

    // Outputs, summary, SARIF.
    expect(first.outputs).toMatchObject({
      findings: '1',
      'rotated-hosts': '2',
      'failed-hosts': '0',
      'matched-key-pairs': '["us-east-1/prod"]',
      'issue-numbers': JSON.stringify([issue.number]),
      'parameter-name': '/ec2-key-rotate/prod/private-key',
    });
    expect(first.outputs['new-key-fingerprint']).toMatch(/^SHA256:/);
    expect(first.summary).toContain('| Key | Fingerprint | Where | Issue |');
    expect(first.summary).toMatch(/rotated/);
    const sarif = JSON.parse(readFileSync(join(work, 'leak.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[];
    };
    expect(sarif.runs[0]?.results).toHaveLength(1);

    // No private key anywhere: log, outputs, summary, SARIF, issue.
    const stored = readFileSync(custody, 'utf8')
      .split('\n')
      .filter((line) => line.length > 20 && !line.startsWith('-----'));
    const everything = [
      visibleLog(first.log),
      JSON.stringify(first.outputs),
      first.summary,
      readFileSync(join(work, 'leak.sarif'), 'utf8'),
      issue.body ?? '',
    ].join('\n');
    for (const line of [...leakedSecretLines(), ...stored]) expect(everything).not.toContain(line);
  });

  it('running it again changes nothing, and says nothing: the issue has no news', async () => {
    const hostsBefore = await Promise.all(fleet.hosts.map((entry) => entry.host.snapshot()));
    const issue = must(gh.state.issues[0], 'the issue');
    const body = issue.body;
    const secretBefore = must(gh.state.repoSecret('DEPLOY_KEY'), 'the secret').updatedAt;
    const again = await runAction(inputs(), 'push', pushPayload('acme', 'infra', before, after));
    expect(again.code).toBe(1);
    expect(gh.state.issues).toHaveLength(1);
    expect(issue.body).toBe(body);
    expect(issue.comments).toHaveLength(0);
    expect(again.log).toMatch(/Issue #\d+: nothing changed since it was last written/);
    expect(must(gh.state.repoSecret('DEPLOY_KEY'), 'the secret').updatedAt).toEqual(secretBefore);
    expect(await Promise.all(fleet.hosts.map((entry) => entry.host.snapshot()))).toEqual(
      hostsBefore,
    );
    expect(
      fleet.aws.state.region().parameters.get('/ec2-key-rotate/prod/private-key')?.versions,
    ).toHaveLength(1);
  });

  it('without issues: write, the run says which permission is missing', async () => {
    const readOnly = await startGitHubServer({
      owner: 'acme',
      repo: 'infra',
      token: 'ghs_read_only',
      permissions: { ...GITHUB_TOKEN_PERMISSIONS, issues: 'read' },
    });
    const saved = gh;
    gh = readOnly;
    try {
      const run = await runAction(
        { 'github-token': 'ghs_read_only', mode: 'scan' },
        'push',
        pushPayload('acme', 'infra', before, after),
      );
      expect(run.code).toBe(1);
      expect(run.log).toMatch(
        /cannot open the leak issue: the token lacks permission .*permissions: issues: write/,
      );
    } finally {
      gh = saved;
      await readOnly.stop();
    }
  });
});
