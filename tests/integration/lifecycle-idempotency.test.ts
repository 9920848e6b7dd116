import { describeEachDialect } from '../helpers/databases';
import { createApplication } from '../helpers/fixtures';
import { auditEvents, createKeyRaw, issueTemporaryRaw, ownedOrganization, tally } from '../helpers/lifecycle-fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

describeEachDialect('lifecycle: idempotency keys', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  const input = { name: 'Checkout backend', description: 'retry-safe', scopes: ['payments:write'] };
  const count = async (organizationId: string, token: string) =>
    (await t.ok('query($o: ID!) { apiKeys(organizationId: $o) { totalItems } }', { o: organizationId }, token)).apiKeys.totalItems as number;

  it('the same key and input replay the first result, secret included, without counting against the rate limit', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { keyCreationsPerMinutePerUser: 1 } });
    const first = await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'create-1' }, owner.token);
    const again = await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'create-1' }, owner.token);
    expect(again.errors).toBeUndefined();
    expect(again.data!.createApiKey.apiKey.id).toBe(first.data!.createApiKey.apiKey.id);
    expect(again.data!.createApiKey.secret).toBe(first.data!.createApiKey.secret);
    expect(await count(org.id, owner.token)).toBe(1);
    expect(await auditEvents(t, org.id, { types: ['api_key.created'] })).toHaveLength(1);
  });

  it('the same key with other input answers IDEMPOTENCY_KEY_REUSED', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'create-2' }, owner.token);
    const other = await createKeyRaw(t, app.id, { ...input, name: 'Another name', idempotencyKey: 'create-2' }, owner.token);
    expect(errorCode(other)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(errorCode(await issueTemporaryRaw(t, app.id, { ...input, idempotencyKey: 'create-2' }, owner.token))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count(org.id, owner.token)).toBe(1);
  });

  it('keys are per user: another user may use the same idempotency key', async () => {
    const { owner, app } = await ownedOrganization(t);
    const mine = await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'shared' }, owner.token);
    const theirs = await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'shared' }, await t.adminToken());
    expect(theirs.data!.createApiKey.apiKey.id).not.toBe(mine.data!.createApiKey.apiKey.id);
  });

  it('concurrent duplicates make exactly one key and all get its secret', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const results = await Promise.all(Array.from({ length: 10 }, () => createKeyRaw(t, app.id, { ...input, idempotencyKey: 'burst' }, owner.token)));
    expect(tally(results)).toEqual({ ok: 10 });
    expect(new Set(results.map((r) => r.data!.createApiKey.secret)).size).toBe(1);
    expect(new Set(results.map((r) => r.data!.createApiKey.apiKey.id)).size).toBe(1);
    expect(await count(org.id, owner.token)).toBe(1);
  });

  it('concurrent duplicates with different input: one key, the others IDEMPOTENCY_KEY_REUSED', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const other = await createApplication(t, org.id, owner.token);
    const results = await Promise.all([app.id, other.id, app.id, other.id].map((applicationId) => createKeyRaw(t, applicationId, { ...input, idempotencyKey: 'mixed' }, owner.token)));
    const counts = tally(results);
    expect(counts.ok! + counts.IDEMPOTENCY_KEY_REUSED!).toBe(4);
    expect(counts.ok).toBe(2);
    expect(await count(org.id, owner.token)).toBe(1);
  });

  it('a failed create stores nothing: the retry may succeed', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { maxActiveKeysPerEnvironment: 1 } });
    const blocker = (await createKeyRaw(t, app.id, {}, owner.token)).data!.createApiKey.apiKey;
    expect(errorCode(await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'after-failure' }, owner.token))).toBe('ACTIVE_KEY_LIMIT');
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: blocker.id }, owner.token);
    expect((await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'after-failure' }, owner.token)).errors).toBeUndefined();
    expect(await count(org.id, owner.token)).toBe(2);
  });

  it('issueTemporaryApiKey replays too; records are kept 24 h, then purged', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const first = await issueTemporaryRaw(t, app.id, { ...input, idempotencyKey: 'issue-1' }, owner.token);
    const again = await issueTemporaryRaw(t, app.id, { ...input, idempotencyKey: 'issue-1' }, owner.token);
    expect(again.data!.issueTemporaryApiKey.secret).toBe(first.data!.issueTemporaryApiKey.secret);
    const created = await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'day-old' }, owner.token);

    t.clock.advance(24 * 3600_000 - 1000);
    expect((await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'day-old' }, owner.token)).data!.createApiKey.apiKey.id).toBe(created.data!.createApiKey.apiKey.id);
    t.clock.advance(1000);
    const run = await t.server.services.lifecycleJobs.runOnce(t.clock.now());
    expect(run.purgedIdempotencyRecords).toBeGreaterThanOrEqual(2);
    const fresh = await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'day-old' }, owner.token);
    expect(fresh.data!.createApiKey.apiKey.id).not.toBe(created.data!.createApiKey.apiKey.id);
    expect(await count(org.id, owner.token)).toBe(3);
  });

  it('keeps the replayed secret encrypted at rest', async () => {
    const { owner, app } = await ownedOrganization(t);
    const created = await createKeyRaw(t, app.id, { ...input, idempotencyKey: 'at-rest' }, owner.token);
    const rows = (await t.server.services.db.dataSource.query('SELECT sealed_secret FROM idempotency_records WHERE idempotency_key = ?', ['at-rest'])) as Array<{ sealed_secret: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sealed_secret).not.toContain(created.data!.createApiKey.secret);
    expect(rows[0]!.sealed_secret).toMatch(/^v1\./);
  });
});
