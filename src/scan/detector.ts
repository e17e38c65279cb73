import { rebuildPem, rebuildPutty } from './pem-block.js';

/** One private key block found in a blob. `text` is secret: parse it, never print it. */
export interface KeyBlock {
  /** Byte offset of the block's first marker in the blob. */
  offset: number;
  /** 1-based line of that marker. */
  line: number;
  kind: 'pem' | 'putty';
  text: string;
  truncated: boolean;
  placeholder: boolean;
}

const PEM_TAIL = Buffer.from('PRIVATE KEY-----');
const PEM_HEAD = Buffer.from('-----BEGIN ');
const PUTTY_HEAD = Buffer.from('PuTTY-User-Key-File-');
/** Longest escaped key block we cut out (a 16k-bit RSA key, escaped twice, fits). */
export const MAX_BLOCK_BYTES = 64 * 1024;
/** Bytes kept between chunks so that a marker split across them is still seen. */
const MARKER_OVERLAP = 64;
const LABEL = /^[A-Z0-9 ]{0,30}PRIVATE KEY$/;

/** True when the bytes contain a marker; the cheap test run on every blob. */
export function hasMarker(bytes: Buffer): boolean {
  return bytes.includes(PEM_TAIL) || bytes.includes(PUTTY_HEAD);
}

function lineStartBefore(window: Buffer, position: number): number {
  return window.lastIndexOf(10, position - 1) + 1;
}

/**
 * Finds key blocks in a stream of bytes fed in chunks, keeping only a small
 * carry between chunks, so a file of any size is scanned in bounded memory.
 */
export class KeyBlockScanner {
  private carry: Buffer = Buffer.alloc(0);
  /** Absolute offset of `carry[0]`. */
  private carryOffset = 0;
  /** Newlines before `carryOffset`. */
  private linesBeforeCarry = 0;
  /** Absolute offset up to which markers have been handled. */
  private handledUpTo = 0;
  private readonly blocks: KeyBlock[] = [];

  feed(chunk: Buffer): void {
    this.process(chunk, false);
  }

  end(chunk?: Buffer): KeyBlock[] {
    this.process(chunk ?? Buffer.alloc(0), true);
    return this.blocks;
  }

  private process(chunk: Buffer, final: boolean): void {
    const window = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let keepFrom = final ? window.length : Math.max(0, window.length - MARKER_OVERLAP);
    let searchFrom = Math.max(0, this.handledUpTo - this.carryOffset);
    for (;;) {
      const marker = this.nextMarker(window, searchFrom);
      if (!marker) break;
      const regionEnd = Math.min(window.length, marker.start + MAX_BLOCK_BYTES);
      if (!final && regionEnd === window.length) {
        // The block may run into the next chunk: wait for more bytes.
        keepFrom = Math.min(keepFrom, lineStartBefore(window, marker.start));
        break;
      }
      const block = this.cut(window, marker, regionEnd);
      if (block) this.blocks.push(block);
      searchFrom = marker.resumeAt;
      this.handledUpTo = this.carryOffset + marker.resumeAt;
    }
    this.advance(window, keepFrom);
  }

  private advance(window: Buffer, keepFrom: number): void {
    this.linesBeforeCarry += countNewlines(window, 0, keepFrom);
    this.carryOffset += keepFrom;
    this.carry = Buffer.from(window.subarray(keepFrom));
  }

  private nextMarker(
    window: Buffer,
    from: number,
  ): { start: number; kind: 'pem' | 'putty'; label: string; resumeAt: number } | null {
    let pem = window.indexOf(PEM_TAIL, from);
    const putty = window.indexOf(PUTTY_HEAD, from);
    while (pem !== -1) {
      const head = window.lastIndexOf(PEM_HEAD, pem);
      const label = head === -1 ? '' : window.toString('latin1', head + PEM_HEAD.length, pem + 11);
      if (head !== -1 && pem - head <= 48 && LABEL.test(label) && (putty === -1 || head < putty)) {
        return { start: head, kind: 'pem', label, resumeAt: pem + PEM_TAIL.length };
      }
      if (putty !== -1 && putty < pem) break;
      pem = window.indexOf(PEM_TAIL, pem + PEM_TAIL.length);
    }
    if (putty === -1) return null;
    return { start: putty, kind: 'putty', label: '', resumeAt: putty + PUTTY_HEAD.length };
  }

  private cut(
    window: Buffer,
    marker: { start: number; kind: 'pem' | 'putty'; label: string; resumeAt: number },
    regionEnd: number,
  ): KeyBlock | null {
    const lineStart = lineStartBefore(window, marker.start);
    const prefix = window.toString('latin1', lineStart, marker.start);
    const line = this.linesBeforeCarry + countNewlines(window, 0, marker.start) + 1;
    const offset = this.carryOffset + marker.start;
    if (marker.kind === 'putty') {
      const macAt = window.indexOf('Private-MAC:', marker.start);
      const hasEnd = macAt !== -1 && macAt < regionEnd;
      const end = hasEnd ? endOfLine(window, macAt, regionEnd) : regionEnd;
      const text = rebuildPutty(prefix, window.toString('latin1', marker.start, end));
      if (!/Public-Lines:/i.test(text)) return null;
      marker.resumeAt = Math.max(marker.resumeAt, end);
      return { offset, line, kind: 'putty', text, truncated: !hasEnd, placeholder: false };
    }
    const endMarker = window.indexOf(`-----END ${marker.label}-----`, marker.resumeAt);
    const nextBegin = window.indexOf(PEM_HEAD, marker.resumeAt);
    // An END after the next BEGIN belongs to that block: this one is truncated.
    const stopAt = nextBegin !== -1 && nextBegin < regionEnd ? nextBegin : regionEnd;
    const hasEnd = endMarker !== -1 && endMarker < stopAt;
    const bodyEnd = hasEnd ? endMarker : stopAt;
    const rebuilt = rebuildPem(
      marker.label,
      prefix,
      window.toString('latin1', marker.resumeAt, bodyEnd),
      hasEnd,
    );
    if (!rebuilt) return null;
    if (hasEnd) marker.resumeAt = endMarker + 9 + marker.label.length;
    return {
      offset,
      line,
      kind: 'pem',
      text: rebuilt.text,
      truncated: !hasEnd,
      placeholder: rebuilt.placeholder,
    };
  }
}

function endOfLine(window: Buffer, from: number, limit: number): number {
  const newline = window.indexOf(10, from);
  // Escaped files keep the MAC on a line with other content: stop at the hex run's end.
  const slice = window.toString(
    'latin1',
    from,
    newline === -1 || newline > limit ? limit : newline,
  );
  const mac = /^Private-MAC:\s*[0-9a-fA-F]*/.exec(slice);
  return from + (mac ? mac[0].length : slice.length);
}

export function countNewlines(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  let at = bytes.indexOf(10, from);
  while (at !== -1 && at < to) {
    count++;
    at = bytes.indexOf(10, at + 1);
  }
  return count;
}

/** Finds key blocks in a blob held in memory. */
export function findKeyBlocks(bytes: Buffer): KeyBlock[] {
  if (!hasMarker(bytes)) return [];
  return new KeyBlockScanner().end(bytes);
}
