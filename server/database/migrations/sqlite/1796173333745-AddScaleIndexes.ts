import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddScaleIndexes1796173333745 implements MigrationInterface {
  name = 'AddScaleIndexes1796173333745';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_api_key_secrets_status_expires\" ON \"api_key_secrets\" (\"status\", \"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_api_key_secrets_key_created\" ON \"api_key_secrets\" (\"api_key_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_api_keys_status_expires\" ON \"api_keys\" (\"status\", \"expires_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_api_keys_app_status_created\" ON \"api_keys\" (\"application_id\", \"status\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_api_keys_app_created\" ON \"api_keys\" (\"application_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_api_keys_org_env_status_created\" ON \"api_keys\" (\"organization_id\", \"environment\", \"status\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_api_keys_org_env_created\" ON \"api_keys\" (\"organization_id\", \"environment\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_api_keys_org_status_created\" ON \"api_keys\" (\"organization_id\", \"status\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_api_keys_org_created\" ON \"api_keys\" (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_applications_org_created\" ON \"applications\" (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_events_org_subject_created\" ON \"audit_events\" (\"organization_id\", \"subject_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_events_org_type_created\" ON \"audit_events\" (\"organization_id\", \"type\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_events_org_created\" ON \"audit_events\" (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("DROP INDEX \"IDX_2a6e4e076c76b469b1b2c9584b\"");
    await queryRunner.query("DROP INDEX \"IDX_a6bed5a20f205c4ce1ce405680\"");
    await queryRunner.query("DROP INDEX \"IDX_c1226be0b825ac08ac94afc196\"");
    await queryRunner.query("DROP INDEX \"IDX_46550de018654a2560d1e5fe59\"");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_audit_events_org_created\"");
    await queryRunner.query("DROP INDEX \"IDX_audit_events_org_type_created\"");
    await queryRunner.query("DROP INDEX \"IDX_audit_events_org_subject_created\"");
    await queryRunner.query("DROP INDEX \"IDX_applications_org_created\"");
    await queryRunner.query("DROP INDEX \"IDX_api_keys_org_created\"");
    await queryRunner.query("DROP INDEX \"IDX_api_keys_org_status_created\"");
    await queryRunner.query("DROP INDEX \"IDX_api_keys_org_env_created\"");
    await queryRunner.query("DROP INDEX \"IDX_api_keys_org_env_status_created\"");
    await queryRunner.query("DROP INDEX \"IDX_api_keys_app_created\"");
    await queryRunner.query("DROP INDEX \"IDX_api_keys_app_status_created\"");
    await queryRunner.query("DROP INDEX \"IDX_api_keys_status_expires\"");
    await queryRunner.query("DROP INDEX \"IDX_api_key_secrets_key_created\"");
    await queryRunner.query("DROP INDEX \"IDX_api_key_secrets_status_expires\"");
    await queryRunner.query("CREATE INDEX \"IDX_46550de018654a2560d1e5fe59\" ON \"audit_events\" (\"organization_id\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_c1226be0b825ac08ac94afc196\" ON \"api_keys\" (\"application_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a6bed5a20f205c4ce1ce405680\" ON \"api_keys\" (\"organization_id\", \"environment\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"IDX_2a6e4e076c76b469b1b2c9584b\" ON \"api_key_secrets\" (\"api_key_id\") ");
  }
}
