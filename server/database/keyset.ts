import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { EntityManager, ObjectLiteral } from 'typeorm';
import { Dialect } from './data-source';

/**
 * Lists that read only what they return. Every list is ordered by (created_at, id) and every
 * filter has an index ending in that order, so a page is one index range read from its start (a
 * cursor) or from an offset, and nothing else:
 *
 *   SELECT <columns> FROM t FORCE INDEX (i) WHERE <filter> [AND (created_at, id) past the cursor]
 *   ORDER BY created_at, id LIMIT n OFFSET o
 *
 * One table, no join: a join or `IN (subquery)` lets the optimizer turn the plan around and scan
 * the table to probe the page (MariaDB did, on a deep page). An offset reads the rows it skips, so
 * numbered pages stop at MAX_OFFSET (pagination.ts); a cursor costs the same at any depth.
 * A filter the index cannot answer in order (several types; EXPIRED = stored EXPIRED or due) is a
 * union of branches, each an ordered index range cut at offset + n rows, merged by a sort of
 * those few rows only. MySQL names the index (FORCE INDEX): on a small or skewed table the
 * optimizer may otherwise prefer a scan and a filesort. SQLite's planner picks the same index
 * unaided. Rows come back raw and are hydrated through the entity's metadata (the driver's own
 * conversions: dates, JSON, booleans). Parameters are TypeORM named parameters.
 */
export interface Branch {
  /** Index whose columns are the branch's equality conditions followed by (created_at, id). */
  readonly index: string;
  /** SQL conditions over unqualified columns, with `:name` parameters. */
  readonly where: readonly string[];
  readonly params: Readonly<Record<string, unknown>>;
}

export interface Walk {
  readonly table: string;
  readonly branches: readonly Branch[];
  readonly direction: 'ASC' | 'DESC';
  /** Position of the last row already seen: rows strictly after it in the walk's order. */
  readonly after?: { readonly createdAt: Date; readonly id: string } | null;
  readonly limit: number;
  readonly offset?: number;
}

/** Rows counted exactly; a larger total reads as this many with `exact: false`. */
export const COUNT_LIMIT = 10_000;

export interface BoundedCount {
  readonly count: number;
  readonly exact: boolean;
}

type Entity<T> = new () => T;

let sequence = 0;
const unique = (prefix: string): string => `${prefix}${(sequence = (sequence + 1) % 1_000_000_000)}`;

function hint(dialect: Dialect, index: string): string {
  return dialect === 'mysql' ? ` FORCE INDEX (\`${index}\`)` : '';
}

function conditions(branch: Branch, walk: Walk, params: Record<string, unknown>): string {
  const where = [...branch.where];
  Object.assign(params, branch.params);
  if (walk.after) {
    const at = unique('kat');
    const id = unique('kid');
    params[at] = walk.after.createdAt;
    params[id] = walk.after.id;
    const past = walk.direction === 'DESC' ? '<' : '>';
    where.push(`(created_at ${past} :${at} OR (created_at = :${at} AND id ${past} :${id}))`);
  }
  return where.length ? ` WHERE ${where.join(' AND ')}` : '';
}

function columnsOf(manager: EntityManager, entity: Entity<unknown>): string {
  const { driver } = manager.connection;
  return manager.connection.getMetadata(entity).columns.map((column) => driver.escape(column.databaseName)).join(', ');
}

/** The SQL of the walk's rows (all columns), in order, with its parameters. */
export function walkSql(manager: EntityManager, dialect: Dialect, entity: Entity<unknown>, walk: Walk): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const columns = columnsOf(manager, entity);
  const order = `ORDER BY created_at ${walk.direction}, id ${walk.direction}`;
  const offset = walk.offset ?? 0;
  if (walk.branches.length === 1) {
    const branch = walk.branches[0]!;
    return { sql: `SELECT ${columns} FROM ${walk.table}${hint(dialect, branch.index)}${conditions(branch, walk, params)} ${order} LIMIT ${walk.limit} OFFSET ${offset}`, params };
  }
  const parts = walk.branches.map((branch) => `SELECT * FROM (SELECT ${columns} FROM ${walk.table}${hint(dialect, branch.index)}${conditions(branch, walk, params)} ${order} LIMIT ${offset + walk.limit}) ${unique('kb')}`);
  return { sql: `SELECT * FROM (${parts.join(' UNION ALL ')}) x ${order} LIMIT ${walk.limit} OFFSET ${offset}`, params };
}

