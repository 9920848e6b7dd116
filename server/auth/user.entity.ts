import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { IdColumn, TextColumn, TimeColumn } from '../database/columns';

@ObjectType({ description: 'A person who signs in to Keyward.' })
@Entity('users')
export class User {
  @Field(() => ID)
  @IdColumn()
  id!: string;

  @Field()
  @TextColumn('email', 254, { unique: true })
  email!: string;

  @TextColumn('password_hash', 100)
  passwordHash!: string;

  @Field({ description: 'Platform operators may do everything, in every organization. Shown only to yourself and to platform admins; false on other members.' })
  @Column({ name: 'is_platform_admin', type: 'boolean', default: false })
  isPlatformAdmin!: boolean;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;
}

/**
 * Another user as the viewer may see them: whether they are a platform admin is told only to
 * themselves and to platform admins (an OWNER adding members must not learn it).
 */
export function userSeenBy(viewer: User | null | undefined, user: User): User {
  if (viewer && (viewer.isPlatformAdmin || viewer.id === user.id)) return user;
  return Object.assign(new User(), user, { isPlatformAdmin: false });
}
