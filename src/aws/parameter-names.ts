/*
 * Key pair names in parameter names.
 *
 * EC2 allows any ASCII in a key pair name (up to 255 characters: `ops team`,
 * `alice@laptop`, `a/b`); Parameter Store allows only `A-Z a-z 0-9 _ . -` in a
 * name segment. Each key pair's parameters live under one segment:
 *
 * - A name made only of those characters is its own segment (`prod`,
 *   `my-key.1`, `deploy_2024` stay as they are, so existing parameters keep
 *   their names), unless it starts with the marker `_.`, is `.` or `..`, or is
 *   a segment the tool uses itself under the path (`leaks`, `offline`).
 * - Any other name becomes `_.` followed by the name with `_` and every
 *   character outside `A-Z a-z 0-9 . -` written as `_` and two upper-case hex
 *   digits of its byte (`ops team` → `_.ops_20team`, `a_b@c` → `_.a_5Fb_40c`).
 *
 * Injective: a segment without the marker is the name itself and no encoded
 * segment lacks it; after the marker every `_` starts a three-character escape,
 * so the rest decodes one way (`keyNameFromSegment` inverts it). The longest
 * segment (255 escaped characters) is 767 characters, and the path limit
 * below leaves room for it: every key pair EC2 can hold has valid parameter names.
 */

/** Prefix of an encoded key pair segment. */
export const ENCODED_SEGMENT_MARKER = '_.';
/** Segments the tool itself uses under the parameter path, beside key pair segments. */
export const RESERVED_SEGMENTS: ReadonlySet<string> = new Set(['leaks', 'offline']);
/** EC2: a key pair name is 1 to 255 ASCII characters. */
export const KEY_NAME_MAX = 255;
/** Longest region name accepted (real ones are at most 15: us-isof-south-1). */
export const REGION_NAME_MAX = 25;
/** Parameter Store: a name, counted with the ARN text before it, is at most 1011 characters. */
const PARAMETER_NAME_MAX = 1011;
/** `arn:<partition, at most aws-us-gov>:ssm:<region>:<account>:parameter` */
const ARN_PREFIX_MAX = `arn:aws-us-gov:ssm::${'0'.repeat(12)}:parameter`.length + REGION_NAME_MAX;
const KEY_SEGMENT_MAX = ENCODED_SEGMENT_MARKER.length + 3 * KEY_NAME_MAX;
const SUFFIXES = ['private-key', 'state', 'lock'] as const;
const LONGEST_SUFFIX = Math.max(...SUFFIXES.map((suffix) => suffix.length));
/** The longest parameter path under which every key pair name still fits (164). */
export const PARAMETER_PATH_MAX =
  PARAMETER_NAME_MAX - ARN_PREFIX_MAX - (1 + KEY_SEGMENT_MAX) - (1 + LONGEST_SUFFIX);
/** Parameter Store hierarchies are at most 15 levels deep; the key pair and the suffix take two. */
export const PARAMETER_PATH_DEPTH_MAX = 13;

const PLAIN_SEGMENT = /^[A-Za-z0-9_.-]+$/;
const KEPT_IN_ENCODING = /^[A-Za-z0-9.-]$/;

/** The parameter path segment for a key pair name (see above). */
export function keyNameSegment(keyName: string): string {
  if (
    PLAIN_SEGMENT.test(keyName) &&
    !keyName.startsWith(ENCODED_SEGMENT_MARKER) &&
    keyName !== '.' &&
    keyName !== '..' &&
    !RESERVED_SEGMENTS.has(keyName)
  )
    return keyName;
  let encoded = ENCODED_SEGMENT_MARKER;
  for (const byte of Buffer.from(keyName, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded +=
      byte < 0x80 && KEPT_IN_ENCODING.test(char)
        ? char
        : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/** The key pair name a segment stands for; null when no name encodes to it. */
export function keyNameFromSegment(segment: string): string | null {
  if (!segment.startsWith(ENCODED_SEGMENT_MARKER))
    return keyNameSegment(segment) === segment ? segment : null;
  const bytes: number[] = [];
  for (let at = ENCODED_SEGMENT_MARKER.length; at < segment.length;) {
    if (segment[at] === '_') {
      const hex = segment.slice(at + 1, at + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return null;
      bytes.push(Number.parseInt(hex, 16));
      at += 3;
    } else {
      bytes.push(segment.charCodeAt(at));
      at += 1;
    }
  }
  const name = Buffer.from(bytes).toString('utf8');
  return keyNameSegment(name) === segment ? name : null;
}

/** Names of the parameters one key pair's rotation uses, all under one path. */
export function parameterNames(
  parameterPath: string,
  keyName: string,
): { privateKey: string; state: string; lock: string } {
  const base = `${parameterPath.replace(/\/+$/, '')}/${keyNameSegment(keyName)}`;
  return { privateKey: `${base}/private-key`, state: `${base}/state`, lock: `${base}/lock` };
}
