import { QueryRunner } from 'typeorm';

/**
 * Fills a new table from `verification_rollups` one bucket at a time: `insert` is an INSERT … SELECT
 * whose WHERE ends in `granularity = ? AND bucket_start = ?`, skipping rows that exist. Run by a
 * migration with `transaction = false`, each statement commits on its own and reads one bucket's
 * rows by index, so instances still flushing during `keyward migrate` never wait behind a scan of
 * the whole table, and a backfill stopped half-way is completed, not doubled, by running it again.
 */
export async function backfillPerRollupBucket(queryRunner: QueryRunner, granularities: readonly string[], insert: string): Promise<void> {
  const marks = granularities.map(() => '?').join(', ');
  const buckets = (await queryRunner.query(
    `SELECT DISTINCT granularity, bucket_start FROM verification_rollups WHERE granularity IN (${marks}) ORDER BY granularity, bucket_start`,
    [...granularities],
  )) as Array<{ granularity: string; bucket_start: string | Date }>;
  for (const bucket of buckets) await queryRunner.query(insert, [bucket.granularity, bucket.bucket_start]);
}
