/**
 * Run Command, emulated: each invocation moves Pending → InProgress → a
 * terminal status on its own timers, running the script through the
 * instance's injected executor (never locally by the emulator itself).
 */
import type {
  AccountState,
  CommandRecord,
  EmulatedInstance,
  Executor,
  InvocationBehaviour,
  InvocationRecord,
  InvocationStatus,
} from './state.js';

export interface RunCommandClock {
  /**
   * Real milliseconds per emulated second for delivery deadlines
   * (TimeoutSeconds + executionTimeout, after which an undelivered command is
   * DeliveryTimedOut). Default 1: a 600 s delivery timeout passes in 0.6 s.
   */
  deliveryMsPerSecond: number;
  /** Real milliseconds per emulated second for the executionTimeout (default 1000: real time). */
  executionMsPerSecond: number;
  /** Delay before a reachable agent picks a command up (Pending → InProgress). Default 5 ms. */
  deliveryDelayMs: number;
  /** How long a new command's invocations stay invisible to List/GetCommandInvocation (AWS lags a little). Default 0. */
  invocationVisibilityDelayMs: number;
}

export const DEFAULT_CLOCK: RunCommandClock = {
  deliveryMsPerSecond: 1,
  executionMsPerSecond: 1000,
  deliveryDelayMs: 5,
  invocationVisibilityDelayMs: 0,
};

/** The agent's exit code for a command it stopped preemptively (128 + SIGKILL). */
export const STOPPED_PREEMPTIVELY = 137;

const TERMINAL: ReadonlySet<InvocationStatus> = new Set([
  'Success',
  'Cancelled',
  'TimedOut',
  'Failed',
]);

export const isTerminal = (invocation: InvocationRecord): boolean =>
  TERMINAL.has(invocation.status);

/** MaxConcurrency / MaxErrors: a count or a percentage of the targets. */
export function limitOf(value: string, targets: number): number {
  if (value.endsWith('%'))
    return Math.max(1, Math.floor((Number(value.slice(0, -1)) / 100) * targets));
  return Number(value);
}

interface Running {
  controller?: AbortController;
  timers: ReturnType<typeof setTimeout>[];
}

export class CommandEngine {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly running = new Map<InvocationRecord, Running>();
  private readonly executions = new Set<Promise<unknown>>();
  private readonly waiters = new Set<() => void>();
  private stopped = false;
  private unfinished = 0;

  constructor(
    private readonly state: AccountState,
    private readonly clock: RunCommandClock,
    private readonly defaultExecutor: Executor | undefined,
  ) {}

