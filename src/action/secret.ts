/** After a rotation: the new private key, from custody into the Actions secret deploy workflows read. */
import * as core from '@actions/core';
import { readNewPrivateKey, type EngineResult } from '../aws/engine.js';
import type { CredentialSource } from '../aws/credentials.js';
import type { RotationReport } from '../aws/rotate.js';
import type { ActionConfig, RunnerContext } from '../config.js';
import { githubClient } from '../github/client.js';
import type { Repository } from '../github/issues.js';
import { parseSecretScope, updateActionsSecret } from '../github/secret.js';
import { escapeLogLine, quoteForLog } from '../report/log-escape.js';

export async function updateSecret(
  config: ActionConfig,
  context: RunnerContext,
  repository: Repository,
  engine: EngineResult,
  credentials: CredentialSource,
): Promise<string | null> {
  const name = config.secret.name;
  if (!name || config.dryRun) return null;
  // A rotation an earlier run finished already put its key in the secret.
  const rotated = engine.rotations.filter(
    (rotation) => rotation.newKey && rotation.previousStep !== 'done',
  );
  if (!rotated.length) return null;
  if (rotated.length > 1) {
    throw new Error(
      `actions-secret-name ${name}: ${rotated.length} key pairs got new keys (${rotated.map((r) => r.keyName).join(', ')}); a secret can hold one: name one key pair with key-pairs`,
    );
  }
  const scope = parseSecretScope(config.secret.scope, repository.owner);
  if (!scope)
    throw new Error(
      `input actions-secret-scope must be repository, environment:NAME or organization, got "${config.secret.scope}"`,
    );
  const value = await readNewPrivateKey(rotated[0] as RotationReport, credentials, (secret) =>
    core.setSecret(secret),
  );
  const github = githubClient({
    token: config.secret.token ?? '',
    baseUrl: context.apiUrl,
    log: (line) => core.warning(escapeLogLine(line)),
    debug: (line) => core.debug(escapeLogLine(line)),
  });
  const how = await updateActionsSecret(github, repository, scope, name, value);
  core.info(`Actions secret ${quoteForLog(name)} ${how} with the new private key`);
  return name;
}
