import { Field, ID, ObjectType } from 'type-graphql';
import { Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';
import { ApiKeySecretStatus } from './api-key.enums';

@ObjectType({ description: 'One secret of a key. A key has several during a rotation\'s grace period.' })
@Entity('api_key_secrets')
@Index('IDX_api_key_secrets_key_created', ['apiKeyId', 'createdAt', 'id'])
// The grace-end job picks due rows through this one.
@Index('IDX_api_key_secrets_status_expires', ['storedStatus', 'expiresAt'])
export class ApiKeySecret {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @RefColumn('api_key_id')
  apiKeyId!: string;

  @Field()
  @TextColumn('key_prefix', 16)
  keyPrefix!: string;

  /** HMAC-SHA256 (peppered) of the secret; null once erased (an exchanged temporary key). */
  @TextColumn('secret_hash', 64, { nullable: true, unique: true })
  secretHash!: string | null;

  /** Stored status; the `status` field resolves EXPIRED once `expiresAt` passes. */
  @TextColumn('status', 16)
  storedStatus!: ApiKeySecretStatus;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'End of the grace period after a rotation.' })
  @TimeColumn('expires_at', { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @TimeColumn('last_used_at', { nullable: true })
  lastUsedAt!: Date | null;
}
