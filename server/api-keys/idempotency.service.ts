import { createHash } from 'node:crypto';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { Database } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { KeyRing } from '../shared/keyring';
import { newId } from '../shared/random';
import { ApiKey } from './api-key.entity';
import { IdempotencyRecord } from './idempotency-record.entity';

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** One idempotent call: who, under which key, and a fingerprint of what was asked. */
export interface IdempotentCall {
  readonly userId: string;
  readonly key: string;
  readonly operation: 'createApiKey' | 'issueTemporaryApiKey';
  readonly requestHash: string;
}

/** Fields that never take part in the fingerprint: the key itself, and secrets that must not be stored even hashed. */
const NOT_FINGERPRINTED = new Set(['idempotencyKey', 'accountSecret']);

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      // null and omitted mean the same thing in these inputs
      if (field !== undefined && field !== null && !NOT_FINGERPRINTED.has(key)) out[key] = canonical(field);
    }
    return out;
  }
  return value;
}

export function fingerprint(operation: string, input: object): string {
  return createHash('sha256').update(JSON.stringify([operation, canonical(input)])).digest('hex');
}

/**
 * Idempotency keys (SPEC 3.1): the first call under a key stores its result — the secret sealed
 * with the KeyRing — in the same transaction that makes the key; later calls replay it for 24 h.
 * The unique index on (user, key) makes a concurrent duplicate wait for the first transaction and
 * then fail its insert, after which it replays what the first one committed.
 */
export class IdempotencyService {
  constructor(
    private readonly db: Database,
    private readonly keyring: KeyRing,
  ) {}

  call(userId: string, key: string | null | undefined, operation: IdempotentCall['operation'], input: object): IdempotentCall | null {
    return key ? { userId, key, operation, requestHash: fingerprint(operation, input) } : null;
  }

  /** The stored result of an earlier call, or null; IDEMPOTENCY_KEY_REUSED when it was made with other input. */
  async replay(call: IdempotentCall, now: Date): Promise<{ apiKey: ApiKey; secret: string } | null> {
    const record = await this.db.manager.findOne(IdempotencyRecord, { where: { userId: call.userId, idempotencyKey: call.key } });
    if (!record || record.expiresAt <= now) return null;
    if (record.operation !== call.operation || record.requestHash !== call.requestHash) {
      throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was already used with different input; use a new key for a new request', {
        fields: [{ field: 'idempotencyKey', message: 'was used with different input' }],
      });
    }
    const apiKey = await this.db.manager.findOne(ApiKey, { where: { id: record.apiKeyId } });
    if (!apiKey) return null;
    return { apiKey, secret: this.keyring.decrypt(record.sealedSecret, `idempotency:${record.id}`) };
  }

  /** Stores the result inside the transaction that produced it; a duplicate fails here on the unique index. */
  async save(manager: EntityManager, call: IdempotentCall, apiKeyId: string, secret: string, now: Date): Promise<void> {
    await manager.delete(IdempotencyRecord, { userId: call.userId, idempotencyKey: call.key, expiresAt: LessThanOrEqual(now) });
    const id = newId('idem', now.getTime());
    await manager.insert(IdempotencyRecord, {
      id,
      userId: call.userId,
      idempotencyKey: call.key,
      operation: call.operation,
      requestHash: call.requestHash,
      apiKeyId,
      sealedSecret: this.keyring.encrypt(secret, `idempotency:${id}`),
      createdAt: now,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
    });
  }
}
