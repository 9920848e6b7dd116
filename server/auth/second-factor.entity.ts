import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';

export enum SecondFactorKind {
  TOTP = 'TOTP',
  PASSKEY = 'PASSKEY',
}

registerEnumType(SecondFactorKind, { name: 'SecondFactorKind', description: 'TOTP: an authenticator app (RFC 6238). PASSKEY: a WebAuthn credential.' });

/**
 * A second factor of a user (SPEC 10). A row with `confirmedAt` null is an enrolment under way:
 * it never counts as a factor and is replaced by the next enrolment of the same kind.
 */
@ObjectType({ description: 'A second factor of the signed-in user. Its secret is never readable.' })
@Entity('second_factors')
@Index(['userId', 'kind'])
export class SecondFactor {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @RefColumn('user_id')
  userId!: string;

  @Field(() => SecondFactorKind)
  @TextColumn('kind', 16)
  kind!: SecondFactorKind;

  /** TOTP only: the base32 secret, AES-256-GCM under the server's data key, bound to this row's id. */
  @Column({ name: 'secret_sealed', type: 'text', nullable: true })
  secretSealed!: string | null;

  /** TOTP only: the last time step accepted; a code of this step or earlier is refused (replay). */
  @Column({ name: 'last_used_step', type: 'int', nullable: true })
  lastUsedStep!: number | null;

  /** PASSKEY only: the credential id (base64url) the authenticator returns. */
  @TextColumn('credential_id', 255, { nullable: true, unique: true })
  credentialId!: string | null;

  /** PASSKEY only: the COSE public key, base64url. */
  @Column({ name: 'public_key', type: 'text', nullable: true })
  publicKey!: string | null;

  @Column({ name: 'sign_count', type: 'int', default: 0 })
  signCount!: number;

  @TextColumn('transports', 255, { nullable: true })
  transports!: string | null;

  /** PASSKEY enrolment under way: the challenge the registration must answer. */
  @TextColumn('pending_challenge', 128, { nullable: true })
  pendingChallenge!: string | null;

  @TimeColumn('confirmed_at', { nullable: true })
  confirmedAt!: Date | null;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @TimeColumn('last_used_at', { nullable: true })
  lastUsedAt!: Date | null;
}

/** One of a user's 10 single-use recovery codes, stored as an HMAC-SHA256 with the server's pepper. */
@Entity('recovery_codes')
@Index(['userId', 'codeHash'])
export class RecoveryCode {
  @IdColumn()
  id!: string;

  @RefColumn('user_id')
  userId!: string;

  @TextColumn('code_hash', 64)
  codeHash!: string;

  @TimeColumn('used_at', { nullable: true })
  usedAt!: Date | null;

  @TimeColumn('created_at')
  createdAt!: Date;
}
