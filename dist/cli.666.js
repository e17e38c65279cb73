export const id = 666;
export const ids = [666];
export const modules = {

/***/ 3249:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ resolveCredentials)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1695);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8683);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(628);



/** The `sub` claim of a JWT, to say which identity a trust policy rejected. Not secret. */
function subjectOf(token) {
    try {
        const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return payload.sub ?? 'unknown';
    }
    catch {
        return 'unknown';
    }
}
async function fetchToken(source) {
    try {
        return await source.getToken(source.audience);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AwsSetupError */ .Z1(`cannot get a GitHub OIDC token (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorMessage */ .X_)(error)}): give the job "permissions: id-token: write"`);
    }
}
function explain(error, source, token) {
    const name = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorName */ .ZH)(error);
    const sub = subjectOf(token);
    switch (name) {
        case 'AccessDenied':
        case 'AccessDeniedException':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AwsSetupError */ .Z1(`STS refused to let this workflow assume ${source.roleArn}: the role's trust policy must allow ` +
                `token.actions.githubusercontent.com with aud "${source.audience}" and a sub condition matching "${sub}"`);
        case 'ExpiredToken':
        case 'ExpiredTokenException':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AwsSetupError */ .Z1('the GitHub OIDC token expired before STS accepted it; run the job again');
        // The SDK names modeled errors by their shape (…Exception); the wire code lacks the suffix.
        case 'InvalidIdentityToken':
        case 'InvalidIdentityTokenException':
        case 'IDPRejectedClaim':
        case 'IDPRejectedClaimException':
        case 'IDPCommunicationError':
        case 'IDPCommunicationErrorException':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AwsSetupError */ .Z1(`STS rejected the GitHub OIDC token (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorMessage */ .X_)(error)}): is the IAM OIDC provider ` +
                `token.actions.githubusercontent.com registered with audience "${source.audience}"?`);
        default:
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AwsSetupError */ .Z1(`cannot assume ${source.roleArn}: ${name || 'error'}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorMessage */ .X_)(error)}`);
    }
}
/**
 * Resolves AWS credentials. With a role, exchanges the GitHub OIDC token for
 * temporary credentials (the SDK retries transient STS failures) and masks
 * them; without one, returns undefined so the clients use the default chain.
 */
async function resolveCredentials(source) {
    if (source.kind === 'default')
        return undefined;
    if (source.kind === 'static')
        return source.credentials;
    const token = await fetchToken(source);
    source.mask(token);
    const sts = new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .STSClient */ .iM({
        region: source.region,
        maxAttempts: 5,
        requestHandler: _clients_js__WEBPACK_IMPORTED_MODULE_0__/* .HTTP_TIMEOUTS */ .gM,
    });
    (0,_clients_js__WEBPACK_IMPORTED_MODULE_0__/* .nameTimeouts */ .ku)(sts.middlewareStack, 'STS');
    try {
        const response = await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .AssumeRoleWithWebIdentityCommand */ .WH({
            RoleArn: source.roleArn,
            RoleSessionName: source.sessionName,
            WebIdentityToken: token,
            DurationSeconds: source.durationSeconds,
        }));
        const credentials = response.Credentials;
        if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AwsSetupError */ .Z1('STS returned no credentials');
        }
        source.mask(credentials.AccessKeyId);
        source.mask(credentials.SecretAccessKey);
        if (credentials.SessionToken)
            source.mask(credentials.SessionToken);
        return {
            accessKeyId: credentials.AccessKeyId,
            secretAccessKey: credentials.SecretAccessKey,
            sessionToken: credentials.SessionToken,
            expiration: credentials.Expiration,
        };
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AwsSetupError */ .Z1)
            throw error;
        throw explain(error, source, token);
    }
    finally {
        sts.destroy();
    }
}


/***/ }),

