export const id = 41;
export const ids = [41];
export const modules = {

/***/ 7041:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAuditCommand: () => (/* binding */ runAuditCommand)
});

// UNUSED EXPORTS: sinceTime

// EXTERNAL MODULE: ./.build/js/src/aws/host/host-result.js
var host_result = __webpack_require__(5718);
;// CONCATENATED MODULE: ./.build/js/src/aws/audit-result.js
/**
 * Reads what the audit phase (src/aws/host/audit.sh) printed:
 *   EC2KR-SRC <name> <state> <oldest|-> <records> <files> <untrusted> <unreadable>
 *   EC2KR-LOGIN <user> <addr> <before> <since> <first> <last> <new>
 *   EC2KR-OPEN <pid> <user> <addr> <time>
 *   EC2KR-AUDIT v=1 status=ok now=T since=T|- groups=N leaked=N recent=N other=N unknown=N open=N keyfiles=N unreadable=N
 * Every value came out of a log file on a host, so every line is checked
 * again here (shapes, ranges); a line that fails is dropped and counted,
 * and a missing result line is a failure, never an empty audit.
 */

const SOURCE_NAMES = ['journal', 'auth.log', 'secure', 'wtmp', 'btmp'];
/** Sources whose records name the key (wtmp/btmp only say how far sessions go back). */
const KEY_SOURCES = ['journal', 'auth.log', 'secure'];
const USER = /^[A-Za-z0-9_][-A-Za-z0-9_.@]{0,31}\$?$|^\?$/;
const ADDRESS = /^[0-9A-Za-z.:%-]{1,45}$|^\?$/;
const TIME = /^\d{1,11}$/;
const COUNT = /^\d{1,9}$/;
const STATES = new Set(['found', 'absent', 'unreadable', 'untrusted']);
const ERRORS = {
    'missing-ssh-keygen': 'ssh-keygen is missing on the host: the leaked key cannot be fingerprinted',
    'bad-key': "ssh-keygen could not read the leaked key's blob",
    'bad-parameters': 'the SSM document received malformed parameters (a line break in a value): nothing was read',
    'bad-phase': 'the installed host script does not know the audit phase: install this release’s document',
    'no-sshd': 'sshd not found: which authorized_keys files it reads cannot be checked',
    'sshd-T-failed': '`sshd -T` failed: sshd’s configuration cannot be evaluated',
    'not-root': 'the script did not run as root',
    mktemp: 'mktemp failed (no writable temp directory?)',
    'no-passwd': 'cannot read the account list',
};
function iso(seconds) {
    return new Date(Number(seconds) * 1000).toISOString();
}
function emptyAudit(error) {
    return {
        status: 'failed',
        error,
        hostTime: null,
        since: null,
        sources: [],
        logins: [],
        groups: 0,
        leakedLogins: 0,
        recentLogins: 0,
        openSessions: [],
        open: 0,
        otherKeyLogins: 0,
        unknownKeyLogins: 0,
        keyFiles: 0,
        unreadableKeyFiles: 0,
        malformed: 0,
    };
}
function parseSource(words) {
    const [name = '', state = '', oldest = '', ...counts] = words;
    if (!SOURCE_NAMES.includes(name) || !STATES.has(state))
        return null;
    if (!(oldest === '-' || TIME.test(oldest)))
        return null;
    if (counts.length !== 4 || !counts.every((count) => COUNT.test(count)))
        return null;
    const [records, files, untrusted, unreadable] = counts.map(Number);
    return {
        name: name,
        state: state,
        oldest: oldest === '-' ? null : iso(oldest),
        records: records,
        files: files,
        untrusted: untrusted,
        unreadable: unreadable,
    };
}
function parseLogin(words) {
    const [user = '', address = '', before = '', since = '', first = '', last = '', fresh = ''] = words;
    if (words.length !== 7 || !USER.test(user) || !ADDRESS.test(address))
        return null;
    if (![before, since].every((count) => COUNT.test(count)))
        return null;
    if (![first, last].every((time) => TIME.test(time)) || !/^[01]$/.test(fresh))
        return null;
    return {
        user,
        address,
        before: Number(before),
        since: Number(since),
        first: iso(first),
        last: iso(last),
        newAddress: fresh === '1',
    };
}
function parseSession(words) {
    const [pid = '', user = '', address = '', at = ''] = words;
    if (words.length !== 4 || !/^\d{1,10}$/.test(pid) || !USER.test(user))
        return null;
    if (!ADDRESS.test(address) || !TIME.test(at))
        return null;
    return { pid: Number(pid), user, address, loginAt: iso(at) };
}
/** Parses the audit phase's output (stdout, or Run Command's combined output). */
function parseAuditOutput(output, exitCode) {
    const stdout = output.split('----------ERROR-------')[0] ?? '';
    const lines = stdout.split('\n').map((line) => line.replace(/\r$/, ''));
    const resultLine = lines.filter((line) => line.startsWith('EC2KR-AUDIT ')).pop();
    if (!resultLine) {
        // The rotation script's own failure line (it failed before the audit began).
        const failed = lines.filter((line) => line.startsWith('EC2KR-RESULT ')).pop();
        const error = failed ? (0,host_result/* fields */.O)(failed).get('error') : undefined;
        if (error)
            return emptyAudit(ERRORS[error] ?? `the host script failed: ${readable(error)}`);
        const cut = output.includes('---Output truncated---') ? 'output truncated, ' : '';
        return emptyAudit(`${cut}the audit printed no result line (exit ${exitCode ?? '?'})`);
    }
    const map = (0,host_result/* fields */.O)(resultLine);
    const number = (key) => {
        const value = map.get(key);
        return value !== undefined && COUNT.test(value) ? Number(value) : null;
    };
    const keys = [
        'groups',
        'leaked',
        'recent',
        'other',
        'unknown',
        'open',
        'keyfiles',
        'unreadable',
    ];
    const values = keys.map(number);
    const now = map.get('now') ?? '';
    const since = map.get('since') ?? '';
    if (map.get('v') !== '1' || map.get('status') !== 'ok') {
        const error = map.get('error');
        return emptyAudit(error
            ? (ERRORS[error] ?? `the audit failed: ${readable(error)}`)
            : `malformed audit line: ${readable(resultLine)}`);
    }
    if (values.includes(null) || !TIME.test(now) || !(since === '-' || TIME.test(since)))
        return emptyAudit(`malformed audit line: ${readable(resultLine)}`);
    const [groups, leaked, recent, other, unknown, open, keyFiles, unreadable] = values;
    const audit = {
        ...emptyAudit(''),
        status: exitCode === 0 || exitCode === null ? 'ok' : 'failed',
        error: exitCode === 0 || exitCode === null ? null : `the audit exited ${exitCode}`,
        hostTime: iso(now),
        since: since === '-' ? null : iso(since),
        groups: groups,
        leakedLogins: leaked,
        recentLogins: recent,
        otherKeyLogins: other,
        unknownKeyLogins: unknown,
        open: open,
        keyFiles: keyFiles,
        unreadableKeyFiles: unreadable,
    };
    for (const line of lines) {
        const [tag, ...words] = line.split(' ');
        if (tag === 'EC2KR-SRC') {
            const source = parseSource(words);
            if (source && !audit.sources.some((known) => known.name === source.name))
                audit.sources.push(source);
            else
                audit.malformed++;
        }
        else if (tag === 'EC2KR-LOGIN') {
            const login = parseLogin(words);
            if (login)
                audit.logins.push(login);
            else
                audit.malformed++;
        }
        else if (tag === 'EC2KR-OPEN') {
            const session = parseSession(words);
            if (session)
                audit.openSessions.push(session);
            else
                audit.malformed++;
        }
    }
    return audit;
}
/** Host text made safe to show: printable ASCII, short. */
function readable(text) {
    const printable = text.replace(/[^\x20-\x7e]/g, '?');
    return printable.length > 120 ? `${printable.slice(0, 119)}…` : printable;
}

