import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../api-keys/api-key.enums';
import { Database } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { Credential } from './credential';
import { BlockList } from 'node:net';
import type { Usage } from '../usage/governor';
import type { Metered } from '../usage/credit-ledger';
import type { LimitCheck } from '../usage/rate-limiter';
import { compileAllowlist } from '../shared/ip-ranges';
import { CreditRefillInterval, RateLimitSpec } from '../usage/usage.constants';

interface CredentialRow {
  secret_id: string;
  secret_status: string;
  secret_expires_at: string | Date | null;
  key_id: string;
  organization_id: string;
  application_id: string;
  environment: string;
  kind: string;
  status: string;
  scopes: string;
  expires_at: string | Date | null;
  webhook_url: string | null;
  destination: string | null;
  metadata: string | null;
  application_enabled: number | boolean | string;
  token_ttl_seconds: number | string;
  rate_limits?: string | null;
  allowed_ips?: string | null;
  credits?: number | string | null;
  credit_epoch?: number | string;
  credit_refill_amount?: number | string | null;
  credit_refill_interval?: string | null;
  credit_refill_day?: number | string | null;
  app_rate_limits?: string | null;
  app_allowed_ips?: string | null;
}

/** One statement with joins: everything verify and the token endpoint need about a secret. */
const CREDENTIAL_SELECT = `SELECT s.id AS secret_id, s.status AS secret_status, s.expires_at AS secret_expires_at,
  k.id AS key_id, k.organization_id, k.application_id, k.environment, k.kind, k.status, k.scopes, k.expires_at,
  k.webhook_url, k.destination, k.metadata, a.is_enabled AS application_enabled, o.policy_token_ttl_seconds AS token_ttl_seconds,
  k.rate_limits, k.allowed_ips, k.credits, k.credit_epoch, k.credit_refill_amount, k.credit_refill_interval, k.credit_refill_day,
  a.rate_limits AS app_rate_limits, a.allowed_ips AS app_allowed_ips
FROM api_key_secrets s
JOIN api_keys k ON k.id = s.api_key_id
JOIN applications a ON a.id = k.application_id
JOIN organizations o ON o.id = k.organization_id`;
const BY_HASH_SQL = `${CREDENTIAL_SELECT} WHERE s.secret_hash = ?`;
const BY_ID_SQL = `${CREDENTIAL_SELECT} WHERE s.id = ?`;

/** Datetimes come back as Date from MySQL and as UTC text from SQLite. */
export function toDate(value: string | Date | null): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(value.endsWith('Z') || value.includes('+') ? value : `${value.replace(' ', 'T')}Z`);
}

/** The text both dialects accept for a `datetime(3)` column, in UTC. */
export function toSqlDatetime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Stored JSON text, or `fallback` when it is empty or not JSON. */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Values many cached credentials share, kept once: the organization and application ids, the
 * enum strings, and each distinct scope list with its Set (most keys of a platform hold one of a
 * few scope lists). Bounded: a full pool starts over, which only costs sharing, never correctness.
 */
class Pool<T> {
  private readonly values = new Map<string, T>();
  constructor(private readonly max: number) {}

  get(text: string, make: (text: string) => T): T {
    let value = this.values.get(text);
    if (value === undefined) {
      if (this.values.size >= this.max) this.values.clear();
      value = make(text);
      this.values.set(text, value);
    }
    return value;
  }
}

const ids = new Pool<string>(200_000);
const words = new Pool<string>(1_000);
const scopeLists = new Pool<{ scopes: readonly string[]; scopeSet: ReadonlySet<string> }>(10_000);
const same = (text: string): string => text;

function scopesOf(text: string | null): { scopes: readonly string[]; scopeSet: ReadonlySet<string> } {
  return scopeLists.get(text ?? '', (json) => {
    const scopes = Object.freeze(parseJson<string[]>(json, []).map((scope) => words.get(scope, same)));
    return { scopes, scopeSet: new Set(scopes) };
  });
}

export function credentialFromRow(row: CredentialRow): Credential {
  const { scopes, scopeSet } = scopesOf(row.scopes);
  return Object.freeze({
    keyId: row.key_id,
    applicationId: ids.get(row.application_id, same),
    organizationId: ids.get(row.organization_id, same),
    environment: words.get(row.environment, same) as Environment,
    kind: words.get(row.kind, same) as ApiKeyKind,
    storedStatus: words.get(row.status, same) as ApiKeyStatus,
    expiresAt: toDate(row.expires_at),
    scopes,
    scopeSet,
    destination: row.destination,
    webhookUrl: row.webhook_url,
    metadata: parseJson<Record<string, unknown> | null>(row.metadata, null),
    secretId: row.secret_id,
    secretStatus: words.get(row.secret_status, same) as ApiKeySecretStatus,
    secretExpiresAt: toDate(row.secret_expires_at),
    applicationEnabled: row.application_enabled === true || Number(row.application_enabled) === 1,
    tokenTtlSeconds: Number(row.token_ttl_seconds),
    usage: usageOf(row),
  });
}

/** Compiles the usage settings once per load: allowlists become BlockLists, limits get their counters' owners. */
function usageOf(row: CredentialRow): Usage | null {
  const limits: LimitCheck[] = [
    ...parseJson<RateLimitSpec[] | null>(row.rate_limits ?? null, null)?.map((spec) => ({ owner: `key:${row.key_id}`, spec })) ?? [],
    ...parseJson<RateLimitSpec[] | null>(row.app_rate_limits ?? null, null)?.map((spec) => ({ owner: `app:${row.application_id}`, spec })) ?? [],
  ];
  const allowlists = [compileAllowlist(parseJson<string[] | null>(row.allowed_ips ?? null, null)), compileAllowlist(parseJson<string[] | null>(row.app_allowed_ips ?? null, null))].filter((list): list is BlockList => list !== null);
  const amount = row.credit_refill_amount == null ? null : Number(row.credit_refill_amount);
  const interval = (row.credit_refill_interval ?? null) as CreditRefillInterval | null;
  const metered: Metered | null =
    row.credits == null
      ? null
      : { keyId: row.key_id, creditEpoch: Number(row.credit_epoch ?? 0), creditRefill: amount !== null && interval !== null ? { amount, interval, dayOfMonth: row.credit_refill_day == null ? null : Number(row.credit_refill_day) } : null };
  if (limits.length === 0 && allowlists.length === 0 && metered === null) return null;
  return Object.freeze({ limits: Object.freeze(limits), allowlists: Object.freeze(allowlists), metered });
}

/** Reads credentials by secret hash, bypassing entity hydration (this is the verify miss path). */
export class CredentialStore {
  constructor(private readonly db: Database) {}

  /** The credential of a presented secret, by the secret's HMAC (the miss path). */
  findBySecretHash(secretHash: string): Promise<Credential | null> {
    return this.findOne(BY_HASH_SQL, secretHash);
  }

  /** The same credential again, by its secret's id (a cached entry's background re-read). */
  findBySecretId(secretId: string): Promise<Credential | null> {
    return this.findOne(BY_ID_SQL, secretId);
  }

  private async findOne(sql: string, parameter: string): Promise<Credential | null> {
    let rows: CredentialRow[];
    try {
      rows = (await this.db.reader.query(sql, [parameter])) as CredentialRow[];
    } catch (error) {
      throw Object.assign(new DomainError(ErrorCode.UNAVAILABLE, 'The key store is unavailable; retry shortly'), { cause: error });
    }
    const row = rows[0];
    return row ? credentialFromRow(row) : null;
  }
}
