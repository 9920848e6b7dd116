import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written as ADD COLUMN rather than TypeORM's table rebuild: branches that change api_keys in
 * parallel then cannot drop each other's columns by rebuilding from an older entity.
 */
export class AddUsageGovernance1796174687157 implements MigrationInterface {
  name = 'AddUsageGovernance1796174687157';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "rate_limits" text');
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "allowed_ips" text');
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "credits" integer');
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "credit_refill_amount" integer');
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "credit_refill_interval" varchar(8)');
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "credit_refill_day" integer');
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "credits_refilled_at" datetime(3)');
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "credit_epoch" integer NOT NULL DEFAULT (0)');
    await queryRunner.query('ALTER TABLE "applications" ADD COLUMN "rate_limits" text');
    await queryRunner.query('ALTER TABLE "applications" ADD COLUMN "allowed_ips" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['allowed_ips', 'rate_limits']) await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "${column}"`);
    for (const column of ['credit_epoch', 'credits_refilled_at', 'credit_refill_day', 'credit_refill_interval', 'credit_refill_amount', 'credits', 'allowed_ips', 'rate_limits']) {
      await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "${column}"`);
    }
  }
}