  private later(ms: number, fn: () => void, owner?: Running): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.stopped) fn();
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
    owner?.timers.push(timer);
  }

  private deliveryDeadlineMs(command: CommandRecord): number {
    return (
      (command.deliveryTimeoutSeconds + command.executionTimeoutSeconds) *
      this.clock.deliveryMsPerSecond
    );
  }

  /** Starts a new command's invocations, MaxConcurrency at a time. */
  start(command: CommandRecord): void {
    this.unfinished += [...command.invocations.values()].filter(
      (invocation) => !isTerminal(invocation),
    ).length;
    this.pump(command);
  }

  private errors(command: CommandRecord): number {
    let count = 0;
    for (const invocation of command.invocations.values()) {
      if (invocation.statusDetails === 'Failed' || invocation.statusDetails === 'ExecutionTimedOut')
        count += 1;
    }
    return count;
  }

  private pump(command: CommandRecord): void {
    const invocations = [...command.invocations.values()];
    const maxErrors = limitOf(command.maxErrors, invocations.length);
    const waiting = invocations.filter(
      (invocation) => invocation.status === 'Pending' && !this.running.has(invocation),
    );
    if (this.errors(command) > maxErrors) {
      // MaxErrors exceeded: invocations not yet sent are stopped by the system.
      for (const invocation of waiting)
        this.finish(command, invocation, 'Cancelled', 'Terminated', -1);
      return;
    }
    const active = invocations.filter((invocation) => this.running.has(invocation)).length;
    const slots = limitOf(command.maxConcurrency, invocations.length) - active;
    for (const invocation of waiting.slice(0, Math.max(0, slots))) this.launch(command, invocation);
  }

  private finish(
    command: CommandRecord,
    invocation: InvocationRecord,
    status: InvocationStatus,
    details: string,
    responseCode: number,
    output?: { stdout: string; stderr: string },
  ): void {
    if (isTerminal(invocation)) return;
    invocation.status = status;
    invocation.statusDetails = details;
    invocation.responseCode = responseCode;
    if (output) {
      invocation.stdout = output.stdout;
      invocation.stderr = output.stderr;
    }
    invocation.finishedAt = this.state.now();
    const running = this.running.get(invocation);
    running?.controller?.abort();
    for (const timer of running?.timers ?? []) {
      clearTimeout(timer);
      this.timers.delete(timer);
    }
    this.running.delete(invocation);
    this.unfinished -= 1;
    this.pump(command);
    if (this.unfinished === 0) {
      for (const resolve of this.waiters) resolve();
      this.waiters.clear();
    }
  }

  private deliver(invocation: InvocationRecord): void {
    invocation.status = 'InProgress';
    invocation.statusDetails = 'InProgress';
    invocation.startedAt = this.state.now();
  }

  private execute(
    command: CommandRecord,
    invocation: InvocationRecord,
    instance: EmulatedInstance,
    onResult: (result: { exitCode: number; stdout: string; stderr: string } | Error) => void,
  ): AbortController {
    const controller = new AbortController();
    const executor = instance.executor ?? this.defaultExecutor;
    if (!executor) {
      onResult(
        new Error(
          `aws-emulator: no executor for ${instance.instanceId}; give startAwsEmulator an executor or set one on the instance`,
        ),
      );
      return controller;
    }
    const execution = Promise.resolve()
      .then(() =>
        executor(
          instance.instanceId,
          invocation.script,
          command.executionTimeoutSeconds,
          controller.signal,
        ),
      )
      .then(
        (result) => {
          if (!controller.signal.aborted) onResult(result);
        },
        (error: unknown) => {
          if (!controller.signal.aborted)
            onResult(error instanceof Error ? error : new Error(String(error)));
        },
      );
    this.executions.add(execution);
    void execution.finally(() => this.executions.delete(execution));
    return controller;
  }

  private behaviourOf(
    command: CommandRecord,
    instance: EmulatedInstance | undefined,
  ): InvocationBehaviour | 'derived-offline' | 'invalid-platform' {
    if (instance?.behaviour) return instance.behaviour;
    if (!instance) return { kind: 'undeliverable' };
    if (instance.platform !== command.platform) return 'invalid-platform';
    if (instance.state !== 'running' || instance.ssm?.pingStatus !== 'Online')
      return 'derived-offline';
    return { kind: 'normal' };
  }

  private launch(command: CommandRecord, invocation: InvocationRecord): void {
    const running: Running = { timers: [] };
    this.running.set(invocation, running);
    const instance = this.state.instance(invocation.instanceId);
    const behaviour = this.behaviourOf(command, instance);
    const executionMs = command.executionTimeoutSeconds * this.clock.executionMsPerSecond;
    const deadline = this.deliveryDeadlineMs(command);
    const delivery = this.clock.deliveryDelayMs;

    if (behaviour === 'invalid-platform') {
      this.later(delivery, () => this.finish(command, invocation, 'Failed', 'InvalidPlatform', -1));
      return;
    }
    if (behaviour === 'derived-offline') {
      // Waits for the agent to come back; past the deadline the command is DeliveryTimedOut.
      const started = Date.now();
      const poll = (): void => {
        const current = this.state.instance(invocation.instanceId);
        if (
          current &&
          current.state === 'running' &&
          current.ssm?.pingStatus === 'Online' &&
          !current.behaviour
        ) {
          this.running.delete(invocation);
          this.launch(command, invocation);
          return;
        }
        if (Date.now() - started >= deadline) {
          this.finish(command, invocation, 'TimedOut', 'DeliveryTimedOut', -1);
          return;
        }
        this.later(Math.min(25, deadline), poll);
      };
      this.later(Math.min(25, deadline), poll);
      return;
    }
    switch (behaviour.kind) {
      case 'offline':
        this.later(behaviour.afterMs ?? deadline, () =>
          this.finish(command, invocation, 'TimedOut', 'DeliveryTimedOut', -1),
        );
        return;
      case 'undeliverable':
        this.later(behaviour.afterMs ?? delivery, () =>
          this.finish(command, invocation, 'Failed', 'Undeliverable', -1),
        );
        return;
      case 'terminated':
        this.later(behaviour.afterMs ?? delivery, () =>
          this.finish(command, invocation, 'Cancelled', 'Terminated', -1),
        );
        return;
      case 'execution-timeout':
        this.later(delivery, () => {
          this.deliver(invocation);
          if (behaviour.runScript && instance)
            running.controller = this.execute(command, invocation, instance, () => undefined);
          this.later(behaviour.afterMs ?? executionMs, () =>
            this.finish(command, invocation, 'TimedOut', 'ExecutionTimedOut', STOPPED_PREEMPTIVELY),
          );
        });
        return;
      case 'dies':
        this.later(delivery, () => {
          this.deliver(invocation);
          if (instance)
            running.controller = this.execute(command, invocation, instance, () => undefined);
          this.later(behaviour.afterMs, () => {
            running.controller?.abort();
            if (instance?.ssm) instance.ssm.pingStatus = 'ConnectionLost';
            if (behaviour.onDeath)
              void Promise.resolve(behaviour.onDeath(invocation.instanceId)).catch(() => undefined);
            this.later(behaviour.finalAfterMs ?? deadline, () =>
              this.finish(command, invocation, 'TimedOut', 'DeliveryTimedOut', -1),
            );
          });
        });
        return;
      case 'slow':
      case 'normal': {
        const extra = behaviour.kind === 'slow' ? behaviour.deliveryMs : 0;
        this.later(delivery + extra, () => {
          if (!instance) return;
          this.deliver(invocation);
          this.later(
            executionMs,
            () =>
              this.finish(
                command,
                invocation,
                'TimedOut',
                'ExecutionTimedOut',
                STOPPED_PREEMPTIVELY,
              ),
            running,
          );
          running.controller = this.execute(command, invocation, instance, (result) => {
            if (result instanceof Error) {
              this.finish(command, invocation, 'Failed', 'Failed', 1, {
                stdout: '',
                stderr: result.message,
              });
              return;
            }
            const ok = result.exitCode === 0;
            this.finish(
              command,
              invocation,
              ok ? 'Success' : 'Failed',
              ok ? 'Success' : 'Failed',
              result.exitCode,
              result,
            );
          });
        });
        return;
      }
    }
  }

  /** CancelCommand: every unfinished invocation (or those of the given instances) ends Cancelled. */
  cancel(command: CommandRecord, instanceIds?: string[]): void {
    command.cancelled = true;
    for (const invocation of command.invocations.values()) {
      if (instanceIds?.length && !instanceIds.includes(invocation.instanceId)) continue;
      this.finish(command, invocation, 'Cancelled', 'Cancelled', -1);
    }
  }

  /** Resolves once every invocation of every command has finished. */
  idle(): Promise<void> {
    if (this.unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const running of this.running.values()) running.controller?.abort();
    this.running.clear();
    await Promise.allSettled([...this.executions]);
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
  }
}

