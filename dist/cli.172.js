export const id = 172;
export const ids = [172];
export const modules = {

/***/ 1882:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__.p + "d55aabc4095d84e20ea1.sh";

/***/ }),

/***/ 8531:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__.p + "c567cae7badf14c46333.sh";

/***/ }),

/***/ 8683:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fj: () => (/* binding */ destroyClients),
/* harmony export */   dF: () => (/* binding */ regionClients),
/* harmony export */   gM: () => (/* binding */ HTTP_TIMEOUTS),
/* harmony export */   ku: () => (/* binding */ nameTimeouts)
/* harmony export */ });
/* unused harmony exports CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS, AwsTimeoutError */
/* harmony import */ var _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5193);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(628);



/** An endpoint that does not accept a connection in this time is unreachable. */
const CONNECTION_TIMEOUT_MS = 5_000;
/**
 * An EC2, SSM or STS call answers in well under a second; one that has not
 * answered (or has stalled mid-answer) in this time is not going to.
 */
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * The SDK's NodeHttpHandler settings for every client: without them a call
 * to an endpoint that accepts the connection and never answers waits forever.
 * `throwOnRequestTimeout` turns the request timeout into an error (the SDK
 * only warns by default); `socketTimeout` covers a response that stalls
 * after its headers.
 */
const HTTP_TIMEOUTS = {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
    socketTimeout: REQUEST_TIMEOUT_MS,
};
/** A call that timed out, named by service, endpoint and operation. Not retried. */
class AwsTimeoutError extends Error {
    name = 'AwsTimeoutError';
}
function endpointOf(request) {
    const { protocol, hostname, port } = (request ?? {});
    return `${protocol ?? 'https:'}//${hostname ?? '(unknown host)'}${port ? `:${port}` : ''}`;
}
/**
 * Makes the SDK's timeout errors say which endpoint timed out. The
 * middleware sits next to the HTTP handler, inside the retry loop: the
 * error it throws is not one the SDK retries, so a dead endpoint costs one
 * timeout, not one per attempt (eight attempts of 30 s each).
 */
function nameTimeouts(stack, service) {
    const middleware = (next, context) => async (args) => {
        try {
            return await next(args);
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) !== 'TimeoutError')
                throw error;
            const endpoint = endpointOf(args.request);
            const operation = (context.commandName ?? 'the call').replace(/Command$/, '');
            const message = error.message;
            const connecting = /establish a connection/i.test(message);
            // The SDK's message gives the limit that was hit ("… 30000 ms …").
            const limitMs = Number(/(\d+) ?ms\b/.exec(message)?.[1] ??
                (connecting ? CONNECTION_TIMEOUT_MS : REQUEST_TIMEOUT_MS));
            const hint = `check the network, the proxy and AWS_ENDPOINT_URL_${service}`;
            throw new AwsTimeoutError(connecting
                ? `${service} endpoint ${endpoint} did not accept a connection within ${limitMs / 1000} s (${operation}); ${hint}`
                : `${service} endpoint ${endpoint} did not answer ${operation} within ${limitMs / 1000} s; ${hint}`);
        }
    };
    stack.add(middleware, { step: 'deserialize', name: 'ec2KeyRotateTimeouts', priority: 'low' });
}
/**
 * One EC2 and one SSM client per region. Adaptive retry backs off on
 * throttling (RequestLimitExceeded, ThrottlingException) and 5xx; endpoints
 * come from the SDK's own configuration (AWS_ENDPOINT_URL_EC2, …); every
 * call has a connection and a request timeout (HTTP_TIMEOUTS).
 */
function regionClients(region, credentials, maxAttempts = 8) {
    const config = {
        region,
        maxAttempts,
        retryMode: 'adaptive',
        requestHandler: HTTP_TIMEOUTS,
        ...(credentials ? { credentials } : {}),
    };
    const ec2 = new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_1__/* .EC2Client */ .gu5(config);
    const ssm = new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__/* .SSMClient */ .jBj(config);
    nameTimeouts(ec2.middlewareStack, 'EC2');
    nameTimeouts(ssm.middlewareStack, 'SSM');
    return { region, ec2, ssm };
}
function destroyClients(clients) {
    for (const client of clients) {
        client.ec2.destroy();
        client.ssm.destroy();
    }
}


/***/ }),

/***/ 628:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X_: () => (/* binding */ awsErrorMessage),
/* harmony export */   Z1: () => (/* binding */ AwsSetupError),
/* harmony export */   ZH: () => (/* binding */ awsErrorName)
/* harmony export */ });
/** An AWS failure explained in words that say what to fix. */
class AwsSetupError extends Error {
    name = 'AwsSetupError';
}
/** The error's name as the SDK reports it (`InvalidInstanceId`, `ThrottlingException`, …). */
function awsErrorName(error) {
    if (error && typeof error === 'object' && 'name' in error)
        return String(error.name);
    return '';
}
function awsErrorMessage(error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.split('\n')[0] ?? message;
}


/***/ }),

/***/ 3317:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SQ: () => (/* binding */ isThisDocument),
/* harmony export */   VR: () => (/* binding */ documentVersionName),
/* harmony export */   mm: () => (/* binding */ hostCommand),
/* harmony export */   nH: () => (/* binding */ documentContent),
/* harmony export */   o: () => (/* binding */ DOCUMENT_NAME),
/* harmony export */   sQ: () => (/* binding */ checkInstalledDocument)
/* harmony export */ });
/* unused harmony exports PARAMETERS_END, DOCUMENT_PARAMETERS, documentObject, documentHash, documentName, installAdvice, DocumentError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(628);
/* harmony import */ var _host_script_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3756);
/**
 * The host script as the project's own SSM Command document
 * (`ec2-key-rotate-host`): what the least-privilege role may run, instead of
 * AWS-RunShellScript (which lets its holder run any command as root).
 *
 * An administrator installs the document once per account and region
 * (`ec2-key-rotate install-document`, or docs/ssm-document.cfn.yaml); each
 * run checks that the installed document is this release's, and sends it
 * with the version it checked.
 *
 * Parameters reach the shell as data. SSM pastes each `{{ name }}` into the
 * script text, so the document never puts one where the shell reads code:
 * each is a line of one quoted here-document, after a `=`. In a quoted
 * here-document the shell expands nothing (`$`, backquotes and backslashes
 * are plain characters), and only a line reading exactly `EC2KR'PARAMETERS`
 * ends it, which a line starting with `=` never is: a value could end it
 * only by holding a line break, then that line, quote included. Every
 * parameter's allowedPattern refuses line breaks and quotes (and braces:
 * SSM would resolve `{{ssm:…}}` in a value), the tool sends only values its
 * own checks passed, and the script counts its parameter lines, so a value
 * with a line break (Java's `$` lets one trailing line break through a
 * pattern) fails the run before anything is read.
 */




