/**
 * Bulk loader for scale measurements and the EXPLAIN test: applications, keys (one secret each)
 * and audit events in one organization, written with multi-row INSERTs straight into MySQL.
 * Rows look like the service's own: time-ordered ids, mixed statuses and environments, a rare
 * event type, events about a few subjects, spread over `days` days before `now`.
 */
import { randomBytes } from 'node:crypto';
import { checksum } from '../server/api-keys/key-format';

export type Query = (sql: string, params: unknown[]) => Promise<unknown>;

export interface ScaleSeed {
  readonly organizationId: string;
  readonly applications: number;
  readonly keys: number;
  readonly events: number;
  readonly now: Date;
  readonly days?: number;
  /** Rows per INSERT statement. */
  readonly chunk?: number;
  readonly onProgress?: (table: string, done: number) => void;
  /**
   * The service's secret hash (KeyRing.hashSecret of the server's KEYWARD_SECRET). With it, key i
   * gets the verifiable secret `scaleSecret(i)`; without it, a random hash nobody can present.
   */
  readonly hashSecret?: (secret: string) => string;
}

export interface Seeded {
  readonly applicationIds: string[];
  /** A key id from the middle of the list, and an event id from the middle of the log (cursors). */
  readonly middleKeyId: string;
  readonly middleEventId: string;
  /** A subject that has a few events, and the rare event type. */
  readonly subjectId: string;
  readonly rareType: string;
}

/**
 * The secret of bulk-loaded key i: the real format (prefix, 30 base62 characters, CRC32 checksum),
 * derived from i so that a load generator can present any key without a list of a million secrets.
 * Key i is ACTIVE without expiry when i % 100 < 85 (see the status mix below).
 */
export function scaleSecret(i: number): string {
  const body = `sk_${i % 3 === 0 ? 'live' : 'test'}_Scale${String(i).padStart(25, '0')}`;
  return body + checksum(body);
}

/** Whether bulk-loaded key i verifies as VALID. */
export const scaleKeyIsActive = (i: number): boolean => i % 100 < 85;

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
function idAt(prefix: string, ms: number): string {
  const bytes = randomBytes(16);
  let tail = '';
  for (const byte of bytes) tail += BASE36[byte % 36];
  return `${prefix}_${ms.toString(36).padStart(9, '0')}${tail}`;
}

const sqlTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function insertAll(query: Query, table: string, columns: string[], count: number, row: (i: number) => unknown[], chunk: number, onProgress?: (table: string, done: number) => void): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < count; start += chunk) {
    const size = Math.min(chunk, count - start);
    const params: unknown[] = [];
    for (let i = start; i < start + size; i += 1) params.push(...row(i));
    await query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: size }, () => tuple).join(', ')}`, params);
    onProgress?.(table, start + size);
  }
}

export async function seedScale(query: Query, seed: ScaleSeed): Promise<Seeded> {
  const chunk = seed.chunk ?? 1000;
  const now = seed.now.getTime();
  const span = (seed.days ?? 30) * 86_400_000;
  const org = seed.organizationId;
  const applicationIds = Array.from({ length: seed.applications }, (_, i) => idAt('app', now - span - 1000 + i));
  await insertAll(query, 'applications', ['id', 'organization_id', 'name', 'name_key', 'description', 'is_enabled', 'created_at', 'updated_at'], seed.applications, (i) => {
    const at = sqlTime(now - span - 1000 + i);
    return [applicationIds[i], org, `Scale app ${i}`, `scale app ${i}`, null, 1, at, at];
  }, chunk, seed.onProgress);

  const keyTime = (i: number): number => now - span + Math.floor((i * span) / Math.max(seed.keys, 1));
  let middleKeyId = '';
  const keyColumns = ['id', 'organization_id', 'application_id', 'name', 'description', 'environment', 'kind', 'status', 'scopes', 'key_prefix', 'expires_at', 'recoverable', 'created_at', 'updated_at'];
  const secretColumns = ['id', 'api_key_id', 'key_prefix', 'secret_hash', 'status', 'created_at'];
  for (let startAt = 0; startAt < seed.keys; startAt += chunk) {
    const keys: unknown[][] = [];
    const secrets: unknown[][] = [];
    for (let i = startAt; i < Math.min(seed.keys, startAt + chunk); i += 1) {
      const at = keyTime(i);
      const id = idAt('key', at);
      if (i === Math.floor(seed.keys / 2)) middleKeyId = id;
      // 85 % active, 10 % revoked, 4 % inactive, 1 % active with an expiry a month away.
      const r = i % 100;
      const status = r < 85 ? 'ACTIVE' : r < 95 ? 'REVOKED' : r < 99 ? 'INACTIVE' : 'ACTIVE';
      const expiresAt = r === 99 ? sqlTime(now + 86_400_000 * 30) : null;
      keys.push([id, org, applicationIds[i % applicationIds.length], `key ${i}`, 'bulk loaded', i % 3 === 0 ? 'LIVE' : 'TEST', 'PERMANENT', status, '["payments:write"]', seed.hashSecret ? scaleSecret(i).slice(0, 12) : 'sk_test_bulk', expiresAt, 0, sqlTime(at), sqlTime(at)]);
      const secret = seed.hashSecret ? scaleSecret(i) : null;
      secrets.push([idAt('sec', at), id, secret ? secret.slice(0, 12) : 'sk_test_bulk', secret && seed.hashSecret ? seed.hashSecret(secret) : randomBytes(32).toString('hex'), 'ACTIVE', sqlTime(at)]);
    }
    await insertAll(query, 'api_keys', keyColumns, keys.length, (i) => keys[i]!, chunk);
    await insertAll(query, 'api_key_secrets', secretColumns, secrets.length, (i) => secrets[i]!, chunk);
    seed.onProgress?.('api_keys', startAt + keys.length);
  }

  const rareType = 'organization.kyb_rejected';
  const subjectId = idAt('key', now - span);
  const types = ['api_key.created', 'api_key.updated', 'api_key.revoked', 'api_key.rotated', 'application.updated'];
  const eventTime = (i: number): number => now - span + Math.floor((i * span) / Math.max(seed.events, 1));
  let middleEventId = '';
  await insertAll(query, 'audit_events', ['id', 'organization_id', 'type', 'subject_type', 'subject_id', 'actor_type', 'actor_id', 'data', 'created_at', 'dispatched_at'], seed.events, (i) => {
    const at = eventTime(i);
    const id = idAt('evt', at);
    if (i === Math.floor(seed.events / 2)) middleEventId = id;
    const rare = i % 100_003 === 7;
    const type = rare ? rareType : types[i % types.length];
    const subject = i % 50_000 === 11 ? subjectId : `key_${(i % 1_000_000).toString(36).padStart(25, '0')}`;
    return [id, org, type, 'api_key', subject, 'system', null, '{}', sqlTime(at), sqlTime(at)];
  }, chunk, seed.onProgress);

  return { applicationIds, middleKeyId, middleEventId, subjectId, rareType };
}
