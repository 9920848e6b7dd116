import { checksum } from '../../server/api-keys/key-format';
import { describeEachDialect } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';
import { SERVICE_TOKEN } from '../helpers/server';
import { activeKey, post, token, verify } from './credentials-fixtures';

describeEachDialect('credentials: while the database is unreachable', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => {
    const { dataSource, reader } = t.server.services.db;
    for (const source of new Set([dataSource, reader])) if (!source.isInitialized) await source.initialize();
    await t?.close();
  });

  it('keeps answering cached keys, answers 503 (never 500) for the rest, and recovers', async () => {
    const cached = await activeKey(t);
    const uncached = await activeKey(t);
    // Cached too, but metered: a cost beyond its lease must take more credits from the database.
    const metered = await activeKey(t, { credits: 1000 });
    expect((await verify(t, cached.secret)).body.code).toBe('VALID');
    expect((await verify(t, metered.secret)).body.code).toBe('VALID');
    expect((await token(t, cached.id, cached.secret)).status).toBe(200);

    // The database is down: the writer and (SQLite) the read-only connection alike.
    const sources = [...new Set([t.server.services.db.dataSource, t.server.services.db.reader])];
    for (const source of sources) await source.destroy();
    try {
      expect((await verify(t, cached.secret)).body.code).toBe('VALID');
      expect((await token(t, cached.id, cached.secret)).status).toBe(200);
      const body = 'sk_test_' + 'Z'.repeat(30);
      expect((await verify(t, body + checksum(body))).status).toBe(503);
      const down = await verify(t, uncached.secret);
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ error: 'unavailable', message: expect.any(String) });
      const tokenDown = await token(t, uncached.id, uncached.secret);
      expect(tokenDown.status).toBe(503);
      expect(tokenDown.body.error).toBe('temporarily_unavailable');
      expect((await verify(t, 'sk_test_malformed')).body.code).toBe('MALFORMED');
      // Every error handler maps an unreachable database to 503, wherever it surfaced (here the
      // credit lease, not the lookup): never an unexpected 500.
      const spend = await post(t, '/v1/keys/verify', JSON.stringify({ key: metered.secret, cost: 1000 }), { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` });
      expect([spend.status, spend.body.error]).toEqual([503, 'unavailable']);
    } finally {
      for (const source of sources) await source.initialize();
    }
    expect((await verify(t, uncached.secret)).body.code).toBe('VALID');
  });
});
