export const id = 221;
export const ids = [221,910,898];
export const modules = {

/***/ 3221:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  updateSecret: () => (/* binding */ updateSecret)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 17 modules
var core = __webpack_require__(3491);
// EXTERNAL MODULE: ./.build/js/src/aws/engine.js + 1 modules
var aws_engine = __webpack_require__(5898);
// EXTERNAL MODULE: ./.build/js/src/github/client.js
var client = __webpack_require__(6910);
// EXTERNAL MODULE: ./node_modules/libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs + 1 modules
var libsodium_wrappers = __webpack_require__(4768);
// EXTERNAL MODULE: ./.build/js/src/github/errors.js
var errors = __webpack_require__(3130);
;// CONCATENATED MODULE: ./.build/js/src/github/secret.js
/**
 * Puts the new private key into the Actions secret that deploy workflows
 * read, so they keep working after a rotation. GitHub takes secrets only as
 * a libsodium sealed box for the scope's public key.
 */


/** `repository`, `environment:NAME` or `organization` (the repository's owner). */
function parseSecretScope(raw, owner) {
    const value = raw.trim();
    if (!value || value === 'repository')
        return { kind: 'repository' };
    if (value === 'organization' || value === 'org')
        return { kind: 'organization', org: owner };
    const environment = /^environment:(.+)$/.exec(value)?.[1]?.trim();
    return environment ? { kind: 'environment', environment } : null;
}
async function sealSecret(value, publicKeyBase64) {
    await libsodium_wrappers/* default.ready */.Ay.ready;
    const key = libsodium_wrappers/* default.from_base64 */.Ay.from_base64(publicKeyBase64, libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL);
    const sealed = libsodium_wrappers/* default */.Ay.crypto_box_seal(libsodium_wrappers/* default.from_string */.Ay.from_string(value), key);
    return libsodium_wrappers/* default.to_base64 */.Ay.to_base64(sealed, libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL);
}
function describeScope(scope) {
    return scope.kind === 'repository'
        ? 'repository'
        : scope.kind === 'environment'
            ? `environment ${scope.environment}`
            : `organization ${scope.org}`;
}
/** The visibility of an existing organization secret, or null when there is none. */
async function orgSecretVisibility(github, org, name) {
    try {
        return (await github.rest.actions.getOrgSecret({ org, secret_name: name })).data.visibility;
    }
    catch (error) {
        if (error.status === 404)
            return null;
        throw error;
    }
}
/**
 * The repository's numeric id: GITHUB_REPOSITORY_ID, which the runner sets for
 * the repository in GITHUB_REPOSITORY, or else GET /repos/{owner}/{repo} (any
 * token with access to the repository may read it).
 */
async function repositoryIdOf(github, repository, env = process.env) {
    const id = Number(env.GITHUB_REPOSITORY_ID);
    const same = (env.GITHUB_REPOSITORY ?? '').toLowerCase() ===
        `${repository.owner}/${repository.repo}`.toLowerCase();
    if (same && Number.isSafeInteger(id) && id > 0)
        return id;
    return (await github.rest.repos.get({ ...repository })).data.id;
}
/** Every repository an organization secret with visibility `selected` is shared with. */
async function selectedRepositoryIds(github, org, name) {
    const repositories = await github.paginate(github.rest.actions.listSelectedReposForOrgSecret, {
        org,
        secret_name: name,
        per_page: 100,
    });
    return repositories.map((repository) => repository.id);
}
/**
 * Writes an organization secret so that this repository can read it, and
 * widens nobody else's access:
 *
 * - a new secret is `selected` with exactly this repository (never `private`,
 *   which would hand the private key to every private repository of the
 *   organization, nor `all`);
 * - an existing `selected` secret keeps every repository it had and gains
 *   this one. GitHub takes a write without `selected_repository_ids` as "no
 *   repositories", so the current list is read and sent back whole;
 * - an existing `private` or `all` secret keeps that visibility: someone chose
 *   it for other repositories' deploys, and narrowing it would break them.
 *   Such a secret has no list to add to (GitHub answers 409), and this
 *   repository already reads it unless it is public and the secret `private`.
 */
async function updateOrgSecret(github, repository, org, name, value, options) {
    const { data: key } = await github.rest.actions.getOrgPublicKey({ org });
    const visibility = await orgSecretVisibility(github, org, name);
    const sealed = {
        org,
        secret_name: name,
        encrypted_value: await sealSecret(value, key.key),
        key_id: key.key_id,
    };
    if (visibility === 'all' || visibility === 'private') {
        const response = await github.rest.actions.createOrUpdateOrgSecret({ ...sealed, visibility });
        return response.status === 201 ? 'created' : 'updated';
    }
    const id = options.repositoryId ?? (await repositoryIdOf(github, repository, options.env));
    const ids = visibility === 'selected' ? await selectedRepositoryIds(github, org, name) : [];
    if (!ids.includes(id))
        ids.push(id);
    const response = await github.rest.actions.createOrUpdateOrgSecret({
        ...sealed,
        visibility: 'selected',
        selected_repository_ids: ids,
    });
    return response.status === 201 ? 'created' : 'updated';
}
/** Creates or updates the secret; returns which. */
async function updateActionsSecret(github, repository, scope, name, value, options = {}) {
    try {
        if (scope.kind === 'repository') {
            const { data: key } = await github.rest.actions.getRepoPublicKey({ ...repository });
            const response = await github.rest.actions.createOrUpdateRepoSecret({
                ...repository,
                secret_name: name,
                encrypted_value: await sealSecret(value, key.key),
                key_id: key.key_id,
            });
            return response.status === 201 ? 'created' : 'updated';
        }
        if (scope.kind === 'environment') {
            const { data: key } = await github.rest.actions.getEnvironmentPublicKey({
                ...repository,
                environment_name: scope.environment,
            });
            const response = await github.rest.actions.createOrUpdateEnvironmentSecret({
                ...repository,
                environment_name: scope.environment,
                secret_name: name,
                encrypted_value: await sealSecret(value, key.key),
                key_id: key.key_id,
            });
            return response.status === 201 ? 'created' : 'updated';
        }
        return await updateOrgSecret(github, repository, scope.org, name, value, options);
    }
    catch (error) {
        throw (0,errors/* explainGitHubError */.Pm)(error, `update the ${describeScope(scope)} secret ${name}`, errors/* SECRETS_PERMISSION */.C0);
    }
}

// EXTERNAL MODULE: ./.build/js/src/report/log-escape.js
var log_escape = __webpack_require__(8136);
;// CONCATENATED MODULE: ./.build/js/src/action/secret.js
/** After a rotation: the new private key, from custody into the Actions secret deploy workflows read. */





async function updateSecret(config, context, repository, engine, credentials) {
    const name = config.secret.name;
    if (!name || config.dryRun)
        return null;
    // A rotation an earlier run finished already put its key in the secret.
    const rotated = engine.rotations.filter((rotation) => rotation.newKey && rotation.previousStep !== 'done');
    if (!rotated.length)
        return null;
    if (rotated.length > 1) {
        throw new Error(`actions-secret-name ${name}: ${rotated.length} key pairs got new keys (${rotated.map((r) => r.keyName).join(', ')}); a secret can hold one: name one key pair with key-pairs`);
    }
    const scope = parseSecretScope(config.secret.scope, repository.owner);
    if (!scope)
        throw new Error(`input actions-secret-scope must be repository, environment:NAME or organization, got "${config.secret.scope}"`);
    const value = await (0,aws_engine/* readNewPrivateKey */.Pc)(rotated[0], credentials, (secret) => core/* setSecret */.Pq(secret));
    const github = (0,client.githubClient)({
        token: config.secret.token ?? '',
        baseUrl: context.apiUrl,
        log: (line) => core/* warning */.$e((0,log_escape/* escapeLogLine */._P)(line)),
        debug: (line) => core/* debug */.Yz((0,log_escape/* escapeLogLine */._P)(line)),
    });
    const how = await updateActionsSecret(github, repository, scope, name, value);
    core/* info */.pq(`Actions secret ${(0,log_escape/* quoteForLog */.I5)(name)} ${how} with the new private key`);
    return name;
}


/***/ }),

