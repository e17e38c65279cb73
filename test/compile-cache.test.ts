/**
 * The CLI's compile cache: kept only in a directory no one but the user can
 * write, and never used from one that someone else could have filled. The
 * attacker here is another local user who prepares the cache directory (or
 * a directory above it) before the victim's first run.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileCacheDir, enableCompileCache, untrustedReason } from '../src/compile-cache.js';
import { CLI, NODE, scratchDir } from './helpers/gitrepo.js';

const uid = process.getuid?.() ?? -1;
const NOBODY = 65534;
const asRoot = uid === 0;

/** A private directory to stand for the user's cache root (~/.cache). */
function cacheRoot(): string {
  const root = join(scratchDir('cache-'), 'home-cache');
  mkdirSync(root, { mode: 0o700 });
  return root;
}

/** Runs the CLI's `--version` and a scan of an empty directory with this environment. */
function runCli(env: NodeJS.ProcessEnv, node = NODE): void {
  const options = { env: { ...process.env, ...env }, stdio: 'pipe' as const };
  execFileSync(node, [CLI, '--version'], options);
  execFileSync(node, [CLI, 'scan', '--no-git', scratchDir('empty-')], options);
}

/** Files the cache directory holds (in Node's per-version folder). */
function cachedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

const nodeHasCache = (node: string): boolean =>
  execFileSync(node, ['-p', 'typeof require("node:module").enableCompileCache'], {
    encoding: 'utf8',
  }).trim() === 'function';

describe('where the cache lives', () => {
  test('$XDG_CACHE_HOME when it is absolute, else ~/.cache', () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/u' })).toBe(
      '/var/cache/u/ec2-key-rotate/v8',
    );
    expect(compileCacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(
      /\/\.cache\/ec2-key-rotate\/v8$/,
    );
    expect(compileCacheDir({})).toMatch(/\/\.cache\/ec2-key-rotate\/v8$/);
  });
});

describe('which directories are trusted', () => {
  test('the user’s own private directories are', () => {
    const dir = join(cacheRoot(), 'ec2-key-rotate', 'v8');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    expect(untrustedReason(dir, uid)).toBeNull();
  });

  test('group- or other-writable, a link, or a missing directory is not', () => {
    const root = cacheRoot();
    const dir = join(root, 'ec2-key-rotate', 'v8');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o770);
    expect(untrustedReason(dir, uid)).toMatch(/only this user can write/);
    chmodSync(dir, 0o700);
    chmodSync(join(root, 'ec2-key-rotate'), 0o707);
    expect(untrustedReason(dir, uid)).toMatch(/only this user can write/);
    chmodSync(join(root, 'ec2-key-rotate'), 0o700);
    // A cache root that anyone can write (like /tmp): someone could swap our folder.
    chmodSync(root, 0o1777);
    expect(untrustedReason(dir, uid)).toMatch(/only this user or root can write/);
    chmodSync(root, 0o700);
    const link = join(root, 'ec2-key-rotate', 'linked');
    symlinkSync(dir, link);
    expect(untrustedReason(link, uid)).toMatch(/not a directory/);
    expect(untrustedReason(join(root, 'missing', 'v8'), uid)).toMatch(/not a directory/);
  });

  test.runIf(asRoot)('a directory another user owns is not (they could write code into it)', () => {
    const dir = join(cacheRoot(), 'ec2-key-rotate', 'v8');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chownSync(dir, NOBODY, NOBODY);
    expect(untrustedReason(dir, uid)).toMatch(/only this user can write/);
  });
});

describe('the CLI and its cache', () => {
  test.runIf(nodeHasCache(NODE))(
    'a run keeps its compiled modules in a private directory, the next run reads them',
    () => {
      const root = cacheRoot();
      runCli({ XDG_CACHE_HOME: root });
      const dir = join(root, 'ec2-key-rotate', 'v8');
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(root, 'ec2-key-rotate')).mode & 0o777).toBe(0o700);
      const files = cachedFiles(dir);
      expect(files.length).toBeGreaterThan(0);
      // The second run finds what it needs there: nothing new is written.
      runCli({ XDG_CACHE_HOME: root });
      expect(cachedFiles(dir).sort()).toEqual(files.sort());
    },
  );

  test('NODE_DISABLE_COMPILE_CACHE=1 keeps nothing', () => {
    const root = cacheRoot();
    runCli({ XDG_CACHE_HOME: root, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(cachedFiles(root)).toEqual([]);
  });

  test('a cache folder prepared by someone else is not used: the CLI runs and writes nothing into it', () => {
    const root = cacheRoot();
    const dir = join(root, 'ec2-key-rotate', 'v8');
    mkdirSync(dir, { recursive: true });
    // Anyone may write here: a planted file stands for someone else's "cache".
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'planted'), 'not bytecode');
    if (asRoot) chownSync(dir, NOBODY, NOBODY);
    runCli({ XDG_CACHE_HOME: root });
    expect(cachedFiles(dir)).toEqual(['planted']);
  });

  test('a cache root anyone can write (XDG_CACHE_HOME=/tmp-like) is not used, nor written into', () => {
    const root = cacheRoot();
    chmodSync(root, 0o1777);
    runCli({ XDG_CACHE_HOME: root });
    expect(readdirSync(root)).toEqual([]);
  });

  test('a missing cache root is made, private', () => {
    const root = join(cacheRoot(), 'not-yet');
    expect(
      enableCompileCache({ XDG_CACHE_HOME: root, NODE_DISABLE_COMPILE_CACHE: '1' }),
    ).toBeNull();
    expect(existsSync(root)).toBe(false);
    if (!nodeHasCache(NODE)) return;
    runCli({ XDG_CACHE_HOME: root });
    expect(cachedFiles(root).length).toBeGreaterThan(0);
    for (const dir of [root, join(root, 'ec2-key-rotate'), join(root, 'ec2-key-rotate', 'v8')])
      expect(statSync(dir).mode & 0o077).toBe(0);
  });

  test('in-process: no cache on a Node without one, else the directory it uses', () => {
    const root = cacheRoot();
    // Switched off by Node's own switch: nothing is made.
    expect(
      enableCompileCache({ XDG_CACHE_HOME: root, NODE_DISABLE_COMPILE_CACHE: '1' }),
    ).toBeNull();
    expect(existsSync(join(root, 'ec2-key-rotate'))).toBe(false);
  });

  const systemNode = '/usr/bin/node';
  test.runIf(existsSync(systemNode) && !nodeHasCache(systemNode))(
    'on a Node without a compile cache (the system Node 20) the CLI runs as before and keeps nothing',
    () => {
      const root = cacheRoot();
      runCli({ XDG_CACHE_HOME: root }, systemNode);
      expect(cachedFiles(root)).toEqual([]);
    },
  );
});
