import { describeEachDialect } from '../helpers/databases';
import { createApiKey, createApplication, createMember, createOrganization, createUser } from '../helpers/fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';
import { activeKey, token, verify } from './credentials-fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOUR_MS = 3_600_000;

const STATS = `query($o: ID!, $g: StatsGranularity!, $f: VerificationStatsFilter) {
  verificationStats(organizationId: $o, granularity: $g, filter: $f) { start total valid byCode { code count } }
}`;

type Bucket = { start: string; total: number; valid: number; byCode: Array<{ code: string; count: number }> };
const sum = (buckets: Bucket[]) => {
  const byCode: Record<string, number> = {};
  for (const b of buckets) for (const c of b.byCode) byCode[c.code] = (byCode[c.code] ?? 0) + c.count;
  return { total: buckets.reduce((n, b) => n + b.total, 0), valid: buckets.reduce((n, b) => n + b.valid, 0), byCode };
};

/** Adds buckets' counts per start and code, so two lists of buckets compare whatever their order. */
const byStartAndCode = (lists: Bucket[][]) => {
  const out: Record<string, number> = {};
  for (const buckets of lists) for (const b of buckets) for (const c of b.byCode) out[`${b.start} ${c.code}`] = (out[`${b.start} ${c.code}`] ?? 0) + c.count;
  return out;
};