/** The document's name in every account and region. */
const DOCUMENT_NAME = 'ec2-key-rotate-host';
/** The line that ends the parameters' here-document (it holds a quote, which no value may). */
const PARAMETERS_END = "EC2KR'PARAMETERS";
/** Characters kept in the new key line's comment (others become `_`): no quotes, braces or line breaks. */
const COMMENT_CHARS = /[^A-Za-z0-9 @._+=:,/-]/g;
const BLOB = '[A-Za-z0-9+/=]{1,4000}';
const USER = '[A-Za-z_][A-Za-z0-9_.-]{0,31}[$]?';
/** The document's parameters: each value is checked by SSM before a command is sent. */
const DOCUMENT_PARAMETERS = {
    phase: {
        type: 'String',
        description: 'probe (read-only), add, verify, revoke, keyless (remove the old key, add none), inventory (read-only: which default users still have keys), or audit (read-only: did the old key log in).',
        allowedValues: ['probe', 'add', 'verify', 'revoke', 'keyless', 'inventory', 'audit'],
    },
    oldKeyBlobs: {
        type: 'String',
        description: 'Base64 blobs of the keys to replace, separated by spaces (empty when users get a key and none is replaced).',
        allowedPattern: `^$|^${BLOB}( ${BLOB}){0,31}$`,
    },
    newKeyLine: {
        type: 'String',
        description: "The new key's authorized_keys line: type, base64 blob, comment (empty for probe).",
        default: '',
        allowedPattern: `^$|^(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]{1,64} [A-Za-z0-9+/]{1,4000}={0,3}( [A-Za-z0-9 @._+=:,/-]{0,200})?$`,
    },
    newKeyFingerprint: {
        type: 'String',
        description: "The new key's SHA256 fingerprint, as ssh-keygen -l prints it (empty for probe).",
        default: '',
        allowedPattern: '^$|^SHA256:[A-Za-z0-9+/]{43}$',
    },
    users: {
        type: 'String',
        description: 'Users who get the new key even where the old key is not found, separated by spaces.',
        default: '',
        allowedPattern: `^$|^${USER}( ${USER}){0,63}$`,
    },
    since: {
        type: 'String',
        description: 'audit: Unix time of the leak, in seconds (empty: unknown).',
        default: '',
        allowedPattern: '^$|^[0-9]{1,11}$',
    },
    executionTimeout: {
        type: 'String',
        description: 'Seconds the script may run.',
        default: '600',
        allowedPattern: '^[1-9][0-9]{0,4}$',
    },
};
/**
 * The lines before the script body: read the parameters from the quoted
 * here-document, refuse any count of lines but the expected one, and derive
 * the new key's type and blob from its line.
 */
function prelude() {
    return [
        '#!/bin/sh',
        `# ec2-key-rotate host script (SSM document ${DOCUMENT_NAME}). The parameters are`,
        '# lines of a quoted here-document, each after a "=": data the shell never',
        '# expands or runs, and no value line can be the line that ends it.',
        'EC2KR_N=0',
        'EC2KR_BAD=',
        'while IFS= read -r EC2KR_L; do',
        'EC2KR_N=$((EC2KR_N + 1))',
        'case $EC2KR_L in =*) EC2KR_L=${EC2KR_L#=} ;; *) EC2KR_BAD=1 ;; esac',
        'case $EC2KR_N in',
        '1) EC2KR_PHASE=$EC2KR_L ;;',
        '2) EC2KR_OLD_BLOBS=$EC2KR_L ;;',
        '3) EC2KR_NEW_LINE=$EC2KR_L ;;',
        '4) EC2KR_NEW_FP=$EC2KR_L ;;',
        '5) EC2KR_EXTRA_USERS=$EC2KR_L ;;',
        '6) EC2KR_SINCE=$EC2KR_L ;;',
        '7) [ "$EC2KR_L" = EC2KR-END ] || EC2KR_BAD=1 ;;',
        '*) EC2KR_BAD=1 ;;',
        'esac',
        `done <<${PARAMETERS_END.replace("'", `"'"`)}`,
        '={{ phase }}',
        '={{ oldKeyBlobs }}',
        '={{ newKeyLine }}',
        '={{ newKeyFingerprint }}',
        '={{ users }}',
        '={{ since }}',
        '=EC2KR-END',
        PARAMETERS_END,
        'if [ "$EC2KR_N" != 7 ] || [ -n "$EC2KR_BAD" ]; then',
        'case $EC2KR_PHASE in probe | add | verify | revoke | keyless | inventory | audit) ;; *) EC2KR_PHASE=unknown ;; esac',
        'printf \'EC2KR-RESULT v=2 phase=%s status=failed files=0 old=0 new=0 added=0 removed=0 kept=0 ignored=0 error=bad-parameters\\n\' "$EC2KR_PHASE"',
        'exit 2',
        'fi',
        'set -f',
        'EC2KR_NEW_TYPE=',
        'EC2KR_NEW_BLOB=',
        'if [ -n "$EC2KR_NEW_LINE" ]; then',
        'set -- $EC2KR_NEW_LINE',
        'EC2KR_NEW_TYPE=$1',
        'EC2KR_NEW_BLOB=${2:-}',
        'set --',
        'fi',
        'unset EC2KR_N EC2KR_L EC2KR_BAD',
    ];
}
/** The document, as an object (CloudFormation's `Content`). */
function documentObject() {
    return {
        schemaVersion: '2.2',
        description: 'ec2-key-rotate host script: probe, add, verify or revoke an SSH public key in the authorized_keys files sshd reads, remove it without a replacement (keyless), list the keys default users still have, or audit whether it logged in. Installed by an administrator (ec2-key-rotate install-document); do not edit.',
        parameters: DOCUMENT_PARAMETERS,
        mainSteps: [
            {
                action: 'aws:runShellScript',
                name: 'rotateAuthorizedKeys',
                precondition: { StringEquals: ['platformType', 'Linux'] },
                inputs: {
                    timeoutSeconds: '{{ executionTimeout }}',
                    runCommand: [
                        ...prelude(),
                        ...`${(0,_host_script_js__WEBPACK_IMPORTED_MODULE_1__/* .compactAudit */ .po)()}${(0,_host_script_js__WEBPACK_IMPORTED_MODULE_1__/* .compactBody */ .Ys)()}`.replace(/\n$/, '').split('\n'),
                    ],
                },
            },
        ],
    };
}
/** JSON with keys sorted, so two spellings of one document compare equal. */
function canonical(value) {
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, item]) => item !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
let content = null;
/** The document content CreateDocument/UpdateDocument take (JSON). */
function documentContent() {
    content ??= JSON.stringify(documentObject());
    return content;
}
/** SHA-256 of the document (canonical JSON), hex: what identifies this release's host script. */
function documentHash() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(canonical(documentObject())).digest('hex');
}
/** The document's name. */
function documentName() {
    return DOCUMENT_NAME;
}
/** The VersionName this release installs: `sha256-` and the first 20 hex digits of the hash. */
function documentVersionName() {
    return `sha256-${documentHash().slice(0, 20)}`;
}
/** Whether a document's content (JSON, as GetDocument returns it) is this release's document. */
function isThisDocument(installed) {
    if (!installed)
        return false;
    try {
        return canonical(JSON.parse(installed)) === canonical(documentObject());
    }
    catch {
        return false;
    }
}
/**
 * One phase's command: validated once (throws like buildHostScript), then
 * given as a whole script and as the document's parameters.
 */
