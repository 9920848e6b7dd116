import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key status indexes end in expires_at, so that ACTIVE / INACTIVE / PENDING_EXCHANGE (which
 * also test the expiry) are answered by the index: the bounded count reads index entries only and
 * a page looks up only the rows it returns (issue 19: 2 s at 1M keys, 10,001 row lookups); the application indexes also end in
 * organization_id, which a list by application tests too. Online
 * DDL: each index is dropped and rebuilt under the same name in one ALTER, while reads and writes
 * go on (LOCK=NONE fails rather than silently locking the table).
 */
export class AddExpiryToStatusIndexes1796178000000 implements MigrationInterface {
  name = 'AddExpiryToStatusIndexes1796178000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `api_keys` DROP INDEX `IDX_api_keys_org_status_created`, ADD INDEX `IDX_api_keys_org_status_created` (`organization_id`, `status`, `created_at`, `id`, `expires_at`), ALGORITHM=INPLACE, LOCK=NONE');
    await queryRunner.query('ALTER TABLE `api_keys` DROP INDEX `IDX_api_keys_org_env_status_created`, ADD INDEX `IDX_api_keys_org_env_status_created` (`organization_id`, `environment`, `status`, `created_at`, `id`, `expires_at`), ALGORITHM=INPLACE, LOCK=NONE');
    await queryRunner.query('ALTER TABLE `api_keys` DROP INDEX `IDX_api_keys_app_status_created`, ADD INDEX `IDX_api_keys_app_status_created` (`application_id`, `status`, `created_at`, `id`, `expires_at`, `organization_id`), ALGORITHM=INPLACE, LOCK=NONE');
    await queryRunner.query('ALTER TABLE `api_keys` DROP INDEX `IDX_api_keys_app_created`, ADD INDEX `IDX_api_keys_app_created` (`application_id`, `created_at`, `id`, `organization_id`), ALGORITHM=INPLACE, LOCK=NONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `api_keys` DROP INDEX `IDX_api_keys_app_created`, ADD INDEX `IDX_api_keys_app_created` (`application_id`, `created_at`, `id`), ALGORITHM=INPLACE, LOCK=NONE');
    await queryRunner.query('ALTER TABLE `api_keys` DROP INDEX `IDX_api_keys_app_status_created`, ADD INDEX `IDX_api_keys_app_status_created` (`application_id`, `status`, `created_at`, `id`), ALGORITHM=INPLACE, LOCK=NONE');
    await queryRunner.query('ALTER TABLE `api_keys` DROP INDEX `IDX_api_keys_org_env_status_created`, ADD INDEX `IDX_api_keys_org_env_status_created` (`organization_id`, `environment`, `status`, `created_at`, `id`), ALGORITHM=INPLACE, LOCK=NONE');
    await queryRunner.query('ALTER TABLE `api_keys` DROP INDEX `IDX_api_keys_org_status_created`, ADD INDEX `IDX_api_keys_org_status_created` (`organization_id`, `status`, `created_at`, `id`), ALGORITHM=INPLACE, LOCK=NONE');
  }
}
