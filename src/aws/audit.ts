/**
 * "Was the leaked key used?": the read-only audit phase of the host script
 * (src/aws/host/audit.sh) run through Run Command on every instance the
 * leaked key opens: those launched with its key pairs (pairs rotated away
 * from it included, through their previous-fingerprint tag), those carrying
 * the target tag, and every instance its leak record lists. Each instance
 * gets a verdict: yes (the key logged in since the leak), no (it did not,
 * and sshd's records reach back to the leak) or cannot-tell (never "no"
 * when the records do not reach back, the instance cannot be reached, or
 * the audit could not run). Changes nothing anywhere.
 */
import type { Finding } from '../scan/findings.js';
import {
  KEY_SOURCES,
  parseAuditOutput,
  type AuditLogin,
  type AuditSource,
} from './audit-result.js';
import { destroyClients, regionClients, type RegionClients } from './clients.js';
import { resolveCredentials, type CredentialSource } from './credentials.js';
import { hostCommand } from './host/document.js';
import { READINESS_TEXT, findTargets, type TargetInstance, type TargetTag } from './instances.js';
import {
  evidenceFromPublicKey,
  findMatchingKeyPairs,
  listKeyPairs,
  type KeyEvidence,
} from './key-pairs.js';
import { readLeakRecord } from './leaks.js';
import { runOnInstances, type RunOptions } from './run-command.js';

export type AuditVerdict = 'yes' | 'no' | 'cannot-tell';

/** Seconds the audit may run on a host: reading years of logs takes longer than a rotation phase. */
export const AUDIT_EXECUTION_TIMEOUT = 600;

export interface AuditSessionReport {
  pid: number;
  user: string;
  address: string;
  loginAt: string;
  /** How to end it from a workstation with SSM rights (or `sudo kill PID` on the host). */
  endCommand: string;
}

export interface InstanceAudit {
  region: string;
  instanceId: string;
  name: string | null;
  /** The key pairs through which the key reaches this instance. */
  keyPairs: string[];
  /** Why it was audited: launched with the key pair, tagged, or listed by the leak record. */
  reason: TargetInstance['reason'];
  /** The audit ran and reported. */
  reached: boolean;
  verdict: AuditVerdict;
  /** One sentence: why this verdict. */
  why: string;
  /** The leaked key's logins since the leak time, and before it. */
  loginsSince: number;
  loginsBefore: number;
  /** Per user and source address (as many as fit in Run Command's output). */
  logins: AuditLogin[];
  /** User/address groups the host found but could not list. */
  loginGroupsOmitted: number;
  /** Addresses the key logged in from since the leak, from which no key had logged in before it. */
  newAddresses: string[];
  openSessions: AuditSessionReport[];
  openSessionsOmitted: number;
  /** Logins since the leak by other keys of the affected authorized_keys files, and by keys they do not hold. */
  otherKeyLogins: number;
  unknownKeyLogins: number;
  sources: AuditSource[];
  /** The oldest sshd record on the host (journal, auth.log, secure), when any. */
  oldestRecord: string | null;
  /** authorized_keys files holding the leaked key, and files the host could not read. */
  keyFiles: number;
  unreadableKeyFiles: number;
}

export interface AuditedKey {
  fingerprint: string;
  /** The leak time used (ISO), and where it came from. */
  since: string | null;
  sinceFrom: 'flag' | 'scan' | 'key-pair-created' | null;
  keyPairs: { region: string; keyName: string; matchedBy: string }[];
  instances: InstanceAudit[];
}

export interface AuditReport {
  keys: AuditedKey[];
  /** The leaked keys' logins since the leak, over every instance. */
  leakedKeyLogins: number;
  /** Instances where the key logged in since the leak, and where that cannot be told. */
  usedOn: number;
  cannotTell: number;
  /** Keys that match no key pair and no leak record. */
  unmatched: { id: string; reason: string }[];
  errors: { region: string; message: string }[];
}

export type AuditRequest =
  { kind: 'findings'; findings: Finding[] } | { kind: 'key-pairs'; names: string[] };

export interface AuditConfig {
  regions: string[];
  credentials: CredentialSource;
  parameterPath: string;
  targetTag: TargetTag | null;
  /** Overrides every key's leak time. */
  since: Date | null;
  run: RunOptions;
  now?: Date;
  log?: (line: string) => void;
}

/** The earliest commit time of a finding's locations (never later than now). */
export function findingSince(finding: Finding, now: Date): Date | null {
  const times = finding.locations
    .map((location) => (location.authorDate ? Date.parse(location.authorDate) : NaN))
    .filter((time) => Number.isFinite(time));
  if (!times.length) return null;
  // Commit dates are the committer's word: a date in the future would hide logins.
  return new Date(Math.min(Math.min(...times), now.getTime()));
}

