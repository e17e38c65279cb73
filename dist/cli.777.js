export const id = 777;
export const ids = [777];
export const modules = {

/***/ 4777:
/***/ ((__webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7375);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(376);
/* harmony import */ var _scan_fail_on_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1837);
/* harmony import */ var _scan_parallel_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3064);
/* harmony import */ var _scan_place_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6164);
/* harmony import */ var _report_log_escape_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8136);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9741);
/**
 * The command line: its commands and their options. Loaded by the entry
 * (cli.ts) once the compile cache is on; each command's own modules load
 * only when it runs.
 */







/** Exit codes of the CLI contract. */
const EXIT_ERROR = 2;
function fail(message) {
    process.stderr.write(`ec2-key-rotate: ${(0,_report_log_escape_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeLogLine */ ._P)(message.split('\n')[0] ?? '')}\n`);
    process.exit(EXIT_ERROR);
}
const program = new commander__WEBPACK_IMPORTED_MODULE_0__/* .Command */ .uB('ec2-key-rotate')
    .description('Find committed EC2 private keys and rotate the key pairs they open.')
    .version(_version_js__WEBPACK_IMPORTED_MODULE_5__/* .VERSION */ .xv)
    .exitOverride()
    .configureOutput({
    writeErr: (text) => process.stderr.write(text),
    // The contract's one-line reason: keep commander's "(Did you mean …?)" on the same line.
    outputError: (text, write) => write(`${text.trimEnd().replace(/\s*\n\s*/g, ' ')}\n`),
});
program
    .command('scan')
    .description('Scan a directory, a git history or a push range for private keys (exit 0 clean, 1 found, 2 error)')
    .argument('[path]', 'directory, repository, file, or - for standard input', '.')
    .option('--history', 'scan every blob, commit and tag message in the git history')
    .option('--range <A..B>', 'scan the commits a push adds (before..after), messages included')
    .option('--staged', 'scan what a commit would take: the staged files (for pre-commit hooks)')
    .option('--no-git', 'scan every file under the directory, untracked and ignored ones included')
    .addOption(new commander__WEBPACK_IMPORTED_MODULE_0__/* .Option */ .c$('--format <format>', 'output format').choices(_report_format_js__WEBPACK_IMPORTED_MODULE_1__/* .OUTPUT_FORMATS */ .DS).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout (warnings stay on stderr)')
    .addOption(new commander__WEBPACK_IMPORTED_MODULE_0__/* .Option */ .c$('--fail-on <what>', 'which findings exit 1: key (every finding but documentation placeholders), placeholder or any (placeholders too), none')
    .choices(_scan_fail_on_js__WEBPACK_IMPORTED_MODULE_6__/* .FAIL_ON */ .d$)
    .default('key'))
    .option('--ignore-file <file>', "ignore file (default: .ec2-key-rotate-ignore at the top of PATH's repository, or in PATH, when present)")
    .option('--ignore-from <ref>', 'read the ignore file from this commit (e.g. origin/main) instead of the working tree, refusing catch-all entries: for scanning untrusted commits')
    .action(async (path, options) => {
    // Asked before the scanner's modules load: git answers while they compile.
    const where = (0,_scan_place_js__WEBPACK_IMPORTED_MODULE_3__/* .placeOfPath */ .Es)(path);
    // A PATH that cannot be scanned fails this at once, while the import below still loads:
    // its error is met where the scan awaits it, and must not count as unhandled until then
    // (Node 20 would end the process with a stack trace and exit code 1, "keys found").
    where.catch(() => undefined);
    // Commands load on use: `scan` and `--version` never load the AWS SDK that `rotate` needs.
    const { runScanCommand } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(6), __webpack_require__.e(735), __webpack_require__.e(228)]).then(__webpack_require__.bind(__webpack_require__, 1228));
    process.exitCode = await runScanCommand(path, { ...options, where });
});
const collect = (value, previous = []) => [...previous, value];
/** Where the new private key goes and what it is: rotate, plan and recover share these flags. */
function newKeyOptions(command) {
    return command
        .option('--parameter-path <path>', 'Parameter Store path for the new private key', '/ec2-key-rotate')
        .option('--kms-key-id <id>', 'KMS key for the SecureString parameter')
        .addOption(new commander__WEBPACK_IMPORTED_MODULE_0__/* .Option */ .c$('--key-type <type>', 'type of the new key')
        .choices(['ed25519', 'rsa'])
        .default('ed25519'));
}
const formatOption = () => new commander__WEBPACK_IMPORTED_MODULE_0__/* .Option */ .c$('--format <format>', 'output format').choices(['text', 'json']).default('text');
for (const name of ['plan', 'rotate']) {
    newKeyOptions(program.command(name))
        .description(name === 'plan'
        ? 'Show which key pairs and instances a rotation would touch; changes nothing'
        : 'Rotate key pairs across their instances through SSM Run Command (exit 0 done, 1 incomplete, 2 error)')
        .option('--key-pair <name>', 'key pair to rotate (repeatable)', collect)
        .option('--from-scan <file>', 'rotate the key pairs opened by the keys in this scan JSON')
        .option('--max-key-age <days>', 'rotate key pairs carrying the target tag that are older than this')
        .option('--region <region>', 'region to search (repeatable; default AWS_REGION)', collect)
        .option('--target-tag <key=value>', 'also maintain instances with this tag', 'ec2-key-rotate=enabled')
        .option('--user <name>', 'also give this user the new key (repeatable)', collect)
        .option('--ssm-document <name>', "document that runs the host script: ec2-key-rotate (the project's own, installed by an administrator) or AWS-RunShellScript (the wider grant)", 'ec2-key-rotate')
        .option('--new-key-pair-name <name>', 'import the new key under this name instead of the old one')
        .option('--keyless', 'remove the key from every SSM-online instance without installing a new one and delete the key pair (log in with Session Manager); instances SSM cannot reach keep their key and are listed. With --max-key-age, also list every instance that still has a key')
        .addOption(new commander__WEBPACK_IMPORTED_MODULE_0__/* .Option */ .c$('--offline-recovery <method>', 'instances SSM cannot reach: none (report them), user-data (stop, boot once with the host script in user data, start) or reset-access (AWSSupport-ResetAccess: a new key, the leaked one NOT removed)')
        .choices(['none', 'user-data', 'reset-access'])
        .default('none'))
        .addOption(new commander__WEBPACK_IMPORTED_MODULE_0__/* .Option */ .c$('--restore-user-data <when>', "with user-data: put the instance's own user data back by a second stop and start (stop-start) or at its next stop (once)").choices(['stop-start', 'once']))
        .option('--dry-run', 'plan only')
        .option('--break-lock', "take over the lock of a run that was killed (it resumes that run's rotation)")
        .option('--lock-wait <minutes>', 'wait this long for a key pair another run is rotating before failing', '10')
        .addOption(formatOption())
        .action(async (options) => {
        const { runRotateCommand } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(96), __webpack_require__.e(695), __webpack_require__.e(172), __webpack_require__.e(666), __webpack_require__.e(468), __webpack_require__.e(478)]).then(__webpack_require__.bind(__webpack_require__, 1478));
        process.exitCode = await runRotateCommand(options, name === 'plan');
    });
}
program
    .command('install-document')
    .description("Install or update the project's SSM document (ec2-key-rotate-host) that rotations run, with an administrator's credentials (exit 0 done, 1 --check found it missing or stale, 2 error)")
    .option('--region <region>', 'region to install in (repeatable; default AWS_REGION)', collect)
    .option('--check', "only check that each region has this release's document")
    .action(async (options) => {
    const { runInstallDocumentCommand } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(96), __webpack_require__.e(172), __webpack_require__.e(627)]).then(__webpack_require__.bind(__webpack_require__, 5627));
    process.exitCode = await runInstallDocumentCommand(options);
});
newKeyOptions(program.command('recover'))
    .description('Lost key: give USER a new key on the instances (custody in Parameter Store first, added and verified through SSM Run Command); prints how to fetch it and log in (exit 0 done, 1 incomplete, 2 error)')
    .option('--instance <id>', 'instance to recover (repeatable)', collect)
    .option('--key-pair <name>', 'recover the instances launched with this key pair')
    .option('--user <name>', 'the account that gets the new key (e.g. ec2-user, ubuntu)')
    .option('--region <region>', 'region of the instances (default AWS_REGION)')
    .option('--revoke-old', "also remove the key pair's current public key where the new key is verified (a lost key may be a stolen one)")
    .option('--import-key-pair <name>', 'import the new public key as an EC2 key pair of this name')
    .option('--ssm-document <name>', "document that runs the host script: ec2-key-rotate (the project's own) or AWS-RunShellScript", 'ec2-key-rotate')
    .option('--break-lock', 'take over the lock of a recovery that was killed (it resumes that run)')
    .option('--lock-wait <minutes>', 'wait this long for a recovery another run holds', '10')
    .addOption(formatOption())
    .action(async (options) => {
    const { runRecoverCommand } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(96), __webpack_require__.e(695), __webpack_require__.e(172), __webpack_require__.e(666), __webpack_require__.e(468), __webpack_require__.e(858)]).then(__webpack_require__.bind(__webpack_require__, 8858));
    process.exitCode = await runRecoverCommand(options);
});
program
    .command('audit')
    .description('Was the leaked key used? Read sshd logs on every instance it opens, through SSM Run Command; changes nothing (exit 0 not used, 1 used or cannot tell, 2 error)')
    .option('--key-pair <name>', 'audit the key of this key pair (repeatable)', collect)
    .option('--from-scan <file>', 'audit the keys in this scan JSON (leak time: their first commit)')
    .option('--region <region>', 'region to search (repeatable; default AWS_REGION)', collect)
    .option('--since <iso-time>', 'leak time, e.g. 2026-03-05T10:00:00Z (default: first commit, or the key pair creation)')
    .option('--target-tag <key=value>', 'also audit instances with this tag', 'ec2-key-rotate=enabled')
    .option('--parameter-path <path>', 'Parameter Store path of the leak records', '/ec2-key-rotate')
    .option('--ssm-document <name>', "document that runs the host script: ec2-key-rotate (the project's own) or AWS-RunShellScript", 'ec2-key-rotate')
    .addOption(formatOption())
    .action(async (options) => {
    const { runAuditCommand } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(96), __webpack_require__.e(695), __webpack_require__.e(172), __webpack_require__.e(666), __webpack_require__.e(41)]).then(__webpack_require__.bind(__webpack_require__, 7041));
    process.exitCode = await runAuditCommand(options);
});
try {
    // Scans may start a worker on this process's entry (src/cli.ts serves it there).
    (0,_scan_parallel_js__WEBPACK_IMPORTED_MODULE_2__/* .allowScanWorkers */ .eJ)(process.argv[1]);
    await program.parseAsync(process.argv);
}
catch (error) {
    if (error instanceof commander__WEBPACK_IMPORTED_MODULE_0__/* .CommanderError */ .b7) {
        // --help and --version end through here with exit code 0.
        process.exit(error.exitCode === 0 ? 0 : EXIT_ERROR);
    }
    fail(error instanceof Error ? error.message : String(error));
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 4011:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ describeKey)
/* harmony export */ });
const TYPE_NAMES = {
    rsa: 'RSA',
    ecdsa: 'ECDSA',
    ed25519: 'Ed25519',
    dsa: 'DSA',
    unknown: 'unknown-type',
};
const FORMAT_NAMES = {
    pkcs1: 'PKCS#1 PEM',
    pkcs8: 'PKCS#8 PEM',
    sec1: 'SEC1 PEM',
    openssh: 'OpenSSH',
    putty: 'PuTTY PPK',
    sshcom: 'ssh.com',
    ssh1: 'SSH1',
    unknown: 'unknown format',
};
/** "RSA 2048-bit private key (PKCS#1 PEM, encrypted)": no secret in it. */
function describeKey(finding) {
    const size = finding.bits ? ` ${finding.bits}-bit` : '';
    const traits = [FORMAT_NAMES[finding.format]];
    if (finding.encrypted)
        traits.push('encrypted');
    if (finding.placeholder)
        traits.push('placeholder');
    else if (finding.truncated)
        traits.push('truncated');
    else if (!finding.parsed)
        traits.push('does not parse');
    return `${TYPE_NAMES[finding.keyType]}${size} private key (${traits.join(', ')})`;
}


