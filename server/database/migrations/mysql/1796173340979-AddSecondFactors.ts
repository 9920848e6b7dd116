import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSecondFactors1796173340979 implements MigrationInterface {
  name = 'AddSecondFactors1796173340979';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `second_factors` (`id` varchar(32) NOT NULL, `user_id` varchar(32) NOT NULL, `kind` varchar(16) NOT NULL, `secret_sealed` text NULL, `last_used_step` int NULL, `credential_id` varchar(255) NULL, `public_key` text NULL, `sign_count` int NOT NULL DEFAULT '0', `transports` varchar(255) NULL, `pending_challenge` varchar(128) NULL, `confirmed_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL, `last_used_at` datetime(3) NULL, INDEX `IDX_2e58139c4b14ae762b0c60b8b2` (`user_id`, `kind`), UNIQUE INDEX `IDX_9113bcd772b89f5d976874dd07` (`credential_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `recovery_codes` (`id` varchar(32) NOT NULL, `user_id` varchar(32) NOT NULL, `code_hash` varchar(64) NOT NULL, `used_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL, INDEX `IDX_d07c335ded337e58c4f36f234d` (`user_id`, `code_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `personal_access_tokens` ADD `organization_id` varchar(32) NULL");
    await queryRunner.query("ALTER TABLE `personal_access_tokens` ADD `max_role` varchar(16) NULL");
    await queryRunner.query("ALTER TABLE `organizations` ADD `policy_require_mfa` tinyint NOT NULL DEFAULT 0");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `organizations` DROP COLUMN `policy_require_mfa`");
    await queryRunner.query("ALTER TABLE `personal_access_tokens` DROP COLUMN `max_role`");
    await queryRunner.query("ALTER TABLE `personal_access_tokens` DROP COLUMN `organization_id`");
    await queryRunner.query("DROP INDEX `IDX_d07c335ded337e58c4f36f234d` ON `recovery_codes`");
    await queryRunner.query("DROP TABLE `recovery_codes`");
    await queryRunner.query("DROP INDEX `IDX_9113bcd772b89f5d976874dd07` ON `second_factors`");
    await queryRunner.query("DROP INDEX `IDX_2e58139c4b14ae762b0c60b8b2` ON `second_factors`");
    await queryRunner.query("DROP TABLE `second_factors`");
  }
}
