import { runGit } from '../git.js';

/** Entries of a `-z` listing. */
function entries(out: Buffer): string[] {
  return out.toString('utf8').split('\0').filter(Boolean);
}

/**
 * What a tree scan of a work tree does not read, in words: untracked files,
 * and staged content that the work tree has since changed. Runs its git
 * commands while the scan reads files.
 */
export async function workTreeNotes(dir: string): Promise<string[]> {
  const [untracked, staged, changed] = await Promise.all([
    runGit(dir, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.']),
    runGit(dir, [
      'diff',
      '--cached',
      '--name-only',
      '--no-renames',
      '--no-ext-diff',
      '-z',
      '--',
      '.',
    ]),
    runGit(dir, ['diff', '--name-only', '--no-renames', '--no-ext-diff', '-z', '--', '.']),
  ]).catch(() => [Buffer.alloc(0), Buffer.alloc(0), Buffer.alloc(0)]);
  const notes: string[] = [];
  const others = entries(untracked).length;
  if (others) {
    notes.push(
      `${others} untracked file${others === 1 ? ' was' : 's were'} not scanned ` +
        '(a tree scan reads the files git tracks; --no-git scans every file)',
    );
  }
  const changedSet = new Set(entries(changed));
  const overwritten = entries(staged).filter((path) => changedSet.has(path)).length;
  if (overwritten) {
    notes.push(
      `${overwritten} file${overwritten === 1 ? ' has' : 's have'} staged content that the work tree has changed since: ` +
        'the staged version, which a commit would take, was not scanned (--staged scans it)',
    );
  }
  return notes;
}
