/**
 * Settings of the offline recovery (issue 12, part 2): what to do with
 * instances SSM cannot reach. Apart from the SDK so the validator can load it.
 */

/** user-data: stop, boot once with the host script, start; reset-access: AWSSupport-ResetAccess. */
export type OfflineMethod = 'user-data' | 'reset-access';
export const OFFLINE_METHODS: readonly OfflineMethod[] = ['user-data', 'reset-access'];

/**
 * How the original user data goes back after the recovery boot (EC2 changes
 * user data only while an instance is stopped): stop-start, a second stop and
 * start now; once, at the instance's next planned stop (the boothook runs
 * only once, so leaving it in place until then changes nothing).
 */
export type RestoreUserData = 'stop-start' | 'once';
export const RESTORE_USER_DATA: readonly RestoreUserData[] = ['stop-start', 'once'];

export interface OfflineOptions {
  method: OfflineMethod;
  restoreUserData: RestoreUserData;
  /** First pause between polls of EC2 and SSM (ms; default 2 s, doubling to 15 s). */
  pollMs?: number;
  /** How long a stop, a start with its status checks, or the boot's result may take (ms; default 15 min). */
  waitMs?: number;
}
