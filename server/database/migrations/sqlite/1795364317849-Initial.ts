import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795364317849 implements MigrationInterface {
  name = 'Initial1795364317849';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"api_key_secrets\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"api_key_id\" varchar(32) NOT NULL, \"key_prefix\" varchar(16) NOT NULL, \"secret_hash\" varchar(64), \"status\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"expires_at\" datetime(3), \"last_used_at\" datetime(3), CONSTRAINT \"UQ_c7615e1c5727b33c745ba61cd43\" UNIQUE (\"secret_hash\"))");
    await queryRunner.query("CREATE INDEX \"IDX_2a6e4e076c76b469b1b2c9584b\" ON \"api_key_secrets\" (\"api_key_id\") ");
    await queryRunner.query("CREATE TABLE \"api_keys\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"organization_id\" varchar(32) NOT NULL, \"application_id\" varchar(32) NOT NULL, \"name\" varchar(255) NOT NULL, \"description\" varchar(500) NOT NULL, \"environment\" varchar(8) NOT NULL, \"kind\" varchar(16) NOT NULL, \"status\" varchar(20) NOT NULL, \"scopes\" text NOT NULL, \"key_prefix\" varchar(16) NOT NULL, \"expires_at\" datetime(3), \"webhook_url\" varchar(2048), \"destination\" varchar(255), \"metadata\" text, \"recoverable\" boolean NOT NULL DEFAULT (0), \"wrapped_secret\" text, \"created_by\" varchar(32), \"last_used_at\" datetime(3), \"revoked_at\" datetime(3), \"revoked_reason\" varchar(500), \"exchanged_for_key_id\" varchar(32), \"created_at\" datetime(3) NOT NULL, \"updated_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_c1226be0b825ac08ac94afc196\" ON \"api_keys\" (\"application_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a6bed5a20f205c4ce1ce405680\" ON \"api_keys\" (\"organization_id\", \"environment\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"applications\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"organization_id\" varchar(32) NOT NULL, \"name\" varchar(100) NOT NULL, \"name_key\" varchar(100) NOT NULL, \"description\" varchar(500), \"is_enabled\" boolean NOT NULL DEFAULT (1), \"created_at\" datetime(3) NOT NULL, \"updated_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_c747ae4074e79564cd9e531e3c\" ON \"applications\" (\"organization_id\", \"name_key\") ");
    await queryRunner.query("CREATE TABLE \"personal_access_tokens\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"user_id\" varchar(32) NOT NULL, \"name\" varchar(100) NOT NULL, \"token_prefix\" varchar(16) NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"created_at\" datetime(3) NOT NULL, \"expires_at\" datetime(3), \"last_used_at\" datetime(3), \"revoked_at\" datetime(3), CONSTRAINT \"UQ_aeabcd81e2cb4d39ed487532408\" UNIQUE (\"token_hash\"))");
    await queryRunner.query("CREATE INDEX \"IDX_705e457b9b167e4779e737ca3e\" ON \"personal_access_tokens\" (\"user_id\") ");
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"email\" varchar(254) NOT NULL, \"password_hash\" varchar(100) NOT NULL, \"is_platform_admin\" boolean NOT NULL DEFAULT (0), \"created_at\" datetime(3) NOT NULL, CONSTRAINT \"UQ_97672ac88f789774dd47f7c8be3\" UNIQUE (\"email\"))");
    await queryRunner.query("CREATE TABLE \"audit_events\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"organization_id\" varchar(32), \"type\" varchar(64) NOT NULL, \"subject_type\" varchar(32) NOT NULL, \"subject_id\" varchar(32) NOT NULL, \"actor_type\" varchar(32) NOT NULL, \"actor_id\" varchar(32), \"data\" text NOT NULL, \"created_at\" datetime(3) NOT NULL, \"dispatched_at\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"IDX_37d482fc5b6864daedf115646a\" ON \"audit_events\" (\"dispatched_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_46550de018654a2560d1e5fe59\" ON \"audit_events\" (\"organization_id\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"memberships\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"organization_id\" varchar(32) NOT NULL, \"user_id\" varchar(32) NOT NULL, \"role\" varchar(16) NOT NULL, \"created_at\" datetime(3) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_7c1e2fdfed4f6838e0c05ae505\" ON \"memberships\" (\"user_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_d43d9c8d18fcd49de0fa44bbd7\" ON \"memberships\" (\"organization_id\", \"user_id\") ");
    await queryRunner.query("CREATE TABLE \"organizations\" (\"id\" varchar(32) PRIMARY KEY NOT NULL, \"name\" varchar(100) NOT NULL, \"slug\" varchar(63) NOT NULL, \"kyb_status\" varchar(16) NOT NULL, \"parent_organization_id\" varchar(32), \"account_secret_hash\" varchar(100), \"account_secret_history\" text, \"account_secret_set_at\" datetime(3), \"account_secret_rotation_due_at\" datetime(3), \"created_at\" datetime(3) NOT NULL, \"updated_at\" datetime(3) NOT NULL, \"policy_max_active_keys_per_environment\" integer, \"policy_max_keys_per_application\" integer NOT NULL DEFAULT (20), \"policy_key_creations_per_minute_per_user\" integer NOT NULL DEFAULT (10), \"policy_live_keys_before_kyb\" varchar(20) NOT NULL DEFAULT ('INACTIVE'), \"policy_token_ttl_seconds\" integer NOT NULL DEFAULT (3600), \"policy_account_secret_rotation_days\" integer NOT NULL DEFAULT (90), \"policy_account_secret_history\" integer NOT NULL DEFAULT (4), CONSTRAINT \"UQ_963693341bd612aa01ddf3a4b68\" UNIQUE (\"slug\"))");
    await queryRunner.query("CREATE INDEX \"IDX_b2942c2abac6a57dffac221431\" ON \"organizations\" (\"parent_organization_id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_b2942c2abac6a57dffac221431\"");
    await queryRunner.query("DROP TABLE \"organizations\"");
    await queryRunner.query("DROP INDEX \"IDX_d43d9c8d18fcd49de0fa44bbd7\"");
    await queryRunner.query("DROP INDEX \"IDX_7c1e2fdfed4f6838e0c05ae505\"");
    await queryRunner.query("DROP TABLE \"memberships\"");
    await queryRunner.query("DROP INDEX \"IDX_46550de018654a2560d1e5fe59\"");
    await queryRunner.query("DROP INDEX \"IDX_37d482fc5b6864daedf115646a\"");
    await queryRunner.query("DROP TABLE \"audit_events\"");
    await queryRunner.query("DROP TABLE \"users\"");
    await queryRunner.query("DROP INDEX \"IDX_705e457b9b167e4779e737ca3e\"");
    await queryRunner.query("DROP TABLE \"personal_access_tokens\"");
    await queryRunner.query("DROP INDEX \"IDX_c747ae4074e79564cd9e531e3c\"");
    await queryRunner.query("DROP TABLE \"applications\"");
    await queryRunner.query("DROP INDEX \"IDX_a6bed5a20f205c4ce1ce405680\"");
    await queryRunner.query("DROP INDEX \"IDX_c1226be0b825ac08ac94afc196\"");
    await queryRunner.query("DROP TABLE \"api_keys\"");
    await queryRunner.query("DROP INDEX \"IDX_2a6e4e076c76b469b1b2c9584b\"");
    await queryRunner.query("DROP TABLE \"api_key_secrets\"");
  }
}
