import Redis from 'ioredis';
import { REDIS_URL, redisForSuite } from '../helpers/redis';
import { describeEachDialect } from '../helpers/databases';
import { createKeyRaw, ownedOrganization, setKeyPolicy, tally } from '../helpers/lifecycle-fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('lifecycle: key limits under concurrency', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  const count = async (organizationId: string, token: string, filter: Record<string, unknown> = {}) =>
    (await t.ok('query($o: ID!, $f: ApiKeyFilter) { apiKeys(organizationId: $o, filter: $f) { totalItems } }', { o: organizationId, f: filter }, token)).apiKeys.totalItems as number;

  it('ten concurrent creates under maxActiveKeysPerEnvironment = 1 make exactly one key', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { maxActiveKeysPerEnvironment: 1, keyCreationsPerMinutePerUser: 100 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => createKeyRaw(t, app.id, {}, owner.token)));
    expect(tally(results)).toEqual({ ok: 1, ACTIVE_KEY_LIMIT: 9 });
    expect(await count(org.id, owner.token)).toBe(1);
    // The limit is per environment: a LIVE key (INACTIVE before KYB) is still possible.
    expect((await createKeyRaw(t, app.id, { environment: 'LIVE' }, owner.token)).errors).toBeUndefined();
  });

  it('ten concurrent creates under maxKeysPerApplication = 1 make exactly one key', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { maxKeysPerApplication: 1, keyCreationsPerMinutePerUser: 100 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => createKeyRaw(t, app.id, {}, owner.token)));
    expect(tally(results)).toEqual({ ok: 1, KEY_LIMIT: 9 });
    expect(await count(org.id, owner.token)).toBe(1);
  });

  it('keyCreationsPerMinutePerUser: RATE_LIMITED with retryAfterSeconds past the limit, exactly, even in parallel', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { keyCreationsPerMinutePerUser: 3 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => createKeyRaw(t, app.id, {}, owner.token)));
    expect(tally(results)).toEqual({ ok: 3, RATE_LIMITED: 7 });
    const limited = results.find((r) => r.errors)!;
    expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await count(org.id, owner.token)).toBe(3);
  });

  it('the limit is per user: another member still creates keys', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    await setKeyPolicy(t, org.id, { keyCreationsPerMinutePerUser: 1 });
    expect((await createKeyRaw(t, app.id, {}, owner.token)).errors).toBeUndefined();
    expect(errorCode(await createKeyRaw(t, app.id, {}, owner.token))).toBe('RATE_LIMITED');
    expect((await createKeyRaw(t, app.id, {}, await t.adminToken())).errors).toBeUndefined();
  });

  it('refuses bad create input with field-level BAD_USER_INPUT and creates nothing', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const cases: Array<Record<string, unknown>> = [
      { name: '' },
      { scopes: ['Not A Scope'] },
      { expiresInDays: 0 },
      { expiresAt: '2000-01-01T00:00:00.000Z' },
      { expiresAt: new Date(Date.now() + 86_400_000).toISOString(), expiresInDays: 3 },
      { webhookUrl: 'http://example.com/hook' },
      { webhookUrl: 'https://127.0.0.1/hook' },
      { metadata: { blob: 'x'.repeat(5000) } },
      { idempotencyKey: '' },
      { idempotencyKey: 'has space' },
      { idempotencyKey: 'k'.repeat(256) },
      { environment: 'STAGING' },
    ];
    for (const input of cases) {
      const result = await createKeyRaw(t, app.id, input, owner.token);
      expect([JSON.stringify(input), errorCode(result)]).toEqual([JSON.stringify(input), 'BAD_USER_INPUT']);
    }
    expect(await count(org.id, owner.token)).toBe(0);
  });
});

describe('lifecycle: creation rate limit shared through Redis', () => {
  const redisUrl = REDIS_URL;
  let a: TestServer;
  let reachable = true;
  beforeAll(async () => {
    reachable = await redisForSuite('shared rate limit');
    if (!reachable) return;
    a = await startTestServer('sqlite', { REDIS_URL: redisUrl });
  });
  afterAll(async () => a?.close());

  it('counts creations in Redis (RateLimiterRedis)', async () => {
    if (!reachable) return;
    const { owner, app } = await ownedOrganization(a, { keyPolicy: { keyCreationsPerMinutePerUser: 2 } });
    const results = await Promise.all(Array.from({ length: 5 }, () => createKeyRaw(a, app.id, {}, owner.token)));
    expect(tally(results)).toEqual({ ok: 2, RATE_LIMITED: 3 });
    const redis = new Redis(redisUrl);
    const keys = await redis.keys('keyward:rl:key-creations*');
    await redis.quit();
    expect(keys.length).toBeGreaterThan(0);
  });
});
