import { Database, isDatabaseUnavailable } from '../../server/database/database';
import { openDataSource } from '../../server/database/data-source';
import { startTestServer, TestServer } from '../helpers/server';

/**
 * Several writers on one SQLite file — the main thread, the credentials thread, other processes —
 * each queue their own transactions, and SQLite's lock keeps them apart. A transaction that read
 * before another writer committed finds its snapshot stale at its first write
 * (`SQLITE_BUSY_SNAPSHOT`): nothing of it was applied, so it runs again, as a deadlock's victim does
 * on MySQL. It used to reach the client as INTERNAL (seen in the model test of verify's truth).
 */
describe('SQLite: a transaction that lost the race to another writer on the file runs again', () => {
  let t: TestServer;
  let other: Database;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
    other = new Database(await openDataSource(t.server.services.config.database));
    await other.dataSource.query('CREATE TABLE race_scratch (writer TEXT NOT NULL)');
  });
  afterAll(async () => {
    await other?.dataSource.destroy();
    await t?.close();
  });

  it('reads, loses its snapshot to a commit on another connection, and succeeds on the second attempt', async () => {
    const db = t.server.services.db;
    let attempts = 0;
    const seen = await db.transaction(async (manager) => {
      attempts += 1;
      const [{ rows }] = await manager.query('SELECT count(*) AS rows FROM race_scratch');
      // Another writer commits between this transaction's read and its first write, the first time only.
      if (attempts === 1) await other.write((writer) => writer.query("INSERT INTO race_scratch (writer) VALUES ('other')"));
      await manager.query("INSERT INTO race_scratch (writer) VALUES ('main')");
      return Number(rows);
    });
    expect(attempts).toBe(2);
    // The second attempt read the other writer's row: nothing was decided on the stale snapshot.
    expect(seen).toBe(1);
    expect(await other.dataSource.query('SELECT writer FROM race_scratch ORDER BY rowid')).toEqual([{ writer: 'other' }, { writer: 'main' }]);
  });

  it('calls every busy or locked result the database being unavailable (503, retry), never an internal error', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']) {
      expect([code, isDatabaseUnavailable(Object.assign(new Error('database is locked'), { code }))]).toEqual([code, true]);
      expect([code, isDatabaseUnavailable({ driverError: { code } })]).toEqual([code, true]);
    }
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_BUSYNESS']) expect([code, isDatabaseUnavailable({ code })]).toEqual([code, false]);
  });
});
