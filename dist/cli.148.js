export const id = 148;
export const ids = [148];
export const modules = {

/***/ 3148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRotateCommand: () => (/* binding */ runRotateCommand)
});

// UNUSED EXPORTS: CommandInputError

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
;// CONCATENATED MODULE: ./src/aws/clients.ts


/**
 * One EC2 and one SSM client per region. Adaptive retry backs off on
 * throttling (RequestLimitExceeded, ThrottlingException) and 5xx; endpoints
 * come from the SDK's own configuration (AWS_ENDPOINT_URL_EC2, …).
 */
function clients_regionClients(region, credentials, maxAttempts = 8) {
    const config = {
        region,
        maxAttempts,
        retryMode: 'adaptive',
        ...(credentials ? { credentials } : {}),
    };
    return { region, ec2: new dist_cjs/* EC2Client */.gu5(config), ssm: new client_ssm_dist_cjs/* SSMClient */.jBj(config) };
}
function clients_destroyClients(clients) {
    for (const client of clients) {
        client.ec2.destroy();
        client.ssm.destroy();
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
;// CONCATENATED MODULE: ./src/aws/errors.ts
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

;// CONCATENATED MODULE: ./src/aws/credentials.ts


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
        throw new AwsSetupError(`cannot get a GitHub OIDC token (${awsErrorMessage(error)}): give the job "permissions: id-token: write"`);
    }
}
function explain(error, source, token) {
    const name = awsErrorName(error);
    const sub = subjectOf(token);
    switch (name) {
        case 'AccessDenied':
        case 'AccessDeniedException':
            return new AwsSetupError(`STS refused to let this workflow assume ${source.roleArn}: the role's trust policy must allow ` +
                `token.actions.githubusercontent.com with aud "${source.audience}" and a sub condition matching "${sub}"`);
        case 'ExpiredToken':
        case 'ExpiredTokenException':
            return new AwsSetupError('the GitHub OIDC token expired before STS accepted it; run the job again');
        // The SDK names modeled errors by their shape (…Exception); the wire code lacks the suffix.
        case 'InvalidIdentityToken':
        case 'InvalidIdentityTokenException':
        case 'IDPRejectedClaim':
        case 'IDPRejectedClaimException':
        case 'IDPCommunicationError':
        case 'IDPCommunicationErrorException':
            return new AwsSetupError(`STS rejected the GitHub OIDC token (${awsErrorMessage(error)}): is the IAM OIDC provider ` +
                `token.actions.githubusercontent.com registered with audience "${source.audience}"?`);
        default:
            return new AwsSetupError(`cannot assume ${source.roleArn}: ${name || 'error'}: ${awsErrorMessage(error)}`);
    }
}
/**
 * Resolves AWS credentials. With a role, exchanges the GitHub OIDC token for
 * temporary credentials (the SDK retries transient STS failures) and masks
 * them; without one, returns undefined so the clients use the default chain.
 */
async function credentials_resolveCredentials(source) {
    if (source.kind === 'default')
        return undefined;
    if (source.kind === 'static')
        return source.credentials;
    const token = await fetchToken(source);
    source.mask(token);
    const sts = new client_sts_dist_cjs/* STSClient */.iM({ region: source.region, maxAttempts: 5 });
    try {
        const response = await sts.send(new client_sts_dist_cjs/* AssumeRoleWithWebIdentityCommand */.WH({
            RoleArn: source.roleArn,
            RoleSessionName: source.sessionName,
            WebIdentityToken: token,
            DurationSeconds: source.durationSeconds,
        }));
        const credentials = response.Credentials;
        if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
            throw new AwsSetupError('STS returned no credentials');
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
        if (error instanceof AwsSetupError)
            throw error;
        throw explain(error, source, token);
    }
    finally {
        sts.destroy();
    }
}

// EXTERNAL MODULE: ./node_modules/sshpk/lib/index.js
var lib = __webpack_require__(663);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ./src/keys/fingerprint.ts
var keys_fingerprint = __webpack_require__(3436);
;// CONCATENATED MODULE: ./src/aws/tags.ts
/** Tags ec2-key-rotate writes on the key pairs it imports. */
const TAG_ROTATED_AT = 'ec2-key-rotate:rotated-at';
const TAG_PREVIOUS_FINGERPRINT = 'ec2-key-rotate:previous-fingerprint';

;// CONCATENATED MODULE: ./src/aws/key-pairs.ts




