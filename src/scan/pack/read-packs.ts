/**
 * Reads every blob, commit and tag of a repository straight from its pack
 * files, on this thread and a scan worker (../parallel.ts) at once: no `git
 * cat-file` pipe carrying every byte of history into this process. Loose
 * objects and objects too large to hold whole are left to git (streamed).
 */
import { parentPort } from 'node:worker_threads';
import {
  addScanCounts,
  emptyScanStats,
  ObjectQueue,
  scanObjectBytes,
  WHOLE_BLOB_LIMIT,
  type ObjectHit,
  type ObjectScanStats,
  type ReadOptions,
} from '../object-reader.js';
import { ScanHelper } from '../sources/parallel-read.js';
import { PackCycleError, PackFormatError } from './format.js';
import { PackIndex } from './pack-index.js';
import { PackReader, type ContentType, type PackReaderLimits } from './pack-reader.js';
import { claimNext, segmentsOf, type Segment } from './segments.js';
import type { StoreLayout } from './store-layout.js';

const LIMITS: PackReaderLimits = {
  maxObjectBytes: WHOLE_BLOB_LIMIT,
  cacheBytes: 16 * 1024 * 1024,
};
/**
 * Smaller stores are read on this thread alone: a worker costs 0.2 s of CPU
 * to start and rebuilds the delta chains it starts in the middle of, more
 * than it saves below about a second of reading (measured: a 26k-object
 * history was faster on one thread, a 37k-object one even, a 147k-object one
 * 25% faster on two). Reading costs per object (an inflate each) and per byte.
 */
const MIN_PARALLEL_OBJECTS = 30_000;
const MIN_PARALLEL_BYTES = 256 * 1024 * 1024;
const MAIN = 1;
const WORKER = 2;

/**
 * What the native read found, handed over only once the whole store is read;
 * `has` tells which objects the store holds (for the missing blobs).
 */
export interface PackRead {
  stats: ObjectScanStats;
  hits: ObjectHit[];
  /** Decoders' complaints about objects, named by id. */
  warnings: string[];
  has(id: string): boolean;
}

/** What the worker is sent. */
interface PackJob {
  kind: 'packs';
  layout: StoreLayout;
  segments: Segment[];
  claims: SharedArrayBuffer;
}

/** One segment's results, as the worker returns them. */
interface SegmentDone {
  segment: number;
  hits: ObjectHit[];
  deferred: string[];
  warnings: string[];
  counts: ObjectScanStats;
  objects: number;
}

interface WorkerFailure {
  failed: string;
  /** A delta loop (PackCycleError): fatal, never handed to git. */
  cycle?: boolean;
}

/** The reading state of one thread: its pack readers and what it found. */
class SegmentReader {
  private readonly readers = new Map<number, PackReader>();

  constructor(
    private readonly layout: StoreLayout,
    private readonly indexes: PackIndex[],
  ) {}

  read(segment: Segment): Omit<SegmentDone, 'segment'> {
    const { pack, from, to } = segment;
    const index = this.indexes[pack] as PackIndex;
    let reader = this.readers.get(pack);
    if (!reader) {
      reader = new PackReader((this.layout.packs[pack] as { pack: string }).pack, index, LIMITS);
      this.readers.set(pack, reader);
    }
    const hits: ObjectHit[] = [];
    const deferred: string[] = [];
    const warnings: string[] = [];
    const stats = emptyScanStats();
    const earlier = this.indexes.slice(0, pack);
    const onWarning = (message: string): void => void warnings.push(message);
    reader.readPositions(from, to, {
      object: (position: number, type: ContentType, bytes: Buffer) => {
        if (type === 'blob') {
          stats.blobsScanned++;
          stats.bytesScanned += bytes.length;
        }
        // The id is made only for what is kept: a hit, or a decoder's complaint.
        scanObjectBytes(
          position,
          type,
          bytes,
          stats,
          (hit) => hits.push(hit),
          { onWarning },
          (at) => index.idAt(at),
        );
      },
      defer: (position) => deferred.push(index.idAt(position)),
      ...(earlier.length && {
        seen: (position: number) => {
          const id = index.idAt(position);
          return earlier.some((other) => other.has(id));
        },
      }),
    });
    return { hits, deferred, warnings, counts: stats, objects: to - from };
  }

  close(): void {
    for (const reader of this.readers.values()) reader.close();
  }
}

function readIndexes(layout: StoreLayout): PackIndex[] {
  return layout.packs.map((files) => PackIndex.read(files.idx, layout.hashBytes, files.size));
}

/** A Buffer that crossed postMessage arrives as a plain Uint8Array. */
function revived(hit: ObjectHit): ObjectHit {
  if (!hit.head || Buffer.isBuffer(hit.head)) return hit;
  const head = hit.head as Uint8Array;
  return { ...hit, head: Buffer.from(head.buffer, head.byteOffset, head.byteLength) };
}

/**
 * Reads the store described by `layout`: every blob, and every commit and
 * tag (keys pasted into messages). Throws PackFormatError (or a file system
 * error) when a pack cannot be read; the caller then lets git read
 * everything instead.
 */
