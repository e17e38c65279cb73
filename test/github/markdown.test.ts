/**
 * The one Markdown module, and what GitHub would make of the issue it builds:
 * the body is rendered with commonmark.js (the CommonMark reference renderer,
 * whose core GitHub's cmark-gfm shares), and hostile paths, authors and key
 * pair names must come out as inert literal text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HtmlRenderer, Parser } from 'commonmark';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationReport } from '../../src/aws/rotate.js';
import {
  issueBody,
  purgeCommand,
  type LeakReport,
  type RunInfo,
} from '../../src/github/issue-body.js';
import {
  cell,
  cellCode,
  code,
  fencedBlock,
  JOINER,
  shellQuote,
  text,
} from '../../src/github/markdown.js';
import { EMPTY_STATE } from '../../src/github/issue-state.js';
import { pullRequestComment } from '../../src/github/pull-request.js';
import type { Finding } from '../../src/scan/findings.js';
import { scan } from '../../src/scan/scan.js';

const render = (markdown: string): string =>
  new HtmlRenderer().render(new Parser().parse(markdown));
/** Inline rendering, without the paragraph around it. */
const inline = (markdown: string): string =>
  render(markdown)
    .replace(/^<p>|<\/p>\n$/g, '')
    .trim();
const decode = (html: string): string =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The words a POSIX shell makes of a command line (no expansions: quotes and backslashes only). */
function tokenize(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (/[;&|<>()`$*?"]/.test(c) || (c === '#' && word === null)) {
      // Anything that would make it more than a list of words fails the test.
      throw new Error(`unquoted shell metacharacter ${c}`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** The words a real `sh` makes of it: printed by the builtin printf, with no PATH to run anything else. */
function shellWords(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${command}`], {
    env: { PATH: '/nonexistent' },
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('markdown escapers', () => {
  it('text: Markdown and HTML specials show literally', () => {
    const hostile = '*bold* _em_ [link](http://x) ![img](y) <b>html</b> `code` ~~del~~ a\\b & c';
    const html = inline(text(hostile));
    expect(html).not.toMatch(/<(em|strong|a|img|b|code|del)\b/);
    expect(decode(html).replaceAll(JOINER, '')).toBe(hostile);
  });

  it('text: mentions, references and bare links are broken with a word joiner', () => {
    expect(text('@org/team')).toBe(`@${JOINER}org/team`);
    expect(text('see #12 and acme/app#3, GH-4')).toBe(
      `see #${JOINER}12 and acme/app#${JOINER}3, GH${JOINER}-4`,
    );
    expect(text('https://evil.example www.evil.example')).toBe(
      `https:${JOINER}//evil.example www${JOINER}.evil.example`,
    );
    expect(text('@a @@b (@c)')).toBe(`@${JOINER}a @@${JOINER}b (@${JOINER}c)`);
    // Not mentions or references on GitHub either: left readable.
    expect(text('PKCS#1 PEM, me@example.com')).toBe('PKCS#1 PEM, me@example.com');
    // Intraword underscores and ordinary punctuation stay as they are.
    expect(text('DEPLOY_KEY: us-east-1, prod (web)')).toBe('DEPLOY_KEY: us-east-1, prod (web)');
  });

  it('text: never starts a block, never spans lines', () => {
    for (const value of ['# h', '- item', '+ item', '> quote', '1. item', '2) item', '===', '---'])
      expect(render(text(value))).toMatch(/^<p>/);
    expect(text('a\nb\r\nc\u2028d')).toBe('a b c d');
  });

  it('cell: pipes cannot add table cells', () => {
    expect(cell('a|b')).toBe('a\\|b');
    expect(cellCode('a|b')).toBe('`a\\|b`');
  });

  it('code: the fence is longer than any backtick run inside, with padding where needed', () => {
    for (const value of [
      'plain',
      'a`b',
      '``x``',
      '`lead',
      'trail`',
      ' both ',
      'a ``` b',
      '<a href="x">',
    ])
      expect(decode(inline(code(value)))).toBe(`<code>${value}</code>`);
    expect(code('a\nb')).toBe('`a b`');
  });

  it('fencedBlock: no line of the body can close the block', () => {
    const body = 'echo ```\n````\n~~~';
    const html = render(fencedBlock('sh', body));
    expect(html).toBe(
      `<pre><code class="language-sh">${body.replaceAll('\n', '\n')}\n</code></pre>\n`,
    );
  });

  it('shellQuote: one argument, unchanged, whatever it holds', () => {
    const hostile = [
      "a`b';curl x|sh;'.pem",
      "it's",
      '$(id)',
      '"quoted" \\ back',
      'new\nline',
      '',
      '-rf',
      'plain/path.pem',
    ];
    expect(shellQuote('plain/path.pem')).toBe('plain/path.pem');
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellWords(hostile.map(shellQuote).join(' '))).toEqual(hostile);
  });
});

describe('the issue body, rendered', () => {
  const HOSTILE = "a`b';curl x|sh;'.pem";
  const RUN: RunInfo = {
    scanned: null,
    link: '[run 42](https://github.com/acme/infra/actions/runs/42)',
    event: 'push',
    at: '2026-12-01T10:00:00Z',
  };
  let dir: string;
  let finding: Finding;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'markdown-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'key')]);
    writeFileSync(join(dir, HOSTILE), readFileSync(join(dir, 'key'), 'utf8'));
    const scanned = (await scan({ path: dir, source: { kind: 'tree' }, ignore: [] })).findings[0];
    if (!scanned) throw new Error('no finding');
    const place = scanned.locations.find((location) => location.path === HOSTILE);
    if (!place) throw new Error('the hostile path was not found');
    finding = {
      ...scanned,
      locations: [
        {
          ...place,
          commit: '0123456789abcdef0123456789abcdef01234567',
          author: '@org/team <a href="https://evil.example">click</a> #1',
          authorDate: '2026-11-30T09:00:00Z',
        },
      ],
    };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rotation = (): RotationReport => ({
    leakedFingerprint: finding.fingerprint,
    keyName: '@org/admins #2 <img src=x onerror=alert(1)>',
    region: 'us-east-1',
    matchedBy: 'public key',
    dryRun: true,
    resumed: false,
    previousStep: null,
    newKey: null,
    hosts: [
      {
        instanceId: 'i-0123456789abcdef0',
        region: 'us-east-1',
        name: '[x](https://evil.example) @someone',
        outcome: 'planned',
        phase: null,
        reason: '<script>alert(1)</script>',
        waysBack: [],
      },
    ],
    published: null,
  });

  const report = (): LeakReport => ({
    finding,
    rotations: [rotation()],
    status: 'dry-run',
    lookedUp: true,
    errors: ['@org/team #3: <a href="x">denied</a>'],
    secretUpdated: null,
  });

  it('shows the hostile path as literal text inside <code>, and nothing else', () => {
    const html = render(issueBody(report(), RUN, 'en', EMPTY_STATE));
    const item = html.split('\n').find((line) => line.includes('Remove the key'));
    expect(item).toBe(
      `<li>[ ] Remove the key from every branch that still has it (<code>${HOSTILE}</code>) and load it from a secret store instead.</li>`,
    );
    // commonmark.js has no tables: the location row renders as text, with the code span intact.
    expect(html).toContain(`<code>${HOSTILE.replace('|', '\\|')}</code>`);
  });

  it('neutralises mentions and references, and escapes HTML', () => {
    const html = render(issueBody(report(), RUN, 'en', EMPTY_STATE));
    // The only elements are the ones the template writes.
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map((match) => match[1]));
    expect([...tags].sort()).toEqual(
      ['code', 'h2', 'li', 'p', 'pre', 'strong', 'sub', 'ul', 'a'].sort(),
    );
    // The one link is the run's.
    expect([...html.matchAll(/<a /g)]).toHaveLength(1);
    expect(html).toContain('<a href="https://github.com/acme/infra/actions/runs/42">run 42</a>');
    expect(html).toContain(
      `&lt;a href=&quot;https:${JOINER}//evil.example&quot;&gt;click&lt;/a&gt;`,
    );
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`[x](https:${JOINER}//evil.example)`);
    // Outside code spans, no @name or #number is left for GitHub to link.
    const prose = decode(html.replace(/<code>[^<]*<\/code>/g, '').replace(/<[^>]+>/g, ''));
    expect(prose).toContain(`@${JOINER}org/team`);
    expect(prose).toContain(`@${JOINER}org/admins`);
    expect(prose).toContain(`@${JOINER}someone`);
    expect(prose).not.toMatch(/@[\w-]/);
    expect(prose).not.toMatch(/#\d/);
  });

  it('the purge command is a fenced shell block in which the hostile path is one argument', () => {
    const markdown = issueBody(report(), RUN, 'en', EMPTY_STATE);
    const html = render(markdown);
    const block = /<pre><code class="language-sh">([\s\S]*?)<\/code><\/pre>/.exec(html)?.[1];
    expect(block).toBeDefined();
    const command = decode(block as string).trimEnd();
    expect(command).toBe(purgeCommand(finding));
    const expected = ['git', 'filter-repo', '--invert-paths', `--path=${HOSTILE}`];
    expect(tokenize(command)).toEqual(expected);
    expect(shellWords(command)).toEqual(expected);
  });

  it('the pull request comment escapes the same way', () => {
    const html = render(pullRequestComment([finding], 'en'));
    expect(html).toContain(`<code>${HOSTILE.replace('|', '\\|')}:1</code>`);
    expect(html).not.toMatch(/<(a|img|script)\b/);
  });
});
