/**
 * Runs the built action (`dist/index.js`) the way a runner does: inputs as
 * INPUT_* variables, the event payload in GITHUB_EVENT_PATH, outputs and the
 * job summary in files. Asynchronously, so servers in this process can answer.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const ACTION = join(import.meta.dirname, '..', '..', 'dist', 'index.js');

export interface ActionRun {
  code: number | null;
  /** Raw stdout + stderr, workflow commands included. */
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface RunActionOptions {
  inputs: Record<string, string>;
  eventName: string;
  payload: object;
  /** Working directory (GITHUB_WORKSPACE). */
  workspace: string;
  /** Where the run's files go. */
  tempDir: string;
  /** GITHUB_*, AWS_* and ACTIONS_* variables for the step. */
  env: Record<string, string>;
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(options.tempDir, 'run-'));
  const files = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
    event: join(dir, 'event.json'),
  };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(options.payload));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: dir,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs))
    env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [ACTION], { cwd: options.workspace, env });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs: Record<string, string> = {};
  // GITHUB_OUTPUT uses heredoc records: name<<DELIMITER / value / DELIMITER.
  for (const [, name = '', , value = ''] of readFileSync(files.output, 'utf8').matchAll(
    /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm,
  ))
    outputs[name] = value;
  return { code, log, outputs, summary: readFileSync(files.summary, 'utf8') };
}

/**
 * The log as the runner shows it: `::add-mask::` commands are consumed, not
 * printed, and every value they register is replaced by `***`.
 */
export function visibleLog(raw: string): string {
  const masks: string[] = [];
  const kept = raw.split('\n').filter((line) => {
    const masked = /^::add-mask::(.*)$/.exec(line);
    if (masked?.[1])
      masks.push(masked[1].replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));
    return !masked;
  });
  let text = kept.join('\n');
  for (const mask of masks.sort((a, b) => b.length - a.length))
    if (mask.trim()) text = text.split(mask).join('***');
  return text;
}

interface WebhookExample {
  name: string;
  examples: Record<string, unknown>[];
}

/** The first example of a webhook event from @octokit/webhooks-examples (real GitHub payloads). */
export function webhookExample(
  name: string,
  pick: (example: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const all = require('@octokit/webhooks-examples') as WebhookExample[];
  const example = all.find((entry) => entry.name === name)?.examples.find(pick);
  if (!example) throw new Error(`no ${name} example in @octokit/webhooks-examples`);
  return structuredClone(example);
}

function ourRepository(
  example: Record<string, unknown>,
  owner: string,
  repo: string,
): Record<string, unknown> {
  const repository = example.repository as Record<string, unknown>;
  return {
    ...repository,
    name: repo,
    full_name: `${owner}/${repo}`,
    owner: { ...(repository.owner as object), login: owner },
    // The test repositories' default branch (the examples say master).
    default_branch: 'main',
    master_branch: 'main',
  };
}

/** A real push payload pointed at our repository and commits. */
export function pushPayload(
  owner: string,
  repo: string,
  before: string,
  after: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const example = webhookExample('push');
  return {
    ...example,
    ref: 'refs/heads/main',
    before,
    after,
    created: false,
    deleted: false,
    forced: false,
    ...extra,
    repository: ourRepository(example, owner, repo),
  };
}

/** A real pull_request (opened) payload whose base and head are our commits. */
export function pullRequestPayload(
  owner: string,
  repo: string,
  number: number,
  base: string,
  head: string,
): Record<string, unknown> {
  const example = webhookExample('pull_request', (candidate) => candidate.action === 'opened');
  const pr = example.pull_request as Record<string, unknown>;
  return {
    ...example,
    number,
    pull_request: {
      ...pr,
      number,
      base: { ...(pr.base as object), sha: base },
      head: { ...(pr.head as object), sha: head },
    },
    repository: ourRepository(example, owner, repo),
  };
}

/** GitHub has no webhook for schedule: the runner's event file is this shape. */
export function schedulePayload(
  owner: string,
  repo: string,
  cron: string,
): Record<string, unknown> {
  const example = webhookExample('push');
  return { schedule: cron, repository: ourRepository(example, owner, repo) };
}

/** git in `dir` as a fixed author, so commits are reproducible. */
export function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    },
  }).trim();
}
