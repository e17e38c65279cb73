import type { EngineResult } from '../aws/engine.js';
import type { HostOutcome } from '../aws/rotate.js';
import { escapeLogLine, quoteForLog } from './log-escape.js';
import { errorSubject } from '../aws/outcome.js';
import { jsonText } from './json-stream.js';

const q = quoteForLog;
const e = escapeLogLine;

const OUTCOME_TEXT: Record<HostOutcome, string> = {
  rotated: 'rotated',
  'no-old-key': 'no old key',
  incomplete: 'INCOMPLETE',
  failed: 'FAILED',
  skipped: 'skipped',
  planned: 'will rotate',
};

/** The plan or the result of a rotation, for people. Public keys and fingerprints only. */
export function rotationText(result: EngineResult): string {
  const lines: string[] = [];
  for (const rotation of result.rotations) {
    const counts = new Map<HostOutcome, number>();
    for (const host of rotation.hosts)
      counts.set(host.outcome, (counts.get(host.outcome) ?? 0) + 1);
    lines.push(
      `${rotation.dryRun ? 'Plan for' : 'Rotation of'} key pair ${q(rotation.keyName)} (${q(rotation.region)}), matched by ${e(rotation.matchedBy)}` +
        (rotation.resumed ? ', resumed' : ''),
    );
    if (rotation.newKey) {
      lines.push(
        `  new key ${rotation.newKey.fingerprint}, private key in ${q(rotation.newKey.parameterName)} (version ${rotation.newKey.parameterVersion})`,
      );
    }
    lines.push(
      `  instances: ${rotation.hosts.length}${[...counts].map(([outcome, n]) => `, ${n} ${OUTCOME_TEXT[outcome]}`).join('')}`,
    );
    for (const host of rotation.hosts) {
      lines.push(
        `  - ${q(host.instanceId)}${host.name ? ` (${q(host.name)})` : ''}: ${OUTCOME_TEXT[host.outcome]}: ${e(host.reason)}`,
      );
      for (const way of host.waysBack) lines.push(`      way back: ${e(way)}`);
    }
    if (rotation.published) {
      lines.push(
        `  EC2 key pair ${q(rotation.published.keyName)} now holds the new key` +
          (rotation.published.retired
            ? `; leaked pair ${q(rotation.published.retired)} retired`
            : ''),
      );
    }
    lines.push('');
  }
  for (const entry of result.unmatched)
    lines.push(`No key pair matched ${q(entry.id)}: ${e(entry.reason)}`);
  for (const entry of result.errors)
    lines.push(`Error for ${q(errorSubject(entry))} (${q(entry.region)}): ${e(entry.message)}`);
  for (const leak of result.leaks) {
    lines.push(
      leak.status === 'open'
        ? `Leak ${leak.fingerprint} (${leak.region}) is still open: ${leak.openInstances.length} instance(s) may still accept the key (${leak.openInstances.slice(0, 10).map(q).join(', ')}${leak.openInstances.length > 10 ? ', …' : ''}); every run goes back to them`
        : `Leak ${leak.fingerprint} (${leak.region}) is closed: no instance it opened accepts it any more`,
    );
  }
  if (!lines.length) lines.push('Nothing to rotate.');
  return `${lines.join('\n').trimEnd()}\n`;
}

export function rotationJson(result: EngineResult): string {
  return `${jsonText(result)}\n`;
}
