export const id = 627;
export const ids = [627];
export const modules = {

/***/ 5627:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runInstallDocumentCommand: () => (/* binding */ runInstallDocumentCommand)
});

// EXTERNAL MODULE: ./.build/js/src/aws/clients.js
var aws_clients = __webpack_require__(8683);
// EXTERNAL MODULE: ./.build/js/src/aws/host/document.js
var host_document = __webpack_require__(3317);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./.build/js/src/aws/errors.js
var errors = __webpack_require__(628);
;// CONCATENATED MODULE: ./.build/js/src/aws/host/document-install.js
/**
 * Installs the project's SSM document (document.ts) in one account and
 * region. Run by an administrator (`ec2-key-rotate install-document`), never
 * by the rotation role: these calls are not in its permission policy.
 *
 * Idempotent: an installed document that is already this release's is left
 * alone (made the default version if it is not); otherwise a new version is
 * added and made the default, named after the document's hash.
 */



async function exists(ssm) {
    try {
        const { Document } = await ssm.send(new dist_cjs/* DescribeDocumentCommand */.QO({ Name: host_document/* DOCUMENT_NAME */.o }));
        return { defaultVersion: Document?.DefaultVersion ?? '' };
    }
    catch (error) {
        if ((0,errors/* awsErrorName */.ZH)(error) === 'InvalidDocument')
            return null;
        throw error;
    }
}
/** The version whose content is this release's document, if one is installed. */
async function matchingVersion(ssm) {
    let token;
    do {
        const page = await ssm.send(new dist_cjs/* ListDocumentVersionsCommand */.mF0({ Name: host_document/* DOCUMENT_NAME */.o, MaxResults: 50, NextToken: token }));
        for (const entry of page.DocumentVersions ?? []) {
            if (!entry.DocumentVersion)
                continue;
            const { Content } = await ssm.send(new dist_cjs/* GetDocumentCommand */.ppd({
                Name: host_document/* DOCUMENT_NAME */.o,
                DocumentVersion: entry.DocumentVersion,
                DocumentFormat: 'JSON',
            }));
            if ((0,host_document/* isThisDocument */.SQ)(Content))
                return entry.DocumentVersion;
        }
        token = page.NextToken;
    } while (token);
    return null;
}
async function makeDefault(ssm, version) {
    await ssm.send(new dist_cjs/* UpdateDocumentDefaultVersionCommand */.hR_({ Name: host_document/* DOCUMENT_NAME */.o, DocumentVersion: version }));
}
/** Creates the document, or adds this release's version and makes it the default. */
async function installDocument(ssm) {
    const versionName = (0,host_document/* documentVersionName */.VR)();
    const found = await exists(ssm);
    if (!found) {
        const { DocumentDescription } = await ssm.send(new dist_cjs/* CreateDocumentCommand */.dk2({
            Name: host_document/* DOCUMENT_NAME */.o,
            Content: (0,host_document/* documentContent */.nH)(),
            DocumentType: 'Command',
            DocumentFormat: 'JSON',
            TargetType: '/AWS::EC2::Instance',
            VersionName: versionName,
            Tags: [{ Key: 'ec2-key-rotate', Value: 'host-script' }],
        }));
        return {
            name: host_document/* DOCUMENT_NAME */.o,
            version: DocumentDescription?.DocumentVersion ?? '1',
            versionName,
            action: 'created',
        };
    }
    const { Content } = await ssm.send(new dist_cjs/* GetDocumentCommand */.ppd({ Name: host_document/* DOCUMENT_NAME */.o, DocumentFormat: 'JSON' }));
    if ((0,host_document/* isThisDocument */.SQ)(Content))
        return { name: host_document/* DOCUMENT_NAME */.o, version: found.defaultVersion, versionName, action: 'unchanged' };
    let version;
    try {
        const { DocumentDescription } = await ssm.send(new dist_cjs/* UpdateDocumentCommand */.gym({
            Name: host_document/* DOCUMENT_NAME */.o,
            Content: (0,host_document/* documentContent */.nH)(),
            DocumentFormat: 'JSON',
            DocumentVersion: '$LATEST',
            TargetType: '/AWS::EC2::Instance',
            VersionName: versionName,
        }));
        version = DocumentDescription?.DocumentVersion;
    }
    catch (error) {
        const name = (0,errors/* awsErrorName */.ZH)(error);
        if (name !== 'DuplicateDocumentContent' && name !== 'DuplicateDocumentVersionName')
            throw error;
        // This release's document is an older version (installed before, then replaced): make it the default again.
        version = (await matchingVersion(ssm)) ?? undefined;
        if (!version)
            throw error;
        await makeDefault(ssm, version);
        return { name: host_document/* DOCUMENT_NAME */.o, version, versionName, action: 'made-default' };
    }
    if (!version)
        throw new Error(`UpdateDocument returned no version for ${host_document/* DOCUMENT_NAME */.o}`);
    await makeDefault(ssm, version);
    return { name: host_document/* DOCUMENT_NAME */.o, version, versionName, action: 'updated' };
}

// EXTERNAL MODULE: ./.build/js/src/report/log-escape.js
var log_escape = __webpack_require__(8136);
// EXTERNAL MODULE: ./.build/js/src/validate.js + 2 modules
var validate = __webpack_require__(778);
;// CONCATENATED MODULE: ./.build/js/src/commands/install-document.js





function said(region, result) {
    const version = `version ${result.version} (${result.versionName})`;
    switch (result.action) {
        case 'created':
            return `${region}: created ${result.name}, ${version}`;
        case 'updated':
            return `${region}: added ${version} to ${result.name} and made it the default`;
        case 'made-default':
            return `${region}: made ${version} of ${result.name} the default again`;
        case 'unchanged':
            return `${region}: ${result.name} ${version} is already this release's`;
    }
}
/**
 * `install-document`: installs (or updates) the project's SSM document in each
 * region, with the caller's credentials (an administrator's: the rotation
 * role may not create documents). With --check, changes nothing and exits 1
 * when a region lacks this release's document. Exit 2 when a call fails.
 */
async function runInstallDocumentCommand(options) {
    let regions = (options.region ?? []).map((value) => (0,validate/* region */.Ny)(value, '--region'));
    if (!regions.length) {
        // The SDK's own setting, checked like a flag.
        const fallback = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
        if (!fallback)
            throw new validate/* ConfigError */.xL('no AWS region: name --region or set AWS_REGION');
        regions = [(0,validate/* region */.Ny)(fallback, process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION')];
    }
    const clients = regions.map((name) => (0,aws_clients/* regionClients */.dF)(name, undefined));
    let exit = 0;
    try {
        for (const entry of clients) {
            try {
                if (options.check) {
                    const found = await (0,host_document/* checkInstalledDocument */.sQ)(entry.ssm, entry.region);
                    process.stdout.write(`${entry.region}: ${host_document/* DOCUMENT_NAME */.o} version ${found.version} is this release's (${(0,host_document/* documentVersionName */.VR)()})\n`);
                    continue;
                }
                process.stdout.write(`${said(entry.region, await installDocument(entry.ssm))}\n`);
            }
            catch (error) {
                const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
                process.stderr.write(`${entry.region}: ${(0,log_escape/* escapeLogLine */._P)(message ?? '')}\n`);
                exit = Math.max(exit, options.check && error.name === 'DocumentError' ? 1 : 2);
            }
        }
    }
    finally {
        (0,aws_clients/* destroyClients */.Fj)(clients);
    }
    return exit;
}


/***/ })

};
