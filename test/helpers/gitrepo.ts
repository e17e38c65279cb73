/**
 * Scratch git repositories for the scanner tests, and the one way the tests
 * run the built CLI.
 *
 * Repositories live under os.tmpdir() and are built with plain `git` under a
 * fixed identity, fixed dates (one second apart per commit) and no user or
 * system config, so commit ids are reproducible within a run and nothing on
 * the machine changes how they are made.
 *
 * `runCli` runs `dist/cli.js` with the project's Node as a user would and,
 * for every invocation, checks that nothing it printed or wrote contains a
 * 32-character run of any private key made through `makeKey`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  makeKeyFactory,
  makeTempDir,
  secretBase64,
  type KeyFactory,
  type KeySpec,
  type TestKey,
} from './keyfactory.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The built CLI; EC2KR_TEST_CLI names another entry (e.g. one that runs src/ through tsx while dist/ is stale). */
export const CLI = process.env.EC2KR_TEST_CLI ?? join(ROOT, 'dist', 'cli.js');
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
export const ZERO = '0'.repeat(40);

/** 2023-11-14T22:13:20Z; commit n is dated n seconds later. */
const BASE_EPOCH = 1_700_000_000;

/** Git with no user/system config and a fixed identity. */
const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Alice Example',
  GIT_AUTHOR_EMAIL: 'alice@example.com',
  GIT_COMMITTER_NAME: 'Alice Example',
  GIT_COMMITTER_EMAIL: 'alice@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

let scratchRoot: string | undefined;

/** A new empty directory under this process's scratch root (removed at exit). */
export function scratchDir(prefix = 'dir-'): string {
  scratchRoot ??= makeTempDir('scan-tests-');
  return mkdtempSync(join(scratchRoot, prefix));
}

/** Content to write at a path; null deletes it. */
export type FileChanges = Record<string, string | Buffer | null>;

export class GitRepo {
  private tick = 0;

  constructor(readonly dir: string) {}

  /** `git init` on branch main in a new temp dir (or in `dir`). */
  static init(dir: string = join(scratchDir('repo-'), 'repo')): GitRepo {
    mkdirSync(dir, { recursive: true });
    const repo = new GitRepo(dir);
    repo.git('init', '-q', '-b', 'main');
    return repo;
  }

