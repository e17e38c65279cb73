export const id = 735;
export const ids = [735];
export const modules = {

/***/ 762:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pr: () => (/* binding */ md5Fingerprint),
/* harmony export */   _7: () => (/* binding */ sha256Fingerprint),
/* harmony export */   bp: () => (/* binding */ colonHex),
/* harmony export */   i_: () => (/* binding */ ec2Fingerprints)
/* harmony export */ });
/* unused harmony export rsaPkcs8Der */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);

/** `aa:bb:cc…`, the colon hex EC2 and `openssl … -c` print. */
function colonHex(digest) {
    return digest.toString('hex').replace(/(..)(?!$)/g, '$1:');
}
/** OpenSSH `SHA256:…` (unpadded base64), exactly what `ssh-keygen -l` prints. */
function sha256Fingerprint(key) {
    return key.fingerprint('sha256').toString();
}
/** MD5 of the SSH wire-format public key, colon hex: the RFC 4716 form (`ssh-keygen -E md5` adds `MD5:`). */
function md5Fingerprint(key) {
    return key.fingerprint('md5').toString();
}
function toBigInt(buf) {
    return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}
function toBase64Url(value) {
    let hex = value.toString(16);
    if (hex.length % 2)
        hex = `0${hex}`;
    return Buffer.from(hex, 'hex').toString('base64url');
}
function modInverse(a, m) {
    let [oldR, r] = [a % m, m];
    let [oldS, s] = [1n, 0n];
    while (r !== 0n) {
        const q = oldR / r;
        [oldR, r] = [r, oldR - q * r];
        [oldS, s] = [s, oldS - q * s];
    }
    return ((oldS % m) + m) % m;
}
/**
 * DER PKCS#8 of an RSA private key, rebuilt from n, e, d, p, q alone with
 * OpenSSL's convention p > q. PuTTY and OpenSSH files store the CRT values
 * differently, and the EC2 "created" fingerprint is over OpenSSL's encoding.
 */
function rsaPkcs8Der(privateKey) {
    const part = (name) => {
        const data = privateKey.parts.find((candidate) => candidate.name === name)?.data;
        if (!data)
            throw new Error(`RSA key lacks ${name}`);
        return toBigInt(data);
    };
    const n = part('n');
    const e = part('e');
    const d = part('d');
    let p = part('p');
    let q = part('q');
    if (p < q)
        [p, q] = [q, p];
    // The file's CRT coefficient when it is q⁻¹ mod p (the inverse is unique): an
    // extended Euclid on 1024-bit numbers was a third of parsing an RSA key.
    const stored = privateKey.parts.find((candidate) => candidate.name === 'iqmp')?.data;
    const iqmp = stored ? toBigInt(stored) : -1n;
    const qi = iqmp > 0n && iqmp < p && (iqmp * q) % p === 1n ? iqmp : modInverse(q, p);
    const jwk = {
        kty: 'RSA',
        n: toBase64Url(n),
        e: toBase64Url(e),
        d: toBase64Url(d),
        p: toBase64Url(p),
        q: toBase64Url(q),
        dp: toBase64Url(d % (p - 1n)),
        dq: toBase64Url(d % (q - 1n)),
        qi: toBase64Url(qi),
    };
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' });
}
/**
 * EC2's fingerprints for this key. The AWS-created RSA form needs the private
 * key; it is null when only the public half is known (encrypted containers).
 */
function ec2Fingerprints(key, privateKey) {
    const result = { imported: null, created: null, ed25519: null };
    if (key.type === 'rsa') {
        const spki = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key.toString('pkcs8')).export({ type: 'spki', format: 'der' });
        result.imported = colonHex((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(spki).digest());
        if (privateKey) {
            const pkcs8 = rsaPkcs8Der(privateKey);
            result.created = colonHex((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(pkcs8).digest());
        }
    }
    else if (key.type === 'ed25519') {
        const blob = key.toBuffer('rfc4253');
        result.ed25519 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64');
    }
    return result;
}


/***/ }),

/***/ 1949:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tm: () => (/* binding */ blobAlgorithm),
/* harmony export */   lU: () => (/* binding */ isSshpkAlgorithm),
/* harmony export */   mg: () => (/* binding */ identityFromBlob)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(762);
/**
 * Fingerprints an SSH public key blob whose algorithm sshpk does not know
 * (security keys, post-quantum hybrids, Ed448): the OpenSSH fingerprint is
 * the SHA-256 of the blob whatever the algorithm, so it needs no parsing.
 */


/** Algorithms sshpk parses: a blob of one of these that sshpk rejects is damaged, not unknown. */
const SSHPK_ALGORITHMS = new Set([
    'ssh-rsa',
    'ssh-dss',
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
]);
/** What an algorithm name may look like; the name comes from the file and ends up in reports. */
const ALGORITHM_NAME = /^[A-Za-z0-9][A-Za-z0-9@._+-]{0,63}$/;
/**
 * The algorithm a blob names (its first SSH string) when the blob is a
 * well-formed run of SSH strings and the name is printable; null otherwise.
 */
function blobAlgorithm(blob) {
    let at = 0;
    let first = null;
    while (at < blob.length) {
        if (at + 4 > blob.length)
            return null;
        const length = blob.readUInt32BE(at);
        if (at + 4 + length > blob.length)
            return null;
        if (first === null)
            first = blob.toString('latin1', at + 4, at + 4 + length);
        at += 4 + length;
    }
    return first !== null && ALGORITHM_NAME.test(first) ? first : null;
}
/** True for algorithms sshpk knows: its failure then means the blob is damaged. */
function isSshpkAlgorithm(algorithm) {
    return SSHPK_ALGORITHMS.has(algorithm);
}
/**
 * The identity of a key known only by its public blob. EC2 accepts none of
 * these algorithms, so there is no EC2 fingerprint to give.
 */
function identityFromBlob(blob, algorithm, format, encrypted) {
    const sha256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64').replace(/=+$/, '');
    return {
        keyType: 'unknown',
        bits: null,
        format,
        encrypted,
        parsed: true,
        fingerprint: `SHA256:${sha256}`,
        md5: (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__/* .colonHex */ .bp)((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5').update(blob).digest()),
        ec2Fingerprints: { imported: null, created: null, ed25519: null },
        publicKey: `${algorithm} ${blob.toString('base64')}`,
        note: `algorithm ${algorithm} not supported for parsing: fingerprint of its public part (EC2 does not accept this type)`,
    };
}


/***/ }),

/***/ 6553:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ SSHCOM_MAGIC)
/* harmony export */ });
/**
 * An ssh.com key blob opens with this magic number, then the blob's whole
 * length. Its own module: the scanner's detectors test for it without
 * loading the key parsers (and sshpk) that ./sshcom.ts needs.
 */
const SSHCOM_MAGIC = 0x3f6ff9eb;


/***/ }),

/***/ 6236:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ holdsAt)
/* harmony export */ });
/**
 * Whether `bytes` holds `needle` at `at`, compared in place: asked of every
 * blob (format sniffing, run openings, marker checks), where a view per
 * question would be an object per blob.
 */
function holdsAt(bytes, at, needle) {
    if (at < 0 || at + needle.length > bytes.length)
        return false;
    for (let index = 0; index < needle.length; index++)
        if (bytes[at + index] !== needle[index])
            return false;
    return true;
}


/***/ }),

/***/ 817:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $E: () => (/* binding */ contentOf),
/* harmony export */   Dk: () => (/* binding */ TAG),
/* harmony export */   LU: () => (/* binding */ childrenOf),
/* harmony export */   YO: () => (/* binding */ smallInteger),
/* harmony export */   _: () => (/* binding */ oidHex),
/* harmony export */   pw: () => (/* binding */ readTlv)
/* harmony export */ });
/**
 * A minimal DER reader: enough to recognise private key structures and walk
 * PKCS#12 files. Every read is bounds-checked against its parent, so hostile
 * lengths cannot reach outside the buffer.
 */
const TAG = {
    integer: 0x02,
    octetString: 0x04,
    oid: 0x06,
    sequence: 0x30,
    set: 0x31,
    context0: 0xa0,
};
/** The element at `at`, or null when it is not well formed within `limit`. */
function readTlv(buf, at, limit = buf.length) {
    if (at + 2 > limit)
        return null;
    const tag = buf[at];
    if ((tag & 0x1f) === 0x1f)
        return null; // high tag numbers: never in key structures
    const first = buf[at + 1];
    let length = first;
    let content = at + 2;
    if (first & 0x80) {
        const count = first & 0x7f;
        // Indefinite lengths (0x80) are BER, not DER; more than 4 length bytes is not a key file.
        if (count === 0 || count > 4 || content + count > limit)
            return null;
        length = 0;
        for (let i = 0; i < count; i++)
            length = length * 256 + buf[content + i];
        content += count;
    }
    const end = content + length;
    if (end > limit)
        return null;
    return { tag, start: at, content, end };
}
/** The children of a constructed element, or null when they do not tile it exactly (at most `max`). */
function childrenOf(buf, parent, max = 64) {
    const children = [];
    for (let at = parent.content; at < parent.end;) {
        if (children.length >= max)
            return null;
        const child = readTlv(buf, at, parent.end);
        if (!child)
            return null;
        children.push(child);
        at = child.end;
    }
    return children;
}
/** The value of a small INTEGER, or null when it is not one. */
function smallInteger(buf, tlv) {
    if (!tlv || tlv.tag !== TAG.integer)
        return null;
    const length = tlv.end - tlv.content;
    if (length < 1 || length > 4)
        return null;
    return buf.readUIntBE(tlv.content, length);
}
/** The content bytes of an element. */
function contentOf(buf, tlv) {
    return buf.subarray(tlv.content, tlv.end);
}
/** The OID of an element as hex of its content bytes (compared against constants). */
function oidHex(buf, tlv) {
    return tlv?.tag === TAG.oid ? buf.toString('hex', tlv.content, tlv.end) : null;
}


/***/ }),

/***/ 6369:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GK: () => (/* binding */ mayOpenDerKey),
/* harmony export */   W2: () => (/* binding */ pemBodyOf),
/* harmony export */   _y: () => (/* binding */ pemOf),
/* harmony export */   e6: () => (/* binding */ isOpensshContainer),
/* harmony export */   kg: () => (/* binding */ LABELS),
/* harmony export */   lp: () => (/* binding */ pemBase64Of),
/* harmony export */   nL: () => (/* binding */ OPENSSH_BASE64),
/* harmony export */   rK: () => (/* binding */ derPrivateKeys),
/* harmony export */   rY: () => (/* binding */ MAX_DER_ELEMENTS),
/* harmony export */   sw: () => (/* binding */ derPrivateKey)
/* harmony export */ });
/* harmony import */ var _bytes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6236);
/* harmony import */ var _asn1_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(817);
/**
 * Recognises private keys stored as binary DER (`.der`, binary `.key`, the
 * decoded base64 of a Kubernetes Secret) by their ASN.1 structure, and the
 * bare OpenSSH container, and turns them into the PEM text the parser reads.
 */


const KEY = ['PRIVATE', 'KEY'].join(' ');
const LABELS = {
    rsa: `RSA ${KEY}`,
    dsa: `DSA ${KEY}`,
    ec: `EC ${KEY}`,
    pkcs8: KEY,
    encrypted: `ENCRYPTED ${KEY}`,
    openssh: `OPENSSH ${KEY}`,
};
/** OIDs under 1.2.840.113549.1 (PKCS) start with these bytes: PBES1/2 and PKCS#12 PBE alike. */
const PKCS_OID_PREFIX = '2a864886f70d01';
/** Bytes after the structure a DER file may carry (a trailing newline written by an editor). */
const TRAILING = /^[\r\n\t \0]{0,16}$/;
const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
/** How the base64 of an OpenSSH container opens, whatever armour is around it. */
const OPENSSH_BASE64 = 'b3BlbnNzaC1rZXktdjE';
/** The base64 body of PEM (or ssh.com) text: its armour and header lines left out. */
function pemBase64Of(text) {
    return text
        .split('\n')
        .filter((line) => !line.startsWith('---') && !line.includes(':'))
        .join('');
}
/** The decoded body of PEM text (`pemOf` undone); secret. */
function pemBodyOf(text) {
    return Buffer.from(pemBase64Of(text), 'base64');
}
/** PEM text of DER bytes; secret, never printed. */
function pemOf(label, der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ''].join('\n');
}
function allIntegers(children) {
    return children.every((child) => child.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.integer);
}
/** The PEM label of a private key structure, judged from its top-level children. */
function labelOf(buf, children) {
    const [first, second, third] = children;
    const version = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .smallInteger */ .YO)(buf, first);
    if (version === 0 && children.length === 9 && allIntegers(children))
        return LABELS.rsa;
    // Multi-prime RSA (RFC 8017): version 1, the nine integers, then otherPrimeInfos.
    if (version === 1 &&
        children.length === 10 &&
        allIntegers(children.slice(0, 9)) &&
        children[9]?.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.sequence)
        return LABELS.rsa;
    if (version === 0 && children.length === 6 && allIntegers(children))
        return LABELS.dsa;
    if ((version === 0 || version === 1) &&
        second?.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.sequence &&
        third?.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.octetString)
        return LABELS.pkcs8;
    if (version === 1 && second?.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.octetString && children.length <= 4)
        return LABELS.ec;
    if (children.length === 2 && first?.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.sequence && second?.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.octetString) {
        const algorithm = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)(buf, first, 2)?.[0];
        if ((0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .oidHex */ ._)(buf, algorithm)?.startsWith(PKCS_OID_PREFIX))
            return LABELS.encrypted;
    }
    return null;
}
/**
 * The PEM label and DER of the private key that `bytes` is, or null. The
 * structure must fill the bytes (a trailing newline aside).
 */
function derPrivateKey(bytes) {
    const top = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .readTlv */ .pw)(bytes, 0);
    if (top?.tag !== _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.sequence)
        return null;
    if (top.end !== bytes.length && !TRAILING.test(bytes.toString('latin1', top.end, top.end + 17)))
        return null;
    const children = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)(bytes, top, 16);
    if (!children)
        return null;
    const label = labelOf(bytes, children);
    return label ? { label, der: bytes.subarray(0, top.end) } : null;
}
/** Most DER elements read one after another from one file (a key, its certificate chain). */
const MAX_DER_ELEMENTS = 256;
/** PKCS#8 attributes `[0]` and public key `[1]` (v2); SEC1 parameters `[0]` and public key `[1]`. */
const OPTIONAL_TAGS = new Set([0xa0, 0xa1, 0x81]);
function lengthOf(tlv) {
    return tlv ? tlv.end - tlv.content : 0;
}
/**
 * Whether a structure `labelOf` named is a key on closer look: asked when
 * bytes follow it, where its fitting the file no longer vouches for it. Real
 * keys pass (the sizes are those of the smallest keys any tool writes);
 * other DER that happens to open the same way does not.
 */
function plausibleKey(buf, label, children) {
    const [, second, third] = children;
    const optional = (from) => children.slice(from).every((child) => OPTIONAL_TAGS.has(child.tag));
    switch (label) {
        case LABELS.rsa:
            // Modulus of 256 bits at least; no integer empty.
            return lengthOf(second) >= 32 && children.every((child) => child.end > child.content);
        case LABELS.dsa:
            return lengthOf(second) >= 64 && children.every((child) => child.end > child.content);
        case LABELS.pkcs8: {
            if (!second || children.length > 5 || !optional(3))
                return false;
            const algorithm = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)(buf, second, 4)?.[0];
            // The inner key: an Ed25519 or X25519 key's 34 bytes at the least.
            return algorithm?.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.oid && lengthOf(algorithm) > 0 && lengthOf(third) >= 32;
        }
        case LABELS.ec:
            return lengthOf(second) >= 16 && lengthOf(second) <= 72 && optional(2);
        case LABELS.encrypted:
            return lengthOf(second) >= 16;
        default:
            return false;
    }
}
/** The key that the element `top` of `bytes` is, or null; `strict` asks for `plausibleKey` too. */
function keyAt(bytes, top, strict) {
    if (top.tag !== _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.sequence)
        return null;
    const children = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)(bytes, top, 16);
    if (!children)
        return null;
    const label = labelOf(bytes, children);
    if (!label || (strict && !plausibleKey(bytes, label, children)))
        return null;
    return { label, der: bytes.subarray(top.start, top.end) };
}
/** Where the next element starts after `at`: NULs and white space between elements skipped. */
function skipPadding(bytes, at) {
    let next = at;
    while (next < bytes.length) {
        const byte = bytes[next];
        if (byte !== 0 && byte !== 0x20 && (byte < 0x09 || byte > 0x0d))
            break;
        next++;
    }
    return next;
}
/**
 * The private keys a binary DER file holds. Its first element must be one,
 * whole within the bytes, as `openssl pkey -inform DER` reads it; what
 * follows it (a stray byte, the key's certificate, the key written again, a
 * second key) does not hide it. The elements after it are read too, each
 * whole, up to the first bytes that are none (at most MAX_DER_ELEMENTS;
 * `more` when elements were left unread). A key with other bytes after it
 * must also look like a key on closer look (`plausibleKey`); one that fills
 * the file (a trailing newline aside) is taken as `derPrivateKey` takes it.
 */
function derPrivateKeys(bytes) {
    const none = { keys: [], more: false };
    const top = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .readTlv */ .pw)(bytes, 0);
    if (top?.tag !== _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.sequence)
        return none;
    const fills = top.end === bytes.length || TRAILING.test(bytes.toString('latin1', top.end, top.end + 17));
    const first = keyAt(bytes, top, !fills);
    if (!first)
        return none;
    const keys = [first];
    if (fills)
        return { keys, more: false };
    let at = skipPadding(bytes, top.end);
    for (let elements = 1; at < bytes.length; elements++) {
        if (elements >= MAX_DER_ELEMENTS)
            return { keys, more: true };
        const element = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .readTlv */ .pw)(bytes, at);
        if (!element)
            break;
        const key = keyAt(bytes, element, true);
        if (key)
            keys.push(key);
        at = skipPadding(bytes, element.end);
    }
    return { keys, more: false };
}
/**
 * Whether the first bytes of a decoded run may open a DER private key (or a
 * PKCS#12 file): a SEQUENCE whose first child is a small version INTEGER,
 * or an algorithm identifier with a PKCS OID. Cheap, for rejecting runs.
 */
function mayOpenDerKey(prefix) {
    if (prefix.length < 16)
        return false;
    const top = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .readTlv */ .pw)(prefix, 0, Number.MAX_SAFE_INTEGER);
    if (top?.tag !== _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.sequence)
        return false;
    const first = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .readTlv */ .pw)(prefix, top.content, Number.MAX_SAFE_INTEGER);
    if (!first || first.content >= prefix.length)
        return false;
    if (first.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.integer) {
        const length = first.end - first.content;
        const value = prefix[first.content] ?? -1;
        return length === 1 && (value === 0 || value === 1 || value === 3);
    }
    if (first.tag !== _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.sequence)
        return false;
    const oid = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .readTlv */ .pw)(prefix, first.content, Number.MAX_SAFE_INTEGER);
    return (oid?.tag === _asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.oid &&
        prefix.toString('hex', oid.content, Math.min(prefix.length, oid.content + 7)) ===
            PKCS_OID_PREFIX);
}
/** Whether `bytes` is a bare (unarmoured) OpenSSH private key container. */
function isOpensshContainer(bytes) {
    return (0,_bytes_js__WEBPACK_IMPORTED_MODULE_1__/* .holdsAt */ .w)(bytes, 0, OPENSSH_MAGIC);
}


/***/ }),

/***/ 8292:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F4: () => (/* binding */ MAX_UNITS),
/* harmony export */   HD: () => (/* binding */ shownName),
/* harmony export */   lr: () => (/* binding */ MAX_DEPTH),
/* harmony export */   rg: () => (/* binding */ MAX_DECODE_INPUT),
/* harmony export */   w: () => (/* binding */ DecodeBudget),
/* harmony export */   yK: () => (/* binding */ MAX_MEMBER_BYTES)
/* harmony export */ });
/* unused harmony exports MAX_DECODED_PER_BLOB, MAX_RATIO, RATIO_FLOOR */
/**
 * Caps on decoding, so that hostile input (bombs, deep nesting, floods of
 * encoded runs) costs bounded time and memory. Every limit that is hit is
 * reported as a warning: a decoder never gives up silently.
 */
/** Blobs larger than this are scanned in clear only (they are streamed, not held whole). */
const MAX_DECODE_INPUT = 16 * 1024 * 1024;
/** Most bytes one gzip stream or zip member may expand to. */
const MAX_MEMBER_BYTES = 16 * 1024 * 1024;
/** Most bytes decoded in all from one blob, at every depth together. */
const MAX_DECODED_PER_BLOB = 64 * 1024 * 1024;
/** Expansion beyond this ratio (and beyond RATIO_FLOOR) is treated as a bomb. */
const MAX_RATIO = 100;
/** Any stream may expand to this much, whatever its ratio: small, highly repetitive files are common. */
const RATIO_FLOOR = 1024 * 1024;
/** Encodings inside encodings (a zip in a zip, base64 in base64) are undone this deep. */
const MAX_DEPTH = 4;
/** Most archive members, base64 runs and key bags decoded from one blob. */
const MAX_UNITS = 10_000;
/** What has been spent decoding one blob, and the warnings already given for it. */
class DecodeBudget {
    onWarning;
    decoded = 0;
    units = 0;
    warned = null;
    constructor(onWarning) {
        this.onWarning = onWarning;
    }
    /** Bytes that may still be decoded from this blob. */
    get remaining() {
        return Math.max(0, MAX_DECODED_PER_BLOB - this.decoded);
    }
    /** Most bytes one stream of `compressed` bytes may expand to now. */
    expansionLimit(compressed) {
        return Math.min(MAX_MEMBER_BYTES, this.remaining, Math.max(RATIO_FLOOR, compressed * MAX_RATIO));
    }
    /** Counts a decoded unit of `bytes`; false (after a warning) when the budget is spent. */
    spend(bytes) {
        if (this.units >= MAX_UNITS) {
            this.warnOnce(`more than ${MAX_UNITS} encoded parts: the rest were not decoded`);
            return false;
        }
        if (bytes > this.remaining) {
            this.warnOnce(`more than ${MAX_DECODED_PER_BLOB / 1024 / 1024} MB decoded: the rest were not decoded`);
            return false;
        }
        this.units++;
        this.decoded += bytes;
        return true;
    }
    /** A warning, given once per blob however often its cause recurs. */
    warnOnce(message) {
        this.warned ??= new Set();
        if (this.warned.has(message))
            return;
        this.warned.add(message);
        this.onWarning(message);
    }
}
/** A name from inside an archive, safe to show: printable, bounded. */
function shownName(name) {
    let clean = '';
    for (const char of name) {
        const code = char.charCodeAt(0);
        clean += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '?' : char;
    }
    return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}


/***/ }),

/***/ 5241:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zH: () => (/* binding */ KeyBlockScanner),
  JF: () => (/* binding */ findKeyBlocks)
});

// UNUSED EXPORTS: findPlainBlocks, hasMarker, puttyHeadFrom

// EXTERNAL MODULE: ./.build/js/src/scan/bytes.js
var scan_bytes = __webpack_require__(6236);
// EXTERNAL MODULE: ./.build/js/src/scan/newlines.js
var newlines = __webpack_require__(3890);
// EXTERNAL MODULE: ./.build/js/src/scan/decode/der.js
var decode_der = __webpack_require__(6369);
// EXTERNAL MODULE: ./.build/js/src/scan/decode/limits.js
var limits = __webpack_require__(8292);
;// CONCATENATED MODULE: ./.build/js/src/scan/decode/base64.js
/**
 * Finds base64 runs that hold a key (Kubernetes Secret `data:`, `.env` and CI
 * variables, JSON values, base64 of base64) and decodes them, reading as
 * little of an ordinary blob as it can: one byte every SAMPLE_STRIDE bytes is
 * looked at, and only a sample that is an upper-case letter, a digit, `+` or
 * `/` (rare in prose and code, six in ten in base64) is grown into its run.
 * A run of RUN_MIN characters holds two samples and is missed only when
 * both are lower-case letters (about one in six random 64-character runs;
 * one in 10^7 for the 300+ characters of a base64 PEM key). A run is
 * decoded only when its first characters open like a key, or decode to text
 * (a service account's JSON, a kubeconfig, `openssl pkcs12 -nodes` output, a
 * PEM after a comment; UTF-8 or UTF-16), which is scanned like any blob:
 * binary (images, digests) is told from its first three bytes. Runs of hex
 * digits (DER keys as test vectors write them) are judged on the same
 * samples: a sample in a stretch of lower-case hex, or an upper-case run of
 * hex that is no key in base64, is read as hex from its start.
 */




/** Shortest run worth decoding: a PKCS#8 Ed25519 key is 64 characters of base64. */
const RUN_MIN = 64;
/** Sampling stride; half of RUN_MIN, so that such a run holds two samples. */
const SAMPLE_STRIDE = 32;
/** Characters decoded to judge a run's opening (48 bytes). */
const OPENING_CHARS = 64;
const OPENING_BYTES = 48;
/** Base64 inside base64 is looked into this deep when judging an opening. */
const OPENING_DEPTH = limits/* MAX_DEPTH */.lr - 1;
const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALPHABET = new Uint8Array(256);
/** The six bits each base64 character stands for. */
const SEXTET = new Uint8Array(256);
for (let index = 0; index < BASE64_CHARS.length; index++) {
    ALPHABET[BASE64_CHARS.charCodeAt(index)] = 1;
    SEXTET[BASE64_CHARS.charCodeAt(index)] = index;
}
/** The base64 characters a sample must be to be looked at further. */
const SAMPLED = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/')
    SAMPLED[c.charCodeAt(0)] = 1;
const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
/** The base64 characters that `bytes` fix, whatever bytes follow them. */
function fixedBase64(bytes) {
    return Buffer.from(bytes.toString('base64').slice(0, Math.floor((bytes.length * 8) / 6)));
}
/**
 * What a key, or something holding one, opens with: `-----`/`---- ` (PEM,
 * ssh.com), PuTTY, OpenSSH, SSH1, gzip, zip, and `-----` in UTF-16 (with
 * either byte order mark, or none), as bytes.
 */
const KEY_OPENINGS = [
    '-----',
    'PuTTY-',
    'openssh-key-v1',
    'SSH PRIVATE ',
    '\x1f\x8b\x08',
    'PK\x03\x04',
    '\xff\xfe-\x00-\x00',
    '\xfe\xff\x00-\x00-',
    '-\x00-\x00-\x00',
    '\x00-\x00-\x00-',
].map((opening) => Buffer.from(opening, 'latin1'));
/** A DER SEQUENCE in base64: `M`, then the character its length form gives. */
const DER_OPENINGS = ['MI', 'MH', 'MG', 'MF', 'ME', 'MD', 'MC'].map((opening) => Buffer.from(opening));
/**
 * How a run that may hold a key begins, before anything is decoded: base64
 * of a key opening, or of a DER SEQUENCE, and base64 of those again, as deep
 * as encodings are undone (MAX_DEPTH: a Secret's value encoded three times
 * is still found). Hex digests and the like, by far the most common long
 * runs, fail here.
 */
const RUN_OPENINGS = (() => {
    const openings = new Map();
    const add = (opening, depth) => {
        openings.set(opening.toString('latin1'), opening);
        if (depth < limits/* MAX_DEPTH */.lr)
            add(fixedBase64(opening), depth + 1);
    };
    for (const opening of KEY_OPENINGS)
        add(fixedBase64(opening), 1);
    for (const opening of DER_OPENINGS)
        add(opening, 1);
    return [...openings.values()];
})();
/** Whether `bytes` holds one of `openings` at `start` (a loop: no closure per call). */
function opensWithAny(bytes, start, openings) {
    for (const opening of openings)
        if ((0,scan_bytes/* holdsAt */.w)(bytes, start, opening))
            return true;
    return false;
}
/** Whether the run at `start` begins like one that may hold a key. */
function mayOpenKeyRun(bytes, start) {
    return opensWithAny(bytes, start, RUN_OPENINGS);
}
/** Bytes of ASCII text: printable, tab, line breaks, form feed. */
const ASCII_TEXT = new Uint8Array(256);
for (let byte = 0x20; byte < 0x7f; byte++)
    ASCII_TEXT[byte] = 1;
for (const byte of [0x09, 0x0a, 0x0c, 0x0d])
    ASCII_TEXT[byte] = 1;
/**
 * Whether the run at `start` (four base64 characters at least) may decode to
 * text: its first three bytes, decoded in place, are ASCII text, a UTF-8 or
 * UTF-16 byte order mark, or ASCII in UTF-16. Random bytes pass one time in
 * eighteen, and are then told by their opening.
 */
function mayOpenText(bytes, start) {
    const second = SEXTET[bytes[start + 1]];
    const third = SEXTET[bytes[start + 2]];
    const b0 = (SEXTET[bytes[start]] << 2) | (second >> 4);
    const b1 = ((second & 15) << 4) | (third >> 2);
    const b2 = ((third & 3) << 6) | SEXTET[bytes[start + 3]];
    if (ASCII_TEXT[b0])
        return ASCII_TEXT[b1] ? ASCII_TEXT[b2] === 1 : b1 === 0 && ASCII_TEXT[b2] === 1;
    if (b0 === 0)
        return ASCII_TEXT[b1] === 1 && b2 === 0;
    return ((b0 === 0xef && b1 === 0xbb && b2 === 0xbf) ||
        (b0 === 0xff && b1 === 0xfe) ||
        (b0 === 0xfe && b1 === 0xff));
}
/** Length of the UTF-8 sequence led by `byte` (2 to 4), or 0 when it leads none. */
function utf8Length(byte) {
    if (byte >= 0xc2 && byte <= 0xdf)
        return 2;
    if (byte >= 0xe0 && byte <= 0xef)
        return 3;
    return byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
}
/** Whether `opening` is UTF-8 text (a sequence cut by its end aside). */
function isUtf8Text(opening, from) {
    for (let at = from; at < opening.length;) {
        const byte = opening[at];
        if (ASCII_TEXT[byte]) {
            at++;
            continue;
        }
        const length = utf8Length(byte);
        if (!length)
            return false;
        const end = Math.min(at + length, opening.length);
        for (at++; at < end; at++)
            if ((opening[at] & 0xc0) !== 0x80)
                return false;
    }
    return true;
}
/**
 * Whether `opening` is UTF-16 text from `from`, its NULs at `nul` parity (0:
 * big-endian, 1: little-endian): no unit is NUL or a control character but
 * white space, and, without a byte order mark to vouch for it (`marked`),
 * three code units in four at least are ASCII text (with one, text in any
 * script: Japanese notes above a key, as PowerShell's ToBase64String keeps them).
 */
function isUtf16Text(opening, from, nul, marked) {
    let units = 0;
    let ascii = 0;
    for (let at = from; at + 1 < opening.length; at += 2) {
        const high = opening[at + nul];
        const low = opening[at + 1 - nul];
        if (high === 0 && !ASCII_TEXT[low] && low < 0x80)
            return false;
        units++;
        if (high === 0 && ASCII_TEXT[low])
            ascii++;
    }
    return units > 0 && (marked || ascii * 4 >= units * 3);
}
/**
 * Whether decoded bytes open like text (UTF-8, or UTF-16 with or without its
 * byte order mark): a run of it is decoded whole and scanned, since a key
 * may stand anywhere in it.
 */
