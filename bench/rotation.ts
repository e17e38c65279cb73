// Benchmark of the rotation (`npm run bench:rotation`, also run by `npm run bench`).
//
// Rotates one key pair across N simulated instances (default 1,000) through
// the local EC2/SSM emulator, with API latency injected on every call and a
// fixed execution time per Run Command invocation, and compares the wall
// time with a baseline measured in this same process: the protocol's
// minimum round trips (DescribeKeyPairs, DescribeInstances and the SSM
// inventory first; one round of the read-only probe, which chooses the key
// type, before the custody PutParameter; then the add, verify and revoke
// rounds; each round is one SendCommand per 50 instances, all in flight at
// once, each followed by the command time and one ListCommandInvocations;
// then one EC2 key pair call). Also run at N/4 to show that polling grows
// with batches, not instances.
//
// The rotation runs the project's SSM document (installed first, as an
// administrator would). Counted: SendCommand calls; status polls
// (ListCommands: a command's status and counts, no output) and output
// fetches (ListCommandInvocations with Details, once per finished command);
// and wall time over busy time (the time at least one instance was running
// a command), which is what the protocol adds around the hosts' own work.
//
// The instances are simulated: each invocation waits the command time and
// prints the host script's result line for its phase. The script itself is
// proven on real sshd hosts by the test suite.
//
// Options: --quick (N = 200), --instances N, --command-ms MS, --latency-ms MS, --strict
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  DeleteKeyPairCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  EC2Client,
  ImportKeyPairCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeInstanceInformationCommand,
  ListCommandInvocationsCommand,
  PutParameterCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import sshpk from 'sshpk';
import { runRotation, type EngineConfig } from '../src/aws/engine.js';
import { installDocument } from '../src/aws/host/document-install.js';
import { BATCH_SIZE, DEFAULT_RUN_OPTIONS } from '../src/aws/run-command.js';
import {
  applyEnv,
  emulatorEnv,
  startAwsEmulator,
  type AwsEmulator,
} from '../test/emulators/index.js';
import { simulatedFleet, type SimulatedFleet } from '../test/helpers/simulated-hosts.js';

const SEND_TARGET = 4; // SendCommand calls per batch of 50: probe, add, verify, revoke
const PHASES = ['probe', 'add', 'verify', 'revoke'];
const WALL_TARGET = 1.3;
const STATUS_POLL_TARGET = 8; // status-only polls per SendCommand

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    instances: { type: 'string' },
    'command-ms': { type: 'string', default: '2000' },
    'latency-ms': { type: 'string', default: '40' },
    strict: { type: 'boolean', default: false },
  },
});
const instances = Number(values.instances ?? (values.quick ? 200 : 1000));
const commandMs = Number(values['command-ms']);
const latencyMs = Number(values['latency-ms']);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function setUp(count: number): Promise<{ aws: AwsEmulator; hosts: SimulatedFleet }> {
  const hosts = simulatedFleet(commandMs);
  const aws = await startAwsEmulator({ executor: hosts.executor });
  const publicKey = sshpk
    .parsePrivateKey(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'pem',
    )
    .toPublic()
    .toString('ssh');
  const ec2 = new EC2Client(aws.clientConfig('ec2'));
  await ec2.send(
    new ImportKeyPairCommand({ KeyName: 'fleet', PublicKeyMaterial: Buffer.from(publicKey) }),
  );
  ec2.destroy();
  const ssm = new SSMClient(aws.clientConfig('ssm'));
  await installDocument(ssm);
  ssm.destroy();
  aws.state.addInstances(count, () => ({ keyName: 'fleet' }));
  aws.faults.latency(latencyMs);
  aws.log.clear();
  return { aws, hosts };
}

