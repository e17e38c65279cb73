/**
 * A scan worker thread (./parallel.ts): says it is ready, then serves what it
 * is sent: any number of tree-scan file jobs, or one job of a history's packs.
 */
import { parentPort } from 'node:worker_threads';
import { servePackJob, type PackJob } from './pack/read-packs.js';
import { serveFileJob, type FileJob } from './sources/parallel-read.js';

export function serveScanWorker(): void {
  parentPort?.postMessage({});
  parentPort?.on('message', (job: FileJob | PackJob) => {
    if (job.kind === 'packs') servePackJob(job);
    else serveFileJob(job);
  });
}