function opensLikeText(opening) {
    if (opening.length < 3)
        return false;
    if (opening[0] === 0xff && opening[1] === 0xfe)
        return isUtf16Text(opening, 2, 1, true);
    if (opening[0] === 0xfe && opening[1] === 0xff)
        return isUtf16Text(opening, 2, 0, true);
    if (opening[1] === 0)
        return isUtf16Text(opening, 0, 1, false);
    if (opening[0] === 0)
        return isUtf16Text(opening, 0, 0, false);
    const bom = opening[0] === 0xef && opening[1] === 0xbb && opening[2] === 0xbf;
    return isUtf8Text(opening, bom ? 3 : 0);
}
/** Texts that open a key file, as they appear in the first 48 decoded bytes. */
const TEXT_OPENINGS = [
    '-----BEGIN ',
    '---- BEGIN ',
    'PuTTY-User-Key-File-',
    'openssh-key-v1\0',
    'SSH PRIVATE',
];
const LOWER_HEX = new Uint8Array(256);
for (const c of '0123456789abcdef')
    LOWER_HEX[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF')
    HEX[c.charCodeAt(0)] = 1;
/** Shortest hex run worth decoding: a PKCS#8 Ed25519 key is 96 hex digits. */
const HEX_RUN_MIN = 96;
/**
 * How hex of a key opens: a DER SEQUENCE (`30`) or dashes (`2d2d`, a PEM
 * text). Digests, the common long hex runs, fail here after two bytes.
 */
const HEX_OPENINGS = ['30', '2d2d', '2D2D'].map((opening) => Buffer.from(opening));
/** Characters after a sample that, all lower-case hex, mark a digest rather than base64. */
const HEX_STRETCH = 16;
/**
 * Whether the sample starts or ends a stretch of lower-case hex (a digest: the most
 * common long run in code, never a key's base64, where sixteen such
 * characters in a row come once in 2^32). Rejecting it here spares reading
 * the digest whole.
 */
function isHexStretch(bytes, at) {
    return hexFrom(bytes, at) || (at >= HEX_STRETCH - 1 && hexFrom(bytes, at - HEX_STRETCH + 1));
}
function hexFrom(bytes, from) {
    if (from + HEX_STRETCH > bytes.length)
        return false;
    for (let next = from; next < from + HEX_STRETCH; next++)
        if (!LOWER_HEX[bytes[next]])
            return false;
    return true;
}
/** End of the run of base64 characters from `at`: four bytes a step while it lasts. */
function runEnd(bytes, at) {
    const length = bytes.length;
    let end = at;
    while (end + 4 <= length &&
        ALPHABET[bytes[end]] &
            ALPHABET[bytes[end + 1]] &
            ALPHABET[bytes[end + 2]] &
            ALPHABET[bytes[end + 3]])
        end += 4;
    while (end < length && ALPHABET[bytes[end]])
        end++;
    return end;
}
/** Whether decoded bytes open like a key (or like base64 that does, or an archive). */
function opensLikeKey(opening, depth = 0) {
    const text = opening.toString('latin1');
    if (TEXT_OPENINGS.some((start) => text.includes(start)))
        return true;
    // UTF-16 text (PowerShell's base64 of a file): its NULs dropped, the same openings.
    if (text.includes('\0-\0-') || text.includes('-\0-\0')) {
        const narrowed = text.replaceAll('\0', '');
        if (TEXT_OPENINGS.some((start) => narrowed.includes(start)))
            return true;
    }
    if (opening[0] === 0x1f && opening[1] === 0x8b)
        return true; // gzip
    if (text.startsWith('PK\x03\x04'))
        return true; // zip
    if ((0,decode_der/* mayOpenDerKey */.GK)(opening))
        return true;
    if (depth < OPENING_DEPTH &&
        opening.length >= 16 &&
        opening.every((byte) => ALPHABET[byte] === 1))
        return opensLikeKey(Buffer.from(text.slice(0, text.length & ~3), 'base64'), depth + 1);
    return false;
}
const BACKSLASH = 0x5c;
const LOWER_N = 0x6e;
const LOWER_R = 0x72;
/** White space and escaped line breaks (`\\n`, `\\r\\n`, escaped again or not): never base64. */
const NOT_BASE64 = /\s+|\\+(?:r\\+)?n/g;
/** Past a backslash run at `at`: the index after the `n`, or -1. */
function pastEscape(bytes, at) {
    if (bytes[at] !== BACKSLASH)
        return -1;
    let next = at;
    while (bytes[next] === BACKSLASH)
        next++;
    return next;
}
/**
 * Where the next line starts when an escaped line break (`\\n`, `\\r\\n`, as a
 * JSON string or a shell `echo -e` holds wrapped base64) stands at `at`, else -1.
 */
function escapedBreakAfter(bytes, at) {
    let next = pastEscape(bytes, at);
    if (next === -1)
        return -1;
    if (bytes[next] === LOWER_R)
        next = pastEscape(bytes, next + 1);
    return next !== -1 && bytes[next] === LOWER_N ? next + 1 : -1;
}
/** Where the line above ends when an escaped line break ends just before `at`, else -1. */
function escapedBreakBefore(bytes, at) {
    if (bytes[at - 1] !== LOWER_N || bytes[at - 2] !== BACKSLASH)
        return -1;
    let before = at - 2;
    while (bytes[before - 1] === BACKSLASH)
        before--;
    if (bytes[before - 1] === LOWER_R && bytes[before - 2] === BACKSLASH) {
        before -= 2;
        while (bytes[before - 1] === BACKSLASH)
            before--;
    }
    return before;
}
/** `start` past the `n` of an escaped line break that the run's backward walk took for base64. */
function pastEscapedN(bytes, start) {
    return bytes[start] === LOWER_N && bytes[start - 1] === BACKSLASH ? start + 1 : start;
}
/**
 * Widths of the lines that base64 tools write (`base64`, PEM): lines of one
 * of these joined by single spaces (line breaks turned to spaces, as `tr` or
 * a form field leaves them) are one run.
 */
function isToolWidth(width) {
    return width === 76 || width === 64;
}
/**
 * The end of a run wrapped over lines (`base64` writes 76 columns): while a
 * line was as long as the first, the next line of base64 (indentation
 * aside, as in a YAML block) continues it; so does the next after a single
 * space, when the lines are as wide as a base64 tool writes them.
 */
function wrappedEnd(bytes, start, end) {
    const width = end - start;
    const spaced = isToolWidth(width);
    let lineEnd = end;
    for (;;) {
        let at = lineEnd;
        while (bytes[at] === EQUALS)
            at++;
        if (at !== lineEnd)
            return at; // padding ends the run
        const escaped = escapedBreakAfter(bytes, at);
        if (escaped !== -1)
            at = escaped;
        else if (spaced && bytes[at] === SPACE && ALPHABET[bytes[at + 1]])
            at++;
        else {
            if (bytes[at] === CR)
                at++;
            if (bytes[at] !== LF)
                return lineEnd;
            at++;
            while (bytes[at] === SPACE || bytes[at] === TAB)
                at++;
        }
        // Four bytes a step: a key block's body is walked line by line here.
        const next = runEnd(bytes, at);
        if (next === at || next - at > width)
            return lineEnd;
        lineEnd = next;
        if (next - at < width) {
            while (bytes[lineEnd] === EQUALS)
                lineEnd++;
            return lineEnd;
        }
    }
}
/** The first bytes a run decodes to (line breaks of a wrapped block skipped). */
function openingOf(bytes, start) {
    const text = bytes.toString('latin1', start, start + OPENING_CHARS + 32).replace(NOT_BASE64, '');
    return Buffer.from(text.slice(0, OPENING_CHARS), 'base64');
}
/** Start of the line holding `at` when only indentation precedes it there, else -1. */
function lineStartOf(bytes, at) {
    let start = at;
    while (start > 0 && (bytes[start - 1] === SPACE || bytes[start - 1] === TAB))
        start--;
    return start === 0 || bytes[start - 1] === LF ? start : -1;
}
/**
 * The first line of a block of wrapped base64 (`base64` writes 76 columns)
 * that holds the line at `start`: a sample may land on any line, and only
 * the first opens like a key. Walks up while the lines above are base64 of
 * one width (the sampled line may be the shorter last one).
 */
function wrappedStart(bytes, start, end, floor) {
    if (lineStartOf(bytes, start) === -1)
        return bytes[start - 1] === SPACE
            ? spacedStart(bytes, start, end, floor)
            : escapedStart(bytes, start, end, floor);
    let first = start;
    let width = -1;
    for (;;) {
        let lineEnd = lineStartOf(bytes, first) - 1; // the newline before this line
        if (lineEnd <= floor)
            return first;
        if (bytes[lineEnd - 1] === CR)
            lineEnd--;
        if (bytes[lineEnd - 1] === EQUALS)
            return first; // padding ends a block
        let above = lineEnd;
        while (above > floor && ALPHABET[bytes[above - 1]])
            above--;
        const aboveWidth = lineEnd - above;
        if (aboveWidth < RUN_MIN / 2 || lineStartOf(bytes, above) === -1)
            return first;
        if (width === -1) {
            if (aboveWidth < end - start)
                return first;
            width = aboveWidth;
        }
        else if (aboveWidth !== width)
            return first;
        first = above;
    }
}
/** `wrappedStart` for lines joined by escaped line breaks, all on one line of the file. */
function escapedStart(bytes, start, end, floor) {
    let first = start;
    let width = -1;
    for (;;) {
        const lineEnd = escapedBreakBefore(bytes, first);
        if (lineEnd <= floor || bytes[lineEnd - 1] === EQUALS)
            return first;
        let above = lineEnd;
        while (above > floor && ALPHABET[bytes[above - 1]])
            above--;
        above = pastEscapedN(bytes, above);
        const aboveWidth = lineEnd - above;
        if (aboveWidth < RUN_MIN / 2)
            return first;
        if (width === -1) {
            if (aboveWidth < end - start)
                return first;
            width = aboveWidth;
        }
        else if (aboveWidth !== width)
            return first;
        first = above;
    }
}
/** `wrappedStart` for lines of a base64 tool's width joined by single spaces. */
function spacedStart(bytes, start, end, floor) {
    let first = start;
    let width = -1;
    for (;;) {
        const lineEnd = first - 1; // the space
        if (lineEnd <= floor || bytes[lineEnd] !== SPACE || bytes[lineEnd - 1] === EQUALS)
            return first;
        let above = lineEnd;
        while (above > floor && ALPHABET[bytes[above - 1]])
            above--;
        const aboveWidth = lineEnd - above;
        if (!isToolWidth(aboveWidth))
            return first;
        if (width === -1) {
            if (aboveWidth < end - start)
                return first;
            width = aboveWidth;
        }
        else if (aboveWidth !== width)
            return first;
        first = above;
    }
}
const PEM_BEGIN = Buffer.from('-----BEGIN ');
const PEM_END = Buffer.from('-----END ');
/** A PEM head the clear scan reads as a key block (its label ends in PRIVATE KEY). */
const KEY_HEAD = /^-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY-----/;
const ARMOUR_LOOKBACK = 320;
/**
 * Whether the run at `start` is the body of a PEM key block the clear scan
 * reads: it closely follows a private key's head, with no END between them.
 * Any other armour (a certificate's, an END line, PuTTY's lines, whose
 * bodies never open like a key) says nothing: a run after it is decoded like
 * any other.
 */
function isKeyBlockBody(bytes, start) {
    const before = bytes.subarray(Math.max(0, start - ARMOUR_LOOKBACK), start);
    const head = before.lastIndexOf(PEM_BEGIN);
    if (head === -1 || before.indexOf(PEM_END, head) !== -1)
        return false;
    return KEY_HEAD.test(before.toString('latin1', head, head + 64));
}
/**
 * Whether decoded bytes open like a PEM body: DER or an OpenSSH container.
 * Base64 of text (a marker, base64 again, an archive) is never one, whatever
 * armour precedes it: that is a key encoded twice, which only decoding finds.
 */
function opensLikePemBody(opening) {
    return (0,decode_der/* mayOpenDerKey */.GK)(opening) || (0,decode_der/* isOpensshContainer */.e6)(opening);
}
/** The bounds of the run of hex digits (either case) holding `at`, not reaching back past `floor`. */
function hexRunAround(bytes, at, floor) {
    let start = at;
    while (start > floor && HEX[bytes[start - 1]])
        start--;
    let end = at;
    while (end < bytes.length && HEX[bytes[end]])
        end++;
    return { start, end };
}
/**
 * The bytes a hex run [start, end) decodes to when it is long enough and
 * opens like a key (hex of DER, of PEM text, of base64), else null. Only the
 * opening is decoded to judge; `maxBytes` caps the whole (`onCut` told).
 */
function hexKeyRun(bytes, start, end, maxBytes, onCut) {
    if (end - start < HEX_RUN_MIN || !opensWithAny(bytes, start, HEX_OPENINGS))
        return null;
    for (let at = start; at < end; at++)
        if (!HEX[bytes[at]])
            return null;
    const opening = Buffer.from(bytes.toString('latin1', start, start + 2 * OPENING_BYTES), 'hex');
    if (!opensLikeKey(opening))
        return null;
    let last = start + ((end - start) & ~1);
    if ((last - start) / 2 > maxBytes) {
        onCut();
        last = start + 2 * maxBytes;
    }
    return Buffer.from(bytes.toString('latin1', start, last), 'hex');
}
/** The runs found in one blob, each with its line. */
class FoundRuns {
    runs = [];
    lines;
    constructor(bytes) {
        this.lines = new Lines(bytes);
    }
    add(start, decoded, encoding) {
        this.runs.push({ start, line: this.lines.lineOf(start), decoded, encoding });
    }
}
/** What most blobs hold: shared, so that a blob with no run makes no array. */
const NO_RUNS = Object.freeze([]);
/** Counts lines up to offsets that never decrease. */
class Lines {
    bytes;
    at = 0;
    line = 1;
    constructor(bytes) {
        this.bytes = bytes;
    }
    lineOf(offset) {
        this.line += (0,newlines/* countNewlines */.D)(this.bytes, this.at, offset);
        this.at = offset;
        return this.line;
    }
}
/**
 * The first sample from `at` on (a multiple of SAMPLE_STRIDE from the
 * first) that needs a closer look, or the length when none does: one in a
 * base64 run of RUN_MIN characters or more, or lower-case hex among hex.
 * Most of a clean scan is spent here, so it makes no call: V8 optimises it
 * at once and has nothing to throw the optimised code away for.
 */
function nextCandidate(bytes, from, floor) {
    const length = bytes.length;
    for (let at = from; at < length; at += SAMPLE_STRIDE) {
        const sample = bytes[at];
        if (SAMPLED[sample]) {
            let start = at;
            while (start > floor && ALPHABET[bytes[start - 1]])
                start--;
            let end = at + 1;
            while (end < length && ALPHABET[bytes[end]])
                end++;
            if (end - start >= RUN_MIN)
                return at;
            // Samples inside a short run tell nothing new.
            while (at + SAMPLE_STRIDE < end)
                at += SAMPLE_STRIDE;
        }
        else if (
        // A lower-case letter is looked at only as hex (a short hex key, 96 digits, holds
        // three samples, all three letters a time in twenty), and only when its neighbours
        // are hex too: four table reads, which prose and code fail at once.
        LOWER_HEX[sample] &&
            LOWER_HEX[bytes[at - 1]] &&
            LOWER_HEX[bytes[at + 1]] &&
            LOWER_HEX[bytes[at + 2]])
            return at;
    }
    return length;
}
/**
 * The runs of `bytes` whose opening decodes like a key, decoded. Each byte
 * of the blob is looked at a bounded number of times. `maxBytes` caps each
 * run (a run beyond it is cut and `onCut` told).
 */
function findBase64Runs(bytes, maxBytes, onCut) {
    // Made at the first run found: most blobs have none, and pay for no object.
    let found = null;
    const length = bytes.length;
    let floor = 0;
    for (let at = nextCandidate(bytes, SAMPLE_STRIDE - 1, floor); at < length; at = nextCandidate(bytes, at + SAMPLE_STRIDE, floor)) {
        const sample = bytes[at];
        if (isHexStretch(bytes, at)) {
            // A digest, most likely; hex of a key otherwise. Its other samples tell nothing new
            // (no floor is set: a base64 run around a stretch of hex is still read whole).
            const hex = hexRunAround(bytes, at, floor);
            const decoded = hexKeyRun(bytes, hex.start, hex.end, maxBytes, onCut);
            if (decoded) {
                (found ??= new FoundRuns(bytes)).add(hex.start, decoded, 'hex');
                floor = hex.end;
            }
            while (at + SAMPLE_STRIDE < hex.end)
                at += SAMPLE_STRIDE;
            continue;
        }
        if (!SAMPLED[sample])
            continue;
        let start = at;
        while (start > floor && ALPHABET[bytes[start - 1]])
            start--;
        start = pastEscapedN(bytes, start);
        let end = runEnd(bytes, at + 1);
        if (end - start >= RUN_MIN) {
            start = wrappedStart(bytes, start, end, floor);
            const opening = mayOpenKeyRun(bytes, start) || mayOpenText(bytes, start) ? openingOf(bytes, start) : null;
            // DER or an OpenSSH container opens like a key too: a key block's body is told first.
            const body = opening !== null && opensLikePemBody(opening) && isKeyBlockBody(bytes, start);
            if (body) {
                // The body of a key block the clear scan reads: its other lines are not sampled.
                end = wrappedEnd(bytes, start, runEnd(bytes, start));
            }
            else if (opening !== null && (opensLikeKey(opening) || opensLikeText(opening))) {
                end = wrappedEnd(bytes, start, runEnd(bytes, start));
                let text = bytes.toString('latin1', start, end).replace(NOT_BASE64, '');
                if (text.length > maxBytes) {
                    onCut();
                    text = text.slice(0, maxBytes & ~3);
                }
                (found ??= new FoundRuns(bytes)).add(start, Buffer.from(text, 'base64'), 'base64');
            }
            else {
                // Upper-case hex is base64's alphabet too: a run of it may be hex of a key.
                const decoded = hexKeyRun(bytes, start, end, maxBytes, onCut);
                if (decoded)
                    (found ??= new FoundRuns(bytes)).add(start, decoded, 'hex');
            }
            floor = end;
        }
        // Samples inside the run just read tell nothing new.
        while (at + SAMPLE_STRIDE < end)
            at += SAMPLE_STRIDE;
    }
    return found?.runs ?? NO_RUNS;
}
function ignore() {
    // A run is only looked for here: nothing is decoded, so nothing is cut.
}
/**
 * Whether `bytes` holds a run that `findBase64Runs` would decode (past the
 * depth limit, to say what was left undecoded): runs are found the same
 * way, at the same cost, but none is decoded.
 */
function holdsEncodedRun(bytes) {
    return findBase64Runs(bytes, 0, ignore).length > 0;
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./.build/js/src/scan/decode/inflate.js
/**
 * Bounded decompression: a stream may expand only so far (MAX_MEMBER_BYTES,
 * MAX_RATIO, what is left of the blob's budget). Beyond that it may be a
 * bomb, or only a very repetitive file (a CI log, a key padded with
 * newlines): what it expands to up to the limit is kept and scanned, the
 * rest is reported, not inflated. Truncated streams give what they hold.
 */

/** Inflates raw deflate data within the budget. */
function inflateBounded(data, budget) {
    const limit = budget.expansionLimit(data.length);
    return inflateWithin(data, limit, { limit, compressed: data.length });
}
/**
 * Inflates the deflate stream that `data` opens with, to at most `limit`
 * bytes. `bound` is the limit the caller enforces as a whole (several
 * streams may share it), named in the warning. A stream that expands
 * further gives its first `limit` bytes as `prefix`.
 */
function inflateWithin(data, limit, bound) {
    if (bound.limit === 0)
        return { problem: 'was not decoded (the decoding budget is spent)' };
    if (limit <= 0)
        return bombed(bound);
    try {
        // Sync flush: a truncated stream yields the bytes it holds instead of an error.
        const { buffer, engine } = (0,external_node_zlib_.inflateRawSync)(data, {
            maxOutputLength: limit,
            finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH,
            info: true,
        });
        return { bytes: buffer, consumed: engine.bytesWritten };
    }
    catch (error) {
        if (error.code !== 'ERR_BUFFER_TOO_LARGE')
            return { problem: 'is corrupt' };
    }
    const prefix = prefixOf(data, limit);
    return prefix.length ? { ...bombed(bound), prefix } : bombed(bound);
}
/**
 * The first `limit` bytes of a stream known to expand further. Node's
 * convenience call throws its output away past the limit, so the stream is
 * inflated again into a buffer of that size, through the handle zlib.js
 * drives in its own synchronous path (as the pack reader does); where that
 * internal handle is missing or fails (or EC2KR_INFLATE=sync), the longest
 * prefix of the input that stays within the limit is searched for instead,
 * each try bounded by the limit.
 */
function prefixOf(data, limit) {
    return ((process.env['EC2KR_INFLATE'] === 'sync' ? null : handlePrefix(data, limit)) ??
        searchedPrefix(data, limit));
}
/** The first `limit` bytes through zlib's handle, or null when it cannot give them. */
function handlePrefix(data, limit) {
    let stream = null;
    try {
        stream = new external_node_zlib_.InflateRaw();
        const { _handle: handle, _writeState: state } = stream;
        if (!handle ||
            typeof handle.writeSync !== 'function' ||
            !(state instanceof Uint32Array) ||
            state.length < 2)
            return null;
        let failed = false;
        handle.onerror = () => {
            failed = true;
        };
        const out = Buffer.allocUnsafe(limit);
        handle.writeSync(external_node_zlib_.constants.Z_SYNC_FLUSH, data, 0, data.length, out, 0, limit);
        // The stream is known to expand past the limit: anything short of it is a misbehaving handle.
        return !failed && state[0] === 0 ? out : null;
    }
    catch {
        return null;
    }
    finally {
        stream?.close();
    }
}
/** The output of the longest input prefix that inflates within `limit` (a binary search). */
function searchedPrefix(data, limit) {
    // Invariant: data[0, low) inflates within the limit, data[0, high) does not.
    let low = 0;
    let high = data.length;
    let best = Buffer.alloc(0);
    while (high - low > 1) {
        const middle = low + Math.floor((high - low) / 2);
        try {
            best = (0,external_node_zlib_.inflateRawSync)(data.subarray(0, middle), {
                maxOutputLength: limit,
                finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH,
            });
            low = middle;
        }
        catch {
            high = middle;
        }
    }
    return best;
}
function bombed(bound) {
    return { problem: `expands beyond ${describeLimit(bound.limit, bound.compressed)}` };
}
/** Bytes for a warning: `1.50 MB`, `16 MB`, `812 bytes`. */
function describeSize(bytes) {
    if (bytes < 1024)
        return `${bytes} bytes`;
    const mb = bytes / 1024 / 1024;
    return `${mb.toFixed(mb < 1 || !Number.isInteger(mb) ? 2 : 0)} MB`;
}
function describeLimit(limit, compressed) {
    return `${describeSize(limit)} (${Math.round(limit / Math.max(1, compressed))} times its ${compressed} compressed bytes)`;
}
/**
 * The warning's text after what the stream is ("zip member "x"", "gzip
 * stream"): its problem, and what was and was not scanned. `skipped` says
 * what else was left unscanned with it ("it and the members after it").
 */
function problemText(failure, skipped = '') {
    const bomb = failure.problem.startsWith('expands beyond ');
    if (!bomb)
        return `${failure.problem}: ${skipped ? `${skipped} ` : ''}not scanned`;
    if (!failure.prefix)
        return `${failure.problem} (a decompression bomb?): ${skipped ? `${skipped} ` : ''}not scanned`;
    const first = describeSize(failure.prefix.length);
    return skipped
        ? `${failure.problem} (a decompression bomb?): ${skipped} not scanned past its first ${first}`
        : `${failure.problem}: its first ${first} were scanned, what follows (a decompression bomb?): not scanned`;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/decode/gzip.js
/**
 * gzip streams (`.gz`, `.tgz`, Helm release data). The header is read here
 * and the deflate body inflated raw, so that trailing bytes or a cut-off
 * end do not lose what comes before them. A file may hold several members
 * one after another (`gzip -c new >> old.gz`, `cat a.gz b.gz`, logrotate,
 * BGZF): gunzip outputs them all, and so are they all read here.
 */


const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
/** CRC-32 and size after each member's deflate body. */
const TRAILER = 8;
function isGzip(bytes, at = 0) {
    return bytes[at] === 0x1f && bytes[at + 1] === 0x8b && bytes[at + 2] === 8;
}
/** Offset of the deflate body after the gzip header at `start`, or -1 when the header is cut off. */
function bodyOffset(bytes, start) {
    const flags = bytes[start + 3] ?? 0;
    let at = start + 10;
    if (flags & FEXTRA) {
        if (at + 2 > bytes.length)
            return -1;
        at += 2 + bytes.readUInt16LE(at);
    }
    for (const flag of [FNAME, FCOMMENT]) {
        if (!(flags & flag))
            continue;
        const nul = bytes.indexOf(0, at);
        if (nul === -1)
            return -1;
        at = nul + 1;
    }
    if (flags & FHCRC)
        at += 2;
    return at <= bytes.length ? at : -1;
}
/** Where the next member starts after `at` (zero padding skipped, as gzip does), or -1. */
function nextMember(bytes, at) {
    let next = at;
    while (next < bytes.length && bytes[next] === 0)
        next++;
    return isGzip(bytes, next) ? next : -1;
}
/**
 * The members of a gzip file inflated one after another, within the budget:
 * all members together may expand only as far as one stream of the file's
 * size may, so splitting a bomb into members gains nothing.
 */
function gunzipBounded(bytes, budget) {
    const limit = budget.expansionLimit(bytes.length);
    const bound = { limit, compressed: bytes.length };
    const parts = [];
    let produced = 0;
    const result = (problem) => ({
        bytes: parts.length === 1 ? parts[0] : Buffer.concat(parts, produced),
        ...(problem ? { problem } : {}),
    });
    let at = 0;
    for (let member = 1;; member++) {
        const body = bodyOffset(bytes, at);
        const stream = body === -1
            ? { problem: 'has a truncated header' }
            : inflateWithin(bytes.subarray(body), limit - produced, bound);
        if ('problem' in stream) {
            // A stream past the limit: what it expands to up to the limit is scanned.
            if (stream.prefix) {
                parts.push(stream.prefix);
                produced += stream.prefix.length;
            }
            return result(member === 1
                ? problemText(stream)
                : `member ${member} ${problemText(stream, 'it and the members after it')}`);
        }
        parts.push(stream.bytes);
        produced += stream.bytes.length;
        at = nextMember(bytes, body + stream.consumed + TRAILER);
        if (at === -1)
            return result();
        if (member >= limits/* MAX_UNITS */.F4)
            return result(`of more than ${limits/* MAX_UNITS */.F4} members: the rest were not read`);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./.build/js/src/scan/decode/asn1.js
var asn1 = __webpack_require__(817);
;// CONCATENATED MODULE: ./.build/js/src/scan/decode/pkcs12.js
/**
 * PKCS#12 (`.p12`, `.pfx`, Java keystores): the private keys in it, opened
 * with an empty or a well-known password (RFC 7292). node:crypto has no
 * PKCS#12 reader, and its PKCS#8 decryption would run whatever KDF cost the
 * file asks for, so the few algorithms in use are implemented here with a
 * cap on the cost. A key that stays locked is still reported (encrypted).
 */



/** Passwords tried, in this order: what tools default to and tutorials use. */
const WELL_KNOWN_PASSWORDS = ['', 'password', 'changeit', 'changeme', 'secret', 'test'];
/** A KDF asking for more rounds than this is not run (a real file uses 2,048 to 10,000). */
const MAX_ITERATIONS = 200_000;
/** KDF rounds spent on one blob at most, over every bag and password. */
const MAX_ROUNDS_PER_BLOB = 2_000_000;
const MAX_BAGS = 64;
const OID = {
    data: '2a864886f70d010701',
    encryptedData: '2a864886f70d010706',
    keyBag: '2a864886f70d010c0a0101',
    shroudedKeyBag: '2a864886f70d010c0a0102',
    safeContentsBag: '2a864886f70d010c0a0106',
    pbes2: '2a864886f70d01050d',
    pbkdf2: '2a864886f70d01050c',
    pbeSha1TripleDes: '2a864886f70d010c0103',
};
const PRF = {
    '2a864886f70d0207': 'sha1',
    '2a864886f70d0208': 'sha224',
    '2a864886f70d0209': 'sha256',
    '2a864886f70d020a': 'sha384',
    '2a864886f70d020b': 'sha512',
};
const CIPHERS = {
    '608648016503040102': { name: 'aes-128-cbc', keyLength: 16 },
    '608648016503040116': { name: 'aes-192-cbc', keyLength: 24 },
    '60864801650304012a': { name: 'aes-256-cbc', keyLength: 32 },
    '2a864886f70d0307': { name: 'des-ede3-cbc', keyLength: 24 },
};
/** The children of `tlv` when it has the tag, or null. */
function kids(bytes, tlv, tag) {
    return tlv?.tag === tag ? (0,asn1/* childrenOf */.LU)(bytes, tlv, MAX_BAGS) : null;
}
/** Whether `bytes` is a PFX: SEQUENCE { INTEGER 3, ContentInfo, … }. */
function isPkcs12(bytes) {
    const top = (0,asn1/* readTlv */.pw)(bytes, 0);
    if (top?.tag !== asn1/* TAG */.Dk.sequence)
        return false;
    const version = (0,asn1/* readTlv */.pw)(bytes, top.content, top.end);
    return (0,asn1/* smallInteger */.YO)(bytes, version ?? undefined) === 3;
}
/** PKCS#12 KDF (RFC 7292 appendix B) with SHA-1. */
function pkcs12Kdf(password, salt, id, iterations, size) {
    const v = 64;
    const u = 20;
    const fill = (source) => {
        if (!source.length)
            return Buffer.alloc(0);
        const out = Buffer.alloc(v * Math.ceil(source.length / v));
        for (let i = 0; i < out.length; i++)
            out[i] = source[i % source.length];
        return out;
    };
    const d = Buffer.alloc(v, id);
    const input = Buffer.concat([fill(salt), fill(password)]);
    const result = [];
    for (let produced = 0; produced < size; produced += u) {
        let a = (0,external_node_crypto_.createHash)('sha1').update(d).update(input).digest();
        for (let i = 1; i < iterations; i++)
            a = (0,external_node_crypto_.createHash)('sha1').update(a).digest();
        result.push(a);
        const b = fill(a);
        for (let j = 0; j < input.length; j += v) {
            let carry = 1;
            for (let k = v - 1; k >= 0; k--) {
                const sum = input[j + k] + b[k] + carry;
                input[j + k] = sum & 0xff;
                carry = sum >> 8;
            }
        }
    }
    return Buffer.concat(result).subarray(0, size);
}
/** A password as PKCS#12 wants it: UTF-16BE with a terminating NUL. */
function bmpPassword(password) {
    const units = Buffer.from(`${password}\0`, 'utf16le');
    return units.swap16();
}
function decrypt(name, key, iv, data) {
    try {
        const decipher = (0,external_node_crypto_.createDecipheriv)(name, key, iv);
        return Buffer.concat([decipher.update(data), decipher.final()]);
    }
    catch {
        return null;
    }
}
/**
 * Decrypts `data` encrypted under the AlgorithmIdentifier `algorithm` with
 * each well-known password; null when none opens it (or its cost is too high).
 */
function openWithKnownPassword(walk, bytes, algorithm, data) {
    const [oid, params] = kids(bytes, algorithm, asn1/* TAG */.Dk.sequence) ?? [];
    const scheme = (0,asn1/* oidHex */._)(bytes, oid);
    let attempt;
    let iterations;
    if (scheme === OID.pbes2) {
        const [kdf, cipher] = kids(bytes, params, asn1/* TAG */.Dk.sequence) ?? [];
        const [kdfOid, kdfParams] = kids(bytes, kdf, asn1/* TAG */.Dk.sequence) ?? [];
        const [cipherOid, ivTlv] = kids(bytes, cipher, asn1/* TAG */.Dk.sequence) ?? [];
        const [saltTlv, countTlv, ...rest] = kids(bytes, kdfParams, asn1/* TAG */.Dk.sequence) ?? [];
        const prfTlv = rest.find((tlv) => tlv.tag === asn1/* TAG */.Dk.sequence);
        const prf = prfTlv ? PRF[(0,asn1/* oidHex */._)(bytes, kids(bytes, prfTlv, asn1/* TAG */.Dk.sequence)?.[0]) ?? ''] : 'sha1';
        const spec = CIPHERS[(0,asn1/* oidHex */._)(bytes, cipherOid) ?? ''];
        const count = (0,asn1/* smallInteger */.YO)(bytes, countTlv);
        if ((0,asn1/* oidHex */._)(bytes, kdfOid) !== OID.pbkdf2 || !prf || !spec || !saltTlv || !ivTlv || !count)
            return null;
        iterations = count;
        const salt = (0,asn1/* contentOf */.$E)(bytes, saltTlv);
        const iv = (0,asn1/* contentOf */.$E)(bytes, ivTlv);
        attempt = WELL_KNOWN_PASSWORDS.map((password) => () => {
            const key = (0,external_node_crypto_.pbkdf2Sync)(Buffer.from(password, 'utf8'), salt, count, spec.keyLength, prf);
            return decrypt(spec.name, key, iv, data);
        });
    }
    else if (scheme === OID.pbeSha1TripleDes) {
        const [saltTlv, countTlv] = kids(bytes, params, asn1/* TAG */.Dk.sequence) ?? [];
        const count = (0,asn1/* smallInteger */.YO)(bytes, countTlv);
        if (!saltTlv || !count)
            return null;
        iterations = count * 2;
        const salt = (0,asn1/* contentOf */.$E)(bytes, saltTlv);
        // An empty password is two NULs to OpenSSL, and no bytes at all to some other writers.
        const passwords = [Buffer.alloc(0), ...WELL_KNOWN_PASSWORDS.map(bmpPassword)];
        attempt = passwords.map((password) => () => {
            const key = pkcs12Kdf(password, salt, 1, count, 24);
            const iv = pkcs12Kdf(password, salt, 2, count, 8);
            return decrypt('des-ede3-cbc', key, iv, data);
        });
    }
    else {
        return null;
    }
    if (iterations > MAX_ITERATIONS) {
        walk.budget.warnOnce(`PKCS#12 key derivation asks for ${iterations} rounds: not attempted`);
        return null;
    }
    for (const tryPassword of attempt) {
        if (walk.rounds + iterations > MAX_ROUNDS_PER_BLOB) {
            walk.budget.warnOnce('PKCS#12 password attempts stopped: key derivation budget spent');
            return null;
        }
        walk.rounds += iterations;
        const opened = tryPassword();
        // Padding checks pass by chance 1 time in 256: the content must also be DER.
        if (opened && (0,asn1/* readTlv */.pw)(opened, 0)?.tag === asn1/* TAG */.Dk.sequence)
            return opened;
    }
    return null;
}
/** Reads the bags of one SafeContents. */
function readSafeContents(walk, safeContents, depth) {
    const top = (0,asn1/* readTlv */.pw)(safeContents, 0);
    const bags = top?.tag === asn1/* TAG */.Dk.sequence ? (0,asn1/* childrenOf */.LU)(safeContents, top, MAX_BAGS) : null;
    if (!bags)
        return;
    for (const bag of bags) {
        if (++walk.bags > MAX_BAGS)
            return;
        const [oid, wrapped] = kids(safeContents, bag, asn1/* TAG */.Dk.sequence) ?? [];
        const value = kids(safeContents, wrapped, asn1/* TAG */.Dk.context0)?.[0];
        if (!value)
            continue;
        const bagId = (0,asn1/* oidHex */._)(safeContents, oid);
        const der = safeContents.subarray(value.start, value.end);
        if (bagId === OID.keyBag)
            walk.keys.push({ label: decode_der/* LABELS */.kg.pkcs8, der });
        else if (bagId === OID.shroudedKeyBag) {
            const [algorithm, encrypted] = kids(safeContents, value, asn1/* TAG */.Dk.sequence) ?? [];
            const opened = algorithm && encrypted?.tag === asn1/* TAG */.Dk.octetString
                ? openWithKnownPassword(walk, safeContents, algorithm, (0,asn1/* contentOf */.$E)(safeContents, encrypted))
                : null;
            // Locked: reported like an encrypted PKCS#8 PEM, which it is.
            walk.keys.push(opened ? { label: decode_der/* LABELS */.kg.pkcs8, der: opened } : { label: decode_der/* LABELS */.kg.encrypted, der });
        }
        else if (bagId === OID.safeContentsBag && depth < 2) {
            readSafeContents(walk, der, depth + 1);
        }
    }
}
/** The content of an `encryptedData` ContentInfo, opened with a well-known password, or null. */
function openEncryptedData(walk, bytes, content) {
    const [, encryptedContentInfo] = kids(bytes, content, asn1/* TAG */.Dk.sequence) ?? [];
    const [, algorithm, encrypted] = kids(bytes, encryptedContentInfo, asn1/* TAG */.Dk.sequence) ?? [];
    // encryptedContent is [0] IMPLICIT OCTET STRING: primitive 0x80.
    if (!algorithm || encrypted?.tag !== 0x80)
        return null;
    return openWithKnownPassword(walk, bytes, algorithm, (0,asn1/* contentOf */.$E)(bytes, encrypted));
}
/** The private keys in a PKCS#12 file: opened ones as PKCS#8, locked ones as encrypted PKCS#8. */
function pkcs12Keys(bytes, budget) {
    const walk = { budget, rounds: 0, keys: [], bags: 0, locked: 0 };
    const top = (0,asn1/* readTlv */.pw)(bytes, 0);
    const [, authSafe] = (top && (0,asn1/* childrenOf */.LU)(bytes, top, 4)) ?? [];
    const [dataOid, wrapped] = kids(bytes, authSafe, asn1/* TAG */.Dk.sequence) ?? [];
    const octets = kids(bytes, wrapped, asn1/* TAG */.Dk.context0)?.[0];
    if ((0,asn1/* oidHex */._)(bytes, dataOid) !== OID.data || octets?.tag !== asn1/* TAG */.Dk.octetString) {
        budget.warnOnce('PKCS#12 file in a form not read (not DER, or signed): not checked for keys');
        return [];
    }
    const infosDer = (0,asn1/* contentOf */.$E)(bytes, octets);
    const infosTop = (0,asn1/* readTlv */.pw)(infosDer, 0);
    const infos = infosTop?.tag === asn1/* TAG */.Dk.sequence ? (0,asn1/* childrenOf */.LU)(infosDer, infosTop, MAX_BAGS) : null;
    for (const info of infos ?? []) {
        const [oid, body] = kids(infosDer, info, asn1/* TAG */.Dk.sequence) ?? [];
        const content = kids(infosDer, body, asn1/* TAG */.Dk.context0)?.[0];
        if (!content)
            continue;
        const type = (0,asn1/* oidHex */._)(infosDer, oid);
        if (type === OID.data && content.tag === asn1/* TAG */.Dk.octetString) {
            readSafeContents(walk, (0,asn1/* contentOf */.$E)(infosDer, content), 0);
        }
        else if (type === OID.encryptedData) {
            const opened = openEncryptedData(walk, infosDer, content);
            if (opened)
                readSafeContents(walk, opened, 0);
            else
                walk.locked++;
        }
    }
    if (walk.locked && !walk.keys.length)
        budget.warnOnce('PKCS#12 contents encrypted with a password that is not a well-known one: not checked for keys');
    return walk.keys;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/decode/utf16.js
/**
 * UTF-16 text (PowerShell's and Windows Notepad's default): found by its
 * byte order mark, by the NUL in every other byte that ASCII text has in
 * UTF-16, or, when its first lines are in a script with no NUL bytes
 * (Japanese notes above a key), by a key marker in UTF-16 anywhere in it.
 * Decoded to UTF-8, which keeps every line where it was.
 */
/** Bytes looked at to recognise UTF-16 without a byte order mark. */
const SAMPLE = 512;
/** Bytes looked at for a NUL that marks binary (or UTF-16) content. */
const HEAD_BYTES = SAMPLE;
/**
 * The words of the key markers in UTF-16LE without their last NUL: the same
 * bytes are UTF-16BE one byte on, so one search finds either byte order, and
 * where a hit starts (even or odd) tells which. `BEGIN ` is in every PEM and
 * ssh.com head, whatever its label; PuTTY's head has its own.
 */
const MARKER_WORDS = ['BEGIN ', 'PuTTY-User-Key-File-'].map((word) => Buffer.from(word, 'utf16le').subarray(0, -1));
/**
 * The UTF-16 flavour of `bytes`, or null. `nulInHead` is whether the first
 * HEAD_BYTES hold a NUL (the caller knows). Reads at most SAMPLE bytes, then
 * (for a blob that holds a NUL) searches it for a marker in UTF-16: one
 * memchr for a text file, two native searches for a binary one.
 */
function utf16Encoding(bytes, nulInHead) {
    if (bytes.length < 2)
        return null;
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
        return bytes[2] === 0 && bytes[3] === 0 ? null : 'utf-16le';
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
        return 'utf-16be';
    const length = Math.min(bytes.length, SAMPLE) & ~1;
    if (length >= 32 && nulInHead) {
        let evenZeros = 0;
        let oddZeros = 0;
        for (let at = 0; at < length; at += 2) {
            if (bytes[at] === 0)
                evenZeros++;
            if (bytes[at + 1] === 0)
                oddZeros++;
        }
        const pairs = length / 2;
        // ASCII in UTF-16: one byte of each pair is NUL, the other almost never.
        if (oddZeros >= pairs * 0.8 && evenZeros <= pairs * 0.05)
            return 'utf-16le';
        if (evenZeros >= pairs * 0.8 && oddZeros <= pairs * 0.05)
            return 'utf-16be';
    }
    // A marker in UTF-16 holds NULs: text without one (almost every file) costs a memchr.
    if (!nulInHead && bytes.indexOf(0) === -1)
        return null;
    return byMarker(bytes);
}
/**
 * The byte order of UTF-16 text that holds a key marker, when everything
 * before the marker is UTF-16 text of that order too (so a binary file that
 * happens to hold a UTF-16 string, or UTF-16 after a head in another
 * encoding, is not taken for it); null otherwise.
 */
function byMarker(bytes) {
    for (const word of MARKER_WORDS) {
        const at = bytes.indexOf(word);
        if (at === -1)
            continue;
        // LE: the marker's first letter starts a unit (even); BE: it ends one (odd).
        const encoding = at % 2 === 0 ? 'utf-16le' : 'utf-16be';
        if (utf16_isUtf16Text(bytes, at & ~1, encoding))
            return encoding;
    }
    return null;
}
/**
 * Whether the units in [0, end) are text: no NUL or other control character
 * but tab, line breaks and form feed, no non-character, no lone surrogate.
 */
function utf16_isUtf16Text(bytes, end, encoding) {
    const high = encoding === 'utf-16le' ? 1 : 0;
    let pendingHigh = false;
    for (let at = 0; at + 1 < end; at += 2) {
        const unit = (bytes[at + high] << 8) | bytes[at + 1 - high];
        const isLow = unit >= 0xdc00 && unit <= 0xdfff;
        if (pendingHigh !== isLow)
            return false;
        pendingHigh = unit >= 0xd800 && unit <= 0xdbff;
        if (unit < 0x20 ? !(unit >= 0x09 && unit <= 0x0d) : unit >= 0x7f && unit < 0xa0)
            return false;
        if (unit === 0xfffe || unit === 0xffff)
            return false;
    }
    return !pendingHigh;
}
/** UTF-8 bytes of UTF-16 text (without its byte order mark). */
function decodeUtf16(bytes, encoding) {
    let units = bytes.subarray(0, bytes.length & ~1);
    if (encoding === 'utf-16be')
        units = Buffer.from(units).swap16();
    const text = units.toString('utf16le');
    return Buffer.from(text.startsWith('\ufeff') ? text.slice(1) : text, 'utf8');
}

;// CONCATENATED MODULE: ./.build/js/src/scan/decode/member-path.js
/**
 * How an archive member is named in a report: `archive.zip!/<member>`. The
 * name comes from whoever made the archive, so it is made to stay inside
 * it: `\` is read as `/` (Windows tools write it), and empty, `.` and `..`
 * segments and a leading `/` are dropped, as unzip drops them when it
 * extracts. Otherwise `a.zip!/../src/app.js` would resolve (a SARIF
 * viewer, RFC 3986) to `src/app.js`, an innocent file beside the archive.
 */

/** What a member whose name is nothing but separators and dot segments is called. */
const UNNAMED_MEMBER = '?';
/** A member's name made safe to show and to join after `!/`: no dot segment, no control character. */
function memberPath(rawName) {
    const segments = rawName
        .toString('utf8')
        .split(/[/\\]/)
        .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
    return (0,limits/* shownName */.HD)(segments.join('/') || UNNAMED_MEMBER);
}
/** Whether a raw member name is a directory's (a `/` or, from Windows tools, a `\` at its end). */
function isDirectoryName(rawName) {
    const last = rawName[rawName.length - 1];
    return last === 0x2f || last === 0x5c;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/decode/zip-directory.js
/**
 * The central directory of a zip archive, found as unzip finds it: from the
 * end record in the file's last 64 KiB, not from the first bytes. Bytes in
 * front of the archive (a self-extracting stub, a PNG the zip was appended
 * to, a jar's shell launcher) shift every offset the archive records unless
 * `zip -A` fixed them; the shift is worked out from where the directory
 * really ends, as unzip does ("extra bytes at beginning").
 */

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const END_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
/** A ZIP64 end record without extensible data, as every common writer makes it. */
const ZIP64_END_SIZE = 56;
/** The end record sits in the last 22 bytes plus a comment of at most 64 KiB. */
const END_SEARCH = END_SIZE + 0xffff;
/** Offset of the end-of-central-directory record, or -1. Bounded: only the last 64 KiB are searched. */
function endRecord(bytes) {
    if (bytes.length < END_SIZE)
        return -1;
    const from = Math.max(0, bytes.length - END_SEARCH);
    // A native search over a view: a blob that is no zip costs one pass over its tail.
    const found = bytes.subarray(from, bytes.length - END_SIZE + END.length).lastIndexOf(END);
    return found === -1 ? -1 : from + found;
}
function u32(bytes, at) {
    return at >= 0 && at + 4 <= bytes.length ? bytes.readUInt32LE(at) : -1;
}
/** Where the central directory ends: before the end record, or before its ZIP64 records. */
function directoryEnd(bytes, end) {
    const locator = end - ZIP64_LOCATOR_SIZE;
    if (u32(bytes, locator) !== ZIP64_LOCATOR)
        return end;
    const zip64 = locator - ZIP64_END_SIZE;
    return u32(bytes, zip64) === ZIP64_END ? zip64 : end;
}
function readEntries(bytes, at, count, prefix) {
    const entries = [];
    for (let i = 0; i < count && i < limits/* MAX_UNITS */.F4; i++) {
        if (u32(bytes, at) !== CENTRAL || at + 46 > bytes.length)
            return null;
        const nameLength = bytes.readUInt16LE(at + 28);
        entries.push({
            flags: bytes.readUInt16LE(at + 8),
            method: bytes.readUInt16LE(at + 10),
            compressedSize: bytes.readUInt32LE(at + 20),
            localOffset: bytes.readUInt32LE(at + 42) + prefix,
            rawName: bytes.subarray(at + 46, Math.min(bytes.length, at + 46 + nameLength)),
        });
        at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    }
    return entries;
}
/**
 * The central directory of the zip archive that `bytes` ends with, or null
 * when there is none to read (no end record, no member, ZIP64, offsets that
 * lead nowhere). The offsets are tried as recorded first, then shifted by
 * the bytes found in front of the archive. Either way the archive must
 * prove itself (its first member's local header where the directory says)
 * before the bytes are taken for one: a text file may hold the four
 * signature bytes.
 */
function centralDirectory(bytes) {
    const end = endRecord(bytes);
    if (end === -1)
        return null;
    const count = bytes.readUInt16LE(end + 10);
    const size = bytes.readUInt32LE(end + 12);
    const offset = bytes.readUInt32LE(end + 16);
    if (count === 0xffff || offset === 0xffffffff || size === 0xffffffff)
        return null; // ZIP64
    const shift = directoryEnd(bytes, end) - size - offset;
    for (const prefix of shift > 0 ? [0, shift] : [0]) {
        if (offset + prefix >= bytes.length)
            continue;
        const entries = readEntries(bytes, offset + prefix, count, prefix);
        if (!entries?.length)
            continue;
        const start = entries.reduce((least, entry) => Math.min(least, entry.localOffset), Infinity);
        // Members lie before their directory: so archives in a row never share bytes.
        if (start > offset + prefix || u32(bytes, start) !== LOCAL)
            continue;
        return { entries, listed: count, start };
    }
    return null;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/decode/zip.js
/**
 * Zip archives (`.zip`, `.jar`, `.docx`…): members listed by the central
 * directory, or by their local headers when the directory is missing (a
 * truncated file). Stored and deflated members are read; every member is
 * inflated within the blob's budget: one that expands past it is scanned up
 * to the limit, and the rest is named in a warning.
 */




const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x1;
const DATA_DESCRIPTOR = 0x8;
function isZip(bytes) {
    // Byte by byte: asked of every blob, and readUInt32LE checks its arguments first.
    return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
/** Offset of a member's data from its local header, or -1. */
function dataOffset(bytes, local) {
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL)
        return -1;
    const at = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    return at <= bytes.length ? at : -1;
}
/**
 * Entries read from the local headers one after another (no central
 * directory), at most MAX_UNITS; `more` when another header follows them.
 */
function localEntries(bytes) {
    const entries = [];
    let at = 0;
    while (entries.length < limits/* MAX_UNITS */.F4 &&
        at + 30 <= bytes.length &&
        bytes.readUInt32LE(at) === LOCAL) {
        const flags = bytes.readUInt16LE(at + 6);
        const data = dataOffset(bytes, at);
        if (data === -1)
            break;
        // With a data descriptor the size follows the data: only this one member can be read.
        const size = flags & DATA_DESCRIPTOR ? bytes.length - data : bytes.readUInt32LE(at + 18);
        entries.push({
            flags,
            method: bytes.readUInt16LE(at + 8),
            compressedSize: size,
            localOffset: at,
            rawName: bytes.subarray(at + 30, Math.min(bytes.length, at + 30 + bytes.readUInt16LE(at + 26))),
        });
        if (flags & DATA_DESCRIPTOR)
            return { entries, more: false };
        at = data + size;
    }
    const more = at + 4 <= bytes.length && bytes.readUInt32LE(at) === LOCAL;
    return { entries, more };
}
/** The entries to read: the central directory's, else the local headers' (with a warning). */
function entriesOf(bytes, central, budget) {
    if (central) {
        if (central.listed > central.entries.length)
            budget.warnOnce(`zip archive of ${central.listed} members: only the first ${central.entries.length} were read`);
        return central.entries;
    }
    const local = localEntries(bytes);
    budget.warnOnce(`zip archive without a readable central directory (truncated or ZIP64): ${local.entries.length} member(s) read from their local headers`);
    if (local.more)
        budget.warnOnce(`zip archive of more than ${local.entries.length} members: the rest were not read`);
    return local.entries;
}
/**
 * The members of a zip archive, read within the budget. `central` is the
 * archive's directory when it has been read already (it may sit after bytes
 * that are no part of the archive). What cannot be read (encrypted or
 * bomb-sized members, other compression methods) is reported through
 * `budget.warnOnce`.
 */
function zipMembers(bytes, budget, central = centralDirectory(bytes)) {
    const members = [];
    let encrypted = 0;
    for (const entry of entriesOf(bytes, central, budget)) {
        if (isDirectoryName(entry.rawName))
            continue;
        if (entry.flags & ENCRYPTED) {
            encrypted++;
            continue;
        }
        const name = memberPath(entry.rawName);
        const data = dataOffset(bytes, entry.localOffset);
        if (data === -1) {
            budget.warnOnce(`zip member ${JSON.stringify(name)}: its header is missing or cut off`);
            continue;
        }
        const compressed = bytes.subarray(data, Math.min(bytes.length, data + entry.compressedSize));
        if (entry.method === STORED) {
            if (budget.spend(compressed.length))
                members.push({ name, bytes: compressed });
        }
        else if (entry.method === DEFLATED) {
            const inflated = inflateBounded(compressed, budget);
            // A member past the limit: what it expands to up to the limit is scanned.
            const bytes = 'problem' in inflated ? inflated.prefix : inflated.bytes;
            if ('problem' in inflated)
                budget.warnOnce(`zip member ${JSON.stringify(name)} ${problemText(inflated)}`);
            if (bytes && budget.spend(bytes.length))
                members.push({ name, bytes });
        }
        else {
            budget.warnOnce(`zip member ${JSON.stringify(name)} uses compression method ${entry.method}: not scanned`);
        }
    }
    if (encrypted)
        budget.warnOnce(`${encrypted} encrypted zip member(s) could not be scanned`);
    return members;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/decode/index.js








/** What one blob's decoding shares; the budget is made only once something is decoded. */
class Context {
    plain;
    onWarning;
    spent = null;
    constructor(plain, onWarning) {
        this.plain = plain;
        this.onWarning = onWarning;
    }
    get budget() {
        return (this.spent ??= new limits/* DecodeBudget */.w(this.onWarning));
    }
}
/** DER files are small: a key, or a PKCS#12 file with its certificate chain. */
const MAX_DER_FILE = 1024 * 1024;
function keyBlock(text, encoding) {
    return { offset: 0, line: 1, kind: 'pem', text, truncated: false, placeholder: false, encoding };
}
/** Key blocks that a binary file is in itself: DER key, PKCS#12, bare OpenSSH container. */
function binaryKeys(bytes, context) {
    if ((0,decode_der/* isOpensshContainer */.e6)(bytes))
        return [keyBlock((0,decode_der/* pemOf */._y)(decode_der/* LABELS */.kg.openssh, bytes), 'binary')];
    if (bytes[0] !== 0x30 || bytes.length < 32 || bytes.length > MAX_DER_FILE)
        return [];
    if (isPkcs12(bytes))
        return pkcs12Keys(bytes, context.budget).map((key) => keyBlock((0,decode_der/* pemOf */._y)(key.label, key.der), 'pkcs12'));
    return derKeyBlocks(bytes, context);
}
/**
 * Whether the first HEAD_BYTES hold a NUL, as binary and UTF-16 content do:
 * every seventh byte is looked at (both parities of UTF-16, and binary has
 * NULs aplenty). A miss costs only a base64 sampling of a binary blob.
 */
function hasNulInHead(bytes) {
    const end = Math.min(bytes.length, HEAD_BYTES);
    for (let at = 0; at < end; at += 7)
        if (bytes[at] === 0)
            return true;
    return false;
}
/** The units that `bytes` decodes to at this layer. */
function unitsOf(bytes, context) {
    const nulInHead = hasNulInHead(bytes);
    const utf16 = utf16Encoding(bytes, nulInHead);
    if (utf16) {
        const { budget } = context;
        // Text in UTF-16 is nothing else at this layer: its decoding is looked into next.
        const decoded = decodeUtf16(bytes, utf16);
        return budget.spend(decoded.length) ? [{ bytes: decoded, encoding: utf16 }] : [];
    }
    if (isGzip(bytes)) {
        const { budget } = context;
        const inflated = gunzipBounded(bytes, budget);
        // The members before a bad one are still scanned.
        if (inflated.problem)
            budget.warnOnce(`gzip stream ${inflated.problem}`);
        if (!inflated.bytes.length)
            return [];
        return budget.spend(inflated.bytes.length) ? [{ bytes: inflated.bytes, encoding: 'gzip' }] : [];
    }
    const zips = zipUnits(bytes, context);
    const text = zips.before;
    if (!text.length)
        return zips.units;
    // Base64 is text: a binary blob (a NUL early on) is not sampled for it.
    if (text === bytes ? nulInHead : hasNulInHead(text))
        return zips.units;
    const runs = findBase64Runs(text, limits/* MAX_MEMBER_BYTES */.yK, () => context.budget.warnOnce('a base64 run longer than the decoding limit was cut'));
    if (!runs.length)
        return zips.units;
    const { budget } = context;
    const units = zips.units;
    for (const run of runs) {
        if (!budget.spend(run.decoded.length))
            break;
        units.push({ bytes: run.decoded, encoding: run.encoding, line: run.line, offset: run.start });
    }
    return units;
}
/**
 * The members of the zip archives `bytes` holds, and the bytes in front of
 * them (all of `bytes` when there is no archive). An archive is found where
 * it starts (at byte 0) or by its end record, as unzip finds it: after a
 * self-extracting stub, a PNG, a jar's launcher or another archive
 * (`cat a.zip b.zip`). What is in front is read like any blob: an archive
 * again, or text with base64 in it.
 */
function zipUnits(bytes, context) {
    const units = [];
    let rest = bytes;
    // Entries listed by the archives read so far: a row of archives is held to one archive's cap.
    let listed = 0;
    while (rest.length) {
        const directory = centralDirectory(rest);
        if (!directory && !isZip(rest))
            break;
        if (listed >= limits/* MAX_UNITS */.F4) {
            context.budget.warnOnce(`zip archives one after another of more than ${limits/* MAX_UNITS */.F4} members: the rest were not read`);
            break;
        }
        listed += directory?.entries.length ?? limits/* MAX_UNITS */.F4;
        for (const member of zipMembers(rest, context.budget, directory))
            units.push({ bytes: member.bytes, encoding: 'zip', member: member.name });
        rest = rest.subarray(0, directory?.start ?? 0);
    }
    return { units, before: rest };
}
/** A block found in a unit, placed in the bytes the unit came from. */
function placed(block, unit) {
    const member = unit.member
        ? block.member
            ? `${unit.member}!/${block.member}`
            : unit.member
        : block.member;
    return {
        ...block,
        // A block in an archive member keeps the line in the member (README), however the archive came.
        line: block.member !== undefined ? block.line : (unit.line ?? block.line),
        offset: unit.offset ?? block.offset,
        encoding: block.encoding ? `${unit.encoding}+${block.encoding}` : unit.encoding,
        ...(member === undefined ? {} : { member }),
    };
}
/** Bytes of a body's opening that the prefix index is keyed by. */
const PREFIX_BYTES = 32;
/**
 * The clear blocks whose body starts with a given body, found through a map
 * keyed by the body's first bytes (one map per shorter length, made when
 * first asked): linear in the blocks however many a hostile blob holds.
 */
class PrefixIndex {
    entries;
    byLength = new Map();
    constructor(entries) {
        this.entries = entries;
    }
    startingWith(body) {
        const length = Math.min(body.length, PREFIX_BYTES);
        let map = this.byLength.get(length);
        if (!map) {
            map = new Map();
            for (const entry of this.entries) {
                if (entry.body.length < length)
                    continue;
                const key = entry.body.toString('latin1', 0, length);
                const list = map.get(key);
                if (list)
                    list.push(entry);
                else
                    map.set(key, [entry]);
            }
            this.byLength.set(length, map);
        }
        const candidates = map.get(body.toString('latin1', 0, length)) ?? [];
        return length === body.length
            ? candidates
            : candidates.filter((entry) => entry.body.subarray(0, body.length).equals(body));
    }
}
/**
 * `clear` and `decoded` without a key reported twice: a PEM body is itself
 * base64 and a stored zip member is in clear. A block inside an archive
 * member replaces the same block seen in clear (the member names the place
 * better than the archive's line); otherwise the clear one stays.
 */
function withoutRepeats(clear, decoded) {
    // Clear blocks of one body (copies of a key) are one entry: a flood of copies is looked at once.
    const bodies = new Map();
    const seen = clear.map((block) => {
        const body = (0,decode_der/* pemBodyOf */.W2)(block.text);
        const key = body.toString('latin1');
        let entry = bodies.get(key);
        if (!entry)
            bodies.set(key, (entry = { body, keep: true }));
        return { block, entry };
    });
    const index = new PrefixIndex([...bodies.values()]);
    const kept = [];
    // Per decoded body: the clear bodies it repeats, and whether a member has claimed them yet.
    const looked = new Map();
    for (const block of decoded) {
        const body = (0,decode_der/* pemBodyOf */.W2)(block.text);
        const key = body.toString('latin1');
        let found = looked.get(key);
        if (!found) {
            found = { same: body.length > 0 ? index.startingWith(body) : [], claimed: false };
            looked.set(key, found);
        }
        if (!found.same.length)
            kept.push(block);
        else if (block.member) {
            if (!found.claimed)
                for (const earlier of found.same)
                    earlier.keep = false;
            found.claimed = true;
            kept.push(block);
        }
    }
    return [...seen.filter(({ entry }) => entry.keep).map(({ block }) => block), ...kept];
}
/**
 * Whether bytes past the depth limit would have been decoded further: UTF-16
 * text, or text with a base64 run that opens like a key or like text.
 */
function holdsEncodedText(bytes) {
    const nulInHead = hasNulInHead(bytes);
    if (utf16Encoding(bytes, nulInHead))
        return true;
    return !nulInHead && holdsEncodedRun(bytes);
}
function decodeLayer(bytes, depth, context) {
    const blocks = binaryKeys(bytes, context);
    const units = unitsOf(bytes, context);
    for (const unit of units) {
        let inner = context.plain(unit.bytes);
        if (depth + 1 < limits/* MAX_DEPTH */.lr) {
            const deeper = decodeLayer(unit.bytes, depth + 1, context);
            if (deeper.length)
                inner = withoutRepeats(inner, deeper);
        }
        else if (isZip(unit.bytes) || isGzip(unit.bytes) || centralDirectory(unit.bytes))
            context.budget.warnOnce(`archives nested more than ${limits/* MAX_DEPTH */.lr} deep: the innermost not scanned`);
        else if (holdsEncodedText(unit.bytes))
            context.budget.warnOnce(`base64 or UTF-16 nested more than ${limits/* MAX_DEPTH */.lr} deep: the innermost not decoded`);
        for (const block of inner)
            blocks.push(placed(block, unit));
    }
    return blocks;
}
function decode_ignore() {
    // Warnings are dropped when the caller asks for none.
}
/**
 * The key blocks hidden in `bytes` by an encoding (those in clear are the
 * caller's). Problems (bombs, truncation, locked files) go to `onWarning`.
 */
function findDecodedBlocks(bytes, plain, onWarning) {
    if (bytes.length < 16 || bytes.length > limits/* MAX_DECODE_INPUT */.rg)
        return [];
    return decodeLayer(bytes, 0, new Context(plain, onWarning ?? decode_ignore));
}
/**
 * The DER private keys a binary file opens with: a key followed by other
 * bytes (its certificate, a second key, a stray byte) is still one. A key
 * written twice is one block.
 */
function derKeyBlocks(bytes, context) {
    const { keys, more } = (0,decode_der/* derPrivateKeys */.rK)(bytes);
    if (more)
        context.budget.warnOnce(`a DER file of more than ${decode_der/* MAX_DER_ELEMENTS */.rY} elements: those after them were not read`);
    const seen = new Set();
    const blocks = [];
    for (const key of keys) {
        const text = (0,decode_der/* pemOf */._y)(key.label, key.der);
        if (seen.has(text))
            continue;
        seen.add(text);
        blocks.push(keyBlock(text, 'der'));
    }
    return blocks;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/decode/markup.js
/**
 * Undoes the escapes that hide a key's newlines and dashes in JSON (`\u000a`,
 * `\u002d`) and in XML or HTML (`&#10;`, `&#xA;`, `&NewLine;`, `&lt;`, `<br>`). A newline
 * becomes the two characters `\n`, which the block cutter already undoes: no
 * line moves, so the lines reported are the file's.
 */
/** A run of backslashes starts a match only at its start (the lookbehind): linear on hostile runs. */
const JSON_ESCAPE = /(?<!\\)\\+[uU]00([0-7][0-9a-fA-F])/g;
/**
 * Entities, possibly escaped again (`&amp;#10;`), numeric ones padded with
 * up to eight zeros (`&#045;`, `&#x002D;`, `&#0010;`) read as their value:
 * bounded prefixes and runs keep matching linear.
 */
const ENTITY = /&(?:amp;){0,3}(?:#0{0,8}(\d{1,7})|#[xX]0{0,8}([0-9a-fA-F]{1,6})|(lt|gt|quot|apos|amp|NewLine|Tab));?/g;
/**
 * `<br>`, `<br/>`, `< br / >`. The white space is bounded: two unbounded runs
 * around an optional slash made `<` and a million spaces cost quadratic time.
 */
const LINE_BREAK = /<\s{0,16}\/?\s{0,16}br\s{0,16}\/?\s{0,16}>/gi;
const NAMED = {
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    amp: '&',
    // HTML5's named newline and tab, as the cutter reads them.
    NewLine: '\\n',
    Tab: '\\t',
};
/** A character code as the cutter should see it: newlines as `\n`, printable ASCII as itself. */
function character(code, original) {
    if (code === 10)
        return '\\n';
    if (code === 13)
        return '\\r';
    if (code === 9)
        return '\\t';
    return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : original;
}
/**
 * Escaped dashes hide a marker from the clear scan: only then is the whole
 * blob unescaped. Escaped newlines inside a block are undone block by block
 * (`unescapeBlockText`), which costs nothing on blobs without markers.
 */
const HIDDEN_DASH = ['\\u002d', '\\u002D', '\\U002d', '\\U002D'].map((text) => Buffer.from(text));
const HASH = 0x23;
/** A numeric reference's digits as ENTITY reads them, from its `#`. */
const NUMERIC_REFERENCE = /#(?:0{0,8}(\d{1,7})|[xX]0{0,8}([0-9a-fA-F]{1,6}))/y;
/** `&`, or `amp;` that ends an `&` escaped again: what stands before a reference's `#`. */
const AMP_TAIL = Buffer.from('amp;');
/** Whether the blob's markers may be hidden behind escaped dashes. */
function hasEscapedDashes(bytes) {
    if (HIDDEN_DASH.some((needle) => bytes.includes(needle)))
        return true;
    for (let at = bytes.indexOf(HASH); at !== -1; at = bytes.indexOf(HASH, at + 1))
        if (isDashReference(bytes, at))
            return true;
    return false;
}
/** Whether the `#` at `at` starts a numeric reference to `-` (`&#45;`, `&#x2D;`, `&#045;`, `&amp;#45;`). */
function isDashReference(bytes, at) {
    const before = at > 0 && bytes[at - 1] === 0x26; // &
    if (!before && !(at >= 5 && bytes.subarray(at - 4, at).equals(AMP_TAIL)))
        return false;
    NUMERIC_REFERENCE.lastIndex = 0;
    const match = NUMERIC_REFERENCE.exec(bytes.toString('latin1', at, at + 17));
    if (!match)
        return false;
    const code = match[1] ? Number.parseInt(match[1], 10) : Number.parseInt(match[2] ?? '', 16);
    return code === 0x2d;
}
/** Undoes JSON `\\u00XX` escapes and HTML entities in one block's text (a bounded region). */
function unescapeBlockText(text) {
    let result = text;
    if (result.includes('u00') || result.includes('U00'))
        result = result.replace(JSON_ESCAPE, (run, hex) => character(Number.parseInt(hex, 16), run));
    if (result.includes('&') || result.includes('<'))
        result = result.replace(ENTITY, entity).replace(LINE_BREAK, '\\n');
    return result;
}
function entity(match, decimal, hex, name) {
    if (name)
        return NAMED[name] ?? match;
    const code = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    return character(code, match);
}
/**
 * Bytes of a blob made into one string at a time by `windowMatches`: the
 * escapes are read window by window, so that a blob of escapes costs a
 * window's string and its matches, not a string of the blob and an array of
 * its millions of matches (30 bytes of memory per byte of input).
 */
const WINDOW = 64 * 1024;
/**
 * Bytes a window reaches past the last start it reads matches from: more
 * than the longest match (an entity escaped three times and padded, `<br>`
 * with its white space) and the character after it, so that every match
 * starting in a window is read whole, as in the whole blob. A run of
 * backslashes (JSON's) is unbounded: the window takes it whole.
 */
const REACH = 128;
const markup_BACKSLASH = 0x5c;
/**
 * The matches of the global `pattern` in `bytes[0, length)` read as latin1,
 * the ones `pattern.exec` would find in a string of them, in order, with their
 * offsets; read a window at a time (and the byte before it, for a
 * lookbehind). Every match of the patterns used is shorter than REACH or is
 * a run of backslashes and what follows, so a match starting in a window is
 * the whole blob's. Each window is read when the last match of the one before
 * was handled: `bytes` may be rewritten behind the last match (in place).
 */
function* windowMatches(bytes, length, pattern, from = 0) {
    while (from < length) {
        let limit = Math.min(length, from + WINDOW);
        while (limit < length && bytes[limit - 1] === markup_BACKSLASH)
            limit++;
        const start = Math.max(0, from - 1);
        const end = Math.min(length, limit + REACH);
        const text = bytes.toString('latin1', start, end);
        let next = limit;
        pattern.lastIndex = from - start;
        for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
            const at = start + match.index;
            if (at >= limit)
                break;
            next = Math.max(next, at + match[0].length);
            yield { match, at };
            if (!match[0].length)
                pattern.lastIndex++;
        }
        if (end === length)
            return;
        from = next;
    }
}
/**
 * Replaces the matches of `pattern` in `source[0, length)` as
 * `String.prototype.replace` would in a latin1 string of it, writing the
 * result to `target` (which may be `source`: no replacement is longer than
 * its match, so what is written never overtakes what is read). Returns the
 * result's length, and whether any match was replaced by another text.
 */
function replaceBytes(source, length, target, pattern, replace) {
    let written = 0;
    let read = 0;
    let changed = false;
    for (const { match, at } of windowMatches(source, length, pattern)) {
        const replacement = replace(match);
        if (replacement === match[0])
            continue;
        written += source.copy(target, written, read, at);
        written += target.write(replacement, written, 'latin1');
        read = at + match[0].length;
        changed = true;
    }
    written += source.copy(target, written, read, length);
    return { length: written, changed };
}
/** The patterns of `unescapeBlockText`, of their own: `windowMatches` keeps their state across yields. */
const JSON_ESCAPE_BYTES = new RegExp(JSON_ESCAPE.source, 'g');
const ENTITY_BYTES = new RegExp(ENTITY.source, 'g');
const LINE_BREAK_BYTES = new RegExp(LINE_BREAK.source, 'gi');
const JSON_HINTS = ['u00', 'U00'].map((text) => Buffer.from(text));
const MARKUP_HINTS = ['&', '<'].map((text) => Buffer.from(text));
/** Whether `bytes[0, length)` holds one of `needles`. */
function holdsAny(bytes, length, needles) {
    const region = bytes.subarray(0, length);
    return needles.some((needle) => region.includes(needle));
}
const JSON_STEP = [
    JSON_ESCAPE_BYTES,
    ([run, hex]) => character(Number.parseInt(hex ?? '', 16), run),
];
const MARKUP_STEPS = [
    [ENTITY_BYTES, ([match, decimal, hex, name]) => entity(match, decimal, hex, name)],
    [LINE_BREAK_BYTES, () => '\\n'],
];
/**
 * `unescapeBlockText` on bytes read as latin1, window by window: the same
 * bytes, in one copy of the blob (every step but the first rewrites it in
 * place). Null when nothing was escaped.
 */
function unescapeBytes(bytes) {
    let result = null;
    let length = bytes.length;
    const run = ([pattern, replace]) => {
        const source = result ?? bytes;
        const target = result ?? Buffer.allocUnsafe(bytes.length);
        const done = replaceBytes(source, length, target, pattern, replace);
        if (!done.changed)
            return;
        result = target;
        length = done.length;
    };
    if (holdsAny(bytes, length, JSON_HINTS))
        run(JSON_STEP);
    // As `unescapeBlockText`: entities only where JSON's escapes leave an `&` or a `<`.
    const current = () => result ?? bytes;
    if (holdsAny(current(), length, MARKUP_HINTS))
        for (const step of MARKUP_STEPS)
            run(step);
    const unescaped = current();
    return unescaped === bytes ? null : unescaped.subarray(0, length);
}
/**
 * The bytes with those escapes undone, when escaped dashes may hide a
 * marker (or, `always`, whatever they hide: the newlines of a key under
 * another label, which the base64 decoder then reads); null when nothing
 * was escaped. Only called on markup that holds `PRIVATE KEY`, PuTTY's
 * head or a PEM BEGIN line. Read window by window: the memory it takes
 * beyond the blob is one copy of it.
 */
function unescapeMarkup(bytes, always = false) {
    if (!always && !hasEscapedDashes(bytes))
        return null;
    const unescaped = unescapeBytes(bytes);
    return unescaped ? { bytes: unescaped, encoding: 'escaped' } : null;
}
/**
 * The matches of the global `pattern` in `bytes` from `from` on, read as
 * latin1 a window at a time, as `pattern.exec` finds them in a string of
 * them (see `windowMatches`: each match shorter than REACH).
 */
function markupMatches(bytes, pattern, from = 0) {
    return windowMatches(bytes, bytes.length, pattern, from);
}

;// CONCATENATED MODULE: ./.build/js/src/scan/block-text.js
/**
 * Turns a key block as it sits in a file (escaped inside JSON, split into
 * string literals, commented out, indented in YAML, CRLF) back into plain
 * lines. Base64 never contains a backslash, a quote or white space, so
 * everything of that kind is packaging and can be peeled off.
 */

/** What a run of backslashes followed by this escape stands for (`\\x0a`, `\\012`: C, Python, Perl). */
const ESCAPED = {
    '/': '/',
    r: '',
    n: '\n',
    t: ' ',
    x0a: '\n',
    x0A: '\n',
    x0d: '',
    x0D: '',
    '012': '\n',
    '015': '',
};
/** A run of backslashes and what it escapes: a hex or octal newline or return, or one character. */
const BACKSLASH_RUN = /\\+(x0[aAdD]|01[25]|[\s\S]?)/g;
/**
 * PowerShell's escaped breaks (`` `r`n ``, `` `n ``). A backtick also
 * quotes (a template literal, Markdown), and a key line may start with an
 * `n`: they are read as breaks only in a text that opens with one, as the
 * body of a one-line block written in PowerShell does.
 */
const POWERSHELL_OPENS = /^[ \t]*`(?:r`)?n/;
const POWERSHELL_BREAK = /`r`n|`n|`r/g;
/**
 * A newline written as an expression between concatenated strings: VB's
 * `" & vbCrLf & _`, `& vbLf &`, `& Chr(10) &`, C#'s `" +
 * Environment.NewLine +`, PHP's `. PHP_EOL .`. Names with a dot or a
 * parenthesis are no base64; a bare name (`vbCrLf`) only after `&` (no
 * base64 either) or a closing quote and an operator. Lookbehinds are
 * bounded: linear time.
 */
const NEWLINE_EXPRESSION = new RegExp([
    '(?:System\\.)?Environment\\.NewLine\\b',
    '(?:Microsoft\\.VisualBasic\\.)?(?:ControlChars|Constants)\\.(?:CrLf|NewLine|Lf|vbCrLf|vbLf|vbNewLine)\\b',
    'ChrW?\\(\\s{0,8}1[03]\\s{0,8}\\)',
    '(?:(?<=&\\s{0,8})|(?<=["\'`)]\\s{0,8}[+.]\\s{0,8}))(?:vbCrLf|vbNewLine|vbLf|vbCr|PHP_EOL)\\b',
].join('|'), 'g');
/** What the expression stands for: a string that holds a newline (a `Chr(13)` stands for nothing). */
function newlineString(expression) {
    return /\(\s*13|vbCr$/.test(expression) ? '""' : '"\n"';
}
/**
 * Unicode line and paragraph separators, NEL and the no-break space, as
 * they are in the blob's bytes read as latin1 (UTF-8) or as characters.
 */
const UNICODE_SPACE = /\u00c2\u00a0|\u00c2\u0085|\u00e2\u0080[\u00a8\u00a9]|[\u2028\u2029]/g;
/**
 * A one-line block whose lines are joined by a `,`, `;` or `|` (no base64
 * character) opens with one, right after BEGIN's dashes and before the
 * first key line: such a body breaks at each of them. Only `|` may stand
 * between spaces: ` ; part 1` after BEGIN is an INI comment.
 */
const SEPARATOR_OPENS = /^(?:([,;|])|[ \t]*(\|)[ \t]*)[A-Za-z0-9+/]/;
/** Packaging a body's lines may break at, looked for only in texts that show one (a search each). */
function unescapeOtherBreaks(text) {
    const opens = SEPARATOR_OPENS.exec(text);
    const separator = opens?.[1] ?? opens?.[2];
    let result = separator ? text.split(separator).join('\n') : text;
    if (result.includes('`') && POWERSHELL_OPENS.test(result))
        result = result.replace(POWERSHELL_BREAK, (found) => (found === '`r' ? '' : '\n'));
    if (/Environment|Chr|vb|ControlChars|Constants|PHP_EOL/.test(result))
        result = result.replace(NEWLINE_EXPRESSION, newlineString);
    if (/[\u00c2\u00e2\u2028\u2029]/.test(result))
        result = result.replace(UNICODE_SPACE, (found) => (found === '\u00c2\u00a0' ? ' ' : '\n'));
    return result;
}
/**
 * A text's newlines written as expressions between concatenated strings
 * (`" & vbCrLf & _`, `" + Environment.NewLine +`) as `"\n"`: no backslash
 * is read, so a PuTTY file whose lines break plainly (a comment may hold
 * `C:\new`) keeps its text. A search for the names first.
 */
function unescapeJoins(text) {
    return /Environment|Chr|vb|ControlChars|Constants|PHP_EOL/.test(text)
        ? text.replace(NEWLINE_EXPRESSION, newlineString)
        : text;
}
/**
 * Undoes string escapes: `\n`, `\\n`, `\r\n`, `\/` and `\t`, however deeply
 * escaped, C's `\x0a` and `\012`, PowerShell's `` `n ``, JSON `\u000a`
 * and HTML `&#10;`, `<br>` (which become `\n` first), newline expressions
 * between concatenated strings (`" & vbCrLf & _`) and Unicode separators.
 */
function unescapeNewlines(text) {
    // One pass over each run of backslashes (and the escape after it): linear even on hostile input.
    return unescapeOtherBreaks(unescapeBlockText(text))
        .replace(BACKSLASH_RUN, (run, next) => ESCAPED[next] ?? run)
        .replace(/\r/g, '');
}
/** One line's text as the cutter reads it, in a block whose lines break as `form` says. */
function unescapeLine(text, form) {
    if (form === 'plain')
        return text.replace(/\r/g, '');
    const unescaped = unescapeNewlines(text);
    // An escaped newline of another depth than the file's is text (a comment's own `\n`).
    return form === 'any' ? unescaped : unescaped.replace(/\n/g, ' ');
}
/** A newline, or a `\n` behind exactly `backslashes` backslashes. */
function exactBreak(backslashes) {
    return new RegExp(`\n|(?<!\\\\)\\\\{${backslashes}}n`);
}
/** A block's raw text split into its lines, as `form` breaks them, each unescaped. */
function splitLines(raw, form) {
    if (typeof form !== 'number')
        return unescapeLine(raw, form).split('\n');
    return raw.split(exactBreak(form)).map((line) => unescapeLine(line, form));
}
/** Comment markers, and Markdown's quote (`>`, `> >`), that may stand before every line of a block. */
const COMMENT_PREFIX = /^\s*(#+|\/\/+|\*|;+|--|%|REM\b|>(?:[ \t]*>)*)\s*$/;
/** A prefix that is base64 alone could be a key line's own first characters: only a diff's `+`/`-` is taken. */
const BASE64_ONLY = /^[A-Za-z0-9+/=]*$/;
const DIFF_MARK = /^[+-]$/;
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
/**
 * The prefix as a pattern, or null when it could match a key line's own
 * start. Digit runs match any digits (line numbers); runs of letters and
 * digits that hold a digit match any such run (time stamps, `LC12`, a commit
 * id), but only beside a symbol of the prefix, since such a run alone looks
 * like base64; white space matches any white space (also none at the end of
 * a line that holds only the prefix). A prefix that ends in a letter or
 * digit could eat into a key line. Each run is maximal and is followed by a
 * character of another kind, so matching cannot backtrack.
 */
function prefixPattern(prefix, lastSpace = '(?:[ \\t]+|$)') {
    const parts = prefix.match(/[A-Za-z0-9]+|[ \t]+|[^A-Za-z0-9 \t]/g) ?? [];
    if (/^[A-Za-z0-9]/.test(parts.at(-1) ?? ''))
        return null;
    const mixed = parts.some((part) => /\d/.test(part) && /[A-Za-z]/.test(part));
    const symbol = parts.some((part) => /^[^A-Za-z0-9 \t]/.test(part));
    if (mixed && !symbol)
        return null;
    const source = parts.map((part, at) => {
        if (/^[ \t]/.test(part))
            return at === parts.length - 1 ? lastSpace : '[ \\t]+';
        if (/^\d+$/.test(part))
            return '\\d+';
        if (/\d/.test(part))
            return '[0-9A-Za-z]+';
        return escapeRegExp(part);
    });
    return new RegExp(`^${source.join('')}`);
}
/**
 * The prefix a tool put before a diff's marks (`cat -n`'s number and tab, a
 * time stamp and its space), as a pattern for a line's start (trimmed) that
 * stops right before the mark: white space at its end matches as little as
 * it can, so that a context line's space is read as its mark. Null as for
 * `prefixPattern`.
 */
function headPattern(head) {
    return prefixPattern(head, '[ \\t]+?');
}
/** An instruction word and the white space after it, opening a prefix (`RUN `). */
const LEADING_WORD = /^([A-Za-z]{1,16})[ \t]+(?=\S)/;
/** The marker a block's lines carry, judged from what precedes BEGIN on its line. */
function lineMarkerOf(prefix) {
    const comment = COMMENT_PREFIX.exec(prefix)?.[1];
    if (comment)
        return { pattern: new RegExp(`^${escapeRegExp(comment)}`), everyLine: false };
    // White space after the prefix sets it apart from the key line as a symbol does.
    const shown = prefix.trimStart();
    if (!shown || (BASE64_ONLY.test(shown) && !DIFF_MARK.test(shown)))
        return null;
    const pattern = prefixPattern(shown);
    if (!pattern)
        return null;
    // A word that opens the head's line only (a Dockerfile's `RUN echo "…`, the rest `    echo "…`)
    // may be missing from the other lines: what follows it, which ends in no base64, is the prefix.
    const word = LEADING_WORD.exec(shown);
    const rest = word ? prefixPattern(shown.slice(word[0].length)) : null;
    if (!word || !rest || BASE64_ONLY.test(shown.slice(word[0].length).trim()))
        return { pattern, everyLine: true };
    const optional = `(?:${escapeRegExp(word[1] ?? '')}[ \\t]+)?`;
    return { pattern: new RegExp(`^${optional}${rest.source.slice(1)}`), everyLine: true };
}
/**
 * The marker to peel from `lines` (a block's lines after its head's, the
 * last one the prefix of its END line): a general prefix only when each line
 * shows it, or, in a block without END, when the lines up to `runEnd` do.
 */
function markerFor(lines, marker) {
    if (!marker?.everyLine)
        return { marker, runEnd: lines.length };
    let runEnd = lines.length;
    let content = false;
    for (let at = 0; at < lines.length; at++) {
        const text = (lines[at] ?? '').trim();
        if (!text)
            continue;
        const shown = marker.pattern.exec(text);
        if (!shown) {
            runEnd = at;
            break;
        }
        // Lines of the prefix alone (a string's closing quote) do not make a run.
        content ||= shown[0].length < text.length;
    }
    return content ? { marker, runEnd } : { marker: null, runEnd: lines.length };
}
/** A line's text without the block's marker, trimmed. */
function withoutMarker(line, marker) {
    const text = line.trim();
    const shown = marker?.pattern.exec(text);
    return shown ? text.slice(shown[0].length).trim() : text;
}
/** Opening tags before a line's text; not a tag alone, which is a placeholder (`<your key>`). */
const OPENING_TAGS = /^(?:<[A-Za-z][\w:-]*(?:\s[^<>]*)?>\s*)+(?=[^<\s])/;
const CLOSING_TAG = /^<\/[A-Za-z][\w:-]*\s*>$/;
/**
 * The text without the closing tags at its end (`</span></td>`), taken one
 * at a time from the end: a regular expression for the run would try every
 * start and take quadratic time on a line of tags.
 */
function withoutClosingTags(text) {
    const spaceBefore = (at) => {
        while (at > 0 && /\s/.test(text[at - 1] ?? ''))
            at--;
        return at;
    };
    let end = spaceBefore(text.length);
    while (end > 0 && text[end - 1] === '>') {
        const open = text.lastIndexOf('</', end - 1);
        if (open === -1 || !CLOSING_TAG.test(text.slice(open, end)))
            break;
        end = spaceBefore(open);
    }
    return text.slice(0, end);
}
const JUNK_ONLY = /^[\s"'`+.,;&()\\[\]{}]*$/;
/**
 * Whether the `+` at `at` follows a string (`"…" +`, `"…"+`, `(…) +`): an
 * operator. After a piece of base64 and a space (`… ab +`, a body split by
 * spaces whose piece ends a line) it is the key's own character.
 */
function closesString(text, at) {
    let before = at - 1;
    while (before >= 0 && /\s/.test(text[before] ?? ''))
        before--;
    return before >= 0 && /["'`)]/.test(text[before] ?? '');
}
/**
 * Peels one line of its packaging: the block's comment marker, string quotes,
 * concatenation operators and line continuations (`\`, VB's ` _`). A `+` or `.` is only an
 * operator when it stands apart from the base64 (after a quote or a space).
 */
function peelLine(line, marker) {
    let text = withoutMarker(line, marker);
    // Markup around each line (`<span class="line">…</span>`); a tag alone is a placeholder (`<your key>`).
    text = withoutClosingTags(text.replace(OPENING_TAGS, ''));
    text = text.replace(/^(?:[+.&,(]\s*)?["'`]/, '');
    // Strip trailing white space, quotes, `,;)\` and operators, one character at a time from the end.
    let end = text.length;
    while (end > 0) {
        const last = text[end - 1] ?? '';
        const before = text[end - 2] ?? '';
        const trailing = /[\s"'`,;)\\]/.test(last) ||
            (/[.&]/.test(last) && /["'`\s]/.test(before)) ||
            (last === '+' && /["'`\s]/.test(before) && closesString(text, end - 1)) ||
            // VB's line continuation (`" & _`): no base64 character.
            (last === '_' && /\s/.test(before));
        if (!trailing)
            break;
        end--;
    }
    text = text.slice(0, end);
    // A run of dots is an ellipsis (a placeholder body), not a concatenation operator.
    return JUNK_ONLY.test(text) && !text.includes('..') ? '' : text.trim();
}
/**
 * Where a comment may start after a line's payload: `#`, `--`, `;`, `/*`
 * or `//`, right after white space or after what closes the payload (a
 * quote, `,`, `;`, `)`). `#`, `-`, `;` and `*` are no base64; a `//` after
 * white space could start a piece of base64 split by spaces, so there it
 * is a comment only when no base64 follows it. A `;` is one only between
 * white spaces (a `";"` joins two quoted pieces). The marker is matched
 * first and looked behind from within a few characters: linear time.
 */
const AFTER_PAYLOAD = `[\\s"'\`,;)]`;
const STRICT_COMMENTS = [
    ...['#', '--', '\\/\\*'].map((mark) => `${mark}(?<=${AFTER_PAYLOAD}${mark})`),
    `\\/\\/(?<=["'\`,;)]\\s{0,8}\\/\\/)`,
    ';(?<=\\s;)(?=\\s|$)',
];
/**
 * `//` after white space alone: also two characters of a body split by
 * spaces (`ab // cd`), so a comment only where `looseComments` says so.
 */
const LOOSE_COMMENT = '\\/\\/(?<=\\s\\/\\/)(?![A-Za-z0-9+/=])';
const COMMENT_START = new RegExp(STRICT_COMMENTS.join('|'), 'g');
const ANY_COMMENT_START = new RegExp([...STRICT_COMMENTS, LOOSE_COMMENT].join('|'), 'g');
/** Where the comment search starts in a line: after the block's marker. */
function commentFrom(text, marker, first) {
    return first ? 0 : (marker?.pattern.exec(text)?.[0].length ?? 0);
}
/** A `//` right after a short piece of base64 and white space: a body split by spaces (`ab // cd`). */
const SPLIT_PIECE_BEFORE = /(?:^|\s)[A-Za-z0-9+/=]{2,4}\s+\/\/(?![A-Za-z0-9+/=])/;
/**
 * Whether a `//` after white space alone may start a comment in this
 * block's lines (`MIIE… // 1`, `"…\n" + // 2`): not when any line shows one
 * right after a short piece of base64 (`ab // cd`): the body is split by
 * spaces, and such a `//` is two of its characters. Looked at once per block.
 */
function looseComments(lines, marker) {
    for (let at = 0; at < lines.length; at++) {
        const text = (lines[at] ?? '').trim();
        if (text && SPLIT_PIECE_BEFORE.test(text.slice(commentFrom(text, marker, at === 0))))
            return false;
    }
    return true;
}
/**
 * A raw body line without the comment that follows its payload (`"MIIE…",
 * // 1`, `MIIE…\t# line 2`, `…   -- note`, `"…\n"  # 3`), whose text may
 * differ from line to line, so that no suffix shared by every line strips
 * it. The comment is looked for after the block's marker (a quote that
 * opens every line, a comment marker that comments it out): a line that
 * starts with a comment marker is commented out, not followed by a comment.
 * `first` is the rest of BEGIN's line, where what precedes is the marker
 * itself. Returns the line trimmed, cut before the comment.
 */
function withoutComment(line, marker, first = false, loose = false) {
    const text = first ? ` ${line.trim()}` : line.trim();
    const pattern = loose ? ANY_COMMENT_START : COMMENT_START;
    pattern.lastIndex = commentFrom(text, marker, first);
    const found = pattern.exec(text);
    return found ? text.slice(first ? 1 : 0, found.index) : line;
}
/** A PuTTY head line's own text: its version and algorithm name (what follows is packaging). */
const PUTTY_HEAD_LINE = /^PuTTY-User-Key-File-\d+:[ \t]*[A-Za-z0-9@.+_-]*/;
/** What peelLine strips from a line's end anyway: no suffix of its own. */
const PACKAGING_ONLY = /^[\s"'`,;)\\+.&]*$/;
const MAC_LINE = /^Private-MAC:/i;
/**
 * What a tool or script put after every line of a PuTTY file (a batch
 * file's `>>key.ppk`, `' >> ~/k.ppk`), as the rest of its head's line after
 * the algorithm shows, when every other line ends with it too (but a last
 * `Private-MAC` line, which the cutter ends after its hex); else ''.
 * `lines` are the file's lines, its head's first, up to `runEnd`.
 */
function puttyLineSuffix(lines, marker, runEnd) {
    const head = (lines[0] ?? '').trimEnd();
    const own = PUTTY_HEAD_LINE.exec(head)?.[0] ?? head;
    const tail = head.slice(own.length).trim();
    if (!tail || PACKAGING_ONLY.test(tail))
        return '';
    let last = runEnd - 1;
    while (last > 0 && !withoutMarker(lines[last] ?? '', marker))
        last--;
    let carried = false;
    for (let at = 1; at < runEnd; at++) {
        const text = withoutMarker(lines[at] ?? '', marker);
        if (!text || (at === last && MAC_LINE.test(text) && !text.endsWith(tail)))
            continue;
        if (text.length <= tail.length || !text.endsWith(tail))
            return '';
        carried = true;
    }
    return carried ? tail : '';
}
/** The line without `suffix` at its end (white space aside), or the line as it is. */
function withoutSuffix(line, suffix) {
    if (!suffix)
        return line;
    const text = line.trimEnd();
    return text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : line;
}
/**
 * A PuTTY file's lines (its head's first, up to `runEnd`) without what
 * follows every line: a suffix all share (`puttyLineSuffix`), and a comment
 * whose text differs from line to line (`  # line 3`), peeled only when the
 * head's line shows one after its algorithm, since a Comment header may
 * hold a `#` of its own.
 */
function withoutPuttyTrailers(lines, marker, runEnd) {
    const suffix = puttyLineSuffix(lines, marker, runEnd);
    const kept = lines.slice(0, runEnd).map((line) => withoutSuffix(line, suffix));
    const head = kept[0] ?? '';
    const own = PUTTY_HEAD_LINE.exec(head.trim())?.[0];
    if (!own)
        return kept;
    const loose = looseComments(kept, marker);
    const headComment = withoutComment(head, null, false, loose);
    // The head's line holds its own text, its packaging (`",`) and a comment (`"…", // 0`).
    if (headComment !== head && peelLine(headComment, null) === own)
        return kept.map((line) => withoutComment(line, marker, false, loose));
    // A comment after each string whose break is escaped (`"…\n" /* 0 */`) stands on a line
    // of its own once the lines are split: packaging and that comment alone.
    return kept.map((line) => (commentOnly(line, marker, loose) ? '' : line));
}
/** A `//` that opens a piece of base64 (`"//8A…`): a key line's own characters, no comment. */
const BASE64_SLASHES = /^\/\/[A-Za-z0-9+/=]/;
/** Whether a line holds only packaging and a comment (`" // 1`, a C comment after a quote). */
function commentOnly(line, marker, loose) {
    const cut = withoutComment(line, marker, false, loose);
    if (cut === line || peelLine(cut, marker))
        return false;
    return !BASE64_SLASHES.test(line.trim().slice(cut.length));
}

;// CONCATENATED MODULE: ./.build/js/src/scan/diff-sides.js
/**
 * A unified diff that replaces one key by another shows both in one block:
 * the lines the two files share as context (` `), the old key's own lines
 * as `-` and the new key's as `+` (BEGIN and END are often context, the
 * body changed). Read as one text, the block is neither key. This reads the
 * two sides apart: old = context and `-` lines, new = context and `+` lines,
 * the diff mark standing first on each line or after a prefix every line
 * carries (a CI log's time stamp, `cat -n`'s line number).
 */

const MARKS = [' ', '-', '+'];
/** A line of the diff's own: `\ No newline at end of file`, on neither side. */
const NO_NEWLINE = /^\\ /;
const TRAILING_SPACE = /[ \t]+$/;
function isMark(char) {
    return char === ' ' || char === '-' || char === '+';
}
/**
 * The columns where BEGIN's line may carry a diff mark: first on the line,
 * or after a prefix that ends in a symbol or in white space (the mark is
 * then its last `+`/`-`, or the space after the one that ends the prefix).
 */
function columnsOf(prefix) {
    const columns = [];
    const first = prefix[0];
    if (isMark(first))
        columns.push({ head: null, mark: first, rest: prefix.slice(1) });
    const shown = prefix.trimStart();
    const space = TRAILING_SPACE.exec(shown);
    const body = space ? shown.slice(0, space.index) : shown;
    const last = body.at(-1) ?? '';
    const cuts = [];
    // `STAMP -`: the mark is the prefix's last symbol; `12: ` or `STAMP  `: the space after its end.
    if ((last === '-' || last === '+') && body.length > 1)
        cuts.push(body.length - 1);
    if (space && /[^A-Za-z0-9]/.test(last))
        cuts.push(body.length);
    if (space && space[0].length >= 2 && body)
        cuts.push(body.length + 1);
    for (const cut of cuts) {
        const head = headPattern(shown.slice(0, cut));
        const mark = shown[cut];
        if (head && isMark(mark))
            columns.push({ head, mark, rest: shown.slice(cut + 1) });
    }
    return columns;
}
/** Whether `line` is the prefix `head` matches, but for the white space that ends it. */
function isPrefixAlone(head, line) {
    const padded = head.exec(`${line} `);
    return padded !== null && padded[0].length > line.length;
}
/** Each line's mark and its text after it; null when a line carries none (no diff). */
function marked(lines, column) {
    const marks = [column.mark];
    const texts = [lines[0] ?? ''];
    for (let at = 1; at < lines.length; at++) {
        const line = lines[at] ?? '';
        const shown = column.head ? line.trimStart() : line;
        let from = 0;
        if (column.head && shown) {
            const head = column.head.exec(shown);
            // A line of the prefix alone whose space after it was dropped: a blank line.
            if (!head && !isPrefixAlone(column.head, shown))
                return null;
            from = head ? head[0].length : shown.length;
        }
        const mark = shown[from];
        const text = shown.slice(from + 1);
        if (mark === undefined || !shown.slice(from).trim()) {
            // A blank line, its context mark dropped by an editor or a tool.
            marks.push(' ');
            texts.push('');
        }
        else if (mark === '\\' && NO_NEWLINE.test(shown.slice(from))) {
            marks.push(null);
            texts.push('');
        }
        else if (isMark(mark)) {
            marks.push(mark);
            texts.push(text);
        }
        else
            return null;
    }
    return { marks, texts };
}
/**
 * The sides of a block (the raw text after its BEGIN marker, to its END
 * line's start) that is a diff of one key against another, each with the
 * prefix BEGIN has on that side; null when the block is no such diff (its
 * lines carry no marks, or all the same one: a prefix read as before). A
 * BEGIN line marked `-` or `+` opens only its own side. A side is read only
 * when lines of its own are there: a side of context lines alone is part
 * of the other one. A side ends at a line that holds `end` (its END line).
 */
function diffSides(prefix, raw, breaks, end) {
    // A line that starts with another mark is looked for first (a native search): a block
    // indented in YAML, its every line after a space, is then never split into lines here.
    const columns = columnsOf(prefix).filter((column) => column.head || MARKS.some((mark) => mark !== column.mark && raw.includes(`\n${mark}`)));
    if (columns.length === 0)
        return null;
    const lines = splitLines(raw, breaks);
    for (const column of columns) {
        const found = marked(lines, column);
        if (!found)
            continue;
        const own = { ' ': 0, '-': 0, '+': 0 };
        for (const mark of found.marks)
            if (mark)
                own[mark]++;
        // Lines of one mark alone: a prefix every line carries, which the cutter peels as before.
        if (own[' '] + own['-'] + own['+'] === own[column.mark])
            continue;
        const wanted = column.mark === ' ' ? ['-', '+'] : [column.mark];
        const sides = [];
        for (const side of wanted) {
            if (own[side] === 0)
                continue;
            const kept = [];
            for (let at = 0; at < found.texts.length; at++) {
                const mark = found.marks[at];
                if (mark !== ' ' && mark !== side)
                    continue;
                const text = found.texts[at] ?? '';
                // The side's own END line (`------END`, the other side's END ending the block): its end.
                if (end && at > 0 && text.includes(end))
                    break;
                kept.push(text);
            }
            sides.push({ prefix: column.rest, raw: kept.join('\n') });
        }
        return sides;
    }
    return null;
}
/**
 * Where a file in a diff ends when the end marker found first (at `at`:
 * an END line, a .ppk's `Private-MAC:`) is one side's (`------END`,
 * `-Private-MAC:`) and the file's head is context: the other side's lines
 * and end marker follow (an old file without a newline at its end, a .ppk
 * whose MAC changed), so both sides run to that one. `find` looks for a
 * text from a position, within the block's bounds.
 */
function otherSideEnd(window, prefix, at, needle, find) {
    if (at < 1 || !prefix.endsWith(' '))
        return at;
    const mark = window[at - 1];
    if (mark !== 0x2d && mark !== 0x2b)
        return at;
    const other = find(`${mark === 0x2d ? '+' : '-'}${needle}`, at);
    return other === -1 ? at : other + 1;
}

// EXTERNAL MODULE: ./.build/js/src/keys/sshcom-magic.js
var sshcom_magic = __webpack_require__(6553);
;// CONCATENATED MODULE: ./.build/js/src/scan/key-body.js
/**
 * Whether a block body made of short base64 pieces opens like key material.
 * A key may be wrapped at any width (every width is legal PEM), split into
 * short string literals, or folded by spaces every few characters; prose
 * between markers is base64-safe words. What tells them apart is what the
 * pieces decode to, joined: a key structure's first bytes.
 */


/** The shortest key body: an Ed25519 key in PKCS#8 is 48 bytes, 64 base64 characters. */
const MIN_KEY_BODY = 64;
/** Base64 characters that hold the bytes `mayOpenDerKey` reads (18 bytes). */
const HEAD_CHARS = 24;
/** An encrypted legacy PEM body is ciphertext: its headers say what it is. */
const ENCRYPTED_HEADER = /^(?:Proc-Type:\s*4,\s*ENCRYPTED|DEK-Info:)/i;
/**
 * Whether `base64` (a body's pieces joined) opens an OpenSSH container, a
 * DER private key (any PKCS#1, SEC1, PKCS#8 or encrypted PKCS#8 key) or an
 * ssh.com key, or is the body of a block whose headers say it is encrypted.
 */
function opensLikeKeyBody(base64, headers) {
    if (base64.length < MIN_KEY_BODY)
        return false;
    if (base64.startsWith(decode_der/* OPENSSH_BASE64 */.nL))
        return true;
    if (headers.some((header) => ENCRYPTED_HEADER.test(header)))
        return true;
    const head = Buffer.from(base64.slice(0, HEAD_CHARS), 'base64');
    return (0,decode_der/* mayOpenDerKey */.GK)(head) || head.readUInt32BE(0) === sshcom_magic/* SSHCOM_MAGIC */.m;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/pem-block.js



const BASE64_TOKEN = /^[A-Za-z0-9+/]+={0,2}$/;
/** A header line; its value may peel to nothing (an ssh.com comment of backslashes and quotes). */
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;
/** `…` as itself, or as its UTF-8 bytes read as latin1 (which is how the detector decodes blobs). */
const ELLIPSIS = '(?:\u2026|\u00e2\u0080\u00a6)';
const DOT = `(?:\\.|${ELLIPSIS})`;
/**
 * Base64 elided with `..`, `...` or `…` (`MIIEow...`). The lookahead asks for an
 * ellipsis once; the run itself has no nested quantifiers, so a long run of
 * dots cannot make matching exponential.
 */
const ELIDED = `[A-Za-z0-9+/=]*(?=${DOT}*?(?:\\.\\.|${ELLIPSIS}))${DOT}+[A-Za-z0-9+/=]*`;
const PLACEHOLDER_TOKEN = new RegExp(`^(?:${ELIDED}|x{3,}|\\*{3,}|redacted|removed|snip|<[^<>]*>|\\[[^[\\]]*\\])$`, 'i');
const PLACEHOLDER_BODY = /^(?:<[^<>]*>|\[[^[\]]*\]|\{\{[^{}]*\}\}|\$\{[^{}]*\})$/;
/** Real key bodies have full base64 lines; prose that happens to be base64-safe has short words. */
const MIN_KEY_TOKEN = 32;
function wrap(base64, width) {
    const lines = [];
    for (let i = 0; i < base64.length; i += width)
        lines.push(base64.slice(i, i + width));
    return lines;
}
/**
 * Rebuilds a PEM block from the raw bytes between its BEGIN and END markers
 * (END may be missing when the block is truncated). Returns null when the
 * body is prose that merely mentions a marker.
 */
function rebuildPem(label, prefix, rawBody, hasEnd) {
    return rebuildPemSides(label, prefix, rawBody, hasEnd)[0] ?? null;
}
/**
 * The PEM blocks the raw bytes between BEGIN and END hold: one, or, in a
 * diff that replaces one key by another (see `diffSides`), one per side
 * that holds a key (the old key's, then the new one's); none when the body
 * is prose that merely mentions a marker.
 */
function rebuildPemSides(label, prefix, rawBody, hasEnd) {
    const begin = `-----BEGIN ${label}-----`;
    const end = `-----END ${label}-----`;
    const sides = diffSides(prefix, rawBody, 'any', end);
    const built = (sides ?? []).map((side) => rebuildArmored(begin, end, side.prefix, side.raw, hasEnd, { sshcom: false, breaks: 'plain' }));
    const found = distinct(built);
    if (found.length)
        return found;
    // No side holds a key: the block is read whole, as one that is no diff.
    const whole = rebuildArmored(begin, end, prefix, rawBody, hasEnd, {
        sshcom: false,
        breaks: 'any',
    });
    return whole ? [whole] : [];
}
/** The blocks rebuilt, without nulls and without a second copy of a text (both sides the same key). */
function distinct(blocks) {
    const found = [];
    for (const block of blocks)
        if (block && !found.some((other) => other.text === block.text))
            found.push(block);
    return found;
}
const SSHCOM_LABEL = `SSH2 ENCRYPTED ${['PRIVATE', 'KEY'].join(' ')}`;
/**
 * Rebuilds an ssh.com key (`---- BEGIN SSH2 ENCRYPTED … ----`, headers,
 * base64) like a PEM block, its lines broken as `breaks` says (see
 * `BreakForm`): a comment's backslashes stay in its header.
 */
function rebuildSshcom(prefix, rawBody, hasEnd, breaks = 'any') {
    return rebuildArmored(`---- BEGIN ${SSHCOM_LABEL} ----`, `---- END ${SSHCOM_LABEL} ----`, prefix, rawBody, hasEnd, { sshcom: true, breaks });
}
const QUOTE = /["'`]/;
const PLUSES = /^\++$/;
/** The `+` run a raw line holds alone (after its line marker), or ''. */
function plusesOf(rawLine, marker) {
    const text = withoutMarker(rawLine, marker);
    return PLUSES.test(text) ? text : '';
}
/**
 * `pieces[at]` when it is a run of `+` between unquoted pieces: base64 split
 * by spaces (`MIIE ++ ab`), not the operator of `"MIIE" + "ab"`; else ''.
 */
function basePluses(pieces, at) {
    const piece = pieces[at] ?? '';
    if (!PLUSES.test(piece))
        return '';
    const unquoted = (neighbour) => neighbour === undefined || neighbour === '' || !QUOTE.test(neighbour);
    return unquoted(pieces[at - 1]) && unquoted(pieces[at + 1]) ? piece : '';
}
/** White space after a line break: blank lines and indentation, which peeling drops. */
const AFTER_BREAK = /\n\s+/g;
/**
 * The lines of a block's raw text, as `breaks` splits them: a body padded
 * with a million blank lines makes one line per key line, not a million
 * strings (a body escaped into a string has no blank lines of its own).
 */
function linesOf(raw, breaks) {
    if (typeof breaks === 'number')
        return splitLines(raw, breaks);
    return unescapeLine(raw, breaks).replace(AFTER_BREAK, '\n').split('\n');
}
/** Whether a raw line ends in a backslash: an RFC 4716 header value goes on in the next line. */
function continues(rawLine) {
    return rawLine.trimEnd().endsWith('\\');
}
function rebuildArmored(begin, end, prefix, rawBody, hasEnd, options) {
    const rawLines = linesOf(rawBody, options.breaks);
    // The first line is the rest of BEGIN's own line: a prefix stands only before the others.
    const { marker, runEnd } = peelable(rawLines, lineMarkerOf(prefix), hasEnd);
    const suffix = lineSuffix(rawLines, marker, runEnd);
    const headers = [];
    const bodyLines = [];
    const tokens = [];
    let continued = false;
    // Without quotes no `+` is a concatenation operator: a line of `+` alone is base64 (wrapped at 1).
    const bare = !QUOTE.test(rawBody);
    const loose = !options.sshcom && looseComments(rawLines.slice(0, runEnd), marker);
    for (let at = 0; at < runEnd; at++) {
        const shownLine = rawLines[at] ?? '';
        const suffixed = suffix ? pem_block_withoutSuffix(shownLine, suffix) : shownLine;
        // A comment after the payload, its text its line's own (`"MIIE…", // 1`): not the key's.
        const rawLine = options.sshcom ? suffixed : withoutComment(suffixed, marker, at === 0, loose);
        const line = peelLine(rawLine, marker) || (bare ? plusesOf(rawLine, marker) : '');
        if (continued) {
            // Whatever a continued value holds (a marker, an END line) is part of the header.
            headers[headers.length - 1] += line;
            continued = continues(rawLine);
            continue;
        }
        if (!line)
            continue;
        if (HEADER_LINE.test(line) && tokens.length === 0) {
            headers.push(line.replace(HEADER_LINE, '$1: $2').trimEnd());
            // RFC 4716 (ssh.com): a value goes on after a line that ends in a backslash.
            continued = options.sshcom && continues(rawLine);
            continue;
        }
        bodyLines.push(line);
        // Folded YAML and `.env` files put the whole key on one line, split by spaces.
        // One push per token: a body may hold more tokens than a call takes arguments.
        const pieces = piecesOf(line);
        pieces.forEach((piece, at) => {
            // Bare base64 has nothing to peel (but a run of `+`, which may be an operator).
            const clean = BASE64_TOKEN.test(piece) && !PLUSES.test(piece);
            const token = clean ? piece : peelLine(piece, null) || basePluses(pieces, at);
            if (token)
                tokens.push(token);
        });
    }
    let base64Tokens = tokens;
    let placeholder = false;
    if (!hasEnd) {
        // A truncated block: keep the run of base64 that follows BEGIN, drop what comes after.
        const stop = tokens.findIndex((token) => !BASE64_TOKEN.test(token));
        base64Tokens = stop === -1 ? tokens : tokens.slice(0, stop);
        if (!hasKeyLines(base64Tokens, headers))
            return null;
    }
    else if (!hasKeyLines(tokens, headers)) {
        // Tokens are peeled one by one (`{{ key }}` loses its braces), so whole lines are tried too.
        const standIn = tokens.length > 0 &&
            (tokens.every((token) => PLACEHOLDER_TOKEN.test(token)) ||
                PLACEHOLDER_BODY.test(tokens.join(' ')) ||
                PLACEHOLDER_BODY.test(bodyLines.join(' ')));
        if (!standIn)
            return null;
        placeholder = true;
    }
    const body = base64Tokens.join('');
    const head = headers.length ? [begin, ...headers, ''] : [begin];
    const lines = head.concat(wrap(body, 64), hasEnd ? [end] : []);
    return { text: `${lines.join('\n')}\n`, placeholder };
}
/** What peelLine strips from a line's end anyway: no suffix of its own. */
const pem_block_PACKAGING_ONLY = /^[\s"'`,;)\\+.&]*$/;
/**
 * What follows the marker on BEGIN's line when every line of the block ends
 * with it too (`" >> ~/.ssh/id`, `>>key.pem`, RTF's `\par`): a suffix a
 * tool or script put after each line, peeled like a prefix; else ''.
 */
function lineSuffix(lines, marker, runEnd) {
    const tail = (lines[0] ?? '').trim();
    if (!tail || pem_block_PACKAGING_ONLY.test(tail))
        return '';
    let carried = false;
    for (let at = 1; at < runEnd; at++) {
        const text = withoutMarker(lines[at] ?? '', marker);
        // A line of the prefix alone (END's, or a blank line's) carries nothing to check.
        if (!text)
            continue;
        if (text.length <= tail.length || !text.endsWith(tail))
            return '';
        carried = true;
    }
    return carried ? tail : '';
}
function pem_block_withoutSuffix(line, suffix) {
    const text = line.trimEnd();
    return text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : line;
}
/** Markup inside a line (`<p>…</p><p>…`, `<w:t>…</w:t>`): base64 never holds a `<`. */
const TAG = /<[^<>]*>/g;
/** White space, or a join between two quoted pieces: `","`, `";"`, `"+"` (minified arrays, code). */
const PIECE_BREAK = /\s+|(?<=["'`])[,;+](?=["'`])/;
/**
 * A body line's pieces: split at white space, between quoted pieces, and at
 * tags when the line holds more than tags (a tag alone is a placeholder).
 */
function piecesOf(line) {
    const untagged = line.includes('<') ? line.replace(TAG, ' ') : line;
    const text = untagged.trim() ? untagged : line;
    return text.split(PIECE_BREAK);
}
/**
 * The marker to peel from a block's lines (the first is the rest of its
 * head's line) and how many lines belong to the block: a block with an END
 * peels a general prefix only when every line shows it; one without stops
 * where its lines stop showing it (what follows is other text).
 */
function peelable(lines, marker, hasEnd) {
    const found = markerFor(lines.slice(1), marker);
    if (found.marker === null)
        return { marker: null, runEnd: lines.length };
    if (found.runEnd === lines.length - 1)
        return { marker: found.marker, runEnd: lines.length };
    return hasEnd
        ? { marker: null, runEnd: lines.length }
        : { marker: found.marker, runEnd: found.runEnd + 1 };
}
/**
 * Whether the body's tokens hold key material: a full-width base64 line, or
 * short pieces (a key wrapped at 24 columns, or split by spaces every few
 * characters) that, joined, open like a key.
 */
function hasKeyLines(tokens, headers) {
    const base64 = tokens.filter((token) => BASE64_TOKEN.test(token));
    if (base64.some((token) => token.length >= MIN_KEY_TOKEN))
        return true;
    return opensLikeKeyBody(base64.join(''), headers);
}
/**
 * The PuTTY files the raw text holds that `isKeyFile` takes: one, or, in a
 * diff that replaces one .ppk by another (see `diffSides`), one per side
 * (old, then new). When no side is a key file the text is read whole.
 */
function rebuildPuttySides(prefix, rawText, breaks, isKeyFile) {
    const sides = diffSides(prefix, rawText, breaks) ?? [];
    const texts = sides.map((side) => rebuildPutty(side.prefix, side.raw, 'plain')).filter(isKeyFile);
    if (texts.length)
        return texts.filter((text, at) => texts.indexOf(text) === at);
    const whole = rebuildPutty(prefix, rawText, breaks);
    return isKeyFile(whole) ? [whole] : [];
}
/**
 * Rebuilds a PuTTY .ppk file from raw text starting at its first header.
 * Header lines keep their spaces (comments may contain them); its lines
 * break as `breaks` says (see `BreakForm`).
 */
function rebuildPutty(prefix, rawText, breaks = 'any') {
    const raw = linesOf(puttyJoins(rawText, breaks), breaks);
    // Its first line is the head's, after the prefix; lines past those that show it are other text.
    const { marker, runEnd } = peelable(raw, lineMarkerOf(prefix), false);
    // What a script or a comment put after every line (`echo …>>key.ppk`, `  # line 3`) is peeled too.
    const lines = withoutPuttyTrailers(raw, marker, runEnd)
        .map((line) => peelLine(line, marker))
        .filter(Boolean);
    return `${lines.join('\n')}\n`;
}
/**
 * A head's line whose algorithm is followed by a join between quoted strings
 * (`", "` of a minified JSON array, `" + "`): the file's lines are those
 * strings, all on one line.
 */
const PUTTY_QUOTED_JOIN = /^PuTTY-User-Key-File-\d+:[ \t]*[A-Za-z0-9@.+_-]*(["'`])([ \t]*[,;+][ \t]*)\1/;
/**
 * A PuTTY file's raw text with the joins between its lines made breaks, as
 * a PEM block's are: newline expressions (`" & vbCrLf & _`, which
 * `unescapeLine` reads only in text whose breaks are escaped) and the join
 * its head's line shows between quoted strings (`["…", "…"]`).
 */
function puttyJoins(rawText, breaks) {
    const text = breaks === 'any' ? rawText : unescapeJoins(rawText);
    const join = PUTTY_QUOTED_JOIN.exec(text);
    if (!join)
        return text;
    const quote = join[1] ?? '"';
    return text.split(`${quote}${join[2] ?? ''}${quote}`).join(`${quote}\n${quote}`);
}

;// CONCATENATED MODULE: ./.build/js/src/scan/rebuild-cache.js
/**
 * Blocks rebuilt from raw bytes, looked up by those bytes: a history holds
 * the same key in thousands of blob versions, and rebuilding (unescaping,
 * peeling every line) costs far more than comparing the raw bytes. No
 * string is made for the lookup (a latin1 copy of each block and its hash
 * were a tenth of a history scan, and most of its young garbage): a hash of
 * a sample of the bytes picks a bucket, and an exact byte comparison
 * decides. Bounded in entries, in the bytes of each, and in entries per
 * bucket, so hostile input (blocks made to share a sample) costs a few
 * comparisons per block at most and cannot grow it.
 */
/** Bytes hashed from each end of the raw text, and the stride of the sample between. */
const EDGE = 64;
const STRIDE = 29;
/** Entries sharing a hash: past this, a block is rebuilt each time instead of cached. */
const BUCKET_MAX = 4;
/** FNV-1a of `tag`, the length, both ends and a sparse sample of bytes[start, end). */
function sampleHash(bytes, start, end, tag) {
    let hash = 0x811c9dc5 ^ tag;
    hash = Math.imul(hash ^ (end - start), 0x01000193);
    const headEnd = Math.min(end, start + EDGE);
    for (let at = start; at < headEnd; at++)
        hash = Math.imul(hash ^ bytes[at], 0x01000193);
    for (let at = headEnd; at < end - EDGE; at += STRIDE)
        hash = Math.imul(hash ^ bytes[at], 0x01000193);
    for (let at = Math.max(headEnd, end - EDGE); at < end; at++)
        hash = Math.imul(hash ^ bytes[at], 0x01000193);
    return hash >>> 0;
}
class RawRebuildCache {
    maxEntries;
    maxBytes;
    buckets = new Map();
    entries = 0;
    constructor(maxEntries, maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }
    /**
     * The value built from bytes[start, end) with `tag` (what else the build
     * depends on, as a small integer), built by `build` on a miss.
     */
    get(bytes, start, end, tag, build) {
        if (end - start > this.maxBytes)
            return build();
        const hash = sampleHash(bytes, start, end, tag);
        const bucket = this.buckets.get(hash);
        if (bucket) {
            // One view and the static compare: the ranged form validates through allocating wrappers.
            const raw = bytes.subarray(start, end);
            for (const entry of bucket)
                if (entry.tag === tag && Buffer.compare(entry.raw, raw) === 0)
                    return entry.value;
        }
        const value = build();
        if (bucket && bucket.length >= BUCKET_MAX)
            return value;
        if (this.entries >= this.maxEntries) {
            this.buckets.clear();
            this.entries = 0;
        }
        const entry = { tag, raw: Buffer.from(bytes.subarray(start, end)), value };
        const fresh = this.buckets.get(hash);
        if (fresh)
            fresh.push(entry);
        else
            this.buckets.set(hash, [entry]);
        this.entries++;
        return value;
    }
}

;// CONCATENATED MODULE: ./.build/js/src/scan/whole-body.js
/**
 * A PEM block with no END line is cut short, or lost only that line (a
 * paste that stopped one line early, a log that dropped it). Its body tells
 * which: a DER structure that fills it exactly, or an OpenSSH container
 * whose every field is there, is a whole key, and is reported as one. The
 * same holds for an ssh.com file without its END line (its body declares its
 * own length) and a PuTTY file without its `Private-MAC` line (every private
 * line it declares is there: unencrypted, its MAC can be recomputed by anyone).
 */



/** An OpenSSH container holds at most this many keys (OpenSSH writes one). */
const MAX_OPENSSH_KEYS = 1024;
/** Whether every field of an `openssh-key-v1` container is present, and nothing after them. */
function isWholeOpensshContainer(body) {
    let at = 'openssh-key-v1\0'.length;
    const uint32 = () => {
        if (at + 4 > body.length)
            return -1;
        const value = body.readUInt32BE(at);
        at += 4;
        return value;
    };
    const skipString = () => {
        const length = uint32();
        if (length < 0 || at + length > body.length)
            return false;
        at += length;
        return true;
    };
    // Cipher, KDF name and KDF options, then the public keys, then the private section.
    if (!skipString() || !skipString() || !skipString())
        return false;
    const keys = uint32();
    if (keys < 1 || keys > MAX_OPENSSH_KEYS)
        return false;
    for (let key = 0; key < keys; key++)
        if (!skipString())
            return false;
    return skipString() && at === body.length;
}
/** Bytes `base64` decodes to, counted without decoding. */
function decodedLength(base64) {
    const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
    return Math.floor((base64.length * 3) / 4) - padding;
}
/**
 * Whether a DER body's outer length, read from its first bytes, is what the
 * body holds (a trailing newline aside): most cut bodies fail here, before
 * anything else is decoded.
 */
function derLengthFits(base64) {
    const top = (0,asn1/* readTlv */.pw)(Buffer.from(base64.slice(0, 8), 'base64'), 0, Number.MAX_SAFE_INTEGER);
    if (top?.tag !== asn1/* TAG */.Dk.sequence)
        return false;
    const length = decodedLength(base64);
    return length >= top.end && length <= top.end + 16;
}
/**
 * `block` (rebuilt without an END line) with its END line, when its body is a
 * whole key; null when it is cut short, or cannot tell (an encrypted legacy PEM body).
 */
function completedBlock(label, block) {
    if (block.placeholder)
        return null;
    const base64 = (0,decode_der/* pemBase64Of */.lp)(block.text);
    const openssh = base64.startsWith(decode_der/* OPENSSH_BASE64 */.nL);
    if (!openssh && !derLengthFits(base64))
        return null;
    const body = Buffer.from(base64, 'base64');
    const whole = openssh && (0,decode_der/* isOpensshContainer */.e6)(body)
        ? isWholeOpensshContainer(body)
        : (0,decode_der/* derPrivateKey */.sw)(body) !== null;
    return whole ? { ...block, text: `${block.text}-----END ${label}-----\n` } : null;
}
/**
 * `block` (an ssh.com file rebuilt without its END line) with that line, when
 * its body is as long as it says it is; null when it is cut short.
 */
function completedSshcom(block, end) {
    if (block.placeholder)
        return null;
    const base64 = (0,decode_der/* pemBase64Of */.lp)(block.text);
    const head = Buffer.from(base64.slice(0, 12), 'base64');
    if (head.length < 8 || head.readUInt32BE(0) !== sshcom_magic/* SSHCOM_MAGIC */.m)
        return null;
    const declared = head.readUInt32BE(4);
    const length = decodedLength(base64);
    if (length < declared || length > declared + 16)
        return null;
    return { ...block, text: `${block.text}${end}\n` };
}
/** Whether a rebuilt PuTTY file holds every line its `Public-Lines` and `Private-Lines` declare. */
function hasEveryPuttyLine(text) {
    const lines = text.split('\n');
    const declaredAt = (header) => {
        const at = lines.findIndex((line) => line.startsWith(`${header}: `));
        if (at === -1)
            return -1;
        const count = Number(lines[at]?.slice(header.length + 2).trim());
        if (!Number.isInteger(count) || count < 1 || count > 4096)
            return -1;
        const body = lines.slice(at + 1, at + 1 + count);
        return body.length === count && body.every((line) => /^[A-Za-z0-9+/=]+$/.test(line)) ? at : -1;
    };
    return declaredAt('Public-Lines') !== -1 && declaredAt('Private-Lines') !== -1;
}

// EXTERNAL MODULE: ./.build/js/src/scan/low-confidence.js
var low_confidence = __webpack_require__(5518);
;// CONCATENATED MODULE: ./.build/js/src/scan/block-budget.js
/**
 * How far one key block may reach. The bound is on what a block holds, not
 * on the bytes it spans: white space is free (OpenSSL, ssh-keygen and
 * puttygen skip it, so 70,000 spaces on a body line leave a key loadable),
 * and the rest may be as large as a real key with a long comment (an
 * OpenSSH container holds its comment inside the base64; a .ppk file on its
 * Comment line). OpenSSH reads key files of at most 1 MiB; escaping (`\n`,
 * quotes, comment markers) adds to that, so twice as much is allowed.
 */
const BLOCK_BUDGET = 2 * 1024 * 1024;
/**
 * Bytes a streaming scan holds for one pending block at most, once long
 * runs of white space are cut short (squeeze.ts): a bound on memory that
 * only a block mixing short runs of white space with its budget of other
 * bytes reaches. A whole file or blob (up to 16 MiB) has no such bound: its
 * bytes are in memory already.
 */
const MAX_PENDING_BYTES = 16 * 1024 * 1024;
/** Space, tab, newline, vertical tab, form feed and carriage return. */
const block_budget_SPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d])
    block_budget_SPACE[byte] = 1;
/**
 * The end of the block that starts at `from` and can run at most to `to`:
 * `to`, or the byte past which it would hold more than `budget` bytes other
 * than white space. Reads bytes only when `to` is further than the budget.
 */
function budgetEnd(bytes, from, to, budget = BLOCK_BUDGET) {
    if (to - from <= budget)
        return to;
    let left = budget;
    for (let at = from; at < to; at++)
        if (!block_budget_SPACE[bytes[at]] && --left < 0)
            return at;
    return to;
}
/** Bytes other than white space in `bytes[from, to)`. */
function solidBytes(bytes, from, to) {
    let count = 0;
    for (let at = from; at < to; at++)
        if (!block_budget_SPACE[bytes[at]])
            count++;
    return count;
}

;// CONCATENATED MODULE: ./.build/js/src/scan/line-breaks.js
/**
 * One escaped or real newline. A run of backslashes is matched from its
 * first one only (the lookbehind) and entities have bounded forms, so a
 * hostile run costs linear time.
 */
const BREAK = /\n|(?<!\\)\\+(?:n|[uU]000[aA]|x0[aA]|012)|&(?:amp;){0,3}(?:#0{0,5}10(?!\d)|#[xX]0{0,5}[aA](?![0-9a-fA-F])|NewLine);?|<\s{0,16}\/?\s{0,16}br\s{0,16}\/?\s{0,16}>/g;
/** Longer than any one break, so that a break cut by a slice's end is seen whole in the next. */
const OVERLAP = 96;
/** Header lines are short: the first slice is too, and a long comment doubles it. */
const FIRST_SLICE = 128;
/**
 * The first line break in `bytes[from, limit)` of the form `form` (any the
 * cutter knows, by default), or null. Reads slices that double in size, so
 * the cost is linear in the distance to the break.
 */
function nextBreak(bytes, from, limit, form = 'any') {
    if (form === 'plain') {
        const at = from < limit ? bytes.subarray(0, limit).indexOf(10, from) : -1;
        return at === -1 ? null : { at, end: at + 1 };
    }
    if (typeof form === 'number')
        return line_breaks_exactBreak(bytes, from, limit, form);
    let start = from;
    for (let size = FIRST_SLICE; start < limit; size *= 2) {
        const end = Math.min(limit, start + size);
        const text = bytes.toString('latin1', start, end);
        BREAK.lastIndex = 0;
        const match = BREAK.exec(text);
        const last = end === limit;
        // A break that ends near the slice's end may go on past it (`&#10` then `5;`): read on.
        if (match && (last || match.index + match[0].length <= text.length - OVERLAP))
            return { at: start + match.index, end: start + match.index + match[0].length };
        if (last)
            return null;
        start = match ? start + match.index : Math.max(start + 1, end - OVERLAP);
    }
    return null;
}
/**
 * The first newline, or `\n` behind exactly `backslashes` backslashes, in
 * `bytes[from, limit)`; null when there is none. (A newline between string
 * literals is packaging: it breaks a line too.) Slices that double in size
 * keep the cost linear in the distance to the break.
 */
function line_breaks_exactBreak(bytes, from, limit, backslashes) {
    const needle = `${'\\'.repeat(backslashes)}n`;
    let start = from;
    for (let size = FIRST_SLICE; start < limit; size *= 2) {
        const end = Math.min(limit, start + size);
        const slice = bytes.subarray(0, end);
        const newline = slice.indexOf(10, start);
        const stop = newline === -1 ? end : newline;
        for (let at = slice.indexOf(needle, start, 'latin1'); at !== -1 && at < stop;) {
            // Behind more backslashes, it is a deeper escape: text, such as a comment's own `\n`.
            if (at === 0 || bytes[at - 1] !== 0x5c)
                return { at, end: at + needle.length };
            at = slice.indexOf(needle, at + 1, 'latin1');
        }
        if (newline !== -1)
            return { at: newline, end: newline + 1 };
        if (end === limit)
            return null;
        // An escaped newline cut by the slice's end is seen whole in the next.
        start = Math.max(start + 1, end - needle.length);
    }
    return null;
}
/** How the lines of the file whose head's line ends at `first` break (see `BreakForm`). */
function breakFormOf(bytes, first) {
    if (bytes[first.at] === 0x0a)
        return 'plain';
    const text = bytes.toString('latin1', first.at, first.end);
    return /^\\+n$/.test(text) ? text.length - 1 : 'any';
}

;// CONCATENATED MODULE: ./.build/js/src/scan/header-walk.js
/**
 * The header lines of a PuTTY or ssh.com key file, found in the raw bytes.
 * Their free-text values (a .ppk's Comment, an ssh.com `Comment:` that may
 * go on over lines ending in a backslash) can hold anything but a line
 * break: a `-----BEGIN `, an END line, `Private-MAC:`, another head. Only
 * after the headers do those markers end the file, so the detector looks
 * for them from where the headers end, which this walk finds line by line.
 */



/** A header line as the walk reads it: a name and a colon (a value may be empty). */
const HEADER = /^[A-Za-z][A-Za-z0-9-]*:/;
/** Where a .ppk's headers end: its public key follows. */
const PUBLIC_LINES = /^Public-Lines:/i;
const PUTTY_HEAD = 'PuTTY-User-Key-File-';
/** A head's own line (its algorithm, or nothing) ends within this many bytes, or it heads no file. */
const HEAD_LINE_MAX = 256;
/**
 * Header lines a .ppk holds before `Public-Lines` at most: PuTTY reads
 * exactly two (Encryption, Comment); a few more are allowed for packaging.
 */
const PUTTY_HEADERS_MAX = 8;
/** Space, tab, newline, vertical tab, form feed and carriage return: a blank line's bytes. */
const header_walk_SPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d])
    header_walk_SPACE[byte] = 1;
/**
 * Where the headers of the file whose head marker ends at `from` end; null
 * when the head's line does not end soon (prose or code naming the head).
 * A .ppk's headers run to its `Public-Lines` line, an ssh.com file's to its
 * first body line. The walk stops at a line that starts another file, and
 * once the headers hold more than `budget` bytes other than white space.
 */
function headerEnd(bytes, from, limit, kind, marker, budget) {
    const headLine = nextBreak(bytes, from, Math.min(limit, from + HEAD_LINE_MAX));
    if (!headLine)
        return from + HEAD_LINE_MAX < limit ? null : { end: limit, decided: false, breaks: 'any' };
    const breaks = breakFormOf(bytes, headLine);
    let at = headLine.end;
    let spent = 0;
    let continued = false;
    for (let lines = 0;; lines++) {
        // Blank lines and indentation are skipped a byte at a time: a million of them cost little.
        if (!continued)
            while (at < limit && header_walk_SPACE[bytes[at]])
                at++;
        if (kind === 'putty' && lines > PUTTY_HEADERS_MAX)
            return { end: at, decided: true, breaks };
        const next = nextBreak(bytes, at, limit, breaks);
        const lineEnd = next ? next.at : limit;
        spent += solidBytes(bytes, at, lineEnd);
        if (spent > budget)
            return { end: at, decided: true, breaks };
        const unescaped = unescapeLine(bytes.toString('latin1', at, lineEnd), breaks);
        // A break this walk does not know of: stop here, where the cutter's own rules take over.
        if (unescaped.includes('\n'))
            return { end: at, decided: true, breaks };
        const line = peelLine(unescaped, marker);
        const header = continued || !line || isHeader(kind, line);
        // RFC 4716: a header line ending in a backslash goes on in the next line.
        continued = kind === 'sshcom' && header && unescaped.trimEnd().endsWith('\\');
        if (!next)
            return { end: header ? limit : at, decided: false, breaks };
        if (!header)
            return { end: at, decided: true, breaks };
        at = next.end;
    }
}
function isHeader(kind, line) {
    if (kind === 'putty' && (PUBLIC_LINES.test(line) || line.startsWith(PUTTY_HEAD)))
        return false;
    return HEADER.test(line);
}

;// CONCATENATED MODULE: ./.build/js/src/scan/carry.js
/**
 * The bytes a streaming scan keeps between chunks: the tail of what it has
 * read, and a block that waits for its end. Chunks are appended to one
 * buffer that grows by doubling, so a block that waits over many chunks
 * costs a copy of each chunk, not a copy of all it holds per chunk.
 */
const NO_BYTES = Buffer.alloc(0);
class Carry {
    buffer = NO_BYTES;
    start = 0;
    end = 0;
    get length() {
        return this.end - this.start;
    }
    /** The bytes carried: a view, valid until the next call. */
    bytes() {
        return this.buffer.subarray(this.start, this.end);
    }
    /** Copies `chunk` after the bytes carried. */
    append(chunk) {
        if (!chunk.length)
            return;
        const length = this.length;
        const needed = length + chunk.length;
        if (this.end + chunk.length > this.buffer.length) {
            if (needed <= this.buffer.length / 2) {
                this.buffer.copyWithin(0, this.start, this.end);
            }
            else {
                const larger = Buffer.allocUnsafe(Math.max(needed, 2 * this.buffer.length));
                this.buffer.copy(larger, 0, this.start, this.end);
                this.buffer = larger;
            }
            this.start = 0;
            this.end = length;
        }
        chunk.copy(this.buffer, this.end);
        this.end += chunk.length;
    }
    /** Leaves out the first `count` bytes carried. */
    drop(count) {
        this.start = Math.min(this.end, this.start + count);
        if (this.start === this.end)
            this.start = this.end = 0;
    }
    /** Carries a copy of `bytes` alone. */
    replace(bytes) {
        this.start = this.end = 0;
        this.append(bytes);
    }
}

;// CONCATENATED MODULE: ./.build/js/src/scan/squeeze.js
/**
 * While a streamed block waits for its end, the white space that follows it
 * is cut short before it is carried: a run keeps its first KEPT_RUN bytes
 * (and one newline, when it held any), the rest is dropped. Padding (a
 * million spaces on a body line, or blank lines) then costs no memory, and
 * the block is cut as a whole blob's scan cuts it: peeling drops white
 * space, and the marker lookback (256 bytes) sees the same prefix. What was
 * dropped is recorded, so that the lines and offsets of the blocks after it
 * are still the file's.
 */
/** Bytes of a run kept: as many as the detector looks back from a marker for its line's prefix. */
const KEPT_RUN = 256;
const squeeze_SPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d])
    squeeze_SPACE[byte] = 1;
class Squeeze {
    drops = { at: [], lines: [], bytes: [] };
    /** The first drop not folded yet. */
    first = 0;
    /**
     * `chunk` with its white space cut short, to be carried at `offset` (of
     * the squeezed stream) after `carried`, whose last bytes may open a run.
     */
    squeeze(chunk, offset, carried) {
        let run = 0;
        let newline = false;
        for (let at = carried.length - 1; at >= 0 && run < KEPT_RUN; at--) {
            const byte = carried[at];
            if (!squeeze_SPACE[byte])
                break;
            run++;
            if (byte === 10)
                newline = true;
        }
        let out = null;
        let written = 0;
        let droppedBytes = 0;
        let droppedLines = 0;
        for (let at = 0; at < chunk.length; at++) {
            const byte = chunk[at];
            const space = squeeze_SPACE[byte] === 1;
            if (space && run >= KEPT_RUN && (byte !== 10 || newline)) {
                if (!out) {
                    out = Buffer.allocUnsafe(chunk.length);
                    chunk.copy(out, 0, 0, at);
                }
                droppedBytes++;
                if (byte === 10)
                    droppedLines++;
                continue;
            }
            if (droppedBytes) {
                this.record(offset + written, droppedLines, droppedBytes);
                droppedBytes = droppedLines = 0;
            }
            run = space ? run + 1 : 0;
            newline = space && (newline || byte === 10);
            if (out)
                out[written] = byte;
            written++;
        }
        if (droppedBytes)
            this.record(offset + written, droppedLines, droppedBytes);
        return out ? out.subarray(0, written) : chunk;
    }
    record(at, lines, bytes) {
        const { drops } = this;
        const last = drops.at.length - 1;
        drops.at.push(at);
        drops.lines.push((drops.lines[last] ?? 0) + lines);
        drops.bytes.push((drops.bytes[last] ?? 0) + bytes);
    }
    /** Newlines and bytes dropped before `offset` and not folded yet. */
    before(offset) {
        const { at, lines, bytes } = this.drops;
        // The last drop at or before `offset`, by bisection.
        let low = this.first;
        let high = at.length;
        while (low < high) {
            const middle = (low + high) >> 1;
            if (at[middle] <= offset)
                low = middle + 1;
            else
                high = middle;
        }
        if (low === this.first)
            return { lines: 0, bytes: 0 };
        const base = this.first ? this.first - 1 : -1;
        return {
            lines: lines[low - 1] - (lines[base] ?? 0),
            bytes: bytes[low - 1] - (bytes[base] ?? 0),
        };
    }
    /** What was dropped before `offset`, which the caller counts from now on; forgotten here. */
    fold(offset) {
        const folded = this.before(offset);
        const { at } = this.drops;
        while (this.first < at.length && at[this.first] <= offset)
            this.first++;
        // Forget folded drops once they are most of the list (amortised: a drop is moved at most twice).
        if (this.first > 1024 && this.first * 2 > at.length) {
            const keep = this.first - 1;
            for (const list of [this.drops.at, this.drops.lines, this.drops.bytes])
                list.splice(0, keep);
            this.first = 1;
        }
        return folded;
    }
}

;// CONCATENATED MODULE: ./.build/js/src/scan/detector.js














/** What every marker but PuTTY's holds. */
const KEY_WORDS = Buffer.from('PRIVATE KEY');
/** What a PuTTY head holds between its escaped dashes. */
const PUTTY_WORD = Buffer.from('PuTTY');
const PEM_TAIL = Buffer.from('PRIVATE KEY-----');
const PEM_HEAD = Buffer.from('-----BEGIN ');
const detector_PUTTY_HEAD = Buffer.from('PuTTY-User-Key-File-');
/**
 * The PuTTY head is searched for by its middle, which each hit is then
 * checked around: the letters of `PuTTY…File-` are common in code and
 * prose, so a search for the whole head can rarely skip far (on the bench's
 * blobs it took 2.5 times as long as one for its middle).
 */
const PUTTY_MIDDLE = Buffer.from('-User-Key-');
const PUTTY_MIDDLE_AT = detector_PUTTY_HEAD.indexOf(PUTTY_MIDDLE);
/** ssh.com's armour (four dashes and spaces), assembled so that this file holds no marker. */
const SSHCOM_HEAD = Buffer.from(`---- BEGIN SSH2 ENCRYPTED ${KEY_WORDS.toString()} ----`);
const SSHCOM_END = `---- END SSH2 ENCRYPTED ${KEY_WORDS.toString()} ----`;
/** An SSH1 key file starts with this line and a NUL: prose naming the format has no NUL. */
const SSH1_HEAD = Buffer.from(`SSH ${KEY_WORDS.toString()} FILE FORMAT 1.1\n\0`, 'latin1');
/** How far back from a marker we look for the start of its line (the prefix is only a comment marker). */
const PREFIX_LOOKBACK = 256;
/** Bytes between a PEM head and the end of its tail (`-----BEGIN ` … `PRIVATE KEY-----`) at most. */
const PEM_MARKER_SPAN = 64;
/**
 * Bytes kept between chunks so that a marker split across them, and the part
 * of its line before it, are still seen: the streaming scan then cuts exactly
 * the blocks a scan of the whole buffer cuts.
 */
const MARKER_OVERLAP = PREFIX_LOOKBACK + PEM_MARKER_SPAN;
/** Bytes a waiting block is given at least before it is looked at again. */
const RETRY_AFTER = 64 * 1024;
const LABEL = /^[A-Z0-9 ]{0,30}PRIVATE KEY$/;
/** The block may run past the bytes at hand. */
const WAIT = 'wait';
/** A head inside the header lines of the file before it (its comment). */
const INSIDE_HEADERS = 'inside-headers';
const rebuilt = new RawRebuildCache(256, 16 * 1024);
const rebuiltPutty = new RawRebuildCache(64, 16 * 1024);
/** White space and the UTF-8 byte order mark, which may precede a key file's head. */
const LEADING = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0d, 0x0a, 0xef, 0xbb, 0xbf])
    LEADING[byte] = 1;
/** Whether `head` is at `at` in `bytes`, compared in place. */
function startsWithAt(bytes, at, head) {
    if (at + head.length > bytes.length)
        return false;
    for (let i = 0; i < head.length; i++)
        if (bytes[at + i] !== head[i])
            return false;
    return true;
}
/**
 * Whether the blob opens with an ssh.com or SSH1 head (white space and a
 * UTF-8 byte order mark aside), as those key files are written. A few byte
 * reads: no search through the blob.
 */
function opensWithRareHead(bytes) {
    let at = 0;
    while (at < 64 && at < bytes.length && LEADING[bytes[at]])
        at++;
    return startsWithAt(bytes, at, SSHCOM_HEAD) || startsWithAt(bytes, at, SSH1_HEAD);
}
/**
 * True when the bytes may hold a marker; the cheap test run on every blob:
 * two searches (long needles, which the search skips through fastest) and a
 * look at the first KiB.
 */
function hasMarker(bytes) {
    return bytes.includes(PEM_TAIL) || puttyHeadFrom(bytes, 0) !== -1 || opensWithRareHead(bytes);
}
/**
 * The first PuTTY head at or after `from`, or -1: each hit of its middle,
 * in order, checked whole. A middle overlaps itself by at most one byte, so
 * the checks cost at most a few reads per byte searched.
 */
function puttyHeadFrom(window, from) {
    for (let middle = window.indexOf(PUTTY_MIDDLE, from + PUTTY_MIDDLE_AT); middle !== -1; middle = window.indexOf(PUTTY_MIDDLE, middle + 1)) {
        const start = middle - PUTTY_MIDDLE_AT;
        if ((0,scan_bytes/* holdsAt */.w)(window, start, detector_PUTTY_HEAD))
            return start;
    }
    return -1;
}
/** Start of the line holding `position`, looking back at most PREFIX_LOOKBACK bytes. */
function lineStartBefore(window, position) {
    const from = Math.max(0, position - PREFIX_LOOKBACK);
    const newline = window.subarray(from, position).lastIndexOf(10);
    return newline === -1 ? from : from + newline + 1;
}
/**
 * First occurrence of `needle` that starts in [from, before), or -1. Every
 * search is bounded so that hostile input (thousands of markers, no ends)
 * costs linear time.
 */
function indexIn(window, needle, from, before) {
    const end = Math.min(window.length, before + Buffer.byteLength(needle) - 1);
    if (from >= end)
        return -1;
    return window.subarray(0, end).indexOf(needle, from);
}
const searchFor = (needle) => (window, from) => window.indexOf(needle, from);
const PEM_TAILS = searchFor(PEM_TAIL);
const PEM_HEADS = searchFor(PEM_HEAD);
const SSHCOM_HEADS = searchFor(SSHCOM_HEAD);
const SSH1_HEADS = searchFor(SSH1_HEAD);
/**
 * Finds the next occurrence of a marker in a window for search starts that
 * never decrease, reading each byte of the window at most once.
 */
class Occurrences {
    window;
    search;
    /** Next occurrence at or after the last search start; -2 before the first search. */
    at = -2;
    constructor(window, search) {
        this.window = window;
        this.search = search;
    }
    from(from) {
        if (this.at === -2 || (this.at !== -1 && this.at < from))
            this.at = this.search(this.window, from);
        return this.at;
    }
}
/**
 * Finds the markers of one window in order, and where the block of each one
 * must stop. A window is read through once however many markers (or
 * marker-like decoys) it holds. ssh.com and SSH1 heads are looked for only
 * in windows whose blob opens with one (`opensWithRareHead`): they are key
 * files of their own, and a search for them in every blob would cost a pass.
 */
class MarkerSearch {
    window;
    pemTails;
    pemHeads;
    /** The markers found by their first bytes alone, by kind. */
    heads;
    constructor(window, rareHeads) {
        this.window = window;
        this.pemTails = new Occurrences(window, PEM_TAILS);
        this.pemHeads = new Occurrences(window, PEM_HEADS);
        this.heads = [
            { kind: 'putty', needle: detector_PUTTY_HEAD, at: new Occurrences(window, puttyHeadFrom) },
        ];
        if (rareHeads)
            this.heads.push({ kind: 'sshcom', needle: SSHCOM_HEAD, at: new Occurrences(window, SSHCOM_HEADS) }, { kind: 'ssh1', needle: SSH1_HEAD, at: new Occurrences(window, SSH1_HEADS) });
    }
    /** The earliest head other than PEM's at or after `from`. */
    nextHead(from) {
        let best = null;
        for (const head of this.heads) {
            const at = head.at.from(from);
            if (at !== -1 && (!best || at < best.start))
                best = { start: at, kind: head.kind, label: '', resumeAt: at + head.needle.length };
        }
        return best;
    }
    /** The first marker at or after `from`; `from` never decreases between calls. */
    next(from) {
        const window = this.window;
        const other = this.nextHead(from);
        let pem = this.pemTails.from(from);
        while (pem !== -1) {
            // The label is at most 30 characters: the head is within 48 bytes before the tail.
            const lookFrom = Math.max(0, pem - 48);
            const found = window.subarray(lookFrom, pem).lastIndexOf(PEM_HEAD);
            const head = found === -1 ? -1 : lookFrom + found;
            const label = head === -1 ? '' : window.toString('latin1', head + PEM_HEAD.length, pem + 11);
            if (head !== -1 && LABEL.test(label) && (!other || head < other.start)) {
                return { start: head, kind: 'pem', label, resumeAt: pem + PEM_TAIL.length };
            }
            if (other && other.start < pem)
                break;
            pem = this.pemTails.from(pem + PEM_TAIL.length);
        }
        return other;
    }
    /**
     * Where the block of `marker` must stop: the next `-----BEGIN ` (and the
     * next head of its own kind) starts another block. At most `limit`.
     */
    stopFor(marker, limit) {
        let stop = this.pemHeads.from(marker.resumeAt);
        for (const head of this.heads) {
            if (head.kind !== marker.kind)
                continue;
            const next = head.at.from(marker.resumeAt);
            if (next !== -1 && (stop === -1 || next < stop))
                stop = next;
        }
        return stop === -1 || stop > limit ? limit : stop;
    }
    /**
     * Where a PuTTY or ssh.com file whose headers end at `from` must stop, as
     * `stopFor`. Its own searches: the markers inside those headers (a PEM
     * block in a comment) still ask `stopFor` from before `from`.
     */
    stopAfterHeaders(kind, from, limit) {
        this.afterHeaders ??= {
            pem: new Occurrences(this.window, PEM_HEADS),
            putty: new Occurrences(this.window, puttyHeadFrom),
            sshcom: new Occurrences(this.window, SSHCOM_HEADS),
        };
        const pem = this.afterHeaders.pem.from(from);
        const own = this.afterHeaders[kind].from(from);
        const stop = pem === -1 ? own : own === -1 ? pem : Math.min(pem, own);
        return stop === -1 || stop > limit ? limit : stop;
    }
    afterHeaders = null;
}
/** Counts the newlines before positions of one window, each byte counted once however many blocks it holds. */
class LineCounter {
    window;
    at = 0;
    lines = 0;
    constructor(window) {
        this.window = window;
    }
    newlinesBefore(position) {
        if (position >= this.at)
            this.lines += (0,newlines/* countNewlines */.D)(this.window, this.at, position);
        else
            this.lines -= (0,newlines/* countNewlines */.D)(this.window, position, this.at);
        this.at = position;
        return this.lines;
    }
}
/**
 * No bytes: what `end` scans when given none. Shared, and never written to:
 * a blob's scan makes no buffer of its own (every `Buffer.alloc` makes a
 * backing store, a cost per blob).
 */
const detector_NO_BYTES = Buffer.alloc(0);
/**
 * Finds key blocks in a stream of bytes fed in chunks, keeping only a small
 * carry between chunks (and a block that waits for its end, up to
 * MAX_PENDING_BYTES), so a file of any size is scanned in bounded memory.
 */
class KeyBlockScanner {
    carry = new Carry();
    /** Absolute offset of the first byte carried. */
    carryOffset = 0;
    /**
     * Absolute offset the bytes fed must reach before a waiting block is
     * looked at again: twice as far each time, so a block that waits over
     * many chunks is searched through a few times, not once per chunk.
     */
    retryAt = 0;
    /** Newlines before `carryOffset`. */
    linesBeforeCarry = 0;
    /**
     * White space dropped from the bytes carried while a block waited, so
     * that `carryOffset` and the offsets in the carry count the bytes kept:
     * what was dropped is added back to each block's line and offset.
     */
    squeeze = new Squeeze();
    /** Bytes dropped before `carryOffset`. */
    droppedBeforeCarry = 0;
    /** Absolute offset up to which markers have been handled. */
    handledUpTo = 0;
    blocks = [];
    /** Whether the blob opens with an ssh.com or SSH1 head, judged on the first chunk. */
    rareHeads = null;
    /** Blocks certainly no key, by kind, met once LOW_BLOCKS_KEPT blocks are kept (see `keep`). */
    lowMet = { placeholder: 0, encrypted: 0, other: 0 };
    /** The stand-in for the blocks `keep` counted and left out, once there is one. */
    dropped = null;
    /** Keeps no reference to `chunk` once it returns: the caller may reuse the buffer. */
    feed(chunk) {
        if (!this.carry.length)
            return this.process(chunk, false, false);
        const end = this.carryOffset + this.carry.length;
        // Only the bytes after a waiting block are squeezed: those it may run into.
        const waiting = end < this.retryAt;
        this.carry.append(waiting ? this.squeeze.squeeze(chunk, end, this.carry.bytes()) : chunk);
        if (this.carryOffset + this.carry.length >= this.retryAt)
            this.process(this.carry.bytes(), false, true);
    }
    end(chunk) {
        if (!this.carry.length)
            this.process(chunk ?? detector_NO_BYTES, true, false);
        else {
            if (chunk)
                this.carry.append(chunk);
            this.process(this.carry.bytes(), true, true);
        }
        if (this.dropped)
            this.blocks.push(this.dropped);
        this.dropped = null;
        return this.blocks;
    }
    /**
     * Keeps a block, unless it is certainly no key and LOW_BLOCKS_KEPT of its
     * kind are kept already: then it is only counted, so that a blob of a
     * million marker-shaped blocks costs memory for a few dozen. Blocks are
     * judged only once that many are kept (a file of keys is not judged).
     */
    keep(block) {
        if (this.blocks.length >= low_confidence/* LOW_BLOCKS_KEPT */.zz) {
            const low = (0,low_confidence/* certainLowKind */.dj)(block);
            if (low !== null && this.lowMet[low]++ >= low_confidence/* LOW_BLOCKS_KEPT */.zz) {
                this.dropped ??= { ...block, text: '', dropped: 0, droppedEncrypted: 0 };
                this.dropped.dropped = (this.dropped.dropped ?? 0) + 1;
                if (low === 'encrypted' && !this.isKeptText(block.text))
                    this.dropped.droppedEncrypted = (this.dropped.droppedEncrypted ?? 0) + 1;
                return;
            }
        }
        this.blocks.push(block);
        this.keptTexts?.add(block.text);
    }
    /** Texts of the kept blocks, made once an encrypted block is dropped (most blobs never need it). */
    keptTexts = null;
    isKeptText(text) {
        this.keptTexts ??= new Set(this.blocks.map((kept) => kept.text));
        return this.keptTexts.has(text);
    }
    /** Scans `window`: the chunk fed, or (`carried`) the carry with the chunk appended. */
    process(window, final, carried) {
        let keepFrom = final ? window.length : Math.max(0, window.length - MARKER_OVERLAP);
        let searchFrom = Math.max(0, this.handledUpTo - this.carryOffset);
        this.rareHeads ??= opensWithRareHead(window);
        const markers = new MarkerSearch(window, this.rareHeads);
        const lines = new LineCounter(window);
        for (;;) {
            const marker = markers.next(searchFrom);
            if (!marker)
                break;
            const region = this.regionOf(window, markers, marker, final);
            if (region === WAIT) {
                // The block may run into the next chunk: wait for more bytes.
                const lineStart = lineStartBefore(window, marker.start);
                keepFrom = Math.min(keepFrom, lineStart);
                const further = Math.max(window.length - lineStart, RETRY_AFTER);
                const last = lineStart + MAX_PENDING_BYTES + 1;
                this.retryAt = this.carryOffset + Math.min(window.length + further, last);
                break;
            }
            if (region !== INSIDE_HEADERS) {
                const dropped = this.squeeze.before(this.carryOffset + marker.start);
                const line = this.linesBeforeCarry + lines.newlinesBefore(marker.start) + dropped.lines + 1;
                for (const block of this.cut(window, marker, region, line)) {
                    block.offset += this.droppedBeforeCarry + dropped.bytes;
                    this.keep(block);
                }
            }
            searchFrom = marker.resumeAt;
            this.handledUpTo = this.carryOffset + marker.resumeAt;
        }
        // The last window leaves nothing to carry, and its lines need no counting.
        if (final)
            this.carry.drop(this.carry.length);
        else
            this.advance(window, keepFrom, carried);
    }
    /** Absolute offset where the headers of the last PuTTY or ssh.com file cut end. */
    headersEndAt = 0;
    /**
     * Where the block of `marker` may run, once the window holds all that
     * decides it (WAIT until then). A PuTTY or ssh.com file ends at a marker
     * only past its header lines, whose comment may hold any marker; a head
     * inside such headers is part of that comment (INSIDE_HEADERS), not a file.
     */
    regionOf(window, markers, marker, final) {
        const lineStart = lineStartBefore(window, marker.start);
        // A streamed block padded past what memory may hold is cut as it stands.
        const settled = final || window.length - lineStart > MAX_PENDING_BYTES;
        if (marker.kind === 'pem' || marker.kind === 'ssh1') {
            const stopAt = budgetEnd(window, marker.start, markers.stopFor(marker, window.length));
            return settled || stopAt < window.length
                ? { from: marker.resumeAt, stopAt, breaks: 'any' }
                : WAIT;
        }
        if (this.carryOffset + marker.start < this.headersEndAt)
            return INSIDE_HEADERS;
        const prefix = window.toString('latin1', lineStart, marker.start);
        const headers = headerEnd(window, marker.resumeAt, window.length, marker.kind, lineMarkerOf(prefix), BLOCK_BUDGET);
        if (headers && !headers.decided && !settled)
            return WAIT;
        const from = headers?.end ?? marker.resumeAt;
        const stop = markers.stopAfterHeaders(marker.kind, from, window.length);
        const stopAt = budgetEnd(window, from, stop);
        if (!settled && stopAt === window.length)
            return WAIT;
        if (headers)
            this.headersEndAt = this.carryOffset + headers.end;
        return { from, stopAt, breaks: headers?.breaks ?? 'any' };
    }
    /** Carries the window's bytes from `keepFrom` on (a copy: the chunk fed may be reused). */
    advance(window, keepFrom, carried) {
        const dropped = this.squeeze.fold(this.carryOffset + keepFrom);
        this.linesBeforeCarry += (0,newlines/* countNewlines */.D)(window, 0, keepFrom) + dropped.lines;
        this.droppedBeforeCarry += dropped.bytes;
        this.carryOffset += keepFrom;
        if (carried)
            this.carry.drop(keepFrom);
        else
            this.carry.replace(window.subarray(keepFrom));
    }
    /**
     * Cuts the block of `marker` out of the window. It cannot run past
     * `region.stopAt`, where the next block starts (or the budget ends); the
     * markers that end it are looked for from `region.from`.
     */
    cut(window, marker, region, line) {
        const { from, stopAt, breaks } = region;
        const lineStart = lineStartBefore(window, marker.start);
        const prefix = window.toString('latin1', lineStart, marker.start);
        const offset = this.carryOffset + marker.start;
        if (marker.kind === 'ssh1') {
            // Binary, never escaped: the parser reads what it needs from the bytes as they are,
            // up to the next block (a copy of 64 KiB per head made a file of heads cost 2,000 times its size).
            const text = window.toString('latin1', marker.start, stopAt);
            marker.resumeAt = Math.max(marker.resumeAt, stopAt);
            return [{ offset, line, kind: 'ssh1', text, truncated: false, placeholder: false }];
        }
        if (marker.kind === 'sshcom') {
            const endAt = indexIn(window, SSHCOM_END, from, stopAt);
            const hasEnd = endAt !== -1;
            const rebuilt = rebuildSshcom(prefix, window.toString('latin1', marker.resumeAt, hasEnd ? endAt : stopAt), hasEnd, breaks);
            if (!rebuilt)
                return [];
            if (hasEnd)
                marker.resumeAt = endAt + SSHCOM_END.length;
            // A body as long as it declares lost only its END line: a key, not a fragment.
            const completed = hasEnd ? null : completedSshcom(rebuilt, SSHCOM_END);
            if (completed)
                return [{ offset, line, kind: 'sshcom', ...completed, truncated: false }];
            return [{ offset, line, kind: 'sshcom', ...rebuilt, truncated: !hasEnd }];
        }
        if (marker.kind === 'putty') {
            const firstMac = indexIn(window, 'Private-MAC:', from, stopAt);
            // A diff that replaces one .ppk by another: both sides run to the second side's MAC.
            const macAt = otherSideEnd(window, prefix, firstMac, 'Private-MAC:', (needle, at) => indexIn(window, needle, at, stopAt));
            const hasEnd = macAt !== -1;
            const end = hasEnd ? endOfLine(window, macAt, stopAt) : stopAt;
            // The text depends on the prefix and on how the lines break: both are in the tag.
            const form = breaks === 'plain' ? 0 : breaks === 'any' ? 1 : breaks + 1;
            const tag = prefix.length * 1024 + Math.min(form, 1023);
            const texts = rebuiltPutty.get(window, lineStart, end, tag, () => puttyTexts(prefix, window.toString('latin1', marker.start, end), breaks));
            if (texts.length === 0)
                return [];
            // A truncated file is not skipped past: keys that follow it are still found.
            if (hasEnd)
                marker.resumeAt = Math.max(marker.resumeAt, end);
            return texts.map((text) => {
                // Every declared line there but the MAC's: usable as it stands, so a key, not a fragment.
                const whole = hasEnd || hasEveryPuttyLine(text);
                return { offset, line, kind: 'putty', text, truncated: !whole, placeholder: false };
            });
        }
        // An END after the next BEGIN belongs to that block: this one is truncated.
        const endText = `-----END ${marker.label}-----`;
        // In a diff whose END lines differ (`------END`, `+-----END`), both sides run to the second.
        const endMarker = otherSideEnd(window, prefix, indexIn(window, endText, marker.resumeAt, stopAt), endText, (needle, at) => indexIn(window, needle, at, stopAt));
        const hasEnd = endMarker !== -1;
        const bodyEnd = hasEnd ? endMarker : stopAt;
        // The raw bytes from the line's start hold the prefix, the label and the body.
        const tag = prefix.length * 2 + (hasEnd ? 1 : 0);
        const pem = rebuilt.get(window, lineStart, Math.max(bodyEnd, marker.resumeAt), tag, () => {
            const body = window.toString('latin1', marker.resumeAt, bodyEnd);
            return rebuildPemSides(marker.label, prefix, body, hasEnd).map((built) => {
                // A body that is a whole key lost only its END line: a key, not a fragment.
                const completed = hasEnd ? null : completedBlock(marker.label, built);
                return completed ? { ...completed, whole: true } : { ...built, whole: hasEnd };
            });
        });
        if (pem.length === 0)
            return [];
        if (hasEnd)
            marker.resumeAt = endMarker + 9 + marker.label.length;
        return pem.map((side) => ({
            offset,
            line,
            kind: 'pem',
            text: side.text,
            truncated: !side.whole,
            placeholder: side.placeholder,
        }));
    }
}
/**
 * A PuTTY file's text rebuilt (one per side of a diff that replaces a
 * .ppk), without those that are no private key file.
 */
function puttyTexts(prefix, raw, breaks) {
    return rebuildPuttySides(prefix, raw, breaks, 
    // Prose that names the header is not a key file: a real one has a `Public-Lines: N` line.
    // Without a private section it is a public key, whatever its header says: not a leak,
    // and never to be merged into (and mistaken for) the private key it belongs to.
    (text) => /^Public-Lines:\s*\d+$/im.test(text) && /^Private-Lines:/im.test(text));
}
/** A MAC line's length at most (its name and 64 hex digits, with room for escaping). */
const MAC_LINE_MAX = 512;
function endOfLine(window, from, stop) {
    const limit = Math.min(stop, from + MAC_LINE_MAX);
    const newline = indexIn(window, '\n', from, limit);
    // Escaped files keep the MAC on a line with other content: stop at the hex run's end.
    const slice = window.toString('latin1', from, newline === -1 ? limit : newline);
    const mac = /^Private-MAC:\s*[0-9a-fA-F]*/.exec(slice);
    return from + (mac ? mac[0].length : slice.length);
}
/**
 * The key blocks whose markers are in the bytes as they are (after undoing
 * JSON `\\u` escapes and HTML entities, which keep lines where they were),
 * and in markup the keys under another PEM label whose newlines are escaped
 * (`armouredBlocks`).
 */
function findPlainBlocks(bytes) {
    if (hasMarker(bytes)) {
        const blocks = new KeyBlockScanner().end(bytes);
        return opensLikeMarkup(bytes) ? armouredBlocks(bytes, blocks) : blocks;
    }
    // Escaped dashes hide the marker itself: JSON and markup only, where they occur.
    if (!opensLikeMarkup(bytes))
        return [];
    let blocks = [];
    if (bytes.includes(KEY_WORDS) || bytes.includes(PUTTY_WORD)) {
        const unescaped = unescapeMarkup(bytes);
        if (unescaped && hasMarker(unescaped.bytes)) {
            blocks = new KeyBlockScanner().end(unescaped.bytes);
            for (const block of blocks)
                block.encoding = unescaped.encoding;
        }
    }
    return armouredBlocks(bytes, blocks);
}
const BEGIN_WORD = Buffer.from('BEGIN ');
/**
 * A PEM BEGIN line's start, its dashes escaped or not (`-`, `&#45;`,
 * `\\u002d`, `&#x2D`): `BEGIN `, a label and what starts a dash.
 */
const ARMOUR_BEGIN = /[-;dD5]BEGIN ([A-Z0-9 ]{1,64})[-&\\]/g;
/**
 * Whether the blob holds a PEM BEGIN line (dashes escaped or not) whose
 * label is not a private key's (those are the scanner's): one search for a
 * blob without one.
 */
function holdsOtherArmour(bytes) {
    const first = bytes.indexOf(BEGIN_WORD);
    if (first < 1)
        return false;
    // Read a window at a time: a string of the rest of the blob cost as much memory again.
    for (const { match } of markupMatches(bytes, ARMOUR_BEGIN, first - 1))
        if (!match[1].trimEnd().endsWith('PRIVATE KEY'))
            return true;
    return false;
}
/** Set while `armouredBlocks` decodes: what it decodes is not looked into that way again. */
let armourDepth = 0;
/**
 * `blocks`, with the keys found in markup under another PEM label
 * (`CERTIFICATE` over a private key's body) whose newlines are entities or
 * `<br>`: such a body is found by the base64 decoder, as in clear text, once
 * its escapes are undone (a `\n` the decoder reads as a line break). Runs
 * only on markup that holds such a BEGIN line and escapes; not nested.
 */
function armouredBlocks(bytes, blocks) {
    if (armourDepth > 0 || !holdsOtherArmour(bytes))
        return blocks;
    const unescaped = unescapeMarkup(bytes, true);
    if (!unescaped)
        return blocks;
    armourDepth++;
    let decoded;
    try {
        decoded = findDecodedBlocks(unescaped.bytes, findPlainBlocks);
    }
    finally {
        armourDepth--;
    }
    for (const block of decoded)
        block.encoding = block.encoding
            ? `${unescaped.encoding}+${block.encoding}`
            : unescaped.encoding;
    return decoded.length ? withoutRepeats(blocks, decoded) : blocks;
}
/** Whether the blob opens like JSON, HTML or XML (white space aside). */
function opensLikeMarkup(bytes) {
    for (let at = 0; at < bytes.length && at < 64; at++) {
        const byte = bytes[at];
        if (byte === 0x7b || byte === 0x5b || byte === 0x3c || byte === 0x22)
            return true; // { [ < "
        if (!LEADING[byte])
            return false;
    }
    return false;
}
/**
 * Finds key blocks in a blob held in memory, in clear and in the encodings
 * people use (UTF-16, base64, gzip, zip, DER, PKCS#12); keeps no reference to
 * `bytes`. What a decoder had to give up on is told to `onWarning`.
 */
function findKeyBlocks(bytes, onWarning) {
    const blocks = findPlainBlocks(bytes);
    const decoded = findDecodedBlocks(bytes, findPlainBlocks, onWarning);
    return decoded.length ? withoutRepeats(blocks, decoded) : blocks;
}


/***/ }),

/***/ 1120:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s1: () => (/* binding */ lineSplitter),
/* harmony export */   t1: () => (/* binding */ streamGit),
/* harmony export */   zY: () => (/* binding */ openGit)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9403);
/* harmony import */ var _git_safety_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6774);
/* harmony import */ var _git_watch_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9285);




/**
 * Runs git and hands stdout to `onChunk` as it arrives, so output of any size
 * is processed in bounded memory; stdin stays open until `end`.
 */
function openGit(cwd, args, onChunk, background = false) {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', (0,_git_safety_js__WEBPACK_IMPORTED_MODULE_2__/* .pinnedGitArgs */ .WM)(args), {
        cwd,
        env: (0,_git_safety_js__WEBPACK_IMPORTED_MODULE_2__/* .scanGitEnv */ .TS)(cwd),
        stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (background)
        (0,_git_js__WEBPACK_IMPORTED_MODULE_1__/* .inBackground */ .kS)(child);
    let failure = null;
    // A git that waits forever to open a FIFO in the repository is stopped, and fails the run.
    (0,_git_watch_js__WEBPACK_IMPORTED_MODULE_3__/* .watchBlockedOpen */ .OO)(child, cwd, (error) => {
        failure ??= error;
        (0,_git_watch_js__WEBPACK_IMPORTED_MODULE_3__/* .noteBlocked */ .zm)(error);
    });
    const done = new Promise((resolve, reject) => {
        const err = [];
        child.stdout.on('data', (chunk) => {
            if (failure)
                return;
            try {
                onChunk(chunk);
            }
            catch (error) {
                failure = error;
                child.kill();
            }
        });
        child.stderr.on('data', (chunk) => err.push(chunk));
        child.on('error', (error) => reject(new _git_js__WEBPACK_IMPORTED_MODULE_1__/* .GitError */ .XS(`cannot run git (${error.message}); is git installed?`)));
        child.on('close', (code) => {
            if (failure)
                return reject(failure);
            if (code === 0)
                return resolve();
            const reason = Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `exit code ${code}`;
            reject(new _git_js__WEBPACK_IMPORTED_MODULE_1__/* .GitError */ .XS(`git ${args[0]} failed in ${cwd}: ${reason}`));
        });
    });
    child.stdin.on('error', () => undefined);
    return {
        write: (text) => void child.stdin.write(text),
        end: () => child.stdin.end(),
        done,
        pid: child.pid,
    };
}
/**
 * Runs git with `input` on stdin and hands stdout to `onChunk` as it
 * arrives; `background`: nicer than the scan (`inBackground`).
 */
function streamGit(cwd, args, onChunk, input, background = false) {
    const pipe = openGit(cwd, args, onChunk, background);
    if (input)
        pipe.write(input);
    pipe.end();
    return pipe.done;
}
/**
 * A chunk handler for `streamGit` that hands `take` each newline-ended line
 * (without its newline); `end` hands it what is left after the last one.
 */
function lineSplitter(take) {
    let pending = Buffer.alloc(0);
    return {
        push: (chunk) => {
            const bytes = pending.length ? Buffer.concat([pending, chunk]) : chunk;
            let at = 0;
            for (let newline = bytes.indexOf(10); newline !== -1; newline = bytes.indexOf(10, at)) {
                take(bytes.subarray(at, newline));
                at = newline + 1;
            }
            // A copy: the chunk's buffer may be reused once this returns.
            pending = Buffer.from(bytes.subarray(at));
        },
        end: () => {
            if (pending.length)
                take(pending);
            pending = Buffer.alloc(0);
        },
    };
}


/***/ }),

/***/ 4584:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ isLfsPointer),
/* harmony export */   a: () => (/* binding */ lfsNote)
/* harmony export */ });
/**
 * Git LFS pointer files: a few lines of text that stand for content kept
 * outside git. The scanner cannot see that content; it counts the pointers
 * so the report can say so.
 */
const POINTER_HEAD = Buffer.from('version https://git-lfs.github.com/spec/v1\n');
/** The spec caps pointer files at 1024 bytes. */
const POINTER_MAX_BYTES = 1024;
function isLfsPointer(bytes) {
    return (bytes.length <= POINTER_MAX_BYTES &&
        bytes.length >= POINTER_HEAD.length &&
        bytes.compare(POINTER_HEAD, 0, POINTER_HEAD.length, 0, POINTER_HEAD.length) === 0);
}
/** The note for pointers a scan met; `history`: the pointers were blobs, not checked-out files. */
function lfsNote(count, history) {
    const what = `${count} Git LFS pointer file${count === 1 ? '' : 's'}`;
    return history
        ? `${what} in the history: the content they stand for is kept outside git and was not scanned (\`git lfs pull\` checks it out for a tree scan)`
        : `${what} not scanned: the content they stand for is not checked out (run \`git lfs pull\` and scan again)`;
}


/***/ }),

/***/ 5518:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dj: () => (/* binding */ certainLowKind),
/* harmony export */   oN: () => (/* binding */ certainlyLow),
/* harmony export */   zz: () => (/* binding */ LOW_BLOCKS_KEPT)
/* harmony export */ });
/* harmony import */ var _keys_sshcom_magic_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6553);
/* harmony import */ var _keys_public_blob_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1949);
/* harmony import */ var _bytes_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6236);
/* harmony import */ var _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(817);
/* harmony import */ var _decode_der_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6369);
/**
 * Which key blocks cannot be a key, told without parsing them. Hostile
 * files hold hundreds of thousands of marker-shaped blocks, each distinct,
 * and a failed parse costs up to half a millisecond (OpenSSL's decoders are
 * tried on it): past the per-file and per-scan limits a block that is
 * certainly no key is counted, not parsed, and past LOW_BLOCKS_KEPT the
 * detector keeps no text for it.
 *
 * `certainLowKind` asks of a block what `parseKeyBlock` (src/keys/parse.ts)
 * needs before it can read a key or show a fingerprint, in the same order:
 * the first bytes of each structure, read as its parsers read them (sshpk,
 * which never checks a DER element's outer length; OpenSSL, which allows
 * bytes after the structure). It errs only towards "may be a key": a whole
 * key, or one cut short that still shows its public half, always gets null
 * and is always parsed, however many blocks precede it.
 */





/**
 * Blocks certainly no key that one blob's scan keeps of each kind (and
 * blocks of any kind before it starts asking): the collector lists at most
 * `lowConfidencePerFile` (10) of each, so a limit up to this one lists the
 * same blocks whatever the detector left out.
 */
const LOW_BLOCKS_KEPT = 32;
/** Assembled, so that this file holds no marker. */
const KEY = ['PRIVATE', 'KEY'].join(' ');
const SSH1_HEAD = `SSH ${KEY} FILE FORMAT 1.1\n\0`;
const SSHCOM_BEGIN = new RegExp(`^---- BEGIN SSH2 ENCRYPTED ${KEY} ----$`, 'm');
const PUTTY_HEAD = /^PuTTY-User-Key-File-/m;
const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;
const ENCRYPTED_HEADER = /^Proc-Type:\s*4,\s*ENCRYPTED/m;
const OPENSSH_LABEL = `OPENSSH ${KEY}`;
const ENCRYPTED_LABEL = `ENCRYPTED ${KEY}`;
/** The one label sshpk reads as an SSH wire-format private key (RFC 4253 fields). */
const SSH2_LABEL = `SSH2 ${KEY}`;
const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const PUTTY_FIELD = /^([A-Za-z0-9-]+):\s*(.*)$/;
const SSHCOM_HEADER = /^[A-Za-z][A-Za-z0-9-]*:/;
/** A PEM header line as sshpk skips it. */
const SSHPK_HEADER = /^([A-Za-z0-9-]+): (.+)$/;
/**
 * The kind a block without a fingerprint is counted as, when it certainly
 * has none; null when it may be a key (and must be parsed). The kind is
 * what the collector's `kindOf` makes of the parse.
 */
function certainLowKind(block) {
    return certainlyLow(block)?.kind ?? null;
}
/** `certainLowKind`, with the block's shape; null when it may be a key. */
function certainlyLow(block) {
    const { may, encrypted, shape } = judge(block.text);
    if (may)
        return null;
    if (block.placeholder)
        return { kind: 'placeholder', shape };
    return { kind: encrypted && !block.truncated ? 'encrypted' : 'other', shape };
}
/** The last text judged: copies of one block (placeholders, one key) are judged once. */
let lastText = null;
let lastJudgement = { may: true, encrypted: false, shape: '' };
function judge(text) {
    if (text === lastText)
        return lastJudgement;
    lastJudgement = judgeText(text);
    lastText = text;
    return lastJudgement;
}
/** `parseKeyBlock`'s choice of format, then what that format needs. */
function judgeText(block) {
    if (block.startsWith(SSH1_HEAD))
        return {
            may: ssh1ShowsPublicKey(Buffer.from(block, 'latin1')),
            encrypted: false,
            shape: 'ssh1',
        };
    const text = block.includes('\r\n') ? block.replace(/\r\n/g, '\n') : block;
    if (SSHCOM_BEGIN.test(text))
        return { may: sshcomMayBeKey(text), encrypted: false, shape: 'sshcom' };
    if (PUTTY_HEAD.test(text))
        return { may: puttyShowsPublicKey(text), encrypted: false, shape: 'putty' };
    const label = PEM_LABEL.exec(text)?.[1] ?? '';
    // As parse.ts reads it: an OpenSSH label first, then encryption, unless the body is a key
    // in clear (a label never hides a key): an OpenSSH container or DER that opens as one.
    if (label !== OPENSSH_LABEL && (label === ENCRYPTED_LABEL || ENCRYPTED_HEADER.test(text)))
        return { may: clearBodyMayBeKey(text), encrypted: true, shape: `pem encrypted ${label}` };
    return { may: pemMayBeKey(text, label), encrypted: false, shape: `pem ${label}` };
}
/**
 * A PEM body is read two ways: sshpk takes every line between its header
 * lines and END; the structure checks (`pemBodyOf`) drop lines with a colon.
 * Either may hold an OpenSSH container, DER, or (labelled so) SSH wire format.
 */
function pemMayBeKey(text, label) {
    // Both read the same bytes when no line is a header or dashes (but END): the
    // body's first character then tells DER (`M`, 0x30) and OpenSSH (`b`) from junk.
    const plain = !text.includes(':') && text.indexOf('\n---') === text.lastIndexOf('\n---');
    if (plain && label !== SSH2_LABEL) {
        const first = text[text.indexOf('\n') + 1] ?? '';
        if (/^[A-Za-z0-9+/]$/.test(first) && first !== 'M' && first !== 'b')
            return false;
    }
    const bodies = [(0,_decode_der_js__WEBPACK_IMPORTED_MODULE_2__/* .pemBodyOf */ .W2)(text)];
    const sshpk = plain ? null : sshpkBody(text);
    if (sshpk && !sshpk.equals(bodies[0]))
        bodies.push(sshpk);
    return bodies.some((body) => opensshShowsPublicKey(body) ||
        derMayBeKey(body) ||
        (label === SSH2_LABEL && wireStringFits(body, 0)));
}
/**
 * Whether the body of a block that says it is encrypted may be a key in
 * clear, as parse.ts reads it (`pemBodyOf`, header lines left out): an
 * OpenSSH container that shows its public key, or DER that opens as a clear
 * private key does (a version INTEGER first; an EncryptedPrivateKeyInfo
 * opens with its algorithm SEQUENCE, and ciphertext with neither).
 */
function clearBodyMayBeKey(text) {
    const body = (0,_decode_der_js__WEBPACK_IMPORTED_MODULE_2__/* .pemBodyOf */ .W2)(text);
    if (opensshShowsPublicKey(body))
        return true;
    const top = headerAt(body, 0);
    return top !== null && headerAt(body, top.content)?.tag === _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.integer && derMayBeKey(body);
}
/** The body as sshpk decodes it, or null when the block has no END line (sshpk refuses it). */
function sshpkBody(text) {
    const lines = text.split('\n');
    let last = lines.length - 1;
    while (last > 0 && lines[last] === '')
        last--;
    if (last < 1 || !(lines[last] ?? '').includes('END '))
        return null;
    let first = 1;
    while (first < last && SSHPK_HEADER.test(lines[first] ?? ''))
        first++;
    return Buffer.from(lines.slice(first, last).join(''), 'base64');
}
/** The header at `at`, whether or not its content fits in `bytes`; null when the header itself does not. */
function headerAt(bytes, at) {
    if (at + 2 > bytes.length)
        return null;
    const tag = bytes[at];
    if ((tag & 0x1f) === 0x1f)
        return null;
    const first = bytes[at + 1];
    if (!(first & 0x80))
        return { tag, content: at + 2, end: at + 2 + first };
    const count = first & 0x7f;
    if (count === 0)
        return { tag, content: at + 2, end: Infinity };
    // OpenSSL reads up to eight length bytes (leading zeros); sshpk up to four.
    if (count > 8 || at + 2 + count > bytes.length)
        return null;
    let length = 0;
    for (let i = 0; i < count; i++)
        length = length * 256 + bytes[at + 2 + i];
    return { tag, content: at + 2 + count, end: at + 2 + count + length };
}
/**
 * Whether DER (or BER) bytes may be a private key to one of the parsers:
 * every private key structure is a SEQUENCE that opens with a version
 * INTEGER followed by the key's first field (an INTEGER or OCTET STRING,
 * read whole) or its algorithm SEQUENCE; or (PKCS#8 as sshpk reads it
 * without a version, and encrypted PKCS#8) with an algorithm SEQUENCE whose
 * OID is there. The outer length is not checked: sshpk never checks it.
 */
function derMayBeKey(body) {
    if (body[0] !== _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.sequence)
        return false;
    const top = headerAt(body, 0);
    if (!top)
        return false;
    const first = headerAt(body, top.content);
    if (!first)
        return false;
    if (first.tag === _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.sequence) {
        const oid = headerAt(body, first.content);
        return oid?.tag === _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.oid && oid.end <= body.length;
    }
    if (first.tag !== _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.integer || first.end > body.length)
        return false;
    const second = headerAt(body, first.end);
    if (!second)
        return false;
    if (second.tag === _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.sequence)
        return true;
    return ((second.tag === _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.integer || second.tag === _decode_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.octetString) && second.end <= body.length);
}
/** Whether an SSH string (a 32-bit length, then as many bytes) at `at` fits; where it ends, or -1. */
function wireStringEnd(bytes, at) {
    if (at < 0 || at + 4 > bytes.length)
        return -1;
    const end = at + 4 + bytes.readUInt32BE(at);
    return end <= bytes.length ? end : -1;
}
function wireStringFits(bytes, at) {
    return wireStringEnd(bytes, at) !== -1;
}
/** What readOpensshHeader needs: the container's clear fields up to a well-formed first public key. */
function opensshShowsPublicKey(body) {
    if (!(0,_bytes_js__WEBPACK_IMPORTED_MODULE_3__/* .holdsAt */ .w)(body, 0, OPENSSH_MAGIC))
        return false;
    let at = OPENSSH_MAGIC.length;
    // Cipher, KDF name and KDF options.
    for (let field = 0; field < 3 && at !== -1; field++)
        at = wireStringEnd(body, at);
    if (at === -1 || at + 4 > body.length)
        return false;
    const keys = body.readUInt32BE(at);
    if (keys < 1 || keys > 1024)
        return false;
    const end = wireStringEnd(body, at + 4);
    return end !== -1 && (0,_keys_public_blob_js__WEBPACK_IMPORTED_MODULE_0__/* .blobAlgorithm */ .Tm)(body.subarray(at + 8, end)) !== null;
}
/** What readPuttyHeader needs: a version header and well-formed public lines. */
function puttyShowsPublicKey(text) {
    const lines = text.split(/\r?\n/);
    let version = false;
    let publicBase64 = '';
    for (let i = 0; i < lines.length; i++) {
        const match = PUTTY_FIELD.exec(lines[i] ?? '');
        if (!match)
            continue;
        const name = (match[1] ?? '').toLowerCase();
        if (name === 'putty-user-key-file-2' || name === 'putty-user-key-file-3')
            version = true;
        if (name !== 'public-lines')
            continue;
        const count = Number.parseInt((match[2] ?? '').trim(), 10);
        if (!Number.isInteger(count) || count < 1 || i + count >= lines.length)
            return false;
        publicBase64 = lines.slice(i + 1, i + 1 + count).join('');
        i += count;
    }
    return (version && publicBase64 !== '' && (0,_keys_public_blob_js__WEBPACK_IMPORTED_MODULE_0__/* .blobAlgorithm */ .Tm)(Buffer.from(publicBase64, 'base64')) !== null);
}
/** What readSsh1Key needs: its clear fields (the public modulus and exponent, the comment) whole. */
function ssh1ShowsPublicKey(bytes) {
    // The head, the cipher byte, 32 reserved bits and the bit count.
    let at = SSH1_HEAD.length + 9;
    for (let mpint = 0; mpint < 2; mpint++) {
        if (at + 2 > bytes.length)
            return false;
        at += 2 + Math.ceil(bytes.readUInt16BE(at) / 8);
    }
    return wireStringFits(bytes, at);
}
/** What readSshcomKey needs first: its magic number. */
function sshcomMayBeKey(text) {
    const base64 = [];
    for (const line of text.split('\n')) {
        if (line.startsWith('---- ') || SSHCOM_HEADER.test(line))
            continue;
        base64.push(line.trim());
    }
    const body = Buffer.from(base64.join(''), 'base64');
    return body.length >= 4 && body.readUInt32BE(0) === _keys_sshcom_magic_js__WEBPACK_IMPORTED_MODULE_4__/* .SSHCOM_MAGIC */ .m;
}


/***/ }),

/***/ 3890:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ countNewlines)
/* harmony export */ });
/**
 * Newlines in `bytes[from, to)`, four bytes a step: twice as fast as a
 * search per newline on code's short lines, and every key-holding blob is
 * counted up to its markers.
 */