/** The command that ends an sshd session, for a person with SSM rights. */
export function endSessionCommand(region: string, instanceId: string, pid: number): string {
  return (
    `aws ssm send-command --region ${region} --instance-ids ${instanceId} ` +
    `--document-name AWS-RunShellScript --parameters 'commands=["kill ${pid}"]'`
  );
}

function blobOf(publicKey: string | null): string | null {
  return publicKey?.trim().split(/\s+/)[1] ?? null;
}

interface KeyPlan {
  fingerprint: string;
  blobs: string[];
  since: Date | null;
  sinceFrom: AuditedKey['sinceFrom'];
  pairs: { clients: RegionClients; keyName: string; matchedBy: string }[];
  /** Instance ids the leak record lists, per region. */
  recorded: Map<string, string[]>;
}

/** The verdict for one instance that ran the audit. */
export function verdictOf(
  since: Date | null,
  audit: ReturnType<typeof parseAuditOutput>,
): { verdict: AuditVerdict; why: string; oldest: string | null } {
  const keySources = audit.sources.filter(
    (source) => KEY_SOURCES.includes(source.name) && source.state === 'found',
  );
  const oldest =
    keySources
      .map((source) => source.oldest)
      .filter((time): time is string => time !== null)
      .sort()[0] ?? null;
  if (audit.recentLogins > 0) {
    return {
      verdict: 'yes',
      why: `the leaked key logged in ${audit.recentLogins} time(s)${since ? ' since the leak' : ''}`,
      oldest,
    };
  }
  if (!since)
    return {
      verdict: 'cannot-tell',
      why: `no login by the leaked key in the logs${oldest ? ` (back to ${oldest})` : ''}, but no leak time is known to compare with (give --since)`,
      oldest,
    };
  if (!keySources.length)
    return {
      verdict: 'cannot-tell',
      why: 'no trusted sshd log found (journal, auth.log, secure): whether the key logged in cannot be told',
      oldest,
    };
  const partial = audit.sources.filter(
    (source) => KEY_SOURCES.includes(source.name) && source.unreadable > 0,
  );
  if (partial.length)
    return {
      verdict: 'cannot-tell',
      why: `no login by the leaked key found, but ${partial.map((source) => source.name).join(' and ')} could not be read to the end: a login may be missing`,
      oldest,
    };
  if (!oldest || Date.parse(oldest) > since.getTime())
    return {
      verdict: 'cannot-tell',
      why: `the sshd logs reach back to ${oldest ?? 'no record'} only, after the leak at ${since.toISOString()}`,
      oldest,
    };
  return {
    verdict: 'no',
    why: `no login by the leaked key since the leak; the sshd logs reach back to ${oldest}`,
    oldest,
  };
}

function unreached(target: TargetInstance, keyPairs: string[], why: string): InstanceAudit {
  return {
    region: target.region,
    instanceId: target.instanceId,
    name: target.name,
    keyPairs,
    reason: target.reason,
    reached: false,
    verdict: 'cannot-tell',
    why,
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
    keyFiles: 0,
    unreadableKeyFiles: 0,
  };
}

/** What the leak record of a key knows: its key pairs and every instance it ever opened. */
async function addRecorded(
  plan: KeyPlan,
  regions: RegionClients[],
  config: AuditConfig,
  errors: AuditReport['errors'],
): Promise<void> {
  for (const clients of regions) {
    try {
      const record = await readLeakRecord(clients.ssm, config.parameterPath, plan.fingerprint);
      if (!record) continue;
      for (const blob of record.blobs) if (!plan.blobs.includes(blob)) plan.blobs.push(blob);
      const instances = Object.entries(record.instances).filter(
        ([, instance]) => instance.region === clients.region && instance.status !== 'terminated',
      );
      const names = [
        ...record.pairs.filter((entry) => entry.region === clients.region),
        ...instances.map(([, instance]) => instance),
      ].map((entry) => entry.keyName);
      for (const keyName of new Set(names)) {
        if (!plan.pairs.some((known) => known.keyName === keyName && known.clients === clients))
          plan.pairs.push({ clients, keyName, matchedBy: 'the leak record' });
      }
      const ids = instances.map(([id]) => id);
      plan.recorded.set(clients.region, ids);
    } catch (error) {
      errors.push({
        region: clients.region,
        message: `cannot read the leak record of ${plan.fingerprint}: ${(error as Error).message}`,
      });
    }
  }
}

