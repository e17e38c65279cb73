export const id = 910;
export const ids = [910];
export const modules = {

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
