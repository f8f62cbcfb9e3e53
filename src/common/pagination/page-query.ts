import { z } from 'zod';

/** A query-string integer: digits only, so "", "1e3" and "0x10" are refused rather than coerced. */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** The contract's list parameters: `limit` 1..100 (default 20) and an opaque `cursor`. */
export const limitParam = queryInt(1, 100).optional().default(20).meta({ description: '1..100, default 20' });
export const cursorParam = z.string().min(1).max(2_000).optional().meta({ description: 'nextCursor of the previous page' });

/** The query of a list with no filters of its own. */
export const pageQuerySchema = z.strictObject({ limit: limitParam, cursor: cursorParam });
export type PageQuery = z.output<typeof pageQuerySchema>;

/** The contract's page: `{ data, nextCursor }`, `nextCursor` null on the last page. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