/***/ 5718:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ parseHostResult),
/* harmony export */   O: () => (/* binding */ fields)
/* harmony export */ });
const ERROR_HEADER = '----------ERROR-------';
const TRUNCATED = '---Output truncated---';
const PHASES = new Set(['probe', 'add', 'verify', 'revoke', 'keyless', 'inventory']);
const STATUSES = new Set(['ok', 'incomplete', 'failed']);
const COUNTS = ['files', 'old', 'new', 'added', 'removed', 'kept', 'ignored'];
const REASONS = {
    'no-new-key': 'the new key is not in the file (the old key, if any, was kept)',
    'options-missing': 'an old-key line has options that no new-key line carries (the old key was kept)',
    'type-refused': "sshd does not accept the new key's type for this user (PubkeyAcceptedAlgorithms); the old key was kept",
    'keygen-rejects': '`ssh-keygen -l` does not find the new key in the file (the old key was kept)',
    'unsafe-file': 'the file is group/world-writable or not owned by the user or root, so sshd ignores it (StrictModes)',
    'unsafe-dir': 'is group/world-writable or not owned by the user or root, so sshd ignores the file (StrictModes)',
    'link-leaves-home': "a link in the user's home leads out of it: refused (root never writes through a user's link)",
    'dangling-link': 'the file is a link to nothing: refused (never created through a link)',
    'foreign-owner': 'a directory on its path belongs to neither the user nor root: refused (never written)',
    'unsafe-path': 'a directory on its path is not root-only (owned by root, not group/other-writable): refused',
    'not-regular': 'not a regular file (sshd reads only regular files): refused',
    'quoted-authorized-keys-file': 'an AuthorizedKeysFile path holds a blank, which `sshd -T` cannot show unambiguously: the files it names were not checked',
    'unusable-home': 'the home directory path holds a tab: its files were not checked',
    write: 'the file could not be written as its user (the old key, if any, was kept)',
    moved: 'the directory changed while the file was written: refused',
    'no-dir': 'its directory does not exist',
    gone: 'the file disappeared',
    stat: 'the file could not be examined',
    unreadable: 'the file cannot be read as its user: it was not checked (the host is incomplete until it is)',
    'stat-failed': 'the modes of the file or its directories could not be read',
    'bad-pattern': 'AuthorizedKeysFile has a % token the script does not know',
    'sshd-config': '`sshd -t` rejects the sshd configuration: nothing was removed',
    'has-keys': 'holds SSH keys that sshd accepts for this user (inventory)',
    'authorized-keys-command': 'sshd also takes keys from this AuthorizedKeysCommand, which the script cannot change',
};
const ERRORS = {
    'bad-phase': 'the script was given an unknown phase',
    'bad-parameters': 'the SSM document received malformed parameters (a line break in a value): nothing was read or changed',
    'no-new-key': 'the script was given no new key',
    mktemp: 'mktemp failed (no writable temp directory?)',
    'no-passwd': 'cannot read the account list (getent passwd, /etc/passwd)',
    classes: 'awk could not evaluate the Match blocks',
    candidates: 'awk could not list the authorized_keys files',
    'no-sshd': 'sshd not found: which files sshd reads and which key types it accepts cannot be checked',
    'sshd-T-failed': '`sshd -T` failed: sshd’s configuration cannot be evaluated',
    'not-root': 'the script did not run as root',
    'unsafe-run-dir': '/run is not root-only: no lock could be taken safely',
    lock: 'the lock file /run/ec2-key-rotate.lock could not be opened',
    locked: 'another ec2-key-rotate script held the lock on this host for 5 minutes',
    'missing-setpriv': 'no way to read files as their users (chroot --userspec, setpriv or runuser): nothing was checked',
};
/** Host text made safe to show: printable, one line, short. */
function clean(text, max = 200) {
    const printable = text.replace(/[^\x20-\x7e]/g, '?');
    return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}
/** The `key=value` fields of a result line (the host script's and the audit's). */
function fields(line) {
    const map = new Map();
    for (const token of line.split(/\s+/)) {
        const at = token.indexOf('=');
        if (at > 0)
            map.set(token.slice(0, at), token.slice(at + 1));
    }
    return map;
}
function describeReason(reason) {
    if (reason.startsWith('ignored-')) {
        return `sshd ignores this file, which still holds the old key (${describeReason(reason.slice('ignored-'.length))})`;
    }
    if (reason.startsWith('unsafe-dir:'))
        return `directory ${reason.slice('unsafe-dir:'.length)} ${REASONS['unsafe-dir']}`;
    return REASONS[reason] ?? reason;
}
function describeFile(line) {
    const path = /\spath=(.*)$/.exec(line)?.[1] ?? '?';
    const head = fields(line.slice(0, line.length - path.length));
    const reason = head.get('reason') ?? 'failed';
    const user = head.get('user');
    const who = user && user !== 'root' && path !== '-' ? ` (${user})` : '';
    return clean(`${path}${who}: ${describeReason(reason)}`, 400);
}
function describeNote(note) {
    if (note.startsWith('no-such-user=')) {
        return clean(`no such user on this host: ${note.slice('no-such-user='.length).split(',').join(', ')}`);
    }
    if (note.startsWith('unenumerated-homes=')) {
        return `${note.slice('unenumerated-homes='.length)} home director(y/ies) belong to accounts that getent cannot name: their keys were not checked`;
    }
    if (note === 'ec2-instance-connect') {
        return 'sshd also takes keys from EC2 Instance Connect (pushed through its API, valid 60 seconds); those are not the leaked key';
    }
    if (note === 'trusted-user-ca-keys') {
        return 'sshd also trusts certificates signed by TrustedUserCAKeys; a certificate for the leaked key stays valid until it expires';
    }
    return clean(note);
}
function count(map, key) {
    const value = map.get(key);
    return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
function failure(message, phase = null) {
    return {
        phase,
        status: 'failed',
        files: 0,
        old: 0,
        new: 0,
        added: 0,
        removed: 0,
        kept: 0,
        ignored: 0,
        accepts: null,
        messages: [message],
    };
}
/** Parses the script's output (stdout, or Run Command's combined output) and exit code. */
function parseHostResult(stdout, exitCode) {
    const errorAt = stdout.indexOf(ERROR_HEADER);
    const out = errorAt >= 0 ? stdout.slice(0, errorAt) : stdout;
    const err = errorAt >= 0 ? stdout.slice(errorAt + ERROR_HEADER.length) : '';
    const lines = out.split('\n').map((line) => line.replace(/\r$/, ''));
    const resultLine = lines.filter((line) => line.startsWith('EC2KR-RESULT ')).pop();
    if (!resultLine) {
        const truncated = stdout.includes(TRUNCATED);
        const firstError = clean(err.trim().split('\n')[0]?.trim() ?? '');
        return failure(`${truncated ? 'output truncated before the result line' : 'the script printed no result line'} (exit ${exitCode})` +
            (firstError ? `: ${firstError}` : ''));
    }
    const map = fields(resultLine);
    const phaseField = map.get('phase') ?? '';
    const phase = PHASES.has(phaseField) ? phaseField : null;
    const status = map.get('status') ?? '';
    const numbers = COUNTS.map((key) => count(map, key));
    if (map.get('v') !== '2' || !phase || !STATUSES.has(status) || numbers.includes(null)) {
        return failure(`malformed result line (exit ${exitCode}): ${clean(resultLine)}`, phase);
    }
    const [files, old, fresh, added, removed, kept, ignored] = numbers;
    const accepts = map.get('accepts');
    const result = {
        phase,
        status: status,
        files: files,
        old: old,
        new: fresh,
        added: added,
        removed: removed,
        kept: kept,
        ignored: ignored,
        accepts: accepts === undefined
            ? null
            : accepts === 'none'
                ? []
                : accepts.split(',').filter((type) => /^[a-z0-9@.-]{1,64}$/.test(type)),
        messages: [],
    };
    const error = map.get('error');
    if (error)
        result.messages.push(`script error: ${ERRORS[error] ?? clean(error.replace(/^missing-/, 'missing tool: '))}`);
    const fileLines = lines.filter((line) => line.startsWith('EC2KR-FILE '));
    result.messages.push(...fileLines.map(describeFile));
    const problems = result.kept + result.ignored;
    if (problems > fileLines.length && fileLines.length > 0) {
        result.messages.push(`and ${problems - fileLines.length} more file(s)`);
    }
    result.messages.push(...lines
        .filter((line) => line.startsWith('EC2KR-NOTE '))
        .map((line) => describeNote(line.slice(11).trim())));
    const expected = { ok: 0, incomplete: 1, failed: 2 }[result.status];
    if (exitCode !== expected) {
        result.messages.unshift(`the script reported ${result.status} but exited ${exitCode}`);
        result.status = 'failed';
    }
    else if (result.status !== 'ok' && result.messages.length === 0) {
        result.messages.push(`the script reported ${result.status} (exit ${exitCode})`);
    }
    return result;
}


/***/ }),

