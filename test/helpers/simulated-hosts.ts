/**
 * Instances without a host, for fleets of hundreds: each invocation waits a
 * fixed time, then prints the host script's result line for its phase (read
 * from the script: the header's `EC2KR_PHASE=` or, through the project's SSM
 * document, the first parameter line). The script itself is proven on real
 * sshd hosts by the end-to-end tests; this is for counting API calls and
 * timing the protocol around it.
 */
import type { ExecutionResult, Executor } from '../emulators/index.js';

/** The phase a host script was sent for, in either form. */
export function scriptPhase(script: string): string {
  return (
    /^EC2KR_PHASE=(\w+)$/m.exec(script)?.[1] ??
    /^done <<\S*PARAMETERS\S*\n=(\w+)\n/m.exec(script)?.[1] ??
    'unknown'
  );
}

export interface SimulatedFleet {
  executor: Executor;
  /** Invocations run so far. */
  readonly runs: number;
  /**
   * Milliseconds during which at least one invocation was running (the union
   * of their intervals): the time the hosts were busy.
   */
  busyMs(): number;
  /** Forgets the runs and busy time. */
  reset(): void;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export function simulatedFleet(commandMs: number): SimulatedFleet {
  let intervals: [number, number][] = [];
  let runs = 0;
  const executor: Executor = async (_id, script, _timeout, signal): Promise<ExecutionResult> => {
    const phase = scriptPhase(script);
    const started = performance.now();
    runs += 1;
    await sleep(commandMs, signal);
    intervals.push([started, performance.now()]);
    const counts =
      `files=1 old=1 new=${phase === 'verify' || phase === 'revoke' ? 1 : 0} ` +
      `added=${phase === 'add' ? 1 : 0} removed=${phase === 'revoke' ? 1 : 0} kept=0 ignored=0`;
    const accepts = phase === 'probe' ? ' accepts=ssh-ed25519,ssh-rsa,ecdsa-sha2-nistp256' : '';
    return {
      exitCode: 0,
      stdout: `EC2KR-RESULT v=2 phase=${phase} status=ok ${counts}${accepts}\n`,
      stderr: '',
    };
  };
  return {
    executor,
    get runs() {
      return runs;
    },
    busyMs() {
      const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
      let total = 0;
      let end = -Infinity;
      for (const [from, to] of sorted) {
        if (to <= end) continue;
        total += to - Math.max(from, end);
        end = to;
      }
      return total;
    },
    reset() {
      intervals = [];
      runs = 0;
    },
  };
}
