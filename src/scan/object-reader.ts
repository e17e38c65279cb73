import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from './detector.js';
import { openGit, streamGit, type GitPipe } from './git-stream.js';
import { isLfsPointer } from './lfs.js';
import { countNewlines } from './newlines.js';
import { listObjects } from './object-list.js';

/** Objects up to this size are scanned whole; larger ones are streamed through the scanner. */
export const WHOLE_BLOB_LIMIT = 16 * 1024 * 1024;
/** How much of a commit or tag is kept to read its headers (the message's place and author). */
const HEAD_LIMIT = 64 * 1024;

export interface ObjectScanStats {
  blobsScanned: number;
  bytesScanned: number;
  /** Blobs that are Git LFS pointers (their content is not in git). */
  lfsPointers: number;
  /** Object ids asked for that the repository does not have. */
  missing: string[];
}

export function emptyScanStats(): ObjectScanStats {
  return { blobsScanned: 0, bytesScanned: 0, lfsPointers: 0, missing: [] };
}

/** Adds one reader's counts to `into` (the blobs, bytes, LFS pointers and missing ids). */
export function addScanCounts(into: ObjectScanStats, from: ObjectScanStats): void {
  into.blobsScanned += from.blobsScanned;
  into.bytesScanned += from.bytesScanned;
  into.lfsPointers += from.lfsPointers;
  into.missing.push(...from.missing);
}

/** An object holding key blocks. Commits and tags come with their first bytes, for the headers. */
export interface ObjectHit {
  id: string;
  type: 'blob' | 'commit' | 'tag';
  blocks: KeyBlock[];
  /** Commits and tags: the object's first bytes (at most HEAD_LIMIT), for its headers. */
  head?: Buffer;
}

export type ObjectHitHandler = (hit: ObjectHit) => void;

type Scanned = 'blob' | 'commit' | 'tag' | null;

interface CurrentObject {
  id: string;
  type: Scanned;
  remaining: number;
  /** An object that spans chunks is copied here once, whole. */
  whole: Buffer | null;
  filled: number;
  streaming: KeyBlockScanner | null;
  head: Buffer | null;
}

/**
 * Parses the `git cat-file --batch` stream and scans each blob (and, when
 * asked, each commit and tag, for keys pasted into messages) as its bytes go
 * by. Nothing but the object being read (or, for huge ones, a small window of
 * it) is kept in memory.
 */
export class BatchParser {
  private header = Buffer.alloc(0);
  private current: CurrentObject | null = null;
  private skipNewline = false;
  readonly stats = emptyScanStats();

  private objects = 0;

  constructor(
    private readonly onHit: ObjectHitHandler,
    private readonly options: ReadOptions,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.skipNewline) {
        this.skipNewline = false;
        at++;
        continue;
      }
      if (!this.current) {
        const newline = chunk.indexOf(10, at);
        if (newline === -1) {
          this.header = Buffer.concat([this.header, chunk.subarray(at)]);
          return;
        }
        const line = this.header.length
          ? Buffer.concat([this.header, chunk.subarray(at, newline)]).toString('latin1')
          : chunk.toString('latin1', at, newline);
        this.header = Buffer.alloc(0);
        at = newline + 1;
        this.begin(line);
        continue;
      }
      const take = Math.min(this.current.remaining, chunk.length - at);
      this.consume(chunk.subarray(at, at + take));
      at += take;
    }
  }

  private begin(line: string): void {
    const [id = '', kind = '', size = ''] = line.split(' ');
    if (kind === 'missing' || kind === 'ambiguous') {
      this.stats.missing.push(id);
      return;
    }
    const length = Number.parseInt(size, 10);
    if (!Number.isFinite(length))
      throw new Error(`unexpected git cat-file output: ${line.slice(0, 80)}`);
    if (++this.objects % PROGRESS_EVERY === 0)
      this.options.onProgress?.(this.objects, Math.max(this.objects, this.options.total ?? 0));
    const type: Scanned =
      kind === 'blob'
        ? 'blob'
        : this.options.messages && (kind === 'commit' || kind === 'tag')
          ? kind
          : null;
    this.current = {
      id,
      type,
      remaining: length,
      whole: null,
      filled: 0,
      streaming: type && length > WHOLE_BLOB_LIMIT ? new KeyBlockScanner() : null,
      head: null,
    };
    if (type === 'blob') {
      this.stats.blobsScanned++;
      this.stats.bytesScanned += length;
    }
    if (length === 0) this.finish();
  }

  private consume(piece: Buffer): void {
    const current = this.current;
    if (!current) return;
    current.remaining -= piece.length;
    if (current.type) {
      if (current.streaming) {
        current.head ??=
          current.type === 'blob' ? null : Buffer.from(piece.subarray(0, HEAD_LIMIT));
        current.streaming.feed(piece);
      } else if (current.remaining === 0 && current.filled === 0) {
        // The common case: the whole object sits in one chunk; scan it in place.
        this.report(current, piece);
        this.current = null;
        this.skipNewline = true;
        return;
      } else {
        current.whole ??= Buffer.allocUnsafe(current.remaining + piece.length);
        current.filled += piece.copy(current.whole, current.filled);
      }
    }
    if (current.remaining === 0) this.finish();
  }

  private finish(): void {
    const current = this.current;
    if (!current) return;
    if (current.streaming) {
      const blocks = current.streaming.end();
      if (blocks.length)
        this.onHit({
          id: current.id,
          type: current.type ?? 'blob',
          blocks,
          ...this.headOf(current),
        });
    } else if (current.type) {
      this.report(current, current.whole ?? Buffer.alloc(0));
    }
    this.current = null;
    this.skipNewline = true;
  }

  private report(current: CurrentObject, bytes: Buffer): void {
    if (current.type)
      scanObjectBytes(
        current.id,
        current.type,
        bytes,
        this.stats,
        this.onHit,
        this.options,
        String,
      );
  }

  private headOf(current: CurrentObject): { head?: Buffer } {
    return current.head ? { head: current.head } : {};
  }

  end(): void {
    if (this.current) throw new Error('git cat-file output ended in the middle of an object');
    this.options.onProgress?.(this.objects, this.objects);
  }
}