/***/ }),

/***/ 376:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DS: () => (/* binding */ OUTPUT_FORMATS),
  iq: () => (/* binding */ reportPieces)
});

// UNUSED EXPORTS: formatResult

// EXTERNAL MODULE: ./.build/js/src/report/json-stream.js
var json_stream = __webpack_require__(2761);
;// CONCATENATED MODULE: ./.build/js/src/report/json.js

const NOTHING_OMITTED = { perFile: 0, placeholders: 0, encrypted: 0, others: 0 };
/**
 * One finding as the contract lists it. Fields are listed one by one so that
 * nothing added to a finding later can reach the output unseen.
 */
function findingJson(finding) {
    return {
        id: finding.id,
        fingerprint: finding.fingerprint,
        md5: finding.md5,
        keyType: finding.keyType,
        bits: finding.bits,
        format: finding.format,
        encrypted: finding.encrypted,
        parsed: finding.parsed,
        confidence: finding.confidence,
        placeholder: finding.placeholder,
        truncated: finding.truncated,
        note: finding.note,
        publicKey: finding.publicKey,
        ec2Fingerprints: { ...finding.ec2Fingerprints },
        omittedPlaces: finding.omittedPlaces ?? 0,
        // Written place by place: a key can sit at a hundred thousand places.
        locations: new json_stream/* LazyArray */.Yt((function* places() {
            for (const location of finding.locations)
                yield {
                    path: location.path,
                    ...(location.kind ? { kind: location.kind } : {}),
                    line: location.line,
                    commit: location.commit,
                    introducedBy: location.introducedBy,
                    author: location.author,
                    authorDate: location.authorDate,
                };
        })()),
    };
}
/** The scanner's JSON document (the CLI contract), piece by piece. */
function jsonReport(result) {
    const document = {
        findings: new json_stream/* LazyArray */.Yt((function* findings() {
            for (const finding of result.findings)
                yield findingJson(finding);
        })()),
        stats: result.stats,
        omitted: { ...NOTHING_OMITTED, ...result.omitted },
        // Only when the scan could not read some path: the report does not cover it.
        incomplete: result.incomplete && {
            unreadable: result.incomplete.unreadable,
            paths: result.incomplete.paths,
            // What else left it short (standard input empty, a git stopped), when anything did.
            ...(result.incomplete.reasons?.length ? { reasons: result.incomplete.reasons } : {}),
        },
        warnings: result.warnings,
    };
    return (function* pieces() {
        yield* (0,json_stream/* withoutLegacyCommands */.Uy)((0,json_stream/* jsonPieces */.Mx)(document));
        yield '\n';
    })();
}
/** The whole document as one string: for small results (tests, the action's files). */
function toJson(result) {
    return [...jsonReport(result)].join('');
}

