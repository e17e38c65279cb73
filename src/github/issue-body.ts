/**
 * The leak issue's title, body and follow-up comments, as Markdown. Built
 * from findings and rotation reports only: fingerprints, paths, public
 * facts. No field of a Finding holds key material, and nothing here reads
 * any other source.
 */
import type { RotationReport } from '../aws/rotate.js';
import { describeKey } from '../report/describe.js';
import type { Finding, Location } from '../scan/findings.js';
import { MESSAGES, type Language, type Messages } from './messages.js';
import { needsAttention } from '../aws/outcome.js';
import { cell, cellCode, code, fencedBlock, shellQuote, text } from './markdown.js';

/** Hidden marker that finds the issue of one key again. */
export function issueMarker(keyId: string): string {
  return `<!-- ec2-key-rotate:leak key=${keyId} -->`;
}

export function markerKeyId(body: string | null | undefined): string | null {
  return /<!-- ec2-key-rotate:leak key=(\S+) -->/.exec(body ?? '')?.[1] ?? null;
}

export type RotationStatus = keyof Messages['rotationStatus'];

/** What one run did about one leaked key. */
export interface LeakReport {
  finding: Finding;
  /** The rotations of key pairs this key opens (empty when none matched or none was attempted). */
  rotations: RotationReport[];
  status: RotationStatus;
  /** Whether AWS was asked at all (a scan-only run is not). */
  lookedUp: boolean;
  errors: string[];
  /** The Actions secret updated with the new private key, if any. */
  secretUpdated: string | null;
}

export interface RunInfo {
  /** Link to the workflow run (or a plain label on a laptop). */
  link: string;
  /** owner/repo that was scanned, when the issue lives in another repository. */
  scanned: string | null;
  event: string;
  at: string;
}

const short = (sha: string | null): string => (sha ? sha.slice(0, 12) : '');

function ec2Forms(finding: Finding): string {
  const forms = [
    finding.ec2Fingerprints.imported &&
      `imported RSA ${cellCode(finding.ec2Fingerprints.imported)}`,
    finding.ec2Fingerprints.created &&
      `AWS-created RSA ${cellCode(finding.ec2Fingerprints.created)}`,
    finding.ec2Fingerprints.ed25519 && `ED25519 ${cellCode(finding.ec2Fingerprints.ed25519)}`,
  ].filter(Boolean);
  return forms.length ? forms.join('<br>') : '—';
}

function keyTable(finding: Finding, m: Messages): string[] {
  return [
    `## ${m.keySection}`,
    '',
    '| | |',
    '|---|---|',
    `| ${m.type} | ${cell(describeKey(finding))} |`,
    `| ${m.fingerprint} | ${finding.fingerprint ? cellCode(finding.fingerprint) : m.noFingerprint} |`,
    `| ${m.ec2Fingerprint} | ${ec2Forms(finding)} |`,
    `| ${m.encrypted} | ${finding.encrypted ? m.yes : m.no} |`,
    '',
  ];
}

function locationRows(locations: Location[], m: Messages): string[] {
  const rows = locations.map(
    (place) =>
      `| ${cellCode(place.path)} | ${place.line} | ${place.commit ? cellCode(short(place.commit)) : m.workingTree} | ${cell(place.author ?? '')} | ${cell(place.authorDate ?? '')} |`,
  );
  return [
    `| ${m.path} | ${m.line} | ${m.commit} | ${m.author} | ${m.date} |`,
    '|---|---|---|---|---|',
    ...rows,
  ];
}

function whereSection(finding: Finding, run: RunInfo, m: Messages): string[] {
  const introducedBy = finding.locations.find((place) => place.introducedBy)?.introducedBy ?? null;
  return [
    `## ${m.whereSection}`,
    '',
    ...(run.scanned ? [m.inRepository(text(run.scanned)), ''] : []),
    ...locationRows(finding.locations, m),
    '',
    ...(introducedBy ? [m.introducedBy(text(introducedBy)), ''] : []),
  ];
}

function pairsSection(report: LeakReport, m: Messages): string[] {
  const lines = [`## ${m.pairsSection}`, ''];
  if (!report.lookedUp) return [...lines, m.notLookedUp, ''];
  if (!report.rotations.length) return [...lines, m.noPairs, ''];
  for (const rotation of report.rotations) {
    lines.push(
      m.pairLine(text(rotation.keyName), text(rotation.region), text(rotation.matchedBy)),
      '',
    );
    if (rotation.hosts.length) {
      lines.push(`| ${m.instance} | ${m.outcome} | ${m.detail} |`, '|---|---|---|');
      for (const host of rotation.hosts) {
        const name = host.name ? ` (${cell(host.name)})` : '';
        lines.push(
          `| ${cellCode(host.instanceId)}${name} | ${m.outcomes[host.outcome] ?? cell(host.outcome)} | ${cell(host.reason)} |`,
        );
      }
      lines.push('');
    }
  }
  return lines;
}

