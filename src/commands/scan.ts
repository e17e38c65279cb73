import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { terminalProgress } from '../progress.js';
import { formatResult, type OutputFormat } from '../report/format.js';
import { DEFAULT_IGNORE_FILE, loadIgnoreFile } from '../scan/ignore.js';
import { scan, ScanInputError, type ScanSource } from '../scan/scan.js';

export interface ScanCommandOptions {
  history?: boolean;
  range?: string;
  format: OutputFormat;
  output?: string;
  ignoreFile?: string;
}

/** Runs `scan` and returns the exit code: 0 clean, 1 findings. Errors throw. */
export async function runScanCommand(path: string, options: ScanCommandOptions): Promise<number> {
  if (options.history && options.range)
    throw new ScanInputError('--history and --range cannot be used together');
  const source: ScanSource = options.history
    ? { kind: 'history' }
    : options.range
      ? { kind: 'range', range: options.range }
      : { kind: 'tree' };
  const ignore = await loadIgnoreFile(
    options.ignoreFile ?? join(path, DEFAULT_IGNORE_FILE),
    Boolean(options.ignoreFile),
  );
  const progress = terminalProgress();
  const result = await scan({
    path,
    source,
    ignore,
    onProgress: progress.update,
    onWarning:
      options.format === 'text'
        ? undefined
        : (message) => process.stderr.write(`warning: ${message}\n`),
  });
  progress.clear();
  const report = formatResult(result, options.format);
  if (options.output) await writeFile(options.output, report);
  else process.stdout.write(report);
  return result.findings.length ? 1 : 0;
}
