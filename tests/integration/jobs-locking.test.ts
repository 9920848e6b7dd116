import { createConnection } from 'mysql2/promise';
import { ApiKey } from '../../server/api-keys/api-key.entity';
import { ApiKeyStatus } from '../../server/api-keys/api-key.enums';
import { seedScale, Seeded } from '../../bench/scale-seed';
import { createOrganization } from '../helpers/fixtures';
import { testDialects } from '../helpers/databases';
import { startTestServer, TestServer } from '../helpers/server';

const describeMysql = testDialects().includes('mysql') ? describe : describe.skip;
const sqlTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/**
 * While the expiry job holds the rows it picked, every other key can still be changed and new keys
 * inserted: the job locks the rows it changes and nothing else (no scan, no range or gap locks).
 */
describeMysql('the expiry job locks only the rows it changes [mysql]', () => {
  let t: TestServer;
  let org: { id: string };
  let seeded: Seeded;

  beforeAll(async () => {
    t = await startTestServer('mysql');
    org = await createOrganization(t);
    seeded = await seedScale((sql, params) => t.server.services.db.dataSource.query(sql, params), { organizationId: org.id, applications: 3, keys: 3000, events: 10, now: t.clock.now() });
    // Five keys fall due; the rest do not expire or expire later.
    await t.server.services.db.dataSource.query(`UPDATE api_keys SET expires_at = ? WHERE organization_id = ? ORDER BY id LIMIT 5`, [sqlTime(t.clock.now().getTime() - 60_000), org.id]);
    await t.server.services.db.dataSource.query('ANALYZE TABLE api_keys');
  }, 120_000);
  afterAll(async () => t?.close());

  it('other keys change and new keys arrive while a batch is held', async () => {
    const jobs = t.server.services.lifecycleJobs as unknown as { lock<T>(manager: unknown, query: unknown, index?: string): Promise<T[]> };
    const other = await createConnection({ uri: (t.server.services.db.dataSource.options as unknown as { url: string }).url });
    await other.query('SET SESSION innodb_lock_wait_timeout = 1');
    try {
      const now = t.clock.now();
      const [notDue] = (await other.query(`SELECT id FROM api_keys WHERE organization_id = ? AND expires_at IS NULL ORDER BY id DESC LIMIT 1`, [org.id])) as unknown as Array<Array<{ id: string }>>;
      const [expiringLater] = (await other.query(`SELECT id FROM api_keys WHERE organization_id = ? AND expires_at > ? LIMIT 1`, [org.id, sqlTime(now.getTime())])) as unknown as Array<Array<{ id: string }>>;
      await t.server.services.db.transaction(async (manager) => {
        const query = manager.createQueryBuilder(ApiKey, 'k')
          .where('k.status IN (:...expirable)', { expirable: [ApiKeyStatus.ACTIVE, ApiKeyStatus.INACTIVE, ApiKeyStatus.PENDING_EXCHANGE] })
          .andWhere('k.expires_at <= :now', { now });
        const picked = await jobs.lock<ApiKey>(manager, query, 'IDX_api_keys_status_expires');
        expect(picked).toHaveLength(5);
        // Each of these would wait (and fail after 1 s) if the pick had locked more than its rows.
        await other.query('UPDATE api_keys SET name = ? WHERE id = ?', ['renamed while the job runs', notDue[0]!.id]);
        await other.query('UPDATE api_keys SET status = ? WHERE id = ?', ['REVOKED', expiringLater[0]!.id]);
        await other.query(`INSERT INTO api_keys (id, organization_id, application_id, name, description, environment, kind, status, scopes, key_prefix, expires_at, recoverable, created_at, updated_at)
          VALUES (?, ?, ?, 'new', 'new', 'TEST', 'PERMANENT', 'ACTIVE', '[]', 'sk_test_new', ?, 0, ?, ?)`, [`key_${'0'.repeat(25)}`, org.id, seeded.applicationIds[0], sqlTime(now.getTime() - 1000), sqlTime(now.getTime()), sqlTime(now.getTime())]);
      });
    } finally {
      await other.end();
    }
  });
});