function countNewlines(bytes, from, to) {
    let count = 0;
    let at = from;
    while (at < to && (bytes.byteOffset + at) & 3)
        if (bytes[at++] === 10)
            count++;
    const words = (to - at) >> 2;
    if (words > 0) {
        const view = new Uint32Array(bytes.buffer, bytes.byteOffset + at, words);
        for (let word = 0; word < words;) {
            // Each byte of `lanes` counts the newlines in its lane: 255 words cannot overflow it.
            const stop = Math.min(words, word + 255);
            let lanes = 0;
            for (; word < stop; word++) {
                const x = view[word] ^ 0x0a0a0a0a;
                // 0x80 in each byte of x that is zero (a newline), exactly: no carry crosses a byte.
                lanes += (~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080) >>> 7;
            }
            count += (lanes & 0xff) + ((lanes >>> 8) & 0xff) + ((lanes >>> 16) & 0xff) + (lanes >>> 24);
        }
        at += words * 4;
    }
    while (at < to)
        if (bytes[at++] === 10)
            count++;
    return count;
}


/***/ }),

/***/ 7471:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nh: () => (/* binding */ ObjectQueue),
  Kv: () => (/* binding */ WHOLE_BLOB_LIMIT),
  DB: () => (/* binding */ addScanCounts),
  k0: () => (/* binding */ emptyScanStats),
  mt: () => (/* binding */ scanObjectBytes),
  GA: () => (/* binding */ scanObjects),
  bN: () => (/* binding */ scanStore)
});

