import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { encryptedText } from '../../common/crypto/encrypted-column.js';
import { belongsTo, bookedSlot, createdAt, instant, oneRowPer, startAndEnd, timestamps, uuidPrimaryKey } from './columns.js';
import { tstzrange } from './types.js';
import { doctors } from './doctors.js';
import { users } from './users.js';

export interface WeeklyRuleJson {
  day: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
  start: string;
  end: string;
}

export const consultationMode = pgEnum('consultation_mode', ['in_person', 'video']);
export const appointmentStatus = pgEnum('appointment_status', ['confirmed', 'cancelled', 'completed', 'no_show']);
/** Who may book a type: anyone, patients new to the doctor, or returning ones (one completed visit with the doctor). */
export const appointmentAudience = pgEnum('appointment_audience', ['any', 'new', 'returning']);

/** One intake question of an appointment type (its prompt is not health data; the answers are). */
export interface IntakeQuestionJson {
  id: string;
  text: string;
  kind: 'text' | 'yes_no' | 'single_choice' | 'date';
  required: boolean;
  options?: string[];
}

/** A doctor's weekly working hours and booking settings; the time zone lives in doctors.timezone. */
export const availability = pgTable(
  'availability',
  {
    doctorId: oneRowPer('doctor_id', () => doctors.id),
    weekly: jsonb('weekly').$type<WeeklyRuleJson[]>().notNull().default([]),
    slotIntervalMinutes: integer('slot_interval_minutes'),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(60),
    maxAdvanceDays: integer('max_advance_days').notNull().default(90),
    cancellationNoticeHours: integer('cancellation_notice_hours').notNull().default(24),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('availability_slot_interval_check', sql`${t.slotIntervalMinutes} is null or ${t.slotIntervalMinutes} between 5 and 480`),
    check('availability_min_notice_check', sql`${t.minNoticeMinutes} >= 0`),
    check('availability_max_advance_check', sql`${t.maxAdvanceDays} between 1 and 730`),
    check('availability_cancellation_notice_check', sql`${t.cancellationNoticeHours} >= 0`),
  ],
);

