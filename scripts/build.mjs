// Bundles the action (dist/index.js) and the CLI (dist/cli.js): tsc compiles
// src/ to JavaScript first, then ncc bundles that JavaScript. ncc never sees
// TypeScript, so the compiler version is not tied to ncc's loader (ncc's
// ts-loader cannot use TypeScript 7), and ncc's slow in-process type check
// is skipped.
// ncc writes one bundle per output directory; we build into temporary
// directories and move the bundles next to each other in dist/. A dynamic
// import() becomes a chunk file that the bundle loads from its own directory
// at run time, so chunks are moved too: the CLI loads each command's code
// only when that command runs.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { extname, join } from 'node:path';

const ncc = join('node_modules', '.bin', 'ncc');
/** How ncc's runtime names a chunk of a bundle built as index.js. */
const NCC_CHUNK_NAME = 'return "" + chunkId + ".index.js";';
const NCC_CHUNK = /^(\d+)\.index\.js$/;

/** The chunk files ncc wrote beside a bundle (`<id>.index.js`). */
const chunksIn = (dir) =>
  readdirSync(dir)
    .filter((file) => NCC_CHUNK.test(file))
    .sort();

const BUILD_ROOT = '.build';
/** Sources, not assets: everything else under src/ is copied beside the compiled JavaScript. */
const ASSET_SKIP = new Set(['.ts']);

// Inside the project, so that the compiled files resolve node_modules (ncc
// would otherwise leave every package out of the bundle as an external).
// A fixed path: module ids in the bundles derive from it, and two builds must be byte-identical.
rmSync(BUILD_ROOT, { recursive: true, force: true });
const work = BUILD_ROOT;
mkdirSync(work);
try {
  // src/**/*.ts → <work>/js/src/**/*.js; package.json beside it, so the
  // output is ESM and `import pkg from '../package.json'` resolves (ncc inlines it).
  const js = join(work, 'js');
  execFileSync(join('node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', js], {
    stdio: 'inherit',
  });
  copyFileSync('package.json', join(js, 'package.json'));
  // Assets the code reads beside itself at run time (the host script): ncc relocates them.
  cpSync('src', join(js, 'src'), {
    recursive: true,
    filter: (source) => !ASSET_SKIP.has(extname(source)),
  });

  const bundle = (entry, name, extra = []) => {
    const out = join(work, name);
    execFileSync(ncc, ['build', entry, '-o', out, '--quiet', ...extra], { stdio: 'inherit' });
    return out;
  };
  // `[name]`: with chunks, ncc's license plugin writes one file per chunk (a
  // single name would be overwritten by each); they are joined below.
  const action = bundle(join(js, 'src/main.js'), 'action', ['--license', '[name].licenses.txt']);
  const cli = bundle(join(js, 'src/cli.js'), 'cli');

  rmSync('dist', { recursive: true, force: true });
  mkdirSync('dist');
  copyFileSync(join(action, 'index.js'), 'dist/index.js');
  // The action's chunks (none today) keep ncc's names, which belong to index.js.
  const actionChunks = chunksIn(action);
  for (const chunk of actionChunks) copyFileSync(join(action, chunk), join('dist', chunk));
  const licenses = ['main', ...actionChunks.map((chunk) => NCC_CHUNK.exec(chunk)[1])]
    .map((name) => join(action, `${name}.licenses.txt`))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'));
  writeFileSync('dist/licenses.txt', [...new Set(licenses)].join(''));
  // ESM bundles: the package.json beside them makes Node load them as modules.
  writeFileSync('dist/package.json', '{\n  "type": "module"\n}\n');

  // The CLI's chunks are renamed cli.<id>.js so they cannot clash with the action's.
  let cliSource = readFileSync(join(cli, 'index.js'), 'utf8');
  const cliChunks = chunksIn(cli);
  if (cliChunks.length) {
    const uses = cliSource.split(NCC_CHUNK_NAME).length - 1;
    if (uses !== 1) {
      throw new Error(
        `build: expected ncc's chunk name template once in the CLI bundle, found it ${uses} times`,
      );
    }
    cliSource = cliSource.replace(NCC_CHUNK_NAME, 'return "cli." + chunkId + ".js";');
    for (const chunk of cliChunks) {
      const target = join('dist', `cli.${NCC_CHUNK.exec(chunk)[1]}.js`);
      if (existsSync(target)) throw new Error(`build: ${target} written twice`);
      copyFileSync(join(cli, chunk), target);
    }
  }
  writeFileSync(
    'dist/cli.js',
    cliSource.startsWith('#!') ? cliSource : `#!/usr/bin/env node\n${cliSource}`,
  );
  chmodSync('dist/cli.js', 0o755);

  // Assets ncc relocated next to a bundle (the host script, read at run time
  // from the bundle's directory): the same file for the action and the CLI.
  const isBundleFile = (file) =>
    file === 'index.js' ||
    file === 'package.json' ||
    NCC_CHUNK.test(file) ||
    file.endsWith('.licenses.txt');
  for (const dir of [action, cli]) {
    for (const file of readdirSync(dir).filter((name) => !isBundleFile(name))) {
      const target = join('dist', file);
      const content = readFileSync(join(dir, file));
      if (existsSync(target) && !readFileSync(target).equals(content)) {
        throw new Error(`build: ${target} differs between the action and the CLI bundles`);
      }
      writeFileSync(target, content);
    }
  }
} finally {
  rmSync(BUILD_ROOT, { recursive: true, force: true });
}