/***/ 7383:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $y: () => (/* binding */ READINESS_TEXT),
/* harmony export */   Uq: () => (/* binding */ MANUAL_WAYS_BACK),
/* harmony export */   q8: () => (/* binding */ findTargets)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5193);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);


/** What a person can do for an instance the rotation cannot reach. */
const MANUAL_WAYS_BACK = [
    'rotate again with --offline-recovery user-data (action input offline-recovery: user-data): the instance is stopped and started, and a boothook adds the new key and removes the old one',
    'or --offline-recovery reset-access: the AWSSupport-ResetAccess automation puts a new key in place and stores it in Parameter Store (the leaked key stays)',
    'once Run Command reaches it again: ec2-key-rotate recover --instance ID --user USER --revoke-old (action mode: recover)',
    'by hand: log in as another user whose key still works, or edit authorized_keys on the root volume from a rescue instance',
];
const READINESS_TEXT = {
    ready: 'SSM-managed and online',
    'not-running': 'not running: its authorized_keys keeps the old key until it runs and is rotated',
    windows: 'Windows: the key pair decrypts the Administrator password; rotate it by hand',
    'not-managed': 'not managed by SSM (no agent, no instance profile, or no route to SSM)',
    offline: 'SSM agent offline (ConnectionLost)',
};
async function describe(clients, filters) {
    const found = [];
    for await (const page of (0,_aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_0__/* .paginateDescribeInstances */ .H0T)({ client: clients.ec2 }, { Filters: filters, MaxResults: 1000 })) {
        for (const reservation of page.Reservations ?? [])
            found.push(...(reservation.Instances ?? []));
    }
    return found;
}
/** DescribeInstanceInformation requests in flight at once (one per 50 ids). */
const INVENTORY_CONCURRENCY = 8;
async function ssmInventory(clients, ids) {
    const known = new Map();
    const chunks = [];
    for (let i = 0; i < ids.length; i += 50)
        chunks.push(ids.slice(i, i + 50));
    let next = 0;
    // Chunks are independent: asking them in parallel keeps a large fleet's plan short.
    const worker = async () => {
        while (next < chunks.length) {
            const filters = [{ Key: 'InstanceIds', Values: chunks[next++] }];
            for await (const page of (0,_aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .paginateDescribeInstanceInformation */ .KKC)({ client: clients.ssm }, { Filters: filters, MaxResults: 50 })) {
                for (const info of page.InstanceInformationList ?? [])
                    if (info.InstanceId)
                        known.set(info.InstanceId, info);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(INVENTORY_CONCURRENCY, chunks.length) }, worker));
    return known;
}
/**
 * The instances a rotation must reach: those launched with the key pair,
 * those carrying the target tag (all pages) and those a leak record lists
 * (`recorded`: an instance stopped or offline last time is looked for again),
 * each classified by whether Run Command can reach it. Terminated instances
 * are left out; recorded ones that are terminated or gone come back in `gone`.
 */
