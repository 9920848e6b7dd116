import { statementCounter } from '../../server/database/data-source';
import { requestScope } from '../../server/logger';
import { seedScale, Seeded } from '../../bench/scale-seed';
import { createMember, createOrganization } from '../helpers/fixtures';
import { testDialects } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';

/**
 * Every statement that the management queries send reads the big tables through an index:
 * no full scan and no filesort of a real table (a sort of the page's own few rows in a derived
 * table is allowed). The statements are the real ones, captured while the GraphQL queries run.
 */
const BIG_TABLES = /\b(api_keys|api_key_secrets|audit_events|applications)\b/;

interface PlanRow { table: string | null; type: string | null; key: string | null; Extra: string | null; rows: number | string | null }

const describeMysql = testDialects().includes('mysql') ? describe : describe.skip;

describeMysql('the management queries use their indexes [mysql]', () => {
  let t: TestServer;
  let org: { id: string };
  let viewer: { token: string };
  let seeded: Seeded;

  beforeAll(async () => {
    t = await startTestServer('mysql');
    org = await createOrganization(t);
    viewer = await createMember(t, org.id, 'VIEWER');
    const other = await createOrganization(t);
    const query = (sql: string, params: unknown[]) => t.server.services.db.dataSource.query(sql, params);
    const now = t.clock.now();
    seeded = await seedScale(query, { organizationId: org.id, applications: 20, keys: 4000, events: 6000, now });
    await seedScale(query, { organizationId: other.id, applications: 5, keys: 2000, events: 2000, now });
    await t.server.services.db.dataSource.query('ANALYZE TABLE api_keys, api_key_secrets, audit_events, applications');
  }, 120_000);
  afterAll(async () => t?.close());

  /** Runs a GraphQL query and returns the plans of the statements it sent that touch the big tables. */
  async function plansOf(query: string, variables: Record<string, unknown>): Promise<Array<{ sql: string; plan: PlanRow[] }>> {
    const counter = statementCounter(t.server.services.db.dataSource);
    const requestId = `explain-${Math.random().toString(36).slice(2)}`;
    const statements: Array<{ sql: string; params: unknown[] }> = [];
    counter.onQuery = (sql, params) => {
      if (requestScope.getStore()?.requestId === requestId && /^\s*SELECT/i.test(sql) && BIG_TABLES.test(sql)) statements.push({ sql, params: params ?? [] });
    };
    try {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}`, 'x-request-id': requestId },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      expect(body.errors).toBeUndefined();
    } finally {
      counter.onQuery = null;
    }
    expect(statements.length).toBeGreaterThan(0);
    const plans = [];
    for (const statement of statements) plans.push({ sql: statement.sql, plan: (await t.server.services.db.dataSource.query(`EXPLAIN ${statement.sql}`, statement.params)) as PlanRow[] });
    return plans;
  }

  function expectIndexed(plans: Array<{ sql: string; plan: PlanRow[] }>): void {
    for (const { sql, plan } of plans) {
      for (const row of plan) {
        if (!row.table || /^<(derived|union|subquery)/.test(row.table)) continue;
        const where = `${row.table} in: ${sql}\nplan: ${JSON.stringify(plan)}`;
        expect({ where, fullScan: row.type === 'ALL' || row.type === 'index' }).toEqual({ where, fullScan: false });
        expect({ where, key: row.key !== null }).toEqual({ where, key: true });
        // The one allowed sort: EXPIRED's second branch, keys past expiresAt that the expiry job has
        // not marked yet, found through (status, expires_at): at most what one job pass leaves.
        if (row.key === 'IDX_api_keys_status_expires') continue;
        expect({ where, filesort: /filesort/i.test(row.Extra ?? '') }).toEqual({ where, filesort: false });
      }
    }
  }

  const KEYS = 'query($o: ID!, $f: ApiKeyFilter, $page: Int, $limit: Int, $after: String) { apiKeys(organizationId: $o, filter: $f, page: $page, limit: $limit, after: $after) { totalItems totalItemsIsExact hasNextPage endCursor items { id status } } }';
  const EVENTS = 'query($o: ID!, $f: AuditEventFilter, $after: String) { auditEvents(organizationId: $o, filter: $f, first: 100, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node { id type } } } }';

  it.each([
    ['apiKeys, first page', {}],
    ['apiKeys, a deep page', { page: 30, limit: 100 }],
    ['apiKeys, after a middle cursor', { after: 'middleKey' }],
    ['apiKeys by application and ACTIVE', { f: { applicationId: 'app0', status: 'ACTIVE' } }],
    ['apiKeys by application', { f: { applicationId: 'app0' } }],
    ['apiKeys REVOKED', { f: { status: 'REVOKED' } }],
    ['apiKeys LIVE', { f: { environment: 'LIVE' } }],
    ['apiKeys LIVE and ACTIVE', { f: { environment: 'LIVE', status: 'ACTIVE' } }],
    ['apiKeys EXPIRED', { f: { status: 'EXPIRED' } }],
  ])('%s', async (_name, args: Record<string, unknown>) => {
    const variables: Record<string, unknown> = { o: org.id, limit: 100, ...args };
    if (variables.after === 'middleKey') variables.after = seeded.middleKeyId;
    const filter = variables.f as Record<string, unknown> | undefined;
    if (filter?.applicationId === 'app0') filter.applicationId = seeded.applicationIds[0];
    expectIndexed(await plansOf(KEYS, variables));
  });

  // ACTIVE (like INACTIVE and PENDING_EXCHANGE) also tests expires_at: the status index must answer
  // that itself, so the bounded count reads index entries only (`Using index`) instead of looking up
  // each of its up to 10,001 rows (issue 19: 2 s at 1M keys).
  it.each([
    ['by application and ACTIVE', { applicationId: 'app0', status: 'ACTIVE' }],
    ['ACTIVE', { status: 'ACTIVE' }],
    ['LIVE and INACTIVE', { environment: 'LIVE', status: 'INACTIVE' }],
    ['by application', { applicationId: 'app0' }],
  ])('the count of apiKeys %s reads its index only', async (_name, filter: Record<string, unknown>) => {
    const f = { ...filter, ...(filter.applicationId ? { applicationId: seeded.applicationIds[0] } : {}) };
    const counts = (await plansOf(KEYS, { o: org.id, limit: 100, f })).filter(({ sql }) => /COUNT\(/i.test(sql));
    expect(counts).toHaveLength(1);
    for (const { sql, plan } of counts) {
      for (const row of plan.filter((r) => r.table === 'api_keys')) {
        const where = `${sql}\nplan: ${JSON.stringify(plan)}`;
        expect({ where, key: row.key, indexOnly: /Using index(?! condition)/.test(row.Extra ?? '') }).toEqual({ where, key: expect.stringMatching(/^IDX_api_keys_(org_status|org_env_status|app_status|app)_created$/), indexOnly: true });
      }
    }
  });

  it.each([
    ['auditEvents, first page', {}],
    ['auditEvents after a middle cursor', { after: 'middleEvent' }],
    ['auditEvents of a rare type', { f: { types: ['rare'] } }],
    ['auditEvents of two types', { f: { types: ['rare', 'api_key.revoked'] } }],
    ['auditEvents by subject', { f: { subjectId: 'subject' } }],
    ['auditEvents in a 24 h window', { f: { since: 'dayStart', until: 'dayEnd' } }],
  ])('%s', async (_name, args: Record<string, unknown>) => {
    const variables: Record<string, unknown> = { o: org.id, ...args };
    if (variables.after === 'middleEvent') variables.after = seeded.middleEventId;
    const filter = variables.f as Record<string, unknown> | undefined;
    if (filter?.types) filter.types = (filter.types as string[]).map((type) => (type === 'rare' ? seeded.rareType : type));
    if (filter?.subjectId) filter.subjectId = seeded.subjectId;
    if (filter?.since) {
      const now = t.clock.now().getTime();
      filter.since = new Date(now - 10 * 86_400_000).toISOString();
      filter.until = new Date(now - 9 * 86_400_000).toISOString();
    }
    expectIndexed(await plansOf(EVENTS, variables));
  });

  it('the dashboard (organization → applications → keys → secrets, with totals)', async () => {
    const DASHBOARD = 'query($o: ID!) { organization(id: $o) { applications(limit: 20) { totalItems items { id apiKeyPage(limit: 20) { totalItems items { id secrets { id } } } apiKeys(limit: 10) { id status } } } } }';
    expectIndexed(await plansOf(DASHBOARD, { o: org.id }));
  });
});
