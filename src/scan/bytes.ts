/**
 * Whether `bytes` holds `needle` at `at`, compared in place: asked of every
 * blob (format sniffing, run openings, marker checks), where a view per
 * question would be an object per blob.
 */
export function holdsAt(bytes: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at < 0 || at + needle.length > bytes.length) return false;
  for (let index = 0; index < needle.length; index++)
    if (bytes[at + index] !== needle[index]) return false;
  return true;
}
