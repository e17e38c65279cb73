/**
 * Keyless mode (seed 002's conclusion: hand out no long-lived keys). For a
 * leaked or named key pair: the old key is removed from every file sshd
 * reads on each instance that is SSM-online (the host script's `keyless`
 * phase, fail closed as revoke is), no new key is installed, and the EC2 key
 * pair is deleted instead of replaced. People log in through Session Manager
 * (`aws ssm start-session`), or EC2 Instance Connect where the instance has
 * it. An instance SSM cannot reach is never made keyless (it would become
 * unreachable): it keeps its key and is reported with the ways back.
 *
 * A scheduled run in keyless mode also reports every instance that still
 * has a key: launched with a key pair that EC2 still holds, or an
 * authorized_keys with keys for one of the AMIs' default users (the
 * `inventory` phase, read-only).
 */
import { DeleteKeyPairCommand, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import type { RegionClients } from './clients.js';
import { awsErrorName } from './errors.js';
import { hostCommand } from './host/document.js';
import type { HostResult } from './host/host-result.js';
import { findTargets, READINESS_TEXT, type TargetInstance } from './instances.js';
import { listKeyPairs, ROTATED_EARLIER, type KeyEvidence, type KeyPairMatch } from './key-pairs.js';
import { settlePair, writeLeakRecord } from './leaks.js';
import { parameterNames } from './parameter-names.js';
import {
  between,
  keyBlobs,
  noteHosts,
  OPEN_LEAK,
  plannedReports,
  RotationError,
  runPhase,
  skipped,
  takeLock,
  type HostReport,
  type LeakContext,
  type RotationOptions,
  type RotationReport,
} from './rotate.js';

/**
 * The login users of the common Linux AMIs (the EC2 user guide's list:
 * Amazon Linux, RHEL, SUSE, Oracle, FreeBSD and AlmaLinux ec2-user; Ubuntu
 * ubuntu; Debian admin; CentOS centos; Fedora fedora; Rocky rocky; Bitnami
 * bitnami), Debian's cloud images' debian, and root (cloud-init puts the
 * launch key there behind a "Please login as" command).
 */
export const DEFAULT_USERS = [
  'ec2-user',
  'ubuntu',
  'admin',
  'debian',
  'centos',
  'fedora',
  'rocky',
  'almalinux',
  'bitnami',
  'root',
] as const;

/** How people log in to an instance without a key pair. */
export function sessionCommand(instanceId: string, region: string): string {
  return `aws ssm start-session --target ${instanceId} --region ${region}`;
}

export function instanceConnectCommand(instanceId: string, region: string): string {
  return `aws ec2-instance-connect ssh --instance-id ${instanceId} --region ${region}`;
}

const INSTANCE_CONNECT = 'EC2 Instance Connect';

/** What the keyless phase says of one host. */
function keylessReport(target: TargetInstance, result: HostResult): HostReport {
  const base = {
    instanceId: target.instanceId,
    region: target.region,
    name: target.name,
    waysBack: [] as string[],
  };
  const notes = result.messages.length ? ` (${result.messages.join('; ')})` : '';
  if (result.status === 'incomplete') {
    return {
      ...base,
      outcome: 'incomplete',
      phase: 'keyless',
      reason: `${result.removed ? `old key removed from ${result.old - result.kept} file(s), ` : ''}but not everywhere: ${result.messages.join('; ') || 'some file could not be checked'}`,
    };
  }
  return {
    ...base,
    outcome: result.removed > 0 ? 'rotated' : 'no-old-key',
    phase: null,
    reason:
      result.removed > 0
        ? `keyless: old key removed from every file sshd reads, no new key (log in with Session Manager)${notes}`
        : `no file sshd reads held the old key; nothing added (log in with Session Manager)${notes}`,
  };
}

/** An instance SSM cannot reach keeps its key: keyless there would lock everyone out. */
function notMadeKeyless(target: TargetInstance): HostReport {
  const report = skipped(target);
  if (target.readiness === 'windows') return report;
  return {
    ...report,
    reason: `${READINESS_TEXT[target.readiness]}: not made keyless (Session Manager cannot reach it, so it would become unreachable); it keeps the old key`,
  };
}

/**
 * The keyless change for one key pair: the keyless phase on every SSM-online
 * instance, the pair deleted from EC2 when it still holds the old key. Used
 * for a leaked or named pair (`pair` given) and for an open leak that a
 * later run goes back to (`pair` null: the pair may be gone already).
 */
async function keylessPair(
  clients: RegionClients,
  keyName: string,
  pair: KeyPairMatch | null,
  oldKeyBlobs: string[],
  leakedFingerprint: string | null,
  matchedBy: string,
  options: RotationOptions,
  leak: LeakContext | null,
): Promise<RotationReport> {
  const names = parameterNames(options.parameterPath, keyName);
  const recorded = leak
    ? Object.entries(leak.record.instances)
        .filter(
          ([, instance]) => instance.region === clients.region && instance.keyName === keyName,
        )
        .map(([id]) => id)
    : [];
  const { targets, gone } = await findTargets(clients, keyName, options.targetTag, recorded);
  const report: RotationReport = {
    leakedFingerprint,
    keyName,
    region: clients.region,
    matchedBy,
    dryRun: options.dryRun,
    resumed: false,
    previousStep: null,
    newKey: null,
    hosts: plannedReports(targets).map((host) =>
      host.outcome === 'planned'
        ? { ...host, reason: 'SSM-managed and online: will be made keyless' }
        : notMadeKeyless(
            targets.find((target) => target.instanceId === host.instanceId) as TargetInstance,
          ),
    ),
    published: null,
    keyless: { deletedKeyPairId: null, access: [] },
  };
  if (options.dryRun) return report;
  if (!oldKeyBlobs.length)
    throw new RotationError(
      `cannot make ${keyName} keyless: neither the finding nor EC2 gives the old public key`,
    );

  const lock = await takeLock(clients, names, options);
  try {
    const reports = new Map<string, HostReport>();
    for (const target of targets.filter((candidate) => candidate.readiness !== 'ready'))
      reports.set(target.instanceId, notMadeKeyless(target));
    const ready = targets.filter((target) => target.readiness === 'ready');
    if (leak) {
      // Before any host changes: every instance the key opens, open until proven clean.
      noteHosts(leak.record, [...reports.values(), ...plannedReports(ready)], keyName, gone);
      await writeLeakRecord(clients.ssm, options.parameterPath, leak.record);
    }
    const byId = new Map(ready.map((target) => [target.instanceId, target]));
    if (ready.length) {
      await between(lock)();
      const script = hostCommand({
        phase: 'keyless',
        oldKeyBlobs,
        newKeyLine: null,
        extraUsers: [],
      });
      const { answered } = await runPhase(
        clients,
        'keyless',
        ready.map((target) => target.instanceId),
        byId,
        reports,
        script,
        options,
      );
      for (const [id, result] of answered) {
        const target = byId.get(id) as TargetInstance;
        reports.set(id, keylessReport(target, result));
        report.keyless?.access.push({
          instanceId: id,
          instanceConnect: result.messages.some((message) => message.includes(INSTANCE_CONNECT)),
        });
      }
    }
    report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    if (leak) {
      noteHosts(leak.record, report.hosts, keyName, gone);
      settlePair(leak.record, clients.region, keyName);
      await writeLeakRecord(clients.ssm, options.parameterPath, leak.record);
    }
    // New launches must not trust the old key: the pair goes, whatever the
    // hosts said (the leak record keeps the instances that still accept it).
    await lock.assertHeld();
    const [current] = await listKeyPairs(clients, [keyName]).catch((error: unknown) => {
      if (awsErrorName(error) === 'InvalidKeyPair.NotFound') return [];
      throw error;
    });
    const holdsOld = current?.publicKey
      ? oldKeyBlobs.includes(keyBlobs(current.publicKey)[0] ?? '')
      : Boolean(current && pair && current.keyPairId === pair.keyPairId);
    if (current && holdsOld) {
      await clients.ec2.send(new DeleteKeyPairCommand({ KeyPairId: current.keyPairId }));
      if (report.keyless) report.keyless.deletedKeyPairId = current.keyPairId;
      options.log(
        `deleted EC2 key pair ${keyName} (${current.keyPairId}): launch templates and Auto Scaling groups that name it must drop the key name to launch again`,
      );
    }
    return report;
  } finally {
    await lock.release();
  }
}

/** Keyless instead of rotateKeyPair: the old key removed from SSM-online instances, the pair deleted. */
export async function makeKeyless(
  clients: RegionClients,
  pair: KeyPairMatch,
  evidence: KeyEvidence,
  options: RotationOptions,
  leak: LeakContext | null = null,
): Promise<RotationReport> {
  const current = pair.matchedBy === ROTATED_EARLIER ? null : pair.publicKey;
  if (
    current &&
    evidence.fingerprint &&
    pair.fingerprint &&
    pair.fingerprint !== evidence.fingerprint
  )
    throw new RotationError(
      `the finding's key (${evidence.fingerprint}) is not the key EC2 holds for ${pair.keyName} (${pair.fingerprint}): refusing to remove it from hosts`,
    );
  return keylessPair(
    clients,
    pair.keyName,
    pair,
    keyBlobs(current ?? evidence.publicKey),
    evidence.fingerprint ?? pair.fingerprint,
    pair.matchedBy,
    options,
    leak,
  );
}

/** Keyless instead of convergeLeak: back to an open leak's instances, removing the leaked key. */
export async function keylessConverge(
  clients: RegionClients,
  keyName: string,
  leak: LeakContext,
  options: RotationOptions,
): Promise<RotationReport> {
  return keylessPair(
    clients,
    keyName,
    null,
    leak.record.blobs,
    leak.record.fingerprint,
    OPEN_LEAK,
    options,
    leak,
  );
}

/** An instance that still has a key, for a keyless fleet's report. */
export interface KeyedInstance {
  instanceId: string;
  region: string;
  name: string | null;
  /** The key pair it was launched with, when EC2 still holds that pair. */
  keyPair: string | null;
  /** Files sshd reads for a default user that hold keys (`path (user)`), as the host reported them. */
  keyFiles: string[];
  /** Why the files could not be checked (not SSM-online, the phase failed), if so. */
  unchecked: string | null;
}

async function liveInstanceIds(clients: RegionClients): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateDescribeInstances(
    { client: clients.ec2 },
    {
      Filters: [
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
      MaxResults: 1000,
    },
  )) {
    for (const reservation of page.Reservations ?? [])
      for (const instance of reservation.Instances ?? [])
        if (instance.InstanceId) ids.push(instance.InstanceId);
  }
  return ids;
}

