/**
 * A recovery's result for people: where the new key is, how to fetch it
 * and log in, what became of each instance. Fingerprints, names and
 * commands only: the private key stays in Parameter Store.
 */
import type { RecoverOutcome, RecoverResult } from '../aws/recover.js';
import { escapeLogLine, quoteForLog } from './log-escape.js';
import { jsonText } from './json-stream.js';

const q = quoteForLog;
const e = escapeLogLine;

const OUTCOME_TEXT: Record<RecoverOutcome, string> = {
  recovered: 'recovered',
  incomplete: 'INCOMPLETE',
  failed: 'FAILED',
  skipped: 'skipped',
};

/** A word for a shell command line: single-quoted unless plainly safe. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The commands that fetch the recovered key (at the recorded version) into a 0600 file. */
export function fetchCommand(result: RecoverResult, file = 'recovered-key'): string | null {
  if (!result.newKey) return null;
  const { parameterName, parameterVersion } = result.newKey;
  return (
    `(umask 077; aws ssm get-parameter --with-decryption --region ${shellWord(result.region)} ` +
    `--name ${shellWord(`${parameterName}:${parameterVersion}`)} --query Parameter.Value --output text > ${file})`
  );
}

export function recoverText(result: RecoverResult): string {
  const lines: string[] = [];
  const counts = new Map<RecoverOutcome, number>();
  for (const host of result.hosts) counts.set(host.outcome, (counts.get(host.outcome) ?? 0) + 1);
  lines.push(
    `Recovery of ${q(result.user)}'s access to ${e(result.target)} (${q(result.region)})` +
      (result.revokeOld ? ', old key revoked' : '') +
      (result.resumed ? ', resumed' : ''),
  );
  if (result.newKey) {
    lines.push(
      `  new key ${result.newKey.fingerprint}, private key in ${q(result.newKey.parameterName)} (version ${result.newKey.parameterVersion})`,
    );
  }
  lines.push(
    `  instances: ${result.hosts.length}${[...counts].map(([outcome, n]) => `, ${n} ${OUTCOME_TEXT[outcome]}`).join('')}`,
  );
  for (const host of result.hosts) {
    lines.push(
      `  - ${q(host.instanceId)}${host.name ? ` (${q(host.name)})` : ''}: ${OUTCOME_TEXT[host.outcome]}: ${e(host.reason)}`,
    );
  }
  if (result.imported)
    lines.push(`  EC2 key pair ${q(result.imported.keyName)} now holds the new public key`);
  const fetch = fetchCommand(result);
  const recovered = result.hosts.filter((host) => host.outcome === 'recovered');
  if (fetch && recovered.length) {
    lines.push('', 'Fetch the key and log in:', `  ${fetch}`);
    for (const host of recovered.slice(0, 20)) {
      lines.push(
        `  ssh -i recovered-key ${shellWord(result.user)}@${host.address ? shellWord(host.address) : `ADDRESS-OF-${host.instanceId}`}    # ${host.instanceId}`,
      );
    }
    if (recovered.length > 20) lines.push(`  … and ${recovered.length - 20} more instance(s)`);
  }
  for (const error of result.errors) lines.push(`Error: ${e(error)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

export function recoverJson(result: RecoverResult): string {
  return `${jsonText({ ...result, fetch: fetchCommand(result) })}\n`;
}