// EXTERNAL MODULE: ./.build/js/src/version.js + 1 modules
var version = __webpack_require__(9741);
// EXTERNAL MODULE: ./.build/js/src/report/describe.js
var describe = __webpack_require__(4011);
;// CONCATENATED MODULE: ./.build/js/src/scan/location-kind.js
/**
 * True when a location names a file of the repository (or working tree):
 * the typed flag, never the text of the path (a file may be named `(x)`).
 */
function isRepositoryFile(location) {
    return (location.kind ?? 'file') === 'file';
}

// EXTERNAL MODULE: ./.build/js/src/scan/fail-on.js
var fail_on = __webpack_require__(1837);
// EXTERNAL MODULE: ./.build/js/src/scan/path-text.js
var path_text = __webpack_require__(5866);
;// CONCATENATED MODULE: ./.build/js/src/report/sarif.js






const FORMATS = [
    'pkcs1',
    'pkcs8',
    'sec1',
    'openssh',
    'putty',
    'sshcom',
    'ssh1',
    'unknown',
];
const FORMAT_TITLES = {
    pkcs1: 'PKCS#1 (RSA/DSA PEM)',
    pkcs8: 'PKCS#8 PEM',
    sec1: 'SEC1 (EC PEM)',
    openssh: 'OpenSSH',
    putty: 'PuTTY .ppk',
    sshcom: 'ssh.com (Tectia)',
    ssh1: 'SSH protocol 1',
    unknown: 'unrecognised',
};
const HELP = 'A private key committed to git stays in every clone and fork, even after the file is deleted. ' +
    'Treat it as leaked: rotate the EC2 key pair it opens (ec2-key-rotate can do this through SSM), ' +
    'remove the file, purge it from history (git filter-repo) and review sshd and CloudTrail logs.';
