import { pgTable, text } from 'drizzle-orm/pg-core';

/** The seeded catalogue of medical specialties; `code` is a stable slug clients filter by. */
export const specialties = pgTable('specialties', {
  code: text('code').primaryKey(),
  name: text('name').notNull().unique(),
});
