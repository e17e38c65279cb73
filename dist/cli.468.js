export const id = 468;
export const ids = [468];
export const modules = {

/***/ 108:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IZ: () => (/* binding */ acquireLock),
/* harmony export */   Rk: () => (/* binding */ LockHeldError)
/* harmony export */ });
/* unused harmony export LockLostError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(628);
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
        const { Parameter } = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .GetParameterCommand */ .lhy({ Name: name }));
        return { version: Parameter?.Version ?? 0, record: parseRecord(Parameter?.Value) };
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error) === 'ParameterNotFound' ||
            (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error) === 'ParameterVersionNotFound')
            return null;
        throw error;
    }
}
/** The version written, or null when the name already exists. */
async function create(ssm, name, value) {
    try {
        const { Version } = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .PutParameterCommand */ .ihh({ Name: name, Value: value, Type: 'String', Overwrite: false }));
        return Version ?? 1;
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error) === 'ParameterAlreadyExists')
            return null;
        throw error;
    }
}
async function overwrite(ssm, name, value) {
    const { Version } = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .PutParameterCommand */ .ihh({ Name: name, Value: value, Type: 'String', Overwrite: true }));
    return Version ?? 0;
}
async function remove(ssm, name) {
    try {
        await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .DeleteParameterCommand */ .Obs({ Name: name }));
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(error) !== 'ParameterNotFound')
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
    nonce = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
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


/***/ }),

/***/ 7878:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  eB: () => (/* binding */ recoverOffline),
  T3: () => (/* binding */ settleOfflineRecords)
});

// UNUSED EXPORTS: unreachable

// EXTERNAL MODULE: ./.build/js/src/aws/instances.js
var instances = __webpack_require__(7383);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./.build/js/src/aws/host/host-script.js
var host_script = __webpack_require__(3756);
;// CONCATENATED MODULE: ./.build/js/src/aws/offline/boothook.js
/**
 * The user data of an offline recovery boot: a cloud-init MIME multipart,
 * gzip-compressed (the host script alone is larger than EC2's 16 KB), whose
 * `text/cloud-boothook` part runs the host script's add, verify and revoke
 * phases in sequence (the same script and guarantees as Run Command; each
 * phase runs only if the previous one answered ok or incomplete), as root,
 * early in boot.
 *
 * - Once: boothooks run on every boot, so a marker file under
 *   /var/lib/cloud/ec2-key-rotate/ named by the recovery's random token stops
 *   it running again; that file keeps the result lines, and a later boot
 *   prints them again.
 * - Result: each phase's output lines and its exit code go to /dev/console
 *   (the serial console, read back through GetConsoleOutput) as
 *     ec2-key-rotate <token> <phase> <line of the host script's output>
 *     ec2-key-rotate-result v=2 token=<token> phase=<phase> exit=<code>
 *   Only counts, reasons and paths: never key material (the new key's public
 *   half is in the user data; its private half never leaves custody).
 * - The instance's own user data goes in as a second part (cloud-init guesses
 *   its type from its first line, as when it stands alone) when it is text,
 *   not MIME or gzip itself, and everything still fits; otherwise the
 *   recovery boot runs without it and says so.
 */



