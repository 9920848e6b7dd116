import { Brackets, EntityManager, In, IsNull, MoreThan, Not, Or, SelectQueryBuilder } from 'typeorm';
import { AccessService } from '../auth/access.service';
import { Actor, auditActorOf } from '../auth/actor';
import { Permission } from '../auth/roles';
import { ApplicationService } from '../applications/application.service';
import { Clock } from '../clock';
import { Config } from '../config';
import { Database, insertRow, isUniqueViolation } from '../database/database';
import { DomainError, ErrorCode, notFound } from '../errors';
import { recordEvent } from '../events/audit';
import { Page, toPage } from '../graphql/pagination';
import { Organization } from '../organizations/organization.entity';
import { KybStatus, LiveKeysBeforeKyb } from '../organizations/organization.enums';
import { KeyRing } from '../shared/keyring';
import { newId } from '../shared/random';
import { badField, checkFuture, checkMetadata, checkWebhookUrl } from '../shared/validation';
import { ApiKeySecret } from './api-key-secret.entity';
import { ApiKey } from './api-key.entity';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from './api-key.enums';
import { ApiKeyFilter, CreateApiKeyInput, UpdateApiKeyInput } from './api-key.inputs';
import { generateSecret, keyPrefixOf } from './key-format';
import { IdempotencyService, IdempotentCall } from './idempotency.service';
import { ignoreKeyChanges, KeyChangeListener } from './key-events';
import { RateLimits } from '../shared/rate-limits';
import { sealToRecoveryKey } from '../organizations/recovery-keys';
import { effectiveStatus } from './key-status';

export interface KeyWithSecret {
  apiKey: ApiKey;
  secret: string;
}

/** A status change of a key, published to subscribers once its transaction has committed. */
export interface KeyStatusChange {
  apiKey: ApiKey;
  previousStatus: ApiKeyStatus;
  status: ApiKeyStatus;
  reason: string | null;
  occurredAt: Date;
}

const DAY_MS = 86_400_000;