// UNUSED EXPORTS: BatchParser, scanAllObjects

// EXTERNAL MODULE: ./.build/js/src/scan/detector.js + 21 modules
var detector = __webpack_require__(5241);
// EXTERNAL MODULE: ./.build/js/src/scan/git-stream.js
var git_stream = __webpack_require__(1120);
// EXTERNAL MODULE: ./.build/js/src/scan/lfs.js
var lfs = __webpack_require__(4584);
// EXTERNAL MODULE: ./.build/js/src/scan/newlines.js
var newlines = __webpack_require__(3890);
;// CONCATENATED MODULE: ./.build/js/src/scan/object-list.js

/**
 * Lists the objects present (`git cat-file --batch-all-objects
 * --batch-check`) in the object store's own order, without their content,
 * handing each over as git names it. Trees are left out: they hold names,
 * not content, so they are never read.
 */
async function listObjects(repo, onObject) {
    // `<40 or 64 hex> <type> <size>`: parsed from the bytes, no string split per line.
    const take = (line) => {
        const space = line.indexOf(32);
        const second = line.indexOf(32, space + 1);
        if (space === -1 || second === -1)
            return;
        const type = line.toString('latin1', space + 1, second);
        if (type === 'blob' || type === 'commit' || type === 'tag')
            onObject({
                id: line.toString('latin1', 0, space),
                type,
                size: Number(line.toString('latin1', second + 1)),
            });
    };
    const lines = (0,git_stream/* lineSplitter */.s1)(take);
    await (0,git_stream/* streamGit */.t1)(repo, [
        'cat-file',
        '--batch-all-objects',
        '--unordered',
        '--batch-check=%(objectname) %(objecttype) %(objectsize)',
    ], lines.push);
    lines.end();
}

