import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FindingCollector, type Finding, type Omitted } from './findings.js';
import { applyIgnore, type IgnoreDiagnostics, type IgnoreEntry } from './ignore.js';
import { scanHistory } from './sources/history.js';
import { scanRange } from './sources/range.js';
import { scanTree } from './sources/tree.js';

export type ScanSource = { kind: 'tree' } | { kind: 'history' } | { kind: 'range'; range: string };

export interface ScanOptions {
  path: string;
  source: ScanSource;
  ignore: IgnoreEntry[];
  onWarning?: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface ScanStats {
  filesScanned: number;
  blobsScanned: number;
  bytesScanned: number;
  suppressed: number;
  elapsedMs: number;
}

export interface ScanResult {
  findings: Finding[];
  stats: ScanStats;
  warnings: string[];
  /** Ignore entries that matched nothing, or that alone suppressed every finding. */
  ignore?: IgnoreDiagnostics;
  /** Low-confidence blocks the collector's limits left out (counted, not listed). */
  omitted?: Omitted;
}

export class ScanInputError extends Error {
  override name = 'ScanInputError';
}

/** Scans a working tree, a whole history or a push range for private keys. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const path = resolve(options.path);
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) throw new ScanInputError(`not a directory: ${options.path}`);

  const warnings: string[] = [];
  const onWarning = (message: string): void => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const collector = new FindingCollector(onWarning);
  const stats: ScanStats = {
    filesScanned: 0,
    blobsScanned: 0,
    bytesScanned: 0,
    suppressed: 0,
    elapsedMs: 0,
  };

  if (options.source.kind === 'tree') {
    const tree = await scanTree(
      path,
      (file, blocks) =>
        collector.addBlocks(blocks, [{ path: file, commit: null, author: null, authorDate: null }]),
      onWarning,
      options.onProgress,
    );
    stats.filesScanned = tree.filesScanned;
    stats.bytesScanned = tree.bytesScanned;
  } else {
    const objects =
      options.source.kind === 'history'
        ? await scanHistory(path, collector, onWarning)
        : await scanRange(path, options.source.range, collector, onWarning);
    stats.blobsScanned = objects.blobsScanned;
    stats.bytesScanned = objects.bytesScanned;
  }

  const omitted = collector.finish();
  const { kept, suppressed, diagnostics } = applyIgnore(collector.findings(), options.ignore);
  stats.suppressed = suppressed;
  stats.elapsedMs = Math.round(performance.now() - started);
  return { findings: kept.sort(byFirstLocation), stats, warnings, ignore: diagnostics, omitted };
}

function byFirstLocation(a: Finding, b: Finding): number {
  const left = a.locations[0];
  const right = b.locations[0];
  return (
    (left?.path ?? '').localeCompare(right?.path ?? '') || (left?.line ?? 0) - (right?.line ?? 0)
  );
}
