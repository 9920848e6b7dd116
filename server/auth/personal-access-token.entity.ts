import { Field, ID, ObjectType } from 'type-graphql';
import { MemberRole } from './member-role';
import { Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';

@ObjectType({ description: 'A long-lived token for scripts (`pat_…`). Its value is shown once, at creation.' })
@Entity('personal_access_tokens')
export class PersonalAccessToken {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @Index()
  @RefColumn('user_id')
  userId!: string;

  @Field()
  @TextColumn('name', 100)
  name!: string;

  @Field(() => ID, { nullable: true, description: 'When set, the token acts only in this organization (elsewhere NOT_FOUND).' })
  @RefColumn('organization_id', { nullable: true })
  organizationId!: string | null;

  @Field(() => MemberRole, { nullable: true, description: "When set, the token acts with the lesser of this role and its owner's role." })
  @TextColumn('max_role', 16, { nullable: true })
  maxRole!: MemberRole | null;

  @Field({ description: 'The first characters of the token, to recognise it.' })
  @TextColumn('token_prefix', 16)
  tokenPrefix!: string;

  @TextColumn('token_hash', 64, { unique: true })
  tokenHash!: string;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @TimeColumn('expires_at', { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @TimeColumn('last_used_at', { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @TimeColumn('revoked_at', { nullable: true })
  revokedAt!: Date | null;
}
