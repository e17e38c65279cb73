import type { Finding } from '../scan/findings.js';
import type { Incomplete, ScanResult } from '../scan/scan.js';
import { describeKey } from './describe.js';
import { escapeLogLine, quoteForLog, quotePathForLog } from './log-escape.js';

/** Places listed per key; the JSON report lists them all. */
export const TEXT_PLACES_PER_KEY = 20;

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function* findingLines(finding: Finding, index: number): Generator<string> {
  yield '';
  yield `[${index + 1}] ${describeKey(finding)}`;
  yield `    fingerprint: ${finding.fingerprint ?? `none (${escapeLogLine(finding.note ?? 'not recoverable')})`}`;
  const ec2 = finding.ec2Fingerprints;
  if (ec2.imported) yield `    EC2 fingerprint (imported key pair): ${ec2.imported}`;
  if (ec2.created) yield `    EC2 fingerprint (AWS-created key pair): ${ec2.created}`;
  if (ec2.ed25519) yield `    EC2 fingerprint (ED25519 key pair): ${ec2.ed25519}`;
  const shown = finding.locations.slice(0, TEXT_PLACES_PER_KEY);
  for (const location of shown) {
    const commit = location.commit
      ? ` in ${quoteForLog(location.commit.slice(0, 12))}${location.author ? ` by ${quoteForLog(location.author)}` : ''}${location.authorDate ? `, ${quoteForLog(location.authorDate)}` : ''}`
      : '';
    yield `    at ${quotePathForLog(location.path)}:${location.line}${commit}`;
  }
  const more = finding.locations.length - shown.length + (finding.omittedPlaces ?? 0);
  if (more) yield `    … and ${plural(more, 'more place')} (--format json lists them)`;
  const introduced = finding.locations[0]?.introducedBy;
  if (introduced) yield `    introduced by commit ${quoteForLog(introduced)}`;
}

/** Unreadable paths a summary names; the JSON names more. */
const NAMED_UNREADABLE = 3;

/**
 * What an incomplete scan could not read, in one line: how many paths, the
 * first few each quoted as `quoteForLog` quotes paths (so that no name can
 * break the line, start a workflow command or pass for two names).
 */
export function incompleteSummary(incomplete: Incomplete): string {
  const { unreadable, paths, reasons = [] } = incomplete;
  const parts: string[] = [];
  if (unreadable || !reasons.length) {
    const shown = paths.slice(0, NAMED_UNREADABLE);
    const more = unreadable - shown.length;
    const names = shown.map(quotePathForLog).join(', ') + (more > 0 ? ` and ${more} more` : '');
    parts.push(
      `${plural(unreadable, 'path')} could not be read` +
        (names ? ` (${names})` : '') +
        ': what they hold was not scanned',
    );
  }
  // Each a sentence of the scanner's that may name a path from the repository (the file a
  // stopped git waited on): escaped, so that it keeps to one line and opens no command.
  for (const reason of reasons) parts.push(escapeLogLine(reason));
  return `scan incomplete: ${parts.join('; ')}`;
}

/**
 * The report for people, line by line. Fingerprints and places only: never
 * key material. Paths, authors and dates come from the repository: each is
 * quoted the way git quotes paths, so no line of the report can start a
 * workflow command. Warnings are not part of it: they go to stderr.
 */
export function textReport(result: ScanResult): Iterable<string> {
  return (function* lines() {
    const { findings, stats } = result;
    const scanned = stats.blobsScanned
      ? `${stats.blobsScanned} blobs`
      : `${stats.filesScanned} files`;
    yield (
      `${findings.length ? `${plural(findings.length, 'private key')} found` : 'No private keys found'}` +
      ` in ${scanned} (${formatBytes(stats.bytesScanned)}, ${stats.elapsedMs} ms)` +
      (stats.suppressed ? `; ${stats.suppressed} suppressed by the ignore file` : '') +
      '\n'
    );
    for (let index = 0; index < findings.length; index++)
      for (const line of findingLines(findings[index] as Finding, index)) yield `${line}\n`;
    const omitted = result.omitted;
    const unlisted = omitted
      ? omitted.perFile + omitted.placeholders + omitted.encrypted + omitted.others
      : 0;
    if (unlisted)
      yield `\n${plural(unlisted, 'more low-confidence block')} (placeholders, encrypted PEM, truncated or unparsable) not listed: see the warnings\n`;
    if (result.incomplete) yield `\n${incompleteSummary(result.incomplete)}\n`;
  })();
}

/** The whole report as one string. */
export function toText(result: ScanResult): string {
  return [...textReport(result)].join('');
}
