import { MigrationInterface, QueryRunner } from 'typeorm';

/** As the MySQL migration of the same name: indexes of `verification_rollups` that nothing reads. */
export class DropUnreadRollupIndexes1796210000000 implements MigrationInterface {
  name = 'DropUnreadRollupIndexes1796210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_rollups_app_bucket"');
    await queryRunner.query('DROP INDEX "IDX_rollups_org_bucket"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_rollups_org_bucket" ON "verification_rollups" ("organization_id", "granularity", "bucket_start") ');
    await queryRunner.query('CREATE INDEX "IDX_rollups_app_bucket" ON "verification_rollups" ("application_id", "granularity", "bucket_start") ');
  }
}