/** The protocol's floor: four rounds, every batch's SendCommand in flight at once, one poll after the command time. */
async function baseline(aws: AwsEmulator): Promise<number> {
  const ssm = new SSMClient({ ...aws.clientConfig('ssm'), maxAttempts: 1 });
  const ids = [...aws.state.region().instances.keys()];
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_SIZE) batches.push(ids.slice(i, i + BATCH_SIZE));
  const ec2 = new EC2Client({ ...aws.clientConfig('ec2'), maxAttempts: 1 });
  const started = performance.now();
  // What must come first: find the pair and its instances, ask SSM which are managed, store the key.
  await ec2.send(new DescribeKeyPairsCommand({ IncludePublicKey: true }));
  await ec2.send(
    new DescribeInstancesCommand({ Filters: [{ Name: 'key-name', Values: ['fleet'] }] }),
  );
  await Promise.all(
    batches.map((batch) =>
      ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [{ Key: 'InstanceIds', Values: batch }],
        }),
      ),
    ),
  );
  const round = (phase: string): Promise<unknown> =>
    Promise.all(
      batches.map(async (batch) => {
        const sent = await ssm.send(
          new SendCommandCommand({
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: batch,
            Parameters: { commands: [`EC2KR_PHASE=${phase}`] },
          }),
        );
        await sleep(commandMs);
        for (;;) {
          const page = await ssm.send(
            new ListCommandInvocationsCommand({
              CommandId: sent.Command?.CommandId,
              Details: true,
            }),
          );
          const list = page.CommandInvocations ?? [];
          if (list.length === batch.length && list.every((entry) => entry.Status === 'Success'))
            break;
          await sleep(10);
        }
      }),
    );
  // The probe (read-only) decides the key type, so it comes before custody.
  await round('probe');
  await ssm.send(
    new PutParameterCommand({ Name: '/baseline/private-key', Type: 'SecureString', Value: 'x' }),
  );
  for (const phase of PHASES.slice(1)) await round(phase);
  // What must come last: the new public key into EC2.
  await ec2.send(new DeleteKeyPairCommand({ KeyName: 'unused-baseline-pair' }));
  const elapsed = performance.now() - started;
  ssm.destroy();
  ec2.destroy();
  return elapsed;
}

interface Measured {
  instances: number;
  wallMs: number;
  hostsMs: number;
  /** Time at least one instance was running a command. */
  busyMs: number;
  sends: number;
  /** Status-only polls (ListCommands), in all and the most for one command. */
  statusPolls: number;
  maxStatusPolls: number;
  /** Output fetches (ListCommandInvocations pages), in all and the most for one command. */
  fetches: number;
  maxFetches: number;
  otherCalls: number;
  rotated: number;
}

