/** The job summary: findings, and the instances each rotation touched. Markdown, no secrets. */
import type { EngineResult } from '../aws/engine.js';
import type { LeakIssue } from '../github/issues.js';
import { MESSAGES, type Language } from '../github/messages.js';
import { describeKey } from '../report/describe.js';
import type { ScanResult } from '../scan/scan.js';

const cell = (text: string): string => text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');

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
    m.summaryScanned(scanned, scan.stats.blobsScanned || scan.stats.filesScanned),
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
        .map((place) => `\`${cell(place.path)}:${place.line}\``)
        .join(', ');
      const more = finding.locations.length > 3 ? ` (+${finding.locations.length - 3})` : '';
      const issue = issues.get(finding.id);
      lines.push(
        `| ${cell(describeKey(finding))} | \`${cell(finding.fingerprint ?? finding.id)}\` | ${where}${more} | ${issue ? `#${issue.number}` : ''} |`,
      );
    }
    lines.push('');
  }
  for (const rotation of engine?.rotations ?? []) {
    lines.push(`### ${m.summaryHosts}: ${cell(rotation.keyName)} (${rotation.region})`, '');
    if (rotation.newKey)
      lines.push(m.newKeyLine(rotation.newKey.fingerprint, rotation.newKey.parameterName), '');
    lines.push(`| ${m.instance} | ${m.outcome} | ${m.detail} |`, '|---|---|---|');
    for (const host of rotation.hosts) {
      lines.push(
        `| \`${host.instanceId}\`${host.name ? ` (${cell(host.name)})` : ''} | ${m.outcomes[host.outcome] ?? host.outcome} | ${cell(host.reason)} |`,
      );
    }
    lines.push('');
  }
  for (const error of engine?.errors ?? [])
    lines.push(`- **${cell(error.keyName)}** (${error.region}): ${cell(error.message)}`);
  return `${lines.join('\n')}\n`;
}
