/**
 * The header lines of a PuTTY or ssh.com key file, found in the raw bytes.
 * Their free-text values (a .ppk's Comment, an ssh.com `Comment:` that may
 * go on over lines ending in a backslash) can hold anything but a line
 * break: a `-----BEGIN `, an END line, `Private-MAC:`, another head. Only
 * after the headers do those markers end the file, so the detector looks
 * for them from where the headers end, which this walk finds line by line.
 */
import { peelLine, unescapeLine, type BreakForm, type LineMarker } from './block-text.js';
import { solidBytes } from './block-budget.js';
import { breakFormOf, nextBreak } from './line-breaks.js';

export type HeaderKind = 'putty' | 'sshcom';

export interface HeaderEnd {
  /** Where the first line after the headers starts (the bytes' end when they run to it). */
  end: number;
  /** False when the walk reached `limit` before it could tell: more bytes may move `end`. */
  decided: boolean;
  /** How the file's lines break, as its head's line shows (see `BreakForm`). */
  breaks: BreakForm;
}

/** A header line as the walk reads it: a name and a colon (a value may be empty). */
const HEADER = /^[A-Za-z][A-Za-z0-9-]*:/;
/** Where a .ppk's headers end: its public key follows. */
const PUBLIC_LINES = /^Public-Lines:/i;
const PUTTY_HEAD = 'PuTTY-User-Key-File-';
/** A head's own line (its algorithm, or nothing) ends within this many bytes, or it heads no file. */
const HEAD_LINE_MAX = 256;
/**
 * Header lines a .ppk holds before `Public-Lines` at most: PuTTY reads
 * exactly two (Encryption, Comment); a few more are allowed for packaging.
 */
const PUTTY_HEADERS_MAX = 8;
/** Space, tab, newline, vertical tab, form feed and carriage return: a blank line's bytes. */
const SPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]) SPACE[byte] = 1;

/**
 * Where the headers of the file whose head marker ends at `from` end; null
 * when the head's line does not end soon (prose or code naming the head).
 * A .ppk's headers run to its `Public-Lines` line, an ssh.com file's to its
 * first body line. The walk stops at a line that starts another file, and
 * once the headers hold more than `budget` bytes other than white space.
 */
export function headerEnd(
  bytes: Buffer,
  from: number,
  limit: number,
  kind: HeaderKind,
  marker: LineMarker | null,
  budget: number,
): HeaderEnd | null {
  const headLine = nextBreak(bytes, from, Math.min(limit, from + HEAD_LINE_MAX));
  if (!headLine)
    return from + HEAD_LINE_MAX < limit ? null : { end: limit, decided: false, breaks: 'any' };
  const breaks = breakFormOf(bytes, headLine);
  let at = headLine.end;
  let spent = 0;
  let continued = false;
  for (let lines = 0; ; lines++) {
    // Blank lines and indentation are skipped a byte at a time: a million of them cost little.
    if (!continued) while (at < limit && SPACE[bytes[at] as number]) at++;
    if (kind === 'putty' && lines > PUTTY_HEADERS_MAX) return { end: at, decided: true, breaks };
    const next = nextBreak(bytes, at, limit, breaks);
    const lineEnd = next ? next.at : limit;
    spent += solidBytes(bytes, at, lineEnd);
    if (spent > budget) return { end: at, decided: true, breaks };
    const unescaped = unescapeLine(bytes.toString('latin1', at, lineEnd), breaks);
    // A break this walk does not know of: stop here, where the cutter's own rules take over.
    if (unescaped.includes('\n')) return { end: at, decided: true, breaks };
    const line = peelLine(unescaped, marker);
    const header: boolean = continued || !line || isHeader(kind, line);
    // RFC 4716: a header line ending in a backslash goes on in the next line.
    continued = kind === 'sshcom' && header && unescaped.trimEnd().endsWith('\\');
    if (!next) return { end: header ? limit : at, decided: false, breaks };
    if (!header) return { end: at, decided: true, breaks };
    at = next.end;
  }
}

function isHeader(kind: HeaderKind, line: string): boolean {
  if (kind === 'putty' && (PUBLIC_LINES.test(line) || line.startsWith(PUTTY_HEAD))) return false;
  return HEADER.test(line);
}
