import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { belongsTo, bookedSlot, createdAt, instant, uuidPrimaryKey } from './columns.js';
import { tstzrange } from './types.js';
import { doctors } from './doctors.js';
import { appointmentTypes } from './scheduling.js';
import { users } from './users.js';

/** A local time-of-day window of a waitlist entry, `HH:MM` to `HH:MM` in the doctor's zone. */
export interface TimeOfDayWindow {
  start: string;
  end: string;
}

/** A patient waiting for a slot of one type with one doctor between `from_at` and `to_at`. */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: uuidPrimaryKey(),
    patientId: belongsTo('patient_id', () => users.id),
    doctorId: belongsTo('doctor_id', () => doctors.id),
    appointmentTypeId: belongsTo('appointment_type_id', () => appointmentTypes.id),
    fromAt: instant('from_at').notNull(),
    toAt: instant('to_at').notNull(),
    times: jsonb('times').$type<TimeOfDayWindow[]>().notNull().default([]),
    createdAt: createdAt(),
    endedAt: instant('ended_at'),
  },
  (t) => [
    check('waitlist_entries_range_check', sql`${t.fromAt} < ${t.toAt}`),
    index('waitlist_entries_doctor_open_idx').on(t.doctorId, t.createdAt, t.id).where(sql`${t.endedAt} is null`),
    index('waitlist_entries_patient_idx').on(t.patientId, t.createdAt),
  ],
);

/**
 * A claim on one slot until `expires_at`. The exclusion constraints of migration 0025 compare
 * `lifetime` ([created_at, expires_at)), so an expired hold blocks nobody without a sweeper; a
 * trigger on each of this table and `appointments` keeps holds and bookings apart.
 */
export const appointmentHolds = pgTable(
  'appointment_holds',
  {
    id: uuidPrimaryKey(),
    doctorId: belongsTo('doctor_id', () => doctors.id),
    patientId: belongsTo('patient_id', () => users.id),
    appointmentTypeId: belongsTo('appointment_type_id', () => appointmentTypes.id),
    ...bookedSlot(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    lifetime: tstzrange('lifetime').generatedAlwaysAs(sql`tstzrange(created_at, expires_at, '[)')`),
    ended: text('ended').$type<'booked' | 'released' | 'replaced' | 'declined' | 'expired'>(),
    waitlistEntryId: uuid('waitlist_entry_id').references(() => waitlistEntries.id, { onDelete: 'cascade' }),
  },
  (t) => [
    check('appointment_holds_times_check', sql`${t.startAt} < ${t.endAt} and ${t.endAt} <= ${t.busyUntil} and ${t.createdAt} <= ${t.expiresAt}`),
    check('appointment_holds_ended_check', sql`${t.ended} is null or ${t.ended} in ('booked', 'released', 'replaced', 'declined', 'expired')`),
    unique('appointment_holds_entry_slot_unique').on(t.waitlistEntryId, t.startAt),
    index('appointment_holds_patient_idx').on(t.patientId, t.expiresAt),
    index('appointment_holds_offer_expiry_idx').on(t.expiresAt).where(sql`${t.waitlistEntryId} is not null and ${t.ended} is null`),
  ],
);