/** matchedBy for a key pair that an earlier run already replaced. */
const ROTATED_EARLIER = 'rotated earlier (previous-fingerprint tag)';
function toRecord(region, pair) {
    let fingerprint = null;
    const publicKey = pair.PublicKey?.trim() || null;
    if (publicKey) {
        try {
            fingerprint = (0,keys_fingerprint/* sha256Fingerprint */._7)(lib_default().parseKey(publicKey, 'ssh'));
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
    const response = await clients.ec2.send(new dist_cjs/* DescribeKeyPairsCommand */.DRu({
        IncludePublicKey: true,
        ...(keyNames ? { KeyNames: keyNames } : {}),
    }));
    return (response.KeyPairs ?? []).map((pair) => toRecord(clients.region, pair));
}
/**
 * How a key pair is recognised as the leaked key: the public key itself when
 * EC2 returns it, otherwise every fingerprint form EC2 might report
 * (imported RSA: MD5 of DER SPKI or RFC 4716 MD5; AWS-created RSA: SHA-1 of
 * PKCS#8; Ed25519: SHA-256 base64).
 */
function matchEvidence(pair, evidence) {
    if (evidence.fingerprint && pair.tags[TAG_PREVIOUS_FINGERPRINT] === evidence.fingerprint) {
        // Already rotated away from this key: a re-run still converges its hosts.
        return ROTATED_EARLIER;
    }
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
    const key = lib_default().parseKey(publicKey, 'ssh');
    return {
        fingerprint: (0,keys_fingerprint/* sha256Fingerprint */._7)(key),
        md5: (0,keys_fingerprint/* md5Fingerprint */.Pr)(key),
        publicKey: key.toString('ssh').split(' ').slice(0, 2).join(' '),
        ec2Fingerprints: (0,keys_fingerprint/* ec2Fingerprints */.i_)(key),
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

;// CONCATENATED MODULE: ./src/keys/generate.ts



/**
 * Makes the replacement key. sshpk cannot generate RSA, so node:crypto makes
 * both kinds and sshpk converts them to OpenSSH form.
 */
function generateKey(type = 'ed25519', comment = 'ec2-key-rotate', rsaBits = 4096) {
    const privateKeyPem = type === 'rsa'
        ? (0,external_node_crypto_.generateKeyPairSync)('rsa', { modulusLength: rsaBits }).privateKey.export({
            type: 'pkcs1',
            format: 'pem',
        })
        : (0,external_node_crypto_.generateKeyPairSync)('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    const privateKey = lib_default().parsePrivateKey(privateKeyPem.toString(), 'pem');
    privateKey.comment = comment;
    const publicKey = privateKey.toPublic();
    return {
        type,
        publicKeyLine: `${publicKey.toString('ssh')}`,
        privateKeyOpenssh: privateKey.toString('ssh'),
        privateKeyPem: privateKeyPem.toString(),
        fingerprint: (0,keys_fingerprint/* sha256Fingerprint */._7)(publicKey),
        ec2Fingerprints: (0,keys_fingerprint/* ec2Fingerprints */.i_)(publicKey, privateKey),
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/aws/host/host-script.ts
/**
 * The shell script that Run Command (`AWS-RunShellScript`, root, /bin/sh)
 * runs on each Linux instance, one phase at a time:
 *
 * - `probe` (read-only): the key types sshd accepts for every account that
 *   holds an old key, so the new key is one no host refuses.
 * - `add`: wherever a file sshd reads for a user holds an old key (matched on
 *   the base64 blob, not the comment), add the new key with the old line's
 *   options; give `extraUsers` the key too.
 * - `verify`: each such file holds the new key with those options, sshd
 *   accepts its type for that user, and `ssh-keygen -l` reads it.
 * - `revoke`: per file, remove the old key where the new one is verified.
 *
 * What the script guarantees (links, privileges, lockout, fail closed) is
 * written at the top of host-script.sh, its one source: ncc copies it next
 * to the bundle, and tests read the same file. This module validates the
 * inputs and puts them in front of it as shell variables.
 */


const PHASES = ['probe', 'add', 'verify', 'revoke'];
const BLOB = /^[A-Za-z0-9+/]+={0,3}$/;
const KEY_TYPE = /^(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/;
/** A shell word in single quotes. */
function quote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
/** `SHA256:…` of a base64 key blob, as ssh-keygen -l prints it. */
function blobFingerprint(blob) {
    const digest = (0,external_node_crypto_.createHash)('sha256').update(Buffer.from(blob, 'base64')).digest('base64');
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
/** The script for one phase. Throws on inputs the script could misread. */
function buildHostScript(params) {
    const { phase } = params;
    if (!PHASES.includes(phase))
        throw new Error(`unknown host script phase: ${String(phase)}`);
    const oldBlobs = [...new Set(params.oldKeyBlobs.map((blob) => blob.trim()))];
    if (!oldBlobs.length)
        throw new Error('no old key blob');
    for (const blob of oldBlobs) {
        if (!BLOB.test(blob))
            throw new Error('an old key blob is not base64');
    }
    let newKey = null;
    if (params.newKeyLine !== null)
        newKey = parseNewKeyLine(params.newKeyLine);
    else if (phase !== 'probe')
        throw new Error(`the ${phase} phase needs the new key`);
    if (newKey && oldBlobs.includes(newKey.blob))
        throw new Error('the new key is one of the old keys');
    const users = [...new Set(params.extraUsers.map((user) => user.trim()).filter(Boolean))];
    for (const user of users) {
        if (!USER.test(user))
            throw new Error(`not a valid user name: ${user}`);
    }
    const header = [
        '#!/bin/sh',
        `# ec2-key-rotate host script, phase ${phase}`,
        `EC2KR_PHASE=${phase}`,
        `EC2KR_OLD_BLOBS=${quote(oldBlobs.join(' '))}`,
        `EC2KR_NEW_LINE=${quote(newKey?.line ?? '')}`,
        `EC2KR_NEW_BLOB=${quote(newKey?.blob ?? '')}`,
        `EC2KR_NEW_TYPE=${quote(newKey?.type ?? '')}`,
        `EC2KR_NEW_FP=${quote(newKey ? blobFingerprint(newKey.blob) : '')}`,
        `EC2KR_EXTRA_USERS=${quote(users.join(' '))}`,
    ];
    return `${header.join('\n')}\n${compactBody()}`;
}
let body = null;
/** host-script.sh as written (ncc relocates the file next to the bundle). */
function hostScriptBody() {
    body ??= (0,external_node_fs_.readFileSync)(new URL(/* asset import */ __webpack_require__(8714), __webpack_require__.b), 'utf8');
    return body;
}
let compact = null;
/**
 * The body without comment lines, blank lines and indentation: SendCommand
 * carries every phase's script in its parameters, so bytes count. No line of
 * the script (awk and sh heredocs included) depends on either.
 */
function compactBody() {
    compact ??= hostScriptBody()
        .split('\n')
        .map((line) => line.replace(/^[ \t]+/, ''))
        .filter((line) => line !== '' && !line.startsWith('#'))
        .join('\n')
        .concat('\n');
    return compact;
}

;// CONCATENATED MODULE: ./src/aws/host/host-result.ts
const ERROR_HEADER = '----------ERROR-------';
const TRUNCATED = '---Output truncated---';
const host_result_PHASES = new Set(['probe', 'add', 'verify', 'revoke']);
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
    'authorized-keys-command': 'sshd also takes keys from this AuthorizedKeysCommand, which the script cannot change',
};
const ERRORS = {
    'bad-phase': 'the script was given an unknown phase',
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
    const phase = host_result_PHASES.has(phaseField) ? phaseField : null;
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

;// CONCATENATED MODULE: ./src/aws/instances.ts


/** What a person can do for an instance the rotation cannot reach. */
const MANUAL_WAYS_BACK = [
    'log in as another user whose key still works and replace the key in authorized_keys',
    'stop the instance, set user data that writes the new public key at boot (cloud-init), start it',
    'detach the root volume, attach it to a rescue instance, edit authorized_keys there, reattach',
    'run the AWSSupport-ResetAccess automation (EC2Rescue injects a new key and stores it in Parameter Store)',
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
    for await (const page of (0,dist_cjs/* paginateDescribeInstances */.H0T)({ client: clients.ec2 }, { Filters: filters, MaxResults: 1000 })) {
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
            for await (const page of (0,client_ssm_dist_cjs/* paginateDescribeInstanceInformation */.KKC)({ client: clients.ssm }, { Filters: filters, MaxResults: 50 })) {
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
 * The instances a rotation must reach: those launched with the key pair and
 * those carrying the target tag (all pages), each classified by whether Run
 * Command can reach it. Terminated instances are left out.
 */
async function findTargets(clients, keyName, tag) {
    const alive = {
        Name: 'instance-state-name',
        Values: ['pending', 'running', 'stopping', 'stopped'],
    };
    const byKey = await describe(clients, [{ Name: 'key-name', Values: [keyName] }, alive]);
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
    const inventory = await ssmInventory(clients, [...instances.keys()]);
    return [...instances.values()]
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
}

;// CONCATENATED MODULE: ./src/aws/parameters.ts


/** Names of the parameters one key pair's rotation uses, all under one path. */
function parameterNames(parameterPath, keyName) {
    const base = `${parameterPath.replace(/\/+$/, '')}/${keyName}`;
    return { privateKey: `${base}/private-key`, state: `${base}/state`, lock: `${base}/lock` };
}
/** The parameter's value, or null when it does not exist. */
async function parameters_readParameter(ssm, name, decrypt = false) {
    try {
        const response = await ssm.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: name, WithDecryption: decrypt }));
        return response.Parameter?.Value ?? null;
    }
    catch (error) {
        if (awsErrorName(error) === 'ParameterNotFound')
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
        const created = await ssm.send(new client_ssm_dist_cjs/* PutParameterCommand */.ihh({ ...base, Overwrite: false, Tags: tags }));
        return created.Version ?? 1;
    }
    catch (error) {
        if (awsErrorName(error) !== 'ParameterAlreadyExists')
            throw error;
    }
    // PutParameter refuses Tags together with Overwrite: overwrite, then tag.
    const updated = await ssm.send(new client_ssm_dist_cjs/* PutParameterCommand */.ihh({ ...base, Overwrite: true }));
    if (tags.length) {
        await ssm.send(new client_ssm_dist_cjs/* AddTagsToResourceCommand */.X3P({
            ResourceType: 'Parameter',
            ResourceId: input.name,
            Tags: tags,
        }));
    }
    return updated.Version ?? 1;
}
async function deleteParameter(ssm, name) {
    try {
        await ssm.send(new client_ssm_dist_cjs/* DeleteParameterCommand */.Obs({ Name: name }));
    }
    catch (error) {
        if (awsErrorName(error) !== 'ParameterNotFound')
            throw error;
    }
}
/** Creates a parameter only if it does not exist; false when it already does. */
async function createParameterIfAbsent(ssm, name, value) {
    try {
        await ssm.send(new client_ssm_dist_cjs/* PutParameterCommand */.ihh({ Name: name, Value: value, Type: 'String', Overwrite: false }));
        return true;
    }
    catch (error) {
        if (awsErrorName(error) === 'ParameterAlreadyExists')
            return false;
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/aws/lock.ts

class LockHeldError extends Error {
    name = 'LockHeldError';
}
/**
 * A lock per key pair: a parameter created only if absent (PutParameter
 * without Overwrite is atomic). A lock past its expiry was left by a killed
 * run and is taken over; so is any lock with breakLock, for a re-run after
 * a kill that should not wait for the expiry.
 */
async function acquireLock(ssm, name, runId, ttlMs, { breakLock = false, now = new Date() } = {}) {
    const record = () => JSON.stringify({ runId, expiresAt: new Date(now.getTime() + ttlMs).toISOString() });
    if (await createParameterIfAbsent(ssm, name, record()))
        return;
    const held = await parameters_readParameter(ssm, name);
    let current;
    try {
        current = held ? JSON.parse(held) : null;
    }
    catch {
        current = null;
    }
    if (current?.runId === runId)
        return;
    if (!breakLock && current && new Date(current.expiresAt).getTime() > now.getTime()) {
        throw new LockHeldError(`another run (${current.runId}) is rotating this key pair (lock ${name}, until ${current.expiresAt}); ` +
            'if that run was killed, run again with --break-lock (action input break-lock: true): ' +
            'the rotation resumes where it stopped');
    }
    await deleteParameter(ssm, name);
    if (!(await createParameterIfAbsent(ssm, name, record()))) {
        throw new LockHeldError('another run took the expired lock first');
    }
}
async function releaseLock(ssm, name) {
    await deleteParameter(ssm, name);
}

;// CONCATENATED MODULE: ./src/aws/publish.ts



async function findPair(clients, keyName) {
    try {
        return (await listKeyPairs(clients, [keyName]))[0] ?? null;
    }
    catch (error) {
        if (error.name === 'InvalidKeyPair.NotFound')
            return null;
        throw error;
    }
}
/**
 * Imports the new public key and retires the leaked key pair. By default the
 * new key takes the old name, so launch templates and Auto Scaling keep
 * working: the old pair is deleted first (running instances are unaffected),
 * then the new one imported. Safe to repeat: a pair that already holds the
 * new key is left alone.
 */
async function publishKeyPair(clients, input) {
    const name = input.newName ?? input.oldPair.keyName;
    const existing = await findPair(clients, name);
    if (existing && existing.fingerprint === input.newFingerprint) {
        return { keyName: name, keyPairId: existing.keyPairId, retired: null };
    }
    let retired = null;
    const current = name === input.oldPair.keyName ? existing : await findPair(clients, input.oldPair.keyName);
    if (current && current.fingerprint !== input.newFingerprint) {
        await clients.ec2.send(new dist_cjs/* DeleteKeyPairCommand */.EWB({ KeyPairId: current.keyPairId }));
        retired = current.keyPairId;
    }
    const tags = {
        ...input.tags,
        [TAG_ROTATED_AT]: new Date().toISOString(),
        [TAG_PREVIOUS_FINGERPRINT]: input.previousFingerprint,
    };
    const imported = await clients.ec2.send(new dist_cjs/* ImportKeyPairCommand */.OmI({
        KeyName: name,
        PublicKeyMaterial: Buffer.from(input.newPublicKeyLine),
        TagSpecifications: [
            {
                ResourceType: 'key-pair',
                Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            },
        ],
    }));
    return { keyName: name, keyPairId: imported.KeyPairId ?? '', retired };
}

;// CONCATENATED MODULE: ./src/aws/run-command.ts


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
const POLL_FRACTION = 0.1;
const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);
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
async function pollCommand(clients, commandId, ids, options) {
    const sleep = options.sleep ?? wait;
    const sent = Date.now();
    // Run Command ends every invocation by these timeouts; past them, stop waiting.
    let budgetMs = (options.deliveryTimeout + options.executionTimeout + 60) * 1000;
    for (;;) {
        if (budgetMs <= 0) {
            return ids.map((instanceId) => ({
                instanceId,
                status: 'unreachable',
                ssmStatus: 'NoResult',
                exitCode: null,
                output: 'Run Command reported no final status in time',
            }));
        }
        const delay = Math.min(options.pollMaxMs, Math.max(options.pollInitialMs, Math.round((Date.now() - sent) * POLL_FRACTION)));
        await sleep(delay);
        budgetMs -= delay;
        const invocations = [];
        let nextToken;
        do {
            const page = await clients.ssm.send(new client_ssm_dist_cjs/* ListCommandInvocationsCommand */.mdT({
                CommandId: commandId,
                Details: true,
                MaxResults: 50,
                NextToken: nextToken,
            }));
            invocations.push(...(page.CommandInvocations ?? []));
            nextToken = page.NextToken;
        } while (nextToken);
        const byId = new Map(invocations.map((invocation) => [invocation.InstanceId ?? '', invocation]));
        if (ids.every((id) => TERMINAL.has(byId.get(id)?.Status ?? ''))) {
            return ids.map((id) => outcomeOf(byId.get(id)));
        }
    }
}
/**
 * Runs one script on a batch (≤ 50) of instances. If SSM refuses the whole
 * batch because one id is not registered (InvalidInstanceId), the batch is
 * split in halves until the unregistered ids stand alone.
 */
async function runBatch(clients, ids, script, options) {
    let commandId;
    try {
        const response = await clients.ssm.send(new client_ssm_dist_cjs/* SendCommandCommand */.VWR({
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: ids,
            Comment: options.comment.slice(0, 100),
            TimeoutSeconds: options.deliveryTimeout,
            Parameters: { commands: [script], executionTimeout: [String(options.executionTimeout)] },
        }));
        commandId = response.Command?.CommandId;
    }
    catch (error) {
        if (awsErrorName(error) === 'InvalidInstanceId' && ids.length > 1) {
            const half = Math.ceil(ids.length / 2);
            return [
                ...(await runBatch(clients, ids.slice(0, half), script, options)),
                ...(await runBatch(clients, ids.slice(half), script, options)),
            ];
        }
        const reason = `${awsErrorName(error) || 'SendCommand failed'}: ${awsErrorMessage(error)}`;
        return ids.map((instanceId) => ({
            instanceId,
            status: 'unreachable',
            ssmStatus: 'NotSent',
            exitCode: null,
            output: reason,
        }));
    }
    if (!commandId) {
        return ids.map((instanceId) => ({
            instanceId,
            status: 'unreachable',
            ssmStatus: 'NotSent',
            exitCode: null,
            output: 'no command id',
        }));
    }
    return pollCommand(clients, commandId, ids, options);
}
/**
 * Runs a script on many instances: one SendCommand per 50 instances, at most
 * `concurrency` commands in flight, each polled as a whole (one
 * ListCommandInvocations per command per poll, not one call per instance).
 */
async function runOnInstances(clients, instanceIds, script, options = DEFAULT_RUN_OPTIONS) {
    const batches = [];
    for (let i = 0; i < instanceIds.length; i += BATCH_SIZE)
        batches.push(instanceIds.slice(i, i + BATCH_SIZE));
    const results = [];
    let next = 0;
    const worker = async () => {
        while (next < batches.length) {
            const index = next++;
            results[index] = await runBatch(clients, batches[index], script, options);
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, batches.length) }, worker));
    return results.flat();
}

;// CONCATENATED MODULE: ./src/aws/state.ts


function parseState(raw) {
    try {
        const state = JSON.parse(raw);
        return state.version === 1 ? state : null;
    }
    catch {
        return null;
    }
}
async function readState(ssm, name) {
    const raw = await parameters_readParameter(ssm, name);
    return raw ? parseState(raw) : null;
}
/**
 * Rotations under `parameterPath` that started and did not finish. A run
 * killed after retiring the leaked key pair but before importing the new one
 * leaves no key pair to match: the recorded state is how a re-run finds it.
 */
async function unfinishedRotations(ssm, parameterPath) {
    const states = [];
    const path = parameterPath.replace(/\/+$/, '') || '/';
    for await (const page of (0,client_ssm_dist_cjs/* paginateGetParametersByPath */.kU5)({ client: ssm }, { Path: path, Recursive: true, MaxResults: 10 })) {
        for (const parameter of page.Parameters ?? []) {
            if (!parameter.Name?.endsWith('/state') || !parameter.Value)
                continue;
            const state = parseState(parameter.Value);
            if (state && state.step !== 'done')
                states.push(state);
        }
    }
    return states;
}
async function writeState(ssm, name, state) {
    await writeParameter(ssm, {
        name,
        value: JSON.stringify({ ...state, updatedAt: new Date().toISOString() }),
        secure: false,
        tags: { 'ec2-key-rotate': 'state' },
        description: `ec2-key-rotate progress for key pair ${state.keyName}`,
    });
}

;// CONCATENATED MODULE: ./src/aws/rotate.ts










class rotate_RotationError extends Error {
    name = 'RotationError';
}
/** The base64 blob of each OpenSSH public key line (what authorized_keys is matched on). */
function keyBlobs(...lines) {
    return lines.flatMap((line) => {
        const blob = line?.trim().split(/\s+/)[1];
        return blob ? [blob] : [];
    });
}
function skipped(target) {
    return {
        instanceId: target.instanceId,
        region: target.region,
        name: target.name,
        outcome: 'skipped',
        phase: null,
        reason: READINESS_TEXT[target.readiness],
        waysBack: target.readiness === 'windows' ? [] : MANUAL_WAYS_BACK,
    };
}
/**
 * Runs one phase of the host script on `ids`; instances that fail (Run
 * Command, or the script could not run) get a failed report and drop out.
 */
async function runPhase(clients, phase, ids, byId, reports, script, options) {
    const answered = new Map();
    if (!ids.length)
        return { answered };
    const outcomes = await runOnInstances(clients, ids, script, {
        ...options.run,
        comment: `ec2-key-rotate ${phase}`,
    });
    for (const outcome of outcomes) {
        const target = byId.get(outcome.instanceId);
        if (!target)
            continue;
        const result = parseHostResult(outcome.output, outcome.exitCode ?? -1);
        const ran = outcome.status === 'ok' || outcome.status === 'failed';
        if (ran && result.phase === phase && result.status !== 'failed') {
            answered.set(outcome.instanceId, result);
            continue;
        }
        const reason = outcome.status === 'unreachable'
            ? `Run Command ${outcome.ssmStatus}: the old key is still in place`
            : `${phase} failed (${result.messages.join('; ') || `exit ${outcome.exitCode}`}): the old key is still in place`;
        options.log(`${target.instanceId}: ${reason}`);
        reports.set(outcome.instanceId, {
            instanceId: target.instanceId,
            region: target.region,
            name: target.name,
            outcome: 'failed',
            phase,
            reason,
            waysBack: outcome.status === 'unreachable' ? MANUAL_WAYS_BACK : [],
        });
    }
    return { answered };
}
/** What the revoke phase (or the last phase reached) says of a host. */
function finalReport(target, result) {
    const base = {
        instanceId: target.instanceId,
        region: target.region,
        name: target.name,
        waysBack: [],
    };
    if (result.status === 'incomplete') {
        const detail = result.messages.join('; ') || 'some file could not be checked';
        return {
            ...base,
            outcome: 'incomplete',
            phase: 'revoke',
            reason: `${result.removed ? `old key removed from ${result.old - result.kept} file(s), ` : ''}but not everywhere: ${detail}`,
        };
    }
    const rotated = result.new > 0 || result.removed > 0;
    const notes = result.messages.length ? ` (${result.messages.join('; ')})` : '';
    return {
        ...base,
        outcome: rotated ? 'rotated' : 'no-old-key',
        phase: null,
        reason: rotated
            ? `new key verified in ${result.new} file(s) sshd reads, old key removed from every one${notes}`
            : `no file sshd reads held the old key${notes}`,
    };
}
/**
 * add → verify → revoke on the instances given. Each phase runs where the
 * previous one answered; the script decides per file, so revoke removes the
 * old key only from files whose new key it verified itself, and a host where
 * some file keeps the old key is incomplete, never rotated.
 */
async function updateHosts(clients, targets, reports, oldKeyBlobs, newKeyLine, options) {
    const byId = new Map(targets.map((target) => [target.instanceId, target]));
    let current = targets.map((target) => target.instanceId);
    let last = new Map();
    for (const phase of ['add', 'verify', 'revoke']) {
        const script = buildHostScript({
            phase,
            oldKeyBlobs,
            newKeyLine,
            extraUsers: options.extraUsers,
        });
        last = (await runPhase(clients, phase, current, byId, reports, script, options)).answered;
        current = [...last.keys()];
    }
    for (const [instanceId, result] of last) {
        reports.set(instanceId, finalReport(byId.get(instanceId), result));
    }
}
const SSH_TYPE = { ed25519: 'ssh-ed25519', rsa: 'ssh-rsa' };
/**
 * Read-only probe of the ready instances: which key types sshd accepts for
 * every account that holds the old key. Returns the type to generate and
 * the instances to go on with; an instance that refuses it is failed here,
 * before anything is written.
 */
async function probeHosts(clients, targets, reports, oldKeyBlobs, preferred, 
/** Windows launches need RSA: no other type will do. */
fixed, options) {
    const byId = new Map(targets.map((target) => [target.instanceId, target]));
    const script = buildHostScript({
        phase: 'probe',
        oldKeyBlobs,
        newKeyLine: null,
        extraUsers: options.extraUsers,
    });
    const { answered } = await runPhase(clients, 'probe', targets.map((target) => target.instanceId), byId, reports, script, options);
    const accepts = (id, type) => answered.get(id)?.accepts?.includes(SSH_TYPE[type]) ?? false;
    const ids = [...answered.keys()];
    const other = preferred === 'ed25519' ? 'rsa' : 'ed25519';
    const count = (type) => ids.filter((id) => accepts(id, type)).length;
    // The preferred type unless some host refuses it and more hosts take the other.
    let keyType = preferred;
    if (!fixed && count(preferred) < ids.length && count(other) > count(preferred)) {
        keyType = other;
        const refusing = ids.filter((id) => !accepts(id, preferred));
        options.log(`sshd on ${refusing.length} instance(s) (${refusing.slice(0, 5).join(', ')}${refusing.length > 5 ? ', …' : ''}) does not accept ${SSH_TYPE[preferred]} keys: generating ${keyType === 'rsa' ? 'RSA 4096' : 'Ed25519'} instead`);
    }
    const ready = [];
    for (const id of ids) {
        const target = byId.get(id);
        if (accepts(id, keyType)) {
            ready.push(target);
            continue;
        }
        const offered = answered.get(id)?.accepts ?? [];
        const reason = `sshd does not accept ${SSH_TYPE[keyType]} keys for the users who hold the old key (it accepts: ${offered.join(', ') || 'none of ssh-ed25519, ssh-rsa, ecdsa'}); nothing was changed, the old key is still in place`;
        options.log(`${id}: ${reason}`);
        reports.set(id, {
            instanceId: id,
            region: target.region,
            name: target.name,
            outcome: 'failed',
            phase: 'probe',
            reason,
            waysBack: [],
        });
    }
    return { keyType, ready };
}
/**
 * EC2 refuses ED25519 key pairs for Windows instances: when the pair also
 * launches Windows, the replacement is RSA so those launches keep working.
 */
function preferredKeyType(targets, options) {
    if (options.newKeyType === 'ed25519' && targets.some((target) => target.platform === 'windows')) {
        options.log('the key pair also launches Windows instances, which need RSA: generating RSA 4096');
        return 'rsa';
    }
    return options.newKeyType;
}
/** Takes custody of a new key: generated here, stored as a SecureString before any host is touched. */
async function takeCustody(clients, pair, names, oldFingerprint, oldKeyBlobs, keyType, options) {
    const key = generateKey(keyType, `ec2-key-rotate ${pair.keyName}`);
    let parameterVersion;
    try {
        parameterVersion = await writeParameter(clients.ssm, {
            name: names.privateKey,
            value: key.privateKeyOpenssh,
            secure: true,
            kmsKeyId: options.kmsKeyId,
            tags: {
                'ec2-key-rotate': 'private-key',
                'ec2-key-rotate:key-pair': pair.keyName,
                'ec2-key-rotate:fingerprint': key.fingerprint,
            },
            description: `Private key of EC2 key pair ${pair.keyName} (${key.fingerprint}), rotated by ec2-key-rotate`,
        });
    }
    catch (error) {
        throw new rotate_RotationError(`cannot store the new private key in Parameter Store (${names.privateKey}): ${error.message}; no instance was changed`);
    }
    options.log(`new ${keyType} key ${key.fingerprint} stored in ${names.privateKey} (version ${parameterVersion})`);
    return {
        version: 1,
        keyName: pair.keyName,
        region: clients.region,
        oldFingerprint,
        oldKeyBlobs,
        oldTags: Object.fromEntries(Object.entries(pair.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:'))),
        newKey: {
            publicKeyLine: key.publicKeyLine,
            fingerprint: key.fingerprint,
            parameterName: names.privateKey,
            parameterVersion,
        },
        step: 'custody',
        runId: options.runId,
        updatedAt: new Date().toISOString(),
    };
}
/**
 * Rotates one key pair by the safe protocol: plan, custody first, add,
 * verify, revoke, publish. Each step is recorded, so a run killed anywhere
 * resumes with the same new key; a lock keeps two runs apart.
 */
async function rotateKeyPair(clients, pair, evidence, options) {
    const names = parameterNames(options.parameterPath, pair.keyName);
    const targets = await findTargets(clients, pair.keyName, options.targetTag);
    const report = {
        leakedFingerprint: evidence.fingerprint,
        keyName: pair.keyName,
        region: clients.region,
        matchedBy: pair.matchedBy,
        dryRun: options.dryRun,
        resumed: false,
        previousStep: null,
        newKey: null,
        hosts: targets.map((target) => target.readiness === 'ready'
            ? {
                instanceId: target.instanceId,
                region: target.region,
                name: target.name,
                outcome: 'planned',
                phase: null,
                reason: READINESS_TEXT.ready,
                waysBack: [],
            }
            : skipped(target)),
        published: null,
    };
    if (options.dryRun)
        return report;
    await acquireLock(clients.ssm, names.lock, options.runId, options.lockTtlMs, {
        breakLock: options.breakLock ?? false,
    });
    try {
        let state = await readState(clients.ssm, names.state);
        const oldFingerprint = pair.matchedBy === ROTATED_EARLIER
            ? evidence.fingerprint
            : (evidence.fingerprint ?? pair.fingerprint);
        // A finished rotation of an older key is history, not something to resume.
        if (state && state.oldFingerprint !== oldFingerprint)
            state = null;
        report.resumed = state !== null;
        report.previousStep = state?.step ?? null;
        const oldKeyBlobs = state?.oldKeyBlobs ??
            keyBlobs(evidence.publicKey ?? (pair.matchedBy === ROTATED_EARLIER ? null : pair.publicKey));
        if (!oldKeyBlobs.length) {
            throw new rotate_RotationError(`cannot rotate ${pair.keyName}: neither the finding nor EC2 gives the old public key`);
        }
        const reports = new Map();
        for (const target of targets.filter((candidate) => candidate.readiness !== 'ready'))
            reports.set(target.instanceId, skipped(target));
        let ready = targets.filter((target) => target.readiness === 'ready');
        if (!state) {
            // Read-only: the new key's type must be one sshd accepts on the hosts.
            const probe = await probeHosts(clients, ready, reports, oldKeyBlobs, preferredKeyType(targets, options), targets.some((target) => target.platform === 'windows'), options);
            ready = probe.ready;
            state = await takeCustody(clients, pair, names, oldFingerprint, oldKeyBlobs, probe.keyType, options);
            await writeState(clients.ssm, names.state, state);
            options.onStep?.('custody');
        }
        else {
            options.log(`resuming the rotation of ${pair.keyName} to ${state.newKey.fingerprint} (last step: ${state.step})`);
        }
        report.newKey = { ...state.newKey };
        await updateHosts(clients, ready, reports, state.oldKeyBlobs, state.newKey.publicKeyLine, options);
        report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
        state = { ...state, step: state.step === 'custody' ? 'hosts' : state.step };
        await writeState(clients.ssm, names.state, state);
        options.onStep?.('hosts');
        report.published = await publishKeyPair(clients, {
            oldPair: pair,
            newPublicKeyLine: state.newKey.publicKeyLine,
            newFingerprint: state.newKey.fingerprint,
            newName: options.newKeyPairName,
            previousFingerprint: state.oldFingerprint ?? 'unknown',
            tags: state.oldTags ??
                Object.fromEntries(Object.entries(pair.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:'))),
        });
        // Publishing is idempotent, so nothing sits between it and done worth recording.
        await writeState(clients.ssm, names.state, { ...state, step: 'done' });
        options.onStep?.('published');
        options.onStep?.('done');
        return report;
    }
    finally {
        await releaseLock(clients.ssm, names.lock);
    }
}

;// CONCATENATED MODULE: ./src/aws/engine.ts







function evidenceOf(finding) {
    return {
        fingerprint: finding.fingerprint,
        md5: finding.md5,
        publicKey: finding.publicKey,
        ec2Fingerprints: finding.ec2Fingerprints,
    };
}
function ageInDays(pair, now) {
    const rotated = pair.tags[TAG_ROTATED_AT];
    const since = rotated ? new Date(rotated) : pair.createTime;
    return since ? (now.getTime() - since.getTime()) / 86_400_000 : Number.POSITIVE_INFINITY;
}
/** matchedBy for a key pair found through the state a killed run left behind. */
const INTERRUPTED = 'an interrupted rotation (recorded state)';
/**
 * Key pairs whose rotation away from `fingerprint` was cut off after the
 * leaked pair was retired and before the new one was imported.
 */
async function interruptedPairs(regions, config, fingerprint) {
    const found = [];
    for (const clients of regions) {
        for (const state of await unfinishedRotations(clients.ssm, config.parameterPath)) {
            if (state.oldFingerprint !== fingerprint || state.region !== clients.region)
                continue;
            found.push({
                region: clients.region,
                keyPairId: '',
                keyName: state.keyName,
                keyType: '',
                ec2Fingerprint: '',
                publicKey: null,
                fingerprint: state.oldFingerprint,
                createTime: null,
                tags: state.oldTags ?? {},
                matchedBy: INTERRUPTED,
            });
        }
    }
    return found;
}
async function selectPairs(regions, request, config, result) {
    const selected = [];
    const byRegion = new Map(regions.map((clients) => [clients.region, clients]));
    if (request.kind === 'findings') {
        for (const finding of request.findings) {
            if (!finding.fingerprint) {
                result.unmatched.push({
                    id: finding.id,
                    reason: finding.note ?? 'no fingerprint: cannot be matched to a key pair',
                });
                continue;
            }
            const evidence = evidenceOf(finding);
            const matches = await findMatchingKeyPairs(regions, evidence);
            if (!matches.length)
                matches.push(...(await interruptedPairs(regions, config, finding.fingerprint)));
            if (!matches.length)
                result.unmatched.push({
                    id: finding.id,
                    reason: `no EC2 key pair in ${config.regions.join(', ')} matches`,
                });
            for (const pair of matches)
                selected.push({ clients: byRegion.get(pair.region), pair, evidence });
        }
        return selected;
    }
    for (const clients of regions) {
        const pairs = await listKeyPairs(clients);
        for (const pair of pairs) {
            const wanted = request.kind === 'key-pairs'
                ? request.names.includes(pair.keyName)
                : (!config.targetTag || pair.tags[config.targetTag.key] === config.targetTag.value) &&
                    ageInDays({ ...pair, matchedBy: '' }, request.now ?? new Date()) >
                        request.maxKeyAgeDays;
            if (!wanted)
                continue;
            if (!pair.publicKey) {
                result.errors.push({
                    keyName: pair.keyName,
                    region: clients.region,
                    message: 'EC2 returned no public key for this key pair',
                });
                continue;
            }
            const matchedBy = request.kind === 'key-pairs' ? 'named' : `older than ${request.maxKeyAgeDays} days`;
            selected.push({
                clients,
                pair: { ...pair, matchedBy },
                evidence: evidenceFromPublicKey(pair.publicKey),
            });
        }
    }
    if (request.kind === 'key-pairs') {
        for (const name of request.names) {
            if (!selected.some((entry) => entry.pair.keyName === name)) {
                result.errors.push({
                    keyName: name,
                    region: config.regions.join(', '),
                    message: 'no such key pair',
                });
            }
        }
    }
    return selected;
}
/**
 * Finds the key pairs a request names and rotates each (or, with dryRun,
 * plans). A failure in one key pair is recorded and the others go on.
 */
async function runRotation(request, config) {
    if (!config.regions.length)
        throw new rotate_RotationError('no AWS region: set aws-regions (or AWS_REGION)');
    const credentials = await credentials_resolveCredentials(config.credentials);
    const regions = config.regions.map((region) => clients_regionClients(region, credentials));
    const result = { unmatched: [], rotations: [], errors: [] };
    try {
        for (const { clients, pair, evidence } of await selectPairs(regions, request, config, result)) {
            try {
                result.rotations.push(await rotateKeyPair(clients, pair, evidence, config));
            }
            catch (error) {
                result.errors.push({
                    keyName: pair.keyName,
                    region: clients.region,
                    message: error.message,
                    leakedFingerprint: evidence.fingerprint,
                });
            }
        }
    }
    finally {
        clients_destroyClients(regions);
    }
    return result;
}
/**
 * The new private key of a finished rotation, read back from custody
 * (for the Actions secret). `mask` sees every line before it is returned.
 */
async function readNewPrivateKey(rotation, credentials, mask) {
    if (!rotation.newKey)
        throw new RotationError(`the rotation of ${rotation.keyName} made no new key`);
    const clients = regionClients(rotation.region, await resolveCredentials(credentials));
    try {
        const value = await readParameter(clients.ssm, rotation.newKey.parameterName, true);
        if (!value)
            throw new RotationError(`${rotation.newKey.parameterName} is empty or gone`);
        mask(value);
        for (const line of value.split('\n'))
            if (line.trim())
                mask(line.trim());
        return value;
    }
    catch (error) {
        if (error instanceof RotationError)
            throw error;
        throw new RotationError(`cannot read the new private key back from ${rotation.newKey.parameterName} (needs ssm:GetParameter and kms:Decrypt): ${error.message}`);
    }
    finally {
        destroyClients([clients]);
    }
}

;// CONCATENATED MODULE: ./src/report/rotation.ts
const OUTCOME_TEXT = {
    rotated: 'rotated',
    'no-old-key': 'no old key',
    incomplete: 'INCOMPLETE',
    failed: 'FAILED',
    skipped: 'skipped',
    planned: 'will rotate',
};
/** The plan or the result of a rotation, for people. Public keys and fingerprints only. */
function rotationText(result) {
    const lines = [];
    for (const rotation of result.rotations) {
        const counts = new Map();
        for (const host of rotation.hosts)
            counts.set(host.outcome, (counts.get(host.outcome) ?? 0) + 1);
        lines.push(`${rotation.dryRun ? 'Plan for' : 'Rotation of'} key pair ${rotation.keyName} (${rotation.region}), matched by ${rotation.matchedBy}` +
            (rotation.resumed ? ', resumed' : ''));
        if (rotation.newKey) {
            lines.push(`  new key ${rotation.newKey.fingerprint}, private key in ${rotation.newKey.parameterName} (version ${rotation.newKey.parameterVersion})`);
        }
        lines.push(`  instances: ${rotation.hosts.length}${[...counts].map(([outcome, n]) => `, ${n} ${OUTCOME_TEXT[outcome]}`).join('')}`);
        for (const host of rotation.hosts) {
            lines.push(`  - ${host.instanceId}${host.name ? ` (${host.name})` : ''}: ${OUTCOME_TEXT[host.outcome]}: ${host.reason}`);
            for (const way of host.waysBack)
                lines.push(`      way back: ${way}`);
        }
        if (rotation.published) {
            lines.push(`  EC2 key pair ${rotation.published.keyName} now holds the new key` +
                (rotation.published.retired ? `; leaked pair ${rotation.published.retired} retired` : ''));
        }
        lines.push('');
    }
    for (const entry of result.unmatched)
        lines.push(`No key pair matched ${entry.id}: ${entry.reason}`);
    for (const entry of result.errors)
        lines.push(`Error for ${entry.keyName} (${entry.region}): ${entry.message}`);
    if (!lines.length)
        lines.push('Nothing to rotate.');
    return `${lines.join('\n').trimEnd()}\n`;
}
function rotationJson(result) {
    return `${JSON.stringify(result, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./src/aws/outcome.ts
/** Outcomes a person must look at: the leaked key may still open the instance. */
function needsAttention(outcome) {
    return outcome === 'failed' || outcome === 'skipped' || outcome === 'incomplete';
}

;// CONCATENATED MODULE: ./src/commands/rotate.ts






class CommandInputError extends Error {
    name = 'CommandInputError';
}
function parseTag(raw) {
    if (raw === undefined || raw === '')
        return null;
    const match = /^([^=]+)=(.*)$/.exec(raw);
    if (!match?.[1])
        throw new CommandInputError(`--target-tag must look like Key=Value, got "${raw}"`);
    return { key: match[1], value: match[2] ?? '' };
}
async function requestOf(options) {
    const chosen = [options.keyPair?.length, options.fromScan, options.maxKeyAge].filter(Boolean).length;
    if (chosen !== 1)
        throw new CommandInputError('name exactly one of --key-pair NAME, --from-scan FILE or --max-key-age DAYS');
    if (options.keyPair?.length)
        return { kind: 'key-pairs', names: options.keyPair };
    if (options.maxKeyAge) {
        const days = Number(options.maxKeyAge);
        if (!Number.isInteger(days) || days < 1)
            throw new CommandInputError(`--max-key-age must be a whole number of days, got "${options.maxKeyAge}"`);
        return { kind: 'scheduled', maxKeyAgeDays: days };
    }
    let parsed;
    try {
        parsed = JSON.parse(await (0,promises_.readFile)(options.fromScan, 'utf8'));
    }
    catch (error) {
        throw new CommandInputError(`cannot read scan results from ${options.fromScan}: ${error.message.split('\n')[0]}`);
    }
    if (!Array.isArray(parsed.findings))
        throw new CommandInputError(`${options.fromScan} is not the JSON output of "scan --format json"`);
    return { kind: 'findings', findings: parsed.findings };
}
/**
 * `plan` and `rotate`. Exit 0: done (plan: every key matched); 1: a host failed or was
 * skipped, a key matched no pair, or a key pair could not be rotated.
 */
async function runRotateCommand(options, plan) {
    const request = await requestOf(options);
    const regions = options.region?.length
        ? options.region
        : [process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? ''].filter(Boolean);
    const config = {
        regions,
        credentials: { kind: 'default' },
        targetTag: parseTag(options.targetTag),
        parameterPath: options.parameterPath,
        kmsKeyId: options.kmsKeyId ?? null,
        newKeyType: options.keyType,
        extraUsers: options.user ?? [],
        newKeyPairName: options.newKeyPairName ?? null,
        dryRun: plan || Boolean(options.dryRun),
        run: DEFAULT_RUN_OPTIONS,
        runId: `cli-${(0,external_node_crypto_.randomUUID)()}`,
        lockTtlMs: 30 * 60_000,
        breakLock: Boolean(options.breakLock),
        log: (line) => process.stderr.write(`${line}\n`),
    };
    const result = await runRotation(request, config);
    process.stdout.write(options.format === 'json' ? rotationJson(result) : rotationText(result));
    // A skipped instance (no agent, stopped, Windows) may still accept the leaked key: not done.
    const incomplete = result.errors.length > 0 ||
        result.unmatched.length > 0 ||
        (!plan &&
            result.rotations.some((rotation) => rotation.hosts.some((host) => needsAttention(host.outcome))));
    return incomplete ? 1 : 0;
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


/***/ }),

/***/ 8714:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__.p + "94e5162a0594ff3fa011.sh";

/***/ })

};
