import { findKeyBlocks, KeyBlockScanner, type KeyBlock } from './detector.js';
import { streamGit } from './git-stream.js';
import { GitError } from './git.js';

/** Blobs up to this size are scanned whole; larger ones are streamed through the scanner. */
const WHOLE_BLOB_LIMIT = 16 * 1024 * 1024;

export interface ObjectScanStats {
  blobsScanned: number;
  bytesScanned: number;
}

/** Called for every blob that holds at least one key block. */
export type BlobHitHandler = (blob: string, blocks: KeyBlock[]) => void;

interface CurrentObject {
  id: string;
  isBlob: boolean;
  remaining: number;
  pieces: Buffer[];
  streaming: KeyBlockScanner | null;
}

/**
 * Parses the `git cat-file --batch` stream and scans each blob as its bytes
 * go by. Nothing but the blob being read (or, for huge blobs, a small window
 * of it) is kept in memory.
 */
class BatchParser {
  private header = Buffer.alloc(0);
  private current: CurrentObject | null = null;
  private skipNewline = false;
  /** Objects git reported as missing (asked for by id, or listed but unreadable). */
  private readonly missing: string[] = [];
  readonly stats: ObjectScanStats = { blobsScanned: 0, bytesScanned: 0 };

  constructor(private readonly onHit: BlobHitHandler) {}

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
        const line = Buffer.concat([this.header, chunk.subarray(at, newline)]).toString('latin1');
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
    const [id = '', type = '', size = ''] = line.split(' ');
    if (type === 'missing' || type === 'ambiguous') {
      this.missing.push(id);
      return;
    }
    const length = Number.parseInt(size, 10);
    if (!Number.isFinite(length))
      throw new Error(`unexpected git cat-file output: ${line.slice(0, 80)}`);
    const isBlob = type === 'blob';
    this.current = {
      id,
      isBlob,
      remaining: length,
      pieces: [],
      streaming: isBlob && length > WHOLE_BLOB_LIMIT ? new KeyBlockScanner() : null,
    };
    if (isBlob) {
      this.stats.blobsScanned++;
      this.stats.bytesScanned += length;
    }
    if (length === 0) this.finish();
  }

  private consume(piece: Buffer): void {
    const current = this.current;
    if (!current) return;
    current.remaining -= piece.length;
    if (current.isBlob) {
      if (current.streaming) current.streaming.feed(piece);
      else if (current.remaining === 0 && current.pieces.length === 0) {
        // The common case: the whole blob sits in one chunk; scan it in place.
        this.report(current.id, findKeyBlocks(piece));
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
    if (current.isBlob) {
      this.report(
        current.id,
        current.streaming ? current.streaming.end() : findKeyBlocks(Buffer.concat(current.pieces)),
      );
    }
    this.current = null;
    this.skipNewline = true;
  }

  private report(id: string, blocks: KeyBlock[]): void {
    if (blocks.length) this.onHit(id, blocks);
  }

  end(): void {
    if (this.current) throw new Error('git cat-file output ended in the middle of an object');
    if (this.missing.length) {
      const more = this.missing.length > 1 ? ` (and ${this.missing.length - 1} more)` : '';
      throw new GitError(
        `the repository is corrupt or incomplete: object ${this.missing[0]}${more} is missing`,
      );
    }
  }
}

/** Scans every object in the repository's object store, each read once. */
export async function scanAllObjects(cwd: string, onHit: BlobHitHandler): Promise<ObjectScanStats> {
  const parser = new BatchParser(onHit);
  await streamGit(cwd, ['cat-file', '--batch-all-objects', '--batch', '--unordered'], (chunk) =>
    parser.push(chunk),
  );
  parser.end();
  return parser.stats;
}

/** Scans the named blobs. */
export async function scanBlobs(
  cwd: string,
  ids: Iterable<string>,
  onHit: BlobHitHandler,
): Promise<ObjectScanStats> {
  const parser = new BatchParser(onHit);
  const input = [...ids].map((id) => `${id}\n`).join('');
  if (!input) return parser.stats;
  await streamGit(cwd, ['cat-file', '--batch'], (chunk) => parser.push(chunk), input);
  parser.end();
  return parser.stats;
}
