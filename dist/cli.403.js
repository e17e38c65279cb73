export const id = 403;
export const ids = [403];
export const modules = {

/***/ 2884:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tk: () => (/* binding */ UnsafeRepositoryError),
/* harmony export */   W1: () => (/* binding */ findRepository),
/* harmony export */   aR: () => (/* binding */ checkedRepository)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/**
 * The repository a scan is pointed at is untrusted, its `.git` included: a
 * downloaded tarball, a CI checkout of a fork. Before any git runs in it,
 * this finds the repository as git would (without running git) and looks at
 * the files git opens there:
 *
 * - a FIFO, a device or a socket where git reads a file would make git wait
 *   forever (a FIFO blocks its open until a writer comes) or read without
 *   end, and a file far larger than git ever needs there would keep it
 *   busy for hours: the scan is refused, naming the file;
 * - the work tree is the directory that holds the `.git` git finds: the
 *   repository's own `core.worktree` (or `core.bare`) must not move a tree
 *   scan to `/` and make it list no file, so every git the scan runs is
 *   told that directory (`GIT_WORK_TREE`).
 */



/** The repository holds a file git must not open: the scan cannot go on safely. */
class UnsafeRepositoryError extends Error {
    name = 'UnsafeRepositoryError';
}
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
/** A ref, HEAD, `commondir`, `gitdir`, an alternates list: a line or a few. */
const SMALL = 1 * MiB;
/** Configuration, exclude and attribute lists, the list of packs. */
const TEXT = 64 * MiB;
/** `packed-refs` and `shallow`: a line per ref or per shallow commit. */
const LISTS = 2 * GiB;
/** The index: the largest repositories known have a few hundred MiB. */
const INDEX = 4 * GiB;
/**
 * The files git may open at the top of a git directory (its own or the
 * common one), with the most each may hold; Infinity: any size.
 */
const GIT_DIR_FILES = {
    HEAD: SMALL,
    ORIG_HEAD: SMALL,
    MERGE_HEAD: SMALL,
    CHERRY_PICK_HEAD: SMALL,
    REVERT_HEAD: SMALL,
    BISECT_HEAD: SMALL,
    AUTO_MERGE: SMALL,
    FETCH_HEAD: TEXT,
    commondir: SMALL,
    gitdir: SMALL,
    config: TEXT,
    'config.worktree': TEXT,
    'packed-refs': LISTS,
    shallow: LISTS,
    index: INDEX,
};
/** Split-index files (`sharedindex.<id>`) beside the index. */
const SHARED_INDEX = /^sharedindex\./;
/** Files of `info/`. */
const INFO_FILES = {
    exclude: TEXT,
    attributes: TEXT,
    'sparse-checkout': TEXT,
    grafts: TEXT,
};
/** Files of `objects/info/` (commit-graphs: any size). */
const OBJECT_INFO_FILES = {
    alternates: SMALL,
    packs: TEXT,
    'commit-graph': Infinity,
    'commit-graph-chain': TEXT,
};
/** git follows alternates of alternates this deep; config includes this deep. */
const MAX_ALTERNATE_DEPTH = 5;
const MAX_INCLUDE_DEPTH = 10;
/** A size in words: `3.0 GiB`. */
function sizeText(bytes) {
    if (bytes >= GiB)
        return `${(bytes / GiB).toFixed(1)} GiB`;
    if (bytes >= MiB)
        return `${(bytes / MiB).toFixed(1)} MiB`;
    return `${bytes} bytes`;
}
/** What a non-regular, non-directory entry is, in words; null for a file or directory. */
function oddKind(info) {
    if (info.isFIFO())
        return 'a FIFO (named pipe) where git reads a file: git would wait forever';
    if (info.isCharacterDevice())
        return 'a character device where git reads a file';
    if (info.isBlockDevice())
        return 'a block device where git reads a file';
    if (info.isSocket())
        return 'a socket where git reads a file';
    return null;
}
/** Status of `path`, following symbolic links; null when there is nothing (or nothing reachable) there. */
function statOf(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(path);
    }
    catch {
        return null;
    }
}
function refuse(file, what) {
    throw new UnsafeRepositoryError(`refusing to scan: ${file} is ${what} (a hostile or damaged repository; git was not started)`);
}
/**
 * Checks one file git may open (following links): nothing there is fine; a
 * FIFO, device or socket, or more than `limit` bytes, is refused. The
 * status, for callers that go on to read it.
 */
