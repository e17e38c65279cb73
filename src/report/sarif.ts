import type { KeyFormat } from '../keys/types.js';
import type { Finding } from '../scan/findings.js';
import type { ScanResult } from '../scan/scan.js';
import { REPOSITORY_URL, VERSION } from '../version.js';
import { describeKey } from './describe.js';
import { jsonPieces, withoutLegacyCommands, LazyArray } from './json-stream.js';
import { isRepositoryFile } from '../scan/location-kind.js';
import { isRealKey } from '../scan/fail-on.js';
import { pathBytes } from '../scan/path-text.js';

const FORMATS: KeyFormat[] = [
  'pkcs1',
  'pkcs8',
  'sec1',
  'openssh',
  'putty',
  'sshcom',
  'ssh1',
  'unknown',
];
const FORMAT_TITLES: Record<KeyFormat, string> = {
  pkcs1: 'PKCS#1 (RSA/DSA PEM)',
  pkcs8: 'PKCS#8 PEM',
  sec1: 'SEC1 (EC PEM)',
  openssh: 'OpenSSH',
  putty: 'PuTTY .ppk',
  sshcom: 'ssh.com (Tectia)',
  ssh1: 'SSH protocol 1',
  unknown: 'unrecognised',
};

const HELP =
  'A private key committed to git stays in every clone and fork, even after the file is deleted. ' +
  'Treat it as leaked: rotate the EC2 key pair it opens (ec2-key-rotate can do this through SSM), ' +
  'remove the file, purge it from history (git filter-repo) and review sshd and CloudTrail logs.';

/** What encodeURIComponent leaves as it is. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]$/;

/** A segment's bytes percent-encoded as encodeURIComponent encodes its UTF-8. */
function encodeBytes(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * A relative URI for a `/`-separated path: each segment percent-encoded, so
 * `#`, `?` and `%` in file names stay part of the path. A name that is not
 * UTF-8 (quoted, see pathText) is encoded from its own bytes, so the URI
 * names that file and no other.
 */
function pathUri(path: string): string {
  if (path.length >= 2 && path.startsWith('"') && path.endsWith('"')) {
    const bytes = pathBytes(path);
    const segments: Buffer[] = [];
    let from = 0;
    for (let at = bytes.indexOf(0x2f); at !== -1; at = bytes.indexOf(0x2f, from)) {
      segments.push(bytes.subarray(from, at));
      from = at + 1;
    }
    segments.push(bytes.subarray(from));
    return segments.map(encodeBytes).join('/');
  }
  return path.split('/').map(encodeURIComponent).join('/');
}

function ruleId(format: KeyFormat): string {
  return `private-key/${format}`;
}

/** One SARIF result per place of a finding, a place (path and line) once however many commits hold it. */
function* findingResults(finding: Finding): Generator<object> {
  const seen = new Set<string>();
  for (const location of finding.locations) {
    const key = `${location.path}\0${location.line}`;
    // Not a file (standard input, a commit message, an unreachable object): nothing to point at.
    // The typed flag, never the path's text: a file may be named `(x).pem`.
    if (seen.has(key) || !isRepositoryFile(location)) continue;
    seen.add(key);
    yield {
      ruleId: ruleId(finding.format),
      ruleIndex: FORMATS.indexOf(finding.format),
      level: isRealKey(finding) ? 'error' : 'warning',
      message: {
        text:
          `${describeKey(finding)} committed` +
          (finding.fingerprint ? ` (fingerprint ${finding.fingerprint})` : '') +
          (location.commit ? ` in commit ${location.commit}` : '') +
          '. Rotate the key pair it opens and purge it from history.',
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathUri(location.path), uriBaseId: '%SRCROOT%' },
            region: { startLine: location.line },
          },
        },
      ],
      partialFingerprints: { 'privateKeyId/v1': finding.id },
    };
  }
}

/**
 * An incomplete scan as SARIF says it (2.1.0, appendix I): an invocation
 * that did not succeed, with an error notification naming the first paths
 * that could not be read. A complete scan has none.
 */
function invocations(result: ScanResult): object[] | undefined {
  const incomplete = result.incomplete;
  if (!incomplete) return undefined;
  const { unreadable, paths, reasons = [] } = incomplete;
  const unread = {
    level: 'error',
    descriptor: { id: 'unreadable-path' },
    message: {
      text:
        `The scan is incomplete: ${unreadable} path${unreadable === 1 ? '' : 's'} could not be read ` +
        '(no permission, an I/O error): what they hold was not checked for private keys.',
    },
    locations: paths.map((path) => ({
      physicalLocation: { artifactLocation: { uri: pathUri(path), uriBaseId: '%SRCROOT%' } },
    })),
  };
  // Standard input that held nothing, a git stopped for waiting forever: said in words.
  const others = reasons.map((reason) => ({
    level: 'error',
    descriptor: { id: 'incomplete-scan' },
    message: { text: `The scan is incomplete: ${reason}.` },
  }));
  return [
    {
      executionSuccessful: false,
      toolExecutionNotifications: [...(unreadable || !reasons.length ? [unread] : []), ...others],
    },
  ];
}

/** SARIF 2.1.0 for GitHub code scanning, piece by piece: one rule per key format, one result per place. */
export function sarifReport(result: ScanResult): Iterable<string> {
  const rules = FORMATS.map((format) => ({
    id: ruleId(format),
    name: `CommittedPrivateKey${format[0]?.toUpperCase()}${format.slice(1)}`,
    shortDescription: { text: `Committed ${FORMAT_TITLES[format]} private key` },
    fullDescription: {
      text: `A ${FORMAT_TITLES[format]} private key is committed to the repository.`,
    },
    help: { text: HELP, markdown: HELP },
    defaultConfiguration: { level: 'error' },
    properties: {
      tags: ['security', 'secret', 'ssh'],
      precision: 'high',
      'security-severity': '9.0',
    },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ec2-key-rotate',
            version: VERSION,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        invocations: invocations(result),
        results: new LazyArray(
          (function* results() {
            for (const finding of result.findings) yield* findingResults(finding);
          })(),
        ),
      },
    ],
  };
  return (function* pieces() {
    yield* withoutLegacyCommands(jsonPieces(log));
    yield '\n';
  })();
}

/** The whole SARIF log as one string. */
export function toSarif(result: ScanResult): string {
  return [...sarifReport(result)].join('');
}
