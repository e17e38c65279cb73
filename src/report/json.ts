import type { Finding } from '../scan/findings.js';
import type { ScanResult } from '../scan/scan.js';
import { jsonPieces, withoutLegacyCommands, LazyArray } from './json-stream.js';

const NOTHING_OMITTED = { perFile: 0, placeholders: 0, encrypted: 0, others: 0 };

/**
 * One finding as the contract lists it. Fields are listed one by one so that
 * nothing added to a finding later can reach the output unseen.
 */
function findingJson(finding: Finding): object {
  return {
    id: finding.id,
    fingerprint: finding.fingerprint,
    md5: finding.md5,
    keyType: finding.keyType,
    bits: finding.bits,
    format: finding.format,
    encrypted: finding.encrypted,
    parsed: finding.parsed,
    confidence: finding.confidence,
    placeholder: finding.placeholder,
    truncated: finding.truncated,
    note: finding.note,
    publicKey: finding.publicKey,
    ec2Fingerprints: { ...finding.ec2Fingerprints },
    omittedPlaces: finding.omittedPlaces ?? 0,
    // Written place by place: a key can sit at a hundred thousand places.
    locations: new LazyArray(
      (function* places() {
        for (const location of finding.locations)
          yield {
            path: location.path,
            ...(location.kind ? { kind: location.kind } : {}),
            line: location.line,
            commit: location.commit,
            introducedBy: location.introducedBy,
            author: location.author,
            authorDate: location.authorDate,
          };
      })(),
    ),
  };
}

/** The scanner's JSON document (the CLI contract), piece by piece. */
export function jsonReport(result: ScanResult): Iterable<string> {
  const document = {
    findings: new LazyArray(
      (function* findings() {
        for (const finding of result.findings) yield findingJson(finding);
      })(),
    ),
    stats: result.stats,
    omitted: { ...NOTHING_OMITTED, ...result.omitted },
    // Only when the scan could not read some path: the report does not cover it.
    incomplete: result.incomplete && {
      unreadable: result.incomplete.unreadable,
      paths: result.incomplete.paths,
      // What else left it short (standard input empty, a git stopped), when anything did.
      ...(result.incomplete.reasons?.length ? { reasons: result.incomplete.reasons } : {}),
    },
    warnings: result.warnings,
  };
  return (function* pieces() {
    yield* withoutLegacyCommands(jsonPieces(document));
    yield '\n';
  })();
}

/** The whole document as one string: for small results (tests, the action's files). */
export function toJson(result: ScanResult): string {
  return [...jsonReport(result)].join('');
}
