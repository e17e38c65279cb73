/**
 * A scan worker thread (./parallel.ts): says it is ready, then serves the one
 * job it is sent: files of a tree scan, or segments of a history's packs.
 */
import { parentPort } from 'node:worker_threads';
import { servePackJob, type PackJob } from './pack/read-packs.js';
import { serveFileJob, type FileJob } from './sources/parallel-read.js';

export function serveScanWorker(): void {
  parentPort?.postMessage({});
  parentPort?.once('message', (job: FileJob | PackJob) => {
    if (job.kind === 'packs') servePackJob(job);
    else serveFileJob(job);
  });
}
