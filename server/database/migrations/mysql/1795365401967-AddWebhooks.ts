import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddWebhooks1795365401967 implements MigrationInterface {
  name = 'AddWebhooks1795365401967';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `webhook_delivery_attempts` (`delivery_id` varchar(32) NOT NULL, `attempt` int NOT NULL, `attempted_at` datetime(3) NOT NULL, `status_code` int NULL, `error` varchar(500) NULL, `duration_ms` int NOT NULL, PRIMARY KEY (`delivery_id`, `attempt`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `webhook_deliveries` (`id` varchar(32) NOT NULL, `organization_id` varchar(32) NOT NULL, `endpoint_id` varchar(32) NULL, `api_key_id` varchar(32) NULL, `event_id` varchar(32) NOT NULL, `event_type` varchar(64) NOT NULL, `url` varchar(2048) NULL, `payload` text NOT NULL, `status` varchar(16) NOT NULL, `attempt_count` int NOT NULL DEFAULT '0', `next_attempt_at` datetime(3) NULL, `last_status_code` int NULL, `last_error` varchar(500) NULL, `delivered_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL, INDEX `IDX_284017efc3cbfe592288749a9c` (`status`, `next_attempt_at`), INDEX `IDX_67f312ce52cda90ad3142f4172` (`api_key_id`, `id`), INDEX `IDX_bf4c2408a9971469612351d92a` (`endpoint_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `webhook_endpoints` (`id` varchar(32) NOT NULL, `organization_id` varchar(32) NOT NULL, `url` varchar(2048) NOT NULL, `description` varchar(500) NULL, `event_types` text NOT NULL, `is_enabled` tinyint NOT NULL DEFAULT 1, `disabled_reason` varchar(255) NULL, `secret_sealed` text NOT NULL, `secret_prefix` varchar(16) NOT NULL, `previous_secret_sealed` text NULL, `previous_secret_expires_at` datetime(3) NULL, `failing_since` datetime(3) NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, INDEX `IDX_aa44af3ed57e7081569a62e0e9` (`organization_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    // Events from before the dispatcher existed were announced the old way (or never): do not replay them.
    // In batches of 10,000 rows through the dispatched_at index, each its own short statement (the
    // DDL above has committed): one UPDATE over millions of rows held locks and start for half a minute.
    for (;;) {
      const result = (await queryRunner.query("UPDATE `audit_events` SET `dispatched_at` = `created_at` WHERE `dispatched_at` IS NULL LIMIT 10000")) as { affectedRows?: number };
      if (!result || !result.affectedRows) break;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_aa44af3ed57e7081569a62e0e9` ON `webhook_endpoints`");
    await queryRunner.query("DROP TABLE `webhook_endpoints`");
    await queryRunner.query("DROP INDEX `IDX_bf4c2408a9971469612351d92a` ON `webhook_deliveries`");
    await queryRunner.query("DROP INDEX `IDX_67f312ce52cda90ad3142f4172` ON `webhook_deliveries`");
    await queryRunner.query("DROP INDEX `IDX_284017efc3cbfe592288749a9c` ON `webhook_deliveries`");
    await queryRunner.query("DROP TABLE `webhook_deliveries`");
    await queryRunner.query("DROP TABLE `webhook_delivery_attempts`");
  }
}