/** What encodeURIComponent leaves as it is. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]$/;
/** A segment's bytes percent-encoded as encodeURIComponent encodes its UTF-8. */
function encodeBytes(bytes) {
    let out = '';
    for (const byte of bytes) {
        const char = String.fromCharCode(byte);
        out +=
            byte < 0x80 && UNRESERVED.test(char)
                ? char
                : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}
/**
 * A relative URI for a `/`-separated path: each segment percent-encoded, so
 * `#`, `?` and `%` in file names stay part of the path. A name that is not
 * UTF-8 (quoted, see pathText) is encoded from its own bytes, so the URI
 * names that file and no other.
 */
function pathUri(path) {
    if (path.length >= 2 && path.startsWith('"') && path.endsWith('"')) {
        const bytes = (0,path_text/* pathBytes */.X)(path);
        const segments = [];
        let from = 0;
        for (let at = bytes.indexOf(0x2f); at !== -1; at = bytes.indexOf(0x2f, from)) {
            segments.push(bytes.subarray(from, at));
            from = at + 1;
        }
        segments.push(bytes.subarray(from));
        return segments.map(encodeBytes).join('/');
    }
    return path.split('/').map(encodeURIComponent).join('/');
}
function ruleId(format) {
    return `private-key/${format}`;
}
/** One SARIF result per place of a finding, a place (path and line) once however many commits hold it. */
function* findingResults(finding) {
    const seen = new Set();
    for (const location of finding.locations) {
        const key = `${location.path}\0${location.line}`;
        // Not a file (standard input, a commit message, an unreachable object): nothing to point at.
        // The typed flag, never the path's text: a file may be named `(x).pem`.
        if (seen.has(key) || !isRepositoryFile(location))
            continue;
        seen.add(key);
        yield {
            ruleId: ruleId(finding.format),
            ruleIndex: FORMATS.indexOf(finding.format),
            level: (0,fail_on/* isRealKey */.cx)(finding) ? 'error' : 'warning',
            message: {
                text: `${(0,describe/* describeKey */.R)(finding)} committed` +
                    (finding.fingerprint ? ` (fingerprint ${finding.fingerprint})` : '') +
                    (location.commit ? ` in commit ${location.commit}` : '') +
                    '. Rotate the key pair it opens and purge it from history.',
            },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: { uri: pathUri(location.path), uriBaseId: '%SRCROOT%' },
                        region: { startLine: location.line },
                    },
                },
            ],
            partialFingerprints: { 'privateKeyId/v1': finding.id },
        };
    }
}
/**
 * An incomplete scan as SARIF says it (2.1.0, appendix I): an invocation
 * that did not succeed, with an error notification naming the first paths
 * that could not be read. A complete scan has none.
 */
function invocations(result) {
    const incomplete = result.incomplete;
    if (!incomplete)
        return undefined;
    const { unreadable, paths, reasons = [] } = incomplete;
    const unread = {
        level: 'error',
        descriptor: { id: 'unreadable-path' },
        message: {
            text: `The scan is incomplete: ${unreadable} path${unreadable === 1 ? '' : 's'} could not be read ` +
                '(no permission, an I/O error): what they hold was not checked for private keys.',
        },
        locations: paths.map((path) => ({
            physicalLocation: { artifactLocation: { uri: pathUri(path), uriBaseId: '%SRCROOT%' } },
        })),
    };
    // Standard input that held nothing, a git stopped for waiting forever: said in words.
    const others = reasons.map((reason) => ({
        level: 'error',
        descriptor: { id: 'incomplete-scan' },
        message: { text: `The scan is incomplete: ${reason}.` },
    }));
    return [
        {
            executionSuccessful: false,
            toolExecutionNotifications: [...(unreadable || !reasons.length ? [unread] : []), ...others],
        },
    ];
}
/** SARIF 2.1.0 for GitHub code scanning, piece by piece: one rule per key format, one result per place. */
function sarifReport(result) {
    const rules = FORMATS.map((format) => ({
        id: ruleId(format),
        name: `CommittedPrivateKey${format[0]?.toUpperCase()}${format.slice(1)}`,
        shortDescription: { text: `Committed ${FORMAT_TITLES[format]} private key` },
        fullDescription: {
            text: `A ${FORMAT_TITLES[format]} private key is committed to the repository.`,
        },
        help: { text: HELP, markdown: HELP },
        defaultConfiguration: { level: 'error' },
        properties: {
            tags: ['security', 'secret', 'ssh'],
            precision: 'high',
            'security-severity': '9.0',
        },
    }));
    const log = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'ec2-key-rotate',
                        version: version/* VERSION */.xv,
                        informationUri: version/* REPOSITORY_URL */.ld,
                        rules,
                    },
                },
                invocations: invocations(result),
                results: new json_stream/* LazyArray */.Yt((function* results() {
                    for (const finding of result.findings)
                        yield* findingResults(finding);
                })()),
            },
        ],
    };
    return (function* pieces() {
        yield* (0,json_stream/* withoutLegacyCommands */.Uy)((0,json_stream/* jsonPieces */.Mx)(log));
        yield '\n';
    })();
}
/** The whole SARIF log as one string. */
function toSarif(result) {
    return [...sarifReport(result)].join('');
}

// EXTERNAL MODULE: ./.build/js/src/report/text.js
var report_text = __webpack_require__(2189);
;// CONCATENATED MODULE: ./.build/js/src/report/format.js



const OUTPUT_FORMATS = ['text', 'json', 'sarif'];
/** The report in `format`, piece by piece: write it with `writePieces`, never join it whole. */
function reportPieces(result, format) {
    switch (format) {
        case 'json':
            return jsonReport(result);
        case 'sarif':
            return sarifReport(result);
        default:
            return (0,report_text/* textReport */.Mf)(result);
    }
}
/** The report as one string: for small results only. */
function formatResult(result, format) {
    return [...reportPieces(result, format)].join('');
}


/***/ }),

/***/ 2761:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mx: () => (/* binding */ jsonPieces),
/* harmony export */   Uy: () => (/* binding */ withoutLegacyCommands),
/* harmony export */   Yt: () => (/* binding */ LazyArray),
/* harmony export */   s$: () => (/* binding */ jsonText)
/* harmony export */ });
/**
 * JSON written piece by piece, byte for byte what `JSON.stringify(value,
 * null, 2)` writes, so that a report of any size never has to be one string
 * (V8 caps strings at 512 MiB: `Invalid string length`). Plain data only:
 * objects, arrays, strings, numbers, booleans and null; `undefined` members
 * are left out as JSON.stringify leaves them out.
 */
/** An array written item by item from an iterable, which may be a generator. */
class LazyArray {
    items;
    constructor(items) {
        this.items = items;
    }
}
const isPrimitive = (value) => value === null || typeof value !== 'object';
/** True when one JSON.stringify can write `value`: nothing in it is lazy (checked one level deep). */
function flat(value) {
    return !(value instanceof LazyArray) && Object.values(value).every(isPrimitive);
}
/**
 * `JSON.stringify(value, null, 2)` of an object or array of primitives, at
 * depth `indent`, written member by member: stringifying with an indent and
 * re-indenting every line cost more than the rest of a report's writing.
 */