function checkFile(path, limit) {
    const info = statOf(path);
    if (!info)
        return null;
    const odd = oddKind(info);
    if (odd)
        refuse(path, odd);
    if (info.isFile() && info.size > limit)
        refuse(path, `${sizeText(info.size)}, more than git ever needs there (${sizeText(limit)})`);
    return info;
}
/** Reads at most `limit` bytes of a file checked by `checkFile`. */
function readHead(path, limit) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
    try {
        const buffer = Buffer.alloc(limit);
        let length = 0;
        while (length < limit) {
            const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readSync)(fd, buffer, length, limit - length, null);
            if (read === 0)
                break;
            length += read;
        }
        return buffer.toString('utf8', 0, length);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
    }
}
/** The text of a small file git reads whole, checked first; null when absent or no file. */
function readChecked(path, limit) {
    const info = checkFile(path, limit);
    if (!info?.isFile())
        return null;
    try {
        return readHead(path, info.size);
    }
    catch {
        return null;
    }
}
function realOrResolved(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(path);
    }
    catch {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(path);
    }
}
/** The text of a symbolic link; empty when it cannot be read. */
function linkText(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readlinkSync)(path);
    }
    catch {
        return '';
    }
}
function searchable(path) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.accessSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * git's test for a git directory (`is_git_directory`): a HEAD that is a
 * `refs/` symbolic link or a file that starts like a ref or an object id,
 * and objects and refs directories (in the common directory, when a
 * `commondir` names one). git opens HEAD and `commondir` to tell: a FIFO
 * there would hang it, so they are checked before.
 */
function isGitDirectory(dir) {
    const head = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'HEAD');
    let info;
    try {
        info = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync)(head);
    }
    catch {
        return false;
    }
    if (info.isSymbolicLink()) {
        // git reads the link, never opens it: a `refs/` link is a HEAD.
        if (!linkText(head).startsWith('refs/'))
            return false;
    }
    else {
        const odd = oddKind(info);
        if (odd)
            refuse(head, odd);
        if (!info.isFile())
            return false;
        let text;
        try {
            text = readHead(head, Math.min(info.size, 255));
        }
        catch {
            return false;
        }
        if (!/^ref:\s*refs\//.test(text) && !/^[0-9a-f]{40}/i.test(text))
            return false;
    }
    const common = readChecked((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'commondir'), SMALL);
    const commonDir = common === null ? dir : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(dir, common.replace(/\s+$/, ''));
    return searchable((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(commonDir, 'objects')) && searchable((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(commonDir, 'refs'));
}
/** The common directory of a git directory (`commondir`, when present, names it). */
function commonDirOf(gitDir) {
    const common = readChecked((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(gitDir, 'commondir'), SMALL);
    return realOrResolved(common === null ? gitDir : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(gitDir, common.replace(/\s+$/, '')));
}
/**
 * The repository git finds from `start` (`setup_git_directory`): in each
 * directory up to the root, a `.git` file naming the git directory or a
 * `.git` directory that is one makes that directory the work tree's top;
 * else the directory itself may be a git directory (a bare repository, or
 * inside a `.git`). Null when there is none (git then finds none either, or
 * stops sooner at a ceiling or a mount point).
 */
function discover(start) {
    for (let dir = realOrResolved(start);; dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(dir)) {
        const dotGit = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, '.git');
        const info = statOf(dotGit);
        if (info?.isFile()) {
            // git reads a `.git` file whole, and dies on anything but `gitdir: PATH`.
            const text = readChecked(dotGit, SMALL);
            const named = /^gitdir: (.+?)\s*$/s.exec(text ?? '')?.[1];
            if (!named)
                return null;
            const gitDir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(dir, named);
            if (!statOf(gitDir)?.isDirectory() || !isGitDirectory(gitDir))
                return null;
            const real = realOrResolved(gitDir);
            return { gitDir: real, commonDir: commonDirOf(real), top: dir };
        }
        if (info?.isDirectory() && isGitDirectory(dotGit)) {
            const real = realOrResolved(dotGit);
            return { gitDir: real, commonDir: commonDirOf(real), top: dir };
        }
        if (isGitDirectory(dir))
            return { gitDir: dir, commonDir: commonDirOf(dir), top: null };
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(dir) === dir)
            return null;
    }
}
/** The entries of a directory; none when it cannot be listed. */
function entriesOf(dir) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(dir, { withFileTypes: true });
    }
    catch {
        return [];
    }
}
/**
 * Checks every entry under `dir` (refs, reflogs, loose objects, packs): git
 * opens whichever it needs, so none may be a FIFO, device or socket.
 * Symbolic links are followed to check what they name, but not descended.
 * `limit`: the most a file may hold (loose refs), Infinity for any size.
 */
function checkTree(dir, limit, depth = 0) {
    for (const entry of entriesOf(dir)) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, entry.name);
        if (entry.isDirectory()) {
            if (depth < 64)
                checkTree(path, limit, depth + 1);
            continue;
        }
        if (entry.isFile() && limit === Infinity)
            continue;
        const odd = oddKind(entry);
        if (odd)
            refuse(path, odd);
        // A link, a file with a limit, or an entry whose type the listing did not say.
        const info = checkFile(path, limit);
        if (info?.isDirectory() && !entry.isSymbolicLink() && depth < 64)
            checkTree(path, limit, depth + 1);
    }
}
/** Checks the named files of a directory, each against its limit. */
function checkNamed(dir, files) {
    for (const [name, limit] of Object.entries(files))
        checkFile((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name), limit);
}
/**
 * The object directories an `info/alternates` names (unquoted lines,
 * relative to the objects directory that lists them), as git reads them.
 */
