/**
 * The other way back for an instance SSM cannot reach: AWS's own
 * `AWSSupport-ResetAccess` Automation runbook. It stops the instance, has
 * EC2Rescue put a newly generated key in place from a helper instance, and
 * stores that key's private half as the SecureString
 * `/ec2rl/openssh/<instance id>/key`. It does NOT remove the leaked key: the
 * instance stays open to it until someone logs in with the new key and
 * removes it (or the user-data method runs). The tool only reports where the
 * key is; it never reads it.
 */
import {
  GetAutomationExecutionCommand,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import type { RegionClients } from '../clients.js';
import { waitFor, type Waiting } from './power.js';
import type { RecoveryOutcome } from './user-data-recovery.js';

export const RESET_ACCESS_DOCUMENT = 'AWSSupport-ResetAccess';

/** Where the runbook stores the key it made (its documentation's path). */
export const resetAccessKeyParameter = (instanceId: string): string =>
  `/ec2rl/openssh/${instanceId}/key`;

const TERMINAL = new Set([
  'Success',
  'Failed',
  'TimedOut',
  'Cancelled',
  'CompletedWithSuccess',
  'CompletedWithFailure',
  'Rejected',
  'Exited',
]);

export async function resetAccess(
  clients: RegionClients,
  instanceId: string,
  waiting: Waiting,
  log: (line: string) => void,
): Promise<RecoveryOutcome> {
  let executionId = '';
  try {
    const started = await clients.ssm.send(
      new StartAutomationExecutionCommand({
        DocumentName: RESET_ACCESS_DOCUMENT,
        Parameters: { InstanceId: [instanceId] },
      }),
    );
    executionId = started.AutomationExecutionId ?? '';
    log(`${instanceId}: ${RESET_ACCESS_DOCUMENT} started (execution ${executionId})`);
    const execution = await waitFor(
      waiting,
      `${RESET_ACCESS_DOCUMENT} on ${instanceId}`,
      async () => {
        const { AutomationExecution: found } = await clients.ssm.send(
          new GetAutomationExecutionCommand({ AutomationExecutionId: executionId }),
        );
        return found && TERMINAL.has(found.AutomationExecutionStatus ?? '') ? found : null;
      },
    );
    const status = execution.AutomationExecutionStatus ?? 'unknown';
    if (status !== 'Success' && status !== 'CompletedWithSuccess')
      return {
        outcome: 'failed',
        phase: null,
        reason: `${RESET_ACCESS_DOCUMENT} (execution ${executionId}) ended ${status}${execution.FailureMessage ? `: ${execution.FailureMessage.slice(0, 300)}` : ''}; the old key is still in place`,
      };
    const parameter = resetAccessKeyParameter(instanceId);
    return {
      outcome: 'incomplete',
      phase: null,
      reason: `${RESET_ACCESS_DOCUMENT} (execution ${executionId}) put a new key in place; its private key is in Parameter Store ${parameter} (aws ssm get-parameter --with-decryption --name ${parameter}). The leaked key was NOT removed: log in with the new key and remove it, or recover with --offline-recovery user-data`,
    };
  } catch (error) {
    return {
      outcome: 'failed',
      phase: null,
      reason: `${RESET_ACCESS_DOCUMENT}${executionId ? ` (execution ${executionId})` : ''} failed: ${(error as Error).message.split('\n')[0]}; the old key is still in place`,
    };
  }
}
