// Benchmark of the audit phase on one host with big sshd logs
// (`node --import tsx bench/audit-host.ts`; needs root, like the host tests).
//
// A simulated host (test/helpers/hosts.ts: real sshd, its own /var/log)
// whose /var/log/auth.log holds N lines (default 1,000,000) and whose
// auth.log.1.gz holds N more, compressed: sshd's accepted-publickey lines
// from many addresses and keys (one line in 20; one in 1,000 the leaked
// key), and the noise a busy host logs (connections, disconnects, failed users). The
// audit is timed and compared with a baseline measured in the same process:
// one awk pass over both files (decompressing the second), the least any
// reader of those logs must do (the audit's fixed part, measured with empty
// logs, is taken off first). It also runs at N/10 to show the cost grows
// with the size of the logs and no faster.
//
// Options: --quick (N = 100,000), --lines N, --strict
import { utimesSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { parseAuditOutput } from '../src/aws/audit-result.js';
import { buildHostScript } from '../src/aws/host/host-script.js';
import { createKeyring } from '../test/helpers/host-keys.js';
import { hostSupportReason, startHost, type Host } from '../test/helpers/hosts.js';

/** The audit may take at most this multiple of the baseline. */
const RATIO_TARGET = 3;
/** Ten times the logs may cost at most this multiple (10 would be linear). */
const SCALING_TARGET = 15;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    lines: { type: 'string' },
    strict: { type: 'boolean', default: false },
  },
});
const lines = Number(values.lines ?? (values.quick ? 100_000 : 1_000_000));

const unsupported = hostSupportReason();
if (unsupported) {
  console.log(`audit benchmark skipped: ${unsupported}`);
  process.exit(0);
}

const keys = createKeyring();
const leaked = await keys.make('leaked');
const fingerprint = `SHA256:${'A'.repeat(43)}`;
console.log(
  `ec2-key-rotate audit benchmark: ${lines.toLocaleString('en')} lines in auth.log and as many in auth.log.1.gz; Node ${process.version}`,
);

/** `count` syslog lines, a fixed mix, ending at `end`. */
function logText(count: number, end: number, leakedFingerprint: string): string {
  const parts: string[] = [];
  const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
  for (let i = 0; i < count; i++) {
    const at = new Date(end - (count - i) * 1000);
    const stamp = `${months[at.getMonth()]} ${String(at.getDate()).padStart(2, ' ')} ${at.toTimeString().slice(0, 8)}`;
    const pid = 1000 + (i % 60000);
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    let message: string;
    // One line in 20 an accepted login (a busy host: deploy bots, many users).
    switch (i % 20 === 0 ? 0 : 1 + (i % 4)) {
      case 0:
        message = `Accepted publickey for deploy from ${address} port ${1024 + (i % 60000)} ssh2: ED25519 ${i % 1000 === 0 ? leakedFingerprint : fingerprint}`;
        break;
      case 1:
        message = `Connection from ${address} port ${1024 + (i % 60000)} on 10.0.0.1 port 22 rdomain ""`;
        break;
      case 2:
        message = `Invalid user admin${i % 100} from ${address} port ${1024 + (i % 60000)}`;
        break;
      case 3:
        message = `Disconnected from user deploy ${address} port ${1024 + (i % 60000)}`;
        break;
      default:
        message = `Received disconnect from ${address} port ${1024 + (i % 60000)}:11: disconnected by user`;
    }
    parts.push(`${stamp} ip-10-0-0-1 sshd[${pid}]: ${message}\n`);
  }
  return parts.join('');
}

async function run(host: Host, count: number): Promise<{ auditMs: number; baselineMs: number }> {
  const { stdout: fp } = await host.exec(
    `printf 'ssh-ed25519 %s\\n' '${leaked.blob}' >/tmp/k.pub && ssh-keygen -l -E sha256 -f /tmp/k.pub | cut -d' ' -f2`,
  );
  const now = Date.now();
  const current = logText(count, now, fp.trim());
  const older = gzipSync(logText(count, now - count * 1000, fp.trim()));
  await host.writeFile('/var/log/auth.log', current, { mode: 0o640 });
  await host.writeFile('/var/log/auth.log.1.gz', older, { mode: 0o640 });
  utimesSync(
    host.hostPath('/var/log/auth.log.1.gz'),
    new Date(now - count * 1000),
    new Date(now - count * 1000),
  );

  const script = buildHostScript({
    phase: 'audit',
    oldKeyBlobs: [leaked.blob],
    newKeyLine: null,
    extraUsers: [],
    since: Math.floor((now - count * 500) / 1000),
  });
  const baselineStarted = performance.now();
  await host.exec(
    `awk 'END { print NR }' /var/log/auth.log >/dev/null; gzip -dc /var/log/auth.log.1.gz | awk 'END { print NR }' >/dev/null`,
  );
  const baselineMs = performance.now() - baselineStarted;
  const started = performance.now();
  const { stdout, exitCode } = await host.exec(script);
  const auditMs = performance.now() - started;
  const audit = parseAuditOutput(stdout, exitCode);
  const expected = Math.ceil(count / 1000) * 2;
  if (audit.status !== 'ok' || audit.leakedLogins !== expected)
    throw new Error(
      `the audit read ${audit.leakedLogins} leaked-key logins, expected ${expected}: ${stdout}`,
    );
  if (stdout.length >= 2500) throw new Error(`output of ${stdout.length} characters`);
  return { auditMs, baselineMs };
}

const host = await startHost({
  name: 'bench-audit',
  users: [{ name: 'deploy', authorizedKeys: `${leaked.publicKeyLine}\n` }],
  logs: {},
});
try {
  // What the audit costs before it reads a line (accounts, sshd -T, key files).
  const empty = await run(host, 0);
  const small = await run(host, Math.round(lines / 10));
  const big = await run(host, lines);
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const ratio = (big.auditMs - empty.auditMs) / big.baselineMs;
  const scaling = big.auditMs / small.auditMs;
  console.log(`\nbaseline (one awk pass over both files): ${seconds(big.baselineMs)}`);
  console.log(`audit with empty logs (its fixed part): ${seconds(empty.auditMs)}`);
  console.log(
    `audit: ${seconds(big.auditMs)}; reading the logs took ${ratio.toFixed(2)}x the baseline (target <= ${RATIO_TARGET}x)`,
  );
  console.log(
    `audit at a tenth of the lines: ${seconds(small.auditMs)}; ten times the logs cost ${scaling.toFixed(1)}x (target <= ${SCALING_TARGET}x)`,
  );
  const missed = ratio > RATIO_TARGET || scaling > SCALING_TARGET;
  console.log(`\nTargets: ${missed ? 'MISSED' : 'met'}`);
  if (values.strict && missed) process.exitCode = 1;
} finally {
  await host.stop();
  keys.cleanup();
}