function alternatesOf(objectsDir) {
    const text = readChecked((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(objectsDir, 'info', 'alternates'), SMALL);
    if (text === null)
        return [];
    return text
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('#'))
        .map((line) => (line.startsWith('"') ? line.slice(1, line.lastIndexOf('"')) : line))
        .map((line) => ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(line) ? line : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(objectsDir, line)));
}
/** Checks an objects directory: loose objects, packs, commit-graphs, and the stores it borrows from. */
function checkObjects(objectsDir, seen, depth = 0) {
    const real = realOrResolved(objectsDir);
    if (seen.has(real) || !statOf(real)?.isDirectory())
        return;
    seen.add(real);
    checkNamed((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(real, 'info'), OBJECT_INFO_FILES);
    checkTree((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(real, 'info', 'commit-graphs'), Infinity);
    checkTree((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(real, 'pack'), Infinity);
    for (const entry of entriesOf(real)) {
        if (/^[0-9a-f]{2}$/.test(entry.name))
            checkTree((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(real, entry.name), Infinity);
    }
    if (depth >= MAX_ALTERNATE_DEPTH)
        return;
    for (const alternate of alternatesOf(real))
        checkObjects(alternate, seen, depth + 1);
}
/** One configuration value: quotes removed, escapes read, a comment after it cut. */
function configValue(raw) {
    let value = '';
    let quoted = false;
    for (let at = 0; at < raw.length; at++) {
        const char = raw[at] ?? '';
        if (char === '\\' && at + 1 < raw.length) {
            const next = raw[++at] ?? '';
            value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        }
        else if (char === '"')
            quoted = !quoted;
        else if (!quoted && (char === '#' || char === ';'))
            break;
        else
            value += char;
    }
    return value.trim();
}
/**
 * The paths a configuration file makes git open: files it includes
 * (`include.path`, `includeIf.*.path`) and the exclude and attribute files
 * it names (`core.excludesFile`, `core.attributesFile`). Read simply: a
 * name this misses is left to the watch on git (git-watch.ts).
 */
function configPaths(text) {
    const found = { includes: [], files: [] };
    let section = '';
    for (const whole of text.split('\n')) {
        let line = whole.trim();
        const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"(?:[^"\\]|\\.)*")?\s*\]/.exec(line);
        if (header) {
            section = (header[1] ?? '').toLowerCase().split('.')[0] ?? '';
            line = line.slice(header[0].length).trim();
        }
        const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*=(.*)$/.exec(line);
        if (!entry)
            continue;
        const key = (entry[1] ?? '').toLowerCase();
        const value = configValue(entry[2] ?? '');
        if (!value)
            continue;
        if ((section === 'include' || section === 'includeif') && key === 'path')
            found.includes.push(value);
        else if (section === 'core' && (key === 'excludesfile' || key === 'attributesfile'))
            found.files.push(value);
    }
    return found;
}
/** A path from a configuration file: `~/` is the home directory; relative ones are taken from `base`. */
function configPath(value, base) {
    if (value.startsWith('~/'))
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)(), value.slice(2));
    if (value.startsWith('~'))
        return null;
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(base, value);
}
/** Checks a configuration file, the files it includes (as deep as git follows them) and those it names. */
function checkConfig(file, workDir, seen, depth = 0) {
    const real = realOrResolved(file);
    if (seen.has(real))
        return;
    seen.add(real);
    const text = readChecked(file, TEXT);
    if (text === null)
        return;
    const { includes, files } = configPaths(text);
    for (const value of files) {
        const path = configPath(value, workDir);
        if (path)
            checkFile(path, TEXT);
    }
    if (depth >= MAX_INCLUDE_DEPTH)
        return;
    for (const value of includes) {
        const path = configPath(value, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(file));
        if (path)
            checkConfig(path, workDir, seen, depth + 1);
    }
}
/** The files at the top of one git directory (the repository's, a linked work tree's, or the common one). */
function checkGitDirFiles(dir) {
    checkNamed(dir, GIT_DIR_FILES);
    for (const entry of entriesOf(dir)) {
        if (SHARED_INDEX.test(entry.name))
            checkFile((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, entry.name), INDEX);
    }
}
/** The git directories of a repository: its own, the common one, and its linked work trees'. */
function gitDirsOf({ gitDir, commonDir }) {
    const worktrees = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(commonDir, 'worktrees');
    return [
        ...new Set([
            gitDir,
            commonDir,
            ...entriesOf(worktrees)
                .filter((entry) => entry.isDirectory())
                .map((entry) => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(worktrees, entry.name)),
        ]),
    ];
}
/**
 * What git opens to set itself up and answer `rev-parse`: the files at the
 * top of the git directories, `info/`, and the configuration with what it
 * includes or names.
 */
