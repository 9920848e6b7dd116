import { errors as joseErrors, JWTPayload, jwtVerify } from 'jose';
import { parseJson } from './credential-store';
import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_TYPE } from './jws';
import { ApiKeyKind, ApiKeyStatus } from '../api-keys/api-key.enums';
import { effectiveStatus } from '../api-keys/key-status';
import { Clock } from '../clock';
import { Config } from '../config';
import { Database, isUniqueViolation } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { Credential, VerifyCode } from './credential';
import { toDate, toSqlDatetime } from './credential-store';
import { narrowScopes } from './client-auth';
import { OAuthError } from './oauth-error';
import { SIGNING_ALGORITHM, SigningKeyService } from './signing-key.service';
import { Lookup, Verifier } from './verifier';

const PURGE_INTERVAL_MS = 60_000;

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
}

export interface AccessTokenClaims extends JWTPayload {
  readonly client_id: string;
  readonly scope: string;
  readonly org: string;
  readonly app: string;
  readonly env: string;
}

export type Introspection = ({ readonly active: true; readonly token_type: 'Bearer' } & AccessTokenClaims) | { readonly active: false };

/** Why a key whose secret was right cannot authenticate, e.g. "key is INACTIVE: awaiting KYB approval". */
export function unusableKeyReason({ credential, code }: Lookup): string {
  if (code === VerifyCode.INACTIVE && credential.environment === 'LIVE') return 'key is INACTIVE: awaiting KYB approval';
  return `key is ${code}`;
}

const INACTIVE: Introspection = Object.freeze({ active: false });

interface KeyStateRow {
  status: string;
  kind: string;
  expires_at: string | Date | null;
  is_enabled: number | boolean | string;
  scopes: string | null;
  revoked: number | string;
}

/** The key's scopes as stored (JSON text of a list of names). */
function storedScopes(value: string | null): ReadonlySet<string> {
  const parsed = parseJson<unknown>(value, []);
  return new Set(Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : []);
}

/**
 * The client credentials grant (RFC 6749 §4.4) over API keys, with RFC 9068 JWT access tokens,
 * plus introspection (RFC 7662) and revocation (RFC 7009) of those tokens.
 */
export class TokenService {
  private lastPurge = 0;

  constructor(
    private readonly db: Database,
    private readonly verifier: Verifier,
    private readonly signingKeys: SigningKeyService,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  /** The audience of every token: there is one resource, the payment platform behind the issuer. */
  get audience(): string {
    return this.config.issuer;
  }

  /**
   * Authenticates a client by its secret (and its id, when given) and answers the credential.
   * Revoked, expired, inactive, temporary keys and keys of disabled applications all read as
   * invalid_client, indistinguishable from a wrong secret.
   */
  authenticate(clientId: string | undefined, secret: string, basic: boolean, requestId?: string): Credential | Promise<Credential> {
    const check = (found: Lookup | null): Credential => {
      if (!found || (clientId !== undefined && found.credential.keyId !== clientId)) throw new OAuthError('invalid_client', 'Client authentication failed', basic);
      // The secret is right: its holder may learn why the key cannot be used (as verify tells).
      if (found.code !== VerifyCode.VALID) throw new OAuthError('invalid_client', unusableKeyReason(found), basic);
      return found.credential;
    };
    const found = this.verifier.lookup(secret, requestId);
    return found instanceof Promise ? found.then(check) : check(found);
  }

  /** Signs synchronously: a cached client gets its token without a promise in between. */
  issue(credential: Credential, requestedScopes: string[] | undefined): TokenResponse {
    const scopes = narrowScopes(requestedScopes, credential.scopes, credential.scopeSet);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const ttl = credential.tokenTtlSeconds;
    const scope = scopes.join(' ');
    // Every claim in one payload object: jose's claim setters each copy the payload.
    const claims = {
      iss: this.config.issuer,
      sub: credential.keyId,
      aud: this.audience,
      exp: now + ttl,
      iat: now,
      jti: randomUUID(),
      client_id: credential.keyId,
      scope,
      org: credential.organizationId,
      app: credential.applicationId,
      env: credential.environment,
    };
    const accessToken = this.signingKeys.current().accessTokens.sign(claims);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope };
  }