/** EC2: user data is at most 16 KB before base64. */
const USER_DATA_MAX = 16_384;
const BOOT_PHASES = ['add', 'verify', 'revoke'];
const GUARD_DIR = '/var/lib/cloud/ec2-key-rotate';
const TOKEN = /^[0-9a-f]{32}$/;
function newToken() {
    return (0,external_node_crypto_.randomBytes)(16).toString('hex');
}
/** The boothook shell script. Throws on inputs the host script would refuse. */
function boothookScript(input) {
    if (!TOKEN.test(input.token))
        throw new Error('the recovery token must be 32 hex digits');
    const body = (0,host_script/* compactBody */.Ys)();
    const phases = BOOT_PHASES.map((phase) => {
        const script = (0,host_script/* buildHostScript */.EK)({
            phase,
            oldKeyBlobs: input.oldKeyBlobs,
            newKeyLine: input.newKeyLine,
            extraUsers: input.extraUsers,
        });
        // The header alone: the body is written once and sourced by each phase.
        const header = script.slice(0, script.length - body.length);
        return `cat >"$D/${phase}" <<'EC2KR_PHASE_EOF'\n${header}. "$D/body"\nEC2KR_PHASE_EOF\n`;
    });
    return [
        '#!/bin/sh',
        `# ec2-key-rotate offline recovery ${input.token}: add, verify, revoke once`,
        `T=${input.token}`,
        `G=${GUARD_DIR}`,
        'say() { printf "%s\\n" "$1" >>/dev/console 2>/dev/null || :; }',
        'umask 077',
        'if [ -f "$G/$T" ]; then',
        '  while IFS= read -r l; do say "$l"; done <"$G/$T"',
        '  exit 0',
        'fi',
        'mkdir -p "$G" || exit 0',
        'D=$(mktemp -d /run/ec2kr-boot.XXXXXX) || D=$(mktemp -d) || exit 0',
        'export D',
        `cat >"$D/body" <<'EC2KR_BODY_EOF'\n${body}EC2KR_BODY_EOF`,
        ...phases.map((text) => text.trimEnd()),
        ': >"$D/result"',
        `for p in ${BOOT_PHASES.join(' ')}; do`,
        '  sh "$D/$p" >"$D/out" 2>/dev/null',
        '  c=$?',
        '  while IFS= read -r l; do printf "ec2-key-rotate %s %s %s\\n" "$T" "$p" "$l"; done <"$D/out" >>"$D/result"',
        '  printf "ec2-key-rotate-result v=2 token=%s phase=%s exit=%s\\n" "$T" "$p" "$c" >>"$D/result"',
        '  [ "$c" -le 1 ] || break',
        'done',
        'while IFS= read -r l; do say "$l"; done <"$D/result"',
        'mv "$D/result" "$G/$T"',
        'rm -rf "$D"',
        '',
    ].join('\n');
}
/** What the original user data becomes inside the recovery's multipart, if it can go in. */
function originalPart(original) {
    if (!original?.length)
        return { part: null, note: null };
    if (original[0] === 0x1f && original[1] === 0x8b)
        return { part: null, note: 'its own user data is gzip-compressed' };
    const head = original.subarray(0, 200).toString('latin1');
    if (/^(?:Content-Type|MIME-Version):/im.test(head))
        return { part: null, note: 'its own user data is MIME multipart' };
    return {
        part: [
            // cloud-init guesses a text/x-not-multipart part's type from its first line.
            'Content-Type: text/x-not-multipart',
            'MIME-Version: 1.0',
            'Content-Transfer-Encoding: base64',
            'Content-Disposition: attachment; filename="original-user-data"',
            '',
            (original.toString('base64').match(/.{1,76}/g) ?? []).join('\n'),
        ].join('\n'),
        note: null,
    };
}
/** The recovery boot's user data, at most 16 KB. Throws when even the boothook alone is too large. */
function recoveryUserData(input, original) {
    const boundary = `==ec2-key-rotate-${input.token}==`;
    const hook = [
        'Content-Type: text/cloud-boothook; charset="us-ascii"',
        'MIME-Version: 1.0',
        'Content-Transfer-Encoding: 7bit',
        'Content-Disposition: attachment; filename="ec2-key-rotate.sh"',
        '',
        boothookScript(input),
    ].join('\n');
    const multipart = (parts) => (0,external_node_zlib_.gzipSync)([
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        'MIME-Version: 1.0',
        '',
        ...parts.flatMap((part) => [`--${boundary}`, part]),
        `--${boundary}--`,
        '',
    ].join('\n'), { level: 9 });
    const { part, note } = originalPart(original);
    if (part) {
        const both = multipart([hook, part]);
        if (both.length <= USER_DATA_MAX)
            return { bytes: both, note: null };
    }
    const alone = multipart([hook]);
    if (alone.length > USER_DATA_MAX)
        throw new Error(`the recovery user data is ${alone.length} bytes, over EC2's ${USER_DATA_MAX}`);
    return {
        bytes: alone,
        note: part ? 'its own user data does not fit beside the recovery boothook' : note,
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var dist_cjs = __webpack_require__(5193);
;// CONCATENATED MODULE: ./.build/js/src/aws/offline/power.js
/**
 * Stopping, starting and waiting on one instance, and its user data and
 * console output: the EC2 calls of an offline recovery, each waited on with
 * a doubling pause (pollMs up to 15 s) and a deadline.
 */

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Polls `check` until it returns a value, or throws `what` after waitMs. */
async function waitFor(waiting, what, check) {
    const deadline = Date.now() + waiting.waitMs;
    let pause = waiting.pollMs;
    for (;;) {
        await waiting.tick();
        const value = await check();
        if (value !== null)
            return value;
        if (Date.now() >= deadline)
            throw new Error(`${what} did not happen within ${Math.round(waiting.waitMs / 1000)} s`);
        await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
        pause = Math.min(pause * 2, 15_000);
    }
}
async function instanceState(clients, instanceId) {
    const page = await clients.ec2.send(new dist_cjs/* DescribeInstancesCommand */.bNs({ InstanceIds: [instanceId] }));
    return page.Reservations?.[0]?.Instances?.[0]?.State?.Name ?? 'terminated';
}
/** Stops the instance (if it runs) and waits until it is stopped. */
async function stopAndWait(clients, instanceId, waiting) {
    const now = await instanceState(clients, instanceId);
    if (now === 'running' || now === 'pending')
        await clients.ec2.send(new dist_cjs/* StopInstancesCommand */.esG({ InstanceIds: [instanceId] }));
    else if (now !== 'stopping' && now !== 'stopped')
        throw new Error(`the instance is ${now}: it cannot be stopped`);
    await waitFor(waiting, `${instanceId} stopping`, async () => (await instanceState(clients, instanceId)) === 'stopped' ? true : null);
}
/** Starts the instance (if stopped) and waits until it runs and both status checks pass. */
async function startAndWait(clients, instanceId, waiting) {
    await waitFor(waiting, `${instanceId} settling before start`, async () => {
        const now = await instanceState(clients, instanceId);
        if (now === 'stopping')
            return null;
        if (now === 'stopped')
            await clients.ec2.send(new dist_cjs/* StartInstancesCommand */.a9E({ InstanceIds: [instanceId] }));
        else if (now !== 'running' && now !== 'pending')
            throw new Error(`the instance is ${now}: it cannot be started`);
        return true;
    });
    await waitFor(waiting, `${instanceId} passing its status checks`, async () => {
        const { InstanceStatuses: [status] = [] } = await clients.ec2.send(new dist_cjs/* DescribeInstanceStatusCommand */.o0z({ InstanceIds: [instanceId], IncludeAllInstances: true }));
        const checks = [status?.InstanceStatus?.Status, status?.SystemStatus?.Status];
        if (checks.includes('impaired'))
            throw new Error(`${instanceId} is running but its status checks report impaired`);
        return status?.InstanceState?.Name === 'running' && checks.every((check) => check === 'ok')
            ? true
            : null;
    });
}
async function readUserData(clients, instanceId) {
    const { UserData } = await clients.ec2.send(new dist_cjs/* DescribeInstanceAttributeCommand */.cyP({ InstanceId: instanceId, Attribute: 'userData' }));
    return UserData?.Value ? Buffer.from(UserData.Value, 'base64') : null;
}
/**
 * Sets the user data (the instance must be stopped) and reads it back. An
 * empty value removes it.
 */
async function setUserData(clients, instanceId, bytes) {
    await clients.ec2.send(new dist_cjs/* ModifyInstanceAttributeCommand */.ho4({
        InstanceId: instanceId,
        UserData: { Value: bytes ?? new Uint8Array() },
    }));
    const back = await readUserData(clients, instanceId);
    if (!(back ?? Buffer.alloc(0)).equals(bytes ?? Buffer.alloc(0)))
        throw new Error(`EC2 holds other user data for ${instanceId} than was just set`);
}
/** The console output as text (EC2 returns it base64; the newest output with Latest). */
async function consoleText(clients, instanceId) {
    const { Output } = await clients.ec2.send(new dist_cjs/* GetConsoleOutputCommand */.Olx({ InstanceId: instanceId, Latest: true }));
    return Output ? Buffer.from(Output, 'base64').toString('utf8') : '';
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./.build/js/src/aws/parameters.js
var parameters = __webpack_require__(5443);
;// CONCATENATED MODULE: ./.build/js/src/aws/offline/record.js
/**
 * What an offline recovery writes down, per instance, in Parameter Store
 * (SecureStrings under the rotation's KMS key), so a run killed at any
 * point resumes and converges:
 *
 *   <path>/offline/<instance id>/recovery       the record (step, token, keys)
 *   <path>/offline/<instance id>/user-data-<n>  the instance's own user data,
 *                                               base64 in 4,000-character
 *                                               pieces (Standard tier: 4 KB)
 *
 * The user data is saved, and read back and compared, before anything on the
 * instance changes, and deleted only after EC2 returns it byte for byte. `offline`
 * is a reserved segment: no key pair's parameters live under it.
 */



const CHUNK = 4_000;
const STEPS = [
    'saved',
    'stopped',
    'hook-set',
    'started',
    'booted',
    'stopped-again',
    'restored',
    'restore-pending',
    'done',
];
const OFFLINE_SEGMENT = 'offline';
function offlineNames(parameterPath, instanceId) {
    const base = `${parameterPath.replace(/\/+$/, '')}/${OFFLINE_SEGMENT}/${instanceId}`;
    return {
        base,
        record: `${base}/recovery`,
        chunk: (index) => `${base}/user-data-${index}`,
    };
}
const sha256 = (bytes) => (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
function parseRecord(raw) {
    try {
        const record = JSON.parse(raw);
        const ok = record.version === 1 &&
            /^i-[0-9a-f]{8,17}$/.test(record.instanceId) &&
            STEPS.includes(record.step) &&
            typeof record.original?.sha256 === 'string' &&
            Number.isInteger(record.original.chunks) &&
            record.original.chunks >= 0 &&
            record.original.chunks <= 8;
        return ok ? record : null;
    }
    catch {
        return null;
    }
}
async function readRecord(ssm, parameterPath, instanceId) {
    const raw = await readParameter(ssm, offlineNames(parameterPath, instanceId).record, true);
    return raw ? parseRecord(raw) : null;
}
async function writeRecord(ssm, parameterPath, record, kmsKeyId) {
    record.updatedAt = new Date().toISOString();
    await (0,parameters/* writeParameter */.P)(ssm, {
        name: offlineNames(parameterPath, record.instanceId).record,
        value: JSON.stringify(record),
        secure: true,
        kmsKeyId,
        tags: { 'ec2-key-rotate': 'offline-recovery' },
        description: `ec2-key-rotate offline recovery of ${record.instanceId} (key pair ${record.keyName})`,
    });
}
/** Every recovery record under the path (names without decryption, then each record). */
async function listRecords(ssm, parameterPath) {
    const names = [];
    const path = `${parameterPath.replace(/\/+$/, '')}/${OFFLINE_SEGMENT}`;
    for await (const page of (0,client_ssm_dist_cjs/* paginateGetParametersByPath */.kU5)({ client: ssm }, { Path: path, Recursive: true, WithDecryption: false, MaxResults: 10 })) {
        for (const parameter of page.Parameters ?? [])
            if (parameter.Name?.endsWith('/recovery'))
                names.push(parameter.Name);
    }
    const records = [];
    for (const name of names) {
        const raw = await (0,parameters/* readParameter */.sv)(ssm, name, true);
        const record = raw ? parseRecord(raw) : null;
        if (record && name === offlineNames(parameterPath, record.instanceId).record)
            records.push(record);
    }
    return records;
}
/**
 * Saves the user data in pieces and reads every piece back: the original is
 * known to be in Parameter Store before the instance is touched.
 */
async function saveUserData(ssm, parameterPath, instanceId, userData, kmsKeyId) {
    const text = userData?.length ? userData.toString('base64') : '';
    const pieces = text.match(new RegExp(`.{1,${CHUNK}}`, 'g')) ?? [];
    const names = offlineNames(parameterPath, instanceId);
    for (const [index, piece] of pieces.entries()) {
        await (0,parameters/* writeParameter */.P)(ssm, {
            name: names.chunk(index),
            value: piece,
            secure: true,
            kmsKeyId,
            tags: { 'ec2-key-rotate': 'offline-user-data' },
            description: `User data of ${instanceId} before ec2-key-rotate's offline recovery (part ${index + 1} of ${pieces.length})`,
        });
    }
    const original = {
        present: Boolean(userData?.length),
        sha256: sha256(userData ?? Buffer.alloc(0)),
        bytes: userData?.length ?? 0,
        chunks: pieces.length,
    };
    const back = await loadUserData(ssm, parameterPath, instanceId, original);
    if (sha256(back ?? Buffer.alloc(0)) !== original.sha256)
        throw new Error('the user data read back from Parameter Store differs from what was saved');
    return original;
}
/** The saved user data (null: the instance had none). Throws when a piece is missing or it does not match. */
async function loadUserData(ssm, parameterPath, instanceId, original) {
    if (!original.present)
        return null;
    const names = offlineNames(parameterPath, instanceId);
    let text = '';
    for (let index = 0; index < original.chunks; index++) {
        const piece = await (0,parameters/* readParameter */.sv)(ssm, names.chunk(index), true);
        if (piece === null)
            throw new Error(`${names.chunk(index)} is missing`);
        text += piece;
    }
    const bytes = Buffer.from(text, 'base64');
    if (sha256(bytes) !== original.sha256)
        throw new Error(`the saved user data under ${names.base} does not match its checksum`);
    return bytes;
}
/** Deletes the record and the saved user data (after the original is back, verified). */
async function forget(ssm, parameterPath, record) {
    const names = offlineNames(parameterPath, record.instanceId);
    for (let index = 0; index < record.original.chunks; index++)
        await (0,parameters/* deleteParameter */.lY)(ssm, names.chunk(index));
    await (0,parameters/* deleteParameter */.lY)(ssm, names.record);
}

;// CONCATENATED MODULE: ./.build/js/src/aws/offline/reset-access.js
/**
 * The other way back for an instance SSM cannot reach: AWS's own
 * `AWSSupport-ResetAccess` Automation runbook. It stops the instance, has
 * EC2Rescue put a newly generated key in place from a helper instance, and
 * stores that key's private half as the SecureString
 * `/ec2rl/openssh/<instance id>/key`. It does NOT remove the leaked key: the
 * instance stays open to it until someone logs in with the new key and
 * removes it (or the user-data method runs). The tool only reports where the
 * key is; it never reads it.
 */


const RESET_ACCESS_DOCUMENT = 'AWSSupport-ResetAccess';
/** Where the runbook stores the key it made (its documentation's path). */
const resetAccessKeyParameter = (instanceId) => `/ec2rl/openssh/${instanceId}/key`;
const TERMINAL = new Set([
    'Success',
    'Failed',
    'TimedOut',
    'Cancelled',
    'CompletedWithSuccess',
    'CompletedWithFailure',
    'Rejected',
    'Exited',
]);
async function resetAccess(clients, instanceId, waiting, log) {
    let executionId = '';
    try {
        const started = await clients.ssm.send(new client_ssm_dist_cjs/* StartAutomationExecutionCommand */.rsA({
            DocumentName: RESET_ACCESS_DOCUMENT,
            Parameters: { InstanceId: [instanceId] },
        }));
        executionId = started.AutomationExecutionId ?? '';
        log(`${instanceId}: ${RESET_ACCESS_DOCUMENT} started (execution ${executionId})`);
        const execution = await waitFor(waiting, `${RESET_ACCESS_DOCUMENT} on ${instanceId}`, async () => {
            const { AutomationExecution: found } = await clients.ssm.send(new client_ssm_dist_cjs/* GetAutomationExecutionCommand */.tZV({ AutomationExecutionId: executionId }));
            return found && TERMINAL.has(found.AutomationExecutionStatus ?? '') ? found : null;
        });
        const status = execution.AutomationExecutionStatus ?? 'unknown';
        if (status !== 'Success' && status !== 'CompletedWithSuccess')
            return {
                outcome: 'failed',
                phase: null,
                reason: `${RESET_ACCESS_DOCUMENT} (execution ${executionId}) ended ${status}${execution.FailureMessage ? `: ${execution.FailureMessage.slice(0, 300)}` : ''}; the old key is still in place`,
            };
        const parameter = resetAccessKeyParameter(instanceId);
        return {
            outcome: 'incomplete',
            phase: null,
            reason: `${RESET_ACCESS_DOCUMENT} (execution ${executionId}) put a new key in place; its private key is in Parameter Store ${parameter} (aws ssm get-parameter --with-decryption --name ${parameter}). The leaked key was NOT removed: log in with the new key and remove it, or recover with --offline-recovery user-data`,
        };
    }
    catch (error) {
        return {
            outcome: 'failed',
            phase: null,
            reason: `${RESET_ACCESS_DOCUMENT}${executionId ? ` (execution ${executionId})` : ''} failed: ${error.message.split('\n')[0]}; the old key is still in place`,
        };
    }
}

;// CONCATENATED MODULE: ./.build/js/src/aws/offline/stop-safety.js
/**
 * Whether an instance may be stopped and started for an offline recovery,
 * read-only, before anything changes. Refused (with the reason):
 * - an instance-store root device, or an instance type with instance store
 *   volumes (their data is lost on stop; EC2 does not list those volumes
 *   per instance, so the type decides, DescribeInstanceTypes);
 * - a member of an Auto Scaling group: it would be marked unhealthy and
 *   replaced. The `aws:autoscaling:groupName` tag is enough: EC2 Auto
 *   Scaling sets it on every instance it launches and nobody can set or
 *   remove an `aws:` tag, so DescribeAutoScalingInstances adds nothing;
 * - DisableApiStop (DescribeInstanceAttribute);
 * - a spot instance unless its request is persistent and interrupts by
 *   stopping (a one-time request cannot be stopped; an unreadable request is
 *   refused too).
 * Warned: a public IPv4 address that is not an Elastic IP changes on start.
 */

const ASG_TAG = 'aws:autoscaling:groupName';
const message = (error) => error.message.split('\n')[0] ?? '';
async function describeAll(clients, ids) {
    const found = [];
    for (let at = 0; at < ids.length; at += 100) {
        const page = await clients.ec2.send(new dist_cjs/* DescribeInstancesCommand */.bNs({ InstanceIds: ids.slice(at, at + 100) }));
        for (const reservation of page.Reservations ?? [])
            found.push(...(reservation.Instances ?? []));
    }
    return found;
}
/** Instance types that come with instance store volumes. */
async function instanceStoreTypes(clients, types) {
    const withStore = new Set();
    for (let at = 0; at < types.length; at += 100) {
        const page = await clients.ec2.send(new dist_cjs/* DescribeInstanceTypesCommand */.hkU({
            InstanceTypes: types.slice(at, at + 100),
        }));
        for (const info of page.InstanceTypes ?? [])
            if (info.InstanceStorageSupported && info.InstanceType)
                withStore.add(info.InstanceType);
    }
    return withStore;
}
/** Checks every instance; an instance EC2 does not describe is refused. */
async function checkStopSafety(clients, instanceIds) {
    const checks = new Map(instanceIds.map((instanceId) => [instanceId, { instanceId, refusals: [], warnings: [] }]));
    if (!instanceIds.length)
        return checks;
    const instances = await describeAll(clients, instanceIds);
    const byId = new Map(instances.map((instance) => [instance.InstanceId ?? '', instance]));
    const types = [...new Set(instances.map((instance) => instance.InstanceType ?? ''))].filter(Boolean);
    const storeTypes = await instanceStoreTypes(clients, types);
    const elastic = new Set();
    const addresses = await clients.ec2.send(new dist_cjs/* DescribeAddressesCommand */.REI({ Filters: [{ Name: 'instance-id', Values: instanceIds }] }));
    for (const address of addresses.Addresses ?? [])
        if (address.InstanceId)
            elastic.add(address.InstanceId);
    for (const check of checks.values()) {
        const instance = byId.get(check.instanceId);
        const refuse = (why) => void check.refusals.push(why);
        if (!instance) {
            refuse('EC2 does not describe it');
            continue;
        }
        if (instance.RootDeviceType !== 'ebs')
            refuse(`its root device is ${instance.RootDeviceType ?? 'not EBS'}: stopping it loses the root volume`);
        if (storeTypes.has(instance.InstanceType ?? ''))
            refuse(`its type ${instance.InstanceType} has instance store volumes, whose data is lost on stop`);
        const group = instance.Tags?.find((tag) => tag.Key === ASG_TAG)?.Value;
        if (group)
            refuse(`it belongs to Auto Scaling group ${group}, which would replace it when it stops`);
        try {
            const attribute = await clients.ec2.send(new dist_cjs/* DescribeInstanceAttributeCommand */.cyP({
                InstanceId: check.instanceId,
                Attribute: 'disableApiStop',
            }));
            if (attribute.DisableApiStop?.Value)
                refuse('stop protection (DisableApiStop) is on');
        }
        catch (error) {
            refuse(`cannot read its stop protection (DisableApiStop): ${message(error)}`);
        }
        if (instance.InstanceLifecycle === 'spot') {
            const requestId = instance.SpotInstanceRequestId;
            try {
                if (!requestId)
                    throw new Error('no spot request id');
                const { SpotInstanceRequests: [request] = [] } = await clients.ec2.send(new dist_cjs/* DescribeSpotInstanceRequestsCommand */.cwT({ SpotInstanceRequestIds: [requestId] }));
                if (request?.Type !== 'persistent' || request.InstanceInterruptionBehavior !== 'stop')
                    refuse(`it is a spot instance (request ${request?.Type ?? 'unknown'}, interruption behaviour ${request?.InstanceInterruptionBehavior ?? 'unknown'}) that cannot be stopped and started again`);
            }
            catch (error) {
                refuse(`it is a spot instance whose request cannot be read: ${message(error)}`);
            }
        }
        if (instance.PublicIpAddress && !elastic.has(check.instanceId))
            check.warnings.push(`its public IPv4 address ${instance.PublicIpAddress} will change (no Elastic IP)`);
    }
    return checks;
}

// EXTERNAL MODULE: ./.build/js/src/aws/host/host-result.js
var host_result = __webpack_require__(5718);
;// CONCATENATED MODULE: ./.build/js/src/aws/offline/console-result.js


/** The boot's result for `token` in `console` (decoded GetConsoleOutput text). */
function readBootResult(console, token) {
    const lines = new Map();
    const exits = new Map();
    const line = new RegExp(`ec2-key-rotate ${token} (add|verify|revoke) (.*)$`);
    const end = new RegExp(`ec2-key-rotate-result v=2 token=${token} phase=(add|verify|revoke) exit=(\\d{1,3})\\b`);
    for (const raw of console.split('\n')) {
        const text = raw.replace(/\r+$/, '');
        const done = end.exec(text);
        if (done) {
            exits.set(done[1], Number(done[2]));
            continue;
        }
        const match = line.exec(text);
        if (match) {
            const phase = match[1];
            lines.set(phase, [...(lines.get(phase) ?? []), match[2] ?? '']);
        }
    }
    const phases = [];
    for (const phase of BOOT_PHASES) {
        const exit = exits.get(phase);
        if (exit === undefined)
            break;
        phases.push({ phase, result: (0,host_result/* parseHostResult */.B)((lines.get(phase) ?? []).join('\n'), exit) });
    }
    const last = phases.at(-1) ?? null;
    const finished = last !== null && (last.phase === 'revoke' || last.result.status === 'failed');
    return { phases, last, finished };
}

;// CONCATENATED MODULE: ./.build/js/src/aws/offline/user-data-recovery.js




/** What the boot's result means for the host (the revoke phase decides, as over Run Command). */
function bootOutcome(boot) {
    const last = boot.last;
    if (!last)
        return { outcome: 'failed', phase: null, reason: 'the boot printed no result' };
    const { phase, result } = last;
    const details = result.messages.length ? ` (${result.messages.join('; ')})` : '';
    if (result.status === 'failed' || !boot.finished)
        return {
            outcome: 'failed',
            phase,
            reason: `${phase} failed at boot${details}: the old key is still in place`,
        };
    if (result.status === 'incomplete')
        return {
            outcome: 'incomplete',
            phase: 'revoke',
            reason: `at boot: ${result.removed ? `old key removed from ${result.old - result.kept} file(s), ` : ''}but not everywhere${details}`,
        };
    const rotated = result.new > 0 || result.removed > 0;
    return {
        outcome: rotated ? 'rotated' : 'no-old-key',
        phase: null,
        reason: rotated
            ? `through user data at boot: new key verified in ${result.new} file(s) sshd reads, old key removed from every one${details}`
            : `through user data at boot: no file sshd reads held the old key${details}`,
    };
}
async function record(ctx, current, step) {
    current.step = step;
    await writeRecord(ctx.clients.ssm, ctx.parameterPath, current, ctx.kmsKeyId);
    ctx.onStep?.(current.instanceId, step);
}
/** Waits for the boot's full result on the console; a timeout is a failed boot, not an error. */
async function bootResult(ctx, current) {
    try {
        const boot = await waitFor(ctx.waiting, `the recovery result on ${current.instanceId}'s console`, async () => {
            const boot = readBootResult(await consoleText(ctx.clients, current.instanceId), current.token);
            return boot.finished ? boot : null;
        });
        return bootOutcome(boot);
    }
    catch (error) {
        return {
            outcome: 'failed',
            phase: null,
            reason: `${error.message} (the console shows no result of the recovery boot): the old key may still be in place`,
        };
    }
}
/** The report for where the record stands once this run is done with it. */
function finalOutcome(current, extra) {
    const result = current.result ?? {
        outcome: 'failed',
        phase: null,
        reason: 'the recovery boot did not happen',
    };
    const warnings = current.warnings.length ? `; ${current.warnings.join('; ')}` : '';
    return { ...result, reason: `${result.reason}${extra}${warnings}` };
}
/**
 * Takes the recovery from its recorded step to the end (or, for `once`, to
 * restore-pending). `mayBoot`: the recovery user data may still be set; a
 * run that cannot vouch for the record's keys (a sweep, or a record whose
 * keys are not this rotation's) only takes the instance back to its own user
 * data and running state.
 */
async function advanceRecovery(ctx, current, mayBoot) {
    const id = current.instanceId;
    const names = offlineNames(ctx.parameterPath, id);
    const { clients, waiting } = ctx;
    try {
        for (;;) {
            await waiting.tick();
            switch (current.step) {
                case 'saved':
                    ctx.log(`${id}: stopping for the offline recovery`);
                    await stopAndWait(clients, id, waiting);
                    await record(ctx, current, 'stopped');
                    break;
                case 'stopped': {
                    if (!mayBoot) {
                        // Nothing was changed on the instance yet: give it back as it was.
                        if (current.wasRunning)
                            await startAndWait(clients, id, waiting);
                        await forget(clients.ssm, ctx.parameterPath, current);
                        return {
                            outcome: 'skipped',
                            phase: null,
                            reason: 'an earlier offline recovery was abandoned before its boot: the instance runs again, unchanged',
                        };
                    }
                    await stopAndWait(clients, id, waiting);
                    const original = await loadUserData(clients.ssm, ctx.parameterPath, id, current.original);
                    const built = recoveryUserData({
                        token: current.token,
                        oldKeyBlobs: current.oldKeyBlobs,
                        newKeyLine: current.newKeyLine,
                        extraUsers: current.extraUsers,
                    }, original);
                    if (built.note) {
                        const warning = `${built.note}, so it did not run on the recovery boot`;
                        if (!current.warnings.includes(warning))
                            current.warnings.push(warning);
                    }
                    await setUserData(clients, id, built.bytes);
                    await record(ctx, current, 'hook-set');
                    break;
                }
                case 'hook-set':
                    ctx.log(`${id}: starting with the recovery user data`);
                    await startAndWait(clients, id, waiting);
                    await record(ctx, current, 'started');
                    break;
                case 'started':
                    current.result = await bootResult(ctx, current);
                    ctx.log(`${id}: recovery boot: ${current.result.outcome}`);
                    await record(ctx, current, 'booted');
                    break;
                case 'booted':
                    if (current.restore === 'once') {
                        await record(ctx, current, 'restore-pending');
                        break;
                    }
                    ctx.log(`${id}: stopping to put its own user data back`);
                    await stopAndWait(clients, id, waiting);
                    await record(ctx, current, 'stopped-again');
                    break;
                case 'stopped-again': {
                    await stopAndWait(clients, id, waiting);
                    const original = await loadUserData(clients.ssm, ctx.parameterPath, id, current.original);
                    await setUserData(clients, id, original);
                    await record(ctx, current, 'restored');
                    break;
                }
                case 'restored':
                    if (current.wasRunning)
                        await startAndWait(clients, id, waiting);
                    await forget(clients.ssm, ctx.parameterPath, current);
                    current.step = 'done';
                    ctx.onStep?.(id, 'done');
                    return finalOutcome(current, '; its own user data is back, byte for byte');
                case 'restore-pending': {
                    if ((await instanceState(clients, id)) === 'stopped') {
                        // The planned stop came: put the user data back, leave it stopped.
                        const original = await loadUserData(clients.ssm, ctx.parameterPath, id, current.original);
                        await setUserData(clients, id, original);
                        await forget(clients.ssm, ctx.parameterPath, current);
                        current.step = 'done';
                        ctx.onStep?.(id, 'done');
                        return finalOutcome(current, '; its own user data is back, byte for byte');
                    }
                    return finalOutcome(current, `; its user data is still the recovery boothook (it runs no more): the original, saved under ${names.base}, goes back when the instance is next stopped and ec2-key-rotate runs again`);
                }
                case 'done':
                    return finalOutcome(current, '');
            }
        }
    }
    catch (error) {
        const problem = error.message.split('\n')[0] ?? 'unknown error';
        let running = '';
        if (current.wasRunning) {
            try {
                const now = await instanceState(clients, id);
                if (now === 'stopped' || now === 'stopping') {
                    await startAndWait(clients, id, waiting);
                    running = '; the instance was started again';
                }
            }
            catch (again) {
                running = `; THE INSTANCE IS STOPPED and could not be started (${again.message.split('\n')[0]}): start it`;
            }
        }
        ctx.log(`${id}: offline recovery stopped at ${current.step}: ${problem}${running}`);
        return {
            outcome: 'failed',
            phase: current.result?.phase ?? null,
            reason: `offline recovery stopped at step ${current.step} (${problem})${running}; a re-run resumes from ${names.record}`,
        };
    }
}

;// CONCATENATED MODULE: ./.build/js/src/aws/offline/recover.js







/** Instances recovered at once (each spends most of its time waiting on EC2). */
const CONCURRENCY = 8;
const sameKeys = (record, ctx) => record.keyName === ctx.keyName &&
    record.newKeyLine.split(/\s+/)[1] === ctx.newKeyLine.split(/\s+/)[1] &&
    record.oldKeyBlobs.join(' ') === ctx.oldKeyBlobs.join(' ');
function waitingOf(ctx) {
    return {
        pollMs: ctx.options?.pollMs ?? 2_000,
        waitMs: ctx.options?.waitMs ?? 15 * 60_000,
        tick: ctx.tick,
    };
}
async function pool(items, work) {
    let next = 0;
    const worker = async () => {
        while (next < items.length)
            await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
/** Instances whose readiness the offline recovery is for. */
const unreachable = (target) => target.platform === 'linux' &&
    (target.readiness === 'not-managed' || target.readiness === 'offline');
/**
 * Recovers what it can among `candidates` (the targets Run Command could not
 * reach); returns a report for each instance it acted on or refused.
 */
async function recoverOffline(clients, candidates, ctx) {
    const reports = [];
    if (!candidates.length)
        return reports;
    const ids = new Set(candidates.map((target) => target.instanceId));
    const records = new Map((await listRecords(clients.ssm, ctx.parameterPath))
        .filter((record) => ids.has(record.instanceId) && record.region === clients.region)
        .map((record) => [record.instanceId, record]));
    const waiting = waitingOf(ctx);
    const recovery = {
        clients,
        parameterPath: ctx.parameterPath,
        kmsKeyId: ctx.kmsKeyId,
        waiting,
        log: ctx.log,
        onStep: ctx.onStep,
    };
    const report = (target, outcome, waysBack = []) => reports.push({
        instanceId: target.instanceId,
        region: target.region,
        name: target.name,
        ...outcome,
        waysBack: outcome.outcome === 'rotated' || outcome.outcome === 'no-old-key' ? [] : waysBack,
    });
    const fresh = ctx.options
        ? candidates.filter((target) => !records.has(target.instanceId) && unreachable(target))
        : [];
    const checks = await checkStopSafety(clients, fresh.map((target) => target.instanceId));
    const method = ctx.options?.method ?? 'user-data';
    const resumed = candidates.filter((target) => records.has(target.instanceId));
    await pool([...resumed, ...fresh], async (target) => {
        const id = target.instanceId;
        const existing = records.get(id);
        if (existing) {
            const mayBoot = sameKeys(existing, ctx);
            if (!mayBoot)
                ctx.log(`${id}: the recorded offline recovery is for other keys: only undoing it`);
            ctx.log(`${id}: resuming the offline recovery (last step: ${existing.step})`);
            report(target, await advanceRecovery(recovery, existing, mayBoot), instances/* MANUAL_WAYS_BACK */.Uq);
            return;
        }
        const check = checks.get(id);
        if (check?.refusals.length) {
            const reason = `offline recovery refused: ${check.refusals.join('; ')}; nothing was changed, the old key is still in place`;
            ctx.log(`${id}: ${reason}`);
            report(target, { outcome: 'skipped', phase: null, reason }, instances/* MANUAL_WAYS_BACK */.Uq);
            return;
        }
        const warnings = check?.warnings ?? [];
        for (const warning of warnings)
            ctx.log(`${id}: warning: ${warning}`);
        if (method === 'reset-access') {
            const outcome = await resetAccess(clients, id, waiting, ctx.log);
            if (warnings.length)
                outcome.reason += `; ${warnings.join('; ')}`;
            report(target, outcome, instances/* MANUAL_WAYS_BACK */.Uq);
            return;
        }
        try {
            const userData = await readUserData(clients, id);
            const original = await saveUserData(clients.ssm, ctx.parameterPath, id, userData, ctx.kmsKeyId);
            const record = {
                version: 1,
                instanceId: id,
                region: clients.region,
                keyName: ctx.keyName,
                token: newToken(),
                restore: ctx.options?.restoreUserData ?? 'stop-start',
                oldKeyBlobs: ctx.oldKeyBlobs,
                newKeyLine: ctx.newKeyLine,
                extraUsers: ctx.extraUsers,
                step: 'saved',
                wasRunning: target.state === 'running',
                original,
                result: null,
                warnings,
                runId: ctx.runId,
                updatedAt: '',
            };
            await writeRecord(clients.ssm, ctx.parameterPath, record, ctx.kmsKeyId);
            ctx.onStep?.(id, 'saved');
            report(target, await advanceRecovery(recovery, record, true), instances/* MANUAL_WAYS_BACK */.Uq);
        }
        catch (error) {
            report(target, {
                outcome: 'skipped',
                phase: null,
                reason: `offline recovery not started: cannot save its user data (${error.message.split('\n')[0]}); nothing was changed`,
            }, instances/* MANUAL_WAYS_BACK */.Uq);
        }
    });
    return reports.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}
/**
 * Recoveries on record that no rotation of this run took up (its key pair
 * was not rotated again): each is taken back to its own user data and
 * running state, or, for `once`, finished when the instance is stopped.
 * `lock(keyName)` holds the key pair's lock around the work (null: held by
 * another run, which will see to it).
 */
async function settleOfflineRecords(clients, ctx, handled, lock) {
    const settled = [];
    const records = (await listRecords(clients.ssm, ctx.parameterPath)).filter((record) => record.region === clients.region && !handled.has(record.instanceId));
    for (const record of records) {
        const held = await lock(record.keyName);
        if (!held)
            continue;
        try {
            const outcome = await advanceRecovery({
                clients,
                parameterPath: ctx.parameterPath,
                kmsKeyId: ctx.kmsKeyId,
                waiting: { ...waitingOf({ ...ctx, tick: held.tick }) },
                log: ctx.log,
                onStep: ctx.onStep,
            }, record, false);
            settled.push({ instanceId: record.instanceId, keyName: record.keyName, outcome });
        }
        finally {
            await held.release();
        }
    }
    return settled;
}


/***/ }),

/***/ 6304:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ publishKeyPair)
/* harmony export */ });
/* unused harmony export PublishError */
/* harmony import */ var _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5193);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(628);
/* harmony import */ var _key_pairs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3580);
/* harmony import */ var _tags_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3450);




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
function explain(error) {
    const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorMessage */ .X_)(error).replace(/\.+$/, '');
    const name = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorName */ .ZH)(error);
    return name && name !== 'Error' && !message.includes(name) ? `${message} (${name})` : message;
}
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function findPair(clients, keyName) {
    try {
        return (await (0,_key_pairs_js__WEBPACK_IMPORTED_MODULE_0__/* .listKeyPairs */ .lY)(clients, [keyName]))[0] ?? null;
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorName */ .ZH)(error) === 'InvalidKeyPair.NotFound')
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
            const imported = await clients.ec2.send(new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__/* .ImportKeyPairCommand */ .OmI({
                KeyName: keyName,
                PublicKeyMaterial: Buffer.from(publicKeyLine),
                TagSpecifications: (0,_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .keyPairTagSpecifications */ .OT)(tags),
            }));
            return imported.KeyPairId ?? '';
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorName */ .ZH)(error) !== 'InvalidKeyPair.Duplicate' || attempt >= retry.attempts)
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
    const history = (0,_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .historyValue */ .as)([
        ...replaced,
        ...(0,_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .fingerprintHistory */ .ZQ)(current?.tags ?? {}),
        ...(0,_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .fingerprintHistory */ .ZQ)(input.oldPair.tags),
        ...(0,_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .fingerprintHistory */ .ZQ)(input.tags),
    ]);
    const own = { [_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .TAG_ROTATED_AT */ .p7]: new Date().toISOString() };
    const latest = replaced[0];
    if (latest)
        own[_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .TAG_PREVIOUS_FINGERPRINT */ .sI] = latest;
    if (history)
        own[_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .TAG_PREVIOUS_FINGERPRINTS */ .P0] = history;
    const carried = Object.fromEntries(Object.entries(input.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:')));
    const { tags, dropped } = (0,_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .sanitizeTags */ .VZ)(carried, own);
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
            throw new PublishError(`cannot import the new key as ${name}: ${explain(error)}; ${oldName} was left as it is`, null, { cause: error });
        }
        let retired = null;
        if (current && !holdsKey(current, input.newPublicKeyLine, input.newFingerprint)) {
            await clients.ec2.send(new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__/* .DeleteKeyPairCommand */ .EWB({ KeyPairId: current.keyPairId }));
            retired = current.keyPairId;
        }
        return { keyName: name, keyPairId, retired, droppedTags: dropped };
    }
    let retired = null;
    if (current) {
        await clients.ec2.send(new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__/* .DeleteKeyPairCommand */ .EWB({ KeyPairId: current.keyPairId }));
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
        const cause = explain(error);
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
    const { tags } = (0,_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .sanitizeTags */ .VZ)(old.tags);
    let reason = '';
    for (const attemptTags of Object.keys(tags).length ? [tags, {}] : [{}]) {
        try {
            const keyPairId = await importWithRetry(clients, old.keyName, publicKey, old.fingerprint, attemptTags, options, deleted);
            options.log?.(`re-imported the old public key as ${old.keyName} (${keyPairId})`);
            return { pair: { keyName: old.keyName, keyPairId }, reason: '' };
        }
        catch (error) {
            reason = explain(error);
        }
    }
    return { pair: null, reason };
}


