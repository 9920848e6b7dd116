import { ApiKey } from '../api-keys/api-key.entity';
import { ApiKeyStatus } from '../api-keys/api-key.enums';
import { Application } from '../applications/application.entity';
import { AuditEvent } from './audit-event.entity';

/**
 * What travels on the pub/sub topics: JSON only (dates as ISO strings), so the in-process and the
 * Redis transports carry exactly the same thing. Subscribers turn a message back into entities.
 */
export type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export interface ApiKeyStatusMessage {
  readonly eventId: string;
  readonly eventType: string;
  readonly apiKey: Json<ApiKey>;
  readonly previousStatus: ApiKeyStatus;
  readonly status: ApiKeyStatus;
  readonly reason: string | null;
  readonly occurredAt: string;
}

export enum ApplicationStatus {
  ENABLED = 'ENABLED',
  DISABLED = 'DISABLED',
}

export interface ApplicationStatusMessage {
  readonly eventId: string;
  readonly application: Json<Application>;
  readonly previousStatus: ApplicationStatus;
  readonly status: ApplicationStatus;
  readonly occurredAt: string;
}

export interface AuditEventMessage {
  readonly event: Json<AuditEvent>;
}

export function toJson<T extends object>(value: T): Json<T> {
  return JSON.parse(JSON.stringify(value)) as Json<T>;
}

function withDates<T extends object>(target: T, json: object, dateFields: ReadonlyArray<keyof T>): T {
  Object.assign(target, json);
  const record = target as Record<keyof T, unknown>;
  for (const field of dateFields) {
    const value = record[field];
    record[field] = typeof value === 'string' ? new Date(value) : null;
  }
  return target;
}

/** The key as the subscriber's resolvers expect it; the sealed recovery blob never travels. */
export function apiKeyOf(json: Json<ApiKey>): ApiKey {
  const { wrappedSecret: _sealed, ...rest } = json;
  return withDates(new ApiKey(), { ...rest, wrappedSecret: null }, ['expiresAt', 'lastUsedAt', 'revokedAt', 'createdAt', 'updatedAt', 'creditsRefilledAt']);
}

export function apiKeyJson(apiKey: ApiKey): Json<ApiKey> {
  // Getters (rateLimits, creditRefill) live on the prototype: apiKeyOf's instance gives them back.
  return toJson({ ...apiKey, wrappedSecret: null }) as unknown as Json<ApiKey>;
}

export function applicationOf(json: Json<Application>): Application {
  return withDates(new Application(), json, ['createdAt', 'updatedAt']);
}

export function auditEventOf(json: Json<AuditEvent>): AuditEvent {
  return withDates(new AuditEvent(), json, ['createdAt', 'dispatchedAt']);
}
