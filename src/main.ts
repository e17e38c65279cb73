import * as core from '@actions/core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readConfig, type ActionConfig } from './config.js';
import { toSarif } from './report/sarif.js';
import { toText } from './report/text.js';
import { DEFAULT_IGNORE_FILE, loadIgnoreFile } from './scan/ignore.js';
import { scan, type ScanSource } from './scan/scan.js';

interface PushEvent {
  before?: string;
  after?: string;
}

async function readEvent(): Promise<Record<string, unknown>> {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    core.warning(`cannot read the event payload at ${path}; scanning the working tree`);
    return {};
  }
}

/** What to scan: a push scans what it added, a schedule the whole history. */
function chooseSource(config: ActionConfig, eventName: string, event: PushEvent): ScanSource {
  if (config.scanHistory || eventName === 'schedule') return { kind: 'history' };
  if (eventName === 'push' && event.before && event.after)
    return { kind: 'range', range: `${event.before}..${event.after}` };
  return { kind: 'tree' };
}

async function run(): Promise<void> {
  const config = readConfig((name) => core.getInput(name), 'scan');
  const eventName = process.env.GITHUB_EVENT_NAME ?? '';
  const source = chooseSource(config, eventName, (await readEvent()) as PushEvent);
  const ignore = await loadIgnoreFile(
    config.ignoreFile ?? join(config.path, DEFAULT_IGNORE_FILE),
    Boolean(config.ignoreFile),
  );
  const result = await scan({
    path: config.path,
    source,
    ignore,
    onWarning: (message) => core.warning(message),
  });

  core.info(toText({ ...result, warnings: [] }));
  for (const finding of result.findings) {
    for (const location of finding.locations.filter((place) => !place.path.startsWith('('))) {
      core.error(`Committed private key ${finding.fingerprint ?? finding.id}`, {
        title: 'Leaked private key',
        file: location.path,
        startLine: location.line,
      });
    }
  }
  if (config.sarifFile) await writeFile(config.sarifFile, toSarif(result));
  core.setOutput('findings', String(result.findings.length));
  core.setOutput('fingerprints', JSON.stringify(result.findings.map((finding) => finding.id)));
  core.setOutput('suppressed', String(result.stats.suppressed));
  if (config.sarifFile) core.setOutput('sarif-file', config.sarifFile);
  if (result.findings.length && config.failOnFindings) {
    core.setFailed(`${result.findings.length} committed private key(s) found`);
  }
}

try {
  await run();
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
