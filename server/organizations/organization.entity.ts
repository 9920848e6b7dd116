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

  /** Set once the rotation-due event for the current account secret has been recorded. */
  @TimeColumn('account_secret_due_notified_at', { nullable: true })
  accountSecretDueNotifiedAt!: Date | null;

  /**
   * Recoverable keys (SPEC 3.5) are sealed to this X25519 public key (base64url), so creating or
   * rotating one needs no account secret; the matching private key is kept only as
   * `recoveryPrivateKey`, sealed under a key scrypt-derives from the account secret.
   */
  @TextColumn('recovery_public_key', 64, { nullable: true })
  recoveryPublicKey!: string | null;

  @TextColumn('recovery_private_key', 255, { nullable: true })
  recoveryPrivateKey!: string | null;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field()
  @TimeColumn('updated_at')
  updatedAt!: Date;
}
