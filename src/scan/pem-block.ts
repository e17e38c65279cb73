import {
  lineMarkerOf,
  looseComments,
  markerFor,
  peelLine,
  splitLines,
  unescapeJoins,
  unescapeLine,
  withoutComment,
  withoutMarker,
  withoutPuttyTrailers,
  type BreakForm,
  type LineMarker,
} from './block-text.js';
import { diffSides } from './diff-sides.js';
import { opensLikeKeyBody } from './key-body.js';

/** A PEM body that holds key-like material, rebuilt in canonical form. */
export interface RebuiltBlock {
  /** Canonical PEM text with real newlines; secret, never printed. */
  text: string;
  /** The body is a stand-in (`...`, `<your key>`), not key material. */
  placeholder: boolean;
}

const BASE64_TOKEN = /^[A-Za-z0-9+/]+={0,2}$/;
/** A header line; its value may peel to nothing (an ssh.com comment of backslashes and quotes). */
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;
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
  return rebuildPemSides(label, prefix, rawBody, hasEnd)[0] ?? null;
}

/**
 * The PEM blocks the raw bytes between BEGIN and END hold: one, or, in a
 * diff that replaces one key by another (see `diffSides`), one per side
 * that holds a key (the old key's, then the new one's); none when the body
 * is prose that merely mentions a marker.
 */
export function rebuildPemSides(
  label: string,
  prefix: string,
  rawBody: string,
  hasEnd: boolean,
): RebuiltBlock[] {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const sides = diffSides(prefix, rawBody, 'any', end);
  const built = (sides ?? []).map((side) =>
    rebuildArmored(begin, end, side.prefix, side.raw, hasEnd, { sshcom: false, breaks: 'plain' }),
  );
  const found = distinct(built);
  if (found.length) return found;
  // No side holds a key: the block is read whole, as one that is no diff.
  const whole = rebuildArmored(begin, end, prefix, rawBody, hasEnd, {
    sshcom: false,
    breaks: 'any',
  });
  return whole ? [whole] : [];
}

/** The blocks rebuilt, without nulls and without a second copy of a text (both sides the same key). */
function distinct(blocks: readonly (RebuiltBlock | null)[]): RebuiltBlock[] {
  const found: RebuiltBlock[] = [];
  for (const block of blocks)
    if (block && !found.some((other) => other.text === block.text)) found.push(block);
  return found;
}

const SSHCOM_LABEL = `SSH2 ENCRYPTED ${['PRIVATE', 'KEY'].join(' ')}`;

/**
 * Rebuilds an ssh.com key (`---- BEGIN SSH2 ENCRYPTED … ----`, headers,
 * base64) like a PEM block, its lines broken as `breaks` says (see
 * `BreakForm`): a comment's backslashes stay in its header.
 */
export function rebuildSshcom(
  prefix: string,
  rawBody: string,
  hasEnd: boolean,
  breaks: BreakForm = 'any',
): RebuiltBlock | null {
  return rebuildArmored(
    `---- BEGIN ${SSHCOM_LABEL} ----`,
    `---- END ${SSHCOM_LABEL} ----`,
    prefix,
    rawBody,
    hasEnd,
    { sshcom: true, breaks },
  );
}

