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
  const quiet = { warn: () => undefined, error: () => undefined };

  it('writes the latest use per id, one statement per table and chunk of 500', async () => {
    const { db, updates } = fakeDatabase();
    const recorder = new UsageRecorder(db, quiet, 5000, 300_000);
    for (let i = 0; i < 1200; i += 1) recorder.touch(`key_${i}`, `sec_${i}`, 1_000_000);
    recorder.touch('key_0', 'sec_0', 999_000);
    expect(recorder.pending).toBe(2400);
    await recorder.flush();
    expect(updates).toEqual(
      [{ table: 'api_keys', ids: 500 }, { table: 'api_keys', ids: 500 }, { table: 'api_keys', ids: 200 }, { table: 'api_key_secrets', ids: 500 }, { table: 'api_key_secrets', ids: 500 }, { table: 'api_key_secrets', ids: 200 }],
    );
    expect(recorder.pending).toBe(0);
  });

  it('a write slower than the interval is not joined by another: the next takes what waited meanwhile', async () => {
    const { db, updates } = fakeDatabase();
    let release: () => void = () => undefined;
    let calls = 0;
    const slow = { write: async (work: never) => (calls++ === 0 ? new Promise<void>((resolve) => (release = resolve)).then(() => db.write(work)) : db.write(work)) } as unknown as Database;
    const recorder = new UsageRecorder(slow, quiet, 5, 300_000);
    const passes = jest.spyOn(recorder as unknown as { write(): Promise<void> }, 'write');
    recorder.touch('key_a', 'sec_a', 1_000_000);
    recorder.start();
    // About a dozen 5 ms intervals while the first write waits on the database.
    await new Promise((resolve) => setTimeout(resolve, 60));
    recorder.touch('key_b', 'sec_b', 1_000_000);
    release();
    await recorder.stop();
    expect(passes).toHaveBeenCalledTimes(2);
    expect(updates.reduce((n, u) => n + u.ids, 0)).toBe(4);
  });
});
