/**
 * Where a JSON text is malformed, told without quoting it. The runtime's
 * SyntaxError quotes the text around the error, and the text a user passes
 * as a scan report may be key material (a key file named by mistake, a
 * corrupted report): messages name a line, a column and a byte instead.
 */

/**
 * Where JSON.parse failed on `text`, and what was expected there, found by a
 * validating pass of its own: the runtime's message quotes the text around
 * the error, which may be key material (a key file passed as a report).
 * Null when this pass finds no error.
 */
export function jsonSyntaxError(text: string): { offset: number; expected: string } | null {
  const stack: string[] = [];
  // What comes next: a value, a value or `]` (in a new array), a key, a key or `}` (in a new
  // object), a colon, or what follows a value (`,`, the container's end, or the end of the text).
  let want: 'value' | 'value]' | 'key' | 'key}' | 'colon' | 'after' = 'value';
  let at = 0;
  const fail = (expected: string): { offset: number; expected: string } => ({
    offset: at,
    expected,
  });
  /** Past the string that starts at `at`, or the error in it. */
  const string = (): { offset: number; expected: string } | null => {
    at++;
    for (;;) {
      const code = text.charCodeAt(at);
      if (Number.isNaN(code)) return fail('a closing double quote');
      if (code === 0x22) break;
      if (code < 0x20) return fail('an escaped control character (raw ones are not allowed)');
      if (code === 0x5c) {
        const next = text[at + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
            at += 2;
            return fail('four hex digits after \\u');
          }
          at += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === '') {
          at++;
          return fail('an escape: one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u');
        }
        at += 2;
        continue;
      }
      at++;
    }
    at++;
    return null;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (;;) {
    while (' \t\n\r'.includes(text[at] ?? '-')) at++;
    const char = text[at];
    if (want === 'value' || want === 'value]') {
      if (want === 'value]' && char === ']') {
        stack.pop();
        at++;
        want = 'after';
      } else if (char === '{' || char === '[') {
        stack.push(char);
        at++;
        want = char === '{' ? 'key}' : 'value]';
      } else if (char === '"') {
        const error = string();
        if (error) return error;
        want = 'after';
      } else {
        NUMBER.lastIndex = at;
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, at));
        const number = NUMBER.exec(text)?.[0];
        if (!literal && !number) return fail(want === 'value]' ? 'a value or ]' : 'a value');
        at += (literal ?? number ?? '').length;
        want = 'after';
      }
    } else if (want === 'key' || want === 'key}') {
      if (want === 'key}' && char === '}') {
        stack.pop();
        at++;
        want = 'after';
      } else if (char === '"') {
        const error = string();
        if (error) return error;
        want = 'colon';
      } else
        return fail(
          want === 'key}'
            ? 'a property name in double quotes or }'
            : 'a property name in double quotes',
        );
    } else if (want === 'colon') {
      if (char !== ':') return fail(':');
      at++;
      want = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return char === undefined ? null : fail('the end of the text');
      const close = top === '{' ? '}' : ']';
      if (char === ',') {
        at++;
        want = top === '{' ? 'key' : 'value';
      } else if (char === close) {
        stack.pop();
        at++;
      } else return fail(`, or ${close}`);
    }
  }
}

/** `line 3, column 7 (byte 41)` for a character offset into `text`. */
export function positionIn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column} (byte ${Buffer.byteLength(before, 'utf8')})`;
}
