import { EntityManager, In } from 'typeorm';
import { ApiKey } from '../../api-keys/api-key.entity';
import { effectiveStatus } from '../../api-keys/key-status';
import { Application } from '../../applications/application.entity';
import { AccessService } from '../../auth/access.service';
import { Actor } from '../../auth/actor';
import { Permission } from '../../auth/roles';
import { Clock } from '../../clock';
import { Config } from '../../config';
import { Database, insertRow } from '../../database/database';
import { DomainError, ErrorCode } from '../../errors';
import { Organization } from '../../organizations/organization.entity';
import { KeyRing } from '../../shared/keyring';
import { newId } from '../../shared/random';
import { badField, checkWebhookUrl } from '../../shared/validation';
import { AuditEvent } from '../audit-event.entity';
import { auditActorOf, recordEvent } from '../audit';
import { applicationTransitionOf, isWebhookEventType, keyTransitionOf, WEBHOOK_EVENT_TYPES } from '../event-types';
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from './webhook.inputs';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { generateWebhookSecret, KeyWebhookSecrets, secretPrefixOf } from './webhook-signing';

export const MAX_ENDPOINTS_PER_ORGANIZATION = 20;
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 86_400;

export interface EndpointWithSecret {
  webhookEndpoint: WebhookEndpoint;
  secret: string;
}

/** What a delivery is signed with and sent to, resolved at attempt time. */
export interface DeliveryTarget {
  readonly url: string;
  readonly secrets: string[];
  readonly endpoint: WebhookEndpoint | null;
}

const sealContext = (endpointId: string, which: 'current' | 'previous'): string => `webhook-endpoint:${endpointId}:${which}`;

/** Webhook endpoints (ADMIN and up), the deliveries queued for them, and what each is signed with. */
export class WebhookService {
  readonly keySecrets: KeyWebhookSecrets;

  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly keyring: KeyRing,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {
    this.keySecrets = new KeyWebhookSecrets(config.secret);
  }

  async list(actor: Actor, organizationId: string): Promise<WebhookEndpoint[]> {
    await this.access.require(this.db.manager, actor, organizationId, Permission.READ_WEBHOOKS);
    return this.db.manager.find(WebhookEndpoint, { where: { organizationId }, order: { id: 'ASC' } });
  }

  /** Loads an endpoint the caller may use with `permission`; another tenant's reads as NOT_FOUND. */
  private async require(manager: EntityManager, actor: Actor, id: string, lock = false, permission = Permission.MANAGE_APPLICATIONS): Promise<WebhookEndpoint> {
    return (await this.access.requireOwned(manager, actor, WebhookEndpoint, id, permission, 'Webhook endpoint', lock ? this.db.lockMode : undefined)).row;
  }