function checkSetupFiles(found) {
    for (const dir of gitDirsOf(found))
        checkGitDirFiles(dir);
    checkNamed((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(found.commonDir, 'info'), INFO_FILES);
    const configs = new Set();
    const workDir = found.top ?? found.gitDir;
    checkConfig((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(found.commonDir, 'config'), workDir, configs);
    checkConfig((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(found.gitDir, 'config.worktree'), workDir, configs);
}
/** What git opens to read refs and objects: loose refs and reflogs, reftables, every object store. */
function checkStoreFiles(found, kept) {
    for (const dir of gitDirsOf(found)) {
        checkTree((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'refs'), SMALL);
        checkTree((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'logs'), Infinity);
    }
    checkTree((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(found.commonDir, 'reftable'), Infinity);
    checkObjects((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(found.commonDir, 'objects'), new Set());
    if (kept.GIT_INDEX_FILE)
        checkFile((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(kept.GIT_INDEX_FILE), INDEX);
    const objectDirs = [
        kept.GIT_OBJECT_DIRECTORY,
        ...(kept.GIT_ALTERNATE_OBJECT_DIRECTORIES?.split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter) ?? []),
    ];
    for (const dir of objectDirs)
        if (dir)
            checkObjects((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(dir), new Set());
}
/** Repositories found in this process, by the directory asked about. */
const found = new Map();
/** Checks done in this process: `setup` or `store`, the directory and the kept paths. */
const checked = new Set();
/**
 * The repository git will find from `cwd` (its HEAD and `commondir` checked,
 * which git opens to find it); null when there is none, and git will say so.
 * Found repositories are remembered for the process; none found is asked again.
 */
function findRepository(cwd) {
    const key = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd);
    const known = found.get(key) ?? discover(cwd);
    if (known)
        found.set(key, known);
    return known;
}
/**
 * The repository git will find from `cwd`, once the files git may open
 * there have been checked: for `setup` (a `rev-parse` that only asks where
 * the repository is) those it opens to set itself up; for `all` also every
 * ref, reflog and object file, and the paths `kept` (a hook's variables)
 * name. Throws UnsafeRepositoryError when one is a FIFO, a device, a socket
 * or far too large. Null when there is no repository.
 */
function checkedRepository(cwd, kept = {}, scope = 'all') {
    const repository = findRepository(cwd);
    if (!repository)
        return null;
    const key = [(0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd), ...Object.values(kept)].join('\0');
    if (!checked.has(`setup\0${key}`)) {
        checkSetupFiles(repository);
        checked.add(`setup\0${key}`);
    }
    if (scope === 'all' && !checked.has(`all\0${key}`)) {
        checkStoreFiles(repository, kept);
        checked.add(`all\0${key}`);
    }
    return repository;
}


/***/ }),

/***/ 6774:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DY: () => (/* binding */ workTreeTop),
/* harmony export */   QC: () => (/* binding */ assertSafeRepository),
/* harmony export */   TS: () => (/* binding */ scanGitEnv),
/* harmony export */   WM: () => (/* binding */ pinnedGitArgs),
/* harmony export */   mV: () => (/* binding */ inheritedGitDirElsewhere)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _git_dir_check_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2884);



/**
 * Configuration the scanned repository (or the user's own git config) may
 * set that would run a program of its choosing or change what git prints
 * for the scanner to parse. A leak scanner is pointed at repositories
 * nobody trusts (a tarball, a contractor's dump), so each git it runs gets
 * these on its command line, where they win over every config file.
 */
const PINNED_CONFIG = [
    // Programs a repository's config can name.
    'core.fsmonitor=false',
    'core.hooksPath=/dev/null',
    'log.showSignature=false',
    'core.pager=cat',
    // Output the parsers rely on.
    'log.showRoot=true',
    'diff.relative=false',
    'diff.noprefix=false',
    'log.follow=false',
    'log.decorate=false',
    'log.abbrevCommit=false',
    'log.mailmap=false',
    'color.ui=never',
    'core.quotePath=false',
    'i18n.logOutputEncoding=UTF-8',
    // Never write: the scan only reads.
    'gc.auto=0',
    'maintenance.auto=false',
];
/** No transport at all: a missing object is never fetched (a remote's URL may name a command, `ext::`). */
const OFFLINE_CONFIG = ['protocol.allow=never'];
/** `args` with the pinned configuration in front; `online` keeps transports for an explicit fetch. */
function pinnedGitArgs(args, online = false) {
    const pins = online ? PINNED_CONFIG : [...PINNED_CONFIG, ...OFFLINE_CONFIG];
    return [...pins.flatMap((setting) => ['-c', setting]), ...args];
}
/**
 * Variables that tell git which repository to use instead of the one at
 * the directory it runs in. Inherited from a hook or a script, they would
 * make a scan of PATH read another repository and report it clean.
 */
const ELSEWHERE = [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_COMMON_DIR',
    'GIT_NAMESPACE',
    'GIT_PREFIX',
    'GIT_IMPLICIT_WORK_TREE',
    'GIT_INTERNAL_SUPER_PREFIX',
    'GIT_CONFIG',
    'GIT_REPLACE_REF_BASE',
    'GIT_SHALLOW_FILE',
    'GIT_EXTERNAL_DIFF',
    'GIT_DIFF_OPTS',
    'GIT_ATTR_SOURCE',
    'GIT_LITERAL_PATHSPECS',
    'GIT_GLOB_PATHSPECS',
    'GIT_NOGLOB_PATHSPECS',
    'GIT_ICASE_PATHSPECS',
];
/**
 * Variables a hook legitimately hands on about its own repository: the
 * temporary index of `git commit -a` (pre-commit) and the quarantined
 * objects of a push (pre-receive). Kept only when every path they name
 * lies inside the repository being scanned.
 */
const INSIDE_REPOSITORY = [
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_QUARANTINE_PATH',
];
const FIXED_ENV = {
    // Objects are read from where they are: `refs/replace` must not swap in a clean look-alike.
    GIT_NO_REPLACE_OBJECTS: '1',
    // A partial clone would fetch each missing object (git 2.45+); never, and never prompt.
    GIT_NO_LAZY_FETCH: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    // A repository's `info/grafts` rewrites parents for git log but not for the pack reader:
    // history is walked as the commits say.
    GIT_GRAFT_FILE: '/dev/null',
    GIT_PAGER: 'cat',
};
function realOrResolved(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path);
    }
    catch {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(path);
    }
}
function isWithin(path, dir) {
    const fromDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(dir, path);
    return fromDir === '' || (!fromDir.startsWith('..') && !(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(fromDir));
}
/** The repository's own git directory and common directory, found from `cwd` as git finds them. */
function repositoryDirs(cwd) {
    const found = (0,_git_dir_check_js__WEBPACK_IMPORTED_MODULE_2__/* .findRepository */ .W1)(cwd);
    return found ? [found.gitDir, found.commonDir] : [];
}
/** Per directory and inherited values: which of INSIDE_REPOSITORY name the repository there. */
const keptByDir = new Map();
/** The inherited INSIDE_REPOSITORY variables that name the repository at `cwd`. */
function keptInside(cwd) {
    const inherited = INSIDE_REPOSITORY.filter((name) => process.env[name]);
    if (!inherited.length)
        return {};
    const key = [cwd, ...inherited.map((name) => process.env[name])].join('\0');
    const known = keptByDir.get(key);
    if (known)
        return known;
    const dirs = repositoryDirs(cwd);
    const kept = {};
    for (const name of inherited) {
        const value = process.env[name] ?? '';
        const paths = name === 'GIT_ALTERNATE_OBJECT_DIRECTORIES' ? value.split(node_path__WEBPACK_IMPORTED_MODULE_1__.delimiter) : [value];
        const ours = paths.every((path) => dirs.some((dir) => isWithin(realOrResolved((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(path)), dir)));
        if (ours)
            kept[name] = value;
    }
    keptByDir.set(key, kept);
    return kept;
}
const DROPPED = new Set([...ELSEWHERE, ...INSIDE_REPOSITORY]);
/**
 * The environment of every git the scanner runs in `cwd`: the inherited
 * one without what would point git at another repository (kept where a
 * hook names its own), with replacements, lazy fetches and prompts off,
 * and the work tree pinned to the directory that holds the repository's
 * `.git`: its own `core.worktree` or `core.bare` cannot move a tree scan
 * elsewhere (to `/`, where the scanned directory's files are none of the
 * index's). Throws UnsafeRepositoryError, before any git starts, when a
 * file git would open there is a FIFO, a device, a socket or far too large
 * (`setup`: for a `rev-parse` that only asks where the repository is, the
 * files git opens to set itself up; the refs and objects are checked before
 * any other git).
 */
function scanGitEnv(cwd, scope = 'all') {
    const kept = keptInside(cwd);
    const found = (0,_git_dir_check_js__WEBPACK_IMPORTED_MODULE_2__/* .checkedRepository */ .aR)(cwd, kept, scope);
    return {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !DROPPED.has(name))),
        ...FIXED_ENV,
        ...kept,
        ...(found?.top ? { GIT_WORK_TREE: found.top } : {}),
    };
}
/**
 * Checks every file git may open in the repository at `cwd` (refs and
 * objects included), as `scanGitEnv` does before any git but the first
 * `rev-parse`: for the scanner's own readers of the object store, which must
 * no more wait on a FIFO than git. Throws UnsafeRepositoryError.
 */
