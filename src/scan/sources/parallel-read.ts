/**
 * Reads a tree scan's files on two cores: this thread and a scan worker
 * (../parallel.ts) take batches of files from one shared counter, so neither
 * waits for the other and a worker that is slow to start simply takes fewer.
 * Each thread reads with synchronous calls, as one thread did alone.
 */
import { parentPort } from 'node:worker_threads';
import { startScanWorker } from '../parallel.js';
import { FileReader, readListed, type FileToRead, type ReadOutcome } from './file-read.js';

/** Files a thread takes at a time: small, so that both finish at about the same time. */
const BATCH = 32;
/**
 * Fewer files are read here alone: a worker is ready to read after about
 * 70 ms, by when this thread has read some 3,000 files.
 */
const MIN_PARALLEL_FILES = 4096;

/** What the worker is sent: the files and the shared counter of the next batch. */
interface Job {
  kind: 'files';
  files: FileToRead[];
  next: SharedArrayBuffer;
}

/** One batch read by the worker. */
interface BatchDone {
  batch: number;
  outcomes: ReadOutcome[];
}

function readBatch(reader: FileReader, files: FileToRead[], batch: number): ReadOutcome[] {
  const outcomes: ReadOutcome[] = [];
  const end = Math.min(files.length, (batch + 1) * BATCH);
  for (let index = batch * BATCH; index < end; index++)
    outcomes.push(readListed(reader, files[index] as FileToRead));
  return outcomes;
}

/** A scan worker for one read; `stop` it when done. */
export class ScanHelper {
  readonly worker = startScanWorker();
  /** Resolves true once the worker can take files, false when there is none or it failed. */
  readonly ready: Promise<boolean>;

  constructor() {
    const worker = this.worker;
    this.ready = worker
      ? new Promise((resolve) => {
          worker.on('message', (message: Partial<BatchDone>) => {
            if (message.batch === undefined) resolve(true);
          });
          worker.once('error', () => resolve(false));
          worker.once('exit', () => resolve(false));
        })
      : Promise.resolve(false);
  }

  stop(): void {
    void this.worker?.terminate();
  }
}

/** Every file's outcome in the order given, and how many the worker read. */
export interface ReadAll {
  outcomes: ReadOutcome[];
  workerFiles: number;
}

/**
 * The outcome of reading each file, in the order given. Whatever the worker
 * took and did not return (it failed or exited) is read here: nothing is
 * lost to a failed thread.
 */
export async function readAll(
  files: FileToRead[],
  onProgress?: (done: number) => void,
  helper: ScanHelper | null = files.length >= MIN_PARALLEL_FILES ? new ScanHelper() : null,
): Promise<ReadAll> {
  const outcomes: (ReadOutcome | undefined)[] = new Array<ReadOutcome | undefined>(files.length);
  const batches = Math.ceil(files.length / BATCH);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const worker = helper?.worker ?? null;
  const returned = new Set<number>();
  let workerFiles = 0;
  let onBatch = (): void => undefined;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    onBatch();
  };
  if (worker) {
    worker.on('message', (message: Partial<BatchDone>) => {
      if (message.batch === undefined || !message.outcomes) return;
      const batch = message.batch;
      workerFiles += message.outcomes.length;
      message.outcomes.forEach((outcome, at) => {
        outcomes[batch * BATCH + at] = outcome;
      });
      returned.add(batch);
      onBatch();
    });
    worker.once('error', stop);
    worker.once('exit', stop);
    worker.postMessage({ kind: 'files', files, next: next.buffer } satisfies Job);
  }
  const reader = new FileReader();
  try {
    let mine = 0;
    for (let batch = Atomics.add(next, 0, 1); batch < batches; batch = Atomics.add(next, 0, 1)) {
      readBatch(reader, files, batch).forEach((outcome, at) => {
        outcomes[batch * BATCH + at] = outcome;
      });
      mine++;
      onProgress?.(Math.min(files.length, (mine + returned.size) * BATCH));
    }
    // Every batch is taken: wait only for those the worker took and has not returned yet.
    while (worker && !stopped && returned.size < batches - mine) {
      await new Promise<void>((resolve) => {
        onBatch = resolve;
      });
    }
  } finally {
    helper?.stop();
  }
  for (let index = 0; index < files.length; index++)
    outcomes[index] ??= readListed(reader, files[index] as FileToRead);
  return { outcomes: outcomes as ReadOutcome[], workerFiles };
}

/** A path that came through postMessage: a Buffer arrives as a plain Uint8Array. */
function openable(file: FileToRead): FileToRead {
  if (typeof file.full === 'string' || Buffer.isBuffer(file.full)) return file;
  const bytes = file.full as Uint8Array;
  return { ...file, full: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** The worker's side of a tree read: takes batches until none is left, returning each as it is read. */
export function serveFileJob(job: Job): void {
  const next = new Int32Array(job.next);
  const files = job.files.map(openable);
  const batches = Math.ceil(files.length / BATCH);
  const reader = new FileReader();
  for (let batch = Atomics.add(next, 0, 1); batch < batches; batch = Atomics.add(next, 0, 1))
    parentPort?.postMessage({ batch, outcomes: readBatch(reader, files, batch) } as BatchDone);
}

export type { Job as FileJob };
