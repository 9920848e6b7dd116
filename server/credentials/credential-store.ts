import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../api-keys/api-key.enums';
import { Database } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { Credential } from './credential';

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
}

/** One statement with joins: everything verify and the token endpoint need about a secret. */
const CREDENTIAL_SQL = `SELECT s.id AS secret_id, s.status AS secret_status, s.expires_at AS secret_expires_at,
  k.id AS key_id, k.organization_id, k.application_id, k.environment, k.kind, k.status, k.scopes, k.expires_at,
  k.webhook_url, k.destination, k.metadata, a.is_enabled AS application_enabled, o.policy_token_ttl_seconds AS token_ttl_seconds
FROM api_key_secrets s
JOIN api_keys k ON k.id = s.api_key_id
JOIN applications a ON a.id = k.application_id
JOIN organizations o ON o.id = k.organization_id
WHERE s.secret_hash = ?`;

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

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function credentialFromRow(row: CredentialRow): Credential {
  const scopes = Object.freeze(parseJson<string[]>(row.scopes, []));
  return Object.freeze({
    keyId: row.key_id,
    applicationId: row.application_id,
    organizationId: row.organization_id,
    environment: row.environment as Environment,
    kind: row.kind as ApiKeyKind,
    storedStatus: row.status as ApiKeyStatus,
    expiresAt: toDate(row.expires_at),
    scopes,
    scopeSet: new Set(scopes),
    destination: row.destination,
    webhookUrl: row.webhook_url,
    metadata: parseJson<Record<string, unknown> | null>(row.metadata, null),
    secret: Object.freeze({ id: row.secret_id, storedStatus: row.secret_status as ApiKeySecretStatus, expiresAt: toDate(row.secret_expires_at) }),
    applicationEnabled: row.application_enabled === true || Number(row.application_enabled) === 1,
    tokenTtlSeconds: Number(row.token_ttl_seconds),
  });
}

/** Reads credentials by secret hash, bypassing entity hydration (this is the verify miss path). */
export class CredentialStore {
  constructor(private readonly db: Database) {}

  async findBySecretHash(secretHash: string): Promise<Credential | null> {
    let rows: CredentialRow[];
    try {
      rows = (await this.db.dataSource.query(CREDENTIAL_SQL, [secretHash])) as CredentialRow[];
    } catch (error) {
      throw Object.assign(new DomainError(ErrorCode.UNAVAILABLE, 'The key store is unavailable; retry shortly'), { cause: error });
    }
    const row = rows[0];
    return row ? credentialFromRow(row) : null;
  }
}
