import type { DataSource } from 'typeorm';

/** The part of a mysql2 (callback) pool and its connections this module touches. */
interface PoolConnection {
  query(sql: string, callback: (error: Error | null) => void): void;
}
interface Pool {
  getConnection(callback: (error: Error | null, connection: PoolConnection) => void): void;
}

export interface StatementLimitLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** MariaDB's "max_statement_time exceeded" (1969) and MySQL's "maximum statement execution time exceeded" (3024). */
const TIMEOUT_ERRNOS = new Set([1969, 3024]);

/** True when the database stopped a statement because it ran past the statement limit. */
export function isStatementTimeout(error: unknown): boolean {
  for (let e = error as { errno?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth += 1) {
    if (typeof e.errno === 'number' && TIMEOUT_ERRNOS.has(e.errno)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

/** The statement that limits every later statement of one session (MariaDB: seconds; MySQL: ms, SELECTs only). */
export function statementLimitSql(flavor: 'mysql' | 'mariadb', limitMs: number): string {
  const ms = Math.max(1, Math.round(limitMs));
  return flavor === 'mariadb' ? `SET SESSION max_statement_time = ${ms / 1000}` : `SET SESSION max_execution_time = ${ms}`;
}

/**
 * Has the database itself stop any statement of a running server that outlasts `limitMs` (the
 * GraphQL execution limit): the deadline answers the client on time, and this stops the work it
 * left behind instead of letting it hold a connection and the buffer pool. Each pooled
 * connection is given the limit once, the first time it is handed out after this call, so
 * connections opened earlier (migrations, which may run longer) get it too and verify pays
 * nothing per request. SQLite has no statement timeout: there the deadline only stops further
 * statements (README, "Bounded GraphQL work").
 */
export function installStatementLimit(dataSource: DataSource, limitMs: number, logger: StatementLimitLogger): boolean {
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') return false;
  if (!Number.isFinite(limitMs) || limitMs <= 0) return false;
  const pool = (dataSource.driver as unknown as { pool?: Pool }).pool;
  if (!pool) return false;
  const sql = statementLimitSql(dataSource.options.type, limitMs);
  const limited = new WeakSet<PoolConnection>();
  let warned = false;
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback) =>
    getConnection((error, connection) => {
      if (error || limited.has(connection)) return callback(error, connection);
      connection.query(sql, (setError) => {
        // A server without the setting still serves: the limit protects, it is not correctness.
        if (setError && !warned) {
          warned = true;
          logger.warn({ err: setError.message }, 'database: the statement time limit could not be set; long statements will not be stopped');
        }
        limited.add(connection);
        callback(null, connection);
      });
    });
  return true;
}
