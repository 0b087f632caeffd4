import { and, type Column, eq, gt, lt, or, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { decodeCursor, type PagePosition } from './keyset.core';

export { decodeCursor, encodeCursor, keysetPage, type PagePosition } from './keyset.core';

/**
 * The condition of a keyset page: the rows past `position` in the list's order, `key` then `id`
 * (both descending, or both ascending), the id breaking ties of the key. The query orders by
 * the same two, asks for `limit + 1` rows, and hands them to `keysetPage`.
 */
export function pastPosition(order: 'asc' | 'desc', key: Column | SQLWrapper, id: Column, position: { key: unknown; id: string }): SQL {
  const past = order === 'desc' ? lt : gt;
  return or(past(key, position.key), and(eq(key, position.key), past(id, position.id)))!;
}

/** The rows older than `position` (a page of a list newest first, by `at` then `id`). */
export function olderThan(at: Column, id: Column, position: PagePosition): SQL {
  return pastPosition('desc', at, id, { key: position.lastEventAt, id: position.id });
}

/**
 * A zod transform reading a query's cursor: what `decode` makes of it, or the query's issue (a
 * 400 naming the parameter) when the API did not make it.
 */
export function cursorParam<T>(decode: (cursor: string) => T | null, message = 'not a cursor this API returned') {
  return (cursor: string, ctx: z.RefinementCtx): T => decode(cursor) ?? (ctx.addIssue({ code: 'custom', message }), z.NEVER);
}

/** A `before` query parameter: the `nextBefore` of the previous page, decoded. */
export const BeforeCursor = z.string().transform(cursorParam(decodeCursor));
