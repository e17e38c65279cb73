export const id = 858;
export const ids = [858];
export const modules = {

/***/ 8858:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRecoverCommand: () => (/* binding */ runRecoverCommand)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: ./.build/js/src/keys/generate.js
var generate = __webpack_require__(8919);
// EXTERNAL MODULE: ./.build/js/src/aws/clients.js
var aws_clients = __webpack_require__(8683);
// EXTERNAL MODULE: ./.build/js/src/aws/credentials.js
var credentials = __webpack_require__(3249);
// EXTERNAL MODULE: ./.build/js/src/aws/errors.js
var errors = __webpack_require__(628);
// EXTERNAL MODULE: ./.build/js/src/aws/host/host-script.js
var host_script = __webpack_require__(3756);
// EXTERNAL MODULE: ./.build/js/src/aws/host/document.js
var host_document = __webpack_require__(3317);
// EXTERNAL MODULE: ./.build/js/src/aws/instances.js
var instances = __webpack_require__(7383);
// EXTERNAL MODULE: ./.build/js/src/aws/key-pairs.js
var key_pairs = __webpack_require__(3580);
// EXTERNAL MODULE: ./.build/js/src/aws/parameter-names.js
var parameter_names = __webpack_require__(7205);
// EXTERNAL MODULE: ./.build/js/src/aws/parameters.js
var parameters = __webpack_require__(5443);
// EXTERNAL MODULE: ./.build/js/src/aws/publish.js
var publish = __webpack_require__(6304);
// EXTERNAL MODULE: ./.build/js/src/aws/rotate.js
var rotate = __webpack_require__(2468);
;// CONCATENATED MODULE: ./.build/js/src/aws/recover.js
/**
 * Lost-key recovery: "I lost the private key for these instances" (not
 * necessarily leaked). A new key is generated and taken into custody first
 * (a Parameter Store SecureString, as for rotations), added to one user's
 * authorized_keys on each instance through Run Command (the host script's
 * add and verify phases, with the user as its only `extraUsers` and no old
 * key, so no other line changes), and verified from sshd's point of view.
 * With `revokeOld`, the instances' key pair's current public key (a lost key
 * may be a stolen one) is also replaced everywhere it is and removed where
 * the new key is verified (add → verify → revoke, as a rotation does). With
 * `importKeyPair`, the new public key becomes an EC2 key pair (publish.ts).
 *
 * Like a rotation it is recorded step by step and locked, under
 * `<parameter-path>/recover/<user>/<target>/`: a run killed anywhere
 * converges, when run again, on the same key (checked against custody).
 */













class RecoverError extends Error {
    name = 'RecoverError';
}
/** Parameter Store allows 15 levels; recovery names take four below the path. */
const MAX_PATH_LEVELS_FOR_RECOVERY = 11;
/** Parameter names, ARN prefix included, are at most 1011 characters. */
const MAX_NAME = 1011 - 'arn:aws-us-gov:ssm:us-gov-west-1:000000000000:parameter'.length;
function targetSegment(target) {
    if (target.kind === 'key-pair')
        return `pair-${(0,parameter_names/* keyNameSegment */._w)(target.name)}`;
    const ids = [...new Set(target.ids)].sort();
    return ids.length === 1
        ? `instance-${ids[0]}`
        : `instances-${(0,host_script/* blobFingerprint */.I_)(Buffer.from(ids.join(' ')).toString('base64'))
            .slice(7, 27)
            .replace(/[^A-Za-z0-9]/g, '_')}`;
}
/** The recovery's parameters: its key, its progress and its lock. */
function recoveryNames(parameterPath, user, target) {
    const path = parameterPath.replace(/\/+$/, '');
    if (path.split('/').length - 1 > MAX_PATH_LEVELS_FOR_RECOVERY)
        throw new RecoverError(`recovery parameters live four levels below the parameter path (${path}/recover/USER/TARGET/private-key): a path of more than ${MAX_PATH_LEVELS_FOR_RECOVERY} levels leaves no room (Parameter Store allows 15)`);
    const base = `${path}/recover/${user}/${targetSegment(target)}`;
    const names = {
        privateKey: `${base}/private-key`,
        state: `${base}/progress`,
        lock: `${base}/lock`,
    };
    if (names.privateKey.length > MAX_NAME)
        throw new RecoverError(`the recovery's parameter names would be longer than Parameter Store allows: use a shorter parameter path or key pair name`);
    return names;
}
function describeTarget(target) {
    return target.kind === 'key-pair'
        ? `key pair ${target.name}`
        : [...new Set(target.ids)].sort().join(', ');
}
function parseState(raw) {
    if (!raw)
        return null;
    try {
        const state = JSON.parse(raw);
        return state.version === 1 && state.kind === 'recovery' ? state : null;
    }
    catch {
        return null;
    }
}
async function writeState(clients, name, state, kmsKeyId) {
    await (0,parameters/* writeParameter */.P)(clients.ssm, {
        name,
        value: JSON.stringify({ ...state, updatedAt: new Date().toISOString() }),
        secure: true,
        kmsKeyId,
        tags: { 'ec2-key-rotate': 'recovery-state' },
        description: `ec2-key-rotate recovery progress for ${state.user} on ${state.target}`,
    });
}
/** Nothing read back is trusted: the recorded key must be the one in custody, in this recovery's parameter. */
async function checkResume(clients, state, names, user, target) {
    const refuse = (why) => {
        throw new RecoverError(`the recorded recovery ${names.state} ${why}: refusing to resume. If you did not change it, someone who can write Parameter Store did; check CloudTrail, then delete the parameter to start the recovery over`);
    };
    if (state.user !== user || state.target !== target || state.region !== clients.region)
        refuse('belongs to another user, target or region');
    if (state.newKey.parameterName !== names.privateKey)
        refuse(`names another custody parameter (${state.newKey.parameterName})`);
    if (!Number.isInteger(state.newKey.parameterVersion) || state.newKey.parameterVersion < 1)
        refuse('has no custody version');
    const held = await (0,rotate/* custodyKey */.Z3)(clients, names.privateKey, state.newKey.parameterVersion);
    const recorded = state.newKey.publicKeyLine.trim().split(/\s+/).slice(0, 2).join(' ');
    if (!held || held.publicKey !== recorded || held.fingerprint !== state.newKey.fingerprint)
        refuse('does not match the private key in custody');
    for (const blobs of Object.values(state.oldKeys ?? {})) {
        for (const blob of blobs)
            if (!/^[A-Za-z0-9+/]+={0,3}$/.test(blob))
                refuse('lists an old key that is not base64');
    }
}
/** The key pairs the targets were launched with, by name (missing names are left out). */
async function launchPairs(clients, names) {
    const found = new Map();
    for (const name of names) {
        try {
            const [pair] = await (0,key_pairs/* listKeyPairs */.lY)(clients, [name]);
            if (pair)
                found.set(name, pair);
        }
        catch (error) {
            if ((0,errors/* awsErrorName */.ZH)(error) !== 'InvalidKeyPair.NotFound')
                throw error;
        }
    }
    return found;
}
/** Public DNS, public IP or private IP of each instance, for the ssh line. */
async function addresses(clients, ids) {
    const found = new Map();
    for (let i = 0; i < ids.length; i += 200) {
        const response = await clients.ec2.send(new dist_cjs/* DescribeInstancesCommand */.bNs({ InstanceIds: ids.slice(i, i + 200) }));
        for (const reservation of response.Reservations ?? []) {
            for (const instance of reservation.Instances ?? []) {
                const address = instance.PublicDnsName || instance.PublicIpAddress || instance.PrivateIpAddress;
                if (instance.InstanceId && address)
                    found.set(instance.InstanceId, address);
            }
        }
    }
    return found;
}
const NO_SUCH_USER = 'no such user on this host';
function hostReport(target, outcome, reason) {
    return { instanceId: target.instanceId, name: target.name, address: null, outcome, reason };
}
/** A failed phase's report (runPhase's), in a recovery's words. */
function failedReport(target, report) {
    return hostReport(target, 'failed', report.reason.replace(/: the old key is still in place$/, ': nothing was changed there'));
}
/**
 * add → verify (→ revoke) for one group of instances that share their old
 * key (none without revokeOld). Fills `reports` for every instance given.
 */
async function updateGroup(clients, targets, oldBlobs, newKeyLine, user, revoke, options, betweenPhases, reports) {
    const byId = new Map(targets.map((target) => [target.instanceId, target]));
    const failures = new Map();
    let current = targets.map((target) => target.instanceId);
    let last = new Map();
    const phases = revoke ? ['add', 'verify', 'revoke'] : ['add', 'verify'];
    for (const phase of phases) {
        if (!current.length)
            break;
        await betweenPhases();
        const script = (0,host_document/* hostCommand */.mm)({ phase, oldKeyBlobs: oldBlobs, newKeyLine, extraUsers: [user] });
        const { answered } = await (0,rotate/* runPhase */.PF)(clients, phase, current, byId, failures, script, options);
        for (const [id, report] of failures)
            if (!reports.has(id))
                reports.set(id, failedReport(byId.get(id), report));
        // verify: the user's file must hold the verified key before the old key may go.
        last = new Map([...answered].filter(([id, result]) => {
            if (phase === 'add' || result.new > 0)
                return true;
            const missing = result.messages.some((message) => message.startsWith(NO_SUCH_USER));
            reports.set(id, hostReport(byId.get(id), 'failed', missing
                ? `user ${user} does not exist on this instance: nothing was changed there`
                : `the new key could not be verified for ${user} (${result.messages.join('; ') || 'no file sshd reads holds it'})`));
            return false;
        }));
        current = [...last.keys()];
    }
    for (const [id, result] of last) {
        const target = byId.get(id);
        const notes = result.messages.length ? ` (${result.messages.join('; ')})` : '';
        if (result.status === 'incomplete') {
            reports.set(id, hostReport(target, 'incomplete', revoke
                ? `the new key works for ${user}, but the old key is still in some file: ${result.messages.join('; ') || 'some file could not be checked'}`
                : `the new key works for ${user}, but some file could not be checked: ${result.messages.join('; ')}`));
            continue;
        }
        reports.set(id, hostReport(target, 'recovered', revoke
            ? `new key verified for ${user}; the old key removed from every file sshd reads${notes}`
            : `new key verified in ${user}'s authorized_keys${notes}`));
    }
}
/** The key to import as `name`: refused when that name holds another key that is not the targets' own pair. */
async function importPair(clients, name, newKey, ownPairs, log) {
    const [existing] = await (0,key_pairs/* listKeyPairs */.lY)(clients, [name]).catch((error) => {
        if ((0,errors/* awsErrorName */.ZH)(error) === 'InvalidKeyPair.NotFound')
            return [];
        throw error;
    });
    const holds = existing?.fingerprint === newKey.fingerprint ||
        (existing?.publicKey ?? '').split(/\s+/)[1] === newKey.publicKeyLine.split(/\s+/)[1];
    if (existing && !holds && !ownPairs.has(name))
        throw new RecoverError(`--import-key-pair ${name}: a key pair of that name holds another key and is not the key pair of these instances; choose a new name`);
    const oldPair = existing ?? {
        region: clients.region,
        keyPairId: '',
        keyName: name,
        keyType: '',
        ec2Fingerprint: '',
        publicKey: null,
        fingerprint: null,
        createTime: null,
        tags: {},
    };
    return (0,publish/* publishKeyPair */.l)(clients, {
        oldPair,
        newPublicKeyLine: newKey.publicKeyLine,
        newFingerprint: newKey.fingerprint,
        newName: null,
        previousFingerprint: existing?.fingerprint ?? null,
        tags: Object.fromEntries(Object.entries(oldPair.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:'))),
    }, { log });
}
/**
 * Recovers `request.user`'s access to the instances named (or launched with
 * the key pair named). Throws RecoverError on bad requests (no such
 * instance or key pair, nothing reachable); per-instance failures are
 * reported, never thrown.
 */
async function recoverAccess(request, config) {
    const names = recoveryNames(config.parameterPath, request.user, request.target);
    const target = describeTarget(request.target);
    const clients = (0,aws_clients/* regionClients */.dF)(config.region, await (0,credentials/* resolveCredentials */.z)(config.credentials));
    const result = {
        region: config.region,
        user: request.user,
        target,
        resumed: false,
        revokeOld: request.revokeOld,
        newKey: null,
        hosts: [],
        imported: null,
        errors: [],
    };
    const options = {
        targetTag: null,
        parameterPath: config.parameterPath,
        kmsKeyId: config.kmsKeyId,
        newKeyType: config.newKeyType,
        extraUsers: [request.user],
        newKeyPairName: null,
        dryRun: false,
        run: config.run,
        runId: config.runId,
        lockTtlMs: config.lockTtlMs,
        breakLock: config.breakLock ?? false,
        lockWaitMs: config.lockWaitMs ?? 0,
        ...(config.lockRetryMs === undefined ? {} : { lockRetryMs: config.lockRetryMs }),
        log: config.log,
    };
    try {
        // --- which instances ---
        let pair = null;
        if (request.target.kind === 'key-pair') {
            pair = (await launchPairs(clients, [request.target.name])).get(request.target.name) ?? null;
            if (!pair)
                throw new RecoverError(`no key pair named ${request.target.name} in ${config.region}`);
        }
        const ids = request.target.kind === 'instances' ? [...new Set(request.target.ids)] : [];
        const { targets, gone } = await (0,instances/* findTargets */.q8)(clients, request.target.kind === 'key-pair' ? request.target.name : null, null, ids);
        if (gone.length)
            throw new RecoverError(`no such instance in ${config.region} (or terminated): ${gone.map((entry) => entry.instanceId).join(', ')}`);
        if (!targets.length)
            throw new RecoverError(`no instance in ${config.region} was launched with ${target}`);
        const reports = new Map();
        for (const instance of targets.filter((entry) => entry.readiness !== 'ready')) {
            const why = instance.readiness === 'not-managed' || instance.readiness === 'offline'
                ? `${instances/* READINESS_TEXT */.$y[instance.readiness]}: Run Command cannot reach it (recover it through user data: --offline-recovery user-data)`
                : instances/* READINESS_TEXT */.$y[instance.readiness];
            reports.set(instance.instanceId, hostReport(instance, 'skipped', why));
        }
        let ready = targets.filter((entry) => entry.readiness === 'ready');
        if (!ready.length && request.target.kind === 'instances')
            throw new RecoverError(`Run Command cannot reach ${targets.length === 1 ? 'this instance' : 'any of these instances'}: ${[...reports.values()].map((entry) => `${entry.instanceId}: ${entry.reason}`).join('; ')}`);
        const lock = await (0,rotate/* takeLock */.HJ)(clients, names, options);
        try {
            let state = parseState(await (0,parameters/* readParameter */.sv)(clients.ssm, names.state, true));
            if (state)
                await checkResume(clients, state, names, request.user, target);
            result.resumed = state !== null;
            if (!state) {
                // Read-only first: the user must exist and sshd must accept the new key's type for them.
                const probeFailures = new Map();
                const probe = await (0,rotate/* probeHosts */.U3)(clients, ready, probeFailures, [], config.newKeyType, false, options);
                ready = ready.filter((entry) => {
                    const answer = probe.results.get(entry.instanceId);
                    const failure = probeFailures.get(entry.instanceId);
                    if (!answer) {
                        reports.set(entry.instanceId, failure
                            ? failedReport(entry, failure)
                            : hostReport(entry, 'failed', 'the read-only probe did not answer: nothing was changed there'));
                        return false;
                    }
                    if (answer.messages.some((message) => message.startsWith(NO_SUCH_USER))) {
                        reports.set(entry.instanceId, hostReport(entry, 'failed', `user ${request.user} does not exist on this instance: nothing was changed there`));
                        return false;
                    }
                    if (!probe.ready.includes(entry)) {
                        reports.set(entry.instanceId, hostReport(entry, 'failed', `sshd does not accept ${probe.keyType} keys for ${request.user}: nothing was changed there`));
                        return false;
                    }
                    return true;
                });
                if (!ready.length) {
                    result.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
                    throw new RecoverError(`no instance can take a new key for ${request.user}: ${result.hosts.map((entry) => `${entry.instanceId}: ${entry.reason}`).join('; ')}`);
                }
                await lock.assertHeld();
                const key = (0,generate/* generateKey */.r)(probe.keyType, `ec2-key-rotate recover ${request.user}`);
                let parameterVersion;
                try {
                    parameterVersion = await (0,parameters/* writeParameter */.P)(clients.ssm, {
                        name: names.privateKey,
                        value: key.privateKeyOpenssh,
                        secure: true,
                        kmsKeyId: config.kmsKeyId,
                        tags: {
                            'ec2-key-rotate': 'private-key',
                            'ec2-key-rotate:recovery': request.user,
                            'ec2-key-rotate:fingerprint': key.fingerprint,
                        },
                        description: `Private key recovered for ${request.user} on ${target.slice(0, 200)} by ec2-key-rotate (${key.fingerprint})`,
                    });
                }
                catch (error) {
                    throw new RecoverError(`cannot store the new private key in Parameter Store (${names.privateKey}): ${error.message}; no instance was changed`);
                }
                config.log(`new ${probe.keyType} key ${key.fingerprint} stored in ${names.privateKey} (version ${parameterVersion})`);
                state = {
                    version: 1,
                    kind: 'recovery',
                    region: config.region,
                    user: request.user,
                    target,
                    oldKeys: null,
                    newKey: {
                        publicKeyLine: key.publicKeyLine,
                        fingerprint: key.fingerprint,
                        parameterName: names.privateKey,
                        parameterVersion,
                    },
                    step: 'custody',
                    runId: config.runId,
                    updatedAt: new Date().toISOString(),
                };
            }
            else {
                config.log(`resuming the recovery for ${request.user} with ${state.newKey.fingerprint} (last step: ${state.step})`);
            }
            result.newKey = { ...state.newKey };
            const newBlob = (0,rotate/* keyBlobs */.oL)(state.newKey.publicKeyLine)[0] ?? '';
            // The old keys are read once, before any host changes, and kept: an
            // import under the pair's name must never make the new key "old".
            if (request.revokeOld && !state.oldKeys) {
                const launch = [
                    ...new Set(ready.map((entry) => entry.keyName).filter((name) => !!name)),
                ];
                const pairs = pair ? new Map([[pair.keyName, pair]]) : await launchPairs(clients, launch);
                state.oldKeys = Object.fromEntries([...pairs].map(([name, record]) => [
                    name,
                    (0,rotate/* keyBlobs */.oL)(record.publicKey).filter((blob) => blob !== newBlob),
                ]));
            }
            await writeState(clients, names.state, state, config.kmsKeyId);
            config.onStep?.('custody');
            // --- hosts, one group per old key ---
            const groups = new Map();
            for (const entry of ready) {
                let key = '';
                if (request.revokeOld) {
                    const blobs = state.oldKeys?.[entry.keyName ?? ''] ?? [];
                    if (!blobs.length) {
                        reports.set(entry.instanceId, hostReport(entry, 'failed', entry.keyName
                            ? `--revoke-old: the public key of its key pair ${entry.keyName} is unknown (deleted from EC2, or already the new key): nothing was changed there; run without --revoke-old`
                            : '--revoke-old: it was launched without a key pair, so there is no old key to remove: nothing was changed there; run without --revoke-old'));
                        continue;
                    }
                    key = blobs.join(' ');
                }
                groups.set(key, [...(groups.get(key) ?? []), entry]);
            }
            for (const [key, members] of groups) {
                await updateGroup(clients, members, key ? key.split(' ') : [], state.newKey.publicKeyLine, request.user, request.revokeOld, options, (0,rotate/* between */.Tq)(lock), reports);
            }
            await lock.assertHeld();
            if (state.step === 'custody')
                state = { ...state, step: 'hosts' };
            await writeState(clients, names.state, state, config.kmsKeyId);
            config.onStep?.('hosts');
            if (request.importKeyPair) {
                const own = new Set(targets.map((entry) => entry.keyName).filter((name) => !!name));
                await lock.assertHeld();
                try {
                    result.imported = await importPair(clients, request.importKeyPair, state.newKey, own, config.log);
                    state = { ...state, step: 'imported' };
                    await writeState(clients, names.state, state, config.kmsKeyId);
                    config.onStep?.('imported');
                }
                catch (error) {
                    result.errors.push(error.message);
                }
            }
            if (!result.errors.length) {
                await writeState(clients, names.state, { ...state, step: 'done' }, config.kmsKeyId);
                config.onStep?.('done');
            }
            const where = await addresses(clients, [...reports.values()]
                .filter((entry) => entry.outcome === 'recovered')
                .map((entry) => entry.instanceId)).catch(() => new Map());
            for (const entry of reports.values())
                entry.address = where.get(entry.instanceId) ?? null;
            result.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
            return result;
        }
        finally {
            await lock.release();
        }
    }
    catch (error) {
        if (error instanceof RecoverError || error instanceof rotate/* RotationError */.FL)
            throw error;
        throw new RecoverError(error.message);
    }
    finally {
        (0,aws_clients/* destroyClients */.Fj)([clients]);
    }
}
/** Whether every instance got the key (and lost the old one, with revokeOld). */
function recoveryComplete(result) {
    return (result.errors.length === 0 &&
        result.hosts.length > 0 &&
        result.hosts.every((host) => host.outcome === 'recovered'));
}

// EXTERNAL MODULE: ./.build/js/src/aws/run-command.js
var run_command = __webpack_require__(9114);
// EXTERNAL MODULE: ./.build/js/src/report/log-escape.js
var log_escape = __webpack_require__(8136);
// EXTERNAL MODULE: ./.build/js/src/report/json-stream.js
var json_stream = __webpack_require__(2761);
;// CONCATENATED MODULE: ./.build/js/src/report/recover.js


const q = log_escape/* quoteForLog */.I5;
const e = log_escape/* escapeLogLine */._P;
const OUTCOME_TEXT = {
    recovered: 'recovered',
    incomplete: 'INCOMPLETE',
    failed: 'FAILED',
    skipped: 'skipped',
};
/** A word for a shell command line: single-quoted unless plainly safe. */
function shellWord(value) {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
/** The commands that fetch the recovered key (at the recorded version) into a 0600 file. */
function fetchCommand(result, file = 'recovered-key') {
    if (!result.newKey)
        return null;
    const { parameterName, parameterVersion } = result.newKey;
    return (`(umask 077; aws ssm get-parameter --with-decryption --region ${shellWord(result.region)} ` +
        `--name ${shellWord(`${parameterName}:${parameterVersion}`)} --query Parameter.Value --output text > ${file})`);
}
function recoverText(result) {
    const lines = [];
    const counts = new Map();
    for (const host of result.hosts)
        counts.set(host.outcome, (counts.get(host.outcome) ?? 0) + 1);
    lines.push(`Recovery of ${q(result.user)}'s access to ${e(result.target)} (${q(result.region)})` +
        (result.revokeOld ? ', old key revoked' : '') +
        (result.resumed ? ', resumed' : ''));
    if (result.newKey) {
        lines.push(`  new key ${result.newKey.fingerprint}, private key in ${q(result.newKey.parameterName)} (version ${result.newKey.parameterVersion})`);
    }
    lines.push(`  instances: ${result.hosts.length}${[...counts].map(([outcome, n]) => `, ${n} ${OUTCOME_TEXT[outcome]}`).join('')}`);
    for (const host of result.hosts) {
        lines.push(`  - ${q(host.instanceId)}${host.name ? ` (${q(host.name)})` : ''}: ${OUTCOME_TEXT[host.outcome]}: ${e(host.reason)}`);
    }
    if (result.imported)
        lines.push(`  EC2 key pair ${q(result.imported.keyName)} now holds the new public key`);
    const fetch = fetchCommand(result);
    const recovered = result.hosts.filter((host) => host.outcome === 'recovered');
    if (fetch && recovered.length) {
        lines.push('', 'Fetch the key and log in:', `  ${fetch}`);
        for (const host of recovered.slice(0, 20)) {
            lines.push(`  ssh -i recovered-key ${shellWord(result.user)}@${host.address ? shellWord(host.address) : `ADDRESS-OF-${host.instanceId}`}    # ${host.instanceId}`);
        }
        if (recovered.length > 20)
            lines.push(`  … and ${recovered.length - 20} more instance(s)`);
    }
    for (const error of result.errors)
        lines.push(`Error: ${e(error)}`);
    return `${lines.join('\n').trimEnd()}\n`;
}
function recoverJson(result) {
    return `${(0,json_stream/* jsonText */.s$)({ ...result, fetch: fetchCommand(result) })}\n`;
}

// EXTERNAL MODULE: ./.build/js/src/validate.js + 2 modules
var validate = __webpack_require__(778);
;// CONCATENATED MODULE: ./.build/js/src/validate-recover.js

/** EC2 instance ids: i- and 8 or 17 hex digits. */
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** One SendCommand reaches 50 instances; a recovery names at most 1000. */
const MAX_INSTANCES = 1000;
const NAMES = {
    instances: { action: 'input instances', cli: '--instance' },
    keyPair: { action: 'input key-pairs', cli: '--key-pair' },
    user: { action: 'input user', cli: '--user' },
    region: { action: 'input aws-regions', cli: '--region' },
    importKeyPair: { action: 'input import-key-pair', cli: '--import-key-pair' },
    parameterPath: { action: 'input parameter-path', cli: '--parameter-path' },
    kmsKeyId: { action: 'input kms-key-id', cli: '--kms-key-id' },
    keyType: { action: 'input key-type', cli: '--key-type' },
    ssmDocument: { action: 'input ssm-document', cli: '--ssm-document' },
};
function instanceId(raw, name) {
    const value = raw.trim();
    if (!INSTANCE_ID.test(value))
        throw new validate/* ConfigError */.xL(`${name}: ${(0,validate/* shown */.SP)(raw)} is not an EC2 instance id (like i-0123456789abcdef0)`);
    return value;
}
/** Every recover setting, or a ConfigError naming the first bad one. */
function validateRecoverInputs(raw, door) {
    const name = (field) => NAMES[field][door];
    const instances = [
        ...new Set(raw.instances.map((value) => instanceId(value, name('instances')))),
    ];
    if (instances.length > 0 === (raw.keyPair !== null))
        throw new validate/* ConfigError */.xL(`name the instances to recover: ${name('instances')} ID (one or more) or ${name('keyPair')} NAME (the instances launched with it), not both`);
    if (instances.length > MAX_INSTANCES)
        throw new validate/* ConfigError */.xL(`${name('instances')}: at most ${MAX_INSTANCES} instances, got ${instances.length}`);
    if (raw.user === null || !raw.user.trim())
        throw new validate/* ConfigError */.xL(`${name('user')} is required: the account that gets the new key (e.g. ec2-user, ubuntu)`);
    const user = (0,validate/* userName */.nT)(raw.user.trim(), name('user'));
    if (raw.region === null || !raw.region.trim())
        throw new validate/* ConfigError */.xL(`no AWS region: ${door === 'cli' ? 'name --region or set AWS_REGION' : 'set aws-regions'}`);
    return {
        request: {
            target: raw.keyPair !== null
                ? { kind: 'key-pair', name: (0,validate/* keyPairName */.vU)(raw.keyPair, name('keyPair')) }
                : { kind: 'instances', ids: instances },
            user,
            revokeOld: raw.revokeOld,
            importKeyPair: raw.importKeyPair === null ? null : (0,validate/* keyPairName */.vU)(raw.importKeyPair, name('importKeyPair')),
        },
        region: (0,validate/* region */.Ny)(raw.region, name('region')),
        parameterPath: (0,validate/* parameterPath */.dJ)(raw.parameterPath ?? validate/* DEFAULT_PARAMETER_PATH */.YP, name('parameterPath')),
        kmsKeyId: (0,validate/* kmsKeyId */.IB)(raw.kmsKeyId, name('kmsKeyId')),
        keyType: (0,validate/* oneOf */.yL)(raw.keyType, name('keyType'), validate/* KEY_TYPES */.WJ, 'ed25519'),
        ssmDocument: (0,validate/* oneOf */.yL)(raw.ssmDocument, name('ssmDocument'), validate/* SSM_DOCUMENTS */.vY, 'ec2-key-rotate'),
    };
}

// EXTERNAL MODULE: ./.build/js/src/commands/flags.js
var flags = __webpack_require__(4991);
;// CONCATENATED MODULE: ./.build/js/src/commands/recover.js







/**
 * `recover`: a new key for USER on the instances named (or launched with
 * the key pair), custody first. Exit 0: every instance recovered; 1: some
 * instance failed, was skipped or is incomplete, or the import failed; 2:
 * error (bad flags, nothing to recover, AWS refused).
 */
async function runRecoverCommand(options) {
    const fallback = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || null;
    const settings = validateRecoverInputs({
        instances: options.instance ?? [],
        keyPair: options.keyPair ?? null,
        user: options.user ?? null,
        region: options.region ?? fallback,
        revokeOld: Boolean(options.revokeOld),
        importKeyPair: options.importKeyPair ?? null,
        parameterPath: options.parameterPath ?? null,
        kmsKeyId: options.kmsKeyId ?? '',
        keyType: options.keyType ?? '',
        ssmDocument: options.ssmDocument ?? '',
    }, 'cli');
    const result = await recoverAccess(settings.request, {
        region: settings.region,
        credentials: { kind: 'default' },
        parameterPath: settings.parameterPath,
        kmsKeyId: settings.kmsKeyId,
        newKeyType: settings.keyType,
        run: { ...run_command/* DEFAULT_RUN_OPTIONS */.pI, ssmDocument: settings.ssmDocument },
        runId: `cli-${(0,external_node_crypto_.randomUUID)()}`,
        lockTtlMs: 30 * 60_000,
        breakLock: Boolean(options.breakLock),
        lockWaitMs: (0,flags/* lockWaitMs */.RV)(options.lockWait),
        log: (line) => process.stderr.write(`${(0,log_escape/* escapeLogLine */._P)(line)}\n`),
    });
    process.stdout.write(options.format === 'json' ? recoverJson(result) : recoverText(result));
    return recoveryComplete(result) ? 0 : 1;
}


/***/ })

};