/***/ }),

/***/ 2468:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bk: () => (/* binding */ rotateKeyPair),
/* harmony export */   DI: () => (/* binding */ convergeLeak),
/* harmony export */   FL: () => (/* binding */ RotationError),
/* harmony export */   HJ: () => (/* binding */ takeLock),
/* harmony export */   PF: () => (/* binding */ runPhase),
/* harmony export */   Tq: () => (/* binding */ between),
/* harmony export */   U3: () => (/* binding */ probeHosts),
/* harmony export */   Z3: () => (/* binding */ custodyKey),
/* harmony export */   Zo: () => (/* binding */ OPEN_LEAK),
/* harmony export */   hT: () => (/* binding */ skipped),
/* harmony export */   kD: () => (/* binding */ plannedReports),
/* harmony export */   oL: () => (/* binding */ keyBlobs),
/* harmony export */   w1: () => (/* binding */ noteHosts)
/* harmony export */ });
/* harmony import */ var sshpk__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(663);
/* harmony import */ var _keys_generate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8919);
/* harmony import */ var _host_host_script_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3756);
/* harmony import */ var _tags_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(3450);
/* harmony import */ var _host_document_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3317);
/* harmony import */ var _host_host_result_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5718);
/* harmony import */ var _instances_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7383);
/* harmony import */ var _key_pairs_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3580);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(108);
/* harmony import */ var _leaks_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(483);
/* harmony import */ var _parameters_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5443);
/* harmony import */ var _publish_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(6304);
/* harmony import */ var _run_command_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(9114);
/* harmony import */ var _offline_recover_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(7878);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(5230);















