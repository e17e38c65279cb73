/**
 * The CLI's entry. It turns the compile cache on (src/compile-cache.ts), then
 * loads the program: tiny, so that the program too comes from the cache (a
 * module compiled before the cache is on is not kept in it).
 */
import { enableCompileCache } from './compile-cache.js';
import { isScanWorker } from './scan/parallel.js';

enableCompileCache();
// A scan's second thread runs this file too (src/scan/parallel.ts): it reads files or packs and
// needs neither the command line nor the key parsers, whose loading would delay its first file.
if (isScanWorker()) (await import('./scan/worker.js')).serveScanWorker();
else await import('./cli-main.js');
