/**
 * The audit's log reader (the logs.awk program inside src/aws/host/audit.sh),
 * run by the awks hosts have (mawk on Debian/Ubuntu, gawk on Amazon Linux
 * and RHEL, busybox where present) on the formats the real sources write:
 * journalctl's short-unix, rsyslog's RFC 3339 and traditional formats. The
 * sshd hosts of audit-host.test.ts cover the traditional format end to end;
 * the journal has no daemon on these machines, so its format is checked here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const AUDIT_SH = new URL('../../src/aws/host/audit.sh', import.meta.url);
const FP = 'SHA256:5TkOzBZ6DoedIngwLSlBU7AxJ2LI1BjTM7Sf76Y+M5Y';

/** The awk program as audit.sh writes it (the text of its quoted here-document). */
function logsAwk(): string {
  const sh = readFileSync(AUDIT_SH, 'utf8');
  const start = sh.indexOf(`cat >"$A/logs.awk" <<'AWK'\n`);
  expect(start).toBeGreaterThan(0);
  const body = sh.slice(sh.indexOf('\n', start) + 1);
  return body.slice(0, body.indexOf('\nAWK\n') + 1);
}

const AWKS = [['mawk'], ['gawk'], ['busybox', 'awk']].filter(
  ([tool]) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
);

describe.each(AWKS)('logs.awk under %s', (...awk) => {
  const dir = mkdtempSync(join(tmpdir(), 'ec2kr-logs-'));
  const program = join(dir, 'logs.awk');
  writeFileSync(program, logsAwk());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function read(text: string, vars: Record<string, string>): string[][] {
    const input = join(dir, 'in.txt');
    writeFileSync(input, text);
    const args = Object.entries(vars).flatMap(([name, value]) => ['-v', `${name}=${value}`]);
    const [command = 'awk', ...rest] = awk;
    const out = execFileSync(command, [...rest, ...args, '-f', program, input], {
      encoding: 'utf8',
    });
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'));
  }

  it('journalctl -o short-unix: Unix time, sshd PID, user, address, port, fingerprint', () => {
    const rows = read(
      [
        `1796191575.123456 ip-10-0-0-1 sshd[17617]: Accepted publickey for deploy from 203.0.113.7 port 50401 ssh2: ED25519 ${FP}`,
        `1796191576.000001 ip-10-0-0-1 sshd-session[17700]: Accepted publickey for ec2-user from 2001:db8::7 port 4022 ssh2: RSA SHA256:abc+/def`,
        '1796191577.5 ip-10-0-0-1 sshd[17701]: Connection closed by 198.51.100.1 port 22',
      ].join('\n'),
      { FMT: 'j' },
    );
    expect(rows).toEqual([
      ['1796191575', '1', '17617', 'deploy', '203.0.113.7', '50401', FP],
      ['1796191576', '1', '17700', 'ec2-user', '2001:db8::7', '4022', 'SHA256:abc+/def'],
    ]);
  });

  it('RFC 3339 lines: the zone offset applied; the MD5 form of older sshd', () => {
    const rows = read(
      [
        `2026-03-05T10:00:01.123456+09:00 web sshd[42]: Accepted publickey for root from 10.0.0.9 port 22 ssh2: RSA 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0`,
        `2026-03-05T01:00:02Z web sshd[43]: Accepted publickey for root from 10.0.0.9 port 23 ssh2: ED25519 ${FP}`,
      ].join('\n'),
      { REF: '0', REFY: '2026', TZOFF: '0' },
    );
    const at = Date.parse('2026-03-05T01:00:01Z') / 1000;
    expect(rows).toEqual([
      [
        String(at),
        '1',
        '42',
        'root',
        '10.0.0.9',
        '22',
        '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0',
      ],
      [String(at + 1), '1', '43', 'root', '10.0.0.9', '23', FP],
    ]);
  });

  it('traditional lines: local time by the host offset, the year from the file time (December in a January file is last year)', () => {
    const ref = Date.parse('2027-01-02T00:00:00Z') / 1000;
    const rows = read(
      [
        `Dec 31 23:59:59 web sshd[7]: Accepted publickey for ops from 10.0.0.1 port 1 ssh2: ED25519 ${FP}`,
        `Jan  1 09:00:00 web sshd[8]: Accepted publickey for ops from 10.0.0.1 port 2 ssh2: ED25519 ${FP}`,
      ].join('\n'),
      { REF: String(ref), REFY: '2027', TZOFF: String(9 * 3600) },
    );
    expect(rows.map((row) => row[0])).toEqual([
      String(Date.parse('2026-12-31T14:59:59Z') / 1000),
      String(Date.parse('2027-01-01T00:00:00Z') / 1000),
    ]);
    expect(rows.map((row) => row[1])).toEqual(['0', '0']);
  });

  it('only the whole sshd line shape counts; hostile fields become ?; the oldest time of any line is kept', () => {
    const oldest = join(dir, 'oldest');
    const rows = read(
      [
        `Mar  1 00:00:00 web kernel: something older`,
        `Mar  5 10:00:00 web sshd[1]: Invalid user x from 1.1.1.1 port 1 ssh2: Accepted publickey for root from 9.9.9.9 port 1 ssh2: ED25519 ${FP}`,
        `Mar  5 10:00:00 web sudo[2]: Accepted publickey for root from 9.9.9.8 port 1 ssh2: ED25519 ${FP}`,
        `Mar  5 10:00:00 web sshd[3]: Accepted password for root from 9.9.9.7 port 1 ssh2`,
        `Mar  5 10:00:00 web sshd[4]: Accepted publickey for r\u001bo from 9.9.9.6 port 1 ssh2: ED25519 ${FP}`,
        `Mar  5 10:00:00 web sshd[5]: Accepted publickey for root from $(x) port 1x ssh2: ED25519 ${FP}`,
        `Mar  5 10:00:00 web sshd[6]: Accepted publickey for root from 9.9.9.5 port 1 ssh2: ED25519 not-a-fingerprint`,
        `not a log line at all`,
      ].join('\n'),
      {
        REF: String(Date.parse('2026-03-06T00:00:00Z') / 1000),
        REFY: '2026',
        TZOFF: '0',
        OLDEST: oldest,
      },
    );
    expect(rows.map((row) => row.slice(2))).toEqual([
      ['4', '?', '9.9.9.6', '1', FP],
      ['5', 'root', '?', '?', FP],
      ['6', 'root', '9.9.9.5', '1', '?'],
    ]);
    expect(readFileSync(oldest, 'utf8').trim()).toBe(
      String(Date.parse('2026-03-01T00:00:00Z') / 1000),
    );
  });
});