class RotationError extends Error {
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
        reason: _instances_js__WEBPACK_IMPORTED_MODULE_5__/* .READINESS_TEXT */ .$y[target.readiness],
        waysBack: target.readiness === 'windows' ? [] : _instances_js__WEBPACK_IMPORTED_MODULE_5__/* .MANUAL_WAYS_BACK */ .Uq,
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
    const outcomes = await (0,_run_command_js__WEBPACK_IMPORTED_MODULE_11__/* .runOnInstances */ .rV)(clients, ids, script, {
        ...options.run,
        comment: `ec2-key-rotate ${phase}`,
        targetTag: options.targetTag,
    });
    for (const outcome of outcomes) {
        const target = byId.get(outcome.instanceId);
        if (!target)
            continue;
        const result = (0,_host_host_result_js__WEBPACK_IMPORTED_MODULE_4__/* .parseHostResult */ .B)(outcome.output, outcome.exitCode ?? -1);
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
            waysBack: outcome.status === 'unreachable' ? _instances_js__WEBPACK_IMPORTED_MODULE_5__/* .MANUAL_WAYS_BACK */ .Uq : [],
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
        const script = (0,_host_document_js__WEBPACK_IMPORTED_MODULE_3__/* .hostCommand */ .mm)({
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
    const script = (0,_host_document_js__WEBPACK_IMPORTED_MODULE_3__/* .hostCommand */ .mm)({
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
    const key = (0,_keys_generate_js__WEBPACK_IMPORTED_MODULE_1__/* .generateKey */ .r)(keyType, `ec2-key-rotate ${pair.keyName}`);
    let parameterVersion;
    try {
        parameterVersion = await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_9__/* .writeParameter */ .P)(clients.ssm, {
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
        throw new RotationError(`cannot store the new private key in Parameter Store (${names.privateKey}): ${error.message}; no instance was changed`);
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
            key === _tags_js__WEBPACK_IMPORTED_MODULE_14__/* .TAG_PREVIOUS_FINGERPRINT */ .sI ||
            key === _tags_js__WEBPACK_IMPORTED_MODULE_14__/* .TAG_PREVIOUS_FINGERPRINTS */ .P0)),
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
    const value = await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_9__/* .readParameter */ .sv)(clients.ssm, version === null ? parameterName : `${parameterName}:${version}`, true);
    if (!value)
        return null;
    try {
        const key = sshpk__WEBPACK_IMPORTED_MODULE_0__.parsePrivateKey(value, 'auto').toPublic();
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
        throw new RotationError(`the recorded state ${names.state} ${why}: refusing to resume. If you did not change it, ` +
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
            (oldFingerprint && (0,_host_host_script_js__WEBPACK_IMPORTED_MODULE_2__/* .blobFingerprint */ .I_)(blob) !== oldFingerprint))
            refuse('lists an old key that is not the key being replaced');
    }
}
/** What the leak record says of each instance after this run. */
function noteHosts(leak, reports, keyName, gone) {
    for (const host of reports) {
        const clean = host.outcome === 'rotated' || host.outcome === 'no-old-key';
        (0,_leaks_js__WEBPACK_IMPORTED_MODULE_8__/* .noteInstance */ .iX)(leak, host.instanceId, {
            region: host.region,
            keyName,
            status: clean ? 'clean' : 'open',
            detail: host.reason.slice(0, 300),
        });
    }
    for (const instance of gone) {
        (0,_leaks_js__WEBPACK_IMPORTED_MODULE_8__/* .noteInstance */ .iX)(leak, instance.instanceId, {
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
            reason: _instances_js__WEBPACK_IMPORTED_MODULE_5__/* .READINESS_TEXT */ .$y.ready,
            waysBack: [],
        }
        : skipped(target));
}
/** The longest pause between two attempts at a held lock. */
const LOCK_RETRY_MAX_MS = 30_000;
/**
 * Takes the key pair's lock, waiting with a bounded backoff while another
 * run holds it (at most lockWaitMs; a killed run's lock expires after its
 * TTL and is then taken over).
 */
async function takeLock(clients, names, options) {
    const waitMs = options.lockWaitMs ?? 0;
    const deadline = Date.now() + waitMs;
    let pause = options.lockRetryMs ?? 2_000;
    for (;;) {
        try {
            return await (0,_lock_js__WEBPACK_IMPORTED_MODULE_7__/* .acquireLock */ .IZ)(clients.ssm, names.lock, options.runId, options.lockTtlMs, {
                breakLock: options.breakLock ?? false,
            });
        }
        catch (error) {
            if (!(error instanceof _lock_js__WEBPACK_IMPORTED_MODULE_7__/* .LockHeldError */ .Rk))
                throw error;
            const left = deadline - Date.now();
            if (left <= 0) {
                if (waitMs > 0)
                    error.message = `${error.message} (waited ${Math.round(waitMs / 1000)} s for it)`;
                throw error;
            }
            const sleep = Math.min(pause, left);
            options.log(`${names.lock}: another run holds the lock; trying again in ${Math.ceil(sleep / 1000)} s`);
            await new Promise((resolve) => setTimeout(resolve, sleep));
            pause = Math.min(pause * 2, LOCK_RETRY_MAX_MS);
        }
    }
}
const between = (lock) => async () => {
    await lock.assertHeld();
    await lock.renew();
};
/**
 * Hands the instances Run Command cannot reach to the offline recovery
 * (offline/recover.ts), which reports those it recovered or refused.
 */
async function offlineHosts(clients, targets, reports, keyName, oldKeyBlobs, newKeyLine, options, lock) {
    const candidates = targets.filter((target) => target.readiness !== 'ready' && target.platform === 'linux');
    for (const host of await (0,_offline_recover_js__WEBPACK_IMPORTED_MODULE_12__/* .recoverOffline */ .eB)(clients, candidates, {
        options: options.offlineRecovery ?? null,
        keyName,
        parameterPath: options.parameterPath,
        kmsKeyId: options.kmsKeyId,
        runId: options.runId,
        oldKeyBlobs,
        newKeyLine,
        extraUsers: options.extraUsers,
        log: options.log,
        tick: between(lock),
    }))
        reports.set(host.instanceId, host);
}
/**
 * Rotates one key pair by the safe protocol: plan, probe, custody first, add,
 * verify, revoke, publish. Each step is recorded, so a run killed anywhere
 * resumes with the same new key (checked against custody); a lock keeps two
 * runs apart. For a leak, the record of every instance the key opened is
 * written before any host is changed and after, so no run forgets one.
 */
async function rotateKeyPair(clients, pair, evidence, options, leak = null) {
    const names = (0,_parameters_js__WEBPACK_IMPORTED_MODULE_9__/* .parameterNames */ .u6)(options.parameterPath, pair.keyName);
    const recorded = leak ? Object.keys(leak.record.instances) : [];
    const { targets, gone } = await (0,_instances_js__WEBPACK_IMPORTED_MODULE_5__/* .findTargets */ .q8)(clients, pair.keyName, options.targetTag, recorded);
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
        let state = await (0,_state_js__WEBPACK_IMPORTED_MODULE_13__/* .readState */ .un)(clients.ssm, names.state);
        const oldFingerprint = pair.matchedBy === _key_pairs_js__WEBPACK_IMPORTED_MODULE_6__/* .ROTATED_EARLIER */ .d8
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
        const current = pair.matchedBy === _key_pairs_js__WEBPACK_IMPORTED_MODULE_6__/* .ROTATED_EARLIER */ .d8 ? null : pair.publicKey;
        if (current &&
            evidence.fingerprint &&
            pair.fingerprint &&
            pair.fingerprint !== evidence.fingerprint) {
            throw new RotationError(`the finding's key (${evidence.fingerprint}) is not the key EC2 holds for ${pair.keyName} (${pair.fingerprint}): refusing to remove it from hosts`);
        }
        const oldKeyBlobs = state?.oldKeyBlobs ?? keyBlobs(current ?? evidence.publicKey);
        if (!oldKeyBlobs.length) {
            throw new RotationError(`cannot rotate ${pair.keyName}: neither the finding nor EC2 gives the old public key`);
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
            await (0,_state_js__WEBPACK_IMPORTED_MODULE_13__/* .writeState */ .Jq)(clients.ssm, names.state, state, options.kmsKeyId);
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
            await (0,_leaks_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLeakRecord */ .ab)(clients.ssm, options.parameterPath, leak.record);
        }
        await updateHosts(clients, ready, reports, state.oldKeyBlobs, state.newKey.publicKeyLine, options, between(lock));
        await offlineHosts(clients, targets, reports, pair.keyName, state.oldKeyBlobs, state.newKey.publicKeyLine, options, lock);
        report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
        if (leak) {
            noteHosts(leak.record, report.hosts, pair.keyName, gone);
            (0,_leaks_js__WEBPACK_IMPORTED_MODULE_8__/* .settlePair */ .y5)(leak.record, clients.region, pair.keyName);
            await (0,_leaks_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLeakRecord */ .ab)(clients.ssm, options.parameterPath, leak.record);
        }
        await lock.assertHeld();
        state = { ...state, step: state.step === 'custody' ? 'hosts' : state.step };
        await (0,_state_js__WEBPACK_IMPORTED_MODULE_13__/* .writeState */ .Jq)(clients.ssm, names.state, state, options.kmsKeyId);
        options.onStep?.('hosts');
        // New launches must not trust the leaked key, whatever the hosts said: the
        // leak record keeps the instances that still do.
        await lock.assertHeld();
        report.published = await (0,_publish_js__WEBPACK_IMPORTED_MODULE_10__/* .publishKeyPair */ .l)(clients, {
            oldPair: pair,
            newPublicKeyLine: state.newKey.publicKeyLine,
            newFingerprint: state.newKey.fingerprint,
            newName: options.newKeyPairName,
            previousFingerprint: state.oldFingerprint ?? 'unknown',
            tags: state.oldTags ??
                Object.fromEntries(Object.entries(pair.tags).filter(([key]) => !key.startsWith('ec2-key-rotate:'))),
        });
        // Publishing is idempotent, so nothing sits between it and done worth recording.
        await (0,_state_js__WEBPACK_IMPORTED_MODULE_13__/* .writeState */ .Jq)(clients.ssm, names.state, { ...state, step: 'done' }, options.kmsKeyId);
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
    const names = (0,_parameters_js__WEBPACK_IMPORTED_MODULE_9__/* .parameterNames */ .u6)(options.parameterPath, keyName);
    const recorded = Object.entries(leak.record.instances)
        .filter(([, instance]) => instance.region === clients.region && instance.keyName === keyName)
        .map(([id]) => id);
    const { targets, gone } = await (0,_instances_js__WEBPACK_IMPORTED_MODULE_5__/* .findTargets */ .q8)(clients, keyName, options.targetTag, recorded);
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
        const [pair] = await (0,_key_pairs_js__WEBPACK_IMPORTED_MODULE_6__/* .listKeyPairs */ .lY)(clients, [keyName]).catch(() => []);
        if (!current || !pair?.publicKey || typeAndBlob(pair.publicKey) !== current.publicKey) {
            throw new RotationError(`the leaked key ${leak.record.fingerprint} still opens instances of ${keyName}, but the pair's current key is not the one in custody (${names.privateKey}): rotate the pair (rotate --key-pair ${keyName}) so a key in custody can replace it`);
        }
        const state = await (0,_state_js__WEBPACK_IMPORTED_MODULE_13__/* .readState */ .un)(clients.ssm, names.state);
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
        await offlineHosts(clients, targets, reports, keyName, leak.record.blobs, report.newKey.publicKeyLine, options, lock);
        report.hosts = [...reports.values()].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
        noteHosts(leak.record, report.hosts, keyName, gone);
        (0,_leaks_js__WEBPACK_IMPORTED_MODULE_8__/* .settlePair */ .y5)(leak.record, clients.region, keyName);
        await lock.assertHeld();
        await (0,_leaks_js__WEBPACK_IMPORTED_MODULE_8__/* .writeLeakRecord */ .ab)(clients.ssm, options.parameterPath, leak.record);
        return report;
    }
    finally {
        await lock.release();
    }
}
/** matchedBy for a key pair reached through an open leak record. */
const OPEN_LEAK = 'an open leak record (instances still to clean)';


/***/ }),

/***/ 5230:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hi: () => (/* binding */ unfinishedRotations),
/* harmony export */   Jq: () => (/* binding */ writeState),
/* harmony export */   un: () => (/* binding */ readState)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);
/* harmony import */ var _parameters_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5443);


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
    const raw = await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_0__/* .readParameter */ .sv)(ssm, name, true);
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
    for await (const page of (0,_aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .paginateGetParametersByPath */ .kU5)({ client: ssm }, { Path: path, Recursive: true, WithDecryption: false, MaxResults: 10 })) {
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
    await (0,_parameters_js__WEBPACK_IMPORTED_MODULE_0__/* .writeParameter */ .P)(ssm, {
        name,
        value: JSON.stringify({ ...state, updatedAt: new Date().toISOString() }),
        secure: true,
        kmsKeyId,
        tags: { 'ec2-key-rotate': 'state' },
        description: `ec2-key-rotate progress for key pair ${state.keyName}`,
    });
}


/***/ }),

/***/ 8919:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ generateKey)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var sshpk__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(663);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(762);



/**
 * Makes the replacement key. sshpk cannot generate RSA, so node:crypto makes
 * both kinds and sshpk converts them to OpenSSH form.
 */
function generateKey(type = 'ed25519', comment = 'ec2-key-rotate', rsaBits = 4096) {
    const privateKeyPem = type === 'rsa'
        ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('rsa', { modulusLength: rsaBits }).privateKey.export({
            type: 'pkcs1',
            format: 'pem',
        })
        : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    const privateKey = sshpk__WEBPACK_IMPORTED_MODULE_1__.parsePrivateKey(privateKeyPem.toString(), 'pem');
    privateKey.comment = comment;
    const publicKey = privateKey.toPublic();
    return {
        type,
        publicKeyLine: `${publicKey.toString('ssh')}`,
        privateKeyOpenssh: privateKey.toString('ssh'),
        privateKeyPem: privateKeyPem.toString(),
        fingerprint: (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_2__/* .sha256Fingerprint */ ._7)(publicKey),
        ec2Fingerprints: (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_2__/* .ec2Fingerprints */ .i_)(publicKey, privateKey),
    };
}


/***/ })

};
