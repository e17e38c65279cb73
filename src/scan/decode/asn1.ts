/**
 * A minimal DER reader: enough to recognise private key structures and walk
 * PKCS#12 files. Every read is bounds-checked against its parent, so hostile
 * lengths cannot reach outside the buffer.
 */

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  content: number;
  /** Offset just past the content. */
  end: number;
}

export const TAG = {
  integer: 0x02,
  octetString: 0x04,
  oid: 0x06,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
} as const;

/** The element at `at`, or null when it is not well formed within `limit`. */
export function readTlv(buf: Buffer, at: number, limit = buf.length): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = buf[at] as number;
  if ((tag & 0x1f) === 0x1f) return null; // high tag numbers: never in key structures
  const first = buf[at + 1] as number;
  let length = first;
  let content = at + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    // Indefinite lengths (0x80) are BER, not DER; more than 4 length bytes is not a key file.
    if (count === 0 || count > 4 || content + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[content + i] as number);
    content += count;
  }
  const end = content + length;
  if (end > limit) return null;
  return { tag, start: at, content, end };
}

/** The children of a constructed element, or null when they do not tile it exactly (at most `max`). */
export function childrenOf(buf: Buffer, parent: Tlv, max = 64): Tlv[] | null {
  const children: Tlv[] = [];
  for (let at = parent.content; at < parent.end;) {
    if (children.length >= max) return null;
    const child = readTlv(buf, at, parent.end);
    if (!child) return null;
    children.push(child);
    at = child.end;
  }
  return children;
}

/** The value of a small INTEGER, or null when it is not one. */
export function smallInteger(buf: Buffer, tlv: Tlv | undefined): number | null {
  if (!tlv || tlv.tag !== TAG.integer) return null;
  const length = tlv.end - tlv.content;
  if (length < 1 || length > 4) return null;
  return buf.readUIntBE(tlv.content, length);
}

/** The content bytes of an element. */
export function contentOf(buf: Buffer, tlv: Tlv): Buffer {
  return buf.subarray(tlv.content, tlv.end);
}

/** The OID of an element as hex of its content bytes (compared against constants). */
export function oidHex(buf: Buffer, tlv: Tlv | undefined): string | null {
  return tlv?.tag === TAG.oid ? buf.toString('hex', tlv.content, tlv.end) : null;
}
