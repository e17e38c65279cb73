/**
 * A single self-overwriting progress line on stderr, shown only to a person
 * at a terminal and at most ten times a second.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): {
  update: (done: number, total: number) => void;
  clear: () => void;
} {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      stream.write(
        `\rscanning ${done}/${total} files (${Math.floor((done / Math.max(total, 1)) * 100)}%)`,
      );
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
