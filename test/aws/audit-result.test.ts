/**
 * parseAuditOutput: the audit phase's lines are host output built from log
 * files, so the parser checks every value again and never turns a missing,
 * cut or malformed result into an empty (clean-looking) audit.
 */
import { describe, expect, it } from 'vitest';
import { parseAuditOutput } from '../../src/aws/audit-result.js';
import { endSessionCommand, findingSince, verdictOf } from '../../src/aws/audit.js';
import type { Finding } from '../../src/scan/findings.js';

const RESULT =
  'EC2KR-AUDIT v=1 status=ok now=1796191577 since=1796187977 groups=2 leaked=3 recent=2 other=1 unknown=0 open=1 keyfiles=1 unreadable=0';

const OUTPUT = [
  'EC2KR-SRC journal absent - 0 0 0 0',
  'EC2KR-SRC auth.log found 1796191574 3 2 1 0',
  'EC2KR-LOGIN deploy 127.0.0.2 0 2 1796191575 1796191576 1',
  'EC2KR-LOGIN ec2-user 2001:db8::7 1 0 1796100000 1796100000 0',
  'EC2KR-OPEN 18308 deploy 127.0.0.2 1796191576',
  RESULT,
  '',
].join('\n');

describe('parseAuditOutput', () => {
  it('reads sources, logins, sessions and totals, with Unix times as ISO times', () => {
    const audit = parseAuditOutput(OUTPUT, 0);
    expect(audit).toMatchObject({
      status: 'ok',
      error: null,
      hostTime: new Date(1796191577_000).toISOString(),
      since: new Date(1796187977_000).toISOString(),
      groups: 2,
      leakedLogins: 3,
      recentLogins: 2,
      otherKeyLogins: 1,
      unknownKeyLogins: 0,
      open: 1,
      keyFiles: 1,
      malformed: 0,
    });
    expect(audit.sources).toEqual([
      {
        name: 'journal',
        state: 'absent',
        oldest: null,
        records: 0,
        files: 0,
        untrusted: 0,
        unreadable: 0,
      },
      {
        name: 'auth.log',
        state: 'found',
        oldest: new Date(1796191574_000).toISOString(),
        records: 3,
        files: 2,
        untrusted: 1,
        unreadable: 0,
      },
    ]);
    expect(audit.logins).toEqual([
      {
        user: 'deploy',
        address: '127.0.0.2',
        before: 0,
        since: 2,
        first: new Date(1796191575_000).toISOString(),
        last: new Date(1796191576_000).toISOString(),
        newAddress: true,
      },
      {
        user: 'ec2-user',
        address: '2001:db8::7',
        before: 1,
        since: 0,
        first: new Date(1796100000_000).toISOString(),
        last: new Date(1796100000_000).toISOString(),
        newAddress: false,
      },
    ]);
    expect(audit.openSessions).toEqual([
      {
        pid: 18308,
        user: 'deploy',
        address: '127.0.0.2',
        loginAt: new Date(1796191576_000).toISOString(),
      },
    ]);
  });

  it('drops and counts lines that do not have their shape', () => {
    const hostile = [
      'EC2KR-LOGIN root\u001b[2J 1.2.3.4 0 1 1 1 1',
      'EC2KR-LOGIN root $(reboot) 0 1 1 1 1',
      'EC2KR-LOGIN root 1.2.3.4 0 1 1 1 1 extra',
      'EC2KR-LOGIN root 1.2.3.4 -1 1 1 1 1',
      'EC2KR-LOGIN root 1.2.3.4 0 1 1 1 2',
      `EC2KR-LOGIN ${'a'.repeat(40)} 1.2.3.4 0 1 1 1 0`,
      'EC2KR-OPEN 12x deploy 1.2.3.4 1',
      'EC2KR-OPEN 1 deploy 1.2.3.4',
      'EC2KR-SRC syslog found 1 1 1 0 0',
      'EC2KR-SRC auth.log trusted 1 1 1 0 0',
      'EC2KR-SRC journal found 1 1 1 0 0',
      'EC2KR-SRC journal found 1 1 1 0 0',
    ];
    const audit = parseAuditOutput(`${hostile.join('\n')}\n${RESULT}\n`, 0);
    expect(audit.logins).toEqual([]);
    expect(audit.openSessions).toEqual([]);
    expect(audit.sources.map((source) => source.name)).toEqual(['journal']);
    expect(audit.malformed).toBe(hostile.length - 1);
  });

  it('a missing, cut or malformed result line is a failure, never an empty audit', () => {
    const cut = `${OUTPUT.slice(0, 200)}\n---Output truncated---`;
    expect(parseAuditOutput(cut, 0)).toMatchObject({ status: 'failed', logins: [] });
    expect(parseAuditOutput(cut, 0).error).toMatch(
      /^output truncated, the audit printed no result/,
    );
    expect(parseAuditOutput('', 1).error).toBe('the audit printed no result line (exit 1)');
    for (const line of [
      RESULT.replace('v=1', 'v=2'),
      RESULT.replace('recent=2', 'recent=x'),
      RESULT.replace('now=1796191577', 'now=soon'),
      RESULT.replace(' open=1', ''),
    ])
      expect(parseAuditOutput(`${line}\n`, 0).status, line).toBe('failed');
    // The audit ran but the script exited non-zero.
    expect(parseAuditOutput(OUTPUT, 2)).toMatchObject({
      status: 'failed',
      error: 'the audit exited 2',
    });
  });

  it('reads the failures the host reports, its own and the rotation script’s', () => {
    expect(
      parseAuditOutput('EC2KR-AUDIT v=1 status=failed now=1 since=- error=missing-ssh-keygen\n', 2)
        .error,
    ).toMatch(/ssh-keygen is missing/);
    expect(
      parseAuditOutput(
        'EC2KR-RESULT v=2 phase=audit status=failed files=0 old=0 new=0 added=0 removed=0 kept=0 ignored=0 error=sshd-T-failed\n',
        2,
      ).error,
    ).toMatch(/sshd -T/);
    // An older document that does not know the phase.
    expect(
      parseAuditOutput(
        'EC2KR-RESULT v=2 phase=unknown status=failed files=0 old=0 new=0 added=0 removed=0 kept=0 ignored=0 error=bad-phase\n',
        2,
      ).error,
    ).toMatch(/does not know the audit phase/);
    // stderr after Run Command's marker is not read as result lines.
    expect(parseAuditOutput(`----------ERROR-------\n${RESULT}\n`, 0).status).toBe('failed');
  });
});