function flatJson(value, indent) {
    const inner = `${indent}  `;
    let out = '';
    if (Array.isArray(value)) {
        for (const item of value)
            out += `${out ? ',' : '['}\n${inner}${JSON.stringify(item) ?? 'null'}`;
        return out ? `${out}\n${indent}]` : '[]';
    }
    for (const [key, member] of Object.entries(value)) {
        const text = JSON.stringify(member);
        if (text === undefined)
            continue;
        out += `${out ? ',' : '{'}\n${inner}${JSON.stringify(key)}: ${text}`;
    }
    return out ? `${out}\n${indent}}` : '{}';
}
/** Flat array items stringified by one call. */
const FLAT_RUN = 256;
/**
 * `items` inside as many one-item arrays as `indent` has levels: stringified
 * with an indent, its items come out indented as they stand here, with no
 * second pass over the text to re-indent it.
 */
function nestedAs(items, indent) {
    let nested = items;
    for (let level = 0; level < indent.length / 2; level++)
        nested = [nested];
    return nested;
}
/**
 * The items of `nestedAs(items, indent)` as stringified: without the
 * brackets around them (a line each, opening `[\n` and closing `\n]`, two
 * more spaces a level) and without the first item's own indent, which its
 * writer puts before it.
 */
function itemsOf(text, indent) {
    const levels = indent.length / 2 + 1;
    // Each level's bracket line: its indent (two spaces a level above it), the bracket, a newline.
    const edge = levels * (levels + 1);
    return text.slice(edge + indent.length, -edge);
}
/** Yields the JSON text of `value` at nesting depth `indent` (its leading spaces). */
function* jsonPieces(value, indent = '') {
    if (isPrimitive(value)) {
        yield JSON.stringify(value);
        return;
    }
    if (flat(value)) {
        yield flatJson(value, indent);
        return;
    }
    const inner = `${indent}  `;
    if (value instanceof LazyArray || Array.isArray(value)) {
        const items = value instanceof LazyArray ? value.items : value;
        let first = true;
        // Flat items (a report's locations) are stringified FLAT_RUN at a time by one native
        // call: per item, that work was most of a large report's cost.
        let run = [];
        const flush = () => {
            const text = JSON.stringify(nestedAs(run, indent), null, 2);
            run = [];
            return itemsOf(text, indent);
        };
        for (const item of items) {
            // JSON.stringify writes an `undefined` item as null.
            const member = item === undefined ? null : item;
            if (isPrimitive(member) || flat(member)) {
                run.push(member);
                if (run.length < FLAT_RUN)
                    continue;
            }
            if (run.length) {
                yield `${first ? '[\n' : ',\n'}${indent}${flush()}`;
                first = false;
            }
            if (member === null || isPrimitive(member) || flat(member))
                continue;
            yield first ? `[\n${inner}` : `,\n${inner}`;
            first = false;
            yield* jsonPieces(member, inner);
        }
        if (run.length) {
            yield `${first ? '[\n' : ',\n'}${indent}${flush()}`;
            first = false;
        }
        yield first ? '[]' : `\n${indent}]`;
        return;
    }
    let first = true;
    for (const [key, member] of Object.entries(value)) {
        if (member === undefined)
            continue;
        yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
        first = false;
        yield* jsonPieces(member, inner);
    }
    yield first ? '{}' : `\n${indent}}`;
}
/**
 * The Actions runner reads `##[` anywhere in a line of the log as a legacy
 * workflow command, and a report printed to stdout is the log. In JSON text
 * `##[` can only stand inside a string, where `\u005b` is the same `[`.
 */
function* withoutLegacyCommands(pieces) {
    for (const piece of pieces)
        yield piece.includes('##[') ? piece.replaceAll('##[', '##\\u005b') : piece;
}
/** `JSON.stringify(value, null, 2)` with `##[` defused as `withoutLegacyCommands` does. */
function jsonText(value) {
    return [...withoutLegacyCommands([JSON.stringify(value, null, 2)])].join('');
}


/***/ }),

/***/ 8136:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BZ: () => (/* binding */ quotePathForLog),
/* harmony export */   I5: () => (/* binding */ quoteForLog),
/* harmony export */   _P: () => (/* binding */ escapeLogLine)
/* harmony export */ });
/* unused harmony exports hasUnsafeChar, escapeLogLines, stopToken, untrustedBlock */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/**
 * Text for the log, where the Actions runner reads any line that starts
 * (after leading whitespace) with `::` as a workflow command, and any line
 * that holds `##[` anywhere as a legacy one (its parser searches the line).
 *
 * Every string that reaches the log from a repository (paths, authors, branch
 * names), a host or AWS goes through `quoteForLog` (one value) or
 * `escapeLogLine` (a whole message), so it can never hold a line break or open
 * a line with a command. Multi-line reports are also wrapped in
 * `::stop-commands::<random token>` … `::<token>::` by `untrustedBlock`.
 */

const C_ESCAPES = {
    '\x07': '\\a',
    '\b': '\\b',
    '\t': '\\t',
    '\n': '\\n',
    '\v': '\\v',
    '\f': '\\f',
    '\r': '\\r',
    '"': '\\"',
    '\\': '\\\\',
};
/**
 * Characters git's core.quotePath would quote that matter in a log: C0 and
 * C1 controls, DEL, and the invisible Unicode ones that break or disguise a
 * line (separators, bidi overrides, zero-width characters, BOM), and the
 * non-ASCII spaces the runner trims before it looks for `::`.
 */
