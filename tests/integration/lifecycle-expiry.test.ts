import { describeEachDialect } from '../helpers/databases';
import { auditEvents, createKeyRaw, getKey, ownedOrganization, verifyCode } from '../helpers/lifecycle-fixtures';
import { startTestServer, TestServer } from '../helpers/server';

const DAY_MS = 86_400_000;

describeEachDialect('lifecycle: expiry', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  const statusFilter = async (organizationId: string, status: string, token: string) =>
    (await t.ok('query($o: ID!, $s: ApiKeyStatus) { apiKeys(organizationId: $o, filter: { status: $s }) { items { id } } }', { o: organizationId, s: status }, token)).apiKeys.items.map((k: { id: string }) => k.id);

  it('a key is EXPIRED at its expiresAt for every reader; the job records it once, even run by several instances at once', async () => {
    const { org, owner, app } = await ownedOrganization(t);
    const created = (await createKeyRaw(t, app.id, { expiresInDays: 1 }, owner.token)).data!.createApiKey;
    const atInstant = (await createKeyRaw(t, app.id, { expiresAt: new Date(t.clock.now().getTime() + 3600_000).toISOString() }, owner.token)).data!.createApiKey;
    expect(created.apiKey.expiresAt).toBe(new Date(t.clock.now().getTime() + DAY_MS).toISOString());

    t.clock.advance(3600_000 - 1);
    expect(await verifyCode(t, atInstant.secret)).toBe('VALID');
    t.clock.advance(1);
    expect((await getKey(t, atInstant.apiKey.id, owner.token)).status).toBe('EXPIRED');
    expect(await verifyCode(t, atInstant.secret)).toBe('EXPIRED');
    expect(await statusFilter(org.id, 'EXPIRED', owner.token)).toEqual([atInstant.apiKey.id]);

    t.clock.advance(DAY_MS);
    expect((await getKey(t, created.apiKey.id, owner.token)).status).toBe('EXPIRED');
    expect(await statusFilter(org.id, 'ACTIVE', owner.token)).toEqual([]);

    const jobs = t.server.services.lifecycleJobs;
    const runs = await Promise.all(Array.from({ length: 4 }, () => jobs.runOnce(t.clock.now())));
    expect(runs.reduce((sum, run) => sum + run.expiredKeys, 0)).toBeGreaterThanOrEqual(2);
    expect((await jobs.runOnce(t.clock.now())).expiredKeys).toBe(0);
    const events = await auditEvents(t, org.id, { types: ['api_key.expired'] });
    expect(events.map((e) => e.subjectId).sort()).toEqual([created.apiKey.id, atInstant.apiKey.id].sort());
    expect(events.every((e) => e.actorType === 'system')).toBe(true);
    expect(events[0]!.data).toMatchObject({ previousStatus: 'ACTIVE', kind: 'PERMANENT' });
    expect(await statusFilter(org.id, 'EXPIRED', owner.token)).toHaveLength(2);
  });

  it('the job never records the same transition twice across many keys and racing runs', async () => {
    const { org, owner, app } = await ownedOrganization(t, { keyPolicy: { keyCreationsPerMinutePerUser: 100 } });
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) ids.push((await createKeyRaw(t, app.id, { expiresInDays: 1 }, owner.token)).data!.createApiKey.apiKey.id);
    t.clock.advance(DAY_MS);
    const jobs = t.server.services.lifecycleJobs;
    const runs = await Promise.all(Array.from({ length: 6 }, () => jobs.runOnce(t.clock.now())));
    expect(runs.reduce((sum, run) => sum + run.expiredKeys, 0)).toBe(12);
    const events = await auditEvents(t, org.id, { types: ['api_key.expired'] });
    expect(events.map((e) => e.subjectId).sort()).toEqual(ids.sort());
  });

  it('updateApiKey can extend an expiry before it passes, not revive an expired key\'s recorded status', async () => {
    const { owner, app } = await ownedOrganization(t);
    const created = (await createKeyRaw(t, app.id, { expiresInDays: 1 }, owner.token)).data!.createApiKey;
    await t.ok('mutation($id: ID!) { updateApiKey(id: $id, input: { expiresInDays: 30 }) { id } }', { id: created.apiKey.id }, owner.token);
    t.clock.advance(2 * DAY_MS);
    await t.server.services.lifecycleJobs.runOnce(t.clock.now());
    expect((await getKey(t, created.apiKey.id, owner.token)).status).toBe('ACTIVE');
    expect(await verifyCode(t, created.secret)).toBe('VALID');
  });
});
