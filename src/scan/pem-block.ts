import { commentMarkerOf, peelLine, unescapeNewlines } from './block-text.js';

/** A PEM body that holds key-like material, rebuilt in canonical form. */
export interface RebuiltBlock {
  /** Canonical PEM text with real newlines; secret, never printed. */
  text: string;
  /** The body is a stand-in (`...`, `<your key>`), not key material. */
  placeholder: boolean;
}

const BASE64_TOKEN = /^[A-Za-z0-9+/]+={0,2}$/;
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*):\s*(\S.*)$/;
/** `…` as itself, or as its UTF-8 bytes read as latin1 (which is how the detector decodes blobs). */
const ELLIPSIS = '(?:\u2026|\u00e2\u0080\u00a6)';
const DOT = `(?:\\.|${ELLIPSIS})`;
/**
 * Base64 elided with `..`, `...` or `…` (`MIIEow...`). The lookahead asks for an
 * ellipsis once; the run itself has no nested quantifiers, so a long run of
 * dots cannot make matching exponential.
 */
const ELIDED = `[A-Za-z0-9+/=]*(?=${DOT}*?(?:\\.\\.|${ELLIPSIS}))${DOT}+[A-Za-z0-9+/=]*`;
const PLACEHOLDER_TOKEN = new RegExp(
  `^(?:${ELIDED}|x{3,}|\\*{3,}|redacted|removed|snip|<[^<>]*>|\\[[^[\\]]*\\])$`,
  'i',
);
const PLACEHOLDER_BODY = /^(?:<[^<>]*>|\[[^[\]]*\]|\{\{[^{}]*\}\}|\$\{[^{}]*\})$/;
/** Real key bodies have full base64 lines; prose that happens to be base64-safe has short words. */
const MIN_KEY_TOKEN = 32;

function wrap(base64: string, width: number): string[] {
  const lines = [];
  for (let i = 0; i < base64.length; i += width) lines.push(base64.slice(i, i + width));
  return lines;
}

/**
 * Rebuilds a PEM block from the raw bytes between its BEGIN and END markers
 * (END may be missing when the block is truncated). Returns null when the
 * body is prose that merely mentions a marker.
 */
export function rebuildPem(
  label: string,
  prefix: string,
  rawBody: string,
  hasEnd: boolean,
): RebuiltBlock | null {
  return rebuildArmored(
    `-----BEGIN ${label}-----`,
    `-----END ${label}-----`,
    prefix,
    rawBody,
    hasEnd,
  );
}

const SSHCOM_LABEL = `SSH2 ENCRYPTED ${['PRIVATE', 'KEY'].join(' ')}`;

/** Rebuilds an ssh.com key (`---- BEGIN SSH2 ENCRYPTED … ----`, headers, base64) like a PEM block. */
export function rebuildSshcom(
  prefix: string,
  rawBody: string,
  hasEnd: boolean,
): RebuiltBlock | null {
  return rebuildArmored(
    `---- BEGIN ${SSHCOM_LABEL} ----`,
    `---- END ${SSHCOM_LABEL} ----`,
    prefix,
    rawBody,
    hasEnd,
  );
}

function rebuildArmored(
  begin: string,
  end: string,
  prefix: string,
  rawBody: string,
  hasEnd: boolean,
): RebuiltBlock | null {
  const marker = commentMarkerOf(prefix);
  const headers: string[] = [];
  const bodyLines: string[] = [];
  const tokens: string[] = [];
  for (const rawLine of unescapeNewlines(rawBody).split('\n')) {
    const line = peelLine(rawLine, marker);
    if (!line) continue;
    if (HEADER_LINE.test(line) && tokens.length === 0) {
      headers.push(line.replace(HEADER_LINE, '$1: $2'));
      continue;
    }
    bodyLines.push(line);
    // Folded YAML and `.env` files put the whole key on one line, split by spaces.
    tokens.push(
      ...line
        .split(/\s+/)
        .map((token) => peelLine(token, null))
        .filter(Boolean),
    );
  }

  let base64Tokens = tokens;
  let placeholder = false;
  if (!hasEnd) {
    // A truncated block: keep the run of base64 that follows BEGIN, drop what comes after.
    const stop = tokens.findIndex((token) => !BASE64_TOKEN.test(token));
    base64Tokens = stop === -1 ? tokens : tokens.slice(0, stop);
    if (!base64Tokens.some((token) => token.length >= MIN_KEY_TOKEN)) return null;
  } else if (!tokens.some((token) => BASE64_TOKEN.test(token) && token.length >= MIN_KEY_TOKEN)) {
    // Tokens are peeled one by one (`{{ key }}` loses its braces), so whole lines are tried too.
    const standIn =
      tokens.length > 0 &&
      (tokens.every((token) => PLACEHOLDER_TOKEN.test(token)) ||
        PLACEHOLDER_BODY.test(tokens.join(' ')) ||
        PLACEHOLDER_BODY.test(bodyLines.join(' ')));
    if (!standIn) return null;
    placeholder = true;
  }

  const body = base64Tokens.join('');
  const lines = [begin, ...headers];
  if (headers.length) lines.push('');
  lines.push(...wrap(body, 64));
  if (hasEnd) lines.push(end);
  return { text: `${lines.join('\n')}\n`, placeholder };
}

/**
 * Rebuilds a PuTTY .ppk file from raw text starting at its first header.
 * Header lines keep their spaces (comments may contain them).
 */
export function rebuildPutty(prefix: string, rawText: string): string {
  const marker = commentMarkerOf(prefix);
  const lines = unescapeNewlines(rawText)
    .split('\n')
    .map((line) => peelLine(line, marker))
    .filter(Boolean);
  return `${lines.join('\n')}\n`;
}