const UNSAFE_CLASS = '\\u0000-\\u001f\\u007f-\\u009f\\u00a0\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\ufeff';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]`, 'gu');
const UNSAFE_OR_QUOTE = new RegExp(`[${UNSAFE_CLASS}"\\\\]`, 'gu');
/** Whether `value` holds a character the log must not see raw (see UNSAFE_CLASS). */
function hasUnsafeChar(value) {
    return value.search(UNSAFE) !== -1;
}
/** Octal escapes of the character's UTF-8 bytes, as git writes them. */
function octal(char) {
    return [...Buffer.from(char, 'utf8')]
        .map((byte) => `\\${byte.toString(8).padStart(3, '0')}`)
        .join('');
}
function escapeChar(char, quoted) {
    if (!quoted && (char === '"' || char === '\\'))
        return char;
    return C_ESCAPES[char] ?? octal(char);
}
/** Leading text that the runner would read as a workflow command (v2 `::`). */
const COMMAND_START = /^[ ]*::/;
/** The legacy (v1) command prefix, which the runner finds anywhere in a line. */
const LEGACY_COMMAND = /##\[/g;
/** `##[` with its second `#` as git's octal escape: still readable, no longer a command. */
const LEGACY_DEFUSED = '#\\043[';
/**
 * One value, quoted the way git quotes paths (core.quotePath): returned as it
 * is when it holds nothing special, else in double quotes with C-style escapes
 * (`\n`, `\t`, `\"`, `\\`, octal bytes). Also quoted when it would start a
 * workflow command, or starts or ends with a space, or is empty.
 */
function quoteForLog(value) {
    const special = value.search(UNSAFE_OR_QUOTE) !== -1 || value.includes('##[');
    if (!special && value && !COMMAND_START.test(value) && !/^ | $/.test(value))
        return value;
    const escaped = value.replace(UNSAFE_OR_QUOTE, (char) => escapeChar(char, true));
    return `"${escaped.replace(LEGACY_COMMAND, LEGACY_DEFUSED)}"`;
}
/**
 * A reported path: as `quoteForLog` quotes it, but a name the scanner has
 * already quoted as git does (../scan/path-text.ts: bytes that are not
 * UTF-8; such a form always starts with `"`, as no plain name does) is
 * shown as it is, quoted once, with only its control characters escaped.
 */
function quotePathForLog(path) {
    if (!(path.length >= 2 && path.startsWith('"') && path.endsWith('"')))
        return quoteForLog(path);
    const inner = path
        .slice(1, -1)
        .replace(UNSAFE, (char) => escapeChar(char, false))
        .replace(LEGACY_COMMAND, LEGACY_DEFUSED);
    return `"${inner}"`;
}
/**
 * A whole message (which may embed untrusted values) as one safe log line:
 * control and invisible characters are escaped in place, and a line that
 * would start a workflow command is quoted as a whole.
 */
function escapeLogLine(message) {
    const escaped = message
        .replace(UNSAFE, (char) => escapeChar(char, false))
        .replace(LEGACY_COMMAND, LEGACY_DEFUSED);
    return COMMAND_START.test(escaped) ? quoteForLog(message) : escaped;
}
/** Every line of a multi-line text through `escapeLogLine`. */
function escapeLogLines(text) {
    const trailing = text.endsWith('\n');
    const body = trailing ? text.slice(0, -1) : text;
    return body.split('\n').map(escapeLogLine).join('\n') + (trailing ? '\n' : '');
}
/** A token nobody who wrote the block can know in advance. */
function stopToken() {
    return randomBytes(16).toString('hex');
}
/**
 * A multi-line block of untrusted text for the Actions log: each line
 * escaped, and the whole between `::stop-commands::TOKEN` and `::TOKEN::`,
 * so the runner ignores any command in it even if an escape were missed.
 */
function untrustedBlock(text, token = stopToken()) {
    const body = escapeLogLines(text).replace(/\n$/, '');
    return `::stop-commands::${token}\n${body}\n::${token}::`;
}


/***/ }),

/***/ 2189:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mf: () => (/* binding */ textReport),
/* harmony export */   hl: () => (/* binding */ incompleteSummary)
/* harmony export */ });
/* unused harmony exports TEXT_PLACES_PER_KEY, toText */
/* harmony import */ var _describe_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4011);
/* harmony import */ var _log_escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8136);


/** Places listed per key; the JSON report lists them all. */
const TEXT_PLACES_PER_KEY = 20;
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}
const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
function* findingLines(finding, index) {
    yield '';
    yield `[${index + 1}] ${(0,_describe_js__WEBPACK_IMPORTED_MODULE_0__/* .describeKey */ .R)(finding)}`;
    yield `    fingerprint: ${finding.fingerprint ?? `none (${(0,_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLogLine */ ._P)(finding.note ?? 'not recoverable')})`}`;
    const ec2 = finding.ec2Fingerprints;
    if (ec2.imported)
        yield `    EC2 fingerprint (imported key pair): ${ec2.imported}`;
    if (ec2.created)
        yield `    EC2 fingerprint (AWS-created key pair): ${ec2.created}`;
    if (ec2.ed25519)
        yield `    EC2 fingerprint (ED25519 key pair): ${ec2.ed25519}`;
    const shown = finding.locations.slice(0, TEXT_PLACES_PER_KEY);
    for (const location of shown) {
        const commit = location.commit
            ? ` in ${(0,_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteForLog */ .I5)(location.commit.slice(0, 12))}${location.author ? ` by ${(0,_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteForLog */ .I5)(location.author)}` : ''}${location.authorDate ? `, ${(0,_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteForLog */ .I5)(location.authorDate)}` : ''}`
            : '';
        yield `    at ${(0,_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quotePathForLog */ .BZ)(location.path)}:${location.line}${commit}`;
    }
    const more = finding.locations.length - shown.length + (finding.omittedPlaces ?? 0);
    if (more)
        yield `    … and ${plural(more, 'more place')} (--format json lists them)`;
    const introduced = finding.locations[0]?.introducedBy;
    if (introduced)
        yield `    introduced by commit ${(0,_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteForLog */ .I5)(introduced)}`;
}
/** Unreadable paths a summary names; the JSON names more. */
const NAMED_UNREADABLE = 3;
/**
 * What an incomplete scan could not read, in one line: how many paths, the
 * first few each quoted as `quoteForLog` quotes paths (so that no name can
 * break the line, start a workflow command or pass for two names).
 */
