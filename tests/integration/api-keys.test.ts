import { createApiKey, createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { describeEachDialect } from '../helpers/databases';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

const CREATE = 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name environment kind status keyPrefix scopes expiresAt webhookUrl destination metadata createdBy secrets { keyPrefix status } } } }';

describeEachDialect('API keys', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('creates a key and returns its secret once; no later read returns it', async () => {
    const org = await createOrganization(t);
    const dev = await createMember(t, org.id, 'DEVELOPER');
    const app = await createApplication(t, org.id, dev.token);
    const input = { applicationId: app.id, name: 'Checkout', description: 'Primary checkout key', environment: 'TEST', scopes: ['payments:write', 'refunds', 'payments:write'], expiresInDays: 30, webhookUrl: 'https://hooks.example.com/keyward', destination: 'acct_123', metadata: { team: 'checkout' } };
    const created = (await t.ok(CREATE, { input }, dev.token)).createApiKey;
    expect(created.secret).toMatch(/^sk_test_[0-9A-Za-z]{36}$/);
    expect(created.apiKey).toMatchObject({ name: 'Checkout', environment: 'TEST', kind: 'PERMANENT', status: 'ACTIVE', keyPrefix: created.secret.slice(0, 12), scopes: ['payments:write', 'refunds'], webhookUrl: 'https://hooks.example.com/keyward', destination: 'acct_123', metadata: { team: 'checkout' }, createdBy: dev.id, secrets: [{ keyPrefix: created.secret.slice(0, 12), status: 'ACTIVE' }] });
    expect(new Date(created.apiKey.expiresAt).getTime()).toBe(t.clock.now().getTime() + 30 * 86_400_000);

    const reads = [
      await t.ok('query($id: ID!) { apiKey(id: $id) { id keyPrefix secrets { id keyPrefix createdAt } } }', { id: created.apiKey.id }, dev.token),
      await t.ok('query($o: ID!) { apiKeys(organizationId: $o) { items { id keyPrefix } } }', { o: org.id }, dev.token),
      await t.ok('query($id: ID!) { application(id: $id) { apiKeys { id keyPrefix } } }', { id: app.id }, dev.token),
    ];
    for (const read of reads) expect(JSON.stringify(read)).not.toContain(created.secret.slice(12));
    const rows = JSON.stringify([...(await t.server.services.db.manager.query('SELECT * FROM api_keys')), ...(await t.server.services.db.manager.query('SELECT * FROM api_key_secrets')), ...(await t.server.services.db.manager.query('SELECT * FROM audit_events'))]);
    expect(rows).not.toContain(created.secret);
    expect(rows).not.toContain(created.secret.slice(12, 38));
  });

  it('lists keys in pages with filters on application, environment and effective status', async () => {
    const org = await createOrganization(t, { keyPolicy: { liveKeysBeforeKyb: 'INACTIVE' } });
    const a = await createApplication(t, org.id);
    const b = await createApplication(t, org.id);
    await createApiKey(t, a.id);
    await createApiKey(t, a.id, { environment: 'LIVE' });
    const soon = await createApiKey(t, b.id, { expiresAt: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    const list = async (filter: Record<string, unknown>) => (await t.ok('query($o: ID!, $f: ApiKeyFilter) { apiKeys(organizationId: $o, filter: $f, limit: 10) { totalItems items { id status environment } } }', { o: org.id, f: filter }, await t.adminToken())).apiKeys;
    expect((await list({})).totalItems).toBe(3);
    expect((await list({ applicationId: a.id })).totalItems).toBe(2);
    expect((await list({ environment: 'LIVE' })).items).toEqual([expect.objectContaining({ status: 'INACTIVE', environment: 'LIVE' })]);
    t.clock.advance(61_000);
    try {
      expect((await list({ status: 'EXPIRED' })).items.map((k: { id: string }) => k.id)).toEqual([soon.id]);
      expect((await list({ status: 'ACTIVE' })).totalItems).toBe(1);
      const read = await t.ok('query($id: ID!) { apiKey(id: $id) { status } }', { id: soon.id }, await t.adminToken());
      expect(read.apiKey.status).toBe('EXPIRED');
    } finally {
      t.clock.advance(-61_000);
    }
  });

  it('LIVE keys before KYB: INACTIVE by default, or issued for TEST with DOWNGRADE_TO_TEST', async () => {
    const inactive = await createOrganization(t);
    const downgrade = await createOrganization(t, { keyPolicy: { liveKeysBeforeKyb: 'DOWNGRADE_TO_TEST' } });
    const k1 = await createApiKey(t, (await createApplication(t, inactive.id)).id, { environment: 'LIVE' });
    expect([k1.status, k1.environment, k1.secret.slice(0, 8)]).toEqual(['INACTIVE', 'LIVE', 'sk_live_']);
    const k2 = await createApiKey(t, (await createApplication(t, downgrade.id)).id, { environment: 'LIVE' });
    expect([k2.status, k2.environment, k2.secret.slice(0, 8)]).toEqual(['ACTIVE', 'TEST', 'sk_test_']);
  });

  it('enforces maxKeysPerApplication (KEY_LIMIT) and maxActiveKeysPerEnvironment (ACTIVE_KEY_LIMIT)', async () => {
    const org = await createOrganization(t, { keyPolicy: { maxKeysPerApplication: 2, maxActiveKeysPerEnvironment: 3 } });
    const a = await createApplication(t, org.id);
    await createApiKey(t, a.id);
    await createApiKey(t, a.id);
    const third = await t.gql(CREATE, { input: { applicationId: a.id, name: 'x', description: 'x', environment: 'TEST' } }, await t.adminToken());
    expect(errorCode(third)).toBe('KEY_LIMIT');
    const b = await createApplication(t, org.id);
    await createApiKey(t, b.id);
    const fourthActive = await t.gql(CREATE, { input: { applicationId: b.id, name: 'x', description: 'x', environment: 'TEST' } }, await t.adminToken());
    expect(errorCode(fourthActive)).toBe('ACTIVE_KEY_LIMIT');
    const count = await t.ok('query($o: ID!) { apiKeys(organizationId: $o) { totalItems } }', { o: org.id }, await t.adminToken());
    expect(count.apiKeys.totalItems).toBe(3);
  });

  it('updates fields; destination is immutable on a LIVE key that carries one', async () => {
    const org = await createOrganization(t, { keyPolicy: { liveKeysBeforeKyb: 'INACTIVE' } });
    const owner = await createMember(t, org.id, 'OWNER');
    const app = await createApplication(t, org.id);
    const test = await createApiKey(t, app.id, { destination: 'acct_1' });
    const live = await createApiKey(t, app.id, { environment: 'LIVE', destination: 'acct_1' });
    const update = 'mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { name description scopes destination metadata webhookUrl expiresAt } }';
    const updated = await t.ok(update, { id: test.id, input: { name: 'renamed', scopes: ['disputes:read'], destination: 'acct_2', metadata: { a: 1 }, webhookUrl: null } }, owner.token);
    expect(updated.updateApiKey).toMatchObject({ name: 'renamed', scopes: ['disputes:read'], destination: 'acct_2', metadata: { a: 1 }, webhookUrl: null });
    const immutable = await t.gql(update, { id: live.id, input: { destination: 'acct_2' } }, owner.token);
    expect(errorCode(immutable)).toBe('IMMUTABLE_FIELD');
    expect((await t.ok('query($id: ID!) { apiKey(id: $id) { destination } }', { id: live.id }, owner.token)).apiKey.destination).toBe('acct_1');
    const developer = await createMember(t, org.id, 'DEVELOPER');
    expect(errorCode(await t.gql(update, { id: test.id, input: { name: 'no' } }, developer.token))).toBe('FORBIDDEN');
  });

  it('revokes once (ALREADY_REVOKED the second time), recording the reason', async () => {
    const org = await createOrganization(t);
    const owner = await createMember(t, org.id, 'OWNER');
    const key = await createApiKey(t, (await createApplication(t, org.id)).id);
    const revoke = 'mutation($id: ID!) { revokeApiKey(id: $id, reason: "leaked in a log") { status revokedAt revokedReason } }';
    const revoked = await t.ok(revoke, { id: key.id }, owner.token);
    expect(revoked.revokeApiKey).toMatchObject({ status: 'REVOKED', revokedReason: 'leaked in a log' });
    expect(errorCode(await t.gql(revoke, { id: key.id }, owner.token))).toBe('ALREADY_REVOKED');
    const admin = await createMember(t, org.id, 'ADMIN');
    const other = await createApiKey(t, (await createApplication(t, org.id)).id);
    expect(errorCode(await t.gql(revoke, { id: other.id }, admin.token))).toBe('FORBIDDEN');
  });

  it('refuses bad input with BAD_USER_INPUT and field details, creating nothing', async () => {
    const org = await createOrganization(t);
    const app = await createApplication(t, org.id);
    const base = { applicationId: app.id, name: 'k', description: 'd', environment: 'TEST' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ scopes: ['Payments Write'] }, 'scopes'],
      [{ name: '' }, 'name'],
      [{ name: 'n'.repeat(256) }, 'name'],
      [{ description: '' }, 'description'],
      [{ webhookUrl: 'http://hooks.example.com' }, 'webhookUrl'],
      [{ webhookUrl: 'https://127.0.0.1/x' }, 'webhookUrl'],
      [{ webhookUrl: 'not a url' }, 'webhookUrl'],
      [{ metadata: { blob: 'x'.repeat(5000) } }, 'metadata'],
      [{ expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ expiresInDays: 0 }, 'expiresInDays'],
      [{ expiresInDays: 5, expiresAt: '2999-01-01T00:00:00Z' }, 'expiresAt'],
    ];
    for (const [patch, field] of cases) {
      const result = await t.gql(CREATE, { input: { ...base, ...patch } }, await t.adminToken());
      expect([JSON.stringify(patch), errorCode(result)]).toEqual([JSON.stringify(patch), 'BAD_USER_INPUT']);
      expect(result.errors?.[0]?.extensions?.fields?.[0]?.field).toBe(field);
    }
    for (const variables of [{ input: { ...base, environment: 'PROD' } }, { input: { ...base, name: 42 } }, { input: { applicationId: app.id } }, { input: { ...base, expiresAt: 'tomorrow' } }]) {
      expect(errorCode(await t.gql(CREATE, variables, await t.adminToken()))).toBe('BAD_USER_INPUT');
    }
    expect((await t.ok('query($o: ID!) { apiKeys(organizationId: $o) { totalItems } }', { o: org.id }, await t.adminToken())).apiKeys.totalItems).toBe(0);
  });
});