  /** Runs git in the repository and returns its trimmed stdout. */
  git(...args: string[]): string {
    const date = `@${BASE_EPOCH + this.tick} +0000`;
    return execFileSync('git', args, {
      cwd: this.dir,
      env: { ...process.env, ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  }

  /** Writes (or deletes, for null) files in the work tree without staging them. */
  write(files: FileChanges): void {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) {
        rmSync(full, { force: true });
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
  }

  /** Writes the files, stages exactly them and commits; returns the new commit id. */
  commit(message: string, files: FileChanges = {}): string {
    this.write(files);
    const paths = Object.keys(files);
    if (paths.length) this.git('add', '-A', '--', ...paths);
    this.tick++;
    this.git('commit', '-q', '--allow-empty', '--no-verify', '-m', message);
    return this.rev('HEAD');
  }

  /** Creates `name` at `start` (default HEAD) and switches to it. */
  branch(name: string, start = 'HEAD'): void {
    this.git('checkout', '-q', '-b', name, start);
  }

  checkout(rev: string): void {
    this.git('checkout', '-q', rev);
  }

  /**
   * Merges `branch` into the current branch with a merge commit. With
   * `files`, they are written into the merge commit itself (an "evil merge":
   * content that no parent has).
   */
  merge(branch: string, message: string, files: FileChanges = {}): string {
    this.tick++;
    this.git('merge', '-q', '--no-ff', '--no-commit', branch);
    this.write(files);
    const paths = Object.keys(files);
    if (paths.length) this.git('add', '-A', '--', ...paths);
    this.git('commit', '-q', '--no-verify', '-m', message);
    return this.rev('HEAD');
  }

  /** Annotated tag. */
  tag(name: string, rev = 'HEAD'): void {
    this.tick++;
    this.git('tag', '-a', '-m', name, name, rev);
  }

  rev(rev: string): string {
    return this.git('rev-parse', '--verify', `${rev}^{object}`);
  }

  /** Blob id of `path` at `rev`. */
  blob(rev: string, path: string): string {
    return this.git('rev-parse', '--verify', `${rev}:${path}`);
  }
}

// ---------------------------------------------------------------------------
// Keys

let factory: KeyFactory | undefined;
const madeKeys = new Map<string, TestKey>();

/**
 * Makes (once per process and name) a key with the real tools, and records
 * it so that every `runCli` checks its output against it.
 */
export function makeKey(name: string, spec: KeySpec): TestKey {
  const existing = madeKeys.get(name);
  if (existing) return existing;
  factory ??= makeKeyFactory(scratchDir('keys-'));
  const key = factory.make(name, spec);
  madeKeys.set(name, key);
  return key;
}

export const ED25519: KeySpec = { kind: 'ssh-keygen', type: 'ed25519', mode: 'openssh' };
export const RSA_PEM: KeySpec = { kind: 'ssh-keygen', type: 'rsa', bits: 2048, mode: 'PEM' };

const WINDOW = 32;

/**
 * 32-character runs of any made key's secret base64 found in `text` (also
 * with whitespace and escaped newlines removed, so a block split across
 * lines is caught). Runs that are part of the key's own public key are
 * allowed: the public key is reported on purpose and an OpenSSH container
 * embeds it.
 */
export function secretRunsIn(text: string): string[] {
  const flat = text.replace(/\\[nr]|\s+/g, '');
  const found: string[] = [];
  for (const key of madeKeys.values()) {
    const secret = secretBase64(key.text);
    const publicBase64 = key.truth.publicKey.split(' ')[1] ?? '';
    for (let at = 0; at + WINDOW <= secret.length; at++) {
      const run = secret.slice(at, at + WINDOW);
      if (publicBase64.includes(run)) continue;
      if (text.includes(run) || flat.includes(run)) {
        found.push(`${key.name}@${at}`);
        break;
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------
// CLI

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Content of the `--output` file, when one was asked for and written. */
  output: string | null;
}

export interface CliOptions {
  cwd?: string;
  /**
   * Run as an unprivileged user (nobody, through setpriv) when the tests run
   * as root, so that file permissions apply. See `canDropPrivileges`.
   */
  unprivileged?: boolean;
  /** Variables set for the run on top of the test environment (a hook's GIT_DIR, say). */
  env?: NodeJS.ProcessEnv;
}

const NOBODY = 65534;

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** True when `unprivileged` runs really are unprivileged (not root, or root with setpriv). */
export function canDropPrivileges(): boolean {
  if (!isRoot()) return true;
  try {
    execFileSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'true']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `node dist/cli.js ...args` and resolves with its exit code and output.
 * Throws if stdout, stderr or the `--output` file holds private key material.
 */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const [command, prefix] =
    options.unprivileged && isRoot()
      ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', NODE]]
      : [NODE, []];
  return new Promise((resolvePromise, reject) => {
    execFile(
      command,
      [...prefix, CLI, ...args],
      {
        cwd: options.cwd ?? ROOT,
        env: { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...options.env },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : Number.NaN;
        if (error && Number.isNaN(code)) return reject(error);
        const outputIndex = args.indexOf('--output');
        const outputFile = outputIndex >= 0 ? args[outputIndex + 1] : undefined;
        const outputPath = outputFile ? resolve(options.cwd ?? ROOT, outputFile) : undefined;
        const output =
          outputPath && existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : null;
        for (const [name, text] of [
          ['stdout', stdout],
          ['stderr', stderr],
          ['--output file', output ?? ''],
        ] as const) {
          const leaks = secretRunsIn(text);
          if (leaks.length) {
            return reject(
              new Error(
                `${name} of "scan ${args.join(' ')}" holds private key material: ${leaks.join(', ')}`,
              ),
            );
          }
        }
        resolvePromise({ code, stdout, stderr, output });
      },
    );
  });
}

/** Parses the JSON report of a run, failing with the run's stderr when it is not JSON. */
export function jsonOf(run: CliRun): JsonReport {
  const text = run.output ?? run.stdout;
  try {
    return JSON.parse(text) as JsonReport;
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${text.slice(0, 200)} / ${run.stderr}`);
  }
}

/** The CLI's JSON document, as the tests read it. */
export interface JsonReport {
  findings: {
    fingerprint: string | null;
    keyType: string;
    bits: number | null;
    format: string;
    encrypted: boolean;
    parsed: boolean;
    ec2Fingerprints: { imported: string | null; created: string | null; ed25519: string | null };
    locations: { path: string; line: number; commit: string | null; introducedBy: string | null }[];
  }[];
  stats: {
    filesScanned: number;
    blobsScanned: number;
    bytesScanned: number;
    suppressed: number;
    elapsedMs: number;
  };
  warnings?: string[];
}
