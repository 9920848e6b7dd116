import { EntityManager, In, IsNull, MoreThan, Not, Or } from 'typeorm';
import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { ApplicationService } from '../applications/application.service';
import { Clock } from '../clock';
import { Config } from '../config';
import { Database, isUniqueViolation } from '../database/database';
import { badInput, DomainError, ErrorCode } from '../errors';
import { auditActorOf, recordEvent } from '../events/audit';
import { Page, PageRequest, toPage } from '../shared/page';
import { Branch, countOf, rowsOf, Walk } from '../database/keyset';
import { Organization } from '../organizations/organization.entity';
import { KybStatus, LiveKeysBeforeKyb } from '../organizations/organization.enums';
import { badField, checkFuture, checkMetadata, checkWebhookUrl } from '../shared/validation';
import { ApiKey } from './api-key.entity';
import { ApiKeyKind, ApiKeyStatus, Environment } from './api-key.enums';
import { ApiKeyFilter, CreateApiKeyInput, UpdateApiKeyInput } from './api-key.inputs';
import { IdempotencyService, IdempotentCall } from './idempotency.service';
import { KeyLifecycle } from './key-lifecycle';
import { RateLimits } from '../shared/rate-limits';
import { effectiveStatus } from './key-status';
import { NO_USAGE_SETTINGS, onlyUsageSettings, UsageFields, usageChanges, usageFieldsOf } from '../usage/usage-settings';

export interface KeyWithSecret {
  apiKey: ApiKey;
  secret: string;
}

const DAY_MS = 86_400_000;
const EXPIRABLE_STATUSES = [ApiKeyStatus.ACTIVE, ApiKeyStatus.INACTIVE, ApiKeyStatus.PENDING_EXCHANGE];

