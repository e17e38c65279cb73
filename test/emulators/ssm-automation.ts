/**
 * SSM Automation (awsJson 1.1), for one runbook: AWSSupport-ResetAccess,
 * simulated. The real runbook stops the instance, mounts its root volume on
 * a helper instance, has EC2Rescue generate a key pair, put the public key
 * in place and store the private key as the SecureString
 * `/ec2rl/openssh/<instance id>/key`, then starts the instance again. Here:
 * the instance is stopped and started (its public address changes like any
 * stop), `state.resetAccess` puts the public key on the test host, and a
 * fresh Ed25519 key is written to that parameter. Any other document is
 * AutomationDefinitionNotFoundException.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import sshpk from 'sshpk';
import { AwsError } from './core/errors.js';
import type { CallContext, Handler } from './core/server.js';
import type { AccountState, AutomationRecord, EmulatedInstance } from './state.js';

export const RESET_ACCESS = 'AWSSupport-ResetAccess';

/** Where the runbook leaves the private key (its documentation's path). */
export const resetAccessParameter = (instanceId: string): string =>
  `/ec2rl/openssh/${instanceId}/key`;

const PARAMETERS = new Set([
  'InstanceId',
  'SubnetId',
  'EC2RescueInstanceType',
  'HelperInstanceProfileName',
  'AutomationAssumeRole',
]);

function newKey(comment: string): { privateKey: string; publicKeyLine: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = sshpk.parsePrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }), 'pem');
  key.comment = comment;
  return {
    privateKey: key.toString('ssh'),
    publicKeyLine: key.toPublic().toString('ssh'),
  };
}

export function createAutomationHandlers(state: AccountState): Record<string, Handler> {
  const run = async (record: AutomationRecord, instance: EmulatedInstance): Promise<void> => {
    const wait = (): Promise<void> =>
      new Promise((resolve) => setTimeout(resolve, state.powerMs).unref?.());
    record.status = 'InProgress';
    const wasRunning = instance.state === 'running';
    try {
      if (!state.resetAccess) throw new Error('EC2Rescue could not inject a key (no hook)');
      instance.state = 'stopped';
      if (instance.ssm) instance.ssm.pingStatus = 'ConnectionLost';
      await wait();
      const key = newKey(`ec2rl ${instance.instanceId}`);
      await state.resetAccess(instance, key.publicKeyLine);
      const parameters = state.region(instance.region).parameters;
      const name = resetAccessParameter(instance.instanceId);
      const existing = parameters.get(name) ?? { name, versions: [], tags: {} };
      existing.versions.push({
        version: (existing.versions.at(-1)?.version ?? 0) + 1,
        value: key.privateKey,
        type: 'SecureString',
        keyId: 'alias/aws/ssm',
        lastModifiedDate: state.now(),
        labels: [],
      });
      parameters.set(name, existing);
      record.status = 'Success';
    } catch (error) {
      record.status = 'Failed';
      record.failureMessage = `Step fails when it is running EC2Rescue: ${(error as Error).message}`;
    } finally {
      if (wasRunning) {
        instance.state = 'running';
        if (instance.ssm) instance.ssm.pingStatus = 'Online';
        if (instance.publicIp && !instance.elasticIp) instance.publicIp = state.publicIp();
      }
      record.endedAt = state.now();
    }
  };

  const find = (ctx: CallContext, id: string): AutomationRecord => {
    const record = state.region(ctx.region).automations.get(id);
    if (!record)
      throw new AwsError(
        'AutomationExecutionNotFoundException',
        `Automation execution ${id} not found`,
        400,
      );
    return record;
  };

  return {
    StartAutomationExecution(
      input: { DocumentName: string; Parameters?: Record<string, string[]> },
      ctx,
    ) {
      if (input.DocumentName !== RESET_ACCESS)
        throw new AwsError(
          'AutomationDefinitionNotFoundException',
          `Document ${input.DocumentName} is not found or not owned by the caller (the emulator knows only ${RESET_ACCESS})`,
          400,
        );
      const parameters = input.Parameters ?? {};
      const unknown = Object.keys(parameters).find((name) => !PARAMETERS.has(name));
      const ids = parameters.InstanceId ?? [];
      if (unknown || ids.length !== 1)
        throw new AwsError(
          'InvalidAutomationExecutionParametersException',
          unknown
            ? `Parameter ${unknown} is not defined in the document`
            : 'Parameter InstanceId must have exactly one value',
          400,
        );
      const instance = state.region(ctx.region).instances.get(ids[0] as string);
      const record: AutomationRecord = {
        executionId: randomUUID(),
        documentName: input.DocumentName,
        parameters,
        status: 'Pending',
        startedAt: state.now(),
        outputs: {},
      };
      state.region(ctx.region).automations.set(record.executionId, record);
      if (!instance) {
        record.status = 'Failed';
        record.failureMessage = `Instance ${ids[0]} does not exist`;
        record.endedAt = state.now();
      } else {
        setTimeout(() => void run(record, instance), state.powerMs).unref?.();
      }
      return { AutomationExecutionId: record.executionId };
    },

    GetAutomationExecution(input: { AutomationExecutionId: string }, ctx) {
      const record = find(ctx, input.AutomationExecutionId);
      return {
        AutomationExecution: {
          AutomationExecutionId: record.executionId,
          DocumentName: record.documentName,
          DocumentVersion: '1',
          ExecutionStartTime: record.startedAt,
          ExecutionEndTime: record.endedAt,
          AutomationExecutionStatus: record.status,
          Parameters: record.parameters,
          Outputs: record.outputs,
          FailureMessage: record.failureMessage,
          Mode: 'Auto',
        },
      };
    },
  };
}