describe('leak time and session commands', () => {
  const finding = (dates: (string | null)[]): Finding =>
    ({
      locations: dates.map((authorDate) => ({
        path: 'k',
        line: 1,
        commit: null,
        introducedBy: null,
        author: null,
        authorDate,
      })),
    }) as unknown as Finding;

  it('the earliest commit date of a finding, never later than now', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    expect(
      findingSince(finding(['2026-03-05T10:00:00+09:00', '2026-04-01T00:00:00Z', null]), now),
    ).toEqual(new Date('2026-03-05T01:00:00Z'));
    expect(findingSince(finding(['2999-01-01T00:00:00Z']), now)).toEqual(now);
    expect(findingSince(finding([null]), now)).toBeNull();
  });

  it('ends a session by PID through Run Command', () => {
    expect(endSessionCommand('us-east-1', 'i-0123456789abcdef0', 4242)).toBe(
      `aws ssm send-command --region us-east-1 --instance-ids i-0123456789abcdef0 --document-name AWS-RunShellScript --parameters 'commands=["kill 4242"]'`,
    );
  });
});

describe('verdictOf', () => {
  const since = new Date(1796187977_000);
  const src = (name: string, state: string, oldest: number | null, unreadable = 0): string =>
    `EC2KR-SRC ${name} ${state} ${oldest ?? '-'} 0 1 0 ${unreadable}`;
  const audit = (recent: number, sources: string[]) =>
    parseAuditOutput(
      `${sources.join('\n')}\n${RESULT.replace('recent=2', `recent=${recent}`)}\n`,
      0,
    );
  const before = 1796100000;
  const after = 1796190000;

  it('yes when the key logged in since the leak, whatever the logs reach', () => {
    expect(verdictOf(since, audit(1, [])).verdict).toBe('yes');
  });

  it('no only when a trusted sshd log reaches back to the leak and was read to its end', () => {
    expect(verdictOf(since, audit(0, [src('auth.log', 'found', before)])).verdict).toBe('no');
    expect(verdictOf(since, audit(0, [src('journal', 'found', before)])).verdict).toBe('no');
  });

  it('cannot tell otherwise, with why', () => {
    const cases: [Date | null, string[], RegExp][] = [
      [null, [src('auth.log', 'found', before)], /no leak time/],
      [since, [], /no trusted sshd log/],
      [
        since,
        [src('auth.log', 'untrusted', null), src('wtmp', 'found', before)],
        /no trusted sshd log/,
      ],
      [since, [src('auth.log', 'found', after)], /reach back to .* only, after the leak/],
      [since, [src('secure', 'found', before, 1)], /secure could not be read to the end/],
    ];
    for (const [when, sources, why] of cases) {
      const result = verdictOf(when, audit(0, sources));
      expect(result.verdict, sources.join(' | ')).toBe('cannot-tell');
      expect(result.why).toMatch(why);
    }
  });
});