async function findTargets(clients, 
/** null: only the instances named in `recorded` (a recovery by instance id). */
keyName, tag, recorded = []) {
    const alive = {
        Name: 'instance-state-name',
        Values: ['pending', 'running', 'stopping', 'stopped'],
    };
    const byKey = keyName === null
        ? []
        : await describe(clients, [{ Name: 'key-name', Values: [keyName] }, alive]);
    const byTag = tag
        ? await describe(clients, [{ Name: `tag:${tag.key}`, Values: [tag.value] }, alive])
        : [];
    const instances = new Map();
    for (const instance of byKey)
        instances.set(instance.InstanceId ?? '', { instance, reason: 'launch key' });
    for (const instance of byTag) {
        if (!instances.has(instance.InstanceId ?? ''))
            instances.set(instance.InstanceId ?? '', { instance, reason: 'target tag' });
    }
    const gone = [];
    const wanted = recorded.filter((id) => !instances.has(id));
    if (wanted.length) {
        const found = new Map();
        for (let i = 0; i < wanted.length; i += 200) {
            const chunk = wanted.slice(i, i + 200);
            for (const instance of await describe(clients, [{ Name: 'instance-id', Values: chunk }]))
                found.set(instance.InstanceId ?? '', instance);
        }
        for (const id of wanted) {
            const instance = found.get(id);
            const state = instance?.State?.Name ?? 'terminated';
            if (!instance || state === 'terminated' || state === 'shutting-down')
                gone.push({ instanceId: id, region: clients.region });
            else
                instances.set(id, { instance, reason: 'leak record' });
        }
    }
    const inventory = await ssmInventory(clients, [...instances.keys()]);
    const targets = [...instances.values()]
        .map(({ instance, reason }) => {
        const instanceId = instance.InstanceId ?? '';
        const state = instance.State?.Name ?? 'unknown';
        const windows = String(instance.Platform ?? '').toLowerCase() === 'windows' ||
            /windows/i.test(instance.PlatformDetails ?? '');
        const info = inventory.get(instanceId);
        const readiness = windows
            ? 'windows'
            : state !== 'running'
                ? 'not-running'
                : !info
                    ? 'not-managed'
                    : info.PingStatus !== 'Online'
                        ? 'offline'
                        : 'ready';
        return {
            region: clients.region,
            instanceId,
            name: instance.Tags?.find((t) => t.Key === 'Name')?.Value ?? null,
            keyName: instance.KeyName ?? null,
            state,
            platform: windows ? 'windows' : 'linux',
            readiness,
            reason,
        };
    })
        .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    return { targets, gone };
}


/***/ }),

/***/ 3580:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ph: () => (/* binding */ findMatchingKeyPairs),
/* harmony export */   Uv: () => (/* binding */ evidenceFromPublicKey),
/* harmony export */   d8: () => (/* binding */ ROTATED_EARLIER),
/* harmony export */   lY: () => (/* binding */ listKeyPairs)
/* harmony export */ });
/* unused harmony export matchEvidence */
/* harmony import */ var _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5193);
/* harmony import */ var sshpk__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(663);
/* harmony import */ var _keys_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(762);
/* harmony import */ var _tags_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3450);




/**
 * matchedBy for a key pair whose name an earlier run already moved off the
 * key: the key is the latest replaced (previous-fingerprint tag) or any
 * earlier one (previous-fingerprints history tag).
 */
