import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';
import { KeyPolicy } from './key-policy';
import { KybStatus } from './organization.enums';

@ObjectType({ description: 'A merchant account: the tenant that owns applications, keys and members.' })
@Entity('organizations')
export class Organization {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @Field()
  @TextColumn('name', 100)
  name!: string;

  @Field()
  @TextColumn('slug', 63, { unique: true })
  slug!: string;

  @Field(() => KybStatus)
  @TextColumn('kyb_status', 16)
  kybStatus!: KybStatus;

  /** Set for a connected account: members of the parent manage its keys. */
  @Index()
  @RefColumn('parent_organization_id', { nullable: true })
  parentOrganizationId!: string | null;

  @Field(() => KeyPolicy)
  @Column(() => KeyPolicy, { prefix: false })
  keyPolicy!: KeyPolicy;

  /** bcrypt hash of the user-chosen account secret (SPEC 3.5); null until one is set. */
  @TextColumn('account_secret_hash', 100, { nullable: true })
  accountSecretHash!: string | null;

  /** JSON array of the previous account secrets' bcrypt hashes, newest first. */
  @Column({ name: 'account_secret_history', type: 'text', nullable: true })
  accountSecretHistory!: string | null;

  @Field(() => Date, { nullable: true })
  @TimeColumn('account_secret_set_at', { nullable: true })
  accountSecretSetAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the account secret falls due for rotation.' })
  @TimeColumn('account_secret_rotation_due_at', { nullable: true })
  accountSecretRotationDueAt!: Date | null;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field()
  @TimeColumn('updated_at')
  updatedAt!: Date;
}
