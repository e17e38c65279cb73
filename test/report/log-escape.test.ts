/**
 * Log lines: nothing from a repository, a host or AWS can start a workflow
 * command (`::name::` or the older `##[name]`) or add a line.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { annotate } from '../../src/action/outputs.js';
import {
  escapeLogLine,
  escapeLogLines,
  quoteForLog,
  quotePathForLog,
  untrustedBlock,
} from '../../src/report/log-escape.js';
import { rotationText } from '../../src/report/rotation.js';
import { toJson } from '../../src/report/json.js';
import { toSarif } from '../../src/report/sarif.js';
import { toText } from '../../src/report/text.js';
import type { Finding } from '../../src/scan/findings.js';
import type { ScanResult } from '../../src/scan/scan.js';

const HOSTILE = [
  'x.pem\n::warning title=Injected::owned',
  'x.pem\r\n::stop-commands::abc',
  'x.pem\n  ::add-mask::hide-me',
  '::error::at the start',
  '   ::notice::after spaces',
  '\u00a0::notice::after a no-break space',
  'x.pem\u2028::warning::after a line separator',
  'x.pem\u0085::warning::after NEL',
  'x.pem\n##[error]old style',
  'x.pem\v::warning::vertical tab',
  'x ##[error]legacy command mid-line',
  'a##[add-mask]abc',
  '##[stop-commands]token',
  '###[warning]three hashes',
  'Evil ##[set-output name=x;]y',
];

/**
 * Lines the runner would read as a command: `::` after whitespace (.NET
 * TrimStart), or the legacy `##[` anywhere (its parser uses IndexOf).
 */
const commandLines = (log: string): string[] =>
  log
    .split(/\r\n|\n|\r/)
    .filter((line) => /^[\s\u00a0\u2028\u2029\u0085\ufeff]*::/u.test(line) || line.includes('##['));

describe('quoteForLog', () => {
  it('leaves plain values alone, as git does', () => {
    for (const value of ['deploy/prod.pem', 'keys/日本.pem', 'a b.pem', 'me@example.com'])
      expect(quoteForLog(value)).toBe(value);
  });

  it('quotes like core.quotePath: C escapes, octal bytes, quotes and backslashes', () => {
    expect(quoteForLog('a\nb')).toBe('"a\\nb"');
    expect(quoteForLog('tab\there')).toBe('"tab\\there"');
    expect(quoteForLog('q"b\\')).toBe('"q\\"b\\\\"');
    expect(quoteForLog('bell\x07\x1b[31m')).toBe('"bell\\a\\033[31m"');
    expect(quoteForLog('ls\u2028x')).toBe('"ls\\342\\200\\250x"');
    expect(quoteForLog('')).toBe('""');
  });

  it('defuses a legacy `##[` anywhere with an octal escape git would decode back', () => {
    expect(quoteForLog('x ##[error]y')).toBe('"x #\\043[error]y"');
    expect(escapeLogLine('at x ##[error]pwned:1')).toBe('at x #\\043[error]pwned:1');
    expect(escapeLogLine('# [not a command] ## [nor this]')).toBe(
      '# [not a command] ## [nor this]',
    );
  });

  it('never yields a line break or a command at the start of a line', () => {
    for (const value of HOSTILE) {
      const quoted = quoteForLog(value);
      expect(quoted).not.toMatch(/[\r\n\u2028\u2029\u0085\v\f]/u);
      expect(commandLines(quoted)).toEqual([]);
      expect(commandLines(`prefix ${quoted}`)).toEqual([]);
    }
  });
});

describe('escapeLogLine', () => {
  it('keeps a message readable, escaping only what would break the line', () => {
    expect(escapeLogLine('cannot read "a.pem": no such file')).toBe(
      'cannot read "a.pem": no such file',
    );
    expect(escapeLogLine('bad\nline')).toBe('bad\\nline');
  });

  it('quotes a whole message that would start a command', () => {
    for (const value of HOSTILE) expect(commandLines(escapeLogLine(value))).toEqual([]);
    expect(escapeLogLine('::add-mask::x')).toBe('"::add-mask::x"');
  });

  it('escapeLogLines keeps the lines and escapes each', () => {
    expect(escapeLogLines('a\n::x::\n')).toBe('a\n"::x::"\n');
  });
});

describe('untrustedBlock', () => {
  it('wraps the lines in stop-commands with a fresh random token', () => {
    const block = untrustedBlock('one\n::warning::two\n');
    const lines = block.split('\n');
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0] ?? '')?.[1];
    expect(token).toBeDefined();
    expect(lines.at(-1)).toBe(`::${token}::`);
    expect(lines.slice(1, -1)).toEqual(['one', '"::warning::two"']);
    expect(untrustedBlock('x')).not.toBe(untrustedBlock('x'));
  });
});

function finding(path: string, author: string | null = null): Finding {
  return {
    id: 'SHA256:abc',
    fingerprint: 'SHA256:abc',
    ec2Fingerprints: { imported: null, created: null, ed25519: null },
    keyType: 'ed25519',
    format: 'openssh',
    bits: 256,
    encrypted: false,
    parsed: true,
    note: null,
    confidence: 'high',
    placeholder: false,
    truncated: false,
    locations: [
      {
        path,
        line: 1,
        commit: author ? '0123456789abcdef0123' : null,
        introducedBy: null,
        author,
        authorDate: author ? '2026-11-30T09:00:00Z' : null,
      },
    ],
  } as unknown as Finding;
}

