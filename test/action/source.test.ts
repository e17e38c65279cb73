/**
 * What a push event asks to scan: its range, the ref it updated and the
 * repository's default branch, taken from the payload only when they are
 * names git allows (the payload becomes part of git's arguments).
 */
import { describe, expect, test } from 'vitest';
import { chooseSource } from '../../src/action/source.js';
import type { ActionConfig, RunnerContext } from '../../src/config.js';

const config = { scanHistory: false, mode: 'leak-response' } as unknown as ActionConfig;

function pushContext(event: Record<string, unknown>): RunnerContext {
  return {
    eventName: 'push',
    event,
    repository: { owner: 'o', repo: 'r' },
    apiUrl: 'http://127.0.0.1',
    serverUrl: 'http://127.0.0.1',
    runId: null,
    runAttempt: null,
    stepSummary: null,
    runnerTemp: null,
  };
}

const before = '0'.repeat(40);
const after = 'a'.repeat(40);

describe('the source of a push', () => {
  test('a new branch names the pushed ref and the default branch', () => {
    const chosen = chooseSource(
      config,
      pushContext({
        before,
        after,
        ref: 'refs/heads/feature/ünïcode-1.2',
        repository: { default_branch: 'main' },
      }),
    );
    expect(chosen?.source).toEqual({
      kind: 'range',
      range: `${before}..${after}`,
      pushedRef: 'refs/heads/feature/ünïcode-1.2',
      defaultBranch: 'main',
    });
  });

  test.each([
    ['--all'],
    ['refs/heads/a b'],
    ['refs/heads/*'],
    ['refs/heads/a..b'],
    ['refs/heads/a\nb'],
    ['refs/heads/[x'],
    ['refs/heads/a@{1}'],
    [''],
    [42],
  ])('a name git would refuse (%j) is not passed on', (hostile) => {
    const chosen = chooseSource(
      config,
      pushContext({ before, after, ref: hostile, repository: { default_branch: hostile } }),
    );
    expect(chosen?.source).toEqual({ kind: 'range', range: `${before}..${after}` });
  });
});
