import type { KeyBlock } from '../detector.js';
import type { BlobPlace, FindingCollector } from '../findings.js';
import { runGit } from '../git.js';
import { lfsNote } from '../lfs.js';
import { scanObjects, type ObjectScanStats } from '../object-reader.js';
import { pathText } from '../path-text.js';

const GITLINK = '160000';

/**
 * Scans what a commit would take: the blobs in the index (`git ls-files
 * --stage`) under `dir`, whatever the work tree now holds. For pre-commit
 * hooks: a key staged and then overwritten on disk is still found.
 */
export async function scanStaged(
  dir: string,
  collector: FindingCollector,
  onWarning: (message: string) => void,
): Promise<ObjectScanStats> {
  const out = await runGit(dir, ['ls-files', '-z', '--stage', '--full-name', '--', '.']);
  const pathsByBlob = new Map<string, Set<string>>();
  for (let at = 0; at < out.length;) {
    const nul = out.indexOf(0, at);
    const entry = out.subarray(at, nul === -1 ? out.length : nul);
    at = nul === -1 ? out.length : nul + 1;
    // `<mode> <object> <stage>\t<path>`: every stage of a conflicted path is content to check.
    const tab = entry.indexOf(0x09);
    if (tab === -1) continue;
    const [mode, blob] = entry.toString('latin1', 0, tab).split(' ');
    if (!blob || mode === GITLINK) continue;
    const paths = pathsByBlob.get(blob) ?? new Set<string>();
    paths.add(pathText(entry.subarray(tab + 1)));
    pathsByBlob.set(blob, paths);
  }
  const hits = new Map<string, KeyBlock[]>();
  const stats = await scanObjects(dir, pathsByBlob.keys(), (hit) => hits.set(hit.id, hit.blocks), {
    // A decoder's complaint names the staged path, not the blob id.
    onWarning: (message) =>
      onWarning(
        message.replace(/^object (\w+)/, (_, id: string) =>
          [...(pathsByBlob.get(id) ?? [id])].join(', '),
        ),
      ),
  });
  if (stats.lfsPointers) onWarning(lfsNote(stats.lfsPointers, false));
  for (const [blob, blocks] of hits) {
    const places: BlobPlace[] = [...(pathsByBlob.get(blob) ?? [])].map((path) => ({
      path,
      commit: null,
      author: null,
      authorDate: null,
    }));
    collector.addBlocks(blocks, places);
  }
  return stats;
}
