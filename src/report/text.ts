import type { ScanResult } from '../scan/scan.js';
import { describeKey } from './describe.js';
import { escapeLogLine, quoteForLog } from './log-escape.js';

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/**
 * The report for people. Fingerprints and places only: never key material.
 * Paths, authors and dates come from the repository: each is quoted the way
 * git quotes paths, so no line of the report can start a workflow command.
 */
export function toText(result: ScanResult): string {
  const { findings, stats } = result;
  const scanned = stats.blobsScanned
    ? `${stats.blobsScanned} blobs`
    : `${stats.filesScanned} files`;
  const lines = [
    `${findings.length ? `${findings.length} private key${findings.length === 1 ? '' : 's'} found` : 'No private keys found'}` +
      ` in ${scanned} (${formatBytes(stats.bytesScanned)}, ${stats.elapsedMs} ms)` +
      (stats.suppressed ? `; ${stats.suppressed} suppressed by the ignore file` : ''),
  ];
  findings.forEach((finding, index) => {
    lines.push('', `[${index + 1}] ${describeKey(finding)}`);
    lines.push(
      `    fingerprint: ${finding.fingerprint ?? `none (${escapeLogLine(finding.note ?? 'not recoverable')})`}`,
    );
    const ec2 = finding.ec2Fingerprints;
    if (ec2.imported) lines.push(`    EC2 fingerprint (imported key pair): ${ec2.imported}`);
    if (ec2.created) lines.push(`    EC2 fingerprint (AWS-created key pair): ${ec2.created}`);
    if (ec2.ed25519) lines.push(`    EC2 fingerprint (ED25519 key pair): ${ec2.ed25519}`);
    for (const location of finding.locations) {
      const commit = location.commit
        ? ` in ${quoteForLog(location.commit.slice(0, 12))}${location.author ? ` by ${quoteForLog(location.author)}` : ''}${location.authorDate ? `, ${quoteForLog(location.authorDate)}` : ''}`
        : '';
      lines.push(`    at ${quoteForLog(location.path)}:${location.line}${commit}`);
    }
    const introduced = finding.locations[0]?.introducedBy;
    if (introduced) lines.push(`    introduced by commit ${quoteForLog(introduced)}`);
  });
  for (const warning of result.warnings) lines.push('', `warning: ${escapeLogLine(warning)}`);
  return `${lines.join('\n')}\n`;
}
