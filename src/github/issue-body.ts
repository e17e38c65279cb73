/**
 * The leak issue's title, body and follow-up comments, as Markdown. Built
 * from findings and rotation reports only: fingerprints, paths, public
 * facts. No field of a Finding holds key material, and nothing here reads
 * any other source.
 */
import type { RotationReport } from '../aws/rotate.js';
import { describeKey } from '../report/describe.js';
import type { Finding, Location } from '../scan/findings.js';
import { isRepositoryFile } from '../scan/location-kind.js';
import { MESSAGES, type Language, type Messages } from './messages.js';
import { needsAttention } from '../aws/outcome.js';
import { cell, cellCode, code, fencedBlock, shellQuote, text } from './markdown.js';
import { stateMarker, withoutState, type IssueState } from './issue-state.js';
import { auditSection } from './audit-section.js';
import type { AuditedKey } from '../aws/audit.js';

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
  /** "Was the key used?": this key's audit; null when the run did not audit. */
  audit?: AuditedKey | null;
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

/** Rows shown per table: a key copied to thousands of places must not exceed GitHub's 65,536-character body. */
export const MAX_ROWS = 50;

const moreRow = (hidden: number, columns: number, m: Messages): string[] =>
  hidden > 0 ? [`| ${m.moreRows(hidden)} |${' |'.repeat(columns - 1)}`] : [];

