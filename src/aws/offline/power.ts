/**
 * Stopping, starting and waiting on one instance, and its user data and
 * console output: the EC2 calls of an offline recovery, each waited on with
 * a doubling pause (pollMs up to 15 s) and a deadline.
 */
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  GetConsoleOutputCommand,
  ModifyInstanceAttributeCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { RegionClients } from '../clients.js';

export interface Waiting {
  pollMs: number;
  waitMs: number;
  /** Runs at each poll (the rotation's lock is renewed and checked there). */
  tick: () => Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value, or throws `what` after waitMs. */
export async function waitFor<T>(
  waiting: Waiting,
  what: string,
  check: () => Promise<T | null>,
): Promise<T> {
  const deadline = Date.now() + waiting.waitMs;
  let pause = waiting.pollMs;
  for (;;) {
    await waiting.tick();
    const value = await check();
    if (value !== null) return value;
    if (Date.now() >= deadline)
      throw new Error(`${what} did not happen within ${Math.round(waiting.waitMs / 1000)} s`);
    await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
    pause = Math.min(pause * 2, 15_000);
  }
}

export async function instanceState(clients: RegionClients, instanceId: string): Promise<string> {
  const page = await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return page.Reservations?.[0]?.Instances?.[0]?.State?.Name ?? 'terminated';
}

/** Stops the instance (if it runs) and waits until it is stopped. */
export async function stopAndWait(
  clients: RegionClients,
  instanceId: string,
  waiting: Waiting,
): Promise<void> {
  const now = await instanceState(clients, instanceId);
  if (now === 'running' || now === 'pending')
    await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
  else if (now !== 'stopping' && now !== 'stopped')
    throw new Error(`the instance is ${now}: it cannot be stopped`);
  await waitFor(waiting, `${instanceId} stopping`, async () =>
    (await instanceState(clients, instanceId)) === 'stopped' ? true : null,
  );
}

/** Starts the instance (if stopped) and waits until it runs and both status checks pass. */
export async function startAndWait(
  clients: RegionClients,
  instanceId: string,
  waiting: Waiting,
): Promise<void> {
  await waitFor(waiting, `${instanceId} settling before start`, async () => {
    const now = await instanceState(clients, instanceId);
    if (now === 'stopping') return null;
    if (now === 'stopped')
      await clients.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    else if (now !== 'running' && now !== 'pending')
      throw new Error(`the instance is ${now}: it cannot be started`);
    return true;
  });
  await waitFor(waiting, `${instanceId} passing its status checks`, async () => {
    const { InstanceStatuses: [status] = [] } = await clients.ec2.send(
      new DescribeInstanceStatusCommand({ InstanceIds: [instanceId], IncludeAllInstances: true }),
    );
    const checks = [status?.InstanceStatus?.Status, status?.SystemStatus?.Status];
    if (checks.includes('impaired'))
      throw new Error(`${instanceId} is running but its status checks report impaired`);
    return status?.InstanceState?.Name === 'running' && checks.every((check) => check === 'ok')
      ? true
      : null;
  });
}

export async function readUserData(
  clients: RegionClients,
  instanceId: string,
): Promise<Buffer | null> {
  const { UserData } = await clients.ec2.send(
    new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'userData' }),
  );
  return UserData?.Value ? Buffer.from(UserData.Value, 'base64') : null;
}

/**
 * Sets the user data (the instance must be stopped) and reads it back. An
 * empty value removes it.
 */
export async function setUserData(
  clients: RegionClients,
  instanceId: string,
  bytes: Buffer | null,
): Promise<void> {
  await clients.ec2.send(
    new ModifyInstanceAttributeCommand({
      InstanceId: instanceId,
      UserData: { Value: bytes ?? new Uint8Array() },
    }),
  );
  const back = await readUserData(clients, instanceId);
  if (!(back ?? Buffer.alloc(0)).equals(bytes ?? Buffer.alloc(0)))
    throw new Error(`EC2 holds other user data for ${instanceId} than was just set`);
}

/** The console output as text (EC2 returns it base64; the newest output with Latest). */
export async function consoleText(clients: RegionClients, instanceId: string): Promise<string> {
  const { Output } = await clients.ec2.send(
    new GetConsoleOutputCommand({ InstanceId: instanceId, Latest: true }),
  );
  return Output ? Buffer.from(Output, 'base64').toString('utf8') : '';
}
