/**
 * What a leak issue already records, kept in a hidden marker at the end of
 * its body: the places the key was seen, each instance's standing and the
 * rotation status. A later run compares its results with it and comments
 * only on news. The body can be edited by people with triage rights: the
 * marker is parsed strictly, and anything malformed counts as no record
 * (the run then comments, which is safe).
 */
import { createHash } from 'node:crypto';
import type { HostOutcome } from '../aws/outcome.js';
import type { Location } from '../scan/findings.js';

/** clean: the instance no longer accepts the leaked key; open: it may; planned: a dry run's plan. */
export type HostStanding = 'clean' | 'open' | 'planned';

export interface IssueState {
  /** The last rotation status a run that asked AWS reported; null when none did. */
  status: string | null;
  hosts: Record<string, HostStanding>;
  /** Short digests of the places the key was seen (capped; `overflow` when some were dropped). */
  places: string[];
  overflow: boolean;
  /** Per instance, `verdict:logins since the leak:open sessions` of the last audit. */
  audit?: Record<string, string>;
}

/** What a run that asked AWS found: the rotation and, when it ran, the audit. */
export interface RunFacts {
  status: string;
  hosts: Record<string, HostStanding>;
  audit: Record<string, string> | null;
}

/** Places remembered per issue: 13 characters each, well inside the body's 65,536. */
export const MAX_PLACES = 1500;
const PREFIX = '<!-- ec2-key-rotate:state ';
const MARKER = /\n?<!-- ec2-key-rotate:state ([A-Za-z0-9_-]{1,40000}) -->\n?/;
const DIGEST = /^[0-9a-f]{12}$/;
const INSTANCE = /^[\w.:-]{1,64}$/;
const STANDINGS = new Set<HostStanding>(['clean', 'open', 'planned']);
const AUDIT_DIGEST = /^(yes|no|cannot-tell):\d{1,9}:\d{1,9}$/;

export const EMPTY_STATE: IssueState = { status: null, hosts: {}, places: [], overflow: false };

/**
 * One place, as remembered: the repository (one central issue may gather
 * several), path, line and commit (or the working tree), hashed.
 */
export function placeKey(place: Location, repository: string): string {
  return createHash('sha256')
    .update(
      [repository, place.kind ?? 'file', place.path, String(place.line), place.commit ?? ''].join(
        '\0',
      ),
    )
    .digest('hex')
    .slice(0, 12);
}

export function standingOf(outcome: HostOutcome): HostStanding {
  if (outcome === 'rotated' || outcome === 'no-old-key') return 'clean';
  if (outcome === 'planned') return 'planned';
  return 'open';
}

export function stateMarker(state: IssueState): string {
  return `${PREFIX}${Buffer.from(JSON.stringify(state)).toString('base64url')} -->`;
}

export function withoutState(body: string): string {
  return body.replace(MARKER, '\n');
}

/** The state recorded in a body, or null when there is none or it is malformed. */
export function readState(body: string | null | undefined): IssueState | null {
  const match = MARKER.exec(body ?? '');
  if (!match?.[1]) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { status, hosts, places, overflow, audit } = value as Record<string, unknown>;
  if (status !== null && (typeof status !== 'string' || !/^[a-z-]{1,20}$/.test(status)))
    return null;
  if (!Array.isArray(places) || places.length > MAX_PLACES) return null;
  if (!places.every((place) => typeof place === 'string' && DIGEST.test(place))) return null;
  if (typeof overflow !== 'boolean') return null;
  if (!hosts || typeof hosts !== 'object' || Array.isArray(hosts)) return null;
  const standings: Record<string, HostStanding> = {};
  for (const [id, standing] of Object.entries(hosts)) {
    if (!INSTANCE.test(id) || !STANDINGS.has(standing as HostStanding)) return null;
    standings[id] = standing as HostStanding;
  }
  let audits: Record<string, string> | undefined;
  if (audit !== undefined) {
    if (!audit || typeof audit !== 'object' || Array.isArray(audit)) return null;
    audits = {};
    for (const [id, digest] of Object.entries(audit)) {
      if (!INSTANCE.test(id) || typeof digest !== 'string' || !AUDIT_DIGEST.test(digest))
        return null;
      audits[id] = digest;
    }
  }
  return {
    status,
    hosts: standings,
    places: places as string[],
    overflow,
    ...(audits ? { audit: audits } : {}),
  };
}

/**
 * The places of `locations` the state does not know yet. Once the record
 * overflowed, an old-history scan cannot tell new from forgotten places: only
 * fresh exposure (a push, a pull request, the working tree) counts then, so a
 * key copied to thousands of places does not comment every night.
 */
export function newPlaces(
  state: IssueState,
  locations: Location[],
  repository: string,
  fresh: boolean,
): Location[] {
  if (state.overflow && !fresh) return [];
  const known = new Set(state.places);
  return locations.filter((place) => !known.has(placeKey(place, repository)));
}

/** The state after a run: places added (capped), standings and status replaced where the run asked AWS. */
export function nextState(
  state: IssueState,
  locations: Location[],
  repository: string,
  rotation: RunFacts | null,
): IssueState {
  const places = new Set(state.places);
  let overflow = state.overflow;
  for (const place of locations) {
    const key = placeKey(place, repository);
    if (places.size >= MAX_PLACES) {
      overflow ||= !places.has(key);
      continue;
    }
    places.add(key);
  }
  const audit = rotation?.audit ? { ...state.audit, ...rotation.audit } : state.audit;
  return {
    status: rotation?.status ?? state.status,
    hosts: rotation ? { ...state.hosts, ...rotation.hosts } : state.hosts,
    places: [...places],
    overflow,
    ...(audit ? { audit } : {}),
  };
}

/** True when the run's rotation result, or its audit, differs from what the issue records. */
export function rotationChanged(state: IssueState, rotation: RunFacts | null): boolean {
  if (!rotation) return false;
  if (rotation.status !== state.status) return true;
  if (Object.entries(rotation.hosts).some(([id, standing]) => state.hosts[id] !== standing))
    return true;
  return Object.entries(rotation.audit ?? {}).some(([id, digest]) => state.audit?.[id] !== digest);
}
