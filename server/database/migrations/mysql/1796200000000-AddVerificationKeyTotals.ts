import { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillPerRollupBucket } from '../backfill';

export class AddVerificationKeyTotals1796200000000 implements MigrationInterface {
  name = 'AddVerificationKeyTotals1796200000000';
  /** The backfill commits bucket by bucket (see backfillPerRollupBucket); the table is created only if missing, so a stopped run can go again. */
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE IF NOT EXISTS `verification_key_totals` (`api_key_id` varchar(32) NOT NULL, `granularity` varchar(1) NOT NULL, `bucket_start` datetime(3) NOT NULL, `organization_id` varchar(32) NOT NULL, `total` bigint NOT NULL, `valid` bigint NOT NULL, INDEX `IDX_key_totals_rank` (`organization_id`, `granularity`, `bucket_start`, `total`), INDEX `IDX_key_totals_granularity_bucket` (`granularity`, `bucket_start`), PRIMARY KEY (`api_key_id`, `granularity`, `bucket_start`)) ENGINE=InnoDB");
    // The hour and day counts so far, all codes together: from now on every flush adds to both tables.
    await backfillPerRollupBucket(queryRunner, ['h', 'd'], "INSERT INTO `verification_key_totals` (`api_key_id`, `granularity`, `bucket_start`, `organization_id`, `total`, `valid`) SELECT `api_key_id`, `granularity`, `bucket_start`, MIN(`organization_id`), SUM(`count`), SUM(CASE WHEN `code` = 'VALID' THEN `count` ELSE 0 END) FROM `verification_rollups` WHERE `granularity` = ? AND `bucket_start` = ? GROUP BY `api_key_id`, `granularity`, `bucket_start` ON DUPLICATE KEY UPDATE `total` = `total`");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_key_totals_granularity_bucket` ON `verification_key_totals`");
    await queryRunner.query("DROP INDEX `IDX_key_totals_rank` ON `verification_key_totals`");
    await queryRunner.query("DROP TABLE `verification_key_totals`");
  }
}
