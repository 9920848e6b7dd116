import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddLifecycle1795364933441 implements MigrationInterface {
  name = 'AddLifecycle1795364933441';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `idempotency_records` (`id` varchar(32) NOT NULL, `user_id` varchar(32) NOT NULL, `idempotency_key` varchar(255) NOT NULL, `operation` varchar(32) NOT NULL, `request_hash` varchar(64) NOT NULL, `api_key_id` varchar(32) NOT NULL, `sealed_secret` text NOT NULL, `created_at` datetime(3) NOT NULL, `expires_at` datetime(3) NOT NULL, INDEX `IDX_b3482fdd761179f433dab212e7` (`expires_at`), UNIQUE INDEX `IDX_04a0e11f7f1a1ea8b27db5ef6b` (`user_id`, `idempotency_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `organizations` ADD `account_secret_due_notified_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `organizations` ADD `recovery_public_key` varchar(64) NULL");
    await queryRunner.query("ALTER TABLE `organizations` ADD `recovery_private_key` varchar(255) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `organizations` DROP COLUMN `recovery_private_key`");
    await queryRunner.query("ALTER TABLE `organizations` DROP COLUMN `recovery_public_key`");
    await queryRunner.query("ALTER TABLE `organizations` DROP COLUMN `account_secret_due_notified_at`");
    await queryRunner.query("DROP INDEX `IDX_04a0e11f7f1a1ea8b27db5ef6b` ON `idempotency_records`");
    await queryRunner.query("DROP INDEX `IDX_b3482fdd761179f433dab212e7` ON `idempotency_records`");
    await queryRunner.query("DROP TABLE `idempotency_records`");
  }
}
