// Writes the inputs and outputs tables of action.yml into README.md and
// README.ja.md, between `<!-- action-docs:inputs -->` … `<!-- /action-docs:inputs -->`
// (and the same for outputs), formatted by Prettier. `--check` exits 1 when a README is stale;
// test/action-docs.test.ts runs that check.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

interface ActionMetadata {
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: string }>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const READMES = ['README.md', 'README.ja.md'];

const cell = (text: string): string => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

export function tables(actionYml: string): { inputs: string; outputs: string } {
  const action = parse(actionYml) as ActionMetadata;
  const inputs = [
    '| input | default | description |',
    '| --- | --- | --- |',
    ...Object.entries(action.inputs ?? {}).map(
      ([name, input]) =>
        `| \`${name}\` | ${input.default === undefined || input.default === '' ? '' : `\`${cell(String(input.default))}\``} | ${cell(input.description ?? '')} |`,
    ),
  ].join('\n');
  const outputs = [
    '| output | description |',
    '| --- | --- |',
    ...Object.entries(action.outputs ?? {}).map(
      ([name, output]) => `| \`${name}\` | ${cell(output.description ?? '')} |`,
    ),
  ].join('\n');
  return { inputs, outputs };
}

/** The README text with both tables replaced; throws when a marker is missing. */
export function withTables(
  readme: string,
  generated: { inputs: string; outputs: string },
  file: string,
): string {
  let text = readme;
  for (const kind of ['inputs', 'outputs'] as const) {
    const open = `<!-- action-docs:${kind} -->`;
    const close = `<!-- /action-docs:${kind} -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) throw new Error(`${file}: missing ${open} … ${close}`);
    text = `${text.slice(0, start + open.length)}\n\n${generated[kind]}\n\n${text.slice(end)}`;
  }
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const generated = tables(readFileSync(join(root, 'action.yml'), 'utf8'));
  let stale = false;
  for (const file of READMES) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const current = readFileSync(path, 'utf8');
    // Formatted as Prettier would, so `prettier --check` and `--check` here agree.
    const next = await format(withTables(current, generated, file), {
      ...(await resolveConfig(path)),
      parser: 'markdown',
    });
    if (next === current) continue;
    if (process.argv.includes('--check')) {
      console.error(`${file} is stale: run npm run docs`);
      stale = true;
    } else {
      writeFileSync(path, next);
      console.log(`updated ${file}`);
    }
  }
  if (stale) process.exitCode = 1;
}