/***/ 5898:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Pc: () => (/* binding */ readNewPrivateKey),
  runRotation: () => (/* binding */ runRotation)
});

// UNUSED EXPORTS: INTERRUPTED, leaksOpen

// EXTERNAL MODULE: ./.build/js/src/aws/clients.js
var aws_clients = __webpack_require__(8683);
// EXTERNAL MODULE: ./.build/js/src/aws/credentials.js
var aws_credentials = __webpack_require__(3249);
// EXTERNAL MODULE: ./.build/js/src/aws/key-pairs.js
var key_pairs = __webpack_require__(3580);
// EXTERNAL MODULE: ./.build/js/src/aws/leaks.js
var leaks = __webpack_require__(483);
// EXTERNAL MODULE: ./.build/js/src/aws/rotate.js
var rotate = __webpack_require__(2468);
// EXTERNAL MODULE: ./.build/js/src/aws/lock.js
var aws_lock = __webpack_require__(108);
// EXTERNAL MODULE: ./.build/js/src/aws/offline/recover.js + 7 modules
var recover = __webpack_require__(7878);
// EXTERNAL MODULE: ./.build/js/src/aws/parameters.js
var parameters = __webpack_require__(5443);
// EXTERNAL MODULE: ./.build/js/src/aws/state.js
var aws_state = __webpack_require__(5230);
// EXTERNAL MODULE: ./.build/js/src/aws/tags.js
var tags = __webpack_require__(3450);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: ./.build/js/src/aws/errors.js
var errors = __webpack_require__(8247);
// EXTERNAL MODULE: ./.build/js/src/aws/host/document.js
var host_document = __webpack_require__(3317);
// EXTERNAL MODULE: ./.build/js/src/aws/instances.js
var instances = __webpack_require__(7383);
// EXTERNAL MODULE: ./.build/js/src/aws/parameter-names.js
var parameter_names = __webpack_require__(7205);
;// CONCATENATED MODULE: ./.build/js/src/aws/keyless.js
/**
 * Keyless mode (seed 002's conclusion: hand out no long-lived keys). For a
 * leaked or named key pair: the old key is removed from every file sshd
 * reads on each instance that is SSM-online (the host script's `keyless`
 * phase, fail closed as revoke is), no new key is installed, and the EC2 key
 * pair is deleted instead of replaced. People log in through Session Manager
 * (`aws ssm start-session`), or EC2 Instance Connect where the instance has
 * it. An instance SSM cannot reach is never made keyless (it would become
 * unreachable): it keeps its key and is reported with the ways back.
 *
 * A scheduled run in keyless mode also reports every instance that still
 * has a key: launched with a key pair that EC2 still holds, or an
 * authorized_keys with keys for one of the AMIs' default users (the
 * `inventory` phase, read-only).
 */








