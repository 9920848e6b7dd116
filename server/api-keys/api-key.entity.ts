import { JSONObjectScalar } from '../shared/json-scalar';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';
import { ApiKeyKind, ApiKeyStatus, Environment } from './api-key.enums';
import { CreditRefill, CreditRefillInterval, RateLimit, RateLimitSpec } from '../usage/usage.types';

@ObjectType({ description: 'An API key. Its secret is returned once, by the mutation that makes it, and never read back.' })
@Entity('api_keys')
// Every list order and filter has an index that ends in (created_at, id), the list's order, so a
// page reads its rows and nothing else (README "Pagination and counts"); names are stable because
// MySQL queries name them in FORCE INDEX. The status indexes end in expires_at: ACTIVE, INACTIVE
// and PENDING_EXCHANGE also test the expiry, which the index then answers itself (a bounded count
// reads index entries only, a page looks up just the rows it returns); the application indexes
// end in organization_id, which a list by application also tests.
@Index('IDX_api_keys_org_created', ['organizationId', 'createdAt', 'id'])
@Index('IDX_api_keys_org_status_created', ['organizationId', 'storedStatus', 'createdAt', 'id', 'expiresAt'])
@Index('IDX_api_keys_org_env_created', ['organizationId', 'environment', 'createdAt', 'id'])
@Index('IDX_api_keys_org_env_status_created', ['organizationId', 'environment', 'storedStatus', 'createdAt', 'id', 'expiresAt'])
@Index('IDX_api_keys_app_created', ['applicationId', 'createdAt', 'id', 'organizationId'])
@Index('IDX_api_keys_app_status_created', ['applicationId', 'storedStatus', 'createdAt', 'id', 'expiresAt', 'organizationId'])
// The expiry job picks due rows through this one.
@Index('IDX_api_keys_status_expires', ['storedStatus', 'expiresAt'])
export class ApiKey {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @Field(() => ID)
  @RefColumn('organization_id')
  organizationId!: string;

  @Field(() => ID)
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

  @Field(() => JSONObjectScalar, { nullable: true })
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

  @Field(() => Date, { nullable: true, description: 'When a secret of this key was first reported leaked (secret scanning).' })
  @TimeColumn('leaked_at', { nullable: true })
  leakedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Where the leaked secret was found, as the reporter gave it.' })
  @TextColumn('leaked_url', 2048, { nullable: true })
  leakedUrl!: string | null;

  /** For a temporary key: the permanent key it was exchanged for. */
  @Field(() => ID, { nullable: true })
  @RefColumn('exchanged_for_key_id', { nullable: true })
  exchangedForKeyId!: string | null;

  /** SPEC 7. Null (no limits) is stored rather than `[]`: MySQL gives TEXT columns no default. */
  @Column({ name: 'rate_limits', type: 'simple-json', nullable: true })
  storedRateLimits!: RateLimitSpec[] | null;

  @Field(() => [RateLimit], { name: 'rateLimits', description: 'Windows that count this key\'s verify and token calls (SPEC 7).' })
  get rateLimits(): RateLimitSpec[] {
    return this.storedRateLimits ?? [];
  }

  @Field(() => [String], { nullable: true, description: 'IPv4/IPv6 addresses and CIDR ranges verify\'s `ip` and token requests must come from; null: any.' })
  @Column({ name: 'allowed_ips', type: 'simple-json', nullable: true })
  allowedIps!: string[] | null;

  /**
   * Credits not yet leased to a verifying instance (null: unlimited). `ApiKey.credits` resolves the
   * balance as of now (a due refill applied); see server/usage/credit-ledger.ts for the leases.
   */
  @Column({ name: 'credits', type: 'integer', nullable: true })
  storedCredits!: number | null;

  @Column({ name: 'credit_refill_amount', type: 'integer', nullable: true })
  creditRefillAmount!: number | null;

  @Column({ name: 'credit_refill_interval', type: 'varchar', length: 8, nullable: true })
  creditRefillInterval!: CreditRefillInterval | null;

  @Column({ name: 'credit_refill_day', type: 'integer', nullable: true })
  creditRefillDay!: number | null;

  @Field(() => CreditRefill, { nullable: true })
  get creditRefill(): CreditRefill | null {
    if (this.creditRefillAmount === null || this.creditRefillAmount === undefined || !this.creditRefillInterval) return null;
    return { amount: this.creditRefillAmount, interval: this.creditRefillInterval, dayOfMonth: this.creditRefillDay ?? null };
  }

  /** When the balance was last set or refilled: a refill is due once a boundary passes after it. */
  @TimeColumn('credits_refilled_at', { nullable: true })
  creditsRefilledAt!: Date | null;

  /**
   * Moves on every SET and refill: a lease taken before it no longer counts (its instance drops it
   * instead of spending or returning it), so a new balance is exactly what is spent from.
   */
  @Column({ name: 'credit_epoch', type: 'integer', default: 0 })
  creditEpoch!: number;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field()
  @TimeColumn('updated_at')
  updatedAt!: Date;
}
