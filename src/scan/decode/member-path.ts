/**
 * How an archive member is named in a report: `archive.zip!/<member>`. The
 * name comes from whoever made the archive, so it is made to stay inside
 * it: `\` is read as `/` (Windows tools write it), and empty, `.` and `..`
 * segments and a leading `/` are dropped, as unzip drops them when it
 * extracts. Otherwise `a.zip!/../src/app.js` would resolve (a SARIF
 * viewer, RFC 3986) to `src/app.js`, an innocent file beside the archive.
 */
import { shownName } from './limits.js';

/** What a member whose name is nothing but separators and dot segments is called. */
export const UNNAMED_MEMBER = '?';

/** A member's name made safe to show and to join after `!/`: no dot segment, no control character. */
export function memberPath(rawName: Buffer): string {
  const segments = rawName
    .toString('utf8')
    .split(/[/\\]/)
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
  return shownName(segments.join('/') || UNNAMED_MEMBER);
}

/** Whether a raw member name is a directory's (a `/` or, from Windows tools, a `\` at its end). */
export function isDirectoryName(rawName: Buffer): boolean {
  const last = rawName[rawName.length - 1];
  return last === 0x2f || last === 0x5c;
}