  /** RFC 7662: `{ active: false }` alone for anything not currently usable. */
  async introspect(token: string): Promise<Introspection> {
    const claims = await this.verifiedClaims(token);
    if (!claims) return INACTIVE;
    const rows = await this.query<KeyStateRow>(
      `SELECT k.status, k.kind, k.expires_at, k.scopes, a.is_enabled, (SELECT COUNT(*) FROM revoked_tokens r WHERE r.jti = ?) AS revoked
       FROM api_keys k JOIN applications a ON a.id = k.application_id WHERE k.id = ?`,
      [claims.jti, claims.client_id],
    );
    const row = rows[0];
    if (!row || Number(row.revoked) > 0) return INACTIVE;
    const enabled = row.is_enabled === true || Number(row.is_enabled) === 1;
    const status = effectiveStatus({ storedStatus: row.status as ApiKeyStatus, expiresAt: toDate(row.expires_at) }, this.clock.now());
    if (!enabled || status !== ApiKeyStatus.ACTIVE || row.kind !== ApiKeyKind.PERMANENT) return INACTIVE;
    // A token is only as good as the key's grants now: a scope taken away deactivates tokens that carry it.
    const granted = storedScopes(row.scopes);
    const carried = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (carried.some((scope) => scope !== '' && !granted.has(scope))) return INACTIVE;
    return { active: true, token_type: 'Bearer', ...claims };
  }

  /**
   * RFC 7009. `clientId` is the authenticated client, or null for a trusted service. A token that
   * is not ours, already expired or already revoked needs nothing done: the answer is the same.
   */
  async revoke(token: string, clientId: string | null): Promise<void> {
    const claims = await this.verifiedClaims(token);
    if (!claims) return;
    if (clientId !== null && claims.client_id !== clientId) throw new OAuthError('unauthorized_client', 'This token was not issued to the authenticated client');
    const now = this.clock.now();
    try {
      await this.db.write((manager) => manager.query('INSERT INTO revoked_tokens (jti, client_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)', [
        claims.jti,
        claims.client_id,
        toSqlDatetime(new Date((claims.exp ?? 0) * 1000)),
        toSqlDatetime(now),
      ]));
    } catch (error) {
      if (!isUniqueViolation(error)) throw new DomainError(ErrorCode.UNAVAILABLE, 'The token store is unavailable; retry shortly');
    }
    this.purgeExpired(now);
  }

  /** The claims of a token we signed, still within its lifetime; null otherwise. */
  private async verifiedClaims(token: string): Promise<AccessTokenClaims | null> {
    if (token.length > 8192) return null;
    try {
      const { payload } = await jwtVerify(token, this.signingKeys.verificationKeys(), {
        issuer: this.config.issuer,
        audience: this.audience,
        typ: ACCESS_TOKEN_TYPE,
        algorithms: [SIGNING_ALGORITHM],
        currentDate: this.clock.now(),
        requiredClaims: ['jti', 'exp', 'client_id'],
      });
      if (typeof payload.client_id !== 'string' || typeof payload.jti !== 'string' || payload.jti.length > 64) return null;
      return payload as AccessTokenClaims;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }

  private async query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    try {
      return (await this.db.reader.query(sql, parameters)) as T[];
    } catch (error) {
      throw Object.assign(new DomainError(ErrorCode.UNAVAILABLE, 'The key store is unavailable; retry shortly'), { cause: error });
    }
  }

  /** Revoked ids are only needed until their token expires; dropped at most once a minute. */
  private purgeExpired(now: Date): void {
    if (now.getTime() - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now.getTime();
    this.db.write((manager) => manager.query('DELETE FROM revoked_tokens WHERE expires_at < ?', [toSqlDatetime(now)])).catch(() => undefined);
  }
}
