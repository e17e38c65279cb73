/**
 * FindingCollector: one finding per key with every place once, and the caps
 * that keep memory bounded by the number of distinct keys (counted,
 * reported, never dropped silently), and the exit-code rule built on them.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { KeyBlock } from '../../src/scan/detector.js';
import { findKeyBlocks } from '../../src/scan/detector.js';
import { scanFails } from '../../src/scan/fail-on.js';
import {
  FindingCollector,
  type BlobPlace,
  type CollectorLimits,
  type Finding,
} from '../../src/scan/findings.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { ED25519, makeKey, RSA_PEM } from '../helpers/gitrepo.js';

let ed25519: TestKey;
let encrypted: TestKey;
let rsaPem: TestKey;
let pkcs8Ec: TestKey;

beforeAll(() => {
  ed25519 = makeKey('collector-ed25519', ED25519);
  rsaPem = makeKey('collector-rsa-pem', RSA_PEM);
  pkcs8Ec = makeKey('collector-ecdsa-pkcs8', {
    kind: 'ssh-keygen',
    type: 'ecdsa',
    bits: 256,
    mode: 'PKCS8',
    encrypted: false,
  });
  encrypted = makeKey('collector-rsa-pem-encrypted', {
    kind: 'ssh-keygen',
    type: 'rsa',
    bits: 2048,
    mode: 'PEM',
    encrypted: true,
  });
});

const PLACEHOLDER = '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n';

/** A truncated PKCS#1 block that cannot parse; distinct each call. */
const fragment = (): string =>
  `-----BEGIN RSA PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n`;

const place = (path: string, commit: string | null = null): BlobPlace => ({
  path,
  commit,
  author: null,
  authorDate: null,
});

function blocksOf(text: string): KeyBlock[] {
  return findKeyBlocks(Buffer.from(text));
}

function collect(
  files: Record<string, string>,
  limits: Partial<CollectorLimits> = {},
): { findings: Finding[]; warnings: string[]; collector: FindingCollector } {
  const warnings: string[] = [];
  const collector = new FindingCollector((message) => warnings.push(message), limits);
  for (const [path, text] of Object.entries(files))
    collector.addBlocks(blocksOf(text), [place(path)]);
  return { findings: collector.findings(), warnings, collector };
}

describe('places', () => {
  test('one finding per key; each (path, line, commit) once, in the order met', () => {
    const collector = new FindingCollector();
    const blocks = blocksOf(`${ed25519.text}${ed25519.text}`);
    expect(blocks.map((block) => block.line)).toEqual([1, 8]);
    collector.addBlocks(blocks, [place('a'), place('b', 'c1')]);
    // The same blob met again (another history walk, another commit at the same path).
    collector.addBlocks(blocks, [place('a'), place('b', 'c1'), place('b', 'c2')]);
    const [finding, ...rest] = collector.findings();
    expect(rest).toEqual([]);
    expect(finding?.fingerprint).toBe(ed25519.fingerprint);
    expect(finding?.locations.map((l) => `${l.path}:${l.line}@${l.commit ?? '-'}`)).toEqual([
      'a:1@-',
      'b:1@c1',
      'a:8@-',
      'b:8@c1',
      'b:1@c2',
      'b:8@c2',
    ]);
    expect(finding?.omittedPlaces).toBeUndefined();
  });

  test('places past the per-key limit are counted on the finding', () => {
    const collector = new FindingCollector(undefined, { placesPerKey: 3 });
    collector.addBlocks(blocksOf(ed25519.text.repeat(5)), [place('k')]);
    const [finding] = collector.findings();
    expect(finding?.locations.map((l) => l.line)).toEqual([1, 8, 15]);
    expect(finding?.omittedPlaces).toBe(2);
  });

  test('a small parse cache that keeps emptying still groups every key right', () => {
    const collector = new FindingCollector(undefined, { parseCache: 1 });
    for (let round = 0; round < 3; round++) {
      collector.addBlocks(blocksOf(ed25519.text), [place(`e${round}`)]);
      collector.addBlocks(blocksOf(encrypted.text), [place(`r${round}`)]);
    }
    const byKey = collector
      .findings()
      .map((f) => `${f.encrypted ? 'encrypted' : f.fingerprint}:${f.locations.length}`);
    expect(byKey.sort()).toEqual([`${ed25519.fingerprint}:3`, 'encrypted:3'].sort());
  });
});

