/**
 * Turns a key block as it sits in a file (escaped inside JSON, split into
 * string literals, commented out, indented in YAML, CRLF) back into plain
 * lines. Base64 never contains a backslash, a quote or white space, so
 * everything of that kind is packaging and can be peeled off.
 */

/** Undoes string escapes: `\n`, `\\n`, `\r\n`, `\/` and `\t`, however deeply escaped. */
export function unescapeNewlines(text: string): string {
  return text
    .replace(/\\+\//g, '/')
    .replace(/\\+r/g, '')
    .replace(/\\+n/g, '\n')
    .replace(/\\+t/g, ' ')
    .replace(/\r/g, '');
}

const COMMENT_PREFIX = /^\s*(#+|\/\/+|\*|;+|--|%|REM\b)\s*$/;

/** The comment marker a block's lines carry, judged from what precedes BEGIN on its line. */
export function commentMarkerOf(prefix: string): string | null {
  return COMMENT_PREFIX.exec(prefix)?.[1] ?? null;
}

const JUNK_ONLY = /^[\s"'`+.,;&()\\[\]{}]*$/;

/**
 * Peels one line of its packaging: the block's comment marker, string quotes,
 * concatenation operators and line continuations. A `+` or `.` is only an
 * operator when it stands apart from the base64 (after a quote or a space).
 */
export function peelLine(line: string, commentMarker: string | null): string {
  let text = line.trim();
  if (commentMarker && text.startsWith(commentMarker))
    text = text.slice(commentMarker.length).trim();
  text = text.replace(/^(?:[+.&,(]\s*)?["'`]/, '');
  let previous;
  do {
    previous = text;
    text = text
      .replace(/\s+$/, '')
      .replace(/["'`]$/, '')
      .replace(/[,;)\\]$/, '')
      .replace(/(["'`\s])[+.&]$/, '$1');
  } while (text !== previous);
  return JUNK_ONLY.test(text) ? '' : text.trim();
}
