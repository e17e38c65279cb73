import type { ActionConfig, RunnerContext } from '../config.js';
import type { ScanLabel } from '../github/messages.js';
import type { ScanSource } from '../scan/scan.js';

const ZERO = /^0+$/;

interface PushPayload {
  before?: string;
  after?: string;
  deleted?: boolean;
  ref?: unknown;
  repository?: { default_branch?: unknown };
}

/**
 * A ref or branch name as git allows it (no space, control character, glob
 * character, backslash, `..` or `@{`), else undefined: the payload is input,
 * and these names become part of git's arguments.
 */
function refName(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value || value.startsWith('-')) return undefined;
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{/.test(value) ? undefined : value;
}

interface PullRequestPayload {
  pull_request?: { base?: { sha?: string }; head?: { sha?: string } };
}

export interface ChosenSource {
  source: ScanSource;
  /** For logs and the summary: what was scanned (worded per language). */
  label: ScanLabel;
  /** Whatever this scan finds is new exposure (a push, a pull request, the tree), not old history. */
  fresh: boolean;
}

/**
 * What to scan. A push scans the commits it added (`before..after`; the
 * range source handles new branches and force pushes from git itself, not
 * from the payload's commit list, which stops at 20). A pull request scans
 * its commits. A schedule, `mode: scheduled` or `scan-history` scan the
 * whole history. A deleted branch adds nothing: null.
 */
export function chooseSource(config: ActionConfig, context: RunnerContext): ChosenSource | null {
  if (config.scanHistory || config.mode === 'scheduled' || context.eventName === 'schedule') {
    return { source: { kind: 'history' }, label: { kind: 'history' }, fresh: false };
  }
  if (context.eventName === 'push') {
    const push = context.event as PushPayload;
    if (push.deleted || (push.after && ZERO.test(push.after))) return null;
    if (push.before && push.after) {
      return {
        source: {
          kind: 'range',
          range: `${push.before}..${push.after}`,
          pushedRef: refName(push.ref),
          defaultBranch: refName(push.repository?.default_branch),
        },
        label: { kind: 'push', from: push.before, to: push.after },
        fresh: true,
      };
    }
  }
  if (context.eventName === 'pull_request' || context.eventName === 'pull_request_target') {
    const pr = (context.event as PullRequestPayload).pull_request;
    const base = pr?.base?.sha;
    const head = pr?.head?.sha;
    if (base && head) {
      return {
        source: { kind: 'range', range: `${base}..${head}` },
        label: { kind: 'pull-request', from: base, to: head },
        fresh: true,
      };
    }
  }
  return { source: { kind: 'tree' }, label: { kind: 'tree' }, fresh: true };
}