function hostCommand(params) {
    const values = (0,_host_script_js__WEBPACK_IMPORTED_MODULE_1__/* .hostValues */ .ts)(params);
    const line = values.newKey
        ? values.newKey.line
            .split(' ')
            .map((word, index) => (index < 2 ? word : word.replace(COMMENT_CHARS, '_')))
            .join(' ')
        : '';
    const parameters = {
        phase: [values.phase],
        oldKeyBlobs: [values.oldBlobs.join(' ')],
        newKeyLine: [line],
        newKeyFingerprint: [values.newKey?.fingerprint ?? ''],
        users: [values.users.join(' ')],
        since: [values.since === null ? '' : String(values.since)],
    };
    // What SSM would refuse for every batch is refused here, once, by name.
    for (const [name, [value]] of Object.entries(parameters)) {
        const spec = DOCUMENT_PARAMETERS[name];
        if ((spec.allowedPattern && !new RegExp(spec.allowedPattern).test(value)) ||
            (spec.allowedValues && !spec.allowedValues.includes(value)))
            throw new Error(`the ${name} parameter of the SSM document does not admit this value`);
    }
    return { phase: values.phase, script: (0,_host_script_js__WEBPACK_IMPORTED_MODULE_1__/* .buildHostScript */ .EK)(params), parameters };
}
/** The instructions every document error ends with. */
function installAdvice(region) {
    return (`an administrator installs or updates it once per account and region: \`ec2-key-rotate install-document --region ${region}\` ` +
        `with administrator credentials, or the CloudFormation stack from docs/ssm-document.cfn.yaml of this release ` +
        `(or opt in to the wider AWS-RunShellScript grant with ssm-document: AWS-RunShellScript)`);
}
/** The document is missing, unreadable or not this release's. */
class DocumentError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AwsSetupError */ .Z1 {
    name = 'DocumentError';
}
async function getDocument(ssm, version) {
    return ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_3__/* .GetDocumentCommand */ .ppd({
        Name: DOCUMENT_NAME,
        DocumentFormat: 'JSON',
        ...(version ? { DocumentVersion: version } : {}),
    }));
}
/**
 * Finds the installed version of the document that is this release's: the
 * default version, else the latest (a stack update that added a version
 * without making it the default). Throws a DocumentError that says how to
 * install or update it.
 */
async function checkInstalledDocument(ssm, region) {
    let current;
    try {
        current = await getDocument(ssm);
    }
    catch (error) {
        const name = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error);
        if (name === 'InvalidDocument') {
            throw new DocumentError(`the SSM document ${DOCUMENT_NAME} is not installed in ${region}: ${installAdvice(region)}`);
        }
        if (/AccessDenied/.test(name)) {
            throw new DocumentError(`cannot read the SSM document ${DOCUMENT_NAME} in ${region} (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorMessage */ .X_)(error)}): the role needs ssm:GetDocument on it (docs/iam/permissions-policy.json)`);
        }
        throw error;
    }
    if (isThisDocument(current.Content))
        return { name: DOCUMENT_NAME, version: current.DocumentVersion ?? '$DEFAULT' };
    const latest = await getDocument(ssm, '$LATEST');
    if (latest.DocumentVersion !== current.DocumentVersion && isThisDocument(latest.Content))
        return { name: DOCUMENT_NAME, version: latest.DocumentVersion ?? '$LATEST' };
    const installed = current.VersionName ? ` "${current.VersionName}"` : '';
    throw new DocumentError(`the SSM document ${DOCUMENT_NAME} in ${region} (version ${current.DocumentVersion ?? '?'}${installed}) ` +
        `is not this release's host script (${documentVersionName()}): ${installAdvice(region)}`);
}


/***/ }),

/***/ 3756:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EK: () => (/* binding */ buildHostScript),
/* harmony export */   I_: () => (/* binding */ blobFingerprint),
/* harmony export */   Ys: () => (/* binding */ compactBody),
/* harmony export */   m3: () => (/* binding */ USER),
/* harmony export */   po: () => (/* binding */ compactAudit),
/* harmony export */   ts: () => (/* binding */ hostValues)
/* harmony export */ });
/* unused harmony exports hostScriptBody, auditScriptBody */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/**
 * The shell script that Run Command (the project's SSM document, see
 * document.ts, or AWS-RunShellScript; root, /bin/sh) runs on each Linux
 * instance, one phase at a time:
 *
 * - `probe` (read-only): the key types sshd accepts for every account that
 *   holds an old key, so the new key is one no host refuses.
 * - `add`: wherever a file sshd reads for a user holds an old key (matched on
 *   the base64 blob, not the comment), add the new key with the old line's
 *   options; give `extraUsers` the key too.
 * - `verify`: each such file holds the new key with those options, sshd
 *   accepts its type for that user, and `ssh-keygen -l` reads it.
 * - `revoke`: per file, remove the old key where the new one is verified.
 * - `keyless`: remove the old key from every file sshd reads, with no new
 *   key (Session Manager is the way in; only sent to SSM-online instances).
 * - `inventory` (read-only): which files sshd reads for `extraUsers` (the
 *   AMIs' default users) still hold any key, for the keyless report.
 * - `audit` (read-only): did the old key log in, from where, is a session
 *   still open (audit.sh, put before the script for this phase only).
 *
 * What the script guarantees (links, privileges, lockout, fail closed) is
 * written at the top of host-script.sh, its one source: ncc copies it next
 * to the bundle, and tests read the same file. This module validates the
 * inputs and puts them in front of it as shell variables.
 */


const PHASES = [
    'probe',
    'add',
    'verify',
    'revoke',
    'keyless',
    'inventory',
    'audit',
];
/** Phases that need no new key (probe may be given one). */
const NO_NEW_KEY = ['probe', 'keyless', 'inventory', 'audit'];
/**
 * Phases that may run without an old key: giving `extraUsers` a key (a
 * recovery, which replaces no key) and the inventory, which looks for any key.
 */
