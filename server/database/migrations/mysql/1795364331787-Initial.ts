import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795364331787 implements MigrationInterface {
  name = 'Initial1795364331787';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `api_key_secrets` (`id` varchar(32) NOT NULL, `api_key_id` varchar(32) NOT NULL, `key_prefix` varchar(16) NOT NULL, `secret_hash` varchar(64) NULL, `status` varchar(16) NOT NULL, `created_at` datetime(3) NOT NULL, `expires_at` datetime(3) NULL, `last_used_at` datetime(3) NULL, INDEX `IDX_2a6e4e076c76b469b1b2c9584b` (`api_key_id`), UNIQUE INDEX `IDX_c7615e1c5727b33c745ba61cd4` (`secret_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `api_keys` (`id` varchar(32) NOT NULL, `organization_id` varchar(32) NOT NULL, `application_id` varchar(32) NOT NULL, `name` varchar(255) NOT NULL, `description` varchar(500) NOT NULL, `environment` varchar(8) NOT NULL, `kind` varchar(16) NOT NULL, `status` varchar(20) NOT NULL, `scopes` text NOT NULL, `key_prefix` varchar(16) NOT NULL, `expires_at` datetime(3) NULL, `webhook_url` varchar(2048) NULL, `destination` varchar(255) NULL, `metadata` text NULL, `recoverable` tinyint NOT NULL DEFAULT 0, `wrapped_secret` text NULL, `created_by` varchar(32) NULL, `last_used_at` datetime(3) NULL, `revoked_at` datetime(3) NULL, `revoked_reason` varchar(500) NULL, `exchanged_for_key_id` varchar(32) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, INDEX `IDX_c1226be0b825ac08ac94afc196` (`application_id`), INDEX `IDX_a6bed5a20f205c4ce1ce405680` (`organization_id`, `environment`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `applications` (`id` varchar(32) NOT NULL, `organization_id` varchar(32) NOT NULL, `name` varchar(100) NOT NULL, `name_key` varchar(100) NOT NULL, `description` varchar(500) NULL, `is_enabled` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, UNIQUE INDEX `IDX_c747ae4074e79564cd9e531e3c` (`organization_id`, `name_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `personal_access_tokens` (`id` varchar(32) NOT NULL, `user_id` varchar(32) NOT NULL, `name` varchar(100) NOT NULL, `token_prefix` varchar(16) NOT NULL, `token_hash` varchar(64) NOT NULL, `created_at` datetime(3) NOT NULL, `expires_at` datetime(3) NULL, `last_used_at` datetime(3) NULL, `revoked_at` datetime(3) NULL, INDEX `IDX_705e457b9b167e4779e737ca3e` (`user_id`), UNIQUE INDEX `IDX_aeabcd81e2cb4d39ed48753240` (`token_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `users` (`id` varchar(32) NOT NULL, `email` varchar(254) NOT NULL, `password_hash` varchar(100) NOT NULL, `is_platform_admin` tinyint NOT NULL DEFAULT 0, `created_at` datetime(3) NOT NULL, UNIQUE INDEX `IDX_97672ac88f789774dd47f7c8be` (`email`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `audit_events` (`id` varchar(32) NOT NULL, `organization_id` varchar(32) NULL, `type` varchar(64) NOT NULL, `subject_type` varchar(32) NOT NULL, `subject_id` varchar(32) NOT NULL, `actor_type` varchar(32) NOT NULL, `actor_id` varchar(32) NULL, `data` text NOT NULL, `created_at` datetime(3) NOT NULL, `dispatched_at` datetime(3) NULL, INDEX `IDX_37d482fc5b6864daedf115646a` (`dispatched_at`), INDEX `IDX_46550de018654a2560d1e5fe59` (`organization_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `memberships` (`id` varchar(32) NOT NULL, `organization_id` varchar(32) NOT NULL, `user_id` varchar(32) NOT NULL, `role` varchar(16) NOT NULL, `created_at` datetime(3) NOT NULL, INDEX `IDX_7c1e2fdfed4f6838e0c05ae505` (`user_id`), UNIQUE INDEX `IDX_d43d9c8d18fcd49de0fa44bbd7` (`organization_id`, `user_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `organizations` (`id` varchar(32) NOT NULL, `name` varchar(100) NOT NULL, `slug` varchar(63) NOT NULL, `kyb_status` varchar(16) NOT NULL, `parent_organization_id` varchar(32) NULL, `account_secret_hash` varchar(100) NULL, `account_secret_history` text NULL, `account_secret_set_at` datetime(3) NULL, `account_secret_rotation_due_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, `policy_max_active_keys_per_environment` int NULL, `policy_max_keys_per_application` int NOT NULL DEFAULT '20', `policy_key_creations_per_minute_per_user` int NOT NULL DEFAULT '10', `policy_live_keys_before_kyb` varchar(20) NOT NULL DEFAULT 'INACTIVE', `policy_token_ttl_seconds` int NOT NULL DEFAULT '3600', `policy_account_secret_rotation_days` int NOT NULL DEFAULT '90', `policy_account_secret_history` int NOT NULL DEFAULT '4', INDEX `IDX_b2942c2abac6a57dffac221431` (`parent_organization_id`), UNIQUE INDEX `IDX_963693341bd612aa01ddf3a4b6` (`slug`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_963693341bd612aa01ddf3a4b6` ON `organizations`");
    await queryRunner.query("DROP INDEX `IDX_b2942c2abac6a57dffac221431` ON `organizations`");
    await queryRunner.query("DROP TABLE `organizations`");
    await queryRunner.query("DROP INDEX `IDX_d43d9c8d18fcd49de0fa44bbd7` ON `memberships`");
    await queryRunner.query("DROP INDEX `IDX_7c1e2fdfed4f6838e0c05ae505` ON `memberships`");
    await queryRunner.query("DROP TABLE `memberships`");
    await queryRunner.query("DROP INDEX `IDX_46550de018654a2560d1e5fe59` ON `audit_events`");
    await queryRunner.query("DROP INDEX `IDX_37d482fc5b6864daedf115646a` ON `audit_events`");
    await queryRunner.query("DROP TABLE `audit_events`");
    await queryRunner.query("DROP INDEX `IDX_97672ac88f789774dd47f7c8be` ON `users`");
    await queryRunner.query("DROP TABLE `users`");
    await queryRunner.query("DROP INDEX `IDX_aeabcd81e2cb4d39ed48753240` ON `personal_access_tokens`");
    await queryRunner.query("DROP INDEX `IDX_705e457b9b167e4779e737ca3e` ON `personal_access_tokens`");
    await queryRunner.query("DROP TABLE `personal_access_tokens`");
    await queryRunner.query("DROP INDEX `IDX_c747ae4074e79564cd9e531e3c` ON `applications`");
    await queryRunner.query("DROP TABLE `applications`");
    await queryRunner.query("DROP INDEX `IDX_a6bed5a20f205c4ce1ce405680` ON `api_keys`");
    await queryRunner.query("DROP INDEX `IDX_c1226be0b825ac08ac94afc196` ON `api_keys`");
    await queryRunner.query("DROP TABLE `api_keys`");
    await queryRunner.query("DROP INDEX `IDX_c7615e1c5727b33c745ba61cd4` ON `api_key_secrets`");
    await queryRunner.query("DROP INDEX `IDX_2a6e4e076c76b469b1b2c9584b` ON `api_key_secrets`");
    await queryRunner.query("DROP TABLE `api_key_secrets`");
  }
}