/** Instant ranges when a doctor does not work, `[start_at, end_at)`. */
export const timeOff = pgTable(
  'time_off',
  {
    id: uuidPrimaryKey(),
    doctorId: belongsTo('doctor_id', () => doctors.id),
    ...startAndEnd(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [check('time_off_start_before_end', sql`${t.startAt} < ${t.endAt}`), index('time_off_doctor_end_idx').on(t.doctorId, t.endAt)],
);

/** What a patient can book with a doctor: length, the doctor's buffer after it, mode and price. */
export const appointmentTypes = pgTable(
  'appointment_types',
  {
    id: uuidPrimaryKey(),
    doctorId: belongsTo('doctor_id', () => doctors.id),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    bufferMinutes: integer('buffer_minutes').notNull().default(0),
    mode: consultationMode('mode').notNull(),
    priceAmount: integer('price_amount'),
    priceCurrency: text('price_currency'),
    active: boolean('active').notNull().default(true),
    audience: appointmentAudience('audience').notNull().default('any'),
    intakeQuestions: jsonb('intake_questions').$type<IntakeQuestionJson[]>().notNull().default([]),
    /** Minutes before the visit at which reminders go out (migration 0028). */
    reminderOffsetsMinutes: integer('reminder_offsets_minutes').array().notNull().default(sql`'{1440,120}'`),
    ...timestamps(),
  },
  (t) => [
    check('appointment_types_reminder_offsets_check', sql`cardinality(${t.reminderOffsetsMinutes}) <= 5`),
    check('appointment_types_duration_check', sql`${t.durationMinutes} between 5 and 480`),
    check('appointment_types_buffer_check', sql`${t.bufferMinutes} between 0 and 480`),
    check('appointment_types_price_check', sql`(${t.priceAmount} is null) = (${t.priceCurrency} is null) and (${t.priceAmount} is null or ${t.priceAmount} >= 0)`),
    index('appointment_types_doctor_idx').on(t.doctorId),
  ],
);

/**
 * Bookings. `period` is the patient's time `[start, end)`; `doctor_period` adds the type's
 * buffer `[start, busy_until)`. Both are generated from the instants, so they cannot drift;
 * exclusion constraints on them (migration 0006) are the no-double-booking guarantee.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: uuidPrimaryKey(),
    doctorId: belongsTo('doctor_id', () => doctors.id),
    patientId: belongsTo('patient_id', () => users.id),
    appointmentTypeId: uuid('appointment_type_id')
      .notNull()
      .references(() => appointmentTypes.id),
    ...bookedSlot(),
    period: tstzrange('period').generatedAlwaysAs(sql`tstzrange(start_at, end_at, '[)')`),
    mode: consultationMode('mode').notNull(),
    status: appointmentStatus('status').notNull().default('confirmed'),
    /** PHI (with cancellation_reason): encrypted at rest, see common/crypto. */
    reason: encryptedText('reason'),
    cancelledBy: text('cancelled_by'),
    cancellationReason: encryptedText('cancellation_reason'),
    /** PHI: the intake answers as encrypted JSON. */
    intakeAnswers: encryptedText('intake_answers'),
    /** A video visit's meeting link, a bearer secret: encrypted at rest, shown to the two participants only. */
    videoUrl: encryptedText('video_url'),
    /** Occurrences of one follow-up series share it. */
    seriesId: uuid('series_id'),
    /** iCalendar SEQUENCE: rises with each move or cancellation (migration 0028). */
    sequence: integer('sequence').notNull().default(0),
    /** Set when its patient or doctor deleted their account: kept (pseudonymised) for the records until then (RECORD_RETENTION_YEARS, migration 0035). */
    retainUntil: instant('retain_until'),
    ...timestamps(),
  },
  (t) => [
    check('appointments_times_check', sql`${t.startAt} < ${t.endAt} and ${t.endAt} <= ${t.busyUntil}`),
    check('appointments_cancelled_by_check', sql`${t.cancelledBy} is null or ${t.cancelledBy} in ('patient', 'doctor', 'admin')`),
    index('appointments_patient_start_idx').on(t.patientId, t.startAt, t.id),
    index('appointments_doctor_start_idx').on(t.doctorId, t.startAt, t.id),
    index('appointments_start_idx').on(t.startAt, t.id),
    index('appointments_series_idx').on(t.seriesId, t.startAt).where(sql`${t.seriesId} is not null`),
    index('appointments_patient_status_idx').on(t.patientId, t.status, t.startAt).where(sql`${t.status} in ('completed', 'no_show')`),
    index('appointments_retain_until_idx').on(t.retainUntil).where(sql`${t.retainUntil} is not null`),
  ],
);

/** A patient who missed NO_SHOW_LIMIT visits in 180 days may not book online until `endsAt`, unless lifted. */
export const bookingSuspensions = pgTable(
  'booking_suspensions',
  {
    id: uuidPrimaryKey(),
    patientId: belongsTo('patient_id', () => users.id),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    liftedAt: instant('lifted_at'),
    liftedBy: uuid('lifted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [check('booking_suspensions_times_check', sql`${t.startsAt} < ${t.endsAt}`), index('booking_suspensions_patient_idx').on(t.patientId, t.endsAt)],
);

/**
 * Replays for `Idempotency-Key`: the first response to (user, key), with a hash of the
 * request it answered. Rows older than 24 h no longer count and are purged.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: belongsTo('user_id', () => users.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** Null while the first request is still running (its transaction holds the row). */
    responseStatus: integer('response_status'),
    // Encrypted JSON: the stored response repeats the visit reason. Its row id in the
    // authenticated data is `<user_id>/<key>` (idempotencyRowId).
    responseBody: encryptedText('response_body'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pk', columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

/** Notifications to send, written in the transaction of the change they announce. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuidPrimaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, string>>().notNull(),
    availableAt: instant('available_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    sentAt: instant('sent_at'),
    lastError: text('last_error'),
    /** Set when the message is given up after NOTIFY_MAX_ATTEMPTS (a dead letter); an admin retry clears it. */
    deadAt: instant('dead_at'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_dead_idx').on(t.deadAt, t.id).where(sql`${t.deadAt} is not null`), index('outbox_pending_idx').on(t.availableAt).where(sql`${t.sentAt} is null`), index('outbox_sent_idx').on(t.sentAt).where(sql`${t.sentAt} is not null`)],
);
