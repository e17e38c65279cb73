export const id = 806;
export const ids = [806];
export const modules = {

/***/ 4806:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runScanCommand: () => (/* binding */ runScanCommand)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/progress.ts
/**
 * A single self-overwriting progress line on stderr, shown only to a person
 * at a terminal and at most ten times a second.
 */
function terminalProgress(stream = process.stderr) {
    if (!stream.isTTY)
        return { update: () => undefined, clear: () => undefined };
    let last = 0;
    let shown = false;
    return {
        update(done, total) {
            const now = Date.now();
            if (now - last < 100 && done < total)
                return;
            last = now;
            shown = true;
            stream.write(`\rscanning ${done}/${total} files (${Math.floor((done / Math.max(total, 1)) * 100)}%)`);
        },
        clear() {
            if (shown)
                stream.write('\r\x1b[K');
        },
    };
}

// EXTERNAL MODULE: ./src/report/format.ts + 4 modules
var format = __webpack_require__(2099);
// EXTERNAL MODULE: ./src/report/log-escape.ts
var log_escape = __webpack_require__(1582);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/scan/ignore.ts


const DEFAULT_IGNORE_FILE = '.ec2-key-rotate-ignore';
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
async function loadIgnoreFile(file, required) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        // No default file, or PATH is not a directory (scan says so in its own words).
        if (!required && (code === 'ENOENT' || code === 'ENOTDIR'))
            return [];
        throw new IgnoreFileError(`cannot read ignore file ${file}: ${code ?? 'error'}`);
    }
    return parseIgnoreFile(text, file);
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
        : picomatch_default()(pathGlobs(entry.pattern), { dot: true, nonegate: true }));
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
;// CONCATENATED MODULE: ./src/scan/ignore-ref.ts
/**
 * Reads the ignore file from a commit rather than from the working tree, for
 * scans where the working tree is the untrusted content being scanned.
 */