export class ApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly applications: ApplicationService,
    private readonly keyring: KeyRing,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly idempotency: IdempotencyService,
    private readonly rateLimits: RateLimits,
    private readonly listener: KeyChangeListener = ignoreKeyChanges,
  ) {}

  /** Loads a key and checks the caller's permission on its organization; NOT_FOUND across tenants. */
  async require(manager: EntityManager, actor: Actor, id: string, permission: Permission, lock = false): Promise<{ apiKey: ApiKey; organization: Organization }> {
    const apiKey = await manager.findOne(ApiKey, { where: { id }, ...(lock ? this.db.lockMode : {}) });
    if (!apiKey) throw notFound('API key');
    try {
      const { organization } = await this.access.require(manager, actor, apiKey.organizationId, permission);
      return { apiKey, organization };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) throw notFound('API key');
      throw error;
    }
  }

  async get(actor: Actor, id: string): Promise<ApiKey> {
    return (await this.require(this.db.manager, actor, id, Permission.READ)).apiKey;
  }

  async list(actor: Actor, organizationId: string, filter: ApiKeyFilter | undefined, page: number, limit: number): Promise<Page<ApiKey>> {
    await this.access.require(this.db.manager, actor, organizationId, Permission.READ);
    const query = this.db.manager.createQueryBuilder(ApiKey, 'k').where('k.organization_id = :organizationId', { organizationId });
    if (filter?.applicationId) query.andWhere('k.application_id = :applicationId', { applicationId: filter.applicationId });
    if (filter?.environment) query.andWhere('k.environment = :environment', { environment: filter.environment });
    if (filter?.kind) query.andWhere('k.kind = :kind', { kind: filter.kind });
    if (filter?.status) this.whereStatus(query, filter.status, this.clock.now());
    const [items, total] = await query.orderBy('k.created_at', 'DESC').addOrderBy('k.id', 'DESC').skip((page - 1) * limit).take(limit).getManyAndCount();
    return toPage(items, total, page, limit);
  }

  /** Filters on the effective status: keys past `expiresAt` count as EXPIRED, not as what is stored. */
  private whereStatus(query: SelectQueryBuilder<ApiKey>, status: ApiKeyStatus, now: Date): void {
    const expirable = [ApiKeyStatus.ACTIVE, ApiKeyStatus.INACTIVE, ApiKeyStatus.PENDING_EXCHANGE];
    if (status === ApiKeyStatus.EXPIRED) {
      query.andWhere(new Brackets((q) => q.where('k.status = :expired', { expired: ApiKeyStatus.EXPIRED }).orWhere('(k.status IN (:...expirable) AND k.expires_at <= :now)', { expirable, now })));
    } else if (expirable.includes(status)) {
      query.andWhere('k.status = :status AND (k.expires_at IS NULL OR k.expires_at > :now)', { status, now });
    } else {
      query.andWhere('k.status = :status', { status });
    }
  }

  async create(actor: Actor, input: CreateApiKeyInput): Promise<KeyWithSecret> {
    const now = this.clock.now();
    const expiresAt = this.expiryOf(input, now);
    const webhookUrl = input.webhookUrl ? checkWebhookUrl('webhookUrl', input.webhookUrl, this.config.webhookAllowPrivate) : null;
    const metadata = input.metadata ? checkMetadata('metadata', input.metadata) : null;
    const scopes = [...new Set(input.scopes)];
    const call = this.idempotency.call(actor.user.id, input.idempotencyKey, 'createApiKey', input);
    if (call) {
      const replayed = await this.idempotency.replay(call, now);
      if (replayed) return replayed;
    }
    const { application, organization: seen } = await this.applications.require(this.db.manager, actor, input.applicationId, Permission.CREATE_KEYS);
    await this.rateLimits.consumeKeyCreation(seen.id, actor.user.id, seen.keyPolicy.keyCreationsPerMinutePerUser);

    return this.idempotently(call, now, () => this.db.transaction(async (manager) => {
      // The organization row lock comes first: concurrent creates queue here, and on MySQL the
      // counts below are then read after the lock, so they see every key committed before it.
      const { organization } = await this.access.require(manager, actor, application.organizationId, Permission.CREATE_KEYS, this.db.lockMode);
      const { environment, status } = this.placement(organization, input.environment);
      await this.checkLimits(manager, organization, application.id, environment, status, now);
      if (input.recoverable && !organization.recoveryPublicKey) {
        throw new DomainError(ErrorCode.CONFLICT, 'Set the organization\'s account secret (setAccountSecret) before creating recoverable keys', { fields: [{ field: 'recoverable', message: 'needs an account secret' }] });
      }

      const secret = generateSecret(ApiKeyKind.PERMANENT, environment);
      const apiKey = this.newKey({
        organizationId: organization.id,
        applicationId: application.id,
        name: input.name.trim(),
        description: input.description.trim(),
        environment,
        kind: ApiKeyKind.PERMANENT,
        storedStatus: status,
        scopes,
        expiresAt,
        webhookUrl,
        destination: input.destination ?? null,
        metadata,
        recoverable: input.recoverable ?? false,
        createdBy: actor.user.id,
      }, secret, now);
      if (apiKey.recoverable) apiKey.wrappedSecret = sealToRecoveryKey(organization.recoveryPublicKey!, secret, apiKey.id);
      await this.insertKey(manager, apiKey, secret, now);
      await recordEvent(manager, auditActorOf(actor), now, {
        organizationId: organization.id,
        type: 'api_key.created',
        subjectType: 'api_key',
        subjectId: apiKey.id,
        data: { applicationId: application.id, name: apiKey.name, kind: apiKey.kind, environment, requestedEnvironment: input.environment, status, keyPrefix: apiKey.keyPrefix, scopes, recoverable: apiKey.recoverable },
      });
      if (call) await this.idempotency.save(manager, call, apiKey.id, secret, now);
      return { apiKey, secret };
    }));
  }

  /**
   * Runs a creation under an idempotency key. A concurrent duplicate fails its insert on the
   * unique index once the first commits (MySQL makes it wait for that); it then replays.
   */
  async idempotently(call: IdempotentCall | null, now: Date, work: () => Promise<KeyWithSecret>): Promise<KeyWithSecret> {
    try {
      return await work();
    } catch (error) {
      if (!call || !isUniqueViolation(error)) throw error;
      const replayed = await this.idempotency.replay(call, now);
      if (replayed) return replayed;
      throw new DomainError(ErrorCode.CONFLICT, 'A request with this idempotency key is in progress; retry shortly');
    }
  }

  /** Where a new permanent key goes: LIVE keys before KYB approval follow `liveKeysBeforeKyb`. */
  placement(organization: Organization, requested: Environment): { environment: Environment; status: ApiKeyStatus } {
    if (requested === Environment.LIVE && organization.kybStatus !== KybStatus.APPROVED) {
      if (organization.keyPolicy.liveKeysBeforeKyb === LiveKeysBeforeKyb.DOWNGRADE_TO_TEST) return { environment: Environment.TEST, status: ApiKeyStatus.ACTIVE };
      return { environment: Environment.LIVE, status: ApiKeyStatus.INACTIVE };
    }
    return { environment: requested, status: ApiKeyStatus.ACTIVE };
  }

  /** KEY_LIMIT and ACTIVE_KEY_LIMIT; call with the organization row locked. */
  async checkLimits(manager: EntityManager, organization: Organization, applicationId: string, environment: Environment, status: ApiKeyStatus, now: Date): Promise<void> {
    const policy = organization.keyPolicy;
    const keysInApplication = await manager.count(ApiKey, { where: { applicationId, storedStatus: Not(In([ApiKeyStatus.REVOKED, ApiKeyStatus.EXCHANGED, ApiKeyStatus.EXPIRED])) } });
    if (keysInApplication >= policy.maxKeysPerApplication) {
      throw new DomainError(ErrorCode.KEY_LIMIT, `This application already has ${keysInApplication} keys, the most its organization's policy allows (${policy.maxKeysPerApplication}); revoke one first`);
    }
    if (status === ApiKeyStatus.ACTIVE) await this.checkActiveLimit(manager, organization, environment, now);
  }

  async checkActiveLimit(manager: EntityManager, organization: Organization, environment: Environment, now: Date): Promise<void> {
    const limit = organization.keyPolicy.maxActiveKeysPerEnvironment;
    if (limit === null) return;
    const active = await this.countActive(manager, organization.id, environment, now);
    if (active >= limit) {
      throw new DomainError(ErrorCode.ACTIVE_KEY_LIMIT, `The organization already has ${active} active ${environment} key(s), the most its policy allows (${limit}); revoke one first`);
    }
  }

  newKey(fields: Pick<ApiKey, 'organizationId' | 'applicationId' | 'name' | 'description' | 'environment' | 'kind' | 'storedStatus' | 'scopes' | 'expiresAt' | 'webhookUrl' | 'destination' | 'metadata' | 'recoverable' | 'createdBy'>, secret: string, now: Date): ApiKey {
    return Object.assign(new ApiKey(), {
      ...fields,
      id: newId('key', now.getTime()),
      keyPrefix: keyPrefixOf(secret),
      wrappedSecret: null,
      lastUsedAt: null,
      revokedAt: null,
      revokedReason: null,
      exchangedForKeyId: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  async insertKey(manager: EntityManager, apiKey: ApiKey, secret: string, now: Date): Promise<void> {
    await insertRow(manager, ApiKey, apiKey);
    await manager.insert(ApiKeySecret, this.secretRow(apiKey.id, secret, now));
  }

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

  async countActive(manager: EntityManager, organizationId: string, environment: Environment, now: Date): Promise<number> {
    return manager.count(ApiKey, { where: { organizationId, environment, storedStatus: ApiKeyStatus.ACTIVE, expiresAt: Or(IsNull(), MoreThan(now)) } });
  }

  async update(actor: Actor, id: string, input: UpdateApiKeyInput): Promise<ApiKey> {
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const { apiKey } = await this.require(manager, actor, id, Permission.MANAGE_KEYS, true);
      const status = effectiveStatus(apiKey, now);
      if (status === ApiKeyStatus.REVOKED || status === ApiKeyStatus.EXCHANGED) {
        throw new DomainError(ErrorCode.CONFLICT, `A ${status} key cannot be changed`);
      }
      const changes: Record<string, unknown> = {};
      const set = <K extends keyof ApiKey>(field: K, value: ApiKey[K]): void => {
        apiKey[field] = value;
        changes[field] = value;
      };
      if (input.name != null) set('name', input.name.trim());
      if (input.description != null) set('description', input.description.trim());
      if (input.scopes != null) set('scopes', [...new Set(input.scopes)]);
      if (input.metadata !== undefined) set('metadata', input.metadata === null ? null : checkMetadata('metadata', input.metadata));
      if (input.webhookUrl !== undefined) set('webhookUrl', input.webhookUrl === null ? null : checkWebhookUrl('webhookUrl', input.webhookUrl, this.config.webhookAllowPrivate));
      if (input.expiresAt !== undefined || input.expiresInDays !== undefined) {
        // Expiry is final at its instant for every reader: a new expiry cannot bring an expired key back.
        if (status === ApiKeyStatus.EXPIRED) throw new DomainError(ErrorCode.CONFLICT, 'This key has expired; create a new one', { fields: [{ field: 'expiresAt', message: 'the key has already expired' }] });
        set('expiresAt', this.expiryOf(input, now));
      }
      if (input.destination !== undefined && input.destination !== apiKey.destination) {
        if (apiKey.environment === Environment.LIVE && apiKey.destination !== null) {
          throw new DomainError(ErrorCode.IMMUTABLE_FIELD, 'destination cannot change once a LIVE key carries it; create a new key instead', { fields: [{ field: 'destination', message: 'is immutable on a LIVE key' }] });
        }
        set('destination', input.destination);
      }
      apiKey.updatedAt = now;
      await manager.save(ApiKey, apiKey);
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: apiKey.organizationId, type: 'api_key.updated', subjectType: 'api_key', subjectId: id, data: { changes: Object.keys(changes) } });
      return apiKey;
    });
  }

  async revoke(actor: Actor, id: string, reason: string | null): Promise<ApiKey> {
    const now = this.clock.now();
    const change = await this.db.transaction(async (manager) => {
      const { apiKey } = await this.require(manager, actor, id, Permission.MANAGE_KEYS, true);
      const previousStatus = effectiveStatus(apiKey, now);
      if (previousStatus === ApiKeyStatus.REVOKED) throw new DomainError(ErrorCode.ALREADY_REVOKED, 'This key is already revoked');
      if (previousStatus === ApiKeyStatus.EXCHANGED) throw new DomainError(ErrorCode.CONFLICT, 'An exchanged temporary key cannot be revoked; revoke the key it was exchanged for');
      apiKey.storedStatus = ApiKeyStatus.REVOKED;
      apiKey.revokedAt = now;
      apiKey.revokedReason = reason;
      apiKey.updatedAt = now;
      await manager.update(ApiKey, { id }, { storedStatus: ApiKeyStatus.REVOKED, revokedAt: now, revokedReason: reason, updatedAt: now });
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: apiKey.organizationId, type: 'api_key.revoked', subjectType: 'api_key', subjectId: id, data: { previousStatus, reason } });
      return { apiKey, previousStatus, status: ApiKeyStatus.REVOKED, reason, occurredAt: now };
    });
    this.listener.statusChanged(change);
    this.listener.keysChanged([id]);
    return change.apiKey;
  }

  private expiryOf(input: { expiresAt?: Date | null; expiresInDays?: number | null }, now: Date): Date | null {
    if (input.expiresAt != null && input.expiresInDays != null) throw badField(`expiresAt`, 'give expiresAt or expiresInDays, not both');
    if (input.expiresAt != null) return checkFuture(`expiresAt`, input.expiresAt, now);
    if (input.expiresInDays != null) return new Date(now.getTime() + input.expiresInDays * DAY_MS);
    return null;
  }
}