const ROTATED_EARLIER = 'rotated earlier (previous-fingerprint tag)';
function toRecord(region, pair) {
    let fingerprint = null;
    const publicKey = pair.PublicKey?.trim() || null;
    if (publicKey) {
        try {
            fingerprint = (0,_keys_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Fingerprint */ ._7)(sshpk__WEBPACK_IMPORTED_MODULE_0__.parseKey(publicKey, 'ssh'));
        }
        catch {
            fingerprint = null;
        }
    }
    return {
        region,
        keyPairId: pair.KeyPairId ?? '',
        keyName: pair.KeyName ?? '',
        keyType: pair.KeyType ?? 'rsa',
        ec2Fingerprint: pair.KeyFingerprint ?? '',
        publicKey,
        fingerprint,
        createTime: pair.CreateTime ?? null,
        tags: Object.fromEntries((pair.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
    };
}
/** Every key pair of a region, with public keys. DescribeKeyPairs is not paginated. */
async function listKeyPairs(clients, keyNames) {
    const response = await clients.ec2.send(new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__/* .DescribeKeyPairsCommand */ .DRu({
        IncludePublicKey: true,
        ...(keyNames ? { KeyNames: keyNames } : {}),
    }));
    return (response.KeyPairs ?? []).map((pair) => toRecord(clients.region, pair));
}
/**
 * How a key pair is recognised as the leaked key: the public key itself when
 * EC2 returns it, otherwise every fingerprint form EC2 might report
 * (imported RSA: MD5 of DER SPKI or RFC 4716 MD5; AWS-created RSA: SHA-1 of
 * PKCS#8; Ed25519: SHA-256 base64). Failing those, a pair whose tags
 * record the key among those it replaced is ROTATED_EARLIER.
 */
function matchEvidence(pair, evidence) {
    const direct = matchKey(pair, evidence);
    // A pair that holds the key is that key's pair, whatever its tags say.
    if (direct)
        return direct;
    if (evidence.fingerprint && (0,_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .fingerprintHistory */ .ZQ)(pair.tags).includes(evidence.fingerprint)) {
        // Already rotated away from this key: a re-run still converges its hosts.
        return ROTATED_EARLIER;
    }
    return null;
}
function matchKey(pair, evidence) {
    if (pair.fingerprint && evidence.fingerprint && pair.fingerprint === evidence.fingerprint)
        return 'public key';
    const reported = pair.ec2Fingerprint.toLowerCase().replace(/=+$/, '');
    if (!reported)
        return null;
    const forms = [
        ['imported RSA fingerprint', evidence.ec2Fingerprints.imported],
        ['AWS-created RSA fingerprint', evidence.ec2Fingerprints.created],
        ['ED25519 fingerprint', evidence.ec2Fingerprints.ed25519],
        ['RFC 4716 MD5 fingerprint', evidence.md5],
    ];
    for (const [label, value] of forms) {
        if (value && value.toLowerCase().replace(/=+$/, '') === reported)
            return label;
    }
    return null;
}
/** Evidence for a key pair's own public key (for rotations named by key pair, not by leak). */
function evidenceFromPublicKey(publicKey) {
    const key = sshpk__WEBPACK_IMPORTED_MODULE_0__.parseKey(publicKey, 'ssh');
    return {
        fingerprint: (0,_keys_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Fingerprint */ ._7)(key),
        md5: (0,_keys_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__/* .md5Fingerprint */ .Pr)(key),
        publicKey: key.toString('ssh').split(' ').slice(0, 2).join(' '),
        ec2Fingerprints: (0,_keys_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__/* .ec2Fingerprints */ .i_)(key),
    };
}
/** The key pairs, across regions, that the leaked key opens. */
async function findMatchingKeyPairs(regions, evidence) {
    const matches = [];
    for (const clients of regions) {
        for (const pair of await listKeyPairs(clients)) {
            const matchedBy = matchEvidence(pair, evidence);
            if (matchedBy)
                matches.push({ ...pair, matchedBy });
        }
    }
    return matches;
}


/***/ }),

/***/ 483:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ej: () => (/* binding */ openLeakRecords),
/* harmony export */   FT: () => (/* binding */ newLeakRecord),
/* harmony export */   ab: () => (/* binding */ writeLeakRecord),
/* harmony export */   bO: () => (/* binding */ readLeakRecord),
/* harmony export */   fj: () => (/* binding */ notePair),
/* harmony export */   iX: () => (/* binding */ noteInstance),
/* harmony export */   nT: () => (/* binding */ isOpen),
/* harmony export */   y5: () => (/* binding */ settlePair)
/* harmony export */ });
/* unused harmony exports LeakRecordError, leakParameterName, checkLeakRecord, openInstances, leakLabel */
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4736);
/* harmony import */ var _host_host_script_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3756);
/* harmony import */ var _parameters_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5443);
/**
 * The record of one leaked key: every key pair and instance it opened and
 * whether each is clean yet. A leak stays open until every instance it ever
 * opened is confirmed clean (the key is in no file sshd reads) or gone, across
 * later rotations of the pair, history rewrites and runs of any kind: each run
 * reads the open records and goes back to the instances still listed.
 *
 * Stored per leaked key as a SecureString at
 * `<parameter-path>/leaks/<hex of the key's SHA-256 digest>`. What is read back is
 * checked before use: the blobs must hash to the recorded fingerprint, ids and
 * names must have their AWS shapes; a record that fails is an error, not
 * trusted and not silently dropped.
 */



