/**
 * The documentation that users copy from: the inputs/outputs tables in the
 * READMEs match action.yml, and the ready-to-copy workflows use only real
 * inputs with the permissions and concurrency each needs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { READMES, tables } from '../scripts/action-docs.js';

const root = join(import.meta.dirname, '..');
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { steps: Step[] }>;
}

describe('action.yml', () => {
  it('runs dist/index.js on node24 and documents every input and output', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    for (const [name, input] of Object.entries(action.inputs))
      expect(input.description, name).toBeTruthy();
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.description, name).toBeTruthy();
  });

  it('every input is read by the code and every output is set by it', () => {
    const config = readFileSync(join(root, 'src', 'config.ts'), 'utf8');
    for (const name of Object.keys(action.inputs))
      expect(config, `input ${name}`).toContain(`'${name}'`);
    const run = readFileSync(join(root, 'src', 'action', 'outputs.ts'), 'utf8');
    for (const name of Object.keys(action.outputs))
      expect(run, `output ${name}`).toMatch(new RegExp(`setOutput\\(\\s*'${name}'`));
  });
});

describe('README tables', () => {
  it.each(READMES.filter((file) => existsSync(join(root, file))))(
    '%s lists every input and output of action.yml',
    (file) => {
      const readme = readFileSync(join(root, file), 'utf8');
      const generated = tables(readFileSync(join(root, 'action.yml'), 'utf8'));
      expect(generated.inputs.split('\n')).toHaveLength(Object.keys(action.inputs).length + 2);
      for (const name of Object.keys(action.inputs))
        expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
      for (const name of Object.keys(action.outputs))
        expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    },
  );

  it('are what `npm run docs` writes (docs --check passes)', () => {
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts', 'action-docs.ts'), '--check'],
      { cwd: root },
    );
  });
});

describe('docs/workflows', () => {
  const dir = join(root, 'docs', 'workflows');
  const files = readdirSync(dir).filter((file) => file.endsWith('.yml'));

  it('has the push, scheduled, manual and pull request workflows', () => {
    expect(files.sort()).toEqual([
      'leak-response.yml',
      'manual-rotation.yml',
      'pull-request.yml',
      'scheduled-rotation.yml',
    ]);
  });

  it.each(files)(
    '%s uses only real inputs, least permissions, and no concurrency group that could drop a run',
    (file) => {
      const workflow = parse(readFileSync(join(dir, file), 'utf8')) as Workflow;
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
      const ours = steps.filter((step) => step.uses?.startsWith('org/ec2-key-rotate@'));
      expect(ours).toHaveLength(1);
      for (const name of Object.keys(ours[0]?.with ?? {}))
        expect(Object.keys(action.inputs), `${file}: ${name}`).toContain(name);
      expect(workflow.permissions.contents).toBe('read');
      const mode = String(ours[0]?.with?.mode ?? '');
      const rotates = mode !== '' || 'push' in workflow.on || 'schedule' in workflow.on;
      if (rotates) {
        expect(workflow.permissions['id-token'], file).toBe('write');
      } else {
        expect(workflow.permissions['id-token'], file).toBeUndefined();
      }
      // A group keeps one pending run and cancels the others: a push would go unscanned.
      // Rotations queue on the engine's lock instead.
      expect(workflow.concurrency, file).toBeUndefined();
      for (const job of Object.values(workflow.jobs))
        expect((job as { concurrency?: unknown }).concurrency, file).toBeUndefined();
      if (mode !== 'rotate' && !('pull_request' in workflow.on))
        expect(workflow.permissions.issues, file).toBe('write');
      if ('pull_request' in workflow.on)
        expect(workflow.permissions['pull-requests']).toBe('write');
      // The history and push ranges need the whole clone.
      const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@'));
      if (checkout) expect(checkout.with?.['fetch-depth'], file).toBe(0);
    },
  );
});

describe('README examples', () => {
  it.each(READMES.filter((file) => existsSync(join(root, file))))(
    '%s opens with docs/workflows/leak-response.yml, copied verbatim',
    (file) => {
      const readme = readFileSync(join(root, file), 'utf8');
      const first = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
      expect(first).toBe(
        readFileSync(join(root, 'docs', 'workflows', 'leak-response.yml'), 'utf8'),
      );
    },
  );

  it.each([...READMES, 'docs/workflows', '.github/workflows'])(
    '%s uses the current major versions of the actions it names',
    (path) => {
      const full = join(root, path);
      const files = path.endsWith('.md')
        ? [full]
        : readdirSync(full)
            .filter((file) => file.endsWith('.yml'))
            .map((file) => join(full, file));
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const [, action, major] of text.matchAll(
          /uses: (actions\/checkout|actions\/setup-node|github\/codeql-action\/[\w-]+)@(v\d+)/g,
        )) {
          const current =
            action === 'actions/checkout' || action === 'actions/setup-node' ? 'v7' : 'v4';
          expect(major, `${file}: ${action}`).toBe(current);
        }
      }
    },
  );
});