/** Entities from raw rows, with the driver's conversions (what TypeORM does for its own queries). */
export function hydrate<T extends ObjectLiteral>(manager: EntityManager, entity: Entity<T>, rows: Array<Record<string, unknown>>): T[] {
  const metadata = manager.connection.getMetadata(entity);
  const { driver } = manager.connection;
  return rows.map((row) => {
    const instance = metadata.create() as T;
    for (const column of metadata.columns) column.setEntityValue(instance, driver.prepareHydratedValue(row[column.databaseName], column));
    return instance;
  });
}

/**
 * `hydrate` for the many rows of a nested list (1,000 keys of a dashboard query): a few
 * milliseconds at a time, giving the event loop a turn in between, so that verify requests are
 * served while a big answer is built (issue 19).
 */
export async function hydrateInSlices<T extends ObjectLiteral>(manager: EntityManager, entity: Entity<T>, rows: Array<Record<string, unknown>>, sliceMs = 4): Promise<T[]> {
  const out: T[] = [];
  let start = performance.now();
  for (let i = 0; i < rows.length; i += 25) {
    out.push(...hydrate(manager, entity, rows.slice(i, i + 25)));
    if (performance.now() - start >= sliceMs && i + 25 < rows.length) {
      await yieldToEventLoop();
      start = performance.now();
    }
  }
  return out;
}

/** Runs SQL with TypeORM named parameters and returns the raw rows. */
export async function queryNamed(manager: EntityManager, sql: string, params: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, params);
  return (await manager.query(query, values)) as Array<Record<string, unknown>>;
}

/** The walk's rows as entities, in the walk's order: one statement. */
export async function rowsOf<T extends ObjectLiteral & { id: string; createdAt: Date }>(manager: EntityManager, dialect: Dialect, entity: Entity<T>, walk: Walk): Promise<T[]> {
  const { sql, params } = walkSql(manager, dialect, entity, walk);
  return sortRows(await hydrateInSlices(manager, entity, await queryNamed(manager, sql, params)), walk.direction);
}

/** (created_at, id) order of a page's few rows (a union's parts arrive in any order). */
export function sortRows<T extends { id: string; createdAt: Date }>(rows: T[], direction: 'ASC' | 'DESC'): T[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return rows.sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

/** Counts the walk's rows (cursor and offset ignored) up to COUNT_LIMIT, reading at most that many index entries per branch. */
export async function countOf(manager: EntityManager, dialect: Dialect, walk: Walk, limit = COUNT_LIMIT): Promise<BoundedCount> {
  const params: Record<string, unknown> = {};
  const unbounded = { ...walk, after: null };
  const parts = walk.branches.map((branch) => `SELECT 1 AS one FROM (SELECT 1 AS one FROM ${walk.table}${hint(dialect, branch.index)}${conditions(branch, unbounded, params)} LIMIT ${limit + 1}) ${unique('kc')}`);
  const rows = await queryNamed(manager, `SELECT COUNT(*) AS n FROM (${parts.join(' UNION ALL ')}) c`, params);
  const count = Number(rows[0]?.n ?? 0);
  return count > limit ? { count: limit, exact: false } : { count, exact: true };
}

/** One single-branch walk per parent (a nested list): one statement for every parent's rows. */
export async function rowsPerParent<T extends ObjectLiteral & { id: string; createdAt: Date }>(manager: EntityManager, dialect: Dialect, entity: Entity<T>, walks: readonly Walk[]): Promise<T[]> {
  if (walks.length === 0) return [];
  const params: Record<string, unknown> = {};
  const parts = walks.map((walk) => {
    const part = walkSql(manager, dialect, entity, walk);
    Object.assign(params, part.params);
    return `SELECT * FROM (${part.sql}) ${unique('kp')}`;
  });
  return sortRows(await hydrateInSlices(manager, entity, await queryNamed(manager, parts.join(' UNION ALL '), params)), walks[0]!.direction);
}

/** Bounded counts for several walks in one statement, in the walks' order. */
export async function countsPerParent(manager: EntityManager, dialect: Dialect, walks: readonly Walk[], limit = COUNT_LIMIT): Promise<BoundedCount[]> {
  if (walks.length === 0) return [];
  const params: Record<string, unknown> = {};
  const parts = walks.map((walk, i) => {
    const branch = walk.branches[0]!;
    return `SELECT ${i} AS k, COUNT(*) AS n FROM (SELECT 1 AS one FROM ${walk.table}${hint(dialect, branch.index)}${conditions(branch, { ...walk, after: null }, params)} LIMIT ${limit + 1}) ${unique('kc')}`;
  });
  const rows = await queryNamed(manager, parts.join(' UNION ALL '), params);
  const byIndex = new Map(rows.map((row) => [Number(row.k), Number(row.n)]));
  return walks.map((_, i) => {
    const count = byIndex.get(i) ?? 0;
    return count > limit ? { count: limit, exact: false } : { count, exact: true };
  });
}
