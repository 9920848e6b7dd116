import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, detectMysqlFlavor } from '../../server/database/data-source';
import { mysqlMigrations } from '../../server/database/migrations/mysql';
import { sqliteMigrations } from '../../server/database/migrations/sqlite';
import { printKeywardSchema } from '../../server/graphql/schema';
import { createTestDatabase, describeEachDialect } from '../helpers/databases';

describe('schema.graphql', () => {
  it('matches the schema the code emits (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(printKeywardSchema()).toBe(committed);
  });
});

describe('migrations', () => {
  it('every migration exists for both dialects, in the same order', () => {
    const names = (list: Array<new () => unknown>): string[] => list.map((m) => m.name.replace(/\d+$/, ''));
    expect(names(mysqlMigrations)).toEqual(names(sqliteMigrations));
  });
});

describeEachDialect('entities and migrations', (dialect) => {
  it('a database migrated from scratch matches the entities exactly, and every migration reverts', async () => {
    const database = await createTestDatabase(dialect);
    const config = dialect === 'sqlite' ? { type: 'sqlite' as const, path: database.url.slice('sqlite:'.length) } : { type: 'mysql' as const, url: database.url };
    const dataSource = createDataSource(config, config.type === 'mysql' ? await detectMysqlFlavor(config.url) : 'mysql');
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      for (let i = 0; i < dataSource.migrations.length; i += 1) await dataSource.undoLastMigration();
      const runner = dataSource.createQueryRunner();
      const left: string[] = [];
      for (const { tableName } of dataSource.entityMetadatas) if (await runner.hasTable(tableName)) left.push(tableName);
      await runner.release();
      expect(left).toEqual([]);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});
