import type { ScanResult } from '../scan/scan.js';
import { jsonReport } from './json.js';
import { sarifReport } from './sarif.js';
import { textReport } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The report in `format`, piece by piece: write it with `writePieces`, never join it whole. */
export function reportPieces(result: ScanResult, format: OutputFormat): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonReport(result);
    case 'sarif':
      return sarifReport(result);
    default:
      return textReport(result);
  }
}

/** The report as one string: for small results only. */
export function formatResult(result: ScanResult, format: OutputFormat): string {
  return [...reportPieces(result, format)].join('');
}