;// CONCATENATED MODULE: ./.build/js/src/scan/object-reader.js





/** Objects up to this size are scanned whole; larger ones are streamed through the scanner. */
const WHOLE_BLOB_LIMIT = 16 * 1024 * 1024;
/** How much of a commit or tag is kept to read its headers (the message's place and author). */
const HEAD_LIMIT = 64 * 1024;
function emptyScanStats() {
    return { blobsScanned: 0, bytesScanned: 0, lfsPointers: 0, missing: [] };
}
/** Adds one reader's counts to `into` (the blobs, bytes, LFS pointers and missing ids). */
function addScanCounts(into, from) {
    into.blobsScanned += from.blobsScanned;
    into.bytesScanned += from.bytesScanned;
    into.lfsPointers += from.lfsPointers;
    into.missing.push(...from.missing);
}
/**
 * Parses the `git cat-file --batch` stream and scans each blob (and, when
 * asked, each commit and tag, for keys pasted into messages) as its bytes go
 * by. Nothing but the object being read (or, for huge ones, a small window of
 * it) is kept in memory.
 */
class BatchParser {
    onHit;
    options;
    header = Buffer.alloc(0);
    current = null;
    skipNewline = false;
    stats = emptyScanStats();
    objects = 0;
    constructor(onHit, options) {
        this.onHit = onHit;
        this.options = options;
    }
    push(chunk) {
        let at = 0;
        while (at < chunk.length) {
            if (this.skipNewline) {
                this.skipNewline = false;
                at++;
                continue;
            }
            if (!this.current) {
                const newline = chunk.indexOf(10, at);
                if (newline === -1) {
                    this.header = Buffer.concat([this.header, chunk.subarray(at)]);
                    return;
                }
                const line = this.header.length
                    ? Buffer.concat([this.header, chunk.subarray(at, newline)]).toString('latin1')
                    : chunk.toString('latin1', at, newline);
                this.header = Buffer.alloc(0);
                at = newline + 1;
                this.begin(line);
                continue;
            }
            const take = Math.min(this.current.remaining, chunk.length - at);
            this.consume(chunk.subarray(at, at + take));
            at += take;
        }
    }
    begin(line) {
        const [id = '', kind = '', size = ''] = line.split(' ');
        if (kind === 'missing' || kind === 'ambiguous') {
            this.stats.missing.push(id);
            return;
        }
        const length = Number.parseInt(size, 10);
        if (!Number.isFinite(length))
            throw new Error(`unexpected git cat-file output: ${line.slice(0, 80)}`);
        if (++this.objects % PROGRESS_EVERY === 0)
            this.options.onProgress?.(this.objects, Math.max(this.objects, this.options.total ?? 0));
        const type = kind === 'blob'
            ? 'blob'
            : this.options.messages && (kind === 'commit' || kind === 'tag')
                ? kind
                : null;
        this.current = {
            id,
            type,
            remaining: length,
            whole: null,
            filled: 0,
            streaming: type && length > WHOLE_BLOB_LIMIT ? new detector/* KeyBlockScanner */.zH() : null,
            head: null,
        };
        if (type === 'blob') {
            this.stats.blobsScanned++;
            this.stats.bytesScanned += length;
        }
        if (length === 0)
            this.finish();
    }
    consume(piece) {
        const current = this.current;
        if (!current)
            return;
        current.remaining -= piece.length;
        if (current.type) {
            if (current.streaming) {
                current.head ??=
                    current.type === 'blob' ? null : Buffer.from(piece.subarray(0, HEAD_LIMIT));
                current.streaming.feed(piece);
            }
            else if (current.remaining === 0 && current.filled === 0) {
                // The common case: the whole object sits in one chunk; scan it in place.
                this.report(current, piece);
                this.current = null;
                this.skipNewline = true;
                return;
            }
            else {
                current.whole ??= Buffer.allocUnsafe(current.remaining + piece.length);
                current.filled += piece.copy(current.whole, current.filled);
            }
        }
        if (current.remaining === 0)
            this.finish();
    }
    finish() {
        const current = this.current;
        if (!current)
            return;
        if (current.streaming) {
            const blocks = current.streaming.end();
            if (blocks.length)
                this.onHit({
                    id: current.id,
                    type: current.type ?? 'blob',
                    blocks,
                    ...this.headOf(current),
                });
        }
        else if (current.type) {
            this.report(current, current.whole ?? Buffer.alloc(0));
        }
        this.current = null;
        this.skipNewline = true;
    }
    report(current, bytes) {
        if (current.type)
            scanObjectBytes(current.id, current.type, bytes, this.stats, this.onHit, this.options, String);
    }
    headOf(current) {
        return current.head ? { head: current.head } : {};
    }
    end() {
        if (this.current)
            throw new Error('git cat-file output ended in the middle of an object');
        this.options.onProgress?.(this.objects, this.objects);
    }
}
/**
 * Scans one whole blob, commit or tag (its blob counts are the caller's):
 * what every reader of the object store does with an object's bytes. The
 * object is named by `key`, turned into its id by `idOf` only when a hit or
 * a warning needs it.
 */
