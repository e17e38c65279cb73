/**
 * The GitHub Actions OIDC token service, emulated: the runtime's
 * `ACTIONS_ID_TOKEN_REQUEST_URL` (bearer `ACTIONS_ID_TOKEN_REQUEST_TOKEN`,
 * `&audience=…` appended by @actions/core) answers `{"value": "<JWT>"}`;
 * `/.well-known/openid-configuration` and `/.well-known/jwks` publish the keys.
 * Tokens carry the real issuer `https://token.actions.githubusercontent.com`
 * so trust policies read as they would on AWS.
 */
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { createServer } from 'node:http';
import type { FaultKind, Faults, RequestLog } from './core/faults.js';
import { closeServer, listen } from './core/server.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface OidcOptions {
  /** `owner/repo` (default `octo-org/octo-repo`). */
  repository?: string;
  /** Default `refs/heads/main`. */
  ref?: string;
  /** The `sub` claim (default `repo:<repository>:ref:<ref>`). */
  subject?: string;
  /** Token lifetime (GitHub: 300 s after iat; nbf 600 s before). */
  ttlSeconds?: number;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
  /** The bearer token the runtime expects (default random). */
  requestToken?: string;
}

export interface MintOptions {
  audience?: string;
  subject?: string;
  claims?: Record<string, unknown>;
  /** Seconds from now until exp (negative: already expired). */
  expiresInSeconds?: number;
  /** Sign with a key the provider does not publish. */
  foreignKey?: boolean;
  issuer?: string;
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JsonWebKey & { kid: string; alg: string; use: string };
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha1').update(String(jwk.n)).digest('hex').toUpperCase();
  return { kid, privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export class OidcProvider {
  readonly issuer = GITHUB_ISSUER;
  readonly requestToken: string;
  readonly repository: string;
  readonly ref: string;
  readonly subject: string;
  readonly ttlSeconds: number;
  private readonly claims: Record<string, unknown>;
  private readonly keys: SigningKey[] = [newKey()];
  private foreign: SigningKey | undefined;
  /** Every token minted, newest last. */
  readonly issued: { audience: string; subject: string; token: string }[] = [];

  constructor(
    options: OidcOptions = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repository = options.repository ?? 'octo-org/octo-repo';
    this.ref = options.ref ?? 'refs/heads/main';
    this.subject = options.subject ?? `repo:${this.repository}:ref:${this.ref}`;
    this.ttlSeconds = options.ttlSeconds ?? 300;
    this.claims = options.claims ?? {};
    this.requestToken = options.requestToken ?? randomBytes(24).toString('hex');
  }

  private signingKey(): SigningKey {
    const [current] = this.keys;
    if (!current) throw new Error('OIDC provider has no signing key');
    return current;
  }

  /** The published key set (JWKS). */
  jwks(): { keys: SigningKey['jwk'][] } {
    return { keys: this.keys.map((key) => key.jwk) };
  }

  /** A published public key by `kid`. */
  publicJwk(kid: string): SigningKey['jwk'] | undefined {
    return this.keys.find((key) => key.kid === kid)?.jwk;
  }

  /** Starts signing with a new key; the old one stays published. */
  rotateKey(): void {
    this.keys.unshift(newKey());
  }

  /** The audience GitHub uses when none is asked for: the owner's URL. */
  get defaultAudience(): string {
    return `https://github.com/${this.repository.split('/')[0]}`;
  }

  mintToken(options: MintOptions = {}): string {
    const key = options.foreignKey ? (this.foreign ??= newKey()) : this.signingKey();
    const iat = Math.floor(this.now().getTime() / 1000);
    const [owner] = this.repository.split('/');
    const audience = options.audience ?? this.defaultAudience;
    const subject = options.subject ?? this.subject;
    const payload = {
      jti: randomUUID(),
      sub: subject,
      aud: audience,
      ref: this.ref,
      sha: randomBytes(20).toString('hex'),
      repository: this.repository,
      repository_owner: owner,
      repository_owner_id: '123456',
      run_id: '1234567890',
      run_number: '42',
      run_attempt: '1',
      repository_visibility: 'private',
      repository_id: '654321',
      actor_id: '111',
      actor: 'octocat',
      workflow: 'rotate',
      head_ref: '',
      base_ref: '',
      event_name: 'workflow_dispatch',
      ref_protected: 'true',
      ref_type: 'branch',
      workflow_ref: `${this.repository}/.github/workflows/rotate.yml@${this.ref}`,
      job_workflow_ref: `${this.repository}/.github/workflows/rotate.yml@${this.ref}`,
      runner_environment: 'github-hosted',
      iss: options.issuer ?? this.issuer,
      nbf: iat - 600,
      exp: iat + (options.expiresInSeconds ?? this.ttlSeconds),
      iat,
      ...this.claims,
      ...options.claims,
    };
    const header = { typ: 'JWT', alg: 'RS256', x5t: key.kid.slice(0, 27), kid: key.kid };
    const data = `${b64url(header)}.${b64url(payload)}`;
    const signature = sign('RSA-SHA256', Buffer.from(data), key.privateKey).toString('base64url');
    const token = `${data}.${signature}`;
    this.issued.push({ audience, subject, token });
    return token;
  }
}

export interface OidcServer {
  url: string;
  /** The value for ACTIONS_ID_TOKEN_REQUEST_URL (already carries `?api-version=2.0`). */
  requestUrl: string;
  close(): Promise<void>;
}

function faultStatus(kind: Exclude<FaultKind, 'reset'>): [number, string] {
  if (typeof kind === 'object') return [kind.status ?? 500, kind.message ?? kind.code];
  if (kind === 'throttle') return [429, 'Too Many Requests'];
  if (kind === 'unavailable') return [503, 'Service Unavailable'];
  return [500, 'Internal Server Error'];
}

export async function startOidcServer(
  provider: OidcProvider,
  faults: Faults,
  log: RequestLog,
): Promise<OidcServer> {
  const plan = randomUUID();
  const job = randomUUID();
  const tokenPath = `/_apis/distributedtask/hubs/build/plans/${plan}/jobs/${job}/idtoken`;
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      const started = Date.now();
      const url = new URL(req.url ?? '/', 'http://emulator');
      const operation =
        url.pathname === tokenPath
          ? 'GetIDToken'
          : url.pathname === '/.well-known/openid-configuration'
            ? 'Discovery'
            : url.pathname === '/.well-known/jwks'
              ? 'Jwks'
              : 'Unknown';
      const params = Object.fromEntries(url.searchParams);
      const send = (status: number, body: unknown, injected = false): void => {
        log.record({
          at: new Date(started),
          service: 'oidc',
          operation,
          params,
          status,
          injected,
          durationMs: Date.now() - started,
          error: status >= 400 ? String(status) : undefined,
        });
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(text)),
        });
        res.end(text);
      };
      const fault = faults.take('oidc', operation, params);
      if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault.error === 'reset') {
        log.record({
          at: new Date(started),
          service: 'oidc',
          operation,
          params,
          status: 0,
          injected: true,
          error: 'ECONNRESET',
          durationMs: Date.now() - started,
        });
        req.socket.destroy();
        return;
      }
      if (fault.error) {
        const [status, message] = faultStatus(fault.error);
        send(status, { message }, true);
        return;
      }
      if (req.method !== 'GET') return send(405, { message: 'Method Not Allowed' });
      switch (operation) {
        case 'GetIDToken': {
          if (req.headers.authorization !== `Bearer ${provider.requestToken}`)
            return send(401, { message: 'Unauthorized' });
          const audience = url.searchParams.get('audience') ?? undefined;
          return send(200, { value: provider.mintToken({ audience }), count: 1 });
        }
        case 'Discovery':
          return send(200, {
            issuer: provider.issuer,
            jwks_uri: `${base}/.well-known/jwks`,
            subject_types_supported: ['public', 'pairwise'],
            response_types_supported: ['id_token'],
            claims_supported: [
              'sub',
              'aud',
              'exp',
              'iat',
              'iss',
              'jti',
              'nbf',
              'ref',
              'repository',
              'repository_id',
              'repository_owner',
              'run_id',
              'actor',
              'workflow',
              'event_name',
              'ref_type',
              'job_workflow_ref',
            ],
            id_token_signing_alg_values_supported: ['RS256'],
            scopes_supported: ['openid'],
          });
        case 'Jwks':
          return send(200, provider.jwks());
        default:
          return send(404, { message: 'Not Found' });
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  base = await listen(server);
  return {
    url: base,
    requestUrl: `${base}${tokenPath}?api-version=2.0`,
    close: () => closeServer(server),
  };
}
