// Cold start of a scan-only action run (INPUT_MODE=scan on a small
// repository that holds no key), against the CLI's `scan` of the same
// repository and a bare `node -e 0`, interleaved in one process. The action
// must not load the AWS SDK, Octokit or libsodium for this: targets
// ≤ 150 ms and ≤ 80 MB RSS on an idle machine (the output warns when the
// load average says the machine is not).
//   npm run build && npm run bench:start [-- --runs 15]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' } } });
const runs = Math.max(3, Number(values.runs) || 11);
const root = resolve(import.meta.dirname, '..');
const node = join(root, 'node_modules', '.bin', 'node');
const probe = join(root, 'bench', 'rss-probe.mjs');
const work = mkdtempSync(join(tmpdir(), 'ec2kr-cold-'));

try {
  const repo = join(work, 'repo');
  const git = (...args) =>
    spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: 'pipe' });
  spawnSync('git', ['init', '-q', '-b', 'main', repo]);
  for (let index = 0; index < 50; index += 1)
    writeFileSync(join(repo, `file-${index}.txt`), `line ${index}\n`.repeat(40));
  git('add', '.');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'files');

  const output = join(work, 'output');
  const cases = {
    'node -e 0': { args: ['-e', '0'], env: {} },
    'CLI: scan .': { args: [join(root, 'dist', 'cli.js'), 'scan', '.'], env: {} },
    'action: INPUT_MODE=scan': {
      args: [join(root, 'dist', 'index.js')],
      env: { INPUT_MODE: 'scan', INPUT_PATH: '.', GITHUB_OUTPUT: output },
    },
  };
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round < runs; round += 1) {
    for (const [name, { args, env }] of Object.entries(cases)) {
      const rssFile = join(work, 'rss');
      writeFileSync(rssFile, '');
      writeFileSync(output, '');
      const started = process.hrtime.bigint();
      const child = spawnSync(node, ['--import', probe, ...args], {
        cwd: repo,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, BENCH_RSS_FILE: rssFile, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (child.status !== 0)
        throw new Error(`${name} exited ${child.status}: ${child.stderr.toString()}`);
      const kib = Math.max(
        ...readFileSync(rssFile, 'utf8')
          .trim()
          .split('\n')
          .map((line) => Number(line.split(' ')[1])),
      );
      samples[name].push({ ms, mib: kib / 1024 });
    }
  }
  const best = (list, key) => Math.min(...list.map((sample) => sample[key]));
  const median = (list, key) =>
    list.map((sample) => sample[key]).sort((a, b) => a - b)[list.length >> 1];
  const cli = best(samples['CLI: scan .'], 'ms');
  console.log(`cold start, ${runs} interleaved runs each (best / median)`);
  console.log('| run | time ms | RSS MiB | time / CLI scan |');
  console.log('|---|---|---|---|');
  for (const [name, list] of Object.entries(samples)) {
    console.log(
      `| ${name} | ${best(list, 'ms').toFixed(0)} / ${median(list, 'ms').toFixed(0)} | ${best(list, 'mib').toFixed(0)} | ${(best(list, 'ms') / cli).toFixed(2)}x |`,
    );
  }
  const action = samples['action: INPUT_MODE=scan'];
  const met = best(action, 'ms') <= 150 && best(action, 'mib') <= 80;
  console.log(
    `target (action ≤ 150 ms, ≤ 80 MiB): ${met ? 'met' : 'MISSED'}${loadavg()[0] > 1 ? ` (load average ${loadavg()[0].toFixed(1)}: timings are inflated)` : ''}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
