import { Database } from '../../server/database/database';
import { UsageRecorder } from '../../server/credentials/usage-recorder';

/** Counts the UPDATE statements the recorder sends and the ids each carries. */
function fakeDatabase(): { db: Database; updates: Array<{ table: string; ids: number }> } {
  const updates: Array<{ table: string; ids: number }> = [];
  const manager = { query: async (sql: string) => { updates.push({ table: /UPDATE (\w+)/.exec(sql)![1]!, ids: (sql.match(/WHEN \?/g) ?? []).length / 2 }); return []; } };
  // Writes go through db.write (SQLite's queue); the fake runs them at once.
  const db = { write: async <T>(work: (m: typeof manager) => Promise<T>) => work(manager) } as unknown as Database;
  return { db, updates };
}

describe('lastUsedAt writes', () => {
  const quiet = { warn: () => undefined };

  it('a key in steady use is written once per granularity, not once per flush', async () => {
    const { db, updates } = fakeDatabase();
    const recorder = new UsageRecorder(db, quiet, 5000, 300_000);
    const start = Date.UTC(2026, 0, 1);
    for (let second = 0; second < 600; second += 5) {
      recorder.touch('key_a', 'sec_a', start + second * 1000);
      await recorder.flush();
    }
    // Uses over 10 minutes, flushed every 5 s: written at 0 s and at 300 s only.
    expect(updates).toEqual([{ table: 'api_keys', ids: 1 }, { table: 'api_key_secrets', ids: 1 }, { table: 'api_keys', ids: 1 }, { table: 'api_key_secrets', ids: 1 }]);
  });

  it('a burst of distinct keys costs one statement per table and chunk of 500', async () => {
    const { db, updates } = fakeDatabase();
    const recorder = new UsageRecorder(db, quiet, 5000, 300_000);
    for (let i = 0; i < 1200; i += 1) recorder.touch(`key_${i}`, `sec_${i}`, 1_000_000);
    await recorder.flush();
    expect(updates.map((u) => u.table)).toEqual(['api_keys', 'api_keys', 'api_keys', 'api_key_secrets', 'api_key_secrets', 'api_key_secrets']);
    // The same keys again within the granularity: nothing to write.
    for (let i = 0; i < 1200; i += 1) recorder.touch(`key_${i}`, `sec_${i}`, 1_060_000);
    await recorder.flush();
    expect(updates).toHaveLength(6);
  });

  it('a flush slower than the interval is not joined by another: the next takes what waited meanwhile', async () => {
    const { db, updates } = fakeDatabase();
    let release: () => void = () => undefined;
    const slow = { write: async (work: never) => (updates.length === 0 ? new Promise<void>((resolve) => (release = resolve)).then(() => db.write(work)) : db.write(work)) } as unknown as Database;
    const recorder = new UsageRecorder(slow, quiet, 5, 300_000);
    const flushes = jest.spyOn(recorder, 'flush');
    recorder.touch('key_a', 'sec_a', 1_000_000);
    recorder.start();
    // About a dozen ticks of the 5 ms interval while the first flush waits on the database.
    await new Promise((resolve) => setTimeout(resolve, 60));
    recorder.touch('key_b', 'sec_b', 1_000_000);
    const queued = flushes.mock.calls.length;
    release();
    await recorder.stop();
    expect(queued).toBe(1);
    expect(updates.reduce((n, u) => n + u.ids, 0)).toBe(4);
  });
});
