import { terminalProgress } from '../progress.js';
import { reportPieces, type OutputFormat } from '../report/format.js';
import { escapeLogLine } from '../report/log-escape.js';
import { incompleteSummary } from '../report/text.js';
import { quietOnClosedPipe, writePieces, writeReportFile } from '../report/write.js';
import { scanFails, type FailOn } from '../scan/fail-on.js';
import {
  IgnoreFileError,
  ignoreWarnings,
  loadIgnoreFile,
  refuseCatchAll,
  type IgnoreEntry,
} from '../scan/ignore.js';
import { readIgnoreAtCommit, repositoryPath, resolveCommit } from '../scan/ignore-ref.js';
import { placeOfPath, type PathPlace } from '../scan/place.js';
import { scan, ScanInputError } from '../scan/scan.js';
import { defaultIgnoreFile, scanSource, type SourceFlags } from './scan-source.js';

/** The CLI contract's error code: a scan that did not read everything it was to read is no clean one. */
const EXIT_INCOMPLETE = 2;

export interface ScanCommandOptions extends SourceFlags {
  format: OutputFormat;
  output?: string;
  ignoreFile?: string;
  /** Read the ignore file from this commit (trusted) rather than from the working tree. */
  ignoreFrom?: string;
  /** Which findings make the exit code 1 (default: keys, not placeholders). */
  failOn?: FailOn;
  /** Where `path` stands, when the caller started asking git already (`placeOfPath`). */
  where?: Promise<PathPlace>;
}

/**
 * Runs `scan` and returns the exit code: 0 clean, 1 findings (as `--fail-on`
 * counts them), 2 when the scan could not read some of what it was to read
 * and found nothing that fails it (never "clean" for files it did not see).
 * Errors throw.
 */
export async function runScanCommand(path: string, options: ScanCommandOptions): Promise<number> {
  if (options.output === '') throw new ScanInputError('--output is empty: name a file');
  if (options.ignoreFile === '') throw new ScanInputError('--ignore-file is empty: name a file');
  // Empty would read the working tree's ignore file: the untrusted one --ignore-from avoids.
  if (options.ignoreFrom === '') throw new ScanInputError('--ignore-from is empty: name a commit');
  const source = scanSource(options);
  // One git tells the scan and the ignore file's lookup where the path stands.
  const where = options.where ?? placeOfPath(path);
  // Awaited later (after other awaits): its failure until then is not unhandled.
  where.catch(() => undefined);
  // Loaded while the scan reads: only the findings need it. Its error still
  // ends the run at once, before any of the scan's.
  const loading = ignoreOf(where, options);
  const failed = loading.then(() => new Promise<never>(() => undefined));
  failed.catch(() => undefined);
  // `scan | head -1`: a reader that leaves early ends the output, not the process with a stack trace.
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const progress = terminalProgress();
  // Warnings go to stderr in every format: never into the report or the --output file.
  // Until the ignore file has loaded they are held (and progress not shown): a bad one
  // ends the run with its error alone, as when it was loaded before the scan.
  let held: string[] | null = [];
  const print = (message: string): void => progress.print(`warning: ${escapeLogLine(message)}`);
  const warn = (message: string): void => void (held ? held.push(message) : print(message));
  void loading.then(
    () => {
      for (const message of held ?? []) print(message);
      held = null;
    },
    () => undefined,
  );
  let result: Awaited<ReturnType<typeof scan>>;
  try {
    const place = where.then(({ place }) => place);
    const ignore = loading.then(({ entries }) => entries);
    // Each is awaited only when the scan needs it: a failure before then is not unhandled.
    place.catch(() => undefined);
    ignore.catch(() => undefined);
    const scanning = scan({
      path,
      source,
      place,
      ignore,
      onProgress: (done, total, unit) => {
        if (!held) progress.update(done, total, unit);
      },
      onWarning: warn,
    });
    // A scan left behind by a failed ignore file must not end in an unhandled rejection.
    scanning.catch(() => undefined);
    result = await Promise.race([scanning, failed]);
  } catch (error) {
    await loading;
    throw error;
  }
  const { trusted } = await loading;
  progress.clear();
  if (trusted) {
    for (const message of ignoreWarnings(trusted.file, trusted.refused, result.ignore, {
      unused: source.kind !== 'range',
    }))
      warn(message);
  }
  // Written piece by piece: a report of any size is never one string in memory.
  const pieces = reportPieces(result, options.format);
  if (options.output) await writeReportFile(options.output, pieces);
  else await writePieces(process.stdout, pieces);
  // Said last, after the report and every warning: the line that explains an exit 2.
  if (result.incomplete)
    process.stderr.write(
      `ec2-key-rotate: ${escapeLogLine(incompleteSummary(result.incomplete))}\n`,
    );
  if (scanFails(result, options.failOn)) return 1;
  return result.incomplete ? EXIT_INCOMPLETE : 0;
}

/** The ignore entries that apply, and what `--ignore-from` refused. */
async function ignoreOf(
  where: Promise<PathPlace>,
  options: ScanCommandOptions,
): Promise<{ entries: IgnoreEntry[]; trusted: Awaited<ReturnType<typeof ignoreFromRef>> | null }> {
  const ignoreFile = options.ignoreFile ?? defaultIgnoreFile(await where);
  const trusted = options.ignoreFrom
    ? await ignoreFromRef(
        (await where).dir,
        options.ignoreFrom,
        ignoreFile,
        Boolean(options.ignoreFile),
      )
    : null;
  const entries =
    trusted?.accepted ?? (await loadIgnoreFile(ignoreFile, Boolean(options.ignoreFile)));
  return { entries, trusted };
}

/** `--ignore-from REF`: the ignore file as committed at REF, catch-all entries refused. */
async function ignoreFromRef(
  path: string,
  ref: string,
  file: string,
  required: boolean,
): Promise<{
  accepted: IgnoreEntry[];
  refused: { entry: IgnoreEntry; why: string }[];
  file: string;
}> {
  const commit = await resolveCommit(path, ref);
  if (!commit)
    throw new ScanInputError(`--ignore-from: ${JSON.stringify(ref)} is not a commit in ${path}`);
  const inRepo = await repositoryPath(path, file);
  if (!inRepo) throw new IgnoreFileError(`--ignore-from: ${file} is not inside the repository`);
  const entries = await readIgnoreAtCommit(path, commit, inRepo);
  if (!entries && required)
    throw new IgnoreFileError(`cannot read ignore file ${ref}:${inRepo}: not in that commit`);
  return { ...refuseCatchAll(entries ?? []), file: `${ref}:${inRepo}` };
}