/** The most calls of `operation` made for one command. */
function mostPerCommand(aws: AwsEmulator, operation: string): number {
  const counts = new Map<string, number>();
  for (const entry of aws.log.calls(operation)) {
    const id = String(entry.params.CommandId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}

async function measure(count: number): Promise<{ ours: Measured; baselineMs: number }> {
  const { aws, hosts: fleet } = await setUp(count);
  const restore = applyEnv(emulatorEnv(aws, { oidc: false }));
  try {
    const baselineMs = await baseline(aws);
    aws.log.clear();
    fleet.reset();
    let hostsStarted = 0;
    let hostsDone = 0;
    const config: EngineConfig = {
      regions: [aws.region],
      credentials: { kind: 'default' },
      targetTag: null,
      parameterPath: '/ec2-key-rotate',
      kmsKeyId: null,
      newKeyType: 'ed25519',
      extraUsers: [],
      newKeyPairName: null,
      dryRun: false,
      run: DEFAULT_RUN_OPTIONS,
      runId: `bench-${count}`,
      lockTtlMs: 600_000,
      log: () => undefined,
      onStep: (step) => {
        if (step === 'custody') hostsStarted = performance.now();
        if (step === 'hosts') hostsDone = performance.now();
      },
    };
    const started = performance.now();
    const result = await runRotation({ kind: 'key-pairs', names: ['fleet'] }, config);
    const wallMs = performance.now() - started;
    if (result.errors.length) throw new Error(`rotation failed: ${JSON.stringify(result.errors)}`);
    const hosts = result.rotations[0]?.hosts ?? [];
    const rotated = hosts.filter((host) => host.outcome === 'rotated').length;
    if (rotated !== count) throw new Error(`only ${rotated} of ${count} instances rotated`);
    const sends = aws.log.count('SendCommand');
    const statusPolls = aws.log.count('ListCommands');
    const fetches = aws.log.count('ListCommandInvocations');
    return {
      baselineMs,
      ours: {
        instances: count,
        wallMs,
        hostsMs: hostsDone - hostsStarted,
        busyMs: fleet.busyMs(),
        sends,
        statusPolls,
        maxStatusPolls: mostPerCommand(aws, 'ListCommands'),
        fetches,
        maxFetches: mostPerCommand(aws, 'ListCommandInvocations'),
        otherCalls: aws.log.count() - sends - statusPolls - fetches,
        rotated,
      },
    };
  } finally {
    restore();
    await aws.stop();
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

console.log(
  `ec2-key-rotate rotation benchmark: ${instances} simulated instances, ${commandMs} ms per command, ` +
    `${latencyMs} ms added to every API call; Node ${process.version}`,
);
const small = await measure(Math.max(BATCH_SIZE, Math.round(instances / 4)));
const full = await measure(instances);

const rows = [small, full].map(({ ours, baselineMs }) => {
  const batches = Math.ceil(ours.instances / BATCH_SIZE);
  return [
    String(ours.instances),
    String(batches),
    `${ours.sends} (max ${SEND_TARGET * batches})`,
    `${ours.statusPolls} (${(ours.statusPolls / ours.sends).toFixed(1)}/cmd, max ${ours.maxStatusPolls})`,
    `${ours.fetches} (${(ours.fetches / ours.sends).toFixed(1)}/cmd)`,
    String(ours.otherCalls),
    seconds(baselineMs),
    seconds(ours.hostsMs),
    seconds(ours.wallMs),
    `${(ours.wallMs / baselineMs).toFixed(2)}x`,
    `${(ours.wallMs / ours.busyMs).toFixed(2)}x`,
  ];
});
const header = [
  'instances',
  'batches',
  'SendCommand',
  'status polls',
  'output fetches',
  'other calls',
  'minimum (baseline)',
  'host phases',
  'ours (whole run)',
  'ours / minimum',
  'wall / busy',
];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
);
const line = (cells: string[]): string =>
  cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
for (const row of rows) console.log(line(row));

const batches = Math.ceil(full.ours.instances / BATCH_SIZE);
const smallBatches = Math.ceil(small.ours.instances / BATCH_SIZE);
const perBatch = (measured: Measured, n: number): number =>
  (measured.statusPolls + measured.fetches) / n;
const checks: [string, string, boolean][] = [
  [
    `SendCommand calls <= ${SEND_TARGET} x ceil(N/50)`,
    `${full.ours.sends} <= ${SEND_TARGET * batches}`,
    full.ours.sends <= SEND_TARGET * batches,
  ],
  [
    `status polls per SendCommand <= ${STATUS_POLL_TARGET}`,
    `at most ${full.ours.maxStatusPolls}`,
    full.ours.maxStatusPolls <= STATUS_POLL_TARGET,
  ],
  [
    'output fetched once per finished command',
    `${full.ours.fetches} fetches, ${full.ours.sends} commands`,
    full.ours.maxFetches === 1 && full.ours.fetches === full.ours.sends,
  ],
  [
    `wall / minimum <= ${WALL_TARGET}x`,
    `${(full.ours.wallMs / full.baselineMs).toFixed(2)}x`,
    full.ours.wallMs / full.baselineMs <= WALL_TARGET,
  ],
  [
    'polls grow with batches, not instances',
    `${perBatch(full.ours, batches).toFixed(1)} vs ${perBatch(small.ours, smallBatches).toFixed(1)} per batch at N/4`,
    perBatch(full.ours, batches) <= 1.5 * perBatch(small.ours, smallBatches) &&
      full.ours.statusPolls + full.ours.fetches < full.ours.instances,
  ],
];
console.log('\nTargets');
for (const [what, value, met] of checks)
  console.log(`  ${what.padEnd(44)} ${value.padEnd(36)} ${met ? 'met' : 'MISSED'}`);
console.log(
  `\nwall / busy: the whole run over the ${seconds(full.ours.busyMs)} during which some instance ran a command ` +
    `(${PHASES.length} rounds of ${commandMs} ms at least).`,
);
if (values.strict && checks.some(([, , met]) => !met)) process.exitCode = 1;
