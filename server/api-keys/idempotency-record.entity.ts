import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';

/**
 * One use of an `idempotencyKey` by one user (SPEC 3.1), kept 24 h. The unique index on
 * (user, key) is what makes concurrent duplicates wait for the first and then replay it.
 */
@Entity('idempotency_records')
@Index(['userId', 'idempotencyKey'], { unique: true })
export class IdempotencyRecord {
  @IdColumn()
  id!: string;

  @RefColumn('user_id')
  userId!: string;

  @TextColumn('idempotency_key', 255)
  idempotencyKey!: string;

  /** createApiKey | issueTemporaryApiKey */
  @TextColumn('operation', 32)
  operation!: string;

  /** SHA-256 of the operation and its canonical input: another input under the same key is refused. */
  @TextColumn('request_hash', 64)
  requestHash!: string;

  @RefColumn('api_key_id')
  apiKeyId!: string;

  /** The secret returned by the first call, sealed with KeyRing.encrypt until the record is purged. */
  @Column({ name: 'sealed_secret', type: 'text' })
  sealedSecret!: string;

  @TimeColumn('created_at')
  createdAt!: Date;

  @Index()
  @TimeColumn('expires_at')
  expiresAt!: Date;
}