async function plansOf(
  request: AuditRequest,
  regions: RegionClients[],
  config: AuditConfig,
  report: AuditReport,
): Promise<KeyPlan[]> {
  const now = config.now ?? new Date();
  const plans: KeyPlan[] = [];
  if (request.kind === 'findings') {
    for (const finding of request.findings) {
      const blob = blobOf(finding.publicKey);
      if (!finding.fingerprint || !blob) {
        report.unmatched.push({
          id: finding.id,
          reason: finding.note ?? 'no public key: its logins cannot be recognised',
        });
        continue;
      }
      const evidence: KeyEvidence = {
        fingerprint: finding.fingerprint,
        md5: finding.md5,
        publicKey: finding.publicKey,
        ec2Fingerprints: finding.ec2Fingerprints,
      };
      const since = config.since ?? findingSince(finding, now);
      const plan: KeyPlan = {
        fingerprint: finding.fingerprint,
        blobs: [blob],
        since,
        sinceFrom: config.since ? 'flag' : since ? 'scan' : null,
        pairs: [],
        recorded: new Map(),
      };
      for (const pair of await findMatchingKeyPairs(regions, evidence)) {
        const clients = regions.find((entry) => entry.region === pair.region) as RegionClients;
        plan.pairs.push({ clients, keyName: pair.keyName, matchedBy: pair.matchedBy });
      }
      await addRecorded(plan, regions, config, report.errors);
      if (!plan.pairs.length) {
        report.unmatched.push({
          id: finding.id,
          reason: `no EC2 key pair or leak record in ${config.regions.join(', ')} matches`,
        });
        continue;
      }
      plans.push(plan);
    }
    return plans;
  }
  const found = new Set<string>();
  for (const clients of regions) {
    for (const pair of await listKeyPairs(clients)) {
      if (!request.names.includes(pair.keyName)) continue;
      found.add(pair.keyName);
      const blob = blobOf(pair.publicKey);
      if (!pair.publicKey || !blob) {
        report.errors.push({
          region: clients.region,
          message: `EC2 returned no public key for key pair ${pair.keyName}`,
        });
        continue;
      }
      const evidence = evidenceFromPublicKey(pair.publicKey);
      const fingerprint = evidence.fingerprint as string;
      // One key may be imported under several names: audit it once.
      let plan = plans.find((known) => known.fingerprint === fingerprint);
      if (!plan) {
        const since = config.since ?? pair.createTime;
        plan = {
          fingerprint,
          blobs: [blob],
          since,
          sinceFrom: config.since ? 'flag' : since ? 'key-pair-created' : null,
          pairs: [],
          recorded: new Map(),
        };
        plans.push(plan);
      } else if (!config.since && pair.createTime && plan.since && pair.createTime < plan.since) {
        plan.since = pair.createTime;
      }
      plan.pairs.push({ clients, keyName: pair.keyName, matchedBy: 'named' });
    }
  }
  for (const name of request.names) {
    if (!found.has(name))
      report.errors.push({
        region: config.regions.join(', '),
        message: `no such key pair: ${name}`,
      });
  }
  for (const plan of plans) await addRecorded(plan, regions, config, report.errors);
  return plans;
}

