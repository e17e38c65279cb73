/**
 * Where the action reads the ignore file from. Repository content is
 * untrusted input: a push or a pull request must not be able to silence its
 * own scan, so for those events the ignore file comes from the default branch
 * as it was before the push, or from the pull request's base commit, never
 * from the scanned commits. Other events (schedule, workflow_dispatch) scan
 * a checkout chosen by someone with write access and read the working tree.
 * In every case catch-all path entries are refused.
 */
import { join, resolve } from 'node:path';
import type { ActionConfig, RunnerContext } from '../config.js';
import {
  DEFAULT_IGNORE_FILE,
  loadIgnoreFile,
  quoted,
  refuseCatchAll,
  type IgnoreEntry,
} from '../scan/ignore.js';
import {
  fetchFromOrigin,
  readIgnoreAtCommit,
  repositoryPath,
  resolveCommit,
} from '../scan/ignore-ref.js';

const ZERO = /^0+$/;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/** A branch name git would accept and that cannot be read as an option or a range. */
const BRANCH = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+$/;

export interface ActionIgnore {
  entries: IgnoreEntry[];
  refused: { entry: IgnoreEntry; why: string }[];
  /** The file, for warnings that name a line (`path:line`). */
  file: string;
  /** Where the entries came from, for the log. */
  source: string;
  /** Why no trusted ignore file could be read, when it could not. */
  warnings: string[];
}

interface Payload {
  ref?: string;
  before?: string;
  repository?: { default_branch?: string };
  pull_request?: { base?: { sha?: string } };
}

/** The commit `sha` if the clone has it or it can be fetched from origin. */
async function commitById(dir: string, sha: string): Promise<string | null> {
  if (!SHA.test(sha)) return null;
  return (
    (await resolveCommit(dir, sha)) ??
    ((await fetchFromOrigin(dir, sha)) ? await resolveCommit(dir, sha) : null)
  );
}

/** The default branch's tip: origin's, fetched when the checkout lacks it, else the local branch. */
async function defaultBranchTip(dir: string, branch: string): Promise<string | null> {
  const remote = `refs/remotes/origin/${branch}`;
  return (
    (await resolveCommit(dir, remote)) ??
    ((await fetchFromOrigin(dir, `+refs/heads/${branch}:${remote}`))
      ? await resolveCommit(dir, remote)
      : null) ??
    (await resolveCommit(dir, `refs/heads/${branch}`))
  );
}

/** The trusted commit to read the ignore file from for a push or a pull request, or why there is none. */
async function trustedCommit(
  dir: string,
  context: RunnerContext,
): Promise<{ commit: string; label: string } | { missing: string }> {
  const event = context.event as Payload;
  if (context.eventName === 'push') {
    const branch = event.repository?.default_branch;
    if (!branch || !BRANCH.test(branch)) return { missing: 'the payload names no default branch' };
    if (event.ref === `refs/heads/${branch}`) {
      // The branch now points at the pushed commits: only `before` is trusted.
      const before = event.before ?? '';
      if (!before || ZERO.test(before)) return { missing: 'the push created the default branch' };
      const commit = await commitById(dir, before);
      return commit
        ? { commit, label: `the default branch before the push (${commit.slice(0, 12)})` }
        : { missing: `the commit before the push (${quoted(before)}) is not available` };
    }
    const commit = await defaultBranchTip(dir, branch);
    return commit
      ? { commit, label: `the default branch ${quoted(branch)} (${commit.slice(0, 12)})` }
      : {
          missing: `the default branch ${quoted(branch)} is not in the checkout and cannot be fetched`,
        };
  }
  const base = event.pull_request?.base?.sha ?? '';
  const commit = await commitById(dir, base);
  return commit
    ? { commit, label: `the pull request's base (${commit.slice(0, 12)})` }
    : { missing: `the pull request's base commit (${quoted(base)}) is not available` };
}

export function readsTrustedRef(eventName: string): boolean {
  return ['push', 'pull_request', 'pull_request_target'].includes(eventName);
}

export async function loadActionIgnore(
  config: ActionConfig,
  context: RunnerContext,
): Promise<ActionIgnore> {
  const file = config.ignoreFile ?? join(config.path, DEFAULT_IGNORE_FILE);
  const required = Boolean(config.ignoreFile);
  const done = (
    entries: IgnoreEntry[],
    where: string,
    source: string,
    warnings: string[] = [],
  ): ActionIgnore => {
    const { accepted, refused } = refuseCatchAll(entries);
    return { entries: accepted, refused, file: where, source, warnings };
  };
  if (!readsTrustedRef(context.eventName)) {
    return done(await loadIgnoreFile(file, required), file, `${file} (working tree)`);
  }

  const dir = resolve(config.path);
  const path = await repositoryPath(dir, file);
  // A file outside the repository is the workflow's own, not repository content.
  if (path === null) {
    return required
      ? done(await loadIgnoreFile(file, required), file, `${file} (outside the repository)`)
      : done([], file, 'none (not a git repository)');
  }
  const trusted = await trustedCommit(dir, context);
  if ('missing' in trusted) {
    return done([], path, 'none', [
      `ignore file not applied: ${trusted.missing}; the ignore file of the scanned commits is never used for a ${context.eventName} scan`,
    ]);
  }
  const entries = await readIgnoreAtCommit(dir, trusted.commit, path);
  if (entries === null) {
    return done(
      [],
      path,
      `none (${path} is not on ${trusted.label})`,
      required ? [`ignore file ${quoted(path)} is not on ${trusted.label}; nothing ignored`] : [],
    );
  }
  return done(entries, path, `${path} from ${trusted.label}`);
}
