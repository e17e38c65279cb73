export const id = 228;
export const ids = [228];
export const modules = {

/***/ 1228:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runScanCommand: () => (/* binding */ runScanCommand)
});

;// CONCATENATED MODULE: ./.build/js/src/progress.js
/**
 * A single self-overwriting progress line on stderr, shown only to a person
 * at a terminal, and the warnings, always on stderr whatever the report's
 * format and destination.
 */
function terminalProgress(stream = process.stderr) {
    const print = (line) => {
        stream.write(line.endsWith('\n') ? line : `${line}\n`);
    };
    if (!stream.isTTY)
        return { update: () => undefined, print, clear: () => undefined };
    let last = 0;
    let shown = false;
    const clear = () => {
        if (shown)
            stream.write('\r\x1b[K');
        shown = false;
    };
    return {
        update(done, total, unit = 'files') {
            const now = Date.now();
            if (now - last < 100 && done < total)
                return;
            last = now;
            shown = true;
            // A total of 0 is not known yet (objects still being listed).
            const count = total > 0
                ? `${done}/${total} ${unit} (${Math.floor((done / total) * 100)}%)`
                : `${done} ${unit}`;
            stream.write(`\r\x1b[Kscanning ${count}`);
        },
        print(line) {
            clear();
            print(line);
        },
        clear,
    };
}

// EXTERNAL MODULE: ./.build/js/src/report/format.js + 3 modules
var format = __webpack_require__(376);
// EXTERNAL MODULE: ./.build/js/src/report/log-escape.js
var log_escape = __webpack_require__(8136);
// EXTERNAL MODULE: ./.build/js/src/report/text.js
var report_text = __webpack_require__(2189);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./.build/js/src/report/write.js





/** Pieces are joined up to this size before each write: few syscalls, bounded memory. */
const BATCH_CHARS = 64 * 1024;
/** The reader went away (`scan | head -1`): no error, the rest is simply not wanted. */
const isClosedPipe = (error) => error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
/** The CLI contract's exit code for an error (not 1: that means keys were found). */
const EXIT_ERROR = 2;
/**
 * Keeps a closed pipe on `stream` (stdout, stderr) from ending the process
 * with a stack trace. Any other write error (a full disk, an I/O error) ends
 * it with one line and exit 2: the report did not reach its reader, so
 * neither "clean" (0) nor "found" (1) may be claimed.
 */
function quietOnClosedPipe(stream) {
    if (stream.listeners('error').includes(onStdioError))
        return;
    stream.on('error', onStdioError);
}
function onStdioError(error) {
    if (isClosedPipe(error))
        return;
    const name = this === process.stderr ? 'standard error' : 'standard output';
    try {
        // Synchronously, and on the descriptor: stderr itself may be what failed.
        (0,external_node_fs_.writeSync)(2, `ec2-key-rotate: cannot write to ${name}: ${error.code ?? error.message}\n`);
    }
    catch {
        // Nowhere left to say it: the exit code still tells.
    }
    process.exit(EXIT_ERROR);
}
/** Resolves when `stream` can take more, or will never take any (closed, failed). */
function drained(stream) {
    return new Promise((resolve) => {
        const done = () => {
            for (const event of ['drain', 'close', 'error'])
                stream.off(event, done);
            resolve();
        };
        for (const event of ['drain', 'close', 'error'])
            stream.on(event, done);
    });
}
/**
 * Writes `pieces` to `stream`, waiting whenever it is full, so that memory
 * stays bounded however long the report. Resolves false when the reader
 * closed the pipe before the end, true otherwise.
 */
async function writePieces(stream, pieces) {
    let failure = null;
    const onError = (error) => {
        failure ??= error;
    };
    stream.on('error', onError);
    try {
        let batch = '';
        const flush = async () => {
            if (failure || stream.destroyed)
                return false;
            const full = !stream.write(batch);
            batch = '';
            if (full)
                await drained(stream);
            return !failure && !stream.destroyed;
        };
        for (const piece of pieces) {
            batch += piece;
            if (batch.length >= BATCH_CHARS && !(await flush()))
                break;
        }
        if (batch && !failure)
            await flush();
        if (failure && !isClosedPipe(failure))
            throw failure;
        return !failure && !stream.destroyed;
    }
    finally {
        stream.off('error', onError);
    }
}
/**
 * A temporary name beside `file`, short whatever its name: a name near
 * NAME_MAX (255 bytes) with a suffix added would be too long, though `file`
 * itself is valid. Hidden, and random so that no one can take it first.
 */
function temporaryBeside(file) {
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(file), `.ec2kr-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}.tmp`);
}
/**
 * Writes the report to `file` through a temporary file beside it and a
 * rename, so a failed write never leaves half a report or destroys the last
 * one. The temporary file is created anew (never an existing one taken
 * over) with the modes any new file gets (the report holds no secret), and
 * removed should the write fail. A
 * path that exists and is no regular file (`/dev/stdout`, a FIFO) is written
 * directly.
 */
async function writeReportFile(file, pieces) {
    const existing = await (0,promises_.lstat)(file).catch(() => null);
    const direct = existing !== null && !existing.isFile();
    const target = direct ? file : temporaryBeside(file);
    const stream = (0,external_node_fs_.createWriteStream)(target, direct ? { flags: 'w' } : { flags: 'wx', mode: 0o666 });
    let created = false;
    try {
        await (0,external_node_events_.once)(stream, 'open');
        created = !direct;
        await writePieces(stream, pieces);
        stream.end();
        await (0,external_node_events_.once)(stream, 'finish');
        if (!direct)
            await (0,promises_.rename)(target, file);
    }
    catch (error) {
        stream.destroy();
        // Only what this write created: a name someone else holds (EEXIST) is theirs.
        if (created)
            await (0,promises_.rm)(target, { force: true });
        throw error;
    }
}

// EXTERNAL MODULE: ./.build/js/src/scan/fail-on.js
var fail_on = __webpack_require__(1837);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
;// CONCATENATED MODULE: ./.build/js/src/scan/ignore.js



const DEFAULT_IGNORE_FILE = '.ec2-key-rotate-ignore';
/** An ignore file larger than this is refused: it is a list of entries, not data. */
const MAX_IGNORE_BYTES = 1024 * 1024;
class IgnoreFileError extends Error {
    name = 'IgnoreFileError';
}
/**
 * Parses `.ec2-key-rotate-ignore`: one entry a line, a path glob or a key id
 * (`SHA256:…` or `block:…`), then `#` and the reason. Lines starting with `#`
 * are comments.
 */
function parseIgnoreFile(text, source = DEFAULT_IGNORE_FILE) {
    const entries = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            return;
        const match = /^(\S+)\s+#\s*(.*)$/.exec(line);
        const reason = match?.[2]?.trim();
        if (!match?.[1] || !reason) {
            throw new IgnoreFileError(`${source}:${index + 1}: every entry needs a reason: "<path glob or SHA256:…>  # why it is safe"`);
        }
        const pattern = match[1];
        const kind = /^(SHA256:|block:)/.test(pattern) ? 'fingerprint' : 'path';
        entries.push({ pattern, kind, reason, line: index + 1 });
    });
    return entries;
}
/**
 * Loads an ignore file. `required`: the user named it (`--ignore-file`): it
 * must exist, and a link is followed. Otherwise it is the default one, which
 * the scanned repository provides (hostile content): missing is fine, and a
 * link is not followed.
 */
async function loadIgnoreFile(file, required) {
    const text = await readIgnoreText(file, required);
    return text === null ? [] : parseIgnoreFile(text, file);
}
/**
 * The text of an ignore file, or null when a default one is absent. Opened
 * without blocking (a FIFO never stalls the scan) and, unless the user named
 * it, without following a link (`-> /dev/zero`); then it must be a regular
 * file of at most MAX_IGNORE_BYTES.
 */
async function readIgnoreText(file, named) {
    const cannot = (why) => new IgnoreFileError(`cannot read ignore file ${file}: ${why}`);
    const flags = external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NONBLOCK ?? 0) | (named ? 0 : (external_node_fs_.constants.O_NOFOLLOW ?? 0));
    let handle;
    try {
        handle = await (0,promises_.open)(file, flags);
    }
    catch (error) {
        const code = error.code;
        // No default file, or PATH is not a directory (scan says so in its own words).
        if (!named && (code === 'ENOENT' || code === 'ENOTDIR'))
            return null;
        const info = code === 'ELOOP' || code === 'ENXIO' ? await (0,promises_.lstat)(file).catch(() => null) : null;
        if (info?.isSymbolicLink())
            throw cannot('it is a symbolic link, not followed in the scanned repository (name the file it points to with --ignore-file)');
        if (info?.isSocket())
            throw cannot('not a regular file (a socket)');
        throw cannot(code ?? 'error');
    }
    try {
        const info = await handle.stat();
        if (info.isDirectory())
            throw cannot('EISDIR');
        if (!info.isFile())
            throw cannot(`not a regular file (${info.isFIFO() ? 'a FIFO' : 'a device'})`);
        const tooLarge = `larger than ${MAX_IGNORE_BYTES / 1024 / 1024} MiB`;
        if (info.size > MAX_IGNORE_BYTES)
            throw cannot(tooLarge);
        // Up to one byte more than the limit: a file that grew since its stat is still caught.
        const buffer = Buffer.allocUnsafe(MAX_IGNORE_BYTES + 1);
        let length = 0;
        while (length < buffer.length) {
            const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
            if (bytesRead === 0)
                break;
            length += bytesRead;
        }
        if (length > MAX_IGNORE_BYTES)
            throw cannot(tooLarge);
        return buffer.toString('utf8', 0, length);
    }
    catch (error) {
        if (error instanceof IgnoreFileError)
            throw error;
        throw cannot(error.code ?? 'error');
    }
    finally {
        await handle.close();
    }
}
/** Characters that make a path component a glob rather than a literal name. */
const GLOB_CHARS = /[*?[\]{}()!+@\\]/;
/**
 * The picomatch globs for one gitignore-like path entry:
 * - a leading `/` anchors the pattern at the repository root;
 * - a pattern with no other `/` (`id_rsa`, `*.key`) matches a name at any depth;
 * - a pattern with a `/` (`test/fixtures/*.pem`) is relative to the root;
 * - a pattern that names a directory also matches everything beneath it
 *   (`fixtures/` or `fixtures` covers `fixtures/a/b`).
 */
function pathGlobs(pattern) {
    const trimmed = pattern.replace(/\/+$/, '');
    const anchored = trimmed.startsWith('/') || trimmed.includes('/');
    const body = trimmed.replace(/^\/+/, '');
    const base = anchored ? body : `**/${body}`;
    return [base, `${base}/**`];
}
/**
 * Why a path entry is refused where the ignore file is untrusted input, or
 * null when it is narrow enough: it must name at least one literal directory
 * or file name (`fixtures/**`, `**\/id_rsa_test`), so that `*`, `**`, `/**`,
 * `**\/*` or `*.pem` cannot silence a whole repository. Negation (`!`) is not
 * supported. Fingerprint entries are always accepted.
 */
function refusal(entry) {
    if (entry.kind === 'fingerprint')
        return null;
    if (entry.pattern.startsWith('!'))
        return 'negated entries (!) are not supported';
    const components = entry.pattern.split('/').filter((part) => part !== '');
    const literal = components.some((part) => part !== '.' && part !== '..' && !GLOB_CHARS.test(part));
    return literal
        ? null
        : 'a path entry must name at least one directory or file literally (catch-all globs are refused)';
}
/** Splits entries into those accepted and those refused (with the reason). */
function refuseCatchAll(entries) {
    const accepted = [];
    const refused = [];
    for (const entry of entries) {
        const why = refusal(entry);
        if (why)
            refused.push({ entry, why });
        else
            accepted.push(entry);
    }
    return { accepted, refused };
}
/**
 * Drops ignored findings and ignored locations. A finding is suppressed when
 * its id is listed or when every location matches a path entry; each
 * suppressed finding is counted once.
 */
function applyIgnore(findings, entries) {
    const matchers = entries.map((entry) => entry.kind === 'fingerprint'
        ? null
        : picomatch(pathGlobs(entry.pattern), { dot: true, nonegate: true }));
    const hits = entries.map(() => 0);
    const alone = entries.map(() => 0);
    const kept = [];
    let suppressed = 0;
    for (const finding of findings) {
        const byEntry = entries.map((entry, index) => {
            if (entry.kind === 'fingerprint')
                return entry.pattern === finding.id;
            const matcher = matchers[index];
            const matched = finding.locations.filter((location) => matcher?.(location.path)).length;
            if (matched)
                hits[index] = (hits[index] ?? 0) + 1;
            return matched === finding.locations.length && matched > 0;
        });
        byEntry.forEach((suppresses, index) => {
            if (!suppresses)
                return;
            alone[index] = (alone[index] ?? 0) + 1;
            if (entries[index]?.kind === 'fingerprint')
                hits[index] = (hits[index] ?? 0) + 1;
        });
        const locations = finding.locations.filter((location) => !matchers.some((matcher) => matcher?.(location.path)));
        if (byEntry.some(Boolean) || locations.length === 0)
            suppressed++;
        else
            kept.push({ ...finding, locations });
    }
    const diagnostics = {
        unused: entries.filter((_entry, index) => hits[index] === 0),
        matchesAll: entries.filter((_entry, index) => findings.length >= 2 && alone[index] === findings.length),
    };
    return { kept, suppressed, diagnostics };
}
/** Whether a path rule of `entries` covers `path` (fingerprint rules name no path). */
function pathIgnoredBy(entries) {
    const matchers = entries
        .filter((entry) => entry.kind === 'path')
        .map((entry) => picomatch(pathGlobs(entry.pattern), { dot: true, nonegate: true }));
    return (path) => matchers.some((matcher) => matcher(path));
}
/**
 * Encrypted blocks the per-file limit left unlisted that no path rule
 * covers in every place: a fingerprint rule cannot name them (no finding
 * shows their id), so only a rule on the file accepts them.
 */
function unlistedEncryptedKept(unlisted, entries) {
    const ignored = pathIgnoredBy(entries);
    return unlisted
        .filter(({ paths }) => !paths?.length || !paths.every(ignored))
        .reduce((sum, { count }) => sum + count, 0);
}
/** Quotes text that came from the repository before it reaches a log. */
const quoted = (text) => JSON.stringify(text);
/**
 * One line per refused, unused or catch-everything entry, for warnings.
 * `unused`: whether to warn about entries that matched nothing (only
 * meaningful when the scan covered the whole tree or history; a push range
 * rarely touches the paths an entry names).
 */
function ignoreWarnings(file, refused, diagnostics, options = { unused: true }) {
    const at = (entry) => `${file}:${entry.line}: entry ${quoted(entry.pattern)}`;
    return [
        ...refused.map(({ entry, why }) => `${at(entry)} refused and not applied: ${why}`),
        ...(options.unused ? (diagnostics?.unused ?? []) : []).map((entry) => `${at(entry)} matches nothing in this scan (remove it if it is stale)`),
        ...(diagnostics?.matchesAll ?? []).map((entry) => `${at(entry)} suppresses every key this scan found: check that it is meant to`),
    ];
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./.build/js/src/scan/git-safety.js
var git_safety = __webpack_require__(6774);
;// CONCATENATED MODULE: ./.build/js/src/scan/ignore-ref.js
/**
 * Reads the ignore file from a commit rather than from the working tree, for
 * scans where the working tree is the untrusted content being scanned.
 */






const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
async function git(dir, args, online = false) {
    // Outside the try: a repository unsafe to run git in fails with its reason, not "no such commit".
    const env = (0,git_safety/* scanGitEnv */.TS)(dir);
    try {
        const { stdout } = await run('git', (0,git_safety/* pinnedGitArgs */.WM)(args, online), {
            cwd: dir,
            encoding: 'utf8',
            maxBuffer: MAX_IGNORE_BYTES,
            env,
            timeout: 120_000,
        });
        return stdout;
    }
    catch {
        return null;
    }
}
/** The commit id `ref` names in the repository at `dir`, or null. Refs never start with `-`. */
async function resolveCommit(dir, ref) {
    if (!ref || ref.startsWith('-'))
        return null;
    const out = await git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return out?.trim() || null;
}
/** Fetches `refspec` from origin (shallow); true when git says it worked. */
async function fetchFromOrigin(dir, refspec) {
    if (!refspec || refspec.startsWith('-'))
        return false;
    const out = await git(dir, ['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', refspec], true);
    return out !== null;
}
/**
 * The path of `file` inside the repository at `dir`, with `/` separators, or
 * null when `file` lies outside it. Links are resolved when the names alone
 * say "outside": a workspace reached through a link (a self-hosted runner's
 * folder, macOS's /tmp) still holds the repository's own ignore file, which
 * must then be read from the trusted commit, not from the pushed work tree.
 */
async function repositoryPath(dir, file) {
    const prefix = await git(dir, ['rev-parse', '--show-prefix']);
    if (prefix === null)
        return null;
    return (pathBelow(prefix.trim(), (0,external_node_path_.resolve)(dir), (0,external_node_path_.resolve)(file)) ??
        pathBelow(prefix.trim(), realOrSame((0,external_node_path_.resolve)(dir)), realParentOrSame((0,external_node_path_.resolve)(file))));
}
/** `file` as a repository path when it lies below `dir` (whose prefix in the repository is `prefix`). */
function pathBelow(prefix, dir, file) {
    const fromDir = (0,external_node_path_.relative)(dir, file);
    if ((0,external_node_path_.isAbsolute)(fromDir))
        return null;
    const inside = external_node_path_.posix.normalize(`${prefix}${fromDir.split(external_node_path_.sep).join('/')}`);
    if (!inside || inside === '.' || inside.startsWith('../') || inside === '..')
        return null;
    return inside;
}
function realOrSame(path) {
    try {
        return (0,external_node_fs_.realpathSync)(path);
    }
    catch {
        return path;
    }
}
/** The file's folder with its links resolved, and its own name: the file itself may be a link. */
function realParentOrSame(path) {
    return (0,external_node_path_.join)(realOrSame((0,external_node_path_.dirname)(path)), (0,external_node_path_.basename)(path));
}
/**
 * The entries of `path` (a repository path) at `commit`, or null when the
 * commit has no such file.
 */
async function readIgnoreAtCommit(dir, commit, path) {
    const spec = `${commit}:${path}`;
    const type = (await git(dir, ['cat-file', '-t', spec]))?.trim();
    if (!type)
        return null;
    if (type !== 'blob')
        throw new IgnoreFileError(`${spec} is a ${type}, not an ignore file`);
    // The blob as stored: `show` could run a textconv filter the repository names.
    const text = await git(dir, ['cat-file', 'blob', spec]);
    if (text === null) {
        // The read stops at the limit: say so rather than a bare "cannot read".
        const size = Number((await git(dir, ['cat-file', '-s', spec]))?.trim());
        throw new IgnoreFileError(size > MAX_IGNORE_BYTES
            ? `cannot read ${spec}: larger than ${MAX_IGNORE_BYTES / 1024 / 1024} MiB`
            : `cannot read ${spec}`);
    }
    return parseIgnoreFile(text, spec);
}

// EXTERNAL MODULE: ./.build/js/src/scan/place.js
var scan_place = __webpack_require__(6164);
// EXTERNAL MODULE: ./node_modules/sshpk/lib/index.js
var lib = __webpack_require__(663);
// EXTERNAL MODULE: ./.build/js/src/scan/decode/der.js
var decode_der = __webpack_require__(6369);
// EXTERNAL MODULE: ./.build/js/src/scan/decode/asn1.js
var asn1 = __webpack_require__(817);
;// CONCATENATED MODULE: ./.build/js/src/keys/der-check.js
/**
 * A linear check of the DER a private key block decodes to, run before
 * any of it reaches sshpk or node:crypto. sshpk's ASN.1 reader turns
 * a four-byte length of 2^31 or more into a negative number and then walks
 * about 2^31 bytes one at a time (20 s of CPU for a 131-byte block), and it
 * trusts lengths that overrun their parent. Here every header sshpk may
 * read must have a definite length of at most four length bytes below 2^31
 * and nest at most MAX_DEPTH deep; the key's inner DER (the PKCS#8
 * privateKey OCTET STRING, which sshpk reads in place) is checked the same
 * way. One pass over the bytes, so a hostile block costs microseconds.
 * `derElementAt` and `derChildren` are the strict readers the fallback's
 * own parsing uses.
 */

/** Deeper than any key structure (explicit EC parameters nest five levels). */
const MAX_DEPTH = 12;
/** Lengths from 2^31 up turn negative in sshpk's reader. */
const MAX_LENGTH = 0x7fffffff;
const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;
/**
 * The element at `at`, or null when its header is malformed, it does not fit
 * within `limit`, or its length is one sshpk would read as negative.
 */
function derElementAt(buf, at, limit) {
    const element = (0,asn1/* readTlv */.pw)(buf, at, limit);
    return element && element.end - element.content <= MAX_LENGTH ? element : null;
}
/** The elements tiling `buf[start, end)` exactly, or null. */
function derChildren(buf, start, end) {
    const children = [];
    for (let at = start; at < end;) {
        const child = derElementAt(buf, at, end);
        if (!child)
            return null;
        children.push(child);
        at = child.end;
    }
    return children;
}
/**
 * An element's header at `at` as sshpk's reader takes it: null when its
 * length is indefinite, longer than four bytes or 2^31 or more (what turns
 * negative there). A length that overruns `limit` is cut to it: sshpk reads
 * such keys (a lying outer length), and what it then reads lies within.
 */
function headerAt(buf, at, limit) {
    if (at + 2 > limit)
        return 'cut';
    const tag = buf[at];
    if ((tag & 0x1f) === 0x1f)
        return null;
    const first = buf[at + 1];
    let length = first;
    let content = at + 2;
    if (first & 0x80) {
        const count = first & 0x7f;
        if (count === 0 || count > 4)
            return null;
        if (content + count > limit)
            return 'cut';
        length = 0;
        for (let i = 0; i < count; i++)
            length = length * 256 + buf[content + i];
        if (length > MAX_LENGTH)
            return null;
        content += count;
    }
    return { tag, content, end: Math.min(content + length, limit) };
}
/** Whether every header in `buf[start, end)`, constructed elements all the way down, has a length sshpk reads safely. */
function safeLengths(buf, start, end, depth) {
    if (depth > MAX_DEPTH)
        return false;
    for (let at = start; at < end;) {
        const element = headerAt(buf, at, end);
        if (element === null)
            return false;
        // A header cut short by the end: the reader stops there with an error.
        if (element === 'cut')
            return true;
        if (element.tag & 0x20 && !safeLengths(buf, element.content, element.end, depth + 1))
            return false;
        at = Math.max(element.end, at + 1);
    }
    return true;
}
/**
 * Whether `der` can go to sshpk: one top-level SEQUENCE whose every header,
 * constructed elements all the way down and, for PKCS#8, the DER inside the
 * privateKey OCTET STRING (which sshpk reads in place), has a definite
 * length of at most four bytes below 2^31. Lengths that overrun their parent
 * and bytes after the structure are allowed: sshpk and OpenSSL read such
 * keys, and a key with junk appended is still a key.
 */
function isWellFormedKeyDer(der) {
    const top = headerAt(der, 0, der.length);
    if (top === null || top === 'cut' || top.tag !== SEQUENCE)
        return false;
    if (!safeLengths(der, top.content, top.end, 1))
        return false;
    const version = headerAt(der, top.content, top.end);
    const algorithm = version && version !== 'cut' ? headerAt(der, version.end, top.end) : null;
    const privateKey = algorithm && algorithm !== 'cut' ? headerAt(der, algorithm.end, top.end) : null;
    if (version !== null &&
        version !== 'cut' &&
        version.tag === INTEGER &&
        algorithm !== null &&
        algorithm !== 'cut' &&
        algorithm.tag === SEQUENCE &&
        privateKey !== null &&
        privateKey !== 'cut' &&
        privateKey.tag === OCTET_STRING)
        return safeLengths(der, privateKey.content, privateKey.end, 2);
    return true;
}
/**
 * The decoded body of a PEM block exactly as sshpk 1.18 reads it
 * (lib/formats/pem.js): the lines between the first BEGIN and the last END
 * line, header lines (`Name: value`) after BEGIN skipped. Null when sshpk
 * would refuse the block before decoding it.
 */
function sshpkPemBody(block) {
    const lines = block.trim().split(/[\r\n]+/g);
    const begin = /[-]+[ ]*BEGIN ([A-Z0-9][A-Za-z0-9]+ )?(PUBLIC|PRIVATE) KEY[ ]*[-]+/;
    const end = /[-]+[ ]*END ([A-Z0-9][A-Za-z0-9]+ )?(PUBLIC|PRIVATE) KEY[ ]*[-]+/;
    const first = lines.findIndex((line) => begin.test(line));
    let last = lines.length - 1;
    while (last > 0 && !end.test(lines[last] ?? ''))
        last--;
    if (first < 0 || last <= first)
        return null;
    let at = first + 1;
    while (at < last && /^([A-Za-z0-9-]+): (.+)$/.test(lines[at] ?? ''))
        at++;
    return Buffer.from(lines.slice(at, last).join(''), 'base64');
}

// EXTERNAL MODULE: ./.build/js/src/keys/fingerprint.js
var fingerprint = __webpack_require__(762);
;// CONCATENATED MODULE: ./.build/js/src/keys/from-parts.js
/**
 * Builds sshpk keys from bare numbers, for formats sshpk cannot read
 * (ssh.com, SSH1): the numbers are re-encoded in a form it can, then checked
 * like any other key.
 */


function toBase64Url(value) {
    let hex = value.toString(16);
    if (hex.length % 2)
        hex = `0${hex}`;
    return Buffer.from(hex, 'hex').toString('base64url');
}
function modInverse(a, m) {
    let [oldR, r] = [((a % m) + m) % m, m];
    let [oldS, s] = [1n, 0n];
    while (r !== 0n) {
        const q = oldR / r;
        [oldR, r] = [r, oldR - q * r];
        [oldS, s] = [s, oldS - q * s];
    }
    return ((oldS % m) + m) % m;
}
function bigintOf(bytes) {
    return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}
/** Unsigned big-endian bytes of a non-negative integer. */
function unsignedBytes(value) {
    let hex = value.toString(16);
    if (hex.length % 2)
        hex = `0${hex}`;
    return Buffer.from(hex, 'hex');
}
/** SSH wire string. */
function sshString(bytes) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
}
/** SSH wire mpint (two's complement, a leading zero byte when the top bit is set). */
function sshMpint(value) {
    let bytes = value === 0n ? Buffer.alloc(0) : unsignedBytes(value);
    if (bytes.length && bytes[0] & 0x80)
        bytes = Buffer.concat([Buffer.alloc(1), bytes]);
    return sshString(bytes);
}
/** The `ssh-rsa` public key of (n, e). */
function rsaPublicKey(n, e) {
    const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshMpint(e), sshMpint(n)]);
    return lib.parseKey(blob, 'rfc4253');
}
/** The `ssh-dss` public key of (p, q, g, y). */
function dsaPublicKey(p, q, g, y) {
    const blob = Buffer.concat([
        sshString(Buffer.from('ssh-dss')),
        ...[p, q, g, y].map((value) => sshMpint(value)),
    ]);
    return lib.parseKey(blob, 'rfc4253');
}
/** The RSA private key of (n, e, d, p, q), or null when the numbers do not make one. */
function rsaPrivateKey(n, e, d, p, q) {
    try {
        if (p < 2n || q < 2n || p * q !== n)
            return null;
        const jwk = {
            kty: 'RSA',
            n: toBase64Url(n),
            e: toBase64Url(e),
            d: toBase64Url(d),
            p: toBase64Url(p),
            q: toBase64Url(q),
            dp: toBase64Url(d % (p - 1n)),
            dq: toBase64Url(d % (q - 1n)),
            qi: toBase64Url(modInverse(q, p)),
        };
        const pem = (0,external_node_crypto_.createPrivateKey)({ key: jwk, format: 'jwk' }).export({
            type: 'pkcs1',
            format: 'pem',
        });
        return lib.parsePrivateKey(pem, 'pem');
    }
    catch {
        return null;
    }
}
/** DER INTEGER of a non-negative value. */
function derInteger(value) {
    let bytes = value === 0n ? Buffer.alloc(1) : unsignedBytes(value);
    if (bytes[0] & 0x80)
        bytes = Buffer.concat([Buffer.alloc(1), bytes]);
    return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}
