/** The step's outputs and annotations: counts, names and fingerprints only. */
import * as core from '@actions/core';
import type { EngineResult } from '../aws/engine.js';
import type { ActionConfig } from '../config.js';
import type { AuditOutcome } from './audit-step.js';
import type { RecoverResult } from '../aws/recover.js';
import type { LeakIssue } from '../github/issues.js';
import type { ScanResult } from '../scan/scan.js';
import { needsAttention } from '../aws/outcome.js';
import { isRepositoryFile } from '../scan/location-kind.js';
import { isRealKey } from '../scan/fail-on.js';
import { hasUnsafeChar, quoteForLog } from '../report/log-escape.js';

export function annotate(result: ScanResult): void {
  for (const finding of result.findings) {
    // Placeholders and fragments are warnings: low confidence, no issue.
    const real = isRealKey(finding);
    const annotation = real ? core.error : core.warning;
    const what = `${real ? 'Committed private key' : 'Possible private key (placeholder or truncated)'} ${finding.fingerprint ?? finding.id}`;
    const title = real ? 'Leaked private key' : 'Private key block (low confidence)';
    for (const location of finding.locations.filter(isRepositoryFile)) {
      // The toolkit escapes only %, CR, LF, ':' and ',' in a property: a name with control
      // characters would reach the log raw, so it is named, escaped, in the message instead.
      if (hasUnsafeChar(location.path) || hasUnsafeChar(String(location.line))) {
        annotation(`${what} at ${quoteForLog(location.path)}:${location.line}`, { title });
      } else {
        annotation(what, { title, file: location.path, startLine: location.line });
      }
    }
  }
}

export function setOutputs(
  result: ScanResult,
  engine: EngineResult | null,
  issues: Map<string, LeakIssue>,
  audit: AuditOutcome | null,
  recovery: RecoverResult | null,
  config: ActionConfig,
): void {
  core.setOutput('findings', String(result.findings.length));
  core.setOutput('fingerprints', JSON.stringify(result.findings.map((finding) => finding.id)));
  core.setOutput('suppressed', String(result.stats.suppressed));
  if (config.sarifFile) core.setOutput('sarif-file', config.sarifFile);
  const rotations = engine?.rotations ?? [];
  const hosts = rotations.flatMap((rotation) => rotation.hosts);
  core.setOutput(
    'matched-key-pairs',
    JSON.stringify(rotations.map((rotation) => `${rotation.region}/${rotation.keyName}`)),
  );
  core.setOutput(
    'rotated-hosts',
    String(hosts.filter((host) => host.outcome === 'rotated').length),
  );
  core.setOutput(
    'failed-hosts',
    String(hosts.filter((host) => needsAttention(host.outcome)).length),
  );
  // A recovery's new key is reported like a rotation's.
  const newKeys = [
    ...rotations.flatMap((rotation) => (rotation.newKey ? [rotation.newKey] : [])),
    ...(recovery?.newKey ? [recovery.newKey] : []),
  ];
  core.setOutput('new-key-fingerprint', newKeys.map((key) => key.fingerprint).join(','));
  core.setOutput('parameter-name', newKeys.map((key) => key.parameterName).join(','));
  core.setOutput('leaked-key-logins', audit?.report ? String(audit.report.leakedKeyLogins) : '');
  core.setOutput('audit-file', audit?.file ?? '');
  core.setOutput(
    'issue-numbers',
    JSON.stringify([...issues.values()].map((issue) => issue.number)),
  );
}