// EXTERNAL MODULE: ./.build/js/src/aws/clients.js
var clients = __webpack_require__(8683);
// EXTERNAL MODULE: ./.build/js/src/aws/credentials.js
var aws_credentials = __webpack_require__(3249);
// EXTERNAL MODULE: ./.build/js/src/aws/host/document.js
var host_document = __webpack_require__(3317);
// EXTERNAL MODULE: ./.build/js/src/aws/instances.js
var instances = __webpack_require__(7383);
// EXTERNAL MODULE: ./.build/js/src/aws/key-pairs.js
var key_pairs = __webpack_require__(3580);
// EXTERNAL MODULE: ./.build/js/src/aws/leaks.js
var leaks = __webpack_require__(483);
// EXTERNAL MODULE: ./.build/js/src/aws/run-command.js
var run_command = __webpack_require__(9114);
;// CONCATENATED MODULE: ./.build/js/src/aws/audit.js








/** Seconds the audit may run on a host: reading years of logs takes longer than a rotation phase. */
const AUDIT_EXECUTION_TIMEOUT = 600;
/** The earliest commit time of a finding's locations (never later than now). */
function findingSince(finding, now) {
    const times = finding.locations
        .map((location) => (location.authorDate ? Date.parse(location.authorDate) : NaN))
        .filter((time) => Number.isFinite(time));
    if (!times.length)
        return null;
    // Commit dates are the committer's word: a date in the future would hide logins.
    return new Date(Math.min(Math.min(...times), now.getTime()));
}
/** The command that ends an sshd session, for a person with SSM rights. */
function endSessionCommand(region, instanceId, pid) {
    return (`aws ssm send-command --region ${region} --instance-ids ${instanceId} ` +
        `--document-name AWS-RunShellScript --parameters 'commands=["kill ${pid}"]'`);
}
function blobOf(publicKey) {
    return publicKey?.trim().split(/\s+/)[1] ?? null;
}
/** The verdict for one instance that ran the audit. */
function verdictOf(since, audit) {
    const keySources = audit.sources.filter((source) => KEY_SOURCES.includes(source.name) && source.state === 'found');
    const oldest = keySources
        .map((source) => source.oldest)
        .filter((time) => time !== null)
        .sort()[0] ?? null;
    if (audit.recentLogins > 0) {
        return {
            verdict: 'yes',
            why: `the leaked key logged in ${audit.recentLogins} time(s)${since ? ' since the leak' : ''}`,
            oldest,
        };
    }
    if (!since)
        return {
            verdict: 'cannot-tell',
            why: `no login by the leaked key in the logs${oldest ? ` (back to ${oldest})` : ''}, but no leak time is known to compare with (give --since)`,
            oldest,
        };
    if (!keySources.length)
        return {
            verdict: 'cannot-tell',
            why: 'no trusted sshd log found (journal, auth.log, secure): whether the key logged in cannot be told',
            oldest,
        };
    const partial = audit.sources.filter((source) => KEY_SOURCES.includes(source.name) && source.unreadable > 0);
    if (partial.length)
        return {
            verdict: 'cannot-tell',
            why: `no login by the leaked key found, but ${partial.map((source) => source.name).join(' and ')} could not be read to the end: a login may be missing`,
            oldest,
        };
    if (!oldest || Date.parse(oldest) > since.getTime())
        return {
            verdict: 'cannot-tell',
            why: `the sshd logs reach back to ${oldest ?? 'no record'} only, after the leak at ${since.toISOString()}`,
            oldest,
        };
    return {
        verdict: 'no',
        why: `no login by the leaked key since the leak; the sshd logs reach back to ${oldest}`,
        oldest,
    };
}
function unreached(target, keyPairs, why) {
    return {
        region: target.region,
        instanceId: target.instanceId,
        name: target.name,
        keyPairs,
        reason: target.reason,
        reached: false,
        verdict: 'cannot-tell',
        why,
        loginsSince: 0,
        loginsBefore: 0,
        logins: [],
        loginGroupsOmitted: 0,
        newAddresses: [],
        openSessions: [],
        openSessionsOmitted: 0,
        otherKeyLogins: 0,
        unknownKeyLogins: 0,
        sources: [],
        oldestRecord: null,
        keyFiles: 0,
        unreadableKeyFiles: 0,
    };
}
/** What the leak record of a key knows: its key pairs and every instance it ever opened. */
async function addRecorded(plan, regions, config, errors) {
    for (const clients of regions) {
        try {
            const record = await (0,leaks/* readLeakRecord */.bO)(clients.ssm, config.parameterPath, plan.fingerprint);
            if (!record)
                continue;
            for (const blob of record.blobs)
                if (!plan.blobs.includes(blob))
                    plan.blobs.push(blob);
            const instances = Object.entries(record.instances).filter(([, instance]) => instance.region === clients.region && instance.status !== 'terminated');
            const names = [
                ...record.pairs.filter((entry) => entry.region === clients.region),
                ...instances.map(([, instance]) => instance),
            ].map((entry) => entry.keyName);
            for (const keyName of new Set(names)) {
                if (!plan.pairs.some((known) => known.keyName === keyName && known.clients === clients))
                    plan.pairs.push({ clients, keyName, matchedBy: 'the leak record' });
            }
            const ids = instances.map(([id]) => id);
            plan.recorded.set(clients.region, ids);
        }
        catch (error) {
            errors.push({
                region: clients.region,
                message: `cannot read the leak record of ${plan.fingerprint}: ${error.message}`,
            });
        }
    }
}
async function plansOf(request, regions, config, report) {
    const now = config.now ?? new Date();
    const plans = [];
    if (request.kind === 'findings') {
        for (const finding of request.findings) {
            const blob = blobOf(finding.publicKey);
            if (!finding.fingerprint || !blob) {
                report.unmatched.push({
                    id: finding.id,
                    reason: finding.note ?? 'no public key: its logins cannot be recognised',
                });
                continue;
            }
            const evidence = {
                fingerprint: finding.fingerprint,
                md5: finding.md5,
                publicKey: finding.publicKey,
                ec2Fingerprints: finding.ec2Fingerprints,
            };
            const since = config.since ?? findingSince(finding, now);
            const plan = {
                fingerprint: finding.fingerprint,
                blobs: [blob],
                since,
                sinceFrom: config.since ? 'flag' : since ? 'scan' : null,
                pairs: [],
                recorded: new Map(),
            };
            for (const pair of await (0,key_pairs/* findMatchingKeyPairs */.Ph)(regions, evidence)) {
                const clients = regions.find((entry) => entry.region === pair.region);
                plan.pairs.push({ clients, keyName: pair.keyName, matchedBy: pair.matchedBy });
            }
            await addRecorded(plan, regions, config, report.errors);
            if (!plan.pairs.length) {
                report.unmatched.push({
                    id: finding.id,
                    reason: `no EC2 key pair or leak record in ${config.regions.join(', ')} matches`,
                });
                continue;
            }
            plans.push(plan);
        }
        return plans;
    }
    const found = new Set();
    for (const clients of regions) {
        for (const pair of await (0,key_pairs/* listKeyPairs */.lY)(clients)) {
            if (!request.names.includes(pair.keyName))
                continue;
            found.add(pair.keyName);
            const blob = blobOf(pair.publicKey);
            if (!pair.publicKey || !blob) {
                report.errors.push({
                    region: clients.region,
                    message: `EC2 returned no public key for key pair ${pair.keyName}`,
                });
                continue;
            }
            const evidence = (0,key_pairs/* evidenceFromPublicKey */.Uv)(pair.publicKey);
            const fingerprint = evidence.fingerprint;
            // One key may be imported under several names: audit it once.
            let plan = plans.find((known) => known.fingerprint === fingerprint);
            if (!plan) {
                const since = config.since ?? pair.createTime;
                plan = {
                    fingerprint,
                    blobs: [blob],
                    since,
                    sinceFrom: config.since ? 'flag' : since ? 'key-pair-created' : null,
                    pairs: [],
                    recorded: new Map(),
                };
                plans.push(plan);
            }
            else if (!config.since && pair.createTime && plan.since && pair.createTime < plan.since) {
                plan.since = pair.createTime;
            }
            plan.pairs.push({ clients, keyName: pair.keyName, matchedBy: 'named' });
        }
    }
    for (const name of request.names) {
        if (!found.has(name))
            report.errors.push({
                region: config.regions.join(', '),
                message: `no such key pair: ${name}`,
            });
    }
    for (const plan of plans)
        await addRecorded(plan, regions, config, report.errors);
    return plans;
}
/** Runs the audit of one key in one region. */
async function auditRegion(plan, clients, config, report) {
    const pairs = plan.pairs.filter((pair) => pair.clients === clients);
    const targets = new Map();
    const recorded = plan.recorded.get(clients.region) ?? [];
    for (const keyName of new Set(pairs.map((pair) => pair.keyName))) {
        const { targets: found } = await (0,instances/* findTargets */.q8)(clients, keyName, config.targetTag, recorded);
        for (const target of found) {
            const entry = targets.get(target.instanceId) ?? { target, keyPairs: [] };
            if (target.keyName === keyName && !entry.keyPairs.includes(keyName))
                entry.keyPairs.push(keyName);
            targets.set(target.instanceId, entry);
        }
    }
    const results = [];
    const ready = [...targets.values()].filter(({ target }) => target.readiness === 'ready');
    for (const { target, keyPairs } of targets.values()) {
        if (target.readiness === 'windows')
            results.push(unreached(target, keyPairs, 'not audited: Windows (no sshd logs read; the key pair decrypts the initial Administrator password: look for GetPasswordData on this instance in CloudTrail since the leak)'));
        else if (target.readiness !== 'ready')
            results.push(unreached(target, keyPairs, `not audited: ${instances/* READINESS_TEXT */.$y[target.readiness]}`));
    }
    if (!ready.length)
        return results;
    const command = (0,host_document/* hostCommand */.mm)({
        phase: 'audit',
        oldKeyBlobs: plan.blobs,
        newKeyLine: null,
        extraUsers: [],
        since: plan.since ? Math.floor(plan.since.getTime() / 1000) : null,
    });
    config.log?.(`audit: ${ready.length} instance(s) in ${clients.region} for ${plan.fingerprint}`);
    let outcomes;
    try {
        outcomes = await (0,run_command/* runOnInstances */.rV)(clients, ready.map(({ target }) => target.instanceId), command, {
            ...config.run,
            comment: 'ec2-key-rotate audit',
            executionTimeout: Math.max(config.run.executionTimeout, AUDIT_EXECUTION_TIMEOUT),
        });
    }
    catch (error) {
        report.errors.push({ region: clients.region, message: error.message });
        for (const { target, keyPairs } of ready)
            results.push(unreached(target, keyPairs, `not audited: ${error.message}`));
        return results;
    }
    for (const outcome of outcomes) {
        const entry = targets.get(outcome.instanceId);
        if (!entry)
            continue;
        const { target, keyPairs } = entry;
        if (outcome.status === 'unreachable') {
            results.push(unreached(target, keyPairs, `not audited: Run Command ${outcome.ssmStatus}${outcome.reason ? ` (${outcome.reason})` : ''}`));
            continue;
        }
        const audit = parseAuditOutput(outcome.output, outcome.exitCode);
        if (audit.status === 'failed') {
            results.push({
                ...unreached(target, keyPairs, `the audit could not run: ${audit.error ?? 'failed'}`),
                sources: audit.sources,
            });
            continue;
        }
        const { verdict, why, oldest } = verdictOf(plan.since, audit);
        // "First seen after the leak" means something only when the logs reach back to it.
        const reachesBack = oldest !== null && plan.since !== null && Date.parse(oldest) <= plan.since.getTime();
        results.push({
            region: target.region,
            instanceId: target.instanceId,
            name: target.name,
            keyPairs,
            reason: target.reason,
            reached: true,
            verdict,
            why,
            loginsSince: audit.recentLogins,
            loginsBefore: audit.leakedLogins - audit.recentLogins,
            logins: audit.logins,
            loginGroupsOmitted: Math.max(0, audit.groups - audit.logins.length),
            newAddresses: reachesBack
                ? [
                    ...new Set(audit.logins.filter((login) => login.newAddress).map((login) => login.address)),
                ]
                : [],
            openSessions: audit.openSessions.map((session) => ({
                ...session,
                endCommand: endSessionCommand(target.region, target.instanceId, session.pid),
            })),
            openSessionsOmitted: Math.max(0, audit.open - audit.openSessions.length),
            otherKeyLogins: audit.otherKeyLogins,
            unknownKeyLogins: audit.unknownKeyLogins,
            sources: audit.sources,
            oldestRecord: oldest,
            keyFiles: audit.keyFiles,
            unreadableKeyFiles: audit.unreadableKeyFiles,
        });
    }
    return results.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}
