import { EntityManager } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { Database } from '../database/database';
import { AuditActor, recordEvent, SYSTEM_ACTOR } from '../events/audit';
import { lastRefillBoundary, refillDue } from './usage-rules';

/** A key's balance row, read under a row lock, with a due refill applied (and recorded). */
export interface Balance {
  readonly apiKey: ApiKey;
  /** null: unlimited. */
  credits: number | null;
  epoch: number;
}

/**
 * Reads a key's credits inside `manager`'s transaction, locked on MySQL (SQLite's transactions are
 * serial), applying a refill whose boundary has passed: the balance becomes the refill amount and
 * the epoch moves, so leases of the old period are dropped, not spent.
 */
export async function lockBalance(db: Database, manager: EntityManager, apiKey: ApiKey | string, now: Date): Promise<Balance | null> {
  const row = typeof apiKey === 'string' ? await manager.findOne(ApiKey, { where: { id: apiKey }, ...db.lockMode }) : apiKey;
  if (!row) return null;
  const balance: Balance = { apiKey: row, credits: row.storedCredits, epoch: row.creditEpoch };
  const refill = row.creditRefill;
  if (refill !== null && row.storedCredits !== null && refillDue(refill, row.creditsRefilledAt, now)) {
    const boundary = lastRefillBoundary(refill, now);
    const previous = row.storedCredits;
    balance.credits = refill.amount;
    balance.epoch = row.creditEpoch + 1;
    row.storedCredits = refill.amount;
    row.creditEpoch = balance.epoch;
    row.creditsRefilledAt = boundary;
    await manager.update(ApiKey, { id: row.id }, { storedCredits: refill.amount, creditEpoch: balance.epoch, creditsRefilledAt: boundary });
    await recordEvent(manager, SYSTEM_ACTOR, now, { organizationId: row.organizationId, type: 'api_key.credits_refilled', subjectType: 'api_key', subjectId: row.id, data: { previousCredits: previous, credits: refill.amount, interval: refill.interval, boundary: boundary.toISOString() } });
  }
  return balance;
}

/** Writes a new balance and, when it reached zero from above, records `api_key.credits_exhausted`. */
export async function writeBalance(manager: EntityManager, balance: Balance, credits: number, actor: AuditActor, now: Date): Promise<void> {
  const previous = balance.credits;
  balance.credits = credits;
  balance.apiKey.storedCredits = credits;
  // Plain SQL on purpose: the balance is not part of any cached credential (verify holds only the
  // epoch, which moves with SET and refills, both recorded), so taking a lease is no change that
  // caches must follow (server/events/audit.ts counts entity writes to api_keys as such changes).
  await manager.query('UPDATE api_keys SET credits = ? WHERE id = ?', [credits, balance.apiKey.id]);
  if (credits === 0 && previous !== null && previous > 0) {
    await recordEvent(manager, actor, now, { organizationId: balance.apiKey.organizationId, type: 'api_key.credits_exhausted', subjectType: 'api_key', subjectId: balance.apiKey.id, data: { credits: 0 } });
  }
}
