/**
 * Git LFS pointer files: a few lines of text that stand for content kept
 * outside git. The scanner cannot see that content; it counts the pointers
 * so the report can say so.
 */
const POINTER_HEAD = Buffer.from('version https://git-lfs.github.com/spec/v1\n');
/** The spec caps pointer files at 1024 bytes. */
const POINTER_MAX_BYTES = 1024;

export function isLfsPointer(bytes: Buffer): boolean {
  return (
    bytes.length <= POINTER_MAX_BYTES &&
    bytes.length >= POINTER_HEAD.length &&
    bytes.compare(POINTER_HEAD, 0, POINTER_HEAD.length, 0, POINTER_HEAD.length) === 0
  );
}

/** The note for pointers a scan met; `history`: the pointers were blobs, not checked-out files. */
export function lfsNote(count: number, history: boolean): string {
  const what = `${count} Git LFS pointer file${count === 1 ? '' : 's'}`;
  return history
    ? `${what} in the history: the content they stand for is kept outside git and was not scanned (\`git lfs pull\` checks it out for a tree scan)`
    : `${what} not scanned: the content they stand for is not checked out (run \`git lfs pull\` and scan again)`;
}
