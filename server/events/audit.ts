import { EntityManager } from 'typeorm';
import { insertRow } from '../database/database';
import { newId } from '../shared/random';
import { AuditEvent } from './audit-event.entity';

/** Who made a change, as recorded on its audit event. */
export interface AuditActor {
  readonly type: 'user' | 'personal_access_token' | 'system' | 'temporary_key';
  readonly id: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null };

export interface EventInput {
  readonly organizationId: string | null;
  readonly type: string;
  readonly subjectType: 'organization' | 'application' | 'api_key' | 'user' | 'member' | 'personal_access_token' | 'webhook_endpoint' | 'signing_key';
  readonly subjectId: string;
  readonly data?: Record<string, unknown>;
}

/** Writes an audit event inside the caller's transaction, so it commits (or not) with the change. */
export async function recordEvent(manager: EntityManager, actor: AuditActor, now: Date, event: EventInput): Promise<AuditEvent> {
  const row = manager.create(AuditEvent, {
    id: newId('evt', now.getTime()),
    organizationId: event.organizationId,
    type: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    actorType: actor.type,
    actorId: actor.id,
    data: event.data ?? {},
    createdAt: now,
    dispatchedAt: null,
  });
  await insertRow(manager, AuditEvent, row);
  return row;
}
