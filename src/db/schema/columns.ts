import { timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

// Column spellings every table shares, so each is said once. Functions, not values: a column
// builder belongs to the one table it is placed in.

/** Every instant the schema stores: `timestamptz` to the millisecond, read as a Date. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/** `id`, a random UUID. */
export const uuidPrimaryKey = () => uuid('id').primaryKey().defaultRandom();

/** When the row was inserted; the database sets it. */
export const createdAt = () => instant('created_at').notNull().defaultNow();

/** `created_at` and `updated_at`, both set by the database on insert; updates set `updated_at` themselves. */
export const timestamps = () => ({ createdAt: createdAt(), updatedAt: instant('updated_at').notNull().defaultNow() });

/** A required reference to the row this one belongs to: deleting that row deletes this one. */
export const belongsTo = (name: string, target: () => AnyPgColumn) => uuid(name).notNull().references(target, { onDelete: 'cascade' });