function scanObjectBytes(key, type, bytes, stats, onHit, options, idOf) {
    if (type === 'blob' && (0,lfs/* isLfsPointer */.N)(bytes))
        stats.lfsPointers++;
    const warn = options.onWarning;
    const onWarning = warn && ((message) => warn(`object ${idOf(key)}: ${message}`));
    const blocks = (type !== 'blob' && headersAndMessage(bytes, onWarning)) || (0,detector/* findKeyBlocks */.JF)(bytes, onWarning);
    if (!blocks.length)
        return;
    const id = idOf(key);
    if (type === 'blob')
        onHit({ id, type, blocks });
    else
        onHit({ id, type, blocks, head: Buffer.from(bytes.subarray(0, HEAD_LIMIT)) });
}
const BLANK_LINE = Buffer.from('\n\n');
/**
 * The blocks of a commit or tag whose message holds a NUL (UTF-16, which an
 * `encoding UTF-16LE` header allows), its headers and its message read apart:
 * after the headers' ASCII the object as a whole is no UTF-16 text, so the
 * message's key would be missed or misplaced. Lines are the object's. Null
 * for any other object, read whole.
 */
function headersAndMessage(bytes, onWarning) {
    const end = bytes.indexOf(BLANK_LINE);
    if (end === -1 || bytes.indexOf(0, end + 2) === -1)
        return null;
    const before = (0,newlines/* countNewlines */.D)(bytes, 0, end + 2);
    const message = (0,detector/* findKeyBlocks */.JF)(bytes.subarray(end + 2), onWarning).map((block) => ({
        ...block,
        line: block.line + before,
    }));
    return [...(0,detector/* findKeyBlocks */.JF)(bytes.subarray(0, end + 1), onWarning), ...message];
}
/** Progress is reported every this many objects: a call per object would cost more than the object. */
const PROGRESS_EVERY = 512;
/** Scans every object in the repository's object store, each read once. */
async function scanAllObjects(cwd, onHit, options = {}) {
    const parser = new BatchParser(onHit, options);
    await streamGit(cwd, ['cat-file', '--batch-all-objects', '--batch', '--unordered'], (chunk) => parser.push(chunk));
    parser.end();
    return parser.stats;
}
/** Scans the named objects; those the repository lacks are counted in `missing`. */
async function scanObjects(cwd, ids, onHit, options = {}) {
    const input = [...ids].map((id) => `${id}\n`).join('');
    const parser = new BatchParser(onHit, { total: input.length / 41, ...options });
    if (!input)
        return parser.stats;
    await (0,git_stream/* streamGit */.t1)(cwd, ['cat-file', '--batch'], (chunk) => parser.push(chunk), input);
    parser.end();
    return parser.stats;
}
/**
 * Objects handed one by one, as they are found, to a `git cat-file --batch`
 * that reads them alongside the caller's own work (started at the first).
 */
