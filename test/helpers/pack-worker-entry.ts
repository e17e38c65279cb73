/**
 * A scan worker entry (as scan-worker-entry.ts) that also appends the number
 * of each pack segment it hands back to the file named by
 * EC2KR_TEST_WORKER_LOG, so that a test can tell that the worker really read
 * part of the packs.
 */
import { appendFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { serveScanWorker } from '../../src/scan/worker.js';

const log = process.env['EC2KR_TEST_WORKER_LOG'];
const port = parentPort;
if (port && log) {
  const post = port.postMessage.bind(port);
  port.postMessage = (message: unknown, transfer?: Parameters<typeof post>[1]): void => {
    if (typeof message === 'object' && message !== null && 'segment' in message)
      appendFileSync(log, `${String(message.segment)}\n`);
    post(message, transfer);
  };
}

serveScanWorker();
