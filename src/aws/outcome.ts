/**
 * What became of one instance in a rotation. Kept apart from the engine so
 * reports and GitHub texts can name outcomes without loading the AWS SDK.
 *
 * rotated: no file sshd reads for any user holds the old key, and the new key
 * is verified where it was; incomplete: the host was changed where it was
 * safe, but some file keeps the old key or could not be checked; failed: a
 * phase could not run (the old key is still in place).
 */
export type HostOutcome =
  'rotated' | 'no-old-key' | 'incomplete' | 'failed' | 'skipped' | 'planned';

/** Outcomes a person must look at: the leaked key may still open the instance. */
export function needsAttention(outcome: HostOutcome): boolean {
  return outcome === 'failed' || outcome === 'skipped' || outcome === 'incomplete';
}

/** What an engine error concerns, for people: the key pair, or what else failed. */
export function errorSubject(error: {
  scope: 'key-pair' | 'leak-records' | 'run';
  keyName: string | null;
}): string {
  if (error.scope === 'leak-records') return 'leak records';
  if (error.scope === 'run') return 'the run';
  return error.keyName ?? 'a key pair';
}
