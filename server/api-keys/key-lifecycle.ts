import { EntityManager, In } from 'typeorm';
import { insertRow } from '../database/database';
import { AuditActor, EventInput, recordEvent, recordEvents } from '../events/audit';
import { EventType } from '../events/event-types';
import { sealToRecoveryKey } from '../organizations/recovery-keys';
import { KeyRing } from '../shared/keyring';
import { newId } from '../shared/random';
import { dialectOf } from '../database/data-source';
import { ApiKeySecret } from './api-key-secret.entity';
import { ApiKey } from './api-key.entity';
import { ApiKeySecretStatus, ApiKeyStatus, Environment } from './api-key.enums';
import { generateSecret, keyPrefixOf } from './key-format';
import { effectiveStatus } from './key-status';
import { NO_USAGE_SETTINGS, UsageFields } from '../usage/usage-settings';

/** What a new key is made of: the caller has checked rights, limits and placement. */
export interface KeySpec {
  readonly organizationId: string;
  readonly applicationId: string;
  readonly name: string;
  readonly description: string;
  readonly environment: Environment;
  /** What the caller asked for; differs from `environment` under `DOWNGRADE_TO_TEST`. */
  readonly requestedEnvironment: Environment;
  readonly kind: ApiKey['kind'];
  readonly status: ApiKeyStatus;
  readonly scopes: readonly string[];
  readonly expiresAt: Date | null;
  readonly webhookUrl: string | null;
  readonly destination: string | null;
  readonly metadata: Record<string, unknown> | null;
  readonly recoverable: boolean;
  /**
   * The organization's recovery public key: a recoverable key's secret is sealed to it. A temporary
   * key carries `recoverable` for the permanent key it becomes, and is not sealed itself (null).
   */
  readonly recoveryPublicKey: string | null;
  readonly createdBy: string | null;
  /** The temporary key this one was exchanged for, if any. */
  readonly exchangedFrom?: string;
  /** Rate limits, allowlist and credits (SPEC 7), checked by the caller; none when omitted. */
  readonly usage?: UsageFields;
}

/** A status change of a key, as its audit event records it. */
export interface KeyStatusChange {
  readonly apiKey: ApiKey;
  readonly previousStatus: ApiKeyStatus;
  readonly status: ApiKeyStatus;
  readonly reason: string | null;
  readonly occurredAt: Date;
}

/** The event each reachable status is announced with; PENDING_EXCHANGE is only ever minted. */
const EVENT_OF: Readonly<Record<Exclude<ApiKeyStatus, ApiKeyStatus.PENDING_EXCHANGE>, EventType>> = {
  [ApiKeyStatus.ACTIVE]: 'api_key.activated',
  [ApiKeyStatus.INACTIVE]: 'api_key.deactivated',
  [ApiKeyStatus.EXPIRED]: 'api_key.expired',
  [ApiKeyStatus.REVOKED]: 'api_key.revoked',
  [ApiKeyStatus.EXCHANGED]: 'api_key.exchanged',
};

export interface TransitionOptions {
  /** For EXCHANGED: the permanent key it was exchanged for. */
  readonly exchangedForKeyId?: string;
  /** Extra facts for the event payload (never secrets). */
  readonly data?: Record<string, unknown>;
}

/**
 * The one place where keys are made and where their status is written (SPEC 3). Every creation —
 * permanent, temporary, exchanged — is `mint`, every status change is `transition`; each writes
 * its audit event with one payload shape per event type, in the caller's transaction, and the
 * CommitFeed carries it to verify's cache, subscriptions and webhooks after commit.
 */
export class KeyLifecycle {
  constructor(private readonly keyring: KeyRing) {}

  /** Inserts the key and its first secret and records `api_key.created`; returns the secret once. */
  async mint(manager: EntityManager, spec: KeySpec, actor: AuditActor, now: Date): Promise<{ apiKey: ApiKey; secret: string }> {
    const secret = generateSecret(spec.kind, spec.environment);
    const id = newId('key', now.getTime());
    const usage = spec.usage ?? NO_USAGE_SETTINGS;
    const apiKey = Object.assign(new ApiKey(), {
      ...usage,
      id,
      organizationId: spec.organizationId,
      applicationId: spec.applicationId,
      name: spec.name,
      description: spec.description,
      environment: spec.environment,
      kind: spec.kind,
      storedStatus: spec.status,
      scopes: [...new Set(spec.scopes)],
      keyPrefix: keyPrefixOf(secret),
      expiresAt: spec.expiresAt,
      webhookUrl: spec.webhookUrl,
      destination: spec.destination,
      metadata: spec.metadata,
      recoverable: spec.recoverable,
      wrappedSecret: spec.recoverable && spec.recoveryPublicKey ? sealToRecoveryKey(spec.recoveryPublicKey, secret, id) : null,
      createdBy: spec.createdBy,
      lastUsedAt: null,
      revokedAt: null,
      revokedReason: null,
      exchangedForKeyId: null,
      leakedAt: null,
      leakedUrl: null,
      createdAt: now,
      updatedAt: now,
    } satisfies Omit<ApiKey, 'rateLimits' | 'creditRefill'>);
    await insertRow(manager, ApiKey, apiKey);
    await manager.insert(ApiKeySecret, this.secretRow(id, secret, now));
    await recordEvent(manager, actor, now, {
      organizationId: apiKey.organizationId,
      type: 'api_key.created',
      subjectType: 'api_key',
      subjectId: id,
      data: {
        applicationId: apiKey.applicationId,
        name: apiKey.name,
        kind: apiKey.kind,
        environment: apiKey.environment,
        requestedEnvironment: spec.requestedEnvironment,
        status: apiKey.storedStatus,
        keyPrefix: apiKey.keyPrefix,
        scopes: apiKey.scopes,
        recoverable: apiKey.recoverable,
        expiresAt: apiKey.expiresAt?.toISOString() ?? null,
        exchangedFrom: spec.exchangedFrom ?? null,
        ...(spec.usage ? { rateLimits: usage.storedRateLimits, allowedIps: usage.allowedIps, credits: usage.storedCredits, creditRefill: apiKey.creditRefill } : {}),
      },
    });
    return { apiKey, secret };
  }

