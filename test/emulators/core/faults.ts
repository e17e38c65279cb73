/** Fault injection and the request log, shared by every emulated service. */

export type ServiceName = 'ec2' | 'ssm' | 'sts' | 'oidc';

/**
 * What an injected fault does:
 * - `throttle`: the service's own throttling error (EC2 `RequestLimitExceeded`
 *   with HTTP 503, SSM `ThrottlingException` 400, STS `Throttling` 400);
 * - `internal`: a 500 (`InternalError`, `InternalServerError`, `InternalFailure`);
 * - `unavailable`: a 503 (`Unavailable`, `ServiceUnavailable`);
 * - `reset`: the connection is destroyed without a response (ECONNRESET);
 * - or any explicit code, message and status.
 */
export type FaultKind =
  | 'throttle'
  | 'internal'
  | 'unavailable'
  | 'reset'
  | { code: string; message?: string; status?: number };

export type OperationMatcher = string | RegExp | ((operation: string) => boolean);

export interface FaultRule {
  service?: ServiceName;
  operation?: OperationMatcher;
  /** Only requests whose decoded params satisfy this (e.g. one CommandId). */
  when?: (params: Record<string, unknown>) => boolean;
  /** The error to answer with; none for latency-only rules. */
  error?: FaultKind;
  /** Delay before the request is handled (or before the fault is answered). */
  latencyMs?: number;
  /** How many matching requests the rule affects (default 1; Infinity for all). */
  times?: number;
  /** Matching requests to let through before the rule starts (default 0). */
  skip?: number;
  /**
   * The rule sleeps until a request matching this has arrived (a later
   * request: the one that arms it is not affected). For EC2's eventual
   * consistency: `{ operation: 'ImportKeyPair', error: { code:
   * 'InvalidKeyPair.Duplicate' }, after: { operation: 'DeleteKeyPair' } }`.
   */
  after?: {
    service?: ServiceName;
    operation: OperationMatcher;
    when?: (params: Record<string, unknown>) => boolean;
  };
}

export interface FaultHandle {
  /** Requests this rule has affected. */
  readonly hits: number;
  /** Requests it will still affect. */
  readonly remaining: number;
  remove(): void;
}

interface ActiveRule extends FaultRule {
  hits: number;
  seen: number;
  removed: boolean;
  armed: boolean;
}

function matches(matcher: OperationMatcher | undefined, operation: string): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return matcher === operation;
  if (matcher instanceof RegExp) return matcher.test(operation);
  return matcher(operation);
}

export class Faults {
  private rules: ActiveRule[] = [];

  /** Adds a rule; the first matching rule with an error decides the answer, latencies add up. */
  inject(rule: FaultRule): FaultHandle {
    const active: ActiveRule = {
      times: 1,
      skip: 0,
      ...rule,
      hits: 0,
      seen: 0,
      removed: false,
      armed: rule.after === undefined,
    };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return Math.max(0, (active.times ?? 1) - active.hits);
      },
      remove: () => {
        active.removed = true;
        this.rules = this.rules.filter((r) => r !== active);
      },
    };
  }

  /** `times` throttling errors for the operation(s). */
  throttle(service: ServiceName, operation?: OperationMatcher, times = 1): FaultHandle {
    return this.inject({ service, operation, error: 'throttle', times });
  }

  /** Adds `ms` to each matching request (`times` defaults to all). */
  latency(
    ms: number,
    service?: ServiceName,
    operation?: OperationMatcher,
    times = Infinity,
  ): FaultHandle {
    return this.inject({ service, operation, latencyMs: ms, times });
  }

  clear(): void {
    this.rules = [];
  }

  /** @internal The latency and the fault (if any) for one request; counts it against the rules. */
  take(
    service: ServiceName,
    operation: string,
    params: Record<string, unknown>,
  ): { latencyMs: number; error: FaultKind | null } {
    let latencyMs = 0;
    let error: FaultKind | null = null;
    for (const rule of this.rules) {
      if (
        rule.removed ||
        (rule.service && rule.service !== service) ||
        !matches(rule.operation, operation)
      )
        continue;
      if (!rule.armed) continue;
      if (rule.when && !rule.when(params)) continue;
      if (rule.hits >= (rule.times ?? 1)) continue;
      if (rule.error && error) continue;
      rule.seen += 1;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      rule.hits += 1;
      latencyMs += rule.latencyMs ?? 0;
      if (rule.error) error = rule.error;
    }
    for (const rule of this.rules) {
      const after = rule.after;
      if (
        !rule.armed &&
        after &&
        (!after.service || after.service === service) &&
        matches(after.operation, operation) &&
        (!after.when || after.when(params))
      )
        rule.armed = true;
    }
    return { latencyMs, error };
  }
}

export interface LogEntry {
  seq: number;
  at: Date;
  service: ServiceName;
  operation: string;
  /** Region from the SigV4 credential scope (unsigned requests: undefined). */
  region?: string;
  accessKeyId?: string;
  /** Decoded input in the SDK's shape (raw params when it did not decode). */
  params: Record<string, unknown>;
  status: number;
  /** Error code answered, if any. */
  error?: string;
  /** Set when the answer came from an injected fault. */
  injected?: boolean;
  durationMs: number;
}

export class RequestLog {
  readonly entries: LogEntry[] = [];
  private seq = 0;

  /** @internal */
  record(entry: Omit<LogEntry, 'seq'>): LogEntry {
    const full = { ...entry, seq: ++this.seq };
    this.entries.push(full);
    return full;
  }

  /** Entries for an operation (`'SendCommand'`) or matching a predicate. */
  calls(filter?: string | ((entry: LogEntry) => boolean), service?: ServiceName): LogEntry[] {
    return this.entries.filter(
      (entry) =>
        (!service || entry.service === service) &&
        (filter === undefined ||
          (typeof filter === 'string' ? entry.operation === filter : filter(entry))),
    );
  }

  count(filter?: string | ((entry: LogEntry) => boolean), service?: ServiceName): number {
    return this.calls(filter, service).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
