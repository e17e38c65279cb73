import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

/**
 * Octokit with the throttling plugin (waits out primary and secondary rate
 * limits, spaces writes a second apart as GitHub asks) and the retry plugin
 * (5xx and network errors). Client errors are not retried: they need a fix,
 * not patience.
 */
export const GitHubClient = Octokit.plugin(throttling, retry);
export type GitHub = InstanceType<typeof GitHubClient>;

export interface GitHubClientOptions {
  token: string;
  /** GITHUB_API_URL (GitHub Enterprise Server or a local server in tests). */
  baseUrl: string;
  log: (message: string) => void;
  debug: (message: string) => void;
  /** Retries after a rate limit before giving up. */
  maxRateLimitRetries?: number;
}

export function githubClient(options: GitHubClientOptions): GitHub {
  const limit = options.maxRateLimitRetries ?? 3;
  return new GitHubClient({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'ec2-key-rotate',
    // Octokit's own request log (a 404 for a label not yet created is expected): debug only.
    log: { debug: options.debug, info: options.debug, warn: options.debug, error: options.debug },
    throttle: {
      onRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        options.log(
          `GitHub rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`,
        );
        return retryCount < limit;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        options.log(
          `GitHub secondary rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`,
        );
        return retryCount < limit;
      },
    },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
  });
}