describeEachDialect('usage analytics (SPEC 8)', (dialect) => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer(dialect, { REDIS_URL, KEYWARD_ANALYTICS_FLUSH_MS: '3600000' });
    const database = a.server.services.config.database;
    b = await startTestServer(dialect, { REDIS_URL, KEYWARD_ANALYTICS_FLUSH_MS: '3600000' }, { databaseUrl: database.type === 'mysql' ? database.url : `sqlite:${database.path}` });
    b.clock.set(a.clock.now());
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });
  // One after the other: two SQLite connections writing one file at the same instant would wait on its lock.
  const flush = async () => {
    await a.server.services.usageCounter.flush();
    await b.server.services.usageCounter.flush();
  };

  it('a graceful shutdown writes the counts it holds (SPEC 8): nothing flushed them before close()', async () => {
    const database = a.server.services.config.database;
    const leaving = await startTestServer(dialect, { REDIS_URL, KEYWARD_ANALYTICS_FLUSH_MS: '3600000' }, { databaseUrl: database.type === 'mysql' ? database.url : `sqlite:${database.path}` });
    leaving.clock.set(a.clock.now());
    const key = await activeKey(a);
    for (let i = 0; i < 3; i += 1) expect((await verify(leaving, key.secret)).body.code).toBe('VALID');
    await leaving.close();
    const byKey = await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: key.organizationId, g: 'MINUTE', f: { apiKeyId: key.id } }, await a.adminToken());
    expect(sum(byKey.verificationStats)).toEqual({ total: 3, valid: 3, byCode: { VALID: 3 } });
  });

  it('counts exactly a known mix of outcomes made on two instances, per organization, application and key', async () => {
    const key = await activeKey(a, { scopes: ['payments:write'] });
    const other = await activeKey(a);
    for (let i = 0; i < 5; i += 1) expect((await verify(a, key.secret)).body.code).toBe('VALID');
    for (let i = 0; i < 3; i += 1) expect((await verify(b, key.secret)).body.code).toBe('VALID');
    for (let i = 0; i < 2; i += 1) expect((await verify(b, key.secret, ['refunds'])).body.code).toBe('INSUFFICIENT_SCOPE');
    expect((await token(a, key.id, key.secret)).status).toBe(200);
    expect((await verify(a, other.secret)).body.code).toBe('VALID');
    await flush();
    const admin = await a.adminToken();
    const byKey = await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: key.organizationId, g: 'MINUTE', f: { apiKeyId: key.id } }, admin);
    expect(sum(byKey.verificationStats)).toEqual({ total: 11, valid: 9, byCode: { VALID: 9, INSUFFICIENT_SCOPE: 2 } });
    const byOrganization = await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: key.organizationId, g: 'HOUR' }, admin);
    expect(sum(byOrganization.verificationStats).total).toBe(11);
    const otherOrganization = await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: other.organizationId, g: 'DAY' }, admin);
    expect(sum(otherOrganization.verificationStats)).toEqual({ total: 1, valid: 1, byCode: { VALID: 1 } });

    const fields = await a.ok<{ apiKey: { verificationStats: Bucket[]; application: { verificationStats: Bucket[] } } }>(
      'query($id: ID!) { apiKey(id: $id) { verificationStats(granularity: MINUTE) { total valid byCode { code count } start } application { verificationStats(granularity: HOUR) { total valid byCode { code count } start } } } }',
      { id: key.id },
      admin,
    );
    expect(sum(fields.apiKey.verificationStats).total).toBe(11);
    expect(sum(fields.apiKey.application.verificationStats).total).toBe(11);

    const top = await a.ok<{ topApiKeys: Array<{ apiKey: { id: string }; total: number; valid: number }> }>('query($o: ID!) { topApiKeys(organizationId: $o, limit: 5) { apiKey { id } total valid } }', { o: key.organizationId }, admin);
    expect(top.topApiKeys).toEqual([{ apiKey: { id: key.id }, total: 11, valid: 9 }]);
  });

  it('application and organization totals equal the sum of their keys\' counts, at every granularity, across two instances', async () => {
    const first = await activeKey(a, { scopes: ['payments:write'] });
    const organizationId = first.organizationId;
    const second = await createApiKey(a, first.applicationId, { scopes: ['payments:write'] });
    const otherApplication = await createApplication(a, organizationId);
    const third = await createApiKey(a, otherApplication.id, { scopes: ['payments:write'] });
    const mix: Array<[TestServer, string, string[] | undefined, number]> = [
      [a, first.secret, undefined, 4], [b, first.secret, undefined, 2], [b, first.secret, ['refunds'], 1],
      [a, second.secret, undefined, 1], [b, second.secret, ['refunds'], 3],
      [a, third.secret, undefined, 2], [b, third.secret, undefined, 5], [a, third.secret, ['refunds'], 2],
    ];
    for (const [server, secret, scopes, times] of mix) for (let i = 0; i < times; i += 1) await verify(server, secret, scopes);
    await flush();
    // A flush with nothing counted since adds nothing (the upserts increment; nothing is written twice).
    await flush();
    const admin = await a.adminToken();
    const stats = async (granularity: string, filter: Record<string, unknown> = {}) =>
      (await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: organizationId, g: granularity, f: filter }, admin)).verificationStats;
    for (const granularity of ['MINUTE', 'HOUR', 'DAY']) {
      const keys = await Promise.all([first.id, second.id, third.id].map((apiKeyId) => stats(granularity, { apiKeyId })));
      expect(sum(keys[0]!)).toEqual({ total: 7, valid: 6, byCode: { VALID: 6, INSUFFICIENT_SCOPE: 1 } });
      expect(sum(keys[1]!)).toEqual({ total: 4, valid: 1, byCode: { VALID: 1, INSUFFICIENT_SCOPE: 3 } });
      expect(sum(keys[2]!)).toEqual({ total: 9, valid: 7, byCode: { VALID: 7, INSUFFICIENT_SCOPE: 2 } });
      const organization = await stats(granularity);
      expect(byStartAndCode([organization])).toEqual(byStartAndCode(keys));
      expect(sum(organization).total).toBe(20);
      expect(byStartAndCode([await stats(granularity, { applicationId: first.applicationId })])).toEqual(byStartAndCode([keys[0]!, keys[1]!]));
      expect(byStartAndCode([await stats(granularity, { applicationId: otherApplication.id })])).toEqual(byStartAndCode([keys[2]!]));
    }
    // The DataLoader's batch (both applications in one statement) reads the same totals.
    const fields = await a.ok<{ one: { application: { verificationStats: Bucket[] } }; two: { application: { verificationStats: Bucket[] } } }>(
      'query($x: ID!, $y: ID!) { one: apiKey(id: $x) { application { verificationStats(granularity: HOUR) { start total valid byCode { code count } } } } two: apiKey(id: $y) { application { verificationStats(granularity: HOUR) { start total valid byCode { code count } } } } }',
      { x: first.id, y: third.id },
      admin,
    );
    expect(sum(fields.one.application.verificationStats).total).toBe(11);
    expect(sum(fields.two.application.verificationStats).total).toBe(9);
    // An application asked for under another organization answers nothing of it.
    const elsewhere = await activeKey(a);
    const foreign = await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: elsewhere.organizationId, g: 'HOUR', f: { applicationId: first.applicationId } }, admin);
    expect(sum(foreign.verificationStats).total).toBe(0);
  });

  it('the organization\'s read touches a constant number of total rows per bucket, however many keys there are', async () => {
    const first = await activeKey(a, { scopes: ['payments:write'] });
    const organizationId = first.organizationId;
    const { db } = a.server.services;
    const admin = await a.adminToken();
    const rows = async (table: string, where: string, parameters: unknown[]) =>
      Number(((await db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where} AND granularity = 'h'`, parameters)) as Array<{ n: number | string }>)[0]!.n);
    const readOrganization = async () => {
      const statements: Array<[string, unknown[]]> = [];
      const original = db.reader.query.bind(db.reader);
      const spy = jest.spyOn(db.reader, 'query').mockImplementation(((query: string, parameters?: unknown[]) => {
        statements.push([query, parameters ?? []]);
        return original(query, parameters);
      }) as never);
      try {
        const answer = await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: organizationId, g: 'HOUR' }, admin);
        return { total: sum(answer.verificationStats).total, statements };
      } finally {
        spy.mockRestore();
      }
    };
    await verify(a, first.secret);
    await verify(b, first.secret, ['refunds']);
    await flush();
    const before = await readOrganization();
    expect(before.total).toBe(2);
    const totalsBefore = await rows('verification_totals', "scope = 'o' AND scope_id = ?", [organizationId]);
    expect(totalsBefore).toBe(2); // one bucket, two codes
    const application = await createApplication(a, organizationId);
    for (let i = 0; i < 6; i += 1) {
      const key = await createApiKey(a, i % 2 ? first.applicationId : application.id, { scopes: ['payments:write'] });
      await verify(i % 2 ? a : b, key.secret);
      await verify(a, key.secret, ['refunds']);
    }
    await flush();
    const after = await readOrganization();
    expect(after.total).toBe(14);
    // The keys' rows grew with the keys; the organization's did not, and its read is one statement on them alone.
    expect(await rows('verification_rollups', 'organization_id = ?', [organizationId])).toBe(14);
    expect(await rows('verification_totals', "scope = 'o' AND scope_id = ?", [organizationId])).toBe(totalsBefore);
    expect(after.statements).toHaveLength(1);
    expect(after.statements[0]![0]).toMatch(/FROM verification_totals\s+WHERE scope = 'o' AND scope_id = \?/);
    expect(after.statements[0]![0]).not.toMatch(/verification_rollups/);
    // …by its primary key (scope, scope_id, granularity, bucket_start, code).
    const [sql, parameters] = after.statements[0]!;
    if (dialect === 'mysql') {
      const plan = (await db.dataSource.query(`EXPLAIN ${sql}`, parameters)) as Array<{ table: string; key: string | null }>;
      expect(plan.map((p) => [p.table, p.key])).toEqual([['verification_totals', 'PRIMARY']]);
    } else {
      const plan = (await db.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('; ')).toMatch(/SEARCH verification_totals USING (PRIMARY KEY|INDEX sqlite_autoindex_verification_totals_1) \(scope=\? AND scope_id=\? AND granularity=\?/);
    }
  });

  it('a flush whose totals statement fails writes them at the next flush, and the keys\' rows once', async () => {
    const key = await activeKey(a);
    for (let i = 0; i < 3; i += 1) await verify(a, key.secret);
    const counter = a.server.services.usageCounter as unknown as { upsert(rows: unknown[]): Promise<unknown> };
    const upsert = counter.upsert.bind(counter);
    const tables: string[] = [];
    const spy = jest.spyOn(counter, 'upsert').mockImplementation(async (rows: unknown[]) => {
      const table = (rows[0] as { table: string }).table;
      tables.push(table);
      if (table === 'totals') throw new Error('database away');
      return upsert(rows);
    });
    try {
      await a.server.services.usageCounter.flush();
    } finally {
      spy.mockRestore();
    }
    expect(tables).toEqual(['rollups', 'totals']);
    const admin = await a.adminToken();
    const read = async (filter: Record<string, unknown>) => sum((await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: key.organizationId, g: 'HOUR', f: filter }, admin)).verificationStats).total;
    expect([await read({ apiKeyId: key.id }), await read({})]).toEqual([3, 0]);
    await a.server.services.usageCounter.flush();
    expect([await read({ apiKeyId: key.id }), await read({}), await read({ applicationId: key.applicationId })]).toEqual([3, 3, 3]);
  });

  it('buckets are zero-filled and bounded; bad ranges are BAD_USER_INPUT', async () => {
    const key = await activeKey(a);
    const admin = await a.adminToken();
    const now = a.clock.now().getTime();
    const hour = await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: key.organizationId, g: 'MINUTE', f: { from: new Date(now - HOUR_MS).toISOString(), to: new Date(now).toISOString() } }, admin);
    expect(hour.verificationStats.length).toBeGreaterThanOrEqual(60);
    expect(hour.verificationStats.length).toBeLessThanOrEqual(61);
    for (const [filter, granularity] of [
      [{ from: new Date(now - 3 * 24 * HOUR_MS).toISOString() }, 'MINUTE'],
      [{ from: new Date(now).toISOString(), to: new Date(now - HOUR_MS).toISOString() }, 'HOUR'],
      [{ from: new Date(now - 100 * 24 * HOUR_MS).toISOString() }, 'HOUR'],
    ] as const) {
      expect(errorCode(await a.gql(STATS, { o: key.organizationId, g: granularity, f: filter }, admin))).toBe('BAD_USER_INPUT');
    }
    expect(errorCode(await a.gql('query($o: ID!) { topApiKeys(organizationId: $o, limit: 500) { total } }', { o: key.organizationId }, admin))).toBe('BAD_USER_INPUT');
  });

  it('readers are the organization\'s members only', async () => {
    const key = await activeKey(a);
    const viewer = await createMember(a, key.organizationId, 'VIEWER');
    expect((await a.gql(STATS, { o: key.organizationId, g: 'HOUR' }, viewer.token)).errors).toBeUndefined();
    const stranger = await createUser(a, 'stranger');
    const elsewhere = await createOrganization(a);
    expect(errorCode(await a.gql(STATS, { o: key.organizationId, g: 'HOUR' }, stranger.token))).toBe('NOT_FOUND');
    expect(errorCode(await a.gql('query($o: ID!) { topApiKeys(organizationId: $o) { total } }', { o: key.organizationId }, stranger.token))).toBe('NOT_FOUND');
    expect(elsewhere.id).toBeTruthy();
  });

  it('retention drops minute buckets after 48 h and keeps the hour and day ones', async () => {
    const key = await activeKey(a);
    await verify(a, key.secret);
    await flush();
    const admin = await a.adminToken();
    const later = new Date(a.clock.now().getTime() + 49 * HOUR_MS);
    const { db } = a.server.services;
    const totals = async (granularity: string) =>
      Number(((await db.dataSource.query("SELECT COUNT(*) AS n FROM verification_totals WHERE scope_id IN (?, ?) AND granularity = ?", [key.organizationId, key.applicationId, granularity])) as Array<{ n: number | string }>)[0]!.n);
    expect([await totals('m'), await totals('h'), await totals('d')]).toEqual([2, 2, 2]);
    expect(await a.server.services.analytics.purge(later)).toBeGreaterThanOrEqual(3);
    // The totals' minute rows go too; their hour and day rows stay.
    expect([await totals('m'), await totals('h'), await totals('d')]).toEqual([0, 2, 2]);
    a.clock.set(later);
    const hours = await a.ok<{ verificationStats: Bucket[] }>(STATS, { o: key.organizationId, g: 'HOUR', f: { from: new Date(later.getTime() - 50 * HOUR_MS).toISOString() } }, await a.adminToken());
    expect(sum(hours.verificationStats).total).toBe(1);
    expect(admin).toBeTruthy();
  });
});
