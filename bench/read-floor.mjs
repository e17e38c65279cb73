// The least a Node process must do to scan a work tree: list the tracked
// files with git and open, fstat, read and close each one with the calls the
// scanner uses (no link followed, no FIFO waited on), without looking at a
// byte. With `--threads 2`, this thread and one worker take batches of 32
// files from a shared counter, as the scanner's two threads do. `npm run
// bench:scan` times both beside the scanner and rg: what separates these
// floors from rg is Node itself (start-up, per-call cost).
//
// usage: node bench/read-floor.mjs TREE [--threads 1|2]   (prints the number of files and bytes)
import { execFileSync } from 'node:child_process';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const BATCH = 32;

/** Reads the batches `counter` hands out until none is left; the bytes read. */
function readBatches(tree, names, counter) {
  let buffer = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  for (
    let batch = Atomics.add(counter, 0, 1);
    batch * BATCH < names.length;
    batch = Atomics.add(counter, 0, 1)
  ) {
    for (let index = batch * BATCH; index < Math.min(names.length, (batch + 1) * BATCH); index++) {
      const fd = openSync(join(tree, names[index]), FLAGS);
      try {
        const info = fstatSync(fd);
        if (!info.isFile()) continue;
        if (buffer.length < info.size + 1) buffer = Buffer.allocUnsafe(info.size + 1);
        bytes += readSync(fd, buffer, 0, info.size + 1, null);
      } finally {
        closeSync(fd);
      }
    }
  }
  return bytes;
}

if (isMainThread) {
  const tree = process.argv[2] ?? '.';
  const at = process.argv.indexOf('--threads');
  const threads = at === -1 ? 1 : Number(process.argv[at + 1]);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  // Started before the listing, as the scanner starts its worker as early as it can.
  const worker =
    threads > 1 ? new Worker(new URL(import.meta.url), { workerData: { tree, counter } }) : null;
  const listing = execFileSync('git', ['ls-files', '-z'], { cwd: tree, maxBuffer: 1 << 30 });
  const names = listing.toString('utf8').split('\0').filter(Boolean);
  worker?.postMessage(names);
  const mine = readBatches(tree, names, counter);
  const theirs = worker ? await new Promise((resolve) => worker.once('message', resolve)) : 0;
  await worker?.terminate();
  process.stdout.write(`${names.length} files, ${mine + theirs} bytes\n`);
} else {
  parentPort.once('message', (names) =>
    parentPort.postMessage(readBatches(workerData.tree, names, workerData.counter)),
  );
}
