export const id = 67;
export const ids = [67];
export const modules = {

/***/ 8916:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gs: () => (/* binding */ parseAuditOutput),
/* harmony export */   jP: () => (/* binding */ KEY_SOURCES)
/* harmony export */ });
/* unused harmony export SOURCE_NAMES */
/* harmony import */ var _host_host_result_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5718);
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
        const error = failed ? (0,_host_host_result_js__WEBPACK_IMPORTED_MODULE_0__/* .fields */ .O)(failed).get('error') : undefined;
        if (error)
            return emptyAudit(ERRORS[error] ?? `the host script failed: ${readable(error)}`);
        const cut = output.includes('---Output truncated---') ? 'output truncated, ' : '';
        return emptyAudit(`${cut}the audit printed no result line (exit ${exitCode ?? '?'})`);
    }
    const map = (0,_host_host_result_js__WEBPACK_IMPORTED_MODULE_0__/* .fields */ .O)(resultLine);
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

/***/ 1067:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   auditJson: () => (/* binding */ auditJson),
/* harmony export */   auditText: () => (/* binding */ auditText)
/* harmony export */ });
/* harmony import */ var _aws_audit_result_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8916);
/* harmony import */ var _log_escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8136);
/* harmony import */ var _json_stream_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2761);



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
    const logsFound = instance.sources.some((entry) => _aws_audit_result_js__WEBPACK_IMPORTED_MODULE_0__/* .KEY_SOURCES */ .jP.includes(entry.name) && entry.state === 'found');
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
    return `${lines.map(_log_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLogLine */ ._P).join('\n')}\n`;
}
/** The audit as JSON (the shape of AuditReport, versioned). */
function auditJson(report) {
    return `${(0,_json_stream_js__WEBPACK_IMPORTED_MODULE_2__/* .jsonText */ .s$)({ version: 1, ...report })}\n`;
}


/***/ })

};
