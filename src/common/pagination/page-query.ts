import { z } from 'zod';
import { documentedAs } from '../openapi/schemas.js';

/**
 * A query-string integer: digits only, so "", "1e3" and "0x10" are refused rather than coerced.
 * The OpenAPI document calls it what it is to a client, an integer from min to max.
 */
export const queryInt = (min: number, max: number) =>
  documentedAs(
    z
      .string()
      .regex(/^\d{1,9}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
    { type: 'integer', minimum: min, maximum: max },
  );

/** The contract's list parameters: `limit` 1..100 (default 20) and an opaque `cursor`. */
const MAX_LIMIT = 100;
export const limitParam = queryInt(1, MAX_LIMIT).optional().default(20).meta({ description: `1..${MAX_LIMIT}, default 20` });
/** A cursor the server hands out is one it takes back: `nextCursor` is bounded by the same length. */
export const CURSOR_MAX_LENGTH = 2_000;
export const cursorParam = z.string().min(1).max(CURSOR_MAX_LENGTH).optional().meta({ description: 'nextCursor of the previous page' });

/** The query of a list with no filters of its own. */
export const pageQuerySchema = z.strictObject({ limit: limitParam, cursor: cursorParam });
export type PageQuery = z.output<typeof pageQuerySchema>;

/** The contract's page: `{ data, nextCursor }`, `nextCursor` null on the last page. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * The page of `item`s; in the OpenAPI document, a page of a named item is named after it
 * (`Doctor` → `DoctorPage`). `data` holds at most the largest `limit`.
 */
export const pageSchema = <T extends z.ZodType>(item: T) => {
  const page = z.object({ data: z.array(item).max(MAX_LIMIT), nextCursor: z.string().max(CURSOR_MAX_LENGTH).nullable() });
  const itemId = z.globalRegistry.get(item)?.id;
  return itemId ? page.meta({ id: `${itemId}Page` }) : page;
};
