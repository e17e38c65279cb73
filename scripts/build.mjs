// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with ncc.
// ncc writes one bundle per output directory; we build into temporary
// directories and move the bundles next to each other in dist/.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ncc = join('node_modules', '.bin', 'ncc');
const work = mkdtempSync(join(tmpdir(), 'ec2-key-rotate-build-'));
try {
  const bundle = (entry, name, extra = []) => {
    const out = join(work, name);
    execFileSync(ncc, ['build', entry, '-o', out, '--quiet', ...extra], { stdio: 'inherit' });
    return out;
  };
  const action = bundle('src/main.ts', 'action', ['--license', 'licenses.txt']);
  const cli = bundle('src/cli.ts', 'cli');

  rmSync('dist', { recursive: true, force: true });
  mkdirSync('dist');
  copyFileSync(join(action, 'index.js'), 'dist/index.js');
  copyFileSync(join(action, 'licenses.txt'), 'dist/licenses.txt');
  // ESM bundles: the package.json beside them makes Node load them as modules.
  writeFileSync('dist/package.json', '{\n  "type": "module"\n}\n');
  const cliSource = readFileSync(join(cli, 'index.js'), 'utf8');
  writeFileSync(
    'dist/cli.js',
    cliSource.startsWith('#!') ? cliSource : `#!/usr/bin/env node\n${cliSource}`,
  );
  chmodSync('dist/cli.js', 0o755);
} finally {
  rmSync(work, { recursive: true, force: true });
}
