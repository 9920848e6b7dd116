import { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillPerRollupBucket } from '../backfill';

export class AddVerificationTotals1796189691353 implements MigrationInterface {
  name = 'AddVerificationTotals1796189691353';
  /** The backfill commits bucket by bucket (see backfillPerRollupBucket); the table is created only if missing, so a stopped run can go again. */
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE IF NOT EXISTS `verification_totals` (`scope` varchar(1) NOT NULL, `scope_id` varchar(32) NOT NULL, `granularity` varchar(1) NOT NULL, `bucket_start` datetime(3) NOT NULL, `code` varchar(24) NOT NULL, `organization_id` varchar(32) NOT NULL, `count` bigint NOT NULL, INDEX `IDX_totals_granularity_bucket` (`granularity`, `bucket_start`), PRIMARY KEY (`scope`, `scope_id`, `granularity`, `bucket_start`, `code`)) ENGINE=InnoDB");
    // The counts so far: from now on every flush adds to both tables.
    await backfillPerRollupBucket(queryRunner, ['m', 'h', 'd'], "INSERT INTO `verification_totals` (`scope`, `scope_id`, `granularity`, `bucket_start`, `code`, `organization_id`, `count`) SELECT 'a', `application_id`, `granularity`, `bucket_start`, `code`, MIN(`organization_id`), SUM(`count`) FROM `verification_rollups` WHERE `granularity` = ? AND `bucket_start` = ? GROUP BY `application_id`, `granularity`, `bucket_start`, `code` ON DUPLICATE KEY UPDATE `count` = `count`");
    await backfillPerRollupBucket(queryRunner, ['m', 'h', 'd'], "INSERT INTO `verification_totals` (`scope`, `scope_id`, `granularity`, `bucket_start`, `code`, `organization_id`, `count`) SELECT 'o', `organization_id`, `granularity`, `bucket_start`, `code`, `organization_id`, SUM(`count`) FROM `verification_rollups` WHERE `granularity` = ? AND `bucket_start` = ? GROUP BY `organization_id`, `granularity`, `bucket_start`, `code` ON DUPLICATE KEY UPDATE `count` = `count`");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_totals_granularity_bucket` ON `verification_totals`");
    await queryRunner.query("DROP TABLE `verification_totals`");
  }
}
