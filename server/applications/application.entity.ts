import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns';

@ObjectType({ description: 'A logical grouping of keys, typically one integration (a web store, a staging backend).' })
@Entity('applications')
@Index(['organizationId', 'nameKey'], { unique: true })
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

  @Field()
  @TimeColumn('created_at')
  createdAt!: Date;

  @Field()
  @TimeColumn('updated_at')
  updatedAt!: Date;
}
