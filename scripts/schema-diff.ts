/**
 * Prints the SQL that would bring a fresh database of one dialect up to the entities, or with
 * `--write Name` writes it as a timestamped, reversible migration for that dialect.
 *   node -r @swc-node/register scripts/schema-diff.ts sqlite|mysql [--write AddThing]
 * MySQL uses MYSQL_URL (default mysql://root@127.0.0.1:3306) and a scratch database it drops.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { createDataSource, detectMysqlFlavor } from '../server/database/data-source';

async function main(): Promise<void> {
  const dialect = process.argv[2];
  if (dialect !== 'sqlite' && dialect !== 'mysql') throw new Error('usage: schema-diff.ts sqlite|mysql [--write Name]');
  const writeIndex = process.argv.indexOf('--write');
  const name = writeIndex > 0 ? process.argv[writeIndex + 1] : undefined;
  const base = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  const scratch = `keyward_schema_${process.pid}`;
  if (dialect === 'mysql') {
    const admin = await createConnection(base);
    await admin.query(`CREATE DATABASE ${scratch}`);
    await admin.end();
  }
  const url = `${base}/${scratch}`;
  const dataSource = createDataSource(
    dialect === 'mysql' ? { type: 'mysql', url } : { type: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'kw-')), 'schema.sqlite') },
    dialect === 'mysql' ? await detectMysqlFlavor(url) : 'mysql',
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const log = await dataSource.driver.createSchemaBuilder().log();
    const up = log.upQueries.map((q) => q.query);
    const down = log.downQueries.map((q) => q.query).reverse();
    if (!name) {
      console.log(up.length ? `${up.join(';\n')};\n-- down\n${down.join(';\n')};` : '-- entities and migrations agree');
      return;
    }
    if (up.length === 0) throw new Error('nothing to write: entities and migrations agree');
    const stamp = Date.now();
    const className = `${name}${stamp}`;
    const dir = join(__dirname, '..', 'server', 'database', 'migrations', dialect);
    const q = (sql: string): string => `    await queryRunner.query(${JSON.stringify(sql)});`;
    writeFileSync(
      join(dir, `${stamp}-${name}.ts`),
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up.map(q).join('\n')}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down.map(q).join('\n')}\n  }\n}\n`,
    );
    const indexPath = join(dir, 'index.ts');
    const exportName = `${dialect}Migrations`;
    const index = readFileSync(indexPath, 'utf8');
    const imports = [...index.matchAll(/^import .*$/gm)].map((m) => m[0]);
    const classes = (/= \[(.*)\];/s.exec(index)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    imports.push(`import { ${className} } from './${stamp}-${name}';`);
    classes.push(className);
    writeFileSync(indexPath, `${imports.join('\n')}\n\n/** In order of their timestamps. */\nexport const ${exportName} = [${classes.join(', ')}];\n`);
    console.log(`wrote ${dialect}/${stamp}-${name}.ts`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (dialect === 'mysql') {
      const admin = await createConnection(base);
      await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
      await admin.end();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
