import { customType } from 'drizzle-orm/pg-core';

/** Case-insensitive text (the citext extension, created by the first migration). */
export const citext = customType<{ data: string }>({
  dataType() {
    return 'citext';
  },
});

/**
 * A PostgreSQL `tstzrange`, read back as its text form. Only generated columns use it: the
 * exclusion constraints and the busy-range look-ups work on these ranges.
 */
export const tstzrange = customType<{ data: string }>({
  dataType() {
    return 'tstzrange';
  },
});