class LeakRecordError extends Error {
    name = 'LeakRecordError';
}
const INSTANCE_ID = /^(?:i|mi)-[0-9a-f]{8,17}$/;
const REGION = /^[a-z]{2,}(?:-[a-z]+)+-\d+$/;
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
const STATUSES = new Set(['open', 'clean', 'terminated']);
/** `<parameter-path>/leaks/<hex of the fingerprint's digest>`: a valid, injective parameter name. */
function leakParameterName(parameterPath, fingerprint) {
    const digest = Buffer.from(fingerprint.replace(/^SHA256:/, ''), 'base64').toString('hex');
    return `${leaksPath(parameterPath)}/${digest}`;
}
function leaksPath(parameterPath) {
    return `${parameterPath.replace(/\/+$/, '')}/leaks`;
}
/** A new, open record for a leaked key. */
function newLeakRecord(fingerprint, blobs, now = new Date()) {
    return {
        version: 1,
        fingerprint,
        blobs: [...new Set(blobs)],
        status: 'open',
        openedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        pairs: [],
        instances: {},
    };
}
/** Checks a record read back from Parameter Store; throws on anything off. */
function checkLeakRecord(raw, name) {
    let value;
    try {
        value = JSON.parse(raw);
    }
    catch {
        throw new LeakRecordError(`${name} is not JSON: refusing to use it`);
    }
    const record = value;
    const fail = (what) => {
        throw new LeakRecordError(`${name}: ${what}; refusing to use the record`);
    };
    if (!record || typeof record !== 'object' || record.version !== 1)
        fail('unknown version');
    if (typeof record.fingerprint !== 'string' || !FINGERPRINT.test(record.fingerprint))
        fail('bad fingerprint');
    if (!Array.isArray(record.blobs) || !record.blobs.length)
        fail('no key blobs');
    for (const blob of record.blobs) {
        if (typeof blob !== 'string' || !/^[A-Za-z0-9+/]+={0,3}$/.test(blob))
            fail('a key blob is not base64');
        if ((0,_host_host_script_js__WEBPACK_IMPORTED_MODULE_0__/* .blobFingerprint */ .I_)(blob) !== record.fingerprint)
            fail('a key blob does not hash to the recorded fingerprint');
    }
    if (record.status !== 'open' && record.status !== 'closed')
        fail('bad status');
    if (!Array.isArray(record.pairs))
        fail('bad key pair list');
    for (const pair of record.pairs) {
        const entry = pair;
        if (typeof entry.region !== 'string' || !REGION.test(entry.region))
            fail('bad region');
        if (typeof entry.keyName !== 'string' || !entry.keyName || entry.keyName.length > 255)
            fail('bad key pair name');
        entry.settled = entry.settled === true;
    }
    if (!record.instances || typeof record.instances !== 'object')
        fail('bad instance list');
    for (const [id, instance] of Object.entries(record.instances)) {
        if (!INSTANCE_ID.test(id))
            fail(`bad instance id ${JSON.stringify(id).slice(0, 40)}`);
        if (!instance || !STATUSES.has(instance.status))
            fail(`bad status for ${id}`);
        if (typeof instance.region !== 'string' || !REGION.test(instance.region))
            fail(`bad region for ${id}`);
        if (typeof instance.keyName !== 'string')
            fail(`bad key pair name for ${id}`);
        instance.detail = typeof instance.detail === 'string' ? instance.detail.slice(0, 500) : '';
    }
    return record;
}
async function readLeakRecord(ssm, parameterPath, fingerprint) {
    const name = leakParameterName(parameterPath, fingerprint);
    const raw = await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_1__/* .readParameter */ .sv)(ssm, name, true);
    if (!raw)
        return null;
    const record = checkLeakRecord(raw, name);
    if (record.fingerprint !== fingerprint)
        throw new LeakRecordError(`${name} holds another key's record; refusing to use it`);
    return record;
}
/** Every open leak record under the parameter path (checked). */
async function openLeakRecords(ssm, parameterPath) {
    // Names first, without decryption: a key pair named `leaks` keeps its
    // private key under the same path, and that is never decrypted here.
    const names = [];
    for await (const page of (0,_aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__/* .paginateGetParametersByPath */ .kU5)({ client: ssm }, { Path: leaksPath(parameterPath), Recursive: false, WithDecryption: false, MaxResults: 10 })) {
        for (const parameter of page.Parameters ?? []) {
            if (parameter.Name && /\/[0-9a-f]{64}$/.test(parameter.Name))
                names.push(parameter.Name);
        }
    }
    const records = [];
    for (const name of names) {
        const raw = await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_1__/* .readParameter */ .sv)(ssm, name, true);
        if (!raw)
            continue;
        const record = checkLeakRecord(raw, name);
        if (name !== leakParameterName(parameterPath, record.fingerprint))
            throw new LeakRecordError(`${name} holds another key's record`);
        if (record.status === 'open')
            records.push(record);
    }
    return records;
}
/**
 * Writes the record as a SecureString under the account's default key
 * (aws/ssm): a leak must be recordable even when the custody key is not
 * usable, and the record holds public facts only.
 */
async function writeLeakRecord(ssm, parameterPath, record) {
    const next = {
        ...record,
        status: isOpen(record) ? 'open' : 'closed',
        updatedAt: new Date().toISOString(),
    };
    await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_1__/* .writeParameter */ .P)(ssm, {
        name: leakParameterName(parameterPath, record.fingerprint),
        value: JSON.stringify(next),
        secure: true,
        tags: { 'ec2-key-rotate': 'leak' },
        description: `ec2-key-rotate: instances the leaked key ${record.fingerprint} opened`,
    });
    Object.assign(record, next);
}
/** Open: some instance may still accept the key, or some key pair was never gone through. */
function isOpen(record) {
    return (record.pairs.some((pair) => !pair.settled) ||
        Object.values(record.instances).some((instance) => instance.status === 'open'));
}
/** Lists a key pair in the record (unsettled until a run has been through its instances). */
function notePair(record, region, keyName) {
    if (!record.pairs.some((pair) => pair.region === region && pair.keyName === keyName))
        record.pairs.push({ region, keyName, settled: false });
}
/** A run has been through every instance of the pair (whatever each one's status). */
function settlePair(record, region, keyName) {
    notePair(record, region, keyName);
    for (const pair of record.pairs)
        if (pair.region === region && pair.keyName === keyName)
            pair.settled = true;
}
/** Notes one instance's state in the record (the newest word wins). */
function noteInstance(record, instanceId, entry, now = new Date()) {
    if (!INSTANCE_ID.test(instanceId))
        return;
    record.instances[instanceId] = { ...entry, checkedAt: now.toISOString() };
    notePair(record, entry.region, entry.keyName);
}
/** Instances of the record still open, in one region. */
function openInstances(record, region) {
    return Object.entries(record.instances)
        .filter(([, instance]) => instance.region === region && instance.status === 'open')
        .map(([id]) => id)
        .sort();
}
/** A stable short id for logs. */
function leakLabel(record) {
    return `${record.fingerprint.slice(0, 19)}…`;
}


