// Number formatting and plain-text tables for the benchmark's output.

const MIB = 1024 * 1024;

export const fmtSeconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
export const fmtCount = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : String(n));
export const fmtBytes = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`;
export const fmtKiB = (kib) =>
  kib === null || kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(1)} MiB`;
export const fmtRatio = (ratio) => `${ratio.toFixed(2)}x`;

/** Prints a titled table; the first column is left-aligned, the others right-aligned. */
export function printTable(title, headers, rows) {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => String(row[column] ?? '').length)),
  );
  const line = (cells) =>
    cells
      .map((cell, column) =>
        column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(`  ${line(headers)}`);
  console.log(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(`  ${line(row)}`);
}
