/**
 * A recovery in its own process, so a test can SIGKILL it at any request
 * (no `finally` runs, the lock stays behind). argv[2]: JSON of the request;
 * argv[3]: JSON of the config (without functions). Prints the result as JSON.
 */
import { recoverAccess, type RecoverConfig, type RecoverRequest } from '../../src/aws/recover.js';

const request = JSON.parse(process.argv[2] ?? '{}') as RecoverRequest;
const config = JSON.parse(process.argv[3] ?? '{}') as Omit<RecoverConfig, 'log'>;
const result = await recoverAccess(request, {
  ...config,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
