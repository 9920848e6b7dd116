import { BackgroundLoop, LoopLogger } from '../shared/background-loop';
import { EntityManager, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { ApiKeySecret } from '../api-keys/api-key-secret.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { ApiKeySecretStatus, ApiKeyStatus } from '../api-keys/api-key.enums';
import type { KeyStatusChange } from '../api-keys/api-key.service';
import { IdempotencyRecord } from '../api-keys/idempotency-record.entity';
import { KeyChangeListener } from '../api-keys/key-events';
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
    private readonly listener: KeyChangeListener,
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

  /** Picks rows this instance alone will handle in this transaction. */
  private lock<T extends { id: string }>(manager: EntityManager, query: ReturnType<EntityManager['createQueryBuilder']>): Promise<T[]> {
    if (this.db.dialect === 'mysql') query.setLock('pessimistic_write').setOnLocked('skip_locked');
    return query.limit(BATCH).getMany() as Promise<T[]>;
  }

  private async expireKeys(now: Date): Promise<{ done: number; picked: number }> {
    const changes: KeyStatusChange[] = [];
    const picked = await this.db.transaction(async (manager) => {
      const keys = await this.lock<ApiKey>(manager, manager.createQueryBuilder(ApiKey, 'k')
        .where('k.status IN (:...expirable)', { expirable: EXPIRABLE })
        .andWhere('k.expires_at <= :now', { now })
        .orderBy('k.expires_at', 'ASC'));
      for (const key of keys) {
        const result = await manager.update(ApiKey, { id: key.id, storedStatus: key.storedStatus }, { storedStatus: ApiKeyStatus.EXPIRED, updatedAt: now });
        if (result.affected !== 1) continue;
        const previousStatus = key.storedStatus;
        key.storedStatus = ApiKeyStatus.EXPIRED;
        key.updatedAt = now;
        await recordEvent(manager, SYSTEM_ACTOR, now, { organizationId: key.organizationId, type: 'api_key.expired', subjectType: 'api_key', subjectId: key.id, data: { previousStatus, kind: key.kind, expiresAt: key.expiresAt!.toISOString() } });
        changes.push({ apiKey: key, previousStatus, status: ApiKeyStatus.EXPIRED, reason: 'expired', occurredAt: key.expiresAt! });
      }
      return keys.length;
    });
    this.announce(changes);
    return { done: changes.length, picked };
  }

  private async expireSecrets(now: Date): Promise<{ done: number; picked: number }> {
    const keyIds = new Set<string>();
    let done = 0;
    const picked = await this.db.transaction(async (manager) => {
      const secrets = await this.lock<ApiKeySecret>(manager, manager.createQueryBuilder(ApiKeySecret, 's')
        .where('s.status = :active', { active: ApiKeySecretStatus.ACTIVE })
        .andWhere('s.expires_at <= :now', { now })
        .orderBy('s.expires_at', 'ASC'));
      if (secrets.length === 0) return 0;
      const owners = new Map((await manager.find(ApiKey, { select: { id: true, organizationId: true }, where: { id: In([...new Set(secrets.map((s) => s.apiKeyId))]) } })).map((k) => [k.id, k.organizationId]));
      for (const secret of secrets) {
        const result = await manager.update(ApiKeySecret, { id: secret.id, storedStatus: ApiKeySecretStatus.ACTIVE }, { storedStatus: ApiKeySecretStatus.EXPIRED });
        if (result.affected !== 1) continue;
        done += 1;
        keyIds.add(secret.apiKeyId);
        await recordEvent(manager, SYSTEM_ACTOR, now, { organizationId: owners.get(secret.apiKeyId) ?? null, type: 'api_key.secret_expired', subjectType: 'api_key', subjectId: secret.apiKeyId, data: { secretId: secret.id, keyPrefix: secret.keyPrefix, reason: 'grace_period_ended', expiresAt: secret.expiresAt!.toISOString() } });
      }
      return secrets.length;
    });
    if (keyIds.size) this.listener.keysChanged([...keyIds]);
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

  private async purgeIdempotency(now: Date): Promise<number> {
    const result = await this.db.transaction((manager) => manager.delete(IdempotencyRecord, { expiresAt: LessThanOrEqual(now) }));
    return result.affected ?? 0;
  }

  private announce(changes: KeyStatusChange[]): void {
    for (const change of changes) this.listener.statusChanged(change);
    if (changes.length) this.listener.keysChanged(changes.map((c) => c.apiKey.id));
  }
}
