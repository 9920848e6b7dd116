import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import type { Config } from '../config';
import { requestScope } from '../logger';
import { entities } from './entities';
import { mysqlMigrations } from './migrations/mysql';
import { sqliteMigrations } from './migrations/sqlite';

export type Dialect = 'sqlite' | 'mysql';

/**
 * Counts statements per data source (tests prove DataLoader batching with it) and forwards
 * failures to the application log. Query text is never logged: it can carry parameters.
 */
export class StatementCounter implements TypeOrmLogger {
  count = 0;
  /** Statements per request id, recorded only for the ids being watched (tests). */
  readonly byRequest = new Map<string, number>();
  onError: (message: string) => void = () => undefined;
  /** Sees every statement with its parameters (the EXPLAIN test checks the plans of the real queries). */
  onQuery: ((query: string, parameters: unknown[] | undefined) => void) | null = null;

  /** Start counting the statements made while serving the request with this id. */
  watch(requestId: string): void {
    this.byRequest.set(requestId, 0);
  }

  private tally(): void {
    this.count += 1;
    if (this.byRequest.size === 0) return;
    const requestId = requestScope.getStore()?.requestId;
    const seen = requestId === undefined ? undefined : this.byRequest.get(requestId);
    if (seen !== undefined) this.byRequest.set(requestId!, seen + 1);
  }

  logQuery(query: string, parameters?: unknown[]): void {
    this.tally();
    this.onQuery?.(query, parameters);
  }
  logQueryError(error: string | Error): void {
    this.tally();
    this.onError(`query failed: ${error instanceof Error ? error.message : error}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/**
 * MariaDB reports column defaults differently from MySQL; TypeORM's `mariadb` driver reads them
 * right, so schema comparisons (the drift test) stay exact. `mysql://` URLs are probed once.
 */
export async function detectMysqlFlavor(url: string): Promise<'mysql' | 'mariadb'> {
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test(String((rows as Array<{ version: string }>)[0]?.version)) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

export async function openDataSource(database: Config['database']): Promise<DataSource> {
  const flavor = database.type === 'mysql' ? await detectMysqlFlavor(database.url) : 'mysql';
  const dataSource = createDataSource(database, flavor);
  await dataSource.initialize();
  return dataSource;
}

/**
 * The read-only second connection of an SQLite database (see Database): opened after migrations,
 * sharing the writer's statement counter. MySQL reads from its pool: the writer itself is returned.
 */
export async function openReader(database: Config['database'], writer: DataSource): Promise<DataSource> {
  if (database.type !== 'sqlite' || database.path === ':memory:') return writer;
  const reader = new DataSource({
    type: 'better-sqlite3',
    database: database.path,
    readonly: true,
    fileMustExist: true,
    entities,
    synchronize: false,
    migrationsRun: false,
    logging: ['query', 'error'],
    logger: writer.logger,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
    },
  });
  await reader.initialize();
  return reader;
}

export function createDataSource(database: Config['database'], flavor: 'mysql' | 'mariadb' = 'mysql'): DataSource {
  const logger = new StatementCounter();
  if (database.type === 'sqlite') {
    if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
    return new DataSource({
      type: 'better-sqlite3',
      database: database.path,
      entities,
      migrations: sqliteMigrations,
      synchronize: false,
      migrationsRun: false,
      logging: ['query', 'error'],
      logger,
      enableWAL: true,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    });
  }
  return new DataSource({
    type: flavor,
    url: database.url,
    entities,
    migrations: mysqlMigrations,
    synchronize: false,
    migrationsRun: false,
    logging: ['query', 'error'],
    logger,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    extra: { connectionLimit: 20, connectTimeout: 5000, enableKeepAlive: true },
  });
}

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
}

export function statementCounter(dataSource: DataSource): StatementCounter {
  return dataSource.logger as StatementCounter;
}