const OLD_KEY_OPTIONAL = ['probe', 'add', 'verify', 'inventory'];
const BLOB = /^[A-Za-z0-9+/]+={0,3}$/;
const KEY_TYPE = /^(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+$/;
/** User names the script accepts (validated up front by src/validate.ts too). */
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/;
/** A shell word in single quotes. */
function quote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
/** `SHA256:…` of a base64 key blob, as ssh-keygen -l prints it. */
function blobFingerprint(blob) {
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(Buffer.from(blob, 'base64')).digest('base64');
    return `SHA256:${digest.replace(/=+$/, '')}`;
}
/** The new key line split and checked: printable ASCII, a key type, its blob, a comment. */
function parseNewKeyLine(newKeyLine) {
    const line = newKeyLine.trim();
    // Printable ASCII and spaces only: no newlines, no control characters.
    if (!/^[\x20-\x7e]+$/.test(line))
        throw new Error('the new key line must be one line of printable ASCII');
    const [type = '', blob = '', ...comment] = line.split(/\s+/);
    if (!KEY_TYPE.test(type) || !BLOB.test(blob)) {
        throw new Error('the new key line must start with a key type and its base64 blob (no options)');
    }
    return { type, blob, line: [type, blob, ...comment].join(' ') };
}
/** Checks a phase's inputs. Throws on inputs the script could misread. */
function hostValues(params) {
    const { phase } = params;
    if (!PHASES.includes(phase))
        throw new Error(`unknown host script phase: ${String(phase)}`);
    const oldBlobs = [...new Set(params.oldKeyBlobs.map((blob) => blob.trim()).filter(Boolean))];
    const users = [...new Set(params.extraUsers.map((user) => user.trim()).filter(Boolean))];
    if (!oldBlobs.length && !(users.length && OLD_KEY_OPTIONAL.includes(phase)))
        throw new Error('no old key blob');
    for (const blob of oldBlobs) {
        if (!BLOB.test(blob))
            throw new Error('an old key blob is not base64');
    }
    let newKey = null;
    if (params.newKeyLine !== null) {
        const parsed = parseNewKeyLine(params.newKeyLine);
        newKey = { ...parsed, fingerprint: blobFingerprint(parsed.blob) };
    }
    else if (!NO_NEW_KEY.includes(phase))
        throw new Error(`the ${phase} phase needs the new key`);
    if (newKey && phase !== 'probe' && NO_NEW_KEY.includes(phase))
        throw new Error(`the ${phase} phase takes no new key`);
    if (newKey && oldBlobs.includes(newKey.blob))
        throw new Error('the new key is one of the old keys');
    for (const user of users) {
        if (!USER.test(user))
            throw new Error(`not a valid user name: ${user}`);
    }
    const since = params.since ?? null;
    if (since !== null && (!Number.isSafeInteger(since) || since < 0 || since > 99_999_999_999))
        throw new Error('since must be a Unix time in whole seconds');
    return { phase, oldBlobs, newKey, users, since };
}
/** The script for one phase. Throws on inputs the script could misread. */
function buildHostScript(params) {
    const { phase, oldBlobs, newKey, users, since } = hostValues(params);
    const header = [
        '#!/bin/sh',
        `# ec2-key-rotate host script, phase ${phase}`,
        `EC2KR_PHASE=${phase}`,
        `EC2KR_OLD_BLOBS=${quote(oldBlobs.join(' '))}`,
        `EC2KR_NEW_LINE=${quote(newKey?.line ?? '')}`,
        `EC2KR_NEW_BLOB=${quote(newKey?.blob ?? '')}`,
        `EC2KR_NEW_TYPE=${quote(newKey?.type ?? '')}`,
        `EC2KR_NEW_FP=${quote(newKey?.fingerprint ?? '')}`,
        `EC2KR_EXTRA_USERS=${quote(users.join(' '))}`,
        `EC2KR_SINCE=${quote(since === null ? '' : String(since))}`,
    ];
    return `${header.join('\n')}\n${phase === 'audit' ? compactAudit() : ''}${compactBody()}`;
}
let body = null;
/** host-script.sh as written (ncc relocates the file next to the bundle). */
function hostScriptBody() {
    body ??= (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(new URL(/* asset import */ __webpack_require__(8531), __webpack_require__.b), 'utf8');
    return body;
}
let compact = null;
/** A script without comment lines, blank lines and indentation. */
function compacted(text) {
    return text
        .split('\n')
        .map((line) => line.replace(/^[ \t]+/, ''))
        .filter((line) => line !== '' && !line.startsWith('#'))
        .join('\n')
        .concat('\n');
}
let audit = null;
/** audit.sh as written (relocated next to the bundle like host-script.sh). */
function auditScriptBody() {
    audit ??= (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(new URL(/* asset import */ __webpack_require__(1882), __webpack_require__.b), 'utf8');
    return audit;
}
let compactAuditText = null;
/** audit.sh compacted: the ec2kr_audit function that host-script.sh calls in the audit phase. */
function compactAudit() {
    compactAuditText ??= compacted(auditScriptBody());
    return compactAuditText;
}
/**
 * The body without comment lines, blank lines and indentation: SendCommand
 * carries every phase's script in its parameters, so bytes count. No line of
 * the script (awk and sh heredocs included) depends on either.
 */
function compactBody() {
    compact ??= compacted(hostScriptBody());
    return compact;
}


/***/ }),

/***/ 7205:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _w: () => (/* binding */ keyNameSegment),
/* harmony export */   pd: () => (/* binding */ PARAMETER_PATH_MAX),
/* harmony export */   rk: () => (/* binding */ KEY_NAME_MAX),
/* harmony export */   sL: () => (/* binding */ REGION_NAME_MAX),
/* harmony export */   to: () => (/* binding */ PARAMETER_PATH_DEPTH_MAX),
/* harmony export */   u6: () => (/* binding */ parameterNames)
/* harmony export */ });
/* unused harmony exports ENCODED_SEGMENT_MARKER, RESERVED_SEGMENTS, keyNameFromSegment */
/*
 * Key pair names in parameter names.
 *
 * EC2 allows any ASCII in a key pair name (up to 255 characters: `ops team`,
 * `alice@laptop`, `a/b`); Parameter Store allows only `A-Z a-z 0-9 _ . -` in a
 * name segment. Each key pair's parameters live under one segment:
 *
 * - A name made only of those characters is its own segment (`prod`,
 *   `my-key.1`, `deploy_2024` stay as they are, so existing parameters keep
 *   their names), unless it starts with the marker `_.`, is `.` or `..`, or is
 *   a segment the tool uses itself under the path (`leaks`, `offline`).
 * - Any other name becomes `_.` followed by the name with `_` and every
 *   character outside `A-Z a-z 0-9 . -` written as `_` and two upper-case hex
 *   digits of its byte (`ops team` → `_.ops_20team`, `a_b@c` → `_.a_5Fb_40c`).
 *
 * Injective: a segment without the marker is the name itself and no encoded
 * segment lacks it; after the marker every `_` starts a three-character escape,
 * so the rest decodes one way (`keyNameFromSegment` inverts it). The longest
 * segment (255 escaped characters) is 767 characters, and the path limit
 * below leaves room for it: every key pair EC2 can hold has valid parameter names.
 */
