/**
 * `ec2-key-rotate audit` end to end, as an operator runs it: the CLI with
 * the SDK's default chain against the local AWS, whose Run Command runs the
 * project's SSM document (phase audit) inside real sshd hosts. One host logs
 * through syslog (and keeps a rotated file from before the leak), one has no
 * logs, one instance is not managed by SSM.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/aws/audit.js';
import { runRotation } from '../../src/aws/engine.js';
import { DOCUMENT_NAME } from '../../src/aws/host/document.js';
import { ROTATED_EARLIER } from '../../src/aws/key-pairs.js';
import { loginFrom, traditionalLine } from '../helpers/audit-hosts.js';
import { startFleet, type Fleet } from '../helpers/fleet.js';
import { runCli } from '../helpers/gitrepo.js';
import { debianHost, hostSupport, type HostPreset } from '../helpers/hosts.js';

const unsupported = hostSupport();
if (unsupported) console.warn(`skipping the audit CLI tests: ${unsupported}`);

const HOUR = 3_600_000;

describe.skipIf(unsupported !== null)('ec2-key-rotate audit', () => {
  let fleet: Fleet;
  let scanFile: string;
  const leakTime = new Date(Date.now() - HOUR);
  let loginAt: Date;

  beforeAll(async () => {
    fleet = await startFleet({
      presets: (leaked): HostPreset[] => {
        const bare = debianHost(leaked.publicKeyLine);
        return [
          {
            spec: {
              name: 'web-syslog',
              users: [{ name: 'deploy', authorizedKeys: `${leaked.publicKeyLine}\n` }],
              logs: { syslogFile: '/var/log/auth.log' },
            },
            keyUsers: ['deploy'],
          },
          { ...bare, spec: { ...bare.spec, name: 'db-nologs', logs: {} } },
        ];
      },
      extraInstances: (keyName) => [
        { keyName, ssm: false, tags: { Name: 'unmanaged' } },
        { keyName, platform: 'windows', tags: { Name: 'win' } },
      ],
    });
    const [web] = fleet.hosts;
    if (!web) throw new Error('no host');
    // The logs reach back before the leak: a rotated file two hours old.
    const old = new Date(Date.now() - 2 * HOUR);
    await web.host.writeFile(
      '/var/log/auth.log.1',
      traditionalLine(old, 'sshd[4190010]', 'Server listening on 0.0.0.0 port 22.'),
      { mode: 0o640 },
    );
    loginAt = new Date();
    await loginFrom(web.host, 'deploy', fleet.leaked, '127.0.0.2');
    // The scan's finding, committed an hour ago (its author date is the leak time).
    const location = {
      path: 'deploy/prod.pem',
      line: 1,
      commit: 'a'.repeat(40),
      introducedBy: 'a'.repeat(40),
      author: 'dev <dev@example.com>',
      authorDate: leakTime.toISOString(),
    };
    scanFile = join(fleet.keys.dir, 'scan.json');
    writeFileSync(
      scanFile,
      JSON.stringify({ findings: [{ ...fleet.finding, locations: [location] }], stats: {} }),
    );
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
  });

  function noKeyMaterial(text: string): void {
    for (const key of [fleet.leaked, fleet.other]) expect(text).not.toContain(key.blob.slice(20));
    expect(text).not.toMatch(/PRIVATE KEY|b3BlbnNzaC1rZXk/);
  }

  it('--from-scan --format json: used on the syslog host (new address), cannot tell elsewhere, exit 1; read-only', async () => {
    const before = await Promise.all(fleet.hosts.map(({ host }) => host.snapshot()));
    const run = await runCli([
      'audit',
      '--from-scan',
      scanFile,
      '--region',
      'us-east-1',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(1);
    noKeyMaterial(run.stdout);
    const report = JSON.parse(run.stdout) as AuditReport & { version: number };
    expect(report.version).toBe(1);
    const [key] = report.keys;
    expect(key?.fingerprint).toBe(fleet.finding.fingerprint);
    expect(key?.since).toBe(leakTime.toISOString());
    expect(key?.sinceFrom).toBe('scan');
    const byName = new Map(key?.instances.map((instance) => [instance.name, instance]));
    const web = byName.get('web-syslog');
    expect(web).toMatchObject({
      reached: true,
      verdict: 'yes',
      loginsSince: 1,
      loginsBefore: 0,
      newAddresses: ['127.0.0.2'],
      openSessions: [],
    });
    expect(web?.logins).toMatchObject([{ user: 'deploy', address: '127.0.0.2', since: 1 }]);
    expect(Math.abs(Date.parse(web?.logins[0]?.first ?? '') - loginAt.getTime())).toBeLessThan(
      5000,
    );
    expect(byName.get('db-nologs')).toMatchObject({ reached: true, verdict: 'cannot-tell' });
    expect(byName.get('db-nologs')?.why).toMatch(/no trusted sshd log/);
    expect(byName.get('unmanaged')).toMatchObject({ reached: false, verdict: 'cannot-tell' });
    expect(byName.get('unmanaged')?.why).toMatch(/not managed by SSM/);
    expect(byName.get('win')).toMatchObject({ reached: false, verdict: 'cannot-tell' });
    expect(byName.get('win')?.why).toMatch(/Windows .*GetPasswordData .*CloudTrail/);
    expect(report).toMatchObject({ leakedKeyLogins: 1, usedOn: 1, cannotTell: 3 });
    // One command through the project's document, phase audit, the leak time as a parameter.
    const commands = fleet.aws.state.commands();
    expect(commands).toHaveLength(1);
    expect(commands[0]?.documentName).toBe(DOCUMENT_NAME);
    expect(commands[0]?.parameters.phase).toEqual(['audit']);
    expect(commands[0]?.executionTimeoutSeconds).toBe(600);
    expect(commands[0]?.parameters.since).toEqual([String(Math.floor(leakTime.getTime() / 1000))]);
    expect(fleet.aws.log.count('PutParameter')).toBe(0);
    expect(fleet.aws.log.count('DeleteKeyPair')).toBe(0);
    const after = await Promise.all(fleet.hosts.map(({ host }) => host.snapshot()));
    expect(after).toEqual(before);
  });

  it('--key-pair with --since after the login: not used where the logs reach back; text output', async () => {
    const since = new Date(loginAt.getTime() + 2000).toISOString();
    // --since may not be in the future.
    while (Date.now() < loginAt.getTime() + 2500)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const run = await runCli([
      'audit',
      '--key-pair',
      fleet.keyName,
      '--region',
      'us-east-1',
      '--since',
      since,
    ]);
    expect(run.code, run.stderr).toBe(1);
    noKeyMaterial(run.stdout);
    expect(run.stdout).toMatch(/^Audit of key SHA256:\S+, leak time \S+ \(--since\)$/m);
    expect(run.stdout).toMatch(
      /web-syslog\) \[prod\] us-east-1: not used: no login by the leaked key since the leak/,
    );
    expect(run.stdout).toMatch(/deploy from 127\.0\.0\.2: 1$/m);
    expect(run.stdout).toMatch(/db-nologs\) \[prod\] us-east-1: CANNOT TELL/);
    expect(run.stdout).toMatch(
      /^Summary: the leaked key logged in 0 time\(s\) since the leak, on 0 of 4 instance\(s\); 3 cannot tell\.$/m,
    );
  });

  it('--ssm-document AWS-RunShellScript: the same audit as a whole script (the opt-in, wider grant)', async () => {
    fleet.aws.log.clear();
    const before = fleet.aws.state.commands().length;
    const run = await runCli([
      'audit',
      '--from-scan',
      scanFile,
      '--region',
      'us-east-1',
      '--ssm-document',
      'AWS-RunShellScript',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as AuditReport;
    const verdicts = Object.fromEntries(
      (report.keys[0]?.instances ?? []).map((instance) => [instance.name, instance.verdict]),
    );
    expect(verdicts).toEqual({
      'web-syslog': 'yes',
      'db-nologs': 'cannot-tell',
      unmanaged: 'cannot-tell',
      win: 'cannot-tell',
    });
    const [command] = fleet.aws.state.commands().slice(before);
    expect(command?.documentName).toBe('AWS-RunShellScript');
    expect(command?.script).toContain('EC2KR_PHASE=audit');
    expect(command?.script).toContain(`EC2KR_SINCE='${Math.floor(leakTime.getTime() / 1000)}'`);
  });

  it('refuses bad flags before any AWS call (exit 2)', async () => {
    fleet.aws.log.clear();
    for (const args of [
      ['audit', '--region', 'us-east-1'],
      ['audit', '--key-pair', 'prod', '--from-scan', scanFile, '--region', 'us-east-1'],
      ['audit', '--key-pair', 'prod', '--region', 'us-east-1', '--since', 'last tuesday'],
      ['audit', '--key-pair', 'prod', '--region', 'us-east-1', '--since', '2999-01-01T00:00:00Z'],
      ['audit', '--key-pair', 'prod', '--region', 'nowhere'],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^ec2-key-rotate: /);
    }
    expect(fleet.aws.log.count('DescribeKeyPairs')).toBe(0);
  });

  it('after a rotation: the pair found by its previous-fingerprint tag, and an instance only the leak record still names', async () => {
    const rotation = await runRotation(
      { kind: 'findings', findings: [fleet.finding] },
      fleet.config(),
    );
    expect(rotation.errors).toEqual([]);
    // The web host no longer carries the key name (as if relaunched from an
    // image with another key pair): only the leak record leads to it.
    const web = fleet.hosts.find(({ preset }) => preset.spec.name === 'web-syslog');
    const record = fleet.aws.state.region().instances.get(web?.instanceId ?? '');
    if (!record) throw new Error('no web instance');
    record.keyName = null;
    const run = await runCli([
      'audit',
      '--from-scan',
      scanFile,
      '--region',
      'us-east-1',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as AuditReport;
    const [key] = report.keys;
    expect(key?.keyPairs).toEqual([
      { region: 'us-east-1', keyName: 'prod', matchedBy: ROTATED_EARLIER },
    ]);
    const audited = key?.instances.find((instance) => instance.instanceId === web?.instanceId);
    expect(audited).toMatchObject({
      reason: 'leak record',
      reached: true,
      verdict: 'yes',
      loginsSince: 1,
    });
  });
});
