/**
 * Octokit as production composes it (`@octokit/rest` with the throttling and
 * retry plugins), with the plugins' waits shrunk so tests stay fast while the
 * retry logic itself runs unchanged.
 *
 * The knobs (from the plugins' sources):
 * - @octokit/plugin-throttling spaces writes 1 s apart, searches 2 s and
 *   notification-triggering writes 3 s, through Bottleneck groups that live at
 *   module level and are created once per process with those `minTime`s. The
 *   options `throttle.write`, `throttle.search` and `throttle.notifications`
 *   replace them per Octokit: pass groups with `minTime: 0`.
 *   (`throttle.Bottleneck` does not help: it is only used by the very first
 *   Octokit of the process. `throttle.enabled: false` removes the rate-limit
 *   retries as well.)
 * - `throttle.retryAfterBaseValue` (default 1000) turns `retry-after` and
 *   `x-ratelimit-reset` seconds into milliseconds: 1 makes them milliseconds.
 *   `fallbackSecondaryRateRetryAfter` (default 60 s) is used without a
 *   `retry-after` header.
 * - @octokit/plugin-retry retries 5xx (and 429) `retries` times (default 3)
 *   after (n+1)² × `retry.retryAfterBaseValue` ms (default 1000): 1 makes it 1, 4, 9 ms.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import type { GitHubServer } from './index.js';

/** The class production builds: `Octokit.plugin(throttling, retry)`. */
export const ProductionOctokit = Octokit.plugin(throttling, retry);
export type ProductionOctokit = InstanceType<typeof ProductionOctokit>;

type Options = NonNullable<ConstructorParameters<typeof ProductionOctokit>[0]>;
export type ThrottleOptions = NonNullable<Options['throttle']>;

export interface RateLimitEvent {
  kind: 'primary' | 'secondary';
  retryAfter: number;
  method: string;
  url: string;
  retryCount: number;
}

/**
 * Throttle options that keep the plugin's behaviour (retry on primary and
 * secondary rate limits up to `maxRetries` times) without its waits.
 * `events` collects what the handlers were called with.
 */
export function fastThrottle(
  options: { maxRetries?: number; events?: RateLimitEvent[] } = {},
): ThrottleOptions {
  const { maxRetries = 2, events } = options;
  const handler =
    (kind: RateLimitEvent['kind']) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _o: unknown,
      retryCount: number,
    ) => {
      events?.push({ kind, retryAfter, method: request.method, url: request.url, retryCount });
      return retryCount < maxRetries;
    };
  const group = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  return {
    onRateLimit: handler('primary'),
    onSecondaryRateLimit: handler('secondary'),
    retryAfterBaseValue: 1,
    fallbackSecondaryRateRetryAfter: 1,
    write: group(),
    search: group(),
    notifications: group(),
  };
}

/** Retry options: the plugin's retries, 1 ms apart instead of seconds. */
export const fastRetry = { retryAfterBaseValue: 1 } as const;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A production-composed Octokit against the server, authenticated with its token. */
export function testOctokit(
  gh: GitHubServer,
  options: {
    auth?: string;
    throttle?: ThrottleOptions;
    retries?: number;
    log?: Options['log'];
  } = {},
): ProductionOctokit {
  return new ProductionOctokit({
    auth: options.auth ?? gh.token,
    baseUrl: gh.url,
    throttle: options.throttle ?? fastThrottle(),
    retry: { ...fastRetry, ...(options.retries !== undefined ? { retries: options.retries } : {}) },
    log: options.log ?? quiet,
  });
}
