import { sql } from 'drizzle-orm';
import { index, pgTable, smallint, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { tstzrange } from './types.js';

// Column spellings every table shares, so each is said once. Functions, not values: a column
// builder belongs to the one table it is placed in. Builders that take a column name keep it as
// a literal type (`TName`), as drizzle's own do, so the tables' types are what they were inline.

/** Fractional digits of a stored instant: milliseconds. */
const INSTANT_PRECISION = 3;

/** Every instant the schema stores: `timestamptz` to the millisecond, read as a Date. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, precision: INSTANT_PRECISION, mode: 'date' });

/**
 * The transaction's `now()` at an instant column's precision, for "is it due yet" in a queue.
 * PostgreSQL rounds, not truncates, when it stores `now()` in a millisecond column, so a row
 * made due "now" can sit up to half a millisecond after the raw `now()`, and a claim within
 * that half millisecond would pass it over. Rounding never goes backwards, so a row stored at
 * or before this moment always compares as due.
 */
export const nowAtInstantPrecision = sql.raw(`now()::timestamptz(${INSTANT_PRECISION})`);

/** `id`, a random UUID. */
export const uuidPrimaryKey = () => uuid('id').primaryKey().defaultRandom();

/** When the row was inserted; the database sets it. */
export const createdAt = () => instant('created_at').notNull().defaultNow();

/** `created_at` and `updated_at`, both set by the database on insert; updates set `updated_at` themselves. */
export const timestamps = () => ({ createdAt: createdAt(), updatedAt: instant('updated_at').notNull().defaultNow() });

/** A required reference to the row this one belongs to: deleting that row deletes this one. */
export const belongsTo = (name: string, target: () => AnyPgColumn) => uuid(name).notNull().references(target, { onDelete: 'cascade' });

/**
 * The key of a row that extends its owner one to one (settings, a second factor, a feed token):
 * the owner's id, so there is at most one such row per owner, deleted with it.
 */
export const oneRowPer = <TName extends string>(name: TName, owner: () => AnyPgColumn) => uuid(name).primaryKey().references(owner, { onDelete: 'cascade' });

/** Where a row stands in its owner's own order, 0 first (a doctor orders specialties, qualifications, locations, plans). */
export const listPosition = () => smallint('position').notNull().default(0);

/** A single-use secret, stored only as a digest: issued at `created_at`, spent at `used_at` (null: still good). */
export const singleUse = () => ({ createdAt: createdAt(), usedAt: instant('used_at') });

/**
 * A table of a user's single-use tokens that also lapse (password-reset links, MFA sign-in
 * challenges), kept only as digests: issued at `created_at`, good until `expires_at` unless spent at
 * `used_at`; indexed by user, so every token of an account can be revoked or purged with it.
 */
export const expiringUserTokens = <TName extends string>(name: TName, user: () => AnyPgColumn) =>
  pgTable(
    name,
    {
      tokenHash: text('token_hash').primaryKey(),
      userId: belongsTo('user_id', user),
      createdAt: createdAt(),
      expiresAt: instant('expires_at').notNull(),
      usedAt: instant('used_at'),
    },
    (t) => [index(`${name}_user_id_idx`).on(t.userId)],
  );

/** A required half-open span of time, `[start_at, end_at)`. */
export const startAndEnd = () => ({ startAt: instant('start_at').notNull(), endAt: instant('end_at').notNull() });

/**
 * The time a booking or a hold takes: the patient's `[start_at, end_at)`, then the type's buffer up
 * to `busy_until`. `doctor_period`, `[start_at, busy_until)`, is generated from the instants, so the
 * exclusion constraints on it cannot drift from them.
 */
export const bookedSlot = () => ({
  ...startAndEnd(),
  busyUntil: instant('busy_until').notNull(),
  doctorPeriod: tstzrange('doctor_period').generatedAlwaysAs(sql`tstzrange(start_at, busy_until, '[)')`),
});
