// Benchmark of the host script on one big host (`npm run bench:host`, also
// run by `npm run bench`; needs root, like the host tests).
//
// A simulated host (test/helpers/hosts.ts: real sshd, own /etc/passwd and
// /home) with N accounts (default 10,000), each with a ~/.ssh/authorized_keys
// holding an unrelated key, a few holding the leaked key, a Match Group block
// that gives one group its own AuthorizedKeysFile, and a Match LocalAddress
// block. Each phase (probe, add, verify, revoke) is timed and compared with a
// baseline measured in the same process: reading every account's
// authorized_keys as that account (one `setpriv … cat` each), the least any
// script must do that reads the files as sshd does. The old script asked
// `sshd -T` once per account when a Match block existed (about 20 ms each).
//
// Options: --quick (N = 1,000), --users N, --holders N, --strict
import { parseArgs } from 'node:util';
import { parseHostResult } from '../src/aws/host/host-result.js';
import { buildHostScript, type HostPhase } from '../src/aws/host/host-script.js';
import { createKeyring } from '../test/helpers/host-keys.js';
import { hostSupportReason, startHost } from '../test/helpers/hosts.js';

/** Each phase may take at most this multiple of the baseline. */
const RATIO_TARGET = 2;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    users: { type: 'string' },
    holders: { type: 'string', default: '20' },
    strict: { type: 'boolean', default: false },
  },
});
const users = Number(values.users ?? (values.quick ? 1000 : 10_000));
const holders = Math.min(users, Number(values.holders));

const unsupported = hostSupportReason();
if (unsupported) {
  console.log(`host phase benchmark skipped: ${unsupported}`);
  process.exit(0);
}

const keys = createKeyring();
const [leaked, fresh, other] = await Promise.all([
  keys.make('leaked'),
  keys.make('new'),
  keys.make('other'),
]);
console.log(
  `ec2-key-rotate host phase benchmark: ${users} accounts (${holders} holding the leaked key), ` +
    `two Match blocks; Node ${process.version}`,
);
const setupStarted = performance.now();
const host = await startHost({
  name: 'bench-10k',
  groups: [{ name: 'ops', gid: 5000, members: ['u00001', 'u00002'] }],
  users: Array.from({ length: users }, (_, i) => ({
    name: `u${String(i + 1).padStart(5, '0')}`,
    uid: 10_000 + i,
    authorizedKeys: `${i % Math.ceil(users / holders) === 0 ? leaked.publicKeyLine : other.publicKeyLine}\n`,
  })),
  sshdConfigTail: [
    'Match Group ops',
    '  AuthorizedKeysFile .ssh/authorized_keys .ssh/ops_keys',
    'Match LocalAddress 10.9.9.9',
    '  PubkeyAcceptedAlgorithms rsa-sha2-512,ssh-ed25519',
    '',
  ].join('\n'),
});
console.log(`host built in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

try {
  // Baseline: every account's file read as that account, one process each.
  const baselineStarted = performance.now();
  await host.exec(
    `awk -F: '$3 >= 10000 { print $3 " " $4 " " $6 }' /etc/passwd | while read -r uid gid home; do setpriv --reuid="$uid" --regid="$gid" --init-groups cat "$home/.ssh/authorized_keys" >/dev/null; done`,
  );
  const baselineMs = performance.now() - baselineStarted;

  const rows: [string, number, string][] = [];
  for (const phase of ['probe', 'add', 'verify', 'revoke'] as HostPhase[]) {
    const script = buildHostScript({
      phase,
      oldKeyBlobs: [leaked.blob],
      newKeyLine: phase === 'probe' ? null : fresh.publicKeyLine,
      extraUsers: [],
    });
    const started = performance.now();
    const { stdout, exitCode } = await host.exec(script);
    const ms = performance.now() - started;
    const result = parseHostResult(stdout, exitCode);
    if (result.status !== 'ok') throw new Error(`${phase}: ${JSON.stringify(result)}`);
    rows.push([phase, ms, `old=${result.old} added=${result.added} removed=${result.removed}`]);
  }
  const check = await host.sshLogin('u00001', fresh.privateKeyPath);
  if (!check) throw new Error('the new key does not log in after the rotation');
  // The old way: one sshd -T per account (measured on 200, scaled).
  const sample = Math.min(200, users);
  const oldStarted = performance.now();
  await host.exec(
    `i=0; for u in $(awk -F: '$3 >= 10000 { print $1 }' /etc/passwd | head -n ${sample}); do /usr/sbin/sshd -T -C "user=$u,host=x,addr=192.0.2.1" >/dev/null; done`,
  );
  const perAccountMs = ((performance.now() - oldStarted) / sample) * users;

  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\nbaseline (read every file as its user): ${seconds(baselineMs)}`);
  console.log(`sshd -T once per account (the old script), estimated: ${seconds(perAccountMs)}\n`);
  console.log(`${'phase'.padEnd(8)} ${'time'.padStart(9)} ${'/ baseline'.padStart(11)}  result`);
  let missed = false;
  for (const [phase, ms, detail] of rows) {
    const ratio = ms / baselineMs;
    if (ratio > RATIO_TARGET) missed = true;
    console.log(
      `${phase.padEnd(8)} ${seconds(ms).padStart(9)} ${`${ratio.toFixed(2)}x`.padStart(11)}  ${detail}`,
    );
  }
  console.log(
    `\nTarget: every phase <= ${RATIO_TARGET}x the baseline: ${missed ? 'MISSED' : 'met'}`,
  );
  if (values.strict && missed) process.exitCode = 1;
} finally {
  await host.stop();
  keys.cleanup();
}
