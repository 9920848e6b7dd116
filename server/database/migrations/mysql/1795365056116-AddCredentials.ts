import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCredentials1795365056116 implements MigrationInterface {
  name = 'AddCredentials1795365056116';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `revoked_tokens` (`jti` varchar(64) NOT NULL, `client_id` varchar(32) NOT NULL, `expires_at` datetime(3) NOT NULL, `revoked_at` datetime(3) NOT NULL, INDEX `IDX_5aee0c1828e7b9238ca3fe47bc` (`expires_at`), PRIMARY KEY (`jti`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `signing_keys` (`id` varchar(32) NOT NULL, `algorithm` varchar(8) NOT NULL, `status` varchar(16) NOT NULL, `public_jwk` text NOT NULL, `private_key` text NOT NULL, `created_at` datetime(3) NOT NULL, `retired_at` datetime(3) NULL, INDEX `IDX_94facbdb67a39f7766ec69fca2` (`status`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_94facbdb67a39f7766ec69fca2` ON `signing_keys`");
    await queryRunner.query("DROP TABLE `signing_keys`");
    await queryRunner.query("DROP INDEX `IDX_5aee0c1828e7b9238ca3fe47bc` ON `revoked_tokens`");
    await queryRunner.query("DROP TABLE `revoked_tokens`");
  }
}
