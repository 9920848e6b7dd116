import { generateSecret } from '../../server/api-keys/key-format';
import { describeEachDialect } from '../helpers/databases';
import { createMember } from '../helpers/fixtures';
import { ACCOUNT_SECRET, auditEvents, exchangeRaw, getKey, issueTemporary, issueTemporaryRaw, ownedOrganization, tally } from '../helpers/lifecycle-fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

const DAY_MS = 86_400_000;

describeEachDialect('lifecycle: temporary keys', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  it('issues a tk_ key valid 7 days, pending exchange; platform admin or OWNER only', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const issued = await issueTemporary(t, app.id, { environment: 'LIVE' }, owner.token);
    expect(issued.secret).toMatch(/^tk_live_[0-9A-Za-z]{36}$/);
    expect(issued.apiKey).toMatchObject({ kind: 'TEMPORARY', status: 'PENDING_EXCHANGE', environment: 'LIVE', keyPrefix: issued.secret.slice(0, 12) });
    expect(new Date(issued.apiKey.expiresAt!).getTime()).toBe(t.clock.now().getTime() + 7 * DAY_MS);
    expect((await issueTemporary(t, app.id, {}, await t.adminToken())).secret).toMatch(/^tk_test_/);

    for (const role of ['DEVELOPER', 'ADMIN', 'VIEWER'] as const) {
      const member = await createMember(t, org.id, role);
      expect(errorCode(await issueTemporaryRaw(t, app.id, {}, member.token))).toBe('FORBIDDEN');
    }
    const outsider = await ownedOrganization(t);
    expect(errorCode(await issueTemporaryRaw(t, app.id, {}, outsider.owner.token))).toBe('NOT_FOUND');
    const created = (await auditEvents(t, org.id, { types: ['api_key.created'], subjectId: issued.apiKey.id }))[0];
    expect(created?.data).toMatchObject({ kind: 'TEMPORARY', status: 'PENDING_EXCHANGE' });
  });

  it('exchanges once, without a session: sets the account secret, returns the permanent secret, spends the temporary key', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const issued = await issueTemporary(t, app.id, { scopes: ['payments:write', 'refunds'], metadata: { plan: 'pro' } }, owner.token);
    const result = await exchangeRaw(t, issued.secret, ACCOUNT_SECRET);
    expect(result.errors).toBeUndefined();
    const { apiKey, secret } = result.data!.exchangeTemporaryApiKey;
    expect(secret).toMatch(/^sk_test_[0-9A-Za-z]{36}$/);
    expect(apiKey).toMatchObject({ kind: 'PERMANENT', status: 'ACTIVE', environment: 'TEST', keyPrefix: secret.slice(0, 12), expiresAt: null });
    expect(apiKey.secrets).toHaveLength(1);

    const temporary = await getKey(t, issued.apiKey.id, owner.token);
    expect(temporary).toMatchObject({ status: 'EXCHANGED', exchangedForKeyId: apiKey.id });
    expect(temporary.secrets.map((s) => s.status)).toEqual(['EXPIRED']);
    const organization = await t.ok('query($id: ID!) { organization(id: $id) { hasAccountSecret accountSecretSetAt accountSecretRotationDueAt } }', { id: org.id }, owner.token);
    expect(organization.organization.hasAccountSecret).toBe(true);
    expect(new Date(organization.organization.accountSecretRotationDueAt).getTime()).toBe(t.clock.now().getTime() + 90 * DAY_MS);

    expect(errorCode(await exchangeRaw(t, issued.secret, ACCOUNT_SECRET))).toBe('TEMPORARY_KEY_USED');
    const types = (await auditEvents(t, org.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['api_key.exchanged', 'account_secret.set', 'api_key.created']));
    const exchanged = (await auditEvents(t, org.id, { types: ['api_key.exchanged'] }))[0]!;
    expect(exchanged).toMatchObject({ subjectId: issued.apiKey.id, actorType: 'temporary_key' });
    expect(exchanged.data).toMatchObject({ permanentKeyId: apiKey.id });
  });

  it('of many concurrent exchanges of one temporary key, exactly one wins; the rest get TEMPORARY_KEY_USED', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const issued = await issueTemporary(t, app.id, {}, owner.token);
    const results = await Promise.all(Array.from({ length: 10 }, () => exchangeRaw(t, issued.secret, ACCOUNT_SECRET)));
    expect(tally(results)).toEqual({ ok: 1, TEMPORARY_KEY_USED: 9 });
    const keys = await t.ok('query($o: ID!, $a: ID!) { apiKeys(organizationId: $o, filter: { applicationId: $a, kind: PERMANENT }) { totalItems } }', { o: org.id, a: app.id }, owner.token);
    expect(keys.apiKeys.totalItems).toBe(1);
    expect(await auditEvents(t, org.id, { types: ['api_key.exchanged'] })).toHaveLength(1);
  });

  it('concurrent exchanges of two temporary keys of one organization agree on one account secret', async () => {
    const { owner, app } = await ownedOrganization(t);
    const first = await issueTemporary(t, app.id, {}, owner.token);
    const second = await issueTemporary(t, app.id, {}, owner.token);
    const [a, b] = await Promise.all([exchangeRaw(t, first.secret, ACCOUNT_SECRET), exchangeRaw(t, second.secret, 'Another-Secret-99')]);
    // One sets the secret; the other then has to match it, and does not.
    expect(tally([a, b])).toEqual({ ok: 1, FORBIDDEN: 1 });
  });

  it('refuses an account secret that breaks the policy with SECRET_POLICY and leaves the temporary key usable', async () => {
    const { owner, app } = await ownedOrganization(t);
    const issued = await issueTemporary(t, app.id, {}, owner.token);
    const short = await exchangeRaw(t, issued.secret, 'Short-1');
    expect(errorCode(short)).toBe('SECRET_POLICY');
    expect(short.errors?.[0]?.extensions?.rule).toBe('LENGTH');
    const lower = await exchangeRaw(t, issued.secret, 'all-lower-case-secret');
    expect(lower.errors?.[0]?.extensions).toMatchObject({ code: 'SECRET_POLICY', rule: 'UPPERCASE' });
    expect((await getKey(t, issued.apiKey.id, owner.token)).status).toBe('PENDING_EXCHANGE');
    expect((await exchangeRaw(t, issued.secret, ACCOUNT_SECRET)).errors).toBeUndefined();
  });

  it('must match an account secret already set (FORBIDDEN otherwise, key still usable)', async () => {
    const { owner, app } = await ownedOrganization(t);
    await exchangeRaw(t, (await issueTemporary(t, app.id, {}, owner.token)).secret, ACCOUNT_SECRET);
    const issued = await issueTemporary(t, app.id, {}, owner.token);
    expect(errorCode(await exchangeRaw(t, issued.secret, 'Wrong-Secret-123'))).toBe('FORBIDDEN');
    expect((await getKey(t, issued.apiKey.id, owner.token)).status).toBe('PENDING_EXCHANGE');
    expect((await exchangeRaw(t, issued.secret, ACCOUNT_SECRET)).errors).toBeUndefined();
  });

  it('a failed exchange (active-key limit) creates nothing and leaves the temporary key usable', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { maxActiveKeysPerEnvironment: 1 } });
    const issued = await issueTemporary(t, app.id, {}, owner.token);
    const blocker = await t.ok('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }', { input: { applicationId: app.id, name: 'only', description: 'the one active key', environment: 'TEST' } }, owner.token);
    expect(errorCode(await exchangeRaw(t, issued.secret, ACCOUNT_SECRET))).toBe('ACTIVE_KEY_LIMIT');
    expect((await getKey(t, issued.apiKey.id, owner.token)).status).toBe('PENDING_EXCHANGE');
    const organization = await t.ok('query($id: ID!) { organization(id: $id) { hasAccountSecret } }', { id: org.id }, owner.token);
    expect(organization.organization.hasAccountSecret).toBe(false);
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: blocker.createApiKey.apiKey.id }, owner.token);
    expect((await exchangeRaw(t, issued.secret, ACCOUNT_SECRET)).errors).toBeUndefined();
  });

  it('expires after 7 days: TEMPORARY_KEY_EXPIRED at once, and the job records it once', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const issued = await issueTemporary(t, app.id, {}, owner.token);
    t.clock.advance(7 * DAY_MS);
    expect(errorCode(await exchangeRaw(t, issued.secret, ACCOUNT_SECRET))).toBe('TEMPORARY_KEY_EXPIRED');
    expect((await getKey(t, issued.apiKey.id, owner.token)).status).toBe('EXPIRED');
    await t.server.services.lifecycleJobs.runOnce(t.clock.now());
    await t.server.services.lifecycleJobs.runOnce(t.clock.now());
    const expired = await auditEvents(t, org.id, { types: ['api_key.expired'], subjectId: issued.apiKey.id });
    expect(expired).toHaveLength(1);
    expect(expired[0]!.data).toMatchObject({ kind: 'TEMPORARY', previousStatus: 'PENDING_EXCHANGE' });
    expect(errorCode(await exchangeRaw(t, issued.secret, ACCOUNT_SECRET))).toBe('TEMPORARY_KEY_EXPIRED');
  });

  it('answers bad temporary keys with documented codes, never a 500', async () => {
    expect(errorCode(await exchangeRaw(t, 'not-a-key', ACCOUNT_SECRET))).toBe('BAD_USER_INPUT');
    expect(errorCode(await exchangeRaw(t, 'sk_test_000000000000000000000000000000000000', ACCOUNT_SECRET))).toBe('BAD_USER_INPUT');
    const { owner, app } = await ownedOrganization(t);
    const issued = await issueTemporary(t, app.id, {}, owner.token);
    const mistyped = issued.secret.slice(0, 20) + (issued.secret[20] === 'a' ? 'b' : 'a') + issued.secret.slice(21);
    expect(errorCode(await exchangeRaw(t, mistyped, ACCOUNT_SECRET))).toBe('BAD_USER_INPUT');
    expect(errorCode(await exchangeRaw(t, 'x'.repeat(5000), ACCOUNT_SECRET))).toBe('BAD_USER_INPUT');
    expect(errorCode(await exchangeRaw(t, issued.secret, 'x'.repeat(5000)))).toBe('BAD_USER_INPUT');
    // A well-formed key nobody issued.
    expect(errorCode(await exchangeRaw(t, generateSecret('TEMPORARY', 'TEST'), ACCOUNT_SECRET))).toBe('NOT_FOUND');
    expect(errorCode(await issueTemporaryRaw(t, app.id, { name: '' }, owner.token))).toBe('BAD_USER_INPUT');
  });
});
