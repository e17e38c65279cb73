import type { ScanResult } from '../scan/scan.js';

/**
 * The scanner's JSON document (the CLI contract). Fields are listed one by
 * one so that nothing added to a finding later can reach the output unseen.
 */
export function toJson(result: ScanResult): string {
  const findings = result.findings.map((finding) => ({
    id: finding.id,
    fingerprint: finding.fingerprint,
    md5: finding.md5,
    keyType: finding.keyType,
    bits: finding.bits,
    format: finding.format,
    encrypted: finding.encrypted,
    parsed: finding.parsed,
    confidence: finding.confidence,
    placeholder: finding.placeholder,
    truncated: finding.truncated,
    note: finding.note,
    publicKey: finding.publicKey,
    ec2Fingerprints: { ...finding.ec2Fingerprints },
    locations: finding.locations.map((location) => ({
      path: location.path,
      line: location.line,
      commit: location.commit,
      introducedBy: location.introducedBy,
      author: location.author,
      authorDate: location.authorDate,
    })),
  }));
  return `${JSON.stringify({ findings, stats: result.stats, warnings: result.warnings }, null, 2)}\n`;
}