/***/ }),

/***/ 5443:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ writeParameter),
/* harmony export */   lY: () => (/* binding */ deleteParameter),
/* harmony export */   sv: () => (/* binding */ readParameter),
/* harmony export */   u6: () => (/* reexport safe */ _parameter_names_js__WEBPACK_IMPORTED_MODULE_0__.u6)
/* harmony export */ });
/* unused harmony export createParameterIfAbsent */
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(628);
/* harmony import */ var _parameter_names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7205);


// Names are apart from the SDK calls: validation loads them without the AWS SDK.

/** The parameter's value, or null when it does not exist. */
async function readParameter(ssm, name, decrypt = false) {
    try {
        const response = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .GetParameterCommand */ .lhy({ Name: name, WithDecryption: decrypt }));
        return response.Parameter?.Value ?? null;
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error) === 'ParameterNotFound')
            return null;
        throw error;
    }
}
/**
 * Writes a parameter, creating it with tags or overwriting it (which keeps
 * the earlier versions in its history). Returns the new version.
 */
async function writeParameter(ssm, input) {
    const tags = Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }));
    const base = {
        Name: input.name,
        Value: input.value,
        Type: input.secure ? 'SecureString' : 'String',
        Description: input.description,
        ...(input.secure && input.kmsKeyId ? { KeyId: input.kmsKeyId } : {}),
    };
    try {
        const created = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .PutParameterCommand */ .ihh({ ...base, Overwrite: false, Tags: tags }));
        return created.Version ?? 1;
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error) !== 'ParameterAlreadyExists')
            throw error;
    }
    // PutParameter refuses Tags together with Overwrite: overwrite, then tag.
    const updated = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .PutParameterCommand */ .ihh({ ...base, Overwrite: true }));
    if (tags.length) {
        await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .AddTagsToResourceCommand */ .X3P({
            ResourceType: 'Parameter',
            ResourceId: input.name,
            Tags: tags,
        }));
    }
    return updated.Version ?? 1;
}
async function deleteParameter(ssm, name) {
    try {
        await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .DeleteParameterCommand */ .Obs({ Name: name }));
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error) !== 'ParameterNotFound')
            throw error;
    }
}
/** Creates a parameter only if it does not exist; false when it already does. */
async function createParameterIfAbsent(ssm, name, value) {
    try {
        await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: false }));
        return true;
    }
    catch (error) {
        if (awsErrorName(error) === 'ParameterAlreadyExists')
            return false;
        throw error;
    }
}


/***/ }),

/***/ 9114:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pI: () => (/* binding */ DEFAULT_RUN_OPTIONS),
/* harmony export */   rV: () => (/* binding */ runOnInstances)
/* harmony export */ });
/* unused harmony export BATCH_SIZE */
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(628);
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


/***/ }),

/***/ 3450:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OT: () => (/* binding */ keyPairTagSpecifications),
/* harmony export */   P0: () => (/* binding */ TAG_PREVIOUS_FINGERPRINTS),
/* harmony export */   VZ: () => (/* binding */ sanitizeTags),
/* harmony export */   ZQ: () => (/* binding */ fingerprintHistory),
/* harmony export */   as: () => (/* binding */ historyValue),
/* harmony export */   p7: () => (/* binding */ TAG_ROTATED_AT),
/* harmony export */   sI: () => (/* binding */ TAG_PREVIOUS_FINGERPRINT)
/* harmony export */ });
/* unused harmony exports EC2_MAX_TAGS, EC2_MAX_TAG_KEY_LENGTH, EC2_MAX_TAG_VALUE_LENGTH */
/**
 * Tags ec2-key-rotate writes on the key pairs it imports, and the EC2 tag
 * rules a carried-over tag set must satisfy. The rules are AWS's documented
 * tag restrictions: at most 50 user tags per resource, keys of 1–128 and
 * values of at most 256 characters, and the `aws:` prefix (any case)
 * reserved for AWS (CloudFormation puts `aws:cloudformation:*` on the key
 * pairs it creates; ImportKeyPair refuses them).
 */
const TAG_ROTATED_AT = 'ec2-key-rotate:rotated-at';
/** The key this pair replaced most recently (one OpenSSH SHA256 fingerprint). */
const TAG_PREVIOUS_FINGERPRINT = 'ec2-key-rotate:previous-fingerprint';
/**
 * Every key this pair's name replaced, newest first, space-separated: the
 * history is carried from pair to pair, so a leak found after several
 * rotations is still recognised. Cut (oldest first) to the value limit.
 */
