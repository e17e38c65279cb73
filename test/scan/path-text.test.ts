/**
 * Names that are not UTF-8 stay distinct in every report: two files whose
 * names differ only in such bytes are two places, named the same way by the
 * tree, staged and history scans.
 */
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { pathBytes, pathText } from '../../src/scan/path-text.js';
import { scan, type ScanSource } from '../../src/scan/scan.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { ED25519, GitRepo, makeKey, RSA_PEM } from '../helpers/gitrepo.js';

let first: TestKey;
let second: TestKey;

beforeAll(() => {
  first = makeKey('path-text-ed25519', ED25519);
  second = makeKey('path-text-rsa', RSA_PEM);
});

describe('pathText', () => {
  test.each([
    [Buffer.from('deploy/id_rsa'), 'deploy/id_rsa'],
    [Buffer.from('dépôt/clé'), 'dépôt/clé'],
    [Buffer.from([0x69, 0x64, 0x5f, 0xff]), '"id_\\377"'],
    [Buffer.from([0x61, 0xc3, 0xa9, 0xc3, 0x22, 0x5c]), '"aé\\303\\"\\\\"'],
    [Buffer.from('"quoted"'), '"\\"quoted\\""'],
    [Buffer.from([0xe2, 0x82]), '"\\342\\202"'],
  ])('%j is shown as %s and read back to the same bytes', (raw, shown) => {
    expect(pathText(raw)).toBe(shown);
    expect(pathBytes(shown).equals(raw)).toBe(true);
  });
});

describe('names that are not UTF-8', () => {
  test.each<[string, ScanSource]>([
    ['tree', { kind: 'tree' }],
    ['staged', { kind: 'staged' }],
    ['history', { kind: 'history' }],
    ['no-git', { kind: 'files' }],
  ])('%s: two such files are two places with their own names', async (_name, source) => {
    const repo = GitRepo.init();
    repo.commit('init', { 'README.md': 'x\n' });
    const a = Buffer.concat([Buffer.from(`${repo.dir}/`), Buffer.from([0x69, 0x64, 0x5f, 0xff])]);
    const b = Buffer.concat([Buffer.from(`${repo.dir}/`), Buffer.from([0x69, 0x64, 0x5f, 0xfe])]);
    writeFileSync(a, first.text);
    writeFileSync(b, second.text);
    repo.git('add', '-A');
    repo.commit('keys');
    const result = await scan({ path: repo.dir, source, ignore: [] });
    const paths = result.findings
      .flatMap((finding) => finding.locations.map((l) => `${finding.fingerprint}|${l.path}`))
      .sort();
    expect(paths).toEqual(
      [`${first.fingerprint}|"id_\\377"`, `${second.fingerprint}|"id_\\376"`].sort(),
    );
  });
});