function derLength(length) {
    if (length < 0x80)
        return Buffer.from([length]);
    const bytes = unsignedBytes(BigInt(length));
    return Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
}
/** The DSA private key of (p, q, g, y, x), or null when the numbers do not make one. */
function dsaPrivateKey(p, q, g, y, x) {
    try {
        const body = Buffer.concat([0n, p, q, g, y, x].map((value) => derInteger(value)));
        const der = Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
        const label = ['DSA', 'PRIVATE', 'KEY'].join(' ');
        const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
        const pem = [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ''].join('\n');
        return lib.parsePrivateKey(pem, 'pem');
    }
    catch {
        return null;
    }
}

;// CONCATENATED MODULE: ./.build/js/src/keys/node-fallback.js
/**
 * Keys in forms sshpk cannot read though OpenSSH can: an EC key without its
 * public point, with explicit curve parameters or a compressed point, and
 * multi-prime RSA. node:crypto (OpenSSL) reads them from the DER that
 * `isWellFormedKeyDer` has already checked; the public key is rebuilt in
 * the SSH wire form OpenSSH fingerprints (an EC point always uncompressed).
 */




/** SSH curve names by OpenSSL's and by JWK's. */
const SSH_CURVES = {
    prime256v1: 'nistp256',
    secp384r1: 'nistp384',
    secp521r1: 'nistp521',
    'P-256': 'nistp256',
    'P-384': 'nistp384',
    'P-521': 'nistp521',
};
const OPENSSL_CURVES = {
    nistp256: 'prime256v1',
    nistp384: 'secp384r1',
    nistp521: 'secp521r1',
};
/** Field prime and group order of the NIST curves, for keys with explicit parameters. */
const EXPLICIT_CURVES = [
    {
        ssh: 'nistp256',
        p: 'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff',
        n: 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
    },
    {
        ssh: 'nistp384',
        p: 'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
        n: 'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
    },
    {
        ssh: 'nistp521',
        p: `1${'f'.repeat(130)}`,
        n: '1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    },
];
/** Names node:crypto gives key types sshpk does not parse, as reports show them. */
const OTHER_ALGORITHMS = {
    ed448: 'Ed448',
    x25519: 'X25519',
    x448: 'X448',
    'rsa-pss': 'RSA-PSS',
};
/** The `ecdsa-sha2-…` public key of an uncompressed point. */
function ecdsaPublicKey(sshCurve, point) {
    const blob = Buffer.concat([
        sshString(Buffer.from(`ecdsa-sha2-${sshCurve}`)),
        sshString(Buffer.from(sshCurve)),
        sshString(point),
    ]);
    return lib.parseKey(blob, 'rfc4253');
}
/** The uncompressed public point of scalar `d`, or null when it is no scalar of the curve. */
function pointOf(sshCurve, d) {
    try {
        const ecdh = (0,external_node_crypto_.createECDH)(OPENSSL_CURVES[sshCurve] ?? '');
        ecdh.setPrivateKey(d);
        return ecdh.getPublicKey();
    }
    catch {
        return null;
    }
}
function ecKey(key) {
    const jwk = key.export({ format: 'jwk' });
    const curve = SSH_CURVES[jwk.crv ?? ''];
    if (!curve || !jwk.d)
        return null;
    const point = pointOf(curve, Buffer.from(jwk.d, 'base64url'));
    if (!point)
        return { kind: 'inconsistent' };
    // OpenSSL takes a stored public point as it is: one that is not d·G is damage.
    const stored = (0,external_node_crypto_.createPublicKey)(key).export({ format: 'jwk' });
    const size = (point.length - 1) / 2;
    const x = Buffer.from(stored.x ?? '', 'base64url');
    const y = Buffer.from(stored.y ?? '', 'base64url');
    if (x.length !== size ||
        y.length !== size ||
        !Buffer.concat([Buffer.from([4]), x, y]).equals(point))
        return { kind: 'inconsistent' };
    return { kind: 'key', publicKey: ecdsaPublicKey(curve, point), pkcs8: null };
}
/**
 * Whether the numbers of a PKCS#1 key (two primes or more) belong together:
 * the primes multiply to n and e·d ≡ 1 modulo each prime − 1. OpenSSL does
 * not check a key it loads, and a damaged prime would still give n's
 * fingerprint to a key that is no longer whole.
 */
function rsaConsistent(pkcs1) {
    const top = derElementAt(pkcs1, 0, pkcs1.length);
    const fields = childrenOf(pkcs1, top ?? undefined);
    const number = (element) => element?.tag === 0x02 ? bigintOf(pkcs1.subarray(element.content, element.end)) : -1n;
    const [, n, e, d, p, q] = fields.slice(0, 6).map(number);
    if (n === undefined || e === undefined || d === undefined || p === undefined || q === undefined)
        return false;
    const primes = [p, q];
    const others = fields[9];
    if (others) {
        for (const info of childrenOf(pkcs1, others))
            primes.push(number(childrenOf(pkcs1, info)[0]));
    }
    const ed1 = e * d - 1n;
    let product = 1n;
    for (const prime of primes) {
        if (prime < 2n || ed1 % (prime - 1n) !== 0n)
            return false;
        product *= prime;
    }
    return product === n && ed1 > 0n;
}
function rsaKey(key) {
    if (!rsaConsistent(key.export({ type: 'pkcs1', format: 'der' })))
        return { kind: 'inconsistent' };
    const jwk = (0,external_node_crypto_.createPublicKey)(key).export({ format: 'jwk' });
    const n = bigintOf(Buffer.from(jwk.n ?? '', 'base64url'));
    const e = bigintOf(Buffer.from(jwk.e ?? '', 'base64url'));
    return {
        kind: 'key',
        publicKey: rsaPublicKey(n, e),
        pkcs8: key.export({ type: 'pkcs8', format: 'der' }),
    };
}
function childrenOf(der, element) {
    return (element && derChildren(der, element.content, element.end)) ?? [];
}
function unsignedHex(der, element) {
    if (element?.tag !== 0x02)
        return '';
    return bigintOf(der.subarray(element.content, element.end)).toString(16);
}
/**
 * A SEC1 or PKCS#8 EC key with explicit parameters that are those of a NIST
 * curve, read by hand for an OpenSSL that does not map them to the name.
 */
function explicitEcKey(der) {
    const top = derElementAt(der, 0, der.length);
    let fields = childrenOf(der, top ?? undefined);
    let params;
    if (fields[1]?.tag === 0x30 && fields[2]?.tag === 0x04) {
        // PKCS#8: AlgorithmIdentifier { id-ecPublicKey, ECParameters }, then the SEC1 key.
        params = childrenOf(der, fields[1])[1];
        const inner = fields[2];
        fields = childrenOf(der, derElementAt(der, inner.content, inner.end) ?? undefined);
    }
    else {
        params = childrenOf(der, fields.find((field) => field.tag === 0xa0))[0];
    }
    const d = fields[1];
    if (params?.tag !== 0x30 || d?.tag !== 0x04)
        return null;
    const [, fieldId, , base, order] = childrenOf(der, params);
    const prime = unsignedHex(der, childrenOf(der, fieldId)[1]);
    const curve = EXPLICIT_CURVES.find((candidate) => candidate.p === prime && candidate.n === unsignedHex(der, order))?.ssh;
    if (!curve || base?.tag !== 0x04)
        return null;
    // The generator must be the curve's: d = 1 gives it.
    const one = Buffer.alloc(1, 1);
    const generator = pointOf(curve, one);
    const given = der.subarray(base.content, base.end);
    let uncompressed;
    try {
        uncompressed = Buffer.from(external_node_crypto_.ECDH.convertKey(given, OPENSSL_CURVES[curve] ?? '', undefined, undefined, 'uncompressed'));
    }
    catch {
        return null;
    }
    if (!generator || !uncompressed.equals(generator))
        return null;
    const point = pointOf(curve, der.subarray(d.content, d.end));
    if (!point)
        return { kind: 'inconsistent' };
    return { kind: 'key', publicKey: ecdsaPublicKey(curve, point), pkcs8: null };
}
/** node:crypto's DER type for a PEM label. */
const DER_TYPES = {
    'RSA PRIVATE KEY': 'pkcs1',
    'EC PRIVATE KEY': 'sec1',
    'PRIVATE KEY': 'pkcs8',
};
/**
 * The key node:crypto reads from `der` (already checked well formed) under
 * PEM label `label`, or null when it reads none it can name.
 */
function readWithNodeCrypto(der, label) {
    const type = DER_TYPES[label];
    if (!type)
        return null;
    let key;
    try {
        key = (0,external_node_crypto_.createPrivateKey)({ key: der, format: 'der', type });
    }
    catch {
        return label === 'RSA PRIVATE KEY' ? null : explicitEcKey(der);
    }
    try {
        const algorithm = key.asymmetricKeyType ?? '';
        if (algorithm === 'rsa')
            return rsaKey(key);
        if (algorithm === 'ec') {
            const curve = key.asymmetricKeyDetails?.namedCurve;
            if (curve && !SSH_CURVES[curve])
                return { kind: 'other', name: `EC ${curve}` };
            return (curve ? ecKey(key) : null) ?? explicitEcKey(der);
        }
        const name = OTHER_ALGORITHMS[algorithm];
        return name ? { kind: 'other', name } : null;
    }
    catch {
        return null;
    }
}

// EXTERNAL MODULE: ./.build/js/src/keys/public-blob.js
var public_blob = __webpack_require__(1949);
;// CONCATENATED MODULE: ./.build/js/src/keys/openssh-header.js


const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
class Reader {
    buf;
    offset;
    constructor(buf, offset = 0) {
        this.buf = buf;
        this.offset = offset;
    }
    /** A reader at the same place that moves on its own. */
    copy() {
        return new Reader(this.buf, this.offset);
    }
    string() {
        const length = this.uint32();
        if (this.offset + length > this.buf.length)
            throw new Error('field runs past the end');
        const value = this.buf.subarray(this.offset, this.offset + length);
        this.offset += length;
        return value;
    }
    uint32() {
        if (this.offset + 4 > this.buf.length)
            throw new Error('field runs past the end');
        const value = this.buf.readUInt32BE(this.offset);
        this.offset += 4;
        return value;
    }
}
/** Whether the further public keys and the private section run past the end of the data. */
function privateSectionCut(reader, keyCount) {
    try {
        for (let i = 1; i < keyCount; i++)
            reader.string(); // further public keys
        reader.string();
        return false;
    }
    catch {
        return true;
    }
}
/** The private section's check words and first algorithm name match (unencrypted sections only). */
function privateSectionConsistent(reader, keyCount, algorithm) {
    try {
        for (let i = 1; i < keyCount; i++)
            reader.string(); // further public keys
        const section = new Reader(reader.string());
        const check1 = section.uint32();
        const check2 = section.uint32();
        return check1 === check2 && section.string().toString('latin1') === algorithm;
    }
    catch {
        return false;
    }
}
/**
 * Reads the cipher name and the first public key of an OpenSSH private key
 * container without decrypting it (PROTOCOL.key in OpenSSH's sources). The
 * public key is in clear whatever its algorithm; sshpk parses the ones it
 * knows, and a blob of a known algorithm that it rejects is damaged.
 */
function readOpensshHeader(der) {
    if (!der.subarray(0, MAGIC.length).equals(MAGIC))
        throw new Error('not an openssh-key-v1 container');
    const reader = new Reader(der.subarray(MAGIC.length));
    const cipher = reader.string().toString('latin1');
    reader.string(); // kdf name
    reader.string(); // kdf options
    const keyCount = reader.uint32();
    if (keyCount < 1 || keyCount > 1024)
        throw new Error('container holds no key');
    const publicBlob = Buffer.from(reader.string());
    const algorithm = (0,public_blob/* blobAlgorithm */.Tm)(publicBlob);
    if (!algorithm)
        throw new Error('public key blob is malformed');
    const publicKey = (0,public_blob/* isSshpkAlgorithm */.lU)(algorithm) ? lib.parseKey(publicBlob, 'rfc4253') : null;
    const cut = privateSectionCut(reader.copy(), keyCount);
    return {
        cipher,
        publicKey,
        publicBlob,
        algorithm,
        privateSectionConsistent: cipher === 'none' ? privateSectionConsistent(reader, keyCount, algorithm) : null,
        privateSectionCut: cut,
    };
}

;// CONCATENATED MODULE: ./.build/js/src/keys/putty.js


/**
 * Reads the header fields and public key of a PPK file. sshpk can read only
 * unencrypted v3 and passphrase-less v2 files, but the public half is always
 * in clear, so we read it ourselves and fingerprint encrypted files too.
 */
function readPuttyHeader(text) {
    const lines = text.split(/\r?\n/);
    const fields = new Map();
    let publicBase64 = '';
    for (let i = 0; i < lines.length; i++) {
        const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(lines[i] ?? '');
        if (!match)
            continue;
        const name = (match[1] ?? '').toLowerCase();
        const value = (match[2] ?? '').trim();
        fields.set(name, value);
        if (name === 'public-lines') {
            const count = Number.parseInt(value, 10);
            if (!Number.isInteger(count) || count < 1 || i + count >= lines.length) {
                throw new Error('invalid Public-Lines count');
            }
            publicBase64 = lines.slice(i + 1, i + 1 + count).join('');
            i += count;
        }
    }
    const version = fields.has('putty-user-key-file-3')
        ? 3
        : fields.has('putty-user-key-file-2')
            ? 2
            : 0;
    if (version === 0)
        throw new Error('no PuTTY-User-Key-File header');
    if (!publicBase64)
        throw new Error('no public key lines');
    const publicBlob = Buffer.from(publicBase64, 'base64');
    const algorithm = (0,public_blob/* blobAlgorithm */.Tm)(publicBlob);
    if (!algorithm)
        throw new Error('public key blob is malformed');
    const publicKey = (0,public_blob/* isSshpkAlgorithm */.lU)(algorithm) ? lib.parseKey(publicBlob, 'rfc4253') : null;
    return {
        version,
        encryption: fields.get('encryption') ?? 'none',
        publicKey,
        publicBlob,
        algorithm,
        hasPrivate: fields.has('private-lines'),
    };
}

;// CONCATENATED MODULE: ./.build/js/src/keys/ssh1.js

/** The file's first bytes: the text line and a NUL (prose that names the format lacks the NUL). */
const SSH1_MAGIC = Buffer.from('SSH PRIVATE KEY FILE FORMAT 1.1\n\0', 'latin1');
class ssh1_Reader {
    buf;
    at;
    constructor(buf, start) {
        this.buf = buf;
        this.at = start;
    }
    take(length) {
        if (this.at + length > this.buf.length)
            throw new Error('field runs past the end');
        const value = this.buf.subarray(this.at, this.at + length);
        this.at += length;
        return value;
    }
    uint8() {
        return this.take(1)[0];
    }
    uint16() {
        return this.take(2).readUInt16BE(0);
    }
    uint32() {
        return this.take(4).readUInt32BE(0);
    }
    /** SSH1 mpint: a 16-bit bit count, then the bytes. */
    mpint() {
        const bits = this.uint16();
        return bigintOf(this.take(Math.ceil(bits / 8)));
    }
}
/** Reads an SSH1 key file; throws when its clear part is not well formed. */
function readSsh1Key(bytes) {
    if (!bytes.subarray(0, SSH1_MAGIC.length).equals(SSH1_MAGIC))
        throw new Error('not an SSH1 private key file');
    const reader = new ssh1_Reader(bytes, SSH1_MAGIC.length);
    const cipher = reader.uint8();
    reader.uint32(); // reserved
    reader.uint32(); // bits
    const n = reader.mpint();
    const e = reader.mpint();
    if (n < 3n || e < 3n)
        throw new Error('invalid public key');
    const publicKey = rsaPublicKey(n, e);
    reader.take(reader.uint32()); // comment
    if (cipher !== 0)
        return { encrypted: true, publicKey, privateKey: null, privateCut: false };
    let privateKey = null;
    let privateCut = false;
    try {
        const check = reader.take(4);
        if (check[0] === check[2] && check[1] === check[3]) {
            // d, then u, p, q; the order of the primes differs between writers, so both are tried.
            const d = reader.mpint();
            reader.mpint();
            const p = reader.mpint();
            const q = reader.mpint();
            privateKey = rsaPrivateKey(n, e, d, p, q) ?? rsaPrivateKey(n, e, d, q, p);
        }
    }
    catch {
        // Only a field that runs past the end throws: the public half is in clear, the rest is cut.
        privateCut = true;
    }
    return { encrypted: false, publicKey, privateKey, privateCut };
}

// EXTERNAL MODULE: ./.build/js/src/keys/sshcom-magic.js
var sshcom_magic = __webpack_require__(6553);
;// CONCATENATED MODULE: ./.build/js/src/keys/sshcom.js



class sshcom_Reader {
    buf;
    at = 0;
    constructor(buf) {
        this.buf = buf;
    }
    take(length) {
        if (length < 0 || this.at + length > this.buf.length)
            throw new Error('field runs past the end');
        const value = this.buf.subarray(this.at, this.at + length);
        this.at += length;
        return value;
    }
    uint32() {
        return this.take(4).readUInt32BE(0);
    }
    string() {
        return this.take(this.uint32());
    }
    mpint() {
        return bigintOf(this.take(Math.ceil(this.uint32() / 8)));
    }
}
function keyTypeOf(name) {
    if (name.startsWith('if-modn{sign{rsa'))
        return 'rsa';
    if (name.startsWith('dl-modp{sign{dsa'))
        return 'dsa';
    return 'unknown';
}
/** Reads the binary body of an ssh.com key; throws when it is not one. */
function readSshcomKey(body) {
    const reader = new sshcom_Reader(body);
    if (reader.uint32() !== sshcom_magic/* SSHCOM_MAGIC */.m)
        throw new Error('not an ssh.com private key');
    reader.uint32(); // total size
    const keyType = keyTypeOf(reader.string().toString('latin1'));
    const cipher = reader.string().toString('latin1');
    const sealed = reader.string();
    if (cipher !== 'none')
        return { keyType, encrypted: true, publicKey: null, privateKey: null };
    const payload = new sshcom_Reader(new sshcom_Reader(sealed).string());
    if (keyType === 'rsa') {
        const [e, d, n, , p, q] = [1, 2, 3, 4, 5, 6].map(() => payload.mpint());
        const publicKey = rsaPublicKey(n, e);
        const privateKey = rsaPrivateKey(n, e, d, p, q) ??
            rsaPrivateKey(n, e, d, q, p);
        return { keyType, encrypted: false, publicKey, privateKey };
    }
    if (keyType === 'dsa') {
        if (payload.uint32() !== 0)
            throw new Error('predefined DSA parameters are not supported');
        const [p, g, q, y, x] = [1, 2, 3, 4, 5].map(() => payload.mpint());
        const publicKey = dsaPublicKey(p, q, g, y);
        const privateKey = dsaPrivateKey(p, q, g, y, x);
        return { keyType, encrypted: false, publicKey, privateKey };
    }
    throw new Error('unknown ssh.com key type');
}

;// CONCATENATED MODULE: ./.build/js/src/keys/parse.js











const PEM_LABELS = {
    'RSA PRIVATE KEY': { format: 'pkcs1', keyType: 'rsa' },
    'DSA PRIVATE KEY': { format: 'pkcs1', keyType: 'dsa' },
    'EC PRIVATE KEY': { format: 'sec1', keyType: 'ecdsa' },
    'PRIVATE KEY': { format: 'pkcs8', keyType: 'unknown' },
    'ENCRYPTED PRIVATE KEY': { format: 'pkcs8', keyType: 'unknown' },
    'OPENSSH PRIVATE KEY': { format: 'openssh', keyType: 'unknown' },
};
/** Labels the detector looks for; anything else ending in PRIVATE KEY is reported as unknown. */
const PRIVATE_KEY_LABELS = Object.keys(PEM_LABELS);
function parse_keyTypeOf(key) {
    switch (key.type) {
        case 'rsa':
        case 'dsa':
        case 'ecdsa':
        case 'ed25519':
            return key.type;
        default:
            return 'unknown';
    }
}
function unparsed(info, encrypted, note) {
    return {
        keyType: info.keyType,
        bits: null,
        format: info.format,
        encrypted,
        parsed: false,
        fingerprint: null,
        md5: null,
        ec2Fingerprints: { imported: null, created: null, ed25519: null },
        publicKey: null,
        note,
    };
}
function identify(info, encrypted, key, privateKey) {
    const publicKey = key.toString('ssh').split(' ').slice(0, 2).join(' ');
    return {
        keyType: parse_keyTypeOf(key),
        bits: key.size,
        format: info.format,
        encrypted,
        parsed: true,
        fingerprint: (0,fingerprint/* sha256Fingerprint */._7)(key),
        md5: (0,fingerprint/* md5Fingerprint */.Pr)(key),
        ec2Fingerprints: (0,fingerprint/* ec2Fingerprints */.i_)(key, privateKey),
        publicKey,
        note: encrypted ? 'encrypted: public key read from the clear-text header' : null,
    };
}
function partData(key, name) {
    return key.parts.find((candidate) => candidate.name === name)?.data;
}
function parse_bigintOf(key, name) {
    const data = partData(key, name);
    if (!data)
        throw new Error(`key lacks ${name}`);
    return data.length === 0 ? 0n : BigInt(`0x${data.toString('hex')}`);
}
function modPow(base, exponent, modulus) {
    let result = 1n;
    let b = base % modulus;
    for (let e = exponent; e > 0n; e >>= 1n) {
        if (e & 1n)
            result = (result * b) % modulus;
        b = (b * b) % modulus;
    }
    return result;
}
const ECDH_CURVES = {
    nistp256: 'prime256v1',
    nistp384: 'secp384r1',
    nistp521: 'secp521r1',
};
/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/**
 * Whether the private half really belongs to the public half. A key whose
 * middle was overwritten (a redaction, a bad merge) often still decodes, and
 * sshpk does not check it: without this we would report a confident but
 * wrong fingerprint (and a wrong EC2 created fingerprint).
 */
function privateMatchesPublic(key) {
    try {
        switch (key.type) {
            case 'rsa': {
                const [n, e, d, p, q] = ['n', 'e', 'd', 'p', 'q'].map((name) => parse_bigintOf(key, name));
                // p + q < 5: both 2, lcm(p−1, q−1) = 1, which nothing is the inverse modulo.
                if (p < 2n || q < 2n || p * q !== n || p + q < 5n)
                    return false;
                // e·d ≡ 1 modulo lcm(p−1, q−1) exactly when p−1 and q−1 both divide e·d − 1 (no gcd needed).
                const ed1 = e * d - 1n;
                return ed1 % (p - 1n) === 0n && ed1 % (q - 1n) === 0n;
            }
            case 'dsa': {
                const [p, q, g, y, x] = ['p', 'q', 'g', 'y', 'x'].map((name) => parse_bigintOf(key, name));
                if (p < 3n || q < 2n || x < 1n || x >= q || (p - 1n) % q !== 0n)
                    return false;
                if (modPow(g, q, p) !== 1n)
                    return false;
                return modPow(g, x, p) === y;
            }
            case 'ecdsa': {
                const curve = ECDH_CURVES[partData(key, 'curve')?.toString('latin1') ?? ''];
                const d = partData(key, 'd');
                const q = partData(key, 'Q');
                if (!curve || !d || !q)
                    return false;
                const ecdh = (0,external_node_crypto_.createECDH)(curve);
                ecdh.setPrivateKey(d);
                return ecdh.getPublicKey().equals(q);
            }
            case 'ed25519': {
                const seed = partData(key, 'k');
                const a = partData(key, 'A');
                if (!seed || seed.length !== 32 || !a)
                    return false;
                const der = Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
                const spki = (0,external_node_crypto_.createPublicKey)((0,external_node_crypto_.createPrivateKey)({ key: der, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
                return spki.subarray(spki.length - 32).equals(a);
            }
            default:
                return true;
        }
    }
    catch {
        return false;
    }
}
/**
 * A key cut short: its private section declares more than the block holds.
 * It keeps its fingerprint and note; the finding made of it is a fragment.
 */
function cutShort(identity) {
    return { ...identity, truncated: true };
}
function parseOpenssh(block, info) {
    let header;
    try {
        header = readOpensshHeader((0,decode_der/* pemBodyOf */.W2)(block));
    }
    catch {
        return unparsed(info, false, 'OpenSSH key block does not parse (placeholder, truncated or corrupted)');
    }
    const encrypted = header.cipher !== 'none';
    // Cut short, whatever its END line says: a fragment, with its fingerprint and note.
    // A body with characters that are not base64 (dropped when decoded) is corrupted, not cut.
    const short = header.privateSectionCut && /^[A-Za-z0-9+/=\s]*$/.test((0,decode_der/* pemBase64Of */.lp)(block));
    const cut = (identity) => (short ? cutShort(identity) : identity);
    if (!header.publicKey) {
        const identity = (0,public_blob/* identityFromBlob */.mg)(header.publicBlob, header.algorithm, 'openssh', encrypted);
        // An unknown algorithm's private section cannot be checked; a damaged frame around it can.
        if (header.privateSectionConsistent === false)
            return cut({ ...identity, note: `${identity.note ?? ''}; private section does not parse` });
        return cut(identity);
    }
    if (encrypted)
        return cut(identify(info, true, header.publicKey));
    let privateKey;
    try {
        privateKey = lib.parsePrivateKey(block, 'ssh');
    }
    catch {
        // The public half is in clear even when the private section is damaged.
    }
    if (privateKey && privateMatchesPublic(privateKey)) {
        return identify(info, false, privateKey.toPublic(), privateKey);
    }
    return cut({
        ...identify(info, false, header.publicKey),
        note: 'private section does not parse',
    });
}
/**
 * A structurally valid key sshpk does not read, read by node:crypto from the
 * same DER: EC keys without a public point, with explicit parameters or a
 * compressed point, multi-prime RSA (fingerprinted as OpenSSH does), and
 * algorithms OpenSSH and EC2 do not use (Ed448, X25519, RSA-PSS, EC on
 * other curves), which are real keys with no OpenSSH or EC2 fingerprint.
 */
function parseWithNodeCrypto(der, label, info) {
    const key = readWithNodeCrypto(der, label);
    if (!key || key.kind === 'inconsistent')
        return null;
    if (key.kind === 'other') {
        return {
            ...unparsed(info, false, `${key.name} key: OpenSSH and EC2 do not support this algorithm, so it has no OpenSSH or EC2 fingerprint`),
            keyType: 'unknown',
            parsed: true,
        };
    }
    const identity = identify(info, false, key.publicKey);
    if (!key.pkcs8)
        return identity;
    const created = (0,fingerprint/* colonHex */.bp)((0,external_node_crypto_.createHash)('sha1').update(key.pkcs8).digest());
    return { ...identity, ec2Fingerprints: { ...identity.ec2Fingerprints, created } };
}
/**
 * A block whose label does not say what its body is (`FAKE PRIVATE KEY` over
 * PKCS#8, `RSA PRIVATE KEY` over an OpenSSH container), read as its body's
 * structure says; null when that says nothing the label did not. A label
 * must never hide a key: a mislabelled one is still fingerprinted.
 */
function parseByStructure(block, label) {
    const body = (0,decode_der/* pemBodyOf */.W2)(block);
    let identity;
    let actual;
    if ((0,decode_der/* isOpensshContainer */.e6)(body)) {
        if (label === decode_der/* LABELS */.kg.openssh)
            return null;
        actual = decode_der/* LABELS */.kg.openssh;
        identity = parseOpenssh((0,decode_der/* pemOf */._y)(actual, body), PEM_LABELS[actual]);
    }
    else {
        const der = (0,decode_der/* derPrivateKey */.sw)(body);
        if (!der || der.label === label)
            return null;
        actual = der.label;
        identity = parsePem((0,decode_der/* pemOf */._y)(actual, der.der), actual);
    }
    if (!identity.parsed && !identity.encrypted)
        return null;
    const labelled = `labelled "${label}", read as "${actual}" by its structure`;
    return { ...identity, note: identity.note ? `${identity.note}; ${labelled}` : labelled };
}
function parsePem(block, label) {
    const identity = parsePemAsLabelled(block, label);
    if (identity.parsed || identity.encrypted)
        return identity;
    return parseByStructure(block, label) ?? identity;
}
const ENCRYPTED_HEADER = /^Proc-Type:\s*4,\s*ENCRYPTED/m;
/**
 * A block that says it is encrypted (its label, or a `Proc-Type: 4,ENCRYPTED`
 * header) over a body that is a key in clear, as OpenSSL reads it: read as
 * its body's structure says and fingerprinted, with a note. Null when the
 * body is no clear key (real ciphertext, an EncryptedPrivateKeyInfo): the
 * block is then encrypted, as it says.
 */
function parseInClear(block, label) {
    const body = (0,decode_der/* pemBodyOf */.W2)(block);
    let identity;
    let actual;
    if ((0,decode_der/* isOpensshContainer */.e6)(body)) {
        actual = decode_der/* LABELS */.kg.openssh;
        identity = parseOpenssh((0,decode_der/* pemOf */._y)(actual, body), PEM_LABELS[actual]);
    }
    else {
        const der = (0,decode_der/* derPrivateKey */.sw)(body);
        if (!der || der.label === decode_der/* LABELS */.kg.encrypted)
            return null;
        actual = der.label;
        // Written again without the headers: it no longer says it is encrypted.
        identity = parsePem((0,decode_der/* pemOf */._y)(actual, der.der), actual);
    }
    if (!identity.parsed)
        return null;
    const said = ENCRYPTED_HEADER.exec(block)?.[0];
    const labelled = said
        ? `labelled "${label}" with "${said.trim()}", read as "${actual}" in clear by its structure`
        : `labelled "${label}", read as "${actual}" in clear by its structure`;
    return { ...identity, note: identity.note ? `${identity.note}; ${labelled}` : labelled };
}
function parsePemAsLabelled(block, label) {
    const info = PEM_LABELS[label] ?? { format: 'unknown', keyType: 'unknown' };
    if (label === 'OPENSSH PRIVATE KEY')
        return parseOpenssh(block, info);
    if (label === 'ENCRYPTED PRIVATE KEY' || ENCRYPTED_HEADER.test(block)) {
        // A label never hides a key: "encrypted" over a key in clear is read as the key.
        const clear = parseInClear(block, label);
        if (clear)
            return clear;
        return unparsed(info, true, 'encrypted (PEM, PKCS#8 or a PKCS#12 bag): the public key cannot be recovered without the passphrase');
    }
    // sshpk's ASN.1 reader trusts lengths (a length of 2^31 costs it 20 s of
    // CPU): only DER that is well formed all the way down reaches it.
    const der = sshpkPemBody(block);
    if (!der || !isWellFormedKeyDer(der))
        return unparsed(info, false, 'key block does not parse (placeholder, truncated or corrupted)');
    let privateKey;
    try {
        privateKey = lib.parsePrivateKey(block, 'pem');
    }
    catch {
        // reported below
    }
    if (privateKey && privateMatchesPublic(privateKey)) {
        return identify(info, false, privateKey.toPublic(), privateKey);
    }
    // A body of another structure than its label says is read as that structure, with a note.
    const structural = (0,decode_der/* derPrivateKey */.sw)((0,decode_der/* pemBodyOf */.W2)(block));
    if (structural && structural.label !== label)
        return unparsed(info, false, 'key block does not parse (placeholder, truncated or corrupted)');
    return (parseWithNodeCrypto(der, label, info) ??
        unparsed(info, false, 'key block does not parse (placeholder, truncated or corrupted)'));
}
function parsePutty(block) {
    const info = { format: 'putty', keyType: 'unknown' };
    let header;
    try {
        header = readPuttyHeader(block);
    }
    catch {
        return unparsed(info, false, 'PuTTY key file does not parse (truncated or corrupted)');
    }
    const encrypted = header.encryption !== 'none';
    if (!header.publicKey)
        return (0,public_blob/* identityFromBlob */.mg)(header.publicBlob, header.algorithm, 'putty', encrypted);
    if (encrypted)
        return identify(info, true, header.publicKey);
    let privateKey;
    try {
        // sshpk reads PPK; its typings omit the name.
        privateKey = lib.parsePrivateKey(block, 'putty');
    }
    catch {
        // The public half is in clear even when the private section is damaged.
    }
    if (privateKey && privateMatchesPublic(privateKey)) {
        return identify(info, false, privateKey.toPublic(), privateKey);
    }
    return { ...identify(info, false, header.publicKey), note: 'private section does not parse' };
}
/** The binary body of a canonical ssh.com block (header lines and markers dropped). */
function sshcomBody(block) {
    const lines = block.split('\n');
    const base64 = [];
    for (const line of lines) {
        if (line.startsWith('---- ') || /^[A-Za-z][A-Za-z0-9-]*:/.test(line))
            continue;
        base64.push(line.trim());
    }
    return Buffer.from(base64.join(''), 'base64');
}
function parseSshcom(block) {
    const info = { format: 'sshcom', keyType: 'unknown' };
    let key;
    try {
        key = readSshcomKey(sshcomBody(block));
    }
    catch {
        return unparsed(info, false, 'ssh.com key file does not parse (truncated or corrupted)');
    }
    const typed = { ...info, keyType: key.keyType };
    if (!key.publicKey)
        return unparsed(typed, true, 'encrypted ssh.com key: the public key cannot be recovered without the passphrase');
    if (key.privateKey && privateMatchesPublic(key.privateKey))
        return identify(typed, false, key.privateKey.toPublic(), key.privateKey);
    return { ...identify(typed, false, key.publicKey), note: 'private section does not parse' };
}
function parseSsh1(block) {
    const info = { format: 'ssh1', keyType: 'rsa' };
    let key;
    try {
        // The detector hands binary files over byte for byte as latin1.
        key = readSsh1Key(Buffer.from(block, 'latin1'));
    }
    catch {
        return unparsed(info, false, 'SSH1 key file does not parse (truncated or corrupted)');
    }
    if (key.encrypted)
        return {
            ...identify(info, true, key.publicKey),
            note: 'encrypted SSH1 key: public key read from the clear-text header',
        };
    if (key.privateKey && privateMatchesPublic(key.privateKey))
        return identify(info, false, key.privateKey.toPublic(), key.privateKey);
    const identity = {
        ...identify(info, false, key.publicKey),
        note: 'private section does not parse',
    };
    return key.privateCut ? cutShort(identity) : identity;
}
const SSH1_HEAD = SSH1_MAGIC.toString('latin1');
/** `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`, assembled so that this file holds no marker. */
const SSHCOM_BEGIN = new RegExp(`^---- BEGIN SSH2 ENCRYPTED ${['PRIVATE', 'KEY'].join(' ')} ----$`, 'm');
/**
 * Identifies one private key block in canonical form (a PEM block with real
 * newlines, or the text of a .ppk file). Never throws and never returns key
 * material: blocks that do not parse come back with `parsed: false`.
 */
function parseKeyBlock(block) {
    if (block.startsWith(SSH1_HEAD))
        return parseSsh1(block);
    const text = block.replace(/\r\n/g, '\n');
    if (SSHCOM_BEGIN.test(text))
        return parseSshcom(text);
    if (/^PuTTY-User-Key-File-/m.test(text))
        return parsePutty(text);
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? '';
    return parsePem(text, label);
}

// EXTERNAL MODULE: ./.build/js/src/scan/low-confidence.js
var low_confidence = __webpack_require__(5518);
;// CONCATENATED MODULE: ./.build/js/src/scan/findings.js



const DEFAULT_LIMITS = {
    lowConfidencePerFile: 10,
    lowConfidencePlaces: 10_000,
    placesPerKey: 100_000,
    parseCache: 4096,
    fileWarnings: 20,
};
/** Files whose unlisted encrypted blocks are remembered by path; past it they cannot be ignored. */
const UNLISTED_FILES = 1000;
/**
 * Block texts up to this length (an RSA 4096 PEM is 3.3 KiB) key the parse
 * cache themselves: at most parseCache × 4 KiB held.
 */
const MAX_TEXT_KEY = 4 * 1024;
/** Shapes of blocks certainly no key whose identity is remembered (see `lowIdentity`). */
const LOW_SHAPES = 64;
const sha256 = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
/**
 * The id of a block certainly no key, without parsing it (what `parse`
 * would give it). It makes no finding: met only past the scan's limit.
 */
function lowId(block) {
    return { id: `block:${sha256(block.text).slice(0, 32)}`, identity: null };
}
/**
 * Groups key blocks into findings, one per key, in time linear in the
 * number of blocks and places. Parsing is cached by block text because
 * history scans meet the same key in many blob versions.
 */
class FindingCollector {
    onWarning;
    byId = new Map();
    parsed = new Map();
    /** The identity of blocks certainly no key, by shape (see `certainlyLow`): one parse each. */
    lowIdentities = new Map();
    limits;
    lowPlaces = 0;
    omittedBlocks = {
        perFile: 0,
        placeholders: 0,
        encrypted: 0,
        others: 0,
    };
    filesOverLimit = 0;
    blocksInUnnamedFiles = 0;
    unlisted = [];
    constructor(onWarning = () => undefined, limits = {}) {
        this.onWarning = onWarning;
        this.limits = { ...DEFAULT_LIMITS, ...limits };
    }
    /** All the blocks of one file (or blob) found at `places`: the per-file limit applies. */
    addBlocks(blocks, places) {
        const limit = this.limits.lowConfidencePerFile;
        const perKind = { placeholder: 0, encrypted: 0, other: 0 };
        // Texts listed in this file: an encrypted block past the limit that is no copy of one
        // stands for a key no finding shows (copies of one ignored block may fill the slots).
        const listed = new Set();
        let over = 0;
        let unknownEncrypted = 0;
        const countOver = (block, kind) => {
            over++;
            if (kind === 'encrypted' && !listed.has(block.text))
                unknownEncrypted++;
        };
        for (const block of blocks) {
            // The detector's stand-in for blocks it only counted (each certainly no key).
            if (block.dropped) {
                over += block.dropped;
                unknownEncrypted += block.droppedEncrypted ?? 0;
                continue;
            }
            // Past a limit (of a kind in this file, or of low-confidence places in the
            // scan), a block that is certainly no key is counted without parsing:
            // hostile files hold hundreds of thousands, each distinct, each costing a
            // failed parse. A block that may be a key (whole, or cut short but showing
            // its public half) is parsed however many precede it: never capped.
            const scanFull = this.lowPlaces >= this.limits.lowConfidencePlaces;
            const low = scanFull ||
                perKind.placeholder >= limit ||
                perKind.encrypted >= limit ||
                perKind.other >= limit
                ? (0,low_confidence/* certainLowKind */.dj)(block)
                : null;
            if (low !== null && perKind[low] >= limit) {
                countOver(block, low);
                continue;
            }
            // Past the scan's limit no low-confidence finding is made: its id is all that is needed.
            const parsed = low !== null && scanFull ? lowId(block) : this.parse(block);
            const kind = parsed.identity ? kindOf(block, parsed.identity) : low;
            if (kind !== 'key') {
                if (perKind[kind] >= limit) {
                    countOver(block, kind);
                    continue;
                }
                perKind[kind]++;
                if (kind === 'encrypted')
                    listed.add(block.text);
            }
            this.addParsed(block, parsed, kind, places);
        }
        if (over)
            this.overFileLimit(over, places[0]);
        if (unknownEncrypted)
            this.addUnlisted(unknownEncrypted, places);
    }
    /** Encrypted blocks left unlisted by a file's limit, by the paths that hold them. */
    unlistedEncrypted() {
        return this.unlisted;
    }
    addUnlisted(count, places) {
        if (this.unlisted.length < UNLISTED_FILES) {
            this.unlisted.push({ paths: places.map((place) => place.path), count });
        }
        else {
            const last = this.unlisted[this.unlisted.length - 1];
            if (last.paths === null)
                last.count += count;
            else
                this.unlisted.push({ paths: null, count });
        }
    }
    findings() {
        const findings = [];
        for (const { finding } of this.byId.values())
            if (finding.locations.length > 0)
                findings.push(finding);
        return findings;
    }
    /** What the limits left out. Call once, after the last block: it sums up the files not yet named. */
    finish() {
        const hidden = this.filesOverLimit - this.limits.fileWarnings;
        if (hidden > 0) {
            this.onWarning(`${this.blocksInUnnamedFiles} more low-confidence blocks in ${hidden} more files are not listed` +
                ` (at most ${this.limits.lowConfidencePerFile} of each kind per file)`);
            this.filesOverLimit = this.limits.fileWarnings;
            this.blocksInUnnamedFiles = 0;
        }
        return { ...this.omittedBlocks };
    }
    parse(block) {
        // Short texts (every real key) are looked up as they are: V8 keeps a string's hash, and
        // the detector hands the same string for the same key, so no digest is computed per place.
        const byText = block.text.length <= MAX_TEXT_KEY;
        const digest = byText ? null : sha256(block.text);
        const key = digest ?? block.text;
        let cached = this.parsed.get(key);
        if (!cached) {
            // A block certainly no key is not parsed (a failed parse costs up to half a
            // millisecond, and hostile trees hold one in every file): the parse of one
            // of its shape tells what any gives.
            const low = (0,low_confidence/* certainlyLow */.oN)(block);
            const identity = low ? this.lowIdentity(low.shape, block.text) : parseKeyBlock(block.text);
            const id = identity.fingerprint ?? `block:${(digest ?? sha256(block.text)).slice(0, 32)}`;
            cached = { id, identity };
            if (this.parsed.size >= this.limits.parseCache)
                this.parsed.clear();
            this.parsed.set(key, cached);
        }
        return cached;
    }
    lowIdentity(shape, text) {
        let identity = this.lowIdentities.get(shape);
        if (!identity) {
            identity = parseKeyBlock(text);
            // Never stand for others with a key: only a "does not parse" is shared.
            if (identity.parsed || identity.fingerprint)
                return identity;
            // Labels are the input's: a bounded few are remembered.
            if (this.lowIdentities.size >= LOW_SHAPES)
                this.lowIdentities.clear();
            this.lowIdentities.set(shape, identity);
        }
        return { ...identity, ec2Fingerprints: { ...identity.ec2Fingerprints } };
    }
    addParsed(block, parsed, kind, places) {
        // A key cut short is a fragment whatever its END line says: its private section runs past the block.
        const truncated = block.truncated || parsed.identity?.truncated === true;
        let entry = this.byId.get(parsed.id);
        if (!entry) {
            const identity = parsed.identity;
            // Past the scan's limit a low-confidence block makes no finding (one met there is not parsed).
            if (!identity || (kind !== 'key' && this.lowPlaces >= this.limits.lowConfidencePlaces)) {
                this.overScanLimit(kind, places.length);
                return;
            }
            const finding = {
                id: parsed.id,
                ...identity,
                confidence: identity.parsed ? 'high' : 'low',
                placeholder: block.placeholder,
                truncated,
                locations: [],
            };
            entry = { finding, seen: new Set() };
            this.byId.set(parsed.id, entry);
        }
        const { finding, seen } = entry;
        // A key is a fragment or a placeholder only where every copy of it is: one
        // whole copy anywhere makes it a whole key, whichever copy came first.
        if (!truncated)
            finding.truncated = false;
        if (!block.placeholder)
            finding.placeholder = false;
        const low = kind !== 'key';
        for (const place of places) {
            const path = block.member ? `${place.path}!/${block.member}` : place.path;
            const location = { ...place, path, line: block.line, introducedBy: null };
            const key = `${location.path}\0${location.line}\0${location.commit ?? ''}`;
            if (seen.has(key))
                continue;
            if (low && this.lowPlaces >= this.limits.lowConfidencePlaces) {
                this.overScanLimit(kind, 1);
            }
            else if (finding.locations.length >= this.limits.placesPerKey) {
                finding.omittedPlaces = (finding.omittedPlaces ?? 0) + 1;
            }
            else {
                seen.add(key);
                finding.locations.push(location);
                if (low)
                    this.lowPlaces++;
            }
        }
    }
    overFileLimit(count, place) {
        this.omittedBlocks.perFile += count;
        if (this.filesOverLimit++ < this.limits.fileWarnings) {
            const where = place
                ? `${JSON.stringify(place.path)}${place.commit ? ` (commit ${place.commit.slice(0, 12)})` : ''}`
                : 'one file';
            this.onWarning(`${count} more low-confidence blocks in ${where} are not listed` +
                ` (placeholders, encrypted PEM, truncated or unparsable; at most ${this.limits.lowConfidencePerFile} of each kind per file)`);
        }
        else {
            this.blocksInUnnamedFiles += count;
        }
    }
    overScanLimit(kind, count) {
        const omitted = this.omittedBlocks;
        const first = omitted.placeholders + omitted.encrypted + omitted.others === 0;
        if (kind === 'placeholder')
            omitted.placeholders += count;
        else if (kind === 'encrypted')
            omitted.encrypted += count;
        else
            omitted.others += count;
        if (first)
            this.onWarning(`more than ${this.limits.lowConfidencePlaces} low-confidence places: the rest are counted, not listed`);
    }
}
/** What kind of block this is, for the caps: only fingerprinted blocks group by key. */
function kindOf(block, identity) {
    if (identity.fingerprint)
        return 'key';
    if (block.placeholder)
        return 'placeholder';
    return identity.encrypted && !block.truncated && !identity.truncated ? 'encrypted' : 'other';
}

// EXTERNAL MODULE: ./.build/js/src/scan/git.js
var scan_git = __webpack_require__(9403);
// EXTERNAL MODULE: ./.build/js/src/scan/git-watch.js
var git_watch = __webpack_require__(9285);
// EXTERNAL MODULE: ./.build/js/src/scan/lfs.js
var scan_lfs = __webpack_require__(4584);
// EXTERNAL MODULE: ./.build/js/src/scan/git-stream.js
var git_stream = __webpack_require__(1120);
// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
// EXTERNAL MODULE: ./.build/js/src/scan/detector.js + 21 modules
var detector = __webpack_require__(5241);
// EXTERNAL MODULE: ./.build/js/src/scan/decode/limits.js
var limits = __webpack_require__(8292);
// EXTERNAL MODULE: ./.build/js/src/scan/sources/file-read.js
var file_read = __webpack_require__(7435);
// EXTERNAL MODULE: ./.build/js/src/scan/sources/parallel-read.js
var parallel_read = __webpack_require__(6620);
// EXTERNAL MODULE: ./.build/js/src/scan/path-text.js
var path_text = __webpack_require__(5866);
;// CONCATENATED MODULE: ./.build/js/src/scan/sources/tree.js











/**
 * The path reports name: the prefix and the file's path, quoted whole
 * (`pathText`) when the name is no UTF-8, so that a quoted form never
 * follows a prefix.
 */
function reportedPath(prefix, file) {
    if (!file.path.startsWith('"'))
        return prefix + file.path;
    const bytes = file.raw ?? file.nameBytes ?? Buffer.from(file.name ?? file.path);
    return (0,path_text/* pathText */.L)(Buffer.concat([Buffer.from(prefix), bytes]));
}
const NUL = 0;
const TAB = 9;
const SLASH = Buffer.from('/');
const GITLINK_MODE = Buffer.from('160000 ');
const SYMLINK_MODE = Buffer.from('120000 ');
/** `root` + `raw` as a path to open: a string is cheaper to build and to pass than a Buffer. */
function fullPath(root, rootBytes, raw) {
    return (0,external_node_buffer_.isUtf8)(raw) ? root + raw.toString('utf8') : Buffer.concat([rootBytes, raw]);
}
/**
 * `git ls-files` in `dir`: the index's entries beneath it, paths relative to
 * it, each with its tag (`S`: skip-worktree; lowercase: assume-unchanged).
 */
function gitListing(dir) {
    return (0,scan_git/* runGit */.EO)(dir, ['ls-files', '-z', '-v', '--stage', '--', '.']);
}
/**
 * About how many entries a listing holds, from its length alone (an entry
 * is some 55 bytes before its name): enough to decide early whether a
 * worker is worth starting. Each batch decides again by its true count.
 */
function entriesAbout(out) {
    return Math.floor(out.length / ENTRY_BYTES_ABOUT);
}
const ENTRY_BYTES_ABOUT = 64;
/** The tag `ls-files -v` gives an entry outside a sparse checkout (lowercase when also assume-unchanged). */
const SKIP_WORKTREE = 'S'.charCodeAt(0);
const SKIP_WORKTREE_LOWER = 's'.charCodeAt(0);
const LOWER_A = 'a'.charCodeAt(0);
const LOWER_Z = 'z'.charCodeAt(0);
const QUOTE = '"'.charCodeAt(0);
/** `T ` before each entry of `ls-files -v`. */
const TAG_WIDTH = 2;
const GITLINK_TEXT = '160000 ';
const SYMLINK_TEXT = '120000 ';
/** The tag of an entry git does not compare with the work tree (`ls-files -v`: lowercase is assume-unchanged). */
function unwatchedTag(tag) {
    return tag === SKIP_WORKTREE || (tag >= LOWER_A && tag <= LOWER_Z);
}
/**
 * The entries of an `ls-files -z -v --stage` listing that is valid UTF-8
 * throughout (nearly every one): decoded once, each name a string, with no
 * Buffer per entry. A conflicted path is listed once per stage, in a row:
 * it is read once.
 */
function* utf8Entries(out, root) {
    const text = out.toString('utf8');
    let previous = null;
    for (let at = 0; at < text.length;) {
        const nul = text.indexOf('\0', at);
        const end = nul === -1 ? text.length : nul;
        const start = at;
        at = end + 1;
        // `<tag> <mode> <object> <stage>\t<path>`: the first tab ends the fields, a name may hold more.
        const tab = text.indexOf('\t', start);
        if (tab === -1 || tab > end)
            continue;
        const name = text.slice(tab + 1, end);
        if (name === previous)
            continue;
        previous = name;
        const tag = text.charCodeAt(start);
        yield {
            // A name that starts with a quote is quoted whole, as pathText does with its bytes.
            path: name.charCodeAt(0) === QUOTE ? (0,path_text/* pathText */.L)(Buffer.from(name)) : name,
            full: root + name,
            gitlink: text.startsWith(GITLINK_TEXT, start + TAG_WIDTH),
            name,
            sparse: tag === SKIP_WORKTREE || tag === SKIP_WORKTREE_LOWER,
            unwatched: unwatchedTag(tag),
            link: text.startsWith(SYMLINK_TEXT, start + TAG_WIDTH),
        };
    }
}
/** The entries of a listing with a name that is not UTF-8: each name kept as its bytes. */
function* byteEntries(out, root, rootBytes) {
    let previous = null;
    let at = 0;
    while (at < out.length) {
        const nul = out.indexOf(NUL, at);
        const end = nul === -1 ? out.length : nul;
        const entry = out.subarray(at, end);
        at = end + 1;
        const tab = entry.indexOf(TAB);
        if (tab === -1)
            continue;
        const raw = entry.subarray(tab + 1);
        if (previous?.equals(raw))
            continue;
        previous = raw;
        const tag = entry[0];
        yield {
            path: (0,path_text/* pathText */.L)(raw),
            full: fullPath(root, rootBytes, raw),
            gitlink: entry.subarray(TAG_WIDTH, TAG_WIDTH + GITLINK_MODE.length).equals(GITLINK_MODE),
            raw,
            sparse: tag === SKIP_WORKTREE || tag === SKIP_WORKTREE_LOWER,
            unwatched: unwatchedTag(tag),
            link: entry.subarray(TAG_WIDTH, TAG_WIDTH + SYMLINK_MODE.length).equals(SYMLINK_MODE),
        };
    }
}
/** A listed entry's path bytes relative to the scanned directory. */
function rawOf(file) {
    return file.raw ?? Buffer.from(file.name ?? file.path);
}
/**
 * Files a tree scan lists and reads at a time: what it holds per file (the
 * entry, its paths, its outcome) is bounded by this, not by the tree.
 */
const TREE_BATCH = 32_768;
/**
 * Tracked files (as the index lists them) or every non-directory entry
 * (symlinks are not followed, no `.git` is entered), in batches of up to
 * `size`, in the order git or the directory walk gives them. A submodule
 * directory with no repository in it (no `.git`: not initialised, or its
 * `.git` removed) holds files git neither tracks nor calls untracked: they
 * are walked as a plain directory's, right after its entry.
 */
async function* listFiles(dir, tracked, onDirectoryProblem, size, links, onListed) {
    const root = dir.endsWith(external_node_path_.sep) ? dir : `${dir}${external_node_path_.sep}`;
    const rootBytes = Buffer.from(root);
    let files = [];
    if (tracked) {
        const out = await gitListing(dir);
        onListed(entriesAbout(out));
        const entries = (0,external_node_buffer_.isUtf8)(out) ? utf8Entries(out, root) : byteEntries(out, root, rootBytes);
        for (const file of entries) {
            files.push(file);
            if (files.length >= size) {
                yield files;
                files = [];
            }
            const walk = file.gitlink ? gitlinkWalk(dir, rawOf(file), links, onDirectoryProblem) : null;
            for (const walked of walk ?? []) {
                files.push(walked);
                if (files.length >= size) {
                    yield files;
                    files = [];
                }
            }
        }
        if (files.length)
            yield files;
        return;
    }
    for (const file of walkFiles(Buffer.from(dir), Buffer.alloc(0), onDirectoryProblem)) {
        files.push(file);
        if (files.length >= size) {
            yield files;
            files = [];
        }
    }
    if (files.length)
        yield files;
}
/**
 * The files of the submodule directory `raw` (relative to the scanned
 * directory `dir`; `./` when it is that directory) when it holds no
 * repository, or null. Not walked: a checked-out submodule (another
 * repository, named in a note), one behind a symbolic link or that is a link
 * (never followed), and one that is not a directory.
 */
function gitlinkWalk(dir, raw, links, onDirectoryProblem) {
    if (links.behind(raw) !== null)
        return null;
    // `./` (or `.`): the scanned directory is the submodule's (git runs there in the superproject).
    const own = raw.toString('latin1') === '.' || raw.toString('latin1') === './';
    const relative = own ? Buffer.alloc(0) : raw;
    const full = own ? Buffer.from(dir) : Buffer.concat([Buffer.from(dir), SLASH, raw]);
    try {
        if (!(0,external_node_fs_.lstatSync)(full, { throwIfNoEntry: false })?.isDirectory())
            return null;
    }
    catch {
        // Cannot be looked at: the submodule's entry is read as before, and says so.
        return null;
    }
    if (checkedOut(full))
        return null;
    return (function* () {
        for (const file of walkFiles(full, relative, onDirectoryProblem))
            yield { ...file, inGitlink: relative };
    })();
}
/** Every non-directory entry under `current`, depth first in the order the directory lists them. */
function* walkFiles(current, relative, onDirectoryProblem) {
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)(current, { withFileTypes: true, encoding: 'buffer' });
    }
    catch (error) {
        // The directory asked for must be readable; one below it is skipped like a file.
        if (!relative.length)
            throw error;
        onDirectoryProblem(relative, error.code ?? error.message);
        return;
    }
    for (const entry of entries) {
        const name = entry.name;
        const full = Buffer.concat([current, SLASH, name]);
        const rel = relative.length ? Buffer.concat([relative, SLASH, name]) : name;
        if (entry.isDirectory()) {
            if (name.toString('latin1') !== '.git')
                yield* walkFiles(full, rel, onDirectoryProblem);
        }
        else if (entry.isSymbolicLink()) {
            // Never followed; its text is read as a tracked link's is (a key pasted as a link's target).
            yield { path: (0,path_text/* pathText */.L)(rel), full, gitlink: false, nameBytes: rel, link: true };
        }
        else {
            // Regular files, and FIFOs, sockets and devices so that skipping them is reported.
            yield { path: (0,path_text/* pathText */.L)(rel), full, gitlink: false, entry, nameBytes: rel };
        }
    }
}
/**
 * Which directories on the way to a listed file are symbolic links. Opening
 * `a/b/key` follows `a` and `b` should either be a link (O_NOFOLLOW guards
 * only the last name), so every directory on the way is checked once, with
 * one lstat per directory.
 */
class DirectoryLinks {
    root;
    /**
     * Per directory key (Latin-1 of its path bytes with a final `/`): the first
     * link on its way, null, or why a directory on its way could not be looked at.
     */
    links = new Map([['', null]]);
    constructor(root) {
        this.root = root;
    }
    /**
     * The key of the directory that is a link on the way to `raw`, null when
     * there is none, or why that cannot be told (a directory on the way that
     * cannot be searched, EACCES): then the file is not opened either.
     */
    behind(raw) {
        const slash = raw.lastIndexOf(SLASH[0]);
        return slash === -1 ? null : this.linkOnWay(raw.toString('latin1', 0, slash + 1));
    }
    /**
     * `behind` for a UTF-8 name, looked up by its directory's text: the
     * directory's bytes are made once per directory, not once per file.
     */
    behindName(name) {
        const slash = name.lastIndexOf('/');
        if (slash === -1)
            return null;
        const dir = name.slice(0, slash + 1);
        let known = this.byName.get(dir);
        if (known === undefined) {
            known = this.linkOnWay(Buffer.from(dir).toString('latin1'));
            this.byName.set(dir, known);
        }
        return known;
    }
    /** `behind`'s answers by a directory's UTF-8 text (`behindName`). */
    byName = new Map();
    linkOnWay(key) {
        const known = this.links.get(key);
        if (known !== undefined)
            return known;
        const parent = key.slice(0, key.lastIndexOf('/', key.length - 2) + 1);
        let link = this.linkOnWay(parent);
        if (link === null) {
            // Without the final `/`: lstat of `link/` would follow the link.
            const path = Buffer.concat([this.root, Buffer.from(key.slice(0, -1), 'latin1')]);
            try {
                if ((0,external_node_fs_.lstatSync)(path, { throwIfNoEntry: false })?.isSymbolicLink())
                    link = key;
            }
            catch (error) {
                const code = error.code;
                // Gone (a file now, on Node 20): the files below it are gone too. Else not looked at.
                if (!(0,file_read/* isGone */.ST)(code))
                    link = { code: code ?? error.message };
            }
        }
        this.links.set(key, link);
        return link;
    }
}
/**
 * Scans the files of a directory. Unreadable files and directories are
 * reported through `onWarning`, skipped and counted in `unreadable` (the
 * caller decides what an incomplete scan means); the scan goes on. Files are
 * read on two cores when a scan worker can be started (`readAll`); what is
 * reported, and its order, is the same either way.
 */
async function scanTree(dir, options, onHit, onWarning, onProgress, batchSize = TREE_BATCH) {
    const stats = {
        filesScanned: 0,
        bytesScanned: 0,
        lfsPointers: 0,
        unreadable: { count: 0, named: [] },
    };
    const state = {
        links: new DirectoryLinks(Buffer.from(dir.endsWith(external_node_path_.sep) ? dir : `${dir}${external_node_path_.sep}`)),
        linksWarned: new Set(),
        absent: { sparse: { count: 0, named: [] }, gone: { count: 0, named: [] } },
        unwatched: { count: 0, named: [] },
        submodules: [],
        gitlinkFiles: { count: 0, dirs: new Set() },
        listed: 0,
        helper: null,
    };
    const onDirectoryProblem = (relative, code) => {
        const path = (0,path_text/* pathText */.L)(Buffer.concat([Buffer.from(options.prefix), relative, SLASH]));
        onWarning(`skipped ${path}: ${code}`);
        // Gone since its parent was listed: nothing there to read.
        if (!(0,file_read/* isGone */.ST)(code))
            countUnreadable(stats, path);
    };
    // Started as soon as git says how many files there are: it loads while they are listed.
    const startHelper = (entries) => {
        if (!state.helper && entries >= parallel_read/* MIN_PARALLEL_FILES */.$O)
            state.helper = new parallel_read/* ScanHelper */.MB();
    };
    const listing = listFiles(dir, options.tracked, onDirectoryProblem, batchSize, state.links, startHelper);
    try {
        for await (const files of listing) {
            const before = state.listed;
            state.listed += files.length;
            startHelper(files.length);
            await scanBatch(files, options, state, stats, onHit, onWarning, (done) => onProgress?.(before + done, state.listed));
        }
    }
    finally {
        state.helper?.stop();
    }
    onProgress?.(state.listed, state.listed);
    for (const note of absentNotes(state.absent))
        onWarning(note);
    if (state.unwatched.count)
        onWarning(unwatchedNote(state.unwatched));
    if (state.submodules.length)
        onWarning(submoduleNote(state.submodules));
    if (state.gitlinkFiles.count)
        onWarning(gitlinkNote(state.gitlinkFiles, options.prefix));
    return stats;
}
/**
 * A tree scan's counts as a scan reports them, after the LFS note when
 * pointer files were read: what every caller of `scanTree` ends with.
 */
function treeCounts(tree, onWarning) {
    if (tree.lfsPointers)
        onWarning((0,scan_lfs/* lfsNote */.a)(tree.lfsPointers, false));
    const { count, named } = tree.unreadable;
    return {
        filesScanned: tree.filesScanned,
        bytesScanned: tree.bytesScanned,
        ...(count ? { incomplete: { unreadable: count, paths: named } } : {}),
    };
}
const NAMED_ABSENT = 3;
/** Unreadable paths named in a tree scan's stats (the rest are counted). */
const NAMED_UNREADABLE = 20;
function countUnreadable(stats, path) {
    if (stats.unreadable.count++ < NAMED_UNREADABLE)
        stats.unreadable.named.push(path);
}
/** Reads one batch of listed files and reports what they hold, in order. */
async function scanBatch(files, options, state, stats, onHit, onWarning, onProgress) {
    // First what the listing alone decides (links on the way, entries that are no file), in order.
    const early = [];
    const linkBlocks = new Map();
    const toRead = [];
    const readAt = [];
    /** Files below a directory that could not be looked at: unreadable, never opened. */
    const unseen = new Set();
    for (let index = 0; index < files.length; index++) {
        const file = files[index];
        const path = reportedPath(options.prefix, file);
        // A directory replaced by a link would lead the scan out of the tree.
        const link = file.raw
            ? state.links.behind(file.raw)
            : file.name !== undefined
                ? state.links.behindName(file.name)
                : null;
        if (typeof link === 'object' && link !== null) {
            // Whether a link is on its way cannot be told: not opened, and not scanned.
            early.push([`skipped ${path}: ${link.code}`]);
            unseen.add(index);
            continue;
        }
        if (link !== null) {
            const warnings = [];
            if (!state.linksWarned.has(link)) {
                state.linksWarned.add(link);
                const shown = Buffer.from(link.slice(0, -1), 'latin1').toString('utf8');
                warnings.push(`skipped ${options.prefix}${shown}/: a symbolic link to a directory (not followed)`);
            }
            early.push(warnings);
            continue;
        }
        // A tracked link's content is its text, which is what git commits: read it, never follow it.
        const text = file.link ? linkText(file.full) : null;
        if (text) {
            early.push([]);
            linkBlocks.set(index, (0,detector/* findKeyBlocks */.JF)(text, onWarning));
            // Counted as a file read: its text is its content.
            stats.filesScanned++;
            stats.bytesScanned += text.length;
            if (file.inGitlink !== undefined) {
                state.gitlinkFiles.count++;
                state.gitlinkFiles.dirs.add(file.inGitlink.toString('latin1'));
            }
            continue;
        }
        // The directory walk already knows the type: nothing but files is opened.
        if (file.entry && !file.entry.isFile()) {
            const reason = (0,file_read/* skipReason */.YG)(file, file.entry);
            early.push(reason ? [`skipped ${path}: ${reason}`] : []);
            continue;
        }
        early.push(null);
        readAt[index] = toRead.length;
        toRead.push({ full: file.full, path, gitlink: file.gitlink });
    }
    const { outcomes } = await (0,parallel_read/* readAll */.yw)(toRead, onProgress, state.helper);
    for (let index = 0; index < files.length; index++) {
        const file = files[index];
        const warnings = early[index] ?? outcomes[readAt[index]]?.warnings ?? [];
        for (const warning of warnings)
            onWarning(warning);
        const inLink = linkBlocks.get(index);
        if (inLink?.length)
            onHit(reportedPath(options.prefix, file), inLink);
        const outcome = early[index] ? undefined : outcomes[readAt[index]];
        if (outcome?.unreadable || unseen.has(index))
            countUnreadable(stats, reportedPath(options.prefix, file));
        const read = outcome?.read;
        // Read without a file and without a complaint: not there (ENOENT), or a link (ELOOP).
        const listed = file.raw !== undefined || file.name !== undefined;
        if (outcome && !read && !outcome.warnings.length && listed && !file.gitlink) {
            const absent = file.sparse ? state.absent.sparse : state.absent.gone;
            if (absent.count++ < NAMED_ABSENT)
                absent.named.push(reportedPath(options.prefix, file));
        }
        // Only checked-out ones hold files; an uninitialised one is an empty directory.
        if (file.gitlink && checkedOut(file.full))
            state.submodules.push(reportedPath(options.prefix, file));
        if (!read)
            continue;
        if (file.unwatched && state.unwatched.count++ < NAMED_ABSENT)
            state.unwatched.named.push(reportedPath(options.prefix, file));
        if (file.inGitlink !== undefined) {
            state.gitlinkFiles.count++;
            state.gitlinkFiles.dirs.add(file.inGitlink.toString('latin1'));
        }
        stats.filesScanned++;
        stats.bytesScanned += read.bytes;
        if (read.lfs)
            stats.lfsPointers++;
        if (read.blocks.length)
            onHit(reportedPath(options.prefix, file), read.blocks);
    }
}
/**
 * Tracked files the scan found no file for, said so that a clean scan does
 * not claim them: outside a sparse checkout, or deleted from the work tree.
 */
function absentNotes(absent) {
    const said = ({ count, named }, what) => {
        if (!count)
            return [];
        const names = named.map(limits/* shownName */.HD).join(', ') + (count > named.length ? ', …' : '');
        return [
            `${count} tracked file${count === 1 ? ' is' : 's are'} ${what} (${names}): not scanned; --staged or --history scans what git holds`,
        ];
    };
    return [
        ...said(absent.sparse, 'outside the sparse checkout and not on disk'),
        ...said(absent.gone, 'missing from the work tree or a link now'),
    ];
}
/**
 * Files the scan read that git does not compare with the work tree: what
 * git holds for them (and a commit takes) may be a key the disk no longer
 * shows, so a clean read of the disk does not clear them.
 */
function unwatchedNote({ count, named }) {
    const names = named.map(limits/* shownName */.HD).join(', ') + (count > named.length ? ', …' : '');
    return (`${count} tracked file${count === 1 ? ' is' : 's are'} marked assume-unchanged or skip-worktree ` +
        `(${names}): git does not compare ${count === 1 ? 'it' : 'them'} with the work tree, so what git ` +
        'holds may differ from what was read; --staged scans what git holds');
}
/** The text of the link at `full`, or null when there is no link there (now a file, read as one; or gone). */
function linkText(full) {
    try {
        return (0,external_node_fs_.readlinkSync)(full, { encoding: 'buffer' });
    }
    catch {
        return null;
    }
}
/** True when the submodule directory `full` holds a `.git`, or cannot be looked into: said then. */
function checkedOut(full) {
    try {
        return (0,external_node_fs_.lstatSync)(joinFull(full, '.git'), { throwIfNoEntry: false }) !== undefined;
    }
    catch (error) {
        return !(0,file_read/* isGone */.ST)(error.code);
    }
}
/** `full` (a string, or the raw bytes of a name that is not UTF-8) with `name` below it. */
function joinFull(full, name) {
    return typeof full === 'string'
        ? `${full}${external_node_path_.sep}${name}`
        : Buffer.concat([full, Buffer.from(`${external_node_path_.sep}${name}`)]);
}
/**
 * Files read from submodule directories without a repository: git tracks
 * none of them, so the scan says it read them as files on disk.
 */
function gitlinkNote({ count, dirs }, prefix) {
    // Named from the top of the work tree; the scanned directory itself (``) by the prefix alone.
    const paths = [...dirs].map((key) => {
        const bytes = Buffer.concat([Buffer.from(prefix), Buffer.from(key, 'latin1')]);
        return (0,path_text/* pathText */.L)(bytes.at(-1) === SLASH[0] ? bytes.subarray(0, -1) : bytes) || '.';
    });
    const named = paths.slice(0, 3).map(limits/* shownName */.HD).join(', ') + (paths.length > 3 ? ', …' : '');
    return (`${count} file${count === 1 ? ' was' : 's were'} read from ${paths.length} submodule ` +
        `director${paths.length === 1 ? 'y' : 'ies'} without a repository (${named}): ` +
        'not tracked by git, scanned as files on disk');
}
/** Submodules are other repositories: said, so that a clean scan does not claim them. */
function submoduleNote(paths) {
    const named = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ', …' : '');
    return (`${paths.length} submodule(s) not scanned (${named}): each is a repository of its own; ` +
        'scan each by its path, or with --history in its own clone');
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/gitlink-dir.js
/**
 * A directory scanned from inside a submodule directory that holds no
 * repository (`scan repo/sm/deep`, where `sm` is a gitlink, mode 160000,
 * with no `.git`: not initialised, files copied in). Git runs there in the
 * superproject, which tracks nothing below `sm` and calls its files
 * untracked: a tree scan of the tracked files would read none of them. A
 * whole-tree scan reads such a directory as files on disk (./tree.ts); so
 * does a scan of a directory inside it, with the same paths and the same note.
 */




const gitlink_dir_NUL = 0;
const gitlink_dir_TAB = 9;
const gitlink_dir_GITLINK_MODE = '160000 ';
/** Thrown by the listing's chunk handler once its first entry is in: git is stopped, not read to its end. */
class Enough extends Error {
}
/**
 * The first index entry at or below `path` (from the top of the work tree),
 * as `<mode> <object> <stage>\t<path>`; null when there is none. Git is
 * stopped once it is in: a directory with many files is not listed whole.
 */
async function firstEntry(dir, path) {
    const held = [];
    const args = ['ls-files', '-z', '--stage', '--full-name', '--', `:(top,literal)${path}`];
    try {
        await (0,git_stream/* streamGit */.t1)(dir, args, (chunk) => {
            held.push(chunk);
            if (chunk.includes(gitlink_dir_NUL))
                throw new Enough();
        });
    }
    catch (error) {
        if (!(error instanceof Enough))
            throw error;
    }
    const out = Buffer.concat(held);
    if (!out.length)
        return null;
    const nul = out.indexOf(gitlink_dir_NUL);
    return out.toString('utf8', 0, nul === -1 ? out.length : nul);
}
/**
 * The submodule directory without a repository that the work-tree
 * directory `dir` lies below (not `dir` itself: a tree scan reads that one
 * already), as its path from the top of the work tree (`sm`); null when
 * there is none, or it cannot be told. The directories above `dir` are
 * asked about from the nearest: the first that holds tracked files ends the
 * search, as no submodule entry can have any below it.
 */
async function gitlinkAbove(dir, place) {
    if (place.kind !== 'work-tree' || place.top === null)
        return null;
    const names = place.prefix.split('/').filter(Boolean);
    for (let depth = names.length - 1; depth >= 1; depth--) {
        const above = names.slice(0, depth).join('/');
        const entry = await firstEntry(dir, above).catch(() => null);
        if (entry === null)
            continue;
        const tab = entry.indexOf(String.fromCharCode(gitlink_dir_TAB));
        if (!entry.startsWith(gitlink_dir_GITLINK_MODE) || entry.slice(tab + 1) !== above)
            return null;
        // With a `.git` it is a repository of its own (git would have run in it): not this case.
        try {
            const gitDir = (0,external_node_fs_.lstatSync)((0,external_node_path_.join)(place.top, above, '.git'), { throwIfNoEntry: false });
            return gitDir === undefined ? above : null;
        }
        catch {
            return null;
        }
    }
    return null;
}
/**
 * Scans `dir`, below the submodule directory `gitlink` that holds no
 * repository: every file there, as a whole-tree scan reads that directory's
 * (no link followed, no `.git` entered), named from the top of the work
 * tree (`prefix`, the directory's path from there). Unreadable files and
 * directories are counted as a tree scan counts them.
 */
async function scanInGitlink(dir, prefix, gitlink, onHit, onWarning, onProgress) {
    const tree = await scanTree(dir, { tracked: false, prefix }, onHit, onWarning, onProgress && ((done, total) => onProgress(done, total, 'files')));
    // The whole-tree scan's note, naming the submodule directory from the top.
    const dirs = new Set([Buffer.from(gitlink).toString('latin1')]);
    if (tree.filesScanned)
        onWarning(gitlinkNote({ count: tree.filesScanned, dirs }, ''));
    return treeCounts(tree, onWarning);
}

;// CONCATENATED MODULE: ./.build/js/src/scan/git-log.js



/**
 * The author as git printed it, or empty strings for what git could not read:
 * a commit whose author line is malformed (written by hand, or hostile) has
 * its date printed as the literal `%aI` and its name and email empty.
 */
function readableAuthor(authorDate, author) {
    return {
        authorDate: /^\d{4}-\d\d-\d\dT/.test(authorDate) ? authorDate : '',
        author: author === ' <>' ? '' : author,
    };
}
const LF = 0x0a;
const HEADER = 0x01;
const COLON = 0x3a;
const SPACE = 0x20;
const ZERO = 0x30;
const SEVEN = 0x37;
const DELETED = 0x44; // D
const GITLINK = Buffer.from('160000');
/**
 * The blob a raw line (`:mode mode old new status`, bytes [from, end)) writes,
 * or '' when it writes none: a deletion, a null id, a gitlink (mode 160000
 * names a commit of another repository) or a line that does not parse.
 */
function writtenBlob(bytes, from, end) {
    const modeEnd = bytes.indexOf(SPACE, from);
    const newModeEnd = modeEnd === -1 ? -1 : bytes.indexOf(SPACE, modeEnd + 1);
    const oldEnd = newModeEnd === -1 ? -1 : bytes.indexOf(SPACE, newModeEnd + 1);
    const newEnd = oldEnd === -1 ? -1 : bytes.indexOf(SPACE, oldEnd + 1);
    if (newEnd === -1 || newEnd + 1 >= end || newModeEnd - modeEnd !== 7)
        return '';
    for (let at = modeEnd + 1; at < newModeEnd; at++) {
        const digit = bytes[at];
        if (digit < ZERO || digit > SEVEN)
            return '';
    }
    let gitlink = true;
    for (let at = 0; at < 6 && gitlink; at++)
        gitlink = bytes[modeEnd + 1 + at] === GITLINK[at];
    if (gitlink)
        return '';
    if (bytes[newEnd + 1] === DELETED)
        return '';
    let zeros = oldEnd + 1;
    while (zeros < newEnd && bytes[zeros] === ZERO)
        zeros++;
    return zeros === newEnd ? '' : bytes.toString('latin1', oldEnd + 1, newEnd);
}
/**
 * Streams `git log --raw` and reports every (commit, path, blob) that a commit
 * writes. Merges are diffed against each parent (`-m`) so content that only a
 * merge resolution introduced is still seen.
 */
async function walkBlobChanges(cwd, revisionArgs, onChange, stdin, background = false) {
    await streamRawLog(cwd, revisionArgs, onChange, { stdin, background });
}
async function streamRawLog(cwd, revisionArgs, onChange, options) {
    let commit = '';
    let authorDate = '';
    let author = '';
    /** After a raw line: the blob it writes ('' none), whose path comes next. */
    let written = null;
    /** The start of a token the last chunk cut. */
    let pending = null;
    // Tokens end at NUL (-z). After a raw line always comes its path, whatever bytes it holds
    // (a file may be named "\x01…\x02…": it is a path, never a commit header).
    const take = (bytes, start, end) => {
        if (written !== null) {
            const blob = written;
            written = null;
            if (blob)
                onChange({ commit, authorDate, author, path: (0,path_text/* pathText */.L)(bytes.subarray(start, end)), blob });
            return;
        }
        const from = bytes[start] === LF ? start + 1 : start;
        if (bytes[from] === HEADER) {
            [commit = '', authorDate = '', author = ''] = bytes
                .toString('utf8', from + 1, end)
                .split('\x02');
            ({ authorDate, author } = readableAuthor(authorDate, author));
            options.onCommit?.(commit);
        }
        else if (bytes[from] === COLON) {
            written = writtenBlob(bytes, from, end);
        }
    };
    await (0,git_stream/* streamGit */.t1)(cwd, [
        'log',
        '--raw',
        '--no-abbrev',
        '--no-renames',
        '-m',
        '-z',
        '--topo-order',
        '--format=%x01%H%x02%aI%x02%an <%ae>',
        ...revisionArgs,
    ], (chunk) => {
        const bytes = pending ? Buffer.concat([pending, chunk]) : chunk;
        let at = 0;
        for (let nul = bytes.indexOf(0, at); nul !== -1; nul = bytes.indexOf(0, at)) {
            take(bytes, at, nul);
            at = nul + 1;
        }
        pending = at < bytes.length ? Buffer.from(bytes.subarray(at)) : null;
    }, options.stdin, options.background ?? false);
    // Set in the chunk handler, which TypeScript's narrowing does not see.
    const rest = pending;
    if (rest)
        take(rest, 0, rest.length);
}
/** Commits one git log of `walkCommitChanges` is given: a failure costs at most one more run over them. */
const LOG_CHUNK = 1024;
/** Failed git logs after which `walkCommitChanges` logs no more: the commits left are unlogged. */
const MAX_LOG_FAILURES = 64;
/**
 * The changes of `commits` (newest first, as `git log --topo-order` gives
 * them), going on past a commit whose diff git cannot read (a tree a partial
 * or damaged clone lacks): git log stops there, and the next one starts after
 * it. Each git log is given one chunk of the commits, so a failure re-reads
 * at most a chunk, and after MAX_LOG_FAILURES failures the rest is left: the
 * walk stays linear in the commits however many fail. Returns the commits
 * whose changes were not (or not all) reported.
 */
async function walkCommitChanges(cwd, commits, onChange) {
    const unlogged = new Set();
    let failures = 0;
    let at = 0;
    while (at < commits.length) {
        const chunk = commits.slice(at, at + LOG_CHUNK);
        const position = new Map(chunk.map((commit, index) => [commit, index]));
        /** The last commit of the chunk whose header came: all before it are done. */
        let last = -1;
        try {
            await streamRawLog(cwd, ['--no-walk=unsorted', '--stdin'], onChange, {
                stdin: `${chunk.join('\n')}\n`,
                onCommit: (commit) => {
                    last = position.get(commit) ?? last;
                },
            });
            at += chunk.length;
            continue;
        }
        catch {
            failures++;
        }
        // A commit's header comes once its first diff is read: with no header the first commit
        // failed; after one, the next did (or, for a merge, a later parent of that one).
        if (last === -1)
            unlogged.add(chunk[0]);
        at += last === -1 ? 1 : last + 1;
        if (failures >= MAX_LOG_FAILURES) {
            for (const commit of commits.slice(at))
                unlogged.add(commit);
            break;
        }
    }
    return unlogged;
}
/**
 * The tree, parents and author of each of `commits` (`git log --no-walk`:
 * neither trees nor parents are read, so a missing one fails nothing).
 */
async function readCommitHeaders(cwd, commits) {
    const headers = new Map();
    // With no revision git log would show HEAD.
    if (!commits.length)
        return headers;
    const out = await (0,scan_git/* runGit */.EO)(cwd, ['log', '--no-walk=unsorted', '--stdin', '-z', '--format=%H %T %P%x02%aI%x02%an <%ae>'], { input: `${commits.join('\n')}\n` });
    for (const record of out.toString('utf8').split('\0')) {
        const [ids = '', authorDate = '', ...author] = record.split('\x02');
        const [commit, tree = '', ...parents] = ids.split(' ').filter(Boolean);
        if (commit)
            headers.set(commit, { tree, parents, ...readableAuthor(authorDate, author.join('\x02')) });
    }
    return headers;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/git-missing.js



/**
 * Walks the objects `revisionArgs` reach (`git rev-list --objects
 * --missing=print`) and collects those that are missing, as a partial or
 * damaged clone has. The walk itself neither fails on them nor fetches them.
 */
async function missingObjects(dir, revisionArgs) {
    const ids = new Set();
    let pending = '';
    const take = (line) => {
        if (line.startsWith('?'))
            ids.add(line.slice(1));
    };
    try {
        await (0,git_stream/* streamGit */.t1)(dir, ['rev-list', '--objects', '--no-object-names', '--missing=print', ...revisionArgs], (chunk) => {
            const lines = (pending + chunk.toString('latin1')).split('\n');
            pending = lines.pop() ?? '';
            for (const line of lines)
                take(line);
        });
    }
    catch (error) {
        // A missing commit, or a damaged pack: the walk cannot go on at all.
        throw new scan_git/* GitError */.XS(`the repository is corrupt or incomplete: ${error.message}`);
    }
    take(pending);
    return { ids };
}
/**
 * Walks the commits and objects `revisionArgs` reach, oldest commit first,
 * each object after the first commit that reaches it (`git rev-list
 * --objects --in-commit-order --missing=print`): a missing tree is counted
 * and gone around (what it holds is not reached), where `git log` would
 * stop. `keep`: the objects whose path to remember. Nothing is fetched.
 */
async function walkObjects(dir, revisionArgs, keep) {
    const walk = { commits: [], missing: new Set(), named: new Map() };
    let commit = '';
    // `?ID` missing, `ID` a commit, `ID PATH` a tree or blob (the path cut at a newline by git;
    // the root tree's is empty).
    const take = (line) => {
        if (line[0] === 0x3f) {
            walk.missing.add(line.toString('latin1', 1));
            return;
        }
        const space = line.indexOf(0x20);
        if (space === -1) {
            commit = line.toString('latin1');
            if (commit)
                walk.commits.push(commit);
            return;
        }
        const id = line.toString('latin1', 0, space);
        if (space + 1 < line.length && commit && !walk.named.has(id) && keep(id))
            walk.named.set(id, { commit, path: (0,path_text/* pathText */.L)(line.subarray(space + 1)) });
    };
    const lines = (0,git_stream/* lineSplitter */.s1)(take);
    try {
        await (0,git_stream/* streamGit */.t1)(dir, [
            'rev-list',
            '--objects',
            '--in-commit-order',
            '--topo-order',
            '--reverse',
            '--missing=print',
            ...revisionArgs,
        ], lines.push);
    }
    catch (error) {
        // A missing commit (which older git cannot walk past), or a damaged pack: no walk at all.
        throw new scan_git/* GitError */.XS(`the repository is corrupt or incomplete: ${error.message}`);
    }
    lines.end();
    return walk;
}
/**
 * The warning for objects a scan could not read, and how to get them. A
 * partial clone fetches them again without its filter; any other clone is
 * damaged and has to be fetched again or cloned afresh. `cut`: trees or
 * commits are among them, so the history was followed only around them.
 */
function missingWarning(ids, partial, cut = false) {
    const list = [...ids];
    const count = list.length;
    const what = `${count} object${count === 1 ? ' is' : 's are'} missing from this repository ` +
        `(${count === 1 ? '' : 'first: '}${list[0] ?? '?'})`;
    const scanned = cut
        ? 'only the objects present were scanned, and as trees or commits are missing, ' +
            'a key whose path no readable tree gives is named by its object id'
        : 'only the objects present were scanned';
    return partial
        ? `${what}, a partial clone: ${scanned}; fetch the rest with ` +
            '`git -c remote.origin.partialclonefilter= fetch --refetch origin` (in actions/checkout: no `filter`) and scan again'
        : `${what}, an incomplete or damaged clone: ${scanned}; ` +
            'fetch them again (`git fetch --refetch origin`) or clone afresh, and scan again';
}

;// CONCATENATED MODULE: ./.build/js/src/scan/change-index.js



/**
 * Every (commit, path, blob) a history writes, as `git log --raw` reports it,
 * kept compactly: commits and paths interned, changes as numbers chained per
 * blob. Built while the objects are read, it both locates the blobs that hold
 * keys (no second pass over the history) and tells which reachable blobs the
 * repository lacks.
 */
class ChangeIndex {
    commits = [];
    paths = [];
    pathIds = new Map();
    /** Per change: its commit, its path and the previous change of the same blob (-1: none). */
    changeCommit = [];
    changePath = [];
    previous = [];
    /** Per blob: its latest change. */
    lastByBlob = new Map();
    add(change) {
        const top = this.commits.at(-1);
        if (top?.commit !== change.commit) {
            this.commits.push({
                commit: change.commit,
                authorDate: change.authorDate,
                author: change.author,
            });
        }
        let path = this.pathIds.get(change.path);
        if (path === undefined) {
            path = this.paths.length;
            this.paths.push(change.path);
            this.pathIds.set(change.path, path);
        }
        const index = this.changeCommit.length;
        this.changeCommit.push(this.commits.length - 1);
        this.changePath.push(path);
        this.previous.push(this.lastByBlob.get(change.blob) ?? -1);
        this.lastByBlob.set(change.blob, index);
    }
    /** Blob ids some commit writes. */
    blobs() {
        return this.lastByBlob.keys();
    }
    /** The changes that wrote one of `blobs`, in the log's order (newest first). */
    changesOf(blobs) {
        const found = [];
        for (const blob of blobs) {
            for (let at = this.lastByBlob.get(blob) ?? -1; at !== -1; at = this.previous[at] ?? -1)
                found.push({ index: at, blob });
        }
        return found
            .sort((a, b) => a.index - b.index)
            .map(({ index, blob }) => {
            const commit = this.commits[this.changeCommit[index] ?? 0];
            return {
                commit: commit?.commit ?? '',
                authorDate: commit?.authorDate ?? '',
                author: commit?.author ?? '',
                path: this.paths[this.changePath[index] ?? 0] ?? '',
                blob,
            };
        });
    }
}
/**
 * The index of every change `revisionArgs` (e.g. `--all`) make;
 * `background`: git log runs nicer than the scan, which reads meanwhile.
 */
async function indexChanges(repo, revisionArgs, background = false) {
    const index = new ChangeIndex();
    try {
        await walkBlobChanges(repo, revisionArgs, (change) => index.add(change), undefined, background);
    }
    catch (error) {
        // A missing commit or tree: the history itself cannot be walked.
        throw new scan_git/* GitError */.XS(`the repository is corrupt or incomplete: ${error.message}`);
    }
    return index;
}
/**
 * Indexes a history `git log` cannot walk (a partial clone filtered by tree,
 * or a damaged one that lacks a tree or commit): one walk that goes around
 * what is missing counts it and finds each object's first commit and path
 * (`walkObjects`); git log then diffs, chunk by chunk, the commits whose
 * trees and parents are all there, going on past any it still cannot read
 * (`walkCommitChanges`). A blob that no logged commit writes takes the
 * place where the walk first saw it. `keep`: the objects to place (for a
 * range: all it reaches). Every step is linear in the history.
 */
async function indexIncompleteHistory(repo, revisionArgs, keep) {
    const walk = await walkObjects(repo, revisionArgs, keep);
    const { missing } = walk;
    const newestFirst = [...walk.commits].reverse();
    const rank = new Map(newestFirst.map((commit, index) => [commit, index]));
    let headers;
    try {
        headers = await readCommitHeaders(repo, newestFirst);
    }
    catch (error) {
        throw new scan_git/* GitError */.XS(`the repository is corrupt or incomplete: ${error.message}`);
    }
    const treeMissing = (commit) => {
        const tree = headers.get(commit)?.tree;
        return missing.has(commit) || (tree !== undefined && missing.has(tree));
    };
    // A commit outside the walk (the bottom of a range) is left to git log to try.
    const readable = (commit) => headers.has(commit) &&
        !treeMissing(commit) &&
        (headers.get(commit)?.parents ?? []).every((parent) => !treeMissing(parent));
    const index = new ChangeIndex();
    const loggable = newestFirst.filter(readable);
    const unlogged = await walkCommitChanges(repo, loggable, (change) => index.add(change));
    for (const commit of newestFirst)
        if (!readable(commit))
            unlogged.add(commit);
    return {
        missing,
        reached: () => walk.named.keys(),
        blobs: () => index.blobs(),
        changesOf(blobs) {
            const wanted = [...blobs];
            const changes = index.changesOf(wanted);
            for (const blob of wanted) {
                const seen = walk.named.get(blob);
                const commit = seen && headers.get(seen.commit);
                if (!seen || !commit || !unlogged.has(seen.commit))
                    continue;
                changes.push({
                    commit: seen.commit,
                    authorDate: commit.authorDate,
                    author: commit.author,
                    path: seen.path,
                    blob,
                });
            }
            // Stable: the log's own order within a commit.
            return changes.sort((a, b) => (rank.get(a.commit) ?? rank.size) - (rank.get(b.commit) ?? rank.size));
        },
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./.build/js/src/scan/object-reader.js + 1 modules
var object_reader = __webpack_require__(7471);
// EXTERNAL MODULE: ./.build/js/src/scan/pack/format.js
var pack_format = __webpack_require__(1182);
// EXTERNAL MODULE: ./.build/js/src/scan/pack/read-packs.js + 5 modules
var read_packs = __webpack_require__(735);
;// CONCATENATED MODULE: ./.build/js/src/scan/pack/store-layout.js




const HASH_BYTES = { sha1: 20, sha256: 32 };
/** git follows alternates of alternates this deep, and ignores those nested deeper. */
const MAX_ALTERNATE_DEPTH = 5;
/** The real path of a directory, or null when there is none. */
function realDir(path) {
    try {
        return (0,external_node_fs_.statSync)(path).isDirectory() ? (0,external_node_fs_.realpathSync)(path) : null;
    }
    catch {
        return null;
    }
}
/**
 * The object directories `objectsDir` borrows from, depth first as git
 * links them: each line of `info/alternates` (blank lines and `#` comments
 * aside) names one, relative to the directory that lists it. Directories that
 * do not exist, or that are already in `seen`, are skipped, as git does.
 * Null when a line is C-quoted (git unquotes it; this reader leaves that to git).
 */
function alternatesOf(objectsDir, depth, seen, into) {
    const file = (0,external_node_path_.join)(objectsDir, 'info', 'alternates');
    if (!(0,external_node_fs_.existsSync)(file))
        return into;
    // Each line as git reads it: a carriage return is part of the path.
    for (const entry of (0,external_node_fs_.readFileSync)(file, 'utf8').split('\n')) {
        if (entry.trim() === '' || entry.startsWith('#'))
            continue;
        if (entry.startsWith('"'))
            return null;
        const dir = realDir((0,external_node_path_.isAbsolute)(entry) ? entry : (0,external_node_path_.resolve)(objectsDir, entry));
        if (dir === null || seen.has(dir))
            continue;
        seen.add(dir);
        into.push(dir);
        if (depth + 1 < MAX_ALTERNATE_DEPTH && alternatesOf(dir, depth + 1, seen, into) === null)
            return null;
    }
    return into;
}
/** The packs of one object directory, each with its index. */
function packsIn(objectsDir, hashBytes) {
    const packDir = (0,external_node_path_.join)(objectsDir, 'pack');
    const packs = [];
    if (!(0,external_node_fs_.existsSync)(packDir))
        return packs;
    for (const name of (0,external_node_fs_.readdirSync)(packDir).sort()) {
        if (!name.endsWith('.idx'))
            continue;
        const pack = (0,external_node_path_.join)(packDir, `${name.slice(0, -4)}.pack`);
        // git ignores an index whose pack is gone; so does the scan.
        if (!(0,external_node_fs_.existsSync)(pack))
            continue;
        const idx = (0,external_node_path_.join)(packDir, name);
        // An idx v2 entry is an id, a CRC and a 4-byte offset, after a 1,032-byte head.
        const objects = Math.max(0, Math.floor(((0,external_node_fs_.statSync)(idx).size - 1032) / (hashBytes + 8)));
        packs.push({ pack, idx, size: (0,external_node_fs_.statSync)(pack).size, objects });
    }
    return packs;
}
function looseIds(objectsDir, hexLength) {
    const ids = [];
    for (const dir of (0,external_node_fs_.readdirSync)(objectsDir)) {
        if (!/^[0-9a-f]{2}$/.test(dir))
            continue;
        for (const name of (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(objectsDir, dir)))
            if (name.length === hexLength - 2 && /^[0-9a-f]+$/.test(name))
                ids.push(dir + name);
    }
    return ids;
}
async function storeNames(repo) {
    const [format = '', objects = ''] = (await (0,scan_git/* runGit */.EO)(repo, ['rev-parse', '--show-object-format', '--git-path', 'objects']))
        .toString('utf8')
        .split('\n');
    return { format, objects };
}
/**
 * The repository's packs and loose objects, with those of the stores it
 * borrows from (alternates), or null when its objects must be read through
 * git: object directories set by the environment, a quoted alternates line,
 * or an object format this reader does not know. `asked`: what git already
 * said of the store (`repositoryPlace` asks it with its other questions).
 */
async function storeLayout(repo, asked) {
    if (process.env['GIT_OBJECT_DIRECTORY'] || process.env['GIT_ALTERNATE_OBJECT_DIRECTORIES'])
        return null;
    const { format, objects } = await (asked ?? storeNames(repo));
    // Before any file of the store is opened here: a FIFO among them would block this thread for good.
    (0,git_safety/* assertSafeRepository */.QC)(repo);
    const hashBytes = HASH_BYTES[format.trim()];
    if (!hashBytes || !objects)
        return null;
    const objectsDir = (0,external_node_path_.resolve)(repo, objects);
    const own = realDir(objectsDir) ?? objectsDir;
    const alternates = alternatesOf(own, 0, new Set([own]), []);
    if (alternates === null)
        return null;
    // The store's own objects first, then each alternate's: git looks them up in that order.
    const dirs = [own, ...alternates];
    return {
        objectsDir,
        alternates,
        hashBytes,
        packs: dirs.flatMap((dir) => packsIn(dir, hashBytes)),
        // An object loose in two of them is read once.
        loose: [...new Set(dirs.flatMap((dir) => looseIds(dir, hashBytes * 2)))],
    };
}

;// CONCATENATED MODULE: ./.build/js/src/scan/store-read.js





/** At most this many `git cat-file` processes read the objects at once. */
const MAX_READERS = 2;
/**
 * Scans every blob, commit and tag of the repository once. The packs are
 * read in this process (two threads, no pipe); git reads what that reader
 * does not (loose objects, objects above the whole-object limit), and
 * everything when the store is not one it can read (alternates, a pack it
 * cannot parse): the result is the same either way, only slower. A pack
 * whose deltas loop is the exception: git would never finish, so the scan
 * fails (PackCycleError).
 * `EC2KR_SCAN_READER=git` always lets git read (for comparison). `store`:
 * what git already said of the store, when it was asked with other questions.
 */
async function readStore(repo, onHit, options = {}, store) {
    if (process.env['EC2KR_SCAN_READER'] !== 'git') {
        const layout = await storeLayout(repo, store).catch(() => null);
        const read = layout &&
            (await (0,read_packs/* readPacks */.t)(repo, layout, options, process.env['EC2KR_SCAN_THREADS'] !== '1').catch((error) => {
                // A delta loop would stall git for ever: the one failure not handed over.
                if (error instanceof pack_format/* PackCycleError */.UN)
                    throw error;
                return null;
            }));
        if (read) {
            for (const message of read.warnings)
                options.onWarning?.(message);
            for (const hit of read.hits)
                onHit(hit);
            return read;
        }
    }
    const readers = Math.max(1, Math.min(MAX_READERS, (0,external_node_os_.availableParallelism)()));
    const { stats, blobs } = await (0,object_reader/* scanStore */.bN)(repo, readers, onHit, options);
    return { stats, has: (id) => blobs.has(id) };
}

;// CONCATENATED MODULE: ./.build/js/src/scan/tags.js

/**
 * The commit each of `ids` peels to (`git cat-file --batch-check` with
 * `ID^{commit}`: through tags of tags, as git peels), or none when it peels
 * to no commit or is missing. Never fetches.
 */
async function peelToCommits(repo, ids) {
    const list = [...new Set(ids)];
    const peeled = new Map();
    if (!list.length)
        return peeled;
    // One line out per line in: the commit's id, or `NAME^{commit} missing` (git complains on stderr).
    const out = await (0,scan_git/* runGit */.EO)(repo, ['cat-file', '--batch-check=%(objectname)'], {
        input: list.map((id) => `${id}^{commit}\n`).join(''),
    }).catch(() => Buffer.alloc(0));
    out
        .toString('latin1')
        .split('\n')
        .forEach((line, index) => {
        const id = list[index];
        if (id && /^[0-9a-f]{40,64}$/.test(line))
            peeled.set(id, line);
    });
    return peeled;
}
/** Every ref, with the commit it peels to; empty when git cannot list them. */
async function peeledRefs(repo) {
    // Ref names hold no space (git refuses them), so the fields split on it.
    const out = await (0,scan_git/* runGit */.EO)(repo, [
        'for-each-ref',
        '--format=%(objectname) %(objecttype) %(refname)',
    ]).catch(() => Buffer.alloc(0));
    const refs = out
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
        const [id = '', type = '', ...name] = line.split(' ');
        return { id, type, ref: name.join(' '), commit: null };
    });
    const peeled = await peelToCommits(repo, refs.filter((ref) => ref.type !== 'commit').map((ref) => ref.id));
    for (const ref of refs)
        ref.commit = ref.type === 'commit' ? ref.id : (peeled.get(ref.id) ?? null);
    return refs;
}
/**
 * Tag objects a ref names, with the ref's name: what a report calls the tag
 * (a tag object's own `tag` header is whatever its author wrote, and may
 * name another tag). `refs/tags/` is left off; a tag named by several refs
 * takes its first tag ref.
 */
function tagRefNames(refs) {
    const names = new Map();
    const fromTagRef = new Set();
    for (const { id, type, ref } of refs) {
        if (type !== 'tag' || fromTagRef.has(id))
            continue;
        if (ref.startsWith('refs/tags/')) {
            names.set(id, ref.slice('refs/tags/'.length));
            fromTagRef.add(id);
        }
        else if (!names.has(id))
            names.set(id, ref);
    }
    return names;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/locate.js

/**
 * Turns blobs that hold keys into findings with every (commit, path) that
 * wrote them, and marks the oldest such commit as the one that introduced the
 * key. `changes` are in `git log --topo-order` order: newest first. A blob
 * no change places is named by its id: `unreachable` when the history was
 * walked whole (no ref reaches it), `unknown` when it lacks trees or commits
 * (the blob may sit under one of them); `tagged` places the blobs a tag of a
 * blob or a tree reaches, which no commit writes.
 */
function collectBlobFindings(hits, changes, collector, unplaced = 'unreachable', tagged = new Map()) {
    const placesByBlob = new Map();
    const age = new Map();
    changes.forEach((change, index) => {
        age.set(change.commit, Math.max(index, age.get(change.commit) ?? 0));
        const places = placesByBlob.get(change.blob) ?? [];
        places.push({
            path: change.path,
            commit: change.commit,
            // Empty where git could not read the commit's author line.
            author: change.author || null,
            authorDate: change.authorDate || null,
        });
        placesByBlob.set(change.blob, places);
    });
    for (const [blob, blocks] of hits) {
        const places = placesByBlob.get(blob) ??
            tagged.get(blob) ?? [
            // In the object store but reachable from no ref (rebased away, not yet pruned), or
            // (`unknown`) under a tree the repository lacks: no file to point at either way.
            {
                path: unplaced === 'unknown'
                    ? `(object ${blob}, path unknown)`
                    : `(unreachable object ${blob})`,
                kind: 'unreachable',
                commit: null,
                author: null,
                authorDate: null,
            },
        ];
        collector.addBlocks(blocks, places);
    }
    for (const finding of collector.findings()) {
        let oldest = null;
        for (const location of finding.locations) {
            if (location.commit &&
                (oldest === null || (age.get(location.commit) ?? 0) > (age.get(oldest) ?? 0))) {
                oldest = location.commit;
            }
        }
        for (const location of finding.locations)
            location.introducedBy = oldest;
    }
}
/** The changes of `revisionArgs` that wrote one of `blobs` (or all changes when `blobs` is null). */
async function blobChanges(repo, revisionArgs, blobs, stdin) {
    const changes = [];
    await walkBlobChanges(repo, revisionArgs, (change) => {
        if (!blobs || blobs.has(change.blob))
            changes.push(change);
    }, stdin);
    return changes;
}
/** The object a decoder's warning is about (`object <id>: …`), or undefined. */
function warnedObject(message) {
    return /^object ([0-9a-f]+): /.exec(message)?.[1];
}
/**
 * A decoder's warning about `object <id>` named by the path that holds the
 * object, when `pathOf` knows it: `path (blob <id>): …`, as a tree scan names
 * the file.
 */
function withPath(message, pathOf) {
    const id = warnedObject(message);
    const path = id ? pathOf(id) : undefined;
    return id && path
        ? `${path} (blob ${id.slice(0, 12)}): ${message.slice(id.length + 9)}`
        : message;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/messages.js
/** `Name <email> 1700000000 +0130` as `%aI` prints it: 2023-11-14T23:43:20+01:30. */
function identityDate(value) {
    const match = /^(.*?) (\d+) ([+-])(\d\d)(\d\d)$/.exec(value);
    if (!match)
        return { who: value, date: null };
    const [, who = '', seconds = '0', sign = '+', hours = '00', minutes = '00'] = match;
    const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
    const local = new Date((Number(seconds) + offset * 60) * 1000);
    if (Number.isNaN(local.getTime()))
        return { who, date: null };
    return { who, date: `${local.toISOString().slice(0, 19)}${sign}${hours}:${minutes}` };
}
/**
 * Where the blocks of a commit or tag object sit, or null for a blob. `tags`:
 * the ref that names a tag (else its `tag` header names it) and the commit a
 * tag of a tag peels to.
 */
function messagePlace(hit, tags) {
    if (hit.type === 'blob')
        return null;
    const text = (hit.head ?? Buffer.alloc(0)).toString('utf8');
    const end = text.indexOf('\n\n');
    const headerText = end === -1 ? text : text.slice(0, end);
    const headers = new Map();
    for (const line of headerText.split('\n')) {
        const space = line.indexOf(' ');
        if (space > 0 && !headers.has(line.slice(0, space)))
            headers.set(line.slice(0, space), line.slice(space + 1));
    }
    // Lines before the message: the headers and the blank line after them.
    const headerLines = end === -1 ? 0 : headerText.split('\n').length + 1;
    const blocks = hit.blocks.map((block) => block.line > headerLines ? { ...block, line: block.line - headerLines } : block);
    const inHeaders = hit.blocks.some((block) => block.line <= headerLines);
    if (hit.type === 'commit') {
        const author = identityDate(headers.get('author') ?? '');
        return {
            place: {
                path: inHeaders ? '(commit headers)' : '(commit message)',
                kind: 'commit-message',
                commit: hit.id,
                author: author.who || null,
                authorDate: author.date,
            },
            blocks,
        };
    }
    const tagger = identityDate(headers.get('tagger') ?? '');
    const target = headers.get('type') === 'commit'
        ? (headers.get('object') ?? null)
        : (tags?.commits.get(hit.id) ?? null);
    return {
        place: {
            path: `(message of tag ${tags?.names.get(hit.id) ?? headers.get('tag') ?? hit.id})`,
            kind: 'tag-message',
            commit: target,
            author: tagger.who || null,
            authorDate: tagger.date,
        },
        blocks,
    };
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/tagged-object.js




/** What `rev` peels to through its tags: `blob` or `tree` make a tagged object; null when unknown. */
async function peeledType(repo, rev) {
    const out = await (0,scan_git/* runGit */.EO)(repo, ['cat-file', '-t', `${rev}^{}`]).catch(() => null);
    return out?.toString('latin1').trim() || null;
}
/** Each object `rev` reaches with its path in the tagged tree ('' for the tree or blob itself). */
async function reachedObjects(repo, rev) {
    const out = await (0,scan_git/* runGit */.EO)(repo, ['rev-list', '--objects', '--no-walk', rev]);
    const paths = new Map();
    for (const line of out.toString('utf8').split('\n')) {
        const cut = line.indexOf(' ');
        const id = cut < 0 ? line : line.slice(0, cut);
        if (!/^[0-9a-f]{40,64}$/.test(id))
            continue;
        const list = paths.get(id) ?? [];
        list.push(cut < 0 ? '' : line.slice(cut + 1));
        paths.set(id, list);
    }
    return paths;
}
/** The type of each of `ids` (`git cat-file --batch-check`), in one git. */
async function objectTypes(repo, ids) {
    const out = await (0,scan_git/* runGit */.EO)(repo, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
        input: ids.map((id) => `${id}\n`).join(''),
    });
    const types = new Map();
    for (const line of out.toString('latin1').split('\n')) {
        const [id, type] = line.split(' ');
        if (id && type)
            types.set(id, type);
    }
    return types;
}
/** Where a blob under a tagged blob or tree is: `(TYPE tagged NAME)` and its path in the tree. */
function taggedPlace(top, path) {
    return {
        path: path ? `${top}/${path}` : top,
        kind: 'tagged-object',
        commit: null,
        author: null,
        authorDate: null,
    };
}
/**
 * Scans the blobs a tag of a blob or tree reaches, and the messages of the
 * tags on the way. A blob is reported at `(TYPE tagged REV)/path` (just
 * `(blob tagged REV)` for a tagged blob): no commit holds it.
 */
async function scanTaggedObject(repo, rev, type, refs, collector, onWarning, onProgress) {
    const reached = await reachedObjects(repo, rev);
    const types = await objectTypes(repo, [...reached.keys()]);
    const wanted = [...reached.keys()].filter((id) => ['blob', 'tag'].includes(types.get(id) ?? ''));
    const names = tagRefNames(refs);
    const commits = await peelToCommits(repo, wanted);
    const hits = new Map();
    const stats = await (0,object_reader/* scanObjects */.GA)(repo, wanted, (hit) => {
        const message = messagePlace(hit, { names, commits });
        if (message)
            collector.addBlocks(message.blocks, [message.place]);
        else
            hits.set(hit.id, hit.blocks);
    }, { messages: true, onProgress, onWarning });
    const top = `(${type} tagged ${rev})`;
    for (const [id, blocks] of hits) {
        collector.addBlocks(blocks, (reached.get(id) ?? ['']).map((path) => taggedPlace(top, path)));
    }
    return stats;
}
/**
 * Places for the blobs among `blobs` that refs to a blob or a tree reach
 * (`refs/tags/NAME` → `(blob tagged refs/tags/NAME)`): a history scan
 * would otherwise call them unreachable though a ref holds them.
 */
async function taggedPlaces(repo, refs, blobs) {
    const places = new Map();
    for (const ref of refs) {
        if (ref.commit !== null || !blobs.size)
            continue;
        const type = await peeledType(repo, ref.ref);
        if (type !== 'blob' && type !== 'tree')
            continue;
        const top = `(${type} tagged ${ref.ref})`;
        for (const [id, paths] of await reachedObjects(repo, ref.ref)) {
            if (!blobs.has(id))
                continue;
            const list = places.get(id) ?? [];
            for (const path of paths)
                list.push(taggedPlace(top, path));
            places.set(id, list);
        }
    }
    return places;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/history.js









/**
 * The ref that names each tag object, and the commit each tag of a tag (among
 * `hits`) peels to: the place of a key in a tag message.
 */
async function tagRefs(repo, hits) {
    const refs = await peeledRefs(repo);
    const commits = new Map();
    for (const ref of refs)
        if (ref.type === 'tag' && ref.commit)
            commits.set(ref.id, ref.commit);
    const nested = hits.filter((hit) => hit.type === 'tag' && !commits.has(hit.id));
    for (const [id, commit] of await peelToCommits(repo, nested.map((hit) => hit.id)))
        commits.set(id, commit);
    return { names: tagRefNames(refs), commits };
}
/**
 * Scans every object in the repository once, straight from the object store:
 * blobs, and commits and tags for keys pasted into messages (trees hold only
 * names), read from the packs on two threads (../store-read.ts); meanwhile `git log --raw` indexes where every blob was written, which
 * both locates the blobs that hold keys and tells the reachable blobs the
 * repository lacks (a partial or damaged clone). A history git log cannot
 * walk (trees or commits missing) is indexed around what is missing instead
 * (`indexIncompleteHistory`): every object present is scanned all the same.
 */
async function scanHistory(repo, place, collector, onWarning, onProgress) {
    // git log and the read start at once (each git start costs milliseconds); the
    // place (one rev-parse) meanwhile tells a repository, and its failure is the first error.
    // git log has time to spare (the read takes longer): it runs nicer, so that on two
    // cores it yields to this thread rather than taking turns with it.
    // A failed index is no failed scan: the objects are read all the same, and placed another way.
    const indexing = indexChanges(repo, ['--all'], true).catch((error) => error);
    const checking = place.then((found) => {
        (0,scan_git/* assertRepository */.ZV)(repo, found);
        return found.shallow;
    });
    checking.catch(() => undefined);
    const hits = new Map();
    // Thousands of blob versions hold the same key: keep its text once, not once a version.
    const texts = new Map();
    const intern = (block) => {
        const text = texts.get(block.text);
        if (text !== undefined)
            return { ...block, text };
        texts.set(block.text, block.text);
        return block;
    };
    const decoderWarnings = [];
    // Keys in messages are added once the repository is known (the collector may warn) and the
    // refs name their tags.
    const messages = [];
    const reading = Promise.all([
        readStore(repo, (hit) => {
            if (hit.type === 'blob')
                hits.set(hit.id, hit.blocks.map(intern));
            else
                messages.push(hit);
        }, 
        // Held until the index can name the path that holds the object.
        { messages: true, onProgress, onWarning: (message) => decoderWarnings.push(message) }, place.then(({ store }) => store)),
        indexing,
    ]);
    reading.catch(() => undefined);
    const shallow = await checking;
    const [{ stats, has }, index] = await reading;
    if (shallow) {
        onWarning('this clone is shallow: only the fetched commits are scanned (use fetch-depth: 0 for all history)');
    }
    const tags = messages.some((hit) => hit.type === 'tag')
        ? await tagRefs(repo, messages)
        : undefined;
    for (const hit of messages) {
        const message = messagePlace(hit, tags);
        if (message)
            collector.addBlocks(message.blocks, [message.place]);
    }
    const warned = decoderWarnings.map((message) => ({ message, id: warnedObject(message) }));
    let located;
    let missing;
    let cut = false;
    if (index instanceof Error) {
        // Trees or commits are missing: walk around them, placing the blobs that matter.
        const wanted = new Set([...hits.keys(), ...warned.flatMap(({ id }) => (id ? [id] : []))]);
        const incomplete = await indexIncompleteHistory(repo, ['--all'], (id) => wanted.has(id)).catch(() => {
            throw index;
        });
        located = incomplete;
        missing = [...incomplete.missing];
        cut = true;
    }
    else {
        located = index;
        missing = [...index.blobs()].filter((blob) => !has(blob));
    }
    for (const { message } of warned)
        onWarning(withPath(message, (id) => located.changesOf([id])[0]?.path));
    // Only a clone that lacks objects is asked whether it was cloned so.
    if (missing.length)
        onWarning(missingWarning(missing, await (0,scan_git/* isPartialClone */.th)(repo), cut));
    if (stats.lfsPointers)
        onWarning((0,scan_lfs/* lfsNote */.a)(stats.lfsPointers, true));
    if (hits.size) {
        const changes = located.changesOf(hits.keys());
        // Blobs no commit writes may still be held by a tag of a blob or a tree.
        const written = new Set(changes.map((change) => change.blob));
        const unwritten = new Set([...hits.keys()].filter((id) => !written.has(id)));
        const tagged = unwritten.size
            ? await taggedPlaces(repo, await peeledRefs(repo), unwritten)
            : undefined;
        collectBlobFindings(hits, changes, collector, cut ? 'unknown' : 'unreachable', tagged);
    }
    return stats;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/range.js









class InvalidRangeError extends Error {
    name = 'InvalidRangeError';
}
/** A revision as a range end: no whitespace, no leading dash (an option to git) or dot, no trailing dot. */
const REVISION = /^(?![-.])[^\s]+(?<!\.)$/;
/** `A..B` as a push reports it: `before..after`. Either end may be a ref name with dots (`v1.0`). */
function parseRange(range) {
    const parts = range.trim().split('..');
    const [from, to] = parts;
    if (parts.length !== 2 || !from || !to || !REVISION.test(from) || !REVISION.test(to))
        throw new InvalidRangeError(`invalid range "${range}": expected A..B (for a push: before..after)`);
    return { from, to };
}
/** The commit `rev` names, or null when it names none (unknown, or a tag of a blob or a tree). */
async function commitOf(repo, rev) {
    try {
        const out = await (0,scan_git/* runGit */.EO)(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
        return out.toString('latin1').trim() || null;
    }
    catch {
        return null;
    }
}
async function commitExists(repo, rev) {
    return (await commitOf(repo, rev)) !== null;
}
/** Above this many refs to keep out of the exclusion, the range falls back to all of B's history. */
const MAX_KEPT_REFS = 2000;
/** The default branch: as given, else the one `origin/HEAD` names; null when neither says. */
async function defaultBranchOf(repo, given) {
    if (given)
        return given;
    const out = await (0,scan_git/* runGit */.EO)(repo, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']).catch(() => null);
    return (out
        ?.toString('utf8')
        .trim()
        .replace(/^refs\/remotes\/origin\//, '') || null);
}
/** The refs that reach `tip` (at it or past it). */
async function refsContaining(repo, tip) {
    const out = await (0,scan_git/* runGit */.EO)(repo, ['for-each-ref', '--contains', tip, '--format=%(refname)']);
    return new Set(out.toString('utf8').split('\n').filter(Boolean));
}
/**
 * The revision arguments for what a push added. A new ref (A all zeros) or
 * a force push whose old tip is gone cannot say which refs existed before
 * it: refs pushed with it (a stack of new branches, a first push with its
 * tags) would each hide the others' commits. So, when the default branch is
 * known, B is scanned for what the default branch lacks (its commits were
 * scanned when they were pushed to it), unless B is the default branch
 * itself, which is then new (a repository's first push): rescanning shared
 * commits rather than missing one. With no default branch known, B is
 * scanned for what the refs that do not reach it lack.
 */
async function revisionArgs(repo, from, to, tip, push, refs, onWarning) {
    if (!scan_git/* ZERO_SHA */.gy.test(from) && (await commitExists(repo, from)))
        return [`${from}..${to}`];
    const branch = await defaultBranchOf(repo, push.defaultBranch);
    const defaults = branch
        ? (await refs).filter((ref) => [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`].includes(ref.ref))
        : [];
    const pushedIsDefault = defaults.length > 0 &&
        (push.pushedRef
            ? push.pushedRef === `refs/heads/${branch ?? ''}`
            : // Not told which ref was pushed: a default branch at B may be the one pushed.
                defaults.some((ref) => ref.commit === tip));
    if (defaults.length && !pushedIsDefault) {
        if (!scan_git/* ZERO_SHA */.gy.test(from))
            onWarning(`${from} is not in this clone (force push?): scanning what ${to} adds to the default branch`);
        return [to, '--not', ...defaults.map((ref) => ref.ref)];
    }
    // The default branch created: everything in it is new.
    if (pushedIsDefault && scan_git/* ZERO_SHA */.gy.test(from))
        return [to];
    if (!scan_git/* ZERO_SHA */.gy.test(from))
        onWarning(`${from} is not in this clone (force push?): scanning what ${to} adds to the other refs`);
    // Refs that reach B stay out of the exclusion: pushed with it, they would hide it. They
    // are named with `--exclude` before `--glob`, so the command line stays short however
    // many refs the repository has.
    const kept = [...(await refsContaining(repo, tip))];
    if (kept.length > MAX_KEPT_REFS) {
        onWarning(`${kept.length} refs reach ${to}: scanning all of its history rather than guessing which were pushed with it`);
        return [to];
    }
    return [to, '--not', ...kept.map((ref) => `--exclude=${ref}`), '--glob=refs/*'];
}
/** The commits of the range, newest first. */
async function rangeCommits(repo, args) {
    const out = await (0,scan_git/* runGit */.EO)(repo, ['rev-list', ...args]);
    return out.toString('latin1').split('\n').filter(Boolean);
}
/**
 * The tag objects of the range: those of `B` itself (a pushed tag, and the
 * tags it tags in turn) that `A` does not have, and those of tags on the
 * range's commits, chains of tags of tags included (`git rev-list --objects`
 * lists the tags it passes; trees are left out, and the range's commits
 * taken out after).
 */
async function rangeTags(repo, args, commits, refs) {
    const on = refs.filter((ref) => ref.type === 'tag' && commits.has(ref.commit ?? ''));
    const out = await (0,scan_git/* runGit */.EO)(repo, [
        'rev-list',
        '--objects',
        '--no-walk',
        '--no-object-names',
        '--filter=tree:0',
        '--missing=print',
        ...on.map((ref) => ref.id),
        ...args,
    ]);
    return out
        .toString('latin1')
        .split('\n')
        .filter((id) => /^[0-9a-f]+$/.test(id) && !commits.has(id));
}
/** Why a range has no commits: reversed, both ends the same, or (no A) nothing new. */
async function emptyRangeWarning(repo, from, to) {
    // A force push's old tip may be gone from the clone: then B only adds nothing new.
    if (scan_git/* ZERO_SHA */.gy.test(from) || !(await commitExists(repo, from)))
        return `the range ${from}..${to} has no commits (${to} adds nothing that other refs do not have); nothing was scanned`;
    const reversed = await rangeCommits(repo, [`${to}..${from}`]);
    return reversed.length
        ? `the range ${from}..${to} has no commits: it looks reversed (${to}..${from} has ${reversed.length}); nothing was scanned`
        : `the range ${from}..${to} has no commits (${to} adds nothing to ${from}); nothing was scanned`;
}
/**
 * Scans the blobs that the commits of `A..B` write, and the messages of those
 * commits and of the tags of the range (B itself when it is a tag). A range
 * `git log` cannot diff (trees or commits missing) is walked around what is
 * missing: what the range reaches and the repository holds is scanned.
 */
async function scanRange(repo, place, push, collector, onWarning, onProgress) {
    const { from, to } = parseRange(push.range);
    (0,scan_git/* assertRepository */.ZV)(repo, await place);
    const refs = peeledRefs(repo);
    // B's commit, asked once: the range is walked from it.
    const tip = await commitOf(repo, to);
    if (tip === null) {
        // A tag of a blob or a tree: no commit to walk, its objects are what was pushed.
        const type = await peeledType(repo, to);
        if (type === 'blob' || type === 'tree')
            return scanTaggedObject(repo, to, type, await refs, collector, onWarning, onProgress);
        throw new scan_git/* GitError */.XS(`unknown revision ${to}: is the pushed commit fetched?`);
    }
    const args = await revisionArgs(repo, from, to, tip, push, refs, onWarning);
    const [logged, commits, partial] = await Promise.all([
        blobChanges(repo, args, null).catch((error) => error),
        rangeCommits(repo, args),
        (0,scan_git/* isPartialClone */.th)(repo),
    ]);
    const commitSet = new Set(commits);
    const tags = await rangeTags(repo, args, commitSet, await refs);
    if (!commits.length && !tags.length)
        onWarning(await emptyRangeWarning(repo, from, to));
    let incomplete = null;
    let changes = [];
    let missing = new Set();
    let blobs;
    if (logged instanceof Error) {
        // Trees or commits are missing: scan what the range reaches around them.
        incomplete = await indexIncompleteHistory(repo, args, () => true).catch(() => {
            throw logged;
        });
        missing = incomplete.missing;
        blobs = new Set([...incomplete.blobs(), ...incomplete.reached()]);
    }
    else {
        changes = logged;
        // A partial clone would fetch each missing blob on request: leave those out and say so.
        if (partial)
            missing = (await missingObjects(repo, args)).ids;
        blobs = new Set(changes.map((change) => change.blob));
    }
    for (const id of missing)
        blobs.delete(id);
    // What a report calls each tag, and the commit a tag of a tag is on.
    const tagNames = tagRefNames(await refs);
    const tagCommits = await peelToCommits(repo, tags);
    const hits = new Map();
    const decoderWarnings = [];
    const stats = await (0,object_reader/* scanObjects */.GA)(repo, [...new Set([...blobs, ...commits, ...tags])], (hit) => {
        const message = messagePlace(hit, { names: tagNames, commits: tagCommits });
        if (!message)
            hits.set(hit.id, hit.blocks);
        else
            collector.addBlocks(message.blocks, [message.place]);
    }, 
    // Held until the changes can name the path that holds the object.
    { messages: true, onProgress, onWarning: (message) => decoderWarnings.push(message) });
    if (decoderWarnings.length) {
        const paths = new Map();
        for (const change of changes)
            if (!paths.has(change.blob))
                paths.set(change.blob, change.path);
        const pathOf = (id) => incomplete ? incomplete.changesOf([id])[0]?.path : paths.get(id);
        for (const message of decoderWarnings)
            onWarning(withPath(message, pathOf));
    }
    const unread = new Set([...missing, ...stats.missing]);
    if (unread.size)
        onWarning(missingWarning(unread, partial, incomplete !== null));
    if (stats.lfsPointers)
        onWarning((0,scan_lfs/* lfsNote */.a)(stats.lfsPointers, true));
    collectBlobFindings(hits, incomplete
        ? incomplete.changesOf(hits.keys())
        : changes.filter((change) => hits.has(change.blob)), collector, incomplete ? 'unknown' : 'unreachable');
    return stats;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/staged.js




const staged_GITLINK = '160000';
/**
 * Scans what a commit would take: the blobs in the index (`git ls-files
 * --stage`) under `dir`, whatever the work tree now holds. For pre-commit
 * hooks: a key staged and then overwritten on disk is still found.
 */
async function scanStaged(dir, collector, onWarning) {
    const out = await (0,scan_git/* runGit */.EO)(dir, ['ls-files', '-z', '--stage', '--full-name', '--', '.']);
    const pathsByBlob = new Map();
    for (let at = 0; at < out.length;) {
        const nul = out.indexOf(0, at);
        const entry = out.subarray(at, nul === -1 ? out.length : nul);
        at = nul === -1 ? out.length : nul + 1;
        // `<mode> <object> <stage>\t<path>`: every stage of a conflicted path is content to check.
        const tab = entry.indexOf(0x09);
        if (tab === -1)
            continue;
        const [mode, blob] = entry.toString('latin1', 0, tab).split(' ');
        if (!blob || mode === staged_GITLINK)
            continue;
        const paths = pathsByBlob.get(blob) ?? new Set();
        paths.add((0,path_text/* pathText */.L)(entry.subarray(tab + 1)));
        pathsByBlob.set(blob, paths);
    }
    const hits = new Map();
    const stats = await (0,object_reader/* scanObjects */.GA)(dir, pathsByBlob.keys(), (hit) => hits.set(hit.id, hit.blocks), {
        // A decoder's complaint names the staged path, not the blob id.
        onWarning: (message) => onWarning(message.replace(/^object (\w+)/, (_, id) => [...(pathsByBlob.get(id) ?? [id])].join(', '))),
    });
    if (stats.lfsPointers)
        onWarning((0,scan_lfs/* lfsNote */.a)(stats.lfsPointers, false));
    for (const [blob, blocks] of hits) {
        const places = [...(pathsByBlob.get(blob) ?? [])].map((path) => ({
            path,
            commit: null,
            author: null,
            authorDate: null,
        }));
        collector.addBlocks(blocks, places);
    }
    return stats;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/stdin.js




/**
 * Scans a stream (standard input) as a file of the same size is scanned:
 * held whole and decoded (base64, gzip, zip, UTF-16, …) up to the size a
 * file is read whole, in clear and in chunks beyond it, so that memory stays
 * bounded whatever its length.
 */
async function scanStream(input, onWarning) {
    const held = [];
    let bytes = 0;
    let scanner = null;
    for await (const chunk of input) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        bytes += buffer.length;
        if (scanner) {
            scanner.feed(buffer);
            continue;
        }
        held.push(buffer);
        if (bytes <= file_read/* WHOLE_FILE_LIMIT */.Bj)
            continue;
        scanner = new detector/* KeyBlockScanner */.zH();
        for (const part of held.splice(0))
            scanner.feed(part);
    }
    if (scanner)
        return { blocks: scanner.end(), bytes };
    return { blocks: (0,detector/* findKeyBlocks */.JF)(Buffer.concat(held, bytes), onWarning), bytes };
}
/** `scan -` with standard input closed (`<&-`) or `/dev/null`: nothing to read, so no scan. */
const STDIN_NULL = 'standard input is closed or /dev/null: nothing to scan';
/** The warning, and the reason the scan is incomplete, when standard input held nothing. */
const STDIN_EMPTY = 'standard input was empty (0 bytes): nothing was scanned';
/** The same for a pipe or device named as PATH (`scan <(cmd)`, a FIFO): a failed writer writes nothing. */
function streamEmpty(shown) {
    return `${shown} was empty (0 bytes): nothing was scanned`;
}
/** A PATH that is the null device: it could only read nothing, so there is no scan. */
function nullDevicePath(shown) {
    return `${shown} is the null device: nothing to scan`;
}
/**
 * True when `info` (standard input's) is the null device. Node opens
 * `/dev/null` for a descriptor 0 that is closed when it starts (`<&-`), so
 * this is also how a closed standard input looks. Compared by device number
 * (a container's `/dev/null` may be another node for the same device), or
 * by file; false where there is no `/dev/null` (Windows).
 */
function isNullDevice(info) {
    if (!info.isCharacterDevice())
        return false;
    let nul;
    try {
        nul = (0,external_node_fs_.statSync)('/dev/null');
    }
    catch {
        return false;
    }
    if (!nul.isCharacterDevice())
        return false;
    return info.rdev === nul.rdev || (info.dev === nul.dev && info.ino === nul.ino);
}
/**
 * The process's standard input as a stream that fails when it cannot be
 * read. Node's own `process.stdin` is an empty stream for a descriptor it
 * does not know (a directory, a block device): that would pass for a clean
 * scan. A directory is refused, and so is the null device (standard input
 * closed, or `< /dev/null`): a scan of it could only read nothing. A block
 * device is read as a file is.
 */
function processStdin() {
    let info;
    try {
        info = (0,external_node_fs_.fstatSync)(0);
    }
    catch (error) {
        throw new scan_place/* ScanInputError */.oW(`cannot read standard input: ${(0,scan_place/* errnoReason */.bs)(error)}`);
    }
    if (info.isDirectory())
        throw new scan_place/* ScanInputError */.oW('cannot read standard input: it is a directory (EISDIR)');
    if (isNullDevice(info))
        throw new scan_place/* ScanInputError */.oW(STDIN_NULL);
    if (info.isBlockDevice())
        return (0,external_node_fs_.createReadStream)('', { fd: 0, autoClose: false });
    return process.stdin;
}
/**
 * Scans standard input (`scan -`), or `input` in its place. Any read error
 * is a ScanInputError: input that could not be read is never reported clean.
 */
async function scanStdin(input, onWarning) {
    const stream = input ?? processStdin();
    try {
        return await scanStream(stream, onWarning);
    }
    catch (error) {
        throw new scan_place/* ScanInputError */.oW(`cannot read standard input: ${(0,scan_place/* errnoReason */.bs)(error)}`);
    }
}
/**
 * Scans a pipe or a device named on the command line (`scan <(cmd)`, a
 * FIFO, `/dev/null`) as standard input is scanned: a stream, with bounded
 * memory. Opening a FIFO waits for its writer, as any reader of one does.
 */
async function scanNamedStream(path, onWarning) {
    try {
        return await scanStream((0,external_node_fs_.createReadStream)(path), onWarning);
    }
    catch (error) {
        throw new scan_place/* ScanInputError */.oW(`cannot read ${(0,scan_place/* shownPath */.pS)(path)}: ${(0,scan_place/* errnoReason */.bs)(error)}`);
    }
}

;// CONCATENATED MODULE: ./.build/js/src/scan/sources/worktree-notes.js


/** Entries of a `-z` listing. */
function entries(out) {
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
function changedOf(dir, staged) {
    if (!staged.length)
        return Promise.resolve(Buffer.alloc(0));
    // `git diff` names paths from the top of the work tree, whatever the directory it runs in.
    // A name that is not UTF-8 cannot be passed as it is: then the whole tree is compared.
    const whole = staged.length > MAX_NAMED || staged.some((path) => path.includes('\ufffd'));
    const specs = whole ? ['.'] : staged.map((path) => `:(top,literal)${path}`);
    return (0,scan_git/* runGit */.EO)(dir, [...DIFF, '--', ...specs], BACKGROUND);
}
/** Ignored paths a note names, at most. */
const IGNORED_NAMED = 3;
/**
 * The note for git-ignored paths (an ignored directory is one path): they are
 * where local secrets live (`.env`, a `keys/` folder), and a tree scan that
 * left them unread must not look like a clean look at everything.
 */
function ignoredNote(paths) {
    const named = paths.slice(0, IGNORED_NAMED).map(limits/* shownName */.HD).join(', ');
    const more = paths.length > IGNORED_NAMED ? ', …' : '';
    return (`${paths.length} git-ignored path${paths.length === 1 ? ' was' : 's were'} not scanned ` +
        `(${named}${more}): a tree scan reads the files git tracks; --no-git scans every file`);
}
/**
 * What a tree scan of a work tree does not read, in words: untracked and
 * git-ignored files, and staged content that the work tree has since
 * changed. Runs its git commands while the scan reads files.
 */
async function workTreeNotes(dir) {
    const [untracked = EMPTY, ignored = EMPTY, staged = EMPTY, changed = EMPTY] = await Promise.all([
        (0,scan_git/* runGit */.EO)(dir, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.'], BACKGROUND),
        // `--directory`: an ignored directory is named once, not walked.
        (0,scan_git/* runGit */.EO)(dir, [
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
        ], BACKGROUND),
        (0,scan_git/* runGit */.EO)(dir, [...DIFF, '--cached', '--', '.'], BACKGROUND),
    ])
        .then(async ([others, ignoredPaths, cached]) => [
        others,
        ignoredPaths,
        cached,
        await changedOf(dir, entries(cached)),
    ])
        .catch(() => [EMPTY, EMPTY, EMPTY, EMPTY]);
    const notes = [];
    const others = entries(untracked).length;
    if (others) {
        notes.push(`${others} untracked file${others === 1 ? ' was' : 's were'} not scanned ` +
            '(a tree scan reads the files git tracks; --no-git scans every file)');
    }
    const ignoredPaths = entries(ignored);
    if (ignoredPaths.length)
        notes.push(ignoredNote(ignoredPaths));
    const changedSet = new Set(entries(changed));
    const overwritten = entries(staged).filter((path) => changedSet.has(path)).length;
    if (overwritten) {
        notes.push(`${overwritten} file${overwritten === 1 ? ' has' : 's have'} staged content that the work tree has changed since: ` +
            'the staged version, which a commit would take, was not scanned (--staged scans it)');
    }
    return notes;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/scan.js


















/** Scans a working tree, a file, standard input, the index, a whole history or a push range for private keys. */
async function scan(options) {
    const started = performance.now();
    const warnings = [];
    const onWarning = (message) => {
        warnings.push(message);
        options.onWarning?.(message);
    };
    const collector = new FindingCollector(onWarning);
    const stats = {
        filesScanned: 0,
        blobsScanned: 0,
        bytesScanned: 0,
        suppressed: 0,
        elapsedMs: 0,
    };
    // Begun by the caller, awaited only once the source is read: a failure meanwhile is not unhandled.
    void Promise.resolve(options.ignore).catch(() => undefined);
    options.place?.catch(() => undefined);
    let counts;
    try {
        counts = await readSource(options, collector, onWarning);
    }
    catch (error) {
        // A git stopped for waiting forever: what was found before it stopped is still reported.
        if (!(error instanceof git_watch/* GitBlockedError */.Jq))
            throw error;
        counts = {};
    }
    const { incomplete: unread, ...read } = counts;
    // A git stopped for waiting forever on the repository (a FIFO) fails the scan, even where its
    // answer was optional (a note): what it would have said is unknown, so the scan is not
    // complete. It fails as an unreadable path does: the findings made are reported, and the
    // scan is incomplete (exit 2 unless a key found makes it 1).
    const blocked = (0,git_watch/* blockedGit */.Ln)();
    const incomplete = blocked ? withReason(unread, blocked.message) : unread;
    Object.assign(stats, read);
    const omitted = collector.finish();
    const entries = await options.ignore;
    const { kept, suppressed, diagnostics } = applyIgnore(collector.findings(), entries);
    const unlistedEncrypted = unlistedEncryptedKept(collector.unlistedEncrypted(), entries);
    if (unlistedEncrypted) {
        omitted.unlistedEncrypted = unlistedEncrypted;
        onWarning(`${unlistedEncrypted} encrypted private key block${unlistedEncrypted === 1 ? ' was' : 's were'} left unlisted by the per-file limit: ` +
            'no finding stands for them, so they fail the scan (an ignore rule on the file accepts them)');
    }
    stats.suppressed = suppressed;
    stats.elapsedMs = Math.round(performance.now() - started);
    return {
        findings: kept.sort(byFirstLocation),
        stats,
        warnings,
        ignore: diagnostics,
        omitted,
        ...(incomplete ? { incomplete } : {}),
    };
}
const fileAt = (path, kind) => ({
    path,
    ...(kind ? { kind } : {}),
    commit: null,
    author: null,
    authorDate: null,
});
/** `incomplete` with one more reason the scan fell short. */
function withReason(incomplete, reason) {
    const base = incomplete ?? { unreadable: 0, paths: [] };
    return { ...base, reasons: [...(base.reasons ?? []), reason] };
}
/** Only tree-like sources can read one file or standard input. */
function assertFileSource(source, what) {
    if (source.kind !== 'tree' && source.kind !== 'files')
        throw new scan_place/* ScanInputError */.oW(`--${source.kind} scans a repository: ${what} is not a directory`);
}
/** Reads the source into the collector; the counts for the stats. */
async function readSource(options, collector, onWarning) {
    const { source } = options;
    if (options.path === scan_place/* STDIN_PATH */.pe) {
        assertFileSource(source, 'standard input');
        const { blocks, bytes } = await scanStdin(options.stdin, (message) => onWarning(`(stdin): ${message}`));
        // Empty (an empty pipe or file): nothing was scanned, which must not pass for clean.
        if (!bytes) {
            onWarning(STDIN_EMPTY);
            return { filesScanned: 0, bytesScanned: 0, incomplete: withReason(undefined, STDIN_EMPTY) };
        }
        collector.addBlocks(blocks, [fileAt('(stdin)', 'stdin')]);
        return { filesScanned: 1, bytesScanned: bytes };
    }
    // An empty PATH is a mistake (an unset variable), never the current directory.
    if (options.path === '')
        throw new scan_place/* ScanInputError */.oW(scan_place/* EMPTY_PATH */.I3);
    let path = (0,external_node_path_.resolve)(options.path);
    let info = await (0,promises_.stat)(path).catch((error) => {
        throw new scan_place/* ScanInputError */.oW((0,scan_place/* pathProblem */.z9)(options.path, error));
    });
    // A `.git` file (a linked work tree, a submodule, --separate-git-dir) stands for its repository
    // as a `.git` directory does: its history is scanned, its one line never passes for a tree.
    if (info.isFile() && isGitFile(path, info.size)) {
        if (source.kind !== 'history' && source.kind !== 'range')
            throw new scan_place/* ScanInputError */.oW(`${options.path} is a git file (it names a git directory): scan its history with --history, ` +
                `or the work tree ${(0,external_node_path_.dirname)(options.path)}`);
        path = (0,external_node_path_.dirname)(path);
        info = await (0,promises_.stat)(path);
    }
    if (info.isFile()) {
        assertFileSource(source, options.path);
        const place = await (options.place ?? (0,scan_git/* repositoryPlace */.Go)((0,external_node_path_.dirname)(path)));
        let read;
        // Held until the path to show is known: a decoding limit's warning names it.
        const warnings = [];
        try {
            read = (0,file_read/* scanFile */.WN)(await (0,promises_.realpath)(path), (message) => warnings.push(message));
        }
        catch (error) {
            const code = error.code ?? error.message;
            throw new scan_place/* ScanInputError */.oW(`cannot read ${options.path}: ${code}`);
        }
        const { blocks, bytes, lfs } = read;
        if (lfs)
            onWarning((0,scan_lfs/* lfsNote */.a)(1, false));
        // In a work tree the path from its top, as every other scan reports it.
        const shown = place.kind === 'work-tree' ? place.prefix + (0,external_node_path_.basename)(path) : options.path;
        for (const warning of warnings)
            onWarning(`${shown}: ${warning}`);
        collector.addBlocks(blocks, [fileAt(shown)]);
        return { filesScanned: 1, bytesScanned: bytes };
    }
    if (!info.isDirectory()) {
        // A pipe (`scan <(cmd)`, a FIFO) or a device: read as standard input is, a socket refused.
        if ((0,scan_place/* readableKind */.Rf)(info) === null)
            throw new scan_place/* ScanInputError */.oW((0,scan_place/* socketProblem */.jK)(options.path));
        assertFileSource(source, options.path);
        const place = await (options.place ?? (0,scan_git/* repositoryPlace */.Go)((0,external_node_path_.dirname)(path)));
        const shown = place.kind === 'work-tree' ? place.prefix + (0,external_node_path_.basename)(path) : options.path;
        if (isNullDevice(info))
            throw new scan_place/* ScanInputError */.oW(nullDevicePath((0,scan_place/* shownPath */.pS)(options.path)));
        const { blocks, bytes } = await scanNamedStream(options.path, (message) => onWarning(`${shown}: ${message}`));
        // As on standard input: a pipe whose writer failed holds nothing, which is no clean scan.
        if (!bytes) {
            const empty = streamEmpty((0,scan_place/* shownPath */.pS)(shown));
            onWarning(empty);
            return { filesScanned: 0, bytesScanned: 0, incomplete: withReason(undefined, empty) };
        }
        collector.addBlocks(blocks, [fileAt(shown)]);
        return { filesScanned: 1, bytesScanned: bytes };
    }
    const objectProgress = options.onProgress &&
        ((done, total) => options.onProgress?.(done, total, 'objects'));
    const placing = () => options.place ?? (0,scan_git/* repositoryPlace */.Go)(path);
    if (source.kind === 'history')
        return blobs(await scanHistory(path, placing(), collector, onWarning, objectProgress));
    if (source.kind === 'range')
        return blobs(await scanRange(path, placing(), source, collector, onWarning, objectProgress));
    const place = await placing();
    if (place.kind === 'git-dir') {
        throw new scan_place/* ScanInputError */.oW(`${options.path} is a git directory (a bare repository or inside .git) with no work tree: ` +
            'scan its history with --history');
    }
    if (source.kind === 'staged') {
        if (place.kind !== 'work-tree')
            throw new scan_place/* ScanInputError */.oW(`--staged: ${options.path} is not in a git work tree` +
                // git's own reason: dubious ownership says how to trust the repository.
                (place.reason ? ` (${place.reason})` : ''));
        const counts = blobs(await scanStaged(path, collector, onWarning));
        // A hook of a repository named with --git-dir (a dotfiles repository) hands on its GIT_DIR:
        // the index read is PATH's repository's, not the commit's, and must not pass for clean.
        const hookRepository = (0,git_safety/* inheritedGitDirElsewhere */.mV)(path);
        if (hookRepository === null)
            return counts;
        const reason = `GIT_DIR names ${(0,scan_place/* shownPath */.pS)(hookRepository)}, not the repository at ${options.path}: ` +
            'its index was not scanned (--staged reads the repository that holds PATH)';
        onWarning(reason);
        return { ...counts, incomplete: withReason(counts.incomplete, reason) };
    }
    return readTree(path, place, source.kind === 'tree', collector, onWarning, options.onProgress);
}
const blobs = (read) => ({
    blobsScanned: read.blobsScanned,
    bytesScanned: read.bytesScanned,
});
async function readTree(path, place, trackedOnly, collector, onWarning, onProgress) {
    const tracked = trackedOnly && place.kind === 'work-tree';
    // The listing's git starts first: reading waits on it. What the scan leaves
    // out is asked of git after, while the files are read.
    const reading = scanTree(path, { tracked, prefix: place.prefix }, (file, blocks) => collector.addBlocks(blocks, [fileAt(file)]), onWarning, onProgress && ((done, total) => onProgress(done, total, 'files')));
    const notes = tracked ? workTreeNotes(path) : Promise.resolve([]);
    const tree = await reading;
    // Nothing tracked here: below a submodule directory that holds no repository (`sm/deep`, `sm`
    // a gitlink without `.git`), git tracks none of the files, which are read as a whole-tree scan
    // reads them. Asked only then: a directory with tracked files cannot be inside one.
    const gitlink = tracked && !tree.filesScanned && !tree.unreadable.count
        ? await gitlinkAbove(path, place)
        : null;
    if (gitlink !== null) {
        void notes.catch(() => undefined);
        const onHit = (file, blocks) => collector.addBlocks(blocks, [fileAt(file)]);
        return scanInGitlink(path, place.prefix, gitlink, onHit, onWarning, onProgress);
    }
    for (const note of await notes)
        onWarning(note);
    return treeCounts(tree, onWarning);
}
/**
 * Findings by the path of their first place, in code-point order, then line:
 * the same order on every machine (localeCompare follows the runtime's
 * locale, and its first call loads the collation: some 9 ms of a scan).
 */
function byFirstLocation(a, b) {
    const left = a.locations[0]?.path ?? '';
    const right = b.locations[0]?.path ?? '';
    if (left !== right)
        return left < right ? -1 : 1;
    return (a.locations[0]?.line ?? 0) - (b.locations[0]?.line ?? 0);
}
/** Git's own gitfile: a `.git` file of one `gitdir: PATH` line. */
function isGitFile(path, size) {
    if ((0,external_node_path_.basename)(path) !== '.git' || size > 4096)
        return false;
    try {
        return (0,external_node_fs_.readFileSync)(path, 'latin1').startsWith('gitdir: ');
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./.build/js/src/commands/scan-source.js
/**
 * The scan command's choice of what to read, from its flags, and where the
 * ignore file lives by default: at the top of the repository, whose paths
 * every report uses, whatever directory or file was named.
 */



/** The one source the flags ask for; two at once is an error. */
function scanSource(flags) {
    const chosen = [
        flags.history && '--history',
        flags.range !== undefined && '--range',
        flags.staged && '--staged',
        flags.git === false && '--no-git',
    ].filter(Boolean);
    if (chosen.length > 1)
        throw new scan_place/* ScanInputError */.oW(`${chosen.join(' and ')} cannot be used together`);
    if (flags.history)
        return { kind: 'history' };
    if (flags.range !== undefined)
        return { kind: 'range', range: flags.range };
    if (flags.staged)
        return { kind: 'staged' };
    return flags.git === false ? { kind: 'files' } : { kind: 'tree' };
}
/** `.ec2-key-rotate-ignore` at the top of the work tree the scan stands in, else in its directory. */
function defaultIgnoreFile({ dir, place }) {
    return (0,external_node_path_.join)(place.top ?? dir, DEFAULT_IGNORE_FILE);
}

;// CONCATENATED MODULE: ./.build/js/src/commands/scan.js











/** The CLI contract's error code: a scan that did not read everything it was to read is no clean one. */
const EXIT_INCOMPLETE = 2;
/**
 * Runs `scan` and returns the exit code: 0 clean, 1 findings (as `--fail-on`
 * counts them), 2 when the scan could not read some of what it was to read
 * and found nothing that fails it (never "clean" for files it did not see).
 * Errors throw.
 */
async function runScanCommand(path, options) {
    if (options.output === '')
        throw new scan_place/* ScanInputError */.oW('--output is empty: name a file');
    if (options.ignoreFile === '')
        throw new scan_place/* ScanInputError */.oW('--ignore-file is empty: name a file');
    // Empty would read the working tree's ignore file: the untrusted one --ignore-from avoids.
    if (options.ignoreFrom === '')
        throw new scan_place/* ScanInputError */.oW('--ignore-from is empty: name a commit');
    const source = scanSource(options);
    // One git tells the scan and the ignore file's lookup where the path stands.
    const where = options.where ?? (0,scan_place/* placeOfPath */.Es)(path);
    // Awaited later (after other awaits): its failure until then is not unhandled.
    where.catch(() => undefined);
    // Loaded while the scan reads: only the findings need it. Its error still
    // ends the run at once, before any of the scan's.
    const loading = ignoreOf(where, options);
    const failed = loading.then(() => new Promise(() => undefined));
    failed.catch(() => undefined);
    // `scan | head -1`: a reader that leaves early ends the output, not the process with a stack trace.
    quietOnClosedPipe(process.stdout);
    quietOnClosedPipe(process.stderr);
    const progress = terminalProgress();
    // Warnings go to stderr in every format: never into the report or the --output file.
    // Until the ignore file has loaded they are held (and progress not shown): a bad one
    // ends the run with its error alone, as when it was loaded before the scan.
    let held = [];
    const print = (message) => progress.print(`warning: ${(0,log_escape/* escapeLogLine */._P)(message)}`);
    const warn = (message) => void (held ? held.push(message) : print(message));
    void loading.then(() => {
        for (const message of held ?? [])
            print(message);
        held = null;
    }, () => undefined);
    let result;
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
                if (!held)
                    progress.update(done, total, unit);
            },
            onWarning: warn,
        });
        // A scan left behind by a failed ignore file must not end in an unhandled rejection.
        scanning.catch(() => undefined);
        result = await Promise.race([scanning, failed]);
    }
    catch (error) {
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
    const pieces = (0,format/* reportPieces */.iq)(result, options.format);
    if (options.output)
        await writeReportFile(options.output, pieces);
    else
        await writePieces(process.stdout, pieces);
    // Said last, after the report and every warning: the line that explains an exit 2.
    if (result.incomplete)
        process.stderr.write(`ec2-key-rotate: ${(0,log_escape/* escapeLogLine */._P)((0,report_text/* incompleteSummary */.hl)(result.incomplete))}\n`);
    if ((0,fail_on/* scanFails */.bj)(result, options.failOn))
        return 1;
    return result.incomplete ? EXIT_INCOMPLETE : 0;
}
/** The ignore entries that apply, and what `--ignore-from` refused. */
async function ignoreOf(where, options) {
    const ignoreFile = options.ignoreFile ?? defaultIgnoreFile(await where);
    const trusted = options.ignoreFrom
        ? await ignoreFromRef((await where).dir, options.ignoreFrom, ignoreFile, Boolean(options.ignoreFile))
        : null;
    const entries = trusted?.accepted ?? (await loadIgnoreFile(ignoreFile, Boolean(options.ignoreFile)));
    return { entries, trusted };
}
/** `--ignore-from REF`: the ignore file as committed at REF, catch-all entries refused. */
async function ignoreFromRef(path, ref, file, required) {
    const commit = await resolveCommit(path, ref);
    if (!commit)
        throw new scan_place/* ScanInputError */.oW(`--ignore-from: ${JSON.stringify(ref)} is not a commit in ${path}`);
    const inRepo = await repositoryPath(path, file);
    if (!inRepo)
        throw new IgnoreFileError(`--ignore-from: ${file} is not inside the repository`);
    const entries = await readIgnoreAtCommit(path, commit, inRepo);
    if (!entries && required)
        throw new IgnoreFileError(`cannot read ignore file ${ref}:${inRepo}: not in that commit`);
    return { ...refuseCatchAll(entries ?? []), file: `${ref}:${inRepo}` };
}


/***/ })

};
