import { MigrationInterface, QueryRunner } from 'typeorm';

/** The key status indexes end in expires_at (see the MySQL migration); indexes only, no table rebuild. */
export class AddExpiryToStatusIndexes1796177999000 implements MigrationInterface {
  name = 'AddExpiryToStatusIndexes1796177999000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_api_keys_org_status_created"');
    await queryRunner.query('CREATE INDEX "IDX_api_keys_org_status_created" ON "api_keys" ("organization_id", "status", "created_at", "id", "expires_at") ');
    await queryRunner.query('DROP INDEX "IDX_api_keys_org_env_status_created"');
    await queryRunner.query('CREATE INDEX "IDX_api_keys_org_env_status_created" ON "api_keys" ("organization_id", "environment", "status", "created_at", "id", "expires_at") ');
    await queryRunner.query('DROP INDEX "IDX_api_keys_app_status_created"');
    await queryRunner.query('CREATE INDEX "IDX_api_keys_app_status_created" ON "api_keys" ("application_id", "status", "created_at", "id", "expires_at", "organization_id") ');
    await queryRunner.query('DROP INDEX "IDX_api_keys_app_created"');
    await queryRunner.query('CREATE INDEX "IDX_api_keys_app_created" ON "api_keys" ("application_id", "created_at", "id", "organization_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_api_keys_app_created"');
    await queryRunner.query('CREATE INDEX "IDX_api_keys_app_created" ON "api_keys" ("application_id", "created_at", "id") ');
    await queryRunner.query('DROP INDEX "IDX_api_keys_app_status_created"');
    await queryRunner.query('CREATE INDEX "IDX_api_keys_app_status_created" ON "api_keys" ("application_id", "status", "created_at", "id") ');
    await queryRunner.query('DROP INDEX "IDX_api_keys_org_env_status_created"');
    await queryRunner.query('CREATE INDEX "IDX_api_keys_org_env_status_created" ON "api_keys" ("organization_id", "environment", "status", "created_at", "id") ');
    await queryRunner.query('DROP INDEX "IDX_api_keys_org_status_created"');
    await queryRunner.query('CREATE INDEX "IDX_api_keys_org_status_created" ON "api_keys" ("organization_id", "status", "created_at", "id") ');
  }
}