/** Runs the audit of one key in one region. */
async function auditRegion(
  plan: KeyPlan,
  clients: RegionClients,
  config: AuditConfig,
  report: AuditReport,
): Promise<InstanceAudit[]> {
  const pairs = plan.pairs.filter((pair) => pair.clients === clients);
  const targets = new Map<string, { target: TargetInstance; keyPairs: string[] }>();
  const recorded = plan.recorded.get(clients.region) ?? [];
  for (const keyName of new Set(pairs.map((pair) => pair.keyName))) {
    const { targets: found } = await findTargets(clients, keyName, config.targetTag, recorded);
    for (const target of found) {
      const entry = targets.get(target.instanceId) ?? { target, keyPairs: [] };
      if (target.keyName === keyName && !entry.keyPairs.includes(keyName))
        entry.keyPairs.push(keyName);
      targets.set(target.instanceId, entry);
    }
  }
  const results: InstanceAudit[] = [];
  const ready = [...targets.values()].filter(({ target }) => target.readiness === 'ready');
  for (const { target, keyPairs } of targets.values()) {
    if (target.readiness === 'windows')
      results.push(
        unreached(
          target,
          keyPairs,
          'not audited: Windows (no sshd logs read; the key pair decrypts the initial Administrator password: look for GetPasswordData on this instance in CloudTrail since the leak)',
        ),
      );
    else if (target.readiness !== 'ready')
      results.push(unreached(target, keyPairs, `not audited: ${READINESS_TEXT[target.readiness]}`));
  }
  if (!ready.length) return results;
  const command = hostCommand({
    phase: 'audit',
    oldKeyBlobs: plan.blobs,
    newKeyLine: null,
    extraUsers: [],
    since: plan.since ? Math.floor(plan.since.getTime() / 1000) : null,
  });
  config.log?.(`audit: ${ready.length} instance(s) in ${clients.region} for ${plan.fingerprint}`);
  let outcomes;
  try {
    outcomes = await runOnInstances(
      clients,
      ready.map(({ target }) => target.instanceId),
      command,
      {
        ...config.run,
        comment: 'ec2-key-rotate audit',
        executionTimeout: Math.max(config.run.executionTimeout, AUDIT_EXECUTION_TIMEOUT),
      },
    );
  } catch (error) {
    report.errors.push({ region: clients.region, message: (error as Error).message });
    for (const { target, keyPairs } of ready)
      results.push(unreached(target, keyPairs, `not audited: ${(error as Error).message}`));
    return results;
  }
  for (const outcome of outcomes) {
    const entry = targets.get(outcome.instanceId);
    if (!entry) continue;
    const { target, keyPairs } = entry;
    if (outcome.status === 'unreachable') {
      results.push(
        unreached(
          target,
          keyPairs,
          `not audited: Run Command ${outcome.ssmStatus}${outcome.reason ? ` (${outcome.reason})` : ''}`,
        ),
      );
      continue;
    }
    const audit = parseAuditOutput(outcome.output, outcome.exitCode);
    if (audit.status === 'failed') {
      results.push({
        ...unreached(target, keyPairs, `the audit could not run: ${audit.error ?? 'failed'}`),
        sources: audit.sources,
      });
      continue;
    }
    const { verdict, why, oldest } = verdictOf(plan.since, audit);
    // "First seen after the leak" means something only when the logs reach back to it.
    const reachesBack =
      oldest !== null && plan.since !== null && Date.parse(oldest) <= plan.since.getTime();
    results.push({
      region: target.region,
      instanceId: target.instanceId,
      name: target.name,
      keyPairs,
      reason: target.reason,
      reached: true,
      verdict,
      why,
      loginsSince: audit.recentLogins,
      loginsBefore: audit.leakedLogins - audit.recentLogins,
      logins: audit.logins,
      loginGroupsOmitted: Math.max(0, audit.groups - audit.logins.length),
      newAddresses: reachesBack
        ? [
            ...new Set(
              audit.logins.filter((login) => login.newAddress).map((login) => login.address),
            ),
          ]
        : [],
      openSessions: audit.openSessions.map((session) => ({
        ...session,
        endCommand: endSessionCommand(target.region, target.instanceId, session.pid),
      })),
      openSessionsOmitted: Math.max(0, audit.open - audit.openSessions.length),
      otherKeyLogins: audit.otherKeyLogins,
      unknownKeyLogins: audit.unknownKeyLogins,
      sources: audit.sources,
      oldestRecord: oldest,
      keyFiles: audit.keyFiles,
      unreadableKeyFiles: audit.unreadableKeyFiles,
    });
  }
  return results.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

/**
 * Audits every instance each leaked key (or named key pair) opens, in every
 * region. Read-only: DescribeKeyPairs, DescribeInstances,
 * DescribeInstanceInformation, GetParameter (leak records), SendCommand with
 * the project's document (phase audit) and ListCommands/ListCommandInvocations.
 */
export async function runAudit(request: AuditRequest, config: AuditConfig): Promise<AuditReport> {
  if (!config.regions.length) throw new Error('no AWS region: name --region or set AWS_REGION');
  const credentials = await resolveCredentials(config.credentials);
  const regions = config.regions.map((region) => regionClients(region, credentials));
  const report: AuditReport = {
    keys: [],
    leakedKeyLogins: 0,
    usedOn: 0,
    cannotTell: 0,
    unmatched: [],
    errors: [],
  };
  try {
    for (const plan of await plansOf(request, regions, config, report)) {
      const instances: InstanceAudit[] = [];
      for (const clients of regions) {
        if (!plan.pairs.some((pair) => pair.clients === clients)) continue;
        try {
          instances.push(...(await auditRegion(plan, clients, config, report)));
        } catch (error) {
          report.errors.push({ region: clients.region, message: (error as Error).message });
        }
      }
      report.keys.push({
        fingerprint: plan.fingerprint,
        since: plan.since?.toISOString() ?? null,
        sinceFrom: plan.sinceFrom,
        keyPairs: plan.pairs.map((pair) => ({
          region: pair.clients.region,
          keyName: pair.keyName,
          matchedBy: pair.matchedBy,
        })),
        instances,
      });
    }
  } finally {
    destroyClients(regions);
  }
  for (const instance of report.keys.flatMap((key) => key.instances)) {
    report.leakedKeyLogins += instance.loginsSince;
    if (instance.verdict === 'yes') report.usedOn++;
    if (instance.verdict === 'cannot-tell') report.cannotTell++;
  }
  return report;
}
