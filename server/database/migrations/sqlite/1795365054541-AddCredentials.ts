import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCredentials1795365054541 implements MigrationInterface {
  name = 'AddCredentials1795365054541';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"revoked_tokens\" (\"jti\" varchar(64) PRIMARY KEY NOT NULL, \"client_id\" varchar(32) NOT NULL, \"expires_at\" datetime(3) NOT NULL, \"revoked_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_5aee0c1828e7b9238ca3fe47bc\" ON \"revoked_tokens\" (\"expires_at\") ");
    await queryRunner.query("CREATE TABLE \"signing_keys\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"algorithm\" varchar(8) NOT NULL, \"status\" varchar(16) NOT NULL, \"public_jwk\" text NOT NULL, \"private_key\" text NOT NULL, \"created_at\" datetime(3) NOT NULL, \"retired_at\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"IDX_94facbdb67a39f7766ec69fca2\" ON \"signing_keys\" (\"status\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_94facbdb67a39f7766ec69fca2\"");
    await queryRunner.query("DROP TABLE \"signing_keys\"");
    await queryRunner.query("DROP INDEX \"IDX_5aee0c1828e7b9238ca3fe47bc\"");
    await queryRunner.query("DROP TABLE \"revoked_tokens\"");
  }
}