describe('low-confidence blocks', () => {
  test('a file lists 10 placeholders, counts the rest and says so once', () => {
    const { findings, warnings, collector } = collect({ 'docs/keys.md': PLACEHOLDER.repeat(25) });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.placeholder).toBe(true);
    expect(findings[0]?.locations.map((l) => l.line)).toEqual([
      1, 4, 7, 10, 13, 16, 19, 22, 25, 28,
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(/^15 more low-confidence blocks in "docs\/keys\.md"/),
    ]);
    expect(collector.finish()).toEqual({ perFile: 15, placeholders: 0, encrypted: 0, others: 0 });
  });

  test('each kind has its own per-file limit: a fragment after many placeholders is listed', () => {
    const { findings } = collect({ f: PLACEHOLDER.repeat(20) + fragment() });
    expect(
      findings.map((f) => (f.placeholder ? 'placeholder' : f.truncated ? 'fragment' : '?')),
    ).toEqual(['placeholder', 'fragment']);
  });

  test('a real key after thousands of fragments in one file is still found', () => {
    const junk = Array.from({ length: 2000 }, fragment).join('');
    const { findings, collector } = collect({ f: junk + ed25519.text + junk });
    const real = findings.filter((f) => f.fingerprint);
    expect(real.map((f) => f.fingerprint)).toEqual([ed25519.fingerprint]);
    expect(findings.filter((f) => f.truncated)).toHaveLength(10);
    expect(collector.finish().perFile).toBe(3990);
  });

  test('past the per-scan limit blocks are counted by kind, and the report says so once', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`p${i}`] = PLACEHOLDER.replace('...', `<key ${i}>`);
    for (let i = 0; i < 3; i++) files[`e${i}`] = encrypted.text.replace(/\n(?=-----END)/, `\n`);
    const { findings, warnings, collector } = collect(files, { lowConfidencePlaces: 4 });
    expect(findings).toHaveLength(4);
    expect(findings.every((f) => f.placeholder)).toBe(true);
    const omitted = collector.finish();
    expect(omitted).toEqual({ perFile: 0, placeholders: 2, encrypted: 3, others: 0 });
    expect(warnings).toEqual([expect.stringMatching(/^more than 4 low-confidence places/)]);
    // Whole encrypted blocks are keys: left out, they still fail the scan.
    expect(scanFails({ findings, omitted }, 'key')).toBe(true);
    expect(scanFails({ findings, omitted: { ...omitted, encrypted: 0 } }, 'key')).toBe(false);
  });

  test('files past the limit are named up to fileWarnings, then summed up by finish()', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`f${i}`] = PLACEHOLDER.repeat(12);
    const { warnings, collector } = collect(files, { fileWarnings: 2 });
    expect(warnings).toHaveLength(2);
    collector.finish();
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toMatch(/^6 more low-confidence blocks in 3 more files are not listed/);
  });

  test('fingerprinted keys are never capped: 30 distinct keys in one file are all listed', () => {
    const keys = Array.from({ length: 3 }, (_, i) => makeKey(`collector-many-${i}`, ED25519));
    const text = Array.from({ length: 30 }, (_, i) => keys[i % 3]?.text).join('');
    const { findings, warnings } = collect({ f: text }, { lowConfidencePerFile: 1 });
    expect(findings.map((f) => f.locations.length)).toEqual([10, 10, 10]);
    expect(warnings).toEqual([]);
  });
});

describe('a cut copy of a key never hides the key', () => {
  /** The key without its END line. */
  const endless = (key: TestKey): string => `${key.text.split('-----END')[0] ?? ''}`;
  /** The key cut short (its last body line and END gone): an OpenSSH key still shows its public half. */
  const cut = (key: TestKey): string => {
    const lines = endless(key).trimEnd().split('\n');
    return `${lines.slice(0, -1).join('\n')}\n`;
  };

  test('a key cut short after more fragments than the per-file limit is still fingerprinted', () => {
    const text = `${Array.from({ length: 30 }, fragment).join('')}# the key, cut\n${cut(ed25519)}`;
    const { findings } = collect({ 'junk.txt': text });
    const key = findings.find((finding) => finding.fingerprint === ed25519.truth.fingerprint);
    expect(key?.truncated).toBe(true);
    expect(key?.locations.map((location) => location.path)).toEqual(['junk.txt']);
  });

  test('a whole copy anywhere makes the finding a whole key, whichever copy came first', () => {
    const orders: Record<string, string>[] = [
      { 'a-cut.txt': cut(ed25519), 'b-whole.txt': ed25519.text },
      { 'a-whole.txt': ed25519.text, 'b-cut.txt': cut(ed25519) },
    ];
    for (const files of orders) {
      const { findings, collector } = collect(files);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.truncated).toBe(false);
      expect(findings[0]?.locations).toHaveLength(2);
      expect(scanFails({ findings, omitted: collector.finish() })).toBe(true);
    }
    const { findings, collector } = collect({ 'only-cut.txt': cut(ed25519) });
    expect(findings[0]?.truncated).toBe(true);
    expect(scanFails({ findings, omitted: collector.finish() })).toBe(false);
    expect(scanFails({ findings, omitted: collector.finish() }, 'any')).toBe(true);
  });

  test('a key that lost only its END line is a whole key: it fails the scan', () => {
    const keys = [ed25519, rsaPem, pkcs8Ec];
    for (const key of keys) {
      const { findings, collector } = collect({ 'pasted.txt': `# key\n${endless(key)}` });
      expect(findings, key.truth.fingerprint).toHaveLength(1);
      expect(findings[0]?.fingerprint).toBe(key.truth.fingerprint);
      expect(findings[0]?.truncated).toBe(false);
      expect(scanFails({ findings, omitted: collector.finish() })).toBe(true);
    }
    // One body line fewer: cut, whatever the format.
    for (const key of keys) {
      const { findings, collector } = collect({ 'cut.txt': cut(key) });
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((finding) => finding.truncated)).toBe(true);
      expect(scanFails({ findings, omitted: collector.finish() })).toBe(false);
    }
  });
});

describe('exit code rule (--fail-on)', () => {
  test('placeholders and fragments fail only under placeholder/any; real keys under key; none never', () => {
    const { findings: placeholders } = collect({ p: PLACEHOLDER });
    const { findings: fragments } = collect({ t: fragment() });
    const { findings: keys } = collect({ k: ed25519.text });
    const { findings: locked } = collect({ e: encrypted.text });
    const fails = (findings: Finding[]): string =>
      (['key', 'placeholder', 'any', 'none'] as const)
        .map((failOn) => (scanFails({ findings }, failOn) ? 1 : 0))
        .join('');
    expect(fails([])).toBe('0000');
    expect(fails(placeholders)).toBe('0110');
    expect(fails(fragments)).toBe('0110');
    expect(fails(keys)).toBe('1110');
    expect(fails(locked)).toBe('1110');
  });
});