class ObjectQueue {
    cwd;
    pipe = null;
    parser;
    constructor(cwd, onHit, options = {}) {
        this.cwd = cwd;
        this.parser = new BatchParser(onHit, options);
    }
    add(id) {
        this.pipe ??= (0,git_stream/* openGit */.zY)(this.cwd, ['cat-file', '--batch'], (chunk) => this.parser.push(chunk));
        this.pipe.write(`${id}\n`);
    }
    /** Waits for git to have read everything added; the objects' counts. */
    async finish() {
        if (!this.pipe)
            return this.parser.stats;
        this.pipe.end();
        await this.pipe.done;
        this.parser.end();
        return this.parser.stats;
    }
}
/**
 * Bytes of objects one reader is given before the next one takes over: long
 * runs in the store's order keep most delta bases in the process that needs them.
 */
const RUN_BYTES = 8 * 1024 * 1024;
/** Ids are written to a reader in batches of about this many bytes. */
const WRITE_BYTES = 64 * 1024;
/**
 * Scans every blob, commit and tag in the object store with `readers` `git
 * cat-file --batch` processes at once (git inflates and applies deltas on one
 * core each while this process scans what arrives). The objects are listed as
 * the reading goes (trees never read), in runs of about RUN_BYTES per reader.
 * Also returns the ids of the blobs present.
 */
async function scanStore(cwd, readers, onHit, options = {}) {
    const blobs = new Set();
    let listed = 0;
    const counts = [];
    const parsers = Array.from({ length: Math.max(1, readers) }, (_, index) => {
        counts.push(0);
        return new BatchParser(onHit, {
            ...options,
            onProgress: options.onProgress &&
                ((done) => {
                    counts[index] = done;
                    const sum = counts.reduce((total, count) => total + count, 0);
                    options.onProgress?.(sum, Math.max(sum, listed));
                }),
        });
    });
    const pipes = parsers.map((parser) => (0,git_stream/* openGit */.zY)(cwd, ['cat-file', '--batch'], (chunk) => parser.push(chunk)));
    let reader = 0;
    let runBytes = 0;
    let batch = '';
    const flush = () => {
        if (batch)
            pipes[reader]?.write(batch);
        batch = '';
    };
    const listing = listObjects(cwd, (object) => {
        listed++;
        if (object.type === 'blob')
            blobs.add(object.id);
        batch += `${object.id}\n`;
        runBytes += object.size;
        if (runBytes >= RUN_BYTES) {
            flush();
            reader = (reader + 1) % pipes.length;
            runBytes = 0;
        }
        else if (batch.length >= WRITE_BYTES)
            flush();
    }).finally(() => {
        flush();
        for (const pipe of pipes)
            pipe.end();
    });
    await Promise.all([listing, ...pipes.map((pipe) => pipe.done)]);
    for (const parser of parsers)
        parser.end();
    const stats = emptyScanStats();
    for (const parser of parsers)
        addScanCounts(stats, parser.stats);
    return { stats, blobs };
}


/***/ }),

/***/ 1182:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FF: () => (/* binding */ OBJ_TREE),
/* harmony export */   S$: () => (/* binding */ OBJ_OFS_DELTA),
/* harmony export */   TM: () => (/* binding */ applyDelta),
/* harmony export */   UN: () => (/* binding */ PackCycleError),
/* harmony export */   Ug: () => (/* binding */ OBJ_COMMIT),
/* harmony export */   V4: () => (/* binding */ OBJ_TAG),
/* harmony export */   W0: () => (/* binding */ OBJ_BLOB),
/* harmony export */   Xx: () => (/* binding */ OBJ_REF_DELTA),
/* harmony export */   bq: () => (/* binding */ PackFormatError),
/* harmony export */   pi: () => (/* binding */ parseEntryHeader),
/* harmony export */   vv: () => (/* binding */ deltaResultSize)
/* harmony export */ });
/**
 * The parts of git's pack format the scanner reads itself: an entry's header
 * and a delta. Packs are repository content and so hostile: every length and
 * offset is checked, and anything git would not have written throws
 * PackFormatError, on which the caller falls back to `git cat-file`.
 */
/** A pack, index or delta that does not parse; the scan then lets git read the objects. */
class PackFormatError extends Error {
}
/**
 * Deltas that are each other's base: no object in the loop can ever be
 * built, and git 2.39 follows such a loop for ever, its memory growing. Never
 * handed to git: the scan fails with this, naming the pack.
 */
class PackCycleError extends Error {
    name = 'PackCycleError';
}
const OBJ_COMMIT = 1;
const OBJ_TREE = 2;
const OBJ_BLOB = 3;
const OBJ_TAG = 4;
const OBJ_OFS_DELTA = 6;
const OBJ_REF_DELTA = 7;
/** Sizes and offsets above this are not a real pack's (2^48 bytes); stops the varints early. */
const MAX_VALUE = 2 ** 48;
function byteAt(bytes, at) {
    const value = bytes[at];
    if (value === undefined)
        throw new PackFormatError('pack entry header is cut short');
    return value;
}
/**
 * Parses the header of the entry that starts at `at` in `bytes`, which is at
 * `offset` in its pack. With `into`, that object is filled and returned (a
 * pass over every entry of a pack then makes none).
 */
function parseEntryHeader(bytes, at, offset, hashBytes, into) {
    let p = at;
    let c = byteAt(bytes, p++);
    const type = (c >> 4) & 7;
    let size = c & 15;
    let scale = 16;
    while (c & 0x80) {
        c = byteAt(bytes, p++);
        size += (c & 0x7f) * scale;
        scale *= 128;
        if (size > MAX_VALUE || scale > MAX_VALUE * 128)
            throw new PackFormatError('pack entry size too large');
    }
    let baseOffset = -1;
    let baseIdAt = -1;
    if (type === OBJ_OFS_DELTA) {
        c = byteAt(bytes, p++);
        let distance = c & 0x7f;
        while (c & 0x80) {
            c = byteAt(bytes, p++);
            distance = (distance + 1) * 128 + (c & 0x7f);
            if (distance > MAX_VALUE)
                throw new PackFormatError('delta base offset too large');
        }
        if (distance <= 0 || distance > offset)
            throw new PackFormatError('delta base outside the pack');
        baseOffset = offset - distance;
    }
    else if (type === OBJ_REF_DELTA) {
        if (p + hashBytes > bytes.length)
            throw new PackFormatError('pack entry header is cut short');
        baseIdAt = p;
        p += hashBytes;
    }
    else if (type < OBJ_COMMIT || type > OBJ_TAG) {
        throw new PackFormatError(`unknown pack entry type ${type}`);
    }
    if (!into)
        return { type, size, baseOffset, baseIdAt, length: p - at };
    into.type = type;
    into.size = size;
    into.baseOffset = baseOffset;
    into.baseIdAt = baseIdAt;
    into.length = p - at;
    return into;
}
function readVarint(delta, state) {
    let value = 0;
    let scale = 1;
    let c;
    do {
        c = byteAt(delta, state.at++);
        value += (c & 0x7f) * scale;
        scale *= 128;
        if (value > MAX_VALUE)
            throw new PackFormatError('delta size too large');
    } while (c & 0x80);
    return value;
}
/** The size of the object a delta makes, without applying it (bounds the work up front). */
function deltaResultSize(delta) {
    const state = { at: 0 };
    readVarint(delta, state);
    return readVarint(delta, state);
}
/**
 * Applies a git delta to its base. Every copy must lie inside the base and
 * the result must be exactly the size the delta declares. The result is
 * built in `into` when it is large enough (a view of it is returned), else
 * in a new buffer.
 */
function applyDelta(base, delta, into) {
    const state = { at: 0 };
    const baseSize = readVarint(delta, state);
    const resultSize = readVarint(delta, state);
    if (baseSize !== base.length)
        throw new PackFormatError('delta base size does not match');
    const out = into && into.length >= resultSize
        ? into.subarray(0, resultSize)
        : Buffer.allocUnsafe(resultSize);
    let p = state.at;
    let o = 0;
    const end = delta.length;
    while (p < end) {
        const op = delta[p++];
        if (op & 0x80) {
            let from = 0;
            let length = 0;
            if (op & 0x01)
                from = byteAt(delta, p++);
            if (op & 0x02)
                from |= byteAt(delta, p++) << 8;
            if (op & 0x04)
                from |= byteAt(delta, p++) << 16;
            if (op & 0x08)
                from += byteAt(delta, p++) * 0x1000000;
            if (op & 0x10)
                length = byteAt(delta, p++);
            if (op & 0x20)
                length |= byteAt(delta, p++) << 8;
            if (op & 0x40)
                length |= byteAt(delta, p++) << 16;
            if (length === 0)
                length = 0x10000;
            if (from + length > baseSize || o + length > resultSize)
                throw new PackFormatError('delta copies outside its base or result');
            if (length < 64)
                for (let i = 0; i < length; i++)
                    out[o + i] = base[from + i];
            else
                base.copy(out, o, from, from + length);
            o += length;
        }
        else if (op !== 0) {
            if (p + op > end || o + op > resultSize)
                throw new PackFormatError('delta inserts past its end');
            if (op < 64)
                for (let i = 0; i < op; i++)
                    out[o + i] = delta[p + i];
            else
                delta.copy(out, o, p, p + op);
            p += op;
            o += op;
        }
        else {
            throw new PackFormatError('delta has a reserved opcode');
        }
    }
    if (o !== resultSize)
        throw new PackFormatError('delta result has the wrong size');
    return out;
}


/***/ }),

/***/ 735:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t: () => (/* binding */ readPacks),
  y: () => (/* binding */ servePackJob)
});

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
// EXTERNAL MODULE: ./.build/js/src/scan/object-reader.js + 1 modules
var object_reader = __webpack_require__(7471);
// EXTERNAL MODULE: ./.build/js/src/scan/sources/parallel-read.js
var parallel_read = __webpack_require__(6620);
// EXTERNAL MODULE: ./.build/js/src/scan/pack/format.js
var format = __webpack_require__(1182);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./.build/js/src/scan/pack/pack-index.js


const IDX_MAGIC = 0xff744f63;
const FANOUT_BYTES = 256 * 4;
const HEADER_BYTES = 8;
/** Row numbers below this fit beside an offset in one exactly represented double. */
const ROW_BITS = 2 ** 21;
/**
 * The idx rows in the order of their offsets. Offset and row are packed into
 * one number and sorted natively (a comparator sort of 150,000 rows costs
 * tens of milliseconds); huge packs take the comparator.
 */
function sortedByOffset(offsets) {
    const count = offsets.length;
    const rows = new Uint32Array(count);
    const largest = offsets.reduce((max, offset) => Math.max(max, offset), 0);
    if (count <= ROW_BITS && largest * ROW_BITS + ROW_BITS < Number.MAX_SAFE_INTEGER) {
        const keys = new Float64Array(count);
        for (let row = 0; row < count; row++)
            keys[row] = offsets[row] * ROW_BITS + row;
        keys.sort();
        for (let at = 0; at < count; at++)
            rows[at] = keys[at] % ROW_BITS;
        return rows;
    }
    for (let row = 0; row < count; row++)
        rows[row] = row;
    return rows.sort((a, b) => offsets[a] - offsets[b]);
}
/**
 * The big-endian 32-bit number at `at` (in bounds: the callers check). Read by
 * hand: Buffer.readUInt32BE validates its argument through a wrapper that
 * allocates, once per id looked up and per offset of the index.
 */
function uint32At(bytes, at) {
    return ((bytes[at] * 0x1000000 +
        ((bytes[at + 1] << 16) |
            (bytes[at + 2] << 8) |
            bytes[at + 3])) >>>
        0);
}
/**
 * A pack's `.idx` (version 2): the ids of its objects and where each starts.
 * Entries are also ordered by offset ("positions"), the order the pack is
 * read in, so an entry's compressed data ends where the next one starts.
 */
