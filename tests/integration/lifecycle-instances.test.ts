import { createTestDatabase, TestDatabase, testDialects } from '../helpers/databases';
import { ACCOUNT_SECRET, auditEvents, createKeyRaw, exchangeRaw, issueTemporary, ownedOrganization, tally } from '../helpers/lifecycle-fixtures';
import { startTestServer, TestServer } from '../helpers/server';

const DAY_MS = 86_400_000;

// Several instances on one MySQL database: the row locks and SKIP LOCKED have to hold across
// processes' connections, not just within one instance's pool.
const describeMysql = testDialects().includes('mysql') ? describe : describe.skip;

describeMysql('lifecycle: two instances on one MySQL database', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase('mysql');
    a = await startTestServer('mysql', {}, { databaseUrl: database.url });
    b = await startTestServer('mysql', {}, { databaseUrl: database.url });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
  });

  it('a temporary key exchanged on both instances at once is exchanged exactly once', async () => {
    const { owner, app } = await ownedOrganization(a);
    const issued = await issueTemporary(a, app.id, {}, owner.token);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => exchangeRaw(i % 2 ? a : b, issued.secret, ACCOUNT_SECRET)));
    expect(tally(results)).toEqual({ ok: 1, TEMPORARY_KEY_USED: 9 });
  });

  it('creates racing on both instances under a limit of one make one key', async () => {
    const { org, owner, app } = await ownedOrganization(a, { keyPolicy: { maxActiveKeysPerEnvironment: 1, keyCreationsPerMinutePerUser: 100 } });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => createKeyRaw(i % 2 ? a : b, app.id, {}, owner.token)));
    expect(tally(results)).toEqual({ ok: 1, ACTIVE_KEY_LIMIT: 9 });
    expect(await auditEvents(a, org.id, { types: ['api_key.created'] })).toHaveLength(1);
  });

  it('jobs run by both instances at once record each expiry and grace end once', async () => {
    const { org, owner, app } = await ownedOrganization(a, { keyPolicy: { keyCreationsPerMinutePerUser: 100 } });
    const now = a.clock.now();
    for (let i = 0; i < 8; i += 1) await createKeyRaw(a, app.id, { expiresInDays: 1 }, owner.token);
    const rotated = (await createKeyRaw(a, app.id, {}, owner.token)).data!.createApiKey.apiKey;
    await a.ok('mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 60) { secret } }', { id: rotated.id }, owner.token);
    const later = new Date(now.getTime() + 2 * DAY_MS);
    const runs = await Promise.all([a, b, a, b].map((t) => t.server.services.lifecycleJobs.runOnce(later)));
    expect(runs.reduce((sum, run) => sum + run.expiredKeys, 0)).toBe(8);
    expect(runs.reduce((sum, run) => sum + run.expiredSecrets, 0)).toBe(1);
    expect(await auditEvents(a, org.id, { types: ['api_key.expired'] })).toHaveLength(8);
    expect(await auditEvents(a, org.id, { types: ['api_key.secret_expired'] })).toHaveLength(1);
  });
});
