import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createDataSource, detectMysqlFlavor } from '../../server/database/data-source';
import { createTestDatabase, describeEachDialect, TestDatabase } from '../helpers/databases';

/** Rollup rows made before the tables derived from them existed: two keys of one application, several codes and buckets. */
const ROLLUPS: Array<[key: string, granularity: string, bucket: string, code: string, count: number]> = [
  ['key_a', 'm', '2026-12-01 10:05:00.000', 'VALID', 3],
  ['key_a', 'h', '2026-12-01 10:00:00.000', 'VALID', 3],
  ['key_a', 'h', '2026-12-01 10:00:00.000', 'RATE_LIMITED', 2],
  ['key_a', 'h', '2026-12-01 11:00:00.000', 'VALID', 7],
  ['key_a', 'd', '2026-12-01 00:00:00.000', 'VALID', 10],
  ['key_a', 'd', '2026-12-01 00:00:00.000', 'RATE_LIMITED', 2],
  ['key_b', 'h', '2026-12-01 10:00:00.000', 'EXPIRED', 4],
  ['key_b', 'd', '2026-12-01 00:00:00.000', 'EXPIRED', 4],
];

/**
 * The analytics migrations fill their tables from the rollups bucket by bucket, each statement
 * committed on its own (no transaction over the whole table): the result must be the sums, and a
 * migration run again after stopping half-way must neither fail nor count twice.
 */
describeEachDialect('analytics migrations backfill from the rollups', (dialect) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const config = dialect === 'sqlite' ? { type: 'sqlite' as const, path: database.url.slice('sqlite:'.length) } : { type: 'mysql' as const, url: database.url };
    dataSource = createDataSource(config, config.type === 'mysql' ? await detectMysqlFlavor(config.url) : 'mysql');
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const rows = async (sql: string) => ((await dataSource.query(sql)) as Array<Record<string, unknown>>).map((row) => Object.values(row).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v instanceof Date ? v.toISOString() : v)));

  it('fills verification_totals and verification_key_totals with the sums, and a second run adds nothing', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    const derived = dataSource.migrations.filter((m) => /AddVerification(Key)?Totals/.test(m.name ?? m.constructor.name));
    expect(derived).toHaveLength(2);
    // Back to before the derived tables (and every migration after them), then rollups written by an older release.
    for (let undo = dataSource.migrations.length - dataSource.migrations.indexOf(derived[0]!); undo > 0; undo -= 1) await dataSource.undoLastMigration();
    for (const [key, granularity, bucket, code, count] of ROLLUPS) {
      await dataSource.query('INSERT INTO verification_rollups (api_key_id, granularity, bucket_start, code, organization_id, application_id, count) VALUES (?, ?, ?, ?, ?, ?, ?)', [key, granularity, bucket, code, 'org_1', 'app_1', count]);
    }
    await dataSource.runMigrations({ transaction: 'each' });

    const expectKeyTotals = async () =>
      expect(await rows("SELECT api_key_id, granularity, total, valid FROM verification_key_totals ORDER BY api_key_id, granularity, bucket_start")).toEqual([
        ['key_a', 'd', 12, 10],
        ['key_a', 'h', 5, 3],
        ['key_a', 'h', 7, 7],
        ['key_b', 'd', 4, 0],
        ['key_b', 'h', 4, 0],
      ]);
    const expectTotals = async () =>
      expect(await rows("SELECT scope, scope_id, granularity, code, count FROM verification_totals WHERE granularity <> 'h' ORDER BY scope, granularity, code")).toEqual([
        ['a', 'app_1', 'd', 'EXPIRED', 4],
        ['a', 'app_1', 'd', 'RATE_LIMITED', 2],
        ['a', 'app_1', 'd', 'VALID', 10],
        ['a', 'app_1', 'm', 'VALID', 3],
        ['o', 'org_1', 'd', 'EXPIRED', 4],
        ['o', 'org_1', 'd', 'RATE_LIMITED', 2],
        ['o', 'org_1', 'd', 'VALID', 10],
        ['o', 'org_1', 'm', 'VALID', 3],
      ]);
    await expectKeyTotals();
    await expectTotals();

    // As if `keyward migrate` had stopped after the backfills' statements: running them again changes nothing.
    const runner = dataSource.createQueryRunner();
    try {
      for (const migration of derived) await (migration as unknown as { up(r: typeof runner): Promise<void> }).up(runner);
    } finally {
      await runner.release();
    }
    await expectKeyTotals();
    await expectTotals();
  });
});
