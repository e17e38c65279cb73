import {
  ListCommandInvocationsCommand,
  SendCommandCommand,
  type CommandInvocation,
} from '@aws-sdk/client-ssm';
import type { RegionClients } from './clients.js';
import { awsErrorMessage, awsErrorName } from './errors.js';

/** SendCommand takes at most 50 instance ids. */
export const BATCH_SIZE = 50;

export interface RunOutcome {
  instanceId: string;
  /** ok: the script ran and exited 0; failed: it ran and failed; unreachable: it never ran or never finished. */
  status: 'ok' | 'failed' | 'unreachable';
  /** Run Command's own status (Success, Failed, DeliveryTimedOut, …). */
  ssmStatus: string;
  exitCode: number | null;
  output: string;
}

export interface RunOptions {
  comment: string;
  /** Seconds the script may run on an instance. */
  executionTimeout: number;
  /** Seconds Run Command may wait to deliver the command. */
  deliveryTimeout: number;
  /**
   * Poll delay floor and ceiling, in ms. In between, each wait is a tenth of
   * the time the command has run so far: a command is seen finished at most
   * ~10% after it finished, and a long one still costs few polls.
   */
  pollInitialMs: number;
  pollMaxMs: number;
  /** Commands in flight at once. */
  concurrency: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  comment: 'ec2-key-rotate',
  executionTimeout: 120,
  deliveryTimeout: 600,
  pollInitialMs: 500,
  pollMaxMs: 5000,
  concurrency: 20,
};

const POLL_FRACTION = 0.1;

const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function outcomeOf(invocation: CommandInvocation): RunOutcome {
  const plugin = invocation.CommandPlugins?.[0];
  const ssmStatus = invocation.StatusDetails ?? invocation.Status ?? 'Unknown';
  const exitCode = plugin?.ResponseCode ?? null;
  const ran =
    invocation.Status === 'Success' || (invocation.Status === 'Failed' && ssmStatus === 'Failed');
  return {
    instanceId: invocation.InstanceId ?? '',
    status: invocation.Status === 'Success' ? 'ok' : ran ? 'failed' : 'unreachable',
    ssmStatus,
    exitCode: exitCode === -1 ? null : exitCode,
    output: plugin?.Output ?? '',
  };
}

async function pollCommand(
  clients: RegionClients,
  commandId: string,
  ids: string[],
  options: RunOptions,
): Promise<RunOutcome[]> {
  const sleep = options.sleep ?? wait;
  const sent = Date.now();
  // Run Command ends every invocation by these timeouts; past them, stop waiting.
  let budgetMs = (options.deliveryTimeout + options.executionTimeout + 60) * 1000;
  for (;;) {
    if (budgetMs <= 0) {
      return ids.map((instanceId) => ({
        instanceId,
        status: 'unreachable',
        ssmStatus: 'NoResult',
        exitCode: null,
        output: 'Run Command reported no final status in time',
      }));
    }
    const delay = Math.min(
      options.pollMaxMs,
      Math.max(options.pollInitialMs, Math.round((Date.now() - sent) * POLL_FRACTION)),
    );
    await sleep(delay);
    budgetMs -= delay;
    const invocations: CommandInvocation[] = [];
    let nextToken: string | undefined;
    do {
      const page = await clients.ssm.send(
        new ListCommandInvocationsCommand({
          CommandId: commandId,
          Details: true,
          MaxResults: 50,
          NextToken: nextToken,
        }),
      );
      invocations.push(...(page.CommandInvocations ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    const byId = new Map(
      invocations.map((invocation) => [invocation.InstanceId ?? '', invocation]),
    );
    if (ids.every((id) => TERMINAL.has(byId.get(id)?.Status ?? ''))) {
      return ids.map((id) => outcomeOf(byId.get(id) as CommandInvocation));
    }
  }
}

/**
 * Runs one script on a batch (≤ 50) of instances. If SSM refuses the whole
 * batch because one id is not registered (InvalidInstanceId), the batch is
 * split in halves until the unregistered ids stand alone.
 */
async function runBatch(
  clients: RegionClients,
  ids: string[],
  script: string,
  options: RunOptions,
): Promise<RunOutcome[]> {
  let commandId: string | undefined;
  try {
    const response = await clients.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: ids,
        Comment: options.comment.slice(0, 100),
        TimeoutSeconds: options.deliveryTimeout,
        Parameters: { commands: [script], executionTimeout: [String(options.executionTimeout)] },
      }),
    );
    commandId = response.Command?.CommandId;
  } catch (error) {
    if (awsErrorName(error) === 'InvalidInstanceId' && ids.length > 1) {
      const half = Math.ceil(ids.length / 2);
      return [
        ...(await runBatch(clients, ids.slice(0, half), script, options)),
        ...(await runBatch(clients, ids.slice(half), script, options)),
      ];
    }
    const reason = `${awsErrorName(error) || 'SendCommand failed'}: ${awsErrorMessage(error)}`;
    return ids.map((instanceId) => ({
      instanceId,
      status: 'unreachable',
      ssmStatus: 'NotSent',
      exitCode: null,
      output: reason,
    }));
  }
  if (!commandId) {
    return ids.map((instanceId) => ({
      instanceId,
      status: 'unreachable',
      ssmStatus: 'NotSent',
      exitCode: null,
      output: 'no command id',
    }));
  }
  return pollCommand(clients, commandId, ids, options);
}

/**
 * Runs a script on many instances: one SendCommand per 50 instances, at most
 * `concurrency` commands in flight, each polled as a whole (one
 * ListCommandInvocations per command per poll, not one call per instance).
 */
export async function runOnInstances(
  clients: RegionClients,
  instanceIds: string[],
  script: string,
  options: RunOptions = DEFAULT_RUN_OPTIONS,
): Promise<RunOutcome[]> {
  const batches: string[][] = [];
  for (let i = 0; i < instanceIds.length; i += BATCH_SIZE)
    batches.push(instanceIds.slice(i, i + BATCH_SIZE));
  const results: RunOutcome[][] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const index = next++;
      results[index] = await runBatch(clients, batches[index] as string[], script, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, batches.length) }, worker));
  return results.flat();
}
