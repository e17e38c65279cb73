import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import picomatch from 'picomatch';
import type { Finding } from './findings.js';

export const DEFAULT_IGNORE_FILE = '.ec2-key-rotate-ignore';
/** An ignore file larger than this is refused: it is a list of entries, not data. */
export const MAX_IGNORE_BYTES = 1024 * 1024;

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

/**
 * Loads an ignore file. `required`: the user named it (`--ignore-file`): it
 * must exist, and a link is followed. Otherwise it is the default one, which
 * the scanned repository provides (hostile content): missing is fine, and a
 * link is not followed.
 */
export async function loadIgnoreFile(file: string, required: boolean): Promise<IgnoreEntry[]> {
  const text = await readIgnoreText(file, required);
  return text === null ? [] : parseIgnoreFile(text, file);
}

/**
 * The text of an ignore file, or null when a default one is absent. Opened
 * without blocking (a FIFO never stalls the scan) and, unless the user named
 * it, without following a link (`-> /dev/zero`); then it must be a regular
 * file of at most MAX_IGNORE_BYTES.
 */
async function readIgnoreText(file: string, named: boolean): Promise<string | null> {
  const cannot = (why: string): IgnoreFileError =>
    new IgnoreFileError(`cannot read ignore file ${file}: ${why}`);
  const flags =
    constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (named ? 0 : (constants.O_NOFOLLOW ?? 0));
  let handle: FileHandle;
  try {
    handle = await open(file, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No default file, or PATH is not a directory (scan says so in its own words).
    if (!named && (code === 'ENOENT' || code === 'ENOTDIR')) return null;
    const info = code === 'ELOOP' || code === 'ENXIO' ? await lstat(file).catch(() => null) : null;
    if (info?.isSymbolicLink())
      throw cannot(
        'it is a symbolic link, not followed in the scanned repository (name the file it points to with --ignore-file)',
      );
    if (info?.isSocket()) throw cannot('not a regular file (a socket)');
    throw cannot(code ?? 'error');
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw cannot('EISDIR');
    if (!info.isFile())
      throw cannot(`not a regular file (${info.isFIFO() ? 'a FIFO' : 'a device'})`);
    const tooLarge = `larger than ${MAX_IGNORE_BYTES / 1024 / 1024} MiB`;
    if (info.size > MAX_IGNORE_BYTES) throw cannot(tooLarge);
    // Up to one byte more than the limit: a file that grew since its stat is still caught.
    const buffer = Buffer.allocUnsafe(MAX_IGNORE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_IGNORE_BYTES) throw cannot(tooLarge);
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof IgnoreFileError) throw error;
    throw cannot((error as NodeJS.ErrnoException).code ?? 'error');
  } finally {
    await handle.close();
  }
}

/** Characters that make a path component a glob rather than a literal name. */
const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/**
 * The picomatch globs for one gitignore-like path entry:
 * - a leading `/` anchors the pattern at the repository root;
 * - a pattern with no other `/` (`id_rsa`, `*.key`) matches a name at any depth;
 * - a pattern with a `/` (`test/fixtures/*.pem`) is relative to the root;
 * - a pattern that names a directory also matches everything beneath it
 *   (`fixtures/` or `fixtures` covers `fixtures/a/b`).
 */
export function pathGlobs(pattern: string): string[] {
  const trimmed = pattern.replace(/\/+$/, '');
  const anchored = trimmed.startsWith('/') || trimmed.includes('/');
  const body = trimmed.replace(/^\/+/, '');
  const base = anchored ? body : `**/${body}`;
  return [base, `${base}/**`];
}

/**
 * Why a path entry is refused where the ignore file is untrusted input, or
 * null when it is narrow enough: it must name at least one literal directory
 * or file name (`fixtures/**`, `**\/id_rsa_test`), so that `*`, `**`, `/**`,
 * `**\/*` or `*.pem` cannot silence a whole repository. Negation (`!`) is not
 * supported. Fingerprint entries are always accepted.
 */
export function refusal(entry: IgnoreEntry): string | null {
  if (entry.kind === 'fingerprint') return null;
  if (entry.pattern.startsWith('!')) return 'negated entries (!) are not supported';
  const components = entry.pattern.split('/').filter((part) => part !== '');
  const literal = components.some(
    (part) => part !== '.' && part !== '..' && !GLOB_CHARS.test(part),
  );
  return literal
    ? null
    : 'a path entry must name at least one directory or file literally (catch-all globs are refused)';
}

