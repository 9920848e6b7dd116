import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';
import { ApiKeyKind, ApiKeyStatus, Environment } from './api-key.enums';

@ObjectType({ description: 'An API key. Its secret is returned once, by the mutation that makes it, and never read back.' })
@Entity('api_keys')
@Index(['organizationId', 'environment', 'storedStatus'])
export class ApiKey {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @Field(() => ID)
  @RefColumn('organization_id')
  organizationId!: string;

  @Field(() => ID)
  @Index()
  @RefColumn('application_id')
  applicationId!: string;

  @Field()
  @TextColumn('name', 255)
  name!: string;

  @Field()
  @TextColumn('description', 500)
  description!: string;

  @Field(() => Environment)
  @TextColumn('environment', 8)
  environment!: Environment;

  @Field(() => ApiKeyKind)
  @TextColumn('kind', 16)
  kind!: ApiKeyKind;

  /** Stored status; the `status` field resolves the effective one (EXPIRED once `expiresAt` passes). */
  @TextColumn('status', 20)
  storedStatus!: ApiKeyStatus;

  @Field(() => [String])
  @Column({ name: 'scopes', type: 'simple-json' })
  scopes!: string[];

  @Field({ description: 'The first 12 characters of the current secret, e.g. sk_live_Ab3x.' })
  @TextColumn('key_prefix', 16)
  keyPrefix!: string;

  @Field(() => Date, { nullable: true })
  @TimeColumn('expires_at', { nullable: true })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true })
  @TextColumn('webhook_url', 2048, { nullable: true })
  webhookUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'The payout account the key is bound to; immutable once a LIVE key carries it.' })
  @TextColumn('destination', 255, { nullable: true })
  destination!: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Column({ name: 'metadata', type: 'simple-json', nullable: true })
  metadata!: Record<string, unknown> | null;

  @Field({ description: 'Recoverable keys can be read back with the account secret (retrieveApiKey).' })
  @Column({ name: 'recoverable', type: 'boolean', default: false })
  recoverable!: boolean;

  /** Secret sealed under a key derived from the account secret; only for recoverable keys. */
  @Column({ name: 'wrapped_secret', type: 'text', nullable: true })
  wrappedSecret!: string | null;

  @Field(() => ID, { nullable: true })
  @RefColumn('created_by', { nullable: true })
  createdBy!: string | null;

  @Field(() => Date, { nullable: true })
  @TimeColumn('last_used_at', { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @TimeColumn('revoked_at', { nullable: true })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @TextColumn('revoked_reason', 500, { nullable: true })
  revokedReason!: string | null;

  /** For a temporary key: the permanent key it was exchanged for. */
  @Field(() => ID, { nullable: true })
  @RefColumn('exchanged_for_key_id', { nullable: true })
  exchangedForKeyId!: string | null;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field()
  @TimeColumn('updated_at')
  updatedAt!: Date;
}
