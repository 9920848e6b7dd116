import { createConnection } from 'mysql2/promise';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestDialect = 'sqlite' | 'mysql';

const MYSQL_URL = (process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');

/** The dialects this run covers: SQLite always, MySQL unless it was found missing (outside CI). */
export function testDialects(): TestDialect[] {
  return process.env.KEYWARD_TEST_MYSQL === 'down' ? ['sqlite'] : ['sqlite', 'mysql'];
}

/** Runs a suite once per dialect: `describeEachDialect('applications', (dialect) => { … })`. */
export function describeEachDialect(name: string, suite: (dialect: TestDialect) => void): void {
  for (const dialect of testDialects()) describe(`${name} [${dialect}]`, () => suite(dialect));
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A database of its own for one suite: a fresh SQLite file, or a fresh MySQL database. */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-test-'));
    return { url: `sqlite:${join(dir, 'keyward.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `keyward_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = await createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    url: `${MYSQL_URL}/${name}`,
    drop: async () => {
      const connection = await createConnection({ uri: MYSQL_URL });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}