const QUOTE = /["'`]/;
const PLUSES = /^\++$/;

/** The `+` run a raw line holds alone (after its line marker), or ''. */
function plusesOf(rawLine: string, marker: LineMarker | null): string {
  const text = withoutMarker(rawLine, marker);
  return PLUSES.test(text) ? text : '';
}

/**
 * `pieces[at]` when it is a run of `+` between unquoted pieces: base64 split
 * by spaces (`MIIE ++ ab`), not the operator of `"MIIE" + "ab"`; else ''.
 */
function basePluses(pieces: readonly string[], at: number): string {
  const piece = pieces[at] ?? '';
  if (!PLUSES.test(piece)) return '';
  const unquoted = (neighbour: string | undefined): boolean =>
    neighbour === undefined || neighbour === '' || !QUOTE.test(neighbour);
  return unquoted(pieces[at - 1]) && unquoted(pieces[at + 1]) ? piece : '';
}

/** White space after a line break: blank lines and indentation, which peeling drops. */
const AFTER_BREAK = /\n\s+/g;

/**
 * The lines of a block's raw text, as `breaks` splits them: a body padded
 * with a million blank lines makes one line per key line, not a million
 * strings (a body escaped into a string has no blank lines of its own).
 */
function linesOf(raw: string, breaks: BreakForm): string[] {
  if (typeof breaks === 'number') return splitLines(raw, breaks);
  return unescapeLine(raw, breaks).replace(AFTER_BREAK, '\n').split('\n');
}

/** Whether a raw line ends in a backslash: an RFC 4716 header value goes on in the next line. */
function continues(rawLine: string): boolean {
  return rawLine.trimEnd().endsWith('\\');
}

function rebuildArmored(
  begin: string,
  end: string,
  prefix: string,
  rawBody: string,
  hasEnd: boolean,
  options: { sshcom: boolean; breaks: BreakForm },
): RebuiltBlock | null {
  const rawLines = linesOf(rawBody, options.breaks);
  // The first line is the rest of BEGIN's own line: a prefix stands only before the others.
  const { marker, runEnd } = peelable(rawLines, lineMarkerOf(prefix), hasEnd);
  const suffix = lineSuffix(rawLines, marker, runEnd);
  const headers: string[] = [];
  const bodyLines: string[] = [];
  const tokens: string[] = [];
  let continued = false;
  // Without quotes no `+` is a concatenation operator: a line of `+` alone is base64 (wrapped at 1).
  const bare = !QUOTE.test(rawBody);
  const loose = !options.sshcom && looseComments(rawLines.slice(0, runEnd), marker);
  for (let at = 0; at < runEnd; at++) {
    const shownLine = rawLines[at] ?? '';
    const suffixed = suffix ? withoutSuffix(shownLine, suffix) : shownLine;
    // A comment after the payload, its text its line's own (`"MIIE…", // 1`): not the key's.
    const rawLine = options.sshcom ? suffixed : withoutComment(suffixed, marker, at === 0, loose);
    const line = peelLine(rawLine, marker) || (bare ? plusesOf(rawLine, marker) : '');
    if (continued) {
      // Whatever a continued value holds (a marker, an END line) is part of the header.
      headers[headers.length - 1] += line;
      continued = continues(rawLine);
      continue;
    }
    if (!line) continue;
    if (HEADER_LINE.test(line) && tokens.length === 0) {
      headers.push(line.replace(HEADER_LINE, '$1: $2').trimEnd());
      // RFC 4716 (ssh.com): a value goes on after a line that ends in a backslash.
      continued = options.sshcom && continues(rawLine);
      continue;
    }
    bodyLines.push(line);
    // Folded YAML and `.env` files put the whole key on one line, split by spaces.
    // One push per token: a body may hold more tokens than a call takes arguments.
    const pieces = piecesOf(line);
    pieces.forEach((piece, at) => {
      // Bare base64 has nothing to peel (but a run of `+`, which may be an operator).
      const clean = BASE64_TOKEN.test(piece) && !PLUSES.test(piece);
      const token = clean ? piece : peelLine(piece, null) || basePluses(pieces, at);
      if (token) tokens.push(token);
    });
  }

  let base64Tokens = tokens;
  let placeholder = false;
  if (!hasEnd) {
    // A truncated block: keep the run of base64 that follows BEGIN, drop what comes after.
    const stop = tokens.findIndex((token) => !BASE64_TOKEN.test(token));
    base64Tokens = stop === -1 ? tokens : tokens.slice(0, stop);
    if (!hasKeyLines(base64Tokens, headers)) return null;
  } else if (!hasKeyLines(tokens, headers)) {
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
  const head = headers.length ? [begin, ...headers, ''] : [begin];
  const lines = head.concat(wrap(body, 64), hasEnd ? [end] : []);
  return { text: `${lines.join('\n')}\n`, placeholder };
}

/** What peelLine strips from a line's end anyway: no suffix of its own. */
const PACKAGING_ONLY = /^[\s"'`,;)\\+.&]*$/;

/**
 * What follows the marker on BEGIN's line when every line of the block ends
 * with it too (`" >> ~/.ssh/id`, `>>key.pem`, RTF's `\par`): a suffix a
 * tool or script put after each line, peeled like a prefix; else ''.
 */
function lineSuffix(lines: readonly string[], marker: LineMarker | null, runEnd: number): string {
  const tail = (lines[0] ?? '').trim();
  if (!tail || PACKAGING_ONLY.test(tail)) return '';
  let carried = false;
  for (let at = 1; at < runEnd; at++) {
    const text = withoutMarker(lines[at] ?? '', marker);
    // A line of the prefix alone (END's, or a blank line's) carries nothing to check.
    if (!text) continue;
    if (text.length <= tail.length || !text.endsWith(tail)) return '';
    carried = true;
  }
  return carried ? tail : '';
}

function withoutSuffix(line: string, suffix: string): string {
  const text = line.trimEnd();
  return text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : line;
}

/** Markup inside a line (`<p>…</p><p>…`, `<w:t>…</w:t>`): base64 never holds a `<`. */
const TAG = /<[^<>]*>/g;
/** White space, or a join between two quoted pieces: `","`, `";"`, `"+"` (minified arrays, code). */
const PIECE_BREAK = /\s+|(?<=["'`])[,;+](?=["'`])/;

/**
 * A body line's pieces: split at white space, between quoted pieces, and at
 * tags when the line holds more than tags (a tag alone is a placeholder).
 */
function piecesOf(line: string): string[] {
  const untagged = line.includes('<') ? line.replace(TAG, ' ') : line;
  const text = untagged.trim() ? untagged : line;
  return text.split(PIECE_BREAK);
}

/**
 * The marker to peel from a block's lines (the first is the rest of its
 * head's line) and how many lines belong to the block: a block with an END
 * peels a general prefix only when every line shows it; one without stops
 * where its lines stop showing it (what follows is other text).
 */
function peelable(
  lines: readonly string[],
  marker: LineMarker | null,
  hasEnd: boolean,
): { marker: LineMarker | null; runEnd: number } {
  const found = markerFor(lines.slice(1), marker);
  if (found.marker === null) return { marker: null, runEnd: lines.length };
  if (found.runEnd === lines.length - 1) return { marker: found.marker, runEnd: lines.length };
  return hasEnd
    ? { marker: null, runEnd: lines.length }
    : { marker: found.marker, runEnd: found.runEnd + 1 };
}

/**
 * Whether the body's tokens hold key material: a full-width base64 line, or
 * short pieces (a key wrapped at 24 columns, or split by spaces every few
 * characters) that, joined, open like a key.
 */
function hasKeyLines(tokens: readonly string[], headers: readonly string[]): boolean {
  const base64 = tokens.filter((token) => BASE64_TOKEN.test(token));
  if (base64.some((token) => token.length >= MIN_KEY_TOKEN)) return true;
  return opensLikeKeyBody(base64.join(''), headers);
}

/**
 * The PuTTY files the raw text holds that `isKeyFile` takes: one, or, in a
 * diff that replaces one .ppk by another (see `diffSides`), one per side
 * (old, then new). When no side is a key file the text is read whole.
 */
export function rebuildPuttySides(
  prefix: string,
  rawText: string,
  breaks: BreakForm,
  isKeyFile: (text: string) => boolean,
): string[] {
  const sides = diffSides(prefix, rawText, breaks) ?? [];
  const texts = sides.map((side) => rebuildPutty(side.prefix, side.raw, 'plain')).filter(isKeyFile);
  if (texts.length) return texts.filter((text, at) => texts.indexOf(text) === at);
  const whole = rebuildPutty(prefix, rawText, breaks);
  return isKeyFile(whole) ? [whole] : [];
}

/**
 * Rebuilds a PuTTY .ppk file from raw text starting at its first header.
 * Header lines keep their spaces (comments may contain them); its lines
 * break as `breaks` says (see `BreakForm`).
 */
export function rebuildPutty(prefix: string, rawText: string, breaks: BreakForm = 'any'): string {
  const raw = linesOf(puttyJoins(rawText, breaks), breaks);
  // Its first line is the head's, after the prefix; lines past those that show it are other text.
  const { marker, runEnd } = peelable(raw, lineMarkerOf(prefix), false);
  // What a script or a comment put after every line (`echo …>>key.ppk`, `  # line 3`) is peeled too.
  const lines = withoutPuttyTrailers(raw, marker, runEnd)
    .map((line) => peelLine(line, marker))
    .filter(Boolean);
  return `${lines.join('\n')}\n`;
}

/**
 * A head's line whose algorithm is followed by a join between quoted strings
 * (`", "` of a minified JSON array, `" + "`): the file's lines are those
 * strings, all on one line.
 */
const PUTTY_QUOTED_JOIN =
  /^PuTTY-User-Key-File-\d+:[ \t]*[A-Za-z0-9@.+_-]*(["'`])([ \t]*[,;+][ \t]*)\1/;

/**
 * A PuTTY file's raw text with the joins between its lines made breaks, as
 * a PEM block's are: newline expressions (`" & vbCrLf & _`, which
 * `unescapeLine` reads only in text whose breaks are escaped) and the join
 * its head's line shows between quoted strings (`["…", "…"]`).
 */
function puttyJoins(rawText: string, breaks: BreakForm): string {
  const text = breaks === 'any' ? rawText : unescapeJoins(rawText);
  const join = PUTTY_QUOTED_JOIN.exec(text);
  if (!join) return text;
  const quote = join[1] ?? '"';
  return text.split(`${quote}${join[2] ?? ''}${quote}`).join(`${quote}\n${quote}`);
}
