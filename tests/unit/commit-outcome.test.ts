import { DataSource, EntityManager } from 'typeorm';
import { CommitOutcomeUnknown, Database, isDatabaseUnavailable } from '../../server/database/database';
import { databaseUnavailable } from '../../server/errors';

/**
 * A lost connection means "nothing changed" only before COMMIT was sent. A data source whose
 * transaction runs the work and then fails like mysql2 does when the server dies shows which
 * failures Database reports as "outcome unknown".
 */
function fakeMysql(failAt: 'work' | 'commit' | 'never'): DataSource {
  const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' });
  const manager = {} as EntityManager;
  return {
    options: { type: 'mysql' },
    manager,
    async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
      if (failAt === 'work') throw lost;
      const result = await work(manager);
      if (failAt === 'commit') throw lost;
      return result;
    },
  } as unknown as DataSource;
}

describe('the outcome of a change when the database goes away', () => {
  it('is "not applied" when the connection is lost before the work finished', async () => {
    const error = await new Database(fakeMysql('work')).transaction(async () => 1).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(CommitOutcomeUnknown);
    expect(databaseUnavailable(false).details.outcome).toBe('NOT_APPLIED');
  });

  it('is "unknown" when the connection is lost during COMMIT', async () => {
    const error = await new Database(fakeMysql('commit')).transaction(async () => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitOutcomeUnknown);
    expect(databaseUnavailable(true).details.outcome).toBe('UNKNOWN');
    expect(databaseUnavailable(true).message).toMatch(/may have been applied/);
  });

  it('is "unknown" for an autocommitted write whose connection is lost', async () => {
    const lost = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const error = await new Database(fakeMysql('never')).write(async () => Promise.reject(lost)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitOutcomeUnknown);
  });

  it('leaves other failures as they are', async () => {
    const wrong = new Error('a bug');
    await expect(new Database(fakeMysql('never')).transaction(async () => Promise.reject(wrong))).rejects.toBe(wrong);
    await expect(new Database(fakeMysql('never')).write(async () => Promise.reject(wrong))).rejects.toBe(wrong);
    await expect(new Database(fakeMysql('never')).transaction(async () => 7)).resolves.toBe(7);
  });
});

describe('transient failures of a transaction', () => {
  function deadlocking(times: number): { dataSource: DataSource; calls: () => number } {
    let calls = 0;
    const manager = {} as EntityManager;
    const dataSource = {
      options: { type: 'mysql' },
      manager,
      async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
        calls += 1;
        const result = await work(manager);
        if (calls <= times) throw Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });
        return result;
      },
    } as unknown as DataSource;
    return { dataSource, calls: () => calls };
  }

  it('a deadlock victim is run again (InnoDB rolled it back whole), at most three times', async () => {
    const twice = deadlocking(2);
    await expect(new Database(twice.dataSource).transaction(async () => 'done')).resolves.toBe('done');
    expect(twice.calls()).toBe(3);
    const always = deadlocking(10);
    await expect(new Database(always.dataSource).transaction(async () => 'done')).rejects.toMatchObject({ code: 'ER_LOCK_DEADLOCK' });
    expect(always.calls()).toBe(3);
  });

  it('any error mysql2 marks fatal means the database is unavailable, whatever its code', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('something new'), { code: 'ER_SOMETHING_NEW', fatal: true }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY', fatal: false }))).toBe(false);
  });
});
