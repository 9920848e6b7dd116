import { describeEachDialect } from '../helpers/databases';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { activeKey, form, FORM, post, token, verify } from './credentials-fixtures';
import { within } from '../helpers/within';

/**
 * The cases of issue 11's first paragraph, by name: each was answered stale for up to 60 s on
 * every instance. The model-based suite (verify-truth.model.test.ts) covers the class.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describeEachDialect('verify answers from the committed truth (regressions)', (dialect) => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer(dialect, { REDIS_URL });
    const database = a.server.services.config.database;
    b = await startTestServer(dialect, { REDIS_URL }, { databaseUrl: database.type === 'mysql' ? database.url : `sqlite:${database.path}` });
    b.clock.set(a.clock.now());
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const update = async (id: string, input: Record<string, unknown>) =>
    a.ok('mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id } }', { id, input }, await a.adminToken());

  /** Both instances have the key cached before the change: a stale answer would come from there. */
  async function warm(secret: string, requiredScopes?: string[]): Promise<void> {
    for (const t of [a, b]) expect((await verify(t, secret, requiredScopes)).body.code).toBe('VALID');
  }

  it('narrowed scopes: verify refuses the removed scope and the token endpoint stops granting it, at once on A and within 1 s on B', async () => {
    const key = await activeKey(a, { scopes: ['payments:write', 'refunds'] });
    await warm(key.secret, ['refunds']);
    await update(key.id, { scopes: ['payments:write'] });
    expect((await verify(a, key.secret, ['refunds'])).body.code).toBe('INSUFFICIENT_SCOPE');
    expect((await token(a, key.id, key.secret)).body.scope).toBe('payments:write');
    expect((await token(a, key.id, key.secret, { scope: 'refunds' })).body.error).toBe('invalid_scope');
    await within(1000, async () => (await verify(b, key.secret, ['refunds'])).body.code === 'INSUFFICIENT_SCOPE');
    expect((await token(b, key.id, key.secret)).body.scope).toBe('payments:write');
  });

  it('changed metadata and webhookUrl are answered at once on A and within 1 s on B', async () => {
    const key = await activeKey(a, { metadata: { plan: 'old' }, webhookUrl: 'https://hooks.example.test/old' });
    await warm(key.secret);
    await update(key.id, { metadata: { plan: 'new' }, webhookUrl: 'https://hooks.example.test/new' });
    expect((await verify(a, key.secret)).body).toMatchObject({ metadata: { plan: 'new' }, webhookUrl: 'https://hooks.example.test/new' });
    await within(1000, async () => (await verify(b, key.secret)).body.metadata?.plan === 'new');
    expect((await verify(b, key.secret)).body.webhookUrl).toBe('https://hooks.example.test/new');
  });

  it('an expiry moved earlier takes effect at that instant on both instances, before any job records it', async () => {
    const key = await activeKey(a, { expiresInDays: 30 });
    await warm(key.secret);
    const soon = new Date(a.clock.now().getTime() + 5_000);
    await update(key.id, { expiresAt: soon.toISOString() });
    expect((await verify(a, key.secret)).body).toMatchObject({ code: 'VALID', expiresAt: soon.toISOString() });
    await within(1000, async () => (await verify(b, key.secret)).body.expiresAt === soon.toISOString());
    for (const t of [a, b]) t.clock.set(soon);
    for (const t of [a, b]) {
      expect((await verify(t, key.secret)).body).toMatchObject({ valid: false, code: 'EXPIRED' });
      expect((await token(t, key.id, key.secret)).body.error).toBe('invalid_client');
    }
  });

  it('introspection answers active:false for a token carrying a scope its key no longer grants', async () => {
    const key = await activeKey(a, { scopes: ['payments:write', 'refunds'] });
    const issued = await token(a, key.id, key.secret);
    expect(issued.body.scope).toBe('payments:write refunds');
    const narrow = await token(a, key.id, key.secret, { scope: 'payments:write' });
    const introspect = async (t: TestServer, accessToken: string) =>
      (await post(t, '/oauth/introspect', form({ token: accessToken }), { ...FORM, authorization: `Bearer ${SERVICE_TOKEN}` })).body.active;
    expect(await introspect(a, issued.body.access_token)).toBe(true);
    await update(key.id, { scopes: ['payments:write'] });
    expect(await introspect(a, issued.body.access_token)).toBe(false);
    expect(await introspect(b, issued.body.access_token)).toBe(false);
    // A token that only carries what the key still grants stays active.
    expect(await introspect(a, narrow.body.access_token)).toBe(true);
  });
});
