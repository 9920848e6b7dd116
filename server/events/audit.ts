import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
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

/** Marks a transaction's query runner as carrying outbox rows (read back after it commits). */
const OUTBOX_MARK = 'keywardOutboxRows';
/** The nudge of each data source's dispatcher, for events written outside a transaction. */
const commitNudges = new WeakMap<DataSource, () => void>();

/**
 * Writes an audit event inside the caller's transaction, so it commits (or not) with the change.
 * The row is also the outbox entry: the dispatcher publishes it once it has committed.
 */
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
  // Inside a transaction: nudge once it commits. Outside one the insert has already committed.
  if (manager.queryRunner?.isTransactionActive) manager.queryRunner.data[OUTBOX_MARK] = true;
  else commitNudges.get(manager.connection)?.();
  return row;
}

/**
 * Calls `onCommit` after every transaction that wrote audit events has committed, so the
 * dispatcher can run at once instead of at its next poll. Only a nudge: the outbox stays the source.
 */
export class OutboxCommitListener implements EntitySubscriberInterface {
  constructor(private readonly onCommit: () => void) {}

  /** Listens to `dataSource`'s commits until `detach`. */
  attach(dataSource: DataSource): void {
    dataSource.subscribers.push(this);
    commitNudges.set(dataSource, this.onCommit);
  }

  detach(dataSource: DataSource): void {
    const index = dataSource.subscribers.indexOf(this);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
    if (commitNudges.get(dataSource) === this.onCommit) commitNudges.delete(dataSource);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    if (!data[OUTBOX_MARK]) return;
    delete data[OUTBOX_MARK];
    this.onCommit();
  }

  /** SQLite reuses one query runner: a rolled-back transaction must not leave its mark behind. */
  afterTransactionRollback(event: TransactionRollbackEvent): void {
    delete (event.queryRunner.data as Record<string, unknown>)[OUTBOX_MARK];
  }
}