  /** The event types an input asks for, by name (eventTypes) or by enum (events), not both. */
  private eventTypesOf(input: { eventTypes?: string[] | null; events?: string[] | null }): string[] {
    if (input.eventTypes != null && input.events != null) throw badField('input.events', 'give eventTypes or events, not both');
    const value = input.events ?? input.eventTypes;
    const types = [...new Set((value ?? []).map((t) => t.trim()))];
    const unknown = types.filter((t) => !isWebhookEventType(t));
    if (unknown.length) throw badField('input.eventTypes', `has unknown event types ${unknown.join(', ')}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
    return types;
  }

  async create(actor: Actor, input: CreateWebhookEndpointInput): Promise<EndpointWithSecret> {
    const url = checkWebhookUrl('input.url', input.url.trim(), this.config.webhookAllowPrivate);
    const eventTypes = this.eventTypesOf(input);
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      await this.access.require(manager, actor, input.organizationId, Permission.MANAGE_APPLICATIONS, this.db.lockMode);
      const count = await manager.count(WebhookEndpoint, { where: { organizationId: input.organizationId } });
      if (count >= MAX_ENDPOINTS_PER_ORGANIZATION) throw new DomainError(ErrorCode.CONFLICT, `An organization has at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints; delete one first`);
      const secret = generateWebhookSecret();
      const id = newId('whe', now.getTime());
      const endpoint = manager.create(WebhookEndpoint, {
        id,
        organizationId: input.organizationId,
        url,
        description: input.description?.trim() || null,
        eventTypes,
        isEnabled: true,
        disabledReason: null,
        secretSealed: this.keyring.encrypt(secret, sealContext(id, 'current')),
        secretPrefix: secretPrefixOf(secret),
        previousSecretSealed: null,
        previousSecretExpiresAt: null,
        failingSince: null,
        createdAt: now,
        updatedAt: now,
      });
      await insertRow(manager, WebhookEndpoint, endpoint);
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: endpoint.organizationId, type: 'webhook_endpoint.created', subjectType: 'webhook_endpoint', subjectId: id, data: { url, eventTypes } });
      return { webhookEndpoint: endpoint, secret };
    });
  }

  async update(actor: Actor, id: string, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    const url = input.url != null ? checkWebhookUrl('input.url', input.url.trim(), this.config.webhookAllowPrivate) : undefined;
    const eventTypes = input.eventTypes != null || input.events != null ? this.eventTypesOf(input) : undefined;
    return this.db.transaction(async (manager) => {
      const endpoint = await this.require(manager, actor, id, true);
      const now = this.clock.now();
      const changes: string[] = [];
      if (url !== undefined) (endpoint.url = url), changes.push('url');
      if (eventTypes !== undefined) (endpoint.eventTypes = eventTypes), changes.push('eventTypes');
      if (input.description !== undefined) (endpoint.description = input.description?.trim() || null), changes.push('description');
      if (input.isEnabled != null && input.isEnabled !== endpoint.isEnabled) {
        endpoint.isEnabled = input.isEnabled;
        endpoint.disabledReason = input.isEnabled ? null : 'disabled by a member';
        endpoint.failingSince = null;
        changes.push('isEnabled');
      }
      endpoint.updatedAt = now;
      await manager.save(WebhookEndpoint, endpoint);
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: endpoint.organizationId, type: 'webhook_endpoint.updated', subjectType: 'webhook_endpoint', subjectId: id, data: { changes } });
      return endpoint;
    });
  }

  /** Deletes the endpoint with its delivery history; queued deliveries are dropped with it. */
  async delete(actor: Actor, id: string): Promise<WebhookEndpoint> {
    return this.db.transaction(async (manager) => {
      const endpoint = await this.require(manager, actor, id, true);
      const deliveries = await manager.find(WebhookDelivery, { select: { id: true }, where: { endpointId: id } });
      const ids = deliveries.map((d) => d.id);
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await manager.delete(WebhookDeliveryAttempt, { deliveryId: In(chunk) });
        await manager.delete(WebhookDelivery, { id: In(chunk) });
      }
      await manager.delete(WebhookEndpoint, { id });
      await recordEvent(manager, auditActorOf(actor), this.clock.now(), { organizationId: endpoint.organizationId, type: 'webhook_endpoint.deleted', subjectType: 'webhook_endpoint', subjectId: id, data: { url: endpoint.url } });
      return endpoint;
    });
  }

  /**
   * A new secret, returned once. The old one keeps signing (both signatures are sent) for
   * `overlapSeconds`, so receivers can switch without dropping a delivery.
   */
  async rotateSecret(actor: Actor, id: string, overlapSeconds: number): Promise<EndpointWithSecret> {
    if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_ROTATION_OVERLAP_SECONDS) {
      throw badField('overlapSeconds', `must be a whole number of seconds from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}`);
    }
    return this.db.transaction(async (manager) => {
      const endpoint = await this.require(manager, actor, id, true);
      const now = this.clock.now();
      const previous = this.keyring.decrypt(endpoint.secretSealed, sealContext(id, 'current'));
      const secret = generateWebhookSecret();
      endpoint.secretSealed = this.keyring.encrypt(secret, sealContext(id, 'current'));
      endpoint.secretPrefix = secretPrefixOf(secret);
      endpoint.previousSecretSealed = overlapSeconds > 0 ? this.keyring.encrypt(previous, sealContext(id, 'previous')) : null;
      endpoint.previousSecretExpiresAt = overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null;
      endpoint.updatedAt = now;
      await manager.save(WebhookEndpoint, endpoint);
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: endpoint.organizationId, type: 'webhook_endpoint.secret_rotated', subjectType: 'webhook_endpoint', subjectId: id, data: { secretPrefix: endpoint.secretPrefix, previousSecretExpiresAt: endpoint.previousSecretExpiresAt } });
      return { webhookEndpoint: endpoint, secret };
    });
  }

  /** The newest deliveries of an endpoint, with every attempt (two statements). */
  async deliveries(actor: Actor, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    await this.require(this.db.manager, actor, endpointId, false, Permission.READ_WEBHOOKS);
    return this.withAttempts(await this.db.manager.find(WebhookDelivery, { where: { endpointId }, order: { id: 'DESC' }, take: Math.min(Math.max(limit, 1), 100) }));
  }

  /** Deliveries to a key's own webhookUrl. */
  async keyDeliveries(actor: Actor, apiKeyId: string, limit: number): Promise<WebhookDelivery[]> {
    await this.requireKey(actor, apiKeyId, Permission.READ_WEBHOOKS);
    return this.withAttempts(await this.db.manager.find(WebhookDelivery, { where: { apiKeyId }, order: { id: 'DESC' }, take: Math.min(Math.max(limit, 1), 100) }));
  }

  private async withAttempts(deliveries: WebhookDelivery[]): Promise<WebhookDelivery[]> {
    const attempts = deliveries.length ? await this.db.manager.find(WebhookDeliveryAttempt, { where: { deliveryId: In(deliveries.map((d) => d.id)) }, order: { attempt: 'ASC' } }) : [];
    const byDelivery = new Map<string, WebhookDeliveryAttempt[]>();
    for (const attempt of attempts) byDelivery.set(attempt.deliveryId, [...(byDelivery.get(attempt.deliveryId) ?? []), attempt]);
    for (const delivery of deliveries) delivery.attempts = byDelivery.get(delivery.id) ?? [];
    return deliveries;
  }

  private async requireKey(actor: Actor, apiKeyId: string, permission: Permission): Promise<ApiKey> {
    return (await this.access.requireOwned(this.db.manager, actor, ApiKey, apiKeyId, permission, 'API key')).row;
  }

  /** The secret that signs deliveries to a key's own webhookUrl (ADMIN and up). */
  async keyWebhookSecret(actor: Actor, apiKeyId: string): Promise<string> {
    // A secret that signs the key's deliveries: key management (a connected account's own members never hold it).
    const apiKey = await this.requireKey(actor, apiKeyId, Permission.MANAGE_APPLICATIONS);
    return this.keySecrets.secretFor(apiKey.id);
  }

  /**
   * Queues deliveries for committed events, inside the dispatcher's transaction: one per enabled
   * endpoint of the organization (or of its parent, for a connected account) that takes the type,
   * and one to the key's own webhookUrl.
   */
  async enqueue(manager: EntityManager, events: readonly AuditEvent[], keys: ReadonlyMap<string, ApiKey>, applications: ReadonlyMap<string, Application>, now: Date): Promise<number> {
    const relevant = events.filter((e) => e.organizationId && isWebhookEventType(e.type));
    if (relevant.length === 0) return 0;
    const organizationIds = [...new Set(relevant.map((e) => e.organizationId!))];
    // A connected account's events also go to its parent's endpoints (the platform that manages it).
    const organizations = await manager.find(Organization, { select: { id: true, parentOrganizationId: true }, where: { id: In(organizationIds) } });
    const parentOf = new Map(organizations.map((o) => [o.id, o.parentOrganizationId]));
    const owners = [...new Set([...organizationIds, ...organizations.flatMap((o) => (o.parentOrganizationId ? [o.parentOrganizationId] : []))])];
    const endpoints = await manager.find(WebhookEndpoint, { where: { organizationId: In(owners), isEnabled: true } });
    const rows: WebhookDelivery[] = [];
    for (const event of relevant) {
      const apiKey = event.subjectType === 'api_key' ? keys.get(event.subjectId) : undefined;
      const payload = JSON.stringify(this.payloadOf(event, apiKey, event.subjectType === 'application' ? applications.get(event.subjectId) : undefined, now));
      const base = { organizationId: event.organizationId!, eventId: event.id, eventType: event.type, payload, status: WebhookDeliveryStatus.PENDING, attemptCount: 0, nextAttemptAt: now, lastStatusCode: null, lastError: null, deliveredAt: null, createdAt: now };
      for (const endpoint of endpoints) {
        if (endpoint.organizationId !== event.organizationId && endpoint.organizationId !== parentOf.get(event.organizationId!)) continue;
        if (endpoint.eventTypes.length && !endpoint.eventTypes.includes(event.type)) continue;
        rows.push(manager.create(WebhookDelivery, { ...base, id: newId('whd', now.getTime()), endpointId: endpoint.id, apiKeyId: null, url: null }));
      }
      if (apiKey?.webhookUrl) rows.push(manager.create(WebhookDelivery, { ...base, id: newId('whd', now.getTime()), endpointId: null, apiKeyId: apiKey.id, url: apiKey.webhookUrl }));
    }
    for (let i = 0; i < rows.length; i += 200) await manager.insert(WebhookDelivery, rows.slice(i, i + 200));
    return rows.length;
  }

  /** The body of a delivery (Standard Webhooks shape: type, timestamp, data). */
  payloadOf(event: AuditEvent, apiKey: ApiKey | undefined, application: Application | undefined, now: Date): Record<string, unknown> {
    const data: Record<string, unknown> = {
      ...event.data,
      eventId: event.id,
      organizationId: event.organizationId,
      subject: { type: event.subjectType, id: event.subjectId },
      actor: { type: event.actorType, id: event.actorId },
    };
    if (apiKey) {
      const transition = keyTransitionOf(event, effectiveStatus(apiKey, now));
      if (transition) Object.assign(data, transition);
      data.apiKey = { id: apiKey.id, applicationId: apiKey.applicationId, name: apiKey.name, environment: apiKey.environment, kind: apiKey.kind, status: effectiveStatus(apiKey, now), keyPrefix: apiKey.keyPrefix, expiresAt: apiKey.expiresAt, revokedAt: apiKey.revokedAt };
    }
    const appTransition = applicationTransitionOf(event);
    if (appTransition) Object.assign(data, appTransition);
    if (application) data.application = { id: application.id, name: application.name, isEnabled: application.isEnabled };
    return { type: event.type, timestamp: event.createdAt.toISOString(), data };
  }

  /** Where a claimed delivery goes and what signs it, or why it cannot go (target deleted or disabled). */
  async targetOf(manager: EntityManager, delivery: WebhookDelivery, now: Date): Promise<DeliveryTarget | string> {
    if (delivery.endpointId) {
      const endpoint = await manager.findOne(WebhookEndpoint, { where: { id: delivery.endpointId } });
      if (!endpoint) return 'endpoint deleted';
      if (!endpoint.isEnabled) return `endpoint disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}`;
      const secrets = [this.keyring.decrypt(endpoint.secretSealed, sealContext(endpoint.id, 'current'))];
      if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
        secrets.push(this.keyring.decrypt(endpoint.previousSecretSealed, sealContext(endpoint.id, 'previous')));
      }
      return { url: endpoint.url, secrets, endpoint };
    }
    if (!delivery.apiKeyId) return 'no target';
    // The key's webhookUrl as it is now, like an endpoint's URL: a retry never goes to a URL the
    // key no longer names, and stops when the key has none.
    const apiKey = await manager.findOne(ApiKey, { select: { id: true, webhookUrl: true }, where: { id: delivery.apiKeyId } });
    if (!apiKey?.webhookUrl) return 'the key no longer has a webhookUrl';
    return { url: apiKey.webhookUrl, secrets: [this.keySecrets.secretFor(delivery.apiKeyId)], endpoint: null };
  }
}
