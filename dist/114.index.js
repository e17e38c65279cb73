export const id = 114;
export const ids = [114];
export const modules = {

/***/ 8247:
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
/* harmony export */   mm: () => (/* binding */ hostCommand),
/* harmony export */   sQ: () => (/* binding */ checkInstalledDocument)
/* harmony export */ });
/* unused harmony exports DOCUMENT_NAME, PARAMETERS_END, DOCUMENT_PARAMETERS, documentObject, documentContent, documentHash, documentName, documentVersionName, isThisDocument, installAdvice, DocumentError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8247);
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

/***/ 9114:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BATCH_SIZE: () => (/* binding */ BATCH_SIZE),
/* harmony export */   DEFAULT_RUN_OPTIONS: () => (/* binding */ DEFAULT_RUN_OPTIONS),
/* harmony export */   runOnInstances: () => (/* binding */ runOnInstances)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8247);
/* harmony import */ var _host_document_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3317);



/** SendCommand takes at most 50 instance ids. */
const BATCH_SIZE = 50;
const DEFAULT_RUN_OPTIONS = {
    comment: 'ec2-key-rotate',
    executionTimeout: 120,
    deliveryTimeout: 600,
    pollInitialMs: 500,
    pollMaxMs: 5000,
    concurrency: 20,
};
/** Each wait as a share of the time the command has run, before and after a typical time is known. */
const POLL_FRACTION = 0.5;
const KNOWN_POLL_FRACTION = 0.25;
/** The first poll, as a share of the typical run time of this run's finished commands. */
const FIRST_POLL_SHARE = 1.05;
const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);
const DEFAULT_TAG = { key: 'ec2-key-rotate', value: 'enabled' };
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function outcomeOf(invocation) {
    const plugin = invocation.CommandPlugins?.[0];
    const ssmStatus = invocation.StatusDetails ?? invocation.Status ?? 'Unknown';
    const exitCode = plugin?.ResponseCode ?? null;
    const ran = invocation.Status === 'Success' || (invocation.Status === 'Failed' && ssmStatus === 'Failed');
    return {
        instanceId: invocation.InstanceId ?? '',
        status: invocation.Status === 'Success' ? 'ok' : ran ? 'failed' : 'unreachable',
        ssmStatus,
        exitCode: exitCode === -1 ? null : exitCode,
        output: plugin?.Output ?? '',
    };
}
function notSent(ids, ssmStatus, output, reason) {
    return ids.map((instanceId) => ({
        instanceId,
        status: 'unreachable',
        ssmStatus,
        exitCode: null,
        output,
        ...(reason ? { reason } : {}),
    }));
}
/**
 * One status poll: ListCommands for this command only, which carries its
 * overall status and counts but no instance's output.
 */
async function commandFinished(clients, commandId) {
    let command;
    try {
        const { Commands = [] } = await clients.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .ListCommandsCommand */ .I$q({ CommandId: commandId }));
        command = Commands[0];
    }
    catch (error) {
        // A command SSM has only just accepted may not be listed yet.
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error) === 'InvalidCommandId')
            return false;
        throw error;
    }
    if (!command)
        return false;
    if (TERMINAL.has(command.Status ?? ''))
        return true;
    const targets = command.TargetCount ?? 0;
    return targets > 0 && (command.CompletedCount ?? 0) >= targets;
}
/** Every invocation of a command with its output (ListCommandInvocations with Details, all pages). */
async function invocationsOf(clients, commandId) {
    const invocations = [];
    let nextToken;
    do {
        const page = await clients.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .ListCommandInvocationsCommand */ .mdT({
            CommandId: commandId,
            Details: true,
            MaxResults: 50,
            NextToken: nextToken,
        }));
        invocations.push(...(page.CommandInvocations ?? []));
        nextToken = page.NextToken;
    } while (nextToken);
    return new Map(invocations.map((invocation) => [invocation.InstanceId ?? '', invocation]));
}
/**
 * Waits for a command: status-only polls (ListCommands) on a schedule that
 * stretches with the command's run time, then the output of every instance,
 * fetched once when the command has finished.
 */
async function pollCommand(clients, commandId, ids, options) {
    const sleep = options.sleep ?? wait;
    const sent = Date.now();
    const typical = typicalDuration(clients);
    const fraction = typical === null ? POLL_FRACTION : KNOWN_POLL_FRACTION;
    // Run Command ends every invocation by these timeouts; past them, stop waiting.
    let budgetMs = (options.deliveryTimeout + options.executionTimeout + 60) * 1000;
    for (let poll = 0;; poll++) {
        if (budgetMs <= 0)
            return notSent(ids, 'NoResult', 'Run Command reported no final status in time');
        const stretch = poll === 0 && typical !== null ? typical * FIRST_POLL_SHARE : (Date.now() - sent) * fraction;
        const delay = Math.round(Math.min(options.pollMaxMs, Math.max(options.pollInitialMs, stretch)));
        await sleep(delay);
        budgetMs -= delay;
        if (!(await commandFinished(clients, commandId)))
            continue;
        const byId = await invocationsOf(clients, commandId);
        // SSM may list a finished command before every invocation reads finished: look again later.
        if (ids.every((id) => TERMINAL.has(byId.get(id)?.Status ?? ''))) {
            recordDuration(clients, runTime([...byId.values()]) ?? Date.now() - sent);
            return ids.map((id) => outcomeOf(byId.get(id)));
        }
    }
}
/**
 * How long a command ran by SSM's own clock: from its request to the last
 * plugin's finish (null when SSM gave no times). Unlike the time until a
 * poll saw it finished, this does not carry the polling's own lateness.
 */