/**
 * The login users of the common Linux AMIs (the EC2 user guide's list:
 * Amazon Linux, RHEL, SUSE, Oracle, FreeBSD and AlmaLinux ec2-user; Ubuntu
 * ubuntu; Debian admin; CentOS centos; Fedora fedora; Rocky rocky; Bitnami
 * bitnami), Debian's cloud images' debian, and root (cloud-init puts the
 * launch key there behind a "Please login as" command).
 */
const DEFAULT_USERS = [
    'ec2-user',
    'ubuntu',
    'admin',
    'debian',
    'centos',
    'fedora',
    'rocky',
    'almalinux',
    'bitnami',
    'root',
];
/** How people log in to an instance without a key pair. */
function sessionCommand(instanceId, region) {
    return `aws ssm start-session --target ${instanceId} --region ${region}`;
}
function instanceConnectCommand(instanceId, region) {
    return `aws ec2-instance-connect ssh --instance-id ${instanceId} --region ${region}`;
}
const INSTANCE_CONNECT = 'EC2 Instance Connect';
/** What the keyless phase says of one host. */
function keylessReport(target, result) {
    const base = {
        instanceId: target.instanceId,
        region: target.region,
        name: target.name,
        waysBack: [],
    };
    const notes = result.messages.length ? ` (${result.messages.join('; ')})` : '';
    if (result.status === 'incomplete') {
        return {
            ...base,
            outcome: 'incomplete',
            phase: 'keyless',
            reason: `${result.removed ? `old key removed from ${result.old - result.kept} file(s), ` : ''}but not everywhere: ${result.messages.join('; ') || 'some file could not be checked'}`,
        };
    }
    return {
        ...base,
        outcome: result.removed > 0 ? 'rotated' : 'no-old-key',
        phase: null,
        reason: result.removed > 0
            ? `keyless: old key removed from every file sshd reads, no new key (log in with Session Manager)${notes}`
            : `no file sshd reads held the old key; nothing added (log in with Session Manager)${notes}`,
    };
}
/** An instance SSM cannot reach keeps its key: keyless there would lock everyone out. */
function notMadeKeyless(target) {
    const report = (0,rotate/* skipped */.hT)(target);
    if (target.readiness === 'windows')
        return report;
    return {
        ...report,
        reason: `${instances/* READINESS_TEXT */.$y[target.readiness]}: not made keyless (Session Manager cannot reach it, so it would become unreachable); it keeps the old key`,
    };
}
/**
 * The keyless change for one key pair: the keyless phase on every SSM-online
 * instance, the pair deleted from EC2 when it still holds the old key. Used
 * for a leaked or named pair (`pair` given) and for an open leak that a
 * later run goes back to (`pair` null: the pair may be gone already).
 */
