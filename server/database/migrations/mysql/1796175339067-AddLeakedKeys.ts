import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddLeakedKeys1796175339067 implements MigrationInterface {
  name = 'AddLeakedKeys1796175339067';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `api_keys` ADD `leaked_at` datetime(3) NULL");
    await queryRunner.query("ALTER TABLE `api_keys` ADD `leaked_url` varchar(2048) NULL");
    await queryRunner.query("ALTER TABLE `organizations` ADD `policy_leaked_key_action` varchar(10) NOT NULL DEFAULT 'REVOKE'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `organizations` DROP COLUMN `policy_leaked_key_action`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `leaked_url`");
    await queryRunner.query("ALTER TABLE `api_keys` DROP COLUMN `leaked_at`");
  }
}