const result = (findings: Finding[], warnings: string[] = []): ScanResult =>
  ({
    findings,
    stats: { filesScanned: 1, blobsScanned: 0, bytesScanned: 10, suppressed: 0, elapsedMs: 1 },
    warnings,
  }) as unknown as ScanResult;

describe('the reports printed to the log', () => {
  it('toText quotes paths and authors: no hostile line survives', () => {
    const text = toText(
      result(
        HOSTILE.map((path) => finding(path, path)),
        HOSTILE,
      ),
    );
    expect(commandLines(text)).toEqual([]);
    expect(text).toContain('at "x.pem\\n::warning title=Injected::owned":1');
  });

  it('JSON and SARIF on stdout hold no legacy command, and parse back to the same names', () => {
    const paths = HOSTILE.filter((path) => path.includes('##['));
    const findings = paths.map((path) => finding(path, path));
    const json = toJson(result(findings, paths));
    const sarif = toSarif(result(findings));
    for (const text of [json, sarif]) expect(commandLines(text)).toEqual([]);
    const parsed = JSON.parse(json) as { findings: { locations: { path: string }[] }[] };
    expect(parsed.findings.map((item) => item.locations[0]?.path)).toEqual(paths);
    const log = JSON.parse(sarif) as {
      runs: {
        results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    const uris = log.runs[0]?.results.map(
      (item) => item.locations[0]?.physicalLocation.artifactLocation.uri,
    );
    expect(uris?.map((uri) => decodeURIComponent(uri ?? ''))).toEqual(paths);
  });

  it('rotationText escapes key pair names, Name tags and host output', () => {
    const text = rotationText({
      unmatched: [{ id: HOSTILE[0] as string, reason: HOSTILE[1] as string }],
      errors: [
        { keyName: HOSTILE[2] as string, region: 'us-east-1', message: HOSTILE[3] as string },
      ],
      leaks: [],
      rotations: [
        {
          leakedFingerprint: null,
          keyName: HOSTILE[4] as string,
          region: 'us-east-1',
          matchedBy: HOSTILE[5] as string,
          dryRun: true,
          resumed: false,
          previousStep: null,
          newKey: null,
          published: null,
          hosts: [
            {
              instanceId: 'i-0123456789abcdef0',
              region: 'us-east-1',
              name: HOSTILE[6] as string,
              outcome: 'planned',
              phase: null,
              reason: HOSTILE[7] as string,
              waysBack: [HOSTILE[8] as string],
            },
          ],
        },
      ],
    } as never);
    expect(commandLines(text)).toEqual([]);
  });
});

describe('annotations', () => {
  afterEach(() => vi.restoreAllMocks());

  function annotationLines(paths: string[]): string[] {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    annotate(result(paths.map((path) => finding(path))));
    return written.join('').split('\n').filter(Boolean);
  }

  it('one line each, no command in it, whatever the path holds', () => {
    const lines = annotationLines(HOSTILE);
    expect(lines).toHaveLength(HOSTILE.length);
    for (const line of lines) expect(line).toMatch(/^::error title=Leaked private key[,:]/);
    // A name with a line break is told in the message, escaped: it cannot point at a file anyway.
    expect(lines[0]).toBe(
      '::error title=Leaked private key::Committed private key SHA256:abc at "x.pem\\n::warning title=Injected::owned":1',
    );
  });

  it('never carry a control character of a file name into the log (terminal escapes, BEL, DEL, C1)', () => {
    const names = [
      't\x1b]0;PWNED\x07',
      'c\x1b[2J',
      'b\bX',
      'd\x7f',
      'c1\u009b2J',
      'e\u202egnp.pem',
    ];
    const lines = annotationLines(names);
    expect(lines).toHaveLength(names.length);
    for (const line of lines) {
      const codes = [...line].map((char) => char.codePointAt(0) as number);
      expect(
        codes.filter((code) => code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x202e),
      ).toEqual([]);
      expect(line).not.toContain('file=');
    }
    expect(lines[0]).toContain('at "t\\033]0;PWNED\\a":1');
  });

  it('point at the file when its name is plain', () => {
    expect(annotationLines(['keys/id_rsa,x:y.pem'])).toEqual([
      '::error title=Leaked private key,file=keys/id_rsa%2Cx%3Ay.pem,line=1::Committed private key SHA256:abc',
    ]);
  });
});

describe('paths the scanner quoted as git does (names that are not UTF-8)', () => {
  it.each([
    ['"id_\\377"', '"id_\\377"'],
    ['"\\"quoted\\""', '"\\"quoted\\""'],
    ['"\u001b[2J\\377"', '"\\033[2J\\377"'],
    ['"a ##[error]x\\377"', '"a #\\043[error]x\\377"'],
    ['id"rsa', '"id\\"rsa"'],
    ['plain/id_rsa', 'plain/id_rsa'],
  ])('%j is shown quoted once: %s', (path, shown) => {
    expect(quotePathForLog(path)).toBe(shown);
    expect(toText(result([finding(path)]))).toContain(`    at ${shown}:1\n`);
  });
});
