import { formatError } from '../../server/graphql/errors';
import { isDatabaseUnavailable } from '../../server/database/database';
import { isStatementTimeout, statementLimitSql } from '../../server/database/statement-limit';
import { ErrorCode } from '../../server/errors';
import { startTestServer, TestServer } from '../helpers/server';

/**
 * Work past the GraphQL deadline is stopped in the database, not only in Keyward: every pooled
 * connection of a running server carries the execution limit as its statement time limit.
 */
describe('the database stops a statement that outlasts the execution limit (MySQL)', () => {
  const LIMIT_MS = 1500;
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer('mysql', {}, { graphqlExecutionTimeoutMs: LIMIT_MS });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('on every connection of the pool, those opened by the migrations included', async () => {
    const dataSource = t.server.services.db.dataSource;
    // More statements at once than the pool has connections (20): every one of them, whether its
    // connection was opened before the limit was installed or after, is stopped near the limit.
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 24 }, () => dataSource.query('SELECT SLEEP(20) AS slept')));
    const elapsed = Date.now() - started;
    for (const outcome of outcomes) {
      // MariaDB ends an interrupted SLEEP() either with the timeout error or, now and then, with
      // SLEEP's own "interrupted" answer, 1; a statement that ran its course answers 0.
      if (outcome.status === 'fulfilled') {
        expect(Number(outcome.value[0].slept)).toBe(1);
        continue;
      }
      expect(isStatementTimeout(outcome.reason)).toBe(true);
      // The HTTP error handler answers 503 + Retry-After for it, as for any unavailable database.
      expect(isDatabaseUnavailable(outcome.reason)).toBe(true);
    }
    // Two rounds of the limit (24 statements on 20 connections) and some slack for a busy
    // machine, far from the 40 s that two rounds of 20 s statements would take.
    expect(elapsed).toBeLessThan(12_000);
  }, 60_000);

  it('leaves short statements alone and the server serving', async () => {
    const rows = await t.server.services.db.dataSource.query('SELECT SLEEP(0.1) AS slept');
    expect(Number(rows[0].slept)).toBe(0);
    const token = await t.adminToken();
    const answer = await t.ok<{ organizations: unknown[] }>('{ organizations { id } }', undefined, token);
    expect(Array.isArray(answer.organizations)).toBe(true);
  });
});

describe('a stopped statement reaches the client as UNAVAILABLE, saying what to do', () => {
  const format = formatError({ error: () => undefined }, false);
  it.each([
    ['MariaDB', { errno: 1969, sqlMessage: 'Query execution was interrupted (max_statement_time exceeded)' }],
    ['MySQL', { errno: 3024, code: 'ER_QUERY_TIMEOUT', sqlMessage: 'Query execution was interrupted, maximum statement execution time exceeded' }],
  ])('%s', (_flavor, driverError) => {
    const error = Object.assign(new Error('QueryFailedError'), { driverError });
    const answer = format({ message: 'x', path: ['apiKeys'] }, error);
    expect(answer.extensions?.code).toBe(ErrorCode.UNAVAILABLE);
    expect(answer.message).toMatch(/ran past the execution limit and was stopped; nothing was changed/);
  });

  it('names the session setting of each flavor', () => {
    expect(statementLimitSql('mariadb', 10_000)).toBe('SET SESSION max_statement_time = 10');
    expect(statementLimitSql('mysql', 10_000)).toBe('SET SESSION max_execution_time = 10000');
  });
});