function assertSafeRepository(cwd) {
    (0,_git_dir_check_js__WEBPACK_IMPORTED_MODULE_2__/* .checkedRepository */ .aR)(cwd, keptInside(cwd), 'all');
}
/**
 * The top of the work tree a scan of `cwd` reads: the directory that holds
 * the `.git` git finds (not what the repository's config says); null in a
 * bare repository, inside a git directory, or with no repository.
 */
function workTreeTop(cwd) {
    return (0,_git_dir_check_js__WEBPACK_IMPORTED_MODULE_2__/* .findRepository */ .W1)(cwd)?.top ?? null;
}
/**
 * For `--staged` in a hook: the repository an inherited GIT_DIR names when
 * it is not the one found at `cwd` (git hands a hook GIT_DIR when the
 * repository was named with `--git-dir`, as a dotfiles repository is), else
 * null. The scan reads the repository at PATH; its index is then not the
 * commit's, so the caller must refuse rather than report another index clean.
 */
function inheritedGitDirElsewhere(cwd) {
    const value = process.env['GIT_DIR'];
    if (!value)
        return null;
    const named = realOrResolved((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(value));
    return repositoryDirs(cwd).includes(named) ? null : named;
}


/***/ }),

/***/ 9285:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jq: () => (/* binding */ GitBlockedError),
/* harmony export */   Ln: () => (/* binding */ blockedGit),
/* harmony export */   OO: () => (/* binding */ watchBlockedOpen),
/* harmony export */   zm: () => (/* binding */ noteBlocked)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);


