import { createConnection } from 'mysql2/promise';

export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/**
 * Probes MySQL once for the whole run. With CI set a missing MySQL fails the run; elsewhere the
 * MySQL suites are skipped, and this says so loudly.
 */
export default async function globalSetup(): Promise<void> {
  try {
    const connection = await createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
    await connection.query('SELECT 1');
    await connection.end();
    process.env.KEYWARD_TEST_MYSQL = 'up';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI) throw new Error(`MySQL is required when CI is set, and ${MYSQL_URL} is not reachable: ${reason}`);
    process.env.KEYWARD_TEST_MYSQL = 'down';
    console.warn(`\n*** MySQL at ${MYSQL_URL} is not reachable (${reason}): the MySQL suites are SKIPPED. Set MYSQL_URL or start MariaDB. ***\n`);
  }
}
