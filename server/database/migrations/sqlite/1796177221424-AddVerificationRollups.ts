import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddVerificationRollups1796177221424 implements MigrationInterface {
  name = 'AddVerificationRollups1796177221424';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"verification_rollups\" (\"api_key_id\" varchar(32) NOT NULL, \"granularity\" varchar(1) NOT NULL, \"bucket_start\" datetime(3) NOT NULL, \"code\" varchar(24) NOT NULL, \"organization_id\" varchar(32) NOT NULL, \"application_id\" varchar(32) NOT NULL, \"count\" bigint NOT NULL, PRIMARY KEY (\"api_key_id\", \"granularity\", \"bucket_start\", \"code\"))");
    await queryRunner.query("CREATE INDEX \"IDX_rollups_granularity_bucket\" ON \"verification_rollups\" (\"granularity\", \"bucket_start\") ");
    await queryRunner.query("CREATE INDEX \"IDX_rollups_app_bucket\" ON \"verification_rollups\" (\"application_id\", \"granularity\", \"bucket_start\") ");
    await queryRunner.query("CREATE INDEX \"IDX_rollups_org_bucket\" ON \"verification_rollups\" (\"organization_id\", \"granularity\", \"bucket_start\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_rollups_org_bucket\"");
    await queryRunner.query("DROP INDEX \"IDX_rollups_app_bucket\"");
    await queryRunner.query("DROP INDEX \"IDX_rollups_granularity_bucket\"");
    await queryRunner.query("DROP TABLE \"verification_rollups\"");
  }
}
