import { DataSource, EntityManager, EntityTarget, InsertResult, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Dialect, dialectOf } from './data-source';

/**
 * The data source plus the one way to write: `transaction`. SQLite has a single connection and a
 * single writer, so its transactions are queued here instead of interleaving on that connection;
 * MySQL runs them concurrently and services lock rows (`FOR UPDATE`) where an invariant needs it.
 */
export class Database {
  readonly dialect: Dialect;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'mysql') return this.dataSource.transaction(work);
    const run = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = run.catch(() => undefined);
    return run;
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
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'POOL_CLOSED',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** True when a failure means "the database is not reachable right now", not "this request is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; driverError?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 4; depth += 1) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && /Connection lost|connect ECONNREFUSED|Pool is closed|Can't add new command when connection is in closed state/i.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