function doneLines(report: LeakReport, m: Messages): string[] {
  const lines = [m.rotationStatus[report.status]];
  for (const rotation of report.rotations) {
    if (rotation.newKey)
      lines.push(
        m.newKeyLine(code(rotation.newKey.fingerprint), code(rotation.newKey.parameterName)),
      );
    if (rotation.published)
      lines.push(
        m.publishedLine(
          text(rotation.published.keyName),
          rotation.published.retired === null ? null : text(rotation.published.retired),
        ),
      );
  }
  if (report.secretUpdated) lines.push(m.secretLine(code(report.secretUpdated)));
  for (const error of report.errors) lines.push(`**Error:** ${text(error)}`);
  return lines.map((line) => `- ${line}`);
}

/** Paths that name a place in the repository (not "(stdin)" and the like). */
function repositoryPaths(finding: Finding): string[] {
  return [...new Set(finding.locations.map((place) => place.path))].filter(
    (path) => !path.startsWith('('),
  );
}

/** The shell command that drops the paths from history, each path one quoted argument. */
export function purgeCommand(finding: Finding): string {
  return [
    'git',
    'filter-repo',
    '--invert-paths',
    ...repositoryPaths(finding).flatMap((path) => ['--path', path]),
  ]
    .map(shellQuote)
    .join(' ');
}

/** A list item's continuation: every line indented under the item's text. */
const underItem = (block: string): string =>
  block
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

function todoSection(report: LeakReport, m: Messages): string[] {
  const { finding } = report;
  // History and push scans cannot tell whether a path still holds the key today: name them all.
  const paths = repositoryPaths(finding);
  const since =
    finding.locations
      .map((place) => place.authorDate)
      .filter((date): date is string => Boolean(date))
      .sort()[0] ?? 'the commit';
  const unreached = report.rotations.flatMap((rotation) =>
    rotation.hosts.filter((host) => needsAttention(host.outcome)).map((host) => host.instanceId),
  );
  const items = [
    ...(paths.length ? [m.todo.remove(paths.map((path) => code(path)).join(', '))] : []),
    // A fenced block may interrupt the item's paragraph: the list stays tight.
    `${m.todo.purge}\n${underItem(fencedBlock('sh', purgeCommand(finding)))}`,
    m.todo.forks,
    m.todo.logs(code(`Accepted publickey … ${finding.fingerprint ?? finding.id}`), text(since)),
    ...(unreached.length ? [m.todo.unreached(unreached.map((id) => code(id)).join(', '))] : []),
    m.todo.images,
    m.todo.sessionManager,
    m.todo.close,
  ];
  return [`## ${m.todoSection}`, '', ...items.map((item) => `- [ ] ${item}`), ''];
}

export function issueTitle(finding: Finding, language: Language): string {
  return MESSAGES[language].title(finding.fingerprint ?? finding.id);
}

/** The issue body, written when the issue is opened (and completed once by that same run). */
export function issueBody(report: LeakReport, run: RunInfo, language: Language): string {
  const m = MESSAGES[language];
  return [
    issueMarker(report.finding.id),
    m.intro,
    '',
    ...keyTable(report.finding, m),
    ...whereSection(report.finding, run, m),
    ...pairsSection(report, m),
    `## ${m.doneSection}`,
    '',
    ...doneLines(report, m),
    '',
    ...todoSection(report, m),
    `<sub>${m.footer(`${run.link}, ${text(run.event)}, ${text(run.at)}`)}</sub>`,
    '',
  ].join('\n');
}

/** A later run's results: a comment, so the issue's history is never rewritten. */
export function issueComment(report: LeakReport, run: RunInfo, language: Language): string {
  const m = MESSAGES[language];
  return [
    `### ${m.commentHeading(`${run.link} (${text(run.event)}, ${text(run.at)})`)}`,
    '',
    run.scanned ? `${m.inRepository(text(run.scanned))} ${m.stillPresent}` : m.stillPresent,
    '',
    ...locationRows(report.finding.locations, m),
    '',
    ...pairsSection(report, m).slice(2),
    ...doneLines(report, m),
    '',
  ].join('\n');
}
