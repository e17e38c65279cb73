// The least a Node process must do to scan a work tree: list the tracked
// files with git and open, fstat, read and close each one with the calls the
// scanner uses (no link followed, no FIFO waited on), on one thread, without
// looking at a byte. `npm run bench:scan` times it beside the scanner and rg:
// what separates this floor from rg is Node itself (start-up, per-call cost).
//
// usage: node bench/read-floor.mjs TREE   (prints the number of files and bytes)
import { execFileSync } from 'node:child_process';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

const tree = process.argv[2] ?? '.';
const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const listing = execFileSync('git', ['ls-files', '-z'], { cwd: tree, maxBuffer: 1 << 30 });
let buffer = Buffer.allocUnsafe(1 << 20);
let files = 0;
let bytes = 0;
for (const name of listing.toString('utf8').split('\0')) {
  if (!name) continue;
  const fd = openSync(join(tree, name), FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) continue;
    if (buffer.length < info.size + 1) buffer = Buffer.allocUnsafe(info.size + 1);
    bytes += readSync(fd, buffer, 0, info.size + 1, null);
    files++;
  } finally {
    closeSync(fd);
  }
}
process.stdout.write(`${files} files, ${bytes} bytes\n`);