  /** A new secret row (rotation adds one; `mint` the first). Only its HMAC is stored. */
  secretRow(apiKeyId: string, secret: string, now: Date): ApiKeySecret {
    return Object.assign(new ApiKeySecret(), {
      id: newId('sec', now.getTime()),
      apiKeyId,
      keyPrefix: keyPrefixOf(secret),
      secretHash: this.keyring.hashSecret(secret),
      storedStatus: ApiKeySecretStatus.ACTIVE,
      createdAt: now,
      expiresAt: null,
      lastUsedAt: null,
    });
  }

  /**
   * Moves `key` to `to` and records the event that announces it. The write is conditional on the
   * status the caller read, so of two instances racing (the expiry job on each) one records it;
   * the other gets null and does nothing. `key` is updated in place on success.
   */
  async transition(manager: EntityManager, key: ApiKey, to: Exclude<ApiKeyStatus, ApiKeyStatus.PENDING_EXCHANGE>, reason: string | null, actor: AuditActor, now: Date, options: TransitionOptions = {}): Promise<KeyStatusChange | null> {
    // Expiry records what readers already see; every other change starts from what they see.
    const previousStatus = to === ApiKeyStatus.EXPIRED ? key.storedStatus : effectiveStatus(key, now);
    const fields: Partial<Pick<ApiKey, 'storedStatus' | 'updatedAt' | 'revokedAt' | 'revokedReason' | 'exchangedForKeyId'>> = { storedStatus: to, updatedAt: now };
    if (to === ApiKeyStatus.REVOKED) Object.assign(fields, { revokedAt: now, revokedReason: reason });
    if (to === ApiKeyStatus.EXCHANGED) fields.exchangedForKeyId = options.exchangedForKeyId ?? null;
    const result = await manager.update(ApiKey, { id: key.id, storedStatus: key.storedStatus }, fields);
    if (result.affected !== 1) return null;
    Object.assign(key, fields);
    const occurredAt = to === ApiKeyStatus.EXPIRED && key.expiresAt ? key.expiresAt : now;
    await recordEvent(manager, actor, now, {
      organizationId: key.organizationId,
      type: EVENT_OF[to],
      subjectType: 'api_key',
      subjectId: key.id,
      data: { previousStatus, status: to, reason, ...options.data },
    });
    return { apiKey: key, previousStatus, status: to, reason, occurredAt };
  }

  /**
   * `transition` for a batch of keys moving to the same status (the expiry job's batch of due
   * keys), in a few statements instead of two per key: per stored status among them, one locking
   * read of which are still in it, one `UPDATE ... WHERE id IN (...) AND status = <from>` and one
   * multi-row audit INSERT through `recordEvents` — the same event type, payload and CommitFeed
   * subjects as one `transition` each. Keys another instance moved first are left out (no event);
   * the moved keys are updated in place and returned.
   */
  async transitionMany(manager: EntityManager, keys: readonly ApiKey[], to: Exclude<ApiKeyStatus, ApiKeyStatus.PENDING_EXCHANGE | ApiKeyStatus.REVOKED | ApiKeyStatus.EXCHANGED>, reason: string | null, actor: AuditActor, now: Date, dataOf: (key: ApiKey) => Record<string, unknown> = () => ({})): Promise<KeyStatusChange[]> {
    const byStatus = new Map<ApiKeyStatus, ApiKey[]>();
    for (const key of keys) {
      const group = byStatus.get(key.storedStatus);
      if (group) group.push(key);
      else byStatus.set(key.storedStatus, [key]);
    }
    const changes: KeyStatusChange[] = [];
    for (const [from, group] of byStatus) {
      // Which of them are still in `from`, locked until commit, so the UPDATE below changes exactly these.
      const still = manager.createQueryBuilder(ApiKey, 'k').select('k.id', 'id').where({ id: In(group.map((key) => key.id)), storedStatus: from });
      if (dialectOf(manager.connection) === 'mysql') still.setLock('pessimistic_write');
      const ids = new Set(((await still.getRawMany()) as Array<{ id: string }>).map((row) => row.id));
      const moving = group.filter((key) => ids.has(key.id));
      if (moving.length === 0) continue;
      const fields: Pick<ApiKey, 'storedStatus' | 'updatedAt'> = { storedStatus: to, updatedAt: now };
      const result = await manager.update(ApiKey, { id: In(moving.map((key) => key.id)), storedStatus: from }, fields);
      if (result.affected !== undefined && result.affected !== moving.length) throw new Error(`transitionMany: ${result.affected} of ${moving.length} locked keys changed`);
      const events: EventInput[] = [];
      for (const key of moving) {
        // As in `transition`: expiry records what readers already see.
        const previousStatus = to === ApiKeyStatus.EXPIRED ? key.storedStatus : effectiveStatus(key, now);
        Object.assign(key, fields);
        const occurredAt = to === ApiKeyStatus.EXPIRED && key.expiresAt ? key.expiresAt : now;
        events.push({ organizationId: key.organizationId, type: EVENT_OF[to], subjectType: 'api_key', subjectId: key.id, data: { previousStatus, status: to, reason, ...dataOf(key) } });
        changes.push({ apiKey: key, previousStatus, status: to, reason, occurredAt });
      }
      await recordEvents(manager, actor, now, events);
    }
    return changes;
  }
}
