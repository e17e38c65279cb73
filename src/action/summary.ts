/**
 * The job summary: findings, the instances each rotation touched, and what
 * was not done (engine errors, hosts left open, GitHub calls that failed).
 * Markdown, no secrets.
 */
import type { AuditReport } from '../aws/audit.js';
import type { EngineResult } from '../aws/engine.js';
import { auditSection } from '../github/audit-section.js';
import type { LeakIssue } from '../github/issues.js';
import { cell, cellCode, code, text } from '../github/markdown.js';
import { MESSAGES, type Language, type ScanLabel } from '../github/messages.js';
import { describeKey } from '../report/describe.js';
import { isRealKey } from '../scan/fail-on.js';
import type { ScanResult } from '../scan/scan.js';

export function jobSummary(
  scan: ScanResult,
  scanned: ScanLabel,
  engine: EngineResult | null,
  issues: Map<string, LeakIssue>,
  audit: AuditReport | null,
  failures: string[],
  language: Language,
): string {
  const m = MESSAGES[language];
  const real = scan.findings.filter(isRealKey);
  const lowConfidence = scan.findings.length - real.length;
  const lines = [
    `## ${m.summaryTitle}`,
    '',
    m.summaryScanned(
      text(m.scanLabel(scanned)),
      scan.stats.blobsScanned || scan.stats.filesScanned,
    ),
    '',
  ];
  lines.push(real.length ? m.summaryFindings(real.length) : m.summaryNoFindings, '');
  if (lowConfidence) lines.push(m.summaryLowConfidence(lowConfidence), '');
  if (scan.findings.length) {
    lines.push(`| ${m.summaryColumns.join(' | ')} |`, '|---|---|---|---|');
    for (const finding of scan.findings) {
      const where = finding.locations
        .slice(0, 3)
        .map((place) => cellCode(`${place.path}:${place.line}`))
        .join(', ');
      const more = finding.locations.length > 3 ? ` (+${finding.locations.length - 3})` : '';
      const issue = issues.get(finding.id);
      lines.push(
        `| ${cell(describeKey(finding))} | ${cellCode(finding.fingerprint ?? finding.id)} | ${where}${more} | ${issue ? `#${issue.number}` : ''} |`,
      );
    }
    lines.push('');
  }
  for (const rotation of engine?.rotations ?? []) {
    lines.push(`### ${m.summaryHosts}: ${text(rotation.keyName)} (${text(rotation.region)})`, '');
    if (rotation.newKey)
      lines.push(
        m.newKeyLine(code(rotation.newKey.fingerprint), code(rotation.newKey.parameterName)),
        '',
      );
    lines.push(`| ${m.instance} | ${m.outcome} | ${m.detail} |`, '|---|---|---|');
    for (const host of rotation.hosts) {
      lines.push(
        `| ${cellCode(host.instanceId)}${host.name ? ` (${cell(host.name)})` : ''} | ${m.outcomes[host.outcome] ?? cell(host.outcome)} | ${cell(host.reason)} |`,
      );
    }
    lines.push('');
  }
  for (const key of audit?.keys ?? []) {
    lines.push(
      ...auditSection(key, m).map((line) =>
        line.startsWith('## ') ? `### ${line.slice(3)}: ${code(key.fingerprint)}` : line,
      ),
    );
  }
  if (failures.length) {
    lines.push(`### ${m.summaryNotDone}`, '');
    for (const failure of failures) lines.push(`- ${text(failure)}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
