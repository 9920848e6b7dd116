import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written as ADD COLUMN rather than TypeORM's table rebuild: a rebuild copies the columns its
 * branch knew of, so two rebuilds of one table from parallel branches would drop each other's.
 */
export class AddLeakedKeys1796175328889 implements MigrationInterface {
  name = 'AddLeakedKeys1796175328889';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "leaked_at" datetime(3)');
    await queryRunner.query('ALTER TABLE "api_keys" ADD COLUMN "leaked_url" varchar(2048)');
    await queryRunner.query('ALTER TABLE "organizations" ADD COLUMN "policy_leaked_key_action" varchar(10) NOT NULL DEFAULT (\'REVOKE\')');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organizations" DROP COLUMN "policy_leaked_key_action"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP COLUMN "leaked_url"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP COLUMN "leaked_at"');
  }
}