export class ApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly applications: ApplicationService,
    readonly lifecycle: KeyLifecycle,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly idempotency: IdempotencyService,
    private readonly rateLimits: RateLimits,
  ) {}

  /** Loads a key and checks the caller's permission on its organization; NOT_FOUND across tenants. */
  async require(manager: EntityManager, actor: Actor, id: string, permission: Permission, lock = false): Promise<{ apiKey: ApiKey; organization: Organization }> {
    const { row, organization } = await this.access.requireOwned(manager, actor, ApiKey, id, permission, 'API key', lock ? this.db.lockMode : undefined);
    return { apiKey: row, organization };
  }

  async get(actor: Actor, id: string): Promise<ApiKey> {
    return (await this.require(this.db.manager, actor, id, Permission.READ)).apiKey;
  }

  async list(actor: Actor, organizationId: string, filter: ApiKeyFilter | undefined, request: PageRequest): Promise<Page<ApiKey>> {
    await this.access.require(this.db.manager, actor, organizationId, Permission.READ);
    const after = request.after === null ? null : await this.cursorOf(organizationId, request.after);
    const walk = { ...this.walkOf(organizationId, filter, this.clock.now()), after, limit: request.limit + 1, offset: (request.page - 1) * request.limit };
    const [rows, total] = await Promise.all([
      rowsOf(this.db.manager, this.db.dialect, ApiKey, walk),
      countOf(this.db.manager, this.db.dialect, walk),
    ]);
    return toPage(rows, total, request);
  }

  /** Where a cursor (a key id of this organization) sits in the list's order. */
  private async cursorOf(organizationId: string, id: string): Promise<{ createdAt: Date; id: string }> {
    const key = await this.db.manager.findOne(ApiKey, { select: { id: true, createdAt: true }, where: { id, organizationId } });
    if (!key) throw badInput('after', 'is not a cursor from endCursor');
    return { createdAt: key.createdAt, id: key.id };
  }

  /**
   * The list as index walks, newest first. The effective status is a stored status plus expiry:
   * EXPIRED is the stored EXPIRED keys and the few past their expiry that the job has not marked
   * yet (found through (status, expires_at)); the other expirable statuses exclude those.
   */
  private walkOf(organizationId: string, filter: ApiKeyFilter | undefined, now: Date): Pick<Walk, 'table' | 'branches' | 'direction'> {
    const where = ['organization_id = :kOrg'];
    const params: Record<string, unknown> = { kOrg: organizationId };
    if (filter?.applicationId) {
      where.push('application_id = :kApp');
      params.kApp = filter.applicationId;
    }
    if (filter?.environment) {
      where.push('environment = :kEnv');
      params.kEnv = filter.environment;
    }
    if (filter?.kind) {
      where.push('kind = :kKind');
      params.kKind = filter.kind;
    }
    const indexFor = (byStatus: boolean): string => {
      if (filter?.applicationId) return byStatus ? 'IDX_api_keys_app_status_created' : 'IDX_api_keys_app_created';
      if (filter?.environment) return byStatus ? 'IDX_api_keys_org_env_status_created' : 'IDX_api_keys_org_env_created';
      return byStatus ? 'IDX_api_keys_org_status_created' : 'IDX_api_keys_org_created';
    };
    const status = filter?.status;
    const branch = (extra: string[], extraParams: Record<string, unknown>, index: string): Branch => ({ index, where: [...where, ...extra], params: { ...params, ...extraParams } });
    let branches: Branch[];
    if (!status) {
      branches = [branch([], {}, indexFor(false))];
    } else if (status === ApiKeyStatus.EXPIRED) {
      branches = [
        branch(['status = :kExpired'], { kExpired: ApiKeyStatus.EXPIRED }, indexFor(true)),
        branch(['status IN (:...kExpirable)', 'expires_at <= :kNow'], { kExpirable: EXPIRABLE_STATUSES, kNow: now }, 'IDX_api_keys_status_expires'),
      ];
    } else if (EXPIRABLE_STATUSES.includes(status)) {
      branches = [branch(['status = :kStatus', '(expires_at IS NULL OR expires_at > :kNow)'], { kStatus: status, kNow: now }, indexFor(true))];
    } else {
      branches = [branch(['status = :kStatus'], { kStatus: status }, indexFor(true))];
    }
    return { table: 'api_keys', branches, direction: 'DESC' };
  }

  async create(actor: Actor, input: CreateApiKeyInput): Promise<KeyWithSecret> {
    const now = this.clock.now();
    const expiresAt = this.expiryOf(input, now);
    const webhookUrl = input.webhookUrl ? checkWebhookUrl('webhookUrl', input.webhookUrl, this.config.webhookAllowPrivate) : null;
    const metadata = input.metadata ? checkMetadata('metadata', input.metadata) : null;
    const scopes = [...new Set(input.scopes)];
    const usage = usageFieldsOf(input, now);
    const call = this.idempotency.call(actor.user.id, input.idempotencyKey, 'createApiKey', input);
    // Rights first: a replay hands out a secret, so only a caller who may create keys here now gets it.
    const { application, organization: seen } = await this.applications.require(this.db.manager, actor, input.applicationId, Permission.CREATE_KEYS);
    if (call) {
      const replayed = await this.idempotency.replay(call, now);
      if (replayed) return replayed;
    }
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

      const { apiKey, secret } = await this.lifecycle.mint(manager, {
        organizationId: organization.id,
        applicationId: application.id,
        name: input.name.trim(),
        description: input.description.trim(),
        environment,
        requestedEnvironment: input.environment,
        kind: ApiKeyKind.PERMANENT,
        status,
        scopes,
        expiresAt,
        webhookUrl,
        destination: input.destination ?? null,
        metadata,
        recoverable: input.recoverable ?? false,
        recoveryPublicKey: organization.recoveryPublicKey,
        createdBy: actor.user.id,
        usage,
      }, auditActorOf(actor), now);
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

  async countActive(manager: EntityManager, organizationId: string, environment: Environment, now: Date): Promise<number> {
    return manager.count(ApiKey, { where: { organizationId, environment, storedStatus: ApiKeyStatus.ACTIVE, expiresAt: Or(IsNull(), MoreThan(now)) } });
  }

  async update(actor: Actor, id: string, input: UpdateApiKeyInput): Promise<ApiKey> {
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      // Usage settings alone are an ADMIN's to change (SPEC 7); anything else about a key stays MANAGE_KEYS.
      const { apiKey } = await this.require(manager, actor, id, onlyUsageSettings(input) ? Permission.MANAGE_USAGE : Permission.MANAGE_KEYS, true);
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
        const expiresAt = this.expiryOf(input, now);
        // A temporary key lives at most the 7 days it was issued for: its expiry may come sooner, never later or never.
        if (apiKey.kind === ApiKeyKind.TEMPORARY && (expiresAt === null || (apiKey.expiresAt !== null && expiresAt > apiKey.expiresAt))) {
          throw new DomainError(ErrorCode.IMMUTABLE_FIELD, 'A temporary key\'s expiry can only be brought forward; it is valid at most 7 days', { fields: [{ field: 'expiresAt', message: 'cannot be removed or extended on a temporary key' }] });
        }
        set('expiresAt', expiresAt);
      }
      if (input.destination !== undefined && input.destination !== apiKey.destination) {
        if (apiKey.environment === Environment.LIVE && apiKey.destination !== null) {
          throw new DomainError(ErrorCode.IMMUTABLE_FIELD, 'destination cannot change once a LIVE key carries it; create a new key instead', { fields: [{ field: 'destination', message: 'is immutable on a LIVE key' }] });
        }
        set('destination', input.destination);
      }
      const usage = usageChanges(apiKey, input, now);
      Object.assign(changes, usage);
      apiKey.updatedAt = now;
      await manager.save(ApiKey, apiKey);
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: apiKey.organizationId, type: 'api_key.updated', subjectType: 'api_key', subjectId: id, data: { changes: Object.keys(changes), ...(Object.keys(usage).length ? { usage } : {}) } });
      return apiKey;
    });
  }

  async revoke(actor: Actor, id: string, reason: string | null): Promise<ApiKey> {
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const { apiKey } = await this.require(manager, actor, id, Permission.MANAGE_KEYS, true);
      const previousStatus = effectiveStatus(apiKey, now);
      if (previousStatus === ApiKeyStatus.REVOKED) throw new DomainError(ErrorCode.ALREADY_REVOKED, 'This key is already revoked');
      if (previousStatus === ApiKeyStatus.EXCHANGED) throw new DomainError(ErrorCode.CONFLICT, 'An exchanged temporary key cannot be revoked; revoke the key it was exchanged for');
      await this.lifecycle.transition(manager, apiKey, ApiKeyStatus.REVOKED, reason, auditActorOf(actor), now);
      return apiKey;
    });
  }

  private expiryOf(input: { expiresAt?: Date | null; expiresInDays?: number | null }, now: Date): Date | null {
    if (input.expiresAt != null && input.expiresInDays != null) throw badField(`expiresAt`, 'give expiresAt or expiresInDays, not both');
    if (input.expiresAt != null) return checkFuture(`expiresAt`, input.expiresAt, now);
    if (input.expiresInDays != null) return new Date(now.getTime() + input.expiresInDays * DAY_MS);
    return null;
  }
}
