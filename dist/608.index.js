export const id = 608;
export const ids = [608];
export const modules = {

/***/ 7608:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   credentialsFor: () => (/* binding */ credentialsFor),
/* harmony export */   engineConfig: () => (/* binding */ engineConfig)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3491);
/* harmony import */ var _aws_credentials_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3249);
/* harmony import */ var _aws_run_command_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9114);
/* harmony import */ var _report_log_escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8136);
/** The action's side of the AWS engine: credentials by OIDC, and the engine's settings from the inputs. */




/** One STS exchange for the whole run (the OIDC token and the session are masked). */
async function credentialsFor(config) {
    if (!config.aws.roleToAssume)
        return { kind: 'default' };
    const credentials = await (0,_aws_credentials_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveCredentials */ .z)({
        kind: 'web-identity',
        roleArn: config.aws.roleToAssume,
        sessionName: config.aws.roleSessionName,
        durationSeconds: config.aws.roleDurationSeconds,
        audience: config.aws.audience,
        region: config.aws.regions[0] ?? 'us-east-1',
        getToken: (audience) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience),
        mask: (secret) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret),
    });
    return credentials ? { kind: 'static', credentials } : { kind: 'default' };
}
function engineConfig(config, credentials, context) {
    return {
        regions: config.aws.regions,
        credentials,
        targetTag: config.aws.targetTag,
        parameterPath: config.aws.parameterPath,
        kmsKeyId: config.aws.kmsKeyId,
        newKeyType: config.aws.keyType,
        extraUsers: config.aws.users,
        newKeyPairName: config.aws.newKeyPairName,
        dryRun: config.dryRun,
        run: { ..._aws_run_command_js__WEBPACK_IMPORTED_MODULE_2__.DEFAULT_RUN_OPTIONS, ssmDocument: config.aws.ssmDocument },
        // A re-run attempt of the same workflow run takes over the lock its killed attempt left.
        runId: context.runId ? `github-run-${context.runId}` : `action-${process.pid}-${Date.now()}`,
        lockTtlMs: 30 * 60_000,
        breakLock: config.aws.breakLock,
        lockWaitMs: config.aws.lockWaitMinutes * 60_000,
        offlineRecovery: config.aws.offlineRecovery,
        keyless: config.aws.keyless,
        // Engine lines carry key pair names, Name tags and host output: escaped for the log.
        log: (line) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_report_log_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeLogLine */ ._P)(line)),
    };
}


/***/ }),

/***/ 8683:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fj: () => (/* binding */ destroyClients),
/* harmony export */   dF: () => (/* binding */ regionClients),
/* harmony export */   gM: () => (/* binding */ HTTP_TIMEOUTS),
/* harmony export */   ku: () => (/* binding */ nameTimeouts)
/* harmony export */ });
/* unused harmony exports CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS, AwsTimeoutError */
/* harmony import */ var _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5193);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4736);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8247);



/** An endpoint that does not accept a connection in this time is unreachable. */
const CONNECTION_TIMEOUT_MS = 5_000;
/**
 * An EC2, SSM or STS call answers in well under a second; one that has not
 * answered (or has stalled mid-answer) in this time is not going to.
 */
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * The SDK's NodeHttpHandler settings for every client: without them a call
 * to an endpoint that accepts the connection and never answers waits forever.
 * `throwOnRequestTimeout` turns the request timeout into an error (the SDK
 * only warns by default); `socketTimeout` covers a response that stalls
 * after its headers.
 */
const HTTP_TIMEOUTS = {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
    socketTimeout: REQUEST_TIMEOUT_MS,
};
/** A call that timed out, named by service, endpoint and operation. Not retried. */
class AwsTimeoutError extends Error {
    name = 'AwsTimeoutError';
}
function endpointOf(request) {
    const { protocol, hostname, port } = (request ?? {});
    return `${protocol ?? 'https:'}//${hostname ?? '(unknown host)'}${port ? `:${port}` : ''}`;
}
/**
 * Makes the SDK's timeout errors say which endpoint timed out. The
 * middleware sits next to the HTTP handler, inside the retry loop: the
 * error it throws is not one the SDK retries, so a dead endpoint costs one
 * timeout, not one per attempt (eight attempts of 30 s each).
 */
function nameTimeouts(stack, service) {
    const middleware = (next, context) => async (args) => {
        try {
            return await next(args);
        }
        catch (error) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) !== 'TimeoutError')
                throw error;
            const endpoint = endpointOf(args.request);
            const operation = (context.commandName ?? 'the call').replace(/Command$/, '');
            const message = error.message;
            const connecting = /establish a connection/i.test(message);
            // The SDK's message gives the limit that was hit ("… 30000 ms …").
            const limitMs = Number(/(\d+) ?ms\b/.exec(message)?.[1] ??
                (connecting ? CONNECTION_TIMEOUT_MS : REQUEST_TIMEOUT_MS));
            const hint = `check the network, the proxy and AWS_ENDPOINT_URL_${service}`;
            throw new AwsTimeoutError(connecting
                ? `${service} endpoint ${endpoint} did not accept a connection within ${limitMs / 1000} s (${operation}); ${hint}`
                : `${service} endpoint ${endpoint} did not answer ${operation} within ${limitMs / 1000} s; ${hint}`);
        }
    };
    stack.add(middleware, { step: 'deserialize', name: 'ec2KeyRotateTimeouts', priority: 'low' });
}
/**
 * One EC2 and one SSM client per region. Adaptive retry backs off on
 * throttling (RequestLimitExceeded, ThrottlingException) and 5xx; endpoints
 * come from the SDK's own configuration (AWS_ENDPOINT_URL_EC2, …); every
 * call has a connection and a request timeout (HTTP_TIMEOUTS).
 */
function regionClients(region, credentials, maxAttempts = 8) {
    const config = {
        region,
        maxAttempts,
        retryMode: 'adaptive',
        requestHandler: HTTP_TIMEOUTS,
        ...(credentials ? { credentials } : {}),
    };
    const ec2 = new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_1__/* .EC2Client */ .gu5(config);
    const ssm = new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__/* .SSMClient */ .jBj(config);
    nameTimeouts(ec2.middlewareStack, 'EC2');
    nameTimeouts(ssm.middlewareStack, 'SSM');
    return { region, ec2, ssm };
}
function destroyClients(clients) {
    for (const client of clients) {
        client.ec2.destroy();
        client.ssm.destroy();
    }
}


/***/ }),

/***/ 3249:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ resolveCredentials)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1695);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8683);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8247);



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


/***/ })

};