/** A git was stopped because it waited forever to open a file (a FIFO) in the scanned repository. */
class GitBlockedError extends Error {
    name = 'GitBlockedError';
}
/** The first look after this long: most gits are done sooner, and are never looked at. */
const FIRST_LOOK_MS = 1_000;
const LOOK_EVERY_MS = 250;
/** Looks in a row that must find git waiting on a FIFO's open before it is stopped (some 2 seconds). */
const LOOKS_BLOCKED = 8;
/**
 * Where the kernel does not name the wait: looks in a row that must find
 * git asleep in an open call (some 30 seconds: a slow FUSE open is given time).
 */
const LOOKS_BLOCKED_UNNAMED = 120;
/** Open system calls, by architecture: [number, index of the path argument]. */
const OPEN_CALLS = {
    // open, openat, openat2
    x64: [
        [2, 0],
        [257, 1],
        [437, 1],
    ],
    // openat, openat2
    arm64: [
        [56, 1],
        [437, 1],
    ],
};
/** `/proc/PID/…`, or null when it cannot be read. */
function procText(pid, name) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/${name}`, 'latin1');
    }
    catch {
        return null;
    }
}
/** The open system call a process sleeps in: its path argument's address; null when in none (or unknown). */
function openCallOf(pid) {
    const fields = procText(pid, 'syscall')?.trim().split(' ');
    if (!fields || fields.length < 3)
        return null;
    const number = Number(fields[0]);
    const call = OPEN_CALLS[process.arch]?.find(([nr]) => nr === number);
    if (!call)
        return null;
    const [, pathArg] = call;
    const address = Number(fields[1 + pathArg]);
    // openat's first argument: a directory's descriptor, or AT_FDCWD (-100, as an unsigned word).
    const dirfd = pathArg === 1 ? Number(BigInt.asIntN(32, BigInt(fields[1] ?? '0'))) : -100;
    return Number.isSafeInteger(address) ? { address, dirfd } : null;
}
/**
 * How surely the process sleeps in a FIFO's open: 'fifo' (the kernel says
 * so: `wait_for_partner`; or an open call asleep in `pipe_wait`, as older
 * kernels name it), 'open' (asleep in an open call, the kernel naming no
 * wait), or null.
 */
function waitsInOpen(pid) {
    const wchan = procText(pid, 'wchan')?.trim() ?? '';
    if (wchan === 'wait_for_partner' || wchan === 'fifo_open')
        return 'fifo';
    if (wchan !== 'pipe_wait' && wchan !== '0' && wchan !== '')
        return null;
    const state = procText(pid, 'stat')?.replace(/^.*\) /s, '')[0];
    if (state !== 'S' || openCallOf(pid) === null)
        return null;
    return wchan === 'pipe_wait' ? 'fifo' : 'open';
}
/** The path the process is opening, read from its memory; null when it cannot be read. */
function pathBeingOpened(pid) {
    const call = openCallOf(pid);
    if (!call)
        return null;
    let fd = null;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(`/proc/${pid}/mem`, 'r');
        const buffer = Buffer.alloc(4096);
        // Up to the end of the page it starts in: the next one may not be mapped.
        const length = Math.min(buffer.length, 4096 - (call.address % 4096));
        const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, 0, length, BigInt(call.address));
        const end = buffer.subarray(0, read).indexOf(0);
        const path = buffer.toString('utf8', 0, end === -1 ? read : end);
        if (!path || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(path))
            return path || null;
        const base = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(call.dirfd === -100 ? `/proc/${pid}/cwd` : `/proc/${pid}/fd/${call.dirfd}`);
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(base, path);
    }
    catch {
        return null;
    }
    finally {
        if (fd !== null)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** The gits started and not yet ended. */
const running = new Set();
// A run that ends (a scan failed on a stopped git, an error elsewhere) leaves no git behind:
// one waiting on a FIFO would otherwise wait forever after the scanner is gone.
process.once('exit', () => {
    for (const child of running)
        child.kill('SIGKILL');
});
/**
 * Watches `child` (a git) until it exits: when it waits to open a FIFO for
 * some 2 seconds on end, reads which file, stops it and calls `onBlocked`
 * with the error to fail with. Returns the function that stops watching.
 */
function watchBlockedOpen(child, cwd, onBlocked) {
    const pid = child.pid;
    if (pid === undefined)
        return () => undefined;
    running.add(child);
    child.once('exit', () => running.delete(child));
    if (process.platform !== 'linux')
        return () => undefined;
    let fifo = 0;
    let open = 0;
    let interval;
    const look = () => {
        const waits = waitsInOpen(pid);
        fifo = waits === 'fifo' ? fifo + 1 : 0;
        open = waits ? open + 1 : 0;
        if (fifo < LOOKS_BLOCKED && open < LOOKS_BLOCKED_UNNAMED)
            return;
        stop();
        const path = pathBeingOpened(pid);
        child.kill('SIGKILL');
        onBlocked(new GitBlockedError(`git waited forever to open ${path ?? 'a file'} in the repository at ${cwd} ` +
            '(a FIFO or a device where git reads a file: a hostile or damaged repository); it was stopped'));
    };
    const first = setTimeout(() => {
        interval = setInterval(look, LOOK_EVERY_MS);
        interval.unref();
        look();
    }, FIRST_LOOK_MS);
    first.unref();
    const stop = () => {
        clearTimeout(first);
        clearInterval(interval);
    };
    child.once('exit', stop);
    return stop;
}
/** The first git stopped in this process for waiting forever, if any: the scan must not pass as complete. */
let stopped = null;
/** Remembers a git stopped by the watch (see `blockedGit`). */
function noteBlocked(error) {
    stopped ??= error;
}
/**
 * The error of a git stopped for waiting forever, if one was: a caller that
 * took its failure for "nothing to say" (a note, an optional question) must
 * still not report a complete scan.
 */
function blockedGit() {
    return stopped;
}


/***/ }),

/***/ 9403:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EO: () => (/* binding */ runGit),
/* harmony export */   Go: () => (/* binding */ repositoryPlace),
/* harmony export */   XS: () => (/* binding */ GitError),
/* harmony export */   ZV: () => (/* binding */ assertRepository),
/* harmony export */   gy: () => (/* binding */ ZERO_SHA),
/* harmony export */   kS: () => (/* binding */ inBackground),
/* harmony export */   th: () => (/* binding */ isPartialClone)
/* harmony export */ });
/* unused harmony exports BACKGROUND_NICENESS, objectCount */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var _git_dir_check_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2884);
/* harmony import */ var _git_safety_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6774);
/* harmony import */ var _git_watch_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9285);







/** A git command failed; the message is git's own first line of complaint. */
class GitError extends Error {
    name = 'GitError';
}
/** How much nicer than the scan a git that works beside it runs (see `inBackground`). */
const BACKGROUND_NICENESS = 10;
/** The nicest a process can be. */
const NICEST = 19;
/**
 * Lowers a git's priority when it works beside the scan with time to spare
 * (`git log` while the packs are read, the work tree's notes while files
 * are read): on a machine with few cores it then yields the CPU to the
 * thread the scan waits on instead of taking turns with it. Only ever
 * nicer, so it needs no privilege; where it cannot be done, nothing changes.
 */
function inBackground(child) {
    if (child.pid === undefined)
        return;
    try {
        // Relative to this process: a scan already run with `nice` keeps its git nicer still.
        (0,node_os__WEBPACK_IMPORTED_MODULE_2__.setPriority)(child.pid, Math.min(NICEST, (0,node_os__WEBPACK_IMPORTED_MODULE_2__.getPriority)() + BACKGROUND_NICENESS));
    }
    catch {
        // Scheduling only: the git runs as it would have.
    }
}
/**
 * Runs git to its end and collects what it printed. Rejects only when the
 * repository is unsafe to run git in (UnsafeRepositoryError, before git
 * starts) or git was stopped waiting forever on it (GitBlockedError).
 */
function gitOutcome(cwd, args, options, scope = 'all') {
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', (0,_git_safety_js__WEBPACK_IMPORTED_MODULE_5__/* .pinnedGitArgs */ .WM)(args), {
            cwd,
            env: (0,_git_safety_js__WEBPACK_IMPORTED_MODULE_5__/* .scanGitEnv */ .TS)(cwd, scope),
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        if (options.background)
            inBackground(child);
        let blocked = null;
        (0,_git_watch_js__WEBPACK_IMPORTED_MODULE_6__/* .watchBlockedOpen */ .OO)(child, cwd, (error) => {
            blocked = error;
            (0,_git_watch_js__WEBPACK_IMPORTED_MODULE_6__/* .noteBlocked */ .zm)(error);
        });
        const out = [];
        const err = [];
        child.stdout.on('data', (chunk) => out.push(chunk));
        child.stderr.on('data', (chunk) => err.push(chunk));
        child.on('error', (error) => resolve({
            code: null,
            out: Buffer.alloc(0),
            complaint: `cannot run git (${error.message}); is git installed?`,
        }));
        child.on('close', (code) => {
            if (blocked)
                return reject(blocked);
            const complaint = Buffer.concat(err).toString('utf8').trim().split('\n')[0];
            resolve({ code, out: Buffer.concat(out), complaint: complaint || `exit code ${code}` });
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input);
    });
}
/** Runs git and returns stdout; rejects with git's stderr summarised on failure. */
async function runGit(cwd, args, options = {}) {
    const { code, out, complaint } = await gitOutcome(cwd, args, options);
    if (code === 0)
        return out;
    throw new GitError(code === null ? complaint : `git ${args[0]} failed in ${cwd}: ${complaint}`);
}
const PLACE_ARGS = [
    'rev-parse',
    '--is-inside-git-dir',
    '--is-inside-work-tree',
    '--is-shallow-repository',
    '--show-object-format',
    '--git-path',
    'objects',
    '--show-prefix',
    // Last: it fails outside a work tree (a bare repository), after the lines above are out.
    '--show-toplevel',
];
/**
 * One `git rev-parse` that tells a work tree, a git directory and no
 * repository apart, and gives what the scan and the ignore file's lookup
 * need of each: one git start instead of one per question.
 */
async function repositoryPlace(dir) {
    // Where the repository is, nothing of its refs or objects: its files are checked as far as git reads them.
    const { code, out, complaint } = await gitOutcome(dir, PLACE_ARGS, {}, 'setup');
    const text = out.toString('utf8');
    const lines = text.split('\n', 5);
    const [inGitDir, inWorkTree, shallow, format = '', objects = ''] = lines;
    const found = { shallow: shallow === 'true', store: { format, objects } };
    if (inGitDir === 'true')
        return { kind: 'git-dir', prefix: '', top: null, ...found };
    if (code !== 0 || inWorkTree !== 'true') {
        return {
            kind: 'none',
            prefix: '',
            top: null,
            shallow: false,
            store: { format: '', objects: '' },
            reason: code === null ? complaint : `git rev-parse failed in ${dir}: ${complaint}`,
        };
    }
    // The prefix may hold a newline (a directory's name is the repository's choice); the top is the last line.
    const rest = text.slice(lines.join('\n').length + 1, -1);
    const cut = rest.lastIndexOf('\n');
    const top = rest.slice(cut + 1);
    assertOwnWorkTree(dir, top);
    return { kind: 'work-tree', prefix: rest.slice(0, cut), top, ...found };
}
/**
 * Fails unless `top`, the work tree git uses for `dir`, is the directory
 * that holds the repository's `.git` (which every git the scan runs is
 * told: git-safety.ts). Where they differ, the repository's own config
 * chose the work tree, and a tree scan would read the wrong files (or none).
 */
function assertOwnWorkTree(dir, top) {
    const own = (0,_git_safety_js__WEBPACK_IMPORTED_MODULE_5__/* .workTreeTop */ .DY)(dir);
    if (own !== null && realOrResolved(top) === own)
        return;
    throw new _git_dir_check_js__WEBPACK_IMPORTED_MODULE_4__/* .UnsafeRepositoryError */ .Tk(`refusing to scan ${dir}: git takes ${top} for its work tree, ` +
        (own === null
            ? 'but no .git the scanner can find holds its repository'
            : `not ${own}, the directory that holds its .git`) +
        ' (set by the repository itself, e.g. core.worktree)');
}
function realOrResolved(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(path);
    }
    catch {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(path);
    }
}
/** Fails with a clear reason when `place` (of `dir`) is no repository. */
function assertRepository(dir, place) {
    if (place.kind === 'none')
        throw new GitError(`not a git repository: ${dir} (${place.reason})`);
}
/** True when the repository was cloned with a filter (its missing objects are expected). */
async function isPartialClone(dir) {
    try {
        const out = await runGit(dir, [
            'config',
            '--get-regexp',
            '^(extensions\\.partialclone|remote\\..*\\.promisor)$',
        ]);
        return out.toString('utf8').trim().length > 0;
    }
    catch {
        // `git config --get-regexp` exits 1 when nothing matches.
        return false;
    }
}
/** About how many objects the repository holds (`git count-objects -v`), for progress. */
async function objectCount(dir) {
    try {
        const out = (await runGit(dir, ['count-objects', '-v'])).toString('latin1');
        const field = (name) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
        return field('count') + field('in-pack');
    }
    catch {
        return 0;
    }
}
const ZERO_SHA = /^0+$/;


/***/ })

};