function runTime(invocations) {
    const requested = invocations.map((entry) => entry.RequestedDateTime?.getTime() ?? NaN);
    const finished = invocations.map((entry) => entry.CommandPlugins?.[0]?.ResponseFinishDateTime?.getTime() ?? NaN);
    const start = Math.min(...requested);
    const end = Math.max(...finished);
    return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : null;
}
/** How long this run's commands in a region ran. */
const durations = new WeakMap();
function recordDuration(clients, ms) {
    const list = durations.get(clients) ?? [];
    list.push(ms);
    // The recent ones: phases differ a little, runs on one set of clients not at all.
    if (list.length > 64)
        list.shift();
    durations.set(clients, list);
}
/** The median of the recorded durations, or null before any command finished. */
function typicalDuration(clients) {
    const list = [...(durations.get(clients) ?? [])].sort((a, b) => a - b);
    return list.length ? list[Math.floor(list.length / 2)] : null;
}
/** The instance id an AccessDenied message names (`…:instance/i-0abc…`), when it is one of `ids`. */
function deniedInstance(error, ids) {
    const id = /:instance\/(i-[0-9a-f]+)/.exec((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorMessage */ .X_)(error))?.[1];
    return id && ids.includes(id) ? id : null;
}
function deniedOnDocument(error) {
    return /:document\//.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorMessage */ .X_)(error));
}
/**
 * Runs one command on a batch (≤ 50) of instances. SSM refuses the whole
 * batch when one id is not registered (InvalidInstanceId) or when the role
 * may not reach one instance (AccessDenied: the policy allows SendCommand
 * only on instances with the target tag): an instance the denial names is
 * set aside, otherwise the batch is split in halves, until the refused ids
 * stand alone and the others run.
 */
async function runBatch(clients, ids, request, options) {
    let commandId;
    try {
        const response = await clients.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .SendCommandCommand */ .VWR({
            ...request,
            InstanceIds: ids,
            Comment: options.comment.slice(0, 100),
            TimeoutSeconds: options.deliveryTimeout,
        }));
        commandId = response.Command?.CommandId;
    }
    catch (error) {
        const name = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error);
        const message = `${name || 'SendCommand failed'}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorMessage */ .X_)(error)}`;
        const split = async () => {
            const half = Math.ceil(ids.length / 2);
            return [
                ...(await runBatch(clients, ids.slice(0, half), request, options)),
                ...(await runBatch(clients, ids.slice(half), request, options)),
            ];
        };
        if (name === 'InvalidInstanceId' && ids.length > 1)
            return split();
        if (/^AccessDenied/.test(name)) {
            const document = request.DocumentName ?? 'the document';
            if (deniedOnDocument(error) && !deniedInstance(error, ids)) {
                return notSent(ids, 'AccessDenied', message, `AccessDenied: the role may not run the SSM document ${document} (docs/iam/permissions-policy.json grants ssm:SendCommand on it)`);
            }
            const denied = ids.length === 1 ? ids[0] : deniedInstance(error, ids);
            if (!denied)
                return split();
            const tag = options.targetTag ?? DEFAULT_TAG;
            const refused = notSent([denied], 'AccessDenied', message, `AccessDenied: tag the instance ${tag.key}=${tag.value} so the role may run the document there`);
            const rest = ids.filter((id) => id !== denied);
            return [...refused, ...(rest.length ? await runBatch(clients, rest, request, options) : [])];
        }
        return notSent(ids, 'NotSent', message);
    }
    if (!commandId)
        return notSent(ids, 'NotSent', 'no command id');
    return pollCommand(clients, commandId, ids, options);
}
/** The project document checked once per region and run (its version is sent with every command). */
const checked = new WeakMap();
function installedDocument(clients) {
    let found = checked.get(clients);
    if (!found) {
        found = (0,_host_document_js__WEBPACK_IMPORTED_MODULE_0__/* .checkInstalledDocument */ .sQ)(clients.ssm, clients.region);
        checked.set(clients, found);
        // A failed check is not remembered: the next run asks again.
        found.catch(() => checked.delete(clients));
    }
    return found;
}
/**
 * Runs one phase of the host script on many instances: one SendCommand per
 * 50 instances, at most `concurrency` commands in flight, each followed as a
 * whole (status-only polls, then every instance's output fetched once).
 * Through the project's document unless `ssmDocument` is AWS-RunShellScript;
 * throws a DocumentError, before anything is sent, when the installed
 * document is missing or not this release's.
 */
async function runOnInstances(clients, instanceIds, command, options = DEFAULT_RUN_OPTIONS) {
    if (!instanceIds.length)
        return [];
    const executionTimeout = [String(options.executionTimeout)];
    let request;
    if (options.ssmDocument === 'AWS-RunShellScript') {
        request = {
            DocumentName: 'AWS-RunShellScript',
            Parameters: { commands: [command.script], executionTimeout },
        };
    }
    else {
        const document = await installedDocument(clients);
        request = {
            DocumentName: document.name,
            DocumentVersion: document.version,
            Parameters: { ...command.parameters, executionTimeout },
        };
    }
    const batches = [];
    for (let i = 0; i < instanceIds.length; i += BATCH_SIZE)
        batches.push(instanceIds.slice(i, i + BATCH_SIZE));
    const results = [];
    let next = 0;
    const worker = async () => {
        while (next < batches.length) {
            const index = next++;
            results[index] = await runBatch(clients, batches[index], request, options);
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, batches.length) }, worker));
    return results.flat();
}


/***/ })

};