/**
 * Audits every instance each leaked key (or named key pair) opens, in every
 * region. Read-only: DescribeKeyPairs, DescribeInstances,
 * DescribeInstanceInformation, GetParameter (leak records), SendCommand with
 * the project's document (phase audit) and ListCommands/ListCommandInvocations.
 */
async function runAudit(request, config) {
    if (!config.regions.length)
        throw new Error('no AWS region: name --region or set AWS_REGION');
    const credentials = await (0,aws_credentials/* resolveCredentials */.z)(config.credentials);
    const regions = config.regions.map((region) => (0,clients/* regionClients */.dF)(region, credentials));
    const report = {
        keys: [],
        leakedKeyLogins: 0,
        usedOn: 0,
        cannotTell: 0,
        unmatched: [],
        errors: [],
    };
    try {
        for (const plan of await plansOf(request, regions, config, report)) {
            const instances = [];
            for (const clients of regions) {
                if (!plan.pairs.some((pair) => pair.clients === clients))
                    continue;
                try {
                    instances.push(...(await auditRegion(plan, clients, config, report)));
                }
                catch (error) {
                    report.errors.push({ region: clients.region, message: error.message });
                }
            }
            report.keys.push({
                fingerprint: plan.fingerprint,
                since: plan.since?.toISOString() ?? null,
                sinceFrom: plan.sinceFrom,
                keyPairs: plan.pairs.map((pair) => ({
                    region: pair.clients.region,
                    keyName: pair.keyName,
                    matchedBy: pair.matchedBy,
                })),
                instances,
            });
        }
    }
    finally {
        (0,clients/* destroyClients */.Fj)(regions);
    }
    for (const instance of report.keys.flatMap((key) => key.instances)) {
        report.leakedKeyLogins += instance.loginsSince;
        if (instance.verdict === 'yes')
            report.usedOn++;
        if (instance.verdict === 'cannot-tell')
            report.cannotTell++;
    }
    return report;
}

