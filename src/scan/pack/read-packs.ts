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
import { claimNext, familySegmentsOf, segmentsOf, type Segment } from './segments.js';
import type { StoreLayout } from './store-layout.js';

const LIMITS: PackReaderLimits = {
  maxObjectBytes: WHOLE_BLOB_LIMIT,
  cacheBytes: 16 * 1024 * 1024,
};
/**
 * Smaller stores are read on this thread alone: a worker costs some 0.2 s of
 * CPU to start, taken on two cores from this thread and git log, more than
 * it saves below about a second of reading (measured: 26k- and 37k-object
 * histories were faster on one thread, a 147k-object one 25% faster on two).
 * Two threads split the packs into runs of entries; one thread alone reads
 * packs that fit in MAX_FAMILY_BYTES whole, by delta families
 * (./pack-reader.ts): each base is built once, just before its deltas.
 * Splitting two threads by families was slower here (each finds the
 * families, holds the packs, and starts cold). `EC2KR_PACK_SPLIT=positions`
 * or `families` forces a split, and a worker (tests, comparisons).
 */
const MIN_PARALLEL_OBJECTS = 30_000;
const MIN_PARALLEL_BYTES = 256 * 1024 * 1024;
const MAX_FAMILY_BYTES = 64 * 1024 * 1024;

interface Split {
  by: 'families' | 'positions';
  worker: boolean;
}

function splitOf(objects: number, packBytes: number): Split {
  const forced = process.env['EC2KR_PACK_SPLIT'];
  if (forced === 'families' || forced === 'positions') return { by: forced, worker: true };
  if (objects >= MIN_PARALLEL_OBJECTS || packBytes >= MIN_PARALLEL_BYTES)
    return { by: 'positions', worker: true };
  return { by: packBytes <= MAX_FAMILY_BYTES ? 'families' : 'positions', worker: false };
}
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

/**
 * One segment's results, as the worker returns them; each hit and warning
 * with the position of its object, so that the results are put in pack
 * order whichever thread read them, and in whatever order.
 */
interface SegmentDone {
  segment: number;
  hits: ObjectHit[];
  hitPositions: number[];
  deferred: string[];
  warnings: string[];
  warningPositions: number[];
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

  /** The reader of pack `pack`, opened on first use. */
  reader(pack: number): PackReader {
    let reader = this.readers.get(pack);
    if (!reader) {
      const index = this.indexes[pack] as PackIndex;
      reader = new PackReader((this.layout.packs[pack] as { pack: string }).pack, index, LIMITS);
      this.readers.set(pack, reader);
    }
    return reader;
  }

  read(segment: Segment): Omit<SegmentDone, 'segment'> {
    const { pack, from, to } = segment;
    const index = this.indexes[pack] as PackIndex;
    const reader = this.reader(pack);
    const hits: ObjectHit[] = [];
    const hitPositions: number[] = [];
    const deferred: string[] = [];
    const warnings: string[] = [];
    const warningPositions: number[] = [];
    const stats = emptyScanStats();
    const earlier = this.indexes.slice(0, pack);
    let current = 0;
    const onWarning = (message: string): void => {
      warnings.push(message);
      warningPositions.push(current);
    };
    // Made once, not per object (each object read would leave three closures behind).
    const onHit = (hit: ObjectHit): void => {
      hits.push(hit);
      hitPositions.push(current);
    };
    const options = { onWarning };
    const idAt = (at: number): string => index.idAt(at);
    const sink = {
      object: (position: number, type: ContentType, bytes: Buffer) => {
        current = position;
        if (type === 'blob') {
          stats.blobsScanned++;
          stats.bytesScanned += bytes.length;
        }
        // The id is made only for what is kept: a hit, or a decoder's complaint.
        scanObjectBytes(position, type, bytes, stats, onHit, options, idAt);
      },
      defer: (position: number) => deferred.push(index.idAt(position)),
      ...(earlier.length && {
        seen: (position: number) => {
          const id = index.idAt(position);
          return earlier.some((other) => other.has(id));
        },
      }),
    };
    let objects = to - from;
    if (segment.families) objects = reader.readFamilies(from, to, sink);
    else reader.readPositions(from, to, sink);
    return {
      hits,
      hitPositions,
      deferred,
      warnings,
      warningPositions,
      counts: stats,
      objects,
    };
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
  const split = splitOf(objects, packBytes);
  const helper = parallel && split.worker ? new ScanHelper() : null;
  const worker = helper?.worker ?? null;
  let indexes: PackIndex[];
  let reader: SegmentReader;
  let segments: Segment[];
  try {
    indexes = readIndexes(layout);
    reader = new SegmentReader(layout, indexes);
    // Families are found while a worker starts; it finds the same ones itself.
    segments =
      split.by === 'families'
        ? familySegmentsOf(indexes.map((_, pack) => reader.reader(pack).families()))
        : segmentsOf(indexes);
  } catch (error) {
    helper?.stop();
    throw error;
  }
  const claims = new Int32Array(new SharedArrayBuffer(4 * segments.length));
  const totalObjects = indexes.reduce((sum, index) => sum + index.count, 0) + layout.loose.length;
  const inPacks = (id: string): boolean => indexes.some((index) => index.has(id));

  // Returned once the read is complete (a failed read falls back to git with
  // nothing reported twice), in pack order whichever thread read them.
  const packHits: Positioned<ObjectHit>[] = [];
  const packWarnings: Positioned<string>[] = [];
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
    const { pack } = segments[done.segment] as Segment;
    done.hits.forEach((hit, at) =>
      packHits.push({ pack, position: done.hitPositions[at] as number, item: revived(hit) }),
    );
    done.warnings.forEach((message, at) =>
      packWarnings.push({ pack, position: done.warningPositions[at] as number, item: message }),
    );
    for (const id of done.deferred) viaGit.add(id);
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
  const hits = [...inPackOrder(packHits), ...gitHits];
  return {
    stats,
    hits,
    warnings: [...inPackOrder(packWarnings), ...warnings],
    has: (id) => loose.has(id) || inPacks(id),
  };
}

/** Something read from a pack, with where its object is. */
interface Positioned<T> {
  pack: number;
  position: number;
  item: T;
}

/** The items in pack order, then position order (stable: one object's stay as they came). */
function inPackOrder<T>(items: Positioned<T>[]): T[] {
  return items
    .sort((a, b) => a.pack - b.pack || a.position - b.position)
    .map((positioned) => positioned.item);
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
