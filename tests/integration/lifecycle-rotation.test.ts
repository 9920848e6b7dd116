import { describeEachDialect } from '../helpers/databases';
import { createMember } from '../helpers/fixtures';
import { auditEvents, createKeyRaw, getKey, KEY_FIELDS, KeyView, ownedOrganization, verifyCode } from '../helpers/lifecycle-fixtures';
import { errorCode, GraphQLResponse, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('lifecycle: rotation', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  const rotate = (id: string, grace: number | null | undefined, token: string): Promise<GraphQLResponse<{ rotateApiKey: { secret: string; apiKey: KeyView } }>> =>
    t.gql(`mutation($id: ID!, $g: Int) { rotateApiKey(id: $id, gracePeriodSeconds: $g) { secret apiKey { ${KEY_FIELDS} } } }`, { id, g: grace }, token);
  const expireSecret = (apiKeyId: string, secretId: string, token: string): Promise<GraphQLResponse<{ expireApiKeySecret: KeyView }>> =>
    t.gql(`mutation($k: ID!, $s: ID!) { expireApiKeySecret(apiKeyId: $k, secretId: $s) { ${KEY_FIELDS} } }`, { k: apiKeyId, s: secretId }, token);

  async function activeKey() {
    const ctx = await ownedOrganization(t);
    const created = (await createKeyRaw(t, ctx.app.id, {}, ctx.owner.token)).data!.createApiKey;
    return { ...ctx, key: created.apiKey, secret: created.secret };
  }

  it('adds a new secret beside the old one, which works until its grace period ends; the job records the end once', async () => {
    const { org, owner, key, secret: oldSecret } = await activeKey();
    const result = await rotate(key.id, 3600, owner.token);
    expect(result.errors).toBeUndefined();
    const { secret, apiKey } = result.data!.rotateApiKey;
    expect(secret).toMatch(/^sk_test_/);
    expect(secret).not.toBe(oldSecret);
    expect(apiKey.keyPrefix).toBe(secret.slice(0, 12));
    expect(apiKey.secrets).toHaveLength(2);
    const [old, fresh] = apiKey.secrets;
    expect(old).toMatchObject({ keyPrefix: oldSecret.slice(0, 12), status: 'ACTIVE', expiresAt: new Date(t.clock.now().getTime() + 3600_000).toISOString() });
    expect(fresh).toMatchObject({ keyPrefix: secret.slice(0, 12), status: 'ACTIVE', expiresAt: null });
    expect(await verifyCode(t, oldSecret)).toBe('VALID');
    expect(await verifyCode(t, secret)).toBe('VALID');

    t.clock.advance(3600_000);
    // Over for every reader at that instant, before the job has run.
    expect((await getKey(t, key.id, owner.token)).secrets.map((s) => s.status)).toEqual(['EXPIRED', 'ACTIVE']);
    expect(await verifyCode(t, oldSecret)).not.toBe('VALID');
    expect(await verifyCode(t, secret)).toBe('VALID');
    const runs = await Promise.all([1, 2, 3].map(() => t.server.services.lifecycleJobs.runOnce(t.clock.now())));
    expect(runs.reduce((sum, run) => sum + run.expiredSecrets, 0)).toBeGreaterThanOrEqual(1);
    const ended = await auditEvents(t, org.id, { types: ['api_key.secret_expired'], subjectId: key.id });
    expect(ended).toHaveLength(1);
    expect(ended[0]!.data).toMatchObject({ secretId: old!.id, reason: 'grace_period_ended' });
    const rotated = await auditEvents(t, org.id, { types: ['api_key.rotated'], subjectId: key.id });
    expect(rotated).toHaveLength(1);
  });

  it('with a null grace period keeps old secrets until expireApiKeySecret; the last working secret cannot be expired', async () => {
    const { org, owner, key, secret: oldSecret } = await activeKey();
    const { secret, apiKey } = (await rotate(key.id, null, owner.token)).data!.rotateApiKey;
    expect(apiKey.secrets.map((s) => [s.status, s.expiresAt])).toEqual([['ACTIVE', null], ['ACTIVE', null]]);
    t.clock.advance(40 * 86_400_000);
    expect(await verifyCode(t, oldSecret)).toBe('VALID');

    const [old, fresh] = apiKey.secrets;
    const expired = await expireSecret(key.id, old!.id, owner.token);
    expect(expired.errors).toBeUndefined();
    expect(expired.data!.expireApiKeySecret.secrets.map((s) => s.status)).toEqual(['EXPIRED', 'ACTIVE']);
    expect(await verifyCode(t, oldSecret)).not.toBe('VALID');
    expect(await verifyCode(t, secret)).toBe('VALID');
    expect(errorCode(await expireSecret(key.id, old!.id, owner.token))).toBe('CONFLICT');
    expect(errorCode(await expireSecret(key.id, fresh!.id, owner.token))).toBe('CONFLICT');
    expect(errorCode(await expireSecret(key.id, 'sec_0000000000000000000000000', owner.token))).toBe('NOT_FOUND');
    expect(await auditEvents(t, org.id, { types: ['api_key.secret_expired'], subjectId: key.id })).toHaveLength(1);
  });

  it('expiring the newest secret points keyPrefix back at the remaining one', async () => {
    const { owner, key, secret: oldSecret } = await activeKey();
    const { apiKey } = (await rotate(key.id, null, owner.token)).data!.rotateApiKey;
    const after = (await expireSecret(key.id, apiKey.secrets[1]!.id, owner.token)).data!.expireApiKeySecret;
    expect(after.keyPrefix).toBe(oldSecret.slice(0, 12));
  });

  it('a zero grace period ends the old secrets at once', async () => {
    const { owner, key, secret: oldSecret } = await activeKey();
    const { apiKey } = (await rotate(key.id, 0, owner.token)).data!.rotateApiKey;
    expect(apiKey.secrets.map((s) => s.status)).toEqual(['EXPIRED', 'ACTIVE']);
    expect(await verifyCode(t, oldSecret)).not.toBe('VALID');
  });

  it('refuses bad rotations with documented codes and adds no secret', async () => {
    const { org, owner, key } = await activeKey();
    expect(errorCode(await rotate(key.id, 30 * 86_400 + 1, owner.token))).toBe('BAD_USER_INPUT');
    expect(errorCode(await rotate(key.id, -1, owner.token))).toBe('BAD_USER_INPUT');
    const developer = await createMember(t, org.id, 'DEVELOPER');
    expect(errorCode(await rotate(key.id, 60, developer.token))).toBe('FORBIDDEN');
    const stranger = await ownedOrganization(t);
    expect(errorCode(await rotate(key.id, 60, stranger.owner.token))).toBe('NOT_FOUND');
    expect(errorCode(await rotate('key_0000000000000000000000000', 60, owner.token))).toBe('NOT_FOUND');
    expect((await getKey(t, key.id, owner.token)).secrets).toHaveLength(1);

    expect((await rotate(key.id, 30 * 86_400, owner.token)).errors).toBeUndefined();
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id, reason: "leaked") { id } }', { id: key.id }, owner.token);
    expect(errorCode(await rotate(key.id, 60, owner.token))).toBe('ALREADY_REVOKED');
    expect((await getKey(t, key.id, owner.token)).secrets).toHaveLength(2);
  });

  it('concurrent rotations each add exactly one secret', async () => {
    const { owner, key } = await activeKey();
    const results = await Promise.all(Array.from({ length: 5 }, () => rotate(key.id, 600, owner.token)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const secrets = (await getKey(t, key.id, owner.token)).secrets;
    expect(secrets).toHaveLength(6);
    expect(secrets.filter((s) => s.expiresAt === null)).toHaveLength(1);
  });
});
