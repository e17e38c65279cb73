import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { allowScanWorkers } from '../../src/scan/parallel.js';
import type { FileToRead, ReadOutcome } from '../../src/scan/sources/file-read.js';
import { readAll, ScanHelper } from '../../src/scan/sources/parallel-read.js';
import { scanTree } from '../../src/scan/sources/tree.js';
import type { TestKey } from '../helpers/keyfactory.js';
import {
  ED25519,
  GitRepo,
  jsonOf,
  makeKey,
  RSA_PEM,
  runCli,
  scratchDir,
} from '../helpers/gitrepo.js';

const ENTRY = join(import.meta.dirname, '..', 'helpers', 'scan-worker-entry.ts');
const FILES = 4000;

let ed25519: TestKey;
let rsa: TestKey;

beforeAll(() => {
  ed25519 = makeKey('parallel-ed25519', ED25519);
  rsa = makeKey('parallel-rsa', RSA_PEM);
});

afterEach(() => allowScanWorkers(undefined));

/** Outcomes with each block's text replaced by its digest: a failing comparison prints no key. */
function summary(outcomes: ReadOutcome[]): unknown[] {
  return outcomes.map((outcome) => ({
    ...outcome,
    ...(outcome.read && {
      read: {
        ...outcome.read,
        blocks: outcome.read.blocks.map((block) => ({
          ...block,
          text: createHash('sha256').update(block.text).digest('hex'),
        })),
      },
    }),
  }));
}

/**
 * FILES files in a few directories: keys early, in the middle and last, a
 * name that is not UTF-8 (opened by its bytes), a FIFO (never opened) and a
 * listed file that is gone.
 */
function files(): FileToRead[] {
  const dir = scratchDir('parallel-');
  const list: FileToRead[] = [];
  for (let index = 0; index < FILES; index++) {
    const sub = join(dir, `d${index % 7}`);
    mkdirSync(sub, { recursive: true });
    const path = join(sub, `f${index}.txt`);
    const key =
      index === 3 ? ed25519 : index === FILES / 2 ? rsa : index === FILES - 1 ? ed25519 : null;
    writeFileSync(path, `line ${index}\n${'code();\n'.repeat(index % 50)}${key ? key.text : ''}`);
    list.push({ full: path, path: `d${index % 7}/f${index}.txt`, gitlink: false });
  }
  const raw = Buffer.concat([
    Buffer.from(`${dir}/latin-`),
    Buffer.from([0xe9]),
    Buffer.from('.pem'),
  ]);
  writeFileSync(raw, rsa.text);
  list.splice(1000, 0, { full: raw, path: 'latin-\ufffd.pem', gitlink: false });
  execFileSync('mkfifo', [join(dir, 'fifo.pem')]);
  list.splice(2000, 0, { full: join(dir, 'fifo.pem'), path: 'fifo.pem', gitlink: false });
  list.splice(3000, 0, { full: join(dir, 'gone.pem'), path: 'gone.pem', gitlink: false });
  return list;
}

describe('reading a tree on two threads', () => {
  test('the worker reads part of the files and every outcome is the one a single thread gives', async () => {
    const list = files();
    const alone = await readAll(list, undefined, null);
    expect(alone.workerFiles).toBe(0);
    const keyFiles = alone.outcomes.filter((outcome) => outcome.read?.blocks.length).length;
    expect(keyFiles).toBe(4);
    expect(alone.outcomes[2000]?.warnings).toEqual([
      'skipped fifo.pem: not a regular file (a FIFO)',
    ]);

    allowScanWorkers(ENTRY, ['--import', 'tsx']);
    const helper = new ScanHelper();
    expect(await helper.ready).toBe(true);
    const both = await readAll(list, undefined, helper);
    expect(both.workerFiles).toBeGreaterThan(0);
    expect(both.workerFiles).toBeLessThan(list.length);
    expect(summary(both.outcomes)).toEqual(summary(alone.outcomes));
  });

  test('a worker that cannot start leaves every file to this thread', async () => {
    const list = files().slice(0, 1500);
    const alone = await readAll(list, undefined, null);
    allowScanWorkers(join(scratchDir('no-entry-'), 'missing.mjs'), []);
    const helper = new ScanHelper();
    expect(await helper.ready).toBe(false);
    const result = await readAll(list, undefined, helper);
    expect(result.workerFiles).toBe(0);
    expect(summary(result.outcomes)).toEqual(summary(alone.outcomes));
  });

  test('one worker serves several reads, and a stopped one leaves them to this thread', async () => {
    const list = files();
    const alone = summary((await readAll(list, undefined, null)).outcomes);
    allowScanWorkers(ENTRY, ['--import', 'tsx']);
    const helper = new ScanHelper();
    expect(await helper.ready).toBe(true);
    const first = await readAll(list.slice(0, 2500), undefined, helper);
    const second = await readAll(list.slice(2500), undefined, helper);
    expect(first.workerFiles).toBeGreaterThan(0);
    expect(second.workerFiles).toBeGreaterThan(0);
    expect(summary([...first.outcomes, ...second.outcomes])).toEqual(alone);
    helper.stop();
    const after = await readAll(list, undefined, helper);
    expect(after.workerFiles).toBe(0);
    expect(summary(after.outcomes)).toEqual(alone);
  });

  test('a tree listed in several batches is read with one worker, as one thread reads it', async () => {
    const repo = GitRepo.init();
    const changes: Record<string, string> = {};
    for (let index = 0; index < 9000; index++)
      changes[`m${index % 5}/f${index}.txt`] = `x ${index}\n`;
    changes['m1/f4001.txt'] = ed25519.text;
    changes['m2/f8802.txt'] = rsa.text;
    repo.commit('many files', changes);
    const run = async () => {
      const hits: string[] = [];
      const warnings: string[] = [];
      const stats = await scanTree(
        repo.dir,
        { tracked: true, prefix: '' },
        (path, blocks) => hits.push(`${path}:${blocks.map((block) => block.line).join(',')}`),
        (warning) => warnings.push(warning),
        undefined,
        4500,
      );
      return { hits, warnings, stats };
    };
    const one = await run();
    expect(one.hits).toEqual(['m1/f4001.txt:1', 'm2/f8802.txt:1']);
    allowScanWorkers(ENTRY, ['--import', 'tsx']);
    expect(await run()).toEqual(one);
  });

  test('the CLI reports the same on two threads and on one', { timeout: 60_000 }, async () => {
    const repo = GitRepo.init();
    const changes: Record<string, string> = {};
    for (let index = 0; index < 5000; index++)
      changes[`src/m${index % 9}/f${index}.txt`] = `x ${index}\n`;
    changes['src/m3/f700.txt'] = `config:\n${ed25519.text}`;
    changes['keys/deploy.pem'] = rsa.text;
    repo.commit('many files', changes);
    const two = jsonOf(await runCli(['scan', repo.dir, '--format', 'json']));
    process.env['EC2KR_SCAN_THREADS'] = '1';
    try {
      const one = jsonOf(await runCli(['scan', repo.dir, '--format', 'json']));
      expect(two.stats.filesScanned).toBeGreaterThan(5000);
      expect(two.findings.map((f) => f.locations.map((l) => `${l.path}:${l.line}`))).toEqual([
        ['keys/deploy.pem:1'],
        ['src/m3/f700.txt:2'],
      ]);
      expect({ ...two, stats: { ...two.stats, elapsedMs: 0 } }).toEqual({
        ...one,
        stats: { ...one.stats, elapsedMs: 0 },
      });
    } finally {
      delete process.env['EC2KR_SCAN_THREADS'];
    }
  });
});