export async function readPacks(
  repo: string,
  layout: StoreLayout,
  options: ReadOptions = {},
  parallel = true,
): Promise<PackRead> {
  // Started first: it loads while this thread reads the indexes.
  const packBytes = layout.packs.reduce((sum, files) => sum + files.size, 0);
  const objects = layout.packs.reduce((sum, files) => sum + files.objects, 0);
  const worthAWorker = objects >= MIN_PARALLEL_OBJECTS || packBytes >= MIN_PARALLEL_BYTES;
  const helper = parallel && worthAWorker ? new ScanHelper() : null;
  const worker = helper?.worker ?? null;
  let indexes: PackIndex[];
  try {
    indexes = readIndexes(layout);
  } catch (error) {
    helper?.stop();
    throw error;
  }
  const segments = segmentsOf(indexes);
  const claims = new Int32Array(new SharedArrayBuffer(4 * segments.length));
  const totalObjects = indexes.reduce((sum, index) => sum + index.count, 0) + layout.loose.length;
  const inPacks = (id: string): boolean => indexes.some((index) => index.has(id));

  // Returned once the read is complete (a failed read falls back to git with
  // nothing reported twice), in pack order whichever thread read them.
  const segmentHits: ObjectHit[][] = segments.map(() => []);
  const gitHits: ObjectHit[] = [];
  const warnings: string[] = [];
  // Loose objects, and those too large to hold whole, are read by git alongside.
  const viaGit = new ObjectQueue(repo, (hit) => gitHits.push(hit), {
    ...options,
    // Commits and tags too, as the packs' reader always reads them (keys pasted into messages).
    messages: true,
    onProgress: undefined,
    onWarning: (message) => warnings.push(message),
  });
  const stats = emptyScanStats();
  let objectsDone = 0;
  const returned = new Set<number>();
  let workerFailure: Error | null = null;
  let workerGone = false;
  let wake = (): void => undefined;
  const taken = new Set<number>();
  const take = (done: SegmentDone): void => {
    // A segment read twice (its worker exited as it returned it) counts once.
    if (taken.has(done.segment)) return;
    taken.add(done.segment);
    segmentHits[done.segment] = done.hits.map(revived);
    for (const id of done.deferred) viaGit.add(id);
    warnings.push(...done.warnings);
    addScanCounts(stats, done.counts);
    objectsDone += done.objects;
    options.onProgress?.(objectsDone, totalObjects);
  };
  if (worker) {
    worker.on('message', (message: Partial<SegmentDone & WorkerFailure>) => {
      if (message.failed !== undefined)
        workerFailure = message.cycle
          ? new PackCycleError(message.failed)
          : new PackFormatError(message.failed);
      else if (message.segment !== undefined) {
        returned.add(message.segment);
        take(message as SegmentDone);
      }
      wake();
    });
    const gone = (): void => {
      workerGone = true;
      wake();
    };
    worker.once('error', gone);
    worker.once('exit', gone);
    worker.postMessage({
      kind: 'packs',
      layout,
      segments,
      claims: claims.buffer,
    } satisfies PackJob);
  }
  const reader = new SegmentReader(layout, indexes);
  try {
    for (const id of layout.loose) if (!inPacks(id)) viaGit.add(id);
    for (let at = claimNext(claims, -1, MAIN); at !== -1; at = claimNext(claims, at, MAIN)) {
      take({ ...reader.read(segments[at] as Segment), segment: at });
      // Lets git log's output, the worker's results and progress in between segments.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (workerFailure !== null) throw workerFailure;
    }
    const byWorker = (): number[] =>
      segments.map((_, at) => at).filter((at) => claims[at] === WORKER && !returned.has(at));
    while (worker && !workerGone && workerFailure === null && byWorker().length) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (workerFailure !== null) throw workerFailure;
    // A worker that died leaves its unfinished segments to this thread: nothing is skipped.
    for (const at of byWorker()) take({ ...reader.read(segments[at] as Segment), segment: at });
  } catch (error) {
    // Git's reader is waiting for more ids: end its input so that it exits.
    void viaGit.finish().catch(() => undefined);
    throw error;
  } finally {
    helper?.stop();
    reader.close();
  }

  addScanCounts(stats, await viaGit.finish());
  options.onProgress?.(totalObjects, totalObjects);
  const loose = new Set(layout.loose);
  const hits = [...segmentHits.flat(), ...gitHits];
  return { stats, hits, warnings, has: (id) => loose.has(id) || inPacks(id) };
}

/** The worker's side: reads segments until none is left, returning each as it is read. */
export function servePackJob(job: PackJob): void {
  const claims = new Int32Array(job.claims);
  let reader: SegmentReader | null = null;
  try {
    reader = new SegmentReader(job.layout, readIndexes(job.layout));
    for (let at = claimNext(claims, -1, WORKER); at !== -1; at = claimNext(claims, at, WORKER)) {
      parentPort?.postMessage({ ...reader.read(job.segments[at] as Segment), segment: at });
    }
  } catch (error) {
    parentPort?.postMessage({
      failed: (error as Error).message,
      cycle: error instanceof PackCycleError,
    } satisfies WorkerFailure);
  } finally {
    reader?.close();
  }
}

export type { PackJob };
