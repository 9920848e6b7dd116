import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { RollupGranularity } from './verification-rollup.entity';

/** Whose total a row holds: an application's ('a') or an organization's ('o'). */
export type TotalScope = 'a' | 'o';

/**
 * Verify and token outcomes of a whole application or organization in one bucket, by code: the
 * sum of its keys' `verification_rollups` rows, written by the same flush in the same incrementing
 * upserts. Application and organization statistics read these — a constant number of rows per
 * bucket, however many keys there are — while one key's statistics read the rollups.
 */
@Entity('verification_totals')
@Index('IDX_totals_granularity_bucket', ['granularity', 'bucketStart'])
export class VerificationTotal {
  @PrimaryColumn({ name: 'scope', type: 'varchar', length: 1 })
  scope!: TotalScope;

  @PrimaryColumn({ name: 'scope_id', type: 'varchar', length: 32 })
  scopeId!: string;

  @PrimaryColumn({ name: 'granularity', type: 'varchar', length: 1 })
  granularity!: RollupGranularity;

  @PrimaryColumn({ name: 'bucket_start', type: 'datetime', precision: 3 })
  bucketStart!: Date;

  @PrimaryColumn({ name: 'code', type: 'varchar', length: 24 })
  code!: string;

  /** The organization the scope belongs to (itself for 'o'): an application's read checks it. */
  @Column({ name: 'organization_id', type: 'varchar', length: 32 })
  organizationId!: string;

  @Column({ name: 'count', type: 'bigint' })
  count!: string;
}