/** Prefix of an encoded key pair segment. */
const ENCODED_SEGMENT_MARKER = '_.';
/** Segments the tool itself uses under the parameter path, beside key pair segments. */
const RESERVED_SEGMENTS = new Set(['leaks', 'offline']);
/** EC2: a key pair name is 1 to 255 ASCII characters. */
const KEY_NAME_MAX = 255;
/** Longest region name accepted (real ones are at most 15: us-isof-south-1). */
const REGION_NAME_MAX = 25;
/** Parameter Store: a name, counted with the ARN text before it, is at most 1011 characters. */
const PARAMETER_NAME_MAX = 1011;
/** `arn:<partition, at most aws-us-gov>:ssm:<region>:<account>:parameter` */
const ARN_PREFIX_MAX = `arn:aws-us-gov:ssm::${'0'.repeat(12)}:parameter`.length + REGION_NAME_MAX;
const KEY_SEGMENT_MAX = ENCODED_SEGMENT_MARKER.length + 3 * KEY_NAME_MAX;
const SUFFIXES = ['private-key', 'state', 'lock'];
const LONGEST_SUFFIX = Math.max(...SUFFIXES.map((suffix) => suffix.length));
/** The longest parameter path under which every key pair name still fits (164). */
const PARAMETER_PATH_MAX = PARAMETER_NAME_MAX - ARN_PREFIX_MAX - (1 + KEY_SEGMENT_MAX) - (1 + LONGEST_SUFFIX);
/** Parameter Store hierarchies are at most 15 levels deep; the key pair and the suffix take two. */
const PARAMETER_PATH_DEPTH_MAX = 13;
const PLAIN_SEGMENT = /^[A-Za-z0-9_.-]+$/;
const KEPT_IN_ENCODING = /^[A-Za-z0-9.-]$/;
/** The parameter path segment for a key pair name (see above). */
function keyNameSegment(keyName) {
    if (PLAIN_SEGMENT.test(keyName) &&
        !keyName.startsWith(ENCODED_SEGMENT_MARKER) &&
        keyName !== '.' &&
        keyName !== '..' &&
        !RESERVED_SEGMENTS.has(keyName))
        return keyName;
    let encoded = ENCODED_SEGMENT_MARKER;
    for (const byte of Buffer.from(keyName, 'utf8')) {
        const char = String.fromCharCode(byte);
        encoded +=
            byte < 0x80 && KEPT_IN_ENCODING.test(char)
                ? char
                : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return encoded;
}
/** The key pair name a segment stands for; null when no name encodes to it. */
function keyNameFromSegment(segment) {
    if (!segment.startsWith(ENCODED_SEGMENT_MARKER))
        return keyNameSegment(segment) === segment ? segment : null;
    const bytes = [];
    for (let at = ENCODED_SEGMENT_MARKER.length; at < segment.length;) {
        if (segment[at] === '_') {
            const hex = segment.slice(at + 1, at + 3);
            if (!/^[0-9A-F]{2}$/.test(hex))
                return null;
            bytes.push(Number.parseInt(hex, 16));
            at += 3;
        }
        else {
            bytes.push(segment.charCodeAt(at));
            at += 1;
        }
    }
    const name = Buffer.from(bytes).toString('utf8');
    return keyNameSegment(name) === segment ? name : null;
}
/** Names of the parameters one key pair's rotation uses, all under one path. */
function parameterNames(parameterPath, keyName) {
    const base = `${parameterPath.replace(/\/+$/, '')}/${keyNameSegment(keyName)}`;
    return { privateKey: `${base}/private-key`, state: `${base}/state`, lock: `${base}/lock` };
}


/***/ }),

/***/ 762:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pr: () => (/* binding */ md5Fingerprint),
/* harmony export */   _7: () => (/* binding */ sha256Fingerprint),
/* harmony export */   bp: () => (/* binding */ colonHex),
/* harmony export */   i_: () => (/* binding */ ec2Fingerprints)
/* harmony export */ });
/* unused harmony export rsaPkcs8Der */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);

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
    // The file's CRT coefficient when it is q⁻¹ mod p (the inverse is unique): an
    // extended Euclid on 1024-bit numbers was a third of parsing an RSA key.
    const stored = privateKey.parts.find((candidate) => candidate.name === 'iqmp')?.data;
    const iqmp = stored ? toBigInt(stored) : -1n;
    const qi = iqmp > 0n && iqmp < p && (iqmp * q) % p === 1n ? iqmp : modInverse(q, p);
    const jwk = {
        kty: 'RSA',
        n: toBase64Url(n),
        e: toBase64Url(e),
        d: toBase64Url(d),
        p: toBase64Url(p),
        q: toBase64Url(q),
        dp: toBase64Url(d % (p - 1n)),
        dq: toBase64Url(d % (q - 1n)),
        qi: toBase64Url(qi),
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


/***/ }),

/***/ 778:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  xL: () => (/* binding */ ConfigError),
  YP: () => (/* binding */ DEFAULT_PARAMETER_PATH),
  WJ: () => (/* binding */ KEY_TYPES),
  vY: () => (/* binding */ SSM_DOCUMENTS),
  vU: () => (/* binding */ keyPairName),
  IB: () => (/* binding */ kmsKeyId),
  yL: () => (/* binding */ oneOf),
  dJ: () => (/* binding */ parameterPath),
  B1: () => (/* binding */ parseScanReport),
  Ny: () => (/* binding */ region),
  SP: () => (/* binding */ shown),
  mI: () => (/* binding */ targetTag),
  nT: () => (/* binding */ userName),
  ms: () => (/* binding */ validateRotationInputs)
});

// UNUSED EXPORTS: MAX_KEY_AGE_DAYS, MAX_USERS, REGION, inputName, maxKeyAge

// EXTERNAL MODULE: ./node_modules/sshpk/lib/index.js
var lib = __webpack_require__(663);
// EXTERNAL MODULE: ./.build/js/src/aws/host/host-script.js
var host_script = __webpack_require__(3756);
// EXTERNAL MODULE: ./.build/js/src/aws/parameter-names.js
var parameter_names = __webpack_require__(7205);
// EXTERNAL MODULE: ./.build/js/src/keys/fingerprint.js
var keys_fingerprint = __webpack_require__(762);
;// CONCATENATED MODULE: ./.build/js/src/aws/offline/options.js
/**
 * Settings of the offline recovery (issue 12, part 2): what to do with
 * instances SSM cannot reach. Apart from the SDK so the validator can load it.
 */
const OFFLINE_METHODS = ['user-data', 'reset-access'];
const RESTORE_USER_DATA = ['stop-start', 'once'];

;// CONCATENATED MODULE: ./.build/js/src/json-syntax.js
/**
 * Where a JSON text is malformed, told without quoting it. The runtime's
 * SyntaxError quotes the text around the error, and the text a user passes
 * as a scan report may be key material (a key file named by mistake, a
 * corrupted report): messages name a line, a column and a byte instead.
 */
