import type { Finding, Omitted } from './findings.js';

/**
 * Which findings make a scan fail (exit 1):
 * - `key` (the default): every finding but documentation placeholders; a
 *   truncated, corrupted or encrypted block is still a leaked key;
 * - `placeholder` or `any`: placeholders too;
 * - `none`: nothing (report only).
 */
export const FAIL_ON = ['key', 'placeholder', 'any', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** True when `finding` alone makes the scan fail under `failOn`. */
export function failsScan(finding: Finding, failOn: FailOn = 'key'): boolean {
  if (failOn === 'none') return false;
  return failOn !== 'key' || !finding.placeholder;
}

/**
 * True when the scan fails under `failOn`. Blocks past the per-scan limit
 * have no finding to stand for them, so they count here.
 */
export function scanFails(
  result: { findings: Finding[]; omitted?: Omitted },
  failOn: FailOn = 'key',
): boolean {
  if (result.findings.some((finding) => failsScan(finding, failOn))) return true;
  const omitted = result.omitted;
  if (!omitted || failOn === 'none') return false;
  return omitted.others > 0 || (failOn !== 'key' && omitted.placeholders > 0);
}
