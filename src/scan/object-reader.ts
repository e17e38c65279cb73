import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from './detector.js';
import { streamGit } from './git-stream.js';
import { isLfsPointer } from './lfs.js';

/** Objects up to this size are scanned whole; larger ones are streamed through the scanner. */
const WHOLE_BLOB_LIMIT = 16 * 1024 * 1024;
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
  pieces: Buffer[];
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
  readonly stats: ObjectScanStats = {
    blobsScanned: 0,
    bytesScanned: 0,
    lfsPointers: 0,
    missing: [],
  };

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
      pieces: [],
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
      } else if (current.remaining === 0 && current.pieces.length === 0) {
        // The common case: the whole object sits in one chunk; scan it in place.
        this.report(current, piece);
        this.current = null;
        this.skipNewline = true;
        return;
      } else current.pieces.push(Buffer.from(piece));
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
      this.report(current, Buffer.concat(current.pieces));
    }
    this.current = null;
    this.skipNewline = true;
  }

  private report(current: CurrentObject, bytes: Buffer): void {
    if (current.type === 'blob' && isLfsPointer(bytes)) this.stats.lfsPointers++;
    const blocks = findKeyBlocks(bytes);
    if (!blocks.length || !current.type) return;
    current.head = current.type === 'blob' ? null : Buffer.from(bytes.subarray(0, HEAD_LIMIT));
    this.onHit({ id: current.id, type: current.type, blocks, ...this.headOf(current) });
  }

  private headOf(current: CurrentObject): { head?: Buffer } {
    return current.head ? { head: current.head } : {};
  }

  end(): void {
    if (this.current) throw new Error('git cat-file output ended in the middle of an object');
    this.options.onProgress?.(this.objects, this.objects);
  }
}

export interface ReadOptions {
  /** Also scan commits and tags (their messages). */
  messages?: boolean;
  /** Objects read so far, of about how many (a count git gives before the read). */
  onProgress?: (done: number, total: number) => void;
  /** The total for onProgress. */
  total?: number;
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
 * Scans runs of objects with one `git cat-file --batch` each, all at once:
 * git inflates and applies deltas on one core per run while this process
 * scans what arrives. Stats are summed.
 */
export async function scanObjectRuns(
  cwd: string,
  runs: string[][],
  onHit: ObjectHitHandler,
  options: ReadOptions = {},
): Promise<ObjectScanStats> {
  const total = runs.reduce((sum, run) => sum + run.length, 0);
  const done = runs.map(() => 0);
  const results = await Promise.all(
    runs.map((run, index) =>
      scanObjects(cwd, run, onHit, {
        ...options,
        total,
        onProgress:
          options.onProgress &&
          ((count) => {
            done[index] = count;
            options.onProgress?.(
              done.reduce((sum, value) => sum + value, 0),
              total,
            );
          }),
      }),
    ),
  );
  return results.reduce(
    (sum, stats) => ({
      blobsScanned: sum.blobsScanned + stats.blobsScanned,
      bytesScanned: sum.bytesScanned + stats.bytesScanned,
      lfsPointers: sum.lfsPointers + stats.lfsPointers,
      missing: [...sum.missing, ...stats.missing],
    }),
    { blobsScanned: 0, bytesScanned: 0, lfsPointers: 0, missing: [] as string[] },
  );
}
