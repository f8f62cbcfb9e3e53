import { eq, gte, lt, type Column, type SQL } from 'drizzle-orm';

/*
 * The conditions of a list's optional filters: a filter the caller left out adds no condition
 * (`and()` skips the undefined ones), so one `where(and(...))` serves every combination.
 */

/** `column = value` when the caller named a value. */
export function equalsWhenGiven(column: Column, value: unknown): SQL | undefined {
  return value === undefined || value === null ? undefined : eq(column, value);
}

/** `from <= column < to`, each bound only when given: a half-open range of instants. */
export function withinWhenGiven(column: Column, range: { from?: Date; to?: Date }): (SQL | undefined)[] {
  return [range.from ? gte(column, range.from) : undefined, range.to ? lt(column, range.to) : undefined];
}