/**
 * Every instance of the region that still has a key: launched with a key
 * pair EC2 still holds, or (SSM-online Linux instances, read-only) a file
 * sshd reads for a default user that holds any key.
 */
export async function keyedInstances(
  clients: RegionClients,
  options: RotationOptions,
): Promise<KeyedInstance[]> {
  const ids = await liveInstanceIds(clients);
  if (!ids.length) return [];
  const { targets } = await findTargets(clients, null, null, ids);
  const pairs = new Set((await listKeyPairs(clients)).map((pair) => pair.keyName));
  const entries = new Map<string, KeyedInstance>();
  for (const target of targets) {
    entries.set(target.instanceId, {
      instanceId: target.instanceId,
      region: clients.region,
      name: target.name,
      keyPair: target.keyName && pairs.has(target.keyName) ? target.keyName : null,
      keyFiles: [],
      unchecked:
        target.readiness === 'ready' || target.readiness === 'windows'
          ? null
          : READINESS_TEXT[target.readiness],
    });
  }
  const ready = targets.filter((target) => target.readiness === 'ready');
  if (ready.length) {
    const byId = new Map(ready.map((target) => [target.instanceId, target]));
    const failures = new Map<string, HostReport>();
    const { answered } = await runPhase(
      clients,
      'inventory',
      ready.map((target) => target.instanceId),
      byId,
      failures,
      hostCommand({
        phase: 'inventory',
        oldKeyBlobs: [],
        newKeyLine: null,
        extraUsers: [...DEFAULT_USERS],
      }),
      options,
    );
    for (const [id, failure] of failures) {
      const entry = entries.get(id);
      if (entry) entry.unchecked = failure.reason.replace(/: the old key is still in place$/, '');
    }
    for (const [id, result] of answered) {
      const entry = entries.get(id);
      if (!entry) continue;
      entry.keyFiles = result.messages.filter((message) => message.includes('holds SSH keys'));
      if (result.status === 'incomplete')
        entry.unchecked =
          result.messages.filter((message) => !message.includes('holds SSH keys')).join('; ') ||
          'some file could not be checked';
    }
  }
  return [...entries.values()]
    .filter((entry) => entry.keyPair || entry.keyFiles.length || entry.unchecked)
    .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}
