import { describeEachDialect } from '../helpers/databases';
import { createMember } from '../helpers/fixtures';
import { auditEvents, createKeyRaw, ownedOrganization } from '../helpers/lifecycle-fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('lifecycle: updateApiKey', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  const FIELDS = 'id name description scopes metadata webhookUrl destination expiresAt status';
  const update = (id: string, input: Record<string, unknown>, token: string) =>
    t.gql(`mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { ${FIELDS} } }`, { id, input }, token);

  it('changes name, description, scopes, metadata, webhookUrl and expiry; records what changed', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const key = (await createKeyRaw(t, app.id, {}, owner.token)).data!.createApiKey.apiKey;
    const result = await update(key.id, {
      name: '  Renamed  ',
      description: 'New purpose',
      scopes: ['refunds', 'refunds', 'disputes:read'],
      metadata: { team: 'payments' },
      webhookUrl: 'https://hooks.example.com/keyward',
      expiresInDays: 10,
    }, owner.token);
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateApiKey).toMatchObject({
      name: 'Renamed',
      description: 'New purpose',
      scopes: ['refunds', 'disputes:read'],
      metadata: { team: 'payments' },
      webhookUrl: 'https://hooks.example.com/keyward',
      expiresAt: new Date(t.clock.now().getTime() + 10 * 86_400_000).toISOString(),
      status: 'ACTIVE',
    });
    const cleared = await update(key.id, { metadata: null, webhookUrl: null, expiresAt: null }, owner.token);
    expect(cleared.data!.updateApiKey).toMatchObject({ metadata: null, webhookUrl: null, expiresAt: null, name: 'Renamed' });
    const events = await auditEvents(t, org.id, { types: ['api_key.updated'], subjectId: key.id });
    expect(events).toHaveLength(2);
    expect(events[1]!.data.changes).toEqual(expect.arrayContaining(['name', 'description', 'scopes', 'metadata', 'webhookUrl', 'expiresAt']));
  });

  it('destination is IMMUTABLE_FIELD once a LIVE key carries it; a TEST key may change it', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    await t.ok('mutation($o: ID!) { setKybStatus(organizationId: $o, status: APPROVED) { id } }', { o: org.id }, await t.adminToken());
    const live = (await createKeyRaw(t, app.id, { environment: 'LIVE', destination: 'acct_123' }, owner.token)).data!.createApiKey.apiKey;
    const refused = await update(live.id, { destination: 'acct_999', name: 'sneaky' }, owner.token);
    expect(errorCode(refused)).toBe('IMMUTABLE_FIELD');
    expect(refused.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('destination');
    const after = await t.ok(`query($id: ID!) { apiKey(id: $id) { ${FIELDS} } }`, { id: live.id }, owner.token);
    expect(after.apiKey).toMatchObject({ destination: 'acct_123', name: expect.not.stringMatching('sneaky') });
    expect((await update(live.id, { destination: 'acct_123' }, owner.token)).errors).toBeUndefined();

    const test = (await createKeyRaw(t, app.id, { destination: 'acct_1' }, owner.token)).data!.createApiKey.apiKey;
    expect((await update(test.id, { destination: 'acct_2' }, owner.token)).data!.updateApiKey.destination).toBe('acct_2');
  });

  it('refuses bad input, other roles and other tenants with documented codes', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const key = (await createKeyRaw(t, app.id, {}, owner.token)).data!.createApiKey.apiKey;
    for (const input of [{ name: '' }, { scopes: ['BAD SCOPE'] }, { webhookUrl: 'ftp://x' }, { expiresAt: '2001-01-01T00:00:00Z' }, { metadata: { big: 'y'.repeat(5000) } }]) {
      expect(errorCode(await update(key.id, input, owner.token))).toBe('BAD_USER_INPUT');
    }
    const developer = await createMember(t, org.id, 'DEVELOPER');
    expect(errorCode(await update(key.id, { name: 'x' }, developer.token))).toBe('FORBIDDEN');
    const stranger = await ownedOrganization(t);
    expect(errorCode(await update(key.id, { name: 'x' }, stranger.owner.token))).toBe('NOT_FOUND');
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: key.id }, owner.token);
    expect(errorCode(await update(key.id, { name: 'x' }, owner.token))).toBe('CONFLICT');
  });

  it('an expired key keeps its expiry: no new expiry brings it back', async () => {
    const { owner, app } = await ownedOrganization(t);
    const key = (await createKeyRaw(t, app.id, { expiresInDays: 1 }, owner.token)).data!.createApiKey.apiKey;
    t.clock.advance(86_400_000);
    expect(errorCode(await update(key.id, { expiresInDays: 5 }, owner.token))).toBe('CONFLICT');
    expect((await update(key.id, { name: 'archived' }, owner.token)).data!.updateApiKey.status).toBe('EXPIRED');
  });
});