class PackIndex {
    bytes;
    hashBytes;
    packEnd;
    count;
    /** Offsets in pack order; the last entry's data ends at `packEnd`. */
    offsets;
    /** For each position, the entry's row in the idx (for its id). */
    rows;
    /** For each row, the entry's position (a REF_DELTA names its base by id). */
    positions;
    idsAt = HEADER_BYTES + FANOUT_BYTES;
    scratch;
    constructor(bytes, hashBytes, 
    /** Where the pack's objects end (its size minus the trailing checksum). */
    packEnd) {
        this.bytes = bytes;
        this.hashBytes = hashBytes;
        this.packEnd = packEnd;
        if (bytes.length < HEADER_BYTES + FANOUT_BYTES || bytes.readUInt32BE(0) !== IDX_MAGIC)
            throw new format/* PackFormatError */.bq('not a version 2 pack index');
        if (bytes.readUInt32BE(4) !== 2)
            throw new format/* PackFormatError */.bq('pack index version is not 2');
        const count = bytes.readUInt32BE(HEADER_BYTES + 255 * 4);
        const smallAt = this.idsAt + count * (hashBytes + 4);
        const largeAt = smallAt + count * 4;
        let large = 0;
        if (largeAt > bytes.length)
            throw new format/* PackFormatError */.bq('pack index is cut short');
        const offsets = new Float64Array(count);
        for (let row = 0; row < count; row++) {
            const small = uint32At(bytes, smallAt + row * 4);
            if (small & 0x80000000) {
                const at = largeAt + (small & 0x7fffffff) * 8;
                if (at + 8 > bytes.length - 2 * hashBytes)
                    throw new format/* PackFormatError */.bq('pack index is cut short');
                offsets[row] = Number(bytes.readBigUInt64BE(at));
                large++;
            }
            else {
                offsets[row] = small;
            }
        }
        if (largeAt + large * 8 + 2 * hashBytes > bytes.length)
            throw new format/* PackFormatError */.bq('pack index is cut short');
        const rows = sortedByOffset(offsets);
        const positions = new Uint32Array(count);
        this.offsets = new Float64Array(count);
        for (let position = 0; position < count; position++) {
            const offset = offsets[rows[position]];
            // Entries follow the 12-byte pack header, each at its own offset, before the checksum.
            if (offset < 12 ||
                offset >= packEnd ||
                (position > 0 && offset <= this.offsets[position - 1]))
                throw new format/* PackFormatError */.bq('pack index offsets do not fit the pack');
            this.offsets[position] = offset;
            positions[rows[position]] = position;
        }
        this.rows = rows;
        this.positions = positions;
        this.count = count;
        this.scratch = Buffer.alloc(hashBytes);
    }
    /** Reads `<pack>.idx`; `packSize` is the size of the `.pack` it describes. */
    static read(path, hashBytes, packSize) {
        return new PackIndex((0,external_node_fs_.readFileSync)(path), hashBytes, packSize - hashBytes);
    }
    /** The id (hex) of the entry at `position`. */
    idAt(position) {
        const at = this.idsAt + this.rows[position] * this.hashBytes;
        return this.bytes.toString('hex', at, at + this.hashBytes);
    }
    /** The end of the compressed data of the entry at `position`. */
    endOf(position) {
        return position + 1 < this.count ? this.offsets[position + 1] : this.packEnd;
    }
    /** The position of the entry at `offset`, or -1. */
    positionOf(offset) {
        let low = 0;
        let high = this.count - 1;
        while (low <= high) {
            const middle = (low + high) >>> 1;
            const value = this.offsets[middle];
            if (value === offset)
                return middle;
            if (value < offset)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }
    /** The position of the object whose raw id is `id[at .. at + hashBytes)`, or -1. */
    positionOfRawId(id, at) {
        const row = this.rowOf(id, at);
        return row === -1 ? -1 : this.positions[row];
    }
    /** Whether the pack holds the object with this id (hex). */
    has(idHex) {
        if (idHex.length !== this.hashBytes * 2)
            return false;
        // Asked once per blob of a history: decoded into one reused buffer.
        const raw = this.scratch;
        if (raw.write(idHex, 'hex') !== this.hashBytes)
            return false;
        return this.rowOf(raw, 0) !== -1;
    }
    /** Binary search of the sorted ids, narrowed by the fan-out table. */
    rowOf(id, at) {
        const first = id[at];
        let low = first === 0 ? 0 : uint32At(this.bytes, HEADER_BYTES + (first - 1) * 4);
        let high = uint32At(this.bytes, HEADER_BYTES + first * 4) - 1;
        const width = this.hashBytes;
        while (low <= high) {
            const middle = (low + high) >>> 1;
            const start = this.idsAt + middle * width;
            let order = 0;
            for (let i = 0; i < width && order === 0; i++)
                order = this.bytes[start + i] - id[at + i];
            if (order === 0)
                return middle;
            if (order < 0)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }
}

;// CONCATENATED MODULE: ./.build/js/src/scan/pack/buffer-pool.js
/**
 * Buffers for delta bases, lent again once no delta needs their content.
 * Git chains each version of a file on the next, so nearly every object of
 * a history is some delta's base: a new buffer for each was the largest
 * cost of reading a pack after inflating it (fresh memory to fault in, and
 * a collector that ran for every few megabytes of it). Sizes are rounded up
 * to a power of two, so a returned buffer serves any later object of its
 * class. Small and large objects are never pooled: the small ones come from
 * Node's own slab, the large ones are rare.
 */
/** Sizes pooled: above 2 KiB (a class wastes at most half) up to 1 MiB. */
const MIN_POOLED = 2048 + 1;
const MAX_POOLED = 1024 * 1024;
class BufferPool {
    maxFreeBytes;
    /** Free buffers by class (log2 of their size). */
    free = [];
    /** Buffers this pool made, and those of them lent now: only a lent one is taken back (once). */
    made = new WeakSet();
    lent = new WeakSet();
    freeBytes = 0;
    constructor(maxFreeBytes) {
        this.maxFreeBytes = maxFreeBytes;
    }
    /** `size` bytes, uninitialised: a view of a pooled buffer, or a buffer of its own. */
    take(size) {
        if (size < MIN_POOLED || size > MAX_POOLED)
            return Buffer.allocUnsafe(size);
        const sizeClass = 32 - Math.clz32(size - 1);
        const reused = this.free[sizeClass]?.pop();
        if (reused) {
            this.freeBytes -= reused.byteLength;
            this.lent.add(reused);
            return Buffer.from(reused, 0, size);
        }
        const made = Buffer.allocUnsafeSlow(1 << sizeClass);
        this.made.add(made.buffer);
        this.lent.add(made.buffer);
        return made.subarray(0, size);
    }
    /** The bytes `buffer` holds in memory (its class's size when pooled). */
    capacityOf(buffer) {
        return this.made.has(buffer.buffer) ? buffer.buffer.byteLength : buffer.length;
    }
    /**
     * Takes back a buffer `take` gave. The caller must hold no other view of
     * it: its bytes are the next taker's. Others, and any beyond the pool's
     * bound, are left to the collector.
     */
    give(buffer) {
        const backing = buffer.buffer;
        if (!this.lent.has(backing) || !(backing instanceof ArrayBuffer))
            return;
        this.lent.delete(backing);
        if (this.freeBytes + backing.byteLength > this.maxFreeBytes)
            return;
        const sizeClass = 31 - Math.clz32(backing.byteLength);
        (this.free[sizeClass] ??= []).push(backing);
        this.freeBytes += backing.byteLength;
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./.build/js/src/scan/pack/inflate-exact.js
/**
 * Inflates pack entries, each to exactly its declared size. `inflateSync`
 * builds a zlib stream (its 32 KiB window, a Node stream object, their
 * collection) for every entry: a third of a history read is that overhead.
 * Here one zlib stream is reset between entries instead, driven through the
 * handle Node's own zlib module drives (`writeSync`, `reset`, the write
 * state), as `zlib.js` does in its synchronous path. That handle is internal,
 * so it is checked on a known stream first, and `inflateSync` is used
 * whenever it is missing or misbehaves: the result is the same either way.
 */


/** What `ReusedStream.inflate` returns when the stream is whole but not of the declared size. */
const WRONG_SIZE = 'wrong size';
/** One zlib inflate stream, reset before each entry; dropped after any error. */
class ReusedStream {
    stream;
    handle;
    state;
    failure = null;
    constructor(stream, handle, 
    /** [output space left, input left] after each write. */
    state) {
        this.stream = stream;
        this.handle = handle;
        this.state = state;
        // Errors come back here instead of destroying the stream (zlib.js's handler).
        handle.onerror = (message) => {
            this.failure = String(message);
        };
    }
    static open() {
        try {
            const stream = new external_node_zlib_.Inflate();
            const internals = stream;
            const handle = internals._handle;
            const state = internals._writeState;
            if (!handle ||
                typeof handle.writeSync !== 'function' ||
                typeof handle.reset !== 'function' ||
                !(state instanceof Uint32Array) ||
                state.length < 2)
                return null;
            return new ReusedStream(stream, handle, state);
        }
        catch {
            return null;
        }
    }
    /**
     * `size` bytes inflated from `compressed` (into `into` when it holds one
     * byte more), or a reason it did not give exactly that.
     */
    inflate(compressed, size, into) {
        // One byte more than declared shows content that runs past the size.
        const out = into && into.length > size ? into : Buffer.allocUnsafe(size + 1);
        this.failure = null;
        this.handle.reset();
        this.handle.writeSync(external_node_zlib_.constants.Z_FINISH, compressed, 0, compressed.length, out, 0, size + 1);
        if (this.failure !== null)
            return this.failure;
        const produced = size + 1 - this.state[0];
        return produced === size ? out.subarray(0, size) : WRONG_SIZE;
    }
    close() {
        this.stream.close();
    }
}
/** Whether a reused stream gives what inflateSync gives, on a stream and on a broken one. */
function behaves(stream) {
    try {
        const content = Buffer.from('ec2-key-rotate checks its inflater '.repeat(64));
        const compressed = (0,external_node_zlib_.deflateSync)(content);
        const whole = stream.inflate(compressed, content.length);
        const cut = stream.inflate(compressed.subarray(0, compressed.length >> 1), content.length);
        const short = stream.inflate(compressed, content.length - 1);
        const again = stream.inflate(compressed, content.length);
        return (Buffer.isBuffer(whole) &&
            whole.equals(content) &&
            typeof cut === 'string' &&
            typeof short === 'string' &&
            Buffer.isBuffer(again) &&
            again.equals(content));
    }
    catch {
        return false;
    }
}
let shared;
/** The thread's reused stream, opened and checked on first use; null means inflateSync. */
function reusedStream() {
    if (shared !== undefined)
        return shared;
    const stream = process.env['EC2KR_INFLATE'] === 'sync' ? null : ReusedStream.open();
    shared = stream && behaves(stream) ? stream : null;
    if (!shared)
        stream?.close();
    return shared;
}
/** Which inflater this thread uses: `reused` unless Node's handle was refused or EC2KR_INFLATE=sync. */
function inflaterKind() {
    return reusedStream() ? 'reused' : 'sync';
}
function inflateEach(compressed, size) {
    let out;
    try {
        // One output buffer of the known size (plus the byte that shows the end).
        out = (0,external_node_zlib_.inflateSync)(compressed, {
            chunkSize: Math.max(64, size + 1),
            maxOutputLength: Math.max(1, size),
        });
    }
    catch (error) {
        throw new format/* PackFormatError */.bq(`pack entry does not inflate: ${error.message}`);
    }
    if (out.length !== size)
        throw new format/* PackFormatError */.bq('pack entry inflates to the wrong size');
    return out;
}
/**
 * Inflates one entry's data, which must give exactly `size` bytes
 * (PackFormatError otherwise). With `into` (at least `size + 1` bytes) the
 * result may be a view of it, valid until `into` is written again.
 */
function inflateExactly(compressed, size, into) {
    const stream = reusedStream();
    if (!stream)
        return inflateEach(compressed, size);
    let result;
    try {
        result = stream.inflate(compressed, size, into);
    }
    catch (error) {
        result = error.message;
    }
    if (typeof result !== 'string')
        return result;
    if (result === WRONG_SIZE)
        throw new format/* PackFormatError */.bq('pack entry inflates to the wrong size');
    // A stream that failed is not trusted again: the next entry opens a fresh one.
    stream.close();
    shared = undefined;
    throw new format/* PackFormatError */.bq(`pack entry does not inflate: ${result}`);
}

;// CONCATENATED MODULE: ./.build/js/src/scan/pack/pack-reader.js




/** Bytes read from the pack at once, in its order. */
const WINDOW_BYTES = 8 * 1024 * 1024;
/** Enough for any entry header (type, size and an OFS_DELTA offset, or a SHA-256 id). */
const HEADER_READ = 64;
/** git writes chains of at most 4,095 deltas; a longer one is hostile. */
const MAX_CHAIN = 4096;
/**
 * Objects no delta is built on are made in one reused buffer (and every
 * delta's instructions in another), not a new one each: with the bases'
 * pool, that was a third of a history's garbage. Larger ones get their own.
 */
const SCRATCH_MAX = 1024 * 1024;
/** Free bytes the bases' pool keeps for the bases that follow. */
const POOL_FREE_BYTES = 8 * 1024 * 1024;
/** Compressed data may exceed its content by deflate's framing, not more. */
const framingAllowance = (size) => size + (size >>> 8) + 1024;
const CONTENT_TYPES = {
    [format/* OBJ_COMMIT */.Ug]: 'commit',
    [format/* OBJ_BLOB */.W0]: 'blob',
    [format/* OBJ_TAG */.V4]: 'tag',
};
const emptyHeader = () => ({
    type: 0,
    size: 0,
    baseOffset: -1,
    baseIdAt: -1,
    length: 0,
});
/** An object type resolved to "larger than the limit" while building a chain. */
const TOO_BIG = Symbol('too big');
/**
 * Reads the objects of one pack file in pack order, inflating them and
 * applying deltas itself (what `git cat-file` does, without the pipe): the
 * pack is read in windows of WINDOW_BYTES, delta bases come from a bounded
 * cache or are rebuilt, and trees are skipped without being inflated.
 */
class PackReader {
    packPath;
    index;
    limits;
    fd;
    windowBuffer = Buffer.alloc(0);
    /** The part of windowBuffer that holds the pack from windowAt. */
    window = Buffer.alloc(0);
    windowAt = 0;
    /** Per position: the resolved object type (0: not yet known). */
    types;
    /** Delta bases by position, least recently used first. */
    cache = new Map();
    cachedBytes = 0;
    /** The last object built that is too large for the cache. */
    lastLarge = null;
    /**
     * Per position: how many deltas of this pack are built on it and not yet
     * built here (only bases are cached; one whose count falls to 0 is dropped
     * and its buffer lent again), and each delta's base (-1: none).
     */
    dependents = null;
    baseOf;
    pool = new BufferPool(POOL_FREE_BYTES);
    /** Where leaves (objects no delta is built on) are made, and deltas' instructions inflated. */
    leafScratch = Buffer.alloc(0);
    deltaScratch = Buffer.alloc(0);
    familyIndex = null;
    /** The header contentAt parses each entry into. */
    header = emptyHeader();
    constructor(packPath, index, limits) {
        this.packPath = packPath;
        this.index = index;
        this.limits = limits;
        this.fd = (0,external_node_fs_.openSync)(this.packPath, 'r');
        this.types = new Uint8Array(index.count);
        this.baseOf = new Int32Array(index.count).fill(-1);
    }
    close() {
        (0,external_node_fs_.closeSync)(this.fd);
    }
    /**
     * Reads the objects at positions [from, to) (pack order) into `sink`. The
     * bytes handed over are valid only until `object` returns: copy to keep.
     */
    readPositions(from, to, sink) {
        this.dependents ??= this.markBases();
        for (let position = from; position < to; position++)
            this.readOne(position, sink);
    }
    /**
     * Reads the whole pack into memory at once: families jump about the pack,
     * and every entry is then at hand (for packs small enough to hold).
     */
    loadWhole() {
        const length = this.index.packEnd + this.index.hashBytes;
        if (this.windowAt === 0 && this.window.length >= length)
            return;
        this.windowBuffer = Buffer.allocUnsafe(length);
        this.window = this.readExactly(0, length, this.windowBuffer);
        this.windowAt = 0;
    }
    /**
     * The pack's delta families (git's trees left out: never read), numbered
     * by their roots' order. Reading by families holds the whole pack.
     */
    families() {
        if (this.familyIndex)
            return this.familyIndex;
        this.loadWhole();
        this.dependents ??= this.markBases();
        const count = this.index.count;
        // Each object's root. A base lies before its delta (OFS_DELTA) but for REF_DELTA,
        // whose base may come later: those are followed after the forward pass.
        const rootOf = new Int32Array(count);
        let unresolved = false;
        for (let position = 0; position < count; position++) {
            const base = this.baseOf[position];
            const root = base === -1 ? position : base < position ? rootOf[base] : -1;
            rootOf[position] = root;
            if (root === -1)
                unresolved = true;
        }
        if (unresolved) {
            for (let position = 0; position < count; position++) {
                if (rootOf[position] !== -1)
                    continue;
                this.typeAt(position, 0); // a loop throws here
                let at = position;
                while (rootOf[at] === -1)
                    at = this.baseOf[at];
                const root = rootOf[at];
                for (at = position; rootOf[at] === -1; at = this.baseOf[at])
                    rootOf[at] = root;
            }
        }
        // Git's trees are never read: in no family. Each delta's type is its root's.
        for (let position = 0; position < count; position++) {
            const root = rootOf[position];
            const type = this.types[root];
            this.types[position] = type;
            if (type === format/* OBJ_TREE */.FF)
                rootOf[position] = -2;
        }
        const familyOf = new Int32Array(count).fill(-1);
        let families = 0;
        for (let position = 0; position < count; position++)
            if (rootOf[position] === position)
                familyOf[position] = families++;
        const starts = new Int32Array(families + 1);
        const weights = new Float64Array(families);
        for (let position = 0; position < count; position++) {
            const root = rootOf[position];
            if (root < 0)
                continue;
            const family = familyOf[root];
            starts[family + 1] = starts[family + 1] + 1;
            const bytes = this.index.endOf(position) - this.index.offsets[position];
            weights[family] = weights[family] + bytes;
        }
        for (let family = 0; family < families; family++)
            starts[family + 1] = starts[family + 1] + starts[family];
        const members = new Int32Array(starts[families]);
        const filled = starts.slice(0, families);
        for (let position = 0; position < count; position++) {
            const root = rootOf[position];
            if (root < 0)
                continue;
            const family = familyOf[root];
            members[filled[family]] = position;
            filled[family] = filled[family] + 1;
        }
        this.familyIndex = { count: families, starts, members, weights };
        return this.familyIndex;
    }
    /**
     * Reads every member of families [from, to) into `sink`, each family in
     * pack order; the number of objects read (trees are in no family).
     */
    readFamilies(from, to, sink) {
        const { starts, members } = this.families();
        const first = starts[from];
        const end = starts[to];
        for (let at = first; at < end; at++)
            this.readOne(members[at], sink);
        return end - first;
    }
    readOne(position, sink) {
        const type = this.typeAt(position, 0);
        if (type === format/* OBJ_TREE */.FF || sink.seen?.(position))
            return;
        const content = this.contentAt(position, 0);
        if (content === TOO_BIG)
            sink.defer(position);
        else
            sink.object(position, CONTENT_TYPES[type], content);
    }
    /**
     * Which objects a delta of this pack is built on: one pass over every
     * entry's header, in pack order (read by windows, as the objects are).
     */
    markBases() {
        const dependents = new Uint32Array(this.index.count);
        const header = emptyHeader();
        for (let position = 0; position < this.index.count; position++) {
            const bytes = this.parseHeader(position, true, header);
            if (header.type === format/* OBJ_OFS_DELTA */.S$ || header.type === format/* OBJ_REF_DELTA */.Xx) {
                const base = this.basePosition(position, header, bytes);
                this.baseOf[position] = base;
                dependents[base] = dependents[base] + 1;
            }
            else
                this.types[position] = header.type;
        }
        return dependents;
    }
    /**
     * One delta built on `base` is built: when it was the last one here, the
     * base leaves the cache and its buffer goes back to the pool (nothing else
     * holds it: the sink keeps no view, and the delta was built already).
     */
    builtOn(base) {
        const dependents = this.dependents;
        const left = dependents[base];
        if (left === 0)
            return;
        dependents[base] = left - 1;
        if (left !== 1)
            return;
        const content = this.cache.get(base);
        if (!content)
            return;
        this.cache.delete(base);
        this.cachedBytes -= this.pool.capacityOf(content);
        this.pool.give(content);
    }
    /** A buffer of at least `size + 1` bytes for `kind`, reused while objects stay small. */
    scratch(kind, size) {
        if (size >= SCRATCH_MAX)
            return undefined;
        const current = kind === 'leaf' ? this.leafScratch : this.deltaScratch;
        if (current.length > size)
            return current;
        const grown = Buffer.allocUnsafe(Math.max(size + 1, 64 * 1024, current.length * 2));
        if (kind === 'leaf')
            this.leafScratch = grown;
        else
            this.deltaScratch = grown;
        return grown;
    }
    /** A delta base already built: the last large object or the cache (kept as most recent). */
    built(position) {
        if (this.lastLarge?.position === position)
            return this.lastLarge.content;
        const cached = this.cache.get(position);
        if (cached) {
            this.cache.delete(position);
            this.cache.set(position, cached);
        }
        return cached;
    }
    /** Bytes [start, end) of the pack, from the window when it holds them. */
    bytesAt(start, end, sequential) {
        const windowEnd = this.windowAt + this.window.length;
        if (start >= this.windowAt && end <= windowEnd)
            return this.window.subarray(start - this.windowAt, end - this.windowAt);
        if (!sequential) {
            this.checkInPack(end);
            return this.readExactly(start, end - start);
        }
        const at = this.windowHolding(start, end);
        return this.window.subarray(at, at + end - start);
    }
    checkInPack(end) {
        if (end > this.index.packEnd + this.index.hashBytes)
            throw new format/* PackFormatError */.bq('pack entry past the end');
    }
    /** Where [start, end) of the pack begins in the window, read from `start` on when it does not hold it. */
    windowHolding(start, end) {
        if (start >= this.windowAt && end <= this.windowAt + this.window.length)
            return start - this.windowAt;
        this.checkInPack(end);
        const length = Math.min(this.index.packEnd, Math.max(end, start + WINDOW_BYTES)) - start;
        // One buffer for every window (memory stays flat however large the pack).
        if (this.windowBuffer.length < length)
            this.windowBuffer = Buffer.allocUnsafe(length);
        this.window = this.readExactly(start, length, this.windowBuffer);
        this.windowAt = start;
        return 0;
    }
    readExactly(start, length, into) {
        const bytes = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
            const read = (0,external_node_fs_.readSync)(this.fd, bytes, filled, length - filled, start + filled);
            if (read === 0)
                throw new format/* PackFormatError */.bq('pack file is cut short');
            filled += read;
        }
        return bytes;
    }
    /**
     * Parses the header of the entry at `position` into `into`, never past the
     * entry's end (nor HEADER_READ bytes); returns the bytes it was read from
     * (a REF_DELTA's base id is at `into.baseIdAt` in them). In the window when
     * it holds the entry or the read is sequential: no view made per entry.
     */
    parseHeader(position, sequential, into) {
        const offset = this.index.offsets[position];
        const end = Math.min(this.index.endOf(position), offset + HEADER_READ);
        const inWindow = offset >= this.windowAt && end <= this.windowAt + this.window.length;
        if (!inWindow && !sequential) {
            const bytes = this.bytesAt(offset, end, false);
            (0,format/* parseEntryHeader */.pi)(bytes, 0, offset, this.index.hashBytes, into);
            return bytes;
        }
        const at = this.windowHolding(offset, end);
        (0,format/* parseEntryHeader */.pi)(this.window, at, offset, this.index.hashBytes, into);
        if (into.length > end - offset)
            throw new format/* PackFormatError */.bq('pack entry header is cut short');
        return this.window;
    }
    basePosition(position, header, bytes) {
        const base = header.type === format/* OBJ_OFS_DELTA */.S$
            ? this.index.positionOf(header.baseOffset)
            : header.type === format/* OBJ_REF_DELTA */.Xx
                ? this.index.positionOfRawId(bytes, header.baseIdAt)
                : -1;
        if (base === -1 || base === position)
            throw new format/* PackFormatError */.bq('delta base not in the pack');
        return base;
    }
    /** The type of the object at `position`, following its delta chain (as markBases found it). */
    typeAt(position, depth) {
        const known = this.types[position];
        if (known)
            return known;
        if (depth > MAX_CHAIN)
            this.chainTooLong(position);
        const type = this.typeAt(this.baseOf[position], depth + 1);
        this.types[position] = type;
        return type;
    }
    /**
     * A chain longer than git writes: git may still read it (the scan falls
     * back to git), unless it loops, which git would follow for ever. Walks the
     * chain once from `position`, remembering where it has been.
     */
    chainTooLong(position) {
        const visited = new Set();
        for (let at = position;;) {
            if (visited.has(at))
                throw new format/* PackCycleError */.UN(`${this.packPath}: deltas form a loop (each the base of another), which no reader can ` +
                    'build and git never stops following: the repository is corrupt or was made to ' +
                    'stall scanners. Scan a fresh clone, or repack from a good copy.');
            visited.add(at);
            const header = emptyHeader();
            const bytes = this.parseHeader(at, false, header);
            if (header.type !== format/* OBJ_OFS_DELTA */.S$ && header.type !== format/* OBJ_REF_DELTA */.Xx)
                break;
            at = this.basePosition(at, header, bytes);
        }
        throw new format/* PackFormatError */.bq('delta chain too long');
    }
    /**
     * The whole content of the object at `position`, or TOO_BIG. An object no
     * delta is built on (a leaf) is made in the leaf scratch buffer and not
     * cached: it is valid until the next object is read.
     */
    contentAt(position, depth) {
        const cached = this.built(position);
        if (cached)
            return cached;
        if (depth > MAX_CHAIN)
            throw new format/* PackFormatError */.bq('delta chain too long');
        const sequential = depth === 0;
        // Read from `header` only before building a base: that parses into it again.
        const header = this.header;
        this.parseHeader(position, sequential, header);
        const isDelta = header.type === format/* OBJ_OFS_DELTA */.S$ || header.type === format/* OBJ_REF_DELTA */.Xx;
        if (!isDelta && header.size > this.limits.maxObjectBytes)
            return TOO_BIG;
        const dataStart = this.index.offsets[position] + header.length;
        const dataEnd = this.index.endOf(position);
        if (dataEnd - dataStart > framingAllowance(header.size) || dataEnd <= dataStart)
            throw new format/* PackFormatError */.bq('pack entry size does not match its data');
        if (isDelta && header.size > this.limits.maxObjectBytes)
            return TOO_BIG;
        const base = this.baseOf[position];
        // Built for the sink alone (not as another object's base) and needed by no delta to come.
        const leaf = depth === 0 && !this.dependents[position];
        const compressed = this.bytesAt(dataStart, dataEnd, sequential);
        let content;
        if (isDelta) {
            let data = inflateExactly(compressed, header.size, this.scratch('delta', header.size));
            const size = (0,format/* deltaResultSize */.vv)(data);
            if (size > this.limits.maxObjectBytes)
                return TOO_BIG;
            let baseContent = this.built(base);
            if (!baseContent) {
                // Building the base inflates other instructions into the scratch buffer.
                if (data.buffer === this.deltaScratch.buffer)
                    data = Buffer.from(data);
                baseContent = this.contentAt(base, depth + 1);
            }
            if (baseContent === TOO_BIG)
                return TOO_BIG;
            content = (0,format/* applyDelta */.TM)(baseContent, data, leaf ? this.scratch('leaf', size) : this.pool.take(size));
            this.builtOn(base);
        }
        else {
            // One byte more than the size: the inflater's room to show content running past it.
            const into = leaf ? this.scratch('leaf', header.size) : this.pool.take(header.size + 1);
            content = inflateExactly(compressed, header.size, into);
        }
        if (!leaf)
            this.remember(position, content);
        return content;
    }
    remember(position, content) {
        const budget = this.limits.cacheBytes;
        if (content.length > budget / 4) {
            // The last large object alone is kept beside the cache: a chain of
            // 6 MiB versions (each the base of the next) would otherwise rebuild
            // every version from the chain's root, in time quadratic in its length.
            this.lastLarge = { position, content };
            return;
        }
        this.cache.set(position, content);
        this.cachedBytes += this.pool.capacityOf(content);
        if (this.cachedBytes <= budget)
            return;
        for (const [oldest, bytes] of this.cache) {
            this.cache.delete(oldest);
            this.cachedBytes -= this.pool.capacityOf(bytes);
            if (this.cachedBytes <= budget)
                break;
        }
    }
}

;// CONCATENATED MODULE: ./.build/js/src/scan/pack/segments.js
/**
 * Segments are about this share of all packs' bytes: enough of them to
 * balance two threads, and short enough that this thread reads git log's
 * output between them (it waits otherwise).
 */
const SEGMENTS_WANTED = 128;
const MIN_SEGMENT_BYTES = 512 * 1024;
const MAX_SEGMENT_BYTES = 4 * 1024 * 1024;
/** Cuts items [0, count) into consecutive runs [from, to) whose weights add up to `target` or more (the last: what is left). */
function runsOf(count, weightOf, target) {
    const runs = [];
    let from = 0;
    let weight = 0;
    for (let item = 0; item < count; item++) {
        weight += weightOf(item);
        if (weight >= target || item === count - 1) {
            runs.push({ from, to: item + 1 });
            from = item + 1;
            weight = 0;
        }
    }
    return runs;
}
/** Cuts every pack into runs of about the same compressed size. */
function segmentsOf(indexes) {
    const total = indexes.reduce((sum, index) => sum + index.packEnd, 0);
    const target = Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, Math.ceil(total / SEGMENTS_WANTED)));
    return indexes.flatMap((index, pack) => runsOf(index.count, (position) => index.endOf(position) - index.offsets[position], target).map((run) => ({ pack, ...run })));
}
/** Cuts every pack's delta families into runs of about the same compressed size. */
function familySegmentsOf(packs) {
    let total = 0;
    for (const families of packs)
        for (const weight of families.weights)
            total += weight;
    const target = Math.max(1, total / SEGMENTS_WANTED);
    return packs.flatMap((families, pack) => runsOf(families.count, (family) => families.weights[family], target).map((run) => ({
        pack,
        ...run,
        families: true,
    })));
}
/**
 * The next segment a thread reads, claimed in `claims` (0: free, else the
 * claimer's mark): the one after its last when free, so that delta bases stay
 * in the thread's cache; else the middle of the longest free run, which
 * leaves the run's first half to the thread reading just before it. -1: none left.
 */
function claimNext(claims, previous, mark) {
    const following = previous + 1;
    if (previous >= 0 &&
        following < claims.length &&
        Atomics.compareExchange(claims, following, 0, mark) === 0)
        return following;
    for (;;) {
        let bestStart = -1;
        let bestLength = 0;
        for (let at = 0; at < claims.length;) {
            if (Atomics.load(claims, at) !== 0) {
                at++;
                continue;
            }
            const start = at;
            while (at < claims.length && Atomics.load(claims, at) === 0)
                at++;
            if (at - start > bestLength) {
                bestStart = start;
                bestLength = at - start;
            }
        }
        if (bestStart === -1)
            return -1;
        // The first thread starts at the beginning; a later one takes the middle.
        const pick = previous === -1 && bestStart === 0 && bestLength === claims.length
            ? 0
            : bestStart + (bestLength >>> 1);
        if (Atomics.compareExchange(claims, pick, 0, mark) === 0)
            return pick;
    }
}

;// CONCATENATED MODULE: ./.build/js/src/scan/pack/read-packs.js
/**
 * Reads every blob, commit and tag of a repository straight from its pack
 * files, on this thread and a scan worker (../parallel.ts) at once: no `git
 * cat-file` pipe carrying every byte of history into this process. Loose
 * objects and objects too large to hold whole are left to git (streamed).
 */







const LIMITS = {
    maxObjectBytes: object_reader/* WHOLE_BLOB_LIMIT */.Kv,
    cacheBytes: 16 * 1024 * 1024,
};
/**
 * Smaller stores are read on this thread alone: a worker costs some 0.2 s of
 * CPU to start, taken on two cores from this thread and git log, more than
 * it saves below about a second of reading (measured: 26k- and 37k-object
 * histories were faster on one thread, a 147k-object one 25% faster on two).
 * Two threads split the packs into runs of entries; one thread alone reads
 * packs that fit in MAX_FAMILY_BYTES whole, by delta families
 * (./pack-reader.ts): each base is built once, just before its deltas.
 * Splitting two threads by families was slower here (each finds the
 * families, holds the packs, and starts cold). `EC2KR_PACK_SPLIT=positions`
 * or `families` forces a split, and a worker (tests, comparisons).
 */
const MIN_PARALLEL_OBJECTS = 30_000;
const MIN_PARALLEL_BYTES = 256 * 1024 * 1024;
const MAX_FAMILY_BYTES = 64 * 1024 * 1024;
function splitOf(objects, packBytes) {
    const forced = process.env['EC2KR_PACK_SPLIT'];
    if (forced === 'families' || forced === 'positions')
        return { by: forced, worker: true };
    if (objects >= MIN_PARALLEL_OBJECTS || packBytes >= MIN_PARALLEL_BYTES)
        return { by: 'positions', worker: true };
    return { by: packBytes <= MAX_FAMILY_BYTES ? 'families' : 'positions', worker: false };
}
const MAIN = 1;
const WORKER = 2;
/** The reading state of one thread: its pack readers and what it found. */
class SegmentReader {
    layout;
    indexes;
    readers = new Map();
    constructor(layout, indexes) {
        this.layout = layout;
        this.indexes = indexes;
    }
    /** The reader of pack `pack`, opened on first use. */
    reader(pack) {
        let reader = this.readers.get(pack);
        if (!reader) {
            const index = this.indexes[pack];
            reader = new PackReader(this.layout.packs[pack].pack, index, LIMITS);
            this.readers.set(pack, reader);
        }
        return reader;
    }
    read(segment) {
        const { pack, from, to } = segment;
        const index = this.indexes[pack];
        const reader = this.reader(pack);
        const hits = [];
        const hitPositions = [];
        const deferred = [];
        const warnings = [];
        const warningPositions = [];
        const stats = (0,object_reader/* emptyScanStats */.k0)();
        const earlier = this.indexes.slice(0, pack);
        let current = 0;
        const onWarning = (message) => {
            warnings.push(message);
            warningPositions.push(current);
        };
        // Made once, not per object (each object read would leave three closures behind).
        const onHit = (hit) => {
            hits.push(hit);
            hitPositions.push(current);
        };
        const options = { onWarning };
        const idAt = (at) => index.idAt(at);
        const sink = {
            object: (position, type, bytes) => {
                current = position;
                if (type === 'blob') {
                    stats.blobsScanned++;
                    stats.bytesScanned += bytes.length;
                }
                // The id is made only for what is kept: a hit, or a decoder's complaint.
                (0,object_reader/* scanObjectBytes */.mt)(position, type, bytes, stats, onHit, options, idAt);
            },
            defer: (position) => deferred.push(index.idAt(position)),
            ...(earlier.length && {
                seen: (position) => {
                    const id = index.idAt(position);
                    return earlier.some((other) => other.has(id));
                },
            }),
        };
        let objects = to - from;
        if (segment.families)
            objects = reader.readFamilies(from, to, sink);
        else
            reader.readPositions(from, to, sink);
        return {
            hits,
            hitPositions,
            deferred,
            warnings,
            warningPositions,
            counts: stats,
            objects,
        };
    }
    close() {
        for (const reader of this.readers.values())
            reader.close();
    }
}
function readIndexes(layout) {
    return layout.packs.map((files) => PackIndex.read(files.idx, layout.hashBytes, files.size));
}
/** A Buffer that crossed postMessage arrives as a plain Uint8Array. */
function revived(hit) {
    if (!hit.head || Buffer.isBuffer(hit.head))
        return hit;
    const head = hit.head;
    return { ...hit, head: Buffer.from(head.buffer, head.byteOffset, head.byteLength) };
}
/**
 * Reads the store described by `layout`: every blob, and every commit and
 * tag (keys pasted into messages). Throws PackFormatError (or a file system
 * error) when a pack cannot be read; the caller then lets git read
 * everything instead.
 */
async function readPacks(repo, layout, options = {}, parallel = true) {
    // Started first: it loads while this thread reads the indexes.
    const packBytes = layout.packs.reduce((sum, files) => sum + files.size, 0);
    const objects = layout.packs.reduce((sum, files) => sum + files.objects, 0);
    const split = splitOf(objects, packBytes);
    const helper = parallel && split.worker ? new parallel_read/* ScanHelper */.MB() : null;
    const worker = helper?.worker ?? null;
    let indexes;
    let reader;
    let segments;
    try {
        indexes = readIndexes(layout);
        reader = new SegmentReader(layout, indexes);
        // Families are found while a worker starts; it finds the same ones itself.
        segments =
            split.by === 'families'
                ? familySegmentsOf(indexes.map((_, pack) => reader.reader(pack).families()))
                : segmentsOf(indexes);
    }
    catch (error) {
        helper?.stop();
        throw error;
    }
    const claims = new Int32Array(new SharedArrayBuffer(4 * segments.length));
    const totalObjects = indexes.reduce((sum, index) => sum + index.count, 0) + layout.loose.length;
    const inPacks = (id) => indexes.some((index) => index.has(id));
    // Returned once the read is complete (a failed read falls back to git with
    // nothing reported twice), in pack order whichever thread read them.
    const packHits = [];
    const packWarnings = [];
    const gitHits = [];
    const warnings = [];
    // Loose objects, and those too large to hold whole, are read by git alongside.
    const viaGit = new object_reader/* ObjectQueue */.nh(repo, (hit) => gitHits.push(hit), {
        ...options,
        // Commits and tags too, as the packs' reader always reads them (keys pasted into messages).
        messages: true,
        onProgress: undefined,
        onWarning: (message) => warnings.push(message),
    });
    const stats = (0,object_reader/* emptyScanStats */.k0)();
    let objectsDone = 0;
    const returned = new Set();
    let workerFailure = null;
    let workerGone = false;
    let wake = () => undefined;
    const taken = new Set();
    const take = (done) => {
        // A segment read twice (its worker exited as it returned it) counts once.
        if (taken.has(done.segment))
            return;
        taken.add(done.segment);
        const { pack } = segments[done.segment];
        done.hits.forEach((hit, at) => packHits.push({ pack, position: done.hitPositions[at], item: revived(hit) }));
        done.warnings.forEach((message, at) => packWarnings.push({ pack, position: done.warningPositions[at], item: message }));
        for (const id of done.deferred)
            viaGit.add(id);
        (0,object_reader/* addScanCounts */.DB)(stats, done.counts);
        objectsDone += done.objects;
        options.onProgress?.(objectsDone, totalObjects);
    };
    if (worker) {
        worker.on('message', (message) => {
            if (message.failed !== undefined)
                workerFailure = message.cycle
                    ? new format/* PackCycleError */.UN(message.failed)
                    : new format/* PackFormatError */.bq(message.failed);
            else if (message.segment !== undefined) {
                returned.add(message.segment);
                take(message);
            }
            wake();
        });
        const gone = () => {
            workerGone = true;
            wake();
        };
        worker.once('error', gone);
        worker.once('exit', gone);
        worker.postMessage({
            kind: 'packs',
            layout,
            segments,
            claims: claims.buffer,
        });
    }
    try {
        for (const id of layout.loose)
            if (!inPacks(id))
                viaGit.add(id);
        for (let at = claimNext(claims, -1, MAIN); at !== -1; at = claimNext(claims, at, MAIN)) {
            take({ ...reader.read(segments[at]), segment: at });
            // Lets git log's output, the worker's results and progress in between segments.
            await new Promise((resolve) => setImmediate(resolve));
            if (workerFailure !== null)
                throw workerFailure;
        }
        const byWorker = () => segments.map((_, at) => at).filter((at) => claims[at] === WORKER && !returned.has(at));
        while (worker && !workerGone && workerFailure === null && byWorker().length) {
            await new Promise((resolve) => {
                wake = resolve;
            });
        }
        if (workerFailure !== null)
            throw workerFailure;
        // A worker that died leaves its unfinished segments to this thread: nothing is skipped.
        for (const at of byWorker())
            take({ ...reader.read(segments[at]), segment: at });
    }
    catch (error) {
        // Git's reader is waiting for more ids: end its input so that it exits.
        void viaGit.finish().catch(() => undefined);
        throw error;
    }
    finally {
        helper?.stop();
        reader.close();
    }
    (0,object_reader/* addScanCounts */.DB)(stats, await viaGit.finish());
    options.onProgress?.(totalObjects, totalObjects);
    const loose = new Set(layout.loose);
    const hits = [...inPackOrder(packHits), ...gitHits];
    return {
        stats,
        hits,
        warnings: [...inPackOrder(packWarnings), ...warnings],
        has: (id) => loose.has(id) || inPacks(id),
    };
}
/** The items in pack order, then position order (stable: one object's stay as they came). */
function inPackOrder(items) {
    return items
        .sort((a, b) => a.pack - b.pack || a.position - b.position)
        .map((positioned) => positioned.item);
}
/** The worker's side: reads segments until none is left, returning each as it is read. */
function servePackJob(job) {
    const claims = new Int32Array(job.claims);
    let reader = null;
    try {
        reader = new SegmentReader(job.layout, readIndexes(job.layout));
        for (let at = claimNext(claims, -1, WORKER); at !== -1; at = claimNext(claims, at, WORKER)) {
            external_node_worker_threads_.parentPort?.postMessage({ ...reader.read(job.segments[at]), segment: at });
        }
    }
    catch (error) {
        external_node_worker_threads_.parentPort?.postMessage({
            failed: error.message,
            cycle: error instanceof format/* PackCycleError */.UN,
        });
    }
    finally {
        reader?.close();
    }
}


/***/ }),

/***/ 7435:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bj: () => (/* binding */ WHOLE_FILE_LIMIT),
/* harmony export */   ST: () => (/* binding */ isGone),
/* harmony export */   WN: () => (/* binding */ scanFile),
/* harmony export */   YG: () => (/* binding */ skipReason),
/* harmony export */   oF: () => (/* binding */ readListed),
/* harmony export */   qg: () => (/* binding */ FileReader)
/* harmony export */ });
/* unused harmony export entryKind */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var _detector_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5241);
/* harmony import */ var _lfs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4584);
/**
 * Reading one file of a tree scan: opened without following a link, read
 * whole into a reused buffer (or streamed when large) and scanned. Shared by
 * the scan's own thread and its worker (parallel-read.ts).
 */



/** Files larger than this are streamed in chunks (scanned in clear only) instead of read whole. */
const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;
/** Chunk size for streamed files, and the reused read buffer's initial size. */
const CHUNK_BYTES = 1024 * 1024;
/**
 * The entry's type was looked up before it is opened: should it have been
 * swapped since, never follow a link and never block on a FIFO.
 */
const OPEN_FLAGS = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0) | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0);
/** What a non-regular entry is, for the warning that it was skipped. */
function entryKind(info) {
    if (info.isDirectory())
        return 'a directory';
    if (info.isFIFO())
        return 'a FIFO';
    if (info.isSocket())
        return 'a socket';
    if (info.isBlockDevice() || info.isCharacterDevice())
        return 'a device';
    return 'not a file';
}
/**
 * Reads files one after another into one reused buffer, with synchronous
 * calls: on a warm page cache that is about twice as fast as overlapping
 * asynchronous reads, whose thread-pool round trips (open, stat, read,
 * close for each file) cost more than the copying itself.
 */
class FileReader {
    buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    /**
     * The key blocks of a regular file, how many bytes it had and whether it is
     * an LFS pointer; or, for anything else (a FIFO, a directory, a device),
     * what it is, never read. A link is refused by the open itself (ELOOP).
     */
    scan(full, onWarning) {
        const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(full, OPEN_FLAGS);
        try {
            // Most files are small: a read tells their length without an fstat (a tenth of a scan's
            // time went to fstat and the Stats object it builds). Anything odd is looked at with fstat.
            const first = this.firstRead(fd);
            if (first === null || first === 0 || first === this.buffer.length)
                return this.sized(fd, first, onWarning);
            // A regular file returns all it has to one read; the next read returns 0 at its end.
            const length = this.fillOrNull(fd, first);
            if (length === null || length === this.buffer.length)
                return this.sized(fd, length, onWarning);
            // Most files hold no marker: one search over the bytes, nothing decoded.
            const bytes = this.buffer.subarray(0, length);
            return { blocks: (0,_detector_js__WEBPACK_IMPORTED_MODULE_1__/* .findKeyBlocks */ .JF)(bytes, onWarning), bytes: length, lfs: (0,_lfs_js__WEBPACK_IMPORTED_MODULE_2__/* .isLfsPointer */ .N)(bytes) };
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        }
    }
    /** The first read's length, or null when reading fails (a directory, a FIFO with a writer, a tty). */
    firstRead(fd) {
        try {
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, this.buffer, 0, this.buffer.length, null);
        }
        catch {
            return null;
        }
    }
    /** The buffer filled on from `from`, or null when a read fails (a FIFO whose writer waits). */
    fillOrNull(fd, from) {
        try {
            return this.fill(fd, from, this.buffer.length);
        }
        catch {
            return null;
        }
    }
    /**
     * A file that read nothing, failed to read or filled the buffer, with `held`
     * bytes of it in the buffer: fstat says what it is and how long. Empty
     * files, FIFOs and devices read nothing or fail; large files fill the buffer.
     */
    sized(fd, held, onWarning) {
        const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!info.isFile())
            return { other: info };
        if (held === null)
            held = this.fill(fd, 0, Math.min(this.buffer.length, info.size + 1));
        if (info.size > WHOLE_FILE_LIMIT || held > info.size)
            return this.stream(fd, held);
        // One byte more than its size, so that a file that is still growing is noticed.
        if (this.buffer.length < info.size + 1)
            this.grow(info.size + 1, held);
        const length = held === info.size ? held : this.fill(fd, held, info.size + 1);
        if (length > info.size)
            return this.stream(fd, length);
        const bytes = this.buffer.subarray(0, length);
        return { blocks: (0,_detector_js__WEBPACK_IMPORTED_MODULE_1__/* .findKeyBlocks */ .JF)(bytes, onWarning), bytes: length, lfs: (0,_lfs_js__WEBPACK_IMPORTED_MODULE_2__/* .isLfsPointer */ .N)(bytes) };
    }
    /** A larger buffer that keeps the first `keep` bytes. */
    grow(want, keep) {
        const size = Math.max(want, Math.min(2 * this.buffer.length, WHOLE_FILE_LIMIT + 1));
        const larger = Buffer.allocUnsafe(size);
        this.buffer.copy(larger, 0, 0, keep);
        this.buffer = larger;
    }
    /** Reads into the buffer from `from` until `to` or the end of the file; the new length. */
    fill(fd, from, to) {
        let length = from;
        while (length < to) {
            const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, this.buffer, length, to - length, null);
            if (read === 0)
                break;
            length += read;
        }
        return length;
    }
    /**
     * Scans the `held` bytes in the buffer, then the rest of the file in
     * chunks: bounded memory for a file of any size.
     */
    stream(fd, held) {
        const scanner = new _detector_js__WEBPACK_IMPORTED_MODULE_1__/* .KeyBlockScanner */ .zH();
        let bytes = 0;
        // The scanner copies what it keeps, so the buffer is free again once feed returns.
        for (let length = held; length; length = this.fill(fd, 0, CHUNK_BYTES)) {
            scanner.feed(this.buffer.subarray(0, length));
            bytes += length;
        }
        return { blocks: scanner.end(), bytes };
    }
}
/** Why a listed entry was not read, or null when it is read (or silently left alone). */
function skipReason(file, info) {
    // Links are not followed: their target is someone else's content.
    if (info.isSymbolicLink())
        return null;
    // A checked-out (or empty, uninitialised) submodule is another repository.
    if (file.gitlink && info.isDirectory())
        return null;
    return `not a regular file (${entryKind(info)})`;
}
/** Open's codes for a path that is not there (any more): nothing to read, no error. */
function isGone(code) {
    // ENOTDIR: a directory on the way is a file now, so the path is gone as with ENOENT.
    return code === 'ENOENT' || code === 'ENOTDIR';
}
/**
 * Reads and scans one listed file; what cannot be read becomes a warning
 * (or nothing, when it is gone or a link), and is marked `unreadable`
 * unless it is no file at all.
 */
function readListed(reader, file) {
    const warnings = [];
    const { path } = file;
    try {
        const read = reader.scan(file.full, (message) => warnings.push(`${path}: ${message}`));
        if ('other' in read) {
            const reason = skipReason(file, read.other);
            if (reason)
                warnings.push(`skipped ${path}: ${reason}`);
            return { warnings };
        }
        return { warnings, read };
    }
    catch (error) {
        const code = error.code;
        // Deleted since the index listed it, or a link (O_NOFOLLOW): nothing to read.
        if (isGone(code) || code === 'ELOOP')
            return { warnings };
        // A socket cannot be opened at all: say what it is (skipped, as a FIFO is).
        const info = code === 'ENXIO' ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(file.full, { throwIfNoEntry: false }) : undefined;
        if (info && !info.isFile()) {
            const reason = skipReason(file, info);
            if (reason)
                warnings.push(`skipped ${path}: ${reason}`);
            return { warnings };
        }
        // There and not readable: the scan cannot say what it holds.
        warnings.push(`skipped ${path}: ${code ?? error.message}`);
        return { warnings, unreadable: true };
    }
}
/**
 * Scans one file named on the command line. The name is the user's choice:
 * a link is followed here (never inside a scanned directory).
 */
function scanFile(full, onWarning) {
    const read = new FileReader().scan(full, onWarning);
    // The caller checked that it is a file; should it have changed since, it is not read.
    if ('other' in read)
        throw new Error(`not a regular file (${entryKind(read.other)})`);
    return { blocks: read.blocks, bytes: read.bytes, lfs: read.lfs ?? false };
}


/***/ }),

/***/ 6620:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $O: () => (/* binding */ MIN_PARALLEL_FILES),
/* harmony export */   MB: () => (/* binding */ ScanHelper),
/* harmony export */   lo: () => (/* binding */ serveFileJob),
/* harmony export */   yw: () => (/* binding */ readAll)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5919);
/* harmony import */ var _parallel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3064);
/* harmony import */ var _file_read_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7435);
/**
 * Reads a tree scan's files on two cores: this thread and a scan worker
 * (../parallel.ts) take batches of files from one shared counter, so neither
 * waits for the other and a worker that is slow to start simply takes fewer.
 * Each thread reads with synchronous calls, as one thread did alone.
 */



/** Files a thread takes at a time: small, so that both finish at about the same time. */
const BATCH = 32;
/**
 * Fewer files are read here alone: a worker is ready to read after about
 * 70 ms, by when this thread has read some 3,000 files.
 */
const MIN_PARALLEL_FILES = 4096;
/** Separates names in a job's strings: no path holds a NUL. */
const NUL = '\0';
/** The outcome of a plain file with nothing in it: most outcomes, sent as a number. */
function isPlain(outcome) {
    const read = outcome.read;
    return (!outcome.warnings.length &&
        !outcome.unreadable &&
        read !== undefined &&
        !read.blocks.length &&
        read.lfs === false);
}
function plain(bytes) {
    return { warnings: [], read: { blocks: [], bytes, lfs: false } };
}
function readBatch(reader, files, batch) {
    const outcomes = [];
    const end = Math.min(files.length, (batch + 1) * BATCH);
    for (let index = batch * BATCH; index < end; index++)
        outcomes.push((0,_file_read_js__WEBPACK_IMPORTED_MODULE_2__/* .readListed */ .oF)(reader, files[index]));
    return outcomes;
}
let jobs = 0;
/**
 * A scan worker for one or more reads; `stop` it when done. Start it early:
 * it takes some 70 ms to load, which the listing of the files can hide.
 */
class ScanHelper {
    worker = (0,_parallel_js__WEBPACK_IMPORTED_MODULE_1__/* .startScanWorker */ .q0)();
    /** Resolves true once the worker can take files, false when there is none or it failed. */
    ready;
    /** Set once the worker failed or exited: no more jobs are sent to it. */
    gone = false;
    constructor() {
        const worker = this.worker;
        this.ready = worker
            ? new Promise((resolve) => {
                const onReady = (message) => {
                    if (message.batch !== undefined)
                        return;
                    worker.off('message', onReady);
                    resolve(true);
                };
                worker.on('message', onReady);
                const onGone = () => {
                    this.gone = true;
                    resolve(false);
                };
                worker.once('error', onGone);
                worker.once('exit', onGone);
            })
            : Promise.resolve(false);
    }
    /** The worker, while it can still take a job. */
    get usable() {
        return this.gone ? null : this.worker;
    }
    stop() {
        this.gone = true;
        void this.worker?.terminate();
    }
}
/** The job for `files`: names joined where they can be, the rest whole. */
function jobOf(files, next) {
    const fulls = [];
    const paths = [];
    const odd = [];
    files.forEach((file, index) => {
        if (typeof file.full === 'string' && !file.gitlink) {
            fulls.push(file.full);
            paths.push(file.path);
        }
        else {
            fulls.push('');
            paths.push('');
            odd.push([index, file]);
        }
    });
    jobs++;
    return {
        kind: 'files',
        job: jobs,
        count: files.length,
        fulls: fulls.join(NUL),
        paths: paths.join(NUL),
        odd,
        next,
    };
}
/**
 * The outcome of reading each file, in the order given. Whatever the worker
 * took and did not return (it failed or exited) is read here: nothing is
 * lost to a failed thread. A helper passed in is left running (its owner
 * stops it); one started here, for many files, is stopped before returning.
 */
async function readAll(files, onProgress, given) {
    const helper = given === undefined ? (files.length >= MIN_PARALLEL_FILES ? new ScanHelper() : null) : given;
    const outcomes = new Array(files.length);
    const batches = Math.ceil(files.length / BATCH);
    const next = new Int32Array(new SharedArrayBuffer(4));
    const worker = helper?.usable ?? null;
    const returned = new Set();
    let workerFiles = 0;
    let onBatch = () => undefined;
    let stopped = false;
    const stop = () => {
        stopped = true;
        onBatch();
    };
    const job = worker ? jobOf(files, next.buffer) : null;
    const onMessage = (message) => {
        if (message.job !== job?.job || message.batch === undefined || !message.bytes)
            return;
        const batch = message.batch;
        const odd = new Map(message.odd);
        message.bytes.forEach((bytes, at) => {
            outcomes[batch * BATCH + at] = bytes < 0 ? odd.get(at) : plain(bytes);
        });
        workerFiles += message.bytes.length;
        returned.add(batch);
        onBatch();
    };
    if (worker && job) {
        worker.on('message', onMessage);
        worker.once('error', stop);
        worker.once('exit', stop);
        worker.postMessage(job);
    }
    const reader = new _file_read_js__WEBPACK_IMPORTED_MODULE_2__/* .FileReader */ .qg();
    try {
        let mine = 0;
        for (let batch = Atomics.add(next, 0, 1); batch < batches; batch = Atomics.add(next, 0, 1)) {
            readBatch(reader, files, batch).forEach((outcome, at) => {
                outcomes[batch * BATCH + at] = outcome;
            });
            mine++;
            onProgress?.(Math.min(files.length, (mine + returned.size) * BATCH));
        }
        // Every batch is taken: wait only for those the worker took and has not returned yet.
        while (worker && !stopped && returned.size < batches - mine) {
            await new Promise((resolve) => {
                onBatch = resolve;
            });
        }
    }
    finally {
        worker?.off('message', onMessage);
        worker?.off('error', stop);
        worker?.off('exit', stop);
        if (given === undefined)
            helper?.stop();
    }
    for (let index = 0; index < files.length; index++)
        outcomes[index] ??= (0,_file_read_js__WEBPACK_IMPORTED_MODULE_2__/* .readListed */ .oF)(reader, files[index]);
    return { outcomes: outcomes, workerFiles };
}
/** A path that came through postMessage: a Buffer arrives as a plain Uint8Array. */
function openable(file) {
    if (typeof file.full === 'string' || Buffer.isBuffer(file.full))
        return file;
    const bytes = file.full;
    return { ...file, full: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
/** The files of a job, as they were before it was sent. */
function filesOf(job) {
    const fulls = job.fulls.split(NUL);
    const paths = job.paths.split(NUL);
    const files = [];
    for (let index = 0; index < job.count; index++)
        files.push({ full: fulls[index], path: paths[index], gitlink: false });
    for (const [index, file] of job.odd)
        files[index] = openable(file);
    return files;
}
/** The worker's side of a tree read: takes batches until none is left, returning each as it is read. */
function serveFileJob(job) {
    const next = new Int32Array(job.next);
    const files = filesOf(job);
    const batches = Math.ceil(files.length / BATCH);
    const reader = new _file_read_js__WEBPACK_IMPORTED_MODULE_2__/* .FileReader */ .qg();
    for (let batch = Atomics.add(next, 0, 1); batch < batches; batch = Atomics.add(next, 0, 1)) {
        const odd = [];
        const bytes = readBatch(reader, files, batch).map((outcome, at) => {
            if (isPlain(outcome))
                return outcome.read?.bytes ?? 0;
            odd.push([at, outcome]);
            return -1;
        });
        node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.parentPort?.postMessage({ job: job.job, batch, bytes, odd });
    }
}


/***/ })

};
