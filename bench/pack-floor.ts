// The least the history scan must do in Node: read every pack of a
// repository with the scanner's own reader (src/scan/pack/), inflating every
// blob, commit and tag and applying every delta, without scanning a byte.
// Prints the best time of RUNS reads in this process, in milliseconds (after
// its start-up and imports, which tsx makes slow); `npm run bench:scan` adds a
// bare Node's start-up to it for the floor it prints beside the scanner.
//
// usage: node --import tsx bench/pack-floor.ts REPO [RUNS]
import { performance } from 'node:perf_hooks';
import { PackIndex } from '../src/scan/pack/pack-index.js';
import { PackReader } from '../src/scan/pack/pack-reader.js';
import { storeLayout } from '../src/scan/pack/store-layout.js';

const repo = process.argv[2] ?? '.';
const runs = Number(process.argv[3] ?? 3);
const layout = await storeLayout(repo);
if (!layout) throw new Error(`${repo}: a store the pack reader does not read (alternates?)`);
const limits = { maxObjectBytes: 16 * 1024 * 1024, cacheBytes: 16 * 1024 * 1024 };
let best = Infinity;
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  for (const files of layout.packs) {
    const index = PackIndex.read(files.idx, layout.hashBytes, files.size);
    const reader = new PackReader(files.pack, index, limits);
    try {
      reader.readPositions(0, index.count, { object: () => undefined, defer: () => undefined });
    } finally {
      reader.close();
    }
  }
  best = Math.min(best, performance.now() - started);
}
process.stdout.write(`${best.toFixed(1)}\n`);
