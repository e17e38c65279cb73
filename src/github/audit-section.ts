/**
 * "Was the key used?": the audit of every instance the leaked key opens, as
 * a Markdown section of the issue and the job summary. Every value came from
 * a host (user names, addresses, times) and goes through the Markdown
 * escapers like every other untrusted string.
 */
import type { AuditedKey, InstanceAudit } from '../aws/audit.js';
import { cell, cellCode, code, fencedBlock, text } from './markdown.js';
import type { Messages } from './messages.js';

/** Instances listed per key; the JSON audit file has them all. */
const MAX_INSTANCES = 100;
/** User/address rows per instance. */
const MAX_LOGINS = 10;

function loginsCell(instance: InstanceAudit, m: Messages): string {
  const rows = instance.logins
    .filter((login) => login.since > 0)
    .slice(0, MAX_LOGINS)
    .map((login) =>
      m.audit.login(
        cellCode(login.user),
        cellCode(login.address),
        login.since,
        cell(login.first),
        cell(login.last),
        instance.newAddresses.includes(login.address),
      ),
    );
  const hidden =
    instance.logins.filter((login) => login.since > 0).length -
    rows.length +
    instance.loginGroupsOmitted;
  if (hidden > 0) rows.push(m.moreRows(hidden));
  return rows.join('<br>') || '—';
}

function why(instance: InstanceAudit, m: Messages): string {
  return cell(m.audit.why(instance));
}

/** The section for one leaked key; `audited` null: the run did not audit. */
export function auditSection(audited: AuditedKey | null | undefined, m: Messages): string[] {
  const lines = [`## ${m.audit.section}`, ''];
  if (!audited) return [...lines, m.audit.notRun, ''];
  lines.push(
    audited.since
      ? m.audit.since(text(audited.since), m.audit.sinceFrom[audited.sinceFrom ?? 'none'])
      : m.audit.noSince,
    '',
  );
  if (!audited.instances.length) return [...lines, m.audit.noInstances, ''];
  lines.push(`| ${m.instance} | ${m.audit.columns.join(' | ')} |`, '|---|---|---|---|---|');
  for (const instance of audited.instances.slice(0, MAX_INSTANCES)) {
    const name = instance.name ? ` (${cell(instance.name)})` : '';
    lines.push(
      `| ${cellCode(instance.instanceId)}${name} | ${m.audit.verdicts[instance.verdict]} | ${instance.loginsSince} | ${instance.loginsBefore} | ${loginsCell(instance, m)}<br>${why(instance, m)} |`,
    );
  }
  if (audited.instances.length > MAX_INSTANCES)
    lines.push(`| ${m.moreRows(audited.instances.length - MAX_INSTANCES)} | | | | |`);
  lines.push('');
  // Sessions opened with the key outlive its removal: say how to end each.
  const sessions = audited.instances.flatMap((instance) =>
    instance.openSessions.map((session) => ({ instance, session })),
  );
  for (const { instance, session } of sessions.slice(0, MAX_INSTANCES)) {
    lines.push(
      `- ${m.audit.openSession(code(instance.instanceId), session.pid, code(session.user), code(session.address), text(session.loginAt))}`,
      '',
      fencedBlock('sh', session.endCommand),
      '',
    );
  }
  return lines;
}

/** What the issue state remembers of the audit: each instance's verdict, logins and open sessions. */
export function auditDigest(audited: AuditedKey | null | undefined): Record<string, string> | null {
  if (!audited) return null;
  const digest: Record<string, string> = {};
  for (const instance of audited.instances)
    digest[instance.instanceId] =
      `${instance.verdict}:${instance.loginsSince}:${instance.openSessions.length}`;
  return digest;
}