function locationRows(locations: Location[], m: Messages): string[] {
  const rows = locations
    .slice(0, MAX_ROWS)
    .map(
      (place) =>
        `| ${cellCode(place.path)} | ${place.line} | ${place.commit ? cellCode(short(place.commit)) : m.workingTree} | ${cell(place.author ?? '')} | ${cell(place.authorDate ?? '')} |`,
    );
  return [
    `| ${m.path} | ${m.line} | ${m.commit} | ${m.author} | ${m.date} |`,
    '|---|---|---|---|---|',
    ...rows,
    ...moreRow(locations.length - MAX_ROWS, 5, m),
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

const MAX_HOST_ROWS = 200;

function pairsSection(report: LeakReport, m: Messages): string[] {
  const lines = [`## ${m.pairsSection}`, ''];
  if (report.status === 'cannot-match') return [...lines, m.cannotMatch, ''];
  if (!report.lookedUp) return [...lines, m.notLookedUp, ''];
  if (!report.rotations.length) return [...lines, m.noPairs, ''];
  for (const rotation of report.rotations) {
    lines.push(
      m.pairLine(text(rotation.keyName), text(rotation.region), text(rotation.matchedBy)),
      '',
    );
    if (rotation.hosts.length) {
      lines.push(`| ${m.instance} | ${m.outcome} | ${m.detail} |`, '|---|---|---|');
      for (const host of rotation.hosts.slice(0, MAX_HOST_ROWS)) {
        const name = host.name ? ` (${cell(host.name)})` : '';
        lines.push(
          `| ${cellCode(host.instanceId)}${name} | ${m.outcomes[host.outcome] ?? cell(host.outcome)} | ${cell(host.reason)} |`,
        );
      }
      lines.push(...moreRow(rotation.hosts.length - MAX_HOST_ROWS, 3, m), '');
    }
  }
  return lines;
}

function doneLines(report: LeakReport, m: Messages): string[] {
  const keyless = report.rotations.filter((rotation) => rotation.keyless);
  // Keyless: nothing was rotated; the key was removed and the pair deleted.
  const status =
    keyless.length && (report.status === 'done' || report.status === 'partial')
      ? m.keyless.status[report.status]
      : m.rotationStatus[report.status];
  const lines = [status];
  for (const rotation of keyless) {
    if (rotation.keyless?.deletedKeyPairId)
      lines.push(
        m.keyless.deleted(text(rotation.keyName), text(rotation.keyless.deletedKeyPairId)),
      );
    for (const access of rotation.keyless?.access ?? [])
      lines.push(
        m.keyless.login(
          code(`aws ssm start-session --target ${access.instanceId} --region ${rotation.region}`),
          access.instanceConnect
            ? code(`aws ec2-instance-connect ssh --instance-id ${access.instanceId}`)
            : null,
        ),
      );
  }
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

/** Paths that name a file in the repository (not standard input, a commit message and the like). */
function repositoryPaths(finding: Finding): string[] {
  return [
    ...new Set(
      finding.locations.filter((place) => isRepositoryFile(place)).map((place) => place.path),
    ),
  ];
}

/** Paths listed by name in the issue; beyond, the scan's JSON lists them. */
const MAX_PATHS = 20;

/**
 * The shell commands that drop the paths from history, each path one quoted
 * argument. Too many paths to list (a body holds 65,536 characters): the
 * scan's JSON lists them into a file that filter-repo reads.
 */
export function purgeCommand(finding: Finding): string {
  const paths = repositoryPaths(finding);
  if (paths.length <= MAX_PATHS)
    return [
      'git',
      'filter-repo',
      '--invert-paths',
      // `--path=…`: a path starting with `-` stays a value, never an option.
      ...paths.map((path) => `--path=${path}`),
    ]
      .map(shellQuote)
      .join(' ');
  return [
    'ec2-key-rotate scan . --history --format json --output findings.json',
    `jq -r --arg id ${shellQuote(finding.id)} '.findings[] | select(.id == $id) | .locations[].path' findings.json | sort -u > paths.txt`,
    'git filter-repo --invert-paths --paths-from-file paths.txt',
  ].join('\n');
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
      .sort()[0] ?? m.todo.theCommit;
  const unreached = report.rotations.flatMap((rotation) =>
    rotation.hosts.filter((host) => needsAttention(host.outcome)).map((host) => host.instanceId),
  );
  const items = [
    ...(paths.length
      ? [
          m.todo.remove(
            [
              ...paths.slice(0, MAX_PATHS).map((path) => code(path)),
              ...(paths.length > MAX_PATHS ? [m.moreRows(paths.length - MAX_PATHS)] : []),
            ].join(', '),
          ),
        ]
      : []),
    // A fenced block may interrupt the item's paragraph: the list stays tight.
    `${m.todo.purge}\n${underItem(fencedBlock('sh', purgeCommand(finding)))}`,
    m.todo.forks,
    report.audit
      ? m.todo.auditedLogs(text(since))
      : m.todo.logs(code(`Accepted publickey … ${finding.fingerprint ?? finding.id}`), text(since)),
    ...(unreached.length ? [m.todo.unreached(unreached.map((id) => code(id)).join(', '))] : []),
    m.todo.images,
    m.todo.sessionManager,
    m.todo.close,
  ];
  return [`## ${m.todoSection}`, '', ...items.map((item) => `- [ ] ${item}`), ''];
}

export function issueTitle(finding: Finding, language: Language): string {
  const m = MESSAGES[language];
  return m.title(finding.fingerprint ?? finding.id) + (finding.encrypted ? m.titleEncrypted : '');
}

const STATUS_START = '<!-- ec2-key-rotate:status -->';
const STATUS_END = '<!-- /ec2-key-rotate:status -->';

/** The part of the body every later run keeps current: the key pairs and instances, and what was done. */
function statusSection(report: LeakReport, m: Messages): string[] {
  return [
    STATUS_START,
    ...pairsSection(report, m),
    ...(report.status === 'cannot-match' ? [] : auditSection(report.audit, m)),
    `## ${m.doneSection}`,
    '',
    ...doneLines(report, m),
    '',
    STATUS_END,
  ];
}

/**
 * The body with its status section replaced by this run's and its state
 * marker by `state`. A body from before the section existed gets it appended.
 */
export function refreshedBody(
  body: string,
  report: LeakReport | null,
  state: IssueState,
  language: Language,
): string {
  const m = MESSAGES[language];
  let next = withoutState(body);
  if (report) {
    const section = statusSection(report, m).join('\n');
    const start = next.indexOf(STATUS_START);
    const end = next.indexOf(STATUS_END, start);
    next =
      start !== -1 && end !== -1
        ? next.slice(0, start) + section + next.slice(end + STATUS_END.length)
        : `${next.trimEnd()}\n\n${section}\n`;
  }
  return `${next.trimEnd()}\n${stateMarker(state)}\n`;
}

/** The issue body, written when the issue is opened (and completed once by that same run). */
export function issueBody(
  report: LeakReport,
  run: RunInfo,
  language: Language,
  state: IssueState,
): string {
  const m = MESSAGES[language];
  return [
    issueMarker(report.finding.id),
    m.intro,
    '',
    ...(report.finding.encrypted ? [m.encryptedNote, ''] : []),
    ...keyTable(report.finding, m),
    ...whereSection(report.finding, run, m),
    ...statusSection(report, m),
    '',
    ...todoSection(report, m),
    `<sub>${m.footer(`${run.link}, ${text(run.event)}, ${text(run.at)}`)}</sub>`,
    stateMarker(state),
    '',
  ].join('\n');
}

/** What a later run found different from what the issue already records. */
export interface IssueChanges {
  newPlaces: Location[];
  /** The rotation result differs (status, or an instance that was not known or changed). */
  rotationChanged: boolean;
}

/**
 * A later run's news: a comment, written only when something changed (new
 * places, new instances, a different rotation result), so a schedule that
 * meets the same leak every night stays silent.
 */
export function issueComment(
  report: LeakReport,
  changes: IssueChanges,
  run: RunInfo,
  language: Language,
): string {
  const m = MESSAGES[language];
  const places = changes.newPlaces.length
    ? [
        run.scanned ? `${m.inRepository(text(run.scanned))} ${m.newPlaces}` : m.newPlaces,
        '',
        ...locationRows(changes.newPlaces, m),
        '',
      ]
    : [];
  const rotation = changes.rotationChanged
    ? [
        ...pairsSection(report, m).slice(2),
        ...(report.audit
          ? auditSection(report.audit, m).map((line) => line.replace(/^## /, '#### '))
          : []),
        ...doneLines(report, m),
        '',
      ]
    : [];
  return [
    `### ${m.commentHeading(`${run.link} (${text(run.event)}, ${text(run.at)})`)}`,
    '',
    ...places,
    ...rotation,
  ].join('\n');
}
