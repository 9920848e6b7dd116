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

  @Field({ description: 'Platform operators may do everything, in every organization.' })
  @Column({ name: 'is_platform_admin', type: 'boolean', default: false })
  isPlatformAdmin!: boolean;

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;
}
