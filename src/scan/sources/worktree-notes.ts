import { shownName } from '../decode/limits.js';
import { runGit } from '../git.js';

/** Entries of a `-z` listing. */
function entries(out: Buffer): string[] {
  return out.toString('utf8').split('\0').filter(Boolean);
}

const EMPTY = Buffer.alloc(0);
/** The notes are wanted only once every file is read: their gits run nicer than the read. */
const BACKGROUND = { background: true };
const DIFF = ['diff', '--name-only', '--no-renames', '--no-ext-diff', '-z'];
/** More staged paths than this are compared with one whole-tree diff rather than named. */
const MAX_NAMED = 512;

/**
 * Which of the staged paths the work tree has changed since. Only those are
 * asked about: a diff of the whole work tree stats (and, where the index's
 * times are unsure, reads) every file, as much work as the scan itself.
 */
function changedOf(dir: string, staged: string[]): Promise<Buffer> {
  if (!staged.length) return Promise.resolve(Buffer.alloc(0));
  // `git diff` names paths from the top of the work tree, whatever the directory it runs in.
  // A name that is not UTF-8 cannot be passed as it is: then the whole tree is compared.
  const whole = staged.length > MAX_NAMED || staged.some((path) => path.includes('\ufffd'));
  const specs = whole ? ['.'] : staged.map((path) => `:(top,literal)${path}`);
  return runGit(dir, [...DIFF, '--', ...specs], BACKGROUND);
}

/** Ignored paths a note names, at most. */
const IGNORED_NAMED = 3;

/**
 * The note for git-ignored paths (an ignored directory is one path): they are
 * where local secrets live (`.env`, a `keys/` folder), and a tree scan that
 * left them unread must not look like a clean look at everything.
 */
function ignoredNote(paths: string[]): string {
  const named = paths.slice(0, IGNORED_NAMED).map(shownName).join(', ');
  const more = paths.length > IGNORED_NAMED ? ', …' : '';
  return (
    `${paths.length} git-ignored path${paths.length === 1 ? ' was' : 's were'} not scanned ` +
    `(${named}${more}): a tree scan reads the files git tracks; --no-git scans every file`
  );
}

/**
 * What a tree scan of a work tree does not read, in words: untracked and
 * git-ignored files, and staged content that the work tree has since
 * changed. Runs its git commands while the scan reads files.
 */
export async function workTreeNotes(dir: string): Promise<string[]> {
  const [untracked = EMPTY, ignored = EMPTY, staged = EMPTY, changed = EMPTY] = await Promise.all([
    runGit(dir, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.'], BACKGROUND),
    // `--directory`: an ignored directory is named once, not walked.
    runGit(
      dir,
      [
        'ls-files',
        '-z',
        '--full-name',
        '--others',
        '--ignored',
        '--exclude-standard',
        '--directory',
        '--no-empty-directory',
        '--',
        '.',
      ],
      BACKGROUND,
    ),
    runGit(dir, [...DIFF, '--cached', '--', '.'], BACKGROUND),
  ])
    .then(async ([others, ignoredPaths, cached]): Promise<Buffer[]> => [
      others,
      ignoredPaths,
      cached,
      await changedOf(dir, entries(cached)),
    ])
    .catch((): Buffer[] => [EMPTY, EMPTY, EMPTY, EMPTY]);
  const notes: string[] = [];
  const others = entries(untracked).length;
  if (others) {
    notes.push(
      `${others} untracked file${others === 1 ? ' was' : 's were'} not scanned ` +
        '(a tree scan reads the files git tracks; --no-git scans every file)',
    );
  }
  const ignoredPaths = entries(ignored);
  if (ignoredPaths.length) notes.push(ignoredNote(ignoredPaths));
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
