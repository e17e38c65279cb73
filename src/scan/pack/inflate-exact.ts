/**
 * Inflates pack entries, each to exactly its declared size. `inflateSync`
 * builds a zlib stream (its 32 KiB window, a Node stream object, their
 * collection) for every entry: a third of a history read is that overhead.
 * Here one zlib stream is reset between entries instead, driven through the
 * handle Node's own zlib module drives (`writeSync`, `reset`, the write
 * state), as `zlib.js` does in its synchronous path. That handle is internal,
 * so it is checked on a known stream first, and `inflateSync` is used
 * whenever it is missing or misbehaves: the result is the same either way.
 */
import { constants, deflateSync, Inflate, inflateSync } from 'node:zlib';
import { PackFormatError } from './format.js';

/** What `ReusedStream.inflate` returns when the stream is whole but not of the declared size. */
const WRONG_SIZE = 'wrong size';

/** What Node's zlib stream drives underneath (internal): also read by ../decode/inflate.ts. */
export interface ZlibHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inputOffset: number,
    inputLength: number,
    output: Uint8Array,
    outputOffset: number,
    outputLength: number,
  ): void;
  reset(): void;
  onerror: (message: string) => void;
}

interface StreamInternals {
  _handle?: ZlibHandle | null;
  _writeState?: Uint32Array;
}

/** One zlib inflate stream, reset before each entry; dropped after any error. */
class ReusedStream {
  private failure: string | null = null;

  private constructor(
    private readonly stream: Inflate,
    private readonly handle: ZlibHandle,
    /** [output space left, input left] after each write. */
    private readonly state: Uint32Array,
  ) {
    // Errors come back here instead of destroying the stream (zlib.js's handler).
    handle.onerror = (message: string) => {
      this.failure = String(message);
    };
  }

  static open(): ReusedStream | null {
    try {
      const stream = new Inflate();
      const internals = stream as unknown as StreamInternals;
      const handle = internals._handle;
      const state = internals._writeState;
      if (
        !handle ||
        typeof handle.writeSync !== 'function' ||
        typeof handle.reset !== 'function' ||
        !(state instanceof Uint32Array) ||
        state.length < 2
      )
        return null;
      return new ReusedStream(stream, handle, state);
    } catch {
      return null;
    }
  }

  /**
   * `size` bytes inflated from `compressed` (into `into` when it holds one
   * byte more), or a reason it did not give exactly that.
   */
  inflate(compressed: Buffer, size: number, into?: Buffer): Buffer | string {
    // One byte more than declared shows content that runs past the size.
    const out = into && into.length > size ? into : Buffer.allocUnsafe(size + 1);
    this.failure = null;
    this.handle.reset();
    this.handle.writeSync(constants.Z_FINISH, compressed, 0, compressed.length, out, 0, size + 1);
    if (this.failure !== null) return this.failure;
    const produced = size + 1 - (this.state[0] as number);
    return produced === size ? out.subarray(0, size) : WRONG_SIZE;
  }

  close(): void {
    this.stream.close();
  }
}

/** Whether a reused stream gives what inflateSync gives, on a stream and on a broken one. */
function behaves(stream: ReusedStream): boolean {
  try {
    const content = Buffer.from('ec2-key-rotate checks its inflater '.repeat(64));
    const compressed = deflateSync(content);
    const whole = stream.inflate(compressed, content.length);
    const cut = stream.inflate(compressed.subarray(0, compressed.length >> 1), content.length);
    const short = stream.inflate(compressed, content.length - 1);
    const again = stream.inflate(compressed, content.length);
    return (
      Buffer.isBuffer(whole) &&
      whole.equals(content) &&
      typeof cut === 'string' &&
      typeof short === 'string' &&
      Buffer.isBuffer(again) &&
      again.equals(content)
    );
  } catch {
    return false;
  }
}

let shared: ReusedStream | null | undefined;

/** The thread's reused stream, opened and checked on first use; null means inflateSync. */
function reusedStream(): ReusedStream | null {
  if (shared !== undefined) return shared;
  const stream = process.env['EC2KR_INFLATE'] === 'sync' ? null : ReusedStream.open();
  shared = stream && behaves(stream) ? stream : null;
  if (!shared) stream?.close();
  return shared;
}

/** Which inflater this thread uses: `reused` unless Node's handle was refused or EC2KR_INFLATE=sync. */
export function inflaterKind(): 'reused' | 'sync' {
  return reusedStream() ? 'reused' : 'sync';
}

function inflateEach(compressed: Buffer, size: number): Buffer {
  let out: Buffer;
  try {
    // One output buffer of the known size (plus the byte that shows the end).
    out = inflateSync(compressed, {
      chunkSize: Math.max(64, size + 1),
      maxOutputLength: Math.max(1, size),
    });
  } catch (error) {
    throw new PackFormatError(`pack entry does not inflate: ${(error as Error).message}`);
  }
  if (out.length !== size) throw new PackFormatError('pack entry inflates to the wrong size');
  return out;
}

/**
 * Inflates one entry's data, which must give exactly `size` bytes
 * (PackFormatError otherwise). With `into` (at least `size + 1` bytes) the
 * result may be a view of it, valid until `into` is written again.
 */
export function inflateExactly(compressed: Buffer, size: number, into?: Buffer): Buffer {
  const stream = reusedStream();
  if (!stream) return inflateEach(compressed, size);
  let result: Buffer | string;
  try {
    result = stream.inflate(compressed, size, into);
  } catch (error) {
    result = (error as Error).message;
  }
  if (typeof result !== 'string') return result;
  if (result === WRONG_SIZE) throw new PackFormatError('pack entry inflates to the wrong size');
  // A stream that failed is not trusted again: the next entry opens a fresh one.
  stream.close();
  shared = undefined;
  throw new PackFormatError(`pack entry does not inflate: ${result}`);
}