/**
 * The plugin output ListCommandInvocations returns: stdout and stderr joined
 * under an error header, cut to 2,500 characters with the SSM agent's
 * truncation markers (the agent's TruncateOutput, reimplemented).
 */
export function pluginOutput(stdout: string, stderr: string, capacity = 2500): string {
  const truncateOut = '\n---Output truncated---';
  const truncateErr = '\n---Error truncated----';
  const out = Buffer.from(stdout);
  const err = Buffer.from(stderr);
  const title = err.length > 0 ? '\n----------ERROR-------\n' : '';
  const available = capacity - title.length;
  const cut = (buf: Buffer, n: number): string => buf.subarray(0, Math.max(0, n)).toString('utf8');
  if (out.length + err.length < available) return stdout + title + stderr;
  if (out.length > available / 2 && err.length > available / 2) {
    const size = available - truncateErr.length - truncateOut.length;
    return (
      cut(out, Math.trunc(size / 2)) +
      truncateOut +
      title +
      cut(err, Math.trunc(size / 2)) +
      truncateErr
    );
  }
  if (out.length < available / 2) {
    const size = available - truncateErr.length;
    return stdout + title + cut(err, size - out.length) + truncateErr;
  }
  const size = available - truncateOut.length;
  return cut(out, size - err.length) + truncateOut + title + stderr;
}

/** GetCommandInvocation's StandardOutputContent / StandardErrorContent limits (24,000 and 8,000). */
export function contentOf(text: string, limit: number): string {
  const buf = Buffer.from(text);
  return buf.length <= limit
    ? text
    : buf.subarray(0, limit).toString('utf8') + '--output truncated--';
}
