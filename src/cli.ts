/**
 * The CLI's entry. It turns the compile cache on (src/compile-cache.ts), then
 * loads the program: tiny, so that the program too comes from the cache (a
 * module compiled before the cache is on is not kept in it).
 */
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./cli-main.js');
