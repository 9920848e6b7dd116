import { BackgroundLoop, LoopLogger } from '../shared/background-loop';
import { EntityManager, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { ApiKeySecret } from '../api-keys/api-key-secret.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { ApiKeySecretStatus, ApiKeyStatus } from '../api-keys/api-key.enums';
import { KeyLifecycle } from '../api-keys/key-lifecycle';
import { IdempotencyRecord } from '../api-keys/idempotency-record.entity';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { recordEvent, SYSTEM_ACTOR } from '../events/audit';
import { Organization } from '../organizations/organization.entity';

const BATCH = 100;
const EXPIRABLE = [ApiKeyStatus.ACTIVE, ApiKeyStatus.INACTIVE, ApiKeyStatus.PENDING_EXCHANGE];

export interface JobRun {
  expiredKeys: number;
  expiredSecrets: number;
  accountSecretsDue: number;
  purgedIdempotencyRecords: number;
}

export type JobLogger = LoopLogger;

/**
 * Records the time-driven transitions that readers already see (a key past `expiresAt` is EXPIRED
 * at that instant): key and temporary-key expiry, grace-period ends, account secrets falling due,
 * and purges idempotency records after 24 h.
 *
 * Safe on every instance at once: each batch is picked with `FOR UPDATE SKIP LOCKED` on MySQL (so
 * two instances take different rows) and each row is changed with a conditional UPDATE whose
 * affected-row count decides whether this run records the event, so no transition is recorded
 * twice. SQLite's transactions are serialized by Database.transaction.
 */
export class LifecycleJobs {
  private readonly loop: BackgroundLoop<JobRun>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly lifecycle: KeyLifecycle,
    logger: JobLogger,
  ) {
    this.loop = new BackgroundLoop('lifecycle jobs', () => this.runOnce(), logger);
  }

  /** Runs every job each `intervalMs` (0 = never: tests call runOnce with their clock's time). */
  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  /** Stops the schedule and waits for a run under way. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass of every job, as of `now` (tests pass the ManualClock's time). */
  async runOnce(now: Date = this.clock.now()): Promise<JobRun> {
    return {
      expiredKeys: await this.drain(() => this.expireKeys(now)),
      expiredSecrets: await this.drain(() => this.expireSecrets(now)),
      accountSecretsDue: await this.drain(() => this.announceDueAccountSecrets(now)),
      purgedIdempotencyRecords: await this.purgeIdempotency(now),
    };
  }

  private async drain(batch: () => Promise<{ done: number; picked: number }>): Promise<number> {
    let total = 0;
    for (;;) {
      const { done, picked } = await batch();
      total += done;
      if (picked < BATCH) return total;
    }
  }

  /**
   * Picks rows this instance alone will handle in this transaction, in two reads so that only the
   * picked rows are ever locked: a plain (non-locking) read of up to BATCH due ids through the
   * job's (status, time) index, then those rows by primary key, `FOR UPDATE SKIP LOCKED` on MySQL,
   * with the due condition checked again under the lock. A locking range read of the index would
   * also lock the gaps it walks (and, without the index, the whole table).
   */
  private async lock<T extends { id: string }>(manager: EntityManager, query: ReturnType<EntityManager['createQueryBuilder']>, index?: string): Promise<T[]> {
    const alias = query.alias;
    const due = query.clone().select(`${alias}.id`, 'id').limit(BATCH);
    if (index && this.db.dialect === 'mysql') due.useIndex(index);
    const ids = ((await due.getRawMany()) as Array<{ id: string }>).map((row) => row.id);
    if (ids.length === 0) return [];
    const locked = query.clone().andWhere(`${alias}.id IN (:...pickedIds)`, { pickedIds: ids });
    if (this.db.dialect === 'mysql') locked.useIndex('PRIMARY').setLock('pessimistic_write').setOnLocked('skip_locked');
    return locked.getMany() as Promise<T[]>;
  }

  private async expireKeys(now: Date): Promise<{ done: number; picked: number }> {
    let done = 0;
    const picked = await this.db.transaction(async (manager) => {
      const keys = await this.lock<ApiKey>(manager, manager.createQueryBuilder(ApiKey, 'k')
        .where('k.status IN (:...expirable)', { expirable: EXPIRABLE })
        .andWhere('k.expires_at <= :now', { now }), 'IDX_api_keys_status_expires');
      // One UPDATE and one multi-row audit INSERT for the batch (issue 19: two statements per key
      // made 1,000 due keys take 7-11 s); each key still gets its own api_key.expired event.
      done = (await this.lifecycle.transitionMany(manager, keys, ApiKeyStatus.EXPIRED, 'expired', SYSTEM_ACTOR, now, (key) => ({ kind: key.kind, expiresAt: key.expiresAt!.toISOString() }))).length;
      return keys.length;
    });
    return { done, picked };
  }

  private async expireSecrets(now: Date): Promise<{ done: number; picked: number }> {
    let done = 0;
    const picked = await this.db.transaction(async (manager) => {
      const secrets = await this.lock<ApiKeySecret>(manager, manager.createQueryBuilder(ApiKeySecret, 's')
        .where('s.status = :active', { active: ApiKeySecretStatus.ACTIVE })
        .andWhere('s.expires_at <= :now', { now }), 'IDX_api_key_secrets_status_expires');
      if (secrets.length === 0) return 0;
      const owners = new Map((await manager.find(ApiKey, { select: { id: true, organizationId: true }, where: { id: In([...new Set(secrets.map((s) => s.apiKeyId))]) } })).map((k) => [k.id, k.organizationId]));
      for (const secret of secrets) {
        const result = await manager.update(ApiKeySecret, { id: secret.id, storedStatus: ApiKeySecretStatus.ACTIVE }, { storedStatus: ApiKeySecretStatus.EXPIRED });
        if (result.affected !== 1) continue;
        done += 1;
        await recordEvent(manager, SYSTEM_ACTOR, now, { organizationId: owners.get(secret.apiKeyId) ?? null, type: 'api_key.secret_expired', subjectType: 'api_key', subjectId: secret.apiKeyId, data: { secretId: secret.id, keyPrefix: secret.keyPrefix, reason: 'grace_period_ended', expiresAt: secret.expiresAt!.toISOString() } });
      }
      return secrets.length;
    });
    return { done, picked };
  }

  private async announceDueAccountSecrets(now: Date): Promise<{ done: number; picked: number }> {
    let done = 0;
    const picked = await this.db.transaction(async (manager) => {
      const organizations = await this.lock<Organization>(manager, manager.createQueryBuilder(Organization, 'o')
        .where('o.account_secret_rotation_due_at <= :now', { now })
        .andWhere('o.account_secret_due_notified_at IS NULL')
        .andWhere('o.account_secret_hash IS NOT NULL'));
      for (const organization of organizations) {
        const result = await manager.update(Organization, { id: organization.id, accountSecretDueNotifiedAt: IsNull(), accountSecretRotationDueAt: LessThanOrEqual(now), accountSecretHash: Not(IsNull()) }, { accountSecretDueNotifiedAt: now });
        if (result.affected !== 1) continue;
        done += 1;
        await recordEvent(manager, SYSTEM_ACTOR, now, { organizationId: organization.id, type: 'account_secret.rotation_due', subjectType: 'organization', subjectId: organization.id, data: { rotationDueAt: organization.accountSecretRotationDueAt!.toISOString(), setAt: organization.accountSecretSetAt?.toISOString() ?? null } });
      }
      return organizations.length;
    });
    return { done, picked };
  }

  /** Deletes expired records BATCH at a time, found through the expires_at index. */
  private async purgeIdempotency(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = (await this.db.manager.find(IdempotencyRecord, { select: { id: true }, where: { expiresAt: LessThanOrEqual(now) }, take: BATCH })).map((r) => r.id);
      if (ids.length === 0) return total;
      const result = await this.db.transaction((manager) => manager.delete(IdempotencyRecord, { id: In(ids), expiresAt: LessThanOrEqual(now) }));
      total += result.affected ?? 0;
      if (ids.length < BATCH) return total;
    }
  }
}
