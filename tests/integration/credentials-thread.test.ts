import { createServer } from 'node:net';
import { StartupError } from '../../server/startup';
import { describeEachDialect } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';
import { activeKey, revokeKey, token, verify } from './credentials-fixtures';

/**
 * KEYWARD_CREDENTIALS_PORT (README, "The credentials port"): verify, the token endpoints and JWKS
 * on a thread of their own. Whether its cache follows every change is the model-based test's
 * (verify-truth.model.test.ts) and the thread link's (tests/unit/thread-link.test.ts); here: what
 * the port serves, its start, restart and shutdown.
 */
const THREAD = { KEYWARD_CREDENTIALS_PORT: '0', KEYWARD_MANAGEMENT_PRIORITY: 'normal', KEYWARD_ANALYTICS_FLUSH_MS: '3600000' };

const STATS = 'query($o: ID!, $f: VerificationStatsFilter) { verificationStats(organizationId: $o, granularity: MINUTE, filter: $f) { total valid } }';

describeEachDialect('the credentials thread', (dialect) => {
  let a: TestServer;
  const onThread = (): TestServer => ({ ...a, url: a.server.credentialsUrl! });
  beforeAll(async () => {
    a = await startTestServer(dialect, THREAD);
  });
  afterAll(async () => {
    await a?.close();
  });

  it('serves verify, tokens, JWKS, its metrics and health probes on its own port, and nothing of GraphQL or the console', async () => {
    const thread = a.server.credentialsUrl!;
    expect(thread).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(thread).not.toBe(a.url);
    const key = await activeKey(a);
    expect((await verify(onThread(), key.secret)).body.code).toBe('VALID');
    expect((await verify(onThread(), key.secret)).body.code).toBe('VALID');
    const issued = await token(onThread(), key.id, key.secret);
    expect(issued.status).toBe(200);
    const jwks = (await (await fetch(`${thread}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    const mainJwks = (await (await fetch(`${a.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toEqual(mainJwks.keys.map((k) => k.kid));
    const metrics = await (await fetch(`${thread}/metrics`)).text();
    expect(Number(/^keyward_verify_cache_hits_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${thread}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${thread}/readyz`)).json()).toEqual({ status: 'ready', database: 'up' });
    expect((await fetch(`${thread}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).status).toBe(404);
    expect((await fetch(`${thread}/`)).status).toBe(404);
    // Its young generation is the setting's (KEYWARD_CREDENTIALS_YOUNG_GENERATION_MB, 192 MB by default), not V8's 48.
    expect(a.server.credentialsThread!.worker.resourceLimits?.maxYoungGenerationSizeMb).toBe(192);
    // The main port keeps every route (its own cache): clients that have not moved keep working.
    expect((await verify(a, key.secret)).body.code).toBe('VALID');
  });

  it('answers a revocation made through GraphQL on the main port at once', async () => {
    const key = await activeKey(a);
    expect((await verify(onThread(), key.secret)).body.code).toBe('VALID');
    await revokeKey(a, key.id);
    expect((await verify(onThread(), key.secret)).body.code).toBe('REVOKED');
  });

  it('counts a rate limit of a key once across both ports without Redis: the credentials thread holds the window', async () => {
    // 40 per hour; 30 calls on each port, interleaved. Counted per thread this admitted 60.
    const key = await activeKey(a, { rateLimits: [{ name: 'hourly', limit: 40, windowSeconds: 3600 }] });
    const codes: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      codes.push((await verify(onThread(), key.secret)).body.code, (await verify(a, key.secret)).body.code);
    }
    const valid = codes.filter((code) => code === 'VALID').length;
    // The bound of two instances sharing a window (README, "Rate limits across instances"): the
    // main thread may admit floor(10 % × 40 / 2) = 2 on overdraft while a lease is on its way.
    expect(valid).toBeLessThanOrEqual(42);
    expect(valid).toBeGreaterThanOrEqual(38);
    expect(codes.filter((code) => code !== 'VALID').every((code) => code === 'RATE_LIMITED')).toBe(true);
    // The thread answers what the window holds for both ports.
    const last = await verify(onThread(), key.secret);
    expect(last.body).toMatchObject({ code: 'RATE_LIMITED', rateLimits: [{ name: 'hourly', limit: 40, remaining: 0 }] });
  });

  it('starts again after its thread dies, and serves with a fresh cache', async () => {
    const key = await activeKey(a);
    expect((await verify(onThread(), key.secret)).body.code).toBe('VALID');
    const dead = a.server.credentialsThread!.worker;
    await dead.terminate();
    const started = Date.now();
    while (a.server.credentialsThread!.worker === dead) {
      if (Date.now() - started > 10_000) throw new Error('the credentials thread was not started again within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await revokeKey(a, key.id);
    expect((await verify(onThread(), key.secret)).body.code).toBe('REVOKED');
  });

  it('closes at once while a dead thread waits to be started again', async () => {
    const database = a.server.services.config.database;
    const other = await startTestServer(dialect, THREAD, { databaseUrl: database.type === 'mysql' ? database.url : `sqlite:${database.path}` });
    await other.server.credentialsThread!.worker.terminate();
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(5000);
    // Nothing was started again behind the closed server's back.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(other.server.credentialsThread!.worker.threadId).toBe(-1);
  });

  it('writes the counts it holds when the server closes (SPEC 8)', async () => {
    const database = a.server.services.config.database;
    const databaseUrl = database.type === 'mysql' ? database.url : `sqlite:${database.path}`;
    const leaving = await startTestServer(dialect, THREAD, { databaseUrl });
    leaving.clock.set(a.clock.now());
    const key = await activeKey(a);
    const thread = { ...leaving, url: leaving.server.credentialsUrl! };
    for (let i = 0; i < 3; i += 1) expect((await verify(thread, key.secret)).body.code).toBe('VALID');
    await leaving.close();
    const stats = await a.ok<{ verificationStats: Array<{ total: number; valid: number }> }>(STATS, { o: key.organizationId, f: { apiKeyId: key.id } }, await a.adminToken());
    expect(stats.verificationStats.reduce((n, b) => n + b.valid, 0)).toBe(3);
  });

  it('refuses to start on a port already in use, naming KEYWARD_CREDENTIALS_PORT and the address', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const database = a.server.services.config.database;
    const databaseUrl = database.type === 'mysql' ? database.url : `sqlite:${database.path}`;
    try {
      const failed = await startTestServer(dialect, { ...THREAD, KEYWARD_CREDENTIALS_PORT: String(port) }, { databaseUrl }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(StartupError);
      expect((failed as StartupError).setting).toBe('KEYWARD_CREDENTIALS_PORT');
      expect((failed as Error).message).toContain(`127.0.0.1:${port} is already in use`);
    } finally {
      taken.close();
    }
  });
});
