import { Field, ID, ObjectType } from 'type-graphql';
import { Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';
import { MemberRole } from '../auth/member-role';

@ObjectType('Member', { description: 'A user\'s membership of an organization, with their role.' })
@Entity('memberships')
@Index(['organizationId', 'userId'], { unique: true })
export class Membership {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @RefColumn('organization_id')
  organizationId!: string;

  @Index()
  @RefColumn('user_id')
  userId!: string;

  @Field(() => MemberRole)
  @TextColumn('role', 16)
  role!: MemberRole;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;
}
