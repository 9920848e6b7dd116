import { ApiKey } from '../../server/api-keys/api-key.entity';
import { hydrate, hydrateInSlices, queryNamed } from '../../server/database/keyset';
import { seedScale } from '../../bench/scale-seed';
import { createMember, createOrganization } from '../helpers/fixtures';
import { testDialects } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';

/**
 * Issue 19: a dashboard query (organization → 50 applications → keys → secrets) resolved its
 * thousands of objects in long synchronous stretches, and cached verify on the same event loop
 * waited behind them (p99 12-40x idle). Nested lists are now hydrated in slices of a few ms
 * (hydrateInSlices), with event-loop turns between them. (Field resolution itself is not sliced:
 * deferring fields across turns split DataLoader's batches, 57 statements instead of 6.)
 */
const describeMysql = testDialects().includes('mysql') ? describe : describe.skip;
const DASHBOARD = 'query($o: ID!) { organization(id: $o) { applications(limit: 50) { totalItems items { id name apiKeys(limit: 20) { id name status keyPrefix lastUsedAt secrets { id keyPrefix status } } } } } }';

describeMysql('GraphQL work yields to the event loop [mysql]', () => {
  let t: TestServer;
  let org: { id: string };
  let viewer: { token: string };

  beforeAll(async () => {
    t = await startTestServer('mysql');
    org = await createOrganization(t);
    viewer = await createMember(t, org.id, 'VIEWER');
    const query = (sql: string, params: unknown[]) => t.server.services.db.dataSource.query(sql, params);
    await seedScale(query, { organizationId: org.id, applications: 50, keys: 1000, events: 0, now: t.clock.now() });
  }, 120_000);
  afterAll(async () => t?.close());

  it('hydrates a nested list of 1,000 keys in slices, giving the event loop turns, with the same entities as at once', async () => {
    const manager = t.server.services.db.manager;
    const rows = await queryNamed(manager, 'SELECT * FROM api_keys WHERE organization_id = :o ORDER BY created_at, id', { o: org.id });
    expect(rows).toHaveLength(1000);
    let turns = 0;
    let done = false;
    const tick = (): void => {
      if (done) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const sliced = await hydrateInSlices(manager, ApiKey, rows, 0);
    done = true;
    // Slices of 25 rows with a 0 ms slice: a turn of the event loop between every two.
    expect(turns).toBeGreaterThanOrEqual(20);
    expect(sliced).toEqual(hydrate(manager, ApiKey, rows));
    expect(sliced[0]).toBeInstanceOf(ApiKey);
  });

  it('the dashboard query still answers in full', async () => {
    const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` }, body: JSON.stringify({ query: DASHBOARD, variables: { o: org.id } }) });
    const body = (await response.json()) as { errors?: unknown[]; data: { organization: { applications: { items: Array<{ apiKeys: Array<{ secrets: unknown[] }> }> } } } };
    expect(body.errors).toBeUndefined();
    const keys = body.data.organization.applications.items.flatMap((app) => app.apiKeys);
    expect(keys).toHaveLength(1000);
    expect(keys.every((key) => key.secrets.length === 1)).toBe(true);
  });
});
