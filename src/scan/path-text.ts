/**
 * File names are bytes, and a name need not be UTF-8 (`id_\xff`). Decoded
 * lossily, two such names become one (`id_\uFFFD`), and no report, ignore
 * rule or SARIF link can tell them apart. A name that is UTF-8 is shown as
 * it is; any other is quoted as git quotes names: in double quotes, with
 * each byte UTF-8 cannot carry as `\ooo` and `"` and `\` escaped. A UTF-8
 * name that starts with `"` is quoted too, so a quoted form is never also
 * somebody's real name.
 */
import { isUtf8 } from 'node:buffer';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How many bytes the UTF-8 sequence led by `lead` takes; 0 for a byte no sequence starts with. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** A name's bytes as text that keeps distinct names distinct (see above). */
export function pathText(raw: Buffer): string {
  if (raw[0] !== QUOTE && isUtf8(raw)) return raw.toString('utf8');
  let text = '"';
  for (let at = 0; at < raw.length;) {
    const byte = raw[at] as number;
    if (byte === QUOTE || byte === BACKSLASH) {
      text += `\\${String.fromCharCode(byte)}`;
      at++;
      continue;
    }
    const length = sequenceLength(byte);
    const sequence = length ? raw.subarray(at, at + length) : null;
    if (sequence && sequence.length === length && isUtf8(sequence)) {
      text += sequence.toString('utf8');
      at += length;
    } else {
      text += `\\${byte.toString(8).padStart(3, '0')}`;
      at++;
    }
  }
  return `${text}"`;
}

/** The bytes `pathText` made `text` of (a quoted form read back; any other text as UTF-8). */
export function pathBytes(text: string): Buffer {
  if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"')))
    return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  const inner = text.slice(1, -1);
  let plain = '';
  for (let at = 0; at < inner.length; at++) {
    const char = inner[at] as string;
    if (char !== '\\') {
      plain += char;
      continue;
    }
    const next = inner[at + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(inner.slice(at + 1, at + 4))?.[0];
    parts.push(Buffer.from(plain, 'utf8'));
    plain = '';
    if (octal) {
      parts.push(Buffer.from([parseInt(octal, 8)]));
      at += 3;
    } else {
      parts.push(Buffer.from(next, 'utf8'));
      at += 1;
    }
  }
  parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}
