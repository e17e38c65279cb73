/** Flags several commands read the same way. */
import { readFile } from 'node:fs/promises';
import type { Finding } from '../scan/findings.js';
import { ConfigError, parseScanReport } from '../validate.js';

/** `--lock-wait MINUTES`: 0 to 300, default 10 (a laptop run waits for a workflow's rotation). */
export function lockWaitMs(raw: string | undefined): number {
  const minutes = raw === undefined ? 10 : Number(raw);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 300)
    throw new ConfigError(
      `--lock-wait must be a whole number of minutes from 0 to 300, got "${raw}"`,
    );
  return minutes * 60_000;
}

/** `--from-scan FILE`: the findings of a `scan --format json` report, checked. */
export async function findingsFromScanFile(file: string): Promise<Finding[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read scan results from ${file}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  return parseScanReport(text, file);
}
