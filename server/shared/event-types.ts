/**
 * The names of Keyward's events as they travel (audit log `type`, webhook payload `type`), with no
 * Node or browser API: the server records and delivers exactly these (events/event-types.ts), the
 * GraphQL enum WebhookEventType is built from them, and the console imports this very file for its
 * filters and checkboxes, so no copy can drift.
 */

/**
 * Every event type Keyward records, one union: `recordEvent` takes nothing else, so a misspelt or
 * forgotten type fails to compile. Each is written by exactly one place in the code.
 */
export const EVENT_TYPES = [
  'account_secret.changed',
  'account_secret.rotation_due',
  'account_secret.set',
  'api_key.activated',
  'api_key.created',
  'api_key.credits_exhausted',
  'api_key.credits_refilled',
  'api_key.credits_updated',
  'api_key.deactivated',
  'api_key.exchanged',
  'api_key.expired',
  'api_key.leaked',
  'api_key.revoked',
  'api_key.rotated',
  'api_key.secret_expired',
  'api_key.secret_retrieved',
  'api_key.updated',
  'application.created',
  'application.disabled',
  'application.enabled',
  'application.updated',
  'member.added',
  'member.removed',
  'member.role_changed',
  'organization.created',
  'organization.kyb_status_changed',
  'organization.updated',
  'personal_access_token.created',
  'personal_access_token.revoked',
  'second_factor.added',
  'second_factor.recovery_code_used',
  'second_factor.removed',
  'signing_key.created',
  'signing_key.rotated',
  'user.created',
  'user.invited',
  'webhook_endpoint.created',
  'webhook_endpoint.deleted',
  'webhook_endpoint.disabled',
  'webhook_endpoint.secret_rotated',
  'webhook_endpoint.updated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The event types webhooks carry (SPEC 4.3); other audit events stay in the log and subscriptions. */
export const WEBHOOK_EVENT_TYPES = [
  'api_key.created',
  'api_key.activated',
  'api_key.rotated',
  'api_key.secret_expired',
  'api_key.revoked',
  'api_key.expired',
  'api_key.exchanged',
  'api_key.leaked',
  'application.disabled',
  'application.enabled',
  'organization.kyb_status_changed',
  'account_secret.rotation_due',
  'api_key.credits_exhausted',
] as const satisfies readonly EventType[];

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/** Subjects an audit event can be about (`subjectType`). */
export const SUBJECT_TYPES = ['organization', 'application', 'api_key', 'user', 'member', 'personal_access_token', 'webhook_endpoint', 'signing_key'] as const;

export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** The GraphQL enum value of an event type: `api_key.secret_expired` is API_KEY_SECRET_EXPIRED. */
export const eventTypeEnumName = (type: string): string => type.replace('.', '_').toUpperCase();