/**
 * Where JSON.parse failed on `text`, and what was expected there, found by a
 * validating pass of its own: the runtime's message quotes the text around
 * the error, which may be key material (a key file passed as a report).
 * Null when this pass finds no error.
 */
function jsonSyntaxError(text) {
    const stack = [];
    // What comes next: a value, a value or `]` (in a new array), a key, a key or `}` (in a new
    // object), a colon, or what follows a value (`,`, the container's end, or the end of the text).
    let want = 'value';
    let at = 0;
    const fail = (expected) => ({
        offset: at,
        expected,
    });
    /** Past the string that starts at `at`, or the error in it. */
    const string = () => {
        at++;
        for (;;) {
            const code = text.charCodeAt(at);
            if (Number.isNaN(code))
                return fail('a closing double quote');
            if (code === 0x22)
                break;
            if (code < 0x20)
                return fail('an escaped control character (raw ones are not allowed)');
            if (code === 0x5c) {
                const next = text[at + 1] ?? '';
                if (next === 'u') {
                    if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
                        at += 2;
                        return fail('four hex digits after \\u');
                    }
                    at += 6;
                    continue;
                }
                if (!'"\\/bfnrt'.includes(next) || next === '') {
                    at++;
                    return fail('an escape: one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u');
                }
                at += 2;
                continue;
            }
            at++;
        }
        at++;
        return null;
    };
    const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    for (;;) {
        while (' \t\n\r'.includes(text[at] ?? '-'))
            at++;
        const char = text[at];
        if (want === 'value' || want === 'value]') {
            if (want === 'value]' && char === ']') {
                stack.pop();
                at++;
                want = 'after';
            }
            else if (char === '{' || char === '[') {
                stack.push(char);
                at++;
                want = char === '{' ? 'key}' : 'value]';
            }
            else if (char === '"') {
                const error = string();
                if (error)
                    return error;
                want = 'after';
            }
            else {
                NUMBER.lastIndex = at;
                const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, at));
                const number = NUMBER.exec(text)?.[0];
                if (!literal && !number)
                    return fail(want === 'value]' ? 'a value or ]' : 'a value');
                at += (literal ?? number ?? '').length;
                want = 'after';
            }
        }
        else if (want === 'key' || want === 'key}') {
            if (want === 'key}' && char === '}') {
                stack.pop();
                at++;
                want = 'after';
            }
            else if (char === '"') {
                const error = string();
                if (error)
                    return error;
                want = 'colon';
            }
            else
                return fail(want === 'key}'
                    ? 'a property name in double quotes or }'
                    : 'a property name in double quotes');
        }
        else if (want === 'colon') {
            if (char !== ':')
                return fail(':');
            at++;
            want = 'value';
        }
        else {
            const top = stack.at(-1);
            if (top === undefined)
                return char === undefined ? null : fail('the end of the text');
            const close = top === '{' ? '}' : ']';
            if (char === ',') {
                at++;
                want = top === '{' ? 'key' : 'value';
            }
            else if (char === close) {
                stack.pop();
                at++;
            }
            else
                return fail(`, or ${close}`);
        }
    }
}
/** `line 3, column 7 (byte 41)` for a character offset into `text`. */
function positionIn(text, offset) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `line ${line}, column ${column} (byte ${Buffer.byteLength(before, 'utf8')})`;
}

;// CONCATENATED MODULE: ./.build/js/src/validate.js
/**
 * The one validator of rotation settings, shared by both front doors: the
 * action (inputs, through src/config.ts) and the CLI (flags, through
 * src/commands/rotate.ts). Everything is checked here, before credentials
 * are resolved and before any AWS call, so bad input never costs a write:
 * a user name the host script would refuse, a parameter path Parameter Store
 * would refuse, a region that cannot exist. Each failure is one line that
 * names the input or flag as the user wrote it.
 *
 * The rules come from the services: user names from the host script (its own
 * USER pattern, imported), parameter paths from Parameter Store's naming
 * constraints, key pair names from EC2 (1 to 255 ASCII characters; any such
 * name maps to a valid parameter segment, see keyNameSegment), regions from
 * the partitions the AWS SDK knows.
 */






