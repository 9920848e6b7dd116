import { DataSource, EntityManager, EntitySubscriberInterface, InsertEvent, ObjectLiteral, QueryRunner, RemoveEvent, TransactionCommitEvent, TransactionRollbackEvent, UpdateEvent } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { insertRow } from '../database/database';
import type { Actor } from '../auth/actor';
import { newId } from '../shared/random';
import { AuditEvent } from './audit-event.entity';
import { EventType } from './event-types';
import type { SubjectType } from '../shared/event-types';

/** Who made a change, as recorded on its audit event. */
export interface AuditActor {
  readonly type: 'user' | 'personal_access_token' | 'system' | 'temporary_key';
  readonly id: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null };

/** How an authenticated caller is recorded: a personal access token by its id, a session by its user. */
export function auditActorOf(actor: Actor): AuditActor {
  return actor.via === 'personal_access_token' ? { type: 'personal_access_token', id: actor.tokenId } : { type: 'user', id: actor.user.id };
}

export type { SubjectType } from '../shared/event-types';

export interface EventInput {
  readonly organizationId: string | null;
  readonly type: EventType;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly data?: Record<string, unknown>;
}

/** What one committed audit event changed: the subject every derived state (caches, streams) follows. */
export interface CommittedChange {
  readonly type: EventType;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly organizationId: string | null;
}

/**
 * A write to one of these tables inside a transaction that records no event for an api_key,
 * application or organization is a change nobody described: the feed reports it as UNATTRIBUTED,
 * and listeners fall back to dropping everything (correct, slower, and logged so it gets fixed).
 */
const DESCRIBED_BY_EVENTS: ReadonlySet<string> = new Set(['api_keys', 'api_key_secrets', 'applications', 'organizations']);
const CREDENTIAL_SUBJECTS: ReadonlySet<SubjectType> = new Set<SubjectType>(['api_key', 'application', 'organization']);

/** A change the feed could not attribute to a subject; see DESCRIBED_BY_EVENTS. */
export const UNATTRIBUTED: CommittedChange = Object.freeze({ type: 'organization.updated', subjectType: 'organization', subjectId: '*', organizationId: null });

/** Per transaction (a query runner's `data`): the changes its audit rows describe, and the tables it wrote. */
const CHANGES = 'keywardCommittedChanges';
const TOUCHED = 'keywardTouchedTables';
/** The feed of each data source, for events written outside a transaction. */
const feeds = new WeakMap<DataSource, CommitFeed>();

/**
 * Writes an audit event inside the caller's transaction, so it commits (or not) with the change.
 * The row is also the outbox entry (the dispatcher publishes it once it has committed), and the
 * record of what changed: after commit the CommitFeed hands it to every listener — verify's cache
 * among them — so no service has to remember to tell anyone.
 */
export async function recordEvent(manager: EntityManager, actor: AuditActor, now: Date, event: EventInput): Promise<AuditEvent> {
  const [row] = await recordEvents(manager, actor, now, [event]);
  return row!;
}

/**
 * `recordEvent` for many events at once (a batch of key expiries): one multi-row INSERT, and every
 * event's subject reported to the CommitFeed exactly as one `recordEvent` each would.
 */
export async function recordEvents(manager: EntityManager, actor: AuditActor, now: Date, events: readonly EventInput[]): Promise<AuditEvent[]> {
  if (events.length === 0) return [];
  const rows = events.map((event) =>
    manager.create(AuditEvent, {
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
    }),
  );
  if (rows.length === 1) await insertRow(manager, AuditEvent, rows[0]!);
  else await manager.insert(AuditEvent, rows as QueryDeepPartialEntity<AuditEvent>[]);
  const changes: CommittedChange[] = events.map((event) => ({ type: event.type, subjectType: event.subjectType, subjectId: event.subjectId, organizationId: event.organizationId }));
  // Inside a transaction: reported once it commits. Outside one the insert has already committed.
  const runner = manager.queryRunner;
  if (runner?.isTransactionActive) ((runner.data[CHANGES] ??= []) as CommittedChange[]).push(...changes);
  else feeds.get(manager.connection)?.emit(changes);
  return rows;
}

export type CommitListener = (changes: readonly CommittedChange[]) => void;

/**
 * Reports, after every transaction commits, the changes its audit rows describe — the one change
 * path that caches, the outbox dispatcher and anything else derived from the database follow
 * (SPEC 5a). Listeners run synchronously right after COMMIT, before the request that made the
 * change is answered, so its own instance never answers from what it just replaced.
 */
export class CommitFeed implements EntitySubscriberInterface {
  private readonly listeners: CommitListener[] = [];
  private dataSource: DataSource | null = null;

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  /** Listens to `dataSource`'s commits until `detach`. */
  attach(dataSource: DataSource): void {
    if (this.dataSource) return;
    dataSource.subscribers.push(this);
    feeds.set(dataSource, this);
    this.dataSource = dataSource;
  }

  detach(): void {
    const dataSource = this.dataSource;
    if (!dataSource) return;
    const index = dataSource.subscribers.indexOf(this);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
    if (feeds.get(dataSource) === this) feeds.delete(dataSource);
    this.dataSource = null;
  }

  listen(listener: CommitListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  emit(changes: readonly CommittedChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  afterInsert(event: InsertEvent<ObjectLiteral>): void {
    this.touched(event.queryRunner, event.metadata.tableName);
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>): void {
    this.touched(event.queryRunner, event.metadata.tableName);
  }

  afterRemove(event: RemoveEvent<ObjectLiteral>): void {
    this.touched(event.queryRunner, event.metadata.tableName);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    const changes = (data[CHANGES] as CommittedChange[] | undefined) ?? [];
    const touched = data[TOUCHED] === true;
    delete data[CHANGES];
    delete data[TOUCHED];
    if (touched && !changes.some((change) => CREDENTIAL_SUBJECTS.has(change.subjectType))) changes.push(UNATTRIBUTED);
    this.emit(changes);
  }

  /** SQLite reuses one query runner: a rolled-back transaction must not leave its changes behind. */
  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    delete data[CHANGES];
    delete data[TOUCHED];
  }

  private touched(runner: QueryRunner | undefined, table: string): void {
    if (!DESCRIBED_BY_EVENTS.has(table)) return;
    if (runner?.isTransactionActive) (runner.data as Record<string, unknown>)[TOUCHED] = true;
    // A write outside any transaction has committed already, with nothing describing it.
    else this.emit([UNATTRIBUTED]);
  }
}
