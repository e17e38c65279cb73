/** The job summary: findings, and the instances each rotation touched. Markdown, no secrets. */
import type { EngineResult } from '../aws/engine.js';
import type { LeakIssue } from '../github/issues.js';
import { cell, cellCode, code, text } from '../github/markdown.js';
import { MESSAGES, type Language } from '../github/messages.js';
import { describeKey } from '../report/describe.js';
import type { ScanResult } from '../scan/scan.js';

export function jobSummary(
  scan: ScanResult,
  scanned: string,
  engine: EngineResult | null,
  issues: Map<string, LeakIssue>,
  language: Language,
): string {
  const m = MESSAGES[language];
  const lines = [
    `## ${m.summaryTitle}`,
    '',
    m.summaryScanned(text(scanned), scan.stats.blobsScanned || scan.stats.filesScanned),
    '',
  ];
  lines.push(
    scan.findings.length ? m.summaryFindings(scan.findings.length) : m.summaryNoFindings,
    '',
  );
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
  for (const error of engine?.errors ?? [])
    lines.push(`- **${text(error.keyName)}** (${text(error.region)}): ${text(error.message)}`);
  return `${lines.join('\n')}\n`;
}
