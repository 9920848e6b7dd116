import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `verification_rollups` is read by key only (its primary key) and pruned by granularity and
 * bucket: application and organization statistics read `verification_totals` since
 * AddVerificationTotals. Its application and organization indexes were written on every new row
 * and read by nothing: at 1M keys they made a new row cost three secondary index entries instead of
 * one, in a table that is mostly index (issue 19). Dropping an index is in-place and takes no lock
 * on InnoDB.
 */
export class DropUnreadRollupIndexes1796210000000 implements MigrationInterface {
  name = 'DropUnreadRollupIndexes1796210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `verification_rollups` DROP INDEX `IDX_rollups_app_bucket`, DROP INDEX `IDX_rollups_org_bucket`, ALGORITHM=INPLACE, LOCK=NONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `verification_rollups` ADD INDEX `IDX_rollups_org_bucket` (`organization_id`, `granularity`, `bucket_start`), ADD INDEX `IDX_rollups_app_bucket` (`application_id`, `granularity`, `bucket_start`), ALGORITHM=INPLACE, LOCK=NONE');
  }
}
