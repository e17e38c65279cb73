/**
 * A rotation in its own process, so a test can SIGKILL it at any request:
 * no `finally` runs, the lock stays behind, exactly as when a runner dies.
 * argv[2]: JSON of the engine config (without functions); argv[3]: a scan
 * JSON file. Prints the engine result as JSON.
 */
import { readFileSync } from 'node:fs';
import { runRotation, type EngineConfig } from '../../src/aws/engine.js';
import type { Finding } from '../../src/scan/findings.js';

const config = JSON.parse(process.argv[2] ?? '{}') as Omit<EngineConfig, 'log'>;
const { findings } = JSON.parse(readFileSync(process.argv[3] ?? '', 'utf8')) as {
  findings: Finding[];
};
const result = await runRotation(
  { kind: 'findings', findings },
  { ...config, log: (line) => process.stderr.write(`${line}\n`) },
);
process.stdout.write(`${JSON.stringify(result)}\n`);
