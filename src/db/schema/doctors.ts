import { pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

export const verificationStatus = pgEnum('verification_status', ['pending', 'verified', 'rejected']);

/**
 * A doctor's profile, created (pending) with the doctor's account. Minimal on purpose:
 * the doctors feature adds its own columns in later migrations.
 */
export const doctors = pgTable('doctors', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id')
    .notNull()
    .unique('doctors_user_id_unique')
    .references(() => users.id, { onDelete: 'cascade' }),
  verificationStatus: verificationStatus('verification_status').notNull().default('pending'),
  timezone: text('timezone').notNull().default('UTC'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
});
