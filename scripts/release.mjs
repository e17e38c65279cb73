#!/usr/bin/env node
// Tags a release of the repository in the current directory:
//
//   node scripts/release.mjs v1.2.3 [--dry-run] [--push] [--remote origin] [--skip-build]
//
// 1. checks the tag is vMAJOR.MINOR.PATCH and matches package.json's version
//    (the one version source);
// 2. checks the working tree is clean, builds (npm run build) and checks
//    dist/ is unchanged: the tagged commit must hold the dist/ it builds to;
// 3. creates the annotated tag vX.Y.Z on HEAD (or accepts it when it already
//    points at HEAD, as when a pushed tag started the release workflow) and
//    moves the major tag vX (annotated) to HEAD;
// 4. pushes both tags only with --push, in CI (CI=true) and without
//    --dry-run; otherwise it stops before `git push` and prints the commands.
//
// Exit 0 on success, 1 when a check fails (nothing is tagged then).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'dry-run': { type: 'boolean', default: false },
    push: { type: 'boolean', default: false },
    remote: { type: 'string', default: 'origin' },
    'skip-build': { type: 'boolean', default: false },
  },
});

const cwd = process.cwd();

function fail(message) {
  process.stderr.write(`release: ${message}\n`);
  process.exit(1);
}

function say(message) {
  process.stdout.write(`release: ${message}\n`);
}

function git(...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

function gitOk(...args) {
  try {
    return git(...args);
  } catch {
    return null;
  }
}

const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
const tag = positionals[0] ?? `v${pkg.version}`;
const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag);
if (!match) fail(`${tag} is not a release tag (vMAJOR.MINOR.PATCH)`);
if (tag !== `v${pkg.version}`) {
  fail(`${tag} does not match package.json's version ${pkg.version}: set the version first`);
}
const major = `v${match[1]}`;

const dirty = git('status', '--porcelain');
if (dirty) fail(`the working tree is not clean:\n${dirty}`);

if (!values['skip-build']) {
  say('npm run build');
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stale = git('status', '--porcelain', '--', 'dist');
  if (stale) {
    fail(`dist/ is not what the source builds to: run npm run build and commit dist/\n${stale}`);
  }
}

const head = git('rev-parse', 'HEAD');
const existing = gitOk('rev-parse', '--verify', '-q', `refs/tags/${tag}^{commit}`);
if (existing && existing !== head)
  fail(`${tag} already exists on ${existing}, not on HEAD ${head}`);
if (existing) {
  say(`${tag} already points at HEAD ${head}`);
} else {
  git('tag', '-a', tag, '-m', `${pkg.name} ${tag}`, head);
  say(`tagged ${tag} (annotated) at ${head}`);
}
// The major tag users pin (`uses: …@v1`) follows the latest release.
git('tag', '-f', '-a', major, '-m', `${pkg.name} ${major} (latest: ${tag})`, head);
say(`moved ${major} to ${head}`);

const pushCommands = [
  ['push', values.remote, `refs/tags/${tag}`],
  ['push', '--force', values.remote, `refs/tags/${major}`],
];
const inCi = process.env.CI === 'true';
if (!values.push || values['dry-run'] || !inCi) {
  const why = values['dry-run'] ? '--dry-run' : !values.push ? 'no --push' : 'not in CI (CI=true)';
  say(`stopping before git push (${why}); to publish:`);
  for (const args of pushCommands) say(`  git ${args.join(' ')}`);
  process.exit(0);
}
for (const args of pushCommands) {
  say(`git ${args.join(' ')}`);
  git(...args);
}
say(`released ${tag}`);
