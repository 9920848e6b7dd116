import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSecondFactors1796173339066 implements MigrationInterface {
  name = 'AddSecondFactors1796173339066';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"second_factors\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"user_id\" varchar(32) NOT NULL, \"kind\" varchar(16) NOT NULL, \"secret_sealed\" text, \"last_used_step\" integer, \"credential_id\" varchar(255), \"public_key\" text, \"sign_count\" integer NOT NULL DEFAULT (0), \"transports\" varchar(255), \"pending_challenge\" varchar(128), \"confirmed_at\" datetime(3), \"created_at\" datetime(3) NOT NULL, \"last_used_at\" datetime(3), CONSTRAINT \"UQ_9113bcd772b89f5d976874dd07b\" UNIQUE (\"credential_id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_2e58139c4b14ae762b0c60b8b2\" ON \"second_factors\" (\"user_id\", \"kind\") ");
    await queryRunner.query("CREATE TABLE \"recovery_codes\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"user_id\" varchar(32) NOT NULL, \"code_hash\" varchar(64) NOT NULL, \"used_at\" datetime(3), \"created_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_d07c335ded337e58c4f36f234d\" ON \"recovery_codes\" (\"user_id\", \"code_hash\") ");
    // ADD COLUMN, not a table rebuild: a rebuild would copy only the columns known here.
    await queryRunner.query("ALTER TABLE \"personal_access_tokens\" ADD COLUMN \"organization_id\" varchar(32)");
    await queryRunner.query("ALTER TABLE \"personal_access_tokens\" ADD COLUMN \"max_role\" varchar(16)");
    await queryRunner.query("ALTER TABLE \"organizations\" ADD COLUMN \"policy_require_mfa\" boolean NOT NULL DEFAULT (0)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"organizations\" DROP COLUMN \"policy_require_mfa\"");
    await queryRunner.query("ALTER TABLE \"personal_access_tokens\" DROP COLUMN \"max_role\"");
    await queryRunner.query("ALTER TABLE \"personal_access_tokens\" DROP COLUMN \"organization_id\"");
    await queryRunner.query("DROP INDEX \"IDX_d07c335ded337e58c4f36f234d\"");
    await queryRunner.query("DROP TABLE \"recovery_codes\"");
    await queryRunner.query("DROP INDEX \"IDX_2e58139c4b14ae762b0c60b8b2\"");
    await queryRunner.query("DROP TABLE \"second_factors\"");
  }
}
