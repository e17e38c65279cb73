/**
 * Tags ec2-key-rotate writes on the key pairs it imports, and the EC2 tag
 * rules a carried-over tag set must satisfy. The rules are AWS's documented
 * tag restrictions: at most 50 user tags per resource, keys of 1–128 and
 * values of at most 256 characters, and the `aws:` prefix (any case)
 * reserved for AWS (CloudFormation puts `aws:cloudformation:*` on the key
 * pairs it creates; ImportKeyPair refuses them).
 */
export const TAG_ROTATED_AT = 'ec2-key-rotate:rotated-at';
/** The key this pair replaced most recently (one OpenSSH SHA256 fingerprint). */
export const TAG_PREVIOUS_FINGERPRINT = 'ec2-key-rotate:previous-fingerprint';
/**
 * Every key this pair's name replaced, newest first, space-separated: the
 * history is carried from pair to pair, so a leak found after several
 * rotations is still recognised. Cut (oldest first) to the value limit.
 */
export const TAG_PREVIOUS_FINGERPRINTS = 'ec2-key-rotate:previous-fingerprints';

export const EC2_MAX_TAGS = 50;
export const EC2_MAX_TAG_KEY_LENGTH = 128;
export const EC2_MAX_TAG_VALUE_LENGTH = 256;

const RESERVED = /^aws:/i;

/** The fingerprints of a pair's history (latest tag first, then the history tag), deduplicated. */
export function fingerprintHistory(tags: Record<string, string>): string[] {
  const all = [
    tags[TAG_PREVIOUS_FINGERPRINT] ?? '',
    ...(tags[TAG_PREVIOUS_FINGERPRINTS] ?? '').split(/\s+/),
  ];
  return [...new Set(all.map((entry) => entry.trim()).filter(Boolean))];
}

/**
 * The history tag's value: the fingerprints newest first, each once, whole
 * entries only, cut (oldest first) to the tag value limit.
 */
export function historyValue(fingerprints: string[]): string {
  let value = '';
  for (const entry of new Set(fingerprints.map((item) => item.trim()))) {
    if (!entry || /\s/.test(entry)) continue;
    const next = value ? `${value} ${entry}` : entry;
    if (next.length > EC2_MAX_TAG_VALUE_LENGTH) break;
    value = next;
  }
  return value;
}

export interface SanitizedTags {
  tags: Record<string, string>;
  /** Keys left out, each with the reason. */
  dropped: { key: string; reason: string }[];
}

/**
 * Tags EC2 will accept on one resource: `required` (ours) always, then the
 * carried-over tags in their order until the 50-tag limit, without keys or
 * values EC2 refuses (reserved prefix, too long, empty key).
 */
export function sanitizeTags(
  carried: Record<string, string>,
  required: Record<string, string> = {},
): SanitizedTags {
  const tags: Record<string, string> = {};
  const dropped: { key: string; reason: string }[] = [];
  const refusal = (key: string, value: string): string | null => {
    if (!key) return 'empty key';
    if (RESERVED.test(key)) return 'reserved aws: prefix';
    if (RESERVED.test(value)) return 'value with the reserved aws: prefix';
    if (key.length > EC2_MAX_TAG_KEY_LENGTH)
      return `key longer than ${EC2_MAX_TAG_KEY_LENGTH} characters`;
    if (value.length > EC2_MAX_TAG_VALUE_LENGTH)
      return `value longer than ${EC2_MAX_TAG_VALUE_LENGTH} characters`;
    return null;
  };
  for (const [key, value] of Object.entries(required)) {
    const reason = refusal(key, value);
    if (reason) throw new Error(`ec2-key-rotate's own tag ${key} is not valid on EC2: ${reason}`);
    tags[key] = value;
  }
  for (const [key, value] of Object.entries(carried)) {
    if (key in required) continue;
    const reason = refusal(key, value);
    if (reason) dropped.push({ key, reason });
    else if (Object.keys(tags).length >= EC2_MAX_TAGS)
      dropped.push({ key, reason: `over EC2's limit of ${EC2_MAX_TAGS} tags` });
    else tags[key] = value;
  }
  return { tags, dropped };
}

/** An EC2 TagSpecification list for a key pair (none when there are no tags). */
export function keyPairTagSpecifications(
  tags: Record<string, string>,
): { ResourceType: 'key-pair'; Tags: { Key: string; Value: string }[] }[] | undefined {
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return list.length ? [{ ResourceType: 'key-pair', Tags: list }] : undefined;
}
