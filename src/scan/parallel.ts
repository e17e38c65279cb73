import { availableParallelism } from 'node:os';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

/**
 * A scan may read files on a second core: a worker thread that runs the
 * program's own entry (the bundle is one file per entry, so there is no
 * separate worker file to ship), which sees this flag and serves scans
 * instead of parsing the command line. Only an entry that registered itself
 * with `allowScanWorkers` is started so; elsewhere (tests that call the
 * scanner in-process, the action) scans run on one thread as before.
 */
const FLAG = 'ec2krScanWorker';

let entry: string | null = null;
/** Node flags for the worker: the parent's by default (tsx's loader under tsx). */
let entryArgv: string[] = [];

/** Whether this thread is a scan worker started by `startScanWorker`. */
export function isScanWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[FLAG] === true;
}

/**
 * Lets scans start workers that run `file` (the entry that checks
 * `isScanWorker` first) with these Node flags; undefined: no workers.
 */
export function allowScanWorkers(
  file: string | undefined,
  execArgv: string[] = process.execArgv,
): void {
  entry = file ?? null;
  entryArgv = execArgv;
}

/**
 * A worker thread for a scan, or null when this process cannot have one (no
 * registered entry, one core, or the thread fails to start): the caller
 * then does all the work itself.
 */
export function startScanWorker(): Worker | null {
  if (!entry || availableParallelism() < 2 || process.env['EC2KR_SCAN_THREADS'] === '1')
    return null;
  try {
    const worker = new Worker(entry, {
      workerData: { [FLAG]: true },
      execArgv: entryArgv,
      stdout: false,
      stderr: false,
      // A small young generation: each inflated object leaves a dead Buffer,
      // and a scavenge frees them; with V8's default the thread held some
      // 20 MB more of them between collections (peak RSS of a history scan).
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    return worker;
  } catch {
    return null;
  }
}