// EXTERNAL MODULE: ./.build/js/src/report/log-escape.js
var log_escape = __webpack_require__(8136);
// EXTERNAL MODULE: ./.build/js/src/report/json-stream.js
var json_stream = __webpack_require__(2761);
;// CONCATENATED MODULE: ./.build/js/src/report/audit.js



const VERDICT = {
    yes: 'USED',
    no: 'not used',
    'cannot-tell': 'CANNOT TELL',
};
function source(entry) {
    const parts = [];
    if (entry.state === 'found') {
        if (entry.name !== 'journal')
            parts.push(`${entry.files} file(s)`);
        parts.push(entry.oldest ? `oldest ${entry.oldest}` : 'no records');
    }
    if (entry.untrusted)
        parts.push(`${entry.untrusted} not trusted (writable by others than root)`);
    if (entry.unreadable)
        parts.push(`${entry.unreadable} unreadable`);
    return `${entry.name} ${entry.state}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
function instanceText(instance) {
    const name = instance.name ? ` (${instance.name})` : '';
    const pairs = instance.keyPairs.length ? ` [${instance.keyPairs.join(', ')}]` : '';
    const lines = [
        `  ${instance.instanceId}${name}${pairs} ${instance.region}: ${VERDICT[instance.verdict]}: ${instance.why}`,
    ];
    const since = instance.logins.filter((login) => login.since > 0);
    const before = instance.logins.filter((login) => login.before > 0);
    if (since.length) {
        lines.push('    logins by the leaked key since the leak:');
        for (const login of since) {
            const fresh = instance.newAddresses.includes(login.address)
                ? '  NEW ADDRESS (no login from it before the leak)'
                : '';
            lines.push(`      ${login.user} from ${login.address}: ${login.since} (first ${login.first}, last ${login.last})${fresh}`);
        }
    }
    if (before.length) {
        lines.push('    logins by the leaked key before the leak:');
        for (const login of before)
            lines.push(`      ${login.user} from ${login.address}: ${login.before}`);
    }
    if (instance.loginGroupsOmitted)
        lines.push(`    and ${instance.loginGroupsOmitted} more user/address pair(s) not listed`);
    for (const session of instance.openSessions) {
        lines.push(`    OPEN SESSION: sshd pid ${session.pid}, ${session.user} from ${session.address} since ${session.loginAt}; end it: ${session.endCommand}`);
    }
    if (instance.openSessionsOmitted)
        lines.push(`    and ${instance.openSessionsOmitted} more open session(s)`);
    const logsFound = instance.sources.some((entry) => KEY_SOURCES.includes(entry.name) && entry.state === 'found');
    if (logsFound) {
        lines.push(`    other keys since the leak: ${instance.otherKeyLogins} login(s) by other keys of the affected authorized_keys files, ${instance.unknownKeyLogins} by keys they do not hold`);
        if (instance.unreadableKeyFiles)
            lines.push(`    ${instance.unreadableKeyFiles} authorized_keys file(s) could not be read: their other keys are counted as unknown`);
    }
    if (instance.sources.length)
        lines.push(`    sources: ${instance.sources.map(source).join('; ')}`);
    return lines;
}
/** The audit for a terminal. */
function auditText(report) {
    const lines = [];
    for (const key of report.keys) {
        const since = key.since
            ? `leak time ${key.since} (${key.sinceFrom === 'flag'
                ? '--since'
                : key.sinceFrom === 'scan'
                    ? 'the earliest commit that holds the key'
                    : 'when the key pair was created'})`
            : 'no leak time';
        lines.push(`Audit of key ${key.fingerprint}, ${since}`);
        lines.push(`  key pairs: ${key.keyPairs.map((pair) => `${pair.keyName} (${pair.region}, ${pair.matchedBy})`).join(', ') || 'none'}`);
        if (!key.instances.length)
            lines.push('  no instance found');
        for (const instance of key.instances)
            lines.push(...instanceText(instance));
    }
    for (const entry of report.unmatched)
        lines.push(`not audited: ${entry.id}: ${entry.reason}`);
    for (const error of report.errors)
        lines.push(`error (${error.region}): ${error.message}`);
    const instances = report.keys.reduce((sum, key) => sum + key.instances.length, 0);
    lines.push(`Summary: the leaked key logged in ${report.leakedKeyLogins} time(s) since the leak, on ${report.usedOn} of ${instances} instance(s); ${report.cannotTell} cannot tell.`);
    return `${lines.map(log_escape/* escapeLogLine */._P).join('\n')}\n`;
}
/** The audit as JSON (the shape of AuditReport, versioned). */
function auditJson(report) {
    return `${(0,json_stream/* jsonText */.s$)({ version: 1, ...report })}\n`;
}

// EXTERNAL MODULE: ./.build/js/src/validate.js + 2 modules
var validate = __webpack_require__(778);
// EXTERNAL MODULE: ./.build/js/src/commands/flags.js
var flags = __webpack_require__(4991);
;// CONCATENATED MODULE: ./.build/js/src/commands/audit.js






/** An ISO 8601 time with a date, a time and a zone (`2026-03-05T10:00:00Z`), not in the future. */
function sinceTime(raw, now = new Date()) {
    const value = raw.trim();
    const iso = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.test(value);
    const time = iso ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
    if (!Number.isFinite(time))
        throw new validate/* ConfigError */.xL(`--since must be an ISO 8601 time with a zone, like 2026-03-05T10:00:00Z, got ${(0,validate/* shown */.SP)(raw)}`);
    if (time > now.getTime())
        throw new validate/* ConfigError */.xL(`--since is in the future: ${(0,validate/* shown */.SP)(raw)}`);
    return new Date(time);
}
function regionsOf(options) {
    const regions = [...new Set((options.region ?? []).map((value) => (0,validate/* region */.Ny)(value, '--region')))];
    if (regions.length)
        return regions;
    const fallback = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (!fallback)
        throw new validate/* ConfigError */.xL('no AWS region: name --region or set AWS_REGION');
    return [(0,validate/* region */.Ny)(fallback, process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION')];
}
async function requestOf(options) {
    if (options.keyPair) {
        return {
            kind: 'key-pairs',
            names: [...new Set(options.keyPair.map((name) => (0,validate/* keyPairName */.vU)(name, '--key-pair')))],
        };
    }
    return { kind: 'findings', findings: await (0,flags/* findingsFromScanFile */.Si)(options.fromScan) };
}
/**
 * `audit`: was the leaked key used on the instances it opens? Read-only.
 * Exit 0: no instance shows a login since the leak and every one could
 * tell; 1: the key logged in somewhere, or some instance cannot tell, or a
 * key matched nothing; 2: error (bad flags, AWS refused).
 */
async function runAuditCommand(options) {
    if ((options.keyPair === undefined) === (options.fromScan === undefined))
        throw new validate/* ConfigError */.xL('name exactly one of --key-pair NAME or --from-scan FILE');
    const ssmDocument = (options.ssmDocument ?? 'ec2-key-rotate');
    if (!validate/* SSM_DOCUMENTS */.vY.includes(ssmDocument))
        throw new validate/* ConfigError */.xL(`--ssm-document must be one of ${validate/* SSM_DOCUMENTS */.vY.join(', ')}, got ${(0,validate/* shown */.SP)(ssmDocument)}`);
    const config = {
        regions: regionsOf(options),
        credentials: { kind: 'default' },
        parameterPath: (0,validate/* parameterPath */.dJ)(options.parameterPath ?? validate/* DEFAULT_PARAMETER_PATH */.YP, '--parameter-path'),
        targetTag: (0,validate/* targetTag */.mI)(options.targetTag ?? '', '--target-tag'),
        since: options.since === undefined ? null : sinceTime(options.since),
        run: { ...run_command/* DEFAULT_RUN_OPTIONS */.pI, ssmDocument },
        log: (line) => process.stderr.write(`${(0,log_escape/* escapeLogLine */._P)(line)}\n`),
    };
    const request = await requestOf(options);
    const report = await runAudit(request, config);
    process.stdout.write(options.format === 'json' ? auditJson(report) : auditText(report));
    const clean = report.usedOn === 0 &&
        report.cannotTell === 0 &&
        report.unmatched.length === 0 &&
        report.errors.length === 0;
    return clean ? 0 : 1;
}


/***/ })

};
