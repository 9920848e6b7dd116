import { DataSource, EntityManager, EntityTarget, InsertResult, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Dialect, dialectOf } from './data-source';
import { isStatementTimeout } from './statement-limit';

/**
 * The data source plus the one way to write: `transaction` (or `write` for a single statement).
 *
 * SQLite has one writer connection, so its transactions are queued here instead of interleaving on
 * that connection. Everything outside a transaction must stay out of an open one too, or a write
 * would be rolled back with another request's transaction and a read would see its uncommitted
 * rows. So on SQLite:
 * - reads outside a transaction (`manager`, `reader`) use a second, read-only connection, which
 *   sees only committed data (WAL);
 * - writes outside a transaction go through `write`, which joins the queue; a write attempted
 *   through `manager` fails on the read-only connection instead of joining another transaction.
 * MySQL runs transactions concurrently on pooled connections; services lock rows (`FOR UPDATE`)
 * where an invariant needs it, and `manager`/`reader`/`write` use the pool directly.
 */
export class Database {
  readonly dialect: Dialect;
  /** Reads outside a transaction: a read-only connection on SQLite, the pool on MySQL. */
  readonly reader: DataSource;
  private queue: Promise<unknown> = Promise.resolve();

  /** `reader` defaults to the data source itself (one-off tools; SQLite then loses the isolation above). */
  constructor(
    readonly dataSource: DataSource,
    reader?: DataSource,
  ) {
    this.dialect = dialectOf(dataSource);
    this.reader = reader ?? dataSource;
  }

  /** For reads outside a transaction only (see the class comment); inside one, use its manager. */
  get manager(): EntityManager {
    return this.reader.manager;
  }

  /**
   * Runs `work` in a transaction. When the database goes away after `work` finished, while the
   * COMMIT was on the wire, nobody can say whether it was applied: the failure is rethrown as a
   * CommitOutcomeUnknown, so the caller is told to read back or retry with its idempotency key
   * instead of being told that nothing changed.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      // A lost race leaves nothing applied (see isLostRace): running the work again is safe and is
      // what the caller would have to do, so the race never reaches a client as an error.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await once();
        } catch (error) {
          if (attempt >= RACE_ATTEMPTS || !isLostRace(error)) throw error;
        }
      }
    };
    const once = () => {
      let committing = false;
      return this.dataSource
        .transaction(async (manager) => {
          const result = await work(manager);
          committing = true;
          return result;
        })
        .catch((error: unknown) => {
          throw committing && isDatabaseUnavailable(error) ? new CommitOutcomeUnknown(error) : error;
        });
    };
    if (this.dialect === 'mysql') return run();
    // Queued within this process; other writers on the same file (the credentials thread, other
    // processes) are kept out by SQLite's own lock, and a stale snapshot by isLostRace.
    const queued = this.queue.then(run);
    this.queue = queued.catch(() => undefined);
    return queued;
  }

  /**
   * A write that needs no transaction of its own (a touch, an insert); on SQLite it still takes its
   * turn in the queue. On MySQL it is one autocommitted statement, so a lost connection leaves its
   * outcome unknown, as a lost COMMIT does.
   */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect !== 'mysql') return this.transaction(work);
    return work(this.dataSource.manager).catch((error: unknown) => {
      throw isDatabaseUnavailable(error) ? new CommitOutcomeUnknown(error) : error;
    });
  }

  /**
   * Find options for `FOR UPDATE` where the dialect has it (spread into `findOne`); SQLite's queued
   * transactions are already serial. It must be the `lock` option: TypeORM ignores a bare `mode`.
   */
  get lockMode(): LockOption {
    return this.dialect === 'mysql' ? { lock: { mode: 'pessimistic_write' } } : {};
  }
}

export type LockOption = { lock: { mode: 'pessimistic_write' } } | Record<string, never>;

/** True when a write failed on a unique index (both dialects). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** `insert` for a fully built entity (TypeORM's partial type trips over JSON columns). */
export function insertRow<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, row: T): Promise<InsertResult> {
  return manager.insert(entity, row as QueryDeepPartialEntity<T>);
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_QUERY_INTERRUPTED',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'POOL_CLOSED',
]);

/** SQLite's busy and locked results, with every extended code (better-sqlite3 reports extended ones). */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED)(_|$)/;

const RACE_ATTEMPTS = 3;

/**
 * True when the transaction lost a race that running it again can win, with nothing of it applied:
 * InnoDB chose it as a deadlock's victim and rolled it back; or on SQLite another connection to the
 * file (the credentials thread, another process) committed after this transaction read and before
 * its first write, so its snapshot is stale and its write refused (`SQLITE_BUSY_SNAPSHOT`).
 */
export function isLostRace(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_LOCK_DEADLOCK' || (e?.driverError?.errno ?? e?.errno) === 1213 || code === 'SQLITE_BUSY_SNAPSHOT';
}

/** The database went away while a change was being committed: it may or may not have been applied. */
export class CommitOutcomeUnknown extends Error {
  constructor(override readonly cause: unknown) {
    super('The database connection was lost while a change was being committed');
    this.name = 'CommitOutcomeUnknown';
  }
}

export const isCommitOutcomeUnknown = (error: unknown): boolean => error instanceof CommitOutcomeUnknown;

/** True when a failure means "the database is not reachable right now", not "this request is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; driverError?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 4; depth += 1) {
    if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || SQLITE_UNAVAILABLE.test(e.code))) return true;
    if (isStatementTimeout(e)) return true;
    // A data source already closed (shutdown, or a test's outage) is as unreachable as a dead server.
    // mysql2 marks every error that ends its connection as fatal, whatever its code.
    if ((e as { fatal?: unknown }).fatal === true) return true;
    if (typeof e.message === 'string' && /Connection lost|connect ECONNREFUSED|Pool is closed|Can't add new command when connection is in closed state|The database connection is not open|Connection is not established/i.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
