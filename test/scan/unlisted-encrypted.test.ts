/**
 * The per-file limit on low-confidence blocks must not become a way to hide
 * a key: copies of one (ignored) encrypted block may not fill the listed
 * slots and leave a new encrypted key counted but standing for nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { scanFails } from '../../src/scan/fail-on.js';
import { parseIgnoreFile } from '../../src/scan/ignore.js';
import { scan, type ScanResult } from '../../src/scan/scan.js';
import type { TestKey } from '../helpers/keyfactory.js';
import { makeKey, scratchDir } from '../helpers/gitrepo.js';

let fixture: TestKey;
let fresh: TestKey;
let others: TestKey[];

beforeAll(() => {
  fixture = makeKey('unlisted-fixture', { kind: 'openssl-encrypted-pkcs8' });
  fresh = makeKey('unlisted-fresh', { kind: 'openssl-encrypted-pkcs8' });
  others = Array.from({ length: 11 }, (_, n) =>
    makeKey(`unlisted-other-${n}`, { kind: 'openssl-encrypted-pkcs8' }),
  );
});

async function scanFile(content: string, ignore: string): Promise<ScanResult> {
  const dir = scratchDir('unlisted-');
  writeFileSync(join(dir, 'keys.pem'), content);
  return scan({ path: dir, source: { kind: 'files' }, ignore: parseIgnoreFile(ignore) });
}

async function fixtureId(): Promise<string> {
  const alone = await scanFile(fixture.text, '');
  const id = alone.findings[0]?.id ?? '';
  expect(id).toMatch(/^block:/);
  return id;
}

describe('encrypted blocks past the per-file limit', () => {
  test.each([12, 40])(
    '%i copies of an ignored encrypted block, then a new encrypted key: the scan fails',
    async (copies) => {
      const ignore = `${await fixtureId()} # test fixture\n`;
      const planted = `${fixture.text}\n`.repeat(copies) + fresh.text;
      const result = await scanFile(planted, ignore);
      expect(scanFails(result)).toBe(true);
      // The copies alone are the ignored fixture: nothing fails.
      const copiesOnly = await scanFile(`${fixture.text}\n`.repeat(copies), ignore);
      expect(copiesOnly.findings).toEqual([]);
      expect(scanFails(copiesOnly)).toBe(false);
    },
  );

  test('more distinct encrypted blocks than the limit lists: the unlisted fail even when the listed are ignored, unless the file is', async () => {
    const first = await scanFile(others.map((key) => key.text).join('\n'), '');
    const listed = first.findings.map((finding) => finding.id);
    expect(listed.length).toBe(10);
    const byId = listed.map((id) => `${id} # fixture`).join('\n');
    const result = await scanFile(others.map((key) => key.text).join('\n'), byId);
    expect(result.findings).toEqual([]);
    expect(result.omitted?.unlistedEncrypted).toBe(1);
    expect(scanFails(result)).toBe(true);
    expect(result.warnings.join('\n')).toMatch(/1 encrypted private key block was left unlisted/);
    // A rule on the file accepts them all.
    const accepted = await scanFile(
      others.map((key) => key.text).join('\n'),
      'keys.pem # fixtures\n',
    );
    expect(scanFails(accepted)).toBe(false);
  });
});
