/**
 * What keyless mode did, for people: which key pairs were deleted and how
 * to log in now (Session Manager, EC2 Instance Connect where the instance
 * has it), and, for a scheduled run, every instance that still has a key.
 */
import type { EngineResult } from '../aws/engine.js';
import { instanceConnectCommand, sessionCommand } from '../aws/keyless.js';
import { escapeLogLine, quoteForLog } from './log-escape.js';

const q = quoteForLog;
const e = escapeLogLine;

/** '' when the run was not keyless. */
export function keylessText(result: EngineResult): string {
  const lines: string[] = [];
  for (const rotation of result.rotations) {
    if (!rotation.keyless || rotation.dryRun) continue;
    lines.push(
      rotation.keyless.deletedKeyPairId
        ? `Key pair ${q(rotation.keyName)} (${q(rotation.region)}) deleted, not replaced: launch templates and Auto Scaling groups that name it must drop the key name.`
        : `Key pair ${q(rotation.keyName)} (${q(rotation.region)}): no key pair holding the old key is left in EC2.`,
    );
    if (rotation.keyless.access.length) lines.push('Log in without a key:');
    for (const access of rotation.keyless.access.slice(0, 50)) {
      lines.push(`  ${sessionCommand(access.instanceId, rotation.region)}`);
      if (access.instanceConnect)
        lines.push(`  ${instanceConnectCommand(access.instanceId, rotation.region)}`);
    }
    if (rotation.keyless.access.length > 50)
      lines.push(`  … and ${rotation.keyless.access.length - 50} more instance(s)`);
    lines.push('');
  }
  if (result.keyed) {
    lines.push(
      result.keyed.length
        ? `Instances that still have keys (keyless mode): ${result.keyed.length}`
        : 'No instance still has a key pair or keys for a default user.',
    );
    for (const entry of result.keyed) {
      const what = [
        entry.keyPair ? `launched with key pair ${q(entry.keyPair)}, which EC2 still holds` : '',
        ...entry.keyFiles.map(e),
        entry.unchecked ? `not checked: ${e(entry.unchecked)}` : '',
      ].filter(Boolean);
      lines.push(
        `  - ${q(entry.instanceId)}${entry.name ? ` (${q(entry.name)})` : ''} (${q(entry.region)}): ${what.join('; ')}`,
      );
    }
  }
  return lines.length ? `\n${lines.join('\n').trimEnd()}\n` : '';
}