/** Bad input: the message is one line that names the input or flag. */
class ConfigError extends Error {
    name = 'ConfigError';
}
const SSM_DOCUMENTS = ['ec2-key-rotate', 'AWS-RunShellScript'];
const KEY_TYPES = ['ed25519', 'rsa'];
const DEFAULT_PARAMETER_PATH = '/ec2-key-rotate';
/** A hundred years: anything longer is a typo. */
const MAX_KEY_AGE_DAYS = 36_500;
/** The SSM document's users parameter takes at most 64 names (src/aws/host/document.ts). */
const MAX_USERS = 64;
const NAMES = {
    regions: { action: 'input aws-regions', cli: '--region' },
    keyPairs: { action: 'input key-pairs', cli: '--key-pair' },
    maxKeyAge: { action: 'input max-key-age', cli: '--max-key-age' },
    users: { action: 'input users', cli: '--user' },
    parameterPath: { action: 'input parameter-path', cli: '--parameter-path' },
    targetTag: { action: 'input target-tag', cli: '--target-tag' },
    kmsKeyId: { action: 'input kms-key-id', cli: '--kms-key-id' },
    keyType: { action: 'input key-type', cli: '--key-type' },
    newKeyPairName: { action: 'input new-key-pair-name', cli: '--new-key-pair-name' },
    ssmDocument: { action: 'input ssm-document', cli: '--ssm-document' },
    offlineRecovery: { action: 'input offline-recovery', cli: '--offline-recovery' },
    restoreUserData: { action: 'input restore-user-data', cli: '--restore-user-data' },
};
/** How an input or flag is named in messages (`input aws-regions`, `--region`). */
function inputName(field, door) {
    return NAMES[field][door];
}
/** A value quoted for a one-line message: control characters escaped, long values cut. */
function shown(value) {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
const unique = (values) => [...new Set(values)];
/**
 * Region names of every partition: aws (`us-east-1`, and any two-letter area
 * to come), aws-cn (`cn-`), aws-us-gov (`us-gov-`), the isolated partitions
 * (`us-iso-`, `us-isob-`, `us-isof-`, `eu-isoe-`, and letters to come) and
 * the European Sovereign Cloud (`eusc-de-east-1`). test/validate.test.ts
 * checks it against every region of the SDK's partitions.json.
 */
const REGION = /^(?:[a-z]{2}|us-gov|(?:us|eu)-iso[a-z]?|eusc-[a-z]{2})-[a-z]+-\d{1,2}$/;
function region(raw, name) {
    const value = raw.trim();
    if (value.length > parameter_names/* REGION_NAME_MAX */.sL || !REGION.test(value))
        throw new ConfigError(`${name}: ${shown(value)} is not an AWS region name (like us-east-1)`);
    return value;
}
/** EC2 key pair names: 1 to 255 printable ASCII characters. */
function keyPairName(raw, name) {
    if (!raw)
        throw new ConfigError(`${name} must not be empty`);
    if (raw.length > parameter_names/* KEY_NAME_MAX */.rk || !/^[\x20-\x7e]+$/.test(raw))
        throw new ConfigError(`${name}: ${shown(raw)} is not an EC2 key pair name (1 to ${parameter_names/* KEY_NAME_MAX */.rk} printable ASCII characters)`);
    return raw;
}
function userName(raw, name) {
    if (!host_script/* USER */.m3.test(raw))
        throw new ConfigError(`${name}: ${shown(raw)} is not a user name (a letter or _, then letters, digits, _ . -; at most 32 characters)`);
    return raw;
}
function users(raw, name) {
    const names = unique(raw.map((value) => userName(value, name)));
    if (names.length > MAX_USERS)
        throw new ConfigError(`${name}: at most ${MAX_USERS} users, got ${names.length}`);
    return names;
}
/** A whole number of days: decimal digits only (not 0x10, 1e3, 1.5, -1). */
function maxKeyAge(raw, name) {
    const value = raw.trim();
    const days = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
    if (!(days >= 1 && days <= MAX_KEY_AGE_DAYS))
        throw new ConfigError(`${name} must be a whole number of days, got ${shown(raw)}`);
    return days;
}
/**
 * A Parameter Store path: `/` then segments of A-Z a-z 0-9 _ . - (a trailing
 * `/` is dropped), not starting with the reserved `aws` or `ssm`, short and
 * shallow enough that every key pair's parameters fit under it.
 */
function parameterPath(raw, name) {
    const value = raw.trim().replace(/(?<=.)\/$/, '');
    const problem = (() => {
        if (!value.startsWith('/'))
            return 'does not start with /';
        const segments = value.slice(1).split('/');
        if (segments.some((segment) => segment === ''))
            return value === '/' ? 'names no level below /' : 'has an empty level (//)';
        const bad = segments.find((segment) => !/^[A-Za-z0-9_.-]+$/.test(segment));
        if (bad !== undefined)
            return `has a level ${shown(bad)} with other characters than A-Z a-z 0-9 _ . -`;
        if (segments.some((segment) => segment === '.' || segment === '..'))
            return 'has a . or .. level';
        if (/^(aws|ssm)/i.test(segments[0] ?? ''))
            return 'starts with aws or ssm (reserved by Parameter Store)';
        if (value.length > parameter_names/* PARAMETER_PATH_MAX */.pd)
            return `is longer than ${parameter_names/* PARAMETER_PATH_MAX */.pd} characters (room is kept for every key pair name)`;
        if (segments.length > parameter_names/* PARAMETER_PATH_DEPTH_MAX */.to)
            return `is deeper than ${parameter_names/* PARAMETER_PATH_DEPTH_MAX */.to} levels (Parameter Store allows 15 in all)`;
        return null;
    })();
    if (problem)
        throw new ConfigError(`${name} must be a Parameter Store path such as ${DEFAULT_PARAMETER_PATH}: it ${problem}, got ${shown(raw)}`);
    return value;
}
/** Key=Value of an EC2 tag (key 1-128 characters, value up to 256). */
function targetTag(raw, name) {
    const value = raw.trim();
    if (!value)
        return null;
    const match = /^([^=]+)=(.*)$/.exec(value);
    const key = match?.[1]?.trim() ?? '';
    const tagValue = match?.[2]?.trim() ?? '';
    if (!key || [...value].some((char) => char < ' ' || char === '\x7f'))
        throw new ConfigError(`${name} must look like Key=Value, got ${shown(raw)}`);
    if (key.length > 128 || tagValue.length > 256)
        throw new ConfigError(`${name}: a tag key is at most 128 characters and a value at most 256, got ${shown(raw)}`);
    return { key, value: tagValue };
}
const KMS_KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key\/(.+)|(alias\/.+))$/;
/** A KMS key id, key ARN, alias name or alias ARN. */
function kmsKeyId(raw, name) {
    const value = raw.trim();
    if (!value)
        return null;
    const arn = KMS_ARN.exec(value);
    const ok = arn
        ? arn[1]
            ? KMS_KEY_ID.test(arn[1])
            : KMS_ALIAS.test(arn[2] ?? '')
        : KMS_KEY_ID.test(value) || KMS_ALIAS.test(value);
    if (!ok)
        throw new ConfigError(`${name} must be a KMS key id, key ARN, alias/NAME or alias ARN, got ${shown(raw)}`);
    return value;
}
/** One of `allowed` (blank: `fallback`), or a ConfigError naming the setting. */
function oneOf(raw, name, allowed, fallback) {
    const value = raw.trim();
    if (!value)
        return fallback;
    if (allowed.includes(value))
        return value;
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${shown(raw)}`);
}
/**
 * Every rotation setting, checked and normalised: lists lose duplicates, a
 * blank setting takes its default. Throws ConfigError on the first bad value.
 */
function validateRotationInputs(raw, door) {
    const name = (field) => inputName(field, door);
    return {
        regions: unique(raw.regions.map((value) => region(value, name('regions')))),
        keyPairs: unique(raw.keyPairs.map((value) => keyPairName(value, name('keyPairs')))),
        maxKeyAge: raw.maxKeyAge === null ? null : maxKeyAge(raw.maxKeyAge, name('maxKeyAge')),
        users: users(raw.users, name('users')),
        parameterPath: parameterPath(raw.parameterPath ?? DEFAULT_PARAMETER_PATH, name('parameterPath')),
        targetTag: targetTag(raw.targetTag, name('targetTag')),
        kmsKeyId: kmsKeyId(raw.kmsKeyId, name('kmsKeyId')),
        keyType: oneOf(raw.keyType, name('keyType'), KEY_TYPES, 'ed25519'),
        newKeyPairName: raw.newKeyPairName === null ? null : keyPairName(raw.newKeyPairName, name('newKeyPairName')),
        ssmDocument: oneOf(raw.ssmDocument, name('ssmDocument'), SSM_DOCUMENTS, 'ec2-key-rotate'),
        offlineRecovery: offlineRecovery(raw, name),
    };
}
/**
 * `none` (or blank) turns the offline recovery off; `restore-user-data`
 * applies to the user-data method only, and naming it without that method is
 * a mistake worth a clear error rather than a silent no-op.
 */
function offlineRecovery(raw, name) {
    const method = oneOf(raw.offlineRecovery ?? '', name('offlineRecovery'), ['none', ...OFFLINE_METHODS], 'none');
    const restore = raw.restoreUserData?.trim() ?? '';
    if (restore && method !== 'user-data')
        throw new ConfigError(`${name('restoreUserData')} applies only with ${name('offlineRecovery')} user-data`);
    if (method === 'none')
        return null;
    return {
        method,
        restoreUserData: oneOf(restore, name('restoreUserData'), RESTORE_USER_DATA, 'stop-start'),
    };
}
// ---------------------------------------------------------------------------
// The scan report (`scan --format json`, src/report/json.ts) read back by `--from-scan`.
const SHA256 = /^SHA256:[A-Za-z0-9+/]{43}$/;
const COLON_HEX = (bytes) => new RegExp(`^[0-9a-f]{2}(?::[0-9a-f]{2}){${bytes - 1}}$`);
const MD5 = COLON_HEX(16);
const SHA1 = COLON_HEX(20);
const ED25519_EC2 = /^[A-Za-z0-9+/]{43}=?$/;
const PUBLIC_KEY = /^(?:ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+ [A-Za-z0-9+/]+={0,3}(?: [\x20-\x7e]*)?$/;
const KEY_TYPE_NAMES = ['rsa', 'ecdsa', 'ed25519', 'dsa', 'unknown'];
const FORMATS = ['pkcs1', 'pkcs8', 'sec1', 'openssh', 'putty', 'unknown'];
class ReportError extends Error {
}
const isString = (value) => typeof value === 'string';
const isBoolean = (value) => typeof value === 'boolean';
const nullOr = (check) => (value) => value === null || check(value);
const matching = (pattern) => (value) => typeof value === 'string' && pattern.test(value);
const among = (values) => (value) => typeof value === 'string' && values.includes(value);
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
function field(object, key, path, check, expected, required) {
    if (!(key in object)) {
        if (required)
            throw new ReportError(`${path}.${key} is missing`);
        return;
    }
    if (!check(object[key]))
        throw new ReportError(`${path}.${key} must be ${expected}, got ${kindOf(object[key])}`);
}
/**
 * What a value of the report is, never what it holds: a report is a scan's
 * output, and a hand-edited or corrupted one may hold key text anywhere.
 */
function kindOf(value) {
    if (value === null)
        return 'null';
    if (typeof value === 'string')
        return value.length ? `a string of ${value.length} characters` : 'an empty string';
    if (Array.isArray(value))
        return 'an array';
    if (typeof value === 'object')
        return 'an object';
    if (typeof value === 'number')
        return 'a number';
    if (typeof value === 'boolean')
        return 'true or false';
    return typeof value;
}
/** One finding: the fields the engine reads are required, the others typed when present. */
function checkFinding(value, path) {
    if (!isObject(value))
        throw new ReportError(`${path} must be an object`);
    const need = (key, check, expected) => field(value, key, path, check, expected, true);
    const may = (key, check, expected) => field(value, key, path, check, expected, false);
    need('id', matching(/^\S{1,200}$/), 'a finding id');
    need('fingerprint', nullOr(matching(SHA256)), 'an OpenSSH SHA256 fingerprint or null');
    need('md5', nullOr(matching(MD5)), 'an MD5 colon-hex fingerprint or null');
    need('publicKey', nullOr(matching(PUBLIC_KEY)), 'an OpenSSH public key line or null');
    need('ec2Fingerprints', isObject, 'an object');
    const ec2 = value.ec2Fingerprints;
    const ec2Path = `${path}.ec2Fingerprints`;
    field(ec2, 'imported', ec2Path, nullOr(matching(MD5)), 'an MD5 colon-hex fingerprint or null', true);
    field(ec2, 'created', ec2Path, nullOr(matching(SHA1)), 'a SHA-1 colon-hex fingerprint or null', true);
    field(ec2, 'ed25519', ec2Path, nullOr(matching(ED25519_EC2)), 'a base64 SHA-256 or null', true);
    may('note', nullOr(isString), 'a string or null');
    may('confidence', among(['high', 'low']), 'high or low');
    may('keyType', among(KEY_TYPE_NAMES), KEY_TYPE_NAMES.join(', '));
    may('bits', nullOr((bits) => Number.isInteger(bits)), 'a whole number or null');
    may('format', among(FORMATS), FORMATS.join(', '));
    for (const flag of ['encrypted', 'parsed', 'placeholder', 'truncated'])
        may(flag, isBoolean, 'true or false');
    may('locations', Array.isArray, 'an array');
    const locations = (value.locations ?? []);
    locations.forEach((location, index) => {
        const at = `${path}.locations[${index}]`;
        if (!isObject(location))
            throw new ReportError(`${at} must be an object`);
        field(location, 'path', at, isString, 'a string', true);
        field(location, 'line', at, (line) => Number.isInteger(line), 'a whole number', true);
    });
    const fingerprint = value.fingerprint;
    const publicKey = value.publicKey;
    // The public key is what the engine removes from hosts: it must be the key the fingerprints name.
    if (publicKey !== null) {
        let key;
        try {
            key = lib.parseKey(publicKey, 'ssh');
        }
        catch {
            throw new ReportError(`${path}.publicKey is not a public key`);
        }
        const derived = (0,keys_fingerprint/* ec2Fingerprints */.i_)(key);
        const mismatch = fingerprint !== (0,keys_fingerprint/* sha256Fingerprint */._7)(key)
            ? 'fingerprint'
            : value.md5 !== null && value.md5 !== (0,keys_fingerprint/* md5Fingerprint */.Pr)(key)
                ? 'md5'
                : ec2.imported !== null && ec2.imported !== derived.imported
                    ? 'ec2Fingerprints.imported'
                    : ec2.ed25519 !== null && ec2.ed25519 !== derived.ed25519
                        ? 'ec2Fingerprints.ed25519'
                        : null;
        if (mismatch)
            throw new ReportError(`${path}.${mismatch} is not the fingerprint of its publicKey`);
    }
    return {
        keyType: 'unknown',
        bits: null,
        format: 'unknown',
        encrypted: false,
        parsed: fingerprint !== null,
        note: null,
        placeholder: false,
        truncated: false,
        confidence: fingerprint !== null ? 'high' : 'low',
        locations: [],
        ...value,
        ec2Fingerprints: {
            imported: ec2.imported,
            created: ec2.created,
            ed25519: ec2.ed25519,
        },
    };
}
/**
 * The findings of a scan report (`scan --format json`), checked against the
 * report's shape. Throws ConfigError naming the file and the first bad field.
 */
function parseScanReport(text, file) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        // Where, and what was expected: never the runtime's message, which quotes the text.
        const error = jsonSyntaxError(text);
        const why = error
            ? `invalid JSON at ${positionIn(text, error.offset)}: expected ${error.expected}`
            : 'invalid JSON';
        throw new ConfigError(`${file} is not the JSON output of "scan --format json": ${why}`);
    }
    if (!isObject(parsed) || !Array.isArray(parsed.findings))
        throw new ConfigError(`${file} is not the JSON output of "scan --format json": it has no findings array`);
    try {
        return parsed.findings.map((finding, index) => checkFinding(finding, `findings[${index}]`));
    }
    catch (error) {
        if (!(error instanceof ReportError))
            throw error;
        throw new ConfigError(`${file} is not a valid scan report: ${error.message}`);
    }
}


/***/ })

};
