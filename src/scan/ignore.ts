import { readFile } from 'node:fs/promises';
import picomatch from 'picomatch';
import type { Finding } from './findings.js';

export const DEFAULT_IGNORE_FILE = '.ec2-key-rotate-ignore';

/** One entry of the ignore file; every entry must say why. */
export interface IgnoreEntry {
  pattern: string;
  kind: 'fingerprint' | 'path';
  reason: string;
  line: number;
}

export class IgnoreFileError extends Error {
  override name = 'IgnoreFileError';
}

/**
 * Parses `.ec2-key-rotate-ignore`: one entry a line, a path glob or a key id
 * (`SHA256:…` or `block:…`), then `#` and the reason. Lines starting with `#`
 * are comments.
 */
export function parseIgnoreFile(text: string, source = DEFAULT_IGNORE_FILE): IgnoreEntry[] {
  const entries: IgnoreEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const match = /^(\S+)\s+#\s*(.*)$/.exec(line);
    const reason = match?.[2]?.trim();
    if (!match?.[1] || !reason) {
      throw new IgnoreFileError(
        `${source}:${index + 1}: every entry needs a reason: "<path glob or SHA256:…>  # why it is safe"`,
      );
    }
    const pattern = match[1];
    const kind = /^(SHA256:|block:)/.test(pattern) ? 'fingerprint' : 'path';
    entries.push({ pattern, kind, reason, line: index + 1 });
  });
  return entries;
}

export async function loadIgnoreFile(file: string, required: boolean): Promise<IgnoreEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No default file, or PATH is not a directory (scan says so in its own words).
    if (!required && (code === 'ENOENT' || code === 'ENOTDIR')) return [];
    throw new IgnoreFileError(`cannot read ignore file ${file}: ${code ?? 'error'}`);
  }
  return parseIgnoreFile(text, file);
}

/**
 * Drops ignored findings and ignored locations. A finding is suppressed when
 * its id is listed or when every location matches a path glob.
 */
export function applyIgnore(
  findings: Finding[],
  entries: IgnoreEntry[],
): { kept: Finding[]; suppressed: number } {
  const ids = new Set(
    entries.filter((entry) => entry.kind === 'fingerprint').map((entry) => entry.pattern),
  );
  const globs = entries.filter((entry) => entry.kind === 'path').map((entry) => entry.pattern);
  const pathIgnored = globs.length ? picomatch(globs, { dot: true }) : () => false;
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const locations = finding.locations.filter((location) => !pathIgnored(location.path));
    if (ids.has(finding.id) || locations.length === 0) suppressed++;
    else kept.push({ ...finding, locations });
  }
  return { kept, suppressed };
}
