import {
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type Command,
  type CommandInvocation,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import type { RegionClients } from './clients.js';
import { awsErrorMessage, awsErrorName } from './errors.js';
import {
  checkInstalledDocument,
  type HostCommand,
  type InstalledDocument,
} from './host/document.js';

/** SendCommand takes at most 50 instance ids. */
export const BATCH_SIZE = 50;

export interface RunOutcome {
  instanceId: string;
  /** ok: the script ran and exited 0; failed: it ran and failed; unreachable: it never ran or never finished. */
  status: 'ok' | 'failed' | 'unreachable';
  /** Run Command's own status (Success, Failed, DeliveryTimedOut, …; NotSent, AccessDenied when SendCommand refused). */
  ssmStatus: string;
  exitCode: number | null;
  output: string;
  /** Why the command never reached the instance, and what fixes it (for the report). */
  reason?: string;
}

export interface RunOptions {
  comment: string;
  /** Seconds the script may run on an instance. */
  executionTimeout: number;
  /** Seconds Run Command may wait to deliver the command. */
  deliveryTimeout: number;
  /**
   * Status poll delay floor and ceiling, in ms. In between, the schedule
   * stretches with the command's run time: with nothing known, each wait is
   * half the time the command has run so far (a 2 s command costs four
   * status polls, a 10 s one eight); once commands of this run in this
   * region have finished, the first poll comes just after their typical
   * run time and each later wait is a quarter of the time run so far (a
   * phase as long as the last costs one or two).
   */
  pollInitialMs: number;
  pollMaxMs: number;
  /** Commands in flight at once. */
  concurrency: number;
  /**
   * The SSM document that runs the host script: the project's own Command
   * document (installed by an administrator; the least-privilege grant), or
   * AWS-RunShellScript (opt-in: the role may then run any command as root).
   * Default: the project's document.
   */
  ssmDocument?: 'ec2-key-rotate' | 'AWS-RunShellScript';
  /**
   * The tag the role's policy requires on an instance before it may send it
   * a command (named when SendCommand is denied). Default ec2-key-rotate=enabled.
   */
  targetTag?: { key: string; value: string } | null;
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

/** Each wait as a share of the time the command has run, before and after a typical time is known. */
const POLL_FRACTION = 0.5;
const KNOWN_POLL_FRACTION = 0.25;
/** The first poll, as a share of the typical run time of this run's finished commands. */
const FIRST_POLL_SHARE = 1.05;

const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);

const DEFAULT_TAG = { key: 'ec2-key-rotate', value: 'enabled' };

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

function notSent(ids: string[], ssmStatus: string, output: string, reason?: string): RunOutcome[] {
  return ids.map((instanceId) => ({
    instanceId,
    status: 'unreachable',
    ssmStatus,
    exitCode: null,
    output,
    ...(reason ? { reason } : {}),
  }));
}

/**
 * One status poll: ListCommands for this command only, which carries its
 * overall status and counts but no instance's output.
 */
async function commandFinished(clients: RegionClients, commandId: string): Promise<boolean> {
  let command: Command | undefined;
  try {
    const { Commands = [] } = await clients.ssm.send(
      new ListCommandsCommand({ CommandId: commandId }),
    );
    command = Commands[0];
  } catch (error) {
    // A command SSM has only just accepted may not be listed yet.
    if (awsErrorName(error) === 'InvalidCommandId') return false;
    throw error;
  }
  if (!command) return false;
  if (TERMINAL.has(command.Status ?? '')) return true;
  const targets = command.TargetCount ?? 0;
  return targets > 0 && (command.CompletedCount ?? 0) >= targets;
}

/** Every invocation of a command with its output (ListCommandInvocations with Details, all pages). */
async function invocationsOf(
  clients: RegionClients,
  commandId: string,
): Promise<Map<string, CommandInvocation>> {
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
  return new Map(invocations.map((invocation) => [invocation.InstanceId ?? '', invocation]));
}

/**
 * Waits for a command: status-only polls (ListCommands) on a schedule that
 * stretches with the command's run time, then the output of every instance,
 * fetched once when the command has finished.
 */
async function pollCommand(
  clients: RegionClients,
  commandId: string,
  ids: string[],
  options: RunOptions,
): Promise<RunOutcome[]> {
  const sleep = options.sleep ?? wait;
  const sent = Date.now();
  const typical = typicalDuration(clients);
  const fraction = typical === null ? POLL_FRACTION : KNOWN_POLL_FRACTION;
  // Run Command ends every invocation by these timeouts; past them, stop waiting.
  let budgetMs = (options.deliveryTimeout + options.executionTimeout + 60) * 1000;
  for (let poll = 0; ; poll++) {
    if (budgetMs <= 0)
      return notSent(ids, 'NoResult', 'Run Command reported no final status in time');
    const stretch =
      poll === 0 && typical !== null ? typical * FIRST_POLL_SHARE : (Date.now() - sent) * fraction;
    const delay = Math.round(Math.min(options.pollMaxMs, Math.max(options.pollInitialMs, stretch)));
    await sleep(delay);
    budgetMs -= delay;
    if (!(await commandFinished(clients, commandId))) continue;
    const byId = await invocationsOf(clients, commandId);
    // SSM may list a finished command before every invocation reads finished: look again later.
    if (ids.every((id) => TERMINAL.has(byId.get(id)?.Status ?? ''))) {
      recordDuration(clients, runTime([...byId.values()]) ?? Date.now() - sent);
      return ids.map((id) => outcomeOf(byId.get(id) as CommandInvocation));
    }
  }
}

/**
 * How long a command ran by SSM's own clock: from its request to the last
 * plugin's finish (null when SSM gave no times). Unlike the time until a
 * poll saw it finished, this does not carry the polling's own lateness.
 */
function runTime(invocations: CommandInvocation[]): number | null {
  const requested = invocations.map((entry) => entry.RequestedDateTime?.getTime() ?? NaN);
  const finished = invocations.map(
    (entry) => entry.CommandPlugins?.[0]?.ResponseFinishDateTime?.getTime() ?? NaN,
  );
  const start = Math.min(...requested);
  const end = Math.max(...finished);
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : null;
}

/** How long this run's commands in a region ran. */
const durations = new WeakMap<RegionClients, number[]>();

function recordDuration(clients: RegionClients, ms: number): void {
  const list = durations.get(clients) ?? [];
  list.push(ms);
  // The recent ones: phases differ a little, runs on one set of clients not at all.
  if (list.length > 64) list.shift();
  durations.set(clients, list);
}

/** The median of the recorded durations, or null before any command finished. */
function typicalDuration(clients: RegionClients): number | null {
  const list = [...(durations.get(clients) ?? [])].sort((a, b) => a - b);
  return list.length ? (list[Math.floor(list.length / 2)] as number) : null;
}

/** The instance id an AccessDenied message names (`…:instance/i-0abc…`), when it is one of `ids`. */
function deniedInstance(error: unknown, ids: string[]): string | null {
  const id = /:instance\/(i-[0-9a-f]+)/.exec(awsErrorMessage(error))?.[1];
  return id && ids.includes(id) ? id : null;
}

function deniedOnDocument(error: unknown): boolean {
  return /:document\//.test(awsErrorMessage(error));
}

/** What every batch of one phase sends: the document, its version and the parameters. */
type CommandRequest = Pick<
  SendCommandCommandInput,
  'DocumentName' | 'DocumentVersion' | 'Parameters'
>;

/**
 * Runs one command on a batch (≤ 50) of instances. SSM refuses the whole
 * batch when one id is not registered (InvalidInstanceId) or when the role
 * may not reach one instance (AccessDenied: the policy allows SendCommand
 * only on instances with the target tag): an instance the denial names is
 * set aside, otherwise the batch is split in halves, until the refused ids
 * stand alone and the others run.
 */
async function runBatch(
  clients: RegionClients,
  ids: string[],
  request: CommandRequest,
  options: RunOptions,
): Promise<RunOutcome[]> {
  let commandId: string | undefined;
  try {
    const response = await clients.ssm.send(
      new SendCommandCommand({
        ...request,
        InstanceIds: ids,
        Comment: options.comment.slice(0, 100),
        TimeoutSeconds: options.deliveryTimeout,
      }),
    );
    commandId = response.Command?.CommandId;
  } catch (error) {
    const name = awsErrorName(error);
    const message = `${name || 'SendCommand failed'}: ${awsErrorMessage(error)}`;
    const split = async (): Promise<RunOutcome[]> => {
      const half = Math.ceil(ids.length / 2);
      return [
        ...(await runBatch(clients, ids.slice(0, half), request, options)),
        ...(await runBatch(clients, ids.slice(half), request, options)),
      ];
    };
    if (name === 'InvalidInstanceId' && ids.length > 1) return split();
    if (/^AccessDenied/.test(name)) {
      const document = request.DocumentName ?? 'the document';
      if (deniedOnDocument(error) && !deniedInstance(error, ids)) {
        return notSent(
          ids,
          'AccessDenied',
          message,
          `AccessDenied: the role may not run the SSM document ${document} (docs/iam/permissions-policy.json grants ssm:SendCommand on it)`,
        );
      }
      const denied = ids.length === 1 ? ids[0] : deniedInstance(error, ids);
      if (!denied) return split();
      const tag = options.targetTag ?? DEFAULT_TAG;
      const refused = notSent(
        [denied],
        'AccessDenied',
        message,
        `AccessDenied: tag the instance ${tag.key}=${tag.value} so the role may run the document there`,
      );
      const rest = ids.filter((id) => id !== denied);
      return [...refused, ...(rest.length ? await runBatch(clients, rest, request, options) : [])];
    }
    return notSent(ids, 'NotSent', message);
  }
  if (!commandId) return notSent(ids, 'NotSent', 'no command id');
  return pollCommand(clients, commandId, ids, options);
}

/** The project document checked once per region and run (its version is sent with every command). */
const checked = new WeakMap<RegionClients, Promise<InstalledDocument>>();

function installedDocument(clients: RegionClients): Promise<InstalledDocument> {
  let found = checked.get(clients);
  if (!found) {
    found = checkInstalledDocument(clients.ssm, clients.region);
    checked.set(clients, found);
    // A failed check is not remembered: the next run asks again.
    found.catch(() => checked.delete(clients));
  }
  return found;
}

/**
 * Runs one phase of the host script on many instances: one SendCommand per
 * 50 instances, at most `concurrency` commands in flight, each followed as a
 * whole (status-only polls, then every instance's output fetched once).
 * Through the project's document unless `ssmDocument` is AWS-RunShellScript;
 * throws a DocumentError, before anything is sent, when the installed
 * document is missing or not this release's.
 */
export async function runOnInstances(
  clients: RegionClients,
  instanceIds: string[],
  command: HostCommand,
  options: RunOptions = DEFAULT_RUN_OPTIONS,
): Promise<RunOutcome[]> {
  if (!instanceIds.length) return [];
  const executionTimeout = [String(options.executionTimeout)];
  let request: CommandRequest;
  if (options.ssmDocument === 'AWS-RunShellScript') {
    request = {
      DocumentName: 'AWS-RunShellScript',
      Parameters: { commands: [command.script], executionTimeout },
    };
  } else {
    const document = await installedDocument(clients);
    request = {
      DocumentName: document.name,
      DocumentVersion: document.version,
      Parameters: { ...command.parameters, executionTimeout },
    };
  }
  const batches: string[][] = [];
  for (let i = 0; i < instanceIds.length; i += BATCH_SIZE)
    batches.push(instanceIds.slice(i, i + BATCH_SIZE));
  const results: RunOutcome[][] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const index = next++;
      results[index] = await runBatch(clients, batches[index] as string[], request, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, batches.length) }, worker));
  return results.flat();
}
