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

/** An instant in a query string: ISO 8601 with an explicit offset, as the contract's times are. */
export const instantParam = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 instant with a time zone, e.g. 2027-03-15T14:00:00Z' })
  .transform((value) => new Date(value));

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