/**
 * Scans one whole blob, commit or tag (its blob counts are the caller's):
 * what every reader of the object store does with an object's bytes. The
 * object is named by `key`, turned into its id by `idOf` only when a hit or
 * a warning needs it.
 */
export function scanObjectBytes<Key>(
  key: Key,
  type: 'blob' | 'commit' | 'tag',
  bytes: Buffer,
  stats: ObjectScanStats,
  onHit: ObjectHitHandler,
  options: Pick<ReadOptions, 'onWarning'>,
  idOf: (key: Key) => string,
): void {
  if (type === 'blob' && isLfsPointer(bytes)) stats.lfsPointers++;
  const warn = options.onWarning;
  const onWarning = warn && ((message: string) => warn(`object ${idOf(key)}: ${message}`));
  const blocks =
    (type !== 'blob' && headersAndMessage(bytes, onWarning)) || findKeyBlocks(bytes, onWarning);
  if (!blocks.length) return;
  const id = idOf(key);
  if (type === 'blob') onHit({ id, type, blocks });
  else onHit({ id, type, blocks, head: Buffer.from(bytes.subarray(0, HEAD_LIMIT)) });
}

const BLANK_LINE = Buffer.from('\n\n');

/**
 * The blocks of a commit or tag whose message holds a NUL (UTF-16, which an
 * `encoding UTF-16LE` header allows), its headers and its message read apart:
 * after the headers' ASCII the object as a whole is no UTF-16 text, so the
 * message's key would be missed or misplaced. Lines are the object's. Null
 * for any other object, read whole.
 */
function headersAndMessage(
  bytes: Buffer,
  onWarning?: (message: string) => void,
): KeyBlock[] | null {
  const end = bytes.indexOf(BLANK_LINE);
  if (end === -1 || bytes.indexOf(0, end + 2) === -1) return null;
  const before = countNewlines(bytes, 0, end + 2);
  const message = findKeyBlocks(bytes.subarray(end + 2), onWarning).map((block) => ({
    ...block,
    line: block.line + before,
  }));
  return [...findKeyBlocks(bytes.subarray(0, end + 1), onWarning), ...message];
}

export interface ReadOptions {
  /** Also scan commits and tags (their messages). */
  messages?: boolean;
  /** Objects read so far, of about how many (a count git gives before the read). */
  onProgress?: (done: number, total: number) => void;
  /** The total for onProgress. */
  total?: number;
  /** What a decoder gave up on in an object (a bomb, a truncated archive), named by its id. */
  onWarning?: (message: string) => void;
}

/** Progress is reported every this many objects: a call per object would cost more than the object. */
const PROGRESS_EVERY = 512;

