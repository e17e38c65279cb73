import type { Finding, Omitted } from './findings.js';

/**
 * Which findings make a scan fail (exit 1, and the action's
 * `fail-on-findings`):
 * - `key` (the default): real keys: blocks that parse, and whole encrypted
 *   blocks (the passphrase hides the public half, not the leak);
 * - `placeholder` or `any`: every finding, documentation placeholders and
 *   fragments (truncated or corrupted blocks) too;
 * - `none`: nothing (report only).
 */
export const FAIL_ON = ['key', 'placeholder', 'any', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** A real private key, not a placeholder or a fragment. */
export function isRealKey(finding: Finding): boolean {
  if (finding.placeholder || finding.truncated) return false;
  return finding.confidence === 'high' || finding.encrypted;
}

/** True when `finding` alone makes the scan fail under `failOn`. */
export function failsScan(finding: Finding, failOn: FailOn = 'key'): boolean {
  if (failOn === 'none') return false;
  return failOn !== 'key' || isRealKey(finding);
}

/**
 * True when the scan fails under `failOn`. Blocks past the per-scan limit,
 * and encrypted blocks a file's limit left unlisted, have no finding to
 * stand for them, so they count here.
 */
export function scanFails(
  result: { findings: Finding[]; omitted?: Omitted },
  failOn: FailOn = 'key',
): boolean {
  if (failOn === 'none') return false;
  if (result.findings.some((finding) => failsScan(finding, failOn))) return true;
  const omitted = result.omitted;
  if (!omitted) return false;
  const unlisted = omitted.unlistedEncrypted ?? 0;
  if (failOn === 'key') return omitted.encrypted + unlisted > 0;
  return omitted.placeholders + omitted.encrypted + omitted.others + unlisted > 0;
}
