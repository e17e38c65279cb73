/** Flags several commands read the same way. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Finding } from '../scan/findings.js';
import { errnoReason } from '../scan/place.js';
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

/** A scan report larger than this is refused (a finding with 100,000 places is some 20 MB). */
export const MAX_SCAN_REPORT_BYTES = 256 * 1024 * 1024;

/**
 * `--from-scan FILE`: the findings of a `scan --format json` report, checked.
 * The user named FILE: a link is followed, and a pipe (`--from-scan <(…)`)
 * read; whatever it is, at most MAX_SCAN_REPORT_BYTES are read (never all of
 * `/dev/zero`), and no error quotes what it holds.
 */
export async function findingsFromScanFile(file: string): Promise<Finding[]> {
  const cannot = (why: string): ConfigError =>
    new ConfigError(`cannot read scan results from ${file}: ${why}`);
  if (file === '') throw new ConfigError('--from-scan is empty: name a file');
  const tooLarge = `larger than ${MAX_SCAN_REPORT_BYTES / 1024 / 1024} MiB`;
  const chunks: Buffer[] = [];
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw cannot('it is a directory (EISDIR)');
    if (info.isSocket()) throw cannot('it is a socket');
    if (info.isFile() && info.size > MAX_SCAN_REPORT_BYTES) throw cannot(tooLarge);
    let bytes = 0;
    for await (const chunk of createReadStream(file)) {
      bytes += (chunk as Buffer).length;
      if (bytes > MAX_SCAN_REPORT_BYTES) throw cannot(tooLarge);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw cannot(errnoReason(error));
  }
  return parseScanReport(Buffer.concat(chunks).toString('utf8'), file);
}
