/**
 * The audit ("was the leaked key used?") as text for a terminal and as JSON
 * (the CLI's --format json, the action's audit-file). User names and
 * addresses were checked against strict shapes on the host and again when
 * parsed; they still go through escapeLogLine, like everything from a host.
 */
import type { AuditReport, InstanceAudit } from '../aws/audit.js';
import { KEY_SOURCES, type AuditSource } from '../aws/audit-result.js';
import { escapeLogLine } from './log-escape.js';
import { jsonText } from './json-stream.js';

const VERDICT: Record<InstanceAudit['verdict'], string> = {
  yes: 'USED',
  no: 'not used',
  'cannot-tell': 'CANNOT TELL',
};

function source(entry: AuditSource): string {
  const parts: string[] = [];
  if (entry.state === 'found') {
    if (entry.name !== 'journal') parts.push(`${entry.files} file(s)`);
    parts.push(entry.oldest ? `oldest ${entry.oldest}` : 'no records');
  }
  if (entry.untrusted) parts.push(`${entry.untrusted} not trusted (writable by others than root)`);
  if (entry.unreadable) parts.push(`${entry.unreadable} unreadable`);
  return `${entry.name} ${entry.state}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function instanceText(instance: InstanceAudit): string[] {
  const name = instance.name ? ` (${instance.name})` : '';
  const pairs = instance.keyPairs.length ? ` [${instance.keyPairs.join(', ')}]` : '';
  const lines = [
    `  ${instance.instanceId}${name}${pairs} ${instance.region}: ${VERDICT[instance.verdict]}: ${instance.why}`,
  ];
  const since = instance.logins.filter((login) => login.since > 0);
  const before = instance.logins.filter((login) => login.before > 0);
  if (since.length) {
    lines.push('    logins by the leaked key since the leak:');
    for (const login of since) {
      const fresh = instance.newAddresses.includes(login.address)
        ? '  NEW ADDRESS (no login from it before the leak)'
        : '';
      lines.push(
        `      ${login.user} from ${login.address}: ${login.since} (first ${login.first}, last ${login.last})${fresh}`,
      );
    }
  }
  if (before.length) {
    lines.push('    logins by the leaked key before the leak:');
    for (const login of before)
      lines.push(`      ${login.user} from ${login.address}: ${login.before}`);
  }
  if (instance.loginGroupsOmitted)
    lines.push(`    and ${instance.loginGroupsOmitted} more user/address pair(s) not listed`);
  for (const session of instance.openSessions) {
    lines.push(
      `    OPEN SESSION: sshd pid ${session.pid}, ${session.user} from ${session.address} since ${session.loginAt}; end it: ${session.endCommand}`,
    );
  }
  if (instance.openSessionsOmitted)
    lines.push(`    and ${instance.openSessionsOmitted} more open session(s)`);
  const logsFound = instance.sources.some(
    (entry) => KEY_SOURCES.includes(entry.name) && entry.state === 'found',
  );
  if (logsFound) {
    lines.push(
      `    other keys since the leak: ${instance.otherKeyLogins} login(s) by other keys of the affected authorized_keys files, ${instance.unknownKeyLogins} by keys they do not hold`,
    );
    if (instance.unreadableKeyFiles)
      lines.push(
        `    ${instance.unreadableKeyFiles} authorized_keys file(s) could not be read: their other keys are counted as unknown`,
      );
  }
  if (instance.sources.length)
    lines.push(`    sources: ${instance.sources.map(source).join('; ')}`);
  return lines;
}

/** The audit for a terminal. */
export function auditText(report: AuditReport): string {
  const lines: string[] = [];
  for (const key of report.keys) {
    const since = key.since
      ? `leak time ${key.since} (${
          key.sinceFrom === 'flag'
            ? '--since'
            : key.sinceFrom === 'scan'
              ? 'the earliest commit that holds the key'
              : 'when the key pair was created'
        })`
      : 'no leak time';
    lines.push(`Audit of key ${key.fingerprint}, ${since}`);
    lines.push(
      `  key pairs: ${key.keyPairs.map((pair) => `${pair.keyName} (${pair.region}, ${pair.matchedBy})`).join(', ') || 'none'}`,
    );
    if (!key.instances.length) lines.push('  no instance found');
    for (const instance of key.instances) lines.push(...instanceText(instance));
  }
  for (const entry of report.unmatched) lines.push(`not audited: ${entry.id}: ${entry.reason}`);
  for (const error of report.errors) lines.push(`error (${error.region}): ${error.message}`);
  const instances = report.keys.reduce((sum, key) => sum + key.instances.length, 0);
  lines.push(
    `Summary: the leaked key logged in ${report.leakedKeyLogins} time(s) since the leak, on ${report.usedOn} of ${instances} instance(s); ${report.cannotTell} cannot tell.`,
  );
  return `${lines.map(escapeLogLine).join('\n')}\n`;
}

/** The audit as JSON (the shape of AuditReport, versioned). */
export function auditJson(report: AuditReport): string {
  return `${jsonText({ version: 1, ...report })}\n`;
}
