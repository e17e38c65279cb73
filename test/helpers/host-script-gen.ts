/**
 * Embeds src/aws/host-script.sh into src/aws/host-script.ts (the product is
 * bundled into one JS file, so the script travels as a string). Edit the .sh
 * file, then run `npx tsx test/helpers/host-script-gen.ts`; the host-script
 * test fails while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCRIPT_SH = fileURLToPath(new URL('../../src/aws/host-script.sh', import.meta.url));
export const SCRIPT_TS = fileURLToPath(new URL('../../src/aws/host-script.ts', import.meta.url));
const BEGIN = '// BEGIN host-script.sh';
const END = '// END host-script.sh';

/** The .sh text as a TS template literal. */
export function templateLiteral(text: string): string {
  return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

/** host-script.ts with its embedded body replaced by `sh`. */
export function embed(ts: string, sh: string): string {
  const start = ts.indexOf(BEGIN);
  const end = ts.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`${SCRIPT_TS}: markers ${BEGIN} / ${END} not found`);
  const header = ts.slice(start, ts.indexOf('\n', start) + 1);
  return `${ts.slice(0, start)}${header}const BODY = ${templateLiteral(sh)};\n${ts.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ts = readFileSync(SCRIPT_TS, 'utf8');
  const next = embed(ts, readFileSync(SCRIPT_SH, 'utf8'));
  if (next !== ts) writeFileSync(SCRIPT_TS, next);
  console.log(next === ts ? 'host-script.ts is up to date' : 'host-script.ts updated');
}
