import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import { COUNT_LIMIT } from '../database/keyset';
import { MAX_OFFSET, MAX_PAGE_SIZE, Page } from '../shared/page';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 1, description: `Page number, from 1. Pages reach the first ${MAX_OFFSET.toLocaleString('en-US')} items; continue with \`after\` beyond them.` })
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @Field(() => Int, { defaultValue: 20, description: `Items per page, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page: the page after it (then `page` must be 1). Any depth costs the same.' })
  @IsOptional()
  @MaxLength(32)
  after?: string | null;
}

/** The page shape of SPEC 4.1, for any item type, with a cursor for pages past the numbered ones. */
export function PageOf<T extends object>(itemClass: ClassType<T>) {
  @ObjectType()
  abstract class PageClass implements Page<T & { id: string }> {
    @Field(() => [itemClass])
    items!: Array<T & { id: string }>;

    @Field(() => Int)
    page!: number;

    @Field(() => Int)
    limit!: number;

    @Field(() => Int, { description: `Items in all pages, counted exactly up to ${COUNT_LIMIT.toLocaleString('en-US')}; past that, this many and totalItemsIsExact false.` })
    totalItems!: number;

    @Field({ description: 'False when totalItems is the counting bound, not the total.' })
    totalItemsIsExact!: boolean;

    @Field(() => Int)
    totalPages!: number;

    @Field()
    hasPreviousPage!: boolean;

    @Field()
    hasNextPage!: boolean;

    @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
    endCursor!: string | null;
  }
  return PageClass;
}
