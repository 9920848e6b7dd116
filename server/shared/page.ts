import { badInput } from '../errors';

/**
 * The numbered page of SPEC 4.1 with its cursor, as services build it: no GraphQL here, so
 * features depend on shared, not on the GraphQL layer (graphql/pagination.ts adds the types).
 */
export const MAX_PAGE_SIZE = 100;
/** Rows a numbered page may skip: deeper pages are read with `after` (README "Pagination and counts"). */
export const MAX_OFFSET = 10_000;

/** A row count that may stop at a bound (database/keyset's BoundedCount). */
export interface PageTotal {
  readonly count: number;
  readonly exact: boolean;
}

/** Where a page starts: after a cursor, or at an offset no deeper than MAX_OFFSET. */
export interface PageRequest {
  readonly page: number;
  readonly limit: number;
  readonly after: string | null;
}

export function pageRequest(args: { page?: number; limit?: number; after?: string | null }): PageRequest {
  const page = args.page ?? 1;
  const limit = args.limit ?? 20;
  const after = args.after ?? null;
  if (after !== null && page !== 1) throw badInput('page', 'must be 1 (or omitted) with after');
  if ((page - 1) * limit > MAX_OFFSET) throw badInput('page', `reaches past the first ${MAX_OFFSET} items; continue from a page's endCursor with after`);
  return { page, limit, after };
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  totalItems: number;
  totalItemsIsExact: boolean;
  totalPages: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** `rows` holds up to limit + 1 items: the extra one only says that a next page exists. */
export function toPage<T extends { id: string }>(rows: T[], total: PageTotal, request: PageRequest): Page<T> {
  const { page, limit, after } = request;
  const items = rows.slice(0, limit);
  const totalPages = Math.ceil(total.count / limit);
  return {
    items,
    page,
    limit,
    totalItems: total.count,
    totalItemsIsExact: total.exact,
    totalPages,
    hasPreviousPage: after !== null || page > 1,
    hasNextPage: rows.length > limit,
    endCursor: items.at(-1)?.id ?? null,
  };
}
