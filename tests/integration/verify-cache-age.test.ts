import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { activeKey, verify } from './credentials-fixtures';

// better-sqlite3 ships no types; this test needs only these three calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BetterSqlite3 = require('better-sqlite3') as new (path: string) => { prepare(sql: string): { run(...values: unknown[]): unknown }; close(): void };

/**
 * The cache's max age is a safety net for changes made behind Keyward's back, not a reason for
 * keys in use to miss: a hit past half the age re-reads the entry in the background.
 */
describe('verify cache max age', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { KEYWARD_VERIFY_CACHE_MAX_AGE_SECONDS: '2' });
  });
  afterAll(async () => t?.close());

  const counters = async (): Promise<{ hits: number; misses: number }> => {
    const text = await (await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } })).text();
    const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
    return { hits: read('keyward_verify_cache_hits_total'), misses: read('keyward_verify_cache_misses_total') };
  };

  it('a key verified steadily for three max ages misses only once, its first time', async () => {
    const key = await activeKey(t, { scopes: ['payments:write'] });
    const before = await counters();
    const until = Date.now() + 6000;
    let calls = 0;
    while (Date.now() < until) {
      expect((await verify(t, key.secret)).body.code).toBe('VALID');
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = await counters();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(calls - 1);
  });

  it('a change written behind Keyward\'s back (no audit event) is answered within the max age', async () => {
    const key = await activeKey(t, { scopes: ['payments:write', 'refunds'] });
    expect((await verify(t, key.secret, ['refunds'])).body.code).toBe('VALID');
    // Another process's connection: Keyward's own change feed never hears of it.
    const database = t.server.services.config.database;
    if (database.type !== 'sqlite') throw new Error('this test writes to the SQLite file directly');
    const outside = new BetterSqlite3(database.path);
    outside.prepare('UPDATE api_keys SET scopes = ? WHERE id = ?').run(JSON.stringify(['payments:write']), key.id);
    outside.close();
    const changed = Date.now();
    while ((await verify(t, key.secret, ['refunds'])).body.code === 'VALID') {
      expect(Date.now() - changed).toBeLessThan(2500);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await verify(t, key.secret, ['refunds'])).body.code).toBe('INSUFFICIENT_SCOPE');
  });

  it('a secret deleted behind Keyward\'s back stops verifying within the max age (answered NOT_FOUND, not from the cache)', async () => {
    const key = await activeKey(t);
    expect((await verify(t, key.secret)).body.code).toBe('VALID');
    const database = t.server.services.config.database;
    if (database.type !== 'sqlite') throw new Error('this test writes to the SQLite file directly');
    const outside = new BetterSqlite3(database.path);
    outside.prepare('DELETE FROM api_key_secrets WHERE api_key_id = ?').run(key.id);
    outside.close();
    const deleted = Date.now();
    while ((await verify(t, key.secret)).body.code === 'VALID') {
      expect(Date.now() - deleted).toBeLessThan(2500);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await verify(t, key.secret)).body.code).toBe('NOT_FOUND');
  });

  it('a hit costs no peppered HMAC: a secret is hashed with the pepper once, on its miss, and a malformed one never', async () => {
    const key = await activeKey(t);
    const { keyring, verifier } = t.server.services;
    verifier.cache.clear();
    const hashed = jest.spyOn(keyring, 'hashSecret');
    try {
      for (let i = 0; i < 5; i += 1) expect((await verify(t, key.secret)).body.code).toBe('VALID');
      const mistyped = `${key.secret.slice(0, -1)}${key.secret.endsWith('A') ? 'B' : 'A'}`;
      expect((await verify(t, mistyped)).body.code).toBe('MALFORMED');
      expect((await verify(t, `sk_test_${'a'.repeat(10_000)}`)).body.code).toBe('MALFORMED');
      expect(hashed.mock.calls.map(([secret]) => secret)).toEqual([key.secret]);
    } finally {
      hashed.mockRestore();
    }
  });
});
