export const id = 860;
export const ids = [860];
export const modules = {

/***/ 1860:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recoverText: () => (/* binding */ recoverText)
/* harmony export */ });
/* unused harmony exports fetchCommand, recoverJson */
/* harmony import */ var _log_escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8136);


const q = _log_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteForLog */ .I5;
const e = _log_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeLogLine */ ._P;
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
    return `${jsonText({ ...result, fetch: fetchCommand(result) })}\n`;
}


/***/ })

};
