import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { badInput, DomainError, ErrorCode, notFound } from '../errors';
import { auditActorOf, recordEvent } from '../events/audit';
import { Organization } from '../organizations/organization.entity';
import { sealToRecoveryKey } from '../organizations/recovery-keys';
import { ApiKeySecret } from './api-key-secret.entity';
import { ApiKey } from './api-key.entity';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus } from './api-key.enums';
import { ApiKeyService, KeyWithSecret } from './api-key.service';
import { generateSecret, keyPrefixOf } from './key-format';
import { effectiveSecretStatus, effectiveStatus } from './key-status';

export const MAX_GRACE_PERIOD_SECONDS = 30 * 86_400;
/** Rotations with no grace end pile up secrets; past this many working ones, expire some first. */
export const MAX_ACTIVE_SECRETS = 10;

/**
 * Rotation (SPEC 3.3): a new secret beside the old ones, which keep working until their grace
 * period ends (recorded by the expiry job) or `expireApiKeySecret` ends them.
 */
export class RotationService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly apiKeys: ApiKeyService,
    private readonly clock: Clock,
  ) {}

  async rotate(actor: Actor, id: string, gracePeriodSeconds: number | null): Promise<KeyWithSecret> {
    if (gracePeriodSeconds !== null && (!Number.isInteger(gracePeriodSeconds) || gracePeriodSeconds < 0 || gracePeriodSeconds > MAX_GRACE_PERIOD_SECONDS)) {
      throw badInput('gracePeriodSeconds', `must be 0 to ${MAX_GRACE_PERIOD_SECONDS} seconds (30 days), or null to keep the old secrets until expireApiKeySecret`);
    }
    const { apiKey: seen } = await this.apiKeys.require(this.db.manager, actor, id, Permission.MANAGE_KEYS);
    const now = this.clock.now();
    const result = await this.db.transaction(async (manager) => {
      // Organization first (the lock order of every key write), then the key.
      const organization = await manager.findOneOrFail(Organization, { where: { id: seen.organizationId }, ...this.db.lockMode });
      const apiKey = await manager.findOneOrFail(ApiKey, { where: { id }, ...this.db.lockMode });
      this.checkRotatable(apiKey, now);
      const secrets = await manager.find(ApiKeySecret, { where: { apiKeyId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
      const working = secrets.filter((s) => effectiveSecretStatus(s, now) === ApiKeySecretStatus.ACTIVE);
      if (working.length >= MAX_ACTIVE_SECRETS) {
        throw new DomainError(ErrorCode.CONFLICT, `This key already has ${working.length} working secrets; expire some with expireApiKeySecret first`);
      }
      const graceEndsAt = gracePeriodSeconds === null ? null : new Date(now.getTime() + gracePeriodSeconds * 1000);
      const previous: Array<{ id: string; keyPrefix: string; expiresAt: string | null }> = [];
      for (const old of working) {
        const expiresAt = graceEndsAt && (!old.expiresAt || old.expiresAt > graceEndsAt) ? graceEndsAt : old.expiresAt;
        // A zero grace period ends the old secrets now; the job records nothing more for them.
        const storedStatus = expiresAt && expiresAt <= now ? ApiKeySecretStatus.EXPIRED : old.storedStatus;
        if (expiresAt !== old.expiresAt || storedStatus !== old.storedStatus) await manager.update(ApiKeySecret, { id: old.id }, { expiresAt, storedStatus });
        previous.push({ id: old.id, keyPrefix: old.keyPrefix, expiresAt: expiresAt?.toISOString() ?? null });
      }
      const secret = generateSecret(ApiKeyKind.PERMANENT, apiKey.environment);
      const row = this.apiKeys.lifecycle.secretRow(id, secret, now);
      await manager.insert(ApiKeySecret, row);
      apiKey.keyPrefix = keyPrefixOf(secret);
      apiKey.updatedAt = now;
      if (apiKey.recoverable && organization.recoveryPublicKey) apiKey.wrappedSecret = sealToRecoveryKey(organization.recoveryPublicKey, secret, id);
      await manager.update(ApiKey, { id }, { keyPrefix: apiKey.keyPrefix, wrappedSecret: apiKey.wrappedSecret, updatedAt: now });
      await recordEvent(manager, auditActorOf(actor), now, {
        organizationId: apiKey.organizationId,
        type: 'api_key.rotated',
        subjectType: 'api_key',
        subjectId: id,
        data: { secretId: row.id, keyPrefix: apiKey.keyPrefix, gracePeriodSeconds, previousSecrets: previous },
      });
      for (const old of previous.filter((p) => p.expiresAt !== null && new Date(p.expiresAt) <= now)) {
        await recordEvent(manager, auditActorOf(actor), now, { organizationId: apiKey.organizationId, type: 'api_key.secret_expired', subjectType: 'api_key', subjectId: id, data: { secretId: old.id, keyPrefix: old.keyPrefix, reason: 'rotated_without_grace' } });
      }
      return { apiKey, secret };
    });
    return result;
  }

  /** Ends one secret now. The key's last working secret cannot be expired: revoke the key instead. */
  async expireSecret(actor: Actor, apiKeyId: string, secretId: string): Promise<ApiKey> {
    const now = this.clock.now();
    const apiKey = await this.db.transaction(async (manager) => {
      const { apiKey } = await this.apiKeys.require(manager, actor, apiKeyId, Permission.MANAGE_KEYS, true);
      const secrets = await manager.find(ApiKeySecret, { where: { apiKeyId }, order: { createdAt: 'ASC', id: 'ASC' } });
      const target = secrets.find((s) => s.id === secretId);
      if (!target) throw notFound('Secret');
      if (effectiveSecretStatus(target, now) === ApiKeySecretStatus.EXPIRED) throw new DomainError(ErrorCode.CONFLICT, 'This secret has already expired');
      const others = secrets.filter((s) => s.id !== secretId && effectiveSecretStatus(s, now) === ApiKeySecretStatus.ACTIVE);
      const status = effectiveStatus(apiKey, now);
      if (others.length === 0 && (status === ApiKeyStatus.ACTIVE || status === ApiKeyStatus.INACTIVE)) {
        throw new DomainError(ErrorCode.CONFLICT, 'This is the key\'s only working secret; rotate first, or revoke the key');
      }
      await manager.update(ApiKeySecret, { id: secretId }, { storedStatus: ApiKeySecretStatus.EXPIRED, expiresAt: now });
      // keyPrefix shows the newest working secret.
      const newest = others.at(-1);
      if (newest && apiKey.keyPrefix !== newest.keyPrefix) apiKey.keyPrefix = newest.keyPrefix;
      apiKey.updatedAt = now;
      await manager.update(ApiKey, { id: apiKeyId }, { keyPrefix: apiKey.keyPrefix, updatedAt: now });
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: apiKey.organizationId, type: 'api_key.secret_expired', subjectType: 'api_key', subjectId: apiKeyId, data: { secretId, keyPrefix: target.keyPrefix, reason: 'expired_by_user' } });
      return apiKey;
    });
    return apiKey;
  }

  private checkRotatable(apiKey: ApiKey, now: Date): void {
    if (apiKey.kind === ApiKeyKind.TEMPORARY) throw new DomainError(ErrorCode.CONFLICT, 'A temporary key cannot be rotated: exchange it');
    const status = effectiveStatus(apiKey, now);
    if (status === ApiKeyStatus.REVOKED) throw new DomainError(ErrorCode.ALREADY_REVOKED, 'This key is revoked; create a new one');
    if (status !== ApiKeyStatus.ACTIVE && status !== ApiKeyStatus.INACTIVE) throw new DomainError(ErrorCode.CONFLICT, `A ${status} key cannot be rotated`);
  }
}
