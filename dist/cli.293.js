export const id = 293;
export const ids = [293];
export const modules = {

/***/ 2293:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   serveScanWorker: () => (/* binding */ serveScanWorker)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5919);
/* harmony import */ var _pack_read_packs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(735);
/* harmony import */ var _sources_parallel_read_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6620);
/**
 * A scan worker thread (./parallel.ts): says it is ready, then serves what it
 * is sent: any number of tree-scan file jobs, or one job of a history's packs.
 */



function serveScanWorker() {
    node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.parentPort?.postMessage({});
    node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.parentPort?.on('message', (job) => {
        if (job.kind === 'packs')
            (0,_pack_read_packs_js__WEBPACK_IMPORTED_MODULE_1__/* .servePackJob */ .y)(job);
        else
            (0,_sources_parallel_read_js__WEBPACK_IMPORTED_MODULE_2__/* .serveFileJob */ .lo)(job);
    });
}


/***/ })

};