async function keylessPair(clients, keyName, pair, oldKeyBlobs, leakedFingerprint, matchedBy, options, leak) {
    const names = (0,parameter_names/* parameterNames */.u6)(options.parameterPath, keyName);
    const recorded = leak
        ? Object.entries(leak.record.instances)
            .filter(([, instance]) => instance.region === clients.region && instance.keyName === keyName)
            .map(([id]) => id)
        : [];
    const { targets, gone } = await (0,instances/* findTargets */.q8)(clients, keyName, options.targetTag, recorded);
    const report = {
        leakedFingerprint,
        keyName,
        region: clients.region,
        matchedBy,
        dryRun: options.dryRun,
        resumed: false,
        previousStep: null,
        newKey: null,
        hosts: (0,rotate/* plannedReports */.kD)(targets).map((host) => host.outcome === 'planned'
            ? { ...host, reason: 'SSM-managed and online: will be made keyless' }
            : notMadeKeyless(targets.find((target) => target.instanceId === host.instanceId))),
        published: null,
        keyless: { deletedKeyPairId: null, access: [] },
    };
    if (options.dryRun)
        return report;
    if (!oldKeyBlobs.length)
        throw new rotate/* RotationError */.FL(`cannot make ${keyName} keyless: neither the finding nor EC2 gives the old public key`);
    const lock = await (0,rotate/* takeLock */.HJ)(clients, names, options);
    try {
        const reports = new Map();
        for (const target of targets.filter((candidate) => candidate.readiness !== 'ready'))
            reports.set(target.instanceId, notMadeKeyless(target));
        const ready = targets.filter((target) => target.readiness === 'ready');
        if (leak) {
            // Before any host changes: every instance the key opens, open until proven clean.
            (0,rotate/* noteHosts */.w1)(leak.record, [...reports.values(), ...(0,rotate/* plannedReports */.kD)(ready)], keyName, gone);
            await (0,leaks/* writeLeakRecord */.ab)(clients.ssm, options.parameterPath, leak.record);
        }
        const byId = new Map(ready.map((target) => [target.instanceId, target]));
        if (ready.length) {
            await (0,rotate/* between */.Tq)(lock)();
            const script = (0,host_document/* hostCommand */.mm)({
                phase: 'keyless',
                oldKeyBlobs,
                newKeyLine: null,
                extraUsers: [],
            });
            const { answered } = await (0,rotate/* runPhase */.PF)(clients, 'keyless', ready.map((target) => target.instanceId), byId, reports, script, options);
            for (const [id, result] of answered) {
                const target = byId.get(id);
                reports.set(id, keylessReport(target, result));
                report.keyless?.access.push({
                    instanceId: id,
                    instanceConnect: result.messages.some((message) => message.includes(INSTANCE_CONNECT)),
                });
            }
        }
        report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
        if (leak) {
            (0,rotate/* noteHosts */.w1)(leak.record, report.hosts, keyName, gone);
            (0,leaks/* settlePair */.y5)(leak.record, clients.region, keyName);
            await (0,leaks/* writeLeakRecord */.ab)(clients.ssm, options.parameterPath, leak.record);
        }
        // New launches must not trust the old key: the pair goes, whatever the
        // hosts said (the leak record keeps the instances that still accept it).
        await lock.assertHeld();
        const [current] = await (0,key_pairs/* listKeyPairs */.lY)(clients, [keyName]).catch((error) => {
            if ((0,errors/* awsErrorName */.ZH)(error) === 'InvalidKeyPair.NotFound')
                return [];
            throw error;
        });
        const holdsOld = current?.publicKey
            ? oldKeyBlobs.includes((0,rotate/* keyBlobs */.oL)(current.publicKey)[0] ?? '')
            : Boolean(current && pair && current.keyPairId === pair.keyPairId);
        if (current && holdsOld) {
            await clients.ec2.send(new dist_cjs/* DeleteKeyPairCommand */.EWB({ KeyPairId: current.keyPairId }));
            if (report.keyless)
                report.keyless.deletedKeyPairId = current.keyPairId;
            options.log(`deleted EC2 key pair ${keyName} (${current.keyPairId}): launch templates and Auto Scaling groups that name it must drop the key name to launch again`);
        }
        return report;
    }
    finally {
        await lock.release();
    }
}
/** Keyless instead of rotateKeyPair: the old key removed from SSM-online instances, the pair deleted. */
async function makeKeyless(clients, pair, evidence, options, leak = null) {
    const current = pair.matchedBy === key_pairs/* ROTATED_EARLIER */.d8 ? null : pair.publicKey;
    if (current &&
        evidence.fingerprint &&
        pair.fingerprint &&
        pair.fingerprint !== evidence.fingerprint)
        throw new rotate/* RotationError */.FL(`the finding's key (${evidence.fingerprint}) is not the key EC2 holds for ${pair.keyName} (${pair.fingerprint}): refusing to remove it from hosts`);
    return keylessPair(clients, pair.keyName, pair, (0,rotate/* keyBlobs */.oL)(current ?? evidence.publicKey), evidence.fingerprint ?? pair.fingerprint, pair.matchedBy, options, leak);
}
/** Keyless instead of convergeLeak: back to an open leak's instances, removing the leaked key. */
async function keylessConverge(clients, keyName, leak, options) {
    return keylessPair(clients, keyName, null, leak.record.blobs, leak.record.fingerprint, rotate/* OPEN_LEAK */.Zo, options, leak);
}
async function liveInstanceIds(clients) {
    const ids = [];
    for await (const page of (0,dist_cjs/* paginateDescribeInstances */.H0T)({ client: clients.ec2 }, {
        Filters: [
            { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
        ],
        MaxResults: 1000,
    })) {
        for (const reservation of page.Reservations ?? [])
            for (const instance of reservation.Instances ?? [])
                if (instance.InstanceId)
                    ids.push(instance.InstanceId);
    }
    return ids;
}
/**
 * Every instance of the region that still has a key: launched with a key
 * pair EC2 still holds, or (SSM-online Linux instances, read-only) a file
 * sshd reads for a default user that holds any key.
 */
async function keyedInstances(clients, options) {
    const ids = await liveInstanceIds(clients);
    if (!ids.length)
        return [];
    const { targets } = await (0,instances/* findTargets */.q8)(clients, null, null, ids);
    const pairs = new Set((await (0,key_pairs/* listKeyPairs */.lY)(clients)).map((pair) => pair.keyName));
    const entries = new Map();
    for (const target of targets) {
        entries.set(target.instanceId, {
            instanceId: target.instanceId,
            region: clients.region,
            name: target.name,
            keyPair: target.keyName && pairs.has(target.keyName) ? target.keyName : null,
            keyFiles: [],
            unchecked: target.readiness === 'ready' || target.readiness === 'windows'
                ? null
                : instances/* READINESS_TEXT */.$y[target.readiness],
        });
    }
    const ready = targets.filter((target) => target.readiness === 'ready');
    if (ready.length) {
        const byId = new Map(ready.map((target) => [target.instanceId, target]));
        const failures = new Map();
        const { answered } = await (0,rotate/* runPhase */.PF)(clients, 'inventory', ready.map((target) => target.instanceId), byId, failures, (0,host_document/* hostCommand */.mm)({
            phase: 'inventory',
            oldKeyBlobs: [],
            newKeyLine: null,
            extraUsers: [...DEFAULT_USERS],
        }), options);
        for (const [id, failure] of failures) {
            const entry = entries.get(id);
            if (entry)
                entry.unchecked = failure.reason.replace(/: the old key is still in place$/, '');
        }
        for (const [id, result] of answered) {
            const entry = entries.get(id);
            if (!entry)
                continue;
            entry.keyFiles = result.messages.filter((message) => message.includes('holds SSH keys'));
            if (result.status === 'incomplete')
                entry.unchecked =
                    result.messages.filter((message) => !message.includes('holds SSH keys')).join('; ') ||
                        'some file could not be checked';
        }
    }
    return [...entries.values()]
        .filter((entry) => entry.keyPair || entry.keyFiles.length || entry.unchecked)
        .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

;// CONCATENATED MODULE: ./.build/js/src/aws/engine.js











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
    const rotated = pair.tags[tags/* TAG_ROTATED_AT */.p7];
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
        for (const state of await (0,aws_state/* unfinishedRotations */.Hi)(clients.ssm, config.parameterPath)) {
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
        const record = await (0,leaks/* readLeakRecord */.bO)(clients.ssm, config.parameterPath, fingerprint);
        if (!record || record.status !== 'open')
            continue;
        for (const pair of record.pairs.filter((entry) => entry.region === clients.region)) {
            found.push(knownPair(clients.region, pair.keyName, fingerprint, rotate/* OPEN_LEAK */.Zo));
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
            const matches = await (0,key_pairs/* findMatchingKeyPairs */.Ph)(regions, evidence);
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
        const pairs = await (0,key_pairs/* listKeyPairs */.lY)(clients);
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
                    scope: 'key-pair',
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
                evidence: (0,key_pairs/* evidenceFromPublicKey */.Uv)(pair.publicKey),
            });
        }
    }
    if (request.kind === 'key-pairs') {
        for (const name of request.names) {
            if (!selected.some((entry) => entry.pair.keyName === name)) {
                result.errors.push({
                    scope: 'key-pair',
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
 * Offline recoveries on record that no rotation of this run took up (a run
 * died, or `once` waits for the instance's next stop) are finished under
 * their key pair's lock: no instance is left stopped or with the recovery's
 * user data because the next run was asked something else.
 */
async function settleOffline(regions, config, result) {
    const handled = new Set(result.rotations.flatMap((rotation) => rotation.hosts.map((host) => host.instanceId)));
    for (const clients of regions) {
        try {
            const settled = await (0,recover/* settleOfflineRecords */.T3)(clients, {
                options: config.offlineRecovery ?? null,
                parameterPath: config.parameterPath,
                kmsKeyId: config.kmsKeyId,
                runId: config.runId,
                log: config.log,
            }, handled, async (keyName) => {
                try {
                    const lock = await (0,aws_lock/* acquireLock */.IZ)(clients.ssm, (0,parameters/* parameterNames */.u6)(config.parameterPath, keyName).lock, config.runId, config.lockTtlMs);
                    return {
                        tick: async () => {
                            await lock.assertHeld();
                            await lock.renew();
                        },
                        release: () => lock.release(),
                    };
                }
                catch (error) {
                    if (error instanceof aws_lock/* LockHeldError */.Rk)
                        return null;
                    throw error;
                }
            });
            for (const { instanceId, keyName, outcome } of settled) {
                config.log(`${instanceId}: offline recovery (${keyName}): ${outcome.reason}`);
                if (outcome.outcome === 'failed')
                    result.errors.push({
                        scope: 'key-pair',
                        keyName,
                        region: clients.region,
                        message: `${instanceId}: ${outcome.reason}`,
                    });
            }
        }
        catch (error) {
            result.errors.push({
                scope: 'run',
                keyName: null,
                region: clients.region,
                message: `offline recoveries on record: ${error.message}`,
            });
        }
    }
}
/**
 * Finds the key pairs a request names and rotates each (or, with dryRun,
 * plans). A failure in one key pair is recorded and the others go on.
 */
async function runRotation(request, config) {
    if (!config.regions.length)
        throw new rotate/* RotationError */.FL('no AWS region: set aws-regions (or AWS_REGION)');
    const credentials = await (0,aws_credentials/* resolveCredentials */.z)(config.credentials);
    const regions = config.regions.map((region) => (0,aws_clients/* regionClients */.dF)(region, credentials));
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
                (await (0,leaks/* readLeakRecord */.bO)(clients.ssm, config.parameterPath, evidence.fingerprint)) ??
                    (0,leaks/* newLeakRecord */.FT)(evidence.fingerprint, [evidence.publicKey.split(/\s+/)[1] ?? '']);
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
                scope: 'key-pair',
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
                await attempt(clients, pair.keyName, evidence.fingerprint, () => config.keyless
                    ? makeKeyless(clients, pair, evidence, config)
                    : (0,rotate/* rotateKeyPair */.Bk)(clients, pair, evidence, config));
                continue;
            }
            // The pair is on record before anything else happens: a run that fails
            // from here on leaves the leak open, for the next run to come back to.
            (0,leaks/* notePair */.fj)(record, clients.region, pair.keyName);
            if (!config.dryRun) {
                try {
                    await (0,leaks/* writeLeakRecord */.ab)(clients.ssm, config.parameterPath, record);
                }
                catch (error) {
                    result.errors.push({
                        scope: 'key-pair',
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
            const laterKey = (pair.matchedBy === key_pairs/* ROTATED_EARLIER */.d8 || pair.matchedBy === rotate/* OPEN_LEAK */.Zo) &&
                (await (0,aws_state/* readState */.un)(clients.ssm, (0,parameters/* parameterNames */.u6)(config.parameterPath, pair.keyName).state)
                    .then((state) => state?.oldFingerprint !== evidence.fingerprint)
                    .catch(() => true));
            await attempt(clients, pair.keyName, evidence.fingerprint, () => config.keyless
                ? laterKey
                    ? keylessConverge(clients, pair.keyName, { record }, config)
                    : makeKeyless(clients, pair, evidence, config, { record })
                : laterKey
                    ? (0,rotate/* convergeLeak */.DI)(clients, pair.keyName, { record }, config)
                    : (0,rotate/* rotateKeyPair */.Bk)(clients, pair, evidence, config, { record }));
        }
        // Every run goes back to the leaks still open, whatever it was asked.
        const handled = new Set(records.keys());
        for (const clients of regions) {
            let open = [];
            try {
                open = await (0,leaks/* openLeakRecords */.Ej)(clients.ssm, config.parameterPath);
            }
            catch (error) {
                result.errors.push({
                    scope: 'leak-records',
                    keyName: null,
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
                    await attempt(clients, keyName, record.fingerprint, () => config.keyless
                        ? keylessConverge(clients, keyName, { record }, config)
                        : (0,rotate/* convergeLeak */.DI)(clients, keyName, { record }, config));
                }
            }
        }
        if (!config.dryRun)
            await settleOffline(regions, config, result);
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
                status: (0,leaks/* isOpen */.nT)(record) || failed ? 'open' : 'closed',
                openInstances,
            });
        }
        if (config.keyless && request.kind === 'scheduled' && !config.dryRun) {
            result.keyed = [];
            for (const clients of regions) {
                try {
                    result.keyed.push(...(await keyedInstances(clients, config)));
                }
                catch (error) {
                    result.errors.push({
                        scope: 'run',
                        keyName: null,
                        region: clients.region,
                        message: `cannot list the instances that still have keys: ${error.message}`,
                    });
                }
            }
        }
    }
    finally {
        (0,aws_clients/* destroyClients */.Fj)(regions);
    }
    return result;
}
/**
 * The new private key of a finished rotation, read back from custody
 * (for the Actions secret). `mask` sees every line before it is returned.
 */
async function readNewPrivateKey(rotation, credentials, mask) {
    if (!rotation.newKey)
        throw new rotate/* RotationError */.FL(`the rotation of ${rotation.keyName} made no new key`);
    const clients = (0,aws_clients/* regionClients */.dF)(rotation.region, await (0,aws_credentials/* resolveCredentials */.z)(credentials));
    try {
        // The version this rotation recorded, never whatever was written since.
        const { parameterName, parameterVersion } = rotation.newKey;
        const value = await (0,parameters/* readParameter */.sv)(clients.ssm, parameterVersion > 0 ? `${parameterName}:${parameterVersion}` : parameterName, true);
        if (!value)
            throw new rotate/* RotationError */.FL(`${rotation.newKey.parameterName} is empty or gone`);
        mask(value);
        for (const line of value.split('\n'))
            if (line.trim())
                mask(line.trim());
        return value;
    }
    catch (error) {
        if (error instanceof rotate/* RotationError */.FL)
            throw error;
        throw new rotate/* RotationError */.FL(`cannot read the new private key back from ${rotation.newKey.parameterName} (needs ssm:GetParameter and kms:Decrypt): ${error.message}`);
    }
    finally {
        (0,aws_clients/* destroyClients */.Fj)([clients]);
    }
}


/***/ }),

/***/ 6910:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubClient: () => (/* binding */ githubClient)
/* harmony export */ });
/* unused harmony export GitHubClient */
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6856);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1267);



/**
 * Octokit with the throttling plugin (waits out primary and secondary rate
 * limits, spaces writes a second apart as GitHub asks) and the retry plugin
 * (5xx and network errors). Client errors are not retried: they need a fix,
 * not patience.
 */
const GitHubClient = _octokit_rest__WEBPACK_IMPORTED_MODULE_0__/* .Octokit */ .E.plugin(_octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_1__/* .throttling */ .A, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L);
function githubClient(options) {
    const limit = options.maxRateLimitRetries ?? 3;
    return new GitHubClient({
        auth: options.token,
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        userAgent: 'ec2-key-rotate',
        // Octokit's own request log (a 404 for a label not yet created is expected): debug only.
        log: { debug: options.debug, info: options.debug, warn: options.debug, error: options.debug },
        throttle: {
            onRateLimit: (retryAfter, request, _octokit, retryCount) => {
                options.log(`GitHub rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`);
                return retryCount < limit;
            },
            onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
                options.log(`GitHub secondary rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`);
                return retryCount < limit;
            },
        },
        retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    });
}


/***/ })

};
