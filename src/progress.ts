/** What the progress line and the warnings are written to. */
export interface StatusLine {
  /** `done` of `total` items (`files`, `objects`, …) handled; at most ten redraws a second. */
  update: (done: number, total: number, unit?: string) => void;
  /** One line that stays (a warning): the progress line is taken down first. */
  print: (line: string) => void;
  /** Takes the progress line down, before the report. */
  clear: () => void;
}

/**
 * A single self-overwriting progress line on stderr, shown only to a person
 * at a terminal, and the warnings, always on stderr whatever the report's
 * format and destination.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): StatusLine {
  const print = (line: string): void => {
    stream.write(line.endsWith('\n') ? line : `${line}\n`);
  };
  if (!stream.isTTY) return { update: () => undefined, print, clear: () => undefined };
  let last = 0;
  let shown = false;
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    update(done, total, unit = 'files') {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      // A total of 0 is not known yet (objects still being listed).
      const count =
        total > 0
          ? `${done}/${total} ${unit} (${Math.floor((done / total) * 100)}%)`
          : `${done} ${unit}`;
      stream.write(`\r\x1b[Kscanning ${count}`);
    },
    print(line) {
      clear();
      print(line);
    },
    clear,
  };
}