function incompleteSummary(incomplete) {
    const { unreadable, paths, reasons = [] } = incomplete;
    const parts = [];
    if (unreadable || !reasons.length) {
        const shown = paths.slice(0, NAMED_UNREADABLE);
        const more = unreadable - shown.length;
        const names = shown.map(_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .quotePathForLog */ .BZ).join(', ') + (more > 0 ? ` and ${more} more` : '');
        parts.push(`${plural(unreadable, 'path')} could not be read` +
            (names ? ` (${names})` : '') +
            ': what they hold was not scanned');
    }
    // Each a sentence of the scanner's that may name a path from the repository (the file a
    // stopped git waited on): escaped, so that it keeps to one line and opens no command.
    for (const reason of reasons)
        parts.push((0,_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLogLine */ ._P)(reason));
    return `scan incomplete: ${parts.join('; ')}`;
}
/**
 * The report for people, line by line. Fingerprints and places only: never
 * key material. Paths, authors and dates come from the repository: each is
 * quoted the way git quotes paths, so no line of the report can start a
 * workflow command. Warnings are not part of it: they go to stderr.
 */
function textReport(result) {
    return (function* lines() {
        const { findings, stats } = result;
        const scanned = stats.blobsScanned
            ? `${stats.blobsScanned} blobs`
            : `${stats.filesScanned} files`;
        yield (`${findings.length ? `${plural(findings.length, 'private key')} found` : 'No private keys found'}` +
            ` in ${scanned} (${formatBytes(stats.bytesScanned)}, ${stats.elapsedMs} ms)` +
            (stats.suppressed ? `; ${stats.suppressed} suppressed by the ignore file` : '') +
            '\n');
        for (let index = 0; index < findings.length; index++)
            for (const line of findingLines(findings[index], index))
                yield `${line}\n`;
        const omitted = result.omitted;
        const unlisted = omitted
            ? omitted.perFile + omitted.placeholders + omitted.encrypted + omitted.others
            : 0;
        if (unlisted)
            yield `\n${plural(unlisted, 'more low-confidence block')} (placeholders, encrypted PEM, truncated or unparsable) not listed: see the warnings\n`;
        if (result.incomplete)
            yield `\n${incompleteSummary(result.incomplete)}\n`;
    })();
}
/** The whole report as one string. */
function toText(result) {
    return [...textReport(result)].join('');
}


/***/ }),

/***/ 1837:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bj: () => (/* binding */ scanFails),
/* harmony export */   cx: () => (/* binding */ isRealKey),
/* harmony export */   d$: () => (/* binding */ FAIL_ON)
/* harmony export */ });
/* unused harmony export failsScan */
/**
 * Which findings make a scan fail (exit 1, and the action's
 * `fail-on-findings`):
 * - `key` (the default): real keys: blocks that parse, and whole encrypted
 *   blocks (the passphrase hides the public half, not the leak);
 * - `placeholder` or `any`: every finding, documentation placeholders and
 *   fragments (truncated or corrupted blocks) too;
 * - `none`: nothing (report only).
 */
const FAIL_ON = ['key', 'placeholder', 'any', 'none'];
/** A real private key, not a placeholder or a fragment. */
function isRealKey(finding) {
    if (finding.placeholder || finding.truncated)
        return false;
    return finding.confidence === 'high' || finding.encrypted;
}
/** True when `finding` alone makes the scan fail under `failOn`. */
function failsScan(finding, failOn = 'key') {
    if (failOn === 'none')
        return false;
    return failOn !== 'key' || isRealKey(finding);
}
/**
 * True when the scan fails under `failOn`. Blocks past the per-scan limit,
 * and encrypted blocks a file's limit left unlisted, have no finding to
 * stand for them, so they count here.
 */
function scanFails(result, failOn = 'key') {
    if (failOn === 'none')
        return false;
    if (result.findings.some((finding) => failsScan(finding, failOn)))
        return true;
    const omitted = result.omitted;
    if (!omitted)
        return false;
    const unlisted = omitted.unlistedEncrypted ?? 0;
    if (failOn === 'key')
        return omitted.encrypted + unlisted > 0;
    return omitted.placeholders + omitted.encrypted + omitted.others + unlisted > 0;
}


/***/ }),

/***/ 5866:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ pathText),
/* harmony export */   X: () => (/* binding */ pathBytes)
/* harmony export */ });
/* harmony import */ var node_buffer__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4573);
/**
 * File names are bytes, and a name need not be UTF-8 (`id_\xff`). Decoded
 * lossily, two such names become one (`id_\uFFFD`), and no report, ignore
 * rule or SARIF link can tell them apart. A name that is UTF-8 is shown as
 * it is; any other is quoted as git quotes names: in double quotes, with
 * each byte UTF-8 cannot carry as `\ooo` and `"` and `\` escaped. A UTF-8
 * name that starts with `"` is quoted too, so a quoted form is never also
 * somebody's real name.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** How many bytes the UTF-8 sequence led by `lead` takes; 0 for a byte no sequence starts with. */
function sequenceLength(lead) {
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf)
        return 2;
    if (lead >= 0xe0 && lead <= 0xef)
        return 3;
    if (lead >= 0xf0 && lead <= 0xf4)
        return 4;
    return 0;
}
/** A name's bytes as text that keeps distinct names distinct (see above). */
function pathText(raw) {
    if (raw[0] !== QUOTE && (0,node_buffer__WEBPACK_IMPORTED_MODULE_0__.isUtf8)(raw))
        return raw.toString('utf8');
    let text = '"';
    for (let at = 0; at < raw.length;) {
        const byte = raw[at];
        if (byte === QUOTE || byte === BACKSLASH) {
            text += `\\${String.fromCharCode(byte)}`;
            at++;
            continue;
        }
        const length = sequenceLength(byte);
        const sequence = length ? raw.subarray(at, at + length) : null;
        if (sequence && sequence.length === length && (0,node_buffer__WEBPACK_IMPORTED_MODULE_0__.isUtf8)(sequence)) {
            text += sequence.toString('utf8');
            at += length;
        }
        else {
            text += `\\${byte.toString(8).padStart(3, '0')}`;
            at++;
        }
    }
    return `${text}"`;
}
/** The bytes `pathText` made `text` of (a quoted form read back; any other text as UTF-8). */
function pathBytes(text) {
    if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"')))
        return Buffer.from(text, 'utf8');
    const parts = [];
    const inner = text.slice(1, -1);
    let plain = '';
    for (let at = 0; at < inner.length; at++) {
        const char = inner[at];
        if (char !== '\\') {
            plain += char;
            continue;
        }
        const next = inner[at + 1] ?? '';
        const octal = /^[0-7]{3}/.exec(inner.slice(at + 1, at + 4))?.[0];
        parts.push(Buffer.from(plain, 'utf8'));
        plain = '';
        if (octal) {
            parts.push(Buffer.from([parseInt(octal, 8)]));
            at += 3;
        }
        else {
            parts.push(Buffer.from(next, 'utf8'));
            at += 1;
        }
    }
    parts.push(Buffer.from(plain, 'utf8'));
    return Buffer.concat(parts);
}


