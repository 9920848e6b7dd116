import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The sizes of bucket kept: a minute (48 h), an hour (90 days), a day (2 years) — SPEC 8. */
export type RollupGranularity = 'm' | 'h' | 'd';

/**
 * Verify and token outcomes of one key in one bucket, by code. Each instance counts in memory and
 * adds its counts here in batches (an upsert that increments), so rows merge across instances.
 */
@Entity('verification_rollups')
@Index('IDX_rollups_granularity_bucket', ['granularity', 'bucketStart'])
export class VerificationRollup {
  @PrimaryColumn({ name: 'api_key_id', type: 'varchar', length: 32 })
  apiKeyId!: string;

  @PrimaryColumn({ name: 'granularity', type: 'varchar', length: 1 })
  granularity!: RollupGranularity;

  @PrimaryColumn({ name: 'bucket_start', type: 'datetime', precision: 3 })
  bucketStart!: Date;

  @PrimaryColumn({ name: 'code', type: 'varchar', length: 24 })
  code!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 32 })
  organizationId!: string;

  @Column({ name: 'application_id', type: 'varchar', length: 32 })
  applicationId!: string;

  @Column({ name: 'count', type: 'bigint' })
  count!: string;
}