/** Splits entries into those accepted and those refused (with the reason). */
export function refuseCatchAll(entries: IgnoreEntry[]): {
  accepted: IgnoreEntry[];
  refused: { entry: IgnoreEntry; why: string }[];
} {
  const accepted: IgnoreEntry[] = [];
  const refused: { entry: IgnoreEntry; why: string }[] = [];
  for (const entry of entries) {
    const why = refusal(entry);
    if (why) refused.push({ entry, why });
    else accepted.push(entry);
  }
  return { accepted, refused };
}

/** Entries that deserve a look: those that matched nothing, and those that alone suppress every finding. */
export interface IgnoreDiagnostics {
  unused: IgnoreEntry[];
  matchesAll: IgnoreEntry[];
}

/**
 * Drops ignored findings and ignored locations. A finding is suppressed when
 * its id is listed or when every location matches a path entry; each
 * suppressed finding is counted once.
 */
export function applyIgnore(
  findings: Finding[],
  entries: IgnoreEntry[],
): { kept: Finding[]; suppressed: number; diagnostics: IgnoreDiagnostics } {
  const matchers = entries.map((entry) =>
    entry.kind === 'fingerprint'
      ? null
      : picomatch(pathGlobs(entry.pattern), { dot: true, nonegate: true }),
  );
  const hits = entries.map(() => 0);
  const alone = entries.map(() => 0);
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const byEntry = entries.map((entry, index) => {
      if (entry.kind === 'fingerprint') return entry.pattern === finding.id;
      const matcher = matchers[index];
      const matched = finding.locations.filter((location) => matcher?.(location.path)).length;
      if (matched) hits[index] = (hits[index] ?? 0) + 1;
      return matched === finding.locations.length && matched > 0;
    });
    byEntry.forEach((suppresses, index) => {
      if (!suppresses) return;
      alone[index] = (alone[index] ?? 0) + 1;
      if (entries[index]?.kind === 'fingerprint') hits[index] = (hits[index] ?? 0) + 1;
    });
    const locations = finding.locations.filter(
      (location) => !matchers.some((matcher) => matcher?.(location.path)),
    );
    if (byEntry.some(Boolean) || locations.length === 0) suppressed++;
    else kept.push({ ...finding, locations });
  }
  const diagnostics: IgnoreDiagnostics = {
    unused: entries.filter((_entry, index) => hits[index] === 0),
    matchesAll: entries.filter(
      (_entry, index) => findings.length >= 2 && alone[index] === findings.length,
    ),
  };
  return { kept, suppressed, diagnostics };
}

/** Whether a path rule of `entries` covers `path` (fingerprint rules name no path). */
export function pathIgnoredBy(entries: IgnoreEntry[]): (path: string) => boolean {
  const matchers = entries
    .filter((entry) => entry.kind === 'path')
    .map((entry) => picomatch(pathGlobs(entry.pattern), { dot: true, nonegate: true }));
  return (path) => matchers.some((matcher) => matcher(path));
}

/**
 * Encrypted blocks the per-file limit left unlisted that no path rule
 * covers in every place: a fingerprint rule cannot name them (no finding
 * shows their id), so only a rule on the file accepts them.
 */
export function unlistedEncryptedKept(
  unlisted: { paths: string[] | null; count: number }[],
  entries: IgnoreEntry[],
): number {
  const ignored = pathIgnoredBy(entries);
  return unlisted
    .filter(({ paths }) => !paths?.length || !paths.every(ignored))
    .reduce((sum, { count }) => sum + count, 0);
}

/** Quotes text that came from the repository before it reaches a log. */
export const quoted = (text: string): string => JSON.stringify(text);

/**
 * One line per refused, unused or catch-everything entry, for warnings.
 * `unused`: whether to warn about entries that matched nothing (only
 * meaningful when the scan covered the whole tree or history; a push range
 * rarely touches the paths an entry names).
 */
export function ignoreWarnings(
  file: string,
  refused: { entry: IgnoreEntry; why: string }[],
  diagnostics: IgnoreDiagnostics | undefined,
  options: { unused: boolean } = { unused: true },
): string[] {
  const at = (entry: IgnoreEntry): string =>
    `${file}:${entry.line}: entry ${quoted(entry.pattern)}`;
  return [
    ...refused.map(({ entry, why }) => `${at(entry)} refused and not applied: ${why}`),
    ...(options.unused ? (diagnostics?.unused ?? []) : []).map(
      (entry) => `${at(entry)} matches nothing in this scan (remove it if it is stale)`,
    ),
    ...(diagnostics?.matchesAll ?? []).map(
      (entry) => `${at(entry)} suppresses every key this scan found: check that it is meant to`,
    ),
  ];
}
