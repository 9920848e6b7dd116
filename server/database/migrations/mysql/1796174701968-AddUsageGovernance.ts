import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddUsageGovernance1796174701968 implements MigrationInterface {
  name = 'AddUsageGovernance1796174701968';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `api_keys` ADD `rate_limits` text NULL");
    await queryRunner.query("ALTER TABLE `api_keys` ADD `allowed_ips` text NULL");
    await queryRunner.query("ALTER TABLE `api_keys` ADD `credits` int NULL");
    await queryRunner.query("ALTER TABLE `api_keys` ADD `credit_refill_amount` int NULL");
    await queryRunner.query("ALTER TABLE `api_keys` ADD `credit_refill_interval` varchar(8) NULL");
    await queryRunner.query("ALTER TABLE `api_keys` ADD `credit_refill_day` int NULL");
    await queryRunner.query("ALTER TABLE `api_keys` ADD `credits_refilled_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `api_keys` ADD `credit_epoch` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `applications` ADD `rate_limits` text NULL");
    await queryRunner.query("ALTER TABLE `applications` ADD `allowed_ips` text NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `applications` DROP COLUMN `allowed_ips`");
    await queryRunner.query("ALTER TABLE `applications` DROP COLUMN `rate_limits`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `credit_epoch`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `credits_refilled_at`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `credit_refill_day`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `credit_refill_interval`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `credit_refill_amount`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `credits`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `allowed_ips`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `rate_limits`");
  }
}
