import { Max, Min } from 'class-validator';
import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 1, description: 'Page number, from 1.' })
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @Field(() => Int, { defaultValue: 20, description: `Items per page, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  totalItems: number;
  totalPages: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

export function toPage<T>(items: T[], totalItems: number, page: number, limit: number): Page<T> {
  const totalPages = Math.ceil(totalItems / limit);
  return { items, page, limit, totalItems, totalPages, hasPreviousPage: page > 1, hasNextPage: page < totalPages };
}

/** The page shape of SPEC 4.1, for any item type. */
export function PageOf<T extends object>(itemClass: ClassType<T>) {
  @ObjectType()
  abstract class PageClass implements Page<T> {
    @Field(() => [itemClass])
    items!: T[];

    @Field(() => Int)
    page!: number;

    @Field(() => Int)
    limit!: number;

    @Field(() => Int)
    totalItems!: number;

    @Field(() => Int)
    totalPages!: number;

    @Field()
    hasPreviousPage!: boolean;

    @Field()
    hasNextPage!: boolean;
  }
  return PageClass;
}
