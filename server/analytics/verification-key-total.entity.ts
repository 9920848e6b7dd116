import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The buckets ranked: an hour (kept as long as hour rollups) or a day (as long as day rollups). */
export type KeyTotalGranularity = 'h' | 'd';

/**
 * One key's requests in one hour or day, all codes together: what `topApiKeys` ranks. Written by
 * the same flush as the rollups, in the same incrementing upserts. The index on the total gives each
 * bucket's busiest keys in order without reading the others, so the ranking reads a few rows per
 * bucket (see `AnalyticsService.rankKeys`) instead of every key's rollups.
 */
@Entity('verification_key_totals')
@Index('IDX_key_totals_rank', ['organizationId', 'granularity', 'bucketStart', 'total'])
@Index('IDX_key_totals_granularity_bucket', ['granularity', 'bucketStart'])
export class VerificationKeyTotal {
  @PrimaryColumn({ name: 'api_key_id', type: 'varchar', length: 32 })
  apiKeyId!: string;

  @PrimaryColumn({ name: 'granularity', type: 'varchar', length: 1 })
  granularity!: KeyTotalGranularity;

  @PrimaryColumn({ name: 'bucket_start', type: 'datetime', precision: 3 })
  bucketStart!: Date;

  @Column({ name: 'organization_id', type: 'varchar', length: 32 })
  organizationId!: string;

  /** Every request counted for the key in the bucket, whatever its code. */
  @Column({ name: 'total', type: 'bigint' })
  total!: string;

  /** Of which answered VALID. */
  @Column({ name: 'valid', type: 'bigint' })
  valid!: string;
}
