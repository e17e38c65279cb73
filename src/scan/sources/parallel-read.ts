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
export const MIN_PARALLEL_FILES = 4096;

/** Separates names in a job's strings: no path holds a NUL. */
const NUL = '\0';

/**
 * What the worker is sent: the files and the shared counter of the next
 * batch. Names travel as two NUL-joined strings (one copy each, where 20,000
 * objects took a structured clone of some 40 ms); files that do not fit that
 * form (a name that is not UTF-8, a submodule entry) travel whole in `odd`.
 */
interface Job {
  kind: 'files';
  /** Tells this job's batches from those of one before it. */
  job: number;
  count: number;
  fulls: string;
  paths: string;
  odd: [number, FileToRead][];
  next: SharedArrayBuffer;
}

/**
 * One batch read by the worker: the byte count of each file that was read
 * with nothing found and nothing to say (most of them), the rest whole.
 */
interface BatchDone {
  job: number;
  batch: number;
  /** Per file of the batch; -1 where `odd` holds its outcome. */
  bytes: number[];
  odd: [number, ReadOutcome][];
}

/** The outcome of a plain file with nothing in it: most outcomes, sent as a number. */
function isPlain(outcome: ReadOutcome): boolean {
  const read = outcome.read;
  return (
    !outcome.warnings.length &&
    !outcome.unreadable &&
    read !== undefined &&
    !read.blocks.length &&
    read.lfs === false
  );
}

function plain(bytes: number): ReadOutcome {
  return { warnings: [], read: { blocks: [], bytes, lfs: false } };
}

function readBatch(reader: FileReader, files: FileToRead[], batch: number): ReadOutcome[] {
  const outcomes: ReadOutcome[] = [];
  const end = Math.min(files.length, (batch + 1) * BATCH);
  for (let index = batch * BATCH; index < end; index++)
    outcomes.push(readListed(reader, files[index] as FileToRead));
  return outcomes;
}

let jobs = 0;

/**
 * A scan worker for one or more reads; `stop` it when done. Start it early:
 * it takes some 70 ms to load, which the listing of the files can hide.
 */
export class ScanHelper {
  readonly worker = startScanWorker();
  /** Resolves true once the worker can take files, false when there is none or it failed. */
  readonly ready: Promise<boolean>;
  /** Set once the worker failed or exited: no more jobs are sent to it. */
  private gone = false;

  constructor() {
    const worker = this.worker;
    this.ready = worker
      ? new Promise((resolve) => {
          const onReady = (message: Partial<BatchDone>): void => {
            if (message.batch !== undefined) return;
            worker.off('message', onReady);
            resolve(true);
          };
          worker.on('message', onReady);
          const onGone = (): void => {
            this.gone = true;
            resolve(false);
          };
          worker.once('error', onGone);
          worker.once('exit', onGone);
        })
      : Promise.resolve(false);
  }

  /** The worker, while it can still take a job. */
  get usable(): typeof this.worker {
    return this.gone ? null : this.worker;
  }

  stop(): void {
    this.gone = true;
    void this.worker?.terminate();
  }
}

/** Every file's outcome in the order given, and how many the worker read. */
export interface ReadAll {
  outcomes: ReadOutcome[];
  workerFiles: number;
}

/** The job for `files`: names joined where they can be, the rest whole. */
function jobOf(files: FileToRead[], next: SharedArrayBuffer): Job {
  const fulls: string[] = [];
  const paths: string[] = [];
  const odd: [number, FileToRead][] = [];
  files.forEach((file, index) => {
    if (typeof file.full === 'string' && !file.gitlink) {
      fulls.push(file.full);
      paths.push(file.path);
    } else {
      fulls.push('');
      paths.push('');
      odd.push([index, file]);
    }
  });
  jobs++;
  return {
    kind: 'files',
    job: jobs,
    count: files.length,
    fulls: fulls.join(NUL),
    paths: paths.join(NUL),
    odd,
    next,
  };
}

/**
 * The outcome of reading each file, in the order given. Whatever the worker
 * took and did not return (it failed or exited) is read here: nothing is
 * lost to a failed thread. A helper passed in is left running (its owner
 * stops it); one started here, for many files, is stopped before returning.
 */
export async function readAll(
  files: FileToRead[],
  onProgress?: (done: number) => void,
  given?: ScanHelper | null,
): Promise<ReadAll> {
  const helper =
    given === undefined ? (files.length >= MIN_PARALLEL_FILES ? new ScanHelper() : null) : given;
  const outcomes: (ReadOutcome | undefined)[] = new Array<ReadOutcome | undefined>(files.length);
  const batches = Math.ceil(files.length / BATCH);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const worker = helper?.usable ?? null;
  const returned = new Set<number>();
  let workerFiles = 0;
  let onBatch = (): void => undefined;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    onBatch();
  };
  const job = worker ? jobOf(files, next.buffer as SharedArrayBuffer) : null;
  const onMessage = (message: Partial<BatchDone>): void => {
    if (message.job !== job?.job || message.batch === undefined || !message.bytes) return;
    const batch = message.batch;
    const odd = new Map(message.odd);
    message.bytes.forEach((bytes, at) => {
      outcomes[batch * BATCH + at] = bytes < 0 ? odd.get(at) : plain(bytes);
    });
    workerFiles += message.bytes.length;
    returned.add(batch);
    onBatch();
  };
  if (worker && job) {
    worker.on('message', onMessage);
    worker.once('error', stop);
    worker.once('exit', stop);
    worker.postMessage(job);
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
    worker?.off('message', onMessage);
    worker?.off('error', stop);
    worker?.off('exit', stop);
    if (given === undefined) helper?.stop();
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

/** The files of a job, as they were before it was sent. */
function filesOf(job: Job): FileToRead[] {
  const fulls = job.fulls.split(NUL);
  const paths = job.paths.split(NUL);
  const files: FileToRead[] = [];
  for (let index = 0; index < job.count; index++)
    files.push({ full: fulls[index] as string, path: paths[index] as string, gitlink: false });
  for (const [index, file] of job.odd) files[index] = openable(file);
  return files;
}

/** The worker's side of a tree read: takes batches until none is left, returning each as it is read. */
export function serveFileJob(job: Job): void {
  const next = new Int32Array(job.next);
  const files = filesOf(job);
  const batches = Math.ceil(files.length / BATCH);
  const reader = new FileReader();
  for (let batch = Atomics.add(next, 0, 1); batch < batches; batch = Atomics.add(next, 0, 1)) {
    const odd: [number, ReadOutcome][] = [];
    const bytes = readBatch(reader, files, batch).map((outcome, at) => {
      if (isPlain(outcome)) return outcome.read?.bytes ?? 0;
      odd.push([at, outcome]);
      return -1;
    });
    parentPort?.postMessage({ job: job.job, batch, bytes, odd } satisfies BatchDone);
  }
}

export type { Job as FileJob };
