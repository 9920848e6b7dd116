import { ApiKeyStatus } from '../api-keys/api-key.enums';
import { AuditEvent } from './audit-event.entity';
import { ApplicationStatus } from './event-messages';
import type { EventType } from '../shared/event-types';

export { EVENT_TYPES, isWebhookEventType, WEBHOOK_EVENT_TYPES } from '../shared/event-types';
export type { EventType, WebhookEventType } from '../shared/event-types';


const STATUSES = new Set<string>(Object.values(ApiKeyStatus));
const asStatus = (value: unknown): ApiKeyStatus | null => (typeof value === 'string' && STATUSES.has(value) ? (value as ApiKeyStatus) : null);

/**
 * Where an event type does not record both statuses, what its transition is. Rotation and secret
 * expiry keep the key's status but change its credentials, so watchers hear of them too.
 */
const KEY_TRANSITIONS: Readonly<Partial<Record<EventType, { from: ApiKeyStatus | 'same'; to: ApiKeyStatus | 'same' }>>> = {
  'api_key.activated': { from: ApiKeyStatus.INACTIVE, to: ApiKeyStatus.ACTIVE },
  'api_key.revoked': { from: ApiKeyStatus.ACTIVE, to: ApiKeyStatus.REVOKED },
  'api_key.expired': { from: ApiKeyStatus.ACTIVE, to: ApiKeyStatus.EXPIRED },
  'api_key.exchanged': { from: ApiKeyStatus.PENDING_EXCHANGE, to: ApiKeyStatus.EXCHANGED },
  'api_key.rotated': { from: 'same', to: 'same' },
  'api_key.secret_expired': { from: 'same', to: 'same' },
};

export interface KeyTransition {
  readonly previousStatus: ApiKeyStatus;
  readonly status: ApiKeyStatus;
  readonly reason: string | null;
}

/**
 * The key status change an audit event records, or null when it records none. Events carry
 * `data.previousStatus` and `data.status`; the table above fills in what older events lack.
 */
export function keyTransitionOf(event: AuditEvent, currentStatus: ApiKeyStatus): KeyTransition | null {
  if (event.subjectType !== 'api_key') return null;
  const known = KEY_TRANSITIONS[event.type as EventType];
  const recordedPrevious = asStatus(event.data.previousStatus);
  const recordedStatus = asStatus(event.data.status);
  if (!known && !(recordedPrevious && recordedStatus && event.type !== 'api_key.created' && event.type !== 'api_key.updated')) return null;
  const status = recordedStatus ?? (known!.to === 'same' ? currentStatus : known!.to);
  const previousStatus = recordedPrevious ?? (known!.from === 'same' ? status : known!.from);
  const reason = typeof event.data.reason === 'string' ? event.data.reason : null;
  return { previousStatus, status, reason };
}

export function applicationTransitionOf(event: AuditEvent): { previousStatus: ApplicationStatus; status: ApplicationStatus } | null {
  if (event.type === 'application.disabled') return { previousStatus: ApplicationStatus.ENABLED, status: ApplicationStatus.DISABLED };
  if (event.type === 'application.enabled') return { previousStatus: ApplicationStatus.DISABLED, status: ApplicationStatus.ENABLED };
  return null;
}

/** Events after which a subscriber's right to listen may have changed. */
export const ACCESS_EVENT_TYPES: ReadonlySet<string> = new Set<EventType>(['member.removed', 'member.role_changed', 'personal_access_token.revoked', 'second_factor.removed', 'organization.updated']);
