/** GitHub API failures, explained: what to fix, never a stack trace. */
export class GitHubSetupError extends Error {
  override name = 'GitHubSetupError';
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { data?: { message?: string; errors?: { message?: string; code?: string }[] } };
}

function detail(error: RequestErrorLike): string {
  const data = error.response?.data;
  const errors = (data?.errors ?? []).map((entry) => entry.message ?? entry.code).filter(Boolean);
  return [data?.message ?? error.message ?? 'error', ...errors].join('; ');
}

/**
 * `what` names the action ("open the leak issue"); `permission` the
 * workflow permission or token scope that makes it work.
 */
export function explainGitHubError(
  error: unknown,
  what: string,
  permission: string,
): GitHubSetupError {
  const failure = error as RequestErrorLike;
  const reason = detail(failure);
  switch (failure.status) {
    case 401:
      return new GitHubSetupError(
        `cannot ${what}: GitHub refused the token (${reason}); check github-token`,
      );
    case 403:
      return new GitHubSetupError(
        `cannot ${what}: the token lacks permission (${reason}); ${permission}`,
      );
    case 404:
      return new GitHubSetupError(
        `cannot ${what}: not found (${reason}); the repository does not exist or the token cannot see it (${permission})`,
      );
    case 410:
      return new GitHubSetupError(
        `cannot ${what}: ${reason} (are issues disabled for this repository?)`,
      );
    case 422:
      return new GitHubSetupError(`cannot ${what}: GitHub rejected the request (${reason})`);
    default:
      return new GitHubSetupError(
        `cannot ${what}: ${failure.status ? `HTTP ${failure.status}: ` : ''}${reason}`,
      );
  }
}

export const ISSUES_PERMISSION = 'give the workflow "permissions: issues: write"';
export const SECRETS_PERMISSION =
  'GITHUB_TOKEN can never write Actions secrets: pass secrets-token, a GitHub App installation token or fine-grained token with "Secrets: write" (organization secrets: "Organization secrets: write")';