const TAG_PREVIOUS_FINGERPRINTS = 'ec2-key-rotate:previous-fingerprints';
const EC2_MAX_TAGS = 50;
const EC2_MAX_TAG_KEY_LENGTH = 128;
const EC2_MAX_TAG_VALUE_LENGTH = 256;
const RESERVED = /^aws:/i;
/** The fingerprints of a pair's history (latest tag first, then the history tag), deduplicated. */
function fingerprintHistory(tags) {
    const all = [
        tags[TAG_PREVIOUS_FINGERPRINT] ?? '',
        ...(tags[TAG_PREVIOUS_FINGERPRINTS] ?? '').split(/\s+/),
    ];
    return [...new Set(all.map((entry) => entry.trim()).filter(Boolean))];
}
/**
 * The history tag's value: the fingerprints newest first, each once, whole
 * entries only, cut (oldest first) to the tag value limit.
 */
function historyValue(fingerprints) {
    let value = '';
    for (const entry of new Set(fingerprints.map((item) => item.trim()))) {
        if (!entry || /\s/.test(entry))
            continue;
        const next = value ? `${value} ${entry}` : entry;
        if (next.length > EC2_MAX_TAG_VALUE_LENGTH)
            break;
        value = next;
    }
    return value;
}
/**
 * Tags EC2 will accept on one resource: `required` (ours) always, then the
 * carried-over tags in their order until the 50-tag limit, without keys or
 * values EC2 refuses (reserved prefix, too long, empty key).
 */
function sanitizeTags(carried, required = {}) {
    const tags = {};
    const dropped = [];
    const refusal = (key, value) => {
        if (!key)
            return 'empty key';
        if (RESERVED.test(key))
            return 'reserved aws: prefix';
        if (RESERVED.test(value))
            return 'value with the reserved aws: prefix';
        if (key.length > EC2_MAX_TAG_KEY_LENGTH)
            return `key longer than ${EC2_MAX_TAG_KEY_LENGTH} characters`;
        if (value.length > EC2_MAX_TAG_VALUE_LENGTH)
            return `value longer than ${EC2_MAX_TAG_VALUE_LENGTH} characters`;
        return null;
    };
    for (const [key, value] of Object.entries(required)) {
        const reason = refusal(key, value);
        if (reason)
            throw new Error(`ec2-key-rotate's own tag ${key} is not valid on EC2: ${reason}`);
        tags[key] = value;
    }
    for (const [key, value] of Object.entries(carried)) {
        if (key in required)
            continue;
        const reason = refusal(key, value);
        if (reason)
            dropped.push({ key, reason });
        else if (Object.keys(tags).length >= EC2_MAX_TAGS)
            dropped.push({ key, reason: `over EC2's limit of ${EC2_MAX_TAGS} tags` });
        else
            tags[key] = value;
    }
    return { tags, dropped };
}
/** An EC2 TagSpecification list for a key pair (none when there are no tags). */
function keyPairTagSpecifications(tags) {
    const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    return list.length ? [{ ResourceType: 'key-pair', Tags: list }] : undefined;
}


/***/ }),

/***/ 4991:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RV: () => (/* binding */ lockWaitMs),
/* harmony export */   Si: () => (/* binding */ findingsFromScanFile)
/* harmony export */ });
/* unused harmony export MAX_SCAN_REPORT_BYTES */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var _scan_place_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6164);
/* harmony import */ var _validate_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(778);
/** Flags several commands read the same way. */




/** `--lock-wait MINUTES`: 0 to 300, default 10 (a laptop run waits for a workflow's rotation). */
function lockWaitMs(raw) {
    const minutes = raw === undefined ? 10 : Number(raw);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 300)
        throw new _validate_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(`--lock-wait must be a whole number of minutes from 0 to 300, got "${raw}"`);
    return minutes * 60_000;
}
/** A scan report larger than this is refused (a finding with 100,000 places is some 20 MB). */
const MAX_SCAN_REPORT_BYTES = 256 * 1024 * 1024;
/**
 * `--from-scan FILE`: the findings of a `scan --format json` report, checked.
 * The user named FILE: a link is followed, and a pipe (`--from-scan <(…)`)
 * read; whatever it is, at most MAX_SCAN_REPORT_BYTES are read (never all of
 * `/dev/zero`), and no error quotes what it holds.
 */
async function findingsFromScanFile(file) {
    const cannot = (why) => new _validate_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(`cannot read scan results from ${file}: ${why}`);
    if (file === '')
        throw new _validate_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL('--from-scan is empty: name a file');
    const tooLarge = `larger than ${MAX_SCAN_REPORT_BYTES / 1024 / 1024} MiB`;
    const chunks = [];
    try {
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(file);
        if (info.isDirectory())
            throw cannot('it is a directory (EISDIR)');
        if (info.isSocket())
            throw cannot('it is a socket');
        if (info.isFile() && info.size > MAX_SCAN_REPORT_BYTES)
            throw cannot(tooLarge);
        let bytes = 0;
        for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(file)) {
            bytes += chunk.length;
            if (bytes > MAX_SCAN_REPORT_BYTES)
                throw cannot(tooLarge);
            chunks.push(chunk);
        }
    }
    catch (error) {
        if (error instanceof _validate_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL)
            throw error;
        throw cannot((0,_scan_place_js__WEBPACK_IMPORTED_MODULE_2__/* .errnoReason */ .bs)(error));
    }
    return (0,_validate_js__WEBPACK_IMPORTED_MODULE_3__/* .parseScanReport */ .B1)(Buffer.concat(chunks).toString('utf8'), file);
}


/***/ })

};
