import type { ScanResult } from '../scan/scan.js';
import { toJson } from './json.js';
import { toSarif } from './sarif.js';
import { toText } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatResult(result: ScanResult, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return toJson(result);
    case 'sarif':
      return toSarif(result);
    default:
      return toText(result);
  }
}
