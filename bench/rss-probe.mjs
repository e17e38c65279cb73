// Preloaded into the scanner (NODE_OPTIONS=--import=...) by the memory
// measurement: at exit, appends this process's own peak resident set size
// (KiB, getrusage RUSAGE_SELF, so git child processes are not counted) to
// the file named by BENCH_RSS_FILE.
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
  });
}
