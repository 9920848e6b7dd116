import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { RateLimit, RateLimitSpec } from '../usage/usage.types';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';

@ObjectType({ description: 'A logical grouping of keys, typically one integration (a web store, a staging backend).' })
@Entity('applications')
@Index(['organizationId', 'nameKey'], { unique: true })
@Index('IDX_applications_org_created', ['organizationId', 'createdAt', 'id'])
export class Application {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @Field(() => ID)
  @RefColumn('organization_id')
  organizationId!: string;

  @Field()
  @TextColumn('name', 100)
  name!: string;

  /** Lower-cased name: uniqueness is case-insensitive on both dialects. */
  @TextColumn('name_key', 100)
  nameKey!: string;

  @Field(() => String, { nullable: true })
  @TextColumn('description', 500, { nullable: true })
  description!: string | null;

  @Field()
  @Column({ name: 'is_enabled', type: 'boolean', default: true })
  isEnabled!: boolean;

  /** SPEC 7: shared by all the application's keys. */
  @Column({ name: 'rate_limits', type: 'simple-json', nullable: true })
  storedRateLimits!: RateLimitSpec[] | null;

  @Field(() => [RateLimit], { name: 'rateLimits', description: 'Windows that count the calls of all this application\'s keys together (SPEC 7).' })
  get rateLimits(): RateLimitSpec[] {
    return this.storedRateLimits ?? [];
  }

  @Field(() => [String], { nullable: true, description: 'IPv4/IPv6 addresses and CIDR ranges every key of the application must be used from; null: any.' })
  @Column({ name: 'allowed_ips', type: 'simple-json', nullable: true })
  allowedIps!: string[] | null;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field()
  @TimeColumn('updated_at')
  updatedAt!: Date;
}
