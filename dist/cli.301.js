export const id = 301;
export const ids = [301];
export const modules = {

/***/ 7301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRotateCommand: () => (/* binding */ runRotateCommand)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/aws/clients.ts
var clients = __webpack_require__(201);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
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
        throw new errors/* AwsSetupError */.Z1(`cannot get a GitHub OIDC token (${(0,errors/* awsErrorMessage */.X_)(error)}): give the job "permissions: id-token: write"`);
    }
}
function explain(error, source, token) {
    const name = (0,errors/* awsErrorName */.ZH)(error);
    const sub = subjectOf(token);
    switch (name) {
        case 'AccessDenied':
        case 'AccessDeniedException':
            return new errors/* AwsSetupError */.Z1(`STS refused to let this workflow assume ${source.roleArn}: the role's trust policy must allow ` +
                `token.actions.githubusercontent.com with aud "${source.audience}" and a sub condition matching "${sub}"`);
        case 'ExpiredToken':
        case 'ExpiredTokenException':
            return new errors/* AwsSetupError */.Z1('the GitHub OIDC token expired before STS accepted it; run the job again');
        // The SDK names modeled errors by their shape (…Exception); the wire code lacks the suffix.
        case 'InvalidIdentityToken':
        case 'InvalidIdentityTokenException':
        case 'IDPRejectedClaim':
        case 'IDPRejectedClaimException':
        case 'IDPCommunicationError':
        case 'IDPCommunicationErrorException':
            return new errors/* AwsSetupError */.Z1(`STS rejected the GitHub OIDC token (${(0,errors/* awsErrorMessage */.X_)(error)}): is the IAM OIDC provider ` +
                `token.actions.githubusercontent.com registered with audience "${source.audience}"?`);
        default:
            return new errors/* AwsSetupError */.Z1(`cannot assume ${source.roleArn}: ${name || 'error'}: ${(0,errors/* awsErrorMessage */.X_)(error)}`);
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
    const sts = new dist_cjs/* STSClient */.iM({
        region: source.region,
        maxAttempts: 5,
        requestHandler: clients/* HTTP_TIMEOUTS */.gM,
    });
    (0,clients/* nameTimeouts */.ku)(sts.middlewareStack, 'STS');
    try {
        const response = await sts.send(new dist_cjs/* AssumeRoleWithWebIdentityCommand */.WH({
            RoleArn: source.roleArn,
            RoleSessionName: source.sessionName,
            WebIdentityToken: token,
            DurationSeconds: source.durationSeconds,
        }));
        const credentials = response.Credentials;
        if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
            throw new errors/* AwsSetupError */.Z1('STS returned no credentials');
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
        if (error instanceof errors/* AwsSetupError */.Z1)
            throw error;
        throw explain(error, source, token);
    }
    finally {
        sts.destroy();
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var client_ec2_dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: ./node_modules/sshpk/lib/index.js
var lib = __webpack_require__(663);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ./src/keys/fingerprint.ts
var keys_fingerprint = __webpack_require__(3436);
;// CONCATENATED MODULE: ./src/aws/tags.ts
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

;// CONCATENATED MODULE: ./src/aws/key-pairs.ts




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
    const response = await clients.ec2.send(new client_ec2_dist_cjs/* DescribeKeyPairsCommand */.DRu({
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
    if (evidence.fingerprint && fingerprintHistory(pair.tags).includes(evidence.fingerprint)) {
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

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./src/aws/host/host-script.ts
var host_script = __webpack_require__(9066);
// EXTERNAL MODULE: ./src/aws/parameters.ts
var parameters = __webpack_require__(33);
;// CONCATENATED MODULE: ./src/aws/leaks.ts
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
        if ((0,host_script/* blobFingerprint */.I_)(blob) !== record.fingerprint)
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
    const raw = await (0,parameters/* readParameter */.sv)(ssm, name, true);
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
    for await (const page of (0,client_ssm_dist_cjs/* paginateGetParametersByPath */.kU5)({ client: ssm }, { Path: leaksPath(parameterPath), Recursive: false, WithDecryption: false, MaxResults: 10 })) {
        for (const parameter of page.Parameters ?? []) {
            if (parameter.Name && /\/[0-9a-f]{64}$/.test(parameter.Name))
                names.push(parameter.Name);
        }
    }
    const records = [];
    for (const name of names) {
        const raw = await (0,parameters/* readParameter */.sv)(ssm, name, true);
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
    await (0,parameters/* writeParameter */.P)(ssm, {
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

// EXTERNAL MODULE: ./src/aws/host/document.ts
var host_document = __webpack_require__(6623);
;// CONCATENATED MODULE: ./src/aws/host/host-result.ts
const ERROR_HEADER = '----------ERROR-------';
const TRUNCATED = '---Output truncated---';
const PHASES = new Set(['probe', 'add', 'verify', 'revoke']);
const host_result_STATUSES = new Set(['ok', 'incomplete', 'failed']);
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
    if (map.get('v') !== '2' || !phase || !host_result_STATUSES.has(status) || numbers.includes(null)) {
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
    for await (const page of (0,client_ec2_dist_cjs/* paginateDescribeInstances */.H0T)({ client: clients.ec2 }, { Filters: filters, MaxResults: 1000 })) {
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
 * The instances a rotation must reach: those launched with the key pair,
 * those carrying the target tag (all pages) and those a leak record lists
 * (`recorded`: an instance stopped or offline last time is looked for again),
 * each classified by whether Run Command can reach it. Terminated instances
 * are left out; recorded ones that are terminated or gone come back in `gone`.
 */
async function findTargets(clients, keyName, tag, recorded = []) {
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

;// CONCATENATED MODULE: ./src/aws/lock.ts
/**
 * The per-key-pair lock that keeps two runs from rotating one key pair at
 * once, on Parameter Store alone.
 *
 * Parameter Store has no compare-and-swap, but it has two atomic primitives
 * this builds on: PutParameter with Overwrite=false creates a name only if it
 * is absent, and every write gets the next version number, which
 * PutParameter returns. So:
 *
 * - Acquire: create the lock parameter (Overwrite=false). Its value names
 *   the run (`runId`), a random `nonce` for this acquisition, and
 *   `expiresAt`.
 * - Take over (the lock expired, the same run left it, or --break-lock):
 *   having read the lock at version N, create the claim parameter
 *   `<lock>-takeover-v<N>` (Overwrite=false). Of the runs racing to take
 *   over version N, only one creates it; the others lose. The winner checks
 *   the lock is still at N and overwrites it; it holds the lock only if that
 *   write became version N+1 (a write by anyone else in between makes it
 *   N+2, and then nobody holds it). A claim whose claimant died mid-takeover
 *   expires, and the next claim is `<lock>-takeover-v<N>-2`, and so on.
 * - Fencing token: the lock's version this run wrote last. `assertHeld()`
 *   re-reads the lock and checks version and nonce: a run whose lock was
 *   taken over finds out before its next step. `renew()` overwrites with a
 *   new expiry and holds on only if its write is the very next version.
 * - Release deletes the lock only if the check still passes. That check and
 *   the delete are two requests: a takeover landing between them (possible
 *   only once this run's lock has expired or with --break-lock) would lose
 *   its lock to the delete and find out at its next check.
 *
 * Why not DynamoDB, whose conditional writes are a real compare-and-swap: it
 * would add a table the user must create, a service to the IAM policy and to
 * the test emulators, for one item per rotation. The protocol above needs
 * only the parameter path and actions (GetParameter, PutParameter,
 * DeleteParameter) the rotation already holds.
 */



/** Another run holds the lock (or won the race to take it over). */
class LockHeldError extends Error {
    name = 'LockHeldError';
}
/** This run's lock was taken over (or removed): it must stop before its next step. */
class LockLostError extends Error {
    name = 'LockLostError';
}
/** Takeover claims per lock version tried before giving up (each abandoned one expires first). */
const MAX_CLAIMS = 5;
function parseRecord(value) {
    try {
        const parsed = JSON.parse(value ?? '');
        if (typeof parsed.runId !== 'string' || typeof parsed.expiresAt !== 'string')
            return null;
        return parsed;
    }
    catch {
        return null;
    }
}
async function read(ssm, name) {
    try {
        const { Parameter } = await ssm.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: name }));
        return { version: Parameter?.Version ?? 0, record: parseRecord(Parameter?.Value) };
    }
    catch (error) {
        if ((0,errors/* awsErrorName */.ZH)(error) === 'ParameterNotFound' ||
            (0,errors/* awsErrorName */.ZH)(error) === 'ParameterVersionNotFound')
            return null;
        throw error;
    }
}
/** The version written, or null when the name already exists. */
async function create(ssm, name, value) {
    try {
        const { Version } = await ssm.send(new client_ssm_dist_cjs/* PutParameterCommand */.ihh({ Name: name, Value: value, Type: 'String', Overwrite: false }));
        return Version ?? 1;
    }
    catch (error) {
        if ((0,errors/* awsErrorName */.ZH)(error) === 'ParameterAlreadyExists')
            return null;
        throw error;
    }
}
async function overwrite(ssm, name, value) {
    const { Version } = await ssm.send(new client_ssm_dist_cjs/* PutParameterCommand */.ihh({ Name: name, Value: value, Type: 'String', Overwrite: true }));
    return Version ?? 0;
}
async function remove(ssm, name) {
    try {
        await ssm.send(new client_ssm_dist_cjs/* DeleteParameterCommand */.Obs({ Name: name }));
    }
    catch (error) {
        if ((0,errors/* awsErrorName */.ZH)(error) !== 'ParameterNotFound')
            throw error;
    }
}
function expired(record, now) {
    if (!record)
        return true;
    const until = Date.parse(record.expiresAt);
    return Number.isNaN(until) || until <= now.getTime();
}
/**
 * One acquisition's view of the lock: its identity, and the writes it made.
 */
class Acquisition {
    ssm;
    name;
    runId;
    ttlMs;
    clock;
    claimTtlMs;
    nonce = (0,external_node_crypto_.randomUUID)();
    version = 0;
    until = new Date(0);
    released = false;
    /** Claim parameters this acquisition created and has not yet deleted. */
    claims = [];
    constructor(ssm, name, runId, ttlMs, clock, claimTtlMs) {
        this.ssm = ssm;
        this.name = name;
        this.runId = runId;
        this.ttlMs = ttlMs;
        this.clock = clock;
        this.claimTtlMs = claimTtlMs;
    }
    get token() {
        return this.version;
    }
    get expiresAt() {
        return this.until;
    }
    record(token, ttlMs = this.ttlMs) {
        const expiresAt = new Date(this.clock().getTime() + ttlMs);
        const value = JSON.stringify({
            runId: this.runId,
            nonce: this.nonce,
            token,
            expiresAt: expiresAt.toISOString(),
        });
        return { value, expiresAt };
    }
    ours(read) {
        return read?.record?.nonce === this.nonce && read.record.runId === this.runId;
    }
    /**
     * After writing `name` and getting `written`, whether every version from
     * `from` to `written` is this acquisition's: the write followed `from - 1`
     * with nothing between (an SDK retry of a write whose answer was lost
     * makes two versions, both ours).
     */
    async wroteAll(name, from, written) {
        if (written < from)
            return false;
        for (let version = from; version < written; version += 1) {
            if (!this.ours(await read(this.ssm, `${name}:${version}`)))
                return false;
        }
        return true;
    }
    /** Deletes what this acquisition wrote to `name` at `version`, if nobody wrote since. */
    async undo(name, version) {
        const current = await read(this.ssm, name);
        if (current && current.version === version && this.ours(current))
            await remove(this.ssm, name);
    }
    async dropClaims() {
        for (const claim of [...this.claims]) {
            await remove(this.ssm, claim);
            this.claims = this.claims.filter((name) => name !== claim);
        }
    }
    /** True when the lock is now this acquisition's. */
    async tryCreate() {
        const { value, expiresAt } = this.record(1);
        const created = await create(this.ssm, this.name, value);
        if (created === null) {
            // An SDK retry of a create that did land answers ParameterAlreadyExists.
            const current = await read(this.ssm, this.name);
            if (!current || !this.ours(current))
                return false;
            this.version = current.version;
        }
        else {
            this.version = created;
        }
        this.until = expiresAt;
        return true;
    }
    /** Takes over the lock as read at `version`; true when this run now holds it. */
    async tryTakeOver(version) {
        const base = `${this.name}-takeover-v${version}`;
        let claimed = null;
        const abandoned = [];
        for (let index = 1; index <= MAX_CLAIMS && !claimed; index += 1) {
            const claim = index === 1 ? base : `${base}-${index}`;
            const { value } = this.record(version, this.claimTtlMs);
            if ((await create(this.ssm, claim, value)) !== null) {
                claimed = claim;
                break;
            }
            const holder = await read(this.ssm, claim);
            if (holder && this.ours(holder)) {
                claimed = claim;
                break;
            }
            // Gone (its claimant finished or gave up) or live: another run is taking over.
            if (!holder || !expired(holder.record, this.clock()))
                return false;
            abandoned.push(claim);
        }
        if (!claimed)
            return false;
        this.claims.push(claimed);
        try {
            const current = await read(this.ssm, this.name);
            if (!current || current.version !== version)
                return false;
            const { value, expiresAt } = this.record(version + 1);
            const written = await overwrite(this.ssm, this.name, value);
            if (!(await this.wroteAll(this.name, version + 1, written))) {
                // Someone wrote between: nobody holds the lock now; take back this write.
                await this.undo(this.name, written);
                return false;
            }
            this.version = written;
            this.until = expiresAt;
            // Version N is gone for good: its claims (ours and abandoned ones) have no more use.
            this.claims.push(...abandoned);
            return true;
        }
        finally {
            await this.dropClaims().catch(() => undefined);
        }
    }
    async assertHeld() {
        if (this.released)
            throw new LockLostError(`lock ${this.name} was already released`);
        const current = await read(this.ssm, this.name);
        if (current && current.version === this.version && this.ours(current))
            return;
        throw new LockLostError(current
            ? `lock ${this.name} is no longer this run's (${this.runId}): ${current.record ? `run ${current.record.runId}` : 'another writer'} took it over (version ${current.version}, ours was ${this.version}); stopping before the next step`
            : `lock ${this.name} was removed while this run (${this.runId}) held it; stopping before the next step`);
    }
    async renew() {
        await this.assertHeld();
        const { value, expiresAt } = this.record(this.version + 1);
        const written = await overwrite(this.ssm, this.name, value);
        if (!(await this.wroteAll(this.name, this.version + 1, written))) {
            await this.undo(this.name, written);
            throw new LockLostError(`lock ${this.name} was taken over while this run (${this.runId}) renewed it; stopping before the next step`);
        }
        this.version = written;
        this.until = expiresAt;
    }
    async release() {
        if (this.released)
            return;
        const current = await read(this.ssm, this.name);
        if (current && current.version === this.version && this.ours(current))
            await remove(this.ssm, this.name);
        await this.dropClaims();
        this.released = true;
    }
}
/**
 * Takes the lock `name` for `runId` for `ttlMs`: creates it if absent; takes
 * it over if it has expired (a killed run left it), if this run left it, or
 * with breakLock. Throws LockHeldError when another run holds it or wins
 * the race to take it over.
 */
async function acquireLock(ssm, name, runId, ttlMs, options = {}) {
    const { breakLock = false, now } = options;
    const clock = typeof now === 'function' ? now : () => now ?? new Date();
    const lock = new Acquisition(ssm, name, runId, ttlMs, clock, options.claimTtlMs ?? Math.min(ttlMs, 300_000));
    // A lock released between our create and our read is simply created again.
    for (let round = 0; round < 3; round += 1) {
        if (await lock.tryCreate())
            return lock;
        const current = await read(ssm, name);
        if (!current)
            continue;
        const { record } = current;
        if (record && record.runId !== runId && !breakLock && !expired(record, clock())) {
            throw new LockHeldError(`another run (${record.runId}) is rotating this key pair (lock ${name}, until ${record.expiresAt}); ` +
                'if that run was killed, run again with --break-lock (action input break-lock: true): ' +
                'the rotation resumes where it stopped');
        }
        if (await lock.tryTakeOver(current.version))
            return lock;
        throw new LockHeldError(`another run took over the lock ${name} first (it had been held by ${record?.runId ?? 'an unreadable record'})`);
    }
    throw new LockHeldError(`the lock ${name} kept changing while this run (${runId}) tried to take it`);
}

;// CONCATENATED MODULE: ./src/aws/publish.ts




/**
 * The new key could not be imported. `restored` says whether the account
 * still has a key pair under the old name: when the old pair had already
 * been deleted, its public key was imported again under its own name, so
 * launch templates and Auto Scaling groups that name it keep launching (with
 * the old key) until a re-run publishes the new one.
 */
class PublishError extends Error {
    restored;
    name = 'PublishError';
    constructor(message, restored, options) {
        super(message, options);
        this.restored = restored;
    }
}
const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 10_000 };
/** `message (Code)`, for a sentence that goes on after it. */
function publish_explain(error) {
    const message = (0,errors/* awsErrorMessage */.X_)(error).replace(/\.+$/, '');
    const name = (0,errors/* awsErrorName */.ZH)(error);
    return name && name !== 'Error' && !message.includes(name) ? `${message} (${name})` : message;
}
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function findPair(clients, keyName) {
    try {
        return (await listKeyPairs(clients, [keyName]))[0] ?? null;
    }
    catch (error) {
        if ((0,errors/* awsErrorName */.ZH)(error) === 'InvalidKeyPair.NotFound')
            return null;
        throw error;
    }
}
/** The OpenSSH type and base64 of a public key line (EC2 appends the key name as a comment). */
function keyBody(line) {
    const parts = line?.trim().split(/\s+/) ?? [];
    return parts.length >= 2 ? `${parts[0]} ${parts[1]}` : null;
}
function holdsKey(pair, publicKeyLine, fingerprint) {
    if (!pair)
        return false;
    if (fingerprint && pair.fingerprint === fingerprint)
        return true;
    const body = keyBody(pair.publicKey);
    return body !== null && body === keyBody(publicKeyLine);
}
/**
 * ImportKeyPair, riding out InvalidKeyPair.Duplicate for a name just
 * deleted. Before each retry the name is looked up: when it already holds
 * this key (an earlier attempt landed, its answer lost), that pair is the
 * result.
 */
async function importWithRetry(clients, keyName, publicKeyLine, fingerprint, tags, options, 
/** A pair just deleted, which EC2 may still list for a while. */
deleted = null) {
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    const sleep = options.sleep ?? realSleep;
    let delay = retry.baseDelayMs;
    for (let attempt = 1;; attempt += 1) {
        try {
            const imported = await clients.ec2.send(new client_ec2_dist_cjs/* ImportKeyPairCommand */.OmI({
                KeyName: keyName,
                PublicKeyMaterial: Buffer.from(publicKeyLine),
                TagSpecifications: keyPairTagSpecifications(tags),
            }));
            return imported.KeyPairId ?? '';
        }
        catch (error) {
            if ((0,errors/* awsErrorName */.ZH)(error) !== 'InvalidKeyPair.Duplicate' || attempt >= retry.attempts)
                throw error;
            options.log?.(`EC2 still has a key pair named ${keyName} (InvalidKeyPair.Duplicate); retrying in ${delay} ms`);
            await sleep(delay);
            delay = Math.min(delay * 2, retry.maxDelayMs);
            const present = await findPair(clients, keyName);
            if (present && present.keyPairId !== deleted && holdsKey(present, publicKeyLine, fingerprint))
                return present.keyPairId;
        }
    }
}
/**
 * Imports the new public key and retires the leaked key pair, never leaving
 * the account without a pair of the name launch templates use.
 *
 * By default the new key takes the old name, so launch templates and Auto
 * Scaling keep working: the old pair is deleted first (running instances are
 * unaffected; EC2 has no rename), then the new one imported. Should that
 * import fail for good, the old public key is imported again under the old
 * name and a PublishError says so. Under a new name the new pair is
 * imported first and the old one deleted only then.
 *
 * The old pair's tags are carried over, less what EC2 refuses (`aws:` keys,
 * more than 50), with the rotation's own: when, the key replaced, and the
 * history of every key replaced under the name.
 *
 * Safe to repeat: a pair that already holds the new key is left alone.
 */
async function publishKeyPair(clients, input, options = {}) {
    const oldName = input.oldPair.keyName;
    const name = input.newName ?? oldName;
    const existing = await findPair(clients, name);
    if (holdsKey(existing, input.newPublicKeyLine, input.newFingerprint)) {
        return {
            keyName: name,
            keyPairId: existing.keyPairId,
            retired: null,
            droppedTags: [],
        };
    }
    const current = name === oldName ? existing : await findPair(clients, oldName);
    // Newest first: the key the retired pair really held, the key the rotation
    // was asked to replace, then the history the old pair carried.
    const recorded = input.previousFingerprint && input.previousFingerprint !== 'unknown'
        ? input.previousFingerprint
        : null;
    const replaced = [current?.fingerprint, recorded].filter((entry) => typeof entry === 'string' && entry.length > 0);
    const history = historyValue([
        ...replaced,
        ...fingerprintHistory(current?.tags ?? {}),
        ...fingerprintHistory(input.oldPair.tags),
        ...fingerprintHistory(input.tags),
    ]);
    const own = { [TAG_ROTATED_AT]: new Date().toISOString() };
    const latest = replaced[0];
    if (latest)
        own[TAG_PREVIOUS_FINGERPRINT] = latest;
    if (history)
        own[TAG_PREVIOUS_FINGERPRINTS] = history;
    const carried = Object.fromEntries(Object.entries(input.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:')));
    const { tags, dropped } = sanitizeTags(carried, own);
    for (const { key, reason } of dropped)
        options.log?.(`tag ${key} of ${oldName} not carried to the new key pair: ${reason}`);
    if (name !== oldName) {
        if (existing) {
            throw new PublishError(`cannot import the new key as ${name}: a key pair of that name already holds another key; ${oldName} was left as it is`, null);
        }
        let keyPairId;
        try {
            keyPairId = await importWithRetry(clients, name, input.newPublicKeyLine, input.newFingerprint, tags, options);
        }
        catch (error) {
            throw new PublishError(`cannot import the new key as ${name}: ${publish_explain(error)}; ${oldName} was left as it is`, null, { cause: error });
        }
        let retired = null;
        if (current && !holdsKey(current, input.newPublicKeyLine, input.newFingerprint)) {
            await clients.ec2.send(new client_ec2_dist_cjs/* DeleteKeyPairCommand */.EWB({ KeyPairId: current.keyPairId }));
            retired = current.keyPairId;
        }
        return { keyName: name, keyPairId, retired, droppedTags: dropped };
    }
    let retired = null;
    if (current) {
        await clients.ec2.send(new client_ec2_dist_cjs/* DeleteKeyPairCommand */.EWB({ KeyPairId: current.keyPairId }));
        retired = current.keyPairId;
    }
    try {
        const keyPairId = await importWithRetry(clients, name, input.newPublicKeyLine, input.newFingerprint, tags, options);
        return { keyName: name, keyPairId, retired, droppedTags: dropped };
    }
    catch (error) {
        // An import whose answer was lost may have landed all the same.
        const landed = await findPair(clients, name).catch(() => null);
        if (landed && holdsKey(landed, input.newPublicKeyLine, input.newFingerprint))
            return { keyName: name, keyPairId: landed.keyPairId, retired, droppedTags: dropped };
        const restored = await restoreOldPair(clients, current ?? input.oldPair, retired, options);
        const cause = publish_explain(error);
        throw new PublishError(restored.pair && !restored.reason
            ? `cannot import the new key as ${name}: ${cause}; the old public key was imported again as ${name} (${restored.pair.keyPairId}) so launches that name it keep working, with the old key, until a re-run publishes the new one`
            : restored.pair
                ? `cannot import the new key as ${name}: ${cause}; ${restored.reason}`
                : `cannot import the new key as ${name}: ${cause}; the old key pair could not be restored either (${restored.reason}): EC2 has no key pair named ${name} until a re-run publishes the new key`, restored.pair, { cause: error });
    }
}
/**
 * Imports the retired pair's public key again under its own name, with its
 * own tags (less what EC2 refuses), then with none if the tags were the
 * trouble.
 */
async function restoreOldPair(clients, old, deleted, options) {
    const present = await findPair(clients, old.keyName).catch(() => null);
    // The pair just deleted may still be listed for a while: that is not a pair.
    if (present && present.keyPairId !== deleted) {
        return {
            pair: { keyName: present.keyName, keyPairId: present.keyPairId },
            reason: `a key pair named ${old.keyName} (${present.keyPairId}, ${present.fingerprint ?? present.ec2Fingerprint}) is there, not imported by this run`,
        };
    }
    const publicKey = keyBody(old.publicKey);
    if (!publicKey)
        return { pair: null, reason: 'its public key is not known' };
    const { tags } = sanitizeTags(old.tags);
    let reason = '';
    for (const attemptTags of Object.keys(tags).length ? [tags, {}] : [{}]) {
        try {
            const keyPairId = await importWithRetry(clients, old.keyName, publicKey, old.fingerprint, attemptTags, options, deleted);
            options.log?.(`re-imported the old public key as ${old.keyName} (${keyPairId})`);
            return { pair: { keyName: old.keyName, keyPairId }, reason: '' };
        }
        catch (error) {
            reason = publish_explain(error);
        }
    }
    return { pair: null, reason };
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
        const { Commands = [] } = await clients.ssm.send(new client_ssm_dist_cjs/* ListCommandsCommand */.I$q({ CommandId: commandId }));
        command = Commands[0];
    }
    catch (error) {
        // A command SSM has only just accepted may not be listed yet.
        if ((0,errors/* awsErrorName */.ZH)(error) === 'InvalidCommandId')
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
        const page = await clients.ssm.send(new client_ssm_dist_cjs/* ListCommandInvocationsCommand */.mdT({
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
    const id = /:instance\/(i-[0-9a-f]+)/.exec((0,errors/* awsErrorMessage */.X_)(error))?.[1];
    return id && ids.includes(id) ? id : null;
}
function deniedOnDocument(error) {
    return /:document\//.test((0,errors/* awsErrorMessage */.X_)(error));
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
        const response = await clients.ssm.send(new client_ssm_dist_cjs/* SendCommandCommand */.VWR({
            ...request,
            InstanceIds: ids,
            Comment: options.comment.slice(0, 100),
            TimeoutSeconds: options.deliveryTimeout,
        }));
        commandId = response.Command?.CommandId;
    }
    catch (error) {
        const name = (0,errors/* awsErrorName */.ZH)(error);
        const message = `${name || 'SendCommand failed'}: ${(0,errors/* awsErrorMessage */.X_)(error)}`;
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
        found = (0,host_document/* checkInstalledDocument */.sQ)(clients.ssm, clients.region);
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
    const raw = await (0,parameters/* readParameter */.sv)(ssm, name, true);
    return raw ? parseState(raw) : null;
}
/**
 * Rotations under `parameterPath` that started and did not finish. A run
 * killed after retiring the leaked key pair but before importing the new one
 * leaves no key pair to match: the recorded state is how a re-run finds it.
 */
async function unfinishedRotations(ssm, parameterPath) {
    // Names first, without decryption (custody keys live under the same path),
    // then each state alone.
    const names = [];
    const path = parameterPath.replace(/\/+$/, '') || '/';
    for await (const page of (0,client_ssm_dist_cjs/* paginateGetParametersByPath */.kU5)({ client: ssm }, { Path: path, Recursive: true, WithDecryption: false, MaxResults: 10 })) {
        for (const parameter of page.Parameters ?? []) {
            if (parameter.Name?.endsWith('/state'))
                names.push(parameter.Name);
        }
    }
    const states = [];
    for (const name of names) {
        const state = await readState(ssm, name);
        if (state && state.step !== 'done')
            states.push(state);
    }
    return states;
}
/**
 * The state is a SecureString under the custody parameter's KMS key: forging
 * it takes kms:Encrypt as well as ssm:PutParameter, and a resume checks it
 * against custody all the same (rotate.ts).
 */
async function writeState(ssm, name, state, kmsKeyId = null) {
    await (0,parameters/* writeParameter */.P)(ssm, {
        name,
        value: JSON.stringify({ ...state, updatedAt: new Date().toISOString() }),
        secure: true,
        kmsKeyId,
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
        targetTag: options.targetTag,
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
            ? `${outcome.reason ?? `Run Command ${outcome.ssmStatus}`}: the old key is still in place`
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
async function updateHosts(clients, targets, reports, oldKeyBlobs, newKeyLine, options, 
/** Runs between phases (the lock is renewed and checked there). */
between) {
    const byId = new Map(targets.map((target) => [target.instanceId, target]));
    let current = targets.map((target) => target.instanceId);
    let last = new Map();
    for (const phase of ['add', 'verify', 'revoke']) {
        if (!current.length)
            break;
        await between();
        const script = (0,host_document/* hostCommand */.mm)({
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
    const answered = await sweepHosts(clients, targets, reports, oldKeyBlobs, null, options);
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
    return { keyType, ready, results: answered };
}
/**
 * The read-only probe phase on `targets`: which instances still hold the old
 * key, which key types their sshd accepts, and (given the new key, as in a
 * re-run's sweep) which already hold the new one. Those without the old key
 * are then reported from this alone, so a re-run after a finished rotation
 * costs one command per 50 instances.
 */
async function sweepHosts(clients, targets, reports, oldKeyBlobs, newKeyLine, options) {
    const byId = new Map(targets.map((target) => [target.instanceId, target]));
    const script = (0,host_document/* hostCommand */.mm)({
        phase: 'probe',
        oldKeyBlobs,
        newKeyLine,
        extraUsers: options.extraUsers,
    });
    return (await runPhase(clients, 'probe', targets.map((target) => target.instanceId), byId, reports, script, options)).answered;
}
/** Whether a host still needs add, verify and revoke after a probe or sweep. */
function needsUpdate(result, options) {
    return (result.old > 0 || result.ignored > 0 || result.status !== 'ok' || options.extraUsers.length > 0);
}
/** The report for a host the probe or sweep found without the old key. */
function cleanReport(target, result) {
    const rotated = result.new > 0;
    return {
        instanceId: target.instanceId,
        region: target.region,
        name: target.name,
        outcome: rotated ? 'rotated' : 'no-old-key',
        phase: null,
        reason: rotated
            ? 'the read-only check found the new key and no file sshd reads holding the old key'
            : 'no file sshd reads holds the old key',
        waysBack: [],
    };
}
/** Splits probed targets into those to update and those already clean (reported). */
function pickUpdates(targets, results, reports, options) {
    const update = [];
    for (const target of targets) {
        const result = results.get(target.instanceId);
        if (!result)
            continue; // failed: already reported
        if (needsUpdate(result, options))
            update.push(target);
        else
            reports.set(target.instanceId, cleanReport(target, result));
    }
    return update;
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
        parameterVersion = await (0,parameters/* writeParameter */.P)(clients.ssm, {
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
        // The pair's own tags, and its fingerprint history (the old pair may be
        // gone when a killed run resumes, and the history must not be).
        oldTags: Object.fromEntries(Object.entries(pair.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:') ||
            key === TAG_PREVIOUS_FINGERPRINT ||
            key === TAG_PREVIOUS_FINGERPRINTS)),
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
/** The public half (`type blob`) and fingerprint of the key held in custody, at a version or the latest. */
async function custodyKey(clients, parameterName, version) {
    const value = await (0,parameters/* readParameter */.sv)(clients.ssm, version === null ? parameterName : `${parameterName}:${version}`, true);
    if (!value)
        return null;
    try {
        const key = lib_default().parsePrivateKey(value, 'auto').toPublic();
        return {
            publicKey: key.toString('ssh').split(' ').slice(0, 2).join(' '),
            fingerprint: key.fingerprint('sha256').toString(),
        };
    }
    catch {
        return null;
    }
}
const typeAndBlob = (line) => line.trim().split(/\s+/).slice(0, 2).join(' ');
/**
 * Nothing read back is trusted on resume: the new key must be the one in
 * custody at the recorded version, in the parameter this key pair uses, and
 * every old blob must be the key being replaced.
 */
async function checkResume(clients, state, names, pair, oldFingerprint) {
    const refuse = (why) => {
        throw new rotate_RotationError(`the recorded state ${names.state} ${why}: refusing to resume. If you did not change it, ` +
            'someone who can write Parameter Store did; check CloudTrail, then delete the state parameter to start the rotation over');
    };
    if (state.keyName !== pair.keyName || state.region !== clients.region)
        refuse('belongs to another key pair or region');
    if (state.newKey.parameterName !== names.privateKey)
        refuse(`names another custody parameter (${state.newKey.parameterName})`);
    if (!Number.isInteger(state.newKey.parameterVersion) || state.newKey.parameterVersion < 1)
        refuse('has no custody version');
    const held = await custodyKey(clients, names.privateKey, state.newKey.parameterVersion);
    if (!held)
        refuse(`points at a custody version that holds no private key`);
    if (held?.publicKey !== typeAndBlob(state.newKey.publicKeyLine) ||
        held?.fingerprint !== state.newKey.fingerprint)
        refuse('does not match the private key in custody');
    if (!state.oldKeyBlobs.length)
        refuse('has no old key');
    for (const blob of state.oldKeyBlobs) {
        if (!/^[A-Za-z0-9+/]+={0,3}$/.test(blob) ||
            (oldFingerprint && (0,host_script/* blobFingerprint */.I_)(blob) !== oldFingerprint))
            refuse('lists an old key that is not the key being replaced');
    }
}
/** What the leak record says of each instance after this run. */
function noteHosts(leak, reports, keyName, gone) {
    for (const host of reports) {
        const clean = host.outcome === 'rotated' || host.outcome === 'no-old-key';
        noteInstance(leak, host.instanceId, {
            region: host.region,
            keyName,
            status: clean ? 'clean' : 'open',
            detail: host.reason.slice(0, 300),
        });
    }
    for (const instance of gone) {
        noteInstance(leak, instance.instanceId, {
            region: instance.region,
            keyName,
            status: 'terminated',
            detail: 'terminated: the leaked key opens nothing there',
        });
    }
}
function plannedReports(targets) {
    return targets.map((target) => target.readiness === 'ready'
        ? {
            instanceId: target.instanceId,
            region: target.region,
            name: target.name,
            outcome: 'planned',
            phase: null,
            reason: READINESS_TEXT.ready,
            waysBack: [],
        }
        : skipped(target));
}
async function takeLock(clients, names, options) {
    return acquireLock(clients.ssm, names.lock, options.runId, options.lockTtlMs, {
        breakLock: options.breakLock ?? false,
    });
}
const between = (lock) => async () => {
    await lock.assertHeld();
    await lock.renew();
};
/**
 * Rotates one key pair by the safe protocol: plan, probe, custody first, add,
 * verify, revoke, publish. Each step is recorded, so a run killed anywhere
 * resumes with the same new key (checked against custody); a lock keeps two
 * runs apart. For a leak, the record of every instance the key opened is
 * written before any host is changed and after, so no run forgets one.
 */
async function rotateKeyPair(clients, pair, evidence, options, leak = null) {
    const names = (0,parameters/* parameterNames */.u6)(options.parameterPath, pair.keyName);
    const recorded = leak ? Object.keys(leak.record.instances) : [];
    const { targets, gone } = await findTargets(clients, pair.keyName, options.targetTag, recorded);
    const report = {
        leakedFingerprint: evidence.fingerprint,
        keyName: pair.keyName,
        region: clients.region,
        matchedBy: pair.matchedBy,
        dryRun: options.dryRun,
        resumed: false,
        previousStep: null,
        newKey: null,
        hosts: plannedReports(targets),
        published: null,
    };
    if (options.dryRun)
        return report;
    const lock = await takeLock(clients, names, options);
    try {
        let state = await readState(clients.ssm, names.state);
        const oldFingerprint = pair.matchedBy === ROTATED_EARLIER
            ? evidence.fingerprint
            : (evidence.fingerprint ?? pair.fingerprint);
        // A finished rotation of an older key is history, not something to resume.
        if (state && state.oldFingerprint !== oldFingerprint)
            state = null;
        if (state)
            await checkResume(clients, state, names, pair, oldFingerprint);
        report.resumed = state !== null;
        report.previousStep = state?.step ?? null;
        // The key removed from hosts is the one EC2 holds for the pair when EC2
        // says (a scan report is input, and an EC2 fingerprint match alone does not
        // prove the report's public key); a report that disagrees is refused.
        const current = pair.matchedBy === ROTATED_EARLIER ? null : pair.publicKey;
        if (current &&
            evidence.fingerprint &&
            pair.fingerprint &&
            pair.fingerprint !== evidence.fingerprint) {
            throw new rotate_RotationError(`the finding's key (${evidence.fingerprint}) is not the key EC2 holds for ${pair.keyName} (${pair.fingerprint}): refusing to remove it from hosts`);
        }
        const oldKeyBlobs = state?.oldKeyBlobs ?? keyBlobs(current ?? evidence.publicKey);
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
            ready = pickUpdates(probe.ready, probe.results, reports, options);
            await lock.assertHeld();
            state = await takeCustody(clients, pair, names, oldFingerprint, oldKeyBlobs, probe.keyType, options);
            await writeState(clients.ssm, names.state, state, options.kmsKeyId);
            options.onStep?.('custody');
        }
        else {
            options.log(`resuming the rotation of ${pair.keyName} to ${state.newKey.fingerprint} (last step: ${state.step})`);
            const swept = await sweepHosts(clients, ready, reports, state.oldKeyBlobs, state.newKey.publicKeyLine, options);
            ready = pickUpdates(ready, swept, reports, options);
        }
        report.newKey = { ...state.newKey };
        if (leak) {
            // Before any host changes: every instance the key opens, open until proven clean.
            const pending = [
                ...reports.values(),
                ...plannedReports(ready.filter((target) => !reports.has(target.instanceId))),
            ];
            noteHosts(leak.record, pending, pair.keyName, gone);
            await writeLeakRecord(clients.ssm, options.parameterPath, leak.record);
        }
        await updateHosts(clients, ready, reports, state.oldKeyBlobs, state.newKey.publicKeyLine, options, between(lock));
        report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
        if (leak) {
            noteHosts(leak.record, report.hosts, pair.keyName, gone);
            settlePair(leak.record, clients.region, pair.keyName);
            await writeLeakRecord(clients.ssm, options.parameterPath, leak.record);
        }
        await lock.assertHeld();
        state = { ...state, step: state.step === 'custody' ? 'hosts' : state.step };
        await writeState(clients.ssm, names.state, state, options.kmsKeyId);
        options.onStep?.('hosts');
        // New launches must not trust the leaked key, whatever the hosts said: the
        // leak record keeps the instances that still do.
        await lock.assertHeld();
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
        await writeState(clients.ssm, names.state, { ...state, step: 'done' }, options.kmsKeyId);
        options.onStep?.('published');
        options.onStep?.('done');
        return report;
    }
    finally {
        await lock.release();
    }
}
/**
 * Goes back to the instances of an open leak that still hold the leaked key,
 * with the key pair's current key (the one in custody, which must be the key
 * EC2 holds for the pair): a read-only sweep, then add, verify and revoke only
 * where the leaked key is still found. No new key, no change to the key pair.
 */
async function convergeLeak(clients, keyName, leak, options) {
    const names = (0,parameters/* parameterNames */.u6)(options.parameterPath, keyName);
    const recorded = Object.entries(leak.record.instances)
        .filter(([, instance]) => instance.region === clients.region && instance.keyName === keyName)
        .map(([id]) => id);
    const { targets, gone } = await findTargets(clients, keyName, options.targetTag, recorded);
    const report = {
        leakedFingerprint: leak.record.fingerprint,
        keyName,
        region: clients.region,
        matchedBy: OPEN_LEAK,
        dryRun: options.dryRun,
        resumed: true,
        previousStep: 'done',
        newKey: null,
        hosts: plannedReports(targets),
        published: null,
    };
    if (options.dryRun)
        return report;
    const lock = await takeLock(clients, names, options);
    try {
        const current = await custodyKey(clients, names.privateKey, null);
        const [pair] = await listKeyPairs(clients, [keyName]).catch(() => []);
        if (!current || !pair?.publicKey || typeAndBlob(pair.publicKey) !== current.publicKey) {
            throw new rotate_RotationError(`the leaked key ${leak.record.fingerprint} still opens instances of ${keyName}, but the pair's current key is not the one in custody (${names.privateKey}): rotate the pair (rotate --key-pair ${keyName}) so a key in custody can replace it`);
        }
        const state = await readState(clients.ssm, names.state);
        report.newKey = {
            publicKeyLine: `${current.publicKey} ec2-key-rotate ${keyName}`,
            fingerprint: current.fingerprint,
            parameterName: names.privateKey,
            parameterVersion: state?.newKey.fingerprint === current.fingerprint ? state.newKey.parameterVersion : 0,
        };
        const reports = new Map();
        for (const target of targets.filter((candidate) => candidate.readiness !== 'ready'))
            reports.set(target.instanceId, skipped(target));
        const ready = targets.filter((target) => target.readiness === 'ready');
        const swept = await sweepHosts(clients, ready, reports, leak.record.blobs, report.newKey.publicKeyLine, options);
        const update = pickUpdates(ready, swept, reports, options);
        await updateHosts(clients, update, reports, leak.record.blobs, report.newKey.publicKeyLine, options, between(lock));
        report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
        noteHosts(leak.record, report.hosts, keyName, gone);
        settlePair(leak.record, clients.region, keyName);
        await lock.assertHeld();
        await writeLeakRecord(clients.ssm, options.parameterPath, leak.record);
        return report;
    }
    finally {
        await lock.release();
    }
}
/** matchedBy for a key pair reached through an open leak record. */
const OPEN_LEAK = 'an open leak record (instances still to clean)';

;// CONCATENATED MODULE: ./src/aws/engine.ts








/** The leak is settled: no known instance still accepts the key. */
function leaksOpen(result) {
    return result.leaks.filter((leak) => leak.status === 'open');
}
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
/** A key pair known from our own records rather than from DescribeKeyPairs. */
function knownPair(region, keyName, fingerprint, matchedBy, extra = {}) {
    return {
        region,
        keyPairId: '',
        keyName,
        keyType: '',
        ec2Fingerprint: '',
        publicKey: extra.publicKey ?? null,
        fingerprint,
        createTime: null,
        tags: extra.tags ?? {},
        matchedBy,
    };
}
/** `type blob` for a base64 SSH public key blob (its first field names the type); null if not one. */
function publicKeyOfBlob(blob) {
    const bytes = Buffer.from(blob, 'base64');
    if (bytes.length < 4)
        return null;
    const length = bytes.readUInt32BE(0);
    const type = bytes.subarray(4, 4 + length).toString('latin1');
    return length > 0 && length < 64 && /^[a-z0-9@.-]+$/.test(type) ? `${type} ${blob}` : null;
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
            found.push(knownPair(clients.region, state.keyName, state.oldFingerprint, INTERRUPTED, {
                // The retired pair's key, so publishing can put it back if the import fails.
                publicKey: publicKeyOfBlob(state.oldKeyBlobs[0] ?? ''),
                tags: state.oldTags ?? {},
            }));
        }
    }
    return found;
}
/**
 * Key pairs an open leak record lists for this key: after a purge of the
 * history, a second rotation or a rename, the record still knows them.
 */
async function recordedPairs(regions, config, fingerprint) {
    const found = [];
    for (const clients of regions) {
        const record = await readLeakRecord(clients.ssm, config.parameterPath, fingerprint);
        if (!record || record.status !== 'open')
            continue;
        for (const pair of record.pairs.filter((entry) => entry.region === clients.region)) {
            found.push(knownPair(clients.region, pair.keyName, fingerprint, OPEN_LEAK));
        }
    }
    return found;
}
async function selectPairs(regions, request, config, result) {
    const selected = [];
    if (request.kind === 'open-leaks')
        return selected;
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
                matches.push(...(await recordedPairs(regions, config, finding.fingerprint)));
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
    const regions = config.regions.map((region) => (0,clients/* regionClients */.dF)(region, credentials));
    const result = { unmatched: [], rotations: [], errors: [], leaks: [] };
    // One record per leaked key and region, loaded once and shared by its rotations.
    const records = new Map();
    const recordFor = async (clients, evidence) => {
        if (!evidence.fingerprint || !evidence.publicKey)
            return null;
        const id = `${clients.region} ${evidence.fingerprint}`;
        let record = records.get(id);
        if (!record) {
            record =
                (await readLeakRecord(clients.ssm, config.parameterPath, evidence.fingerprint)) ??
                    newLeakRecord(evidence.fingerprint, [evidence.publicKey.split(/\s+/)[1] ?? '']);
            records.set(id, record);
        }
        return record;
    };
    const attempt = async (clients, keyName, fingerprint, work) => {
        try {
            result.rotations.push(await work());
        }
        catch (error) {
            result.errors.push({
                keyName,
                region: clients.region,
                message: error.message,
                leakedFingerprint: fingerprint,
            });
        }
    };
    try {
        for (const { clients, pair, evidence } of await selectPairs(regions, request, config, result)) {
            const record = request.kind === 'findings' ? await recordFor(clients, evidence) : null;
            if (!record) {
                await attempt(clients, pair.keyName, evidence.fingerprint, () => rotateKeyPair(clients, pair, evidence, config));
                continue;
            }
            // The pair is on record before anything else happens: a run that fails
            // from here on leaves the leak open, for the next run to come back to.
            notePair(record, clients.region, pair.keyName);
            if (!config.dryRun) {
                try {
                    await writeLeakRecord(clients.ssm, config.parameterPath, record);
                }
                catch (error) {
                    result.errors.push({
                        keyName: pair.keyName,
                        region: clients.region,
                        message: `cannot record the leak (${error.message}); nothing was changed`,
                        leakedFingerprint: evidence.fingerprint,
                    });
                    continue;
                }
            }
            // A pair already rotated away from this key (or known only to the record):
            // go back to its instances with the pair's current key, unless the
            // rotation away from this very key is what is to be resumed.
            const laterKey = (pair.matchedBy === ROTATED_EARLIER || pair.matchedBy === OPEN_LEAK) &&
                (await readState(clients.ssm, (0,parameters/* parameterNames */.u6)(config.parameterPath, pair.keyName).state)
                    .then((state) => state?.oldFingerprint !== evidence.fingerprint)
                    .catch(() => true));
            await attempt(clients, pair.keyName, evidence.fingerprint, () => laterKey
                ? convergeLeak(clients, pair.keyName, { record }, config)
                : rotateKeyPair(clients, pair, evidence, config, { record }));
        }
        // Every run goes back to the leaks still open, whatever it was asked.
        const handled = new Set(records.keys());
        for (const clients of regions) {
            let open = [];
            try {
                open = await openLeakRecords(clients.ssm, config.parameterPath);
            }
            catch (error) {
                result.errors.push({
                    keyName: '(leak records)',
                    region: clients.region,
                    message: error.message,
                });
            }
            for (const record of open) {
                const id = `${clients.region} ${record.fingerprint}`;
                if (handled.has(id))
                    continue;
                records.set(id, record);
                const pairs = record.pairs.filter((pair) => pair.region === clients.region);
                for (const { keyName } of pairs) {
                    await attempt(clients, keyName, record.fingerprint, () => convergeLeak(clients, keyName, { record }, config));
                }
            }
        }
        for (const [id, record] of records) {
            const region = id.split(' ')[0];
            const openInstances = Object.entries(record.instances)
                .filter(([, instance]) => instance.status === 'open')
                .map(([instanceId]) => instanceId)
                .sort();
            const failed = result.errors.some((error) => error.leakedFingerprint === record.fingerprint && error.region === region);
            result.leaks.push({
                fingerprint: record.fingerprint,
                region,
                status: isOpen(record) || failed ? 'open' : 'closed',
                openInstances,
            });
        }
    }
    finally {
        (0,clients/* destroyClients */.Fj)(regions);
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
        // The version this rotation recorded, never whatever was written since.
        const { parameterName, parameterVersion } = rotation.newKey;
        const value = await readParameter(clients.ssm, parameterVersion > 0 ? `${parameterName}:${parameterVersion}` : parameterName, true);
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

// EXTERNAL MODULE: ./src/report/log-escape.ts
var log_escape = __webpack_require__(1582);
;// CONCATENATED MODULE: ./src/report/rotation.ts

const q = log_escape/* quoteForLog */.I5;
const e = log_escape/* escapeLogLine */._P;
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
        lines.push(`${rotation.dryRun ? 'Plan for' : 'Rotation of'} key pair ${q(rotation.keyName)} (${q(rotation.region)}), matched by ${e(rotation.matchedBy)}` +
            (rotation.resumed ? ', resumed' : ''));
        if (rotation.newKey) {
            lines.push(`  new key ${rotation.newKey.fingerprint}, private key in ${q(rotation.newKey.parameterName)} (version ${rotation.newKey.parameterVersion})`);
        }
        lines.push(`  instances: ${rotation.hosts.length}${[...counts].map(([outcome, n]) => `, ${n} ${OUTCOME_TEXT[outcome]}`).join('')}`);
        for (const host of rotation.hosts) {
            lines.push(`  - ${q(host.instanceId)}${host.name ? ` (${q(host.name)})` : ''}: ${OUTCOME_TEXT[host.outcome]}: ${e(host.reason)}`);
            for (const way of host.waysBack)
                lines.push(`      way back: ${e(way)}`);
        }
        if (rotation.published) {
            lines.push(`  EC2 key pair ${q(rotation.published.keyName)} now holds the new key` +
                (rotation.published.retired
                    ? `; leaked pair ${q(rotation.published.retired)} retired`
                    : ''));
        }
        lines.push('');
    }
    for (const entry of result.unmatched)
        lines.push(`No key pair matched ${q(entry.id)}: ${e(entry.reason)}`);
    for (const entry of result.errors)
        lines.push(`Error for ${q(entry.keyName)} (${q(entry.region)}): ${e(entry.message)}`);
    for (const leak of result.leaks) {
        lines.push(leak.status === 'open'
            ? `Leak ${leak.fingerprint} (${leak.region}) is still open: ${leak.openInstances.length} instance(s) may still accept the key (${leak.openInstances.slice(0, 10).map(q).join(', ')}${leak.openInstances.length > 10 ? ', …' : ''}); every run goes back to them`
            : `Leak ${leak.fingerprint} (${leak.region}) is closed: no instance it opened accepts it any more`);
    }
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

// EXTERNAL MODULE: ./src/validate.ts
var validate = __webpack_require__(397);
;// CONCATENATED MODULE: ./src/commands/rotate.ts








/**
 * Every flag checked by the validator the action uses too (src/validate.ts),
 * before the scan file is read, credentials are resolved or AWS is called.
 */
function settingsOf(options) {
    const given = [options.keyPair, options.fromScan, options.maxKeyAge].filter((value) => value !== undefined).length;
    if (given !== 1)
        throw new validate/* ConfigError */.xL('name exactly one of --key-pair NAME, --from-scan FILE or --max-key-age DAYS');
    const settings = (0,validate/* validateRotationInputs */.ms)({
        regions: options.region ?? [],
        keyPairs: options.keyPair ?? [],
        maxKeyAge: options.maxKeyAge ?? null,
        users: options.user ?? [],
        parameterPath: options.parameterPath ?? null,
        targetTag: options.targetTag ?? '',
        kmsKeyId: options.kmsKeyId ?? '',
        keyType: options.keyType ?? '',
        newKeyPairName: options.newKeyPairName ?? null,
        ssmDocument: options.ssmDocument ?? '',
    }, 'cli');
    if (!settings.regions.length) {
        // The SDK's own setting, checked like a flag.
        const fallback = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
        if (!fallback)
            throw new validate/* ConfigError */.xL('no AWS region: name --region or set AWS_REGION');
        settings.regions = [
            (0,validate/* region */.Ny)(fallback, process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION'),
        ];
    }
    return settings;
}
async function requestOf(options, settings) {
    if (options.keyPair)
        return { kind: 'key-pairs', names: settings.keyPairs };
    if (settings.maxKeyAge !== null)
        return { kind: 'scheduled', maxKeyAgeDays: settings.maxKeyAge };
    const file = options.fromScan;
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new validate/* ConfigError */.xL(`cannot read scan results from ${file}: ${error.message.split('\n')[0]}`);
    }
    return { kind: 'findings', findings: (0,validate/* parseScanReport */.B1)(text, file) };
}
/**
 * `plan` and `rotate`. Exit 0: done (plan: every key matched); 1: a host failed or was
 * skipped, a key matched no pair, or a key pair could not be rotated.
 */
async function runRotateCommand(options, plan) {
    const settings = settingsOf(options);
    const request = await requestOf(options, settings);
    const config = {
        regions: settings.regions,
        credentials: { kind: 'default' },
        targetTag: settings.targetTag,
        parameterPath: settings.parameterPath,
        kmsKeyId: settings.kmsKeyId,
        newKeyType: settings.keyType,
        extraUsers: settings.users,
        newKeyPairName: settings.newKeyPairName,
        dryRun: plan || Boolean(options.dryRun),
        run: { ...DEFAULT_RUN_OPTIONS, ssmDocument: settings.ssmDocument },
        runId: `cli-${(0,external_node_crypto_.randomUUID)()}`,
        lockTtlMs: 30 * 60_000,
        breakLock: Boolean(options.breakLock),
        log: (line) => process.stderr.write(`${(0,log_escape/* escapeLogLine */._P)(line)}\n`),
    };
    const result = await runRotation(request, config);
    process.stdout.write(options.format === 'json' ? rotationJson(result) : rotationText(result));
    // A skipped instance (no agent, stopped, Windows) may still accept the leaked key: not done.
    const incomplete = result.errors.length > 0 ||
        result.unmatched.length > 0 ||
        (!plan &&
            (result.rotations.some((rotation) => rotation.hosts.some((host) => needsAttention(host.outcome))) ||
                // A leak stays open while any instance it opened may still accept it.
                result.leaks.some((leak) => leak.status === 'open')));
    return incomplete ? 1 : 0;
}


/***/ })

};
