export const id = 715;
export const ids = [715];
export const modules = {

/***/ 715:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recoverAccess: () => (/* binding */ recoverAccess),
/* harmony export */   recoveryComplete: () => (/* binding */ recoveryComplete)
/* harmony export */ });
/* unused harmony exports RecoverError, recoveryNames */
/* harmony import */ var _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(5193);
/* harmony import */ var _keys_generate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8919);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8683);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3249);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(8247);
/* harmony import */ var _host_host_script_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3756);
/* harmony import */ var _host_document_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3317);
/* harmony import */ var _instances_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7383);
/* harmony import */ var _key_pairs_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3580);
/* harmony import */ var _parameter_names_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7205);
/* harmony import */ var _parameters_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(5443);
/* harmony import */ var _publish_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6304);
/* harmony import */ var _rotate_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2468);
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
        return `pair-${(0,_parameter_names_js__WEBPACK_IMPORTED_MODULE_7__/* .keyNameSegment */ ._w)(target.name)}`;
    const ids = [...new Set(target.ids)].sort();
    return ids.length === 1
        ? `instance-${ids[0]}`
        : `instances-${(0,_host_host_script_js__WEBPACK_IMPORTED_MODULE_3__/* .blobFingerprint */ .I_)(Buffer.from(ids.join(' ')).toString('base64'))
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
    await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_8__/* .writeParameter */ .P)(clients.ssm, {
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
    const held = await (0,_rotate_js__WEBPACK_IMPORTED_MODULE_10__/* .custodyKey */ .Z3)(clients, names.privateKey, state.newKey.parameterVersion);
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
            const [pair] = await (0,_key_pairs_js__WEBPACK_IMPORTED_MODULE_6__/* .listKeyPairs */ .lY)(clients, [name]);
            if (pair)
                found.set(name, pair);
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_11__/* .awsErrorName */ .ZH)(error) !== 'InvalidKeyPair.NotFound')
                throw error;
        }
    }
    return found;
}
/** Public DNS, public IP or private IP of each instance, for the ssh line. */
async function addresses(clients, ids) {
    const found = new Map();
    for (let i = 0; i < ids.length; i += 200) {
        const response = await clients.ec2.send(new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_12__/* .DescribeInstancesCommand */ .bNs({ InstanceIds: ids.slice(i, i + 200) }));
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
        const script = (0,_host_document_js__WEBPACK_IMPORTED_MODULE_4__/* .hostCommand */ .mm)({ phase, oldKeyBlobs: oldBlobs, newKeyLine, extraUsers: [user] });
        const { answered } = await (0,_rotate_js__WEBPACK_IMPORTED_MODULE_10__/* .runPhase */ .PF)(clients, phase, current, byId, failures, script, options);
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
    const [existing] = await (0,_key_pairs_js__WEBPACK_IMPORTED_MODULE_6__/* .listKeyPairs */ .lY)(clients, [name]).catch((error) => {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_11__/* .awsErrorName */ .ZH)(error) === 'InvalidKeyPair.NotFound')
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
    return (0,_publish_js__WEBPACK_IMPORTED_MODULE_9__/* .publishKeyPair */ .l)(clients, {
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
    const clients = (0,_clients_js__WEBPACK_IMPORTED_MODULE_1__/* .regionClients */ .dF)(config.region, await (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveCredentials */ .z)(config.credentials));
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
        const { targets, gone } = await (0,_instances_js__WEBPACK_IMPORTED_MODULE_5__/* .findTargets */ .q8)(clients, request.target.kind === 'key-pair' ? request.target.name : null, null, ids);
        if (gone.length)
            throw new RecoverError(`no such instance in ${config.region} (or terminated): ${gone.map((entry) => entry.instanceId).join(', ')}`);
        if (!targets.length)
            throw new RecoverError(`no instance in ${config.region} was launched with ${target}`);
        const reports = new Map();
        for (const instance of targets.filter((entry) => entry.readiness !== 'ready')) {
            const why = instance.readiness === 'not-managed' || instance.readiness === 'offline'
                ? `${_instances_js__WEBPACK_IMPORTED_MODULE_5__/* .READINESS_TEXT */ .$y[instance.readiness]}: Run Command cannot reach it (recover it through user data: --offline-recovery user-data)`
                : _instances_js__WEBPACK_IMPORTED_MODULE_5__/* .READINESS_TEXT */ .$y[instance.readiness];
            reports.set(instance.instanceId, hostReport(instance, 'skipped', why));
        }
        let ready = targets.filter((entry) => entry.readiness === 'ready');
        if (!ready.length && request.target.kind === 'instances')
            throw new RecoverError(`Run Command cannot reach ${targets.length === 1 ? 'this instance' : 'any of these instances'}: ${[...reports.values()].map((entry) => `${entry.instanceId}: ${entry.reason}`).join('; ')}`);
        const lock = await (0,_rotate_js__WEBPACK_IMPORTED_MODULE_10__/* .takeLock */ .HJ)(clients, names, options);
        try {
            let state = parseState(await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_8__/* .readParameter */ .sv)(clients.ssm, names.state, true));
            if (state)
                await checkResume(clients, state, names, request.user, target);
            result.resumed = state !== null;
            if (!state) {
                // Read-only first: the user must exist and sshd must accept the new key's type for them.
                const probeFailures = new Map();
                const probe = await (0,_rotate_js__WEBPACK_IMPORTED_MODULE_10__/* .probeHosts */ .U3)(clients, ready, probeFailures, [], config.newKeyType, false, options);
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
                const key = (0,_keys_generate_js__WEBPACK_IMPORTED_MODULE_0__/* .generateKey */ .r)(probe.keyType, `ec2-key-rotate recover ${request.user}`);
                let parameterVersion;
                try {
                    parameterVersion = await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_8__/* .writeParameter */ .P)(clients.ssm, {
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
            const newBlob = (0,_rotate_js__WEBPACK_IMPORTED_MODULE_10__/* .keyBlobs */ .oL)(state.newKey.publicKeyLine)[0] ?? '';
            // The old keys are read once, before any host changes, and kept: an
            // import under the pair's name must never make the new key "old".
            if (request.revokeOld && !state.oldKeys) {
                const launch = [
                    ...new Set(ready.map((entry) => entry.keyName).filter((name) => !!name)),
                ];
                const pairs = pair ? new Map([[pair.keyName, pair]]) : await launchPairs(clients, launch);
                state.oldKeys = Object.fromEntries([...pairs].map(([name, record]) => [
                    name,
                    (0,_rotate_js__WEBPACK_IMPORTED_MODULE_10__/* .keyBlobs */ .oL)(record.publicKey).filter((blob) => blob !== newBlob),
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
                await updateGroup(clients, members, key ? key.split(' ') : [], state.newKey.publicKeyLine, request.user, request.revokeOld, options, (0,_rotate_js__WEBPACK_IMPORTED_MODULE_10__/* .between */ .Tq)(lock), reports);
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
        if (error instanceof RecoverError || error instanceof _rotate_js__WEBPACK_IMPORTED_MODULE_10__/* .RotationError */ .FL)
            throw error;
        throw new RecoverError(error.message);
    }
    finally {
        (0,_clients_js__WEBPACK_IMPORTED_MODULE_1__/* .destroyClients */ .Fj)([clients]);
    }
}
/** Whether every instance got the key (and lost the old one, with revokeOld). */
function recoveryComplete(result) {
    return (result.errors.length === 0 &&
        result.hosts.length > 0 &&
        result.hosts.every((host) => host.outcome === 'recovered'));
}


/***/ })

};