/** Scans every object in the repository's object store, each read once. */
export async function scanAllObjects(
  cwd: string,
  onHit: ObjectHitHandler,
  options: ReadOptions = {},
): Promise<ObjectScanStats> {
  const parser = new BatchParser(onHit, options);
  await streamGit(cwd, ['cat-file', '--batch-all-objects', '--batch', '--unordered'], (chunk) =>
    parser.push(chunk),
  );
  parser.end();
  return parser.stats;
}

/** Scans the named objects; those the repository lacks are counted in `missing`. */
export async function scanObjects(
  cwd: string,
  ids: Iterable<string>,
  onHit: ObjectHitHandler,
  options: ReadOptions = {},
): Promise<ObjectScanStats> {
  const input = [...ids].map((id) => `${id}\n`).join('');
  const parser = new BatchParser(onHit, { total: input.length / 41, ...options });
  if (!input) return parser.stats;
  await streamGit(cwd, ['cat-file', '--batch'], (chunk) => parser.push(chunk), input);
  parser.end();
  return parser.stats;
}

/**
 * Objects handed one by one, as they are found, to a `git cat-file --batch`
 * that reads them alongside the caller's own work (started at the first).
 */
export class ObjectQueue {
  private pipe: GitPipe | null = null;
  private readonly parser: BatchParser;

  constructor(
    private readonly cwd: string,
    onHit: ObjectHitHandler,
    options: ReadOptions = {},
  ) {
    this.parser = new BatchParser(onHit, options);
  }

  add(id: string): void {
    this.pipe ??= openGit(this.cwd, ['cat-file', '--batch'], (chunk) => this.parser.push(chunk));
    this.pipe.write(`${id}\n`);
  }

  /** Waits for git to have read everything added; the objects' counts. */
  async finish(): Promise<ObjectScanStats> {
    if (!this.pipe) return this.parser.stats;
    this.pipe.end();
    await this.pipe.done;
    this.parser.end();
    return this.parser.stats;
  }
}

/**
 * Bytes of objects one reader is given before the next one takes over: long
 * runs in the store's order keep most delta bases in the process that needs them.
 */
const RUN_BYTES = 8 * 1024 * 1024;
/** Ids are written to a reader in batches of about this many bytes. */
const WRITE_BYTES = 64 * 1024;

/**
 * Scans every blob, commit and tag in the object store with `readers` `git
 * cat-file --batch` processes at once (git inflates and applies deltas on one
 * core each while this process scans what arrives). The objects are listed as
 * the reading goes (trees never read), in runs of about RUN_BYTES per reader.
 * Also returns the ids of the blobs present.
 */
export async function scanStore(
  cwd: string,
  readers: number,
  onHit: ObjectHitHandler,
  options: ReadOptions = {},
): Promise<{ stats: ObjectScanStats; blobs: Set<string> }> {
  const blobs = new Set<string>();
  let listed = 0;
  const counts: number[] = [];
  const parsers = Array.from({ length: Math.max(1, readers) }, (_, index) => {
    counts.push(0);
    return new BatchParser(onHit, {
      ...options,
      onProgress:
        options.onProgress &&
        ((done) => {
          counts[index] = done;
          const sum = counts.reduce((total, count) => total + count, 0);
          options.onProgress?.(sum, Math.max(sum, listed));
        }),
    });
  });
  const pipes = parsers.map((parser) =>
    openGit(cwd, ['cat-file', '--batch'], (chunk) => parser.push(chunk)),
  );
  let reader = 0;
  let runBytes = 0;
  let batch = '';
  const flush = (): void => {
    if (batch) pipes[reader]?.write(batch);
    batch = '';
  };
  const listing = listObjects(cwd, (object) => {
    listed++;
    if (object.type === 'blob') blobs.add(object.id);
    batch += `${object.id}\n`;
    runBytes += object.size;
    if (runBytes >= RUN_BYTES) {
      flush();
      reader = (reader + 1) % pipes.length;
      runBytes = 0;
    } else if (batch.length >= WRITE_BYTES) flush();
  }).finally(() => {
    flush();
    for (const pipe of pipes) pipe.end();
  });
  await Promise.all([listing, ...pipes.map((pipe) => pipe.done)]);
  for (const parser of parsers) parser.end();
  const stats = emptyScanStats();
  for (const parser of parsers) addScanCounts(stats, parser.stats);
  return { stats, blobs };
}