/***/ }),

/***/ 6164:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Es: () => (/* binding */ placeOfPath),
/* harmony export */   I3: () => (/* binding */ EMPTY_PATH),
/* harmony export */   Rf: () => (/* binding */ readableKind),
/* harmony export */   bs: () => (/* binding */ errnoReason),
/* harmony export */   jK: () => (/* binding */ socketProblem),
/* harmony export */   oW: () => (/* binding */ ScanInputError),
/* harmony export */   pS: () => (/* binding */ shownPath),
/* harmony export */   pe: () => (/* binding */ STDIN_PATH),
/* harmony export */   z9: () => (/* binding */ pathProblem)
/* harmony export */ });
/* unused harmony export directoryOf */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9403);
/**
 * Where a scan stands: the directory its path names and where that sits as
 * git sees it. Small on purpose: the CLI asks before the scanner's modules
 * load, so that git answers while they compile.
 */



/** `path` naming standard input. */
const STDIN_PATH = '-';
/** What to scan cannot be scanned (a bad path, a source that does not fit it, unreadable input). */
class ScanInputError extends Error {
    name = 'ScanInputError';
}
/** Why stat (or open) failed, in words, with the code. */
const REASONS = {
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a component of the path is not a directory',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'the name is too long',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EIO: 'input/output error',
    EISDIR: 'it is a directory',
    ENXIO: 'no such device or address',
};
/** An errno error as one short phrase: `permission denied (EACCES)`. */
function errnoReason(error) {
    const code = error?.code;
    if (code)
        return REASONS[code] ? `${REASONS[code]} (${code})` : code;
    return error instanceof Error ? (error.message.split('\n')[0] ?? 'error') : String(error);
}
/** A path for a one-line message: a very long one is shortened (its head and tail kept). */
function shownPath(path) {
    return path.length > 160
        ? `${path.slice(0, 100)}…${path.slice(-40)} (${path.length} characters)`
        : path;
}
/** The message for a PATH that cannot be scanned because stat failed with `error`. */
function pathProblem(path, error) {
    if (error?.code === 'ENOENT')
        return `no such file or directory: ${shownPath(path)}`;
    return `cannot scan ${shownPath(path)}: ${errnoReason(error)}`;
}
/**
 * Whether a path that is no directory is read, and how: a regular file as a
 * file; a pipe (`scan <(cmd)`, a FIFO) or a device as a stream, like
 * standard input; a socket cannot be opened at all.
 */
function readableKind(info) {
    if (info.isDirectory())
        return 'directory';
    if (info.isFile())
        return 'file';
    if (info.isSocket())
        return null;
    return 'stream';
}
/** The error for PATH that names a socket. */
const socketProblem = (path) => `cannot scan ${shownPath(path)}: it is a socket (name a directory, a file, a pipe, or - for standard input)`;
/** The error for an empty PATH: never taken for the current directory. */
const EMPTY_PATH = 'PATH is empty: name a directory, a file, or - for standard input';
/**
 * The directory a path stands in: itself, a file's (or a pipe's) directory,
 * or `.` for standard input. One synchronous stat: git then starts at once,
 * before anything else this thread has to do. Throws ScanInputError when
 * the path cannot be scanned: empty, unreachable (ENOTDIR, ELOOP,
 * ENAMETOOLONG, EACCES) or a socket. A missing path stands in itself: the
 * scan reports it.
 */
function directoryOf(path) {
    if (path === STDIN_PATH)
        return '.';
    if (path === '')
        throw new ScanInputError(EMPTY_PATH);
    let info;
    try {
        // Not `throwIfNoEntry: false`: Node 24 returns undefined for ENOTDIR too.
        info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path);
    }
    catch (error) {
        // Missing: the scan says so in its own words.
        if (error.code === 'ENOENT')
            return path;
        throw new ScanInputError(pathProblem(path, error));
    }
    const kind = readableKind(info);
    if (kind === null)
        throw new ScanInputError(socketProblem(path));
    return kind === 'directory' ? path : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path);
}
/** The directory `path` stands in, and where it sits (one git start, begun now). */
async function placeOfPath(path) {
    const dir = directoryOf(path);
    return { dir, place: await (0,_git_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryPlace */ .Go)(dir) };
}


/***/ }),

/***/ 9741:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ld: () => (/* binding */ REPOSITORY_URL),
  xv: () => (/* binding */ VERSION)
});

// UNUSED EXPORTS: HOMEPAGE

;// CONCATENATED MODULE: ./.build/js/package.json
const package_namespaceObject = /*#__PURE__*/JSON.parse('{"rE":"0.1.0","TB":"https://github.com/ec2-key-rotate/ec2-key-rotate#readme","Jk":{"O":"https://github.com/ec2-key-rotate/ec2-key-rotate"}}');
;// CONCATENATED MODULE: ./.build/js/src/version.js
/**
 * The one source of the version and the project's addresses: package.json.
 * The JSON is imported, so ncc inlines it into each bundle (dist/ does not
 * read package.json at run time).
 */

/** The release version, as in package.json (`0.1.0`, tagged `v0.1.0`). */
const VERSION = package_namespaceObject.rE;
/** The project's home page (package.json `homepage`). */
const HOMEPAGE = package_namespaceObject.TB;
/** The repository's web address, from package.json `repository.url` (no `git+`, no `.git`). */
const REPOSITORY_URL = package_namespaceObject.Jk.O
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');


/***/ })

};
