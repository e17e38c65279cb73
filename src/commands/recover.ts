import { randomUUID } from 'node:crypto';
import { recoverAccess, recoveryComplete } from '../aws/recover.js';
import { DEFAULT_RUN_OPTIONS } from '../aws/run-command.js';
import { escapeLogLine } from '../report/log-escape.js';
import { recoverJson, recoverText } from '../report/recover.js';
import { validateRecoverInputs } from '../validate-recover.js';
import { lockWaitMs } from './flags.js';

export interface RecoverCommandOptions {
  instance?: string[];
  keyPair?: string;
  user?: string;
  region?: string;
  revokeOld?: boolean;
  importKeyPair?: string;
  parameterPath?: string;
  kmsKeyId?: string;
  keyType?: string;
  ssmDocument?: string;
  breakLock?: boolean;
  lockWait?: string;
  format: 'text' | 'json';
}

/**
 * `recover`: a new key for USER on the instances named (or launched with
 * the key pair), custody first. Exit 0: every instance recovered; 1: some
 * instance failed, was skipped or is incomplete, or the import failed; 2:
 * error (bad flags, nothing to recover, AWS refused).
 */
export async function runRecoverCommand(options: RecoverCommandOptions): Promise<number> {
  const fallback = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || null;
  const settings = validateRecoverInputs(
    {
      instances: options.instance ?? [],
      keyPair: options.keyPair ?? null,
      user: options.user ?? null,
      region: options.region ?? fallback,
      revokeOld: Boolean(options.revokeOld),
      importKeyPair: options.importKeyPair ?? null,
      parameterPath: options.parameterPath ?? null,
      kmsKeyId: options.kmsKeyId ?? '',
      keyType: options.keyType ?? '',
      ssmDocument: options.ssmDocument ?? '',
    },
    'cli',
  );
  const result = await recoverAccess(settings.request, {
    region: settings.region,
    credentials: { kind: 'default' },
    parameterPath: settings.parameterPath,
    kmsKeyId: settings.kmsKeyId,
    newKeyType: settings.keyType,
    run: { ...DEFAULT_RUN_OPTIONS, ssmDocument: settings.ssmDocument },
    runId: `cli-${randomUUID()}`,
    lockTtlMs: 30 * 60_000,
    breakLock: Boolean(options.breakLock),
    lockWaitMs: lockWaitMs(options.lockWait),
    log: (line) => process.stderr.write(`${escapeLogLine(line)}\n`),
  });
  process.stdout.write(options.format === 'json' ? recoverJson(result) : recoverText(result));
  return recoveryComplete(result) ? 0 : 1;
}
