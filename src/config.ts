import type { OutputFormat } from './report/format.js';

/** Reads one input by its action.yml name; '' when unset. */
export type InputReader = (name: string) => string;

export const MODES = ['scan', 'leak-response', 'rotate', 'scheduled'] as const;
export type Mode = (typeof MODES)[number];

/** Modes whose engine has landed; the others are declared so workflows can be written against them. */
export const AVAILABLE_MODES: readonly Mode[] = ['scan'];

export interface ActionConfig {
  mode: Mode;
  path: string;
  scanHistory: boolean;
  ignoreFile: string | null;
  failOnFindings: boolean;
  sarifFile: string | null;
  format: OutputFormat;
  language: 'en' | 'ja';
  dryRun: boolean;
  awsRegions: string[];
  targetTag: { key: string; value: string } | null;
  parameterPath: string;
  maxKeyAge: number | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function boolean(read: InputReader, name: string, fallback: boolean): boolean {
  const raw = read(name).trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', 'yes', '1'].includes(raw)) return true;
  if (['false', 'no', '0'].includes(raw)) return false;
  throw new ConfigError(`input ${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(
  read: InputReader,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = read(name).trim();
  if (!raw) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(`input ${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
}

function targetTag(raw: string): ActionConfig['targetTag'] {
  if (!raw.trim()) return null;
  const match = /^([^=]+)=(.*)$/.exec(raw.trim());
  if (!match?.[1]) throw new ConfigError(`input target-tag must look like Key=Value, got "${raw}"`);
  return { key: match[1].trim(), value: (match[2] ?? '').trim() };
}

function regions(raw: string): string[] {
  const list = raw.split(/[\s,]+/).filter(Boolean);
  for (const region of list) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
      throw new ConfigError(`input aws-regions: "${region}" is not an AWS region name`);
  }
  return list;
}

function maxKeyAge(raw: string): number | null {
  if (!raw.trim()) return null;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1)
    throw new ConfigError(`input max-key-age must be a whole number of days ≥ 1, got "${raw}"`);
  return days;
}

/** Validates every input once; nothing else reads the inputs. */
export function readConfig(read: InputReader, defaultMode: Mode): ActionConfig {
  const mode = oneOf(read, 'mode', MODES, defaultMode);
  if (!AVAILABLE_MODES.includes(mode)) {
    throw new ConfigError(`mode "${mode}" is not available in this version; use mode: scan`);
  }
  return {
    mode,
    path: read('path').trim() || '.',
    scanHistory: boolean(read, 'scan-history', false),
    ignoreFile: read('ignore-file').trim() || null,
    failOnFindings: boolean(read, 'fail-on-findings', true),
    sarifFile: read('sarif-file').trim() || null,
    format: 'text',
    language: oneOf(read, 'language', ['en', 'ja'] as const, 'en'),
    dryRun: boolean(read, 'dry-run', false),
    awsRegions: regions(read('aws-regions')),
    targetTag: targetTag(read('target-tag')),
    parameterPath: read('parameter-path').trim() || '/ec2-key-rotate',
    maxKeyAge: maxKeyAge(read('max-key-age')),
  };
}