const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
const MAX_IGNORE_BYTES = 1024 * 1024;
async function git(dir, args) {
    try {
        const { stdout } = await run('git', args, {
            cwd: dir,
            encoding: 'utf8',
            maxBuffer: MAX_IGNORE_BYTES,
            env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
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
    const out = await git(dir, ['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', refspec]);
    return out !== null;
}
/**
 * The path of `file` inside the repository at `dir`, with `/` separators, or
 * null when `file` lies outside it.
 */
async function repositoryPath(dir, file) {
    // Relative to `dir` first, then git's prefix for `dir`: no symlink or realpath mismatch.
    const prefix = await git(dir, ['rev-parse', '--show-prefix']);
    if (prefix === null)
        return null;
    const fromDir = (0,external_node_path_.relative)((0,external_node_path_.resolve)(dir), (0,external_node_path_.resolve)(file));
    if ((0,external_node_path_.isAbsolute)(fromDir))
        return null;
    const inside = external_node_path_.posix.normalize(`${prefix.trim()}${fromDir.split(external_node_path_.sep).join('/')}`);
    if (!inside || inside === '.' || inside.startsWith('../') || inside === '..')
        return null;
    return inside;
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
    const text = await git(dir, ['show', spec]);
    if (text === null)
        throw new IgnoreFileError(`cannot read ${spec}`);
    return parseIgnoreFile(text, spec);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/sshpk/lib/index.js
var lib = __webpack_require__(663);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ./src/keys/fingerprint.ts
var fingerprint = __webpack_require__(3436);
;// CONCATENATED MODULE: ./src/keys/openssh-header.ts

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
class Reader {
    buf;
    offset = 0;
    constructor(buf) {
        this.buf = buf;
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
/**
 * Reads the cipher name and the first public key of an OpenSSH private key
 * container without decrypting it (PROTOCOL.key in OpenSSH's sources).
 */
function readOpensshHeader(der) {
    if (!der.subarray(0, MAGIC.length).equals(MAGIC))
        throw new Error('not an openssh-key-v1 container');
    const reader = new Reader(der.subarray(MAGIC.length));
    const cipher = reader.string().toString('latin1');
    reader.string(); // kdf name
    reader.string(); // kdf options
    const keyCount = reader.uint32();
    if (keyCount < 1)
        throw new Error('container holds no key');
    const publicKey = lib_default().parseKey(reader.string(), 'rfc4253');
    return { cipher, publicKey };
}

;// CONCATENATED MODULE: ./src/keys/putty.ts

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
    const publicKey = lib_default().parseKey(Buffer.from(publicBase64, 'base64'), 'rfc4253');
    return { version, encryption: fields.get('encryption') ?? 'none', publicKey };
}

;// CONCATENATED MODULE: ./src/keys/parse.ts





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
function keyTypeOf(key) {
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
        keyType: keyTypeOf(key),
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
function bigintOf(key, name) {
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
function gcd(a, b) {
    while (b !== 0n)
        [a, b] = [b, a % b];
    return a;
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
                const [n, e, d, p, q] = ['n', 'e', 'd', 'p', 'q'].map((name) => bigintOf(key, name));
                if (p < 2n || q < 2n || p * q !== n)
                    return false;
                const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
                return (e * d) % lambda === 1n;
            }
            case 'dsa': {
                const [p, q, g, y, x] = ['p', 'q', 'g', 'y', 'x'].map((name) => bigintOf(key, name));
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
function pemBody(block) {
    const base64 = block
        .split('\n')
        .filter((line) => !line.startsWith('-----') && !line.includes(':'))
        .join('');
    return Buffer.from(base64, 'base64');
}
function parseOpenssh(block, info) {
    let header;
    try {
        header = readOpensshHeader(pemBody(block));
    }
    catch {
        return unparsed(info, false, 'OpenSSH key block does not parse (truncated or corrupted)');
    }
    if (header.cipher !== 'none')
        return identify(info, true, header.publicKey);
    let privateKey;
    try {
        privateKey = lib_default().parsePrivateKey(block, 'ssh');
    }
    catch {
        // The public half is in clear even when the private section is damaged.
    }
    if (privateKey && privateMatchesPublic(privateKey)) {
        return identify(info, false, privateKey.toPublic(), privateKey);
    }
    return { ...identify(info, false, header.publicKey), note: 'private section does not parse' };
}
function parsePem(block, label) {
    const info = PEM_LABELS[label] ?? { format: 'unknown', keyType: 'unknown' };
    if (label === 'OPENSSH PRIVATE KEY')
        return parseOpenssh(block, info);
    if (label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,\s*ENCRYPTED/m.test(block)) {
        return unparsed(info, true, 'encrypted PEM: the public key cannot be recovered without the passphrase');
    }
    let privateKey;
    try {
        privateKey = lib_default().parsePrivateKey(block, 'pem');
    }
    catch {
        // reported below
    }
    if (privateKey && privateMatchesPublic(privateKey)) {
        return identify(info, false, privateKey.toPublic(), privateKey);
    }
    return unparsed(info, false, 'key block does not parse (placeholder, truncated or corrupted)');
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
    if (encrypted)
        return identify(info, true, header.publicKey);
    let privateKey;
    try {
        // sshpk reads PPK; its typings omit the name.
        privateKey = lib_default().parsePrivateKey(block, 'putty');
    }
    catch {
        // The public half is in clear even when the private section is damaged.
    }
    if (privateKey && privateMatchesPublic(privateKey)) {
        return identify(info, false, privateKey.toPublic(), privateKey);
    }
    return { ...identify(info, false, header.publicKey), note: 'private section does not parse' };
}
/**
 * Identifies one private key block in canonical form (a PEM block with real
 * newlines, or the text of a .ppk file). Never throws and never returns key
 * material: blocks that do not parse come back with `parsed: false`.
 */
function parseKeyBlock(block) {
    const text = block.replace(/\r\n/g, '\n');
    if (/^PuTTY-User-Key-File-/m.test(text))
        return parsePutty(text);
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? '';
    return parsePem(text, label);
}

;// CONCATENATED MODULE: ./src/scan/findings.ts


/**
 * Groups key blocks into findings, one per key. Parsing is cached by block
 * text because history scans meet the same key in many blob versions.
 */
class FindingCollector {
    byId = new Map();
    parsed = new Map();
    add(block, places) {
        const digest = (0,external_node_crypto_.createHash)('sha256').update(block.text).digest('hex');
        let cached = this.parsed.get(digest);
        if (!cached) {
            const identity = parseKeyBlock(block.text);
            const id = identity.fingerprint ?? `block:${digest.slice(0, 32)}`;
            cached = { id, identity };
            this.parsed.set(digest, cached);
        }
        let finding = this.byId.get(cached.id);
        if (!finding) {
            const identity = cached.identity;
            finding = {
                id: cached.id,
                ...identity,
                confidence: identity.parsed ? 'high' : 'low',
                placeholder: block.placeholder,
                truncated: block.truncated,
                locations: [],
            };
            this.byId.set(cached.id, finding);
        }
        for (const place of places) {
            const duplicate = finding.locations.some((seen) => seen.path === place.path && seen.line === block.line && seen.commit === place.commit);
            if (!duplicate)
                finding.locations.push({ ...place, line: block.line, introducedBy: null });
        }
    }
    findings() {
        return [...this.byId.values()].filter((finding) => finding.locations.length > 0);
    }
}

;// CONCATENATED MODULE: ./src/scan/git.ts

/** A git command failed; the message is git's own first line of complaint. */
class GitError extends Error {
    name = 'GitError';
}
/** Runs git and returns stdout; rejects with git's stderr summarised on failure. */
function runGit(cwd, args, input) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        const out = [];
        const err = [];
        child.stdout.on('data', (chunk) => out.push(chunk));
        child.stderr.on('data', (chunk) => err.push(chunk));
        child.on('error', (error) => reject(new GitError(`cannot run git (${error.message}); is git installed?`)));
        child.on('close', (code) => {
            if (code === 0)
                return resolve(Buffer.concat(out));
            const reason = Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `exit code ${code}`;
            reject(new GitError(`git ${args[0]} failed in ${cwd}: ${reason}`));
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(input);
    });
}
/** The top of the work tree containing `dir`, or null when it is not in one. */
async function workTreeRoot(dir) {
    try {
        return (await runGit(dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
    }
    catch {
        return null;
    }
}
/** Fails with a clear reason unless `dir` is inside a git repository. */
async function assertRepository(dir) {
    try {
        await runGit(dir, ['rev-parse', '--git-dir']);
    }
    catch (error) {
        throw new GitError(`not a git repository: ${dir} (${error.message})`);
    }
}
/**
 * Fails unless every object reachable from a ref is present: a deleted
 * object file or a damaged pack would otherwise just leave blobs unscanned.
 */
async function assertComplete(dir) {
    try {
        await runGit(dir, ['rev-list', '--objects', '--all', '--quiet']);
    }
    catch (error) {
        throw new GitError(`the repository is corrupt or incomplete: ${error.message}`);
    }
}
const ZERO_SHA = /^0+$/;

;// CONCATENATED MODULE: ./src/scan/block-text.ts
/**
 * Turns a key block as it sits in a file (escaped inside JSON, split into
 * string literals, commented out, indented in YAML, CRLF) back into plain
 * lines. Base64 never contains a backslash, a quote or white space, so
 * everything of that kind is packaging and can be peeled off.
 */
/** What a run of backslashes followed by this character stands for. */
const ESCAPED = { '/': '/', r: '', n: '\n', t: ' ' };
/** Undoes string escapes: `\n`, `\\n`, `\r\n`, `\/` and `\t`, however deeply escaped. */
function unescapeNewlines(text) {
    // One pass over each run of backslashes (and the character after it): linear even on hostile input.
    return text
        .replace(/\\+([\s\S]?)/g, (run, next) => ESCAPED[next] ?? run)
        .replace(/\r/g, '');
}
const COMMENT_PREFIX = /^\s*(#+|\/\/+|\*|;+|--|%|REM\b)\s*$/;
/** The comment marker a block's lines carry, judged from what precedes BEGIN on its line. */
function commentMarkerOf(prefix) {
    return COMMENT_PREFIX.exec(prefix)?.[1] ?? null;
}
const JUNK_ONLY = /^[\s"'`+.,;&()\\[\]{}]*$/;
/**
 * Peels one line of its packaging: the block's comment marker, string quotes,
 * concatenation operators and line continuations. A `+` or `.` is only an
 * operator when it stands apart from the base64 (after a quote or a space).
 */
function peelLine(line, commentMarker) {
    let text = line.trim();
    if (commentMarker && text.startsWith(commentMarker))
        text = text.slice(commentMarker.length).trim();
    text = text.replace(/^(?:[+.&,(]\s*)?["'`]/, '');
    // Strip trailing white space, quotes, `,;)\` and operators, one character at a time from the end.
    let end = text.length;
    while (end > 0) {
        const last = text[end - 1] ?? '';
        const before = text[end - 2] ?? '';
        const trailing = /[\s"'`,;)\\]/.test(last) || (/[+.&]/.test(last) && /["'`\s]/.test(before));
        if (!trailing)
            break;
        end--;
    }
    text = text.slice(0, end);
    // A run of dots is an ellipsis (a placeholder body), not a concatenation operator.
    return JUNK_ONLY.test(text) && !text.includes('..') ? '' : text.trim();
}

;// CONCATENATED MODULE: ./src/scan/pem-block.ts

const BASE64_TOKEN = /^[A-Za-z0-9+/]+={0,2}$/;
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*):\s*(\S.*)$/;
/** `…` as itself, or as its UTF-8 bytes read as latin1 (which is how the detector decodes blobs). */
const ELLIPSIS = '(?:\u2026|\u00e2\u0080\u00a6)';
const DOT = `(?:\\.|${ELLIPSIS})`;
/**
 * Base64 elided with `..`, `...` or `…` (`MIIEow...`). The lookahead asks for an
 * ellipsis once; the run itself has no nested quantifiers, so a long run of
 * dots cannot make matching exponential.
 */
const ELIDED = `[A-Za-z0-9+/=]*(?=${DOT}*?(?:\\.\\.|${ELLIPSIS}))${DOT}+[A-Za-z0-9+/=]*`;
const PLACEHOLDER_TOKEN = new RegExp(`^(?:${ELIDED}|x{3,}|\\*{3,}|redacted|removed|snip|<[^<>]*>|\\[[^[\\]]*\\])$`, 'i');
const PLACEHOLDER_BODY = /^(?:<[^<>]*>|\[[^[\]]*\]|\{\{[^{}]*\}\}|\$\{[^{}]*\})$/;
/** Real key bodies have full base64 lines; prose that happens to be base64-safe has short words. */
const MIN_KEY_TOKEN = 32;
function wrap(base64, width) {
    const lines = [];
    for (let i = 0; i < base64.length; i += width)
        lines.push(base64.slice(i, i + width));
    return lines;
}
/**
 * Rebuilds a PEM block from the raw bytes between its BEGIN and END markers
 * (END may be missing when the block is truncated). Returns null when the
 * body is prose that merely mentions a marker.
 */
function rebuildPem(label, prefix, rawBody, hasEnd) {
    const marker = commentMarkerOf(prefix);
    const headers = [];
    const bodyLines = [];
    const tokens = [];
    for (const rawLine of unescapeNewlines(rawBody).split('\n')) {
        const line = peelLine(rawLine, marker);
        if (!line)
            continue;
        if (HEADER_LINE.test(line) && tokens.length === 0) {
            headers.push(line.replace(HEADER_LINE, '$1: $2'));
            continue;
        }
        bodyLines.push(line);
        // Folded YAML and `.env` files put the whole key on one line, split by spaces.
        tokens.push(...line
            .split(/\s+/)
            .map((token) => peelLine(token, null))
            .filter(Boolean));
    }
    let base64Tokens = tokens;
    let placeholder = false;
    if (!hasEnd) {
        // A truncated block: keep the run of base64 that follows BEGIN, drop what comes after.
        const stop = tokens.findIndex((token) => !BASE64_TOKEN.test(token));
        base64Tokens = stop === -1 ? tokens : tokens.slice(0, stop);
        if (!base64Tokens.some((token) => token.length >= MIN_KEY_TOKEN))
            return null;
    }
    else if (!tokens.some((token) => BASE64_TOKEN.test(token) && token.length >= MIN_KEY_TOKEN)) {
        // Tokens are peeled one by one (`{{ key }}` loses its braces), so whole lines are tried too.
        const standIn = tokens.length > 0 &&
            (tokens.every((token) => PLACEHOLDER_TOKEN.test(token)) ||
                PLACEHOLDER_BODY.test(tokens.join(' ')) ||
                PLACEHOLDER_BODY.test(bodyLines.join(' ')));
        if (!standIn)
            return null;
        placeholder = true;
    }
    const body = base64Tokens.join('');
    const lines = [`-----BEGIN ${label}-----`, ...headers];
    if (headers.length)
        lines.push('');
    lines.push(...wrap(body, 64));
    if (hasEnd)
        lines.push(`-----END ${label}-----`);
    return { text: `${lines.join('\n')}\n`, placeholder };
}
/**
 * Rebuilds a PuTTY .ppk file from raw text starting at its first header.
 * Header lines keep their spaces (comments may contain them).
 */
function rebuildPutty(prefix, rawText) {
    const marker = commentMarkerOf(prefix);
    const lines = unescapeNewlines(rawText)
        .split('\n')
        .map((line) => peelLine(line, marker))
        .filter(Boolean);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/scan/detector.ts

const PEM_TAIL = Buffer.from('PRIVATE KEY-----');
const PEM_HEAD = Buffer.from('-----BEGIN ');
const PUTTY_HEAD = Buffer.from('PuTTY-User-Key-File-');
/** Longest escaped key block we cut out (a 16k-bit RSA key, escaped twice, fits). */
const MAX_BLOCK_BYTES = 64 * 1024;
/** How far back from a marker we look for the start of its line (the prefix is only a comment marker). */
const PREFIX_LOOKBACK = 256;
/** Bytes between a PEM head and the end of its tail (`-----BEGIN ` … `PRIVATE KEY-----`) at most. */
const PEM_MARKER_SPAN = 64;
/**
 * Bytes kept between chunks so that a marker split across them, and the part
 * of its line before it, are still seen: the streaming scan then cuts exactly
 * the blocks a scan of the whole buffer cuts.
 */
const MARKER_OVERLAP = PREFIX_LOOKBACK + PEM_MARKER_SPAN;
const LABEL = /^[A-Z0-9 ]{0,30}PRIVATE KEY$/;
/** True when the bytes contain a marker; the cheap test run on every blob. */
function hasMarker(bytes) {
    return bytes.includes(PEM_TAIL) || bytes.includes(PUTTY_HEAD);
}
/** Start of the line holding `position`, looking back at most PREFIX_LOOKBACK bytes. */
function lineStartBefore(window, position) {
    const from = Math.max(0, position - PREFIX_LOOKBACK);
    const newline = window.subarray(from, position).lastIndexOf(10);
    return newline === -1 ? from : from + newline + 1;
}
/**
 * First occurrence of `needle` that starts in [from, before), or -1. Every
 * search is bounded so that hostile input (thousands of markers, no ends)
 * costs linear time.
 */
function indexIn(window, needle, from, before) {
    const end = Math.min(window.length, before + Buffer.byteLength(needle) - 1);
    if (from >= end)
        return -1;
    return window.subarray(0, end).indexOf(needle, from);
}
/**
 * Finds the next occurrence of a needle in a window for search starts that
 * never decrease, reading each byte of the window at most once.
 */
class Occurrences {
    window;
    needle;
    /** Next occurrence at or after the last search start; -2 before the first search. */
    at = -2;
    constructor(window, needle) {
        this.window = window;
        this.needle = needle;
    }
    from(from) {
        if (this.at === -2 || (this.at !== -1 && this.at < from))
            this.at = this.window.indexOf(this.needle, from);
        return this.at;
    }
}
/**
 * Finds the markers of one window in order, and where the block of each one
 * must stop. A window is read through once however many markers (or
 * marker-like decoys) it holds.
 */
class MarkerSearch {
    window;
    pemTails;
    pemHeads;
    puttyHeads;
    constructor(window) {
        this.window = window;
        this.pemTails = new Occurrences(window, PEM_TAIL);
        this.pemHeads = new Occurrences(window, PEM_HEAD);
        this.puttyHeads = new Occurrences(window, PUTTY_HEAD);
    }
    /** The first marker at or after `from`; `from` never decreases between calls. */
    next(from) {
        const window = this.window;
        const putty = this.puttyHeads.from(from);
        let pem = this.pemTails.from(from);
        while (pem !== -1) {
            // The label is at most 30 characters: the head is within 48 bytes before the tail.
            const lookFrom = Math.max(0, pem - 48);
            const found = window.subarray(lookFrom, pem).lastIndexOf(PEM_HEAD);
            const head = found === -1 ? -1 : lookFrom + found;
            const label = head === -1 ? '' : window.toString('latin1', head + PEM_HEAD.length, pem + 11);
            if (head !== -1 && LABEL.test(label) && (putty === -1 || head < putty)) {
                return { start: head, kind: 'pem', label, resumeAt: pem + PEM_TAIL.length };
            }
            if (putty !== -1 && putty < pem)
                break;
            pem = this.pemTails.from(pem + PEM_TAIL.length);
        }
        if (putty === -1)
            return null;
        return { start: putty, kind: 'putty', label: '', resumeAt: putty + PUTTY_HEAD.length };
    }
    /**
     * Where the block of `marker` must stop: the next `-----BEGIN ` (and for
     * PuTTY, the next PuTTY header) starts another block. At most `limit`.
     */
    stopFor(marker, limit) {
        let stop = this.pemHeads.from(marker.resumeAt);
        if (marker.kind === 'putty') {
            const putty = this.puttyHeads.from(marker.resumeAt);
            if (putty !== -1 && (stop === -1 || putty < stop))
                stop = putty;
        }
        return stop === -1 || stop > limit ? limit : stop;
    }
}
/** Counts the newlines before positions of one window, each byte counted once however many blocks it holds. */
class LineCounter {
    window;
    at = 0;
    lines = 0;
    constructor(window) {
        this.window = window;
    }
    newlinesBefore(position) {
        if (position >= this.at)
            this.lines += countNewlines(this.window, this.at, position);
        else
            this.lines -= countNewlines(this.window, position, this.at);
        this.at = position;
        return this.lines;
    }
}
/**
 * Finds key blocks in a stream of bytes fed in chunks, keeping only a small
 * carry between chunks, so a file of any size is scanned in bounded memory.
 */
class KeyBlockScanner {
    carry = Buffer.alloc(0);
    /** Absolute offset of `carry[0]`. */
    carryOffset = 0;
    /** Newlines before `carryOffset`. */
    linesBeforeCarry = 0;
    /** Absolute offset up to which markers have been handled. */
    handledUpTo = 0;
    blocks = [];
    /** Holds carry + chunk; reused so that streaming a large file does not allocate per chunk. */
    joined = null;
    /** Keeps no reference to `chunk` once it returns: the caller may reuse the buffer. */
    feed(chunk) {
        this.process(chunk, false);
    }
    end(chunk) {
        this.process(chunk ?? Buffer.alloc(0), true);
        return this.blocks;
    }
    process(chunk, final) {
        const window = this.carry.length ? this.join(chunk) : chunk;
        let keepFrom = final ? window.length : Math.max(0, window.length - MARKER_OVERLAP);
        let searchFrom = Math.max(0, this.handledUpTo - this.carryOffset);
        const markers = new MarkerSearch(window);
        const lines = new LineCounter(window);
        for (;;) {
            const marker = markers.next(searchFrom);
            if (!marker)
                break;
            const regionEnd = Math.min(window.length, marker.start + MAX_BLOCK_BYTES);
            if (!final && regionEnd === window.length) {
                // The block may run into the next chunk: wait for more bytes.
                keepFrom = Math.min(keepFrom, lineStartBefore(window, marker.start));
                break;
            }
            const line = this.linesBeforeCarry + lines.newlinesBefore(marker.start) + 1;
            const stopAt = markers.stopFor(marker, regionEnd);
            const block = this.cut(window, marker, stopAt, regionEnd, line);
            if (block)
                this.blocks.push(block);
            searchFrom = marker.resumeAt;
            this.handledUpTo = this.carryOffset + marker.resumeAt;
        }
        this.advance(window, keepFrom);
    }
    /** `carry` + `chunk` in `joined`, which `advance` never keeps a view of. */
    join(chunk) {
        const length = this.carry.length + chunk.length;
        if (!this.joined || this.joined.length < length)
            this.joined = Buffer.allocUnsafe(length);
        this.carry.copy(this.joined, 0);
        chunk.copy(this.joined, this.carry.length);
        return this.joined.subarray(0, length);
    }
    advance(window, keepFrom) {
        this.linesBeforeCarry += countNewlines(window, 0, keepFrom);
        this.carryOffset += keepFrom;
        this.carry = Buffer.from(window.subarray(keepFrom));
    }
    /**
     * Cuts the block of `marker` out of the window. It cannot run past `stopAt`,
     * where the next block starts (or `regionEnd`, MAX_BLOCK_BYTES on).
     */
    cut(window, marker, stopAt, regionEnd, line) {
        const lineStart = lineStartBefore(window, marker.start);
        const prefix = window.toString('latin1', lineStart, marker.start);
        const offset = this.carryOffset + marker.start;
        if (marker.kind === 'putty') {
            const macAt = indexIn(window, 'Private-MAC:', marker.start, stopAt);
            const hasEnd = macAt !== -1;
            const end = hasEnd ? endOfLine(window, macAt, regionEnd) : stopAt;
            const text = rebuildPutty(prefix, window.toString('latin1', marker.start, end));
            // Prose that names the header is not a key file: a real one has a `Public-Lines: N` line.
            if (!/^Public-Lines:\s*\d+$/im.test(text))
                return null;
            // A truncated file is not skipped past: keys that follow it are still found.
            if (hasEnd)
                marker.resumeAt = Math.max(marker.resumeAt, end);
            return { offset, line, kind: 'putty', text, truncated: !hasEnd, placeholder: false };
        }
        // An END after the next BEGIN belongs to that block: this one is truncated.
        const endMarker = indexIn(window, `-----END ${marker.label}-----`, marker.resumeAt, stopAt);
        const hasEnd = endMarker !== -1;
        const bodyEnd = hasEnd ? endMarker : stopAt;
        const rebuilt = rebuildPem(marker.label, prefix, window.toString('latin1', marker.resumeAt, bodyEnd), hasEnd);
        if (!rebuilt)
            return null;
        if (hasEnd)
            marker.resumeAt = endMarker + 9 + marker.label.length;
        return {
            offset,
            line,
            kind: 'pem',
            text: rebuilt.text,
            truncated: !hasEnd,
            placeholder: rebuilt.placeholder,
        };
    }
}
function endOfLine(window, from, limit) {
    const newline = indexIn(window, '\n', from, limit);
    // Escaped files keep the MAC on a line with other content: stop at the hex run's end.
    const slice = window.toString('latin1', from, newline === -1 ? limit : newline);
    const mac = /^Private-MAC:\s*[0-9a-fA-F]*/.exec(slice);
    return from + (mac ? mac[0].length : slice.length);
}
/** Newlines in `bytes[from, to)`. */
function countNewlines(bytes, from, to) {
    const slice = bytes.subarray(from, to);
    let count = 0;
    for (let at = slice.indexOf(10); at !== -1; at = slice.indexOf(10, at + 1))
        count++;
    return count;
}
/** Finds key blocks in a blob held in memory; keeps no reference to `bytes`. */
function findKeyBlocks(bytes) {
    if (!hasMarker(bytes))
        return [];
    return new KeyBlockScanner().end(bytes);
}

;// CONCATENATED MODULE: ./src/scan/git-stream.ts


/**
 * Runs git and hands stdout to `onChunk` as it arrives, so output of any size
 * is processed in bounded memory. Resolves when git exits cleanly.
 */
function streamGit(cwd, args, onChunk, input) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        const err = [];
        let failure = null;
        child.stdout.on('data', (chunk) => {
            if (failure)
                return;
            try {
                onChunk(chunk);
            }
            catch (error) {
                failure = error;
                child.kill();
            }
        });
        child.stderr.on('data', (chunk) => err.push(chunk));
        child.on('error', (error) => reject(new GitError(`cannot run git (${error.message}); is git installed?`)));
        child.on('close', (code) => {
            if (failure)
                return reject(failure);
            if (code === 0)
                return resolve();
            const reason = Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `exit code ${code}`;
            reject(new GitError(`git ${args[0]} failed in ${cwd}: ${reason}`));
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(input);
    });
}

;// CONCATENATED MODULE: ./src/scan/object-reader.ts



/** Blobs up to this size are scanned whole; larger ones are streamed through the scanner. */
const WHOLE_BLOB_LIMIT = 16 * 1024 * 1024;
/**
 * Parses the `git cat-file --batch` stream and scans each blob as its bytes
 * go by. Nothing but the blob being read (or, for huge blobs, a small window
 * of it) is kept in memory.
 */
class BatchParser {
    onHit;
    header = Buffer.alloc(0);
    current = null;
    skipNewline = false;
    /** Objects git reported as missing (asked for by id, or listed but unreadable). */
    missing = [];
    stats = { blobsScanned: 0, bytesScanned: 0 };
    constructor(onHit) {
        this.onHit = onHit;
    }
    push(chunk) {
        let at = 0;
        while (at < chunk.length) {
            if (this.skipNewline) {
                this.skipNewline = false;
                at++;
                continue;
            }
            if (!this.current) {
                const newline = chunk.indexOf(10, at);
                if (newline === -1) {
                    this.header = Buffer.concat([this.header, chunk.subarray(at)]);
                    return;
                }
                const line = Buffer.concat([this.header, chunk.subarray(at, newline)]).toString('latin1');
                this.header = Buffer.alloc(0);
                at = newline + 1;
                this.begin(line);
                continue;
            }
            const take = Math.min(this.current.remaining, chunk.length - at);
            this.consume(chunk.subarray(at, at + take));
            at += take;
        }
    }
    begin(line) {
        const [id = '', type = '', size = ''] = line.split(' ');
        if (type === 'missing' || type === 'ambiguous') {
            this.missing.push(id);
            return;
        }
        const length = Number.parseInt(size, 10);
        if (!Number.isFinite(length))
            throw new Error(`unexpected git cat-file output: ${line.slice(0, 80)}`);
        const isBlob = type === 'blob';
        this.current = {
            id,
            isBlob,
            remaining: length,
            pieces: [],
            streaming: isBlob && length > WHOLE_BLOB_LIMIT ? new KeyBlockScanner() : null,
        };
        if (isBlob) {
            this.stats.blobsScanned++;
            this.stats.bytesScanned += length;
        }
        if (length === 0)
            this.finish();
    }
    consume(piece) {
        const current = this.current;
        if (!current)
            return;
        current.remaining -= piece.length;
        if (current.isBlob) {
            if (current.streaming)
                current.streaming.feed(piece);
            else if (current.remaining === 0 && current.pieces.length === 0) {
                // The common case: the whole blob sits in one chunk; scan it in place.
                this.report(current.id, findKeyBlocks(piece));
                this.current = null;
                this.skipNewline = true;
                return;
            }
            else
                current.pieces.push(Buffer.from(piece));
        }
        if (current.remaining === 0)
            this.finish();
    }
    finish() {
        const current = this.current;
        if (!current)
            return;
        if (current.isBlob) {
            this.report(current.id, current.streaming ? current.streaming.end() : findKeyBlocks(Buffer.concat(current.pieces)));
        }
        this.current = null;
        this.skipNewline = true;
    }
    report(id, blocks) {
        if (blocks.length)
            this.onHit(id, blocks);
    }
    end() {
        if (this.current)
            throw new Error('git cat-file output ended in the middle of an object');
        if (this.missing.length) {
            const more = this.missing.length > 1 ? ` (and ${this.missing.length - 1} more)` : '';
            throw new GitError(`the repository is corrupt or incomplete: object ${this.missing[0]}${more} is missing`);
        }
    }
}
/** Scans every object in the repository's object store, each read once. */
async function scanAllObjects(cwd, onHit) {
    const parser = new BatchParser(onHit);
    await streamGit(cwd, ['cat-file', '--batch-all-objects', '--batch', '--unordered'], (chunk) => parser.push(chunk));
    parser.end();
    return parser.stats;
}
/** Scans the named blobs. */
async function scanBlobs(cwd, ids, onHit) {
    const parser = new BatchParser(onHit);
    const input = [...ids].map((id) => `${id}\n`).join('');
    if (!input)
        return parser.stats;
    await streamGit(cwd, ['cat-file', '--batch'], (chunk) => parser.push(chunk), input);
    parser.end();
    return parser.stats;
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
;// CONCATENATED MODULE: ./src/scan/git-log.ts


const NULL_BLOB = /^0+$/;
/**
 * Streams `git log --raw` and reports every (commit, path, blob) that a commit
 * writes. Merges are diffed against each parent (`-m`) so content that only a
 * merge resolution introduced is still seen.
 */
async function walkBlobChanges(cwd, revisionArgs, onChange, stdin) {
    let pending = '';
    let commit = '';
    let authorDate = '';
    let author = '';
    let rawMeta = null;
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    const take = (token) => {
        const trimmed = token.replace(/^\n/, '');
        if (trimmed.startsWith('\x01')) {
            [commit = '', authorDate = '', author = ''] = trimmed.slice(1).split('\x02');
            rawMeta = null;
            return;
        }
        if (rawMeta === null && trimmed.startsWith(':')) {
            rawMeta = trimmed;
            return;
        }
        if (rawMeta === null)
            return;
        const fields = rawMeta.split(' ');
        const blob = fields[3] ?? '';
        const status = fields[4] ?? '';
        rawMeta = null;
        if (!status.startsWith('D') && !NULL_BLOB.test(blob) && /^[0-7]{6}$/.test(fields[1] ?? '')) {
            // Gitlinks (mode 160000) name commits of other repositories, not blobs.
            if (fields[1] !== '160000')
                onChange({ commit, authorDate, author, path: token, blob });
        }
    };
    await streamGit(cwd, [
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
        const tokens = (pending + decoder.write(chunk)).split('\0');
        pending = tokens.pop() ?? '';
        for (const token of tokens)
            take(token);
    }, stdin);
    if (pending)
        take(pending);
}

;// CONCATENATED MODULE: ./src/scan/sources/locate.ts

/**
 * Turns blobs that hold keys into findings with every (commit, path) that
 * wrote them, and marks the oldest such commit as the one that introduced the
 * key. `changes` are in `git log --topo-order` order: newest first.
 */
function collectBlobFindings(hits, changes, collector) {
    const placesByBlob = new Map();
    const age = new Map();
    changes.forEach((change, index) => {
        age.set(change.commit, Math.max(index, age.get(change.commit) ?? 0));
        const places = placesByBlob.get(change.blob) ?? [];
        places.push({
            path: change.path,
            commit: change.commit,
            author: change.author,
            authorDate: change.authorDate,
        });
        placesByBlob.set(change.blob, places);
    });
    for (const [blob, blocks] of hits) {
        const places = placesByBlob.get(blob) ?? [
            // In the object store but reachable from no ref (rebased away, not yet pruned).
            { path: `(unreachable object ${blob})`, commit: null, author: null, authorDate: null },
        ];
        for (const block of blocks)
            collector.add(block, places);
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

;// CONCATENATED MODULE: ./src/scan/sources/history.ts



/**
 * Scans every blob in the repository once, straight from the object store,
 * then asks `git log` where the few blobs holding keys were written.
 */
async function scanHistory(repo, collector, onWarning) {
    await assertRepository(repo);
    if ((await runGit(repo, ['rev-parse', '--is-shallow-repository'])).toString().trim() === 'true') {
        onWarning('this clone is shallow: only the fetched commits are scanned (use fetch-depth: 0 for all history)');
    }
    const hits = new Map();
    // Reading every object present says nothing of objects that are missing:
    // check that the history is whole while the blobs are read.
    const [stats] = await Promise.all([
        scanAllObjects(repo, (blob, blocks) => hits.set(blob, blocks)),
        assertComplete(repo),
    ]);
    if (hits.size) {
        const changes = await blobChanges(repo, ['--all'], new Set(hits.keys()));
        collectBlobFindings(hits, changes, collector);
    }
    return stats;
}

;// CONCATENATED MODULE: ./src/scan/sources/range.ts



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
async function commitExists(repo, rev) {
    try {
        await runGit(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * The revision arguments for what a push added. A new branch (A all zeros)
 * or a force push whose old tip is gone scans what `B` has that no other ref
 * has.
 */
async function revisionArgs(repo, from, to, onWarning) {
    if (!(await commitExists(repo, to)))
        throw new GitError(`unknown revision ${to}: is the pushed commit fetched?`);
    if (!ZERO_SHA.test(from) && (await commitExists(repo, from)))
        return [`${from}..${to}`];
    if (!ZERO_SHA.test(from))
        onWarning(`${from} is not in this clone (force push?): scanning what ${to} adds to the other refs`);
    const tip = (await runGit(repo, ['rev-parse', `${to}^{commit}`])).toString().trim();
    // An annotated tag's objectname is the tag object: compare the commit it
    // peels to, or a new tag at B would count as "another ref" and hide B.
    const refs = (await runGit(repo, ['for-each-ref', '--format=%(objectname) %(*objectname) %(refname)']))
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' '))
        .filter(([sha, peeled]) => (peeled || sha) !== tip)
        .map(([, , name]) => name);
    return [to, ...(refs.length ? ['--not', ...refs] : [])];
}
/** Scans the blobs that the commits of `A..B` write. */
async function scanRange(repo, range, collector, onWarning) {
    const { from, to } = parseRange(range);
    await assertRepository(repo);
    const args = await revisionArgs(repo, from, to, onWarning);
    const changes = await blobChanges(repo, args, null);
    const hits = new Map();
    const stats = await scanBlobs(repo, new Set(changes.map((change) => change.blob)), (blob, blocks) => hits.set(blob, blocks));
    collectBlobFindings(hits, changes.filter((change) => hits.has(change.blob)), collector);
    return stats;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/scan/sources/tree.ts





/** Files larger than this are streamed in chunks instead of read whole. */
const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;
/** Chunk size for streamed files, and the reused read buffer's initial size. */
const CHUNK_BYTES = 1024 * 1024;
/**
 * The entry's type was looked up before it is opened: should it have been
 * swapped since, never follow a link and never block on a FIFO.
 */
const OPEN_FLAGS = external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0) | (external_node_fs_.constants.O_NONBLOCK ?? 0);
const NUL = 0;
const TAB = 9;
const SLASH = Buffer.from('/');
const GITLINK_MODE = Buffer.from('160000 ');
/** `root` + `raw` as a path to open: a string is cheaper to build and to pass than a Buffer. */
function fullPath(root, rootBytes, raw, utf8) {
    return (0,external_node_buffer_.isUtf8)(raw) ? root + utf8 : Buffer.concat([rootBytes, raw]);
}
/** True when `dir` is in a git work tree (not a bare repository, not inside `.git`). */
async function inWorkTree(dir) {
    try {
        const out = await runGit(dir, ['rev-parse', '--is-inside-work-tree']);
        return out.toString('latin1').trim() === 'true';
    }
    catch {
        return false;
    }
}
/**
 * `git ls-files` in `dir` (paths relative to it), or null when `dir` is not in
 * a work tree. Listing first and asking only when it fails saves a git run.
 */
async function gitListing(dir) {
    try {
        return await runGit(dir, ['ls-files', '-z', '--stage', '--', '.']);
    }
    catch (error) {
        if (await inWorkTree(dir))
            throw error;
        return null;
    }
}
/**
 * Tracked files when `dir` is in a git work tree (as the index lists them),
 * every non-directory entry otherwise (symlinks are not followed, `.git` is
 * not entered).
 */
async function listFiles(dir, onWarning) {
    const root = dir.endsWith(external_node_path_.sep) ? dir : `${dir}${external_node_path_.sep}`;
    const rootBytes = Buffer.from(root);
    const out = await gitListing(dir);
    if (out) {
        const files = [];
        let previous = null;
        let at = 0;
        while (at < out.length) {
            const nul = out.indexOf(NUL, at);
            const end = nul === -1 ? out.length : nul;
            const entry = out.subarray(at, end);
            at = end + 1;
            // `<mode> <object> <stage>\t<path>`; a conflicted path is listed once per stage, in a row.
            const tab = entry.indexOf(TAB);
            if (tab === -1)
                continue;
            const raw = entry.subarray(tab + 1);
            if (previous?.equals(raw))
                continue;
            previous = raw;
            const path = raw.toString('utf8');
            files.push({
                path,
                full: fullPath(root, rootBytes, raw, path),
                gitlink: entry.subarray(0, GITLINK_MODE.length).equals(GITLINK_MODE),
                raw,
            });
        }
        return files;
    }
    const files = [];
    const walk = (current, relative) => {
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(current, { withFileTypes: true, encoding: 'buffer' });
        }
        catch (error) {
            // The directory asked for must be readable; one below it is skipped like a file.
            if (!relative.length)
                throw error;
            const code = error.code ?? error.message;
            onWarning(`skipped ${relative.toString('utf8')}/: ${code}`);
            return;
        }
        for (const entry of entries) {
            const name = entry.name;
            const full = Buffer.concat([current, SLASH, name]);
            const rel = relative.length ? Buffer.concat([relative, SLASH, name]) : name;
            if (entry.isDirectory()) {
                if (name.toString('latin1') !== '.git')
                    walk(full, rel);
            }
            else if (!entry.isSymbolicLink()) {
                // Regular files, and FIFOs, sockets and devices so that skipping them is reported.
                files.push({ path: rel.toString('utf8'), full, gitlink: false, entry });
            }
        }
    };
    walk(Buffer.from(dir), Buffer.alloc(0));
    return files;
}
/** What a non-regular entry is, for the warning that it was skipped. */
function entryKind(info) {
    if (info.isDirectory())
        return 'a directory';
    if (info.isFIFO())
        return 'a FIFO';
    if (info.isSocket())
        return 'a socket';
    if (info.isBlockDevice() || info.isCharacterDevice())
        return 'a device';
    return 'not a file';
}
/**
 * The types of the files git lists, from one listing of each directory: a
 * few hundred readdir calls instead of an lstat for every file.
 */
class DirectoryTypes {
    root;
    /** The directories on the way to the current file; git lists a directory's files together. */
    open = [];
    constructor(root) {
        this.root = root;
    }
    /** The entry for `raw`, or null when its directory does not list it (lstat it then). */
    typeOf(raw) {
        const slash = raw.lastIndexOf(SLASH[0]);
        const key = slash === -1 ? '' : raw.toString('latin1', 0, slash + 1);
        let top = this.open.at(-1);
        while (top && !key.startsWith(top.key)) {
            this.open.pop();
            top = this.open.at(-1);
        }
        if (top?.key !== key) {
            top = { key, entries: this.list(key) };
            this.open.push(top);
        }
        return top.entries?.get(raw.toString('latin1', slash + 1)) ?? null;
    }
    list(key) {
        try {
            const dir = Buffer.concat([this.root, Buffer.from(key, 'latin1')]);
            const entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true, encoding: 'latin1' });
            return new Map(entries.map((entry) => [entry.name, entry]));
        }
        catch {
            // Each file is looked at on its own then, and its own error reported.
            return null;
        }
    }
}
/**
 * Reads files one after another into one reused buffer, with synchronous
 * calls: on a warm page cache that is about twice as fast as overlapping
 * asynchronous reads, whose thread-pool round trips (open, stat, read,
 * close for each file) cost more than the copying itself.
 */
class FileReader {
    buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    /** The key blocks of a regular file, and how many bytes it had. */
    scan(full) {
        const fd = (0,external_node_fs_.openSync)(full, OPEN_FLAGS);
        try {
            let length = this.fill(fd, 0, this.buffer.length);
            if (length === this.buffer.length) {
                // Only a file that fills the buffer is worth a stat: is it to be read whole?
                const size = (0,external_node_fs_.fstatSync)(fd).size;
                if (size >= length && size <= WHOLE_FILE_LIMIT) {
                    // One byte more than its size, so that a file that is still growing is noticed.
                    this.grow(size + 1, length);
                    length = this.fill(fd, length, this.buffer.length);
                }
            }
            // Most files hold no marker: one search over the bytes, nothing decoded.
            if (length < this.buffer.length)
                return { blocks: findKeyBlocks(this.buffer.subarray(0, length)), bytes: length };
            return this.stream(fd, length);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    /** A larger buffer that keeps the first `keep` bytes. */
    grow(want, keep) {
        const size = Math.max(want, Math.min(2 * this.buffer.length, WHOLE_FILE_LIMIT + 1));
        const larger = Buffer.allocUnsafe(size);
        this.buffer.copy(larger, 0, 0, keep);
        this.buffer = larger;
    }
    /** Reads into the buffer from `from` until `to` or the end of the file; the new length. */
    fill(fd, from, to) {
        let length = from;
        while (length < to) {
            const read = (0,external_node_fs_.readSync)(fd, this.buffer, length, to - length, null);
            if (read === 0)
                break;
            length += read;
        }
        return length;
    }
    /**
     * Scans the `held` bytes in the buffer, then the rest of the file in
     * chunks: bounded memory for a file of any size.
     */
    stream(fd, held) {
        const scanner = new KeyBlockScanner();
        let bytes = 0;
        // The scanner copies what it keeps, so the buffer is free again once feed returns.
        for (let length = held; length; length = this.fill(fd, 0, CHUNK_BYTES)) {
            scanner.feed(this.buffer.subarray(0, length));
            bytes += length;
        }
        return { blocks: scanner.end(), bytes };
    }
}
/**
 * Scans the files of a directory. Unreadable files are reported through
 * `onWarning` and skipped; the scan goes on.
 */
async function scanTree(dir, onHit, onWarning, onProgress) {
    const files = await listFiles(dir, onWarning);
    const stats = { filesScanned: 0, bytesScanned: 0 };
    const types = new DirectoryTypes(Buffer.from(dir.endsWith(external_node_path_.sep) ? dir : `${dir}${external_node_path_.sep}`));
    const reader = new FileReader();
    for (let index = 0; index < files.length; index++) {
        const file = files[index];
        const { path, full } = file;
        try {
            // No entry at all: a file the index lists but the work tree lacks was deleted.
            const info = file.entry ??
                (file.raw && types.typeOf(file.raw)) ??
                (0,external_node_fs_.lstatSync)(full, { throwIfNoEntry: false });
            // Links are not followed: their target is someone else's content.
            if (info && !info.isSymbolicLink()) {
                if (!info.isFile()) {
                    // A checked-out (or empty, uninitialised) submodule is another repository.
                    if (!(file.gitlink && info.isDirectory()))
                        onWarning(`skipped ${path}: not a regular file (${entryKind(info)})`);
                }
                else {
                    const { blocks, bytes } = reader.scan(full);
                    stats.filesScanned++;
                    stats.bytesScanned += bytes;
                    if (blocks.length)
                        onHit(path, blocks);
                }
            }
        }
        catch (error) {
            const code = error.code;
            if (code !== 'ENOENT')
                onWarning(`skipped ${path}: ${code ?? error.message}`);
        }
        onProgress?.(index + 1, files.length);
    }
    return stats;
}

;// CONCATENATED MODULE: ./src/scan/scan.ts







class ScanInputError extends Error {
    name = 'ScanInputError';
}
/** Scans a working tree, a whole history or a push range for private keys. */
async function scan(options) {
    const started = performance.now();
    const path = (0,external_node_path_.resolve)(options.path);
    const info = await (0,promises_.stat)(path).catch(() => null);
    if (!info?.isDirectory())
        throw new ScanInputError(`not a directory: ${options.path}`);
    const warnings = [];
    const onWarning = (message) => {
        warnings.push(message);
        options.onWarning?.(message);
    };
    const collector = new FindingCollector();
    const stats = {
        filesScanned: 0,
        blobsScanned: 0,
        bytesScanned: 0,
        suppressed: 0,
        elapsedMs: 0,
    };
    if (options.source.kind === 'tree') {
        const tree = await scanTree(path, (file, blocks) => {
            for (const block of blocks)
                collector.add(block, [{ path: file, commit: null, author: null, authorDate: null }]);
        }, onWarning, options.onProgress);
        stats.filesScanned = tree.filesScanned;
        stats.bytesScanned = tree.bytesScanned;
    }
    else {
        const objects = options.source.kind === 'history'
            ? await scanHistory(path, collector, onWarning)
            : await scanRange(path, options.source.range, collector, onWarning);
        stats.blobsScanned = objects.blobsScanned;
        stats.bytesScanned = objects.bytesScanned;
    }
    const { kept, suppressed, diagnostics } = applyIgnore(collector.findings(), options.ignore);
    stats.suppressed = suppressed;
    stats.elapsedMs = Math.round(performance.now() - started);
    return { findings: kept.sort(byFirstLocation), stats, warnings, ignore: diagnostics };
}
function byFirstLocation(a, b) {
    const left = a.locations[0];
    const right = b.locations[0];
    return ((left?.path ?? '').localeCompare(right?.path ?? '') || (left?.line ?? 0) - (right?.line ?? 0));
}

;// CONCATENATED MODULE: ./src/commands/scan.ts








/** Runs `scan` and returns the exit code: 0 clean, 1 findings. Errors throw. */
async function runScanCommand(path, options) {
    if (options.history && options.range)
        throw new ScanInputError('--history and --range cannot be used together');
    const source = options.history
        ? { kind: 'history' }
        : options.range
            ? { kind: 'range', range: options.range }
            : { kind: 'tree' };
    const ignoreFile = options.ignoreFile ?? (0,external_node_path_.join)(path, DEFAULT_IGNORE_FILE);
    const trusted = options.ignoreFrom
        ? await ignoreFromRef(path, options.ignoreFrom, ignoreFile, Boolean(options.ignoreFile))
        : null;
    const ignore = trusted?.accepted ?? (await loadIgnoreFile(ignoreFile, Boolean(options.ignoreFile)));
    const progress = terminalProgress();
    const result = await scan({
        path,
        source,
        ignore,
        onProgress: progress.update,
        onWarning: options.format === 'text'
            ? undefined
            : (message) => process.stderr.write(`warning: ${(0,log_escape/* escapeLogLine */._P)(message)}\n`),
    });
    progress.clear();
    if (trusted) {
        for (const message of ignoreWarnings(trusted.file, trusted.refused, result.ignore, {
            unused: source.kind !== 'range',
        }))
            process.stderr.write(`warning: ${(0,log_escape/* escapeLogLine */._P)(message)}\n`);
    }
    const report = (0,format/* formatResult */.J)(result, options.format);
    if (options.output)
        await (0,promises_.writeFile)(options.output, report);
    else
        process.stdout.write(report);
    return result.findings.length ? 1 : 0;
}
/** `--ignore-from REF`: the ignore file as committed at REF, catch-all entries refused. */
async function ignoreFromRef(path, ref, file, required) {
    const commit = await resolveCommit(path, ref);
    if (!commit)
        throw new ScanInputError(`--ignore-from: ${JSON.stringify(ref)} is not a commit in ${path}`);
    const inRepo = await repositoryPath(path, file);
    if (!inRepo)
        throw new IgnoreFileError(`--ignore-from: ${file} is not inside the repository`);
    const entries = await readIgnoreAtCommit(path, commit, inRepo);
    if (!entries && required)
        throw new IgnoreFileError(`cannot read ignore file ${ref}:${inRepo}: not in that commit`);
    return { ...refuseCatchAll(entries ?? []), file: `${ref}:${inRepo}` };
}


/***/ }),

/***/ 3436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pr: () => (/* binding */ md5Fingerprint),
/* harmony export */   _7: () => (/* binding */ sha256Fingerprint),
/* harmony export */   i_: () => (/* binding */ ec2Fingerprints)
/* harmony export */ });
/* unused harmony exports colonHex, rsaPkcs8Der */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

/** `aa:bb:cc…`, the colon hex EC2 and `openssl … -c` print. */
function colonHex(digest) {
    return digest.toString('hex').replace(/(..)(?!$)/g, '$1:');
}
/** OpenSSH `SHA256:…` (unpadded base64), exactly what `ssh-keygen -l` prints. */
function sha256Fingerprint(key) {
    return key.fingerprint('sha256').toString();
}
/** MD5 of the SSH wire-format public key, colon hex: the RFC 4716 form (`ssh-keygen -E md5` adds `MD5:`). */
function md5Fingerprint(key) {
    return key.fingerprint('md5').toString();
}
function toBigInt(buf) {
    return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}
function toBase64Url(value) {
    let hex = value.toString(16);
    if (hex.length % 2)
        hex = `0${hex}`;
    return Buffer.from(hex, 'hex').toString('base64url');
}
function modInverse(a, m) {
    let [oldR, r] = [a % m, m];
    let [oldS, s] = [1n, 0n];
    while (r !== 0n) {
        const q = oldR / r;
        [oldR, r] = [r, oldR - q * r];
        [oldS, s] = [s, oldS - q * s];
    }
    return ((oldS % m) + m) % m;
}
/**
 * DER PKCS#8 of an RSA private key, rebuilt from n, e, d, p, q alone with
 * OpenSSL's convention p > q. PuTTY and OpenSSH files store the CRT values
 * differently, and the EC2 "created" fingerprint is over OpenSSL's encoding.
 */
function rsaPkcs8Der(privateKey) {
    const part = (name) => {
        const data = privateKey.parts.find((candidate) => candidate.name === name)?.data;
        if (!data)
            throw new Error(`RSA key lacks ${name}`);
        return toBigInt(data);
    };
    const n = part('n');
    const e = part('e');
    const d = part('d');
    let p = part('p');
    let q = part('q');
    if (p < q)
        [p, q] = [q, p];
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
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' });
}
/**
 * EC2's fingerprints for this key. The AWS-created RSA form needs the private
 * key; it is null when only the public half is known (encrypted containers).
 */
function ec2Fingerprints(key, privateKey) {
    const result = { imported: null, created: null, ed25519: null };
    if (key.type === 'rsa') {
        const spki = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key.toString('pkcs8')).export({ type: 'spki', format: 'der' });
        result.imported = colonHex((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(spki).digest());
        if (privateKey) {
            const pkcs8 = rsaPkcs8Der(privateKey);
            result.created = colonHex((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(pkcs8).digest());
        }
    }
    else if (key.type === 'ed25519') {
        const blob = key.toBuffer('rfc4253');
        result.ed25519 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64');
    }
    return result;
}


/***/ })

};
